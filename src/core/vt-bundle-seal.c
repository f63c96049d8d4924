#define G_LOG_DOMAIN "vt-bundle"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "vt-bundle-private.h"

/* The envelope of a signed bundle (format 2, docs/BUNDLES.md) around the
 * format 1 bundle that holds the applications:
 *
 *   VENTANILLA-BUNDLE 2\n
 *   signed <n>\n                       the signed content, n bytes:
 *     signer <base64 Ed25519 public key>\n
 *     <a whole format 1 bundle>
 *   signature <base64 Ed25519 signature of those n bytes>\n
 *
 * or, encrypted for a municipality's X25519 key:
 *
 *   VENTANILLA-BUNDLE 2\n
 *   sealed <n> <base64 crypto_box_seal of a 32-byte key>\n
 *   <crypto_secretstream_xchacha20poly1305 of everything the plain form
 *    has after its first line, n bytes: a 24-byte header, then 64 KiB
 *    chunks, each 17 bytes longer once encrypted, the last one tagged final>
 *
 * (n tells a copy cut short from one changed on the way.)
 *
 * So a finder of the drive reads nothing, not even which kiosk made it;
 * any change to a byte fails the decryption or the signature; and an
 * importer knows the kiosk by its key. */

#define MAGIC            "VENTANILLA-BUNDLE"
#define CHUNK            (64 * 1024)
#define SECRET_FILE_MAGIC "ventanilla-bundle-key 1 "

G_STATIC_ASSERT (crypto_box_PUBLICKEYBYTES == 32 && crypto_box_SECRETKEYBYTES == 32);

struct _VtBundleKeys
{
  VtKioskKey *signer;
  gboolean    has_recipient;
  guint8      recipient[crypto_box_PUBLICKEYBYTES];
  guint8     *recipient_secret;    /* sodium_malloc, or NULL */
  guint8      recipient_public[crypto_box_PUBLICKEYBYTES];  /* of the secret */
  GHashTable *trusted;             /* base64 public key → kiosk name */
};

VtBundleKeys *
vt_bundle_keys_new (void)
{
  VtBundleKeys *self = g_new0 (VtBundleKeys, 1);

  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");
  self->trusted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
vt_bundle_keys_free (VtBundleKeys *self)
{
  if (self == NULL)
    return;
  vt_kiosk_key_free (self->signer);
  sodium_free (self->recipient_secret);
  g_hash_table_unref (self->trusted);
  g_free (self);
}

void
vt_bundle_keys_set_signer (VtBundleKeys *self,
                           VtKioskKey   *key)
{
  g_return_if_fail (self != NULL);
  vt_kiosk_key_free (self->signer);
  self->signer = key;
}

void
vt_bundle_keys_set_recipient (VtBundleKeys *self,
                              const guint8  public_key[32])
{
  g_return_if_fail (self != NULL);
  memcpy (self->recipient, public_key, sizeof self->recipient);
  self->has_recipient = TRUE;
}

void
vt_bundle_keys_set_recipient_secret (VtBundleKeys *self,
                                     const guint8  secret_key[32])
{
  g_return_if_fail (self != NULL);
  if (self->recipient_secret == NULL)
    self->recipient_secret = sodium_malloc (crypto_box_SECRETKEYBYTES);
  if (self->recipient_secret == NULL)
    g_error ("libsodium could not allocate guarded memory for the bundle key");
  memcpy (self->recipient_secret, secret_key, crypto_box_SECRETKEYBYTES);
  crypto_scalarmult_base (self->recipient_public, self->recipient_secret);
}

void
vt_bundle_keys_trust (VtBundleKeys *self,
                      const char   *kiosk,
                      const guint8  public_key[VT_KIOSK_KEY_PUBLIC_BYTES])
{
  g_return_if_fail (self != NULL && kiosk != NULL);
  g_hash_table_replace (self->trusted, vt_kiosk_key_encode (public_key, VT_KIOSK_KEY_PUBLIC_BYTES),
                        g_strdup (kiosk));
}

void
vt_bundle_keys_trust_own (VtBundleKeys *self,
                          VtKioskKey   *own)
{
  g_return_if_fail (self != NULL && own != NULL);
  vt_bundle_keys_trust (self, _("this kiosk"), vt_kiosk_key_get_public (own));
}

static void
trust_listed (const char   *kiosk,
              const guint8 *public_key,
              gpointer      user_data)
{
  vt_bundle_keys_trust (user_data, kiosk, public_key);
}

gboolean
vt_bundle_keys_load_trusted (VtBundleKeys  *self,
                             const char    *path,
                             GError       **error)
{
  g_autofree char *text = NULL;
  g_autofree char *bad_line = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VtKioskKeyList) listed = vt_kiosk_key_list_new ();
  guint bad;

  g_return_val_if_fail (self != NULL && path != NULL, FALSE);

  if (!g_file_get_contents (path, &text, NULL, &local_error))
    {
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_KEYS,
                   _("Cannot read the file of trusted kiosks %s ([bundle] trusted-kiosks): %s"),
                   path, local_error->message);
      return FALSE;
    }
  bad = vt_kiosk_key_list_add_text (listed, text, &bad_line);
  if (bad != 0)
    {
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_KEYS,
                   _("%s:%u: “%s” is not a kiosk's name and public key; copy the line as "
                     "“ventanilla-ctl bundle public-key” prints it on that kiosk"),
                   path, bad, bad_line);
      return FALSE;
    }
  vt_kiosk_key_list_foreach (listed, trust_listed, self);
  return TRUE;
}

