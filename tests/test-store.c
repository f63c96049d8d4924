/* The store itself: opening (permissions, pragmas, a new data folder),
 * migrations, a newer or damaged database, a full or read-only disk, two
 * connections and a busy lock. */
#include "config.h"

#include "vt-store-test-fixture.h"

/* ---- open ----------------------------------------------------------------- */

static void
test_open (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *mode = sql_text (fixture->store, "PRAGMA journal_mode");
  GStatBuf buf;

  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (sql_int (fixture->store, "PRAGMA synchronous"), ==, 2);
  g_assert_cmpint (sql_int (fixture->store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (sql_int (fixture->store, "PRAGMA user_version"), ==, VT_STORE_SCHEMA_VERSION);
  g_assert_cmpint (vt_store_get_schema_version (fixture->store), ==, VT_STORE_SCHEMA_VERSION);
  g_assert_cmpint (sql_int (fixture->store, "PRAGMA page_size"), ==, VT_STORE_PAGE_SIZE);
  /* 2: incremental, so retention can give freed pages back (issue 26). */
  g_assert_cmpint (sql_int (fixture->store, "PRAGMA auto_vacuum"), ==, 2);
  g_assert_true (g_str_has_prefix (vt_store_get_path (fixture->store), fixture->dir));

  /* Citizens' data is readable by the kiosk user only. */
  g_assert_cmpint (g_stat (vt_store_get_path (fixture->store), &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0600);
  {
    g_autofree char *wal = g_strconcat (vt_store_get_path (fixture->store), "-wal", NULL);
    g_autofree char *shm = g_strconcat (vt_store_get_path (fixture->store), "-shm", NULL);

    g_assert_cmpint (g_stat (wal, &buf), ==, 0);
    g_assert_cmpint (buf.st_mode & 0777, ==, 0600);
    g_assert_cmpint (g_stat (shm, &buf), ==, 0);
    g_assert_cmpint (buf.st_mode & 0777, ==, 0600);
  }

  /* A second connection opens the same database without fuss. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VtStore) other = vt_store_open (fixture->dir, &error);

    g_assert_no_error (error);
    g_assert_true (vt_store_check_writable (other, &error));
    g_assert_no_error (error);
  }
}

static void
test_open_creates_dir (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("store");
  g_autofree char *nested = g_build_filename (dir, "a", "b", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = vt_store_open (nested, &error);

  g_assert_no_error (error);
  g_assert_true (g_file_test (vt_store_get_path (store), G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&store, vt_store_close);
  vt_test_rmdir_recursive (dir);
}

/* A database as each earlier release left it, with a queued, a sent and a
 * rejected submission (vt_test_fill_old_schema()), migrates with every row
 * and count intact. */
static void
test_migrations (void)
{
  for (int from = 1; from < VT_STORE_SCHEMA_VERSION; from++)
    {
      g_autofree char *dir = vt_test_make_tmpdir ("store-migrate");
      g_autoptr(GError) error = NULL;
      g_autoptr(VtStore) old = vt_store_open_at_version (dir, from, &error);
      g_autoptr(VtStore) store = NULL;
      g_autoptr(VtReceipt) receipt = NULL;
      g_autoptr(GPtrArray) claimed = NULL;
      g_autoptr(GPtrArray) list = NULL;
      g_autofree char *code = vt_receipt_code_new ();
      VtStoreCounts counts;

      g_assert_no_error (error);
      g_assert_cmpint (sql_int (old, "PRAGMA user_version"), ==, from);
      g_assert_cmpint (vt_store_get_schema_version (old), ==, from);

      vt_test_fill_old_schema (vt_store_get_db (old), from, code);
      g_clear_pointer (&old, vt_store_close);

      store = vt_store_open (dir, &error);
      g_assert_no_error (error);
      g_assert_cmpint (sql_int (store, "PRAGMA user_version"), ==, VT_STORE_SCHEMA_VERSION);

      g_assert_true (vt_store_get_counts (store, &counts, &error));
      g_assert_cmpuint (counts.n[VT_STORE_STATE_QUEUED], ==, 1);
      g_assert_cmpuint (counts.n[VT_STORE_STATE_SENT], ==, 2);
      g_assert_cmpuint (counts.n[VT_STORE_STATE_REJECTED], ==, 1);
      g_assert_cmpint (counts.oldest_queued, ==, 10);
      /* Schema 6 moved every XML to payloads and kept "purged" as it was. */
      g_assert_cmpint (sql_int (store, "SELECT count(*) FROM payloads WHERE xml = '<data/>'"), ==, 3);
      g_assert_cmpint (sql_int (store, "SELECT count(*) FROM submissions WHERE xml IS NOT NULL"), ==, 0);
      g_assert_cmpint (sql_int (store, "SELECT purged FROM submissions WHERE instance_id = 'uuid:m4'"), ==, 1);
      g_assert_cmpint (sql_int (store, "SELECT purged FROM submissions WHERE instance_id = 'uuid:m2'"), ==, 0);

      receipt = vt_store_get_receipt (store, code, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (receipt->instance_id, ==, "uuid:m1");
      g_assert_null (receipt->assisted_by);

      claimed = vt_store_claim (store, 10, SECOND, 1000, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (claimed->len, ==, 1);
      g_assert_cmpint (((VtStoreItem *) g_ptr_array_index (claimed, 0))->attempts, ==, 3);
      g_assert_cmpuint (((VtStoreItem *) g_ptr_array_index (claimed, 0))->attachments->len, ==, 1);
      g_assert_cmpstr (((VtStoreItem *) g_ptr_array_index (claimed, 0))->xml, ==, "<data/>");

      /* Retention purges the sent row that still has its XML, not the one
       * purged before the migration. */
      g_assert_cmpint (vt_store_purge_sent (store, 0, 1000, &error), ==, 1);
      g_assert_no_error (error);
      g_assert_cmpuint (count_events (store, "uuid:m2", "purged"), ==, 1);
      g_assert_cmpuint (count_events (store, "uuid:m4", "purged"), ==, 0);
      g_assert_cmpint (sql_int (store, "SELECT count(*) FROM payloads"), ==, 2);

      list = vt_store_list_submissions (store, VT_STORE_ALL_STATES, 0, &error);
      g_assert_cmpuint (list->len, ==, 4);
      g_assert_cmpuint (count_events (store, "uuid:m1", "enqueued"), ==, 1);

      /* And the new version works as new. */
      {
        g_autofree char *c = enqueue (store, "uuid:after");
        g_autoptr(VtStoreForm) form = vt_store_get_form (store, "permit", NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpstr (form->version, ==, "1");
      }
      assert_counts_match_rows (store);

      g_clear_pointer (&store, vt_store_close);
      vt_test_rmdir_recursive (dir);
    }
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
test_newer_schema (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("store-newer");
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = vt_store_open (dir, &error);
  g_autofree char *path = g_strdup (vt_store_get_path (store));
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *code = enqueue (store, "uuid:keep");
  GStatBuf buf;

  exec_ok (store, "PRAGMA user_version = 99");
  g_clear_pointer (&store, vt_store_close);
  before = file_checksum (path);

  store = vt_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, "newer version"));
  g_assert_nonnull (strstr (error->message, "99"));

  /* Untouched: same bytes, no journal left behind. */
  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_assert_true (g_stat (wal, &buf) != 0 || buf.st_size == 0);
  }
  vt_test_rmdir_recursive (dir);
}

static void
test_corrupt (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("store-corrupt");
  g_autofree char *path = g_build_filename (dir, VT_STORE_FILE_NAME, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = NULL;
  gint64 page_size;

  /* Not a database at all. */
  g_assert_true (g_file_set_contents (path, "this is a shopping list, not a database, but it is long "
                                            "enough to have a header that sqlite will look at and reject",
                                      -1, NULL));
  store = vt_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_assert_nonnull (strstr (error->message, "technical support"));
  g_clear_error (&error);
  g_unlink (path);

  /* A real database with a damaged page. */
  store = vt_store_open (dir, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 40; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:c%d", i);
      g_autofree char *code = enqueue (store, id);
    }
  exec_ok (store, "PRAGMA wal_checkpoint(TRUNCATE)");
  page_size = sql_int (store, "PRAGMA page_size");
  g_clear_pointer (&store, vt_store_close);
  {
    g_autofree char *contents = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
    g_assert_cmpuint (length, >, 8 * page_size);
    /* Scribble over the b-tree headers of a few pages in the middle. */
    for (gsize page = 2; page < length / page_size - 1; page += 3)
      memset (contents + page * page_size, 0x5a, 64);
    g_assert_true (g_file_set_contents (path, contents, length, NULL));
  }
  store = vt_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT);
  vt_test_rmdir_recursive (dir);
}

/* ---- failure: disk full, read-only ------------------------------------------------------ */

static void
test_disk_full (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  VtStoreEnqueueOptions options = { .service_title = "Permiso" };
  gint64 pages;
  g_autofree char *limit = NULL;
  g_autofree char *raise = NULL;
  g_autofree char *integrity = NULL;
  int stored = 0;

  for (int i = 0; i < 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:before%d", i);
      g_ptr_array_add (codes, enqueue (fixture->store, id));
    }

  /* The disk fills up: only a few more pages fit. */
  pages = sql_int (fixture->store, "PRAGMA page_count");
  limit = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages + 12);
  exec_ok (fixture->store, limit);

  g_assert_false (vt_store_check_writable (fixture->store, &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_DISK_FULL);
  g_clear_error (&error);

  for (int i = 0; i < 100; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:full%d", i);
      g_autoptr(VtTestSubmission) submission = vt_test_submission_new (id, 16 * 1024, 1);
      g_autofree char *code = vt_store_enqueue (fixture->store, submission, &options, &error);

      if (code == NULL)
        break;
      stored++;
    }
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_DISK_FULL);
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_assert_nonnull (strstr (error->message, "already stored are safe"));
  g_clear_error (&error);
  g_assert_cmpint (stored, <, 100);

  /* Nothing half-written, nothing lost. */
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM submissions"), ==, 5 + stored);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM submissions WHERE service_title IS NOT NULL"),
                   ==, 5 + stored);
  for (guint i = 0; i < codes->len; i++)
    {
      g_autoptr(VtReceipt) receipt = vt_store_get_receipt (fixture->store, g_ptr_array_index (codes, i), &error);
      g_assert_no_error (error);
    }
  integrity = sql_text (fixture->store, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");

  /* The sync worker can still record what it sends while the disk is full
   * or, at worst, gets the same clear error. */
  {
    g_autoptr(GPtrArray) claimed = vt_store_claim (fixture->store, 1, SECOND, g_get_real_time () + SECOND, &error);
    g_assert_true (claimed != NULL || g_error_matches (error, VT_STORE_ERROR, VT_STORE_ERROR_DISK_FULL));
    g_clear_error (&error);
  }

  /* Space is freed: applications are accepted again. */
  raise = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages + 100000);
  exec_ok (fixture->store, raise);
  g_assert_true (vt_store_check_writable (fixture->store, &error));
  g_assert_no_error (error);
  g_ptr_array_add (codes, enqueue (fixture->store, "uuid:after"));
}

/* A real full filesystem (ENOSPC, not a page limit): a 3 MiB tmpfs in a
 * private mount namespace.  Needs the right to mount; skipped without it. */
static void
test_disk_full_tmpfs (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("store-tmpfs");
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "vt-store-helper", NULL);
  g_autofree char *script = g_strdup_printf ("mount -t tmpfs -o size=3m tmpfs '%s' || exit 77; "
                                             "exec '%s' fill-until-full '%s/data'", dir, helper, dir);
  const char *argv[] = { "unshare", "--mount", "--propagation", "private", "sh", "-c", script, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  int status = -1;
  int stored = -1;

  if (geteuid () != 0 ||
      !g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    {
      g_test_skip ("cannot mount a small tmpfs here");
      vt_test_rmdir_recursive (dir);
      return;
    }

  g_test_message ("%s", out);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpint (g_strv_length (lines), >=, 6);
  g_assert_true (sscanf (lines[0], "stored %d", &stored) == 1);
  g_assert_cmpint (stored, >, 10);
  g_assert_true (g_str_has_prefix (lines[1], "error DISK_FULL "));
  g_assert_nonnull (strstr (lines[1], "already stored are safe"));
  g_assert_cmpstr (lines[2], ==, "check DISK_FULL");
  {
    g_autofree char *count = g_strdup_printf ("count %d", stored);
    g_assert_cmpstr (lines[3], ==, count);
  }
  g_assert_cmpstr (lines[4], ==, "integrity ok");
  vt_test_rmdir_recursive (dir);
}

/* The data directory becomes read-only for the kiosk user.  Tests often run
 * as root, who may write anywhere, so a helper process opens the store as
 * "nobody" then. */
static void
drop_privileges_cb (gpointer data)
{
  if (geteuid () == 0)
    {
      if (setgid (65534) != 0 || setuid (65534) != 0)
        _exit (99);
    }
}

static void
test_read_only (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("store-ro");
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "vt-store-helper", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = vt_store_open (data_dir, &error);
  g_autofree char *code = enqueue (store, "uuid:ro");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *db = g_build_filename (data_dir, VT_STORE_FILE_NAME, NULL);
  const char *argv[] = { helper, "open", data_dir, NULL };
  int status = -1;

  g_assert_no_error (error);
  g_clear_pointer (&store, vt_store_close);
  before = file_checksum (db);

  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (data_dir, 0555), ==, 0);

  /* "nobody" may not reach the build tree (a home directory): give it a
   * copy next to the data. */
  if (geteuid () == 0)
    {
      g_autoptr(GFile) from = g_file_new_for_path (helper);
      g_autofree char *copy = g_build_filename (dir, "vt-store-helper", NULL);
      g_autoptr(GFile) to = g_file_new_for_path (copy);

      g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
      g_assert_cmpint (g_chmod (copy, 0755), ==, 0);
      g_free (helper);
      helper = g_steal_pointer (&copy);
      argv[0] = helper;
    }

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, drop_privileges_cb, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("helper: %s %s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_str_has_prefix (out, "error READ_ONLY "));
  g_assert_nonnull (strstr (out, "cannot be written"));
  g_assert_nonnull (strstr (out, "already stored are safe"));

  /* Writable again: everything is still there. */
  g_assert_cmpint (g_chmod (data_dir, 0700), ==, 0);
  after = file_checksum (db);
  g_assert_cmpstr (before, ==, after);
  store = vt_store_open (data_dir, &error);
  g_assert_no_error (error);
  {
    g_autoptr(VtReceipt) receipt = vt_store_get_receipt (store, code, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (receipt->instance_id, ==, "uuid:ro");
  }
  g_clear_pointer (&store, vt_store_close);
  vt_test_rmdir_recursive (dir);
}

/* ---- two connections ---------------------------------------------------------------- */

typedef struct
{
  const char *dir;
  int         n;
  int         errors;
  int         done;
} Worker;

static gpointer
kiosk_thread (gpointer data)
{
  Worker *worker = data;
  g_autoptr(VtStore) store = vt_store_open (worker->dir, NULL);

  for (int i = 0; i < worker->n; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:t%d", i);
      g_autoptr(VtTestSubmission) submission = vt_test_submission_new (id, 4096, 1);
      VtStoreEnqueueOptions options = { .service_title = "Permiso" };
      g_autoptr(GError) error = NULL;
      g_autofree char *code = vt_store_enqueue (store, submission, &options, &error);

      if (code == NULL)
        {
          g_test_message ("enqueue: %s", error->message);
          g_atomic_int_inc (&worker->errors);
        }
    }
  return NULL;
}

static gpointer
sync_thread (gpointer data)
{
  Worker *worker = data;
  g_autoptr(VtStore) store = vt_store_open (worker->dir, NULL);

  while (g_atomic_int_get (&worker->done) < worker->n)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) items = vt_store_claim (store, 3, 60 * SECOND, g_get_real_time () + SECOND, &error);
      VtStoreCounts counts;

      if (items == NULL || !vt_store_get_counts (store, &counts, &error))
        {
          g_test_message ("sync: %s", error->message);
          g_atomic_int_inc (&worker->errors);
          break;
        }
      for (guint i = 0; i < items->len; i++)
        {
          VtStoreItem *item = g_ptr_array_index (items, i);

          if (!vt_store_mark_sent (store, item->instance_id, 201, NULL, g_get_real_time (), &error))
            {
              g_test_message ("mark: %s", error->message);
              g_atomic_int_inc (&worker->errors);
              g_clear_error (&error);
            }
          else
            g_atomic_int_inc (&worker->done);
        }
    }
  return NULL;
}

static void
test_two_connections (Fixture       *fixture,
                      gconstpointer  data)
{
  Worker worker = { .dir = fixture->dir, .n = 150 };
  GThread *kiosk = g_thread_new ("kiosk", kiosk_thread, &worker);
  GThread *sync = g_thread_new ("sync", sync_thread, &worker);
  VtStoreCounts counts;

  g_thread_join (kiosk);
  g_thread_join (sync);
  g_assert_cmpint (worker.errors, ==, 0);
  g_assert_true (vt_store_get_counts (fixture->store, &counts, NULL));
  g_assert_cmpuint (counts.n[VT_STORE_STATE_SENT], ==, 150);
}

/* Another program keeps the write lock far longer than any transaction of
 * ours takes: the clerk hears BUSY, nothing is half-stored, and the next
 * try works once the lock is gone. */
static void
test_busy (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtTestSubmission) submission = vt_test_submission_new ("uuid:busy", 1000, 1);
  VtStoreEnqueueOptions options = { .service_title = "Permiso" };
  g_autofree char *path = g_build_filename (fixture->dir, VT_STORE_FILE_NAME, NULL);
  g_autofree char *code = NULL;
  sqlite3 *other = NULL;
  VtStoreCounts counts;

  g_assert_cmpint (sqlite3_open (path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  vt_store_set_busy_timeout (fixture->store, 20);
  code = vt_store_enqueue (fixture->store, submission, &options, &error);
  g_assert_null (code);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "Try again"));
  g_clear_error (&error);

  /* Reading still works while someone else writes (WAL). */
  g_assert_true (vt_store_get_counts (fixture->store, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n[VT_STORE_STATE_QUEUED], ==, 0);

  g_assert_cmpint (sqlite3_exec (other, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);

  code = vt_store_enqueue (fixture->store, submission, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (code);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM attachments"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/vt/store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("open", test_open);
  g_test_add_func ("/vt/store/open-creates-dir", test_open_creates_dir);
  g_test_add_func ("/vt/store/migrations", test_migrations);
  g_test_add_func ("/vt/store/newer-schema", test_newer_schema);
  g_test_add_func ("/vt/store/corrupt", test_corrupt);
  ADD ("disk-full", test_disk_full);
  g_test_add_func ("/vt/store/disk-full-tmpfs", test_disk_full_tmpfs);
  g_test_add_func ("/vt/store/read-only", test_read_only);
  ADD ("two-connections", test_two_connections);
  ADD ("busy", test_busy);
#undef ADD

  return g_test_run ();
}
