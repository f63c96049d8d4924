#define G_LOG_DOMAIN "vt-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-dropoff.h"
#include "vt-idle-dialog.h"
#include "vt-kiosk-identity.h"
#include "vt-keyboard.h"
#include "vt-language.h"
#include "vt-receipt-page.h"
#include "vt-services-page.h"
#include "vt-welcome-page.h"
#include "vt-window-private.h"

G_DEFINE_FINAL_TYPE (VtWindow, vt_window, GTK_TYPE_APPLICATION_WINDOW)

static const guint text_scales[] = { 100, 150, 200 };

static void hide_idle_dialog (VtWindow *self);

/* The pixel size of 100% text; everything else in style.css is in em. */
#define BASE_FONT_PX 20

/* A citizen must not be able to close the kiosk; only clerk mode (or a
 * shutdown) lifts this. */
static gboolean
vt_window_close_request (GtkWindow *window)
{
  VtWindow *self = VT_WINDOW (window);

  if (!self->allow_close)
    {
      g_debug ("Refusing to close the kiosk window");
      return TRUE;
    }

  return GTK_WINDOW_CLASS (vt_window_parent_class)->close_request (window);
}

/* The compositor (Cage on a kiosk) honours the fullscreen request; a bare
 * X server with no window manager does not, so the window also asks for the
 * size of the first monitor before it is shown. */
static void
vt_window_realize (GtkWidget *widget)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (widget));
  g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, 0);

  if (monitor != NULL)
    {
      GdkRectangle geometry;

      gdk_monitor_get_geometry (monitor, &geometry);
      gtk_window_set_default_size (GTK_WINDOW (widget), geometry.width, geometry.height);
    }

  GTK_WIDGET_CLASS (vt_window_parent_class)->realize (widget);
}

/* ---- display settings ------------------------------------------------- */

static void
apply_text_scale (VtWindow *self)
{
  g_autofree char *css = g_strdup_printf ("window.kiosk { font-size: %upx; }",
                                          BASE_FONT_PX * text_scales[self->text_scale_index] / 100);

  gtk_css_provider_load_from_data (self->scale_provider, css, -1);
}

void
vt_window_update_chrome (VtWindow *self)
{
  const VtLanguage *language = vt_language_lookup (vt_language_get_current ());
  g_autofree char *size = NULL;
  GtkWidget *child;

  gtk_window_set_title (GTK_WINDOW (self), _("Ventanilla"));
  /* Translators: the kiosk's name in the top bar. */
  gtk_label_set_text (GTK_LABEL (self->brand_label), _("Ventanilla · Public services"));

  /* Translators: the button that makes all text larger; %u is 100, 150 or 200. */
  size = g_strdup_printf (_("Larger text: %u%%"), text_scales[self->text_scale_index]);
  gtk_button_set_label (GTK_BUTTON (self->text_size_button), size);
  gtk_button_set_label (GTK_BUTTON (self->contrast_button), _("High contrast"));

  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->language_button),
                             language != NULL ? language->native_name : "English");
  /* The keyboard's layout and key names follow the language of the page. */
  vt_keyboard_set_language (VT_KEYBOARD (self->keyboard), vt_language_get_current ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->language_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Change the language"),
                                  -1);

  while ((child = gtk_widget_get_first_child (self->language_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->language_box), child);
  for (guint i = 0; self->config->languages[i] != NULL; i++)
    {
      const VtLanguage *l = vt_language_lookup (self->config->languages[i]);
      GtkWidget *button;

      if (l == NULL)
        continue;
      button = gtk_button_new_with_label (l->native_name);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.language");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", l->code);
      gtk_box_append (GTK_BOX (self->language_box), button);
    }

  vt_window_refresh_status (self);
}

static void
text_size_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  VtWindow *self = user_data;

  self->text_scale_index = (self->text_scale_index + 1) % G_N_ELEMENTS (text_scales);
  apply_text_scale (self);
  vt_window_update_chrome (self);
}

static void
high_contrast_changed (GSimpleAction *action,
                       GVariant      *value,
                       gpointer       user_data)
{
  VtWindow *self = user_data;

  self->high_contrast = g_variant_get_boolean (value);
  g_simple_action_set_state (action, value);
  if (self->high_contrast)
    gtk_widget_add_css_class (GTK_WIDGET (self), "high-contrast");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "high-contrast");
}

