#include "config.h"

#include <gdk/x11/gdkx.h>
#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <string.h>

#include "vt-application.h"
#include "vt-consent-page.h"
#include "vt-idle-guard.h"
#include "vt-language.h"
#include "vt-listen-button.h"
#include "vt-question-page.h"
#include "vt-question-view.h"
#include "vt-review-page.h"
#include "vt-services-page.h"
#include "vt-test-app.h"
#include "vt-test-utils.h"
#include "vt-window.h"

/* Reading aloud as a citizen uses it: Listen on a question page, the
 * loudspeakers beside choices and errors, the top bar's setting and the
 * welcome screen's offer, the form's own pictures and recordings, and
 * silence at every page change, Back and the idle wipe.  The loudspeaker
 * is GStreamer's fakesink, synchronised to the clock as a sound card is,
 * so a page takes as long to play as it would to hear. */

static VtApplication *app;
static char *data_dir;
static GString *logged;

static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      g_string_append_printf (logged, "%s\n", (const char *) fields[i].value);
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static gboolean
sound_reached_sink (gpointer data)
{
  VtPlayer *player = data;

  return vt_player_get_playing (player) && vt_player_get_samples_played (player) > 0;
}

static gboolean
second_played (gpointer data)
{
  return vt_player_get_samples_played (data) > 22050;
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* The count of samples played grows in GStreamer's streaming thread, which
 * wakes nothing in the main loop: the loop is woken every 20 ms to look
 * at it again (vt_test_wait_until() alone would wait for an unrelated
 * event, and time out on an idle window). */
static void
wait_second_played (VtPlayer   *player,
                    const char *what)
{
  guint wake = g_timeout_add (20, wake_cb, NULL);

  vt_test_wait_until (second_played, player, 10000, what);
  g_source_remove (wake);
}

static gboolean
player_available (gpointer data)
{
  return vt_player_get_available (data);
}

static char *
script_text (VtSpeechScript *script)
{
  g_assert_nonnull (script);
  return vt_speech_script_dup_text (script);
}

/* Stopped for good: not playing, and nothing more reaches the sink. */
static void
assert_silent (VtPlayer *player)
{
  guint64 played = vt_player_get_samples_played (player);

  g_assert_false (vt_player_get_playing (player));
  g_assert_null (vt_player_get_script (player));
  for (guint i = 0; i < 10; i++)
    vt_test_iterate ();
  g_assert_cmpuint (vt_player_get_samples_played (player), ==, played);
}

static void
start_service (VtWindow   *window,
               const char *language_button,
               const char *form_id)
{
  vt_test_wait_catalogue (app);
  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  vt_test_click (vt_test_find_button (vt_window_get_page (window), language_button));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  vt_test_press (window, vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), form_id));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_QUESTION);
}

static GPtrArray *
listen_buttons (GtkWidget *root)
{
  GPtrArray *found = g_ptr_array_new ();

  vt_test_collect_type (root, VT_TYPE_LISTEN_BUTTON, found);
  return found;
}

/* The idle wipe, as after a citizen walks away ("a second" is 5 ms here). */
static void
wipe (VtWindow *window)
{
  vt_idle_guard_set_tick_ms (vt_window_get_idle_guard (window), 5);
  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  vt_idle_guard_set_tick_ms (vt_window_get_idle_guard (window), 1000);
}

static void
close_window (VtWindow *window)
{
  vt_test_close_kiosk (window);
}

/* The UI test: Listen starts playback, and a page change, Back
 * and the idle wipe each stop it. */
