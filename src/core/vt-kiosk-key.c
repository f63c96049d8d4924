/* The kiosk's Ed25519 key pair: made once in kiosk.key beside the
 * database, refused when others could read it; signing, checking, keys as
 * text, and the list of known kiosks' keys a verifier trusts. */
#define G_LOG_DOMAIN "vt-kiosk-key"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "vt-kiosk-key.h"

/* The file: one line, "ventanilla-kiosk-key 1 <base64 of the 32-byte
 * seed>", from which libsodium derives the pair. */
#define FILE_MAGIC "ventanilla-kiosk-key 1 "

G_DEFINE_QUARK (vt-kiosk-key-error-quark, vt_kiosk_key_error)

struct _VtKioskKey
{
  guint8  public_key[crypto_sign_PUBLICKEYBYTES];
  guint8 *secret_key;              /* sodium_malloc: guarded, never swapped out */
};

G_STATIC_ASSERT (crypto_sign_PUBLICKEYBYTES == VT_KIOSK_KEY_PUBLIC_BYTES);
G_STATIC_ASSERT (crypto_sign_BYTES == VT_KIOSK_KEY_SIGNATURE_BYTES);

gboolean
vt_kiosk_key_decode (const char *text,
                     guint8     *key,
                     gsize       length)
{
  g_autofree char *trimmed = NULL;
  size_t decoded = 0;
  const char *end = NULL;

  g_return_val_if_fail (key != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  trimmed = g_strstrip (g_strdup (text));
  if (sodium_base642bin (key, length, trimmed, strlen (trimmed), NULL, &decoded, &end,
                         sodium_base64_VARIANT_ORIGINAL) != 0 || decoded != length || *end != '\0')
    return FALSE;
  /* One text per key: libsodium also takes a character with its high bit
   * set, and stray bits in the last character, for the same bytes, so a
   * changed byte of a signed bundle would still verify (found by the test
   * every-byte-flipped).  Only the text that encoding gives back counts. */
  {
    g_autofree char *canonical = vt_kiosk_key_encode (key, length);

    if (!g_str_equal (canonical, trimmed))
      {
        sodium_memzero (key, length);
        return FALSE;
      }
  }
  return TRUE;
}

char *
vt_kiosk_key_encode (const guint8 *key,
                     gsize         length)
{
  gsize size = sodium_base64_ENCODED_LEN (length, sodium_base64_VARIANT_ORIGINAL);
  char *text = g_malloc (size);

  return sodium_bin2base64 (text, size, key, length, sodium_base64_VARIANT_ORIGINAL);
}

static VtKioskKey *
key_from_seed (const guint8 *seed)
{
  VtKioskKey *self = g_new0 (VtKioskKey, 1);

  self->secret_key = sodium_malloc (crypto_sign_SECRETKEYBYTES);
  if (self->secret_key == NULL)
    g_error ("libsodium could not allocate guarded memory for the kiosk's key");
  crypto_sign_seed_keypair (self->public_key, self->secret_key, seed);
  return self;
}

static void
set_io_error (GError     **error,
              const char  *path,
              const char  *detail)
{
  g_set_error (error, VT_KIOSK_KEY_ERROR, VT_KIOSK_KEY_ERROR_IO,
               _("The kiosk cannot read or write its key file %s (%s). Ask technical support to "
                 "make its data folder readable and writable for the kiosk."), path, detail);
}

/* A secret that others could have read proves nothing when it signs:
 * refused, with the command that fixes it. */
static gboolean
check_private (const char  *path,
               GError     **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0 || (st.st_mode & 077) == 0)
    return TRUE;
  g_set_error (error, VT_KIOSK_KEY_ERROR, VT_KIOSK_KEY_ERROR_PERMISSIONS,
               _("The kiosk's key file %s can be read by other users of this computer (mode %04o), "
                 "so its secret key may have been copied and the kiosk will not sign with it. "
                 "Make it private with “chmod 600 %s” and start the kiosk again; if someone may "
                 "have copied it, ask technical support for a new key instead."),
               path, (unsigned) (st.st_mode & 07777), path);
  return FALSE;
}

