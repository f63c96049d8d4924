#include "config.h"

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

static gboolean
catalogue_loaded (gpointer data)
{
  return vt_application_is_catalogue_loaded (VT_APPLICATION (data));
}

static gboolean
page_changed (gpointer data)
{
  gpointer *before = data;
  VtWindow *window = before[0];

  return vt_window_get_page (window) != before[1];
}

static void
press_and_wait (VtWindow  *window,
                GtkWidget *button)
{
  gpointer before[2] = { window, vt_window_get_page (window) };

  vt_test_click (button);
  vt_test_wait_until (page_changed, before, 10000, "the next screen");
}

/* Fills in one service from its fixture answers; returns the reference on
 * the receipt. */
static char *
fill_service (VtWindow   *window,
              const char *form_id,
              const char *language_button)
{
  g_autoptr(GHashTable) answers = vt_test_load_answers (form_id);
  GtkWidget *service;
  guint steps = 0;
  g_autoptr(GHashTable) answered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  vt_test_click (vt_test_find_button (vt_window_get_page (window), language_button));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  service = vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), form_id);
  g_assert_nonnull (service);
  press_and_wait (window, service);

  while (vt_window_get_screen (window) == VT_SCREEN_QUESTION)
    {
      VtQuestionPage *page = VT_QUESTION_PAGE (vt_window_get_page (window));

      g_assert_cmpuint (++steps, <, 200);
      if (gtk_widget_get_visible (vt_question_page_get_error_summary (page)))
        {
          g_autoptr(GPtrArray) labels = g_ptr_array_new ();

          vt_test_collect_type (vt_question_page_get_error_summary (page), GTK_TYPE_LABEL, labels);
          for (guint i = 0; i < labels->len; i++)
            g_test_message ("error: %s", gtk_label_get_text (g_ptr_array_index (labels, i)));
          g_error ("%s: the page %s did not accept the fixture's answers",
                   form_id, vt_question_page_get_id (page));
        }

      /* An answer can bring more questions onto the page: answer until
       * the page shows nothing new. */
      for (gboolean more = TRUE; more;)
        {
          g_autoptr(GPtrArray) views = g_ptr_array_new ();

          more = FALSE;
          page = VT_QUESTION_PAGE (vt_window_get_page (window));
          vt_test_collect_views (GTK_WIDGET (page), views);
          for (guint i = 0; i < views->len; i++)
            {
              GtkWidget *view = g_ptr_array_index (views, i);
              const char *path = vt_question_view_get_path (VT_QUESTION_VIEW (view));
              const char *value = g_hash_table_lookup (answers, path);

              if (value == NULL || g_hash_table_contains (answered, path))
                continue;
              g_hash_table_add (answered, g_strdup (path));
              vt_test_answer_view (view, value);
              vt_test_iterate ();
              more = TRUE;
              break;
            }
        }

      if (gtk_widget_get_visible (vt_question_page_get_add_button (page)))
        {
          /* The demo services' repeats all have a count; a prompt here
           * means pages came out wrong. */
          g_error ("Unexpected “add another” prompt in %s", form_id);
        }
      press_and_wait (window, vt_question_page_get_next_button (page));
    }

  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_REVIEW);
  press_and_wait (window, vt_test_find_button (vt_window_get_page (window), "Continue"));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_CONSENT);
  press_and_wait (window, vt_consent_page_get_send_button (VT_CONSENT_PAGE (vt_window_get_page (window))));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_RECEIPT);
  g_assert_false (vt_window_has_session (window));

  return g_strdup (vt_receipt_page_get_reference (VT_RECEIPT_PAGE (vt_window_get_page (window))));
}

static void
test_flow_demo_service (gconstpointer data)
{
  const char *form_id = data;
  VtWindow *window = vt_test_app_open_window (app);
  g_autofree char *reference = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = NULL;
  g_autoptr(VtStoreReceipt) receipt = NULL;
  g_autoptr(VtStoreItem) item = NULL;
  g_autoptr(GHashTable) answers = vt_test_load_answers (form_id);
  GHashTableIter iter;
  gpointer key, value;

  vt_test_wait_until (catalogue_loaded, app, 20000, "the catalogue");
  reference = fill_service (window, form_id, "English");

  /* The receipt shows what the store committed. */
  store = vt_store_open (data_dir, &error);
  g_assert_no_error (error);
  receipt = vt_store_get_receipt (store, reference, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (receipt->form_id, ==, form_id);
  g_assert_cmpint (receipt->state, ==, VT_STORE_STATE_QUEUED);
  g_assert_cmpstr (vt_window_get_receipt_reference (window), ==, reference);

  /* Every answer typed reached the queued XML. */
  item = vt_store_get_item (store, receipt->instance_id, &error);
  g_assert_no_error (error);
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

  vt_window_set_allow_close (window, TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
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

  vt_test_wait_until (catalogue_loaded, app, 20000, "the catalogue");
  vt_test_click (vt_test_find_button (vt_window_get_page (window), "English"));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  press_and_wait (window, vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), "household_benefit"));
  press_and_wait (window, vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
  press_and_wait (window, vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));

  page = VT_QUESTION_PAGE (vt_window_get_page (window));
  summary = vt_question_page_get_error_summary (page);
  g_assert_true (gtk_widget_get_visible (summary));
  g_assert_true (gtk_widget_has_focus (summary));
  g_assert_nonnull (vt_test_find_button_or_null (summary, "Write the name to continue."));
  view = vt_question_page_get_view (page, "/data/applicant_name");
  entry = vt_question_view_get_control (VT_QUESTION_VIEW (view));
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
  gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE,
                                      vt_question_view_get_error (VT_QUESTION_VIEW (view)));

  /* A constraint: too short a name gets the form's own message. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "Al");
  press_and_wait (window, vt_question_page_get_next_button (page));
  page = VT_QUESTION_PAGE (vt_window_get_page (window));
  g_assert_nonnull (vt_test_find_button_or_null (vt_question_page_get_error_summary (page),
                                                 "The name is too short. Write the first name and surname."));
  /* What was typed is still there. */
  entry = vt_question_view_get_control (VT_QUESTION_VIEW (vt_question_page_get_view (page, "/data/applicant_name")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "Al");

  gtk_editable_set_text (GTK_EDITABLE (entry), "Alma Duarte");
  press_and_wait (window, vt_question_page_get_next_button (page));
  page = VT_QUESTION_PAGE (vt_window_get_page (window));
  g_assert_false (gtk_widget_get_visible (vt_question_page_get_error_summary (page)));
  g_assert_nonnull (vt_question_page_get_view (page, "/data/phone"));

  /* Back keeps the answer. */
  press_and_wait (window, vt_question_page_get_back_button (page));
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

  vt_window_set_allow_close (window, TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
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

  vt_language_init ();
  gtk_test_init (&argc, &argv, NULL);

  data_dir = vt_test_make_tmpdir ("flow");
  app = vt_test_app_new ("[kiosk]\nlanguages=es;pt_BR;en;fr;ht\n", data_dir, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *path = g_strdup_printf ("/vt/flow/%s", forms[i]);

      g_test_add_data_func (path, forms[i], test_flow_demo_service);
    }

  g_test_add_func ("/vt/flow/error-summary", test_flow_error_summary);

  status = g_test_run ();
  g_object_unref (app);
  vt_test_rmdir_recursive (data_dir);
  g_free (data_dir);
  return status;
}
