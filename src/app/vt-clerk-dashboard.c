#define G_LOG_DOMAIN "vt-clerk-dashboard"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-bundle.h"
#include "vt-clerk-dashboard-private.h"
#include "vt-draft.h"
#include "vt-openrosa.h"

G_DEFINE_FINAL_TYPE (VtClerkDashboard, vt_clerk_dashboard, GTK_TYPE_WIDGET)

/* Rows beyond this are summarised by the counts: a dashboard is for acting
 * on what needs a clerk, not for browsing history. */
#define MAX_ROWS 500
#define MIN_REASON_CHARS 5
/* The figures follow the sync worker while the dashboard is on screen; the
 * rows are rebuilt only on request, so a clerk's place in them holds. */
#define STATUS_REFRESH_SECONDS 5

enum
{
  SYNC_NOW,
  REPRINT,
  RESUME_DRAFT,
  START_ASSISTED,
  LEAVE_KIOSK,
  END_CLERK_MODE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
clerk_actor (VtClerkDashboard *self)
{
  return self->clerk_name != NULL && self->clerk_name[0] != '\0'
         ? g_strdup_printf ("%s:%s", VT_STORE_ACTOR_CLERK, self->clerk_name)
         : g_strdup (VT_STORE_ACTOR_CLERK);
}

static void
show_message (VtClerkDashboard *self,
              const char       *text,
              gboolean          is_error)
{
  gtk_label_set_text (GTK_LABEL (self->message_label), text);
  gtk_widget_set_visible (self->message_label, text != NULL && text[0] != '\0');
  if (is_error)
    gtk_widget_add_css_class (self->message_label, "error");
  else
    gtk_widget_remove_css_class (self->message_label, "error");
}

void
vt_clerk_dashboard_show_message (VtClerkDashboard *self,
                                 const char       *text,
                                 gboolean          is_error)
{
  g_return_if_fail (VT_IS_CLERK_DASHBOARD (self));
  show_message (self, text, is_error);
}

const char *
vt_clerk_dashboard_get_message (VtClerkDashboard *self)
{
  g_return_val_if_fail (VT_IS_CLERK_DASHBOARD (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->message_label));
}

static char *
format_time (gint64 usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("?");
}

static char *
format_age (gint64 usec)
{
  gint64 minutes = MAX (usec, 0) / (60 * G_USEC_PER_SEC);

  if (minutes < 60)
    /* Translators: an age in minutes, like "5 min". */
    return g_strdup_printf (_("%d min"), (int) minutes);
  if (minutes < 48 * 60)
    /* Translators: an age in hours and minutes, like "3 h 20 min". */
    return g_strdup_printf (_("%d h %d min"), (int) (minutes / 60), (int) (minutes % 60));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", (int) (minutes / (24 * 60))),
                          (int) (minutes / (24 * 60)));
}

static const char *
state_label (VtStoreState state)
{
  switch (state)
    {
    /* Translators: states of an application in the clerk's list. */
    case VT_STORE_STATE_QUEUED:    return _("Waiting");
    case VT_STORE_STATE_SENDING:   return _("Sending");
    case VT_STORE_STATE_SENT:      return _("Sent");
    case VT_STORE_STATE_REJECTED:  return _("Refused by the server");
    case VT_STORE_STATE_DISCARDED: return _("Discarded");
    default:                       return "?";
    }
}

static void
clear_list (GtkWidget *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (list), child);
}

static GtkWidget *
cell (const char *text,
      int         width_chars,
      gboolean    expand)
{
  GtkWidget *label = gtk_label_new (text != NULL ? text : "");

  /* Every cell may wrap, so a long service title or a large text size
   * makes a row taller, never wider than the screen. */
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (label), width_chars);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_set_hexpand (label, expand);
  return label;
}

static void retry_clicked_cb (GtkButton *button, VtClerkDashboard *self);
static void discard_clicked_cb (GtkButton *button, VtClerkDashboard *self);
static void resume_clicked_cb (GtkButton *button, VtClerkDashboard *self);

