#pragma once

#include <sqlite3.h>

#include "vt-store.h"

G_BEGIN_DECLS

/* For tests and benchmarks only: the rest of the product never sees SQL. */

#define VT_STORE_SCHEMA_VERSION 9
#define VT_STORE_FILE_NAME      "ventanilla.db"
/* The page size of a new database. */
#define VT_STORE_PAGE_SIZE      1024

sqlite3  *vt_store_get_db          (VtStore     *self);

/* Opens like vt_store_open() but migrates no further than max_version, so a
 * test can build a database as an earlier release left it. */
VtStore  *vt_store_open_at_version (const char  *data_dir,
                                    int          max_version,
                                    GError     **error);

/* The code the row `row` (a rowid) answers to unless it has one of its own. */
char     *vt_store_code_for_row    (VtStore     *self,
                                    gint64       row);

/* Shortens the busy timeout (per try) so a test can see BUSY quickly. */
void      vt_store_set_busy_timeout (VtStore    *self,
                                     int         ms);

/* ---- shared by vt-store.c, vt-store-outbox.c and vt-store-records.c ---- */

typedef struct _VtStoreBlobs VtStoreBlobs;
typedef struct _VtStoreHash  VtStoreHash;

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
  guint8      code_key[VT_RECEIPT_CODE_KEY_BYTES]; /* meta.code_key: see vt_store_code_for_row() */
  VtStoreBlobs *blobs;             /* vt-store-blob.c: attachments are read through it */
};

extern const char * const vt_store_state_names[VT_STORE_N_STATES];

/* Statements come from the cache and are reset when the variable holding
 * them goes out of scope, so no statement keeps a read transaction open. */
static inline void
stmt_reset (sqlite3_stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, stmt_reset)

static inline void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static inline char *
column_text (sqlite3_stmt *stmt,
             int           index)
{
  const unsigned char *text = sqlite3_column_text (stmt, index);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

static inline gboolean
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

static inline VtStoreState
column_state (sqlite3_stmt *stmt,
              int           index)
{
  VtStoreState state = VT_STORE_STATE_QUEUED;

  parse_state ((const char *) sqlite3_column_text (stmt, index), &state);
  return state;
}


/* Errors: messages for a clerk from an SQLite result code (vt-store.c). */
void          vt_store_set_error_rc              (VtStore       *self,
                                                  GError       **error,
                                                  int            rc,
                                                  const char    *doing);
void          vt_store_set_error_last            (VtStore       *self,
                                                  GError       **error,
                                                  const char    *doing);

/* Statements and transactions (vt-store.c). */
/* vt-store-blob.c: attachments streamed in and out. */
VtStoreHash  *vt_store_hash_new                  (void);
void          vt_store_hash_update               (VtStoreHash   *hash,
                                                  const void    *data,
                                                  gsize          length);
char         *vt_store_hash_finish               (VtStoreHash   *hash);
void          vt_store_hash_free                 (VtStoreHash   *hash);
VtStoreBlobs *vt_store_blobs_ref                 (VtStoreBlobs  *blobs);
void          vt_store_blobs_unref               (VtStoreBlobs  *blobs);
/* An attachment of the store, read from it as it is sent; its digest is
 * checked when its end is read. */
VtAttachment *vt_store_attachment_from_row       (VtStore       *self,
                                                  gint64         rowid,
                                                  const char    *name,
                                                  const char    *content_type,
                                                  const char    *sha256,
                                                  gint64         size,
                                                  GError       **error);
/* Inserts one attachment of the row, a chunk at a time, with its SHA-256. */
gboolean      vt_store_write_attachment_in_transaction (VtStore            *self,
                                                  gint64              submission_row,
                                                  const VtAttachment *attachment,
                                                  const char         *doing,
                                                  GError            **error);
sqlite3_stmt *vt_store_prepare                   (VtStore       *self,
                                                  const char    *sql,
                                                  GError       **error);
gboolean      vt_store_begin_immediate           (VtStore       *self,
                                                  GError       **error);
gboolean      vt_store_begin_read                (VtStore       *self,
                                                  GError       **error);
void          vt_store_rollback                  (VtStore       *self);
gboolean      vt_store_commit                    (VtStore       *self,
                                                  GError       **error);
gboolean      vt_store_step_done                 (VtStore       *self,
                                                  sqlite3_stmt  *stmt,
                                                  const char    *doing,
                                                  GError       **error);

/* Inside the caller's transaction (vt-store-records.c). */
gboolean      vt_store_set_meta_in_transaction   (VtStore       *self,
                                                  const char    *key,
                                                  const char    *value,
                                                  GError       **error);
gboolean      vt_store_add_event_in_transaction  (VtStore       *self,
                                                  gint64         time,
                                                  const char    *instance_id,
                                                  const char    *what,
                                                  const char    *actor,
                                                  const char    *detail,
                                                  GError       **error);

/* Reference codes derived from rowids (vt-store-records.c). */
gint64        vt_store_row_for_code              (VtStore       *self,
                                                  const char    *normal);
char         *vt_store_column_code               (VtStore       *self,
                                                  sqlite3_stmt  *stmt,
                                                  int            row_column,
                                                  int            code_column,
                                                  int            title_column);

G_END_DECLS
