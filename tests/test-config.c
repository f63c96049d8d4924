#include "config.h"

#include <glib/gstdio.h>

#include "vt-config.h"
#include "vt-test-utils.h"

static void
test_defaults (void)
{
  g_autoptr(VtConfig) config = vt_config_new_default ();

  g_assert_null (config->server_url);
  g_assert_cmpfloat (config->retry_min_seconds, ==, 5);
  g_assert_cmpfloat (config->retry_max_seconds, ==, 900);
  g_assert_cmpint (config->idle_seconds, ==, 120);
  g_assert_cmpstr (config->languages[0], ==, "es");
  g_assert_true (g_str_has_suffix (config->data_dir, "ventanilla"));
}

static void
test_good_file (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("config");
  g_autofree char *path = vt_test_write_file (dir, "good.conf",
    "# a comment\n"
    "[server]\n"
    "url=https://central.example.org/v1/key/ab!$cd/projects/3/\n"
    "username=kiosk\n"
    "password-file=secret\n"
    "\n"
    "[sync]\n"
    "retry-min-seconds=0.5\n"
    "retry-max-seconds=60\n"
    "\n"
    "[kiosk]\n"
    "languages=fr; ht ;es\n"
    "idle-seconds=45\n"
    "on-screen-keyboard= never \n"
    "location= -12.0464  -77.0428 150 5 \n"
    "\n"
    "[bundle]\n"
    "recipient-key= AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
    "recipient-secret-key-file=bundle.key\n"
    "trusted-kiosks=/etc/ventanilla/kiosks\n");
  g_autofree char *expected_password = g_build_filename (dir, "secret", NULL);
  g_autofree char *expected_bundle_key = g_build_filename (dir, "bundle.key", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) config = vt_config_load (path, "/tmp/vt-data", &error);

  g_assert_no_error (error);
  g_assert_nonnull (config);
  /* The token's characters survive untouched and the trailing slash goes. */
  g_assert_cmpstr (config->server_url, ==, "https://central.example.org/v1/key/ab!$cd/projects/3");
  g_assert_cmpstr (config->username, ==, "kiosk");
  g_assert_cmpstr (config->password_file, ==, expected_password);
  g_assert_cmpfloat (config->retry_min_seconds, ==, 0.5);
  g_assert_cmpfloat (config->retry_max_seconds, ==, 60);
  g_assert_cmpint (config->idle_seconds, ==, 45);
  g_assert_cmpuint (g_strv_length (config->languages), ==, 3);
  g_assert_cmpstr (config->languages[1], ==, "ht");
  g_assert_cmpstr (config->data_dir, ==, "/tmp/vt-data");
  g_assert_cmpint (config->on_screen_keyboard, ==, VT_KEYBOARD_MODE_NEVER);
  g_assert_true (config->has_location);
  g_assert_cmpfloat (config->location.latitude, ==, -12.0464);
  g_assert_cmpfloat (config->location.longitude, ==, -77.0428);
  g_assert_cmpfloat (config->location.altitude, ==, 150);
  g_assert_cmpfloat (config->location.accuracy, ==, 5);
  g_assert_cmpstr (config->bundle_recipient_key, ==, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
  g_assert_cmpstr (config->bundle_recipient_secret_key_file, ==, expected_bundle_key);
  g_assert_cmpstr (config->bundle_trusted_kiosks, ==, "/etc/ventanilla/kiosks");
  g_assert_cmpuint (config->warnings->len, ==, 0);

  vt_test_rmdir_recursive (dir);
}

static void
assert_load_fails (const char *contents,
                   int         code,
                   const char *expected_fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) config = vt_config_load_from_data (contents, -1, "/etc/ventanilla/k.conf", &error);

  g_assert_null (config);
  g_assert_error (error, VT_CONFIG_ERROR, code);
  if (strstr (error->message, expected_fragment) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, expected_fragment);
}

