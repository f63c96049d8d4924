/* A receipt's signed QR payload (docs/RECEIPTS.md): packed into bytes,
 * signed with the kiosk's Ed25519 key, written as "VT" + base32; read back
 * from whatever a scanner or a camera gives, and checked against the keys
 * of the kiosks a verifier knows. */
#define G_LOG_DOMAIN "vt-receipt"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "vt-receipt-private.h"
#include "vt-receipt.h"

/* What the signature covers starts with this, so a receipt's signature
 * can never pass for the same key's signature of anything else (a
 * bundle, docs/BUNDLES.md). */
static const char signing_context[] = "ventanilla-receipt";

#define PAYLOAD_PREFIX        "VT"
#define FLAG_UUID             0x01   /* the instanceID is "uuid:" + 16 bytes */
#define FLAG_KIOSK_ID         0x02   /* the kiosk id is "ventanilla:" + 8 bytes */
#define FLAG_NUMBER_VERSION   0x04   /* the form version is a decimal number in 5 bytes */
#define FLAGS_KNOWN           (FLAG_UUID | FLAG_KIOSK_ID | FLAG_NUMBER_VERSION)
#define VERSION_NUMBER_BYTES  5
#define KIOSK_ID_PREFIX       "ventanilla:"
#define KIOSK_ID_RANDOM_BYTES 8
#define MAX_FIELD_BYTES       255
/* The longest payload: every field a string of 255 bytes. */
#define MAX_PAYLOAD_BYTES     (11 + 4 * (1 + MAX_FIELD_BYTES) + VT_KIOSK_KEY_SIGNATURE_BYTES)

/* ---- base32 (RFC 4648, no padding) ------------------------------------ */

static const char base32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

static void
base32_append (GString      *out,
               const guint8 *data,
               gsize         length)
{
  guint32 buffer = 0;
  int bits = 0;

  for (gsize i = 0; i < length; i++)
    {
      buffer = buffer << 8 | data[i];
      bits += 8;
      while (bits >= 5)
        {
          g_string_append_c (out, base32_alphabet[(buffer >> (bits - 5)) & 31]);
          bits -= 5;
        }
    }
  if (bits > 0)
    g_string_append_c (out, base32_alphabet[(buffer << (5 - bits)) & 31]);
}

/* Strict: only the alphabet (any case), a length encoding whole bytes and
 * zero bits after the last byte, so each payload has exactly one text. */
static GByteArray *
base32_decode (const char *text,
               gsize       length)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint32 buffer = 0;
  int bits = 0;

  for (gsize i = 0; i < length; i++)
    {
      const char *p = strchr (base32_alphabet, g_ascii_toupper (text[i]));

      if (text[i] == '\0' || p == NULL)
        return NULL;
      buffer = buffer << 5 | (guint32) (p - base32_alphabet);
      bits += 5;
      if (bits >= 8)
        {
          guint8 byte = (guint8) (buffer >> (bits - 8));

          g_byte_array_append (out, &byte, 1);
          bits -= 8;
        }
      buffer &= (1u << bits) - 1;
    }
  if (bits >= 5 || buffer != 0)
    return NULL;
  return g_steal_pointer (&out);
}

/* ---- packing ------------------------------------------------------------ */

static gboolean
uuid_pack (const char *instance_id,
           guint8      out[16])
{
  const char *p;
  int n = 0;

  if (!g_str_has_prefix (instance_id, "uuid:") || strlen (instance_id) != 5 + 36)
    return FALSE;
  p = instance_id + 5;
  for (int i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (p[i] != '-')
            return FALSE;
          continue;
        }
      /* Only the lowercase hex that unpacking writes back. */
      if (!g_ascii_isxdigit (p[i]) || g_ascii_isupper (p[i]))
        return FALSE;
      if (n % 2 == 0)
        out[n / 2] = (guint8) (g_ascii_xdigit_value (p[i]) << 4);
      else
        out[n / 2] |= (guint8) g_ascii_xdigit_value (p[i]);
      n++;
    }
  return n == 32;
}

