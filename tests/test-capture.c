#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vt-application.h"
#include "vt-capture-view.h"
#include "vt-image.h"
#include "vt-language.h"
#include "vt-media-type.h"
#include "vt-signature-pad.h"
#include "vt-question-page.h"
#include "vt-question-view.h"
#include "vt-receipt-page.h"
#include "vt-review-page.h"
#include "vt-consent-page.h"
#include "vt-services-page.h"
#include "vt-store.h"
#include "vt-test-app.h"
#include "vt-test-server.h"
#include "vt-window.h"
#include "vt-test-utils.h"

/* An upload question answered as a citizen would, on a real window under
 * Xvfb: a photo from the camera (videotestsrc), a page from the scanner
 * (SANE's test backend), a file from a USB stick (a directory standing in
 * for the mount), a recording (audiotestsrc), a signature drawn with real
 * pointer events (xdotool).  And each device failing: the camera gone
 * mid-preview, a scanner that times out, a stick pulled out mid-copy, a
 * file too large or of the wrong kind, no microphone; each says so in
 * words and leaves the answer as it was. */

static char *sane_dir;

typedef struct
{
  char       *dir;
  char       *usb;        /* the stand-in for /media */
  VtConfig   *config;
  VtDevices  *devices;
  GtkWidget  *window;
  GtkWidget  *view;
  guint       attached;
  guint       removed;
  char       *name;
  char       *content_type;
  GBytes     *bytes;
} Fixture;

static void
attached_cb (VtCaptureView *view,
             const char    *name,
             const char    *content_type,
             GBytes        *bytes,
             Fixture       *f)
{
  f->attached++;
  g_free (f->name);
  g_free (f->content_type);
  g_clear_pointer (&f->bytes, g_bytes_unref);
  f->name = g_strdup (name);
  f->content_type = g_strdup (content_type);
  f->bytes = g_bytes_ref (bytes);
}

static void
removed_cb (VtCaptureView *view,
            Fixture       *f)
{
  f->removed++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = vt_test_make_tmpdir ("capture");
  f->usb = g_build_filename (f->dir, "media", NULL);
  g_mkdir (f->usb, 0700);
  f->config = vt_config_new_default ();
  g_free (f->config->camera);
  f->config->camera = g_strdup ("videotestsrc pattern=ball ! video/x-raw,width=1280,height=960,framerate=10/1");
  g_free (f->config->microphone);
  f->config->microphone = g_strdup ("audiotestsrc is-live=true wave=sine freq=330 volume=0.5");
  g_free (f->config->speaker);
  f->config->speaker = g_strdup ("fakesink sync=true");
  f->config->removable_directory = g_strdup (f->usb);
  f->config->scanner_timeout_seconds = 30;
  f->config->max_recording_seconds = 60;
}

static void
open_view (Fixture    *f,
           const char *mediatype,
           const char *appearance)
{
  VtQuestion question = { 0 };

  f->devices = vt_devices_new (f->config);
  question.kind = VT_CONTROL_UPLOAD;
  question.type = VT_DATA_BINARY;
  question.path = (char *) "/data/document";
  question.label = (char *) "Your document";
  question.mediatype = (char *) mediatype;
  question.appearance = (char *) appearance;
  question.value = (char *) "";
  question.max_pixels = 800;

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 900);
  f->view = vt_capture_view_new (f->devices, &question, NULL);
  g_signal_connect (f->view, "attached", G_CALLBACK (attached_cb), f);
  g_signal_connect (f->view, "removed", G_CALLBACK (removed_cb), f);
  gtk_window_set_child (GTK_WINDOW (f->window), f->view);
  gtk_window_present (GTK_WINDOW (f->window));
  vt_test_wait_allocated (f->view);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  vt_test_iterate ();
  if (f->devices != NULL)
    {
      /* Whatever the test left open, closed as the idle wipe does. */
      vt_devices_release (f->devices);
      g_assert_false (vt_camera_get_running (vt_devices_get_camera (f->devices)));
      g_clear_object (&f->devices);
    }
  vt_config_free (f->config);
  g_clear_pointer (&f->bytes, g_bytes_unref);
  g_free (f->name);
  g_free (f->content_type);
  vt_test_rmdir_recursive (f->dir);
  g_free (f->dir);
  g_free (f->usb);
}

