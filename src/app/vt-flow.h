#pragma once

#include <gtk/gtk.h>

#include "vt-catalogue.h"
#include "vt-config.h"
#include "vt-devices.h"
#include "vt-draft.h"
#include "vt-screen-page.h"
#include "vt-session.h"
#include "vt-store-owner.h"

G_BEGIN_DECLS

#define VT_TYPE_FLOW (vt_flow_get_type ())

G_DECLARE_FINAL_TYPE (VtFlow, vt_flow, VT, FLOW, GObject)

/* The application a citizen is filling in, from the service they pick to
 * the receipt: one VtSession, its pages recomputed after every move
 * (relevance and repeats change them), what was typed that is not an
 * answer yet, the consent step, the enqueue commit and the receipt.  The
 * window owns one and shows the pages it builds; the flow never calls the
 * window, it asks with signals:
 *
 *   "navigate" (VtScreen)           show that screen (its page comes from
 *                                   vt_flow_build_page() for the question,
 *                                   review, consent and receipt screens)
 *   "refresh-page" (string)         show the question page built anew, in
 *                                   its place: an answer changed which
 *                                   questions it holds; the string is the
 *                                   path of the first question it brought
 *                                   (bring it into sight), or NULL; the
 *                                   flow puts the focus back afterwards
 *   "service-unavailable" (string)  the service picked cannot start now
 *                                   (a full disk): say why on the services
 *                                   page, before anything is typed
 *   "finished"                      the citizen pressed Finish on the
 *                                   receipt: ready the kiosk for the next
 *
 * An application a clerk fills in for someone carries the clerk's name
 * (assisted-by), into the submission and onto the receipt. */

/* devices: what upload questions are answered with. */
VtFlow      *vt_flow_new                   (VtConfig        *config,
                                            VtStoreOwner    *owner,
                                            VtCatalogue     *catalogue,
                                            VtDevices       *devices);

/* The page of screen for what the flow holds now, or NULL when it holds
 * nothing to show there (no application, no receipt). */
GtkWidget   *vt_flow_build_page            (VtFlow          *self,
                                            VtScreen         screen);

/* Starts form_id (or returns to it with the answers kept); the store is
 * asked first whether it can take an application at all. */
void         vt_flow_start_service         (VtFlow          *self,
                                            const char      *form_id);
/* Continues a draft a clerk saved: takes session. */
void         vt_flow_resume                (VtFlow          *self,
                                            VtSession       *session,
                                            const VtDraftInfo *info,
                                            const char      *clerk);
void         vt_flow_set_assisted_by       (VtFlow          *self,
                                            const char      *clerk);
const char  *vt_flow_get_assisted_by       (VtFlow          *self);
/* Shows a stored receipt again (a clerk's reprint). */
void         vt_flow_show_receipt          (VtFlow          *self,
                                            const VtReceipt *receipt);
/* After vt_language_apply(): the form's texts and the errors shown follow. */
void         vt_flow_language_changed      (VtFlow          *self);
/* The sync worker finished a pass: a receipt on screen may now be sent. */
void         vt_flow_refresh_receipt       (VtFlow          *self);
/* The citizen left the application unsent (reason: VT_DROPOFF_IDLE or
 * _START_AGAIN): one more abandoned on the page shown, counted in the
 * store (vt-dropoff.h); nothing of the answers.  Call before reset. */
void         vt_flow_count_dropoff         (VtFlow          *self,
                                            const char      *reason);
/* Forgets the citizen: answers, receipt, the clerk's part. */
void         vt_flow_reset                 (VtFlow          *self);

/* "Save as draft" for an assisted application; the draft's code. */
void         vt_flow_save_draft_async      (VtFlow          *self,
                                            GCancellable    *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer         user_data);
char        *vt_flow_save_draft_finish     (VtFlow          *self,
                                            GAsyncResult    *result,
                                            GError         **error);

gboolean     vt_flow_has_session           (VtFlow          *self);
/* The session itself, for tests that answer without the pages. */
VtSession   *vt_flow_get_session           (VtFlow          *self);
/* The form's page on the question screen now, or NULL; the language the
 * form is filled in, or NULL without an application (for reading aloud). */
const VtPage *vt_flow_get_shown_page       (VtFlow          *self);
const char  *vt_flow_get_language          (VtFlow          *self);
char        *vt_flow_dup_answer            (VtFlow          *self,
                                            const char      *path);
const char  *vt_flow_get_receipt_reference (VtFlow          *self);

G_END_DECLS
