#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <signal.h>
#include <unistd.h>

#include "vt-application.h"
#include "vt-consent-page.h"
#include "vt-idle-guard.h"
#include "vt-language.h"
#include "vt-receipt-page.h"
#include "vt-test-app.h"
#include "vt-test-utils.h"
#include "vt-window.h"

/* Printing the receipt: the PDF says what the screen says, and a printer
 * that never answers cannot freeze the kiosk.  The printer that hangs is a
 * CUPS server that takes connections and never answers: a Unix socket
 * that listens and never accepts, named by CUPS_SERVER, so the real
 * ventanilla-print waits in libcups as it would on a stuck cupsd. */

static const char *reference = "7KQ4-MZ3A";
static const char *instance_id = "uuid:2f9c7e1e-3b7a-4f0e-9a55-0c1d2e3f4a5b";
static const char *expected_qr = "7KQ4-MZ3A uuid:2f9c7e1e-3b7a-4f0e-9a55-0c1d2e3f4a5b";

typedef struct
{
  char    *dir;
  GSocket *listener;
  GSocket *client;          /* the helper's connection, once accepted */
} SilentCups;

static SilentCups *
silent_cups_new (void)
{
  SilentCups *cups = g_new0 (SilentCups, 1);
  g_autofree char *path = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;

  cups->dir = vt_test_make_tmpdir ("silent-cups");
  path = g_build_filename (cups->dir, "cups.sock", NULL);
  address = g_unix_socket_address_new (path);
  cups->listener = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (cups->listener, address, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (g_socket_listen (cups->listener, &error));
  g_assert_no_error (error);
  g_socket_set_blocking (cups->listener, FALSE);
  g_setenv ("CUPS_SERVER", path, TRUE);
  return cups;
}

static void
silent_cups_free (SilentCups *cups)
{
  g_clear_object (&cups->client);
  g_clear_object (&cups->listener);
  vt_test_rmdir_recursive (cups->dir);
  g_free (cups->dir);
  g_free (cups);
}

/* The helper has connected and waits for an answer that never comes. */
static gboolean
helper_connected (gpointer data)
{
  SilentCups *cups = data;

  if (cups->client == NULL)
    {
      cups->client = g_socket_accept (cups->listener, NULL, NULL);
      if (cups->client != NULL)
        g_socket_set_blocking (cups->client, FALSE);
    }
  return cups->client != NULL;
}

/* The helper's end of the connection has closed: the process is gone. */
static gboolean
helper_gone (gpointer data)
{
  SilentCups *cups = data;
  char buffer[4096];
  g_autoptr(GError) error = NULL;
  gssize n;

  while ((n = g_socket_receive (cups->client, buffer, sizeof buffer, NULL, &error)) > 0)
    ;
  return n == 0;
}

static GtkWidget *
new_receipt (void)
{
  /* 28/11/2026 15:40 UTC */
  const VtReceipt receipt = {
    .reference_code = (char *) reference,
    .instance_id = (char *) instance_id,
    .service_title = (char *) "Birth certificate copy",
    .created_at = G_GINT64_CONSTANT (1795880400) * G_USEC_PER_SEC,
  };

  return vt_receipt_page_new (&receipt, "Town hall");
}

static GtkWidget *
find_visible_label (GtkWidget  *root,
                    const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  vt_test_collect_type (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      if (gtk_widget_get_mapped (label) && g_str_equal (gtk_label_get_text (GTK_LABEL (label)), text))
        return label;
    }
  return NULL;
}

/* The text of the QR code on the first page of the PDF at path, as a
 * scanner at the counter reads it off paper (pdftoppm at 150 dpi, then
 * zbarimg), or NULL. */
static char *
qr_of_pdf (const char *path)
{
  g_autofree char *prefix = g_strconcat (path, "-page", NULL);
  g_autofree char *png = g_strconcat (prefix, "-1.png", NULL);
  const char *rasterize[] = { "pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", path, prefix, NULL };
  const char *scan[] = { "zbarimg", "-q", "--raw", png, NULL };
  char *text = NULL;
  int status = 1;

  if (!g_spawn_sync (NULL, (char **) rasterize, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    return NULL;
  if (g_spawn_sync (NULL, (char **) scan, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, &text, NULL, &status, NULL) &&
      g_spawn_check_wait_status (status, NULL))
    g_strstrip (text);
  else
    g_clear_pointer (&text, g_free);
  g_unlink (png);
  return text;
}

static char *
pdf_to_text (GBytes *pdf)
{
  const char *argv[] = { "pdftotext", "-", "-", NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate (process, pdf, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  return g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
}

/* What goes to the printer is what the citizen read, in their language. */
static void
test_print_pdf_in_citizens_language (void)
{
  GtkWidget *page;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  vt_language_apply ("es");
  page = g_object_ref_sink (new_receipt ());
  vt_receipt_page_set_sent (VT_RECEIPT_PAGE (page), TRUE);
  pdf = vt_receipt_page_render_pdf (VT_RECEIPT_PAGE (page), &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (pdf, NULL), "%PDF-"));
  text = pdf_to_text (pdf);
  g_assert_nonnull (strstr (text, reference));
  g_assert_nonnull (strstr (text, "Birth certificate copy"));
  g_assert_nonnull (strstr (text, "Town hall"));
  g_assert_nonnull (strstr (text, "Solicitud completada"));
  g_assert_nonnull (strstr (text, "Su código de referencia"));
  g_assert_nonnull (strstr (text, "Recibida el 28/11/2026"));
  g_assert_nonnull (strstr (text, vt_receipt_page_get_status (VT_RECEIPT_PAGE (page))));
  /* Its QR code reads back as the screen's. */
  {
    g_autofree char *dir = vt_test_make_tmpdir ("receipt-pdf");
    g_autofree char *path = g_build_filename (dir, "receipt.pdf", NULL);
    g_autofree char *qr = NULL;

    g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL));
    qr = qr_of_pdf (path);
    g_assert_cmpstr (qr, ==, expected_qr);
    g_assert_cmpstr (qr, ==, vt_receipt_page_get_qr_text (VT_RECEIPT_PAGE (page)));
    vt_test_rmdir_recursive (dir);
  }
  g_assert_finalize_object (page);
  vt_language_apply ("en");
}

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
count_timeout (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  GtkWidget *page;
  GtkWidget *print;
} PrintPage;

static gboolean
told_to_write_down (gpointer data)
{
  PrintPage *p = data;

  return find_visible_label (p->page, "The printer is not answering; write down your code.") != NULL;
}

/* No CUPS at all (CUPS_SERVER names a socket nobody listens on, so
 * libcups in ventanilla-print fails at once): never a print dialog, and
 * the citizen is told to write the code down. */
static void
test_print_no_printer (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("no-cups");
  g_autofree char *socket_path = g_build_filename (dir, "cups.sock", NULL);
  GtkWidget *window = gtk_window_new ();
  PrintPage p = { new_receipt (), NULL };
  guint windows_before;

  g_setenv ("CUPS_SERVER", socket_path, TRUE);
  gtk_window_set_child (GTK_WINDOW (window), p.page);
  gtk_window_present (GTK_WINDOW (window));
  windows_before = g_list_model_get_n_items (gtk_window_get_toplevels ());
  p.print = vt_test_find_button (p.page, "Print receipt");
  vt_test_click (p.print);
  vt_test_wait_until (told_to_write_down, &p, 20000, "the message that there is no printer");
  g_assert_true (gtk_widget_get_sensitive (p.print));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_window_get_toplevels ()), ==, windows_before);

  gtk_window_destroy (GTK_WINDOW (window));
  vt_test_rmdir_recursive (dir);
}

