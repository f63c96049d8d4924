/* Places: ODK's geopoint, geotrace and geoshape values, the spec's
 * geographic functions, and where the kiosk stands. */
#define G_LOG_DOMAIN "vt-geo"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vt-geo.h"

G_DEFINE_QUARK (vt-geo-error-quark, vt_geo_error)

/* JavaRosa's GeoUtils.EARTH_EQUATORIAL_RADIUS_METERS, which ODK Web Forms
 * and Enketo use too: the same form gives the same numbers everywhere. */
#define EARTH_RADIUS_METERS 6378100.0

/* Closer than this, a place is "at this kiosk". */
#define AT_KIOSK_METERS 5.0

/* A list of points no form needs more of (a long walk at one point a
 * metre); bounds what a typed answer can make the kiosk parse. */
#define MAX_POINTS 100000

static double
radians (double degrees)
{
  return degrees * G_PI / 180.0;
}

/* ------------------------------------------------------------------ */
/* Text                                                                */

/* A decimal number as ODK writes one: digits, an optional sign, point and
 * exponent.  g_ascii_strtod() alone would also take "inf", "nan" and hex. */
static gboolean
parse_number (const char *text,
              double     *out)
{
  char *end = NULL;

  if (text[0] == '\0' || strspn (text, "0123456789+-.eE") != strlen (text))
    return FALSE;
  *out = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && isfinite (*out);
}

static gboolean
parse_point (const char  *text,
             const char  *shown,
             VtGeoPoint  *point,
             GError     **error)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\r\n", -1);
  double numbers[4] = { 0, 0, 0, 0 };
  guint n = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (n == 4 || !parse_number (words[i], &numbers[n]))
        {
          n = 5;
          break;
        }
      n++;
    }
  if (n < 2 || n > 4)
    {
      g_set_error (error, VT_GEO_ERROR, VT_GEO_ERROR_SYNTAX,
                   /* Translators: a place typed wrongly; keep the example's numbers. */
                   _("“%s” is not a place: write the latitude and the longitude in degrees, separated by a space, like -12.0464 -77.0428"),
                   shown);
      return FALSE;
    }
  if (fabs (numbers[0]) > 90)
    {
      g_set_error (error, VT_GEO_ERROR, VT_GEO_ERROR_RANGE,
                   _("“%s” is not a place: the latitude (the first number) must lie between -90 and 90 degrees"),
                   shown);
      return FALSE;
    }
  if (fabs (numbers[1]) > 180)
    {
      g_set_error (error, VT_GEO_ERROR, VT_GEO_ERROR_RANGE,
                   _("“%s” is not a place: the longitude (the second number) must lie between -180 and 180 degrees"),
                   shown);
      return FALSE;
    }
  point->latitude = numbers[0];
  point->longitude = numbers[1];
  point->altitude = numbers[2];
  point->accuracy = numbers[3];
  point->parts = n;
  return TRUE;
}

gboolean
vt_geo_point_parse (const char  *text,
                    VtGeoPoint  *point,
                    GError     **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (point != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (text));
  return parse_point (trimmed, trimmed, point, error);
}

gboolean
vt_geo_point_parse_typed (const char  *text,
                          VtGeoPoint  *point,
                          GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GString) copy = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (point != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (text));
  copy = g_string_new (trimmed);
  if (strchr (copy->str, '.') != NULL || strstr (copy->str, ", ") != NULL ||
      strchr (copy->str, ' ') == NULL)
    {
      /* "-12.0464, -77.0428" or "-12.0464,-77.0428": the comma separates. */
      g_string_replace (copy, ",", " ", 0);
    }
  else
    {
      /* "-12,0464 -77,0428": decimal commas, spaces between the numbers. */
      g_string_replace (copy, ",", ".", 0);
    }
  return parse_point (copy->str, trimmed, point, error);
}

/* The shortest decimal that reads back as the same double, with at least
 * one decimal and never an exponent: what JavaRosa's Double.toString() and
 * ODK Web Forms write for any coordinate a form meets. */
