#pragma once

#include <gtk/gtk.h>

#include "vt-config.h"
#include "vt-keyboard-layout.h"

G_BEGIN_DECLS

#define VT_TYPE_KEYBOARD (vt_keyboard_get_type ())

G_DECLARE_FINAL_TYPE (VtKeyboard, vt_keyboard, VT, KEYBOARD, GtkWidget)

/* The kiosk's on-screen keyboard, docked at the bottom of its window.  It
 * follows the window's focus: a focused editable text field (a GtkText,
 * inside an entry or a search entry) that does not carry
 * GTK_INPUT_HINT_INHIBIT_OSK gets the keyboard its input purpose asks for,
 * when [kiosk] on-screen-keyboard wants one (vt-keyboard-policy.h); any
 * other focus hides it.  Keys type through GtkText's own editing signals
 * (insert-at-cursor, backspace, activate), as a physical keyboard does,
 * and the keyboard keeps nothing of what was typed.  When it appears, the
 * scrolled page behind the field scrolls so the field stays in sight. */
GtkWidget         *vt_keyboard_new              (void);
void               vt_keyboard_set_mode         (VtKeyboard     *self,
                                                 VtKeyboardMode  mode);
/* A UI language code ("es", "pt_BR"…): its layout and its key names. */
void               vt_keyboard_set_language     (VtKeyboard     *self,
                                                 const char     *language);
const VtKeyboardLayout *vt_keyboard_get_layout (VtKeyboard    *self);
/* Back to the first page, shift off, no accent menu: the next citizen. */
void               vt_keyboard_reset            (VtKeyboard     *self);
/* The field the keys type into, or NULL while hidden. */
GtkWidget         *vt_keyboard_get_target       (VtKeyboard     *self);
VtKeyboardVariant  vt_keyboard_get_variant      (VtKeyboard     *self);
VtKeyboardState    vt_keyboard_get_state        (VtKeyboard     *self);
/* Whether the seat has a touch screen; read from the seat at start and
 * when devices come and go, this sets it until then (a test's seat). */
void               vt_keyboard_set_touch_screen (VtKeyboard     *self,
                                                 gboolean        present);
/* The key button of the page shown, for action (and text, for a
 * VT_KEY_TEXT key), or NULL. */
GtkWidget         *vt_keyboard_find_key         (VtKeyboard     *self,
                                                 VtKeyAction     action,
                                                 const char     *text);
/* A button of the accent menu a long press opened, or NULL. */
GtkWidget         *vt_keyboard_find_accent      (VtKeyboard     *self,
                                                 const char     *text);

G_END_DECLS
