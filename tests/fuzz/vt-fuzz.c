#include "config.h"

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <stdlib.h>

#include "vt-fuzz.h"

static void
silent_xml (void       *ctx,
            const char *format,
            ...)
{
}

static void
silent_structured_xml (void        *ctx,
                       xmlErrorPtr  error)
{
}

static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  /* Hostile input may earn a warning or a message a clerk would read; a
   * critical (a g_return_if_fail) or an error is a bug.  The rest is
   * noise that slows the fuzzer. */
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    return g_log_writer_standard_streams (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

void
vt_fuzz_init (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL);
  g_log_set_writer_func (log_writer, NULL, NULL);
  xmlSetGenericErrorFunc (NULL, silent_xml);
  xmlSetStructuredErrorFunc (NULL, silent_structured_xml);
}

char *
vt_fuzz_string (const uint8_t *data,
                size_t         size)
{
  return g_strndup ((const char *) data, size);
}

static char *tmpdir;

static void
remove_tmpdir (void)
{
  g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tmpdir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (tmpdir);
}

const char *
vt_fuzz_tmpdir (void)
{
  if (tmpdir == NULL)
    {
      /* tmpfs where there is one: a target may sync files on every run. */
      const char *base = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ();
      g_autofree char *template = g_build_filename (base, "vt-fuzz-XXXXXX", NULL);

      tmpdir = g_mkdtemp (g_steal_pointer (&template));
      g_assert (tmpdir != NULL);
      atexit (remove_tmpdir);
    }
  return tmpdir;
}