static void
append_number (GString *out,
               double   value)
{
  char buffer[512];

  value += 0.0;          /* -0 is 0 */
  for (int digits = 1; digits <= 17; digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%df", digits);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  g_string_append (out, buffer);
}

/* All four numbers, those not written as 0.0: what JavaRosa's GeoPointData
 * writes for any geopoint it was given, so a server's export reads the
 * same from the kiosk as from ODK Collect. */
static void
append_point (GString          *out,
              const VtGeoPoint *point)
{
  append_number (out, point->latitude);
  g_string_append_c (out, ' ');
  append_number (out, point->longitude);
  g_string_append_c (out, ' ');
  append_number (out, point->altitude);
  g_string_append_c (out, ' ');
  append_number (out, point->accuracy);
}

char *
vt_geo_point_format (const VtGeoPoint *point)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (point != NULL, NULL);

  append_point (out, point);
  return g_string_free (out, FALSE);
}

gboolean
vt_geo_point_equal_place (const VtGeoPoint *a,
                          const VtGeoPoint *b)
{
  return a->latitude == b->latitude && a->longitude == b->longitude;
}

static GArray *
parse_points (const char  *text,
              gboolean     typed,
              GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (VtGeoPoint));
  guint n_parts;

  g_return_val_if_fail (text != NULL, NULL);

  parts = g_strsplit (text, ";", -1);
  n_parts = g_strv_length (parts);
  /* "a;b;" and "a; b ;  ;" end the same way: JavaRosa and ODK Web Forms
   * drop the empty pieces at the end. */
  while (n_parts > 0 && g_strstrip (parts[n_parts - 1])[0] == '\0')
    n_parts--;
  if (n_parts > MAX_POINTS)
    {
      g_set_error (error, VT_GEO_ERROR, VT_GEO_ERROR_SHAPE,
                   _("more than %d points: draw it with fewer points"), MAX_POINTS);
      return NULL;
    }
  for (guint i = 0; i < n_parts; i++)
    {
      g_autofree char *piece = g_strstrip (g_strdup (parts[i]));
      g_autoptr(GError) local_error = NULL;
      VtGeoPoint point;

      if (!(typed ? vt_geo_point_parse_typed (piece, &point, &local_error)
                  : parse_point (piece, piece, &point, &local_error)))
        {
          g_set_error (error, VT_GEO_ERROR, local_error->code,
                       /* Translators: %u is the number of the point in a line or shape, %s what is wrong with it. */
                       _("point %u: %s"), i + 1, local_error->message);
          return NULL;
        }
      g_array_append_val (points, point);
    }
  return g_steal_pointer (&points);
}

GArray *
vt_geo_parse_points (const char  *text,
                     GError     **error)
{
  g_return_val_if_fail (text != NULL, NULL);

  return parse_points (text, FALSE, error);
}

char *
vt_geo_format_points (const VtGeoPoint *points,
                      guint             n_points)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_points; i++)
    {
      if (i > 0)
        g_string_append_c (out, ';');
      append_point (out, &points[i]);
    }
  return g_string_free (out, FALSE);
}

GArray *
vt_geo_points_from_values (const char * const *values,
                           guint               n_values,
                           GError            **error)
{
  g_autoptr(GArray) points = NULL;

  if (n_values == 1)
    return vt_geo_parse_points (values[0], error);

  points = g_array_new (FALSE, FALSE, sizeof (VtGeoPoint));
  for (guint i = 0; i < n_values; i++)
    {
      VtGeoPoint point;

      if (values[i][strspn (values[i], " \t\r\n")] == '\0')
        continue;
      if (!vt_geo_point_parse (values[i], &point, error))
        return NULL;
      g_array_append_val (points, point);
    }
  return g_steal_pointer (&points);
}

