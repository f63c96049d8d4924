/* A kiosk's store after years (issue 26), each a RESULT line (DESIGN.md):
 *   enqueue-p99 / enqueue-during-purge-p99 / enqueue-during-purge-p99-ratio:
 *     a citizen's enqueue (its own connection, as the kiosk's) without a
 *     purge, and while the retention purge of years of sent applications
 *     runs on another connection (as the sync worker's); goal ratio <= 3;
 *   db-size-after-purge-ratio: the database file after the purge (and its
 *     write-ahead log emptied) against a VACUUM INTO copy of it, i.e. the
 *     data still kept; goal <= 1.2; db-size-before-purge-ratio the same
 *     before, the slack of b-tree pages that years of inserts leave;
 *   migrate-from-N ms / migrate-max ms: opening a store of each earlier
 *     schema N of the same size, which migrates it; goal under 10 s.
 * The store, built with direct SQL: SENT sent applications over three
 * years (each with its XML and a photo), EVENTS events, 200 drafts and
 * 100 applications still queued.  Default: a tenth of three busy years
 * (30,000 sent, 200,000 events); VT_BENCH_YEARS_FULL=1 for the whole
 * (300,000 and 2,000,000: minutes and about 1 GB of disk). */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vt-store-private.h"
#include "vt-store-test-data.h"
#include "bench-stats.h"
#include "vt-test-utils.h"

#define RETENTION_DAYS 180
#define DAY            (G_USEC_PER_SEC * (gint64) 86400)
#define XML_BYTES      1500
#define PHOTO_BYTES    2000
#define BASELINE_ROUNDS 200

static guint n_sent = 30000;
static guint n_events = 200000;

static void
exec (sqlite3    *db,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* Years of a kiosk's rows, as schema `version` holds them (1 to
 * VT_STORE_SCHEMA_VERSION), written in one transaction. */
static void
fill (sqlite3 *db,
      int      version,
      gint64   now)
{
  gint64 span = 3 * 365 * DAY;
  g_autofree char *rows = NULL;
  g_autofree char *events = NULL;
  g_autofree char *attachments = NULL;

  exec (db, "BEGIN");
  /* Sent applications, oldest first, one every span / n_sent. */
  rows = g_strdup_printf (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %u) "
    "INSERT INTO submissions (id, instance_id, form_id, form_version, xml, state, attempts, "
    "  next_attempt_at, created_at, sent_at, http_status, response) "
    "SELECT i, 'uuid:year-' || i, 'household_benefit', '2026112801', "
    "  '<data>' || hex(randomblob(%d)) || '</data>', 'sent', 1, "
    "  %" G_GINT64_FORMAT " + i * %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT " + i * %" G_GINT64_FORMAT ", "
    "  %" G_GINT64_FORMAT " + i * %" G_GINT64_FORMAT " + 60000000, 201, '<OpenRosaResponse/>' FROM n",
    n_sent, XML_BYTES / 2, now - span, span / n_sent, now - span, span / n_sent, now - span, span / n_sent);
  exec (db, rows);
  attachments = g_strdup_printf (
    "INSERT INTO attachments (submission, name, content_type, sha256, size, bytes) "
    "SELECT id, 'photo.jpg', 'image/jpeg', hex(randomblob(32)), %d, randomblob(%d) FROM submissions",
    PHOTO_BYTES, PHOTO_BYTES);
  exec (db, attachments);
  /* Each application's events (enqueued, claimed, sent…) and the kiosk's own. */
  events = g_strdup_printf (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %u) "
    "INSERT INTO events (time, instance_id, what, actor, detail) "
    "SELECT %" G_GINT64_FORMAT " + i * %" G_GINT64_FORMAT ", "
    "  CASE WHEN i %% 10 = 0 THEN NULL ELSE 'uuid:year-' || (1 + i %% %u) END, "
    "  CASE i %% 4 WHEN 0 THEN 'enqueued' WHEN 1 THEN 'claimed' WHEN 2 THEN 'sent' ELSE 'sync-pass' END, "
    "  'kiosk', 'HTTP 201' FROM n",
    n_events, now - span, span / n_events, n_sent);
  exec (db, events);
  if (version >= 2)
    exec (db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) "
              "INSERT INTO drafts (id, form_id, form_version, answers_json, saved_by, saved_at) "
              "SELECT 'draft-' || i, 'household_benefit', '2026112801', "
              "  '{\"/data/applicant_name\": \"' || hex(randomblob(8)) || '\"}', 'Marta', 0 FROM n");
  /* What each schema keeps apart from the row (see vt_test_fill_old_schema()). */
  if (version < 7)
    exec (db, "INSERT INTO receipts (submission, reference_code, service_title, language, created_at) "
              "SELECT id, 'R' || id, 'Ayuda social', 'es', created_at FROM submissions");
  else
    exec (db, "UPDATE submissions SET reference_code = 'R' || id, service_title = 'Ayuda social', language = 'es'");
  if (version >= 4)
    {
      g_autofree char *counts = g_strdup_printf ("UPDATE state_counts SET n = n + %u WHERE state = 'sent'", n_sent);

      exec (db, counts);
    }
  if (version >= 7)
    {
      g_autofree char *counts = g_strdup_printf ("UPDATE state_counts SET n = n - %u WHERE state = 'queued'", n_sent);

      exec (db, counts);
    }
  if (version >= 6)
    exec (db, "INSERT INTO payloads (submission, xml) SELECT id, xml FROM submissions WHERE xml IS NOT NULL;"
              "UPDATE submissions SET xml = NULL;");
  exec (db, "COMMIT");
}

