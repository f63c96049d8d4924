/* An LD_PRELOAD shim that makes fsync() and fdatasync() fail with EIO, as
 * a dying disk or a pulled USB drive makes them fail, for
 * tests/test-fsync-fail.c.  A failing call does not sync: what was written
 * stays in the page cache, unsynced, as after a real EIO.
 *
 *   VT_FSYNC_FAIL_MATCH  only files whose path ends with this, a directory's
 *                        with a "/" added ("-wal": the WAL; "/": folders;
 *                        default: every file)
 *   VT_FSYNC_FAIL_FROM   the first matching call that fails, from 1 (default 1)
 *   VT_FSYNC_FAIL_COUNT  how many fail from there; 0: all of them (default 0)
 *   VT_FSYNC_LOG         a file that gets one line per matching call,
 *                        "fsync <path> ok" or "fsync <path> EIO" (appended,
 *                        so the program under test can write its own lines
 *                        into the same file in order)
 *
 * No GLib here: it runs inside whatever program it is preloaded into. */
#define _GNU_SOURCE

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned long matched;

static int
env_int (const char *name,
         int         fallback)
{
  const char *value = getenv (name);

  return value != NULL && value[0] != '\0' ? atoi (value) : fallback;
}

static void
log_line (const char *path,
          const char *result)
{
  const char *log = getenv ("VT_FSYNC_LOG");
  char line[PATH_MAX + 64];
  int fd, n;

  if (log == NULL || log[0] == '\0')
    return;
  fd = open (log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return;
  n = snprintf (line, sizeof line, "fsync %s %s\n", path, result);
  if (n > 0 && write (fd, line, (size_t) n) < 0)
    n = 0;
  close (fd);
}

/* 1: this call fails; 0: it goes through. */
static int
should_fail (int fd)
{
  const char *match = getenv ("VT_FSYNC_FAIL_MATCH");
  char link[64];
  char path[PATH_MAX + 1];
  struct stat st;
  size_t length;
  ssize_t n;
  unsigned long from = (unsigned long) env_int ("VT_FSYNC_FAIL_FROM", 1);
  unsigned long count = (unsigned long) env_int ("VT_FSYNC_FAIL_COUNT", 0);
  int fail;

  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  n = readlink (link, path, sizeof path - 2);
  path[n > 0 ? n : 0] = '\0';
  if (fstat (fd, &st) == 0 && S_ISDIR (st.st_mode))
    strcat (path, "/");
  length = strlen (path);
  if (match != NULL && (strlen (match) > length || strcmp (path + length - strlen (match), match) != 0))
    return 0;

  matched++;
  fail = matched >= from && (count == 0 || matched < from + count);
  log_line (path, fail ? "EIO" : "ok");
  return fail;
}

/* The real call, looked up once, unless this one fails. */
static int
sync_or_fail (int          fd,
              const char  *name,
              int        (**real) (int))
{
  if (should_fail (fd))
    {
      errno = EIO;
      return -1;
    }
  if (*real == NULL)
    *real = (int (*) (int)) dlsym (RTLD_NEXT, name);
  return (*real) (fd);
}

int
fsync (int fd)
{
  static int (*real) (int);

  return sync_or_fail (fd, "fsync", &real);
}

int
fdatasync (int fd)
{
  static int (*real) (int);

  return sync_or_fail (fd, "fdatasync", &real);
}
