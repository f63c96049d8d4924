#define G_LOG_DOMAIN "vt-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vt-openrosa.h"
#include "vt-sync-private.h"

/* Retry-After is honoured, but a server asking for more than a day is
 * asking for something else. */
#define MAX_RETRY_AFTER_SECONDS (24 * 3600.0)

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

void
vt_sync_report_clear (VtSyncReport *report)
{
  g_clear_pointer (&report->error, g_free);
  memset (report, 0, sizeof *report);
}

static void
report_error (VtSyncReport *report,
              const char   *message)
{
  g_free (report->error);
  report->error = g_strdup (message);
}

double
vt_sync_backoff_seconds (double  retry_min,
                         double  retry_max,
                         int     failures,
                         double  retry_after,
                         GRand  *rand)
{
  double cap = retry_min * ldexp (1.0, CLAMP (failures, 1, 60) - 1);
  double delay;

  cap = MIN (cap, retry_max);
  cap = MAX (cap, retry_min);
  delay = retry_min + (rand != NULL ? g_rand_double (rand) : g_random_double ()) * (cap - retry_min);
  if (retry_after >= 0)
    delay = MAX (delay, MIN (retry_after, MAX_RETRY_AFTER_SECONDS));
  return delay;
}

/* ---- the runner: one pass from the calling thread -------------------------- */

struct _VtSyncRunner
{
  VtStore        *store;           /* not owned */
  VtOpenRosa     *client;
  double          retry_min;
  double          retry_max;
  guint           parallel;
  gint64          lease_usec;
  GRand          *rand;
  int             offline_failures;
  gint64          offline_until;
  GArray         *retry_times;     /* gint64: next_attempt_at values still ahead */
  gboolean        online;
  gint64          last_success;
  int             retention_days;
  int             draft_days;
  gint64          last_retention;  /* when old payloads and drafts were last purged */
  VtSyncRunnerProgressFunc progress;  /* after each burst of answers is written */
  gpointer        progress_data;
};

static gint64
vt_sync_seconds_to_usec (double seconds)
{
  return (gint64) (seconds * G_TIME_SPAN_SECOND);
}

static VtSyncRunner *
vt_sync_runner_new_with_client (VtOpenRosa *client,
                                VtStore    *store,
                                VtConfig   *config)
{
  VtSyncRunner *runner = g_new0 (VtSyncRunner, 1);
  g_autoptr(GPtrArray) pending = NULL;
  gint64 now = g_get_real_time ();

  runner->client = client;
  runner->store = store;
  runner->retry_min = config->retry_min_seconds;
  runner->retry_max = MAX (config->retry_max_seconds, config->retry_min_seconds);
  runner->parallel = CLAMP (config->parallel, 1, 16);
  runner->retention_days = config->retention_days;
  runner->draft_days = config->draft_days;
  /* A claimed row is answered within a few request timeouts (a run of
   * failures stops the pass and gives the rest back); a lease left by a
   * process that died expires a little after that. */
  runner->lease_usec = vt_sync_seconds_to_usec (3 * (config->request_timeout_seconds > 0 ? config->request_timeout_seconds : 900) + 1);
  runner->rand = g_rand_new ();
  runner->retry_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  vt_openrosa_set_parallel (client, runner->parallel);

  /* What an earlier run left waiting: its retry times and its leases. */
  pending = vt_store_list_submissions (store,
                                       VT_STORE_STATE_MASK (VT_STORE_STATE_QUEUED) |
                                       VT_STORE_STATE_MASK (VT_STORE_STATE_SENDING),
                                       0, NULL);
  for (guint i = 0; pending != NULL && i < pending->len; i++)
    {
      VtStoreSubmissionInfo *info = g_ptr_array_index (pending, i);
      gint64 when = info->state == VT_STORE_STATE_SENDING ? now + runner->lease_usec
                                                          : info->next_attempt_at;
      if (when > now)
        g_array_append_val (runner->retry_times, when);
    }

  return runner;
}

void
vt_sync_runner_set_progress (VtSyncRunner             *runner,
                             VtSyncRunnerProgressFunc  func,
                             gpointer                  data)
{
  g_return_if_fail (runner != NULL);
  runner->progress = func;
  runner->progress_data = data;
}

