#include "config.h"

#include <gtk/gtk.h>

#include "vt-application.h"
#include "vt-language.h"
#include "vt-services-page.h"
#include "vt-test-app.h"
#include "vt-test-utils.h"

/* The catalogue: grouped by category with headings, a search box once
 * there are many services, and each service a large button named by its
 * title with the description as its accessible description. */

static VtServiceItem *
item (const char *id,
      const char *title,
      const char *description,
      const char *category)
{
  VtServiceItem *i = g_new0 (VtServiceItem, 1);

  i->form_id = g_strdup (id);
  i->title = g_strdup (title);
  i->description = g_strdup (description);
  i->category = g_strdup (category);
  return i;
}

static GtkWidget *
find_search (GtkWidget *page)
{
  return vt_test_find_widget (page, GTK_TYPE_SEARCH_ENTRY);
}

static gboolean
filtered (gpointer data)
{
  GtkWidget *page = data;
  GtkWidget *water = vt_services_page_get_button (VT_SERVICES_PAGE (page), "water");
  GtkWidget *birth = vt_services_page_get_button (VT_SERVICES_PAGE (page), "birth");

  return gtk_widget_get_visible (water) && !gtk_widget_get_visible (birth);
}

static void
test_services_search_and_groups (void)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_service_item_free);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page;
  GtkWidget *button;
  GtkWidget *search;

  g_ptr_array_add (items, item ("birth", "Birth certificate", "A copy for school or work.", "Civil registry"));
  g_ptr_array_add (items, item ("death", "Death certificate", NULL, "Civil registry"));
  g_ptr_array_add (items, item ("water", "Water connection", "Ask for drinking water at home.", "Streets and services"));
  g_ptr_array_add (items, item ("light", "Street light out", NULL, "Streets and services"));
  g_ptr_array_add (items, item ("permit", "Shop permit", NULL, "Business"));
  g_ptr_array_add (items, item ("market", "Market stall", NULL, "Business"));
  g_ptr_array_add (items, item ("benefit", "Household benefit", NULL, "Social help"));

  page = vt_services_page_new (items);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));

  button = vt_services_page_get_button (VT_SERVICES_PAGE (page), "water");
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, "Water connection");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      "Ask for drinking water at home.");

  /* Category headings, level 2, in order. */
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    guint headings = 0;

    vt_test_collect_type (page, GTK_TYPE_LABEL, labels);
    for (guint i = 0; i < labels->len; i++)
      if (gtk_widget_has_css_class (g_ptr_array_index (labels, i), "heading-m") &&
          gtk_widget_get_parent (g_ptr_array_index (labels, i)) != page)
        {
          gtk_test_accessible_assert_property (GTK_ACCESSIBLE (g_ptr_array_index (labels, i)),
                                              GTK_ACCESSIBLE_PROPERTY_LEVEL, 2);
          headings++;
        }
    g_assert_cmpuint (headings, ==, 4);
  }

  /* Seven services: a search box, labelled, that filters as one types
   * (accents and case do not matter). */
  search = find_search (page);
  g_assert_nonnull (search);
  g_assert_true (gtk_widget_get_visible (search));
  gtk_editable_set_text (GTK_EDITABLE (search), "WATER");
  vt_test_wait_until (filtered, page, 10000, "the search to filter");
  g_assert_false (gtk_widget_get_visible (vt_services_page_get_button (VT_SERVICES_PAGE (page), "permit")));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_services_few_and_none (void)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_service_item_free);
  GtkWidget *few;
  GtkWidget *none;

  g_ptr_array_add (items, item ("birth", "Birth certificate", NULL, NULL));
  few = g_object_ref_sink (vt_services_page_new (items));
  g_assert_false (gtk_widget_get_visible (find_search (few)));
  g_assert_finalize_object (few);

  g_ptr_array_set_size (items, 0);
  none = g_object_ref_sink (vt_services_page_new (items));
  g_assert_nonnull (vt_test_find_widget (none, GTK_TYPE_LABEL));
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    gboolean said = FALSE;

    vt_test_collect_type (none, GTK_TYPE_LABEL, labels);
    for (guint i = 0; i < labels->len; i++)
      if (gtk_widget_get_visible (g_ptr_array_index (labels, i)) &&
          g_str_has_prefix (gtk_label_get_text (g_ptr_array_index (labels, i)), "No services are available"))
        said = TRUE;
    g_assert_true (said);
  }
  g_assert_finalize_object (none);
}

int
main (int   argc,
      char *argv[])
{
  vt_test_gtk_init (&argc, &argv);
  vt_application_ensure_resources ();
  /* The words these cases check are English, unless a case says otherwise. */
  vt_language_apply ("en");

  g_test_add_func ("/vt/services/search-and-groups", test_services_search_and_groups);
  g_test_add_func ("/vt/services/few-and-none", test_services_few_and_none);

  return g_test_run ();
}
