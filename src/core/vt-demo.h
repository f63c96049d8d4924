#pragma once

#include <glib.h>

#include "vt-store.h"

G_BEGIN_DECLS

/* `ventanilla --demo`: the demo services that ship with Ventanilla
 * (vt_paths_get_forms_dir()) join the store when it does not have them. */

/* The office the demo services' applications go to when the
 * configuration names none ([kiosk] office-name): the town their forms
 * invent, so the consent page and the receipt say to whom. */
#define VT_DEMO_OFFICE_NAME "Municipalidad de Río Claro"

/* Adds each form of dir (its *.xml files) that the store lacks in that
 * version, active, with source "bundled"; returns how many it added, or -1
 * with error when dir cannot be read.  A file that is not a usable form is
 * left out with a line in the log, so one broken file never hides the
 * others. */
int           vt_demo_add_forms        (VtStore     *store,
                                        const char  *dir,
                                        GError     **error);

G_END_DECLS
