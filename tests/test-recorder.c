#define _GNU_SOURCE  /* memmem */
#include "config.h"

#include <string.h>

#include "vt-recorder.h"
#include "vt-test-utils.h"

/* Voice recordings through GStreamer's audiotestsrc: Ogg/Opus (or WAV) in
 * memory, a level for the meter, the length limit, playback, and a kiosk
 * without a microphone saying so. */

#define TONE "audiotestsrc is-live=true wave=sine freq=440 volume=0.4"
#define SPEAKER "fakesink sync=true"

typedef struct
{
  gboolean finished;
  GError  *failure;
  double   loudest;
} Watch;

static void
finished_cb (VtRecorder *recorder,
             Watch      *w)
{
  w->finished = TRUE;
}

static void
failed_cb (VtRecorder   *recorder,
           const GError *error,
           Watch        *w)
{
  w->failure = g_error_copy (error);
}

static void
level_cb (VtRecorder *recorder,
          GParamSpec *pspec,
          Watch      *w)
{
  w->loudest = MAX (w->loudest, vt_recorder_get_level (recorder));
}

static gboolean
is_finished (gpointer data)
{
  Watch *w = data;

  return w->finished || w->failure != NULL;
}

static gboolean
is_idle (gpointer data)
{
  return vt_recorder_get_state (data) == VT_RECORDER_STATE_IDLE;
}

static gboolean
half_a_second_in (gpointer data)
{
  return vt_recorder_get_elapsed (data) >= 0.5;
}

static void
watch (VtRecorder *recorder,
       Watch      *w)
{
  g_signal_connect (recorder, "finished", G_CALLBACK (finished_cb), w);
  g_signal_connect (recorder, "failed", G_CALLBACK (failed_cb), w);
  g_signal_connect (recorder, "notify::level", G_CALLBACK (level_cb), w);
}

/* The granule position of an Ogg stream's last page: samples at 48 kHz. */
static double
ogg_seconds (GBytes *ogg)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (ogg, &size);
  guint64 granule = 0;

  for (gsize i = 0; i + 14 <= size; i++)
    if (memcmp (data + i, "OggS", 4) == 0)
      {
        granule = 0;
        for (int b = 7; b >= 0; b--)
          granule = (granule << 8) | data[i + 6 + b];
      }
  return granule / 48000.0;
}

static void
test_length_limit (void)
{
  g_autoptr(VtRecorder) recorder = vt_recorder_new (TONE, SPEAKER);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) ogg = NULL;
  Watch w = { 0 };
  gsize size;
  const char *data;

  watch (recorder, &w);
  g_assert_true (vt_recorder_has_microphone (recorder));
  g_assert_true (vt_recorder_start (recorder, vt_recorder_content_type_for ("audio/*"), 1.0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vt_recorder_get_state (recorder), ==, VT_RECORDER_STATE_RECORDING);

  /* It stops by itself at the form's limit. */
  vt_test_wait_until (is_finished, &w, 15000, "the recording to stop at its limit");
  g_assert_no_error (w.failure);
  g_assert_cmpint (vt_recorder_get_state (recorder), ==, VT_RECORDER_STATE_IDLE);
  g_assert_cmpstr (vt_recorder_get_content_type (recorder), ==, "audio/ogg");
  /* The meter moved: a 0.4 sine peaks at -8 dB, 0.87 on the meter. */
  g_assert_cmpfloat (w.loudest, >, 0.8);
  g_assert_cmpfloat (w.loudest, <, 0.95);

  ogg = vt_recorder_dup_recording (recorder);
  data = g_bytes_get_data (ogg, &size);
  g_assert_cmpmem (data, 4, "OggS", 4);
  g_assert_nonnull (memmem (data, MIN (size, 200), "OpusHead", 8));
  g_assert_cmpfloat (ogg_seconds (ogg), >=, 0.9);
  g_assert_cmpfloat (ogg_seconds (ogg), <, 1.3);
  g_assert_cmpfloat (vt_recorder_get_elapsed (recorder), >=, 1.0);

  g_clear_error (&w.failure);
}

