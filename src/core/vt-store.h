#pragma once

#include <glib.h>

#include "vt-receipt.h"
#include "vt-submission.h"

G_BEGIN_DECLS

/* The kiosk's durable local store: one SQLite database in the data directory
 * holding cached forms, the outbox of submissions with their attachments,
 * receipts, drafts, an append-only event log and a small key/value table.
 * The only module that speaks SQL.
 *
 * A VtStore is one connection and is NOT thread-safe: it is used by one
 * thread at a time.  The kiosk's GTK code never holds one: it goes through a
 * VtStoreOwner (vt-store-owner.h), whose worker thread owns one connection
 * for every call but the enqueue commit, which uses a second on the main
 * thread; the sync worker has its own (docs/ARCHITECTURE.md lists them
 * all).  Two connections at once never surface SQLITE_BUSY: writers take
 * the lock with BEGIN IMMEDIATE under a busy timeout and retry.
 *
 * Times are microseconds since the Unix epoch (g_get_real_time()).  Functions
 * that take `now` use it for every time they write, so tests can drive leases
 * and backoff without waiting.
 *
 * Errors are in VT_STORE_ERROR; their messages are translated and tell a
 * clerk what to do. */

#define VT_STORE_ERROR (vt_store_error_quark ())

typedef enum
{
  VT_STORE_ERROR_FAILED,           /* anything else SQLite reports */
  VT_STORE_ERROR_NEWER_SCHEMA,     /* written by a newer Ventanilla: refused untouched */
  VT_STORE_ERROR_CORRUPT,          /* quick_check failed, or not a database */
  VT_STORE_ERROR_DISK_FULL,
  VT_STORE_ERROR_READ_ONLY,        /* read-only directory, file or filesystem */
  VT_STORE_ERROR_BUSY,             /* another process held the lock too long */
  VT_STORE_ERROR_NOT_FOUND,
  VT_STORE_ERROR_EXISTS,           /* enqueue: that instanceID is already stored */
  VT_STORE_ERROR_WRONG_STATE,      /* a transition the state machine does not allow */
  VT_STORE_ERROR_INVALID,          /* a bad argument: empty id, malformed reference code, too big */
} VtStoreError;

/* queued → sending → sent, or → rejected (a clerk may requeue or discard it).
 * Rows are never deleted before sent; discarded rows are kept too. */
typedef enum
{
  VT_STORE_STATE_QUEUED,
  VT_STORE_STATE_SENDING,
  VT_STORE_STATE_SENT,
  VT_STORE_STATE_REJECTED,
  VT_STORE_STATE_DISCARDED,        /* a clerk gave up on it; kept, never sent */
} VtStoreState;

#define VT_STORE_N_STATES 5
#define VT_STORE_STATE_MASK(state) (1u << (state))
#define VT_STORE_ALL_STATES ((1u << VT_STORE_N_STATES) - 1)

/* Event actors. */
#define VT_STORE_ACTOR_KIOSK "kiosk"
#define VT_STORE_ACTOR_SYNC  "sync"
#define VT_STORE_ACTOR_CLERK "clerk"

/* Well-known meta keys. */
#define VT_STORE_META_LAST_SYNC     "last_sync"      /* decimal usec, vt_store_set_last_sync() */
#define VT_STORE_META_CLERK_PIN     "clerk_pin_hash" /* Argon2id string */
#define VT_STORE_META_KIOSK_ID      "kiosk_id"       /* vt-kiosk-identity.h */

/* Enqueue limits: a kiosk never grows a row beyond these. */
#define VT_STORE_MAX_XML_BYTES        (16 * 1024 * 1024)
#define VT_STORE_MAX_ATTACHMENT_BYTES (32 * 1024 * 1024)

typedef struct _VtStore VtStore;
typedef struct _VtLocalEntity VtLocalEntity;

/* ---- forms ------------------------------------------------------------ */

typedef struct
{
  char   *name;                    /* file name the form references (jr://images/<name>) */
  char   *md5_hash;                /* "md5:…" as the manifest gives it, or NULL */
  GBytes *bytes;
} VtStoreMedia;

typedef struct
{
  char      *form_id;
  char      *version;              /* "" when the form has none */
  char      *title;                /* the form's default title, for lists */
  char      *md5_hash;             /* "md5:…" as the OpenRosa formList gives it */
  char      *xml;                  /* NULL in vt_store_list_forms() results */
  GPtrArray *media;                /* VtStoreMedia *; NULL in list results */
  char      *source;               /* "bundled" or "server" */
  gboolean   active;
  gint64     added_at;
} VtStoreForm;

