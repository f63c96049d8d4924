#pragma once

#include <gio/gio.h>

#include "vt-clerk.h"
#include "vt-draft.h"
#include "vt-session.h"
#include "vt-store.h"

G_BEGIN_DECLS

/* The kiosk's one way to its store: the GTK application never holds a
 * VtStore of its own.
 *
 * The threading rule (the one vt-store.h states, as the kiosk keeps it): a
 * VtStore connection is used by one thread at a time.  A VtStoreOwner holds
 * two:
 *
 *   - one for the thread that created the owner (the main thread), used by
 *     vt_store_owner_enqueue() only: the single short transaction that
 *     commits a citizen's application before the receipt shows;
 *   - one for a thread of its own, the worker, which runs every _async call
 *     below, one at a time and in the order they were made, so a call made
 *     after another sees what that one wrote.
 *
 * The sync worker (vt-sync.h) has the third and last connection of the
 * process.  Callbacks run, and "outbox-changed" is emitted, on the
 * thread-default main context of the thread that created the owner.
 *
 * "outbox-changed": after this owner queued an application, or sent a
 * refused one back to the queue, or discarded one; what the outbox holds
 * for sending has changed (the sync worker should look again, a status
 * line count again).
 *
 * "entities-changed": an application just queued created or updated an
 * entity of this kiosk's copy of a list (ODK Entities 2024.1): services
 * loaded from now on see it. */

#define VT_TYPE_STORE_OWNER (vt_store_owner_get_type ())

G_DECLARE_FINAL_TYPE (VtStoreOwner, vt_store_owner, VT, STORE_OWNER, GObject)

VtStoreOwner   *vt_store_owner_new                   (const char           *data_dir);

/* Opens (creating or migrating) the database; calls made before it
 * finishes wait behind it and fail with its error if it fails. */
