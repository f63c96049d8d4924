/* Tiles for libshumate from an MBTiles file (issue 20). */
#define G_LOG_DOMAIN "vt-mbtiles-source"

#include "config.h"

#include "vt-mbtiles-source.h"

struct _VtMbtilesSource
{
  ShumateDataSource parent_instance;

  VtMbtiles        *tiles;
  guint             served;
};

G_DEFINE_FINAL_TYPE (VtMbtilesSource, vt_mbtiles_source, SHUMATE_TYPE_DATA_SOURCE)

typedef struct
{
  guint x, y, zoom;
} TileRequest;

static void
read_tile_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  VtMbtilesSource *self = source;
  TileRequest *request = task_data;
  GError *error = NULL;
  GBytes *bytes;

  if (g_task_return_error_if_cancelled (task))
    return;
  bytes = vt_mbtiles_read_tile (self->tiles, request->zoom, request->x, request->y, &error);
  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

/* Back on the main thread: libshumate 1.0's raster renderer draws what
 * ::received-data gives it, then learns from the result that it is done. */
static void
tile_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  VtMbtilesSource *self = VT_MBTILES_SOURCE (object);
  g_autoptr(GTask) task = user_data;
  TileRequest *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_task_propagate_pointer (G_TASK (result), &error);

  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  self->served++;
  g_signal_emit_by_name (self, "received-data", (int) request->x, (int) request->y, (int) request->zoom, bytes);
  g_task_return_pointer (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
}

static void
vt_mbtiles_source_get_tile_data_async (ShumateDataSource   *source,
                                       int                  x,
                                       int                  y,
                                       int                  zoom_level,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  VtMbtilesSource *self = VT_MBTILES_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) reader = NULL;
  TileRequest *request = g_new (TileRequest, 1);

  g_task_set_source_tag (task, vt_mbtiles_source_get_tile_data_async);
  request->x = (guint) MAX (x, 0);
  request->y = (guint) MAX (y, 0);
  request->zoom = (guint) MAX (zoom_level, 0);
  g_task_set_task_data (task, request, g_free);

  reader = g_task_new (self, cancellable, tile_read_cb, g_steal_pointer (&task));
  g_task_set_source_tag (reader, vt_mbtiles_source_get_tile_data_async);
  g_task_set_task_data (reader, g_memdup2 (request, sizeof *request), g_free);
  g_task_run_in_thread (reader, read_tile_thread);
}

static GBytes *
vt_mbtiles_source_get_tile_data_finish (ShumateDataSource  *source,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
vt_mbtiles_source_finalize (GObject *object)
{
  VtMbtilesSource *self = VT_MBTILES_SOURCE (object);

  g_clear_pointer (&self->tiles, vt_mbtiles_unref);
  G_OBJECT_CLASS (vt_mbtiles_source_parent_class)->finalize (object);
}

static void
vt_mbtiles_source_class_init (VtMbtilesSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->finalize = vt_mbtiles_source_finalize;
  source_class->get_tile_data_async = vt_mbtiles_source_get_tile_data_async;
  source_class->get_tile_data_finish = vt_mbtiles_source_get_tile_data_finish;
}

static void
vt_mbtiles_source_init (VtMbtilesSource *self)
{
}

VtMbtilesSource *
vt_mbtiles_source_new (VtMbtiles *tiles)
{
  VtMbtilesSource *self;

  g_return_val_if_fail (tiles != NULL, NULL);

  self = g_object_new (VT_TYPE_MBTILES_SOURCE, NULL);
  self->tiles = vt_mbtiles_ref (tiles);
  return self;
}

/* libshumate shows a map source's license as plain text: the attribution
 * without the HTML links MBTiles files often carry. */
static char *
plain_attribution (const char *attribution)
{
  GString *text = g_string_new (NULL);
  gboolean in_tag = FALSE;

  for (const char *p = attribution; *p != '\0'; p++)
    {
      if (*p == '<')
        in_tag = TRUE;
      else if (*p == '>')
        in_tag = FALSE;
      else if (!in_tag)
        g_string_append_c (text, *p);
    }
  g_strstrip (text->str);
  return g_string_free (text, FALSE);
}

ShumateMapSource *
vt_mbtiles_source_new_map_source (VtMbtiles *tiles)
{
  g_autoptr(VtMbtilesSource) source = vt_mbtiles_source_new (tiles);
  const char *attribution = vt_mbtiles_get_attribution (tiles);
  g_autofree char *license = attribution != NULL ? plain_attribution (attribution) : NULL;

  return SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full ("vt-kiosk-map",
                                                               vt_mbtiles_get_name (tiles),
                                                               license != NULL ? license : "",
                                                               NULL,
                                                               vt_mbtiles_get_min_zoom (tiles),
                                                               vt_mbtiles_get_max_zoom (tiles),
                                                               256,
                                                               SHUMATE_MAP_PROJECTION_MERCATOR,
                                                               SHUMATE_DATA_SOURCE (source)));
}

guint
vt_mbtiles_source_get_served (VtMbtilesSource *self)
{
  g_return_val_if_fail (VT_IS_MBTILES_SOURCE (self), 0);
  return self->served;
}
