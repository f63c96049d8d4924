/* Signed receipts (vt-receipt-payload.c, docs/RECEIPTS.md): a payload
 * signed by a kiosk verifies with its key and with no other; every flipped
 * bit, another kiosk's key, an unknown version, a cut payload and an old
 * unsigned receipt are each refused with their reason; the same receipt
 * signed again is the same text (a clerk's reprint); the QR code of a real
 * receipt from the store decodes with zbar to a payload that verifies, and
 * `ventanilla-ctl receipt show/verify/public-key` do the same from the
 * command line; the QR code stays small enough for 25 mm of paper. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vt-barcode.h"
#include "vt-form.h"
#include "vt-kiosk-identity.h"
#include "vt-kiosk-key.h"
#include "vt-receipt.h"
#include "vt-session.h"
#include "vt-store.h"
#include "vt-submission.h"
#include "vt-test-utils.h"

#define KIOSK_ID "ventanilla:3f9a0c12d4e5b678"
#define OTHER_ID "ventanilla:0011223344556677"
#define KNOWN_PAYLOAD \
  "VTAEDQCY3JRM7WWCXV24XZY7Q6HN5E6DU2KUGB2LR7JJNT7GQMCLKOLNTYDZRGS4TUNBPXEZLHNFZXI4TBORUW63S7MFYHA33JNZ2G2ZLOOQAHRRAHEHMYAQQ3ZIPTVVKUM3Y5Y5BRBUYED5O6TZXPVKTSP6RFKKQW7FGD57EY4X6KSXOS45NVSPCUOV24RWPICGW6W4BUPMTDBS4LM34LMUYM"

typedef struct
{
  char           *dir;
  VtKioskKey     *key;
  VtKioskKey     *other;
  VtKioskKeyList *keys;            /* KIOSK_ID → key, OTHER_ID → other */
  VtReceipt       receipt;
} Fixture;

/* A key from a fixed seed, so the pinned payload below never changes. */
static VtKioskKey *
key_from_seed (const char *dir,
               guint8      first_byte)
{
  guint8 seed[32];
  g_autofree char *encoded = NULL;
  g_autofree char *line = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  VtKioskKey *key;

  for (int i = 0; i < 32; i++)
    seed[i] = (guint8) (first_byte + i);
  encoded = vt_kiosk_key_encode (seed, sizeof seed);
  line = g_strdup_printf ("ventanilla-kiosk-key 1 %s\n", encoded);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  path = vt_test_write_file (dir, VT_KIOSK_KEY_FILE_NAME, line);
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  key = vt_kiosk_key_load (dir, &error);
  g_assert_no_error (error);
  return key;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  f->dir = vt_test_make_tmpdir ("receipt-signed");
  a = g_build_filename (f->dir, "a", NULL);
  b = g_build_filename (f->dir, "b", NULL);
  f->key = key_from_seed (a, 0);
  f->other = key_from_seed (b, 100);
  f->keys = vt_kiosk_key_list_new ();
  vt_kiosk_key_list_add (f->keys, KIOSK_ID, vt_kiosk_key_get_public (f->key));
  vt_kiosk_key_list_add (f->keys, OTHER_ID, vt_kiosk_key_get_public (f->other));

  f->receipt.reference_code = (char *) "7KQM-4TZB";
  f->receipt.instance_id = (char *) "uuid:2f9c7e1e-3b7a-4f0e-9a55-0c1d2e3f4a5b";
  f->receipt.form_id = (char *) "birth_registration_appointment";
  f->receipt.form_version = (char *) "2026112801";
  /* 2026-11-28T15:40:07Z and a few microseconds: only whole seconds travel. */
  f->receipt.created_at = G_GINT64_CONSTANT (1795880407) * G_USEC_PER_SEC + 123456;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  vt_kiosk_key_free (f->key);
  vt_kiosk_key_free (f->other);
  vt_kiosk_key_list_free (f->keys);
  vt_test_rmdir_recursive (f->dir);
  g_free (f->dir);
}