/* ---- outbox ----------------------------------------------------------- */

/* What the sync worker needs to send one submission. */
typedef struct
{
  char         *instance_id;
  char         *form_id;
  char         *form_version;
  char         *xml;               /* NULL once purged after being sent */
  GPtrArray    *attachments;       /* VtAttachment * (vt-submission.h), checksums verified */
  int           attempts;          /* including the one this claim starts */
  VtStoreState  state;
} VtStoreItem;

/* One row of the clerk's dashboard or `queue --list`. */
typedef struct
{
  char         *instance_id;
  char         *form_id;
  char         *form_version;
  VtStoreState  state;
  int           attempts;
  char         *last_error;        /* or the server's reason when rejected; NULL if none */
  int           http_status;       /* last status the server answered, 0 if none */
  gint64        created_at;
  gint64        next_attempt_at;
  gint64        sent_at;           /* 0 unless sent */
  char         *reference_code;
  char         *service_title;
  char         *assisted_by;
} VtStoreSubmissionInfo;

/* The `queue --json` figures. */
typedef struct
{
  guint  n[VT_STORE_N_STATES];     /* indexed by VtStoreState */
  gint64 oldest_queued;            /* created_at of the oldest unsent (queued/sending) row, 0 if none */
  gint64 last_sync;                /* 0 if never */
  gint64 next_due;                 /* when vt_store_claim() will next find a row: the earliest
                                      next_attempt_at of a queued row or lease end of a sending
                                      one (may be in the past); 0 if nothing is unsent */
} VtStoreCounts;

typedef struct
{
  gint64  id;
  gint64  time;
  char   *instance_id;             /* NULL for events about no submission (a PIN attempt) */
  char   *what;                    /* "enqueued", "sent", "retry", "rejected", "requeued",
                                      "discarded", "lease-expired", "released", "purged",
                                      "sync-auth-refused"… */
  char   *actor;                   /* VT_STORE_ACTOR_* or "clerk:<name>" */
  char   *detail;                  /* or NULL */
} VtStoreEvent;

typedef struct
{
  char   *id;
  char   *form_id;
  char   *form_version;
  char   *answers_json;            /* what the caller saved, opaque to the store */
  char   *saved_by;
  gint64  saved_at;
} VtStoreDraft;

/* Options of vt_store_enqueue(); zero-initialise, then fill what you know. */
typedef struct
{
  const char *service_title;       /* in the citizen's language (required) */
  const char *language;            /* the citizen's language code, or NULL */
  const char *assisted_by;         /* the clerk who filled it in, NULL when self-service */
  const char *actor;               /* event actor; NULL: "kiosk", or "clerk:<assisted_by>" */
  const char *reference_code;      /* NULL: a new one; an import passes the original,
                                      replaced by a new one if taken by another submission */
  gint64      created_at;          /* 0: now */
  gint64      not_before;          /* 0: due at once; else not sent before this time */
} VtStoreEnqueueOptions;

/* Sessions abandoned on one page of one form version (vt-dropoff.h). */
typedef struct
{
  char   *form_id;
  char   *form_version;
  char   *page;
  char   *reason;
  guint64 count;
  gint64  last_at;
} VtStoreDropoff;

GQuark        vt_store_error_quark          (void);

/* Opens (creating if needed, mode 0700/0600) <data_dir>/ventanilla.db, sets
 * WAL, synchronous=FULL, foreign keys, a busy timeout, runs PRAGMA
 * quick_check (unless this process already has the file open) and applies
 * forward migrations in one transaction.  A database from a newer version is
 * refused untouched (NEWER_SCHEMA); a damaged one gives CORRUPT; a data
 * folder the kiosk cannot write gives READ_ONLY. */
VtStore      *vt_store_open                 (const char                  *data_dir,
                                             GError                     **error);
void          vt_store_close                (VtStore                     *self);
const char   *vt_store_get_path             (VtStore                     *self);
int           vt_store_get_schema_version   (VtStore                     *self);

/* Can a new application be accepted now?  Writes and commits a heartbeat in
 * one transaction: DISK_FULL / READ_ONLY / BUSY mean "stop new applications,
 * tell the clerk".  The UI calls it before a citizen starts. */
gboolean      vt_store_check_writable       (VtStore                     *self,
                                             GError                     **error);

/* Forms.  Adding an active version makes it the form's only active version;
 * the same (form_id, version) again replaces its XML, hash and media.  Forms
 * are never deleted, only deactivated, so every queued submission's form
 * version stays known. */
