#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The municipality's decisions on applications, as an ODK entity list the
 * kiosk receives like any form attachment (a CSV file, docs/RECEIPTS.md):
 * one row an application, with no personal data.  Columns, found by
 * their header:
 *
 *   name        the entity's id (Central's), which may be the
 *               application's instanceID without "uuid:"
 *   instance_id the application's instanceID, with or without "uuid:"
 *   reference   its reference code, for a reference typed at a kiosk
 *               that does not hold the application
 *   state       received, in_review, more_information_needed,
 *               approved, ready_to_collect, refused (anything else
 *               is shown as written)
 *   message     a short message for the citizen; message::es,
 *               message::Español (es) … in each language
 *
 * Other columns (label, __version, …) are ignored. */

#define VT_STATUS_LIST_ERROR (vt_status_list_error_quark ())

typedef enum
{
  VT_STATUS_LIST_ERROR_INVALID,    /* not a CSV list of decisions: the message says why */
} VtStatusListError;

/* The longest list read (bytes): 400,000 applications of ~100 bytes. */
#define VT_STATUS_LIST_MAX_BYTES (40 * 1024 * 1024)

typedef struct _VtStatusList VtStatusList;

typedef struct
{
  const char *state;               /* as the list writes it: "approved" */
  const char *message;             /* in the language asked for, else the default one, or NULL */
} VtStatusDecision;

GQuark         vt_status_list_error_quark     (void);

VtStatusList  *vt_status_list_parse           (GBytes         *csv,
                                               GError        **error);
void           vt_status_list_free            (VtStatusList   *self);
guint          vt_status_list_get_size        (VtStatusList   *self);

/* The decision on an application, by its instanceID (with or without
 * "uuid:"), else by its reference code (when the list has exactly one
 * row with it); FALSE when the list says nothing of it.  language: a
 * code ("es", "pt_BR") for the message, or NULL. */
gboolean       vt_status_list_lookup          (VtStatusList     *self,
                                               const char       *instance_id,
                                               const char       *reference_code,
                                               const char       *language,
                                               VtStatusDecision *decision);

/* The state in words for a citizen, in the current gettext language;
 * NULL for a state the list invented (then show it as written). */
const char    *vt_status_list_describe_state  (const char       *state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtStatusList, vt_status_list_free)

G_END_DECLS
