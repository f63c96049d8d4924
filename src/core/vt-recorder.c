/* Voice recordings for audio uploads (VtRecorder): the microphone to
 * Ogg/Opus or WAV in memory, with a level and a limit; and playback. */
#define G_LOG_DOMAIN "vt-recorder"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <math.h>
#include <string.h>

#include "vt-gst-private.h"
#include "vt-recorder.h"
#include "vt-store.h"

G_DEFINE_QUARK (vt-recorder-error-quark, vt_recorder_error)

/* Voice at 32 kbit/s Opus: clear speech, about 240 KB a minute. */
#define RECORD_OGG "%s ! audioconvert ! audioresample ! " \
                   "level name=vt_level interval=100000000 post-messages=true ! " \
                   "audioconvert ! opusenc bitrate=32000 ! oggmux ! " \
                   "appsink name=vt_sink sync=false"
#define RECORD_WAV "%s ! audioconvert ! audioresample ! audio/x-raw,rate=16000,channels=1 ! " \
                   "level name=vt_level interval=100000000 post-messages=true ! " \
                   "wavenc ! appsink name=vt_sink sync=false"
#define PLAY       "appsrc name=vt_src ! decodebin ! audioconvert ! audioresample ! %s"
/* What autoaudiosrc falls back to when no microphone answers. */
#define FAKE_SOURCE "fake-auto-audio-src"

struct _VtRecorder
{
  GObject          parent_instance;

  char            *microphone;
  char            *speaker;
  GstElement      *pipeline;
  GSource         *bus_watch;
  VtRecorderState  state;
  double           max_seconds;
  double           elapsed;
  double           level;
  char            *content_type;
  GBytes          *recording;

  GMutex           lock;            /* the streaming thread appends here */
  GByteArray      *data;
  gboolean         overflow;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_ELAPSED,
  PROP_LEVEL,
  N_PROPS
};

enum {
  FINISHED,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VtRecorder, vt_recorder, G_TYPE_OBJECT)

static gboolean
configured (const char *device)
{
  return device != NULL && device[0] != '\0' && g_ascii_strcasecmp (device, "none") != 0;
}

VtRecorder *
vt_recorder_new (const char *microphone,
                 const char *speaker)
{
  VtRecorder *self = g_object_new (VT_TYPE_RECORDER, NULL);

  self->microphone = configured (microphone) ? g_strdup (microphone) : NULL;
  self->speaker = configured (speaker) ? g_strdup (speaker) : NULL;
  return self;
}

gboolean
vt_recorder_has_microphone (VtRecorder *self)
{
  g_return_val_if_fail (VT_IS_RECORDER (self), FALSE);
  return self->microphone != NULL;
}

const char *
vt_recorder_content_type_for (const char *mediatype)
{
  if (mediatype != NULL &&
      (strstr (mediatype, "audio/wav") != NULL || strstr (mediatype, "audio/x-wav") != NULL ||
       strstr (mediatype, "audio/vnd.wave") != NULL))
    return "audio/wav";
  return "audio/ogg";
}