/* A helper that dies at once, before reading the receipt (a crash, a bad
 * installation): the kiosk lives on and tells the citizen.  (Whether the
 * kiosk's write comes before or after the helper closes its end is a
 * race, mostly won by the write; when it comes after, GIO's write() would
 * raise SIGPIPE, which vt-receipt-page.c ignores.) */
static void
test_print_helper_dies (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("print-helper-dies");
  g_autofree char *helper = vt_test_write_file (dir, "ventanilla-print", "#!/bin/sh\nexec 0<&-\nexit 3\n");
  GtkWidget *window = gtk_window_new ();
  PrintPage p = { new_receipt (), NULL };

  g_assert_cmpint (g_chmod (helper, 0700), ==, 0);
  g_setenv ("VENTANILLA_PRINT_HELPER", helper, TRUE);
  gtk_window_set_child (GTK_WINDOW (window), p.page);
  gtk_window_present (GTK_WINDOW (window));
  p.print = vt_test_find_button (p.page, "Print receipt");
  vt_test_click (p.print);
  vt_test_wait_until (told_to_write_down, &p, 20000, "the message that the printer is not answering");
  g_assert_true (gtk_widget_get_sensitive (p.print));
  g_unsetenv ("VENTANILLA_PRINT_HELPER");

  gtk_window_destroy (GTK_WINDOW (window));
  vt_test_rmdir_recursive (dir);
}

