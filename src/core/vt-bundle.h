#pragma once

#include <gio/gio.h>

#include "vt-store.h"

G_BEGIN_DECLS

/* A field-office bundle: every unsent submission of a kiosk in one file, to
 * be carried on a USB drive and imported where there is internet.  The
 * format is documented in docs/BUNDLES.md. */

#define VT_BUNDLE_ERROR (vt_bundle_error_quark ())

typedef enum
{
  VT_BUNDLE_ERROR_NOT_A_BUNDLE,    /* wrong magic: some other file */
  VT_BUNDLE_ERROR_VERSION,         /* a newer format than this kiosk reads */
  VT_BUNDLE_ERROR_TRUNCATED,       /* ends early: an interrupted copy */
  VT_BUNDLE_ERROR_DAMAGED,         /* a checksum or the manifest does not match */
  VT_BUNDLE_ERROR_TOO_LARGE,
  VT_BUNDLE_ERROR_IO,
} VtBundleError;

/* The current (and only) format version. */
#define VT_BUNDLE_FORMAT_VERSION 1

/* Bounds that keep a hostile or broken file from exhausting memory. */
#define VT_BUNDLE_MAX_MANIFEST_SIZE   (16 * 1024 * 1024)
#define VT_BUNDLE_MAX_PART_SIZE       ((gsize) 256 * 1024 * 1024)
#define VT_BUNDLE_MAX_SUBMISSIONS     100000
#define VT_BUNDLE_MAX_ATTACHMENTS     1000
#define VT_BUNDLE_MAX_SIZE            ((goffset) 1024 * 1024 * 1024)

typedef struct
{
  char   *name;                    /* the file name the submission XML references */
  char   *content_type;
  GBytes *bytes;
} VtBundleFile;

/* One submission as a bundle carries it. */
typedef struct
{
  char      *instance_id;          /* "uuid:…", kept as is on import */
  char      *form_id;
  char      *form_version;
  char      *created;              /* ISO 8601 UTC, when the citizen submitted, or NULL */
  GBytes    *xml;
  GPtrArray *attachments;          /* VtBundleFile * */
  /* From the receipt, so the citizen's reference code stays valid where the
   * bundle is imported; each may be NULL. */
  char      *reference_code;
  char      *service_title;
  char      *language;
  char      *assisted_by;
} VtBundleItem;

typedef struct
{
  int        version;
  char      *origin;               /* the kiosk or office that wrote it */
  char      *created;              /* ISO 8601 UTC */
  GPtrArray *items;                /* VtBundleItem * */
  guint64    total_size;           /* of every part */
} VtBundle;

GQuark         vt_bundle_error_quark   (void);

VtBundleFile  *vt_bundle_file_new      (const char    *name,
                                        const char    *content_type,
                                        GBytes        *bytes);
void           vt_bundle_file_free     (VtBundleFile  *self);
VtBundleItem  *vt_bundle_item_new      (const char    *instance_id,
                                        const char    *form_id,
                                        const char    *form_version,
                                        const char    *created,
                                        GBytes        *xml);
void           vt_bundle_item_free     (VtBundleItem  *self);
VtBundle      *vt_bundle_new           (const char    *origin,
                                        GDateTime     *created);
void           vt_bundle_free          (VtBundle      *self);

/* Writes the bundle to out: the manifest with the checksum of every part,
 * the parts, and a closing checksum over everything before it. */
gboolean       vt_bundle_write         (VtBundle      *self,
                                        GOutputStream *out,
                                        GCancellable  *cancellable,
                                        GError       **error);

/* Writes the bundle into dir under a new name
 * (ventanilla-<origin>-<YYYYmmddTHHMMSSZ>.vtbundle), through a temporary
 * file that is synced and renamed so a pulled drive never holds half a
 * bundle under the final name.  Returns the path. */
char          *vt_bundle_write_to_dir  (VtBundle      *self,
                                        const char    *dir,
                                        GError       **error);

/* Parses and verifies a whole bundle held in memory: format, every part's
 * size and SHA-256, the manifest's own checksum, the closing checksum and
 * the manifest's consistency.  Any fault refuses the whole bundle. */
VtBundle      *vt_bundle_parse         (GBytes        *data,
                                        const char    *display_name,
                                        GError       **error);
VtBundle      *vt_bundle_load          (const char    *path,
                                        GError       **error);

char          *vt_bundle_make_file_name (const char   *origin,
                                         GDateTime    *created);

/* Through the store. */
/* Every unsent (queued or sending) submission with its attachments. */
VtBundle      *vt_bundle_new_from_store (VtStore      *store,
                                         const char   *origin,
                                         GError      **error);
/* Writes the unsent queue into dir (see vt_bundle_write_to_dir()), leaves
 * it queued, and records the export in the event log under actor. */
char          *vt_bundle_export         (VtStore      *store,
                                         const char   *origin,
                                         const char   *dir,
                                         const char   *actor,
                                         guint        *n_exported,
                                         GError      **error);
/* Verifies the whole bundle, then queues its submissions in one
 * transaction, keeping their instanceIDs; those already stored are counted
 * in n_present and left alone. */
gboolean       vt_bundle_import         (VtStore      *store,
                                         const char   *path,
                                         const char   *actor,
                                         guint        *n_added,
                                         guint        *n_present,
                                         GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtBundleFile, vt_bundle_file_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtBundleItem, vt_bundle_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtBundle, vt_bundle_free)

G_END_DECLS
