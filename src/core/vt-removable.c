/* USB sticks a citizen plugs in (VtRemovable): mounted, offered, read
 * and unmounted through GIO's GVolumeMonitor. */
#define G_LOG_DOMAIN "vt-removable"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vt-media-type.h"
#include "vt-removable.h"

G_DEFINE_QUARK (vt-removable-error-quark, vt_removable_error)

/* How far a drive is looked through (folders within folders below its top:
 * "Documentos/2024/recibo.pdf"): folders a citizen made by hand, not a
 * backup of a whole computer. */
#define MAX_DEPTH    2
#define MAX_VISITED  2000
#define MAX_OFFERED  200
/* A file is read a chunk at a time, the drive checked before each. */
#define CHUNK_BYTES  (1024 * 1024)
/* Enough of the start of a file for its kind to be read from its bytes. */
#define SNIFF_BYTES  4096

#define STANDIN_PREFIX "standin:"

typedef struct
{
  char   *id;
  char   *name;
  GFile  *root;
  GMount *mount;                  /* NULL for a stand-in */
} Drive;

struct _VtRemovable
{
  GObject          parent_instance;

  GFile           *standin;       /* or NULL */
  GFileMonitor    *standin_monitor;
  GHashTable      *ejected;       /* stand-in names unmounted, hidden until replugged */
  GVolumeMonitor  *monitor;
  GPtrArray       *drives;        /* Drive * */
  double           progress;
};

enum {
  PROP_0,
  PROP_PROGRESS,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VtRemovable, vt_removable, G_TYPE_OBJECT)

static void
drive_free (Drive *d)
{
  g_free (d->id);
  g_free (d->name);
  g_clear_object (&d->root);
  g_clear_object (&d->mount);
  g_free (d);
}

void
vt_removable_drive_free (VtRemovableDrive *drive)
{
  if (drive == NULL)
    return;
  g_free (drive->id);
  g_free (drive->name);
  g_free (drive);
}

void
vt_removable_file_free (VtRemovableFile *file)
{
  if (file == NULL)
    return;
  g_free (file->name);
  g_free (file->folder);
  g_free (file->content_type);
  g_clear_object (&file->file);
  g_free (file);
}

VtRemovableFile *
vt_removable_file_copy (const VtRemovableFile *file)
{
  VtRemovableFile *copy = g_new0 (VtRemovableFile, 1);

  copy->name = g_strdup (file->name);
  copy->folder = g_strdup (file->folder);
  copy->content_type = g_strdup (file->content_type);
  copy->size = file->size;
  copy->modified = file->modified;
  copy->file = g_object_ref (file->file);
  return copy;
}

void
vt_removable_listing_free (VtRemovableListing *listing)
{
  if (listing == NULL)
    return;
  g_clear_pointer (&listing->files, g_ptr_array_unref);
  g_free (listing);
}

static Drive *
find_drive (VtRemovable *self,
            const char  *id)
{
  for (guint i = 0; id != NULL && i < self->drives->len; i++)
    {
      Drive *d = g_ptr_array_index (self->drives, i);

      if (g_str_equal (d->id, id))
        return d;
    }
  return NULL;
}

/* ---- which drives are there ------------------------------------------------ */

static void
rescan_standin (VtRemovable *self)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GHashTable) present = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GFileInfo *info;

  g_ptr_array_set_size (self->drives, 0);
  children = g_file_enumerate_children (self->standin, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      const char *name = g_file_info_get_name (info);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY && name[0] != '.')
        {
          g_hash_table_add (present, g_strdup (name));
          if (!g_hash_table_contains (self->ejected, name))
            {
              Drive *d = g_new0 (Drive, 1);

              d->id = g_strconcat (STANDIN_PREFIX, name, NULL);
              d->name = g_strdup (name);
              d->root = g_file_get_child (self->standin, name);
              g_ptr_array_add (self->drives, d);
            }
        }
      g_object_unref (info);
    }

  /* A stick pulled out after it was unmounted may be plugged in again. */
  {
    GHashTableIter iter;
    const char *name;

    g_hash_table_iter_init (&iter, self->ejected);
    while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
      if (!g_hash_table_contains (present, name))
        g_hash_table_iter_remove (&iter);
  }
}

