/* A small program the store's tests run in a child process:
 *   vt-store-helper open DIR          prints "ok" or "error <CODE> <message>"
 *   vt-store-helper enqueue-loop DIR PREFIX
 *                                     enqueues PREFIX-0, PREFIX-1, … and prints
 *                                     each instanceID once it is committed, until
 *                                     killed (the crash test sends SIGKILL). */
#include "config.h"

#include <stdio.h>

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

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = NULL;

  if (argc < 3)
    {
      fprintf (stderr, "usage: vt-store-helper open|enqueue-loop DIR [PREFIX]\n");
      return 2;
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

  fprintf (stderr, "vt-store-helper: unknown command %s\n", argv[1]);
  return 2;
}
