#define G_LOG_DOMAIN "vt-out-of-service-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-clerk-dashboard.h"
#include "vt-fullscreen.h"
#include "vt-language.h"
#include "vt-out-of-service-page.h"
#include "vt-out-of-service-window.h"
#include "vt-store-owner.h"

/* A kiosk that cannot run must not end (its unit would restart it every
 * two seconds, blind) nor leave a citizen in front of a black screen. */
struct _VtOutOfServiceWindow
{
  GtkApplicationWindow  parent_instance;

  VtApplication        *app;
  VtConfig             *config;           /* the application's */
  char                 *problem;
  GtkWidget            *page;
  VtStoreOwner         *owner;
  VtClerkMode          *clerk_mode;
  gboolean              allow_close;
};

G_DEFINE_FINAL_TYPE (VtOutOfServiceWindow, vt_out_of_service_window, GTK_TYPE_APPLICATION_WINDOW)

static gboolean
vt_out_of_service_window_close_request (GtkWindow *window)
{
  VtOutOfServiceWindow *self = VT_OUT_OF_SERVICE_WINDOW (window);

  if (!self->allow_close)
    return TRUE;
  return GTK_WINDOW_CLASS (vt_out_of_service_window_parent_class)->close_request (window);
}

static void
clerk_active_cb (VtClerkMode          *mode,
                 GParamSpec           *pspec,
                 VtOutOfServiceWindow *self)
{
  g_autofree char *text = NULL;

  if (!vt_clerk_mode_get_active (mode))
    return;
  /* Translators: on the clerk dashboard of a kiosk that is out of service;
   * %s is the mistake, naming the file, the line and the setting. */
  text = g_strdup_printf (_("This kiosk is out of service: its configuration has a mistake.\n%s\n"
                            "Correct the file, then restart the kiosk (systemctl restart ventanilla-kiosk)."),
                          self->problem);
  vt_clerk_dashboard_show_message (VT_CLERK_DASHBOARD (vt_clerk_mode_get_dashboard (mode)), text, TRUE);
}

static void
leave_kiosk_cb (VtClerkMode          *mode,
                VtOutOfServiceWindow *self)
{
  vt_application_leave_for_maintenance (self->app);
  self->allow_close = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static void
store_opened_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!vt_store_owner_open_finish (VT_STORE_OWNER (source), result, &error))
    g_message ("No clerk mode while out of service: %s", error->message);
}

/* The clerk PIN lives in the store: only where the data directory is
 * already there, so a misread one is not created empty. */
static void
setup_clerk (VtOutOfServiceWindow *self,
             GtkOverlay           *overlay)
{
  if (!g_file_test (self->config->data_dir, G_FILE_TEST_IS_DIR))
    {
      g_message ("No clerk mode while out of service: the data directory %s does not exist",
                 self->config->data_dir);
      return;
    }
  /* A store that does not open fails each PIN check with its reason. */
  self->owner = vt_store_owner_new (self->config->data_dir);
  vt_store_owner_open_async (self->owner, NULL, store_opened_cb, NULL);

  self->clerk_mode = vt_clerk_mode_new (self->config, self->owner);
  vt_clerk_mode_attach (self->clerk_mode, GTK_WINDOW (self), overlay);
  g_signal_connect (self->clerk_mode, "notify::active", G_CALLBACK (clerk_active_cb), self);
  g_signal_connect (self->clerk_mode, "leave-kiosk", G_CALLBACK (leave_kiosk_cb), self);
}

static void
vt_out_of_service_window_realize (GtkWidget *widget)
{
  vt_fullscreen_fit_first_monitor (GTK_WINDOW (widget));
  GTK_WIDGET_CLASS (vt_out_of_service_window_parent_class)->realize (widget);
}

static void
vt_out_of_service_window_dispose (GObject *object)
{
  VtOutOfServiceWindow *self = VT_OUT_OF_SERVICE_WINDOW (object);

  if (self->clerk_mode != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->clerk_mode, self);
      vt_clerk_mode_end (self->clerk_mode, "kiosk closing");
    }
  g_clear_object (&self->clerk_mode);
  g_clear_object (&self->owner);

  G_OBJECT_CLASS (vt_out_of_service_window_parent_class)->dispose (object);
}

static void
vt_out_of_service_window_finalize (GObject *object)
{
  VtOutOfServiceWindow *self = VT_OUT_OF_SERVICE_WINDOW (object);

  g_free (self->problem);

  G_OBJECT_CLASS (vt_out_of_service_window_parent_class)->finalize (object);
}

static void
vt_out_of_service_window_class_init (VtOutOfServiceWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  widget_class->realize = vt_out_of_service_window_realize;
  object_class->dispose = vt_out_of_service_window_dispose;
  object_class->finalize = vt_out_of_service_window_finalize;
  window_class->close_request = vt_out_of_service_window_close_request;
}

static void
vt_out_of_service_window_init (VtOutOfServiceWindow *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "kiosk");
  gtk_widget_add_css_class (GTK_WIDGET (self), "out-of-service");
  gtk_window_set_deletable (GTK_WINDOW (self), FALSE);
}

VtOutOfServiceWindow *
vt_out_of_service_window_new (VtApplication *app,
                              VtConfig      *config,
                              const char    *problem)
{
  /* Full screen as a construct property, as the kiosk's own window. */
  VtOutOfServiceWindow *self = g_object_new (VT_TYPE_OUT_OF_SERVICE_WINDOW,
                                             "application", app,
                                             "fullscreened", TRUE,
                                             NULL);
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();

  g_return_val_if_fail (config != NULL && problem != NULL, self);

  self->app = app;
  self->config = config;

  /* The clerk's screens speak the kiosk's first language, and so does the
   * mistake, read again (the journal has it as it was first read). */
  if (config->languages[0] != NULL && vt_language_lookup (config->languages[0]) != NULL)
    vt_language_apply (config->languages[0]);
  if (config->path != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VtConfig) again = vt_config_load (config->path, NULL, &error);

      if (again == NULL)
        self->problem = g_strdup (error->message);
    }
  if (self->problem == NULL)
    self->problem = g_strdup (problem);
  gtk_window_set_title (GTK_WINDOW (self), _("Ventanilla"));
  self->page = vt_out_of_service_page_new ((const char * const *) config->languages);
  /* Five languages on a small screen: it scrolls rather than cut a block. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->page);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), scroller);
  gtk_window_set_child (GTK_WINDOW (self), overlay);
  setup_clerk (self, GTK_OVERLAY (overlay));

  return self;
}

GtkWidget *
vt_out_of_service_window_get_page (VtOutOfServiceWindow *self)
{
  g_return_val_if_fail (VT_IS_OUT_OF_SERVICE_WINDOW (self), NULL);
  return self->page;
}

VtClerkMode *
vt_out_of_service_window_get_clerk_mode (VtOutOfServiceWindow *self)
{
  g_return_val_if_fail (VT_IS_OUT_OF_SERVICE_WINDOW (self), NULL);
  return self->clerk_mode;
}

const char *
vt_out_of_service_window_get_problem (VtOutOfServiceWindow *self)
{
  g_return_val_if_fail (VT_IS_OUT_OF_SERVICE_WINDOW (self), NULL);
  return self->problem;
}
