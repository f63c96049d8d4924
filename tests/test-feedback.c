/* "How easy was this?" under the receipt, driven as a citizen would: an
 * application filled in and sent, one tap on a face (a real pointer event
 * through the X server), and the feedback arrives at the OpenRosa test
 * server as a submission of its own form carrying the rating, the service
 * and the language, and nothing of the application: no answer the citizen
 * gave, no reference code, no instanceID.  Skipping it (Finish without a
 * tap) sends nothing; a face can be tapped only once. */
#include "config.h"

#include <string.h>

#include "vt-feedback.h"
#include "vt-feedback-question.h"
#include "vt-receipt-page.h"
#include "vt-store.h"
#include "vt-test-app.h"
#include "vt-test-server.h"
#include "vt-test-utils.h"
#include "vt-window.h"

static VtTestServer *server;

static gboolean
feedback_queued (gpointer data)
{
  return vt_feedback_question_get_sent_id (data) != NULL;
}

typedef struct
{
  const char *instance_id;
} Delivery;

static gboolean
delivered (gpointer data)
{
  Delivery *delivery = data;

  return vt_test_server_has_instance (server, delivery->instance_id);
}

static char *
instance_of (const char *data_dir,
             const char *reference)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = vt_store_open (data_dir, &error);
  g_autoptr(VtReceipt) receipt = NULL;

  g_assert_no_error (error);
  receipt = vt_store_get_receipt (store, reference, &error);
  g_assert_no_error (error);
  return g_strdup (receipt->instance_id);
}

static void
test_feedback_reaches_server (void)
{
  g_autofree char *data_dir = vt_test_make_tmpdir ("feedback");
  g_autofree char *config = g_strdup_printf ("[server]\nurl=%s\nallow-http=true\n"
                                             "[sync]\nretry-min-seconds=0.05\nretry-max-seconds=0.2\n"
                                             "interval-seconds=0.2\n"
                                             "[feedback]\ndelay-seconds=0\n",
                                             vt_test_server_get_url (server));
  g_autoptr(GHashTable) answers = vt_test_load_answers ("street_problem");
  g_autofree char *reference = NULL;
  g_autofree char *instance_id = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *second = NULL;
  g_autofree char *second_id = NULL;
  VtApplication *app = vt_test_app_new (config, data_dir, TRUE);
  VtWindow *window = vt_test_app_open_window (app);
  GHashTableIter iter;
  const char *value;
  GtkWidget *question;
  GtkWidget *face;
  Delivery delivery;
  guint before;

  vt_test_wait_catalogue (app);
  reference = vt_test_fill_service (window, "street_problem", "English");
  instance_id = instance_of (data_dir, reference);

  /* Under the receipt, five faces with their words. */
  question = vt_receipt_page_get_feedback (VT_RECEIPT_PAGE (vt_window_get_page (window)));
  g_assert_true (VT_IS_FEEDBACK_QUESTION (question));
  g_assert_true (vt_test_has_label (question, "How easy was this?"));
  g_assert_true (vt_test_has_label (question, "Very hard"));
  g_assert_true (vt_test_has_label (question, "Very easy"));

  /* One tap on "Easy". */
  face = vt_feedback_question_get_face (VT_FEEDBACK_QUESTION (question), 4);
  vt_test_scroll_to (face);
  vt_test_tap (face);
  vt_test_wait_until (feedback_queued, question, 20000, "the feedback queued");
  /* Only once. */
  for (int ease = VT_FEEDBACK_MIN_EASE; ease <= VT_FEEDBACK_MAX_EASE; ease++)
    g_assert_false (gtk_widget_get_sensitive (vt_feedback_question_get_face (VT_FEEDBACK_QUESTION (question), ease)));
  g_assert_nonnull (vt_test_find_label_containing (question, "Thank you"));

  delivery.instance_id = vt_feedback_question_get_sent_id (VT_FEEDBACK_QUESTION (question));
  g_assert_cmpstr (delivery.instance_id, !=, instance_id);
  vt_test_wait_until (delivered, &delivery, 30000, "the feedback at the server");
  delivery.instance_id = instance_id;
  vt_test_wait_until (delivered, &delivery, 30000, "the application at the server");

  xml = vt_test_server_get_xml (server, vt_feedback_question_get_sent_id (VT_FEEDBACK_QUESTION (question)));
  g_test_message ("%s", xml);
  g_assert_nonnull (strstr (xml, "id=\"" VT_FEEDBACK_FORM_ID "\""));
  g_assert_nonnull (strstr (xml, "<ease>4</ease>"));
  g_assert_nonnull (strstr (xml, "<service>street_problem</service>"));
  /* Nothing of the application. */
  g_assert_null (strstr (xml, instance_id));
  g_assert_null (strstr (xml, instance_id + strlen ("uuid:")));
  g_assert_null (strstr (xml, reference));
  g_hash_table_iter_init (&iter, answers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &value))
    if (strlen (value) >= 3 && strstr (xml, value) != NULL)
      g_error ("The feedback carries the answer “%s”: %s", value, xml);

  /* The next citizen skips it: Finish, and nothing more arrives than the
   * application. */
  vt_test_press (window, vt_test_find_button (vt_window_get_page (window), "Finish"));
  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  before = vt_test_server_count_instances (server);
  second = vt_test_fill_service (window, "street_problem", "English");
  second_id = instance_of (data_dir, second);
  question = vt_receipt_page_get_feedback (VT_RECEIPT_PAGE (vt_window_get_page (window)));
  g_assert_true (VT_IS_FEEDBACK_QUESTION (question));
  vt_test_press (window, vt_test_find_button (vt_window_get_page (window), "Finish"));
  delivery.instance_id = second_id;
  vt_test_wait_until (delivered, &delivery, 30000, "the second application at the server");
  g_assert_cmpuint (vt_test_server_count_instances (server), ==, before + 1);

  vt_test_app_close (app);
  vt_test_rmdir_recursive (data_dir);
}

