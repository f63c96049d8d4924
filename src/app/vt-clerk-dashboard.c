#define G_LOG_DOMAIN "vt-clerk-dashboard"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-clerk-dashboard-private.h"
#include "vt-draft-item.h"
#include "vt-entities.h"
#include "vt-kiosk-identity.h"
#include "vt-kiosk-status.h"
#include "vt-openrosa.h"
#include "vt-queue-item.h"
#include "vt-wrap-box.h"

/* The clerk's dashboard: the queue's figures, its rows and the drafts as
 * two GListModels of row objects, and the actions on them.  Everything it
 * reads or changes goes through the store owner, off the main loop; a row's
 * buttons are actions ("dashboard.retry", "dashboard.discard",
 * "dashboard.resume") whose target is the row's key. */

struct _VtClerkDashboard
{
  GtkWidget      parent_instance;

  /* template */
  GtkWidget     *scroller;
  GtkWidget     *clerk_label;
  GtkWidget     *kiosk_label;
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
  GtkWidget     *entity_lists_list;

  VtConfig      *config;
  VtStoreOwner  *owner;
  GCancellable  *cancellable;           /* cancelled at dispose */
  GListStore    *submissions;           /* VtQueueItem * */
  GListStore    *drafts;                /* VtDraftItem * */
  GPtrArray     *entity_lists;          /* VtEntityListInfo *, as shown */
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

G_DEFINE_FINAL_TYPE (VtClerkDashboard, vt_clerk_dashboard, GTK_TYPE_WIDGET)

/* Rows beyond this are summarised by the counts: a dashboard is for acting
 * on what needs a clerk, not for browsing history. */
#define MAX_ROWS 500
#define MIN_REASON_CHARS 5
/* The figures follow the store while the dashboard is on screen; the
 * rows are rebuilt only on request, so a clerk's place in them holds. */
#define STATUS_REFRESH_SECONDS 5

enum
{
  SYNC_NOW,
  REPORT_STATUS,
  REPRINT,
  RESUME_DRAFT,
  START_ASSISTED,
  LEAVE_KIOSK,
  END_CLERK_MODE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_CONFIG,
  PROP_STORE_OWNER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

/* ---- calls to the store --------------------------------------------------- */

/* What a callback needs: the dashboard, alive until the call is back, and
 * what the action was about. */
typedef struct
{
  VtClerkDashboard *self;
  char             *reference;
  VtReceipt   *receipt;
} Call;

static Call *
call_new (VtClerkDashboard *self,
          const char       *reference)
{
  Call *call = g_new0 (Call, 1);

  call->self = g_object_ref (self);
  call->reference = g_strdup (reference);
  self->pending++;
  return call;
}

static void
call_free (Call *call)
{
  call->self->pending--;
  g_object_unref (call->self);
  g_free (call->reference);
  g_clear_pointer (&call->receipt, vt_receipt_free);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

/* FALSE when the dashboard went away meanwhile (its widgets with it). */
static gboolean
wanted (GError *error)
{
  return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

guint
vt_clerk_dashboard_get_pending (VtClerkDashboard *self)
{
  g_return_val_if_fail (VT_IS_CLERK_DASHBOARD (self), 0);

  return self->pending;
}

/* ---- figures ------------------------------------------------------------- */

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
  return g_strdup_printf (ngettext ("%d day", "%d days", (int) (minutes / (24 * 60))),
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

/* The figures, once the store has given them. */
static void
update_counts (VtClerkDashboard *self)
{
  const VtStoreCounts *counts = &self->counts;
  g_autofree char *text = NULL;

  if (!self->have_counts)
    return;

  /* Waiting and sending are the citizens' applications alone; the store
   * cannot tell the other three apart without reading every row, so they
   * say what they hold (vt_store_get_application_counts()). */
  {
    g_autofree char *per_state = NULL;

    /* Translators: the clerk dashboard's counts per state. */
    per_state = g_strdup_printf (_("Waiting: %u · Sending: %u · Sent: %u · Refused: %u · Discarded: %u"),
                                 counts->n[VT_STORE_STATE_QUEUED], counts->n[VT_STORE_STATE_SENDING],
                                 counts->n[VT_STORE_STATE_SENT], counts->n[VT_STORE_STATE_REJECTED],
                                 counts->n[VT_STORE_STATE_DISCARDED]);
    /* Translators: under the counts per state on the clerk dashboard;
     * "reports" are the kiosk's health reports to the office's IT,
     * "feedback" the citizens' "How easy was this?" answers. */
    text = g_strdup_printf ("%s\n%s", per_state,
                            _("Waiting and Sending count applications only; Sent, Refused and Discarded "
                              "also count this kiosk's own reports and feedback."));
  }
  gtk_label_set_text (GTK_LABEL (self->counts_label), text);

  if (counts->oldest_queued > 0)
    {
      g_autofree char *since = format_time (counts->oldest_queued);
      g_autofree char *age = format_age (g_get_real_time () - counts->oldest_queued);
      g_autofree char *oldest = NULL;

      /* Translators: "Oldest waiting: since 2026-11-28 10:32 (2 h 5 min)". */
      oldest = g_strdup_printf (_("Oldest waiting: since %s (%s)"), since, age);
      gtk_label_set_text (GTK_LABEL (self->oldest_label), oldest);
    }
  else
    gtk_label_set_text (GTK_LABEL (self->oldest_label), _("Nothing is waiting to be sent."));
}

/* The labels from what is known: the last counts, the sync worker's
 * state, the newest problem among the rows. */
static void
update_status (VtClerkDashboard *self)
{
  update_counts (self);

  /* Which kiosk this is, as IT sees it in Central (docs/FLEET.md): its
   * [kiosk] name and the id it made at its first start. */
  {
    g_autofree char *kiosk_id = vt_kiosk_identity_dup_current ();
    g_autofree char *text = NULL;

    /* Translators: "This kiosk: Town hall, kiosk 2" (its id on the next
     * line), or "This kiosk: ventanilla:3f0c…". */
    if (kiosk_id != NULL && self->config->kiosk_name != NULL)
      {
        g_autofree char *named = g_strdup_printf (_("This kiosk: %s"), self->config->kiosk_name);

        /* The id whole on a line of its own, to be read out over the phone. */
        text = g_strdup_printf ("%s\n%s", named, kiosk_id);
      }
    else if (kiosk_id != NULL)
      text = g_strdup_printf (_("This kiosk: %s"), kiosk_id);
    gtk_label_set_text (GTK_LABEL (self->kiosk_label), text != NULL ? text : "");
    gtk_widget_set_visible (self->kiosk_label, text != NULL);
  }

  gtk_label_set_text (GTK_LABEL (self->network_label),
                      self->online ? _("Online: the server can be reached.")
                                   : _("Offline: applications wait safely on this kiosk."));

  {
    g_autofree char *text = NULL;
    gint64 last = MAX (self->last_answer, self->counts.last_sync);

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
    const char *problem = self->sync_error != NULL ? self->sync_error : self->row_error;
    g_autofree char *text = problem != NULL ? g_strdup_printf (_("Last problem: %s"), problem)
                                            : g_strdup (_("No problems reported."));
    gtk_label_set_text (GTK_LABEL (self->last_error_label), text);
  }
}

static void
counts_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  g_autoptr(GError) error = NULL;
  VtStoreCounts counts = { 0 };

  if (!vt_store_owner_get_counts_finish (VT_STORE_OWNER (source), result, &counts, &error))
    {
      if (wanted (error))
        show_message (call->self, error->message, TRUE);
      return;
    }
  call->self->counts = counts;
  call->self->have_counts = TRUE;
  update_status (call->self);
}

static void
read_counts (VtClerkDashboard *self)
{
  vt_store_owner_get_counts_async (self->owner, self->cancellable, counts_cb, call_new (self, NULL));
}

/* ---- rows ----------------------------------------------------------------- */

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

/* A cell whose words never break: a reference code is one (not even at
 * its dash), a state ("Waiting") is words a clerk reads at a glance.  The
 * row makes room for the longest word instead. */
static GtkWidget *
word_cell (const char *text,
           int         width_chars,
           gboolean    one_word)
{
  GtkWidget *label = cell (text, width_chars, FALSE);

  if (one_word)
    gtk_label_set_wrap (GTK_LABEL (label), FALSE);
  else
    gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
  return label;
}

/* The list box's row, named by what its cells say: GTK 4.8's AT-SPI
 * bridge leaves a focusable row unnamed, and a screen reader says "list
 * item" alone. */
static GtkWidget *
named_row (GtkWidget *box)
{
  GtkWidget *row = gtk_list_box_row_new ();
  g_autoptr(GString) name = g_string_new (NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LABEL (child) && gtk_label_get_text (GTK_LABEL (child))[0] != '\0')
      g_string_append_printf (name, "%s%s", name->len > 0 ? ", " : "", gtk_label_get_text (GTK_LABEL (child)));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name->str, -1);
  return row;
}

static GtkWidget *
row_button (const char *label,
            const char *action,
            const char *key)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", key);
  return button;
}

static GtkWidget *
create_submission_row (gpointer item,
                       gpointer user_data)
{
  const VtStoreSubmissionInfo *info = vt_queue_item_get_info (item);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *created = format_time (info->created_at);
  g_autofree char *attempts = g_strdup_printf ("%d", info->attempts);

  gtk_box_append (GTK_BOX (box), word_cell (info->reference_code, 10, TRUE));
  gtk_box_append (GTK_BOX (box), cell (vt_queue_item_get_service (item), 18, FALSE));
  gtk_box_append (GTK_BOX (box), cell (created, 16, FALSE));
  gtk_box_append (GTK_BOX (box), word_cell (state_label (info->state), 12, FALSE));
  gtk_box_append (GTK_BOX (box), cell (attempts, 3, FALSE));
  gtk_box_append (GTK_BOX (box), cell (info->last_error, 20, TRUE));

  if (info->state == VT_STORE_STATE_REJECTED)
    /* Translators: send a refused application again, after fixing the cause. */
    gtk_box_append (GTK_BOX (box), row_button (_("Retry"), "dashboard.retry", info->instance_id));
  if (info->state == VT_STORE_STATE_REJECTED || info->state == VT_STORE_STATE_QUEUED)
    gtk_box_append (GTK_BOX (box), row_button (_("Discard…"), "dashboard.discard", info->instance_id));
  return named_row (box);
}

static GtkWidget *
create_draft_row (gpointer item,
                  gpointer user_data)
{
  const VtDraftInfo *info = vt_draft_item_get_info (item);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *saved = format_time (info->saved_at);
  g_autofree char *expires = format_time (info->expires_at);
  /* Translators: when a draft will be deleted. */
  g_autofree char *expires_text = g_strdup_printf (_("until %s"), expires);

  gtk_box_append (GTK_BOX (box), word_cell (info->reference, 10, TRUE));
  gtk_box_append (GTK_BOX (box), cell (vt_draft_item_get_service (item), 18, FALSE));
  gtk_box_append (GTK_BOX (box), cell (info->saved_by, 12, FALSE));
  gtk_box_append (GTK_BOX (box), cell (saved, 16, FALSE));
  gtk_box_append (GTK_BOX (box), cell (expires_text, 20, TRUE));
  gtk_box_append (GTK_BOX (box), row_button (_("Resume"), "dashboard.resume", info->reference));
  return named_row (box);
}

static void
submissions_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  VtClerkDashboard *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = vt_store_owner_list_submissions_finish (VT_STORE_OWNER (source), result, &error);
  g_autoptr(GPtrArray) items = NULL;
  const char *row_error = NULL;
  gint64 latest_error_at = 0;

