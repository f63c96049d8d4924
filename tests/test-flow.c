#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "vt-application.h"
#include "vt-consent-page.h"
#include "vt-idle-guard.h"
#include "vt-language.h"
#include "vt-question-page.h"
#include "vt-question-view.h"
#include "vt-receipt-page.h"
#include "vt-review-page.h"
#include "vt-services-page.h"
#include "vt-store.h"
#include "vt-test-app.h"
#include "vt-test-utils.h"
#include "vt-window.h"

/* Drives the kiosk through every demo service as a citizen would, by
 * pressing its buttons and typing into its fields, then checks what the
 * store queued and what the receipt says. */

static VtApplication *app;
static char *data_dir;

static void
test_flow_demo_service (gconstpointer data)
{
  const char *form_id = data;
  VtWindow *window = vt_test_app_open_window (app);
  g_autofree char *reference = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = NULL;
  g_autoptr(VtReceipt) receipt = NULL;
  g_autoptr(VtStoreItem) item = NULL;
  g_autoptr(GHashTable) answers = vt_test_load_answers (form_id);
  GHashTableIter iter;
  gpointer key, value;

  vt_test_wait_catalogue (app);
  reference = vt_test_fill_service (window, form_id, "English");

  /* The receipt shows what the store committed. */
  store = vt_store_open (data_dir, &error);
  g_assert_no_error (error);
  receipt = vt_store_get_receipt (store, reference, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (receipt->form_id, ==, form_id);
  g_assert_false (receipt->sent);
  g_assert_cmpstr (vt_window_get_receipt_reference (window), ==, reference);

  /* Every answer typed reached the queued XML. */
  item = vt_store_get_item (store, receipt->instance_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (item->state, ==, VT_STORE_STATE_QUEUED);
  g_hash_table_iter_init (&iter, answers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *leaf = strrchr (key, '/') + 1;
      g_autofree char *element = g_strdup_printf ("<%s>%s</%s>", leaf, (char *) value, leaf);

      if (strstr (item->xml, element) == NULL)
        {
          /* Values with markup characters are escaped in the XML. */
          g_autofree char *v = g_markup_escape_text (value, -1);
          g_autofree char *el = g_strdup_printf ("<%s>%s</%s>", leaf, v, leaf);

          if (strstr (item->xml, el) == NULL)
            g_error ("%s=%s is not in the submission:\n%s", (char *) key, (char *) value, item->xml);
        }
    }

  /* Finish: back to Welcome with nothing left. */
  vt_test_click (vt_test_find_button (vt_window_get_page (window), "Finish"));
  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  g_assert_false (vt_window_has_session (window));

  vt_test_close_kiosk (window);
}

static gboolean
idle_dialog_shown (gpointer data)
{
  return vt_window_get_idle_dialog (VT_WINDOW (data)) != NULL;
}

/* Continue with a required question empty: the same page again with the
 * error by the field, a summary at the top, and focus on the summary. */
static void
test_flow_error_summary (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  VtQuestionPage *page;
  GtkWidget *summary;
  GtkWidget *view;
  GtkWidget *entry;

  vt_test_wait_catalogue (app);
  vt_test_click (vt_test_find_button (vt_window_get_page (window), "English"));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  vt_test_press (window, vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), "household_benefit"));
  vt_test_press (window, vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
  vt_test_press (window, vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));

  page = VT_QUESTION_PAGE (vt_window_get_page (window));
  summary = vt_question_page_get_error_summary (page);
  g_assert_true (gtk_widget_get_visible (summary));
  g_assert_true (gtk_widget_has_focus (summary));
  g_assert_nonnull (vt_test_find_button_or_null (summary, "Your full name — Write the name to continue."));
  view = vt_question_page_get_view (page, "/data/applicant_name");
  entry = vt_question_view_get_control (VT_QUESTION_VIEW (view));
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
  gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE,
                                      vt_question_view_get_error (VT_QUESTION_VIEW (view)));

  /* A constraint: too short a name gets the form's own message. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "Al");
  vt_test_press (window, vt_question_page_get_next_button (page));
  page = VT_QUESTION_PAGE (vt_window_get_page (window));
  g_assert_nonnull (vt_test_find_button_or_null (vt_question_page_get_error_summary (page),
                                                 "Your full name — The name is too short. Write the first name and "
                                                 "surname."));
  /* What was typed is still there. */
  entry = vt_question_view_get_control (VT_QUESTION_VIEW (vt_question_page_get_view (page, "/data/applicant_name")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "Al");

  gtk_editable_set_text (GTK_EDITABLE (entry), "Alma Duarte");
  vt_test_press (window, vt_question_page_get_next_button (page));
  page = VT_QUESTION_PAGE (vt_window_get_page (window));
  g_assert_false (gtk_widget_get_visible (vt_question_page_get_error_summary (page)));
  g_assert_nonnull (vt_question_page_get_view (page, "/data/phone"));

  /* Back keeps the answer. */
  vt_test_press (window, vt_question_page_get_back_button (page));
  page = VT_QUESTION_PAGE (vt_window_get_page (window));
  entry = vt_question_view_get_control (VT_QUESTION_VIEW (vt_question_page_get_view (page, "/data/applicant_name")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "Alma Duarte");

  /* "Do you need more time?" → "Delete my answers and start again" wipes. */
  vt_idle_guard_set_tick_ms (vt_window_get_idle_guard (window), 2);
  vt_test_wait_until (idle_dialog_shown, window, 10000, "the idle dialog");
  vt_test_click (vt_test_find_button (vt_window_get_idle_dialog (window),
                                      "Delete my answers and start again"));
  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  g_assert_false (vt_window_has_session (window));

  vt_test_close_kiosk (window);
}

static gboolean
screen_is_prompt (gpointer data)
{
  GtkWidget *page = vt_window_get_page (VT_WINDOW (data));

  return VT_IS_QUESTION_PAGE (page) &&
         gtk_widget_get_visible (vt_question_page_get_add_button (VT_QUESTION_PAGE (page)));
}

static void
fill_child (VtWindow   *window,
            guint       n,
            const char *name,
            const char *birth)
{
  /* A lone instance has its position too: /data/child[1]/child_name. */
  g_autofree char *name_path = g_strdup_printf ("/data/child[%u]/child_name", n);
  g_autofree char *birth_path = g_strdup_printf ("/data/child[%u]/birth", n);
  VtQuestionPage *page = VT_QUESTION_PAGE (vt_window_get_page (window));
  GtkWidget *name_view = vt_question_page_get_view (page, name_path);
  GtkWidget *birth_view = vt_question_page_get_view (page, birth_path);

  if (name_view == NULL)
    g_error ("page %s has no %s", vt_question_page_get_id (page), name_path);
  g_assert_nonnull (birth_view);
  vt_test_answer_view (name_view, name);
  vt_test_answer_view (birth_view, birth);
  vt_test_press (window, vt_question_page_get_next_button (page));
}

/* A repeat without a count: "Add another", each instance its own pages,
 * "I have added everyone", every instance in check your answers and in
 * the submission. */
static void
test_flow_repeat_prompt (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  VtQuestionPage *page;
  g_autoptr(VtStore) store = NULL;
  g_autoptr(VtReceipt) receipt = NULL;
  g_autoptr(VtStoreItem) item = NULL;
  g_autoptr(GError) error = NULL;
  const char *reference;

  vt_test_wait_catalogue (app);
  vt_test_click (vt_test_find_button (vt_window_get_page (window), "English"));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  vt_test_press (window, vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), "family_card"));

  page = VT_QUESTION_PAGE (vt_window_get_page (window));
  vt_test_answer_view (vt_question_page_get_view (page, "/data/applicant"), "Rosa Díaz");
  vt_test_press (window, vt_question_page_get_next_button (page));

  /* "Do you want to add: A child?" with none yet. */
  g_assert_true (screen_is_prompt (window));
  vt_test_press (window, vt_question_page_get_add_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
  fill_child (window, 1, "Tomás", "2018-05-02");
  vt_test_wait_until (screen_is_prompt, window, 10000, "the prompt again");
  g_assert_nonnull (vt_test_find_button_or_null (vt_window_get_page (window), "I have added everyone"));
  vt_test_press (window, vt_question_page_get_add_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
  fill_child (window, 2, "Lucía", "2021-11-30");
  vt_test_wait_until (screen_is_prompt, window, 10000, "the prompt a third time");

  /* Back from the prompt shows the second child with its answers. */
  vt_test_press (window, vt_question_page_get_back_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
  {
    GtkWidget *view = vt_question_page_get_view (VT_QUESTION_PAGE (vt_window_get_page (window)),
                                                 "/data/child[2]/child_name");

    g_assert_nonnull (view);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (vt_question_view_get_control (VT_QUESTION_VIEW (view)))),
                     ==, "Lucía");
  }
  vt_test_press (window, vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
  vt_test_press (window, vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_REVIEW);
  /* Each child's answers under their place and name. */
  g_assert_nonnull (vt_test_find_label (vt_window_get_page (window), "A child 2: Lucía"));
  g_assert_nonnull (vt_test_find_button_or_null (vt_window_get_page (window), "Change: Child's name (A child 2: Lucía)"));

  vt_test_press (window, vt_test_find_button (vt_window_get_page (window), "Continue"));
  vt_test_press (window, vt_consent_page_get_send_button (VT_CONSENT_PAGE (vt_window_get_page (window))));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_RECEIPT);
  reference = vt_window_get_receipt_reference (window);

  store = vt_store_open (data_dir, &error);
  g_assert_no_error (error);
  receipt = vt_store_get_receipt (store, reference, &error);
  g_assert_no_error (error);
  item = vt_store_get_item (store, receipt->instance_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (item->xml, "<child_name>Tomás</child_name>"));
  g_assert_nonnull (strstr (item->xml, "<child_name>Lucía</child_name>"));
  g_assert_nonnull (strstr (item->xml, "<birth>2021-11-30</birth>"));

  vt_test_close_kiosk (window);
}

