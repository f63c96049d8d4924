/* ventanilla-ctl xpath: an expression evaluated over an instance. */
#define G_LOG_DOMAIN "vt-ctl"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <string.h>

#include "vt-ctl.h"
#include "vt-national-id.h"
#include "vt-xpath.h"

/* Instance files a clerk or a script hands us: bounded, never fetched. */
#define MAX_INSTANCE_BYTES (16 * 1024 * 1024)

static xmlDoc *
load_instance (const char  *path,
               GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  xmlDoc *doc;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (length > MAX_INSTANCE_BYTES)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("%s is larger than %d MiB; an instance file must be smaller"),
                   path, MAX_INSTANCE_BYTES / (1024 * 1024));
      return NULL;
    }
  doc = xmlReadMemory (contents, (int) length, path, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    {
      const xmlError *xml_error = xmlGetLastError ();
      g_autofree char *message = g_strdup (xml_error != NULL && xml_error->message != NULL
                                           ? xml_error->message : "");

      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE,
                   _("%s is not well-formed XML (line %d): %s"), path,
                   xml_error != NULL ? xml_error->line : 0, g_strstrip (message));
      xmlFreeDoc (doc);
      return NULL;
    }
  return doc;
}

static void
free_doc (gpointer doc)
{
  xmlFreeDoc (doc);
}

/* An expression may start with "-" ('-5 mod 3'): an argument that cannot
 * be an option, and everything after "--", is kept aside from the option
 * parser and put back after it ("--" itself dropped), so both
 * `xpath '-5 mod 3'` and `xpath -- '-5 mod 3'` read it. */
static GPtrArray *
set_aside_expressions (int     *argc,
                       char  ***argv)
{
  static const char * const with_value[] = { "-i", "--instance", "-C", "--context", "-s", "--secondary", NULL };
  static const char * const flags[] = { "-h", "--help", "-?", "--help-all", NULL };
  GPtrArray *aside = g_ptr_array_new ();
  int kept = 1;
  gboolean options_done = FALSE;

  for (int i = 1; i < *argc; i++)
    {
      const char *arg = (*argv)[i];
      gboolean is_option = FALSE;

      if (!options_done && g_str_equal (arg, "--"))
        {
          options_done = TRUE;
          continue;
        }
      if (!options_done && arg[0] == '-')
        {
          for (guint j = 0; with_value[j] != NULL; j++)
            if (g_str_equal (arg, with_value[j])
                || (g_str_has_prefix (arg, with_value[j]) && arg[strlen (with_value[j])] == '='))
              {
                is_option = TRUE;
                /* Its value follows, whatever it looks like. */
                if (strchr (arg, '=') == NULL && i + 1 < *argc)
                  (*argv)[kept++] = (*argv)[i++];
              }
          /* --long and -x stay options (an unknown one is refused as
           * such); -5, -(…), -/data/a, '- 1' are expressions. */
          is_option = is_option || g_strv_contains (flags, arg) || arg[1] == '-'
                      || (g_ascii_isalpha (arg[1]) && strchr (arg, ' ') == NULL);
        }
      if (is_option || (!options_done && arg[0] != '-'))
        (*argv)[kept++] = (*argv)[i];
      else
        g_ptr_array_add (aside, (*argv)[i]);
    }
  *argc = kept;
  (*argv)[kept] = NULL;
  return aside;
}

/* Evaluates one expression and prints its XPath string(), so a form
 * author can try a constraint or calculate against an instance. */
