#define G_LOG_DOMAIN "vt-out-of-service-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-language.h"
#include "vt-out-of-service-page.h"
#include "vt-screen-page.h"

/* Shown before anyone has chosen a language, so it says the same in all
 * of the kiosk's languages, each block in its own. */
struct _VtOutOfServicePage
{
  GtkBox     parent_instance;

  GtkWidget *messages;
};

G_DEFINE_FINAL_TYPE (VtOutOfServicePage, vt_out_of_service_page, GTK_TYPE_BOX)

static const char *heading_text = N_("Out of service");
static const char *body_text = N_("This kiosk cannot take applications just now. Please ask at the desk, "
                                  "or come back later.");

static void
vt_out_of_service_page_class_init (VtOutOfServicePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ventanilla/Kiosk/vt-out-of-service-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VtOutOfServicePage, messages);
}

static void
vt_out_of_service_page_init (VtOutOfServicePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* One block in the language named code, which is then the current one. */
static void
add_block (VtOutOfServicePage *self,
           const char         *code,
           gboolean            first)
{
  GtkWidget *block = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading;
  GtkWidget *body;

  vt_language_apply (code);
  heading = vt_heading_new (_(heading_text), first ? 1 : 2, first ? "heading-xl" : "heading-l");
  /* Centred, as the whole notice is. */
  gtk_label_set_xalign (GTK_LABEL (heading), 0.5);
  gtk_label_set_justify (GTK_LABEL (heading), GTK_JUSTIFY_CENTER);
  body = gtk_label_new (_(body_text));
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_justify (GTK_LABEL (body), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (body), 60);
  gtk_widget_add_css_class (body, "lead");
  gtk_box_append (GTK_BOX (block), heading);
  gtk_box_append (GTK_BOX (block), body);
  gtk_box_append (GTK_BOX (self->messages), block);
}

GtkWidget *
vt_out_of_service_page_new (const char * const *languages)
{
  VtOutOfServicePage *self = g_object_new (VT_TYPE_OUT_OF_SERVICE_PAGE, NULL);
  g_autofree char *current = g_strdup (vt_language_get_current ());
  guint shown = 0;

  for (guint i = 0; languages != NULL && languages[i] != NULL; i++)
    if (vt_language_lookup (languages[i]) != NULL)
      add_block (self, languages[i], shown++ == 0);
  /* No language the kiosk knows: the one it speaks now. */
  if (shown == 0)
    add_block (self, current, TRUE);
  vt_language_apply (current);

  return GTK_WIDGET (self);
}

GPtrArray *
vt_out_of_service_page_dup_headings (VtOutOfServicePage *self)
{
  GPtrArray *headings = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (VT_IS_OUT_OF_SERVICE_PAGE (self), NULL);

  for (GtkWidget *block = gtk_widget_get_first_child (self->messages); block != NULL;
       block = gtk_widget_get_next_sibling (block))
    g_ptr_array_add (headings, g_strdup (gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (block)))));
  return headings;
}