static char *
sign (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  char *payload = vt_receipt_dup_signed_payload (&f->receipt, KIOSK_ID, f->key, &error);

  g_assert_no_error (error);
  g_assert_nonnull (payload);
  return payload;
}

/* What was signed comes back, whole, and verifies. */
static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *text = sign (f);
  g_autofree char *again = sign (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtReceiptPayload) payload = vt_receipt_payload_parse (text, &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "VT"));
  /* Capitals and digits only: QR alphanumeric mode, any keyboard layout. */
  for (const char *p = text; *p != '\0'; p++)
    g_assert_true (g_ascii_isupper (*p) || (*p >= '2' && *p <= '7'));
  /* Ed25519 is deterministic: a reprint carries the same signature. */
  g_assert_cmpstr (text, ==, again);

  g_assert_cmpint (payload->version, ==, VT_RECEIPT_PAYLOAD_VERSION);
  g_assert_cmpstr (payload->reference_code, ==, "7KQM-4TZB");
  g_assert_cmpstr (payload->instance_id, ==, f->receipt.instance_id);
  g_assert_cmpstr (payload->form_id, ==, "birth_registration_appointment");
  g_assert_cmpstr (payload->form_version, ==, "2026112801");
  g_assert_cmpstr (payload->kiosk_id, ==, KIOSK_ID);
  g_assert_cmpint (payload->issued_at, ==, G_GINT64_CONSTANT (1795880407) * G_USEC_PER_SEC);
  g_assert_true (vt_receipt_payload_verify (payload, f->keys, &error));
  g_assert_no_error (error);

  /* A scanner's line end, spaces, caps lock: the same receipt. */
  {
    g_autofree char *lower = g_ascii_strdown (text, -1);
    g_autofree char *typed = g_strdup_printf ("  %s\r\n", lower);
    g_autoptr(VtReceiptPayload) scanned = vt_receipt_payload_parse (typed, &error);

    g_assert_no_error (error);
    g_assert_true (vt_receipt_payload_verify (scanned, f->keys, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (scanned->instance_id, ==, f->receipt.instance_id);
  }
}

/* The format pinned: a fixed key and receipt always give this text
 * (docs/RECEIPTS.md's worked example), so another implementation can
 * check itself against it. */
static void
test_known_payload (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *text = sign (f);
  g_autofree char *public_text = vt_kiosk_key_dup_public_text (f->key);

  g_test_message ("public key %s", public_text);
  g_test_message ("payload %s", text);
  g_assert_cmpstr (public_text, ==, "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=");
  g_assert_cmpstr (text, ==, KNOWN_PAYLOAD);
}

/* Fields that are not the usual shape travel as text and come back as they
 * were: an uppercase UUID, an instanceID of another tool, a kiosk id of
 * another shape, an empty version. */
static void
test_other_shapes (Fixture       *f,
                   gconstpointer  data)
{
  const char *ids[] = { "uuid:2F9C7E1E-3B7A-4F0E-9A55-0C1D2E3F4A5B", "collect:abc123", "uuid:short" };

  for (gsize i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autoptr(VtReceiptPayload) payload = NULL;
      g_autoptr(VtKioskKeyList) keys = vt_kiosk_key_list_new ();

      f->receipt.instance_id = (char *) ids[i];
      f->receipt.form_version = (char *) "";
      vt_kiosk_key_list_add (keys, "Town hall, kiosk 2", vt_kiosk_key_get_public (f->key));
      text = vt_receipt_dup_signed_payload (&f->receipt, "Town hall, kiosk 2", f->key, &error);
      g_assert_no_error (error);
      payload = vt_receipt_payload_parse (text, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (payload->instance_id, ==, ids[i]);
      g_assert_cmpstr (payload->kiosk_id, ==, "Town hall, kiosk 2");
      g_assert_cmpstr (payload->form_version, ==, "");
      g_assert_true (vt_receipt_payload_verify (payload, keys, &error));
      g_assert_no_error (error);
    }

  /* A form id no QR code could carry is refused, saying which field. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *long_id = g_strnfill (300, 'x');
    g_autofree char *text = NULL;

    f->receipt.form_id = long_id;
    text = vt_receipt_dup_signed_payload (&f->receipt, KIOSK_ID, f->key, &error);
    g_assert_null (text);
    g_assert_error (error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_TOO_LONG);
    g_assert_nonnull (strstr (error->message, "form id"));
  }
}

/* The payload's bytes, to flip them. */
static GByteArray *
decode (const char *text)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  GByteArray *out = g_byte_array_new ();
  guint32 buffer = 0;
  int bits = 0;

  for (const char *p = text + 2; *p != '\0'; p++)
    {
      buffer = buffer << 5 | (guint32) (strchr (alphabet, *p) - alphabet);
      bits += 5;
      if (bits >= 8)
        {
          guint8 byte = (guint8) (buffer >> (bits - 8));
          g_byte_array_append (out, &byte, 1);
          bits -= 8;
        }
      buffer &= (1u << bits) - 1;
    }
  return out;
}

static char *
encode (const GByteArray *bytes)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  GString *out = g_string_new ("VT");
  guint32 buffer = 0;
  int bits = 0;

  for (guint i = 0; i < bytes->len; i++)
    {
      buffer = buffer << 8 | bytes->data[i];
      bits += 8;
      while (bits >= 5)
        {
          g_string_append_c (out, alphabet[(buffer >> (bits - 5)) & 31]);
          bits -= 5;
        }
    }
  if (bits > 0)
    g_string_append_c (out, alphabet[(buffer << (5 - bits)) & 31]);
  return g_string_free (out, FALSE);
}

/* Whether text is refused, and why. */
static GQuark
refusal (const char      *text,
         VtKioskKeyList  *keys,
         int             *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtReceiptPayload) payload = vt_receipt_payload_parse (text, &error);

  if (payload != NULL)
    vt_receipt_payload_verify (payload, keys, &error);
  if (error == NULL)
    return 0;
  g_assert_cmpstr (error->message, !=, "");
  *code = error->code;
  return error->domain;
}

