#define G_LOG_DOMAIN "vt-consent-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-consent-page.h"

struct _VtConsentPage
{
  GtkBox     parent_instance;

  GtkWidget *who_label;
  GtkWidget *why_label;
  GtkWidget *error_label;
  GtkWidget *send_button;
};

enum {
  BACK,
  SEND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VtConsentPage, vt_consent_page, GTK_TYPE_BOX)

static void
back_clicked_cb (VtConsentPage *self)
{
  g_signal_emit (self, signals[BACK], 0);
}

static void
send_clicked_cb (VtConsentPage *self)
{
  g_signal_emit (self, signals[SEND], 0);
}

static void
vt_consent_page_class_init (VtConsentPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SEND] = g_signal_new ("send", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ventanilla/Kiosk/vt-consent-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VtConsentPage, who_label);
  gtk_widget_class_bind_template_child (widget_class, VtConsentPage, why_label);
  gtk_widget_class_bind_template_child (widget_class, VtConsentPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, VtConsentPage, send_button);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, send_clicked_cb);
}

static void
vt_consent_page_init (VtConsentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vt_consent_page_new (const char *service_title,
                     const char *office_name,
                     const char *error)
{
  VtConsentPage *self = g_object_new (VT_TYPE_CONSENT_PAGE, NULL);
  g_autofree char *who = NULL;
  g_autofree char *why = NULL;

  if (office_name != NULL && office_name[0] != '\0')
    /* Translators: %s is the office, from the kiosk's configuration. */
    who = g_strdup_printf (_("%s, the municipal office in charge of this service. Only the staff who handle it can read it."),
                           office_name);
  else
    who = g_strdup (_("The municipal office in charge of this service. Only the staff who handle it can read it."));
  /* Translators: %s is the service, like "Birth certificate copy". */
  why = g_strdup_printf (_("To handle your application for “%s”. Your answers are not used for anything else."),
                         service_title != NULL ? service_title : "");

  gtk_label_set_text (GTK_LABEL (self->who_label), who);
  gtk_label_set_text (GTK_LABEL (self->why_label), why);
  if (error != NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->error_label), error);
      gtk_widget_set_visible (self->error_label, TRUE);
      g_object_set_data (G_OBJECT (self), "vt-initial-focus", self->error_label);
    }
  else
    g_object_set_data (G_OBJECT (self), "vt-initial-focus", self->send_button);

  return GTK_WIDGET (self);
}

GtkWidget *
vt_consent_page_get_send_button (VtConsentPage *self)
{
  g_return_val_if_fail (VT_IS_CONSENT_PAGE (self), NULL);
  return self->send_button;
}