/* The printer never answers: the kiosk goes on drawing and running its
 * timers while ventanilla-print waits, stops it after the configured
 * time, and tells the citizen to write the code down. */
static void
test_print_printer_hangs (void)
{
  SilentCups *cups = silent_cups_new ();
  GtkWidget *window = gtk_window_new ();
  PrintPage p = { new_receipt (), NULL };
  guint frames = 0, timeouts = 0;
  guint frames_waiting, timeouts_waiting;
  guint tick_id, timeout_id;

  vt_receipt_page_set_printer (VT_RECEIPT_PAGE (p.page), NULL, 1.5);
  gtk_window_set_child (GTK_WINDOW (window), p.page);
  gtk_window_present (GTK_WINDOW (window));
  p.print = vt_test_find_button (p.page, "Print receipt");
  vt_test_wait_allocated (p.print);

  tick_id = gtk_widget_add_tick_callback (p.page, count_frame, &frames, NULL);
  timeout_id = g_timeout_add (20, count_timeout, &timeouts);
  vt_test_click (p.print);
  g_assert_false (gtk_widget_get_sensitive (p.print));
  g_assert_nonnull (find_visible_label (p.page, "Printing your receipt…"));

  vt_test_wait_until (helper_connected, cups, 10000, "ventanilla-print to reach CUPS");
  frames_waiting = frames;
  timeouts_waiting = timeouts;
  vt_test_wait_until (told_to_write_down, &p, 10000, "the printer's time-out");
  /* While the helper hung, frames were drawn and timers fired: 1.5 s at
   * 60 frames a second and a 20 ms timer give far more than this. */
  g_test_message ("while printing: %u frames, %u timeouts", frames - frames_waiting,
                  timeouts - timeouts_waiting);
  g_assert_cmpuint (frames - frames_waiting, >=, 10);
  g_assert_cmpuint (timeouts - timeouts_waiting, >=, 10);
  g_assert_true (gtk_widget_get_sensitive (p.print));
  /* The helper was stopped, not left waiting on the printer. */
  vt_test_wait_until (helper_gone, cups, 10000, "ventanilla-print to be stopped");

  gtk_widget_remove_tick_callback (p.page, tick_id);
  g_source_remove (timeout_id);
  gtk_window_destroy (GTK_WINDOW (window));
  silent_cups_free (cups);
}

/* A citizen presses Print and walks away while the printer hangs: the
 * receipt's own clock still takes the kiosk back to Welcome for the next
 * person, and the helper is stopped with the page. */
static void
test_print_receipt_wiped_while_printer_hangs (void)
{
  g_autofree char *data_dir = vt_test_make_tmpdir ("print-wipe");
  VtApplication *app = vt_test_app_new ("[kiosk]\n"
                                        "languages=es;pt_BR;en;fr;ht\n"
                                        "receipt-seconds=100\n"
                                        "[printer]\n"
                                        "timeout-seconds=600\n",
                                        data_dir, TRUE);
  VtWindow *window = vt_test_app_open_window (app);
  SilentCups *cups = silent_cups_new ();
  GtkWidget *page;

  vt_test_wait_catalogue (app);
  vt_test_fill_service_to_consent (window, "residence_certificate", "English");
  /* 100 "seconds" of 20 ms: the receipt stays 2 s. */
  vt_idle_guard_set_tick_ms (vt_window_get_idle_guard (window), 20);
  vt_test_press (window, vt_consent_page_get_send_button (VT_CONSENT_PAGE (vt_window_get_page (window))));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_RECEIPT);
  page = vt_window_get_page (window);
  vt_test_click (vt_test_find_button (page, "Print receipt"));
  vt_test_wait_until (helper_connected, cups, 10000, "ventanilla-print to reach CUPS");

  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  g_assert_null (vt_window_get_receipt_reference (window));
  g_assert_false (vt_window_has_session (window));
  vt_test_wait_until (helper_gone, cups, 10000, "ventanilla-print to be stopped");

  silent_cups_free (cups);
  vt_test_app_close (app);
  vt_test_rmdir_recursive (data_dir);
}

