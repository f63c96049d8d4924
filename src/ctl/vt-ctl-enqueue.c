/* ventanilla-ctl enqueue: fill a form with ANSWERS.json and queue it,
 * printing its instanceID once it is committed. */
#define G_LOG_DOMAIN "vt-ctl"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vt-ctl.h"
#include "vt-form.h"
#include "vt-session.h"
#include "vt-store.h"
#include "vt-submission.h"

/* The store must know every form version a queued submission refers to;
 * a form queued from a file the kiosk never had is kept, but not offered
 * in the catalogue (inactive). */
static gboolean
remember_form (VtStore  *store,
               VtForm   *form,
               GError  **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(VtStoreForm) known = vt_store_get_form (store, vt_form_get_id (form),
                                                    vt_form_get_version (form), &local);
  g_autofree char *md5 = NULL;
  g_autofree char *title = NULL;
  VtStoreForm entry = { 0 };

  if (known != NULL)
    return TRUE;
  if (!g_error_matches (local, VT_STORE_ERROR, VT_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  md5 = vt_form_dup_md5 (form);
  title = vt_form_dup_title (form, NULL);
  entry.form_id = (char *) vt_form_get_id (form);
  entry.version = (char *) vt_form_get_version (form);
  entry.title = title;
  entry.md5_hash = md5;
  entry.xml = (char *) vt_form_get_xml (form);
  entry.source = (char *) "file";
  entry.active = FALSE;
  return vt_store_add_form (store, &entry, error);
}

/* `enqueue FILE --answers ANSWERS.json`: fills the form as `form fill`
 * does and queues the submission; the instanceID is printed only once the
 * store has committed it, so a script that saw it can rely on it. */
int
vt_ctl_enqueue (VtCtl  *ctl,
                int     argc,
                char  **argv)
{
  g_autofree char *lang = NULL;
  g_autofree char *answers_path = NULL;
  g_autofree char *clerk = NULL;
  g_auto(GStrv) attach = NULL;
  const GOptionEntry entries[] = {
    { "answers", 'a', 0, G_OPTION_ARG_FILENAME, &answers_path,
      N_("apply the answers in ANSWERS.json, a map of instance paths to values"), N_("ANSWERS.json") },
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &lang,
      N_("fill in the form's language L (“Español (es)” or “es”)"), N_("L") },
    { "assisted-by", 0, 0, G_OPTION_ARG_STRING, &clerk,
      N_("the clerk who filled it in on the applicant's behalf"), N_("NAME") },
    { "attach", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &attach,
      N_("the file an answer names NAME is at PATH (by default: beside ANSWERS.json)"), N_("NAME=PATH") },
    { NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(VtSession) session = NULL;
  g_autoptr(VtSubmission) submission = NULL;
  g_autoptr(VtStore) store = NULL;
  g_autofree char *title = NULL;
  g_autofree char *code = NULL;
  VtStoreEnqueueOptions options = { 0 };
  VtForm *form;
  int status;

  if (!vt_ctl_parse_options (ctl, "enqueue", _("FILE"), entries, &argc, &argv))
    return VT_CTL_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr (_("ventanilla-ctl enqueue: name exactly one form file\n"));
      return VT_CTL_EXIT_USAGE;
    }
  if (answers_path == NULL)
    {
      g_printerr (_("ventanilla-ctl enqueue: --answers ANSWERS.json is required\n"));
      return VT_CTL_EXIT_USAGE;
    }

  /* A broken configuration is said before the form is filled. */
  if (vt_ctl_get_config (ctl, &error) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }

  for (guint i = 0; attach != NULL && attach[i] != NULL; i++)
    if (strchr (attach[i], '=') == NULL || attach[i][0] == '=')
      {
        g_printerr (_("ventanilla-ctl enqueue: --attach takes NAME=PATH, as in --attach foto.jpg=/media/usb/foto.jpg\n"));
        return VT_CTL_EXIT_USAGE;
      }

  /* Opened first: the form's deviceid preload is the kiosk's id. */
  store = vt_ctl_open_store (ctl);
  if (store == NULL)
    return VT_CTL_EXIT_FAILURE;

  status = vt_ctl_fill_form (argv[1], lang, answers_path, TRUE, (const char * const *) attach,
                             &session, &submission);
  if (status != VT_CTL_EXIT_OK)
    return status;

  form = vt_session_get_form (session);
  if (!remember_form (store, form, &error))
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }

  title = vt_form_dup_title (form, vt_session_get_language (session));
  options.service_title = title != NULL ? title : vt_form_get_id (form);
  options.language = vt_session_get_language (session);
  options.assisted_by = clerk;
  code = vt_store_enqueue (store, submission, &options, &error);
  if (code == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }

  g_print ("%s\n", submission->instance_id);
  if (ctl->verbose)
    g_printerr (_("reference code %s\n"), code);
  return VT_CTL_EXIT_OK;
}
