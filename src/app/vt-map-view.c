/* The offline map of a location question: libshumate 1.0 over the
 * kiosk's MBTiles file (issue 20). */
#define G_LOG_DOMAIN "vt-map-view"

#include "config.h"

#include <glib/gi18n.h>
#include <shumate/shumate.h>

#include "vt-map-view.h"
#include "vt-mbtiles-source.h"

/* Pixels a press of an arrow key moves the pin, and with Shift. */
#define KEY_STEP 12.0
#define KEY_FINE_STEP 2.0
/* Taps closer than this to the last point add nothing (a double tap). */
#define SAME_PLACE_PX 4.0
/* How far from a pin's centre a finger still picks it up. */
#define PIN_REACH 32.0

struct _VtMapView
{
  GtkBox              parent_instance;

  VtMbtiles          *tiles;
  VtGeoKind           kind;
  ShumateMap         *map;
  ShumateViewport    *viewport;
  ShumateMapSource   *source;
  VtMbtilesSource    *data_source;     /* the source's, not a reference */
  ShumateMarkerLayer *markers;
  ShumatePathLayer   *path;            /* NULL for a point */
  GPtrArray          *pins;            /* ShumateMarker, in the points' order */
  GArray             *points;          /* VtGeoPoint */
  GtkWidget          *note;

  GtkWidget          *dragging;        /* the marker under a finger, or NULL */
  double              drag_x;          /* where it was, in the map's coordinates */
  double              drag_y;
};

enum {
  POINTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VtMapView, vt_map_view, GTK_TYPE_BOX)

/* ---- what the map shows --------------------------------------------------- */

static void
update_note (VtMapView *self)
{
  VtGeoPoint kiosk;
  const char *note = "";

  for (guint i = 0; i < self->points->len; i++)
    {
      VtGeoPoint *p = &g_array_index (self->points, VtGeoPoint, i);

      if (!vt_mbtiles_contains (self->tiles, p->latitude, p->longitude))
        {
          note = _("This place is outside the kiosk's map: it is kept as written, but the map cannot show it.");
          break;
        }
    }
  if (note[0] == '\0' && self->points->len == 0 && vt_geo_get_kiosk_location (&kiosk) &&
      !vt_mbtiles_contains (self->tiles, kiosk.latitude, kiosk.longitude))
    note = _("The kiosk's map does not reach this kiosk: it shows the middle of the area it covers.");

  gtk_label_set_text (GTK_LABEL (self->note), note);
  gtk_widget_set_visible (self->note, note[0] != '\0');
}

/* What a screen reader says of the map when it takes the focus. */
static void
update_description (VtMapView *self)
{
  g_autofree char *where = NULL;
  g_autofree char *text = NULL;
  VtGeoPoint kiosk;

  if (self->points->len > 0)
    {
      VtGeoPoint *last = &g_array_index (self->points, VtGeoPoint, self->points->len - 1);

      where = vt_geo_describe_place (vt_geo_get_kiosk_location (&kiosk) ? &kiosk : NULL, last);
    }
  if (self->kind == VT_GEO_POINT)
    text = where != NULL
           /* Translators: %s is like "120 m north-east of this kiosk". */
           ? g_strdup_printf (_("Pin placed %s. The arrow keys move it."), where)
           : g_strdup (_("No pin yet. Press Enter to place it in the middle of the map, then move it with the arrow keys."));
  else
    text = where != NULL
           /* Translators: %u points so far; %s is where the last one is. */
           ? g_strdup_printf (ngettext ("%u point; the last one %s. The arrow keys move it; Enter adds another one there.",
                                        "%u points; the last one %s. The arrow keys move it; Enter adds another one there.",
                                        self->points->len),
                              self->points->len, where)
           : g_strdup (_("No points yet. Press Enter to add one in the middle of the map, then move it with the arrow keys."));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->map),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static void
