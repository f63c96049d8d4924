/* One pass from the calling thread (VtSyncRunner): the probe, the
 * submissions due (claimed, sent, answered, in batches), the forms'
 * refresh; vt_sync_apply_retention(); and drain, passes until nothing is left.  The
 * background worker (vt-sync.c) runs these passes in its thread. */
#define G_LOG_DOMAIN "vt-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vt-kiosk-identity.h"
#include "vt-kiosk-status.h"
#include "vt-entities.h"
#include "vt-openrosa.h"
#include "vt-sync-private.h"

/* Retry-After is honoured, but a server asking for more than a day is
 * asking for something else. */
#define MAX_RETRY_AFTER_SECONDS (24 * 3600.0)

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

VtSyncRunner *
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
  /* A claimed row is answered within a few request timeouts (a run of
   * failures stops the pass and gives the rest back); a lease left by a
   * process that died expires a little after that. */
  runner->lease_usec = vt_sync_seconds_to_usec (3 * (config->request_timeout_seconds > 0 ? config->request_timeout_seconds : 900) + 1);
  /* A server without the status form yet: the report is tried again with
   * the next one (IT publishes the form once, docs/FLEET.md). */
  runner->report_retry_usec = vt_sync_seconds_to_usec (3600 * (config->status_hours > 0 ? config->status_hours
                                                                                         : VT_CONFIG_DEFAULT_STATUS_HOURS));
  runner->rand = g_rand_new ();
  runner->retry_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  vt_openrosa_set_parallel (client, runner->parallel);
  /* Central's DeviceID column says which kiosk sent what. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *kiosk_id = vt_kiosk_identity_get (store, &error);

    if (kiosk_id == NULL)
      g_message ("Submissions go without a deviceID: %s", error->message);
    vt_openrosa_set_device_id (client, kiosk_id);
  }

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
      /* The kiosk's own health report, refused (the server has no such
       * form yet): kept and tried again later, and no problem for the
       * clerk, whose dashboard is about applications. */
      if (g_strcmp0 (item->form_id, VT_KIOSK_STATUS_FORM_ID) == 0)
        {
          m->kind = MARK_RETRY;
          m->next_attempt_at = m->time + runner->report_retry_usec;
          g_array_append_val (runner->retry_times, m->next_attempt_at);
          runner->last_success = m->time;
          pass->transport_streak = 0;
          g_debug ("The server refused the health report (%s); again in %g h", reply->message,
                   (double) runner->report_retry_usec / G_TIME_SPAN_HOUR);
          return m;
        }
      m->kind = MARK_REJECTED;
      report->rejected++;
      pass->transport_streak = 0;
      /* A definite answer (409: already there): the server was reached. */
      runner->last_success = m->time;
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

static VtStoreMedia *
store_media_new (const char *name,
                 const char *hash,
                 GBytes     *bytes)
{
  VtStoreMedia *sm = g_new0 (VtStoreMedia, 1);

  sm->name = g_strdup (name);
  sm->md5_hash = g_strdup (hash);
  sm->bytes = g_bytes_ref (bytes);
  return sm;
}

/* The entity lists among a form's new files must read as lists, or the
 * kiosk keeps the ones it has (the whole form is not stored). */
