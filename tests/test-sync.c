#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <unistd.h>
#include <string.h>

#include "vt-store-private.h"
#include "vt-sync-private.h"
#include "vt-test-server.h"
#include "vt-test-utils.h"

/* ---- helpers ---------------------------------------------------------------- */

static void
enqueue_n (VtStore    *store,
           const char *prefix,
           guint       n,
           guint       with_attachment_every)
{
  for (guint i = 0; i < n; i++)
    {
      VtSubmission s = { 0 };
      VtStoreEnqueueOptions options = { .service_title = "Permit" };
      g_autoptr(GError) error = NULL;
      g_autofree char *code = NULL;
      g_autoptr(GPtrArray) attachments = g_ptr_array_new ();
      VtAttachment photo = { 0 };

      s.instance_id = g_strdup_printf ("uuid:%s-%05u", prefix, i);
      s.form_id = (char *) "permit";
      s.form_version = (char *) "1";
      s.xml = g_strdup_printf ("<?xml version=\"1.0\"?><data id=\"permit\" version=\"1\">"
                               "<name>Citizen %u</name><meta><instanceID>%s</instanceID></meta></data>",
                               i, s.instance_id);
      s.attachments = attachments;
      if (with_attachment_every > 0 && i % with_attachment_every == 0)
        {
          photo.name = (char *) "photo.jpg";
          photo.content_type = (char *) "image/jpeg";
          photo.bytes = g_bytes_new_static ("JPEGDATA", 8);
          g_ptr_array_add (attachments, &photo);
        }
      code = vt_store_enqueue (store, &s, &options, &error);
      g_assert_no_error (error);
      g_assert_nonnull (code);
      g_clear_pointer (&photo.bytes, g_bytes_unref);
      g_free (s.instance_id);
      g_free (s.xml);
    }
}

typedef struct
{
  char         *dir;
  char         *data_dir;
  VtTestServer *server;
  VtConfig     *config;
  VtStore      *store;
} Fixture;

static void
fixture_start (Fixture                   *f,
               const VtTestServerOptions *options)
{
  g_autoptr(GError) error = NULL;

  /* Killing a process leaves the page cache intact, so fsync speed is not
   * what these tests are about: in memory they do not wait on a busy disk. */
  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && g_access ("/dev/shm", W_OK) == 0)
    {
      f->dir = g_build_filename ("/dev/shm", "vt-sync-XXXXXX", NULL);
      if (g_mkdtemp (f->dir) == NULL)
        g_clear_pointer (&f->dir, g_free);
    }
  if (f->dir == NULL)
    f->dir = vt_test_make_tmpdir ("sync");
  f->data_dir = g_build_filename (f->dir, "data", NULL);
  f->server = vt_test_server_new (options, &error);
  g_assert_no_error (error);

  f->config = vt_config_new_default ();
  vt_config_set_data_dir (f->config, f->data_dir);
  f->config->server_url = g_strdup (vt_test_server_get_url (f->server));
  f->config->allow_http = TRUE;
  f->config->retry_min_seconds = 0.005;
  f->config->retry_max_seconds = 0.1;
  f->config->interval_seconds = 3600;
  f->config->parallel = 4;
  f->config->connect_timeout_seconds = 2;
  f->config->stall_timeout_seconds = 2;
  f->config->request_timeout_seconds = 5;

  f->store = vt_store_open (f->data_dir, &error);
  g_assert_no_error (error);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  fixture_start (f, NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_pointer (&f->store, vt_store_close);
  g_clear_pointer (&f->server, vt_test_server_free);
  g_clear_pointer (&f->config, vt_config_free);
  vt_test_rmdir_recursive (f->dir);
  g_free (f->dir);
  g_free (f->data_dir);
}

static guint
store_count (Fixture      *f,
             VtStoreState  state)
{
  VtStoreCounts counts = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (vt_store_get_counts (f->store, &counts, &error));
  g_assert_no_error (error);
  return counts.n[state];
}

/* Every row still queued, none attempted: nothing was spent or lost. */
static void
assert_all_queued_unspent (Fixture *f,
                           guint    n)
{
  g_autoptr(GPtrArray) rows = vt_store_list_submissions (f->store, VT_STORE_ALL_STATES, 0, NULL);

  g_assert_cmpuint (rows->len, ==, n);
  for (guint i = 0; i < rows->len; i++)
    {
      VtStoreSubmissionInfo *info = g_ptr_array_index (rows, i);
      g_assert_cmpint (info->state, ==, VT_STORE_STATE_QUEUED);
      g_assert_cmpint (info->attempts, ==, 0);
    }
}

typedef struct
{
  VtSync       *sync;
  VtStoreState  state;
  guint         count;
  VtSyncStatus  status;
  guint         passes;
} Wait;

static gboolean
count_reached (gpointer data)
{
  Wait *w = data;
  return vt_sync_get_count (w->sync, w->state) >= w->count;
}

static gboolean
status_reached (gpointer data)
{
  Wait *w = data;
  return vt_sync_get_status (w->sync) == w->status && vt_sync_get_passes (w->sync) >= w->passes;
}

static void
flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static VtSync *
start_worker (Fixture *f)
{
  VtSync *sync = vt_sync_new (f->config);

  vt_sync_set_watch_network (sync, FALSE);
  vt_sync_start (sync);
  return sync;
}

/* ---- tests ---------------------------------------------------------------------- */

static void
test_backoff (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (int failures = 1; failures < 30; failures++)
    for (int k = 0; k < 50; k++)
      {
        double d = vt_sync_backoff_seconds (5, 900, failures, -1, rand);
        double cap = MIN (900, 5 * (double) (1u << MIN (failures - 1, 20)));

        g_assert_cmpfloat (d, >=, 5);
        g_assert_cmpfloat (d, <=, cap);
      }
  /* Full jitter: not always the same value. */
  g_assert_cmpfloat (vt_sync_backoff_seconds (1, 100, 8, -1, rand), !=,
                     vt_sync_backoff_seconds (1, 100, 8, -1, rand));
  /* Retry-After is honoured. */
  g_assert_cmpfloat (vt_sync_backoff_seconds (1, 2, 1, 120, rand), ==, 120);
  g_assert_cmpfloat (vt_sync_backoff_seconds (1, 2, 1, 0, rand), >=, 1);
}