/* Every single bit of the payload flipped, in its bytes and in its text:
 * never valid, each refusal with a reason of its own kind. */
static void
test_flipped_bits (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *text = sign (f);
  g_autoptr(GByteArray) bytes = decode (text);
  guint counts[VT_RECEIPT_ERROR_TOO_LONG + 1] = { 0 };
  int code = -1;

  g_autofree char *check = encode (bytes);
  g_assert_cmpstr (check, ==, text);
  g_assert_cmpint (refusal (text, f->keys, &code), ==, 0);

  for (guint i = 0; i < bytes->len; i++)
    for (int bit = 0; bit < 8; bit++)
      {
        g_autofree char *flipped = NULL;

        bytes->data[i] ^= (guint8) (1 << bit);
        flipped = encode (bytes);
        bytes->data[i] ^= (guint8) (1 << bit);
        g_assert_cmpint (refusal (flipped, f->keys, &code), ==, VT_RECEIPT_ERROR);
        counts[code]++;
        /* The first byte is the version. */
        if (i == 0)
          g_assert_cmpint (code, ==, VT_RECEIPT_ERROR_UNKNOWN_VERSION);
        /* The time is signed: a changed time is a bad signature. */
        if (i >= 7 && i < 11)
          g_assert_cmpint (code, ==, VT_RECEIPT_ERROR_BAD_SIGNATURE);
      }
  g_assert_cmpuint (counts[VT_RECEIPT_ERROR_BAD_SIGNATURE], >, 8 * 64);
  g_assert_cmpuint (counts[VT_RECEIPT_ERROR_UNKNOWN_VERSION], ==, 8);

  /* And in the text itself: each character changed to every other one. */
  for (gsize i = 0; text[i] != '\0'; i++)
    for (int bit = 0; bit < 7; bit++)
      {
        g_autofree char *flipped = g_strdup (text);

        flipped[i] ^= (char) (1 << bit);
        if (g_ascii_tolower (flipped[i]) == g_ascii_tolower (text[i]) || g_ascii_isspace (flipped[i]))
          continue;              /* the same letter in the other case, or a space a scanner may add */
        g_assert_cmpint (refusal (flipped, f->keys, &code), ==, VT_RECEIPT_ERROR);
      }
}