/* Not a test: with VT_SHOTS_DIR, the receipt with the question at 100 %
 * and 200 % text and in high contrast, before and after the tap (and on a
 * portrait screen when VT_TEST_SCREEN says so). */
static void
take_screenshots (void)
{
  const char *dir = g_getenv ("VT_SHOTS_DIR");
  const char *screen = g_getenv ("VT_TEST_SCREEN");
  const char *looks[] = { "100", "200", "high-contrast" };
  g_autofree char *data_dir = vt_test_make_tmpdir ("feedback-shots");
  VtApplication *app = vt_test_app_new ("[feedback]\ndelay-seconds=0\n", data_dir, TRUE);
  VtWindow *window = vt_test_app_open_window (app);

  vt_test_wait_catalogue (app);
  for (gsize i = 0; i < G_N_ELEMENTS (looks); i++)
    {
      g_autofree char *reference = vt_test_fill_service (window, "street_problem", "English");
      GtkWidget *question = vt_receipt_page_get_feedback (VT_RECEIPT_PAGE (vt_window_get_page (window)));
      GtkWidget *face = vt_feedback_question_get_face (VT_FEEDBACK_QUESTION (question), 5);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;

      if (g_str_equal (looks[i], "200"))
        {
          gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
          gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
        }
      else if (g_str_equal (looks[i], "high-contrast"))
        gtk_widget_activate_action (GTK_WIDGET (window), "win.high-contrast", NULL);
      vt_test_scroll_to (face);
      before = g_strdup_printf ("%s/feedback-%s%s.png", dir, looks[i], screen != NULL ? "-portrait" : "");
      vt_test_screenshot (GTK_WIDGET (window), before);
      vt_test_tap (face);
      vt_test_wait_until (feedback_queued, question, 20000, "the feedback queued");
      after = g_strdup_printf ("%s/feedback-%s-thanks%s.png", dir, looks[i], screen != NULL ? "-portrait" : "");
      vt_test_screenshot (GTK_WIDGET (window), after);
      vt_window_reset (window);
    }
  vt_test_app_close (app);
  vt_test_rmdir_recursive (data_dir);
}

/* [feedback] ask=false: no question under the receipt. */
static void
feedback_off_in_child (void)
{
  g_autofree char *data_dir = vt_test_make_tmpdir ("feedback-off");
  VtApplication *app = vt_test_app_new ("[feedback]\nask=false\n", data_dir, TRUE);
  VtWindow *window = vt_test_app_open_window (app);
  g_autofree char *reference = NULL;

  vt_test_wait_catalogue (app);
  reference = vt_test_fill_service (window, "street_problem", "English");
  g_assert_null (vt_receipt_page_get_feedback (VT_RECEIPT_PAGE (vt_window_get_page (window))));

  vt_test_app_close (app);
  vt_test_rmdir_recursive (data_dir);
}

/* In a process of its own: a kiosk never runs a second application in
 * the first one's process (and doing so here crashed at exit now and
 * then, SIGBUS or a GType warning, after both tests had passed). */
static void
test_feedback_off (void)
{
  if (g_test_subprocess ())
    {
      feedback_off_in_child ();
      return;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
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

  g_test_add_func ("/vt/feedback/reaches-server", test_feedback_reaches_server);
  g_test_add_func ("/vt/feedback/off", test_feedback_off);
  if (g_getenv ("VT_SHOTS_DIR") != NULL)
    g_test_add_func ("/vt/feedback/screenshots", take_screenshots);

  status = g_test_run ();
  vt_test_server_free (server);
  return status;
}
