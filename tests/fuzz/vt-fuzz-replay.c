/* Runs a fuzz target over files, as libFuzzer does with its -runs=0 or a
 * file argument, without libFuzzer: every input in tests/fixtures/fuzz/
 * (each a crash a fuzzer found, kept so it cannot come back) and the seeds
 * run in the normal suite, under the sanitizers in CI.
 *   fuzz-<target>-replay FILE|DIR...   exit 0 when every input ran (a
 *                                      folder that does not exist is skipped) */
#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "vt-fuzz.h"

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static int
run_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return -1;
    }
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
  return 1;
}

int
main (int    argc,
      char **argv)
{
  int runs = 0;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GDir) dir = NULL;
      g_autoptr(GPtrArray) names = NULL;
      const char *name;

      if (!g_file_test (argv[i], G_FILE_TEST_EXISTS))
        {
          /* tests/fixtures/fuzz/<target>/ before the target's first crash. */
          printf ("%s does not exist: nothing to replay there\n", argv[i]);
          continue;
        }
      if (!g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          if (run_file (argv[i]) < 0)
            return 1;
          runs++;
          continue;
        }
      dir = g_dir_open (argv[i], 0, NULL);
      names = g_ptr_array_new_with_free_func (g_free);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (argv[i], name, NULL);

          /* Files only: a form's pictures and sounds are in a folder beside it. */
          if (name[0] != '.' && g_file_test (path, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add (names, g_steal_pointer (&path));
        }
      g_ptr_array_sort (names, compare_paths);
      for (guint j = 0; j < names->len; j++)
        {
          if (run_file (g_ptr_array_index (names, j)) < 0)
            return 1;
          runs++;
        }
    }
  printf ("%d inputs ran\n", runs);
  return 0;
}
