#define G_LOG_DOMAIN "vt-receipt-page"

#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>
#include <gtk/gtk.h>

#include "vt-language.h"
#include "vt-kiosk-status.h"
#include "vt-paths.h"
#include "vt-qr-code.h"
#include "vt-receipt-page.h"
#include "vt-receipt-pdf.h"
#include "vt-receipt.h"
#include "vt-screen-page.h"
#include "vt-wrap-box.h"

/* The confirmation: shown only once the store has committed the
 * application, with the reference code in large type and a QR code. */
struct _VtReceiptPage
{
  GtkBox     parent_instance;

  GtkWidget *panel;
  GtkWidget *reference_label;
  GtkWidget *service_label;
  GtkWidget *date_label;
  GtkWidget *files_label;
  GtkWidget *status_label;
  GtkWidget *qr_code;
  GtkWidget *print_button;
  GtkWidget *finish_button;
  GtkWidget *print_status_label;
  GtkWidget *feedback;             /* the question under the receipt, or NULL */

  char      *reference;
  char      *instance_id;
  char      *service;
  char      *office;
  char      *date_text;
  char      *files_text;           /* what was attached, or NULL */
  char      *status_text;
  char      *qr_text;

  char         *printer_name;      /* a CUPS queue, or NULL for CUPS's default */
  double        print_timeout_seconds;
  GSubprocess  *print_process;     /* ventanilla-print, while it runs */
  GCancellable *print_cancellable;
  guint         print_timeout_id;
};

/* How long the printer may take unless the kiosk's settings say
 * ([printer] timeout-seconds). */
#define DEFAULT_PRINT_TIMEOUT_SECONDS 30

enum {
  FINISH,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void vt_receipt_page_screen_page_init (VtScreenPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VtReceiptPage, vt_receipt_page, GTK_TYPE_BOX,
                               G_IMPLEMENT_INTERFACE (VT_TYPE_SCREEN_PAGE, vt_receipt_page_screen_page_init))

/* The result first: the focus lands on the reference code, so a screen
 * reader says it as the page appears. */
static GtkWidget *
vt_receipt_page_get_initial_focus (VtScreenPage *page)
{
  return VT_RECEIPT_PAGE (page)->panel;
}

static void
vt_receipt_page_screen_page_init (VtScreenPageInterface *iface)
{
  iface->get_initial_focus = vt_receipt_page_get_initial_focus;
}

/* The receipt as the printer gets it: what this page shows, in the
 * citizen's language (the one gettext is set to while the page is up). */
GBytes *
vt_receipt_page_render_pdf (VtReceiptPage  *self,
                            GError        **error)
{
  const VtReceipt receipt = {
    .reference_code = self->reference,
    .instance_id = self->instance_id,
    .service_title = self->service,
  };
  const VtReceiptSheet sheet = {
    .office_name = self->office,
    .received = self->date_text,
    .files = self->files_text,
    .status = self->status_text,
    .qr_text = self->qr_text,
  };

  g_return_val_if_fail (VT_IS_RECEIPT_PAGE (self), NULL);

  return vt_receipt_render_pdf (&receipt, &sheet, error);
}

static void
print_ended (VtReceiptPage *self,
             gboolean       printed)
{
  g_clear_handle_id (&self->print_timeout_id, g_source_remove);
  g_clear_object (&self->print_cancellable);
  g_clear_object (&self->print_process);
  /* The health report says how the printer did last. */
  vt_kiosk_status_note_printer (printed, g_get_real_time ());
  gtk_label_set_text (GTK_LABEL (self->print_status_label),
                      printed ? _("Your receipt is being printed.")
                              : _("The printer is not answering; write down your code."));
  gtk_widget_set_visible (self->print_status_label, TRUE);
  gtk_widget_set_sensitive (self->print_button, TRUE);
}

static void
print_communicate_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  VtReceiptPage *self = data;
  GSubprocess *process = G_SUBPROCESS (source);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_communicate_finish (process, result, &out, &err, &error))
    {
      /* Cancelled: the deadline passed or the page went away (self
       * may be gone: the page holds no reference of its own while it
       * prints, so it goes with the screen), and that has been dealt
       * with. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_message ("The print helper failed: %s", error->message);
          print_ended (self, FALSE);
        }
      return;
    }
  if (process != self->print_process)
    return;
  if (!g_subprocess_get_successful (process))
    {
      g_autofree char *said = err != NULL ? g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err))
                                          : NULL;

      g_message ("The receipt was not printed: %s", said != NULL ? g_strstrip (said) : "?");
      print_ended (self, FALSE);
      return;
    }
  g_message ("The receipt went to the printer");
  print_ended (self, TRUE);
}

/* The printer had its time: the helper is killed, whatever it waits on. */
static gboolean
print_timeout_cb (gpointer data)
{
  VtReceiptPage *self = data;

  self->print_timeout_id = 0;
  g_message ("The printer did not take the receipt within %g s; the print helper is stopped",
             self->print_timeout_seconds);
  g_subprocess_force_exit (self->print_process);
  g_cancellable_cancel (self->print_cancellable);
  print_ended (self, FALSE);
  return G_SOURCE_REMOVE;
}

/* Straight to the kiosk's printer, never a dialog, and never from this
 * process: ventanilla-print takes the PDF on a pipe and hands it to CUPS
 * while the kiosk goes on drawing, its deadline running. */
static void
print_clicked_cb (VtReceiptPage *self)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;

  if (self->print_process != NULL)
    return;
  /* GIO writes the PDF to the helper's pipe with write(): a helper that is
   * already gone (crashed, badly installed) would kill the kiosk with
   * SIGPIPE.  The kiosk relies on SIGPIPE nowhere, so it is ignored
   * (the write then fails with EPIPE and the citizen is told). */
  {
    static gsize ignored = 0;

    if (g_once_init_enter (&ignored))
      {
        signal (SIGPIPE, SIG_IGN);
        g_once_init_leave (&ignored, 1);
      }
  }
  gtk_widget_set_sensitive (self->print_button, FALSE);
  gtk_label_set_text (GTK_LABEL (self->print_status_label), _("Printing your receipt…"));
  gtk_widget_set_visible (self->print_status_label, TRUE);

  pdf = vt_receipt_page_render_pdf (self, &error);
  if (pdf == NULL)
    {
      g_message ("%s", error->message);
      print_ended (self, FALSE);
      return;
    }

  g_ptr_array_add (argv, vt_paths_get_print_helper ());
  /* Translators: the print job's name, seen in a printer queue. */
  g_ptr_array_add (argv, g_strdup_printf ("--title=%s", _("Application receipt")));
  if (self->printer_name != NULL)
    g_ptr_array_add (argv, g_strdup_printf ("--printer=%s", self->printer_name));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  self->print_process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  if (self->print_process == NULL)
    {
      g_message ("The print helper could not be started: %s", error->message);
      print_ended (self, FALSE);
      return;
    }
  self->print_cancellable = g_cancellable_new ();
  self->print_timeout_id = g_timeout_add ((guint) (self->print_timeout_seconds * 1000),
                                          print_timeout_cb, self);
  g_subprocess_communicate_async (self->print_process, pdf, self->print_cancellable,
                                  print_communicate_cb, self);
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

  /* The receipt's page goes (Finish, its timeout, the idle wipe): a
   * helper still waiting on the printer goes with it. */
  g_clear_handle_id (&self->print_timeout_id, g_source_remove);
  if (self->print_process != NULL)
    g_subprocess_force_exit (self->print_process);
  g_cancellable_cancel (self->print_cancellable);
  g_clear_object (&self->print_cancellable);
  g_clear_object (&self->print_process);

  G_OBJECT_CLASS (vt_receipt_page_parent_class)->dispose (object);
}

