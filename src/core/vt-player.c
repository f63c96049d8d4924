#define G_LOG_DOMAIN "vt-player"

#include "config.h"

#include <gst/app/gstappsrc.h>
#include <string.h>

#include "vt-gst-private.h"
#include "vt-player.h"

/* The voice's PCM in, the loudspeaker out; the sink converts and resamples
 * to whatever the device takes. */
#define PIPELINE "appsrc name=vt-source format=time ! audioconvert ! audioresample ! " \
                 "volume name=vt-volume ! %s"

struct _VtPlayer
{
  GObject          parent_instance;

  VtSpeech        *speech;
  char            *speaker;       /* the sink description, NULL for none */
  gboolean         available;
  gboolean         playing;
  gboolean         slow;

  GstElement      *pipeline;
  GstElement      *source;
  GSource         *bus_watch;
  GMainContext    *context;       /* where ::started is emitted */
  GCancellable    *cancellable;   /* the synthesis of the script playing */
  GCancellable    *probe;         /* the look for a sound device */
  VtSpeechScript  *script;

  /* Shared with the synthesising and streaming threads. */
  GMutex           lock;
  guint            generation;    /* one per script: stale sound is dropped */
  guint64          pushed;        /* samples handed to the pipeline */
  guint64          played;        /* samples that reached the sink */
  gint64           spoken_at;     /* monotonic time of vt_player_speak() */
  gint64           latency;       /* to the first sample at the sink, -1 before */
};

enum {
  PROP_0,
  PROP_AVAILABLE,
  PROP_PLAYING,
  PROP_SLOW,
  N_PROPS
};

enum {
  STARTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VtPlayer, vt_player, G_TYPE_OBJECT)

static void
set_playing (VtPlayer *self,
             gboolean  playing)
{
  if (self->playing == playing)
    return;
  self->playing = playing;
  if (!playing)
    g_clear_pointer (&self->script, vt_speech_script_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

/* Back to READY: the streaming threads stop and appsrc drops what it holds;
 * messages of the script stopped (its end of stream) are dropped too. */
static void
halt (VtPlayer *self)
{
  g_autoptr(GstBus) bus = NULL;

  g_mutex_lock (&self->lock);
  self->generation++;
  g_mutex_unlock (&self->lock);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->pipeline == NULL)
    return;
  gst_element_set_state (self->pipeline, GST_STATE_READY);
  bus = gst_element_get_bus (self->pipeline);
  gst_bus_set_flushing (bus, TRUE);
  gst_bus_set_flushing (bus, FALSE);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    data)
{
  VtPlayer *self = data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      halt (self);
      set_playing (self, FALSE);
      break;

    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;

        gst_message_parse_error (message, &error, NULL);
        g_message ("The loudspeaker failed: %s", error->message);
        halt (self);
        set_playing (self, FALSE);
      }
      break;

    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  VtPlayer *player;
  guint     generation;
} Started;

static gboolean
emit_started_cb (gpointer data)
{
  Started *started = data;
  VtPlayer *self = started->player;
  gboolean current;

  g_mutex_lock (&self->lock);
  current = started->generation == self->generation;
  g_mutex_unlock (&self->lock);
  if (current && self->playing)
    g_signal_emit (self, signals[STARTED], 0);
  return G_SOURCE_REMOVE;
}

static void
started_free (gpointer data)
{
  Started *started = data;

  g_object_unref (started->player);
  g_free (started);
}

/* In the streaming thread, as each buffer goes into the sink. */
static GstPadProbeReturn
sink_probe_cb (GstPad          *pad,
               GstPadProbeInfo *info,
               gpointer         data)
{
  VtPlayer *self = data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  Started *started = NULL;

  g_mutex_lock (&self->lock);
  if (GST_BUFFER_DURATION_IS_VALID (buffer))
    self->played += gst_util_uint64_scale (GST_BUFFER_DURATION (buffer), VT_SPEECH_SAMPLE_RATE, GST_SECOND);
  if (self->latency < 0)
    {
      self->latency = g_get_monotonic_time () - self->spoken_at;
      started = g_new0 (Started, 1);
      started->player = g_object_ref (self);
      started->generation = self->generation;
    }
  g_mutex_unlock (&self->lock);
  if (started != NULL)
    g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_started_cb, started, started_free);
  return GST_PAD_PROBE_OK;
}

