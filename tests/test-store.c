#include "config.h"

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

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = vt_test_make_tmpdir ("store");
  fixture->store = vt_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->store, vt_store_close);
  vt_test_rmdir_recursive (fixture->dir);
  g_free (fixture->dir);
}

static char *
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

static gint64
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

static char *
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

static VtStoreState
state_of (VtStore    *store,
          const char *instance_id)
{
  g_autoptr(VtStoreItem) item = vt_store_get_item (store, instance_id, NULL);

  g_assert_nonnull (item);
  return item->state;
}

static guint
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

/* The counts the store keeps agree with the rows themselves. */
static void
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

/* ---- enqueue and receipts ---------------------------------------------------- */

static void
test_enqueue (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(VtTestSubmission) submission = vt_test_submission_new ("uuid:e1", 4096, 2);
  VtStoreEnqueueOptions options = {
    .service_title = "Permiso de venta ambulante",
    .language = "es",
    .assisted_by = "marta",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *code = vt_store_enqueue (fixture->store, submission, &options, &error);
  g_autofree char *typed = NULL;
  g_autofree char *normal = NULL;
  g_autoptr(VtReceipt) receipt = NULL;
  g_autoptr(VtReceipt) receipt2 = NULL;
  g_autoptr(VtStoreItem) item = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) events = NULL;
  VtStoreSubmissionInfo *info;
  VtStoreEvent *event;

  g_assert_no_error (error);
  g_assert_nonnull (code);
  g_assert_cmpint (strlen (code), ==, 9);
  g_assert_cmpint (code[4], ==, '-');
  normal = vt_receipt_code_normalize (code, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (normal, ==, code);

  /* The receipt, found as a clerk would type the code. */
  typed = g_ascii_strdown (code, -1);
  typed[4] = ' ';
  receipt = vt_store_get_receipt (fixture->store, typed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (receipt->reference_code, ==, code);
  g_assert_cmpstr (receipt->instance_id, ==, "uuid:e1");
  g_assert_cmpstr (receipt->form_id, ==, "permit");
  g_assert_cmpstr (receipt->form_version, ==, "2024061201");
  g_assert_cmpstr (receipt->service_title, ==, "Permiso de venta ambulante");
  g_assert_cmpstr (receipt->language, ==, "es");
  g_assert_cmpstr (receipt->assisted_by, ==, "marta");
  g_assert_false (receipt->sent);
  g_assert_cmpint (receipt->created_at, >, 0);

  receipt2 = vt_store_get_receipt_for (fixture->store, "uuid:e1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (receipt2->reference_code, ==, code);

  /* The payload comes back byte for byte. */
  item = vt_store_get_item (fixture->store, "uuid:e1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (item->xml, ==, submission->xml);
  g_assert_cmpint (item->attempts, ==, 0);
  g_assert_cmpint (item->state, ==, VT_STORE_STATE_QUEUED);
  g_assert_cmpuint (item->attachments->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      VtAttachment *a = g_ptr_array_index (item->attachments, i);
      VtAttachment *b = g_ptr_array_index (submission->attachments, i);

      g_assert_cmpstr (a->content_type, ==, b->content_type);
      vt_test_assert_attachment_equal (a, b);
    }
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM attachments WHERE length (sha256) = 64"), ==, 2);

  list = vt_store_list_submissions (fixture->store, VT_STORE_ALL_STATES, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  info = g_ptr_array_index (list, 0);
  g_assert_cmpstr (info->instance_id, ==, "uuid:e1");
  g_assert_cmpint (info->state, ==, VT_STORE_STATE_QUEUED);
  g_assert_cmpstr (info->reference_code, ==, code);
  g_assert_cmpstr (info->assisted_by, ==, "marta");
  g_assert_cmpint (info->attempts, ==, 0);
  g_assert_cmpint (info->next_attempt_at, <=, g_get_real_time ());

  events = vt_store_list_events (fixture->store, "uuid:e1", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpstr (event->what, ==, "enqueued");
  g_assert_cmpstr (event->actor, ==, "clerk:marta");
}

static void
test_enqueue_duplicate (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *code = enqueue (fixture->store, "uuid:dup");
  g_autoptr(VtTestSubmission) again = vt_test_submission_new ("uuid:dup", 100, 0);
  VtStoreEnqueueOptions options = { .service_title = "x" };
  g_autoptr(GError) error = NULL;
  g_autofree char *code2 = vt_store_enqueue (fixture->store, again, &options, &error);
  g_autoptr(VtStoreItem) item = NULL;

  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_EXISTS);
  g_assert_null (code2);
  /* The first one is untouched: same XML, same two attachments, one receipt. */
  item = vt_store_get_item (fixture->store, "uuid:dup", NULL);
  g_assert_cmpuint (item->attachments->len, ==, 2);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM submissions WHERE service_title IS NOT NULL"), ==, 1);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM events"), ==, 1);
}

static void
test_enqueue_invalid (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(VtTestSubmission) submission = vt_test_submission_new ("uuid:bad", 100, 2);
  VtStoreEnqueueOptions options = { .service_title = "x" };
  VtStoreEnqueueOptions no_title = { 0 };
  VtAttachment *second;

  {
    g_autoptr(GError) error = NULL;
    g_assert_null (vt_store_enqueue (fixture->store, submission, &no_title, &error));
    g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_INVALID);
  }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *saved = submission->instance_id;

    submission->instance_id = g_strdup ("");
    g_assert_null (vt_store_enqueue (fixture->store, submission, &options, &error));
    g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_INVALID);
    g_free (submission->instance_id);
    submission->instance_id = g_steal_pointer (&saved);
  }

  /* Two files with one name fail in the middle of the transaction: the
   * submission row written before them must go too. */
  second = g_ptr_array_index (submission->attachments, 1);
  g_free (second->name);
  second->name = g_strdup ("photo-0.jpg");
  {
    g_autoptr(GError) error = NULL;
    g_assert_null (vt_store_enqueue (fixture->store, submission, &options, &error));
    g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "photo-0.jpg"));
  }

  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM submissions"), ==, 0);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM attachments"), ==, 0);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM events"), ==, 0);
  assert_counts_match_rows (fixture->store);
}

