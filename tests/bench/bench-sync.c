/* Drains 10,000 queued 4 KB submissions to the local OpenRosa test server,
 * and posts the same multipart bodies with a minimal raw libcurl keep-alive
 * loop to the same server in the same run.  Prints both throughputs and
 * RESULT sync-ratio <kiosk/raw> x.
 *
 * The server runs in its own process (openrosa-test-server), as a real one
 * would: in this process its threads and SQLite would share locks and
 * allocator with the kiosk's.  Raw and kiosk phases alternate over five
 * rounds (the order flipping each round) and the medians are reported, so
 * one disturbed phase on a shared machine does not decide the figure.
 *
 *   bench-sync [N]      (VT_BENCH_N also sets N; VT_BENCH_ROUNDS the rounds,
 *                        VT_BENCH_PARALLEL the connections) */
#include "config.h"

#include <curl/curl.h>
#include <gio/gio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "vt-store.h"
#include "vt-sync.h"
#include "vt-test-utils.h"
#include "bench-server.h"
#include "bench-stats.h"

static char *
make_xml (const char *instance_id,
          guint       i)
{
  GString *xml = g_string_new (NULL);

  g_string_append_printf (xml, "<?xml version=\"1.0\"?><data id=\"permit\" version=\"1\">"
                               "<applicant>Citizen %u</applicant><notes>", i);
  /* A realistic application is about 4 KB of answers. */
  while (xml->len < 4000)
    g_string_append (xml, "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ");
  g_string_append_printf (xml, "</notes><meta><instanceID>%s</instanceID></meta></data>", instance_id);
  return g_string_free (xml, FALSE);
}

static size_t
sink_cb (char   *ptr,
         size_t  size,
         size_t  nmemb,
         void   *data)
{
  return size * nmemb;
}

/* The baseline: `parallel` easy handles on one multi handle (as many
 * kept-alive connections as the kiosk uses), the same headers and multipart
 * shape, a check of the status, nothing else. */
typedef struct
{
  CURL      *easy;
  curl_mime *mime;
  char      *xml;
} RawSlot;

static void
raw_start (RawSlot    *slot,
           CURLM      *multi,
           guint       round,
           guint       i)
{
  g_autofree char *id = g_strdup_printf ("uuid:raw-%u-%06u", round, i);
  curl_mimepart *part;

  slot->xml = make_xml (id, i);
  slot->mime = curl_mime_init (slot->easy);
  part = curl_mime_addpart (slot->mime);
  curl_mime_name (part, "xml_submission_file");
  curl_mime_filename (part, "submission.xml");
  curl_mime_type (part, "text/xml");
  curl_mime_data (part, slot->xml, strlen (slot->xml));
  curl_easy_setopt (slot->easy, CURLOPT_MIMEPOST, slot->mime);
  curl_multi_add_handle (multi, slot->easy);
}

