/* The store's counts: submissions by state (state_counts), the citizens'
 * applications less the kiosk's own forms, and one form's submissions. */
#define G_LOG_DOMAIN "vt-store"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vt-store-private.h"

/* The figures of vt_store_get_counts(), inside the caller's read
 * transaction. */
static gboolean
read_counts (VtStore        *self,
             VtStoreCounts  *counts,
             GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *last_sync = NULL;
  GError *local_error = NULL;
  int rc;

  memset (counts, 0, sizeof *counts);

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
  return TRUE;

fail:
  g_clear_pointer (&stmt, stmt_reset);
  return FALSE;
}

gboolean
vt_store_get_counts (VtStore        *self,
                     VtStoreCounts  *counts,
                     GError        **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL && counts != NULL, FALSE);

  /* One read transaction, so the figures agree with each other. */
  if (!vt_store_begin_read (self, error))
    {
      memset (counts, 0, sizeof *counts);
      return FALSE;
    }
  ok = read_counts (self, counts, error);
  vt_store_rollback (self);
  return ok;
}

gboolean
vt_store_get_application_counts (VtStore            *self,
                                 const char * const *except_forms,
                                 VtStoreCounts      *counts,
                                 GError            **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *except = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL && except_forms != NULL && counts != NULL, FALSE);

  /* The list as a JSON array, as lease_rows() passes its ids. */
  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; except_forms[i] != NULL; i++)
    json_builder_add_string_value (builder, except_forms[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  except = json_to_string (root, FALSE);

  if (!vt_store_begin_read (self, error))
    {
      memset (counts, 0, sizeof *counts);
      return FALSE;
    }
  if (!read_counts (self, counts, error))
    goto out;

  /* The unsent rows are counted again, form by form, and only they: each
   * query walks one of the small partial indexes that hold every queued
   * or sending row (see migration 4 → 5), never the table.  The rows that
   * have left the outbox keep the totals of state_counts. */
  counts->n[VT_STORE_STATE_QUEUED] = 0;
  counts->n[VT_STORE_STATE_SENDING] = 0;
  counts->oldest_queued = 0;
  {
    static const struct
    {
      const char   *sql;
      VtStoreState  state;
    } queries[] = {
      { "SELECT count (*), min (created_at) FROM submissions INDEXED BY submissions_fresh "
        "WHERE state = 'queued' AND next_attempt_at = created_at "
        "AND form_id NOT IN (SELECT value FROM json_each (?1))", VT_STORE_STATE_QUEUED },
      { "SELECT count (*), min (created_at) FROM submissions INDEXED BY submissions_waiting_created "
        "WHERE state = 'queued' AND next_attempt_at <> created_at "
        "AND form_id NOT IN (SELECT value FROM json_each (?1))", VT_STORE_STATE_QUEUED },
      { "SELECT count (*), min (created_at) FROM submissions INDEXED BY submissions_sending "
        "WHERE state = 'sending' "
        "AND form_id NOT IN (SELECT value FROM json_each (?1))", VT_STORE_STATE_SENDING },
    };

    for (gsize q = 0; q < G_N_ELEMENTS (queries); q++)
      {
        g_autoptr(sqlite3_stmt) stmt = vt_store_prepare (self, queries[q].sql, error);

        if (stmt == NULL)
          goto out;
        sqlite3_bind_text (stmt, 1, except, -1, SQLITE_STATIC);
        if (sqlite3_step (stmt) != SQLITE_ROW)
          {
            vt_store_set_error_last (self, error, _("counting applications"));
            goto out;
          }
        counts->n[queries[q].state] += (guint) sqlite3_column_int64 (stmt, 0);
        if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
          {
            gint64 created = sqlite3_column_int64 (stmt, 1);

            if (counts->oldest_queued == 0 || created < counts->oldest_queued)
              counts->oldest_queued = created;
          }
      }
  }
  ok = TRUE;

out:
  vt_store_rollback (self);
  return ok;
}

gboolean
vt_store_count_form (VtStore     *self,
                     const char  *form_id,
                     guint        n[VT_STORE_N_STATES],
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL && form_id != NULL, FALSE);

  memset (n, 0, sizeof (guint) * VT_STORE_N_STATES);
  stmt = vt_store_prepare (self, "SELECT state, count (*) FROM submissions WHERE form_id = ? GROUP BY state", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, form_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VtStoreState state;

      if (parse_state ((const char *) sqlite3_column_text (stmt, 0), &state))
        n[state] = (guint) sqlite3_column_int64 (stmt, 1);
    }
  if (rc != SQLITE_DONE)
    {
      vt_store_set_error_last (self, error, _("counting applications"));
      return FALSE;
    }
  return TRUE;
}