/* ---- helpers ---------------------------------------------------------------- */

static GtkWidget *
step_widget (Fixture *f)
{
  GtkWidget *stack = vt_test_find_widget (f->view, GTK_TYPE_STACK);

  return gtk_stack_get_visible_child (GTK_STACK (stack));
}

/* A button of the step shown, found by its label as a person reads it. */
static GtkWidget *
button (Fixture    *f,
        const char *label)
{
  return vt_test_find_button (step_widget (f), label);
}

static GtkWidget *
button_or_null (Fixture    *f,
                const char *label)
{
  return vt_test_find_button_or_null (step_widget (f), label);
}

typedef struct
{
  Fixture    *f;
  const char *step;
} StepWait;

static gboolean
step_is (gpointer data)
{
  StepWait *w = data;

  return g_str_equal (vt_capture_view_get_step (VT_CAPTURE_VIEW (w->f->view)), w->step);
}

static void
wait_step (Fixture    *f,
           const char *step)
{
  StepWait w = { f, step };

  vt_test_wait_until (step_is, &w, 30000, step);
}

static GtkWidget *
message (Fixture *f)
{
  return gtk_widget_get_first_child (f->view);
}

static gboolean
message_shown (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_visible (message (f));
}

static const char *
message_text (Fixture *f)
{
  return gtk_label_get_text (GTK_LABEL (message (f)));
}

/* A visible label whose text holds words, or NULL. */
static GtkWidget *
label_containing (GtkWidget  *root,
                  const char *words)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  vt_test_collect_type (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      if (gtk_widget_get_visible (label) && strstr (gtk_label_get_text (GTK_LABEL (label)), words) != NULL)
        return label;
    }
  return NULL;
}

static gboolean
is_sensitive (gpointer data)
{
  return gtk_widget_is_sensitive (data);
}

typedef struct
{
  Fixture    *f;
  const char *label;
} ButtonWait;

static gboolean
button_shown (gpointer data)
{
  ButtonWait *w = data;

  return button_or_null (w->f, w->label) != NULL;
}

static void
wait_button (Fixture    *f,
             const char *label)
{
  ButtonWait w = { f, label };

  vt_test_wait_until (button_shown, &w, 30000, label);
}

static void
press (Fixture    *f,
       const char *label)
{
  GtkWidget *b = button (f, label);

  vt_test_wait_until (is_sensitive, b, 30000, label);
  vt_test_click (b);
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

/* ---- the camera --------------------------------------------------------------- */

static void
test_photo (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GdkPixbuf) photo = NULL;
  VtCamera *camera;

  open_view (f, "image/*", NULL);
  camera = vt_devices_get_camera (f->devices);
  /* The camera stays off until the citizen asks for it. */
  g_assert_false (vt_camera_get_running (camera));
  press (f, "Take a photo");
  wait_step (f, "camera");
  g_assert_true (vt_camera_get_running (camera));
  press (f, "Take photo");
  wait_step (f, "check");
  /* Looking at the photo: the camera is closed. */
  g_assert_false (vt_camera_get_running (camera));
  g_assert_cmpuint (f->attached, ==, 0);

  /* Retake, then use it. */
  press (f, "Retake");
  wait_step (f, "camera");
  press (f, "Take photo");
  wait_step (f, "check");
  press (f, "Use this photo");
  wait_step (f, "answer");
  g_assert_cmpuint (f->attached, ==, 1);
  g_assert_cmpstr (f->content_type, ==, "image/jpeg");
  g_assert_true (g_str_has_prefix (f->name, "document-"));
  g_assert_true (g_str_has_suffix (f->name, ".jpg"));
  photo = decode (f->bytes);
  /* The form's max-pixels (800) on the longer side. */
  g_assert_cmpint (gdk_pixbuf_get_width (photo), ==, 800);
  g_assert_cmpint (gdk_pixbuf_get_height (photo), ==, 600);
  g_assert_false (vt_camera_get_running (camera));

  /* Remove: the answer goes, the choices come back. */
  press (f, "Remove");
  g_assert_cmpuint (f->removed, ==, 1);
  wait_step (f, "choose");
}

