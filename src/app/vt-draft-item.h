#pragma once

#include <glib-object.h>

#include "vt-draft.h"

G_BEGIN_DECLS

#define VT_TYPE_DRAFT_ITEM (vt_draft_item_get_type ())

G_DECLARE_FINAL_TYPE (VtDraftItem, vt_draft_item, VT, DRAFT_ITEM, GObject)

/* One saved draft in the clerk's list: a row of the dashboard's
 * GListModel. */

/* Takes info. */
VtDraftItem       *vt_draft_item_new         (VtDraftInfo *info);
const VtDraftInfo *vt_draft_item_get_info    (VtDraftItem *self);
/* The service's title, else its form id. */
const char        *vt_draft_item_get_service (VtDraftItem *self);

G_END_DECLS
