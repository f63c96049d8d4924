#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A power-cut simulator for the store's tests, after SQLite's own test6.c:
 * an SQLite VFS that wraps the real one ("unix") and becomes the process's
 * default, so vt_store_open() goes through it unchanged.
 *
 * Writes reach the real files at once (they are the kernel's page cache);
 * what is durable is kept apart, per file: the content at the file's last
 * successful xSync, and the writes and truncations since.  xSync makes them
 * durable without calling fsync (the model is the disk, so the real one need
 * not be slow).
 *
 * vt_crash_vfs_arm (n) cuts the power at the n-th write, sync, truncation
 * or delete from then on: that call and every later one that would change
 * a file fails with an I/O error and changes nothing, as if the machine had
 * stopped.  Once every connection is closed, vt_crash_vfs_power_on() writes
 * what a disk would hold after the cut into the real files (the unsynced
 * writes damaged as `damage` says, the shared-memory -shm files gone) and
 * the machine "boots": the next open sees the files as a kiosk would after
 * the power came back.
 *
 * A file's deletion is taken as durable when it happens.  Temporary files
 * (no name) are not tracked. */

typedef enum
{
  VT_CRASH_DAMAGE_DROP,     /* every unsynced write and truncation is lost */
  VT_CRASH_DAMAGE_TORN,     /* every unsynced write landed, but the last one of
                               each file ends in a sector half written, half garbage */
  VT_CRASH_DAMAGE_SHUFFLE,  /* each 512-byte piece of each unsynced write landed,
                               was lost or holds garbage, independently (test6.c) */
  VT_CRASH_N_DAMAGES,
} VtCrashDamage;

/* Registers the VFS as the default; idempotent. */
void        vt_crash_vfs_install        (void);

/* 0: never cut (but keep counting).  Counts from this call. */
void        vt_crash_vfs_arm            (guint64        cut_at);
/* Writes, syncs, truncations and deletes since the last arm. */
guint64     vt_crash_vfs_get_ops        (void);
gboolean    vt_crash_vfs_is_cut         (void);

/* Every file must be closed.  Unarms. */
void        vt_crash_vfs_power_on       (VtCrashDamage  damage,
                                         GRand         *rand);
/* A clean shutdown: takes the files as they are now as durable and forgets
 * what it knew of them.  Every file must be closed. */
void        vt_crash_vfs_forget         (void);

/* A broken disk for the tests that prove the checks can fail: xSync
 * answers success and makes nothing durable (a commit reported before its
 * data is on the disk). */
void        vt_crash_vfs_set_lying_sync (gboolean       lying);

const char *vt_crash_damage_to_string   (VtCrashDamage  damage);

G_END_DECLS