static void
test_photo_countdown (Fixture       *f,
                      gconstpointer  data)
{
  open_view (f, "image/*", NULL);
  press (f, "Take a photo");
  wait_step (f, "camera");
  press (f, "Take photo in 5 seconds");
  /* The countdown shows on the picture; nothing to press meanwhile. */
  g_assert_nonnull (label_containing (step_widget (f), "5"));
  g_assert_false (gtk_widget_is_sensitive (button (f, "Take photo")));
  wait_step (f, "check");
  g_assert_cmpuint (f->attached, ==, 0);
}

static void
test_camera_gone (Fixture       *f,
                  gconstpointer  data)
{
  g_free (f->config->camera);
  f->config->camera = g_strdup ("videotestsrc num-buffers=20 ! video/x-raw,width=320,height=240,framerate=30/1");
  open_view (f, "image/*", NULL);
  press (f, "Take a photo");
  wait_step (f, "camera");
  vt_test_wait_until (message_shown, f, 30000, "the camera's message");
  g_assert_cmpstr (message_text (f), ==,
                   "The camera stopped working. Check that it is plugged in, then try again.");
  wait_step (f, "choose");
  g_assert_false (vt_camera_get_running (vt_devices_get_camera (f->devices)));
  g_assert_cmpuint (f->attached, ==, 0);
}

static void
test_camera_missing (Fixture       *f,
                     gconstpointer  data)
{
  g_free (f->config->camera);
  f->config->camera = g_strdup ("v4l2src device=/dev/vt-no-camera");
  open_view (f, "image/*", NULL);
  press (f, "Take a photo");
  g_assert_true (message_shown (f));
  g_assert_nonnull (strstr (message_text (f), "camera cannot be used"));
  g_assert_cmpstr (vt_capture_view_get_step (VT_CAPTURE_VIEW (f->view)), ==, "choose");
}

/* ---- the scanner ------------------------------------------------------------ */

static void
configure_sane (const char *extra)
{
  g_autofree char *conf = g_strconcat ("number_of_devices 1\ntest-picture \"Color pattern\"\n",
                                       extra != NULL ? extra : "", NULL);

  g_free (vt_test_write_file (sane_dir, "test.conf", conf));
}

static void
test_scan (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GdkPixbuf) page = NULL;

  configure_sane (NULL);
  open_view (f, "image/*", NULL);
  wait_button (f, "Scan the document");
  press (f, "Scan the document");
  wait_step (f, "answer");
  g_assert_cmpuint (f->attached, ==, 1);
  g_assert_cmpstr (f->content_type, ==, "image/jpeg");
  page = decode (f->bytes);
  g_assert_cmpint (MAX (gdk_pixbuf_get_width (page), gdk_pixbuf_get_height (page)), ==, 800);
}

static void
test_scan_pdf (Fixture       *f,
               gconstpointer  data)
{
  configure_sane (NULL);
  open_view (f, "application/pdf", NULL);
  /* A document question: no camera, a scanner and a stick. */
  g_assert_null (button_or_null (f, "Take a photo"));
  wait_button (f, "Scan the document");
  press (f, "Scan the document");
  wait_step (f, "answer");
  g_assert_cmpstr (f->content_type, ==, "application/pdf");
  g_assert_cmpstr (vt_media_type_sniff (g_bytes_get_data (f->bytes, NULL), g_bytes_get_size (f->bytes)), ==,
                   "application/pdf");
  g_assert_true (g_str_has_suffix (f->name, ".pdf"));
}

static void
test_scan_timeout (Fixture       *f,
                   gconstpointer  data)
{
  configure_sane ("read-limit true\nread-limit-size 64\nread-delay true\nread-delay-duration 200000\n");
  f->config->scanner_timeout_seconds = 1;
  open_view (f, "image/*", NULL);
  wait_button (f, "Scan the document");
  press (f, "Scan the document");
  wait_step (f, "scan");
  vt_test_wait_until (message_shown, f, 30000, "the scanner's message");
  g_assert_nonnull (strstr (message_text (f), "did not finish in time"));
  wait_step (f, "choose");
  g_assert_cmpuint (f->attached, ==, 0);
}

/* ---- a USB stick --------------------------------------------------------------- */

static void
put (const char *dir,
     const char *name,
     GBytes     *bytes)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
}

