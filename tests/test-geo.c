#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "vt-geo.h"

/* The figures are the ones ODK's engines test against: ODK Web Forms'
 * packages/xpath/test/xforms/geo.test.ts (inherited from Enketo's
 * openrosa-xpath-evaluator) and JavaRosa's GeoAreaTest, GeoDistanceTest
 * and geofence tests, computed on the same sphere (6 378 100 m). */

static const char SHAPE1[] =
  "7.9377 -11.5845 0 0;7.9324 -11.5902 0 0;7.927 -11.5857 0 0;7.925 -11.578 0 0;"
  "7.9267 -11.5722 0 0;7.9325 -11.5708 0 0;7.9372 -11.5737 0 0;7.9393 -11.579 0 0;"
  "7.9377 -11.5845 0 0";
static const char TRACE1[] =
  "38.253094215699576 21.756382658677467;38.25021274773806 21.756382658677467;"
  "38.25007793942195 21.763892843919166;38.25290886154963 21.763935759263404;"
  "38.25146813817506 21.758421137528785";
static const char TRACE2[] =
  "38.25304740874071 21.75644703234866;38.25308110946615 21.763377860443143;"
  "38.25078942453431 21.763399318115262;38.25090738066984 21.756640151397733;"
  "38.25197740258244 21.75892539347842";
static const char TRACE3[] =
  "38.252845204059824 21.763313487426785;38.25303055837213 21.755867675201443;"
  "38.25072202094234 21.755803302185086;38.25062091543717 21.76294870700076;"
  "38.25183417221606 21.75692982997134";

typedef struct
{
  const char *points;
  double      area;
  double      distance;
} MeasureCase;

static const MeasureCase measure_cases[] = {
  { SHAPE1, 2333220.77, 5724.36 },
  { TRACE1, 151451.76, 1800.69 },
  { TRACE2, 122754.94, 1684.62 },
  { TRACE3, 93911.49, 2076.24 },
  { "7.9377 -11.5845 0 0;7.9324 -11.5902 0 0", 0.0, 861.99 },
  { "7.9377 -11.5845 0 0;7.9377 -11.5845 0 0", 0.0, 0.0 },
  { "0 0;0 1", 0.0, 111318.85 },
  { "0 0;0 90", 0.0, 10018696.05 },
  { "90 0;90 1", 0.0, 0.0 },
  /* JavaRosa's GeoShapeAreaTest: a closed shape with a trailing ";". */
  { "38.253094215699576 21.756382658677467 0.0 0.0; 38.25021274773806 21.756382658677467 0.0 0.0; "
    "38.25007793942195 21.763892843919166 0.0 0.0; 38.25290886154963 21.763935759263404 0.0 0.0; "
    "38.253094215699576 21.756382658677467 0.0 0.0;", 209372.61, -1 },
};

static double
two_decimals (double value)
{
  return round (value * 100) / 100;
}

static void
test_measures (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (measure_cases); i++)
    {
      const MeasureCase *c = &measure_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) points = vt_geo_parse_points (c->points, &error);

      g_assert_no_error (error);
      g_assert_nonnull (points);
      g_assert_cmpfloat (two_decimals (vt_geo_area ((VtGeoPoint *) points->data, points->len)), ==, c->area);
      if (c->distance >= 0)
        g_assert_cmpfloat (two_decimals (vt_geo_path_length ((VtGeoPoint *) points->data, points->len)),
                           ==, c->distance);
    }
}

/* JavaRosa's GeoDistanceTest: a quarter of the equator, as a node-set of
 * two points. */
static void
test_quarter_equator (void)
{
  VtGeoPoint a, b;

  g_assert_true (vt_geo_point_parse ("0 1 0.0 0.0", &a, NULL));
  g_assert_true (vt_geo_point_parse ("0 91 0.0 0.0", &b, NULL));
  g_assert_cmpfloat_with_epsilon (vt_geo_distance (&a, &b), 2 * G_PI * 6378100.0 / 4, 1e-6);
}

/* geofence(): the unit square of ODK Web Forms' and JavaRosa's tests,
 * including the points pnpoly was written to get right (below a vertex,
 * on the line of an edge). */
