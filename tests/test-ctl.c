#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "vt-test-utils.h"

static void
test_help_lists_commands (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = vt_test_run_ctl (&out, &err, "--help", NULL);

  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Usage: ventanilla-ctl"));
  g_assert_nonnull (strstr (out, "config show"));
  g_assert_nonnull (strstr (out, "--data-dir DIR"));

  /* Every summary starts in the same column, counted in characters as a
   * terminal shows them (“form check FILE…” has a three-byte ellipsis). */
  {
    g_auto(GStrv) lines = g_strsplit (strstr (out, "Commands:\n") + strlen ("Commands:\n"), "\n", -1);
    glong column = -1;

    for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
      {
        const char *gap = strstr (lines[i] + 2, "  ");
        const char *summary = gap + strspn (gap, " ");
        glong here = g_utf8_pointer_to_offset (lines[i], summary);

        if (column < 0)
          column = here;
        g_assert_cmpint (here, ==, column);
      }
    g_assert_cmpint (column, >, 0);
  }
}

static void
test_no_command (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *no_args[] = { NULL };
  int status = vt_test_run_ctlv (no_args, NULL, &out, &err);

  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "Usage:"));
}

static void
test_unknown_command (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = vt_test_run_ctl (&out, &err, "frobnicate", NULL);

  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "unknown command “frobnicate”"));
  g_assert_nonnull (strstr (err, "--help"));
}

static void
test_bad_options (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *out3 = NULL;
  g_autofree char *err3 = NULL;

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--frob", "config", "show", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "unknown option --frob"));

  g_assert_cmpint (vt_test_run_ctl (&out2, &err2, "--config", (char *) NULL), ==, 2);
  g_assert_nonnull (strstr (err2, "--config needs a value"));

  g_assert_cmpint (vt_test_run_ctl (&out3, &err3, "config", "show", "--nope", NULL), ==, 2);
  g_assert_nonnull (strstr (err3, "ventanilla-ctl config show:"));
}

static void
test_version (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--version", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "ventanilla-ctl " PACKAGE_VERSION "\n");
}

static void
test_config_show (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("ctl");
  g_autofree char *path = vt_test_write_file (dir, "k.conf",
                                              "[server]\nurl=https://example.org/v1/projects/2\n"
                                              "password-file=pw\n[kiosk]\nidle-seconds=60\n"
                                              "colour=blue\non-screen-keyboard=always\n");
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected_path = g_strdup_printf ("# configuration file: %s\n", path);
  g_autofree char *expected_data = g_strdup_printf ("# data directory: %s\n", data_dir);
  g_autofree char *expected_data_key = g_strdup_printf ("data-dir=%s\n", data_dir);
  int status = vt_test_run_ctl (&out, &err, "--config", path, "--data-dir", data_dir,
                                "config", "show", NULL);

  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, expected_path));
  g_assert_nonnull (strstr (out, expected_data));
  g_assert_nonnull (strstr (out, "url=https://example.org/v1/projects/2\n"));
  g_assert_nonnull (strstr (out, "idle-seconds=60\n"));
  g_assert_nonnull (strstr (out, "[kiosk]\n"));
  g_assert_nonnull (strstr (out, expected_data_key));
  g_assert_nonnull (strstr (out, "on-screen-keyboard=always\n"));
  g_assert_nonnull (strstr (err, "warning: "));
  g_assert_nonnull (strstr (err, ":6: unknown key [kiosk] colour"));

  vt_test_rmdir_recursive (dir);
}

/* A technician's `ventanilla-ctl config show` with no --data-dir finds the
 * data directory the file names, as the kiosk's service does. */
static void
test_config_data_dir (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("ctl");
  g_autofree char *data_dir = g_build_filename (dir, "kiosk-data", NULL);
  g_autofree char *text = g_strdup_printf ("[kiosk]\ndata-dir=%s\n", data_dir);
  g_autofree char *path = vt_test_write_file (dir, "k.conf", text);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = g_strdup_printf ("# data directory: %s\n", data_dir);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--config", path, "config", "show", NULL), ==, 0);
  g_assert_nonnull (strstr (out, expected));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--config", path, "queue", NULL), ==, 0);
  g_assert_true (g_file_test (data_dir, G_FILE_TEST_IS_DIR));

  vt_test_rmdir_recursive (dir);
}

/* An ODK Central app user's address holds its token, as good as a
 * password: config show hides it and says so. */
static void
test_config_show_hides_token (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("ctl");
  g_autofree char *path = vt_test_write_file (dir, "k.conf",
                                              "[server]\nurl=https://central.example.org/v1/key/Zq9!tok$EN/projects/3\n");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--config", path, "config", "show", NULL), ==, 0);
  g_assert_null (strstr (out, "Zq9!tok$EN"));
  g_assert_nonnull (strstr (out, "url=https://central.example.org/v1/key/…/projects/3\n"));
  g_assert_nonnull (strstr (out, "token in the server address is hidden"));
  vt_test_rmdir_recursive (dir);
}

/* ventanilla-ctl --config conf/ventanilla.conf, from the folder above:
 * password-file and ca-file are found next to the file. */
static void
test_config_relative_path (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("ctl-relative");
  g_autofree char *conf_dir = g_build_filename (dir, "conf", NULL);
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *expected_password = NULL;
  g_autofree char *expected_ca = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_mkdir_with_parents (conf_dir, 0700);
  g_free (vt_test_write_file (conf_dir, "ventanilla.conf",
                              "[server]\nurl=https://central.example.org/v1/projects/1\nusername=kiosk\n"
                              "password-file=password\nca-file=office-ca.pem\n"));
  expected_password = g_strdup_printf ("password-file=%s/password\n", conf_dir);
  expected_ca = g_strdup_printf ("ca-file=%s/office-ca.pem\n", conf_dir);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, dir);
  proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("VT_CTL"), "--config", "conf/ventanilla.conf",
                                      "--data-dir", data_dir, "config", "show", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  g_assert_nonnull (strstr (out, expected_password));
  g_assert_nonnull (strstr (out, expected_ca));
  vt_test_rmdir_recursive (dir);
}

static void
test_config_broken (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("ctl");
  g_autofree char *path = vt_test_write_file (dir, "k.conf", "[sync]\nretry-max-seconds=lots\n");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = g_strdup_printf ("%s:2: [sync] retry-max-seconds", path);
  int status = vt_test_run_ctl (&out, &err, "-c", path, "config", "show", NULL);

  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, expected));

  vt_test_rmdir_recursive (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vt/ctl/help-lists-commands", test_help_lists_commands);
  g_test_add_func ("/vt/ctl/no-command", test_no_command);
  g_test_add_func ("/vt/ctl/unknown-command", test_unknown_command);
  g_test_add_func ("/vt/ctl/bad-options", test_bad_options);
  g_test_add_func ("/vt/ctl/version", test_version);
  g_test_add_func ("/vt/ctl/config-show", test_config_show);
  g_test_add_func ("/vt/ctl/config-data-dir", test_config_data_dir);
  g_test_add_func ("/vt/ctl/config-broken", test_config_broken);
  g_test_add_func ("/vt/ctl/config-show-hides-token", test_config_show_hides_token);
  g_test_add_func ("/vt/ctl/config-relative-path", test_config_relative_path);

  return g_test_run ();
}
