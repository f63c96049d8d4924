/* The store's records beside the outbox: meta (key/value), the event log,
 * cached forms and their media, reference codes, receipts and drafts. */
#define G_LOG_DOMAIN "vt-store"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "vt-store-private.h"

/* ---- meta ---------------------------------------------------------------- */

gboolean
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

typedef struct
{
  const char *value;
  char       *stored;
} EnsureMeta;

static gboolean
ensure_meta_update (const char  *value,
                    char       **new_value,
                    gpointer     data)
{
  EnsureMeta *ensure = data;

  ensure->stored = g_strdup (value != NULL ? value : ensure->value);
  if (value != NULL)
    return FALSE;
  *new_value = g_strdup (ensure->value);
  return TRUE;
}

char *
vt_store_ensure_meta (VtStore     *self,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  EnsureMeta ensure = { value, NULL };

  g_return_val_if_fail (self != NULL && key != NULL && value != NULL, NULL);

  if (!vt_store_update_meta (self, key, ensure_meta_update, &ensure, error))
    {
      g_free (ensure.stored);
      return NULL;
    }
  return ensure.stored;
}

gboolean
vt_store_update_meta (VtStore                *self,
                      const char             *key,
                      VtStoreMetaUpdateFunc   update,
                      gpointer                data,
                      GError                **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = NULL;
  g_autofree char *new_value = NULL;

  g_return_val_if_fail (self != NULL && key != NULL && update != NULL, FALSE);

  if (!vt_store_begin_immediate (self, error))
    return FALSE;
  value = vt_store_get_meta (self, key, &local_error);
  if (local_error != NULL)
    {
      vt_store_rollback (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!update (value, &new_value, data))
    return vt_store_commit (self, error);
  if (!vt_store_set_meta_in_transaction (self, key, new_value, error))
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

/* ---- events -------------------------------------------------------------- */

gboolean
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

/* A row's own code is its rowid's under the store's key (vt-receipt.h). */
char *
vt_store_code_for_row (VtStore *self,
                       gint64   row)
{
  return vt_receipt_code_for_serial (self->code_key, (guint64) row);
}

/* The row whose own code a normalised code would be (whether or not that
 * row exists or has a code of its own). */
gint64
vt_store_row_for_code (VtStore    *self,
                       const char *normal)
{
  return (gint64) vt_receipt_serial_for_code (self->code_key, normal);
}

/* The code a row answers to: its own, or the one derived from its rowid;
 * none for a row stored without a receipt (possible only before schema 2). */
char *
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

/* ---- receipts ---------------------------------------------------------------- */

#define RECEIPT_QUERY \
  "SELECT s.id, s.reference_code, s.instance_id, s.form_id, s.form_version, s.service_title, " \
  "  s.language, s.assisted_by, s.created_at, s.state " \
  "FROM submissions s "

/* Runs a receipt query whose ?1 is bound already; NULL without an error
 * when there is no such receipt. */
static VtReceipt *
get_receipt (VtStore       *self,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  VtReceipt *receipt;
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW || sqlite3_column_type (stmt, 5) == SQLITE_NULL)
    {
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        vt_store_set_error_last (self, error, _("reading a receipt"));
      return NULL;
    }

  receipt = g_new0 (VtReceipt, 1);
  receipt->reference_code = vt_store_column_code (self, stmt, 0, 1, 5);
  receipt->instance_id = column_text (stmt, 2);
  receipt->form_id = column_text (stmt, 3);
  receipt->form_version = column_text (stmt, 4);
  receipt->service_title = column_text (stmt, 5);
  receipt->language = column_text (stmt, 6);
  receipt->assisted_by = column_text (stmt, 7);
  receipt->created_at = sqlite3_column_int64 (stmt, 8);
  receipt->sent = column_state (stmt, 9) == VT_STORE_STATE_SENT;
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

VtReceipt *
vt_store_get_receipt (VtStore     *self,
                      const char  *reference_code,
                      GError     **error)
{
  g_autofree char *code = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GError *local_error = NULL;
  VtReceipt *receipt;

  g_return_val_if_fail (self != NULL && reference_code != NULL, NULL);

  code = vt_receipt_code_normalize (reference_code, error);
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

VtReceipt *
vt_store_get_receipt_for (VtStore     *self,
                          const char  *instance_id,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GError *local_error = NULL;
  VtReceipt *receipt;

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

/* ---- media by name ------------------------------------------------------------ */

GBytes *
vt_store_find_media (VtStore     *self,
                     const char  *name,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL && name != NULL, NULL);

  stmt = vt_store_prepare (self, "SELECT m.bytes FROM form_media m JOIN forms f ON f.id = m.form "
                                 "WHERE m.name = ?1 AND f.active = 1 ORDER BY f.added_at DESC, f.id DESC LIMIT 1",
                           error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, name);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  if (rc != SQLITE_DONE)
    vt_store_set_error_last (self, error, _("reading a form's media"));
  return NULL;
}

/* ---- drop-offs ------------------------------------------------------------- */

gboolean
vt_store_count_dropoff (VtStore     *self,
                        const char  *form_id,
                        const char  *form_version,
                        const char  *page,
                        const char  *reason,
                        gint64       now,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (self != NULL && form_id != NULL && page != NULL && reason != NULL, FALSE);

  if (!vt_store_begin_immediate (self, error))
    return FALSE;
  stmt = vt_store_prepare (self,
                           "INSERT INTO dropoffs (form_id, form_version, page, reason, n, last_at) "
                           "VALUES (?1, ?2, ?3, ?4, 1, ?5) "
                           "ON CONFLICT (form_id, form_version, page, reason) "
                           "DO UPDATE SET n = n + 1, last_at = excluded.last_at", error);
  if (stmt == NULL)
    {
      vt_store_rollback (self);
      return FALSE;
    }
  bind_text (stmt, 1, form_id);
  bind_text (stmt, 2, form_version != NULL ? form_version : "");
  bind_text (stmt, 3, page);
  bind_text (stmt, 4, reason);
  sqlite3_bind_int64 (stmt, 5, now);
  if (!vt_store_step_done (self, stmt, N_("counting an abandoned application"), error))
    {
      vt_store_rollback (self);
      return FALSE;
    }
  return vt_store_commit (self, error);
}

GPtrArray *
vt_store_list_dropoffs (VtStore  *self,
                        GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_store_dropoff_free);
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = vt_store_prepare (self, "SELECT form_id, form_version, page, reason, n, last_at FROM dropoffs "
                                 "ORDER BY form_id, form_version, page, reason", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VtStoreDropoff *dropoff = g_new0 (VtStoreDropoff, 1);

      dropoff->form_id = column_text (stmt, 0);
      dropoff->form_version = column_text (stmt, 1);
      dropoff->page = column_text (stmt, 2);
      dropoff->reason = column_text (stmt, 3);
      dropoff->count = (guint64) sqlite3_column_int64 (stmt, 4);
      dropoff->last_at = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (list, dropoff);
    }
  if (rc != SQLITE_DONE)
    {
      vt_store_set_error_last (self, error, _("reading the abandoned applications' counts"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

void
vt_store_dropoff_free (VtStoreDropoff *dropoff)
{
  if (dropoff == NULL)
    return;
  g_free (dropoff->form_id);
  g_free (dropoff->form_version);
  g_free (dropoff->page);
  g_free (dropoff->reason);
  g_free (dropoff);
}
