#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VT_TYPE_SERVICES_PAGE (vt_services_page_get_type ())

G_DECLARE_FINAL_TYPE (VtServicesPage, vt_services_page, VT, SERVICES_PAGE, GtkBox)

/* One service as the catalogue shows it, in the citizen's language. */
typedef struct
{
  char *form_id;
  char *title;
  char *description;               /* or NULL */
  char *category;                  /* or NULL */
  char *notice;                    /* "only available in Español", or NULL */
} VtServiceItem;

void       vt_service_item_free        (VtServiceItem *item);

/* items: VtServiceItem *, in the order to show within each category. */
GtkWidget *vt_services_page_new        (GPtrArray      *items);
/* Why no service can be started now (NULL hides it), shown above them. */
void        vt_services_page_show_problem (VtServicesPage *self,
                                          const char     *text);
const char *vt_services_page_get_problem  (VtServicesPage *self);
/* The button that starts form_id, or NULL (tests, keyboard walks). */
GtkWidget *vt_services_page_get_button (VtServicesPage *self,
                                        const char     *form_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtServiceItem, vt_service_item_free)

G_END_DECLS