static gboolean
load_recipient_secret (VtBundleKeys  *self,
                       const char    *path,
                       GError       **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;
  guint8 *secret;
  gboolean ok;

  if (!g_file_get_contents (path, &text, NULL, &local_error))
    {
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_KEYS,
                   _("Cannot read the bundle key %s ([bundle] recipient-secret-key-file): %s"),
                   path, local_error->message);
      return FALSE;
    }
  /* As for the server's password file (vt-config): said, not refused, so
   * the bundles in hand still import while someone fixes it. */
  if (g_stat (path, &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    g_message ("The bundle key file %s can be read by other users, who could then open every "
               "encrypted bundle; run: chmod 600 %s", path, path);
  secret = sodium_malloc (crypto_box_SECRETKEYBYTES);
  if (secret == NULL)
    g_error ("libsodium could not allocate guarded memory for the bundle key");
  ok = g_str_has_prefix (text, SECRET_FILE_MAGIC) &&
       vt_kiosk_key_decode (text + strlen (SECRET_FILE_MAGIC), secret, crypto_box_SECRETKEYBYTES);
  if (ok)
    vt_bundle_keys_set_recipient_secret (self, secret);
  else
    g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_KEYS,
                 _("The bundle key file %s holds no key; name the file that "
                   "“ventanilla-ctl bundle new-recipient-key” wrote"), path);
  sodium_memzero (text, strlen (text));
  sodium_free (secret);
  return ok;
}

VtBundleKeys *
vt_bundle_keys_load (const char  *data_dir,
                     const char  *recipient_key,
                     const char  *recipient_secret_key_file,
                     const char  *trusted_kiosks,
                     GError     **error)
{
  g_autoptr(VtBundleKeys) self = vt_bundle_keys_new ();

  if (data_dir != NULL)
    {
      VtKioskKey *key = vt_kiosk_key_load (data_dir, error);

      if (key == NULL)
        return NULL;
      vt_bundle_keys_trust_own (self, key);
      vt_bundle_keys_set_signer (self, key);
    }
  if (recipient_key != NULL)
    {
      guint8 recipient[crypto_box_PUBLICKEYBYTES];

      /* The configuration checks it when it is read. */
      g_return_val_if_fail (vt_kiosk_key_decode (recipient_key, recipient, sizeof recipient), NULL);
      vt_bundle_keys_set_recipient (self, recipient);
    }
  if (recipient_secret_key_file != NULL && !load_recipient_secret (self, recipient_secret_key_file, error))
    return NULL;
  if (trusted_kiosks != NULL && !vt_bundle_keys_load_trusted (self, trusted_kiosks, error))
    return NULL;
  return g_steal_pointer (&self);
}