static gboolean
mount_is_removable (GMount *mount)
{
  g_autoptr(GDrive) drive = g_mount_get_drive (mount);
  g_autoptr(GVolume) volume = g_mount_get_volume (mount);

  if (g_mount_is_shadowed (mount) || !g_mount_can_unmount (mount))
    return FALSE;
  if (drive != NULL)
    return g_drive_is_removable (drive) || g_drive_is_media_removable (drive) || g_drive_can_eject (drive);
  return volume != NULL && g_volume_can_eject (volume);
}

static void
rescan_mounts (VtRemovable *self)
{
  GList *mounts = g_volume_monitor_get_mounts (self->monitor);

  g_ptr_array_set_size (self->drives, 0);
  for (GList *l = mounts; l != NULL; l = l->next)
    {
      GMount *mount = l->data;
      Drive *d;

      if (!mount_is_removable (mount))
        continue;
      d = g_new0 (Drive, 1);
      d->root = g_mount_get_root (mount);
      d->id = g_file_get_uri (d->root);
      d->name = g_mount_get_name (mount);
      d->mount = g_object_ref (mount);
      g_ptr_array_add (self->drives, d);
    }
  g_list_free_full (mounts, g_object_unref);
}

static void
rescan (VtRemovable *self)
{
  if (self->standin != NULL)
    rescan_standin (self);
  else
    rescan_mounts (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
standin_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other,
                    GFileMonitorEvent  event,
                    gpointer           data)
{
  VtRemovable *self = data;

  if (event == G_FILE_MONITOR_EVENT_DELETED || event == G_FILE_MONITOR_EVENT_MOVED_OUT)
    {
      g_autofree char *name = g_file_get_basename (file);

      /* Taken out: the next time it is plugged in, it is offered again. */
      g_hash_table_remove (self->ejected, name);
    }
  if (event == G_FILE_MONITOR_EVENT_CREATED || event == G_FILE_MONITOR_EVENT_DELETED ||
      event == G_FILE_MONITOR_EVENT_MOVED_IN || event == G_FILE_MONITOR_EVENT_MOVED_OUT)
    rescan (self);
}

static void
mounted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!g_volume_mount_finish (G_VOLUME (source), result, &error))
    g_message ("A USB drive could not be mounted: %s", error->message);
}

/* Desktops mount sticks for their user; a kiosk session has no desktop,
 * so the kiosk mounts what arrives itself. */
static void
volume_added_cb (GVolumeMonitor *monitor,
                 GVolume        *volume,
                 gpointer        data)
{
  g_autoptr(GMount) mount = g_volume_get_mount (volume);
  g_autoptr(GDrive) drive = g_volume_get_drive (volume);

  if (mount == NULL && drive != NULL && g_drive_is_removable (drive) && g_volume_can_mount (volume))
    g_volume_mount (volume, G_MOUNT_MOUNT_NONE, NULL, NULL, mounted_cb, NULL);
}

static void
mounts_changed_cb (GVolumeMonitor *monitor,
                   GMount         *mount,
                   gpointer        data)
{
  rescan (data);
}