  if (rows == NULL)
    {
      if (wanted (error))
        show_message (self, error->message, TRUE);
      return;
    }
  /* The clerk locked before the rows came: map() reads them again. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < rows->len; i++)
    {
      VtStoreSubmissionInfo *info = g_ptr_array_index (rows, i);

      /* The kiosk's own health reports are IT's, not the clerk's: a server
       * without their form yet must not fill the list with problems. */
      if (g_strcmp0 (info->form_id, VT_KIOSK_STATUS_FORM_ID) == 0)
        continue;
      if (info->last_error != NULL && info->created_at >= latest_error_at)
        {
          row_error = info->last_error;
          latest_error_at = info->created_at;
        }
      g_ptr_array_add (items, vt_queue_item_new (g_steal_pointer (&rows->pdata[i])));
    }
  g_free (self->row_error);
  self->row_error = g_strdup (row_error);
  g_list_store_splice (self->submissions, 0, g_list_model_get_n_items (G_LIST_MODEL (self->submissions)),
                       items->pdata, items->len);
  update_status (self);
}

static void
drafts_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  VtClerkDashboard *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = vt_store_owner_list_drafts_finish (VT_STORE_OWNER (source), result, &error);
  g_autoptr(GPtrArray) items = NULL;

  if (drafts == NULL)
    {
      if (wanted (error))
        show_message (self, error->message, TRUE);
      return;
    }
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < drafts->len; i++)
    g_ptr_array_add (items, vt_draft_item_new (g_steal_pointer (&drafts->pdata[i])));
  g_list_store_splice (self->drafts, 0, g_list_model_get_n_items (G_LIST_MODEL (self->drafts)),
                       items->pdata, items->len);
}