static GtkWidget *
row_button (const char *label,
            const char *action,
            const char *key,
            GCallback   callback,
            gpointer    self)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  g_object_set_data_full (G_OBJECT (button), "key", g_strdup (key), g_free);
  g_object_set_data (G_OBJECT (button), "action", (gpointer) action);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static void
add_submission_row (VtClerkDashboard      *self,
                    VtStoreSubmissionInfo *info)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *created = format_time (info->created_at);
  g_autofree char *attempts = g_strdup_printf ("%d", info->attempts);

  gtk_box_append (GTK_BOX (box), cell (info->reference_code, 10, FALSE));
  gtk_box_append (GTK_BOX (box), cell (info->service_title != NULL ? info->service_title : info->form_id, 18, FALSE));
  gtk_box_append (GTK_BOX (box), cell (created, 16, FALSE));
  gtk_box_append (GTK_BOX (box), cell (state_label (info->state), 12, FALSE));
  gtk_box_append (GTK_BOX (box), cell (attempts, 3, FALSE));
  gtk_box_append (GTK_BOX (box), cell (info->last_error, 20, TRUE));

  if (info->state == VT_STORE_STATE_REJECTED)
    /* Translators: send a refused application again, after fixing the cause. */
    gtk_box_append (GTK_BOX (box), row_button (_("Retry"), "retry", info->instance_id,
                                               G_CALLBACK (retry_clicked_cb), self));
  if (info->state == VT_STORE_STATE_REJECTED || info->state == VT_STORE_STATE_QUEUED)
    gtk_box_append (GTK_BOX (box), row_button (_("Discard…"), "discard", info->instance_id,
                                               G_CALLBACK (discard_clicked_cb), self));

  g_object_set_data_full (G_OBJECT (box), "instance-id", g_strdup (info->instance_id), g_free);
  g_object_set_data_full (G_OBJECT (box), "reference", g_strdup (info->reference_code), g_free);
  g_object_set_data_full (G_OBJECT (box), "service",
                          g_strdup (info->service_title != NULL ? info->service_title : info->form_id), g_free);
  gtk_list_box_append (GTK_LIST_BOX (self->submissions_list), box);
}

static void
add_draft_row (VtClerkDashboard *self,
               VtDraftInfo      *info)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *saved = format_time (info->saved_at);
  g_autofree char *expires = format_time (info->expires_at);
  /* Translators: when a draft will be deleted. */
  g_autofree char *expires_text = g_strdup_printf (_("until %s"), expires);

  gtk_box_append (GTK_BOX (box), cell (info->reference, 10, FALSE));
  gtk_box_append (GTK_BOX (box), cell (info->service_title != NULL ? info->service_title : info->form_id, 18, FALSE));
  gtk_box_append (GTK_BOX (box), cell (info->saved_by, 12, FALSE));
  gtk_box_append (GTK_BOX (box), cell (saved, 16, FALSE));
  gtk_box_append (GTK_BOX (box), cell (expires_text, 20, TRUE));
  gtk_box_append (GTK_BOX (box), row_button (_("Resume"), "resume", info->reference,
                                             G_CALLBACK (resume_clicked_cb), self));
  g_object_set_data_full (G_OBJECT (box), "instance-id", g_strdup (info->reference), g_free);
  gtk_list_box_append (GTK_LIST_BOX (self->drafts_list), box);
}

