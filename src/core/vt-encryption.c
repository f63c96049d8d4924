/* ODK form encryption: the public key of a form, and an application
 * sealed as ODK Collect seals it (RSA-OAEP key, AES-CFB files, manifest). */
#define G_LOG_DOMAIN "vt-encryption"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "vt-encryption.h"
#include "vt-encryption-private.h"

/* The algorithms are libcrypto's; this file only arranges them as the ODK
 * XForms specification's "Encryption" section and ODK Collect's
 * EncryptionUtils do, so ODK Central and Briefcase can decrypt what we send. */

#define MANIFEST_NAMESPACE "http://opendatakit.org/submissions"
#define OPENROSA_NAMESPACE "http://openrosa.org/xforms"
#define ENC_SUFFIX         ".enc"

/* A base64 SubjectPublicKeyInfo of a 16384-bit key is under 3 KiB; anything
 * much longer is not a key. */
#define MAX_PUBLIC_KEY_CHARS (64 * 1024)
/* Below 2048 bits RSA is no longer considered safe, and ODK Central itself
 * only makes 2048-bit keys. */
#define MIN_RSA_BITS 2048
/* EVP_EncryptUpdate takes an int length. */
#define AES_CHUNK (1 << 20)
#define MAX_FILE_NAME 255

G_DEFINE_QUARK (vt-encryption-error-quark, vt_encryption_error)

struct _VtEncryptionKey
{
  EVP_PKEY *pkey;
};

/* libcrypto keeps a per-thread error queue; say what the last error was
 * (for the log, not for people) and leave the queue empty for the next
 * caller. */
static char *
take_openssl_error (void)
{
  unsigned long code = ERR_get_error ();
  char buf[256] = "";

  if (code != 0)
    ERR_error_string_n (code, buf, sizeof buf);
  ERR_clear_error ();
  return g_strdup (code != 0 ? buf : "unknown error");
}