/* One entity list: what it is, who reads it, how big and how fresh, and
 * what this kiosk changed in it that the server has not confirmed. */
static GtkWidget *
create_entity_list_row (const VtEntityListInfo *info)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *rows = g_strdup_printf (ngettext ("%u row", "%u rows", info->rows), info->rows);
  g_autofree char *when = info->refreshed_at > 0 ? format_time (info->refreshed_at) : NULL;
  /* Translators: when the kiosk last checked an entity list with the server. */
  g_autofree char *refreshed = when != NULL ? g_strdup_printf (_("refreshed %s"), when) : g_strdup (_("never refreshed"));
  /* Translators: an entity list's version, as the server numbers it. */
  g_autofree char *version = g_strdup_printf (_("version %s"), info->version != NULL ? info->version : "—");
  g_autofree char *changes = NULL;
  g_autofree char *what = g_strdup_printf ("%s — %s", info->dataset, info->forms);
  g_autofree char *state = NULL;

  if (info->local_changes > 0)
    changes = g_strdup_printf (ngettext ("%u change made here, not yet confirmed by the server",
                                         "%u changes made here, not yet confirmed by the server",
                                         info->local_changes),
                               info->local_changes);
  else
    changes = g_strdup (_("no changes waiting for the server"));

  state = g_strjoin (" · ", rows, version, refreshed, info->problem != NULL ? info->problem : changes, NULL);

  /* Two lines that wrap: a hash or a long title never widens the page. */
  gtk_box_append (GTK_BOX (box), cell (what, 60, TRUE));
  gtk_box_append (GTK_BOX (box), cell (state, 60, TRUE));
  return named_row (box);
}

