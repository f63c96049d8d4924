/* GStreamer started once for the kiosk, and pipelines made from the
 * [devices] descriptions. */
#define G_LOG_DOMAIN "vt-gst"

#include "config.h"

#include "vt-gst-private.h"

gboolean
vt_gst_ensure_init (GError **error)
{
  static gsize once = 0;
  static gboolean ok = FALSE;
  static GError *init_error = NULL;

  if (g_once_init_enter (&once))
    {
      ok = gst_init_check (NULL, NULL, &init_error);
      g_once_init_leave (&once, 1);
    }
  if (!ok && error != NULL)
    *error = g_error_copy (init_error);
  return ok;
}

GstElement *
vt_gst_parse (const char  *device,
              const char  *format,
              GError     **error)
{
  g_autofree char *description = NULL;
  GstElement *pipeline;

  if (!vt_gst_ensure_init (error))
    return NULL;
  /* The format is one of the kiosk's own, with one %s for the device. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  description = g_strdup_printf (format, device);
#pragma GCC diagnostic pop
  pipeline = gst_parse_launch_full (description, NULL, GST_PARSE_FLAG_FATAL_ERRORS, error);
  if (pipeline != NULL && !GST_IS_PIPELINE (pipeline))
    {
      GstElement *bin = gst_pipeline_new (NULL);

      gst_bin_add (GST_BIN (bin), pipeline);
      pipeline = bin;
    }
  return pipeline;
}

GSource *
vt_gst_watch_bus (GstElement *pipeline,
                  GstBusFunc  func,
                  gpointer    data)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  GSource *source = gst_bus_create_watch (bus);

  g_source_set_callback (source, (GSourceFunc) (void (*) (void)) func, data, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());
  return source;
}

GError *
vt_gst_pop_error (GstElement *pipeline)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  GError *error = NULL;

  if (message == NULL)
    return NULL;
  gst_message_parse_error (message, &error, NULL);
  return error;
}