/* "Change" on check your answers: the page comes with its answers, and
 * its Continue goes back to check your answers, which shows the answer
 * changed; the application sent has it.  (The page the Continue came from
 * is built for it: nothing of the page left is read after the next one
 * is asked for, under ASan too.) */
static void
test_flow_change_from_review (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  VtQuestionPage *page;
  GtkWidget *view;
  g_autoptr(VtStore) store = NULL;
  g_autoptr(VtReceipt) receipt = NULL;
  g_autoptr(VtStoreItem) item = NULL;
  g_autoptr(GError) error = NULL;

  vt_test_wait_catalogue (app);
  vt_test_click (vt_test_find_button (vt_window_get_page (window), "English"));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  vt_test_press (window, vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), "family_card"));
  page = VT_QUESTION_PAGE (vt_window_get_page (window));
  vt_test_answer_view (vt_question_page_get_view (page, "/data/applicant"), "Rosa Díaz");
  vt_test_press (window, vt_question_page_get_next_button (page));
  vt_test_press (window, vt_question_page_get_add_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
  fill_child (window, 1, "Tomás", "2018-05-02");
  vt_test_wait_until (screen_is_prompt, window, 10000, "the prompt again");
  vt_test_press (window, vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_REVIEW);
  g_assert_true (vt_test_has_label (vt_window_get_page (window), "Tomás"));

  vt_test_press (window, vt_test_find_button (vt_window_get_page (window), "Change: Child's name (A child 1: Tomás)"));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_QUESTION);
  page = VT_QUESTION_PAGE (vt_window_get_page (window));
  view = vt_question_page_get_view (page, "/data/child[1]/child_name");
  g_assert_nonnull (view);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (vt_question_view_get_control (VT_QUESTION_VIEW (view)))),
                   ==, "Tomás");
  vt_test_answer_view (view, "Tomás Ruiz");
  vt_test_press (window, vt_question_page_get_next_button (page));

  /* Straight back to check your answers, not to the repeat's prompt. */
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_REVIEW);
  g_assert_true (vt_test_has_label (vt_window_get_page (window), "Tomás Ruiz"));

  vt_test_press (window, vt_test_find_button (vt_window_get_page (window), "Continue"));
  vt_test_press (window, vt_consent_page_get_send_button (VT_CONSENT_PAGE (vt_window_get_page (window))));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_RECEIPT);
  store = vt_store_open (data_dir, &error);
  g_assert_no_error (error);
  receipt = vt_store_get_receipt (store, vt_window_get_receipt_reference (window), &error);
  g_assert_no_error (error);
  item = vt_store_get_item (store, receipt->instance_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (item->xml, "<child_name>Tomás Ruiz</child_name>"));

  vt_test_close_kiosk (window);
}

