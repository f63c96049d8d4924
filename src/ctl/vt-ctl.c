/* ventanilla-ctl's table of commands, its global options (--config,
 * --data-dir) and the dispatch to each command. */
#define G_LOG_DOMAIN "vt-ctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "vt-ctl.h"
#include "vt-barcode.h"
#include "vt-i18n.h"
#include "vt-kiosk-identity.h"
#include "vt-mbtiles.h"

/* Scripts outside the project rely on these names (DESIGN.md, the
 * command-line contract): add to this table, never rename. */
static const VtCtlCommand commands[] = {
  { "config show", "",
    N_("print the configuration in effect and where it came from"), vt_ctl_config_show },
  { "config import-collect", "PAYLOAD|FILE.png",
    N_("set up the server from ODK Central's App User QR code (its text or a picture)"),
    vt_ctl_config_import_collect },
  { "form check", "FILE…",
    N_("load each form and report OK or what is wrong with it"), vt_ctl_form_check },
  { "form fill", "FILE [--lang L] [--answers ANSWERS.json]",
    N_("fill a form without a screen and print the submission XML"), vt_ctl_form_fill },
  { "xpath", "EXPR [--instance FILE.xml] [--context PATH]",
    N_("evaluate an XPath expression and print its string value"), vt_ctl_xpath },
  { "id-check-xpath", "SCHEME PATH",
    N_("print vt:id-valid(PATH, SCHEME) as plain ODK XPath, for any ODK client"), vt_ctl_id_check_xpath },
  { "enqueue", "FILE --answers ANSWERS.json",
    N_("fill a form and queue it; prints its instanceID once stored"), vt_ctl_enqueue },
  { "queue", "[--json] [--list]",
    N_("counts of submissions per state; --list one line per submission"), vt_ctl_queue },
  { "forms pull", "",
    N_("fetch the server's form list and any new or changed forms"), vt_ctl_forms_pull },
  { "sync", "[--once | --drain [--timeout S]]",
    N_("send queued applications: one pass, until drained, or (no option) keep running"), vt_ctl_sync },
  { "export", "--to DIR",
    N_("write one bundle file of every unsent submission into DIR"), vt_ctl_export },
  { "import", "BUNDLE [--accept-unsigned]",
    N_("verify a bundle whole, then queue its submissions (idempotent)"), vt_ctl_import },
  { "speak", "FORM [--lang L] [--question PATH] [--slow] --wav FILE",
    N_("write to a WAV file what the Listen button says for a question"), vt_ctl_speak },
  { "bundle public-key", "",
    N_("print this kiosk's line for other machines' [bundle] trusted-kiosks"), vt_ctl_bundle_public_key },
  { "bundle new-recipient-key", "FILE",
    N_("make a municipality's bundle key pair: the secret into FILE, the public key printed"),
    vt_ctl_bundle_new_recipient_key },
  { "clerk set-pin", "",
    N_("read a new clerk PIN from the terminal and store its hash"), vt_ctl_clerk_set_pin },
  { "clerk status", "",
    N_("whether a clerk PIN is set, and any lockout after wrong PINs"), vt_ctl_clerk_status },
  { "receipt show", "INSTANCEID|REFERENCE [--png FILE]",
    N_("print a receipt's signed QR payload (and write the QR code as a PNG)"), vt_ctl_receipt_show },
  { "receipt verify", "PAYLOAD|IMAGE.png [--keys FILE]",
    N_("check a receipt's signature offline: who issued it and when, or why not"), vt_ctl_receipt_verify },
  { "receipt public-key", "",
    N_("print this kiosk's id and public key, the line --keys files take"), vt_ctl_receipt_public_key },
  { "receipt check", "PAYLOAD|IMAGE.png|REFERENCE [--lang L]",
    N_("what “Check an application” on the kiosk would say"), vt_ctl_receipt_check },
  { "dropoffs", "[--json]",
    N_("per form and page, how many sessions were abandoned there"), vt_ctl_dropoffs },
  { "feedback-form", "",
    N_("print the feedback form (“How easy was this?”) to publish on the server"), vt_ctl_feedback_form },
  { "status", "[--json]",
    N_("this kiosk's id, name and health report (what it sends to the server)"), vt_ctl_status },
  { "status-form", "",
    N_("print the kiosk status form to publish on the server (docs/FLEET.md)"), vt_ctl_status_form },
};