/* NULL without an error when there is no key file yet. */
static VtKioskKey *
read_key (const char  *path,
          GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) read_error = NULL;
  guint8 *seed;
  VtKioskKey *self = NULL;

  if (!check_private (path, error))
    return NULL;
  if (!g_file_get_contents (path, &text, NULL, &read_error))
    {
      if (!g_error_matches (read_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        set_io_error (error, path, read_error->message);
      return NULL;
    }
  seed = sodium_malloc (crypto_sign_SEEDBYTES);
  if (seed == NULL)
    g_error ("libsodium could not allocate guarded memory for the kiosk's key");
  if (g_str_has_prefix (text, FILE_MAGIC) &&
      vt_kiosk_key_decode (text + strlen (FILE_MAGIC), seed, crypto_sign_SEEDBYTES))
    self = key_from_seed (seed);
  else
    g_set_error (error, VT_KIOSK_KEY_ERROR, VT_KIOSK_KEY_ERROR_DAMAGED,
                 _("The kiosk's key file %s is damaged, so the kiosk cannot sign what it exports. "
                   "Ask technical support to restore it from a backup; a new key would mean telling "
                   "every office that imports this kiosk's bundles again."), path);
  sodium_memzero (text, strlen (text));
  sodium_free (seed);
  return self;
}

/* A new key goes to a temporary file first, synced, then is linked to its
 * name: link() never replaces a key another process made meanwhile. */
static gboolean
write_new_key (const char  *dir,
               const char  *path,
               GError     **error)
{
  g_autofree char *tmp = g_build_filename (dir, ".kiosk.key.XXXXXX", NULL);
  guint8 seed[crypto_sign_SEEDBYTES];
  g_autofree char *encoded = NULL;
  g_autofree char *line = NULL;
  int fd, saved = 0;

  randombytes_buf (seed, sizeof seed);
  encoded = vt_kiosk_key_encode (seed, sizeof seed);
  line = g_strconcat (FILE_MAGIC, encoded, "\n", NULL);
  sodium_memzero (seed, sizeof seed);

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_io_error (error, path, g_strerror (errno));
      return FALSE;
    }
  if (write (fd, line, strlen (line)) != (ssize_t) strlen (line) || fsync (fd) != 0)
    saved = errno != 0 ? errno : EIO;
  close (fd);
  sodium_memzero (line, strlen (line));
  sodium_memzero (encoded, strlen (encoded));
  if (saved == 0 && link (tmp, path) != 0 && errno != EEXIST)
    saved = errno;
  g_unlink (tmp);
  if (saved != 0)
    {
      set_io_error (error, path, g_strerror (saved));
      return FALSE;
    }

  /* The name itself must survive a power cut. */
  fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  return TRUE;
}

VtKioskKey *
vt_kiosk_key_load (const char  *data_dir,
                   GError     **error)
{
  g_autofree char *path = NULL;
  GError *local_error = NULL;
  VtKioskKey *self;

  g_return_val_if_fail (data_dir != NULL, NULL);

  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");

  path = g_build_filename (data_dir, VT_KIOSK_KEY_FILE_NAME, NULL);
  self = read_key (path, &local_error);
  if (self != NULL || local_error != NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      return self;
    }

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      set_io_error (error, path, g_strerror (errno));
      return NULL;
    }
  if (!write_new_key (data_dir, path, error))
    return NULL;
  self = read_key (path, error);
  if (self == NULL && error != NULL && *error == NULL)
    set_io_error (error, path, g_strerror (ENOENT));
  return self;
}

VtKioskKey *
vt_kiosk_key_load_existing (const char  *data_dir,
                            GError     **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);

  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");
  path = g_build_filename (data_dir, VT_KIOSK_KEY_FILE_NAME, NULL);
  return read_key (path, error);
}

void
vt_kiosk_key_free (VtKioskKey *self)
{
  if (self == NULL)
    return;
  sodium_free (self->secret_key);
  g_free (self);
}

const guint8 *
vt_kiosk_key_get_public (VtKioskKey *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->public_key;
}

char *
vt_kiosk_key_dup_public_text (VtKioskKey *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return vt_kiosk_key_encode (self->public_key, sizeof self->public_key);
}

void
vt_kiosk_key_sign (VtKioskKey *self,
                   const void *data,
                   gsize       length,
                   guint8      signature[VT_KIOSK_KEY_SIGNATURE_BYTES])
{
  g_return_if_fail (self != NULL);
  crypto_sign_detached (signature, NULL, data, length, self->secret_key);
}