static gboolean
kiosk_key_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* The kiosk makes its own key pair at its first start, beside the
 * database, readable by the kiosk alone (it signs the bundles it exports). */
static void
test_flow_kiosk_key_made_at_start (void)
{
  g_autofree char *path = g_build_filename (data_dir, "kiosk.key", NULL);
  GStatBuf st;

  vt_test_app_open_window (app);
  vt_test_wait_until (kiosk_key_exists, path, 10000, "the kiosk's key to be made");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

/* The receipt does not stay for the next person: after receipt-seconds
 * the kiosk returns to Welcome by itself (a "second" is 5 ms here). */
static void
test_flow_receipt_times_out (void)
{
  VtWindow *window = vt_test_app_open_window (app);

  vt_test_wait_catalogue (app);
  vt_test_fill_service_to_consent (window, "residence_certificate", "English");
  vt_idle_guard_set_tick_ms (vt_window_get_idle_guard (window), 5);
  vt_test_press (window, vt_consent_page_get_send_button (VT_CONSENT_PAGE (vt_window_get_page (window))));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_RECEIPT);
  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  g_assert_null (vt_window_get_receipt_reference (window));

  vt_test_close_kiosk (window);
}

/* A kiosk whose disk is full says so when a service is picked, before the
 * citizen types anything, and takes applications again once there is room. */
