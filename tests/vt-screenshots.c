/* Walks the kiosk through its screens and takes a screenshot of each with
 * ImageMagick's `import`, for data/screenshots/ and the README.  Not a
 * test: run tests/take-screenshots.sh, which gives it a private Xvfb.
 *
 *   vt-screenshots OUTDIR LANGUAGE [high-contrast]
 */
#include "config.h"

#include <gtk/gtk.h>

#include "vt-application.h"
#include "vt-consent-page.h"
#include "vt-idle-dialog.h"
#include "vt-idle-guard.h"
#include "vt-language.h"
#include "vt-question-page.h"
#include "vt-question-view.h"
#include "vt-services-page.h"
#include "vt-test-app.h"
#include "vt-clerk.h"
#include "vt-clerk-mode.h"
#include "vt-clerk-pin-pad.h"
#include "vt-store.h"
#include "vt-store-private.h"
#include <sqlite3.h>
#include "vt-test-utils.h"
#include "vt-window.h"
#include "vt-window-private.h"

static const char *outdir;
static const char *suffix;
static VtWindow *window;

static void
shot (const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s/%s-%s.png", outdir, name, suffix);

  vt_test_screenshot (GTK_WIDGET (window), file);
  g_print ("%s\n", file);
}

static gboolean
clerk_mode_active (gpointer data)
{
  return vt_clerk_mode_get_active (data);
}

static gboolean
catalogue_loaded (gpointer data)
{
  return vt_application_is_catalogue_loaded (VT_APPLICATION (data));
}

static gboolean
page_changed (gpointer data)
{
  return vt_window_get_page (window) != data;
}

static void
press (GtkWidget *button)
{
  GtkWidget *before = vt_window_get_page (window);

  vt_test_click (button);
  vt_test_wait_until (page_changed, before, 10000, "the next screen");
}

static void
next (void)
{
  press (vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
}

/* Answers what the page shows, again after each answer: an answer can
 * rebuild the page with more questions. */
static void
answer_page (GHashTable *answers)
{
  g_autoptr(GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (gboolean more = TRUE; more;)
    {
      g_autoptr(GPtrArray) views = g_ptr_array_new ();

      more = FALSE;
      vt_test_collect_views (vt_window_get_page (window), views);
      for (guint i = 0; i < views->len; i++)
        {
          const char *path = vt_question_view_get_path (g_ptr_array_index (views, i));
          const char *value = g_hash_table_lookup (answers, path);

          if (value == NULL || g_hash_table_contains (done, path))
            continue;
          g_hash_table_add (done, g_strdup (path));
          vt_test_answer_view (g_ptr_array_index (views, i), value);
          vt_test_iterate ();
          more = TRUE;
          break;
        }
    }
}

static gboolean
page_has (const char *path)
{
  GtkWidget *page = vt_window_get_page (window);

  return VT_IS_QUESTION_PAGE (page) && vt_question_page_get_view (VT_QUESTION_PAGE (page), path) != NULL;
}

static void
start_service (const char *language_button,
               const char *form_id)
{
  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  press (vt_test_find_button (vt_window_get_page (window), language_button));
  press (vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), form_id));
}

/* Presses "I need more time" on the open idle dialog. */
static void
vt_idle_dialog_more_time (VtWindow *w)
{
  GtkWidget *dialog = vt_window_get_idle_dialog (w);

  if (dialog != NULL)
    vt_test_click (vt_idle_dialog_get_button (VT_IDLE_DIALOG (dialog)));
}