VtRemovable *
vt_removable_new (const char *standin_directory)
{
  VtRemovable *self = g_object_new (VT_TYPE_REMOVABLE, NULL);

  if (standin_directory != NULL)
    {
      g_autoptr(GError) error = NULL;

      self->standin = g_file_new_for_path (standin_directory);
      self->standin_monitor = g_file_monitor_directory (self->standin, G_FILE_MONITOR_WATCH_MOVES,
                                                        NULL, &error);
      if (self->standin_monitor == NULL)
        g_message ("Cannot watch %s for drives: %s", standin_directory, error->message);
      else
        g_signal_connect (self->standin_monitor, "changed", G_CALLBACK (standin_changed_cb), self);
      rescan_standin (self);
    }
  else
    {
      GList *volumes;

      self->monitor = g_volume_monitor_get ();
      g_signal_connect (self->monitor, "mount-added", G_CALLBACK (mounts_changed_cb), self);
      g_signal_connect (self->monitor, "mount-removed", G_CALLBACK (mounts_changed_cb), self);
      g_signal_connect (self->monitor, "mount-changed", G_CALLBACK (mounts_changed_cb), self);
      g_signal_connect (self->monitor, "volume-added", G_CALLBACK (volume_added_cb), self);
      /* Sticks left in since before the kiosk started. */
      volumes = g_volume_monitor_get_volumes (self->monitor);
      for (GList *l = volumes; l != NULL; l = l->next)
        volume_added_cb (self->monitor, l->data, self);
      g_list_free_full (volumes, g_object_unref);
      rescan_mounts (self);
    }
  return self;
}

GPtrArray *
vt_removable_list_drives (VtRemovable *self)
{
  GPtrArray *out;

  g_return_val_if_fail (VT_IS_REMOVABLE (self), NULL);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_removable_drive_free);
  for (guint i = 0; i < self->drives->len; i++)
    {
      Drive *d = g_ptr_array_index (self->drives, i);
      VtRemovableDrive *copy = g_new0 (VtRemovableDrive, 1);

      copy->id = g_strdup (d->id);
      copy->name = g_strdup (d->name);
      g_ptr_array_add (out, copy);
    }
  return out;
}

/* Is the drive still plugged in?  A stand-in's folder is looked at
 * directly: its monitor's news may not have arrived yet. */
static gboolean
drive_present (VtRemovable *self,
               const char  *id)
{
  Drive *d = find_drive (self, id);

  if (d == NULL)
    return FALSE;
  if (self->standin != NULL)
    return g_file_query_file_type (d->root, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL) == G_FILE_TYPE_DIRECTORY;
  return TRUE;
}

gboolean
vt_removable_has_drive (VtRemovable *self,
                        const char  *drive_id)
{
  g_return_val_if_fail (VT_IS_REMOVABLE (self), FALSE);
  return drive_present (self, drive_id);
}

static GError *
removed_error (void)
{
  return g_error_new_literal (VT_REMOVABLE_ERROR, VT_REMOVABLE_ERROR_REMOVED,
                              _("The USB stick was taken out before the file was read. Put it back in and choose the file again."));
}

/* ---- listing ------------------------------------------------------------- */

typedef struct
{
  GFile      *root;
  VtMediaKind kinds;
  char       *mediatype;
  gint64      max_size;
} ListJob;

static void
list_job_free (ListJob *job)
{
  g_object_unref (job->root);
  g_free (job->mediatype);
  g_free (job);
}

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  const VtRemovableFile *fa = *(VtRemovableFile * const *) a;
  const VtRemovableFile *fb = *(VtRemovableFile * const *) b;

  return fa->modified < fb->modified ? 1 : fa->modified > fb->modified ? -1 : g_utf8_collate (fa->name, fb->name);
}