static double
raw_loop (const char *url,
          guint       round,
          guint       n,
          guint       parallel)
{
  g_autofree char *submission_url = g_strconcat (url, "/submission", NULL);
  g_autofree RawSlot *slots = g_new0 (RawSlot, parallel);
  CURLM *multi = curl_multi_init ();
  struct curl_slist *headers = NULL;
  gint64 start;
  guint next = 0, ok = 0, done = 0;

  headers = curl_slist_append (headers, "X-OpenRosa-Version: 1.0");
  headers = curl_slist_append (headers, "Expect:");
  curl_multi_setopt (multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long) parallel);
  curl_multi_setopt (multi, CURLMOPT_MAXCONNECTS, (long) parallel);
  for (guint s = 0; s < parallel; s++)
    {
      slots[s].easy = curl_easy_init ();
      curl_easy_setopt (slots[s].easy, CURLOPT_URL, submission_url);
      curl_easy_setopt (slots[s].easy, CURLOPT_HTTPHEADER, headers);
      curl_easy_setopt (slots[s].easy, CURLOPT_WRITEFUNCTION, sink_cb);
      curl_easy_setopt (slots[s].easy, CURLOPT_NOSIGNAL, 1L);
      curl_easy_setopt (slots[s].easy, CURLOPT_PRIVATE, &slots[s]);
    }

  start = g_get_monotonic_time ();
  for (guint s = 0; s < parallel && next < n; s++)
    raw_start (&slots[s], multi, round, next++);
  while (done < n)
    {
      CURLMsg *msg;
      int still, queued;

      curl_multi_perform (multi, &still);
      while ((msg = curl_multi_info_read (multi, &queued)) != NULL)
        {
          RawSlot *slot = NULL;
          long status = 0;

          if (msg->msg != CURLMSG_DONE)
            continue;
          curl_easy_getinfo (msg->easy_handle, CURLINFO_PRIVATE, (char **) &slot);
          if (msg->data.result == CURLE_OK &&
              curl_easy_getinfo (slot->easy, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK &&
              status == 201)
            ok++;
          done++;
          curl_multi_remove_handle (multi, slot->easy);
          curl_easy_setopt (slot->easy, CURLOPT_MIMEPOST, NULL);
          g_clear_pointer (&slot->mime, curl_mime_free);
          g_clear_pointer (&slot->xml, g_free);
          if (next < n)
            raw_start (slot, multi, round, next++);
        }
      if (done < n)
        curl_multi_poll (multi, NULL, 0, 500, NULL);
    }
  g_assert_cmpuint (ok, ==, n);

  for (guint s = 0; s < parallel; s++)
    curl_easy_cleanup (slots[s].easy);
  curl_multi_cleanup (multi);
  curl_slist_free_all (headers);
  return (g_get_monotonic_time () - start) / 1e6;
}

