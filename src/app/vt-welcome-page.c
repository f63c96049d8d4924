#define G_LOG_DOMAIN "vt-welcome-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-i18n.h"
#include "vt-language.h"
#include "vt-screen-page.h"
#include "vt-welcome-page.h"

/* The start page: a greeting and one button per language, each named in
 * itself.  Pressing one sets the kiosk's language and starts. */
struct _VtWelcomePage
{
  GtkBox     parent_instance;

  GtkWidget *title_label;
  GtkWidget *language_box;
  GtkWidget *current_button;      /* the button of the language shown, or NULL */
};

enum {
  LANGUAGE_CHOSEN,
  CHECK_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void vt_welcome_page_screen_page_init (VtScreenPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VtWelcomePage, vt_welcome_page, GTK_TYPE_BOX,
                               G_IMPLEMENT_INTERFACE (VT_TYPE_SCREEN_PAGE, vt_welcome_page_screen_page_init))

/* The language already shown: Enter then starts in it, as the page reads,
 * and never switches the kiosk to the first language of the list. */
static GtkWidget *
vt_welcome_page_get_initial_focus (VtScreenPage *page)
{
  return VT_WELCOME_PAGE (page)->current_button;
}

static void
vt_welcome_page_screen_page_init (VtScreenPageInterface *iface)
{
  iface->get_initial_focus = vt_welcome_page_get_initial_focus;
}

static void
language_clicked_cb (GtkButton     *button,
                     VtWelcomePage *self)
{
  const char *code = g_object_get_data (G_OBJECT (button), "vt-language");

  g_signal_emit (self, signals[LANGUAGE_CHOSEN], 0, code);
}

static void
check_clicked_cb (VtWelcomePage *self)
{
  g_signal_emit (self, signals[CHECK_CHOSEN], 0);
}

static void
vt_welcome_page_class_init (VtWelcomePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  signals[LANGUAGE_CHOSEN] =
    g_signal_new ("language-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* "Check an application": the status of one made before. */
  signals[CHECK_CHOSEN] =
    g_signal_new ("check-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ventanilla/Kiosk/vt-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VtWelcomePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, VtWelcomePage, language_box);
  gtk_widget_class_bind_template_callback (widget_class, check_clicked_cb);
}

static void
vt_welcome_page_init (VtWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vt_welcome_page_new (const char * const *languages)
{
  VtWelcomePage *self = g_object_new (VT_TYPE_WELCOME_PAGE, NULL);
  const char *current = vt_language_get_current ();

  for (guint i = 0; languages != NULL && languages[i] != NULL; i++)
    {
      const VtLanguage *language = vt_language_lookup (languages[i]);
      GtkWidget *button;
      GtkWidget *label;

      if (language == NULL)
        {
          g_message ("The kiosk has no translation for “%s”; it is not offered", languages[i]);
          continue;
        }
      /* A language is offered once its catalogue is built (po/LINGUAS):
       * a citizen who picks it must not meet the kiosk's words in English.
       * English is the originals and needs none. */
      if (!g_str_equal (language->code, "en") && !vt_i18n_has_catalogue (language->code))
        {
          g_message ("The kiosk has no catalogue for “%s” (po/LINGUAS); it is not offered", language->code);
          continue;
        }

      label = gtk_label_new (language->native_name);
      button = gtk_button_new ();
      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_widget_set_size_request (button, 360, -1);
      gtk_widget_add_css_class (button, "choice");
      gtk_widget_add_css_class (button, "huge");
      if (g_str_equal (language->code, current))
        {
          gtk_widget_add_css_class (button, "current");
          self->current_button = button;
        }
      /* The name is in its own language, so say so to the screen reader. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, language->native_name,
                                      -1);
      g_object_set_data (G_OBJECT (button), "vt-language", (gpointer) language->code);
      g_signal_connect (button, "clicked", G_CALLBACK (language_clicked_cb), self);
      gtk_box_append (GTK_BOX (self->language_box), button);
    }

  return GTK_WIDGET (self);
}