static void
test_enqueue_import_code (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *original = vt_receipt_code_new ();
  g_autoptr(VtTestSubmission) one = vt_test_submission_new ("uuid:imp1", 100, 0);
  g_autoptr(VtTestSubmission) two = vt_test_submission_new ("uuid:imp2", 100, 0);
  VtStoreEnqueueOptions options = {
    .service_title = "x",
    .reference_code = original,
    .actor = "import",
    .created_at = 12345,
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *code1 = vt_store_enqueue (fixture->store, one, &options, &error);
  g_autofree char *code2 = NULL;
  g_autoptr(VtReceipt) receipt = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (code1, ==, original);
  receipt = vt_store_get_receipt (fixture->store, original, &error);
  g_assert_no_error (error);
  g_assert_cmpint (receipt->created_at, ==, 12345);

  /* A code already taken by another submission is replaced, never shared. */
  code2 = vt_store_enqueue (fixture->store, two, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code2, !=, original);
  g_assert_cmpuint (count_events (fixture->store, "uuid:imp2", "enqueued"), ==, 1);
}

/* Codes derived from rows: every one distinct and well formed, each leads
 * back to its own application after the store is opened again, and
 * neighbours in time do not look alike. */
static void
test_derived_codes (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *previous = NULL;
  GHashTableIter iter;
  gpointer code, id;
  guint same_start = 0;

  for (int i = 0; i < 1000; i++)
    {
      g_autofree char *instance_id = g_strdup_printf ("uuid:d%d", i);
      char *c = enqueue (fixture->store, instance_id);
      g_autofree char *normal = vt_receipt_code_normalize (c, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (normal, ==, c);
      g_assert_false (g_hash_table_contains (seen, c));
      if (previous != NULL && strncmp (previous, c, 2) == 0)
        same_start++;
      g_free (previous);
      previous = g_strdup (c);
      g_hash_table_insert (seen, c, g_steal_pointer (&instance_id));
    }
  /* Two random codes share their first two characters once in 1,024. */
  g_assert_cmpuint (same_start, <, 10);
  /* Derived, so nothing had to be kept. */
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM submissions WHERE reference_code IS NOT NULL"),
                   ==, 0);

  g_clear_pointer (&fixture->store, vt_store_close);
  fixture->store = vt_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_hash_table_iter_init (&iter, seen);
  while (g_hash_table_iter_next (&iter, &code, &id))
    {
      g_autoptr(VtReceipt) receipt = vt_store_get_receipt (fixture->store, code, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (receipt->instance_id, ==, id);
    }
}

/* A code of its own and a derived code never name two applications: an
 * import that brings the code a later row would derive keeps it, and that
 * row gets another; an import that brings a code some row already answers
 * to gets its own derived code. */
static void
test_code_collisions (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *future = vt_store_code_for_row (fixture->store, 2);
  g_autoptr(VtTestSubmission) imported = vt_test_submission_new ("uuid:imported", 100, 0);
  g_autoptr(VtTestSubmission) clash = vt_test_submission_new ("uuid:clash", 100, 0);
  VtStoreEnqueueOptions options = { .service_title = "x", .reference_code = future, .actor = "import" };
  g_autoptr(GError) error = NULL;
  g_autofree char *code1 = vt_store_enqueue (fixture->store, imported, &options, &error);
  g_autofree char *code2 = NULL;
  g_autofree char *code3 = NULL;
  g_autofree char *first = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (code1, ==, future);

  /* Row 2 would derive the imported code: it is given a different one. */
  code2 = enqueue (fixture->store, "uuid:row2");
  g_assert_cmpstr (code2, !=, future);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM submissions WHERE reference_code IS NOT NULL"),
                   ==, 2);
  {
    g_autoptr(VtReceipt) a = vt_store_get_receipt (fixture->store, future, &error);
    g_autoptr(VtReceipt) b = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (a->instance_id, ==, "uuid:imported");
    b = vt_store_get_receipt (fixture->store, code2, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (b->instance_id, ==, "uuid:row2");
  }

  /* Row 1's own derived code is not its code, and names nothing. */
  first = vt_store_code_for_row (fixture->store, 1);
  g_assert_null (vt_store_get_receipt (fixture->store, first, &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* An import that brings row 2's code gets one of its own. */
  options.reference_code = code2;
  code3 = vt_store_enqueue (fixture->store, clash, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code3, !=, code2);
  g_assert_cmpstr (code3, !=, future);
  {
    g_autoptr(VtReceipt) c = vt_store_get_receipt (fixture->store, code3, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (c->instance_id, ==, "uuid:clash");
  }
}

/* Rows are never deleted: the counts (and the promise) depend on it. */
static void
test_no_delete (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *code = enqueue (fixture->store, "uuid:keep");
  char *message = NULL;

  g_assert_cmpint (sqlite3_exec (vt_store_get_db (fixture->store), "DELETE FROM submissions",
                                 NULL, NULL, &message), !=, SQLITE_OK);
  g_assert_nonnull (strstr (message, "never deleted"));
  sqlite3_free (message);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM submissions"), ==, 1);
  assert_counts_match_rows (fixture->store);
}


/* A state the state machine does not know is refused by the table itself. */
static void
test_state_check (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *code = enqueue (fixture->store, "uuid:checked");
  char *message = NULL;

  g_assert_cmpint (sqlite3_exec (vt_store_get_db (fixture->store),
                                 "UPDATE submissions SET state = 'lost'", NULL, NULL, &message),
                   ==, SQLITE_CONSTRAINT_CHECK);
  g_assert_nonnull (strstr (message, "CHECK"));
  sqlite3_free (message);
  g_assert_cmpint (state_of (fixture->store, "uuid:checked"), ==, VT_STORE_STATE_QUEUED);
  assert_counts_match_rows (fixture->store);
}

/* A write that fails inside a batch (here the event log refuses one mark's
 * event after its row was updated) gives up the whole batch: no half mark
 * is committed, the marks after it are refused with the same error, and
 * every row is still leased, to be sent again. */
static void
test_batch_write_failure (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claimed = NULL;
  gint64 now = g_get_real_time () + SECOND;
  char *message = NULL;

  for (int i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:w%d", i);
      g_autofree char *code = enqueue (fixture->store, id);
    }
  claimed = vt_store_claim (fixture->store, 3, 60 * SECOND, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claimed->len, ==, 3);
  g_assert_cmpint (sqlite3_exec (vt_store_get_db (fixture->store),
                                 "CREATE TEMP TRIGGER refuse_w1 BEFORE INSERT ON events "
                                 "WHEN NEW.instance_id = 'uuid:w1' "
                                 "BEGIN SELECT RAISE (ABORT, 'the disk failed'); END",
                                 NULL, NULL, &message), ==, SQLITE_OK);

  g_assert_true (vt_store_begin_batch (fixture->store, &error));
  g_assert_true (vt_store_mark_sent (fixture->store, "uuid:w0", 201, "ok", now, &error));
  g_assert_false (vt_store_mark_sent (fixture->store, "uuid:w1", 201, "ok", now, &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (vt_store_mark_sent (fixture->store, "uuid:w2", 201, "ok", now, &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (vt_store_commit_batch (fixture->store, &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_FAILED);
  g_clear_error (&error);

  for (int i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:w%d", i);
      g_assert_cmpint (state_of (fixture->store, id), ==, VT_STORE_STATE_SENDING);
      g_assert_cmpuint (count_events (fixture->store, id, "sent"), ==, 0);
    }
  assert_counts_match_rows (fixture->store);

  /* The next batch works as usual. */
  g_assert_cmpint (sqlite3_exec (vt_store_get_db (fixture->store), "DROP TRIGGER refuse_w1",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (vt_store_begin_batch (fixture->store, &error));
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:w%d", i);
      g_assert_true (vt_store_mark_sent (fixture->store, id, 201, "ok", now, &error));
    }
  g_assert_true (vt_store_commit_batch (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM submissions WHERE state = 'sent'"), ==, 3);
  assert_counts_match_rows (fixture->store);
}

/* ---- reference codes ------------------------------------------------------------ */

/* ---- the outbox state machine ------------------------------------------------------- */

static void
test_claim_and_sent (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) third = NULL;
  g_autoptr(VtStoreItem) purged = NULL;
  g_autofree char *c1 = enqueue (fixture->store, "uuid:a");
  g_autofree char *c2 = enqueue (fixture->store, "uuid:b");
  g_autofree char *c3 = enqueue (fixture->store, "uuid:c");
  gint64 now = g_get_real_time () + SECOND;
  VtStoreItem *item;
  VtStoreCounts counts;

  first = vt_store_claim (fixture->store, 2, 60 * SECOND, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 2);
  item = g_ptr_array_index (first, 0);
  g_assert_cmpstr (item->instance_id, ==, "uuid:a");
  g_assert_cmpint (item->attempts, ==, 1);
  g_assert_cmpint (item->state, ==, VT_STORE_STATE_SENDING);
  g_assert_nonnull (strstr (item->xml, "uuid:a"));
  g_assert_cmpuint (item->attachments->len, ==, 2);
  g_assert_cmpstr (((VtStoreItem *) g_ptr_array_index (first, 1))->instance_id, ==, "uuid:b");
  g_assert_cmpint (state_of (fixture->store, "uuid:a"), ==, VT_STORE_STATE_SENDING);

  second = vt_store_claim (fixture->store, 10, 60 * SECOND, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->len, ==, 1);
  g_assert_cmpstr (((VtStoreItem *) g_ptr_array_index (second, 0))->instance_id, ==, "uuid:c");

  third = vt_store_claim (fixture->store, 10, 60 * SECOND, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (third->len, ==, 0);

  g_assert_true (vt_store_get_counts (fixture->store, &counts, &error));
  g_assert_cmpuint (counts.n[VT_STORE_STATE_SENDING], ==, 3);
  g_assert_cmpuint (counts.n[VT_STORE_STATE_QUEUED], ==, 0);
  g_assert_cmpint (counts.oldest_queued, >, 0);

  g_assert_true (vt_store_mark_sent (fixture->store, "uuid:a", 201, "<OpenRosaResponse/>", now, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state_of (fixture->store, "uuid:a"), ==, VT_STORE_STATE_SENT);
  /* A repeated answer for a sent row is fine and changes nothing. */
  g_assert_true (vt_store_mark_sent (fixture->store, "uuid:a", 202, "duplicate", now + 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_events (fixture->store, "uuid:a", "sent"), ==, 1);
  g_assert_cmpint (sql_int (fixture->store, "SELECT http_status FROM submissions WHERE instance_id = 'uuid:a'"), ==, 201);
  g_assert_cmpint (sql_int (fixture->store, "SELECT sent_at FROM submissions WHERE instance_id = 'uuid:a'"), ==, now);

  g_assert_true (vt_store_get_counts (fixture->store, &counts, &error));
  g_assert_cmpuint (counts.n[VT_STORE_STATE_SENT], ==, 1);
  g_assert_cmpuint (counts.n[VT_STORE_STATE_SENDING], ==, 2);

  /* A sent row is never claimed again, whatever the time. */
  {
    g_autoptr(GPtrArray) later = vt_store_claim (fixture->store, 10, 60 * SECOND, now + 3600 * SECOND, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (later->len, ==, 2);
    for (guint i = 0; i < later->len; i++)
      g_assert_cmpstr (((VtStoreItem *) g_ptr_array_index (later, i))->instance_id, !=, "uuid:a");
  }
  purged = vt_store_get_item (fixture->store, "uuid:a", &error);
  g_assert_no_error (error);
  g_assert_cmpint (purged->state, ==, VT_STORE_STATE_SENT);
  assert_counts_match_rows (fixture->store);
}

static void
test_retry_backoff (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = enqueue (fixture->store, "uuid:r");
  gint64 now = g_get_real_time () + SECOND;
  g_autoptr(GPtrArray) claimed = vt_store_claim (fixture->store, 5, 60 * SECOND, now, &error);
  g_autoptr(GPtrArray) early = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) list = NULL;
  VtStoreSubmissionInfo *info;

  g_assert_cmpuint (claimed->len, ==, 1);
  g_assert_true (vt_store_mark_retry (fixture->store, "uuid:r", 503, "Service Unavailable",
                                      now + 10 * SECOND, now, &error));
  g_assert_no_error (error);

  {
    VtStoreCounts counts;

    g_assert_true (vt_store_get_counts (fixture->store, &counts, &error));
    g_assert_cmpint (counts.next_due, ==, now + 10 * SECOND);
  }

  list = vt_store_list_submissions (fixture->store, VT_STORE_STATE_MASK (VT_STORE_STATE_QUEUED), 0, &error);
  g_assert_cmpuint (list->len, ==, 1);
  info = g_ptr_array_index (list, 0);
  g_assert_cmpint (info->attempts, ==, 1);
  g_assert_cmpstr (info->last_error, ==, "Service Unavailable");
  g_assert_cmpint (info->http_status, ==, 503);
  g_assert_cmpint (info->next_attempt_at, ==, now + 10 * SECOND);

  early = vt_store_claim (fixture->store, 5, 60 * SECOND, now + 9 * SECOND, &error);
  g_assert_cmpuint (early->len, ==, 0);
  due = vt_store_claim (fixture->store, 5, 60 * SECOND, now + 10 * SECOND, &error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpint (((VtStoreItem *) g_ptr_array_index (due, 0))->attempts, ==, 2);
  g_assert_cmpuint (count_events (fixture->store, "uuid:r", "retry"), ==, 1);

  /* 401: the worker hands it back without spending the attempt. */
  g_assert_true (vt_store_release (fixture->store, "uuid:r", "HTTP 401: check the credentials",
                                   now + 20 * SECOND, now + 10 * SECOND, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (fixture->store, "SELECT attempts FROM submissions"), ==, 1);
  g_assert_cmpint (state_of (fixture->store, "uuid:r"), ==, VT_STORE_STATE_QUEUED);
  /* Only a claimed row can be released. */
  g_assert_false (vt_store_release (fixture->store, "uuid:r", NULL, now, now, &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_WRONG_STATE);
  assert_counts_match_rows (fixture->store);
}

static void
test_bounded (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *c1 = enqueue (fixture->store, "uuid:big1");
  g_autofree char *c2 = enqueue (fixture->store, "uuid:big2");
  gint64 now = g_get_real_time () + SECOND;
  g_autoptr(GPtrArray) claimed = vt_store_claim (fixture->store, 2, 60 * SECOND, now, &error);
  g_autofree char *huge = g_strnfill (1024 * 1024, 'x');

  /* A server that answers a megabyte, or an error page as big, is cut. */
  g_assert_true (vt_store_mark_retry (fixture->store, "uuid:big1", 500, huge, now + SECOND, now, &error));
  g_assert_true (vt_store_mark_sent (fixture->store, "uuid:big2", 201, huge, now, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (fixture->store, "SELECT length (last_error) FROM submissions WHERE instance_id = 'uuid:big1'"), <=, 4096);
  g_assert_cmpint (sql_int (fixture->store, "SELECT max (length (detail)) FROM events"), <=, 4096);
  g_assert_cmpint (sql_int (fixture->store, "SELECT length (response) FROM submissions WHERE instance_id = 'uuid:big2'"), ==, 64 * 1024);
}

static void
test_lease_expiry (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = enqueue (fixture->store, "uuid:l");
  gint64 now = g_get_real_time () + SECOND;
  g_autoptr(GPtrArray) claimed = vt_store_claim (fixture->store, 5, 30 * SECOND, now, &error);
  g_autoptr(GPtrArray) during = NULL;
  g_autoptr(GPtrArray) after = NULL;

  g_assert_cmpuint (claimed->len, ==, 1);

  /* The worker died: nothing happens while its lease runs... */
  during = vt_store_claim (fixture->store, 5, 30 * SECOND, now + 29 * SECOND, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (during->len, ==, 0);
  {
    VtStoreCounts counts;

    g_assert_true (vt_store_get_counts (fixture->store, &counts, &error));
    g_assert_cmpint (counts.next_due, ==, now + 30 * SECOND);
  }

  /* ...and another worker takes the row once the lease is over. */
  after = vt_store_claim (fixture->store, 5, 30 * SECOND, now + 30 * SECOND, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpint (((VtStoreItem *) g_ptr_array_index (after, 0))->attempts, ==, 2);
  g_assert_cmpuint (count_events (fixture->store, "uuid:l", "lease-expired"), ==, 1);
  g_assert_cmpint (sql_int (fixture->store, "SELECT lease_until FROM submissions"), ==, now + 60 * SECOND);

  /* The first worker's late answer still counts: the server has it. */
  g_assert_true (vt_store_mark_sent (fixture->store, "uuid:l", 201, NULL, now + 31 * SECOND, &error));
  g_assert_no_error (error);
  assert_counts_match_rows (fixture->store);
}

static void
test_rejected (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *c1 = enqueue (fixture->store, "uuid:x");
  g_autofree char *c2 = enqueue (fixture->store, "uuid:y");
  gint64 now = g_get_real_time () + SECOND;
  g_autoptr(GPtrArray) claimed = vt_store_claim (fixture->store, 5, 60 * SECOND, now, &error);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) again = NULL;
  VtStoreSubmissionInfo *info;
  VtStoreCounts counts;

  g_assert_cmpuint (claimed->len, ==, 2);
  g_assert_true (vt_store_mark_rejected (fixture->store, "uuid:x", 409,
                                         "A submission with this instanceID already exists and is different",
                                         now, &error));
  g_assert_no_error (error);

  list = vt_store_list_submissions (fixture->store, VT_STORE_STATE_MASK (VT_STORE_STATE_REJECTED), 0, &error);
  g_assert_cmpuint (list->len, ==, 1);
  info = g_ptr_array_index (list, 0);
  g_assert_cmpstr (info->instance_id, ==, "uuid:x");
  g_assert_cmpint (info->http_status, ==, 409);
  g_assert_nonnull (strstr (info->last_error, "already exists"));

  /* Rejected rows are kept and never claimed. */
  again = vt_store_claim (fixture->store, 5, 60 * SECOND, now + 3600 * SECOND, &error);
  g_assert_cmpuint (again->len, ==, 1);
  g_assert_cmpstr (((VtStoreItem *) g_ptr_array_index (again, 0))->instance_id, ==, "uuid:y");

  /* A rejected row is not sent behind the clerk's back. */
  g_assert_false (vt_store_mark_sent (fixture->store, "uuid:x", 201, NULL, now, &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_WRONG_STATE);
  g_clear_error (&error);

  /* The clerk fixed the cause. */
  g_assert_true (vt_store_requeue_rejected (fixture->store, "uuid:x", "clerk:marta", now + 5, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state_of (fixture->store, "uuid:x"), ==, VT_STORE_STATE_QUEUED);
  g_assert_cmpint (sql_int (fixture->store, "SELECT attempts FROM submissions WHERE instance_id = 'uuid:x'"), ==, 0);
  g_assert_cmpuint (count_events (fixture->store, "uuid:x", "requeued"), ==, 1);
  g_assert_false (vt_store_requeue_rejected (fixture->store, "uuid:x", NULL, now, &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_WRONG_STATE);
  g_clear_error (&error);

  /* A row being sent cannot be discarded; a queued one can, and is kept. */
  g_assert_false (vt_store_discard (fixture->store, "uuid:y", "test", NULL, now, &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_assert_true (vt_store_discard (fixture->store, "uuid:x", "duplicate application", "clerk:marta", now, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state_of (fixture->store, "uuid:x"), ==, VT_STORE_STATE_DISCARDED);
  g_assert_cmpuint (count_events (fixture->store, "uuid:x", "discarded"), ==, 1);

  g_assert_false (vt_store_mark_retry (fixture->store, "uuid:nope", 0, "x", now, now, &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (vt_store_get_counts (fixture->store, &counts, &error));
  g_assert_cmpuint (counts.n[VT_STORE_STATE_DISCARDED], ==, 1);
  g_assert_cmpuint (counts.n[VT_STORE_STATE_SENDING], ==, 1);
  g_assert_cmpuint (counts.n[VT_STORE_STATE_REJECTED], ==, 0);
  assert_counts_match_rows (fixture->store);
}

static void
test_counts (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  VtStoreCounts counts;
  gint64 before = g_get_real_time ();
  gint64 oldest;

  g_assert_true (vt_store_get_counts (fixture->store, &counts, &error));
  g_assert_no_error (error);
  for (int i = 0; i < VT_STORE_N_STATES; i++)
    g_assert_cmpuint (counts.n[i], ==, 0);
  g_assert_cmpint (counts.oldest_queued, ==, 0);
  g_assert_cmpint (counts.last_sync, ==, 0);
  g_assert_cmpint (counts.next_due, ==, 0);

  for (int i = 0; i < 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:n%d", i);
      g_autofree char *code = enqueue (fixture->store, id);
    }
  g_assert_true (vt_store_get_counts (fixture->store, &counts, &error));
  g_assert_cmpuint (counts.n[VT_STORE_STATE_QUEUED], ==, 5);
  g_assert_cmpint (counts.oldest_queued, >=, before);
  oldest = counts.oldest_queued;
  g_assert_cmpint (oldest, ==, sql_int (fixture->store, "SELECT created_at FROM submissions WHERE instance_id = 'uuid:n0'"));

  g_assert_true (vt_store_set_last_sync (fixture->store, 1700000000000000, &error));
  g_assert_true (vt_store_get_counts (fixture->store, &counts, &error));
  g_assert_cmpint (counts.last_sync, ==, 1700000000000000);

  /* The counts kept per transaction agree with the rows themselves. */
  assert_counts_match_rows (fixture->store);

  /* Once the oldest is sent, the next one is the oldest. */
  {
    g_autoptr(GPtrArray) claimed = vt_store_claim (fixture->store, 1, SECOND, g_get_real_time () + SECOND, &error);
    g_assert_true (vt_store_mark_sent (fixture->store, "uuid:n0", 201, NULL, g_get_real_time (), &error));
  }
  g_assert_true (vt_store_get_counts (fixture->store, &counts, &error));
  g_assert_cmpint (counts.oldest_queued, ==, sql_int (fixture->store, "SELECT created_at FROM submissions WHERE instance_id = 'uuid:n1'"));
  g_assert_cmpuint (counts.n[VT_STORE_STATE_SENT], ==, 1);
  g_assert_cmpuint (counts.n[VT_STORE_STATE_QUEUED], ==, 4);

  {
    g_autoptr(GPtrArray) two = vt_store_list_submissions (fixture->store, VT_STORE_ALL_STATES, 2, &error);
    g_autoptr(GPtrArray) sent = vt_store_list_submissions (fixture->store, VT_STORE_STATE_MASK (VT_STORE_STATE_SENT), 0, &error);

    g_assert_cmpuint (two->len, ==, 2);
    g_assert_cmpuint (sent->len, ==, 1);
    g_assert_cmpint (((VtStoreSubmissionInfo *) g_ptr_array_index (sent, 0))->sent_at, >, 0);
  }
}

static void
test_purge (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *c1 = enqueue (fixture->store, "uuid:p1");
  g_autofree char *c2 = enqueue (fixture->store, "uuid:p2");
  g_autofree char *c3 = enqueue (fixture->store, "uuid:p3");
  gint64 now = g_get_real_time () + SECOND;
  gint64 day = 86400 * SECOND;
  g_autoptr(GPtrArray) claimed = vt_store_claim (fixture->store, 2, 60 * SECOND, now, &error);
  g_autoptr(VtStoreItem) purged = NULL;
  g_autoptr(VtStoreItem) kept = NULL;
  g_autoptr(VtReceipt) receipt = NULL;

  g_assert_true (vt_store_mark_sent (fixture->store, "uuid:p1", 201, "<ok/>", now, &error));
  /* p2 stays sending, p3 queued: neither is ever purged. */

  g_assert_cmpint (vt_store_purge_sent (fixture->store, 30, now + 29 * day, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (vt_store_purge_sent (fixture->store, 30, now + 30 * day, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (vt_store_purge_sent (fixture->store, 30, now + 31 * day, &error), ==, 0);
  g_assert_cmpint (vt_store_purge_sent (fixture->store, 0, now + 999 * day, &error), ==, 0);

  purged = vt_store_get_item (fixture->store, "uuid:p1", &error);
  g_assert_no_error (error);
  g_assert_null (purged->xml);
  g_assert_cmpuint (purged->attachments->len, ==, 0);
  g_assert_cmpint (sql_int (fixture->store, "SELECT response IS NULL FROM submissions WHERE instance_id = 'uuid:p1'"), ==, 1);
  receipt = vt_store_get_receipt (fixture->store, c1, &error);
  g_assert_no_error (error);
  g_assert_true (receipt->sent);
  g_assert_cmpuint (count_events (fixture->store, "uuid:p1", "enqueued"), ==, 1);
  g_assert_cmpuint (count_events (fixture->store, "uuid:p1", "sent"), ==, 1);
  g_assert_cmpuint (count_events (fixture->store, "uuid:p1", "purged"), ==, 1);

  kept = vt_store_get_item (fixture->store, "uuid:p2", &error);
  g_assert_nonnull (kept->xml);
  g_assert_cmpuint (kept->attachments->len, ==, 2);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM payloads"), ==, 2);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM submissions WHERE purged = 0"), ==, 2);
  /* The XML lives in payloads only (schema 6), never in the outbox row. */
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM submissions WHERE xml IS NOT NULL"), ==, 0);
}

static void
test_damaged_attachment (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *c1 = enqueue (fixture->store, "uuid:d1");
  g_autofree char *c2 = enqueue (fixture->store, "uuid:d2");
  g_autoptr(GPtrArray) claimed = NULL;

  g_assert_cmpint (sqlite3_exec (vt_store_get_db (fixture->store),
                                 "UPDATE attachments SET bytes = x'00' WHERE name = 'photo-1.jpg' AND "
                                 "submission = (SELECT id FROM submissions WHERE instance_id = 'uuid:d1')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  claimed = vt_store_claim (fixture->store, 5, 60 * SECOND, g_get_real_time () + SECOND, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claimed->len, ==, 1);
  g_assert_cmpstr (((VtStoreItem *) g_ptr_array_index (claimed, 0))->instance_id, ==, "uuid:d2");
  g_assert_cmpint (state_of (fixture->store, "uuid:d1"), ==, VT_STORE_STATE_REJECTED);
  g_assert_cmpuint (count_events (fixture->store, "uuid:d1", "rejected"), ==, 1);
  assert_counts_match_rows (fixture->store);
}

/* A big file goes into the store from its file and comes out as a stream,
 * a chunk at a time, byte for byte; a change of its bytes on the disk that
 * keeps their length is caught by the digest when the end is read. */
static void
test_attachment_streamed (Fixture       *fixture,
                          gconstpointer  data)
{
  VtStoreEnqueueOptions options = { .service_title = "Permiso de venta" };
  g_autoptr(VtTestSubmission) submission = vt_test_submission_new ("uuid:big", 2000, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(VtAttachment) from_file = NULL;
  g_autoptr(VtStoreItem) item = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autofree char *code = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "scan.jpg", NULL);
  gsize size = 9 * 1024 * 1024 + 123;
  guint8 *content = g_malloc (size);
  g_autoptr(GBytes) expected = NULL;
  guint8 buffer[65536];
  gssize got;

  for (gsize i = 0; i < size; i++)
    content[i] = (guint8) (i * 2654435761u >> 13);
  expected = g_bytes_new_take (content, size);
  g_assert_true (g_file_set_contents (path, (const char *) content, size, &error));
  file = g_file_new_for_path (path);
  from_file = vt_attachment_new_for_file ("scan.jpg", "image/jpeg", file, &error);
  g_assert_no_error (error);
  g_assert_null (from_file->bytes);
  g_assert_cmpint (vt_attachment_get_size (from_file), ==, (gint64) size);
  g_ptr_array_add (submission->attachments, g_steal_pointer (&from_file));

  code = vt_store_enqueue (fixture->store, submission, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (fixture->store, "SELECT size FROM attachments WHERE name = 'scan.jpg'"), ==, (gint64) size);
  g_assert_cmpint (sql_int (fixture->store, "SELECT length (sha256) FROM attachments WHERE name = 'scan.jpg'"), ==, 64);

  item = vt_store_get_item (fixture->store, "uuid:big", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (item->attachments->len, ==, 1);
  /* Not read into memory by the claim: a source to stream from. */
  g_assert_null (((VtAttachment *) g_ptr_array_index (item->attachments, 0))->bytes);
  back = vt_attachment_read_all (g_ptr_array_index (item->attachments, 0), &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, expected));

  /* One byte changes on the disk, near the end. */
  g_assert_cmpint (sqlite3_exec (vt_store_get_db (fixture->store),
                                 "UPDATE attachments SET bytes = CAST (substr (bytes, 1, length (bytes) - 10) "
                                 "|| x'00112233445566778899' AS BLOB) WHERE name = 'scan.jpg'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  stream = vt_attachment_open (g_ptr_array_index (item->attachments, 0), &error);
  g_assert_no_error (error);
  while ((got = g_input_stream_read (stream, buffer, sizeof buffer, NULL, &error)) > 0)
    ;
  g_assert_cmpint (got, ==, -1);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "scan.jpg"));
}

/* A file that is not as long as it was when it was given stores nothing. */
static void
test_attachment_changed (Fixture       *fixture,
                         gconstpointer  data)
{
  VtStoreEnqueueOptions options = { .service_title = "Permiso de venta" };
  g_autoptr(VtTestSubmission) submission = vt_test_submission_new ("uuid:shrunk", 2000, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "photo.jpg", NULL);
  g_autofree char *code = NULL;
  VtAttachment *attachment;

  g_assert_true (g_file_set_contents (path, "0123456789", 10, &error));
  file = g_file_new_for_path (path);
  attachment = vt_attachment_new_for_file ("later.jpg", "image/jpeg", file, &error);
  g_assert_no_error (error);
  g_ptr_array_add (submission->attachments, attachment);
  g_assert_true (g_file_set_contents (path, "01234", 5, &error));

  code = vt_store_enqueue (fixture->store, submission, &options, &error);
  g_assert_null (code);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "later.jpg"));
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM submissions"), ==, 0);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM attachments"), ==, 0);
}

/* Claim hands rows over in due order, fresh and retried ones interleaved,
 * rows due at the same time in the order they were stored. */
static void
test_claim_due_order (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char * const expected[] = { "uuid:o-d", "uuid:o-a", "uuid:o-c", "uuid:o-e", "uuid:o-f", "uuid:o-b" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) third = NULL;
  gint64 created[6];
  gint64 now;

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:o-%c", 'a' + i);
      g_autofree char *code = enqueue (fixture->store, id);
      g_autofree char *sql = g_strdup_printf ("SELECT created_at FROM submissions WHERE instance_id = '%s'", id);

      created[i] = sql_int (fixture->store, sql);
      g_assert_cmpint (i == 0 ? 0 : created[i - 1], <, created[i]);
    }
  now = created[5] + SECOND;

  /* a, b and c fail once and are due again between the others. */
  first = vt_store_claim (fixture->store, 3, 60 * SECOND, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 3);
  g_assert_true (vt_store_mark_retry (fixture->store, "uuid:o-a", 503, "busy", created[3] + 1, now, &error));
  g_assert_true (vt_store_mark_retry (fixture->store, "uuid:o-b", 503, "busy", created[5] + 1, now, &error));
  g_assert_true (vt_store_mark_retry (fixture->store, "uuid:o-c", 503, "busy", created[4], now, &error));
  g_assert_no_error (error);

  second = vt_store_claim (fixture->store, 4, 60 * SECOND, now, &error);
  g_assert_no_error (error);
  third = vt_store_claim (fixture->store, 4, 60 * SECOND, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->len, ==, 4);
  g_assert_cmpuint (third->len, ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      VtStoreItem *item = g_ptr_array_index (i < 4 ? second : third, i < 4 ? i : i - 4);

      g_assert_cmpstr (item->instance_id, ==, expected[i]);
    }
  assert_counts_match_rows (fixture->store);
}

/* One claim hands over each row with its own payload, whatever the mix:
 * rows without attachments, with one or several, a lease that expired,
 * a damaged file among them. */
static void
test_claim_mixed (Fixture       *fixture,
                  gconstpointer  data)
{
  static const guint n_files[] = { 0, 2, 0, 0, 1, 3, 0, 2 };
  VtStoreEnqueueOptions options = { .service_title = "Permiso de venta" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) claimed = NULL;
  g_autoptr(GPtrArray) queued = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_test_submission_free);
  gint64 now = g_get_real_time () + SECOND;

  for (guint i = 0; i < G_N_ELEMENTS (n_files); i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:mix-%u", i);
      VtTestSubmission *submission = vt_test_submission_new_sized (id, 600 + 900 * i, n_files[i], 100 * i);
      g_autofree char *code = vt_store_enqueue (fixture->store, submission, &options, &error);

      g_assert_no_error (error);
      g_ptr_array_add (queued, submission);
    }
  /* The first row's lease runs out; the sixth row's second file is damaged. */
  first = vt_store_claim (fixture->store, 1, SECOND, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 1);
  g_assert_cmpint (sqlite3_exec (vt_store_get_db (fixture->store),
                                 "UPDATE attachments SET bytes = x'00' WHERE name = 'photo-1.jpg' AND "
                                 "submission = (SELECT id FROM submissions WHERE instance_id = 'uuid:mix-5')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  claimed = vt_store_claim (fixture->store, 20, 60 * SECOND, now + 2 * SECOND, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claimed->len, ==, G_N_ELEMENTS (n_files) - 1);
  for (guint i = 0, k = 0; i < G_N_ELEMENTS (n_files); i++)
    {
      VtSubmission *expected = g_ptr_array_index (queued, i);
      VtStoreItem *item;

      if (i == 5)
        continue;
      item = g_ptr_array_index (claimed, k++);
      g_assert_cmpstr (item->instance_id, ==, expected->instance_id);
      g_assert_cmpstr (item->xml, ==, expected->xml);
      g_assert_cmpint (item->attempts, ==, i == 0 ? 2 : 1);
      g_assert_cmpuint (item->attachments->len, ==, n_files[i]);
      for (guint f = 0; f < n_files[i]; f++)
        {
          VtAttachment *a = g_ptr_array_index (item->attachments, f);
          VtAttachment *b = g_ptr_array_index (expected->attachments, f);

          vt_test_assert_attachment_equal (a, b);
        }
    }
  g_assert_cmpuint (count_events (fixture->store, "uuid:mix-0", "lease-expired"), ==, 1);
  g_assert_cmpint (state_of (fixture->store, "uuid:mix-5"), ==, VT_STORE_STATE_REJECTED);
  assert_counts_match_rows (fixture->store);
}

/* ---- events, meta, forms, drafts --------------------------------------------------------- */

static void
test_events (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) last = NULL;
  VtStoreEvent *event;

  g_assert_true (vt_store_add_event (fixture->store, NULL, "pin-failed", VT_STORE_ACTOR_CLERK, "attempt 1", &error));
  g_assert_true (vt_store_add_event (fixture->store, NULL, "pin-failed", VT_STORE_ACTOR_CLERK, "attempt 2", &error));
  g_assert_true (vt_store_add_event (fixture->store, "uuid:q", "note", VT_STORE_ACTOR_CLERK, NULL, &error));
  g_assert_no_error (error);

  all = vt_store_list_events (fixture->store, NULL, 0, &error);
  g_assert_cmpuint (all->len, ==, 3);
  event = g_ptr_array_index (all, 0);
  g_assert_null (event->instance_id);
  g_assert_cmpstr (event->detail, ==, "attempt 1");
  g_assert_cmpint (event->time, >, 0);

  last = vt_store_list_events (fixture->store, NULL, 2, &error);
  g_assert_cmpuint (last->len, ==, 2);
  g_assert_cmpstr (((VtStoreEvent *) g_ptr_array_index (last, 0))->detail, ==, "attempt 2");
  g_assert_cmpstr (((VtStoreEvent *) g_ptr_array_index (last, 1))->what, ==, "note");

  /* The log is append-only, even for someone with SQL. */
  g_assert_cmpint (sqlite3_exec (vt_store_get_db (fixture->store), "UPDATE events SET what = 'x'",
                                 NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (vt_store_get_db (fixture->store), "DELETE FROM events",
                                 NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM events"), ==, 3);
}

static void
test_meta (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = vt_store_get_meta (fixture->store, VT_STORE_META_CLERK_PIN, &error);
  g_autofree char *value = NULL;
  g_autofree char *gone = NULL;

  g_assert_no_error (error);
  g_assert_null (missing);
  g_assert_true (vt_store_set_meta (fixture->store, VT_STORE_META_CLERK_PIN, "$argon2id$v=19$…", &error));
  g_assert_true (vt_store_set_meta (fixture->store, VT_STORE_META_CLERK_PIN, "$argon2id$v=19$new", &error));
  value = vt_store_get_meta (fixture->store, VT_STORE_META_CLERK_PIN, &error);
  g_assert_cmpstr (value, ==, "$argon2id$v=19$new");
  g_assert_true (vt_store_set_meta (fixture->store, VT_STORE_META_CLERK_PIN, NULL, &error));
  gone = vt_store_get_meta (fixture->store, VT_STORE_META_CLERK_PIN, &error);
  g_assert_null (gone);
  g_assert_no_error (error);
}

static VtStoreForm *
make_form (const char *version,
           gboolean    active)
{
  VtStoreForm *form = g_new0 (VtStoreForm, 1);
  VtStoreMedia *media = g_new0 (VtStoreMedia, 1);

  form->form_id = g_strdup ("permit");
  form->version = g_strdup (version);
  form->title = g_strdup ("Permiso de venta");
  form->md5_hash = g_strdup_printf ("md5:%s", version);
  form->xml = g_strdup_printf ("<h:html version=\"%s\"/>", version);
  form->source = g_strdup ("server");
  form->active = active;
  form->media = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_store_media_free);
  media->name = g_strdup ("logo.png");
  media->md5_hash = g_strdup ("md5:abc");
  media->bytes = g_bytes_new_static ("\x89PNG", 4);
  g_ptr_array_add (form->media, media);
  return form;
}

static void
test_forms (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStoreForm) v1 = make_form ("1", TRUE);
  g_autoptr(VtStoreForm) v2 = make_form ("2", TRUE);
  g_autoptr(VtStoreForm) other = make_form ("7", TRUE);
  g_autoptr(VtStoreForm) got = NULL;
  g_autoptr(VtStoreForm) got_v1 = NULL;
  g_autoptr(VtStoreForm) reactivated = NULL;
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GPtrArray) all = NULL;

  g_assert_true (vt_store_add_form (fixture->store, v1, &error));
  g_assert_true (vt_store_add_form (fixture->store, v2, &error));
  g_free (other->form_id);
  other->form_id = g_strdup ("birth");
  g_free (other->title);
  other->title = g_strdup ("Acta de nacimiento");
  other->source = (g_free (other->source), g_strdup ("bundled"));
  g_assert_true (vt_store_add_form (fixture->store, other, &error));
  g_assert_no_error (error);

  got = vt_store_get_form (fixture->store, "permit", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->version, ==, "2");
  g_assert_true (got->active);
  g_assert_cmpstr (got->xml, ==, v2->xml);
  g_assert_cmpstr (got->md5_hash, ==, "md5:2");
  g_assert_cmpuint (got->media->len, ==, 1);
  g_assert_true (g_bytes_equal (((VtStoreMedia *) g_ptr_array_index (got->media, 0))->bytes,
                                ((VtStoreMedia *) g_ptr_array_index (v2->media, 0))->bytes));

  got_v1 = vt_store_get_form (fixture->store, "permit", "1", &error);
  g_assert_no_error (error);
  g_assert_false (got_v1->active);
  g_assert_cmpstr (got_v1->xml, ==, v1->xml);

  active = vt_store_list_forms (fixture->store, TRUE, &error);
  g_assert_cmpuint (active->len, ==, 2);
  g_assert_cmpstr (((VtStoreForm *) g_ptr_array_index (active, 0))->form_id, ==, "birth");
  g_assert_cmpstr (((VtStoreForm *) g_ptr_array_index (active, 0))->source, ==, "bundled");
  g_assert_null (((VtStoreForm *) g_ptr_array_index (active, 0))->xml);
  all = vt_store_list_forms (fixture->store, FALSE, &error);
  g_assert_cmpuint (all->len, ==, 3);

  /* Back to version 1: it becomes the only active one. */
  g_assert_true (vt_store_set_form_active (fixture->store, "permit", "1", TRUE, &error));
  reactivated = vt_store_get_form (fixture->store, "permit", NULL, &error);
  g_assert_cmpstr (reactivated->version, ==, "1");
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM forms WHERE form_id = 'permit' AND active"), ==, 1);

  /* Deactivated forms stay known (queued submissions reference them). */
  g_assert_true (vt_store_set_form_active (fixture->store, "permit", "1", FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM forms"), ==, 3);
  {
    g_autoptr(GPtrArray) now_active = vt_store_list_forms (fixture->store, TRUE, &error);
    g_assert_cmpuint (now_active->len, ==, 1);
  }

  /* The same version again replaces its content. */
  g_free (v2->xml);
  v2->xml = g_strdup ("<h:html changed=\"yes\"/>");
  g_assert_true (vt_store_add_form (fixture->store, v2, &error));
  {
    g_autoptr(VtStoreForm) replaced = vt_store_get_form (fixture->store, "permit", "2", &error);
    g_assert_cmpstr (replaced->xml, ==, v2->xml);
    g_assert_cmpuint (replaced->media->len, ==, 1);
  }

  {
    g_autoptr(VtStoreForm) none = vt_store_get_form (fixture->store, "nope", NULL, &error);
    g_assert_null (none);
    g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  g_assert_false (vt_store_set_form_active (fixture->store, "permit", "9", TRUE, &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* The failed call changed nothing. */
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM forms WHERE form_id = 'permit' AND active"), ==, 1);
}

/* What the sync worker runs after a pass: old sent payloads and old drafts
 * go, everything else stays. */
static void
test_retention (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *c1 = enqueue (fixture->store, "uuid:r1");
  g_autofree char *c2 = enqueue (fixture->store, "uuid:r2");
  gint64 now = g_get_real_time () + SECOND;
  gint64 day = 86400 * SECOND;
  g_autoptr(GPtrArray) claimed = vt_store_claim (fixture->store, 1, 60 * SECOND, now, &error);
  VtStoreDraft old = { .id = "d-old", .form_id = "permit", .form_version = "1",
                       .answers_json = "{}", .saved_at = now + 16 * day };
  VtStoreDraft fresh = { .id = "d-new", .form_id = "permit", .form_version = "1",
                         .answers_json = "{}", .saved_at = now + 30 * day };
  g_autoptr(VtStoreItem) sent = NULL;
  g_autoptr(VtStoreItem) queued = NULL;
  g_autoptr(GPtrArray) drafts = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (claimed->len, ==, 1);
  g_assert_true (vt_store_mark_sent (fixture->store, "uuid:r1", 201, "<ok/>", now, &error));
  g_assert_true (vt_store_save_draft (fixture->store, &old, &error));
  g_assert_true (vt_store_save_draft (fixture->store, &fresh, &error));

  /* retention-days 30, draft-days 14, 31 days on. */
  g_assert_true (vt_store_apply_retention (fixture->store, 30, 14, now + 31 * day, &error));
  g_assert_no_error (error);

  sent = vt_store_get_item (fixture->store, "uuid:r1", &error);
  g_assert_no_error (error);
  g_assert_null (sent->xml);
  g_assert_cmpint (sent->state, ==, VT_STORE_STATE_SENT);
  queued = vt_store_get_item (fixture->store, "uuid:r2", &error);
  g_assert_no_error (error);
  g_assert_nonnull (queued->xml);
  g_assert_cmpuint (count_events (fixture->store, "uuid:r1", "purged"), ==, 1);
  drafts = vt_store_list_drafts (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 1);
  g_assert_cmpstr (((VtStoreDraft *) g_ptr_array_index (drafts, 0))->id, ==, "d-new");
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM events WHERE what = 'drafts-purged'"), ==, 1);

  /* A second pass finds nothing more to do. */
  g_assert_true (vt_store_apply_retention (fixture->store, 30, 14, now + 31 * day, &error));
  g_assert_cmpuint (count_events (fixture->store, "uuid:r1", "purged"), ==, 1);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM events WHERE what = 'drafts-purged'"), ==, 1);
}

static void
test_drafts (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();
  VtStoreDraft old = { .id = "d-old", .form_id = "permit", .form_version = "1",
                       .answers_json = "{}", .saved_by = "marta", .saved_at = now - 10 * 86400 * SECOND };
  VtStoreDraft fresh = { .id = "d-new", .form_id = "permit", .form_version = "1",
                         .answers_json = "{\"/data/name\": \"Ana\"}", .saved_by = "marta" };
  g_autoptr(VtStoreDraft) got = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) after = NULL;

  g_assert_true (vt_store_save_draft (fixture->store, &old, &error));
  g_assert_true (vt_store_save_draft (fixture->store, &fresh, &error));
  g_assert_no_error (error);

  got = vt_store_get_draft (fixture->store, "d-new", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->answers_json, ==, fresh.answers_json);
  g_assert_cmpint (got->saved_at, >=, now);

  list = vt_store_list_drafts (fixture->store, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((VtStoreDraft *) g_ptr_array_index (list, 0))->id, ==, "d-new");

  g_assert_cmpint (vt_store_purge_drafts (fixture->store, 7, now, &error), ==, 1);
  g_assert_true (vt_store_delete_draft (fixture->store, "d-new", &error));
  after = vt_store_list_drafts (fixture->store, &error);
  g_assert_cmpuint (after->len, ==, 0);
  g_assert_null (vt_store_get_draft (fixture->store, "d-new", &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_FOUND);
}

/* ---- schema versions ------------------------------------------------------------ */

static void
exec_ok (VtStore    *store,
         const char *sql)
{
  vt_test_exec (vt_store_get_db (store), sql);
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

/* ---- ventanilla-ctl queue ------------------------------------------------------------ */

static void
test_ctl_queue (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *c1 = enqueue (fixture->store, "uuid:q1");
  g_autofree char *c2 = enqueue (fixture->store, "uuid:q2");
  g_autofree char *c3 = enqueue (fixture->store, "uuid:q3");
  gint64 now = g_get_real_time () + SECOND;
  g_autoptr(GPtrArray) claimed = vt_store_claim (fixture->store, 2, 60 * SECOND, now, &error);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  g_assert_true (vt_store_mark_sent (fixture->store, "uuid:q1", 201, NULL, now, &error));
  g_assert_true (vt_store_mark_rejected (fixture->store, "uuid:q2", 400, "bad", now, &error));
  g_assert_true (vt_store_set_last_sync (fixture->store, 1764337200 * SECOND, &error));
  g_assert_no_error (error);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "queue", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_str_has_prefix (out, "queued 1\nsending 0\nsent 1\nrejected 1\ndiscarded 0\noldest_queued 20"));
  g_assert_nonnull (strstr (out, "\nlast_sync 2025-11-28T13:40:00Z\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "queue", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (object, "queued"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "sending"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "sent"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "rejected"), ==, 1);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (object, "oldest_queued"), "Z"));
  g_assert_cmpstr (json_object_get_string_member (object, "last_sync"), ==, "2025-11-28T13:40:00Z");
  g_assert_false (json_object_has_member (object, "submissions"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "queue", "--list", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "uuid:q1 sent 1\nuuid:q2 rejected 1\nuuid:q3 queued 0\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "queue", "--json", "--list", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "submissions")), ==, 3);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "queue", "extra", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
}

static void
test_ctl_queue_errors (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("store-ctl");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *path = g_build_filename (dir, VT_STORE_FILE_NAME, NULL);
  g_autofree char *fresh = g_build_filename (dir, "fresh", NULL);

  g_assert_true (g_file_set_contents (path, "garbage garbage garbage garbage garbage garbage garbage garbage "
                                            "garbage garbage garbage garbage", -1, NULL));
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", dir, "queue", "--json", NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "damaged"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A kiosk that never stored anything has an empty, valid queue. */
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fresh, "queue", "--json", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "{\"queued\":0,\"sending\":0,\"sent\":0,\"rejected\":0,\"discarded\":0,"
                            "\"oldest_queued\":null,\"last_sync\":null}\n");
  vt_test_rmdir_recursive (dir);
}

static const char test_form[] =
  "<?xml version=\"1.0\"?>\n"
  "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\" "
  "xmlns:jr=\"http://openrosa.org/javarosa\">\n"
  " <h:head><h:title>Permiso de prueba</h:title>\n"
  "  <model>\n"
  "   <instance><data id=\"test_permit\" version=\"3\"><name/><age/><meta><instanceID/></meta></data></instance>\n"
  "   <bind nodeset=\"/data/name\" type=\"string\" required=\"true()\"/>\n"
  "   <bind nodeset=\"/data/age\" type=\"int\" constraint=\". &gt;= 0\"/>\n"
  "   <bind nodeset=\"/data/meta/instanceID\" type=\"string\" readonly=\"true()\" jr:preload=\"uid\"/>\n"
  "  </model>\n"
  " </h:head>\n"
  " <h:body>\n"
  "  <input ref=\"/data/name\"><label>Name</label></input>\n"
  "  <input ref=\"/data/age\"><label>Age</label></input>\n"
  " </h:body>\n"
  "</h:html>\n";

static const char upload_form[] =
  "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\">"
  "<h:head><h:title>Foto</h:title><model>"
  "<instance><data id=\"photo_form\" version=\"1\"><name/><photo/><meta><instanceID/></meta></data></instance>"
  "<bind nodeset=\"/data/name\" type=\"string\"/>"
  "<bind nodeset=\"/data/photo\" type=\"binary\" required=\"true()\"/>"
  "</model></h:head><h:body>"
  "<input ref=\"/data/name\"><label>Name</label></input>"
  "<upload ref=\"/data/photo\" mediatype=\"image/*\"><label>Photo</label></upload>"
  "</h:body></h:html>";

/* An upload answer names a file: enqueue takes it (beside the answers
 * file, or given with --attach), byte for byte, and refuses a name with
 * no file, a file of the wrong kind, and an --attach no answer names. */
static void
test_ctl_enqueue_files (Fixture       *fixture,
                        gconstpointer  data)
{
  static const guint8 jpeg_head[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01, 0x01 };
  g_autofree char *form = vt_test_write_file (fixture->dir, "photo.xml", upload_form);
  g_autofree char *answers = vt_test_write_file (fixture->dir, "answers.json",
                                                 "{\"/data/name\": \"Ana\", \"/data/photo\": \"foto.jpg\"}");
  g_autofree char *other_dir = g_build_filename (fixture->dir, "usb", NULL);
  g_autofree char *photo_path = g_build_filename (fixture->dir, "foto.jpg", NULL);
  g_autofree char *elsewhere = g_build_filename (other_dir, "IMG_0001.JPG", NULL);
  g_autofree char *attach = g_strconcat ("foto.jpg=", elsewhere, NULL);
  g_autoptr(GByteArray) photo = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_byte_array_append (photo, jpeg_head, sizeof jpeg_head);
  for (guint i = 0; i < 300000; i++)
    g_byte_array_append (photo, (const guint8 *) &i, 1);

  /* No file beside the answers: refused, with what to do. */
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "enqueue", form,
                                    "--answers", answers, NULL), ==, 1);
  g_assert_true (g_str_has_prefix (out, "/data/photo: "));
  g_assert_nonnull (strstr (out, "foto.jpg"));
  g_assert_nonnull (strstr (out, "--attach"));
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM submissions"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Not a picture, whatever its name says. */
  g_assert_true (g_file_set_contents (photo_path, "just words\n", -1, &error));
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "enqueue", form,
                                    "--answers", answers, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "not a kind of file"));
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM submissions"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Beside the answers file: queued with it. */
  g_assert_true (g_file_set_contents (photo_path, (const char *) photo->data, photo->len, &error));
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "enqueue", form,
                                    "--answers", answers, NULL), ==, 0);
  {
    g_autofree char *id = g_strndup (out, strlen (out) - 1);
    g_autoptr(VtStoreItem) item = vt_store_get_item (fixture->store, id, &error);
    g_autoptr(GBytes) stored = NULL;
    VtAttachment *a;

    g_assert_no_error (error);
    g_assert_nonnull (strstr (item->xml, "<photo>foto.jpg</photo>"));
    g_assert_cmpuint (item->attachments->len, ==, 1);
    a = g_ptr_array_index (item->attachments, 0);
    g_assert_cmpstr (a->name, ==, "foto.jpg");
    g_assert_cmpstr (a->content_type, ==, "image/jpeg");
    stored = vt_attachment_read_all (a, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (stored, NULL), g_bytes_get_size (stored), photo->data, photo->len);
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* From elsewhere with --attach; the answer keeps its name. */
  g_assert_cmpint (g_mkdir (other_dir, 0700), ==, 0);
  photo->data[100] ^= 0xff;
  g_assert_true (g_file_set_contents (elsewhere, (const char *) photo->data, photo->len, &error));
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "enqueue", form,
                                    "--answers", answers, "--attach", attach, NULL), ==, 0);
  {
    g_autofree char *id = g_strndup (out, strlen (out) - 1);
    g_autoptr(VtStoreItem) item = vt_store_get_item (fixture->store, id, &error);
    g_autoptr(GBytes) stored = vt_attachment_read_all (g_ptr_array_index (item->attachments, 0), &error);

    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (stored, NULL), g_bytes_get_size (stored), photo->data, photo->len);
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* An --attach no answer names is a mistake worth saying. */
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "enqueue", form,
                                    "--answers", answers, "--attach", "scan.pdf=/tmp/scan.pdf", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "scan.pdf"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "enqueue", form,
                                    "--answers", answers, "--attach", "no-equals-sign", NULL), ==, 2);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM submissions"), ==, 2);
}

static void
test_ctl_enqueue (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *form = vt_test_write_file (fixture->dir, "form.xml", test_form);
  g_autofree char *answers = vt_test_write_file (fixture->dir, "answers.json",
                                                 "{\"/data/name\": \"Ana\", \"/data/age\": \"30\"}");
  g_autofree char *bad = vt_test_write_file (fixture->dir, "bad.json", "{\"/data/age\": \"-3\"}");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *instance_id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStoreItem) item = NULL;
  g_autoptr(VtReceipt) receipt = NULL;
  g_autoptr(VtStoreForm) stored_form = NULL;
  g_autoptr(GPtrArray) active = NULL;

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "enqueue", form,
                                    "--answers", answers, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "uuid:"));
  g_assert_true (g_str_has_suffix (out, "\n"));
  g_assert_null (strchr (out, ' '));
  instance_id = g_strndup (out, strlen (out) - 1);

  /* Printed after COMMIT: this process's own connection sees it whole. */
  item = vt_store_get_item (fixture->store, instance_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (item->state, ==, VT_STORE_STATE_QUEUED);
  g_assert_cmpstr (item->form_id, ==, "test_permit");
  g_assert_cmpstr (item->form_version, ==, "3");
  g_assert_nonnull (strstr (item->xml, "<name>Ana</name>"));
  g_assert_nonnull (strstr (item->xml, instance_id));
  receipt = vt_store_get_receipt_for (fixture->store, instance_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (receipt->service_title, ==, "Permiso de prueba");
  g_assert_cmpuint (count_events (fixture->store, instance_id, "enqueued"), ==, 1);

  /* The form version is known to the store, but not offered in the catalogue. */
  stored_form = vt_store_get_form (fixture->store, "test_permit", "3", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored_form->source, ==, "file");
  g_assert_false (stored_form->active);
  active = vt_store_list_forms (fixture->store, TRUE, &error);
  g_assert_cmpuint (active->len, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Invalid answers: the engine's lines, nothing queued. */
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "enqueue", form,
                                    "--answers", bad, NULL), ==, 1);
  g_assert_true (g_str_has_prefix (out, "/data/name: "));
  g_assert_nonnull (strstr (out, "\n/data/age: "));
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM submissions"), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "enqueue", form, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--answers"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A second one from the same form gets its own instanceID. */
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "enqueue", form,
                                    "--answers", answers, "--assisted-by", "marta", NULL), ==, 0);
  g_assert_cmpstr (out, !=, "");
  g_assert_false (g_str_has_prefix (out, instance_id));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "queue", "--json", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "{\"queued\":2,"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/vt/store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("open", test_open);
  g_test_add_func ("/vt/store/open-creates-dir", test_open_creates_dir);
  ADD ("enqueue", test_enqueue);
  ADD ("enqueue-duplicate", test_enqueue_duplicate);
  ADD ("enqueue-invalid", test_enqueue_invalid);
  ADD ("enqueue-import-code", test_enqueue_import_code);
  ADD ("derived-codes", test_derived_codes);
  ADD ("code-collisions", test_code_collisions);
  ADD ("no-delete", test_no_delete);
  ADD ("state-check", test_state_check);
  ADD ("batch-write-failure", test_batch_write_failure);
  ADD ("claim-and-sent", test_claim_and_sent);
  ADD ("retry-backoff", test_retry_backoff);
  ADD ("bounded", test_bounded);
  ADD ("lease-expiry", test_lease_expiry);
  ADD ("rejected", test_rejected);
  ADD ("counts", test_counts);
  ADD ("purge", test_purge);
  ADD ("retention", test_retention);
  ADD ("damaged-attachment", test_damaged_attachment);
  ADD ("attachment-streamed", test_attachment_streamed);
  ADD ("attachment-changed", test_attachment_changed);
  ADD ("claim-mixed", test_claim_mixed);
  ADD ("claim-due-order", test_claim_due_order);
  ADD ("events", test_events);
  ADD ("meta", test_meta);
  ADD ("forms", test_forms);
  ADD ("drafts", test_drafts);
  g_test_add_func ("/vt/store/migrations", test_migrations);
  g_test_add_func ("/vt/store/newer-schema", test_newer_schema);
  g_test_add_func ("/vt/store/corrupt", test_corrupt);
  ADD ("disk-full", test_disk_full);
  g_test_add_func ("/vt/store/disk-full-tmpfs", test_disk_full_tmpfs);
  g_test_add_func ("/vt/store/read-only", test_read_only);
  ADD ("two-connections", test_two_connections);
  ADD ("busy", test_busy);
  ADD ("ctl-queue", test_ctl_queue);
  ADD ("ctl-enqueue", test_ctl_enqueue);
  ADD ("ctl-enqueue-files", test_ctl_enqueue_files);
  g_test_add_func ("/vt/store/ctl-queue-errors", test_ctl_queue_errors);
#undef ADD

  return g_test_run ();
}