static void
update_status (VtClerkDashboard *self,
               const char       *row_error)
{
  g_autoptr(GError) error = NULL;
  VtStoreCounts counts = { 0 };
  gint64 now = g_get_real_time ();

  if (!vt_store_get_counts (self->store, &counts, &error))
    {
      show_message (self, error->message, TRUE);
      return;
    }

  {
    /* Translators: the clerk dashboard's counts per state. */
    g_autofree char *text = g_strdup_printf (_("Waiting: %u · Sending: %u · Sent: %u · Refused: %u · Discarded: %u"),
                                             counts.n[VT_STORE_STATE_QUEUED], counts.n[VT_STORE_STATE_SENDING],
                                             counts.n[VT_STORE_STATE_SENT], counts.n[VT_STORE_STATE_REJECTED],
                                             counts.n[VT_STORE_STATE_DISCARDED]);
    gtk_label_set_text (GTK_LABEL (self->counts_label), text);
  }

  if (counts.oldest_queued > 0)
    {
      g_autofree char *since = format_time (counts.oldest_queued);
      g_autofree char *age = format_age (now - counts.oldest_queued);
      /* Translators: "Oldest waiting: since 2026-11-28 10:32 (2 h 5 min)". */
      g_autofree char *text = g_strdup_printf (_("Oldest waiting: since %s (%s)"), since, age);
      gtk_label_set_text (GTK_LABEL (self->oldest_label), text);
    }
  else
    gtk_label_set_text (GTK_LABEL (self->oldest_label), _("Nothing is waiting to be sent."));

  gtk_label_set_text (GTK_LABEL (self->network_label),
                      self->online ? _("Online: the server can be reached.")
                                   : _("Offline: applications wait safely on this kiosk."));

  {
    g_autofree char *text = NULL;
    gint64 last = MAX (self->last_answer, counts.last_sync);

    /* Without the app user's token, which is as good as a password. */
    g_autofree char *server = vt_openrosa_redact_url (self->config->server_url);

    if (self->config->server_url == NULL)
      text = g_strdup (_("No server is configured: this kiosk works offline (export to a USB drive)."));
    else if (last > 0)
      {
        g_autofree char *when = format_time (last);
        /* Translators: "Server: https://… · last answered 2026-11-28 10:40". */
        text = g_strdup_printf (_("Server: %s · last answered %s"), server, when);
      }
    else
      text = g_strdup_printf (_("Server: %s · has not answered yet"), server);
    gtk_label_set_text (GTK_LABEL (self->server_label), text);
  }

  {
    const char *problem = self->sync_error != NULL ? self->sync_error : row_error;
    g_autofree char *text = problem != NULL ? g_strdup_printf (_("Last problem: %s"), problem)
                                            : g_strdup (_("No problems reported."));
    gtk_label_set_text (GTK_LABEL (self->last_error_label), text);
  }
}

void
vt_clerk_dashboard_refresh (VtClerkDashboard *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  const char *row_error = NULL;
  gint64 latest_error_at = 0;

  g_return_if_fail (VT_IS_CLERK_DASHBOARD (self));

  clear_list (self->submissions_list);
  clear_list (self->drafts_list);

  rows = vt_store_list_submissions (self->store,
                                    VT_STORE_STATE_MASK (VT_STORE_STATE_QUEUED)
                                    | VT_STORE_STATE_MASK (VT_STORE_STATE_SENDING)
                                    | VT_STORE_STATE_MASK (VT_STORE_STATE_REJECTED),
                                    MAX_ROWS, &error);
  if (rows == NULL)
    {
      show_message (self, error->message, TRUE);
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      VtStoreSubmissionInfo *info = g_ptr_array_index (rows, i);

      add_submission_row (self, info);
      if (info->last_error != NULL && info->created_at >= latest_error_at)
        {
          row_error = info->last_error;
          latest_error_at = info->created_at;
        }
    }

  drafts = vt_draft_list (self->store, self->config->draft_days, g_get_real_time (), &error);
  if (drafts == NULL)
    {
      show_message (self, error->message, TRUE);
      return;
    }
  for (guint i = 0; i < drafts->len; i++)
    add_draft_row (self, g_ptr_array_index (drafts, i));

  g_free (self->row_error);
  self->row_error = g_strdup (row_error);
  update_status (self, self->row_error);
}

static GtkWidget *
find_row (VtClerkDashboard *self,
          GtkWidget        *list,
          const char       *key)
{
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      if (g_strcmp0 (g_object_get_data (G_OBJECT (box), "instance-id"), key) == 0)
        return box;
    }
  return NULL;
}

GtkWidget *
vt_clerk_dashboard_get_row_button (VtClerkDashboard *self,
                                   const char       *instance_id,
                                   const char       *action)
{
  GtkWidget *box = find_row (self, g_str_equal (action, "resume") ? self->drafts_list : self->submissions_list,
                             instance_id);

  for (GtkWidget *child = box != NULL ? gtk_widget_get_first_child (box) : NULL; child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child) && g_strcmp0 (g_object_get_data (G_OBJECT (child), "action"), action) == 0)
      return child;
  return NULL;
}

