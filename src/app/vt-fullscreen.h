#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Full screen on a kiosk: Cage honours a window's "fullscreened" request;
 * a bare X server with no window manager (tests, a developer's Xvfb) does
 * not, so a kiosk window also asks, from its realize, for the size of the
 * first monitor. */
void vt_fullscreen_fit_first_monitor (GtkWindow *window);

G_END_DECLS
