/* The background worker (VtSync): a thread with its own store connection
 * that runs passes (vt-sync-runner.c) when poked, on a timer, when the
 * network comes up and when a clerk asks, and tells the thread that made
 * it what happened through properties. */
#define G_LOG_DOMAIN "vt-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vt-kiosk-status.h"
#include "vt-openrosa.h"
#include "vt-sync-private.h"

/* ---- status ----------------------------------------------------------------- */

GType
vt_sync_status_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { VT_SYNC_STATUS_STOPPED, "VT_SYNC_STATUS_STOPPED", "stopped" },
    { VT_SYNC_STATUS_NOT_CONFIGURED, "VT_SYNC_STATUS_NOT_CONFIGURED", "not-configured" },
    { VT_SYNC_STATUS_IDLE, "VT_SYNC_STATUS_IDLE", "idle" },
    { VT_SYNC_STATUS_SENDING, "VT_SYNC_STATUS_SENDING", "sending" },
    { VT_SYNC_STATUS_OFFLINE, "VT_SYNC_STATUS_OFFLINE", "offline" },
    { VT_SYNC_STATUS_AUTH_FAILED, "VT_SYNC_STATUS_AUTH_FAILED", "auth-failed" },
    { VT_SYNC_STATUS_TLS_FAILED, "VT_SYNC_STATUS_TLS_FAILED", "tls-failed" },
    { VT_SYNC_STATUS_ERROR, "VT_SYNC_STATUS_ERROR", "error" },
    { 0, NULL, NULL }
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("VtSyncStatus", values));
  return type;
}

const char *
vt_sync_status_describe (VtSyncStatus status)
{
  switch (status)
    {
    case VT_SYNC_STATUS_STOPPED:
      return _("Sending is stopped");
    case VT_SYNC_STATUS_NOT_CONFIGURED:
      /* Translators: the kiosk has no server address in its configuration. */
      return _("No server configured: applications stay on this kiosk");
    case VT_SYNC_STATUS_IDLE:
      return _("Connected: everything due has been sent");
    case VT_SYNC_STATUS_SENDING:
      return _("Sending applications…");
    case VT_SYNC_STATUS_OFFLINE:
      return _("Not connected: applications are kept and will be sent automatically");
    case VT_SYNC_STATUS_AUTH_FAILED:
      return _("The server refused the kiosk's credentials: a clerk must correct them, then press Sync now");
    case VT_SYNC_STATUS_TLS_FAILED:
      return _("The server's certificate is not trusted: nothing is sent until it is fixed");
    case VT_SYNC_STATUS_ERROR:
      return _("The kiosk's database cannot be used: call technical support");
    default:
      return "";
    }
}

/* ---- the worker --------------------------------------------------------------- */

struct _VtSync
{
  GObject       parent_instance;

  GMainContext *owner_context;
  VtOpenRosa   *client;         /* handed to the thread's runner; NULL without a server */
  char         *not_configured;
  VtConfig     *config;         /* the worker's own copy of the whole configuration */
  char         *data_dir;
  double        interval;
  gint64        retention_interval;  /* usec between two runs of retention */
  VtSyncClockFunc clock;             /* the health reports' time; NULL: g_get_real_time() */
  gpointer      clock_data;
  gboolean      watch_network;
  GNetworkMonitor *monitor_override;  /* NULL: the default one */
  GNetworkMonitor *monitor;
  gulong        monitor_handler;

  GThread      *thread;
  GCancellable *cancellable;
  GMutex        lock;
  GCond         cond;
  gboolean      stop;
  gboolean      poke;
  gboolean      force;          /* the network changed: probe at once */
  gboolean      sync_now;
  gboolean      report_now;     /* a clerk asked for a health report */
  guint         generation;

  /* Seen on the owner's context only. */
  VtSyncStatus  status;
  gboolean      online;
  gboolean      busy;
  guint         counts[VT_STORE_N_STATES];
  gint64        last_success;
  char         *last_error;
  guint         passes;
};