static GBytes *
jpeg_of (int width)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, width * 3 / 4);
  g_autoptr(GError) error = NULL;
  GBytes *jpeg;

  gdk_pixbuf_fill (pixbuf, 0x2266aaff);
  jpeg = vt_image_encode_jpeg (pixbuf, 0, &error);
  g_assert_no_error (error);
  return jpeg;
}

static gboolean
has_file_buttons (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  vt_test_collect_type (step_widget (f), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (buttons, i), "file"))
      return TRUE;
  return FALSE;
}

static GtkWidget *
file_button (Fixture    *f,
             const char *name)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  vt_test_collect_type (step_widget (f), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *b = g_ptr_array_index (buttons, i);

      if (!gtk_widget_has_css_class (b, "file"))
        continue;
      if (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (vt_test_find_widget (b, GTK_TYPE_LABEL))), name))
        return b;
    }
  g_error ("No file %s on the screen", name);
}

static gboolean
no_drives (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GPtrArray) drives = vt_removable_list_drives (vt_devices_get_removable (f->devices));

  return drives->len == 0;
}

static gboolean
has_drive_cb (gpointer data)
{
  g_autoptr(GPtrArray) drives = vt_removable_list_drives (vt_devices_get_removable (data));

  return drives->len > 0;
}

static gboolean
no_drive_cb (gpointer data)
{
  return !has_drive_cb (data);
}

static void
test_usb (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *stick = g_build_filename (f->usb, "MI-USB", NULL);
  g_autoptr(GBytes) small = jpeg_of (400);
  g_autoptr(GBytes) big = g_bytes_new_take (g_malloc0 (VT_STORE_MAX_ATTACHMENT_BYTES + 1),
                                            VT_STORE_MAX_ATTACHMENT_BYTES + 1);
  g_autoptr(GBytes) text = g_bytes_new_static ("not a picture\n", 14);

  open_view (f, "image/*", NULL);
  press (f, "From a USB stick");
  wait_step (f, "usb");
  g_assert_false (has_file_buttons (f));

  /* Plugged in while the page waits. */
  {
    g_autofree char *tmp = g_build_filename (f->dir, "staging", NULL);

    /* Its files all there at once, as a mount's are. */
    g_mkdir (tmp, 0700);
    put (tmp, "cedula.jpg", small);
    put (tmp, "enorme.jpg", big);
    put (tmp, "falsa.jpg", text);
    put (tmp, "notas.txt", text);
    g_assert_cmpint (g_rename (tmp, stick), ==, 0);
  }
  vt_test_wait_until (has_file_buttons, f, 30000, "the stick's files");
  /* Not the one over the limit, not the text file; said why. */
  g_assert_nonnull (label_containing (step_widget (f), "1 file is not shown because it is larger than"));

  /* A "picture" that is not one: refused in words, nothing attached. */
  vt_test_click (file_button (f, "falsa.jpg"));
  vt_test_wait_until (message_shown, f, 30000, "the refusal");
  g_assert_nonnull (strstr (message_text (f), "not of a kind this question takes"));
  g_assert_cmpuint (f->attached, ==, 0);

  vt_test_wait_until (has_file_buttons, f, 30000, "the stick's files again");
  vt_test_click (file_button (f, "cedula.jpg"));
  wait_step (f, "answer");
  g_assert_cmpuint (f->attached, ==, 1);
  /* Small enough for max-pixels: byte for byte what the stick holds. */
  g_assert_true (g_bytes_equal (f->bytes, small));
  /* Done: the stick is unmounted and the citizen told. */
  vt_test_wait_until (no_drives, f, 30000, "the stick to be unmounted");
  vt_test_wait_until (message_shown, f, 30000, "the word to take it out");
  g_assert_cmpstr (message_text (f), ==, "You can take out your USB stick now.");
}

typedef struct
{
  Fixture *f;
  char    *stick;
  gboolean pulled;
} Puller;

static void
pull_cb (VtRemovable *removable,
         GParamSpec  *pspec,
         Puller      *p)
{
  if (p->pulled || vt_removable_get_progress (removable) <= 0)
    return;
  vt_test_rmdir_recursive (p->stick);
  p->pulled = TRUE;
}

