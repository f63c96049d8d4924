/* The store's connection: opening it (permissions, pragmas, checks), the
 * schema and its migrations, and the errors, statements and transactions
 * that vt-store-outbox.c and vt-store-records.c share. */
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
 *   deactivated), drafts, meta (key/value), dropoffs (counts of
 *   abandoned sessions per form page), state_counts (each
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
/* Below this much free space a new application is refused up front. */
#define MIN_FREE_BYTES    (8 * 1024 * 1024)

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

const char * const vt_store_state_names[VT_STORE_N_STATES] = {
  "queued", "sending", "sent", "rejected", "discarded",
};

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

void
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

void
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

sqlite3_stmt *
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

void
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
gboolean
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
gboolean
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

gboolean
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
gboolean
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
   * journal (a copy of every page it changes, the 4 KB of XML included),
   * a large share of what an enqueue costs.  The UPDATE and
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
   * paid for the XML again.  payloads holds it once, written by enqueue
   * and import, deleted by purge; submissions.xml stays NULL from now on.
   * "Not purged yet" was "xml IS NOT NULL"; it is now an explicit flag. */
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
   * needed (every page a commit changes goes to the WAL and is synced).
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
   * need, each a large share of an UPDATE.
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

  /* 8 → 9: where forms lose people (issue 24): per form version, page and
   * reason ("idle", "start-again"), how many sessions were abandoned
   * there, and when last.  Counts only: no answer, no session. */
  "CREATE TABLE dropoffs ("
  "  form_id TEXT NOT NULL,"
  "  form_version TEXT NOT NULL,"
  "  page TEXT NOT NULL,"
  "  reason TEXT NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  last_at INTEGER NOT NULL,"
  "  PRIMARY KEY (form_id, form_version, page, reason)"
  ") WITHOUT ROWID;",
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

/* SQLite syncs the folder after it creates the WAL, so that the file
 * itself survives a power cut, but it ignores a failure of that sync: a
 * commit then returns, and a receipt is shown, while the WAL that holds it
 * may vanish with the power (test-fsync-fail).  The WAL exists from the
 * connection's first read on, so the folder is synced here, and a disk
 * that refuses stops the kiosk before it takes an application.  A file
 * system that cannot sync a folder at all (EINVAL) gives nothing better. */
static gboolean
sync_data_dir (VtStore  *self,
               GError  **error)
{
  int fd = g_open (self->data_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  int saved = 0;

  if (fd < 0 || fsync (fd) != 0)
    saved = errno;
  if (fd >= 0)
    close (fd);
  if (saved == 0 || saved == EINVAL)
    return TRUE;

  g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_FAILED,
               _("The kiosk's disk refused to save its data folder %s (%s), so no application "
                 "can be stored safely. Applications already stored are kept. Call technical "
                 "support: the disk may be failing."),
               self->data_dir, g_strerror (saved));
  return FALSE;
}

/* The data folder exists and the kiosk can write it, and the database
 * file exists with the kiosk's user's mode. */
static gboolean
prepare_data_dir (VtStore  *self,
                  GError  **error)
{
  if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, VT_STORE_ERROR,
                   saved == EROFS || saved == EACCES || saved == EPERM
                   ? VT_STORE_ERROR_READ_ONLY : VT_STORE_ERROR_FAILED,
                   _("The kiosk's data folder %s cannot be created (%s). Ask technical "
                     "support to create it, writable for the kiosk."),
                   self->data_dir, g_strerror (saved));
      return FALSE;
    }

  /* WAL needs to create its -wal and -shm files next to the database, and a
   * kiosk that can read but not write would show receipts it cannot keep. */
  if (g_access (self->data_dir, W_OK) != 0 ||
      (g_file_test (self->path, G_FILE_TEST_EXISTS) && g_access (self->path, W_OK) != 0))
    {
      int saved = errno;

      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_READ_ONLY,
                   _("The kiosk's data folder %s cannot be written to (%s), so no "
                     "application can be stored. Applications already stored are safe. "
                     "Ask technical support to make it writable for the kiosk."),
                   self->data_dir, g_strerror (saved));
      return FALSE;
    }

  /* Citizens' data is for the kiosk's user only; SQLite gives the -wal and
   * -shm files the database's mode, so the file exists with it first. */
  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      int fd = g_open (self->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

      if (fd >= 0)
        close (fd);
    }

  return TRUE;
}