static gboolean
build_pipeline (VtPlayer  *self,
                GError   **error)
{
  g_autoptr(GstElement) volume = NULL;
  g_autoptr(GstPad) pad = NULL;
  g_autoptr(GstCaps) caps = NULL;

  self->pipeline = vt_gst_parse (self->speaker, PIPELINE, error);
  if (self->pipeline == NULL)
    return FALSE;
  gst_object_ref_sink (self->pipeline);
  self->source = gst_bin_get_by_name (GST_BIN (self->pipeline), "vt-source");
  volume = gst_bin_get_by_name (GST_BIN (self->pipeline), "vt-volume");
  g_assert (self->source != NULL && volume != NULL);

  caps = gst_caps_new_simple ("audio/x-raw",
                              "format", G_TYPE_STRING, G_BYTE_ORDER == G_LITTLE_ENDIAN ? "S16LE" : "S16BE",
                              "layout", G_TYPE_STRING, "interleaved",
                              "channels", G_TYPE_INT, 1,
                              "rate", G_TYPE_INT, VT_SPEECH_SAMPLE_RATE,
                              NULL);
  /* Never block the synthesising thread: a page's sound is small. */
  g_object_set (self->source, "caps", caps, "block", FALSE, "max-bytes", (guint64) 0, NULL);
  g_object_set (volume, "volume", vt_speech_get_volume (self->speech), NULL);
  pad = gst_element_get_static_pad (volume, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, sink_probe_cb, self, NULL);
  self->bus_watch = vt_gst_watch_bus (self->pipeline, bus_cb, self);

  /* The device is opened now, not when a citizen presses Listen. */
  if (gst_element_set_state (self->pipeline, GST_STATE_READY) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GError) why = vt_gst_pop_error (self->pipeline);

      g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_STATE_CHANGE, "%s",
                   why != NULL ? why->message : "the sink does not start");
      return FALSE;
    }
  return TRUE;
}

static void
become_available (VtPlayer *self)
{
  g_autoptr(GError) error = NULL;

  if (!build_pipeline (self, &error))
    {
      g_message ("The loudspeaker “%s” cannot be used (%s); the Listen buttons are hidden. "
                 "Name a working GStreamer sink in [devices] speaker", self->speaker, error->message);
      return;
    }
  self->available = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
}

/* autoaudiosink plays into nothing when there is no device: look for one. */
static void
probe_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr(GstDeviceMonitor) monitor = NULL;
  GList *devices = NULL;
  gboolean found = FALSE;

  if (!vt_gst_ensure_init (NULL))
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  monitor = gst_device_monitor_new ();
  gst_device_monitor_add_filter (monitor, "Audio/Sink", NULL);
  if (gst_device_monitor_start (monitor))
    {
      devices = gst_device_monitor_get_devices (monitor);
      found = devices != NULL;
      g_list_free_full (devices, gst_object_unref);
      gst_device_monitor_stop (monitor);
    }
  g_task_return_boolean (task, found);
}

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GError) error = NULL;
  gboolean found = g_task_propagate_boolean (G_TASK (result), &error);
  VtPlayer *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = VT_PLAYER (source);
  if (!found)
    {
      g_message ("No sound device was found (ALSA, PulseAudio or PipeWire); the Listen buttons are "
                 "hidden. Connect a loudspeaker, or name a GStreamer sink in [devices] speaker");
      return;
    }
  become_available (self);
}

static void
vt_player_dispose (GObject *object)
{
  VtPlayer *self = VT_PLAYER (object);

  if (self->probe != NULL)
    g_cancellable_cancel (self->probe);
  g_clear_object (&self->probe);
  halt (self);
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  if (self->bus_watch != NULL)
    g_source_destroy (self->bus_watch);
  g_clear_pointer (&self->bus_watch, g_source_unref);
  g_clear_object (&self->source);
  g_clear_object (&self->pipeline);
  g_clear_pointer (&self->script, vt_speech_script_unref);

  G_OBJECT_CLASS (vt_player_parent_class)->dispose (object);
}

static void
vt_player_finalize (GObject *object)
{
  VtPlayer *self = VT_PLAYER (object);

  g_clear_pointer (&self->speech, vt_speech_free);
  g_free (self->speaker);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vt_player_parent_class)->finalize (object);
}

