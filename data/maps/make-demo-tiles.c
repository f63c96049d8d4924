/* Draws the demo map (data/maps/demo-town.txt) with cairo into an
 * MBTiles file: a synthetic town, labelled as a demo on every tile, so
 * that the demo services show a map without any tile from the network.
 *   make-demo-tiles TOWN.txt OUT.mbtiles MINZOOM MAXZOOM RADIUS_METRES */
#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TILE 256

typedef struct
{
  char   *kind;
  char   *name;
  GArray *points;                  /* double pairs: metres east, north */
} Feature;

static double centre_lat, centre_lon;

static double
lon_of (double east)
{
  return centre_lon + east / (111320.0 * cos (centre_lat * G_PI / 180));
}

static double
lat_of (double north)
{
  return centre_lat + north / 111320.0;
}

/* Web Mercator's global pixel of a place at zoom z. */
static void
to_pixel (double lat, double lon, int z, double *x, double *y)
{
  double n = TILE * (double) (1 << z);
  double phi = lat * G_PI / 180;

  *x = (lon + 180) / 360 * n;
  *y = (1 - log (tan (phi) + 1 / cos (phi)) / G_PI) / 2 * n;
}

static GPtrArray *
read_town (const char *path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *features = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("%s", error->message);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *q1, *q2;
      Feature *f;
      g_auto(GStrv) pts = NULL;

      if (line[0] == '\0' || line[0] == '#')
        continue;
      if (g_str_has_prefix (line, "centre "))
        {
          if (sscanf (line + 7, "%lf %lf", &centre_lat, &centre_lon) != 2)
            g_error ("%s:%u: centre LAT LON", path, i + 1);
          continue;
        }
      q1 = strchr (line, '"');
      q2 = q1 != NULL ? strchr (q1 + 1, '"') : NULL;
      if (q2 == NULL)
        g_error ("%s:%u: KIND \"NAME\" POINTS", path, i + 1);
      f = g_new0 (Feature, 1);
      f->kind = g_strstrip (g_strndup (line, q1 - line));
      f->name = g_strndup (q1 + 1, q2 - q1 - 1);
      f->points = g_array_new (FALSE, FALSE, sizeof (double));
      pts = g_strsplit (g_strstrip (q2 + 1), " ", -1);
      for (guint p = 0; pts[p] != NULL; p++)
        {
          double e, n;

          if (pts[p][0] == '\0')
            continue;
          if (sscanf (pts[p], "%lf,%lf", &e, &n) != 2)
            g_error ("%s:%u: point %s", path, i + 1, pts[p]);
          g_array_append_val (f->points, e);
          g_array_append_val (f->points, n);
        }
      g_ptr_array_add (features, f);
    }
  return features;
}

