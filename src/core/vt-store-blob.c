/* The store's attachments streamed a chunk at a time, in with their
 * SHA-256 and out with it checked. */
#define G_LOG_DOMAIN "vt-store"

#include "config.h"

#include <glib/gi18n.h>
#include <openssl/evp.h>
#include <string.h>

#include "vt-store-private.h"

/* Attachments move between a file, the store and the server a chunk at a
 * time: written with sqlite3_blob_write() into a zeroblob() of their size,
 * read with sqlite3_blob_read() as they are posted, never whole in memory.
 * Their SHA-256 is computed as they are written and checked as they are
 * read, with OpenSSL's (several times faster than GChecksum's, which a
 * drain of big photos would feel). */

#define CHUNK_BYTES (64 * 1024)

/* ---- SHA-256 ---------------------------------------------------------------- */

struct _VtStoreHash
{
  EVP_MD_CTX *ctx;
};

VtStoreHash *
vt_store_hash_new (void)
{
  VtStoreHash *hash = g_new0 (VtStoreHash, 1);

  hash->ctx = EVP_MD_CTX_new ();
  if (hash->ctx == NULL || EVP_DigestInit_ex (hash->ctx, EVP_sha256 (), NULL) != 1)
    g_error ("OpenSSL cannot compute SHA-256");
  return hash;
}

void
vt_store_hash_update (VtStoreHash *hash,
                      const void  *data,
                      gsize        length)
{
  EVP_DigestUpdate (hash->ctx, data, length);
}

/* The lowercase hex digest, as GChecksum wrote it in earlier versions. */
char *
vt_store_hash_finish (VtStoreHash *hash)
{
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  GString *hex = g_string_sized_new (64);

  EVP_DigestFinal_ex (hash->ctx, digest, &length);
  for (unsigned int i = 0; i < length; i++)
    g_string_append_printf (hex, "%02x", digest[i]);
  return g_string_free (hex, FALSE);
}

void
vt_store_hash_free (VtStoreHash *hash)
{
  if (hash == NULL)
    return;
  EVP_MD_CTX_free (hash->ctx);
  g_free (hash);
}

/* ---- the connection attachments are read through ------------------------- */

/* A second connection to the database, for reading attachments while the
 * store's own connection writes (the sync worker posts from one thread
 * and marks from another).  It outlives the store while an attachment
 * still needs it. */
struct _VtStoreBlobs
{
  gatomicrefcount  ref;
  GMutex           lock;
  sqlite3         *db;
};

VtStoreBlobs *
vt_store_blobs_ref (VtStoreBlobs *blobs)
{
  g_atomic_ref_count_inc (&blobs->ref);
  return blobs;
}

void
vt_store_blobs_unref (VtStoreBlobs *blobs)
{
  if (blobs == NULL || !g_atomic_ref_count_dec (&blobs->ref))
    return;
  sqlite3_close_v2 (blobs->db);
  g_mutex_clear (&blobs->lock);
  g_free (blobs);
}

static VtStoreBlobs *
get_blobs (VtStore  *self,
           GError  **error)
{
  sqlite3 *db = NULL;
  int rc;

  if (self->blobs != NULL)
    return self->blobs;

  rc = sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_FAILED,
                   _("The kiosk's database cannot be opened to read an attached file (%s)."),
                   db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close_v2 (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 10000);
  self->blobs = g_new0 (VtStoreBlobs, 1);
  g_atomic_ref_count_init (&self->blobs->ref);
  g_mutex_init (&self->blobs->lock);
  self->blobs->db = db;
  return self->blobs;
}

/* ---- one attachment in the store ------------------------------------------- */

typedef struct
{
  gatomicrefcount  ref;
  VtStoreBlobs    *blobs;
  gint64           rowid;
  gint64           size;
  char            *sha256;
  char            *name;
} BlobSource;

static gpointer
blob_source_ref (gpointer data)
{
  BlobSource *source = data;

  g_atomic_ref_count_inc (&source->ref);
  return source;
}

static void
blob_source_unref (gpointer data)
{
  BlobSource *source = data;

  if (!g_atomic_ref_count_dec (&source->ref))
    return;
  vt_store_blobs_unref (source->blobs);
  g_free (source->sha256);
  g_free (source->name);
  g_free (source);
}

/* A GInputStream over one row's bytes.  The blob handle stays open while
 * the stream is read (SQLite then reads an overflow chain in order instead
 * of walking it from its start for every chunk); the digest is checked
 * when the end is reached, and a mismatch is an error, not an end. */
