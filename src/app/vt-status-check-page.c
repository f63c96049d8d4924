#define G_LOG_DOMAIN "vt-status-check-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vt-kiosk-identity.h"
#include "vt-kiosk-key.h"
#include "vt-language.h"
#include "vt-screen-page.h"
#include "vt-status-check-page.h"
#include "vt-status-list.h"
#include "vt-wipe.h"

/* "Check an application": a field for the code, the answer under it. */
struct _VtStatusCheckPage
{
  GtkBox         parent_instance;

  GtkWidget     *code_entry;
  GtkWidget     *check_button;
  GtkWidget     *result_box;
  GtkWidget     *result_heading;
  GtkWidget     *result_detail;
  GtkWidget     *result_message;
  GtkWidget     *result_advice;

  VtStoreOwner  *owner;
  char          *data_dir;
  char          *trusted_kiosks;   /* or NULL */
  char          *status_list;      /* or NULL */
  GCancellable  *cancellable;      /* cancelled when the page goes */
  guint          serial;           /* of the newest check asked for */

  gboolean            shown;
  VtStatusCheckResult result;
  guint               scroll_id;   /* tick callback bringing the answer into sight */
  guint               scroll_ticks;
};

enum {
  BACK,
  CHECKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void vt_status_check_page_screen_page_init (VtScreenPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VtStatusCheckPage, vt_status_check_page, GTK_TYPE_BOX,
                               G_IMPLEMENT_INTERFACE (VT_TYPE_SCREEN_PAGE, vt_status_check_page_screen_page_init))

/* ---- on the store owner's worker ---------------------------------------- */

typedef struct
{
  char *text;                      /* what was typed or scanned: wiped */
  char *data_dir;
  char *trusted_kiosks;
  char *status_list;
  char *language;
} CheckData;

static void
check_data_free (CheckData *data)
{
  vt_wipe_free (data->text);
  g_free (data->data_dir);
  g_free (data->trusted_kiosks);
  g_free (data->status_list);
  g_free (data->language);
  g_free (data);
}

/* The kiosk's own key (never made here: a kiosk without one has issued no
 * signed receipt), the trusted kiosks' and the municipality's list, read
 * anew for each check so a list that arrived with a form counts at once.
 * What cannot be read is logged (never the text) and left out: the page
 * then says what the kiosk knows without it. */
static gpointer
check_func (VtStore  *store,
            gpointer  user_data,
            GError  **error)
{
  CheckData *data = user_data;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VtKioskKey) own_key = NULL;
  g_autofree char *own_id = NULL;
  g_autoptr(VtKioskKeyList) keys = NULL;
  g_autoptr(VtStatusList) list = NULL;

  own_key = vt_kiosk_key_load_existing (data->data_dir, &local_error);
  if (local_error != NULL)
    {
      g_message ("Receipts of this kiosk cannot be checked: %s", local_error->message);
      g_clear_error (&local_error);
    }
  if (own_key != NULL)
    {
      own_id = vt_kiosk_identity_get (store, &local_error);
      if (own_id == NULL)
        {
          g_message ("This kiosk's id cannot be read: %s", local_error->message);
          g_clear_error (&local_error);
        }
    }
  keys = vt_status_check_load_keys (own_key, own_id, data->trusted_kiosks, &local_error);
  if (keys == NULL)
    {
      g_message ("The trusted kiosks' keys cannot be read: %s", local_error->message);
      g_clear_error (&local_error);
      keys = vt_status_check_load_keys (own_key, own_id, NULL, NULL);
    }
  if (data->status_list != NULL)
    {
      list = vt_status_check_load_list (store, data->status_list, &local_error);
      if (local_error != NULL)
        g_message ("%s", local_error->message);
    }

  return vt_status_check_run (data->text, store, keys, list, data->language);
}

/* ---- the answer in words ------------------------------------------------- */

static void
set_optional_label (GtkWidget  *label,
                    const char *text)
{
  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
  gtk_widget_set_visible (label, text != NULL && *text != '\0');
}

