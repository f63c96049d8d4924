/* The store's outbox: enqueue and import, the state machine of a
 * submission (claim, the marks, batches), lists, and the purge
 * of sent payloads.  The counts are in vt-store-counts.c. */
#define G_LOG_DOMAIN "vt-store"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vt-store-private.h"

#define MAX_RESPONSE_BYTES (64 * 1024)
#define MAX_ERROR_BYTES    (4 * 1024)

/* From schema 8 on, state_counts is kept here rather than by a trigger on
 * every UPDATE (see migration 7 → 8): each state change of the transaction
 * is noted, and the sums are written once, just before its COMMIT. */
static void
count_move (VtStore      *self,
            VtStoreState  from,
            VtStoreState  to)
{
  if (from == to || self->schema_version < 8)
    return;
  self->count_delta[from]--;
  self->count_delta[to]++;
}

/* ---- enqueue --------------------------------------------------------------- */

static gboolean
validate_submission (const VtSubmission           *submission,
                     const VtStoreEnqueueOptions  *options,
                     GError                      **error)
{
  if (submission->instance_id == NULL || submission->instance_id[0] == '\0' ||
      submission->form_id == NULL || submission->form_id[0] == '\0' ||
      submission->xml == NULL)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_INVALID,
                   _("This application is incomplete (no instance ID, form or content) and was not stored. "
                     "Start it again; if this repeats, call technical support."));
      return FALSE;
    }
  if (options == NULL || options->service_title == NULL)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_INVALID,
                   _("This application has no service title for its receipt and was not stored."));
      return FALSE;
    }
  if (strlen (submission->xml) > VT_STORE_MAX_XML_BYTES)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_INVALID,
                   _("This application is larger than %d MB and was not stored. Shorten the longest answers."),
                   VT_STORE_MAX_XML_BYTES / (1024 * 1024));
      return FALSE;
    }
  for (guint i = 0; submission->attachments != NULL && i < submission->attachments->len; i++)
    {
      const VtAttachment *attachment = g_ptr_array_index (submission->attachments, i);

      if (attachment->name == NULL || attachment->name[0] == '\0')
        {
          g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_INVALID,
                       _("An attached file has no name; the application was not stored."));
          return FALSE;
        }
      if (vt_attachment_get_size (attachment) > VT_STORE_MAX_ATTACHMENT_BYTES)
        {
          g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_INVALID,
                       _("The attached file “%s” is larger than %d MB. Attach a smaller photo or scan."),
                       attachment->name, VT_STORE_MAX_ATTACHMENT_BYTES / (1024 * 1024));
          return FALSE;
        }
    }
  return TRUE;
}

/* The XML of a row just inserted, in its own table (migration 5 → 6), so
 * the state changes that follow rewrite a small record. */
static gboolean
insert_payload_in_transaction (VtStore     *self,
                               gint64       row,
                               const char  *xml,
                               const char  *what,
                               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = vt_store_prepare (self, "INSERT INTO payloads (submission, xml) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row);
  sqlite3_bind_text (stmt, 2, xml, -1, SQLITE_STATIC);
  return vt_store_step_done (self, stmt, what, error);
}

/* Whether a code is already some row's other than `row`: as its own code,
 * or as the derived code of a row that has none of its own. */
static gboolean
code_taken (VtStore     *self,
            const char  *code,
            gint64       row,
            gboolean    *taken,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = vt_store_prepare (self, "SELECT 1 FROM submissions INDEXED BY submissions_code "
                                 "WHERE reference_code = ?1 AND id <> ?3 "
                                 "UNION ALL "
                                 "SELECT 1 FROM submissions WHERE id = ?2 AND id <> ?3 AND reference_code IS NULL",
                           error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, code);
  sqlite3_bind_int64 (stmt, 2, vt_store_row_for_code (self, code));
  sqlite3_bind_int64 (stmt, 3, row);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      vt_store_set_error_last (self, error, _("storing a receipt"));
      return FALSE;
    }
  *taken = rc == SQLITE_ROW;
  return TRUE;
}

/* Gives the new row `row` its reference code, inside the caller's
 * transaction.  An import's code stays valid here unless another row
 * already answers to it; otherwise the row's derived code (vt_store_code_for_row),
 * which costs no write at all; and should that be another row's own code
 * (one in 32^7 per such row), a random one kept in reference_code. */
static char *
assign_reference_code (VtStore     *self,
                       gint64       row,
                       const char  *wanted,
                       GError     **error)
{
  g_autofree char *derived = vt_store_code_for_row (self, row);

  for (int tries = 0; tries < 20; tries++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autofree char *code = NULL;
      gboolean taken;

      if (tries == 0)
        code = wanted != NULL ? vt_receipt_code_normalize (wanted, NULL) : NULL;
      else if (tries == 1)
        code = g_strdup (derived);
      else
        code = vt_receipt_code_new ();
      if (code == NULL)
        continue;

      if (!code_taken (self, code, row, &taken, error))
        return NULL;
      if (taken)
        continue;
      if (g_str_equal (code, derived))
        return g_steal_pointer (&code);

      stmt = vt_store_prepare (self, "UPDATE submissions SET reference_code = ?2 WHERE id = ?1", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, row);
      bind_text (stmt, 2, code);
      if (!vt_store_step_done (self, stmt, N_("storing a receipt"), error))
        return NULL;
      return g_steal_pointer (&code);
    }

  g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_FAILED,
               _("No free reference code was found for the application; it was not stored. "
                 "Try again."));
  return NULL;
}

