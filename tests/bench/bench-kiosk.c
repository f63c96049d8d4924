/* Kiosk benchmarks, each a RESULT line (DESIGN.md):
 *   startup-kiosk / startup-minimal / startup-ratio: process start to the
 *     first drawn frame of the Welcome page, against a minimal GTK 4 window
 *     with one label, median of several runs in this same run (goal ≤ 1.5 x);
 *   next-page: pressing Continue to the next question page drawn, median ms
 *     (goal under one 60 Hz frame, 16 ms);
 *   memory-after-10 / -100 / -1000, memory-growth-100-1000: resident
 *     memory after that many whole applications through the window, as
 *     citizens make them (every demo service in turn, some abandoned to the
 *     idle wipe, some switching language half-way, Larger text and High
 *     contrast toggled, a clerk unlocking and locking now and then), and
 *     how much the last 900 added (goal at most 1 MB); peak-memory at the
 *     end.  VT_BENCH_APPLICATIONS=N runs N instead of 1,000 (the figures
 *     past N are then not printed).
 * Runs under tests/run-with-display.sh (its own Xvfb). */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <malloc.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vt-application.h"
#include "vt-clerk.h"
#include "vt-clerk-pin-pad.h"
#include "vt-consent-page.h"
#include "vt-language.h"
#include "vt-question-page.h"
#include "vt-question-view.h"
#include "vt-receipt-page.h"
#include "vt-services-page.h"
#include "vt-store.h"
#include "vt-test-app.h"
#include "vt-test-utils.h"
#include "vt-window.h"

#define STARTUP_RUNS 5
#define PAGE_RUNS 40

/* ---- children: print READY at the first frame, then exit ----------------- */

static void
ready_cb (GdkFrameClock *clock,
          gpointer       data)
{
  g_print ("READY\n");
  fflush (stdout);
  _exit (0);
}

static void
watch_first_frame (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (ready_cb), NULL);
}

static void
map_cb (GtkWidget *window,
        gpointer   data)
{
  watch_first_frame (window);
}

static int
child_minimal (void)
{
  GtkWidget *window;

  gtk_init ();
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Welcome"));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 1024);
  g_signal_connect (window, "map", G_CALLBACK (map_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
  while (TRUE)
    g_main_context_iteration (NULL, TRUE);
  return 1;
}

static void
kiosk_activate_cb (GApplication *app,
                   gpointer      data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (gtk_widget_get_mapped (GTK_WIDGET (window)))
    watch_first_frame (GTK_WIDGET (window));
  else
    g_signal_connect (window, "map", G_CALLBACK (map_cb), NULL);
}

static int
child_kiosk (const char *data_dir)
{
  /* What main.c does, with the data directory and --demo as options. */
  VtApplication *app;
  char *argv[] = { (char *) "ventanilla", (char *) "--demo", (char *) "--data-dir", (char *) data_dir, NULL };

  vt_language_init ();
  app = vt_application_new ();
  vt_application_set_sync_enabled (app, FALSE);
  g_signal_connect_after (app, "activate", G_CALLBACK (kiosk_activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), 4, argv);
}

/* ---- parent ------------------------------------------------------------ */

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static double
time_child (const char *self_path,
            const char *mode,
            const char *data_dir)
{
  const char *argv[] = { self_path, "--child", mode, data_dir, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid;
  int out;
  gint64 start = g_get_monotonic_time ();
  char buffer[64] = { 0 };
  gssize got;
  int status;

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                 NULL, NULL, &pid, NULL, &out, NULL, &error))
    g_error ("Cannot start the child: %s", error->message);
  got = read (out, buffer, sizeof buffer - 1);
  close (out);
  if (got <= 0 || !g_str_has_prefix (buffer, "READY"))
    g_error ("The %s child did not reach its first frame", mode);
  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
bench_startup (const char *self_path)
{
  g_autofree char *data_dir = vt_test_make_tmpdir ("bench-startup");
  double kiosk[STARTUP_RUNS], minimal[STARTUP_RUNS];
  double k, m;

  /* A first kiosk run creates the database and adds the demo services:
   * a kiosk starts with them already there. */
  time_child (self_path, "kiosk", data_dir);
  for (guint i = 0; i < STARTUP_RUNS; i++)
    {
      minimal[i] = time_child (self_path, "minimal", data_dir);
      kiosk[i] = time_child (self_path, "kiosk", data_dir);
    }
  k = median (kiosk, STARTUP_RUNS);
  m = median (minimal, STARTUP_RUNS);
  g_print ("RESULT startup-kiosk %.1f ms\n", k);
  g_print ("RESULT startup-minimal %.1f ms\n", m);
  g_print ("RESULT startup-ratio %.2f x\n", k / m);
  vt_test_rmdir_recursive (data_dir);
}

static guint paints;

static void
count_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  paints++;
}

static gboolean
painted_since (gpointer data)
{
  return paints > GPOINTER_TO_UINT (data);
}

static gboolean
catalogue_loaded (gpointer data)
{
  return vt_application_is_catalogue_loaded (VT_APPLICATION (data));
}

static gboolean
page_changed (gpointer data)
{
  gpointer *before = data;

  return vt_window_get_page (before[0]) != before[1];
}

static void
press (VtWindow  *window,
       GtkWidget *button)
{
  gpointer before[2] = { window, vt_window_get_page (window) };

  vt_test_click (button);
  vt_test_wait_until (page_changed, before, 10000, "the next screen");
}

static void
answer_page (VtWindow   *window,
             GHashTable *answers)
{
  g_autoptr(GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GtkWidget *view;
  const char *value;

  while ((view = vt_test_next_unanswered (window, answers, done, &value)) != NULL)
    {
      vt_test_answer_view (view, value);
      vt_test_iterate ();
    }
}

static GtkWidget *
next_button (VtWindow *window)
{
  return vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window)));
}

