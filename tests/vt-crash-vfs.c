/* The power-cut simulator: see vt-crash-vfs.h.  SQLite's test6.c keeps
 * unsynced writes in memory and applies a random share of them at a crash;
 * this one lets them reach the real file (so reads need no overlay) and
 * keeps the durable image beside it instead. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "vt-crash-vfs.h"

#define PIECE 512

typedef enum
{
  OP_WRITE,
  OP_TRUNCATE,
} OpKind;

typedef struct
{
  OpKind   kind;
  gint64   offset;                 /* the write's offset, or the new size */
  GBytes  *data;                   /* OP_WRITE */
} Op;

/* What the disk knows of one file (by path), shared by its open handles. */
typedef struct
{
  int         ref_count;
  char       *path;
  gboolean    main_db;             /* its -shm goes at power-on */
  guint       n_open;
  GByteArray *durable;             /* the content at the last sync */
  GArray     *pending;             /* Op: since the last sync, in order */
} Inode;

typedef struct
{
  sqlite3_file  base;
  Inode        *inode;             /* NULL: not tracked (a temporary file) */
  sqlite3_file *real;              /* right after this struct */
} CrashFile;

/* The real file follows CrashFile, aligned as SQLite aligns its own. */
#define REAL_OFFSET (((sizeof (CrashFile) + 7) / 8) * 8)
/* The methods that change nothing durable pass straight through. */
#define REAL(file) (((CrashFile *) (file))->real)

static sqlite3_vfs *real_vfs;
static sqlite3_vfs crash_vfs;
static sqlite3_io_methods crash_io;

static GMutex lock;
static GHashTable *inodes;         /* path → Inode * */
static guint64 ops;
static guint64 cut_at;
static gboolean cut;
static gboolean lying_sync;

static void
op_clear (gpointer data)
{
  Op *op = data;

  g_clear_pointer (&op->data, g_bytes_unref);
}

static Inode *
inode_ref (Inode *inode)
{
  inode->ref_count++;
  return inode;
}

static void
inode_unref (gpointer data)
{
  Inode *inode = data;

  if (--inode->ref_count > 0)
    return;
  g_free (inode->path);
  g_byte_array_unref (inode->durable);
  g_array_unref (inode->pending);
  g_free (inode);
}

static GByteArray *
read_whole_file (const char *path)
{
  GByteArray *bytes = g_byte_array_new ();
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (g_file_get_contents (path, &contents, &length, NULL))
    g_byte_array_append (bytes, (const guint8 *) contents, (guint) length);
  return bytes;
}

/* Called with the lock held. */
static Inode *
inode_for (const char *path,
           gboolean    main_db)
{
  Inode *inode;

  if (inodes == NULL)
    inodes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, inode_unref);
  inode = g_hash_table_lookup (inodes, path);
  if (inode == NULL)
    {
      inode = g_new0 (Inode, 1);
      inode->ref_count = 1;
      inode->path = g_strdup (path);
      /* Whatever the file holds when first seen after a boot is durable. */
      inode->durable = read_whole_file (path);
      inode->pending = g_array_new (FALSE, TRUE, sizeof (Op));
      g_array_set_clear_func (inode->pending, op_clear);
      g_hash_table_insert (inodes, inode->path, inode);
    }
  inode->main_db |= main_db;
  return inode_ref (inode);
}

static void
apply_write (GByteArray   *image,
             gint64        offset,
             const guint8 *data,
             gsize         length)
{
  if ((guint64) offset + length > image->len)
    {
      guint old = image->len;

      g_byte_array_set_size (image, (guint) (offset + length));
      memset (image->data + old, 0, image->len - old);
    }
  memcpy (image->data + offset, data, length);
}

static void
apply_op (GByteArray *image,
          const Op   *op)
{
  if (op->kind == OP_TRUNCATE)
    {
      guint old = image->len;

      g_byte_array_set_size (image, (guint) op->offset);
      if (image->len > old)
        memset (image->data + old, 0, image->len - old);
    }
  else
    {
      gsize length = 0;
      const guint8 *data = g_bytes_get_data (op->data, &length);

      apply_write (image, op->offset, data, length);
    }
}

