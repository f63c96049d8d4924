/* A standalone OpenRosa server for demos and manual tests:
 *   openrosa-test-server --port N --db FILE [--forms-dir DIR]
 *                        [--username U --password P] [--digest] [--token T]
 *                        [--tls] [--fail-share 0.3]
 * It listens on 127.0.0.1 only and prints the URL to put in [server] url. */
#include "config.h"

#include <glib-unix.h>
#include <stdio.h>

#include "vt-test-server.h"

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- an OpenRosa server on 127.0.0.1 for tests and demos");
  g_autoptr(GError) error = NULL;
  g_autoptr(VtTestServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  VtTestServerOptions options = { 0 };
  int port = 0;
  char *db = NULL, *forms_dir = NULL, *username = NULL, *password = NULL, *token = NULL;
  char *url_file = NULL;
  gboolean digest = FALSE, tls = FALSE, digest_attachments = FALSE;
  double fail_share = 0;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port to listen on (0: any free port)", "N" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "SQLite file for what is received", "FILE" },
    { "forms-dir", 0, 0, G_OPTION_ARG_FILENAME, &forms_dir, "Directory of XForms to publish", "DIR" },
    { "username", 0, 0, G_OPTION_ARG_STRING, &username, "Require this user name", "U" },
    { "password", 0, 0, G_OPTION_ARG_STRING, &password, "and this password", "P" },
    { "digest", 0, 0, G_OPTION_ARG_NONE, &digest, "Digest instead of Basic authentication", NULL },
    { "token", 0, 0, G_OPTION_ARG_STRING, &token, "Serve an ODK Central app-user URL with this token", "T" },
    { "tls", 0, 0, G_OPTION_ARG_NONE, &tls, "HTTPS with a fresh self-signed certificate", NULL },
    { "fail-share", 0, 0, G_OPTION_ARG_DOUBLE, &fail_share, "Share of submissions that fail transiently", "0..1" },
    { "url-file", 0, 0, G_OPTION_ARG_FILENAME, &url_file, "Also write the URL to this file", "FILE" },
    { "digest-attachments", 0, 0, G_OPTION_ARG_NONE, &digest_attachments,
      "Keep each attachment's SHA-256 instead of its bytes (benchmarks)", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("openrosa-test-server: %s\n", error->message);
      return 2;
    }

  options.port = (guint) CLAMP (port, 0, 65535);
  options.db_path = db;
  options.forms_dir = forms_dir;
  options.username = username;
  options.password = password;
  options.digest = digest;
  options.token = token;
  options.tls = tls;
  options.seed = (guint32) g_get_real_time ();
  options.digest_attachments = digest_attachments;

  server = vt_test_server_new (&options, &error);
  if (server == NULL)
    {
      g_printerr ("openrosa-test-server: %s\n", error->message);
      return 1;
    }
  if (fail_share > 0)
    vt_test_server_set_faults (server, fail_share, VT_TEST_FAULT_500 | VT_TEST_FAULT_503_RETRY_AFTER |
                               VT_TEST_FAULT_RESET_AFTER_STORE | VT_TEST_FAULT_RESET_BEFORE_BODY);

  g_print ("%s\n", vt_test_server_get_url (server));
  if (vt_test_server_get_ca_file (server) != NULL)
    g_print ("ca-file=%s\n", vt_test_server_get_ca_file (server));
  fflush (stdout);
  if (url_file != NULL && !g_file_set_contents (url_file, vt_test_server_get_url (server), -1, &error))
    {
      g_printerr ("openrosa-test-server: %s\n", error->message);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  g_free (db);
  g_free (forms_dir);
  g_free (username);
  g_free (password);
  g_free (token);
  g_free (url_file);
  return 0;
}
