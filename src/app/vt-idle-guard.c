/* The idle clock: input restarts it, then a warning and a countdown
 * that only "I need more time" extends, then expiry. */
#define G_LOG_DOMAIN "vt-idle-guard"

#include "config.h"

#include "vt-idle-guard.h"

struct _VtIdleGuard
{
  GObject   parent_instance;

  guint     idle_seconds;
  guint     countdown_seconds;
  guint     tick_ms;
  guint     remaining;
  guint     idle_id;
  gint64    last_input;              /* monotonic usec */
  guint     tick_id;
  gboolean  active;
};

enum {
  WARNING,
  TICK,
  EXPIRED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VtIdleGuard, vt_idle_guard, G_TYPE_OBJECT)

static void start_idle_clock (VtIdleGuard *self);

static gboolean
tick_cb (gpointer data)
{
  VtIdleGuard *self = data;

  if (self->remaining > 0)
    self->remaining--;

  if (self->remaining > 0)
    {
      g_signal_emit (self, signals[TICK], 0, self->remaining);
      return G_SOURCE_CONTINUE;
    }

  self->tick_id = 0;
  g_debug ("Idle countdown finished");
  g_object_ref (self);
  g_signal_emit (self, signals[EXPIRED], 0);
  if (self->active)
    start_idle_clock (self);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static gboolean idle_cb (gpointer data);

static guint64
idle_ms (VtIdleGuard *self)
{
  return (guint64) self->idle_seconds * self->tick_ms;
}

static gboolean
idle_cb (gpointer data)
{
  VtIdleGuard *self = data;
  guint64 since = (guint64) (g_get_monotonic_time () - self->last_input) / 1000;

  self->idle_id = 0;
  /* Input came while the clock ran: wait for what is left of it. */
  if (since < idle_ms (self))
    {
      self->idle_id = g_timeout_add ((guint) MIN (idle_ms (self) - since, G_MAXUINT), idle_cb, self);
      return G_SOURCE_REMOVE;
    }

  self->remaining = self->countdown_seconds;
  self->tick_id = g_timeout_add (self->tick_ms, tick_cb, self);
  g_debug ("Idle for %u s: counting down %u s", self->idle_seconds, self->countdown_seconds);
  g_signal_emit (self, signals[WARNING], 0, self->remaining);
  return G_SOURCE_REMOVE;
}

static void
start_idle_clock (VtIdleGuard *self)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  self->remaining = 0;
  self->last_input = g_get_monotonic_time ();
  if (self->active)
    self->idle_id = g_timeout_add ((guint) MIN (idle_ms (self), G_MAXUINT), idle_cb, self);
}

static void
vt_idle_guard_dispose (GObject *object)
{
  VtIdleGuard *self = VT_IDLE_GUARD (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);

  G_OBJECT_CLASS (vt_idle_guard_parent_class)->dispose (object);
}

static void
vt_idle_guard_class_init (VtIdleGuardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vt_idle_guard_dispose;

  signals[WARNING] =
    g_signal_new ("warning", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[TICK] =
    g_signal_new ("tick", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[EXPIRED] =
    g_signal_new ("expired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vt_idle_guard_init (VtIdleGuard *self)
{
  self->tick_ms = 1000;
}

VtIdleGuard *
vt_idle_guard_new (guint idle_seconds,
                   guint countdown_seconds)
{
  VtIdleGuard *self = g_object_new (VT_TYPE_IDLE_GUARD, NULL);

  /* WCAG 2.2.1 asks for at least 20 seconds to answer the warning. */
  self->idle_seconds = MAX (idle_seconds, 1);
  self->countdown_seconds = MAX (countdown_seconds, 20);
  return self;
}

void
vt_idle_guard_set_active (VtIdleGuard *self,
                          gboolean     active)
{
  g_return_if_fail (VT_IS_IDLE_GUARD (self));

  active = !!active;
  if (self->active == active)
    return;
  self->active = active;
  start_idle_clock (self);
}

gboolean
vt_idle_guard_get_active (VtIdleGuard *self)
{
  g_return_val_if_fail (VT_IS_IDLE_GUARD (self), FALSE);
  return self->active;
}

void
vt_idle_guard_reset (VtIdleGuard *self)
{
  g_return_if_fail (VT_IS_IDLE_GUARD (self));

  if (!self->active || self->tick_id != 0)
    return;
  /* Pointer motion arrives many times a second: note the time only; the
   * running timeout looks at it when it fires. */
  self->last_input = g_get_monotonic_time ();
}

void
vt_idle_guard_extend (VtIdleGuard *self)
{
  g_return_if_fail (VT_IS_IDLE_GUARD (self));

  start_idle_clock (self);
}

gboolean
vt_idle_guard_is_warning (VtIdleGuard *self)
{
  g_return_val_if_fail (VT_IS_IDLE_GUARD (self), FALSE);
  return self->tick_id != 0;
}

guint
vt_idle_guard_get_remaining (VtIdleGuard *self)
{
  g_return_val_if_fail (VT_IS_IDLE_GUARD (self), 0);
  return self->remaining;
}

void
vt_idle_guard_set_tick_ms (VtIdleGuard *self,
                           guint        tick_ms)
{
  g_return_if_fail (VT_IS_IDLE_GUARD (self));

  self->tick_ms = MAX (tick_ms, 1);
  start_idle_clock (self);
}

guint
vt_idle_guard_get_tick_ms (VtIdleGuard *self)
{
  g_return_val_if_fail (VT_IS_IDLE_GUARD (self), 1000);
  return self->tick_ms;
}
