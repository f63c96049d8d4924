/* Where the files that ship with Ventanilla are found, installed or not. */
#define G_LOG_DOMAIN "vt-paths"

#include "config.h"

#include "vt-paths.h"

/* TRUE when the running program is the one meson built in its build tree
 * (tests, packaging/run-kiosk.sh), FALSE once it has been installed. */
gboolean
vt_paths_is_uninstalled (void)
{
  static gsize once = 0;
  static gboolean uninstalled = FALSE;

  if (g_once_init_enter (&once))
    {
      g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
      g_autofree char *root = g_canonicalize_filename (BUILD_ROOT, NULL);
      g_autofree char *prefix = g_strconcat (root, G_DIR_SEPARATOR_S, NULL);

      uninstalled = exe != NULL && g_str_has_prefix (exe, prefix);
      g_debug ("running %s (%s)", exe != NULL ? exe : "?",
               uninstalled ? "uninstalled" : "installed");
      g_once_init_leave (&once, 1);
    }

  return uninstalled;
}

/* The directory of the bundled demo service forms that --demo adds:
 * $VENTANILLA_FORMS_DIR, else data/forms of the source tree when running
 * from the build tree, else the installed PKGDATADIR/forms.  Free with g_free(). */
char *
vt_paths_get_forms_dir (void)
{
  const char *env = g_getenv ("VENTANILLA_FORMS_DIR");

  if (env != NULL && env[0] != '\0')
    return g_canonicalize_filename (env, NULL);

  if (vt_paths_is_uninstalled ())
    return g_build_filename (SOURCE_DATADIR, "forms", NULL);

  return g_build_filename (PKGDATADIR, "forms", NULL);
}

/* The demo services' map, built from data/maps/demo-town.txt:
 * $VENTANILLA_DEMO_MAP, else the build tree's data/demo-town.mbtiles when
 * running from the build tree, else PKGDATADIR/maps.  Free with g_free(). */
char *
vt_paths_get_demo_map (void)
{
  const char *env = g_getenv ("VENTANILLA_DEMO_MAP");

  if (env != NULL && env[0] != '\0')
    return g_canonicalize_filename (env, NULL);
  if (vt_paths_is_uninstalled ())
    return g_build_filename (BUILD_ROOT, "data", "demo-town.mbtiles", NULL);
  return g_build_filename (PKGDATADIR, "maps", "demo-town.mbtiles", NULL);
}

/* Where the compiled translations are: $VENTANILLA_LOCALEDIR, else the
 * build tree's po/ (meson compiles the catalogues there) when running from
 * the build tree, else the installed LOCALEDIR.  A program run from the
 * build tree must never read an installed package's catalogues: they may be
 * older, or missing, and a test would then see another language than the
 * one it set.  Free with g_free(). */
char *
vt_paths_get_locale_dir (void)
{
  const char *env = g_getenv ("VENTANILLA_LOCALEDIR");

  if (env != NULL && env[0] != '\0')
    return g_canonicalize_filename (env, NULL);

  if (vt_paths_is_uninstalled ())
    return g_build_filename (BUILD_ROOT, "po", NULL);

  return g_strdup (LOCALEDIR);
}

/* ventanilla-print: $VENTANILLA_PRINT_HELPER, else the one built next to
 * the running program in the build tree, else the installed one in
 * LIBEXECDIR.  Free with g_free(). */
char *
vt_paths_get_print_helper (void)
{
  const char *env = g_getenv ("VENTANILLA_PRINT_HELPER");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  if (vt_paths_is_uninstalled ())
    return g_build_filename (BUILD_ROOT, "src", "print", "ventanilla-print", NULL);
  return g_build_filename (LIBEXECDIR, "ventanilla-print", NULL);
}
