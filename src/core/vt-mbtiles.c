/* An MBTiles file of map tiles, read with SQLite, read-only (issue 20).
 * The kiosk never fetches a tile from the network: what is not in the
 * file is not drawn. */
#define G_LOG_DOMAIN "vt-mbtiles"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "vt-mbtiles.h"

G_DEFINE_QUARK (vt-mbtiles-error-quark, vt_mbtiles_error)

/* A tile larger than this is not a map tile (256 px PNGs are 5-50 kB). */
#define MAX_TILE_BYTES (4 * 1024 * 1024)
/* Web Mercator's latitude limit. */
#define MAX_LATITUDE 85.0511287798

struct _VtMbtiles
{
  char         *path;
  sqlite3      *db;
  GMutex        lock;              /* the statement, shared by the map's reader threads */
  sqlite3_stmt *tile_stmt;
  char         *name;
  char         *attribution;
  char         *format;
  guint         min_zoom;
  guint         max_zoom;
  guint         center_zoom;       /* 0: none given */
  double        west, south, east, north;
};

static void
clear (VtMbtiles *self)
{
  g_clear_pointer (&self->tile_stmt, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
  g_mutex_clear (&self->lock);
  g_free (self->path);
  g_free (self->name);
  g_free (self->attribution);
  g_free (self->format);
}

VtMbtiles *
vt_mbtiles_ref (VtMbtiles *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
vt_mbtiles_unref (VtMbtiles *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, (GDestroyNotify) clear);
}

static double
tile_longitude (double x,
                guint  zoom)
{
  return x / (double) (1u << zoom) * 360.0 - 180.0;
}

static double
tile_latitude (double y,
               guint  zoom)
{
  double n = G_PI - 2.0 * G_PI * y / (double) (1u << zoom);

  return 180.0 / G_PI * atan (0.5 * (exp (n) - exp (-n)));
}

/* What the first bytes of an image say it is. */
static const char *
sniff_format (const guint8 *data,
              gsize         size)
{
  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "png";
  if (size >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
    return "jpg";
  if (size >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return "webp";
  if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b)
    return "pbf";
  return NULL;
}

static gboolean
read_metadata (VtMbtiles  *self,
               GError    **error)
{
  g_autofree char *bounds = NULL;
  g_autofree char *center = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT name, value FROM metadata", -1, &stmt, NULL);
  if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
    {
      g_set_error (error, VT_MBTILES_ERROR, VT_MBTILES_ERROR_NOT_SQLITE,
                   _("%s is not an SQLite database, so not an MBTiles file: copy the .mbtiles file itself, "
                     "whole (docs/MAPS.md says how to make one)"),
                   self->path);
      return FALSE;
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, VT_MBTILES_ERROR, VT_MBTILES_ERROR_NOT_MBTILES,
                   _("%s is an SQLite database but not an MBTiles file: it has no metadata table (%s)"),
                   self->path, sqlite3_errmsg (self->db));
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      const char *value = (const char *) sqlite3_column_text (stmt, 1);

      if (name == NULL || value == NULL)
        continue;
      if (g_str_equal (name, "name") && self->name == NULL)
        self->name = g_strdup (value);
      else if (g_str_equal (name, "attribution") && self->attribution == NULL)
        self->attribution = g_strdup (value);
      else if (g_str_equal (name, "format") && self->format == NULL)
        self->format = g_ascii_strdown (value, -1);
      else if (g_str_equal (name, "bounds") && bounds == NULL)
        bounds = g_strdup (value);
      else if (g_str_equal (name, "center") && center == NULL)
        center = g_strdup (value);
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
    {
      g_set_error (error, VT_MBTILES_ERROR, VT_MBTILES_ERROR_NOT_SQLITE,
                   _("%s is damaged: SQLite cannot read it (%s); copy the file again"),
                   self->path, sqlite3_errmsg (self->db));
      return FALSE;
    }

  if (self->format != NULL && g_str_equal (self->format, "jpeg"))
    {
      g_free (self->format);
      self->format = g_strdup ("jpg");
    }
  if (self->format != NULL && !g_str_equal (self->format, "png") && !g_str_equal (self->format, "jpg"))
    {
      g_set_error (error, VT_MBTILES_ERROR, VT_MBTILES_ERROR_FORMAT,
                   _("%s holds tiles of format “%s”; the kiosk draws raster tiles of format png or jpg "
                     "(vector tiles, pbf, must be rendered to png first: docs/MAPS.md)"),
                   self->path, self->format);
      return FALSE;
    }

  if (bounds != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (bounds, ",", -1);
      double v[4];
      guint n = 0;

      for (; parts[n] != NULL && n < 4; n++)
        {
          char *end = NULL;

          v[n] = g_ascii_strtod (g_strstrip (parts[n]), &end);
          if (end == parts[n] || *end != '\0' || !isfinite (v[n]))
            break;
        }
      if (n == 4 && parts[4] == NULL && v[0] < v[2] && v[1] < v[3] &&
          v[0] >= -180 && v[2] <= 180 && v[1] >= -90 && v[3] <= 90)
        {
          self->west = v[0];
          self->south = v[1];
          self->east = v[2];
          self->north = v[3];
        }
      else
        g_message ("%s: metadata bounds “%s” is not west,south,east,north; using the tiles' extent",
                   self->path, bounds);
    }
  if (center != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (center, ",", -1);
      guint64 zoom;

      if (g_strv_length (parts) == 3 &&
          g_ascii_string_to_unsigned (g_strstrip (parts[2]), 10, 0, 30, &zoom, NULL))
        self->center_zoom = (guint) zoom;
    }
  return TRUE;
}

static gboolean
read_tiles_extent (VtMbtiles  *self,
                   GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT min(zoom_level), max(zoom_level), count(*) FROM "
                           "(SELECT zoom_level FROM tiles LIMIT 1000000)", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, VT_MBTILES_ERROR, VT_MBTILES_ERROR_NOT_MBTILES,
                   _("%s is an SQLite database but not an MBTiles file: it has no tiles table "
                     "with zoom_level, tile_column, tile_row and tile_data (%s)"),
                   self->path, sqlite3_errmsg (self->db));
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW || sqlite3_column_int64 (stmt, 2) == 0)
    {
      sqlite3_finalize (stmt);
      g_set_error (error, VT_MBTILES_ERROR, VT_MBTILES_ERROR_EMPTY,
                   _("%s holds no tiles: make it again for the kiosk's area (docs/MAPS.md)"), self->path);
      return FALSE;
    }
  self->min_zoom = (guint) CLAMP (sqlite3_column_int (stmt, 0), 0, 24);
  self->max_zoom = (guint) CLAMP (sqlite3_column_int (stmt, 1), (int) self->min_zoom, 24);
  sqlite3_finalize (stmt);

  if (self->west == self->east)
    {
      rc = sqlite3_prepare_v2 (self->db, "SELECT min(tile_column), max(tile_column), min(tile_row), max(tile_row) "
                               "FROM tiles WHERE zoom_level = ?", -1, &stmt, NULL);
      g_assert (rc == SQLITE_OK);
      sqlite3_bind_int (stmt, 1, (int) self->max_zoom);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          guint z = self->max_zoom;
          double rows = (double) (1u << z);

          self->west = tile_longitude (sqlite3_column_int (stmt, 0), z);
          self->east = tile_longitude (sqlite3_column_int (stmt, 1) + 1, z);
          /* TMS rows count from the south. */
          self->north = tile_latitude (rows - 1 - sqlite3_column_int (stmt, 3), z);
          self->south = tile_latitude (rows - sqlite3_column_int (stmt, 2), z);
        }
      sqlite3_finalize (stmt);
    }

  rc = sqlite3_prepare_v2 (self->db, "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? "
                           "AND tile_row = ?", -1, &self->tile_stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, VT_MBTILES_ERROR, VT_MBTILES_ERROR_NOT_MBTILES,
                   _("%s is an SQLite database but not an MBTiles file: it has no tiles table "
                     "with zoom_level, tile_column, tile_row and tile_data (%s)"),
                   self->path, sqlite3_errmsg (self->db));
      return FALSE;
    }
  return TRUE;
}

