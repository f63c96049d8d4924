#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "vt-clerk.h"
#include "vt-clerk-dashboard-private.h"
#include "vt-clerk-pin-pad.h"
#include "vt-receipt-page.h"
#include "vt-store.h"
#include "vt-test-app.h"
#include "vt-test-utils.h"

/* Clerk mode on the real kiosk window. */

static gboolean
is_active (gpointer data)
{
  return vt_clerk_mode_get_active (data);
}

static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
enter_clerk_mode (VtClerkMode *mode,
                  const char  *name)
{
  VtClerkPinPad *pad = VT_CLERK_PIN_PAD (vt_clerk_mode_get_pin_pad (mode));

  vt_clerk_mode_request (mode);
  vt_clerk_pin_pad_set_name (pad, name);
  for (const char *p = "8642"; *p != '\0'; p++)
    {
      char key[2] = { *p, '\0' };
      vt_clerk_pin_pad_press (pad, key);
    }
  vt_clerk_pin_pad_press (pad, "ok");
  vt_test_wait_until (is_active, mode, 10000, "clerk mode to start");
}

static void
test_clerk_on_window (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("clerk-window");
  g_autoptr(GError) error = NULL;
  g_autoptr(VtApplication) app = NULL;
  g_autofree char *code = NULL;
  VtWindow *window;
  VtClerkMode *mode;
  VtClerkDashboard *dash;
  GtkWidget *layer;

  {
    g_autoptr(VtStore) store = vt_store_open (dir, &error);
    VtSubmission submission = { (char *) "uuid:1", (char *) "permit", (char *) "1",
                                (char *) "<data id=\"permit\"><meta><instanceID>uuid:1</instanceID></meta></data>",
                                NULL };
    VtStoreEnqueueOptions options = { 0 };

    g_assert_no_error (error);
    g_assert_true (vt_clerk_set_pin (store, "8642", &error));
    options.service_title = "Building permit";
    code = vt_store_enqueue (store, &submission, &options, &error);
    g_assert_no_error (error);
  }

  app = vt_test_app_new (NULL, dir, TRUE);
  window = vt_test_app_open_window (app);
  mode = vt_window_get_clerk_mode (window);
  g_assert_nonnull (mode);
  layer = vt_clerk_mode_get_layer (mode);
  g_assert_true (GTK_IS_OVERLAY (gtk_widget_get_parent (layer)));
  g_assert_true (gtk_widget_get_ancestor (layer, VT_TYPE_WINDOW) == GTK_WIDGET (window));
  g_assert_false (gtk_widget_get_visible (layer));
  dash = VT_CLERK_DASHBOARD (vt_clerk_mode_get_dashboard (mode));

  /* A citizen cannot close the kiosk. */
  gtk_window_close (GTK_WINDOW (window));
  vt_test_iterate ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* Reprint: the receipt comes back on screen, clerk mode ends. */
  enter_clerk_mode (mode, "Ana");
  gtk_editable_set_text (GTK_EDITABLE (dash->reprint_entry), code);
  vt_test_click (dash->reprint_button);
  vt_test_wait_screen (window, VT_SCREEN_RECEIPT);
  g_assert_cmpstr (vt_receipt_page_get_reference (VT_RECEIPT_PAGE (vt_window_get_page (window))), ==, code);
  g_assert_false (vt_clerk_mode_get_active (mode));
  g_assert_false (gtk_widget_get_visible (layer));

  /* An application for someone else: the window remembers the clerk. */
  enter_clerk_mode (mode, "Ana");
  vt_test_click (dash->assisted_button);
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  g_assert_cmpstr (vt_window_get_assisted_by (window), ==, "Ana");
  g_assert_false (vt_clerk_mode_get_active (mode));

  /* No sync worker on this window yet: the dashboard says so. */
  enter_clerk_mode (mode, "Ana");
  vt_test_click (dash->sync_button);
  g_assert_true (gtk_widget_has_css_class (dash->message_label, "error"));

  /* Leaving the kiosk closes the window. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  vt_test_click (dash->leave_button);
  vt_test_wait_until (pointer_is_null, &window, 10000, "the kiosk window to close");

  vt_test_rmdir_recursive (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vt/clerk-window/on-window", test_clerk_on_window);

  return g_test_run ();
}
