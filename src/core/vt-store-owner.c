#define G_LOG_DOMAIN "vt-store-owner"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "vt-bundle.h"
#include "vt-demo.h"
#include "vt-entities.h"
#include "vt-feedback.h"
#include "vt-form.h"
#include "vt-form-media.h"
#include "vt-kiosk-identity.h"
#include "vt-kiosk-key.h"
#include "vt-kiosk-status.h"
#include "vt-store-owner.h"
#include "vt-wipe.h"

/* The kiosk's store owner: a worker thread with its own connection runs
 * the calls, one at a time; each call is a GTask whose result is handed
 * back on the creating thread's main context, where the task is also let
 * go of, so the owner is never finalized on its own worker. */

struct _VtStoreOwner
{
  GObject       parent_instance;

  char         *data_dir;
  GThread      *thread;             /* the creating thread: enqueue only */
  GThreadPool  *worker;             /* one thread of its own, calls in order */
  gboolean      opening;

  /* The worker thread's alone. */
  VtStore      *worker_store;
  char         *open_error;

  /* The creating thread's alone. */
  VtStore      *main_store;
  char         *main_error;
};

G_DEFINE_FINAL_TYPE (VtStoreOwner, vt_store_owner, G_TYPE_OBJECT)

enum
{
  OUTBOX_CHANGED,
  ENTITIES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- calls on the worker ---------------------------------------------- */

typedef struct _Call Call;

/* Runs on the worker with its connection (NULL for the open call only). */
typedef gpointer (*CallFunc) (VtStoreOwner  *self,
                              VtStore       *store,
                              gpointer       data,
                              GError       **error);

struct _Call
{
  GTask          *task;
  CallFunc        func;
  GDestroyNotify  result_free;
  gboolean        changes_outbox;
  /* Runs on the creating thread before the task returns. */
  void          (*done) (VtStoreOwner *self,
                         Call         *call);
  gpointer        result;
  GError         *error;
};

static gpointer open_call (VtStoreOwner *self, VtStore *store, gpointer data, GError **error);

static gboolean
return_call_cb (gpointer data)
{
  Call *call = data;
  VtStoreOwner *self = g_task_get_source_object (call->task);

  if (call->done != NULL)
    call->done (self, call);
  if (call->error != NULL)
    g_task_return_error (call->task, g_steal_pointer (&call->error));
  else
    {
      if (call->changes_outbox)
        g_signal_emit (self, signals[OUTBOX_CHANGED], 0);
      g_task_return_pointer (call->task, g_steal_pointer (&call->result), call->result_free);
    }
  g_object_unref (call->task);
  g_free (call);
  return G_SOURCE_REMOVE;
}

static void
run_call (gpointer data,
          gpointer user_data)
{
  Call *call = data;
  VtStoreOwner *self = g_task_get_source_object (call->task);
  GSource *source;

  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (call->task), &call->error))
    {
      if (call->func != open_call && self->worker_store == NULL)
        g_set_error_literal (&call->error, VT_STORE_ERROR, VT_STORE_ERROR_FAILED,
                             self->open_error != NULL ? self->open_error
                                                      : _("The kiosk is still starting. Please try again in a moment."));
      else
        call->result = call->func (self, self->worker_store, g_task_get_task_data (call->task), &call->error);
    }

  /* Always queued, never run here: results, signals and the last
   * reference to the task belong to the creating thread. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, return_call_cb, call, NULL);
  g_source_attach (source, g_task_get_context (call->task));
  g_source_unref (source);
}

static Call *
call_new (VtStoreOwner        *self,
          gpointer             source_tag,
          CallFunc             func,
          gpointer             data,
          GDestroyNotify       data_free,
          GDestroyNotify       result_free,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  Call *call = g_new0 (Call, 1);

  call->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (call->task, source_tag);
  g_task_set_task_data (call->task, data, data_free);
  call->func = func;
  call->result_free = result_free;
  return call;
}

static void
push (VtStoreOwner *self,
      Call         *call)
{
  g_autoptr(GError) error = NULL;

  if (!g_thread_pool_push (self->worker, call, &error))
    g_error ("The store owner's worker cannot take a call: %s", error->message);
}

/* The common case: a call whose result is returned as it is. */
static void
run (VtStoreOwner        *self,
     gpointer             source_tag,
     CallFunc             func,
     gpointer             data,
     GDestroyNotify       data_free,
     GDestroyNotify       result_free,
     gboolean             changes_outbox,
     GCancellable        *cancellable,
     GAsyncReadyCallback  callback,
     gpointer             user_data)
{
  Call *call = call_new (self, source_tag, func, data, data_free, result_free, cancellable, callback, user_data);

  call->changes_outbox = changes_outbox;
  push (self, call);
}

