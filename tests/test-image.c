#define _GNU_SOURCE  /* memmem */
#include "config.h"

#include <string.h>

#include "vt-image.h"
#include "vt-media-type.h"
#include "vt-test-utils.h"

/* Pictures and file kinds: what a citizen hands over is scaled to the
 * form's max-pixels, encoded as JPEG or PNG, and recognised by its bytes
 * rather than its name. */

static GdkPixbuf *
make_picture (int      width,
              int      height,
              gboolean alpha)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width, height);

  /* Left half red, right half blue. */
  gdk_pixbuf_fill (pixbuf, alpha ? 0xff000080 : 0xff0000ff);
  {
    g_autoptr(GdkPixbuf) right = gdk_pixbuf_new_subpixbuf (pixbuf, width / 2, 0, width - width / 2, height);

    gdk_pixbuf_fill (right, 0x0000ffff);
  }
  return pixbuf;
}

static GdkPixbuf *
decode (GBytes *bytes)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, &error);

  g_assert_no_error (error);
  return pixbuf;
}

static void
test_jpeg_max_pixels (void)
{
  g_autoptr(GdkPixbuf) picture = make_picture (3000, 2000, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = vt_image_encode_jpeg (picture, 1024, &error);
  g_autoptr(GdkPixbuf) back = NULL;
  const guint8 *p;

  g_assert_no_error (error);
  g_assert_cmpstr (vt_media_type_sniff (g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg)), ==, "image/jpeg");
  back = decode (jpeg);
  /* The longer side is max-pixels; the shape is kept. */
  g_assert_cmpint (gdk_pixbuf_get_width (back), ==, 1024);
  g_assert_cmpint (gdk_pixbuf_get_height (back), ==, 683);
  /* Still red on the left, blue on the right. */
  p = gdk_pixbuf_read_pixels (back) + 100 * gdk_pixbuf_get_rowstride (back);
  g_assert_cmpint (p[10 * 3], >, 200);
  g_assert_cmpint (p[10 * 3 + 2], <, 50);
  g_assert_cmpint (p[1000 * 3], <, 50);
  g_assert_cmpint (p[1000 * 3 + 2], >, 200);
}

static void
test_never_upscaled (void)
{
  g_autoptr(GdkPixbuf) picture = make_picture (640, 480, FALSE);
  g_autoptr(GdkPixbuf) fitted = vt_image_fit (picture, 1024);
  g_autoptr(GdkPixbuf) as_is = vt_image_fit (picture, 0);

  g_assert_true (fitted == picture);
  g_assert_true (as_is == picture);
}

static void
test_signature_flattened (void)
{
  /* A signature's transparent background becomes white in a JPEG. */
  g_autoptr(GdkPixbuf) ink = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 200, 100);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GdkPixbuf) back = NULL;

  gdk_pixbuf_fill (ink, 0x00000000);
  jpeg = vt_image_encode_jpeg (ink, 0, &error);
  g_assert_no_error (error);
  back = decode (jpeg);
  g_assert_cmpint (gdk_pixbuf_read_pixels (back)[0], >, 240);

  png = vt_image_encode_png (ink, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vt_media_type_sniff (g_bytes_get_data (png, NULL), g_bytes_get_size (png)), ==, "image/png");
}

static void
test_fit_file (void)
{
  g_autoptr(GdkPixbuf) small = make_picture (800, 600, FALSE);
  g_autoptr(GdkPixbuf) large = make_picture (4000, 3000, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) small_png = vt_image_encode_png (small, &error);
  g_autoptr(GBytes) large_jpeg = vt_image_encode_jpeg (large, 0, &error);
  g_autoptr(GBytes) kept = NULL;
  g_autoptr(GBytes) scaled = NULL;
  g_autoptr(GdkPixbuf) back = NULL;
  g_autoptr(GBytes) junk = g_bytes_new_static ("not a picture at all", 20);

  g_assert_no_error (error);
  /* Small enough: the very same bytes. */
  kept = vt_image_fit_file (small_png, "image/png", 1024, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (kept, small_png));

  scaled = vt_image_fit_file (large_jpeg, "image/jpeg", 1024, &error);
  g_assert_no_error (error);
  back = decode (scaled);
  g_assert_cmpint (gdk_pixbuf_get_width (back), ==, 1024);
  g_assert_cmpint (gdk_pixbuf_get_height (back), ==, 768);

  g_assert_null (vt_image_fit_file (junk, "image/jpeg", 1024, &error));
  g_assert_error (error, VT_IMAGE_ERROR, VT_IMAGE_ERROR_UNREADABLE);
}

static void
test_thumbnail (void)
{
  g_autoptr(GdkPixbuf) large = make_picture (4000, 1000, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = vt_image_encode_jpeg (large, 0, &error);
  g_autoptr(GdkPixbuf) thumb = vt_image_thumbnail (jpeg, 160, &error);

  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (thumb), ==, 160);
  g_assert_cmpint (gdk_pixbuf_get_height (thumb), ==, 40);
}

