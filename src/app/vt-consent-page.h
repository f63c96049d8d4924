#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VT_TYPE_CONSENT_PAGE (vt_consent_page_get_type ())

G_DECLARE_FINAL_TYPE (VtConsentPage, vt_consent_page, VT, CONSENT_PAGE, GtkBox)

/* What is sent, to whom and why, before Submit.  error: a message from a
 * failed attempt to save, or NULL.  Emits ::back and ::send. */
GtkWidget *vt_consent_page_new (const char *service_title,
                                const char *office_name,
                                const char *error);
GtkWidget *vt_consent_page_get_send_button (VtConsentPage *self);

G_END_DECLS