static void
test_listen_stops (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  VtPlayer *player = vt_window_get_player (window);
  GtkWidget *page, *listen, *view;
  g_autofree char *said = NULL;

  vt_test_wait_until (player_available, player, 5000, "the loudspeaker");
  start_service (window, "English", "street_problem");
  page = vt_window_get_page (window);
  listen = vt_question_page_get_listen_button (VT_QUESTION_PAGE (page));
  g_assert_nonnull (listen);
  g_assert_true (gtk_widget_get_visible (listen));
  g_assert_false (vt_player_get_playing (player));

  /* Listen: the question, then each choice. */
  vt_test_click (listen);
  vt_test_wait_until (sound_reached_sink, player, 5000, "the first sound at the loudspeaker");
  said = script_text (vt_player_get_script (player));
  g_assert_true (g_str_has_prefix (said, "What is the problem?\n"));
  g_assert_nonnull (strstr (said, "\nStreet light\n"));
  g_assert_cmpint (vt_player_get_start_latency (player), >, 0);

  /* Listen again while it speaks: it stops. */
  vt_test_click (listen);
  assert_silent (player);

  /* A page change stops it. */
  vt_test_click (listen);
  vt_test_wait_until (sound_reached_sink, player, 5000, "the first sound at the loudspeaker");
  view = vt_question_page_get_view (VT_QUESTION_PAGE (page), "/data/category");
  vt_test_answer_view (view, "streetlight");
  vt_test_press (window, vt_question_page_get_next_button (VT_QUESTION_PAGE (page)));
  g_assert_cmpstr (vt_question_view_get_path (VT_QUESTION_VIEW (vt_question_page_get_view (VT_QUESTION_PAGE (vt_window_get_page (window)), "/data/light_state"))), ==, "/data/light_state");
  assert_silent (player);

  /* So does Back. */
  page = vt_window_get_page (window);
  vt_test_click (vt_question_page_get_listen_button (VT_QUESTION_PAGE (page)));
  vt_test_wait_until (sound_reached_sink, player, 5000, "the first sound at the loudspeaker");
  vt_test_press (window, vt_question_page_get_back_button (VT_QUESTION_PAGE (page)));
  assert_silent (player);

  /* And the idle wipe ("a second" is 5 ms here). */
  page = vt_window_get_page (window);
  vt_test_click (vt_question_page_get_listen_button (VT_QUESTION_PAGE (page)));
  vt_test_wait_until (sound_reached_sink, player, 5000, "the first sound at the loudspeaker");
  wipe (window);
  assert_silent (player);

  close_window (window);
}

/* Each choice and each error can be heard alone. */
static void
test_choices_and_errors (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  VtPlayer *player = vt_window_get_player (window);
  GtkWidget *page, *view;
  g_autoptr(GPtrArray) speakers = NULL;
  g_autoptr(GPtrArray) error_speakers = NULL;
  g_autofree char *said = NULL;
  g_autofree char *error_said = NULL;

  vt_test_wait_until (player_available, player, 5000, "the loudspeaker");
  start_service (window, "English", "street_problem");
  page = vt_window_get_page (window);
  view = vt_question_page_get_view (VT_QUESTION_PAGE (page), "/data/category");
  speakers = listen_buttons (view);
  g_assert_cmpuint (speakers->len, ==, 6);     /* one per choice */
  vt_test_click (g_ptr_array_index (speakers, 1));
  said = script_text (vt_player_get_script (player));
  g_assert_cmpstr (said, ==, "Street light\n");
  vt_player_stop (player);

  /* Continue without an answer: the error has its loudspeaker. */
  vt_test_click (vt_question_page_get_next_button (VT_QUESTION_PAGE (page)));
  vt_test_iterate ();
  page = vt_window_get_page (window);
  view = vt_question_page_get_view (VT_QUESTION_PAGE (page), "/data/category");
  g_assert_true (gtk_widget_get_visible (vt_question_view_get_error (VT_QUESTION_VIEW (view))));
  error_speakers = listen_buttons (gtk_widget_get_parent (vt_question_view_get_error (VT_QUESTION_VIEW (view))));
  g_assert_cmpuint (error_speakers->len, ==, 1);
  vt_test_click (g_ptr_array_index (error_speakers, 0));
  error_said = script_text (vt_player_get_script (player));
  g_assert_cmpstr (error_said, ==, "Choose an answer to continue.\n");
  vt_player_stop (player);

  wipe (window);
  close_window (window);
}

