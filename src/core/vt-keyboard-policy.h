#pragma once

#include <glib.h>

#include "vt-config.h"

G_BEGIN_DECLS

/* When the on-screen keyboard shows for a focused text field, after
 * [kiosk] on-screen-keyboard: never; always (a touch panel that reports
 * itself as a mouse); or auto, when the seat has a touch screen, until a
 * physical key is pressed, and again from the next touch. */
typedef struct
{
  VtKeyboardMode mode;
  gboolean       touch_screen;     /* the seat reports one */
  gboolean       typing;           /* a physical key since the last touch */
} VtKeyboardPolicy;

void      vt_keyboard_policy_init             (VtKeyboardPolicy *self,
                                               VtKeyboardMode    mode);
void      vt_keyboard_policy_set_touch_screen (VtKeyboardPolicy *self,
                                               gboolean          present);
/* A key of a physical keyboard was pressed. */
void      vt_keyboard_policy_key_pressed      (VtKeyboardPolicy *self);
/* The screen was touched (a touch, not a mouse). */
void      vt_keyboard_policy_touched          (VtKeyboardPolicy *self);
/* The next citizen: no physical typing seen yet. */
void      vt_keyboard_policy_reset            (VtKeyboardPolicy *self);
gboolean  vt_keyboard_policy_wants_keyboard   (const VtKeyboardPolicy *self);

G_END_DECLS
