/* How much a durable enqueue (submission + receipt + event, one
 * transaction, synchronous=FULL) costs against the cheapest durable write
 * SQLite can do with the same pragmas: one single-row INSERT.  Then the same
 * with 100,000 rows already queued, to show enqueue, claim and the counts
 * stay flat as a kiosk's queue grows offline.  Last, the database side of a
 * sync pass (measure_drain()). */
#include "config.h"

#include <glib/gstdio.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "vt-kiosk-status.h"
#include "vt-store-private.h"
#include "vt-store-test-data.h"
#include "bench-stats.h"

#define ROUNDS      1000
#define FILL_ROWS   100000
#define CLAIM_BATCH 10
#define DRAIN_ROWS  10000
#define DRAIN_ROUNDS 5
#define DRAIN_CLAIM 64     /* as a sync pass claims for 4 connections */

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
check (int         rc,
       sqlite3    *db,
       const char *what)
{
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    g_error ("%s: %s", what, sqlite3_errmsg (db));
}

/* What the disk charges for durability here: the ratio below means "CPU and
 * pages written" where an fsync costs microseconds, and tends to 1 where it
 * costs milliseconds (eMMC, SD cards, spinning disks). */
static double
fsync_median (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "fsync.probe", NULL);
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  char block[4096];
  int fd = g_open (path, O_WRONLY | O_CREAT | O_APPEND, 0600);
  double median;

  g_assert_cmpint (fd, >=, 0);
  memset (block, 'x', sizeof block);
  for (int i = 0; i < 100; i++)
    {
      double start = now_ms ();
      double t;

      g_assert_cmpint (write (fd, block, sizeof block), ==, sizeof block);
      g_assert_cmpint (fdatasync (fd), ==, 0);
      t = now_ms () - start;
      g_array_append_val (samples, t);
    }
  close (fd);
  g_unlink (path);
  median = bench_percentile (samples, 0.5);
  return median;
}

/* The baseline: the same pragmas as the store, page_size included (the
 * store creates its database with VT_STORE_PAGE_SIZE; same_pragmas()
 * checks), one prepared single-row INSERT. */
typedef struct
{
  sqlite3      *db;
  sqlite3_stmt *insert;
} Raw;

static void
raw_open (Raw        *raw,
          const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "raw.db", NULL);

  check (sqlite3_open (path, &raw->db), raw->db, "open raw");
  check (sqlite3_exec (raw->db, "PRAGMA page_size = " G_STRINGIFY (VT_STORE_PAGE_SIZE) "; "
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                                "PRAGMA foreign_keys = ON; "
                                "CREATE TABLE raw (id INTEGER PRIMARY KEY, instance_id TEXT, xml TEXT)",
                       NULL, NULL, NULL), raw->db, "set up raw");
  check (sqlite3_prepare_v2 (raw->db, "INSERT INTO raw (instance_id, xml) VALUES (?1, ?2)", -1,
                             &raw->insert, NULL), raw->db, "prepare raw");
}

/* Fails unless the store and the baseline run with the same settings. */
static void
same_pragmas (sqlite3 *store,
              sqlite3 *raw)
{
  static const char * const pragmas[] = {
    "PRAGMA journal_mode", "PRAGMA synchronous", "PRAGMA page_size", "PRAGMA foreign_keys",
    "PRAGMA wal_autocheckpoint",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (pragmas); i++)
    {
      sqlite3 *dbs[2] = { store, raw };
      char values[2][32];

      for (int d = 0; d < 2; d++)
        {
          sqlite3_stmt *stmt = NULL;

          check (sqlite3_prepare_v2 (dbs[d], pragmas[i], -1, &stmt, NULL), dbs[d], pragmas[i]);
          check (sqlite3_step (stmt), dbs[d], pragmas[i]);
          g_strlcpy (values[d], (const char *) sqlite3_column_text (stmt, 0), sizeof values[d]);
          sqlite3_finalize (stmt);
        }
      if (strcmp (values[0], values[1]) != 0)
        g_error ("%s differs: store %s, baseline %s", pragmas[i], values[0], values[1]);
    }
}

