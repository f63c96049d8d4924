#define G_LOG_DOMAIN "vt-keyboard-policy"

#include "config.h"

#include "vt-keyboard-policy.h"

/* The rule of [kiosk] on-screen-keyboard, apart from GTK so it is tested
 * without a display; the kiosk's window feeds it the seat and the events. */

void
vt_keyboard_policy_init (VtKeyboardPolicy *self,
                         VtKeyboardMode    mode)
{
  g_return_if_fail (self != NULL);

  self->mode = mode;
  self->touch_screen = FALSE;
  self->typing = FALSE;
}

void
vt_keyboard_policy_set_touch_screen (VtKeyboardPolicy *self,
                                     gboolean          present)
{
  g_return_if_fail (self != NULL);
  self->touch_screen = !!present;
}

void
vt_keyboard_policy_key_pressed (VtKeyboardPolicy *self)
{
  g_return_if_fail (self != NULL);
  self->typing = TRUE;
}

void
vt_keyboard_policy_touched (VtKeyboardPolicy *self)
{
  g_return_if_fail (self != NULL);

  /* A touch proves a touch screen, whatever the seat said at start. */
  self->touch_screen = TRUE;
  self->typing = FALSE;
}

void
vt_keyboard_policy_reset (VtKeyboardPolicy *self)
{
  g_return_if_fail (self != NULL);
  self->typing = FALSE;
}

gboolean
vt_keyboard_policy_wants_keyboard (const VtKeyboardPolicy *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  switch (self->mode)
    {
    case VT_KEYBOARD_MODE_ALWAYS:
      return TRUE;
    case VT_KEYBOARD_MODE_NEVER:
      return FALSE;
    case VT_KEYBOARD_MODE_AUTO:
    default:
      return self->touch_screen && !self->typing;
    }
}
