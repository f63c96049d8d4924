#define G_LOG_DOMAIN "vt-speech"

#include "config.h"

#include <espeak-ng/espeak_ng.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <string.h>

#include "vt-gst-private.h"
#include "vt-speech.h"

G_DEFINE_QUARK (vt-speech-error-quark, vt_speech_error)

/* A label of a form is short; a part longer than this is cut (at a
 * character boundary) rather than keep the engine busy for minutes. */
#define MAX_PART_BYTES           8000
/* An author's recording longer than this is cut. */
#define MAX_RECORDING_SECONDS    300
/* A decoder that gives nothing for this long is given up on. */
#define RECORDING_STALL_SECONDS  10
/* Silence after a recording, as espeak-ng pauses after a sentence. */
#define PAUSE_AFTER_RECORDING_MS 300

/* The session language's code → the espeak-ng voice, for the languages the
 * kiosk ships.  [speech] voices adds to it and overrides it. */
static const struct
{
  const char *code;
  const char *voice;
} builtin_voices[] = {
  { "es", "es-419" },            /* Latin American Spanish */
  { "pt", "pt-br" },
  { "en", "en-029" },            /* Caribbean English */
  { "fr", "fr-fr" },
  { "ht", "ht" },
  { "qu", "qu" },
  { "gn", "gn" },
};

struct _VtSpeech
{
  gboolean    enabled;
  double      volume;
  int         rate;
  int         slow_rate;
  GHashTable *voices;            /* code → voice */
};

typedef struct
{
  char *text;
  char *audio;
} Part;

struct _VtSpeechScript
{
  gatomicrefcount  ref_count;
  char            *language;
  GPtrArray       *parts;        /* Part * */
};

/* ------------------------------------------------------------------ */
/* Languages and voices                                                */

/* "Español (es)" → "es", "pt-BR" → "pt_br", "pt_BR" → "pt_br". */
static char *
language_key (const char *language)
{
  const char *open = strrchr (language, '(');
  g_autofree char *code = NULL;

  if (open != NULL && strchr (open, ')') != NULL)
    code = g_strndup (open + 1, strchr (open, ')') - open - 1);
  else
    code = g_strdup (language);
  g_strstrip (code);
  g_strdelimit (code, "-", '_');
  return g_ascii_strdown (code, -1);
}

static void
add_voice (VtSpeech   *self,
           const char *code,
           const char *voice)
{
  g_hash_table_replace (self->voices, language_key (code), g_strdup (voice));
}

VtSpeech *
vt_speech_new (const VtConfig *config)
{
  VtSpeech *self = g_new0 (VtSpeech, 1);

  g_return_val_if_fail (config != NULL, NULL);

  self->enabled = config->speech_enabled;
  self->volume = config->speech_volume / 100.0;
  self->rate = config->speech_rate;
  self->slow_rate = config->speech_slow_rate;
  self->voices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (gsize i = 0; i < G_N_ELEMENTS (builtin_voices); i++)
    add_voice (self, builtin_voices[i].code, builtin_voices[i].voice);
  for (guint i = 0; config->speech_voices != NULL && config->speech_voices[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (config->speech_voices[i], "=", 2);

      if (pair[0] != NULL && pair[1] != NULL)
        add_voice (self, g_strstrip (pair[0]), g_strstrip (pair[1]));
    }
  return self;
}

void
vt_speech_free (VtSpeech *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->voices, g_hash_table_unref);
  g_free (self);
}

gboolean
vt_speech_is_enabled (VtSpeech *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->enabled;
}

double
vt_speech_get_volume (VtSpeech *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->volume;
}

const char *
vt_speech_get_voice (VtSpeech   *self,
                     const char *language)
{
  g_autofree char *key = NULL;
  const char *voice;
  char *underscore;

  g_return_val_if_fail (self != NULL, NULL);

  if (language == NULL)
    return NULL;
  key = language_key (language);
  voice = g_hash_table_lookup (self->voices, key);
  /* pt_br finds pt, es_mx finds es, unless the table names them itself. */
  underscore = strchr (key, '_');
  if (voice == NULL && underscore != NULL)
    {
      *underscore = '\0';
      voice = g_hash_table_lookup (self->voices, key);
    }
  return voice;
}

/* ------------------------------------------------------------------ */
/* espeak-ng: one engine per process, used by one caller at a time      */

typedef struct
{
  VtSpeechChunkFunc  func;
  gpointer           user_data;
  GCancellable      *cancellable;
  gboolean           stopped;
} Synth;