static VtTestSubmission *
citizen (guint i)
{
  g_autofree char *id = g_strdup_printf ("uuid:now-%u-%" G_GINT64_FORMAT, i, g_get_monotonic_time ());

  return vt_test_submission_new_sized (id, 4096, 1, 8 * 1024);
}

static double
enqueue_ms (VtStore *store,
            guint    i,
            guint   *failures)
{
  g_autoptr(VtTestSubmission) submission = citizen (i);
  VtStoreEnqueueOptions options = { .service_title = "Ayuda social", .language = "es" };
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autofree char *code = vt_store_enqueue (store, submission, &options, &error);
  double ms = (g_get_monotonic_time () - start) / 1000.0;

  if (code == NULL)
    {
      /* A citizen told to try again: as bad as it gets, counted. */
      g_printerr ("# enqueue failed: %s\n", error->message);
      (*failures)++;
    }
  return ms;
}

typedef struct
{
  char         *data_dir;
  gint64        now;
  volatile gint done;
  double        ms;
} Purge;

static gpointer
purge_thread (gpointer data)
{
  Purge *purge = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = vt_store_open (purge->data_dir, &error);
  gint64 start = g_get_monotonic_time ();

  if (store == NULL || !vt_store_apply_retention (store, RETENTION_DAYS, 30, purge->now, &error))
    g_error ("The purge failed: %s", error->message);
  purge->ms = (g_get_monotonic_time () - start) / 1000.0;
  g_atomic_int_set (&purge->done, 1);
  return NULL;
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : -1;
}

/* The database file (its write-ahead log emptied) against the same data
 * compacted by VACUUM INTO. */
static double
size_ratio (VtStore    *store,
            const char *dir)
{
  sqlite3 *db = vt_store_get_db (store);
  g_autofree char *copy = g_build_filename (dir, "compacted.db", NULL);
  g_autofree char *vacuum = g_strdup_printf ("VACUUM INTO '%s'", copy);
  gint64 size, kept;

  exec (db, "PRAGMA wal_checkpoint(TRUNCATE)");
  size = file_size (vt_store_get_path (store));
  exec (db, vacuum);
  kept = file_size (copy);
  g_unlink (copy);
  g_print ("# the file %.1f MB, the data in it %.1f MB (%" G_GINT64_FORMAT " free pages)\n",
           size / 1e6, kept / 1e6, query_int (db, "PRAGMA freelist_count"));
  return (double) size / kept;
}

