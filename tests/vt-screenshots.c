/* Walks the kiosk through its screens and takes a screenshot of each with
 * ImageMagick's `import`, for data/screenshots/ and the README.  Not a
 * test: run tests/take-screenshots.sh, which gives it a private Xvfb.
 *
 *   vt-screenshots OUTDIR LANGUAGE [high-contrast] [200]
 *   vt-screenshots OUTDIR LANGUAGE [high-contrast] keyboard[:LAYOUT]
 *
 * The second form takes the on-screen keyboard's shots: its layout for
 * LANGUAGE (or LAYOUT, for the layouts ready before their language), at
 * 100 % and 200 % text; with Spanish also its pages and variants.  On a
 * portrait screen (VT_TEST_SCREEN=1080x1920x24) the names say so.
 *
 * With 200 every screen is at 200 % text.  Each screen is checked with
 * vt_test_assert_nothing_cut() before its shot; OUTDIR "-" takes no shot,
 * only the checks: the tests fit-200 and fit-200-portrait run it so.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "vt-application.h"
#include "vt-clerk-dashboard-private.h"
#include "vt-consent-page.h"
#include "vt-idle-dialog.h"
#include "vt-idle-guard.h"
#include "vt-keyboard.h"
#include "vt-keyboard-alphabets.h"
#include "vt-language.h"
#include "vt-question-page.h"
#include "vt-question-view.h"
#include "vt-services-page.h"
#include "vt-test-app.h"
#include "vt-clerk.h"
#include "vt-clerk-mode.h"
#include "vt-clerk-pin-pad.h"
#include "vt-store.h"
#include "vt-test-utils.h"
#include "vt-window.h"

static const char *outdir;
static const char *suffix;
static VtWindow *window;
static gboolean high_contrast;
static gboolean text_200;

static gboolean
print_ended (gpointer data)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (data));
}

static void
shot (const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s/%s%s%s.png", outdir, name, suffix[0] != '\0' ? "-" : "", suffix);

  vt_test_assert_nothing_cut (GTK_WIDGET (window), name);
  if (g_str_equal (outdir, "-"))
    return;
  vt_test_screenshot (GTK_WIDGET (window), file);
  g_print ("%s\n", file);
}

/* The display settings asked for; Finish and the wipe reset them for the
 * next person. */
static void
set_display (void)
{
  if (high_contrast)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.high-contrast", NULL);
  while (text_200 && vt_window_get_text_scale (window) != 200)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
}

