#include "config.h"

#include <gtk/gtk.h>

#include "vt-application.h"
#include "vt-test-utils.h"
#include "vt-window.h"

/* One application per test program, as on a kiosk. */
static VtApplication *app;

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static gboolean
window_covers_screen (gpointer data)
{
  GtkWindow *window = data;

  return gtk_window_is_fullscreen (window) ||
         (gtk_widget_get_width (GTK_WIDGET (window)) == 1280 &&
          gtk_widget_get_height (GTK_WIDGET (window)) == 1024);
}

static void
test_window_opens_fullscreen (void)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (VT_IS_WINDOW (window));
  vt_test_wait_until (widget_is_mapped, window, 10000, "the kiosk window to be mapped");

  /* The kiosk covers the whole screen (Xvfb's is 1280x1024), fullscreen
   * where a compositor honours the request. */
  vt_test_wait_until (window_covers_screen, window, 10000, "the window to cover the screen");

  /* The welcome heading is a level-1 heading for screen readers. */
  {
    GtkWidget *child = gtk_window_get_child (window);
    GtkWidget *title = gtk_widget_get_first_child (child);

    g_assert_true (GTK_IS_LABEL (title));
    gtk_test_accessible_assert_role (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_ROLE_LABEL);
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_LEVEL, 1);
  }

  gtk_window_destroy (window);
}

static void
test_window_refuses_close (void)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  vt_test_wait_until (widget_is_mapped, window, 10000, "the kiosk window to be mapped");

  /* A citizen pressing Alt+F4 (a close request) does not leave the kiosk. */
  gtk_window_close (window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (gtk_application_get_active_window (GTK_APPLICATION (app)) == window);

  /* Clerk mode lifts the guard. */
  vt_window_set_allow_close (VT_WINDOW (window), TRUE);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (window);
  g_assert_null (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  gtk_test_init (&argc, &argv, NULL);

  app = vt_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/vt/window/opens-fullscreen", test_window_opens_fullscreen);
  g_test_add_func ("/vt/window/refuses-close", test_window_refuses_close);

  return g_test_run ();
}