guint
vt_clerk_dashboard_count_rows (VtClerkDashboard *self,
                               gboolean          drafts)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (drafts ? self->drafts_list : self->submissions_list);
       row != NULL; row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

/* ---------------------------------------------------------------- actions */

static void
retry_clicked_cb (GtkButton        *button,
                  VtClerkDashboard *self)
{
  const char *instance_id = g_object_get_data (G_OBJECT (button), "key");
  GtkWidget *box = find_row (self, self->submissions_list, instance_id);
  g_autofree char *reference = g_strdup (box != NULL ? g_object_get_data (G_OBJECT (box), "reference") : instance_id);
  g_autofree char *actor = clerk_actor (self);
  g_autoptr(GError) error = NULL;

  if (!vt_store_requeue_rejected (self->store, instance_id, actor, g_get_real_time (), &error))
    {
      show_message (self, error->message, TRUE);
      return;
    }

  vt_clerk_dashboard_refresh (self);
  {
    g_autofree char *text = g_strdup_printf (_("Application %s will be sent again at the next sync."), reference);
    show_message (self, text, FALSE);
  }
}

static void
hide_discard (VtClerkDashboard *self)
{
  g_clear_pointer (&self->discard_instance_id, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), "");
  gtk_widget_set_visible (self->discard_confirm_box, FALSE);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->discard_revealer), FALSE);
}

static void
discard_clicked_cb (GtkButton        *button,
                    VtClerkDashboard *self)
{
  const char *instance_id = g_object_get_data (G_OBJECT (button), "key");
  GtkWidget *box = find_row (self, self->submissions_list, instance_id);
  g_autofree char *title = NULL;

  g_free (self->discard_instance_id);
  self->discard_instance_id = g_strdup (instance_id);
  /* Translators: "Discard application 7KQM-4XZD (Building permit)?" */
  title = g_strdup_printf (_("Discard application %s (%s)?"),
                           box != NULL ? (const char *) g_object_get_data (G_OBJECT (box), "reference") : instance_id,
                           box != NULL ? (const char *) g_object_get_data (G_OBJECT (box), "service") : "");
  gtk_label_set_text (GTK_LABEL (self->discard_title), title);
  gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), "");
  gtk_widget_set_sensitive (self->discard_continue_button, FALSE);
  gtk_widget_set_visible (self->discard_confirm_box, FALSE);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->discard_revealer), TRUE);
  gtk_widget_grab_focus (self->reason_entry);
}

static char *
dup_reason (VtClerkDashboard *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))));
}

static void
reason_changed_cb (VtClerkDashboard *self)
{
  g_autofree char *reason = dup_reason (self);

  gtk_widget_set_sensitive (self->discard_continue_button, g_utf8_strlen (reason, -1) >= MIN_REASON_CHARS);
  /* A changed reason must be confirmed again. */
  gtk_widget_set_visible (self->discard_confirm_box, FALSE);
}

static void
discard_continue_cb (VtClerkDashboard *self)
{
  g_autofree char *reason = dup_reason (self);
  g_autofree char *text = NULL;

  if (self->discard_instance_id == NULL || g_utf8_strlen (reason, -1) < MIN_REASON_CHARS)
    return;

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "It will never be sent. Its content is kept on this kiosk for %d day "
                                       "and then erased; its receipt and this decision stay in the log. "
                                       "Discard it?",
                                       "It will never be sent. Its content is kept on this kiosk for %d days "
                                       "and then erased; its receipt and this decision stay in the log. "
                                       "Discard it?", self->config->retention_days),
                          self->config->retention_days);
  gtk_label_set_text (GTK_LABEL (self->discard_confirm_label), text);
  gtk_widget_set_visible (self->discard_confirm_box, TRUE);
  gtk_widget_grab_focus (self->discard_confirm_button);
}