static void
vt_receipt_page_finalize (GObject *object)
{
  VtReceiptPage *self = VT_RECEIPT_PAGE (object);

  g_free (self->reference);
  g_free (self->instance_id);
  g_free (self->printer_name);
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
  g_type_ensure (VT_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/ventanilla/Kiosk/vt-receipt-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VtReceiptPage, panel);
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
  self->print_timeout_seconds = DEFAULT_PRINT_TIMEOUT_SECONDS;
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
  self->instance_id = g_strdup (receipt->instance_id);
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
    /* Translators: said by a screen reader on the receipt; %s is the reference code spelled out. */
    g_autofree char *said = g_strdup_printf (_("Your reference code: %s"), s->str);

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->reference_label),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, said, -1);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->panel),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, said, -1);
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
vt_receipt_page_set_feedback (VtReceiptPage *self,
                              GtkWidget     *question)
{
  g_return_if_fail (VT_IS_RECEIPT_PAGE (self));
  g_return_if_fail (question == NULL || GTK_IS_WIDGET (question));

  if (self->feedback != NULL)
    gtk_box_remove (GTK_BOX (self), self->feedback);
  self->feedback = question;
  if (question != NULL)
    gtk_box_append (GTK_BOX (self), question);
}

GtkWidget *
vt_receipt_page_get_feedback (VtReceiptPage *self)
{
  g_return_val_if_fail (VT_IS_RECEIPT_PAGE (self), NULL);
  return self->feedback;
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

void
vt_receipt_page_set_printer (VtReceiptPage *self,
                             const char    *printer_name,
                             double         timeout_seconds)
{
  g_return_if_fail (VT_IS_RECEIPT_PAGE (self));
  g_return_if_fail (timeout_seconds > 0);

  g_free (self->printer_name);
  self->printer_name = printer_name != NULL && printer_name[0] != '\0' ? g_strdup (printer_name) : NULL;
  self->print_timeout_seconds = timeout_seconds;
}
