#include "config.h"

#include "vt-test-app.h"
#include "vt-test-utils.h"

VtApplication *
vt_test_app_new (const char *config_text,
                 const char *data_dir)
{
  VtApplication *app = vt_application_new ();
  g_autoptr(GError) error = NULL;
  VtConfig *config;

  if (config_text != NULL)
    {
      config = vt_config_load_from_data (config_text, -1, "test.conf", &error);
      g_assert_no_error (error);
    }
  else
    config = vt_config_new_default ();
  if (data_dir != NULL)
    vt_config_set_data_dir (config, data_dir);
  vt_application_set_config (app, config);

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

VtWindow *
vt_test_app_open_window (VtApplication *app)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (VT_IS_WINDOW (window));
  vt_test_wait_until (widget_is_mapped, window, 10000, "the kiosk window to be mapped");
  return VT_WINDOW (window);
}

typedef struct
{
  VtWindow *window;
  VtScreen  screen;
} ScreenWait;

static gboolean
screen_is (gpointer data)
{
  ScreenWait *wait = data;

  return vt_window_get_screen (wait->window) == wait->screen &&
         gtk_widget_get_mapped (vt_window_get_page (wait->window));
}

void
vt_test_wait_screen (VtWindow *window,
                     VtScreen  screen)
{
  ScreenWait wait = { window, screen };

  vt_test_wait_until (screen_is, &wait, 10000, "the expected screen");
}

static const char *
button_text (GtkWidget *button)
{
  GtkWidget *child = gtk_button_get_child (GTK_BUTTON (button));
  const char *label = gtk_button_get_label (GTK_BUTTON (button));

  if (label != NULL)
    return label;
  if (GTK_IS_LABEL (child))
    return gtk_label_get_text (GTK_LABEL (child));
  return g_object_get_data (G_OBJECT (button), "vt-test-label");
}

GtkWidget *
vt_test_find_button_or_null (GtkWidget  *root,
                             const char *text)
{
  if ((GTK_IS_BUTTON (root) || GTK_IS_CHECK_BUTTON (root)) && gtk_widget_get_visible (root))
    {
      const char *label = GTK_IS_BUTTON (root) ? button_text (root)
                                               : gtk_check_button_get_label (GTK_CHECK_BUTTON (root));

      if (label == NULL)
        label = g_object_get_data (G_OBJECT (root), "vt-test-label");
      if (g_strcmp0 (label, text) == 0)
        return root;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (!gtk_widget_get_visible (child))
        continue;
      found = vt_test_find_button_or_null (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
vt_test_find_button (GtkWidget  *root,
                     const char *text)
{
  GtkWidget *button = vt_test_find_button_or_null (root, text);

  if (button == NULL)
    g_error ("No button “%s” on the screen", text);
  return button;
}

GtkWidget *
vt_test_find_widget (GtkWidget *root,
                     GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = vt_test_find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
vt_test_click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  if (GTK_IS_CHECK_BUTTON (button))
    gtk_widget_activate (button);
  else
    g_signal_emit_by_name (button, "clicked");
}

void
vt_test_iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
is_allocated (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data)) && gtk_widget_get_height (GTK_WIDGET (data)) > 0;
}

void
vt_test_wait_allocated (GtkWidget *widget)
{
  vt_test_wait_until (is_allocated, widget, 10000, "the widget to be laid out");
}
