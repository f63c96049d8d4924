#include "config.h"

#include <glib.h>
#include <string.h>

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

/* Whether a source file has a string for translators. */
static gboolean
has_translatable (const char *path)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    g_error ("Cannot read %s", path);
  if (g_str_has_suffix (path, ".ui"))
    return strstr (text, "translatable=\"yes\"") != NULL;
  return strstr (text, "_(\"") != NULL || strstr (text, "N_(") != NULL ||
         strstr (text, "C_(") != NULL;
}

static void
collect_unlisted (const char *root,
                  const char *dir,
                  GHashTable *listed,
                  GString    *unlisted)
{
  g_autofree char *path = g_build_filename (root, dir, NULL);
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *relative = g_build_filename (dir, name, NULL);
      g_autofree char *full = g_build_filename (root, relative, NULL);

      if (g_file_test (full, G_FILE_TEST_IS_DIR))
        collect_unlisted (root, relative, listed, unlisted);
      else if ((g_str_has_suffix (name, ".c") || g_str_has_suffix (name, ".ui")) &&
               !g_hash_table_contains (listed, relative) && has_translatable (full))
        g_string_append_printf (unlisted, " %s", relative);
    }
}

/* Every source file with a translatable string is in po/POTFILES.in: one
 * left out (a new file, or code moved into one) loses its strings from the
 * template the next time it is regenerated, and the test above, which
 * reads the same list, would not notice. */
static void
test_potfiles_complete (void)
{
  g_autofree char *root = g_strdup (vt_test_source_root ());
  g_autofree char *potfiles = g_build_filename (root, "po", "POTFILES.in", NULL);
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) unlisted = g_string_new (NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (potfiles, &text, NULL, NULL))
    g_error ("Cannot read %s", potfiles);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0' && lines[i][0] != '#')
      g_hash_table_add (listed, g_strdup (lines[i]));

  collect_unlisted (root, "src", listed, unlisted);
  collect_unlisted (root, "ui", listed, unlisted);
  if (unlisted->len > 0)
    g_error ("po/POTFILES.in lacks files with translatable strings:%s", unlisted->str);
}

/* The languages po/LINGUAS lists, which meson compiles and the kiosk
 * offers on its Welcome page. */
static GPtrArray *
read_linguas (void)
{
  g_autofree char *path = g_build_filename (vt_test_source_root (), "po", "LINGUAS", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *languages = g_ptr_array_new_with_free_func (g_free);

  if (!g_file_get_contents (path, &text, NULL, NULL))
    g_error ("Cannot read %s", path);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *language = g_strstrip (lines[i]);

      if (language[0] != '\0' && language[0] != '#')
        g_ptr_array_add (languages, g_strdup (language));
    }
  return languages;
}

/* The catalogues in po/, by language ("qu" for po/qu.po). */
static GPtrArray *
read_catalogues (void)
{
  g_autofree char *dir = g_build_filename (vt_test_source_root (), "po", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *languages = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".po"))
      g_ptr_array_add (languages, g_strndup (name, strlen (name) - 3));
  return languages;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
contains (GPtrArray  *languages,
          const char *language)
{
  return g_ptr_array_find_with_equal_func (languages, language, g_str_equal, NULL);
}

/* A catalogue in po/ that LINGUAS does not list is never compiled, so the
 * Welcome page never offers its language (src/app/vt-welcome-page.c); one
 * LINGUAS lists without its file breaks the build.  Either way, say which. */
static void
test_linguas_match_catalogues (void)
{
  g_autoptr(GPtrArray) linguas = read_linguas ();
  g_autoptr(GPtrArray) catalogues = read_catalogues ();

  for (guint i = 0; i < catalogues->len; i++)
    if (!contains (linguas, g_ptr_array_index (catalogues, i)))
      g_error ("po/%s.po is not listed in po/LINGUAS: add “%s” there so it is built and offered",
               (char *) g_ptr_array_index (catalogues, i), (char *) g_ptr_array_index (catalogues, i));
  for (guint i = 0; i < linguas->len; i++)
    if (!contains (catalogues, g_ptr_array_index (linguas, i)))
      g_error ("po/LINGUAS lists “%s” but there is no po/%s.po",
               (char *) g_ptr_array_index (linguas, i), (char *) g_ptr_array_index (linguas, i));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) languages = NULL;
  g_autoptr(GPtrArray) catalogues = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vt/po/pot-current", test_pot_current);
  g_test_add_func ("/vt/po/potfiles-complete", test_potfiles_complete);
  g_test_add_func ("/vt/po/linguas", test_linguas_match_catalogues);

  /* Every catalogue LINGUAS lists, and any other po/<lang>.po (a new language
   * before its LINGUAS line): each is complete. */
  languages = read_linguas ();
  catalogues = read_catalogues ();
  g_ptr_array_sort (catalogues, compare_names);
  for (guint i = 0; i < catalogues->len; i++)
    if (!contains (languages, g_ptr_array_index (catalogues, i)))
      g_ptr_array_add (languages, g_strdup (g_ptr_array_index (catalogues, i)));
  for (guint i = 0; i < languages->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/vt/po/%s", (char *) g_ptr_array_index (languages, i));

      g_test_add_data_func (path, g_ptr_array_index (languages, i), test_po_complete);
    }

  status = g_test_run ();
  return status;
}
