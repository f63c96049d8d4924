#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The kiosk's camera: a GStreamer pipeline from [devices] camera
 * ("v4l2src", in tests "videotestsrc") to frames in memory.  It is opened
 * by vt_camera_start() and closed by vt_camera_stop(), disposal, or when
 * the camera fails; nothing is ever written to disk: a photo is a JPEG in
 * memory that goes into the answer.
 *
 * Signals are emitted in the main context of the thread that created the
 * camera: ::frame when a new picture is ready for the preview (at most one
 * pending), ::failed (GError) once when the camera stops by itself (pulled
 * out, a driver error); it is already stopped then. */

#define VT_CAMERA_ERROR (vt_camera_error_quark ())

typedef enum
{
  VT_CAMERA_ERROR_NONE,            /* the kiosk has no camera ([devices] camera=none) */
  VT_CAMERA_ERROR_NOT_FOUND,       /* it could not be opened */
  VT_CAMERA_ERROR_GONE,            /* it stopped sending pictures */
  VT_CAMERA_ERROR_NO_PICTURE,      /* a photo asked for before the first frame */
} VtCameraError;

#define VT_TYPE_CAMERA (vt_camera_get_type ())

G_DECLARE_FINAL_TYPE (VtCamera, vt_camera, VT, CAMERA, GObject)

GQuark      vt_camera_error_quark        (void);

/* source: a GStreamer source description; NULL, "" or "none": no camera. */
VtCamera   *vt_camera_new                (const char           *source);
gboolean    vt_camera_is_configured      (VtCamera             *self);
gboolean    vt_camera_start              (VtCamera             *self,
                                          GError              **error);
void        vt_camera_stop               (VtCamera             *self);
gboolean    vt_camera_get_running        (VtCamera             *self);
/* The latest frame as packed RGB, 3 bytes a pixel, rows `stride` bytes
 * apart; NULL before the first. */
GBytes     *vt_camera_dup_frame          (VtCamera             *self,
                                          int                  *width,
                                          int                  *height,
                                          gsize                *stride);
guint64     vt_camera_get_frame_count    (VtCamera             *self);
/* The latest frame as a JPEG, its longer side at most max_pixels (0: as
 * it is), encoded in a worker thread. */
void        vt_camera_take_photo_async   (VtCamera             *self,
                                          int                   max_pixels,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
GBytes     *vt_camera_take_photo_finish  (VtCamera             *self,
                                          GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
