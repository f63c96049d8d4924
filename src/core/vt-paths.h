#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where the files that ship with Ventanilla are found, installed or not. */

gboolean    vt_paths_is_uninstalled  (void);
char       *vt_paths_get_forms_dir   (void);
char       *vt_paths_get_locale_dir  (void);

G_END_DECLS