/* Everything an enqueue or an import writes, inside the caller's
 * transaction: the submission, its payload, attachments, receipt (with a
 * fresh reference code unless options->reference_code is free here) and an
 * event named `what`.  Returns the reference code. */
static char *
insert_submission_in_transaction (VtStore                      *self,
                                  const VtSubmission           *submission,
                                  const VtStoreEnqueueOptions  *options,
                                  gint64                        now,
                                  const char                   *what,
                                  const char                   *actor,
                                  GError                      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *code = NULL;
  g_autofree char *detail = NULL;
  gboolean importing = g_str_equal (what, "imported");
  const char *context = importing ? N_("importing an application") : N_("storing an application");
  gint64 created_at = options->created_at != 0 ? options->created_at : now;
  gint64 row;
  int rc;

  stmt = vt_store_prepare (self,
                           "INSERT INTO submissions (instance_id, form_id, form_version, state, attempts, "
                           "  next_attempt_at, created_at, service_title, language, assisted_by) "
                           "VALUES (?1, ?2, ?3, 'queued', 0, ?4, ?5, ?6, ?7, ?8)", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, submission->instance_id);
  bind_text (stmt, 2, submission->form_id);
  bind_text (stmt, 3, submission->form_version != NULL ? submission->form_version : "");
  /* Due at once; equal to created_at where it can be, so the row goes in
   * submissions_fresh only (see migration 4 → 5).  A row held back
   * (not_before) waits in submissions_waiting as a retry does. */
  sqlite3_bind_int64 (stmt, 4, options->not_before > 0 ? options->not_before : MIN (created_at, now));
  sqlite3_bind_int64 (stmt, 5, created_at);
  bind_text (stmt, 6, options->service_title);
  bind_text (stmt, 7, options->language);
  bind_text (stmt, 8, options->assisted_by);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_CONSTRAINT)
    rc = sqlite3_extended_errcode (self->db);
  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_EXISTS,
                   _("The application %s is already stored; it was not stored twice."),
                   submission->instance_id);
      return NULL;
    }
  if (rc != SQLITE_DONE)
    {
      vt_store_set_error_rc (self, error, sqlite3_extended_errcode (self->db), _(context));
      return NULL;
    }
  row = sqlite3_last_insert_rowid (self->db);
  g_clear_pointer (&stmt, stmt_reset);

  if (!insert_payload_in_transaction (self, row, submission->xml, context, error))
    return NULL;

  for (guint i = 0; submission->attachments != NULL && i < submission->attachments->len; i++)
    if (!vt_store_write_attachment_in_transaction (self, row, g_ptr_array_index (submission->attachments, i),
                                                   importing ? _("importing an attached file")
                                                             : _("storing an attached file"),
                                                   error))
      return NULL;

  code = assign_reference_code (self, row, options->reference_code, error);
  if (code == NULL)
    return NULL;

  detail = g_strdup_printf ("%s %s %s", submission->form_id,
                            submission->form_version != NULL ? submission->form_version : "", code);
  if (!vt_store_add_event_in_transaction (self, now, submission->instance_id, what, actor, detail, error))
    return NULL;

  return g_steal_pointer (&code);
}

char *
vt_store_enqueue (VtStore                      *self,
                  const VtSubmission           *submission,
                  const VtStoreEnqueueOptions  *options,
                  GError                      **error)
{
  g_autofree char *code = NULL;
  g_autofree char *actor_owned = NULL;
  const char *actor;
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (self != NULL && submission != NULL, NULL);

  if (!validate_submission (submission, options, error))
    return NULL;

  actor = options->actor;
  if (actor == NULL)
    {
      if (options->assisted_by != NULL)
        actor = actor_owned = g_strdup_printf ("%s:%s", VT_STORE_ACTOR_CLERK, options->assisted_by);
      else
        actor = VT_STORE_ACTOR_KIOSK;
    }

  if (!vt_store_begin_immediate (self, error))
    return NULL;

  code = insert_submission_in_transaction (self, submission, options, now, "enqueued", actor, error);
  if (code == NULL)
    {
      vt_store_rollback (self);
      return NULL;
    }

  if (!vt_store_commit (self, error))
    return NULL;

  return g_steal_pointer (&code);
}

/* ---- outbox ---------------------------------------------------------------- */

/* Reads a submission's attachments into item, as sources the content is
 * streamed from when it is sent; sets *damaged (once, no error) to the name
 * of the first whose bytes are no longer as long as they were stored.  A
 * change of content with the same length is found by its digest as it is
 * read (vt-store-blob.c). */
static gboolean
load_attachments (VtStore      *self,
                  gint64        row,
                  VtStoreItem  *item,
                  char        **damaged,
                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = vt_store_prepare (self, "SELECT rowid, name, content_type, sha256, size, length (bytes) "
                                 "FROM attachments WHERE submission = ?1 ORDER BY rowid", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 1);
      gint64 size = sqlite3_column_int64 (stmt, 4);
      VtAttachment *attachment;

      attachment = vt_store_attachment_from_row (self, sqlite3_column_int64 (stmt, 0), name,
                                                 (const char *) sqlite3_column_text (stmt, 2),
                                                 (const char *) sqlite3_column_text (stmt, 3),
                                                 size, error);
      if (attachment == NULL)
        return FALSE;
      g_ptr_array_add (item->attachments, attachment);
      if (damaged != NULL && *damaged == NULL &&
          (sqlite3_column_type (stmt, 5) == SQLITE_NULL || sqlite3_column_int64 (stmt, 5) != size))
        *damaged = g_strdup (name);
    }
  if (rc != SQLITE_DONE)
    {
      vt_store_set_error_last (self, error, _("reading an attached file"));
      return FALSE;
    }
  return TRUE;
}