/* Signed by one kiosk, claimed for another: the signature does not match;
 * signed by a kiosk not on the list: not known here; each message says so. */
static void
test_other_kiosk (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *forged = vt_receipt_dup_signed_payload (&f->receipt, KIOSK_ID, f->other, &error);
  g_autofree char *unknown = vt_receipt_dup_signed_payload (&f->receipt, "ventanilla:aaaaaaaaaaaaaaaa",
                                                            f->key, &error);
  g_autoptr(VtReceiptPayload) payload = NULL;
  g_autoptr(VtKioskKeyList) swapped = vt_kiosk_key_list_new ();
  g_autofree char *text = sign (f);

  g_assert_no_error (error);
  payload = vt_receipt_payload_parse (forged, &error);
  g_assert_no_error (error);
  g_assert_false (vt_receipt_payload_verify (payload, f->keys, &error));
  g_assert_error (error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_BAD_SIGNATURE);
  g_assert_nonnull (strstr (error->message, KIOSK_ID));
  g_clear_error (&error);
  g_clear_pointer (&payload, vt_receipt_payload_free);

  payload = vt_receipt_payload_parse (unknown, &error);
  g_assert_no_error (error);
  g_assert_false (vt_receipt_payload_verify (payload, f->keys, &error));
  g_assert_error (error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_UNKNOWN_KIOSK);
  g_assert_nonnull (strstr (error->message, "ventanilla:aaaaaaaaaaaaaaaa"));
  g_clear_error (&error);
  g_clear_pointer (&payload, vt_receipt_payload_free);

  /* A genuine receipt checked against a list holding another kiosk's key
   * under its id. */
  vt_kiosk_key_list_add (swapped, KIOSK_ID, vt_kiosk_key_get_public (f->other));
  payload = vt_receipt_payload_parse (text, &error);
  g_assert_false (vt_receipt_payload_verify (payload, swapped, &error));
  g_assert_error (error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_BAD_SIGNATURE);
}

/* A newer format, a payload cut short or padded, what is no receipt at
 * all, and a receipt printed before signatures: each said for what it is. */
static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *text = sign (f);
  g_autoptr(GByteArray) bytes = decode (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtReceiptPayload) old = NULL;
  g_autofree char *newer = NULL;
  g_autofree char *cut = g_strndup (text, strlen (text) - 8);
  g_autofree char *longer = g_strconcat (text, "AAAAAAAA", NULL);
  const char *not_receipts[] = { "", "hello", "https://example.org/", "VT!!", "7KQM 4TZC 12" };
  int code = -1;

  bytes->data[0] = 2;
  newer = encode (bytes);
  g_assert_null (vt_receipt_payload_parse (newer, &error));
  g_assert_error (error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_UNKNOWN_VERSION);
  g_assert_nonnull (strstr (error->message, "(2)"));
  g_clear_error (&error);

  g_assert_null (vt_receipt_payload_parse (cut, &error));
  g_assert_error (error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_DAMAGED);
  g_clear_error (&error);
  g_assert_null (vt_receipt_payload_parse (longer, &error));
  g_assert_error (error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_DAMAGED);
  g_clear_error (&error);

  for (gsize i = 0; i < G_N_ELEMENTS (not_receipts); i++)
    {
      g_assert_cmpint (refusal (not_receipts[i], f->keys, &code), ==, VT_RECEIPT_ERROR);
      g_assert_cmpint (code, ==, VT_RECEIPT_ERROR_NOT_A_RECEIPT);
    }

  /* Format 0, "<code> <instanceID>": read, but never taken as signed. */
  old = vt_receipt_payload_parse ("7kqm-4tzb uuid:2f9c7e1e-3b7a-4f0e-9a55-0c1d2e3f4a5b\n", &error);
  g_assert_no_error (error);
  g_assert_cmpint (old->version, ==, 0);
  g_assert_cmpstr (old->reference_code, ==, "7KQM-4TZB");
  g_assert_cmpstr (old->instance_id, ==, "uuid:2f9c7e1e-3b7a-4f0e-9a55-0c1d2e3f4a5b");
  g_assert_false (vt_receipt_payload_verify (old, f->keys, &error));
  g_assert_error (error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_UNSIGNED);
  g_assert_nonnull (strstr (error->message, "7KQM-4TZB"));
}

