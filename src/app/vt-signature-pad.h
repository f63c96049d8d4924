#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A pad a finger, pen or mouse draws on: a signature or a drawing for an
 * ODK upload with appearance "signature" or "draw".  Strokes are kept as
 * points (no picture of a half-drawn signature is ever written), Undo
 * takes the last stroke away, Clear all of them, and vt_signature_pad_to_png()
 * paints them in black on white at twice the pad's size.  ::changed when
 * a stroke ends or goes. */

#define VT_TYPE_SIGNATURE_PAD (vt_signature_pad_get_type ())

G_DECLARE_FINAL_TYPE (VtSignaturePad, vt_signature_pad, VT, SIGNATURE_PAD, GtkWidget)

GtkWidget *vt_signature_pad_new        (void);
gboolean   vt_signature_pad_is_empty   (VtSignaturePad  *self);
guint      vt_signature_pad_get_strokes (VtSignaturePad *self);
void       vt_signature_pad_undo       (VtSignaturePad  *self);
void       vt_signature_pad_clear      (VtSignaturePad  *self);
GBytes    *vt_signature_pad_to_png     (VtSignaturePad  *self,
                                        GError         **error);

G_END_DECLS