static double
raw_insert (Raw                    *raw,
            const VtTestSubmission *submission)
{
  double start = now_ms ();

  sqlite3_bind_text (raw->insert, 1, submission->instance_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (raw->insert, 2, submission->xml, -1, SQLITE_STATIC);
  check (sqlite3_step (raw->insert), raw->db, "raw insert");
  sqlite3_reset (raw->insert);
  return now_ms () - start;
}

static double
store_enqueue (VtStore                *store,
               const VtTestSubmission *submission)
{
  VtStoreEnqueueOptions options = { .service_title = "Permiso de venta ambulante", .language = "es" };
  g_autoptr(GError) error = NULL;
  double start = now_ms ();
  g_autofree char *code = vt_store_enqueue (store, submission, &options, &error);
  double elapsed = now_ms () - start;

  g_assert_no_error (error);
  return elapsed;
}

typedef struct
{
  GArray *enqueue;
  GArray *raw;
  GArray *paired;    /* enqueue / raw insert of the same round */
  GArray *claim;
  GArray *counts;
  GArray *app_counts;  /* vt_store_get_application_counts(), for the screens */
} Samples;

static void
samples_init (Samples *samples)
{
  samples->enqueue = g_array_new (FALSE, FALSE, sizeof (double));
  samples->raw = g_array_new (FALSE, FALSE, sizeof (double));
  samples->paired = g_array_new (FALSE, FALSE, sizeof (double));
  samples->claim = g_array_new (FALSE, FALSE, sizeof (double));
  samples->counts = g_array_new (FALSE, FALSE, sizeof (double));
  samples->app_counts = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
samples_clear (Samples *samples)
{
  g_array_unref (samples->enqueue);
  g_array_unref (samples->raw);
  g_array_unref (samples->paired);
  g_array_unref (samples->claim);
  g_array_unref (samples->counts);
  g_array_unref (samples->app_counts);
}

/* Everything alternates: an enqueue into the store that holds a few rows,
 * one into the store that holds 100,000 more, and a raw insert; claims and
 * counts likewise.  So all three see the same disk and the same load from
 * whatever else runs on the machine, and their ratios mean something. */
static void
measure (VtStore *small_store,
         VtStore *big_store,
         Raw     *raw,
         Samples *small,
         Samples *big)
{
  for (int i = 0; i < ROUNDS; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:bench-%d", i);
      g_autoptr(VtTestSubmission) submission = vt_test_submission_new (id, 4096, 0);
      double t_small, t_big, t_raw, r;

      t_small = store_enqueue (small_store, submission);
      g_array_append_val (small->enqueue, t_small);
      t_big = store_enqueue (big_store, submission);
      g_array_append_val (big->enqueue, t_big);
      t_raw = raw_insert (raw, submission);
      g_array_append_val (small->raw, t_raw);
      g_array_append_val (big->raw, t_raw);
      r = t_small / MAX (t_raw, 1e-6);
      g_array_append_val (small->paired, r);
      r = t_big / MAX (t_raw, 1e-6);
      g_array_append_val (big->paired, r);
    }

  for (int i = 0; i < ROUNDS / CLAIM_BATCH; i++)
    for (int which = 0; which < 2; which++)
      {
        VtStore *store = which == 0 ? small_store : big_store;
        Samples *samples = which == 0 ? small : big;
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) items = NULL;
        VtStoreCounts counts;
        double start = now_ms ();
        double t;

        items = vt_store_claim (store, CLAIM_BATCH, 60 * G_USEC_PER_SEC, g_get_real_time (), &error);
        t = now_ms () - start;
        g_assert_no_error (error);
        g_assert_cmpuint (items->len, ==, CLAIM_BATCH);
        g_array_append_val (samples->claim, t);

        for (guint j = 0; j < items->len; j++)
          {
            VtStoreItem *item = g_ptr_array_index (items, j);
            g_assert_true (vt_store_mark_sent (store, item->instance_id, 201, NULL, g_get_real_time (), &error));
          }

        start = now_ms ();
        g_assert_true (vt_store_get_counts (store, &counts, &error));
        t = now_ms () - start;
        g_array_append_val (samples->counts, t);

        start = now_ms ();
        g_assert_true (vt_store_get_application_counts (store, vt_kiosk_own_forms (), &counts, &error));
        t = now_ms () - start;
        g_array_append_val (samples->app_counts, t);
      }
}

static void
report (const char *suffix,
        Samples    *samples)
{
  double enqueue = bench_percentile (samples->enqueue, 0.5);
  double raw = bench_percentile (samples->raw, 0.5);

  g_print ("RESULT enqueue%s-median %.3f ms\n", suffix, enqueue);
  g_print ("RESULT enqueue%s-p99 %.3f ms\n", suffix, bench_percentile (samples->enqueue, 0.99));
  g_print ("RESULT raw-insert%s-median %.3f ms\n", suffix, raw);
  g_print ("RESULT raw-insert%s-p99 %.3f ms\n", suffix, bench_percentile (samples->raw, 0.99));
  g_print ("RESULT enqueue%s-ratio %.2f x\n", suffix, enqueue / raw);
  /* The same from each round's own pair: where the disk's fsync time
   * swings during the run (other programs writing), an enqueue and the raw
   * insert next to it saw the same disk. */
  g_print ("RESULT enqueue%s-paired-ratio %.2f x\n", suffix, bench_percentile (samples->paired, 0.5));
  g_print ("RESULT claim%s-median %.3f ms\n", suffix, bench_percentile (samples->claim, 0.5));
  g_print ("RESULT claim%s-p99 %.3f ms\n", suffix, bench_percentile (samples->claim, 0.99));
  g_print ("RESULT counts%s-median %.3f ms\n", suffix, bench_percentile (samples->counts, 0.5));
  g_print ("RESULT application-counts%s-median %.3f ms\n", suffix, bench_percentile (samples->app_counts, 0.5));
}

/* 100,000 queued submissions with receipts (their codes derived from the
 * rows, as enqueue's are) and events, as months offline would leave them,
 * written in one go.  The queued count needs no update: it follows
 * max(id) (schema 7). */
static void
fill (VtStore    *store,
      int         rows,
      const char *prefix)
{
  sqlite3 *db = vt_store_get_db (store);
  g_autoptr(VtTestSubmission) sample = vt_test_submission_new ("uuid:fill", 4096, 0);
  sqlite3_stmt *stmt = NULL;
  double start = now_ms ();

  check (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), db, "begin fill");
  check (sqlite3_prepare_v2 (db,
                             "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) "
                             "INSERT INTO submissions (instance_id, form_id, form_version, state, attempts, "
                             "  next_attempt_at, created_at, service_title, language) "
                             "SELECT ?3 || i, 'permit', '2024061201', 'queued', 0, ?2 + i, ?2 + i, "
                             "  'Permiso', 'es' FROM n",
                             -1, &stmt, NULL), db, "prepare fill");
  sqlite3_bind_int (stmt, 1, rows);
  sqlite3_bind_text (stmt, 3, prefix, -1, SQLITE_STATIC);
  /* Older than anything the measurement adds, and due: claim must find
   * the oldest among all of them. */
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () - 10 * G_TIME_SPAN_DAY);
  check (sqlite3_step (stmt), db, "fill submissions");
  sqlite3_finalize (stmt);
  /* The XML in its own table, as vt_store_enqueue() writes it (schema 6). */
  check (sqlite3_prepare_v2 (db,
                             "INSERT INTO payloads (submission, xml) "
                             "SELECT id, ?1 FROM submissions WHERE instance_id LIKE ?2 || '%'",
                             -1, &stmt, NULL), db, "prepare fill payloads");
  sqlite3_bind_text (stmt, 1, sample->xml, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, prefix, -1, SQLITE_STATIC);
  check (sqlite3_step (stmt), db, "fill payloads");
  sqlite3_finalize (stmt);
  check (sqlite3_prepare_v2 (db,
                             "INSERT INTO events (time, instance_id, what, actor) "
                             "  SELECT created_at, instance_id, 'enqueued', 'kiosk' FROM submissions "
                             "  WHERE instance_id LIKE ?1 || '%'",
                             -1, &stmt, NULL), db, "prepare fill events");
  sqlite3_bind_text (stmt, 1, prefix, -1, SQLITE_STATIC);
  check (sqlite3_step (stmt), db, "fill events");
  sqlite3_finalize (stmt);
  check (sqlite3_exec (db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE);", NULL, NULL, NULL), db, "commit fill");
  /* Let the kernel write back the fill now, not during the measurement. */
  sync ();
  g_printerr ("filled %d rows in %.1f s\n", rows, (now_ms () - start) / 1000);
}

