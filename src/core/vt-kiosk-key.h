#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The kiosk's own Ed25519 key pair (libsodium), made at its first start:
 * the secret key lives in <data dir>/kiosk.key (mode 0600, beside the
 * database) and never leaves the kiosk.  It signs the field-office bundles
 * the kiosk exports (docs/BUNDLES.md) and is meant to sign its receipts
 * too.  Other machines know the kiosk by its public key, which
 * `ventanilla-ctl bundle public-key` prints as the line they list in
 * [bundle] trusted-kiosks. */

#define VT_KIOSK_KEY_ERROR (vt_kiosk_key_error_quark ())

typedef enum
{
  VT_KIOSK_KEY_ERROR_IO,           /* the key file cannot be read or written */
  VT_KIOSK_KEY_ERROR_DAMAGED,      /* the key file holds no key */
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtKioskKey, vt_kiosk_key_free)

G_END_DECLS