static char *
uuid_unpack (const guint8 *bytes)
{
  return g_strdup_printf ("uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                          bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]);
}

static gboolean
kiosk_id_pack (const char *kiosk_id,
               guint8      out[KIOSK_ID_RANDOM_BYTES])
{
  const char *hex = kiosk_id + strlen (KIOSK_ID_PREFIX);

  if (!g_str_has_prefix (kiosk_id, KIOSK_ID_PREFIX) || strlen (hex) != 2 * KIOSK_ID_RANDOM_BYTES)
    return FALSE;
  for (int i = 0; i < 2 * KIOSK_ID_RANDOM_BYTES; i++)
    if (!g_ascii_isxdigit (hex[i]) || g_ascii_isupper (hex[i]))
      return FALSE;
  for (int i = 0; i < KIOSK_ID_RANDOM_BYTES; i++)
    out[i] = (guint8) (g_ascii_xdigit_value (hex[2 * i]) << 4 | g_ascii_xdigit_value (hex[2 * i + 1]));
  return TRUE;
}

static char *
kiosk_id_unpack (const guint8 *bytes)
{
  GString *text = g_string_new (KIOSK_ID_PREFIX);

  for (int i = 0; i < KIOSK_ID_RANDOM_BYTES; i++)
    g_string_append_printf (text, "%02x", bytes[i]);
  return g_string_free (text, FALSE);
}

/* ODK's usual versions ("2026112801") as a number: 5 bytes instead of 11,
 * what keeps a receipt's QR code at version 8.  Only the decimal text
 * unpacking writes back: no sign, no leading zero. */
static gboolean
version_pack (const char *version,
              guint64    *number)
{
  gsize length = strlen (version);

  if (length == 0 || length > 12 || (version[0] == '0' && length > 1) ||
      version[strspn (version, "0123456789")] != '\0')
    return FALSE;
  *number = g_ascii_strtoull (version, NULL, 10);
  return *number < (G_GUINT64_CONSTANT (1) << (8 * VERSION_NUMBER_BYTES));
}

static gboolean
append_string (GByteArray  *out,
               const char  *text,
               const char  *what,
               GError     **error)
{
  gsize length = strlen (text);
  guint8 byte = (guint8) length;

  if (length > MAX_FIELD_BYTES)
    {
      g_set_error (error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_TOO_LONG,
                   _("The %s “%.40s…” is longer than a receipt's code can carry (%u bytes at most)."),
                   what, text, MAX_FIELD_BYTES);
      return FALSE;
    }
  g_byte_array_append (out, &byte, 1);
  g_byte_array_append (out, (const guint8 *) text, (guint) length);
  return TRUE;
}

/* The bytes the signature covers: the context, then the payload up to the
 * signature. */
static GBytes *
signed_data_new (const guint8 *payload,
                 gsize         length)
{
  GByteArray *data = g_byte_array_sized_new ((guint) (sizeof signing_context + length));

  g_byte_array_append (data, (const guint8 *) signing_context, sizeof signing_context);
  g_byte_array_append (data, payload, (guint) length);
  return g_byte_array_free_to_bytes (data);
}

char *
vt_receipt_dup_signed_payload (const VtReceipt  *self,
                               const char       *kiosk_id,
                               VtKioskKey       *key,
                               GError          **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GBytes) signed_data = NULL;
  g_autoptr(GString) text = g_string_new (PAYLOAD_PREFIX);
  guint8 header[11];
  guint8 packed_uuid[16];
  guint8 packed_kiosk[KIOSK_ID_RANDOM_BYTES];
  guint8 signature[VT_KIOSK_KEY_SIGNATURE_BYTES];
  guint64 code;
  gint64 seconds;
  gboolean uuid, standard_kiosk, number_version;
  guint64 version_number = 0;
  const char *form_version = self->form_version != NULL ? self->form_version : "";

  g_return_val_if_fail (self != NULL && self->reference_code != NULL && self->instance_id != NULL, NULL);
  g_return_val_if_fail (self->form_id != NULL && kiosk_id != NULL && key != NULL, NULL);

  {
    g_autofree char *normal = vt_receipt_code_normalize (self->reference_code, error);

    if (normal == NULL)
      return NULL;
    code = vt_receipt_code_to_number (normal);
  }
  seconds = self->created_at / G_USEC_PER_SEC;
  g_return_val_if_fail (seconds >= 0 && seconds <= G_MAXUINT32, NULL);

  uuid = uuid_pack (self->instance_id, packed_uuid);
  standard_kiosk = kiosk_id_pack (kiosk_id, packed_kiosk);
  number_version = version_pack (form_version, &version_number);

  header[0] = VT_RECEIPT_PAYLOAD_VERSION;
  header[1] = (uuid ? FLAG_UUID : 0) | (standard_kiosk ? FLAG_KIOSK_ID : 0) |
              (number_version ? FLAG_NUMBER_VERSION : 0);
  for (int i = 0; i < 5; i++)
    header[2 + i] = (guint8) (code >> (8 * (4 - i)));
  for (int i = 0; i < 4; i++)
    header[7 + i] = (guint8) ((guint64) seconds >> (8 * (3 - i)));
  g_byte_array_append (out, header, sizeof header);

  if (uuid)
    g_byte_array_append (out, packed_uuid, sizeof packed_uuid);
  else if (!append_string (out, self->instance_id, _("instanceID"), error))
    return NULL;
  if (standard_kiosk)
    g_byte_array_append (out, packed_kiosk, sizeof packed_kiosk);
  else if (!append_string (out, kiosk_id, _("kiosk id"), error))
    return NULL;
  if (!append_string (out, self->form_id, _("form id"), error))
    return NULL;
  if (number_version)
    {
      guint8 number[VERSION_NUMBER_BYTES];

      for (int i = 0; i < VERSION_NUMBER_BYTES; i++)
        number[i] = (guint8) (version_number >> (8 * (VERSION_NUMBER_BYTES - 1 - i)));
      g_byte_array_append (out, number, sizeof number);
    }
  else if (!append_string (out, form_version, _("form version"), error))
    return NULL;

  signed_data = signed_data_new (out->data, out->len);
  vt_kiosk_key_sign (key, g_bytes_get_data (signed_data, NULL), g_bytes_get_size (signed_data), signature);
  g_byte_array_append (out, signature, sizeof signature);

  base32_append (text, out->data, out->len);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ---- reading ------------------------------------------------------------- */

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         at;
} Reader;

