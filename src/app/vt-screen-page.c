#define G_LOG_DOMAIN "vt-screen-page"

#include "config.h"

#include "vt-screen-page.h"

/* The window's screens, and the one thing their pages tell it. */

G_DEFINE_ENUM_TYPE (VtScreen, vt_screen,
                    G_DEFINE_ENUM_VALUE (VT_SCREEN_WELCOME, "welcome"),
                    G_DEFINE_ENUM_VALUE (VT_SCREEN_SERVICES, "services"),
                    G_DEFINE_ENUM_VALUE (VT_SCREEN_QUESTION, "question"),
                    G_DEFINE_ENUM_VALUE (VT_SCREEN_REVIEW, "review"),
                    G_DEFINE_ENUM_VALUE (VT_SCREEN_CONSENT, "consent"),
                    G_DEFINE_ENUM_VALUE (VT_SCREEN_RECEIPT, "receipt"),
                    G_DEFINE_ENUM_VALUE (VT_SCREEN_STATUS_CHECK, "status-check"))

G_DEFINE_INTERFACE (VtScreenPage, vt_screen_page, GTK_TYPE_WIDGET)

static void
vt_screen_page_default_init (VtScreenPageInterface *iface)
{
}

GtkWidget *
vt_screen_page_get_initial_focus (GtkWidget *page)
{
  VtScreenPageInterface *iface;

  g_return_val_if_fail (GTK_IS_WIDGET (page), NULL);

  if (!VT_IS_SCREEN_PAGE (page))
    return NULL;
  iface = VT_SCREEN_PAGE_GET_IFACE (page);
  return iface->get_initial_focus != NULL ? iface->get_initial_focus (VT_SCREEN_PAGE (page)) : NULL;
}

GtkWidget *
vt_heading_new (const char *text,
                int         level,
                const char *css_class)
{
  GtkWidget *heading;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (level >= 1, NULL);

  heading = g_object_new (GTK_TYPE_LABEL,
                          "label", text,
                          "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING,
                          "xalign", 0.0f,
                          "wrap", TRUE,
                          NULL);
  if (css_class != NULL)
    gtk_widget_add_css_class (heading, css_class);
  gtk_accessible_update_property (GTK_ACCESSIBLE (heading), GTK_ACCESSIBLE_PROPERTY_LEVEL, level, -1);
  return heading;
}