static void
entity_lists_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  VtClerkDashboard *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lists = vt_store_owner_list_entity_lists_finish (VT_STORE_OWNER (source), result, &error);
  GtkWidget *child;

  if (lists == NULL)
    {
      if (wanted (error))
        show_message (self, error->message, TRUE);
      return;
    }
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  while ((child = gtk_widget_get_first_child (self->entity_lists_list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->entity_lists_list), child);
  for (guint i = 0; i < lists->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (self->entity_lists_list), create_entity_list_row (g_ptr_array_index (lists, i)));
  if (lists->len == 0)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

      gtk_box_append (GTK_BOX (box), cell (_("No service on this kiosk chooses from a list."), 40, TRUE));
      gtk_list_box_append (GTK_LIST_BOX (self->entity_lists_list), named_row (box));
    }
  g_clear_pointer (&self->entity_lists, g_ptr_array_unref);
  self->entity_lists = g_steal_pointer (&lists);
}

GPtrArray *
vt_clerk_dashboard_get_entity_lists (VtClerkDashboard *self)
{
  g_return_val_if_fail (VT_IS_CLERK_DASHBOARD (self), NULL);

  return self->entity_lists;
}

void
vt_clerk_dashboard_refresh (VtClerkDashboard *self)
{
  g_return_if_fail (VT_IS_CLERK_DASHBOARD (self));

  /* The store owner answers in the order asked: the rows, the drafts (an
   * expired draft is purged first), then the figures. */
  vt_store_owner_list_submissions_async (self->owner,
                                         VT_STORE_STATE_MASK (VT_STORE_STATE_QUEUED)
                                         | VT_STORE_STATE_MASK (VT_STORE_STATE_SENDING)
                                         | VT_STORE_STATE_MASK (VT_STORE_STATE_REJECTED),
                                         MAX_ROWS, self->cancellable, submissions_cb, call_new (self, NULL));
  vt_store_owner_list_drafts_async (self->owner, self->config->draft_days, g_get_real_time (), self->cancellable,
                                    drafts_cb, call_new (self, NULL));
  vt_store_owner_list_entity_lists_async (self->owner, self->cancellable, entity_lists_cb, call_new (self, NULL));
  read_counts (self);
}

