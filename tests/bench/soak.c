/* The soak (issue 25): N applications (100,000 by default) queued by a
 * long-running kiosk process and drained through the fault-injecting
 * OpenRosa test server, while the soak kills `ventanilla-ctl sync` workers
 * and the server itself with SIGKILL at random moments.  Afterwards it
 * counts on the server and compares with the kiosk:
 *
 *   RESULT soak-delivered-once   applications the server stored exactly
 *                                once, with the kiosk's XML and attachments
 *   RESULT soak-lost             queued on the kiosk, never stored (goal 0)
 *   RESULT soak-conflicts        one instanceID received with two XMLs (goal 0)
 *   RESULT soak-duplicates       identical re-sends the server recognised
 *   RESULT soak-kiosk-peak-rss   the kiosk process's VmHWM
 *   RESULT soak-kiosk-rss-*      its RSS at 10 % of the run, half way and at
 *                                the end, and the growth over the second half
 *                                (goal: flat; the heap alone as -anon-*).  The
 *                                first minutes grow by what SQLite's page caches
 *                                fill (8 MiB per connection, two connections).
 *
 * and exits 1 when anything was lost, conflicted or differs.  Not a test:
 * it runs for many minutes (`vt-soak` with no arguments); CI runs a smoke
 * with --submissions 2000.
 *
 *   vt-soak [--submissions N] [--seed S] [--kill-sync-every SECONDS]
 *           [--kill-server-every SECONDS] [--keep DIR]
 *   vt-soak kiosk --config FILE --submissions N --prefix P   (the kiosk process) */
#include "config.h"

#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdio.h>

#include "vt-config.h"
#include "vt-store-private.h"
#include "vt-sync.h"
#include "vt-test-utils.h"

#include "vt-store-test-data.h"

/* ---- the kiosk process -------------------------------------------------------- */

typedef struct
{
  VtStore   *store;
  VtSync    *sync;
  GMainLoop *loop;
  const char *prefix;
  guint      n;
  guint      enqueued;
} Kiosk;

static void
memory (gint64 *rss,
        gint64 *anon,
        gint64 *peak)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;

  *rss = *anon = *peak = 0;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;
  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "VmRSS:"))
        *rss = g_ascii_strtoll (lines[i] + 6, NULL, 10);
      else if (g_str_has_prefix (lines[i], "RssAnon:"))
        *anon = g_ascii_strtoll (lines[i] + 8, NULL, 10);
      else if (g_str_has_prefix (lines[i], "VmHWM:"))
        *peak = g_ascii_strtoll (lines[i] + 6, NULL, 10);
    }
}

static void
report_memory (Kiosk *kiosk)
{
  gint64 rss, anon, peak;

  memory (&rss, &anon, &peak);
  printf ("memory %u %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
          kiosk->enqueued, rss, anon, peak);
  fflush (stdout);
}

static gboolean
enqueue_cb (gpointer data)
{
  Kiosk *kiosk = data;
  g_autofree char *id = g_strdup_printf ("uuid:%s-%u", kiosk->prefix, kiosk->enqueued);
  /* One application in four brings a photo. */
  g_autoptr(VtTestSubmission) submission = vt_test_submission_new_sized (id, 2048, kiosk->enqueued % 4 == 0,
                                                                          4096);
  VtStoreEnqueueOptions options = { .service_title = "Permiso de venta", .language = "es" };
  g_autoptr(GError) error = NULL;
  g_autofree char *code = vt_store_enqueue (kiosk->store, submission, &options, &error);

  if (code == NULL)
    g_error ("enqueue %s: %s", id, error->message);
  vt_sync_poke (kiosk->sync);
  kiosk->enqueued++;
  if (kiosk->enqueued % 1000 == 0 || kiosk->enqueued == kiosk->n)
    report_memory (kiosk);
  if (kiosk->enqueued < kiosk->n)
    return G_SOURCE_CONTINUE;
  printf ("enqueued %u\n", kiosk->enqueued);
  fflush (stdout);
  return G_SOURCE_REMOVE;
}

