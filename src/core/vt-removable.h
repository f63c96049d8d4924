#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* USB sticks a citizen plugs into the kiosk, through GIO's GVolumeMonitor
 * (udisks2): removable drives are mounted when they arrive, offered while
 * they are there, and unmounted safely when the citizen is done or the
 * session is wiped.  Only files of the types a question accepts and within
 * its size are ever offered, from the drive alone (no symbolic link is
 * followed, no hidden file shown); nothing is opened or run, and a file is
 * read into memory only, its kind checked from its bytes.
 *
 * With a stand-in directory ([devices] removable-directory; the tests)
 * each folder inside it is a drive: creating one plugs it in, deleting it
 * pulls it out.
 *
 * ::changed is emitted (in the creating thread's main context) when a drive
 * comes or goes. */

#define VT_REMOVABLE_ERROR (vt_removable_error_quark ())

typedef enum
{
  VT_REMOVABLE_ERROR_REMOVED,      /* the drive went away */
  VT_REMOVABLE_ERROR_TOO_LARGE,
  VT_REMOVABLE_ERROR_WRONG_TYPE,   /* its bytes are not what the question takes */
  VT_REMOVABLE_ERROR_UNREADABLE,
  VT_REMOVABLE_ERROR_BUSY,         /* it could not be unmounted */
} VtRemovableError;

typedef struct
{
  char  *id;                       /* stable while the drive is plugged in */
  char  *name;                     /* as people call it: "KINGSTON", "USB stick" */
} VtRemovableDrive;

typedef struct
{
  char   *name;                    /* the file's display name */
  char   *folder;                  /* the folder on the drive it is in, "" at the top */
  char   *content_type;            /* guessed from the name, checked when read */
  gint64  size;
  gint64  modified;                /* seconds since the epoch */
  GFile  *file;
} VtRemovableFile;

typedef struct
{
  GPtrArray *files;                /* VtRemovableFile *, newest first */
  guint      too_large;            /* files of the right kind but over the limit */
  guint      truncated;            /* TRUE when there were more than could be listed */
} VtRemovableListing;

#define VT_TYPE_REMOVABLE (vt_removable_get_type ())

G_DECLARE_FINAL_TYPE (VtRemovable, vt_removable, VT, REMOVABLE, GObject)

GQuark              vt_removable_error_quark      (void);

/* standin_directory: NULL to watch the system's removable drives. */
VtRemovable        *vt_removable_new              (const char          *standin_directory);
/* VtRemovableDrive *, a new array. */
GPtrArray          *vt_removable_list_drives      (VtRemovable         *self);
gboolean            vt_removable_has_drive        (VtRemovable         *self,
                                                   const char          *drive_id);
/* The files a question with this mediatype may take, at most max_size
 * bytes each, looked for in a worker thread. */
void                vt_removable_list_files_async (VtRemovable         *self,
                                                   const char          *drive_id,
                                                   const char          *mediatype,
                                                   gint64               max_size,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
VtRemovableListing *vt_removable_list_files_finish (VtRemovable        *self,
                                                    GAsyncResult       *result,
                                                    GError            **error);
/* Reads one listed file into memory, a chunk at a time, checking before
 * each that the drive is still there; then checks its kind from its bytes.
 * notify::progress (0..1) on the way. */
void                vt_removable_read_async       (VtRemovable         *self,
                                                   const char          *drive_id,
                                                   const VtRemovableFile *file,
                                                   const char          *mediatype,
                                                   gint64               max_size,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GBytes             *vt_removable_read_finish      (VtRemovable         *self,
                                                   GAsyncResult        *result,
                                                   char               **content_type,
                                                   GError             **error);
double              vt_removable_get_progress     (VtRemovable         *self);
/* Unmounts (and ejects where the drive can) so it can be pulled out. */
void                vt_removable_eject_async      (VtRemovable         *self,
                                                   const char          *drive_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean            vt_removable_eject_finish     (VtRemovable         *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* The idle wipe: every drive is unmounted, nothing waited for. */
void                vt_removable_eject_all        (VtRemovable         *self);

void                vt_removable_drive_free       (VtRemovableDrive    *drive);
void                vt_removable_file_free        (VtRemovableFile     *file);
VtRemovableFile    *vt_removable_file_copy        (const VtRemovableFile *file);
void                vt_removable_listing_free     (VtRemovableListing  *listing);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtRemovableDrive, vt_removable_drive_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtRemovableFile, vt_removable_file_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtRemovableListing, vt_removable_listing_free)

G_END_DECLS