/* The row of instance_id, owned by the list, or NULL. */
static VtQueueItem *
find_submission (VtClerkDashboard *self,
                 const char       *instance_id,
                 guint            *position)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->submissions)); i++)
    {
      g_autoptr(VtQueueItem) item = g_list_model_get_item (G_LIST_MODEL (self->submissions), i);

      if (g_strcmp0 (vt_queue_item_get_info (item)->instance_id, instance_id) == 0)
        {
          if (position != NULL)
            *position = i;
          return item;
        }
    }
  return NULL;
}

static gboolean
find_draft (VtClerkDashboard *self,
            const char       *reference,
            guint            *position)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->drafts)); i++)
    {
      g_autoptr(VtDraftItem) item = g_list_model_get_item (G_LIST_MODEL (self->drafts), i);

      if (g_strcmp0 (vt_draft_item_get_info (item)->reference, reference) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

GtkWidget *
vt_clerk_dashboard_get_row_button (VtClerkDashboard *self,
                                   const char       *key,
                                   const char       *action)
{
  g_autofree char *action_name = g_strconcat ("dashboard.", action, NULL);
  gboolean draft = g_str_equal (action, "resume");
  GtkListBoxRow *row;
  guint position;

  g_return_val_if_fail (VT_IS_CLERK_DASHBOARD (self), NULL);

  if (draft ? !find_draft (self, key, &position) : find_submission (self, key, &position) == NULL)
    return NULL;
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (draft ? self->drafts_list : self->submissions_list),
                                       (int) position);
  for (GtkWidget *child = gtk_widget_get_first_child (gtk_list_box_row_get_child (row)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_ACTIONABLE (child) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)),
                                                action_name) == 0)
      return child;
  return NULL;
}

GListModel *
vt_clerk_dashboard_get_rows (VtClerkDashboard *self,
                             gboolean          drafts)
{
  g_return_val_if_fail (VT_IS_CLERK_DASHBOARD (self), NULL);

  return G_LIST_MODEL (drafts ? self->drafts : self->submissions);
}

/* ---- actions -------------------------------------------------------------- */

static void
requeued_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!vt_store_owner_requeue_finish (VT_STORE_OWNER (source), result, &error))
    {
      if (wanted (error))
        show_message (call->self, error->message, TRUE);
      return;
    }

  vt_clerk_dashboard_refresh (call->self);
  text = g_strdup_printf (_("Application %s will be sent again at the next sync."), call->reference);
  show_message (call->self, text, FALSE);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  VtClerkDashboard *self = VT_CLERK_DASHBOARD (widget);
  const char *instance_id = g_variant_get_string (parameter, NULL);
  VtQueueItem *item = find_submission (self, instance_id, NULL);
  g_autofree char *actor = clerk_actor (self);

  vt_store_owner_requeue_async (self->owner, instance_id, actor, g_get_real_time (), self->cancellable,
                                requeued_cb,
                                call_new (self, item != NULL ? vt_queue_item_get_info (item)->reference_code
                                                             : instance_id));
}

