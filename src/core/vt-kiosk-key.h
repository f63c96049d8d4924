#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The kiosk's own Ed25519 key pair (libsodium), made at its first start:
 * the secret key lives in <data dir>/kiosk.key (mode 0600, beside the
 * database) and never leaves the kiosk.  It signs the field-office bundles
 * the kiosk exports (docs/BUNDLES.md) and its receipts (docs/RECEIPTS.md).
 * Other machines know the kiosk by its public key, which
 * `ventanilla-ctl bundle public-key` and `ventanilla-ctl receipt public-key`
 * print as the line they list in [bundle] trusted-kiosks or in a file of
 * known kiosks (VtKioskKeyList below).
 *
 * A key file that other users could read is refused
 * (VT_KIOSK_KEY_ERROR_PERMISSIONS, the message says how to fix it): its
 * secret may have been copied, and a signature made with it proves
 * nothing. */

#define VT_KIOSK_KEY_ERROR (vt_kiosk_key_error_quark ())

typedef enum
{
  VT_KIOSK_KEY_ERROR_IO,           /* the key file cannot be read or written */
  VT_KIOSK_KEY_ERROR_DAMAGED,      /* the key file holds no key */
  VT_KIOSK_KEY_ERROR_PERMISSIONS,  /* others may read the key file: refused until chmod 600 */
  VT_KIOSK_KEY_ERROR_LIST,         /* a file of known kiosks' keys has a line that is not one */
} VtKioskKeyError;

#define VT_KIOSK_KEY_FILE_NAME        "kiosk.key"
#define VT_KIOSK_KEY_PUBLIC_BYTES     32
#define VT_KIOSK_KEY_SIGNATURE_BYTES  64

typedef struct _VtKioskKey VtKioskKey;

GQuark         vt_kiosk_key_error_quark       (void);

/* The key of the kiosk whose database is in data_dir, made now if it has
 * none (two processes starting at once end up with the same key). */
VtKioskKey    *vt_kiosk_key_load              (const char    *data_dir,
                                               GError       **error);
/* The key if data_dir has one, NULL without an error if it has none: for
 * a command that only checks signatures and must make no key. */
VtKioskKey    *vt_kiosk_key_load_existing     (const char    *data_dir,
                                               GError       **error);
void           vt_kiosk_key_free              (VtKioskKey    *self);

const guint8  *vt_kiosk_key_get_public        (VtKioskKey    *self);   /* VT_KIOSK_KEY_PUBLIC_BYTES */
/* The public key as text: standard base64, 44 characters. */
char          *vt_kiosk_key_dup_public_text   (VtKioskKey    *self);
void           vt_kiosk_key_sign              (VtKioskKey    *self,
                                               const void    *data,
                                               gsize          length,
                                               guint8         signature[VT_KIOSK_KEY_SIGNATURE_BYTES]);

/* Anyone's part: checking a signature. */
gboolean       vt_kiosk_key_verify            (const guint8   public_key[VT_KIOSK_KEY_PUBLIC_BYTES],
                                               const void    *data,
                                               gsize          length,
                                               const guint8   signature[VT_KIOSK_KEY_SIGNATURE_BYTES]);

/* Keys as Ventanilla writes them in files and configuration: standard
 * base64.  decode is strict (no stray character, exactly `length` bytes;
 * spaces around are allowed) and returns FALSE otherwise. */
gboolean       vt_kiosk_key_decode            (const char    *text,
                                               guint8        *key,
                                               gsize          length);
char          *vt_kiosk_key_encode            (const guint8  *key,
                                               gsize          length);

/* Known kiosks' public keys, by kiosk id: what a verifier trusts.  A file
 * of them has one kiosk a line, its id (or name, which may have spaces)
 * then its public key, as `ventanilla-ctl receipt public-key` prints it;
 * blank lines and lines starting with # are skipped. */
typedef struct _VtKioskKeyList VtKioskKeyList;

VtKioskKeyList *vt_kiosk_key_list_new         (void);
void            vt_kiosk_key_list_free        (VtKioskKeyList *self);
void            vt_kiosk_key_list_add         (VtKioskKeyList *self,
                                               const char     *kiosk_id,
                                               const guint8    public_key[VT_KIOSK_KEY_PUBLIC_BYTES]);
/* Adds every kiosk line of text (the format above).  On a line that is
 * not a kiosk and a key, adds nothing and returns that line's number
 * (from 1), with the line itself in *bad_line when that is not NULL;
 * returns 0 when every line was added.  The one reader of this format:
 * receipts' and bundles' trusted kiosks both use it. */
guint           vt_kiosk_key_list_add_text    (VtKioskKeyList *self,
                                               const char     *text,
                                               char          **bad_line);
/* Adds every line of the file; on a line that is not a kiosk and a key,
 * VT_KIOSK_KEY_ERROR_LIST naming the file and line, and nothing of the
 * file is added. */
gboolean        vt_kiosk_key_list_add_file    (VtKioskKeyList *self,
                                               const char     *path,
                                               GError        **error);
typedef void  (*VtKioskKeyListFunc)           (const char     *kiosk_id,
                                               const guint8   *public_key,
                                               gpointer        user_data);
void            vt_kiosk_key_list_foreach     (VtKioskKeyList     *self,
                                               VtKioskKeyListFunc  func,
                                               gpointer            user_data);
/* The key listed for kiosk_id, or NULL. */
const guint8   *vt_kiosk_key_list_lookup      (VtKioskKeyList *self,
                                               const char     *kiosk_id);
guint           vt_kiosk_key_list_get_size    (VtKioskKeyList *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtKioskKey, vt_kiosk_key_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtKioskKeyList, vt_kiosk_key_list_free)

G_END_DECLS