/* The columns item_from_row() reads, after the row's id. */
#define ITEM_COLUMNS "s.instance_id, s.form_id, s.form_version, p.xml, s.attempts, s.state, " \
                     "EXISTS (SELECT 1 FROM attachments a WHERE a.submission = s.id)"

/* A submission's payload from a row of ITEM_COLUMNS starting at column
 * `first`, attachments not read yet: *has_attachments says whether there
 * are any for load_attachments() to read. */
static VtStoreItem *
item_from_row (sqlite3_stmt *stmt,
               int           first,
               gboolean     *has_attachments)
{
  VtStoreItem *item = g_new0 (VtStoreItem, 1);

  item->instance_id = column_text (stmt, first);
  item->form_id = column_text (stmt, first + 1);
  item->form_version = column_text (stmt, first + 2);
  item->xml = column_text (stmt, first + 3);
  item->attempts = sqlite3_column_int (stmt, first + 4);
  item->state = column_state (stmt, first + 5);
  item->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_attachment_free);
  *has_attachments = sqlite3_column_int (stmt, first + 6) != 0;
  return item;
}

/* Loads one submission's payload; sets *damaged (and no error) when an
 * attachment no longer matches its checksum. */
static VtStoreItem *
load_item (VtStore     *self,
           gint64       row,
           char       **damaged,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(VtStoreItem) item = NULL;
  gboolean has_attachments;
  int rc;

  stmt = vt_store_prepare (self, "SELECT " ITEM_COLUMNS " "
                                 "FROM submissions s LEFT JOIN payloads p ON p.submission = s.id "
                                 "WHERE s.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, row);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_FOUND,
                     _("That application is not in this kiosk's store."));
      else
        vt_store_set_error_last (self, error, _("reading an application"));
      return NULL;
    }
  item = item_from_row (stmt, 0, &has_attachments);
  g_clear_pointer (&stmt, stmt_reset);

  if (has_attachments && !load_attachments (self, row, item, damaged, error))
    return NULL;
  return g_steal_pointer (&item);
}

typedef enum
{
  ATTEMPTS_KEEP,
  ATTEMPTS_GIVE_BACK,
  ATTEMPTS_RESET,
} AttemptsChange;

/* Finds a submission's row and state inside the current transaction. */
static gboolean
find_row (VtStore       *self,
          const char    *instance_id,
          gint64        *row,
          VtStoreState  *state,
          GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = vt_store_prepare (self, "SELECT id, state FROM submissions WHERE instance_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, instance_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *row = sqlite3_column_int64 (stmt, 0);
      *state = column_state (stmt, 1);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_FOUND,
                 _("The application %s is not in this kiosk's store."), instance_id);
  else
    vt_store_set_error_last (self, error, _("reading an application"));
  return FALSE;
}

typedef struct
{
  guint           from;            /* mask of states the transition starts from */
  VtStoreState    to;
  AttemptsChange  attempts;
  gint64          next_attempt_at; /* 0: unchanged */
  const char     *last_error;
  gboolean        set_last_error;
  int             http_status;     /* 0: unchanged */
  const char     *response;
  gboolean        sent;
  const char     *what;
  const char     *actor;
  const char     *detail;
} Transition;

/* A write inside a batch failed: the batch can no longer be all its
 * marks, so it is given up whole (commit_batch() rolls it back and says
 * why) and the marks after it are refused.  The rows stay leased; they are
 * sent again when the lease expires, and the server keeps them once. */
static void
fail_batch (VtStore      *self,
            const GError *error)
{
  if (self->batch_error == NULL)
    self->batch_error = g_error_copy (error);
}

/* The columns a transition writes; ?1 is the row's id or its instanceID. */
#define TRANSITION_SET \
  "UPDATE submissions SET state = ?2, " \
  "  attempts = CASE ?3 WHEN 0 THEN attempts WHEN 1 THEN max (attempts - 1, 0) ELSE 0 END, " \
  "  next_attempt_at = CASE WHEN ?4 <> 0 THEN ?4 ELSE next_attempt_at END, " \
  "  lease_until = NULL, " \
  "  last_error = CASE WHEN ?5 THEN ?6 ELSE last_error END, " \
  "  http_status = CASE WHEN ?7 <> 0 THEN ?7 ELSE http_status END, " \
  "  response = coalesce (?8, response), " \
  "  sent_at = CASE WHEN ?9 THEN ?10 ELSE sent_at END "

/* Writes the transition with `sql` (TRANSITION_SET and a WHERE on ?1).
 * Returns the number of rows changed, or -1 with *error set. */
static int
write_transition (VtStore           *self,
                  const char        *sql,
                  const char        *instance_id,
                  gint64             row,
                  const Transition  *t,
                  const char        *last_error,
                  const char        *response,
                  gint64             now,
                  GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = vt_store_prepare (self, sql, error);

  if (stmt == NULL)
    return -1;
  if (instance_id != NULL)
    bind_text (stmt, 1, instance_id);
  else
    sqlite3_bind_int64 (stmt, 1, row);
  bind_text (stmt, 2, vt_store_state_names[t->to]);
  sqlite3_bind_int (stmt, 3, t->attempts);
  sqlite3_bind_int64 (stmt, 4, t->next_attempt_at);
  sqlite3_bind_int (stmt, 5, t->set_last_error);
  bind_text (stmt, 6, last_error);
  sqlite3_bind_int (stmt, 7, t->http_status);
  bind_text (stmt, 8, response);
  sqlite3_bind_int (stmt, 9, t->sent);
  sqlite3_bind_int64 (stmt, 10, now);
  if (!vt_store_step_done (self, stmt, N_("updating an application"), error))
    return -1;
  return sqlite3_changes (self->db);
}

