/* The offline map of location questions (issue 20), driven through the X
 * server as a finger and a keyboard drive it: a tap drops the pin where
 * the finger landed, a drag moves it (not the map), the arrow keys move
 * it, lines and areas grow by taps, a tile file that does not open leaves
 * the coordinates field with a message, and the street-problem demo sends
 * the place the map gave. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <gtk/gtk.h>

#include "vt-application.h"
#include "vt-consent-page.h"
#include "vt-geo.h"
#include "vt-geo-view.h"
#include "vt-language.h"
#include "vt-map-view.h"
#include "vt-mbtiles.h"
#include "vt-paths.h"
#include "vt-question-page.h"
#include "vt-services-page.h"
#include "vt-store.h"
#include "vt-question-view.h"
#include "vt-window.h"
#include "vt-test-app.h"
#include "vt-test-utils.h"

/* The demo map's centre, where the demo kiosk stands. */
static const VtGeoPoint KIOSK = { -12.0464, -77.0428, 150, 5, 4 };

static VtQuestion *
new_question (VtDataType type)
{
  VtQuestion *question = g_new0 (VtQuestion, 1);

  question->kind = VT_CONTROL_INPUT;
  question->type = type;
  question->path = g_strdup ("/data/where");
  question->label = g_strdup ("Where is the problem?");
  question->value = g_strdup ("");
  question->display_value = g_strdup ("");
  return question;
}

typedef struct
{
  GtkWidget *window;
  GtkWidget *view;                 /* VtGeoView */
  VtMapView *map;
  GtkWidget *map_widget;
} Fixture;

static gboolean
tiles_drawn (gpointer data)
{
  Fixture *f = data;

  return vt_map_view_get_tiles_served (f->map) >= 4 && gtk_widget_get_mapped (f->map_widget);
}

static void
fixture_open (Fixture    *f,
              VtDataType  type)
{
  g_autofree char *demo = vt_paths_get_demo_map ();
  VtQuestion *question = new_question (type);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  vt_geo_set_kiosk_location (&KIOSK);
  vt_mbtiles_set_kiosk_file (demo);
  g_assert_true (vt_mbtiles_kiosk_has_map ());

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 900);
  f->view = vt_geo_view_new (question, "");
  vt_question_free (question);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), f->view);
  gtk_window_set_child (GTK_WINDOW (f->window), scrolled);
  f->map = VT_MAP_VIEW (vt_geo_view_get_map (VT_GEO_VIEW (f->view)));
  g_assert_nonnull (f->map);
  f->map_widget = vt_map_view_get_map (f->map);
  gtk_window_present (GTK_WINDOW (f->window));
  vt_test_wait_until (tiles_drawn, f, 20000, "the map's first tiles");
  vt_test_wait_frame (f->window);
}

static void
fixture_close (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  vt_test_iterate ();
  vt_mbtiles_set_kiosk_file (NULL);
  vt_geo_set_kiosk_location (NULL);
}

static const char *
field_text (Fixture *f)
{
  return gtk_editable_get_text (GTK_EDITABLE (vt_geo_view_get_entry (VT_GEO_VIEW (f->view))));
}

static gboolean
field_not_empty (gpointer data)
{
  return field_text (data)[0] != '\0';
}

typedef struct
{
  Fixture    *f;
  char       *before;
} Change;

static gboolean
field_changed (gpointer data)
{
  Change *c = data;

  return g_strcmp0 (field_text (c->f), c->before) != 0;
}

static void
wait_field_change (Fixture    *f,
                   const char *what)
{
  Change c = { f, g_strdup (field_text (f)) };

  vt_test_wait_until (field_changed, &c, 10000, what);
  g_free (c.before);
}

