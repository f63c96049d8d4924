/* Drains 100 queued submissions with three 8 MB photos each (2.4 GB) to
 * the local OpenRosa test server, and posts the same files with a minimal
 * raw libcurl loop (curl_mime_filedata, as many connections as the kiosk)
 * to the same server in the same run.  The kiosk stores the photos in its
 * SQLite outbox and posts them from there; neither side may hold them
 * whole in memory.  Prints
 *
 *   RESULT sync-attachments-raw-curl <s>         the raw loop's time
 *   RESULT sync-attachments-kiosk <s>            the kiosk's drain
 *   RESULT sync-attachments-ratio <raw/kiosk> x  throughput against raw (>= 0.9 wanted)
 *   RESULT sync-attachments-peak-rss-growth <kB> peak RSS of the drain over RSS before it (<= 65536 wanted)
 *   RESULT sync-attachments-enqueue-peak-rss-growth <kB>  the same while queueing them
 *
 * The server runs in its own process (openrosa-test-server
 * --digest-attachments: it keeps each attachment's SHA-256, which this
 * benchmark checks, instead of 4.8 GB of photos).  The phases alternate
 * over the rounds (the order flipping each round); medians are reported.
 *
 *   bench-attachments [N]   (VT_BENCH_N also sets N; VT_BENCH_ROUNDS the rounds,
 *                            VT_BENCH_PARALLEL the connections) */
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

#define N_PHOTOS    3
#define PHOTO_BYTES (8 * 1024 * 1024)

typedef struct
{
  char *paths[N_PHOTOS];
  char *digests[N_PHOTOS];
} Photos;

/* Three different photos' worth of bytes (incompressible, as JPEG is). */
static void
make_photos (const char *dir,
             Photos     *photos)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2024);

  for (guint p = 0; p < N_PHOTOS; p++)
    {
      guint32 *data = g_malloc (PHOTO_BYTES);
      g_autoptr(GError) error = NULL;

      for (gsize i = 0; i < PHOTO_BYTES / 4; i++)
        data[i] = g_rand_int (rand);
      ((guint8 *) data)[0] = 0xff;
      ((guint8 *) data)[1] = 0xd8;
      photos->paths[p] = g_strdup_printf ("%s/photo-%u.jpg", dir, p + 1);
      photos->digests[p] = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, PHOTO_BYTES);
      g_file_set_contents (photos->paths[p], (const char *) data, PHOTO_BYTES, &error);
      g_assert_no_error (error);
      g_free (data);
    }
}

static char *
make_xml (const char *instance_id)
{
  return g_strdup_printf ("<?xml version=\"1.0\"?><data id=\"permit\" version=\"1\">"
                          "<applicant>Citizen</applicant><photo_1>photo-1.jpg</photo_1>"
                          "<photo_2>photo-2.jpg</photo_2><photo_3>photo-3.jpg</photo_3>"
                          "<meta><instanceID>%s</instanceID></meta></data>", instance_id);
}

static gint64
status_kb (const char *field)
{
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL) ||
      (line = strstr (text, field)) == NULL)
    return 0;
  return g_ascii_strtoll (line + strlen (field), NULL, 10);
}

/* Peak RSS from now on: Linux resets VmHWM to the current RSS. */
static gint64
reset_peak (void)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents ("/proc/self/clear_refs", "5", 1, &error))
    g_printerr ("Cannot reset the peak RSS (%s): the growth reported includes what came before\n",
                error->message);
  return status_kb ("VmRSS:");
}

static size_t
sink_cb (char   *ptr,
         size_t  size,
         size_t  nmemb,
         void   *data)
{
  return size * nmemb;
}

/* The baseline: `parallel` easy handles on one multi handle, the same
 * multipart shape, the files streamed from the disk by libcurl itself. */
typedef struct
{
  CURL      *easy;
  curl_mime *mime;
  char      *xml;
} RawSlot;