static void
set_state (VtRecorder      *self,
           VtRecorderState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
close_pipeline (VtRecorder *self)
{
  if (self->pipeline == NULL)
    return;
  gst_element_set_state (self->pipeline, GST_STATE_NULL);
  if (self->bus_watch != NULL)
    {
      g_source_destroy (self->bus_watch);
      g_clear_pointer (&self->bus_watch, g_source_unref);
    }
  g_clear_object (&self->pipeline);
}

static void
drop_data (VtRecorder *self)
{
  g_mutex_lock (&self->lock);
  if (self->data != NULL)
    {
      /* A voice is personal data: it does not linger in freed memory. */
      if (self->data->len > 0)
        memset (self->data->data, 0, self->data->len);
      g_clear_pointer (&self->data, g_byte_array_unref);
    }
  self->overflow = FALSE;
  g_mutex_unlock (&self->lock);
}

static void
fail (VtRecorder *self,
      GError     *error)
{
  close_pipeline (self);
  drop_data (self);
  set_state (self, VT_RECORDER_STATE_IDLE);
  g_signal_emit (self, signals[FAILED], 0, error);
}

static GstFlowReturn
new_sample_cb (GstAppSink *sink,
               gpointer    data)
{
  VtRecorder *self = data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer;
  GstMapInfo map;

  if (sample == NULL)
    return GST_FLOW_EOS;
  buffer = gst_sample_get_buffer (sample);
  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_FLOW_ERROR;

  g_mutex_lock (&self->lock);
  if (self->data != NULL)
    {
      guint64 offset = GST_BUFFER_OFFSET (buffer);

      /* wavenc writes its header again at offset 0 when it ends. */
      if (GST_BUFFER_OFFSET_IS_VALID (buffer) && offset + map.size <= self->data->len)
        memcpy (self->data->data + offset, map.data, map.size);
      else if (self->data->len + map.size > VT_STORE_MAX_ATTACHMENT_BYTES)
        self->overflow = TRUE;
      else
        g_byte_array_append (self->data, map.data, map.size);
    }
  g_mutex_unlock (&self->lock);

  gst_buffer_unmap (buffer, &map);
  return GST_FLOW_OK;
}

static void
finish_recording (VtRecorder *self)
{
  close_pipeline (self);
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->recording, g_bytes_unref);
  if (self->data != NULL && self->data->len > 0)
    self->recording = g_byte_array_free_to_bytes (g_steal_pointer (&self->data));
  g_clear_pointer (&self->data, g_byte_array_unref);
  g_mutex_unlock (&self->lock);

  self->level = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
  set_state (self, VT_RECORDER_STATE_IDLE);
  if (self->recording != NULL)
    g_signal_emit (self, signals[FINISHED], 0);
  else
    {
      g_autoptr(GError) error = g_error_new_literal (VT_RECORDER_ERROR, VT_RECORDER_ERROR_FAILED,
                                                     _("Nothing was recorded. Check the microphone, then record again."));
      g_signal_emit (self, signals[FAILED], 0, error);
    }
}