static char *
normalize (VtGeoKind    kind,
           const char  *text,
           gboolean     typed,
           GError     **error)
{
  g_autoptr(GArray) points = NULL;
  VtGeoPoint *first, *last;

  if (kind == VT_GEO_POINT)
    {
      VtGeoPoint point;

      if (!(typed ? vt_geo_point_parse_typed (text, &point, error) : vt_geo_point_parse (text, &point, error)))
        return NULL;
      return vt_geo_point_format (&point);
    }

  points = parse_points (text, typed, error);
  if (points == NULL)
    return NULL;
  first = points->len > 0 ? &g_array_index (points, VtGeoPoint, 0) : NULL;
  last = points->len > 0 ? &g_array_index (points, VtGeoPoint, points->len - 1) : NULL;

  if (kind == VT_GEO_TRACE)
    {
      if (points->len < 2)
        {
          g_set_error (error, VT_GEO_ERROR, VT_GEO_ERROR_SHAPE,
                       _("A line needs at least 2 points, separated by “;”."));
          return NULL;
        }
      if (vt_geo_point_equal_place (first, last))
        {
          g_set_error (error, VT_GEO_ERROR, VT_GEO_ERROR_SHAPE,
                       _("A line must not end where it starts; that would be a shape."));
          return NULL;
        }
    }
  else
    {
      if (points->len < 3)
        {
          g_set_error (error, VT_GEO_ERROR, VT_GEO_ERROR_SHAPE,
                       _("A shape needs at least 3 points, separated by “;”, the last one the same as the first."));
          return NULL;
        }
      if (!vt_geo_point_equal_place (first, last))
        {
          g_set_error (error, VT_GEO_ERROR, VT_GEO_ERROR_SHAPE,
                       _("A shape must end where it starts: repeat the first point at the end."));
          return NULL;
        }
    }
  return vt_geo_format_points ((VtGeoPoint *) points->data, points->len);
}

char *
vt_geo_normalize (VtGeoKind    kind,
                  const char  *text,
                  GError     **error)
{
  g_return_val_if_fail (text != NULL, NULL);

  return normalize (kind, text, FALSE, error);
}

char *
vt_geo_normalize_typed (VtGeoKind    kind,
                        const char  *text,
                        GError     **error)
{
  g_return_val_if_fail (text != NULL, NULL);

  return normalize (kind, text, TRUE, error);
}

/* ------------------------------------------------------------------ */
/* Measures                                                            */

double
vt_geo_distance (const VtGeoPoint *a,
                 const VtGeoPoint *b)
{
  double phi1 = radians (a->latitude);
  double phi2 = radians (b->latitude);
  double cosine = sin (phi1) * sin (phi2) +
                  cos (phi1) * cos (phi2) * cos (radians (a->longitude - b->longitude));

  /* Rounding can push the cosine of two equal points past 1. */
  return acos (CLAMP (cosine, -1.0, 1.0)) * EARTH_RADIUS_METERS;
}

double
vt_geo_path_length (const VtGeoPoint *points,
                    guint             n_points)
{
  double total = 0;

  for (guint i = 1; i < n_points; i++)
    total += vt_geo_distance (&points[i - 1], &points[i]);
  return total;
}

double
vt_geo_area (const VtGeoPoint *points,
             guint             n_points)
{
  double total = 0;

  if (n_points < 3)
    return 0;
  /* Each edge, and the one back to the start (of length 0 when the shape
   * is already closed). */
  for (guint i = 0; i < n_points; i++)
    {
      const VtGeoPoint *start = &points[i];
      const VtGeoPoint *end = &points[(i + 1) % n_points];

      total += radians (end->longitude - start->longitude) *
               (2 + sin (radians (end->latitude)) + sin (radians (start->latitude)));
    }
  return fabs (total * EARTH_RADIUS_METERS * EARTH_RADIUS_METERS / 2);
}

gboolean
vt_geo_shape_contains (const VtGeoPoint *shape,
                       guint             n_shape,
                       const VtGeoPoint *point)
{
  gboolean inside = FALSE;

  if (n_shape < 2 || !vt_geo_point_equal_place (&shape[0], &shape[n_shape - 1]))
    return FALSE;
  /* pnpoly over the edges; the shape repeats its first point at the end,
   * so there is no edge to wrap. */
  for (guint i = 1; i < n_shape; i++)
    {
      const VtGeoPoint *p1 = &shape[i - 1];
      const VtGeoPoint *p2 = &shape[i];

      if ((p2->latitude > point->latitude) != (p1->latitude > point->latitude) &&
          point->longitude < (p1->longitude - p2->longitude) * (point->latitude - p2->latitude) /
                             (p1->latitude - p2->latitude) + p2->longitude)
        inside = !inside;
    }
  return inside;
}

double
vt_geo_offset (const VtGeoPoint *from,
               const VtGeoPoint *to,
               VtGeoDirection   *direction)
{
  double dlon = fmod (to->longitude - from->longitude + 540.0, 360.0) - 180.0;
  double north = radians (to->latitude - from->latitude) * EARTH_RADIUS_METERS;
  double east = radians (dlon) * EARTH_RADIUS_METERS *
                cos (radians ((to->latitude + from->latitude) / 2));

  if (direction != NULL)
    {
      double bearing = atan2 (east, north) * 180.0 / G_PI;   /* 0 is north, clockwise */
      int sector = (int) floor ((bearing + 360.0 + 22.5) / 45.0) % 8;

      *direction = (VtGeoDirection) sector;
    }
  return hypot (north, east);
}

