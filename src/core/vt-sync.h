#pragma once

#include <gio/gio.h>

#include "vt-config.h"
#include "vt-openrosa.h"
#include "vt-store.h"

G_BEGIN_DECLS

/* What the clerk's status line shows. */
typedef enum
{
  VT_SYNC_STATUS_STOPPED,         /* not started, or shut down */
  VT_SYNC_STATUS_NOT_CONFIGURED,  /* no [server] url: offline-only kiosk */
  VT_SYNC_STATUS_IDLE,            /* online, nothing due */
  VT_SYNC_STATUS_SENDING,         /* a pass is running */
  VT_SYNC_STATUS_OFFLINE,         /* no network, a captive portal, server down */
  VT_SYNC_STATUS_AUTH_FAILED,     /* paused until a clerk fixes credentials and syncs now */
  VT_SYNC_STATUS_TLS_FAILED,      /* the server's certificate or key is not trusted */
  VT_SYNC_STATUS_ERROR,           /* the local database cannot be used */
} VtSyncStatus;

#define VT_TYPE_SYNC_STATUS (vt_sync_status_get_type ())
GType          vt_sync_status_get_type      (void) G_GNUC_CONST;

/* A person-readable, translated sentence for a status. */
const char    *vt_sync_status_describe      (VtSyncStatus status);

/* ---- the background worker ------------------------------------------------
 *
 * A VtSync owns a thread with its own database connection and HTTP client.
 * It sends what is due right after vt_sync_poke() (call it after every
 * enqueue), every [sync] interval-seconds, when GNetworkMonitor reports a
 * change, and on vt_sync_sync_now() (the clerk's button, which also lifts a
 * pause for wrong credentials and refreshes forms).  Its properties change
 * on the main context of the thread that created it, so a GTK status line
 * can bind to them:
 *
 *   status        VtSyncStatus
 *   online        gboolean: the server answered the last probe as OpenRosa
 *   busy          gboolean: a pass is running
 *   queued, sending, sent, rejected   guint: rows per state
 *   last-success  gint64: when something was last delivered (usec since the
 *                 epoch, 0 if never in this run)
 *   last-error    char *: the last problem in words for a clerk, or NULL
 *
 * and "pass-finished" is emitted after each pass, "forms-changed" after a
 * pass that stored a new form, a new version, or new media of a form (an
 * entity list the server changed).
 *
 * Retention ([sync] retention-days, [clerk] draft-days) runs in the same
 * thread on a timer of its own: at start and every
 * VT_SYNC_RETENTION_INTERVAL, whether or not a server is configured (the
 * thread then does nothing else and the status stays NOT_CONFIGURED), and
 * "retention-applied" is emitted after each run.  The kiosk's health
 * report is queued there too, every [kiosk] status-hours
 * (vt-kiosk-status.h) and on vt_sync_report_status().  vt_sync_stop() (or the
 * last unref) ends the thread cleanly; a lease it leaves behind expires. */

#define VT_TYPE_SYNC (vt_sync_get_type ())
G_DECLARE_FINAL_TYPE (VtSync, vt_sync, VT, SYNC, GObject)

#define VT_SYNC_RETENTION_INTERVAL G_TIME_SPAN_HOUR

/* Keeps its own copy of config (the password is read here). */
VtSync        *vt_sync_new                  (VtConfig     *config);
void           vt_sync_start                (VtSync       *self);
void           vt_sync_stop                 (VtSync       *self);
void           vt_sync_poke                 (VtSync       *self);
void           vt_sync_sync_now             (VtSync       *self);
/* A health report now (the clerk's button), then a pass that sends it. */
void           vt_sync_report_status        (VtSync       *self);
/* Follow GNetworkMonitor (on by default once started). */
void           vt_sync_set_watch_network    (VtSync       *self,
                                             gboolean      watch);
/* The monitor to follow instead of g_network_monitor_get_default() (for a
 * test, or a monitor of one interface); NULL for the default.  Takes effect
 * at the next vt_sync_start(). */
void           vt_sync_set_network_monitor  (VtSync          *self,
                                             GNetworkMonitor *monitor);

/* Tests: the time the health reports go by (usec since the epoch; the
 * default is g_get_real_time()), so a test moves it on by hours and pokes
 * the worker; before vt_sync_start(). */
typedef gint64 (*VtSyncClockFunc) (gpointer data);
void           vt_sync_set_clock            (VtSync          *self,
                                             VtSyncClockFunc  clock,
                                             gpointer         data);
/* Tests: retention more often than every hour; before vt_sync_start(). */
void           vt_sync_set_retention_interval (VtSync     *self,
                                               double      seconds);

VtSyncStatus   vt_sync_get_status           (VtSync       *self);
gboolean       vt_sync_get_online           (VtSync       *self);
gboolean       vt_sync_get_busy             (VtSync       *self);
/* From vt_store_get_application_counts(): queued and sending are the
 * citizens' applications only, the kiosk's own forms left out. */
