/* ventanilla-ctl form check and form fill, and the headless filling
 * that enqueue shares. */
#define G_LOG_DOMAIN "vt-ctl"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vt-appearance.h"
#include "vt-ctl.h"
#include "vt-form.h"
#include "vt-media-type.h"
#include "vt-session.h"
#include "vt-submission.h"

#define MAX_ANSWERS_BYTES (16 * 1024 * 1024)

/* Loads each file as the kiosk would, and starts a session on it so that
 * the first page is computed too: a form that passes here opens on a kiosk. */
int
vt_ctl_form_check (VtCtl  *ctl,
                   int     argc,
                   char  **argv)
{
  int status = VT_CTL_EXIT_OK;

  if (!vt_ctl_parse_options (ctl, "form check", _("FILE…"), NULL, &argc, &argv))
    return VT_CTL_EXIT_USAGE;
  if (argc < 2)
    {
      g_printerr (_("ventanilla-ctl form check: name at least one form file\n"));
      return VT_CTL_EXIT_USAGE;
    }
  /* The kiosk's map decides how location questions are drawn; a broken
   * or missing configuration leaves form check as it was (no map). */
  {
    g_autoptr(GError) config_error = NULL;

    if (vt_ctl_get_config (ctl, &config_error) == NULL)
      g_debug ("form check without the configuration: %s", config_error->message);
  }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VtForm) form = vt_form_load_file (argv[i], &error);
      const char *version;

      if (form == NULL)
        {
          /* The message names the file already. */
          g_print ("ERROR %s: %s\n", argv[i],
                   g_str_has_prefix (error->message, argv[i])
                   ? error->message + strlen (argv[i]) + (error->message[strlen (argv[i])] == ':' ? 2 : 0)
                   : error->message);
          status = VT_CTL_EXIT_FAILURE;
          continue;
        }
      {
        g_autoptr(VtSession) session = vt_session_new (form, NULL, NULL);
        g_autoptr(GPtrArray) pages = session != NULL ? vt_session_get_pages (session) : NULL;
        (void) pages;
      }
      version = vt_form_get_version (form);
      /* An empty version prints as "-" so the line keeps its four fields. */
      g_print ("OK %s %s %u controls\n", vt_form_get_id (form),
               version[0] != '\0' ? version : "-", vt_form_count_controls (form));
      /* What was ignored, one line each, after the OK line it belongs to. */
      for (const char * const *w = vt_form_get_warnings (form); *w != NULL; w++)
        g_print ("WARNING %s: %s\n", argv[i], *w);
      /* And what the kiosk draws otherwise than the form says. */
      {
        g_auto(GStrv) drawn = vt_form_dup_appearance_warnings (form);

        for (guint w = 0; drawn[w] != NULL; w++)
          g_print ("WARNING %s %s\n", argv[i], drawn[w]);
      }
    }
  return status;
}

/* Prints a "<path>: <message>" line per problem; TRUE when there is none. */
static gboolean
print_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      VtValidationError *problem = g_ptr_array_index (problems, i);
      g_print ("%s: %s\n", problem->path, problem->message);
    }
  return problems->len == 0;
}

/* Applies ANSWERS.json to the session; FALSE, with the reason printed,
 * when the file cannot be read or an answer was not set. */
static gboolean take_file (VtSession *session, const char *path, const char *value, const char *mediatype,
                           const char *answers_path, const char * const *attach, gboolean *used,
                           GError **error);

static gboolean
apply_answers_file (VtSession           *session,
                    const char          *path,
                    gboolean             take_files,
                    const char * const  *attach,
                    gboolean            *attach_used)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  JsonNode *root;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  if (length > MAX_ANSWERS_BYTES)
    {
      g_printerr (_("%s is larger than %d MiB\n"), path, MAX_ANSWERS_BYTES / 1024 / 1024);
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, contents, length, &error))
    {
      g_printerr ("%s: %s\n", path, error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_printerr (_("%s: expected an object mapping instance paths to answers, such as "
                    "{\"/data/name\": \"Ana\"}\n"), path);
      return FALSE;
    }
  problems = vt_session_apply_answers (session, json_node_get_object (root));
  if (!print_problems (problems))
    return FALSE;

  /* With take_files (enqueue), an upload answer that names a file takes
   * it, once the answers have made its question (and its repeat) exist. */
  if (take_files)
    {
      JsonObject *object = json_node_get_object (root);
      g_autoptr(GList) members = json_object_get_members (object);
      gboolean ok = TRUE;

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *node = json_object_get_member (object, l->data);
          const char *mediatype = NULL;
          g_autoptr(GError) local = NULL;

          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
              json_node_get_string (node)[0] == '\0' ||
              !vt_session_takes_file (session, l->data, &mediatype))
            continue;
          if (!take_file (session, l->data, json_node_get_string (node), mediatype, path, attach,
                          attach_used, &local))
            {
              g_print ("%s: %s\n", (const char *) l->data, local->message);
              ok = FALSE;
            }
        }
      return ok;
    }
  return TRUE;
}

/* The path of the file an upload answer names: given with --attach
 * NAME=PATH, or else relative to the answers file. */
static char *
find_attached_file (const char          *name,
                    const char          *answers_path,
                    const char * const  *attach,
                    gboolean            *used)
{
  g_autofree char *dir = NULL;

  for (guint i = 0; attach != NULL && attach[i] != NULL; i++)
    {
      const char *eq = strchr (attach[i], '=');

      if (eq != NULL && strncmp (attach[i], name, eq - attach[i]) == 0 && name[eq - attach[i]] == '\0')
        {
          used[i] = TRUE;
          return g_canonicalize_filename (eq + 1, NULL);
        }
    }
  if (g_path_is_absolute (name))
    return g_strdup (name);
  dir = answers_path != NULL ? g_path_get_dirname (answers_path) : g_get_current_dir ();
  return g_canonicalize_filename (name, dir);
}

