#define G_LOG_DOMAIN "vt-clerk-mode"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>

#include "vt-clerk.h"
#include "vt-clerk-dashboard.h"
#include "vt-clerk-mode.h"
#include "vt-clerk-pin-pad.h"

/* The corner that answers a long press, in pixels from the top-left. */
#define CORNER_SIZE 64
/* The longest long press GTK allows (twice the usual): discreet, hard to
 * trigger by chance. */
#define LONG_PRESS_FACTOR 2.0

struct _VtClerkMode
{
  GObject       parent_instance;

  VtConfig     *config;            /* borrowed: the application's */
  VtStore      *store;             /* borrowed */
  GtkWidget    *layer;             /* GtkStack: "pin", "dashboard" */
  GtkWidget    *pin_pad;
  GtkWidget    *dashboard;
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
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  LEAVE_KIOSK,
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
log_event (VtClerkMode *self,
           const char  *what,
           const char  *detail)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *who = actor (self);

  if (!vt_store_add_event (self->store, NULL, what, who, detail, &error))
    g_message ("Could not record “%s”: %s", what, error->message);
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

void
vt_clerk_mode_request (VtClerkMode *self)
{
  g_return_if_fail (VT_IS_CLERK_MODE (self));

  if (self->active)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->layer), "dashboard");
      gtk_widget_set_visible (self->layer, TRUE);
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
  gtk_widget_grab_focus (self->pin_pad);
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
  char             *data_dir;
  char              pin[32];
  gint64            now;
  VtClerkPinResult  result;
  gint64            locked_until;
} VerifyJob;

static void
verify_job_free (VerifyJob *job)
{
  sodium_memzero (job->pin, sizeof job->pin);
  g_free (job->data_dir);
  g_free (job);
}

/* Argon2id takes a noticeable moment on purpose: off the main loop, with a
 * connection of its own. */
static void
verify_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  VerifyJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = vt_store_open (job->data_dir, &error);

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->result = vt_clerk_verify_pin (store, job->pin, job->now, &job->locked_until, &error);
  sodium_memzero (job->pin, sizeof job->pin);
  if (job->result == VT_CLERK_PIN_ERROR)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static char *
format_wait (gint64 usec)
{
  gint64 seconds = (MAX (usec, 0) + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;

  if (seconds < 120)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d second", "%d seconds", (int) seconds),
                            (int) seconds);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", (int) ((seconds + 59) / 60)),
                          (int) ((seconds + 59) / 60));
}

