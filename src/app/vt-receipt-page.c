#define G_LOG_DOMAIN "vt-receipt-page"

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtkunixprint.h>

#include "vt-language.h"
#include "vt-qr-code.h"
#include "vt-receipt-page.h"
#include "vt-receipt.h"

/* The confirmation: shown only once the store has committed the
 * application, with the reference code in large type and a QR code. */
struct _VtReceiptPage
{
  GtkBox     parent_instance;

  GtkWidget *reference_label;
  GtkWidget *service_label;
  GtkWidget *date_label;
  GtkWidget *files_label;
  GtkWidget *status_label;
  GtkWidget *qr_code;
  GtkWidget *print_button;
  GtkWidget *finish_button;
  GtkWidget *print_status_label;

  char      *reference;
  char      *service;
  char      *office;
  char      *date_text;
  char      *files_text;           /* what was attached, or NULL */
  char      *status_text;
  char      *qr_text;

  GtkPrinter *printer;             /* found while searching */
  guint       printer_timeout_id;
  gboolean    searching;
};

enum {
  FINISH,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VtReceiptPage, vt_receipt_page, GTK_TYPE_BOX)

static void
draw_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *font,
           const char  *text,
           double       width,
           double      *y)
{
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);
  int height;

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, 0, *y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_pixel_size (layout, NULL, &height);
  *y += height + 8;
}

/* One page, black on white whatever the screen's style: receipt printers
 * and photocopies need it. */
static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              VtReceiptPage     *self)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  g_autoptr(PangoLayout) layout = gtk_print_context_create_pango_layout (context);
  double y = 0;
  double qr_side = MIN (width * 0.5, 200);

  cairo_set_source_rgb (cr, 0, 0, 0);
  if (self->office != NULL && self->office[0] != '\0')
    draw_text (cr, layout, "Sans 11", self->office, width, &y);
  draw_text (cr, layout, "Sans Bold 18", _("Application complete"), width, &y);
  draw_text (cr, layout, "Sans 12", _("Your reference code"), width, &y);
  draw_text (cr, layout, "Monospace Bold 30", self->reference, width, &y);
  draw_text (cr, layout, "Sans Bold 12", self->service, width, &y);
  draw_text (cr, layout, "Sans 11", self->date_text, width, &y);
  if (self->files_text != NULL)
    draw_text (cr, layout, "Sans 11", self->files_text, width, &y);
  draw_text (cr, layout, "Sans 11", self->status_text, width, &y);

  cairo_save (cr);
  cairo_translate (cr, 0, y);
  vt_qr_code_draw (VT_QR_CODE (self->qr_code), cr, qr_side);
  cairo_restore (cr);
  y += qr_side + 8;

  cairo_set_source_rgb (cr, 0, 0, 0);
  draw_text (cr, layout, "Sans 10",
             _("Keep this code. You can use it to ask about your application at the town hall."),
             width, &y);
}

static GtkPrintOperation *
new_print_operation (VtReceiptPage *self)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();

  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  /* Translators: the print job's name, seen in a printer queue. */
  gtk_print_operation_set_job_name (operation, _("Application receipt"));
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), self);
  return operation;
}

gboolean
vt_receipt_page_export_pdf (VtReceiptPage  *self,
                            const char     *path,
                            GError        **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  GtkPrintOperationResult result;

  g_return_val_if_fail (VT_IS_RECEIPT_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  operation = new_print_operation (self);
  gtk_print_operation_set_export_filename (operation, path);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               VtReceiptPage           *self)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      g_message ("Printing the receipt failed: %s", error ? error->message : "?");
      gtk_label_set_text (GTK_LABEL (self->print_status_label),
                          _("The receipt could not be printed. Write down your reference code, or ask at the counter for a printed copy."));
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (self->print_status_label),
                          _("Your receipt is being printed."));
    }
  gtk_widget_set_visible (self->print_status_label, TRUE);
  gtk_widget_set_sensitive (self->print_button, TRUE);
  g_object_unref (operation);
}

/* How long to look for a printer before telling the citizen to write the
 * code down: a kiosk never waits on a printer that is not there. */
#define PRINTER_SEARCH_SECONDS 8

static void
print_failed (VtReceiptPage *self)
{
  gtk_label_set_text (GTK_LABEL (self->print_status_label),
                      _("The receipt could not be printed. Write down your reference code, or ask at the counter for a printed copy."));
  gtk_widget_set_visible (self->print_status_label, TRUE);
  gtk_widget_set_sensitive (self->print_button, TRUE);
}

