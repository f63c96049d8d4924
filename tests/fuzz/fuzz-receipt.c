/* A receipt's reference code as a citizen types it on the keypad, or a
 * scanner types the receipt's QR into the clerk's search: normalised, and
 * every code it accepts stands for exactly one number, which gives it
 * back. */
#include "config.h"

#include <string.h>

#include "vt-fuzz.h"
#include "vt-receipt.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const guint8 key[VT_RECEIPT_CODE_KEY_BYTES] = "ventanilla-fuzz";
  g_autofree char *typed = NULL;
  g_autofree char *code = NULL;
  g_autoptr(GError) error = NULL;
  guint64 serial;

  vt_fuzz_init ();
  if (size > 4096)
    return 0;
  typed = vt_fuzz_string (data, size);
  code = vt_receipt_code_normalize (typed, &error);
  if (code == NULL)
    {
      g_assert (error != NULL && error->message[0] != '\0');
      return 0;
    }
  /* Canonical: XXXX-XXXX, and normalising it again changes nothing. */
  g_assert (strlen (code) == 9 && code[4] == '-');
  {
    g_autofree char *again = vt_receipt_code_normalize (code, NULL);

    g_assert (g_strcmp0 (again, code) == 0);
  }
  serial = vt_receipt_serial_for_code (key, code);
  if (serial >= 1 && serial <= VT_RECEIPT_MAX_SERIAL)
    {
      g_autofree char *back = vt_receipt_code_for_serial (key, serial);

      g_assert (g_strcmp0 (back, code) == 0);
    }
  return 0;
}