gboolean
vt_kiosk_key_verify (const guint8  public_key[VT_KIOSK_KEY_PUBLIC_BYTES],
                     const void   *data,
                     gsize         length,
                     const guint8  signature[VT_KIOSK_KEY_SIGNATURE_BYTES])
{
  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");
  return crypto_sign_verify_detached (signature, data, length, public_key) == 0;
}

/* ---- known kiosks ---------------------------------------------------------- */

struct _VtKioskKeyList
{
  GHashTable *keys;                /* kiosk id → guint8[VT_KIOSK_KEY_PUBLIC_BYTES] */
};

VtKioskKeyList *
vt_kiosk_key_list_new (void)
{
  VtKioskKeyList *self = g_new0 (VtKioskKeyList, 1);

  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
vt_kiosk_key_list_free (VtKioskKeyList *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->keys);
  g_free (self);
}

void
vt_kiosk_key_list_add (VtKioskKeyList *self,
                       const char     *kiosk_id,
                       const guint8    public_key[VT_KIOSK_KEY_PUBLIC_BYTES])
{
  g_return_if_fail (self != NULL && kiosk_id != NULL && public_key != NULL);
  g_hash_table_replace (self->keys, g_strdup (kiosk_id), g_memdup2 (public_key, VT_KIOSK_KEY_PUBLIC_BYTES));
}

guint
vt_kiosk_key_list_add_text (VtKioskKeyList  *self,
                            const char      *text,
                            char           **bad_line)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(VtKioskKeyList) read = vt_kiosk_key_list_new ();
  GHashTableIter iter;
  gpointer id, key;

  g_return_val_if_fail (self != NULL && text != NULL, 0);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      const char *space = strrchr (line, ' ');
      g_autofree char *name = NULL;
      guint8 public_key[VT_KIOSK_KEY_PUBLIC_BYTES];

      if (line[0] == '\0' || line[0] == '#')
        continue;
      /* The key is the last word; a name may have spaces of its own. */
      if (space == NULL)
        space = strrchr (line, '\t');
      if (space != NULL)
        name = g_strstrip (g_strndup (line, space - line));
      if (space == NULL || name[0] == '\0' || !vt_kiosk_key_decode (space + 1, public_key, sizeof public_key))
        {
          if (bad_line != NULL)
            *bad_line = g_strdup (line);
          return i + 1;
        }
      vt_kiosk_key_list_add (read, name, public_key);
    }

  g_hash_table_iter_init (&iter, read->keys);
  while (g_hash_table_iter_next (&iter, &id, &key))
    vt_kiosk_key_list_add (self, id, key);
  return 0;
}

gboolean
vt_kiosk_key_list_add_file (VtKioskKeyList  *self,
                            const char      *path,
                            GError         **error)
{
  g_autofree char *text = NULL;
  g_autofree char *bad_line = NULL;
  g_autoptr(GError) local_error = NULL;
  guint bad;

  g_return_val_if_fail (self != NULL && path != NULL, FALSE);

  if (!g_file_get_contents (path, &text, NULL, &local_error))
    {
      g_set_error (error, VT_KIOSK_KEY_ERROR, VT_KIOSK_KEY_ERROR_LIST,
                   _("Cannot read the file of kiosks' keys %s: %s"), path, local_error->message);
      return FALSE;
    }
  bad = vt_kiosk_key_list_add_text (self, text, &bad_line);
  if (bad != 0)
    {
      g_set_error (error, VT_KIOSK_KEY_ERROR, VT_KIOSK_KEY_ERROR_LIST,
                   _("%s:%u: “%s” is not a kiosk and its public key; copy the line as "
                     "“ventanilla-ctl receipt public-key” prints it on that kiosk"),
                   path, bad, bad_line);
      return FALSE;
    }
  return TRUE;
}

void
vt_kiosk_key_list_foreach (VtKioskKeyList     *self,
                           VtKioskKeyListFunc  func,
                           gpointer            user_data)
{
  GHashTableIter iter;
  gpointer id, key;

  g_return_if_fail (self != NULL && func != NULL);
  g_hash_table_iter_init (&iter, self->keys);
  while (g_hash_table_iter_next (&iter, &id, &key))
    func (id, key, user_data);
}

const guint8 *
vt_kiosk_key_list_lookup (VtKioskKeyList *self,
                          const char     *kiosk_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  return kiosk_id != NULL ? g_hash_table_lookup (self->keys, kiosk_id) : NULL;
}

guint
vt_kiosk_key_list_get_size (VtKioskKeyList *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return g_hash_table_size (self->keys);
}
