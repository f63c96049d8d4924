#define G_LOG_DOMAIN "vt-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-window.h"

struct _VtWindow
{
  GtkApplicationWindow  parent_instance;

  GtkWidget            *welcome_page;
  GtkWidget            *title_label;

  gboolean              allow_close;
};

G_DEFINE_FINAL_TYPE (VtWindow, vt_window, GTK_TYPE_APPLICATION_WINDOW)

/* A citizen must not be able to close the kiosk; only clerk mode (or a
 * shutdown) lifts this. */
static gboolean
vt_window_close_request (GtkWindow *window)
{
  VtWindow *self = VT_WINDOW (window);

  if (!self->allow_close)
    {
      g_debug ("Refusing to close the kiosk window");
      return TRUE;
    }

  return GTK_WINDOW_CLASS (vt_window_parent_class)->close_request (window);
}

/* The compositor (Cage on a kiosk) honours the fullscreen request; a bare
 * X server with no window manager does not, so the window also asks for the
 * size of the first monitor before it is shown. */
static void
vt_window_realize (GtkWidget *widget)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (widget));
  g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, 0);

  if (monitor != NULL)
    {
      GdkRectangle geometry;

      gdk_monitor_get_geometry (monitor, &geometry);
      gtk_window_set_default_size (GTK_WINDOW (widget), geometry.width, geometry.height);
    }

  GTK_WIDGET_CLASS (vt_window_parent_class)->realize (widget);
}

static void
vt_window_class_init (VtWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  widget_class->realize = vt_window_realize;
  window_class->close_request = vt_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ventanilla/Kiosk/vt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VtWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, title_label);
}

static void
vt_window_init (VtWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_fullscreen (GTK_WINDOW (self));
}

VtWindow *
vt_window_new (VtApplication *app)
{
  return g_object_new (VT_TYPE_WINDOW, "application", app, NULL);
}

void
vt_window_set_allow_close (VtWindow *self,
                           gboolean  allow)
{
  g_return_if_fail (VT_IS_WINDOW (self));

  self->allow_close = !!allow;
}
