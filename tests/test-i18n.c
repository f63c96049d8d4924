#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "vt-application.h"
#include "vt-i18n.h"
#include "vt-language.h"
#include "vt-question-page.h"
#include "vt-question-view.h"
#include "vt-services-page.h"
#include "vt-test-app.h"
#include "vt-test-utils.h"
#include "vt-window.h"

/* The kiosk's words follow the language the citizen picks, at run time,
 * and a change of language (or text size) never loses an answer. */

static VtApplication *app;
static char *data_dir;

/* A kiosk unit sets no LANG (main() removed it): the Welcome page is in
 * the configuration's first language all the same, and the top bar's
 * words with it. */
static void
test_i18n_welcome_without_lang (void)
{
  VtWindow *window;

  g_assert_null (g_getenv ("LANG"));
  g_assert_null (g_getenv ("LC_ALL"));
  window = vt_test_app_open_window (app);
  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  g_assert_cmpstr (vt_language_get_current (), ==, "es");
  g_assert_true (vt_test_has_label (vt_window_get_page (window), "Elija su idioma para empezar"));
  g_assert_true (vt_test_has_label (GTK_WIDGET (window), "Ventanilla · Servicios públicos"));

  vt_test_close_kiosk (window);
}

static void
test_i18n_switch_keeps_answers (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  GtkWidget *service;
  GtkWidget *view;
  GtkWidget *entry;
  const char *name_path = "/data/applicant_name";

  vt_test_wait_catalogue (app);

  /* French words, French form text. */
  vt_test_click (vt_test_find_button (vt_window_get_page (window), "Français"));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  g_assert_true (vt_test_has_label (vt_window_get_page (window), "Choisissez un service"));
  g_assert_nonnull (vt_test_find_button_or_null (vt_window_get_page (window), "Retour"));

  service = vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), "household_benefit");
  vt_test_click (service);
  vt_test_wait_screen (window, VT_SCREEN_QUESTION);
  /* The first page is a note; move on to the name. */
  vt_test_click (vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
  vt_test_wait_screen (window, VT_SCREEN_QUESTION);
  view = vt_question_page_get_view (VT_QUESTION_PAGE (vt_window_get_page (window)), name_path);
  g_assert_nonnull (view);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (vt_question_view_get_label (VT_QUESTION_VIEW (view)))),
                   ==, "Votre nom complet");
  entry = vt_question_view_get_control (VT_QUESTION_VIEW (view));
  gtk_editable_set_text (GTK_EDITABLE (entry), "Jean-Baptiste Louis");

  /* Switch to Spanish mid-question: labels change, the answer stays. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.language", "s", "es");
  g_assert_cmpstr (vt_language_get_current (), ==, "es");
  vt_test_wait_screen (window, VT_SCREEN_QUESTION);
  view = vt_question_page_get_view (VT_QUESTION_PAGE (vt_window_get_page (window)), name_path);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (vt_question_view_get_label (VT_QUESTION_VIEW (view)))),
                   ==, "Su nombre completo");
  entry = vt_question_view_get_control (VT_QUESTION_VIEW (view));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "Jean-Baptiste Louis");
  g_assert_nonnull (vt_test_find_button_or_null (vt_window_get_page (window), "Continuar"));
  {
    g_autofree char *answer = vt_window_dup_answer (window, name_path);

    g_assert_cmpstr (answer, ==, "Jean-Baptiste Louis");
  }

  /* Larger text keeps it too. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
  view = vt_question_page_get_view (VT_QUESTION_PAGE (vt_window_get_page (window)), name_path);
  entry = vt_question_view_get_control (VT_QUESTION_VIEW (view));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "Jean-Baptiste Louis");

  /* Typed text the form refuses is kept across a switch as well. */
  vt_test_click (vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
  vt_test_wait_screen (window, VT_SCREEN_QUESTION);
  vt_test_click (vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
  vt_test_wait_screen (window, VT_SCREEN_QUESTION);

  vt_test_close_kiosk (window);
}

/* The error texts of the page shown, summary and fields, in order. */
static char *
page_errors (VtWindow *window)
{
  GtkWidget *summary = vt_question_page_get_error_summary (VT_QUESTION_PAGE (vt_window_get_page (window)));
  g_autoptr(GPtrArray) links = g_ptr_array_new ();
  GString *text = g_string_new (NULL);

  g_assert_true (gtk_widget_get_visible (summary));
  vt_test_collect_type (summary, GTK_TYPE_BUTTON, links);
  for (guint i = 0; i < links->len; i++)
    {
      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (g_ptr_array_index (links, i)));

      g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (child)));
    }
  return g_string_free (text, FALSE);
}