VtSyncRunner *
vt_sync_runner_new (VtConfig  *config,
                    VtStore   *store,
                    GError   **error)
{
  VtOpenRosa *client;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (store != NULL, NULL);

  client = vt_openrosa_new (config, error);
  if (client == NULL)
    return NULL;
  return vt_sync_runner_new_with_client (client, store, config);
}

void
vt_sync_runner_free (VtSyncRunner *runner)
{
  if (runner == NULL)
    return;
  g_clear_pointer (&runner->client, vt_openrosa_free);
  g_rand_free (runner->rand);
  g_array_unref (runner->retry_times);
  g_free (runner);
}

gint64
vt_sync_runner_next_due (VtSyncRunner *runner,
                         gint64        limit)
{
  gint64 now = g_get_real_time ();
  gint64 next = limit;

  /* A time already past is for the next pass, which starts at once and
   * claims it; forget it then. */
  for (guint i = 0; i < runner->retry_times->len;)
    {
      gint64 t = g_array_index (runner->retry_times, gint64, i);

      if (t <= now)
        {
          g_array_remove_index_fast (runner->retry_times, i);
          next = MIN (next, now);
          continue;
        }
      next = MIN (next, t);
      i++;
    }

  /* Offline, nothing can be sent before the next probe. */
  if (!runner->online && runner->offline_until > now)
    next = MIN (limit, runner->offline_until);

  return next;
}

static VtSyncStatus
status_for_error (const GError *error)
{
  if (g_error_matches (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_AUTH))
    return VT_SYNC_STATUS_AUTH_FAILED;
  if (g_error_matches (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_TLS))
    return VT_SYNC_STATUS_TLS_FAILED;
  if (g_error_matches (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_NOT_CONFIGURED))
    return VT_SYNC_STATUS_NOT_CONFIGURED;
  return VT_SYNC_STATUS_OFFLINE;
}

static void
went_offline (VtSyncRunner *runner)
{
  runner->online = FALSE;
  runner->offline_failures++;
  runner->offline_until = g_get_real_time () +
    vt_sync_seconds_to_usec (vt_sync_backoff_seconds (runner->retry_min, runner->retry_max,
                                                      runner->offline_failures, -1, runner->rand));
}

static gboolean
is_transport_failure (const VtOpenRosaReply *reply)
{
  if (reply->outcome != VT_OPENROSA_OUTCOME_RETRY)
    return FALSE;
  switch (reply->error_code)
    {
    case VT_OPENROSA_ERROR_NETWORK:
    case VT_OPENROSA_ERROR_TIMEOUT:
    case VT_OPENROSA_ERROR_TLS:
    case VT_OPENROSA_ERROR_NOT_OPENROSA:
      return TRUE;
    default:
      return FALSE;
    }
}

/* ---- a pass over the outbox --------------------------------------------------
 *
 * One thread does everything: it claims due rows from the store, hands them
 * to the client as its connections ask for work, and writes the answers
 * back.  The store works in batches, because each batch is one durable
 * commit (an fsync) and the commit, more than the rows, is what costs:
 * rows are claimed CLAIM_PER_CONNECTION per connection at a time, and the
 * answers are written before each claim (and at the end, and while answers
 * come slowly, at most MAX_MARK_DELAY_USEC after the first of them).
 * While a batch is written the connections' requests go on; only a
 * connection that finished in the meantime waits for its next one.  A
 * second thread for the database would spare it that wait, but on a real
 * link the connections wait on the network far longer than a batch takes,
 * and on bench-sync's loopback, where they do not, a pass stays within its
 * goal without one.
 *
 * Exactly once rests on the order of things, not on timing: a row is handed
 * to the client only after its lease is committed, and marked only after
 * the server answered.  A crash or a failed write loses marks only; the
 * rows stay leased, are sent again byte for byte when the lease ends, and
 * the server keeps them once (the instanceID is the idempotency key). */

/* Rows leased per connection by one claim: enough that a claim's commit is
 * shared by many requests, few enough that a slow link does not hold many
 * rows leased before it can send them. */
