#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* GStreamer is started once per process, the first time a camera, a
 * microphone or a loudspeaker is used.  FALSE when it cannot start (no
 * plugins installed): the caller says the device is missing. */
gboolean  vt_gst_ensure_init        (GError       **error);
/* A pipeline from a source or sink description of the configuration and
 * the kiosk's own elements, e.g. "%s ! videoconvert ! appsink name=sink". */
GstElement *vt_gst_parse            (const char    *device,
                                     const char    *format,
                                     GError       **error);
/* Watches a pipeline's bus from the calling thread's main context. */
GSource  *vt_gst_watch_bus          (GstElement    *pipeline,
                                     GstBusFunc     func,
                                     gpointer       data);
/* The first error a pipeline posted (after a failed state change), or NULL. */
GError   *vt_gst_pop_error          (GstElement    *pipeline);

G_END_DECLS
