#pragma once

#include "vt-sync.h"

G_BEGIN_DECLS

/* Not for the rest of the product: vt-sync.c's own, and its tests'. */

/* Called in the thread running a pass after each burst of answers is
 * written, so what it reads of the store is on the disk (the kiosk's
 * worker posts its status snapshots from there). */
typedef void (*VtSyncRunnerProgressFunc) (VtSyncRunner *runner,
                                          gpointer      data);

void vt_sync_runner_set_progress (VtSyncRunner             *runner,
                                  VtSyncRunnerProgressFunc  func,
                                  gpointer                  data);

G_END_DECLS
