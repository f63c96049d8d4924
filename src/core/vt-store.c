#define G_LOG_DOMAIN "vt-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "vt-store-private.h"

/* How the store keeps its promise.
 *
 * - One file, WAL, synchronous=FULL: a COMMIT that returned is on the disk;
 *   readers never block the writer.  Every write runs in BEGIN IMMEDIATE, so
 *   the lock is taken (under the busy timeout, then retried) before anything
 *   is read, and WAL never answers SQLITE_BUSY to an upgrade.
 * - Tables: submissions (the outbox; state, attempts, next_attempt_at,
 *   lease_until, last_error, response), payloads (the XML, apart from the
 *   row whose state changes), attachments (bytes + SHA-256,
 *   checked again when claimed), events (append-only: triggers refuse
 *   UPDATE and DELETE), forms + form_media (never deleted, only
 *   deactivated), drafts, meta (key/value), state_counts (each
 *   transaction adds its state changes at commit, count_move(); with
 *   max(id) for the queued count, so counting is O(1)).  A submission
 *   row carries its receipt; its reference code is
 *   derived from its rowid (vt_store_code_for_row), so it is unique without an
 *   index.  Submissions are never deleted (a trigger refuses it).
 * - Partial indexes make claim (next_attempt_at order) and the oldest unsent
 *   row (created_at order) index walks, so a queue of 100,000 costs what a
 *   queue of 10 does; an enqueue writes only one of them (migration 4 → 5).
 * - The schema is versioned with PRAGMA user_version; migrations[] are
 *   applied in one transaction at open, and a newer version is refused
 *   before anything writes to the file.
 * - Statements are prepared once per connection and cached by the address
 *   of their SQL literal. */

G_DEFINE_QUARK (vt-store-error-quark, vt_store_error)

/* How long a writer waits for another connection's transaction, per try,
 * and how many tries before the clerk hears about it. */
#define BUSY_TIMEOUT_MS   5000
#define BUSY_RETRIES      4
#define MAX_RESPONSE_BYTES (64 * 1024)
#define MAX_ERROR_BYTES    (4 * 1024)
/* Below this much free space a new application is refused up front. */
#define MIN_FREE_BYTES    (8 * 1024 * 1024)

struct _VtStore
{
  sqlite3    *db;
  char       *data_dir;
  char       *path;
  GHashTable *stmts;               /* SQL text → sqlite3_stmt *, prepared once */
  int         schema_version;
  gboolean    counted;             /* in open_connections */
  gboolean    in_batch;            /* vt_store_begin_batch(): marks share one commit */
  GError     *batch_error;         /* the write that failed the batch, if one did */
  int         count_delta[VT_STORE_N_STATES]; /* state changes not yet in state_counts */
  guint8      code_key[crypto_shorthash_KEYBYTES]; /* meta.code_key: see vt_store_code_for_row() */
};

/* Paths with a connection open in this process, and how many. */
static GMutex open_lock;
static GHashTable *open_connections;

static gboolean
connection_is_open (const char *path)
{
  gboolean open;

  g_mutex_lock (&open_lock);
  open = open_connections != NULL && g_hash_table_contains (open_connections, path);
  g_mutex_unlock (&open_lock);
  return open;
}

static void
count_connection (const char *path,
                  int         delta)
{
  int n;

  g_mutex_lock (&open_lock);
  if (open_connections == NULL)
    open_connections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  n = GPOINTER_TO_INT (g_hash_table_lookup (open_connections, path)) + delta;
  if (n > 0)
    g_hash_table_insert (open_connections, g_strdup (path), GINT_TO_POINTER (n));
  else
    g_hash_table_remove (open_connections, path);
  g_mutex_unlock (&open_lock);
}

static const char * const vt_store_state_names[VT_STORE_N_STATES] = {
  "queued", "sending", "sent", "rejected", "discarded",
};

/* Statements come from the cache and are reset when the variable holding
 * them goes out of scope, so no statement keeps a read transaction open. */
static void
stmt_reset (sqlite3_stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, stmt_reset)

/* ---- errors ------------------------------------------------------------ */

/* rc is an extended result code; os_errno what the system said, if known. */
static int
error_code_for (int rc,
                int os_errno)
{
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      return VT_STORE_ERROR_DISK_FULL;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return VT_STORE_ERROR_READ_ONLY;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return VT_STORE_ERROR_BUSY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return VT_STORE_ERROR_CORRUPT;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
      /* A write refused by the system may reach us as an I/O error. */
      if (os_errno == ENOSPC || os_errno == EDQUOT)
        return VT_STORE_ERROR_DISK_FULL;
      if (os_errno == EROFS || os_errno == EACCES || os_errno == EPERM)
        return VT_STORE_ERROR_READ_ONLY;
      return VT_STORE_ERROR_FAILED;
    default:
      return VT_STORE_ERROR_FAILED;
    }
}

static void
vt_store_set_error_rc (VtStore     *self,
                       GError     **error,
                       int          rc,
                       const char  *doing)
{
  int code = error_code_for (rc, self != NULL && self->db != NULL ? sqlite3_system_errno (self->db) : 0);
  const char *detail = self != NULL && self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);
  const char *path = self != NULL ? self->path : "";

  switch (code)
    {
    case VT_STORE_ERROR_DISK_FULL:
      g_set_error (error, VT_STORE_ERROR, code,
                   _("The kiosk's disk is full, so no new application can be stored. "
                     "Applications already stored are safe. Free some space or call "
                     "technical support before accepting more (%s)."), path);
      break;
    case VT_STORE_ERROR_READ_ONLY:
      g_set_error (error, VT_STORE_ERROR, code,
                   _("The kiosk's database %s cannot be written to, so no new application "
                     "can be stored. Applications already stored are safe. Ask technical "
                     "support to make the data folder writable for the kiosk (%s)."),
                   path, detail);
      break;
    case VT_STORE_ERROR_BUSY:
      g_set_error (error, VT_STORE_ERROR, code,
                   _("The kiosk's database was kept busy by another program for too long. "
                     "Try again; if this keeps happening, restart the kiosk (%s)."), detail);
      break;
    case VT_STORE_ERROR_CORRUPT:
      g_set_error (error, VT_STORE_ERROR, code,
                   _("The kiosk's database %s is damaged (%s). Stop accepting applications "
                     "and call technical support; do not delete the file, what it holds "
                     "can be recovered."), path, detail);
      break;
    default:
      /* Translators: the first %s says what the store was doing. */
      g_set_error (error, VT_STORE_ERROR, code,
                   _("The kiosk's database failed while %s: %s. Applications already "
                     "stored are safe; if this repeats, call technical support."),
                   doing, detail);
      break;
    }
}

static void
vt_store_set_error_last (VtStore     *self,
                         GError     **error,
                         const char  *doing)
{
  vt_store_set_error_rc (self, error, sqlite3_extended_errcode (self->db), doing);
}

/* ---- statements and transactions ---------------------------------------- */

/* `sql` is always a string literal: statements are cached by its address,
 * which costs no hashing of the text on every call. */
static int
cached_statement (VtStore       *self,
                  const char    *sql,
                  sqlite3_stmt **stmt)
{
  int rc;

  *stmt = g_hash_table_lookup (self->stmts, sql);
  if (*stmt != NULL)
    return SQLITE_OK;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL);
  if (rc == SQLITE_OK)
    g_hash_table_insert (self->stmts, (gpointer) sql, *stmt);
  return rc;
}

static sqlite3_stmt *
vt_store_prepare (VtStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = cached_statement (self, sql, &stmt);

  if (rc != SQLITE_OK)
    {
      vt_store_set_error_rc (self, error, rc, _("preparing a query"));
      return NULL;
    }
  return stmt;
}

static gboolean
exec_sql (VtStore     *self,
          const char  *sql,
          GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      vt_store_set_error_last (self, error, _("updating the database"));
      return FALSE;
    }
  return TRUE;
}

static int run_control (VtStore    *self,
                        const char *sql);

static void
vt_store_rollback (VtStore *self)
{
  memset (self->count_delta, 0, sizeof self->count_delta);
  if (!sqlite3_get_autocommit (self->db))
    run_control (self, "ROLLBACK");
}

/* Runs a cached transaction-control statement (BEGIN IMMEDIATE, COMMIT),
 * retrying while another connection holds the lock past the busy timeout. */
static int
run_control (VtStore    *self,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int rc = cached_statement (self, sql, &stmt);

  if (rc != SQLITE_OK)
    return rc;

  for (int i = 0; i < BUSY_RETRIES; i++)
    {
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if ((rc & 0xff) != SQLITE_BUSY)
        break;
      g_debug ("database busy, trying again (%d)", i + 1);
    }
  return rc == SQLITE_DONE ? SQLITE_OK : sqlite3_extended_errcode (self->db);
}

/* Every write starts with BEGIN IMMEDIATE: the write lock is taken up
 * front, under the busy timeout, so a transaction never has to upgrade a
 * read lock (which WAL answers with SQLITE_BUSY at once). */
static gboolean
vt_store_begin_immediate (VtStore  *self,
                          GError  **error)
{
  int rc = run_control (self, "BEGIN IMMEDIATE");

  if (rc != SQLITE_OK)
    {
      vt_store_set_error_rc (self, error, rc, _("starting a transaction"));
      return FALSE;
    }
  return TRUE;
}

/* A read transaction, so several queries see one snapshot. */
static gboolean
vt_store_begin_read (VtStore  *self,
                     GError  **error)
{
  int rc = run_control (self, "BEGIN");

  if (rc != SQLITE_OK)
    {
      vt_store_set_error_rc (self, error, rc, _("reading the database"));
      return FALSE;
    }
  return TRUE;
}

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

static int
write_counts (VtStore *self)
{
  for (int state = 0; state < VT_STORE_N_STATES; state++)
    {
      sqlite3_stmt *stmt = NULL;
      int rc;

      if (self->count_delta[state] == 0)
        continue;
      rc = cached_statement (self, "UPDATE state_counts SET n = n + ?2 WHERE state = ?1", &stmt);
      if (rc != SQLITE_OK)
        return rc;
      sqlite3_bind_text (stmt, 1, vt_store_state_names[state], -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, self->count_delta[state]);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return sqlite3_extended_errcode (self->db);
    }
  memset (self->count_delta, 0, sizeof self->count_delta);
  return SQLITE_OK;
}