static gboolean
tick_cb (gpointer data)
{
  report_memory (data);
  return G_SOURCE_CONTINUE;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static int
kiosk_main (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- the soak's kiosk process");
  g_autoptr(GError) error = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *prefix = NULL;
  int n = 0;
  GOptionEntry entries[] = {
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &config_path, "Configuration", "FILE" },
    { "submissions", 0, 0, G_OPTION_ARG_INT, &n, "How many to queue", "N" },
    { "prefix", 0, 0, G_OPTION_ARG_STRING, &prefix, "instanceID prefix", "P" },
    { NULL }
  };
  g_autoptr(VtConfig) config = NULL;
  g_autoptr(VtStore) store = NULL;
  g_autoptr(VtSync) sync = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Kiosk kiosk = { 0 };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || config_path == NULL || prefix == NULL)
    g_error ("vt-soak kiosk: %s", error != NULL ? error->message : "--config and --prefix are needed");

  config = vt_config_load (config_path, NULL, &error);
  g_assert_no_error (error);
  store = vt_store_open (config->data_dir, &error);
  g_assert_no_error (error);
  /* As the kiosk application runs it: the worker in a thread of its own. */
  sync = vt_sync_new (config);
  vt_sync_start (sync);

  kiosk = (Kiosk) { store, sync, loop, prefix, (guint) n, 0 };
  report_memory (&kiosk);
  g_idle_add (enqueue_cb, &kiosk);
  g_timeout_add_seconds (5, tick_cb, &kiosk);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  /* What the kiosk holds after the whole run, still running. */
  report_memory (&kiosk);
  vt_sync_stop (sync);
  printf ("stopped\n");
  return 0;
}

/* ---- the soak ------------------------------------------------------------------- */

typedef struct
{
  double seconds;                  /* since the soak started */
  gint64 rss, anon;                /* kB */
} Sample;

typedef struct
{
  char             *dir;
  char             *config;
  char             *data_dir;
  char             *server_db;
  guint             port;
  GSubprocess      *server;
  GSubprocess      *worker;        /* ventanilla-ctl sync --drain, or NULL */
  GSubprocess      *kiosk;
  GDataInputStream *kiosk_out;
  VtStore          *store;         /* to watch the queue */
  GRand            *rand;
  guint             n;
  gboolean          enqueued;
  GArray           *memory;        /* Sample: the kiosk's, every 5 s and 1,000 applications */
  gint64            start;
  gint64            rss_last, peak;
  guint             server_kills, worker_kills, worker_runs;
} Soak;

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_bind (socket, any, TRUE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* The soak's children (the server, the workers, its kiosk) die with it:
 * a soak that fails half-way (a g_error, a failed assertion) leaves no
 * test server holding its port on the machine. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
spawn (GSubprocessFlags   flags,
       GError           **error,
       const char        *argv0,
       ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list args;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_ptr_array_add (argv, (char *) argv0);
  va_start (args, argv0);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  return g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
}

/* The server on its port, with a share of its answers failing: 500, 503,
 * connections reset before the body and after the submission is stored. */
static void
start_server (Soak *soak)
{
  g_autofree char *port = g_strdup_printf ("%u", soak->port);

  for (int attempt = 0; attempt < 50; attempt++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDataInputStream) out = NULL;
      g_autofree char *url = NULL;

      soak->server = spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                            &error, g_getenv ("VT_TEST_SERVER"), "--port", port,
                            "--db", soak->server_db, "--fail-share", "0.2", NULL);
      g_assert_no_error (error);
      out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (soak->server));
      url = g_data_input_stream_read_line (out, NULL, NULL, NULL);
      if (url != NULL)
        return;
      /* The port is not free again yet. */
      g_subprocess_wait (soak->server, NULL, NULL);
      g_clear_object (&soak->server);
      g_usleep (100 * 1000);
    }
  g_error ("the test server does not start again on port %u", soak->port);
}

static void
kill_process (GSubprocess **process)
{
  if (*process == NULL)
    return;
  g_subprocess_send_signal (*process, SIGKILL);
  g_subprocess_wait (*process, NULL, NULL);
  g_clear_object (process);
}

static void
start_worker (Soak *soak)
{
  g_autoptr(GError) error = NULL;

  soak->worker = spawn (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                        g_getenv ("VT_CTL"), "--config", soak->config, "sync", "--drain",
                        "--timeout", "3600", NULL);
  g_assert_no_error (error);
  soak->worker_runs++;
}

static void
add_sample (Soak       *soak,
            const char *line)
{
  g_auto(GStrv) f = g_strsplit (line, " ", -1);
  Sample sample = { (g_get_monotonic_time () - soak->start) / 1e6, g_ascii_strtoll (f[2], NULL, 10),
                    g_ascii_strtoll (f[3], NULL, 10) };

  g_array_append_val (soak->memory, sample);
  soak->rss_last = sample.rss;
  soak->peak = MAX (soak->peak, g_ascii_strtoll (f[4], NULL, 10));
}