static void
trace (cairo_t *cr, Feature *f, int z, gboolean close)
{
  for (guint i = 0; i + 1 < f->points->len; i += 2)
    {
      double x, y;

      to_pixel (lat_of (g_array_index (f->points, double, i + 1)),
                lon_of (g_array_index (f->points, double, i)), z, &x, &y);
      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  if (close)
    cairo_close_path (cr);
}

/* A street's name along its first stretch, near its middle. */
static void
label_line (cairo_t *cr, Feature *f, int z, double size)
{
  double x0, y0, x1, y1, angle;
  guint n = f->points->len / 2;
  guint k = (n - 1) / 2;
  cairo_text_extents_t ext;

  to_pixel (lat_of (g_array_index (f->points, double, 2 * k + 1)),
            lon_of (g_array_index (f->points, double, 2 * k)), z, &x0, &y0);
  to_pixel (lat_of (g_array_index (f->points, double, 2 * k + 3)),
            lon_of (g_array_index (f->points, double, 2 * k + 2)), z, &x1, &y1);
  angle = atan2 (y1 - y0, x1 - x0);
  if (angle > G_PI / 2 || angle < -G_PI / 2)
    angle += G_PI;
  cairo_save (cr);
  cairo_set_font_size (cr, size);
  cairo_text_extents (cr, f->name, &ext);
  /* Two labels on a long stretch, a third and two thirds along; one in
   * the middle of a short one. */
  for (int part = 1; part <= 2; part++)
    {
      gboolean long_stretch = hypot (x1 - x0, y1 - y0) > 3 * ext.width;
      double t = long_stretch ? part / 3.0 : 0.5;

      if (!long_stretch && part == 2)
        break;

      cairo_save (cr);
      cairo_translate (cr, x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
      cairo_rotate (cr, angle);
      cairo_move_to (cr, -ext.width / 2, ext.height / 2 - 1);
      cairo_text_path (cr, f->name);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_set_line_width (cr, 3);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      cairo_fill (cr);
      cairo_restore (cr);
    }
  cairo_restore (cr);
}

static void
label_area (cairo_t *cr, Feature *f, int z, double size)
{
  double sx = 0, sy = 0, x, y;
  guint n = f->points->len / 2;
  cairo_text_extents_t ext;

  for (guint i = 0; i < n; i++)
    {
      to_pixel (lat_of (g_array_index (f->points, double, 2 * i + 1)),
                lon_of (g_array_index (f->points, double, 2 * i)), z, &x, &y);
      sx += x;
      sy += y;
    }
  cairo_set_font_size (cr, size);
  cairo_text_extents (cr, f->name, &ext);
  cairo_move_to (cr, sx / n - ext.width / 2, sy / n + ext.height / 2);
  cairo_text_path (cr, f->name);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 3);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_fill (cr);
}

static void
draw_tile (cairo_t *cr, GPtrArray *features, int z, int tx, int ty)
{
  double scale = pow (2, z - 16);      /* widths are for zoom 16 */
  const char *passes[] = { "water", "park", "block", "casing", "street", "main", "labels", NULL };

  cairo_set_source_rgb (cr, 0.96, 0.94, 0.89);
  cairo_paint (cr);
  cairo_save (cr);
  cairo_translate (cr, -tx * TILE, -ty * TILE);
  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  for (guint p = 0; passes[p] != NULL; p++)
    for (guint i = 0; i < features->len; i++)
      {
        Feature *f = g_ptr_array_index (features, i);
        gboolean road = g_str_equal (f->kind, "street") || g_str_equal (f->kind, "main");
        double width = (g_str_equal (f->kind, "main") ? 14 : 9) * scale;

        if (g_str_equal (passes[p], "water") && g_str_equal (f->kind, "water"))
          {
            trace (cr, f, z, FALSE);
            cairo_set_source_rgb (cr, 0.55, 0.75, 0.92);
            cairo_set_line_width (cr, 40 * scale);
            cairo_stroke (cr);
          }
        else if (g_str_equal (passes[p], "park") && g_str_equal (f->kind, "park"))
          {
            trace (cr, f, z, TRUE);
            cairo_set_source_rgb (cr, 0.68, 0.85, 0.6);
            cairo_fill (cr);
          }
        else if (g_str_equal (passes[p], "block") && g_str_equal (f->kind, "block"))
          {
            trace (cr, f, z, TRUE);
            cairo_set_source_rgb (cr, 0.85, 0.78, 0.72);
            cairo_fill_preserve (cr);
            cairo_set_source_rgb (cr, 0.6, 0.5, 0.45);
            cairo_set_line_width (cr, 1);
            cairo_stroke (cr);
          }
        else if (g_str_equal (passes[p], "casing") && road)
          {
            trace (cr, f, z, FALSE);
            cairo_set_source_rgb (cr, 0.62, 0.6, 0.56);
            cairo_set_line_width (cr, width + 2);
            cairo_stroke (cr);
          }
        else if (g_str_equal (passes[p], f->kind) && road)
          {
            trace (cr, f, z, FALSE);
            if (g_str_equal (f->kind, "main"))
              cairo_set_source_rgb (cr, 1, 0.9, 0.6);
            else
              cairo_set_source_rgb (cr, 1, 1, 1);
            cairo_set_line_width (cr, width);
            cairo_stroke (cr);
          }
        else if (g_str_equal (passes[p], "labels") && z >= 15)
          {
            double size = z >= 17 ? 15 : z == 16 ? 12 : 10;

            if (road && z >= 16)
              label_line (cr, f, z, size);
            else if (g_str_equal (f->kind, "water") && z >= 16)
              label_line (cr, f, z, size + 1);
            else if (g_str_equal (f->kind, "park") || g_str_equal (f->kind, "block") ||
                     g_str_equal (f->kind, "label"))
              label_area (cr, f, z, size);
          }
      }
  cairo_restore (cr);

  /* Every tile says it: this is not a real map. */
  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_ITALIC, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 10);
  cairo_set_source_rgba (cr, 0.45, 0.2, 0.2, 0.5);
  cairo_move_to (cr, 8, 16);
  cairo_show_text (cr, "MAPA DE DEMOSTRACIÓN, lugar inventado");
  cairo_move_to (cr, 8, 28);
  cairo_show_text (cr, "DEMO MAP, not a real place");
}

