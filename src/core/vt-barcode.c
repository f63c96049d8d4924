/* QR codes made with libqrencode and codes read with libzbar, from grey
 * or RGB pixels or an image file. */
#define G_LOG_DOMAIN "vt-barcode"

#include "config.h"

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <qrencode.h>
#include <string.h>
#include <zbar.h>

#include "vt-barcode.h"

#define QUIET_ZONE 4

G_DEFINE_QUARK (vt-barcode-error-quark, vt_barcode_error)

/* ---- making ------------------------------------------------------------ */

VtQrMatrix *
vt_barcode_encode_qr (const char  *text,
                      GError     **error)
{
  QRcode *code;
  VtQrMatrix *self;

  g_return_val_if_fail (text != NULL && text[0] != '\0', NULL);

  /* A text of capitals and digits (a signed receipt) as one alphanumeric
   * stretch: libqrencode's own splitting turns its runs of digits into
   * numeric stretches whose headers cost more than they save (a QR
   * version more for the longest demo receipt).  Anything else: QR_MODE_8
   * as the hint lets it pick the mode of each stretch, case kept. */
  if (text[strspn (text, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")] == '\0')
    {
      QRinput *input = QRinput_new2 (0, QR_ECLEVEL_M);

      code = NULL;
      if (input != NULL && QRinput_append (input, QR_MODE_AN, (int) strlen (text), (const guint8 *) text) == 0)
        code = QRcode_encodeInput (input);
      QRinput_free (input);
    }
  else
    code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == NULL)
    {
      g_set_error (error, VT_BARCODE_ERROR, VT_BARCODE_ERROR_TOO_LONG,
                   _("A text of %zu bytes does not fit in a QR code."), strlen (text));
      return NULL;
    }
  self = g_new0 (VtQrMatrix, 1);
  self->size = (guint) code->width;
  self->version = code->version;
  self->modules = g_new (guint8, (gsize) code->width * code->width);
  for (int i = 0; i < code->width * code->width; i++)
    self->modules[i] = code->data[i] & 1;
  QRcode_free (code);
  return self;
}

gboolean
vt_qr_matrix_get_module (const VtQrMatrix *self,
                         guint             x,
                         guint             y)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return x < self->size && y < self->size && self->modules[y * self->size + x];
}

gboolean
vt_qr_matrix_write_png (const VtQrMatrix  *self,
                        guint              module_pixels,
                        const char        *path,
                        GError           **error)
{
  guint side;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  g_return_val_if_fail (self != NULL && module_pixels > 0 && path != NULL, FALSE);

  side = (self->size + 2 * QUIET_ZONE) * module_pixels;
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) side, (int) side);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint y = 0; y < self->size; y++)
    for (guint x = 0; x < self->size; x++)
      if (self->modules[y * self->size + x])
        cairo_rectangle (cr, (x + QUIET_ZONE) * module_pixels, (y + QUIET_ZONE) * module_pixels,
                         module_pixels, module_pixels);
  cairo_fill (cr);
  cairo_destroy (cr);
  status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, VT_BARCODE_ERROR, VT_BARCODE_ERROR_IMAGE,
                   _("Cannot write the QR code to %s: %s"), path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

void
vt_qr_matrix_free (VtQrMatrix *self)
{
  if (self == NULL)
    return;
  g_free (self->modules);
  g_free (self);
}

/* ---- reading -------------------------------------------------------------- */

void
vt_barcode_free (VtBarcode *self)
{
  if (self == NULL)
    return;
  g_free (self->type);
  g_free (self->text);
  g_free (self);
}

