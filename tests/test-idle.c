#include "config.h"

#include <gtk/gtk.h>

#include "vt-application.h"
#include "vt-dropoff.h"
#include "vt-idle-dialog.h"
#include "vt-question-page.h"
#include "vt-question-view.h"
#include "vt-services-page.h"
#include "vt-store.h"
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
static char *data_dir;

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

static gboolean
name_page_shown (gpointer data)
{
  GtkWidget *page = vt_window_get_page (VT_WINDOW (data));

  return VT_IS_QUESTION_PAGE (page) &&
         vt_question_page_get_view (VT_QUESTION_PAGE (page), "/data/applicant_name") != NULL;
}

static gboolean
has_text (GtkWidget  *root,
          const char *text)
{
  if (GTK_IS_EDITABLE (root) && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (root)), text) == 0)
    return TRUE;
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    if (has_text (child, text))
      return TRUE;
  return FALSE;
}

static gboolean
back_at_welcome_wiped (gpointer data)
{
  return !vt_window_has_session (VT_WINDOW (data)) &&
         vt_window_get_screen (VT_WINDOW (data)) == VT_SCREEN_WELCOME;
}

/* The store's worker has counted an abandoned session (read through a
 * connection of the test's own). */
static gboolean
dropoff_counted (gpointer data)
{
  g_autoptr(VtStore) store = vt_store_open (data_dir, NULL);
  g_autoptr(GPtrArray) dropoffs = store != NULL ? vt_store_list_dropoffs (store, NULL) : NULL;

  return dropoffs != NULL && dropoffs->len > 0;
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

  vt_test_wait_catalogue (app);
  vt_test_click (vt_test_find_button (vt_window_get_page (window), "Français"));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);

  /* Someone starts an application and types their name. */
  vt_test_click (vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), "household_benefit"));
  vt_test_wait_screen (window, VT_SCREEN_QUESTION);
  vt_test_click (vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
  vt_test_wait_until (name_page_shown, window, 10000, "the name question");
  gtk_editable_set_text (GTK_EDITABLE (vt_question_view_get_control (VT_QUESTION_VIEW (
    vt_question_page_get_view (VT_QUESTION_PAGE (vt_window_get_page (window)), "/data/applicant_name")))),
    "Marie-Claire Joseph");
  {
    g_autofree char *answer = vt_window_dup_answer (window, "/data/applicant_name");

    g_assert_cmpstr (answer, ==, "Marie-Claire Joseph");
  }
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
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_QUESTION);
  g_assert_true (vt_window_has_session (window));
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
  /* Every answer is gone from memory and from the widgets. */
  g_assert_false (vt_window_has_session (window));
  g_assert_null (vt_window_dup_answer (window, "/data/applicant_name"));
  g_assert_false (has_text (GTK_WIDGET (window), "Marie-Claire Joseph"));
  /* The kiosk counted one session abandoned on the name's page, and
   * nothing of what was typed there (vt-dropoff.h). */
  vt_test_wait_until (dropoff_counted, NULL, 10000, "the drop-off to be counted");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VtStore) store = vt_store_open (data_dir, &error);
    g_autoptr(GPtrArray) dropoffs = vt_store_list_dropoffs (store, &error);
    VtStoreDropoff *d;

    g_assert_no_error (error);
    g_assert_cmpuint (dropoffs->len, ==, 1);
    d = g_ptr_array_index (dropoffs, 0);
    g_assert_cmpstr (d->form_id, ==, "household_benefit");
    g_assert_cmpstr (d->reason, ==, VT_DROPOFF_IDLE);
    g_assert_nonnull (strstr (d->page, "applicant_name"));
    g_assert_null (strstr (d->page, "Marie"));
    g_assert_cmpuint (d->count, ==, 1);
  }

  /* The next person starts afresh. */
  vt_test_click (vt_test_find_button (vt_window_get_page (window), "English"));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  vt_test_click (vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), "household_benefit"));
  vt_test_wait_screen (window, VT_SCREEN_QUESTION);
  {
    g_autofree char *answer = vt_window_dup_answer (window, "/data/applicant_name");

    g_assert_cmpstr (answer, ==, "");
  }

  g_signal_handlers_disconnect_by_data (guard, &count);
  vt_test_close_kiosk (window);
}