#define VT_TYPE_BLOB_STREAM (vt_blob_stream_get_type ())
G_DECLARE_FINAL_TYPE (VtBlobStream, vt_blob_stream, VT, BLOB_STREAM, GInputStream)

struct _VtBlobStream
{
  GInputStream  parent_instance;

  BlobSource   *source;
  sqlite3_blob *blob;
  gint64        offset;
  VtStoreHash  *hash;
  gboolean      checked;
};

G_DEFINE_FINAL_TYPE (VtBlobStream, vt_blob_stream, G_TYPE_INPUT_STREAM)

static GError *
damaged_error (BlobSource *source)
{
  return g_error_new (VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT,
                      _("the attached file “%s” is damaged on this kiosk's disk"), source->name);
}

/* The end has been read: does it match what was stored? */
static gboolean
check_digest (VtBlobStream  *self,
              GError       **error)
{
  g_autofree char *digest = NULL;

  if (self->checked)
    return TRUE;
  self->checked = TRUE;
  digest = vt_store_hash_finish (self->hash);
  if (g_strcmp0 (digest, self->source->sha256) != 0)
    {
      g_propagate_error (error, damaged_error (self->source));
      return FALSE;
    }
  return TRUE;
}

static gssize
vt_blob_stream_read (GInputStream  *stream,
                     void          *buffer,
                     gsize          count,
                     GCancellable  *cancellable,
                     GError       **error)
{
  VtBlobStream *self = VT_BLOB_STREAM (stream);
  VtStoreBlobs *blobs = self->source->blobs;
  gint64 left = self->source->size - self->offset;
  int n = (int) MIN ((gint64) MIN (count, (gsize) G_MAXINT), left);
  int rc;

  if (n <= 0)
    return check_digest (self, error) ? 0 : -1;

  g_mutex_lock (&blobs->lock);
  rc = SQLITE_OK;
  if (self->blob == NULL)
    rc = sqlite3_blob_open (blobs->db, "main", "attachments", "bytes", self->source->rowid, 0, &self->blob);
  if (rc == SQLITE_OK && sqlite3_blob_bytes (self->blob) != self->source->size)
    rc = SQLITE_CORRUPT;
  if (rc == SQLITE_OK)
    rc = sqlite3_blob_read (self->blob, buffer, n, (int) self->offset);
  g_mutex_unlock (&blobs->lock);

  if (rc != SQLITE_OK)
    {
      g_message ("Reading attachment %" G_GINT64_FORMAT ": %s", self->source->rowid, sqlite3_errstr (rc));
      g_propagate_error (error, damaged_error (self->source));
      return -1;
    }
  vt_store_hash_update (self->hash, buffer, n);
  self->offset += n;
  /* A reader that knows the size (libcurl) never asks past the end: the
   * last chunk is handed over only once the whole content is checked. */
  if (self->offset == self->source->size && !check_digest (self, error))
    return -1;
  return n;
}

static void
close_blob (VtBlobStream *self)
{
  if (self->blob == NULL)
    return;
  g_mutex_lock (&self->source->blobs->lock);
  sqlite3_blob_close (self->blob);
  g_mutex_unlock (&self->source->blobs->lock);
  self->blob = NULL;
}

static gboolean
vt_blob_stream_close (GInputStream  *stream,
                      GCancellable  *cancellable,
                      GError       **error)
{
  close_blob (VT_BLOB_STREAM (stream));
  return TRUE;
}

static void
vt_blob_stream_finalize (GObject *object)
{
  VtBlobStream *self = VT_BLOB_STREAM (object);

  close_blob (self);
  vt_store_hash_free (self->hash);
  blob_source_unref (self->source);
  G_OBJECT_CLASS (vt_blob_stream_parent_class)->finalize (object);
}

static void
vt_blob_stream_class_init (VtBlobStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = vt_blob_stream_finalize;
  stream_class->read_fn = vt_blob_stream_read;
  stream_class->close_fn = vt_blob_stream_close;
}

static void
vt_blob_stream_init (VtBlobStream *self)
{
}

static GInputStream *
open_blob (gpointer   data,
           GError   **error)
{
  VtBlobStream *stream = g_object_new (VT_TYPE_BLOB_STREAM, NULL);

  stream->source = blob_source_ref (data);
  stream->hash = vt_store_hash_new ();
  return G_INPUT_STREAM (stream);
}