draw_pin (GtkDrawingArea *area,
          cairo_t        *cr,
          int             width,
          int             height,
          gpointer        data)
{
  gboolean is_pin = GPOINTER_TO_INT (data);
  double r = MIN (width, height) / 2.0;

  /* Dark outline, white ring, a strong colour inside: seen on any map and
   * in high contrast. */
  cairo_arc (cr, width / 2.0, height / 2.0, r - 1, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_fill (cr);
  cairo_arc (cr, width / 2.0, height / 2.0, r - 3, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);
  cairo_arc (cr, width / 2.0, height / 2.0, r - 7, 0, 2 * G_PI);
  if (is_pin)
    cairo_set_source_rgb (cr, 0.75, 0.11, 0.16);
  else
    cairo_set_source_rgb (cr, 0.11, 0.33, 0.75);
  cairo_fill (cr);
  /* The exact place, a dot in the middle. */
  cairo_arc (cr, width / 2.0, height / 2.0, 2.5, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);
}

static void sync_points (VtMapView *self, gboolean by_person);

/* A finger that lands on a pin (or within a fingertip of it) moves the
 * pin, not the map.  The gesture is the map's own, in the capture phase:
 * a gesture on the pin's widget ended half-way as the marker layer moved
 * the pin under the pointer (libshumate 1.0.3 draws markers as widgets but
 * does not drag them, whatever ShumateMarker:draggable says). */
static void
pin_drag_begin_cb (GtkGestureDrag *gesture,
                   double          x,
                   double          y,
                   VtMapView      *self)
{
  double best = PIN_REACH * PIN_REACH;

  self->dragging = NULL;
  /* The last point first: it is the one drawn on top. */
  for (guint i = self->pins->len; i-- > 0;)
    {
      GtkWidget *marker = g_ptr_array_index (self->pins, i);
      double px, py, d;

      shumate_viewport_location_to_widget_coords (self->viewport, GTK_WIDGET (self->map),
                                                  shumate_location_get_latitude (SHUMATE_LOCATION (marker)),
                                                  shumate_location_get_longitude (SHUMATE_LOCATION (marker)),
                                                  &px, &py);
      d = (px - x) * (px - x) + (py - y) * (py - y);
      if (d < best)
        {
          best = d;
          self->dragging = marker;
          self->drag_x = px;
          self->drag_y = py;
        }
    }
  if (self->dragging == NULL)
    {
      /* Not on a pin: the map's own gestures pan it, or a tap drops one. */
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  /* The finger's offset from the pin's centre stays as it moves. */
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
pin_drag_update_cb (GtkGestureDrag *gesture,
                    double          dx,
                    double          dy,
                    VtMapView      *self)
{
  double lat, lon;

  if (self->dragging == NULL)
    return;
  shumate_viewport_widget_coords_to_location (self->viewport, GTK_WIDGET (self->map),
                                              self->drag_x + dx, self->drag_y + dy, &lat, &lon);
  shumate_location_set_location (SHUMATE_LOCATION (self->dragging), lat, lon);
  if (self->path != NULL)
    gtk_widget_queue_draw (GTK_WIDGET (self->path));
}

static void
pin_drag_end_cb (GtkGestureDrag *gesture,
                 double          dx,
                 double          dy,
                 VtMapView      *self)
{
  if (self->dragging == NULL)
    return;
  pin_drag_update_cb (gesture, dx, dy, self);
  self->dragging = NULL;
  sync_points (self, TRUE);
}

static ShumateMarker *
new_pin (VtMapView *self)
{
  ShumateMarker *marker = shumate_marker_new ();
  GtkWidget *area = gtk_drawing_area_new ();
  int size = self->kind == VT_GEO_POINT ? 44 : 34;

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), size);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), size);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_pin,
                                  GINT_TO_POINTER (self->kind == VT_GEO_POINT), NULL);
  shumate_marker_set_child (marker, area);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (marker), "grab");
  gtk_widget_add_css_class (GTK_WIDGET (marker), "map-pin");
  /* The map's gestures take the pointer, also over a pin. */
  gtk_widget_set_can_target (GTK_WIDGET (marker), FALSE);
  return marker;
}

/* Markers and the line drawn again from self->points. */
static void
rebuild_pins (VtMapView *self)
{
  shumate_marker_layer_remove_all (self->markers);
  if (self->path != NULL)
    shumate_path_layer_remove_all (self->path);
  g_ptr_array_set_size (self->pins, 0);

  for (guint i = 0; i < self->points->len; i++)
    {
      VtGeoPoint *p = &g_array_index (self->points, VtGeoPoint, i);
      ShumateMarker *marker = new_pin (self);

      shumate_location_set_location (SHUMATE_LOCATION (marker), p->latitude, p->longitude);
      shumate_marker_layer_add_marker (self->markers, marker);
      if (self->path != NULL)
        shumate_path_layer_add_node (self->path, SHUMATE_LOCATION (marker));
      g_ptr_array_add (self->pins, g_object_ref (marker));
    }
}