GPtrArray *
vt_barcode_read_gray (const guint8 *pixels,
                      int           width,
                      int           height,
                      gsize         stride)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_barcode_free);
  g_autofree guint8 *packed = NULL;
  zbar_image_scanner_t *scanner;
  zbar_image_t *image;

  g_return_val_if_fail (pixels != NULL && width > 0 && height > 0 && stride >= (gsize) width, found);

  /* zbar wants the rows next to each other. */
  packed = g_malloc ((gsize) width * height);
  for (int y = 0; y < height; y++)
    memcpy (packed + (gsize) y * width, pixels + (gsize) y * stride, width);

  scanner = zbar_image_scanner_create ();
  zbar_image_scanner_set_config (scanner, 0, ZBAR_CFG_ENABLE, 1);
  image = zbar_image_create ();
  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, (unsigned) width, (unsigned) height);
  zbar_image_set_data (image, packed, (unsigned long) width * height, NULL);

  if (zbar_scan_image (scanner, image) > 0)
    for (const zbar_symbol_t *symbol = zbar_image_first_symbol (image); symbol != NULL;
         symbol = zbar_symbol_next (symbol))
      {
        VtBarcode *code = g_new0 (VtBarcode, 1);

        code->type = g_strdup (zbar_get_symbol_name (zbar_symbol_get_type (symbol)));
        code->text = g_strndup (zbar_symbol_get_data (symbol), zbar_symbol_get_data_length (symbol));
        g_ptr_array_add (found, code);
      }

  zbar_image_destroy (image);
  zbar_image_scanner_destroy (scanner);
  return found;
}

/* Luma of packed pixels, n_channels a pixel (the alpha of 4 composited
 * on white, as a printout or a screen shows it). */
static guint8 *
to_gray (const guint8 *pixels,
         int           width,
         int           height,
         gsize         stride,
         int           n_channels)
{
  guint8 *gray = g_malloc ((gsize) width * height);

  for (int y = 0; y < height; y++)
    {
      const guint8 *row = pixels + (gsize) y * stride;

      for (int x = 0; x < width; x++)
        {
          const guint8 *p = row + (gsize) x * n_channels;
          guint luma = (299u * p[0] + 587u * p[1] + 114u * p[2]) / 1000u;

          if (n_channels == 4)
            luma = (luma * p[3] + 255u * (255u - p[3])) / 255u;
          gray[(gsize) y * width + x] = (guint8) luma;
        }
    }
  return gray;
}

GPtrArray *
vt_barcode_read_rgb (const guint8 *pixels,
                     int           width,
                     int           height,
                     gsize         stride)
{
  g_autofree guint8 *gray = NULL;

  g_return_val_if_fail (pixels != NULL && width > 0 && height > 0 && stride >= (gsize) width * 3,
                        g_ptr_array_new_with_free_func ((GDestroyNotify) vt_barcode_free));

  gray = to_gray (pixels, width, height, stride, 3);
  return vt_barcode_read_gray (gray, width, height, width);
}

GPtrArray *
vt_barcode_read_file (const char  *path,
                      GError     **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree guint8 *gray = NULL;
  int width, height;

  g_return_val_if_fail (path != NULL, NULL);

  pixbuf = gdk_pixbuf_new_from_file (path, &local_error);
  if (pixbuf == NULL)
    {
      g_set_error (error, VT_BARCODE_ERROR, VT_BARCODE_ERROR_IMAGE,
                   _("Cannot read the image %s: %s"), path, local_error->message);
      return NULL;
    }
  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  if (gdk_pixbuf_get_colorspace (pixbuf) != GDK_COLORSPACE_RGB || gdk_pixbuf_get_bits_per_sample (pixbuf) != 8)
    {
      g_set_error (error, VT_BARCODE_ERROR, VT_BARCODE_ERROR_IMAGE,
                   _("Cannot read the image %s: not an 8-bit RGB picture."), path);
      return NULL;
    }
  gray = to_gray (gdk_pixbuf_read_pixels (pixbuf), width, height, gdk_pixbuf_get_rowstride (pixbuf),
                  gdk_pixbuf_get_n_channels (pixbuf));
  found = vt_barcode_read_gray (gray, width, height, width);
  if (found->len == 0)
    {
      g_set_error (error, VT_BARCODE_ERROR, VT_BARCODE_ERROR_NOT_FOUND,
                   _("No QR code or barcode was found in the image %s."), path);
      return NULL;
    }
  return g_steal_pointer (&found);
}
