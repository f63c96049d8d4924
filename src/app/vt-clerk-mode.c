/* Clerk mode: how a clerk gets in (Ctrl+Alt+C, a long press on the
 * corner), the layer with the PIN pad and then the dashboard over the
 * citizen's screens, the PIN checked through the store owner, and the
 * idle timer that ends it. */
#define G_LOG_DOMAIN "vt-clerk-mode"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-clerk.h"
#include "vt-clerk-dashboard.h"
#include "vt-clerk-mode.h"
#include "vt-clerk-pin-pad.h"
#include "vt-language.h"

/* The corner that answers a long press, in pixels from the top-left. */
#define CORNER_SIZE 64
/* The longest long press GTK allows (twice the usual): discreet, hard to
 * trigger by chance. */
#define LONG_PRESS_FACTOR 2.0

struct _VtClerkMode
{
  GObject       parent_instance;

  VtConfig     *config;
  VtStoreOwner *owner;
  GtkWidget    *layer;             /* GtkStack: "pin", "dashboard" */
  GtkWidget    *pin_pad;
  GtkWidget    *dashboard;
  char         *built_for;         /* the language the PIN pad and dashboard speak */
  GtkWindow    *window;            /* weak */

  VtSync       *sync;
  gboolean      active;
  char         *clerk_name;
  guint         idle_ms;
  guint         idle_id;
  GCancellable *verify_cancellable;
  gboolean      checking;          /* a PIN check is under way: one at a time */
};

G_DEFINE_FINAL_TYPE (VtClerkMode, vt_clerk_mode, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ACTIVE,
  PROP_CONFIG,
  PROP_STORE_OWNER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  LEAVE_KIOSK,
  REPRINT,
  START_ASSISTED,
  RESUME_DRAFT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
actor (VtClerkMode *self)
{
  return self->clerk_name != NULL
         ? g_strdup_printf ("%s:%s", VT_STORE_ACTOR_CLERK, self->clerk_name)
         : g_strdup (VT_STORE_ACTOR_CLERK);
}

static void
event_logged_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autofree char *what = user_data;
  g_autoptr(GError) error = NULL;

  if (!vt_store_owner_add_event_finish (VT_STORE_OWNER (source), result, &error))
    g_message ("Could not record “%s”: %s", what, error->message);
}

/* Written by the store owner in the order asked, whatever happens next. */
static void
log_event (VtClerkMode *self,
           const char  *what,
           const char  *detail)
{
  g_autofree char *who = actor (self);

  vt_store_owner_add_event_async (self->owner, NULL, what, who, detail, NULL, event_logged_cb, g_strdup (what));
}

static gboolean
idle_timeout_cb (gpointer data)
{
  VtClerkMode *self = data;

  self->idle_id = 0;
  vt_clerk_mode_end (self, "idle");
  return G_SOURCE_REMOVE;
}

static void
restart_idle (VtClerkMode *self)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (gtk_widget_get_visible (self->layer))
    self->idle_id = g_timeout_add (self->idle_ms, idle_timeout_cb, self);
}

static gboolean
input_cb (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          VtClerkMode              *self)
{
  /* Any touch, click or key keeps clerk mode open; nothing is consumed. */
  if (self->idle_id != 0)
    restart_idle (self);
  return FALSE;
}

static gboolean
shortcut_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   data)
{
  vt_clerk_mode_request (VT_CLERK_MODE (data));
  return TRUE;
}

static void
long_press_cb (GtkGestureLongPress *gesture,
               double               x,
               double               y,
               VtClerkMode         *self)
{
  if (x <= CORNER_SIZE && y <= CORNER_SIZE)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      vt_clerk_mode_request (self);
    }
}

static void build_layer (VtClerkMode *self);

/* The keyboard goes where the clerk looks: the first control of the pad
 * or dashboard, with its ring shown (the citizen's page behind keeps
 * nothing). */
static void
focus_layer (VtClerkMode *self,
             GtkWidget   *page)
{
  GtkRoot *root = gtk_widget_get_root (page);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, page))
    {
      if (VT_IS_CLERK_PIN_PAD (page))
        vt_clerk_pin_pad_grab_focus (VT_CLERK_PIN_PAD (page));
      else if (!gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD))
        gtk_widget_grab_focus (page);
    }
  if (GTK_IS_WINDOW (root))
    gtk_window_set_focus_visible (GTK_WINDOW (root), TRUE);
}

