#pragma once

#include <glib-object.h>

#include "vt-form.h"

G_BEGIN_DECLS

#define VT_TYPE_CATALOGUE (vt_catalogue_get_type ())

G_DECLARE_FINAL_TYPE (VtCatalogue, vt_catalogue, VT, CATALOGUE, GObject)

/* The services the kiosk offers: the store's active forms, once the
 * application has loaded them.  "loaded" turns TRUE then, and stays;
 * "changed" is emitted each time the forms are set. */

VtCatalogue *vt_catalogue_new             (void);
/* forms: VtForm *, taken; NULL when they could not be read. */
void         vt_catalogue_set_forms       (VtCatalogue *self,
                                           GPtrArray   *forms);
gboolean     vt_catalogue_get_loaded      (VtCatalogue *self);
VtForm      *vt_catalogue_get_form        (VtCatalogue *self,
                                           const char  *form_id);
/* The services in a language: VtServiceItem * (vt-services-page.h). */
GPtrArray   *vt_catalogue_dup_services    (VtCatalogue *self,
                                           const char  *language);

G_END_DECLS
