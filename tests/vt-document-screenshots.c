/* Walks the kiosk through the documents a form can ask for (photo, scan,
 * USB stick, signature, voice), with the test devices (videotestsrc,
 * SANE's test backend, a stand-in stick, audiotestsrc), and takes a
 * screenshot of each step for data/screenshots/ and the README.  Not a
 * test: tests/take-screenshots.sh gives it a private Xvfb.
 *
 *   vt-document-screenshots OUTDIR LANGUAGE [high-contrast|200]
 *
 * Each screen is checked with vt_test_assert_nothing_cut() first; OUTDIR
 * "-" takes no shot, only the checks (the test fit-200-documents-portrait).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "vt-application.h"
#include "vt-capture-view.h"
#include "vt-consent-page.h"
#include "vt-image.h"
#include "vt-language.h"
#include "vt-question-page.h"
#include "vt-services-page.h"
#include "vt-signature-pad.h"
#include "vt-test-app.h"
#include "vt-test-utils.h"
#include "vt-window.h"

static const char *outdir;
static const char *suffix;
static VtWindow *window;

static void
shot (const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s/%s-%s.png", outdir, name, suffix);

  vt_test_assert_nothing_cut (GTK_WIDGET (window), name);
  if (g_str_equal (outdir, "-"))
    return;
  vt_test_screenshot (GTK_WIDGET (window), file);
  g_print ("%s\n", file);
}

static gboolean
page_changed (gpointer data)
{
  return vt_window_get_page (window) != data;
}

static void
press_page (GtkWidget *button)
{
  GtkWidget *before = vt_window_get_page (window);

  vt_test_click (button);
  vt_test_wait_until (page_changed, before, 10000, "the next screen");
}

static void
next (void)
{
  press_page (vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
}

static VtCaptureView *
capture (void)
{
  return VT_CAPTURE_VIEW (vt_test_find_widget (vt_window_get_page (window), VT_TYPE_CAPTURE_VIEW));
}

static GtkWidget *
step (void)
{
  GtkWidget *stack = vt_test_find_widget (GTK_WIDGET (capture ()), GTK_TYPE_STACK);

  return gtk_stack_get_visible_child (GTK_STACK (stack));
}

static gboolean
button_shown (gpointer data)
{
  return vt_test_find_button_or_null (step (), gettext (data)) != NULL &&
         gtk_widget_is_sensitive (vt_test_find_button_or_null (step (), gettext (data)));
}

/* Presses the button of the step shown whose English label is given. */
static void
press (const char *english)
{
  vt_test_wait_until (button_shown, (gpointer) english, 30000, english);
  vt_test_click (vt_test_find_button (step (), gettext (english)));
}

static gboolean
step_is (gpointer data)
{
  return g_str_equal (vt_capture_view_get_step (capture ()), data);
}

static void
wait_step (const char *name)
{
  vt_test_wait_until (step_is, (gpointer) name, 30000, name);
}

static gboolean
has_file_buttons (gpointer data)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  vt_test_collect_type (step (), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (buttons, i), "file"))
      return TRUE;
  return FALSE;
}

static gboolean
thumbnails_loaded (gpointer data)
{
  g_autoptr(GPtrArray) pictures = g_ptr_array_new ();
  guint loaded = 0;

  vt_test_collect_type (step (), GTK_TYPE_PICTURE, pictures);
  for (guint i = 0; i < pictures->len; i++)
    if (gtk_picture_get_paintable (g_ptr_array_index (pictures, i)) != NULL)
      loaded++;
  return loaded >= GPOINTER_TO_UINT (data);
}

static gboolean
recorded_seconds (gpointer data)
{
  return vt_recorder_get_elapsed (vt_devices_get_recorder (vt_window_get_devices (window))) >= 2.5;
}

static gboolean
scan_under_way (gpointer data)
{
  return vt_scanner_get_progress (vt_devices_get_scanner (vt_window_get_devices (window))) > 0.05;
}

