/* ventanilla-ctl config show: the configuration in effect; config
 * import-collect: the server from ODK Central's App User QR code. */
#define G_LOG_DOMAIN "vt-ctl"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vt-collect-settings.h"
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
  g_print ("url=%s\nusername=%s\npassword-file=%s\nca-file=%s\npinned-public-key=%s\nallow-http=%s\n"
           "project-name=%s\n\n",
           or_none (url), or_none (config->username),
           or_none (config->password_file), or_none (config->ca_file),
           or_none (config->pinned_public_key), config->allow_http ? "true" : "false",
           or_none (config->project_name));
  g_print ("[sync]\nretry-min-seconds=%g\nretry-max-seconds=%g\ninterval-seconds=%g\n"
           "connect-timeout-seconds=%g\nstall-timeout-seconds=%g\nrequest-timeout-seconds=%g\n"
           "parallel=%d\nretention-days=%d\n\n",
           config->retry_min_seconds, config->retry_max_seconds, config->interval_seconds,
           config->connect_timeout_seconds, config->stall_timeout_seconds,
           config->request_timeout_seconds, config->parallel, config->retention_days);
  location = config->has_location ? vt_geo_point_format (&config->location) : NULL;
  g_print ("[kiosk]\nname=%s\nstatus-hours=%g\nlanguages=%s\nidle-seconds=%d\ncountdown-seconds=%d\n"
           "receipt-seconds=%d\noffice-name=%s\ndata-dir=%s\non-screen-keyboard=%s\nlocation=%s\nmap-tiles=%s\n\n",
           or_none (config->kiosk_name), config->status_hours, languages, config->idle_seconds,
           config->countdown_seconds, config->receipt_seconds, or_none (config->office_name), config->data_dir,
           vt_config_keyboard_mode_name (config->on_screen_keyboard), or_none (location),
           or_none (config->map_tiles));
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

/* Where import-collect writes: the file --config names (made if missing),
 * else the file the configuration was read from, else the user's own. */
static char *
target_path (VtCtl *ctl)
{
  char *found;

  if (ctl->config_path != NULL)
    return g_strdup (ctl->config_path);
  found = vt_config_find_file (NULL);
  if (found != NULL)
    return found;
  return g_build_filename (g_get_user_config_dir (), "ventanilla", "ventanilla.conf", NULL);
}

/* The settings in the code given as text or in a picture (a screenshot
 * of Central's page may hold other codes: the first that is Collect's). */
static VtCollectSettings *
read_settings (const char  *argument,
               gboolean     allow_http,
               GError     **error)
{
  g_autoptr(GPtrArray) codes = vt_ctl_read_codes (argument, error);
  g_autoptr(GError) first_error = NULL;

  if (codes == NULL)
    return NULL;
  for (guint i = 0; i < codes->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      VtCollectSettings *settings = vt_collect_settings_parse (g_ptr_array_index (codes, i), allow_http,
                                                              &local_error);

      if (settings != NULL)
        return settings;
      if (first_error == NULL)
        first_error = g_steal_pointer (&local_error);
    }
  g_propagate_error (error, g_steal_pointer (&first_error));
  return NULL;
}

/* `config import-collect PAYLOAD|FILE.png`: the kiosk set up from the QR
 * code ODK Central shows for an App User (vt-collect-settings.h): its
 * server address (with the app user's token, which is never printed) and
 * project name go into the configuration file; everything else in the
 * file, comments included, stays as it was. */
int
vt_ctl_config_import_collect (VtCtl  *ctl,
                              int     argc,
                              char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *removed_username = NULL;
  g_autoptr(VtCollectSettings) settings = NULL;
  gboolean allow_http = FALSE;

  if (!vt_ctl_parse_options (ctl, "config import-collect", "PAYLOAD|FILE.png", NULL, &argc, &argv))
    return VT_CTL_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr (_("ventanilla-ctl config import-collect: give the App User's QR code: its text, or a picture of it "
                    "(ventanilla-ctl config import-collect code.png)\n"));
      return VT_CTL_EXIT_USAGE;
    }

  path = target_path (ctl);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      VtConfig *config = vt_ctl_get_config (ctl, &error);

      /* A file the kiosk would refuse is mended by hand first. */
      if (config == NULL)
        {
          g_printerr ("%s\n", error->message);
          return VT_CTL_EXIT_FAILURE;
        }
      allow_http = config->allow_http;
    }

  settings = read_settings (argv[1], allow_http, &error);
  if (settings == NULL || !vt_collect_settings_write_config (settings, path, &removed_username, &error))
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }
  if (removed_username != NULL)
    g_print (_("[server] username %s removed: an ODK Central app user signs in with the token in the address\n"),
             removed_username);

  shown = vt_openrosa_redact_url (settings->server_url);
  if (settings->project_name != NULL)
    /* Translators: "Set up for https://…/v1/key/…/projects/3 (project “Canelones”); written to /etc/…". */
    g_print (_("Set up for %s (project “%s”); written to %s\n"), shown, settings->project_name, path);
  else
    g_print (_("Set up for %s; written to %s\n"), shown, path);
  g_print (_("The kiosk uses it from its next start.\n"));
  return VT_CTL_EXIT_OK;
}