void
vt_clerk_mode_request (VtClerkMode *self)
{
  g_return_if_fail (VT_IS_CLERK_MODE (self));

  /* Built in the language of the day before; the kiosk has changed
   * language since (clerk mode never is on screen meanwhile). */
  if (!gtk_widget_get_visible (self->layer) && g_strcmp0 (self->built_for, vt_language_get_current ()) != 0)
    build_layer (self);

  if (self->active)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->layer), "dashboard");
      gtk_widget_set_visible (self->layer, TRUE);
      focus_layer (self, self->dashboard);
      restart_idle (self);
      return;
    }

  vt_clerk_pin_pad_reset (VT_CLERK_PIN_PAD (self->pin_pad), NULL);
  /* Asked again while a check runs: the pad waits for it, it does not
   * take a second PIN beside it. */
  if (self->checking)
    vt_clerk_pin_pad_set_busy (VT_CLERK_PIN_PAD (self->pin_pad), TRUE);
  gtk_stack_set_visible_child_name (GTK_STACK (self->layer), "pin");
  gtk_widget_set_visible (self->layer, TRUE);
  focus_layer (self, self->pin_pad);
  restart_idle (self);
}

void
vt_clerk_mode_end (VtClerkMode *self,
                   const char  *why)
{
  g_return_if_fail (VT_IS_CLERK_MODE (self));

  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->verify_cancellable != NULL)
    g_cancellable_cancel (self->verify_cancellable);
  vt_clerk_pin_pad_reset (VT_CLERK_PIN_PAD (self->pin_pad), NULL);
  /* The keyboard leaves the hidden layer (the name typed in it too). */
  {
    GtkRoot *root = gtk_widget_get_root (self->layer);
    GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

    if (focus != NULL && gtk_widget_is_ancestor (focus, self->layer))
      gtk_root_set_focus (root, NULL);
  }
  gtk_widget_set_visible (self->layer, FALSE);

  if (self->active)
    {
      log_event (self, "clerk-mode-ended", why);
      self->active = FALSE;
      g_clear_pointer (&self->clerk_name, g_free);
      vt_clerk_dashboard_set_clerk (VT_CLERK_DASHBOARD (self->dashboard), NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
    }
}

/* ------------------------------------------------------------ PIN check */

typedef struct
{
  VtClerkMode  *self;
  char         *name;
  gint64        now;
  GCancellable *cancellable;       /* cancelled when clerk mode ends meanwhile */
} Verify;

static void
verify_free (Verify *verify)
{
  g_object_unref (verify->self);
  g_object_unref (verify->cancellable);
  g_free (verify->name);
  g_free (verify);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Verify, verify_free)

static char *
format_wait (gint64 usec)
{
  gint64 seconds = (MAX (usec, 0) + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;

  if (seconds < 120)
    return g_strdup_printf (ngettext ("%d second", "%d seconds", (int) seconds),
                            (int) seconds);
  return g_strdup_printf (ngettext ("%d minute", "%d minutes", (int) ((seconds + 59) / 60)),
                          (int) ((seconds + 59) / 60));
}

static void
verify_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Verify) verify = user_data;
  VtClerkMode *self = verify->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gint64 locked_until = 0;
  VtClerkPinResult outcome;

  self->checking = FALSE;
  outcome = vt_store_owner_verify_pin_finish (VT_STORE_OWNER (source), result, &locked_until, &error);
  /* Clerk mode ended while it ran; a pad asked for since then was waiting
   * for this check and opens now. */
  if (g_cancellable_is_cancelled (verify->cancellable))
    {
      vt_clerk_pin_pad_reset (VT_CLERK_PIN_PAD (self->pin_pad), NULL);
      return;
    }

  switch (outcome)
    {
    case VT_CLERK_PIN_OK:
      self->active = TRUE;
      g_free (self->clerk_name);
      self->clerk_name = verify->name != NULL && verify->name[0] != '\0' ? g_steal_pointer (&verify->name) : NULL;
      vt_clerk_pin_pad_reset (VT_CLERK_PIN_PAD (self->pin_pad), NULL);
      vt_clerk_dashboard_set_clerk (VT_CLERK_DASHBOARD (self->dashboard), self->clerk_name);
      vt_clerk_dashboard_refresh (VT_CLERK_DASHBOARD (self->dashboard));
      gtk_stack_set_visible_child_name (GTK_STACK (self->layer), "dashboard");
      focus_layer (self, self->dashboard);
      log_event (self, "clerk-mode-started", NULL);
      restart_idle (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
      return;

    case VT_CLERK_PIN_WRONG:
      if (locked_until > verify->now)
        {
          g_autofree char *wait = format_wait (locked_until - verify->now);
          message = g_strdup_printf (_("Wrong PIN. Too many wrong PINs: wait %s before trying again."), wait);
        }
      else
        message = g_strdup (_("Wrong PIN. Try again."));
      break;

    case VT_CLERK_PIN_LOCKED:
      {
        g_autofree char *wait = format_wait (locked_until - g_get_real_time ());
        message = g_strdup_printf (_("Too many wrong PINs: wait %s before trying again."), wait);
      }
      break;

    case VT_CLERK_PIN_NOT_SET:
      message = g_strdup (_("No clerk PIN is set on this kiosk. Technical support sets one with "
                            "“ventanilla-ctl clerk set-pin”."));
      break;

    case VT_CLERK_PIN_ERROR:
    default:
      message = g_strdup (error != NULL ? error->message : _("The PIN could not be checked."));
      break;
    }

  vt_clerk_pin_pad_reset (VT_CLERK_PIN_PAD (self->pin_pad), message);
}

