#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "vt-camera.h"
#include "vt-test-utils.h"

/* The camera through GStreamer's videotestsrc: frames reach the preview, a
 * photo is the frame as a JPEG within max-pixels, and a camera that is
 * missing or stops says so and is closed. */

#define GREEN_CAMERA "videotestsrc pattern=solid-color foreground-color=0xff20c040 ! " \
                     "video/x-raw,width=640,height=480,framerate=30/1"

typedef struct
{
  guint    frames;
  GError  *failure;
  GBytes  *photo;
  GError  *photo_error;
  gboolean photo_done;
} Watch;

static void
frame_cb (VtCamera *camera,
          Watch    *w)
{
  w->frames++;
}

static void
failed_cb (VtCamera     *camera,
           const GError *error,
           Watch        *w)
{
  g_assert_null (w->failure);
  w->failure = g_error_copy (error);
}

static gboolean
has_frames (gpointer data)
{
  return ((Watch *) data)->frames >= 3;
}

static gboolean
has_failed (gpointer data)
{
  return ((Watch *) data)->failure != NULL;
}

static gboolean
photo_done (gpointer data)
{
  return ((Watch *) data)->photo_done;
}

static void
photo_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Watch *w = data;

  w->photo = vt_camera_take_photo_finish (VT_CAMERA (source), result, &w->photo_error);
  w->photo_done = TRUE;
}

static void
watch_clear (Watch *w)
{
  g_clear_error (&w->failure);
  g_clear_error (&w->photo_error);
  g_clear_pointer (&w->photo, g_bytes_unref);
}

static void
test_photo (void)
{
  g_autoptr(VtCamera) camera = vt_camera_new (GREEN_CAMERA);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) frame = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GdkPixbuf) picture = NULL;
  Watch w = { 0 };
  int width = 0, height = 0;
  gsize stride = 0;
  const guint8 *p;

  g_signal_connect (camera, "frame", G_CALLBACK (frame_cb), &w);
  g_signal_connect (camera, "failed", G_CALLBACK (failed_cb), &w);
  g_assert_true (vt_camera_is_configured (camera));
  g_assert_true (vt_camera_start (camera, &error));
  g_assert_no_error (error);
  vt_test_wait_until (has_frames, &w, 10000, "frames from the camera");

  frame = vt_camera_dup_frame (camera, &width, &height, &stride);
  g_assert_nonnull (frame);
  g_assert_cmpint (width, ==, 640);
  g_assert_cmpint (height, ==, 480);
  g_assert_cmpuint (stride, >=, 640 * 3);
  g_assert_cmpuint (g_bytes_get_size (frame), ==, stride * 480);

  vt_camera_take_photo_async (camera, 320, NULL, photo_cb, &w);
  vt_test_wait_until (photo_done, &w, 10000, "the photo");
  g_assert_no_error (w.photo_error);

  /* The photo is the camera's picture: a JPEG, 320 px on its longer side,
   * green as the test source is. */
  stream = g_memory_input_stream_new_from_bytes (w.photo);
  picture = gdk_pixbuf_new_from_stream (stream, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (picture), ==, 320);
  g_assert_cmpint (gdk_pixbuf_get_height (picture), ==, 240);
  p = gdk_pixbuf_read_pixels (picture) + 120 * gdk_pixbuf_get_rowstride (picture) + 160 * 3;
  g_assert_cmpint (ABS (p[0] - 0x20), <, 12);
  g_assert_cmpint (ABS (p[1] - 0xc0), <, 12);
  g_assert_cmpint (ABS (p[2] - 0x40), <, 12);

  /* Closed on leaving: no device held, no frame kept. */
  vt_camera_stop (camera);
  g_assert_false (vt_camera_get_running (camera));
  g_assert_null (vt_camera_dup_frame (camera, &width, &height, &stride));
  g_assert_null (w.failure);
  watch_clear (&w);
}

static void
test_no_camera (void)
{
  g_autoptr(VtCamera) none = vt_camera_new ("none");
  g_autoptr(VtCamera) missing = vt_camera_new ("v4l2src device=/dev/vt-no-such-camera");
  g_autoptr(VtCamera) nonsense = vt_camera_new ("no-such-element-anywhere");
  g_autoptr(GError) error = NULL;

  g_assert_false (vt_camera_is_configured (none));
  g_assert_false (vt_camera_start (none, &error));
  g_assert_error (error, VT_CAMERA_ERROR, VT_CAMERA_ERROR_NONE);
  g_clear_error (&error);

  /* A device that is not there: refused at once, in words, and closed. */
  g_assert_false (vt_camera_start (missing, &error));
  g_assert_error (error, VT_CAMERA_ERROR, VT_CAMERA_ERROR_NOT_FOUND);
  g_assert_false (vt_camera_get_running (missing));
  g_clear_error (&error);

  g_assert_false (vt_camera_start (nonsense, &error));
  g_assert_error (error, VT_CAMERA_ERROR, VT_CAMERA_ERROR_NOT_FOUND);
}

static void
test_gone_mid_preview (void)
{
  /* A camera that stops sending after a few frames, as one pulled out. */
  g_autoptr(VtCamera) camera = vt_camera_new ("videotestsrc num-buffers=8 ! video/x-raw,width=320,height=240");
  g_autoptr(GError) error = NULL;
  Watch w = { 0 };

  g_signal_connect (camera, "frame", G_CALLBACK (frame_cb), &w);
  g_signal_connect (camera, "failed", G_CALLBACK (failed_cb), &w);
  g_assert_true (vt_camera_start (camera, &error));
  vt_test_wait_until (has_failed, &w, 10000, "the camera to stop");
  g_assert_error (w.failure, VT_CAMERA_ERROR, VT_CAMERA_ERROR_GONE);
  g_assert_cmpuint (w.frames, >, 0);
  g_assert_false (vt_camera_get_running (camera));

  /* A photo now is refused in words, not a stale frame. */
  vt_camera_take_photo_async (camera, 0, NULL, photo_cb, &w);
  vt_test_wait_until (photo_done, &w, 10000, "the refused photo");
  g_assert_error (w.photo_error, VT_CAMERA_ERROR, VT_CAMERA_ERROR_NO_PICTURE);
  g_assert_null (w.photo);

  /* It can be opened again (plugged back in). */
  g_assert_true (vt_camera_start (camera, &error));
  g_assert_no_error (error);
  vt_camera_stop (camera);
  watch_clear (&w);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vt/camera/photo", test_photo);
  g_test_add_func ("/vt/camera/no-camera", test_no_camera);
  g_test_add_func ("/vt/camera/gone-mid-preview", test_gone_mid_preview);

  return g_test_run ();
}