static gboolean
vt_store_commit (VtStore  *self,
                 GError  **error)
{
  int rc = write_counts (self);

  if (rc == SQLITE_OK)
    rc = run_control (self, "COMMIT");
  if (rc != SQLITE_OK)
    {
      vt_store_set_error_rc (self, error, rc, _("saving"));
      vt_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/* Steps a statement that returns no row.  `doing` is marked with N_()
 * and translated only when the step fails: a step that succeeds (every
 * write of a sync pass) does not pay for a catalogue lookup. */
static gboolean
vt_store_step_done (VtStore      *self,
                    sqlite3_stmt *stmt,
                    const char   *doing,
                    GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      vt_store_set_error_rc (self, error, sqlite3_extended_errcode (self->db), _(doing));
      return FALSE;
    }
  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           index)
{
  const unsigned char *text = sqlite3_column_text (stmt, index);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

static gboolean
parse_state (const char   *text,
             VtStoreState *state)
{
  for (int i = 0; i < VT_STORE_N_STATES; i++)
    if (text != NULL && g_str_equal (text, vt_store_state_names[i]))
      {
        *state = (VtStoreState) i;
        return TRUE;
      }
  return FALSE;
}

static VtStoreState
column_state (sqlite3_stmt *stmt,
              int           index)
{
  VtStoreState state = VT_STORE_STATE_QUEUED;

  parse_state ((const char *) sqlite3_column_text (stmt, index), &state);
  return state;
}

const char *
vt_store_state_to_string (VtStoreState state)
{
  g_return_val_if_fail ((int) state >= 0 && state < VT_STORE_N_STATES, NULL);
  return vt_store_state_names[state];
}

gboolean
vt_store_state_from_string (const char   *text,
                            VtStoreState *state)
{
  g_return_val_if_fail (state != NULL, FALSE);
  return parse_state (text, state);
}

/* ---- schema ------------------------------------------------------------- */

/* Each step takes the schema from version i to i + 1.  Released steps are
 * never edited: a change is a new step at the end. */
static const char * const migrations[] = {
  /* 0 → 1: the first tables. */
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT"
  ") WITHOUT ROWID;"
  "CREATE TABLE forms ("
  "  id INTEGER PRIMARY KEY,"
  "  form_id TEXT NOT NULL,"
  "  version TEXT NOT NULL,"
  "  title TEXT,"
  "  md5_hash TEXT,"
  "  xml TEXT NOT NULL,"
  "  source TEXT NOT NULL,"
  "  active INTEGER NOT NULL DEFAULT 1,"
  "  added_at INTEGER NOT NULL,"
  "  UNIQUE (form_id, version)"
  ");"
  "CREATE TABLE form_media ("
  "  form INTEGER NOT NULL REFERENCES forms (id),"
  "  name TEXT NOT NULL,"
  "  md5_hash TEXT,"
  "  bytes BLOB NOT NULL,"
  "  PRIMARY KEY (form, name)"
  ");"
  "CREATE TABLE submissions ("
  "  id INTEGER PRIMARY KEY,"
  "  instance_id TEXT NOT NULL UNIQUE,"
  "  form_id TEXT NOT NULL,"
  "  form_version TEXT NOT NULL,"
  "  xml TEXT,"
  "  state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'rejected', 'discarded')),"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at INTEGER NOT NULL,"
  "  lease_until INTEGER,"
  "  last_error TEXT,"
  "  http_status INTEGER,"
  "  response TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  sent_at INTEGER"
  ");"
  "CREATE INDEX submissions_due ON submissions (state, next_attempt_at);"
  "CREATE TABLE attachments ("
  "  submission INTEGER NOT NULL REFERENCES submissions (id),"
  "  name TEXT NOT NULL,"
  "  content_type TEXT,"
  "  sha256 TEXT NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  bytes BLOB,"
  "  PRIMARY KEY (submission, name)"
  ");"
  "CREATE TABLE receipts ("
  "  submission INTEGER PRIMARY KEY REFERENCES submissions (id),"
  "  reference_code TEXT NOT NULL UNIQUE,"
  "  service_title TEXT NOT NULL,"
  "  language TEXT,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE events ("
  "  id INTEGER PRIMARY KEY,"
  "  time INTEGER NOT NULL,"
  "  instance_id TEXT,"
  "  what TEXT NOT NULL,"
  "  actor TEXT NOT NULL,"
  "  detail TEXT"
  ");"
  "CREATE INDEX events_instance ON events (instance_id);"
  "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
  "  BEGIN SELECT RAISE (ABORT, 'the event log is append-only'); END;"
  "CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
  "  BEGIN SELECT RAISE (ABORT, 'the event log is append-only'); END;",

  /* 1 → 2: the clerk who helped, on the receipt; drafts. */
  "ALTER TABLE receipts ADD COLUMN assisted_by TEXT;"
  "CREATE TABLE drafts ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  form_id TEXT NOT NULL,"
  "  form_version TEXT NOT NULL,"
  "  answers_json TEXT NOT NULL,"
  "  saved_by TEXT,"
  "  saved_at INTEGER NOT NULL"
  ");",

  /* 2 → 3: counts per state kept by triggers and an index for the oldest
   * unsent row, so `queue` costs the same with 10 or 100,000 rows. */
  "CREATE TABLE state_counts ("
  "  state TEXT PRIMARY KEY NOT NULL,"
  "  n INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "INSERT INTO state_counts (state, n) VALUES"
  "  ('queued', 0), ('sending', 0), ('sent', 0), ('rejected', 0), ('discarded', 0);"
  "UPDATE state_counts SET n = (SELECT count(*) FROM submissions s WHERE s.state = state_counts.state);"
  "CREATE TRIGGER submissions_count_insert AFTER INSERT ON submissions"
  "  BEGIN UPDATE state_counts SET n = n + 1 WHERE state = NEW.state; END;"
  "CREATE TRIGGER submissions_count_update AFTER UPDATE OF state ON submissions"
  "  WHEN OLD.state <> NEW.state"
  "  BEGIN"
  "    UPDATE state_counts SET n = n - 1 WHERE state = OLD.state;"
  "    UPDATE state_counts SET n = n + 1 WHERE state = NEW.state;"
  "  END;"
  "CREATE TRIGGER submissions_count_delete AFTER DELETE ON submissions"
  "  BEGIN UPDATE state_counts SET n = n - 1 WHERE state = OLD.state; END;"
  "CREATE INDEX submissions_created ON submissions (state, created_at);",

  /* 3 → 4: enqueue counts its row itself.  A trigger on INSERT makes the
   * INSERT a multi-table statement, which SQLite runs with a statement
   * journal (a copy of every page it changes, the 4 KB of XML included):
   * bench-store measured it at a quarter of an enqueue.  The UPDATE and
   * DELETE triggers stay: the transitions that fire them are not what a
   * citizen waits for, and nothing else inserts into submissions. */
  "DROP TRIGGER submissions_count_insert;",

  /* 4 → 5: an enqueue writes one state index instead of two.  Claim needs
   * queued rows in next_attempt_at order, the oldest unsent row needs them
   * in created_at order: two indexes over every queued row, each a page
   * written per enqueue.  But a row that was never tried again is enqueued
   * with next_attempt_at = created_at, where both orders agree, so it needs
   * only submissions_fresh; rows given a later attempt time (retry,
   * requeue) move to the two waiting indexes; rows being sent, and sent rows
   * whose payload retention has not purged yet, have small partial indexes
   * of their own.  None of those is written by an enqueue. */
  "DROP INDEX submissions_due;"
  "DROP INDEX submissions_created;"
  "CREATE INDEX submissions_fresh ON submissions (next_attempt_at)"
  "  WHERE state = 'queued' AND next_attempt_at = created_at;"
  "CREATE INDEX submissions_waiting ON submissions (next_attempt_at)"
  "  WHERE state = 'queued' AND next_attempt_at <> created_at;"
  "CREATE INDEX submissions_waiting_created ON submissions (created_at)"
  "  WHERE state = 'queued' AND next_attempt_at <> created_at;"
  "CREATE INDEX submissions_sending ON submissions (lease_until) WHERE state = 'sending';"
  "CREATE INDEX submissions_unpurged ON submissions (sent_at) WHERE state = 'sent' AND xml IS NOT NULL;",

  /* 5 → 6: the XML moves out of the row whose state changes.  A 4 KB
   * record spills to overflow pages, and SQLite rewrites a whole record
   * (overflow chain included) on every UPDATE: claim, sent and purge each
   * paid for the XML again (bench-sync measured ~125 µs of a row's database
   * time).  payloads holds it once, written by enqueue and import, deleted
   * by purge; submissions.xml stays NULL from now on.  "Not purged yet" was
   * "xml IS NOT NULL"; it is now an explicit flag. */
  "CREATE TABLE payloads ("
  "  submission INTEGER PRIMARY KEY REFERENCES submissions (id),"
  "  xml TEXT NOT NULL"
  ");"
  "INSERT INTO payloads (submission, xml) SELECT id, xml FROM submissions WHERE xml IS NOT NULL;"
  "ALTER TABLE submissions ADD COLUMN purged INTEGER NOT NULL DEFAULT 0;"
  "UPDATE submissions SET purged = 1 WHERE xml IS NULL;"
  "DROP INDEX submissions_unpurged;"
  "UPDATE submissions SET xml = NULL WHERE xml IS NOT NULL;"
  "CREATE INDEX submissions_unpurged ON submissions (sent_at) WHERE state = 'sent' AND purged = 0;",

  /* 6 → 7: an enqueue stops writing three pages that only bookkeeping
   * needed (bench-store: each changed page is ~0.1 of the enqueue-ratio).
   * - The receipt moves into its submission's row (one to one, written in
   *   the same transaction anyway): no receipts leaf.
   * - A new row's reference code is derived from its rowid by a keyed
   *   permutation (vt_store_code_for_row()): unique by construction, so it needs no
   *   UNIQUE index entry.  A row keeps a code of its own in reference_code
   *   only when it has to: receipts written before this version, imports
   *   that bring their citizen's code, and the rare derived code that is
   *   already another row's own.  The partial index holds only those.
   * - The queued count is no longer written by each enqueue: rows are never
   *   deleted (a trigger now refuses it), so max(id) is the number of rows
   *   ever stored, and state_counts' 'queued' row holds the queued count
   *   minus max(id); the UPDATE trigger keeps it as before. */
  "ALTER TABLE submissions ADD COLUMN reference_code TEXT;"
  "ALTER TABLE submissions ADD COLUMN service_title TEXT;"
  "ALTER TABLE submissions ADD COLUMN language TEXT;"
  "ALTER TABLE submissions ADD COLUMN assisted_by TEXT;"
  "UPDATE submissions SET reference_code = r.reference_code, service_title = r.service_title,"
  "  language = r.language, assisted_by = r.assisted_by"
  "  FROM receipts r WHERE r.submission = submissions.id;"
  "DROP TABLE receipts;"
  "CREATE UNIQUE INDEX submissions_code ON submissions (reference_code)"
  "  WHERE reference_code IS NOT NULL;"
  "INSERT INTO meta (key, value) VALUES ('code_key', hex (randomblob (16)));"
  "UPDATE state_counts SET n = n - coalesce ((SELECT max (id) FROM submissions), 0)"
  "  WHERE state = 'queued';"
  "DROP TRIGGER submissions_count_delete;"
  "CREATE TRIGGER submissions_no_delete BEFORE DELETE ON submissions"
  "  BEGIN SELECT RAISE (ABORT, 'applications are never deleted; sent ones are purged'); END;",

  /* 7 → 8: two costs every state change and every enqueue paid without
   * need (callgrind on bench-store's drain: ~30,000 and ~16,000
   * instructions per UPDATE, of ~100,000).
   * - The CHECK on state was an IN list of constants, which SQLite
   *   evaluates by building a temporary b-tree of the five names on every
   *   execution of a statement that writes the column.  The same check as
   *   a chain of comparisons costs a few instructions.  A CHECK cannot be
   *   altered, so the table is rebuilt (SQLite's documented procedure:
   *   migrate() runs every step with foreign keys off and checks them
   *   before the commit), with the same columns, rows and rowids.
   * - The trigger that kept state_counts ran two UPDATEs per state change
   *   and made every single-row UPDATE of submissions a statement with a
   *   statement journal.  The store now adds each transaction's changes to
   *   state_counts once, before its COMMIT (count_move()). */
  "CREATE TABLE submissions_8 ("
  "  id INTEGER PRIMARY KEY,"
  "  instance_id TEXT NOT NULL UNIQUE,"
  "  form_id TEXT NOT NULL,"
  "  form_version TEXT NOT NULL,"
  "  xml TEXT,"
  "  state TEXT NOT NULL CHECK (state = 'queued' OR state = 'sending' OR state = 'sent'"
  "                            OR state = 'rejected' OR state = 'discarded'),"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at INTEGER NOT NULL,"
  "  lease_until INTEGER,"
  "  last_error TEXT,"
  "  http_status INTEGER,"
  "  response TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  sent_at INTEGER,"
  "  purged INTEGER NOT NULL DEFAULT 0,"
  "  reference_code TEXT,"
  "  service_title TEXT,"
  "  language TEXT,"
  "  assisted_by TEXT"
  ");"
  "INSERT INTO submissions_8 (id, instance_id, form_id, form_version, xml, state, attempts,"
  "  next_attempt_at, lease_until, last_error, http_status, response, created_at, sent_at,"
  "  purged, reference_code, service_title, language, assisted_by)"
  "  SELECT id, instance_id, form_id, form_version, xml, state, attempts,"
  "  next_attempt_at, lease_until, last_error, http_status, response, created_at, sent_at,"
  "  purged, reference_code, service_title, language, assisted_by FROM submissions;"
  "DROP TABLE submissions;"
  "ALTER TABLE submissions_8 RENAME TO submissions;"
  "CREATE INDEX submissions_fresh ON submissions (next_attempt_at)"
  "  WHERE state = 'queued' AND next_attempt_at = created_at;"
  "CREATE INDEX submissions_waiting ON submissions (next_attempt_at)"
  "  WHERE state = 'queued' AND next_attempt_at <> created_at;"
  "CREATE INDEX submissions_waiting_created ON submissions (created_at)"
  "  WHERE state = 'queued' AND next_attempt_at <> created_at;"
  "CREATE INDEX submissions_sending ON submissions (lease_until) WHERE state = 'sending';"
  "CREATE INDEX submissions_unpurged ON submissions (sent_at) WHERE state = 'sent' AND purged = 0;"
  "CREATE UNIQUE INDEX submissions_code ON submissions (reference_code)"
  "  WHERE reference_code IS NOT NULL;"
  "CREATE TRIGGER submissions_no_delete BEFORE DELETE ON submissions"
  "  BEGIN SELECT RAISE (ABORT, 'applications are never deleted; sent ones are purged'); END;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == VT_STORE_SCHEMA_VERSION);

static gboolean
read_int_pragma (VtStore     *self,
                 const char  *sql,
                 int         *value,
                 GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *value = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
      return TRUE;
    }
  rc = sqlite3_extended_errcode (self->db);
  sqlite3_finalize (stmt);
  vt_store_set_error_rc (self, error, rc, _("reading the database"));
  return FALSE;
}

static gboolean
migrate_in_transaction (VtStore  *self,
                        int       target,
                        int      *version,
                        GError  **error)
{
  sqlite3_stmt *check = NULL;
  int rc;

  if (!vt_store_begin_immediate (self, error))
    return FALSE;

  /* Another process may have migrated while we waited for the lock. */
  if (!read_int_pragma (self, "PRAGMA user_version", version, error))
    {
      vt_store_rollback (self);
      return FALSE;
    }

  for (int v = *version; v < target; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", v + 1);

      g_debug ("migrating %s from schema %d to %d", self->path, v, v + 1);
      if (!exec_sql (self, migrations[v], error) || !exec_sql (self, set_version, error))
        {
          vt_store_rollback (self);
          return FALSE;
        }
    }

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA foreign_key_check", -1, &check, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (check);
  sqlite3_finalize (check);
  if (rc != SQLITE_DONE)
    {
      if (rc == SQLITE_ROW)
        g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT,
                     _("The kiosk's database %s could not be updated to this version of "
                       "Ventanilla: some of its rows point at rows that do not exist. It has "
                       "not been changed. Ask technical support to check it."),
                     self->path);
      else
        vt_store_set_error_last (self, error, _("updating the database"));
      vt_store_rollback (self);
      return FALSE;
    }

  return vt_store_commit (self, error);
}

static gboolean
migrate (VtStore  *self,
         int       target,
         GError  **error)
{
  int version = 0;
  gboolean ok;

  if (!read_int_pragma (self, "PRAGMA user_version", &version, error))
    return FALSE;
  if (version >= target)
    {
      self->schema_version = version;
      return TRUE;
    }

  /* A step may rebuild a table others refer to (7 → 8): as SQLite's
   * procedure for that asks, foreign keys are off during the migration
   * (the pragma does nothing inside a transaction) and checked as a whole
   * before the commit. */
  if (!exec_sql (self, "PRAGMA foreign_keys = OFF", error))
    return FALSE;
  ok = migrate_in_transaction (self, target, &version, error);
  if (!exec_sql (self, "PRAGMA foreign_keys = ON", ok ? error : NULL) || !ok)
    return FALSE;

  self->schema_version = MAX (version, target);
  return TRUE;
}

/* SQLite's allocation statistics take one process-wide mutex around every
 * malloc and free, which the UI's and the sync thread's connections then
 * share; nothing here reads them.  Only possible before SQLite's first use
 * in the process: later, the call fails and changes nothing. */
static void
disable_memory_statistics (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      if (sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
        g_debug ("SQLite was in use before the store opened; its allocation statistics stay on");
      g_once_init_leave (&done, 1);
    }
}

/* The key of the permutation that turns rowids into reference codes,
 * written once by migration 6 → 7. */
static gboolean
read_code_key (VtStore  *self,
               GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  const char *hex;
  gsize len = 0;
  int rc;

  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");

  rc = sqlite3_prepare_v2 (self->db, "SELECT value FROM meta WHERE key = 'code_key'", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  hex = rc == SQLITE_ROW ? (const char *) sqlite3_column_text (stmt, 0) : NULL;
  if (hex == NULL ||
      sodium_hex2bin (self->code_key, sizeof self->code_key, hex, strlen (hex), NULL, &len, NULL) != 0 ||
      len != sizeof self->code_key)
    {
      sqlite3_finalize (stmt);
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT,
                   _("The kiosk's database %s has lost the key of its reference codes; "
                     "nothing was changed. Ask technical support to restore it from a backup."),
                   self->path);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
quick_check (VtStore  *self,
             GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  int rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check", -1, &stmt, NULL);

  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (line != NULL && !g_str_equal (line, "ok") && problems->len < 512)
        g_string_append_printf (problems, "%s%s", problems->len > 0 ? "; " : "", line);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      vt_store_set_error_last (self, error, _("checking the database"));
      return FALSE;
    }
  if (problems->len > 0)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT,
                   _("The kiosk's database %s is damaged (%s). Stop accepting applications "
                     "and call technical support; do not delete the file, what it holds "
                     "can be recovered."), self->path, problems->str);
      return FALSE;
    }
  return TRUE;
}