static void
level_message (VtRecorder         *self,
               const GstStructure *s)
{
  const GValue *peaks = gst_structure_get_value (s, "peak");
  GstClockTime running = 0, duration = 0;
  double peak = -INFINITY;

  gst_structure_get_clock_time (s, "running-time", &running);
  gst_structure_get_clock_time (s, "duration", &duration);

  /* "peak" is a GValueArray, one value per channel: the loudest counts. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (peaks != NULL && G_VALUE_HOLDS_BOXED (peaks))
    {
      GValueArray *array = g_value_get_boxed (peaks);

      for (guint i = 0; array != NULL && i < array->n_values; i++)
        peak = MAX (peak, g_value_get_double (g_value_array_get_nth (array, i)));
    }
  G_GNUC_END_IGNORE_DEPRECATIONS

  self->level = isfinite (peak) ? CLAMP ((peak + 60.0) / 60.0, 0.0, 1.0) : 0.0;
  self->elapsed = (running + duration) / (double) GST_SECOND;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ELAPSED]);

  if (self->max_seconds > 0 && self->elapsed >= self->max_seconds &&
      self->state == VT_RECORDER_STATE_RECORDING)
    vt_recorder_stop (self);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    data)
{
  VtRecorder *self = data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ELEMENT:
      if (gst_message_has_name (message, "level"))
        level_message (self, gst_message_get_structure (message));
      return G_SOURCE_CONTINUE;

    case GST_MESSAGE_EOS:
      if (self->state == VT_RECORDER_STATE_PLAYING)
        {
          close_pipeline (self);
          set_state (self, VT_RECORDER_STATE_IDLE);
        }
      else
        finish_recording (self);
      return G_SOURCE_REMOVE;

    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) gst_error = NULL;
        g_autoptr(GError) error = NULL;
        gboolean playing = self->state == VT_RECORDER_STATE_PLAYING;

        gst_message_parse_error (message, &gst_error, NULL);
        g_message ("%s stopped: %s", playing ? "Playback" : "The microphone", gst_error->message);
        if (playing)
          error = g_error_new_literal (VT_RECORDER_ERROR, VT_RECORDER_ERROR_PLAYBACK,
                                       _("The recording cannot be played on this kiosk. It is kept as it is."));
        else
          error = g_error_new_literal (VT_RECORDER_ERROR, VT_RECORDER_ERROR_FAILED,
                                       _("The microphone stopped working. Record again, or ask at the counter."));
        fail (self, error);
        return G_SOURCE_REMOVE;
      }

    default:
      return G_SOURCE_CONTINUE;
    }
}

static GError *
no_microphone (void)
{
  return g_error_new_literal (VT_RECORDER_ERROR, VT_RECORDER_ERROR_NO_MICROPHONE,
                              _("This kiosk has no microphone that works, so a recording cannot be made here."));
}

gboolean
vt_recorder_start (VtRecorder  *self,
                   const char  *content_type,
                   double       max_seconds,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstElement) fake = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = new_sample_cb };
  gboolean wav;

  g_return_val_if_fail (VT_IS_RECORDER (self), FALSE);

  vt_recorder_reset (self);
  if (self->microphone == NULL)
    {
      g_propagate_error (error, no_microphone ());
      return FALSE;
    }

  wav = g_strcmp0 (content_type, "audio/wav") == 0;
  self->pipeline = vt_gst_parse (self->microphone, wav ? RECORD_WAV : RECORD_OGG, &local_error);
  if (self->pipeline == NULL)
    {
      g_message ("The microphone pipeline “%s” cannot be built: %s", self->microphone, local_error->message);
      g_propagate_error (error, no_microphone ());
      return FALSE;
    }
  gst_object_ref_sink (self->pipeline);
  sink = gst_bin_get_by_name (GST_BIN (self->pipeline), "vt_sink");
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);

  g_mutex_lock (&self->lock);
  self->data = g_byte_array_new ();
  g_mutex_unlock (&self->lock);
  g_free (self->content_type);
  self->content_type = g_strdup (wav ? "audio/wav" : "audio/ogg");
  self->max_seconds = max_seconds;
  self->elapsed = 0;
  self->bus_watch = vt_gst_watch_bus (self->pipeline, bus_cb, self);

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE ||
      (fake = gst_bin_get_by_name (GST_BIN (self->pipeline), FAKE_SOURCE)) != NULL)
    {
      g_autoptr(GError) why = vt_gst_pop_error (self->pipeline);

      g_message ("No microphone from “%s”: %s", self->microphone,
                 why != NULL ? why->message : "none answered");
      close_pipeline (self);
      drop_data (self);
      g_propagate_error (error, no_microphone ());
      return FALSE;
    }

  set_state (self, VT_RECORDER_STATE_RECORDING);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ELAPSED]);
  return TRUE;
}

void
vt_recorder_stop (VtRecorder *self)
{
  g_return_if_fail (VT_IS_RECORDER (self));

  if (self->state != VT_RECORDER_STATE_RECORDING)
    return;
  set_state (self, VT_RECORDER_STATE_FINISHING);
  /* The sources end the stream; the muxer completes the file. */
  gst_element_send_event (self->pipeline, gst_event_new_eos ());
}

void
vt_recorder_reset (VtRecorder *self)
{
  g_return_if_fail (VT_IS_RECORDER (self));

  close_pipeline (self);
  drop_data (self);
  g_clear_pointer (&self->recording, g_bytes_unref);
  self->elapsed = 0;
  self->level = 0;
  set_state (self, VT_RECORDER_STATE_IDLE);
}

VtRecorderState
vt_recorder_get_state (VtRecorder *self)
{
  g_return_val_if_fail (VT_IS_RECORDER (self), VT_RECORDER_STATE_IDLE);
  return self->state;
}

double
vt_recorder_get_elapsed (VtRecorder *self)
{
  g_return_val_if_fail (VT_IS_RECORDER (self), 0);
  return self->elapsed;
}

double
vt_recorder_get_level (VtRecorder *self)
{
  g_return_val_if_fail (VT_IS_RECORDER (self), 0);
  return self->level;
}

GBytes *
vt_recorder_dup_recording (VtRecorder *self)
{
  g_return_val_if_fail (VT_IS_RECORDER (self), NULL);
  return self->recording != NULL ? g_bytes_ref (self->recording) : NULL;
}

const char *
vt_recorder_get_content_type (VtRecorder *self)
{
  g_return_val_if_fail (VT_IS_RECORDER (self), NULL);
  return self->content_type;
}