static void
test_stop_and_play (void)
{
  g_autoptr(VtRecorder) recorder = vt_recorder_new (TONE, SPEAKER);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) ogg = NULL;
  Watch w = { 0 };

  watch (recorder, &w);
  g_assert_true (vt_recorder_start (recorder, "audio/ogg", 0, &error));
  vt_test_wait_until (half_a_second_in, recorder, 15000, "half a second of recording");
  vt_recorder_stop (recorder);
  g_assert_cmpint (vt_recorder_get_state (recorder), ==, VT_RECORDER_STATE_FINISHING);
  vt_test_wait_until (is_finished, &w, 15000, "the recording to be complete");
  g_assert_no_error (w.failure);
  ogg = vt_recorder_dup_recording (recorder);
  g_assert_cmpfloat (ogg_seconds (ogg), >=, 0.4);
  g_assert_cmpfloat (ogg_seconds (ogg), <, 1.5);

  /* Play back to its end; the recording stays. */
  g_assert_true (vt_recorder_play (recorder, ogg, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vt_recorder_get_state (recorder), ==, VT_RECORDER_STATE_PLAYING);
  vt_test_wait_until (is_idle, recorder, 15000, "the playback to end");
  g_assert_no_error (w.failure);
  {
    g_autoptr(GBytes) still = vt_recorder_dup_recording (recorder);

    g_assert_true (g_bytes_equal (still, ogg));
  }

  /* The idle wipe forgets it. */
  vt_recorder_reset (recorder);
  g_assert_null (vt_recorder_dup_recording (recorder));
}

static void
test_wav (void)
{
  g_autoptr(VtRecorder) recorder = vt_recorder_new (TONE, SPEAKER);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) wav = NULL;
  Watch w = { 0 };
  gsize size;
  const guint8 *data;
  guint32 riff_size, data_size;

  watch (recorder, &w);
  g_assert_cmpstr (vt_recorder_content_type_for ("audio/wav"), ==, "audio/wav");
  g_assert_true (vt_recorder_start (recorder, "audio/wav", 0.5, &error));
  vt_test_wait_until (is_finished, &w, 15000, "the WAV recording");
  g_assert_no_error (w.failure);

  /* A complete file: the header written again at the end says its sizes. */
  wav = vt_recorder_dup_recording (recorder);
  data = g_bytes_get_data (wav, &size);
  g_assert_cmpmem (data, 4, "RIFF", 4);
  memcpy (&riff_size, data + 4, 4);
  g_assert_cmpuint (GUINT32_FROM_LE (riff_size), ==, size - 8);
  {
    const guint8 *chunk = memmem (data, size, "data", 4);

    g_assert_nonnull (chunk);
    memcpy (&data_size, chunk + 4, 4);
    g_assert_cmpuint (GUINT32_FROM_LE (data_size), <=, size - (chunk + 8 - data));
  }
  /* 16 kHz mono 16-bit: about half a second. */
  g_assert_cmpuint (GUINT32_FROM_LE (data_size), >=, 16000);
}

static void
test_no_microphone (void)
{
  g_autoptr(VtRecorder) none = vt_recorder_new ("none", SPEAKER);
  /* A sound server that is not there, as on a kiosk without a microphone. */
  g_autoptr(VtRecorder) missing = vt_recorder_new ("pulsesrc server=127.0.0.1:1", SPEAKER);
  g_autoptr(VtRecorder) mute = vt_recorder_new (TONE, "none");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) nothing = g_bytes_new_static ("OggS", 4);

  g_assert_false (vt_recorder_has_microphone (none));
  g_assert_false (vt_recorder_start (none, "audio/ogg", 0, &error));
  g_assert_error (error, VT_RECORDER_ERROR, VT_RECORDER_ERROR_NO_MICROPHONE);
  g_clear_error (&error);

  g_assert_false (vt_recorder_start (missing, "audio/ogg", 0, &error));
  g_assert_error (error, VT_RECORDER_ERROR, VT_RECORDER_ERROR_NO_MICROPHONE);
  g_assert_cmpint (vt_recorder_get_state (missing), ==, VT_RECORDER_STATE_IDLE);
  g_clear_error (&error);

  g_assert_false (vt_recorder_play (mute, nothing, &error));
  g_assert_error (error, VT_RECORDER_ERROR, VT_RECORDER_ERROR_PLAYBACK);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vt/recorder/length-limit", test_length_limit);
  g_test_add_func ("/vt/recorder/stop-and-play", test_stop_and_play);
  g_test_add_func ("/vt/recorder/wav", test_wav);
  g_test_add_func ("/vt/recorder/no-microphone", test_no_microphone);

  return g_test_run ();
}
