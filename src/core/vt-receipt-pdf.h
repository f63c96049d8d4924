#pragma once

#include <glib.h>

#include "vt-receipt.h"

G_BEGIN_DECLS

/* The printed receipt: one page of PDF, black on white, that says what the
 * receipt page shows, in the language gettext is set to (the citizen's).
 * Made in memory: it goes to the printer through a pipe and never touches
 * the disk (vt-receipt-page.c, ventanilla-print). */

#define VT_RECEIPT_PDF_ERROR (vt_receipt_pdf_error_quark ())

typedef enum
{
  VT_RECEIPT_PDF_ERROR_RENDER,     /* cairo could not make the PDF */
} VtReceiptPdfError;

/* What the page says besides the receipt's own fields, as the screen
 * words it (every member may be NULL). */
typedef struct
{
  const char *office_name;
  const char *received;            /* "Received on 28/11/2026 at 15:40" */
  const char *files;               /* "Files attached:\n…" */
  const char *status;              /* "Status: sent to the office." */
  const char *qr_text;             /* the signed payload on screen; NULL: vt_receipt_dup_qr_payload() */
} VtReceiptSheet;

GQuark  vt_receipt_pdf_error_quark (void);

/* The receipt as a PDF document (A4 portrait): the office, the heading,
 * the reference code, the service, sheet's lines, the QR code of
 * sheet's qr_text (else vt_receipt_dup_qr_payload()) and the note to keep the code. */
GBytes *vt_receipt_render_pdf      (const VtReceipt      *receipt,
                                    const VtReceiptSheet *sheet,
                                    GError              **error);

G_END_DECLS
