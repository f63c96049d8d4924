#define G_LOG_DOMAIN "vt-application"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-application.h"
#include "vt-clerk-mode.h"
#include "vt-form.h"
#include "vt-kiosk-key.h"
#include "vt-language.h"
#include "vt-paths.h"
#include "vt-resources.h"
#include "vt-services-page.h"
#include "vt-store.h"
#include "vt-sync.h"
#include "vt-window.h"

/* How often the status line looks at the outbox when nothing else asks. */
#define STATUS_INTERVAL_SECONDS 10

struct _VtApplication
{
  GtkApplication  parent_instance;

  VtConfig       *config;
  char           *config_path;
  char           *data_dir;
  gboolean        demo;
  gboolean        no_sync;            /* tests and benchmarks that never send */

  /* Filled by the catalogue loader, off the main thread. */
  VtStore        *store;              /* the main thread's connection: enqueue only */
  VtStore        *status_store;       /* used by one status task at a time, in a thread */
  GPtrArray      *forms;              /* VtForm *, the active services */
  char           *store_error;        /* why the kiosk cannot take applications, or NULL */
  gboolean        catalogue_loaded;
  VtSync         *sync;               /* the background sender */
  gboolean        status_running;
  gboolean        status_again;
  guint           status_timer_id;
  GCancellable   *cancellable;
};

enum {
  CATALOGUE_LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VtApplication, vt_application, GTK_TYPE_APPLICATION)

static void     load_catalogue  (VtApplication *self);
static gboolean status_timer_cb (gpointer       data);

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

  load_catalogue (VT_APPLICATION (app));
  VT_APPLICATION (app)->status_timer_id = g_timeout_add_seconds (STATUS_INTERVAL_SECONDS,
                                                                 status_timer_cb, app);
}

static void
vt_application_shutdown (GApplication *app)
{
  VtApplication *self = VT_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->status_timer_id, g_source_remove);
  if (self->sync != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sync, self);
      vt_sync_stop (self->sync);
    }

  G_APPLICATION_CLASS (vt_application_parent_class)->shutdown (app);
}

/* ---- catalogue: the store and its forms, loaded in a thread ------------- */

typedef struct
{
  VtStore   *store;
  VtStore   *status_store;
  GPtrArray *forms;
  char      *error;
} Catalogue;

static void
catalogue_free (Catalogue *catalogue)
{
  g_clear_pointer (&catalogue->store, vt_store_close);
  g_clear_pointer (&catalogue->status_store, vt_store_close);
  g_clear_pointer (&catalogue->forms, g_ptr_array_unref);
  g_free (catalogue->error);
  g_free (catalogue);
}

/* --demo: the bundled services join the store when it does not have them. */
static void
add_demo_forms (VtStore *store)
{
  g_autofree char *dir_path = vt_paths_get_forms_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_message ("No demo services in %s", dir_path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(VtForm) form = NULL;
      g_autoptr(VtStoreForm) existing = NULL;
      g_autofree char *title = NULL;
      g_autofree char *md5 = NULL;
      VtStoreForm record = { 0 };

      if (!g_str_has_suffix (name, ".xml"))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      form = vt_form_load_file (path, &error);
      if (form == NULL)
        {
          g_message ("Demo service %s is not usable: %s", name, error->message);
          continue;
        }
      existing = vt_store_get_form (store, vt_form_get_id (form), vt_form_get_version (form), NULL);
      if (existing != NULL)
        continue;

      title = vt_form_dup_title (form, NULL);
      md5 = vt_form_dup_md5 (form);
      record.form_id = (char *) vt_form_get_id (form);
      record.version = (char *) vt_form_get_version (form);
      record.title = title;
      record.md5_hash = md5;
      record.xml = (char *) vt_form_get_xml (form);
      record.source = (char *) "bundled";
      record.active = TRUE;
      if (!vt_store_add_form (store, &record, &error))
        g_message ("Cannot add the demo service %s: %s", name, error->message);
    }
}