static gboolean
apply_transition (VtStore           *self,
                  const char        *instance_id,
                  const Transition  *t,
                  gint64             now,
                  GError           **error)
{
  g_autofree char *response = NULL;
  g_autofree char *last_error = NULL;
  g_autofree char *detail = NULL;
  GError *write_error = NULL;
  VtStoreState state = VT_STORE_STATE_SENDING;
  gint64 row = 0;
  int changed = 0;

  g_return_val_if_fail (self != NULL && instance_id != NULL, FALSE);

  if (self->in_batch)
    {
      if (self->batch_error != NULL)
        {
          g_propagate_error (error, g_error_copy (self->batch_error));
          return FALSE;
        }
    }
  else if (!vt_store_begin_immediate (self, error))
    return FALSE;

  /* What a server or the network says is kept, but never without bound. */
  if (t->response != NULL)
    response = g_utf8_make_valid (t->response, MIN (strlen (t->response), MAX_RESPONSE_BYTES));
  if (t->last_error != NULL)
    last_error = g_utf8_make_valid (t->last_error, MIN (strlen (t->last_error), MAX_ERROR_BYTES));
  if (t->detail != NULL)
    detail = g_utf8_make_valid (t->detail, MIN (strlen (t->detail), MAX_ERROR_BYTES));

  /* The usual case, a row this kiosk leased for sending, is one statement
   * that finds it, checks its state and writes it.  When it changes
   * nothing, nothing was written, and the row is looked at closely. */
  if ((t->from & VT_STORE_STATE_MASK (VT_STORE_STATE_SENDING)) != 0)
    {
      changed = write_transition (self, TRANSITION_SET "WHERE instance_id = ?1 AND state = 'sending'",
                                  instance_id, 0, t, last_error, response, now, &write_error);
      if (changed < 0)
        goto failed;
    }

  if (changed == 0)
    {
      /* Everything that can refuse the transition is checked before the
       * first write, so a refused mark leaves the rest of its batch as it
       * was. */
      if (!find_row (self, instance_id, &row, &state, error))
        goto refused;

      /* A lost response means the server may be told twice; sent stays sent. */
      if (state == t->to && t->to == VT_STORE_STATE_SENT)
        return self->in_batch || vt_store_commit (self, error);

      if ((t->from & VT_STORE_STATE_MASK (state)) == 0)
        {
          g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_WRONG_STATE,
                       /* Translators: the states are queued, sending, sent, rejected, discarded. */
                       _("The application %s is %s, so it cannot become %s."),
                       instance_id, vt_store_state_names[state], vt_store_state_names[t->to]);
          goto refused;
        }

      if (write_transition (self, TRANSITION_SET "WHERE id = ?1", NULL, row, t,
                            last_error, response, now, &write_error) < 0)
        goto failed;
    }

  if (!vt_store_add_event_in_transaction (self, now, instance_id, t->what, t->actor, detail, &write_error))
    goto failed;

  count_move (self, state, t->to);
  return self->in_batch || vt_store_commit (self, error);

refused:
  if (!self->in_batch)
    vt_store_rollback (self);
  return FALSE;

failed:
  if (self->in_batch)
    fail_batch (self, write_error);
  else
    vt_store_rollback (self);
  g_propagate_error (error, write_error);
  return FALSE;
}

/* Steps `stmt`, appending each row's id (column 0) to `rows` (gint64). */
static gboolean
collect_rows (VtStore      *self,
              sqlite3_stmt *stmt,
              GArray       *rows,
              GError      **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 row = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      vt_store_set_error_last (self, error, _("finding applications to send"));
      return FALSE;
    }
  return TRUE;
}

/* Appends to `rows` the ids one query of the claim finds (?1 now, ?2 how
 * many), in its order. */
static gboolean
find_claimable (VtStore     *self,
                const char  *sql,
                gint64       now,
                guint        max,
                GArray      *rows,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = vt_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, max);
  return collect_rows (self, stmt, rows, error);
}

/* A claimed row whose attachment no longer matches its checksum: sending
 * a file that is not what the citizen gave would be worse than not sending
 * it, so it is kept for a clerk. */