static gboolean
idle_dialog_shown (gpointer data)
{
  return vt_window_get_idle_dialog (window) != NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dir = NULL;
  VtApplication *app;
  const VtLanguage *language;
  g_autoptr(GHashTable) household = NULL;
  g_autoptr(GHashTable) birth = NULL;
  gboolean high_contrast;

  if (argc < 3)
    {
      g_printerr ("usage: %s OUTDIR LANGUAGE [high-contrast]\n", argv[0]);
      return 2;
    }
  outdir = argv[1];
  language = vt_language_lookup (argv[2]);
  high_contrast = argc > 3;
  suffix = g_strdup_printf ("%s%s", language->code, high_contrast ? "-hc" : "");

  vt_language_init ();
  gtk_init ();
  g_setenv ("VT_SOURCE_ROOT", SOURCE_ROOT, FALSE);

  data_dir = vt_test_make_tmpdir ("screenshots");
  app = vt_test_app_new ("[kiosk]\nlanguages=es;pt_BR;en;fr;ht\noffice-name=Municipalidad de Puerto Nuevo\n", data_dir, TRUE);
  window = vt_test_app_open_window (app);
  vt_test_wait_until (catalogue_loaded, app, 20000, "the catalogue");
  household = vt_test_load_answers ("household_benefit");
  birth = vt_test_load_answers ("birth_registration_appointment");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.language", "s", language->code);
  if (high_contrast)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.high-contrast", NULL);
  shot ("01-welcome");

  press (vt_test_find_button (vt_window_get_page (window), language->native_name));
  shot ("02-services");

  press (vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), "household_benefit"));
  shot ("03-question-note");
  next ();
  /* Continue with nothing typed: the error summary and the field's error. */
  next ();
  shot ("04-question-error");
  answer_page (household);
  next ();
  while (!page_has ("/data/municipality"))
    {
      answer_page (household);
      next ();
    }
  shot ("05-question-choices");
  answer_page (household);
  next ();
  answer_page (household);
  next ();
  shot ("06-question-keypad");
  while (vt_window_get_screen (window) == VT_SCREEN_QUESTION)
    {
      if (page_has ("/data/member[1]/member_name"))
        {
          answer_page (household);
          shot ("07-question-field-list");
        }
      answer_page (household);
      next ();
    }
  shot ("08-review");
  press (vt_test_find_button (vt_window_get_page (window), g_dgettext (GETTEXT_PACKAGE, "Continue")));
  shot ("09-consent");
  press (vt_consent_page_get_send_button (VT_CONSENT_PAGE (vt_window_get_page (window))));
  shot ("10-receipt");
  press (vt_test_find_button (vt_window_get_page (window), g_dgettext (GETTEXT_PACKAGE, "Finish")));

  /* A date, as day / month / year.  Finish reset the display settings
   * for the next person: set them again. */
  if (high_contrast)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.high-contrast", NULL);
  start_service (language->native_name, "birth_registration_appointment");
  while (!page_has ("/data/baby/baby_birth_date"))
    {
      answer_page (birth);
      next ();
    }
  answer_page (birth);
  vt_test_iterate ();
  shot ("11-question-date");

  /* Larger text at 200%, same page, answers kept. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
  shot ("12-question-200-percent");

  /* The idle guard's question. */
  vt_idle_guard_set_tick_ms (vt_window_get_idle_guard (window), 20);
  vt_test_wait_until (idle_dialog_shown, NULL, 10000, "the idle dialog");
  vt_idle_guard_set_active (vt_window_get_idle_guard (window), FALSE);
  shot ("13-idle");

  /* The language menu of the top bar, open over a question. */
  vt_idle_dialog_more_time (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
  gtk_menu_button_popup (GTK_MENU_BUTTON (vt_test_find_widget (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON)));
  shot ("14-language-menu");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
  gtk_popover_popdown (gtk_menu_button_get_popover (GTK_MENU_BUTTON (vt_test_find_widget (GTK_WIDGET (window),
                                                                                           GTK_TYPE_MENU_BUTTON))));

  /* Clerk mode: the PIN pad, then the dashboard with what is waiting. */
  {
    VtClerkMode *mode = vt_window_get_clerk_mode (window);
    VtClerkPinPad *pad = VT_CLERK_PIN_PAD (vt_clerk_mode_get_pin_pad (mode));
    g_autoptr(VtStore) store = vt_store_open (data_dir, NULL);

    g_assert_nonnull (store);
    g_assert_true (vt_clerk_set_pin (store, "8642", NULL));
    vt_clerk_mode_request (mode);
    vt_clerk_pin_pad_set_name (pad, "Ana");
    shot ("15-clerk-pin");
    for (const char *p = "8642"; *p != '\0'; p++)
      {
        char key[2] = { *p, '\0' };
        vt_clerk_pin_pad_press (pad, key);
      }
    vt_clerk_pin_pad_press (pad, "ok");
    vt_test_wait_until (clerk_mode_active, mode, 10000, "clerk mode");
    shot ("16-clerk-dashboard");
    vt_clerk_mode_end (mode, "screenshots");
  }

  /* A full disk: the services page says so before anything is typed. */
  {
    VtStore *store = vt_application_get_store (app, NULL);
    g_autofree char *limit = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_nonnull (store);
    sqlite3_prepare_v2 (vt_store_get_db (store), "PRAGMA page_count", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    limit = g_strdup_printf ("PRAGMA max_page_count = %d", sqlite3_column_int (stmt, 0) + 1);
    sqlite3_finalize (stmt);
    g_assert_cmpint (sqlite3_exec (vt_store_get_db (store), limit, NULL, NULL, NULL), ==, SQLITE_OK);
    vt_window_reset (window);
    vt_test_wait_screen (window, VT_SCREEN_WELCOME);
    press (vt_test_find_button (vt_window_get_page (window), language->native_name));
    vt_test_click (vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), "street_problem"));
    shot ("17-services-full-disk");
  }

  vt_window_set_allow_close (window, TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (app);
  vt_test_rmdir_recursive (data_dir);
  return 0;
}
