#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VT_TYPE_CLERK_PIN_PAD (vt_clerk_pin_pad_get_type ())

G_DECLARE_FINAL_TYPE (VtClerkPinPad, vt_clerk_pin_pad, VT, CLERK_PIN_PAD, GtkWidget)

/* The clerk's way in: their name (for the record) and a PIN typed on large
 * digit keys or the keyboard.  "submitted" (name, pin) and "cancelled";
 * checking the PIN is the caller's (VtClerkMode). */

GtkWidget   *vt_clerk_pin_pad_new          (void);
/* Clears the PIN (never the name) and shows message, or nothing. */
void         vt_clerk_pin_pad_reset        (VtClerkPinPad *self,
                                            const char    *message);
void         vt_clerk_pin_pad_set_busy     (VtClerkPinPad *self,
                                            gboolean       busy);
const char  *vt_clerk_pin_pad_get_message  (VtClerkPinPad *self);
/* As a key press would: "0"–"9", "back", "clear", "ok". */
void         vt_clerk_pin_pad_press        (VtClerkPinPad *self,
                                            const char    *key);
void         vt_clerk_pin_pad_set_name     (VtClerkPinPad *self,
                                            const char    *name);

/* The focus on the name, its text as it is (not selected, which would
 * also make it the primary selection). */
void        vt_clerk_pin_pad_grab_focus   (VtClerkPinPad *self);

G_END_DECLS
