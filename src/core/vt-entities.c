/* ODK Entities: lists, declarations, actions and the offline copy.  See
 * vt-entities.h and docs/ENTITIES.md. */
#define G_LOG_DOMAIN "vt-entities"

#include "config.h"

#include "vt-entities.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#define ENTITIES_NS "http://www.opendatakit.org/xforms/entities"
#define MAX_COLUMNS 1000

G_DEFINE_QUARK (vt-entities-error-quark, vt_entities_error)

/* ---- CSV ------------------------------------------------------------------ */

typedef struct
{
  const char *p;
  const char *end;
  guint       line;
} CsvReader;

/* One field, at *text for *length bytes: in the file itself when it is not
 * quoted (most are), else in out.  *row_end says whether it was the last of
 * its row.  FALSE on a quote left open. */
static gboolean
csv_field (CsvReader   *r,
           GString     *out,
           const char **text,
           gsize       *length,
           gboolean    *row_end)
{
  const char *start = r->p;

  if (r->p < r->end && *r->p == '"')
    {
      g_string_truncate (out, 0);
      r->p++;
      for (;;)
        {
          if (r->p >= r->end)
            return FALSE;
          if (*r->p == '"')
            {
              if (r->p + 1 < r->end && r->p[1] == '"')
                {
                  g_string_append_c (out, '"');
                  r->p += 2;
                  continue;
                }
              r->p++;
              break;
            }
          if (*r->p == '\n')
            r->line++;
          g_string_append_c (out, *r->p++);
        }
      while (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r')
        g_string_append_c (out, *r->p++);
      *text = out->str;
      *length = out->len;
    }
  else
    {
      while (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r')
        r->p++;
      *text = start;
      *length = (gsize) (r->p - start);
    }
  if (r->p < r->end && *r->p == ',')
    {
      r->p++;
      *row_end = FALSE;
      return TRUE;
    }
  if (r->p < r->end && *r->p == '\r')
    r->p++;
  if (r->p < r->end && *r->p == '\n')
    r->p++;
  r->line++;
  *row_end = TRUE;
  return TRUE;
}

/* One row's fields appended to out: copied into strings, or each its own
 * allocation when strings is NULL (out then frees them). */
static gboolean
csv_row (CsvReader     *r,
         GString       *field,
         GPtrArray     *out,
         GStringChunk  *strings,
         GError       **error)
{
  gboolean row_end = FALSE;
  guint line = r->line;
  guint first = out->len;

  while (!row_end)
    {
      const char *text;
      gsize length;

      if (!csv_field (r, field, &text, &length, &row_end))
        {
          g_set_error (error, VT_ENTITIES_ERROR, VT_ENTITIES_ERROR_CSV,
                       _("a quoted field that begins on line %u is never closed"), line);
          return FALSE;
        }
      if (out->len - first >= MAX_COLUMNS)
        {
          g_set_error (error, VT_ENTITIES_ERROR, VT_ENTITIES_ERROR_CSV,
                       _("line %u has more than %d columns"), line, MAX_COLUMNS);
          return FALSE;
        }
      g_ptr_array_add (out, strings != NULL ? g_string_chunk_insert_len (strings, text, (gssize) length)
                                            : g_strndup (text, length));
    }
  return TRUE;
}

static int
find_column (GPtrArray  *columns,
             const char *name)
{
  for (guint i = 0; i < columns->len; i++)
    if (g_str_equal (g_ptr_array_index (columns, i), name))
      return (int) i;
  return -1;
}

static const char *
skip_bom (const char *data,
          gsize      *size)
{
  if (*size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      *size -= 3;
      return data + 3;
    }
  return data;
}

gboolean
vt_entities_csv_is_entity_list (const char *filename,
                                GBytes     *bytes)
{
  g_autoptr(GString) field = g_string_new (NULL);
  g_autoptr(GPtrArray) header = NULL;
  CsvReader r = { 0 };
  gsize size = 0;
  const char *data;

  if (filename == NULL || bytes == NULL || !g_str_has_suffix (filename, ".csv"))
    return FALSE;
  data = skip_bom (g_bytes_get_data (bytes, &size), &size);
  r.p = data;
  r.end = data + size;
  r.line = 1;
  header = g_ptr_array_new_with_free_func (g_free);
  return csv_row (&r, field, header, NULL, NULL) && find_column (header, "name") >= 0 &&
         find_column (header, "label") >= 0 && find_column (header, "__version") >= 0;
}

static VtEntityList *
entity_list_new (gsize size_hint)
{
  VtEntityList *list = g_new0 (VtEntityList, 1);

  list->columns = g_ptr_array_new_with_free_func (g_free);
  list->rows = g_ptr_array_new ();
  list->strings = g_string_chunk_new (MAX (size_hint, 4096));
  list->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  list->name_column = -1;
  list->label_column = -1;
  list->version_column = -1;
  return list;
}

VtEntityList *
vt_entity_list_parse (GBytes  *csv,
                      GError **error)
{
  g_autoptr(VtEntityList) list = NULL;
  g_autoptr(GString) field = g_string_new (NULL);
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  CsvReader r = { 0 };
  guint n_rows = 0;
  gsize size = 0;
  const char *data;

  g_return_val_if_fail (csv != NULL, NULL);

  data = skip_bom (g_bytes_get_data (csv, &size), &size);
  /* The fields take about the file's size: one block holds them all. */
  list = entity_list_new (size + 1);
  if (!g_utf8_validate_len (data, size, NULL))
    {
      g_set_error (error, VT_ENTITIES_ERROR, VT_ENTITIES_ERROR_CSV, _("it is not UTF-8 text"));
      return NULL;
    }
  r.p = data;
  r.end = data + size;
  r.line = 1;
  if (size == 0)
    {
      g_set_error (error, VT_ENTITIES_ERROR, VT_ENTITIES_ERROR_CSV, _("it is empty"));
      return NULL;
    }
  if (!csv_row (&r, field, list->columns, NULL, error))
    return NULL;
  list->name_column = find_column (list->columns, "name");
  list->label_column = find_column (list->columns, "label");
  list->version_column = find_column (list->columns, "__version");
  if (list->name_column < 0 || list->label_column < 0)
    {
      g_set_error (error, VT_ENTITIES_ERROR, VT_ENTITIES_ERROR_CSV,
                   _("its first line has no “name” and “label” columns"));
      return NULL;
    }

  while (r.p < r.end)
    {
      guint line = r.line;
      guint first = cells->len;
      guint n_fields;
      const char *name;

      /* A blank line (the usual last newline, or one in between) is no row. */
      if (*r.p == '\n' || *r.p == '\r')
        {
          if (*r.p == '\r')
            r.p++;
          if (r.p < r.end && *r.p == '\n')
            r.p++;
          r.line++;
          continue;
        }
      if (!csv_row (&r, field, cells, list->strings, error))
        return NULL;
      n_fields = cells->len - first;
      if (n_fields != list->columns->len)
        {
          g_set_error (error, VT_ENTITIES_ERROR, VT_ENTITIES_ERROR_CSV,
                       _("line %u has %u fields where the first line names %u columns"),
                       line, n_fields, list->columns->len);
          return NULL;
        }
      name = g_ptr_array_index (cells, first + list->name_column);
      if (name[0] == '\0' ||
          !g_hash_table_insert (list->by_name, (gpointer) name, GUINT_TO_POINTER (n_rows + 1)))
        {
          g_set_error (error, VT_ENTITIES_ERROR, VT_ENTITIES_ERROR_CSV,
                       name[0] == '\0' ? _("line %u has an empty name") : _("line %u repeats the name of an earlier line"),
                       line);
          return NULL;
        }
      g_ptr_array_add (cells, NULL);
      n_rows++;
    }

  /* Rows of one block, freed at once: 50,000 small ones cost more to free
   * than to read. */
  g_ptr_array_set_size (list->rows, n_rows);
  list->cells = (char **) g_ptr_array_free (g_steal_pointer (&cells), FALSE);
  for (guint i = 0; i < n_rows; i++)
    list->rows->pdata[i] = list->cells + (gsize) i * (list->columns->len + 1);
  return g_steal_pointer (&list);
}

static void
csv_append (GString    *out,
            const char *value)
{
  gsize length;

  if (value == NULL)
    value = "";
  length = strlen (value);
  if (strpbrk (value, ",\"\r\n") == NULL && (length == 0 || (value[0] != ' ' && value[length - 1] != ' ')))
    {
      g_string_append_len (out, value, length);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *c = value; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

static void
csv_append_row (GString     *out,
                const char **fields,
                guint        n)
{
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      csv_append (out, fields[i]);
    }
  g_string_append_c (out, '\n');
}

GBytes *
vt_entity_list_to_csv (VtEntityList *list)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (list != NULL, NULL);

  csv_append_row (out, (const char **) list->columns->pdata, list->columns->len);
  for (guint i = 0; i < list->rows->len; i++)
    csv_append_row (out, g_ptr_array_index (list->rows, i), list->columns->len);
  return g_string_free_to_bytes (out);
}

const char *
vt_entity_list_get (VtEntityList *list,
                    guint         row,
                    const char   *column)
{
  int c;

  g_return_val_if_fail (list != NULL && column != NULL, NULL);
  if (row >= list->rows->len || (c = find_column (list->columns, column)) < 0)
    return NULL;
  return ((char **) g_ptr_array_index (list->rows, row))[c];
}

void
vt_entity_list_free (VtEntityList *list)
{
  if (list == NULL)
    return;
  g_clear_pointer (&list->columns, g_ptr_array_unref);
  g_clear_pointer (&list->rows, g_ptr_array_unref);
  g_clear_pointer (&list->strings, g_string_chunk_free);
  g_free (list->cells);
  g_clear_pointer (&list->by_name, g_hash_table_unref);
  g_free (list);
}

/* ---- declarations --------------------------------------------------------- */

static xmlNode *
child_element (xmlNode    *parent,
               const char *name)
{
  for (xmlNode *n = parent != NULL ? parent->children : NULL; n != NULL; n = n->next)
    if (n->type == XML_ELEMENT_NODE && g_str_equal ((const char *) n->name, name))
      return n;
  return NULL;
}

static char *
dup_prop (xmlNode    *node,
          const char *name,
          const char *ns)
{
  xmlChar *value = ns != NULL ? xmlGetNsProp (node, (const xmlChar *) name, (const xmlChar *) ns)
                              : xmlGetNoNsProp (node, (const xmlChar *) name);
  char *copy = value != NULL ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

/* "2024.1.0" -> 2024 * 100 + 1; -1 when it is not a version. */
static int
version_code (const char *version)
{
  g_auto(GStrv) parts = g_strsplit (version, ".", 3);
  guint64 year = 0, release = 0;

  if (parts[0] == NULL || parts[1] == NULL ||
      !g_ascii_string_to_unsigned (parts[0], 10, 2000, 9999, &year, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 0, 99, &release, NULL))
    return -1;
  return (int) (year * 100 + release);
}

static xmlNode *
primary_root (xmlNode *model)
{
  for (xmlNode *n = model->children; n != NULL; n = n->next)
    if (n->type == XML_ELEMENT_NODE && g_str_equal ((const char *) n->name, "instance") &&
        !xmlHasProp (n, (const xmlChar *) "id"))
      {
        for (xmlNode *c = n->children; c != NULL; c = c->next)
          if (c->type == XML_ELEMENT_NODE)
            return c;
        return NULL;
      }
  return NULL;
}

static xmlNode *
find_model (xmlNode *node)
{
  for (xmlNode *n = node; n != NULL; n = n->next)
    {
      xmlNode *found;

      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (g_str_equal ((const char *) n->name, "model"))
        return n;
      if ((found = find_model (n->children)) != NULL)
        return found;
    }
  return NULL;
}

static xmlDoc *
read_xml (const char *xml)
{
  return xmlReadMemory (xml, (int) strlen (xml), "entities.xml", NULL,
                        XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
}

VtEntityForm *
vt_entity_form_parse (const char  *form_xml,
                      GError     **error)
{
  g_autoptr(VtEntityForm) self = NULL;
  xmlDoc *doc;
  xmlNode *model, *root, *entity;
  g_autofree char *version = NULL;

  g_return_val_if_fail (form_xml != NULL, NULL);

  doc = read_xml (form_xml);
  if (doc == NULL)
    return NULL;   /* the form loader says what is wrong with it */
  model = find_model (xmlDocGetRootElement (doc));
  root = model != NULL ? primary_root (model) : NULL;
  entity = child_element (child_element (root, "meta"), "entity");
  version = model != NULL ? dup_prop (model, "entities-version", ENTITIES_NS) : NULL;
  if (entity == NULL && version == NULL)
    {
      xmlFreeDoc (doc);
      return NULL;
    }

  self = g_new0 (VtEntityForm, 1);
  self->spec_version = g_strdup (version != NULL ? version : "");
  self->saveto = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->lists = g_ptr_array_new_with_free_func (g_free);

  if (version == NULL || version_code (version) < 0 ||
      version_code (version) > version_code (VT_ENTITIES_NEWEST_VERSION))
    {
      g_set_error (error, VT_ENTITIES_ERROR, VT_ENTITIES_ERROR_VERSION,
                   version == NULL
                   ? _("the form has an entity block but no entities-version")
                   /* Translators: the first %s is a version such as 2025.1.0, the second 2024.1. */
                   : _("the form uses ODK Entities version %s; this kiosk knows versions up to %s. "
                       "Publish the form from an XLSForm converter that writes version %s or older, or update the kiosk"),
                   version, VT_ENTITIES_NEWEST_VERSION, VT_ENTITIES_NEWEST_VERSION);
      xmlFreeDoc (doc);
      return NULL;
    }

  if (entity != NULL)
    {
      self->dataset = dup_prop (entity, "dataset", NULL);
      if (self->dataset == NULL || xmlValidateNCName ((const xmlChar *) self->dataset, 0) != 0 ||
          strchr (self->dataset, '.') != NULL || g_str_has_prefix (self->dataset, "__"))
        {
          g_set_error (error, VT_ENTITIES_ERROR, VT_ENTITIES_ERROR_DECLARATION,
                       _("meta/entity has no usable dataset name (“%s”)"),
                       self->dataset != NULL ? self->dataset : "");
          xmlFreeDoc (doc);
          return NULL;
        }
    }

  for (xmlNode *n = model->children; n != NULL; n = n->next)
    {
      g_autofree char *saveto = NULL;
      g_autofree char *nodeset = NULL;
      g_autofree char *src = NULL;

      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (g_str_equal ((const char *) n->name, "bind") &&
          (saveto = dup_prop (n, "saveto", ENTITIES_NS)) != NULL &&
          (nodeset = dup_prop (n, "nodeset", NULL)) != NULL)
        {
          if (g_str_equal (saveto, "name") || g_str_equal (saveto, "label") || g_str_has_prefix (saveto, "__") ||
              xmlValidateName ((const xmlChar *) saveto, 0) != 0)
            {
              g_set_error (error, VT_ENTITIES_ERROR, VT_ENTITIES_ERROR_DECLARATION,
                           _("“%s” cannot be an entity property name (name, label and names beginning with __ are reserved)"),
                           saveto);
              xmlFreeDoc (doc);
              return NULL;
            }
          g_hash_table_insert (self->saveto, g_strdup (g_strstrip (nodeset)), g_steal_pointer (&saveto));
        }
      else if (g_str_equal ((const char *) n->name, "instance") &&
               (src = dup_prop (n, "src", NULL)) != NULL && g_str_has_prefix (src, "jr://file-csv/"))
        g_ptr_array_add (self->lists, g_strdup (src + strlen ("jr://file-csv/")));
    }

  xmlFreeDoc (doc);
  return g_steal_pointer (&self);
}

gboolean
vt_entity_form_applies_offline (const VtEntityForm *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->dataset != NULL && version_code (self->spec_version) >= version_code ("2024.1");
}

void
vt_entity_form_free (VtEntityForm *self)
{
  if (self == NULL)
    return;
  g_free (self->spec_version);
  g_free (self->dataset);
  g_clear_pointer (&self->saveto, g_hash_table_unref);
  g_clear_pointer (&self->lists, g_ptr_array_unref);
  g_free (self);
}

/* ---- actions --------------------------------------------------------------- */

static gboolean
truthy (const char *value)
{
  return value != NULL && (g_str_equal (value, "1") || g_str_equal (value, "true"));
}

static char *
node_text (xmlNode *node)
{
  xmlChar *text = xmlNodeGetContent (node);
  char *copy = g_strdup (text != NULL ? (const char *) text : "");

  xmlFree (text);
  return copy;
}

/* An absolute path of the primary instance, "/data/group/field". */
static xmlNode *
find_path (xmlNode    *root,
           const char *path)
{
  g_auto(GStrv) steps = g_strsplit (path, "/", -1);
  xmlNode *node = root;

  if (steps[0] == NULL || steps[0][0] != '\0' || steps[1] == NULL ||
      !g_str_equal (steps[1], (const char *) root->name))
    return NULL;
  for (guint i = 2; steps[i] != NULL && node != NULL; i++)
    node = child_element (node, steps[i]);
  return node;
}

static gint64
positive_or_zero (const char *value)
{
  guint64 n = 0;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, G_MAXINT64, &n, NULL))
    return 0;
  return (gint64) n;
}

VtEntityAction *
vt_entity_action_from_submission (const VtEntityForm  *form,
                                  const char          *submission_xml,
                                  GError             **error)
{
  g_autoptr(VtEntityAction) action = NULL;
  g_autofree char *create = NULL, *update = NULL, *id = NULL, *base = NULL;
  xmlDoc *doc;
  xmlNode *root, *entity, *label;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (form != NULL && submission_xml != NULL, NULL);

  if (form->dataset == NULL)
    return NULL;
  doc = read_xml (submission_xml);
  root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  entity = child_element (child_element (root, "meta"), "entity");
  if (entity == NULL)
    {
      if (doc != NULL)
        xmlFreeDoc (doc);
      return NULL;
    }
  create = dup_prop (entity, "create", NULL);
  update = dup_prop (entity, "update", NULL);
  if (!truthy (create) && !truthy (update))
    {
      xmlFreeDoc (doc);
      return NULL;
    }

  action = g_new0 (VtEntityAction, 1);
  action->dataset = g_strdup (form->dataset);
  action->create = truthy (create);
  action->update = truthy (update);
  id = dup_prop (entity, "id", NULL);
  action->id = g_strdup (id != NULL && g_ascii_strncasecmp (id, "uuid:", 5) == 0 ? id + 5 : id != NULL ? id : "");
  base = dup_prop (entity, "baseVersion", NULL);
  action->base_version = positive_or_zero (base);
  action->trunk_version = dup_prop (entity, "trunkVersion", NULL);
  if (action->trunk_version == NULL)
    action->trunk_version = g_strdup ("");
  action->branch_id = dup_prop (entity, "branchId", NULL);
  if (action->branch_id == NULL)
    action->branch_id = g_strdup ("");
  label = child_element (entity, "label");
  action->label = label != NULL ? node_text (label) : NULL;
  action->properties = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_hash_table_iter_init (&iter, form->saveto);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      xmlNode *node = find_path (root, key);

      /* A non-relevant field is not in the submission: the property keeps
       * its value, as on the server. */
      if (node != NULL)
        g_hash_table_insert (action->properties, g_strdup (value), node_text (node));
    }
  xmlFreeDoc (doc);

  if (action->id[0] == '\0')
    {
      g_set_error (error, VT_ENTITIES_ERROR, VT_ENTITIES_ERROR_DECLARATION,
                   _("the submission's entity has no id; the form must give meta/entity/@id a value (uuid() on create)"));
      return NULL;
    }
  return g_steal_pointer (&action);
}

void
vt_entity_action_free (VtEntityAction *self)
{
  if (self == NULL)
    return;
  g_free (self->dataset);
  g_free (self->id);
  g_free (self->label);
  g_free (self->trunk_version);
  g_free (self->branch_id);
  g_clear_pointer (&self->properties, g_hash_table_unref);
  g_free (self);
}

/* ---- the offline copy ------------------------------------------------------ */

static GHashTable *
new_properties (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

VtLocalEntity *
vt_local_entity_apply (const VtEntityAction *action,
                       const VtLocalEntity  *base,
                       const char           *instance_id,
                       gint64                now)
{
  g_autoptr(VtLocalEntity) self = g_new0 (VtLocalEntity, 1);
  GHashTableIter iter;
  gpointer key, value;
  guint64 trunk = 0;

  g_return_val_if_fail (action != NULL, NULL);

  self->dataset = g_strdup (action->dataset);
  self->id = g_strdup (action->id);
  self->properties = new_properties ();
  if (base != NULL)
    {
      self->label = g_strdup (base->label);
      self->trunk_version = base->trunk_version;
      self->branch_id = g_strdup (base->branch_id);
      g_hash_table_iter_init (&iter, base->properties);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (self->properties, g_strdup (key), g_strdup (value));
    }

  if (base == NULL && !action->update)
    {
      /* Created here: version 1, on a branch of its own, no trunk yet. */
      self->version = 1;
      self->trunk_version = 0;
      self->branch_id = action->branch_id[0] != '\0' ? g_strdup (action->branch_id) : g_uuid_string_random ();
    }
  else
    {
      /* Spec 2024.1: baseVersion (0 unless a positive integer) plus one,
       * on the branch and from the trunk the update names. */
      self->version = action->base_version + 1;
      if (g_ascii_string_to_unsigned (action->trunk_version, 10, 1, G_MAXINT64, &trunk, NULL))
        self->trunk_version = (gint64) trunk;
      else if (base == NULL)
        self->trunk_version = action->base_version;
      if (action->branch_id[0] != '\0')
        {
          g_free (self->branch_id);
          self->branch_id = g_strdup (action->branch_id);
        }
      else if (self->branch_id == NULL)
        self->branch_id = g_uuid_string_random ();
    }

  if (action->label != NULL && action->label[0] != '\0')
    {
      g_free (self->label);
      self->label = g_strdup (action->label);
    }
  if (self->label == NULL)
    self->label = g_strdup ("");
  g_hash_table_iter_init (&iter, action->properties);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (self->properties, g_strdup (key), g_strdup (value));
  self->instance_id = g_strdup (instance_id);
  self->changed_at = now;
  return g_steal_pointer (&self);
}

/* A different UUID for each row, cheaply: base (a random one) with the
 * row's number mixed into node, its last 48 bits. */
static void
branch_for_row (const char *base,
                guint64     node,
                guint       row,
                char        out[37])
{
  static const char hex[] = "0123456789abcdef";

  node ^= row;
  memcpy (out, base, 24);
  for (int i = 35; i >= 24; i--, node >>= 4)
    out[i] = hex[node & 0xf];
  out[36] = '\0';
}

static void
add_column (GPtrArray  *columns,
            const char *name)
{
  if (find_column (columns, name) < 0)
    g_ptr_array_add (columns, g_strdup (name));
}

/* row, the local entity's values over the server's (or over "" for one
 * created here). */
static void
fill_local (VtEntityList        *list,
            char               **row,
            const VtLocalEntity *entity)
{
  char number[32];

  for (guint c = 0; c < list->columns->len; c++)
    {
      const char *column = g_ptr_array_index (list->columns, c);
      const char *value = NULL;

      if (g_str_equal (column, "name"))
        value = entity->id;
      else if (g_str_equal (column, "label"))
        {
          if (entity->label[0] != '\0')
            value = entity->label;
        }
      else if (g_str_equal (column, "__version"))
        {
          g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, entity->version);
          value = number;
        }
      else if (g_str_equal (column, "__trunkVersion"))
        {
          if (entity->trunk_version > 0)
            g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, entity->trunk_version);
          else
            number[0] = '\0';
          value = number;
        }
      else if (g_str_equal (column, "__branchId"))
        value = entity->branch_id;
      else if (g_hash_table_contains (entity->properties, column))
        value = g_hash_table_lookup (entity->properties, column);
      if (value != NULL)
        row[c] = g_string_chunk_insert (list->strings, value);
    }
}

