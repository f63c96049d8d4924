#define G_LOG_DOMAIN "vt-application"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-application.h"
#include "vt-catalogue.h"
#include "vt-demo.h"
#include "vt-i18n.h"
#include "vt-language.h"
#include "vt-mbtiles.h"
#include "vt-out-of-service-window.h"
#include "vt-paths.h"
#include "vt-resources.h"
#include "vt-window.h"

/* The kiosk process.  Calls go one way: the application makes the store
 * owner, the catalogue and the sync worker, hands them to the window it
 * makes, and hears of new applications from the store owner
 * ("outbox-changed"), never from the window. */

struct _VtApplication
{
  GtkApplication  parent_instance;

  VtConfig       *config;
  char           *config_path;
  char           *data_dir;
  gboolean        demo;
  gboolean        no_sync;            /* tests and benchmarks that never send */
  char           *config_error;       /* out of service: the configuration's mistake */
  int             exit_status;        /* 0, or VT_EXIT_MAINTENANCE */

  VtStoreOwner   *owner;
  VtCatalogue    *catalogue;
  VtSync         *sync;               /* the background sender, or NULL */
  GCancellable   *cancellable;
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

  g_clear_pointer (&self->config, vt_config_free);
  self->config = vt_config_load (self->config_path, self->data_dir, &error);
  if (self->config == NULL)
    {
      /* Ending would only have the kiosk's unit start it again, blind:
       * it stays up, out of service, with the mistake in the journal. */
      g_warning ("Out of service: %s", error->message);
      self->config_error = g_strdup (error->message);
      self->config = vt_config_load_salvage (self->config_path, self->data_dir);
      return -1;
    }

  for (guint i = 0; i < self->config->warnings->len; i++)
    g_printerr (_("warning: %s\n"), (const char *) g_ptr_array_index (self->config->warnings, i));

  /* Still start-up: no thread runs before the application registers. */
  vt_i18n_prefer_languages ((const char * const *) self->config->languages);
  return -1;
}

/* ---- start-up: the store opens, the services load, then the worker ---- */

static void
services_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VtApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *forms = vt_store_owner_load_services_finish (VT_STORE_OWNER (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (forms == NULL)
    g_message ("The services cannot be read: %s", error->message);
  g_debug ("Catalogue loaded: %u services", forms != NULL ? forms->len : 0);
  vt_catalogue_set_forms (self->catalogue, forms);

  /* The worker has its own thread and connection; its property changes
   * arrive on this main context. */
  if (self->sync != NULL)
    vt_sync_start (self->sync);
}

static void
load_services (VtApplication *self)
{
  vt_store_owner_load_services_async (self->owner, self->cancellable, services_loaded_cb, g_object_ref (self));
}

static void
demo_added_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VtApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (vt_store_owner_add_demo_forms_finish (VT_STORE_OWNER (source), result, &error) < 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_message ("No demo services: %s", error->message);
    }
  load_services (self);
}

static void
store_opened_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VtApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vt_store_owner_open_finish (VT_STORE_OWNER (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The window says so when a service is picked; nothing is sent. */
      g_message ("The kiosk cannot take applications: %s", error->message);
      vt_catalogue_set_forms (self->catalogue, NULL);
      return;
    }

  if (self->demo)
    {
      g_autofree char *forms_dir = vt_paths_get_forms_dir ();

      vt_store_owner_add_demo_forms_async (self->owner, forms_dir, self->cancellable, demo_added_cb,
                                           g_object_ref (self));
      return;
    }
  load_services (self);
}

/* A list or form changed (the server's, or this kiosk's own entities):
 * the next citizen gets the new copy; a session in progress keeps the form
 * it loaded. */
static void
reload_services_cb (GObject       *source,
                    VtApplication *self)
{
  load_services (self);
}

/* Every new, retried or discarded application: the worker looks at the
 * outbox again. */
static void
outbox_changed_cb (VtStoreOwner  *owner,
                   VtApplication *self)
{
  if (self->sync != NULL)
    vt_sync_poke (self->sync);
}

/* "app.leave-for-maintenance": a clerk leaves the kiosk; once its windows
 * close, it ends with VT_EXIT_MAINTENANCE, which its unit does not
 * restart. */
static void
leave_for_maintenance_activated (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       data)
{
  vt_application_leave_for_maintenance (VT_APPLICATION (data));
}

static const GActionEntry app_actions[] = {
  { "leave-for-maintenance", leave_for_maintenance_activated, NULL, NULL, NULL },
};

