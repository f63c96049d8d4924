#pragma once

#include <gio/gio.h>

#include "vt-kiosk-key.h"
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
  VT_BUNDLE_ERROR_FORGED,          /* the signature does not match: changed after signing */
  VT_BUNDLE_ERROR_UNSIGNED,        /* no signature, and the clerk did not accept that */
  VT_BUNDLE_ERROR_UNTRUSTED,       /* signed by a kiosk not in [bundle] trusted-kiosks */
  VT_BUNDLE_ERROR_SEALED,          /* encrypted for a key this machine does not have */
  VT_BUNDLE_ERROR_KEYS,            /* a key file of the configuration is unreadable */
  VT_BUNDLE_ERROR_UNKNOWN_FORM,    /* an application of a form this machine does not have */
} VtBundleError;

/* The format of the applications themselves (manifest and parts), and of
 * the signed (and maybe encrypted) envelope around them that kiosks write
 * now; docs/BUNDLES.md.  Format 1 files (unsigned) still import. */
#define VT_BUNDLE_FORMAT_VERSION  1
#define VT_BUNDLE_SIGNED_VERSION  2

/* Bounds that keep a hostile or broken file from exhausting memory. */
#define VT_BUNDLE_MAX_MANIFEST_SIZE   (16 * 1024 * 1024)
/* Arrays and objects inside one another; a real manifest has 5 levels. */
#define VT_BUNDLE_MAX_MANIFEST_DEPTH  16
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
  /* Who vouches for it, once opened (vt_bundle_open()): */
  char      *signer_key;           /* the signing kiosk's public key (base64), NULL: unsigned */
  char      *signer_kiosk;         /* that kiosk's name in [bundle] trusted-kiosks, NULL: not trusted */
  gboolean   sealed;               /* it was encrypted for this machine's recipient key */
} VtBundle;

/* The keys a machine uses for bundles: its own kiosk key, which signs what
 * it exports; the municipality's public key to encrypt exports for
 * ([bundle] recipient-key); the secret key that opens bundles encrypted
 * for it ([bundle] recipient-secret-key-file); the kiosks whose signature
 * it trusts ([bundle] trusted-kiosks). */
typedef struct _VtBundleKeys VtBundleKeys;

VtBundleKeys  *vt_bundle_keys_new       (void);
/* A machine's keys as its configuration names them: the kiosk key of
 * data_dir (made at first use; NULL: none, for a machine that only
 * imports), then [bundle] recipient-key, recipient-secret-key-file and
 * trusted-kiosks, each NULL when not set. */
VtBundleKeys  *vt_bundle_keys_load      (const char    *data_dir,
                                         const char    *recipient_key,
                                         const char    *recipient_secret_key_file,
                                         const char    *trusted_kiosks,
                                         GError       **error);
void           vt_bundle_keys_free      (VtBundleKeys  *self);
/* Takes the key. */
void           vt_bundle_keys_set_signer    (VtBundleKeys  *self,
                                             VtKioskKey    *key);
void           vt_bundle_keys_set_recipient (VtBundleKeys  *self,
                                             const guint8   public_key[32]);
void           vt_bundle_keys_set_recipient_secret (VtBundleKeys *self,
                                                    const guint8  secret_key[32]);
void           vt_bundle_keys_trust         (VtBundleKeys  *self,
                                             const char    *kiosk,
                                             const guint8   public_key[VT_KIOSK_KEY_PUBLIC_BYTES]);
/* A kiosk's own exports come back trusted (a drive taken to the wrong
 * office and back, a re-import after a repair): nobody else holds its key. */
void           vt_bundle_keys_trust_own     (VtBundleKeys  *self,
                                             VtKioskKey    *own);
/* The trusted-kiosks file: one kiosk a line, its name then its public key
 * (as `ventanilla-ctl bundle public-key` prints it); # starts a comment. */
gboolean       vt_bundle_keys_load_trusted  (VtBundleKeys  *self,
                                             const char    *path,
                                             GError       **error);
/* A new recipient key pair for a municipality: the secret key goes to path
 * (mode 0600, never overwritten), the public key is returned as text for
 * the kiosks' [bundle] recipient-key. */
char          *vt_bundle_keys_make_recipient (const char   *path,
                                              GError      **error);

typedef enum
{
  VT_BUNDLE_IMPORT_DEFAULT         = 0,
  /* The clerk accepts a bundle no trusted kiosk signed (format 1, or an
   * unknown signer): nothing then proves where it comes from. */
  VT_BUNDLE_IMPORT_ACCEPT_UNSIGNED = 1 << 0,
} VtBundleImportFlags;

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
 * bundle under the final name.  With keys that hold a signer, the file is
 * signed, and encrypted when they hold a recipient; with keys NULL it is a
 * format 1 (unsigned) bundle.  Returns the path. */
char          *vt_bundle_write_to_dir  (VtBundle      *self,
                                        const char    *dir,
                                        VtBundleKeys  *keys,
                                        GError       **error);
/* The same into a stream. */
gboolean       vt_bundle_write_signed  (VtBundle      *self,
                                        VtBundleKeys  *keys,
                                        GOutputStream *out,
                                        GCancellable  *cancellable,
                                        GError       **error);

/* Parses and verifies a whole bundle held in memory: format, every part's
 * size and SHA-256, the manifest's own checksum, the closing checksum and
 * the manifest's consistency.  Any fault refuses the whole bundle. */
VtBundle      *vt_bundle_parse         (GBytes        *data,
                                        const char    *display_name,
                                        GError       **error);
/* A whole file as it came: format 1 as vt_bundle_parse(); a signed one
 * decrypted if it was encrypted (keys must hold the recipient secret),
 * its signature checked (FORGED if it does not match) and its signer
 * looked up in keys' trusted kiosks (signer_kiosk).  Whether an unsigned
 * or untrusted bundle may be imported is vt_bundle_import()'s call. */
VtBundle      *vt_bundle_open          (GBytes        *data,
                                        const char    *display_name,
                                        VtBundleKeys  *keys,
                                        GError       **error);
VtBundle      *vt_bundle_load          (const char    *path,
                                        VtBundleKeys  *keys,
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
                                         VtBundleKeys *keys,
                                         guint        *n_exported,
                                         GError      **error);
/* Opens and verifies the whole bundle (vt_bundle_open()), refuses it when
 * no trusted kiosk signed it unless flags accept that (UNSIGNED,
 * UNTRUSTED), then queues its submissions in one transaction, keeping
 * their instanceIDs; those already stored are counted in n_present and
 * left alone.  bundle (optional) receives what was opened: who signed it,
 * from which office. */
gboolean       vt_bundle_import         (VtStore              *store,
                                         const char           *path,
                                         const char           *actor,
                                         VtBundleKeys         *keys,
                                         VtBundleImportFlags   flags,
                                         VtBundle            **bundle,
                                         guint                *n_added,
                                         guint                *n_present,
                                         GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtBundleFile, vt_bundle_file_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtBundleItem, vt_bundle_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtBundle, vt_bundle_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtBundleKeys, vt_bundle_keys_free)

G_END_DECLS