static VtStore *
open_store (const char  *data_dir,
            int          max_version,
            GError     **error)
{
  g_autoptr(VtStore) self = g_new0 (VtStore, 1);
  int version = 0;
  int rc;
  char *journal_mode = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);

  if (sodium_init () < 0)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_FAILED,
                   _("The kiosk could not initialise its random number generator; restart it."));
      return NULL;
    }

  self->data_dir = g_strdup (data_dir);
  self->path = g_build_filename (data_dir, VT_STORE_FILE_NAME, NULL);
  self->stmts = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                       (GDestroyNotify) sqlite3_finalize);

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, VT_STORE_ERROR,
                   saved == EROFS || saved == EACCES || saved == EPERM
                   ? VT_STORE_ERROR_READ_ONLY : VT_STORE_ERROR_FAILED,
                   _("The kiosk's data folder %s cannot be created (%s). Ask technical "
                     "support to create it, writable for the kiosk."),
                   data_dir, g_strerror (saved));
      return NULL;
    }

  /* WAL needs to create its -wal and -shm files next to the database, and a
   * kiosk that can read but not write would show receipts it cannot keep. */
  if (g_access (data_dir, W_OK) != 0 ||
      (g_file_test (self->path, G_FILE_TEST_EXISTS) && g_access (self->path, W_OK) != 0))
    {
      int saved = errno;

      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_READ_ONLY,
                   _("The kiosk's data folder %s cannot be written to (%s), so no "
                     "application can be stored. Applications already stored are safe. "
                     "Ask technical support to make it writable for the kiosk."),
                   data_dir, g_strerror (saved));
      return NULL;
    }

  /* Citizens' data is for the kiosk's user only; SQLite gives the -wal and
   * -shm files the database's mode, so the file exists with it first. */
  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      int fd = g_open (self->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

      if (fd >= 0)
        close (fd);
    }

  disable_memory_statistics ();
  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      vt_store_set_error_rc (self, error, rc, _("opening the database"));
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* Read the version before anything writes to the file: a database from a
   * newer release must be left exactly as it is. */
  if (!read_int_pragma (self, "PRAGMA user_version", &version, error))
    return NULL;
  if (version > VT_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NEWER_SCHEMA,
                   _("The kiosk's database %s was written by a newer version of Ventanilla "
                     "(schema %d; this version knows up to %d). It has not been changed. "
                     "Install the newer version of Ventanilla again."),
                   self->path, version, VT_STORE_SCHEMA_VERSION);
      return NULL;
    }

  g_chmod (self->path, 0600);

  /* A larger page cache keeps the indexes of a long offline queue in memory.
   * A new database gets 1 KB pages: an enqueue changes one page in each of
   * several b-trees and each changed page goes to the WAL whole, so with
   * 4 KB pages a commit wrote and synced ~44 KB where the same rows need
   * ~16 KB with 1 KB pages.  On ext4 the kernel's share of an enqueue (and
   * the wall time) follows those bytes; on tmpfs, where only CPU counts,
   * the two sizes cost the same.  page_size only takes effect before the
   * file has content: an existing database keeps the size it has. */
  rc = sqlite3_exec (self->db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; "
                               "PRAGMA page_size = " G_STRINGIFY (VT_STORE_PAGE_SIZE) "; "
                               "PRAGMA cache_size = -8192;",
                     NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_stmt *stmt = NULL;

      /* Changing the journal mode needs a moment alone with the file; the
       * busy handler does not cover it, so try a few times. */
      for (int i = 0; i < BUSY_RETRIES * 50; i++)
        {
          rc = sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
          if (rc == SQLITE_OK)
            rc = sqlite3_step (stmt);
          if (rc == SQLITE_ROW)
            {
              journal_mode = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
              rc = SQLITE_OK;
            }
          sqlite3_finalize (stmt);
          stmt = NULL;
          if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
            break;
          g_usleep (10 * 1000);
        }
    }
  if (rc != SQLITE_OK)
    {
      g_free (journal_mode);
      vt_store_set_error_last (self, error, _("opening the database"));
      return NULL;
    }
  if (g_strcmp0 (journal_mode, "wal") != 0)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_FAILED,
                   _("The kiosk's database %s cannot use write-ahead logging (it reports "
                     "“%s”); keep the data folder on a local disk."),
                   self->path, journal_mode != NULL ? journal_mode : "?");
      g_free (journal_mode);
      return NULL;
    }
  g_free (journal_mode);

  /* A second connection while another in this process is open (the sync
   * thread's, beside the UI's) need not read every page again. */
  if (!connection_is_open (self->path) && !quick_check (self, error))
    return NULL;

  if (!migrate (self, MIN (max_version, VT_STORE_SCHEMA_VERSION), error))
    return NULL;
  if (self->schema_version >= 7 && !read_code_key (self, error))
    return NULL;

  count_connection (self->path, +1);
  self->counted = TRUE;
  return g_steal_pointer (&self);
}