/* A real application stored, its receipt signed as the kiosk signs it, the
 * QR code drawn to a PNG and read back by zbar: the payload verifies. */
static char *
store_application (const char  *data_dir,
                   const char  *form_file,
                   char       **instance_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (vt_test_source_root (), "data", "forms", form_file, NULL);
  g_autoptr(VtForm) form = vt_form_load_file (path, &error);
  g_autoptr(VtSession) session = NULL;
  g_autoptr(VtSubmission) submission = NULL;
  g_autoptr(VtStore) store = NULL;
  VtStoreEnqueueOptions options = { .service_title = "Servicio" };
  char *code;

  g_assert_no_error (error);
  session = vt_session_new (form, NULL, &error);
  g_assert_no_error (error);
  /* Validation is the form engine's business: a store takes what it gets. */
  submission = g_new0 (VtSubmission, 1);
  submission->instance_id = g_strdup (vt_session_get_instance_id (session));
  submission->form_id = g_strdup (vt_form_get_id (form));
  submission->form_version = g_strdup (vt_form_get_version (form));
  submission->xml = g_strdup_printf ("<data id=\"%s\"><meta><instanceID>%s</instanceID></meta></data>",
                                     submission->form_id, submission->instance_id);
  store = vt_store_open (data_dir, &error);
  g_assert_no_error (error);
  code = vt_store_enqueue (store, submission, &options, &error);
  g_assert_no_error (error);
  *instance_id = g_strdup (submission->instance_id);
  return code;
}

