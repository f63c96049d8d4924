/* What a citizen takes home: the receipt record, its QR payload, and
 * reference codes (checking what a person typed, and deriving codes from
 * numbers with a keyed permutation).  SQL-free: vt-store-records.c keeps
 * receipts, this says what they are. */
#define G_LOG_DOMAIN "vt-receipt"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "vt-receipt-private.h"
#include "vt-barcode.h"
#include "vt-receipt.h"

G_DEFINE_QUARK (vt-receipt-error-quark, vt_receipt_error)

G_STATIC_ASSERT (VT_RECEIPT_CODE_KEY_BYTES == crypto_shorthash_KEYBYTES);

VtReceipt *
vt_receipt_copy (const VtReceipt *self)
{
  VtReceipt *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (VtReceipt, 1);
  copy->reference_code = g_strdup (self->reference_code);
  copy->instance_id = g_strdup (self->instance_id);
  copy->form_id = g_strdup (self->form_id);
  copy->form_version = g_strdup (self->form_version);
  copy->service_title = g_strdup (self->service_title);
  copy->language = g_strdup (self->language);
  copy->assisted_by = g_strdup (self->assisted_by);
  copy->created_at = self->created_at;
  copy->sent = self->sent;
  return copy;
}

void
vt_receipt_free (VtReceipt *self)
{
  if (self == NULL)
    return;
  g_free (self->reference_code);
  g_free (self->instance_id);
  g_free (self->form_id);
  g_free (self->form_version);
  g_free (self->service_title);
  g_free (self->language);
  g_free (self->assisted_by);
  g_free (self);
}

char *
vt_receipt_dup_qr_payload (const VtReceipt *self)
{
  g_return_val_if_fail (self != NULL && self->reference_code != NULL, NULL);

  return g_strdup_printf ("%s %s", self->reference_code,
                          self->instance_id != NULL ? self->instance_id : "");
}

guint8 *
vt_receipt_qr_encode (const char *text,
                      guint      *size)
{
  g_autoptr(VtQrMatrix) matrix = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (text != NULL && size != NULL, NULL);

  *size = 0;
  /* Level M survives a scratched printout; a signed receipt's capitals and
   * digits go in one alphanumeric stretch (vt-barcode.h). */
  matrix = vt_barcode_encode_qr (text, &error);
  if (matrix == NULL)
    {
      g_message ("%s", error->message);
      return NULL;
    }
  *size = matrix->size;
  return g_steal_pointer (&matrix->modules);
}

/* ---- reference codes ------------------------------------------------------ */

static const char code_alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
#define CODE_BASE    32
#define CODE_LENGTH  8

G_STATIC_ASSERT (sizeof code_alphabet - 1 == CODE_BASE);

static int
code_value (char c)
{
  const char *p = strchr (code_alphabet, g_ascii_toupper (c));

  return c != '\0' && p != NULL ? (int) (p - code_alphabet) : -1;
}

/* Luhn mod N: catches every single wrong character and most swaps of two
 * neighbours, the mistakes people make reading a code aloud or typing it. */
static int
luhn_sum (const int *values,
          int        n,
          int        first_factor)
{
  int factor = first_factor;
  int sum = 0;

  for (int i = n - 1; i >= 0; i--)
    {
      int addend = factor * values[i];

      factor = factor == 2 ? 1 : 2;
      sum += addend / CODE_BASE + addend % CODE_BASE;
    }
  return sum;
}

/* Seven characters and their check character, as XXXX-XXXX. */
static char *
code_format (int values[CODE_LENGTH])
{
  char text[CODE_LENGTH + 2];
  int j = 0;

  values[CODE_LENGTH - 1] = (CODE_BASE - luhn_sum (values, CODE_LENGTH - 1, 2) % CODE_BASE) % CODE_BASE;
  for (int i = 0; i < CODE_LENGTH; i++)
    {
      if (i == CODE_LENGTH / 2)
        text[j++] = '-';
      text[j++] = code_alphabet[values[i]];
    }
  text[j] = '\0';
  return g_strdup (text);
}

/* The 35-bit number a code's seven characters spell, and back: how a
 * signed payload carries a code (vt-receipt-payload.c).  The code must be
 * normalised. */
guint64
vt_receipt_code_to_number (const char *code)
{
  guint64 x = 0;
  int n = 0;

  for (const char *p = code; *p != '\0' && n < CODE_LENGTH - 1; p++)
    if (*p != '-')
      {
        x = x << 5 | (guint64) code_value (*p);
        n++;
      }
  return x;
}

