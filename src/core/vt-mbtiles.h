#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A map for location questions, read from an MBTiles file
 * (https://github.com/mapbox/mbtiles-spec, 1.3): one SQLite database
 * with a metadata table and a tiles table of PNG or JPEG images, that
 * municipal IT copies to the kiosk ([kiosk] map-tiles).  Read-only and
 * never over a network.  A VtMbtiles may be read from any thread. */

#define VT_MBTILES_ERROR (vt_mbtiles_error_quark ())

typedef enum
{
  VT_MBTILES_ERROR_MISSING,        /* no such file, or not readable */
  VT_MBTILES_ERROR_NOT_SQLITE,     /* not an SQLite database */
  VT_MBTILES_ERROR_NOT_MBTILES,    /* a database without MBTiles' tables */
  VT_MBTILES_ERROR_FORMAT,         /* vector tiles, or images the kiosk cannot draw */
  VT_MBTILES_ERROR_EMPTY,          /* no tiles at all */
  VT_MBTILES_ERROR_NO_TILE,        /* this one tile is not in the file */
} VtMbtilesError;

typedef struct _VtMbtiles VtMbtiles;

GQuark          vt_mbtiles_error_quark       (void);

/* Opens path and checks that it is an MBTiles file of raster tiles the
 * kiosk can draw, with messages that name the file and say what is wrong
 * and how to make a good one. */
VtMbtiles      *vt_mbtiles_open              (const char  *path,
                                              GError     **error);
VtMbtiles      *vt_mbtiles_ref               (VtMbtiles   *self);
void            vt_mbtiles_unref             (VtMbtiles   *self);

const char     *vt_mbtiles_get_path          (VtMbtiles   *self);
/* metadata name, or the file's base name. */
const char     *vt_mbtiles_get_name          (VtMbtiles   *self);
/* metadata attribution as written (it may hold HTML links), or NULL. */
const char     *vt_mbtiles_get_attribution   (VtMbtiles   *self);
/* "png" or "jpg". */
const char     *vt_mbtiles_get_format        (VtMbtiles   *self);
guint           vt_mbtiles_get_min_zoom      (VtMbtiles   *self);
guint           vt_mbtiles_get_max_zoom      (VtMbtiles   *self);
/* metadata bounds, else the extent of the tiles at the highest zoom;
 * degrees WGS84. */
void            vt_mbtiles_get_bounds        (VtMbtiles   *self,
                                              double      *west,
                                              double      *south,
                                              double      *east,
                                              double      *north);
gboolean        vt_mbtiles_contains          (VtMbtiles   *self,
                                              double       latitude,
                                              double       longitude);
/* metadata center's zoom when it is within the file's zooms, else a zoom
 * between min and max that shows a town. */
guint           vt_mbtiles_get_default_zoom  (VtMbtiles   *self);

/* The image of tile x, y at zoom, in the XYZ ("slippy map") numbering
 * that map widgets use (the file's TMS rows are flipped here).  NULL and
 * VT_MBTILES_ERROR_NO_TILE where the file has none. */
GBytes         *vt_mbtiles_read_tile         (VtMbtiles   *self,
                                              guint        zoom,
                                              guint        x,
                                              guint        y,
                                              GError     **error);

/* The kiosk's own map, from [kiosk] map-tiles: opened once at start (NULL
 * forgets it).  get returns a new reference or NULL, with the reason the
 * file could not be used in error (NULL error: none configured). */
void            vt_mbtiles_set_kiosk_file    (const char  *path);
VtMbtiles      *vt_mbtiles_dup_kiosk         (GError     **error);
/* TRUE when a map file is configured and opened. */
gboolean        vt_mbtiles_kiosk_has_map     (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtMbtiles, vt_mbtiles_unref)

G_END_DECLS