static void
remove_store_files (const char *dir)
{
  static const char * const names[] = {
    VT_STORE_FILE_NAME, VT_STORE_FILE_NAME "-wal", VT_STORE_FILE_NAME "-shm",
    "raw.db", "raw.db-wal", "raw.db-shm",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The database side of a sync pass, without the network, as
 * vt-sync-runner.c does it: claim a batch, then write its answers in one
 * batch before the next claim.  Its time per row is what a drain's one
 * thread spends away from its connections (bench-sync). */
static void
drain_round (VtStore *store,
             guint    round,
             guint    rows,
             GArray  *cpu_samples,
             GArray  *wall_samples)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) answered = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_store_item_free);
  g_autofree char *prefix = g_strdup_printf ("uuid:drain-%u-", round);
  VtStoreCounts counts;
  double cpu, wall;
  gboolean exhausted = FALSE;

  fill (store, rows, prefix);
  cpu = thread_cpu_ms ();
  wall = now_ms ();
  while (!exhausted || answered->len > 0)
    {
      if (!exhausted)
        {
          g_autoptr(GPtrArray) items = vt_store_claim (store, DRAIN_CLAIM, 60 * G_USEC_PER_SEC,
                                                       g_get_real_time (), &error);

          g_assert_no_error (error);
          exhausted = items->len == 0;
          g_ptr_array_extend_and_steal (answered, g_steal_pointer (&items));
        }
      if (answered->len > 0)
        {
          g_assert_true (vt_store_begin_batch (store, &error));
          for (guint i = 0; i < answered->len; i++)
            {
              VtStoreItem *item = g_ptr_array_index (answered, i);

              g_assert_true (vt_store_mark_sent (store, item->instance_id, 201,
                                                 "<OpenRosaResponse><message>ok</message></OpenRosaResponse>",
                                                 g_get_real_time (), &error));
            }
          g_assert_true (vt_store_commit_batch (store, &error));
          g_ptr_array_set_size (answered, 0);
        }
    }
  cpu = (thread_cpu_ms () - cpu) * 1000 / rows;
  wall = (now_ms () - wall) * 1000 / rows;
  g_array_append_val (cpu_samples, cpu);
  g_array_append_val (wall_samples, wall);
  g_assert_true (vt_store_get_counts (store, &counts, &error));
  g_assert_cmpuint (counts.n[VT_STORE_STATE_SENT], ==, (round + 1) * rows);
}