gboolean      vt_store_add_form             (VtStore                     *self,
                                             const VtStoreForm           *form,
                                             GError                     **error);
/* version NULL: the active version (else the latest added).  NOT_FOUND if none. */
VtStoreForm  *vt_store_get_form             (VtStore                     *self,
                                             const char                  *form_id,
                                             const char                  *version,
                                             GError                     **error);
/* VtStoreForm * without xml and media, ordered by title. */
GPtrArray    *vt_store_list_forms           (VtStore                     *self,
                                             gboolean                     active_only,
                                             GError                     **error);
gboolean      vt_store_set_form_active      (VtStore                     *self,
                                             const char                  *form_id,
                                             const char                  *version,
                                             gboolean                     active,
                                             GError                     **error);

/* The file called name among the active forms' media (an entity list is
 * one, OPENROSA.md), the most recently added form's copy; NULL without an
 * error when no active form has it. */
GBytes       *vt_store_find_media           (VtStore                     *self,
                                             const char                  *name,
                                             GError                     **error);

/* ODK Entities changed on this kiosk (vt-entities.h), until the server's
 * list has them.  list: VtLocalEntity * of one dataset (NULL: all), in the
 * order they were changed. */
gboolean      vt_store_put_local_entity     (VtStore                     *self,
                                             const VtLocalEntity         *entity,
                                             GError                     **error);
VtLocalEntity *vt_store_get_local_entity    (VtStore                     *self,
                                             const char                  *dataset,
                                             const char                  *id,
                                             GError                     **error);
GPtrArray    *vt_store_list_local_entities  (VtStore                     *self,
                                             const char                  *dataset,
                                             GError                     **error);
gboolean      vt_store_drop_local_entities  (VtStore                     *self,
                                             const char                  *dataset,
                                             GPtrArray                   *ids,
                                             GError                     **error);

/* One transaction: submission (queued, attempts 0, due now), attachments
 * with their SHA-256, receipt, an "enqueued" event.  Returns the receipt's
 * reference code only after COMMIT; on any error nothing is stored. */
char         *vt_store_enqueue              (VtStore                     *self,
                                             const VtSubmission          *submission,
                                             const VtStoreEnqueueOptions *options,
                                             GError                     **error);

/* Queues a field-office bundle's submissions (vt-bundle.c) in ONE
 * transaction, each with an "imported" event: each keeps its instanceID and,
 * where no other submission holds it, its reference code.  One whose
 * instanceID is already stored (in any state) is left untouched and counted
 * in n_present.  options has submissions->len entries.  On any error
 * nothing is stored. */
gboolean      vt_store_import               (VtStore                     *self,
                                             GPtrArray                   *submissions,
                                             const VtStoreEnqueueOptions *options,
                                             guint                       *n_added,
                                             guint                       *n_present,
                                             GError                     **error);

/* Claims up to max due rows (sending rows whose lease ended first, then
 * queued rows with next_attempt_at <= now, earliest due first) in one BEGIN
 * IMMEDIATE: they become sending with lease_until = now + lease_usec and one
 * more attempt.  A row whose attachment no longer matches its checksum is
 * not returned but marked rejected for a clerk.  Returns VtStoreItem *
 * (empty array when nothing is due); VtStoreCounts.next_due says when to
 * look again. */
GPtrArray    *vt_store_claim                (VtStore                     *self,
                                             guint                        max,
                                             gint64                       lease_usec,
                                             gint64                       now,
                                             GError                     **error);
/* The server has it (201/202, or a duplicate): sent, from queued or sending;
 * already sent is fine.  The response body is kept (cut at 64 KiB). */
gboolean      vt_store_mark_sent            (VtStore                     *self,
                                             const char                  *instance_id,
                                             int                          http_status,
                                             const char                  *response_body,
                                             gint64                       now,
                                             GError                     **error);
/* Not delivered this time: queued again, due at next_attempt_at.
 * http_status 0 for a network error. */
gboolean      vt_store_mark_retry           (VtStore                     *self,
                                             const char                  *instance_id,
                                             int                          http_status,
                                             const char                  *error_text,
                                             gint64                       next_attempt_at,
                                             gint64                       now,
                                             GError                     **error);
/* Returns a claimed row to queued without spending its attempt (401/403:
 * the clerk must fix credentials; the worker is stopping). */