#define CLAIM_PER_CONNECTION 16
/* How long the first of a burst of answers may wait to be written: on a
 * slow link the next claim is far away, and the status line and the disk
 * should hear of each delivery soon. */
#define MAX_MARK_DELAY_USEC (200 * G_TIME_SPAN_MILLISECOND)

typedef enum
{
  MARK_SENT,
  MARK_RETRY,
  MARK_RELEASE,
  MARK_REJECTED,
} MarkKind;

/* A server's answer about one claimed row, waiting to be written. */
typedef struct
{
  VtStoreItem     *item;
  VtOpenRosaReply *reply;
  MarkKind         kind;
  gint64           next_attempt_at;
  gint64           time;
} Mark;

static void
mark_free (Mark *m)
{
  vt_openrosa_reply_free (m->reply);
  vt_store_item_free (m->item);
  g_free (m);
}

typedef struct
{
  VtSyncRunner *runner;
  VtSyncReport *report;
  gint64        start;              /* claims take only what was due then */
  GQueue        ready;              /* VtStoreItem *, leased, not handed to the client yet */
  GHashTable   *in_flight;          /* VtSubmission * the client holds -> its VtStoreItem * */
  GPtrArray     *marks;             /* Mark *, answered, not written yet */
  gint64        first_mark_at;      /* monotonic time of the oldest of marks */
  gboolean      exhausted;          /* the store has nothing more due */
  gboolean      stop;               /* hand out nothing more: credentials, the link, the disk */
  gboolean      auth_failed;
  guint         transport_streak;   /* requests lost on the way in a row */
} Pass;

/* The database failed: nothing more is handed out.  The rows whose marks
 * were not written stay leased (see above). */
static void
pass_fail (Pass       *pass,
           const char *message)
{
  pass->report->status = VT_SYNC_STATUS_ERROR;
  report_error (pass->report, message);
  pass->stop = TRUE;
}

static gboolean
apply_mark (VtSyncRunner  *runner,
            Mark          *m,
            GError       **error)
{
  const char *id = m->item->instance_id;
  VtOpenRosaReply *reply = m->reply;

  switch (m->kind)
    {
    case MARK_SENT:
      return vt_store_mark_sent (runner->store, id, reply->http_status, reply->response,
                                 m->time, error);
    case MARK_RETRY:
      return vt_store_mark_retry (runner->store, id, reply->http_status, reply->message,
                                  m->next_attempt_at, m->time, error);
    case MARK_RELEASE:
      return vt_store_release (runner->store, id, reply->message, m->time, m->time, error);
    case MARK_REJECTED:
      return vt_store_mark_rejected (runner->store, id, reply->http_status, reply->message,
                                     m->time, error);
    default:
      g_assert_not_reached ();
    }
}

/* Writes the answers so far with one commit. */
static void
write_marks (Pass *pass)
{
  VtSyncRunner *runner = pass->runner;
  g_autoptr(GError) error = NULL;
  gboolean batched;

  if (pass->marks->len == 0)
    return;

  /* Without a batch (the database is locked or failing) each mark
   * commits alone, as it would outside a batch. */
  batched = vt_store_begin_batch (runner->store, NULL);
  for (guint i = 0; i < pass->marks->len; i++)
    {
      g_autoptr(GError) mark_error = NULL;

      if (!apply_mark (runner, g_ptr_array_index (pass->marks, i), &mark_error))
        pass_fail (pass, mark_error->message);
    }
  if (batched && !vt_store_commit_batch (runner->store, &error))
    pass_fail (pass, error->message);
  g_ptr_array_set_size (pass->marks, 0);
  pass->first_mark_at = 0;

  if (runner->progress != NULL)
    runner->progress (runner, runner->progress_data);
}

/* Leases the next rows due, with one commit. */
static void
claim_more (Pass *pass)
{
  VtSyncRunner *runner = pass->runner;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = vt_store_claim (runner->store, runner->parallel * CLAIM_PER_CONNECTION,
                                               runner->lease_usec, pass->start, &error);

  if (items == NULL)
    {
      pass_fail (pass, error->message);
      return;
    }
  pass->exhausted = items->len == 0;
  for (guint i = 0; i < items->len; i++)
    g_queue_push_tail (&pass->ready, g_ptr_array_steal_index (items, i--));
}

