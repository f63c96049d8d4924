/* Benchmark of reading aloud: from Listen pressed (vt_player_speak) to the
 * first sound sample reaching the loudspeaker, for a 20-word question, in
 * Spanish and Quechua.  The loudspeaker is fakesink synchronised to the
 * clock, as a sound card is; the goal is under 200 ms (issue 21). */
#include "config.h"

#include <gst/gst.h>

#include "bench-stats.h"
#include "vt-config.h"
#include "vt-player.h"
#include "vt-speech.h"

#define ITERATIONS 20

static const struct
{
  const char *language;
  const char *text;                /* 20 words */
} questions[] = {
  { "es", "Escriba su nombre completo tal como figura en su documento de identidad, "
          "con los dos apellidos si los tiene, gracias." },
  { "qu", "Sutiykita qillqay, imaynatachus documentoykipi qillqasqa kachkan, iskaynin "
          "apelliduykitapas, sichus kanman chayqa, hinaspa Qatiy nisqata llamiy, mana pantaspa allinta qhawaspa kunan." },
};

static gboolean
started (VtPlayer *player)
{
  return vt_player_get_start_latency (player) >= 0 && vt_player_get_samples_played (player) > 0;
}

static gboolean
time_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the first sample is played (the player says so
 * from the streaming thread into the main loop); FALSE after 5 s. */
static gboolean
wait_started (VtPlayer *player)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (5, time_out_cb, &timed_out);

  while (!started (player) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  return !timed_out;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) config = NULL;
  g_autoptr(VtPlayer) player = NULL;

  gst_init (&argc, &argv);
  config = vt_config_load_from_data ("[devices]\nspeaker=fakesink sync=true\n", -1, "bench.conf", &error);
  g_assert_no_error (error);
  player = vt_player_new (config);
  if (!vt_player_get_available (player))
    g_error ("fakesink is not available as the loudspeaker");

  for (guint q = 0; q < G_N_ELEMENTS (questions); q++)
    {
      g_autoptr(VtSpeechScript) script = vt_speech_script_new (questions[q].language);
      g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));

      vt_speech_script_add_text (script, questions[q].text);
      for (guint i = 0; i < ITERATIONS; i++)
        {
          double ms;

          vt_player_speak (player, script);
          if (!wait_started (player))
            g_error ("no sound reached the loudspeaker within 5 s (%s)", questions[q].language);
          ms = vt_player_get_start_latency (player) / 1000.0;
          g_array_append_val (samples, ms);
          vt_player_stop (player);
        }
      g_print ("RESULT listen-to-first-sample-%s-median %.1f ms\n", questions[q].language,
               bench_percentile (samples, 0.5));
      g_print ("RESULT listen-to-first-sample-%s-p95 %.1f ms\n", questions[q].language,
               bench_percentile (samples, 0.95));
    }
  return 0;
}