char *
vt_bundle_keys_make_recipient (const char  *path,
                               GError     **error)
{
  guint8 public_key[crypto_box_PUBLICKEYBYTES];
  guint8 *secret;
  g_autofree char *encoded = NULL;
  g_autofree char *line = NULL;
  int fd, saved = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");
  secret = sodium_malloc (crypto_box_SECRETKEYBYTES);
  if (secret == NULL)
    g_error ("libsodium could not allocate guarded memory for the bundle key");
  crypto_box_keypair (public_key, secret);
  encoded = vt_kiosk_key_encode (secret, crypto_box_SECRETKEYBYTES);
  line = g_strconcat (SECRET_FILE_MAGIC, encoded, "\n", NULL);
  sodium_free (secret);

  /* Never over another key: bundles already encrypted for it would be lost. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    saved = errno;
  else
    {
      if (write (fd, line, strlen (line)) != (ssize_t) strlen (line) || fsync (fd) != 0)
        saved = errno != 0 ? errno : EIO;
      close (fd);
      if (saved != 0)
        g_unlink (path);
    }
  sodium_memzero (line, strlen (line));
  sodium_memzero (encoded, strlen (encoded));
  if (saved == EEXIST)
    {
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_KEYS,
                   _("%s already exists; a new key there would make every bundle encrypted for the "
                     "old one unreadable. Name another file."), path);
      return NULL;
    }
  if (saved != 0)
    {
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_KEYS,
                   _("Cannot write the bundle key %s: %s"), path, g_strerror (saved));
      return NULL;
    }
  return vt_kiosk_key_encode (public_key, sizeof public_key);
}

/* ---- writing ------------------------------------------------------------ */

/* Everything of the plain envelope after its first line. */
static GBytes *
signed_body (GBytes     *inner,
             VtKioskKey *signer)
{
  g_autofree char *public_key = vt_kiosk_key_dup_public_text (signer);
  g_autofree char *signer_line = g_strdup_printf ("signer %s\n", public_key);
  g_autoptr(GByteArray) content = g_byte_array_new ();
  g_autofree char *encoded = NULL;
  GString *body = g_string_new (NULL);
  guint8 signature[VT_KIOSK_KEY_SIGNATURE_BYTES];

  g_byte_array_append (content, (const guint8 *) signer_line, strlen (signer_line));
  g_byte_array_append (content, g_bytes_get_data (inner, NULL), g_bytes_get_size (inner));
  vt_kiosk_key_sign (signer, content->data, content->len, signature);
  encoded = vt_kiosk_key_encode (signature, sizeof signature);

  g_string_append_printf (body, "signed %u\n", content->len);
  g_string_append_len (body, (const char *) content->data, content->len);
  g_string_append_printf (body, "signature %s\n", encoded);
  return g_string_free_to_bytes (body);
}

static GBytes *
seal (GBytes       *plain,
      const guint8  recipient[crypto_box_PUBLICKEYBYTES])
{
  guint8 key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
  guint8 sealed_key[crypto_box_SEALBYTES + sizeof key];
  guint8 header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  crypto_secretstream_xchacha20poly1305_state state;
  g_autofree char *encoded = NULL;
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (plain, &length);
  g_autoptr(GByteArray) stream = g_byte_array_new ();
  g_autofree char *line = NULL;
  GByteArray *out = g_byte_array_new ();
  gsize pos = 0;

  crypto_secretstream_xchacha20poly1305_keygen (key);
  crypto_box_seal (sealed_key, key, sizeof key, recipient);
  crypto_secretstream_xchacha20poly1305_init_push (&state, header, key);
  sodium_memzero (key, sizeof key);
  encoded = vt_kiosk_key_encode (sealed_key, sizeof sealed_key);

  g_byte_array_append (stream, header, sizeof header);
  do
    {
      gsize n = MIN (length - pos, (gsize) CHUNK);
      gboolean last = pos + n == length;
      guint start = stream->len;

      g_byte_array_set_size (stream, stream->len + n + crypto_secretstream_xchacha20poly1305_ABYTES);
      crypto_secretstream_xchacha20poly1305_push (&state, stream->data + start, NULL, data + pos, n, NULL, 0,
                                                  last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
      pos += n;
    }
  while (pos < length);
  sodium_memzero (&state, sizeof state);

  line = g_strdup_printf ("sealed %u %s\n", stream->len, encoded);
  g_byte_array_append (out, (const guint8 *) line, strlen (line));
  g_byte_array_append (out, stream->data, stream->len);
  return g_byte_array_free_to_bytes (out);
}

gboolean
vt_bundle_write_signed (VtBundle      *self,
                        VtBundleKeys  *keys,
                        GOutputStream *out,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GOutputStream) memory = NULL;
  g_autoptr(GBytes) inner = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *magic = g_strdup_printf (MAGIC " %d\n", VT_BUNDLE_SIGNED_VERSION);

  g_return_val_if_fail (self != NULL, FALSE);

  if (keys == NULL || keys->signer == NULL)
    return vt_bundle_write (self, out, cancellable, error);

  /* The signature covers it whole, so it is made in memory first (import
   * reads a bundle whole too, and both are bounded by VT_BUNDLE_MAX_SIZE). */
  memory = g_memory_output_stream_new_resizable ();
  if (!vt_bundle_write (self, memory, cancellable, error) || !g_output_stream_close (memory, cancellable, error))
    return FALSE;
  inner = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  body = signed_body (inner, keys->signer);
  if (keys->has_recipient)
    {
      g_autoptr(GBytes) plain = g_steal_pointer (&body);

      body = seal (plain, keys->recipient);
    }
  return g_output_stream_write_all (out, magic, strlen (magic), NULL, cancellable, error) &&
         g_output_stream_write_all (out, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL,
                                    cancellable, error);
}

/* ---- reading ------------------------------------------------------------ */

/* The plain envelope after its first line: the signed content checked
 * against its signer, whose key is returned. */
static GBytes *
open_signed (GBytes          *whole,
             VtBundleReader  *c,
             char           **signer_key,
             GError         **error)
{
  g_autofree char *line = vt_bundle_reader_line (c, error);
  g_autofree char *signer = NULL;
  g_autofree char *signature_line = NULL;
  guint64 length = 0;
  guint8 key[VT_KIOSK_KEY_PUBLIC_BYTES];
  guint8 signature[VT_KIOSK_KEY_SIGNATURE_BYTES];
  VtBundleReader content;
  gsize start;

  if (line == NULL)
    return NULL;
  if (!g_str_has_prefix (line, "signed ") ||
      !g_ascii_string_to_unsigned (line + 7, 10, 1, VT_BUNDLE_MAX_SIZE, &length, NULL))
    {
      vt_bundle_reader_damaged (c, error, _("its signed content is unreadable"));
      return NULL;
    }
  if (c->length - c->pos < length)
    {
      vt_bundle_reader_truncated (c, error);
      return NULL;
    }
  start = c->pos;
  content = (VtBundleReader) { c->data + start, (gsize) length, 0, c->display_name };
  c->pos += length;

  signature_line = vt_bundle_reader_line (c, error);
  if (signature_line == NULL)
    return NULL;
  if (!g_str_has_prefix (signature_line, "signature ") ||
      !vt_kiosk_key_decode (signature_line + 10, signature, sizeof signature) || c->pos != c->length)
    {
      vt_bundle_reader_damaged (c, error, _("its signature is unreadable"));
      return NULL;
    }

  signer = vt_bundle_reader_line (&content, error);
  if (signer == NULL)
    return NULL;
  if (!g_str_has_prefix (signer, "signer ") || !vt_kiosk_key_decode (signer + 7, key, sizeof key))
    {
      vt_bundle_reader_damaged (c, error, _("it does not say which kiosk signed it"));
      return NULL;
    }
  if (!vt_kiosk_key_verify (key, content.data, content.length, signature))
    {
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_FORGED,
                   _("The bundle “%s” does not match its signature: it was changed after the kiosk "
                     "that made it signed it. Nothing was imported. Export a new bundle on that kiosk "
                     "and import that one."), c->display_name);
      return NULL;
    }
  *signer_key = vt_kiosk_key_encode (key, sizeof key);
  /* c reads whole: the format 1 bundle follows the signer line. */
  return g_bytes_new_from_bytes (whole, start + content.pos, content.length - content.pos);
}

