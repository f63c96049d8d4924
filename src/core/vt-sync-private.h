#pragma once

#include "vt-sync.h"

G_BEGIN_DECLS

/* Not for the rest of the product: what vt-sync.c (the worker) and
 * vt-sync-runner.c (its passes) share, and what their tests use. */

/* Called in the thread running a pass after each burst of answers is
 * written, so what it reads of the store is on the disk (the kiosk's
 * worker posts its status snapshots from there). */
typedef void (*VtSyncRunnerProgressFunc) (VtSyncRunner *runner,
                                          gpointer      data);

void vt_sync_runner_set_progress (VtSyncRunner             *runner,
                                  VtSyncRunnerProgressFunc  func,
                                  gpointer                  data);

/* A runner's state: the worker reads online and last_success after each
 * pass, and takes its client back when it stops. */
struct _VtSyncRunner
{
  VtStore        *store;           /* not owned */
  VtOpenRosa     *client;
  double          retry_min;
  double          retry_max;
  guint           parallel;
  gint64          lease_usec;
  GRand          *rand;
  int             offline_failures;
  gint64          offline_until;
  GArray         *retry_times;     /* gint64: next_attempt_at values still ahead */
  gboolean        online;
  gint64          last_success;  /* the server's last answer about a submission: sent, or rejected */
  gboolean        auth_logged;   /* the refusal of the credentials is in the event log already */
  VtSyncRunnerProgressFunc progress;  /* after each burst of answers is written */
  gpointer        progress_data;
};

static inline gint64
vt_sync_seconds_to_usec (double seconds)
{
  return (gint64) (seconds * G_TIME_SPAN_SECOND);
}

/* A runner for a client that already exists (the worker's, made at
 * vt_sync_new()). */
VtSyncRunner *vt_sync_runner_new_with_client (VtOpenRosa *client,
                                              VtStore    *store,
                                              VtConfig   *config);

G_END_DECLS
