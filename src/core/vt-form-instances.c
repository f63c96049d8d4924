/* A form's instances: the primary one cleaned of blanks, secondary ones
 * inline or external (XML, CSV, pulldata files), and the paths they hold. */
#define G_LOG_DOMAIN "vt-form"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <string.h>

#include "vt-form-private.h"

#define MAX_EXTERNAL_BYTES  (64 * 1024 * 1024)

/* ------------------------------------------------------------------ */
/* Instances                                                           */

/* Indentation in the form is not data: drop whitespace-only text beside
 * elements, so the submission holds only answers. */
static void
strip_blanks (xmlNode *node)
{
  xmlNode *next;
  gboolean has_elements = FALSE;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      has_elements = TRUE;
  for (xmlNode *child = node->children; child != NULL; child = next)
    {
      next = child->next;
      if (child->type == XML_ELEMENT_NODE)
        strip_blanks (child);
      else if (has_elements && (child->type == XML_TEXT_NODE || child->type == XML_COMMENT_NODE)
               && (child->type == XML_COMMENT_NODE || xmlIsBlankNode (child)))
        {
          xmlUnlinkNode (child);
          xmlFreeNode (child);
        }
    }
}

void
vt_form_collect_generic_paths (GHashTable *paths,
                               xmlNode    *node)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      g_hash_table_add (paths, vt_form_node_generic_path (node));
      for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
        g_hash_table_add (paths, vt_form_node_generic_path ((xmlNode *) attr));
      vt_form_collect_generic_paths (paths, node->children);
    }
}

char *
vt_form_strip_prefixes (const char *path)
{
  g_auto(GStrv) steps = g_strsplit (path, "/", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; steps[i] != NULL; i++)
    {
      const char *colon = strchr (steps[i], ':');
      if (steps[i][0] == '\0')
        continue;
      g_string_append_c (out, '/');
      g_string_append (out, colon != NULL ? colon + 1 : steps[i]);
    }
  return g_string_free (out, FALSE);
}

/* The instance's own spelling of path, or NULL when it names nothing.
 * A bind may leave out a prefix the instance uses (orx:meta). */
char *
vt_form_canonical_path (VtFormLoader *loader,
                        char         *path)
{
  g_autofree char *local = NULL;
  const char *found;

  if (path == NULL)
    return NULL;
  if (g_hash_table_contains (loader->form->generic_paths, path))
    return path;
  local = vt_form_strip_prefixes (path);
  found = g_hash_table_lookup (loader->local_paths, local);
  g_free (path);
  return found != NULL ? g_strdup (found) : NULL;
}

static char *
csv_next_field (const char **p,
                gboolean    *end_of_row)
{
  GString *field = g_string_new (NULL);
  const char *s = *p;

  if (*s == '"')
    {
      s++;
      while (*s != '\0')
        {
          if (*s == '"' && s[1] == '"')
            {
              g_string_append_c (field, '"');
              s += 2;
            }
          else if (*s == '"')
            {
              s++;
              break;
            }
          else
            g_string_append_c (field, *s++);
        }
    }
  while (*s != '\0' && *s != ',' && *s != '\n' && *s != '\r')
    g_string_append_c (field, *s++);
  *end_of_row = *s != ',';
  if (*s == ',')
    s++;
  else
    {
      while (*s == '\r' || *s == '\n')
        s++;
    }
  *p = s;
  return g_string_free (field, FALSE);
}

/* A CSV file as ODK reads it: <root><item><col>value</col>…</item>…</root>. */
static xmlDoc *
csv_to_doc (const char *text)
{
  xmlDoc *doc = xmlNewDoc ((const xmlChar *) "1.0");
  xmlNode *root = xmlNewDocNode (doc, NULL, (const xmlChar *) "root", NULL);
  g_autoptr(GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;
  gboolean end = FALSE;

  xmlDocSetRootElement (doc, root);
  if (g_str_has_prefix (p, "\xef\xbb\xbf"))
    p += 3;
  while (*p != '\0' && !end)
    {
      char *name = g_strstrip (csv_next_field (&p, &end));
      if (name[0] == '\0' || xmlValidateNCName ((const xmlChar *) name, 0) != 0)
        {
          g_free (name);
          name = g_strdup_printf ("column%u", header->len + 1);
        }
      g_ptr_array_add (header, name);
    }
  while (*p != '\0')
    {
      xmlNode *item = xmlNewChild (root, NULL, (const xmlChar *) "item", NULL);
      guint column = 0;

      end = FALSE;
      while (*p != '\0' && !end)
        {
          g_autofree char *value = csv_next_field (&p, &end);
          if (column < header->len)
            xmlNewTextChild (item, NULL, g_ptr_array_index (header, column), (const xmlChar *) value);
          column++;
        }
    }
  return doc;
}

static void
load_external_instance (VtFormLoader *loader,
                        const char   *id,
                        const char   *src)
{
  VtForm *self = loader->form;
  const char *name = strrchr (src, '/');
  g_autofree char *file = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  xmlDoc *doc = NULL;

  vt_form_add_media (self, src);
  name = name != NULL ? name + 1 : src;

  if (self->dir != NULL && name[0] != '\0')
    {
      file = g_build_filename (self->dir, name, NULL);
      if (g_file_test (file, G_FILE_TEST_IS_REGULAR))
        {
          g_autoptr(GError) error = NULL;
          GStatBuf st;

          if (g_stat (file, &st) == 0 && st.st_size > MAX_EXTERNAL_BYTES)
            {
              vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE,
                                 _("instance “%s”: %s is larger than %d MB"), id, file, MAX_EXTERNAL_BYTES / 1024 / 1024);
              return;
            }
          if (!g_file_get_contents (file, &contents, &length, &error))
            {
              vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE, _("instance “%s”: %s"), id, error->message);
              return;
            }
          if (g_str_has_suffix (name, ".csv"))
            doc = csv_to_doc (contents);
          else if (g_str_has_suffix (name, ".xml"))
            {
              doc = xmlReadMemory (contents, (int) length, file, NULL,
                                   XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
              if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
                {
                  if (doc != NULL)
                    xmlFreeDoc (doc);
                  vt_form_set_error (loader, VT_FORM_ERROR_XML, _("instance “%s”: %s is not well-formed XML"), id, file);
                  return;
                }
            }
        }
    }

  if (doc == NULL)
    {
      /* The file comes with the form's media (or is a format we do not read):
       * an empty instance until then, so the form still loads. */
      doc = xmlNewDoc ((const xmlChar *) "1.0");
      xmlDocSetRootElement (doc, xmlNewDocNode (doc, NULL, (const xmlChar *) "root", NULL));
    }
  g_hash_table_insert (self->secondary, g_strdup (id), doc);
}

