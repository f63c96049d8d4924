#pragma once

#include <gtk/gtk.h>

#include "vt-config.h"
#include "vt-form.h"
#include "vt-store.h"
#include "vt-sync.h"

G_BEGIN_DECLS

#define VT_TYPE_APPLICATION (vt_application_get_type ())

/* The kiosk's exit status after a clerk's "Leave the kiosk (maintenance)":
 * ventanilla-kiosk.service does not restart it (RestartPreventExitStatus=). */
#define VT_EXIT_MAINTENANCE 80

G_DECLARE_FINAL_TYPE (VtApplication, vt_application, VT, APPLICATION, GtkApplication)

VtApplication *vt_application_new         (void);
void           vt_application_ensure_resources (void);
VtConfig      *vt_application_get_config  (VtApplication *self);
void           vt_application_set_config  (VtApplication *self,
                                           VtConfig      *config);
gboolean       vt_application_get_demo    (VtApplication *self);
void           vt_application_set_demo    (VtApplication *self,
                                           gboolean       demo);
GPtrArray     *vt_application_dup_services (VtApplication *self,
                                           const char    *language);
VtForm        *vt_application_get_form    (VtApplication *self,
                                           const char    *form_id);
VtStore       *vt_application_get_store   (VtApplication *self,
                                           GError       **error);
gboolean       vt_application_is_catalogue_loaded (VtApplication *self);
void           vt_application_refresh_status (VtApplication *self);
void           vt_application_poke_sync   (VtApplication *self);
VtSync        *vt_application_get_sync    (VtApplication *self);
void           vt_application_set_sync_enabled (VtApplication *self,
                                           gboolean       enabled);
void           vt_application_leave_for_maintenance (VtApplication *self);
int            vt_application_get_exit_status (VtApplication *self);
void           vt_application_set_config_error (VtApplication *self,
                                           const char    *error);

G_END_DECLS
