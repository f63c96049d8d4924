#define _GNU_SOURCE  /* memmem */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

#include "vt-media-type.h"
#include "vt-scanner.h"
#include "vt-test-utils.h"

/* Scanning through SANE's own "test" backend, enabled in a private
 * SANE_CONFIG_DIR: a page arrives as a JPEG or a PDF; a jam, a scanner
 * that takes too long, a cancel and a missing scanner each give their
 * own error. */

static char *config_dir;

/* The test backend's settings; each test writes the ones it needs. */
static void
configure_backend (const char *extra)
{
  g_autofree char *conf = g_strconcat ("number_of_devices 2\n"
                                       "test-picture \"Color pattern\"\n",
                                       extra != NULL ? extra : "", NULL);

  g_free (vt_test_write_file (config_dir, "test.conf", conf));
}

typedef struct
{
  gboolean  done;
  GBytes   *page;
  char     *content_type;
  GStrv     devices;
  GError   *error;
  guint     progress_notes;
} Result;

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->page, g_bytes_unref);
  g_clear_pointer (&r->content_type, g_free);
  g_clear_pointer (&r->devices, g_strfreev);
  g_clear_error (&r->error);
}

static gboolean
is_done (gpointer data)
{
  return ((Result *) data)->done;
}

static void
scanned_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Result *r = data;

  r->page = vt_scanner_scan_finish (VT_SCANNER (source), result, &r->content_type, &r->error);
  r->done = TRUE;
}

static void
found_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Result *r = data;

  r->devices = vt_scanner_find_finish (VT_SCANNER (source), result, &r->error);
  r->done = TRUE;
}

static void
scan (VtScanner    *scanner,
      VtScanFormat  format,
      int           max_pixels,
      GCancellable *cancellable,
      Result       *r)
{
  vt_scanner_scan_async (scanner, format, max_pixels, cancellable, scanned_cb, r);
  vt_test_wait_until (is_done, r, 60000, "the scan");
}

static void
test_find (void)
{
  g_autoptr(VtScanner) scanner = vt_scanner_new (NULL, 30);
  g_autoptr(VtScanner) none = vt_scanner_new ("none", 30);
  Result r = { 0 };

  configure_backend (NULL);
  vt_scanner_find_async (scanner, NULL, found_cb, &r);
  vt_test_wait_until (is_done, &r, 30000, "the scanners");
  g_assert_no_error (r.error);
  g_assert_cmpuint (g_strv_length (r.devices), ==, 2);
  g_assert_cmpstr (r.devices[0], ==, "test:0");
  result_clear (&r);

  g_assert_false (vt_scanner_is_configured (none));
  r.done = FALSE;
  vt_scanner_find_async (none, NULL, found_cb, &r);
  vt_test_wait_until (is_done, &r, 30000, "no scanners");
  g_assert_cmpuint (g_strv_length (r.devices), ==, 0);
  result_clear (&r);
}

static void
progress_cb (VtScanner  *scanner,
             GParamSpec *pspec,
             Result     *r)
{
  double p = vt_scanner_get_progress (scanner);

  g_assert_cmpfloat (p, >=, 0);
  g_assert_cmpfloat (p, <=, 1);
  r->progress_notes++;
}

static void
test_jpeg (void)
{
  g_autoptr(VtScanner) scanner = vt_scanner_new (NULL, 30);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GdkPixbuf) picture = NULL;
  g_autoptr(GError) error = NULL;
  Result r = { 0 };
  const guint8 *pixels;
  int rowstride;
  gboolean colourful = FALSE;

  configure_backend (NULL);
  g_signal_connect (scanner, "notify::progress", G_CALLBACK (progress_cb), &r);
  scan (scanner, VT_SCAN_FORMAT_JPEG, 0, NULL, &r);
  g_assert_no_error (r.error);
  g_assert_cmpstr (r.content_type, ==, "image/jpeg");
  g_assert_cmpfloat (vt_scanner_get_progress (scanner), ==, 1.0);
  g_assert_cmpuint (r.progress_notes, >, 0);
  g_assert_false (vt_scanner_get_busy (scanner));

  /* The whole glass (200 mm square in the test backend) at 200 dpi, in
   * colour. */
  stream = g_memory_input_stream_new_from_bytes (r.page);
  picture = gdk_pixbuf_new_from_stream (stream, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ABS (gdk_pixbuf_get_width (picture) - 1575), <=, 1);
  g_assert_cmpint (ABS (gdk_pixbuf_get_height (picture) - 1575), <=, 1);
  pixels = gdk_pixbuf_read_pixels (picture);
  rowstride = gdk_pixbuf_get_rowstride (picture);
  for (int y = 0; y < gdk_pixbuf_get_height (picture) && !colourful; y += 37)
    for (int x = 0; x < gdk_pixbuf_get_width (picture) && !colourful; x += 37)
      {
        const guint8 *p = pixels + y * rowstride + x * 3;

        colourful = ABS (p[0] - p[1]) > 100 || ABS (p[1] - p[2]) > 100;
      }
  g_assert_true (colourful);
  result_clear (&r);
}

