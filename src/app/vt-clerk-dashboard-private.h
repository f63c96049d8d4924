#pragma once

#include "vt-clerk-dashboard.h"

G_BEGIN_DECLS

/* For tests: what they wait for, and the rows they act on (a row's
 * buttons carry no text of their own to find them by).  Everything else a
 * test reaches as a clerk does: the buttons and labels on screen. */

/* The button of the row with key (an instanceID, or a draft's reference
 * for "resume") for action ("retry", "discard", "resume"), or NULL. */
GtkWidget  *vt_clerk_dashboard_get_row_button  (VtClerkDashboard *self,
                                                const char       *key,
                                                const char       *action);
/* The rows: VtQueueItem * of the submissions list, or VtDraftItem *. */
GListModel *vt_clerk_dashboard_get_rows        (VtClerkDashboard *self,
                                                gboolean          drafts);
/* The entity lists as last shown (VtEntityListInfo *), or NULL. */
GPtrArray  *vt_clerk_dashboard_get_entity_lists (VtClerkDashboard *self);
/* How many calls to the store are under way; tests wait for 0. */
guint       vt_clerk_dashboard_get_pending     (VtClerkDashboard *self);
gboolean    vt_clerk_dashboard_get_exporting   (VtClerkDashboard *self);

G_END_DECLS