static gboolean
reject_damaged (VtStore     *self,
                gint64       row,
                const char  *instance_id,
                const char  *damaged,
                gint64       now,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *reason = g_strdup_printf (_("the attached file “%s” is damaged on this kiosk's disk"),
                                             damaged);

  stmt = vt_store_prepare (self, "UPDATE submissions SET state = 'rejected', lease_until = NULL, "
                                 "last_error = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row);
  bind_text (stmt, 2, reason);
  if (!vt_store_step_done (self, stmt, N_("claiming an application"), error) ||
      !vt_store_add_event_in_transaction (self, now, instance_id, "rejected", VT_STORE_ACTOR_SYNC,
                                          reason, error))
    return FALSE;
  count_move (self, VT_STORE_STATE_SENDING, VT_STORE_STATE_REJECTED);
  g_message ("%s: %s", instance_id, reason);
  return TRUE;
}

/* Leases the rows (ids as a JSON array) and reads them back, in the
 * array's order, into `items`; `with_files` says which have attachments.
 * SQLite takes no array parameter, and json_each() is how one statement
 * takes many ids: a statement per row costs each row its own start,
 * bindings and halt.  (UPDATE … RETURNING would lease and read in one
 * statement, but SQLite runs it as it runs a trigger, with a statement
 * journal, and it costs more than these two.) */
static gboolean
lease_rows (VtStore     *self,
            const char  *ids,
            guint        n,
            gint64       lease_until,
            GPtrArray   *items,
            gboolean    *with_files,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = vt_store_prepare (self, "UPDATE submissions SET state = 'sending', attempts = attempts + 1, "
                                 "lease_until = ?2 WHERE id IN (SELECT value FROM json_each (?1))", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ids, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, lease_until);
  if (!vt_store_step_done (self, stmt, N_("claiming an application"), error))
    return FALSE;
  g_clear_pointer (&stmt, stmt_reset);

  /* json_each's key is the row's place in the array. */
  g_ptr_array_set_size (items, n);
  stmt = vt_store_prepare (self, "SELECT j.key, " ITEM_COLUMNS " "
                                 "FROM json_each (?1) j CROSS JOIN submissions s ON s.id = j.value "
                                 "LEFT JOIN payloads p ON p.submission = s.id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ids, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 key = sqlite3_column_int64 (stmt, 0);

      if (key >= 0 && key < n && g_ptr_array_index (items, key) == NULL)
        g_ptr_array_index (items, key) = item_from_row (stmt, 1, &with_files[key]);
    }
  if (rc != SQLITE_DONE)
    {
      vt_store_set_error_last (self, error, _("reading an application"));
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
vt_store_claim (VtStore  *self,
                guint     max,
                gint64    lease_usec,
                gint64    now,
                GError  **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) leased = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_store_item_free);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_store_item_free);
  g_autoptr(GString) ids = NULL;
  g_autofree gboolean *with_files = NULL;
  guint n_expired;

  g_return_val_if_fail (self != NULL, NULL);

  if (max == 0)
    return g_steal_pointer (&items);
  if (!vt_store_begin_immediate (self, error))
    return NULL;

  /* A worker that died mid-send left its rows sending: their lease is
   * over, and they go first.  Then the earliest due of the queued rows,
   * fresh and waiting (see migration 4 → 5), whose two index walks SQLite
   * merges in due order.  INDEXED BY: a plan that could not use the
   * indexes fails to prepare rather than scan the table. */
  if (!find_claimable (self, "SELECT id FROM submissions INDEXED BY submissions_sending "
                             "WHERE state = 'sending' AND coalesce (lease_until, 0) <= ?1 "
                             "ORDER BY id LIMIT ?2", now, max, rows, error))
    goto fail;
  n_expired = rows->len;
  if (rows->len < max &&
      !find_claimable (self, "SELECT id FROM ("
                             "  SELECT id, next_attempt_at FROM submissions INDEXED BY submissions_fresh "
                             "    WHERE state = 'queued' AND next_attempt_at = created_at AND next_attempt_at <= ?1 "
                             "  UNION ALL "
                             "  SELECT id, next_attempt_at FROM submissions INDEXED BY submissions_waiting "
                             "    WHERE state = 'queued' AND next_attempt_at <> created_at AND next_attempt_at <= ?1 "
                             "  ORDER BY 2, 1 LIMIT ?2)", now, max - rows->len, rows, error))
    goto fail;
  if (rows->len == 0)
    return vt_store_commit (self, error) ? g_steal_pointer (&items) : NULL;

  ids = g_string_new ("[");
  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", g_array_index (rows, gint64, i));
  g_string_append_c (ids, ']');
  with_files = g_new0 (gboolean, rows->len);
  if (!lease_rows (self, ids->str, rows->len, now + lease_usec, leased, with_files, error))
    goto fail;

  for (guint i = 0; i < rows->len; i++)
    {
      gint64 row = g_array_index (rows, gint64, i);
      g_autoptr(VtStoreItem) item = g_steal_pointer (&g_ptr_array_index (leased, i));
      g_autofree char *damaged = NULL;

      if (item == NULL)
        {
          g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_FOUND,
                       _("That application is not in this kiosk's store."));
          goto fail;
        }
      if (i < n_expired)
        {
          if (!vt_store_add_event_in_transaction (self, now, item->instance_id, "lease-expired",
                                                  VT_STORE_ACTOR_SYNC, NULL, error))
            goto fail;
        }
      else
        count_move (self, VT_STORE_STATE_QUEUED, VT_STORE_STATE_SENDING);

      /* Most submissions have no attachment; those that do read theirs
       * (and check them) one by one. */
      if (with_files[i] && !load_attachments (self, row, item, &damaged, error))
        goto fail;
      if (damaged != NULL)
        {
          if (!reject_damaged (self, row, item->instance_id, damaged, now, error))
            goto fail;
          continue;
        }
      g_ptr_array_add (items, g_steal_pointer (&item));
    }

  if (!vt_store_commit (self, error))
    return NULL;
  return g_steal_pointer (&items);

fail:
  vt_store_rollback (self);
  return NULL;
}

gboolean
vt_store_mark_sent (VtStore     *self,
                    const char  *instance_id,
                    int          http_status,
                    const char  *response_body,
                    gint64       now,
                    GError     **error)
{
  g_autofree char *detail = g_strdup_printf ("HTTP %d", http_status);
  Transition t = {
    .from = VT_STORE_STATE_MASK (VT_STORE_STATE_QUEUED) | VT_STORE_STATE_MASK (VT_STORE_STATE_SENDING),
    .to = VT_STORE_STATE_SENT,
    .set_last_error = TRUE,
    .last_error = NULL,
    .http_status = http_status,
    .response = response_body,
    .sent = TRUE,
    .what = "sent",
    .actor = VT_STORE_ACTOR_SYNC,
    .detail = detail,
  };

  return apply_transition (self, instance_id, &t, now, error);
}