static void
hide_discard (VtClerkDashboard *self)
{
  g_clear_pointer (&self->discard_instance_id, g_free);
  g_clear_pointer (&self->discard_reference, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), "");
  gtk_widget_set_visible (self->discard_confirm_box, FALSE);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->discard_revealer), FALSE);
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VtClerkDashboard *self = VT_CLERK_DASHBOARD (widget);
  const char *instance_id = g_variant_get_string (parameter, NULL);
  VtQueueItem *item = find_submission (self, instance_id, NULL);
  g_autofree char *title = NULL;

  g_free (self->discard_instance_id);
  self->discard_instance_id = g_strdup (instance_id);
  g_free (self->discard_reference);
  self->discard_reference = g_strdup (item != NULL ? vt_queue_item_get_info (item)->reference_code : instance_id);
  /* Translators: "Discard application 7KQM-4XZD (Building permit)?" */
  title = g_strdup_printf (_("Discard application %s (%s)?"), self->discard_reference,
                           item != NULL ? vt_queue_item_get_service (item) : "");
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

  text = g_strdup_printf (ngettext ("It will never be sent. Its content is kept on this kiosk for %d day "
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
discarded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!vt_store_owner_discard_finish (VT_STORE_OWNER (source), result, &error))
    {
      if (wanted (error))
        show_message (call->self, error->message, TRUE);
      return;
    }

  hide_discard (call->self);
  vt_clerk_dashboard_refresh (call->self);
  text = g_strdup_printf (_("Application %s was discarded."), call->reference);
  show_message (call->self, text, FALSE);
}

static void
discard_confirm_cb (VtClerkDashboard *self)
{
  g_autofree char *reason = dup_reason (self);
  g_autofree char *actor = clerk_actor (self);

  /* Both steps, always: a reason and the second confirmation. */
  if (self->discard_instance_id == NULL || g_utf8_strlen (reason, -1) < MIN_REASON_CHARS
      || !gtk_widget_get_visible (self->discard_confirm_box))
    return;

  vt_store_owner_discard_async (self->owner, self->discard_instance_id, reason, actor, g_get_real_time (),
                                self->cancellable, discarded_cb, call_new (self, self->discard_reference));
}

static void
discard_cancel_cb (VtClerkDashboard *self)
{
  hide_discard (self);
}

static void
reprint_logged_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  VtClerkDashboard *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!vt_store_owner_add_event_finish (VT_STORE_OWNER (source), result, &error))
    {
      if (wanted (error))
        show_message (self, error->message, TRUE);
      return;
    }

  g_signal_emit (self, signals[REPRINT], 0, call->receipt);
  text = g_strdup_printf (_("Receipt %s (%s) is shown again for printing."),
                          call->receipt->reference_code, call->receipt->service_title);
  show_message (self, text, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->reprint_entry), "");
}

static void
reprint_found_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  VtClerkDashboard *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *actor = NULL;
  Call *log;

  call->receipt = vt_store_owner_get_receipt_finish (VT_STORE_OWNER (source), result, &error);
  if (call->receipt == NULL)
    {
      if (wanted (error))
        show_message (self, error->message, TRUE);
      return;
    }

  actor = clerk_actor (self);
  log = call_new (self, NULL);
  log->receipt = g_steal_pointer (&call->receipt);
  vt_store_owner_add_event_async (self->owner, log->receipt->instance_id, "receipt-reprinted", actor,
                                  log->receipt->reference_code, self->cancellable, reprint_logged_cb, log);
}