static GMutex  engine_lock;
static gboolean engine_tried;
static char   *engine_error;     /* why espeak-ng could not start, or NULL */
static char   *engine_voice;     /* the voice set now */
static int     engine_rate;
static Synth  *engine_synth;     /* who receives the sound now */

static int
synth_cb (short        *wav,
          int           n_samples,
          espeak_EVENT *events)
{
  Synth *synth = engine_synth;

  if (synth == NULL || synth->stopped)
    return 1;
  if (g_cancellable_is_cancelled (synth->cancellable))
    {
      synth->stopped = TRUE;
      return 1;
    }
  if (wav != NULL && n_samples > 0 && !synth->func (wav, (gsize) n_samples, synth->user_data))
    {
      synth->stopped = TRUE;
      return 1;
    }
  return 0;
}

static char *
status_message (espeak_ng_STATUS status)
{
  char buffer[512] = "";

  espeak_ng_GetStatusCodeMessage (status, buffer, sizeof buffer);
  return g_strdup (buffer);
}

/* With engine_lock held. */
static gboolean
engine_start (GError **error)
{
  if (!engine_tried)
    {
      espeak_ng_ERROR_CONTEXT context = NULL;
      espeak_ng_STATUS status;

      engine_tried = TRUE;
      espeak_ng_InitializePath (NULL);
      status = espeak_ng_Initialize (&context);
      if (status == ENS_OK)
        status = espeak_ng_InitializeOutput (ENOUTPUT_MODE_SYNCHRONOUS, 40, NULL);
      espeak_ng_ClearErrorContext (&context);
      if (status != ENS_OK)
        {
          g_autofree char *why = status_message (status);
          engine_error = g_strdup_printf (_("The read-aloud voice (espeak-ng) cannot start: %s; "
                                            "install the package espeak-ng-data"), why);
          g_message ("%s", engine_error);
        }
      else if (espeak_ng_GetSampleRate () != VT_SPEECH_SAMPLE_RATE)
        engine_error = g_strdup_printf (_("The read-aloud voice (espeak-ng) speaks at %d Hz, not %d Hz"),
                                        espeak_ng_GetSampleRate (), VT_SPEECH_SAMPLE_RATE);
      else
        espeak_SetSynthCallback (synth_cb);
    }
  if (engine_error != NULL)
    {
      g_set_error_literal (error, VT_SPEECH_ERROR, VT_SPEECH_ERROR_UNAVAILABLE, engine_error);
      return FALSE;
    }
  return TRUE;
}

/* With engine_lock held: selects an installed voice as espeak-ng's own
 * command line does, by the voice's name or file name ("es-419"), else by
 * a language it speaks ("fr-fr" is the voice roa/fr).  Checked against the
 * installed list first: by language, espeak-ng would fall back to any
 * voice rather than fail. */
static espeak_ng_STATUS
select_voice (const char *voice)
{
  const espeak_VOICE **voices = espeak_ListVoices (NULL);
  espeak_VOICE wanted = { 0 };

  for (guint i = 0; voices != NULL && voices[i] != NULL; i++)
    {
      const espeak_VOICE *v = voices[i];
      const char *base = v->identifier != NULL ? strrchr (v->identifier, '/') : NULL;

      base = base != NULL ? base + 1 : v->identifier;
      if ((v->name != NULL && g_ascii_strcasecmp (v->name, voice) == 0)
          || (base != NULL && g_ascii_strcasecmp (base, voice) == 0))
        return espeak_ng_SetVoiceByName (base);
    }
  for (guint i = 0; voices != NULL && voices[i] != NULL; i++)
    for (const char *l = voices[i]->languages; l != NULL && l[0] != '\0'; l += strlen (l + 1) + 2)
      if (g_ascii_strcasecmp (l + 1, voice) == 0)
        {
          wanted.languages = l + 1;
          return espeak_ng_SetVoiceByProperties (&wanted);
        }
  return ENS_VOICE_NOT_FOUND;
}