gboolean
vt_store_mark_retry (VtStore     *self,
                     const char  *instance_id,
                     int          http_status,
                     const char  *error_text,
                     gint64       next_attempt_at,
                     gint64       now,
                     GError     **error)
{
  Transition t = {
    .from = VT_STORE_STATE_MASK (VT_STORE_STATE_QUEUED) | VT_STORE_STATE_MASK (VT_STORE_STATE_SENDING),
    .to = VT_STORE_STATE_QUEUED,
    .next_attempt_at = MAX (next_attempt_at, 1),
    .set_last_error = TRUE,
    .last_error = error_text,
    .http_status = http_status,
    .what = "retry",
    .actor = VT_STORE_ACTOR_SYNC,
    .detail = error_text,
  };

  return apply_transition (self, instance_id, &t, now, error);
}

gboolean
vt_store_release (VtStore     *self,
                  const char  *instance_id,
                  const char  *reason,
                  gint64       next_attempt_at,
                  gint64       now,
                  GError     **error)
{
  Transition t = {
    .from = VT_STORE_STATE_MASK (VT_STORE_STATE_SENDING),
    .to = VT_STORE_STATE_QUEUED,
    .attempts = ATTEMPTS_GIVE_BACK,
    .next_attempt_at = MAX (next_attempt_at, 1),
    .set_last_error = reason != NULL,
    .last_error = reason,
    .what = "released",
    .actor = VT_STORE_ACTOR_SYNC,
    .detail = reason,
  };

  return apply_transition (self, instance_id, &t, now, error);
}

gboolean
vt_store_mark_rejected (VtStore     *self,
                        const char  *instance_id,
                        int          http_status,
                        const char  *reason,
                        gint64       now,
                        GError     **error)
{
  Transition t = {
    .from = VT_STORE_STATE_MASK (VT_STORE_STATE_QUEUED) | VT_STORE_STATE_MASK (VT_STORE_STATE_SENDING),
    .to = VT_STORE_STATE_REJECTED,
    .set_last_error = TRUE,
    .last_error = reason,
    .http_status = http_status,
    .response = reason,
    .what = "rejected",
    .actor = VT_STORE_ACTOR_SYNC,
    .detail = reason,
  };

  return apply_transition (self, instance_id, &t, now, error);
}

gboolean
vt_store_requeue_rejected (VtStore     *self,
                           const char  *instance_id,
                           const char  *actor,
                           gint64       now,
                           GError     **error)
{
  Transition t = {
    .from = VT_STORE_STATE_MASK (VT_STORE_STATE_REJECTED),
    .to = VT_STORE_STATE_QUEUED,
    .attempts = ATTEMPTS_RESET,
    .next_attempt_at = MAX (now, 1),
    .set_last_error = TRUE,
    .last_error = NULL,
    .what = "requeued",
    .actor = actor != NULL ? actor : VT_STORE_ACTOR_CLERK,
  };

  return apply_transition (self, instance_id, &t, now, error);
}

gboolean
vt_store_discard (VtStore     *self,
                  const char  *instance_id,
                  const char  *reason,
                  const char  *actor,
                  gint64       now,
                  GError     **error)
{
  Transition t = {
    .from = VT_STORE_STATE_MASK (VT_STORE_STATE_QUEUED) | VT_STORE_STATE_MASK (VT_STORE_STATE_REJECTED),
    .to = VT_STORE_STATE_DISCARDED,
    .what = "discarded",
    .actor = actor != NULL ? actor : VT_STORE_ACTOR_CLERK,
    .detail = reason,
  };

  return apply_transition (self, instance_id, &t, now, error);
}