/* The client's next submission: a VtSubmission that borrows the claimed
 * row's strings (freed with g_free() when answered). */
static VtSubmission *
pass_next_cb (gpointer data)
{
  Pass *pass = data;
  VtStoreItem *item;
  VtSubmission *submission;

  if (pass->ready.length == 0 && !pass->exhausted && !pass->stop)
    {
      /* The answers so far are written before more rows are leased, so a
       * pass never holds more than one claim's answers unwritten. */
      write_marks (pass);
      if (!pass->stop)
        claim_more (pass);
    }
  if (pass->stop || (item = g_queue_pop_head (&pass->ready)) == NULL)
    return NULL;

  submission = g_new0 (VtSubmission, 1);
  submission->instance_id = item->instance_id;
  submission->form_id = item->form_id;
  submission->form_version = item->form_version;
  submission->xml = item->xml != NULL ? item->xml : (char *) "";
  submission->attachments = item->attachments;
  g_hash_table_insert (pass->in_flight, submission, item);
  return submission;
}

/* What the answer means for the row and for the rest of the pass. */
static Mark *
mark_new (Pass            *pass,
          VtStoreItem     *item,
          VtOpenRosaReply *reply)
{
  VtSyncRunner *runner = pass->runner;
  VtSyncReport *report = pass->report;
  Mark *m = g_new0 (Mark, 1);

  m->item = item;
  m->reply = reply;
  m->time = g_get_real_time ();

  switch (reply->outcome)
    {
    case VT_OPENROSA_OUTCOME_SENT:
      m->kind = MARK_SENT;
      report->sent++;
      runner->last_success = m->time;
      pass->transport_streak = 0;
      return m;

    case VT_OPENROSA_OUTCOME_AUTH:
      /* Not the submission's fault: its attempt is given back. */
      m->kind = MARK_RELEASE;
      report->released++;
      pass->auth_failed = TRUE;
      pass->stop = TRUE;
      break;

    case VT_OPENROSA_OUTCOME_REJECTED:
      m->kind = MARK_REJECTED;
      report->rejected++;
      pass->transport_streak = 0;
      break;

    case VT_OPENROSA_OUTCOME_RETRY:
    default:
      if (reply->error_code == VT_OPENROSA_ERROR_CANCELLED)
        {
          m->kind = MARK_RELEASE;
          report->released++;
          return m;
        }

      m->kind = MARK_RETRY;
      m->next_attempt_at = m->time +
        vt_sync_seconds_to_usec (vt_sync_backoff_seconds (runner->retry_min, runner->retry_max,
                                                          item->attempts, reply->retry_after, runner->rand));
      g_array_append_val (runner->retry_times, m->next_attempt_at);
      report->retried++;
      if (is_transport_failure (reply))
        pass->transport_streak++;
      else
        pass->transport_streak = 0;
      /* Several requests in a row lost on the way: the link is down;
       * probe again after a backoff instead of burning the queue. */
      if (pass->transport_streak >= 2 * runner->parallel)
        {
          if (!pass->stop && report->status == VT_SYNC_STATUS_IDLE)
            report->status = VT_SYNC_STATUS_OFFLINE;
          pass->stop = TRUE;
        }
      break;
    }

  report_error (report, reply->message);
  return m;
}

static void
pass_done_cb (VtSubmission    *submission,
              VtOpenRosaReply *reply,
              gpointer         data)
{
  Pass *pass = data;
  VtStoreItem *item = NULL;
  gint64 now = g_get_monotonic_time ();

  if (!g_hash_table_steal_extended (pass->in_flight, submission, NULL, (gpointer *) &item))
    g_assert_not_reached ();
  g_free (submission);

  g_ptr_array_add (pass->marks, mark_new (pass, item, reply));
  if (pass->first_mark_at == 0)
    pass->first_mark_at = now;
  else if (now - pass->first_mark_at > MAX_MARK_DELAY_USEC)
    write_marks (pass);
}

