/* The store's outbox: enqueue and its checks, reference codes, the state
 * machine (claim, sent, retry, release, rejected, lease expiry), batches,
 * counts, purge and retention. */
#include "config.h"

#include "vt-feedback.h"
#include "vt-kiosk-status.h"
#include "vt-store-test-fixture.h"

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

/* One submission of form_id, made at created_at, not sent before
 * not_before (0: due at once). */
static void
enqueue_form (VtStore    *store,
              const char *instance_id,
              const char *form_id,
              gint64      created_at,
              gint64      not_before)
{
  g_autoptr(VtTestSubmission) submission = vt_test_submission_new (instance_id, 1000, 0);
  VtStoreEnqueueOptions options = {
    .service_title = "Permiso de venta",
    .created_at = created_at,
    .not_before = not_before,
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  g_free (submission->form_id);
  submission->form_id = g_strdup (form_id);
  code = vt_store_enqueue (store, submission, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (code);
}

/* The citizens' applications, less the kiosk's health reports and
 * feedback answers, in each of the indexes an unsent row can be in:
 * fresh, held back (waiting) and being sent. */
static void
test_application_counts (Fixture       *fixture,
                         gconstpointer  data)
{
  const char * const *own = vt_kiosk_own_forms ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claimed = NULL;
  gint64 base = g_get_real_time ();
  gint64 later = base + 3600 * SECOND;
  VtStoreCounts all, apps;

  g_assert_true (g_strv_contains ((const char * const *) own, VT_KIOSK_STATUS_FORM_ID));
  g_assert_true (g_strv_contains ((const char * const *) own, VT_FEEDBACK_FORM_ID));

  g_assert_true (vt_store_get_application_counts (fixture->store, own, &apps, &error));
  g_assert_no_error (error);
  for (int i = 0; i < VT_STORE_N_STATES; i++)
    g_assert_cmpuint (apps.n[i], ==, 0);
  g_assert_cmpint (apps.oldest_queued, ==, 0);

  enqueue_form (fixture->store, "uuid:report-1", VT_KIOSK_STATUS_FORM_ID, base - 1000 * SECOND, 0);
  enqueue_form (fixture->store, "uuid:feedback-1", VT_FEEDBACK_FORM_ID, base - 900 * SECOND, 0);
  enqueue_form (fixture->store, "uuid:feedback-2", VT_FEEDBACK_FORM_ID, base - 800 * SECOND, later);
  enqueue_form (fixture->store, "uuid:app-1", "permit", base - 500 * SECOND, 0);
  enqueue_form (fixture->store, "uuid:app-2", "permit", base - 400 * SECOND, later);
  enqueue_form (fixture->store, "uuid:report-2", VT_KIOSK_STATUS_FORM_ID, base - 300 * SECOND, 0);
  enqueue_form (fixture->store, "uuid:app-3", "permit", base - 200 * SECOND, 0);

  /* The three due earliest: report-1, feedback-1, app-1. */
  claimed = vt_store_claim (fixture->store, 3, 60 * SECOND, base + SECOND, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claimed->len, ==, 3);

  g_assert_true (vt_store_get_counts (fixture->store, &all, &error));
  g_assert_cmpuint (all.n[VT_STORE_STATE_QUEUED], ==, 4);
  g_assert_cmpuint (all.n[VT_STORE_STATE_SENDING], ==, 3);
  g_assert_cmpint (all.oldest_queued, ==, base - 1000 * SECOND);

  g_assert_true (vt_store_get_application_counts (fixture->store, own, &apps, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (apps.n[VT_STORE_STATE_QUEUED], ==, 2);   /* app-2 (held back), app-3 */
  g_assert_cmpuint (apps.n[VT_STORE_STATE_SENDING], ==, 1);  /* app-1 */
  g_assert_cmpint (apps.oldest_queued, ==, base - 500 * SECOND);
  g_assert_cmpint (apps.last_sync, ==, all.last_sync);
  g_assert_cmpint (apps.next_due, ==, all.next_due);

  /* Once app-1 and report-1 are sent, app-2 is the oldest waiting; the
   * states a row leaves the outbox in keep every form's total. */
  g_assert_true (vt_store_mark_sent (fixture->store, "uuid:app-1", 201, NULL, base + 2 * SECOND, &error));
  g_assert_true (vt_store_mark_sent (fixture->store, "uuid:report-1", 201, NULL, base + 2 * SECOND, &error));
  g_assert_true (vt_store_get_application_counts (fixture->store, own, &apps, &error));
  g_assert_cmpuint (apps.n[VT_STORE_STATE_QUEUED], ==, 2);
  g_assert_cmpuint (apps.n[VT_STORE_STATE_SENDING], ==, 0);  /* feedback-1 is still being sent */
  g_assert_cmpint (apps.oldest_queued, ==, base - 400 * SECOND);
  g_assert_cmpuint (apps.n[VT_STORE_STATE_SENT], ==, 2);

  /* With nothing left out, the same figures as vt_store_get_counts(). */
  {
    const char * const none[] = { NULL };

    g_assert_true (vt_store_get_counts (fixture->store, &all, &error));
    g_assert_true (vt_store_get_application_counts (fixture->store, none, &apps, &error));
    g_assert_no_error (error);
    for (int i = 0; i < VT_STORE_N_STATES; i++)
      g_assert_cmpuint (apps.n[i], ==, all.n[i]);
    g_assert_cmpint (apps.oldest_queued, ==, all.oldest_queued);
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

/* What the sync worker runs on its timer: old sent payloads and old drafts
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
  VtStoreDraft old = { .id = (char *) "d-old", .form_id = (char *) "permit", .form_version = (char *) "1",
                       .answers_json = (char *) "{}", .saved_at = now + 16 * day };
  VtStoreDraft fresh = { .id = (char *) "d-new", .form_id = (char *) "permit", .form_version = (char *) "1",
                         .answers_json = (char *) "{}", .saved_at = now + 30 * day };
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

/* Years of sent applications are purged in batches (each its own short
 * transaction, so an enqueue never waits for all of them), every one with
 * its event, and the pages they held go back to the disk: the file shrinks
 * and keeps no free pages (issue 26; the figures at scale are
 * tests/bench/bench-years.c's). */
static void
test_retention_batches (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 now;
  gint64 day = 86400 * SECOND;
  const guint n = 150;
  gint64 before, after;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:b%u", i);
      g_autofree char *code = enqueue (fixture->store, id);
    }
  /* After the last enqueue (slow under the sanitizers): all of them due. */
  now = g_get_real_time () + SECOND;
  {
    g_autoptr(GPtrArray) claimed = vt_store_claim (fixture->store, n, 60 * SECOND, now, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (claimed->len, ==, n);
  }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:b%u", i);

      g_assert_true (vt_store_mark_sent (fixture->store, id, 201, "<ok/>", now, &error));
    }
  before = sql_int (fixture->store, "PRAGMA page_count");

  g_assert_true (vt_store_apply_retention (fixture->store, 30, 14, now + 31 * day, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM submissions WHERE purged = 1"), ==, n);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM events WHERE what = 'purged'"), ==, n);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM payloads"), ==, 0);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM attachments"), ==, 0);
  g_assert_cmpint (sql_int (fixture->store, "PRAGMA freelist_count"), ==, 0);
  after = sql_int (fixture->store, "PRAGMA page_count");
  /* 150 payloads of 4 KB and their attachments were most of the file. */
  g_assert_cmpint (after, <, before / 2);
}

/* Whether any file of the database (the database, its write-ahead log)
 * holds text. */
static gboolean
database_holds (VtStore    *store,
                const char *text)
{
  const char *suffixes[] = { "", "-wal", "-journal" };

  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (vt_store_get_path (store), suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;
      gsize n = strlen (text);

      if (!g_file_get_contents (path, &contents, &length, NULL))
        continue;
      for (gsize at = 0; at + n <= length; at++)
        if (memcmp (contents + at, text, n) == 0)
          return TRUE;
    }
  return FALSE;
}

/* What retention deletes does not stay behind in free pages of the
 * database or in its write-ahead log (PRAGMA secure_delete, then a
 * checkpoint that empties the log). */
static void
test_retention_leaves_no_trace (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\"?><data id=\"permit\" version=\"1\"><name>");
  g_autoptr(GPtrArray) claimed = NULL;
  g_autofree char *code = NULL;
  gint64 now = g_get_real_time ();
  gint64 day = 86400 * SECOND;
  VtStoreEnqueueOptions options = { .service_title = "Permiso" };
  VtSubmission submission = { (char *) "uuid:secret-1", (char *) "permit", (char *) "1", NULL, NULL };
  VtStoreDraft draft = { .id = (char *) "d-secret", .form_id = (char *) "permit", .form_version = (char *) "1",
                         .answers_json = (char *) "{\"answers\": [{\"path\": \"/data/name\", \"value\": \"Borrador-Secreto-4412\"}]}",
                         .saved_at = now - 20 * day };

  /* Long enough to need overflow pages, which a purge frees whole. */
  while (xml->len < 6000)
    g_string_append (xml, "Enviado-Secreto-7731 ");
  g_string_append (xml, "</name><meta><instanceID>uuid:secret-1</instanceID></meta></data>");
  submission.xml = xml->str;
  code = vt_store_enqueue (fixture->store, &submission, &options, &error);
  g_assert_no_error (error);
  g_assert_true (vt_store_save_draft (fixture->store, &draft, &error));
  claimed = vt_store_claim (fixture->store, 1, 60 * SECOND, now + SECOND, &error);
  g_assert_cmpuint (claimed->len, ==, 1);
  g_assert_true (vt_store_mark_sent (fixture->store, "uuid:secret-1", 201, "<ok/>", now - 40 * day, &error));
  /* Into the database file itself, as the log's own checkpoints would. */
  g_assert_cmpint (sqlite3_wal_checkpoint_v2 (vt_store_get_db (fixture->store), NULL,
                                              SQLITE_CHECKPOINT_PASSIVE, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (database_holds (fixture->store, "Enviado-Secreto-7731"));
  g_assert_true (database_holds (fixture->store, "Borrador-Secreto-4412"));

  g_assert_true (vt_store_apply_retention (fixture->store, 30, 14, now, &error));
  g_assert_no_error (error);

  g_assert_false (database_holds (fixture->store, "Enviado-Secreto-7731"));
  g_assert_false (database_holds (fixture->store, "Borrador-Secreto-4412"));
  /* The receipt stays. */
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM submissions WHERE instance_id = 'uuid:secret-1'"),
                   ==, 1);
}


int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/vt/store-outbox/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
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
  ADD ("application-counts", test_application_counts);
  ADD ("purge", test_purge);
  ADD ("retention", test_retention);
  ADD ("retention-batches", test_retention_batches);
  ADD ("retention-leaves-no-trace", test_retention_leaves_no_trace);
  ADD ("damaged-attachment", test_damaged_attachment);
  ADD ("attachment-streamed", test_attachment_streamed);
  ADD ("attachment-changed", test_attachment_changed);
  ADD ("claim-mixed", test_claim_mixed);
  ADD ("claim-due-order", test_claim_due_order);
#undef ADD

  return g_test_run ();
}