static void
xdotool_click (VtWindow *window,
               int       x,
               int       y)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (surface));
  g_autofree char *sx = g_strdup_printf ("%d", x);
  g_autofree char *sy = g_strdup_printf ("%d", y);
  const char *argv[] = { "xdotool", "mousemove", "--window", xid, sx, sy, "click", "1", NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static gboolean
player_playing (gpointer data)
{
  return vt_player_get_playing (data);
}

/* The welcome screen offers reading aloud once, at a real touch; the top
 * bar's setting goes on, slower and off, saying each; while it is on,
 * every question page is read as it appears, at the speed chosen; the wipe
 * turns it off for the next person. */
static void
test_setting_and_offer (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  VtPlayer *player = vt_window_get_player (window);
  GtkWidget *page;
  g_autofree char *offer = NULL;
  g_autofree char *on = NULL;
  g_autofree char *arrival = NULL;

  vt_test_wait_until (player_available, player, 5000, "the loudspeaker");
  vt_test_wait_catalogue (app);
  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  vt_test_wait_allocated (vt_window_get_page (window));

  /* A touch on an empty part of the screen: the offer, in Spanish (the
   * kiosk's first language), once. */
  xdotool_click (window, 40, 400);
  vt_test_wait_until (player_playing, player, 5000, "the welcome screen's offer");
  offer = script_text (vt_player_get_script (player));
  g_assert_cmpstr (offer, ==, "Para escuchar las preguntas en voz alta, toque el botón con el altavoz arriba en la pantalla.\n");
  vt_player_stop (player);
  xdotool_click (window, 40, 420);
  for (guint i = 0; i < 10; i++)
    vt_test_iterate ();
  g_assert_false (vt_player_get_playing (player));

  /* The setting: on, then slower, each said. */
  g_assert_cmpuint (vt_window_get_read_aloud (window), ==, 0);
  g_action_group_activate_action (G_ACTION_GROUP (window), "read-aloud", NULL);
  g_assert_cmpuint (vt_window_get_read_aloud (window), ==, 1);
  g_assert_false (vt_player_get_slow (player));
  on = script_text (vt_player_get_script (player));
  g_assert_true (g_str_has_prefix (on, "Las preguntas se leerán en voz alta."));
  g_action_group_activate_action (G_ACTION_GROUP (window), "read-aloud", NULL);
  g_assert_cmpuint (vt_window_get_read_aloud (window), ==, 2);
  g_assert_true (vt_player_get_slow (player));

  /* A question page is read as it appears: its question and choices. */
  start_service (window, "English", "street_problem");
  page = vt_window_get_page (window);
  g_assert_true (vt_player_get_playing (player));
  g_assert_true (vt_player_get_script (player) == vt_question_page_get_arrival_script (VT_QUESTION_PAGE (page)));
  arrival = script_text (vt_player_get_script (player));
  g_assert_true (g_str_has_prefix (arrival, "What is the problem?\n"));
  vt_test_wait_until (sound_reached_sink, player, 5000, "the first sound at the loudspeaker");

  /* The next person starts with it off. */
  wipe (window);
  g_assert_cmpuint (vt_window_get_read_aloud (window), ==, 0);
  g_assert_false (vt_player_get_slow (player));
  assert_silent (player);

  close_window (window);
}

/* Check your answers reads the answers, but only when Listen is pressed
 * there; nothing reads them by itself. */
static void
test_review_reads_answers_on_request (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  VtPlayer *player = vt_window_get_player (window);
  GtkWidget *listen;
  g_autofree char *said = NULL;

  vt_test_wait_until (player_available, player, 5000, "the loudspeaker");
  vt_test_wait_catalogue (app);
  g_action_group_activate_action (G_ACTION_GROUP (window), "read-aloud", NULL);
  vt_test_fill_service_to_consent (window, "street_problem", "English");
  g_assert_cmpuint (vt_window_get_read_aloud (window), ==, 1);

  vt_test_press (window, vt_test_find_button (vt_window_get_page (window), "Back"));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_REVIEW);
  g_assert_false (vt_player_get_playing (player));
  listen = vt_review_page_get_listen_button (VT_REVIEW_PAGE (vt_window_get_page (window)));
  g_assert_true (gtk_widget_get_visible (listen));
  vt_test_click (listen);
  said = script_text (vt_player_get_script (player));
  g_assert_nonnull (strstr (said, "Rivera 1450, frente a la escuela"));
  g_assert_nonnull (strstr (said, "091 222 333"));
  vt_player_stop (player);

  wipe (window);
  close_window (window);
}

static void
collect_pictures (GtkWidget *root,
                  GPtrArray *found)
{
  vt_test_collect_type (root, GTK_TYPE_PICTURE, found);
}

/* A form with pictures and the author's recordings, from the server (its
 * media in the store): picture choices with their labels, text alone where
 * the picture is missing (and the log says which), the author's recording
 * played by Listen instead of the synthetic voice, and a big-image large. */
