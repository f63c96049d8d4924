#define G_LOG_DOMAIN "vt-application"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-application.h"
#include "vt-resources.h"
#include "vt-services-page.h"
#include "vt-window.h"

struct _VtApplication
{
  GtkApplication  parent_instance;

  VtConfig       *config;
  char           *config_path;
  char           *data_dir;
  gboolean        demo;
};

G_DEFINE_FINAL_TYPE (VtApplication, vt_application, GTK_TYPE_APPLICATION)

static int
vt_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  VtApplication *self = VT_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("ventanilla %s\n", PACKAGE_VERSION);
      return 0;
    }

  g_variant_dict_lookup (options, "config", "^ay", &self->config_path);
  g_variant_dict_lookup (options, "data-dir", "^ay", &self->data_dir);
  self->demo = g_variant_dict_contains (options, "demo");

  self->config = vt_config_load (self->config_path, self->data_dir, &error);
  if (self->config == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  for (guint i = 0; i < self->config->warnings->len; i++)
    g_printerr (_("warning: %s\n"), (const char *) g_ptr_array_index (self->config->warnings, i));

  return -1;
}

static void
vt_application_startup (GApplication *app)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  G_APPLICATION_CLASS (vt_application_parent_class)->startup (app);

  gtk_css_provider_load_from_resource (provider, "/org/ventanilla/Kiosk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
vt_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (vt_window_new (VT_APPLICATION (app)));

  gtk_window_present (window);
}

static void
vt_application_finalize (GObject *object)
{
  VtApplication *self = VT_APPLICATION (object);

  g_clear_pointer (&self->config, vt_config_free);
  g_clear_pointer (&self->config_path, g_free);
  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (vt_application_parent_class)->finalize (object);
}

/* Resources live in a static library, where a constructor would be
 * dropped by the linker; register them by hand before any template. */
void
vt_application_ensure_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      vt_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

static void
vt_application_class_init (VtApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  vt_application_ensure_resources ();

  object_class->finalize = vt_application_finalize;
  app_class->handle_local_options = vt_application_handle_local_options;
  app_class->startup = vt_application_startup;
  app_class->activate = vt_application_activate;
}

static void
vt_application_init (VtApplication *self)
{
  static const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Read the configuration from FILE"), N_("FILE") },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Keep the database and media in DIR"), N_("DIR") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Add the bundled demo services when they are missing"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

VtApplication *
vt_application_new (void)
{
  return g_object_new (VT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
}

/* The configuration read at start, or NULL before the options were handled
 * (tests that activate the application directly). */
VtConfig *
vt_application_get_config (VtApplication *self)
{
  g_return_val_if_fail (VT_IS_APPLICATION (self), NULL);

  if (self->config == NULL)
    self->config = vt_config_new_default ();
  return self->config;
}

/* Tests (and embedders) hand over a configuration before activation. */
void
vt_application_set_config (VtApplication *self,
                           VtConfig      *config)
{
  g_return_if_fail (VT_IS_APPLICATION (self));
  g_return_if_fail (config != NULL);

  g_clear_pointer (&self->config, vt_config_free);
  self->config = config;
}

gboolean
vt_application_get_demo (VtApplication *self)
{
  g_return_val_if_fail (VT_IS_APPLICATION (self), FALSE);

  return self->demo;
}

/* The catalogue in a language: VtServiceItem *, owned by the caller. */
GPtrArray *
vt_application_dup_services (VtApplication *self,
                             const char    *language)
{
  g_return_val_if_fail (VT_IS_APPLICATION (self), NULL);

  return g_ptr_array_new_with_free_func ((GDestroyNotify) vt_service_item_free);
}
