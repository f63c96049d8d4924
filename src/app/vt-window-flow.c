#define G_LOG_DOMAIN "vt-window-flow"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-window-private.h"

/* Placeholder until the form engine is merged: no service can start yet. */
void
vt_window_start_service (VtWindow   *self,
                         const char *form_id)
{
  g_message ("Service %s cannot start: the form engine is not built in yet", form_id);
}

GtkWidget *
vt_window_build_form_screen (VtWindow *self,
                             VtScreen  screen)
{
  return NULL;
}

void
vt_window_language_changed (VtWindow *self)
{
}

void
vt_window_end_session (VtWindow *self)
{
}
