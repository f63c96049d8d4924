#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Shared by vt-receipt.c and vt-receipt-payload.c. */

/* The 35-bit number a normalised code's first seven characters spell. */
guint64    vt_receipt_code_to_number   (const char  *code);
/* The code (with its check character) that spells number. */
char      *vt_receipt_code_from_number (guint64      number);

G_END_DECLS
