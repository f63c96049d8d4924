/* ventanilla-print: hands one PDF, read from standard input, to CUPS.
 *
 * The kiosk never prints in its own process: GTK's CUPS backend has been
 * seen to spin at 100 % CPU on the main thread with Debian 12's libcups
 * (and to crash inside libgtk-4 with the one before).  The kiosk starts
 * this program with a deadline, writes the receipt's PDF to its standard
 * input (so nothing of the citizen's touches the disk on the kiosk's
 * side), and kills it when the deadline passes; whatever libcups does in
 * here, the kiosk keeps drawing.
 *
 *   ventanilla-print [--printer NAME] [--title TITLE] < receipt.pdf
 *
 * Exit status 0 once CUPS has accepted the job (its number on standard
 * output), 1 when it could not (a message on standard error that names no
 * content of the document). */
#include "config.h"

#include <cups/cups.h>
#include <errno.h>
#include <gio/gio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* A receipt is a few tens of kB; anything far larger is not one. */
#define MAX_DOCUMENT_BYTES (16 * 1024 * 1024)

static GByteArray *
read_stdin (GError **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guint8 buffer[16384];

  for (;;)
    {
      ssize_t n = read (STDIN_FILENO, buffer, sizeof buffer);

      if (n == 0)
        break;
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                       "Cannot read the document: %s", g_strerror (errno));
          return NULL;
        }
      g_byte_array_append (data, buffer, (guint) n);
      if (data->len > MAX_DOCUMENT_BYTES)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                       "The document is larger than %d bytes", MAX_DOCUMENT_BYTES);
          return NULL;
        }
    }
  if (data->len < 5 || memcmp (data->data, "%PDF-", 5) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "Standard input holds no PDF document");
      return NULL;
    }
  return g_steal_pointer (&data);
}

static gboolean
print_document (const char  *printer,
                const char  *title,
                GByteArray  *document,
                int         *job_id,
                GError     **error)
{
  cups_dest_t *dest = cupsGetNamedDest (CUPS_HTTP_DEFAULT, printer, NULL);
  const char *state;
  gboolean ok = FALSE;

  if (dest == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   printer != NULL ? "CUPS has no printer named %s (%s)"
                                   : "CUPS has no default printer%s (%s)",
                   printer != NULL ? printer : "", cupsLastErrorString ());
      return FALSE;
    }
  /* A stopped queue takes jobs and prints none: the citizen would wait
   * for a receipt that never comes. */
  state = cupsGetOption ("printer-state", dest->num_options, dest->options);
  if (g_strcmp0 (state, "5") == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The printer %s is stopped", dest->name);
      goto out;
    }

  *job_id = cupsCreateJob (CUPS_HTTP_DEFAULT, dest->name, title,
                           dest->num_options, dest->options);
  if (*job_id == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "CUPS refused the job for %s: %s", dest->name, cupsLastErrorString ());
      goto out;
    }
  if (cupsStartDocument (CUPS_HTTP_DEFAULT, dest->name, *job_id, title,
                         CUPS_FORMAT_PDF, 1) != HTTP_STATUS_CONTINUE ||
      cupsWriteRequestData (CUPS_HTTP_DEFAULT, (const char *) document->data,
                            document->len) != HTTP_STATUS_CONTINUE ||
      cupsFinishDocument (CUPS_HTTP_DEFAULT, dest->name) > IPP_STATUS_OK_EVENTS_COMPLETE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "CUPS did not take the document for %s: %s", dest->name,
                   cupsLastErrorString ());
      goto out;
    }
  ok = TRUE;

out:
  cupsFreeDests (1, dest);
  return ok;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *printer = NULL;
  g_autofree char *title = NULL;
  const GOptionEntry entries[] = {
    { "printer", 'p', 0, G_OPTION_ARG_STRING, &printer, "The CUPS queue (default: CUPS's default)", "NAME" },
    { "title", 't', 0, G_OPTION_ARG_STRING, &title, "The job's name in the queue", "TITLE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("< DOCUMENT.pdf");
  g_autoptr(GByteArray) document = NULL;
  g_autoptr(GError) error = NULL;
  int job_id = 0;

  setlocale (LC_ALL, "");
  g_option_context_set_summary (context, "Prints a PDF read from standard input through CUPS.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("ventanilla-print: %s\n", error->message);
      return 2;
    }
  if (printer != NULL && printer[0] == '\0')
    g_clear_pointer (&printer, g_free);

  document = read_stdin (&error);
  if (document == NULL ||
      !print_document (printer, title != NULL ? title : "receipt", document, &job_id, &error))
    {
      g_printerr ("ventanilla-print: %s\n", error->message);
      return 1;
    }
  g_print ("%d\n", job_id);
  return 0;
}