static void
pin_submitted_cb (VtClerkPinPad *pad,
                  const char    *name,
                  const char    *pin,
                  VtClerkMode   *self)
{
  Verify *verify;

  /* One check at a time on this kiosk. */
  if (self->checking)
    return;
  self->checking = TRUE;
  verify = g_new0 (Verify, 1);
  verify->self = g_object_ref (self);
  verify->name = g_strdup (name);
  verify->now = g_get_real_time ();

  vt_clerk_pin_pad_set_busy (pad, TRUE);
  g_clear_object (&self->verify_cancellable);
  self->verify_cancellable = g_cancellable_new ();
  verify->cancellable = g_object_ref (self->verify_cancellable);
  /* Not cancellable itself: a PIN typed is checked and counted, whatever
   * happens to the pad meanwhile (the lockout counts every attempt). */
  vt_store_owner_verify_pin_async (self->owner, pin, verify->now, NULL, verify_done_cb, verify);
}

static void
pin_cancelled_cb (VtClerkPinPad *pad,
                  VtClerkMode   *self)
{
  if (self->checking)
    return;
  vt_clerk_mode_end (self, "cancelled");
}

static void
end_requested_cb (GtkWidget   *dashboard,
                  VtClerkMode *self)
{
  vt_clerk_mode_end (self, "ended by the clerk");
}

static void
leave_requested_cb (GtkWidget   *dashboard,
                    VtClerkMode *self)
{
  if (!self->active)
    return;
  log_event (self, "kiosk-left", NULL);
  g_signal_emit (self, signals[LEAVE_KIOSK], 0);
}

/* What the window carries out for the dashboard. */
static void
reprint_requested_cb (GtkWidget       *dashboard,
                      const VtReceipt *receipt,
                      VtClerkMode     *self)
{
  g_signal_emit (self, signals[REPRINT], 0, receipt);
}

static void
start_assisted_requested_cb (GtkWidget   *dashboard,
                             VtClerkMode *self)
{
  g_signal_emit (self, signals[START_ASSISTED], 0);
}

static void
resume_requested_cb (GtkWidget   *dashboard,
                     const char  *reference,
                     VtClerkMode *self)
{
  g_signal_emit (self, signals[RESUME_DRAFT], 0, reference);
}

void
vt_clerk_mode_show_message (VtClerkMode *self,
                            const char  *text,
                            gboolean     is_error)
{
  g_return_if_fail (VT_IS_CLERK_MODE (self));

  vt_clerk_dashboard_show_message (VT_CLERK_DASHBOARD (self->dashboard), text, is_error);
}

/* ------------------------------------------------------------------- sync */

static void
sync_changed_cb (VtSync      *sync,
                 GParamSpec  *pspec,
                 VtClerkMode *self)
{
  VtSyncStatus status = vt_sync_get_status (sync);
  const char *problem = vt_sync_get_last_error (sync);

  /* A state that needs a clerk says so even before any error text. */
  if (problem == NULL && (status == VT_SYNC_STATUS_AUTH_FAILED || status == VT_SYNC_STATUS_TLS_FAILED
                          || status == VT_SYNC_STATUS_ERROR))
    problem = vt_sync_status_describe (status);
  vt_clerk_dashboard_set_sync_status (VT_CLERK_DASHBOARD (self->dashboard), vt_sync_get_online (sync),
                                      vt_sync_get_last_success (sync), problem);
}

static void
sync_now_cb (GtkWidget   *dashboard,
             VtClerkMode *self)
{
  if (self->sync == NULL)
    return;

  if (vt_sync_get_status (self->sync) == VT_SYNC_STATUS_NOT_CONFIGURED)
    {
      vt_clerk_dashboard_show_message (VT_CLERK_DASHBOARD (self->dashboard),
                                       _("This kiosk has no server to send to. Applications stay safely here; "
                                         "set [server] url in the configuration, or export them to a USB drive."),
                                       TRUE);
      return;
    }

  vt_sync_sync_now (self->sync);
}