static void
load_catalogue_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  const char *data_dir = task_data;
  gboolean demo = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "vt-demo"));
  Catalogue *catalogue = g_new0 (Catalogue, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  catalogue->forms = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_form_unref);
  catalogue->store = vt_store_open (data_dir, &error);
  if (catalogue->store == NULL)
    {
      catalogue->error = g_strdup (error->message);
      g_task_return_pointer (task, catalogue, (GDestroyNotify) catalogue_free);
      return;
    }
  catalogue->status_store = vt_store_open (data_dir, NULL);

  /* The kiosk's own key pair is made at its first start, beside the
   * database (it signs what the kiosk exports); a key file that cannot be
   * read stops only the exports, which say so. */
  {
    g_autoptr(GError) key_error = NULL;
    g_autoptr(VtKioskKey) key = vt_kiosk_key_load (data_dir, &key_error);

    if (key == NULL)
      g_message ("%s", key_error->message);
  }

  if (demo)
    add_demo_forms (catalogue->store);

  list = vt_store_list_forms (catalogue->store, TRUE, &error);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const VtStoreForm *entry = g_ptr_array_index (list, i);
      g_autoptr(VtStoreForm) full = NULL;
      g_autoptr(GError) form_error = NULL;
      VtForm *form;

      full = vt_store_get_form (catalogue->store, entry->form_id, entry->version, &form_error);
      if (full == NULL || full->xml == NULL)
        continue;
      form = vt_form_load_data (full->xml, -1, full->form_id, &form_error);
      if (form == NULL)
        {
          g_message ("Service %s is not shown: %s", entry->form_id, form_error->message);
          continue;
        }
      g_ptr_array_add (catalogue->forms, form);
    }
  if (list == NULL)
    catalogue->error = g_strdup (error->message);

  g_task_return_pointer (task, catalogue, (GDestroyNotify) catalogue_free);
}

static void refresh_status (VtApplication *self);

static void
load_catalogue_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  VtApplication *self = VT_APPLICATION (source);
  Catalogue *catalogue = g_task_propagate_pointer (G_TASK (result), NULL);

  if (catalogue == NULL)
    return;

  g_clear_pointer (&self->forms, g_ptr_array_unref);
  self->store = g_steal_pointer (&catalogue->store);
  self->status_store = g_steal_pointer (&catalogue->status_store);
  self->forms = g_steal_pointer (&catalogue->forms);
  self->store_error = g_steal_pointer (&catalogue->error);
  self->catalogue_loaded = TRUE;
  catalogue_free (catalogue);

  if (self->store_error != NULL)
    g_message ("The kiosk cannot take applications: %s", self->store_error);
  else if (self->sync == NULL && !self->no_sync)
    {
      /* The worker has its own thread and connection; its property changes
       * arrive on this main context. */
      self->sync = vt_sync_new (self->config);
      g_signal_connect_swapped (self->sync, "notify::online", G_CALLBACK (refresh_status), self);
      g_signal_connect_swapped (self->sync, "notify::busy", G_CALLBACK (refresh_status), self);
      g_signal_connect_swapped (self->sync, "pass-finished", G_CALLBACK (refresh_status), self);
      vt_sync_start (self->sync);

      /* Windows opened before the worker existed: their clerk dashboard's
       * "Sync now" and server figures follow it from now on. */
      for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
        if (VT_IS_WINDOW (l->data) && vt_window_get_clerk_mode (l->data) != NULL)
          vt_clerk_mode_set_sync (vt_window_get_clerk_mode (l->data), self->sync);
    }
  g_debug ("Catalogue loaded: %u services", self->forms->len);

  g_signal_emit (self, signals[CATALOGUE_LOADED], 0);
  refresh_status (self);
}

static void
load_catalogue (VtApplication *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, load_catalogue_cb, NULL);

  g_task_set_source_tag (task, load_catalogue);
  g_task_set_task_data (task, g_strdup (self->config->data_dir), g_free);
  g_object_set_data (G_OBJECT (task), "vt-demo", GINT_TO_POINTER (self->demo));
  g_task_run_in_thread (task, load_catalogue_thread);
}

