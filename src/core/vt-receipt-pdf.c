/* The printed receipt as PDF, made with cairo and pango in memory: the
 * kiosk pipes it to ventanilla-print, which hands it to CUPS. */
#define G_LOG_DOMAIN "vt-receipt-pdf"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "vt-receipt-pdf.h"

G_DEFINE_QUARK (vt-receipt-pdf-error-quark, vt_receipt_pdf_error)

/* A4 in points, with a margin that every printer can print. */
#define PAGE_WIDTH   595.0
#define PAGE_HEIGHT  842.0
#define MARGIN        56.0
#define QR_SIDE      180.0
#define QR_QUIET       4            /* modules of white around the code */

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
draw_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *font,
           const char  *text,
           double      *y)
{
  g_autoptr(PangoFontDescription) desc = NULL;
  int height;

  if (text == NULL || text[0] == '\0')
    return;
  desc = pango_font_description_from_string (font);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, MARGIN, *y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_pixel_size (layout, NULL, &height);
  *y += height + 10;
}

/* The modules (vt_receipt_qr_encode(), as on the screen) as rectangles,
 * so the code stays sharp at any printer's resolution. */
static gboolean
draw_qr (cairo_t    *cr,
         const char *payload,
         double     *y)
{
  guint size;
  g_autofree guint8 *modules = vt_receipt_qr_encode (payload, &size);
  double module;

  if (modules == NULL)
    return FALSE;
  module = QR_SIDE / (size + 2 * QR_QUIET);
  cairo_save (cr);
  cairo_translate (cr, MARGIN, *y);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, QR_SIDE, QR_SIDE);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint row = 0; row < size; row++)
    for (guint col = 0; col < size; col++)
      if (modules[row * size + col])
        cairo_rectangle (cr, (col + QR_QUIET) * module, (row + QR_QUIET) * module,
                         module, module);
  cairo_fill (cr);
  cairo_restore (cr);
  *y += QR_SIDE + 10;
  return TRUE;
}

GBytes *
vt_receipt_render_pdf (const VtReceipt      *receipt,
                       const VtReceiptSheet *sheet,
                       GError              **error)
{
  static const VtReceiptSheet empty = { NULL, };
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree char *payload = NULL;
  cairo_surface_t *pdf;
  cairo_t *cr;
  PangoLayout *layout;
  cairo_status_t status;
  gboolean qr_drawn;
  double y = MARGIN;

  g_return_val_if_fail (receipt != NULL && receipt->reference_code != NULL, NULL);

  if (sheet == NULL)
    sheet = &empty;
  payload = sheet->qr_text != NULL ? g_strdup (sheet->qr_text) : vt_receipt_dup_qr_payload (receipt);

  pdf = cairo_pdf_surface_create_for_stream (append_cb, out, PAGE_WIDTH, PAGE_HEIGHT);
  /* Translators: the title of the printed receipt's PDF, seen in a printer queue. */
  cairo_pdf_surface_set_metadata (pdf, CAIRO_PDF_METADATA_TITLE, _("Application receipt"));
  cr = cairo_create (pdf);
  layout = pango_cairo_create_layout (cr);
  pango_layout_set_width (layout, (int) ((PAGE_WIDTH - 2 * MARGIN) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);

  /* Black on white whatever the screen's theme: receipt printers and
   * photocopies need it. */
  cairo_set_source_rgb (cr, 0, 0, 0);
  draw_text (cr, layout, "Sans 11", sheet->office_name, &y);
  draw_text (cr, layout, "Sans Bold 18", _("Application complete"), &y);
  draw_text (cr, layout, "Sans 12", _("Your reference code"), &y);
  draw_text (cr, layout, "Monospace Bold 30", receipt->reference_code, &y);
  draw_text (cr, layout, "Sans Bold 12", receipt->service_title, &y);
  draw_text (cr, layout, "Sans 11", sheet->received, &y);
  draw_text (cr, layout, "Sans 11", sheet->files, &y);
  draw_text (cr, layout, "Sans 11", sheet->status, &y);
  qr_drawn = draw_qr (cr, payload, &y);
  cairo_set_source_rgb (cr, 0, 0, 0);
  draw_text (cr, layout, "Sans 10",
             _("Keep this code. You can use it to ask about your application at the town hall."),
             &y);
  cairo_show_page (cr);

  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_finish (pdf);
  status = cairo_surface_status (pdf);
  cairo_surface_destroy (pdf);

  if (status != CAIRO_STATUS_SUCCESS || !qr_drawn)
    {
      g_set_error (error, VT_RECEIPT_PDF_ERROR, VT_RECEIPT_PDF_ERROR_RENDER,
                   "The receipt could not be made into a PDF (%s)",
                   !qr_drawn ? "the QR code could not be encoded" : cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