static void
report_status_cb (VtClerkMode *self)
{
  vt_sync_report_status (self->sync);
}

VtSync *
vt_clerk_mode_get_sync (VtClerkMode *self)
{
  g_return_val_if_fail (VT_IS_CLERK_MODE (self), NULL);

  return self->sync;
}

void
vt_clerk_mode_set_sync (VtClerkMode *self,
                        VtSync      *sync)
{
  g_return_if_fail (VT_IS_CLERK_MODE (self));
  g_return_if_fail (sync == NULL || VT_IS_SYNC (sync));

  if (self->sync == sync)
    return;
  if (self->sync != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sync, self);
      g_signal_handlers_disconnect_by_func (self->dashboard, sync_now_cb, self);
      g_signal_handlers_disconnect_by_func (self->dashboard, report_status_cb, self);
    }
  g_set_object (&self->sync, sync);
  if (sync != NULL)
    {
      g_signal_connect (sync, "notify", G_CALLBACK (sync_changed_cb), self);
      g_signal_connect (self->dashboard, "sync-now", G_CALLBACK (sync_now_cb), self);
      g_signal_connect_swapped (self->dashboard, "report-status", G_CALLBACK (report_status_cb), self);
      sync_changed_cb (sync, NULL, self);
    }
}

/* ------------------------------------------------------------------ setup */

void
vt_clerk_mode_attach (VtClerkMode *self,
                      GtkWindow   *window,
                      GtkOverlay  *overlay)
{
  GtkEventController *controller;
  GtkShortcut *shortcut;
  GtkGesture *long_press;

  g_return_if_fail (VT_IS_CLERK_MODE (self));
  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (GTK_IS_OVERLAY (overlay));

  g_set_weak_pointer (&self->window, window);
  gtk_overlay_add_overlay (overlay, self->layer);

  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_GLOBAL);
  shortcut = gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control><Alt>c"),
                               gtk_callback_action_new (shortcut_cb, self, NULL));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);

  long_press = gtk_gesture_long_press_new ();
  gtk_gesture_long_press_set_delay_factor (GTK_GESTURE_LONG_PRESS (long_press), LONG_PRESS_FACTOR);
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (long_press), FALSE);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (long_press), GTK_PHASE_CAPTURE);
  g_signal_connect (long_press, "pressed", G_CALLBACK (long_press_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (window), GTK_EVENT_CONTROLLER (long_press));

  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (input_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);
}

gboolean
vt_clerk_mode_get_active (VtClerkMode *self)
{
  g_return_val_if_fail (VT_IS_CLERK_MODE (self), FALSE);
  return self->active;
}

const char *
vt_clerk_mode_get_clerk_name (VtClerkMode *self)
{
  g_return_val_if_fail (VT_IS_CLERK_MODE (self), NULL);
  return self->clerk_name;
}

GtkWidget *
vt_clerk_mode_get_layer (VtClerkMode *self)
{
  g_return_val_if_fail (VT_IS_CLERK_MODE (self), NULL);
  return self->layer;
}

GtkWidget *
vt_clerk_mode_get_pin_pad (VtClerkMode *self)
{
  g_return_val_if_fail (VT_IS_CLERK_MODE (self), NULL);
  return self->pin_pad;
}

GtkWidget *
vt_clerk_mode_get_dashboard (VtClerkMode *self)
{
  g_return_val_if_fail (VT_IS_CLERK_MODE (self), NULL);
  return self->dashboard;
}

void
vt_clerk_mode_set_idle_timeout_ms (VtClerkMode *self,
                                   guint        ms)
{
  g_return_if_fail (VT_IS_CLERK_MODE (self));

  self->idle_ms = MAX (ms, 1);
  if (self->idle_id != 0)
    restart_idle (self);
}

