/* The kiosk's document devices, made once from [devices] and lent to the
 * upload questions; released (closed, sticks unmounted) at every wipe. */
#define G_LOG_DOMAIN "vt-devices"

#include "config.h"

#include "vt-devices.h"

struct _VtDevices
{
  GObject       parent_instance;

  VtCamera     *camera;
  VtRecorder   *recorder;
  VtScanner    *scanner;
  VtRemovable  *removable;
  double        max_recording;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (VtDevices, vt_devices, G_TYPE_OBJECT)

VtDevices *
vt_devices_new (const VtConfig *config)
{
  VtDevices *self = g_object_new (VT_TYPE_DEVICES, NULL);

  g_return_val_if_fail (config != NULL, self);

  self->camera = vt_camera_new (config->camera);
  self->recorder = vt_recorder_new (config->microphone, config->speaker);
  self->scanner = vt_scanner_new (config->scanner, config->scanner_timeout_seconds);
  self->removable = vt_removable_new (config->removable_directory);
  self->max_recording = config->max_recording_seconds;
  return self;
}

VtCamera *
vt_devices_get_camera (VtDevices *self)
{
  g_return_val_if_fail (VT_IS_DEVICES (self), NULL);
  return self->camera;
}

VtRecorder *
vt_devices_get_recorder (VtDevices *self)
{
  g_return_val_if_fail (VT_IS_DEVICES (self), NULL);
  return self->recorder;
}

VtScanner *
vt_devices_get_scanner (VtDevices *self)
{
  g_return_val_if_fail (VT_IS_DEVICES (self), NULL);
  return self->scanner;
}

VtRemovable *
vt_devices_get_removable (VtDevices *self)
{
  g_return_val_if_fail (VT_IS_DEVICES (self), NULL);
  return self->removable;
}

double
vt_devices_get_max_recording (VtDevices *self)
{
  g_return_val_if_fail (VT_IS_DEVICES (self), 0);
  return self->max_recording;
}

GCancellable *
vt_devices_get_cancellable (VtDevices *self)
{
  g_return_val_if_fail (VT_IS_DEVICES (self), NULL);
  return self->cancellable;
}

void
vt_devices_release (VtDevices *self)
{
  g_return_if_fail (VT_IS_DEVICES (self));

  /* A scan or a copy under way stops; the next person gets a fresh start. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  vt_camera_stop (self->camera);
  vt_recorder_reset (self->recorder);
  vt_removable_eject_all (self->removable);
}

static void
vt_devices_dispose (GObject *object)
{
  VtDevices *self = VT_DEVICES (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->camera);
  g_clear_object (&self->recorder);
  g_clear_object (&self->scanner);
  g_clear_object (&self->removable);
  G_OBJECT_CLASS (vt_devices_parent_class)->dispose (object);
}

static void
vt_devices_class_init (VtDevicesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vt_devices_dispose;
}

static void
vt_devices_init (VtDevices *self)
{
  self->cancellable = g_cancellable_new ();
}