static const guint8 *
read_bytes (Reader *reader,
            gsize   n)
{
  const guint8 *p;

  if (reader->length - reader->at < n)
    return NULL;
  p = reader->data + reader->at;
  reader->at += n;
  return p;
}

static char *
read_string (Reader *reader)
{
  const guint8 *length = read_bytes (reader, 1);
  const guint8 *text = length != NULL ? read_bytes (reader, *length) : NULL;

  if (text == NULL || memchr (text, '\0', *length) != NULL || !g_utf8_validate ((const char *) text, *length, NULL))
    return NULL;
  return g_strndup ((const char *) text, *length);
}

static void
set_damaged (GError **error)
{
  g_set_error (error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_DAMAGED,
               _("This receipt's QR code is damaged: part of it is missing or changed. "
                 "Try scanning it again, or type the reference code printed on it."));
}

/* Format 0: "<reference code> <instanceID>", unsigned. */
static VtReceiptPayload *
parse_unsigned (const char  *text,
                GError     **error)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  g_autoptr(VtReceiptPayload) self = NULL;
  g_autofree char *code = NULL;

  if (g_strv_length (words) != 2 || !g_str_has_prefix (words[1], "uuid:") ||
      (code = vt_receipt_code_normalize (words[0], NULL)) == NULL)
    {
      g_set_error (error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_NOT_A_RECEIPT,
                   _("This is not the QR code of a Ventanilla receipt."));
      return NULL;
    }
  self = g_new0 (VtReceiptPayload, 1);
  self->version = 0;
  self->reference_code = g_steal_pointer (&code);
  self->instance_id = g_strdup (words[1]);
  return g_steal_pointer (&self);
}