static void
vt_clerk_mode_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  VtClerkMode *self = VT_CLERK_MODE (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
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
vt_clerk_mode_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  VtClerkMode *self = VT_CLERK_MODE (object);

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
vt_clerk_mode_constructed (GObject *object)
{
  VtClerkMode *self = VT_CLERK_MODE (object);

  G_OBJECT_CLASS (vt_clerk_mode_parent_class)->constructed (object);

  g_assert (self->config != NULL);
  g_assert (VT_IS_STORE_OWNER (self->owner));

  self->idle_ms = (guint) MAX (self->config->clerk_idle_seconds, 1) * 1000;
  self->layer = g_object_ref_sink (gtk_stack_new ());
  gtk_widget_add_css_class (self->layer, "clerk-layer");
  gtk_widget_set_visible (self->layer, FALSE);
  gtk_widget_set_hexpand (self->layer, TRUE);
  gtk_widget_set_vexpand (self->layer, TRUE);
  build_layer (self);
}

static void
vt_clerk_mode_dispose (GObject *object)
{
  VtClerkMode *self = VT_CLERK_MODE (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->verify_cancellable != NULL)
    g_cancellable_cancel (self->verify_cancellable);
  g_clear_object (&self->verify_cancellable);
  vt_clerk_mode_set_sync (self, NULL);
  g_clear_weak_pointer (&self->window);
  g_clear_object (&self->layer);

  G_OBJECT_CLASS (vt_clerk_mode_parent_class)->dispose (object);
}

static void
vt_clerk_mode_finalize (GObject *object)
{
  VtClerkMode *self = VT_CLERK_MODE (object);

  g_free (self->clerk_name);
  g_free (self->built_for);
  g_clear_object (&self->owner);
  g_clear_pointer (&self->config, vt_config_free);

  G_OBJECT_CLASS (vt_clerk_mode_parent_class)->finalize (object);
}

static void
vt_clerk_mode_class_init (VtClerkModeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = vt_clerk_mode_get_property;
  object_class->set_property = vt_clerk_mode_set_property;
  object_class->constructed = vt_clerk_mode_constructed;
  object_class->dispose = vt_clerk_mode_dispose;
  object_class->finalize = vt_clerk_mode_finalize;

  properties[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                  G_PARAM_STATIC_STRINGS);
  properties[PROP_CONFIG] = g_param_spec_boxed ("config", NULL, NULL, VT_TYPE_CONFIG,
                                                G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE_OWNER] = g_param_spec_object ("store-owner", NULL, NULL, VT_TYPE_STORE_OWNER,
                                                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                      G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[LEAVE_KIOSK] = g_signal_new ("leave-kiosk", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REPRINT] = g_signal_new ("reprint", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[START_ASSISTED] = g_signal_new ("start-assisted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[RESUME_DRAFT] = g_signal_new ("resume-draft", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vt_clerk_mode_init (VtClerkMode *self)
{
}

/* The PIN pad and the dashboard, in the language shown now: their
 * templates are translated when they are built. */
static void
build_layer (VtClerkMode *self)
{
  if (self->pin_pad != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->pin_pad, self);
      g_signal_handlers_disconnect_by_data (self->dashboard, self);
      gtk_stack_remove (GTK_STACK (self->layer), self->pin_pad);
      gtk_stack_remove (GTK_STACK (self->layer), self->dashboard);
    }

  g_free (self->built_for);
  self->built_for = g_strdup (vt_language_get_current ());
  self->pin_pad = vt_clerk_pin_pad_new ();
  self->dashboard = vt_clerk_dashboard_new (self->config, self->owner);
  gtk_stack_add_named (GTK_STACK (self->layer), self->pin_pad, "pin");
  gtk_stack_add_named (GTK_STACK (self->layer), self->dashboard, "dashboard");

  g_signal_connect (self->pin_pad, "submitted", G_CALLBACK (pin_submitted_cb), self);
  g_signal_connect (self->pin_pad, "cancelled", G_CALLBACK (pin_cancelled_cb), self);
  g_signal_connect (self->dashboard, "end-clerk-mode", G_CALLBACK (end_requested_cb), self);
  g_signal_connect (self->dashboard, "leave-kiosk", G_CALLBACK (leave_requested_cb), self);
  g_signal_connect (self->dashboard, "reprint", G_CALLBACK (reprint_requested_cb), self);
  g_signal_connect (self->dashboard, "start-assisted", G_CALLBACK (start_assisted_requested_cb), self);
  g_signal_connect (self->dashboard, "resume-draft", G_CALLBACK (resume_requested_cb), self);
  if (self->sync != NULL)
    {
      g_signal_connect (self->dashboard, "sync-now", G_CALLBACK (sync_now_cb), self);
      g_signal_connect_swapped (self->dashboard, "report-status", G_CALLBACK (report_status_cb), self);
      sync_changed_cb (self->sync, NULL, self);
    }
}

VtClerkMode *
vt_clerk_mode_new (VtConfig     *config,
                   VtStoreOwner *owner)
{
  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (VT_IS_STORE_OWNER (owner), NULL);

  return g_object_new (VT_TYPE_CLERK_MODE, "config", config, "store-owner", owner, NULL);
}