static void
picture_file (const char *dir,
              const char *name,
              guint32     colour,
              int         width)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, width * 3 / 4);
  g_autoptr(GdkPixbuf) band = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  gdk_pixbuf_fill (pixbuf, colour);
  band = gdk_pixbuf_new_subpixbuf (pixbuf, 0, width / 4, width, width / 6);
  gdk_pixbuf_fill (band, 0xf0f0f0ff);
  jpeg = vt_image_encode_jpeg (pixbuf, 0, NULL);
  g_file_set_contents (path, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg), NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *media = NULL;
  g_autofree char *stick = NULL;
  g_autofree char *sane = NULL;
  g_autofree char *config = NULL;
  VtApplication *app;
  const VtLanguage *language;
  gboolean high_contrast, large;

  if (argc < 3)
    {
      g_printerr ("usage: %s OUTDIR LANGUAGE [high-contrast|200]\n", argv[0]);
      return 2;
    }
  outdir = argv[1];
  language = vt_language_lookup (argv[2]);
  high_contrast = argc > 3 && g_str_equal (argv[3], "high-contrast");
  large = argc > 3 && g_str_equal (argv[3], "200");
  suffix = g_strdup_printf ("%s%s", language->code, high_contrast ? "-hc" : large ? "-200" : "");

  vt_test_without_malloc_perturb (argv);
  /* As vt_test_gtk_init(), for the fit-200 tests under LeakSanitizer. */
  vt_test_lsan_ignore_glib_quarks ();
  vt_language_init ();
  gtk_init ();
  g_setenv ("VT_SOURCE_ROOT", SOURCE_ROOT, FALSE);

  /* The test devices: a slow scanner, so its progress shows. */
  dir = vt_test_make_tmpdir ("document-screenshots");
  sane = g_build_filename (dir, "sane", NULL);
  g_mkdir (sane, 0700);
  g_free (vt_test_write_file (sane, "dll.conf", "test\n"));
  g_free (vt_test_write_file (sane, "test.conf", "number_of_devices 1\ntest-picture \"Color pattern\"\n"
                                                "read-limit true\nread-limit-size 8192\n"
                                                "read-delay true\nread-delay-duration 4000\n"));
  g_setenv ("SANE_CONFIG_DIR", sane, TRUE);
  media = g_build_filename (dir, "media", NULL);
  stick = g_build_filename (media, "KINGSTON", NULL);
  g_mkdir_with_parents (stick, 0700);
  picture_file (stick, "cedula-frente.jpg", 0x3a6ea5ff, 900);
  picture_file (stick, "cedula-dorso.jpg", 0x8a5a2bff, 900);
  picture_file (stick, "factura-luz.jpg", 0x2f7d4fff, 900);
  data_dir = g_build_filename (dir, "data", NULL);
  vt_test_add_fixture_form (data_dir, "documents.xml");
  config = g_strdup_printf ("[kiosk]\nlanguages=es;pt_BR;en;fr;ht\noffice-name=Municipalidad de Puerto Nuevo\n"
                            "[devices]\ncamera=videotestsrc pattern=smpte ! video/x-raw,width=1024,height=768,framerate=10/1\n"
                            "microphone=audiotestsrc is-live=true wave=pink-noise volume=0.3\n"
                            "speaker=fakesink sync=true\nremovable-directory=%s\n", media);

  app = vt_test_app_new (config, data_dir, FALSE);
  window = vt_test_app_open_window (app);
  vt_test_wait_catalogue (app);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.language", "s", language->code);
  press_page (vt_test_find_button (vt_window_get_page (window), language->native_name));
  if (high_contrast)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.high-contrast", NULL);
  if (large)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
    }
  press_page (vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), "documents"));

  /* The photo: the ways to give it, the live picture, the check. */
  shot ("20-document-choose");
  press ("Take a photo");
  wait_step ("camera");
  /* The live picture, with the countdown running over it. */
  press ("Take photo in 5 seconds");
  shot ("21-document-camera");
  wait_step ("check");
  shot ("22-document-photo-check");
  press ("Use this photo");
  wait_step ("answer");
  shot ("23-document-photo-answer");
  next ();

  /* The scanner at work. */
  press ("Scan the document");
  wait_step ("scan");
  vt_test_wait_until (scan_under_way, NULL, 30000, "the scan to start");
  shot ("24-document-scanning");
  wait_step ("answer");
  next ();

  /* A USB stick's pictures. */
  press ("From a USB stick");
  vt_test_wait_until (has_file_buttons, NULL, 30000, "the stick's files");
  vt_test_wait_until (thumbnails_loaded, GUINT_TO_POINTER (3), 30000, "the thumbnails");
  shot ("25-document-usb");
  vt_test_click (vt_test_find_widget (step (), GTK_TYPE_FLOW_BOX_CHILD) != NULL
                 ? vt_test_find_widget (vt_test_find_widget (step (), GTK_TYPE_FLOW_BOX_CHILD), GTK_TYPE_BUTTON)
                 : NULL);
  wait_step ("answer");
  next ();

  /* A signature, drawn with the pointer. */
  wait_step ("sign");
  {
    GtkWidget *pad = vt_test_find_widget (step (), VT_TYPE_SIGNATURE_PAD);

    vt_test_wait_allocated (pad);
    vt_test_pointer_stroke (pad, 0.08, 0.45, 0.55);
    vt_test_pointer_stroke (pad, 0.45, 0.9, 0.5);
    vt_test_iterate ();
  }
  shot ("26-document-signature");
  press ("Use this signature");
  wait_step ("answer");
  next ();

  /* The voice, while it is recorded. */
  press ("Record your voice");
  wait_step ("record");
  press ("Record");
  vt_test_wait_until (recorded_seconds, NULL, 30000, "a few seconds of recording");
  shot ("27-document-recording");
  press ("Stop");
  press ("Use this recording");
  wait_step ("answer");
  next ();

  /* Check your answers, and the receipt with the files' names. */
  vt_test_wait_screen (window, VT_SCREEN_REVIEW);
  shot ("28-document-review");
  press_page (vt_test_find_button (vt_window_get_page (window), gettext ("Continue")));
  press_page (vt_consent_page_get_send_button (VT_CONSENT_PAGE (vt_window_get_page (window))));
  vt_test_wait_screen (window, VT_SCREEN_RECEIPT);
  shot ("29-document-receipt");

  vt_test_app_close (app);
  vt_test_rmdir_recursive (dir);
  return 0;
}
