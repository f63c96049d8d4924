#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where the files that ship with Ventanilla are found, installed or not. */

gboolean    vt_paths_is_uninstalled  (void);
char       *vt_paths_get_forms_dir   (void);
char       *vt_paths_get_demo_map    (void);
char       *vt_paths_get_locale_dir  (void);
/* The ventanilla-print helper, from the build tree or installed. */
char       *vt_paths_get_print_helper (void);

G_END_DECLS