/* Opens the connection and reads the schema version before anything
 * writes to the file: a database from a newer release must be left
 * exactly as it is. */
static gboolean
open_connection (VtStore  *self,
                 GError  **error)
{
  int version = 0;
  int rc;

  disable_memory_statistics ();
  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      vt_store_set_error_rc (self, error, rc, _("opening the database"));
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  if (!read_int_pragma (self, "PRAGMA user_version", &version, error))
    return FALSE;
  if (version > VT_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NEWER_SCHEMA,
                   _("The kiosk's database %s was written by a newer version of Ventanilla "
                     "(schema %d; this version knows up to %d). It has not been changed. "
                     "Install the newer version of Ventanilla again."),
                   self->path, version, VT_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

/* What every connection sets, write-ahead logging included. */
static gboolean
set_pragmas (VtStore  *self,
             GError  **error)
{
  char *journal_mode = NULL;
  int rc;

  /* A larger page cache keeps the indexes of a long offline queue in memory.
   * A new database gets 1 KB pages: an enqueue changes one page in each of
   * several b-trees and each changed page goes to the WAL whole, so with
   * 4 KB pages a commit wrote and synced ~44 KB where the same rows need
   * ~16 KB with 1 KB pages.  On ext4 the kernel's share of an enqueue (and
   * the wall time) follows those bytes; on tmpfs, where only CPU counts,
   * the two sizes cost the same.  page_size only takes effect before the
   * file has content: an existing database keeps the size it has.
   * secure_delete: what is deleted (a purged application, a draft) is
   * overwritten, not left readable in free pages.  auto_vacuum =
   * INCREMENTAL, like page_size, only takes effect on a new database: the
   * pages retention frees go back to the disk a few at a time after each
   * purge (vacuum_freed_pages() in vt-store-outbox.c), never in a VACUUM
   * that would stop the kiosk's writes for as long as it runs.  It is only
   * asked of an empty file: on one with content the pragma writes, and a
   * kiosk whose disk is full must still open its store. */
  rc = sqlite3_exec (self->db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON; "
                               "PRAGMA page_size = " G_STRINGIFY (VT_STORE_PAGE_SIZE) "; "
                               "PRAGMA cache_size = -8192;",
                     NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    {
      int pages = -1;

      if (read_int_pragma (self, "PRAGMA page_count", &pages, NULL) && pages == 0)
        rc = sqlite3_exec (self->db, "PRAGMA auto_vacuum = INCREMENTAL", NULL, NULL, NULL);
    }
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
      return FALSE;
    }
  if (g_strcmp0 (journal_mode, "wal") != 0)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_FAILED,
                   _("The kiosk's database %s cannot use write-ahead logging (it reports "
                     "“%s”); keep the data folder on a local disk."),
                   self->path, journal_mode != NULL ? journal_mode : "?");
      g_free (journal_mode);
      return FALSE;
    }
  g_free (journal_mode);
  return TRUE;
}

static VtStore *
open_store (const char  *data_dir,
            int          max_version,
            GError     **error)
{
  g_autoptr(VtStore) self = g_new0 (VtStore, 1);

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

  if (!prepare_data_dir (self, error) || !open_connection (self, error))
    return NULL;
  g_chmod (self->path, 0600);
  if (!set_pragmas (self, error))
    return NULL;

  /* A second connection while another in this process is open (the sync
   * thread's, beside the UI's) need not read every page again. */
  if (!connection_is_open (self->path) && !quick_check (self, error))
    return NULL;

  if (!migrate (self, MIN (max_version, VT_STORE_SCHEMA_VERSION), error))
    return NULL;
  if (self->schema_version >= 7 && !read_code_key (self, error))
    return NULL;
  if (!sync_data_dir (self, error))
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
  g_clear_pointer (&self->blobs, vt_store_blobs_unref);
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