VtReceiptPayload *
vt_receipt_payload_parse (const char  *text,
                          GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GByteArray) bytes = NULL;
  g_autoptr(VtReceiptPayload) self = NULL;
  Reader reader;
  const guint8 *header, *packed, *signature;
  guint64 code = 0;
  guint64 seconds = 0;

  g_return_val_if_fail (text != NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));
  if (g_ascii_strncasecmp (trimmed, PAYLOAD_PREFIX, strlen (PAYLOAD_PREFIX)) != 0 || strchr (trimmed, ' ') != NULL)
    return parse_unsigned (trimmed, error);

  bytes = base32_decode (trimmed + strlen (PAYLOAD_PREFIX), strlen (trimmed) - strlen (PAYLOAD_PREFIX));
  if (bytes == NULL || bytes->len < 1 || bytes->len > MAX_PAYLOAD_BYTES)
    {
      /* Not base32 at all, or a length no payload has. */
      if (bytes == NULL && strlen (trimmed) < 16)
        g_set_error (error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_NOT_A_RECEIPT,
                     _("This is not the QR code of a Ventanilla receipt."));
      else
        set_damaged (error);
      return NULL;
    }
  if (bytes->data[0] != VT_RECEIPT_PAYLOAD_VERSION)
    {
      g_set_error (error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_UNKNOWN_VERSION,
                   _("This receipt was made in a newer format (%u) than this kiosk reads (%u). "
                     "Ask at the office: its kiosks need an update to check it."),
                   bytes->data[0], VT_RECEIPT_PAYLOAD_VERSION);
      return NULL;
    }

  reader = (Reader) { bytes->data, bytes->len, 0 };
  header = read_bytes (&reader, 11);
  if (header == NULL || (header[1] & ~FLAGS_KNOWN) != 0 || (header[2] >> 3) != 0)
    {
      set_damaged (error);
      return NULL;
    }
  for (int i = 0; i < 5; i++)
    code = code << 8 | header[2 + i];
  for (int i = 0; i < 4; i++)
    seconds = seconds << 8 | header[7 + i];

  self = g_new0 (VtReceiptPayload, 1);
  self->version = header[0];
  self->reference_code = vt_receipt_code_from_number (code);
  self->issued_at = (gint64) seconds * G_USEC_PER_SEC;
  if (header[1] & FLAG_UUID)
    self->instance_id = (packed = read_bytes (&reader, 16)) != NULL ? uuid_unpack (packed) : NULL;
  else
    self->instance_id = read_string (&reader);
  if (header[1] & FLAG_KIOSK_ID)
    self->kiosk_id = (packed = read_bytes (&reader, KIOSK_ID_RANDOM_BYTES)) != NULL ? kiosk_id_unpack (packed) : NULL;
  else
    self->kiosk_id = read_string (&reader);
  self->form_id = read_string (&reader);
  if (header[1] & FLAG_NUMBER_VERSION)
    {
      guint64 number = 0;

      if ((packed = read_bytes (&reader, VERSION_NUMBER_BYTES)) != NULL)
        {
          for (int i = 0; i < VERSION_NUMBER_BYTES; i++)
            number = number << 8 | packed[i];
          self->form_version = g_strdup_printf ("%" G_GUINT64_FORMAT, number);
        }
    }
  else
    self->form_version = read_string (&reader);
  if (self->instance_id == NULL || self->kiosk_id == NULL || self->form_id == NULL || self->form_version == NULL)
    {
      set_damaged (error);
      return NULL;
    }
  self->signed_data = signed_data_new (bytes->data, reader.at);
  signature = read_bytes (&reader, VT_KIOSK_KEY_SIGNATURE_BYTES);
  if (signature == NULL || reader.at != reader.length)
    {
      set_damaged (error);
      return NULL;
    }
  memcpy (self->signature, signature, sizeof self->signature);
  return g_steal_pointer (&self);
}

gboolean
vt_receipt_payload_verify (const VtReceiptPayload  *self,
                           VtKioskKeyList          *keys,
                           GError                 **error)
{
  const guint8 *public_key;

  g_return_val_if_fail (self != NULL && keys != NULL, FALSE);

  if (self->version == 0)
    {
      g_set_error (error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_UNSIGNED,
                   _("This receipt was printed before receipts were signed, so whether it is genuine "
                     "cannot be checked from its QR code; its reference code %s can still be looked up."),
                   self->reference_code);
      return FALSE;
    }
  public_key = vt_kiosk_key_list_lookup (keys, self->kiosk_id);
  if (public_key == NULL)
    {
      g_set_error (error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_UNKNOWN_KIOSK,
                   _("This receipt says it was issued by the kiosk %s, which is not among the kiosks "
                     "known here, so its signature cannot be checked. Ask at the office that runs "
                     "that kiosk."), self->kiosk_id);
      return FALSE;
    }
  if (!vt_kiosk_key_verify (public_key, g_bytes_get_data (self->signed_data, NULL),
                            g_bytes_get_size (self->signed_data), self->signature))
    {
      g_set_error (error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_BAD_SIGNATURE,
                   _("This receipt's signature does not match the kiosk %s: the receipt was changed, "
                     "or that kiosk did not issue it. Ask at the office."), self->kiosk_id);
      return FALSE;
    }
  return TRUE;
}

void
vt_receipt_payload_free (VtReceiptPayload *self)
{
  if (self == NULL)
    return;
  g_free (self->reference_code);
  g_free (self->instance_id);
  g_free (self->form_id);
  g_free (self->form_version);
  g_free (self->kiosk_id);
  g_clear_pointer (&self->signed_data, g_bytes_unref);
  g_free (self);
}