static void
bench_purge (const char *dir,
             gint64      now)
{
  g_autofree char *data_dir = g_build_filename (dir, "years", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) kiosk = NULL;
  g_autoptr(GArray) base = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) during = g_array_new (FALSE, FALSE, sizeof (double));
  Purge purge = { data_dir, now + 1, 0, 0 };
  GThread *thread;
  guint failures = 0;
  gint64 start = g_get_monotonic_time ();
  double p99_base, p99_during;

  kiosk = vt_store_open (data_dir, &error);
  if (kiosk == NULL)
    g_error ("%s", error->message);
  fill (vt_store_get_db (kiosk), VT_STORE_SCHEMA_VERSION, now);
  g_print ("# %u sent applications and %u events written in %.1f s, %.0f MB\n", n_sent, n_events,
           (g_get_monotonic_time () - start) / 1e6, file_size (vt_store_get_path (kiosk)) / 1e6);

  /* The same measure before the purge: what the b-trees' own slack
   * (pages not full after years of inserts) accounts for. */
  g_print ("RESULT db-size-before-purge-ratio %.2f x\n", size_ratio (kiosk, dir));

  for (guint i = 0; i < BASELINE_ROUNDS; i++)
    {
      double ms = enqueue_ms (kiosk, i, &failures);

      g_array_append_val (base, ms);
    }

  thread = g_thread_new ("purge", purge_thread, &purge);
  for (guint i = 0; !g_atomic_int_get (&purge.done); i++)
    {
      double ms = enqueue_ms (kiosk, BASELINE_ROUNDS + i, &failures);

      g_array_append_val (during, ms);
    }
  g_thread_join (thread);
  g_print ("# the purge took %.1f s; %u enqueues during it, %u failed\n", purge.ms / 1000.0,
           during->len, failures);
  p99_base = bench_percentile (base, 0.99);
  p99_during = during->len > 0 ? bench_percentile (during, 0.99) : 0;
  g_print ("RESULT enqueue-p99 %.2f ms\n", p99_base);
  g_print ("RESULT enqueue-during-purge-p99 %.2f ms\n", p99_during);
  g_print ("RESULT enqueue-during-purge-p99-ratio %.2f x\n", p99_during / p99_base);
  g_print ("RESULT enqueue-during-purge-failures %u count\n", failures);

  g_print ("RESULT db-size-after-purge-ratio %.2f x\n", size_ratio (kiosk, dir));
}

static void
bench_migrations (const char *dir,
                  gint64      now)
{
  double max_ms = 0;

  for (int version = 1; version < VT_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *name = g_strdup_printf ("schema-%d", version);
      g_autofree char *data_dir = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;
      gint64 start;
      double ms;

      {
        g_autoptr(VtStore) old = vt_store_open_at_version (data_dir, version, &error);

        if (old == NULL)
          g_error ("%s", error->message);
        fill (vt_store_get_db (old), version, now);
      }
      start = g_get_monotonic_time ();
      {
        g_autoptr(VtStore) store = vt_store_open (data_dir, &error);

        if (store == NULL)
          g_error ("Migrating from schema %d: %s", version, error->message);
        ms = (g_get_monotonic_time () - start) / 1000.0;
        if (query_int (vt_store_get_db (store), "SELECT count(*) FROM submissions") != n_sent)
          g_error ("Migrating from schema %d lost applications", version);
      }
      g_print ("RESULT migrate-from-%d %.0f ms\n", version, ms);
      max_ms = MAX (max_ms, ms);
      vt_test_rmdir_recursive (data_dir);
    }
  g_print ("RESULT migrate-max %.0f ms\n", max_ms);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("bench-years-XXXXXX", NULL);
  gint64 now = g_get_real_time ();

  if (g_getenv ("VT_BENCH_YEARS_FULL") != NULL)
    {
      n_sent = 300000;
      n_events = 2000000;
    }
  bench_purge (dir, now);
  bench_migrations (dir, now);
  vt_test_rmdir_recursive (dir);
  return 0;
}
