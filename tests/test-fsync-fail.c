/* A failed fsync is never reported as committed (issue 25).  On the real
 * file system, a child process enqueues while an LD_PRELOAD shim
 * (vt-fsync-fail.c) makes fsync() and fdatasync() fail with EIO, once or
 * from some call on, for the WAL, the database, the data folder or every
 * file.  The shim logs each sync into the file where the child logs
 * "begin ID" before each enqueue and "committed ID" or "failed ID" after:
 * no enqueue during which a sync failed may say committed.  Afterwards the
 * kiosk opens the folder again (no shim): the database is whole and holds
 * every committed application; a disk that failed once lets the next
 * application through. */
#include "config.h"

#include <gio/gio.h>

#include "vt-store-private.h"
#include "vt-test-utils.h"

#include "vt-store-test-data.h"

#define N_ENQUEUES 5

typedef struct
{
  const char *name;
  const char *match;             /* VT_FSYNC_FAIL_MATCH */
  int         count;             /* VT_FSYNC_FAIL_COUNT: 1 fails once, 0 from then on */
} Disk;

static const Disk disks[] = {
  { "the WAL fails once",                 "ventanilla.db-wal", 1 },
  { "the WAL fails from then on",         "ventanilla.db-wal", 0 },
  { "the database file fails once",       "ventanilla.db",     1 },
  { "the data folder fails once",         "/",                 1 },
  { "every file fails from then on",      "",                  0 },
};

static GSubprocessLauncher *
launcher_with_shim (const char *match,
                    int         from,
                    int         count,
                    const char *log)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                             G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autofree char *from_text = g_strdup_printf ("%d", from);
  g_autofree char *count_text = g_strdup_printf ("%d", count);
  g_autofree char *asan = g_strdup_printf ("%s%sverify_asan_link_order=0",
                                           g_getenv ("ASAN_OPTIONS") != NULL ? g_getenv ("ASAN_OPTIONS") : "",
                                           g_getenv ("ASAN_OPTIONS") != NULL ? ":" : "");

  g_subprocess_launcher_setenv (launcher, "LD_PRELOAD", g_getenv ("VT_FSYNC_SHIM"), TRUE);
  g_subprocess_launcher_setenv (launcher, "VT_FSYNC_FAIL_MATCH", match, TRUE);
  g_subprocess_launcher_setenv (launcher, "VT_FSYNC_FAIL_FROM", from_text, TRUE);
  g_subprocess_launcher_setenv (launcher, "VT_FSYNC_FAIL_COUNT", count_text, TRUE);
  g_subprocess_launcher_setenv (launcher, "VT_FSYNC_LOG", log, TRUE);
  /* The sanitizer build's runtime wants to be first; the shim only wraps two calls. */
  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", asan, TRUE);
  return launcher;
}

static char *
run_helper (GSubprocessLauncher *launcher,
            const char * const  *args)
{
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "vt-store-helper", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;

  g_ptr_array_add (argv, helper);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    g_error ("vt-store-helper %s: %s", args[0], err);
  return out;
}

/* FALSE (the test skipped) where the shim cannot be preloaded. */
static gboolean
shim_works (const char *dir)
{
  g_autofree char *file = g_build_filename (dir, "probe", NULL);
  g_autofree char *log = g_build_filename (dir, "probe.log", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *out = NULL;

  if (g_getenv ("VT_FSYNC_SHIM") == NULL)
    {
      g_test_skip ("VT_FSYNC_SHIM does not name the fsync shim; run this test from meson");
      return FALSE;
    }
  launcher = launcher_with_shim ("", 1, 0, log);
  out = run_helper (launcher, (const char *[]) { "probe-fsync", file, NULL });
  if (!g_str_equal (out, "fsync failed\n"))
    {
      g_test_skip_printf ("LD_PRELOAD of %s has no effect here (the probe said “%s”): "
                          "a failing fsync cannot be simulated on this machine",
                          g_getenv ("VT_FSYNC_SHIM"), g_strstrip (out));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  guint      failed_syncs;       /* inside an enqueue */
  guint      committed;
  guint      failed;
  GPtrArray *committed_ids;
} Outcome;

/* The order of the log is the order things happened in the child. */
static void
check_log (const char *log_path,
           const char *what,
           Outcome    *outcome)
{
  g_autofree char *log = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *failed_sync = NULL;
  gboolean in_enqueue = FALSE;
  gboolean folder_synced = FALSE;

  g_assert_true (g_file_get_contents (log_path, &log, NULL, NULL));
  lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "begin "))
        {
          in_enqueue = TRUE;
          g_clear_pointer (&failed_sync, g_free);
        }
      else if (g_str_has_prefix (line, "fsync ") && g_str_has_suffix (line, "/ ok"))
        folder_synced = TRUE;
      else if (g_str_has_prefix (line, "fsync ") && g_str_has_suffix (line, " EIO") && in_enqueue)
        {
          outcome->failed_syncs++;
          /* SQLite syncs the folder after creating the WAL and ignores a
           * failure; that is harmless once the kiosk has synced the folder
           * itself with the WAL in it (vt_store_open()). */
          if (failed_sync == NULL && !(g_str_has_suffix (line, "/ EIO") && folder_synced))
            failed_sync = g_strdup (line + strlen ("fsync "));
        }
      else if (g_str_has_prefix (line, "committed "))
        {
          if (failed_sync != NULL)
            g_error ("%s: %s was reported committed although a sync failed during it (%s)",
                     what, line + strlen ("committed "), failed_sync);
          outcome->committed++;
          g_ptr_array_add (outcome->committed_ids, g_strdup (line + strlen ("committed ")));
          in_enqueue = FALSE;
        }
      else if (g_str_has_prefix (line, "failed "))
        {
          outcome->failed++;
          in_enqueue = FALSE;
        }
    }
}