static void
print_usage (FILE *out)
{
  g_autoptr(GString) text = g_string_new (NULL);
  glong width = 0;

  /* Columns are counted in characters: “FILE…” is one byte longer than wide. */
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    width = MAX (width, g_utf8_strlen (commands[i].name, -1) + 1 + g_utf8_strlen (commands[i].arguments, -1));

  g_string_append_printf (text, _("Usage: %s [--config FILE] [--data-dir DIR] [--verbose] COMMAND …\n\n"),
                          "ventanilla-ctl");
  g_string_append (text, _("Commands:\n"));
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *left = g_strdup_printf ("%s %s", commands[i].name, commands[i].arguments);

      g_strchomp (left);
      g_string_append_printf (text, "  %s%*s  %s\n", left, (int) (width - g_utf8_strlen (left, -1)), "",
                              _(commands[i].summary));
    }
  g_string_append (text, _("\nOptions:\n"
                           "  -c, --config FILE    read the configuration from FILE\n"
                           "  -d, --data-dir DIR   keep the database in DIR\n"
                           "  -v, --verbose        print debugging messages\n"
                           "  -h, --help           show this help\n"
                           "      --version        print the version\n\n"
                           "Run “ventanilla-ctl COMMAND --help” for a command's options.\n"));
  fputs (text->str, out);
}

static const VtCtlCommand *
find_command (int    argc,
              char **argv,
              int   *n_words)
{
  /* Two-word commands ("form check") first, so "form" alone is no match. */
  for (int words = 2; words >= 1; words--)
    {
      g_autofree char *name = NULL;

      if (argc < words)
        continue;
      name = words == 2 ? g_strdup_printf ("%s %s", argv[0], argv[1]) : g_strdup (argv[0]);
      for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
        if (g_str_equal (commands[i].name, name))
          {
            *n_words = words;
            return &commands[i];
          }
    }

  return NULL;
}

GPtrArray *
vt_ctl_read_codes (const char  *argument,
                   GError     **error)
{
  g_autoptr(GPtrArray) codes = NULL;
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  if (!g_file_test (argument, G_FILE_TEST_IS_REGULAR))
    {
      g_ptr_array_add (texts, g_strdup (argument));
      return texts;
    }
  codes = vt_barcode_read_file (argument, error);
  if (codes == NULL)
    {
      g_ptr_array_unref (texts);
      return NULL;
    }
  for (guint i = 0; i < codes->len; i++)
    g_ptr_array_add (texts, g_strdup (((VtBarcode *) g_ptr_array_index (codes, i))->text));
  return texts;
}

char *
vt_ctl_format_time (gint64 usec)
{
  g_autoptr(GDateTime) time = NULL;

  if (usec <= 0)
    return NULL;
  time = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  return time != NULL ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

VtConfig *
vt_ctl_get_config (VtCtl   *ctl,
                   GError **error)
{
  if (ctl->config == NULL)
    {
      ctl->config = vt_config_load (ctl->config_path, ctl->data_dir, error);
      if (ctl->config == NULL)
        return NULL;
      /* form fill answers odk:setgeopoint as the kiosk would. */
      vt_geo_set_kiosk_location (ctl->config->has_location ? &ctl->config->location : NULL);
      /* form check says what the kiosk draws with this map (or without). */
      vt_mbtiles_set_kiosk_file (ctl->config->map_tiles);

      for (guint i = 0; i < ctl->config->warnings->len; i++)
        g_printerr (_("warning: %s\n"), (const char *) g_ptr_array_index (ctl->config->warnings, i));
    }

  return ctl->config;
}

/* Opens the store in the configured data directory; on failure prints
 * why (a broken configuration, a full disk, a newer database…) and
 * returns NULL, so a command only has to exit with VT_CTL_EXIT_FAILURE. */
VtStore *
vt_ctl_open_store (VtCtl *ctl)
{
  g_autoptr(GError) error = NULL;
  VtConfig *config = vt_ctl_get_config (ctl, &error);
  VtStore *store;

  if (config == NULL)
    {
      g_printerr ("%s\n", error->message);
      return NULL;
    }
  store = vt_store_open (config->data_dir, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return NULL;
    }
  /* What this command fills (enqueue) carries the kiosk's id. */
  {
    g_autofree char *kiosk_id = vt_kiosk_identity_get (store, &error);

    if (kiosk_id != NULL)
      vt_kiosk_identity_set_current (kiosk_id);
    else
      g_debug ("No kiosk id: %s", error->message);
  }
  return store;
}

/* Parses a command's own options; leaves the positional arguments in
 * argc/argv (argv[0] is the command's name).  On a usage error it prints
 * what is wrong and returns FALSE. */
gboolean
vt_ctl_parse_options (VtCtl               *ctl,
                      const char          *name,
                      const char          *arguments,
                      const GOptionEntry  *entries,
                      int                 *argc,
                      char              ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (arguments);
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("ventanilla-ctl %s", name);

  g_set_prgname (prgname);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, vt_i18n_get_domain ());
  g_option_context_set_translation_domain (context, vt_i18n_get_domain ());

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("ventanilla-ctl %s: %s\n", name, error->message);
      g_printerr (_("Run “ventanilla-ctl %s --help” for its options.\n"), name);
      return FALSE;
    }

  return TRUE;
}