static GBytes *
unseal (VtBundleReader      *c,
        const char          *sealed_line,
        const VtBundleKeys  *keys,
        GError             **error)
{
  guint8 sealed_key[crypto_box_SEALBYTES + crypto_secretstream_xchacha20poly1305_KEYBYTES];
  guint8 key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
  crypto_secretstream_xchacha20poly1305_state state;
  g_autoptr(GByteArray) plain = g_byte_array_new ();
  const gsize sealed_chunk = CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES;
  g_auto(GStrv) words = g_strsplit (sealed_line, " ", -1);
  guint64 length = 0;
  gboolean final = FALSE;
  int rc;

  if (g_strv_length (words) != 3 ||
      !g_ascii_string_to_unsigned (words[1], 10, crypto_secretstream_xchacha20poly1305_HEADERBYTES,
                                   VT_BUNDLE_MAX_SIZE, &length, NULL) ||
      !vt_kiosk_key_decode (words[2], sealed_key, sizeof sealed_key))
    {
      vt_bundle_reader_damaged (c, error, _("its encrypted key is unreadable"));
      return NULL;
    }
  /* Cut short first: whatever else, the clerk must copy it again. */
  if (c->length - c->pos < length)
    {
      vt_bundle_reader_truncated (c, error);
      return NULL;
    }
  if (c->length - c->pos > length)
    {
      vt_bundle_reader_damaged (c, error, _("there is unexpected data after its end"));
      return NULL;
    }
  if (keys == NULL || keys->recipient_secret == NULL)
    {
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_SEALED,
                   _("The bundle “%s” is encrypted for the municipality, and this machine has no key "
                     "to open it. Nothing was imported. Import it where the municipality's bundle key "
                     "is, or name that key in [bundle] recipient-secret-key-file."), c->display_name);
      return NULL;
    }
  rc = crypto_box_seal_open (key, sealed_key, sizeof sealed_key, keys->recipient_public, keys->recipient_secret);
  if (rc != 0)
    {
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_SEALED,
                   _("The bundle “%s” cannot be opened with this machine's key: it was encrypted for "
                     "another key, or changed on the way. Nothing was imported."), c->display_name);
      return NULL;
    }
  rc = crypto_secretstream_xchacha20poly1305_init_pull (&state, c->data + c->pos, key);
  sodium_memzero (key, sizeof key);
  c->pos += crypto_secretstream_xchacha20poly1305_HEADERBYTES;

  while (rc == 0 && !final && c->pos < c->length)
    {
      gsize n = MIN (c->length - c->pos, sealed_chunk);
      guint start = plain->len;
      unsigned long long written = 0;
      unsigned char tag = 0;

      if (n < crypto_secretstream_xchacha20poly1305_ABYTES)
        break;
      g_byte_array_set_size (plain, plain->len + n - crypto_secretstream_xchacha20poly1305_ABYTES);
      rc = crypto_secretstream_xchacha20poly1305_pull (&state, plain->data + start, &written, &tag,
                                                       c->data + c->pos, n, NULL, 0);
      c->pos += n;
      final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
      /* Only a whole chunk may come before the last one. */
      if (rc == 0 && !final && n != sealed_chunk)
        rc = -1;
    }
  sodium_memzero (&state, sizeof state);
  if (rc != 0)
    {
      vt_bundle_reader_damaged (c, error, _("its encrypted content was changed"));
      return NULL;
    }
  /* n bytes are all there: a stream that ends early was changed. */
  if (!final || c->pos != c->length)
    {
      vt_bundle_reader_damaged (c, error, _("its encrypted content was changed"));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&plain));
}