static void
test_pictures_and_recordings (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  VtPlayer *player = vt_window_get_player (window);
  g_autoptr(GPtrArray) pictures = g_ptr_array_new ();
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  g_autoptr(GPtrArray) speakers = NULL;
  GtkWidget *page, *view, *listen, *big;
  const char *text = NULL;
  const char *audio = NULL;
  int height;

  vt_test_wait_until (player_available, player, 5000, "the loudspeaker");
  start_service (window, "Español", "pictures");
  page = vt_window_get_page (window);
  view = vt_question_page_get_view (VT_QUESTION_PAGE (page), "/data/problem");
  vt_test_wait_allocated (view);

  /* Four pictures for five choices: the fallen tree's is missing. */
  collect_pictures (view, pictures);
  vt_test_collect_type (view, GTK_TYPE_CHECK_BUTTON, checks);
  g_assert_cmpuint (checks->len, ==, 5);
  g_assert_cmpuint (pictures->len, ==, 4);
  for (guint i = 0; i < pictures->len; i++)
    {
      GdkPaintable *paintable = gtk_picture_get_paintable (g_ptr_array_index (pictures, i));

      g_assert_nonnull (paintable);
      g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 300);
      g_assert_cmpint (gtk_widget_get_width (g_ptr_array_index (pictures, i)), >=, 100);
    }
  g_assert_nonnull (strstr (logged->str, "arbol.png"));

  /* Listen plays the author's recording of the question first. */
  listen = vt_question_page_get_listen_button (VT_QUESTION_PAGE (page));
  vt_test_click (listen);
  vt_speech_script_get_part (vt_player_get_script (player), 0, &text, &audio);
  g_assert_nonnull (audio);
  g_assert_true (g_str_has_suffix (audio, "/question.ogg"));
  g_assert_true (g_str_has_prefix (audio, data_dir));          /* the media folder, from the store */
  g_assert_cmpstr (text, ==, "¿Qué problema hay en su calle?");
  wait_second_played (player, "a second of the recording at the loudspeaker");

  /* The water's loudspeaker plays its recording. */
  speakers = listen_buttons (view);
  g_assert_cmpuint (speakers->len, ==, 5);
  vt_test_click (g_ptr_array_index (speakers, 3));
  vt_speech_script_get_part (vt_player_get_script (player), 0, &text, &audio);
  g_assert_true (g_str_has_suffix (audio, "/water.ogg"));
  vt_test_wait_until (sound_reached_sink, player, 5000, "the water's recording");
  vt_test_screenshot (GTK_WIDGET (window), "read-aloud-pictures.png");

  /* The next page's picture is its big-image, shown large. */
  vt_test_click (g_ptr_array_index (checks, 3));
  vt_test_press (window, vt_question_page_get_next_button (VT_QUESTION_PAGE (page)));
  assert_silent (player);
  page = vt_window_get_page (window);
  view = vt_question_page_get_view (VT_QUESTION_PAGE (page), "/data/where");
  g_ptr_array_set_size (pictures, 0);
  collect_pictures (view, pictures);
  g_assert_cmpuint (pictures->len, ==, 1);
  big = g_ptr_array_index (pictures, 0);
  g_assert_true (gtk_widget_has_css_class (big, "big-image"));
  vt_test_wait_allocated (big);
  height = gtk_widget_get_height (big);
  g_assert_cmpint (height, >=, 400);
  vt_test_screenshot (GTK_WIDGET (window), "read-aloud-big-image.png");

  wipe (window);
  close_window (window);
}

/* A citizen who chose Runasimi hears Quechua in the Quechua voice of
 * espeak-ng: the kiosk's own words (the top bar's setting, from po/qu.po)
 * and the demo service's question and choices (its qu itext). */
