/* ventanilla-ctl clerk set-pin (a new clerk PIN read from the terminal)
 * and clerk status. */
#define G_LOG_DOMAIN "vt-ctl"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <glib/gi18n.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "vt-clerk.h"
#include "vt-ctl.h"
#include "vt-store.h"

/* Longer than any valid PIN, so an overlong line is seen as such. */
#define PIN_BUFFER 64

/* Reads one line into buf (NUL-terminated, without its newline).  FALSE at
 * end of input, or when the line does not fit. */
static gboolean
read_line (FILE  *in,
           char  *buf,
           gsize  size,
           gboolean *too_long)
{
  gsize len;

  *too_long = FALSE;
  if (fgets (buf, (int) size, in) == NULL)
    return FALSE;
  len = strlen (buf);
  if (len > 0 && buf[len - 1] == '\n')
    buf[--len] = '\0';
  else if (!feof (in))
    {
      int c;

      /* Drop the rest of the line so it is not taken as the next answer. */
      *too_long = TRUE;
      while ((c = fgetc (in)) != EOF && c != '\n')
        ;
    }
  if (len > 0 && buf[len - 1] == '\r')
    buf[--len] = '\0';
  return TRUE;
}

/* The terminal as it was, for a Ctrl+C in the middle of a prompt. */
static struct termios saved_termios;
static volatile sig_atomic_t termios_changed;

static void
restore_terminal_and_die (int signum)
{
  if (termios_changed)
    tcsetattr (STDIN_FILENO, TCSANOW, &saved_termios);
  signal (signum, SIG_DFL);
  raise (signum);
}

/* Asks on the terminal with echo off; the terminal's settings come back
 * even when the answer is empty or the person presses Ctrl+C. */
static gboolean
prompt_hidden (const char *prompt,
               char       *buf,
               gsize       size,
               gboolean   *too_long)
{
  struct termios saved;
  struct termios quiet;
  gboolean have_termios = tcgetattr (STDIN_FILENO, &saved) == 0;
  gboolean ok;

  if (have_termios)
    {
      saved_termios = saved;
      signal (SIGINT, restore_terminal_and_die);
      signal (SIGTERM, restore_terminal_and_die);
      signal (SIGHUP, restore_terminal_and_die);
      signal (SIGQUIT, restore_terminal_and_die);
    }

  /* Echo goes off before the prompt shows, so nothing typed after it is
   * ever echoed; what was typed before it is stale and dropped. */
  if (have_termios)
    {
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      quiet.c_lflag |= ECHONL;
      termios_changed = TRUE;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }

  fputs (prompt, stderr);
  fflush (stderr);

  ok = read_line (stdin, buf, size, too_long);

  if (have_termios)
    {
      tcsetattr (STDIN_FILENO, TCSANOW, &saved);
      termios_changed = FALSE;
    }
  return ok;
}

int
vt_ctl_clerk_set_pin (VtCtl  *ctl,
                      int     argc,
                      char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = NULL;
  char pin[PIN_BUFFER] = { 0 };
  char again[PIN_BUFFER] = { 0 };
  gboolean too_long = FALSE;
  gboolean too_long_again = FALSE;
  int status = VT_CTL_EXIT_FAILURE;

  if (!vt_ctl_parse_options (ctl, "clerk set-pin", "", NULL, &argc, &argv))
    return VT_CTL_EXIT_USAGE;
  if (argc > 1)
    {
      /* A PIN on the command line would sit in the shell's history and in
       * the process list: refuse it rather than use it. */
      g_printerr (_("ventanilla-ctl clerk set-pin: it takes no arguments; the PIN is never given on the "
                    "command line. Run it alone and type the PIN when asked (or pipe it in on standard input).\n"));
      return VT_CTL_EXIT_USAGE;
    }

  if (isatty (STDIN_FILENO))
    {
      /* Translators: the clerk types a new PIN; nothing is shown while typing. */
      if (!prompt_hidden (_("New clerk PIN (4 to 12 digits): "), pin, sizeof pin, &too_long))
        {
          g_printerr (_("No PIN was typed; nothing was changed.\n"));
          goto out;
        }
    }
  else if (!read_line (stdin, pin, sizeof pin, &too_long))
    {
      g_printerr (_("No PIN on standard input; nothing was changed. Give the PIN as one line on standard input, "
                    "or run the command from a terminal.\n"));
      goto out;
    }

  if (too_long || !vt_clerk_pin_is_valid (pin, NULL))
    {
      vt_clerk_pin_is_valid ("", &error);
      g_printerr (_("%s Nothing was changed.\n"), error->message);
      goto out;
    }

  if (isatty (STDIN_FILENO))
    {
      if (!prompt_hidden (_("Type the same PIN again: "), again, sizeof again, &too_long_again))
        {
          g_printerr (_("No PIN was typed; nothing was changed.\n"));
          goto out;
        }
      if (too_long_again || strcmp (pin, again) != 0)
        {
          g_printerr (_("The two PINs differ; nothing was changed. Run the command again.\n"));
          goto out;
        }
    }

  store = vt_ctl_open_store (ctl);
  if (store == NULL)
    goto out;

  if (!vt_clerk_set_pin (store, pin, &error))
    {
      g_printerr ("%s\n", error->message);
      goto out;
    }

  g_print (_("The clerk PIN is set. Only its hash is stored.\n"));
  status = VT_CTL_EXIT_OK;

out:
  sodium_memzero (pin, sizeof pin);
  sodium_memzero (again, sizeof again);
  return status;
}

int
vt_ctl_clerk_status (VtCtl  *ctl,
                     int     argc,
                     char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = NULL;
  gboolean has_pin = FALSE;
  guint failures = 0;
  gint64 locked_until = 0;
  gint64 now = g_get_real_time ();

  if (!vt_ctl_parse_options (ctl, "clerk status", "", NULL, &argc, &argv))
    return VT_CTL_EXIT_USAGE;
  if (argc > 1)
    {
      g_printerr (_("ventanilla-ctl clerk status: unexpected argument “%s”\n"), argv[1]);
      return VT_CTL_EXIT_USAGE;
    }

  store = vt_ctl_open_store (ctl);
  if (store == NULL)
    return VT_CTL_EXIT_FAILURE;

  if (!vt_clerk_has_pin (store, &has_pin, &error)
      || !vt_clerk_get_lockout (store, now, &failures, &locked_until, &error))
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }

  /* Machine-readable words first, for scripts. */
  g_print ("pin %s\n", has_pin ? "set" : "unset");
  g_print ("wrong-attempts %u\n", failures);
  if (locked_until > 0)
    g_print ("locked-for %" G_GINT64_FORMAT "\n", (locked_until - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  else
    g_print ("locked-for 0\n");

  return VT_CTL_EXIT_OK;
}
