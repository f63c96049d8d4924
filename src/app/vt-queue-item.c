#define G_LOG_DOMAIN "vt-queue-item"

#include "config.h"

#include "vt-queue-item.h"

/* A row of the clerk's queue, as the store listed it. */

struct _VtQueueItem
{
  GObject                parent_instance;

  VtStoreSubmissionInfo *info;
};

G_DEFINE_FINAL_TYPE (VtQueueItem, vt_queue_item, G_TYPE_OBJECT)

static void
vt_queue_item_finalize (GObject *object)
{
  VtQueueItem *self = VT_QUEUE_ITEM (object);

  g_clear_pointer (&self->info, vt_store_submission_info_free);

  G_OBJECT_CLASS (vt_queue_item_parent_class)->finalize (object);
}

static void
vt_queue_item_class_init (VtQueueItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vt_queue_item_finalize;
}

static void
vt_queue_item_init (VtQueueItem *self)
{
}

VtQueueItem *
vt_queue_item_new (VtStoreSubmissionInfo *info)
{
  VtQueueItem *self;

  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (VT_TYPE_QUEUE_ITEM, NULL);
  self->info = info;
  return self;
}

const VtStoreSubmissionInfo *
vt_queue_item_get_info (VtQueueItem *self)
{
  g_return_val_if_fail (VT_IS_QUEUE_ITEM (self), NULL);

  return self->info;
}

const char *
vt_queue_item_get_service (VtQueueItem *self)
{
  g_return_val_if_fail (VT_IS_QUEUE_ITEM (self), NULL);

  return self->info->service_title != NULL ? self->info->service_title : self->info->form_id;
}