guint          vt_sync_get_count            (VtSync       *self,
                                             VtStoreState  state);
gint64         vt_sync_get_last_success     (VtSync       *self);
const char    *vt_sync_get_last_error       (VtSync       *self);
/* How many passes have finished; tests wait on it. */
guint          vt_sync_get_passes           (VtSync       *self);

/* ---- synchronous use: ventanilla-ctl and tests ---------------------------- */

typedef struct
{
  guint         sent;
  guint         retried;
  guint         rejected;
  guint         released;        /* given back unspent (credentials, stopping) */
  guint         forms_added;
  guint         forms_failed;
  VtSyncStatus  status;
  char         *error;           /* last problem for a person, or NULL */
} VtSyncReport;

typedef enum
{
  VT_SYNC_PASS_SUBMISSIONS = 1 << 0,
  VT_SYNC_PASS_FORMS       = 1 << 1,
  VT_SYNC_PASS_FORCE       = 1 << 2,  /* probe even while backing off */
} VtSyncPassFlags;

typedef struct _VtSyncRunner VtSyncRunner;

/* One client and one store connection (not owned) for passes run from the
 * calling thread. */
VtSyncRunner  *vt_sync_runner_new           (VtConfig      *config,
                                             VtStore       *store,
                                             GError       **error);
void           vt_sync_runner_free          (VtSyncRunner  *runner);
/* One pass: probe, then send everything due now (claim, POST, mark, again
 * until nothing is due), and/or refresh forms.  Returns FALSE when the
 * server could not be used (offline, credentials, certificate); the report
 * says why. */
gboolean       vt_sync_runner_pass          (VtSyncRunner     *runner,
                                             VtSyncPassFlags   flags,
                                             GCancellable     *cancellable,
                                             VtSyncReport     *report);
/* Passes, waiting for backoff, until nothing is queued or sending (TRUE)
 * or timeout_seconds pass (FALSE; <= 0 means no limit), or the credentials
 * are refused (FALSE at once). */
gboolean       vt_sync_runner_drain         (VtSyncRunner     *runner,
                                             double            timeout_seconds,
                                             GCancellable     *cancellable,
                                             VtSyncReport     *report);
/* Purges what [sync] retention-days and [clerk] draft-days of config say is
 * past keeping, at time now (usec).  The worker does it every hour; tools
 * that run passes themselves (ventanilla-ctl sync) call it once.  A
 * failure is logged and keeps everything. */
gboolean       vt_sync_apply_retention      (VtStore         *store,
                                             const VtConfig  *config,
                                             gint64           now,
                                             GError         **error);
/* When the runner next has something to do (usec since the epoch), at most
 * `limit`. */
gint64         vt_sync_runner_next_due      (VtSyncRunner     *runner,
                                             gint64            limit);
void           vt_sync_report_clear         (VtSyncReport     *report);

/* The delay before attempt n+1 after n failures: full jitter between
 * retry_min and min(retry_max, retry_min * 2^(n-1)), never less than
 * retry_after (when >= 0).  Public for tests. */
double         vt_sync_backoff_seconds      (double            retry_min,
                                             double            retry_max,
                                             int               failures,
                                             double            retry_after,
                                             GRand            *rand);

/* What vt_sync_store_form() did with a form of the server's list. */
typedef enum
{
  VT_SYNC_FORM_UNCHANGED,         /* this version with this hash is stored already */
  VT_SYNC_FORM_NEW,               /* first version of the form on this kiosk */
  VT_SYNC_FORM_UPDATED,           /* stored beside the versions already there (a new version,
                                   * or this version with a new hash) */
  VT_SYNC_FORM_MEDIA_UPDATED,     /* the same form, with media the manifest says changed
                                   * (an entity list the server changed, OPENROSA.md) */
} VtSyncFormResult;

/* Downloads the form `info` names (and its media, each checked against its
 * hash) and stores it as a new version, unless that version with that hash
 * is stored already.  Older versions stay: a citizen in the middle of one
 * keeps it, queued submissions keep theirs.  Used by the worker's form
 * refresh and by `ventanilla-ctl forms pull`.  A form already stored with
 * this hash still has its manifest read: the files whose hash changed are
 * downloaded again and the form stored with them (MEDIA_UPDATED); a
 * session that has the form open keeps the copy it loaded.  An entity list
 * that cannot be read is refused, and the kiosk keeps the one it has.  A
 * form that names a CSV list (jr://file-csv/) the server does not send is
 * refused with the list's name.  n_media may be NULL;
 * previous_version (may be NULL) gets, for UPDATED, the version the kiosk
 * had before (the active one). */
gboolean       vt_sync_store_form           (VtStore             *store,
                                             VtOpenRosa          *client,
                                             VtOpenRosaFormInfo  *info,
                                             GCancellable        *cancellable,
                                             VtSyncFormResult    *result,
                                             guint               *n_media,
                                             char               **previous_version,
                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtSyncRunner, vt_sync_runner_free)

G_END_DECLS
