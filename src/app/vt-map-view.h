#pragma once

#include <gtk/gtk.h>

#include "vt-geo.h"
#include "vt-mbtiles.h"

G_BEGIN_DECLS

#define VT_TYPE_MAP_VIEW (vt_map_view_get_type ())
G_DECLARE_FINAL_TYPE (VtMapView, vt_map_view, VT, MAP_VIEW, GtkBox)

/* The offline map of a location question (libshumate over the kiosk's
 * MBTiles file), centred on [kiosk] location.  A point: a tap drops the
 * pin, a drag moves it, the arrow keys move it (Enter drops it at the
 * centre).  A line or an area: each tap adds a point, drawn joined as it
 * grows; points can be dragged too.  Big + and − buttons zoom.
 * ::points-changed when the person changed the points (never for
 * vt_map_view_set_points()). */
GtkWidget      *vt_map_view_new               (VtMbtiles        *tiles,
                                               VtGeoKind         kind);
/* The points as the form's field holds them (a geoshape without its
 * repeated first point); NULL clears. */
void            vt_map_view_set_points        (VtMapView        *self,
                                               const VtGeoPoint *points,
                                               guint             n_points);
/* An array of VtGeoPoint, owned by the view. */
GArray         *vt_map_view_get_points        (VtMapView        *self);
void            vt_map_view_remove_last       (VtMapView        *self);
void            vt_map_view_clear             (VtMapView        *self);
/* The map widget itself: it takes the focus and the keys, and taps. */
GtkWidget      *vt_map_view_get_map           (VtMapView        *self);
/* A place's position in the map widget's coordinates, and back. */
void            vt_map_view_location_to_map   (VtMapView        *self,
                                               double            latitude,
                                               double            longitude,
                                               double           *x,
                                               double           *y);
void            vt_map_view_map_to_location   (VtMapView        *self,
                                               double            x,
                                               double            y,
                                               double           *latitude,
                                               double           *longitude);
/* The pin (or last point's) widget, NULL when there is none. */
GtkWidget      *vt_map_view_get_pin           (VtMapView        *self);
/* How many tiles the map has drawn from the file so far. */
guint           vt_map_view_get_tiles_served  (VtMapView        *self);
/* Where the map is centred now. */
void            vt_map_view_get_center        (VtMapView        *self,
                                               double           *latitude,
                                               double           *longitude);
void            vt_map_view_zoom_in           (VtMapView        *self);
/* The line under the map ("The kiosk's map does not reach this place"),
 * empty when all is well. */
const char     *vt_map_view_get_note          (VtMapView        *self);

G_END_DECLS
