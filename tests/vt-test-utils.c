/* dl_iterate_phdr() (<link.h>), for the LeakSanitizer helper below. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <stdarg.h>
#include <string.h>

#include "vt-test-utils.h"

#if defined(__SANITIZE_ADDRESS__)
#include <link.h>
#include <sanitizer/lsan_interface.h>
/* The sanitizers' allocator (compiler-rt's allocator_interface.h, which
 * GCC does not install). */
int    __sanitizer_get_ownership      (const volatile void *p);
size_t __sanitizer_get_allocated_size (const volatile void *p);
#endif

char *
vt_test_make_tmpdir (const char *name)
{
  g_autofree char *template = g_strdup_printf ("vt-%s-XXXXXX", name);
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return dir;
}

void
vt_test_rmdir_recursive (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        vt_test_rmdir_recursive (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

char *
vt_test_write_file (const char *dir,
                    const char *name,
                    const char *contents)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

int
vt_test_run_ctlv (const char * const *args,
                  const char        *stdin_text,
                  char             **out,
                  char             **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *stdin_path = NULL;
  g_autoptr(GError) error = NULL;
  const char *ctl = g_getenv ("VT_CTL");
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;

  g_assert_nonnull (ctl);
  g_ptr_array_add (argv, (gpointer) ctl);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  /* Standard input from a file, not a pipe: a ctl that exits before it
   * reads (a refusal) must not kill the test with SIGPIPE, as it did once
   * under ASan in CI. */
  launcher = g_subprocess_launcher_new (flags);
  if (stdin_text != NULL)
    {
      g_autofree char *dir = vt_test_make_tmpdir ("ctl-stdin");

      stdin_path = g_build_filename (dir, "stdin", NULL);
      g_assert_true (g_file_set_contents (stdin_path, stdin_text, -1, &error));
      g_subprocess_launcher_set_stdin_file_path (launcher, stdin_path);
    }

  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  if (stdin_path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (stdin_path);

      vt_test_rmdir_recursive (dir);
    }

  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

int
vt_test_run_ctl (char       **out,
                 char       **err,
                 const char  *first_arg,
                 ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return vt_test_run_ctlv ((const char * const *) args->pdata, NULL, out, err);
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
vt_test_wait_until (VtTestCondition  condition,
                    gpointer         data,
                    guint            timeout_ms,
                    const char      *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Timed out after %u ms waiting for %s", timeout_ms, what);

  g_source_remove (id);
}

typedef struct
{
  gboolean  done;
  gpointer  result;
} OwnerRun;

static void
owner_run_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  OwnerRun *run = user_data;
  g_autoptr(GError) error = NULL;

  run->result = vt_store_owner_run_finish (VT_STORE_OWNER (source), result, &error);
  g_assert_no_error (error);
  run->done = TRUE;
}

static gboolean
owner_run_done (gpointer data)
{
  return ((OwnerRun *) data)->done;
}

gpointer
vt_test_store_owner_run (VtStoreOwner     *owner,
                         VtStoreOwnerFunc  func,
                         gpointer          data)
{
  OwnerRun run = { FALSE, NULL };

  vt_store_owner_run_async (owner, func, data, NULL, NULL, NULL, owner_run_cb, &run);
  vt_test_wait_until (owner_run_done, &run, 10000, "the store owner's answer");
  return run.result;
}

void
vt_test_without_malloc_perturb (char **argv)
{
  const char *perturb = g_getenv ("MALLOC_PERTURB_");

  if (perturb == NULL || g_str_equal (perturb, "0"))
    return;
  g_setenv ("MALLOC_PERTURB_", "0", TRUE);
  execv ("/proc/self/exe", argv);
  g_error ("Cannot run %s again: %s", argv[0], g_strerror (errno));
}

const char *
vt_test_source_root (void)
{
  const char *root = g_getenv ("VT_SOURCE_ROOT");

  g_assert_nonnull (root);
  return root;
}

const char *
vt_test_shared_dir (void)
{
  const char *dir = g_getenv ("VT_SHARED_DIR");

  g_assert_nonnull (dir);
  return dir;
}

char *
vt_test_next_weekday_in (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);

  while (g_date_time_get_day_of_week (day) > 5)
    {
      GDateTime *next = g_date_time_add_days (day, 1);

      g_date_time_unref (day);
      day = next;
    }
  return g_date_time_format (day, "%Y-%m-%d");
}

JsonParser *
vt_test_load_fixture_answers (const char *form_id)
{
  g_autofree char *file = g_strdup_printf ("%s.json", form_id);
  g_autofree char *path = g_build_filename (vt_test_source_root (), "tests", "fixtures",
                                            "answers", file, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonObject *answers;

  if (!json_parser_load_from_file (parser, path, &error))
    g_error ("%s: %s", path, error->message);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  answers = json_node_get_object (root);
  if (json_object_has_member (answers, "/data/appointment/appointment_date"))
    {
      g_autofree char *appointment = vt_test_next_weekday_in (7);

      json_object_set_string_member (answers, "/data/appointment/appointment_date", appointment);
    }
  return g_steal_pointer (&parser);
}

void
vt_test_answer (VtSession  *session,
                const char *path,
                const char *value)
{
  g_autoptr(GError) error = NULL;

  if (!vt_session_set_answer (session, path, value, &error))
    g_error ("%s = %s: %s", path, value, error->message);
}

void
vt_test_assert_answer (VtSession  *session,
                       const char *path,
                       const char *expected)
{
  g_autofree char *value = vt_session_dup_answer (session, path);

  g_assert_cmpstr (value, ==, expected);
}

void
vt_test_add_form_with_media (VtStore    *store,
                             const char *file_name,
                             const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStoreForm) form = g_new0 (VtStoreForm, 1);
  VtStoreMedia *media = g_new0 (VtStoreMedia, 1);

  form->form_id = g_strdup ("status");
  form->version = g_strdup ("1");
  form->title = g_strdup ("Status");
  form->xml = g_strdup ("<h:html/>");
  form->source = g_strdup ("server");
  form->active = TRUE;
  form->media = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_store_media_free);
  media->name = g_strdup (file_name);
  media->bytes = g_bytes_new (contents, strlen (contents));
  g_ptr_array_add (form->media, media);
  g_assert_true (vt_store_add_form (store, form, &error));
  g_assert_no_error (error);
}

#if defined(__SANITIZE_ADDRESS__)
/* GLib's quark table starts as a block of 2,048 pointers allocated in
 * libglib's constructor; when a process makes its 2,049th quark, g_quark_new()
 * copies it into a larger block and drops the first on purpose ("This
 * leaks the old quarks array ... it allows us to do lockless lookup",
 * glib/gquark.c).  GTK with GStreamer's plugins passes that mark.  ASan's
 * fast unwinder cannot see past g_malloc() into the constructor, so no
 * suppression can name that block without hiding every g_malloc() of
 * ours: it is found here instead, while it is still GLib's table (its
 * first entry NULL, then quark 1's string), in libglib's own writable
 * data, and marked as not a leak. */
static int
find_glib_quarks_cb (struct dl_phdr_info *info,
                     size_t               size,
                     void                *data)
{
  const char *first = g_quark_to_string (1);

  if (info->dlpi_name == NULL || strstr (info->dlpi_name, "libglib-2.0.so") == NULL || first == NULL)
    return 0;
  for (int i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW(Phdr) *phdr = &info->dlpi_phdr[i];
      void **words;

      if (phdr->p_type != PT_LOAD || (phdr->p_flags & PF_W) == 0)
        continue;
      words = (void **) (info->dlpi_addr + phdr->p_vaddr);
      for (gsize w = 0; w < phdr->p_memsz / sizeof (void *); w++)
        {
          char **block = words[w];

          if (block != NULL && __sanitizer_get_ownership (block) &&
              __sanitizer_get_allocated_size (block) == 2048 * sizeof (char *) &&
              block[0] == NULL && block[1] == first)
            {
              __lsan_ignore_object (block);
              return 1;
            }
        }
    }
  return 0;
}
#endif

void
vt_test_lsan_ignore_glib_quarks (void)
{
#if defined(__SANITIZE_ADDRESS__)
  dl_iterate_phdr (find_glib_quarks_cb, NULL);
#endif
}

static gpointer
watchdog_thread (gpointer data)
{
  guint seconds = GPOINTER_TO_UINT (data);
  gint64 end = g_get_monotonic_time () + (gint64) seconds * G_TIME_SPAN_SECOND;
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  const char *argv[] = { "gdb", "-p", pid, "-batch", "-nx", "-ex", "thread apply all bt", NULL };
  g_autofree char *stacks = NULL;
  g_autoptr(GError) error = NULL;
  GMutex mutex;
  GCond cond;

  /* Nothing signals the condition: this is a deadline, woken early only
   * spuriously. */
  g_mutex_init (&mutex);
  g_cond_init (&cond);
  g_mutex_lock (&mutex);
  while (g_cond_wait_until (&cond, &mutex, end))
    ;
  g_mutex_unlock (&mutex);

  g_printerr ("The test is still running after %u s (VT_TEST_WATCHDOG_SECONDS): every thread's stack\n", seconds);
  if (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, &stacks, NULL, NULL, &error))
    g_printerr ("%s\n", stacks);
  else
    g_printerr ("(no stacks: %s)\n", error->message);
  abort ();
  return NULL;
}

void
vt_test_start_watchdog (void)
{
  const char *text = g_getenv ("VT_TEST_WATCHDOG_SECONDS");
  guint64 seconds;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, 3600, &seconds, NULL))
    return;
  g_thread_unref (g_thread_new ("vt-test-watchdog", watchdog_thread, GUINT_TO_POINTER ((guint) seconds)));
}