/* What the kiosk finds when it starts again on a healthy disk. */
static void
check_reopened (const char *dir,
                const char *what,
                GPtrArray  *committed_ids)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = vt_store_open (dir, &error);
  sqlite3_stmt *stmt = NULL;

  if (store == NULL)
    g_error ("%s: the kiosk does not start again: %s", what, error->message);
  g_assert_cmpint (sqlite3_prepare_v2 (vt_store_get_db (store), "PRAGMA integrity_check", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);

  for (guint i = 0; i < committed_ids->len; i++)
    {
      const char *id = g_ptr_array_index (committed_ids, i);
      g_autoptr(VtTestSubmission) expected = vt_test_submission_new_sized (id, 4096, 2, 8 * 1024);
      g_autoptr(VtStoreItem) item = vt_store_get_item (store, id, &error);

      if (item == NULL)
        g_error ("%s: %s was committed but is missing: %s", what, id, error->message);
      g_assert_cmpstr (item->xml, ==, expected->xml);
      g_assert_cmpuint (item->attachments->len, ==, 2);
    }
}

static void
test_fsync_fails (void)
{
  g_autofree char *root = vt_test_make_tmpdir ("fsync-fail");
  guint failed_during_enqueue = 0, cases = 0;

  if (!shim_works (root))
    {
      vt_test_rmdir_recursive (root);
      return;
    }

  for (guint d = 0; d < G_N_ELEMENTS (disks); d++)
    for (int from = 1; from <= 8; from++)
      {
        g_autofree char *what = g_strdup_printf ("%s (at sync %d)", disks[d].name, from);
        g_autofree char *dir = g_strdup_printf ("%s/fsync-%u-%d", root, d, from);
        g_autofree char *log = g_strdup_printf ("%s.log", dir);
        g_autoptr(GSubprocessLauncher) launcher = launcher_with_shim (disks[d].match, from, disks[d].count, log);
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
        Outcome outcome = { .committed_ids = ids };
        g_autofree char *out = NULL;

        /* The kiosk was installed on a healthy disk.  An open store has
         * its WAL, which vt_store_open() synced the folder with. */
        {
          g_autoptr(VtStore) store = vt_store_open (dir, &error);
          g_autofree char *wal = g_strconcat (vt_store_get_path (store), "-wal", NULL);

          g_assert_no_error (error);
          g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
        }
        out = run_helper (launcher, (const char *[]) { "enqueue-log", dir, "uuid:fsync", G_STRINGIFY (N_ENQUEUES), NULL });
        check_log (log, what, &outcome);
        g_test_message ("%s: %u committed, %u failed, %u failed syncs during them",
                        what, outcome.committed, outcome.failed, outcome.failed_syncs);
        if (outcome.failed_syncs > 0)
          failed_during_enqueue++;
        /* A disk that failed once: the application after the failure goes through. */
        if (disks[d].count == 1)
          g_assert_cmpuint (outcome.failed, <=, 1);
        /* A folder that cannot be synced stops the kiosk before it takes
         * an application, with a message for the clerk. */
        if (outcome.committed + outcome.failed == 0)
          g_assert_nonnull (strstr (out, "error FAILED The kiosk's disk refused to save its data folder"));
        check_reopened (dir, what, ids);
        cases++;
      }

  /* Most cases hit a sync inside an enqueue (a late `from` may fall after
   * the last one, or on the close). */
  g_test_message ("%u of %u cases failed a sync during an enqueue", failed_during_enqueue, cases);
  g_assert_cmpuint (failed_during_enqueue, >=, cases / 3);
  vt_test_rmdir_recursive (root);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vt/fsync-fail/never-committed", test_fsync_fails);
  return g_test_run ();
}