/* ---- status line: counts read in a thread -------------------------------- */

typedef struct
{
  VtStore       *store;             /* borrowed: the status connection */
  char          *instance_id;       /* the receipt on screen, or NULL */
} StatusQuery;

typedef struct
{
  VtStoreCounts  counts;
  char          *instance_id;
  gboolean       sent;              /* the receipt on screen has been delivered */
} StatusResult;

static void
status_query_free (StatusQuery *query)
{
  g_free (query->instance_id);
  g_free (query);
}

static void
status_result_free (StatusResult *result)
{
  g_free (result->instance_id);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StatusResult, status_result_free)

static void
status_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  StatusQuery *query = task_data;
  g_autoptr(StatusResult) result = g_new0 (StatusResult, 1);
  g_autoptr(GError) error = NULL;

  if (!vt_store_get_counts (query->store, &result->counts, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (query->instance_id != NULL)
    {
      g_autoptr(VtReceipt) receipt = vt_store_get_receipt_for (query->store, query->instance_id, NULL);

      result->instance_id = g_strdup (query->instance_id);
      if (receipt != NULL)
        result->sent = receipt->sent;
    }
  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) status_result_free);
}

/* What the sync worker knows about the connection. */
static void
sync_state (VtApplication *self,
            gboolean      *online,
            gboolean      *busy)
{
  *online = FALSE;
  *busy = FALSE;
  if (self->sync == NULL)
    return;
  *online = vt_sync_get_online (self->sync);
  *busy = vt_sync_get_busy (self->sync);
}

static void
status_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  VtApplication *self = VT_APPLICATION (source);
  g_autoptr(StatusResult) status = g_task_propagate_pointer (G_TASK (result), NULL);
  GList *windows;

  self->status_running = FALSE;
  if (status != NULL)
    {
      VtStoreCounts *counts = &status->counts;
      guint waiting = counts->n[VT_STORE_STATE_QUEUED] + counts->n[VT_STORE_STATE_SENDING];
      gboolean online, busy;

      /* Counts come from the store itself; online and sending from the
       * sync worker (offline when there is none or no server is set). */
      sync_state (self, &online, &busy);
      for (windows = gtk_application_get_windows (GTK_APPLICATION (self)); windows; windows = windows->next)
        if (VT_IS_WINDOW (windows->data))
          {
            vt_window_set_status (VT_WINDOW (windows->data), online, busy, waiting);
            if (status->instance_id != NULL && status->sent)
              vt_window_receipt_sent (VT_WINDOW (windows->data), status->instance_id);
          }
    }

  if (self->status_again)
    {
      self->status_again = FALSE;
      refresh_status (self);
    }
}

static void
refresh_status (VtApplication *self)
{
  g_autoptr(GTask) task = NULL;
  StatusQuery *query;
  GtkWindow *window;

  if (self->status_store == NULL)
    return;
  if (self->status_running)
    {
      self->status_again = TRUE;
      return;
    }
  self->status_running = TRUE;
  task = g_task_new (self, self->cancellable, status_cb, NULL);
  g_task_set_source_tag (task, refresh_status);
  query = g_new0 (StatusQuery, 1);
  query->store = self->status_store;
  /* A receipt on screen learns when its application has been delivered. */
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (VT_IS_WINDOW (window))
    query->instance_id = g_strdup (vt_window_get_receipt_instance_id (VT_WINDOW (window)));
  g_task_set_task_data (task, query, (GDestroyNotify) status_query_free);
  g_task_run_in_thread (task, status_thread);
}

static gboolean
status_timer_cb (gpointer data)
{
  refresh_status (VT_APPLICATION (data));
  return G_SOURCE_CONTINUE;
}

void
vt_application_refresh_status (VtApplication *self)
{
  g_return_if_fail (VT_IS_APPLICATION (self));
  refresh_status (self);
}

