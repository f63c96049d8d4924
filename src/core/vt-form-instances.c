/* A form's instances: the primary one cleaned of blanks, secondary ones
 * inline or external (XML, CSV, pulldata files), and the paths they hold. */
#define G_LOG_DOMAIN "vt-form"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <string.h>

#include "vt-entities.h"
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

/* An entity list, parsed once by vt_entities_dup_form_lists(), as
 * csv_to_doc() reads its CSV: <root><item><col>value</col>…</item>…</root>.
 * The element names are the document's dictionary's, one copy each, and an
 * empty value is an element with no text (the same string-value), so that
 * 50,000 rows cost as few allocations as the tree needs.  The rows go to
 * the form's equality index too, which then finds the keys there instead
 * of walking the tree. */
static xmlDoc *
entity_list_to_doc (VtEntityList *list,
                    VtXPathIndex *index)
{
  xmlDoc *doc = xmlNewDoc ((const xmlChar *) "1.0");
  guint n_columns = list->columns->len;
  guint n_rows = list->rows->len;
  g_autofree const char **names = g_new0 (const char *, n_columns + 1);
  xmlNode **items = g_new (xmlNode *, MAX (n_rows, 1));
  const char **values = g_new (const char *, MAX ((gsize) n_rows * n_columns, 1));
  const xmlChar *item_name;
  xmlNode *root;

  doc->dict = xmlDictCreate ();
  root = xmlNewDocNode (doc, NULL, (const xmlChar *) "root", NULL);
  xmlDocSetRootElement (doc, root);
  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *name = g_strstrip (g_strdup (g_ptr_array_index (list->columns, c)));

      if (name[0] == '\0' || xmlValidateNCName ((const xmlChar *) name, 0) != 0)
        {
          g_free (name);
          name = g_strdup_printf ("column%u", c + 1);
        }
      names[c] = (const char *) xmlDictLookup (doc->dict, (const xmlChar *) name, -1);
    }
  /* The names are the dictionary's, which the nodes then "eat" without a
   * copy (libxml2 frees no name its dictionary owns). */
  item_name = xmlDictLookup (doc->dict, (const xmlChar *) "item", -1);
  for (guint r = 0; r < n_rows; r++)
    {
      char **row = g_ptr_array_index (list->rows, r);
      xmlNode *item = xmlNewDocNodeEatName (doc, NULL, (xmlChar *) item_name, NULL);

      xmlAddChild (root, item);
      items[r] = item;
      for (guint c = 0; c < n_columns; c++)
        {
          xmlNode *field = xmlNewDocNodeEatName (doc, NULL, (xmlChar *) names[c], NULL);
          const char **value = &values[(gsize) r * n_columns + c];

          xmlAddChild (item, field);
          *value = "";
          if (row[c][0] != '\0')
            {
              xmlNode *text = xmlAddChild (field, xmlNewDocText (doc, (const xmlChar *) row[c]));

              *value = (const char *) text->content;
            }
        }
    }
  vt_xpath_index_add_rows (index, root, "item", n_columns, names, items, values, n_rows);
  return doc;
}

/* A JSON scalar as ODK writes it in an instance: null is empty. */
static char *
json_scalar_text (JsonNode *node)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || !JSON_NODE_HOLDS_VALUE (node))
    return g_strdup ("");
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      /* The shortest that reads back the same: -34.6, not -34.600000000000001. */
      for (int precision = 15; precision <= 17; precision++)
        {
          g_autofree char *format = g_strdup_printf ("%%.%dg", precision);

          g_ascii_formatd (buffer, sizeof buffer, format, json_node_get_double (node));
          if (g_ascii_strtod (buffer, NULL) == json_node_get_double (node))
            break;
        }
      return g_strdup (buffer);
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return g_strdup (json_node_get_string (node));
    }
}

/* [lon, lat] as ODK's "lat lon 0 0"; NULL when it is not a position. */
static char *
geojson_position (JsonNode *node)
{
  JsonArray *position;
  g_autofree char *lon = NULL;
  g_autofree char *lat = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  position = json_node_get_array (node);
  if (json_array_get_length (position) < 2
      || !JSON_NODE_HOLDS_VALUE (json_array_get_element (position, 0))
      || !JSON_NODE_HOLDS_VALUE (json_array_get_element (position, 1)))
    return NULL;
  lon = json_scalar_text (json_array_get_element (position, 0));
  lat = json_scalar_text (json_array_get_element (position, 1));
  return g_strdup_printf ("%s %s 0 0", lat, lon);
}

/* A geometry as a geopoint, geotrace (LineString) or geoshape (Polygon's
 * outer ring), as JavaRosa reads it; NULL for any other type. */