/* One more operation that changes a file; TRUE when it is the one that
 * cuts the power.  Called with the lock held. */
static gboolean
tick (void)
{
  ops++;
  if (cut_at != 0 && ops == cut_at)
    {
      cut = TRUE;
      return TRUE;
    }
  return FALSE;
}

static void
add_op (Inode      *inode,
        OpKind      kind,
        gint64      offset,
        const void *data,
        int         length)
{
  Op op = { kind, offset, data != NULL ? g_bytes_new (data, (gsize) length) : NULL };

  g_array_append_val (inode->pending, op);
}

/* ---- the file methods ---------------------------------------------------- */

static int
crash_close (sqlite3_file *file)
{
  CrashFile *self = (CrashFile *) file;
  int rc = self->real->pMethods->xClose (self->real);

  if (self->inode != NULL)
    {
      g_mutex_lock (&lock);
      self->inode->n_open--;
      inode_unref (self->inode);
      self->inode = NULL;
      g_mutex_unlock (&lock);
    }
  return rc;
}

static int
crash_read (sqlite3_file  *file,
            void          *buf,
            int            amount,
            sqlite3_int64  offset)
{
  return REAL (file)->pMethods->xRead (REAL (file), buf, amount, offset);
}

static int
crash_write (sqlite3_file  *file,
             const void    *buf,
             int            amount,
             sqlite3_int64  offset)
{
  CrashFile *self = (CrashFile *) file;
  int rc;

  if (self->inode == NULL)
    return self->real->pMethods->xWrite (self->real, buf, amount, offset);

  g_mutex_lock (&lock);
  if (cut)
    {
      g_mutex_unlock (&lock);
      return SQLITE_IOERR_WRITE;
    }
  if (tick ())
    {
      /* The write under way when the power went: it may have landed, in part. */
      add_op (self->inode, OP_WRITE, offset, buf, amount);
      g_mutex_unlock (&lock);
      return SQLITE_IOERR_WRITE;
    }
  g_mutex_unlock (&lock);

  rc = self->real->pMethods->xWrite (self->real, buf, amount, offset);
  if (rc == SQLITE_OK)
    {
      g_mutex_lock (&lock);
      add_op (self->inode, OP_WRITE, offset, buf, amount);
      g_mutex_unlock (&lock);
    }
  return rc;
}

static int
crash_truncate (sqlite3_file  *file,
                sqlite3_int64  size)
{
  CrashFile *self = (CrashFile *) file;
  int rc;

  if (self->inode == NULL)
    return self->real->pMethods->xTruncate (self->real, size);

  g_mutex_lock (&lock);
  if (cut || tick ())
    {
      g_mutex_unlock (&lock);
      return SQLITE_IOERR_TRUNCATE;
    }
  g_mutex_unlock (&lock);

  rc = self->real->pMethods->xTruncate (self->real, size);
  if (rc == SQLITE_OK)
    {
      g_mutex_lock (&lock);
      add_op (self->inode, OP_TRUNCATE, size, NULL, 0);
      g_mutex_unlock (&lock);
    }
  return rc;
}

static int
crash_sync (sqlite3_file *file,
            int           flags)
{
  CrashFile *self = (CrashFile *) file;
  Inode *inode = self->inode;

  if (inode == NULL)
    return SQLITE_OK;

  g_mutex_lock (&lock);
  if (cut || tick ())
    {
      g_mutex_unlock (&lock);
      return SQLITE_IOERR_FSYNC;
    }
  if (!lying_sync)
    {
      for (guint i = 0; i < inode->pending->len; i++)
        apply_op (inode->durable, &g_array_index (inode->pending, Op, i));
      g_array_set_size (inode->pending, 0);
    }
  g_mutex_unlock (&lock);
  return SQLITE_OK;
}

static int
crash_file_size (sqlite3_file  *file,
                 sqlite3_int64 *size)
{
  return REAL (file)->pMethods->xFileSize (REAL (file), size);
}

static int
crash_lock (sqlite3_file *file,
            int           level)
{
  return REAL (file)->pMethods->xLock (REAL (file), level);
}

static int
crash_unlock (sqlite3_file *file,
              int           level)
{
  return REAL (file)->pMethods->xUnlock (REAL (file), level);
}