int
vt_ctl_xpath (VtCtl  *ctl,
              int     argc,
              char  **argv)
{
  g_autofree char *instance_path = NULL;
  g_autofree char *context_path = NULL;
  g_auto(GStrv) secondary = NULL;
  const GOptionEntry entries[] = {
    { "instance", 'i', 0, G_OPTION_ARG_FILENAME, &instance_path,
      N_("the primary instance to read (an XML file)"), N_("FILE") },
    { "context", 'C', 0, G_OPTION_ARG_STRING, &context_path,
      N_("the context node, as an absolute path into the instance"), N_("PATH") },
    { "secondary", 's', 0, G_OPTION_ARG_STRING_ARRAY, &secondary,
      N_("a secondary instance for instance('ID') (repeatable)"), N_("ID=FILE") },
    { NULL }
  };
  g_autoptr(GHashTable) instances = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_doc);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtXPathExpr) expr = NULL;
  g_autofree char *result = NULL;
  VtXPathContext context = { 0 };
  xmlDoc *primary = NULL;
  int status = VT_CTL_EXIT_FAILURE;

  g_autoptr(GPtrArray) aside = set_aside_expressions (&argc, &argv);

  if (!vt_ctl_parse_options (ctl, "xpath", _("EXPR"), entries, &argc, &argv))
    return VT_CTL_EXIT_USAGE;
  for (guint i = 0; i < aside->len; i++)
    argv[argc++] = g_ptr_array_index (aside, i);
  argv[argc] = NULL;
  if (argc != 2)
    {
      g_printerr (argc < 2 ? _("ventanilla-ctl xpath: which expression? Give one, in quotes\n")
                           : _("ventanilla-ctl xpath: give one expression, in quotes\n"));
      return VT_CTL_EXIT_USAGE;
    }

  expr = vt_xpath_compile (argv[1], &error);
  if (expr == NULL)
    {
      g_printerr ("ventanilla-ctl xpath: %s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }

  if (instance_path != NULL)
    {
      primary = load_instance (instance_path, &error);
      if (primary == NULL)
        goto out;
    }

  for (guint i = 0; secondary != NULL && secondary[i] != NULL; i++)
    {
      const char *eq = strchr (secondary[i], '=');
      xmlDoc *doc;

      if (eq == NULL || eq == secondary[i] || eq[1] == '\0')
        {
          g_printerr (_("ventanilla-ctl xpath: --secondary takes ID=FILE, not “%s”\n"), secondary[i]);
          status = VT_CTL_EXIT_USAGE;
          goto out;
        }
      doc = load_instance (eq + 1, &error);
      if (doc == NULL)
        goto out;
      g_hash_table_replace (instances, g_strndup (secondary[i], eq - secondary[i]), doc);
    }

  context.primary = primary;
  context.instances = instances;
  context.node = primary != NULL ? xmlDocGetRootElement (primary) : NULL;
  context.position = 1;
  context.size = 1;

  if (context_path != NULL)
    {
      g_autoptr(VtXPathExpr) path = vt_xpath_compile (context_path, &error);
      g_autoptr(VtXPathValue) nodes = NULL;

      if (path == NULL)
        {
          g_prefix_error (&error, _("--context: "));
          goto out;
        }
      context.node = (xmlNode *) primary;
      nodes = vt_xpath_eval (path, &context, &error);
      if (nodes == NULL)
        {
          g_prefix_error (&error, _("--context: "));
          goto out;
        }
      if (nodes->type != VT_XPATH_VALUE_NODESET || nodes->nodes->len != 1)
        {
          g_set_error (&error, VT_XPATH_ERROR, VT_XPATH_ERROR_EVALUATION,
                       _("--context %s selects %u nodes of the instance; it must select exactly one"),
                       context_path, nodes->type == VT_XPATH_VALUE_NODESET ? nodes->nodes->len : 0);
          goto out;
        }
      context.node = nodes->nodes->pdata[0];
    }

  result = vt_xpath_eval_string (expr, &context, &error);
  if (result == NULL)
    goto out;
  g_print ("%s\n", result);
  status = VT_CTL_EXIT_OK;

out:
  if (error != NULL)
    g_printerr ("ventanilla-ctl xpath: %s\n", error->message);
  g_hash_table_remove_all (instances);
  if (primary != NULL)
    xmlFreeDoc (primary);
  return status;
}

/* `id-check-xpath SCHEME PATH`: the national-ID check of vt:id-valid() in
 * plain ODK XPath, for a form that must also run in ODK Collect, Enketo or
 * Web Forms (PATH is "." in a constraint). */
int
vt_ctl_id_check_xpath (VtCtl  *ctl,
                       int     argc,
                       char  **argv)
{
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  g_autofree char *xpath = NULL;

  if (!vt_ctl_parse_options (ctl, "id-check-xpath", _("SCHEME PATH"), entries, &argc, &argv))
    return VT_CTL_EXIT_USAGE;
  if (argc != 3)
    {
      g_autofree char *known = g_strjoinv (", ", (char **) vt_national_id_list_schemes ());

      g_printerr (_("ventanilla-ctl id-check-xpath: give a scheme (%s) and the path of the value "
                    "(\".\" in a constraint)\n"), known);
      return VT_CTL_EXIT_USAGE;
    }
  xpath = vt_national_id_dup_xpath (argv[1], argv[2], &error);
  if (xpath == NULL)
    {
      g_printerr ("ventanilla-ctl id-check-xpath: %s\n", error->message);
      return VT_CTL_EXIT_USAGE;
    }
  g_print ("%s\n", xpath);
  return VT_CTL_EXIT_OK;
}