/* Changing language rebuilds every label; the answers live in the session,
 * not in the widgets, so none is lost. */
void
vt_window_set_language (VtWindow   *self,
                        const char *code)
{
  vt_language_apply (code);
  vt_window_language_changed (self);
  vt_window_update_chrome (self);
  vt_window_show_screen (self, self->screen);
}

static void
language_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  VtWindow *self = user_data;

  gtk_popover_popdown (GTK_POPOVER (self->language_popover));
  vt_window_set_language (self, g_variant_get_string (parameter, NULL));
}

/* ---- screens ---------------------------------------------------------- */

static void
language_chosen_cb (VtWelcomePage *page,
                    const char    *code,
                    VtWindow      *self)
{
  vt_language_apply (code);
  vt_window_language_changed (self);
  vt_window_update_chrome (self);
  vt_window_show_screen (self, VT_SCREEN_SERVICES);
}

static void
services_back_cb (VtServicesPage *page,
                  VtWindow       *self)
{
  vt_window_show_screen (self, VT_SCREEN_WELCOME);
}

static void
service_chosen_cb (VtServicesPage *page,
                   const char     *form_id,
                   VtWindow       *self)
{
  vt_window_start_service (self, form_id);
}

static void
receipt_finish_cb (VtReceiptPage *page,
                   VtWindow      *self)
{
  vt_window_reset (self);
}

static gboolean
receipt_timeout_cb (gpointer data)
{
  VtWindow *self = data;

  self->receipt_timeout_id = 0;
  g_debug ("The receipt has been on screen long enough");
  vt_window_reset (self);
  return G_SOURCE_REMOVE;
}

static GtkWidget *
build_screen (VtWindow *self,
              VtScreen  screen)
{
  GtkWidget *page = NULL;

  switch (screen)
    {
    case VT_SCREEN_WELCOME:
      page = vt_welcome_page_new ((const char * const *) self->config->languages);
      g_signal_connect (page, "language-chosen", G_CALLBACK (language_chosen_cb), self);
      break;

    case VT_SCREEN_SERVICES:
      {
        g_autoptr(GPtrArray) items = vt_application_dup_services (self->app, vt_language_get_current ());

        page = vt_services_page_new (items);
        g_signal_connect (page, "back", G_CALLBACK (services_back_cb), self);
        g_signal_connect (page, "service-chosen", G_CALLBACK (service_chosen_cb), self);
      }
      break;

    case VT_SCREEN_QUESTION:
    case VT_SCREEN_REVIEW:
    case VT_SCREEN_CONSENT:
      page = vt_window_build_form_screen (self, screen);
      break;

    case VT_SCREEN_RECEIPT:
      if (self->receipt != NULL)
        {
          page = vt_receipt_page_new (self->receipt->reference_code,
                                      self->receipt->instance_id,
                                      self->receipt->service_title,
                                      self->config->office_name,
                                      self->receipt->created_at,
                                      self->receipt->sent);
          vt_receipt_page_set_files (VT_RECEIPT_PAGE (page), (const char * const *) self->receipt->files);
          if (self->receipt->qr_text != NULL)
            vt_receipt_page_set_qr_text (VT_RECEIPT_PAGE (page), self->receipt->qr_text);
          g_signal_connect (page, "finish", G_CALLBACK (receipt_finish_cb), self);
        }
      break;

    default:
      g_assert_not_reached ();
    }

  return page;
}

/* Moves focus to the first heading-like target of a page so a screen
 * reader starts reading at the top. */
static void
focus_page (VtWindow  *self,
            GtkWidget *page)
{
  GtkWidget *target = g_object_get_data (G_OBJECT (page), "vt-initial-focus");

  if (target == NULL)
    target = page;
  if (gtk_widget_get_focusable (target) && gtk_widget_grab_focus (target))
    {
      /* Focus moved to an error summary: show where it is, as a keyboard
       * user would see it. */
      gtk_window_set_focus_visible (GTK_WINDOW (self), TRUE);
      return;
    }
  if (!gtk_widget_child_focus (target, GTK_DIR_TAB_FORWARD))
    gtk_widget_grab_focus (target);
}