static int
crash_check_reserved_lock (sqlite3_file *file,
                           int          *out)
{
  return REAL (file)->pMethods->xCheckReservedLock (REAL (file), out);
}

static int
crash_file_control (sqlite3_file *file,
                    int           op,
                    void         *arg)
{
  return REAL (file)->pMethods->xFileControl (REAL (file), op, arg);
}

static int
crash_sector_size (sqlite3_file *file)
{
  return REAL (file)->pMethods->xSectorSize (REAL (file));
}

static int
crash_device_characteristics (sqlite3_file *file)
{
  return REAL (file)->pMethods->xDeviceCharacteristics (REAL (file));
}

/* Shared memory is memory: it passes through, and power-on removes it. */
static int
crash_shm_map (sqlite3_file  *file,
               int            page,
               int            page_size,
               int            extend,
               void volatile **out)
{
  return REAL (file)->pMethods->xShmMap (REAL (file), page, page_size, extend, out);
}

static int
crash_shm_lock (sqlite3_file *file,
                int           offset,
                int           n,
                int           flags)
{
  return REAL (file)->pMethods->xShmLock (REAL (file), offset, n, flags);
}

static void
crash_shm_barrier (sqlite3_file *file)
{
  REAL (file)->pMethods->xShmBarrier (REAL (file));
}

static int
crash_shm_unmap (sqlite3_file *file,
                 int           delete_flag)
{
  return REAL (file)->pMethods->xShmUnmap (REAL (file), delete_flag);
}

/* Version 2: shared memory for WAL, but no xFetch, so SQLite never maps
 * the database and every change goes through crash_write(). */
static sqlite3_io_methods crash_io = {
  2,
  crash_close,
  crash_read,
  crash_write,
  crash_truncate,
  crash_sync,
  crash_file_size,
  crash_lock,
  crash_unlock,
  crash_check_reserved_lock,
  crash_file_control,
  crash_sector_size,
  crash_device_characteristics,
  crash_shm_map,
  crash_shm_lock,
  crash_shm_barrier,
  crash_shm_unmap,
  NULL,
  NULL,
};

/* ---- the VFS --------------------------------------------------------------- */

static int
crash_open (sqlite3_vfs  *vfs,
            const char   *name,
            sqlite3_file *file,
            int           flags,
            int          *out_flags)
{
  CrashFile *self = (CrashFile *) file;
  int rc;

  memset (self, 0, sizeof *self);
  self->real = (sqlite3_file *) ((char *) file + REAL_OFFSET);
  rc = real_vfs->xOpen (real_vfs, name, self->real, flags, out_flags);
  if (rc != SQLITE_OK)
    {
      self->base.pMethods = NULL;
      return rc;
    }
  self->base.pMethods = &crash_io;
  if (name != NULL && (flags & SQLITE_OPEN_DELETEONCLOSE) == 0)
    {
      g_mutex_lock (&lock);
      self->inode = inode_for (name, (flags & SQLITE_OPEN_MAIN_DB) != 0);
      self->inode->n_open++;
      g_mutex_unlock (&lock);
    }
  return SQLITE_OK;
}

static int
crash_delete (sqlite3_vfs *vfs,
              const char  *name,
              int          sync_dir)
{
  int rc;

  g_mutex_lock (&lock);
  if (cut || tick ())
    {
      g_mutex_unlock (&lock);
      return SQLITE_IOERR_DELETE;
    }
  g_mutex_unlock (&lock);

  rc = real_vfs->xDelete (real_vfs, name, sync_dir);
  if (rc == SQLITE_OK || rc == SQLITE_IOERR_DELETE_NOENT)
    {
      g_mutex_lock (&lock);
      if (inodes != NULL)
        g_hash_table_remove (inodes, name);
      g_mutex_unlock (&lock);
    }
  return rc;
}

static int
crash_access (sqlite3_vfs *vfs,
              const char  *name,
              int          flags,
              int         *out)
{
  return real_vfs->xAccess (real_vfs, name, flags, out);
}

static int
crash_full_pathname (sqlite3_vfs *vfs,
                     const char  *name,
                     int          n_out,
                     char        *out)
{
  return real_vfs->xFullPathname (real_vfs, name, n_out, out);
}

