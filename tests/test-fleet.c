/* Running a fleet of kiosks (docs/FLEET.md): set-up from ODK Central's App
 * User QR code, and the kiosk's health reports through the outbox. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vt-collect-settings.h"
#include "vt-config.h"
#include "vt-dropoff.h"
#include "vt-feedback.h"
#include "vt-kiosk-identity.h"
#include "vt-kiosk-key.h"
#include "vt-kiosk-status.h"
#include "vt-store.h"
#include "vt-sync.h"
#include "vt-test-server.h"
#include "vt-test-utils.h"

/* The app user's token: it must never show in any output. */
#define TOKEN "Zq9kT0k3nxWq$Rd4VmLs2Gh7!b"
#define CENTRAL_URL "https://central.canelones.example/v1/key/" TOKEN "/projects/7"

/* ---- payloads made as Central makes them ------------------------------ */

static GBytes *
deflate_zlib (const char *text)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, -1);
  g_autoptr(GInputStream) plain = g_memory_input_stream_new_from_data (text, (gssize) strlen (text), NULL);
  g_autoptr(GInputStream) packed = g_converter_input_stream_new (plain, G_CONVERTER (compressor));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (out, packed, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                          NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* base64 (zlib (JSON)): what Central's App User page puts in its QR code
 * (the frontend's pako.deflate, then btoa). */
static char *
collect_payload_for (const char *json)
{
  g_autoptr(GBytes) packed = deflate_zlib (json);

  return g_base64_encode (g_bytes_get_data (packed, NULL), g_bytes_get_size (packed));
}

static char *
central_json (const char *server_url,
              const char *project)
{
  return g_strdup_printf ("{\"general\":{\"server_url\":\"%s\",\"form_update_mode\":\"match_exactly\","
                          "\"autosend\":\"wifi_and_cellular\"},"
                          "\"project\":{\"name\":\"%s\",\"icon\":\"📋\",\"color\":\"#3e9fcc\"},"
                          "\"admin\":{\"change_server\":false,\"automatic_update\":true}}",
                          server_url, project);
}

static char *
central_payload (const char *server_url,
                 const char *project)
{
  g_autofree char *json = central_json (server_url, project);

  return collect_payload_for (json);
}

/* ---- parsing ------------------------------------------------------------- */

static void
test_parse_central (void)
{
  g_autofree char *payload = central_payload (CENTRAL_URL, "Kioscos de Canelones");
  g_autofree char *padded = g_strdup_printf ("  %s\n", payload);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtCollectSettings) settings = vt_collect_settings_parse (padded, FALSE, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (settings->server_url, ==, CENTRAL_URL);
  g_assert_cmpstr (settings->project_name, ==, "Kioscos de Canelones");
}

static void
assert_refused (const char *payload,
                gboolean    allow_http,
                int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtCollectSettings) settings = vt_collect_settings_parse (payload, allow_http, &error);

  g_assert_null (settings);
  g_assert_error (error, VT_COLLECT_SETTINGS_ERROR, code);
  /* Whatever is wrong, the message never quotes the token. */
  g_assert_null (strstr (error->message, TOKEN));
}

static void
test_parse_refuses (void)
{
  g_autofree char *good = central_payload (CENTRAL_URL, "P");
  g_autofree char *truncated = g_strndup (good, strlen (good) / 2 / 4 * 4);
  g_autofree char *flipped = g_strdup (good);
  g_autofree char *not_zlib = g_base64_encode ((const guchar *) "{\"general\":{}}", 14);
  g_autofree char *not_json = collect_payload_for ("general server_url " CENTRAL_URL);
  g_autofree char *no_general = collect_payload_for ("{\"server_url\":\"" CENTRAL_URL "\"}");
  g_autofree char *no_url = collect_payload_for ("{\"general\":{\"autosend\":\"wifi_only\"},\"project\":{\"name\":\"P\"}}");
  g_autofree char *number_url = collect_payload_for ("{\"general\":{\"server_url\":7}}");
  g_autofree char *ftp = central_payload ("ftp://central.example/v1/key/" TOKEN "/projects/1", "P");
  g_autofree char *http = central_payload ("http://127.0.0.1:8383/v1/key/" TOKEN "/projects/1", "P");
  g_autofree char *userinfo = central_payload ("https://kiosk:" TOKEN "@central.example/v1/projects/1", "P");
  g_autoptr(VtCollectSettings) allowed = NULL;
  g_autoptr(GError) error = NULL;

  /* Damaged: cut short (a QR code half read), a byte changed, or someone
   * else's code: a receipt's, a web address. */
  flipped[strlen (flipped) / 2] = flipped[strlen (flipped) / 2] == 'A' ? 'B' : 'A';
  assert_refused (truncated, FALSE, VT_COLLECT_SETTINGS_ERROR_NOT_COLLECT);
  assert_refused (flipped, FALSE, VT_COLLECT_SETTINGS_ERROR_NOT_COLLECT);
  assert_refused (not_zlib, FALSE, VT_COLLECT_SETTINGS_ERROR_NOT_COLLECT);
  assert_refused (not_json, FALSE, VT_COLLECT_SETTINGS_ERROR_NOT_COLLECT);
  assert_refused (no_general, FALSE, VT_COLLECT_SETTINGS_ERROR_NOT_COLLECT);
  assert_refused (CENTRAL_URL, FALSE, VT_COLLECT_SETTINGS_ERROR_NOT_COLLECT);
  assert_refused ("VT1:AAAA", FALSE, VT_COLLECT_SETTINGS_ERROR_NOT_COLLECT);
  assert_refused ("", FALSE, VT_COLLECT_SETTINGS_ERROR_NOT_COLLECT);
  /* Collect's, but no server the kiosk can use. */
  assert_refused (no_url, FALSE, VT_COLLECT_SETTINGS_ERROR_NO_SERVER);
  assert_refused (number_url, FALSE, VT_COLLECT_SETTINGS_ERROR_NO_SERVER);
  assert_refused (ftp, FALSE, VT_COLLECT_SETTINGS_ERROR_NO_SERVER);
  assert_refused (userinfo, FALSE, VT_COLLECT_SETTINGS_ERROR_NO_SERVER);
  /* http:// only where [server] allow-http says so. */
  assert_refused (http, FALSE, VT_COLLECT_SETTINGS_ERROR_INSECURE);
  allowed = vt_collect_settings_parse (http, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (allowed->server_url, ==, "http://127.0.0.1:8383/v1/key/" TOKEN "/projects/1");
}

/* ---- ventanilla-ctl config import-collect ------------------------------- */

static void
assert_no_token (const char *out,
                 const char *err)
{
  g_assert_null (strstr (out, TOKEN));
  g_assert_null (strstr (err, TOKEN));
  /* Nor any long piece of it. */
  g_assert_null (strstr (out, "T0k3nxWq"));
  g_assert_null (strstr (err, "T0k3nxWq"));
}

static char *
qr_png (const char *dir,
        const char *text)
{
  g_autofree char *path = g_build_filename (dir, "app-user-code.png", NULL);
  const char *argv[] = { "qrencode", "-s", "6", "-o", path, text, NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
test_import_text (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("fleet");
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *conf = vt_test_write_file (dir, "kiosk.conf",
                                              "# The town hall's kiosk.\n"
                                              "[server]\n"
                                              "# old server\n"
                                              "url=https://old.example.org/v1/projects/1\n"
                                              "username=kiosk-old\n"
                                              "[kiosk]\n"
                                              "name=Town hall, Canelones, kiosk 2\n"
                                              "office-name=Municipio de Canelones\n");
  g_autofree char *payload = central_payload (CENTRAL_URL, "Kioscos de Canelones");
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL, *written = NULL;
  GStatBuf st;

  g_assert_cmpint (g_chmod (conf, 0640), ==, 0);
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--config", conf, "--data-dir", data_dir,
                                    "config", "import-collect", payload, NULL), ==, 0);
  assert_no_token (out, err);
  g_assert_nonnull (strstr (out, "https://central.canelones.example/v1/key/…/projects/7"));
  g_assert_nonnull (strstr (out, "Kioscos de Canelones"));
  g_assert_nonnull (strstr (out, "username kiosk-old removed"));

  /* The kiosk reads the new server; the rest of the file, comments too, stays. */
  g_assert_true (g_file_get_contents (conf, &written, NULL, NULL));
  g_assert_nonnull (strstr (written, "url=" CENTRAL_URL "\n"));
  g_assert_nonnull (strstr (written, "project-name=Kioscos de Canelones\n"));
  g_assert_nonnull (strstr (written, "# The town hall's kiosk."));
  g_assert_nonnull (strstr (written, "name=Town hall, Canelones, kiosk 2\n"));
  g_assert_nonnull (strstr (written, "office-name=Municipio de Canelones\n"));
  g_assert_null (strstr (written, "kiosk-old"));
  g_assert_cmpint (g_stat (conf, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);

  g_assert_cmpint (vt_test_run_ctl (&out2, &err2, "--config", conf, "--data-dir", data_dir,
                                    "config", "show", NULL), ==, 0);
  assert_no_token (out2, err2);
  g_assert_nonnull (strstr (out2, "project-name=Kioscos de Canelones\n"));
  g_assert_nonnull (strstr (out2, "name=Town hall, Canelones, kiosk 2\n"));

  vt_test_rmdir_recursive (dir);
}

/* A picture of the code (here made with qrencode, as a phone's photo or a
 * screenshot of Central's page would be) sets up a kiosk with no file yet. */
static void
test_import_png (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("fleet");
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *conf = g_build_filename (dir, "etc", "ventanilla.conf", NULL);
  g_autofree char *payload = central_payload (CENTRAL_URL, "Kioscos de Canelones");
  g_autofree char *png = qr_png (dir, payload);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(VtConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--config", conf, "--data-dir", data_dir,
                                    "config", "import-collect", png, NULL), ==, 0);
  assert_no_token (out, err);
  config = vt_config_load (conf, data_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->server_url, ==, CENTRAL_URL);
  g_assert_cmpstr (config->project_name, ==, "Kioscos de Canelones");
  /* A new file with the token in it is the kiosk user's alone. */
  g_assert_cmpint (g_stat (conf, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  vt_test_rmdir_recursive (dir);
}

static void
test_import_refuses (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("fleet");
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  static const char original[] = "[server]\nurl=https://old.example.org/v1/projects/1\n";
  g_autofree char *conf = vt_test_write_file (dir, "kiosk.conf", original);
  g_autofree char *http = central_payload ("http://127.0.0.1:8383/v1/key/" TOKEN "/projects/1", "Test");
  g_autofree char *damaged = central_payload (CENTRAL_URL, "P");
  g_autofree char *written = NULL;
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL, *err3 = NULL;
  g_autofree char *out4 = NULL, *err4 = NULL, *allowed_conf = NULL, *out5 = NULL, *err5 = NULL;

  damaged[10] = damaged[10] == 'x' ? 'y' : 'x';
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--config", conf, "--data-dir", data_dir,
                                    "config", "import-collect", http, NULL), ==, 1);
  assert_no_token (out, err);
  g_assert_nonnull (strstr (err, "allow-http"));
  g_assert_cmpint (vt_test_run_ctl (&out2, &err2, "--config", conf, "--data-dir", data_dir,
                                    "config", "import-collect", damaged, NULL), ==, 1);
  assert_no_token (out2, err2);
  g_assert_nonnull (strstr (err2, "not an ODK Collect settings code"));
  /* A picture of some other QR code. */
  {
    g_autofree char *receipt_png = qr_png (dir, "https://example.org/not-a-settings-code");

    g_assert_cmpint (vt_test_run_ctl (&out3, &err3, "--config", conf, "--data-dir", data_dir,
                                      "config", "import-collect", receipt_png, NULL), ==, 1);
    g_assert_nonnull (strstr (err3, "not an ODK Collect settings code"));
  }
  g_assert_cmpint (vt_test_run_ctl (&out4, &err4, "--config", conf, "--data-dir", data_dir,
                                    "config", "import-collect", NULL), ==, 2);
  /* Refused: the file is as it was. */
  g_assert_true (g_file_get_contents (conf, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, original);

  /* A test server on this machine, where the file allows it. */
  allowed_conf = vt_test_write_file (dir, "test.conf", "[server]\nallow-http=true\n");
  g_assert_cmpint (vt_test_run_ctl (&out5, &err5, "--config", allowed_conf, "--data-dir", data_dir,
                                    "config", "import-collect", http, NULL), ==, 0);
  assert_no_token (out5, err5);

  vt_test_rmdir_recursive (dir);
}

/* ---- health reports ------------------------------------------------------ */

typedef struct
{
  char         *dir;
  char         *data_dir;
  VtTestServer *server;
  VtConfig     *config;
  VtStore      *store;
  VtSync       *sync;
  gint64        now;            /* the reports' clock (read by the worker: kiosk_advance()) */
  char         *kiosk_id;
} Kiosk;

static gint64
kiosk_clock (gpointer data)
{
  Kiosk *k = data;

  return __atomic_load_n (&k->now, __ATOMIC_SEQ_CST);
}

static void
kiosk_advance (Kiosk *k,
               int    hours)
{
  __atomic_add_fetch (&k->now, hours * G_TIME_SPAN_HOUR, __ATOMIC_SEQ_CST);
  vt_sync_poke (k->sync);
}

static void
kiosk_enqueue (Kiosk      *k,
               const char *form_id,
               const char *id)
{
  VtSubmission s = { 0 };
  VtStoreEnqueueOptions options = { .service_title = "Permit" };
  g_autoptr(GPtrArray) attachments = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  s.instance_id = (char *) id;
  s.form_id = (char *) form_id;
  s.form_version = (char *) "1";
  s.xml = g_strdup_printf ("<?xml version=\"1.0\"?><data id=\"%s\" version=\"1\"><name>Ana</name>"
                           "<meta><instanceID>%s</instanceID></meta></data>", form_id, id);
  s.attachments = attachments;
  code = vt_store_enqueue (k->store, &s, &options, &error);
  g_assert_no_error (error);
  g_free (s.xml);
}

static void
kiosk_open (Kiosk *k)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtKioskKey) key = NULL;

  k->dir = vt_test_make_tmpdir ("fleet-status");
  k->data_dir = g_build_filename (k->dir, "data", NULL);
  k->server = vt_test_server_new (NULL, &error);
  g_assert_no_error (error);
  k->config = vt_config_new_default ();
  vt_config_set_data_dir (k->config, k->data_dir);
  k->config->server_url = g_strdup (vt_test_server_get_url (k->server));
  k->config->allow_http = TRUE;
  k->config->retry_min_seconds = 0.005;
  k->config->retry_max_seconds = 0.1;
  k->config->interval_seconds = 3600;
  k->config->kiosk_name = g_strdup ("Town hall, Canelones, kiosk 2");
  k->config->office_name = g_strdup ("Municipio de Canelones");
  g_free (k->config->speaker);
  k->config->speaker = g_strdup ("none");
  g_assert_cmpfloat (k->config->status_hours, ==, 6);
  k->store = vt_store_open (k->data_dir, &error);
  g_assert_no_error (error);
  /* The kiosk's first start made its key and id. */
  key = vt_kiosk_key_load (k->data_dir, &error);
  g_assert_no_error (error);
  k->kiosk_id = vt_kiosk_identity_get (k->store, &error);
  g_assert_no_error (error);
  k->now = g_get_real_time ();
}

static void
kiosk_start (Kiosk *k)
{
  k->sync = vt_sync_new (k->config);
  vt_sync_set_watch_network (k->sync, FALSE);
  vt_sync_set_clock (k->sync, kiosk_clock, k);
  vt_sync_start (k->sync);
}

static void
kiosk_close (Kiosk *k)
{
  if (k->sync != NULL)
    vt_sync_stop (k->sync);
  g_clear_object (&k->sync);
  g_clear_pointer (&k->store, vt_store_close);
  g_clear_pointer (&k->server, vt_test_server_free);
  g_clear_pointer (&k->config, vt_config_free);
  vt_test_rmdir_recursive (k->dir);
  g_free (k->dir);
  g_free (k->data_dir);
  g_free (k->kiosk_id);
}

typedef struct
{
  Kiosk *k;
  guint  reports;
  guint  passes;
} Wait;

static gboolean
reports_arrived (gpointer data)
{
  Wait *w = data;

  return vt_test_server_count_form (w->k->server, VT_KIOSK_STATUS_FORM_ID, NULL) >= w->reports &&
         vt_sync_get_passes (w->k->sync) >= w->passes;
}

static void
wait_reports (Kiosk *k,
              guint  reports)
{
  Wait w = { k, reports, vt_sync_get_passes (k->sync) + 1 };

  vt_test_wait_until (reports_arrived, &w, 20000, "the health reports to arrive");
}

/* One field of a report as the server got it: <name>value</name>. */
static char *
field_of (const char *xml,
          const char *name)
{
  g_autofree char *open = g_strdup_printf ("<%s>", name);
  g_autofree char *close = g_strdup_printf ("</%s>", name);
  g_autofree char *empty = g_strdup_printf ("<%s/>", name);
  const char *start = strstr (xml, open);
  const char *end;

  if (start == NULL)
    {
      g_assert_nonnull (strstr (xml, empty));
      return g_strdup ("");
    }
  start += strlen (open);
  end = strstr (start, close);
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

static void
assert_field (const char *xml,
              const char *name,
              const char *expected)
{
  g_autofree char *value = field_of (xml, name);

  g_assert_cmpstr (value, ==, expected);
}

/* Every status-hours by the kiosk's clock a report is queued and sent,
 * once each; it holds what IT needs with the right figures, and it is left
 * out of the citizens' counts (its own and the next report's). */
static void
test_status_periodic (void)
{
  Kiosk k = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(VtKioskKey) key = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *device = NULL;
  guint posts = 0;
  const char *first, *second;

  kiosk_open (&k);
  /* Two applications sent, one feedback answer (not an application). */
  kiosk_enqueue (&k, "permit", "uuid:citizen-1");
  kiosk_enqueue (&k, "permit", "uuid:citizen-2");
  kiosk_enqueue (&k, VT_FEEDBACK_FORM_ID, "uuid:feedback-1");
  g_assert_true (vt_dropoff_record (k.store, "permit", "1", "/data/name", VT_DROPOFF_IDLE, &error));
  g_assert_no_error (error);

  /* The first start: no report yet, the clock starts. */
  kiosk_start (&k);
  wait_reports (&k, 0);
  g_assert_cmpuint (vt_test_server_count_instances (k.server), ==, 3);
  g_assert_cmpuint (vt_test_server_count_form (k.server, VT_KIOSK_STATUS_FORM_ID, NULL), ==, 0);

  /* Six hours on: the first report. */
  kiosk_advance (&k, 6);
  wait_reports (&k, 1);

  /* Then, with the server down, a third application and two abandoned
   * sessions; three hours on, nothing; six, the second report, queued
   * offline and sent once the server is back. */
  vt_test_server_set_up (k.server, FALSE);
  kiosk_enqueue (&k, "permit", "uuid:citizen-3");
  g_assert_true (vt_dropoff_record (k.store, "permit", "1", "review", VT_DROPOFF_START_AGAIN, &error));
  g_assert_true (vt_dropoff_record (k.store, "permit", "1", "review", VT_DROPOFF_START_AGAIN, &error));
  kiosk_advance (&k, 3);
  wait_reports (&k, 1);
  kiosk_advance (&k, 3);
  wait_reports (&k, 1);
  g_assert_cmpuint (vt_test_server_count_form (k.server, VT_KIOSK_STATUS_FORM_ID, NULL), ==, 1);
  vt_test_server_set_up (k.server, TRUE);
  vt_sync_sync_now (k.sync);
  wait_reports (&k, 2);
  /* A pass more: nothing is sent twice. */
  vt_sync_sync_now (k.sync);
  wait_reports (&k, 2);
  g_assert_cmpuint (vt_test_server_count_form (k.server, VT_KIOSK_STATUS_FORM_ID, &posts), ==, 2);
  g_assert_cmpuint (posts, ==, 2);

  reports = vt_test_server_list_form (k.server, VT_KIOSK_STATUS_FORM_ID);
  g_assert_cmpuint (reports->len, ==, 2);
  first = g_ptr_array_index (reports, 0);
  second = g_ptr_array_index (reports, 1);

  key = vt_kiosk_key_load_existing (k.data_dir, &error);
  g_assert_no_error (error);
  public_key = vt_kiosk_key_dup_public_text (key);
  for (guint i = 0; i < 2; i++)
    {
      const char *xml = g_ptr_array_index (reports, i);
      g_autofree char *uptime = field_of (xml, "uptime_hours");
      g_autofree char *free_mb = field_of (xml, "free_disk_mb");
      g_autofree char *db_mb = field_of (xml, "database_mb");
      g_autofree char *printer = field_of (xml, "printer");
      g_autofree char *forms = field_of (xml, "forms");

      assert_field (xml, "kiosk_id", k.kiosk_id);
      assert_field (xml, "kiosk_name", "Town hall, Canelones, kiosk 2");
      assert_field (xml, "office_name", "Municipio de Canelones");
      assert_field (xml, "version", PACKAGE_VERSION);
      assert_field (xml, "receipt_public_key", public_key);
      assert_field (xml, "audio", "none");
      assert_field (xml, "rejected", "0");
      assert_field (xml, "discarded", "0");
      g_assert_cmpfloat (g_ascii_strtod (uptime, NULL), >, 0);
      g_assert_cmpint (g_ascii_strtoll (free_mb, NULL, 10), >, 0);
      g_assert_cmpfloat (g_ascii_strtod (db_mb, NULL), >, 0);
      g_assert_nonnull (strstr (printer, "(default)"));
      g_assert_cmpstr (forms, ==, "");
      /* Nothing a citizen typed. */
      g_assert_null (strstr (xml, "Ana"));
    }

  /* The first: as of six hours after the start, the two applications
   * sent, the feedback left out, the one abandoned session since the
   * database was made. */
  {
    g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc ((k.now - 6 * G_TIME_SPAN_HOUR) / G_USEC_PER_SEC);
    g_autofree char *when = g_date_time_format (at, "%Y-%m-%dT%H:%M:%S.000+00:00");

    assert_field (first, "report_time", when);
  }
  assert_field (first, "queued", "0");
  assert_field (first, "sending", "0");
  assert_field (first, "sent", "2");
  assert_field (first, "oldest_waiting", "");
  assert_field (first, "sessions_finished", "2");
  assert_field (first, "sessions_abandoned", "1");
  assert_field (first, "sessions_started", "3");
  assert_field (first, "dropoffs", "permit 1 /data/name idle 1");
  assert_field (first, "last_error", "");

  /* The second, made offline: the third application waiting since it was
   * made, the first report not counted as an application, only what
   * happened since the first report. */
  {
    g_autofree char *sync = field_of (second, "last_sync");
    g_autofree char *oldest = field_of (second, "oldest_waiting");
    g_autofree char *hours = field_of (second, "oldest_waiting_hours");

    assert_field (second, "queued", "1");
    assert_field (second, "sent", "2");
    g_assert_cmpstr (oldest, !=, "");
    /* Made at real time, reported six (fake) hours on. */
    g_assert_cmpfloat (g_ascii_strtod (hours, NULL), >=, 5.9);
    g_assert_cmpstr (sync, !=, "");
  }
  assert_field (second, "sessions_finished", "1");
  assert_field (second, "sessions_abandoned", "2");
  assert_field (second, "sessions_started", "3");
  assert_field (second, "dropoffs", "permit 1 /data/name idle 1; permit 1 review start-again 2");

  /* Central's DeviceID column names the kiosk for its reports too. */
  {
    g_autofree char *instance = field_of (first, "instanceID");

    device = vt_test_server_dup_client (k.server, instance, "device_id");
    g_assert_cmpstr (device, ==, k.kiosk_id);
  }
  kiosk_close (&k);
}

static gboolean
citizen_2_sent (gpointer data)
{
  Kiosk *k = data;

  return vt_test_server_has_instance (k->server, "uuid:citizen-2");
}

/* The report was refused once and is queued again for later. */
static gboolean
report_kept (gpointer data)
{
  Kiosk *k = data;
  g_autoptr(GPtrArray) rows = vt_store_list_submissions (k->store, VT_STORE_ALL_STATES, 0, NULL);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      VtStoreSubmissionInfo *info = g_ptr_array_index (rows, i);

      if (g_strcmp0 (info->form_id, VT_KIOSK_STATUS_FORM_ID) == 0 && info->attempts >= 1 &&
          info->state == VT_STORE_STATE_QUEUED)
        return TRUE;
    }
  return FALSE;
}

/* A server that does not have the status form yet (IT has not published
 * it): the report is kept, to be tried again a period later, the
 * applications go on, and nothing tells the clerk of a problem. */
static void
test_status_form_missing (void)
{
  Kiosk k = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint found = 0;

  kiosk_open (&k);
  vt_test_server_refuse_form (k.server, VT_KIOSK_STATUS_FORM_ID);
  kiosk_enqueue (&k, "permit", "uuid:citizen-1");
  kiosk_start (&k);
  wait_reports (&k, 0);
  /* The clerk's button: a report now. */
  vt_sync_report_status (k.sync);
  vt_test_wait_until (report_kept, &k, 20000, "the refused report to be kept");
  g_assert_cmpuint (vt_test_server_get_count (k.server, "404"), ==, 1);
  g_assert_true (vt_test_server_has_instance (k.server, "uuid:citizen-1"));
  g_assert_cmpuint (vt_sync_get_count (k.sync, VT_STORE_STATE_REJECTED), ==, 0);
  g_assert_null (vt_sync_get_last_error (k.sync));

  rows = vt_store_list_submissions (k.store, VT_STORE_ALL_STATES, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      VtStoreSubmissionInfo *info = g_ptr_array_index (rows, i);

      if (g_strcmp0 (info->form_id, VT_KIOSK_STATUS_FORM_ID) != 0)
        continue;
      found++;
      g_assert_cmpint (info->state, ==, VT_STORE_STATE_QUEUED);
      g_assert_cmpint (info->next_attempt_at, >=, g_get_real_time () + 5 * G_TIME_SPAN_HOUR);
    }
  g_assert_cmpuint (found, ==, 1);

  /* Published now: the kept report waits for its time (a period later);
   * a clerk's Sync now sends the applications without hurrying it. */
  vt_test_server_refuse_form (k.server, NULL);
  kiosk_enqueue (&k, "permit", "uuid:citizen-2");
  vt_sync_sync_now (k.sync);
  vt_test_wait_until (citizen_2_sent, &k, 20000, "the next application to be sent");
  g_assert_cmpuint (vt_test_server_count_form (k.server, VT_KIOSK_STATUS_FORM_ID, NULL), ==, 0);
  kiosk_close (&k);
}

/* `status --json` is the report as it stands; `status` the same fields
 * as lines; `status-form` the form the kiosk fills, which IT publishes. */
static void
test_status_ctl (void)
{
  Kiosk k = { 0 };
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL, *err3 = NULL;
  g_autofree char *form_path = NULL, *out4 = NULL, *err4 = NULL, *conf = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) xml = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *report;

  kiosk_open (&k);
  kiosk_enqueue (&k, "permit", "uuid:citizen-1");
  kiosk_enqueue (&k, VT_FEEDBACK_FORM_ID, "uuid:feedback-1");
  conf = vt_test_write_file (k.dir, "kiosk.conf", "[kiosk]\nname=Field office, Tala\nstatus-hours=12\n"
                                                   "[devices]\nspeaker=none\n");

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--config", conf, "--data-dir", k.data_dir,
                                    "status", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  report = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (report, "kiosk_id"), ==, k.kiosk_id);
  g_assert_cmpstr (json_object_get_string_member (report, "kiosk_name"), ==, "Field office, Tala");
  g_assert_cmpstr (json_object_get_string_member (report, "version"), ==, PACKAGE_VERSION);
  g_assert_cmpint (json_object_get_int_member (report, "queued"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (report, "sent"), ==, 0);
  g_assert_true (json_object_get_null_member (report, "last_sync"));
  g_assert_cmpfloat (json_object_get_double_member (report, "oldest_waiting_hours"), >=, 0);
  /* Decimals as the report has them, two places, not JsonGenerator's 17
   * digits (uptime 8.85 came out as 8.8499999999999996). */
  g_assert_false (g_regex_match_simple (" : -?[0-9]+\\.[0-9]{3,}[,\\n]", out, 0, 0));
  g_assert_true (g_regex_match_simple ("\"uptime_hours\" : [0-9]+\\.[0-9]{2}[,\n]", out, 0, 0));
  g_assert_cmpstr (json_object_get_string_member (report, "audio"), ==, "none");
  g_assert_cmpint (json_object_get_size (report), ==, 26);

  g_assert_cmpint (vt_test_run_ctl (&out2, &err2, "--config", conf, "--data-dir", k.data_dir, "status", NULL), ==, 0);
  {
    g_autofree char *line = g_strdup_printf ("kiosk_id: %s\n", k.kiosk_id);

    g_assert_nonnull (strstr (out2, line));
    g_assert_nonnull (strstr (out2, "kiosk_name: Field office, Tala\n"));
    g_assert_nonnull (strstr (out2, "queued: 1\n"));
    /* And it says what those counts are. */
    g_assert_nonnull (strstr (out2, "\n# queued, sending, sent, rejected, discarded and oldest_waiting count "
                                    "the citizens' applications only"));
  }

  g_assert_cmpint (vt_test_run_ctl (&out3, &err3, "status-form", NULL), ==, 0);
  xml = vt_kiosk_status_get_form_xml ();
  g_assert_cmpstr (out3, ==, g_bytes_get_data (xml, NULL));
  form_path = vt_test_write_file (k.dir, "status.xml", out3);
  g_assert_cmpint (vt_test_run_ctl (&out4, &err4, "form", "check", form_path, NULL), ==, 0);
  g_assert_nonnull (strstr (out4, "OK " VT_KIOSK_STATUS_FORM_ID));
  kiosk_close (&k);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vt/fleet/collect/parse-central", test_parse_central);
  g_test_add_func ("/vt/fleet/collect/parse-refuses", test_parse_refuses);
  g_test_add_func ("/vt/fleet/collect/import-text", test_import_text);
  g_test_add_func ("/vt/fleet/collect/import-png", test_import_png);
  g_test_add_func ("/vt/fleet/collect/import-refuses", test_import_refuses);
  g_test_add_func ("/vt/fleet/status/periodic", test_status_periodic);
  g_test_add_func ("/vt/fleet/status/form-missing", test_status_form_missing);
  g_test_add_func ("/vt/fleet/status/ctl", test_status_ctl);
  return g_test_run ();
}
