#pragma once

#include <gtk/gtk.h>

#include "vt-catalogue.h"
#include "vt-clerk-mode.h"
#include "vt-config.h"
#include "vt-devices.h"
#include "vt-flow.h"
#include "vt-idle-guard.h"
#include "vt-player.h"
#include "vt-screen-page.h"
#include "vt-store-owner.h"
#include "vt-sync.h"

G_BEGIN_DECLS

#define VT_TYPE_WINDOW (vt_window_get_type ())

G_DECLARE_FINAL_TYPE (VtWindow, vt_window, VT, WINDOW, GtkApplicationWindow)

/* The kiosk's one window: the top bar (language, larger text, high
 * contrast), the screens, the status line, the idle guard.  It is handed
 * all it needs when it is made, as construct-only properties:
 *
 *   config       VtConfig     the kiosk's configuration (a copy is kept)
 *   store-owner  VtStoreOwner the one way to the store
 *   sync         VtSync       the sync worker, or NULL when nothing is sent
 *   catalogue    VtCatalogue  the services
 *
 * and owns the citizen's application (a VtFlow) and the clerk's controls
 * (a VtClerkMode); neither calls back into the window, and the window
 * never calls its application. */

VtWindow    *vt_window_new              (GtkApplication *application,
                                         VtConfig       *config,
                                         VtStoreOwner   *owner,
                                         VtSync         *sync,
                                         VtCatalogue    *catalogue);
void         vt_window_set_allow_close  (VtWindow      *self,
                                         gboolean       allow);

VtScreen     vt_window_get_screen       (VtWindow      *self);
/* The widget of the screen shown now (a VtWelcomePage, VtQuestionPage…). */
GtkWidget   *vt_window_get_page         (VtWindow      *self);
void         vt_window_show_screen      (VtWindow      *self,
                                         VtScreen       screen);
/* Starts a service as its button on the services page does. */
void         vt_window_start_service    (VtWindow      *self,
                                         const char    *form_id);
/* Forgets the citizen and shows Welcome for the next one. */
void         vt_window_reset            (VtWindow      *self);
VtIdleGuard *vt_window_get_idle_guard   (VtWindow      *self);
/* Reading aloud: the kiosk's player, and the top bar's setting (0 off,
 * 1 on, 2 slower). */
VtPlayer    *vt_window_get_player       (VtWindow      *self);
guint        vt_window_get_read_aloud   (VtWindow      *self);
GtkWidget   *vt_window_get_idle_dialog  (VtWindow      *self);
/* 100, 150 or 200. */
guint        vt_window_get_text_scale   (VtWindow      *self);
gboolean     vt_window_get_high_contrast (VtWindow     *self);
/* The status line as shown: online, and how many applications wait. */
const char  *vt_window_get_status_text  (VtWindow      *self);
/* The citizen's answer at path (tests), NULL when there is no session. */
char        *vt_window_dup_answer       (VtWindow      *self,
                                         const char    *path);
gboolean     vt_window_has_session      (VtWindow      *self);
const char  *vt_window_get_receipt_reference (VtWindow *self);
VtFlow      *vt_window_get_flow         (VtWindow      *self);
/* The on-screen keyboard (a VtKeyboard), docked at the bottom. */
GtkWidget   *vt_window_get_keyboard     (VtWindow      *self);
/* The kiosk's document devices, which upload questions borrow. */
VtDevices   *vt_window_get_devices      (VtWindow      *self);

/* Clerk mode (Ctrl+Alt+C or a long press on the top-left corner). */
VtClerkMode *vt_window_get_clerk_mode   (VtWindow      *self);
/* The clerk helping with the application in progress, or NULL when the
 * citizen is on their own: the flow records it in the submission
 * (vt_clerk_mark_assisted()) and on the receipt (assisted_by). */
const char  *vt_window_get_assisted_by  (VtWindow      *self);
/* "Save as draft" in the top bar, shown while a clerk assists. */
GtkWidget   *vt_window_get_draft_button (VtWindow      *self);
/* The saved draft's code (or why it could not be saved), over the
 * screens until OK; NULL when it is not shown. */
GtkWidget   *vt_window_get_draft_notice (VtWindow      *self);
const char  *vt_window_get_draft_notice_text (VtWindow *self);

G_END_DECLS