/* ---- a thousand citizens ------------------------------------------------ */

static const char *const services[] = {
  "household_benefit", "residence_certificate", "business_permit",
  "street_problem", "birth_registration_appointment",
};
static const char *const language_buttons[] = {
  "Español", "Português", "English", "Français", "Kreyòl ayisyen",
};
static const char *const language_codes[] = { "es", "pt_BR", "en", "fr", "ht" };

#define CLERK_PIN "8642"

static gboolean
is_back_at_welcome (gpointer data)
{
  VtWindow *window = data;

  return vt_window_get_screen (window) == VT_SCREEN_WELCOME &&
         vt_window_get_idle_dialog (window) == NULL;
}

static gboolean
clerk_active (gpointer data)
{
  return vt_clerk_mode_get_active (data);
}

/* A clerk comes by on Welcome: PIN, dashboard, and locks again. */
static void
clerk_visit (VtWindow *window)
{
  VtClerkMode *mode = vt_window_get_clerk_mode (window);
  VtClerkPinPad *pad;

  vt_clerk_mode_request (mode);
  pad = VT_CLERK_PIN_PAD (vt_clerk_mode_get_pin_pad (mode));
  vt_clerk_pin_pad_set_name (pad, "Marta");
  for (const char *p = CLERK_PIN; *p != '\0'; p++)
    {
      char key[2] = { *p, '\0' };

      vt_clerk_pin_pad_press (pad, key);
    }
  vt_clerk_pin_pad_press (pad, "ok");
  vt_test_wait_until (clerk_active, mode, 20000, "clerk mode to start");
  vt_test_iterate ();
  vt_clerk_mode_end (mode, "bench");
  vt_test_iterate ();
}

/* Citizen number i: which service, in which language, and what else
 * happens on the way, all from i, so every run is the same. */
static void
one_citizen (VtWindow   *window,
             guint       i,
             GHashTable *answers)
{
  const char *form_id = services[i % G_N_ELEMENTS (services)];
  guint language = (i / G_N_ELEMENTS (services)) % G_N_ELEMENTS (language_buttons);
  gboolean abandon = i % 10 == 7;
  gboolean switch_language = i % 10 == 3;
  gboolean display = i % 4 == 1;
  g_autoptr(GHashTable) answered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint pages = 0;

  if (i % 50 == 25)
    clerk_visit (window);

  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  vt_test_click (vt_test_find_button (vt_window_get_page (window), language_buttons[language]));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  press (window, vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), form_id));
  while (vt_window_get_screen (window) == VT_SCREEN_QUESTION)
    {
      GtkWidget *view;
      const char *value;

      g_assert_cmpuint (++pages, <, 200);
      while ((view = vt_test_next_unanswered (window, answers, answered, &value)) != NULL)
        {
          vt_test_answer_view (view, value);
          vt_test_iterate ();
        }
      if (pages == 2 && display)
        {
          gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
          gtk_widget_activate_action (GTK_WIDGET (window), "win.high-contrast", NULL);
          vt_test_iterate ();
        }
      if (pages == 3 && switch_language)
        {
          const char *other = language_codes[(language + 1) % G_N_ELEMENTS (language_codes)];

          gtk_widget_activate_action (GTK_WIDGET (window), "win.language", "s", other);
          vt_test_iterate ();
        }
      if (pages == 3 && abandon)
        {
          /* The citizen walks away: the idle question, then the wipe. */
          VtIdleGuard *guard = vt_window_get_idle_guard (window);
          guint tick_ms = vt_idle_guard_get_tick_ms (guard);

          vt_idle_guard_set_tick_ms (guard, 2);
          vt_test_wait_until (is_back_at_welcome, window, 20000, "the idle wipe");
          vt_idle_guard_set_tick_ms (guard, tick_ms);
          g_assert_false (vt_window_has_session (window));
          return;
        }
      press (window, next_button (window));
    }
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_REVIEW);
  press (window, vt_test_find_button (vt_window_get_page (window), _("Continue")));
  press (window, vt_consent_page_get_send_button (VT_CONSENT_PAGE (vt_window_get_page (window))));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_RECEIPT);
  g_assert_false (vt_window_has_session (window));
  press (window, vt_test_find_button (vt_window_get_page (window), _("Finish")));
}