/* The points read back from the markers, after a drag or a key. */
static void
sync_points (VtMapView *self,
             gboolean   by_person)
{
  g_array_set_size (self->points, self->pins->len);
  for (guint i = 0; i < self->pins->len; i++)
    {
      ShumateLocation *location = g_ptr_array_index (self->pins, i);
      VtGeoPoint *p = &g_array_index (self->points, VtGeoPoint, i);

      *p = (VtGeoPoint) {
        .latitude = shumate_location_get_latitude (location),
        .longitude = shumate_location_get_longitude (location),
        .parts = 2,
      };
    }
  update_note (self);
  update_description (self);
  if (by_person)
    g_signal_emit (self, signals[POINTS_CHANGED], 0);
}

static void
add_point_at (VtMapView *self,
              double     latitude,
              double     longitude)
{
  ShumateMarker *marker;

  if (self->kind == VT_GEO_POINT && self->pins->len > 0)
    {
      shumate_location_set_location (g_ptr_array_index (self->pins, 0), latitude, longitude);
      sync_points (self, TRUE);
      return;
    }
  marker = new_pin (self);
  shumate_location_set_location (SHUMATE_LOCATION (marker), latitude, longitude);
  shumate_marker_layer_add_marker (self->markers, marker);
  if (self->path != NULL)
    shumate_path_layer_add_node (self->path, SHUMATE_LOCATION (marker));
  g_ptr_array_add (self->pins, g_object_ref (marker));
  sync_points (self, TRUE);
}

/* ---- the person's input --------------------------------------------------- */

static void
map_released_cb (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 VtMapView       *self)
{
  double lat, lon;

  if (self->kind != VT_GEO_POINT && self->pins->len > 0)
    {
      ShumateLocation *last = g_ptr_array_index (self->pins, self->pins->len - 1);
      double lx, ly;

      shumate_viewport_location_to_widget_coords (self->viewport, GTK_WIDGET (self->map),
                                                  shumate_location_get_latitude (last),
                                                  shumate_location_get_longitude (last), &lx, &ly);
      if (ABS (lx - x) < SAME_PLACE_PX && ABS (ly - y) < SAME_PLACE_PX)
        return;
    }
  shumate_viewport_widget_coords_to_location (self->viewport, GTK_WIDGET (self->map), x, y, &lat, &lon);
  add_point_at (self, lat, lon);
  gtk_widget_grab_focus (GTK_WIDGET (self->map));
}

/* Keeps a point moved by keys inside the middle of the map. */
static void
follow (VtMapView       *self,
        ShumateLocation *location)
{
  double x, y;
  int w = gtk_widget_get_width (GTK_WIDGET (self->map));
  int h = gtk_widget_get_height (GTK_WIDGET (self->map));

  shumate_viewport_location_to_widget_coords (self->viewport, GTK_WIDGET (self->map),
                                              shumate_location_get_latitude (location),
                                              shumate_location_get_longitude (location), &x, &y);
  if (x < w * 0.2 || x > w * 0.8 || y < h * 0.2 || y > h * 0.8)
    shumate_map_center_on (self->map, shumate_location_get_latitude (location),
                           shumate_location_get_longitude (location));
}

