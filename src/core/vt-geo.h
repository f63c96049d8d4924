#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Places as ODK XForms write them (getodk/xforms-spec, "Data Types"):
 *   geopoint  "lat lon [alt [acc]]"   degrees WGS84, metres
 *   geotrace  points separated by ";", at least 2, the last not the first
 *   geoshape  points separated by ";", at least 3, the last the first again
 * and the spec's geographic functions area(), distance() and geofence(),
 * computed as JavaRosa and ODK Web Forms compute them (a sphere of the
 * Earth's equatorial radius, 6 378 100 m).  The kiosk's own location, from
 * [kiosk] location, is the place it answers "where am I" with. */

#define VT_GEO_ERROR (vt_geo_error_quark ())

typedef enum
{
  VT_GEO_ERROR_SYNTAX,             /* not numbers, or not 2 to 4 of them */
  VT_GEO_ERROR_RANGE,              /* a latitude or longitude off the globe */
  VT_GEO_ERROR_SHAPE,              /* too few points, a line that closes, a shape that does not */
} VtGeoError;

typedef enum
{
  VT_GEO_POINT,
  VT_GEO_TRACE,
  VT_GEO_SHAPE,
} VtGeoKind;

typedef struct
{
  double latitude;
  double longitude;
  double altitude;                 /* metres; 0 when not written */
  double accuracy;                 /* metres; 0 when not written */
  guint  parts;                    /* how many numbers were written, 2 to 4 */
} VtGeoPoint;

/* The eight directions a place can lie in, north first, clockwise. */
typedef enum
{
  VT_GEO_NORTH,
  VT_GEO_NORTH_EAST,
  VT_GEO_EAST,
  VT_GEO_SOUTH_EAST,
  VT_GEO_SOUTH,
  VT_GEO_SOUTH_WEST,
  VT_GEO_WEST,
  VT_GEO_NORTH_WEST,
} VtGeoDirection;

GQuark          vt_geo_error_quark         (void);

/* One geopoint: 2 to 4 numbers separated by spaces, latitude within
 * [-90, 90] and longitude within [-180, 180].  Messages quote the text and
 * say how to write it. */
gboolean        vt_geo_point_parse         (const char        *text,
                                            VtGeoPoint        *point,
                                            GError           **error);
/* What a person types for a place: also "lat, lon" (as map sites copy it)
 * and decimal commas ("-12,0464 -77,0428"). */
gboolean        vt_geo_point_parse_typed   (const char        *text,
                                            VtGeoPoint        *point,
                                            GError           **error);
/* The point as ODK stores it, every number written as it was parsed or
 * placed (with at least one decimal, never an exponent), always all four
 * as JavaRosa writes them: "-12.0464 -77.0428 150.0 5.0", "-12.0464
 * -77.0428 0.0 0.0" for a point given as latitude and longitude only. */
char           *vt_geo_point_format        (const VtGeoPoint  *point);
gboolean        vt_geo_point_equal_place   (const VtGeoPoint  *a,
                                            const VtGeoPoint  *b);

/* Points separated by ";" (spaces around them and trailing ";" allowed,
 * as JavaRosa allows them): an array of VtGeoPoint, or NULL and an error
 * naming the point ("point 3: …"). */
GArray         *vt_geo_parse_points        (const char        *text,
                                            GError           **error);
char           *vt_geo_format_points       (const VtGeoPoint  *points,
                                            guint              n_points);

/* Checks text as a value of kind, as ODK specifies it, and returns it as
 * the kiosk stores it ("; " becomes ";", numbers as parsed); NULL and an
 * error otherwise. */
/* The points of area() and distance()'s arguments, as ODK Web Forms reads
 * them: one value is a geotrace or geoshape, several are one geopoint
 * each (empty ones skipped).  NULL and an error if one does not read. */
GArray         *vt_geo_points_from_values  (const char * const *values,
                                            guint              n_values,
                                            GError           **error);

char           *vt_geo_normalize           (VtGeoKind          kind,
                                            const char        *text,
                                            GError           **error);
/* The same for what a person typed: each point as
 * vt_geo_point_parse_typed() reads it. */
char           *vt_geo_normalize_typed     (VtGeoKind          kind,
                                            const char        *text,
                                            GError           **error);

/* Great-circle distance in metres (spherical law of cosines, as JavaRosa's
 * GeoUtils and ODK Web Forms). */
double          vt_geo_distance            (const VtGeoPoint  *a,
                                            const VtGeoPoint  *b);
/* The sum of the distances from each point to the next. */
double          vt_geo_path_length         (const VtGeoPoint  *points,
                                            guint              n_points);
/* The area in square metres of the polygon the points draw, closed if it
 * is not (ODK Web Forms' spherical formula); 0 for fewer than 3 points. */
double          vt_geo_area                (const VtGeoPoint  *points,
                                            guint              n_points);
/* geofence(): is point inside the closed shape (W. R. Franklin's pnpoly,
 * as JavaRosa and ODK Web Forms)?  FALSE for a shape that does not close. */
gboolean        vt_geo_shape_contains      (const VtGeoPoint  *shape,
                                            guint              n_shape,
                                            const VtGeoPoint  *point);

/* Where to lies from from: metres over the ground and one of eight
 * directions (a local flat approximation, fine within a town). */
double          vt_geo_offset              (const VtGeoPoint  *from,
                                            const VtGeoPoint  *to,
                                            VtGeoDirection    *direction);
/* "120 m north-east of this kiosk", "1.4 km south of this kiosk", "at
 * this kiosk" (within 5 m), in the current language; without a kiosk
 * location the coordinates in words.  Fits after "Pin placed". */
char           *vt_geo_describe_place      (const VtGeoPoint  *kiosk,
                                            const VtGeoPoint  *point);
/* A stored value in words for the review page and the question's status:
 * a point where it lies from the kiosk and its coordinates, a line's
 * length, a shape's area.  NULL for an empty or unreadable value. */
char           *vt_geo_describe_value      (VtGeoKind          kind,
                                            const char        *stored);
/* "latitude 12.04640° south, longitude 77.04280° west". */
char           *vt_geo_describe_coordinates (const VtGeoPoint *point);
/* "120 m", "1.4 km", "12 ha" … as people read them. */
char           *vt_geo_format_length       (double             meters);
char           *vt_geo_format_area         (double             square_meters);

/* The kiosk's own location ([kiosk] location), set once at start; NULL
 * forgets it.  get returns FALSE when the kiosk does not know where it is. */
void            vt_geo_set_kiosk_location  (const VtGeoPoint  *point);
gboolean        vt_geo_get_kiosk_location  (VtGeoPoint        *point);
/* The kiosk's location as a geopoint value, for odk:setgeopoint; NULL when
 * it is not configured (logged once, naming the key). */
char           *vt_geo_dup_kiosk_location_text (void);

G_END_DECLS
