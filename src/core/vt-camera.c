/* The kiosk's camera (VtCamera): a GStreamer pipeline to frames and
 * photos in memory. */
#define G_LOG_DOMAIN "vt-camera"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "vt-camera.h"
#include "vt-gst-private.h"
#include "vt-image.h"

G_DEFINE_QUARK (vt-camera-error-quark, vt_camera_error)

/* The camera's own pictures, converted to packed RGB: what gdk-pixbuf
 * encodes and GTK shows without another conversion. */
#define PIPELINE "%s ! videoconvert ! video/x-raw,format=RGB ! " \
                 "appsink name=vt_sink max-buffers=1 drop=true sync=true"

struct _VtCamera
{
  GObject       parent_instance;

  char         *source;
  GstElement   *pipeline;
  GSource      *bus_watch;
  GMainContext *context;

  /* Shared with the streaming thread. */
  GMutex        lock;
  GstSample    *latest;
  guint64       frames;
  gboolean      frame_pending;
};

enum {
  FRAME,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VtCamera, vt_camera, G_TYPE_OBJECT)

static gboolean
emit_frame_cb (gpointer data)
{
  VtCamera *self = data;

  g_mutex_lock (&self->lock);
  self->frame_pending = FALSE;
  g_mutex_unlock (&self->lock);
  if (self->pipeline != NULL)
    g_signal_emit (self, signals[FRAME], 0);
  return G_SOURCE_REMOVE;
}

static GstFlowReturn
new_sample_cb (GstAppSink *sink,
               gpointer    data)
{
  VtCamera *self = data;
  GstSample *sample = gst_app_sink_pull_sample (sink);
  gboolean schedule;

  if (sample == NULL)
    return GST_FLOW_EOS;

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->latest, gst_sample_unref);
  self->latest = sample;
  self->frames++;
  schedule = !self->frame_pending;
  self->frame_pending = TRUE;
  g_mutex_unlock (&self->lock);

  if (schedule)
    {
      GSource *idle = g_idle_source_new ();

      g_source_set_callback (idle, emit_frame_cb, g_object_ref (self), g_object_unref);
      g_source_attach (idle, self->context);
      g_source_unref (idle);
    }
  return GST_FLOW_OK;
}

static void
fail (VtCamera *self,
      GError   *error)
{
  vt_camera_stop (self);
  g_signal_emit (self, signals[FAILED], 0, error);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    data)
{
  VtCamera *self = data;
  g_autoptr(GError) error = NULL;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) gst_error = NULL;

        gst_message_parse_error (message, &gst_error, NULL);
        /* The device's own words go to the journal, never to the screen;
         * a frame is never part of them. */
        g_message ("The camera stopped: %s", gst_error->message);
      }
      G_GNUC_FALLTHROUGH;
    case GST_MESSAGE_EOS:
      error = g_error_new_literal (VT_CAMERA_ERROR, VT_CAMERA_ERROR_GONE,
                                   _("The camera stopped working. Check that it is plugged in, then try again."));
      fail (self, error);
      return G_SOURCE_REMOVE;

    default:
      return G_SOURCE_CONTINUE;
    }
}

VtCamera *
vt_camera_new (const char *source)
{
  VtCamera *self = g_object_new (VT_TYPE_CAMERA, NULL);

  if (source != NULL && source[0] != '\0' && g_ascii_strcasecmp (source, "none") != 0)
    self->source = g_strdup (source);
  return self;
}

gboolean
vt_camera_is_configured (VtCamera *self)
{
  g_return_val_if_fail (VT_IS_CAMERA (self), FALSE);
  return self->source != NULL;
}

static GError *
not_found (void)
{
  return g_error_new_literal (VT_CAMERA_ERROR, VT_CAMERA_ERROR_NOT_FOUND,
                              _("The camera cannot be used: it may be unplugged or in use. Ask at the counter."));
}

gboolean
vt_camera_start (VtCamera  *self,
                 GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GstElement) sink = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = new_sample_cb };

  g_return_val_if_fail (VT_IS_CAMERA (self), FALSE);

  if (self->pipeline != NULL)
    return TRUE;
  if (self->source == NULL)
    {
      g_set_error_literal (error, VT_CAMERA_ERROR, VT_CAMERA_ERROR_NONE,
                           _("This kiosk has no camera."));
      return FALSE;
    }

  self->pipeline = vt_gst_parse (self->source, PIPELINE, &local_error);
  if (self->pipeline == NULL)
    {
      g_message ("The camera pipeline “%s” cannot be built: %s", self->source, local_error->message);
      g_propagate_error (error, not_found ());
      return FALSE;
    }
  gst_object_ref_sink (self->pipeline);

  sink = gst_bin_get_by_name (GST_BIN (self->pipeline), "vt_sink");
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);
  self->context = g_main_context_ref_thread_default ();
  self->bus_watch = vt_gst_watch_bus (self->pipeline, bus_cb, self);

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GError) why = vt_gst_pop_error (self->pipeline);

      g_message ("The camera “%s” cannot be opened: %s", self->source,
                 why != NULL ? why->message : "no reason given");
      vt_camera_stop (self);
      g_propagate_error (error, not_found ());
      return FALSE;
    }
  return TRUE;
}

