#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ODK form encryption (the "Encryption" section of the ODK XForms
 * specification, as ODK Collect implements it): a form whose model has
 * <submission base64RsaPublicKey="…"/> is encrypted once, when the
 * application is queued, so that the kiosk keeps only ciphertext and a
 * manifest it cannot read back.
 *
 * Per submission: a fresh random AES-256 key; every file (the media in
 * order, then submission.xml) encrypted with AES-256-CFB128 and PKCS#7
 * padding, under IV n = MD5(instanceID ‖ key) with bytes (0 % 16) … (n % 16)
 * each incremented once, cumulatively; the key wrapped with RSA-OAEP, SHA-256
 * for both the digest and MGF1; a signature over the form id, version,
 * wrapped key, instanceID and each plaintext file's "name::md5" wrapped the
 * same way. */

#define VT_ENCRYPTION_ERROR (vt_encryption_error_quark ())

typedef enum
{
  VT_ENCRYPTION_ERROR_KEY,         /* the form's public key is not a usable RSA key */
  VT_ENCRYPTION_ERROR_INPUT,       /* no instanceID, a bad or repeated file name */
  VT_ENCRYPTION_ERROR_FAILED,      /* libcrypto refused (no randomness, …) */
} VtEncryptionError;

/* The name the encrypted submission XML is given, as Collect names it. */
#define VT_ENCRYPTION_XML_NAME "submission.xml"

typedef struct
{
  char   *name;                    /* "photo.jpg.enc", "submission.xml.enc" */
  GBytes *bytes;                   /* ciphertext */
} VtEncryptedFile;

typedef struct
{
  char      *manifest;             /* UTF-8, sent as xml_submission_file */
  GPtrArray *files;                /* VtEncryptedFile *: media in order, then submission.xml.enc */
  char      *base64_encrypted_key;
  char      *base64_signature;
} VtEncryptedSubmission;

typedef struct _VtEncryptionKey VtEncryptionKey;

GQuark                 vt_encryption_error_quark        (void);

/* Parses the value of base64RsaPublicKey (base64 of a DER SubjectPublicKeyInfo;
 * whitespace and a PEM envelope are tolerated).  form_id only names the form
 * in the error message. */
VtEncryptionKey       *vt_encryption_key_new            (const char             *base64_public_key,
                                                         const char             *form_id,
                                                         GError                **error);
void                   vt_encryption_key_free           (VtEncryptionKey        *self);
guint                  vt_encryption_key_get_bits       (VtEncryptionKey        *self);

/* Encrypts one submission.  form_version is NULL or "" when the form has
 * none (it is then left out of the manifest and the signature, as Collect
 * does).  media holds VtEncryptedFile-shaped pairs of plaintext: each
 * element's name is the file name the submission XML references (no
 * directory), its bytes the content.  Every call draws a new key, so call it
 * once and keep the result: a re-send must be byte-identical. */
VtEncryptedSubmission *vt_encryption_encrypt            (VtEncryptionKey        *key,
                                                         const char             *form_id,
                                                         const char             *form_version,
                                                         const char             *instance_id,
                                                         const char             *xml,
                                                         gsize                   xml_length,
                                                         GPtrArray              *media,
                                                         GError                **error);

VtEncryptedFile       *vt_encrypted_file_new            (const char             *name,
                                                         GBytes                 *bytes);
void                   vt_encrypted_file_free           (VtEncryptedFile        *self);
void                   vt_encrypted_submission_free     (VtEncryptedSubmission  *self);

/* Overwrites plaintext before it is freed, in a way the compiler cannot
 * drop (OPENSSL_cleanse). */
void                   vt_encryption_wipe               (gpointer                data,
                                                         gsize                   length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtEncryptionKey, vt_encryption_key_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtEncryptedFile, vt_encrypted_file_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtEncryptedSubmission, vt_encrypted_submission_free)

G_END_DECLS