static void
test_pdf_max_pixels (void)
{
  g_autoptr(VtScanner) scanner = vt_scanner_new ("test:1", 30);
  Result r = { 0 };
  gsize size;
  const char *data;

  configure_backend (NULL);
  scan (scanner, VT_SCAN_FORMAT_PDF, 1000, NULL, &r);
  g_assert_no_error (r.error);
  g_assert_cmpstr (r.content_type, ==, "application/pdf");
  data = g_bytes_get_data (r.page, &size);
  g_assert_cmpstr (vt_media_type_sniff ((const guint8 *) data, size), ==, "application/pdf");
  /* Scaled to max-pixels, the page keeps its size on paper (200 mm). */
  g_assert_nonnull (memmem (data, size, "/Width 1000", 11));
  g_assert_nonnull (memmem (data, size, "/MediaBox [ 0 0 566.", 20));
  result_clear (&r);
}

static void
test_jammed (void)
{
  g_autoptr(VtScanner) scanner = vt_scanner_new (NULL, 30);
  Result r = { 0 };

  configure_backend ("read-status-code \"SANE_STATUS_JAMMED\"\n");
  scan (scanner, VT_SCAN_FORMAT_JPEG, 0, NULL, &r);
  g_assert_error (r.error, VT_SCANNER_ERROR, VT_SCANNER_ERROR_JAMMED);
  g_assert_nonnull (strstr (r.error->message, "stuck"));
  g_assert_null (r.page);
  result_clear (&r);

  configure_backend ("read-status-code \"SANE_STATUS_COVER_OPEN\"\n");
  r.done = FALSE;
  scan (scanner, VT_SCAN_FORMAT_JPEG, 0, NULL, &r);
  g_assert_error (r.error, VT_SCANNER_ERROR, VT_SCANNER_ERROR_JAMMED);
  result_clear (&r);
}

static void
test_timeout (void)
{
  g_autoptr(VtScanner) scanner = vt_scanner_new (NULL, 1);
  Result r = { 0 };
  gint64 start;

  /* A page that would take minutes: the kiosk stops the scanner after
   * the configured second and says so. */
  configure_backend ("read-limit true\nread-limit-size 64\nread-delay true\nread-delay-duration 200000\n");
  start = g_get_monotonic_time ();
  scan (scanner, VT_SCAN_FORMAT_JPEG, 0, NULL, &r);
  g_assert_error (r.error, VT_SCANNER_ERROR, VT_SCANNER_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
  g_assert_false (vt_scanner_get_busy (scanner));
  result_clear (&r);

  /* The scanner is free again afterwards. */
  configure_backend (NULL);
  r.done = FALSE;
  scan (scanner, VT_SCAN_FORMAT_JPEG, 200, NULL, &r);
  g_assert_no_error (r.error);
  result_clear (&r);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  g_autoptr(VtScanner) scanner = vt_scanner_new (NULL, 60);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Result r = { 0 };

  configure_backend ("read-limit true\nread-limit-size 64\nread-delay true\nread-delay-duration 200000\n");
  g_timeout_add (300, cancel_cb, cancellable);
  scan (scanner, VT_SCAN_FORMAT_JPEG, 0, cancellable, &r);
  g_assert_nonnull (r.error);
  g_assert_true (g_error_matches (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
                 g_error_matches (r.error, VT_SCANNER_ERROR, VT_SCANNER_ERROR_CANCELLED));
  g_assert_null (r.page);
  result_clear (&r);
}

static void
test_not_found (void)
{
  g_autoptr(VtScanner) missing = vt_scanner_new ("genesys:libusb:009:009", 30);
  g_autoptr(VtScanner) none = vt_scanner_new ("none", 30);
  Result r = { 0 };

  configure_backend (NULL);
  scan (missing, VT_SCAN_FORMAT_JPEG, 0, NULL, &r);
  g_assert_error (r.error, VT_SCANNER_ERROR, VT_SCANNER_ERROR_NOT_FOUND);
  result_clear (&r);

  r.done = FALSE;
  scan (none, VT_SCAN_FORMAT_JPEG, 0, NULL, &r);
  g_assert_error (r.error, VT_SCANNER_ERROR, VT_SCANNER_ERROR_NOT_FOUND);
  result_clear (&r);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  vt_test_without_malloc_perturb (argv);
  g_test_init (&argc, &argv, NULL);

  /* Only the test backend, whatever this machine has in /etc/sane.d. */
  config_dir = vt_test_make_tmpdir ("scanner-sane");
  g_free (vt_test_write_file (config_dir, "dll.conf", "test\n"));
  g_setenv ("SANE_CONFIG_DIR", config_dir, TRUE);

  g_test_add_func ("/vt/scanner/find", test_find);
  g_test_add_func ("/vt/scanner/jpeg", test_jpeg);
  g_test_add_func ("/vt/scanner/pdf-max-pixels", test_pdf_max_pixels);
  g_test_add_func ("/vt/scanner/jammed", test_jammed);
  g_test_add_func ("/vt/scanner/timeout", test_timeout);
  g_test_add_func ("/vt/scanner/cancel", test_cancel);
  g_test_add_func ("/vt/scanner/not-found", test_not_found);

  status = g_test_run ();
  vt_test_rmdir_recursive (config_dir);
  g_free (config_dir);
  return status;
}