static void
vt_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (vt_window_new (VT_APPLICATION (app)));

  gtk_window_present (window);
}

/* Drops the worker, the connections, the catalogue and the configuration:
 * at finalize, and before a test hands the application another config. */
static void
release_backend (VtApplication *self)
{
  g_clear_handle_id (&self->status_timer_id, g_source_remove);
  if (self->sync != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sync, self);
      vt_sync_stop (self->sync);
      g_clear_object (&self->sync);
    }
  g_clear_pointer (&self->store, vt_store_close);
  g_clear_pointer (&self->status_store, vt_store_close);
  g_clear_pointer (&self->forms, g_ptr_array_unref);
  g_clear_pointer (&self->store_error, g_free);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->config, vt_config_free);
}

static void
vt_application_finalize (GObject *object)
{
  VtApplication *self = VT_APPLICATION (object);

  release_backend (self);
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
  app_class->shutdown = vt_application_shutdown;

  signals[CATALOGUE_LOADED] =
    g_signal_new ("catalogue-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
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

  release_backend (self);
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
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_service_item_free);

  g_return_val_if_fail (VT_IS_APPLICATION (self), NULL);

  for (guint i = 0; self->forms != NULL && i < self->forms->len; i++)
    {
      VtForm *form = g_ptr_array_index (self->forms, i);
      const char *form_language = vt_form_match_language (form, language);
      VtServiceItem *item = g_new0 (VtServiceItem, 1);

      item->form_id = g_strdup (vt_form_get_id (form));
      item->title = vt_form_dup_title (form, form_language);
      item->description = vt_form_dup_description (form, form_language);
      item->category = vt_form_dup_category (form, form_language);
      if (item->title == NULL)
        item->title = g_strdup (item->form_id);
      g_ptr_array_add (items, item);
    }
  return items;
}

VtForm *
vt_application_get_form (VtApplication *self,
                         const char    *form_id)
{
  g_return_val_if_fail (VT_IS_APPLICATION (self), NULL);

  for (guint i = 0; self->forms != NULL && i < self->forms->len; i++)
    if (g_str_equal (vt_form_get_id (g_ptr_array_index (self->forms, i)), form_id))
      return g_ptr_array_index (self->forms, i);
  return NULL;
}

/* The main thread's store connection for the one enqueue transaction, or
 * NULL (with why in error) when the kiosk cannot take applications. */
VtStore *
vt_application_get_store (VtApplication  *self,
                          GError        **error)
{
  g_return_val_if_fail (VT_IS_APPLICATION (self), NULL);

  if (self->store == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           self->store_error != NULL ? self->store_error
                           : _("The kiosk is still starting. Please try again in a moment."));
      return NULL;
    }
  return self->store;
}

gboolean
vt_application_is_catalogue_loaded (VtApplication *self)
{
  g_return_val_if_fail (VT_IS_APPLICATION (self), FALSE);
  return self->catalogue_loaded;
}

/* The sync worker, or NULL until the catalogue has loaded (or when sync is
 * disabled, as in most UI tests). */
VtSync *
vt_application_get_sync (VtApplication *self)
{
  g_return_val_if_fail (VT_IS_APPLICATION (self), NULL);

  return self->sync;
}

/* After an enqueue: the worker sends it now if it can. */
void
vt_application_poke_sync (VtApplication *self)
{
  g_return_if_fail (VT_IS_APPLICATION (self));

  if (self->sync != NULL)
    vt_sync_poke (self->sync);
  refresh_status (self);
}

void
vt_application_set_sync_enabled (VtApplication *self,
                                 gboolean       enabled)
{
  g_return_if_fail (VT_IS_APPLICATION (self));
  self->no_sync = !enabled;
}

void
vt_application_set_demo (VtApplication *self,
                         gboolean       demo)
{
  g_return_if_fail (VT_IS_APPLICATION (self));
  self->demo = !!demo;
}