static void
test_usb_pulled (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *stick = g_build_filename (f->usb, "MI-USB", NULL);
  g_autoptr(GBytes) head = jpeg_of (64);
  gsize size = 6 * 1024 * 1024;
  guint8 *content = g_malloc0 (size);
  g_autoptr(GBytes) large = NULL;
  Puller puller = { f, stick, FALSE };

  memcpy (content, g_bytes_get_data (head, NULL), g_bytes_get_size (head));
  large = g_bytes_new_take (content, size);
  g_mkdir (stick, 0700);
  put (stick, "grande.jpg", large);
  f->config->max_recording_seconds = 60;
  open_view (f, "image/*", NULL);
  press (f, "From a USB stick");
  vt_test_wait_until (has_file_buttons, f, 30000, "the stick's files");
  g_signal_connect (vt_devices_get_removable (f->devices), "notify::progress", G_CALLBACK (pull_cb), &puller);
  vt_test_click (file_button (f, "grande.jpg"));
  vt_test_wait_until (message_shown, f, 30000, "the message");
  g_assert_true (puller.pulled);
  g_assert_cmpstr (message_text (f), ==,
                   "The USB stick was taken out before the file was read. Put it back in and choose the file again.");
  g_assert_cmpuint (f->attached, ==, 0);
  g_assert_cmpstr (vt_capture_view_get_step (VT_CAPTURE_VIEW (f->view)), ==, "usb");
  g_signal_handlers_disconnect_by_data (vt_devices_get_removable (f->devices), &puller);
}

/* ---- the voice ------------------------------------------------------------------- */

static gboolean
recorded_a_second (gpointer data)
{
  return vt_recorder_get_elapsed (data) >= 1.0;
}

static void
test_record (Fixture       *f,
             gconstpointer  data)
{
  VtRecorder *recorder;
  GtkWidget *label;

  open_view (f, "audio/*", NULL);
  recorder = vt_devices_get_recorder (f->devices);
  g_assert_null (button_or_null (f, "Take a photo"));
  press (f, "Record your voice");
  wait_step (f, "record");
  press (f, "Record");
  vt_test_wait_until (recorded_a_second, recorder, 30000, "a second of recording");
  press (f, "Stop");
  wait_button (f, "Record again");
  press (f, "Play it back");
  g_assert_cmpint (vt_recorder_get_state (recorder), ==, VT_RECORDER_STATE_PLAYING);
  wait_button (f, "Use this recording");
  press (f, "Use this recording");
  wait_step (f, "answer");
  g_assert_cmpuint (f->attached, ==, 1);
  g_assert_cmpstr (f->content_type, ==, "audio/ogg");
  g_assert_true (g_str_has_suffix (f->name, ".ogg"));
  g_assert_cmpmem (g_bytes_get_data (f->bytes, NULL), 4, "OggS", 4);
  label = label_containing (step_widget (f), "Recording, 0:0");
  g_assert_nonnull (label);
  g_assert_cmpint (vt_recorder_get_state (recorder), ==, VT_RECORDER_STATE_IDLE);
}

static void
test_no_microphone (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *note;

  g_free (f->config->microphone);
  f->config->microphone = g_strdup ("none");
  open_view (f, "audio/*", NULL);
  g_assert_null (button_or_null (f, "Record your voice"));
  note = label_containing (step_widget (f), "This kiosk has no microphone");
  g_assert_nonnull (note);
  g_assert_true (gtk_widget_get_visible (note));
  /* A recording on a stick is still possible. */
  g_assert_nonnull (button_or_null (f, "From a USB stick"));
}

/* ---- a signature, drawn with the pointer ------------------------------------ */

static gboolean
has_strokes (gpointer data)
{
  return vt_signature_pad_get_strokes (data) >= GPOINTER_TO_UINT (g_object_get_data (data, "vt-want"));
}

/* A stroke across the pad with the real pointer (xdotool). */
static void
draw_stroke (GtkWidget *pad,
             double     from_x,
             double     to_x,
             double     y)
{
  guint before = vt_signature_pad_get_strokes (VT_SIGNATURE_PAD (pad));

  vt_test_pointer_stroke (pad, from_x, to_x, y);
  g_object_set_data (G_OBJECT (pad), "vt-want", GUINT_TO_POINTER (before + 1));
  vt_test_wait_until (has_strokes, pad, 30000, "the stroke to be drawn");
}

