/* The store's promise under power cuts: a child process enqueues in a loop
 * and reports each instanceID after COMMIT; it is killed with SIGKILL at
 * random moments, at least 200 times.  After each kill every reported
 * instanceID is stored, whole, and the database passes integrity_check. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>

#include "vt-store-private.h"
#include "vt-test-utils.h"

#define ROUNDS 200

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
  GPtrArray        *lines;         /* instanceIDs reported this round */
  int               kill_after;    /* lines to read before the kill */
  gboolean          killed;
  gboolean          exited;
  gboolean          eof;
  GError           *error;
} Round;

static void read_next_line (Round *round);

static void
kill_child (Round *round)
{
  if (!round->killed)
    {
      round->killed = TRUE;
      g_subprocess_send_signal (round->process, SIGKILL);
    }
}

static void
line_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Round *round = data;
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);

  if (line == NULL)
    {
      if (error != NULL)
        round->error = g_steal_pointer (&error);
      round->eof = TRUE;
      return;
    }
  if (g_str_has_prefix (line, "error "))
    {
      round->error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "child: %s", line);
      g_free (line);
      kill_child (round);
      read_next_line (round);
      return;
    }

  g_ptr_array_add (round->lines, line);
  if ((int) round->lines->len >= round->kill_after)
    kill_child (round);
  /* Lines written before the kill landed are committed too: read them all. */
  read_next_line (round);
}

static void
read_next_line (Round *round)
{
  g_data_input_stream_read_line_async (round->out, G_PRIORITY_DEFAULT, NULL, line_cb, round);
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Round *round = data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  round->exited = TRUE;
}

static gboolean
round_done (gpointer data)
{
  Round *round = data;

  return round->exited && round->eof;
}

static gint64
sql_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
check_store (const char *dir,
             GPtrArray  *reported,
             gint64     *checked_up_to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = vt_store_open (dir, &error);
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  const unsigned char *integrity;

  g_assert_no_error (error);
  db = vt_store_get_db (store);

  /* Every reported instanceID is there, with its receipt, both attachments
   * and its event. */
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT s.service_title IS NOT NULL, "
                                       "  (SELECT count(*) FROM attachments a WHERE a.submission = s.id), "
                                       "  (SELECT count(*) FROM events e WHERE e.instance_id = s.instance_id "
                                       "     AND e.what = 'enqueued') "
                                       "FROM submissions s WHERE s.instance_id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < reported->len; i++)
    {
      const char *id = g_ptr_array_index (reported, i);

      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        g_error ("%s was reported committed but is missing", id);
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
      g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 2);
      g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 1);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);

  /* The receipt's code leads back to its application. */
  for (guint i = 0; i < reported->len; i++)
    {
      const char *id = g_ptr_array_index (reported, i);
      g_autoptr(VtReceipt) receipt = vt_store_get_receipt_for (store, id, &error);
      g_autoptr(VtReceipt) again = NULL;

      g_assert_no_error (error);
      again = vt_store_get_receipt (store, receipt->reference_code, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (again->instance_id, ==, id);
    }

  /* No partial submission anywhere, reported or not. */
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM submissions s WHERE "
                                "s.service_title IS NULL "
                                "OR (SELECT count(*) FROM attachments a WHERE a.submission = s.id) <> 2 "
                                "OR NOT EXISTS (SELECT 1 FROM events e WHERE e.instance_id = s.instance_id)"),
                   ==, 0);
  /* Whole to the last byte: every file as long as recorded, every XML
   * document closed. */
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM attachments WHERE length (bytes) <> size "
                                "OR size < 8 * 1024 OR length (sha256) <> 64"), ==, 0);
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM submissions s LEFT JOIN payloads p "
                                "ON p.submission = s.id WHERE p.xml IS NULL OR length (p.xml) < 4000 "
                                "OR substr (p.xml, -8) <> '</data>' || char (10)"), ==, 0);
  /* The bytes match their checksums, for every row added since last time. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT sha256, bytes, submission FROM attachments "
                                           "WHERE submission > ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, *checked_up_to);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, sqlite3_column_blob (stmt, 1),
                                                          sqlite3_column_bytes (stmt, 1));

      g_assert_cmpstr (sha, ==, (const char *) sqlite3_column_text (stmt, 0));
      *checked_up_to = MAX (*checked_up_to, sqlite3_column_int64 (stmt, 2));
    }
  sqlite3_finalize (stmt);

  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM events e WHERE NOT EXISTS "
                                "(SELECT 1 FROM submissions s WHERE s.instance_id = e.instance_id)"), ==, 0);
  {
    VtStoreCounts counts;

    g_assert_true (vt_store_get_counts (store, &counts, &error));
    for (int state = 0; state < VT_STORE_N_STATES; state++)
      {
        g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM submissions WHERE state = '%s'",
                                                vt_store_state_to_string (state));

        g_assert_cmpint (counts.n[state], ==, sql_int (db, sql));
      }
  }
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM submissions"), >=, reported->len);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  integrity = sqlite3_column_text (stmt, 0);
  g_assert_cmpstr ((const char *) integrity, ==, "ok");
  sqlite3_finalize (stmt);
}

/* A SIGKILL tests what a process death leaves behind, which the kernel's
 * page cache keeps whether or not it reached the platter; so the test runs
 * in memory when it can (/dev/shm), where 1,500 fsyncs cost nothing and the
 * test's time does not depend on how busy the disk is. */
