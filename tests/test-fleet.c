/* Running a fleet of kiosks (docs/FLEET.md): set-up from ODK Central's App
 * User QR code. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vt-collect-settings.h"
#include "vt-config.h"
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
  return g_test_run ();
}