VtStore *
vt_store_open (const char  *data_dir,
               GError     **error)
{
  return open_store (data_dir, VT_STORE_SCHEMA_VERSION, error);
}

VtStore *
vt_store_open_at_version (const char  *data_dir,
                          int          max_version,
                          GError     **error)
{
  return open_store (data_dir, max_version, error);
}

void
vt_store_close (VtStore *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->stmts, g_hash_table_unref);
  g_clear_error (&self->batch_error);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  if (self->counted)
    count_connection (self->path, -1);
  g_free (self->data_dir);
  g_free (self->path);
  g_free (self);
}

sqlite3 *
vt_store_get_db (VtStore *self)
{
  return self->db;
}

void
vt_store_set_busy_timeout (VtStore *self,
                           int      ms)
{
  sqlite3_busy_timeout (self->db, ms);
}

const char *
vt_store_get_path (VtStore *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

int
vt_store_get_schema_version (VtStore *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->schema_version;
}

/* ---- meta ---------------------------------------------------------------- */

static gboolean
vt_store_set_meta_in_transaction (VtStore     *self,
                                  const char  *key,
                                  const char  *value,
                                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = vt_store_prepare (self, value != NULL
                           ? "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)"
                           : "DELETE FROM meta WHERE key = ?1 AND ?2 IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  bind_text (stmt, 2, value);
  return vt_store_step_done (self, stmt, N_("saving a setting"), error);
}

char *
vt_store_get_meta (VtStore     *self,
                   const char  *key,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL && key != NULL, NULL);

  stmt = vt_store_prepare (self, "SELECT value FROM meta WHERE key = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return column_text (stmt, 0);
  if (rc != SQLITE_DONE)
    vt_store_set_error_last (self, error, _("reading a setting"));
  return NULL;
}

gboolean
vt_store_set_meta (VtStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  g_return_val_if_fail (self != NULL && key != NULL, FALSE);

  if (!vt_store_begin_immediate (self, error))
    return FALSE;
  if (!vt_store_set_meta_in_transaction (self, key, value, error))
    {
      vt_store_rollback (self);
      return FALSE;
    }
  return vt_store_commit (self, error);
}

gboolean
vt_store_set_last_sync (VtStore  *self,
                        gint64    when,
                        GError  **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, when);

  return vt_store_set_meta (self, VT_STORE_META_LAST_SYNC, text, error);
}

gboolean
vt_store_check_writable (VtStore  *self,
                         GError  **error)
{
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *now = NULL;
  int page_count = 0, max_page_count = 0, page_size = 0;

  g_return_val_if_fail (self != NULL, FALSE);

  /* Refuse before a citizen starts rather than after they finish. */
  dir = g_file_new_for_path (self->data_dir);
  info = g_file_query_filesystem_info (dir, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, NULL);
  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE) &&
      g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE) < MIN_FREE_BYTES)
    {
      vt_store_set_error_rc (self, error, SQLITE_FULL, NULL);
      return FALSE;
    }
  if (!read_int_pragma (self, "PRAGMA page_count", &page_count, error) ||
      !read_int_pragma (self, "PRAGMA max_page_count", &max_page_count, error) ||
      !read_int_pragma (self, "PRAGMA page_size", &page_size, error))
    return FALSE;
  if ((gint64) (max_page_count - page_count) * page_size < MIN_FREE_BYTES)
    {
      vt_store_set_error_rc (self, error, SQLITE_FULL, NULL);
      return FALSE;
    }

  now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time ());
  if (!vt_store_begin_immediate (self, error))
    return FALSE;
  if (!vt_store_set_meta_in_transaction (self, "last_check", now, error))
    {
      vt_store_rollback (self);
      return FALSE;
    }
  return vt_store_commit (self, error);
}

/* ---- events -------------------------------------------------------------- */

static gboolean
vt_store_add_event_in_transaction (VtStore     *self,
                                   gint64       time,
                                   const char  *instance_id,
                                   const char  *what,
                                   const char  *actor,
                                   const char  *detail,
                                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = vt_store_prepare (self, "INSERT INTO events (time, instance_id, what, actor, detail) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, time);
  bind_text (stmt, 2, instance_id);
  bind_text (stmt, 3, what);
  bind_text (stmt, 4, actor);
  bind_text (stmt, 5, detail);
  return vt_store_step_done (self, stmt, N_("recording an event"), error);
}

gboolean
vt_store_add_event (VtStore     *self,
                    const char  *instance_id,
                    const char  *what,
                    const char  *actor,
                    const char  *detail,
                    GError     **error)
{
  g_return_val_if_fail (self != NULL && what != NULL && actor != NULL, FALSE);

  if (!vt_store_begin_immediate (self, error))
    return FALSE;
  if (!vt_store_add_event_in_transaction (self, g_get_real_time (), instance_id, what, actor, detail, error))
    {
      vt_store_rollback (self);
      return FALSE;
    }
  return vt_store_commit (self, error);
}

GPtrArray *
vt_store_list_events (VtStore     *self,
                      const char  *instance_id,
                      guint        limit,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_store_event_free);
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  /* The most recent `limit`, given back oldest first.  One submission's
   * are a walk of events_instance (an OR with "?1 IS NULL" would scan the
   * whole log); everyone's, a walk back from the end of the table. */
  if (instance_id != NULL)
    stmt = vt_store_prepare (self,
                             "SELECT id, time, instance_id, what, actor, detail FROM ("
                             "  SELECT * FROM events INDEXED BY events_instance WHERE instance_id = ?1"
                             "  ORDER BY id DESC LIMIT ?2"
                             ") ORDER BY id", error);
  else
    stmt = vt_store_prepare (self,
                             "SELECT id, time, instance_id, what, actor, detail FROM ("
                             "  SELECT * FROM events WHERE ?1 IS NULL"
                             "  ORDER BY id DESC LIMIT ?2"
                             ") ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, instance_id);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VtStoreEvent *event = g_new0 (VtStoreEvent, 1);

      event->id = sqlite3_column_int64 (stmt, 0);
      event->time = sqlite3_column_int64 (stmt, 1);
      event->instance_id = column_text (stmt, 2);
      event->what = column_text (stmt, 3);
      event->actor = column_text (stmt, 4);
      event->detail = column_text (stmt, 5);
      g_ptr_array_add (events, event);
    }
  if (rc != SQLITE_DONE)
    {
      vt_store_set_error_last (self, error, _("reading the event log"));
      return NULL;
    }
  return g_steal_pointer (&events);
}

