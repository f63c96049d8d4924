#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VT_TYPE_IDLE_GUARD (vt_idle_guard_get_type ())

G_DECLARE_FINAL_TYPE (VtIdleGuard, vt_idle_guard, VT, IDLE_GUARD, GObject)

/* The clock behind "Do you need more time?": after idle_seconds without
 * input it emits ::warning and counts countdown_seconds down (::tick each
 * second), then emits ::expired.  Input while counting down does not stop
 * it: only vt_idle_guard_extend() (the "I need more time" button) does, so
 * a person leaning on the screen does not keep someone's answers alive. */
VtIdleGuard *vt_idle_guard_new            (guint        idle_seconds,
                                           guint        countdown_seconds);
void         vt_idle_guard_set_active     (VtIdleGuard *self,
                                           gboolean     active);
gboolean     vt_idle_guard_get_active     (VtIdleGuard *self);
/* Input happened: the idle clock starts again (ignored while warning). */
void         vt_idle_guard_reset          (VtIdleGuard *self);
void         vt_idle_guard_extend         (VtIdleGuard *self);
gboolean     vt_idle_guard_is_warning     (VtIdleGuard *self);
guint        vt_idle_guard_get_remaining  (VtIdleGuard *self);
/* How long one "second" lasts in milliseconds: 1000, except in tests. */
void         vt_idle_guard_set_tick_ms    (VtIdleGuard *self,
                                           guint        tick_ms);

G_END_DECLS