/* Where memory goes, while looking for a leak (on stderr): the widgets of
 * every toplevel (windows, popovers, dialogs) whose number by type changed
 * since the last call, SQLite's own memory, the bytes malloc() has handed
 * out and those it keeps free (all arenas: mallinfo2()), and the
 * anonymous and file-backed shares of the resident memory. */
static void
count_widgets (GtkWidget  *widget,
               GHashTable *counts)
{
  const char *name = G_OBJECT_TYPE_NAME (widget);

  g_hash_table_insert (counts, (gpointer) name,
                       GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (counts, name)) + 1));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count_widgets (child, counts);
}

static void
print_instance_changes (void)
{
  static GHashTable *before;
  GHashTable *now;
  GHashTableIter iter;
  gpointer name, count;
  struct mallinfo2 info = mallinfo2 ();

  {
    g_autofree char *status = NULL;
    const char *anon, *file;

    g_file_get_contents ("/proc/self/status", &status, NULL, NULL);
    anon = status != NULL ? strstr (status, "RssAnon:") : NULL;
    file = status != NULL ? strstr (status, "RssFile:") : NULL;
    sqlite3_int64 sqlite_used = 0, sqlite_peak = 0;

    sqlite3_status64 (SQLITE_STATUS_MEMORY_USED, &sqlite_used, &sqlite_peak, FALSE);
    g_printerr ("# SQLite in use: %lld kB (peak %lld kB); "
                "malloc in use: %zu kB, free but kept %zu kB (of %zu kB in the arenas), %zu kB mapped; "
                "RssAnon %ld kB, RssFile %ld kB\n",
                (long long) sqlite_used / 1024, (long long) sqlite_peak / 1024,
                info.uordblks / 1024, info.fordblks / 1024, info.arena / 1024, info.hblkhd / 1024,
                anon != NULL ? strtol (anon + 8, NULL, 10) : -1,
                file != NULL ? strtol (file + 8, NULL, 10) : -1);
  }
  now = g_hash_table_new (g_str_hash, g_str_equal);
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    g_hash_table_insert (now, (gpointer) "toplevels", GINT_TO_POINTER (g_list_model_get_n_items (toplevels)));
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

        count_widgets (toplevel, now);
      }
  }
  if (before != NULL)
    {
      g_hash_table_iter_init (&iter, now);
      while (g_hash_table_iter_next (&iter, &name, &count))
        if (GPOINTER_TO_INT (count) != GPOINTER_TO_INT (g_hash_table_lookup (before, name)))
          g_printerr ("#   %s: %d -> %d\n", (char *) name,
                      GPOINTER_TO_INT (g_hash_table_lookup (before, name)), GPOINTER_TO_INT (count));
      g_hash_table_unref (before);
    }
  before = now;
}

static long
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line != NULL ? strtol (line + 6, NULL, 10) : -1;
}

static long
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line != NULL ? strtol (line + 6, NULL, 10) : -1;
}