int
vt_ctl_main (int    argc,
             char **argv)
{
  VtCtl ctl = { 0 };
  const VtCtlCommand *command;
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  int n_words = 0;
  int status;
  int i;

  g_set_prgname ("ventanilla-ctl");

  /* Global options stand before the command; the command's own after it. */
  for (i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const char *value = NULL;
      char **target = NULL;

      if (g_str_equal (arg, "-h") || g_str_equal (arg, "--help") || g_str_equal (arg, "help"))
        {
          print_usage (stdout);
          return VT_CTL_EXIT_OK;
        }
      if (g_str_equal (arg, "--version"))
        {
          g_print ("ventanilla-ctl %s\n", PACKAGE_VERSION);
          return VT_CTL_EXIT_OK;
        }
      if (g_str_equal (arg, "-v") || g_str_equal (arg, "--verbose"))
        {
          ctl.verbose = TRUE;
          continue;
        }

      if (g_str_equal (arg, "-c") || g_str_equal (arg, "--config"))
        target = &ctl.config_path;
      else if (g_str_equal (arg, "-d") || g_str_equal (arg, "--data-dir"))
        target = &ctl.data_dir;
      else if (g_str_has_prefix (arg, "--config="))
        target = &ctl.config_path, value = arg + strlen ("--config=");
      else if (g_str_has_prefix (arg, "--data-dir="))
        target = &ctl.data_dir, value = arg + strlen ("--data-dir=");
      else if (arg[0] == '-')
        {
          g_printerr (_("ventanilla-ctl: unknown option %s\n"), arg);
          g_printerr (_("Run “ventanilla-ctl --help” for the commands and options.\n"));
          return VT_CTL_EXIT_USAGE;
        }
      else
        break;

      if (value == NULL)
        {
          if (i + 1 >= argc)
            {
              g_printerr (_("ventanilla-ctl: %s needs a value\n"), arg);
              return VT_CTL_EXIT_USAGE;
            }
          value = argv[++i];
        }
      g_free (*target);
      *target = g_strdup (value);
    }

  if (i >= argc)
    {
      print_usage (stderr);
      return VT_CTL_EXIT_USAGE;
    }

  command = find_command (argc - i, argv + i, &n_words);
  if (command == NULL)
    {
      g_printerr (_("ventanilla-ctl: unknown command “%s”\n"), argv[i]);
      g_printerr (_("Run “ventanilla-ctl --help” for the commands and options.\n"));
      return VT_CTL_EXIT_USAGE;
    }

  if (ctl.verbose)
    g_log_set_debug_enabled (TRUE);

  /* The command sees its name as one word in argv[0], then its arguments. */
  g_ptr_array_add (rest, (gpointer) command->name);
  for (int j = i + n_words; j < argc; j++)
    g_ptr_array_add (rest, argv[j]);
  g_ptr_array_add (rest, NULL);

  status = command->func (&ctl, (int) rest->len - 1, (char **) rest->pdata);

  g_clear_pointer (&ctl.config, vt_config_free);
  g_free (ctl.config_path);
  g_free (ctl.data_dir);

  return status;
}