static char *
geojson_geometry (JsonObject *geometry)
{
  const char *type = json_object_get_string_member_with_default (geometry, "type", "");
  JsonNode *coordinates = json_object_get_member (geometry, "coordinates");
  g_autoptr(GString) out = g_string_new (NULL);
  JsonArray *points;

  if (g_str_equal (type, "Point"))
    return geojson_position (coordinates);
  if (coordinates == NULL || !JSON_NODE_HOLDS_ARRAY (coordinates))
    return NULL;
  points = json_node_get_array (coordinates);
  if (g_str_equal (type, "Polygon"))
    {
      if (json_array_get_length (points) == 0 || !JSON_NODE_HOLDS_ARRAY (json_array_get_element (points, 0)))
        return NULL;
      points = json_array_get_array_element (points, 0);
    }
  else if (!g_str_equal (type, "LineString"))
    return NULL;
  for (guint i = 0; i < json_array_get_length (points); i++)
    {
      g_autofree char *point = geojson_position (json_array_get_element (points, i));

      if (point == NULL)
        return NULL;
      if (i > 0)
        g_string_append (out, "; ");
      g_string_append (out, point);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A GeoJSON FeatureCollection as ODK reads it: <root><item> per feature,
 * its <geometry> first, then its id and properties.  NULL with *problem
 * set when the file is not one. */
static xmlDoc *
geojson_to_doc (const char *text,
                gsize       length,
                char      **problem)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *top;
  JsonObject *collection;
  JsonNode *features;
  xmlDoc *doc;
  xmlNode *root;

  if (!json_parser_load_from_data (parser, text, (gssize) length, &error))
    {
      *problem = g_strdup_printf (_("not valid JSON (%s)"), error->message);
      return NULL;
    }
  top = json_parser_get_root (parser);
  if (top == NULL || !JSON_NODE_HOLDS_OBJECT (top)
      || g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (top), "type", ""),
                    "FeatureCollection") != 0)
    {
      *problem = g_strdup (_("it is not a FeatureCollection"));
      return NULL;
    }
  collection = json_node_get_object (top);
  features = json_object_get_member (collection, "features");
  if (features == NULL || !JSON_NODE_HOLDS_ARRAY (features))
    {
      *problem = g_strdup (_("it has no list of features"));
      return NULL;
    }

  doc = xmlNewDoc ((const xmlChar *) "1.0");
  root = xmlNewDocNode (doc, NULL, (const xmlChar *) "root", NULL);
  xmlDocSetRootElement (doc, root);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (features)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (features), i);
      JsonObject *feature = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *geometry = feature != NULL ? json_object_get_member (feature, "geometry") : NULL;
      JsonNode *properties = feature != NULL ? json_object_get_member (feature, "properties") : NULL;
      JsonNode *id = feature != NULL ? json_object_get_member (feature, "id") : NULL;
      g_autofree char *where = NULL;
      xmlNode *item;

      if (feature == NULL
          || g_strcmp0 (json_object_get_string_member_with_default (feature, "type", ""), "Feature") != 0
          || geometry == NULL || !JSON_NODE_HOLDS_OBJECT (geometry))
        {
          *problem = g_strdup_printf (_("feature %u is not a Feature with a geometry"), i + 1);
          xmlFreeDoc (doc);
          return NULL;
        }
      where = geojson_geometry (json_node_get_object (geometry));
      if (where == NULL)
        {
          *problem = g_strdup_printf (_("feature %u has a geometry other than Point, LineString or Polygon"), i + 1);
          xmlFreeDoc (doc);
          return NULL;
        }
      item = xmlNewChild (root, NULL, (const xmlChar *) "item", NULL);
      xmlNewTextChild (item, NULL, (const xmlChar *) "geometry", (const xmlChar *) where);
      /* The feature's own id wins over a property of that name (JavaRosa). */
      if (id != NULL)
        {
          g_autofree char *value = json_scalar_text (id);
          xmlNewTextChild (item, NULL, (const xmlChar *) "id", (const xmlChar *) value);
        }
      if (properties != NULL && JSON_NODE_HOLDS_OBJECT (properties))
        {
          g_autoptr(GList) names = json_object_get_members (json_node_get_object (properties));

          for (GList *l = names; l != NULL; l = l->next)
            {
              const char *name = l->data;
              g_autofree char *value = NULL;

              if (xmlValidateNCName ((const xmlChar *) name, 0) != 0
                  || g_str_equal (name, "geometry") || (id != NULL && g_str_equal (name, "id")))
                continue;
              value = json_scalar_text (json_object_get_member (json_node_get_object (properties), name));
              xmlNewTextChild (item, NULL, (const xmlChar *) name, (const xmlChar *) value);
            }
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

  /* An entity list with this kiosk's own changes comes before the file. */
  if (self->media_files != NULL && g_str_has_suffix (name, ".csv") && g_hash_table_contains (self->media_files, name))
    doc = entity_list_to_doc (g_hash_table_lookup (self->media_files, name), self->xpath_index);
  else if (self->dir != NULL && name[0] != '\0')
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
          else if (g_str_has_suffix (name, ".geojson"))
            {
              g_autofree char *problem = NULL;

              doc = geojson_to_doc (contents, length, &problem);
              if (doc == NULL)
                {
                  vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE, _("instance “%s”: %s is not GeoJSON that forms can use: %s"), id, file, problem);
                  return;
                }
            }
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