/* ---- forms --------------------------------------------------------------- */

gboolean
vt_store_add_form (VtStore            *self,
                   const VtStoreForm  *form,
                   GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 form_row;
  const char *version;

  g_return_val_if_fail (self != NULL && form != NULL, FALSE);

  if (form->form_id == NULL || form->form_id[0] == '\0' || form->xml == NULL)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_INVALID,
                   _("A form needs an id and its XML to be stored."));
      return FALSE;
    }
  version = form->version != NULL ? form->version : "";

  if (!vt_store_begin_immediate (self, error))
    return FALSE;

  if (form->active)
    {
      stmt = vt_store_prepare (self, "UPDATE forms SET active = 0 WHERE form_id = ?1 AND version <> ?2", error);
      if (stmt == NULL)
        goto fail;
      bind_text (stmt, 1, form->form_id);
      bind_text (stmt, 2, version);
      if (!vt_store_step_done (self, stmt, N_("storing a form"), error))
        goto fail;
      g_clear_pointer (&stmt, stmt_reset);
    }

  stmt = vt_store_prepare (self,
                           "INSERT INTO forms (form_id, version, title, md5_hash, xml, source, active, added_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                           "ON CONFLICT (form_id, version) DO UPDATE SET title = excluded.title, "
                           "  md5_hash = excluded.md5_hash, xml = excluded.xml, source = excluded.source, "
                           "  active = excluded.active, added_at = excluded.added_at "
                           "RETURNING id", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, form->form_id);
  bind_text (stmt, 2, version);
  bind_text (stmt, 3, form->title);
  bind_text (stmt, 4, form->md5_hash);
  bind_text (stmt, 5, form->xml);
  bind_text (stmt, 6, form->source != NULL ? form->source : "server");
  sqlite3_bind_int (stmt, 7, form->active ? 1 : 0);
  sqlite3_bind_int64 (stmt, 8, form->added_at != 0 ? form->added_at : g_get_real_time ());
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      vt_store_set_error_last (self, error, _("storing a form"));
      goto fail;
    }
  form_row = sqlite3_column_int64 (stmt, 0);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      vt_store_set_error_last (self, error, _("storing a form"));
      goto fail;
    }
  g_clear_pointer (&stmt, stmt_reset);

  stmt = vt_store_prepare (self, "DELETE FROM form_media WHERE form = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, form_row);
  if (!vt_store_step_done (self, stmt, N_("storing a form"), error))
    goto fail;
  g_clear_pointer (&stmt, stmt_reset);

  for (guint i = 0; form->media != NULL && i < form->media->len; i++)
    {
      const VtStoreMedia *media = g_ptr_array_index (form->media, i);
      gsize size = 0;
      gconstpointer data = media->bytes != NULL ? g_bytes_get_data (media->bytes, &size) : NULL;

      stmt = vt_store_prepare (self, "INSERT OR REPLACE INTO form_media (form, name, md5_hash, bytes) "
                                     "VALUES (?1, ?2, ?3, ?4)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, form_row);
      bind_text (stmt, 2, media->name);
      bind_text (stmt, 3, media->md5_hash);
      sqlite3_bind_blob64 (stmt, 4, data != NULL ? data : "", size, SQLITE_STATIC);
      if (!vt_store_step_done (self, stmt, N_("storing a form's media"), error))
        goto fail;
      g_clear_pointer (&stmt, stmt_reset);
    }

  return vt_store_commit (self, error);

fail:
  g_clear_pointer (&stmt, stmt_reset);
  vt_store_rollback (self);
  return FALSE;
}

#define FORM_COLUMNS "id, form_id, version, title, md5_hash, source, active, added_at"

static VtStoreForm *
form_from_row (sqlite3_stmt *stmt)
{
  VtStoreForm *form = g_new0 (VtStoreForm, 1);

  form->form_id = column_text (stmt, 1);
  form->version = column_text (stmt, 2);
  form->title = column_text (stmt, 3);
  form->md5_hash = column_text (stmt, 4);
  form->source = column_text (stmt, 5);
  form->active = sqlite3_column_int (stmt, 6) != 0;
  form->added_at = sqlite3_column_int64 (stmt, 7);
  return form;
}

VtStoreForm *
vt_store_get_form (VtStore     *self,
                   const char  *form_id,
                   const char  *version,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(VtStoreForm) form = NULL;
  gint64 form_row;
  int rc;

  g_return_val_if_fail (self != NULL && form_id != NULL, NULL);

  stmt = vt_store_prepare (self,
                           "SELECT " FORM_COLUMNS ", xml FROM forms "
                           "WHERE form_id = ?1 AND (?2 IS NULL OR version = ?2) "
                           "ORDER BY active DESC, added_at DESC, id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, form_id);
  bind_text (stmt, 2, version);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE && version != NULL)
        g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_FOUND,
                     _("The form “%s” version “%s” is not on this kiosk; pull the forms from the server again."),
                     form_id, version);
      else if (rc == SQLITE_DONE)
        g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_FOUND,
                     _("The form “%s” is not on this kiosk; pull the forms from the server again."),
                     form_id);
      else
        vt_store_set_error_last (self, error, _("reading a form"));
      return NULL;
    }
  form = form_from_row (stmt);
  form->xml = column_text (stmt, 8);
  form_row = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, stmt_reset);

  form->media = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_store_media_free);
  stmt = vt_store_prepare (self, "SELECT name, md5_hash, bytes FROM form_media WHERE form = ?1 ORDER BY name", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, form_row);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VtStoreMedia *media = g_new0 (VtStoreMedia, 1);

      media->name = column_text (stmt, 0);
      media->md5_hash = column_text (stmt, 1);
      media->bytes = g_bytes_new (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2));
      g_ptr_array_add (form->media, media);
    }
  if (rc != SQLITE_DONE)
    {
      vt_store_set_error_last (self, error, _("reading a form's media"));
      return NULL;
    }
  return g_steal_pointer (&form);
}

GPtrArray *
vt_store_list_forms (VtStore   *self,
                     gboolean   active_only,
                     GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) forms = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_store_form_free);
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = vt_store_prepare (self,
                           "SELECT " FORM_COLUMNS " FROM forms WHERE ?1 = 0 OR active = 1 "
                           "ORDER BY coalesce (title, form_id) COLLATE NOCASE, form_id, added_at", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, active_only ? 1 : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (forms, form_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      vt_store_set_error_last (self, error, _("listing the forms"));
      return NULL;
    }
  return g_steal_pointer (&forms);
}

gboolean
vt_store_set_form_active (VtStore     *self,
                          const char  *form_id,
                          const char  *version,
                          gboolean     active,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (self != NULL && form_id != NULL && version != NULL, FALSE);

  if (!vt_store_begin_immediate (self, error))
    return FALSE;

  stmt = vt_store_prepare (self, "UPDATE forms SET active = CASE WHEN version = ?2 THEN ?3 ELSE 0 END "
                                 "WHERE form_id = ?1 AND (version = ?2 OR ?3 = 1)", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, form_id);
  bind_text (stmt, 2, version);
  sqlite3_bind_int (stmt, 3, active ? 1 : 0);
  if (!vt_store_step_done (self, stmt, N_("changing a form"), error))
    goto fail;
  g_clear_pointer (&stmt, stmt_reset);

  stmt = vt_store_prepare (self, "SELECT 1 FROM forms WHERE form_id = ?1 AND version = ?2", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, form_id);
  bind_text (stmt, 2, version);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_FOUND,
                   _("The form “%s” version “%s” is not on this kiosk; pull the forms from the server again."),
                   form_id, version);
      goto fail;
    }
  g_clear_pointer (&stmt, stmt_reset);
  return vt_store_commit (self, error);

fail:
  g_clear_pointer (&stmt, stmt_reset);
  vt_store_rollback (self);
  return FALSE;
}

/* ---- reference codes ------------------------------------------------------ */

static const char code_alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
#define CODE_BASE    32
#define CODE_LENGTH  8

G_STATIC_ASSERT (sizeof code_alphabet - 1 == CODE_BASE);

static int
code_value (char c)
{
  const char *p = strchr (code_alphabet, g_ascii_toupper (c));

  return c != '\0' && p != NULL ? (int) (p - code_alphabet) : -1;
}

/* Luhn mod N: catches every single wrong character and most swaps of two
 * neighbours, the mistakes people make reading a code aloud or typing it. */
static int
luhn_sum (const int *values,
          int        n,
          int        first_factor)
{
  int factor = first_factor;
  int sum = 0;

  for (int i = n - 1; i >= 0; i--)
    {
      int addend = factor * values[i];

      factor = factor == 2 ? 1 : 2;
      sum += addend / CODE_BASE + addend % CODE_BASE;
    }
  return sum;
}

/* Seven characters and their check character, as XXXX-XXXX. */
static char *
code_format (int values[CODE_LENGTH])
{
  char text[CODE_LENGTH + 2];
  int j = 0;

  values[CODE_LENGTH - 1] = (CODE_BASE - luhn_sum (values, CODE_LENGTH - 1, 2) % CODE_BASE) % CODE_BASE;
  for (int i = 0; i < CODE_LENGTH; i++)
    {
      if (i == CODE_LENGTH / 2)
        text[j++] = '-';
      text[j++] = code_alphabet[values[i]];
    }
  text[j] = '\0';
  return g_strdup (text);
}