/* Answers the page shown from the service's sample answers and goes on,
 * until the page asking path is on screen. */
static void
advance_to (VtWindow   *window,
            GHashTable *answers,
            const char *path)
{
  for (guint steps = 0; ; steps++)
    {
      VtQuestionPage *page = VT_QUESTION_PAGE (vt_window_get_page (window));
      g_autoptr(GPtrArray) views = g_ptr_array_new ();

      g_assert_cmpuint (steps, <, 20);
      if (vt_question_page_get_view (page, path) != NULL)
        return;
      vt_test_collect_views (GTK_WIDGET (page), views);
      for (guint i = 0; i < views->len; i++)
        {
          const char *value = g_hash_table_lookup (answers, vt_question_view_get_path (g_ptr_array_index (views, i)));

          if (value != NULL)
            vt_test_answer_view (g_ptr_array_index (views, i), value);
        }
      vt_test_press (window, vt_question_page_get_next_button (page));
    }
}

/* After a change of language mid-form, the errors on screen are in the new
 * language: the form's own message (its itext) and the session's for an
 * answer it refuses, which the page shows as the session wrote it. */
static void
test_i18n_errors_follow_language (void)
{
  g_autoptr(GHashTable) answers = vt_test_load_answers ("household_benefit");
  VtWindow *window = vt_test_app_open_window (app);
  g_autofree char *errors = NULL;
  GtkWidget *view;

  vt_test_wait_catalogue (app);
  vt_test_click (vt_test_find_button (vt_window_get_page (window), "Français"));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  vt_test_press (window, vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)),
                                                      "household_benefit"));
  vt_test_press (window, vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));

  /* Nothing typed: the form's requiredMsg, in French, then in Spanish. */
  g_assert_nonnull (vt_question_page_get_view (VT_QUESTION_PAGE (vt_window_get_page (window)), "/data/applicant_name"));
  vt_test_press (window, vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
  errors = page_errors (window);
  /* The summary names the question, in the page's language too. */
  g_assert_cmpstr (errors, ==, "Votre nom complet — Écrivez le nom pour continuer.\n");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.language", "s", "es");
  vt_test_wait_screen (window, VT_SCREEN_QUESTION);
  g_free (errors);
  errors = page_errors (window);
  g_assert_cmpstr (errors, ==, "Su nombre completo — Escriba el nombre para continuar.\n");
  view = vt_question_page_get_view (VT_QUESTION_PAGE (vt_window_get_page (window)), "/data/applicant_name");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (vt_question_view_get_error (VT_QUESTION_VIEW (view)))),
                            "Escriba el nombre para continuar."));

  /* Text the session refuses for a whole number: its own words, which
   * follow the language too. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.language", "s", "fr");
  advance_to (window, answers, "/data/people");
  view = vt_question_page_get_view (VT_QUESTION_PAGE (vt_window_get_page (window)), "/data/people");
  gtk_editable_set_text (GTK_EDITABLE (vt_question_view_get_control (VT_QUESTION_VIEW (view))), "3a");
  vt_test_press (window, vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
  g_free (errors);
  errors = page_errors (window);
  g_assert_cmpstr (errors, ==, "Combien de personnes vivent chez vous, vous compris ? — "
                               "« 3a » n'est pas un nombre entier ; écrivez seulement des chiffres, par exemple 42.\n");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.language", "s", "es");
  vt_test_wait_screen (window, VT_SCREEN_QUESTION);
  g_free (errors);
  errors = page_errors (window);
  g_assert_cmpstr (errors, ==, "¿Cuántas personas viven en su casa, contándose usted? — "
                               "«3a» no es un número entero; escriba solo cifras, por ejemplo 42.\n");
  /* What was typed is still there to correct. */
  view = vt_question_page_get_view (VT_QUESTION_PAGE (vt_window_get_page (window)), "/data/people");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (vt_question_view_get_control (VT_QUESTION_VIEW (view)))),
                   ==, "3a");

  vt_test_close_kiosk (window);
}

/* The Welcome page names each language in itself, and offers it only once
 * its catalogue is built (po/LINGUAS): Quechua as "Runasimi", Guaraní as
 * "Avañe'ẽ" as soon as po/gn.po is listed.  A citizen who picks Runasimi
 * gets the kiosk's words and the demo service's questions in Quechua. */
