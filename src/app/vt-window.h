#pragma once

#include <gtk/gtk.h>

#include "vt-application.h"

G_BEGIN_DECLS

#define VT_TYPE_WINDOW (vt_window_get_type ())

G_DECLARE_FINAL_TYPE (VtWindow, vt_window, VT, WINDOW, GtkApplicationWindow)

VtWindow *vt_window_new              (VtApplication *app);
void      vt_window_set_allow_close  (VtWindow      *self,
                                      gboolean       allow);

G_END_DECLS