static gboolean
check_entity_lists (const char  *form_id,
                    GPtrArray   *files,
                    GError     **error)
{
  for (guint i = 0; i < files->len; i++)
    {
      VtOpenRosaMediaFile *file = g_ptr_array_index (files, i);
      g_autoptr(VtEntityList) list = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!file->entity_list || file->bytes == NULL)
        continue;
      list = vt_entity_list_parse (file->bytes, &local_error);
      if (list == NULL)
        {
          g_set_error (error, VT_ENTITIES_ERROR, VT_ENTITIES_ERROR_CSV,
                       /* Translators: %s are a file name, a form id and what is wrong with the file. */
                       _("The entity list %s of the form %s cannot be read (%s); the kiosk keeps using the list it had"),
                       file->filename, form_id, local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}

/* Every jr://file-csv/ list the form reads must come with it. */
static gboolean
check_lists_present (const char  *form_id,
                     const char  *xml,
                     GPtrArray   *files,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VtEntityForm) decl = vt_entity_form_parse (xml, &local_error);

  if (local_error != NULL)
    {
      g_set_error (error, VT_ENTITIES_ERROR, local_error->code, _("The form %s cannot be used: %s"),
                   form_id, local_error->message);
      return FALSE;
    }
  for (guint l = 0; decl != NULL && l < decl->lists->len; l++)
    {
      const char *name = g_ptr_array_index (decl->lists, l);
      gboolean found = FALSE;

      for (guint i = 0; i < files->len && !found; i++)
        found = g_str_equal (((VtOpenRosaMediaFile *) g_ptr_array_index (files, i))->filename, name);
      if (!found)
        {
          g_set_error (error, VT_ENTITIES_ERROR, VT_ENTITIES_ERROR_MISSING_LIST,
                       /* Translators: the first %s is a form id, the second a file name such as stalls.csv. */
                       _("The form %s needs the list %s, which the server does not send with it; "
                         "the form was not added. Attach the list to the form on the server"),
                       form_id, name);
          return FALSE;
        }
    }
  return TRUE;
}

static VtStoreMedia *
find_stored_media (VtStoreForm *form,
                   const char  *name)
{
  for (guint i = 0; form->media != NULL && i < form->media->len; i++)
    {
      VtStoreMedia *sm = g_ptr_array_index (form->media, i);

      if (g_str_equal (sm->name, name))
        return sm;
    }
  return NULL;
}

/* When the server was last asked about each entity list of files: the
 * clerk's dashboard says it. */
static void
note_lists_checked (VtStore   *store,
                    GPtrArray *files)
{
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time ());

  for (guint i = 0; i < files->len; i++)
    {
      VtOpenRosaMediaFile *file = g_ptr_array_index (files, i);
      g_autofree char *key = NULL;
      g_autoptr(GError) error = NULL;

      if (file->filename == NULL || !g_str_has_suffix (file->filename, ".csv"))
        continue;
      key = vt_entity_list_checked_key (file->filename);
      if (!vt_store_set_meta (store, key, now, &error))
        g_message ("When %s was checked is not kept: %s", file->filename, error->message);
    }
}

/* The form is stored with this hash: its manifest may still have changed
 * (an entity list's version, OPENROSA.md).  Files whose hash is the same
 * keep their stored bytes. */
static gboolean
refresh_media (VtStore             *store,
               VtOpenRosa          *client,
               VtOpenRosaFormInfo  *info,
               VtStoreForm         *existing,
               GCancellable        *cancellable,
               VtSyncFormResult    *result,
               guint               *n_media,
               GError             **error)
{
  g_autoptr(GPtrArray) files = vt_openrosa_get_manifest (client, info, cancellable, error);
  g_autoptr(GPtrArray) media = NULL;
  guint changed = 0;

  if (files == NULL)
    return FALSE;
  for (guint i = 0; i < files->len; i++)
    {
      VtOpenRosaMediaFile *file = g_ptr_array_index (files, i);
      VtStoreMedia *stored = find_stored_media (existing, file->filename);

      if (stored != NULL && stored->md5_hash != NULL && g_strcmp0 (stored->md5_hash, file->hash) == 0)
        {
          file->bytes = g_bytes_ref (stored->bytes);
          continue;
        }
      if (!vt_openrosa_download_media (client, file, cancellable, error))
        return FALSE;
      changed++;
    }
  if (n_media != NULL)
    *n_media = files->len;
  if (changed == 0 && files->len == (existing->media != NULL ? existing->media->len : 0))
    {
      note_lists_checked (store, files);
      *result = VT_SYNC_FORM_UNCHANGED;
      return TRUE;
    }
  if (!check_entity_lists (info->form_id, files, error) ||
      !check_lists_present (info->form_id, existing->xml, files, error))
    return FALSE;

  media = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_store_media_free);
  for (guint i = 0; i < files->len; i++)
    {
      VtOpenRosaMediaFile *file = g_ptr_array_index (files, i);

      g_ptr_array_add (media, store_media_new (file->filename, file->hash, file->bytes));
    }
  g_clear_pointer (&existing->media, g_ptr_array_unref);
  existing->media = g_steal_pointer (&media);
  if (!vt_store_add_form (store, existing, error))
    return FALSE;
  note_lists_checked (store, files);
  *result = VT_SYNC_FORM_MEDIA_UPDATED;
  return TRUE;
}