gboolean      vt_store_release              (VtStore                     *self,
                                             const char                  *instance_id,
                                             const char                  *reason,
                                             gint64                       next_attempt_at,
                                             gint64                       now,
                                             GError                     **error);
/* Marks several answers with one durable commit (the sync worker marks a
 * burst of answers at once): between begin and commit, mark_sent,
 * mark_retry, mark_rejected and release apply inside one transaction.  A
 * mark the state machine refuses (WRONG_STATE, NOT_FOUND) changes nothing
 * and the others stand; a write that fails (disk full, I/O error) gives up
 * the whole batch: the marks after it are refused with its error, and
 * commit_batch() rolls the batch back and returns it.  Nothing else may be
 * called in between.  A crash or a batch given up loses only the marks:
 * the rows' leases expire and they are sent again, byte for byte, which
 * the server stores once. */
gboolean      vt_store_begin_batch          (VtStore                     *self,
                                             GError                     **error);
gboolean      vt_store_commit_batch         (VtStore                     *self,
                                             GError                     **error);
/* The server refused it (other 4xx, 409): rejected, reason kept for the clerk. */
gboolean      vt_store_mark_rejected        (VtStore                     *self,
                                             const char                  *instance_id,
                                             int                          http_status,
                                             const char                  *reason,
                                             gint64                       now,
                                             GError                     **error);
/* A clerk fixed the cause: rejected → queued, due now, attempts reset. */
gboolean      vt_store_requeue_rejected     (VtStore                     *self,
                                             const char                  *instance_id,
                                             const char                  *actor,
                                             gint64                       now,
                                             GError                     **error);
/* A clerk gives up on a queued or rejected row: discarded, payload kept. */
gboolean      vt_store_discard              (VtStore                     *self,
                                             const char                  *instance_id,
                                             const char                  *reason,
                                             const char                  *actor,
                                             gint64                       now,
                                             GError                     **error);

gboolean      vt_store_get_counts           (VtStore                     *self,
                                             VtStoreCounts               *counts,
                                             GError                     **error);
/* The citizens' applications: the counts of vt_store_get_counts() less
 * the submissions of the forms in except_forms (NULL-terminated; the
 * kiosk's own, vt_kiosk_own_forms()) in the states that wait, queued and
 * sending, and oldest_queued the oldest of those that are left.  Cheap
 * enough for every screen refresh: it reads only the unsent rows, through
 * their indexes.  The states a row leaves the outbox in (sent, rejected,
 * discarded) keep every form's total, the kiosk's own forms included:
 * telling them apart would read every row. */
gboolean      vt_store_get_application_counts (VtStore                   *self,
                                             const char * const          *except_forms,
                                             VtStoreCounts               *counts,
                                             GError                     **error);
/* The counts of the submissions of form_id alone (the kiosk's own forms:
 * its health reports, the feedback question).  Reads every row: for a
 * report made a few times a day, not for every screen. */
gboolean      vt_store_count_form           (VtStore                     *self,
                                             const char                  *form_id,
                                             guint                        n[VT_STORE_N_STATES],
                                             GError                     **error);
/* VtStoreSubmissionInfo *, oldest first; states is a VT_STORE_STATE_MASK()
 * combination; limit 0 means all. */
GPtrArray    *vt_store_list_submissions     (VtStore                     *self,
                                             guint                        states,
                                             guint                        limit,
                                             GError                     **error);
/* The full payload of one submission, whatever its state (export, clerk view). */
VtStoreItem  *vt_store_get_item             (VtStore                     *self,
                                             const char                  *instance_id,
                                             GError                     **error);

/* Sent rows older than retention_days (by sent_at) lose their XML,
 * attachments and response; submission, receipt and events stay.  Returns how
 * many were purged, or -1 with error set. */
int           vt_store_purge_sent           (VtStore                     *self,
                                             int                          retention_days,
                                             gint64                       now,
                                             GError                     **error);

/* Receipts (vt-receipt.h).  The code may be typed as a person would: any
 * case, spaces or dashes; it is normalised and its check character
 * verified first (VT_RECEIPT_ERROR_INVALID when it is not a code). */
VtReceipt    *vt_store_get_receipt          (VtStore                     *self,
                                             const char                  *reference_code,
                                             GError                     **error);
VtReceipt    *vt_store_get_receipt_for      (VtStore                     *self,
                                             const char                  *instance_id,
                                             GError                     **error);

/* Events: append-only (the database refuses UPDATE and DELETE on them). */
gboolean      vt_store_add_event            (VtStore                     *self,
                                             const char                  *instance_id,
                                             const char                  *what,
                                             const char                  *actor,
                                             const char                  *detail,
                                             GError                     **error);