/* Sends what is due, keeping every connection busy. */
static void
send_due (VtSyncRunner *runner,
          GCancellable *cancellable,
          VtSyncReport *report)
{
  Pass pass = { 0 };
  gint64 now = g_get_real_time ();

  pass.runner = runner;
  pass.report = report;
  pass.start = now;
  g_queue_init (&pass.ready);
  pass.in_flight = g_hash_table_new (NULL, NULL);
  pass.marks = g_ptr_array_new_with_free_func ((GDestroyNotify) mark_free);

  vt_openrosa_submit_stream (runner->client, pass_next_cb, pass_done_cb, &pass, cancellable);
  /* The client answers every submission it took, if only with "stopped". */
  g_assert (g_hash_table_size (pass.in_flight) == 0);
  write_marks (&pass);

  /* Leased but never handed over (the pass stopped early): given back. */
  while (pass.ready.length > 0)
    {
      g_autoptr(VtStoreItem) item = g_queue_pop_head (&pass.ready);

      vt_store_release (runner->store, item->instance_id, NULL, now, g_get_real_time (), NULL);
      report->released++;
    }

  g_debug ("Pass over: %u sent, %u to retry, %u rejected, %u given back in %.3f s",
           report->sent, report->retried, report->rejected, report->released,
           (g_get_real_time () - now) / 1e6);

  if (pass.auth_failed)
    {
      report->status = VT_SYNC_STATUS_AUTH_FAILED;
      runner->online = FALSE;
    }
  else if (report->status == VT_SYNC_STATUS_OFFLINE)
    went_offline (runner);

  g_hash_table_unref (pass.in_flight);
  g_ptr_array_unref (pass.marks);
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  return g_strndup (data, size);
}

gboolean
vt_sync_store_form (VtStore             *store,
                    VtOpenRosa          *client,
                    VtOpenRosaFormInfo  *info,
                    GCancellable        *cancellable,
                    VtSyncFormResult    *result,
                    guint               *n_media,
                    GError             **error)
{
  g_autoptr(VtStoreForm) existing = NULL;
  g_autoptr(VtOpenRosaForm) form = NULL;
  g_autoptr(GPtrArray) media = NULL;
  g_autofree char *xml = NULL;
  VtStoreForm new_form = { 0 };

  g_return_val_if_fail (store != NULL && client != NULL && info != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  existing = vt_store_get_form (store, info->form_id, info->version, NULL);
  if (existing != NULL && g_strcmp0 (existing->md5_hash, info->hash) == 0)
    {
      *result = VT_SYNC_FORM_UNCHANGED;
      if (n_media != NULL)
        *n_media = existing->media != NULL ? existing->media->len : 0;
      return TRUE;
    }

  form = vt_openrosa_download_form (client, info, cancellable, error);
  if (form == NULL)
    return FALSE;

  media = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_store_media_free);
  for (guint m = 0; m < form->media->len; m++)
    {
      VtOpenRosaMediaFile *file = g_ptr_array_index (form->media, m);
      VtStoreMedia *sm = g_new0 (VtStoreMedia, 1);

      sm->name = g_strdup (file->filename);
      sm->md5_hash = g_strdup (file->hash);
      sm->bytes = g_bytes_ref (file->bytes);
      g_ptr_array_add (media, sm);
    }

  xml = bytes_to_string (form->xml);
  new_form.form_id = info->form_id;
  new_form.version = info->version != NULL ? info->version : (char *) "";
  new_form.title = info->name != NULL ? info->name : info->form_id;
  new_form.md5_hash = info->hash;
  new_form.xml = xml;
  new_form.media = media;
  new_form.source = (char *) "server";
  new_form.active = TRUE;
  new_form.added_at = g_get_real_time ();
  if (!vt_store_add_form (store, &new_form, error))
    return FALSE;

  *result = existing != NULL ? VT_SYNC_FORM_UPDATED : VT_SYNC_FORM_NEW;
  if (n_media != NULL)
    *n_media = form->media->len;
  return TRUE;
}