static gboolean
map_key_pressed_cb (GtkEventControllerKey *controller,
                    guint                  keyval,
                    guint                  keycode,
                    GdkModifierType        state,
                    VtMapView             *self)
{
  double step = (state & GDK_SHIFT_MASK) ? KEY_FINE_STEP : KEY_STEP;
  double dx = 0, dy = 0;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      dx = -step;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      dx = step;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      dy = -step;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      dy = step;
      break;
    case GDK_KEY_plus:
    case GDK_KEY_KP_Add:
    case GDK_KEY_equal:
      shumate_map_zoom_in (self->map);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      shumate_map_zoom_out (self->map);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      {
        double lat, lon;

        if (self->pins->len > 0 && self->kind == VT_GEO_POINT)
          return FALSE;     /* Enter goes on to the next page */
        if (self->pins->len > 0)
          {
            ShumateLocation *last = g_ptr_array_index (self->pins, self->pins->len - 1);

            lat = shumate_location_get_latitude (last);
            lon = shumate_location_get_longitude (last);
          }
        else
          {
            lat = shumate_location_get_latitude (SHUMATE_LOCATION (self->viewport));
            lon = shumate_location_get_longitude (SHUMATE_LOCATION (self->viewport));
          }
        add_point_at (self, lat, lon);
        return TRUE;
      }
    default:
      return FALSE;
    }

  if (self->pins->len == 0)
    add_point_at (self, shumate_location_get_latitude (SHUMATE_LOCATION (self->viewport)),
                  shumate_location_get_longitude (SHUMATE_LOCATION (self->viewport)));
  {
    ShumateLocation *last = g_ptr_array_index (self->pins, self->pins->len - 1);
    double x, y, lat, lon;

    shumate_viewport_location_to_widget_coords (self->viewport, GTK_WIDGET (self->map),
                                                shumate_location_get_latitude (last),
                                                shumate_location_get_longitude (last), &x, &y);
    shumate_viewport_widget_coords_to_location (self->viewport, GTK_WIDGET (self->map),
                                                x + dx, y + dy, &lat, &lon);
    shumate_location_set_location (last, lat, lon);
    if (self->path != NULL)
      gtk_widget_queue_draw (GTK_WIDGET (self->path));
    follow (self, last);
    sync_points (self, TRUE);
  }
  return TRUE;
}

static void
zoom_in_clicked_cb (GtkButton *button,
                    VtMapView *self)
{
  shumate_map_zoom_in (self->map);
}

static void
zoom_out_clicked_cb (GtkButton *button,
                     VtMapView *self)
{
  shumate_map_zoom_out (self->map);
}

/* libshumate 1.0.3 zooms in on every double click, whatever
 * zoom-on-double-click says: two quick taps of a line's points would
 * zoom the map under the citizen's finger.  Its click gesture goes;
 * the + and − buttons zoom. */
static void
remove_double_click_zoom (ShumateMap *map)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (map));
  g_autoptr(GPtrArray) clicks = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller))
        g_ptr_array_add (clicks, g_object_ref (controller));
    }
  for (guint i = 0; i < clicks->len; i++)
    gtk_widget_remove_controller (GTK_WIDGET (map), g_ptr_array_index (clicks, i));
}

/* ---- object ------------------------------------------------------------- */

static void
vt_map_view_dispose (GObject *object)
{
  VtMapView *self = VT_MAP_VIEW (object);

  g_clear_pointer (&self->pins, g_ptr_array_unref);
  g_clear_object (&self->source);
  G_OBJECT_CLASS (vt_map_view_parent_class)->dispose (object);
}

static void
vt_map_view_finalize (GObject *object)
{
  VtMapView *self = VT_MAP_VIEW (object);

  g_clear_pointer (&self->tiles, vt_mbtiles_unref);
  g_clear_pointer (&self->points, g_array_unref);
  G_OBJECT_CLASS (vt_map_view_parent_class)->finalize (object);
}

/* libshumate's map layer asks for the whole world at the current zoom
 * as its natural size; the page would then centre a map wider than
 * itself.  The map takes the width it is given. */
static void
vt_map_view_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  GTK_WIDGET_CLASS (vt_map_view_parent_class)->measure (widget, orientation, for_size, minimum, natural,
                                                        minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = *minimum;
}

static void
vt_map_view_class_init (VtMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_map_view_dispose;
  object_class->finalize = vt_map_view_finalize;
  widget_class->measure = vt_map_view_measure;

  signals[POINTS_CHANGED] = g_signal_new ("points-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vt_map_view_init (VtMapView *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self), "map-view");
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  self->pins = g_ptr_array_new_with_free_func (g_object_unref);
  self->points = g_array_new (FALSE, TRUE, sizeof (VtGeoPoint));
}

static GtkWidget *
zoom_button (const char *label,
             const char *name)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, "map-zoom");
  gtk_widget_set_size_request (button, 64, 64);
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  return button;
}