static void
test_malformed (void)
{
  /* A line that is no key=value: the message names file and line. */
  assert_load_fails ("[server]\nurl=https://x\nthis is not a setting\n",
                     VT_CONFIG_ERROR_PARSE, "/etc/ventanilla/k.conf:3:");
  assert_load_fails ("[server\nurl=https://x\n",
                     VT_CONFIG_ERROR_PARSE, "k.conf:1:");
  assert_load_fails ("url=https://x\n",
                     VT_CONFIG_ERROR_PARSE, "before any [group]");
  /* A bad value: the message names file, line and key. */
  assert_load_fails ("[sync]\n\nretry-min-seconds=soon\n",
                     VT_CONFIG_ERROR_INVALID_VALUE, "k.conf:3: [sync] retry-min-seconds");
  assert_load_fails ("[kiosk]\nidle-seconds=-4\n",
                     VT_CONFIG_ERROR_INVALID_VALUE, "[kiosk] idle-seconds");
  assert_load_fails ("[server]\nurl=ftp://example.org\n",
                     VT_CONFIG_ERROR_INVALID_VALUE, "[server] url");
  assert_load_fails ("[sync]\nretry-min-seconds=10\nretry-max-seconds=2\n",
                     VT_CONFIG_ERROR_INVALID_VALUE, "k.conf:3: [sync] retry-max-seconds");
  assert_load_fails ("[kiosk]\nlanguages=;;\n",
                     VT_CONFIG_ERROR_INVALID_VALUE, "the list is empty");
  assert_load_fails ("[kiosk]\nidle-seconds=\xff\n",
                     VT_CONFIG_ERROR_PARSE, "not UTF-8");
  /* A word the key does not take: the message lists those it does. */
  assert_load_fails ("[kiosk]\non-screen-keyboard=sometimes\n",
                     VT_CONFIG_ERROR_INVALID_VALUE,
                     "k.conf:2: [kiosk] on-screen-keyboard: “sometimes” is not one of the words this key takes; "
                     "write one of: auto, always, never");
  /* A place off the globe, a place in words, a negative accuracy: each
   * names the key and says how to write it. */
  assert_load_fails ("[kiosk]\nlocation=-120.5 -77.0\n",
                     VT_CONFIG_ERROR_INVALID_VALUE,
                     "k.conf:2: [kiosk] location: “-120.5 -77.0” is not a place: the latitude (the first number) "
                     "must lie between -90 and 90 degrees; write the kiosk's place as LATITUDE LONGITUDE "
                     "[ALTITUDE [ACCURACY]] in degrees and metres, like -12.0464 -77.0428 150 5");
  assert_load_fails ("[kiosk]\nlocation=Plaza de Armas\n",
                     VT_CONFIG_ERROR_INVALID_VALUE, "k.conf:2: [kiosk] location: “Plaza de Armas” is not a place");
  assert_load_fails ("[kiosk]\nlocation=-12.0464 -77.0428 150 -5\n",
                     VT_CONFIG_ERROR_INVALID_VALUE, "[kiosk] location: the accuracy cannot be negative");
  /* A key cut short when pasted. */
  assert_load_fails ("[bundle]\nrecipient-key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd\n",
                     VT_CONFIG_ERROR_INVALID_VALUE, "k.conf:2: [bundle] recipient-key");
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) config = vt_config_load ("/nonexistent/ventanilla.conf", NULL, &error);

  g_assert_null (config);
  g_assert_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/ventanilla.conf"));
}

static void
test_no_file_anywhere (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) config = NULL;

  /* The test environment points XDG_CONFIG_HOME at an empty directory, so
   * unless /etc has one, defaults are used and nothing fails. */
  if (g_file_test (SYSCONFDIR "/ventanilla/ventanilla.conf", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("this machine has a system-wide configuration");
      return;
    }

  config = vt_config_load (NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (config->path);
  g_assert_cmpint (config->idle_seconds, ==, 120);
  g_assert_cmpint (config->on_screen_keyboard, ==, VT_KEYBOARD_MODE_AUTO);
}

static void
test_unknown_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) config = vt_config_load_from_data ("[kiosk]\nidle-secnds=30\n[printers]\nname=x\n",
                                                         -1, "k.conf", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (config->warnings->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (config->warnings, 0), ==,
                   "k.conf:2: unknown key [kiosk] idle-secnds is ignored; check its spelling");
  /* The misspelt key changes nothing. */
  g_assert_cmpint (config->idle_seconds, ==, 120);
  g_assert_null (config->printer_name);
}

/* [printer]: the receipt's queue and how long it may take. */
static void
test_printer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) defaults = vt_config_new_default ();
  g_autoptr(VtConfig) config = vt_config_load_from_data ("[printer]\nname=Receipt_Printer\ntimeout-seconds=12.5\n",
                                                         -1, "k.conf", &error);

  g_assert_no_error (error);
  g_assert_null (defaults->printer_name);
  g_assert_cmpfloat (defaults->print_timeout_seconds, ==, 30);
  g_assert_cmpstr (config->printer_name, ==, "Receipt_Printer");
  g_assert_cmpfloat (config->print_timeout_seconds, ==, 12.5);
  g_assert_cmpuint (config->warnings->len, ==, 0);
  g_clear_pointer (&config, vt_config_free);
  config = vt_config_load_from_data ("[printer]\ntimeout-seconds=0\n", -1, "k.conf", &error);
  g_assert_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_INVALID_VALUE);
  g_assert_null (config);
}