VtEntityList *
vt_entities_overlay (VtEntityList *server_list,
                     GPtrArray    *local,
                     GPtrArray    *superseded)
{
  g_autoptr(VtEntityList) list = server_list != NULL ? server_list : entity_list_new (4096);
  g_autofree char *base = g_uuid_string_random ();
  guint64 node = g_ascii_strtoull (base + 24, NULL, 16);
  guint n_server_columns = list->columns->len;
  int server_version_column = list->version_column;
  int trunk_column, branch_column;
  guint width, n_rows;
  char **cells;
  char *empty;

  add_column (list->columns, "name");
  add_column (list->columns, "label");
  add_column (list->columns, "__version");
  add_column (list->columns, "__trunkVersion");
  add_column (list->columns, "__branchId");
  for (guint i = 0; local != NULL && i < local->len; i++)
    {
      VtLocalEntity *entity = g_ptr_array_index (local, i);
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, entity->properties);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        add_column (list->columns, key);
    }
  list->name_column = find_column (list->columns, "name");
  list->label_column = find_column (list->columns, "label");
  list->version_column = find_column (list->columns, "__version");
  trunk_column = find_column (list->columns, "__trunkVersion");
  branch_column = find_column (list->columns, "__branchId");
  empty = g_string_chunk_insert_const (list->strings, "");
  width = list->columns->len + 1;
  n_rows = list->rows->len;

  /* The server's rows made as wide as the columns, in a block with room
   * for the rows created here. */
  cells = g_new (char *, (n_rows + (local != NULL ? local->len : 0)) * width);
  for (guint r = 0; r < n_rows; r++)
    {
      char **row = cells + (gsize) r * width;

      memcpy (row, g_ptr_array_index (list->rows, r), n_server_columns * sizeof (char *));
      for (guint c = n_server_columns; c < list->columns->len; c++)
        row[c] = empty;
      row[list->columns->len] = NULL;
      list->rows->pdata[r] = row;
    }
  g_free (list->cells);
  list->cells = cells;

  /* Unchanged here: its trunk is the server's version, and an update
   * would start a new branch. */
  for (guint r = 0; r < n_rows; r++)
    {
      char **row = g_ptr_array_index (list->rows, r);
      char branch[37];

      if (row[trunk_column][0] == '\0' && server_version_column >= 0)
        row[trunk_column] = row[server_version_column];
      if (row[branch_column][0] == '\0')
        {
          branch_for_row (base, node, r, branch);
          row[branch_column] = g_string_chunk_insert_len (list->strings, branch, 36);
        }
    }

  /* Changed here: over the server's row while the server's version is
   * older; else the server has the change. */
  for (guint i = 0; local != NULL && i < local->len; i++)
    {
      VtLocalEntity *entity = g_ptr_array_index (local, i);
      guint number = GPOINTER_TO_UINT (g_hash_table_lookup (list->by_name, entity->id));
      char **row;

      if (number != 0)
        {
          const char *server_version;

          row = g_ptr_array_index (list->rows, number - 1);
          server_version = server_version_column >= 0 ? row[server_version_column] : "";
          if (positive_or_zero (server_version) < entity->version)
            fill_local (list, row, entity);
          else if (superseded != NULL)
            g_ptr_array_add (superseded, g_strdup (entity->id));
          continue;
        }

      /* Created here and not on the server yet. */
      row = list->cells + (gsize) list->rows->len * width;
      for (guint c = 0; c < list->columns->len; c++)
        row[c] = empty;
      row[list->columns->len] = NULL;
      fill_local (list, row, entity);
      g_ptr_array_add (list->rows, row);
      g_hash_table_insert (list->by_name, row[list->name_column], GUINT_TO_POINTER (list->rows->len));
    }
  return g_steal_pointer (&list);
}