static gboolean
found_printer_cb (GtkPrinter *printer,
                  gpointer    data)
{
  VtReceiptPage *self = data;

  if (gtk_printer_is_virtual (printer))
    return FALSE;
  /* The default printer wins; else the first real one. */
  if (self->printer == NULL || gtk_printer_is_default (printer))
    g_set_object (&self->printer, printer);
  return gtk_printer_is_default (printer);
}

static void
print_to (VtReceiptPage *self,
          GtkPrinter    *printer)
{
  GtkPrintOperation *operation = new_print_operation (self);
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GError) error = NULL;

  gtk_print_settings_set_printer (settings, gtk_printer_get_name (printer));
  gtk_print_operation_set_print_settings (operation, settings);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect (operation, "done", G_CALLBACK (print_done_cb), self);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT,
                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                               &error) != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    print_done_cb (operation, error ? GTK_PRINT_OPERATION_RESULT_ERROR
                                    : GTK_PRINT_OPERATION_RESULT_APPLY, self);
}

static void
printers_listed (VtReceiptPage *self)
{
  g_clear_handle_id (&self->printer_timeout_id, g_source_remove);
  if (self->printer != NULL)
    {
      g_autoptr(GtkPrinter) printer = g_steal_pointer (&self->printer);

      print_to (self, printer);
    }
  else
    {
      g_message ("No printer for the receipt");
      print_failed (self);
    }
}

static void
printers_done_cb (gpointer data)
{
  VtReceiptPage *self = data;

  if (self->searching)
    {
      self->searching = FALSE;
      printers_listed (self);
    }
  g_object_unref (self);
}

static gboolean
printer_timeout_cb (gpointer data)
{
  VtReceiptPage *self = data;

  self->printer_timeout_id = 0;
  if (self->searching)
    {
      self->searching = FALSE;
      printers_listed (self);
    }
  return G_SOURCE_REMOVE;
}

/* Straight to the kiosk's printer: a kiosk shows no print dialog. */
static void
print_clicked_cb (VtReceiptPage *self)
{
  gtk_widget_set_sensitive (self->print_button, FALSE);
  gtk_widget_set_visible (self->print_status_label, FALSE);
  g_clear_object (&self->printer);
  self->searching = TRUE;
  self->printer_timeout_id = g_timeout_add_seconds (PRINTER_SEARCH_SECONDS, printer_timeout_cb, self);
  gtk_enumerate_printers (found_printer_cb, g_object_ref (self), printers_done_cb, FALSE);
}

static void
finish_clicked_cb (VtReceiptPage *self)
{
  g_signal_emit (self, signals[FINISH], 0);
}

static void
vt_receipt_page_dispose (GObject *object)
{
  VtReceiptPage *self = VT_RECEIPT_PAGE (object);

  self->searching = FALSE;
  g_clear_handle_id (&self->printer_timeout_id, g_source_remove);
  g_clear_object (&self->printer);

  G_OBJECT_CLASS (vt_receipt_page_parent_class)->dispose (object);
}

static void
vt_receipt_page_finalize (GObject *object)
{
  VtReceiptPage *self = VT_RECEIPT_PAGE (object);

  g_free (self->reference);
  g_free (self->service);
  g_free (self->office);
  g_free (self->date_text);
  g_free (self->files_text);
  g_free (self->status_text);
  g_free (self->qr_text);

  G_OBJECT_CLASS (vt_receipt_page_parent_class)->finalize (object);
}

