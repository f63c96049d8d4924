/* The kiosk's Ed25519 key pair (vt-kiosk-key): made once at first use, a
 * 0600 file beside the database, the same key at every start; signatures
 * verify with its public key and with no other; a damaged file is said to
 * be damaged, never silently replaced; a file others can read is refused
 * with the command that fixes it; keys as text are read strictly; files of
 * known kiosks' keys are read line by line, or refused naming the line. */
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
  g_autoptr(VtKioskKey) key = NULL;
  g_autofree char *after = NULL;

  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  key = vt_kiosk_key_load (dir, &error);

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

/* A key file others could read is refused, saying how to fix it, and
 * works again once it is private; nothing replaces it meanwhile. */
static void
test_permissions (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("kiosk-key");
  g_autofree char *path = g_build_filename (dir, VT_KIOSK_KEY_FILE_NAME, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtKioskKey) first = vt_kiosk_key_load (dir, &error);
  g_autoptr(VtKioskKey) refused = NULL;
  g_autoptr(VtKioskKey) existing = NULL;
  g_autoptr(VtKioskKey) again = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);

  refused = vt_kiosk_key_load (dir, &error);
  g_assert_null (refused);
  g_assert_error (error, VT_KIOSK_KEY_ERROR, VT_KIOSK_KEY_ERROR_PERMISSIONS);
  g_assert_nonnull (strstr (error->message, "chmod 600"));
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "0644"));
  g_clear_error (&error);
  existing = vt_kiosk_key_load_existing (dir, &error);
  g_assert_null (existing);
  g_assert_error (error, VT_KIOSK_KEY_ERROR, VT_KIOSK_KEY_ERROR_PERMISSIONS);
  g_clear_error (&error);
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  g_assert_null (vt_kiosk_key_load (dir, &error));
  g_assert_error (error, VT_KIOSK_KEY_ERROR, VT_KIOSK_KEY_ERROR_PERMISSIONS);
  g_clear_error (&error);
  /* Left as it was: the kiosk never makes a new key over a refused one. */
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);

  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  again = vt_kiosk_key_load (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (vt_kiosk_key_get_public (first), VT_KIOSK_KEY_PUBLIC_BYTES,
                   vt_kiosk_key_get_public (again), VT_KIOSK_KEY_PUBLIC_BYTES);
  vt_test_rmdir_recursive (dir);
}

/* A machine that only checks signatures finds no key and makes none. */
static void
test_load_existing (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("kiosk-key");
  g_autofree char *path = g_build_filename (dir, VT_KIOSK_KEY_FILE_NAME, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtKioskKey) none = vt_kiosk_key_load_existing (dir, &error);
  g_autoptr(VtKioskKey) made = NULL;
  g_autoptr(VtKioskKey) found = NULL;

  g_assert_no_error (error);
  g_assert_null (none);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  made = vt_kiosk_key_load (dir, &error);
  found = vt_kiosk_key_load_existing (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (vt_kiosk_key_get_public (made), VT_KIOSK_KEY_PUBLIC_BYTES,
                   vt_kiosk_key_get_public (found), VT_KIOSK_KEY_PUBLIC_BYTES);
  vt_test_rmdir_recursive (dir);
}

/* Files of known kiosks: ids (or names with spaces), comments, blank
 * lines; a bad line is refused with its file and number and adds nothing. */
static void
test_key_list (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("kiosk-key");
  g_autofree char *a_dir = g_build_filename (dir, "a", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtKioskKey) a = vt_kiosk_key_load (a_dir, &error);
  g_autofree char *a_text = vt_kiosk_key_dup_public_text (a);
  g_autofree char *good_text = g_strdup_printf ("# kiosks of the municipality\n\n"
                                                "ventanilla:00112233aabbccdd %s\n"
                                                "  Town hall, kiosk 2   AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=  \n",
                                                a_text);
  g_autofree char *good = vt_test_write_file (dir, "good.keys", good_text);
  g_autofree char *bad = vt_test_write_file (dir, "bad.keys",
                                             "ventanilla:0000000000000001 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
                                             "ventanilla:0000000000000002 not-a-key\n");
  g_autofree char *missing = g_build_filename (dir, "missing.keys", NULL);
  g_autoptr(VtKioskKeyList) list = vt_kiosk_key_list_new ();
  const guint8 *found;

  g_assert_true (vt_kiosk_key_list_add_file (list, good, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vt_kiosk_key_list_get_size (list), ==, 2);
  found = vt_kiosk_key_list_lookup (list, "ventanilla:00112233aabbccdd");
  g_assert_nonnull (found);
  g_assert_cmpmem (found, VT_KIOSK_KEY_PUBLIC_BYTES, vt_kiosk_key_get_public (a), VT_KIOSK_KEY_PUBLIC_BYTES);
  found = vt_kiosk_key_list_lookup (list, "Town hall, kiosk 2");
  g_assert_nonnull (found);
  g_assert_cmpint (found[31], ==, 31);
  g_assert_null (vt_kiosk_key_list_lookup (list, "ventanilla:ffffffffffffffff"));
  g_assert_null (vt_kiosk_key_list_lookup (list, NULL));

  g_assert_false (vt_kiosk_key_list_add_file (list, bad, &error));
  g_assert_error (error, VT_KIOSK_KEY_ERROR, VT_KIOSK_KEY_ERROR_LIST);
  g_assert_nonnull (strstr (error->message, "bad.keys:2"));
  g_assert_nonnull (strstr (error->message, "receipt public-key"));
  g_clear_error (&error);
  g_assert_null (vt_kiosk_key_list_lookup (list, "ventanilla:0000000000000001"));
  g_assert_cmpuint (vt_kiosk_key_list_get_size (list), ==, 2);

  g_assert_false (vt_kiosk_key_list_add_file (list, missing, &error));
  g_assert_error (error, VT_KIOSK_KEY_ERROR, VT_KIOSK_KEY_ERROR_LIST);
  g_assert_nonnull (strstr (error->message, missing));
  vt_test_rmdir_recursive (dir);
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
  g_test_add_func ("/vt/kiosk-key/permissions", test_permissions);
  g_test_add_func ("/vt/kiosk-key/load-existing", test_load_existing);
  g_test_add_func ("/vt/kiosk-key/key-list", test_key_list);
  return g_test_run ();
}
