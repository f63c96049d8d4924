/* The consent screen: what is sent, to whom and why, the error of a
 * failed save, and the clerk's confirmation for an assisted application
 * ("assisted-by") that Send waits for. */
#define G_LOG_DOMAIN "vt-consent-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-consent-page.h"
#include "vt-screen-page.h"
#include "vt-wrap-box.h"

struct _VtConsentPage
{
  GtkBox     parent_instance;

  GtkWidget *title_box;
  GtkWidget *what_label;
  GtkWidget *who_label;
  GtkWidget *why_label;
  GtkWidget *kept_label;
  GtkWidget *error_label;
  GtkWidget *assisted_check;
  GtkWidget *send_button;

  char      *assisted_by;
};

enum {
  BACK,
  SEND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_ASSISTED_BY,
  PROP_CONFIRMED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void vt_consent_page_screen_page_init (VtScreenPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VtConsentPage, vt_consent_page, GTK_TYPE_BOX,
                               G_IMPLEMENT_INTERFACE (VT_TYPE_SCREEN_PAGE, vt_consent_page_screen_page_init))

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
assisted_toggled_cb (VtConsentPage *self)
{
  gtk_widget_set_sensitive (self->send_button, vt_consent_page_get_confirmed (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIRMED]);
}

/* An error first, so it is read out; else the clerk's confirmation when
 * there is one, else the page's title with what is agreed to: never Send,
 * one key press from sending. */
static GtkWidget *
vt_consent_page_get_initial_focus (VtScreenPage *page)
{
  VtConsentPage *self = VT_CONSENT_PAGE (page);

  if (gtk_widget_get_visible (self->error_label))
    return self->error_label;
  if (self->assisted_by != NULL)
    return self->assisted_check;
  return self->title_box;
}

static void
vt_consent_page_screen_page_init (VtScreenPageInterface *iface)
{
  iface->get_initial_focus = vt_consent_page_get_initial_focus;
}

const char *
vt_consent_page_get_assisted_by (VtConsentPage *self)
{
  g_return_val_if_fail (VT_IS_CONSENT_PAGE (self), NULL);

  return self->assisted_by;
}

void
vt_consent_page_set_assisted_by (VtConsentPage *self,
                                 const char    *assisted_by)
{
  g_return_if_fail (VT_IS_CONSENT_PAGE (self));

  if (g_strcmp0 (self->assisted_by, assisted_by) == 0)
    return;

  g_free (self->assisted_by);
  self->assisted_by = g_strdup (assisted_by);
  if (assisted_by != NULL)
    {
      /* Translators: on the consent screen when a clerk fills in an application for someone. */
      g_autofree char *label = g_strdup_printf (_("I, %s, confirm that the applicant heard what is sent, to whom "
                                                  "and why, and agreed."), assisted_by);

      gtk_check_button_set_label (GTK_CHECK_BUTTON (self->assisted_check), label);
    }
  /* A new clerk confirms anew. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->assisted_check), FALSE);
  gtk_widget_set_visible (self->assisted_check, assisted_by != NULL);
  gtk_widget_set_sensitive (self->send_button, vt_consent_page_get_confirmed (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSISTED_BY]);
}

GtkWidget *
vt_consent_page_get_assisted_check (VtConsentPage *self)
{
  g_return_val_if_fail (VT_IS_CONSENT_PAGE (self), NULL);

  return self->assisted_check;
}

gboolean
vt_consent_page_get_confirmed (VtConsentPage *self)
{
  g_return_val_if_fail (VT_IS_CONSENT_PAGE (self), FALSE);

  return self->assisted_by == NULL || gtk_check_button_get_active (GTK_CHECK_BUTTON (self->assisted_check));
}

static void
vt_consent_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VtConsentPage *self = VT_CONSENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_ASSISTED_BY:
      g_value_set_string (value, self->assisted_by);
      break;
    case PROP_CONFIRMED:
      g_value_set_boolean (value, vt_consent_page_get_confirmed (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_consent_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VtConsentPage *self = VT_CONSENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_ASSISTED_BY:
      vt_consent_page_set_assisted_by (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_consent_page_finalize (GObject *object)
{
  VtConsentPage *self = VT_CONSENT_PAGE (object);

  g_free (self->assisted_by);

  G_OBJECT_CLASS (vt_consent_page_parent_class)->finalize (object);
}

static void
vt_consent_page_class_init (VtConsentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = vt_consent_page_get_property;
  object_class->set_property = vt_consent_page_set_property;
  object_class->finalize = vt_consent_page_finalize;

  properties[PROP_ASSISTED_BY] = g_param_spec_string ("assisted-by", NULL, NULL, NULL,
                                                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                      G_PARAM_STATIC_STRINGS);
  properties[PROP_CONFIRMED] = g_param_spec_boolean ("confirmed", NULL, NULL, TRUE,
                                                     G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                     G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SEND] = g_signal_new ("send", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ventanilla/Kiosk/vt-consent-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VtConsentPage, title_box);
  gtk_widget_class_bind_template_child (widget_class, VtConsentPage, what_label);
  gtk_widget_class_bind_template_child (widget_class, VtConsentPage, who_label);
  gtk_widget_class_bind_template_child (widget_class, VtConsentPage, why_label);
  gtk_widget_class_bind_template_child (widget_class, VtConsentPage, kept_label);
  gtk_widget_class_bind_template_child (widget_class, VtConsentPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, VtConsentPage, assisted_check);
  gtk_widget_class_bind_template_child (widget_class, VtConsentPage, send_button);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, send_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, assisted_toggled_cb);
}

static void
vt_consent_page_init (VtConsentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vt_button_wrap_label (self->send_button);
}

GtkWidget *
vt_consent_page_new (const char *service_title,
                     const char *office_name,
                     const char *error,
                     const char *assisted_by)
{
  VtConsentPage *self = g_object_new (VT_TYPE_CONSENT_PAGE, "assisted-by", assisted_by, NULL);
  g_autofree char *who = NULL;
  g_autofree char *why = NULL;
  g_autofree char *said = NULL;

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
  /* Where the focus lands, a screen reader says what the citizen agrees
   * to: the page's texts, which no focus reaches. */
  said = g_strdup_printf ("%s: %s %s: %s %s: %s %s",
                          _("What we send"), gtk_label_get_text (GTK_LABEL (self->what_label)),
                          _("Who receives it"), who, _("Why"), why,
                          gtk_label_get_text (GTK_LABEL (self->kept_label)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->title_box),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, said, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->assisted_check),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, said, -1);
  if (error != NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->error_label), error);
      gtk_widget_set_visible (self->error_label, TRUE);
    }

  return GTK_WIDGET (self);
}

GtkWidget *
vt_consent_page_get_send_button (VtConsentPage *self)
{
  g_return_val_if_fail (VT_IS_CONSENT_PAGE (self), NULL);
  return self->send_button;
}