static gpointer
finish (VtStoreOwner  *self,
        GAsyncResult  *result,
        gpointer       source_tag,
        GError       **error)
{
  g_return_val_if_fail (VT_IS_STORE_OWNER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A successful call that has nothing to return. */
#define DONE GINT_TO_POINTER (TRUE)

/* ---- open --------------------------------------------------------------- */

/* Both connections are opened here, the creating thread's too, so the
 * migrations and checks of vt_store_open() never run on the main loop. */
static gpointer
open_call (VtStoreOwner  *self,
           VtStore       *store,
           gpointer       data,
           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  VtStore *main_store;

  if (self->worker_store == NULL)
    self->worker_store = vt_store_open (self->data_dir, &local_error);
  if (self->worker_store == NULL)
    {
      g_free (self->open_error);
      self->open_error = g_strdup (local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  main_store = vt_store_open (self->data_dir, &local_error);
  if (main_store == NULL)
    {
      /* All or nothing: no call may use a store the kiosk cannot commit to. */
      g_clear_pointer (&self->worker_store, vt_store_close);
      g_free (self->open_error);
      self->open_error = g_strdup (local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* The kiosk's own key pair is made at its first start, beside the
   * database (it signs what the kiosk exports); a key file that cannot be
   * read stops only the exports, which say so. */
  {
    g_autoptr(GError) key_error = NULL;
    g_autoptr(VtKioskKey) key = vt_kiosk_key_load (self->data_dir, &key_error);

    if (key == NULL)
      g_message ("%s", key_error->message);
  }
  /* So is its id (vt-kiosk-identity.h): the forms' deviceid preload and
   * the clerk's dashboard show it. */
  {
    g_autoptr(GError) id_error = NULL;
    g_autofree char *kiosk_id = vt_kiosk_identity_get (main_store, &id_error);

    if (kiosk_id != NULL)
      vt_kiosk_identity_set_current (kiosk_id);
    else
      g_message ("No kiosk id: %s", id_error->message);
  }
  return main_store;
}

static void
open_done (VtStoreOwner *self,
           Call         *call)
{
  if (call->error != NULL)
    {
      g_free (self->main_error);
      self->main_error = g_strdup (call->error->message);
      return;
    }
  self->main_store = g_steal_pointer (&call->result);
  call->result = DONE;
  call->result_free = NULL;
}

void
vt_store_owner_open_async (VtStoreOwner        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Call *call;

  g_return_if_fail (VT_IS_STORE_OWNER (self));
  g_return_if_fail (!self->opening);

  self->opening = TRUE;
  call = call_new (self, vt_store_owner_open_async, open_call, NULL, NULL, (GDestroyNotify) vt_store_close,
                   cancellable, callback, user_data);
  call->done = open_done;
  push (self, call);
}

gboolean
vt_store_owner_open_finish (VtStoreOwner  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return finish (self, result, vt_store_owner_open_async, error) != NULL;
}

/* ---- the enqueue commit ----------------------------------------------- */

typedef struct
{
  char *form_id;
  char *form_version;
  char *xml;
  char *instance_id;
} EntityArgs;

static void
entity_args_free (gpointer data)
{
  EntityArgs *args = data;

  g_free (args->form_id);
  g_free (args->form_version);
  g_free (args->xml);
  g_free (args->instance_id);
  g_free (args);
}

/* ODK Entities (spec 2024.1): the submission's create or update goes into
 * the kiosk's copy of the list, so the next form sees it. */
static gpointer
apply_entities_call (VtStoreOwner  *self,
                     VtStore       *store,
                     gpointer       data,
                     GError       **error)
{
  EntityArgs *args = data;
  g_autoptr(VtStoreForm) form = vt_store_get_form (store, args->form_id, args->form_version, NULL);
  gboolean applied = FALSE;

  if (form == NULL || form->xml == NULL)
    return NULL;
  if (!vt_entities_apply_submission (store, form->xml, args->xml, args->instance_id, g_get_real_time (),
                                     &applied, error))
    return NULL;
  return applied ? DONE : NULL;
}

static void
entities_applied_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  VtStoreOwner *self = VT_STORE_OWNER (source);
  g_autoptr(GError) error = NULL;

  if (finish (self, result, apply_entities_call, &error) != NULL)
    g_signal_emit (self, signals[ENTITIES_CHANGED], 0);
  else if (error != NULL)
    g_message ("The application is queued, but its entity is not in this kiosk's list until the server "
               "sends it: %s", error->message);
}

char *
vt_store_owner_enqueue (VtStoreOwner                *self,
                        VtSubmission                *submission,
                        const VtStoreEnqueueOptions *options,
                        GError                     **error)
{
  char *code;

  g_return_val_if_fail (VT_IS_STORE_OWNER (self), NULL);
  g_return_val_if_fail (submission != NULL, NULL);
  g_return_val_if_fail (g_thread_self () == self->thread, NULL);

  if (self->main_store == NULL)
    {
      g_set_error_literal (error, VT_STORE_ERROR, VT_STORE_ERROR_FAILED,
                           self->main_error != NULL ? self->main_error
                                                    : _("The kiosk is still starting. Please try again in a moment."));
      return NULL;
    }

  code = vt_store_enqueue (self->main_store, submission, options, error);
  if (code != NULL)
    g_signal_emit (self, signals[OUTBOX_CHANGED], 0);
  /* Only a submission with an entity block: no extra call for the others. */
  if (code != NULL && !submission->encrypted && submission->xml != NULL && strstr (submission->xml, "<entity ") != NULL)
    {
      EntityArgs *args = g_new0 (EntityArgs, 1);

      args->form_id = g_strdup (submission->form_id);
      args->form_version = g_strdup (submission->form_version);
      args->xml = g_strdup (submission->xml);
      args->instance_id = g_strdup (submission->instance_id);
      run (self, apply_entities_call, apply_entities_call, args, entity_args_free, NULL, FALSE, NULL,
           entities_applied_cb, NULL);
    }
  return code;
}

/* ---- forms -------------------------------------------------------------- */

static gpointer
add_demo_forms_call (VtStoreOwner  *self,
                     VtStore       *store,
                     gpointer       data,
                     GError       **error)
{
  int added = vt_demo_add_forms (store, data, error);

  return added >= 0 ? g_memdup2 (&added, sizeof added) : NULL;
}

void
vt_store_owner_add_demo_forms_async (VtStoreOwner        *self,
                                     const char          *dir,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (VT_IS_STORE_OWNER (self));
  g_return_if_fail (dir != NULL);

  run (self, vt_store_owner_add_demo_forms_async, add_demo_forms_call, g_strdup (dir), g_free, g_free, FALSE,
       cancellable, callback, user_data);
}

int
vt_store_owner_add_demo_forms_finish (VtStoreOwner  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_autofree int *added = finish (self, result, vt_store_owner_add_demo_forms_async, error);

  return added != NULL ? *added : -1;
}

static gpointer
load_services_call (VtStoreOwner  *self,
                    VtStore       *store,
                    gpointer       data,
                    GError       **error)
{
  g_autoptr(GPtrArray) list = vt_store_list_forms (store, TRUE, error);
  GPtrArray *forms;

  if (list == NULL)
    return NULL;

  forms = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_form_unref);
  for (guint i = 0; i < list->len; i++)
    {
      const VtStoreForm *entry = g_ptr_array_index (list, i);
      g_autoptr(VtStoreForm) full = NULL;
      g_autoptr(GHashTable) lists = NULL;
      g_autoptr(GError) form_error = NULL;
      VtForm *form;

      full = vt_store_get_form (store, entry->form_id, entry->version, &form_error);
      if (full == NULL || full->xml == NULL)
        continue;
      lists = vt_entities_dup_form_lists (store, full, &form_error);
      if (lists == NULL)
        {
          g_message ("Service %s is not shown: %s", entry->form_id, form_error->message);
          continue;
        }
      {
        g_autofree char *media_dir = vt_form_media_write_files (self->data_dir, full, &form_error);

        if (media_dir == NULL && form_error != NULL)
          {
            g_message ("The pictures and sounds of %s cannot be used: %s", entry->form_id, form_error->message);
            g_clear_error (&form_error);
          }
        form = vt_form_load_data_with_lists (full->xml, -1, full->form_id, media_dir, lists, &form_error);
      }
      if (form == NULL)
        {
          g_message ("Service %s is not shown: %s", entry->form_id, form_error->message);
          continue;
        }
      g_ptr_array_add (forms, form);
    }
  return forms;
}

void
vt_store_owner_load_services_async (VtStoreOwner        *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (VT_IS_STORE_OWNER (self));

  run (self, vt_store_owner_load_services_async, load_services_call, NULL, NULL,
       (GDestroyNotify) g_ptr_array_unref, FALSE, cancellable, callback, user_data);
}

GPtrArray *
vt_store_owner_load_services_finish (VtStoreOwner  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return finish (self, result, vt_store_owner_load_services_async, error);
}

static gpointer
list_entity_lists_call (VtStoreOwner  *self,
                        VtStore       *store,
                        gpointer       data,
                        GError       **error)
{
  return vt_entities_list_lists (store, error);
}

void
vt_store_owner_list_entity_lists_async (VtStoreOwner        *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (VT_IS_STORE_OWNER (self));

  run (self, vt_store_owner_list_entity_lists_async, list_entity_lists_call, NULL, NULL,
       (GDestroyNotify) g_ptr_array_unref, FALSE, cancellable, callback, user_data);
}

GPtrArray *
vt_store_owner_list_entity_lists_finish (VtStoreOwner  *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return finish (self, result, vt_store_owner_list_entity_lists_async, error);
}

/* ---- the outbox --------------------------------------------------------- */

static gpointer
check_writable_call (VtStoreOwner  *self,
                     VtStore       *store,
                     gpointer       data,
                     GError       **error)
{
  return vt_store_check_writable (store, error) ? DONE : NULL;
}

void
vt_store_owner_check_writable_async (VtStoreOwner        *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (VT_IS_STORE_OWNER (self));

  run (self, vt_store_owner_check_writable_async, check_writable_call, NULL, NULL, NULL, FALSE,
       cancellable, callback, user_data);
}

gboolean
vt_store_owner_check_writable_finish (VtStoreOwner  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return finish (self, result, vt_store_owner_check_writable_async, error) != NULL;
}

static gpointer
get_counts_call (VtStoreOwner  *self,
                 VtStore       *store,
                 gpointer       data,
                 GError       **error)
{
  g_autofree VtStoreCounts *counts = g_new0 (VtStoreCounts, 1);

  return vt_store_get_application_counts (store, vt_kiosk_own_forms (), counts, error)
           ? g_steal_pointer (&counts) : NULL;
}

void
vt_store_owner_get_counts_async (VtStoreOwner        *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (VT_IS_STORE_OWNER (self));

  run (self, vt_store_owner_get_counts_async, get_counts_call, NULL, NULL, g_free, FALSE,
       cancellable, callback, user_data);
}

gboolean
vt_store_owner_get_counts_finish (VtStoreOwner   *self,
                                  GAsyncResult   *result,
                                  VtStoreCounts  *counts,
                                  GError        **error)
{
  g_autofree VtStoreCounts *found = finish (self, result, vt_store_owner_get_counts_async, error);

  g_return_val_if_fail (counts != NULL, FALSE);

  if (found == NULL)
    return FALSE;
  *counts = *found;
  return TRUE;
}

typedef struct
{
  guint state_mask;
  guint limit;
} ListArgs;

static gpointer
list_submissions_call (VtStoreOwner  *self,
                       VtStore       *store,
                       gpointer       data,
                       GError       **error)
{
  ListArgs *args = data;

  return vt_store_list_submissions (store, args->state_mask, args->limit, error);
}

void
vt_store_owner_list_submissions_async (VtStoreOwner        *self,
                                       guint                state_mask,
                                       guint                limit,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  ListArgs *args = g_new0 (ListArgs, 1);

  g_return_if_fail (VT_IS_STORE_OWNER (self));

  args->state_mask = state_mask;
  args->limit = limit;
  run (self, vt_store_owner_list_submissions_async, list_submissions_call, args, g_free,
       (GDestroyNotify) g_ptr_array_unref, FALSE, cancellable, callback, user_data);
}

GPtrArray *
vt_store_owner_list_submissions_finish (VtStoreOwner  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return finish (self, result, vt_store_owner_list_submissions_async, error);
}

/* What a clerk's decision about one row names. */
typedef struct
{
  char   *instance_id;
  char   *reason;                  /* discard only */
  char   *actor;
  gint64  now;
} RowArgs;

static void
row_args_free (RowArgs *args)
{
  g_free (args->instance_id);
  g_free (args->reason);
  g_free (args->actor);
  g_free (args);
}

static RowArgs *
row_args_new (const char *instance_id,
              const char *reason,
              const char *actor,
              gint64      now)
{
  RowArgs *args = g_new0 (RowArgs, 1);

  args->instance_id = g_strdup (instance_id);
  args->reason = g_strdup (reason);
  args->actor = g_strdup (actor);
  args->now = now;
  return args;
}

static gpointer
requeue_call (VtStoreOwner  *self,
              VtStore       *store,
              gpointer       data,
              GError       **error)
{
  RowArgs *args = data;

  return vt_store_requeue_rejected (store, args->instance_id, args->actor, args->now, error) ? DONE : NULL;
}

void
vt_store_owner_requeue_async (VtStoreOwner        *self,
                              const char          *instance_id,
                              const char          *actor,
                              gint64               now,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (VT_IS_STORE_OWNER (self));
  g_return_if_fail (instance_id != NULL);

  run (self, vt_store_owner_requeue_async, requeue_call, row_args_new (instance_id, NULL, actor, now),
       (GDestroyNotify) row_args_free, NULL, TRUE, cancellable, callback, user_data);
}

gboolean
vt_store_owner_requeue_finish (VtStoreOwner  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return finish (self, result, vt_store_owner_requeue_async, error) != NULL;
}

static gpointer
discard_call (VtStoreOwner  *self,
              VtStore       *store,
              gpointer       data,
              GError       **error)
{
  RowArgs *args = data;

  return vt_store_discard (store, args->instance_id, args->reason, args->actor, args->now, error) ? DONE : NULL;
}

void
vt_store_owner_discard_async (VtStoreOwner        *self,
                              const char          *instance_id,
                              const char          *reason,
                              const char          *actor,
                              gint64               now,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (VT_IS_STORE_OWNER (self));
  g_return_if_fail (instance_id != NULL);

  run (self, vt_store_owner_discard_async, discard_call, row_args_new (instance_id, reason, actor, now),
       (GDestroyNotify) row_args_free, NULL, TRUE, cancellable, callback, user_data);
}

gboolean
vt_store_owner_discard_finish (VtStoreOwner  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return finish (self, result, vt_store_owner_discard_async, error) != NULL;
}

/* ---- receipts and events -------------------------------------------- */

typedef struct
{
  char *reference;                 /* as typed, or NULL */
  char *instance_id;               /* or NULL */
} ReceiptArgs;

static void
receipt_args_free (ReceiptArgs *args)
{
  g_free (args->reference);
  g_free (args->instance_id);
  g_free (args);
}

static gpointer
get_receipt_call (VtStoreOwner  *self,
                  VtStore       *store,
                  gpointer       data,
                  GError       **error)
{
  ReceiptArgs *args = data;

  if (args->reference != NULL)
    return vt_store_get_receipt (store, args->reference, error);
  return vt_store_get_receipt_for (store, args->instance_id, error);
}

void
vt_store_owner_get_receipt_async (VtStoreOwner        *self,
                                  const char          *reference,
                                  const char          *instance_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ReceiptArgs *args;

  g_return_if_fail (VT_IS_STORE_OWNER (self));
  g_return_if_fail ((reference == NULL) != (instance_id == NULL));

  args = g_new0 (ReceiptArgs, 1);
  args->reference = g_strdup (reference);
  args->instance_id = g_strdup (instance_id);
  run (self, vt_store_owner_get_receipt_async, get_receipt_call, args, (GDestroyNotify) receipt_args_free,
       (GDestroyNotify) vt_receipt_free, FALSE, cancellable, callback, user_data);
}

VtReceipt *
vt_store_owner_get_receipt_finish (VtStoreOwner  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return finish (self, result, vt_store_owner_get_receipt_async, error);
}

typedef struct
{
  char *instance_id;
  char *what;
  char *actor;
  char *detail;
} EventArgs;

static void
event_args_free (EventArgs *args)
{
  g_free (args->instance_id);
  g_free (args->what);
  g_free (args->actor);
  g_free (args->detail);
  g_free (args);
}

static gpointer
add_event_call (VtStoreOwner  *self,
                VtStore       *store,
                gpointer       data,
                GError       **error)
{
  EventArgs *args = data;

  return vt_store_add_event (store, args->instance_id, args->what, args->actor, args->detail, error) ? DONE : NULL;
}

void
vt_store_owner_add_event_async (VtStoreOwner        *self,
                                const char          *instance_id,
                                const char          *what,
                                const char          *actor,
                                const char          *detail,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  EventArgs *args;

  g_return_if_fail (VT_IS_STORE_OWNER (self));
  g_return_if_fail (what != NULL);

  args = g_new0 (EventArgs, 1);
  args->instance_id = g_strdup (instance_id);
  args->what = g_strdup (what);
  args->actor = g_strdup (actor);
  args->detail = g_strdup (detail);
  run (self, vt_store_owner_add_event_async, add_event_call, args, (GDestroyNotify) event_args_free, NULL, FALSE,
       cancellable, callback, user_data);
}

gboolean
vt_store_owner_add_event_finish (VtStoreOwner  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return finish (self, result, vt_store_owner_add_event_async, error) != NULL;
}

/* ---- the clerk's PIN ---------------------------------------------------- */

typedef struct
{
  char   pin[VT_CLERK_PIN_MAX_DIGITS + 1];
  gint64 now;
} PinArgs;

typedef struct
{
  VtClerkPinResult result;
  gint64           locked_until;
} PinResult;

static void
pin_args_free (PinArgs *args)
{
  sodium_memzero (args->pin, sizeof args->pin);
  g_free (args);
}

/* Argon2id takes a noticeable moment on purpose: the worker's. */
static gpointer
verify_pin_call (VtStoreOwner  *self,
                 VtStore       *store,
                 gpointer       data,
                 GError       **error)
{
  PinArgs *args = data;
  g_autofree PinResult *result = g_new0 (PinResult, 1);

  result->result = vt_clerk_verify_pin (store, args->pin, args->now, &result->locked_until, error);
  sodium_memzero (args->pin, sizeof args->pin);
  return result->result != VT_CLERK_PIN_ERROR ? g_steal_pointer (&result) : NULL;
}

void
vt_store_owner_verify_pin_async (VtStoreOwner        *self,
                                 const char          *pin,
                                 gint64               now,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  PinArgs *args;

  g_return_if_fail (VT_IS_STORE_OWNER (self));
  g_return_if_fail (pin != NULL);

  args = g_new0 (PinArgs, 1);
  /* A longer PIN than any valid one is cut, and so refused as wrong. */
  g_strlcpy (args->pin, pin, sizeof args->pin);
  args->now = now;
  run (self, vt_store_owner_verify_pin_async, verify_pin_call, args, (GDestroyNotify) pin_args_free, g_free, FALSE,
       cancellable, callback, user_data);
}

VtClerkPinResult
vt_store_owner_verify_pin_finish (VtStoreOwner  *self,
                                  GAsyncResult  *result,
                                  gint64        *locked_until,
                                  GError       **error)
{
  g_autofree PinResult *found = finish (self, result, vt_store_owner_verify_pin_async, error);

  if (locked_until != NULL)
    *locked_until = found != NULL ? found->locked_until : 0;
  return found != NULL ? found->result : VT_CLERK_PIN_ERROR;
}

/* ---- export ---------------------------------------------------------- */

typedef struct
{
  char *origin;
  char *dir;
  char *actor;
  char *recipient_key;             /* [bundle] recipient-key, or NULL */
} ExportArgs;

typedef struct
{
  char  *path;
  guint  n;
} ExportResult;

static void
export_args_free (ExportArgs *args)
{
  g_free (args->origin);
  g_free (args->dir);
  g_free (args->actor);
  g_free (args->recipient_key);
  g_free (args);
}

static void
export_result_free (ExportResult *result)
{
  g_free (result->path);
  g_free (result);
}

/* A slow drive holds the worker for a while; the enqueue connection is
 * the main thread's, so citizens are not held up. */
static gpointer
export_call (VtStoreOwner  *self,
             VtStore       *store,
             gpointer       data,
             GError       **error)
{
  ExportArgs *args = data;
  g_autoptr(VtBundleKeys) keys = vt_bundle_keys_load (self->data_dir, args->recipient_key, NULL, NULL, error);
  ExportResult *result;

  if (keys == NULL)
    return NULL;
  result = g_new0 (ExportResult, 1);
  result->path = vt_bundle_export (store, args->origin, args->dir, args->actor, keys, &result->n, error);
  if (result->path == NULL)
    g_clear_pointer (&result, export_result_free);
  return result;
}

void
vt_store_owner_export_async (VtStoreOwner        *self,
                             const char          *origin,
                             const char          *dir,
                             const char          *actor,
                             const char          *recipient_key,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  ExportArgs *args;

  g_return_if_fail (VT_IS_STORE_OWNER (self));
  g_return_if_fail (dir != NULL);

  args = g_new0 (ExportArgs, 1);
  args->origin = g_strdup (origin);
  args->dir = g_strdup (dir);
  args->actor = g_strdup (actor);
  args->recipient_key = g_strdup (recipient_key);
  run (self, vt_store_owner_export_async, export_call, args, (GDestroyNotify) export_args_free,
       (GDestroyNotify) export_result_free, FALSE, cancellable, callback, user_data);
}

char *
vt_store_owner_export_finish (VtStoreOwner  *self,
                              GAsyncResult  *result,
                              guint         *n_exported,
                              GError       **error)
{
  ExportResult *found = finish (self, result, vt_store_owner_export_async, error);
  char *path;

  if (n_exported != NULL)
    *n_exported = found != NULL ? found->n : 0;
  if (found == NULL)
    return NULL;
  path = g_steal_pointer (&found->path);
  export_result_free (found);
  return path;
}

/* ---- drafts -------------------------------------------------------------- */

typedef struct
{
  char   *form_id;
  char   *form_version;
  char   *json;                    /* the applicant's answers */
  char   *reference;
  char   *clerk;
  int     draft_days;
  gint64  now;
} DraftArgs;

static void
draft_args_free (DraftArgs *args)
{
  g_free (args->form_id);
  g_free (args->form_version);
  if (args->json != NULL)
    sodium_memzero (args->json, strlen (args->json));
  g_free (args->json);
  g_free (args->reference);
  g_free (args->clerk);
  g_free (args);
}

static gpointer
save_draft_call (VtStoreOwner  *self,
                 VtStore       *store,
                 gpointer       data,
                 GError       **error)
{
  DraftArgs *args = data;

  return vt_draft_save_json (store, args->form_id, args->form_version, args->json, args->reference, args->clerk,
                             args->now, error);
}

void
vt_store_owner_save_draft_async (VtStoreOwner        *self,
                                 VtSession           *session,
                                 const char          *reference,
                                 const char          *clerk,
                                 const char          *service_title,
                                 gint64               created_at,
                                 gint64               now,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  DraftArgs *args;
  VtForm *form;
  Call *call;

  g_return_if_fail (VT_IS_STORE_OWNER (self));
  g_return_if_fail (session != NULL);

  form = vt_session_get_form (session);
  args = g_new0 (DraftArgs, 1);
  args->form_id = g_strdup (vt_form_get_id (form));
  args->form_version = g_strdup (vt_form_get_version (form));
  args->reference = g_strdup (reference);
  args->clerk = g_strdup (clerk);
  args->now = now;
  /* The session is the calling thread's: its answers are read here. */
  args->json = vt_draft_dump_session (session, service_title, created_at, &error);

  call = call_new (self, vt_store_owner_save_draft_async, save_draft_call, args, (GDestroyNotify) draft_args_free,
                   g_free, cancellable, callback, user_data);
  if (args->json == NULL)
    {
      g_task_return_error (call->task, g_steal_pointer (&error));
      g_object_unref (call->task);
      g_free (call);
      return;
    }
  push (self, call);
}

char *
vt_store_owner_save_draft_finish (VtStoreOwner  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish (self, result, vt_store_owner_save_draft_async, error);
}

typedef struct
{
  VtSession   *session;
  VtDraftInfo *info;
} ResumeResult;

static void
resume_result_free (ResumeResult *result)
{
  g_clear_pointer (&result->session, vt_session_free);
  g_clear_pointer (&result->info, vt_draft_info_free);
  g_free (result);
}

/* The new session is built here and handed over whole: nothing else holds
 * it meanwhile. */
static gpointer
resume_draft_call (VtStoreOwner  *self,
                   VtStore       *store,
                   gpointer       data,
                   GError       **error)
{
  DraftArgs *args = data;
  ResumeResult *result = g_new0 (ResumeResult, 1);

  result->session = vt_draft_resume (store, args->reference, args->draft_days, args->now, &result->info, error);
  if (result->session == NULL)
    g_clear_pointer (&result, resume_result_free);
  return result;
}

void
vt_store_owner_resume_draft_async (VtStoreOwner        *self,
                                   const char          *reference,
                                   int                  draft_days,
                                   gint64               now,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  DraftArgs *args;

  g_return_if_fail (VT_IS_STORE_OWNER (self));
  g_return_if_fail (reference != NULL);

  args = g_new0 (DraftArgs, 1);
  args->reference = g_strdup (reference);
  args->draft_days = draft_days;
  args->now = now;
  run (self, vt_store_owner_resume_draft_async, resume_draft_call, args, (GDestroyNotify) draft_args_free,
       (GDestroyNotify) resume_result_free, FALSE, cancellable, callback, user_data);
}

VtSession *
vt_store_owner_resume_draft_finish (VtStoreOwner  *self,
                                    GAsyncResult  *result,
                                    VtDraftInfo  **info,
                                    GError       **error)
{
  ResumeResult *found = finish (self, result, vt_store_owner_resume_draft_async, error);
  VtSession *session;

  if (info != NULL)
    *info = found != NULL ? g_steal_pointer (&found->info) : NULL;
  if (found == NULL)
    return NULL;
  session = g_steal_pointer (&found->session);
  resume_result_free (found);
  return session;
}

static gpointer
list_drafts_call (VtStoreOwner  *self,
                  VtStore       *store,
                  gpointer       data,
                  GError       **error)
{
  DraftArgs *args = data;

  return vt_draft_list (store, args->draft_days, args->now, error);
}

void
vt_store_owner_list_drafts_async (VtStoreOwner        *self,
                                  int                  draft_days,
                                  gint64               now,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  DraftArgs *args;

  g_return_if_fail (VT_IS_STORE_OWNER (self));

  args = g_new0 (DraftArgs, 1);
  args->draft_days = draft_days;
  args->now = now;
  run (self, vt_store_owner_list_drafts_async, list_drafts_call, args, (GDestroyNotify) draft_args_free,
       (GDestroyNotify) g_ptr_array_unref, FALSE, cancellable, callback, user_data);
}

GPtrArray *
vt_store_owner_list_drafts_finish (VtStoreOwner  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return finish (self, result, vt_store_owner_list_drafts_async, error);
}

static gpointer
delete_draft_call (VtStoreOwner  *self,
                   VtStore       *store,
                   gpointer       data,
                   GError       **error)
{
  DraftArgs *args = data;

  return vt_draft_delete (store, args->reference, args->clerk, error) ? DONE : NULL;
}

void
vt_store_owner_delete_draft_async (VtStoreOwner        *self,
                                   const char          *reference,
                                   const char          *clerk,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  DraftArgs *args;

  g_return_if_fail (VT_IS_STORE_OWNER (self));
  g_return_if_fail (reference != NULL);

  args = g_new0 (DraftArgs, 1);
  args->reference = g_strdup (reference);
  args->clerk = g_strdup (clerk);
  run (self, vt_store_owner_delete_draft_async, delete_draft_call, args, (GDestroyNotify) draft_args_free, NULL,
       FALSE, cancellable, callback, user_data);
}

gboolean
vt_store_owner_delete_draft_finish (VtStoreOwner  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish (self, result, vt_store_owner_delete_draft_async, error) != NULL;
}

/* ---- the citizen's voice ------------------------------------------------ */

typedef struct
{
  int   ease;
  char *comment;
  char *service_form_id;
  char *language;
  char *queue_title;
  int   delay_seconds;
} FeedbackArgs;

static void
feedback_args_free (FeedbackArgs *args)
{
  vt_wipe_free (args->comment);
  g_free (args->service_form_id);
  g_free (args->language);
  g_free (args->queue_title);
  g_free (args);
}

static gpointer
send_feedback_call (VtStoreOwner  *self,
                    VtStore       *store,
                    gpointer       data,
                    GError       **error)
{
  FeedbackArgs *args = data;
  g_autoptr(VtSubmission) submission = vt_feedback_new_submission (args->ease, args->comment, args->service_form_id,
                                                                   args->language, error);

  if (submission == NULL ||
      !vt_feedback_enqueue (store, submission, args->queue_title, args->delay_seconds, error))
    return NULL;
  return g_strdup (submission->instance_id);
}

void
vt_store_owner_send_feedback_async (VtStoreOwner        *self,
                                    int                  ease,
                                    const char          *comment,
                                    const char          *service_form_id,
                                    const char          *language,
                                    const char          *queue_title,
                                    int                  delay_seconds,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  FeedbackArgs *args;

  g_return_if_fail (VT_IS_STORE_OWNER (self));
  g_return_if_fail (ease >= VT_FEEDBACK_MIN_EASE && ease <= VT_FEEDBACK_MAX_EASE);
  g_return_if_fail (queue_title != NULL);

  args = g_new0 (FeedbackArgs, 1);
  args->ease = ease;
  args->comment = g_strdup (comment);
  args->service_form_id = g_strdup (service_form_id);
  args->language = g_strdup (language);
  args->queue_title = g_strdup (queue_title);
  args->delay_seconds = delay_seconds;
  run (self, vt_store_owner_send_feedback_async, send_feedback_call, args, (GDestroyNotify) feedback_args_free,
       g_free, TRUE, cancellable, callback, user_data);
}

char *
vt_store_owner_send_feedback_finish (VtStoreOwner  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return finish (self, result, vt_store_owner_send_feedback_async, error);
}
/* ---- anything else ----------------------------------------------------- */

typedef struct
{
  VtStoreOwnerFunc  func;
  gpointer          data;
  GDestroyNotify    data_free;
} RunArgs;

static void
run_args_free (RunArgs *args)
{
  if (args->data_free != NULL)
    args->data_free (args->data);
  g_free (args);
}

static gpointer
run_call_func (VtStoreOwner  *self,
               VtStore       *store,
               gpointer       data,
               GError       **error)
{
  RunArgs *args = data;

  return args->func (store, args->data, error);
}

void
vt_store_owner_run_async (VtStoreOwner        *self,
                          VtStoreOwnerFunc     func,
                          gpointer             data,
                          GDestroyNotify       data_free,
                          GDestroyNotify       result_free,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  RunArgs *args;

  g_return_if_fail (VT_IS_STORE_OWNER (self));
  g_return_if_fail (func != NULL);

  args = g_new0 (RunArgs, 1);
  args->func = func;
  args->data = data;
  args->data_free = data_free;
  run (self, vt_store_owner_run_async, run_call_func, args, (GDestroyNotify) run_args_free, result_free, FALSE,
       cancellable, callback, user_data);
}

gpointer
vt_store_owner_run_finish (VtStoreOwner  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return finish (self, result, vt_store_owner_run_async, error);
}

/* ---- object ------------------------------------------------------------ */

static void
vt_store_owner_finalize (GObject *object)
{
  VtStoreOwner *self = VT_STORE_OWNER (object);

  /* Every call holds a reference until it has returned here, so the
   * worker is idle: this only ends its thread. */
  g_thread_pool_free (self->worker, FALSE, TRUE);
  g_clear_pointer (&self->worker_store, vt_store_close);
  g_clear_pointer (&self->main_store, vt_store_close);
  g_free (self->open_error);
  g_free (self->main_error);
  g_free (self->data_dir);

  G_OBJECT_CLASS (vt_store_owner_parent_class)->finalize (object);
}

static void
vt_store_owner_class_init (VtStoreOwnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vt_store_owner_finalize;

  signals[OUTBOX_CHANGED] = g_signal_new ("outbox-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* An application changed this kiosk's copy of an entity list: the
   * services are loaded again for the next citizen (a session keeps the
   * form it has). */
  signals[ENTITIES_CHANGED] = g_signal_new ("entities-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vt_store_owner_init (VtStoreOwner *self)
{
  g_autoptr(GError) error = NULL;

  self->thread = g_thread_self ();
  self->worker = g_thread_pool_new (run_call, NULL, 1, TRUE, &error);
  if (self->worker == NULL)
    g_error ("The store owner cannot start its thread: %s", error->message);
}

VtStoreOwner *
vt_store_owner_new (const char *data_dir)
{
  VtStoreOwner *self;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (VT_TYPE_STORE_OWNER, NULL);
  self->data_dir = g_strdup (data_dir);
  return self;
}