G_DEFINE_FINAL_TYPE (VtSync, vt_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_ONLINE,
  PROP_BUSY,
  PROP_QUEUED,
  PROP_SENDING,
  PROP_SENT,
  PROP_REJECTED,
  PROP_LAST_SUCCESS,
  PROP_LAST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PASS_FINISHED,
  RETENTION_APPLIED,
  FORMS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What the worker tells the owner's context.  It holds only a weak
 * reference: the worker never owns the object, so the last unref (and the
 * join of the worker in dispose) always happens in the owner's thread. */
typedef struct
{
  GWeakRef      self;
  guint         generation;
  gboolean      online;
  gboolean      busy;
  gint64        last_success;
  gboolean      has_counts;
  guint         counts[VT_STORE_N_STATES];
  gboolean      has_status;         /* else the status line keeps what it says */
  VtSyncStatus  status;
  gboolean      has_error;          /* else last-error keeps what it says */
  char         *last_error;         /* NULL: no error now */
  gboolean      pass_finished;
  gboolean      retention_applied;
  gboolean      forms_changed;
} Snapshot;

static void
snapshot_free (gpointer data)
{
  Snapshot *snap = data;

  g_weak_ref_clear (&snap->self);
  g_free (snap->last_error);
  g_free (snap);
}

static gboolean
apply_snapshot_cb (gpointer data)
{
  Snapshot *snap = data;
  g_autoptr(VtSync) self = g_weak_ref_get (&snap->self);
  static const int count_props[VT_STORE_N_STATES] = {
    PROP_QUEUED, PROP_SENDING, PROP_SENT, PROP_REJECTED, 0
  };

  if (self == NULL || snap->generation != self->generation)
    return G_SOURCE_REMOVE;

  g_object_freeze_notify (G_OBJECT (self));
  if (snap->has_status && self->status != snap->status)
    {
      self->status = snap->status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  if (self->online != snap->online)
    {
      self->online = snap->online;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
    }
  if (self->busy != snap->busy)
    {
      self->busy = snap->busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
  if (snap->has_counts)
    for (int s = 0; s < VT_STORE_N_STATES; s++)
      if (self->counts[s] != snap->counts[s])
        {
          self->counts[s] = snap->counts[s];
          if (count_props[s] != 0)
            g_object_notify_by_pspec (G_OBJECT (self), properties[count_props[s]]);
        }
  if (snap->last_success > self->last_success)
    {
      self->last_success = snap->last_success;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SUCCESS]);
    }
  if (snap->has_error && g_strcmp0 (self->last_error, snap->last_error) != 0)
    {
      g_free (self->last_error);
      self->last_error = g_strdup (snap->last_error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  if (snap->pass_finished)
    {
      self->passes++;
      g_signal_emit (self, signals[PASS_FINISHED], 0);
    }
  if (snap->retention_applied)
    g_signal_emit (self, signals[RETENTION_APPLIED], 0);
  if (snap->forms_changed)
    g_signal_emit (self, signals[FORMS_CHANGED], 0);

  return G_SOURCE_REMOVE;
}

/* The worker thread's own state. */
typedef struct
{
  VtSync       *self;
  guint         generation;         /* of the start that made this thread */
  VtStore      *store;              /* the worker's connection, opened at the first pass */
  VtSyncRunner *runner;
  gint64        last_progress;      /* monotonic time of the last progress snapshot */
  gint64        forms_due_at;
  gint64        retention_due_at;
  gboolean      forms_pending;      /* due, and not refreshed yet: the server was out of reach */
  gboolean      paused_auth;        /* wrong credentials stay wrong until a clerk acts */
} Worker;

/* A snapshot of what the runner and the store say now (the runner and the
 * store may not exist yet); the caller sets what else it reports, then
 * posts it with snapshot_post(). */
static Snapshot *
snapshot_new (Worker *w)
{
  Snapshot *snap = g_new0 (Snapshot, 1);
  VtStoreCounts counts;

  g_weak_ref_init (&snap->self, w->self);
  snap->generation = w->generation;
  if (w->runner != NULL)
    {
      snap->online = w->runner->online;
      snap->last_success = w->runner->last_success;
    }
  /* The citizens' applications, as the status line shows them. */
  if (w->store != NULL && vt_store_get_application_counts (w->store, vt_kiosk_own_forms (), &counts, NULL))
    {
      snap->has_counts = TRUE;
      memcpy (snap->counts, counts.n, sizeof snap->counts);
    }
  return snap;
}

static void
snapshot_set_status (Snapshot     *snap,
                     VtSyncStatus  status)
{
  snap->has_status = TRUE;
  snap->status = status;
}

static void
snapshot_set_error (Snapshot   *snap,
                    const char *message)
{
  snap->has_error = TRUE;
  g_free (snap->last_error);
  snap->last_error = g_strdup (message);
}

static void
snapshot_post (Worker   *w,
               Snapshot *snap)
{
  GSource *source = g_idle_source_new ();

  /* Always queued, never run here: signals are emitted in the owner's
   * thread only. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, apply_snapshot_cb, snap, snapshot_free);
  g_source_attach (source, w->self->owner_context);
  g_source_unref (source);
}

static void
progress_cb (VtSyncRunner *runner,
             gpointer      data)
{
  Worker *w = data;
  gint64 now = g_get_monotonic_time ();
  Snapshot *snap;

  /* A status line needs a few updates a second, not one per batch. */
  if (now - w->last_progress < G_TIME_SPAN_MILLISECOND * 250)
    return;
  w->last_progress = now;
  snap = snapshot_new (w);
  snapshot_set_status (snap, VT_SYNC_STATUS_SENDING);
  snap->busy = TRUE;
  snapshot_post (w, snap);
}

/* Waits until there is something to do: a poke, Sync now, a network that
 * came up, or wake_at.  FALSE when the worker is to stop. */
static gboolean
worker_wait (Worker   *w,
             gint64    wake_at,
             gboolean *sync_now,
             gboolean *forced,
             gboolean *report_now)
{
  VtSync *self = w->self;

  g_mutex_lock (&self->lock);
  while (!self->stop && !self->poke && !self->sync_now && !self->report_now && g_get_real_time () < wake_at)
    {
      /* Clamped: "never" (paused) must not overflow the clock. */
      gint64 wait = CLAMP (wake_at - g_get_real_time (), 0, G_TIME_SPAN_HOUR);
      g_cond_wait_until (&self->cond, &self->lock, g_get_monotonic_time () + wait);
    }
  if (self->stop)
    {
      g_mutex_unlock (&self->lock);
      return FALSE;
    }
  *sync_now = self->sync_now;
  *forced = self->force;
  *report_now = self->report_now;
  self->report_now = FALSE;
  self->sync_now = FALSE;
  self->poke = FALSE;
  self->force = FALSE;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/* Opens the worker's own store connection and, with a server, its runner,
 * which takes the client the object made. */
static gboolean
worker_open (Worker *w)
{
  VtSync *self = w->self;
  g_autoptr(GError) error = NULL;
  Snapshot *snap;

  w->store = vt_store_open (self->data_dir, &error);
  if (w->store != NULL)
    {
      if (self->client != NULL)
        {
          w->runner = vt_sync_runner_new_with_client (g_steal_pointer (&self->client), w->store, self->config);
          vt_sync_runner_set_progress (w->runner, progress_cb, w);
        }
      return TRUE;
    }

  snap = snapshot_new (w);
  snapshot_set_status (snap, VT_SYNC_STATUS_ERROR);
  snapshot_set_error (snap, error->message);
  snap->pass_finished = TRUE;
  snapshot_post (w, snap);
  return FALSE;
}

/* One pass, and the status it leaves; returns when to wake next. */
static gint64
worker_pass (Worker   *w,
             gboolean  sync_now,
             gboolean  forced)
{
  VtSync *self = w->self;
  VtSyncReport report = { 0 };
  VtSyncPassFlags flags = VT_SYNC_PASS_SUBMISSIONS;
  gint64 interval = vt_sync_seconds_to_usec (self->interval);
  gint64 now = g_get_real_time ();
  Snapshot *snap;

  if (w->store == NULL && !worker_open (w))
    return now + interval;
  if (w->runner == NULL)
    return G_MAXINT64;    /* no server */

  if (sync_now)
    {
      flags |= VT_SYNC_PASS_FORCE | VT_SYNC_PASS_FORMS;
      w->paused_auth = FALSE;
    }
  if (now >= w->forms_due_at)
    {
      w->forms_pending = TRUE;
      w->forms_due_at = now + interval;
    }
  if (w->forms_pending)
    flags |= VT_SYNC_PASS_FORMS;
  if (forced)
    flags |= VT_SYNC_PASS_FORCE;
  if (w->paused_auth)
    return G_MAXINT64;

  /* Busy, but the status line keeps saying "offline" until a batch
   * actually goes out. */
  snap = snapshot_new (w);
  snap->busy = TRUE;
  snapshot_post (w, snap);

  vt_sync_runner_pass (w->runner, flags, self->cancellable, &report);
  if (report.status == VT_SYNC_STATUS_AUTH_FAILED)
    w->paused_auth = TRUE;
  /* Forms not refreshed because the server was out of reach: at the next
   * pass that reaches it. */
  if ((flags & VT_SYNC_PASS_FORMS) && report.status == VT_SYNC_STATUS_IDLE)
    w->forms_pending = FALSE;

  snap = snapshot_new (w);
  snapshot_set_status (snap, report.status);
  if (report.error != NULL || report.status == VT_SYNC_STATUS_IDLE)
    snapshot_set_error (snap, report.error);
  snap->pass_finished = TRUE;
  snap->forms_changed = report.forms_added > 0;
  snapshot_post (w, snap);
  vt_sync_report_clear (&report);

  if (w->paused_auth)
    return G_MAXINT64;
  return vt_sync_runner_next_due (w->runner, MIN (w->forms_due_at, g_get_real_time () + interval));
}

/* Retention keeps its own time, whatever the passes do, and runs when
 * there are none (no server, credentials refused); returns when it is due
 * next. */
static gint64
worker_retention (Worker *w)
{
  VtSync *self = w->self;
  gint64 now = g_get_real_time ();
  Snapshot *snap;

  if (now < w->retention_due_at)
    return w->retention_due_at;
  if (w->store == NULL && !worker_open (w))
    return now + vt_sync_seconds_to_usec (self->interval);

  vt_sync_apply_retention (w->store, self->config, now, NULL);
  w->retention_due_at = now + self->retention_interval;
  snap = snapshot_new (w);
  snap->retention_applied = TRUE;
  snapshot_post (w, snap);
  return w->retention_due_at;
}

/* The health report (vt-kiosk-status.h): every [kiosk] status-hours by
 * the kiosk's clock, the first that long after the kiosk's first start,
 * and whenever a clerk asks; queued before the pass that sends it, with
 * or without a server (it waits in the outbox like an application).
 * Returns when the next is due (usec, real time). */
static gint64
worker_status (Worker   *w,
               gboolean  asked)
{
  VtSync *self = w->self;
  double hours = self->config->status_hours;
  gint64 now = self->clock != NULL ? self->clock (self->clock_data) : g_get_real_time ();
  gint64 due;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtKioskStatus) status = NULL;

  if (w->store == NULL && !worker_open (w))
    return g_get_real_time () + vt_sync_seconds_to_usec (self->interval);
  if (hours <= 0 && !asked)
    return G_MAXINT64;

  due = vt_kiosk_status_next_due (w->store, hours, now);
  if (!asked && now < due)
    return g_get_real_time () + (due - now);

  status = vt_kiosk_status_collect (w->store, self->config, now, &error);
  if (status == NULL || !vt_kiosk_status_enqueue (w->store, status, &error))
    {
      g_message ("No health report this time: %s", error->message);
      return g_get_real_time () + G_TIME_SPAN_HOUR;
    }
  g_message ("Health report queued");
  if (hours <= 0)
    return G_MAXINT64;
  return g_get_real_time () + (gint64) (hours * G_TIME_SPAN_HOUR);
}

static gpointer
worker_thread (gpointer data)
{
  Worker w = { data };
  VtSync *self = w.self;
  gint64 wake_at = 0;
  gboolean sync_now, forced, report_now;

  g_mutex_lock (&self->lock);
  w.generation = self->generation;
  g_mutex_unlock (&self->lock);

  while (worker_wait (&w, wake_at, &sync_now, &forced, &report_now))
    {
      gint64 retention_at = worker_retention (&w);
      gint64 status_at = worker_status (&w, report_now);

      /* No server: retention and reports are all there is to do. */
      if (w.store != NULL && w.runner == NULL)
        wake_at = MIN (retention_at, status_at);
      else
        wake_at = MIN (MIN (worker_pass (&w, sync_now || report_now, forced), retention_at), status_at);
    }

  /* The client goes back to the object, for a later vt_sync_start(). */
  if (w.runner != NULL)
    self->client = g_steal_pointer (&w.runner->client);
  g_clear_pointer (&w.runner, vt_sync_runner_free);
  g_clear_pointer (&w.store, vt_store_close);
  return NULL;
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    gpointer         data)
{
  VtSync *self = data;

  if (!available)
    return;
  /* A link that just came up is worth a probe now, whatever the backoff. */
  g_mutex_lock (&self->lock);
  self->poke = TRUE;
  self->force = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

void
vt_sync_start (VtSync *self)
{
  g_return_if_fail (VT_IS_SYNC (self));

  if (self->thread != NULL)
    return;

  if (self->client == NULL && self->not_configured != NULL)
    {
      self->status = VT_SYNC_STATUS_NOT_CONFIGURED;
      g_free (self->last_error);
      self->last_error = g_strdup (self->not_configured);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
      /* The thread still runs, for retention alone. */
    }

  g_mutex_lock (&self->lock);
  self->stop = FALSE;
  g_mutex_unlock (&self->lock);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->thread = g_thread_new ("vt-sync", worker_thread, self);

  if (self->not_configured == NULL && self->watch_network && self->monitor == NULL)
    {
      self->monitor = g_object_ref (self->monitor_override != NULL ? self->monitor_override
                                                                   : g_network_monitor_get_default ());
      self->monitor_handler = g_signal_connect (self->monitor, "network-changed",
                                                G_CALLBACK (network_changed_cb), self);
    }
}

void
vt_sync_stop (VtSync *self)
{
  g_return_if_fail (VT_IS_SYNC (self));

  if (self->monitor != NULL)
    {
      g_clear_signal_handler (&self->monitor_handler, self->monitor);
      g_clear_object (&self->monitor);
    }

  if (self->thread == NULL)
    return;

  g_mutex_lock (&self->lock);
  self->stop = TRUE;
  self->generation++;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  g_cancellable_cancel (self->cancellable);
  g_thread_join (g_steal_pointer (&self->thread));

  /* Without a server, still "not configured" (the thread ran retention). */
  if (self->not_configured == NULL && (self->status != VT_SYNC_STATUS_STOPPED || self->busy))
    {
      self->status = VT_SYNC_STATUS_STOPPED;
      self->busy = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

void
vt_sync_poke (VtSync *self)
{
  g_return_if_fail (VT_IS_SYNC (self));

  g_mutex_lock (&self->lock);
  self->poke = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

void
vt_sync_sync_now (VtSync *self)
{
  g_return_if_fail (VT_IS_SYNC (self));

  g_mutex_lock (&self->lock);
  self->sync_now = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

void
vt_sync_report_status (VtSync *self)
{
  g_return_if_fail (VT_IS_SYNC (self));

  g_mutex_lock (&self->lock);
  self->report_now = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

void
vt_sync_set_clock (VtSync          *self,
                   VtSyncClockFunc  clock,
                   gpointer         data)
{
  g_return_if_fail (VT_IS_SYNC (self));
  g_return_if_fail (self->thread == NULL);
  self->clock = clock;
  self->clock_data = data;
}

void
vt_sync_set_watch_network (VtSync   *self,
                           gboolean  watch)
{
  g_return_if_fail (VT_IS_SYNC (self));
  self->watch_network = watch;
}

void
vt_sync_set_network_monitor (VtSync          *self,
                             GNetworkMonitor *monitor)
{
  g_return_if_fail (VT_IS_SYNC (self));
  g_return_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor));
  g_set_object (&self->monitor_override, monitor);
}

VtSyncStatus
vt_sync_get_status (VtSync *self)
{
  g_return_val_if_fail (VT_IS_SYNC (self), VT_SYNC_STATUS_STOPPED);
  return self->status;
}

gboolean
vt_sync_get_online (VtSync *self)
{
  g_return_val_if_fail (VT_IS_SYNC (self), FALSE);
  return self->online;
}

gboolean
vt_sync_get_busy (VtSync *self)
{
  g_return_val_if_fail (VT_IS_SYNC (self), FALSE);
  return self->busy;
}

guint
vt_sync_get_count (VtSync       *self,
                   VtStoreState  state)
{
  g_return_val_if_fail (VT_IS_SYNC (self), 0);
  g_return_val_if_fail (state < VT_STORE_N_STATES, 0);
  return self->counts[state];
}

gint64
vt_sync_get_last_success (VtSync *self)
{
  g_return_val_if_fail (VT_IS_SYNC (self), 0);
  return self->last_success;
}

const char *
vt_sync_get_last_error (VtSync *self)
{
  g_return_val_if_fail (VT_IS_SYNC (self), NULL);
  return self->last_error;
}

guint
vt_sync_get_passes (VtSync *self)
{
  g_return_val_if_fail (VT_IS_SYNC (self), 0);
  return self->passes;
}

VtSync *
vt_sync_new (VtConfig *config)
{
  VtSync *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (VT_TYPE_SYNC, NULL);
  /* All of it: passes and retention read their settings from here, never
   * from defaults (retention-days and draft-days were lost once). */
  self->config = vt_config_copy (config);
  self->data_dir = g_strdup (config->data_dir);
  self->interval = config->interval_seconds;
  self->client = vt_openrosa_new (config, &error);
  if (self->client == NULL)
    {
      self->not_configured = g_strdup (error->message);
      self->status = VT_SYNC_STATUS_NOT_CONFIGURED;
      self->last_error = g_strdup (error->message);
    }
  return self;
}

static void
vt_sync_dispose (GObject *object)
{
  VtSync *self = VT_SYNC (object);

  vt_sync_stop (self);
  g_clear_object (&self->monitor_override);
  G_OBJECT_CLASS (vt_sync_parent_class)->dispose (object);
}

static void
vt_sync_finalize (GObject *object)
{
  VtSync *self = VT_SYNC (object);

  g_clear_pointer (&self->client, vt_openrosa_free);
  g_clear_pointer (&self->config, vt_config_free);
  g_clear_object (&self->cancellable);
  g_main_context_unref (self->owner_context);
  g_free (self->not_configured);
  g_free (self->data_dir);
  g_free (self->last_error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (vt_sync_parent_class)->finalize (object);
}

static void
vt_sync_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  VtSync *self = VT_SYNC (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_QUEUED:
      g_value_set_uint (value, self->counts[VT_STORE_STATE_QUEUED]);
      break;
    case PROP_SENDING:
      g_value_set_uint (value, self->counts[VT_STORE_STATE_SENDING]);
      break;
    case PROP_SENT:
      g_value_set_uint (value, self->counts[VT_STORE_STATE_SENT]);
      break;
    case PROP_REJECTED:
      g_value_set_uint (value, self->counts[VT_STORE_STATE_REJECTED]);
      break;
    case PROP_LAST_SUCCESS:
      g_value_set_int64 (value, self->last_success);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_sync_class_init (VtSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = vt_sync_dispose;
  object_class->finalize = vt_sync_finalize;
  object_class->get_property = vt_sync_get_property;

  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, VT_TYPE_SYNC_STATUS,
                                               VT_SYNC_STATUS_STOPPED, flags);
  properties[PROP_ONLINE] = g_param_spec_boolean ("online", NULL, NULL, FALSE, flags);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, flags);
  properties[PROP_QUEUED] = g_param_spec_uint ("queued", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_SENDING] = g_param_spec_uint ("sending", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_SENT] = g_param_spec_uint ("sent", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_REJECTED] = g_param_spec_uint ("rejected", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_LAST_SUCCESS] = g_param_spec_int64 ("last-success", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PASS_FINISHED] = g_signal_new ("pass-finished", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 0);
  signals[RETENTION_APPLIED] = g_signal_new ("retention-applied", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 0);
  signals[FORMS_CHANGED] = g_signal_new ("forms-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 0);
}

static void
vt_sync_init (VtSync *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->owner_context = g_main_context_ref_thread_default ();
  self->watch_network = TRUE;
  self->status = VT_SYNC_STATUS_STOPPED;
  self->retention_interval = VT_SYNC_RETENTION_INTERVAL;
}

void
vt_sync_set_retention_interval (VtSync *self,
                                double  seconds)
{
  g_return_if_fail (VT_IS_SYNC (self));
  g_return_if_fail (self->thread == NULL);
  self->retention_interval = MAX (vt_sync_seconds_to_usec (seconds), 1);
}