static void
vt_application_startup (GApplication *app)
{
  VtApplication *self = VT_APPLICATION (app);
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  G_APPLICATION_CLASS (vt_application_parent_class)->startup (app);

  gtk_css_provider_load_from_resource (provider, "/org/ventanilla/Kiosk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  if (self->config == NULL)
    self->config = vt_config_new_default ();
  /* The demo services' invented town: the consent page and the receipt
   * name the office an application goes to, as a real kiosk's
   * [kiosk] office-name does. */
  if (self->demo && (self->config->office_name == NULL || self->config->office_name[0] == '\0'))
    {
      g_free (self->config->office_name);
      self->config->office_name = g_strdup (VT_DEMO_OFFICE_NAME);
    }
  /* odk:setgeopoint and "Here, at this kiosk": where this kiosk stands. */
  vt_geo_set_kiosk_location (self->config->has_location ? &self->config->location : NULL);
  /* The map of location questions, opened once; a file that does not
   * open is said in the log, and the questions keep their field. */
  if (self->config->map_tiles == NULL && self->demo)
    {
      /* The demo services get the made-up town of the demo map. */
      g_autofree char *demo_map = vt_paths_get_demo_map ();

      vt_mbtiles_set_kiosk_file (demo_map);
    }
  else
    vt_mbtiles_set_kiosk_file (self->config->map_tiles);
  /* Before any window: its template's words come in this language. */
  vt_language_apply (vt_language_get_default ((const char * const *) self->config->languages));
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);

  /* Out of service: no store to load, nothing to send. */
  if (self->config_error != NULL)
    return;

  self->owner = vt_store_owner_new (self->config->data_dir);
  self->catalogue = vt_catalogue_new ();
  if (!self->no_sync)
    self->sync = vt_sync_new (self->config);
  g_signal_connect (self->owner, "outbox-changed", G_CALLBACK (outbox_changed_cb), self);
  g_signal_connect (self->owner, "entities-changed", G_CALLBACK (reload_services_cb), self);
  if (self->sync != NULL)
    g_signal_connect (self->sync, "forms-changed", G_CALLBACK (reload_services_cb), self);
  vt_store_owner_open_async (self->owner, self->cancellable, store_opened_cb, g_object_ref (self));
}

static void
vt_application_shutdown (GApplication *app)
{
  VtApplication *self = VT_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  if (self->sync != NULL)
    vt_sync_stop (self->sync);

  G_APPLICATION_CLASS (vt_application_parent_class)->shutdown (app);
}

static void
vt_application_activate (GApplication *app)
{
  VtApplication *self = VT_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL && self->config_error != NULL)
    window = GTK_WINDOW (vt_out_of_service_window_new (self, self->config, self->config_error));
  else if (window == NULL)
    window = GTK_WINDOW (vt_window_new (GTK_APPLICATION (app), self->config, self->owner, self->sync,
                                        self->catalogue));

  gtk_window_present (window);
}

static void
vt_application_finalize (GObject *object)
{
  VtApplication *self = VT_APPLICATION (object);

  if (self->owner != NULL)
    g_signal_handlers_disconnect_by_data (self->owner, self);
  if (self->sync != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sync, self);
      vt_sync_stop (self->sync);
    }
  g_clear_object (&self->sync);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->owner);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->config, vt_config_free);
  g_clear_pointer (&self->config_path, g_free);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->config_error, g_free);

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
  app_class->shutdown = vt_application_shutdown;
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
  self->cancellable = g_cancellable_new ();
}

VtApplication *
vt_application_new (void)
{
  return g_object_new (VT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
}

void
vt_application_set_config (VtApplication *self,
                           VtConfig      *config)
{
  g_return_if_fail (VT_IS_APPLICATION (self));
  g_return_if_fail (config != NULL);
  g_return_if_fail (self->owner == NULL);

  g_clear_pointer (&self->config, vt_config_free);
  self->config = config;
}

void
vt_application_set_demo (VtApplication *self,
                         gboolean       demo)
{
  g_return_if_fail (VT_IS_APPLICATION (self));
  self->demo = !!demo;
}

void
vt_application_set_sync_enabled (VtApplication *self,
                                 gboolean       enabled)
{
  g_return_if_fail (VT_IS_APPLICATION (self));
  /* Made at start-up, started once the services are loaded: turning it
   * on later is not supported, turning it off before the window is made
   * is. */
  g_return_if_fail (!enabled || self->owner == NULL);

  self->no_sync = !enabled;
  if (!enabled && self->sync != NULL)
    {
      vt_sync_stop (self->sync);
      g_clear_object (&self->sync);
    }
}

VtStoreOwner *
vt_application_get_store_owner (VtApplication *self)
{
  g_return_val_if_fail (VT_IS_APPLICATION (self), NULL);
  return self->owner;
}

VtSync *
vt_application_get_sync (VtApplication *self)
{
  g_return_val_if_fail (VT_IS_APPLICATION (self), NULL);
  return self->sync;
}

gboolean
vt_application_is_catalogue_loaded (VtApplication *self)
{
  g_return_val_if_fail (VT_IS_APPLICATION (self), FALSE);
  return self->catalogue != NULL && vt_catalogue_get_loaded (self->catalogue);
}

/* A clerk leaves the kiosk for maintenance: once its windows close, the
 * kiosk ends with VT_EXIT_MAINTENANCE, which its unit does not restart. */
void
vt_application_leave_for_maintenance (VtApplication *self)
{
  g_return_if_fail (VT_IS_APPLICATION (self));

  g_message ("A clerk left the kiosk for maintenance (exit status %d)", VT_EXIT_MAINTENANCE);
  self->exit_status = VT_EXIT_MAINTENANCE;
}

int
vt_application_get_exit_status (VtApplication *self)
{
  g_return_val_if_fail (VT_IS_APPLICATION (self), 0);
  return self->exit_status;
}

/* Tests: the mistake vt_config_load() found, as the command line would
 * have met it; the next activation opens the out-of-service window. */
void
vt_application_set_config_error (VtApplication *self,
                                 const char    *error)
{
  g_return_if_fail (VT_IS_APPLICATION (self));

  g_free (self->config_error);
  self->config_error = g_strdup (error);
}
