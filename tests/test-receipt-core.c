/* vt-receipt: what a citizen takes home, without a store or a display. */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "vt-receipt-pdf.h"
#include "vt-receipt.h"

static const guint8 test_key[VT_RECEIPT_CODE_KEY_BYTES] = {
  0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
  0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
};

/* Random codes are well formed and their check character catches the
 * mistakes people make typing them; what is not a code says why. */
static void
test_codes (void)
{
  static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint transpositions = 0, caught = 0;

  for (int n = 0; n < 2000; n++)
    {
      g_autofree char *code = vt_receipt_code_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *normal = vt_receipt_code_normalize (code, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (normal, ==, code);
      g_assert_cmpint (strlen (code), ==, 9);
      for (int i = 0; i < 9; i++)
        {
          if (i == 4)
            g_assert_cmpint (code[i], ==, '-');
          else
            g_assert_nonnull (strchr (alphabet, code[i]));
        }
      g_hash_table_add (seen, g_strdup (code));

      if (n < 50)
        {
          /* Every single wrong character is caught. */
          for (int i = 0; i < 9; i++)
            for (int k = 0; k < 32; k++)
              {
                g_autofree char *wrong = g_strdup (code);
                g_autofree char *result = NULL;

                if (i == 4 || alphabet[k] == code[i])
                  continue;
                wrong[i] = alphabet[k];
                result = vt_receipt_code_normalize (wrong, NULL);
                g_assert_null (result);
              }
          /* Swapped neighbours are caught almost always. */
          for (int i = 0; i + 1 < 9; i++)
            {
              g_autofree char *wrong = g_strdup (code);
              g_autofree char *result = NULL;
              char c;

              if (i == 3 || i == 4 || code[i] == code[i + 1])
                continue;
              c = wrong[i], wrong[i] = wrong[i + 1], wrong[i + 1] = c;
              transpositions++;
              result = vt_receipt_code_normalize (wrong, NULL);
              if (result == NULL)
                caught++;
            }
        }
    }
  g_assert_cmpuint (g_hash_table_size (seen), >=, 1999);
  g_assert_cmpuint (caught * 100, >=, transpositions * 95);

  {
    g_autoptr(GError) error = NULL;
    g_assert_null (vt_receipt_code_normalize ("ABCD-EFG0", &error));
    g_assert_error (error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "“0”"));
  }
  {
    g_autoptr(GError) error = NULL;
    g_assert_null (vt_receipt_code_normalize ("ABC-DEF", &error));
    g_assert_error (error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "8"));
  }
  {
    g_autoptr(GError) error = NULL;
    g_assert_null (vt_receipt_code_normalize ("ABCD/EFGH", &error));
    g_assert_error (error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_INVALID);
  }
}

/* A person types a code as they read it: any case, spaces, no dash. */
static void
test_codes_typed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = vt_receipt_code_for_serial (test_key, 1);
  g_autofree char *typed = g_ascii_strdown (code, -1);
  g_autofree char *normal = NULL;

  typed[4] = ' ';
  normal = vt_receipt_code_normalize (typed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (normal, ==, code);
}

/* The codes a store derives from its row numbers never change between
 * releases: a receipt printed years ago must still find its application.
 * These were computed by the store before the derivation moved here. */
