#pragma once

/* What the clerk tests share: the dashboard as a clerk sees it, its
 * buttons, fields and words found on screen. */

#include <gtk/gtk.h>

#include "vt-clerk-dashboard-private.h"
#include "vt-test-app.h"

static inline GtkWidget *
dashboard_button (VtClerkDashboard *dash,
                  const char       *text)
{
  return vt_test_find_button (GTK_WIDGET (dash), text);
}

/* NULL when the button is not on screen. */
static inline GtkWidget *
dashboard_button_or_null (VtClerkDashboard *dash,
                          const char       *text)
{
  return vt_test_find_button_or_null (GTK_WIDGET (dash), text);
}

static inline GtkEditable *
dashboard_field (VtClerkDashboard *dash,
                 const char       *label)
{
  return GTK_EDITABLE (vt_test_find_field (GTK_WIDGET (dash), label));
}

/* TRUE when a label on screen says text, among other words. */
static inline gboolean
dashboard_shows (VtClerkDashboard *dash,
                 const char       *text)
{
  return vt_test_find_label_containing (GTK_WIDGET (dash), text) != NULL;
}

/* The dashboard's message is shown as an error. */
static inline gboolean
dashboard_message_is_error (VtClerkDashboard *dash)
{
  GtkWidget *label = vt_test_find_label (GTK_WIDGET (dash), vt_clerk_dashboard_get_message (dash));

  g_assert_nonnull (label);
  return gtk_widget_has_css_class (label, "error");
}

/* The form that asks why an application is discarded is open. */
static inline gboolean
dashboard_discard_form_open (VtClerkDashboard *dash)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (vt_test_find_widget (GTK_WIDGET (dash), GTK_TYPE_REVEALER)));
}
