#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "vt-clerk.h"
#include "vt-clerk-pin-pad.h"
#include "vt-language.h"
#include "vt-out-of-service-page.h"
#include "vt-out-of-service-window.h"
#include "vt-store.h"
#include "vt-test-app.h"
#include "vt-test-dashboard.h"
#include "vt-test-utils.h"

/* A kiosk whose configuration has a mistake: it stays up, out of service
 * in its own languages, with nothing a citizen can press; the mistake is
 * behind the clerk PIN, and from there the maintenance exit. */

static gboolean
has_message (gpointer data)
{
  return vt_clerk_dashboard_get_message (data) != NULL;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static gboolean
is_fullscreen (gpointer data)
{
  return gtk_window_is_fullscreen (GTK_WINDOW (data));
}

static gboolean
is_active (gpointer data)
{
  return vt_clerk_mode_get_active (data);
}

/* "Checking…", while the PIN is being checked. */
static char *checking;

static gboolean
message_changed (gpointer data)
{
  return g_strcmp0 (vt_clerk_pin_pad_get_message (data), checking) != 0;
}

static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* What is on screen: widgets of type that are mapped. */
static guint
count_mapped (GtkWidget *root,
              GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  guint n = 0;

  vt_test_collect_type (root, type, found);
  for (guint i = 0; i < found->len; i++)
    n += gtk_widget_get_mapped (g_ptr_array_index (found, i));
  return n;
}

static gboolean
screen_mentions (GtkWidget  *root,
                 const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  vt_test_collect_type (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_mapped (g_ptr_array_index (labels, i)) &&
        strstr (gtk_label_get_text (g_ptr_array_index (labels, i)), text) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_out_of_service (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("out-of-service");
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *missing_dir = g_build_filename (dir, "nowhere", NULL);
  g_autofree char *text = g_strdup_printf ("[server]\nurl=central.example.org\n"
                                           "[kiosk]\nlanguages=fr;es\ndata-dir=%s\n", data_dir);
  g_autofree char *path = vt_test_write_file (dir, "broken.conf", text);
  g_autofree char *where = g_strdup_printf ("%s:2", path);
  g_autoptr(VtApplication) app = vt_application_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) strict = vt_config_load (path, NULL, &error);
  g_autoptr(GPtrArray) headings = NULL;
  VtConfig *config = vt_config_load_salvage (path, NULL);
  VtOutOfServiceWindow *window;
  VtClerkMode *mode;
  VtClerkPinPad *pad;
  VtClerkDashboard *dash;
  const char *message;

  {
    g_autoptr(VtStore) store = vt_store_open (data_dir, NULL);
    g_assert_true (vt_clerk_set_pin (store, "8642", NULL));
  }

  /* As `ventanilla --config broken.conf` meets it. */
  g_assert_null (strict);
  vt_application_set_config (app, config);
  vt_application_set_config_error (app, error->message);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  g_application_activate (G_APPLICATION (app));
  window = VT_OUT_OF_SERVICE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (VT_IS_OUT_OF_SERVICE_WINDOW (window));
  vt_test_wait_until (is_mapped, window, 10000, "the out-of-service window to be mapped");
  vt_test_wait_until (is_fullscreen, window, 10000, "the out-of-service window to be full screen");

  /* Out of service in each of the kiosk's languages, in its order. */
  headings = vt_out_of_service_page_dup_headings (VT_OUT_OF_SERVICE_PAGE (vt_out_of_service_window_get_page (window)));
  g_assert_cmpuint (headings->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (headings, 0), ==, "Hors service");
  g_assert_cmpstr (g_ptr_array_index (headings, 1), ==, "Fuera de servicio");
  g_assert_true (screen_mentions (GTK_WIDGET (window), "revenir plus tard"));

  /* A citizen has nothing to press, nothing to type, no way out, and
   * does not see the mistake. */
  g_assert_cmpuint (count_mapped (GTK_WIDGET (window), GTK_TYPE_BUTTON), ==, 0);
  g_assert_cmpuint (count_mapped (GTK_WIDGET (window), GTK_TYPE_EDITABLE), ==, 0);
  g_assert_false (screen_mentions (GTK_WIDGET (window), "central.example.org"));
  gtk_window_close (GTK_WINDOW (window));
  vt_test_iterate ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* A wrong PIN shows nothing more. */
  mode = vt_out_of_service_window_get_clerk_mode (window);
  g_assert_nonnull (mode);
  pad = VT_CLERK_PIN_PAD (vt_clerk_mode_get_pin_pad (mode));
  dash = VT_CLERK_DASHBOARD (vt_clerk_mode_get_dashboard (mode));
  vt_clerk_mode_request (mode);
  for (const char *p = "1111"; *p != '\0'; p++)
    vt_clerk_pin_pad_press (pad, (char[]) { *p, '\0' });
  vt_clerk_pin_pad_press (pad, "ok");
  checking = g_strdup (vt_clerk_pin_pad_get_message (pad));
  vt_test_wait_until (message_changed, pad, 10000, "the PIN to be refused");
  g_assert_false (vt_clerk_mode_get_active (mode));
  g_assert_false (screen_mentions (GTK_WIDGET (window), "central.example.org"));

  /* The clerk PIN shows IT the mistake (file, line, setting), in the
   * kiosk's first language, with what to do. */
  vt_clerk_pin_pad_set_name (pad, "Ana");
  for (const char *p = "8642"; *p != '\0'; p++)
    vt_clerk_pin_pad_press (pad, (char[]) { *p, '\0' });
  vt_clerk_pin_pad_press (pad, "ok");
  vt_test_wait_until (is_active, mode, 10000, "clerk mode to start");
  vt_test_wait_until (has_message, dash, 10000, "the dashboard's message");
  message = vt_clerk_dashboard_get_message (dash);
  g_assert_nonnull (strstr (message, "Cette borne est hors service"));
  g_assert_nonnull (strstr (message, where));
  g_assert_nonnull (strstr (message, "central.example.org"));
  g_assert_nonnull (strstr (message, "systemctl restart ventanilla-kiosk"));
  g_assert_true (dashboard_message_is_error (dash));

  /* A data directory that is not there: no clerk mode, and nothing made. */
  {
    g_autoptr(VtConfig) elsewhere = vt_config_new_default ();
    VtOutOfServiceWindow *other;

    vt_config_set_data_dir (elsewhere, missing_dir);
    other = vt_out_of_service_window_new (app, elsewhere, "a mistake");
    g_assert_null (vt_out_of_service_window_get_clerk_mode (other));
    g_assert_false (g_file_test (missing_dir, G_FILE_TEST_EXISTS));
    gtk_window_destroy (GTK_WINDOW (other));
  }

  /* Leaving for maintenance ends the kiosk with the status its unit does
   * not restart. */
  g_assert_cmpint (vt_application_get_exit_status (app), ==, 0);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  vt_test_click (dashboard_button (dash, "Quitter la borne (maintenance)"));
  vt_test_wait_until (pointer_is_null, &window, 10000, "the out-of-service window to close");
  g_assert_cmpint (vt_application_get_exit_status (app), ==, VT_EXIT_MAINTENANCE);

  g_clear_pointer (&checking, g_free);
  vt_test_rmdir_recursive (dir);
}

int
main (int   argc,
      char *argv[])
{
  vt_language_init ();
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vt/out-of-service/page-clerk-and-exit", test_out_of_service);

  return g_test_run ();
}