/* The field's point, where the map draws it now. */
static void
field_point_on_map (Fixture *f,
                    guint    index,
                    double  *x,
                    double  *y)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) points = vt_geo_parse_points (field_text (f), &error);

  g_assert_no_error (error);
  g_assert_cmpuint (index, <, points->len);
  vt_map_view_location_to_map (f->map, g_array_index (points, VtGeoPoint, index).latitude,
                               g_array_index (points, VtGeoPoint, index).longitude, x, y);
}

/* A tap drops the pin where the finger was, within a pixel or two (X
 * positions are whole pixels; the field keeps 6 decimals); a drag from
 * the pin moves the pin and leaves the map where it was; the arrow keys
 * move it by their step; the page says where it is in words. */
static void
test_point (void)
{
  Fixture f = { 0 };
  double w, h, x, y, lat0, lon0, lat1, lon1;
  GtkWidget *pin;

  fixture_open (&f, VT_DATA_GEOPOINT);
  w = gtk_widget_get_width (f.map_widget);
  h = gtk_widget_get_height (f.map_widget);
  g_assert_cmpstr (field_text (&f), ==, "");

  vt_test_tap_at (f.map_widget, w * 0.3, h * 0.4);
  vt_test_wait_until (field_not_empty, &f, 10000, "the pin's place in the field");
  field_point_on_map (&f, 0, &x, &y);
  g_assert_cmpfloat (fabs (x - w * 0.3), <=, 2.0);
  g_assert_cmpfloat (fabs (y - h * 0.4), <=, 2.0);
  /* Stored as ODK writes a placed point: no altitude, no accuracy. */
  g_assert_true (g_str_has_suffix (field_text (&f), " 0.0 0.0"));
  g_assert_true (g_str_has_prefix (vt_geo_view_get_status (VT_GEO_VIEW (f.view)), "Chosen: "));
  g_assert_nonnull (strstr (vt_geo_view_get_status (VT_GEO_VIEW (f.view)), "of this kiosk"));

  /* The pin, dragged by the finger to the map's lower right. */
  vt_test_wait_frame (f.window);
  pin = vt_map_view_get_pin (f.map);
  g_assert_nonnull (pin);
  vt_map_view_get_center (f.map, &lat0, &lon0);
  vt_test_drag_between (f.map_widget, x, y, w * 0.65, h * 0.7);
  wait_field_change (&f, "the dragged pin's place in the field");
  field_point_on_map (&f, 0, &x, &y);
  g_assert_cmpfloat (fabs (x - w * 0.65), <=, 2.0);
  g_assert_cmpfloat (fabs (y - h * 0.7), <=, 2.0);
  vt_map_view_get_center (f.map, &lat1, &lon1);
  g_assert_cmpfloat (lat1, ==, lat0);
  g_assert_cmpfloat (lon1, ==, lon0);

  /* From the keyboard: three steps right, one up. */
  {
    double x0 = x, y0 = y;

    gtk_widget_grab_focus (f.map_widget);
    g_assert_true (gtk_widget_has_focus (f.map_widget));
    for (int i = 0; i < 3; i++)
      {
        vt_test_physical_key ("Right");
        wait_field_change (&f, "the pin moved by the Right key");
      }
    vt_test_physical_key ("Up");
    wait_field_change (&f, "the pin moved by the Up key");
    field_point_on_map (&f, 0, &x, &y);
    g_assert_cmpfloat (fabs (x - (x0 + 36)), <=, 1.0);
    g_assert_cmpfloat (fabs (y - (y0 - 12)), <=, 1.0);
  }

  /* Typed coordinates move the pin: the field stays the fallback. */
  gtk_editable_set_text (GTK_EDITABLE (vt_geo_view_get_entry (VT_GEO_VIEW (f.view))), "-12.0455, -77.0419");
  g_assert_cmpuint (vt_map_view_get_points (f.map)->len, ==, 1);
  g_assert_cmpfloat (g_array_index (vt_map_view_get_points (f.map), VtGeoPoint, 0).latitude, ==, -12.0455);
  g_assert_cmpstr (vt_map_view_get_note (f.map), ==, "");
  /* And a place off the map is kept, said so. */
  gtk_editable_set_text (GTK_EDITABLE (vt_geo_view_get_entry (VT_GEO_VIEW (f.view))), "-13.5, -71.9");
  g_assert_nonnull (strstr (vt_map_view_get_note (f.map), "outside the kiosk's map"));
  fixture_close (&f);
}