static void
raw_start (RawSlot      *slot,
           CURLM        *multi,
           const Photos *photos,
           guint         round,
           guint         i)
{
  g_autofree char *id = g_strdup_printf ("uuid:raw-%u-%04u", round, i);
  curl_mimepart *part;

  slot->xml = make_xml (id);
  slot->mime = curl_mime_init (slot->easy);
  part = curl_mime_addpart (slot->mime);
  curl_mime_name (part, "xml_submission_file");
  curl_mime_filename (part, "submission.xml");
  curl_mime_type (part, "text/xml");
  curl_mime_data (part, slot->xml, strlen (slot->xml));
  for (guint p = 0; p < N_PHOTOS; p++)
    {
      g_autofree char *name = g_strdup_printf ("photo-%u.jpg", p + 1);

      part = curl_mime_addpart (slot->mime);
      curl_mime_name (part, name);
      curl_mime_filedata (part, photos->paths[p]);
      curl_mime_filename (part, name);
      curl_mime_type (part, "image/jpeg");
    }
  curl_easy_setopt (slot->easy, CURLOPT_MIMEPOST, slot->mime);
  curl_multi_add_handle (multi, slot->easy);
}

static double
raw_loop (const char   *url,
          const Photos *photos,
          guint         round,
          guint         n,
          guint         parallel)
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
    raw_start (&slots[s], multi, photos, round, next++);
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
            raw_start (slot, multi, photos, round, next++);
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