/* Plain http is refused, with or without a user name, unless allowed for
 * a test server; the message says both ways out. */
static void
test_plain_http_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) allowed = NULL;
  g_autoptr(VtConfig) allowed_first = NULL;

  assert_load_fails ("[server]\nurl=http://192.0.2.1\nusername=k\n",
                     VT_CONFIG_ERROR_INVALID_VALUE, "k.conf:2: [server] url uses http://");
  assert_load_fails ("[server]\nurl=HTTP://192.0.2.1\n",
                     VT_CONFIG_ERROR_INVALID_VALUE, "allow-http = true");
  assert_load_fails ("[server]\nurl=http://127.0.0.1:8080\nallow-http=false\n",
                     VT_CONFIG_ERROR_INVALID_VALUE, "https://");
  assert_load_fails ("[server]\nurl=https://x\nallow-http=perhaps\n",
                     VT_CONFIG_ERROR_INVALID_VALUE, "k.conf:3: [server] allow-http");

  allowed = vt_config_load_from_data ("[server]\nurl=http://127.0.0.1:8080\nallow-http=true\n",
                                      -1, "k.conf", &error);
  g_assert_no_error (error);
  g_assert_true (allowed->allow_http);
  g_assert_cmpuint (allowed->warnings->len, ==, 0);
  /* Whatever the order of the keys. */
  allowed_first = vt_config_load_from_data ("[server]\nallow-http=true\nurl=http://127.0.0.1:8080\n",
                                            -1, "k.conf", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (allowed_first->server_url, ==, "http://127.0.0.1:8080");
}

/* A user name or password in the address would be shown and logged with
 * it: refused, pointing to username and password-file, and the message
 * itself does not repeat the password or a Central token. */
static void
test_credentials_in_url_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) config = NULL;

  config = vt_config_load_from_data ("[server]\nurl=https://kiosk:s3cret@central.example.org/v1/projects/1\n",
                                     -1, "k.conf", &error);
  g_assert_null (config);
  g_assert_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "k.conf:2: [server] url"));
  g_assert_nonnull (strstr (error->message, "password-file"));
  g_assert_null (strstr (error->message, "s3cret"));
  g_clear_error (&error);

  config = vt_config_load_from_data ("[server]\nurl=htps://central.example.org/v1/key/T0k3n!/projects/1\n",
                                     -1, "k.conf", &error);
  g_assert_null (config);
  g_assert_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "not a web address"));
  g_assert_null (strstr (error->message, "T0k3n"));
}

static void
test_password_file (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("password");
  g_autofree char *secret = vt_test_write_file (dir, "password", "s3cr3t!$\n");
  g_autoptr(VtConfig) config = vt_config_new_default ();
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  g_chmod (secret, 0600);

  /* No file configured: no password, no error. */
  g_assert_null (vt_config_read_password (config, &error));
  g_assert_no_error (error);

  config->password_file = g_strdup (secret);
  password = vt_config_read_password (config, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "s3cr3t!$");

  g_free (config->password_file);
  config->password_file = g_build_filename (dir, "missing", NULL);
  g_assert_null (vt_config_read_password (config, &error));
  g_assert_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_NOT_FOUND);

  vt_test_rmdir_recursive (dir);
}

/* A copy (what a window keeps, through the boxed type) has every setting
 * and owns every string: changing or freeing the original leaves it be. */
