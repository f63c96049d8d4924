/* The kiosk's Ed25519 key pair (vt-kiosk-key): made once at first use, a
 * 0600 file beside the database, the same key at every start; signatures
 * verify with its public key and with no other; a damaged file is said to
 * be damaged, never silently replaced; keys as text are read strictly. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vt-kiosk-key.h"
#include "vt-test-utils.h"

static void
test_made_once (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("kiosk-key");
  g_autofree char *path = g_build_filename (dir, VT_KIOSK_KEY_FILE_NAME, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtKioskKey) first = vt_kiosk_key_load (dir, &error);
  g_autoptr(VtKioskKey) again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "ventanilla-kiosk-key 1 "));

  again = vt_kiosk_key_load (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (vt_kiosk_key_get_public (first), VT_KIOSK_KEY_PUBLIC_BYTES,
                   vt_kiosk_key_get_public (again), VT_KIOSK_KEY_PUBLIC_BYTES);
  text = vt_kiosk_key_dup_public_text (first);
  g_assert_cmpint (strlen (text), ==, 44);
  /* Nothing is left of the temporary file it was written through. */
  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    g_assert_cmpstr (g_dir_read_name (listing), ==, VT_KIOSK_KEY_FILE_NAME);
    g_assert_null (g_dir_read_name (listing));
  }
  vt_test_rmdir_recursive (dir);
}

static void
test_sign_verify (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("kiosk-key");
  g_autofree char *other_dir = g_build_filename (dir, "other", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtKioskKey) key = vt_kiosk_key_load (dir, &error);
  g_autoptr(VtKioskKey) other = vt_kiosk_key_load (other_dir, &error);
  char message[] = "Permiso de venta, 7KQM-4XZD";
  guint8 signature[VT_KIOSK_KEY_SIGNATURE_BYTES];

  g_assert_no_error (error);
  vt_kiosk_key_sign (key, message, strlen (message), signature);
  g_assert_true (vt_kiosk_key_verify (vt_kiosk_key_get_public (key), message, strlen (message), signature));
  g_assert_false (vt_kiosk_key_verify (vt_kiosk_key_get_public (other), message, strlen (message), signature));
  message[0] ^= 1;
  g_assert_false (vt_kiosk_key_verify (vt_kiosk_key_get_public (key), message, strlen (message), signature));
  message[0] ^= 1;
  signature[10] ^= 0x40;
  g_assert_false (vt_kiosk_key_verify (vt_kiosk_key_get_public (key), message, strlen (message), signature));
  vt_test_rmdir_recursive (dir);
}

static void
test_damaged (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("kiosk-key");
  g_autofree char *path = vt_test_write_file (dir, VT_KIOSK_KEY_FILE_NAME, "ventanilla-kiosk-key 1 nonsense\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(VtKioskKey) key = vt_kiosk_key_load (dir, &error);
  g_autofree char *after = NULL;

  g_assert_null (key);
  g_assert_error (error, VT_KIOSK_KEY_ERROR, VT_KIOSK_KEY_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "backup"));
  /* Left as it was, for technical support. */
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "ventanilla-kiosk-key 1 nonsense\n");
  vt_test_rmdir_recursive (dir);
}

/* One text per key: libsodium's decoder alone also takes characters with
 * the high bit set and stray bits in the last character. */
static void
test_strict_text (void)
{
  const char *good = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  guint8 key[32];
  g_autofree char *back = NULL;
  char text[64];

  g_assert_true (vt_kiosk_key_decode (good, key, sizeof key));
  g_assert_cmpint (key[31], ==, 31);
  back = vt_kiosk_key_encode (key, sizeof key);
  g_assert_cmpstr (back, ==, good);
  g_assert_true (vt_kiosk_key_decode ("  AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", key, sizeof key));

  for (gsize i = 0; i < strlen (good); i++)
    for (int bit = 0; bit < 8; bit++)
      {
        guint8 other[32];

        strcpy (text, good);
        text[i] ^= (char) (1 << bit);
        /* A flipped character is another key, or no key; never this one. */
        if (vt_kiosk_key_decode (text, other, sizeof other))
          g_assert_true (memcmp (other, key, sizeof key) != 0);
      }
  g_assert_false (vt_kiosk_key_decode ("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==", key, sizeof key));
  g_assert_false (vt_kiosk_key_decode ("", key, sizeof key));
  g_assert_false (vt_kiosk_key_decode (NULL, key, sizeof key));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vt/kiosk-key/made-once", test_made_once);
  g_test_add_func ("/vt/kiosk-key/sign-verify", test_sign_verify);
  g_test_add_func ("/vt/kiosk-key/damaged", test_damaged);
  g_test_add_func ("/vt/kiosk-key/strict-text", test_strict_text);
  return g_test_run ();
}
