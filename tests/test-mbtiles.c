/* MBTiles files for the offline map (issue 20): a good file opens and
 * gives its tiles in the map's numbering; a missing file, a file that is
 * not SQLite, a database that is not MBTiles, vector tiles, a file with no
 * tiles and one whose tiles are not what it says each give a message that
 * names the file and the fix; the configuration names the key, and form
 * check says how location questions will be drawn. */
#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vt-config.h"
#include "vt-mbtiles.h"
#include "vt-test-utils.h"

static char *dir;

static char *
demo_map (void)
{
  return g_build_filename (BUILD_ROOT, "data", "demo-town.mbtiles", NULL);
}

/* A database made by sql, at dir/name. */
static char *
make_db (const char *name,
         const char *sql)
{
  char *path = g_build_filename (dir, name, NULL);
  sqlite3 *db = NULL;
  char *message = NULL;

  g_remove (path);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
  return path;
}

static void
assert_refused (const char    *path,
                VtMbtilesError code,
                const char    *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtMbtiles) tiles = vt_mbtiles_open (path, &error);

  g_assert_null (tiles);
  g_assert_error (error, VT_MBTILES_ERROR, (int) code);
  g_assert_nonnull (strstr (error->message, path));
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
}

#define TABLES "CREATE TABLE metadata (name TEXT, value TEXT);" \
               "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);"

static void
test_refused (void)
{
  g_autofree char *missing = g_build_filename (dir, "nowhere.mbtiles", NULL);
  g_autofree char *html = vt_test_write_file (dir, "html.mbtiles", "<html><body>404 Not Found</body></html>\n");
  g_autofree char *other = make_db ("other.mbtiles", "CREATE TABLE people (name TEXT);");
  g_autofree char *no_tiles_table = make_db ("meta-only.mbtiles", "CREATE TABLE metadata (name TEXT, value TEXT);");
  g_autofree char *vector = make_db ("vector.mbtiles", TABLES
                                     "INSERT INTO metadata VALUES ('format', 'pbf');"
                                     "INSERT INTO tiles VALUES (14, 1, 1, x'1f8b0800');");
  g_autofree char *empty = make_db ("empty.mbtiles", TABLES "INSERT INTO metadata VALUES ('format', 'png');");
  g_autofree char *liar = make_db ("liar.mbtiles", TABLES
                                   "INSERT INTO metadata VALUES ('format', 'png');"
                                   "INSERT INTO tiles VALUES (14, 1, 1, x'ffd8ffe000104a464946');");
  g_autofree char *junk = make_db ("junk.mbtiles", TABLES
                                   "INSERT INTO tiles VALUES (14, 1, 1, x'00010203040506070809');");

  assert_refused (missing, VT_MBTILES_ERROR_MISSING, "does not exist");
  assert_refused (html, VT_MBTILES_ERROR_NOT_SQLITE, "is not an SQLite database");
  assert_refused (other, VT_MBTILES_ERROR_NOT_MBTILES, "no metadata table");
  assert_refused (no_tiles_table, VT_MBTILES_ERROR_NOT_MBTILES, "no tiles table");
  assert_refused (vector, VT_MBTILES_ERROR_FORMAT, "“pbf”");
  assert_refused (empty, VT_MBTILES_ERROR_EMPTY, "holds no tiles");
  assert_refused (liar, VT_MBTILES_ERROR_FORMAT, "says its tiles are png but they are jpg");
  assert_refused (junk, VT_MBTILES_ERROR_FORMAT, "not PNG or JPEG");
}

