/* The on-screen keyboard's benchmark, RESULT lines (DESIGN.md), for taps
 * that are real pointer events through the X server (xdotool on Xvfb);
 * goal: the character drawn in the first frame after the tap, that frame's
 * work within one 60 Hz frame, 16 ms.
 *   keyboard-tap-frames-max: frames drawn from a tap's release until the
 *     new character shows, the most over all taps (1: always the next);
 *   keyboard-tap-frame-work / -p95 / -max: that frame, from its start to
 *     its end (layout and drawing), with the tap's handling before it;
 *   keyboard-tap-to-frame / -p95 / -max: from the release reaching the
 *     kiosk to the end of that frame, the wait for the frame clock's tick
 *     included (up to a frame's period);
 *   keyboard-page-*: the same for shift, which shows another page of keys;
 *   keyboard-first-show: Continue on the residence certificate's
 *     introduction to its name question drawn with the keyboard, whose
 *     first page of keys is built then.
 * Runs under tests/run-with-display.sh (its own Xvfb). */
#include "config.h"

#include <gtk/gtk.h>

#include "bench-stats.h"
#include "vt-keyboard.h"
#include "vt-question-page.h"
#include "vt-question-view.h"
#include "vt-services-page.h"
#include "vt-test-app.h"
#include "vt-test-utils.h"
#include "vt-window.h"

#define TAPS 80
#define PAGE_TAPS 30

static gint64 released_at;         /* the last button release, monotonic µs */
static gint64 handled_at;          /* when the kiosk had done with it */
static gint64 frame_started_at;    /* the start of the frame being drawn */
static gint64 painted_at;          /* the end of the first frame that shows the change */
static guint frames;               /* drawn since the release */
static VtKeyboard *keyboard;
static GtkWidget *watched;         /* the field whose text is watched, or NULL: the keyboard */
static char *text_before;
static VtKeyboardState state_before;

static gboolean
release_cb (GtkEventControllerLegacy *controller,
            GdkEvent                 *event,
            gpointer                  data)
{
  if (gdk_event_get_event_type (event) == GDK_BUTTON_RELEASE)
    {
      released_at = g_get_monotonic_time ();
      frames = 0;
    }
  return GDK_EVENT_PROPAGATE;
}

/* After the key's own click handler: the edit is done. */
static void
clicked_after_cb (GtkButton *button,
                  gpointer   data)
{
  handled_at = g_get_monotonic_time ();
}

static void
frame_start_cb (GdkFrameClock *clock,
                gpointer       data)
{
  frame_started_at = g_get_monotonic_time ();
}

/* The end of a frame: if the change is on screen now, when. */
static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  VtKeyboardState state = vt_keyboard_get_state (keyboard);

  if (painted_at != 0)
    return;
  frames++;
  if (watched == NULL)
    {
      if (vt_keyboard_get_target (keyboard) != NULL && gtk_widget_get_mapped (GTK_WIDGET (keyboard)))
        painted_at = g_get_monotonic_time ();
      return;
    }
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (watched)), text_before) != 0 ||
      state.page != state_before.page || state.shift != state_before.shift)
    painted_at = g_get_monotonic_time ();
}

static gboolean
painted (gpointer data)
{
  return painted_at != 0 && released_at != 0;
}

static gboolean
catalogue_loaded (gpointer data)
{
  return vt_application_is_catalogue_loaded (VT_APPLICATION (data));
}

static gboolean
keyboard_drawn (gpointer data)
{
  return painted_at != 0;
}

typedef struct
{
  GArray *to_frame;
  GArray *work;
  guint   most_frames;
} Samples;

/* One tap on button, timed from its release to the frame that shows it. */
static void
time_tap (GtkWidget *field,
          GtkWidget *button,
          Samples   *samples)
{
  double to_frame, work;

  g_free (text_before);
  text_before = g_strdup (gtk_editable_get_text (GTK_EDITABLE (field)));
  watched = field;
  state_before = vt_keyboard_get_state (keyboard);
  released_at = painted_at = 0;
  g_signal_connect_after (button, "clicked", G_CALLBACK (clicked_after_cb), NULL);
  vt_test_tap (button);
  vt_test_wait_until (painted, NULL, 10000, "the tap drawn");
  g_signal_handlers_disconnect_by_func (button, clicked_after_cb, NULL);
  to_frame = (painted_at - released_at) / 1000.0;
  work = (painted_at - frame_started_at + handled_at - released_at) / 1000.0;
  g_array_append_val (samples->to_frame, to_frame);
  g_array_append_val (samples->work, work);
  samples->most_frames = MAX (samples->most_frames, frames);
}