/* "Business permit, applied on 28 November 2026. Reference code 7KQM-4TZC." */
static char *
dup_application_line (const VtStatusCheck *check)
{
  g_autoptr(GString) line = g_string_new (NULL);

  if (check->service_title != NULL && check->issued_at > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (check->issued_at / G_USEC_PER_SEC);
      g_autofree char *date = vt_language_format_date (when);

      /* Translators: %1$s is the service's name, %2$s the date the application was made. */
      g_string_append_printf (line, _("%1$s, applied for on %2$s."), check->service_title, date);
    }
  else if (check->issued_at > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (check->issued_at / G_USEC_PER_SEC);
      g_autofree char *date = vt_language_format_date (when);

      /* Translators: %s is the date the application was made. */
      g_string_append_printf (line, _("Applied for on %s."), date);
    }
  if (check->reference_code != NULL)
    {
      if (line->len > 0)
        g_string_append_c (line, ' ');
      /* A word joiner after the dash: the code never breaks across lines. */
      g_auto(GStrv) halves = g_strsplit (check->reference_code, "-", 2);
      g_autofree char *unbroken = g_strjoinv ("-\u2060", halves);

      /* Translators: %s is a reference code such as 7KQM-4TZC. */
      g_string_append_printf (line, _("Reference code %s."), unbroken);
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* The answer must be in sight at 200 % text or on a short screen too:
 * once it has been laid out (a frame after it appears), the page's
 * scrolled window scrolls to show all of it, or its top if it is taller. */
static gboolean
scroll_to_answer_cb (GtkWidget     *widget,
                     GdkFrameClock *clock,
                     gpointer       user_data)
{
  VtStatusCheckPage *self = user_data;
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;
  GtkAdjustment *adjustment;
  double value, target, page;

  /* Its size settles over a frame or two (wrapped labels, the scrolled
   * window's range): try on each until it shows, for a few frames. */
  if (self->scroll_ticks++ < 1)
    return G_SOURCE_CONTINUE;
  if (scroller == NULL || !gtk_widget_compute_bounds (widget, scroller, &bounds) || self->scroll_ticks > 10)
    {
      self->scroll_id = 0;
      return G_SOURCE_REMOVE;
    }
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  page = gtk_widget_get_height (scroller);
  value = gtk_adjustment_get_value (adjustment);
  target = value;
  if (bounds.origin.y + bounds.size.height > page)
    target = value + bounds.origin.y + bounds.size.height - page;
  if (bounds.origin.y - (target - value) < 0)
    target = value + bounds.origin.y;
  if (target == value && self->scroll_ticks > 2)
    {
      self->scroll_id = 0;
      return G_SOURCE_REMOVE;
    }
  gtk_adjustment_set_value (adjustment, target);
  return G_SOURCE_CONTINUE;
}

static void
show_answer (VtStatusCheckPage   *self,
             VtStatusCheckResult  result,
             const char          *heading,
             const char          *detail,
             const char          *message,
             const char          *advice)
{
  gboolean problem = result == VT_STATUS_CHECK_INVALID || result == VT_STATUS_CHECK_UNKNOWN;

  self->shown = TRUE;
  self->result = result;
  gtk_label_set_text (GTK_LABEL (self->result_heading), heading);
  set_optional_label (self->result_detail, detail);
  set_optional_label (self->result_message, message);
  set_optional_label (self->result_advice, advice);
  if (problem)
    {
      gtk_widget_remove_css_class (self->result_box, "notice");
      gtk_widget_add_css_class (self->result_box, "error-summary");
      gtk_widget_add_css_class (self->result_heading, "error-message");
    }
  else
    {
      gtk_widget_remove_css_class (self->result_box, "error-summary");
      gtk_widget_remove_css_class (self->result_heading, "error-message");
      gtk_widget_add_css_class (self->result_box, "notice");
    }
  gtk_widget_set_visible (self->result_box, TRUE);
  gtk_widget_set_sensitive (self->check_button, TRUE);
  /* A screen reader reads the answer first (its heading names it, the
   * rest describes it); the next scan still goes to the field
   * (key_pressed_cb). */
  {
    g_autofree char *text = vt_status_check_page_dup_text (self);
    const char *description = strchr (text, '\n');

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->result_box),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description != NULL ? description + 1 : "",
                                    -1);
  }
  gtk_widget_grab_focus (self->result_box);
  self->scroll_ticks = 0;
  if (self->scroll_id == 0)
    self->scroll_id = gtk_widget_add_tick_callback (self->result_box, scroll_to_answer_cb, self, NULL);
  g_signal_emit (self, signals[CHECKED], 0);
}

