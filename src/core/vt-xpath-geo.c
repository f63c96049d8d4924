/* ODK's geography in XPath: distance(), area() and geofence() over
 * geopoint, geotrace and geoshape values (vt-geo.c computes). */
#define G_LOG_DOMAIN "vt-xpath"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vt-geo.h"
#include "vt-xpath-private.h"

/* ------------------------------------------------------------------ */
/* Geography (vt-geo.c computes; these read the arguments as ODK Web
 * Forms does and round to the centimetre as it does)                   */

/* Every argument's strings, node-sets flattened. */
static GPtrArray *
geo_texts (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < call->args->len; i++)
    if (!vt_xpath_arg_strings (call, i, frame, texts, error))
      return NULL;
  return g_steal_pointer (&texts);
}

static double
centimetres (double value)
{
  return round (value * 100) / 100 + 0.0;
}

/* distance(): a node-set of geopoints, one geotrace or geoshape, or 2 or
 * more geopoints as arguments.  A value that is not a place is an error
 * (JavaRosa and Web Forms agree); an empty one adds nothing. */
VtXPathResult
vt_xpath_fn_distance (Ast          *call,
                      VtXPathFrame *frame,
                      GError      **error)
{
  g_autoptr(GPtrArray) texts = geo_texts (call, frame, error);
  g_autoptr(GArray) points = NULL;

  if (texts == NULL)
    return NULL;
  /* Not vt-geo's message, which quotes the value: an answer never goes
   * into a log. */
  points = vt_geo_points_from_values ((const char * const *) texts->pdata, texts->len, NULL);
  if (points == NULL)
    return vt_xpath_call_error (error, call, _("a value is not a geopoint (latitude longitude [altitude accuracy])"));
  return vt_xpath_value_new_number (centimetres (vt_geo_path_length ((VtGeoPoint *) points->data,
                                                                     points->len)));
}

/* area(): a node-set of geopoints or one geoshape; what is not a shape
 * has no area (0, as Web Forms answers). */
VtXPathResult
vt_xpath_fn_area (Ast          *call,
                  VtXPathFrame *frame,
                  GError      **error)
{
  g_autoptr(GPtrArray) texts = geo_texts (call, frame, error);
  g_autoptr(GArray) points = NULL;

  if (texts == NULL)
    return NULL;
  points = vt_geo_points_from_values ((const char * const *) texts->pdata, texts->len, NULL);
  if (points == NULL)
    return vt_xpath_value_new_number (0);
  return vt_xpath_value_new_number (centimetres (vt_geo_area ((VtGeoPoint *) points->data, points->len)));
}

/* geofence(point, shape): not in the XForms spec's table, but JavaRosa
 * and ODK Web Forms have it (forms built for Collect use it in
 * constraints): is the point inside the closed shape?  Anything that is
 * not a point and a closed shape is false. */
VtXPathResult
vt_xpath_fn_geofence (Ast          *call,
                      VtXPathFrame *frame,
                      GError      **error)
{
  g_autoptr(GPtrArray) point_texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) shape_texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) shape = NULL;
  VtGeoPoint point;

  if (!vt_xpath_arg_strings (call, 0, frame, point_texts, error) || !vt_xpath_arg_strings (call, 1, frame, shape_texts, error))
    return NULL;
  if (point_texts->len == 0 || shape_texts->len == 0 ||
      !vt_geo_point_parse (point_texts->pdata[0], &point, NULL))
    return vt_xpath_value_new_boolean (FALSE);
  shape = vt_geo_parse_points (shape_texts->pdata[0], NULL);
  return vt_xpath_value_new_boolean (shape != NULL &&
                                     vt_geo_shape_contains ((VtGeoPoint *) shape->data, shape->len, &point));
}