static char *
strip_public_key (const char *text)
{
  const char *begin = strstr (text, "-----BEGIN");
  GString *out = g_string_new (NULL);
  const char *end = NULL;

  /* Central's and openssl's PEM output is sometimes pasted whole into the
   * XLSForm settings sheet; take only the base64 between the armour lines. */
  if (begin != NULL)
    {
      const char *line_end = strchr (begin + 10, '\n');
      const char *dashes = strstr (begin + 10, "-----");

      if (dashes != NULL && (line_end == NULL || dashes < line_end))
        text = dashes + 5;
      end = strstr (text, "-----END");
    }

  for (const char *p = text; *p != '\0' && (end == NULL || p < end); p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

static gboolean
is_base64 (const char *s)
{
  gsize len = strlen (s);
  gsize pad = 0;

  if (len == 0 || len % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = s[i];

      if (c == '=')
        {
          pad++;
          continue;
        }
      if (pad > 0)
        return FALSE;
      if (!g_ascii_isalnum (c) && c != '+' && c != '/')
        return FALSE;
    }
  return pad <= 2;
}

VtEncryptionKey *
vt_encryption_key_new (const char  *base64_public_key,
                       const char  *form_id,
                       GError     **error)
{
  g_autofree char *clean = NULL;
  g_autofree guint8 *der = NULL;
  const unsigned char *p;
  gsize der_len = 0;
  EVP_PKEY *pkey;
  VtEncryptionKey *self;
  int bits;

  g_return_val_if_fail (base64_public_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (form_id == NULL)
    form_id = "";

  if (strlen (base64_public_key) > MAX_PUBLIC_KEY_CHARS)
    {
      g_set_error (error, VT_ENCRYPTION_ERROR, VT_ENCRYPTION_ERROR_KEY,
                   /* Translators: %s is a form id. */
                   _("The form “%s” has an encryption key that is far too long to be an RSA public key. "
                     "Publish the form again with the public key from the server."),
                   form_id);
      return NULL;
    }

  clean = strip_public_key (base64_public_key);
  if (!is_base64 (clean))
    {
      g_set_error (error, VT_ENCRYPTION_ERROR, VT_ENCRYPTION_ERROR_KEY,
                   /* Translators: %s is a form id; base64RsaPublicKey is an XForm attribute, keep it. */
                   _("The form “%s” has an encryption key (base64RsaPublicKey) that is not valid base64. "
                     "Publish the form again with the public key from the server."),
                   form_id);
      return NULL;
    }

  der = g_base64_decode (clean, &der_len);
  p = der;
  pkey = d2i_PUBKEY (NULL, &p, (long) der_len);
  if (pkey == NULL || p != der + der_len)
    {
      g_autofree char *why = take_openssl_error ();

      g_debug ("Public key of form %s not parsed: %s", form_id, why);
      EVP_PKEY_free (pkey);
      g_set_error (error, VT_ENCRYPTION_ERROR, VT_ENCRYPTION_ERROR_KEY,
                   /* Translators: %s is a form id. */
                   _("The form “%s” has an encryption key that is not an RSA public key "
                     "(base64 of a DER SubjectPublicKeyInfo). "
                     "Publish the form again with the public key from the server."),
                   form_id);
      return NULL;
    }

  if (!EVP_PKEY_is_a (pkey, "RSA"))
    {
      EVP_PKEY_free (pkey);
      g_set_error (error, VT_ENCRYPTION_ERROR, VT_ENCRYPTION_ERROR_KEY,
                   /* Translators: %s is a form id. */
                   _("The form “%s” has an encryption key that is not an RSA key; ODK encryption needs RSA. "
                     "Publish the form again with an RSA public key."),
                   form_id);
      return NULL;
    }

  bits = EVP_PKEY_get_bits (pkey);
  if (bits < MIN_RSA_BITS)
    {
      EVP_PKEY_free (pkey);
      g_set_error (error, VT_ENCRYPTION_ERROR, VT_ENCRYPTION_ERROR_KEY,
                   /* Translators: the first %s is a form id, then the key's size and the minimum, in bits. */
                   _("The form “%s” has a %d-bit RSA encryption key; at least %d bits are needed. "
                     "Publish the form again with a stronger key."),
                   form_id, bits, MIN_RSA_BITS);
      return NULL;
    }

  self = g_new0 (VtEncryptionKey, 1);
  self->pkey = pkey;
  return self;
}

void
vt_encryption_key_free (VtEncryptionKey *self)
{
  if (self == NULL)
    return;
  EVP_PKEY_free (self->pkey);
  g_free (self);
}

guint
vt_encryption_key_get_bits (VtEncryptionKey *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return (guint) EVP_PKEY_get_bits (self->pkey);
}

VtEncryptedFile *
vt_encrypted_file_new (const char *name,
                       GBytes     *bytes)
{
  VtEncryptedFile *self = g_new0 (VtEncryptedFile, 1);

  self->name = g_strdup (name);
  self->bytes = bytes != NULL ? g_bytes_ref (bytes) : NULL;
  return self;
}

void
vt_encrypted_file_free (VtEncryptedFile *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_free (self);
}

void
vt_encrypted_submission_free (VtEncryptedSubmission *self)
{
  if (self == NULL)
    return;
  g_free (self->manifest);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_free (self->base64_encrypted_key);
  g_free (self->base64_signature);
  g_free (self);
}

void
vt_encryption_wipe (gpointer data,
                    gsize    length)
{
  if (data != NULL && length > 0)
    OPENSSL_cleanse (data, length);
}

static void
md5_digest (const guint8 *a,
            gsize         a_len,
            const guint8 *b,
            gsize         b_len,
            guint8       *digest)
{
  g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
  gsize len = 16;

  g_checksum_update (md5, a, (gssize) a_len);
  if (b != NULL)
    g_checksum_update (md5, b, (gssize) b_len);
  g_checksum_get_digest (md5, digest, &len);
  g_assert (len == 16);
}

static void
iv_seed (const char   *instance_id,
         const guint8 *key,
         guint8       *iv)
{
  md5_digest ((const guint8 *) instance_id, strlen (instance_id),
              key, VT_ENCRYPTION_KEY_BYTES, iv);
}

/* Collect increments the seed before each file, keeping the increments:
 * the n-th IV has every byte i % 16 (i ≤ n) raised once more. */
static void
iv_step (guint8 *iv,
         guint   counter)
{
  iv[counter % VT_ENCRYPTION_IV_BYTES]++;
}

void
vt_encryption_derive_iv (const char   *instance_id,
                         const guint8 *key,
                         guint         n,
                         guint8       *iv)
{
  iv_seed (instance_id, key, iv);
  for (guint i = 0; i <= n; i++)
    iv_step (iv, i);
}

static char *
rsa_oaep_encrypt (EVP_PKEY      *pkey,
                  const guint8  *in,
                  gsize          in_len,
                  GError       **error)
{
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey (NULL, pkey, NULL);
  g_autofree guint8 *out = NULL;
  size_t out_len = 0;
  char *result = NULL;

  /* RSA/NONE/OAEPWithSHA256AndMGF1Padding in Java with BouncyCastle, as
   * Collect asks for it: SHA-256 for the OAEP digest and for MGF1 (Java's
   * own provider would use SHA-1 for MGF1; Central unpads with SHA-256). */
  if (ctx != NULL
      && EVP_PKEY_encrypt_init (ctx) > 0
      && EVP_PKEY_CTX_set_rsa_padding (ctx, RSA_PKCS1_OAEP_PADDING) > 0
      && EVP_PKEY_CTX_set_rsa_oaep_md (ctx, EVP_sha256 ()) > 0
      && EVP_PKEY_CTX_set_rsa_mgf1_md (ctx, EVP_sha256 ()) > 0
      && EVP_PKEY_encrypt (ctx, NULL, &out_len, in, in_len) > 0)
    {
      out = g_malloc (out_len);
      if (EVP_PKEY_encrypt (ctx, out, &out_len, in, in_len) > 0)
        result = g_base64_encode (out, out_len);
    }

  if (result == NULL)
    {
      g_autofree char *why = take_openssl_error ();

      g_set_error (error, VT_ENCRYPTION_ERROR, VT_ENCRYPTION_ERROR_FAILED,
                   _("Could not encrypt the application’s key with the form’s public key (%s)."),
                   why);
    }
  EVP_PKEY_CTX_free (ctx);
  return result;
}

/* AES-256 in CFB mode with 128-bit feedback, plus PKCS#7 padding to a
 * 16-byte boundary: the specification requires the padding even though
 * CFB does not need it, and libcrypto does not pad a stream mode, so the
 * padding bytes are appended here and encrypted with the rest. */
static GBytes *
aes_cfb_encrypt (const guint8  *key,
                 const guint8  *iv,
                 const guint8  *data,
                 gsize          len,
                 GError       **error)
{
  EVP_CIPHER_CTX *ctx;
  guint8 *buf;
  gsize pad = 16 - (len % 16);
  gsize total;
  gsize done = 0;
  int out_len = 0;
  gboolean ok;

  if (len > G_MAXSIZE - 16)
    {
      g_set_error (error, VT_ENCRYPTION_ERROR, VT_ENCRYPTION_ERROR_INPUT,
                   _("A file of the application is too large to encrypt."));
      return NULL;
    }
  total = len + pad;
  buf = g_malloc (total);
  if (len > 0)
    memcpy (buf, data, len);
  memset (buf + len, (int) pad, pad);

  ctx = EVP_CIPHER_CTX_new ();
  ok = ctx != NULL && EVP_EncryptInit_ex2 (ctx, EVP_aes_256_cfb128 (), key, iv, NULL) > 0;
  while (ok && done < total)
    {
      int chunk = (int) MIN (total - done, (gsize) AES_CHUNK);

      /* In place: libcrypto allows in == out exactly. */
      ok = EVP_EncryptUpdate (ctx, buf + done, &out_len, buf + done, chunk) > 0
           && out_len == chunk;
      done += (gsize) chunk;
    }
  ok = ok && EVP_EncryptFinal_ex (ctx, buf + total, &out_len) > 0 && out_len == 0;
  EVP_CIPHER_CTX_free (ctx);

  if (!ok)
    {
      g_autofree char *why = take_openssl_error ();

      /* The buffer held plaintext: do not leave it in freed memory. */
      OPENSSL_cleanse (buf, total);
      g_free (buf);
      g_set_error (error, VT_ENCRYPTION_ERROR, VT_ENCRYPTION_ERROR_FAILED,
                   _("Could not encrypt the application (%s)."), why);
      return NULL;
    }

  return g_bytes_new_take (buf, total);
}

static gboolean
check_file_name (const char  *name,
                 GHashTable  *seen,
                 const char  *form_id,
                 GError     **error)
{
  const char *why = NULL;

  if (name == NULL || *name == '\0')
    why = _("it has no name");
  else if (strlen (name) > MAX_FILE_NAME)
    why = _("its name is too long");
  else if (!g_utf8_validate (name, -1, NULL))
    why = _("its name is not UTF-8");
  else if (strchr (name, '/') != NULL || strchr (name, '\\') != NULL || name[0] == '.')
    why = _("its name is a path, not a plain file name");
  else if (g_str_equal (name, VT_ENCRYPTION_XML_NAME))
    why = _("its name is the one the encrypted submission itself takes");
  else if (g_hash_table_contains (seen, name))
    why = _("two files have that name");
  else
    for (const char *p = name; *p != '\0'; p++)
      if ((guchar) *p < 0x20 || *p == 0x7f)
        {
          why = _("its name has control characters");
          break;
        }

  if (why != NULL)
    {
      g_set_error (error, VT_ENCRYPTION_ERROR, VT_ENCRYPTION_ERROR_INPUT,
                   /* Translators: the first %s is a file name, the second a form id, the third the reason. */
                   _("Cannot encrypt the file “%s” of an application to the form “%s”: %s."),
                   name != NULL ? name : "", form_id, why);
      return FALSE;
    }
  g_hash_table_add (seen, (gpointer) name);
  return TRUE;
}

static void
append_signature_line (GString    *source,
                       const char *name,
                       const guint8 *data,
                       gsize        len)
{
  g_autofree char *md5 = g_compute_checksum_for_data (G_CHECKSUM_MD5, data, len);

  /* The plaintext file's own name and the lower-case hex MD5 of its
   * plaintext, as Collect's appendFileSignatureSource writes them. */
  g_string_append_printf (source, "%s::%s\n", name, md5);
}

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (out, escaped);
}

/* The submission.xml the server reads: the form, the key sealed with the
 * form's public key, the instanceID, the files and the signature. */
static char *
build_manifest (VtEncryptedSubmission *result,
                const char            *form_id,
                const char            *form_version,
                const char            *instance_id,
                guint                  n_media)
{
  g_autoptr(GString) manifest = NULL;

  manifest = g_string_new ("<data xmlns=\"" MANIFEST_NAMESPACE "\" encrypted=\"yes\" id=\"");
  append_escaped (manifest, form_id);
  g_string_append_c (manifest, '"');
  if (form_version != NULL)
    {
      g_string_append (manifest, " version=\"");
      append_escaped (manifest, form_version);
      g_string_append_c (manifest, '"');
    }
  g_string_append (manifest, "><base64EncryptedKey>");
  g_string_append (manifest, result->base64_encrypted_key);
  g_string_append (manifest, "</base64EncryptedKey><meta xmlns=\"" OPENROSA_NAMESPACE "\"><instanceID>");
  append_escaped (manifest, instance_id);
  g_string_append (manifest, "</instanceID></meta>");
  for (guint i = 0; i < n_media; i++)
    {
      VtEncryptedFile *file = g_ptr_array_index (result->files, i);

      g_string_append (manifest, "<media><file>");
      append_escaped (manifest, file->name);
      g_string_append (manifest, "</file></media>");
    }
  g_string_append (manifest, "<encryptedXmlFile>" VT_ENCRYPTION_XML_NAME ENC_SUFFIX "</encryptedXmlFile>"
                   "<base64EncryptedElementSignature>");
  g_string_append (manifest, result->base64_signature);
  g_string_append (manifest, "</base64EncryptedElementSignature></data>");
  return g_string_free (g_steal_pointer (&manifest), FALSE);
}

/* The form and instance an application is encrypted for, and its files'
 * names (each once, none the XML's), before any key is drawn. */
static gboolean
check_inputs (const char  *form_id,
              const char  *instance_id,
              GPtrArray   *media,
              GError     **error)
{
  g_autoptr(GHashTable) seen = NULL;

  if (form_id == NULL || *form_id == '\0')
    {
      g_set_error (error, VT_ENCRYPTION_ERROR, VT_ENCRYPTION_ERROR_INPUT,
                   _("Cannot encrypt an application to a form that has no id."));
      return FALSE;
    }
  if (instance_id == NULL || *instance_id == '\0' || !g_utf8_validate (instance_id, -1, NULL))
    {
      g_set_error (error, VT_ENCRYPTION_ERROR, VT_ENCRYPTION_ERROR_INPUT,
                   /* Translators: %s is a form id; instanceID is an XML element name, keep it. */
                   _("Cannot encrypt an application to the form “%s”: it has no meta/instanceID."),
                   form_id);
      return FALSE;
    }

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; media != NULL && i < media->len; i++)
    {
      VtEncryptedFile *file = g_ptr_array_index (media, i);

      if (!check_file_name (file->name, seen, form_id, error))
        return FALSE;
    }
  return TRUE;
}

VtEncryptedSubmission *
vt_encryption_encrypt (VtEncryptionKey  *key,
                       const char       *form_id,
                       const char       *form_version,
                       const char       *instance_id,
                       const char       *xml,
                       gsize             xml_length,
                       GPtrArray        *media,
                       GError          **error)
{
  g_autoptr(VtEncryptedSubmission) result = NULL;
  g_autoptr(GString) source = NULL;
  guint8 aes_key[VT_ENCRYPTION_KEY_BYTES];
  guint8 iv[VT_ENCRYPTION_IV_BYTES];
  guint8 digest[16];
  guint counter = 0;
  guint n_media = media != NULL ? media->len : 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (xml != NULL || xml_length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_inputs (form_id, instance_id, media, error))
    return NULL;
  if (form_version != NULL && *form_version == '\0')
    form_version = NULL;

  if (RAND_bytes (aes_key, sizeof aes_key) != 1)
    {
      g_autofree char *why = take_openssl_error ();

      g_set_error (error, VT_ENCRYPTION_ERROR, VT_ENCRYPTION_ERROR_FAILED,
                   _("Could not draw a random key to encrypt the application (%s)."), why);
      return NULL;
    }

  result = g_new0 (VtEncryptedSubmission, 1);
  result->files = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_encrypted_file_free);
  result->base64_encrypted_key = rsa_oaep_encrypt (key->pkey, aes_key, sizeof aes_key, error);
  if (result->base64_encrypted_key == NULL)
    {
      OPENSSL_cleanse (aes_key, sizeof aes_key);
      return NULL;
    }

  source = g_string_new (NULL);
  g_string_append_printf (source, "%s\n", form_id);
  if (form_version != NULL)
    g_string_append_printf (source, "%s\n", form_version);
  g_string_append_printf (source, "%s\n%s\n", result->base64_encrypted_key, instance_id);

  iv_seed (instance_id, aes_key, iv);

  /* The media in the caller's order, then the XML: the order of the IVs. */
  for (guint i = 0; ok && i <= n_media; i++)
    {
      const char *name;
      const guint8 *data;
      gsize len;
      g_autoptr(GBytes) cipher = NULL;

      if (i < n_media)
        {
          VtEncryptedFile *file = g_ptr_array_index (media, i);

          name = file->name;
          data = file->bytes != NULL ? g_bytes_get_data (file->bytes, &len) : NULL;
          if (data == NULL)
            len = 0;
        }
      else
        {
          name = VT_ENCRYPTION_XML_NAME;
          data = (const guint8 *) xml;
          len = xml_length;
        }

      iv_step (iv, counter++);
      append_signature_line (source, name, data, len);
      cipher = aes_cfb_encrypt (aes_key, iv, data, len, error);
      if (cipher == NULL)
        ok = FALSE;
      else
        {
          g_autofree char *enc_name = g_strconcat (name, ENC_SUFFIX, NULL);

          g_ptr_array_add (result->files, vt_encrypted_file_new (enc_name, cipher));
        }
    }

  /* The key is "thrown away" once every file is encrypted. */
  OPENSSL_cleanse (aes_key, sizeof aes_key);
  OPENSSL_cleanse (iv, sizeof iv);
  if (!ok)
    return NULL;

  md5_digest ((const guint8 *) source->str, source->len, NULL, 0, digest);
  result->base64_signature = rsa_oaep_encrypt (key->pkey, digest, sizeof digest, error);
  if (result->base64_signature == NULL)
    return NULL;

  result->manifest = build_manifest (result, form_id, form_version, instance_id, n_media);

  return g_steal_pointer (&result);
}