/* The database side of a sync pass, without the network (drain_round()).
 * Its CPU per row is what a drain takes from its connections and from the
 * server when they share a machine's cores (bench-sync).  Several rounds,
 * the median reported.  `bench-store drain [ROWS]` runs only this, once,
 * for a profiler (callgrind counts instructions where timings swing). */
static void
measure_drain (const char *dir,
               guint       rows,
               guint       rounds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = vt_store_open (dir, &error);
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) wall = g_array_new (FALSE, FALSE, sizeof (double));

  g_assert_no_error (error);
  for (guint round = 0; round < rounds; round++)
    drain_round (store, round, rows, cpu, wall);
  g_print ("RESULT drain-cpu-per-row %.1f us\n", bench_percentile (cpu, 0.5));
  g_print ("RESULT drain-wall-per-row %.1f us\n", bench_percentile (wall, 0.5));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  const char *parent = g_getenv ("VT_BENCH_DIR");
  g_autofree char *template = g_build_filename (parent != NULL ? parent : g_get_tmp_dir (),
                                                "vt-bench-store-XXXXXX", NULL);
  char *dir = g_mkdtemp (template);
  g_autofree char *small_dir = NULL;
  g_autofree char *big_dir = NULL;
  g_autofree char *drain_dir = NULL;
  g_autoptr(VtStore) small_store = NULL;
  g_autoptr(VtStore) big_store = NULL;
  Raw raw = { 0 };
  Samples small, big;
  VtStoreCounts counts;

  g_assert_nonnull (dir);
  drain_dir = g_build_filename (dir, "drain", NULL);
  if (argc > 1 && strcmp (argv[1], "drain") == 0)
    {
      measure_drain (drain_dir, argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : DRAIN_ROWS, 1);
      remove_store_files (drain_dir);
      remove_store_files (dir);
      return 0;
    }

  small_dir = g_build_filename (dir, "small", NULL);
  big_dir = g_build_filename (dir, "big", NULL);
  small_store = vt_store_open (small_dir, &error);
  g_assert_no_error (error);
  big_store = vt_store_open (big_dir, &error);
  g_assert_no_error (error);
  raw_open (&raw, dir);
  same_pragmas (vt_store_get_db (small_store), raw.db);
  same_pragmas (vt_store_get_db (big_store), raw.db);

  fill (big_store, FILL_ROWS, "uuid:fill-");
  g_assert_true (vt_store_get_counts (big_store, &counts, &error));
  g_assert_cmpuint (counts.n[VT_STORE_STATE_QUEUED], >=, FILL_ROWS);

  /* Warm the caches and prepare every statement first. */
  for (int i = 0; i < 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:warm-%d", i);
      g_autoptr(VtTestSubmission) submission = vt_test_submission_new (id, 4096, 0);

      store_enqueue (small_store, submission);
      store_enqueue (big_store, submission);
      raw_insert (&raw, submission);
    }

  g_print ("RESULT fsync-4k-median %.3f ms\n", fsync_median (dir));

  samples_init (&small);
  samples_init (&big);
  measure (small_store, big_store, &raw, &small, &big);
  report ("", &small);
  report ("-100k", &big);
  g_print ("RESULT enqueue-100k-growth-ratio %.2f x\n",
           bench_percentile (big.enqueue, 0.5) / bench_percentile (small.enqueue, 0.5));
  g_print ("RESULT claim-100k-growth-ratio %.2f x\n",
           bench_percentile (big.claim, 0.5) / bench_percentile (small.claim, 0.5));
  g_print ("RESULT counts-100k-growth-ratio %.2f x\n",
           bench_percentile (big.counts, 0.5) / bench_percentile (small.counts, 0.5));

  measure_drain (drain_dir, DRAIN_ROWS, DRAIN_ROUNDS);

  samples_clear (&small);
  samples_clear (&big);
  sqlite3_finalize (raw.insert);
  sqlite3_close (raw.db);
  g_clear_pointer (&small_store, vt_store_close);
  g_clear_pointer (&big_store, vt_store_close);
  remove_store_files (small_dir);
  remove_store_files (big_dir);
  remove_store_files (drain_dir);
  remove_store_files (dir);
  return 0;
}
