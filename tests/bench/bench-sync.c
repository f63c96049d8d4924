/* Drains 10,000 queued 4 KB submissions to the local OpenRosa test server,
 * and posts the same multipart bodies with a minimal raw libcurl keep-alive
 * loop to the same server in the same run.  Prints both throughputs and
 * RESULT sync-ratio <kiosk/raw> x.
 *
 *   bench-sync [N]      (VT_BENCH_N also sets N) */
#include "config.h"

#include <curl/curl.h>
#include <string.h>
#include <time.h>

#include "vt-store.h"
#include "vt-sync.h"
#include "vt-test-server.h"
#include "vt-test-utils.h"

static double
thread_cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

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
           guint       i)
{
  g_autofree char *id = g_strdup_printf ("uuid:raw-%06u", i);
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
    raw_start (&slots[s], multi, next++);
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
            raw_start (slot, multi, next++);
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

int
main (int   argc,
      char *argv[])
{
  guint n = 10000;
  g_autofree char *dir = NULL;
  g_autofree char *data_dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtTestServer) server = NULL;
  g_autoptr(VtConfig) config = NULL;
  g_autoptr(VtStore) store = NULL;
  g_autoptr(VtSyncRunner) runner = NULL;
  VtSyncReport report = { 0 };
  double raw_seconds, kiosk_seconds, raw_rate, kiosk_rate, cpu;
  gint64 start;

  if (argc > 1)
    n = (guint) g_ascii_strtoull (argv[1], NULL, 10);
  else if (g_getenv ("VT_BENCH_N") != NULL)
    n = (guint) g_ascii_strtoull (g_getenv ("VT_BENCH_N"), NULL, 10);
  n = MAX (n, 10);

  curl_global_init (CURL_GLOBAL_DEFAULT);
  dir = vt_test_make_tmpdir ("bench-sync");
  data_dir = g_build_filename (dir, "data", NULL);

  server = vt_test_server_new (NULL, &error);
  g_assert_no_error (error);

  config = vt_config_new_default ();
  vt_config_set_data_dir (config, data_dir);
  config->server_url = g_strdup (vt_test_server_get_url (server));
  if (g_getenv ("VT_BENCH_PARALLEL") != NULL)
    config->parallel = (int) g_ascii_strtoull (g_getenv ("VT_BENCH_PARALLEL"), NULL, 10);
  store = vt_store_open (data_dir, &error);
  g_assert_no_error (error);

  g_printerr ("Queueing %u submissions of 4 KB…\n", n);
  for (guint i = 0; i < n; i++)
    {
      VtSubmission s = { 0 };
      VtStoreEnqueueOptions options = { .service_title = "Permit" };
      g_autoptr(GPtrArray) attachments = g_ptr_array_new ();
      g_autofree char *code = NULL;

      s.instance_id = g_strdup_printf ("uuid:bench-%06u", i);
      s.form_id = (char *) "permit";
      s.form_version = (char *) "1";
      s.xml = make_xml (s.instance_id, i);
      s.attachments = attachments;
      code = vt_store_enqueue (store, &s, &options, &error);
      g_assert_no_error (error);
      g_free (s.instance_id);
      g_free (s.xml);
    }

  cpu = thread_cpu_seconds ();
  raw_seconds = raw_loop (vt_test_server_get_url (server), n, (guint) config->parallel);
  g_printerr ("raw (%d connections): %.2f s, client thread busy %.0f%%\n",
              config->parallel, raw_seconds,
              100 * (thread_cpu_seconds () - cpu) / raw_seconds);

  /* The kiosk's phase starts from an empty server, as the raw one did. */
  g_assert_cmpuint (vt_test_server_count_instances (server), ==, n);
  vt_test_server_clear (server);

  runner = vt_sync_runner_new (config, store, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  cpu = thread_cpu_seconds ();
  g_assert_true (vt_sync_runner_drain (runner, 0, NULL, &report));
  kiosk_seconds = (g_get_monotonic_time () - start) / 1e6;
  g_printerr ("kiosk: %.2f s, client thread busy %.0f%%\n", kiosk_seconds,
              100 * (thread_cpu_seconds () - cpu) / kiosk_seconds);
  g_assert_cmpuint (report.sent, ==, n);
  g_assert_cmpuint (vt_test_server_count_instances (server), ==, n);
  vt_sync_report_clear (&report);

  raw_rate = n / raw_seconds;
  kiosk_rate = n / kiosk_seconds;
  g_print ("RESULT sync-raw-curl %.1f submissions/s\n", raw_rate);
  g_print ("RESULT sync-kiosk %.1f submissions/s\n", kiosk_rate);
  g_print ("RESULT sync-ratio %.2f x\n", kiosk_rate / raw_rate);

  g_clear_pointer (&runner, vt_sync_runner_free);
  g_clear_pointer (&store, vt_store_close);
  vt_test_rmdir_recursive (dir);
  return 0;
}
