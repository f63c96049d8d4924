#pragma once

#include <gtk/gtk.h>

#include "vt-config.h"
#include "vt-status-check.h"
#include "vt-store-owner.h"

G_BEGIN_DECLS

#define VT_TYPE_STATUS_CHECK_PAGE (vt_status_check_page_get_type ())

G_DECLARE_FINAL_TYPE (VtStatusCheckPage, vt_status_check_page, VT, STATUS_CHECK_PAGE, GtkBox)

/* "Check an application", reached from Welcome: the citizen types the
 * reference code (the on-screen keyboard types there too) or shows the
 * receipt's QR code to a USB scanner, which types its text and Return
 * wherever the page's focus is; the page asks the store owner's worker
 * (vt_status_check_run() with this kiosk's key, [receipts] trusted-kiosks
 * and the municipality's list [receipts] status-list) and says in the
 * citizen's language what is known of the application, or what to do
 * when the code is not one or not known here.
 *
 * Nothing typed outlives the page: the field is emptied (GTK wipes its
 * buffer) and the answer forgotten when the page goes, whether the
 * citizen leaves (Back, "back") or the idle wipe resets the kiosk.
 *
 * "checked" is emitted each time an answer is shown (for tests). */
GtkWidget  *vt_status_check_page_new          (const VtConfig *config,
                                               VtStoreOwner   *owner);
/* The field the code goes in. */
GtkWidget  *vt_status_check_page_get_entry    (VtStatusCheckPage *self);
/* The last answer shown, or VT_STATUS_CHECK_INVALID before any (with
 * shown FALSE); its words as the page shows them (heading, details). */
gboolean    vt_status_check_page_get_result   (VtStatusCheckPage  *self,
                                               VtStatusCheckResult *result);
char       *vt_status_check_page_dup_text     (VtStatusCheckPage *self);

G_END_DECLS
