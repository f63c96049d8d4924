/* A location question on a kiosk without map tiles (issue 20): "Here, at
 * this kiosk" answers with [kiosk] location, coordinates typed in a field
 * are said back in words, the page is never an empty box, and the review
 * page says where a place is. */
#include "config.h"

#include <string.h>
#include <gtk/gtk.h>

#include "vt-application.h"
#include "vt-consent-page.h"
#include "vt-geo.h"
#include "vt-geo-view.h"
#include "vt-language.h"
#include "vt-question-page.h"
#include "vt-review-page.h"
#include "vt-services-page.h"
#include "vt-store-owner.h"
#include "vt-window.h"
#include "vt-test-app.h"
#include "vt-test-utils.h"

static const VtGeoPoint KIOSK = { -12.0464, -77.0428, 150, 5, 4 };

static VtQuestion *
new_question (VtDataType  type,
              const char *path,
              const char *value)
{
  VtQuestion *question = g_new0 (VtQuestion, 1);

  question->kind = VT_CONTROL_INPUT;
  question->type = type;
  question->path = g_strdup (path);
  question->label = g_strdup ("Where is the problem?");
  question->value = g_strdup (value);
  question->display_value = g_strdup ("");
  return question;
}

static VtPage *
new_page (VtQuestion *question)
{
  VtPage *page = g_new0 (VtPage, 1);

  page->kind = VT_PAGE_QUESTIONS;
  page->id = g_strdup (question->path);
  page->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_question_free);
  g_ptr_array_add (page->questions, question);
  return page;
}

static void
changed_cb (VtQuestionPage *page,
            const char     *path,
            const char     *value,
            const char     *text,
            char          **last)
{
  g_free (*last);
  *last = g_strdup (value);
}

static VtGeoView *
find_geo_view (GtkWidget *root)
{
  g_autoptr(GPtrArray) views = g_ptr_array_new ();

  vt_test_collect_type (root, VT_TYPE_GEO_VIEW, views);
  g_assert_cmpuint (views->len, ==, 1);
  return g_ptr_array_index (views, 0);
}

/* One touch on "Here, at this kiosk" answers with the kiosk's place, in
 * ODK's text, and the page says so in words. */
static void
test_here (void)
{
  g_autoptr(VtPage) page = new_page (new_question (VT_DATA_GEOPOINT, "/data/where", ""));
  g_autofree char *last = NULL;
  GtkWidget *widget;
  GtkWidget *here;
  VtGeoView *view;

  vt_geo_set_kiosk_location (&KIOSK);
  widget = g_object_ref_sink (vt_question_page_new (page, NULL, NULL));
  g_signal_connect (widget, "changed", G_CALLBACK (changed_cb), &last);
  view = find_geo_view (widget);
  g_assert_cmpstr (vt_geo_view_get_status (view), ==, "Nothing chosen yet.");
  here = vt_test_find_button_or_null (widget, "Here, at this kiosk");
  g_assert_nonnull (here);
  g_assert_true (here == vt_geo_view_get_here_button (view));
  g_signal_emit_by_name (here, "clicked");
  g_assert_cmpstr (last, ==, "-12.0464 -77.0428 150.0 5.0");
  g_assert_cmpstr (vt_geo_view_get_status (view), ==,
                   "Chosen: at this kiosk (latitude 12.04640° south, longitude 77.04280° west)");

  /* Typed coordinates a block away are said from the kiosk. */
  gtk_editable_set_text (GTK_EDITABLE (vt_geo_view_get_entry (view)), "-12.0455, -77.0419");
  g_assert_cmpstr (last, ==, "-12.0455, -77.0419");
  g_assert_cmpstr (vt_geo_view_get_status (view), ==,
                   "Chosen: 140 m north-east of this kiosk (latitude 12.04550° south, longitude 77.04190° west)");
  gtk_editable_set_text (GTK_EDITABLE (vt_geo_view_get_entry (view)), "calle Rivera");
  g_assert_cmpstr (vt_geo_view_get_status (view), ==,
                   "These are not coordinates yet: write the latitude, then the longitude.");
  g_assert_finalize_object (widget);
  vt_geo_set_kiosk_location (NULL);
}

/* Without [kiosk] location there is no kiosk button, but never an empty
 * box: the field for coordinates, with how to write them. */
static void
test_no_location (void)
{
  g_autoptr(VtPage) page = new_page (new_question (VT_DATA_GEOPOINT, "/data/where", ""));
  GtkWidget *widget;
  VtGeoView *view;

  vt_geo_set_kiosk_location (NULL);
  widget = g_object_ref_sink (vt_question_page_new (page, NULL, NULL));
  view = find_geo_view (widget);
  g_assert_null (vt_geo_view_get_here_button (view));
  g_assert_null (vt_test_find_button_or_null (widget, "Here, at this kiosk"));
  g_assert_true (gtk_widget_get_visible (vt_geo_view_get_entry (view)));
  g_assert_cmpstr (vt_geo_view_get_status (view), ==, "Nothing chosen yet.");
  g_assert_finalize_object (widget);
}

