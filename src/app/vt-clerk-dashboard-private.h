#pragma once

#include "vt-clerk-dashboard.h"

G_BEGIN_DECLS

/* For tests: the widgets an action goes through. */
struct _VtClerkDashboard
{
  GtkWidget      parent_instance;

  /* template */
  GtkWidget     *scroller;
  GtkWidget     *clerk_label;
  GtkWidget     *message_label;
  GtkWidget     *counts_label;
  GtkWidget     *oldest_label;
  GtkWidget     *network_label;
  GtkWidget     *server_label;
  GtkWidget     *last_error_label;
  GtkWidget     *sync_button;
  GtkWidget     *export_button;
  GtkWidget     *assisted_button;
  GtkWidget     *leave_button;
  GtkWidget     *end_button;
  GtkWidget     *reprint_entry;
  GtkWidget     *reprint_button;
  GtkWidget     *discard_revealer;
  GtkWidget     *discard_title;
  GtkWidget     *reason_entry;
  GtkWidget     *discard_continue_button;
  GtkWidget     *discard_confirm_box;
  GtkWidget     *discard_confirm_label;
  GtkWidget     *discard_confirm_button;
  GtkWidget     *discard_cancel_button;
  GtkWidget     *submissions_list;
  GtkWidget     *drafts_list;

  VtConfig      *config;
  VtStoreOwner  *owner;
  GCancellable  *cancellable;           /* cancelled at dispose */
  GListStore    *submissions;           /* VtQueueItem * */
  GListStore    *drafts;                /* VtDraftItem * */
  guint          pending;               /* calls to the store not back yet */
  VtStoreCounts  counts;
  gboolean       have_counts;
  char          *clerk_name;
  char          *export_dir;
  char          *discard_instance_id;   /* the row the discard form is about */
  char          *discard_reference;
  gboolean       online;
  gint64         last_answer;
  char          *sync_error;
  gboolean       exporting;
  char          *row_error;             /* the newest last_error among the rows */
  guint          status_timer_id;
};

/* The button of the row with key (an instanceID, or a draft's reference
 * for "resume") for action ("retry", "discard", "resume"), or NULL. */
GtkWidget  *vt_clerk_dashboard_get_row_button  (VtClerkDashboard *self,
                                                const char       *key,
                                                const char       *action);
/* The rows: VtQueueItem * of the submissions list, or VtDraftItem *. */
GListModel *vt_clerk_dashboard_get_rows        (VtClerkDashboard *self,
                                                gboolean          drafts);
/* How many calls to the store are under way; tests wait for 0. */
guint       vt_clerk_dashboard_get_pending     (VtClerkDashboard *self);
gboolean    vt_clerk_dashboard_get_exporting   (VtClerkDashboard *self);

G_END_DECLS