gboolean
vt_recorder_play (VtRecorder  *self,
                  GBytes      *recording,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GBytes) keep = NULL;

  g_return_val_if_fail (VT_IS_RECORDER (self), FALSE);
  g_return_val_if_fail (recording != NULL, FALSE);

  keep = g_bytes_ref (recording);
  close_pipeline (self);
  drop_data (self);
  if (self->speaker == NULL ||
      (self->pipeline = vt_gst_parse (self->speaker, PLAY, &local_error)) == NULL)
    {
      if (local_error != NULL)
        g_message ("The loudspeaker pipeline cannot be built: %s", local_error->message);
      g_set_error_literal (error, VT_RECORDER_ERROR, VT_RECORDER_ERROR_PLAYBACK,
                           _("This kiosk has no loudspeaker, so the recording cannot be played here."));
      return FALSE;
    }
  gst_object_ref_sink (self->pipeline);

  /* decodebin's pad appears once it knows the format; gst_parse_launch
   * links it to the converter then. */
  src = gst_bin_get_by_name (GST_BIN (self->pipeline), "vt_src");
  g_object_set (src, "format", GST_FORMAT_BYTES, NULL);
  gst_app_src_push_buffer (GST_APP_SRC (src), gst_buffer_new_wrapped_bytes (keep));
  gst_app_src_end_of_stream (GST_APP_SRC (src));

  self->bus_watch = vt_gst_watch_bus (self->pipeline, bus_cb, self);
  set_state (self, VT_RECORDER_STATE_PLAYING);
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      close_pipeline (self);
      set_state (self, VT_RECORDER_STATE_IDLE);
      g_set_error_literal (error, VT_RECORDER_ERROR, VT_RECORDER_ERROR_PLAYBACK,
                           _("This kiosk has no loudspeaker, so the recording cannot be played here."));
      return FALSE;
    }
  return TRUE;
}

double
vt_recorder_duration_of (GBytes     *recording,
                         const char *content_type)
{
  gsize size = 0;
  const guint8 *data;

  g_return_val_if_fail (recording != NULL, 0);

  data = g_bytes_get_data (recording, &size);
  if (size >= 44 && memcmp (data, "RIFF", 4) == 0)
    {
      guint32 byte_rate, length = 0;

      /* The fmt chunk's byte rate, and the data chunk's length. */
      memcpy (&byte_rate, data + 28, 4);
      for (gsize i = 12; i + 8 <= size; )
        {
          guint32 chunk;

          memcpy (&chunk, data + i + 4, 4);
          if (memcmp (data + i, "data", 4) == 0)
            {
              length = GUINT32_FROM_LE (chunk);
              break;
            }
          i += 8 + GUINT32_FROM_LE (chunk);
        }
      return GUINT32_FROM_LE (byte_rate) > 0 ? (double) length / GUINT32_FROM_LE (byte_rate) : 0;
    }

  /* Ogg/Opus: the last page's granule position counts 48 kHz samples. */
  for (gsize i = size >= 14 ? size - 14 : 0; size >= 14; i--)
    {
      if (memcmp (data + i, "OggS", 4) == 0)
        {
          guint64 granule = 0;

          for (int b = 7; b >= 0; b--)
            granule = (granule << 8) | data[i + 6 + b];
          return granule / 48000.0;
        }
      if (i == 0)
        break;
    }
  return 0;
}

static void
vt_recorder_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  VtRecorder *self = VT_RECORDER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_ELAPSED:
      g_value_set_double (value, self->elapsed);
      break;
    case PROP_LEVEL:
      g_value_set_double (value, self->level);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_recorder_dispose (GObject *object)
{
  vt_recorder_reset (VT_RECORDER (object));
  G_OBJECT_CLASS (vt_recorder_parent_class)->dispose (object);
}

static void
vt_recorder_finalize (GObject *object)
{
  VtRecorder *self = VT_RECORDER (object);

  g_free (self->microphone);
  g_free (self->speaker);
  g_free (self->content_type);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (vt_recorder_parent_class)->finalize (object);
}

static void
vt_recorder_class_init (VtRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = vt_recorder_get_property;
  object_class->dispose = vt_recorder_dispose;
  object_class->finalize = vt_recorder_finalize;

  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL,
                                             VT_RECORDER_STATE_IDLE, VT_RECORDER_STATE_PLAYING,
                                             VT_RECORDER_STATE_IDLE,
                                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ELAPSED] = g_param_spec_double ("elapsed", NULL, NULL, 0, G_MAXDOUBLE, 0,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEVEL] = g_param_spec_double ("level", NULL, NULL, 0, 1, 0,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
vt_recorder_init (VtRecorder *self)
{
  g_mutex_init (&self->lock);
}