char *
vt_store_reference_code_new (void)
{
  int values[CODE_LENGTH];
  guint8 random[CODE_LENGTH - 1];

  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");

  /* 256 is a multiple of 32: the low five bits of a random byte are uniform. */
  randombytes_buf (random, sizeof random);
  for (int i = 0; i < CODE_LENGTH - 1; i++)
    values[i] = random[i] % CODE_BASE;
  return code_format (values);
}

/* A row's own code: its rowid through a permutation of the 35-bit numbers
 * that seven code characters spell, keyed by meta.code_key.  Distinct rows
 * get distinct codes without an index to prove it, and consecutive
 * citizens get unrelated codes, so a code does not tell the next one.  The
 * permutation is a 4-round Feistel network on 36 bits (SipHash-2-4 as the
 * round function) walked until it lands below 2^35 (cycle walking). */
#define CODE_BITS       35
#define CODE_HALF_BITS  18
#define CODE_HALF_MASK  ((G_GUINT64_CONSTANT (1) << CODE_HALF_BITS) - 1)
#define CODE_ROUNDS     4

G_STATIC_ASSERT (CODE_BITS == 5 * (CODE_LENGTH - 1));

static guint64
code_round (const guint8 *key,
            int           round,
            guint64       half)
{
  guint8 in[4] = { (guint8) round, (guint8) (half >> 16), (guint8) (half >> 8), (guint8) half };
  guint8 out[crypto_shorthash_BYTES];

  crypto_shorthash (out, in, sizeof in, key);
  return ((guint64) out[0] | (guint64) out[1] << 8 | (guint64) out[2] << 16) & CODE_HALF_MASK;
}

static guint64
code_permute (const guint8 *key,
              guint64       x,
              gboolean      inverse)
{
  do
    {
      guint64 left = x >> CODE_HALF_BITS;
      guint64 right = x & CODE_HALF_MASK;

      for (int i = 0; i < CODE_ROUNDS; i++)
        {
          guint64 t;

          if (!inverse)
            {
              t = left ^ code_round (key, i, right);
              left = right;
              right = t;
            }
          else
            {
              t = right ^ code_round (key, CODE_ROUNDS - 1 - i, left);
              right = left;
              left = t;
            }
        }
      x = left << CODE_HALF_BITS | right;
    }
  while (x >> CODE_BITS != 0);
  return x;
}

char *
vt_store_code_for_row (VtStore *self,
                       gint64   row)
{
  int values[CODE_LENGTH];
  guint64 x;

  g_assert (row > 0 && (guint64) row >> CODE_BITS == 0);
  x = code_permute (self->code_key, (guint64) row, FALSE);
  for (int i = CODE_LENGTH - 2; i >= 0; i--, x >>= 5)
    values[i] = (int) (x % CODE_BASE);
  return code_format (values);
}

/* The row whose own code a normalised code would be (whether or not that
 * row exists or has a code of its own); 0 for none. */
static gint64
vt_store_row_for_code (VtStore    *self,
                       const char *normal)
{
  guint64 x = 0;
  int n = 0;

  for (const char *p = normal; *p != '\0' && n < CODE_LENGTH - 1; p++)
    if (*p != '-')
      {
        x = x << 5 | (guint64) code_value (*p);
        n++;
      }
  return (gint64) code_permute (self->code_key, x, TRUE);
}

/* The code a row answers to: its own, or the one derived from its rowid;
 * none for a row stored without a receipt (possible only before schema 2). */
static char *
vt_store_column_code (VtStore      *self,
                      sqlite3_stmt *stmt,
                      int           row_column,
                      int           code_column,
                      int           title_column)
{
  if (sqlite3_column_type (stmt, title_column) == SQLITE_NULL)
    return NULL;
  if (sqlite3_column_type (stmt, code_column) != SQLITE_NULL)
    return column_text (stmt, code_column);
  return vt_store_code_for_row (self, sqlite3_column_int64 (stmt, row_column));
}

char *
vt_store_reference_code_normalize (const char  *typed,
                                   GError     **error)
{
  int values[CODE_LENGTH];
  int n = 0;

  g_return_val_if_fail (typed != NULL, NULL);

  for (const char *p = typed; *p != '\0'; p++)
    {
      int value;

      if (*p == ' ' || *p == '-' || *p == '\t')
        continue;
      value = code_value (*p);
      if (value < 0)
        {
          if (g_ascii_isalnum (*p))
            g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_INVALID,
                         _("“%c” never appears in a reference code (codes have no 0, O, 1 or I). "
                           "Check the code on the receipt."), *p);
          else
            g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_INVALID,
                         _("A reference code has only letters and digits, like 7KQM-4TZC. "
                           "Check the code on the receipt."));
          return NULL;
        }
      if (n < CODE_LENGTH)
        values[n] = value;
      n++;
    }

  if (n != CODE_LENGTH)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_INVALID,
                   _("A reference code has 8 letters and digits, like 7KQM-4TZC, but this one has %d. "
                     "Check the code on the receipt."), n);
      return NULL;
    }
  if (luhn_sum (values, CODE_LENGTH, 1) % CODE_BASE != 0)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_INVALID,
                   _("This reference code has a typing mistake. Compare each character "
                     "with the receipt."));
      return NULL;
    }

  return code_format (values);
}

/* ---- enqueue --------------------------------------------------------------- */

static char *
sha256_hex (GBytes *bytes)
{
  gsize size = 0;
  gconstpointer data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data != NULL ? data : (gconstpointer) "", size);
}

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
      if (attachment->bytes != NULL && g_bytes_get_size (attachment->bytes) > VT_STORE_MAX_ATTACHMENT_BYTES)
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
        code = wanted != NULL ? vt_store_reference_code_normalize (wanted, NULL) : NULL;
      else if (tries == 1)
        code = g_strdup (derived);
      else
        code = vt_store_reference_code_new ();
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
   * submissions_fresh only (see migration 4 → 5). */
  sqlite3_bind_int64 (stmt, 4, MIN (created_at, now));
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
    {
      const VtAttachment *attachment = g_ptr_array_index (submission->attachments, i);
      g_autofree char *checksum = sha256_hex (attachment->bytes);
      gsize size = 0;
      gconstpointer data = attachment->bytes != NULL ? g_bytes_get_data (attachment->bytes, &size) : NULL;

      stmt = vt_store_prepare (self,
                               "INSERT INTO attachments (submission, name, content_type, sha256, size, bytes) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, row);
      bind_text (stmt, 2, attachment->name);
      bind_text (stmt, 3, attachment->content_type);
      bind_text (stmt, 4, checksum);
      sqlite3_bind_int64 (stmt, 5, (gint64) size);
      sqlite3_bind_blob64 (stmt, 6, data != NULL ? data : "", size, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        {
          if (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
            g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_INVALID,
                         _("Two attached files are both called “%s”; the application was not stored."),
                         attachment->name);
          else
            vt_store_set_error_last (self, error, importing ? _("importing an attached file") : _("storing an attached file"));
          return NULL;
        }
      g_clear_pointer (&stmt, stmt_reset);
    }

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

static void
attachment_free (VtAttachment *attachment)
{
  g_free (attachment->name);
  g_free (attachment->content_type);
  g_clear_pointer (&attachment->bytes, g_bytes_unref);
  g_free (attachment);
}

/* Reads a submission's attachments into item; sets *damaged (once, no
 * error) to the name of the first whose bytes no longer match their
 * checksum. */
static gboolean
load_attachments (VtStore      *self,
                  gint64        row,
                  VtStoreItem  *item,
                  char        **damaged,
                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = vt_store_prepare (self, "SELECT name, content_type, sha256, bytes FROM attachments "
                                 "WHERE submission = ?1 ORDER BY rowid", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VtAttachment *attachment = g_new0 (VtAttachment, 1);
      g_autofree char *checksum = NULL;
      const char *expected = (const char *) sqlite3_column_text (stmt, 2);

      attachment->name = column_text (stmt, 0);
      attachment->content_type = column_text (stmt, 1);
      attachment->bytes = g_bytes_new (sqlite3_column_blob (stmt, 3), sqlite3_column_bytes (stmt, 3));
      g_ptr_array_add (item->attachments, attachment);

      checksum = sha256_hex (attachment->bytes);
      if (damaged != NULL && *damaged == NULL && g_strcmp0 (checksum, expected) != 0)
        *damaged = g_strdup (attachment->name);
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
  item->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) attachment_free);
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

typedef struct
{
  gint64 id;
  gint64 at;                       /* next_attempt_at */
} DueRow;

static gboolean
due_row_before (const DueRow *a,
                const DueRow *b)
{
  return a->at < b->at || (a->at == b->at && a->id < b->id);
}

/* Steps `stmt`, appending each row's id (column 0) to `rows`: an array of
 * gint64, or of DueRow, which also takes the due time (column 1). */
static gboolean
collect_rows (VtStore      *self,
              sqlite3_stmt *stmt,
              GArray       *rows,
              GError      **error)
{
  gboolean with_due = g_array_get_element_size (rows) == sizeof (DueRow);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DueRow row = { sqlite3_column_int64 (stmt, 0), with_due ? sqlite3_column_int64 (stmt, 1) : 0 };

      if (with_due)
        g_array_append_val (rows, row);
      else
        g_array_append_val (rows, row.id);
    }
  if (rc != SQLITE_DONE)
    {
      vt_store_set_error_last (self, error, _("finding applications to send"));
      return FALSE;
    }
  return TRUE;
}

/* The rows one walk of a due-order index gives, up to `max`. */
static gboolean
collect_due (VtStore     *self,
             const char  *sql,
             gint64       now,
             guint        max,
             GArray      *due,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = vt_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, max);
  return collect_rows (self, stmt, due, error);
}

