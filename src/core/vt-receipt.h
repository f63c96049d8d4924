#pragma once

#include <glib.h>

#include "vt-kiosk-key.h"

G_BEGIN_DECLS

/* What a citizen takes home for one application: its reference code, the
 * service, when it was received, and what its QR code carries.  No SQL
 * here: the store keeps receipts (vt-store.h), the receipt page shows
 * them.
 *
 * Reference codes are 8 characters shown as XXXX-XXXX, from the alphabet
 * 23456789ABCDEFGHJKLMNPQRSTUVWXYZ (no 0/O, 1/I); the last one is a Luhn
 * mod 32 check character, which catches every single wrong character and
 * most swaps of two neighbours.  The other seven spell a 35-bit number:
 * a store derives a submission's code from its row number through a keyed
 * permutation, vt_receipt_code_for_serial(), so codes are unique without
 * an index and consecutive citizens get unrelated ones. */

#define VT_RECEIPT_ERROR (vt_receipt_error_quark ())

typedef enum
{
  VT_RECEIPT_ERROR_INVALID,        /* not a reference code: the message says what to check */
  VT_RECEIPT_ERROR_NOT_A_RECEIPT,  /* the text is no receipt's QR code (nor a reference code) */
  VT_RECEIPT_ERROR_UNKNOWN_VERSION,/* a receipt of a format this Ventanilla does not read */
  VT_RECEIPT_ERROR_DAMAGED,        /* a receipt's code cut short or mangled */
  VT_RECEIPT_ERROR_UNSIGNED,       /* a receipt printed before receipts were signed */
  VT_RECEIPT_ERROR_UNKNOWN_KIOSK,  /* signed by a kiosk whose key the verifier does not have */
  VT_RECEIPT_ERROR_BAD_SIGNATURE,  /* the signature does not match: altered, or forged */
  VT_RECEIPT_ERROR_TOO_LONG,       /* a field too long for a receipt's code */
} VtReceiptError;

typedef struct
{
  char     *reference_code;        /* "XXXX-XXXX" */
  char     *instance_id;           /* the submission's "uuid:…" */
  char     *form_id;
  char     *form_version;
  char     *service_title;         /* in the citizen's language */
  char     *language;              /* the citizen's language code, or NULL */
  char     *assisted_by;           /* the clerk who helped, or NULL */
  gint64    created_at;            /* usec since the epoch */
  gboolean  sent;                  /* the office's server has it, as far as the store knows */
} VtReceipt;

/* The length of the key of vt_receipt_code_for_serial(). */
#define VT_RECEIPT_CODE_KEY_BYTES 16
/* The largest number a code spells (seven characters of 5 bits). */
#define VT_RECEIPT_MAX_SERIAL     ((G_GUINT64_CONSTANT (1) << 35) - 1)

GQuark     vt_receipt_error_quark      (void);

VtReceipt *vt_receipt_copy             (const VtReceipt  *self);
void       vt_receipt_free             (VtReceipt        *self);

/* The text of an unsigned receipt's QR code: "<reference code>
 * <instanceID>", what receipts carried before they were signed; a kiosk
 * without a usable key still prints it (vt_receipt_payload_parse() reads
 * it as format 0). */
char      *vt_receipt_dup_qr_payload   (const VtReceipt  *self);

/* The modules of text's QR code (vt_barcode_encode_qr()), size * size bytes
 * row by row, 1 for dark, with *size the modules per side; NULL when the
 * text is too long for a QR code.  The screen's and the paper's QR code
 * are both drawn from it.  Free with g_free(). */
guint8    *vt_receipt_qr_encode        (const char       *text,
                                        guint            *size);
/* ---- signed payloads (vt-receipt-payload.c, docs/RECEIPTS.md) ----------

 * What a receipt's QR code carries: "VT" and, in base32 (RFC 4648, no
 * padding; only capital letters and digits, so QR alphanumeric mode and a
 * USB scanner typing on any keyboard layout both carry it), the format
 * version, reference code, instanceID, form id and version, the time the
 * store committed the application, the kiosk's id, and an Ed25519
 * signature by that kiosk over all of them.  Signatures are deterministic:
 * the same receipt signed again (a clerk's reprint) gives the same text. */
#define VT_RECEIPT_PAYLOAD_VERSION 1

typedef struct
{
  int     version;                 /* VT_RECEIPT_PAYLOAD_VERSION, or 0: unsigned, from before */
  char   *reference_code;          /* "XXXX-XXXX" */
  char   *instance_id;
  char   *form_id;                 /* NULL in format 0 */
  char   *form_version;            /* NULL in format 0 */
  gint64  issued_at;               /* usec since the epoch (whole seconds); 0 in format 0 */
  char   *kiosk_id;                /* NULL in format 0 */
  guint8  signature[VT_KIOSK_KEY_SIGNATURE_BYTES];
  GBytes *signed_data;             /* what the signature covers; NULL in format 0 */
} VtReceiptPayload;

/* The signed text for self (reference_code, instance_id, form_id,
 * form_version and created_at must be set) as kiosk_id, signed with key.
 * VT_RECEIPT_ERROR_TOO_LONG when a field does not fit (255 bytes),
 * VT_RECEIPT_ERROR_INVALID when the reference is not a code. */
char             *vt_receipt_dup_signed_payload (const VtReceipt        *self,
                                                 const char             *kiosk_id,
                                                 VtKioskKey             *key,
                                                 GError                **error);
/* Reads a QR code's text as a scanner gives it (spaces and a line end
 * around it, any case), without checking the signature: NOT_A_RECEIPT,
 * UNKNOWN_VERSION or DAMAGED when it cannot.  Format 0 (unsigned) is read
 * too: vt_receipt_payload_verify() refuses it. */
VtReceiptPayload *vt_receipt_payload_parse      (const char             *text,
                                                 GError                **error);
/* Checks the signature with the key keys list for the payload's kiosk:
 * UNSIGNED, UNKNOWN_KIOSK or BAD_SIGNATURE, each message saying what it
 * means for the person holding the receipt. */
gboolean          vt_receipt_payload_verify     (const VtReceiptPayload *self,
                                                 VtKioskKeyList         *keys,
                                                 GError                **error);
void              vt_receipt_payload_free       (VtReceiptPayload       *self);

/* A new random code (for a draft, or when a derived code is taken). */
char      *vt_receipt_code_new         (void);
/* A code as a person typed it (any case, spaces or dashes) in its
 * canonical "XXXX-XXXX" form, its check character verified; NULL with
 * VT_RECEIPT_ERROR_INVALID and a message that says what to check. */
char      *vt_receipt_code_normalize   (const char       *typed,
                                        GError          **error);
/* The code that serial (1 … VT_RECEIPT_MAX_SERIAL) stands for under key
 * (VT_RECEIPT_CODE_KEY_BYTES bytes): distinct serials give distinct
 * codes, and a code does not tell the next one. */
char      *vt_receipt_code_for_serial  (const guint8     *key,
                                        guint64           serial);
/* The serial a normalised code stands for under key (the inverse of
 * vt_receipt_code_for_serial(), whether or not anything has that serial). */
guint64    vt_receipt_serial_for_code  (const guint8     *key,
                                        const char       *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtReceipt, vt_receipt_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtReceiptPayload, vt_receipt_payload_free)

G_END_DECLS
