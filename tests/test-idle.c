#include "config.h"

#include <gtk/gtk.h>

#include "vt-idle-dialog.h"
#include "vt-language.h"
#include "vt-test-app.h"
#include "vt-test-utils.h"
#include "vt-window.h"

/* A kiosk that gets idle after one "second", where a second lasts 5 ms:
 * the countdown still has its full 20 steps, run by the main loop. */
static const char *config_text =
  "[kiosk]\n"
  "languages=es;pt_BR;en;fr;ht\n"
  "idle-seconds=1\n"
  "countdown-seconds=20\n";

static VtApplication *app;

static gboolean
idle_dialog_shown (gpointer data)
{
  return vt_window_get_idle_dialog (VT_WINDOW (data)) != NULL;
}

static gboolean
back_at_welcome (gpointer data)
{
  VtWindow *window = data;

  return vt_window_get_screen (window) == VT_SCREEN_WELCOME &&
         vt_window_get_idle_dialog (window) == NULL;
}

typedef struct
{
  VtIdleGuard *guard;
  guint        min_remaining;
  guint        ticks;
} TickCount;

static void
tick_cb (VtIdleGuard *guard,
         guint        remaining,
         TickCount   *count)
{
  count->ticks++;
  count->min_remaining = MIN (count->min_remaining, remaining);
}

static void
test_idle_countdown_wipes (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  VtIdleGuard *guard = vt_window_get_idle_guard (window);
  GtkWidget *dialog;
  GtkWidget *more_time;
  TickCount count = { guard, G_MAXUINT, 0 };

  /* Nothing to protect on Welcome. */
  g_assert_false (vt_idle_guard_get_active (guard));

  vt_test_click (vt_test_find_button (vt_window_get_page (window), "Français"));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.high-contrast", NULL);
  g_assert_true (vt_idle_guard_get_active (guard));

  vt_idle_guard_set_tick_ms (guard, 5);
  g_signal_connect (guard, "tick", G_CALLBACK (tick_cb), &count);

  /* First warning: "I need more time" keeps everything. */
  vt_test_wait_until (idle_dialog_shown, window, 10000, "the idle dialog");
  dialog = vt_window_get_idle_dialog (window);
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (dialog), GTK_ACCESSIBLE_ROLE_ALERT_DIALOG);
  more_time = vt_idle_dialog_get_button (VT_IDLE_DIALOG (dialog));
  g_assert_true (gtk_widget_has_focus (more_time));
  vt_test_wait_allocated (more_time);
  g_assert_cmpint (gtk_widget_get_height (more_time), >=, 48);
  vt_test_click (more_time);
  g_assert_null (vt_window_get_idle_dialog (window));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_SERVICES);
  g_assert_cmpstr (vt_language_get_current (), ==, "fr");

  /* Second warning, unanswered: counts down every second to 1, then the
   * kiosk forgets the citizen and returns to Welcome in the first language. */
  count.ticks = 0;
  vt_test_wait_until (idle_dialog_shown, window, 10000, "the idle dialog again");
  vt_test_wait_until (back_at_welcome, window, 10000, "the wipe after the countdown");
  g_assert_cmpuint (count.ticks, ==, 19);
  g_assert_cmpuint (count.min_remaining, ==, 1);
  g_assert_cmpstr (vt_language_get_current (), ==, "es");
  g_assert_cmpuint (vt_window_get_text_scale (window), ==, 100);
  g_assert_false (vt_window_get_high_contrast (window));
  g_assert_false (vt_idle_guard_get_active (guard));

  g_signal_handlers_disconnect_by_data (guard, &count);
  vt_window_set_allow_close (window, TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  vt_language_init ();
  gtk_test_init (&argc, &argv, NULL);

  app = vt_test_app_new (config_text, NULL, FALSE);

  g_test_add_func ("/vt/idle/countdown-wipes", test_idle_countdown_wipes);

  return g_test_run ();
}
