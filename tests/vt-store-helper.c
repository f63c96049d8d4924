/* A small program the store's tests run in a child process:
 *   vt-store-helper open DIR          prints "ok" or "error <CODE> <message>"
 *   vt-store-helper enqueue-loop DIR PREFIX
 *                                     enqueues PREFIX-0, PREFIX-1, … and prints
 *                                     each instanceID once it is committed, until
 *                                     killed (the crash test sends SIGKILL).
 *   vt-store-helper fill-until-full DIR
 *                                     enqueues until the filesystem is full, then
 *                                     reports what the store says and what it kept:
 *                                     "stored N", "error CODE …", "check CODE",
 *                                     "count N", "integrity ok".
 *   vt-store-helper enqueue-log DIR PREFIX N
 *                                     enqueues PREFIX-0 … PREFIX-(N-1) and writes
 *                                     "begin ID" before each, then "committed ID" or
 *                                     "failed ID CODE", to stdout and appended to
 *                                     $VT_FSYNC_LOG, where the fsync shim
 *                                     (vt-fsync-fail.c) logs each sync between them.
 *   vt-store-helper probe-fsync FILE  prints "fsync ok" or "fsync failed". */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>

#include "vt-store-private.h"

#include "vt-store-test-data.h"

static const char *
code_name (int code)
{
  static const char * const names[] = {
    "FAILED", "NEWER_SCHEMA", "CORRUPT", "DISK_FULL", "READ_ONLY", "BUSY",
    "NOT_FOUND", "EXISTS", "WRONG_STATE", "INVALID",
  };

  return code >= 0 && code < (int) G_N_ELEMENTS (names) ? names[code] : "?";
}

/* One line to stdout and to the log the fsync shim writes too. */
static void G_GNUC_PRINTF (1, 2)
report (const char *format,
        ...)
{
  g_autofree char *line = NULL;
  const char *log = g_getenv ("VT_FSYNC_LOG");
  va_list args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  printf ("%s\n", line);
  fflush (stdout);
  if (log != NULL)
    {
      int fd = g_open (log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
      g_autofree char *text = g_strconcat (line, "\n", NULL);

      if (fd >= 0 && write (fd, text, strlen (text)) < 0)
        g_printerr ("cannot write %s: %s\n", log, g_strerror (errno));
      if (fd >= 0)
        close (fd);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = NULL;

  if (argc < 3)
    {
      fprintf (stderr, "usage: vt-store-helper open|enqueue-loop|enqueue-log|fill-until-full|probe-fsync DIR …\n");
      return 2;
    }

  if (g_str_equal (argv[1], "probe-fsync"))
    {
      int fd = g_open (argv[2], O_WRONLY | O_CREAT | O_CLOEXEC, 0600);

      if (fd < 0 || write (fd, "x", 1) != 1)
        return 1;
      printf ("fsync %s\n", fsync (fd) == 0 ? "ok" : "failed");
      close (fd);
      return 0;
    }

  store = vt_store_open (argv[2], &error);
  if (store == NULL)
    {
      printf ("error %s %s\n", code_name (error->code), error->message);
      return 0;
    }

  if (g_str_equal (argv[1], "open"))
    {
      printf ("ok\n");
      return 0;
    }

  if (g_str_equal (argv[1], "enqueue-loop") && argc == 4)
    {
      /* Bounded, so a test that forgets to kill it does not fill the disk. */
      for (int i = 0; i < 100000; i++)
        {
          g_autofree char *id = g_strdup_printf ("%s-%d", argv[3], i);
          g_autoptr(VtTestSubmission) submission = vt_test_submission_new_sized (id, 4096, 2, 8 * 1024);
          VtStoreEnqueueOptions options = { .service_title = "Permiso de venta", .language = "es" };
          g_autofree char *code = vt_store_enqueue (store, submission, &options, &error);

          if (code == NULL)
            {
              printf ("error %s %s\n", code_name (error->code), error->message);
              return 1;
            }
          /* Reported only after COMMIT returned. */
          printf ("%s\n", id);
          fflush (stdout);
        }
      return 0;
    }

  if (g_str_equal (argv[1], "enqueue-log") && argc == 5)
    {
      int n = (int) g_ascii_strtoll (argv[4], NULL, 10);

      for (int i = 0; i < n; i++)
        {
          g_autofree char *id = g_strdup_printf ("%s-%d", argv[3], i);
          g_autoptr(VtTestSubmission) submission = vt_test_submission_new_sized (id, 4096, 2, 8 * 1024);
          VtStoreEnqueueOptions options = { .service_title = "Permiso de venta", .language = "es" };
          g_autofree char *code = NULL;

          report ("begin %s", id);
          code = vt_store_enqueue (store, submission, &options, &error);
          if (code != NULL)
            report ("committed %s", id);
          else
            report ("failed %s %s", id, code_name (error->code));
          g_clear_error (&error);
        }
      return 0;
    }

  if (g_str_equal (argv[1], "fill-until-full"))
    {
      int stored = 0;
      VtStoreCounts counts;
      sqlite3_stmt *stmt = NULL;

      for (int i = 0; i < 100000; i++)
        {
          g_autofree char *id = g_strdup_printf ("uuid:full-%d", i);
          g_autoptr(VtTestSubmission) submission = vt_test_submission_new_sized (id, 4096, 2, 8 * 1024);
          VtStoreEnqueueOptions options = { .service_title = "Permiso de venta", .language = "es" };
          g_autofree char *code = vt_store_enqueue (store, submission, &options, &error);

          if (code == NULL)
            break;
          stored++;
        }
      printf ("stored %d\n", stored);
      if (error == NULL)
        return 1;
      printf ("error %s %s\n", code_name (error->code), error->message);
      g_clear_error (&error);

      if (vt_store_check_writable (store, &error))
        printf ("check ok\n");
      else
        printf ("check %s\n", code_name (error->code));
      g_clear_error (&error);

      /* What a restarted kiosk finds. */
      g_clear_pointer (&store, vt_store_close);
      store = vt_store_open (argv[2], &error);
      if (store == NULL)
        {
          printf ("reopen %s %s\n", code_name (error->code), error->message);
          return 0;
        }
      if (vt_store_get_counts (store, &counts, &error))
        printf ("count %u\n", counts.n[VT_STORE_STATE_QUEUED]);
      if (sqlite3_prepare_v2 (vt_store_get_db (store), "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        printf ("integrity %s\n", sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
      return 0;
    }

  fprintf (stderr, "vt-store-helper: unknown command %s\n", argv[1]);
  return 2;
}