static void
test_derived_codes_known (void)
{
  static const struct
  {
    guint64     serial;
    const char *code;
  } known[] = {
    { 1, "TYSZ-96BV" },
    { 2, "A26U-CKFH" },
    { 3, "83MK-KFRW" },
    { 1000, "FA6R-FDW3" },
    { 123456789, "XKQ5-8YZV" },
    { VT_RECEIPT_MAX_SERIAL, "XLCJ-CRH8" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_autofree char *code = vt_receipt_code_for_serial (test_key, known[i].serial);
      g_autofree char *normal = vt_receipt_code_normalize (code, NULL);

      g_assert_cmpstr (code, ==, known[i].code);
      g_assert_cmpstr (normal, ==, code);
      g_assert_cmpuint (vt_receipt_serial_for_code (test_key, code), ==, known[i].serial);
    }
}

/* Distinct serials give distinct codes, and another key other codes. */
static void
test_derived_codes_distinct (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint8 other_key[VT_RECEIPT_CODE_KEY_BYTES];
  guint same = 0;

  memcpy (other_key, test_key, sizeof other_key);
  other_key[0] ^= 1;
  for (guint64 serial = 1; serial <= 5000; serial++)
    {
      char *code = vt_receipt_code_for_serial (test_key, serial);
      g_autofree char *other = vt_receipt_code_for_serial (other_key, serial);

      g_assert_false (g_hash_table_contains (seen, code));
      g_assert_cmpuint (vt_receipt_serial_for_code (test_key, code), ==, serial);
      if (g_str_equal (code, other))
        same++;
      g_hash_table_add (seen, code);
    }
  g_assert_cmpuint (same, <, 5);
}

/* The QR code carries the reference code and the instanceID. */
static void
test_qr_payload (void)
{
  VtReceipt receipt = {
    .reference_code = (char *) "7KQM-4TZC",
    .instance_id = (char *) "uuid:6c1e1bd9-8a38-4c31-9a3e-4f0b0c2d9e11",
    .service_title = (char *) "Permiso de venta",
    .created_at = (gint64) 1795000000 * G_USEC_PER_SEC,
  };
  g_autofree char *payload = vt_receipt_dup_qr_payload (&receipt);
  g_autoptr(VtReceipt) copy = vt_receipt_copy (&receipt);
  g_autofree char *copied = vt_receipt_dup_qr_payload (copy);

  g_assert_cmpstr (payload, ==, "7KQM-4TZC uuid:6c1e1bd9-8a38-4c31-9a3e-4f0b0c2d9e11");
  g_assert_cmpstr (copied, ==, payload);
  g_assert_cmpstr (copy->service_title, ==, "Permiso de venta");
  g_assert_cmpint (copy->created_at, ==, receipt.created_at);
  g_assert_null (copy->language);
}

/* The QR code's modules: a real QR size, the three finder patterns; a
 * text too long for any QR code has none. */
static void
test_qr_encode (void)
{
  guint size = 99;
  g_autofree guint8 *modules = vt_receipt_qr_encode ("7KQ4-MZ3A uuid:2f9c7e1e-3b7a-4f0e-9a55-0c1d2e3f4a5b", &size);
  g_autofree char *huge = g_strnfill (8000, 'x');
  g_autofree guint8 *none = NULL;

  g_assert_nonnull (modules);
  g_assert_cmpuint (size, >=, 25);
  g_assert_cmpuint ((size - 17) % 4, ==, 0);
  for (guint i = 0; i < 7; i++)
    {
      g_assert_true (modules[i]);                           /* top left, top row */
      g_assert_true (modules[i * size]);                    /* top left, left column */
      g_assert_true (modules[size - 1 - i]);                /* top right */
      g_assert_true (modules[(size - 1 - i) * size]);       /* bottom left */
    }
  g_assert_false (modules[1 * size + 1]);
  g_assert_true (modules[3 * size + 3]);

  none = vt_receipt_qr_encode (huge, &size);
  g_assert_null (none);
  g_assert_cmpuint (size, ==, 0);
}

/* The printed receipt is a one-page PDF that says what the screen says
 * (pdftotext finds its lines), made in memory. */
static void
test_render_pdf (void)
{
  const VtReceipt receipt = {
    .reference_code = (char *) "7KQ4-MZ3A",
    .instance_id = (char *) "uuid:2f9c7e1e-3b7a-4f0e-9a55-0c1d2e3f4a5b",
    .service_title = (char *) "Birth certificate copy",
  };
  const VtReceiptSheet sheet = {
    .office_name = "Town hall of San Marcos",
    .received = "Received on 28/11/2026 at 15:40",
    .files = "Files attached:\nid-card.jpg (1.2 MB)",
    .status = "Status: sent to the office.",
  };
  const char *argv[] = { "pdftotext", "-", "-", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = vt_receipt_render_pdf (&receipt, &sheet, &error);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (pdf, NULL), "%PDF-"));
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate (process, pdf, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  for (const char * const *line = (const char *[]) { "7KQ4-MZ3A", "Birth certificate copy", "Town hall of San Marcos",
                                                     "Received on 28/11/2026 at 15:40", "id-card.jpg (1.2 MB)",
                                                     "Status: sent to the office.", "Your reference code", NULL };
       *line != NULL; line++)
    if (strstr (text, *line) == NULL)
      g_error ("the PDF lacks \"%s\"; it says:\n%s", *line, text);
  /* One page. */
  g_assert_cmpint (strstr (text, "\f") - text, ==, (int) strlen (text) - 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vt/receipt-core/codes", test_codes);
  g_test_add_func ("/vt/receipt-core/codes-typed", test_codes_typed);
  g_test_add_func ("/vt/receipt-core/derived-codes-known", test_derived_codes_known);
  g_test_add_func ("/vt/receipt-core/derived-codes-distinct", test_derived_codes_distinct);
  g_test_add_func ("/vt/receipt-core/qr-payload", test_qr_payload);
  g_test_add_func ("/vt/receipt-core/qr-encode", test_qr_encode);
  g_test_add_func ("/vt/receipt-core/render-pdf", test_render_pdf);
  return g_test_run ();
}
