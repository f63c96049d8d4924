#pragma once

#include <glib.h>

#include "vt-config.h"
#include "vt-store.h"
#include "vt-submission.h"

G_BEGIN_DECLS

/* The kiosk's health report (docs/FLEET.md): a submission of Ventanilla's
 * own form ventanilla_kiosk_status (data/kiosk-forms/, built into the
 * kiosk; `ventanilla-ctl status-form` prints it for IT to publish once),
 * made every [kiosk] status-hours by the sync worker and when a clerk
 * asks, and sent through the outbox like any application.  It holds the
 * kiosk's id and name, its version, uptime, applications by state (the
 * citizens' only: reports and feedback are left out), the oldest waiting,
 * the last answer and problem, disk, forms, printer and loudspeaker,
 * sessions started / finished / abandoned since the previous report, the
 * drop-off counts and the receipt public key: counts and the kiosk's own
 * state, nothing a citizen typed.  `ventanilla-ctl status --json` prints
 * the same fields. */

#define VT_KIOSK_STATUS_FORM_ID        "ventanilla_kiosk_status"
/* "<usec of the last report> <applications made until then> <sessions
 * abandoned until then>": when the next one is due, and where "since the
 * last report" starts. */
#define VT_STORE_META_STATUS_REPORT    "status_report"

/* The forms whose submissions are the kiosk's own, not citizens'
 * applications: its health reports and the "How easy was this?"
 * question (vt-feedback.h).  NULL-terminated; what
 * vt_store_get_application_counts() leaves out everywhere a count of
 * applications is shown. */
const char * const *vt_kiosk_own_forms       (void);

/* One answer of the form: /data/<name>; value "" when there is none. */
typedef struct
{
  char *name;
  char *value;
} VtKioskStatusField;

typedef struct _VtKioskStatus VtKioskStatus;

/* The form's XML, as the kiosk carries it. */
GBytes          *vt_kiosk_status_get_form_xml  (void);

/* The report as of now (usec), from the store, the configuration (its
 * data directory, name, printer and loudspeaker) and this process's
 * printer record. */
VtKioskStatus   *vt_kiosk_status_collect       (VtStore          *store,
                                                const VtConfig   *config,
                                                gint64            now,
                                                GError          **error);
void             vt_kiosk_status_free          (VtKioskStatus    *self);
/* VtKioskStatusField *, in the form's order. */
GPtrArray       *vt_kiosk_status_get_fields    (VtKioskStatus    *self);
const char      *vt_kiosk_status_get           (VtKioskStatus    *self,
                                                const char       *name);
/* One JSON object: numbers as numbers, times as ISO 8601, none as null. */
char            *vt_kiosk_status_to_json       (VtKioskStatus    *self);
/* Fills the form and queues it (due at once; "Kiosk status report" in the
 * queue), then counts "since the last report" from here. */
gboolean         vt_kiosk_status_enqueue       (VtStore          *store,
                                                VtKioskStatus    *self,
                                                GError          **error);
/* When the next report is due (usec): hours after the last one; a kiosk
 * that never made one starts counting now (the first a period later). */
gint64           vt_kiosk_status_next_due      (VtStore          *store,
                                                double            hours,
                                                gint64            now);

/* The receipt printer's last answer in this process (the receipt page
 * says it after each print): the report's printer state. */
void             vt_kiosk_status_note_printer  (gboolean          printed,
                                                gint64            when);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtKioskStatus, vt_kiosk_status_free)

G_END_DECLS
