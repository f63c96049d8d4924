#pragma once

#include <shumate/shumate.h>

#include "vt-mbtiles.h"

G_BEGIN_DECLS

#define VT_TYPE_MBTILES_SOURCE (vt_mbtiles_source_get_type ())
G_DECLARE_FINAL_TYPE (VtMbtilesSource, vt_mbtiles_source, VT, MBTILES_SOURCE, ShumateDataSource)

/* libshumate's data source for a local MBTiles file: each tile is read
 * from SQLite in a worker thread, never from a network, and handed to
 * libshumate's raster renderer as its ::received-data expects. */
VtMbtilesSource *vt_mbtiles_source_new          (VtMbtiles       *tiles);
/* A raster renderer (map source) over it, with the file's zooms and its
 * attribution as the license libshumate shows. */
ShumateMapSource *vt_mbtiles_source_new_map_source (VtMbtiles    *tiles);
/* How many tiles were handed to the map so far (benchmarks, tests). */
guint            vt_mbtiles_source_get_served   (VtMbtilesSource *self);

G_END_DECLS