GtkWidget *
vt_map_view_new (VtMbtiles *tiles,
                 VtGeoKind  kind)
{
  VtMapView *self;
  ShumateMapLayer *layer;
  ShumateLicense *license;
  GtkWidget *overlay, *zoom, *in, *out;
  GtkGesture *click;
  GtkEventController *keys;
  VtGeoPoint kiosk;
  double west, south, east, north;

  g_return_val_if_fail (tiles != NULL, NULL);

  self = g_object_new (VT_TYPE_MAP_VIEW, NULL);
  self->tiles = vt_mbtiles_ref (tiles);
  self->kind = kind;

  self->source = vt_mbtiles_source_new_map_source (tiles);
  g_object_get (self->source, "data-source", &self->data_source, NULL);
  g_object_unref (self->data_source);  /* the source keeps it */

  self->map = shumate_map_new ();
  self->viewport = shumate_map_get_viewport (self->map);
  shumate_map_set_map_source (self->map, self->source);
  shumate_viewport_set_min_zoom_level (self->viewport, vt_mbtiles_get_min_zoom (tiles));
  shumate_viewport_set_max_zoom_level (self->viewport, vt_mbtiles_get_max_zoom (tiles));
  shumate_map_set_animate_zoom (self->map, FALSE);
  layer = shumate_map_layer_new (self->source, self->viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (layer));
  if (kind != VT_GEO_POINT)
    {
      GdkRGBA stroke = { 0.11, 0.33, 0.75, 1.0 };
      GdkRGBA fill = { 0.11, 0.33, 0.75, 0.25 };

      self->path = shumate_path_layer_new (self->viewport);
      shumate_path_layer_set_stroke_color (self->path, &stroke);
      shumate_path_layer_set_stroke_width (self->path, 5);
      shumate_path_layer_set_closed (self->path, kind == VT_GEO_SHAPE);
      shumate_path_layer_set_fill (self->path, kind == VT_GEO_SHAPE);
      shumate_path_layer_set_fill_color (self->path, &fill);
      shumate_map_add_layer (self->map, SHUMATE_LAYER (self->path));
    }
  self->markers = shumate_marker_layer_new_full (self->viewport, GTK_SELECTION_NONE);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->markers));

  remove_double_click_zoom (self->map);
  {
    GtkGesture *drag = gtk_gesture_drag_new ();

    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
    g_signal_connect (drag, "drag-begin", G_CALLBACK (pin_drag_begin_cb), self);
    g_signal_connect (drag, "drag-update", G_CALLBACK (pin_drag_update_cb), self);
    g_signal_connect (drag, "drag-end", G_CALLBACK (pin_drag_end_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (drag));
  }
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (map_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (click));
  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (map_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), keys);
  gtk_widget_set_focusable (GTK_WIDGET (self->map), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->map), "map");
  gtk_widget_set_size_request (GTK_WIDGET (self->map), -1, 420);
  gtk_widget_set_hexpand (GTK_WIDGET (self->map), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->map),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  kind == VT_GEO_POINT ? _("Map: touch the place to put the pin there")
                                                       : _("Map: touch the places in order"),
                                  -1);

  overlay = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (self->map));

  zoom = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_halign (zoom, GTK_ALIGN_END);
  gtk_widget_set_valign (zoom, GTK_ALIGN_START);
  gtk_widget_set_margin_top (zoom, 12);
  gtk_widget_set_margin_end (zoom, 12);
  /* Translators: the map's big zoom buttons; the name is what a screen reader says. */
  in = zoom_button ("+", _("Zoom in"));
  out = zoom_button ("−", _("Zoom out"));
  g_signal_connect (in, "clicked", G_CALLBACK (zoom_in_clicked_cb), self);
  g_signal_connect (out, "clicked", G_CALLBACK (zoom_out_clicked_cb), self);
  gtk_box_append (GTK_BOX (zoom), in);
  gtk_box_append (GTK_BOX (zoom), out);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), zoom);

  /* The tiles' attribution (OpenStreetMap's licence asks for it on the
   * map itself). */
  license = shumate_license_new ();
  shumate_license_append_map_source (license, self->source);
  gtk_widget_set_halign (GTK_WIDGET (license), GTK_ALIGN_END);
  gtk_widget_set_valign (GTK_WIDGET (license), GTK_ALIGN_END);
  gtk_widget_add_css_class (GTK_WIDGET (license), "map-license");
  gtk_widget_set_can_target (GTK_WIDGET (license), FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (license));
  gtk_box_append (GTK_BOX (self), overlay);

  self->note = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->note), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->note), 0);
  gtk_widget_add_css_class (self->note, "notice");
  gtk_box_append (GTK_BOX (self), self->note);

  /* Where the kiosk stands, when its map shows it. */
  vt_mbtiles_get_bounds (tiles, &west, &south, &east, &north);
  if (vt_geo_get_kiosk_location (&kiosk) && vt_mbtiles_contains (tiles, kiosk.latitude, kiosk.longitude))
    shumate_map_go_to_full_with_duration (self->map, kiosk.latitude, kiosk.longitude,
                                          vt_mbtiles_get_default_zoom (tiles), 0);
  else
    shumate_map_go_to_full_with_duration (self->map, (south + north) / 2, (west + east) / 2,
                                          vt_mbtiles_get_default_zoom (tiles), 0);
  update_note (self);
  update_description (self);
  return GTK_WIDGET (self);
}

