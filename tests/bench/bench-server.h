/* The OpenRosa test server in a process of its own, for the benchmarks,
 * and where the CPU time goes on each side. */
#pragma once

#include <gio/gio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* Its first line of output is its URL; extra: one more option, or NULL. */
static inline GSubprocess *
bench_spawn_server (const char  *dir,
                    const char  *extra,
                    char       **url)
{
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  GSubprocess *server;

  g_assert_nonnull (g_getenv ("VT_TEST_SERVER"));
  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, g_getenv ("VT_TEST_SERVER"),
                             "--port", "0", "--db", db, extra, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  *url = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*url);
  return server;
}

/* CPU seconds (user + system) the server process has used so far. */
static inline double
bench_server_cpu_seconds (GSubprocess *server)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (server));
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents (path, &text, NULL, NULL) ||
      (after_name = strrchr (text, ')')) == NULL)
    return 0;
  /* After the name: state is field 3; utime and stime are 14 and 15. */
  fields = g_strsplit (after_name + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
         sysconf (_SC_CLK_TCK);
}

/* CPU seconds (user + system) every thread of this process has used. */
static inline double
bench_self_cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}