static void
print_spread (const char *name,
              GArray     *samples)
{
  g_print ("RESULT %s %.2f ms\n", name, bench_percentile (samples, 0.5));
  g_print ("RESULT %s-p95 %.2f ms\n", name, bench_percentile (samples, 0.95));
  g_print ("RESULT %s-max %.2f ms\n", name, bench_percentile (samples, 1.0));
}

static void
print_results (const char *what,
               Samples    *samples)
{
  g_autofree char *frames_name = g_strdup_printf ("keyboard-%s-frames-max", what);
  g_autofree char *work_name = g_strdup_printf ("keyboard-%s-frame-work", what);
  g_autofree char *to_frame_name = g_strdup_printf ("keyboard-%s-to-frame", what);

  g_print ("RESULT %s %u frames\n", frames_name, samples->most_frames);
  print_spread (work_name, samples->work);
  print_spread (to_frame_name, samples->to_frame);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_dir = vt_test_make_tmpdir ("bench-keyboard");
  Samples taps = { g_array_new (FALSE, FALSE, sizeof (double)), g_array_new (FALSE, FALSE, sizeof (double)), 0 };
  Samples pages = { g_array_new (FALSE, FALSE, sizeof (double)), g_array_new (FALSE, FALSE, sizeof (double)), 0 };
  Samples warm_up = { g_array_new (FALSE, FALSE, sizeof (double)), g_array_new (FALSE, FALSE, sizeof (double)), 0 };
  static const char letters[] = "qwertyuiopasdfghjklzxcvbnm";
  VtApplication *app;
  VtWindow *window;
  GtkEventController *controller;
  GtkWidget *field;
  gint64 focused_at;
  double first_show;

  gtk_init ();
  app = vt_test_app_new ("[kiosk]\nlanguages=es;en\non-screen-keyboard=always\n", data_dir, TRUE);
  vt_application_set_sync_enabled (app, FALSE);
  window = vt_test_app_open_window (app);
  keyboard = VT_KEYBOARD (vt_window_get_keyboard (window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "update",
                    G_CALLBACK (frame_start_cb), NULL);
  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (release_cb), NULL);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);
  vt_test_wait_until (catalogue_loaded, app, 20000, "the catalogue");

  vt_test_press (window, vt_test_find_button (vt_window_get_page (window), "Español"));
  vt_test_press (window, vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)),
                                                      "residence_certificate"));
  /* The introduction; then the first question, a name, takes the focus
   * and brings the keyboard up for the first time. */
  watched = NULL;
  painted_at = 0;
  focused_at = g_get_monotonic_time ();
  vt_test_click (vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
  vt_test_wait_until (keyboard_drawn, NULL, 10000, "the keyboard");
  first_show = (painted_at - focused_at) / 1000.0;
  field = vt_question_view_get_control (VT_QUESTION_VIEW (vt_question_page_get_view (
            VT_QUESTION_PAGE (vt_window_get_page (window)), "/data/full_name")));

  for (guint i = 0; i < TAPS; i++)
    {
      char key[2] = { letters[i % (sizeof letters - 1)], '\0' };

      time_tap (field, vt_keyboard_find_key (keyboard, VT_KEY_TEXT, key), &taps);
      /* Keep the field short: a long line is not what is measured. */
      if (i % 20 == 19)
        gtk_editable_set_text (GTK_EDITABLE (field), "");
    }

  /* The first round of shift builds its two pages; then a tap only
   * switches to a page kept. */
  for (guint i = 0; i < PAGE_TAPS + 3; i++)
    {
      time_tap (field, vt_keyboard_find_key (keyboard, VT_KEY_SHIFT, NULL), i >= 3 ? &pages : &warm_up);
    }

  print_results ("tap", &taps);
  print_results ("page", &pages);
  g_print ("RESULT keyboard-first-show %.2f ms\n", first_show);

  vt_window_set_allow_close (window, TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (app);
  vt_test_rmdir_recursive (data_dir);
  g_free (text_before);
  for (guint i = 0; i < 2; i++)
    {
      Samples *all[] = { &taps, &pages, &warm_up };

      for (guint j = 0; j < G_N_ELEMENTS (all); j++)
        g_array_unref (i == 0 ? all[j]->to_frame : all[j]->work);
    }
  return 0;
}
