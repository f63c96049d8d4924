/* The services a citizen can apply for, one large button each, a search
 * box when there are many, and why none can start when the store cannot
 * take applications. */
#define G_LOG_DOMAIN "vt-services-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-services-page.h"

/* Past this many services a search box helps more than scrolling. */
#define SEARCH_THRESHOLD 6

struct _VtServicesPage
{
  GtkBox      parent_instance;

  GtkWidget  *search_label;
  GtkWidget  *search_entry;
  GtkWidget  *empty_label;
  GtkWidget  *list_box;

  GHashTable *buttons;             /* form_id → GtkButton, borrowed */
  GtkWidget *problem_label;
};

enum {
  SERVICE_CHOSEN,
  BACK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VtServicesPage, vt_services_page, GTK_TYPE_BOX)

void
vt_service_item_free (VtServiceItem *item)
{
  if (item == NULL)
    return;
  g_free (item->form_id);
  g_free (item->title);
  g_free (item->description);
  g_free (item->category);
  g_free (item->notice);
  g_free (item);
}

static void
back_clicked_cb (VtServicesPage *self)
{
  g_signal_emit (self, signals[BACK], 0);
}

static void
service_clicked_cb (GtkButton      *button,
                    VtServicesPage *self)
{
  g_signal_emit (self, signals[SERVICE_CHOSEN], 0,
                 g_object_get_data (G_OBJECT (button), "vt-form-id"));
}

static void
search_changed_cb (VtServicesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *needle = g_utf8_casefold (text, -1);
  g_autofree char *folded = g_utf8_normalize (needle, -1, G_NORMALIZE_ALL);

  for (GtkWidget *child = gtk_widget_get_first_child (self->list_box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *haystack = g_object_get_data (G_OBJECT (child), "vt-search-text");

      /* Category headings stay while any of their services shows. */
      if (haystack == NULL)
        continue;
      gtk_widget_set_visible (child, folded[0] == '\0' || strstr (haystack, folded) != NULL);
    }
}

/* Continue from the search goes to the first service it found, filtered
 * now: ::search-changed comes a moment after the last key. */
static void
search_activate_cb (VtServicesPage *self)
{
  search_changed_cb (self);
  for (GtkWidget *child = gtk_widget_get_first_child (self->list_box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child) && gtk_widget_get_visible (child))
      {
        gtk_widget_grab_focus (child);
        return;
      }
}

static void
vt_services_page_finalize (GObject *object)
{
  VtServicesPage *self = VT_SERVICES_PAGE (object);

  g_clear_pointer (&self->buttons, g_hash_table_unref);

  G_OBJECT_CLASS (vt_services_page_parent_class)->finalize (object);
}

static void
vt_services_page_class_init (VtServicesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = vt_services_page_finalize;

  signals[SERVICE_CHOSEN] =
    g_signal_new ("service-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[BACK] =
    g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ventanilla/Kiosk/vt-services-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VtServicesPage, search_label);
  gtk_widget_class_bind_template_child (widget_class, VtServicesPage, problem_label);
  gtk_widget_class_bind_template_child (widget_class, VtServicesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VtServicesPage, empty_label);
  gtk_widget_class_bind_template_child (widget_class, VtServicesPage, list_box);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
}

static void
vt_services_page_init (VtServicesPage *self)
{
  self->buttons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const VtServiceItem *x = *(VtServiceItem **) a;
  const VtServiceItem *y = *(VtServiceItem **) b;
  int c = g_utf8_collate (x->category ? x->category : "", y->category ? y->category : "");

  return c != 0 ? c : g_utf8_collate (x->title, y->title);
}

static GtkWidget *
new_service_button (VtServicesPage      *self,
                    const VtServiceItem *item)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = gtk_label_new (item->title);
  g_autofree char *search = NULL;
  g_autofree char *folded = NULL;

  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "service-title");
  gtk_box_append (GTK_BOX (box), title);

  if (item->description != NULL && item->description[0] != '\0')
    {
      GtkWidget *description = gtk_label_new (item->description);

      gtk_label_set_wrap (GTK_LABEL (description), TRUE);
      gtk_label_set_xalign (GTK_LABEL (description), 0);
      gtk_widget_add_css_class (description, "service-description");
      gtk_box_append (GTK_BOX (box), description);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, item->description,
                                      -1);
    }

  if (item->notice != NULL)
    {
      GtkWidget *notice = gtk_label_new (item->notice);

      gtk_label_set_wrap (GTK_LABEL (notice), TRUE);
      gtk_label_set_xalign (GTK_LABEL (notice), 0);
      gtk_widget_add_css_class (notice, "service-notice");
      gtk_box_append (GTK_BOX (box), notice);
    }

  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "choice");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, item->title,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "vt-form-id", g_strdup (item->form_id), g_free);
  search = g_strconcat (item->title, " ", item->description ? item->description : "",
                        " ", item->category ? item->category : "", NULL);
  folded = g_utf8_casefold (search, -1);
  g_object_set_data_full (G_OBJECT (button), "vt-search-text",
                          g_utf8_normalize (folded, -1, G_NORMALIZE_ALL), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (service_clicked_cb), self);
  g_hash_table_insert (self->buttons, g_strdup (item->form_id), button);
  return button;
}