static void
test_pass_sends (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtSyncRunner) runner = NULL;
  VtSyncReport report = { 0 };
  g_autoptr(VtStoreItem) item = NULL;

  enqueue_n (f->store, "pass", 25, 5);
  runner = vt_sync_runner_new (f->config, f->store, &error);
  g_assert_no_error (error);
  g_assert_true (vt_sync_runner_pass (runner, VT_SYNC_PASS_SUBMISSIONS, NULL, &report));
  g_assert_cmpuint (report.sent, ==, 25);
  g_assert_cmpuint (store_count (f, VT_STORE_STATE_SENT), ==, 25);
  g_assert_cmpuint (vt_test_server_count_instances (f->server), ==, 25);
  g_assert_cmpuint (vt_test_server_count_attachments (f->server, "uuid:pass-00005"), ==, 1);
  g_assert_cmpuint (vt_test_server_count_attachments (f->server, "uuid:pass-00006"), ==, 0);
  vt_sync_report_clear (&report);

  /* A rejection keeps the server's words. */
  enqueue_n (f->store, "rej", 1, 0);
  vt_test_server_set_mode (f->server, VT_TEST_MODE_REJECT_ALL);
  vt_sync_runner_pass (runner, VT_SYNC_PASS_SUBMISSIONS, NULL, &report);
  g_assert_cmpuint (report.rejected, ==, 1);
  g_assert_cmpuint (store_count (f, VT_STORE_STATE_REJECTED), ==, 1);
  {
    g_autoptr(GPtrArray) rows = vt_store_list_submissions (f->store, VT_STORE_STATE_MASK (VT_STORE_STATE_REJECTED), 0, NULL);
    VtStoreSubmissionInfo *info = g_ptr_array_index (rows, 0);
    g_assert_nonnull (strstr (info->last_error, "This form does not accept submissions."));
    g_assert_cmpint (info->http_status, ==, 400);
  }
  vt_sync_report_clear (&report);
}

/* Big photos go from files into the store and from the store to the server
 * a chunk at a time, and arrive byte for byte; one whose bytes changed on
 * the kiosk's disk (same length) is never delivered half: the request is
 * cut, the application kept as rejected for a clerk, the others sent. */
static void
test_attachments_streamed (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtSyncRunner) runner = NULL;
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  VtSyncReport report = { 0 };

  for (guint i = 0; i < 3; i++)
    {
      VtSubmission s = { 0 };
      VtStoreEnqueueOptions options = { .service_title = "Permit" };
      g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_attachment_free);
      g_autofree char *code = NULL;
      g_autofree char *path = g_strdup_printf ("%s/photo-%u.jpg", f->dir, i);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      gsize size = 3 * 1024 * 1024 + i * 1001;
      guint8 *content = g_malloc (size);

      for (gsize b = 0; b < size; b++)
        content[b] = (guint8) ((b + i) * 2654435761u >> 11);
      g_assert_true (g_file_set_contents (path, (const char *) content, size, &error));
      g_ptr_array_add (photos, g_bytes_new_take (content, size));
      g_ptr_array_add (attachments, vt_attachment_new_for_file ("photo.jpg", "image/jpeg", file, &error));
      g_assert_no_error (error);

      s.instance_id = g_strdup_printf ("uuid:big-%u", i);
      s.form_id = (char *) "permit";
      s.form_version = (char *) "1";
      s.xml = g_strdup_printf ("<?xml version=\"1.0\"?><data id=\"permit\" version=\"1\">"
                               "<photo>photo.jpg</photo><meta><instanceID>%s</instanceID></meta></data>",
                               s.instance_id);
      s.attachments = attachments;
      code = vt_store_enqueue (f->store, &s, &options, &error);
      g_assert_no_error (error);
      g_free (s.instance_id);
      g_free (s.xml);
    }
  /* The second one's photo changes on the disk, its length kept. */
  g_assert_cmpint (sqlite3_exec (vt_store_get_db (f->store),
                                 "UPDATE attachments SET bytes = CAST (x'ff' || substr (bytes, 2) AS BLOB) WHERE submission = "
                                 "(SELECT id FROM submissions WHERE instance_id = 'uuid:big-1')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  runner = vt_sync_runner_new (f->config, f->store, &error);
  g_assert_no_error (error);
  vt_sync_runner_pass (runner, VT_SYNC_PASS_SUBMISSIONS, NULL, &report);
  g_assert_cmpuint (report.sent, ==, 2);
  g_assert_cmpuint (report.rejected, ==, 1);
  for (guint i = 0; i < 3; i += 2)
    {
      g_autofree char *id = g_strdup_printf ("uuid:big-%u", i);
      g_autoptr(GBytes) arrived = vt_test_server_get_attachment (f->server, id, "photo.jpg");

      g_assert_nonnull (arrived);
      g_assert_true (g_bytes_equal (arrived, g_ptr_array_index (photos, i)));
    }
  g_assert_false (vt_test_server_has_instance (f->server, "uuid:big-1"));
  {
    g_autoptr(GPtrArray) rows = vt_store_list_submissions (f->store, VT_STORE_STATE_MASK (VT_STORE_STATE_REJECTED), 0, NULL);
    VtStoreSubmissionInfo *info = g_ptr_array_index (rows, 0);

    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpstr (info->instance_id, ==, "uuid:big-1");
    g_assert_nonnull (strstr (info->last_error, "damaged"));
  }
  vt_sync_report_clear (&report);
}

typedef struct
{
  VtStore *other;                  /* another connection, as the kiosk's screen has */
  GThread *thread;                 /* where the progress was reported */
  guint    calls;
  guint    sent;                   /* sent rows the other connection saw last */
} ProgressSeen;

static void
record_progress (VtSyncRunner *runner,
                 gpointer      data)
{
  ProgressSeen *seen = data;
  g_autoptr(GError) error = NULL;
  VtStoreCounts counts;

  seen->thread = g_thread_self ();
  seen->calls++;
  g_assert_true (vt_store_get_counts (seen->other, &counts, &error));
  g_assert_no_error (error);
  /* Each report follows a burst of deliveries that is on the disk. */
  g_assert_cmpuint (counts.n[VT_STORE_STATE_SENT], >, seen->sent);
  seen->sent = counts.n[VT_STORE_STATE_SENT];
}

/* A pass runs in the thread that calls it, store connection included, and
 * reports progress only once what it reports is committed: another
 * connection already sees those rows as sent. */
static void
test_progress_follows_the_disk (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtSyncRunner) runner = NULL;
  g_autoptr(VtStore) other = vt_store_open (f->data_dir, &error);
  VtSyncReport report = { 0 };
  ProgressSeen seen = { other };

  g_assert_no_error (error);
  enqueue_n (f->store, "burst", 150, 0);
  runner = vt_sync_runner_new (f->config, f->store, &error);
  g_assert_no_error (error);
  vt_sync_runner_set_progress (runner, record_progress, &seen);
  g_assert_true (vt_sync_runner_pass (runner, VT_SYNC_PASS_SUBMISSIONS, NULL, &report));
  g_assert_cmpuint (report.sent, ==, 150);
  vt_sync_report_clear (&report);

  /* More rows than one claim: several bursts. */
  g_assert_cmpuint (seen.calls, >=, 2);
  g_assert_true (seen.thread == g_thread_self ());
  g_assert_cmpuint (seen.sent, ==, 150);
}