void            vt_store_owner_open_async            (VtStoreOwner         *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean        vt_store_owner_open_finish           (VtStoreOwner         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* The one call that blocks its caller: the enqueue commit, on the creating
 * thread's connection (see vt_store_enqueue()). */
char           *vt_store_owner_enqueue               (VtStoreOwner                *self,
                                                      VtSubmission                *submission,
                                                      const VtStoreEnqueueOptions *options,
                                                      GError                     **error);

/* --demo: vt_demo_add_forms() from dir; how many were added. */
void            vt_store_owner_add_demo_forms_async  (VtStoreOwner         *self,
                                                      const char           *dir,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
int             vt_store_owner_add_demo_forms_finish (VtStoreOwner         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* The active forms, parsed: VtForm *.  A stored form that no longer
 * parses is left out with a line in the log. */
void            vt_store_owner_load_services_async   (VtStoreOwner         *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
GPtrArray      *vt_store_owner_load_services_finish  (VtStoreOwner         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* vt_store_check_writable(): room for one more application. */
void            vt_store_owner_check_writable_async  (VtStoreOwner         *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean        vt_store_owner_check_writable_finish (VtStoreOwner         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* vt_store_get_application_counts() with vt_kiosk_own_forms(): what a
 * citizen or clerk reads as "applications". */
void            vt_store_owner_get_counts_async      (VtStoreOwner         *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean        vt_store_owner_get_counts_finish     (VtStoreOwner         *self,
                                                      GAsyncResult         *result,
                                                      VtStoreCounts        *counts,
                                                      GError              **error);

/* vt_store_list_submissions(): VtStoreSubmissionInfo *. */
void            vt_store_owner_list_submissions_async  (VtStoreOwner       *self,
                                                        guint               state_mask,
                                                        guint               limit,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
GPtrArray      *vt_store_owner_list_submissions_finish (VtStoreOwner       *self,
                                                        GAsyncResult       *result,
                                                        GError            **error);

/* vt_store_requeue_rejected() and vt_store_discard(); both emit
 * "outbox-changed" when they succeed. */
void            vt_store_owner_requeue_async         (VtStoreOwner         *self,
                                                      const char           *instance_id,
                                                      const char           *actor,
                                                      gint64                now,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean        vt_store_owner_requeue_finish        (VtStoreOwner         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void            vt_store_owner_discard_async         (VtStoreOwner         *self,
                                                      const char           *instance_id,
                                                      const char           *reason,
                                                      const char           *actor,
                                                      gint64                now,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean        vt_store_owner_discard_finish        (VtStoreOwner         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* A receipt by its reference code as a person typed it
 * (vt_store_get_receipt()), or by instanceID (vt_store_get_receipt_for()):
 * exactly one of reference and instance_id. */
void            vt_store_owner_get_receipt_async     (VtStoreOwner         *self,
                                                      const char           *reference,
                                                      const char           *instance_id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
VtReceipt      *vt_store_owner_get_receipt_finish    (VtStoreOwner         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* vt_store_add_event(); callback may be NULL when nobody waits for it. */
void            vt_store_owner_add_event_async       (VtStoreOwner         *self,
                                                      const char           *instance_id,
                                                      const char           *what,
                                                      const char           *actor,
                                                      const char           *detail,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean        vt_store_owner_add_event_finish      (VtStoreOwner         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* vt_clerk_verify_pin() at now; the owner's copy of pin is wiped once
 * checked.  VT_CLERK_PIN_ERROR with error when the store failed. */
void             vt_store_owner_verify_pin_async     (VtStoreOwner         *self,
                                                      const char           *pin,
                                                      gint64                now,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
VtClerkPinResult vt_store_owner_verify_pin_finish    (VtStoreOwner         *self,
                                                      GAsyncResult         *result,
                                                      gint64               *locked_until,
                                                      GError              **error);

/* vt_bundle_export() of every unsent application into dir, signed with
 * the kiosk's key and, with recipient_key ([bundle] recipient-key, or
 * NULL), encrypted for the municipality: the bundle's path, and how many it
 * holds in n_exported. */
void            vt_store_owner_export_async          (VtStoreOwner         *self,
                                                      const char           *origin,
                                                      const char           *dir,
                                                      const char           *actor,
                                                      const char           *recipient_key,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
char           *vt_store_owner_export_finish         (VtStoreOwner         *self,
                                                      GAsyncResult         *result,
                                                      guint                *n_exported,
                                                      GError              **error);

/* Drafts (vt-draft.h).  save dumps session's answers on the calling
 * thread before it returns, so the session may change or go right after;
 * created_at is when the application was first started (the resumed
 * draft's, or now).  list purges expired drafts first: VtDraftInfo *. */
void            vt_store_owner_save_draft_async      (VtStoreOwner         *self,
                                                      VtSession            *session,
                                                      const char           *reference,
                                                      const char           *clerk,
                                                      const char           *service_title,
                                                      gint64                created_at,
                                                      gint64                now,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
char           *vt_store_owner_save_draft_finish     (VtStoreOwner         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void            vt_store_owner_resume_draft_async    (VtStoreOwner         *self,
                                                      const char           *reference,
                                                      int                   draft_days,
                                                      gint64                now,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
VtSession      *vt_store_owner_resume_draft_finish   (VtStoreOwner         *self,
                                                      GAsyncResult         *result,
                                                      VtDraftInfo         **info,
                                                      GError              **error);
/* The entity lists the kiosk holds (VtEntityListInfo *, vt-entities.h). */
void            vt_store_owner_list_entity_lists_async  (VtStoreOwner         *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GPtrArray      *vt_store_owner_list_entity_lists_finish (VtStoreOwner         *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void            vt_store_owner_list_drafts_async     (VtStoreOwner         *self,
                                                      int                   draft_days,
                                                      gint64                now,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
GPtrArray      *vt_store_owner_list_drafts_finish    (VtStoreOwner         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void            vt_store_owner_delete_draft_async    (VtStoreOwner         *self,
                                                      const char           *reference,
                                                      const char           *clerk,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean        vt_store_owner_delete_draft_finish   (VtStoreOwner         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* The citizen's answer to "How easy was this?" (vt-feedback.h): its
 * submission made and queued on the worker, held back for a random time up
 * to delay_seconds; nothing of the application goes with it (the service's
 * form id and the language do).  Emits "outbox-changed"; the feedback's
 * own instanceID comes back. */
void            vt_store_owner_send_feedback_async   (VtStoreOwner         *self,
                                                      int                   ease,
                                                      const char           *comment,
                                                      const char           *service_form_id,
                                                      const char           *language,
                                                      const char           *queue_title,
                                                      int                   delay_seconds,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
char           *vt_store_owner_send_feedback_finish  (VtStoreOwner         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* Anything this header has no call for (a test, a one-off repair): func
 * runs on the worker with its connection, in order with the calls above;
 * its result (freed with result_free when nobody takes it; NULL without an
 * error is a result too) or its error comes back through
 * vt_store_owner_run_finish(). */
typedef gpointer (*VtStoreOwnerFunc) (VtStore   *store,
                                      gpointer   data,
                                      GError   **error);

void            vt_store_owner_run_async             (VtStoreOwner         *self,
                                                      VtStoreOwnerFunc      func,
                                                      gpointer              data,
                                                      GDestroyNotify        data_free,
                                                      GDestroyNotify        result_free,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gpointer        vt_store_owner_run_finish            (VtStoreOwner         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

G_END_DECLS