static void
test_signature (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GdkPixbuf) png = NULL;
  GtkWidget *pad;
  const guint8 *pixels;
  gboolean ink = FALSE;

  open_view (f, "image/*", "signature");
  wait_step (f, "sign");
  pad = vt_test_find_widget (step_widget (f), VT_TYPE_SIGNATURE_PAD);
  vt_test_wait_allocated (pad);
  g_assert_false (gtk_widget_is_sensitive (button (f, "Use this signature")));

  draw_stroke (pad, 0.1, 0.5, 0.5);
  draw_stroke (pad, 0.5, 0.9, 0.4);
  g_assert_cmpuint (vt_signature_pad_get_strokes (VT_SIGNATURE_PAD (pad)), ==, 2);
  press (f, "Undo");
  g_assert_cmpuint (vt_signature_pad_get_strokes (VT_SIGNATURE_PAD (pad)), ==, 1);
  press (f, "Clear");
  g_assert_true (vt_signature_pad_is_empty (VT_SIGNATURE_PAD (pad)));
  g_assert_false (gtk_widget_is_sensitive (button (f, "Use this signature")));
  draw_stroke (pad, 0.1, 0.9, 0.5);

  press (f, "Use this signature");
  wait_step (f, "answer");
  g_assert_cmpuint (f->attached, ==, 1);
  g_assert_cmpstr (f->content_type, ==, "image/png");
  g_assert_cmpstr (vt_media_type_sniff (g_bytes_get_data (f->bytes, NULL), g_bytes_get_size (f->bytes)), ==, "image/png");
  png = decode (f->bytes);
  /* Black ink on white, across the middle. */
  pixels = gdk_pixbuf_read_pixels (png);
  g_assert_cmpint (pixels[0], ==, 255);
  for (int x = 0; x < gdk_pixbuf_get_width (png) && !ink; x++)
    for (int y = 0; y < gdk_pixbuf_get_height (png) && !ink; y++)
      ink = pixels[y * gdk_pixbuf_get_rowstride (png) + x * gdk_pixbuf_get_n_channels (png)] < 50;
  g_assert_true (ink);
  g_assert_nonnull (label_containing (step_widget (f), "Signature"));
}

/* ---- a whole application, to the server ------------------------------------------ */

typedef struct
{
  GHashTable *given;         /* name → GBytes the capture view handed over */
} Given;

static void
given_cb (VtCaptureView *view,
          const char    *name,
          const char    *content_type,
          GBytes        *bytes,
          GHashTable    *given)
{
  g_hash_table_insert (given, g_strdup (name), g_bytes_ref (bytes));
}

/* The question page shown, and its capture view as f->view. */
static void
on_page (Fixture    *f,
         VtWindow   *window,
         const char *label,
         GHashTable *given)
{
  GtkWidget *page;

  vt_test_wait_screen (window, VT_SCREEN_QUESTION);
  page = vt_window_get_page (window);
  g_assert_nonnull (label_containing (page, label));
  f->view = vt_test_find_widget (page, VT_TYPE_CAPTURE_VIEW);
  if (g_object_get_data (G_OBJECT (f->view), "vt-test-given") == NULL)
    {
      g_signal_connect (f->view, "attached", G_CALLBACK (given_cb), given);
      g_object_set_data (G_OBJECT (f->view), "vt-test-given", given);
    }
}

static void
next (VtWindow *window)
{
  vt_test_press (window, vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
}

static void
start_documents (VtWindow *window)
{
  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  vt_test_click (vt_test_find_button (vt_window_get_page (window), "English"));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  vt_test_press (window, vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), "documents"));
}

static gboolean
delivered (gpointer data)
{
  gpointer *args = data;

  return vt_test_server_count_attachments (args[0], args[1]) == 5;
}

