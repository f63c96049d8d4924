#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VT_TYPE_IDLE_DIALOG (vt_idle_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VtIdleDialog, vt_idle_dialog, VT, IDLE_DIALOG, GtkBox)

GtkWidget *vt_idle_dialog_new            (void);
void       vt_idle_dialog_set_remaining  (VtIdleDialog *self,
                                          guint         seconds);
GtkWidget *vt_idle_dialog_get_button     (VtIdleDialog *self);

G_END_DECLS
