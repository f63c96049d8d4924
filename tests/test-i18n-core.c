#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "vt-i18n.h"
#include "vt-test-utils.h"

/* Ventanilla's words in the language asked for, from the build tree's
 * catalogues, on a kiosk whose environment names no locale, and without a
 * language change touching the environment or the C library's locale. */

#define REQUIRED "This answer is required; please fill it in."

/* Set when this program is started again as a command-line program would
 * be: print one message in the user's language and exit. */
#define CTL_VAR "VT_TEST_I18N_CTL"

/* The kiosk unit sets no LANG: main() removed every locale variable before
 * vt_i18n_init_kiosk(), as on a PC without /etc/default/locale. */
static void
test_no_lang_environment (void)
{
  g_assert_null (g_getenv ("LANG"));
  g_assert_null (g_getenv ("LC_ALL"));
  /* gettext would ignore LANGUAGE in plain "C" and stay English. */
  g_assert_cmpstr (setlocale (LC_MESSAGES, NULL), !=, "C");

  vt_i18n_set_language ("fr");
  g_assert_cmpstr (_(REQUIRED), ==, "Cette réponse est obligatoire ; veuillez la remplir.");
}

static void
test_switch_languages (void)
{
  vt_i18n_set_language ("es");
  g_assert_cmpstr (_(REQUIRED), ==, "Esta respuesta es obligatoria; complétela.");
  g_assert_cmpstr (vt_i18n_get_domain (), ==, GETTEXT_PACKAGE "-es");
  vt_i18n_set_language ("pt_BR");
  g_assert_cmpstr (_(REQUIRED), ==, "Esta resposta é obrigatória; preencha-a.");
  vt_i18n_set_language ("ht");
  g_assert_cmpstr (_(REQUIRED), ==, "Repons sa a obligatwa; tanpri ranpli l.");
  /* English has no catalogue: the originals. */
  vt_i18n_set_language ("en");
  g_assert_cmpstr (_(REQUIRED), ==, REQUIRED);
  g_assert_cmpstr (ngettext ("%d day", "%d days", 2), ==, "%d days");

  g_assert_true (vt_i18n_has_catalogue ("es"));
  g_assert_true (vt_i18n_has_catalogue ("pt_BR"));
  g_assert_false (vt_i18n_has_catalogue ("en"));
  g_assert_false (vt_i18n_has_catalogue (NULL));
}

typedef struct
{
  GMutex  lock;
  GCond   cond;
  gint    stop;
  guint   translated;
} Reader;

/* Another thread translating all along, as the sync worker does. */
static gpointer
reader_thread (gpointer data)
{
  Reader *reader = data;

  while (!g_atomic_int_get (&reader->stop))
    {
      const char *text = _(REQUIRED);

      g_assert_true (text[0] != '\0');
      g_mutex_lock (&reader->lock);
      reader->translated++;
      g_cond_signal (&reader->cond);
      g_mutex_unlock (&reader->lock);
    }
  return NULL;
}

/* A change of language leaves the environment and the locale alone, even
 * while another thread translates. */
static void
test_switch_leaves_process_alone (void)
{
  g_autofree char *language = g_strdup (g_getenv ("LANGUAGE"));
  g_autofree char *locale = g_strdup (setlocale (LC_ALL, NULL));
  g_auto(GStrv) environment = g_get_environ ();
  g_auto(GStrv) after = NULL;
  Reader reader = { 0 };
  GThread *thread;

  g_mutex_init (&reader.lock);
  g_cond_init (&reader.cond);
  thread = g_thread_new ("reader", reader_thread, &reader);
  for (guint i = 0; i < 200; i++)
    {
      guint seen;

      vt_i18n_set_language (i % 2 == 0 ? "es" : "fr");
      g_assert_cmpstr (_(REQUIRED), ==, i % 2 == 0 ? "Esta respuesta es obligatoria; complétela."
                                                     : "Cette réponse est obligatoire ; veuillez la remplir.");
      /* Let the reader translate at least once per language. */
      g_mutex_lock (&reader.lock);
      seen = reader.translated;
      while (reader.translated == seen)
        g_cond_wait (&reader.cond, &reader.lock);
      g_mutex_unlock (&reader.lock);
    }
  g_atomic_int_set (&reader.stop, 1);
  g_thread_join (thread);
  g_mutex_clear (&reader.lock);
  g_cond_clear (&reader.cond);

  after = g_get_environ ();
  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, language);
  g_assert_cmpstr (setlocale (LC_ALL, NULL), ==, locale);
  g_assert_cmpuint (g_strv_length (after), ==, g_strv_length (environment));
  for (guint i = 0; environment[i] != NULL; i++)
    g_assert_cmpstr (after[i], ==, environment[i]);
}

/* The kiosk's own languages come first for GLib's and GTK's words;
 * Ventanilla's own are found whatever the order. */
static void
test_prefer_languages (void)
{
  const char * const kiosk[] = { "qu", "pt_BR", "en", "fr", NULL };
  g_auto(GStrv) order = NULL;
  g_auto(GStrv) catalogues = g_strsplit (VT_CATALOGUE_LANGUAGES, ":", -1);

  vt_i18n_prefer_languages (kiosk);
  order = g_strsplit (g_getenv ("LANGUAGE"), ":", -1);
  g_assert_cmpstr (order[0], ==, "pt_BR");
  g_assert_cmpstr (order[1], ==, "fr");
  g_assert_cmpuint (g_strv_length (order), ==, g_strv_length (catalogues));
  g_assert_true (g_strv_contains ((const char * const *) order, "es"));
  g_assert_true (g_strv_contains ((const char * const *) order, "ht"));

  vt_i18n_set_language ("es");
  g_assert_cmpstr (_(REQUIRED), ==, "Esta respuesta es obligatoria; complétela.");
}

/* ventanilla-ctl follows the user's locale instead. */
static void
test_command_line_follows_user (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_subprocess_launcher_setenv (launcher, CTL_VAR, "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "pt_BR:es", TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, self, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
  g_assert_cmpstr (out, ==, "Esta resposta é obrigatória; preencha-a.\n");
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv (CTL_VAR) != NULL)
    {
      vt_i18n_init ();
      g_print ("%s\n", _(REQUIRED));
      return 0;
    }

  /* Before anything else, while this is the only thread. */
  g_unsetenv ("LANG");
  g_unsetenv ("LC_ALL");
  g_unsetenv ("LC_MESSAGES");
  g_unsetenv ("LANGUAGE");
  vt_i18n_init_kiosk ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vt/i18n-core/no-lang-environment", test_no_lang_environment);
  g_test_add_func ("/vt/i18n-core/switch-languages", test_switch_languages);
  g_test_add_func ("/vt/i18n-core/switch-leaves-process-alone", test_switch_leaves_process_alone);
  g_test_add_func ("/vt/i18n-core/prefer-languages", test_prefer_languages);
  g_test_add_func ("/vt/i18n-core/command-line-follows-user", test_command_line_follows_user);

  return g_test_run ();
}