void
vt_window_show_screen (VtWindow *self,
                       VtScreen  screen)
{
  GtkWidget *page = build_screen (self, screen);
  GtkWidget *old = self->page;

  if (page == NULL)
    {
      /* Nothing to show there (no session any more): back to the start. */
      screen = VT_SCREEN_WELCOME;
      page = build_screen (self, screen);
    }

  self->screen = screen;
  self->page = page;
  gtk_stack_add_child (GTK_STACK (self->stack), page);
  gtk_stack_set_visible_child (GTK_STACK (self->stack), page);
  if (old != NULL)
    gtk_stack_remove (GTK_STACK (self->stack), old);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);

  /* The idle guard protects answers wherever they are kept (Back to
   * Welcome keeps them for a change of language); the receipt has its
   * own clock. */
  vt_idle_guard_set_active (self->idle_guard,
                            screen != VT_SCREEN_RECEIPT &&
                            (screen != VT_SCREEN_WELCOME || self->session != NULL));
  g_clear_handle_id (&self->receipt_timeout_id, g_source_remove);
  if (screen == VT_SCREEN_RECEIPT)
    /* In the idle guard's seconds, so tests can shorten both together. */
    self->receipt_timeout_id = g_timeout_add ((guint) MIN ((guint64) self->config->receipt_seconds *
                                                           vt_idle_guard_get_tick_ms (self->idle_guard),
                                                           G_MAXUINT),
                                              receipt_timeout_cb, self);

  vt_window_clerk_update (self);
  focus_page (self, page);
}

/* Nothing typed may reach the next citizen through the clipboard (GtkText
 * copies and puts a selection there): both are emptied. */
static void
clear_clipboards (VtWindow *self)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));

  gdk_clipboard_set_content (gdk_display_get_clipboard (display), NULL);
  gdk_clipboard_set_content (gdk_display_get_primary_clipboard (display), NULL);
}

/* Forgets everything about the last citizen: answers, receipt, language and
 * display settings; back to Welcome for the next person. */
void
vt_window_reset (VtWindow *self)
{
  vt_window_end_session (self);
  clear_clipboards (self);
  vt_keyboard_reset (VT_KEYBOARD (self->keyboard));
  /* The idle wipe unmounts a stick left in, session or not. */
  vt_devices_release (self->devices);
  g_clear_pointer (&self->receipt, vt_window_receipt_free);
  vt_window_clerk_reset (self);
  hide_idle_dialog (self);

  self->text_scale_index = 0;
  apply_text_scale (self);
  g_action_group_change_action_state (G_ACTION_GROUP (self), "high-contrast",
                                      g_variant_new_boolean (FALSE));
  vt_language_apply (self->config->languages[0]);
  vt_window_language_changed (self);
  vt_window_update_chrome (self);
  vt_window_show_screen (self, VT_SCREEN_WELCOME);
}

/* The receipt's signed QR text; a kiosk whose key cannot be used still
 * gives the citizen a receipt, with the unsigned code, and says why in the
 * journal (the message says how to fix it). */
char *
vt_window_sign_receipt (VtWindow   *self,
                        VtStore    *store,
                        const char *instance_id)
{
  g_autoptr(GError) error = NULL;
  char *text = vt_kiosk_identity_sign_receipt (store, self->config->data_dir, instance_id, &error);

  if (text == NULL)
    g_message ("The receipt is not signed: %s", error->message);
  return text;
}

void
vt_window_receipt_free (VtWindowReceipt *receipt)
{
  if (receipt == NULL)
    return;
  g_free (receipt->reference_code);
  g_free (receipt->instance_id);
  g_free (receipt->service_title);
  g_strfreev (receipt->files);
  g_free (receipt->qr_text);
  g_free (receipt);
}

/* ---- idle guard -------------------------------------------------------- */

static void
hide_idle_dialog (VtWindow *self)
{
  gtk_widget_set_visible (self->scrim, FALSE);
  gtk_widget_set_sensitive (self->content, TRUE);
}

