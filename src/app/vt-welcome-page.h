#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VT_TYPE_WELCOME_PAGE (vt_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (VtWelcomePage, vt_welcome_page, VT, WELCOME_PAGE, GtkBox)

/* languages: gettext codes in the order the configuration gives them. */
GtkWidget *vt_welcome_page_new (const char * const *languages);

G_END_DECLS
