/* ventanilla-ctl config show: the configuration in effect. */
#define G_LOG_DOMAIN "vt-ctl"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-ctl.h"
#include "vt-openrosa.h"

static const char *
or_none (const char *value)
{
  return value != NULL ? value : "";
}

/* Prints the settings in effect as a key file a person can read and copy;
 * never the password itself, only where it is kept. */
int
vt_ctl_config_show (VtCtl  *ctl,
                    int     argc,
                    char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *languages = NULL;
  g_autofree char *voices = NULL;
  g_autofree char *url = NULL;
  g_autofree char *location = NULL;
  VtConfig *config;

  if (!vt_ctl_parse_options (ctl, "config show", "", NULL, &argc, &argv))
    return VT_CTL_EXIT_USAGE;
  if (argc > 1)
    {
      g_printerr (_("ventanilla-ctl config show: unexpected argument “%s”\n"), argv[1]);
      return VT_CTL_EXIT_USAGE;
    }

  config = vt_ctl_get_config (ctl, &error);
  if (config == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }

  languages = g_strjoinv (";", config->languages);
  /* An ODK Central address holds the app user's token: as good as a
   * password, so it is not printed. */
  url = config->server_url != NULL ? vt_openrosa_redact_url (config->server_url) : NULL;

  g_print ("# %s: %s\n", _("configuration file"),
           config->path != NULL ? config->path : _("none, defaults in use"));
  g_print ("# %s: %s\n\n", _("data directory"), config->data_dir);
  g_print ("[server]\n");
  if (url != NULL && !g_str_equal (url, config->server_url))
    g_print ("# %s\n", _("the token in the server address is hidden (…); it is in the configuration file"));
  g_print ("url=%s\nusername=%s\npassword-file=%s\nca-file=%s\npinned-public-key=%s\nallow-http=%s\n\n",
           or_none (url), or_none (config->username),
           or_none (config->password_file), or_none (config->ca_file),
           or_none (config->pinned_public_key), config->allow_http ? "true" : "false");
  g_print ("[sync]\nretry-min-seconds=%g\nretry-max-seconds=%g\ninterval-seconds=%g\n"
           "connect-timeout-seconds=%g\nstall-timeout-seconds=%g\nrequest-timeout-seconds=%g\n"
           "parallel=%d\nretention-days=%d\n\n",
           config->retry_min_seconds, config->retry_max_seconds, config->interval_seconds,
           config->connect_timeout_seconds, config->stall_timeout_seconds,
           config->request_timeout_seconds, config->parallel, config->retention_days);
  location = config->has_location ? vt_geo_point_format (&config->location) : NULL;
  g_print ("[kiosk]\nlanguages=%s\nidle-seconds=%d\ncountdown-seconds=%d\nreceipt-seconds=%d\n"
           "office-name=%s\ndata-dir=%s\non-screen-keyboard=%s\nlocation=%s\n\n",
           languages, config->idle_seconds, config->countdown_seconds, config->receipt_seconds,
           or_none (config->office_name), config->data_dir,
           vt_config_keyboard_mode_name (config->on_screen_keyboard), or_none (location));
  g_print ("[clerk]\nidle-seconds=%d\ndraft-days=%d\n\n",
           config->clerk_idle_seconds, config->draft_days);
  voices = g_strjoinv (";", config->speech_voices);
  g_print ("[speech]\nenabled=%s\nvolume=%d\nrate=%d\nslow-rate=%d\nvoices=%s\n\n",
           config->speech_enabled ? "true" : "false", config->speech_volume,
           config->speech_rate, config->speech_slow_rate, voices);
  g_print ("[devices]\ncamera=%s\nmicrophone=%s\nspeaker=%s\nscanner=%s\n"
           "scanner-timeout-seconds=%g\nremovable-directory=%s\nmax-recording-seconds=%d\n",
           or_none (config->camera), or_none (config->microphone), or_none (config->speaker),
           or_none (config->scanner), config->scanner_timeout_seconds,
           or_none (config->removable_directory), config->max_recording_seconds);
  g_print ("\n[bundle]\nrecipient-key=%s\nrecipient-secret-key-file=%s\ntrusted-kiosks=%s\n",
           or_none (config->bundle_recipient_key), or_none (config->bundle_recipient_secret_key_file),
           or_none (config->bundle_trusted_kiosks));
  g_print ("\n[receipts]\ntrusted-kiosks=%s\nstatus-list=%s\n\n",
           or_none (config->trusted_kiosks), or_none (config->status_list));
  g_print ("[feedback]\nask=%s\ndelay-seconds=%d\n",
           config->feedback_ask ? "true" : "false", config->feedback_delay_seconds);

  return VT_CTL_EXIT_OK;
}