static void
idle_warning_cb (VtIdleGuard *guard,
                 guint        remaining,
                 VtWindow    *self)
{
  vt_idle_dialog_set_remaining (VT_IDLE_DIALOG (self->idle_dialog), remaining);
  /* Focus moves to the dialog first, so the field being typed in gets its
   * focus-out; then nothing behind the dialog can be reached. */
  gtk_widget_set_visible (self->scrim, TRUE);
  gtk_widget_grab_focus (vt_idle_dialog_get_button (VT_IDLE_DIALOG (self->idle_dialog)));
  gtk_widget_set_sensitive (self->content, FALSE);
}

static void
idle_tick_cb (VtIdleGuard *guard,
              guint        remaining,
              VtWindow    *self)
{
  vt_idle_dialog_set_remaining (VT_IDLE_DIALOG (self->idle_dialog), remaining);
}

/* A session ends without an application: one more abandoned on the page
 * it was on, and nothing else of it (vt-dropoff.h). */
static void
count_dropoff (VtWindow   *self,
               const char *reason)
{
  g_autoptr(GError) error = NULL;
  const char *page;
  VtStore *store;

  if (self->session == NULL || self->form == NULL)
    return;
  if (self->screen == VT_SCREEN_REVIEW)
    page = VT_DROPOFF_PAGE_REVIEW;
  else if (self->screen == VT_SCREEN_CONSENT)
    page = VT_DROPOFF_PAGE_CONSENT;
  else if (self->page_id != NULL)
    page = self->page_id;
  else
    return;
  store = vt_application_get_store (self->app, &error);
  if (store == NULL ||
      !vt_dropoff_record (store, vt_form_get_id (self->form), vt_form_get_version (self->form), page, reason, &error))
    g_message ("An abandoned application was not counted: %s", error->message);
}

static void
idle_expired_cb (VtIdleGuard *guard,
                 VtWindow    *self)
{
  g_message ("No answer to “Do you need more time?”: wiping the session");
  count_dropoff (self, VT_DROPOFF_IDLE);
  vt_window_reset (self);
}

static void
more_time_cb (VtWindow *self)
{
  hide_idle_dialog (self);
  vt_idle_guard_extend (self->idle_guard);
  focus_page (self, self->page);
}

static void
start_again_cb (VtWindow *self)
{
  count_dropoff (self, VT_DROPOFF_START_AGAIN);
  vt_window_reset (self);
}

static gboolean
input_event_cb (GtkEventControllerLegacy *controller,
                GdkEvent                 *event,
                VtWindow                 *self)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_SCROLL:
    case GDK_MOTION_NOTIFY:
      vt_idle_guard_reset (self->idle_guard);
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

/* ---- status line ------------------------------------------------------- */

void
vt_window_set_status (VtWindow *self,
                      gboolean  online,
                      gboolean  syncing,
                      guint     waiting)
{
  g_return_if_fail (VT_IS_WINDOW (self));

  self->status_known = TRUE;
  self->status_online = online;
  self->status_syncing = syncing;
  self->status_waiting = waiting;
  vt_window_refresh_status (self);
}

void
vt_window_refresh_status (VtWindow *self)
{
  g_autofree char *waiting = NULL;
  g_autofree char *text = NULL;
  const char *connection;

  if (!self->status_known)
    {
      gtk_label_set_text (GTK_LABEL (self->status_label), "");
      return;
    }

  if (self->status_syncing)
    connection = _("Online: sending applications now.");
  else if (self->status_online)
    connection = _("Online.");
  else
    /* Translators: the status line when the kiosk has no connection to the office's server. */
    connection = _("Offline: applications are kept safely on this kiosk.");

  if (self->status_waiting == 0)
    waiting = g_strdup (_("No applications are waiting to be sent."));
  else
    waiting = g_strdup_printf (ngettext ("%u application is waiting to be sent.",
                                         "%u applications are waiting to be sent.",
                                         self->status_waiting),
                               self->status_waiting);
  text = g_strdup_printf ("%s %s", connection, waiting);
  gtk_label_set_text (GTK_LABEL (self->status_label), text);
}

/* ---- object ------------------------------------------------------------ */

