#pragma once

#include <glib.h>

#include "vt-store.h"

G_BEGIN_DECLS

/* The kiosk's stable id, "ventanilla:" and 16 lowercase hex digits (64
 * random bits), made at its first start and kept in its store's meta
 * table (VT_STORE_META_KIOSK_ID): a database copied to a new disk keeps
 * its id, a new database gets a new one.  Receipts name the kiosk that
 * issued them by it (docs/RECEIPTS.md); the health report, the
 * submissions' deviceID and the clerk dashboard are meant to show it
 * too. */

#define VT_KIOSK_IDENTITY_PREFIX "ventanilla:"

/* The id of the kiosk whose store this is, made now if it has none (two
 * processes asking at once get the same one). */
char      *vt_kiosk_identity_get       (VtStore     *store,
                                        GError     **error);
/* The signed QR text of the receipt of instance_id (docs/RECEIPTS.md),
 * signed with the key beside the database in data_dir (made if the kiosk
 * has none yet) as this store's kiosk: every field comes from the store,
 * so a reprint is the same text.  A refused key file (its permissions)
 * gives its error, which says how to fix it. */
char      *vt_kiosk_identity_sign_receipt (VtStore     *store,
                                           const char  *data_dir,
                                           const char  *instance_id,
                                           GError     **error);
/* Whether text has the shape of an id this module makes. */
gboolean   vt_kiosk_identity_is_valid  (const char  *text);

G_END_DECLS
