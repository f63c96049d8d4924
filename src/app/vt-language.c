/* The kiosk's languages (each named in itself), the one switch between
 * them at run time, and dates and numbers written the language's way. */
#define G_LOG_DOMAIN "vt-language"

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "vt-form.h"
#include "vt-i18n.h"
#include "vt-language.h"

static const VtLanguage languages[] = {
  { "es",    "Español",        "es" },
  { "pt_BR", "Português",      "pt-BR" },
  { "en",    "English",        "en" },
  { "fr",    "Français",       "fr" },
  { "ht",    "Kreyòl ayisyen", "ht" },
  { "qu",    "Runasimi",       "qu" },
  { "gn",    "Avañe'ẽ",        "gn" },
};

static char *current_code;

const VtLanguage *
vt_language_get_all (guint *n_languages)
{
  if (n_languages != NULL)
    *n_languages = G_N_ELEMENTS (languages);
  return languages;
}

const VtLanguage *
vt_language_lookup (const char *code)
{
  if (code == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_str_equal (languages[i].code, code) || g_str_equal (languages[i].bcp47, code))
      return &languages[i];

  /* "pt" or "pt_PT" still finds Português; "es_MX" finds Español. */
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (strncmp (languages[i].code, code, 2) == 0)
      return &languages[i];

  return NULL;
}

/* Sets up the process's translations: call first thing in main(), before
 * option parsing, gtk_init() or any thread.  GTK would otherwise set the C
 * library locale from the environment again in gtk_init(), and a kiosk
 * without LANG would lose the UTF-8 C locale vt_i18n_init_kiosk() picks. */
void
vt_language_init (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      gtk_disable_setlocale ();
      vt_i18n_init_kiosk ();
      g_once_init_leave (&once, 1);
    }
}

const char *
vt_language_get_current (void)
{
  return current_code != NULL ? current_code : "en";
}

const char *
vt_language_get_default (const char * const *codes)
{
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      const VtLanguage *language = vt_language_lookup (codes[i]);

      if (language != NULL)
        return language->code;
    }
  return "en";
}

/* The kiosk's words in another language from now on.  Main thread only;
 * what is on screen is rebuilt by the caller. */
void
vt_language_apply (const char *code)
{
  const VtLanguage *language = vt_language_lookup (code);

  g_return_if_fail (language != NULL);

  g_free (current_code);
  current_code = g_strdup (language->code);
  vt_i18n_set_language (language->code);
  g_debug ("UI language is now %s", language->code);
}

char *
vt_language_format_date (GDateTime *datetime)
{
  /* Translators: how a date is written in your language, as for
   * g_date_time_format (): %d day, %m month, %Y year.  For example
   * "%d/%m/%Y" gives 28/11/2026. */
  return g_date_time_format (datetime, _("%d/%m/%Y"));
}

char *
vt_language_format_datetime (GDateTime *datetime)
{
  /* Translators: a date and a time of day, as for g_date_time_format ():
   * %d day, %m month, %Y year, %H hour (24 h), %M minutes. */
  return g_date_time_format (datetime, _("%d/%m/%Y at %H:%M"));
}

const char *
vt_language_decimal_separator (void)
{
  /* Translators: the decimal separator in your language: "," or ".".
   * The on-screen keypad shows it and numbers are typed with it. */
  return C_("decimal separator", ".");
}

/* A form's language as a citizen knows it: "Español (es)" → "Español", and
 * a bare code the kiosk knows ("es") → its name in itself. */
char *
vt_language_dup_form_language_name (const char *form_language)
{
  const char *open;
  const VtLanguage *known;

  g_return_val_if_fail (form_language != NULL, NULL);

  open = strrchr (form_language, '(');
  if (open != NULL && open > form_language)
    return g_strstrip (g_strndup (form_language, open - form_language));
  known = vt_language_lookup (form_language);
  return g_strdup (known != NULL ? known->native_name : form_language);
}

/* Where a form lacks the kiosk's language (code) it is shown in its own
 * default one; this says so, in the kiosk's words.  NULL when the form
 * speaks it, or has no translations to tell. */
char *
vt_language_dup_fallback_notice (VtForm     *form,
                                 const char *code)
{
  const char *shown;
  g_autofree char *name = NULL;

  g_return_val_if_fail (form != NULL, NULL);

  if (vt_form_get_languages (form)[0] == NULL ||
      vt_form_find_language (form, code) != NULL)
    return NULL;
  shown = vt_form_match_language (form, code);
  if (shown == NULL)
    return NULL;
  name = vt_language_dup_form_language_name (shown);
  /* Translators: on a service whose form has no text in your language;
   * %s is the language it is shown in, named in itself ("Español"). */
  return g_strdup_printf (_("This service is only available in %s, so its questions are shown in that language."), name);
}
