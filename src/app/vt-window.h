#pragma once

#include <gtk/gtk.h>

#include "vt-application.h"
#include "vt-clerk-mode.h"
#include "vt-idle-guard.h"

G_BEGIN_DECLS

#define VT_TYPE_WINDOW (vt_window_get_type ())

G_DECLARE_FINAL_TYPE (VtWindow, vt_window, VT, WINDOW, GtkApplicationWindow)

/* The screens a citizen goes through, in order. */
typedef enum
{
  VT_SCREEN_WELCOME,
  VT_SCREEN_SERVICES,
  VT_SCREEN_QUESTION,
  VT_SCREEN_REVIEW,
  VT_SCREEN_CONSENT,
  VT_SCREEN_RECEIPT,
} VtScreen;

VtWindow    *vt_window_new              (VtApplication *app);
void         vt_window_set_allow_close  (VtWindow      *self,
                                         gboolean       allow);

VtScreen     vt_window_get_screen       (VtWindow      *self);
/* The widget of the screen shown now (a VtWelcomePage, VtQuestionPage…). */
GtkWidget   *vt_window_get_page         (VtWindow      *self);
VtIdleGuard *vt_window_get_idle_guard   (VtWindow      *self);
GtkWidget   *vt_window_get_idle_dialog  (VtWindow      *self);
/* 100, 150 or 200. */
guint        vt_window_get_text_scale   (VtWindow      *self);
gboolean     vt_window_get_high_contrast (VtWindow     *self);
/* The status line as shown, for tests. */
const char  *vt_window_get_status_text  (VtWindow      *self);
/* Shows the status line: online, and how many applications wait. */
/* The citizen's answer at path (tests), NULL when there is no session. */
char        *vt_window_dup_answer       (VtWindow      *self,
                                         const char    *path);
gboolean     vt_window_has_session      (VtWindow      *self);
const char  *vt_window_get_receipt_reference (VtWindow *self);
const char  *vt_window_get_receipt_instance_id (VtWindow *self);
/* The application on the receipt has reached the server. */
void         vt_window_receipt_sent     (VtWindow      *self,
                                         const char    *instance_id);
void         vt_window_set_status       (VtWindow      *self,
                                         gboolean       online,
                                         gboolean       syncing,
                                         guint          waiting);

/* The on-screen keyboard (a VtKeyboard), docked at the bottom. */
GtkWidget   *vt_window_get_keyboard     (VtWindow      *self);

/* Clerk mode (Ctrl+Alt+C or a long press on the top-left corner); NULL
 * when the store could not be opened. */
VtClerkMode *vt_window_get_clerk_mode   (VtWindow      *self);
/* The clerk helping with the application in progress, or NULL when the
 * citizen is on their own: the flow records it in the submission
 * (vt_clerk_mark_assisted()) and on the receipt (assisted_by). */
const char  *vt_window_get_assisted_by  (VtWindow      *self);

G_END_DECLS
