#pragma once

#include <gtk/gtk.h>

#include "vt-application.h"
#include "vt-clerk-mode.h"

G_BEGIN_DECLS

#define VT_TYPE_OUT_OF_SERVICE_WINDOW (vt_out_of_service_window_get_type ())

G_DECLARE_FINAL_TYPE (VtOutOfServiceWindow, vt_out_of_service_window, VT, OUT_OF_SERVICE_WINDOW,
                      GtkApplicationWindow)

/* The kiosk's window when its configuration has a mistake: full screen,
 * "Out of service" for citizens (VtOutOfServicePage), no way to close it;
 * behind the clerk PIN, the clerk dashboard with the mistake for IT and
 * "Leave the kiosk (maintenance)".  config is what could be read of the
 * file (vt_config_load_salvage()), problem the mistake as loading it said. */

VtOutOfServiceWindow *vt_out_of_service_window_new      (VtApplication        *app,
                                                         VtConfig             *config,
                                                         const char           *problem);
GtkWidget            *vt_out_of_service_window_get_page (VtOutOfServiceWindow *self);
/* NULL when the data directory (and so the clerk PIN) cannot be reached. */
VtClerkMode          *vt_out_of_service_window_get_clerk_mode (VtOutOfServiceWindow *self);
/* What IT is told once a clerk is in. */
const char           *vt_out_of_service_window_get_problem (VtOutOfServiceWindow *self);

G_END_DECLS