/* ---- retention -------------------------------------------------------------- */

#define DAY G_TIME_SPAN_DAY

/* Rows retention acts on, aged by days: "sent-old" delivered 4 days ago,
 * "sent-new" 2 days ago, "waiting" never; drafts saved 3 days ago
 * ("d-old") and 1 day ago ("d-new").  With retention-days 3 and
 * draft-days 2 the old ones go; with the defaults (30, 14) nothing does. */
static void
store_aged_rows (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claimed = NULL;
  gint64 now = g_get_real_time ();
  VtStoreDraft old_draft = { .id = (char *) "d-old", .form_id = (char *) "permit", .form_version = (char *) "1",
                             .answers_json = (char *) "{\"name\": \"Ana\"}", .saved_at = now - 3 * DAY };
  VtStoreDraft new_draft = { .id = (char *) "d-new", .form_id = (char *) "permit", .form_version = (char *) "1",
                             .answers_json = (char *) "{\"name\": \"Eva\"}", .saved_at = now - 1 * DAY };

  enqueue_n (f->store, "sent-old", 1, 0);
  enqueue_n (f->store, "sent-new", 1, 0);
  claimed = vt_store_claim (f->store, 2, G_TIME_SPAN_MINUTE, now + G_TIME_SPAN_SECOND, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claimed->len, ==, 2);
  g_assert_true (vt_store_mark_sent (f->store, "uuid:sent-old-00000", 201, "<ok/>", now - 4 * DAY, &error));
  g_assert_true (vt_store_mark_sent (f->store, "uuid:sent-new-00000", 201, "<ok/>", now - 2 * DAY, &error));
  enqueue_n (f->store, "waiting", 1, 0);
  g_assert_true (vt_store_save_draft (f->store, &old_draft, &error));
  g_assert_true (vt_store_save_draft (f->store, &new_draft, &error));
  g_assert_no_error (error);
}

static gboolean
has_draft (Fixture    *f,
           const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStoreDraft) draft = vt_store_get_draft (f->store, id, &error);

  return draft != NULL;
}

static gboolean
has_content (Fixture    *f,
             const char *instance_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStoreItem) item = vt_store_get_item (f->store, instance_id, &error);

  g_assert_no_error (error);
  return item->xml != NULL;
}

/* What the configuration says, and nothing else, was purged. */
static void
assert_aged_rows_purged (Fixture *f)
{
  g_assert_false (has_draft (f, "d-old"));
  g_assert_true (has_draft (f, "d-new"));
  g_assert_false (has_content (f, "uuid:sent-old-00000"));
  g_assert_true (has_content (f, "uuid:sent-new-00000"));
  g_assert_true (has_content (f, "uuid:waiting-00000"));
}

static void
count_cb (VtSync *sync,
          guint  *counter)
{
  (*counter)++;
}

typedef struct
{
  guint *counter;
  guint  at_least;
} Counted;

static gboolean
counted (gpointer data)
{
  Counted *c = data;

  return *c->counter >= c->at_least;
}

/* The kiosk's worker purges by the configured [sync] retention-days and
 * [clerk] draft-days (it used to copy seven settings into a default
 * configuration and purge after 30 and 14 days), with or without a server,
 * at start and then on a timer of its own. */
static void
test_worker_retention (Fixture       *f,
                       gconstpointer  data)
{
  gboolean with_server = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtSync) sync = NULL;
  guint runs = 0;
  Counted first = { &runs, 1 };
  Counted later = { &runs, 0 };
  VtStoreDraft another = { .id = (char *) "d-later", .form_id = (char *) "permit", .form_version = (char *) "1",
                           .answers_json = (char *) "{\"name\": \"Rosa\"}" };

  store_aged_rows (f);
  f->config->retention_days = 3;
  f->config->draft_days = 2;
  if (!with_server)
    g_clear_pointer (&f->config->server_url, g_free);

  sync = vt_sync_new (f->config);
  /* The caller's configuration may go away: the worker has its own. */
  g_clear_pointer (&f->config, vt_config_free);
  vt_sync_set_watch_network (sync, FALSE);
  vt_sync_set_retention_interval (sync, 0.2);
  g_signal_connect (sync, "retention-applied", G_CALLBACK (count_cb), &runs);
  vt_sync_start (sync);
  vt_test_wait_until (counted, &first, 10000, "retention at start");
  assert_aged_rows_purged (f);
  if (!with_server)
    {
      g_assert_cmpint (vt_sync_get_status (sync), ==, VT_SYNC_STATUS_NOT_CONFIGURED);
      g_assert_cmpuint (vt_sync_get_passes (sync), ==, 0);
    }

  /* A draft that is old already when saved goes at the next run. */
  another.saved_at = g_get_real_time () - 5 * DAY;
  g_assert_true (vt_store_save_draft (f->store, &another, &error));
  later.at_least = runs + 2;
  vt_test_wait_until (counted, &later, 10000, "retention again on its timer");
  g_assert_false (has_draft (f, "d-later"));
  g_assert_true (has_draft (f, "d-new"));
  vt_sync_stop (sync);
}

/* ventanilla-ctl sync --once and --drain purge first, also on a kiosk
 * with no server (which then says so and exits 1). */