void
vt_map_view_set_points (VtMapView        *self,
                        const VtGeoPoint *points,
                        guint             n_points)
{
  g_return_if_fail (VT_IS_MAP_VIEW (self));

  g_array_set_size (self->points, 0);
  if (points != NULL)
    g_array_append_vals (self->points, points, n_points);
  rebuild_pins (self);
  update_note (self);
  update_description (self);
  if (n_points > 0)
    {
      const VtGeoPoint *last = &points[n_points - 1];

      if (vt_mbtiles_contains (self->tiles, last->latitude, last->longitude))
        shumate_map_center_on (self->map, last->latitude, last->longitude);
    }
}

GArray *
vt_map_view_get_points (VtMapView *self)
{
  g_return_val_if_fail (VT_IS_MAP_VIEW (self), NULL);
  return self->points;
}

void
vt_map_view_remove_last (VtMapView *self)
{
  g_return_if_fail (VT_IS_MAP_VIEW (self));

  if (self->points->len == 0)
    return;
  g_array_set_size (self->points, self->points->len - 1);
  rebuild_pins (self);
  sync_points (self, TRUE);
}

void
vt_map_view_clear (VtMapView *self)
{
  g_return_if_fail (VT_IS_MAP_VIEW (self));

  if (self->points->len == 0)
    return;
  g_array_set_size (self->points, 0);
  rebuild_pins (self);
  sync_points (self, TRUE);
}

GtkWidget *
vt_map_view_get_map (VtMapView *self)
{
  g_return_val_if_fail (VT_IS_MAP_VIEW (self), NULL);
  return GTK_WIDGET (self->map);
}

void
vt_map_view_location_to_map (VtMapView *self,
                             double     latitude,
                             double     longitude,
                             double    *x,
                             double    *y)
{
  g_return_if_fail (VT_IS_MAP_VIEW (self));
  shumate_viewport_location_to_widget_coords (self->viewport, GTK_WIDGET (self->map), latitude, longitude, x, y);
}

void
vt_map_view_map_to_location (VtMapView *self,
                             double     x,
                             double     y,
                             double    *latitude,
                             double    *longitude)
{
  g_return_if_fail (VT_IS_MAP_VIEW (self));
  shumate_viewport_widget_coords_to_location (self->viewport, GTK_WIDGET (self->map), x, y, latitude, longitude);
}

GtkWidget *
vt_map_view_get_pin (VtMapView *self)
{
  g_return_val_if_fail (VT_IS_MAP_VIEW (self), NULL);
  return self->pins->len > 0 ? g_ptr_array_index (self->pins, self->pins->len - 1) : NULL;
}

guint
vt_map_view_get_tiles_served (VtMapView *self)
{
  g_return_val_if_fail (VT_IS_MAP_VIEW (self), 0);
  return vt_mbtiles_source_get_served (self->data_source);
}

void
vt_map_view_get_center (VtMapView *self,
                        double    *latitude,
                        double    *longitude)
{
  g_return_if_fail (VT_IS_MAP_VIEW (self));
  *latitude = shumate_location_get_latitude (SHUMATE_LOCATION (self->viewport));
  *longitude = shumate_location_get_longitude (SHUMATE_LOCATION (self->viewport));
}

void
vt_map_view_zoom_in (VtMapView *self)
{
  g_return_if_fail (VT_IS_MAP_VIEW (self));
  shumate_map_zoom_in (self->map);
}

const char *
vt_map_view_get_note (VtMapView *self)
{
  g_return_val_if_fail (VT_IS_MAP_VIEW (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->note));
}