static void
show_check (VtStatusCheckPage   *self,
            const VtStatusCheck *check)
{
  g_autofree char *line = dup_application_line (check);
  g_autofree char *message = NULL;
  g_autofree char *note = NULL;
  const char *heading;
  const char *advice = NULL;

  if (check->scanned && !check->genuine && check->problem != NULL && check->result != VT_STATUS_CHECK_INVALID)
    /* Translators: %s says why a scanned receipt could not be confirmed (from the receipt checker). */
    note = g_strdup_printf (_("Note: %s"), check->problem);

  switch (check->result)
    {
    case VT_STATUS_CHECK_INVALID:
      if (check->scanned)
        {
          show_answer (self, check->result, _("This receipt could not be confirmed as genuine"),
                       check->problem, NULL,
                       _("Nothing can be said about an application from it. Please ask at the counter, and "
                         "bring the receipt with you."));
        }
      else
        {
          show_answer (self, check->result, _("This code could not be read"), check->problem, NULL,
                       _("Check the code on your receipt and type it again, or show the receipt's QR code to "
                         "the scanner. If it still does not work, please ask at the counter."));
        }
      return;

    case VT_STATUS_CHECK_UNKNOWN:
      show_answer (self, check->result, _("Nothing is known about this application here yet"), line, note,
                   _("Check that the code is the one printed on your receipt. If it is, the office has not "
                     "published anything about this application yet: check again in a few days, or ask at "
                     "the counter."));
      return;

    case VT_STATUS_CHECK_WAITING:
      heading = _("Your application is on this kiosk, waiting to be sent");
      advice = _("It is stored safely here and will be sent to the office as soon as the kiosk is "
                 "connected. You do not need to do anything.");
      break;

    case VT_STATUS_CHECK_HELD:
      heading = _("Your application needs the staff's attention");
      advice = _("It is stored on this kiosk but could not be sent. Please ask at the counter and show "
                 "your reference code.");
      break;

    case VT_STATUS_CHECK_SENT:
      heading = _("The office has received your application");
      advice = _("There is no decision yet. Check again in a few days.");
      break;

    case VT_STATUS_CHECK_DECIDED:
    default:
      heading = vt_status_list_describe_state (check->state);
      if (heading == NULL)
        heading = check->state;
      if (check->message != NULL && *check->message != '\0')
        /* Translators: %s is the municipality's own message about the application. */
        message = g_strdup_printf (_("Message from the office: %s"), check->message);
      break;
    }

  if (note != NULL)
    {
      g_autofree char *joined = message != NULL ? g_strconcat (message, "\n", note, NULL) : g_strdup (note);

      g_free (message);
      message = g_steal_pointer (&joined);
    }
  show_answer (self, check->result, heading, line, message, advice);
}

typedef struct
{
  VtStatusCheckPage *page;         /* no reference: the page cancels when it goes */
  GCancellable      *cancellable;
  guint              serial;
} CheckReply;

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  CheckReply *reply = user_data;
  VtStatusCheckPage *self = reply->page;
  g_autoptr(GCancellable) cancellable = reply->cancellable;
  guint serial = reply->serial;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStatusCheck) check = vt_store_owner_run_finish (VT_STORE_OWNER (source), result, &error);

  g_free (reply);
  /* The page went, or a newer check was asked for. */
  if (g_cancellable_is_cancelled (cancellable) || serial != self->serial)
    return;
  if (check == NULL)
    {
      g_message ("The application could not be checked: %s", error != NULL ? error->message : "no answer");
      show_answer (self, VT_STATUS_CHECK_UNKNOWN, _("The kiosk cannot check applications at the moment"),
                   NULL, NULL, _("Please try again in a moment, or ask at the counter."));
      return;
    }
  show_check (self, check);
}

static void
check_cb (VtStatusCheckPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->code_entry));
  CheckData *data;
  CheckReply *reply;
  const char *c;

  self->serial++;
  for (c = text; g_ascii_isspace (*c); c++)
    ;
  if (*c == '\0')
    {
      show_answer (self, VT_STATUS_CHECK_INVALID, _("Type your reference code first"), NULL, NULL,
                   _("It is printed on your receipt, under “Your reference code”, like 7KQM-4TZC. Or show "
                     "the receipt's QR code to the scanner."));
      gtk_widget_grab_focus (self->code_entry);
      return;
    }

  data = g_new0 (CheckData, 1);
  data->text = g_strdup (text);
  data->data_dir = g_strdup (self->data_dir);
  data->trusted_kiosks = g_strdup (self->trusted_kiosks);
  data->status_list = g_strdup (self->status_list);
  data->language = g_strdup (vt_language_get_current ());
  reply = g_new0 (CheckReply, 1);
  reply->page = self;
  reply->cancellable = g_object_ref (self->cancellable);
  reply->serial = self->serial;
  gtk_widget_set_sensitive (self->check_button, FALSE);
  vt_store_owner_run_async (self->owner, check_func, data, (GDestroyNotify) check_data_free,
                            (GDestroyNotify) vt_status_check_free, self->cancellable, checked_cb, reply);
}

static void
code_changed_cb (VtStatusCheckPage *self)
{
  /* An answer about another code must not stand under a new one. */
  gtk_widget_set_visible (self->result_box, FALSE);
}

static void
back_clicked_cb (VtStatusCheckPage *self)
{
  g_signal_emit (self, signals[BACK], 0);
}