static char *
make_crash_dir (const char *name)
{
  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && g_access ("/dev/shm", W_OK) == 0)
    {
      g_autofree char *template = g_strdup_printf ("/dev/shm/vt-%s-XXXXXX", name);

      if (g_mkdtemp (template) != NULL)
        return g_steal_pointer (&template);
    }
  return vt_test_make_tmpdir (name);
}

static void
test_sigkill (void)
{
  g_autofree char *dir = make_crash_dir ("store-crash");
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "vt-store-helper", NULL);
  g_autoptr(GPtrArray) reported = g_ptr_array_new_with_free_func (g_free);
  int kills_mid_run = 0;
  gint64 checked_up_to = 0;

  for (int r = 0; r < ROUNDS; r++)
    {
      g_autofree char *prefix = g_strdup_printf ("uuid:crash-%d", r);
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GDataInputStream) out = NULL;
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
      Round round = { 0 };

      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                  helper, "enqueue-loop", dir, prefix, NULL);
      g_assert_no_error (error);
      out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));

      round.process = process;
      round.out = out;
      round.lines = lines;
      /* 0: killed while opening (maybe migrating or recovering the WAL);
       * otherwise somewhere inside the next enqueue or between two. */
      round.kill_after = g_test_rand_int_range (0, 6);
      if (round.kill_after == 0)
        kill_child (&round);

      read_next_line (&round);
      g_subprocess_wait_async (process, NULL, wait_cb, &round);
      vt_test_wait_until (round_done, &round, 30000, "the enqueueing child to die");

      g_assert_no_error (round.error);
      g_assert_true (g_subprocess_get_if_signaled (process));
      g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
      if (lines->len > 0)
        kills_mid_run++;

      for (guint i = 0; i < lines->len; i++)
        g_ptr_array_add (reported, g_strdup (g_ptr_array_index (lines, i)));
      check_store (dir, reported, &checked_up_to);
    }

  g_test_message ("%d kills, %d after the child had committed something, %u instanceIDs reported",
                  ROUNDS, kills_mid_run, reported->len);
  g_assert_cmpint (kills_mid_run, >, ROUNDS / 2);
  vt_test_rmdir_recursive (dir);
}

/* Three processes enqueue while this one claims and marks: the kiosk, a
 * clerk's terminal and the sync worker at once.  Nobody sees BUSY or any
 * other error, and everything reported is stored whole. */
typedef struct
{
  VtStore *store;
  guint    sent;
  GError  *error;
} Drainer;

static gboolean
drain_cb (gpointer data)
{
  Drainer *drainer = data;
  g_autoptr(GPtrArray) items = NULL;

  if (drainer->error != NULL)
    return G_SOURCE_CONTINUE;
  items = vt_store_claim (drainer->store, 4, 60 * G_USEC_PER_SEC, g_get_real_time (), &drainer->error);
  for (guint i = 0; items != NULL && i < items->len && drainer->error == NULL; i++)
    {
      VtStoreItem *item = g_ptr_array_index (items, i);

      if (vt_store_mark_sent (drainer->store, item->instance_id, 201, NULL, g_get_real_time (), &drainer->error))
        drainer->sent++;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
rounds_done (gpointer data)
{
  Round *rounds = data;

  for (int i = 0; i < 3; i++)
    if (!round_done (&rounds[i]))
      return FALSE;
  return TRUE;
}

static void
test_concurrent_processes (void)
{
  g_autofree char *dir = make_crash_dir ("store-concurrent");
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "vt-store-helper", NULL);
  g_autoptr(GPtrArray) reported = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  Drainer drainer = { 0 };
  Round rounds[3] = { { 0 } };
  gint64 checked_up_to = 0;
  guint idle;

  drainer.store = vt_store_open (dir, &error);
  g_assert_no_error (error);

  for (int i = 0; i < 3; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("uuid:proc%d", i);

      rounds[i].process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                            helper, "enqueue-loop", dir, prefix, NULL);
      g_assert_no_error (error);
      rounds[i].out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (rounds[i].process));
      rounds[i].lines = g_ptr_array_new_with_free_func (g_free);
      rounds[i].kill_after = 40;
      read_next_line (&rounds[i]);
      g_subprocess_wait_async (rounds[i].process, NULL, wait_cb, &rounds[i]);
    }

  idle = g_idle_add (drain_cb, &drainer);
  vt_test_wait_until (rounds_done, rounds, 60000, "three enqueueing processes");
  g_source_remove (idle);

  g_assert_no_error (drainer.error);
  for (int i = 0; i < 3; i++)
    {
      g_assert_no_error (rounds[i].error);
      g_assert_cmpuint (rounds[i].lines->len, >=, 40);
      for (guint j = 0; j < rounds[i].lines->len; j++)
        g_ptr_array_add (reported, g_strdup (g_ptr_array_index (rounds[i].lines, j)));
      g_clear_pointer (&rounds[i].lines, g_ptr_array_unref);
      g_clear_object (&rounds[i].out);
      g_clear_object (&rounds[i].process);
    }
  g_test_message ("%u enqueued by 3 processes, %u sent meanwhile", reported->len, drainer.sent);
  g_assert_cmpuint (drainer.sent, >, 0);

  g_clear_pointer (&drainer.store, vt_store_close);
  check_store (dir, reported, &checked_up_to);
  vt_test_rmdir_recursive (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vt/store-crash/sigkill", test_sigkill);
  g_test_add_func ("/vt/store-crash/concurrent-processes", test_concurrent_processes);
  return g_test_run ();
}