/* With engine_lock held: the voice for language, at rate. */
static gboolean
engine_set_voice (VtSpeech   *self,
                  const char *language,
                  int         rate,
                  GError    **error)
{
  const char *voice = vt_speech_get_voice (self, language);

  if (!engine_start (error))
    return FALSE;
  if (voice == NULL)
    {
      g_set_error (error, VT_SPEECH_ERROR, VT_SPEECH_ERROR_NO_VOICE,
                   _("There is no read-aloud voice for the language “%s”; name one in [speech] voices, "
                     "like voices=%s=es-419"),
                   language != NULL ? language : "", language != NULL ? language : "es");
      return FALSE;
    }
  if (g_strcmp0 (engine_voice, voice) != 0)
    {
      espeak_ng_STATUS status = select_voice (voice);

      g_clear_pointer (&engine_voice, g_free);
      engine_rate = 0;
      if (status != ENS_OK)
        {
          g_autofree char *why = status_message (status);
          g_set_error (error, VT_SPEECH_ERROR, VT_SPEECH_ERROR_NO_VOICE,
                       _("The read-aloud voice “%s” for the language “%s” is not installed (%s); "
                         "install espeak-ng-data or name another voice in [speech] voices"),
                       voice, language, why);
          return FALSE;
        }
      engine_voice = g_strdup (voice);
    }
  if (engine_rate != rate)
    {
      espeak_ng_SetParameter (espeakRATE, rate, 0);
      engine_rate = rate;
    }
  return TRUE;
}

gboolean
vt_speech_check_voice (VtSpeech    *self,
                       const char  *language,
                       GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);

  g_mutex_lock (&engine_lock);
  ok = engine_set_voice (self, language, self->rate, error);
  g_mutex_unlock (&engine_lock);
  return ok;
}

static gboolean
speak_text (VtSpeech    *self,
            const char  *language,
            const char  *text,
            int          rate,
            Synth       *synth,
            GError     **error)
{
  espeak_ng_STATUS status;
  gboolean ok;

  g_mutex_lock (&engine_lock);
  ok = engine_set_voice (self, language, rate, error);
  if (ok)
    {
      engine_synth = synth;
      status = espeak_ng_Synthesize (text, strlen (text) + 1, 0, POS_CHARACTER, 0,
                                     espeakCHARS_UTF8 | espeakENDPAUSE, NULL, NULL);
      engine_synth = NULL;
      if (status != ENS_OK && !synth->stopped)
        {
          g_autofree char *why = status_message (status);
          g_set_error (error, VT_SPEECH_ERROR, VT_SPEECH_ERROR_UNAVAILABLE,
                       _("The read-aloud voice failed: %s"), why);
          ok = FALSE;
        }
    }
  g_mutex_unlock (&engine_lock);
  return ok;
}

/* ------------------------------------------------------------------ */
/* The author's recordings, decoded by GStreamer                        */

static void
decoder_pad_added_cb (GstElement *decoder,
                      GstPad     *pad,
                      GstElement *convert)
{
  g_autoptr(GstPad) sink_pad = gst_element_get_static_pad (convert, "sink");

  if (!gst_pad_is_linked (sink_pad))
    gst_pad_link (pad, sink_pad);
}