static void
list_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  ListJob *job = data;
  g_autoptr(VtRemovableListing) listing = g_new0 (VtRemovableListing, 1);
  GQueue folders = G_QUEUE_INIT;
  guint visited = 0;

  listing->files = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_removable_file_free);
  g_queue_push_tail (&folders, g_object_ref (job->root));
  g_object_set_data (G_OBJECT (job->root), "vt-depth", GINT_TO_POINTER (0));

  while (!g_queue_is_empty (&folders))
    {
      g_autoptr(GFile) folder = g_queue_pop_head (&folders);
      int depth = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (folder), "vt-depth"));
      g_autoptr(GFileEnumerator) children = NULL;
      GFileInfo *info;

      /* No link is followed: nothing outside the stick is ever shown. */
      children = g_file_enumerate_children (folder,
                                            G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                            G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME ","
                                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                            G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN ","
                                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                            G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                            G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, NULL);
      while (children != NULL && visited < MAX_VISITED &&
             (info = g_file_enumerator_next_file (children, cancellable, NULL)) != NULL)
        {
          const char *name = g_file_info_get_name (info);
          GFileType type = g_file_info_get_file_type (info);
          const char *content_type;

          visited++;
          if (name[0] == '.' || g_file_info_get_is_hidden (info))
            {
              /* Hidden files are the computer's, not the citizen's. */
            }
          else if (type == G_FILE_TYPE_DIRECTORY && depth + 1 <= MAX_DEPTH)
            {
              GFile *child = g_file_get_child (folder, name);

              g_object_set_data (G_OBJECT (child), "vt-depth", GINT_TO_POINTER (depth + 1));
              g_queue_push_tail (&folders, child);
            }
          else if (type == G_FILE_TYPE_REGULAR &&
                   (content_type = vt_media_type_from_name (name)) != NULL &&
                   vt_media_type_accepts (job->mediatype, content_type))
            {
              if (g_file_info_get_size (info) > job->max_size)
                listing->too_large++;
              else if (g_file_info_get_size (info) > 0)
                {
                  VtRemovableFile *f = g_new0 (VtRemovableFile, 1);

                  f->name = g_strdup (g_file_info_get_display_name (info));
                  f->file = g_file_get_child (folder, name);
                  f->folder = g_file_get_relative_path (job->root, folder);
                  if (f->folder == NULL)
                    f->folder = g_strdup ("");
                  f->content_type = g_strdup (content_type);
                  f->size = g_file_info_get_size (info);
                  f->modified = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED);
                  g_ptr_array_add (listing->files, f);
                }
            }
          g_object_unref (info);
        }
      if (visited >= MAX_VISITED)
        listing->truncated = TRUE;
    }
  g_queue_clear_full (&folders, g_object_unref);

  {
    GError *error = NULL;

    if (g_cancellable_set_error_if_cancelled (cancellable, &error))
      {
        g_task_return_error (task, error);
        return;
      }
  }
  g_ptr_array_sort (listing->files, newest_first);
  if (listing->files->len > MAX_OFFERED)
    {
      g_ptr_array_set_size (listing->files, MAX_OFFERED);
      listing->truncated = TRUE;
    }
  g_task_return_pointer (task, g_steal_pointer (&listing), (GDestroyNotify) vt_removable_listing_free);
}

void
vt_removable_list_files_async (VtRemovable         *self,
                               const char          *drive_id,
                               const char          *mediatype,
                               gint64               max_size,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Drive *d;
  ListJob *job;

  g_return_if_fail (VT_IS_REMOVABLE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_removable_list_files_async);
  d = find_drive (self, drive_id);
  if (d == NULL || !drive_present (self, drive_id))
    {
      g_task_return_new_error (task, VT_REMOVABLE_ERROR, VT_REMOVABLE_ERROR_REMOVED, "%s",
                               _("The USB stick is no longer there. Put it back in to choose a file from it."));
      return;
    }
  job = g_new0 (ListJob, 1);
  job->root = g_object_ref (d->root);
  job->mediatype = g_strdup (mediatype);
  job->max_size = max_size;
  g_task_set_task_data (task, job, (GDestroyNotify) list_job_free);
  g_task_run_in_thread (task, list_thread);
}

