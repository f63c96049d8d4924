#pragma once

#include <glib-object.h>

#include "vt-camera.h"
#include "vt-config.h"
#include "vt-recorder.h"
#include "vt-removable.h"
#include "vt-scanner.h"

G_BEGIN_DECLS

/* The kiosk's document devices, one of each for the whole kiosk, made from
 * [devices]: the camera, the microphone and loudspeaker, the scanner and
 * the USB ports.  Upload questions borrow them; vt_devices_release() closes
 * what is open (the camera, a recording, a scan) and unmounts every USB
 * stick, as the idle wipe and the end of an application do. */

#define VT_TYPE_DEVICES (vt_devices_get_type ())

G_DECLARE_FINAL_TYPE (VtDevices, vt_devices, VT, DEVICES, GObject)

VtDevices   *vt_devices_new                  (const VtConfig *config);
VtCamera    *vt_devices_get_camera           (VtDevices      *self);
VtRecorder  *vt_devices_get_recorder         (VtDevices      *self);
VtScanner   *vt_devices_get_scanner          (VtDevices      *self);
VtRemovable *vt_devices_get_removable        (VtDevices      *self);
double       vt_devices_get_max_recording    (VtDevices      *self);
/* A cancellable that vt_devices_release() cancels: scans and copies use it. */
GCancellable *vt_devices_get_cancellable     (VtDevices      *self);
void         vt_devices_release              (VtDevices      *self);

G_END_DECLS
