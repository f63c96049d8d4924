/* ventanilla-ctl sync and forms pull: passes over the outbox, and the
 * forms of the server. */
#define G_LOG_DOMAIN "vt-ctl"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "vt-ctl.h"
#include "vt-openrosa.h"
#include "vt-store.h"
#include "vt-sync.h"

static void
print_report (const VtSyncReport *report)
{
  /* Translators: a summary line of "ventanilla-ctl sync". */
  g_print (_("sent %u, to retry %u, rejected %u, forms added %u\n"),
           report->sent, report->retried, report->rejected, report->forms_added);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static gboolean
check_args (const char  *name,
            int          argc,
            char       **argv)
{
  if (argc > 1)
    {
      g_printerr (_("ventanilla-ctl %s: unexpected argument “%s”\n"), name, argv[1]);
      return FALSE;
    }
  return TRUE;
}

static void
status_cb (VtSync   *sync,
           gpointer  data)
{
  const char *error = vt_sync_get_last_error (sync);

  /* Translators: a status line of "ventanilla-ctl sync" running in the
   * foreground: the state in words, then how many are queued and sent. */
  g_print (_("%s (queued %u, sent %u, rejected %u)\n"),
           vt_sync_status_describe (vt_sync_get_status (sync)),
           vt_sync_get_count (sync, VT_STORE_STATE_QUEUED),
           vt_sync_get_count (sync, VT_STORE_STATE_SENT),
           vt_sync_get_count (sync, VT_STORE_STATE_REJECTED));
  if (error != NULL && vt_sync_get_status (sync) != VT_SYNC_STATUS_IDLE)
    g_print ("  %s\n", error);
}

static int
run_worker (VtCtl *ctl)
{
  g_autoptr(GError) error = NULL;
  VtConfig *config = vt_ctl_get_config (ctl, &error);
  g_autoptr(VtSync) sync = NULL;
  g_autoptr(GMainLoop) loop = NULL;

  if (config == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }

  sync = vt_sync_new (config);
  if (vt_sync_get_status (sync) == VT_SYNC_STATUS_NOT_CONFIGURED)
    {
      g_printerr ("%s\n", vt_sync_get_last_error (sync));
      return VT_CTL_EXIT_FAILURE;
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, (GSourceFunc) g_main_loop_quit, loop);
  g_unix_signal_add (SIGTERM, (GSourceFunc) g_main_loop_quit, loop);
  g_signal_connect (sync, "pass-finished", G_CALLBACK (status_cb), NULL);
  vt_sync_start (sync);
  g_main_loop_run (loop);
  vt_sync_stop (sync);
  return VT_CTL_EXIT_OK;
}

/* ventanilla-ctl sync [--once | --drain [--timeout S]] */
int
vt_ctl_sync (VtCtl  *ctl,
             int     argc,
             char  **argv)
{
  gboolean once = FALSE, drain = FALSE;
  double timeout = 0;
  const GOptionEntry entries[] = {
    { "once", 0, 0, G_OPTION_ARG_NONE, &once, N_("One pass over what is due now, and a form refresh"), NULL },
    { "drain", 0, 0, G_OPTION_ARG_NONE, &drain, N_("Go on, honouring backoff, until nothing is queued"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &timeout, N_("With --drain: give up after S seconds (exit 1)"), "S" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = NULL;
  g_autoptr(VtSyncRunner) runner = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  VtSyncReport report = { 0 };
  VtConfig *config;
  gboolean ok;

  if (!vt_ctl_parse_options (ctl, "sync", "[--once | --drain [--timeout S]]", entries, &argc, &argv) ||
      !check_args ("sync", argc, argv))
    return VT_CTL_EXIT_USAGE;
  if (once && drain)
    {
      g_printerr (_("ventanilla-ctl sync: choose --once or --drain, not both\n"));
      return VT_CTL_EXIT_USAGE;
    }
  if (timeout != 0 && !drain)
    {
      g_printerr (_("ventanilla-ctl sync: --timeout goes with --drain\n"));
      return VT_CTL_EXIT_USAGE;
    }
  if (timeout < 0)
    {
      g_printerr (_("ventanilla-ctl sync: --timeout needs a number of seconds above 0\n"));
      return VT_CTL_EXIT_USAGE;
    }

  if (!once && !drain)
    return run_worker (ctl);

  store = vt_ctl_open_store (ctl);
  if (store == NULL)
    return VT_CTL_EXIT_FAILURE;
  config = vt_ctl_get_config (ctl, NULL);
  /* Old drafts and the content of old deliveries go first, with or
   * without a server to send to (a failure is logged and changes nothing
   * else). */
  vt_sync_apply_retention (store, config, g_get_real_time (), NULL);
  runner = vt_sync_runner_new (config, store, &error);
  if (runner == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }

  g_unix_signal_add (SIGINT, cancel_cb, cancellable);
  g_unix_signal_add (SIGTERM, cancel_cb, cancellable);

  if (once)
    ok = vt_sync_runner_pass (runner, VT_SYNC_PASS_SUBMISSIONS | VT_SYNC_PASS_FORMS |
                              VT_SYNC_PASS_FORCE, cancellable, &report);
  else
    ok = vt_sync_runner_drain (runner, timeout, cancellable, &report);

  print_report (&report);
  if (!ok)
    {
      /* Refused credentials: the one message that names them. */
      if (report.status != VT_SYNC_STATUS_AUTH_FAILED || report.error == NULL)
        g_printerr ("%s\n", vt_sync_status_describe (report.status));
      if (report.error != NULL)
        g_printerr ("%s\n", report.error);
      if (drain && report.status != VT_SYNC_STATUS_AUTH_FAILED &&
          report.status != VT_SYNC_STATUS_ERROR)
        g_printerr (_("Still queued after %g seconds; they stay on the kiosk and will be sent later\n"),
                    timeout);
    }
  vt_sync_report_clear (&report);
  return ok ? VT_CTL_EXIT_OK : VT_CTL_EXIT_FAILURE;
}

/* ventanilla-ctl forms pull: one line per form of the server's list. */
int
vt_ctl_forms_pull (VtCtl  *ctl,
                   int     argc,
                   char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = NULL;
  g_autoptr(VtOpenRosa) client = NULL;
  g_autoptr(GPtrArray) list = NULL;
  VtConfig *config;
  int status = VT_CTL_EXIT_OK;

  if (!vt_ctl_parse_options (ctl, "forms pull", "", NULL, &argc, &argv) ||
      !check_args ("forms pull", argc, argv))
    return VT_CTL_EXIT_USAGE;

  store = vt_ctl_open_store (ctl);
  if (store == NULL)
    return VT_CTL_EXIT_FAILURE;
  config = vt_ctl_get_config (ctl, NULL);
  client = vt_openrosa_new (config, &error);
  if (client == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }

  list = vt_openrosa_list_forms (client, NULL, &error);
  if (list == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }

  for (guint i = 0; i < list->len; i++)
    {
      VtOpenRosaFormInfo *info = g_ptr_array_index (list, i);
      const char *version = info->version != NULL ? info->version : "";
      g_autoptr(GError) local_error = NULL;
      VtSyncFormResult result;
      guint n_media = 0;
      g_autofree char *previous = NULL;

      if (!vt_sync_store_form (store, client, info, NULL, &result, &n_media, &previous, &local_error))
        {
          g_print ("ERROR %s: %s\n", info->form_id, local_error->message);
          status = VT_CTL_EXIT_FAILURE;
          continue;
        }
      if (result == VT_SYNC_FORM_UNCHANGED)
        g_print ("UNCHANGED %s %s\n", info->form_id, version);
      else if (result == VT_SYNC_FORM_UPDATED)
        g_print ("UPDATED %s %s -> %s %u media\n", info->form_id,
                 previous != NULL && previous[0] != '\0' ? previous : "-", version[0] != '\0' ? version : "-",
                 n_media);
      else
        g_print ("NEW %s %s %u media\n", info->form_id, version, n_media);
    }

  return status;
}