/* A line and an area are typed as points; the page gives length and
 * area.  No kiosk button: one place is not a line. */
static void
test_trace_and_shape (void)
{
  g_autoptr(VtPage) trace = new_page (new_question (VT_DATA_GEOTRACE, "/data/path", "0 0 0 0;0 0.01 0 0"));
  g_autoptr(VtPage) shape = new_page (new_question (VT_DATA_GEOSHAPE, "/data/plot",
                                                    "0 0;0 0.001;0.001 0.001;0.001 0;0 0"));
  GtkWidget *widget;

  vt_geo_set_kiosk_location (&KIOSK);
  widget = g_object_ref_sink (vt_question_page_new (trace, NULL, NULL));
  g_assert_null (vt_geo_view_get_here_button (find_geo_view (widget)));
  g_assert_cmpstr (vt_geo_view_get_status (find_geo_view (widget)), ==, "Chosen: A line of 2 points, 1.1 km long");
  g_assert_finalize_object (widget);
  widget = g_object_ref_sink (vt_question_page_new (shape, NULL, NULL));
  g_assert_cmpstr (vt_geo_view_get_status (find_geo_view (widget)), ==, "Chosen: An area of 1.2 ha with 4 corners");
  g_assert_finalize_object (widget);
  vt_geo_set_kiosk_location (NULL);
}

/* Check your answers says where the place is, in the citizen's language. */
static void
test_review (void)
{
  g_autoptr(VtPage) page = new_page (new_question (VT_DATA_GEOPOINT, "/data/where", "-12.0455 -77.0419 0.0 0.0"));
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();
  GtkWidget *review;

  vt_geo_set_kiosk_location (&KIOSK);
  g_ptr_array_add (pages, page);
  vt_language_apply ("es");
  review = g_object_ref_sink (vt_review_page_new ("Servicio", pages));
  g_assert_true (vt_test_has_label (review, "a 140 m al noreste de este quiosco "
                                         "(latitud 12,04550° sur, longitud 77,04190° oeste)"));
  g_assert_finalize_object (review);
  vt_language_apply ("en");
  vt_geo_set_kiosk_location (NULL);
}

/* The kiosk of the street-problem test, made and ended in main() as in
 * test-flow. */
static VtApplication *flow_app;
static char *flow_data_dir;
static VtWindow *flow_window;

static gboolean
page_changed (gpointer data)
{
  return vt_window_get_page (flow_window) != data;
}

static void
press (GtkWidget *button)
{
  GtkWidget *before = vt_window_get_page (flow_window);

  vt_test_click (button);
  vt_test_wait_until (page_changed, before, 10000, "the next screen");
}

static gboolean
entry_holds_kiosk (gpointer data)
{
  return g_str_equal (gtk_editable_get_text (GTK_EDITABLE (data)), "-12.0464 -77.0428 150.0 5.0");
}

/* tests/take-screenshots.sh sets VT_GEO_SCREENSHOT_DIR to data/screenshots. */
static void
maybe_screenshot (const char *name)
{
  const char *dir = g_getenv ("VT_GEO_SCREENSHOT_DIR");
  g_autofree char *file = NULL;

  if (dir == NULL)
    return;
  file = g_strdup_printf ("%s/%s.png", dir, name);
  vt_test_screenshot (GTK_WIDGET (flow_window), file);
}

static gpointer
nothing_func (VtStore  *store,
              gpointer  data,
              GError  **error)
{
  return GINT_TO_POINTER (1);
}