/* A line of three taps, the last one taken back, then an area of four
 * corners: the field holds them in order (the area closed on its first
 * corner, as ODK writes a geoshape), the page says the length and area. */
static void
test_trace_and_shape (void)
{
  const double taps[][2] = { { 0.25, 0.3 }, { 0.6, 0.3 }, { 0.6, 0.65 }, { 0.25, 0.65 } };
  Fixture f = { 0 };
  double w, h, x, y;
  g_autoptr(GArray) points = NULL;

  fixture_open (&f, VT_DATA_GEOTRACE);
  w = gtk_widget_get_width (f.map_widget);
  h = gtk_widget_get_height (f.map_widget);
  for (guint i = 0; i < 3; i++)
    {
      vt_test_tap_at (f.map_widget, w * taps[i][0], h * taps[i][1]);
      wait_field_change (&f, "a point of the line in the field");
      if (i == 0)
        g_assert_cmpstr (vt_geo_view_get_status (VT_GEO_VIEW (f.view)), ==, "Touch the map in 1 more place.");
    }
  points = vt_geo_parse_points (field_text (&f), NULL);
  g_assert_cmpuint (points->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      field_point_on_map (&f, i, &x, &y);
      g_assert_cmpfloat (fabs (x - w * taps[i][0]), <=, 2.0);
      g_assert_cmpfloat (fabs (y - h * taps[i][1]), <=, 2.0);
    }
  g_assert_true (g_str_has_prefix (vt_geo_view_get_status (VT_GEO_VIEW (f.view)), "Chosen: A line of 3 points, "));
  vt_test_tap (vt_geo_view_get_remove_last_button (VT_GEO_VIEW (f.view)));
  wait_field_change (&f, "the last point taken back");
  g_clear_pointer (&points, g_array_unref);
  points = vt_geo_parse_points (field_text (&f), NULL);
  g_assert_cmpuint (points->len, ==, 2);
  fixture_close (&f);

  fixture_open (&f, VT_DATA_GEOSHAPE);
  for (guint i = 0; i < 4; i++)
    {
      vt_test_tap_at (f.map_widget, w * taps[i][0], h * taps[i][1]);
      wait_field_change (&f, "a corner of the area in the field");
    }
  g_clear_pointer (&points, g_array_unref);
  points = vt_geo_parse_points (field_text (&f), NULL);
  g_assert_cmpuint (points->len, ==, 5);
  g_assert_true (vt_geo_point_equal_place (&g_array_index (points, VtGeoPoint, 0),
                                           &g_array_index (points, VtGeoPoint, 4)));
  {
    g_autofree char *normal = vt_geo_normalize (VT_GEO_SHAPE, field_text (&f), NULL);

    g_assert_nonnull (normal);
  }
  g_assert_true (g_str_has_prefix (vt_geo_view_get_status (VT_GEO_VIEW (f.view)), "Chosen: An area of "));
  g_assert_nonnull (strstr (vt_geo_view_get_status (VT_GEO_VIEW (f.view)), "with 4 corners"));
  if (g_getenv ("VT_MAP_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *file = g_build_filename (g_getenv ("VT_MAP_SCREENSHOT_DIR"), "20-map-shape-en.png", NULL);

      vt_test_screenshot (f.window, file);
    }
  fixture_close (&f);
}

/* A tile file that is no SQLite database: no map, no empty grey box, a
 * line saying so, and the field still answers. */
static void
test_bad_tiles (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("map-view-bad");
  g_autofree char *bad = vt_test_write_file (dir, "town.mbtiles", "<html>404 Not Found</html>\n");
  VtQuestion *question = new_question (VT_DATA_GEOPOINT);
  GtkWidget *view;

  vt_geo_set_kiosk_location (&KIOSK);
  vt_mbtiles_set_kiosk_file (bad);
  view = g_object_ref_sink (vt_geo_view_new (question, ""));
  g_assert_null (vt_geo_view_get_map (VT_GEO_VIEW (view)));
  g_assert_nonnull (vt_geo_view_get_map_note (VT_GEO_VIEW (view)));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (vt_geo_view_get_map_note (VT_GEO_VIEW (view)))),
                                   "The map cannot be shown on this kiosk"));
  gtk_editable_set_text (GTK_EDITABLE (vt_geo_view_get_entry (VT_GEO_VIEW (view))), "-12.0455, -77.0419");
  g_assert_true (g_str_has_prefix (vt_geo_view_get_status (VT_GEO_VIEW (view)), "Chosen: "));
  g_assert_finalize_object (view);

  /* With no map configured, no such line either. */
  vt_mbtiles_set_kiosk_file (NULL);
  view = g_object_ref_sink (vt_geo_view_new (question, ""));
  g_assert_null (vt_geo_view_get_map (VT_GEO_VIEW (view)));
  g_assert_null (vt_geo_view_get_map_note (VT_GEO_VIEW (view)));
  g_assert_finalize_object (view);
  vt_geo_set_kiosk_location (NULL);
  vt_question_free (question);
  vt_test_rmdir_recursive (dir);
}

