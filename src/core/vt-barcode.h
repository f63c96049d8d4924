#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* QR codes made (libqrencode) and QR codes and barcodes read (libzbar),
 * without a display: the receipt's QR code, a receipt shown to a camera
 * or given as an image, and any other code the kiosk reads from a camera
 * frame or a picture (Collect's set-up QR code, a form's barcode
 * question).  Reading is thread-safe: each call has a scanner of its own. */

#define VT_BARCODE_ERROR (vt_barcode_error_quark ())

typedef enum
{
  VT_BARCODE_ERROR_TOO_LONG,       /* more text than a QR code holds */
  VT_BARCODE_ERROR_IMAGE,          /* the image file cannot be read */
  VT_BARCODE_ERROR_NOT_FOUND,      /* no code in the image */
} VtBarcodeError;

/* A QR code's modules: size × size, row by row, 1 = dark.  version is the
 * QR version (1–40: size = 17 + 4 × version). */
typedef struct
{
  guint   size;
  int     version;
  guint8 *modules;
} VtQrMatrix;

/* One code found in a picture: its symbology as zbar names it ("QR-Code",
 * "EAN-13", "CODE-128"…) and its text. */
typedef struct
{
  char *type;
  char *text;
} VtBarcode;

GQuark       vt_barcode_error_quark   (void);

/* The smallest QR code at error correction level M (15 % of it can be
 * lost to a scratch) that holds text, each stretch in the densest mode it
 * allows (digits, capitals and digits, bytes). */
VtQrMatrix  *vt_barcode_encode_qr     (const char    *text,
                                       GError       **error);
gboolean     vt_qr_matrix_get_module  (const VtQrMatrix *self,
                                       guint          x,
                                       guint          y);
/* The QR code as a PNG, module_pixels a module, with the four-module
 * white margin readers need. */
gboolean     vt_qr_matrix_write_png   (const VtQrMatrix *self,
                                       guint          module_pixels,
                                       const char    *path,
                                       GError       **error);
void         vt_qr_matrix_free        (VtQrMatrix    *self);

/* Every code in an 8-bit grey picture (rows stride bytes apart), in the
 * order zbar finds them; an empty array when there is none. */
GPtrArray   *vt_barcode_read_gray     (const guint8  *pixels,
                                       int            width,
                                       int            height,
                                       gsize          stride);
/* The same from packed RGB, 3 bytes a pixel (a camera frame, vt-camera.h). */
GPtrArray   *vt_barcode_read_rgb      (const guint8  *pixels,
                                       int            width,
                                       int            height,
                                       gsize          stride);
/* The same from an image file (PNG, JPEG: whatever gdk-pixbuf reads);
 * VT_BARCODE_ERROR_NOT_FOUND when it holds no code. */
GPtrArray   *vt_barcode_read_file     (const char    *path,
                                       GError       **error);
void         vt_barcode_free          (VtBarcode     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtQrMatrix, vt_qr_matrix_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtBarcode, vt_barcode_free)

G_END_DECLS
