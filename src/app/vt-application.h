#pragma once

#include <gtk/gtk.h>

#include "vt-config.h"
#include "vt-store-owner.h"
#include "vt-sync.h"

G_BEGIN_DECLS

#define VT_TYPE_APPLICATION (vt_application_get_type ())

/* The kiosk's exit status after a clerk's "Leave the kiosk (maintenance)":
 * ventanilla-kiosk.service does not restart it (RestartPreventExitStatus=). */
#define VT_EXIT_MAINTENANCE 80

G_DECLARE_FINAL_TYPE (VtApplication, vt_application, VT, APPLICATION, GtkApplication)

/* The kiosk process: reads the options and the configuration, then makes
 * the objects the window is handed (the store owner, the catalogue, the
 * sync worker), opens the store and loads the services off the main loop,
 * and starts the worker once the store is open. */

VtApplication *vt_application_new                 (void);
void           vt_application_ensure_resources    (void);
/* Tests (and embedders) hand over a configuration and a demo flag before
 * the application is registered; sending can be turned off until the
 * window is made. */
void           vt_application_set_config          (VtApplication *self,
                                                   VtConfig      *config);
void           vt_application_set_demo            (VtApplication *self,
                                                   gboolean       demo);
void           vt_application_set_sync_enabled    (VtApplication *self,
                                                   gboolean       enabled);
/* Made at start-up (NULL before). */
VtStoreOwner  *vt_application_get_store_owner     (VtApplication *self);
/* The sync worker, or NULL when sync is disabled. */
VtSync        *vt_application_get_sync            (VtApplication *self);
/* TRUE once the services are known (or known to be unavailable). */
gboolean       vt_application_is_catalogue_loaded (VtApplication *self);
/* A clerk's "Leave the kiosk (maintenance)": the exit status becomes
 * VT_EXIT_MAINTENANCE (also as the action "app.leave-for-maintenance"). */
void           vt_application_leave_for_maintenance (VtApplication *self);
int            vt_application_get_exit_status     (VtApplication *self);
/* Tests: the mistake vt_config_load() found; the next activation opens
 * the out-of-service window. */
void           vt_application_set_config_error    (VtApplication *self,
                                                   const char    *error);

G_END_DECLS