static void
vt_player_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  VtPlayer *self = VT_PLAYER (object);

  switch (prop_id)
    {
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_SLOW:
      g_value_set_boolean (value, self->slow);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_player_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  VtPlayer *self = VT_PLAYER (object);

  switch (prop_id)
    {
    case PROP_SLOW:
      vt_player_set_slow (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_player_class_init (VtPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vt_player_dispose;
  object_class->finalize = vt_player_finalize;
  object_class->get_property = vt_player_get_property;
  object_class->set_property = vt_player_set_property;

  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SLOW] =
    g_param_spec_boolean ("slow", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[STARTED] = g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vt_player_init (VtPlayer *self)
{
  g_mutex_init (&self->lock);
  self->latency = -1;
  self->context = g_main_context_ref_thread_default ();
}

VtPlayer *
vt_player_new (const VtConfig *config)
{
  VtPlayer *self = g_object_new (VT_TYPE_PLAYER, NULL);
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (config != NULL, self);

  self->speech = vt_speech_new (config);
  if (config->speaker != NULL && config->speaker[0] != '\0' && !g_str_equal (config->speaker, "none"))
    self->speaker = g_strdup (config->speaker);

  if (!config->speech_enabled)
    g_info ("Reading aloud is off ([speech] enabled=false): no Listen buttons");
  else if (self->speaker == NULL)
    g_message ("[devices] speaker is none: the Listen buttons are hidden");
  else if (g_str_equal (g_strstrip (self->speaker), "autoaudiosink"))
    {
      self->probe = g_cancellable_new ();
      task = g_task_new (self, self->probe, probe_done_cb, NULL);
      g_task_set_source_tag (task, vt_player_new);
      g_task_run_in_thread (task, probe_thread);
    }
  else
    become_available (self);
  return self;
}

VtSpeech *
vt_player_get_speech (VtPlayer *self)
{
  g_return_val_if_fail (VT_IS_PLAYER (self), NULL);
  return self->speech;
}

gboolean
vt_player_get_available (VtPlayer *self)
{
  g_return_val_if_fail (VT_IS_PLAYER (self), FALSE);
  return self->available;
}

gboolean
vt_player_get_playing (VtPlayer *self)
{
  g_return_val_if_fail (VT_IS_PLAYER (self), FALSE);
  return self->playing;
}

gboolean
vt_player_get_slow (VtPlayer *self)
{
  g_return_val_if_fail (VT_IS_PLAYER (self), FALSE);
  return self->slow;
}

void
vt_player_set_slow (VtPlayer *self,
                    gboolean  slow)
{
  g_return_if_fail (VT_IS_PLAYER (self));

  slow = !!slow;
  if (self->slow == slow)
    return;
  self->slow = slow;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLOW]);
}

typedef struct
{
  VtPlayer       *player;
  VtSpeechScript *script;
  guint           generation;
  gboolean        slow;
} Job;

static void
job_free (Job *job)
{
  g_object_unref (job->player);
  vt_speech_script_unref (job->script);
  g_free (job);
}

/* In the synthesising thread: each piece of sound into the pipeline, with
 * its time, while the script is still the one to play. */
static gboolean
push_cb (const gint16 *samples,
         gsize         n_samples,
         gpointer      data)
{
  Job *job = data;
  VtPlayer *self = job->player;
  GstFlowReturn flow = GST_FLOW_FLUSHING;

  g_mutex_lock (&self->lock);
  if (job->generation == self->generation)
    {
      GstBuffer *buffer = gst_buffer_new_memdup (samples, n_samples * sizeof (gint16));

      GST_BUFFER_PTS (buffer) = gst_util_uint64_scale (self->pushed, GST_SECOND, VT_SPEECH_SAMPLE_RATE);
      GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (n_samples, GST_SECOND, VT_SPEECH_SAMPLE_RATE);
      self->pushed += n_samples;
      flow = gst_app_src_push_buffer (GST_APP_SRC (self->source), buffer);
    }
  g_mutex_unlock (&self->lock);
  return flow == GST_FLOW_OK;
}

static void
speak_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  VtPlayer *self = job->player;
  g_autoptr(GError) error = NULL;

  if (!vt_speech_render (self->speech, job->script, job->slow, push_cb, job, cancellable, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* Never the text: it may be a citizen's answers on the review page. */
    g_message ("The page cannot be read aloud: %s", error->message);

  g_mutex_lock (&self->lock);
  if (job->generation == self->generation)
    gst_app_src_end_of_stream (GST_APP_SRC (self->source));
  g_mutex_unlock (&self->lock);
  g_task_return_boolean (task, TRUE);
}

void
vt_player_speak (VtPlayer       *self,
                 VtSpeechScript *script)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (VT_IS_PLAYER (self));
  g_return_if_fail (script != NULL);

  if (!self->available)
    return;
  halt (self);

  g_mutex_lock (&self->lock);
  self->pushed = 0;
  self->played = 0;
  self->latency = -1;
  self->spoken_at = g_get_monotonic_time ();
  job = g_new0 (Job, 1);
  job->player = g_object_ref (self);
  job->script = vt_speech_script_ref (script);
  job->generation = self->generation;
  job->slow = self->slow;
  g_mutex_unlock (&self->lock);

  g_clear_pointer (&self->script, vt_speech_script_unref);
  self->script = vt_speech_script_ref (script);
  self->cancellable = g_cancellable_new ();
  gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
  /* Notified even when one script follows another: the Listen buttons
   * show which one is playing. */
  self->playing = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);

  task = g_task_new (NULL, self->cancellable, NULL, NULL);
  g_task_set_source_tag (task, vt_player_speak);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, speak_thread);
}

void
vt_player_stop (VtPlayer *self)
{
  g_return_if_fail (VT_IS_PLAYER (self));

  if (!self->playing)
    return;
  halt (self);
  set_playing (self, FALSE);
}

VtSpeechScript *
vt_player_get_script (VtPlayer *self)
{
  g_return_val_if_fail (VT_IS_PLAYER (self), NULL);
  return self->script;
}

guint64
vt_player_get_samples_played (VtPlayer *self)
{
  guint64 played;

  g_return_val_if_fail (VT_IS_PLAYER (self), 0);

  g_mutex_lock (&self->lock);
  played = self->played;
  g_mutex_unlock (&self->lock);
  return played;
}

gint64
vt_player_get_start_latency (VtPlayer *self)
{
  gint64 latency;

  g_return_val_if_fail (VT_IS_PLAYER (self), -1);

  g_mutex_lock (&self->lock);
  latency = self->latency;
  g_mutex_unlock (&self->lock);
  return latency;
}
