#include "config.h"

#include <gtk/gtk.h>

#include "vt-application.h"
#include "vt-language.h"
#include "vt-test-app.h"
#include "vt-test-utils.h"
#include "vt-welcome-page.h"
#include "vt-window.h"

/* One application per test program, as on a kiosk. */
static VtApplication *app;

static gboolean
window_covers_screen (gpointer data)
{
  GtkWindow *window = data;

  return gtk_widget_get_width (GTK_WIDGET (window)) == 1280 &&
         gtk_widget_get_height (GTK_WIDGET (window)) == 1024;
}

static gboolean
window_is_fullscreen (gpointer data)
{
  return gtk_window_is_fullscreen (GTK_WINDOW (data));
}

static GtkWidget *
find_heading (GtkWidget *root)
{
  GtkWidget *label = vt_test_find_widget (root, GTK_TYPE_LABEL);

  return label;
}

static void
test_window_opens_fullscreen (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  GtkWidget *page;
  GtkWidget *title;

  /* The kiosk asks to be full screen once it is built (GTK 4.8 forgets a
   * request made during init; tests/test-cage.sh sees what the compositor
   * does with it), and covers the whole screen (Xvfb's is 1280x1024). */
  vt_test_wait_until (window_is_fullscreen, window, 10000, "the window to be full screen");
  vt_test_wait_until (window_covers_screen, window, 10000, "the window to cover the screen");
  g_assert_false (gtk_window_get_deletable (GTK_WINDOW (window)));

  /* The welcome heading is a level-1 heading for screen readers. */
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_WELCOME);
  page = vt_window_get_page (window);
  g_assert_true (VT_IS_WELCOME_PAGE (page));
  title = find_heading (page);
  g_assert_true (GTK_IS_LABEL (title));
  /* The role, which GTK 4.8 passes to AT-SPI; the level it does not. */
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_ROLE_HEADING);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_LEVEL, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_window_refuses_close (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  VtFlow *flow;
  VtClerkMode *mode;

  /* A citizen pressing Alt+F4 (a close request) does not leave the kiosk. */
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (gtk_application_get_active_window (GTK_APPLICATION (app)) == GTK_WINDOW (window));

  /* Clerk mode lifts the guard.  The window goes, and with it the
   * citizen's application and the clerk's controls it owns: neither holds
   * the window, nor the window through them. */
  vt_window_set_allow_close (window, TRUE);
  flow = vt_window_get_flow (window);
  mode = vt_window_get_clerk_mode (window);
  g_assert_nonnull (mode);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_object_add_weak_pointer (G_OBJECT (flow), (gpointer *) &flow);
  g_object_add_weak_pointer (G_OBJECT (mode), (gpointer *) &mode);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_null (window);
  vt_test_wait_until (pointer_is_null, &flow, 10000, "the window's flow to be finalized");
  vt_test_wait_until (pointer_is_null, &mode, 10000, "the window's clerk mode to be finalized");
}

/* Each language is named in itself, and each button's accessible name is
 * that visible name. */
static void
test_window_languages_named_in_themselves (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  GtkWidget *page = vt_window_get_page (window);
  const char *names[] = { "Español", "Português", "English", "Français", "Kreyòl ayisyen" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *button = vt_test_find_button (page, names[i]);

      gtk_test_accessible_assert_role (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_ROLE_BUTTON);
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, names[i]);
      /* A touch target of at least 48 px. */
      vt_test_wait_allocated (button);
      g_assert_cmpint (gtk_widget_get_height (button), >=, 48);
    }

  /* Choosing French switches the kiosk's words and goes to the services. */
  vt_test_click (vt_test_find_button (page, "Français"));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  g_assert_cmpstr (vt_language_get_current (), ==, "fr");

  vt_test_close_kiosk (window);
}

/* Larger text goes 100 → 150 → 200 → 100 %, and high contrast toggles,
 * on every screen, without leaving the screen. */
static int height_100;

static gboolean
heading_grew (gpointer data)
{
  return gtk_widget_get_height (GTK_WIDGET (data)) > height_100;
}

static void
test_window_display_toggles (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  GtkWidget *page = vt_window_get_page (window);
  GtkWidget *heading = find_heading (page);
  int height_200;

  vt_test_wait_allocated (heading);
  height_100 = gtk_widget_get_height (heading);
  g_assert_cmpuint (vt_window_get_text_scale (window), ==, 100);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
  g_assert_cmpuint (vt_window_get_text_scale (window), ==, 150);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
  g_assert_cmpuint (vt_window_get_text_scale (window), ==, 200);
  vt_test_wait_until (heading_grew, heading, 10000, "the heading to grow");
  height_200 = gtk_widget_get_height (heading);
  /* Twice the text is (about) twice as tall. */
  g_assert_cmpint (height_200, >=, height_100 * 18 / 10);
  g_assert_true (vt_window_get_page (window) == page);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
  g_assert_cmpuint (vt_window_get_text_scale (window), ==, 100);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.high-contrast", NULL);
  g_assert_true (vt_window_get_high_contrast (window));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "high-contrast"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.high-contrast", NULL);
  g_assert_false (vt_window_get_high_contrast (window));

  vt_test_close_kiosk (window);
}

int
main (int   argc,
      char *argv[])
{
  vt_test_gtk_init (&argc, &argv);

  app = vt_test_app_new (NULL, NULL, FALSE);

  g_test_add_func ("/vt/window/opens-fullscreen", test_window_opens_fullscreen);
  g_test_add_func ("/vt/window/refuses-close", test_window_refuses_close);
  g_test_add_func ("/vt/window/languages-named-in-themselves", test_window_languages_named_in_themselves);
  g_test_add_func ("/vt/window/display-toggles", test_window_display_toggles);

  return g_test_run ();
}