/* ---- a real printer: cups-pdf in a private cupsd -------------------------- */

#define CUPSD_CONF \
  "Listen %s/cups.sock\n" \
  "LogLevel warn\n" \
  "WebInterface No\n" \
  "Browsing No\n" \
  "DefaultAuthType None\n" \
  "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n" \
  "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"

#define CUPS_FILES_CONF \
  "ServerRoot %1$s\n" \
  "RequestRoot %1$s/spool\n" \
  "CacheDir %1$s/cache\n" \
  "StateDir %1$s/state\n" \
  "TempDir %1$s/tmp\n" \
  "ErrorLog %1$s/error_log\n" \
  "AccessLog %1$s/access_log\n" \
  "PageLog %1$s/page_log\n" \
  "ServerBin /usr/lib/cups\n" \
  "DataDir /usr/share/cups\n" \
  "SystemGroup root\n"

#define CUPS_PDF_BACKEND "/usr/lib/cups/backend/cups-pdf"
#define CUPS_PDF_PPD     "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* What the file system does wakes no main loop: a tick while waiting for
 * cupsd's socket or cups-pdf's file lets the condition be looked at again
 * (without it the wait slept until its time-out when nothing else ran). */
static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
wait_for_files (VtTestCondition  condition,
                gpointer         data,
                guint            timeout_ms,
                const char      *what)
{
  guint tick = g_timeout_add (50, tick_cb, NULL);

  vt_test_wait_until (condition, data, timeout_ms, what);
  g_source_remove (tick);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

typedef struct
{
  char   *dir;             /* cups-pdf's output: ~/PDF of the job's user */
  GSList *before;          /* what was there before the job */
  char   *found;
} PdfOut;

static GSList *
list_pdfs (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GSList *names = NULL;
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".pdf"))
      names = g_slist_prepend (names, g_strdup (name));
  return names;
}

/* A new PDF in the output directory, complete (cups-pdf writes it and
 * then closes it: pdftotext reads it whole). */
static gboolean
new_pdf_written (gpointer data)
{
  PdfOut *out = data;
  g_autoptr(GSList) now = list_pdfs (out->dir);

  for (GSList *l = now; l != NULL; l = l->next)
    if (out->found == NULL && !g_slist_find_custom (out->before, l->data, (GCompareFunc) g_strcmp0))
      out->found = g_build_filename (out->dir, l->data, NULL);
  g_slist_free_full (g_steal_pointer (&now), g_free);
  if (out->found != NULL)
    {
      g_autofree char *qr = qr_of_pdf (out->found);

      return g_strcmp0 (qr, expected_qr) == 0;
    }
  return FALSE;
}

static gboolean
told_being_printed (gpointer data)
{
  PrintPage *p = data;

  return find_visible_label (p->page, "Your receipt is being printed.") != NULL;
}

/* Print on a working printer: the receipt goes through CUPS (a cupsd of
 * the test's own, with a cups-pdf queue) and comes out as a PDF whose QR
 * code reads as the reference code and instanceID (CUPS's filters turn
 * the text into outlines, so pdftotext finds none in cups-pdf's output).
 * cupsd and cups-pdf's backend run as root. */