static void
bench_in_process (void)
{
  g_autofree char *data_dir = vt_test_make_tmpdir ("bench-kiosk");
  VtApplication *app;
  VtWindow *window;
  g_autoptr(GHashTable) answers = vt_test_load_answers ("household_benefit");
  double times[PAGE_RUNS];
  double builds[PAGE_RUNS];

  /* A clerk's PIN, for the clerks that come by. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VtStore) store = vt_store_open (data_dir, &error);

    g_assert_no_error (error);
    if (!vt_clerk_set_pin (store, CLERK_PIN, &error))
      g_error ("Cannot set the clerk's PIN: %s", error->message);
  }
  /* Idle after five minutes, as no citizen here is (a slow machine, or
   * the sanitizers, must not wipe one half-way); the ones who walk away
   * get a clock of 2 ms seconds. */
  app = vt_test_app_new ("[kiosk]\nidle-seconds=300\ncountdown-seconds=20\n", data_dir, TRUE);
  vt_application_set_sync_enabled (app, FALSE);
  window = vt_test_app_open_window (app);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (count_paint_cb), NULL);
  vt_test_wait_until (catalogue_loaded, app, 20000, "the catalogue");

  /* Next page: from the press of Continue on the name question to the
   * phone question drawn on screen; Back in between is not measured. */
  vt_test_click (vt_test_find_button (vt_window_get_page (window), "English"));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  press (window, vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), "household_benefit"));
  press (window, next_button (window));
  answer_page (window, answers);
  for (guint i = 0; i < PAGE_RUNS; i++)
    {
      guint before = paints;
      gint64 start = g_get_monotonic_time ();

      press (window, next_button (window));
      builds[i] = (g_get_monotonic_time () - start) / 1000.0;
      vt_test_wait_until (painted_since, GUINT_TO_POINTER (before), 10000, "a frame");
      times[i] = (g_get_monotonic_time () - start) / 1000.0;
      press (window, vt_question_page_get_back_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
      vt_test_iterate ();
    }
  /* Building the page (validation, pages, widgets) is the kiosk's work;
   * the frame also waits for the frame clock's next tick. */
  g_print ("RESULT next-page-build %.2f ms\n", median (builds, PAGE_RUNS));
  g_print ("RESULT next-page %.2f ms\n", median (times, PAGE_RUNS));
  /* Back to Welcome, the way a citizen would. */
  while (vt_window_get_screen (window) != VT_SCREEN_WELCOME)
    press (window, vt_test_find_button (vt_window_get_page (window), "Back"));

  /* Whole applications, one citizen after another. */
  {
    g_autoptr(GPtrArray) fixtures = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
    const char *count_env = g_getenv ("VT_BENCH_APPLICATIONS");
    guint count = count_env != NULL ? (guint) g_ascii_strtoull (count_env, NULL, 10) : 1000;
    long after_100 = -1;

    for (guint s = 0; s < G_N_ELEMENTS (services); s++)
      g_ptr_array_add (fixtures, vt_test_load_answers (services[s]));
    for (guint i = 0; i < count; i++)
      {
        one_citizen (window, i, g_ptr_array_index (fixtures, i % G_N_ELEMENTS (services)));
        vt_test_wait_screen (window, VT_SCREEN_WELCOME);
        vt_test_iterate ();
        if (i + 1 == 10 || (i + 1) % 100 == 0)
          {
            long kb = rss_kb ();

            g_printerr ("# %u applications: %ld kB\n", i + 1, kb);
            print_instance_changes ();
            if (i + 1 == 10 || i + 1 == 100 || i + 1 == 1000)
              g_print ("RESULT memory-after-%u %ld kB\n", i + 1, kb);
            if (i + 1 == 100)
              after_100 = kb;
            if (i + 1 == 1000)
              g_print ("RESULT memory-growth-100-1000 %ld kB\n", kb - after_100);
          }
      }
  }
  g_print ("RESULT peak-memory %ld kB\n", peak_rss_kb ());
  /* VT_BENCH_KEEP=1: exit here with everything alive, so that a heap
   * profiler (heaptrack) counts what the applications left behind as
   * "leaked" and a run of 40 can be compared with a run of 10. */
  if (g_getenv ("VT_BENCH_KEEP") != NULL)
    _exit (0);

  vt_window_set_allow_close (window, TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (app);
  vt_test_rmdir_recursive (data_dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc >= 4 && g_str_equal (argv[1], "--child"))
    {
      g_setenv ("GTK_A11Y", "none", TRUE);
      if (g_str_equal (argv[2], "minimal"))
        return child_minimal ();
      return child_kiosk (argv[3]);
    }

  /* VT_BENCH_NO_STARTUP=1: only the in-process figures (while iterating). */
  if (g_getenv ("VT_BENCH_NO_STARTUP") == NULL)
    bench_startup (argv[0]);

  /* SQLite's own count of its memory (page caches, statements): the
   * store turns it off before its first connection (vt-store.c's
   * disable_memory_statistics()); started here first, it stays on. */
  if (sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 1) != SQLITE_OK || sqlite3_initialize () != SQLITE_OK)
    g_printerr ("# SQLite's memory statistics are not available\n");
  vt_language_init ();
  gtk_init ();
  bench_in_process ();
  return 0;
}