/* Distinct instanceIDs the server holds that start with `prefix`. */
static gint64
server_count (const char *dir,
              const char *prefix)
{
  g_autofree char *db_path = g_build_filename (dir, "server.db", NULL);
  g_autofree char *pattern = g_strconcat (prefix, "%", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count (DISTINCT instance_id) FROM submissions "
                                           "WHERE instance_id LIKE ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* Seconds this thread has waited for a processor while it could run
 * (Linux schedstat; 0 where there is none). */
static double
thread_wait_seconds (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/thread-self/schedstat", &text, NULL, NULL))
    return 0;
  fields = g_strsplit (text, " ", 0);
  return g_strv_length (fields) >= 2 ? g_ascii_strtod (fields[1], NULL) / 1e9 : 0;
}

static void
enqueue_round (VtStore *store,
               guint    round,
               guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      VtSubmission s = { 0 };
      VtStoreEnqueueOptions options = { .service_title = "Permit" };
      g_autoptr(GPtrArray) attachments = g_ptr_array_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *code = NULL;

      s.instance_id = g_strdup_printf ("uuid:bench-%u-%06u", round, i);
      s.form_id = (char *) "permit";
      s.form_version = (char *) "1";
      s.xml = make_xml (s.instance_id, i);
      s.attachments = attachments;
      code = vt_store_enqueue (store, &s, &options, &error);
      g_assert_no_error (error);
      g_free (s.instance_id);
      g_free (s.xml);
    }
}

static double
kiosk_drain (VtConfig *config,
             VtStore  *store,
             guint     n)
{
  g_autoptr(GError) error = NULL;
  VtSyncRunner *runner = vt_sync_runner_new (config, store, &error);
  VtSyncReport report = { 0 };
  gint64 start;
  double seconds;

  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  g_assert_true (vt_sync_runner_drain (runner, 0, NULL, &report));
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_assert_cmpuint (report.sent, ==, n);
  vt_sync_report_clear (&report);
  vt_sync_runner_free (runner);
  return seconds;
}

int
main (int   argc,
      char *argv[])
{
  guint n = 10000;
  guint rounds = 5;
  g_autofree char *dir = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(VtConfig) config = NULL;
  g_autoptr(VtStore) store = NULL;
  g_autoptr(GArray) raw_rates = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) kiosk_rates = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));

  if (argc > 1)
    n = (guint) g_ascii_strtoull (argv[1], NULL, 10);
  else if (g_getenv ("VT_BENCH_N") != NULL)
    n = (guint) g_ascii_strtoull (g_getenv ("VT_BENCH_N"), NULL, 10);
  n = MAX (n, 10);
  if (g_getenv ("VT_BENCH_ROUNDS") != NULL)
    rounds = (guint) CLAMP (g_ascii_strtoull (g_getenv ("VT_BENCH_ROUNDS"), NULL, 10), 1, 99);

  curl_global_init (CURL_GLOBAL_DEFAULT);
  dir = vt_test_make_tmpdir ("bench-sync");
  data_dir = g_build_filename (dir, "data", NULL);
  server = bench_spawn_server (dir, NULL, &url);

  config = vt_config_new_default ();
  vt_config_set_data_dir (config, data_dir);
  config->server_url = g_strdup (url);
  config->allow_http = TRUE;
  if (g_getenv ("VT_BENCH_PARALLEL") != NULL)
    config->parallel = (int) g_ascii_strtoull (g_getenv ("VT_BENCH_PARALLEL"), NULL, 10);
  store = vt_store_open (data_dir, &error);
  g_assert_no_error (error);

  for (guint r = 0; r < rounds; r++)
    {
      double raw_seconds = 0, kiosk_seconds = 0, raw_rate, kiosk_rate, ratio;

      g_printerr ("Round %u: queueing %u submissions of 4 KB…\n", r + 1, n);
      enqueue_round (store, r, n);

      /* Raw first in even rounds, the kiosk first in odd ones. */
      for (int phase = 0; phase < 2; phase++)
        {
          gboolean raw = (phase == 0) == (r % 2 == 0);
          double server_cpu = bench_server_cpu_seconds (server);
          double own_cpu = bench_self_cpu_seconds ();
          double waited = thread_wait_seconds ();

          if (raw)
            raw_seconds = raw_loop (url, r, n, (guint) config->parallel);
          else
            kiosk_seconds = kiosk_drain (config, store, n);
          /* Where the time went: two cores are shared by both processes.
           * The thread that drives the connections (the raw loop's, the
           * kiosk's HTTP side) stalls them while it waits for a core. */
          g_printerr ("  %s: CPU %.0f us per submission here, %.0f us in the server; "
                      "the connections' thread waited %.1f us for a core\n",
                      raw ? "raw" : "kiosk",
                      (bench_self_cpu_seconds () - own_cpu) * 1e6 / n,
                      (bench_server_cpu_seconds (server) - server_cpu) * 1e6 / n,
                      (thread_wait_seconds () - waited) * 1e6 / n);
        }

      raw_rate = n / raw_seconds;
      kiosk_rate = n / kiosk_seconds;
      ratio = kiosk_rate / raw_rate;
      g_array_append_val (raw_rates, raw_rate);
      g_array_append_val (kiosk_rates, kiosk_rate);
      g_array_append_val (ratios, ratio);
      g_printerr ("  raw (%d connections) %.2f s, kiosk %.2f s: %.2f x\n",
                  config->parallel, raw_seconds, kiosk_seconds, ratio);
    }

  /* Exactly once: the server holds every one of them, each once. */
  g_assert_cmpint (server_count (dir, "uuid:bench-"), ==, (gint64) n * rounds);
  g_assert_cmpint (server_count (dir, "uuid:raw-"), ==, (gint64) n * rounds);

  g_print ("RESULT sync-raw-curl %.1f submissions/s\n", bench_percentile (raw_rates, 0.5));
  g_print ("RESULT sync-kiosk %.1f submissions/s\n", bench_percentile (kiosk_rates, 0.5));
  g_print ("RESULT sync-ratio %.2f x\n", bench_percentile (ratios, 0.5));

  g_subprocess_send_signal (server, SIGTERM);
  g_assert_true (g_subprocess_wait (server, NULL, &error));
  g_clear_pointer (&store, vt_store_close);
  vt_test_rmdir_recursive (dir);
  return 0;
}
