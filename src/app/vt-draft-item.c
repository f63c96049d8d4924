#define G_LOG_DOMAIN "vt-draft-item"

#include "config.h"

#include "vt-draft-item.h"

/* A row of the clerk's drafts, as the store listed it. */

struct _VtDraftItem
{
  GObject      parent_instance;

  VtDraftInfo *info;
};

G_DEFINE_FINAL_TYPE (VtDraftItem, vt_draft_item, G_TYPE_OBJECT)

static void
vt_draft_item_finalize (GObject *object)
{
  VtDraftItem *self = VT_DRAFT_ITEM (object);

  g_clear_pointer (&self->info, vt_draft_info_free);

  G_OBJECT_CLASS (vt_draft_item_parent_class)->finalize (object);
}

static void
vt_draft_item_class_init (VtDraftItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vt_draft_item_finalize;
}

static void
vt_draft_item_init (VtDraftItem *self)
{
}

VtDraftItem *
vt_draft_item_new (VtDraftInfo *info)
{
  VtDraftItem *self;

  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (VT_TYPE_DRAFT_ITEM, NULL);
  self->info = info;
  return self;
}

const VtDraftInfo *
vt_draft_item_get_info (VtDraftItem *self)
{
  g_return_val_if_fail (VT_IS_DRAFT_ITEM (self), NULL);

  return self->info;
}

const char *
vt_draft_item_get_service (VtDraftItem *self)
{
  g_return_val_if_fail (VT_IS_DRAFT_ITEM (self), NULL);

  return self->info->service_title != NULL ? self->info->service_title : self->info->form_id;
}
