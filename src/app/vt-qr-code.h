#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VT_TYPE_QR_CODE (vt_qr_code_get_type ())

G_DECLARE_FINAL_TYPE (VtQrCode, vt_qr_code, VT, QR_CODE, GtkWidget)

GtkWidget  *vt_qr_code_new        (void);
void        vt_qr_code_set_text   (VtQrCode   *self,
                                   const char *text);
const char *vt_qr_code_get_text   (VtQrCode   *self);
guint       vt_qr_code_get_size   (VtQrCode   *self);   /* modules per side, 0 when empty */
gboolean    vt_qr_code_get_module (VtQrCode   *self,
                                   guint       x,
                                   guint       y);

G_END_DECLS