GPtrArray *
vt_store_claim (VtStore  *self,
                guint     max,
                gint64    lease_usec,
                gint64    now,
                GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) expired = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_store_item_free);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GString) ids = NULL;
  g_autofree gboolean *with_files = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  if (max == 0)
    return g_steal_pointer (&items);

  if (!vt_store_begin_immediate (self, error))
    return NULL;

  /* A worker that died mid-send left its rows sending; their lease is over. */
  stmt = vt_store_prepare (self, "SELECT id FROM submissions INDEXED BY submissions_sending "
                                 "WHERE state = 'sending' AND coalesce (lease_until, 0) <= ?1 "
                                 "ORDER BY id LIMIT ?2", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, max);
  if (!collect_rows (self, stmt, expired, error))
    goto fail;
  g_clear_pointer (&stmt, stmt_reset);
  g_array_append_vals (rows, expired->data, expired->len);

  if (rows->len < max)
    {
      /* The earliest due of the fresh and of the waiting rows: two index
       * walks in due order, merged here (a UNION ALL with an ORDER BY
       * would sort them again).  INDEXED BY: a plan that could not use
       * the indexes fails to prepare rather than scan the table. */
      g_autoptr(GArray) fresh = g_array_new (FALSE, FALSE, sizeof (DueRow));
      g_autoptr(GArray) waiting = g_array_new (FALSE, FALSE, sizeof (DueRow));
      guint f = 0, w = 0;

      if (!collect_due (self, "SELECT id, next_attempt_at FROM submissions INDEXED BY submissions_fresh "
                              "WHERE state = 'queued' AND next_attempt_at = created_at AND next_attempt_at <= ?1 "
                              "ORDER BY next_attempt_at, id LIMIT ?2",
                        now, max - rows->len, fresh, error) ||
          !collect_due (self, "SELECT id, next_attempt_at FROM submissions INDEXED BY submissions_waiting "
                              "WHERE state = 'queued' AND next_attempt_at <> created_at AND next_attempt_at <= ?1 "
                              "ORDER BY next_attempt_at, id LIMIT ?2",
                        now, max - rows->len, waiting, error))
        goto fail;
      while (rows->len < max && (f < fresh->len || w < waiting->len))
        {
          const DueRow *next;

          if (w == waiting->len ||
              (f < fresh->len && due_row_before (&g_array_index (fresh, DueRow, f),
                                                 &g_array_index (waiting, DueRow, w))))
            next = &g_array_index (fresh, DueRow, f++);
          else
            next = &g_array_index (waiting, DueRow, w++);
          g_array_append_val (rows, next->id);
        }
    }

  if (rows->len == 0)
    return vt_store_commit (self, error) ? g_steal_pointer (&items) : NULL;

  /* One statement leases them all and one reads them all back: a
   * statement per row cost each claimed row its own start, bindings and
   * halt.  The ids travel as a JSON array. */
  ids = g_string_new ("[");
  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            g_array_index (rows, gint64, i));
  g_string_append_c (ids, ']');

  stmt = vt_store_prepare (self, "UPDATE submissions SET state = 'sending', attempts = attempts + 1, "
                                 "lease_until = ?2 WHERE id IN (SELECT value FROM json_each (?1))", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, ids->str, (int) ids->len, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now + lease_usec);
  if (!vt_store_step_done (self, stmt, N_("claiming an application"), error))
    goto fail;
  g_clear_pointer (&stmt, stmt_reset);

  /* json_each's key is the row's place in `rows`. */
  loaded = g_ptr_array_new_full (rows->len, (GDestroyNotify) vt_store_item_free);
  g_ptr_array_set_size (loaded, rows->len);
  with_files = g_new0 (gboolean, rows->len);
  stmt = vt_store_prepare (self, "SELECT j.key, " ITEM_COLUMNS " "
                                 "FROM json_each (?1) j CROSS JOIN submissions s ON s.id = j.value "
                                 "LEFT JOIN payloads p ON p.submission = s.id", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, ids->str, (int) ids->len, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 key = sqlite3_column_int64 (stmt, 0);
      gboolean has_attachments;

      if (key < 0 || key >= rows->len || g_ptr_array_index (loaded, key) != NULL)
        continue;
      g_ptr_array_index (loaded, key) = item_from_row (stmt, 1, &has_attachments);
      with_files[key] = has_attachments;
    }
  if (rc != SQLITE_DONE)
    {
      vt_store_set_error_last (self, error, _("reading an application"));
      goto fail;
    }
  g_clear_pointer (&stmt, stmt_reset);

  for (guint i = 0; i < rows->len; i++)
    {
      gint64 row = g_array_index (rows, gint64, i);
      g_autofree char *damaged = NULL;
      g_autoptr(VtStoreItem) item = g_steal_pointer (&g_ptr_array_index (loaded, i));

      if (item == NULL)
        {
          g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_FOUND,
                       _("That application is not in this kiosk's store."));
          goto fail;
        }
      /* Most submissions have no attachment; those that do read theirs
       * (and check them) one by one. */
      if (with_files[i] && !load_attachments (self, row, item, &damaged, error))
        goto fail;
      /* Rows whose lease expired were sending already. */
      if (i >= expired->len)
        count_move (self, VT_STORE_STATE_QUEUED, VT_STORE_STATE_SENDING);

      if (i < expired->len &&
          !vt_store_add_event_in_transaction (self, now, item->instance_id, "lease-expired",
                                              VT_STORE_ACTOR_SYNC, NULL, error))
        goto fail;

      if (damaged != NULL)
        {
          /* Sending a file that is not what the citizen gave would be worse
           * than not sending it: keep it for a clerk. */
          g_autofree char *reason = g_strdup_printf (_("the attached file “%s” is damaged on this kiosk's disk"),
                                                     damaged);

          stmt = vt_store_prepare (self, "UPDATE submissions SET state = 'rejected', lease_until = NULL, "
                                         "last_error = ?2 WHERE id = ?1", error);
          if (stmt == NULL)
            goto fail;
          sqlite3_bind_int64 (stmt, 1, row);
          bind_text (stmt, 2, reason);
          if (!vt_store_step_done (self, stmt, N_("claiming an application"), error))
            goto fail;
          g_clear_pointer (&stmt, stmt_reset);
          if (!vt_store_add_event_in_transaction (self, now, item->instance_id, "rejected",
                                                  VT_STORE_ACTOR_SYNC, reason, error))
            goto fail;
          count_move (self, VT_STORE_STATE_SENDING, VT_STORE_STATE_REJECTED);
          g_message ("%s: %s", item->instance_id, reason);
          continue;
        }

      g_ptr_array_add (items, g_steal_pointer (&item));
    }

  if (!vt_store_commit (self, error))
    return NULL;

  return g_steal_pointer (&items);

fail:
  g_clear_pointer (&stmt, stmt_reset);
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

gboolean
vt_store_get_counts (VtStore        *self,
                     VtStoreCounts  *counts,
                     GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *last_sync = NULL;
  GError *local_error = NULL;
  int rc;

  g_return_val_if_fail (self != NULL && counts != NULL, FALSE);

  memset (counts, 0, sizeof *counts);

  /* One read transaction, so the figures agree with each other. */
  if (!vt_store_begin_read (self, error))
    return FALSE;

  /* The queued row holds the count minus max(id) (migration 6 → 7). */
  stmt = vt_store_prepare (self, "SELECT state, n + CASE state WHEN 'queued' THEN "
                                 "  coalesce ((SELECT max (id) FROM submissions), 0) ELSE 0 END "
                                 "FROM state_counts", error);
  if (stmt == NULL)
    goto fail;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VtStoreState state;

      if (parse_state ((const char *) sqlite3_column_text (stmt, 0), &state))
        counts->n[state] = (guint) MAX (sqlite3_column_int64 (stmt, 1), 0);
    }
  if (rc != SQLITE_DONE)
    {
      vt_store_set_error_last (self, error, _("counting applications"));
      goto fail;
    }
  g_clear_pointer (&stmt, stmt_reset);

  /* Each min() walks one end of a partial index (see migration 4 → 5), or
   * the few rows being sent.  A fresh row's next_attempt_at is its
   * created_at. */
  {
    static const struct
    {
      const char *sql;
      gboolean    oldest;    /* a candidate for oldest_queued */
      gboolean    due;       /* a candidate for next_due */
    } queries[] = {
      { "SELECT min (next_attempt_at) FROM submissions INDEXED BY submissions_fresh "
        "WHERE state = 'queued' AND next_attempt_at = created_at", TRUE, TRUE },
      { "SELECT min (created_at) FROM submissions INDEXED BY submissions_waiting_created "
        "WHERE state = 'queued' AND next_attempt_at <> created_at", TRUE, FALSE },
      { "SELECT min (next_attempt_at) FROM submissions INDEXED BY submissions_waiting "
        "WHERE state = 'queued' AND next_attempt_at <> created_at", FALSE, TRUE },
      { "SELECT min (created_at) FROM submissions INDEXED BY submissions_sending "
        "WHERE state = 'sending'", TRUE, FALSE },
      { "SELECT min (coalesce (lease_until, 0)) FROM submissions INDEXED BY submissions_sending "
        "WHERE state = 'sending'", FALSE, TRUE },
    };

    for (gsize q = 0; q < G_N_ELEMENTS (queries); q++)
      {
        stmt = vt_store_prepare (self, queries[q].sql, error);
        if (stmt == NULL)
          goto fail;
        if (sqlite3_step (stmt) != SQLITE_ROW)
          {
            vt_store_set_error_last (self, error, _("counting applications"));
            goto fail;
          }
        if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
          {
            gint64 value = sqlite3_column_int64 (stmt, 0);

            if (queries[q].oldest && (counts->oldest_queued == 0 || value < counts->oldest_queued))
              counts->oldest_queued = value;
            if (queries[q].due)
              {
                gint64 when = MAX (value, 1);

                if (counts->next_due == 0 || when < counts->next_due)
                  counts->next_due = when;
              }
          }
        g_clear_pointer (&stmt, stmt_reset);
      }
  }

  last_sync = vt_store_get_meta (self, VT_STORE_META_LAST_SYNC, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      goto fail;
    }
  if (last_sync != NULL)
    counts->last_sync = g_ascii_strtoll (last_sync, NULL, 10);

  vt_store_rollback (self);
  return TRUE;

