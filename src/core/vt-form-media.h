#pragma once

#include <glib.h>

#include "vt-form.h"
#include "vt-store.h"

G_BEGIN_DECLS

/* A form's media (pictures and recordings its itext names) as files the
 * form reads (vt_form_load_data_with_media()).  A form from the server
 * keeps them in the store, downloaded and checked against the manifest;
 * a bundled form has them beside its file. */

/* Writes the stored media of form into <data_dir>/media/<form_id>/<version>/
 * (a file already there with the same bytes is left alone) and returns that
 * folder; NULL when the form has none, or with error when a file cannot be
 * written. */
char       *vt_form_media_write_files (const char         *data_dir,
                                       const VtStoreForm  *form,
                                       GError            **error);
/* The files beside a bundled form at path that it names as media, as
 * VtStoreMedia * to store with it (a missing one is left out). */
GPtrArray  *vt_form_media_read_beside (VtForm             *form);

G_END_DECLS
