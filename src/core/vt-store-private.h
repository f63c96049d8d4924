#pragma once

#include <sqlite3.h>

#include "vt-store.h"

G_BEGIN_DECLS

/* For tests and benchmarks only: the rest of the product never sees SQL. */

#define VT_STORE_SCHEMA_VERSION 8
#define VT_STORE_FILE_NAME      "ventanilla.db"
/* The page size of a new database. */
#define VT_STORE_PAGE_SIZE      1024

sqlite3  *vt_store_get_db          (VtStore     *self);

/* Opens like vt_store_open() but migrates no further than max_version, so a
 * test can build a database as an earlier release left it. */
VtStore  *vt_store_open_at_version (const char  *data_dir,
                                    int          max_version,
                                    GError     **error);

/* The code the row `row` (a rowid) answers to unless it has one of its own. */
char     *vt_store_code_for_row    (VtStore     *self,
                                    gint64       row);

/* Shortens the busy timeout (per try) so a test can see BUSY quickly. */
void      vt_store_set_busy_timeout (VtStore    *self,
                                     int         ms);

G_END_DECLS