static void
test_copy (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) config = vt_config_load_from_data ("[server]\nurl=https://odk.example.org/v1/key/x\n"
                                                         "username=kiosk\n"
                                                         "[sync]\nretention-days=7\n"
                                                         "[kiosk]\nlanguages=fr;es\noffice-name=Oficina Sur\nname=Oficina Sur, kiosk 2\n"
                                                         "receipt-seconds=45\n"
                                                         "[clerk]\ndraft-days=3\nunknown=1\n"
                                                         "[devices]\ncamera=v4l2src\n",
                                                         -1, "test.conf", &error);
  VtConfig *copy;
  GValue value = G_VALUE_INIT;

  g_assert_no_error (error);
  copy = vt_config_copy (config);
  g_assert_true (copy != config);
  g_assert_cmpstr (copy->server_url, ==, "https://odk.example.org/v1/key/x");
  g_assert_true (copy->server_url != config->server_url);
  g_assert_cmpstr (copy->username, ==, "kiosk");
  g_assert_cmpstr (copy->office_name, ==, "Oficina Sur");
  g_assert_cmpstr (copy->kiosk_name, ==, "Oficina Sur, kiosk 2");
  g_assert_cmpstr (copy->data_dir, ==, config->data_dir);
  g_assert_cmpint (copy->retention_days, ==, 7);
  g_assert_cmpint (copy->draft_days, ==, 3);
  g_assert_cmpint (copy->receipt_seconds, ==, 45);
  g_assert_cmpstr (copy->camera, ==, "v4l2src");
  g_assert_true (copy->camera != config->camera);
  g_assert_cmpstrv (copy->languages, config->languages);
  g_assert_cmpuint (copy->warnings->len, ==, config->warnings->len);

  g_clear_pointer (&config, vt_config_free);
  g_assert_cmpstr (copy->languages[0], ==, "fr");

  /* The boxed type copies the same way. */
  g_value_init (&value, VT_TYPE_CONFIG);
  g_value_set_boxed (&value, copy);
  g_assert_true (g_value_get_boxed (&value) != copy);
  g_assert_cmpstr (((VtConfig *) g_value_get_boxed (&value))->office_name, ==, "Oficina Sur");
  g_value_unset (&value);
  vt_config_free (copy);
}

/* The data directory comes from the file when no --data-dir is given, so
 * the kiosk's service and a technician's ventanilla-ctl use the same one;
 * a relative one is read next to the file, --data-dir wins over both. */
