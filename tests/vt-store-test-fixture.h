#pragma once

/* What the store's tests share: a fresh store per test (Fixture), and
 * ways to look at its rows behind the API's back. */

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vt-store-private.h"
#include "vt-store-test-data.h"
#include "vt-test-utils.h"

#define SECOND ((gint64) G_USEC_PER_SEC)

typedef struct
{
  char    *dir;
  VtStore *store;
} Fixture;

static inline void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = vt_test_make_tmpdir ("store");
  fixture->store = vt_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static inline void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->store, vt_store_close);
  vt_test_rmdir_recursive (fixture->dir);
  g_free (fixture->dir);
}

static inline char *
enqueue (VtStore    *store,
         const char *instance_id)
{
  g_autoptr(VtTestSubmission) submission = vt_test_submission_new (instance_id, 4096, 2);
  VtStoreEnqueueOptions options = { .service_title = "Permiso de venta", .language = "es" };
  g_autoptr(GError) error = NULL;
  char *code = vt_store_enqueue (store, submission, &options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (code);
  return code;
}

static inline gint64
sql_int (VtStore    *store,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (vt_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static inline char *
sql_text (VtStore    *store,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (vt_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static inline VtStoreState
state_of (VtStore    *store,
          const char *instance_id)
{
  g_autoptr(VtStoreItem) item = vt_store_get_item (store, instance_id, NULL);

  g_assert_nonnull (item);
  return item->state;
}

static inline guint
count_events (VtStore    *store,
              const char *instance_id,
              const char *what)
{
  g_autoptr(GPtrArray) events = vt_store_list_events (store, instance_id, 0, NULL);
  guint n = 0;

  g_assert_nonnull (events);
  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (((VtStoreEvent *) g_ptr_array_index (events, i))->what, what))
      n++;
  return n;
}

/* The counts the store keeps agree with the rows themselves. */
static inline void
assert_counts_match_rows (VtStore *store)
{
  g_autoptr(GError) error = NULL;
  VtStoreCounts counts;

  g_assert_true (vt_store_get_counts (store, &counts, &error));
  g_assert_no_error (error);
  for (int state = 0; state < VT_STORE_N_STATES; state++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM submissions WHERE state = '%s'",
                                              vt_store_state_to_string (state));

      g_assert_cmpint (counts.n[state], ==, sql_int (store, sql));
    }
}

/* ---- schema versions ------------------------------------------------------------ */

static inline void
exec_ok (VtStore    *store,
         const char *sql)
{
  vt_test_exec (vt_store_get_db (store), sql);
}
