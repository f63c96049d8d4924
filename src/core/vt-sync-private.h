#pragma once

#include "vt-sync.h"

G_BEGIN_DECLS

/* Not for the rest of the product: vt-sync.c's own, and its tests'. */

/* Called in a pass's database thread after each burst of answers is
 * written (the kiosk's worker posts its snapshots from there). */
typedef void (*VtSyncRunnerProgressFunc) (VtSyncRunner *runner,
                                          gpointer      data);

void vt_sync_runner_set_progress (VtSyncRunner             *runner,
                                  VtSyncRunnerProgressFunc  func,
                                  gpointer                  data);

/* How much lower than the thread that drives a pass its database thread
 * runs (nice values, clamped at 19). */
#define VT_SYNC_DB_THREAD_NICE 10

G_END_DECLS