/* VtStoreEvent *, oldest first; instance_id NULL for all; limit 0: all (the
 * most recent `limit` when set). */
GPtrArray    *vt_store_list_events          (VtStore                     *self,
                                             const char                  *instance_id,
                                             guint                        limit,
                                             GError                     **error);

/* Key/value.  get returns NULL without error when the key is absent. */
char         *vt_store_get_meta             (VtStore                     *self,
                                             const char                  *key,
                                             GError                     **error);
gboolean      vt_store_set_meta             (VtStore                     *self,
                                             const char                  *key,
                                             const char                  *value,
                                             GError                     **error);
/* The value of key, set to value first if the key is absent, in one
 * transaction: two processes asking at once get the same value. */
char         *vt_store_ensure_meta          (VtStore                     *self,
                                             const char                  *key,
                                             const char                  *value,
                                             GError                     **error);
/* Reads key and writes what update decides in one BEGIN IMMEDIATE
 * transaction, so that connections updating it at once (two PIN checks)
 * never lose one another's change.  update receives the value (NULL when
 * absent) and returns TRUE to store *new_value (NULL deletes the key,
 * the store frees it), FALSE to leave the key as it is. */
typedef gboolean (*VtStoreMetaUpdateFunc)   (const char                  *value,
                                             char                       **new_value,
                                             gpointer                     data);
gboolean      vt_store_update_meta          (VtStore                     *self,
                                             const char                  *key,
                                             VtStoreMetaUpdateFunc        update,
                                             gpointer                     data,
                                             GError                     **error);
gboolean      vt_store_set_last_sync        (VtStore                     *self,
                                             gint64                       when,
                                             GError                     **error);

/* Where forms lose people: one more session abandoned on page (for
 * reason), counted in its own transaction; nothing else is kept of it. */
gboolean      vt_store_count_dropoff        (VtStore                     *self,
                                             const char                  *form_id,
                                             const char                  *form_version,
                                             const char                  *page,
                                             const char                  *reason,
                                             gint64                       now,
                                             GError                     **error);
/* VtStoreDropoff *, by form, version, page and reason; totals since the
 * database was made. */
GPtrArray    *vt_store_list_dropoffs        (VtStore                     *self,
                                             GError                     **error);

/* Drafts a clerk keeps while helping someone; unlike submissions they may be
 * deleted, and expire after the configured draft-days. */
gboolean      vt_store_save_draft           (VtStore                     *self,
                                             const VtStoreDraft          *draft,
                                             GError                     **error);
VtStoreDraft *vt_store_get_draft            (VtStore                     *self,
                                             const char                  *id,
                                             GError                     **error);
GPtrArray    *vt_store_list_drafts          (VtStore                     *self,
                                             GError                     **error);
gboolean      vt_store_delete_draft         (VtStore                     *self,
                                             const char                  *id,
                                             GError                     **error);
int           vt_store_purge_drafts         (VtStore                     *self,
                                             int                          max_age_days,
                                             gint64                       now,
                                             GError                     **error);

/* What the sync worker calls after each pass, with the configuration's
 * [sync] retention-days and [clerk] draft-days: vt_store_purge_sent() then
 * vt_store_purge_drafts(), each in its own transaction. */
gboolean      vt_store_apply_retention      (VtStore                     *self,
                                             int                          retention_days,
                                             int                          draft_days,
                                             gint64                       now,
                                             GError                     **error);

const char   *vt_store_state_to_string      (VtStoreState                 state);
gboolean      vt_store_state_from_string    (const char                  *text,
                                             VtStoreState                *state);

void          vt_store_form_free            (VtStoreForm                 *form);
void          vt_store_media_free           (VtStoreMedia                *media);
void          vt_store_item_free            (VtStoreItem                 *item);
void          vt_store_submission_info_free (VtStoreSubmissionInfo       *info);
void          vt_store_event_free           (VtStoreEvent                *event);
void          vt_store_draft_free           (VtStoreDraft                *draft);
void          vt_store_dropoff_free         (VtStoreDropoff              *dropoff);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtStore, vt_store_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtStoreForm, vt_store_form_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtStoreMedia, vt_store_media_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtStoreItem, vt_store_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtStoreSubmissionInfo, vt_store_submission_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtStoreEvent, vt_store_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtStoreDraft, vt_store_draft_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtStoreDropoff, vt_store_dropoff_free)

G_END_DECLS