gboolean
vt_sync_store_form (VtStore             *store,
                    VtOpenRosa          *client,
                    VtOpenRosaFormInfo  *info,
                    GCancellable        *cancellable,
                    VtSyncFormResult    *result,
                    guint               *n_media,
                    char               **previous_version,
                    GError             **error)
{
  g_autoptr(VtStoreForm) existing = NULL;
  g_autoptr(VtStoreForm) previous = NULL;
  g_autoptr(VtOpenRosaForm) form = NULL;
  g_autoptr(GPtrArray) media = NULL;
  g_autofree char *xml = NULL;
  VtStoreForm new_form = { 0 };

  g_return_val_if_fail (store != NULL && client != NULL && info != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  existing = vt_store_get_form (store, info->form_id, info->version, NULL);
  if (existing != NULL && g_strcmp0 (existing->md5_hash, info->hash) == 0)
    {
      if (info->manifest_url != NULL)
        return refresh_media (store, client, info, existing, cancellable, result, n_media, error);
      *result = VT_SYNC_FORM_UNCHANGED;
      if (n_media != NULL)
        *n_media = existing->media != NULL ? existing->media->len : 0;
      return TRUE;
    }

  /* A version the kiosk has not seen, of a form it has: an update. */
  previous = existing != NULL ? g_steal_pointer (&existing) : vt_store_get_form (store, info->form_id, NULL, NULL);

  form = vt_openrosa_download_form (client, info, cancellable, error);
  if (form == NULL)
    return FALSE;
  xml = bytes_to_string (form->xml);
  if (!check_entity_lists (info->form_id, form->media, error) ||
      !check_lists_present (info->form_id, xml, form->media, error))
    return FALSE;

  media = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_store_media_free);
  for (guint m = 0; m < form->media->len; m++)
    {
      VtOpenRosaMediaFile *file = g_ptr_array_index (form->media, m);

      g_ptr_array_add (media, store_media_new (file->filename, file->hash, file->bytes));
    }

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

  *result = previous != NULL ? VT_SYNC_FORM_UPDATED : VT_SYNC_FORM_NEW;
  if (previous_version != NULL)
    *previous_version = previous != NULL ? g_strdup (previous->version) : NULL;
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
                               NULL, &local_error))
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
 * [clerk] draft-days.  Not part of a pass: drafts hold a citizen's
 * personal data on kiosks with no server at all, or offline for weeks, or
 * paused on wrong credentials.  The worker runs it on a timer of its own. */
gboolean
vt_sync_apply_retention (VtStore         *store,
                         const VtConfig  *config,
                         gint64           now,
                         GError         **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (config != NULL, FALSE);

  if (!vt_store_apply_retention (store, config->retention_days, config->draft_days, now, &local_error))
    {
      g_message ("Could not purge old applications (they are kept): %s", local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* A refusal of the credentials goes to the event log once, until a pass
 * gets through again: a clerk or municipal IT sees when it began. */
static void
log_auth_refusal (VtSyncRunner *runner,
                  VtSyncReport *report)
{
  g_autoptr(GError) error = NULL;

  if (report->status != VT_SYNC_STATUS_AUTH_FAILED)
    {
      if (report->status == VT_SYNC_STATUS_IDLE)
        runner->auth_logged = FALSE;
      return;
    }
  if (runner->auth_logged)
    return;
  if (vt_store_add_event (runner->store, NULL, "sync-auth-refused", VT_STORE_ACTOR_SYNC, report->error, &error))
    runner->auth_logged = TRUE;
  else
    g_message ("Could not log the refused credentials: %s", error->message);
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
  log_auth_refusal (runner, report);
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
