/* A receipt's reference code as a citizen types it on the keypad, or a
 * scanner types the receipt's QR into the clerk's search: normalised, and
 * every code it accepts stands for exactly one number, which gives it
 * back.  The same text read as a signed receipt's QR payload (hostile: any
 * printout can be shown to a kiosk): parsed or refused with a reason, and
 * never trusted without a key for its kiosk. */
#include "config.h"

#include <string.h>

#include "vt-fuzz.h"
#include "vt-kiosk-key.h"
#include "vt-receipt.h"

static void
read_as_payload (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtKioskKeyList) keys = NULL;
  VtReceiptPayload *payload = vt_receipt_payload_parse (text, &error);

  if (payload == NULL)
    {
      g_assert (error != NULL && error->domain == VT_RECEIPT_ERROR && error->message[0] != '\0');
      return;
    }
  g_assert (payload->reference_code != NULL && payload->instance_id != NULL);
  /* No kiosk is known: never valid, always a reason. */
  keys = vt_kiosk_key_list_new ();
  g_assert (!vt_receipt_payload_verify (payload, keys, &error));
  g_assert (error != NULL && error->domain == VT_RECEIPT_ERROR);
  vt_receipt_payload_free (payload);
}

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
  read_as_payload (typed);
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