GPtrArray *
vt_store_list_submissions (VtStore  *self,
                           guint     states,
                           guint     limit,
                           GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_store_submission_info_free);
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = vt_store_prepare (self,
                           "SELECT s.instance_id, s.form_id, s.form_version, s.state, s.attempts, s.last_error, "
                           "  s.http_status, s.created_at, s.next_attempt_at, s.sent_at, "
                           "  s.reference_code, s.service_title, s.assisted_by, s.id "
                           "FROM submissions s "
                           "WHERE (?1 >> CASE s.state WHEN 'queued' THEN 0 WHEN 'sending' THEN 1 "
                           "  WHEN 'sent' THEN 2 WHEN 'rejected' THEN 3 ELSE 4 END) & 1 "
                           "ORDER BY s.id LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, (int) states);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VtStoreSubmissionInfo *info = g_new0 (VtStoreSubmissionInfo, 1);

      info->instance_id = column_text (stmt, 0);
      info->form_id = column_text (stmt, 1);
      info->form_version = column_text (stmt, 2);
      info->state = column_state (stmt, 3);
      info->attempts = sqlite3_column_int (stmt, 4);
      info->last_error = column_text (stmt, 5);
      info->http_status = sqlite3_column_int (stmt, 6);
      info->created_at = sqlite3_column_int64 (stmt, 7);
      info->next_attempt_at = sqlite3_column_int64 (stmt, 8);
      info->sent_at = sqlite3_column_int64 (stmt, 9);
      info->reference_code = vt_store_column_code (self, stmt, 13, 10, 11);
      info->service_title = column_text (stmt, 11);
      info->assisted_by = column_text (stmt, 12);
      g_ptr_array_add (list, info);
    }
  if (rc != SQLITE_DONE)
    {
      vt_store_set_error_last (self, error, _("listing applications"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

VtStoreItem *
vt_store_get_item (VtStore     *self,
                   const char  *instance_id,
                   GError     **error)
{
  VtStoreItem *item = NULL;
  VtStoreState state;
  gint64 row;

  g_return_val_if_fail (self != NULL && instance_id != NULL, NULL);

  if (!vt_store_begin_read (self, error))
    return NULL;
  if (find_row (self, instance_id, &row, &state, error))
    item = load_item (self, row, NULL, error);
  vt_store_rollback (self);
  return item;
}

/* How many applications one purge transaction takes.  Three years of a busy
 * kiosk are hundreds of thousands of rows: in one transaction the purge held
 * the write lock for as long as it took, and every citizen pressing Send
 * waited behind it (tests/bench/bench-years.c, enqueue-during-purge-p99-ratio).
 * A batch is a few milliseconds; between two, an enqueue gets the lock. */
#define PURGE_BATCH 16

/* One batch: up to PURGE_BATCH rows lose their payload, in one transaction.
 * Returns how many, or -1 with error set. */
static int
purge_sent_batch (VtStore  *self,
                  int       retention_days,
                  gint64    cutoff,
                  gint64    now,
                  GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!vt_store_begin_immediate (self, error))
    return -1;

  /* A purge deletes the payload together with the response and
   * attachments and sets purged, so the walk skips rows purged before. */
  stmt = vt_store_prepare (self, "SELECT id FROM submissions INDEXED BY submissions_unpurged "
                                 "WHERE state = 'sent' AND purged = 0 AND sent_at <= ?1 "
                                 "LIMIT " G_STRINGIFY (PURGE_BATCH),
                           error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, cutoff);
  if (!collect_rows (self, stmt, rows, error))
    goto fail;
  g_clear_pointer (&stmt, stmt_reset);

  for (guint i = 0; i < rows->len; i++)
    {
      gint64 row = g_array_index (rows, gint64, i);

      stmt = vt_store_prepare (self, "DELETE FROM attachments WHERE submission = ?1", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, row);
      if (!vt_store_step_done (self, stmt, N_("removing old sent applications"), error))
        goto fail;
      g_clear_pointer (&stmt, stmt_reset);

      stmt = vt_store_prepare (self, "DELETE FROM payloads WHERE submission = ?1", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, row);
      if (!vt_store_step_done (self, stmt, N_("removing old sent applications"), error))
        goto fail;
      g_clear_pointer (&stmt, stmt_reset);

      stmt = vt_store_prepare (self, "UPDATE submissions SET purged = 1, response = NULL WHERE id = ?1 "
                                     "RETURNING instance_id", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, row);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          vt_store_set_error_last (self, error, _("removing old sent applications"));
          goto fail;
        }
      {
        g_autofree char *instance_id = column_text (stmt, 0);
        g_autofree char *detail = g_strdup_printf ("retention %d days", retention_days);

        sqlite3_step (stmt);
        g_clear_pointer (&stmt, stmt_reset);
        if (!vt_store_add_event_in_transaction (self, now, instance_id, "purged", VT_STORE_ACTOR_KIOSK,
                                                detail, error))
          goto fail;
      }
    }

  if (!vt_store_commit (self, error))
    return -1;
  return (int) rows->len;

fail:
  g_clear_pointer (&stmt, stmt_reset);
  vt_store_rollback (self);
  return -1;
}

int
vt_store_purge_sent (VtStore  *self,
                     int       retention_days,
                     gint64    now,
                     GError  **error)
{
  gint64 cutoff = now - (gint64) MAX (retention_days, 0) * G_USEC_PER_SEC * 86400;
  int total = 0;
  int n;

  g_return_val_if_fail (self != NULL, -1);

  /* Each batch commits on its own: after a power cut (or an error) the
   * rows purged so far stay purged, each with its event, and the next
   * pass takes the rest. */
  do
    {
      n = purge_sent_batch (self, retention_days, cutoff, now, error);
      if (n < 0)
        return -1;
      total += n;
    }
  while (n == PURGE_BATCH);
  return total;
}

/* Gives the pages a purge freed back to the file system, a few at a time.
 * A kiosk's disk is small and a purge after years frees most of the file:
 * with auto_vacuum = INCREMENTAL (set on every database made since issue
 * 26) the freed pages are moved to the end and cut off in steps of
 * VACUUM_STEP pages, each its own short write transaction, so a citizen's
 * enqueue waits for one step at most.  A full VACUUM would rewrite the
 * whole file under one lock (seconds on a big store); a database made
 * before keeps its free pages, which SQLite reuses for new rows, so the
 * file does not grow past its largest size. */
#define VACUUM_STEP 128

static void
vacuum_freed_pages (VtStore *self)
{
  sqlite3 *db = vt_store_get_db (self);
  sqlite3_stmt *stmt = NULL;
  int mode = 0;

  if (sqlite3_prepare_v2 (db, "PRAGMA auto_vacuum", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    mode = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (mode != 2)
    return;
  for (;;)
    {
      int freelist = 0;

      stmt = NULL;
      if (sqlite3_prepare_v2 (db, "PRAGMA freelist_count", -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        freelist = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
      if (freelist == 0)
        break;
      if (sqlite3_exec (db, "PRAGMA incremental_vacuum (" G_STRINGIFY (VACUUM_STEP) ")",
                        NULL, NULL, NULL) != SQLITE_OK)
        {
          /* Busy past the timeout, or the disk: the next purge goes on. */
          g_debug ("retention: freed pages not returned now: %s", sqlite3_errmsg (db));
          break;
        }
    }
}

gboolean
vt_store_apply_retention (VtStore  *self,
                          int       retention_days,
                          int       draft_days,
                          gint64    now,
                          GError  **error)
{
  int sent, drafts;

  g_return_val_if_fail (self != NULL, FALSE);

  sent = vt_store_purge_sent (self, retention_days, now, error);
  if (sent < 0)
    return FALSE;
  drafts = vt_store_purge_drafts (self, draft_days, now, error);
  if (drafts < 0)
    return FALSE;
  /* Logged as vt_draft_purge() (vt-draft.c) logs it when a clerk lists drafts. */
  if (drafts > 0)
    {
      g_autofree char *detail = g_strdup_printf ("%d drafts older than %d days", drafts, draft_days);

      if (!vt_store_add_event (self, NULL, "drafts-purged", VT_STORE_ACTOR_KIOSK, detail, error))
        return FALSE;
    }
  if (sent > 0 || drafts > 0)
    {
      vacuum_freed_pages (self);
      /* secure_delete overwrote the rows in the database; their earlier
       * versions stay in the write-ahead log until it is copied back and
       * emptied.  Best effort: a reader in the middle of a read keeps it
       * for the next time. */
      if (sqlite3_wal_checkpoint_v2 (vt_store_get_db (self), NULL, SQLITE_CHECKPOINT_TRUNCATE,
                                     NULL, NULL) != SQLITE_OK)
        g_debug ("retention: the write-ahead log could not be emptied now");
      g_message ("retention: %d sent application(s) older than %d days purged, "
                 "%d draft(s) older than %d days deleted",
                 sent, retention_days, drafts, draft_days);
    }
  return TRUE;
}

/* ---- import ------------------------------------------------------------------ */

/* One row of vt_store_import(), inside its transaction: the same rows
 * vt_store_enqueue() writes, with an "imported" event.  Returns FALSE with
 * error set; *present is TRUE when the instanceID was already stored. */
static gboolean
import_one_in_transaction (VtStore                      *self,
                           const VtSubmission           *submission,
                           const VtStoreEnqueueOptions  *options,
                           gint64                        now,
                           gboolean                     *present,
                           GError                      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *code = NULL;
  const char *actor = options->actor != NULL ? options->actor : VT_STORE_ACTOR_CLERK;
  int rc;

  *present = FALSE;
  if (!validate_submission (submission, options, error))
    return FALSE;

  stmt = vt_store_prepare (self, "SELECT 1 FROM submissions WHERE instance_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, submission->instance_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *present = TRUE;
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      vt_store_set_error_last (self, error, _("importing an application"));
      return FALSE;
    }
  g_clear_pointer (&stmt, stmt_reset);

  code = insert_submission_in_transaction (self, submission, options, now, "imported", actor, error);
  return code != NULL;
}

gboolean
vt_store_import (VtStore                      *self,
                 GPtrArray                    *submissions,
                 const VtStoreEnqueueOptions  *options,
                 guint                        *n_added,
                 guint                        *n_present,
                 GError                      **error)
{
  gint64 now = g_get_real_time ();
  guint added = 0;
  guint present = 0;

  g_return_val_if_fail (self != NULL && submissions != NULL, FALSE);
  g_return_val_if_fail (submissions->len == 0 || options != NULL, FALSE);

  if (!vt_store_begin_immediate (self, error))
    return FALSE;

  for (guint i = 0; i < submissions->len; i++)
    {
      gboolean was_present = FALSE;

      if (!import_one_in_transaction (self, g_ptr_array_index (submissions, i), &options[i], now,
                                      &was_present, error))
        {
          vt_store_rollback (self);
          return FALSE;
        }
      if (was_present)
        present++;
      else
        added++;
    }

  if (!vt_store_commit (self, error))
    return FALSE;

  if (n_added != NULL)
    *n_added = added;
  if (n_present != NULL)
    *n_present = present;
  return TRUE;
}

gboolean
vt_store_begin_batch (VtStore  *self,
                      GError  **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->in_batch, FALSE);

  if (!vt_store_begin_immediate (self, error))
    return FALSE;
  self->in_batch = TRUE;
  return TRUE;
}

gboolean
vt_store_commit_batch (VtStore  *self,
                       GError  **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->in_batch, FALSE);

  self->in_batch = FALSE;
  if (self->batch_error != NULL)
    {
      vt_store_rollback (self);
      g_propagate_error (error, g_steal_pointer (&self->batch_error));
      return FALSE;
    }
  return vt_store_commit (self, error);
}

/* ---- freeing ------------------------------------------------------------------- */

void
vt_store_item_free (VtStoreItem *item)
{
  if (item == NULL)
    return;
  g_free (item->instance_id);
  g_free (item->form_id);
  g_free (item->form_version);
  g_free (item->xml);
  g_clear_pointer (&item->attachments, g_ptr_array_unref);
  g_free (item);
}

void
vt_store_submission_info_free (VtStoreSubmissionInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->instance_id);
  g_free (info->form_id);
  g_free (info->form_version);
  g_free (info->last_error);
  g_free (info->reference_code);
  g_free (info->service_title);
  g_free (info->assisted_by);
  g_free (info);
}