char *
vt_receipt_code_from_number (guint64 number)
{
  int values[CODE_LENGTH];

  g_return_val_if_fail (number <= VT_RECEIPT_MAX_SERIAL, NULL);

  for (int i = CODE_LENGTH - 2; i >= 0; i--, number >>= 5)
    values[i] = (int) (number % CODE_BASE);
  return code_format (values);
}

char *
vt_receipt_code_new (void)
{
  int values[CODE_LENGTH];
  guint8 random[CODE_LENGTH - 1];

  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");

  /* 256 is a multiple of 32: the low five bits of a random byte are uniform. */
  randombytes_buf (random, sizeof random);
  for (int i = 0; i < CODE_LENGTH - 1; i++)
    values[i] = random[i] % CODE_BASE;
  return code_format (values);
}

/* A serial's code: the number through a permutation of the 35-bit numbers
 * that seven code characters spell, keyed by the caller (a store keys it
 * with its meta.code_key and numbers its rows).  Distinct serials get
 * distinct codes without an index to prove it, and consecutive citizens
 * get unrelated codes, so a code does not tell the next one.  The
 * permutation is a 4-round Feistel network on 36 bits (SipHash-2-4 as the
 * round function) walked until it lands below 2^35 (cycle walking). */
#define CODE_BITS       35
#define CODE_HALF_BITS  18
#define CODE_HALF_MASK  ((G_GUINT64_CONSTANT (1) << CODE_HALF_BITS) - 1)
#define CODE_ROUNDS     4

G_STATIC_ASSERT (CODE_BITS == 5 * (CODE_LENGTH - 1));
G_STATIC_ASSERT (VT_RECEIPT_MAX_SERIAL == (G_GUINT64_CONSTANT (1) << CODE_BITS) - 1);

static guint64
code_round (const guint8 *key,
            int           round,
            guint64       half)
{
  guint8 in[4] = { (guint8) round, (guint8) (half >> 16), (guint8) (half >> 8), (guint8) half };
  guint8 out[crypto_shorthash_BYTES];

  crypto_shorthash (out, in, sizeof in, key);
  return ((guint64) out[0] | (guint64) out[1] << 8 | (guint64) out[2] << 16) & CODE_HALF_MASK;
}

static guint64
code_permute (const guint8 *key,
              guint64       x,
              gboolean      inverse)
{
  do
    {
      guint64 left = x >> CODE_HALF_BITS;
      guint64 right = x & CODE_HALF_MASK;

      for (int i = 0; i < CODE_ROUNDS; i++)
        {
          guint64 t;

          if (!inverse)
            {
              t = left ^ code_round (key, i, right);
              left = right;
              right = t;
            }
          else
            {
              t = right ^ code_round (key, CODE_ROUNDS - 1 - i, left);
              right = left;
              left = t;
            }
        }
      x = left << CODE_HALF_BITS | right;
    }
  while (x >> CODE_BITS != 0);
  return x;
}

char *
vt_receipt_code_for_serial (const guint8 *key,
                            guint64       serial)
{
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (serial > 0 && serial <= VT_RECEIPT_MAX_SERIAL, NULL);

  return vt_receipt_code_from_number (code_permute (key, serial, FALSE));
}

guint64
vt_receipt_serial_for_code (const guint8 *key,
                            const char   *code)
{
  g_return_val_if_fail (key != NULL && code != NULL, 0);

  return code_permute (key, vt_receipt_code_to_number (code), TRUE);
}

char *
vt_receipt_code_normalize (const char  *typed,
                           GError     **error)
{
  int values[CODE_LENGTH];
  int n = 0;

  g_return_val_if_fail (typed != NULL, NULL);

  for (const char *p = typed; *p != '\0'; p++)
    {
      int value;

      if (*p == ' ' || *p == '-' || *p == '\t')
        continue;
      value = code_value (*p);
      if (value < 0)
        {
          if (g_ascii_isalnum (*p))
            g_set_error (error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_INVALID,
                         _("“%c” never appears in a reference code (codes have no 0, O, 1 or I). "
                           "Check the code on the receipt."), *p);
          else
            g_set_error (error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_INVALID,
                         _("A reference code has only letters and digits, like 7KQM-4TZC. "
                           "Check the code on the receipt."));
          return NULL;
        }
      if (n < CODE_LENGTH)
        values[n] = value;
      n++;
    }

  if (n != CODE_LENGTH)
    {
      g_set_error (error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_INVALID,
                   _("A reference code has 8 letters and digits, like 7KQM-4TZC, but this one has %d. "
                     "Check the code on the receipt."), n);
      return NULL;
    }
  if (luhn_sum (values, CODE_LENGTH, 1) % CODE_BASE != 0)
    {
      g_set_error (error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_INVALID,
                   _("This reference code has a typing mistake. Compare each character "
                     "with the receipt."));
      return NULL;
    }

  return code_format (values);
}