/* An upload answer takes the file it names: streamed from the disk when
 * the submission is stored, its kind read from its first bytes. */
static gboolean
take_file (VtSession           *session,
           const char          *path,
           const char          *value,
           const char          *mediatype,
           const char          *answers_path,
           const char * const  *attach,
           gboolean            *used,
           GError             **error)
{
  g_autofree char *file_path = find_attached_file (value, answers_path, attach, used);
  g_autoptr(GFile) file = g_file_new_for_path (file_path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *basename = g_path_get_basename (value);
  guint8 head[4096];
  gsize got = 0;
  const char *content_type;
  VtAttachment *attachment;

  in = g_file_read (file, NULL, &local);
  if (in == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("the answer names the file “%s”, which cannot be read (%s): "
                     "put it beside the answers file or give it with --attach %s=PATH"),
                   value, local->message, basename);
      return FALSE;
    }
  if (!g_input_stream_read_all (G_INPUT_STREAM (in), head, sizeof head, &got, NULL, &local))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s cannot be read: %s"), file_path, local->message);
      return FALSE;
    }
  content_type = vt_media_type_sniff (head, got);
  if (content_type == NULL || !vt_media_type_accepts (mediatype, content_type))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is not a kind of file this question takes (%s)"),
                   file_path, mediatype != NULL ? mediatype : "image/*");
      return FALSE;
    }

  attachment = vt_attachment_new_for_file (basename, content_type, file, error);
  return attachment != NULL && vt_session_add_attachment (session, path, attachment, error);
}

gboolean
vt_ctl_apply_answers_file (VtSession  *session,
                           const char *path)
{
  return apply_answers_file (session, path, FALSE, NULL, NULL);
}

/* Fills FILE headlessly with ANSWERS.json (either may be NULL for no
 * answers) as `form fill` and `enqueue` do: on invalid answers prints
 * "<path>: <message>" lines on stdout; other errors go to stderr.  With
 * take_files (enqueue), an upload answer names a file that goes with the
 * submission (see take_file()); attach lists NAME=PATH pairs.  Returns an
 * exit status; on success *session and *submission are set. */
int
vt_ctl_fill_form (const char          *file,
                  const char          *lang,
                  const char          *answers_path,
                  gboolean             take_files,
                  const char * const  *attach,
                  VtSession          **session_out,
                  VtSubmission       **submission_out)
{
  g_autofree gboolean *attach_used = g_new0 (gboolean, attach != NULL ? g_strv_length ((char **) attach) + 1 : 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = NULL;
  g_autoptr(VtSession) session = NULL;
  g_autoptr(VtSubmission) submission = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  form = vt_form_load_file (file, &error);
  if (form == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }
  if (lang != NULL && vt_form_get_languages (form)[0] != NULL
      && vt_form_find_language (form, lang) == NULL)
    {
      g_autofree char *names = g_strjoinv ("”, “", (char **) vt_form_get_languages (form));
      g_printerr (_("%s: the form has no language “%s”; it has “%s”\n"), file, lang, names);
      return VT_CTL_EXIT_FAILURE;
    }

  session = vt_session_new (form, lang, &error);
  if (session == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }

  if (answers_path != NULL &&
      !apply_answers_file (session, answers_path, take_files, attach, attach_used))
    return VT_CTL_EXIT_FAILURE;
  for (guint i = 0; attach != NULL && attach[i] != NULL; i++)
    if (!attach_used[i])
      {
        g_printerr (_("--attach %s: no answer names this file; name it in ANSWERS.json, as in "
                      "{\"/data/photo\": \"NAME\"}\n"), attach[i]);
        return VT_CTL_EXIT_FAILURE;
      }

  problems = vt_session_validate_all (session);
  if (!print_problems (problems))
    return VT_CTL_EXIT_FAILURE;

  submission = vt_submission_new_from_session (session, &error);
  if (submission == NULL)
    {
      g_print ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }
  *session_out = g_steal_pointer (&session);
  *submission_out = g_steal_pointer (&submission);
  return VT_CTL_EXIT_OK;
}

int
vt_ctl_form_fill (VtCtl  *ctl,
                  int     argc,
                  char  **argv)
{
  g_autofree char *lang = NULL;
  g_autofree char *answers_path = NULL;
  const GOptionEntry entries[] = {
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &lang,
      N_("fill in the form's language L (“Español (es)” or “es”)"), N_("L") },
    { "answers", 'a', 0, G_OPTION_ARG_FILENAME, &answers_path,
      N_("apply the answers in ANSWERS.json, a map of instance paths to values"), N_("ANSWERS.json") },
    { NULL },
  };
  g_autoptr(VtSession) session = NULL;
  g_autoptr(VtSubmission) submission = NULL;
  int status;

  if (!vt_ctl_parse_options (ctl, "form fill", _("FILE"), entries, &argc, &argv))
    return VT_CTL_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr (_("ventanilla-ctl form fill: name exactly one form file\n"));
      return VT_CTL_EXIT_USAGE;
    }

  /* The configuration only says where the kiosk is (odk:setgeopoint):
   * a form still fills without one. */
  {
    g_autoptr(GError) error = NULL;

    if (vt_ctl_get_config (ctl, &error) == NULL)
      g_printerr (_("warning: %s\n"), error->message);
  }
  status = vt_ctl_fill_form (argv[1], lang, answers_path, FALSE, NULL, &session, &submission);
  if (status != VT_CTL_EXIT_OK)
    return status;
  fputs (submission->xml, stdout);
  return VT_CTL_EXIT_OK;
}