static void
test_ctl_retention (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *no_server = vt_test_write_file (f->dir, "offline.conf",
                                                   "[sync]\nretention-days=3\n[clerk]\ndraft-days=2\n");
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
  g_autoptr(GError) error = NULL;
  VtStoreDraft another = { .id = (char *) "d-later", .form_id = (char *) "permit", .form_version = (char *) "1",
                           .answers_json = (char *) "{\"name\": \"Rosa\"}",
                           .saved_at = g_get_real_time () - 5 * DAY };

  store_aged_rows (f);
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--config", no_server, "--data-dir", f->data_dir,
                                    "sync", "--once", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "No server is configured"));
  assert_aged_rows_purged (f);

  g_assert_true (vt_store_save_draft (f->store, &another, &error));
  g_assert_cmpint (vt_test_run_ctl (&out2, &err2, "--config", no_server, "--data-dir", f->data_dir,
                                    "sync", "--drain", "--timeout", "1", NULL), ==, 1);
  g_assert_false (has_draft (f, "d-later"));
  g_assert_true (has_draft (f, "d-new"));
}

/* The store's batch: several marks, one commit, a failing mark alone. */
static void
test_store_batch (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gint64 now;

  enqueue_n (f->store, "batch", 3, 0);
  now = g_get_real_time ();
  items = vt_store_claim (f->store, 2, G_TIME_SPAN_MINUTE, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);

  g_assert_true (vt_store_begin_batch (f->store, &error));
  g_assert_true (vt_store_mark_sent (f->store, "uuid:batch-00000", 201, "ok", now, &error));
  /* Not claimed: queued → rejected is allowed, but sent → queued is not. */
  g_assert_false (vt_store_mark_retry (f->store, "uuid:batch-00000", 500, "x", now + 1, now, &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_assert_true (vt_store_mark_retry (f->store, "uuid:batch-00001", 500, "later", now + 1, now, &error));
  g_assert_true (vt_store_commit_batch (f->store, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (store_count (f, VT_STORE_STATE_SENT), ==, 1);
  g_assert_cmpuint (store_count (f, VT_STORE_STATE_QUEUED), ==, 2);
  g_assert_cmpuint (store_count (f, VT_STORE_STATE_SENDING), ==, 0);
}

/* 2,000 submissions, 30% of requests failing in every transient way: the
 * server ends with each exactly once and the kiosk with all of them sent. */
static void
test_exactly_once_under_faults (Fixture       *f,
                                gconstpointer  data)
{
  const guint n = 2000;
  g_autoptr(VtSync) sync = NULL;
  Wait w = { .state = VT_STORE_STATE_SENT, .count = n };
  gint64 start;

  /* A stalled answer holds a connection until the request times out:
   * more connections and a short timeout keep the test quick. */
  f->config->request_timeout_seconds = 0.3;
  f->config->parallel = 8;
  vt_test_server_set_delays (f->server, 600, 20);
  vt_test_server_set_faults (f->server, 0.3, VT_TEST_FAULTS_TRANSIENT);
  start = g_get_monotonic_time ();
  enqueue_n (f->store, "once", n, 50);
  g_test_message ("enqueue %.1f s", (g_get_monotonic_time () - start) / 1e6);

  start = g_get_monotonic_time ();
  sync = start_worker (f);
  w.sync = sync;
  vt_test_wait_until (count_reached, &w, 90000, "2,000 submissions sent under faults");
  g_test_message ("2,000 under 30%% faults in %.1f s; %u faults injected, %u duplicates",
                  (g_get_monotonic_time () - start) / 1e6,
                  vt_test_server_get_count (f->server, "faults"),
                  vt_test_server_get_count (f->server, "duplicates"));
  vt_sync_stop (sync);

  g_assert_cmpuint (vt_test_server_count_instances (f->server), ==, n);
  g_assert_cmpuint (vt_test_server_get_count (f->server, "409"), ==, 0);
  g_assert_cmpuint (vt_test_server_get_count (f->server, "faults"), >, n / 5);
  g_assert_cmpuint (store_count (f, VT_STORE_STATE_SENT), ==, n);
  g_assert_cmpuint (store_count (f, VT_STORE_STATE_QUEUED), ==, 0);
  g_assert_cmpuint (store_count (f, VT_STORE_STATE_REJECTED), ==, 0);
  g_assert_cmpuint (vt_sync_get_count (sync, VT_STORE_STATE_SENT), ==, n);
  g_assert_cmpint (vt_sync_get_last_success (sync), >, 0);
  g_assert_finalize_object (g_steal_pointer (&sync));
}

/* The server is down while applications queue; it comes back and the
 * queue drains with nobody doing anything. */
static void
test_offline_then_online (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(VtSync) sync = NULL;
  Wait offline = { .status = VT_SYNC_STATUS_OFFLINE, .passes = 1 };
  Wait drained = { .state = VT_STORE_STATE_SENT, .count = 30 };
  gint64 back;

  f->config->retry_min_seconds = 0.05;
  f->config->retry_max_seconds = 0.4;
  vt_test_server_set_up (f->server, FALSE);
  enqueue_n (f->store, "off", 30, 0);

  sync = start_worker (f);
  offline.sync = drained.sync = sync;
  vt_test_wait_until (status_reached, &offline, 10000, "the worker to see it is offline");
  g_assert_false (vt_sync_get_online (sync));
  g_assert_nonnull (vt_sync_get_last_error (sync));
  g_assert_nonnull (strstr (vt_sync_get_last_error (sync), "Cannot reach the server"));
  g_assert_cmpuint (vt_sync_get_count (sync, VT_STORE_STATE_QUEUED), ==, 30);

  /* Backing off, not spinning: a handful of passes in half a second
   * (retry between 0.05 and 0.4 s), not hundreds. */
  {
    gboolean fired = FALSE;
    guint before = vt_sync_get_passes (sync);

    g_timeout_add_once (500, flag_cb, &fired);
    vt_test_wait_until (flag_set, &fired, 5000, "half a second offline");
    g_assert_cmpuint (vt_sync_get_passes (sync) - before, <, 25);
    g_assert_cmpint (vt_sync_get_status (sync), ==, VT_SYNC_STATUS_OFFLINE);
  }

  /* Let it back off a few times, then bring the server back. */
  offline.passes = vt_sync_get_passes (sync) + 3;
  vt_test_wait_until (status_reached, &offline, 10000, "a few offline passes");
  vt_test_server_set_up (f->server, TRUE);
  back = g_get_monotonic_time ();
  vt_test_wait_until (count_reached, &drained, 10000, "the queue to drain once online");
  /* Within the backoff cap (plus the pass itself). */
  g_assert_cmpint (g_get_monotonic_time () - back, <, 3 * G_TIME_SPAN_SECOND);
  g_assert_true (vt_sync_get_online (sync));
  g_assert_cmpuint (vt_test_server_count_instances (f->server), ==, 30);
  g_assert_finalize_object (g_steal_pointer (&sync));
}

static void
notify_in_owner_thread_cb (GObject    *object,
                           GParamSpec *pspec,
                           gpointer    data)
{
  guint *notifications = data;

  /* The worker reports on the creator's context, never from its thread. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  (*notifications)++;
}

static void
test_poke_sends_new (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(VtSync) sync = NULL;
  Wait idle = { .status = VT_SYNC_STATUS_IDLE, .passes = 1 };
  Wait sent = { .state = VT_STORE_STATE_SENT, .count = 3 };
  guint notifications = 0;

  sync = vt_sync_new (f->config);
  vt_sync_set_watch_network (sync, FALSE);
  g_signal_connect (sync, "notify", G_CALLBACK (notify_in_owner_thread_cb), &notifications);
  vt_sync_start (sync);
  idle.sync = sent.sync = sync;
  vt_test_wait_until (status_reached, &idle, 10000, "the first pass");
  g_assert_cmpuint (notifications, >, 0);
  g_assert_true (vt_sync_get_online (sync));

  /* The interval is an hour: only the poke can make this quick. */
  enqueue_n (f->store, "poke", 3, 0);
  vt_sync_poke (sync);
  vt_test_wait_until (count_reached, &sent, 10000, "the poked submissions");
  g_assert_cmpuint (vt_test_server_count_instances (f->server), ==, 3);
  g_assert_finalize_object (g_steal_pointer (&sync));
}

/* Stopping in the middle of a pass gives claimed rows back; starting
 * again finishes the job. */
static void
test_stop_and_restart (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(VtSync) sync = NULL;
  Wait some = { .state = VT_STORE_STATE_SENT, .count = 20 };
  Wait all = { .state = VT_STORE_STATE_SENT, .count = 200 };

  enqueue_n (f->store, "stop", 200, 0);
  vt_test_server_set_delays (f->server, 0, 20);
  vt_test_server_set_faults (f->server, 1.0, VT_TEST_FAULT_SLOW);
  sync = start_worker (f);
  some.sync = all.sync = sync;
  vt_test_wait_until (count_reached, &some, 20000, "some submissions sent");
  vt_sync_stop (sync);
  g_assert_cmpint (vt_sync_get_status (sync), ==, VT_SYNC_STATUS_STOPPED);
  g_assert_cmpuint (store_count (f, VT_STORE_STATE_SENDING), ==, 0);
  g_assert_cmpuint (store_count (f, VT_STORE_STATE_SENT), <, 200);

  vt_test_server_set_faults (f->server, 0, 0);
  vt_sync_start (sync);
  vt_test_wait_until (count_reached, &all, 20000, "the rest after a restart");
  g_assert_cmpuint (vt_test_server_count_instances (f->server), ==, 200);
  g_assert_cmpuint (vt_test_server_get_count (f->server, "409"), ==, 0);
  g_assert_finalize_object (g_steal_pointer (&sync));
}

/* A network monitor the test drives: GNetworkMonitor's properties and its
 * "network-changed" signal, no real network behind it. */
#define TEST_TYPE_MONITOR (test_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TestMonitor, test_monitor, TEST, MONITOR, GObject)

struct _TestMonitor
{
  GObject  parent_instance;
  gboolean available;
};

enum {
  PROP_MONITOR_0,
  PROP_MONITOR_AVAILABLE,
  PROP_MONITOR_METERED,
  PROP_MONITOR_CONNECTIVITY,
};

static void test_monitor_iface_init (GNetworkMonitorInterface *iface);
static void test_monitor_initable_iface_init (GInitableIface *iface);

G_DEFINE_TYPE_WITH_CODE (TestMonitor, test_monitor, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, test_monitor_initable_iface_init)
                         G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, test_monitor_iface_init))

static gboolean
test_monitor_initable_init (GInitable     *initable,
                            GCancellable  *cancellable,
                            GError       **error)
{
  return TRUE;
}

static void
test_monitor_initable_iface_init (GInitableIface *iface)
{
  iface->init = test_monitor_initable_init;
}

static void
test_monitor_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TestMonitor *self = TEST_MONITOR (object);

  switch (prop_id)
    {
    case PROP_MONITOR_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case PROP_MONITOR_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case PROP_MONITOR_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL
                                               : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_monitor_class_init (TestMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_monitor_get_property;
  g_object_class_override_property (object_class, PROP_MONITOR_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, PROP_MONITOR_METERED, "network-metered");
  g_object_class_override_property (object_class, PROP_MONITOR_CONNECTIVITY, "connectivity");
}

static void
test_monitor_iface_init (GNetworkMonitorInterface *iface)
{
}

static void
test_monitor_init (TestMonitor *self)
{
}

static void
test_monitor_set_available (TestMonitor *self,
                            gboolean     available)
{
  self->available = available;
  g_signal_emit_by_name (self, "network-changed", available);
}

/* Offline with a backoff of an hour: only the monitor's "the network is
 * back" can make the worker try again soon; "the network is gone" does not. */
static void
test_network_monitor (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(VtSync) sync = NULL;
  g_autoptr(TestMonitor) monitor = g_object_new (TEST_TYPE_MONITOR, NULL);
  Wait offline = { .status = VT_SYNC_STATUS_OFFLINE, .passes = 1 };
  Wait sent = { .state = VT_STORE_STATE_SENT, .count = 5 };
  guint passes;

  f->config->retry_min_seconds = 3600;
  f->config->retry_max_seconds = 3600;
  vt_test_server_set_mode (f->server, VT_TEST_MODE_CAPTIVE);
  enqueue_n (f->store, "netmon", 5, 0);

  sync = vt_sync_new (f->config);
  vt_sync_set_network_monitor (sync, G_NETWORK_MONITOR (monitor));
  vt_sync_start (sync);
  offline.sync = sent.sync = sync;
  vt_test_wait_until (status_reached, &offline, 10000, "offline behind the portal");
  passes = vt_sync_get_passes (sync);

  /* The link drops: nothing to try. */
  vt_test_server_set_mode (f->server, VT_TEST_MODE_NORMAL);
  test_monitor_set_available (monitor, FALSE);
  g_assert_cmpuint (vt_sync_get_passes (sync), ==, passes);
  g_assert_cmpuint (store_count (f, VT_STORE_STATE_SENT), ==, 0);

  /* The link is back: a probe at once, whatever the backoff. */
  test_monitor_set_available (monitor, TRUE);
  vt_test_wait_until (count_reached, &sent, 10000, "the queue after the network came back");
  g_assert_cmpuint (vt_test_server_count_instances (f->server), ==, 5);
  g_assert_true (vt_sync_get_online (sync));
  g_assert_finalize_object (g_steal_pointer (&sync));
}

static void
test_captive_portal (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(VtSync) sync = NULL;
  Wait w = { .status = VT_SYNC_STATUS_OFFLINE, .passes = 2 };

  vt_test_server_set_mode (f->server, VT_TEST_MODE_CAPTIVE);
  enqueue_n (f->store, "portal", 5, 0);
  sync = start_worker (f);
  w.sync = sync;
  vt_test_wait_until (status_reached, &w, 10000, "the captive portal to be seen as offline");
  g_assert_false (vt_sync_get_online (sync));
  g_assert_nonnull (strstr (vt_sync_get_last_error (sync), "login page"));
  vt_sync_stop (sync);
  assert_all_queued_unspent (f, 5);
  g_assert_cmpuint (vt_test_server_get_count (f->server, "posts"), ==, 0);
  g_assert_finalize_object (g_steal_pointer (&sync));
}

static void
test_wrong_credentials (void)
{
  VtTestServerOptions options = { .username = "kiosk", .password = "right" };
  Fixture f = { 0 };
  g_autoptr(VtSync) sync = NULL;
  g_autofree char *pw = NULL;
  Wait w = { .status = VT_SYNC_STATUS_AUTH_FAILED, .passes = 1 };
  guint heads;

  fixture_start (&f, &options);
  pw = vt_test_write_file (f.dir, "password", "wrong\n");
  g_chmod (pw, 0600);
  f.config->username = g_strdup ("kiosk");
  f.config->password_file = g_strdup (pw);
  enqueue_n (f.store, "auth", 5, 0);

  sync = start_worker (&f);
  w.sync = sync;
  vt_test_wait_until (status_reached, &w, 10000, "the credentials to be refused");
  g_assert_nonnull (strstr (vt_sync_get_last_error (sync), "user name or password"));
  g_assert_nonnull (strstr (vt_sync_status_describe (VT_SYNC_STATUS_AUTH_FAILED), "credentials"));

  /* Paused: a poke does not make it try again; only a clerk's sync now. */
  heads = vt_test_server_get_count (f.server, "heads");
  vt_sync_poke (sync);
  vt_sync_sync_now (sync);
  w.passes = vt_sync_get_passes (sync) + 1;
  vt_test_wait_until (status_reached, &w, 10000, "sync now to try again");
  vt_sync_stop (sync);
  g_assert_cmpuint (vt_test_server_get_count (f.server, "posts"), ==, 0);
  assert_all_queued_unspent (&f, 5);
  (void) heads;
  g_assert_finalize_object (g_steal_pointer (&sync));
  teardown (&f, NULL);
}

static void
test_auth_on_post_gives_attempt_back (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtSyncRunner) runner = NULL;
  VtSyncReport report = { 0 };

  enqueue_n (f->store, "post401", 4, 0);
  vt_test_server_set_faults (f->server, 1.0, VT_TEST_FAULT_401);
  runner = vt_sync_runner_new (f->config, f->store, &error);
  g_assert_no_error (error);
  g_assert_false (vt_sync_runner_pass (runner, VT_SYNC_PASS_SUBMISSIONS, NULL, &report));
  g_assert_cmpint (report.status, ==, VT_SYNC_STATUS_AUTH_FAILED);
  g_assert_cmpuint (report.released, ==, 4);
  assert_all_queued_unspent (f, 4);
  vt_sync_report_clear (&report);
}

/* A Central app user's token refused: one message in the words of a token,
 * one event in the log (not one per pass); and a rejection (400 here,
 * Central's 409 alike) is the server's answer, so last_sync is set. */
static void
test_auth_refusal_recorded (void)
{
  VtTestServerOptions options = { .token = "tok-17" };
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VtSyncRunner) runner = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *last_sync = NULL;
  VtSyncReport report = { 0 };
  guint refusals = 0;

  fixture_start (&f, &options);
  g_assert_nonnull (strstr (f.config->server_url, "/key/"));
  enqueue_n (f.store, "tok", 2, 0);
  vt_test_server_set_faults (f.server, 1.0, VT_TEST_FAULT_401);
  runner = vt_sync_runner_new (f.config, f.store, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 2; i++)
    {
      g_assert_false (vt_sync_runner_pass (runner, VT_SYNC_PASS_SUBMISSIONS | VT_SYNC_PASS_FORCE, NULL, &report));
      g_assert_cmpint (report.status, ==, VT_SYNC_STATUS_AUTH_FAILED);
      g_assert_nonnull (strstr (report.error, "app user token"));
      g_assert_null (strstr (report.error, "user name"));
      vt_sync_report_clear (&report);
    }
  events = vt_store_list_events (f.store, NULL, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      VtStoreEvent *event = g_ptr_array_index (events, i);
      if (g_str_equal (event->what, "sync-auth-refused"))
        {
          refusals++;
          g_assert_nonnull (strstr (event->detail, "app user token"));
        }
    }
  g_assert_cmpuint (refusals, ==, 1);
  last_sync = vt_store_get_meta (f.store, VT_STORE_META_LAST_SYNC, NULL);
  g_assert_null (last_sync);

  /* The server answers again, rejections only: that is an answer. */
  vt_test_server_set_faults (f.server, 0.0, 0);
  vt_test_server_set_mode (f.server, VT_TEST_MODE_REJECT_ALL);
  vt_sync_runner_pass (runner, VT_SYNC_PASS_SUBMISSIONS | VT_SYNC_PASS_FORCE, NULL, &report);
  g_assert_cmpuint (report.rejected, ==, 2);
  vt_sync_report_clear (&report);
  last_sync = vt_store_get_meta (f.store, VT_STORE_META_LAST_SYNC, NULL);
  g_assert_nonnull (last_sync);
  g_assert_cmpint (g_ascii_strtoll (last_sync, NULL, 10), >, 0);
  g_clear_pointer (&runner, vt_sync_runner_free);
  teardown (&f, NULL);
}

static void
test_wrong_certificate (void)
{
  VtTestServerOptions options = { .tls = TRUE };
  Fixture f = { 0 };
  g_autoptr(VtSync) sync = NULL;
  g_autoptr(VtSync) trusting = NULL;
  Wait w = { .status = VT_SYNC_STATUS_TLS_FAILED, .passes = 1 };
  Wait sent = { .state = VT_STORE_STATE_SENT, .count = 5 };

  fixture_start (&f, &options);
  enqueue_n (f.store, "tls", 5, 0);
  sync = start_worker (&f);
  w.sync = sync;
  vt_test_wait_until (status_reached, &w, 30000, "the certificate to be refused");
  g_assert_nonnull (strstr (vt_sync_get_last_error (sync), "certificate"));
  vt_sync_stop (sync);
  assert_all_queued_unspent (&f, 5);

  /* With the server's CA configured, everything goes. */
  f.config->ca_file = g_strdup (vt_test_server_get_ca_file (f.server));
  trusting = start_worker (&f);
  sent.sync = trusting;
  vt_test_wait_until (count_reached, &sent, 10000, "sending over trusted TLS");
  g_assert_cmpuint (vt_test_server_count_instances (f.server), ==, 5);
  g_assert_finalize_object (g_steal_pointer (&sync));
  g_assert_finalize_object (g_steal_pointer (&trusting));
  teardown (&f, NULL);
}

static void
test_oversized_answer (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtSyncRunner) runner = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  VtSyncReport report = { 0 };

  enqueue_n (f->store, "big", 2, 0);
  vt_test_server_set_mode (f->server, VT_TEST_MODE_OVERSIZED);
  runner = vt_sync_runner_new (f->config, f->store, &error);
  g_assert_no_error (error);
  vt_sync_runner_pass (runner, VT_SYNC_PASS_SUBMISSIONS, NULL, &report);
  g_assert_cmpuint (report.sent, ==, 0);
  g_assert_cmpuint (report.retried, ==, 2);
  g_assert_nonnull (strstr (report.error, "larger than"));
  rows = vt_store_list_submissions (f->store, VT_STORE_ALL_STATES, 0, NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      VtStoreSubmissionInfo *info = g_ptr_array_index (rows, i);
      g_assert_cmpint (info->state, ==, VT_STORE_STATE_QUEUED);
      g_assert_nonnull (strstr (info->last_error, "larger than"));
    }
  vt_sync_report_clear (&report);

  /* Once the server answers normally, they are delivered (once). */
  vt_test_server_set_mode (f->server, VT_TEST_MODE_NORMAL);
  g_assert_true (vt_sync_runner_drain (runner, 10, NULL, &report));
  g_assert_cmpuint (store_count (f, VT_STORE_STATE_SENT), ==, 2);
  g_assert_cmpuint (vt_test_server_count_instances (f->server), ==, 2);
  vt_sync_report_clear (&report);
}