static void
enqueue_round (VtStore      *store,
               const Photos *photos,
               guint         round,
               guint         n)
{
  for (guint i = 0; i < n; i++)
    {
      VtSubmission s = { 0 };
      VtStoreEnqueueOptions options = { .service_title = "Permit" };
      g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_attachment_free);
      g_autoptr(GError) error = NULL;
      g_autofree char *code = NULL;

      for (guint p = 0; p < N_PHOTOS; p++)
        {
          g_autoptr(GFile) file = g_file_new_for_path (photos->paths[p]);
          g_autofree char *name = g_strdup_printf ("photo-%u.jpg", p + 1);

          g_ptr_array_add (attachments, vt_attachment_new_for_file (name, "image/jpeg", file, &error));
          g_assert_no_error (error);
        }
      s.instance_id = g_strdup_printf ("uuid:bench-%u-%04u", round, i);
      s.form_id = (char *) "permit";
      s.form_version = (char *) "1";
      s.xml = make_xml (s.instance_id);
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

/* Every photo of every submission whose id starts with prefix arrived
 * byte for byte (the server kept its SHA-256). */
static void
check_server (const char   *dir,
              const char   *prefix,
              const Photos *photos,
              guint         expected)
{
  g_autofree char *db_path = g_build_filename (dir, "server.db", NULL);
  g_autofree char *pattern = g_strconcat (prefix, "%", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint rows = 0;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, CAST (bytes AS TEXT) FROM attachments "
                                           "WHERE instance_id LIKE ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      guint p = (guint) (name[6] - '1');

      g_assert_cmpuint (p, <, N_PHOTOS);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, photos->digests[p]);
      rows++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (rows, ==, expected * N_PHOTOS);
}

int
main (int   argc,
      char *argv[])
{
  guint n = 100;
  guint rounds = 1;
  g_autofree char *dir = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(VtConfig) config = NULL;
  g_autoptr(VtStore) store = NULL;
  g_autoptr(GArray) raw_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) kiosk_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) growths = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) enqueue_growths = g_array_new (FALSE, FALSE, sizeof (double));
  Photos photos = { 0 };

  if (argc > 1)
    n = (guint) g_ascii_strtoull (argv[1], NULL, 10);
  else if (g_getenv ("VT_BENCH_N") != NULL)
    n = (guint) g_ascii_strtoull (g_getenv ("VT_BENCH_N"), NULL, 10);
  n = MAX (n, 4);
  if (g_getenv ("VT_BENCH_ROUNDS") != NULL)
    rounds = (guint) CLAMP (g_ascii_strtoull (g_getenv ("VT_BENCH_ROUNDS"), NULL, 10), 1, 9);

  curl_global_init (CURL_GLOBAL_DEFAULT);
  dir = vt_test_make_tmpdir ("bench-attachments");
  data_dir = g_build_filename (dir, "data", NULL);
  make_photos (dir, &photos);
  server = bench_spawn_server (dir, "--digest-attachments", &url);

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
      double raw_seconds = 0, kiosk_seconds = 0, ratio, growth, enqueue_growth;
      gint64 rss_before, t0;

      g_printerr ("Round %u: queueing %u submissions with %u photos of 8 MB…\n", r + 1, n, N_PHOTOS);
      rss_before = reset_peak ();
      t0 = g_get_monotonic_time ();
      enqueue_round (store, &photos, r, n);
      enqueue_growth = status_kb ("VmHWM:") - rss_before;
      g_array_append_val (enqueue_growths, enqueue_growth);
      g_printerr ("  queued in %.1f s, peak RSS +%.0f kB\n", (g_get_monotonic_time () - t0) / 1e6, enqueue_growth);

      for (int phase = 0; phase < 2; phase++)
        {
          gboolean raw = (phase == 0) == (r % 2 == 0);
          double server_cpu = bench_server_cpu_seconds (server);
          double own_cpu = bench_self_cpu_seconds ();

          if (raw)
            raw_seconds = raw_loop (url, &photos, r, n, (guint) config->parallel);
          else
            {
              rss_before = reset_peak ();
              kiosk_seconds = kiosk_drain (config, store, n);
              growth = status_kb ("VmHWM:") - rss_before;
              g_array_append_val (growths, growth);
            }
          /* Where the time went: two cores shared by both processes. */
          g_printerr ("  %s: %.1f ms CPU per submission here, %.1f ms in the server\n",
                      raw ? "raw" : "kiosk", (bench_self_cpu_seconds () - own_cpu) * 1e3 / n,
                      (bench_server_cpu_seconds (server) - server_cpu) * 1e3 / n);
        }

      ratio = raw_seconds / kiosk_seconds;
      g_array_append_val (raw_times, raw_seconds);
      g_array_append_val (kiosk_times, kiosk_seconds);
      g_array_append_val (ratios, ratio);
      g_printerr ("  raw (%d connections) %.2f s, kiosk %.2f s: %.2f x; drain peak RSS +%.0f kB\n",
                  config->parallel, raw_seconds, kiosk_seconds, ratio, growth);
    }

  /* Byte for byte, exactly once. */
  for (guint r = 0; r < rounds; r++)
    {
      g_autofree char *kiosk = g_strdup_printf ("uuid:bench-%u-", r);
      g_autofree char *raw = g_strdup_printf ("uuid:raw-%u-", r);

      check_server (dir, kiosk, &photos, n);
      check_server (dir, raw, &photos, n);
    }

  g_print ("RESULT sync-attachments-raw-curl %.2f s\n", bench_percentile (raw_times, 0.5));
  g_print ("RESULT sync-attachments-kiosk %.2f s\n", bench_percentile (kiosk_times, 0.5));
  g_print ("RESULT sync-attachments-ratio %.2f x\n", bench_percentile (ratios, 0.5));
  g_print ("RESULT sync-attachments-peak-rss-growth %.0f kB\n", bench_percentile (growths, 1.0));
  g_print ("RESULT sync-attachments-enqueue-peak-rss-growth %.0f kB\n", bench_percentile (enqueue_growths, 1.0));

  g_subprocess_send_signal (server, SIGTERM);
  g_assert_true (g_subprocess_wait (server, NULL, &error));
  g_clear_pointer (&store, vt_store_close);
  vt_test_rmdir_recursive (dir);
  for (guint p = 0; p < N_PHOTOS; p++)
    {
      g_free (photos.paths[p]);
      g_free (photos.digests[p]);
    }
  return 0;
}