GtkWidget *
vt_services_page_new (GPtrArray *items)
{
  VtServicesPage *self = g_object_new (VT_TYPE_SERVICES_PAGE, NULL);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  const char *last_category = NULL;

  for (guint i = 0; items != NULL && i < items->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (items, i));
  g_ptr_array_sort (sorted, compare_items);

  for (guint i = 0; i < sorted->len; i++)
    {
      const VtServiceItem *item = g_ptr_array_index (sorted, i);

      if (item->category != NULL && g_strcmp0 (item->category, last_category) != 0)
        {
          GtkWidget *heading = gtk_label_new (item->category);

          gtk_label_set_xalign (GTK_LABEL (heading), 0);
          gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
          gtk_widget_add_css_class (heading, "heading-m");
          gtk_accessible_update_property (GTK_ACCESSIBLE (heading),
                                          GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
          gtk_box_append (GTK_BOX (self->list_box), heading);
          last_category = item->category;
        }
      gtk_box_append (GTK_BOX (self->list_box), new_service_button (self, item));
    }

  gtk_widget_set_visible (self->empty_label, sorted->len == 0);
  gtk_widget_set_visible (self->search_label, sorted->len > SEARCH_THRESHOLD);
  gtk_widget_set_visible (self->search_entry, sorted->len > SEARCH_THRESHOLD);

  return GTK_WIDGET (self);
}

GtkWidget *
vt_services_page_get_button (VtServicesPage *self,
                             const char     *form_id)
{
  g_return_val_if_fail (VT_IS_SERVICES_PAGE (self), NULL);
  return g_hash_table_lookup (self->buttons, form_id);
}

/* Says, above the services, why none can be started now (a full disk, a
 * damaged database): the citizen is told before typing anything, and
 * focus moves there so a screen reader reads it. */
void
vt_services_page_show_problem (VtServicesPage *self,
                               const char     *text)
{
  g_return_if_fail (VT_IS_SERVICES_PAGE (self));

  gtk_label_set_text (GTK_LABEL (self->problem_label), text != NULL ? text : "");
  gtk_widget_set_visible (self->problem_label, text != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->problem_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text != NULL ? text : "",
                                  -1);
  if (text != NULL)
    gtk_widget_grab_focus (self->problem_label);
}

const char *
vt_services_page_get_problem (VtServicesPage *self)
{
  g_return_val_if_fail (VT_IS_SERVICES_PAGE (self), NULL);

  return gtk_widget_get_visible (self->problem_label)
         ? gtk_label_get_text (GTK_LABEL (self->problem_label)) : NULL;
}