static void
test_qr_of_real_receipt (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *data_dir = g_build_filename (f->dir, "kiosk", NULL);
  g_autofree char *png = g_build_filename (f->dir, "receipt.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) forms = NULL;
  g_autofree char *forms_dir = g_build_filename (vt_test_source_root (), "data", "forms", NULL);
  const char *name;
  int largest = 0;

  forms = g_dir_open (forms_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (forms)) != NULL)
    {
      g_autofree char *instance_id = NULL;
      g_autofree char *code = NULL;
      g_autofree char *kiosk_id = NULL;
      g_autofree char *text = NULL;
      g_autoptr(VtStore) store = NULL;
      g_autoptr(VtReceipt) receipt = NULL;
      g_autoptr(VtKioskKey) key = NULL;
      g_autoptr(VtKioskKeyList) keys = vt_kiosk_key_list_new ();
      g_autoptr(VtQrMatrix) matrix = NULL;
      g_autoptr(GPtrArray) codes = NULL;
      g_autoptr(VtReceiptPayload) payload = NULL;
      VtBarcode *read;

      if (!g_str_has_suffix (name, ".xml"))
        continue;
      code = store_application (data_dir, name, &instance_id);
      store = vt_store_open (data_dir, &error);
      g_assert_no_error (error);
      receipt = vt_store_get_receipt_for (store, instance_id, &error);
      g_assert_no_error (error);
      kiosk_id = vt_kiosk_identity_get (store, &error);
      g_assert_no_error (error);
      g_assert_true (vt_kiosk_identity_is_valid (kiosk_id));
      key = vt_kiosk_key_load (data_dir, &error);
      g_assert_no_error (error);
      vt_kiosk_key_list_add (keys, kiosk_id, vt_kiosk_key_get_public (key));

      text = vt_receipt_dup_signed_payload (receipt, kiosk_id, key, &error);
      g_assert_no_error (error);
      matrix = vt_barcode_encode_qr (text, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (matrix->size, ==, 17 + 4 * matrix->version);
      g_test_message ("%s: %zu characters, QR version %d (%u modules, %.2f mm a module at 25 mm)",
                      name, strlen (text), matrix->version, matrix->size, 25.0 / (matrix->size + 8));
      largest = MAX (largest, matrix->version);

      /* Two pixels a module, as a coarse camera would see it. */
      g_assert_true (vt_qr_matrix_write_png (matrix, 2, png, &error));
      g_assert_no_error (error);
      codes = vt_barcode_read_file (png, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (codes->len, ==, 1);
      read = g_ptr_array_index (codes, 0);
      g_assert_cmpstr (read->type, ==, "QR-Code");
      g_assert_cmpstr (read->text, ==, text);

      payload = vt_receipt_payload_parse (read->text, &error);
      g_assert_no_error (error);
      g_assert_true (vt_receipt_payload_verify (payload, keys, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (payload->reference_code, ==, code);
      g_assert_cmpstr (payload->instance_id, ==, instance_id);
      g_assert_cmpint (payload->issued_at, ==, receipt->created_at / G_USEC_PER_SEC * G_USEC_PER_SEC);
    }
  /* Version 8 is 49 modules, 57 with the margin: 0.44 mm a module printed
   * 25 mm wide, which a phone's camera reads from paper. */
  g_assert_cmpint (largest, <=, 8);
}

/* A picture with no code, and a file that is no picture. */
static void
test_unreadable_images (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *not_image = vt_test_write_file (f->dir, "note.png", "not a picture");
  g_autofree char *blank = g_build_filename (f->dir, "blank.png", NULL);
  guint8 white[64 * 64];

  g_assert_null (vt_barcode_read_file (not_image, &error));
  g_assert_error (error, VT_BARCODE_ERROR, VT_BARCODE_ERROR_IMAGE);
  g_clear_error (&error);

  memset (white, 255, sizeof white);
  g_assert_cmpuint (vt_barcode_read_gray (white, 64, 64, 64)->len, ==, 0);
  {
    g_autoptr(VtQrMatrix) matrix = vt_barcode_encode_qr ("x", &error);

    /* A one-module "code": the matrix written, its modules cleared. */
    memset (matrix->modules, 0, (gsize) matrix->size * matrix->size);
    g_assert_true (vt_qr_matrix_write_png (matrix, 4, blank, &error));
  }
  g_assert_null (vt_barcode_read_file (blank, &error));
  g_assert_error (error, VT_BARCODE_ERROR, VT_BARCODE_ERROR_NOT_FOUND);
}

/* The command line: public-key prints the line --keys takes; show prints
 * the payload and writes the PNG; verify reads the text or the PNG, says
 * valid with who and when, and refuses another kiosk's key or a changed
 * payload with exit 1 and the reason. */
static void
test_ctl (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *data_dir = g_build_filename (f->dir, "ctl-kiosk", NULL);
  g_autofree char *other_dir = g_build_filename (f->dir, "ctl-other", NULL);
  g_autofree char *png = g_build_filename (f->dir, "show.png", NULL);
  g_autofree char *keys_file = NULL;
  g_autofree char *other_keys = NULL;
  g_autofree char *instance_id = NULL;
  g_autofree char *code = store_application (data_dir, "business_permit.xml", &instance_id);
  g_autofree char *key_line = NULL, *other_line = NULL, *payload = NULL, *by_code = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *changed = NULL;
  g_auto(GStrv) words = NULL;
  int status;

  status = vt_test_run_ctl (&key_line, &err, "--data-dir", data_dir, "receipt", "public-key", NULL);
  g_assert_cmpint (status, ==, 0);
  words = g_strsplit (g_strstrip (key_line), " ", -1);
  g_assert_cmpuint (g_strv_length (words), ==, 2);
  g_assert_true (vt_kiosk_identity_is_valid (words[0]));
  g_assert_cmpint (strlen (words[1]), ==, 44);
  keys_file = vt_test_write_file (f->dir, "kiosks.keys", key_line);
  g_clear_pointer (&err, g_free);
  status = vt_test_run_ctl (&other_line, &err, "--data-dir", other_dir, "receipt", "public-key", NULL);
  g_assert_cmpint (status, ==, 0);
  /* Another kiosk's key under this kiosk's id. */
  {
    g_auto(GStrv) other_words = g_strsplit (g_strstrip (other_line), " ", -1);
    g_autofree char *line = g_strdup_printf ("%s %s\n", words[0], other_words[1]);
    other_keys = vt_test_write_file (f->dir, "other.keys", line);
  }

  g_clear_pointer (&err, g_free);
  status = vt_test_run_ctl (&payload, &err, "--data-dir", data_dir, "receipt", "show", instance_id,
                            "--png", png, NULL);
  g_assert_cmpint (status, ==, 0);
  g_strstrip (payload);
  g_assert_true (g_str_has_prefix (payload, "VT"));
  g_assert_nonnull (strstr (err, "QR code version"));
  g_clear_pointer (&err, g_free);
  status = vt_test_run_ctl (&by_code, &err, "--data-dir", data_dir, "receipt", "show", code, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (g_strstrip (by_code), ==, payload);

  for (int i = 0; i < 2; i++)
    {
      g_autofree char *expected = g_strdup_printf ("valid, issued by kiosk %s at ", words[0]);

      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      /* Offline, on another machine: only the keys file. */
      status = vt_test_run_ctl (&out, &err, "--data-dir", other_dir, "receipt", "verify",
                                i == 0 ? payload : png, "--keys", keys_file, NULL);
      g_assert_cmpint (status, ==, 0);
      g_assert_true (g_str_has_prefix (out, expected));
      g_assert_nonnull (strstr (out, code));
      g_assert_nonnull (strstr (out, instance_id));
      g_assert_nonnull (strstr (out, "business_permit"));
    }
  /* On the kiosk itself no --keys is needed. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = vt_test_run_ctl (&out, &err, "--data-dir", data_dir, "receipt", "verify", payload, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "valid, issued by kiosk"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = vt_test_run_ctl (&out, &err, "receipt", "verify", payload, "--keys", other_keys, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_true (g_str_has_prefix (out, "not valid: "));
  g_assert_nonnull (strstr (out, "signature does not match"));

  changed = g_strdup (payload);
  changed[40] = changed[40] == 'A' ? 'B' : 'A';
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = vt_test_run_ctl (&out, &err, "receipt", "verify", changed, "--keys", keys_file, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_true (g_str_has_prefix (out, "not valid: "));

  /* A machine with no key and no list says what to pass. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  {
    g_autofree char *empty_dir = g_build_filename (f->dir, "empty", NULL);
    g_autofree char *key_path = g_build_filename (empty_dir, VT_KIOSK_KEY_FILE_NAME, NULL);

    status = vt_test_run_ctl (&out, &err, "--data-dir", empty_dir, "receipt", "verify", payload, NULL);
    g_assert_cmpint (status, ==, 2);
    g_assert_nonnull (strstr (err, "--keys"));
    g_assert_false (g_file_test (key_path, G_FILE_TEST_EXISTS));
  }
  /* An unknown application. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = vt_test_run_ctl (&out, &err, "--data-dir", data_dir, "receipt", "show", "uuid:nothing", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (err, !=, "");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/vt/receipt-signed/round-trip", test_round_trip);
  ADD ("/vt/receipt-signed/known-payload", test_known_payload);
  ADD ("/vt/receipt-signed/other-shapes", test_other_shapes);
  ADD ("/vt/receipt-signed/flipped-bits", test_flipped_bits);
  ADD ("/vt/receipt-signed/other-kiosk", test_other_kiosk);
  ADD ("/vt/receipt-signed/refused", test_refused);
  ADD ("/vt/receipt-signed/qr-of-real-receipt", test_qr_of_real_receipt);
  ADD ("/vt/receipt-signed/unreadable-images", test_unreadable_images);
  ADD ("/vt/receipt-signed/ctl", test_ctl);
#undef ADD
  return g_test_run ();
}