static gboolean
problem_shown (gpointer data)
{
  return vt_services_page_get_problem (VT_SERVICES_PAGE (data)) != NULL;
}

static void
test_flow_full_disk_stops_new_applications (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  GtkWidget *page;

  vt_test_wait_catalogue (app);
  vt_test_set_store_full (app, TRUE);

  vt_test_click (vt_test_find_button (vt_window_get_page (window), "English"));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  page = vt_window_get_page (window);
  vt_test_click (vt_services_page_get_button (VT_SERVICES_PAGE (page), "street_problem"));
  vt_test_wait_until (problem_shown, page, 10000, "the services page to say why");
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_SERVICES);
  g_assert_nonnull (strstr (vt_services_page_get_problem (VT_SERVICES_PAGE (page)), "Please ask at the counter"));

  /* Room again: the same button starts the application. */
  vt_test_set_store_full (app, FALSE);
  vt_test_press (window, vt_services_page_get_button (VT_SERVICES_PAGE (page), "street_problem"));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_QUESTION);

  vt_test_close_kiosk (window);
}

/* The fixture form with a repeat the citizen sizes, added to the store
 * before the kiosk starts. */
static void
add_fixture_form (const char *file)
{
  g_autofree char *path = g_build_filename (vt_test_source_root (), "tests", "fixtures", "forms", file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = vt_form_load_file (path, &error);
  g_autoptr(VtStore) store = NULL;
  g_autofree char *title = NULL;
  VtStoreForm record = { 0 };

  g_assert_no_error (error);
  store = vt_store_open (data_dir, &error);
  g_assert_no_error (error);
  title = vt_form_dup_title (form, NULL);
  record.form_id = (char *) vt_form_get_id (form);
  record.version = (char *) vt_form_get_version (form);
  record.title = title;
  record.xml = (char *) vt_form_get_xml (form);
  record.source = (char *) "bundled";
  record.active = TRUE;
  g_assert_true (vt_store_add_form (store, &record, &error));
  g_assert_no_error (error);
}

/* Household members: the review groups the answers by person, under
 * their names, and each member's page says which of how many it is. */
static void
test_flow_household_members (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  GtkWidget *review;

  vt_test_wait_catalogue (app);
  vt_test_fill_service_to_consent (window, "household_benefit", "English");
  vt_test_press (window, vt_test_find_button (vt_window_get_page (window), "Back"));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_REVIEW);
  review = vt_window_get_page (window);

  g_assert_nonnull (vt_test_find_label (review, "Person 1: Rosa Elena Mamani"));
  g_assert_nonnull (vt_test_find_label (review, "Person 2: Jorge Mamani"));
  g_assert_nonnull (vt_test_find_label (review, "Person 3: Carmen Flores"));
  /* Three "Name" rows, each Change saying whose. */
  vt_test_press (window, vt_test_find_button (review, "Change: Name (Person 2: Jorge Mamani)"));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_QUESTION);
  g_assert_nonnull (vt_question_page_get_view (VT_QUESTION_PAGE (vt_window_get_page (window)),
                                               "/data/member[2]/member_name"));
  g_assert_nonnull (vt_test_find_label (vt_window_get_page (window), "Person 2 of 3: Jorge Mamani"));

  vt_window_reset (window);
  vt_test_close_kiosk (window);
}

int
main (int   argc,
      char *argv[])
{
  static const char *forms[] = {
    "birth_registration_appointment",
    "business_permit",
    "household_benefit",
    "residence_certificate",
    "street_problem",
  };
  int status;

  vt_test_gtk_init (&argc, &argv);

  data_dir = vt_test_make_tmpdir ("flow");
  add_fixture_form ("family.xml");
  app = vt_test_app_new ("[kiosk]\nlanguages=es;pt_BR;en;fr;ht\n", data_dir, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *path = g_strdup_printf ("/vt/flow/%s", forms[i]);

      g_test_add_data_func (path, forms[i], test_flow_demo_service);
    }

  g_test_add_func ("/vt/flow/kiosk-key-made-at-start", test_flow_kiosk_key_made_at_start);
  g_test_add_func ("/vt/flow/error-summary", test_flow_error_summary);
  g_test_add_func ("/vt/flow/repeat-prompt", test_flow_repeat_prompt);
  g_test_add_func ("/vt/flow/change-from-review", test_flow_change_from_review);
  g_test_add_func ("/vt/flow/household-members", test_flow_household_members);
  g_test_add_func ("/vt/flow/receipt-times-out", test_flow_receipt_times_out);
  g_test_add_func ("/vt/flow/full-disk-stops-new-applications", test_flow_full_disk_stops_new_applications);

  status = g_test_run ();
  vt_test_app_close (app);
  vt_test_rmdir_recursive (data_dir);
  g_free (data_dir);
  return status;
}
