#pragma once

#include <gtk/gtk.h>

#include "vt-config.h"
#include "vt-store-owner.h"
#include "vt-sync.h"

G_BEGIN_DECLS

#define VT_TYPE_CLERK_MODE (vt_clerk_mode_get_type ())

G_DECLARE_FINAL_TYPE (VtClerkMode, vt_clerk_mode, VT, CLERK_MODE, GObject)

/* Clerk mode on a kiosk window: a layer over the citizen's screens (PIN
 * pad, then the dashboard), reached from any screen with Ctrl+Alt+C or a
 * long press (twice the usual length) on the window's top-left corner; it
 * ends by itself after [clerk] idle-seconds without input.  "active" tells
 * whether a clerk is in.  What only the window can do, it asks with
 * signals: "leave-kiosk" (emitted only while active), "reprint" (a const
 * VtReceipt *, for the emission), "start-assisted", "resume-draft"
 * (the draft's reference as typed).  The PIN pad and dashboard speak the
 * kiosk's language at the time clerk mode is asked for. */

VtClerkMode  *vt_clerk_mode_new                (VtConfig     *config,
                                                VtStoreOwner *owner);
/* Adds the layer to overlay and the ways in to window. */
void          vt_clerk_mode_attach             (VtClerkMode  *self,
                                                GtkWindow    *window,
                                                GtkOverlay   *overlay);
/* Shows the PIN pad (what the shortcut and the long press do). */
void          vt_clerk_mode_request            (VtClerkMode  *self);
/* Leaves clerk mode (or closes the PIN pad); why goes to the event log. */
void          vt_clerk_mode_end                (VtClerkMode  *self,
                                                const char   *why);
gboolean      vt_clerk_mode_get_active         (VtClerkMode  *self);
/* The name the clerk gave, or NULL: for assisted applications. */
const char   *vt_clerk_mode_get_clerk_name     (VtClerkMode  *self);
GtkWidget    *vt_clerk_mode_get_layer          (VtClerkMode  *self);
/* The PIN pad and dashboard of now: vt_clerk_mode_request() makes them
 * again after a change of language, so ask for them after it. */
GtkWidget    *vt_clerk_mode_get_pin_pad        (VtClerkMode  *self);
GtkWidget    *vt_clerk_mode_get_dashboard      (VtClerkMode  *self);
/* The kiosk's sync worker: "Sync now" pokes it, and the dashboard shows
 * whether it is online, when the server last took something and the last
 * problem.  NULL disconnects. */
VtSync       *vt_clerk_mode_get_sync           (VtClerkMode  *self);
void          vt_clerk_mode_set_sync           (VtClerkMode  *self,
                                                VtSync       *sync);
/* The outcome of something the window did for the clerk, on the dashboard. */
void          vt_clerk_mode_show_message       (VtClerkMode  *self,
                                                const char   *text,
                                                gboolean      is_error);
/* Tests: an idle limit shorter than the configuration allows. */
void          vt_clerk_mode_set_idle_timeout_ms (VtClerkMode *self,
                                                 guint        ms);

G_END_DECLS