VtRemovableListing *
vt_removable_list_files_finish (VtRemovable   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- reading ------------------------------------------------------------- */

typedef struct
{
  char         *drive_id;
  char         *mediatype;
  gint64        max_size;
  gint64        expected;
  GInputStream *stream;
  GByteArray   *data;
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  g_free (job->drive_id);
  g_free (job->mediatype);
  g_clear_object (&job->stream);
  if (job->data != NULL)
    {
      /* Whatever was read of a file that is not kept is personal data. */
      if (job->data->len > 0)
        memset (job->data->data, 0, job->data->len);
      g_byte_array_unref (job->data);
    }
  g_free (job);
}

static void
set_progress (VtRemovable *self,
              double       progress)
{
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void read_next (GTask *task);

static void
chunk_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(GTask) task = data;
  VtRemovable *self = g_task_get_source_object (task);
  ReadJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  const char *sniffed;

  if (chunk == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        {
          /* Not the message: it names the citizen's file. */
          g_message ("A file on a USB drive could not be read (%s %d)", g_quark_to_string (error->domain), error->code);
          g_task_return_error (task, removed_error ());
        }
      return;
    }

  if (g_bytes_get_size (chunk) > 0)
    {
      g_byte_array_append (job->data, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
      if ((gint64) job->data->len > job->max_size)
        {
          g_task_return_new_error (task, VT_REMOVABLE_ERROR, VT_REMOVABLE_ERROR_TOO_LARGE, "%s",
                                   _("This file is larger than this question takes. Choose a smaller one."));
          return;
        }
      set_progress (self, job->expected > 0 ? MIN (1.0, (double) job->data->len / job->expected) : 0);
      read_next (g_steal_pointer (&task));
      return;
    }

  /* The end: a file shorter than it was listed lost its end on the way. */
  if ((gint64) job->data->len != job->expected)
    {
      g_task_return_error (task, removed_error ());
      return;
    }
  sniffed = vt_media_type_sniff (job->data->data, MIN (job->data->len, SNIFF_BYTES));
  if (sniffed == NULL || !vt_media_type_accepts (job->mediatype, sniffed))
    {
      g_task_return_new_error (task, VT_REMOVABLE_ERROR, VT_REMOVABLE_ERROR_WRONG_TYPE, "%s",
                               _("This file is not of a kind this question takes, whatever its name says. Choose another one."));
      return;
    }
  g_object_set_data_full (G_OBJECT (task), "vt-content-type", g_strdup (sniffed), g_free);
  g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&job->data)),
                         (GDestroyNotify) g_bytes_unref);
}

static void
read_next (GTask *task)
{
  VtRemovable *self = g_task_get_source_object (task);
  ReadJob *job = g_task_get_task_data (task);

  if (!drive_present (self, job->drive_id))
    {
      g_task_return_error (task, removed_error ());
      g_object_unref (task);
      return;
    }
  g_input_stream_read_bytes_async (job->stream, CHUNK_BYTES, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), chunk_cb, task);
}

void
vt_removable_read_async (VtRemovable           *self,
                         const char            *drive_id,
                         const VtRemovableFile *file,
                         const char            *mediatype,
                         gint64                 max_size,
                         GCancellable          *cancellable,
                         GAsyncReadyCallback    callback,
                         gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ReadJob *job;

  g_return_if_fail (VT_IS_REMOVABLE (self));
  g_return_if_fail (file != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_removable_read_async);
  set_progress (self, 0);

  if (file->size > max_size)
    {
      g_task_return_new_error (task, VT_REMOVABLE_ERROR, VT_REMOVABLE_ERROR_TOO_LARGE, "%s",
                               _("This file is larger than this question takes. Choose a smaller one."));
      return;
    }
  job = g_new0 (ReadJob, 1);
  job->drive_id = g_strdup (drive_id);
  job->mediatype = g_strdup (mediatype);
  job->max_size = max_size;
  job->expected = file->size;
  job->data = g_byte_array_sized_new ((guint) file->size);
  g_task_set_task_data (task, job, (GDestroyNotify) read_job_free);

  if (!drive_present (self, drive_id) ||
      (job->stream = G_INPUT_STREAM (g_file_read (file->file, cancellable, &error))) == NULL)
    {
      if (error != NULL)
        g_message ("A file on a USB drive could not be opened (%s %d)", g_quark_to_string (error->domain), error->code);
      g_task_return_error (task, removed_error ());
      return;
    }
  read_next (g_steal_pointer (&task));
}

