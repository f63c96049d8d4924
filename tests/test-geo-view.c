/* A location question on a kiosk without map tiles (issue 20): "Here, at
 * this kiosk" answers with [kiosk] location, coordinates typed in a field
 * are said back in words, the page is never an empty box, and the review
 * page says where a place is. */
#include "config.h"

#include <string.h>
#include <gtk/gtk.h>

#include "vt-application.h"
#include "vt-geo.h"
#include "vt-geo-view.h"
#include "vt-language.h"
#include "vt-question-page.h"
#include "vt-review-page.h"
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

static gboolean
has_label_text (GtkWidget  *root,
                const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  vt_test_collect_type (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)), text) == 0)
      return TRUE;
  return FALSE;
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
  g_assert_true (has_label_text (review, "a 140 m al noreste de este quiosco "
                                         "(latitud 12,04550° sur, longitud 77,04190° oeste)"));
  g_assert_finalize_object (review);
  vt_language_apply ("en");
  vt_geo_set_kiosk_location (NULL);
}

int
main (int   argc,
      char *argv[])
{
  vt_test_gtk_init (&argc, &argv);
  vt_application_ensure_resources ();
  vt_language_apply ("en");

  g_test_add_func ("/vt/geo-view/here", test_here);
  g_test_add_func ("/vt/geo-view/no-location", test_no_location);
  g_test_add_func ("/vt/geo-view/trace-and-shape", test_trace_and_shape);
  g_test_add_func ("/vt/geo-view/review", test_review);

  return g_test_run ();
}