static void
test_pdf (void)
{
  g_autoptr(GdkPixbuf) page = make_picture (1654, 2339, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = vt_image_encode_jpeg (page, 0, &error);
  g_autoptr(GBytes) pdf = vt_image_pdf_from_jpeg (jpeg, 1654, 2339, 200, &error);
  gsize size;
  const char *data = g_bytes_get_data (pdf, &size);

  g_assert_no_error (error);
  g_assert_cmpstr (vt_media_type_sniff ((const guint8 *) data, size), ==, "application/pdf");
  /* The JPEG travels inside as it is (DCTDecode), so the PDF is hardly
   * larger than the picture, and its page is A4 at 200 dpi. */
  g_assert_nonnull (memmem (data, size, "/DCTDecode", 10));
  g_assert_cmpuint (size, <, g_bytes_get_size (jpeg) + 8192);
  g_assert_nonnull (memmem (data, size, "/MediaBox [ 0 0 595.44 842.04 ]", 31));
}

static void
test_accepts (void)
{
  /* ODK's default for an upload is a picture. */
  g_assert_true (vt_media_type_accepts (NULL, "image/jpeg"));
  g_assert_false (vt_media_type_accepts (NULL, "application/pdf"));
  g_assert_true (vt_media_type_accepts ("image/*", "image/png"));
  g_assert_false (vt_media_type_accepts ("image/*", "audio/ogg"));
  g_assert_true (vt_media_type_accepts ("application/pdf", "application/pdf"));
  g_assert_false (vt_media_type_accepts ("application/pdf", "image/jpeg"));
  g_assert_true (vt_media_type_accepts ("*/*", "application/pdf"));
  g_assert_true (vt_media_type_accepts ("*/*", "image/jpeg"));
  g_assert_true (vt_media_type_accepts ("audio/*", "audio/ogg"));
  g_assert_true (vt_media_type_accepts ("image/png", "image/png"));
  g_assert_false (vt_media_type_accepts ("image/png", "image/jpeg"));
  g_assert_true (vt_media_type_accepts ("image/jpeg, application/pdf", "application/pdf"));
  /* Nothing outside the kiosk's short list, whatever the form says. */
  g_assert_false (vt_media_type_accepts ("*/*", "application/x-msdownload"));
  g_assert_false (vt_media_type_accepts ("application/*", "application/zip"));
  g_assert_cmpint (vt_media_type_accepted_kinds ("application/*"), ==, VT_MEDIA_KIND_PDF);
}

static void
test_sniff (void)
{
  static const guint8 pdf[] = "%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
  static const guint8 exe[] = "MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00";
  static const guint8 text[] = "Just some words in a file called foto.jpg\n";

  g_assert_cmpstr (vt_media_type_sniff (pdf, sizeof pdf - 1), ==, "application/pdf");
  /* A program renamed to .jpg is not a picture. */
  g_assert_null (vt_media_type_sniff (exe, sizeof exe - 1));
  g_assert_null (vt_media_type_sniff (text, sizeof text - 1));
  g_assert_null (vt_media_type_sniff (NULL, 0));

  g_assert_cmpstr (vt_media_type_from_name ("FOTO.JPG"), ==, "image/jpeg");
  g_assert_cmpstr (vt_media_type_from_name ("factura.pdf"), ==, "application/pdf");
  g_assert_cmpstr (vt_media_type_from_name ("voz.opus"), ==, "audio/ogg");
  g_assert_null (vt_media_type_from_name ("setup.exe"));
  g_assert_null (vt_media_type_from_name ("README"));
}

static void
test_file_names (void)
{
  g_autoptr(GDateTime) when = g_date_time_new_utc (2024, 3, 31, 14, 25, 1);
  g_autofree char *photo = vt_media_type_file_name ("/data/photo", "image/jpeg", when);
  g_autofree char *member = vt_media_type_file_name ("/data/household/member[2]/id_card", "image/png", when);
  g_autofree char *voice = vt_media_type_file_name ("/data/complaint_voice", "audio/ogg", when);

  g_assert_cmpstr (photo, ==, "photo-20240331-142501.jpg");
  g_assert_cmpstr (member, ==, "id_card-2-20240331-142501.png");
  g_assert_cmpstr (voice, ==, "complaint_voice-20240331-142501.ogg");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vt/image/jpeg-max-pixels", test_jpeg_max_pixels);
  g_test_add_func ("/vt/image/never-upscaled", test_never_upscaled);
  g_test_add_func ("/vt/image/signature-flattened", test_signature_flattened);
  g_test_add_func ("/vt/image/fit-file", test_fit_file);
  g_test_add_func ("/vt/image/thumbnail", test_thumbnail);
  g_test_add_func ("/vt/image/pdf", test_pdf);
  g_test_add_func ("/vt/image/media-type-accepts", test_accepts);
  g_test_add_func ("/vt/image/media-type-sniff", test_sniff);
  g_test_add_func ("/vt/image/file-names", test_file_names);

  return g_test_run ();
}