static void
test_application_delivered (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtTestServer) server = vt_test_server_new (&(VtTestServerOptions) { 0 }, &error);
  g_autofree char *data_dir = g_build_filename (f->dir, "data", NULL);
  g_autofree char *stick = g_build_filename (f->usb, "MI-USB", NULL);
  g_autofree char *config = NULL;
  g_autofree char *reference = NULL;
  g_autoptr(GHashTable) given = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  g_autoptr(GBytes) id_card = jpeg_of (600);
  g_autoptr(VtReceipt) receipt = NULL;
  g_autoptr(VtStoreItem) item = NULL;
  VtApplication *app;
  VtWindow *window;
  GtkWidget *page;

  g_assert_no_error (error);
  configure_sane (NULL);
  g_mkdir (stick, 0700);
  put (stick, "cedula.jpg", id_card);
  vt_test_add_fixture_form (data_dir, "documents.xml");
  config = g_strdup_printf ("[server]\nurl=%s\nallow-http=true\n"
                            "[sync]\nretry-min-seconds=0.05\nretry-max-seconds=0.2\ninterval-seconds=0.2\n"
                            "[devices]\ncamera=%s\nmicrophone=%s\nspeaker=%s\nremovable-directory=%s\n",
                            vt_test_server_get_url (server), f->config->camera, f->config->microphone,
                            f->config->speaker, f->usb);
  app = vt_test_app_new (config, data_dir, FALSE);
  window = vt_test_app_open_window (app);

  vt_test_wait_catalogue (app);
  start_documents (window);

  /* A required photo: Continue without it is refused, then it is taken. */
  on_page (f, window, "A photo of the broken street light", given);
  next (window);
  on_page (f, window, "A photo of the broken street light", given);
  g_assert_true (gtk_widget_get_visible (vt_question_page_get_error_summary (VT_QUESTION_PAGE (vt_window_get_page (window)))));
  press (f, "Take a photo");
  wait_step (f, "camera");
  press (f, "Take photo");
  wait_step (f, "check");
  press (f, "Use this photo");
  wait_step (f, "answer");
  next (window);

  /* A page from the scanner, as a PDF. */
  on_page (f, window, "Your proof of address", given);
  wait_button (f, "Scan the document");
  press (f, "Scan the document");
  wait_step (f, "answer");
  next (window);

  /* A file from the stick, unmounted afterwards. */
  on_page (f, window, "A copy of your ID card", given);
  press (f, "From a USB stick");
  vt_test_wait_until (has_file_buttons, f, 30000, "the stick's files");
  vt_test_click (file_button (f, "cedula.jpg"));
  wait_step (f, "answer");
  vt_test_wait_until (no_drive_cb, vt_window_get_devices (window), 30000, "the stick to be unmounted");
  next (window);

  /* A signature, drawn with the pointer. */
  on_page (f, window, "Your signature", given);
  wait_step (f, "sign");
  {
    GtkWidget *pad = vt_test_find_widget (step_widget (f), VT_TYPE_SIGNATURE_PAD);

    vt_test_wait_allocated (pad);
    draw_stroke (pad, 0.1, 0.8, 0.5);
  }
  press (f, "Use this signature");
  wait_step (f, "answer");
  next (window);

  /* The voice. */
  on_page (f, window, "Tell us what happened", given);
  press (f, "Record your voice");
  press (f, "Record");
  vt_test_wait_until (recorded_a_second, vt_devices_get_recorder (f->devices != NULL ? f->devices : vt_window_get_devices (window)),
                      30000, "a second of recording");
  press (f, "Stop");
  wait_button (f, "Use this recording");
  press (f, "Use this recording");
  wait_step (f, "answer");
  next (window);

  /* Check your answers: what each file is, with Change. */
  vt_test_wait_screen (window, VT_SCREEN_REVIEW);
  page = vt_window_get_page (window);
  g_assert_nonnull (label_containing (page, "Signature"));
  g_assert_nonnull (label_containing (page, "Recording, 0:0"));
  g_assert_nonnull (label_containing (page, ".pdf ("));
  g_assert_nonnull (vt_test_find_button (page, "Change: Your signature"));
  vt_test_press (window, vt_test_find_button (page, "Continue"));
  vt_test_wait_screen (window, VT_SCREEN_CONSENT);
  vt_test_press (window, vt_consent_page_get_send_button (VT_CONSENT_PAGE (vt_window_get_page (window))));
  vt_test_wait_screen (window, VT_SCREEN_RECEIPT);

  /* The receipt names the files and their sizes, not their content. */
  page = vt_window_get_page (window);
  reference = g_strdup (vt_receipt_page_get_reference (VT_RECEIPT_PAGE (page)));
  g_assert_nonnull (strstr (vt_receipt_page_get_files (VT_RECEIPT_PAGE (page)), "Files attached:"));
  g_assert_nonnull (strstr (vt_receipt_page_get_files (VT_RECEIPT_PAGE (page)), "signature-"));
  g_test_message ("%s", vt_receipt_page_get_files (VT_RECEIPT_PAGE (page)));
  g_assert_nonnull (strstr (vt_receipt_page_get_files (VT_RECEIPT_PAGE (page)), "kB)"));
  g_assert_cmpuint (g_hash_table_size (given), ==, 5);

  {
    g_autoptr(VtStore) store = vt_store_open (data_dir, &error);
    gpointer args[2];

    receipt = vt_store_get_receipt (store, reference, &error);
    g_assert_no_error (error);
    args[0] = server;
    args[1] = receipt->instance_id;
    vt_test_wait_until (delivered, args, 60000, "the application and its five files at the server");
    item = vt_store_get_item (store, receipt->instance_id, &error);
    g_assert_no_error (error);
  }

  /* Each arrived byte for byte as the citizen gave it. */
  g_assert_cmpuint (item->attachments->len, ==, 5);
  for (guint i = 0; i < item->attachments->len; i++)
    {
      VtAttachment *a = g_ptr_array_index (item->attachments, i);
      g_autoptr(GBytes) arrived = vt_test_server_get_attachment (server, receipt->instance_id, a->name);
      GBytes *handed = g_hash_table_lookup (given, a->name);

      g_test_message ("%s: %s, %" G_GINT64_FORMAT " bytes", a->name, a->content_type, vt_attachment_get_size (a));
      g_assert_nonnull (arrived);
      g_assert_nonnull (handed);
      g_assert_true (g_bytes_equal (arrived, handed));
    }
  {
    g_autofree char *xml = vt_test_server_get_xml (server, receipt->instance_id);

    g_assert_nonnull (strstr (xml, "<signature>signature-"));
    g_assert_nonnull (strstr (xml, ".ogg</voice>"));
  }

  /* The idle wipe with the camera open: it goes off and the stick is unmounted. */
  vt_test_click (vt_test_find_button (vt_window_get_page (window), "Finish"));
  start_documents (window);
  on_page (f, window, "A photo of the broken street light", given);
  press (f, "Take a photo");
  wait_step (f, "camera");
  g_assert_true (vt_camera_get_running (vt_devices_get_camera (vt_window_get_devices (window))));
  /* The stick, taken out after the last application, comes back. */
  vt_test_rmdir_recursive (stick);
  g_mkdir (stick, 0700);
  vt_test_wait_until (has_drive_cb, vt_window_get_devices (window), 30000, "a stick");
  vt_window_reset (window);
  g_assert_false (vt_camera_get_running (vt_devices_get_camera (vt_window_get_devices (window))));
  g_assert_false (has_drive_cb (vt_window_get_devices (window)));
  g_assert_false (vt_window_has_session (window));

  f->view = NULL;
  vt_test_app_close (app);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  vt_test_without_malloc_perturb (argv);
  vt_test_gtk_init (&argc, &argv);
  vt_application_ensure_resources ();
  vt_language_apply ("en");

  /* SANE's test backend only, and no MALLOC_PERTURB_ (see test-scanner.c). */
  sane_dir = vt_test_make_tmpdir ("capture-sane");
  g_free (vt_test_write_file (sane_dir, "dll.conf", "test\n"));
  g_setenv ("SANE_CONFIG_DIR", sane_dir, TRUE);

#define ADD(path, func) g_test_add ("/vt/capture/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("photo", test_photo);
  ADD ("photo-countdown", test_photo_countdown);
  ADD ("camera-gone", test_camera_gone);
  ADD ("camera-missing", test_camera_missing);
  ADD ("scan", test_scan);
  ADD ("scan-pdf", test_scan_pdf);
  ADD ("scan-timeout", test_scan_timeout);
  ADD ("usb", test_usb);
  ADD ("usb-pulled", test_usb_pulled);
  ADD ("record", test_record);
  ADD ("no-microphone", test_no_microphone);
  ADD ("signature", test_signature);
  ADD ("application-delivered", test_application_delivered);
#undef ADD

  status = g_test_run ();
  vt_test_rmdir_recursive (sane_dir);
  g_free (sane_dir);
  return status;
}