static void *
crash_dl_open (sqlite3_vfs *vfs,
               const char  *name)
{
  return real_vfs->xDlOpen (real_vfs, name);
}

static void
crash_dl_error (sqlite3_vfs *vfs,
                int          n,
                char        *out)
{
  real_vfs->xDlError (real_vfs, n, out);
}

static void (*crash_dl_sym (sqlite3_vfs *vfs,
                            void        *handle,
                            const char  *symbol)) (void)
{
  return real_vfs->xDlSym (real_vfs, handle, symbol);
}

static void
crash_dl_close (sqlite3_vfs *vfs,
                void        *handle)
{
  real_vfs->xDlClose (real_vfs, handle);
}

static int
crash_randomness (sqlite3_vfs *vfs,
                  int          n,
                  char        *out)
{
  return real_vfs->xRandomness (real_vfs, n, out);
}

static int
crash_sleep (sqlite3_vfs *vfs,
             int          usec)
{
  return real_vfs->xSleep (real_vfs, usec);
}

static int
crash_current_time (sqlite3_vfs *vfs,
                    double      *out)
{
  return real_vfs->xCurrentTime (real_vfs, out);
}

static int
crash_get_last_error (sqlite3_vfs *vfs,
                      int          n,
                      char        *out)
{
  return real_vfs->xGetLastError (real_vfs, n, out);
}

static int
crash_current_time_int64 (sqlite3_vfs   *vfs,
                          sqlite3_int64 *out)
{
  return real_vfs->xCurrentTimeInt64 (real_vfs, out);
}

void
vt_crash_vfs_install (void)
{
  static gsize done = 0;

  if (!g_once_init_enter (&done))
    return;

  real_vfs = sqlite3_vfs_find (NULL);
  g_assert (real_vfs != NULL && real_vfs->iVersion >= 2);
  crash_vfs = (sqlite3_vfs) {
    .iVersion = 2,
    .szOsFile = (int) REAL_OFFSET + real_vfs->szOsFile,
    .mxPathname = real_vfs->mxPathname,
    .zName = "vt-crash",
    .xOpen = crash_open,
    .xDelete = crash_delete,
    .xAccess = crash_access,
    .xFullPathname = crash_full_pathname,
    .xDlOpen = crash_dl_open,
    .xDlError = crash_dl_error,
    .xDlSym = crash_dl_sym,
    .xDlClose = crash_dl_close,
    .xRandomness = crash_randomness,
    .xSleep = crash_sleep,
    .xCurrentTime = crash_current_time,
    .xGetLastError = crash_get_last_error,
    .xCurrentTimeInt64 = crash_current_time_int64,
  };
  g_assert_cmpint (sqlite3_vfs_register (&crash_vfs, 1), ==, SQLITE_OK);
  g_once_init_leave (&done, 1);
}

void
vt_crash_vfs_arm (guint64 n)
{
  g_mutex_lock (&lock);
  ops = 0;
  cut_at = n;
  cut = FALSE;
  g_mutex_unlock (&lock);
}

guint64
vt_crash_vfs_get_ops (void)
{
  guint64 n;

  g_mutex_lock (&lock);
  n = ops;
  g_mutex_unlock (&lock);
  return n;
}

gboolean
vt_crash_vfs_is_cut (void)
{
  gboolean is_cut;

  g_mutex_lock (&lock);
  is_cut = cut;
  g_mutex_unlock (&lock);
  return is_cut;
}

void
vt_crash_vfs_set_lying_sync (gboolean lying)
{
  g_mutex_lock (&lock);
  lying_sync = lying;
  g_mutex_unlock (&lock);
}

const char *
vt_crash_damage_to_string (VtCrashDamage damage)
{
  static const char * const names[] = { "drop", "torn", "shuffle" };

  g_return_val_if_fail ((guint) damage < G_N_ELEMENTS (names), NULL);
  return names[damage];
}

static void
fill_garbage (guint8 *data,
              gsize   length,
              GRand  *rand)
{
  for (gsize i = 0; i < length; i++)
    data[i] = (guint8) g_rand_int_range (rand, 0, 256);
}