static void
reprint_cb (VtClerkDashboard *self)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->reprint_entry));

  vt_store_owner_get_receipt_async (self->owner, typed, NULL, self->cancellable, reprint_found_cb,
                                    call_new (self, NULL));
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
report_status_cb (VtClerkDashboard *self)
{
  if (!has_handler (self, REPORT_STATUS))
    return;
  show_message (self, _("A status report for the municipality's IT is queued; it goes with what is waiting."),
                FALSE);
  g_signal_emit (self, signals[REPORT_STATUS], 0);
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VtClerkDashboard *self = VT_CLERK_DASHBOARD (widget);

  if (!has_handler (self, RESUME_DRAFT))
    return;
  g_signal_emit (self, signals[RESUME_DRAFT], 0, g_variant_get_string (parameter, NULL));
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

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  VtClerkDashboard *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  g_autofree char *text = NULL;
  guint n = 0;

  path = vt_store_owner_export_finish (VT_STORE_OWNER (source), result, &n, &error);
  /* Cancelled: the dashboard is being disposed, its widgets are gone. */
  if (!wanted (error))
    return;

  self->exporting = FALSE;
  gtk_widget_set_sensitive (self->export_button, TRUE);
  if (path == NULL)
    {
      show_message (self, error->message, TRUE);
      return;
    }

  vt_clerk_dashboard_refresh (self);
  base = g_path_get_basename (path);
  text = g_strdup_printf (ngettext ("%u application written to %s on the drive. It stays in "
                                    "this kiosk's queue. Eject the drive before removing it.",
                                    "%u applications written to %s on the drive. They stay in "
                                    "this kiosk's queue. Eject the drive before removing it.",
                                    n),
                          n, base);
  show_message (self, text, FALSE);
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
  g_autofree char *dir = NULL;
  g_autofree char *actor = NULL;

  if (self->exporting)
    return;

  dir = self->export_dir != NULL ? g_strdup (self->export_dir) : find_removable_mount ();
  if (dir == NULL)
    {
      show_message (self, _("No USB drive was found. Plug one in, wait a few seconds until it appears, "
                            "then press “Export to USB drive” again."), TRUE);
      return;
    }

  self->exporting = TRUE;
  gtk_widget_set_sensitive (self->export_button, FALSE);
  show_message (self, _("Writing the applications to the drive… Do not remove it."), FALSE);
  actor = clerk_actor (self);
  vt_store_owner_export_async (self->owner, self->config->office_name, dir, actor,
                               self->config->bundle_recipient_key, self->cancellable,
                               exported_cb, call_new (self, NULL));
}

gboolean
vt_clerk_dashboard_get_exporting (VtClerkDashboard *self)
{
  g_return_val_if_fail (VT_IS_CLERK_DASHBOARD (self), FALSE);

  return self->exporting;
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
  update_status (self);
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

  /* One reading at a time: a slow export holds the store owner. */
  if (self->pending == 0)
    read_counts (self);
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
  /* The clerk locked: the rows (up to MAX_ROWS queued applications, a
   * dozen widgets each) go; map() reads them again.  Kept, a kiosk offline
   * for days held every row it had shown until the next clerk came
   * (issue 26: bench-kiosk counted 68 GtkListBoxRows more after 100
   * applications than after 10). */
  g_list_store_remove_all (self->submissions);
  g_list_store_remove_all (self->drafts);
  GTK_WIDGET_CLASS (vt_clerk_dashboard_parent_class)->unmap (widget);
}