static void
refresh_forms (VtSyncRunner *runner,
               GCancellable *cancellable,
               VtSyncReport *report)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = vt_openrosa_list_forms (runner->client, cancellable, &error);

  if (list == NULL)
    {
      report->forms_failed++;
      report_error (report, error->message);
      return;
    }

  for (guint i = 0; i < list->len; i++)
    {
      VtOpenRosaFormInfo *info = g_ptr_array_index (list, i);
      g_autoptr(GError) local_error = NULL;
      VtSyncFormResult result;

      if (!vt_sync_store_form (runner->store, runner->client, info, cancellable, &result, NULL,
                               &local_error))
        {
          report->forms_failed++;
          report_error (report, local_error->message);
          continue;
        }
      if (result != VT_SYNC_FORM_UNCHANGED)
        {
          g_info ("Form %s version %s stored", info->form_id, info->version != NULL ? info->version : "");
          report->forms_added++;
        }
    }
}

/* Delivered applications keep their receipt and events but lose their
 * content after [sync] retention-days, and unfinished drafts go after
 * [clerk] draft-days.  Checked at the end of every pass, also one that
 * found the server unreachable: drafts hold a citizen's personal data, and
 * a field office can be offline for weeks.  At most once an hour: the
 * purge walks only rows it has not purged yet, but there is no need to ask
 * every pass. */
static void
apply_retention (VtSyncRunner *runner,
                 gint64        now)
{
  g_autoptr(GError) error = NULL;

  if (runner->last_retention != 0 && now - runner->last_retention < G_TIME_SPAN_HOUR)
    return;
  runner->last_retention = now;

  if (!vt_store_apply_retention (runner->store, runner->retention_days, runner->draft_days, now, &error))
    g_message ("Could not purge old applications (they are kept): %s", error->message);
}

static gboolean
run_pass (VtSyncRunner    *runner,
          VtSyncPassFlags  flags,
          GCancellable    *cancellable,
          VtSyncReport    *report)
{
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();

  report->status = VT_SYNC_STATUS_IDLE;

  if (!runner->online && now < runner->offline_until && !(flags & VT_SYNC_PASS_FORCE))
    {
      /* Still backing off from the last failed probe. */
      report->status = VT_SYNC_STATUS_OFFLINE;
      return FALSE;
    }

  if (!vt_openrosa_probe (runner->client, NULL, cancellable, &error))
    {
      report->status = status_for_error (error);
      report_error (report, error->message);
      went_offline (runner);
      return FALSE;
    }
  runner->online = TRUE;
  runner->offline_failures = 0;
  runner->offline_until = 0;

  if (flags & VT_SYNC_PASS_SUBMISSIONS)
    {
      send_due (runner, cancellable, report);
      if (runner->last_success > 0)
        vt_store_set_last_sync (runner->store, runner->last_success, NULL);
    }

  if ((flags & VT_SYNC_PASS_FORMS) && report->status == VT_SYNC_STATUS_IDLE)
    refresh_forms (runner, cancellable, report);

  return report->status == VT_SYNC_STATUS_IDLE;
}

