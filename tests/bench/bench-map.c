/* The location question's map (issue 20), RESULT lines (DESIGN.md); goals:
 * the map page drawn with its tiles within 100 ms, panning at 60 frames
 * per second, on the demo town's MBTiles file.
 *   map-first-tiles / -max: from building the question's view (what
 *     Continue does for a location page) to the end of the first frame
 *     that draws every tile the map shows, in a shown window, 1000×900;
 *   map-pan-fps: frames drawn per second while the map is panned by 8 px
 *     a frame (as a finger drags it) for 180 frames, new tiles coming from
 *     the file as they come into sight;
 *   map-pan-frame-work-p95 / -max: each of those frames, from the frame
 *     clock's start (before-paint, the tick that pans) to the end of its paint.
 * Runs under tests/run-with-display.sh (its own Xvfb, GSK_RENDERER=cairo
 * as in the tests unless the environment says otherwise). */
#include "config.h"

#include <math.h>
#include <gtk/gtk.h>
#include <shumate/shumate.h>

#include "bench-stats.h"
#include "vt-application.h"
#include "vt-geo.h"
#include "vt-geo-view.h"
#include "vt-map-view.h"
#include "vt-mbtiles.h"
#include "vt-paths.h"
#include "vt-test-app.h"
#include "vt-test-utils.h"

#define RUNS 12
#define PAN_FRAMES 180

static const VtGeoPoint KIOSK = { -12.0464, -77.0428, 0, 0, 2 };

static VtMapView *map;
static guint tiles_needed;
static gint64 painted_at;          /* the end of the first frame with every tile */
static gint64 layout_at;
static GArray *frame_work;
static GArray *frame_ends;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  gint64 now = g_get_monotonic_time ();

  if (painted_at == 0 && map != NULL && vt_map_view_get_tiles_served (map) >= tiles_needed)
    painted_at = now;
  if (frame_work != NULL && layout_at != 0)
    {
      double work = (now - layout_at) / 1000.0;

      g_array_append_val (frame_work, work);
      g_array_append_val (frame_ends, now);
    }
}

static void
layout_cb (GdkFrameClock *clock,
           gpointer       data)
{
  layout_at = g_get_monotonic_time ();
}

static gboolean
painted (gpointer data)
{
  return painted_at != 0;
}

static VtQuestion *
new_question (void)
{
  VtQuestion *question = g_new0 (VtQuestion, 1);

  question->kind = VT_CONTROL_INPUT;
  question->type = VT_DATA_GEOPOINT;
  question->path = g_strdup ("/data/where");
  question->label = g_strdup ("Where?");
  question->value = g_strdup ("");
  question->display_value = g_strdup ("");
  return question;
}

static gboolean
pan_tick_cb (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  guint *left = data;
  double lat, lon;
  double x = gtk_widget_get_width (widget) / 2.0 + 8, y = gtk_widget_get_height (widget) / 2.0 + 3;

  vt_map_view_map_to_location (map, x, y, &lat, &lon);
  shumate_map_center_on (SHUMATE_MAP (widget), lat, lon);
  return --(*left) > 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
pan_done (gpointer data)
{
  return *(guint *) data == 0 && frame_ends->len >= PAN_FRAMES;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *demo = NULL;
  g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *window;
  GdkFrameClock *clock;

  vt_test_gtk_init (&argc, &argv);
  vt_application_ensure_resources ();
  demo = vt_paths_get_demo_map ();
  vt_geo_set_kiosk_location (&KIOSK);
  vt_mbtiles_set_kiosk_file (demo);
  if (!vt_mbtiles_kiosk_has_map ())
    g_error ("no demo map at %s", demo);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 900);
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("…"));
  gtk_window_present (GTK_WINDOW (window));
  vt_test_wait_frame (window);
  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  g_signal_connect (clock, "before-paint", G_CALLBACK (layout_cb), NULL);

  for (int run = 0; run < RUNS; run++)
    {
      VtQuestion *question = new_question ();
      gint64 start = g_get_monotonic_time ();
      GtkWidget *view;
      double ms;

      painted_at = 0;
      /* Each run reads its tiles afresh: a new map, a new renderer. */
      view = vt_geo_view_new (question, "");
      vt_question_free (question);
      map = VT_MAP_VIEW (vt_geo_view_get_map (VT_GEO_VIEW (view)));
      /* 1000 px wide, 420 high: 5 × 3 tiles of 256 px at least. */
      tiles_needed = 15;
      gtk_window_set_child (GTK_WINDOW (window), view);
      vt_test_wait_until (painted, NULL, 20000, "the map's tiles drawn");
      ms = (painted_at - start) / 1000.0;
      if (run > 0)                 /* the first run loads the code and fonts */
        g_array_append_val (first, ms);
      if (run < RUNS - 1)
        {
          map = NULL;
          gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("…"));
          vt_test_wait_frame (window);
        }
    }
  g_print ("RESULT map-first-tiles %.1f ms\n", bench_percentile (first, 0.5));
  g_print ("RESULT map-first-tiles-max %.1f ms\n", g_array_index (first, double, first->len - 1));

  {
    g_autoptr(GArray) work = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (gint64));
    guint left = PAN_FRAMES;
    double seconds;

    frame_work = work;
    frame_ends = ends;
    layout_at = 0;
    gtk_widget_add_tick_callback (vt_map_view_get_map (map), pan_tick_cb, &left, NULL);
    vt_test_wait_until (pan_done, &left, 60000, "the pan");
    frame_work = NULL;
    frame_ends = NULL;
    seconds = (g_array_index (ends, gint64, ends->len - 1) - g_array_index (ends, gint64, 0)) / 1e6;
    g_print ("RESULT map-pan-fps %.1f frames/s\n", (ends->len - 1) / seconds);
    g_print ("RESULT map-pan-frame-work-p95 %.1f ms\n", bench_percentile (work, 0.95));
    g_print ("RESULT map-pan-frame-work-max %.1f ms\n", g_array_index (work, double, work->len - 1));
    g_print ("RESULT map-pan-tiles-read %u tiles\n", vt_map_view_get_tiles_served (map));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  vt_mbtiles_set_kiosk_file (NULL);
  return 0;
}