static gboolean
clerk_mode_active (gpointer data)
{
  return vt_clerk_mode_get_active (data);
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

/* vt_test_answer_page() with the page's own set of paths done. */
static void
answer_page (GHashTable *answers)
{
  g_autoptr(GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  vt_test_answer_page (window, answers, done);
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

static gboolean
dashboard_idle (gpointer data)
{
  return vt_clerk_dashboard_get_pending (data) == 0;
}

static gboolean
problem_shown (gpointer data)
{
  return vt_services_page_get_problem (VT_SERVICES_PAGE (data)) != NULL;
}

/* Types text on the on-screen keyboard as its plan says, tap by tap. */
static void
type_on_keyboard (VtKeyboard *keyboard,
                  const char *layout,
                  const char *text)
{
  g_autoptr(GPtrArray) plan = vt_keyboard_layout_plan (vt_keyboard_layout_lookup (layout),
                                                       vt_keyboard_get_variant (keyboard), text, FALSE, NULL);

  g_assert_nonnull (plan);
  for (guint i = 0; i < plan->len; i++)
    {
      const VtKeyboardStep *step = g_ptr_array_index (plan, i);

      vt_test_click (vt_keyboard_find_key (keyboard, step->action, step->key));
      vt_test_iterate ();
    }
}

static gboolean
keyboard_shown (gpointer data)
{
  return gtk_widget_get_mapped (data) && vt_keyboard_get_target (data) != NULL;
}

static gboolean
accents_shown (gpointer data)
{
  return vt_keyboard_find_accent (data, "é") != NULL;
}

static void
focus_answer (const char *path)
{
  GtkWidget *view = vt_question_page_get_view (VT_QUESTION_PAGE (vt_window_get_page (window)), path);

  vt_question_view_focus (VT_QUESTION_VIEW (view));
}

static void
keyboard_walk (const VtLanguage *language,
               const char       *layout)
{
  VtKeyboard *keyboard = VT_KEYBOARD (vt_window_get_keyboard (window));
  const VtTestAlphabet *alphabet = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *name = NULL;
  g_autofree char *name_200 = NULL;
  gboolean portrait = g_str_has_prefix (g_getenv ("VT_TEST_SCREEN") ? g_getenv ("VT_TEST_SCREEN") : "", "1080x1920");
  g_autoptr(GHashTable) residence = vt_test_load_answers ("residence_certificate");

  for (guint a = 0; a < G_N_ELEMENTS (vt_test_alphabets); a++)
    if (g_str_equal (vt_test_alphabets[a].language, layout))
      alphabet = &vt_test_alphabets[a];
  g_assert_nonnull (alphabet);

  if (high_contrast)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.high-contrast", NULL);
  start_service (language->native_name, "residence_certificate");
  /* Past the introduction, to the name. */
  next ();
  vt_keyboard_set_language (keyboard, layout);
  vt_test_wait_until (keyboard_shown, keyboard, 10000, "the keyboard");
  /* The first words of the layout's sentence, up to its first accent
   * at least. */
  sample = g_utf8_substring (alphabet->sentence, 0, MIN (g_utf8_strlen (alphabet->sentence, -1), 22));
  type_on_keyboard (keyboard, layout, sample);

  name = g_strdup_printf ("30-keyboard-%s%s", layout, portrait ? "-portrait" : "");
  shot (name);
  /* Larger text follows the UI language's layout: this one again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
  vt_keyboard_set_language (keyboard, layout);
  vt_test_wait_until (keyboard_shown, keyboard, 10000, "the keyboard");
  name_200 = g_strdup_printf ("31-keyboard-%s-200-percent%s", layout, portrait ? "-portrait" : "");
  shot (name_200);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);

  if (!g_str_equal (layout, "es") || portrait)
    return;

  /* Spanish: the accent page, the symbols, a long press, e-mail and phone. */
  vt_test_click (vt_keyboard_find_key (keyboard, VT_KEY_ACCENTS, NULL));
  shot ("32-keyboard-accents");
  vt_test_click (vt_keyboard_find_key (keyboard, VT_KEY_SYMBOLS, NULL));
  shot ("33-keyboard-symbols");
  vt_test_click (vt_keyboard_find_key (keyboard, VT_KEY_LETTERS, NULL));
  /* Taken while the finger is still down: the key shows pressed. */
  vt_test_pointer_down (vt_keyboard_find_key (keyboard, VT_KEY_TEXT, "e"));
  vt_test_wait_until (accents_shown, keyboard, 10000, "the accents of e");
  shot ("34-keyboard-long-press");
  vt_test_pointer_up (vt_keyboard_find_key (keyboard, VT_KEY_TEXT, "e"));
  vt_test_click (vt_keyboard_find_accent (keyboard, "é"));

  while (!page_has ("/data/email"))
    {
      answer_page (residence);
      next ();
    }
  answer_page (residence);
  focus_answer ("/data/email");
  vt_test_wait_until (keyboard_shown, keyboard, 10000, "the keyboard");
  shot ("35-keyboard-email");
  while (!page_has ("/data/phone"))
    {
      answer_page (residence);
      next ();
    }
  focus_answer ("/data/phone");
  vt_test_wait_until (keyboard_shown, keyboard, 10000, "the keyboard");
  shot ("36-keyboard-phone");
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
  const char *layout = NULL;

  if (argc < 3)
    {
      g_printerr ("usage: %s OUTDIR LANGUAGE [high-contrast] [keyboard[:LAYOUT]]\n", argv[0]);
      return 2;
    }
  outdir = argv[1];
  language = vt_language_lookup (argv[2]);
  for (int i = 3; i < argc; i++)
    if (g_str_equal (argv[i], "high-contrast"))
      high_contrast = TRUE;
    else if (g_str_equal (argv[i], "200"))
      text_200 = TRUE;
    else if (g_str_has_prefix (argv[i], "keyboard"))
      layout = argv[i][strlen ("keyboard")] == ':' ? argv[i] + strlen ("keyboard:") : argv[2];
  suffix = layout != NULL ? g_strdup (high_contrast ? "hc" : "")
                          : g_strdup_printf ("%s%s%s%s", language->code, high_contrast ? "-hc" : "",
                                             text_200 ? "-200-percent" : "",
                                             g_str_has_prefix (g_getenv ("VT_TEST_SCREEN") ? g_getenv ("VT_TEST_SCREEN") : "",
                                                               "1080x1920") ? "-portrait" : "");

  /* As vt_test_gtk_init(), for the fit-200 tests under LeakSanitizer. */
  vt_test_lsan_ignore_glib_quarks ();
  vt_language_init ();
  gtk_init ();
  g_setenv ("VT_SOURCE_ROOT", SOURCE_ROOT, FALSE);

  data_dir = vt_test_make_tmpdir ("screenshots");
  if (layout == NULL)
    vt_test_add_fixture_form (data_dir, "pictures.xml");
  app = vt_test_app_new (layout != NULL
                         ? "[kiosk]\nlanguages=es;pt_BR;en;fr;ht;qu;gn\noffice-name=Municipalidad de Puerto Nuevo\n"
                           "on-screen-keyboard=always\n"
                         : "[kiosk]\nlanguages=es;pt_BR;en;fr;ht;qu;gn\noffice-name=Municipalidad de Puerto Nuevo\n"
                           "name=Puerto Nuevo, Oficina Sur, quiosco 2\n"
                           "[devices]\nspeaker=fakesink sync=true\n",
                         data_dir, TRUE);
  window = vt_test_app_open_window (app);
  vt_test_wait_catalogue (app);
  household = vt_test_load_answers ("household_benefit");
  birth = vt_test_load_answers ("birth_registration_appointment");

  if (layout != NULL)
    {
      keyboard_walk (language, layout);
      vt_test_app_close (app);
      vt_test_rmdir_recursive (data_dir);
      return 0;
    }

  gtk_widget_activate_action (GTK_WIDGET (window), "win.language", "s", language->code);
  set_display ();
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
  press (vt_test_find_button (vt_window_get_page (window), _("Continue")));
  shot ("09-consent");
  press (vt_consent_page_get_send_button (VT_CONSENT_PAGE (vt_window_get_page (window))));
  shot ("10-receipt");
  /* Print with no CUPS to answer (a socket that is not there): the
   * citizen is told to write the code down. */
  {
    GtkWidget *print = vt_test_find_button (vt_window_get_page (window),
                                            _("Print receipt"));

    g_setenv ("CUPS_SERVER", "/nonexistent/cups.sock", TRUE);
    vt_test_click (print);
    vt_test_wait_until (print_ended, print, 20000, "the printer's answer");
    shot ("10-receipt-printer-not-answering");
  }
  press (vt_test_find_button (vt_window_get_page (window), _("Finish")));

  /* A date, as day / month / year.  Finish reset the display settings
   * for the next person: set them again. */
  set_display ();
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
  if (!text_200)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
      shot ("12-question-200-percent");
    }

  /* The idle guard's question. */
  vt_idle_guard_set_tick_ms (vt_window_get_idle_guard (window), 20);
  vt_test_wait_until (idle_dialog_shown, NULL, 10000, "the idle dialog");
  vt_idle_guard_set_active (vt_window_get_idle_guard (window), FALSE);
  shot ("13-idle");

  /* The language menu of the top bar, open over a question. */
  vt_idle_dialog_more_time (window);
  if (!text_200)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
  gtk_menu_button_popup (GTK_MENU_BUTTON (vt_test_find_widget (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON)));
  shot ("14-language-menu");
  if (!text_200)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
  gtk_popover_popdown (gtk_menu_button_get_popover (GTK_MENU_BUTTON (vt_test_find_widget (GTK_WIDGET (window),
                                                                                           GTK_TYPE_MENU_BUTTON))));

  /* Clerk mode: the PIN pad, then the dashboard with what is waiting. */
  {
    VtClerkMode *mode = vt_window_get_clerk_mode (window);
    g_autoptr(VtStore) store = vt_store_open (data_dir, NULL);
    VtClerkPinPad *pad;

    g_assert_nonnull (store);
    g_assert_true (vt_clerk_set_pin (store, "8642", NULL));
    /* The pad is made in the language shown when clerk mode is asked for. */
    vt_clerk_mode_request (mode);
    pad = VT_CLERK_PIN_PAD (vt_clerk_mode_get_pin_pad (mode));
    vt_clerk_pin_pad_set_name (pad, "Ana");
    shot ("15-clerk-pin");
    for (const char *p = "8642"; *p != '\0'; p++)
      {
        char key[2] = { *p, '\0' };
        vt_clerk_pin_pad_press (pad, key);
      }
    vt_clerk_pin_pad_press (pad, "ok");
    vt_test_wait_until (clerk_mode_active, mode, 10000, "clerk mode");
    vt_test_wait_until (dashboard_idle, vt_clerk_mode_get_dashboard (mode), 10000, "the dashboard's rows");
    shot ("16-clerk-dashboard");
    vt_clerk_mode_end (mode, "screenshots");
  }

  /* A form with its own pictures on the choices and recordings
   * (tests/fixtures/forms/pictures.xml, Spanish only: other languages
   * show the notice that says so). */
  vt_window_reset (window);
  set_display ();
  start_service (language->native_name, "pictures");
  shot ("18-question-pictures");

  /* A full disk: the services page says so before anything is typed. */
  {
    vt_test_set_store_full (app, TRUE);
    vt_window_reset (window);
    vt_test_wait_screen (window, VT_SCREEN_WELCOME);
    press (vt_test_find_button (vt_window_get_page (window), language->native_name));
    vt_test_click (vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), "street_problem"));
    vt_test_wait_until (problem_shown, vt_window_get_page (window), 10000, "the services page to say why");
    shot ("17-services-full-disk");
  }

  vt_test_app_close (app);
  vt_test_rmdir_recursive (data_dir);
  return 0;
}