void
vt_camera_stop (VtCamera *self)
{
  g_return_if_fail (VT_IS_CAMERA (self));

  if (self->pipeline == NULL)
    return;

  /* Closing the device: the streaming thread has stopped when this returns. */
  gst_element_set_state (self->pipeline, GST_STATE_NULL);
  if (self->bus_watch != NULL)
    {
      g_source_destroy (self->bus_watch);
      g_clear_pointer (&self->bus_watch, g_source_unref);
    }
  g_clear_object (&self->pipeline);
  g_clear_pointer (&self->context, g_main_context_unref);

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->latest, gst_sample_unref);
  self->frames = 0;
  g_mutex_unlock (&self->lock);
}

gboolean
vt_camera_get_running (VtCamera *self)
{
  g_return_val_if_fail (VT_IS_CAMERA (self), FALSE);
  return self->pipeline != NULL;
}

guint64
vt_camera_get_frame_count (VtCamera *self)
{
  guint64 n;

  g_return_val_if_fail (VT_IS_CAMERA (self), 0);
  g_mutex_lock (&self->lock);
  n = self->frames;
  g_mutex_unlock (&self->lock);
  return n;
}

typedef struct
{
  GstVideoFrame frame;
} MappedFrame;

static void
mapped_frame_free (gpointer data)
{
  MappedFrame *mapped = data;

  gst_video_frame_unmap (&mapped->frame);
  g_free (mapped);
}

GBytes *
vt_camera_dup_frame (VtCamera *self,
                     int      *width,
                     int      *height,
                     gsize    *stride)
{
  g_autoptr(GstSample) sample = NULL;
  GstVideoInfo info;
  MappedFrame *mapped;

  g_return_val_if_fail (VT_IS_CAMERA (self), NULL);

  g_mutex_lock (&self->lock);
  if (self->latest != NULL)
    sample = gst_sample_ref (self->latest);
  g_mutex_unlock (&self->lock);
  if (sample == NULL)
    return NULL;

  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample)))
    return NULL;
  mapped = g_new0 (MappedFrame, 1);
  if (!gst_video_frame_map (&mapped->frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
    {
      g_free (mapped);
      return NULL;
    }
  *width = GST_VIDEO_FRAME_WIDTH (&mapped->frame);
  *height = GST_VIDEO_FRAME_HEIGHT (&mapped->frame);
  *stride = GST_VIDEO_FRAME_PLANE_STRIDE (&mapped->frame, 0);
  /* The buffer stays mapped (and referenced) while the bytes live. */
  return g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (&mapped->frame, 0),
                                     (gsize) *stride * *height,
                                     mapped_frame_free, mapped);
}

typedef struct
{
  GBytes *frame;
  int     width;
  int     height;
  gsize   stride;
  int     max_pixels;
} PhotoJob;

static void
photo_job_free (PhotoJob *job)
{
  g_bytes_unref (job->frame);
  g_free (job);
}

static void
encode_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  PhotoJob *job = data;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_bytes (job->frame, GDK_COLORSPACE_RGB, FALSE, 8,
                                                           job->width, job->height, (int) job->stride);
  GError *error = NULL;
  GBytes *jpeg = vt_image_encode_jpeg (pixbuf, job->max_pixels, &error);

  if (jpeg == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, jpeg, (GDestroyNotify) g_bytes_unref);
}

void
vt_camera_take_photo_async (VtCamera            *self,
                            int                  max_pixels,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PhotoJob *job;

  g_return_if_fail (VT_IS_CAMERA (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_camera_take_photo_async);

  job = g_new0 (PhotoJob, 1);
  job->max_pixels = max_pixels;
  job->frame = vt_camera_dup_frame (self, &job->width, &job->height, &job->stride);
  if (job->frame == NULL)
    {
      g_free (job);
      g_task_return_new_error (task, VT_CAMERA_ERROR, VT_CAMERA_ERROR_NO_PICTURE,
                               "%s", _("The camera has not sent a picture yet. Wait a moment and try again."));
      return;
    }
  g_task_set_task_data (task, job, (GDestroyNotify) photo_job_free);
  g_task_run_in_thread (task, encode_thread);
}

GBytes *
vt_camera_take_photo_finish (VtCamera      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
vt_camera_dispose (GObject *object)
{
  VtCamera *self = VT_CAMERA (object);

  vt_camera_stop (self);
  G_OBJECT_CLASS (vt_camera_parent_class)->dispose (object);
}

static void
vt_camera_finalize (GObject *object)
{
  VtCamera *self = VT_CAMERA (object);

  g_free (self->source);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (vt_camera_parent_class)->finalize (object);
}

static void
vt_camera_class_init (VtCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vt_camera_dispose;
  object_class->finalize = vt_camera_finalize;

  signals[FRAME] = g_signal_new ("frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
vt_camera_init (VtCamera *self)
{
  g_mutex_init (&self->lock);
}