static void
vt_receipt_page_class_init (VtReceiptPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_receipt_page_dispose;
  object_class->finalize = vt_receipt_page_finalize;

  signals[FINISH] =
    g_signal_new ("finish", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (VT_TYPE_QR_CODE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/ventanilla/Kiosk/vt-receipt-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VtReceiptPage, reference_label);
  gtk_widget_class_bind_template_child (widget_class, VtReceiptPage, service_label);
  gtk_widget_class_bind_template_child (widget_class, VtReceiptPage, date_label);
  gtk_widget_class_bind_template_child (widget_class, VtReceiptPage, files_label);
  gtk_widget_class_bind_template_child (widget_class, VtReceiptPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, VtReceiptPage, qr_code);
  gtk_widget_class_bind_template_child (widget_class, VtReceiptPage, print_button);
  gtk_widget_class_bind_template_child (widget_class, VtReceiptPage, finish_button);
  gtk_widget_class_bind_template_child (widget_class, VtReceiptPage, print_status_label);
  gtk_widget_class_bind_template_callback (widget_class, print_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, finish_clicked_cb);
}

static void
vt_receipt_page_init (VtReceiptPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vt_receipt_page_new (const VtReceipt *receipt,
                     const char      *office_name)
{
  VtReceiptPage *self;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (receipt != NULL && receipt->reference_code != NULL, NULL);

  self = g_object_new (VT_TYPE_RECEIPT_PAGE, NULL);
  utc = g_date_time_new_from_unix_utc (receipt->created_at / G_USEC_PER_SEC);
  local = g_date_time_to_local (utc);
  when = vt_language_format_datetime (local);
  self->reference = g_strdup (receipt->reference_code);
  self->service = g_strdup (receipt->service_title != NULL ? receipt->service_title : "");
  self->office = g_strdup (office_name);
  /* Translators: on the receipt; %s is a date and time such as 28/11/2026 at 15:40. */
  self->date_text = g_strdup_printf (_("Received on %s"), when);
  vt_receipt_page_set_sent (self, receipt->sent);
  self->qr_text = vt_receipt_dup_qr_payload (receipt);

  gtk_label_set_text (GTK_LABEL (self->reference_label), receipt->reference_code);
  /* A screen reader spells the code out rather than reading it as a word. */
  {
    GString *s = g_string_new (NULL);

    for (const char *p = receipt->reference_code; *p; p = g_utf8_next_char (p))
      {
        if (s->len > 0)
          g_string_append_c (s, ' ');
        g_string_append_unichar (s, g_utf8_get_char (p));
      }
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->reference_label),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, s->str, -1);
    g_string_free (s, TRUE);
  }
  gtk_label_set_text (GTK_LABEL (self->service_label), self->service);
  gtk_label_set_text (GTK_LABEL (self->date_label), self->date_text);
  vt_qr_code_set_text (VT_QR_CODE (self->qr_code), self->qr_text);

  return GTK_WIDGET (self);
}

void
vt_receipt_page_set_files (VtReceiptPage      *self,
                           const char * const *files)
{
  g_autoptr(GString) text = NULL;

  g_return_if_fail (VT_IS_RECEIPT_PAGE (self));

  g_clear_pointer (&self->files_text, g_free);
  if (files != NULL && files[0] != NULL)
    {
      /* Translators: on the receipt, before the names and sizes of the files sent. */
      text = g_string_new (_("Files attached:"));
      for (guint i = 0; files[i] != NULL; i++)
        g_string_append_printf (text, "\n%s", files[i]);
      self->files_text = g_string_free (g_steal_pointer (&text), FALSE);
    }
  gtk_label_set_text (GTK_LABEL (self->files_label), self->files_text != NULL ? self->files_text : "");
  gtk_widget_set_visible (self->files_label, self->files_text != NULL);
}

const char *
vt_receipt_page_get_files (VtReceiptPage *self)
{
  g_return_val_if_fail (VT_IS_RECEIPT_PAGE (self), NULL);
  return self->files_text;
}

const char *
vt_receipt_page_get_reference (VtReceiptPage *self)
{
  g_return_val_if_fail (VT_IS_RECEIPT_PAGE (self), NULL);
  return self->reference;
}

void
vt_receipt_page_set_qr_text (VtReceiptPage *self,
                             const char    *text)
{
  g_return_if_fail (VT_IS_RECEIPT_PAGE (self));
  g_return_if_fail (text != NULL);

  g_free (self->qr_text);
  self->qr_text = g_strdup (text);
  vt_qr_code_set_text (VT_QR_CODE (self->qr_code), self->qr_text);
}

const char *
vt_receipt_page_get_qr_text (VtReceiptPage *self)
{
  g_return_val_if_fail (VT_IS_RECEIPT_PAGE (self), NULL);
  return self->qr_text;
}

void
vt_receipt_page_set_sent (VtReceiptPage *self,
                          gboolean       sent)
{
  g_return_if_fail (VT_IS_RECEIPT_PAGE (self));

  g_free (self->status_text);
  self->status_text = g_strdup (sent ? _("Status: sent to the office.")
                                     : _("Status: saved on this kiosk. It will be sent automatically when the connection returns."));
  gtk_label_set_text (GTK_LABEL (self->status_label), self->status_text);
}

const char *
vt_receipt_page_get_status (VtReceiptPage *self)
{
  g_return_val_if_fail (VT_IS_RECEIPT_PAGE (self), NULL);
  return self->status_text;
}
