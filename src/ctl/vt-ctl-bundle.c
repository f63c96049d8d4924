/* ventanilla-ctl export and import: bundles for field offices. */
#define G_LOG_DOMAIN "vt-ctl"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-bundle.h"
#include "vt-kiosk-key.h"
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
  g_autoptr(VtBundleKeys) keys = NULL;
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

  /* Signed with this kiosk's key, encrypted when [bundle] recipient-key says for whom. */
  keys = vt_bundle_keys_load (config->data_dir, config->bundle_recipient_key, NULL, NULL, &error);
  if (keys != NULL)
    path = vt_bundle_export (store, config->office_name, to, VT_STORE_ACTOR_CLERK, keys, &n, &error);
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
  if (config->bundle_recipient_key != NULL)
    g_printerr (_("The bundle is signed by this kiosk and encrypted: only the municipality's bundle key opens it.\n"));
  else
    g_printerr (_("The bundle is signed by this kiosk but not encrypted ([bundle] recipient-key is not set): "
                  "whoever holds the drive can read it.\n"));
  return VT_CTL_EXIT_OK;
}

int
vt_ctl_import (VtCtl  *ctl,
               int     argc,
               char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = NULL;
  g_autoptr(VtBundleKeys) keys = NULL;
  g_autoptr(VtBundle) bundle = NULL;
  gboolean accept_unsigned = FALSE;
  VtConfig *config;
  guint added = 0;
  guint present = 0;
  const GOptionEntry entries[] = {
    { "accept-unsigned", 0, 0, G_OPTION_ARG_NONE, &accept_unsigned,
      N_("import it even though no kiosk this machine trusts signed it"), NULL },
    { NULL }
  };

  if (!vt_ctl_parse_options (ctl, "import", "BUNDLE [--accept-unsigned]", entries, &argc, &argv))
    return VT_CTL_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr (_("ventanilla-ctl import: name one bundle file, like ventanilla-office-20260101T120000Z.vtbundle\n"));
      return VT_CTL_EXIT_USAGE;
    }

  store = vt_ctl_open_store (ctl);
  if (store == NULL)
    return VT_CTL_EXIT_FAILURE;

  config = vt_ctl_get_config (ctl, NULL);
  /* Importing signs nothing: no kiosk key is needed (or made) for it. */
  keys = vt_bundle_keys_load (NULL, NULL, config->bundle_recipient_secret_key_file,
                              config->bundle_trusted_kiosks, &error);
  /* This kiosk's own exports come back trusted, if it has a key (none is
   * made here). */
  if (keys != NULL)
    {
      g_autoptr(GError) key_error = NULL;
      g_autoptr(VtKioskKey) own = vt_kiosk_key_load_existing (config->data_dir, &key_error);

      if (own != NULL)
        vt_bundle_keys_trust_own (keys, own);
    }
  if (keys == NULL ||
      !vt_bundle_import (store, argv[1], VT_STORE_ACTOR_CLERK, keys,
                         accept_unsigned ? VT_BUNDLE_IMPORT_ACCEPT_UNSIGNED : VT_BUNDLE_IMPORT_DEFAULT,
                         &bundle, &added, &present, &error))
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }

  /* Who made it, before what it added. */
  if (bundle->signer_kiosk != NULL && bundle->sealed)
    g_print (_("Made by the kiosk “%s”: its signature checks out, and it was encrypted for this "
               "machine's key.\n"), bundle->signer_kiosk);
  else if (bundle->signer_kiosk != NULL)
    g_print (_("Made by the kiosk “%s”: its signature checks out.\n"), bundle->signer_kiosk);
  else if (bundle->signer_key != NULL)
    g_print (_("Signed by a kiosk this machine does not trust (key %s): imported because you accepted it.\n"),
             bundle->signer_key);
  else
    g_print (_("Not signed: imported because you accepted it.\n"));

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

int
vt_ctl_bundle_public_key (VtCtl  *ctl,
                          int     argc,
                          char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtKioskKey) key = NULL;
  g_autofree char *text = NULL;
  VtConfig *config;

  if (!vt_ctl_parse_options (ctl, "bundle public-key", "", NULL, &argc, &argv))
    return VT_CTL_EXIT_USAGE;
  config = vt_ctl_get_config (ctl, &error);
  if (config == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }
  key = vt_kiosk_key_load (config->data_dir, &error);
  if (key == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }
  /* The line another machine's [bundle] trusted-kiosks file takes. */
  text = vt_kiosk_key_dup_public_text (key);
  g_print ("%s %s\n", config->office_name != NULL ? config->office_name : g_get_host_name (), text);
  return VT_CTL_EXIT_OK;
}

int
vt_ctl_bundle_new_recipient_key (VtCtl  *ctl,
                                 int     argc,
                                 char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *public_key = NULL;

  if (!vt_ctl_parse_options (ctl, "bundle new-recipient-key", "FILE", NULL, &argc, &argv))
    return VT_CTL_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr (_("ventanilla-ctl bundle new-recipient-key: name the file for the new secret key, "
                    "like /etc/ventanilla/bundle.key\n"));
      return VT_CTL_EXIT_USAGE;
    }
  public_key = vt_bundle_keys_make_recipient (argv[1], &error);
  if (public_key == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }
  g_print ("%s\n", public_key);
  g_printerr (_("The secret key is in %s: keep it on the machines that import bundles ([bundle] "
                "recipient-secret-key-file) and nowhere else. Put the key above in every kiosk's "
                "[bundle] recipient-key.\n"), argv[1]);
  return VT_CTL_EXIT_OK;
}