typedef struct
{
  VtIdleGuard *guard;
  gboolean     warned;
  guint        resets;
} Touches;

static void
warned_cb (VtIdleGuard *guard,
           guint        remaining,
           Touches     *touches)
{
  touches->warned = TRUE;
}

static gboolean
touch_cb (gpointer data)
{
  Touches *touches = data;

  vt_idle_guard_reset (touches->guard);
  return ++touches->resets < 30 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
touching_done (gpointer data)
{
  return ((Touches *) data)->resets >= 30;
}

static gboolean
warned (gpointer data)
{
  return ((Touches *) data)->warned;
}

/* Someone still touching the screen is never asked; once they stop, the
 * question comes one idle period later. */
static void
test_idle_input_postpones (void)
{
  g_autoptr(VtIdleGuard) guard = vt_idle_guard_new (1, 20);
  Touches touches = { guard, FALSE, 0 };

  /* One "second" is 200 ms; a touch every 20 ms for 600 ms. */
  vt_idle_guard_set_tick_ms (guard, 200);
  g_signal_connect (guard, "warning", G_CALLBACK (warned_cb), &touches);
  vt_idle_guard_set_active (guard, TRUE);
  g_timeout_add (20, touch_cb, &touches);
  vt_test_wait_until (touching_done, &touches, 10000, "the touches");
  g_assert_false (touches.warned);
  vt_test_wait_until (warned, &touches, 10000, "the warning");
  g_assert_true (vt_idle_guard_is_warning (guard));
  g_assert_cmpuint (vt_idle_guard_get_remaining (guard), ==, 20);
  /* Touching while it asks does not dismiss it: only "I need more time". */
  vt_idle_guard_reset (guard);
  g_assert_true (vt_idle_guard_is_warning (guard));
  vt_idle_guard_extend (guard);
  g_assert_false (vt_idle_guard_is_warning (guard));
  vt_idle_guard_set_active (guard, FALSE);
}

/* Answers left behind on Welcome (Back, Back) are still guarded. */
static void
test_idle_guards_welcome_with_answers (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  VtIdleGuard *guard = vt_window_get_idle_guard (window);

  /* Slow seconds while clicking (a slow machine must not see the
   * question yet), fast ones once the answers sit on Welcome. */
  vt_idle_guard_set_tick_ms (guard, 60000);
  vt_test_wait_catalogue (app);
  vt_test_click (vt_test_find_button (vt_window_get_page (window), "English"));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  vt_test_click (vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), "household_benefit"));
  vt_test_wait_screen (window, VT_SCREEN_QUESTION);
  vt_test_click (vt_question_page_get_back_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  vt_test_click (vt_test_find_button (vt_window_get_page (window), "Back"));
  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  g_assert_true (vt_window_has_session (window));
  g_assert_true (vt_idle_guard_get_active (guard));

  vt_idle_guard_set_tick_ms (guard, 2);
  vt_test_wait_until (back_at_welcome_wiped, window, 10000, "the wipe on Welcome");
  g_assert_false (vt_idle_guard_get_active (guard));

  vt_test_close_kiosk (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  vt_test_gtk_init (&argc, &argv);

  data_dir = vt_test_make_tmpdir ("idle");
  app = vt_test_app_new (config_text, data_dir, TRUE);

  g_test_add_func ("/vt/idle/countdown-wipes", test_idle_countdown_wipes);
  g_test_add_func ("/vt/idle/input-postpones", test_idle_input_postpones);
  g_test_add_func ("/vt/idle/guards-welcome-with-answers", test_idle_guards_welcome_with_answers);

  status = g_test_run ();
  vt_test_app_close (app);
  vt_test_rmdir_recursive (data_dir);
  g_free (data_dir);
  return status;
}