static void
discard_confirm_cb (VtClerkDashboard *self)
{
  g_autofree char *reason = dup_reason (self);
  g_autofree char *actor = clerk_actor (self);
  g_autofree char *instance_id = g_strdup (self->discard_instance_id);
  GtkWidget *box;
  g_autofree char *reference = NULL;
  g_autoptr(GError) error = NULL;

  /* Both steps, always: a reason and the second confirmation. */
  if (instance_id == NULL || g_utf8_strlen (reason, -1) < MIN_REASON_CHARS
      || !gtk_widget_get_visible (self->discard_confirm_box))
    return;

  box = find_row (self, self->submissions_list, instance_id);
  reference = g_strdup (box != NULL ? g_object_get_data (G_OBJECT (box), "reference") : instance_id);

  if (!vt_store_discard (self->store, instance_id, reason, actor, g_get_real_time (), &error))
    {
      show_message (self, error->message, TRUE);
      return;
    }

  hide_discard (self);
  vt_clerk_dashboard_refresh (self);
  {
    g_autofree char *text = g_strdup_printf (_("Application %s was discarded."), reference);
    show_message (self, text, FALSE);
  }
}

static void
discard_cancel_cb (VtClerkDashboard *self)
{
  hide_discard (self);
}

static void
reprint_cb (VtClerkDashboard *self)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->reprint_entry));
  g_autoptr(VtReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *actor = clerk_actor (self);
  g_autofree char *text = NULL;

  receipt = vt_store_get_receipt (self->store, typed, &error);
  if (receipt == NULL)
    {
      show_message (self, error->message, TRUE);
      return;
    }

  if (!vt_store_add_event (self->store, receipt->instance_id, "receipt-reprinted", actor,
                           receipt->reference_code, &error))
    {
      show_message (self, error->message, TRUE);
      return;
    }

  g_signal_emit (self, signals[REPRINT], 0, receipt->reference_code);
  text = g_strdup_printf (_("Receipt %s (%s) is shown again for printing."),
                          receipt->reference_code, receipt->service_title);
  show_message (self, text, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->reprint_entry), "");
}

/* An action nobody on this kiosk carries out says so, rather than
 * pretending to have done something. */
static gboolean
has_handler (VtClerkDashboard *self,
             guint             signal_id)
{
  if (g_signal_has_handler_pending (self, signals[signal_id], 0, TRUE))
    return TRUE;
  show_message (self, _("This kiosk cannot do that yet: the part that would do it is not running. "
                        "Call technical support."), TRUE);
  return FALSE;
}

static void
sync_cb (VtClerkDashboard *self)
{
  if (!has_handler (self, SYNC_NOW))
    return;
  /* Said first, so a handler that knows better (no server configured) can
   * replace it. */
  show_message (self, _("Sending what is waiting now…"), FALSE);
  g_signal_emit (self, signals[SYNC_NOW], 0);
}

static void
resume_clicked_cb (GtkButton        *button,
                   VtClerkDashboard *self)
{
  if (!has_handler (self, RESUME_DRAFT))
    return;
  g_signal_emit (self, signals[RESUME_DRAFT], 0, (const char *) g_object_get_data (G_OBJECT (button), "key"));
}

static void
assisted_cb (VtClerkDashboard *self)
{
  if (!has_handler (self, START_ASSISTED))
    return;
  g_signal_emit (self, signals[START_ASSISTED], 0);
}

static void
leave_cb (VtClerkDashboard *self)
{
  g_signal_emit (self, signals[LEAVE_KIOSK], 0);
}

static void
end_cb (VtClerkDashboard *self)
{
  g_signal_emit (self, signals[END_CLERK_MODE], 0);
}

/* ----------------------------------------------------------------- export */

typedef struct
{
  char  *data_dir;
  char  *origin;
  char  *dir;
  char  *actor;
  char  *path;
  guint  n;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->data_dir);
  g_free (job->origin);
  g_free (job->dir);
  g_free (job->actor);
  g_free (job->path);
  g_free (job);
}

/* Writing a bundle can take a while on a slow drive: a thread of its own,
 * with its own store connection (connections are per thread). */