/* ------------------------------------------------------------------ */
/* Words                                                               */

/* The decimal separator the kiosk's language writes (vt-language.c shows
 * the same one on the keypad). */
static char *
with_decimal_separator (const char *number)
{
  /* Translators: the decimal separator in your language: "," or ".".
   * The on-screen keypad shows it and numbers are typed with it. */
  const char *separator = C_("decimal separator", ".");
  g_auto(GStrv) parts = g_strsplit (number, ".", 2);

  return g_strjoinv (separator, parts);
}

static char *
format_decimal (double value,
                int    decimals)
{
  char buffer[64];
  char format[8];

  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_ascii_formatd (buffer, sizeof buffer, format, value);
  return with_decimal_separator (buffer);
}

char *
vt_geo_format_length (double meters)
{
  g_autofree char *number = NULL;

  if (meters < 100)
    /* Translators: a distance in metres, like "45 m". */
    return g_strdup_printf (_("%d m"), (int) round (meters));
  if (meters < 1000)
    return g_strdup_printf (_("%d m"), (int) round (meters / 10) * 10);
  if (meters < 10000)
    number = format_decimal (meters / 1000, 1);
  else
    number = g_strdup_printf ("%d", (int) round (meters / 1000));
  /* Translators: a distance in kilometres, like "1.4 km". */
  return g_strdup_printf (_("%s km"), number);
}

char *
vt_geo_format_area (double square_meters)
{
  g_autofree char *number = NULL;

  if (square_meters < 10000)
    /* Translators: an area in square metres, like "450 m²". */
    return g_strdup_printf (_("%d m²"),
                            (int) (square_meters < 1000 ? round (square_meters)
                                                        : round (square_meters / 10) * 10));
  if (square_meters < 1000000)
    {
      number = format_decimal (square_meters / 10000, 1);
      /* Translators: an area in hectares, like "1.2 ha". */
      return g_strdup_printf (_("%s ha"), number);
    }
  number = format_decimal (square_meters / 1000000, 1);
  /* Translators: an area in square kilometres, like "1.5 km²". */
  return g_strdup_printf (_("%s km²"), number);
}

char *
vt_geo_describe_coordinates (const VtGeoPoint *point)
{
  g_autofree char *lat_number = format_decimal (fabs (point->latitude), 5);
  g_autofree char *lon_number = format_decimal (fabs (point->longitude), 5);
  g_autofree char *lat = NULL;
  g_autofree char *lon = NULL;

  /* Translators: a latitude in degrees, like "12.04640° south". */
  lat = g_strdup_printf (point->latitude < 0 ? _("%s° south") : _("%s° north"), lat_number);
  /* Translators: a longitude in degrees, like "77.04280° west". */
  lon = g_strdup_printf (point->longitude < 0 ? _("%s° west") : _("%s° east"), lon_number);
  /* Translators: a place as coordinates: "latitude 12.04640° south, longitude 77.04280° west". */
  return g_strdup_printf (_("latitude %s, longitude %s"), lat, lon);
}

char *
vt_geo_describe_place (const VtGeoPoint *kiosk,
                       const VtGeoPoint *point)
{
  g_autofree char *length = NULL;
  VtGeoDirection direction;
  double meters;

  g_return_val_if_fail (point != NULL, NULL);

  if (kiosk == NULL)
    return vt_geo_describe_coordinates (point);
  meters = vt_geo_offset (kiosk, point, &direction);
  if (meters < AT_KIOSK_METERS)
    /* Translators: follows "Pin placed" and "The pin is". */
    return g_strdup (_("at this kiosk"));
  /* Past a day's walk the kiosk is no help in saying where a place is. */
  if (meters > 100000)
    return vt_geo_describe_coordinates (point);
  length = vt_geo_format_length (meters);
  /* Translators: where a place lies from the kiosk; %s is a distance like
   * "120 m".  These follow "Pin placed" and "The pin is", so begin them
   * the way your language continues those (Spanish "a 120 m al norte de
   * este quiosco"). */
  switch (direction)
    {
    case VT_GEO_NORTH:
      return g_strdup_printf (_("%s north of this kiosk"), length);
    case VT_GEO_NORTH_EAST:
      return g_strdup_printf (_("%s north-east of this kiosk"), length);
    case VT_GEO_EAST:
      return g_strdup_printf (_("%s east of this kiosk"), length);
    case VT_GEO_SOUTH_EAST:
      return g_strdup_printf (_("%s south-east of this kiosk"), length);
    case VT_GEO_SOUTH:
      return g_strdup_printf (_("%s south of this kiosk"), length);
    case VT_GEO_SOUTH_WEST:
      return g_strdup_printf (_("%s south-west of this kiosk"), length);
    case VT_GEO_WEST:
      return g_strdup_printf (_("%s west of this kiosk"), length);
    case VT_GEO_NORTH_WEST:
    default:
      return g_strdup_printf (_("%s north-west of this kiosk"), length);
    }
}