gboolean
vt_sync_runner_pass (VtSyncRunner    *runner,
                     VtSyncPassFlags  flags,
                     GCancellable    *cancellable,
                     VtSyncReport    *report)
{
  gboolean ok;

  g_return_val_if_fail (runner != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  ok = run_pass (runner, flags, cancellable, report);
  /* Whether or not the server answered. */
  apply_retention (runner, g_get_real_time ());
  return ok;
}

static gboolean
nothing_left (VtSyncRunner *runner,
              VtSyncReport *report)
{
  g_autoptr(GError) error = NULL;
  VtStoreCounts counts = { 0 };

  if (!vt_store_get_counts (runner->store, &counts, &error))
    {
      report_error (report, error->message);
      return FALSE;
    }
  return counts.n[VT_STORE_STATE_QUEUED] == 0 && counts.n[VT_STORE_STATE_SENDING] == 0;
}

gboolean
vt_sync_runner_drain (VtSyncRunner *runner,
                      double        timeout_seconds,
                      GCancellable *cancellable,
                      VtSyncReport *report)
{
  gint64 deadline = timeout_seconds > 0 ? g_get_real_time () + vt_sync_seconds_to_usec (timeout_seconds)
                                        : G_MAXINT64;
  VtSyncPassFlags flags = VT_SYNC_PASS_SUBMISSIONS | VT_SYNC_PASS_FORCE;

  for (;;)
    {
      gint64 now, next;

      vt_sync_runner_pass (runner, flags, cancellable, report);
      flags = VT_SYNC_PASS_SUBMISSIONS;

      if (report->status == VT_SYNC_STATUS_AUTH_FAILED || report->status == VT_SYNC_STATUS_ERROR)
        return FALSE;
      if (nothing_left (runner, report))
        {
          report->status = VT_SYNC_STATUS_IDLE;
          return TRUE;
        }
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;

      /* Wait for the next retry, looking again at least every second for
       * rows another process may hand back. */
      now = g_get_real_time ();
      if (now >= deadline)
        return FALSE;
      next = vt_sync_runner_next_due (runner, MIN (deadline, now + G_TIME_SPAN_SECOND));
      next = MIN (next, now + G_TIME_SPAN_SECOND);
      if (next > now)
        g_usleep (next - now);
    }
}

/* ---- the worker --------------------------------------------------------------- */

struct _VtSync
{
  GObject       parent_instance;

  GMainContext *owner_context;
  VtOpenRosa   *client;         /* handed to the thread's runner */
  char         *not_configured;
  VtConfig     *config;         /* a private copy of the values passes need */
  char         *data_dir;
  double        interval;
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
  if (w->store != NULL && vt_store_get_counts (w->store, &counts, NULL))
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
             gboolean *forced)
{
  VtSync *self = w->self;

  g_mutex_lock (&self->lock);
  while (!self->stop && !self->poke && !self->sync_now && g_get_real_time () < wake_at)
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
  self->sync_now = FALSE;
  self->poke = FALSE;
  self->force = FALSE;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/* Opens the worker's own store connection and its runner, which takes the
 * client the object made. */
static gboolean
worker_open (Worker *w)
{
  VtSync *self = w->self;
  g_autoptr(GError) error = NULL;
  Snapshot *snap;

  w->store = vt_store_open (self->data_dir, &error);
  if (w->store != NULL)
    {
      w->runner = vt_sync_runner_new_with_client (g_steal_pointer (&self->client), w->store, self->config);
      vt_sync_runner_set_progress (w->runner, progress_cb, w);
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
  snapshot_post (w, snap);
  vt_sync_report_clear (&report);

  if (w->paused_auth)
    return G_MAXINT64;
  return vt_sync_runner_next_due (w->runner, MIN (w->forms_due_at, g_get_real_time () + interval));
}

static gpointer
worker_thread (gpointer data)
{
  Worker w = { data };
  VtSync *self = w.self;
  gint64 wake_at = 0;
  gboolean sync_now, forced;

  g_mutex_lock (&self->lock);
  w.generation = self->generation;
  g_mutex_unlock (&self->lock);

  while (worker_wait (&w, wake_at, &sync_now, &forced))
    wake_at = worker_pass (&w, sync_now, forced);

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
      return;
    }

  g_mutex_lock (&self->lock);
  self->stop = FALSE;
  g_mutex_unlock (&self->lock);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->thread = g_thread_new ("vt-sync", worker_thread, self);

  if (self->watch_network && self->monitor == NULL)
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

  if (self->status != VT_SYNC_STATUS_STOPPED || self->busy)
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

static void
config_copy_into (VtConfig       *copy,
                  const VtConfig *config)
{
  copy->retry_min_seconds = config->retry_min_seconds;
  copy->retry_max_seconds = config->retry_max_seconds;
  copy->interval_seconds = config->interval_seconds;
  copy->parallel = config->parallel;
  copy->request_timeout_seconds = config->request_timeout_seconds;
  copy->connect_timeout_seconds = config->connect_timeout_seconds;
  copy->stall_timeout_seconds = config->stall_timeout_seconds;
}

VtSync *
vt_sync_new (VtConfig *config)
{
  VtSync *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (VT_TYPE_SYNC, NULL);
  self->config = vt_config_new_default ();
  config_copy_into (self->config, config);
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
}

static void
vt_sync_init (VtSync *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->owner_context = g_main_context_ref_thread_default ();
  self->watch_network = TRUE;
  self->status = VT_SYNC_STATUS_STOPPED;
}
