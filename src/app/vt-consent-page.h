#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VT_TYPE_CONSENT_PAGE (vt_consent_page_get_type ())

G_DECLARE_FINAL_TYPE (VtConsentPage, vt_consent_page, VT, CONSENT_PAGE, GtkBox)

/* What is sent, to whom and why, before Submit.  error: a message from a
 * failed attempt to save, or NULL.  Emits ::back and ::send.
 *
 * "assisted-by": the clerk filling the application in for someone, or
 * NULL; when set, a check box asks the clerk to confirm the applicant
 * agreed, and Send waits for it ("confirmed"). */
GtkWidget  *vt_consent_page_new             (const char    *service_title,
                                             const char    *office_name,
                                             const char    *error,
                                             const char    *assisted_by);
GtkWidget  *vt_consent_page_get_send_button (VtConsentPage *self);
const char *vt_consent_page_get_assisted_by (VtConsentPage *self);
void        vt_consent_page_set_assisted_by (VtConsentPage *self,
                                             const char    *assisted_by);
/* The clerk's check box, shown only with assisted-by. */
GtkWidget  *vt_consent_page_get_assisted_check (VtConsentPage *self);
/* TRUE when Send may go: nobody assists, or the clerk confirmed. */
gboolean    vt_consent_page_get_confirmed   (VtConsentPage *self);

G_END_DECLS