char *
vt_geo_describe_value (VtGeoKind   kind,
                       const char *stored)
{
  g_autoptr(GArray) points = NULL;
  VtGeoPoint kiosk;
  gboolean known = vt_geo_get_kiosk_location (&kiosk);

  if (stored == NULL || stored[strspn (stored, " \t\r\n")] == '\0')
    return NULL;
  points = vt_geo_parse_points (stored, NULL);
  if (points == NULL || points->len == 0)
    return NULL;

  if (kind == VT_GEO_POINT)
    {
      const VtGeoPoint *point = &g_array_index (points, VtGeoPoint, 0);
      g_autofree char *coordinates = vt_geo_describe_coordinates (point);
      g_autofree char *place = known ? vt_geo_describe_place (&kiosk, point) : NULL;

      if (place == NULL || g_str_equal (place, coordinates))
        return g_steal_pointer (&coordinates);
      /* Translators: a place, then its coordinates: "120 m north-east of
       * this kiosk (latitude 12.04640° south, longitude 77.04280° west)". */
      return g_strdup_printf (_("%s (%s)"), place, coordinates);
    }
  if (kind == VT_GEO_TRACE)
    {
      g_autofree char *length = vt_geo_format_length (vt_geo_path_length ((VtGeoPoint *) points->data,
                                                                          points->len));

      /* Translators: a line drawn on a map; %s is its length, like "1.4 km". */
      return g_strdup_printf (ngettext ("A line of %u point, %s long", "A line of %u points, %s long",
                                        points->len),
                              points->len, length);
    }
  {
    /* The last point of a shape repeats the first. */
    guint corners = points->len > 1 ? points->len - 1 : points->len;
    g_autofree char *area = vt_geo_format_area (vt_geo_area ((VtGeoPoint *) points->data, points->len));

    /* Translators: an area drawn on a map; %s is its size, like "1.2 ha". */
    return g_strdup_printf (ngettext ("An area of %2$s with %1$u corner", "An area of %2$s with %1$u corners",
                                      corners),
                            corners, area);
  }
}

/* ------------------------------------------------------------------ */
/* The kiosk's own location                                            */

G_LOCK_DEFINE_STATIC (kiosk_location);
static gboolean kiosk_location_missing_logged;
static VtGeoPoint kiosk_location;
static gboolean kiosk_location_known;

void
vt_geo_set_kiosk_location (const VtGeoPoint *point)
{
  G_LOCK (kiosk_location);
  kiosk_location_known = point != NULL;
  if (point != NULL)
    kiosk_location = *point;
  G_UNLOCK (kiosk_location);
}

char *
vt_geo_dup_kiosk_location_text (void)
{
  VtGeoPoint point;
  gboolean log_missing;

  if (vt_geo_get_kiosk_location (&point))
    return vt_geo_point_format (&point);
  G_LOCK (kiosk_location);
  log_missing = !kiosk_location_missing_logged;
  kiosk_location_missing_logged = TRUE;
  G_UNLOCK (kiosk_location);
  if (log_missing)
    g_message ("A form asks where the kiosk is (odk:setgeopoint, start-geopoint), but [kiosk] location "
               "is not set: that answer stays empty");
  return NULL;
}

gboolean
vt_geo_get_kiosk_location (VtGeoPoint *point)
{
  gboolean known;

  G_LOCK (kiosk_location);
  known = kiosk_location_known;
  if (known && point != NULL)
    *point = kiosk_location;
  G_UNLOCK (kiosk_location);
  return known;
}