/* One unsynced write as the disk holds it after the cut. */
static void
land_write (GByteArray    *image,
            const Op      *op,
            VtCrashDamage  damage,
            gboolean       last,
            GRand         *rand)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (op->data, &length);
  g_autofree guint8 *copy = g_memdup2 (data, length);

  switch (damage)
    {
    case VT_CRASH_DAMAGE_DROP:
    case VT_CRASH_N_DAMAGES:
      return;

    case VT_CRASH_DAMAGE_TORN:
      if (last && length > 0)
        {
          /* The sector being written when the power went: its first half
           * holds the new bytes, its second half noise. */
          gint64 end = op->offset + (gint64) length;
          gint64 sector = MAX (op->offset, ((end - 1) / PIECE) * PIECE);
          gint64 half = sector + (end - sector + 1) / 2;

          fill_garbage (copy + (half - op->offset), (gsize) (end - half), rand);
        }
      apply_write (image, op->offset, copy, length);
      return;

    case VT_CRASH_DAMAGE_SHUFFLE:
      /* Pieces aligned on the file, never beyond the write: an overwrite
       * damages only what it wrote (SQLITE_IOCAP_POWERSAFE_OVERWRITE). */
      for (gint64 start = op->offset; start < op->offset + (gint64) length;)
        {
          gint64 end = MIN ((start / PIECE + 1) * PIECE, op->offset + (gint64) length);
          gint32 dice = g_rand_int_range (rand, 0, 8);
          guint8 *piece = copy + (start - op->offset);

          if (dice < 4)
            apply_write (image, start, piece, (gsize) (end - start));
          else if (dice == 7)
            {
              fill_garbage (piece, (gsize) (end - start), rand);
              apply_write (image, start, piece, (gsize) (end - start));
            }
          start = end;
        }
      return;
    }
}

static void
write_image (const char *path,
             GByteArray *image)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  gsize done = 0;

  if (fd < 0)
    g_error ("power-on: cannot write %s: %s", path, g_strerror (errno));
  while (done < image->len)
    {
      ssize_t n = write (fd, image->data + done, image->len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        g_error ("power-on: cannot write %s: %s", path, g_strerror (errno));
      done += (gsize) n;
    }
  close (fd);
}

void
vt_crash_vfs_power_on (VtCrashDamage  damage,
                       GRand         *rand)
{
  GHashTableIter iter;
  Inode *inode;

  g_mutex_lock (&lock);
  if (inodes != NULL)
    {
      g_hash_table_iter_init (&iter, inodes);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &inode))
        {
          g_autoptr(GByteArray) image = g_byte_array_ref (inode->durable);
          guint last_write = G_MAXUINT;

          if (inode->n_open != 0)
            g_error ("power-on with %s still open", inode->path);

          for (guint i = 0; i < inode->pending->len; i++)
            if (g_array_index (inode->pending, Op, i).kind == OP_WRITE)
              last_write = i;

          for (guint i = 0; i < inode->pending->len; i++)
            {
              const Op *op = &g_array_index (inode->pending, Op, i);

              if (op->kind == OP_TRUNCATE)
                {
                  if (damage == VT_CRASH_DAMAGE_TORN ||
                      (damage == VT_CRASH_DAMAGE_SHUFFLE && g_rand_boolean (rand)))
                    apply_op (image, op);
                }
              else
                land_write (image, op, damage, i == last_write, rand);
            }
          write_image (inode->path, image);

          if (inode->main_db)
            {
              g_autofree char *shm = g_strconcat (inode->path, "-shm", NULL);

              g_unlink (shm);
            }
        }
      g_hash_table_remove_all (inodes);
    }
  ops = 0;
  cut_at = 0;
  cut = FALSE;
  g_mutex_unlock (&lock);
}

void
vt_crash_vfs_forget (void)
{
  GHashTableIter iter;
  Inode *inode;

  g_mutex_lock (&lock);
  if (inodes != NULL)
    {
      g_hash_table_iter_init (&iter, inodes);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &inode))
        if (inode->n_open != 0)
          g_error ("%s is still open", inode->path);
      g_hash_table_remove_all (inodes);
    }
  ops = 0;
  cut_at = 0;
  cut = FALSE;
  g_mutex_unlock (&lock);
}
