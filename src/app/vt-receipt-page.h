#pragma once

#include <gtk/gtk.h>

#include "vt-receipt.h"

G_BEGIN_DECLS

#define VT_TYPE_RECEIPT_PAGE (vt_receipt_page_get_type ())

G_DECLARE_FINAL_TYPE (VtReceiptPage, vt_receipt_page, VT, RECEIPT_PAGE, GtkBox)

/* The receipt as core keeps it (vt-receipt.h: the reference, the service,
 * when, whether the server has it, what the QR code carries); office_name
 * is printed with it. */
GtkWidget  *vt_receipt_page_new          (const VtReceipt *receipt,
                                          const char      *office_name);
/* The names and sizes of the files that went with it ("foto.jpg (1.2 MB)"),
 * NULL-terminated; shown and printed, never their content. */
void        vt_receipt_page_set_files    (VtReceiptPage      *self,
                                          const char * const *files);
const char *vt_receipt_page_get_files    (VtReceiptPage *self);
const char *vt_receipt_page_get_reference (VtReceiptPage *self);
void        vt_receipt_page_set_sent     (VtReceiptPage *self,
                                          gboolean       sent);
const char *vt_receipt_page_get_status   (VtReceiptPage *self);
/* The QR code's text: the signed payload set with set_qr_text()
 * (vt_receipt_dup_signed_payload(), docs/RECEIPTS.md), else the unsigned
 * "<reference> <instanceID>" of a kiosk without a usable key. */
void        vt_receipt_page_set_qr_text  (VtReceiptPage *self,
                                          const char    *text);
const char *vt_receipt_page_get_qr_text  (VtReceiptPage *self);
/* The optional question under the receipt (VtFeedbackQuestion), or NULL
 * for none; the page shows it below its buttons. */
void        vt_receipt_page_set_feedback (VtReceiptPage *self,
                                          GtkWidget     *question);
GtkWidget  *vt_receipt_page_get_feedback (VtReceiptPage *self);
/* Where Print sends the receipt: a CUPS queue (NULL or "": CUPS's
 * default), and how long the printer may take before the citizen is told
 * to write the code down (ventanilla-print is then killed). */
void        vt_receipt_page_set_printer  (VtReceiptPage *self,
                                          const char    *printer_name,
                                          double         timeout_seconds);
/* The PDF that Print sends, in memory. */
GBytes     *vt_receipt_page_render_pdf   (VtReceiptPage *self,
                                          GError       **error);

G_END_DECLS
