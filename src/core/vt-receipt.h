#pragma once

#include <glib.h>

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

/* The text of the receipt's QR code: "<reference code> <instanceID>", so a
 * clerk's scanner finds the application by either. */
char      *vt_receipt_dup_qr_payload   (const VtReceipt  *self);

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

G_END_DECLS