static void
vt_clerk_dashboard_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VtClerkDashboard *self = VT_CLERK_DASHBOARD (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_boxed (value, self->config);
      break;
    case PROP_STORE_OWNER:
      g_value_set_object (value, self->owner);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_clerk_dashboard_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  VtClerkDashboard *self = VT_CLERK_DASHBOARD (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      self->config = g_value_dup_boxed (value);
      break;
    case PROP_STORE_OWNER:
      self->owner = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_clerk_dashboard_constructed (GObject *object)
{
  VtClerkDashboard *self = VT_CLERK_DASHBOARD (object);

  G_OBJECT_CLASS (vt_clerk_dashboard_parent_class)->constructed (object);

  g_assert (self->config != NULL);
  g_assert (VT_IS_STORE_OWNER (self->owner));
  vt_clerk_dashboard_set_clerk (self, NULL);
}

static void
vt_clerk_dashboard_dispose (GObject *object)
{
  VtClerkDashboard *self = VT_CLERK_DASHBOARD (object);

  g_clear_handle_id (&self->status_timer_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);

  G_OBJECT_CLASS (vt_clerk_dashboard_parent_class)->dispose (object);
}

static void
vt_clerk_dashboard_finalize (GObject *object)
{
  VtClerkDashboard *self = VT_CLERK_DASHBOARD (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->submissions);
  g_clear_object (&self->drafts);
  g_clear_pointer (&self->entity_lists, g_ptr_array_unref);
  g_clear_object (&self->owner);
  g_clear_pointer (&self->config, vt_config_free);
  g_free (self->clerk_name);
  g_free (self->export_dir);
  g_free (self->discard_instance_id);
  g_free (self->discard_reference);
  g_free (self->sync_error);
  g_free (self->row_error);

  G_OBJECT_CLASS (vt_clerk_dashboard_parent_class)->finalize (object);
}

static void
vt_clerk_dashboard_class_init (VtClerkDashboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = vt_clerk_dashboard_get_property;
  object_class->set_property = vt_clerk_dashboard_set_property;
  object_class->constructed = vt_clerk_dashboard_constructed;
  object_class->dispose = vt_clerk_dashboard_dispose;
  g_type_ensure (VT_TYPE_WRAP_BOX);
  object_class->finalize = vt_clerk_dashboard_finalize;
  widget_class->map = vt_clerk_dashboard_map;
  widget_class->unmap = vt_clerk_dashboard_unmap;

  properties[PROP_CONFIG] = g_param_spec_boxed ("config", NULL, NULL, VT_TYPE_CONFIG,
                                                G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE_OWNER] = g_param_spec_object ("store-owner", NULL, NULL, VT_TYPE_STORE_OWNER,
                                                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                      G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SYNC_NOW] = g_signal_new ("sync-now", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* "Send a status report": the kiosk's health report now (vt-kiosk-status.h). */
  signals[REPORT_STATUS] = g_signal_new ("report-status", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The receipt (const VtReceipt *) is the handler's to read during
   * the emission only. */
  signals[REPRINT] = g_signal_new ("reprint", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[RESUME_DRAFT] = g_signal_new ("resume-draft", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[START_ASSISTED] = g_signal_new ("start-assisted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[LEAVE_KIOSK] = g_signal_new ("leave-kiosk", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[END_CLERK_MODE] = g_signal_new ("end-clerk-mode", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "dashboard.retry", "s", retry_action);
  gtk_widget_class_install_action (widget_class, "dashboard.discard", "s", discard_action);
  gtk_widget_class_install_action (widget_class, "dashboard.resume", "s", resume_action);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ventanilla/Kiosk/vt-clerk-dashboard.ui");
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, scroller);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, clerk_label);
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, kiosk_label);
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
  gtk_widget_class_bind_template_child (widget_class, VtClerkDashboard, entity_lists_list);
  gtk_widget_class_bind_template_callback (widget_class, sync_cb);
  gtk_widget_class_bind_template_callback (widget_class, report_status_cb);
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
  vt_button_wrap_label (self->end_button);

  self->cancellable = g_cancellable_new ();
  self->submissions = g_list_store_new (VT_TYPE_QUEUE_ITEM);
  self->drafts = g_list_store_new (VT_TYPE_DRAFT_ITEM);
  gtk_list_box_bind_model (GTK_LIST_BOX (self->submissions_list), G_LIST_MODEL (self->submissions),
                           create_submission_row, NULL, NULL);
  gtk_list_box_bind_model (GTK_LIST_BOX (self->drafts_list), G_LIST_MODEL (self->drafts),
                           create_draft_row, NULL, NULL);
}

GtkWidget *
vt_clerk_dashboard_new (VtConfig     *config,
                        VtStoreOwner *owner)
{
  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (VT_IS_STORE_OWNER (owner), NULL);

  return g_object_new (VT_TYPE_CLERK_DASHBOARD, "config", config, "store-owner", owner, NULL);
}
