#pragma once

#include <glib-object.h>

#include "vt-store.h"

G_BEGIN_DECLS

#define VT_TYPE_QUEUE_ITEM (vt_queue_item_get_type ())

G_DECLARE_FINAL_TYPE (VtQueueItem, vt_queue_item, VT, QUEUE_ITEM, GObject)

/* One application in the clerk's list of what is not delivered yet: a row
 * of the dashboard's GListModel. */

/* Takes info. */
VtQueueItem                 *vt_queue_item_new            (VtStoreSubmissionInfo *info);
const VtStoreSubmissionInfo *vt_queue_item_get_info       (VtQueueItem           *self);
/* The service's title, else its form id. */
const char                  *vt_queue_item_get_service    (VtQueueItem           *self);

G_END_DECLS
