#pragma once

#include <gtk/gtk.h>

#include "vt-config.h"

G_BEGIN_DECLS

#define VT_TYPE_APPLICATION (vt_application_get_type ())

G_DECLARE_FINAL_TYPE (VtApplication, vt_application, VT, APPLICATION, GtkApplication)

VtApplication *vt_application_new         (void);
VtConfig      *vt_application_get_config  (VtApplication *self);
gboolean       vt_application_get_demo    (VtApplication *self);

G_END_DECLS