/* One tile's bytes tell what the file really holds, whatever its
 * metadata says. */
static gboolean
check_first_tile (VtMbtiles  *self,
                  GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  const char *sniffed = NULL;

  if (sqlite3_prepare_v2 (self->db, "SELECT tile_data FROM tiles LIMIT 1", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    sniffed = sniff_format (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
  sqlite3_finalize (stmt);

  if (sniffed == NULL || (!g_str_equal (sniffed, "png") && !g_str_equal (sniffed, "jpg")))
    {
      g_set_error (error, VT_MBTILES_ERROR, VT_MBTILES_ERROR_FORMAT,
                   _("%s holds tiles that are not PNG or JPEG images (%s); the kiosk draws raster tiles "
                     "of format png or jpg (docs/MAPS.md)"),
                   self->path, sniffed != NULL ? sniffed : _("unknown data"));
      return FALSE;
    }
  if (self->format == NULL)
    self->format = g_strdup (sniffed);
  else if (!g_str_equal (self->format, sniffed))
    {
      g_set_error (error, VT_MBTILES_ERROR, VT_MBTILES_ERROR_FORMAT,
                   _("%s says its tiles are %s but they are %s: fix the metadata's format"),
                   self->path, self->format, sniffed);
      return FALSE;
    }
  return TRUE;
}

VtMbtiles *
vt_mbtiles_open (const char  *path,
                 GError     **error)
{
  g_autoptr(VtMbtiles) self = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *uri = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, VT_MBTILES_ERROR, VT_MBTILES_ERROR_MISSING,
                   _("the map file %s does not exist: copy the municipality's .mbtiles file there, "
                     "or change [kiosk] map-tiles"),
                   path);
      return NULL;
    }

  self = g_atomic_rc_box_new0 (VtMbtiles);
  g_mutex_init (&self->lock);
  self->path = g_strdup (path);
  /* Read-only and immutable: SQLite takes no lock and writes no journal
   * next to a file IT may have copied onto a read-only partition. */
  escaped = g_uri_escape_string (path, "/", FALSE);
  uri = g_strdup_printf ("file:%s?mode=ro&immutable=1", escaped);
  rc = sqlite3_open_v2 (uri, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, VT_MBTILES_ERROR, VT_MBTILES_ERROR_MISSING,
                   _("the map file %s cannot be opened: %s"), path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  if (!read_metadata (self, error) || !read_tiles_extent (self, error) || !check_first_tile (self, error))
    return NULL;

  if (self->name == NULL)
    self->name = g_path_get_basename (path);
  self->north = MIN (self->north, MAX_LATITUDE);
  self->south = MAX (self->south, -MAX_LATITUDE);
  return g_steal_pointer (&self);
}

const char *
vt_mbtiles_get_path (VtMbtiles *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

const char *
vt_mbtiles_get_name (VtMbtiles *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

const char *
vt_mbtiles_get_attribution (VtMbtiles *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->attribution;
}

const char *
vt_mbtiles_get_format (VtMbtiles *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->format;
}

guint
vt_mbtiles_get_min_zoom (VtMbtiles *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->min_zoom;
}

guint
vt_mbtiles_get_max_zoom (VtMbtiles *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->max_zoom;
}

void
vt_mbtiles_get_bounds (VtMbtiles *self,
                       double    *west,
                       double    *south,
                       double    *east,
                       double    *north)
{
  g_return_if_fail (self != NULL);
  *west = self->west;
  *south = self->south;
  *east = self->east;
  *north = self->north;
}

gboolean
vt_mbtiles_contains (VtMbtiles *self,
                     double     latitude,
                     double     longitude)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return latitude >= self->south && latitude <= self->north &&
         longitude >= self->west && longitude <= self->east;
}

guint
vt_mbtiles_get_default_zoom (VtMbtiles *self)
{
  g_return_val_if_fail (self != NULL, 0);
  if (self->center_zoom >= self->min_zoom && self->center_zoom <= self->max_zoom && self->center_zoom != 0)
    return self->center_zoom;
  /* Streets can be told apart from zoom 15. */
  return CLAMP (16, self->min_zoom, self->max_zoom);
}

GBytes *
vt_mbtiles_read_tile (VtMbtiles  *self,
                      guint       zoom,
                      guint       x,
                      guint       y,
                      GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  GBytes *bytes = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  if (zoom > 24 || x >= (1u << zoom) || y >= (1u << zoom))
    {
      g_set_error (error, VT_MBTILES_ERROR, VT_MBTILES_ERROR_NO_TILE,
                   "tile %u/%u/%u is off the world", zoom, x, y);
      return NULL;
    }

  locker = g_mutex_locker_new (&self->lock);
  sqlite3_reset (self->tile_stmt);
  sqlite3_bind_int (self->tile_stmt, 1, (int) zoom);
  sqlite3_bind_int (self->tile_stmt, 2, (int) x);
  sqlite3_bind_int (self->tile_stmt, 3, (int) ((1u << zoom) - 1 - y));
  rc = sqlite3_step (self->tile_stmt);
  if (rc == SQLITE_ROW)
    {
      int size = sqlite3_column_bytes (self->tile_stmt, 0);

      if (size > 0 && size <= MAX_TILE_BYTES)
        bytes = g_bytes_new (sqlite3_column_blob (self->tile_stmt, 0), (gsize) size);
    }
  else if (rc != SQLITE_DONE)
    g_message ("%s: tile %u/%u/%u: %s", self->path, zoom, x, y, sqlite3_errmsg (self->db));
  sqlite3_reset (self->tile_stmt);

  if (bytes == NULL)
    g_set_error (error, VT_MBTILES_ERROR, VT_MBTILES_ERROR_NO_TILE,
                 "%s has no tile %u/%u/%u", self->path, zoom, x, y);
  return bytes;
}

/* ---- the kiosk's map ------------------------------------------------------ */

G_LOCK_DEFINE_STATIC (kiosk);
static VtMbtiles *kiosk_map;
static GError *kiosk_error;

void
vt_mbtiles_set_kiosk_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  VtMbtiles *map = path != NULL ? vt_mbtiles_open (path, &error) : NULL;

  /* The clerk and IT read the log: say once why the map is not there. */
  if (path != NULL && map == NULL)
    g_message ("[kiosk] map-tiles: %s; location questions are shown without a map", error->message);

  G_LOCK (kiosk);
  g_clear_pointer (&kiosk_map, vt_mbtiles_unref);
  g_clear_error (&kiosk_error);
  kiosk_map = map;
  kiosk_error = g_steal_pointer (&error);
  G_UNLOCK (kiosk);
}

VtMbtiles *
vt_mbtiles_dup_kiosk (GError **error)
{
  VtMbtiles *map = NULL;

  G_LOCK (kiosk);
  if (kiosk_map != NULL)
    map = vt_mbtiles_ref (kiosk_map);
  else if (kiosk_error != NULL && error != NULL)
    *error = g_error_copy (kiosk_error);
  G_UNLOCK (kiosk);
  return map;
}

gboolean
vt_mbtiles_kiosk_has_map (void)
{
  gboolean has;

  G_LOCK (kiosk);
  has = kiosk_map != NULL;
  G_UNLOCK (kiosk);
  return has;
}
