#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "vt-paths.h"
#include "vt-test-utils.h"

/* A copy of this program outside the build tree is asked, through this
 * variable, to print what it believes and exit: that is the installed case. */
#define PRINT_VAR "VT_TEST_PATHS_PRINT"

static void
test_env_override (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("forms");
  g_autofree char *found = NULL;

  g_setenv ("VENTANILLA_FORMS_DIR", dir, TRUE);
  found = vt_paths_get_forms_dir ();
  g_unsetenv ("VENTANILLA_FORMS_DIR");

  g_assert_cmpstr (found, ==, dir);
  vt_test_rmdir_recursive (dir);
}

static void
test_uninstalled (void)
{
  g_autofree char *found = NULL;
  g_autofree char *expected = g_build_filename (vt_test_source_root (), "data", "forms", NULL);
  g_autofree char *canonical_found = NULL;
  g_autofree char *canonical_expected = NULL;

  g_unsetenv ("VENTANILLA_FORMS_DIR");
  g_assert_true (vt_paths_is_uninstalled ());

  found = vt_paths_get_forms_dir ();
  canonical_found = g_canonicalize_filename (found, NULL);
  canonical_expected = g_canonicalize_filename (expected, NULL);
  g_assert_cmpstr (canonical_found, ==, canonical_expected);
  g_assert_true (g_file_test (found, G_FILE_TEST_IS_DIR));
}

/* A newcomer's `_build/src/app/ventanilla --demo` speaks the build tree's
 * catalogues without being told where they are. */
static void
test_uninstalled_locale_dir (void)
{
  g_autofree char *found = NULL;
  g_autofree char *expected = g_build_filename (BUILD_ROOT, "po", NULL);
  g_autofree char *catalogue = NULL;

  g_unsetenv ("VENTANILLA_LOCALEDIR");
  found = vt_paths_get_locale_dir ();
  g_assert_cmpstr (found, ==, expected);
  catalogue = g_build_filename (found, "es", "LC_MESSAGES", GETTEXT_PACKAGE "-es.mo", NULL);
  g_assert_true (g_file_test (catalogue, G_FILE_TEST_IS_REGULAR));

  g_setenv ("VENTANILLA_LOCALEDIR", "/nowhere/locale", TRUE);
  g_free (found);
  found = vt_paths_get_locale_dir ();
  g_unsetenv ("VENTANILLA_LOCALEDIR");
  g_assert_cmpstr (found, ==, "/nowhere/locale");
}

static void
test_installed (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("installed");
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *copy = g_build_filename (dir, "test-paths", NULL);
  g_autofree char *expected = g_strdup_printf ("%s/forms\n%s", PKGDATADIR, LOCALEDIR);
  g_autofree char *out = NULL;
  g_autoptr(GFile) src = NULL;
  g_autoptr(GFile) dst = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (self_exe);
  src = g_file_new_for_path (self_exe);
  dst = g_file_new_for_path (copy);
  g_file_copy (src, dst, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (copy, 0755), ==, 0);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, PRINT_VAR, "1", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "VENTANILLA_FORMS_DIR");
  g_subprocess_launcher_unsetenv (launcher, "VENTANILLA_LOCALEDIR");
  proc = g_subprocess_launcher_spawn (launcher, &error, copy, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));

  g_assert_cmpstr (g_strchomp (out), ==, expected);

  vt_test_rmdir_recursive (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv (PRINT_VAR) != NULL)
    {
      g_autofree char *forms = vt_paths_get_forms_dir ();
      g_autofree char *locale = vt_paths_get_locale_dir ();

      if (vt_paths_is_uninstalled ())
        return 1;
      g_print ("%s\n%s\n", forms, locale);
      return 0;
    }

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vt/paths/env-override", test_env_override);
  g_test_add_func ("/vt/paths/uninstalled", test_uninstalled);
  g_test_add_func ("/vt/paths/uninstalled-locale-dir", test_uninstalled_locale_dir);
  g_test_add_func ("/vt/paths/installed", test_installed);

  return g_test_run ();
}
