#pragma once

#include <gtk/gtk.h>

#include "vt-config.h"
#include "vt-store-owner.h"

G_BEGIN_DECLS

#define VT_TYPE_CLERK_DASHBOARD (vt_clerk_dashboard_get_type ())

G_DECLARE_FINAL_TYPE (VtClerkDashboard, vt_clerk_dashboard, VT, CLERK_DASHBOARD, GtkWidget)

/* What a clerk sees: the queue's figures and rows, drafts, and the actions
 * on them.  Actions on the store happen here, through the store owner
 * (retry, discard, reprint look-up, export); those that belong to the
 * window or the sync worker are signals: "sync-now", "reprint" (a const
 * VtReceipt *, for the emission), "resume-draft" (reference),
 * "start-assisted", "leave-kiosk", "end-clerk-mode". */

GtkWidget   *vt_clerk_dashboard_new              (VtConfig          *config,
                                                  VtStoreOwner      *owner);
void         vt_clerk_dashboard_set_clerk        (VtClerkDashboard  *self,
                                                  const char        *clerk_name);
/* Reads the store again (the rows, the drafts, the figures). */
void         vt_clerk_dashboard_refresh          (VtClerkDashboard  *self);
/* What the sync worker knows; last_answer 0 and last_error NULL when none. */
void         vt_clerk_dashboard_set_sync_status  (VtClerkDashboard  *self,
                                                  gboolean           online,
                                                  gint64             last_answer,
                                                  const char        *last_error);
/* Shows the outcome of an action the window carried out for the dashboard. */
void         vt_clerk_dashboard_show_message     (VtClerkDashboard  *self,
                                                  const char        *text,
                                                  gboolean           is_error);
/* The last action's outcome as shown, for tests and screen readers. */
const char  *vt_clerk_dashboard_get_message      (VtClerkDashboard  *self);
/* Tests (and kiosks with a fixed drive): export here instead of looking for
 * a mounted removable drive. */
void         vt_clerk_dashboard_set_export_dir   (VtClerkDashboard  *self,
                                                  const char        *dir);

G_END_DECLS
