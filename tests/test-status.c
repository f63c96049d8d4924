#include "config.h"

#include <gtk/gtk.h>

#include "vt-application.h"
#include "vt-feedback-question.h"
#include "vt-language.h"
#include "vt-receipt-page.h"
#include "vt-store.h"
#include "vt-test-app.h"
#include "vt-test-server.h"
#include "vt-clerk-mode.h"
#include "vt-test-utils.h"
#include "vt-window.h"

/* The status line tells the truth: offline with the number waiting while
 * the server is down, then online with nothing waiting once the sync
 * worker has delivered the application. */

static VtTestServer *server;

static gboolean
status_says (gpointer data)
{
  gpointer *args = data;
  const char *text = vt_window_get_status_text (args[0]);

  return strstr (text, args[1]) != NULL && strstr (text, args[2]) != NULL;
}

static void
wait_status (VtWindow   *window,
             const char *connection,
             const char *waiting)
{
  gpointer args[3] = { window, (gpointer) connection, (gpointer) waiting };

  vt_test_wait_until (status_says, args, 20000, connection);
}

static gboolean
delivered (gpointer data)
{
  return vt_test_server_count_instances (server) == 1;
}

static gboolean
receipt_says_sent (gpointer data)
{
  GtkWidget *page = vt_window_get_page (VT_WINDOW (data));

  return VT_IS_RECEIPT_PAGE (page) &&
         g_str_equal (vt_receipt_page_get_status (VT_RECEIPT_PAGE (page)), "Status: sent to the office.");
}

static void
test_status_offline_then_sent (void)
{
  g_autofree char *data_dir = vt_test_make_tmpdir ("status");
  g_autofree char *config = NULL;
  g_autofree char *reference = NULL;
  VtApplication *app;
  VtWindow *window;
  g_autoptr(VtStore) store = NULL;
  g_autoptr(VtReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;

  /* The server is down when the kiosk starts. */
  vt_test_server_set_up (server, FALSE);
  config = g_strdup_printf ("[server]\nurl=%s\nallow-http=true\n"
                            "[sync]\nretry-min-seconds=0.05\nretry-max-seconds=0.2\ninterval-seconds=0.2\n",
                            vt_test_server_get_url (server));
  app = vt_test_app_new (config, data_dir, TRUE);
  window = vt_test_app_open_window (app);
  vt_test_wait_catalogue (app);
  /* The clerk dashboard's "Sync now" drives the kiosk's own worker. */
  g_assert_nonnull (vt_application_get_sync (app));
  g_assert_true (vt_clerk_mode_get_sync (vt_window_get_clerk_mode (window)) ==
                 vt_application_get_sync (app));

  reference = vt_test_fill_service (window, "street_problem", "English");
  g_assert_cmpstr (vt_receipt_page_get_status (VT_RECEIPT_PAGE (vt_window_get_page (window))), ==,
                   "Status: saved on this kiosk. It will be sent automatically when the connection returns.");
  wait_status (window, "Offline", "1 application is waiting to be sent.");

  /* The connection returns: the worker sends it and the line says so. */
  vt_test_server_set_up (server, TRUE);
  vt_test_wait_until (delivered, NULL, 20000, "the delivery");
  wait_status (window, "Online", "No applications are waiting to be sent.");
  /* The receipt still on screen says so too. */
  vt_test_wait_until (receipt_says_sent, window, 20000, "the receipt's status");

  store = vt_store_open (data_dir, &error);
  g_assert_no_error (error);
  receipt = vt_store_get_receipt (store, reference, &error);
  g_assert_no_error (error);
  g_assert_true (vt_test_server_has_instance (server, receipt->instance_id));
  g_clear_pointer (&store, vt_store_close);

  vt_test_app_close (app);
  vt_test_rmdir_recursive (data_dir);
}

/* A kiosk with no server to send to has no worker publishing counts: the
 * line counts what this kiosk queued all the same, from the store owner. */
static void
test_status_without_server (void)
{
  g_autofree char *data_dir = vt_test_make_tmpdir ("status-offline");
  g_autofree char *reference = NULL;
  VtApplication *app = vt_test_app_new ("[kiosk]\nlanguages=en;es\n", data_dir, TRUE);
  VtWindow *window = vt_test_app_open_window (app);

  vt_test_wait_catalogue (app);
  g_assert_cmpint (vt_sync_get_status (vt_application_get_sync (app)), ==, VT_SYNC_STATUS_NOT_CONFIGURED);
  wait_status (window, "Offline", "No applications are waiting to be sent.");
  reference = vt_test_fill_service (window, "street_problem", "English");
  wait_status (window, "Offline", "1 application is waiting to be sent.");
  g_free (reference);
  vt_test_press (window, vt_test_find_button (vt_window_get_page (window), "Finish"));
  reference = vt_test_fill_service (window, "street_problem", "English");
  wait_status (window, "Offline", "2 applications are waiting to be sent.");

  vt_test_app_close (app);
  vt_test_rmdir_recursive (data_dir);
}

static gboolean
feedback_queued (gpointer data)
{
  return vt_feedback_question_get_sent_id (data) != NULL;
}

typedef struct
{
  gboolean      done;
  VtStoreCounts counts;
} CountsRead;

static void
counts_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  CountsRead *read = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (vt_store_owner_get_counts_finish (VT_STORE_OWNER (source), result, &read->counts, &error));
  g_assert_no_error (error);
  read->done = TRUE;
}