static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  ExportJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = vt_store_open (job->data_dir, &error);

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->path = vt_bundle_export (store, job->origin, job->dir, job->actor, &job->n, &error);
  if (job->path == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  VtClerkDashboard *self = VT_CLERK_DASHBOARD (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  /* Cancelled: the dashboard is being disposed, its widgets are gone. */
  if (!g_task_propagate_boolean (G_TASK (result), &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->exporting = FALSE;
  gtk_widget_set_sensitive (self->export_button, TRUE);
  if (error != NULL)
    {
      show_message (self, error->message, TRUE);
      return;
    }

  vt_clerk_dashboard_refresh (self);
  {
    g_autofree char *base = g_path_get_basename (job->path);
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u application written to %s on the drive. It stays in "
                                                          "this kiosk's queue. Eject the drive before removing it.",
                                                          "%u applications written to %s on the drive. They stay in "
                                                          "this kiosk's queue. Eject the drive before removing it.",
                                                          job->n),
                                             job->n, base);
    show_message (self, text, FALSE);
  }
}

/* The first mounted removable drive: a USB stick or card. */
static char *
find_removable_mount (void)
{
  g_autoptr(GVolumeMonitor) monitor = g_volume_monitor_get ();
  GList *mounts = g_volume_monitor_get_mounts (monitor);
  char *path = NULL;

  for (GList *l = mounts; l != NULL && path == NULL; l = l->next)
    {
      GMount *mount = l->data;
      g_autoptr(GDrive) drive = g_mount_get_drive (mount);
      g_autoptr(GFile) root = NULL;

      if (g_mount_is_shadowed (mount))
        continue;
      if (!(drive != NULL && g_drive_is_removable (drive)) && !g_mount_can_eject (mount))
        continue;
      root = g_mount_get_root (mount);
      path = g_file_get_path (root);
    }
  g_list_free_full (mounts, g_object_unref);
  return path;
}

static void
export_cb (VtClerkDashboard *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *dir = NULL;
  ExportJob *job;

  if (self->exporting)
    return;

  dir = self->export_dir != NULL ? g_strdup (self->export_dir) : find_removable_mount ();
  if (dir == NULL)
    {
      show_message (self, _("No USB drive was found. Plug one in, wait a few seconds until it appears, "
                            "then press “Export to USB drive” again."), TRUE);
      return;
    }

  job = g_new0 (ExportJob, 1);
  job->data_dir = g_strdup (self->config->data_dir);
  job->origin = g_strdup (self->config->office_name);
  job->dir = g_steal_pointer (&dir);
  job->actor = clerk_actor (self);

  self->exporting = TRUE;
  gtk_widget_set_sensitive (self->export_button, FALSE);
  show_message (self, _("Writing the applications to the drive… Do not remove it."), FALSE);

  g_clear_object (&self->export_cancellable);
  self->export_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->export_cancellable, export_done_cb, NULL);
  g_task_set_source_tag (task, export_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

/* ------------------------------------------------------------------ setup */

void
vt_clerk_dashboard_set_clerk (VtClerkDashboard *self,
                              const char       *clerk_name)
{
  g_autofree char *text = NULL;

  g_return_if_fail (VT_IS_CLERK_DASHBOARD (self));

  g_free (self->clerk_name);
  self->clerk_name = g_strdup (clerk_name != NULL && clerk_name[0] != '\0' ? clerk_name : NULL);
  /* Translators: who is in clerk mode now. */
  text = self->clerk_name != NULL ? g_strdup_printf (_("Clerk: %s"), self->clerk_name)
                                  : g_strdup (_("Clerk mode"));
  gtk_label_set_text (GTK_LABEL (self->clerk_label), text);
}

void
vt_clerk_dashboard_set_sync_status (VtClerkDashboard *self,
                                    gboolean          online,
                                    gint64            last_answer,
                                    const char       *last_error)
{
  g_return_if_fail (VT_IS_CLERK_DASHBOARD (self));

  self->online = online;
  self->last_answer = last_answer;
  g_free (self->sync_error);
  self->sync_error = g_strdup (last_error);
  update_status (self, self->row_error);
}

void
vt_clerk_dashboard_set_export_dir (VtClerkDashboard *self,
                                   const char       *dir)
{
  g_return_if_fail (VT_IS_CLERK_DASHBOARD (self));

  g_free (self->export_dir);
  self->export_dir = g_strdup (dir);
}

static gboolean
status_timer_cb (gpointer data)
{
  VtClerkDashboard *self = data;

  update_status (self, self->row_error);
  return G_SOURCE_CONTINUE;
}

static void
vt_clerk_dashboard_map (GtkWidget *widget)
{
  VtClerkDashboard *self = VT_CLERK_DASHBOARD (widget);

  GTK_WIDGET_CLASS (vt_clerk_dashboard_parent_class)->map (widget);
  vt_clerk_dashboard_refresh (self);
  g_clear_handle_id (&self->status_timer_id, g_source_remove);
  self->status_timer_id = g_timeout_add_seconds (STATUS_REFRESH_SECONDS, status_timer_cb, self);
}

static void
vt_clerk_dashboard_unmap (GtkWidget *widget)
{
  VtClerkDashboard *self = VT_CLERK_DASHBOARD (widget);

  g_clear_handle_id (&self->status_timer_id, g_source_remove);
  GTK_WIDGET_CLASS (vt_clerk_dashboard_parent_class)->unmap (widget);
}

static void
vt_clerk_dashboard_dispose (GObject *object)
{
  VtClerkDashboard *self = VT_CLERK_DASHBOARD (object);

  g_clear_handle_id (&self->status_timer_id, g_source_remove);
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);

  G_OBJECT_CLASS (vt_clerk_dashboard_parent_class)->dispose (object);
}

static void
vt_clerk_dashboard_finalize (GObject *object)
{
  VtClerkDashboard *self = VT_CLERK_DASHBOARD (object);

  g_free (self->clerk_name);
  g_free (self->export_dir);
  g_free (self->discard_instance_id);
  g_free (self->sync_error);
  g_free (self->row_error);

  G_OBJECT_CLASS (vt_clerk_dashboard_parent_class)->finalize (object);
}

static void
vt_clerk_dashboard_class_init (VtClerkDashboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_clerk_dashboard_dispose;
  object_class->finalize = vt_clerk_dashboard_finalize;
  widget_class->map = vt_clerk_dashboard_map;
  widget_class->unmap = vt_clerk_dashboard_unmap;

  signals[SYNC_NOW] = g_signal_new ("sync-now", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REPRINT] = g_signal_new ("reprint", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[RESUME_DRAFT] = g_signal_new ("resume-draft", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[START_ASSISTED] = g_signal_new ("start-assisted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[LEAVE_KIOSK] = g_signal_new ("leave-kiosk", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[END_CLERK_MODE] = g_signal_new ("end-clerk-mode", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ventanilla/Kiosk/vt-clerk-dashboard.ui");
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, scroller);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, clerk_label);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, message_label);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, counts_label);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, oldest_label);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, network_label);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, server_label);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, last_error_label);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, sync_button);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, export_button);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, assisted_button);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, leave_button);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, end_button);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, reprint_entry);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, reprint_button);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, discard_revealer);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, discard_title);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, reason_entry);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, discard_continue_button);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, discard_confirm_box);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, discard_confirm_label);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, discard_confirm_button);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, discard_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, submissions_list);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, drafts_list);
  gtk_widget_class_bind_template_callback (widget_class, sync_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_cb);
  gtk_widget_class_bind_template_callback (widget_class, assisted_cb);
  gtk_widget_class_bind_template_callback (widget_class, leave_cb);
  gtk_widget_class_bind_template_callback (widget_class, end_cb);
  gtk_widget_class_bind_template_callback (widget_class, reprint_cb);
  gtk_widget_class_bind_template_callback (widget_class, reason_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, discard_continue_cb);
  gtk_widget_class_bind_template_callback (widget_class, discard_confirm_cb);
  gtk_widget_class_bind_template_callback (widget_class, discard_cancel_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "clerkdashboard");
}

static void
vt_clerk_dashboard_init (VtClerkDashboard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vt_clerk_dashboard_new (VtConfig *config,
                        VtStore  *store)
{
  VtClerkDashboard *self;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (store != NULL, NULL);

  self = g_object_new (VT_TYPE_CLERK_DASHBOARD, NULL);
  self->config = config;
  self->store = store;
  vt_clerk_dashboard_set_clerk (self, NULL);
  return GTK_WIDGET (self);
}