static void
vt_window_dispose (GObject *object)
{
  VtWindow *self = VT_WINDOW (object);

  g_clear_handle_id (&self->receipt_timeout_id, g_source_remove);
  if (self->idle_guard != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->idle_guard, self);
      vt_idle_guard_set_active (self->idle_guard, FALSE);
    }
  g_clear_object (&self->idle_guard);
  vt_window_end_session (self);
  g_clear_object (&self->devices);
  g_clear_pointer (&self->receipt, vt_window_receipt_free);
  if (self->scale_provider != NULL)
    {
      gtk_style_context_remove_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                     GTK_STYLE_PROVIDER (self->scale_provider));
      g_clear_object (&self->scale_provider);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), VT_TYPE_WINDOW);
  vt_window_teardown_clerk (self);

  G_OBJECT_CLASS (vt_window_parent_class)->dispose (object);
}

static void
vt_window_class_init (VtWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = vt_window_dispose;
  widget_class->realize = vt_window_realize;
  window_class->close_request = vt_window_close_request;

  g_type_ensure (VT_TYPE_IDLE_DIALOG);
  g_type_ensure (VT_TYPE_KEYBOARD);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/ventanilla/Kiosk/vt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VtWindow, overlay);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, content);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, scrim);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, idle_dialog);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, brand_label);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, language_button);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, language_popover);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, language_box);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, text_size_button);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, contrast_button);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, scroller);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, keyboard);
  gtk_widget_class_bind_template_callback (widget_class, more_time_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_again_cb);
}

static void
vt_window_init (VtWindow *self)
{
  static const GActionEntry actions[] = {
    { "text-size", text_size_activated, NULL, NULL, NULL },
    { "high-contrast", NULL, NULL, "false", high_contrast_changed },
    { "language", language_activated, "s", NULL, NULL },
  };
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);

  self->scale_provider = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (self->scale_provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  apply_text_scale (self);

  /* Every touch, key or pointer movement counts as someone being there. */
  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (input_event_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gtk_window_fullscreen (GTK_WINDOW (self));
}

/* The services may arrive a moment after the window: show them then. */
static void
catalogue_loaded_cb (VtApplication *app,
                     VtWindow      *self)
{
  if (self->screen == VT_SCREEN_SERVICES)
    vt_window_show_screen (self, VT_SCREEN_SERVICES);
}

VtWindow *
vt_window_new (VtApplication *app)
{
  VtWindow *self = g_object_new (VT_TYPE_WINDOW, "application", app, NULL);

  self->app = app;
  self->config = vt_application_get_config (app);
  self->idle_guard = vt_idle_guard_new (self->config->idle_seconds, self->config->countdown_seconds);
  self->devices = vt_devices_new (self->config);
  g_signal_connect (self->idle_guard, "warning", G_CALLBACK (idle_warning_cb), self);
  g_signal_connect (self->idle_guard, "tick", G_CALLBACK (idle_tick_cb), self);
  g_signal_connect (self->idle_guard, "expired", G_CALLBACK (idle_expired_cb), self);
  vt_keyboard_set_mode (VT_KEYBOARD (self->keyboard), self->config->on_screen_keyboard);

  if (vt_language_lookup (vt_language_get_current ()) == NULL ||
      g_getenv ("LANGUAGE") == NULL)
    vt_language_apply (self->config->languages[0]);
  vt_window_update_chrome (self);
  vt_window_setup_clerk (self);
  vt_window_show_screen (self, VT_SCREEN_WELCOME);
  g_signal_connect_object (app, "catalogue-loaded", G_CALLBACK (catalogue_loaded_cb), self, 0);
  vt_application_refresh_status (app);
  return self;
}

void
vt_window_set_allow_close (VtWindow *self,
                           gboolean  allow)
{
  g_return_if_fail (VT_IS_WINDOW (self));

  self->allow_close = !!allow;
}

VtScreen
vt_window_get_screen (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), VT_SCREEN_WELCOME);
  return self->screen;
}

GtkWidget *
vt_window_get_page (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return self->page;
}

VtIdleGuard *
vt_window_get_idle_guard (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return self->idle_guard;
}

GtkWidget *
vt_window_get_idle_dialog (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return gtk_widget_get_visible (self->scrim) ? self->idle_dialog : NULL;
}

guint
vt_window_get_text_scale (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), 100);
  return text_scales[self->text_scale_index];
}

gboolean
vt_window_get_high_contrast (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), FALSE);
  return self->high_contrast;
}

GtkWidget *
vt_window_get_keyboard (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return self->keyboard;
}

const char *
vt_window_get_status_text (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->status_label));
}
