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

/* The template knows every translatable string of the sources: one added
 * without `ninja ventanilla-pot ventanilla-update-po` would reach citizens
 * in English, with the catalogues above still "complete". */
static void
test_pot_current (void)
{
  g_autofree char *root = g_strdup (vt_test_source_root ());
  g_autofree char *potfiles = g_build_filename (root, "po", "POTFILES.in", NULL);
  g_autofree char *pot = g_build_filename (root, "po", "ventanilla.pot", NULL);
  g_autofree char *dir = vt_test_make_tmpdir ("po-current");
  g_autofree char *fresh = g_build_filename (dir, "fresh.pot", NULL);
  g_autofree char *output = g_strconcat ("--output=", fresh, NULL);
  g_autofree char *files_from = g_strconcat ("--files-from=", potfiles, NULL);
  g_autofree char *directory = g_strconcat ("--directory=", root, NULL);
  /* The keywords of meson's "glib" preset (po/meson.build). */
  const char *xgettext[] = {
    "xgettext", "--from-code=UTF-8", "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2",
    "--keyword=NC_:1c,2", "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3",
    "--keyword=g_dpgettext2:2c,3", files_from, directory, output, NULL,
  };
  const char *msgcmp[] = { "msgcmp", "--use-untranslated", "--no-fuzzy-matching", pot, fresh, NULL };
  g_autofree char *err = NULL;
  g_autofree char *missing = NULL;
  int status;

  err = run (xgettext, &status);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("xgettext failed: %s", err);
  missing = run (msgcmp, &status);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("po/ventanilla.pot lacks strings of the sources (run ninja ventanilla-pot "
             "ventanilla-update-po and translate): %s", missing);
  vt_test_rmdir_recursive (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *linguas_path = NULL;
  g_autofree char *linguas = NULL;
  g_auto(GStrv) lines = NULL;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vt/po/pot-current", test_pot_current);

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
