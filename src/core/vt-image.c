/* Pictures a citizen hands over, in memory: JPEGs and one-page PDFs,
 * scaled to max-pixels, and thumbnails. */
#define G_LOG_DOMAIN "vt-image"

#include "config.h"

#include <cairo-pdf.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "vt-image.h"

G_DEFINE_QUARK (vt-image-error-quark, vt_image_error)

GdkPixbuf *
vt_image_fit (GdkPixbuf *pixbuf,
              int        max_pixels)
{
  int width, height, longer;
  double scale;

  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), NULL);

  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  longer = MAX (width, height);
  if (max_pixels <= 0 || longer <= max_pixels)
    return g_object_ref (pixbuf);

  scale = (double) max_pixels / longer;
  return gdk_pixbuf_scale_simple (pixbuf,
                                  MAX (1, (int) (width * scale + 0.5)),
                                  MAX (1, (int) (height * scale + 0.5)),
                                  GDK_INTERP_BILINEAR);
}

static GdkPixbuf *
flatten (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);

  if (!gdk_pixbuf_get_has_alpha (pixbuf))
    return g_object_ref (pixbuf);
  /* A signature's transparent background is white on paper. */
  return gdk_pixbuf_composite_color_simple (pixbuf, width, height, GDK_INTERP_NEAREST, 255, 8,
                                            0xffffff, 0xffffff);
}

static GBytes *
save (GdkPixbuf   *pixbuf,
      const char  *format,
      const char  *option_key,
      const char  *option_value,
      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *buffer = NULL;
  gsize size = 0;

  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, format, &local_error,
                                  option_key, option_value, NULL))
    {
      g_set_error (error, VT_IMAGE_ERROR, VT_IMAGE_ERROR_ENCODE,
                   _("The picture could not be prepared (%s). Try again."), local_error->message);
      return NULL;
    }
  return g_bytes_new_take (buffer, size);
}

GBytes *
vt_image_encode_jpeg (GdkPixbuf  *pixbuf,
                      int         max_pixels,
                      GError    **error)
{
  g_autoptr(GdkPixbuf) fitted = NULL;
  g_autoptr(GdkPixbuf) flat = NULL;
  g_autofree char *quality = g_strdup_printf ("%d", VT_IMAGE_JPEG_QUALITY);

  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), NULL);

  fitted = vt_image_fit (pixbuf, max_pixels);
  flat = flatten (fitted);
  return save (flat, "jpeg", "quality", quality, error);
}

GBytes *
vt_image_encode_png (GdkPixbuf  *pixbuf,
                     GError    **error)
{
  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), NULL);
  return save (pixbuf, "png", "compression", "9", error);
}

GBytes *
vt_image_fit_file (GBytes      *file,
                   const char  *content_type,
                   int          max_pixels,
                   GError     **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) fitted = NULL;
  gboolean turned;
  int width, height;

  g_return_val_if_fail (file != NULL, NULL);

  {
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (file);

    pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, NULL);
  }
  if (pixbuf == NULL)
    {
      g_set_error_literal (error, VT_IMAGE_ERROR, VT_IMAGE_ERROR_UNREADABLE,
                           _("This picture cannot be read: it may be damaged. Choose another one."));
      return NULL;
    }

  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  turned = gdk_pixbuf_get_option (pixbuf, "orientation") != NULL &&
           !g_str_equal (gdk_pixbuf_get_option (pixbuf, "orientation"), "1");
  if (!turned && (max_pixels <= 0 || MAX (width, height) <= max_pixels))
    return g_bytes_ref (file);

  {
    g_autoptr(GdkPixbuf) upright = gdk_pixbuf_apply_embedded_orientation (pixbuf);

    if (g_strcmp0 (content_type, "image/png") == 0)
      {
        fitted = vt_image_fit (upright, max_pixels);
        return vt_image_encode_png (fitted, error);
      }
    return vt_image_encode_jpeg (upright, max_pixels, error);
  }
}

GdkPixbuf *
vt_image_thumbnail (GBytes  *file,
                    int      size,
                    GError **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (size > 0, NULL);

  stream = g_memory_input_stream_new_from_bytes (file);
  pixbuf = gdk_pixbuf_new_from_stream_at_scale (stream, size, size, TRUE, NULL, NULL);
  if (pixbuf == NULL)
    {
      g_set_error_literal (error, VT_IMAGE_ERROR, VT_IMAGE_ERROR_UNREADABLE,
                           _("This picture cannot be read: it may be damaged. Choose another one."));
      return NULL;
    }
  return gdk_pixbuf_apply_embedded_orientation (pixbuf);
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
vt_image_pdf_from_jpeg (GBytes  *jpeg,
                        int      width,
                        int      height,
                        double   dpi,
                        GError **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  cairo_surface_t *pdf;
  cairo_surface_t *image;
  cairo_t *cr;
  cairo_status_t status;
  double page_w = width * 72.0 / dpi;
  double page_h = height * 72.0 / dpi;
  gsize size = 0;
  const guint8 *data;

  g_return_val_if_fail (jpeg != NULL && width > 0 && height > 0 && dpi > 0, NULL);

  data = g_bytes_get_data (jpeg, &size);
  pdf = cairo_pdf_surface_create_for_stream (append_cb, out, page_w, page_h);
  /* The page carries the JPEG itself: cairo embeds mime data as it is,
   * so the PDF is no larger than the picture and loses nothing more. */
  image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_surface_set_mime_data (image, CAIRO_MIME_TYPE_JPEG, data, size,
                               (cairo_destroy_func_t) g_bytes_unref, g_bytes_ref (jpeg));
  cr = cairo_create (pdf);
  cairo_scale (cr, 72.0 / dpi, 72.0 / dpi);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_paint (cr);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (image);
  cairo_surface_finish (pdf);
  status = cairo_surface_status (pdf);
  cairo_surface_destroy (pdf);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, VT_IMAGE_ERROR, VT_IMAGE_ERROR_ENCODE,
                   _("The scan could not be made into a PDF (%s). Try again."),
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
