#include "config.h"

#include <glib.h>

#include "vt-test-utils.h"

/* Every shipped catalogue is complete: no untranslated or fuzzy string, no
 * broken format directive, and every message of po/ventanilla.pot present.
 * A citizen must never meet an English sentence in the middle of Spanish. */

static char *
run (const char * const *argv,
     int                *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  char *err = NULL;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, status, &error))
    g_error ("Cannot run %s: %s", argv[0], error->message);
  return err;
}

static void
test_po_complete (gconstpointer data)
{
  const char *language = data;
  g_autofree char *po = g_strdup_printf ("%s/po/%s.po", vt_test_source_root (), language);
  g_autofree char *pot = g_strdup_printf ("%s/po/ventanilla.pot", vt_test_source_root ());
  const char *msgfmt[] = { "msgfmt", "--check", "--statistics", "-o", "/dev/null", po, NULL };
  const char *msgcmp[] = { "msgcmp", po, pot, NULL };
  g_autofree char *stats = NULL;
  g_autofree char *missing = NULL;
  int status;

  stats = run (msgfmt, &status);
  g_test_message ("%s: %s", language, stats);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s does not compile: %s", po, stats);
  if (strstr (stats, "untranslated") != NULL || strstr (stats, "fuzzy") != NULL)
    g_error ("%s is not complete: %s", po, stats);

  missing = run (msgcmp, &status);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s lacks messages of ventanilla.pot (run ninja ventanilla-update-po and translate): %s",
             po, missing);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *linguas_path = NULL;
  g_autofree char *linguas = NULL;
  g_auto(GStrv) lines = NULL;

  g_test_init (&argc, &argv, NULL);

  linguas_path = g_build_filename (vt_test_source_root (), "po", "LINGUAS", NULL);
  if (!g_file_get_contents (linguas_path, &linguas, NULL, NULL))
    g_error ("Cannot read %s", linguas_path);
  lines = g_strsplit (linguas, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *path = NULL;
      char *language = g_strstrip (lines[i]);

      if (language[0] == '\0' || language[0] == '#')
        continue;
      path = g_strdup_printf ("/vt/po/%s", language);
      g_test_add_data_func (path, language, test_po_complete);
    }

  return g_test_run ();
}