/* ---- ventanilla-ctl ---------------------------------------------------------------- */

static char *
write_config (Fixture *f)
{
  g_autofree char *text = g_strdup_printf ("[server]\nurl=%s\nallow-http=true\n"
                                           "[sync]\nretry-min-seconds=0.01\nretry-max-seconds=0.2\n"
                                           "request-timeout-seconds=1\nconnect-timeout-seconds=1\n"
                                           "parallel=4\n",
                                           vt_test_server_get_url (f->server));
  return vt_test_write_file (f->dir, "kiosk.conf", text);
}

static void
test_ctl_once_and_drain (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *conf = write_config (f);
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL, *err3 = NULL;

  enqueue_n (f->store, "ctl", 12, 0);
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--config", conf, "--data-dir", f->data_dir,
                                    "sync", "--once", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "sent 12"));
  g_assert_cmpuint (vt_test_server_count_instances (f->server), ==, 12);

  /* Down: --drain gives up after its timeout with exit 1, keeping them. */
  enqueue_n (f->store, "ctl2", 3, 0);
  vt_test_server_set_up (f->server, FALSE);
  g_assert_cmpint (vt_test_run_ctl (&out2, &err2, "--config", conf, "--data-dir", f->data_dir,
                                    "sync", "--drain", "--timeout", "0.5", NULL), ==, 1);
  g_assert_nonnull (strstr (err2, "Not connected"));
  g_assert_cmpuint (store_count (f, VT_STORE_STATE_QUEUED), ==, 3);

  vt_test_server_set_up (f->server, TRUE);
  g_assert_cmpint (vt_test_run_ctl (&out3, &err3, "--config", conf, "--data-dir", f->data_dir,
                                    "sync", "--drain", "--timeout", "20", NULL), ==, 0);
  g_assert_cmpuint (store_count (f, VT_STORE_STATE_SENT), ==, 15);
}