static gboolean
decode_recording (const char  *path,
                  Synth       *synth,
                  GError     **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  GstElement *source, *decoder, *convert, *resample, *sink;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GError) init_error = NULL;
  guint64 total = 0;
  gint64 last_sample_at;
  gboolean ok = TRUE;

  if (!vt_gst_ensure_init (&init_error))
    {
      g_set_error (error, VT_SPEECH_ERROR, VT_SPEECH_ERROR_MEDIA, _("Cannot play %s: %s"), path,
                   init_error->message);
      return FALSE;
    }
  pipeline = gst_object_ref_sink (gst_pipeline_new ("vt-recording"));
  source = gst_element_factory_make ("filesrc", NULL);
  decoder = gst_element_factory_make ("decodebin", NULL);
  convert = gst_element_factory_make ("audioconvert", NULL);
  resample = gst_element_factory_make ("audioresample", NULL);
  sink = gst_element_factory_make ("appsink", NULL);
  if (source == NULL || decoder == NULL || convert == NULL || resample == NULL || sink == NULL)
    {
      g_set_error (error, VT_SPEECH_ERROR, VT_SPEECH_ERROR_MEDIA,
                   _("Cannot play %s: GStreamer's base plugins are not installed (gstreamer1.0-plugins-base)"),
                   path);
      g_clear_object (&source);
      g_clear_object (&decoder);
      g_clear_object (&convert);
      g_clear_object (&resample);
      g_clear_object (&sink);
      return FALSE;
    }

  caps = gst_caps_new_simple ("audio/x-raw",
                              "format", G_TYPE_STRING, G_BYTE_ORDER == G_LITTLE_ENDIAN ? "S16LE" : "S16BE",
                              "layout", G_TYPE_STRING, "interleaved",
                              "channels", G_TYPE_INT, 1,
                              "rate", G_TYPE_INT, VT_SPEECH_SAMPLE_RATE,
                              NULL);
  g_object_set (source, "location", path, NULL);
  g_object_set (sink, "caps", caps, "sync", FALSE, "max-buffers", 16, NULL);
  gst_bin_add_many (GST_BIN (pipeline), source, decoder, convert, resample, sink, NULL);
  if (!gst_element_link (source, decoder) || !gst_element_link_many (convert, resample, sink, NULL))
    {
      g_set_error (error, VT_SPEECH_ERROR, VT_SPEECH_ERROR_MEDIA, _("Cannot play %s"), path);
      return FALSE;
    }
  g_signal_connect (decoder, "pad-added", G_CALLBACK (decoder_pad_added_cb), convert);

  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  last_sample_at = g_get_monotonic_time ();
  while (ok && !synth->stopped)
    {
      g_autoptr(GstSample) sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 50 * GST_MSECOND);
      g_autoptr(GstMessage) message = NULL;

      if (g_cancellable_is_cancelled (synth->cancellable))
        {
          synth->stopped = TRUE;
          break;
        }
      if (sample != NULL)
        {
          GstBuffer *buffer = gst_sample_get_buffer (sample);
          GstMapInfo map;

          last_sample_at = g_get_monotonic_time ();
          if (buffer == NULL || !gst_buffer_map (buffer, &map, GST_MAP_READ))
            continue;
          if (map.size >= sizeof (gint16) && total < (guint64) MAX_RECORDING_SECONDS * VT_SPEECH_SAMPLE_RATE)
            {
              if (!synth->func ((const gint16 *) map.data, map.size / sizeof (gint16), synth->user_data))
                synth->stopped = TRUE;
              total += map.size / sizeof (gint16);
            }
          gst_buffer_unmap (buffer, &map);
          continue;
        }
      if (gst_app_sink_is_eos (GST_APP_SINK (sink)))
        break;
      message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      if (message != NULL)
        {
          g_autoptr(GError) gst_error = NULL;

          gst_message_parse_error (message, &gst_error, NULL);
          g_set_error (error, VT_SPEECH_ERROR, VT_SPEECH_ERROR_MEDIA, _("Cannot play %s: %s"),
                       path, gst_error->message);
          ok = FALSE;
        }
      else if (g_get_monotonic_time () - last_sample_at > RECORDING_STALL_SECONDS * G_USEC_PER_SEC)
        {
          g_set_error (error, VT_SPEECH_ERROR, VT_SPEECH_ERROR_MEDIA,
                       _("Cannot play %s: the decoder gave no sound for %d seconds"),
                       path, RECORDING_STALL_SECONDS);
          ok = FALSE;
        }
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (ok && total == 0 && !synth->stopped)
    {
      g_set_error (error, VT_SPEECH_ERROR, VT_SPEECH_ERROR_MEDIA, _("Cannot play %s: it holds no sound"), path);
      ok = FALSE;
    }
  return ok;
}

static gboolean
silence (Synth *synth,
         guint  ms)
{
  gsize n = (gsize) VT_SPEECH_SAMPLE_RATE * ms / 1000;
  g_autofree gint16 *zeros = g_new0 (gint16, n);

  if (!synth->func (zeros, n, synth->user_data))
    synth->stopped = TRUE;
  return !synth->stopped;
}

/* ------------------------------------------------------------------ */
/* Rendering                                                           */