/* pulldata('name', …) reads name.csv from the form's media without an
 * <instance> for it: load those files as instances named after them. */
static void
load_pulldata_files (VtFormLoader *loader)
{
  VtForm *self = loader->form;
  g_autoptr(GRegex) regex = g_regex_new ("pulldata\\s*\\(\\s*['\"]([^'\"]+)['\"]", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (regex, self->xml, 0, &match);
  while (g_match_info_matches (match) && loader->error == NULL)
    {
      g_autofree char *name = g_match_info_fetch (match, 1);

      if (!g_hash_table_contains (self->secondary, name) && strchr (name, '/') == NULL)
        {
          g_autofree char *uri = g_strdup_printf ("jr://file-csv/%s.csv", name);
          g_autofree char *file = self->dir != NULL ? g_strdup_printf ("%s/%s.csv", self->dir, name) : NULL;

          if (file != NULL && g_file_test (file, G_FILE_TEST_IS_REGULAR))
            load_external_instance (loader, name, uri);
          else
            vt_form_add_media (self, uri);
        }
      g_match_info_next (match, NULL);
    }
}

void
vt_form_parse_instances (VtFormLoader *loader,
                         xmlNode      *model)
{
  VtForm *self = loader->form;
  gboolean have_primary = FALSE;

  for (xmlNode *node = model->children; node != NULL && loader->error == NULL; node = node->next)
    {
      g_autofree char *id = NULL;
      g_autofree char *src = NULL;
      xmlNode *root = NULL;

      if (!vt_form_is_element (node, "instance"))
        continue;
      for (xmlNode *child = node->children; child != NULL; child = child->next)
        if (child->type == XML_ELEMENT_NODE)
          {
            root = child;
            break;
          }
      id = vt_form_get_attr (node, "id");
      src = vt_form_get_attr (node, "src");

      if (!have_primary)
        {
          have_primary = TRUE;
          if (root == NULL)
            {
              vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE, _("the primary instance is empty"));
              return;
            }
          self->instance = xmlNewDoc ((const xmlChar *) "1.0");
          xmlDocSetRootElement (self->instance, xmlDocCopyNode (root, self->instance, 1));
          strip_blanks (xmlDocGetRootElement (self->instance));
          self->id = vt_form_get_attr (root, "id");
          if (self->id == NULL || self->id[0] == '\0')
            {
              vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE,
                                 _("instance root <%s>: the form has no id (an “id” attribute on the root)"),
                                 (const char *) root->name);
              return;
            }
          self->version = vt_form_get_attr (root, "version");
          if (self->version == NULL)
            self->version = g_strdup ("");
          self->root_name = g_strdup (vt_form_node_name (root));
          continue;
        }

      if (id == NULL)
        {
          vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE, _("a secondary instance has no id"));
          return;
        }
      if (g_hash_table_contains (self->secondary, id))
        {
          vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE, _("instance “%s” is defined twice"), id);
          return;
        }
      if (src != NULL)
        {
          if (g_str_has_prefix (src, "jr://instance/last-saved"))
            {
              /* No earlier submission kept on a kiosk: the blank form. */
              xmlDoc *doc = xmlCopyDoc (self->instance, 1);
              g_hash_table_insert (self->secondary, g_strdup (id), doc);
            }
          else
            load_external_instance (loader, id, src);
          continue;
        }
      {
        xmlDoc *doc = xmlNewDoc ((const xmlChar *) "1.0");
        if (root != NULL)
          {
            xmlDocSetRootElement (doc, xmlDocCopyNode (root, doc, 1));
            strip_blanks (xmlDocGetRootElement (doc));
          }
        else
          xmlDocSetRootElement (doc, xmlNewDocNode (doc, NULL, (const xmlChar *) "root", NULL));
        g_hash_table_insert (self->secondary, g_strdup (id), doc);
      }
    }

  if (!have_primary)
    vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE, _("the model has no instance"));
  else
    load_pulldata_files (loader);
}