/* The first sample at or after `share` of the run. */
static const Sample *
sample_at (Soak   *soak,
           double  share)
{
  const Sample *last = &g_array_index (soak->memory, Sample, soak->memory->len - 1);

  for (guint i = 0; i < soak->memory->len; i++)
    if (g_array_index (soak->memory, Sample, i).seconds >= share * last->seconds)
      return &g_array_index (soak->memory, Sample, i);
  return last;
}

/* What the kiosk process said since the last look. */
static void
read_kiosk (Soak *soak)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *line = NULL;
      gsize length = 0;

      if (!g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (g_subprocess_get_stdout_pipe (soak->kiosk))) &&
          g_buffered_input_stream_get_available (G_BUFFERED_INPUT_STREAM (soak->kiosk_out)) == 0)
        return;
      line = g_data_input_stream_read_line (soak->kiosk_out, &length, NULL, &error);
      if (line == NULL)
        g_error ("the kiosk process ended: %s", error != NULL ? error->message : "end of output");
      if (g_str_has_prefix (line, "memory "))
        add_sample (soak, line);
      else if (g_str_has_prefix (line, "enqueued "))
        soak->enqueued = TRUE;
    }
}

static void
counts (Soak          *soak,
        VtStoreCounts *counts)
{
  g_autoptr(GError) error = NULL;

  if (soak->store == NULL)
    soak->store = vt_store_open (soak->data_dir, &error);
  g_assert_no_error (error);
  g_assert_true (vt_store_get_counts (soak->store, counts, &error));
}

static gint64
sql_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  else
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return value;
}

/* Compares what the server holds with what the kiosk queued. */
static int
verify (Soak   *soak,
        double  seconds)
{
  g_autofree char *attach = NULL;
  sqlite3 *db = vt_store_get_db (soak->store);
  gint64 kiosk_rows, stored, lost, differ, conflicts, duplicates, news, sent;

  attach = g_strdup_printf ("ATTACH '%s' AS server", soak->server_db);
  vt_test_exec (db, attach);
  kiosk_rows = sql_int (db, "SELECT count(*) FROM main.submissions");
  sent = sql_int (db, "SELECT count(*) FROM main.submissions WHERE state = 'sent'");
  stored = sql_int (db, "SELECT count(*) FROM server.submissions");
  lost = sql_int (db, "SELECT count(*) FROM main.submissions s WHERE NOT EXISTS "
                      "(SELECT 1 FROM server.submissions r WHERE r.instance_id = s.instance_id)");
  /* Byte for byte: the XML, and each attachment. */
  differ = sql_int (db, "SELECT count(*) FROM main.submissions s JOIN main.payloads p ON p.submission = s.id "
                        "JOIN server.submissions r ON r.instance_id = s.instance_id "
                        "WHERE CAST (r.xml AS TEXT) <> p.xml")
         + sql_int (db, "SELECT count(*) FROM main.submissions s JOIN main.attachments a ON a.submission = s.id "
                        "WHERE NOT EXISTS (SELECT 1 FROM server.attachments r WHERE r.instance_id = s.instance_id "
                        "  AND r.name = a.name AND r.bytes = a.bytes)");
  conflicts = sql_int (db, "SELECT count(*) FROM server.answers WHERE result = 'conflict'");
  duplicates = sql_int (db, "SELECT count(*) FROM server.answers WHERE result = 'duplicate'");
  news = sql_int (db, "SELECT count(*) FROM server.answers WHERE result = 'new'");

  printf ("RESULT soak-submissions %" G_GINT64_FORMAT " count\n", kiosk_rows);
  printf ("RESULT soak-delivered-once %" G_GINT64_FORMAT " count\n", stored - differ);
  printf ("RESULT soak-lost %" G_GINT64_FORMAT " count\n", lost);
  printf ("RESULT soak-conflicts %" G_GINT64_FORMAT " count\n", conflicts);
  printf ("RESULT soak-differ %" G_GINT64_FORMAT " count\n", differ);
  printf ("RESULT soak-duplicates %" G_GINT64_FORMAT " count\n", duplicates);
  printf ("RESULT soak-marked-sent %" G_GINT64_FORMAT " count\n", sent);
  printf ("RESULT soak-worker-kills %u count\n", soak->worker_kills);
  printf ("RESULT soak-server-kills %u count\n", soak->server_kills);
  {
    const Sample *warm = sample_at (soak, 0.1), *half = sample_at (soak, 0.5), *end = sample_at (soak, 1);

    printf ("RESULT soak-kiosk-peak-rss %" G_GINT64_FORMAT " kB\n", soak->peak);
    printf ("RESULT soak-kiosk-rss-10-percent %" G_GINT64_FORMAT " kB\n", warm->rss);
    printf ("RESULT soak-kiosk-rss-half %" G_GINT64_FORMAT " kB\n", half->rss);
    printf ("RESULT soak-kiosk-rss-end %" G_GINT64_FORMAT " kB\n", end->rss);
    printf ("RESULT soak-kiosk-rss-growth-second-half %" G_GINT64_FORMAT " kB\n", end->rss - half->rss);
    printf ("RESULT soak-kiosk-anon-growth-second-half %" G_GINT64_FORMAT " kB\n", end->anon - half->anon);
  }
  printf ("RESULT soak-seconds %.0f s\n", seconds);

  /* Stored once each: the server's table has one row per instanceID, and
   * every "new" answer is one of them. */
  if (kiosk_rows != soak->n || lost != 0 || differ != 0 || conflicts != 0 || news != stored ||
      stored != kiosk_rows || sent != kiosk_rows)
    {
      printf ("FAILED: %" G_GINT64_FORMAT " queued, %" G_GINT64_FORMAT " stored, %" G_GINT64_FORMAT
              " stored as new, %" G_GINT64_FORMAT " marked sent\n", kiosk_rows, stored, news, sent);
      return 1;
    }
  return 0;
}