/* The tile under the demo kiosk, numbered as map widgets number tiles. */
static void
test_demo_map (void)
{
  g_autofree char *path = demo_map ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VtMbtiles) tiles = vt_mbtiles_open (path, &error);
  g_autoptr(GBytes) tile = NULL;
  double lat = -12.0464, lon = -77.0428, n = 1 << 16, phi = lat * G_PI / 180;
  guint x = (guint) floor ((lon + 180) / 360 * n);
  guint y = (guint) floor ((1 - log (tan (phi) + 1 / cos (phi)) / G_PI) / 2 * n);
  double west, south, east, north;

  g_assert_no_error (error);
  g_assert_cmpstr (vt_mbtiles_get_format (tiles), ==, "png");
  g_assert_cmpuint (vt_mbtiles_get_min_zoom (tiles), ==, 13);
  g_assert_cmpuint (vt_mbtiles_get_max_zoom (tiles), ==, 17);
  g_assert_cmpuint (vt_mbtiles_get_default_zoom (tiles), ==, 16);
  g_assert_nonnull (strstr (vt_mbtiles_get_attribution (tiles), "not a real place"));
  g_assert_true (vt_mbtiles_contains (tiles, lat, lon));
  g_assert_false (vt_mbtiles_contains (tiles, -13.5, -71.9));
  vt_mbtiles_get_bounds (tiles, &west, &south, &east, &north);
  g_assert_cmpfloat (west, <, lon);
  g_assert_cmpfloat (east, >, lon);

  tile = vt_mbtiles_read_tile (tiles, 16, x, y, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (tile, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
  /* The TMS row of the same tile is a tile of the far north: not there. */
  g_clear_pointer (&tile, g_bytes_unref);
  tile = vt_mbtiles_read_tile (tiles, 16, x, (1u << 16) - 1 - y, &error);
  g_assert_null (tile);
  g_assert_error (error, VT_MBTILES_ERROR, VT_MBTILES_ERROR_NO_TILE);
}

/* [kiosk] map-tiles that does not open: the kiosk starts, the warning
 * names the file's line and the key. */
static void
test_config (void)
{
  g_autofree char *missing = g_build_filename (dir, "nowhere.mbtiles", NULL);
  g_autofree char *text = g_strdup_printf ("[kiosk]\nlocation=-12.0464 -77.0428\nmap-tiles=%s\n", missing);
  g_autofree char *good_text = NULL;
  g_autofree char *path = demo_map ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) config = vt_config_load_from_data (text, -1, "k.conf", &error);
  g_autoptr(VtConfig) good = NULL;
  g_autoptr(VtConfig) copy = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (config->map_tiles, ==, missing);
  g_assert_cmpuint (config->warnings->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (config->warnings, 0), "k.conf:3: [kiosk] map-tiles: the map file"));
  g_assert_nonnull (strstr (g_ptr_array_index (config->warnings, 0), "shown without a map"));

  good_text = g_strdup_printf ("[kiosk]\nmap-tiles=%s\n", path);
  good = vt_config_load_from_data (good_text, -1, "k.conf", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (good->warnings->len, ==, 0);
  copy = vt_config_copy (good);
  g_assert_cmpstr (copy->map_tiles, ==, path);
}

/* form check draws location questions as the configured kiosk would: a
 * map, no warning; without one, or with a broken file, the warning. */
static void
test_form_check (void)
{
  g_autofree char *form = g_build_filename (vt_test_source_root (), "data", "forms", "street_problem.xml", NULL);
  g_autofree char *path = demo_map ();
  g_autofree char *good_text = g_strdup_printf ("[kiosk]\nmap-tiles=%s\n", path);
  g_autofree char *good = vt_test_write_file (dir, "good.conf", good_text);
  g_autofree char *html = vt_test_write_file (dir, "page.mbtiles", "<html></html>\n");
  g_autofree char *bad_text = g_strdup_printf ("[kiosk]\nmap-tiles=%s\n", html);
  g_autofree char *bad = vt_test_write_file (dir, "bad.conf", bad_text);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *warning = "/data/place/location: a location question is shown as a text field for the coordinates";

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--config", good, "form", "check", form, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "OK street_problem "));
  g_assert_null (strstr (out, warning));
  g_assert_null (strstr (err, "map-tiles"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--config", bad, "form", "check", form, NULL), ==, 0);
  g_assert_nonnull (strstr (out, warning));
  g_assert_nonnull (strstr (err, "[kiosk] map-tiles: "));
  g_assert_nonnull (strstr (err, "is not an SQLite database"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* config show says it too. */
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--config", bad, "config", "show", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "map-tiles="));
  g_assert_nonnull (strstr (err, "is not an SQLite database"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = vt_test_make_tmpdir ("mbtiles");
  g_test_add_func ("/vt/mbtiles/refused", test_refused);
  g_test_add_func ("/vt/mbtiles/demo-map", test_demo_map);
  g_test_add_func ("/vt/mbtiles/config", test_config);
  g_test_add_func ("/vt/mbtiles/form-check", test_form_check);
  status = g_test_run ();
  vt_test_rmdir_recursive (dir);
  g_free (dir);
  return status;
}
