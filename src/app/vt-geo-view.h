#pragma once

#include <gtk/gtk.h>

#include "vt-form.h"
#include "vt-session.h"

G_BEGIN_DECLS

#define VT_TYPE_GEO_VIEW (vt_geo_view_get_type ())
G_DECLARE_FINAL_TYPE (VtGeoView, vt_geo_view, VT, GEO_VIEW, GtkBox)

/* A location question (geopoint, geotrace, geoshape): the kiosk's offline
 * map (vt-map-view.h) when [kiosk] map-tiles opened, and, for a point, "Here, at this kiosk" when [kiosk] location is
 * set, and always a field for coordinates as a map site shows them (the
 * clerk's way, and a citizen's who knows them), with what was chosen said
 * in words below.  ::changed (value, text) as VtQuestionView's; ::activate
 * on Enter in the field. */
gboolean        vt_geo_view_handles     (VtDataType        type);
GtkWidget      *vt_geo_view_new         (const VtQuestion *question,
                                         const char       *text);
/* The field, for the question's accessible name and focus. */
GtkWidget      *vt_geo_view_get_entry   (VtGeoView        *self);
/* The words under the field ("Chosen: at this kiosk"). */
const char     *vt_geo_view_get_status  (VtGeoView        *self);
/* The "Here, at this kiosk" button, NULL when the kiosk has none. */
GtkWidget      *vt_geo_view_get_here_button (VtGeoView    *self);
/* The VtMapView when the kiosk's map opened, else NULL. */
GtkWidget      *vt_geo_view_get_map     (VtGeoView        *self);
/* "Remove last point" of a line or area on the map, else NULL. */
GtkWidget      *vt_geo_view_get_remove_last_button (VtGeoView *self);
/* The line saying the map cannot be shown, NULL when there is a map or
 * none was configured. */
GtkWidget      *vt_geo_view_get_map_note (VtGeoView       *self);

G_END_DECLS