static void
nothing_done_cb (GObject      *owner,
                 GAsyncResult *result,
                 gpointer      data)
{
  *(gboolean *) data = vt_store_owner_run_finish (VT_STORE_OWNER (owner), result, NULL) != NULL;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* The store's worker runs calls in order: once a call made now is done,
 * what the kiosk wrote before it (the receipt's signature, the draft's
 * end) is on disk, and the data directory can go. */
static void
wait_for_store (VtStoreOwner *owner)
{
  gboolean done = FALSE;

  vt_store_owner_run_async (owner, nothing_func, NULL, NULL, NULL, NULL, nothing_done_cb, &done);
  vt_test_wait_until (flag_set, &done, 20000, "the store's worker");
}

/* The demo's street problem in the kiosk itself: its "where is it" page
 * offers the kiosk's place from [kiosk] location, a real tap (XTEST)
 * answers it, and Check your answers says it in Spanish. */
static void
test_street_problem (void)
{
  g_autoptr(GHashTable) answers = vt_test_load_answers ("street_problem");
  g_autoptr(GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GtkWidget *page;
  GtkWidget *here;
  GtkWidget *view;

  flow_app = vt_test_app_new ("[kiosk]\nlanguages=es;en\nlocation=-12.0464 -77.0428 150 5\n", flow_data_dir, TRUE);
  flow_window = vt_test_app_open_window (flow_app);
  vt_test_wait_catalogue (flow_app);
  press (vt_test_find_button (vt_window_get_page (flow_window), "Español"));
  press (vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (flow_window)), "street_problem"));

  for (;;)
    {
      page = vt_window_get_page (flow_window);
      g_assert_true (VT_IS_QUESTION_PAGE (page));
      vt_test_answer_page (flow_window, answers, done);
      if (vt_question_page_get_view (VT_QUESTION_PAGE (vt_window_get_page (flow_window)), "/data/place/location") != NULL)
        break;
      press (vt_question_page_get_next_button (VT_QUESTION_PAGE (page)));
    }

  page = vt_window_get_page (flow_window);
  view = GTK_WIDGET (find_geo_view (page));
  here = vt_test_find_button (page, "Aquí, en este quiosco");
  vt_test_scroll_to (here);
  /* The scrolled page drawn where it now is, before a finger lands. */
  vt_test_wait_frame (GTK_WIDGET (flow_window));
  vt_test_tap (here);
  vt_test_wait_until (entry_holds_kiosk, vt_geo_view_get_entry (VT_GEO_VIEW (view)), 10000,
                      "the kiosk's place in the field");
  g_assert_cmpstr (vt_geo_view_get_status (VT_GEO_VIEW (view)), ==,
                   "Elegido: en este quiosco (latitud 12,04640° sur, longitud 77,04280° oeste)");
  maybe_screenshot ("18-question-location-es");
  if (g_getenv ("VT_GEO_SCREENSHOT_DIR") != NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (flow_window), "win.high-contrast", NULL);
      maybe_screenshot ("18-question-location-es-hc");
      gtk_widget_activate_action (GTK_WIDGET (flow_window), "win.high-contrast", NULL);
      gtk_widget_activate_action (GTK_WIDGET (flow_window), "win.text-size", NULL);
      gtk_widget_activate_action (GTK_WIDGET (flow_window), "win.text-size", NULL);
      vt_test_wait_frame (GTK_WIDGET (flow_window));
      vt_test_wait_frame (GTK_WIDGET (flow_window));
      vt_test_scroll_to (vt_geo_view_get_entry (VT_GEO_VIEW (view)));
      maybe_screenshot ("18-question-location-200-percent-es");
      gtk_widget_activate_action (GTK_WIDGET (flow_window), "win.text-size", NULL);
    }

  /* From a physical keyboard: the button takes the focus and Space. */
  gtk_editable_set_text (GTK_EDITABLE (vt_geo_view_get_entry (VT_GEO_VIEW (view))), "");
  g_assert_cmpstr (vt_geo_view_get_status (VT_GEO_VIEW (view)), ==, "Todavía no eligió nada.");
  g_assert_true (gtk_widget_grab_focus (here));
  vt_test_physical_key ("space");
  vt_test_wait_until (entry_holds_kiosk, vt_geo_view_get_entry (VT_GEO_VIEW (view)), 10000,
                      "the kiosk's place in the field, from the keyboard");

  while (vt_window_get_screen (flow_window) == VT_SCREEN_QUESTION)
    {
      vt_test_answer_page (flow_window, answers, done);
      press (vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (flow_window))));
    }
  g_assert_cmpint (vt_window_get_screen (flow_window), ==, VT_SCREEN_REVIEW);
  g_assert_true (vt_test_has_label (vt_window_get_page (flow_window),
                                    "en este quiosco (latitud 12,04640° sur, longitud 77,04280° oeste)"));
  maybe_screenshot ("19-review-location-es");

  /* Sent, so that no application is left open when the kiosk ends. */
  press (vt_test_find_button (vt_window_get_page (flow_window), "Continuar"));
  g_assert_cmpint (vt_window_get_screen (flow_window), ==, VT_SCREEN_CONSENT);
  press (vt_consent_page_get_send_button (VT_CONSENT_PAGE (vt_window_get_page (flow_window))));
  g_assert_cmpint (vt_window_get_screen (flow_window), ==, VT_SCREEN_RECEIPT);
  g_assert_false (vt_window_has_session (flow_window));
  wait_for_store (vt_application_get_store_owner (flow_app));

}

int
main (int   argc,
      char *argv[])
{
  int status;

  vt_test_gtk_init (&argc, &argv);
  vt_application_ensure_resources ();
  vt_language_apply ("en");

  g_test_add_func ("/vt/geo-view/here", test_here);
  g_test_add_func ("/vt/geo-view/no-location", test_no_location);
  g_test_add_func ("/vt/geo-view/trace-and-shape", test_trace_and_shape);
  g_test_add_func ("/vt/geo-view/review", test_review);
  g_test_add_func ("/vt/geo-view/street-problem", test_street_problem);

  flow_data_dir = vt_test_make_tmpdir ("geo-view-flow");
  status = g_test_run ();
  if (flow_app != NULL)
    vt_test_app_close (flow_app);
  vt_test_rmdir_recursive (flow_data_dir);
  g_free (flow_data_dir);
  return status;
}