static void
test_print_cups_pdf (void)
{
  g_autofree char *cupsd = g_find_program_in_path ("cupsd");
  g_autofree char *lpadmin = g_find_program_in_path ("lpadmin");
  g_autofree char *dir = NULL;
  g_autofree char *socket_path = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *files = NULL;
  g_autoptr(GSubprocess) daemon = NULL;
  g_autoptr(GError) error = NULL;
  struct passwd *pw = getpwuid (getuid ());
  PdfOut out = { NULL, };
  GtkWidget *window;
  PrintPage p;

  if (cupsd == NULL || lpadmin == NULL || getuid () != 0 || pw == NULL ||
      !g_file_test (CUPS_PDF_BACKEND, G_FILE_TEST_EXISTS) ||
      !g_file_test (CUPS_PDF_PPD, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("needs root, cupsd and cups-pdf (packages cups, printer-driver-cups-pdf)");
      return;
    }

  dir = vt_test_make_tmpdir ("cupsd");
  for (guint i = 0; i < 4; i++)
    {
      static const char *subdirs[] = { "spool", "cache", "state", "tmp" };
      g_autofree char *sub = g_build_filename (dir, subdirs[i], NULL);

      g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
    }
  /* CUPS's filters run as its user (lp): they need the way in and a
   * temporary directory of their own. */
  {
    g_autofree char *tmp = g_build_filename (dir, "tmp", NULL);

    g_assert_cmpint (g_chmod (dir, 0711), ==, 0);
    g_assert_cmpint (g_chmod (tmp, 01777), ==, 0);
  }
  socket_path = g_build_filename (dir, "cups.sock", NULL);
  conf = g_strdup_printf (CUPSD_CONF, dir);
  files = g_strdup_printf (CUPS_FILES_CONF, dir);
  g_free (vt_test_write_file (dir, "cupsd.conf", conf));
  g_free (vt_test_write_file (dir, "cups-files.conf", files));
  {
    g_autofree char *c = g_build_filename (dir, "cupsd.conf", NULL);
    g_autofree char *s = g_build_filename (dir, "cups-files.conf", NULL);
    const char *argv[] = { cupsd, "-f", "-c", c, "-s", s, NULL };
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);

    /* A test that fails leaves no cupsd behind. */
    g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
    daemon = g_subprocess_launcher_spawnv (launcher, argv, &error);
    g_assert_no_error (error);
  }
  wait_for_files (file_exists, socket_path, 20000, "cupsd's socket");
  {
    const char *argv[] = { lpadmin, "-h", socket_path, "-p", "VentanillaTest", "-v", "cups-pdf:/",
                           "-E", "-P", CUPS_PDF_PPD, NULL };
    int status = 1;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  g_setenv ("CUPS_SERVER", socket_path, TRUE);

  out.dir = g_build_filename (pw->pw_dir, "PDF", NULL);
  vt_language_apply ("en");
  out.before = list_pdfs (out.dir);

  window = gtk_window_new ();
  p.page = new_receipt ();
  vt_receipt_page_set_printer (VT_RECEIPT_PAGE (p.page), "VentanillaTest", 110);
  gtk_window_set_child (GTK_WINDOW (window), p.page);
  gtk_window_present (GTK_WINDOW (window));
  p.print = vt_test_find_button (p.page, "Print receipt");
  vt_test_wait_allocated (p.print);
  vt_test_click (p.print);
  vt_test_wait_until (told_being_printed, &p, 120000, "CUPS to take the receipt");
  wait_for_files (new_pdf_written, &out, 180000, "cups-pdf's PDF with the receipt's QR code");
  g_test_message ("printed to %s", out.found);
  g_assert_cmpint (g_unlink (out.found), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  g_subprocess_send_signal (daemon, SIGTERM);
  g_assert_true (g_subprocess_wait (daemon, NULL, NULL));
  g_slist_free_full (out.before, g_free);
  g_free (out.found);
  g_free (out.dir);
  vt_test_rmdir_recursive (dir);
}

int
main (int   argc,
      char *argv[])
{
  vt_language_init ();
  gtk_test_init (&argc, &argv, NULL);
  vt_application_ensure_resources ();

  g_test_add_func ("/vt/print/pdf-in-citizens-language", test_print_pdf_in_citizens_language);
  g_test_add_func ("/vt/print/no-printer", test_print_no_printer);
  g_test_add_func ("/vt/print/helper-dies", test_print_helper_dies);
  g_test_add_func ("/vt/print/printer-hangs", test_print_printer_hangs);
  g_test_add_func ("/vt/print/receipt-wiped-while-printer-hangs", test_print_receipt_wiped_while_printer_hangs);
  g_test_add_func ("/vt/print/cups-pdf", test_print_cups_pdf);

  return g_test_run ();
}