fail:
  g_clear_pointer (&stmt, stmt_reset);
  vt_store_rollback (self);
  return FALSE;
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

int
vt_store_purge_sent (VtStore  *self,
                     int       retention_days,
                     gint64    now,
                     GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 cutoff = now - (gint64) MAX (retention_days, 0) * G_USEC_PER_SEC * 86400;

  g_return_val_if_fail (self != NULL, -1);

  if (!vt_store_begin_immediate (self, error))
    return -1;

  /* A purge deletes the payload together with the response and
   * attachments and sets purged, so the walk skips rows purged before. */
  stmt = vt_store_prepare (self, "SELECT id FROM submissions INDEXED BY submissions_unpurged "
                                 "WHERE state = 'sent' AND purged = 0 AND sent_at <= ?1",
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

/* ---- receipts ---------------------------------------------------------------- */

#define RECEIPT_QUERY \
  "SELECT s.id, s.reference_code, s.instance_id, s.form_id, s.form_version, s.service_title, " \
  "  s.language, s.assisted_by, s.created_at, s.state " \
  "FROM submissions s "

/* Runs a receipt query whose ?1 is bound already; NULL without an error
 * when there is no such receipt. */
static VtStoreReceipt *
get_receipt (VtStore       *self,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  VtStoreReceipt *receipt;
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW || sqlite3_column_type (stmt, 5) == SQLITE_NULL)
    {
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        vt_store_set_error_last (self, error, _("reading a receipt"));
      return NULL;
    }

  receipt = g_new0 (VtStoreReceipt, 1);
  receipt->reference_code = vt_store_column_code (self, stmt, 0, 1, 5);
  receipt->instance_id = column_text (stmt, 2);
  receipt->form_id = column_text (stmt, 3);
  receipt->form_version = column_text (stmt, 4);
  receipt->service_title = column_text (stmt, 5);
  receipt->language = column_text (stmt, 6);
  receipt->assisted_by = column_text (stmt, 7);
  receipt->created_at = sqlite3_column_int64 (stmt, 8);
  receipt->state = column_state (stmt, 9);
  return receipt;
}

static void
no_receipt (GError     **error,
            const char  *key)
{
  g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_FOUND,
               _("No receipt %s on this kiosk. Check the code; receipts from another "
                 "kiosk are only on that kiosk."), key);
}

VtStoreReceipt *
vt_store_get_receipt (VtStore     *self,
                      const char  *reference_code,
                      GError     **error)
{
  g_autofree char *code = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GError *local_error = NULL;
  VtStoreReceipt *receipt;

  g_return_val_if_fail (self != NULL && reference_code != NULL, NULL);

  code = vt_store_reference_code_normalize (reference_code, error);
  if (code == NULL)
    return NULL;

  /* A code of its own first, then the row the code is derived from. */
  stmt = vt_store_prepare (self, RECEIPT_QUERY "INDEXED BY submissions_code WHERE s.reference_code = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, code);
  receipt = get_receipt (self, stmt, &local_error);
  g_clear_pointer (&stmt, stmt_reset);
  if (receipt == NULL && local_error == NULL)
    {
      stmt = vt_store_prepare (self, RECEIPT_QUERY "WHERE s.id = ?1 AND s.reference_code IS NULL", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, vt_store_row_for_code (self, code));
      receipt = get_receipt (self, stmt, &local_error);
    }
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (receipt == NULL)
    no_receipt (error, code);
  return receipt;
}

VtStoreReceipt *
vt_store_get_receipt_for (VtStore     *self,
                          const char  *instance_id,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GError *local_error = NULL;
  VtStoreReceipt *receipt;

  g_return_val_if_fail (self != NULL && instance_id != NULL, NULL);

  stmt = vt_store_prepare (self, RECEIPT_QUERY "WHERE s.instance_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, instance_id);
  receipt = get_receipt (self, stmt, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (receipt == NULL)
    no_receipt (error, instance_id);
  return receipt;
}

/* ---- drafts ------------------------------------------------------------------ */

gboolean
vt_store_save_draft (VtStore             *self,
                     const VtStoreDraft  *draft,
                     GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (self != NULL && draft != NULL, FALSE);

  if (draft->id == NULL || draft->form_id == NULL || draft->answers_json == NULL)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_INVALID,
                   _("A draft needs an id, a form and its answers to be saved."));
      return FALSE;
    }

  if (!vt_store_begin_immediate (self, error))
    return FALSE;
  stmt = vt_store_prepare (self, "INSERT OR REPLACE INTO drafts (id, form_id, form_version, answers_json, "
                                 "saved_by, saved_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, draft->id);
  bind_text (stmt, 2, draft->form_id);
  bind_text (stmt, 3, draft->form_version != NULL ? draft->form_version : "");
  bind_text (stmt, 4, draft->answers_json);
  bind_text (stmt, 5, draft->saved_by);
  sqlite3_bind_int64 (stmt, 6, draft->saved_at != 0 ? draft->saved_at : g_get_real_time ());
  if (!vt_store_step_done (self, stmt, N_("saving a draft"), error))
    goto fail;
  g_clear_pointer (&stmt, stmt_reset);
  return vt_store_commit (self, error);

fail:
  g_clear_pointer (&stmt, stmt_reset);
  vt_store_rollback (self);
  return FALSE;
}

static VtStoreDraft *
draft_from_row (sqlite3_stmt *stmt)
{
  VtStoreDraft *draft = g_new0 (VtStoreDraft, 1);

  draft->id = column_text (stmt, 0);
  draft->form_id = column_text (stmt, 1);
  draft->form_version = column_text (stmt, 2);
  draft->answers_json = column_text (stmt, 3);
  draft->saved_by = column_text (stmt, 4);
  draft->saved_at = sqlite3_column_int64 (stmt, 5);
  return draft;
}

VtStoreDraft *
vt_store_get_draft (VtStore     *self,
                    const char  *id,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL && id != NULL, NULL);

  stmt = vt_store_prepare (self, "SELECT id, form_id, form_version, answers_json, saved_by, saved_at "
                                 "FROM drafts WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return draft_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_FOUND,
                 _("The draft %s is no longer on this kiosk; drafts are kept for a limited number of days."),
                 id);
  else
    vt_store_set_error_last (self, error, _("reading a draft"));
  return NULL;
}

GPtrArray *
vt_store_list_drafts (VtStore  *self,
                      GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_store_draft_free);
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = vt_store_prepare (self, "SELECT id, form_id, form_version, answers_json, saved_by, saved_at "
                                 "FROM drafts ORDER BY saved_at DESC, id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (drafts, draft_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      vt_store_set_error_last (self, error, _("listing drafts"));
      return NULL;
    }
  return g_steal_pointer (&drafts);
}

gboolean
vt_store_delete_draft (VtStore     *self,
                       const char  *id,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (self != NULL && id != NULL, FALSE);

  if (!vt_store_begin_immediate (self, error))
    return FALSE;
  stmt = vt_store_prepare (self, "DELETE FROM drafts WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, id);
  if (!vt_store_step_done (self, stmt, N_("deleting a draft"), error))
    goto fail;
  g_clear_pointer (&stmt, stmt_reset);
  return vt_store_commit (self, error);

fail:
  g_clear_pointer (&stmt, stmt_reset);
  vt_store_rollback (self);
  return FALSE;
}

int
vt_store_purge_drafts (VtStore  *self,
                       int       max_age_days,
                       gint64    now,
                       GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int n;

  g_return_val_if_fail (self != NULL, -1);

  if (!vt_store_begin_immediate (self, error))
    return -1;
  stmt = vt_store_prepare (self, "DELETE FROM drafts WHERE saved_at <= ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, now - (gint64) MAX (max_age_days, 0) * G_USEC_PER_SEC * 86400);
  if (!vt_store_step_done (self, stmt, N_("deleting old drafts"), error))
    goto fail;
  n = sqlite3_changes (self->db);
  g_clear_pointer (&stmt, stmt_reset);
  if (!vt_store_commit (self, error))
    return -1;
  return n;

fail:
  g_clear_pointer (&stmt, stmt_reset);
  vt_store_rollback (self);
  return -1;
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
    g_message ("retention: %d sent application(s) older than %d days purged, "
               "%d draft(s) older than %d days deleted",
               sent, retention_days, drafts, draft_days);
  return TRUE;
}

/* ---- freeing ------------------------------------------------------------------- */

void
vt_store_media_free (VtStoreMedia *media)
{
  if (media == NULL)
    return;
  g_free (media->name);
  g_free (media->md5_hash);
  g_clear_pointer (&media->bytes, g_bytes_unref);
  g_free (media);
}

void
vt_store_form_free (VtStoreForm *form)
{
  if (form == NULL)
    return;
  g_free (form->form_id);
  g_free (form->version);
  g_free (form->title);
  g_free (form->md5_hash);
  g_free (form->xml);
  g_clear_pointer (&form->media, g_ptr_array_unref);
  g_free (form->source);
  g_free (form);
}

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

void
vt_store_receipt_free (VtStoreReceipt *receipt)
{
  if (receipt == NULL)
    return;
  g_free (receipt->reference_code);
  g_free (receipt->instance_id);
  g_free (receipt->form_id);
  g_free (receipt->form_version);
  g_free (receipt->service_title);
  g_free (receipt->language);
  g_free (receipt->assisted_by);
  g_free (receipt);
}

void
vt_store_event_free (VtStoreEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->instance_id);
  g_free (event->what);
  g_free (event->actor);
  g_free (event->detail);
  g_free (event);
}

void
vt_store_draft_free (VtStoreDraft *draft)
{
  if (draft == NULL)
    return;
  g_free (draft->id);
  g_free (draft->form_id);
  g_free (draft->form_version);
  g_free (draft->answers_json);
  g_free (draft->saved_by);
  g_free (draft);
}

/* ---- import (added by the clerk branch) ---------------------------------- */

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