void
vt_local_entity_free (VtLocalEntity *self)
{
  if (self == NULL)
    return;
  g_free (self->dataset);
  g_free (self->id);
  g_free (self->label);
  g_free (self->branch_id);
  g_clear_pointer (&self->properties, g_hash_table_unref);
  g_free (self->instance_id);
  g_free (self);
}

/* ---- with the store ---------------------------------------------------------- */

gboolean
vt_entities_apply_submission (VtStore     *store,
                              const char  *form_xml,
                              const char  *submission_xml,
                              const char  *instance_id,
                              gint64       now,
                              gboolean    *applied,
                              GError     **error)
{
  g_autoptr(VtEntityForm) form = NULL;
  g_autoptr(VtEntityAction) action = NULL;
  g_autoptr(VtLocalEntity) base = NULL;
  g_autoptr(VtLocalEntity) entity = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (store != NULL && form_xml != NULL && submission_xml != NULL, FALSE);

  if (applied != NULL)
    *applied = FALSE;
  form = vt_entity_form_parse (form_xml, &local_error);
  /* Before 2024.1 the server alone creates and updates (spec): the
   * submission carries the entity, the kiosk's copy waits for the list. */
  if (form != NULL && vt_entity_form_applies_offline (form))
    action = vt_entity_action_from_submission (form, submission_xml, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (action == NULL)
    return TRUE;

  base = vt_store_get_local_entity (store, action->dataset, action->id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  entity = vt_local_entity_apply (action, base, instance_id, now);
  if (!vt_store_put_local_entity (store, entity, error))
    return FALSE;
  if (applied != NULL)
    *applied = TRUE;
  return TRUE;
}

static char *
dataset_of_file (const char *name)
{
  return g_str_has_suffix (name, ".csv") ? g_strndup (name, strlen (name) - 4) : NULL;
}

GHashTable *
vt_entities_dup_form_lists (VtStore      *store,
                            VtStoreForm  *form,
                            GError      **error)
{
  g_autoptr(GHashTable) media = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) vt_entity_list_free);
  g_autoptr(VtEntityForm) decl = NULL;

  g_return_val_if_fail (store != NULL && form != NULL, NULL);

  for (guint i = 0; form->media != NULL && i < form->media->len; i++)
    {
      VtStoreMedia *file = g_ptr_array_index (form->media, i);
      g_autofree char *dataset = dataset_of_file (file->name);
      g_autoptr(GPtrArray) local = NULL;
      g_autoptr(GPtrArray) superseded = NULL;
      g_autoptr(VtEntityList) list = NULL;
      g_autoptr(GError) local_error = NULL;

      /* Other files the form reads from its media folder as they are. */
      if (dataset == NULL || !vt_entities_csv_is_entity_list (file->name, file->bytes) ||
          (list = vt_entity_list_parse (file->bytes, &local_error)) == NULL)
        continue;
      local = vt_store_list_local_entities (store, dataset, error);
      if (local == NULL)
        return NULL;
      superseded = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (media, g_strdup (file->name),
                           vt_entities_overlay (g_steal_pointer (&list), local, superseded));
      if (!vt_store_drop_local_entities (store, dataset, superseded, &local_error))
        g_message ("Entities the server has now are kept here too: %s", local_error->message);
    }

  /* A list the server has not sent yet (or a bundled form's), made of what
   * this kiosk created: the form still sees its own entities. */
  decl = vt_entity_form_parse (form->xml, NULL);
  for (guint l = 0; decl != NULL && l < decl->lists->len; l++)
    {
      const char *name = g_ptr_array_index (decl->lists, l);
      g_autofree char *dataset = dataset_of_file (name);
      g_autoptr(GPtrArray) local = NULL;

      if (dataset == NULL || g_hash_table_contains (media, name))
        continue;
      local = vt_store_list_local_entities (store, dataset, error);
      if (local == NULL)
        return NULL;
      if (local->len > 0)
        g_hash_table_insert (media, g_strdup (name), vt_entities_overlay (NULL, local, NULL));
    }
  return g_steal_pointer (&media);
}
