/* ventanilla-ctl export and import: bundles for field offices. */
#define G_LOG_DOMAIN "vt-ctl"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-bundle.h"
#include "vt-ctl.h"
#include "vt-store.h"

int
vt_ctl_export (VtCtl  *ctl,
               int     argc,
               char  **argv)
{
  g_autofree char *to = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = NULL;
  g_autofree char *path = NULL;
  VtConfig *config = NULL;
  guint n = 0;
  const GOptionEntry entries[] = {
    { "to", 't', 0, G_OPTION_ARG_FILENAME, &to, N_("write the bundle into DIR (a USB drive's folder)"), N_("DIR") },
    { NULL }
  };

  if (!vt_ctl_parse_options (ctl, "export", "--to DIR", entries, &argc, &argv))
    return VT_CTL_EXIT_USAGE;
  if (argc > 1)
    {
      g_printerr (_("ventanilla-ctl export: unexpected argument “%s”\n"), argv[1]);
      return VT_CTL_EXIT_USAGE;
    }
  if (to == NULL)
    {
      g_printerr (_("ventanilla-ctl export: say where to write the bundle with --to DIR\n"));
      return VT_CTL_EXIT_USAGE;
    }

  store = vt_ctl_open_store (ctl);
  if (store == NULL)
    return VT_CTL_EXIT_FAILURE;
  config = vt_ctl_get_config (ctl, NULL);

  path = vt_bundle_export (store, config->office_name, to, VT_STORE_ACTOR_CLERK, &n, &error);
  if (path == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }

  g_print ("%s\n", path);
  if (n == 0)
    g_printerr (_("The queue has no unsent applications: the bundle is empty.\n"));
  else
    g_printerr (ngettext ("%u unsent application written; it stays in this kiosk's queue.\n",
                          "%u unsent applications written; they stay in this kiosk's queue.\n", n), n);
  return VT_CTL_EXIT_OK;
}

int
vt_ctl_import (VtCtl  *ctl,
               int     argc,
               char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = NULL;
  guint added = 0;
  guint present = 0;

  if (!vt_ctl_parse_options (ctl, "import", "BUNDLE", NULL, &argc, &argv))
    return VT_CTL_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr (_("ventanilla-ctl import: name one bundle file, like ventanilla-office-20260101T120000Z.vtbundle\n"));
      return VT_CTL_EXIT_USAGE;
    }

  store = vt_ctl_open_store (ctl);
  if (store == NULL)
    return VT_CTL_EXIT_FAILURE;

  if (!vt_bundle_import (store, argv[1], VT_STORE_ACTOR_CLERK, &added, &present, &error))
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }

  if (added == 0 && present > 0)
    g_print (ngettext ("Nothing added: the %u application in this bundle is already in the queue "
                       "(was this bundle imported before?).\n",
                       "Nothing added: all %u applications in this bundle are already in the queue "
                       "(was this bundle imported before?).\n", present), present);
  else if (added == 0)
    g_print (_("Nothing added: the bundle holds no applications.\n"));
  else
    {
      g_print (ngettext ("Added %u application to the queue.\n",
                         "Added %u applications to the queue.\n", added), added);
      if (present > 0)
        g_print (ngettext ("%u was already in the queue and was left as it was.\n",
                           "%u were already in the queue and were left as they were.\n", present),
                 present);
    }
  return VT_CTL_EXIT_OK;
}