static void
test_data_dir (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("config");
  g_autofree char *absolute = vt_test_write_file (dir, "a.conf", "[kiosk]\ndata-dir=/var/lib/ventanilla\n");
  g_autofree char *relative = vt_test_write_file (dir, "r.conf", "[kiosk]\ndata-dir=queue\n");
  g_autofree char *empty = vt_test_write_file (dir, "e.conf", "[kiosk]\ndata-dir=\n");
  g_autofree char *expected_relative = g_build_filename (dir, "queue", NULL);
  g_autofree char *expected_default = g_build_filename (g_get_user_data_dir (), "ventanilla", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) a = vt_config_load (absolute, NULL, &error);
  g_autoptr(VtConfig) r = vt_config_load (relative, NULL, &error);
  g_autoptr(VtConfig) e = vt_config_load (empty, NULL, &error);
  g_autoptr(VtConfig) flag = vt_config_load (absolute, "/tmp/vt-data", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (a->data_dir, ==, "/var/lib/ventanilla");
  g_assert_cmpstr (r->data_dir, ==, expected_relative);
  g_assert_cmpstr (e->data_dir, ==, expected_default);
  g_assert_cmpstr (flag->data_dir, ==, "/tmp/vt-data");
  g_assert_cmpuint (a->warnings->len, ==, 0);

  /* The machine's own file without data-dir (as packaged before it had
   * one): the kiosk service's directory, where the queue already is. */
  {
    g_autoptr(VtConfig) system = vt_config_load_from_data ("[kiosk]\nidle-seconds=60\n", -1,
                                                           SYSCONFDIR "/ventanilla/ventanilla.conf", &error);
    g_autoptr(VtConfig) salvaged = vt_config_load_salvage (SYSCONFDIR "/ventanilla/../ventanilla/ventanilla.conf", NULL);

    g_assert_no_error (error);
    g_assert_cmpstr (system->data_dir, ==, VT_CONFIG_SYSTEM_DATA_DIR);
    if (!g_file_test (SYSCONFDIR "/ventanilla/ventanilla.conf", G_FILE_TEST_EXISTS))
      g_assert_cmpstr (salvaged->data_dir, ==, VT_CONFIG_SYSTEM_DATA_DIR);
  }

  vt_test_rmdir_recursive (dir);
}

/* A file with mistakes still tells an out-of-service kiosk its languages
 * and data directory (where the clerk PIN is): every setting that reads,
 * defaults for the rest, bad lines skipped. */
static void
test_salvage (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("config");
  g_autofree char *path = vt_test_write_file (dir, "broken.conf",
    "[server]\n"
    "url=central.example.org\n"
    "this line is no setting\n"
    "[kiosk\n"
    "idle-seconds=45\n"
    "[kiosk]\n"
    "languages=fr;ht\n"
    "data-dir=/srv/kiosk\n"
    "idle-seconds=soon\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) strict = vt_config_load (path, NULL, &error);
  g_autoptr(VtConfig) salvaged = vt_config_load_salvage (path, NULL);
  g_autoptr(VtConfig) flag = vt_config_load_salvage (path, "/tmp/vt-data");
  g_autoptr(VtConfig) none = vt_config_load_salvage ("/nonexistent/ventanilla.conf", NULL);

  /* The kiosk itself never runs on it. */
  g_assert_null (strict);
  g_assert_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_PARSE);

  g_assert_cmpstr (salvaged->path, ==, path);
  g_assert_null (salvaged->server_url);
  g_assert_cmpuint (g_strv_length (salvaged->languages), ==, 2);
  g_assert_cmpstr (salvaged->languages[0], ==, "fr");
  g_assert_cmpstr (salvaged->data_dir, ==, "/srv/kiosk");
  /* Under the broken header, and a bad value: defaults. */
  g_assert_cmpint (salvaged->idle_seconds, ==, 120);
  g_assert_cmpstr (flag->data_dir, ==, "/tmp/vt-data");
  g_assert_cmpstr (none->languages[0], ==, "es");

  vt_test_rmdir_recursive (dir);
}

/* --config conf/ventanilla.conf: the paths in it are read next to it, not
 * lost (they became NULL after a GLib-CRITICAL: no credentials, no CA). */
static void
test_relative_config_path (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("config-relative");
  g_autofree char *conf_dir = g_build_filename (dir, "conf", NULL);
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *expected_password = g_build_filename (conf_dir, "password", NULL);
  g_autofree char *expected_ca = g_build_filename (dir, "ca", "office.pem", NULL);
  g_autoptr(VtConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (conf_dir, 0700);
  g_free (vt_test_write_file (conf_dir, "ventanilla.conf",
                              "[server]\nurl=https://central.example.org/v1/projects/1\nusername=kiosk\n"
                              "password-file=password\nca-file=../ca/office.pem\n"));
  g_assert_cmpint (g_chdir (dir), ==, 0);
  config = vt_config_load ("conf/ventanilla.conf", NULL, &error);
  g_assert_cmpint (g_chdir (cwd), ==, 0);

  g_assert_no_error (error);
  g_assert_cmpstr (config->password_file, ==, expected_password);
  g_assert_cmpstr (config->ca_file, ==, expected_ca);
  vt_test_rmdir_recursive (dir);
}

/* A password file others may read is refused, saying how to fix it; the
 * check is on the file opened. */
static void
test_password_file_permissions (void)
{
  static const int modes[] = { 0640, 0604, 0660, 0606, 0644, 0666 };
  g_autofree char *dir = vt_test_make_tmpdir ("password-mode");
  g_autofree char *secret = vt_test_write_file (dir, "password", "s3cr3t\n");
  g_autoptr(VtConfig) config = vt_config_new_default ();
  g_autofree char *password = NULL;
  g_autoptr(GError) error = NULL;

  config->password_file = g_strdup (secret);
  for (gsize i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *fix = g_strdup_printf ("chmod 600 %s", secret);

      g_assert_cmpint (g_chmod (secret, modes[i]), ==, 0);
      g_assert_null (vt_config_read_password (config, &local_error));
      g_assert_error (local_error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_PERMISSIONS);
      g_assert_nonnull (strstr (local_error->message, fix));
    }

  /* The kiosk user's alone (read-only is fine too). */
  g_assert_cmpint (g_chmod (secret, 0400), ==, 0);
  password = vt_config_read_password (config, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "s3cr3t");

  /* A directory is not a password file. */
  g_free (config->password_file);
  config->password_file = g_strdup (dir);
  g_assert_null (vt_config_read_password (config, &error));
  g_assert_nonnull (error);
  vt_test_rmdir_recursive (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vt/config/defaults", test_defaults);
  g_test_add_func ("/vt/config/good-file", test_good_file);
  g_test_add_func ("/vt/config/malformed", test_malformed);
  g_test_add_func ("/vt/config/missing-file", test_missing_file);
  g_test_add_func ("/vt/config/no-file-anywhere", test_no_file_anywhere);
  g_test_add_func ("/vt/config/unknown-key", test_unknown_key);
  g_test_add_func ("/vt/config/printer", test_printer);
  g_test_add_func ("/vt/config/plain-http-refused", test_plain_http_refused);
  g_test_add_func ("/vt/config/credentials-in-url-refused", test_credentials_in_url_refused);
  g_test_add_func ("/vt/config/relative-config-path", test_relative_config_path);
  g_test_add_func ("/vt/config/password-file-permissions", test_password_file_permissions);
  g_test_add_func ("/vt/config/password-file", test_password_file);
  g_test_add_func ("/vt/config/copy", test_copy);
  g_test_add_func ("/vt/config/data-dir", test_data_dir);
  g_test_add_func ("/vt/config/salvage", test_salvage);

  return g_test_run ();
}
