#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VT_TYPE_OUT_OF_SERVICE_PAGE (vt_out_of_service_page_get_type ())

G_DECLARE_FINAL_TYPE (VtOutOfServicePage, vt_out_of_service_page, VT, OUT_OF_SERVICE_PAGE, GtkBox)

/* What a citizen sees on a kiosk that cannot take applications (a mistake
 * in its configuration): "Out of service" in each of the kiosk's
 * languages at once, and nothing to press.  Why is for IT, elsewhere. */

GtkWidget   *vt_out_of_service_page_new      (const char * const *languages);
/* The headings, one per language shown, in order (tests). */
GPtrArray   *vt_out_of_service_page_dup_headings (VtOutOfServicePage *self);

G_END_DECLS