/* A USB scanner types wherever focus is: a character typed while the field
 * does not have focus (the answer has it, or a button) goes to the field,
 * replacing what it held, as a new code should. */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                VtStatusCheckPage     *self)
{
  GtkWidget *text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (self->code_entry)));
  gunichar c = gdk_keyval_to_unicode (keyval);

  if (gtk_widget_has_focus (text) || c == 0 || !g_unichar_isgraph (c) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;
  gtk_editable_set_text (GTK_EDITABLE (self->code_entry), "");
  gtk_widget_grab_focus (self->code_entry);
  return gtk_event_controller_key_forward (GTK_EVENT_CONTROLLER_KEY (controller), text);
}

/* ---- object -------------------------------------------------------------- */

static void
vt_status_check_page_dispose (GObject *object)
{
  VtStatusCheckPage *self = VT_STATUS_CHECK_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->scroll_id != 0 && self->result_box != NULL)
    gtk_widget_remove_tick_callback (self->result_box, self->scroll_id);
  self->scroll_id = 0;
  /* GtkEntryBuffer overwrites the text it drops. */
  if (self->code_entry != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->code_entry), "");
  if (self->result_detail != NULL)
    gtk_label_set_text (GTK_LABEL (self->result_detail), "");
  gtk_widget_dispose_template (GTK_WIDGET (self), VT_TYPE_STATUS_CHECK_PAGE);

  G_OBJECT_CLASS (vt_status_check_page_parent_class)->dispose (object);
}

static void
vt_status_check_page_finalize (GObject *object)
{
  VtStatusCheckPage *self = VT_STATUS_CHECK_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->owner);
  g_free (self->data_dir);
  g_free (self->trusted_kiosks);
  g_free (self->status_list);

  G_OBJECT_CLASS (vt_status_check_page_parent_class)->finalize (object);
}

static GtkWidget *
vt_status_check_page_get_initial_focus (VtScreenPage *page)
{
  return VT_STATUS_CHECK_PAGE (page)->code_entry;
}

static void
vt_status_check_page_screen_page_init (VtScreenPageInterface *iface)
{
  iface->get_initial_focus = vt_status_check_page_get_initial_focus;
}

static void
vt_status_check_page_class_init (VtStatusCheckPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_status_check_page_dispose;
  object_class->finalize = vt_status_check_page_finalize;

  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CHECKED] = g_signal_new ("checked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ventanilla/Kiosk/vt-status-check-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VtStatusCheckPage, code_entry);
  gtk_widget_class_bind_template_child (widget_class, VtStatusCheckPage, check_button);
  gtk_widget_class_bind_template_child (widget_class, VtStatusCheckPage, result_box);
  gtk_widget_class_bind_template_child (widget_class, VtStatusCheckPage, result_heading);
  gtk_widget_class_bind_template_child (widget_class, VtStatusCheckPage, result_detail);
  gtk_widget_class_bind_template_child (widget_class, VtStatusCheckPage, result_message);
  gtk_widget_class_bind_template_child (widget_class, VtStatusCheckPage, result_advice);
  gtk_widget_class_bind_template_callback (widget_class, check_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
}

static void
vt_status_check_page_init (VtStatusCheckPage *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

GtkWidget *
vt_status_check_page_new (const VtConfig *config,
                          VtStoreOwner   *owner)
{
  VtStatusCheckPage *self;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (VT_IS_STORE_OWNER (owner), NULL);

  self = g_object_new (VT_TYPE_STATUS_CHECK_PAGE, NULL);
  self->owner = g_object_ref (owner);
  self->data_dir = g_strdup (config->data_dir);
  self->trusted_kiosks = g_strdup (config->trusted_kiosks);
  self->status_list = g_strdup (config->status_list);
  return GTK_WIDGET (self);
}

GtkWidget *
vt_status_check_page_get_entry (VtStatusCheckPage *self)
{
  g_return_val_if_fail (VT_IS_STATUS_CHECK_PAGE (self), NULL);
  return self->code_entry;
}

gboolean
vt_status_check_page_get_result (VtStatusCheckPage   *self,
                                 VtStatusCheckResult *result)
{
  g_return_val_if_fail (VT_IS_STATUS_CHECK_PAGE (self), FALSE);

  if (result != NULL)
    *result = self->shown ? self->result : VT_STATUS_CHECK_INVALID;
  return self->shown;
}

char *
vt_status_check_page_dup_text (VtStatusCheckPage *self)
{
  GtkWidget *labels[] = { self->result_heading, self->result_detail, self->result_message, self->result_advice };
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (VT_IS_STATUS_CHECK_PAGE (self), NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (labels); i++)
    if (gtk_widget_get_visible (labels[i]))
      g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", gtk_label_get_text (GTK_LABEL (labels[i])));
  return g_string_free (g_steal_pointer (&text), FALSE);
}