VtBundle *
vt_bundle_open (GBytes        *data,
                const char    *display_name,
                VtBundleKeys  *keys,
                GError       **error)
{
  VtBundleReader c = { 0 };
  g_autofree char *magic = NULL;
  g_autofree char *second = NULL;
  g_autofree char *signer_key = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) inner = NULL;
  g_autofree char *expected = g_strdup_printf (MAGIC " %d", VT_BUNDLE_SIGNED_VERSION);
  guint64 version = 0;
  gboolean sealed = FALSE;
  VtBundle *bundle;

  g_return_val_if_fail (data != NULL, NULL);

  c.data = g_bytes_get_data (data, &c.length);
  c.display_name = display_name != NULL ? display_name : "";

  if (c.length <= strlen (expected) && memcmp (c.data, expected, c.length) == 0 && c.length > strlen (MAGIC))
    {
      vt_bundle_reader_truncated (&c, error);
      return NULL;
    }
  /* Format 1, or no bundle at all: the format 1 parser says which. */
  if (c.length < strlen (expected) + 1 || memcmp (c.data, expected, strlen (expected)) != 0 ||
      c.data[strlen (expected)] != '\n')
    {
      if (c.length > strlen (MAGIC) + 1 && memcmp (c.data, MAGIC " ", strlen (MAGIC) + 1) == 0)
        {
          g_autofree char *number = g_strndup ((const char *) c.data + strlen (MAGIC) + 1,
                                               MIN (c.length - strlen (MAGIC) - 1, 20));

          version = g_ascii_strtoull (number, NULL, 10);
        }
      if (version > VT_BUNDLE_SIGNED_VERSION)
        {
          vt_bundle_reader_newer (&c, error, version, VT_BUNDLE_SIGNED_VERSION);
          return NULL;
        }
      return vt_bundle_parse (data, display_name, error);
    }
  magic = vt_bundle_reader_line (&c, error);

  if (c.length - c.pos >= 7 && memcmp (c.data + c.pos, "sealed ", 7) == 0)
    {
      second = vt_bundle_reader_line (&c, error);
      if (second == NULL)
        return NULL;
      plain = unseal (&c, second, keys, error);
      if (plain == NULL)
        return NULL;
      c = (VtBundleReader) { g_bytes_get_data (plain, NULL), g_bytes_get_size (plain), 0, c.display_name };
      sealed = TRUE;
    }
  inner = open_signed (sealed ? plain : data, &c, &signer_key, error);
  if (inner == NULL)
    return NULL;

  bundle = vt_bundle_parse (inner, display_name, error);
  if (bundle == NULL)
    return NULL;
  bundle->signer_key = g_steal_pointer (&signer_key);
  bundle->signer_kiosk = keys != NULL ? g_strdup (g_hash_table_lookup (keys->trusted, bundle->signer_key)) : NULL;
  bundle->sealed = sealed;
  return bundle;
}