static void
test_ctl_usage (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", f->data_dir,
                                    "sync", "--once", "--drain", NULL), ==, 2);
  g_assert_cmpint (vt_test_run_ctl (&out2, &err2, "--data-dir", f->data_dir,
                                    "sync", "--timeout", "3", NULL), ==, 2);
}

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* The server lives in another thread: look at it every few milliseconds. */
static void
wait_polling (VtTestCondition  condition,
              gpointer         data,
              guint            timeout_ms,
              const char      *what)
{
  guint tick = g_timeout_add (5, tick_cb, NULL);

  vt_test_wait_until (condition, data, timeout_ms, what);
  g_source_remove (tick);
}

static gboolean
server_has_some (gpointer data)
{
  VtTestServer *server = data;
  return vt_test_server_count_instances (server) >= 60;
}

/* A sync process killed with SIGKILL in the middle of a batch, then
 * started again: every submission arrives exactly once. */
static void
test_ctl_sigkill (Fixture       *f,
                  gconstpointer  data)
{
  const guint n = 300;
  g_autofree char *conf = write_config (f);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint sending = 0;

  enqueue_n (f->store, "kill", n, 0);
  /* Slow answers keep batches in flight when the kill comes. */
  vt_test_server_set_delays (f->server, 0, 30);
  vt_test_server_set_faults (f->server, 1.0, VT_TEST_FAULT_SLOW);

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           g_getenv ("VT_CTL"), "--config", conf, "--data-dir", f->data_dir,
                           "sync", "--drain", NULL);
  g_assert_no_error (error);
  wait_polling (server_has_some, f->server, 30000, "the first deliveries");
  g_subprocess_send_signal (proc, SIGKILL);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (proc));

  rows = vt_store_list_submissions (f->store, VT_STORE_STATE_MASK (VT_STORE_STATE_SENDING), 0, NULL);
  sending = rows->len;
  g_test_message ("killed with %u on the server, %u leased", vt_test_server_count_instances (f->server), sending);
  g_assert_cmpuint (vt_test_server_count_instances (f->server), <, n);

  vt_test_server_set_faults (f->server, 0, 0);
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--config", conf, "--data-dir", f->data_dir,
                                    "sync", "--drain", "--timeout", "30", NULL), ==, 0);
  g_assert_cmpuint (vt_test_server_count_instances (f->server), ==, n);
  g_assert_cmpuint (vt_test_server_get_count (f->server, "409"), ==, 0);
  g_assert_cmpuint (store_count (f, VT_STORE_STATE_SENT), ==, n);
}

