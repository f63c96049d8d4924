/* Where the translations are, installed or not, and gettext set up once. */
#define G_LOG_DOMAIN "vt-i18n"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "vt-i18n.h"

/* An uninstalled build (tests, the README's run command) points
 * VENTANILLA_LOCALEDIR at the build tree's compiled catalogues. */
const char *
vt_i18n_get_localedir (void)
{
  const char *dir = g_getenv ("VENTANILLA_LOCALEDIR");

  return dir != NULL && dir[0] != '\0' ? dir : LOCALEDIR;
}

void
vt_i18n_init (void)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, vt_i18n_get_localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