/* ---- the street-problem demo, sent ---------------------------------------- */

static gboolean
map_ready (gpointer data)
{
  VtMapView *map = data;

  return vt_map_view_get_tiles_served (map) >= 4 && gtk_widget_get_mapped (vt_map_view_get_map (map));
}

static gboolean
entry_not_empty (gpointer data)
{
  return gtk_editable_get_text (GTK_EDITABLE (data))[0] != '\0';
}

static void
shoot (VtWindow   *window,
       const char *name)
{
  const char *dir = g_getenv ("VT_MAP_SCREENSHOT_DIR");
  g_autofree char *file = NULL;

  if (dir == NULL)
    return;
  file = g_strdup_printf ("%s/%s.png", dir, name);
  vt_test_screenshot (GTK_WIDGET (window), file);
}

static void
test_street_problem (void)
{
  g_autofree char *data_dir = vt_test_make_tmpdir ("map-view-flow");
  g_autofree char *demo = vt_paths_get_demo_map ();
  g_autofree char *config = g_strdup_printf ("[kiosk]\nlanguages=es;en\nlocation=-12.0464 -77.0428 150 5\n"
                                             "map-tiles=%s\n", demo);
  g_autoptr(GHashTable) answers = vt_test_load_answers ("street_problem");
  g_autoptr(GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(VtStore) store = NULL;
  g_autoptr(VtReceipt) receipt = NULL;
  g_autoptr(VtStoreItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  VtApplication *app = vt_test_app_new (config, data_dir, TRUE);
  VtWindow *window = vt_test_app_open_window (app);
  GtkWidget *view, *entry, *map_widget;
  VtMapView *map;
  const char *value;

  vt_test_wait_catalogue (app);
  vt_test_press (window, vt_test_find_button (vt_window_get_page (window), "Español"));
  vt_test_press (window, vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), "street_problem"));
  for (;;)
    {
      GtkWidget *page = vt_window_get_page (window);

      g_assert_true (VT_IS_QUESTION_PAGE (page));
      if (vt_question_page_get_view (VT_QUESTION_PAGE (page), "/data/place/location") != NULL)
        break;
      vt_test_answer_page (window, answers, done);
      vt_test_press (window, vt_question_page_get_next_button (VT_QUESTION_PAGE (page)));
    }

  {
    g_autoptr(GPtrArray) views = g_ptr_array_new ();

    vt_test_collect_type (vt_window_get_page (window), VT_TYPE_GEO_VIEW, views);
    g_assert_cmpuint (views->len, ==, 1);
    view = g_ptr_array_index (views, 0);
  }
  map = VT_MAP_VIEW (vt_geo_view_get_map (VT_GEO_VIEW (view)));
  g_assert_nonnull (map);
  map_widget = vt_map_view_get_map (map);
  entry = vt_geo_view_get_entry (VT_GEO_VIEW (view));
  vt_test_scroll_to (map_widget);
  vt_test_wait_until (map_ready, map, 20000, "the street problem's map");
  vt_test_wait_frame (GTK_WIDGET (window));
  vt_test_tap_at (map_widget, gtk_widget_get_width (map_widget) * 0.6, gtk_widget_get_height (map_widget) * 0.35);
  vt_test_wait_until (entry_not_empty, entry, 10000, "the pin's place in the field");
  expected = g_strdup_printf ("<location>%s</location>", gtk_editable_get_text (GTK_EDITABLE (entry)));
  g_assert_nonnull (strstr (vt_geo_view_get_status (VT_GEO_VIEW (view)), "de este quiosco"));
  shoot (window, "20-question-map-es");
  if (g_getenv ("VT_MAP_SCREENSHOT_DIR") != NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.high-contrast", NULL);
      vt_test_wait_frame (GTK_WIDGET (window));
      shoot (window, "20-question-map-es-hc");
      gtk_widget_activate_action (GTK_WIDGET (window), "win.high-contrast", NULL);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
      vt_test_wait_frame (GTK_WIDGET (window));
      vt_test_wait_frame (GTK_WIDGET (window));
      vt_test_scroll_to (map_widget);
      vt_test_wait_frame (GTK_WIDGET (window));
      shoot (window, "20-question-map-200-percent-es");
      gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
    }

  while (vt_window_get_screen (window) == VT_SCREEN_QUESTION)
    {
      while ((view = vt_test_next_unanswered (window, answers, done, &value)) != NULL)
        {
          if (g_str_equal (vt_question_view_get_path (VT_QUESTION_VIEW (view)), "/data/place/location"))
            continue;
          vt_test_answer_view (view, value);
          vt_test_iterate ();
        }
      vt_test_press (window, vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
    }
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_REVIEW);
  vt_test_press (window, vt_test_find_button (vt_window_get_page (window), "Continuar"));
  vt_test_press (window, vt_consent_page_get_send_button (VT_CONSENT_PAGE (vt_window_get_page (window))));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_RECEIPT);

  store = vt_store_open (data_dir, &error);
  g_assert_no_error (error);
  receipt = vt_store_get_receipt (store, vt_window_get_receipt_reference (window), &error);
  g_assert_no_error (error);
  item = vt_store_get_item (store, receipt->instance_id, &error);
  g_assert_no_error (error);
  if (strstr (item->xml, expected) == NULL)
    g_error ("%s is not in the queued XML:\n%s", expected, item->xml);
  g_clear_pointer (&store, vt_store_close);
  vt_test_app_close (app);
  vt_mbtiles_set_kiosk_file (NULL);
  vt_geo_set_kiosk_location (NULL);
  vt_test_rmdir_recursive (data_dir);
}

int
main (int   argc,
      char *argv[])
{
  vt_test_gtk_init (&argc, &argv);
  vt_application_ensure_resources ();
  vt_language_apply ("en");

  g_test_add_func ("/vt/map-view/point", test_point);
  g_test_add_func ("/vt/map-view/trace-and-shape", test_trace_and_shape);
  g_test_add_func ("/vt/map-view/bad-tiles", test_bad_tiles);
  g_test_add_func ("/vt/map-view/street-problem", test_street_problem);
  return g_test_run ();
}