static const char form_xml[] =
  "<?xml version=\"1.0\"?>\n"
  "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\">"
  "<h:head><h:title>Market stall permit</h:title><model><instance><data id=\"stall\" version=\"%s\"><name/>"
  "<meta><instanceID/></meta></data></instance></model></h:head><h:body/></h:html>\n";

static void
test_forms_pull (void)
{
  Fixture f = { 0 };
  VtTestServerOptions options = { 0 };
  g_autofree char *forms_dir = NULL;
  g_autofree char *media_dir = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *v1 = g_strdup_printf (form_xml, "1");
  g_autofree char *v2 = g_strdup_printf (form_xml, "2");
  g_autofree char *p = NULL, *m = NULL;
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL, *err3 = NULL;
  g_autoptr(VtStoreForm) old = NULL;
  g_autoptr(VtStoreForm) active = NULL;
  g_autoptr(GError) error = NULL;

  forms_dir = g_build_filename (g_get_tmp_dir (), "vt-sync-forms-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (forms_dir));
  media_dir = g_build_filename (forms_dir, "stall-media", NULL);
  g_mkdir (media_dir, 0700);
  p = vt_test_write_file (forms_dir, "stall.xml", v1);
  m = vt_test_write_file (media_dir, "map.png", "PNG");
  options.forms_dir = forms_dir;
  fixture_start (&f, &options);
  conf = write_config (&f);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--config", conf, "--data-dir", f.data_dir,
                                    "forms", "pull", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "NEW stall 1 1 media\n");
  g_assert_cmpint (vt_test_run_ctl (&out2, &err2, "--config", conf, "--data-dir", f.data_dir,
                                    "forms", "pull", NULL), ==, 0);
  g_assert_cmpstr (out2, ==, "UNCHANGED stall 1\n");

  /* A new version on the server is stored beside the old one. */
  g_file_set_contents (p, v2, -1, NULL);
  g_assert_cmpint (vt_test_run_ctl (&out3, &err3, "--config", conf, "--data-dir", f.data_dir,
                                    "forms", "pull", NULL), ==, 0);
  g_assert_cmpstr (out3, ==, "UPDATED stall 1 -> 2 1 media\n");
  old = vt_store_get_form (f.store, "stall", "1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (old->xml, ==, v1);
  active = vt_store_get_form (f.store, "stall", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (active->version, ==, "2");
  g_assert_cmpuint (active->media->len, ==, 1);

  /* The worker's pass refreshes forms too (sync --once). */
  {
    g_autofree char *other = g_build_filename (f.dir, "other", NULL);
    g_autofree char *out4 = NULL, *err4 = NULL;
    g_autoptr(VtStore) store = NULL;
    g_autoptr(VtStoreForm) pulled = NULL;

    g_assert_cmpint (vt_test_run_ctl (&out4, &err4, "--config", conf, "--data-dir", other,
                                      "sync", "--once", NULL), ==, 0);
    g_assert_nonnull (strstr (out4, "forms added 1"));
    store = vt_store_open (other, &error);
    g_assert_no_error (error);
    pulled = vt_store_get_form (store, "stall", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (pulled->version, ==, "2");
  }

  teardown (&f, NULL);
  vt_test_rmdir_recursive (forms_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vt/sync/backoff", test_backoff);
  g_test_add ("/vt/sync/pass-sends", Fixture, NULL, setup, test_pass_sends, teardown);
  g_test_add ("/vt/sync/attachments-streamed", Fixture, NULL, setup, test_attachments_streamed, teardown);
  g_test_add ("/vt/sync/progress-follows-the-disk", Fixture, NULL, setup, test_progress_follows_the_disk, teardown);
  g_test_add ("/vt/sync/worker-retention-with-server", Fixture, GINT_TO_POINTER (TRUE), setup,
              test_worker_retention, teardown);
  g_test_add ("/vt/sync/worker-retention-without-server", Fixture, GINT_TO_POINTER (FALSE), setup,
              test_worker_retention, teardown);
  g_test_add ("/vt/sync/ctl-retention", Fixture, NULL, setup, test_ctl_retention, teardown);
  g_test_add ("/vt/sync/store-batch", Fixture, NULL, setup, test_store_batch, teardown);
  g_test_add ("/vt/sync/network-monitor", Fixture, NULL, setup, test_network_monitor, teardown);
  g_test_add ("/vt/sync/exactly-once-under-faults", Fixture, NULL, setup, test_exactly_once_under_faults, teardown);
  g_test_add ("/vt/sync/offline-then-online", Fixture, NULL, setup, test_offline_then_online, teardown);
  g_test_add ("/vt/sync/poke", Fixture, NULL, setup, test_poke_sends_new, teardown);
  g_test_add ("/vt/sync/stop-and-restart", Fixture, NULL, setup, test_stop_and_restart, teardown);
  g_test_add ("/vt/sync/captive-portal", Fixture, NULL, setup, test_captive_portal, teardown);
  g_test_add_func ("/vt/sync/wrong-credentials", test_wrong_credentials);
  g_test_add_func ("/vt/sync/auth-refusal-recorded", test_auth_refusal_recorded);
  g_test_add ("/vt/sync/auth-on-post", Fixture, NULL, setup, test_auth_on_post_gives_attempt_back, teardown);
  g_test_add_func ("/vt/sync/wrong-certificate", test_wrong_certificate);
  g_test_add ("/vt/sync/oversized-answer", Fixture, NULL, setup, test_oversized_answer, teardown);
  g_test_add ("/vt/sync/ctl-once-and-drain", Fixture, NULL, setup, test_ctl_once_and_drain, teardown);
  g_test_add ("/vt/sync/ctl-usage", Fixture, NULL, setup, test_ctl_usage, teardown);
  g_test_add ("/vt/sync/ctl-sigkill", Fixture, NULL, setup, test_ctl_sigkill, teardown);
  g_test_add_func ("/vt/sync/forms-pull", test_forms_pull);

  return g_test_run ();
}
