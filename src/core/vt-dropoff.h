#pragma once

#include <glib.h>

#include "vt-store.h"

G_BEGIN_DECLS

/* Where forms lose people: when a session ends without a submission (the
 * idle wipe, or the citizen's "start again"), the kiosk counts one more
 * abandoned session for the form version and the page it ended on, and
 * keeps nothing else of it: no answer, no time of its own.  The counts
 * are totals since the database was made (vt_store_list_dropoffs(),
 * `ventanilla-ctl dropoffs`); the health report is meant to carry them. */

#define VT_DROPOFF_IDLE        "idle"         /* the idle guard wiped the session */
#define VT_DROPOFF_START_AGAIN "start-again"  /* the citizen chose to start again */

/* Pages that are not a form's questions. */
#define VT_DROPOFF_PAGE_REVIEW  "review"      /* check your answers */
#define VT_DROPOFF_PAGE_CONSENT "consent"

/* A page's place in its form, the same for every repeat instance:
 * "/data/member[2]/age" → "/data/member/age",
 * "group:/data/household[1]" → "group:/data/household". */
char      *vt_dropoff_page_key  (const char   *page_id);

/* Counts one session abandoned on page_id (a VtPage id, or one of the
 * VT_DROPOFF_PAGE_* names) for reason. */
gboolean   vt_dropoff_record    (VtStore      *store,
                                 const char   *form_id,
                                 const char   *form_version,
                                 const char   *page_id,
                                 const char   *reason,
                                 GError      **error);

G_END_DECLS