static void
test_quechua_voice (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  VtPlayer *player = vt_window_get_player (window);
  VtSpeechScript *script;
  g_autofree char *on = NULL;
  g_autofree char *said = NULL;

  vt_test_wait_until (player_available, player, 5000, "the loudspeaker");
  start_service (window, "Runasimi", "street_problem");

  g_action_group_activate_action (G_ACTION_GROUP (window), "read-aloud", NULL);
  script = vt_player_get_script (player);
  on = script_text (script);
  g_assert_true (g_str_has_prefix (on, "Tapukuykunaqa sinchita ñawinchasqa kanqa."));
  g_assert_cmpstr (vt_speech_get_voice (vt_player_get_speech (player), vt_speech_script_get_language (script)),
                   ==, "qu");
  g_action_group_activate_action (G_ACTION_GROUP (window), "read-aloud", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (window), "read-aloud", NULL);
  g_assert_cmpuint (vt_window_get_read_aloud (window), ==, 0);
  vt_player_stop (player);

  vt_test_click (vt_question_page_get_listen_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
  vt_test_wait_until (sound_reached_sink, player, 5000, "the first sound at the loudspeaker");
  script = vt_player_get_script (player);
  said = script_text (script);
  g_assert_true (g_str_has_prefix (said, "¿Ima sasachakuytaq kan?\n"));
  g_assert_cmpstr (vt_speech_script_get_language (script), ==, "Runasimi (qu)");
  g_assert_cmpstr (vt_speech_get_voice (vt_player_get_speech (player), "Runasimi (qu)"), ==, "qu");

  wipe (window);
  close_window (window);
}

/* A service without the chosen language falls back to its own, and says
 * so in the chosen language: on the services page and on each question. */
static void
test_fallback_notice (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  GtkWidget *services, *page, *notice;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  gboolean found = FALSE;
  const char *expected = "Kay servicioqa Español simillapim kan; chayraykum tapukuyninkunaqa chay simipi rikhurin.";

  vt_test_wait_catalogue (app);
  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  vt_test_click (vt_test_find_button (vt_window_get_page (window), "Runasimi"));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  services = vt_window_get_page (window);
  vt_test_collect_type (vt_services_page_get_button (VT_SERVICES_PAGE (services), "pictures"), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    found |= g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)), expected) == 0;
  g_assert_true (found);

  /* A demo service speaks Quechua: no notice. */
  vt_test_press (window, vt_services_page_get_button (VT_SERVICES_PAGE (services), "street_problem"));
  notice = vt_question_page_get_notice (VT_QUESTION_PAGE (vt_window_get_page (window)));
  g_assert_false (gtk_widget_get_visible (notice));
  vt_test_press (window, vt_question_page_get_back_button (VT_QUESTION_PAGE (vt_window_get_page (window))));

  vt_test_press (window, vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), "pictures"));
  page = vt_window_get_page (window);
  notice = vt_question_page_get_notice (VT_QUESTION_PAGE (page));
  g_assert_true (gtk_widget_get_visible (notice));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (notice)), ==, expected);
  /* The questions come in the form's own language, read in its voice. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (vt_question_view_get_label (VT_QUESTION_VIEW (vt_question_page_get_view (VT_QUESTION_PAGE (page), "/data/problem"))))),
                   ==, "¿Qué problema hay en su calle?");
  g_assert_cmpstr (vt_speech_script_get_language (vt_listen_button_get_script (VT_LISTEN_BUTTON (vt_question_page_get_listen_button (VT_QUESTION_PAGE (page))))),
                   ==, "Español (es)");

  wipe (window);
  close_window (window);
}

/* Without a loudspeaker ([devices] speaker=none) nothing offers to speak,
 * and the log says why. */
static void
test_no_loudspeaker (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) config = vt_config_load_from_data ("[devices]\nspeaker=none\n", -1, "test.conf", &error);
  g_autoptr(VtPlayer) player = NULL;
  g_autofree char *path = g_build_filename (vt_test_source_root (), "data", "forms", "street_problem.xml", NULL);
  g_autoptr(VtForm) form = vt_form_load_file (path, &error);
  g_autoptr(VtSession) session = vt_session_new (form, NULL, &error);
  g_autoptr(GPtrArray) pages = vt_session_get_pages (session);
  g_autoptr(GPtrArray) buttons = NULL;
  GtkWidget *page;

  g_string_truncate (logged, 0);
  player = vt_player_new (config);
  g_assert_nonnull (strstr (logged->str, "speaker is none"));
  page = g_object_ref_sink (vt_question_page_new (g_ptr_array_index (pages, 0), NULL, NULL));
  vt_question_page_set_player (VT_QUESTION_PAGE (page), player, g_ptr_array_index (pages, 0), "es");
  buttons = listen_buttons (page);
  g_assert_cmpuint (buttons->len, ==, 7);      /* Listen, and one per choice */
  for (guint i = 0; i < buttons->len; i++)
    g_assert_false (gtk_widget_get_visible (g_ptr_array_index (buttons, i)));
  g_object_unref (page);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  vt_test_gtk_init (&argc, &argv);
  logged = g_string_new (NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);

  data_dir = vt_test_make_tmpdir ("read-aloud");
  vt_test_add_fixture_form (data_dir, "pictures.xml");
  app = vt_test_app_new ("[kiosk]\nlanguages=es;pt_BR;en;fr;ht;qu;gn\n"
                         "[devices]\nspeaker=fakesink sync=true\n", data_dir, TRUE);

  g_test_add_func ("/vt/read-aloud/listen-stops", test_listen_stops);
  g_test_add_func ("/vt/read-aloud/choices-and-errors", test_choices_and_errors);
  g_test_add_func ("/vt/read-aloud/setting-and-offer", test_setting_and_offer);
  g_test_add_func ("/vt/read-aloud/review", test_review_reads_answers_on_request);
  g_test_add_func ("/vt/read-aloud/pictures-and-recordings", test_pictures_and_recordings);
  g_test_add_func ("/vt/read-aloud/quechua-voice", test_quechua_voice);
  g_test_add_func ("/vt/read-aloud/fallback-notice", test_fallback_notice);
  g_test_add_func ("/vt/read-aloud/no-loudspeaker", test_no_loudspeaker);

  status = g_test_run ();
  vt_test_app_close (app);
  vt_test_rmdir_recursive (data_dir);
  g_free (data_dir);
  return status;
}
