#pragma once

#include "vt-clerk-dashboard.h"

G_BEGIN_DECLS

/* For tests: the widgets an action goes through. */
struct _VtClerkDashboard
{
  GtkWidget   parent_instance;

  /* template */
  GtkWidget  *scroller;
  GtkWidget  *clerk_label;
  GtkWidget  *message_label;
  GtkWidget  *counts_label;
  GtkWidget  *oldest_label;
  GtkWidget  *network_label;
  GtkWidget  *server_label;
  GtkWidget  *last_error_label;
  GtkWidget  *sync_button;
  GtkWidget  *export_button;
  GtkWidget  *assisted_button;
  GtkWidget  *leave_button;
  GtkWidget  *end_button;
  GtkWidget  *reprint_entry;
  GtkWidget  *reprint_button;
  GtkWidget  *discard_revealer;
  GtkWidget  *discard_title;
  GtkWidget  *reason_entry;
  GtkWidget  *discard_continue_button;
  GtkWidget  *discard_confirm_box;
  GtkWidget  *discard_confirm_label;
  GtkWidget  *discard_confirm_button;
  GtkWidget  *discard_cancel_button;
  GtkWidget  *submissions_list;
  GtkWidget  *drafts_list;

  VtConfig   *config;                 /* borrowed: the application's */
  VtStore    *store;                  /* borrowed */
  char       *clerk_name;
  char       *export_dir;
  char       *discard_instance_id;    /* the row the discard form is about */
  gboolean    online;
  gint64      last_answer;
  char       *sync_error;
  GCancellable *export_cancellable;
  gboolean    exporting;
  char       *row_error;              /* the newest last_error among the rows */
  guint       status_timer_id;
};

/* The buttons of the row showing instance_id ("retry", "discard"), or NULL. */
GtkWidget  *vt_clerk_dashboard_get_row_button  (VtClerkDashboard *self,
                                                const char       *instance_id,
                                                const char       *action);
/* The number of rows in the submissions and drafts lists. */
guint       vt_clerk_dashboard_count_rows      (VtClerkDashboard *self,
                                                gboolean          drafts);

G_END_DECLS