static void
verify_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  VtClerkMode *self = VT_CLERK_MODE (source);
  VerifyJob *job = g_task_get_task_data (G_TASK (result));
  g_autofree char *name = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  self->checking = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Clerk mode ended while it ran; a pad asked for since then was
       * waiting for this check and opens now. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          vt_clerk_pin_pad_reset (VT_CLERK_PIN_PAD (self->pin_pad), NULL);
          return;
        }
      vt_clerk_pin_pad_reset (VT_CLERK_PIN_PAD (self->pin_pad), error->message);
      return;
    }

  switch (job->result)
    {
    case VT_CLERK_PIN_OK:
      self->active = TRUE;
      g_free (self->clerk_name);
      self->clerk_name = name != NULL && name[0] != '\0' ? g_steal_pointer (&name) : NULL;
      vt_clerk_pin_pad_reset (VT_CLERK_PIN_PAD (self->pin_pad), NULL);
      vt_clerk_dashboard_set_clerk (VT_CLERK_DASHBOARD (self->dashboard), self->clerk_name);
      vt_clerk_dashboard_refresh (VT_CLERK_DASHBOARD (self->dashboard));
      gtk_stack_set_visible_child_name (GTK_STACK (self->layer), "dashboard");
      log_event (self, "clerk-mode-started", NULL);
      restart_idle (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
      return;

    case VT_CLERK_PIN_WRONG:
      if (job->locked_until > job->now)
        {
          g_autofree char *wait = format_wait (job->locked_until - job->now);
          message = g_strdup_printf (_("Wrong PIN. Too many wrong PINs: wait %s before trying again."), wait);
        }
      else
        message = g_strdup (_("Wrong PIN. Try again."));
      break;

    case VT_CLERK_PIN_LOCKED:
      {
        g_autofree char *wait = format_wait (job->locked_until - g_get_real_time ());
        message = g_strdup_printf (_("Too many wrong PINs: wait %s before trying again."), wait);
      }
      break;

    case VT_CLERK_PIN_NOT_SET:
      message = g_strdup (_("No clerk PIN is set on this kiosk. Technical support sets one with "
                            "“ventanilla-ctl clerk set-pin”."));
      break;

    case VT_CLERK_PIN_ERROR:
    default:
      message = g_strdup (_("The PIN could not be checked."));
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
  g_autoptr(GTask) task = NULL;
  VerifyJob *job;

  /* One check at a time on this kiosk. */
  if (self->checking)
    return;
  self->checking = TRUE;
  job = g_new0 (VerifyJob, 1);
  job->data_dir = g_strdup (self->config->data_dir);
  g_strlcpy (job->pin, pin, sizeof job->pin);
  job->now = g_get_real_time ();

  vt_clerk_pin_pad_set_busy (pad, TRUE);
  g_clear_object (&self->verify_cancellable);
  self->verify_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->verify_cancellable, verify_done_cb, g_strdup (name));
  g_task_set_source_tag (task, pin_submitted_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) verify_job_free);
  g_task_run_in_thread (task, verify_thread);
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
    }
  g_set_object (&self->sync, sync);
  if (sync != NULL)
    {
      g_signal_connect (sync, "notify", G_CALLBACK (sync_changed_cb), self);
      g_signal_connect (self->dashboard, "sync-now", G_CALLBACK (sync_now_cb), self);
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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
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

  G_OBJECT_CLASS (vt_clerk_mode_parent_class)->finalize (object);
}

static void
vt_clerk_mode_class_init (VtClerkModeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = vt_clerk_mode_get_property;
  object_class->dispose = vt_clerk_mode_dispose;
  object_class->finalize = vt_clerk_mode_finalize;

  properties[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                  G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[LEAVE_KIOSK] = g_signal_new ("leave-kiosk", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vt_clerk_mode_init (VtClerkMode *self)
{
}

VtClerkMode *
vt_clerk_mode_new (VtConfig *config,
                   VtStore  *store)
{
  VtClerkMode *self;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (store != NULL, NULL);

  self = g_object_new (VT_TYPE_CLERK_MODE, NULL);
  self->config = config;
  self->store = store;
  self->idle_ms = (guint) MAX (config->clerk_idle_seconds, 1) * 1000;

  self->pin_pad = vt_clerk_pin_pad_new ();
  self->dashboard = vt_clerk_dashboard_new (config, store);
  self->layer = g_object_ref_sink (gtk_stack_new ());
  gtk_widget_add_css_class (self->layer, "clerk-layer");
  gtk_widget_set_visible (self->layer, FALSE);
  gtk_widget_set_hexpand (self->layer, TRUE);
  gtk_widget_set_vexpand (self->layer, TRUE);
  gtk_stack_add_named (GTK_STACK (self->layer), self->pin_pad, "pin");
  gtk_stack_add_named (GTK_STACK (self->layer), self->dashboard, "dashboard");

  g_signal_connect (self->pin_pad, "submitted", G_CALLBACK (pin_submitted_cb), self);
  g_signal_connect (self->pin_pad, "cancelled", G_CALLBACK (pin_cancelled_cb), self);
  g_signal_connect (self->dashboard, "end-clerk-mode", G_CALLBACK (end_requested_cb), self);
  g_signal_connect (self->dashboard, "leave-kiosk", G_CALLBACK (leave_requested_cb), self);

  return self;
}