gboolean
vt_speech_render (VtSpeech          *self,
                  VtSpeechScript    *script,
                  gboolean           slow,
                  VtSpeechChunkFunc  func,
                  gpointer           user_data,
                  GCancellable      *cancellable,
                  GError           **error)
{
  Synth synth = { func, user_data, cancellable, FALSE };
  int rate;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (script != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  rate = slow ? self->slow_rate : self->rate;
  for (guint i = 0; i < script->parts->len && !synth.stopped; i++)
    {
      Part *part = g_ptr_array_index (script->parts, i);

      if (part->audio != NULL)
        {
          g_autoptr(GError) media_error = NULL;

          if (decode_recording (part->audio, &synth, &media_error))
            {
              silence (&synth, PAUSE_AFTER_RECORDING_MS);
              continue;
            }
          /* The file name is the form's, never a citizen's. */
          g_message ("%s; its text is read instead", media_error->message);
          if (synth.stopped)
            break;
        }
      if (part->text != NULL && !speak_text (self, script->language, part->text, rate, &synth, error))
        return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  return TRUE;
}

static gboolean
append_cb (const gint16 *samples,
           gsize         n_samples,
           gpointer      user_data)
{
  GByteArray *pcm = user_data;

  g_byte_array_append (pcm, (const guint8 *) samples, n_samples * sizeof (gint16));
  return TRUE;
}

GBytes *
vt_speech_render_pcm (VtSpeech        *self,
                      VtSpeechScript  *script,
                      gboolean         slow,
                      GCancellable    *cancellable,
                      GError         **error)
{
  g_autoptr(GByteArray) pcm = g_byte_array_new ();

  if (!vt_speech_render (self, script, slow, append_cb, pcm, cancellable, error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&pcm));
}

static void
put_u32 (guint8  *at,
         guint32  value)
{
  value = GUINT32_TO_LE (value);
  memcpy (at, &value, 4);
}

static void
put_u16 (guint8  *at,
         guint16  value)
{
  value = GUINT16_TO_LE (value);
  memcpy (at, &value, 2);
}

/* The canonical 44-byte header of 16-bit mono PCM, then the samples as
 * little-endian. */
gboolean
vt_speech_write_wav (GBytes      *pcm,
                     const char  *path,
                     GError     **error)
{
  gsize size = 0;
  const gint16 *samples = g_bytes_get_data (pcm, &size);
  gsize n = size / sizeof (gint16);
  g_autofree guint8 *file = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (pcm != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (n * 2 > G_MAXUINT32 - 36)
    {
      g_set_error (error, VT_SPEECH_ERROR, VT_SPEECH_ERROR_WRITE, _("%s: the sound is too long for a WAV file"), path);
      return FALSE;
    }
  file = g_malloc (44 + n * 2);
  memcpy (file, "RIFF", 4);
  put_u32 (file + 4, (guint32) (36 + n * 2));
  memcpy (file + 8, "WAVEfmt ", 8);
  put_u32 (file + 16, 16);                               /* fmt chunk size */
  put_u16 (file + 20, 1);                                /* PCM */
  put_u16 (file + 22, 1);                                /* mono */
  put_u32 (file + 24, VT_SPEECH_SAMPLE_RATE);
  put_u32 (file + 28, VT_SPEECH_SAMPLE_RATE * 2);        /* bytes per second */
  put_u16 (file + 32, 2);                                /* bytes per frame */
  put_u16 (file + 34, 16);                               /* bits per sample */
  memcpy (file + 36, "data", 4);
  put_u32 (file + 40, (guint32) (n * 2));
  for (gsize i = 0; i < n; i++)
    put_u16 (file + 44 + i * 2, (guint16) samples[i]);

  if (!g_file_set_contents (path, (const char *) file, (gssize) (44 + n * 2), &local_error))
    {
      g_set_error (error, VT_SPEECH_ERROR, VT_SPEECH_ERROR_WRITE, "%s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Scripts                                                             */

static void
part_free (gpointer data)
{
  Part *part = data;

  g_free (part->text);
  g_free (part->audio);
  g_free (part);
}

VtSpeechScript *
vt_speech_script_new (const char *language)
{
  VtSpeechScript *script = g_new0 (VtSpeechScript, 1);

  g_atomic_ref_count_init (&script->ref_count);
  script->language = g_strdup (language);
  script->parts = g_ptr_array_new_with_free_func (part_free);
  return script;
}

VtSpeechScript *
vt_speech_script_ref (VtSpeechScript *script)
{
  g_return_val_if_fail (script != NULL, NULL);
  g_atomic_ref_count_inc (&script->ref_count);
  return script;
}

void
vt_speech_script_unref (VtSpeechScript *script)
{
  if (script == NULL || !g_atomic_ref_count_dec (&script->ref_count))
    return;
  g_free (script->language);
  g_ptr_array_unref (script->parts);
  g_free (script);
}

const char *
vt_speech_script_get_language (VtSpeechScript *script)
{
  g_return_val_if_fail (script != NULL, NULL);
  return script->language;
}

/* A label's markup (ODK's *bold*, _italic_, # headings) is not said. */
static char *
clean_text (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean space = TRUE;

  if (text == NULL)
    return NULL;
  for (const char *p = text; *p != '\0' && out->len < MAX_PART_BYTES; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '*' || c == '#' || c == '_' || g_unichar_isspace (c))
        {
          if (!space)
            g_string_append_c (out, ' ');
          space = TRUE;
          continue;
        }
      g_string_append_unichar (out, c);
      space = FALSE;
    }
  g_strchomp (out->str);
  out->len = strlen (out->str);
  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
add_part (VtSpeechScript *script,
          const char     *text,
          const char     *audio)
{
  g_autofree char *clean = clean_text (text);
  Part *part;

  if (clean == NULL && audio == NULL)
    return;
  part = g_new0 (Part, 1);
  part->text = g_steal_pointer (&clean);
  part->audio = g_strdup (audio);
  g_ptr_array_add (script->parts, part);
}

void
vt_speech_script_add_text (VtSpeechScript *script,
                           const char     *text)
{
  g_return_if_fail (script != NULL);
  add_part (script, text, NULL);
}

void
vt_speech_script_add_audio (VtSpeechScript *script,
                            const char     *path,
                            const char     *text)
{
  g_return_if_fail (script != NULL);
  g_return_if_fail (path != NULL);
  add_part (script, text, path);
}

void
vt_speech_script_add_message (VtSpeechScript *script,
                              const char     *message)
{
  /* The quotation marks the catalogues put around what was typed. */
  static const char *quotes[][2] = {
    { "“", "”" }, { "«", "»" }, { "„", "“" }, { "\"", "\"" }, { "‘", "’" },
  };
  g_autoptr(GString) out = NULL;

  g_return_if_fail (script != NULL);
  if (message == NULL)
    return;

  out = g_string_new (message);
  for (gsize q = 0; q < G_N_ELEMENTS (quotes); q++)
    {
      char *open;

      while ((open = strstr (out->str, quotes[q][0])) != NULL)
        {
          gsize at = open - out->str;
          const char *close = strstr (open + strlen (quotes[q][0]), quotes[q][1]);
          gsize end = close != NULL ? (gsize) (close - out->str) + strlen (quotes[q][1]) : out->len;

          g_string_erase (out, at, end - at);
        }
    }
  add_part (script, g_strstrip (out->str), NULL);
}

guint
vt_speech_script_get_n_parts (VtSpeechScript *script)
{
  g_return_val_if_fail (script != NULL, 0);
  return script->parts->len;
}

void
vt_speech_script_get_part (VtSpeechScript  *script,
                           guint            i,
                           const char     **text,
                           const char     **audio)
{
  Part *part;

  g_return_if_fail (script != NULL);
  g_return_if_fail (i < script->parts->len);

  part = g_ptr_array_index (script->parts, i);
  if (text != NULL)
    *text = part->text;
  if (audio != NULL)
    *audio = part->audio;
}

char *
vt_speech_script_dup_text (VtSpeechScript *script)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (script != NULL, NULL);

  for (guint i = 0; i < script->parts->len; i++)
    {
      Part *part = g_ptr_array_index (script->parts, i);

      if (part->audio != NULL)
        g_string_append_printf (out, "[%s] ", part->audio);
      g_string_append_printf (out, "%s\n", part->text != NULL ? part->text : "");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
vt_speech_script_add_choice (VtSpeechScript *script,
                             const VtChoice *choice)
{
  g_return_if_fail (script != NULL);
  g_return_if_fail (choice != NULL);

  add_part (script, choice->label, choice->audio);
}

void
vt_speech_script_add_question (VtSpeechScript   *script,
                               const VtQuestion *question)
{
  g_return_if_fail (script != NULL);
  g_return_if_fail (question != NULL);

  /* The spoken texts leave <output> values out: they are answers. */
  add_part (script, question->spoken_label, question->audio);
  add_part (script, question->spoken_hint, NULL);
  for (guint i = 0; question->choices != NULL && i < question->choices->len; i++)
    vt_speech_script_add_choice (script, g_ptr_array_index (question->choices, i));
}

void
vt_speech_script_add_page (VtSpeechScript *script,
                           const VtPage   *page)
{
  g_return_if_fail (script != NULL);
  g_return_if_fail (page != NULL);

  if (page->kind == VT_PAGE_REPEAT_PROMPT)
    add_part (script, page->repeat_label, NULL);
  else if (page->questions->len > 1)
    add_part (script, page->group_label, NULL);
  for (guint i = 0; page->questions != NULL && i < page->questions->len; i++)
    vt_speech_script_add_question (script, g_ptr_array_index (page->questions, i));
}

VtSpeechScript *
vt_speech_script_new_for_page (const VtPage *page,
                               const char   *language)
{
  VtSpeechScript *script = vt_speech_script_new (language);

  g_return_val_if_fail (page != NULL, script);
  vt_speech_script_add_page (script, page);
  return script;
}