GBytes *
vt_removable_read_finish (VtRemovable   *self,
                          GAsyncResult  *result,
                          char         **content_type,
                          GError       **error)
{
  GBytes *bytes;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  bytes = g_task_propagate_pointer (G_TASK (result), error);
  if (bytes != NULL && content_type != NULL)
    *content_type = g_strdup (g_object_get_data (G_OBJECT (result), "vt-content-type"));
  return bytes;
}

double
vt_removable_get_progress (VtRemovable *self)
{
  g_return_val_if_fail (VT_IS_REMOVABLE (self), 0);
  return self->progress;
}

/* ---- unmounting ---------------------------------------------------------- */

static void
unmounted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;
  GMount *mount = G_MOUNT (source);
  gboolean ok = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "vt-eject"))
                ? g_mount_eject_with_operation_finish (mount, result, &error)
                : g_mount_unmount_with_operation_finish (mount, result, &error);

  if (!ok)
    {
      g_message ("A USB drive could not be unmounted: %s", error->message);
      g_task_return_new_error (task, VT_REMOVABLE_ERROR, VT_REMOVABLE_ERROR_BUSY, "%s",
                               _("The USB stick is still in use. Wait a moment and try again before taking it out."));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
vt_removable_eject_async (VtRemovable         *self,
                          const char          *drive_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Drive *d;

  g_return_if_fail (VT_IS_REMOVABLE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_removable_eject_async);
  d = find_drive (self, drive_id);
  if (d == NULL)
    {
      /* Already gone: nothing to wait for before pulling it out. */
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (d->mount == NULL)
    {
      /* A stand-in is "unmounted" by hiding it until it is plugged in again. */
      g_hash_table_add (self->ejected, g_strdup (d->name));
      rescan (self);
      g_task_return_boolean (task, TRUE);
      return;
    }

  {
    g_autoptr(GMount) mount = g_object_ref (d->mount);
    gboolean eject = g_mount_can_eject (mount);

    g_object_set_data (G_OBJECT (task), "vt-eject", GINT_TO_POINTER (eject));
    if (eject)
      g_mount_eject_with_operation (mount, G_MOUNT_UNMOUNT_NONE, NULL, cancellable,
                                    unmounted_cb, g_steal_pointer (&task));
    else
      g_mount_unmount_with_operation (mount, G_MOUNT_UNMOUNT_NONE, NULL, cancellable,
                                      unmounted_cb, g_steal_pointer (&task));
  }
}

gboolean
vt_removable_eject_finish (VtRemovable   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
vt_removable_eject_all (VtRemovable *self)
{
  g_autoptr(GPtrArray) drives = NULL;

  g_return_if_fail (VT_IS_REMOVABLE (self));

  drives = vt_removable_list_drives (self);
  for (guint i = 0; i < drives->len; i++)
    {
      VtRemovableDrive *d = g_ptr_array_index (drives, i);

      vt_removable_eject_async (self, d->id, NULL, NULL, NULL);
    }
}

static void
vt_removable_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VtRemovable *self = VT_REMOVABLE (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_removable_dispose (GObject *object)
{
  VtRemovable *self = VT_REMOVABLE (object);

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  if (self->standin_monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->standin_monitor, self);
      g_file_monitor_cancel (self->standin_monitor);
    }
  g_clear_object (&self->standin_monitor);
  g_clear_object (&self->standin);
  G_OBJECT_CLASS (vt_removable_parent_class)->dispose (object);
}

static void
vt_removable_finalize (GObject *object)
{
  VtRemovable *self = VT_REMOVABLE (object);

  g_ptr_array_unref (self->drives);
  g_hash_table_unref (self->ejected);
  G_OBJECT_CLASS (vt_removable_parent_class)->finalize (object);
}

static void
vt_removable_class_init (VtRemovableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = vt_removable_get_property;
  object_class->dispose = vt_removable_dispose;
  object_class->finalize = vt_removable_finalize;

  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0, 1, 0,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vt_removable_init (VtRemovable *self)
{
  self->drives = g_ptr_array_new_with_free_func ((GDestroyNotify) drive_free);
  self->ejected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