static void
test_contains (void)
{
  static const struct { const char *point; gboolean inside; } cases[] = {
    { "0.5 0.5 0 0", TRUE },
    { "-1 0.5 0 0", FALSE },
    { "2 0.5 0 0", FALSE },
    { "0.5 2 0 0", FALSE },
    { "0.5 -1 0 0", FALSE },
    { "-1 0 0 0", FALSE },
    { "-1 1 0 0", FALSE },
    { "0 -1 0 0", FALSE },
  };
  g_autoptr(GArray) square = vt_geo_parse_points ("0 0 0 0;0 1 0 0;1 1 0 0;1 0 0 0;0 0 0 0", NULL);
  g_autoptr(GArray) open = vt_geo_parse_points ("0 0 0 0;0 1 0 0;1 1 0 0;1 0 0 0;2 0 0 0", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      VtGeoPoint point;

      g_assert_true (vt_geo_point_parse (cases[i].point, &point, NULL));
      g_assert_cmpint (vt_geo_shape_contains ((VtGeoPoint *) square->data, square->len, &point),
                       ==, cases[i].inside);
    }

  /* A shape that does not close fences nothing. */
  {
    VtGeoPoint middle = { 0.5, 0.5, 0, 0, 2 };

    g_assert_false (vt_geo_shape_contains ((VtGeoPoint *) open->data, open->len, &middle));
  }
}

/* What the kiosk stores: ODK's text, numbers as they were given (at least
 * one decimal, no exponent), ";" between points. */
