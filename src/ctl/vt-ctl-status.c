/* `status [--json]`: the kiosk's health report as it stands (the fields of
 * the report the kiosk sends, docs/FLEET.md); `status-form`: the report's
 * XForm, for IT to publish once on the server. */
#define G_LOG_DOMAIN "vt-ctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "vt-ctl.h"
#include "vt-kiosk-status.h"

int
vt_ctl_status (VtCtl  *ctl,
               int     argc,
               char  **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("print the report as one JSON object"), NULL },
    { NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = NULL;
  g_autoptr(VtKioskStatus) status = NULL;
  GPtrArray *fields;

  if (!vt_ctl_parse_options (ctl, "status", "", entries, &argc, &argv))
    return VT_CTL_EXIT_USAGE;
  if (argc != 1)
    {
      g_printerr (_("ventanilla-ctl status: unexpected argument “%s”\n"), argv[1]);
      return VT_CTL_EXIT_USAGE;
    }
  store = vt_ctl_open_store (ctl);
  if (store == NULL)
    return VT_CTL_EXIT_FAILURE;
  status = vt_kiosk_status_collect (store, vt_ctl_get_config (ctl, NULL), g_get_real_time (), &error);
  if (status == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }

  if (json)
    {
      g_autofree char *text = vt_kiosk_status_to_json (status);

      g_print ("%s\n", text);
      return VT_CTL_EXIT_OK;
    }
  fields = vt_kiosk_status_get_fields (status);
  for (guint i = 0; i < fields->len; i++)
    {
      VtKioskStatusField *field = g_ptr_array_index (fields, i);

      g_print ("%s: %s\n", field->name, field->value);
    }
  /* Translators: after the report's lines in "ventanilla-ctl status";
   * queued … oldest_waiting are the names of those lines: keep them. */
  g_print ("# %s\n", _("queued, sending, sent, rejected, discarded and oldest_waiting count the citizens' "
                        "applications only, not this kiosk's own reports and feedback; "
                        "“ventanilla-ctl queue” counts every submission."));
  return VT_CTL_EXIT_OK;
}

int
vt_ctl_status_form (VtCtl  *ctl,
                    int     argc,
                    char  **argv)
{
  g_autoptr(GBytes) xml = NULL;
  gsize length;
  const char *data;

  if (!vt_ctl_parse_options (ctl, "status-form", "", NULL, &argc, &argv))
    return VT_CTL_EXIT_USAGE;
  if (argc != 1)
    {
      g_printerr (_("ventanilla-ctl status-form: unexpected argument “%s”\n"), argv[1]);
      return VT_CTL_EXIT_USAGE;
    }
  xml = vt_kiosk_status_get_form_xml ();
  data = g_bytes_get_data (xml, &length);
  fwrite (data, 1, length, stdout);
  return VT_CTL_EXIT_OK;
}