static cairo_status_t
append_png (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
exec (sqlite3 *db, const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GPtrArray) features = NULL;
  g_autofree char *tmp = NULL;
  sqlite3 *db;
  sqlite3_stmt *insert, *meta;
  int min_zoom, max_zoom;
  double radius, west, east, south, north;
  g_autofree char *bounds = NULL;
  g_autofree char *center = NULL;

  if (argc != 6)
    {
      g_printerr ("usage: %s TOWN.txt OUT.mbtiles MINZOOM MAXZOOM RADIUS_METRES\n", argv[0]);
      return 2;
    }
  features = read_town (argv[1]);
  min_zoom = atoi (argv[3]);
  max_zoom = atoi (argv[4]);
  radius = g_ascii_strtod (argv[5], NULL);
  west = lon_of (-radius);
  east = lon_of (radius);
  south = lat_of (-radius);
  north = lat_of (radius);

  tmp = g_strconcat (argv[2], ".tmp", NULL);
  g_remove (tmp);
  if (sqlite3_open (tmp, &db) != SQLITE_OK)
    g_error ("%s: %s", tmp, sqlite3_errmsg (db));
  exec (db, "PRAGMA journal_mode=OFF; BEGIN;"
            "CREATE TABLE metadata (name TEXT, value TEXT);"
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);"
            "CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);");

  sqlite3_prepare_v2 (db, "INSERT INTO metadata VALUES (?, ?)", -1, &meta, NULL);
  bounds = g_strdup_printf ("%.6f,%.6f,%.6f,%.6f", west, south, east, north);
  center = g_strdup_printf ("%.6f,%.6f,16", centre_lon, centre_lat);
  {
    g_autofree char *minz = g_strdup_printf ("%d", min_zoom);
    g_autofree char *maxz = g_strdup_printf ("%d", max_zoom);
    const char *rows[][2] = {
      { "name", "Ventanilla demo town (synthetic)" },
      { "format", "png" },
      { "type", "baselayer" },
      { "version", "1" },
      { "description", "A made-up town drawn by Ventanilla's build for its demo services; not a real place." },
      { "attribution", "Synthetic demo map, not a real place" },
      { "bounds", bounds },
      { "center", center },
      { "minzoom", minz },
      { "maxzoom", maxz },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        sqlite3_bind_text (meta, 1, rows[i][0], -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (meta, 2, rows[i][1], -1, SQLITE_TRANSIENT);
        if (sqlite3_step (meta) != SQLITE_DONE)
          g_error ("metadata: %s", sqlite3_errmsg (db));
        sqlite3_reset (meta);
      }
  }
  sqlite3_finalize (meta);

  sqlite3_prepare_v2 (db, "INSERT INTO tiles VALUES (?, ?, ?, ?)", -1, &insert, NULL);
  for (int z = min_zoom; z <= max_zoom; z++)
    {
      double x0, y0, x1, y1;

      to_pixel (north, west, z, &x0, &y0);
      to_pixel (south, east, z, &x1, &y1);
      for (int tx = (int) floor (x0 / TILE); tx <= (int) floor (x1 / TILE); tx++)
        for (int ty = (int) floor (y0 / TILE); ty <= (int) floor (y1 / TILE); ty++)
          {
            cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, TILE, TILE);
            cairo_t *cr = cairo_create (surface);
            g_autoptr(GByteArray) png = g_byte_array_new ();

            draw_tile (cr, features, z, tx, ty);
            cairo_destroy (cr);
            cairo_surface_write_to_png_stream (surface, append_png, png);
            cairo_surface_destroy (surface);

            sqlite3_bind_int (insert, 1, z);
            sqlite3_bind_int (insert, 2, tx);
            sqlite3_bind_int (insert, 3, (1 << z) - 1 - ty);     /* TMS rows */
            sqlite3_bind_blob (insert, 4, png->data, (int) png->len, SQLITE_TRANSIENT);
            if (sqlite3_step (insert) != SQLITE_DONE)
              g_error ("tile: %s", sqlite3_errmsg (db));
            sqlite3_reset (insert);
          }
    }
  sqlite3_finalize (insert);
  exec (db, "COMMIT;");
  sqlite3_close (db);
  if (g_rename (tmp, argv[2]) != 0)
    g_error ("cannot rename %s", tmp);

  for (guint i = 0; i < features->len; i++)
    {
      Feature *f = g_ptr_array_index (features, i);

      g_free (f->kind);
      g_free (f->name);
      g_array_unref (f->points);
      g_free (f);
    }
  return 0;
}