static void
test_format (void)
{
  static const struct { VtGeoKind kind; const char *in; const char *out; } cases[] = {
    { VT_GEO_POINT, "-12.0464 -77.0428", "-12.0464 -77.0428 0.0 0.0" },
    { VT_GEO_POINT, "  -12.0464   -77.0428 150 5 ", "-12.0464 -77.0428 150.0 5.0" },
    { VT_GEO_POINT, "38.253094215699576 21.756382658677467 0.0 0.0",
      "38.253094215699576 21.756382658677467 0.0 0.0" },
    { VT_GEO_POINT, "0.0001 -0 1e2", "0.0001 0.0 100.0 0.0" },
    { VT_GEO_POINT, "90 180", "90.0 180.0 0.0 0.0" },
    { VT_GEO_POINT, "-90 -180 0 0", "-90.0 -180.0 0.0 0.0" },
    { VT_GEO_TRACE, "1 2 0 0; 3 4 0 0;", "1.0 2.0 0.0 0.0;3.0 4.0 0.0 0.0" },
    { VT_GEO_TRACE, "1 2;3 4 ; 5 6 ; ;", "1.0 2.0 0.0 0.0;3.0 4.0 0.0 0.0;5.0 6.0 0.0 0.0" },
    { VT_GEO_SHAPE, "0 0;0 1;1 1;0 0", "0.0 0.0 0.0 0.0;0.0 1.0 0.0 0.0;1.0 1.0 0.0 0.0;0.0 0.0 0.0 0.0" },
    /* The spec asks for 3 points, the last the first: a degenerate shape
     * is still a shape. */
    { VT_GEO_SHAPE, "0 0;0 1;0 0", "0.0 0.0 0.0 0.0;0.0 1.0 0.0 0.0;0.0 0.0 0.0 0.0" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = vt_geo_normalize (cases[i].kind, cases[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_refused (void)
{
  static const struct { VtGeoKind kind; const char *in; int code; const char *says; } cases[] = {
    { VT_GEO_POINT, "", VT_GEO_ERROR_SYNTAX, "latitude and the longitude" },
    { VT_GEO_POINT, "-12.0464", VT_GEO_ERROR_SYNTAX, "-12.0464 -77.0428" },
    { VT_GEO_POINT, "1 2 3 4 5", VT_GEO_ERROR_SYNTAX, "“1 2 3 4 5”" },
    { VT_GEO_POINT, "north south", VT_GEO_ERROR_SYNTAX, "“north south”" },
    { VT_GEO_POINT, "nan 2", VT_GEO_ERROR_SYNTAX, "" },
    { VT_GEO_POINT, "inf 2", VT_GEO_ERROR_SYNTAX, "" },
    { VT_GEO_POINT, "0x10 2", VT_GEO_ERROR_SYNTAX, "" },
    { VT_GEO_POINT, "-12,0464 -77,0428", VT_GEO_ERROR_SYNTAX, "" },
    { VT_GEO_POINT, "90.5 0", VT_GEO_ERROR_RANGE, "latitude" },
    { VT_GEO_POINT, "5000 5000", VT_GEO_ERROR_RANGE, "-90 and 90" },
    { VT_GEO_POINT, "0 -180.01", VT_GEO_ERROR_RANGE, "-180 and 180" },
    { VT_GEO_TRACE, "1 2", VT_GEO_ERROR_SHAPE, "at least 2 points" },
    { VT_GEO_TRACE, "1 2;3 4;1 2", VT_GEO_ERROR_SHAPE, "shape" },
    { VT_GEO_TRACE, "1 2;x", VT_GEO_ERROR_SYNTAX, "point 2: " },
    { VT_GEO_SHAPE, "0 0;0 1;0 0.5", VT_GEO_ERROR_SHAPE, "repeat the first point" },
    { VT_GEO_SHAPE, "0 0;0 0", VT_GEO_ERROR_SHAPE, "at least 3 points" },
    { VT_GEO_SHAPE, "0 0;0 1;100 1;0 0", VT_GEO_ERROR_RANGE, "point 3: " },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = vt_geo_normalize (cases[i].kind, cases[i].in, &error);

      g_assert_null (out);
      g_assert_error (error, VT_GEO_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }
}

static void
test_typed (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "-12.0464, -77.0428", "-12.0464 -77.0428 0.0 0.0" },
    { "-12.0464,-77.0428", "-12.0464 -77.0428 0.0 0.0" },
    { "-12,0464 -77,0428", "-12.0464 -77.0428 0.0 0.0" },
    { "-12.0464 -77.0428 150 5", "-12.0464 -77.0428 150.0 5.0" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      VtGeoPoint point;

      g_assert_true (vt_geo_point_parse_typed (cases[i].in, &point, &error));
      g_assert_no_error (error);
      out = vt_geo_point_format (&point);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

/* "Pin placed 120 m north-east of this kiosk": distance and direction as
 * a person says them. */
static void
test_describe (void)
{
  VtGeoPoint kiosk = { -12.0464, -77.0428, 0, 0, 2 };
  /* 1 m of latitude is 1 / 111 317 degrees on this sphere. */
  double m = 180.0 / (G_PI * 6378100.0);
  double m_lon = m / cos (-12.0464 * G_PI / 180);
  static const struct { double north, east; const char *words; } cases[] = {
    { 0, 0, "at this kiosk" },
    { 3, 3, "at this kiosk" },
    { 85, 85, "120 m north-east of this kiosk" },
    { -1400, 0, "1.4 km south of this kiosk" },
    { 0, -45, "45 m west of this kiosk" },
    { 30, -30, "42 m north-west of this kiosk" },
    { -500, 500, "710 m south-east of this kiosk" },
    { 20000, 0, "20 km north of this kiosk" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      VtGeoPoint point = { kiosk.latitude + cases[i].north * m, kiosk.longitude + cases[i].east * m_lon, 0, 0, 2 };
      g_autofree char *words = vt_geo_describe_place (&kiosk, &point);

      g_assert_cmpstr (words, ==, cases[i].words);
    }

  {
    VtGeoPoint far = { 10, 20, 0, 0, 2 };
    g_autofree char *words = vt_geo_describe_place (&kiosk, &far);
    g_autofree char *alone = vt_geo_describe_place (NULL, &kiosk);

    g_assert_cmpstr (words, ==, "latitude 10.00000° north, longitude 20.00000° east");
    g_assert_cmpstr (alone, ==, "latitude 12.04640° south, longitude 77.04280° west");
  }
}

static void
test_format_measures (void)
{
  static const struct { double value; const char *length; const char *area; } cases[] = {
    { 7.4, "7 m", "7 m²" },
    { 123, "120 m", "123 m²" },
    { 4567, "4.6 km", "4570 m²" },
    { 45678, "46 km", "4.6 ha" },
    { 2333220.77, "2333 km", "2.3 km²" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *length = vt_geo_format_length (cases[i].value);
      g_autofree char *area = vt_geo_format_area (cases[i].value);

      g_assert_cmpstr (length, ==, cases[i].length);
      g_assert_cmpstr (area, ==, cases[i].area);
    }
}

static void
test_kiosk_location (void)
{
  VtGeoPoint here = { -12.0464, -77.0428, 150, 5, 4 };
  VtGeoPoint got = { 0 };

  vt_geo_set_kiosk_location (NULL);
  g_assert_false (vt_geo_get_kiosk_location (&got));
  vt_geo_set_kiosk_location (&here);
  g_assert_true (vt_geo_get_kiosk_location (&got));
  g_assert_cmpfloat (got.latitude, ==, -12.0464);
  g_assert_cmpuint (got.parts, ==, 4);
  vt_geo_set_kiosk_location (NULL);
  g_assert_false (vt_geo_get_kiosk_location (NULL));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vt/geo/measures", test_measures);
  g_test_add_func ("/vt/geo/quarter-equator", test_quarter_equator);
  g_test_add_func ("/vt/geo/contains", test_contains);
  g_test_add_func ("/vt/geo/format", test_format);
  g_test_add_func ("/vt/geo/refused", test_refused);
  g_test_add_func ("/vt/geo/typed", test_typed);
  g_test_add_func ("/vt/geo/describe", test_describe);
  g_test_add_func ("/vt/geo/format-measures", test_format_measures);
  g_test_add_func ("/vt/geo/kiosk-location", test_kiosk_location);

  return g_test_run ();
}