VtAttachment *
vt_store_attachment_from_row (VtStore     *self,
                              gint64       rowid,
                              const char  *name,
                              const char  *content_type,
                              const char  *sha256,
                              gint64       size,
                              GError     **error)
{
  VtStoreBlobs *blobs = get_blobs (self, error);
  BlobSource *source;
  VtAttachment *attachment;

  if (blobs == NULL)
    return NULL;
  source = g_new0 (BlobSource, 1);
  g_atomic_ref_count_init (&source->ref);
  source->blobs = vt_store_blobs_ref (blobs);
  source->rowid = rowid;
  source->size = size;
  source->sha256 = g_strdup (sha256);
  source->name = g_strdup (name);
  attachment = vt_attachment_new_for_stream (name, content_type, size, open_blob, source,
                                             blob_source_ref, blob_source_unref);
  blob_source_unref (source);
  return attachment;
}

/* ---- writing ---------------------------------------------------------------- */

gboolean
vt_store_write_attachment_in_transaction (VtStore             *self,
                                          gint64               submission_row,
                                          const VtAttachment  *attachment,
                                          const char          *doing,
                                          GError             **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GError) read_error = NULL;
  g_autofree guint8 *buffer = NULL;
  g_autofree char *digest = NULL;
  VtStoreHash *hash;
  sqlite3_blob *blob = NULL;
  gint64 size = vt_attachment_get_size (attachment);
  gint64 offset = 0;
  gint64 rowid;
  int rc;

  insert = vt_store_prepare (self,
                             "INSERT INTO attachments (submission, name, content_type, sha256, size, bytes) "
                             "VALUES (?1, ?2, ?3, '', ?4, zeroblob (?4))", error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, submission_row);
  bind_text (insert, 2, attachment->name);
  bind_text (insert, 3, attachment->content_type);
  sqlite3_bind_int64 (insert, 4, size);
  rc = sqlite3_step (insert);
  if (rc != SQLITE_DONE)
    {
      if (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
        g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_INVALID,
                     _("Two attached files are both called “%s”; the application was not stored."),
                     attachment->name);
      else
        vt_store_set_error_last (self, error, doing);
      return FALSE;
    }
  rowid = sqlite3_last_insert_rowid (self->db);
  g_clear_pointer (&insert, stmt_reset);

  in = vt_attachment_open (attachment, &read_error);
  if (in == NULL)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_INVALID,
                   _("The attached file “%s” cannot be read (%s); the application was not stored."),
                   attachment->name, read_error->message);
      return FALSE;
    }
  if (size > 0)
    {
      rc = sqlite3_blob_open (self->db, "main", "attachments", "bytes", rowid, 1, &blob);
      if (rc != SQLITE_OK)
        {
          vt_store_set_error_rc (self, error, rc, doing);
          return FALSE;
        }
    }

  buffer = g_malloc (CHUNK_BYTES);
  hash = vt_store_hash_new ();
  rc = SQLITE_OK;
  for (;;)
    {
      gssize got = g_input_stream_read (in, buffer, CHUNK_BYTES, NULL, &read_error);

      if (got < 0)
        break;
      if (got == 0)
        break;
      if (offset + got > size)
        {
          offset += got;
          break;
        }
      vt_store_hash_update (hash, buffer, got);
      rc = sqlite3_blob_write (blob, buffer, (int) got, (int) offset);
      if (rc != SQLITE_OK)
        break;
      offset += got;
    }
  /* A photo is personal data: nothing of it stays in freed memory. */
  memset (buffer, 0, CHUNK_BYTES);
  digest = vt_store_hash_finish (hash);
  vt_store_hash_free (hash);
  if (blob != NULL)
    sqlite3_blob_close (blob);
  g_input_stream_close (in, NULL, NULL);

  if (read_error != NULL || offset != size)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_INVALID,
                   _("The attached file “%s” could not be read whole (%s); the application was not stored. "
                     "Attach it again."),
                   attachment->name,
                   read_error != NULL ? read_error->message : _("it changed while it was read"));
      return FALSE;
    }
  if (rc != SQLITE_OK)
    {
      vt_store_set_error_rc (self, error, rc, doing);
      return FALSE;
    }

  update = vt_store_prepare (self, "UPDATE attachments SET sha256 = ?2 WHERE rowid = ?1", error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_int64 (update, 1, rowid);
  bind_text (update, 2, digest);
  return vt_store_step_done (self, update, doing, error);
}
