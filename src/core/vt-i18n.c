/* Where the translations are, installed or not, and gettext set up once. */
#define G_LOG_DOMAIN "vt-i18n"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "vt-i18n.h"
#include "vt-paths.h"

/* The gettext side of Ventanilla's languages: one domain per catalogue,
 * bound once, chosen with textdomain().  gettext looks a domain up in the
 * directories of the languages LANGUAGE lists, so the kiosk lists every
 * catalogue there once at start-up; each domain's file exists in its own
 * language's directory only, so the list's order picks nothing of
 * Ventanilla's (GTK's own few words come in its first language). */

static char **catalogues;          /* VT_CATALOGUE_LANGUAGES, set once */

static char *
domain_for (const char *code)
{
  return g_strconcat (GETTEXT_PACKAGE, "-", code, NULL);
}

static void
bind_domain (const char *code,
             const char *dir)
{
  g_autofree char *domain = domain_for (code);

  bindtextdomain (domain, dir);
  bind_textdomain_codeset (domain, "UTF-8");
}

/* Binds every catalogue's domain to the build tree's or the installed
 * catalogues (vt_paths_get_locale_dir()); returns that directory. */
static char *
bind_catalogues (void)
{
  char *dir = vt_paths_get_locale_dir ();

  g_assert (catalogues == NULL);
  catalogues = g_strsplit (VT_CATALOGUE_LANGUAGES, ":", -1);
  for (guint i = 0; catalogues[i] != NULL; i++)
    bind_domain (catalogues[i], dir);
  g_debug ("catalogues %s in %s", VT_CATALOGUE_LANGUAGES, dir);
  return dir;
}

gboolean
vt_i18n_has_catalogue (const char *code)
{
  g_return_val_if_fail (catalogues != NULL, FALSE);

  return code != NULL && g_strv_contains ((const char * const *) catalogues, code);
}

void
vt_i18n_set_language (const char *code)
{
  g_autofree char *domain = NULL;

  g_return_if_fail (code != NULL);

  domain = domain_for (code);
  /* textdomain() copies the name and drops gettext's cache of looked-up
   * messages; it takes gettext's own lock, so another thread's _() sees
   * either language, never a torn one. */
  textdomain (domain);
}

const char *
vt_i18n_get_domain (void)
{
  return textdomain (NULL);
}

void
vt_i18n_prefer_languages (const char * const *codes)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autofree char *list = NULL;

  g_return_if_fail (catalogues != NULL);

  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    if (vt_i18n_has_catalogue (codes[i]))
      g_ptr_array_add (order, (gpointer) codes[i]);
  for (guint i = 0; catalogues[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (order, catalogues[i], g_str_equal, NULL))
      g_ptr_array_add (order, catalogues[i]);
  g_ptr_array_add (order, NULL);
  list = g_strjoinv (":", (char **) order->pdata);
  g_setenv ("LANGUAGE", list, TRUE);
}

void
vt_i18n_init (void)
{
  const char * const *names;

  setlocale (LC_ALL, "");
  g_free (bind_catalogues ());

  for (names = g_get_language_names (); *names != NULL; names++)
    if (vt_i18n_has_catalogue (*names))
      {
        vt_i18n_set_language (*names);
        return;
      }
  /* No catalogue: the English originals. */
  vt_i18n_set_language ("en");
}

void
vt_i18n_init_kiosk (void)
{
  const char *messages;
  g_autofree char *dir = NULL;

  /* gettext ignores LANGUAGE in the "C" locale; the UTF-8 C locale, which
   * every Debian system has, is all the kiosk needs from the C library. */
  setlocale (LC_ALL, "");
  messages = setlocale (LC_MESSAGES, NULL);
  if (messages == NULL || g_str_equal (messages, "C") || g_str_equal (messages, "POSIX"))
    {
      if (setlocale (LC_ALL, "C.UTF-8") == NULL)
        g_warning ("The C library has no C.UTF-8 locale: the kiosk's words stay in English");
    }

  /* The one change to the environment, before any thread runs. */
  g_setenv ("LANGUAGE", VT_CATALOGUE_LANGUAGES, TRUE);
  dir = bind_catalogues ();

  /* GLib decides once, at the first g_dgettext() of the process, whether
   * to translate at all, and it says no when the default domain has no
   * catalogue at that moment: make that first call with one that has. */
  for (guint i = 0; catalogues[i] != NULL; i++)
    {
      vt_i18n_set_language (catalogues[i]);
      if (gettext ("")[0] != '\0')
        {
          (void) g_dgettext (vt_i18n_get_domain (), "");
          /* English until the kiosk's configuration says otherwise, as
           * vt_language_get_current() reports before it does. */
          vt_i18n_set_language ("en");
          return;
        }
    }
  g_warning ("No compiled catalogue was found in %s: the kiosk's words stay in English", dir);
}