static void
write_config (Soak *soak)
{
  g_autofree char *text = g_strdup_printf (
    "[server]\n"
    "url=http://127.0.0.1:%u/v1/projects/1\n"
    "allow-http=true\n"
    "[sync]\n"
    "retry-min-seconds=0.05\n"
    "retry-max-seconds=1\n"
    "interval-seconds=1\n"
    "connect-timeout-seconds=1\n"
    "stall-timeout-seconds=2\n"
    /* A killed worker's lease (3 × this + 1 s) expires soon. */
    "request-timeout-seconds=3\n"
    "parallel=4\n"
    "retention-days=3650\n",
    soak->port);

  g_assert_true (g_file_set_contents (soak->config, text, -1, NULL));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *keep = NULL;
  int n = 100000;
  gint64 seed = 0;
  double kill_sync = 3, kill_server = 10;
  GOptionEntry entries[] = {
    { "submissions", 0, 0, G_OPTION_ARG_INT, &n, "How many applications (100000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the kills (random)", "S" },
    { "kill-sync-every", 0, 0, G_OPTION_ARG_DOUBLE, &kill_sync, "Mean seconds between kills of a sync worker (3)", "S" },
    { "kill-server-every", 0, 0, G_OPTION_ARG_DOUBLE, &kill_server, "Mean seconds between kills of the server (10)", "S" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Work in DIR and keep it", "DIR" },
    { NULL }
  };
  Soak soak = { 0 };
  gint64 start, next_worker_event, next_server_kill, next_print, last_progress;
  guint last_sent = 0;
  VtStoreCounts c;
  int status;

  if (argc > 1 && g_str_equal (argv[1], "kiosk"))
    return kiosk_main (argc - 1, argv + 1);

  context = g_option_context_new ("- queue and drain applications through faults and kills");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("vt-soak: %s\n", error->message);
      return 2;
    }
  /* Run from the build tree, the server and ventanilla-ctl are beside it. */
  {
    g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
    g_autofree char *here = self != NULL ? g_path_get_dirname (self) : g_strdup (".");
    g_autofree char *server = g_build_filename (here, "openrosa-test-server", NULL);
    g_autofree char *ctl = g_build_filename (here, "..", "src", "ctl", "ventanilla-ctl", NULL);

    g_setenv ("VT_TEST_SERVER", server, FALSE);
    g_setenv ("VT_CTL", ctl, FALSE);
    if (!g_file_test (g_getenv ("VT_TEST_SERVER"), G_FILE_TEST_IS_EXECUTABLE) ||
        !g_file_test (g_getenv ("VT_CTL"), G_FILE_TEST_IS_EXECUTABLE))
      {
        g_printerr ("vt-soak: run it from the build tree, or set VT_TEST_SERVER and VT_CTL\n");
        return 2;
      }
  }
  if (seed == 0)
    seed = g_get_real_time ();

  soak.n = (guint) n;
  soak.memory = g_array_new (FALSE, FALSE, sizeof (Sample));
  soak.rand = g_rand_new_with_seed ((guint32) seed);
  soak.dir = keep != NULL ? g_strdup (keep) : vt_test_make_tmpdir ("soak");
  g_mkdir_with_parents (soak.dir, 0700);
  soak.config = g_build_filename (soak.dir, "ventanilla.conf", NULL);
  /* The kiosk and ventanilla-ctl find it through XDG_DATA_HOME. */
  soak.data_dir = g_build_filename (soak.dir, "ventanilla", NULL);
  soak.server_db = g_build_filename (soak.dir, "server.db", NULL);
  soak.port = free_port ();
  write_config (&soak);
  g_setenv ("XDG_DATA_HOME", soak.dir, TRUE);
  printf ("# soak: %u applications, seed %" G_GINT64_FORMAT ", a sync worker killed every ~%.1f s, "
          "the server every ~%.1f s, in %s\n", soak.n, seed, kill_sync, kill_server, soak.dir);
  fflush (stdout);

  soak.start = g_get_monotonic_time ();
  start_server (&soak);
  {
    g_autofree char *count = g_strdup_printf ("%u", soak.n);
    g_autofree char *prefix = g_strdup_printf ("soak-%" G_GINT64_FORMAT, seed);
    g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

    soak.kiosk = spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self, "kiosk",
                        "--config", soak.config, "--submissions", count, "--prefix", prefix, NULL);
    g_assert_no_error (error);
    soak.kiosk_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (soak.kiosk));
  }

  start = soak.start;
  next_worker_event = start + (gint64) (g_rand_double_range (soak.rand, 0.5, 1.5) * kill_sync * G_USEC_PER_SEC);
  next_server_kill = start + (gint64) (g_rand_double_range (soak.rand, 0.5, 1.5) * kill_server * G_USEC_PER_SEC);
  last_progress = next_print = start;
  for (;;)
    {
      gint64 now = g_get_monotonic_time ();

      read_kiosk (&soak);
      counts (&soak, &c);
      if (soak.enqueued && c.n[VT_STORE_STATE_QUEUED] + c.n[VT_STORE_STATE_SENDING] == 0)
        break;
      if (c.n[VT_STORE_STATE_SENT] != last_sent)
        {
          last_sent = c.n[VT_STORE_STATE_SENT];
          last_progress = now;
        }
      if (now - last_progress > 300 * G_USEC_PER_SEC)
        g_error ("nothing was delivered for 5 minutes (%u queued, %u sending, %u sent)",
                 c.n[VT_STORE_STATE_QUEUED], c.n[VT_STORE_STATE_SENDING], c.n[VT_STORE_STATE_SENT]);

      /* A worker that finished by itself (nothing was due). */
      if (soak.worker != NULL && g_subprocess_get_identifier (soak.worker) == NULL)
        g_clear_object (&soak.worker);
      /* A worker starts, and is killed at a random moment of its run. */
      if (now >= next_worker_event)
        {
          if (soak.worker != NULL)
            {
              kill_process (&soak.worker);
              soak.worker_kills++;
            }
          else
            start_worker (&soak);
          next_worker_event = now + (gint64) (g_rand_double_range (soak.rand, 0.1, 2) * kill_sync * G_USEC_PER_SEC);
        }
      if (now >= next_server_kill)
        {
          kill_process (&soak.server);
          soak.server_kills++;
          /* Down for a moment: connections are refused. */
          g_usleep ((gulong) g_rand_int_range (soak.rand, 50, 1500) * 1000);
          start_server (&soak);
          next_server_kill = now + (gint64) (g_rand_double_range (soak.rand, 0.5, 1.5) * kill_server * G_USEC_PER_SEC);
        }
      if (now >= next_print)
        {
          next_print = now + 30 * G_USEC_PER_SEC;
          printf ("# %.0f s: %u queued, %u sending, %u sent; kiosk RSS %" G_GINT64_FORMAT " kB\n",
                  (now - start) / 1e6, c.n[VT_STORE_STATE_QUEUED], c.n[VT_STORE_STATE_SENDING],
                  c.n[VT_STORE_STATE_SENT], soak.rss_last);
          fflush (stdout);
        }
      g_usleep (200 * 1000);
    }

  kill_process (&soak.worker);
  g_subprocess_send_signal (soak.kiosk, SIGTERM);
  {
    g_autofree char *rest = NULL;

    /* Its last memory line, then "stopped". */
    while ((rest = g_data_input_stream_read_line (soak.kiosk_out, NULL, NULL, NULL)) != NULL)
      {
        if (g_str_has_prefix (rest, "memory "))
          add_sample (&soak, rest);
        g_free (rest);
      }
    g_subprocess_wait (soak.kiosk, NULL, NULL);
  }
  g_subprocess_send_signal (soak.server, SIGTERM);
  g_subprocess_wait (soak.server, NULL, NULL);

  status = verify (&soak, (g_get_monotonic_time () - start) / 1e6);
  g_clear_pointer (&soak.store, vt_store_close);
  if (keep == NULL && status == 0)
    vt_test_rmdir_recursive (soak.dir);
  else
    printf ("# kept in %s\n", soak.dir);
  return status;
}