static void
test_i18n_quechua (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  GtkWidget *welcome, *view;
  guint n_languages;
  const VtLanguage *languages = vt_language_get_all (&n_languages);

  vt_test_wait_catalogue (app);
  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  welcome = vt_window_get_page (window);
  for (guint i = 0; i < n_languages; i++)
    {
      gboolean offered = vt_test_find_button_or_null (welcome, languages[i].native_name) != NULL;
      gboolean built = g_str_equal (languages[i].code, "en") || vt_i18n_has_catalogue (languages[i].code);

      g_test_message ("%s (%s): catalogue %d, offered %d", languages[i].native_name,
                      languages[i].code, built, offered);
      g_assert_cmpint (offered, ==, built);
    }
  g_assert_true (vt_i18n_has_catalogue ("qu"));

  vt_test_click (vt_test_find_button (welcome, "Runasimi"));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  g_assert_cmpstr (vt_language_get_current (), ==, "qu");
  g_assert_true (vt_test_has_label (vt_window_get_page (window), "Huk serviciota akllay"));
  g_assert_true (vt_test_has_label (GTK_WIDGET (window), "Ventanilla · Llaqta serviciokuna"));
  g_assert_nonnull (vt_test_find_button_or_null (vt_window_get_page (window), "Kutiy"));

  vt_test_click (vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), "household_benefit"));
  vt_test_wait_screen (window, VT_SCREEN_QUESTION);
  /* Quechua is the form's own: no notice that it falls back. */
  g_assert_false (gtk_widget_get_visible (vt_question_page_get_notice (VT_QUESTION_PAGE (vt_window_get_page (window)))));
  vt_test_click (vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
  vt_test_wait_screen (window, VT_SCREEN_QUESTION);
  view = vt_question_page_get_view (VT_QUESTION_PAGE (vt_window_get_page (window)), "/data/applicant_name");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (vt_question_view_get_label (VT_QUESTION_VIEW (view)))),
                   ==, "Hunt'asqa sutiyki");
  g_assert_nonnull (vt_test_find_button_or_null (vt_window_get_page (window), "Qatiy"));
  /* Nothing typed: the question and the form's own message in Quechua. */
  vt_test_press (window, vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
  {
    g_autofree char *errors = page_errors (window);

    g_assert_cmpstr (errors, ==, "Hunt'asqa sutiyki — Qatinaykipaq sutita qillqay.\n");
  }

  vt_test_close_kiosk (window);
  vt_language_apply ("es");
}

static void
test_i18n_dates_and_numbers (void)
{
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 28, 15, 40, 0);
  g_autofree char *es = NULL;
  g_autofree char *en = NULL;
  g_autofree char *qu = NULL;

  vt_language_apply ("es");
  es = vt_language_format_datetime (when);
  g_assert_cmpstr (es, ==, "28/11/2026 a las 15:40");
  g_assert_cmpstr (vt_language_decimal_separator (), ==, ",");
  vt_language_apply ("en");
  en = vt_language_format_datetime (when);
  g_assert_cmpstr (en, ==, "28/11/2026 at 15:40");
  g_assert_cmpstr (vt_language_decimal_separator (), ==, ".");

  /* Quechua writes them the Spanish way (po/qu.po's header). */
  vt_language_apply ("qu");
  qu = vt_language_format_datetime (when);
  g_assert_cmpstr (qu, ==, "28/11/2026, 15:40 horas");
  g_assert_cmpstr (vt_language_decimal_separator (), ==, ",");
  vt_language_apply ("es");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* As the kiosk's systemd unit starts it: no locale in the environment. */
  g_unsetenv ("LANG");
  g_unsetenv ("LC_ALL");
  g_unsetenv ("LC_MESSAGES");
  g_unsetenv ("LANGUAGE");
  vt_test_gtk_init (&argc, &argv);

  data_dir = vt_test_make_tmpdir ("i18n");
  app = vt_test_app_new (NULL, data_dir, TRUE);

  g_test_add_func ("/vt/i18n/welcome-without-lang", test_i18n_welcome_without_lang);
  g_test_add_func ("/vt/i18n/switch-keeps-answers", test_i18n_switch_keeps_answers);
  g_test_add_func ("/vt/i18n/errors-follow-language", test_i18n_errors_follow_language);
  g_test_add_func ("/vt/i18n/dates-and-numbers", test_i18n_dates_and_numbers);
  g_test_add_func ("/vt/i18n/quechua", test_i18n_quechua);

  status = g_test_run ();
  vt_test_app_close (app);
  vt_test_rmdir_recursive (data_dir);
  g_free (data_dir);
  return status;
}