static gboolean
counts_read (gpointer data)
{
  return ((CountsRead *) data)->done;
}

/* A citizen who answers "How easy was this?" has still made one
 * application: the feedback is the kiosk's own submission, queued
 * (held back, as feedback is) but not counted on the status line. */
static void
test_status_leaves_out_feedback (void)
{
  g_autofree char *data_dir = vt_test_make_tmpdir ("status-feedback");
  g_autofree char *reference = NULL;
  VtApplication *app = vt_test_app_new ("[kiosk]\nlanguages=en;es\n", data_dir, TRUE);
  VtWindow *window = vt_test_app_open_window (app);
  VtStoreOwner *owner = vt_application_get_store_owner (app);
  CountsRead read = { 0 };
  GtkWidget *question;
  GtkWidget *face;

  vt_test_wait_catalogue (app);
  reference = vt_test_fill_service (window, "street_problem", "English");
  wait_status (window, "Offline", "1 application is waiting to be sent.");

  question = vt_receipt_page_get_feedback (VT_RECEIPT_PAGE (vt_window_get_page (window)));
  g_assert_true (VT_IS_FEEDBACK_QUESTION (question));
  face = vt_feedback_question_get_face (VT_FEEDBACK_QUESTION (question), 5);
  vt_test_scroll_to (face);
  vt_test_tap (face);
  vt_test_wait_until (feedback_queued, question, 20000, "the feedback queued");

  /* The owner runs its calls in order: once a read made now has
   * answered, the window's own read after the feedback has too. */
  vt_store_owner_get_counts_async (owner, NULL, counts_read_cb, &read);
  vt_test_wait_until (counts_read, &read, 20000, "the counts");
  g_assert_cmpstr (vt_window_get_status_text (window), ==,
                   "Offline: applications are kept safely on this kiosk. 1 application is waiting to be sent.");
  g_assert_cmpuint (read.counts.n[VT_STORE_STATE_QUEUED], ==, 1);

  vt_test_app_close (app);
  vt_test_rmdir_recursive (data_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *forms_dir = NULL;
  VtTestServerOptions options = { 0 };
  g_autoptr(GError) error = NULL;
  int status;

  vt_test_gtk_init (&argc, &argv);

  forms_dir = g_build_filename (vt_test_source_root (), "data", "forms", NULL);
  options.forms_dir = forms_dir;
  server = vt_test_server_new (&options, &error);
  g_assert_no_error (error);

  g_test_add_func ("/vt/status/offline-then-sent", test_status_offline_then_sent);
  g_test_add_func ("/vt/status/without-server", test_status_without_server);
  g_test_add_func ("/vt/status/leaves-out-feedback", test_status_leaves_out_feedback);

  status = g_test_run ();
  vt_test_server_free (server);
  return status;
}
