#define G_LOG_DOMAIN "vt-form"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <string.h>

#include "vt-form-private.h"

#define JR_NS "http://openrosa.org/javarosa"

/* Bounds on what a form file may make us read. */
#define MAX_FORM_BYTES      (64 * 1024 * 1024)
#define MAX_EXTERNAL_BYTES  (64 * 1024 * 1024)
#define MAX_BODY_DEPTH      64

G_DEFINE_QUARK (vt-form-error-quark, vt_form_error)

typedef struct
{
  VtForm     *form;
  xmlDoc     *doc;
  GError     *error;
  GHashTable *bind_ids;      /* bind id -> path */
  GHashTable *local_paths;   /* path without prefixes -> path as in the instance */
} Loader;

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE
         && g_str_equal ((const char *) node->name, name);
}

static char *
get_attr (xmlNode    *node,
          const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy = value != NULL ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

/* Attributes such as jr:count, jr:template, jr:constraintMsg: by local
 * name in the JavaRosa namespace, or written with any "jr" prefix. */
static char *
get_jr_attr (xmlNode    *node,
             const char *name)
{
  xmlChar *value = xmlGetNsProp (node, (const xmlChar *) name, (const xmlChar *) JR_NS);
  char *copy;

  if (value == NULL)
    {
      for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
        if (g_str_equal ((const char *) attr->name, name) && attr->ns != NULL)
          {
            value = xmlNodeGetContent ((xmlNode *) attr);
            break;
          }
    }
  copy = value != NULL ? g_strdup ((const char *) value) : NULL;
  xmlFree (value);
  return copy;
}

static char *
node_text (xmlNode *node)
{
  xmlChar *content = xmlNodeGetContent (node);
  char *copy = g_strdup (content != NULL ? (const char *) content : "");

  xmlFree (content);
  return copy;
}

const char *
vt_form_node_name (xmlNode *node)
{
  /* Names are compared as written in the instance: "orx:meta" keeps its
   * prefix.  The few prefixed names a form has are interned once. */
  g_autofree char *name = NULL;

  if (node->ns == NULL || node->ns->prefix == NULL)
    return (const char *) node->name;

  name = g_strdup_printf ("%s:%s", node->ns->prefix, node->name);
  return g_intern_string (name);
}

char *
vt_form_node_generic_path (xmlNode *node)
{
  GString *path = g_string_new (NULL);
  GPtrArray *steps = g_ptr_array_new ();

  for (xmlNode *n = node; n != NULL && n->type != XML_DOCUMENT_NODE; n = n->parent)
    {
      if (n->type == XML_ATTRIBUTE_NODE)
        g_ptr_array_add (steps, g_strdup_printf ("@%s", n->name));
      else
        g_ptr_array_add (steps, g_strdup (vt_form_node_name (n)));
    }
  for (guint i = steps->len; i > 0; i--)
    {
      g_string_append_c (path, '/');
      g_string_append (path, g_ptr_array_index (steps, i - 1));
      g_free (g_ptr_array_index (steps, i - 1));
    }
  g_ptr_array_free (steps, TRUE);
  return g_string_free (path, FALSE);
}

char *
vt_form_node_path (xmlNode *node)
{
  GString *path = g_string_new (NULL);
  GPtrArray *steps = g_ptr_array_new_with_free_func (g_free);

  for (xmlNode *n = node; n != NULL && n->type != XML_DOCUMENT_NODE; n = n->parent)
    {
      const char *name;
      guint position = 1;
      gboolean several = FALSE;

      if (n->type == XML_ATTRIBUTE_NODE)
        {
          g_ptr_array_add (steps, g_strdup_printf ("@%s", n->name));
          continue;
        }
      name = vt_form_node_name (n);
      if (n->parent != NULL && n->parent->type == XML_ELEMENT_NODE)
        {
          for (xmlNode *s = n->parent->children; s != NULL; s = s->next)
            {
              if (s->type != XML_ELEMENT_NODE || !g_str_equal (vt_form_node_name (s), name))
                continue;
              if (s == n)
                continue;
              several = TRUE;
              break;
            }
          for (xmlNode *s = n->prev; s != NULL; s = s->prev)
            if (s->type == XML_ELEMENT_NODE && g_str_equal (vt_form_node_name (s), name))
              position++;
        }
      if (several)
        g_ptr_array_add (steps, g_strdup_printf ("%s[%u]", name, position));
      else
        g_ptr_array_add (steps, g_strdup (name));
    }
  for (guint i = steps->len; i > 0; i--)
    {
      g_string_append_c (path, '/');
      g_string_append (path, g_ptr_array_index (steps, i - 1));
    }
  g_ptr_array_free (steps, TRUE);
  return g_string_free (path, FALSE);
}

/* Resolves a ref as written in a bind or control against the path of the
 * enclosing group.  Returns NULL for anything that is not a plain path
 * (predicates, functions): those cannot name a bind target. */
static char *
resolve_path (const char *base,
              const char *ref)
{
  g_auto(GStrv) parts = NULL;
  GPtrArray *steps;
  GString *out;
  g_autofree char *trimmed = g_strstrip (g_strdup (ref));

  /* In a body ref, current() is the enclosing group's node. */
  if (g_str_has_prefix (trimmed, "current()"))
    {
      char *rest = g_strconcat (".", trimmed + strlen ("current()"), NULL);
      g_free (trimmed);
      trimmed = rest;
    }
  if (trimmed[0] == '\0' || strpbrk (trimmed, "[]()'\" ") != NULL)
    return NULL;

  steps = g_ptr_array_new_with_free_func (g_free);
  if (trimmed[0] != '/' && base != NULL)
    {
      g_auto(GStrv) base_parts = g_strsplit (base, "/", -1);
      for (guint i = 0; base_parts[i] != NULL; i++)
        if (base_parts[i][0] != '\0')
          g_ptr_array_add (steps, g_strdup (base_parts[i]));
    }
  parts = g_strsplit (trimmed, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || g_str_equal (parts[i], "."))
        continue;
      if (g_str_equal (parts[i], ".."))
        {
          if (steps->len > 0)
            g_ptr_array_remove_index (steps, steps->len - 1);
          continue;
        }
      g_ptr_array_add (steps, g_strdup (parts[i]));
    }
  out = g_string_new (NULL);
  for (guint i = 0; i < steps->len; i++)
    {
      g_string_append_c (out, '/');
      g_string_append (out, g_ptr_array_index (steps, i));
    }
  g_ptr_array_free (steps, TRUE);
  if (out->len == 0)
    g_string_append_c (out, '/');
  return g_string_free (out, FALSE);
}

static gboolean
path_is_under (const char *path,
               const char *ancestor)
{
  gsize len = strlen (ancestor);

  return strncmp (path, ancestor, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

static void
set_error (Loader     *loader,
           int         code,
           const char *format,
           ...) G_GNUC_PRINTF (3, 4);

static void
set_error (Loader     *loader,
           int         code,
           const char *format,
           ...)
{
  va_list args;
  g_autofree char *message = NULL;

  if (loader->error != NULL)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  /* Every load error names the file first, then the node and what is wrong. */
  loader->error = g_error_new (VT_FORM_ERROR, code, "%s: %s", loader->form->display_name, message);
}

static VtXPathExpr *
compile (Loader     *loader,
         const char *text,
         const char *where)
{
  g_autoptr(GError) error = NULL;
  VtXPathExpr *expr;

  if (loader->error != NULL)
    return NULL;
  expr = vt_xpath_compile (text, &error);
  if (expr == NULL)
    /* Translators: the first %s says where ("bind /data/age relevant"), the
     * second is the expression, the third what is wrong with it. */
    set_error (loader, VT_FORM_ERROR_EXPRESSION, _("%s: “%s”: %s"), where, text, error->message);
  return expr;
}

/* ------------------------------------------------------------------ */
/* Freeing                                                             */

static void
text_part_free (gpointer data)
{
  VtTextPart *part = data;

  g_free (part->text);
  if (part->expr != NULL)
    vt_xpath_expr_free (part->expr);
  g_free (part);
}

static void
text_def_free (VtTextDef *def)
{
  if (def == NULL)
    return;
  if (def->parts != NULL)
    g_ptr_array_unref (def->parts);
  g_free (def->itext_id);
  if (def->ref != NULL)
    vt_xpath_expr_free (def->ref);
  g_free (def);
}

static void
expr_clear (VtXPathExpr **expr)
{
  if (*expr != NULL)
    vt_xpath_expr_free (*expr);
  *expr = NULL;
}

static void
bind_free (gpointer data)
{
  VtBind *bind = data;

  g_free (bind->path);
  g_free (bind->type_name);
  expr_clear (&bind->required);
  expr_clear (&bind->relevant);
  expr_clear (&bind->constraint);
  expr_clear (&bind->calculate);
  expr_clear (&bind->readonly);
  text_def_free (bind->required_msg);
  text_def_free (bind->constraint_msg);
  g_free (bind->preload);
  g_free (bind->preload_params);
  g_free (bind);
}

static void
item_free (gpointer data)
{
  VtItem *item = data;

  g_free (item->value);
  text_def_free (item->label);
  g_free (item->image_itext);
  g_free (item);
}

static void
control_free (gpointer data)
{
  VtControl *control = data;

  if (control == NULL)
    return;
  g_free (control->element);
  g_free (control->path);
  text_def_free (control->label);
  text_def_free (control->hint);
  g_free (control->appearance);
  if (control->items != NULL)
    g_ptr_array_unref (control->items);
  expr_clear (&control->itemset);
  expr_clear (&control->itemset_value);
  text_def_free (control->itemset_label);
  expr_clear (&control->repeat_count);
  g_free (control->mediatype);
  if (control->children != NULL)
    g_ptr_array_unref (control->children);
  g_free (control);
}

static void
computation_free (gpointer data)
{
  VtComputation *comp = data;

  g_free (comp->path);
  /* comp->expr belongs to the bind or control. */
  if (comp->references != NULL)
    g_ptr_array_unref (comp->references);
  g_clear_pointer (&comp->inner, g_ptr_array_unref);
  g_clear_pointer (&comp->readers_under, g_ptr_array_unref);
  g_free (comp->local_repeat);
  g_free (comp);
}

static void
repeat_def_free (gpointer data)
{
  VtRepeatDef *def = data;

  g_free (def->path);
  if (def->sibling_order != NULL)
    g_ptr_array_unref (def->sibling_order);
  g_clear_pointer (&def->inner, g_ptr_array_unref);
  g_clear_pointer (&def->readers_under, g_ptr_array_unref);
  g_free (def);
}

static void
setvalue_free (gpointer data)
{
  VtSetvalue *setvalue = data;

  g_free (setvalue->event);
  g_free (setvalue->path);
  g_free (setvalue->trigger_path);
  expr_clear (&setvalue->value);
  g_free (setvalue->literal);
  g_free (setvalue);
}

VtForm *
vt_form_ref (VtForm *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
vt_form_unref (VtForm *self)
{
  if (self == NULL)
    return;
  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;

  g_free (self->display_name);
  g_free (self->dir);
  g_free (self->xml);
  g_free (self->id);
  g_free (self->version);
  g_free (self->title);
  g_free (self->root_name);
  if (self->instance != NULL)
    xmlFreeDoc (self->instance);
  if (self->templates != NULL)
    xmlFreeDoc (self->templates);
  g_clear_pointer (&self->secondary, g_hash_table_unref);
  g_clear_pointer (&self->generic_paths, g_hash_table_unref);
  g_clear_pointer (&self->computations, g_ptr_array_unref);
  g_clear_pointer (&self->readers, g_hash_table_unref);
  g_clear_pointer (&self->setvalues, g_ptr_array_unref);
  g_clear_pointer (&self->controls, g_hash_table_unref);
  g_clear_pointer (&self->repeats, g_hash_table_unref);
  control_free (self->body);
  g_clear_pointer (&self->binds, g_hash_table_unref);
  g_clear_pointer (&self->bind_list, g_ptr_array_unref);
  g_clear_pointer (&self->languages, g_ptr_array_unref);
  g_free (self->default_language);
  g_clear_pointer (&self->itext, g_hash_table_unref);
  g_clear_pointer (&self->media, g_ptr_array_unref);
  g_free (self->public_key);
  g_clear_pointer (&self->encryption_key, vt_encryption_key_free);
  g_free (self);
}

/* ------------------------------------------------------------------ */
/* Text: labels, hints, itext values                                   */

static GPtrArray *
parse_parts (Loader     *loader,
             xmlNode    *node,
             const char *where)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (text_part_free);

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      VtTextPart *part;

      if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE)
        {
          part = g_new0 (VtTextPart, 1);
          part->text = g_strdup ((const char *) child->content);
          g_ptr_array_add (parts, part);
        }
      else if (is_element (child, "output"))
        {
          g_autofree char *value = get_attr (child, "value");

          if (value == NULL)
            value = get_attr (child, "ref");
          if (value == NULL)
            continue;
          part = g_new0 (VtTextPart, 1);
          part->expr = compile (loader, value, where);
          g_ptr_array_add (parts, part);
        }
      else if (child->type == XML_ELEMENT_NODE)
        {
          /* Markup such as <h:span>: keep its text. */
          GPtrArray *inner = parse_parts (loader, child, where);
          for (guint i = 0; i < inner->len; i++)
            g_ptr_array_add (parts, g_ptr_array_steal_index (inner, i--));
          g_ptr_array_unref (inner);
        }
    }
  return parts;
}

/* "jr:itext('id')" -> "id"; NULL for anything else. */
static char *
itext_literal_id (const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new ("^\\s*jr:itext\\s*\\(\\s*['\"]([^'\"]*)['\"]\\s*\\)\\s*$", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (!g_regex_match (regex, text, 0, &match))
    return NULL;
  return g_match_info_fetch (match, 1);
}

static VtTextDef *
parse_text_def (Loader     *loader,
                xmlNode    *node,
                const char *where)
{
  VtTextDef *def = g_new0 (VtTextDef, 1);
  g_autofree char *ref = get_attr (node, "ref");

  if (ref != NULL)
    {
      def->itext_id = itext_literal_id (ref);
      if (def->itext_id == NULL)
        def->ref = compile (loader, ref, where);
    }
  else
    def->parts = parse_parts (loader, node, where);
  return def;
}

/* jr:constraintMsg and jr:requiredMsg: an itext reference or literal text. */
static VtTextDef *
parse_message (const char *text)
{
  VtTextDef *def;
  VtTextPart *part;

  if (text == NULL)
    return NULL;
  def = g_new0 (VtTextDef, 1);
  def->itext_id = itext_literal_id (text);
  if (def->itext_id == NULL)
    {
      def->parts = g_ptr_array_new_with_free_func (text_part_free);
      part = g_new0 (VtTextPart, 1);
      part->text = g_strdup (text);
      g_ptr_array_add (def->parts, part);
    }
  return def;
}

static void
add_media (VtForm     *self,
           const char *uri)
{
  for (guint i = 0; i + 1 < self->media->len; i++)
    if (g_str_equal (g_ptr_array_index (self->media, i), uri))
      return;
  g_ptr_array_insert (self->media, self->media->len - 1, g_strdup (uri));
}

static void
parse_itext (Loader  *loader,
             xmlNode *itext)
{
  VtForm *self = loader->form;

  for (xmlNode *tr = itext->children; tr != NULL; tr = tr->next)
    {
      g_autofree char *lang = NULL;
      g_autofree char *is_default = NULL;
      GHashTable *table;

      if (!is_element (tr, "translation"))
        continue;
      lang = get_attr (tr, "lang");
      if (lang == NULL)
        lang = g_strdup ("default");
      is_default = get_attr (tr, "default");

      table = g_hash_table_lookup (self->itext, lang);
      if (table == NULL)
        {
          table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
          g_hash_table_insert (self->itext, g_strdup (lang), table);
          if (is_default != NULL && self->default_language == NULL)
            {
              self->default_language = g_strdup (lang);
              g_ptr_array_insert (self->languages, 0, g_strdup (lang));
            }
          else
            g_ptr_array_insert (self->languages, self->languages->len - 1, g_strdup (lang));
        }

      for (xmlNode *text = tr->children; text != NULL; text = text->next)
        {
          g_autofree char *id = NULL;

          if (!is_element (text, "text"))
            continue;
          id = get_attr (text, "id");
          if (id == NULL)
            continue;
          for (xmlNode *value = text->children; value != NULL; value = value->next)
            {
              g_autofree char *form = NULL;
              g_autofree char *where = NULL;
              GPtrArray *parts;

              if (!is_element (value, "value"))
                continue;
              form = get_attr (value, "form");
              if (form == NULL)
                form = g_strdup ("default");
              if (g_str_equal (form, "image") || g_str_equal (form, "audio")
                  || g_str_equal (form, "video") || g_str_equal (form, "big-image"))
                {
                  g_autofree char *uri = g_strstrip (node_text (value));
                  if (uri[0] != '\0')
                    add_media (self, uri);
                }
              where = g_strdup_printf (_("itext “%s” (%s)"), id, lang);
              parts = parse_parts (loader, value, where);
              g_hash_table_insert (table, g_strdup_printf ("%s\x1f%s", id, form), parts);
            }
        }
    }
  if (self->default_language == NULL && self->languages->len > 1)
    self->default_language = g_strdup (g_ptr_array_index (self->languages, 0));
}

GPtrArray *
vt_form_lookup_itext (VtForm     *self,
                      const char *language,
                      const char *id,
                      const char *form)
{
  g_autofree char *key = g_strdup_printf ("%s\x1f%s", id, form != NULL ? form : "default");
  GHashTable *table = NULL;
  GPtrArray *parts = NULL;

  if (language != NULL)
    table = g_hash_table_lookup (self->itext, language);
  if (table != NULL)
    parts = g_hash_table_lookup (table, key);
  if (parts == NULL && self->default_language != NULL)
    {
      table = g_hash_table_lookup (self->itext, self->default_language);
      if (table != NULL)
        parts = g_hash_table_lookup (table, key);
    }
  /* "long" falls back to the plain value; nothing else does. */
  if (parts == NULL && form != NULL && g_str_equal (form, "long"))
    return vt_form_lookup_itext (self, language, id, "default");
  return parts;
}

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

static void
collect_generic_paths (GHashTable *paths,
                       xmlNode    *node)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      g_hash_table_add (paths, vt_form_node_generic_path (node));
      for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
        g_hash_table_add (paths, vt_form_node_generic_path ((xmlNode *) attr));
      collect_generic_paths (paths, node->children);
    }
}

static char *
strip_prefixes (const char *path)
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
static char *
canonical_path (Loader     *loader,
                char       *path)
{
  g_autofree char *local = NULL;
  const char *found;

  if (path == NULL)
    return NULL;
  if (g_hash_table_contains (loader->form->generic_paths, path))
    return path;
  local = strip_prefixes (path);
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
load_external_instance (Loader     *loader,
                        const char *id,
                        const char *src)
{
  VtForm *self = loader->form;
  const char *name = strrchr (src, '/');
  g_autofree char *file = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  xmlDoc *doc = NULL;

  add_media (self, src);
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
              set_error (loader, VT_FORM_ERROR_STRUCTURE,
                         _("instance “%s”: %s is larger than %d MB"), id, file, MAX_EXTERNAL_BYTES / 1024 / 1024);
              return;
            }
          if (!g_file_get_contents (file, &contents, &length, &error))
            {
              set_error (loader, VT_FORM_ERROR_STRUCTURE, _("instance “%s”: %s"), id, error->message);
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
                  set_error (loader, VT_FORM_ERROR_XML, _("instance “%s”: %s is not well-formed XML"), id, file);
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
load_pulldata_files (Loader *loader)
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
            add_media (self, uri);
        }
      g_match_info_next (match, NULL);
    }
}

static void
parse_instances (Loader  *loader,
                 xmlNode *model)
{
  VtForm *self = loader->form;
  gboolean have_primary = FALSE;

  for (xmlNode *node = model->children; node != NULL && loader->error == NULL; node = node->next)
    {
      g_autofree char *id = NULL;
      g_autofree char *src = NULL;
      xmlNode *root = NULL;

      if (!is_element (node, "instance"))
        continue;
      for (xmlNode *child = node->children; child != NULL; child = child->next)
        if (child->type == XML_ELEMENT_NODE)
          {
            root = child;
            break;
          }
      id = get_attr (node, "id");
      src = get_attr (node, "src");

      if (!have_primary)
        {
          have_primary = TRUE;
          if (root == NULL)
            {
              set_error (loader, VT_FORM_ERROR_STRUCTURE, _("the primary instance is empty"));
              return;
            }
          self->instance = xmlNewDoc ((const xmlChar *) "1.0");
          xmlDocSetRootElement (self->instance, xmlDocCopyNode (root, self->instance, 1));
          strip_blanks (xmlDocGetRootElement (self->instance));
          self->id = get_attr (root, "id");
          if (self->id == NULL || self->id[0] == '\0')
            {
              set_error (loader, VT_FORM_ERROR_STRUCTURE,
                         _("instance root <%s>: the form has no id (an “id” attribute on the root)"),
                         (const char *) root->name);
              return;
            }
          self->version = get_attr (root, "version");
          if (self->version == NULL)
            self->version = g_strdup ("");
          self->root_name = g_strdup (vt_form_node_name (root));
          continue;
        }

      if (id == NULL)
        {
          set_error (loader, VT_FORM_ERROR_STRUCTURE, _("a secondary instance has no id"));
          return;
        }
      if (g_hash_table_contains (self->secondary, id))
        {
          set_error (loader, VT_FORM_ERROR_STRUCTURE, _("instance “%s” is defined twice"), id);
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
    set_error (loader, VT_FORM_ERROR_STRUCTURE, _("the model has no instance"));
  else
    load_pulldata_files (loader);
}

/* ------------------------------------------------------------------ */
/* Binds                                                               */

static VtDataType
parse_type (const char *type_name)
{
  const char *name;

  if (type_name == NULL)
    return VT_DATA_STRING;
  name = strchr (type_name, ':');
  name = name != NULL ? name + 1 : type_name;

  if (g_str_equal (name, "string"))
    return VT_DATA_STRING;
  if (g_str_equal (name, "int") || g_str_equal (name, "integer") || g_str_equal (name, "long")
      || g_str_equal (name, "short"))
    return VT_DATA_INT;
  if (g_str_equal (name, "decimal") || g_str_equal (name, "double") || g_str_equal (name, "float"))
    return VT_DATA_DECIMAL;
  if (g_str_equal (name, "date"))
    return VT_DATA_DATE;
  if (g_str_equal (name, "time"))
    return VT_DATA_TIME;
  if (g_str_equal (name, "dateTime"))
    return VT_DATA_DATETIME;
  if (g_str_equal (name, "select1"))
    return VT_DATA_SELECT1;
  if (g_str_equal (name, "select") || g_str_equal (name, "rank"))
    return VT_DATA_SELECT;
  if (g_str_equal (name, "boolean"))
    return VT_DATA_BOOLEAN;
  if (g_str_equal (name, "binary") || g_str_equal (name, "base64Binary"))
    return VT_DATA_BINARY;
  if (g_str_equal (name, "geopoint") || g_str_equal (name, "geotrace") || g_str_equal (name, "geoshape"))
    return VT_DATA_GEOPOINT;
  if (g_str_equal (name, "barcode"))
    return VT_DATA_BARCODE;
  return VT_DATA_OTHER;
}

static gboolean
is_constant_true (const char *text)
{
  g_autofree char *t = g_strstrip (g_strdup (text));

  return g_str_equal (t, "true()") || g_str_equal (t, "1") || g_str_equal (t, "true");
}

static void
parse_bind (Loader  *loader,
            xmlNode *node)
{
  VtForm *self = loader->form;
  g_autofree char *nodeset = get_attr (node, "nodeset");
  g_autofree char *root_path = NULL;
  g_autofree char *path = NULL;
  g_autofree char *where = NULL;
  VtBind *bind;
  struct { const char *attr; VtXPathExpr **target; } exprs[5];
  char *text;

  if (nodeset == NULL)
    nodeset = get_attr (node, "ref");
  if (nodeset == NULL)
    {
      set_error (loader, VT_FORM_ERROR_BIND, _("a <bind> has no nodeset"));
      return;
    }
  root_path = g_strconcat ("/", self->root_name, NULL);
  path = resolve_path (root_path, nodeset);
  if (path == NULL)
    {
      set_error (loader, VT_FORM_ERROR_BIND,
                 _("bind “%s”: the nodeset must be a plain path into the instance"), nodeset);
      return;
    }
  path = canonical_path (loader, path);
  if (path == NULL)
    {
      set_error (loader, VT_FORM_ERROR_BIND,
                 _("bind “%s”: no such node in the primary instance"), nodeset);
      return;
    }
  if ((text = get_attr (node, "id")) != NULL)
    g_hash_table_insert (loader->bind_ids, text, g_strdup (path));

  bind = g_hash_table_lookup (self->binds, path);
  if (bind == NULL)
    {
      bind = g_new0 (VtBind, 1);
      bind->path = g_strdup (path);
      bind->type = VT_DATA_STRING;
      g_hash_table_insert (self->binds, bind->path, bind);
      g_ptr_array_add (self->bind_list, bind);
    }

  if ((text = get_attr (node, "type")) != NULL)
    {
      g_free (bind->type_name);
      bind->type_name = text;
      bind->type = parse_type (text);
    }

  exprs[0].attr = "required", exprs[0].target = &bind->required;
  exprs[1].attr = "relevant", exprs[1].target = &bind->relevant;
  exprs[2].attr = "constraint", exprs[2].target = &bind->constraint;
  exprs[3].attr = "calculate", exprs[3].target = &bind->calculate;
  exprs[4].attr = "readonly", exprs[4].target = &bind->readonly;
  for (guint i = 0; i < G_N_ELEMENTS (exprs); i++)
    {
      g_autofree char *value = get_attr (node, exprs[i].attr);

      if (value == NULL)
        continue;
      g_free (where);
      where = g_strdup_printf (_("bind “%s” %s"), path, exprs[i].attr);
      expr_clear (exprs[i].target);
      *exprs[i].target = compile (loader, value, where);
      if (i == 4)
        bind->readonly_always = is_constant_true (value);
    }

  if ((text = get_jr_attr (node, "requiredMsg")) != NULL)
    {
      text_def_free (bind->required_msg);
      bind->required_msg = parse_message (text);
      g_free (text);
    }
  if ((text = get_jr_attr (node, "constraintMsg")) != NULL)
    {
      text_def_free (bind->constraint_msg);
      bind->constraint_msg = parse_message (text);
      g_free (text);
    }
  if ((text = get_jr_attr (node, "preload")) != NULL)
    {
      g_free (bind->preload);
      bind->preload = text;
    }
  if ((text = get_jr_attr (node, "preloadParams")) != NULL)
    {
      g_free (bind->preload_params);
      bind->preload_params = text;
    }
  /* orx:max-pixels (ODK): a picture's longer side at most this long. */
  if ((text = get_jr_attr (node, "max-pixels")) != NULL)
    {
      bind->max_pixels = (int) CLAMP (g_ascii_strtoll (text, NULL, 10), 0, G_MAXINT);
      g_free (text);
    }
}

/* ------------------------------------------------------------------ */
/* Actions                                                             */

static gboolean
parse_setvalue (Loader     *loader,
                xmlNode    *node,
                const char *context_path,
                const char *trigger_path)
{
  VtForm *self = loader->form;
  g_autofree char *events = get_attr (node, "event");
  g_autofree char *ref = get_attr (node, "ref");
  g_autofree char *value = get_attr (node, "value");
  g_autofree char *path = NULL;
  g_auto(GStrv) names = NULL;

  if (ref == NULL)
    {
      g_autofree char *bind_id = get_attr (node, "bind");
      const char *bound = bind_id != NULL ? g_hash_table_lookup (loader->bind_ids, bind_id) : NULL;

      if (bind_id != NULL && bound == NULL)
        {
          set_error (loader, VT_FORM_ERROR_BIND, _("setvalue: there is no bind with id “%s”"), bind_id);
          return FALSE;
        }
      ref = g_strdup (bound);
    }
  if (events == NULL || ref == NULL)
    {
      set_error (loader, VT_FORM_ERROR_STRUCTURE, _("a <setvalue> needs an event and a ref"));
      return FALSE;
    }
  path = canonical_path (loader, resolve_path (context_path, ref));
  if (path == NULL)
    {
      set_error (loader, VT_FORM_ERROR_BIND, _("setvalue “%s”: no such node in the primary instance"), ref);
      return FALSE;
    }

  names = g_strsplit_set (events, " \t\n", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      VtSetvalue *setvalue;
      g_autofree char *where = NULL;

      if (names[i][0] == '\0')
        continue;
      if (!g_str_equal (names[i], "odk-instance-first-load") && !g_str_equal (names[i], "odk-new-repeat")
          && !g_str_equal (names[i], "xforms-value-changed") && !g_str_equal (names[i], "odk-instance-load")
          && !g_str_equal (names[i], "xforms-ready"))
        {
          set_error (loader, VT_FORM_ERROR_STRUCTURE,
                     _("setvalue “%s”: unknown event “%s”"), ref, names[i]);
          return FALSE;
        }
      setvalue = g_new0 (VtSetvalue, 1);
      setvalue->event = g_strdup (g_str_equal (names[i], "xforms-ready") ? "odk-instance-first-load" : names[i]);
      setvalue->path = g_strdup (path);
      setvalue->trigger_path = g_strdup (trigger_path);
      where = g_strdup_printf (_("setvalue “%s”"), path);
      if (value != NULL)
        setvalue->value = compile (loader, value, where);
      else
        setvalue->literal = node_text (node);
      g_ptr_array_add (self->setvalues, setvalue);
    }
  return loader->error == NULL;
}

/* ------------------------------------------------------------------ */
/* Body                                                                */

static VtControl *parse_control (Loader     *loader,
                                 xmlNode    *node,
                                 VtControl  *parent,
                                 const char *context_path,
                                 guint       depth);

static void
parse_children (Loader     *loader,
                xmlNode    *node,
                VtControl  *parent,
                const char *context_path,
                guint       depth)
{
  for (xmlNode *child = node->children; child != NULL && loader->error == NULL; child = child->next)
    {
      VtControl *control;

      if (child->type != XML_ELEMENT_NODE)
        continue;
      control = parse_control (loader, child, parent, context_path, depth + 1);
      if (control != NULL)
        g_ptr_array_add (parent->children, control);
    }
}

static void
parse_item (Loader     *loader,
            VtControl  *control,
            xmlNode    *node)
{
  VtItem *item = g_new0 (VtItem, 1);
  g_autofree char *where = g_strdup_printf (_("a choice of “%s”"), control->path);

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (is_element (child, "label"))
        {
          text_def_free (item->label);
          item->label = parse_text_def (loader, child, where);
          if (item->label->itext_id != NULL)
            item->image_itext = g_strdup (item->label->itext_id);
        }
      else if (is_element (child, "value"))
        {
          g_free (item->value);
          item->value = g_strstrip (node_text (child));
        }
    }
  if (item->value == NULL)
    {
      set_error (loader, VT_FORM_ERROR_STRUCTURE, _("a choice of “%s” has no value"), control->path);
      item_free (item);
      return;
    }
  if (strchr (item->value, ' ') != NULL && g_str_equal (control->element, "select"))
    {
      /* Multiple choice answers are separated by spaces. */
      set_error (loader, VT_FORM_ERROR_STRUCTURE,
                 _("a choice of “%s” has a value with a space: “%s”"), control->path, item->value);
      item_free (item);
      return;
    }
  g_ptr_array_add (control->items, item);
}

static void
parse_itemset (Loader     *loader,
               VtControl  *control,
               xmlNode    *node)
{
  g_autofree char *nodeset = get_attr (node, "nodeset");
  g_autofree char *where = g_strdup_printf (_("itemset of “%s”"), control->path);

  if (nodeset == NULL)
    {
      set_error (loader, VT_FORM_ERROR_STRUCTURE, _("%s: no nodeset"), where);
      return;
    }
  control->itemset = compile (loader, nodeset, where);
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      g_autofree char *ref = NULL;

      if (is_element (child, "label"))
        {
          text_def_free (control->itemset_label);
          control->itemset_label = parse_text_def (loader, child, where);
        }
      else if (is_element (child, "value") && (ref = get_attr (child, "ref")) != NULL)
        {
          expr_clear (&control->itemset_value);
          control->itemset_value = compile (loader, ref, where);
        }
    }
  if (loader->error == NULL && (control->itemset_value == NULL || control->itemset_label == NULL))
    set_error (loader, VT_FORM_ERROR_STRUCTURE, _("%s: needs a <value ref> and a <label>"), where);
}

static VtControl *
parse_control (Loader     *loader,
               xmlNode    *node,
               VtControl  *parent,
               const char *context_path,
               guint       depth)
{
  VtForm *self = loader->form;
  const char *name = (const char *) node->name;
  g_autoptr(GString) label_where = NULL;
  g_autofree char *ref = NULL;
  VtControl *control;
  gboolean question = TRUE;

  if (depth > MAX_BODY_DEPTH)
    {
      set_error (loader, VT_FORM_ERROR_STRUCTURE, _("the body nests deeper than %d levels"), MAX_BODY_DEPTH);
      return NULL;
    }

  if (g_str_equal (name, "setvalue"))
    {
      const char *trigger = parent != NULL && parent->path != NULL ? parent->path : NULL;
      parse_setvalue (loader, node, context_path, trigger);
      return NULL;
    }
  if (g_str_equal (name, "setgeopoint"))
    {
      set_error (loader, VT_FORM_ERROR_UNSUPPORTED,
                 _("odk:setgeopoint: recording the location is not supported on this kiosk"));
      return NULL;
    }

  control = g_new0 (VtControl, 1);
  control->element = g_strdup (name);
  control->parent = parent;
  if (g_str_equal (name, "input") || g_str_equal (name, "secret") || g_str_equal (name, "textarea"))
    control->kind = VT_CONTROL_INPUT;
  else if (g_str_equal (name, "select1"))
    control->kind = VT_CONTROL_SELECT1;
  else if (g_str_equal (name, "select") || g_str_equal (name, "rank"))
    control->kind = VT_CONTROL_SELECT;
  else if (g_str_equal (name, "range"))
    control->kind = VT_CONTROL_RANGE;
  else if (g_str_equal (name, "trigger"))
    control->kind = VT_CONTROL_TRIGGER;
  else if (g_str_equal (name, "upload"))
    control->kind = VT_CONTROL_UPLOAD;
  else if (g_str_equal (name, "group"))
    control->kind = VT_CONTROL_GROUP, question = FALSE;
  else if (g_str_equal (name, "repeat"))
    control->kind = VT_CONTROL_REPEAT, question = FALSE;
  else
    {
      /* Labels of the body, h:p and other markup: nothing to fill in. */
      control_free (control);
      return NULL;
    }

  ref = get_attr (node, question ? "ref" : (control->kind == VT_CONTROL_REPEAT ? "nodeset" : "ref"));
  if (ref == NULL)
    {
      g_autofree char *bind_id = get_attr (node, "bind");
      const char *bound = bind_id != NULL ? g_hash_table_lookup (loader->bind_ids, bind_id) : NULL;

      if (bind_id != NULL && bound == NULL)
        {
          set_error (loader, VT_FORM_ERROR_BIND, _("<%s>: there is no bind with id “%s”"), name, bind_id);
          control_free (control);
          return NULL;
        }
      ref = g_strdup (bound);
    }
  if (ref == NULL && control->kind == VT_CONTROL_GROUP)
    ref = get_attr (node, "nodeset");

  if (ref != NULL)
    {
      control->path = canonical_path (loader, resolve_path (context_path, ref));
      if (control->path == NULL)
        {
          set_error (loader, VT_FORM_ERROR_BIND, _("<%s ref=\"%s\">: no such node in the primary instance"),
                     name, ref);
          control_free (control);
          return NULL;
        }
      control->bind = g_hash_table_lookup (self->binds, control->path);
    }
  else if (question || control->kind == VT_CONTROL_REPEAT)
    {
      set_error (loader, VT_FORM_ERROR_STRUCTURE, _("a <%s> has no ref"), name);
      control_free (control);
      return NULL;
    }

  control->appearance = get_attr (node, "appearance");

  if (control->kind == VT_CONTROL_INPUT && control->bind != NULL && control->bind->readonly_always)
    control->kind = VT_CONTROL_NOTE;
  if (control->bind != NULL && control->bind->type == VT_DATA_GEOPOINT && question)
    {
      set_error (loader, VT_FORM_ERROR_UNSUPPORTED,
                 _("“%s”: %s questions (location) are not supported on this kiosk"),
                 control->path, control->bind->type_name);
      control_free (control);
      return NULL;
    }

  if (control->kind == VT_CONTROL_RANGE)
    {
      g_autofree char *start = get_attr (node, "start");
      g_autofree char *end = get_attr (node, "end");
      g_autofree char *step = get_attr (node, "step");

      control->range_start = start != NULL ? g_ascii_strtod (start, NULL) : 0;
      control->range_end = end != NULL ? g_ascii_strtod (end, NULL) : 10;
      control->range_step = step != NULL ? g_ascii_strtod (step, NULL) : 1;
      if (control->range_step <= 0 || control->range_end < control->range_start
          || (control->range_end - control->range_start) / control->range_step > 1e6)
        {
          set_error (loader, VT_FORM_ERROR_STRUCTURE,
                     _("range “%s”: start %g, end %g and step %g do not make a range"),
                     control->path, control->range_start, control->range_end, control->range_step);
          control_free (control);
          return NULL;
        }
    }
  if (control->kind == VT_CONTROL_UPLOAD)
    control->mediatype = get_attr (node, "mediatype");

  if (control->kind == VT_CONTROL_REPEAT)
    {
      g_autofree char *count = get_jr_attr (node, "count");
      g_autofree char *no_add_remove = get_jr_attr (node, "noAddRemove");

      if (count != NULL)
        {
          g_autofree char *where = g_strdup_printf (_("repeat “%s” jr:count"), control->path);
          control->repeat_count = compile (loader, count, where);
        }
      if (no_add_remove != NULL)
        control->no_add_remove = is_constant_true (no_add_remove);
    }

  if (control->kind == VT_CONTROL_SELECT1 || control->kind == VT_CONTROL_SELECT)
    control->items = g_ptr_array_new_with_free_func (item_free);
  if (control->kind == VT_CONTROL_GROUP || control->kind == VT_CONTROL_REPEAT)
    control->children = g_ptr_array_new_with_free_func (control_free);

  label_where = g_string_new (NULL);
  g_string_printf (label_where, _("label of “%s”"), control->path != NULL ? control->path : name);

  for (xmlNode *child = node->children; child != NULL && loader->error == NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (is_element (child, "label"))
        {
          text_def_free (control->label);
          control->label = parse_text_def (loader, child, label_where->str);
        }
      else if (is_element (child, "hint"))
        {
          text_def_free (control->hint);
          control->hint = parse_text_def (loader, child, label_where->str);
        }
      else if (is_element (child, "item") && control->items != NULL)
        parse_item (loader, control, child);
      else if (is_element (child, "itemset") && control->items != NULL)
        parse_itemset (loader, control, child);
      else if (is_element (child, "setvalue"))
        parse_setvalue (loader, child, control->path != NULL ? control->path : context_path,
                        question ? control->path : NULL);
      else if (g_str_equal ((const char *) child->name, "setgeopoint"))
        set_error (loader, VT_FORM_ERROR_UNSUPPORTED,
                   _("odk:setgeopoint: recording the location is not supported on this kiosk"));
      else if (control->children != NULL)
        {
          VtControl *inner = parse_control (loader, child, control,
                                            control->path != NULL ? control->path : context_path,
                                            depth + 1);
          if (inner != NULL)
            g_ptr_array_add (control->children, inner);
        }
    }

  if (loader->error != NULL)
    {
      control_free (control);
      return NULL;
    }

  if (question)
    {
      self->n_controls++;
      if (!g_hash_table_contains (self->controls, control->path))
        g_hash_table_insert (self->controls, control->path, control);
    }
  if (control->kind == VT_CONTROL_REPEAT && !g_hash_table_contains (self->repeats, control->path))
    {
      VtRepeatDef *def = g_new0 (VtRepeatDef, 1);
      def->path = g_strdup (control->path);
      def->control = control;
      g_hash_table_insert (self->repeats, def->path, def);
    }
  return control;
}

/* ------------------------------------------------------------------ */
/* Repeat templates                                                    */

static gboolean
has_jr_template (xmlNode *node)
{
  g_autofree char *value = get_jr_attr (node, "template");
  return value != NULL;
}

static void
find_nodes (xmlNode    *node,
            const char *path,
            GPtrArray  *out)
{
  for (; node != NULL; node = node->next)
    {
      g_autofree char *generic = NULL;

      if (node->type != XML_ELEMENT_NODE)
        continue;
      generic = vt_form_node_generic_path (node);
      if (g_str_equal (generic, path))
        g_ptr_array_add (out, node);
      else if (path_is_under (path, generic))
        find_nodes (node->children, path, out);
    }
}

static void
remove_templates (xmlNode *node)
{
  xmlNode *next;

  for (; node != NULL; node = next)
    {
      next = node->next;
      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (has_jr_template (node))
        {
          xmlUnlinkNode (node);
          xmlFreeNode (node);
          continue;
        }
      remove_templates (node->children);
    }
}

static void
build_templates (Loader *loader)
{
  VtForm *self = loader->form;
  xmlNode *holder;
  GHashTableIter iter;
  VtRepeatDef *def;

  self->templates = xmlNewDoc ((const xmlChar *) "1.0");
  holder = xmlNewDocNode (self->templates, NULL, (const xmlChar *) "templates", NULL);
  xmlDocSetRootElement (self->templates, holder);

  g_hash_table_iter_init (&iter, self->repeats);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &def))
    {
      g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
      xmlNode *source = NULL;
      xmlNode *copy;

      find_nodes (xmlDocGetRootElement (self->instance), def->path, nodes);
      for (guint i = 0; i < nodes->len && source == NULL; i++)
        if (has_jr_template (g_ptr_array_index (nodes, i)))
          source = g_ptr_array_index (nodes, i);
      if (source == NULL && nodes->len > 0)
        source = g_ptr_array_index (nodes, 0);
      g_assert (source != NULL);   /* the repeat's path was checked against the instance */

      /* xmlDocCopyNode declares the namespaces the copy uses on it. */
      copy = xmlDocCopyNode (source, self->templates, 1);
      xmlAddChild (holder, copy);
      for (xmlAttr *attr = copy->properties; attr != NULL; attr = attr->next)
        if (g_str_equal ((const char *) attr->name, "template"))
          {
            xmlRemoveProp (attr);
            break;
          }
      remove_templates (copy->children);
      def->template_node = copy;

      def->sibling_order = g_ptr_array_new_with_free_func (g_free);
      for (xmlNode *s = source->parent->children; s != NULL; s = s->next)
        if (s->type == XML_ELEMENT_NODE)
          g_ptr_array_add (def->sibling_order, g_strdup (vt_form_node_name (s)));
    }
}

gboolean
vt_form_is_repeat_path (VtForm     *self,
                        const char *path)
{
  return g_hash_table_contains (self->repeats, path);
}

const char *
vt_form_enclosing_repeat (VtForm     *self,
                          const char *path)
{
  g_autofree char *p = g_strdup (path);
  char *slash;

  while (p[0] != '\0')
    {
      VtRepeatDef *def = g_hash_table_lookup (self->repeats, p);
      if (def != NULL)
        return def->path;
      slash = strrchr (p, '/');
      if (slash == NULL)
        break;
      *slash = '\0';
    }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Dependency graph                                                    */

static const char * const non_local_markers[] = {
  "sum(", "count(", "max(", "min(", "join(", "indexed-repeat", "count-non-empty", "position",
  "[", "instance(", "last(", NULL,
};

static void
add_computation (Loader        *loader,
                 VtComputeKind  kind,
                 const char    *path,
                 VtXPathExpr   *expr)
{
  VtForm *self = loader->form;
  VtComputation *comp = g_new0 (VtComputation, 1);
  const char *repeat;
  const char *text = vt_xpath_expr_get_text (expr);

  comp->kind = kind;
  comp->path = g_strdup (path);
  comp->expr = expr;
  comp->references = vt_xpath_expr_get_references (expr, path);
  if (comp->references == NULL)
    comp->references = g_ptr_array_new_with_free_func (g_free);

  /* An expression inside a repeat that only reads its own instance's
   * fields need not be re-evaluated in every other instance. */
  repeat = vt_form_enclosing_repeat (self, path);
  if (kind != VT_COMPUTE_COUNT && repeat != NULL)
    {
      gboolean local = TRUE;

      for (guint i = 0; non_local_markers[i] != NULL && local; i++)
        if (strstr (text, non_local_markers[i]) != NULL)
          local = FALSE;
      if (local)
        comp->local_repeat = g_strdup (repeat);
    }
  g_ptr_array_add (self->computations, comp);
}

static const char *
compute_kind_name (VtComputeKind kind)
{
  switch (kind)
    {
    case VT_COMPUTE_RELEVANT:
      return "relevant";
    case VT_COMPUTE_CALCULATE:
      return "calculate";
    case VT_COMPUTE_COUNT:
      return "jr:count";
    default:
      g_assert_not_reached ();
    }
}

/* X -> Y when Y reads what X writes: a calculate writes its node; a
 * relevant or jr:count changes its node and everything under it. */
static GPtrArray *
successors (VtForm        *self,
            VtComputation *comp,
            GPtrArray     *reader_paths)
{
  GPtrArray *out = g_ptr_array_new ();

  if (comp->kind == VT_COMPUTE_CALCULATE)
    {
      GPtrArray *readers = g_hash_table_lookup (self->readers, comp->path);
      /* once() reads its own node on purpose: keep the value it has. */
      gboolean once = strstr (vt_xpath_expr_get_text (comp->expr), "once(") != NULL;

      for (guint i = 0; readers != NULL && i < readers->len; i++)
        if (!(once && g_ptr_array_index (readers, i) == comp))
          g_ptr_array_add (out, g_ptr_array_index (readers, i));
    }
  else
    {
      for (guint j = 0; j < reader_paths->len; j++)
        {
          const char *path = g_ptr_array_index (reader_paths, j);
          GPtrArray *readers;

          if (!path_is_under (path, comp->path))
            continue;
          readers = g_hash_table_lookup (self->readers, path);
          for (guint i = 0; i < readers->len; i++)
            if (g_ptr_array_index (readers, i) != comp)
              g_ptr_array_add (out, g_ptr_array_index (readers, i));
        }
    }
  return out;
}

static int
compare_path_strings (gconstpointer a,
                      gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static int
compare_comp_paths (gconstpointer a,
                    gconstpointer b)
{
  const VtComputation *ca = *(const VtComputation * const *) a;
  const VtComputation *cb = *(const VtComputation * const *) b;
  int c = strcmp (ca->path, cb->path);

  return c != 0 ? c : (ca->order > cb->order) - (ca->order < cb->order);
}

/* The first index in sorted (by path) whose path is >= key. */
static guint
lower_bound (GPtrArray   *sorted,
             const char  *key,
             const char *(*path_of) (gpointer))
{
  guint lo = 0;
  guint hi = sorted->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (strcmp (path_of (g_ptr_array_index (sorted, mid)), key) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static const char *
string_path (gpointer data)
{
  return data;
}

static const char *
comp_path (gpointer data)
{
  return ((VtComputation *) data)->path;
}

/* Calls func for every element whose path is path or under it: two ranges
 * of the sorted array, path itself and path + "/…". */
static void
for_each_under (GPtrArray   *sorted,
                const char  *path,
                const char *(*path_of) (gpointer),
                GFunc        func,
                gpointer     user_data)
{
  g_autofree char *below = g_strconcat (path, "/", NULL);

  for (guint i = lower_bound (sorted, path, path_of);
       i < sorted->len && g_str_equal (path_of (g_ptr_array_index (sorted, i)), path); i++)
    func (g_ptr_array_index (sorted, i), user_data);
  for (guint i = lower_bound (sorted, below, path_of);
       i < sorted->len && g_str_has_prefix (path_of (g_ptr_array_index (sorted, i)), below); i++)
    func (g_ptr_array_index (sorted, i), user_data);
}

typedef struct
{
  VtForm        *form;
  GPtrArray     *out;
  GHashTable    *seen;
  VtComputation *except;
} UnderState;

static void
add_readers_cb (gpointer data,
                gpointer user_data)
{
  UnderState *state = user_data;
  GPtrArray *readers = g_hash_table_lookup (state->form->readers, data);

  for (guint i = 0; i < readers->len; i++)
    if (g_hash_table_add (state->seen, g_ptr_array_index (readers, i)))
      g_ptr_array_add (state->out, g_ptr_array_index (readers, i));
}

static void
add_comp_cb (gpointer data,
             gpointer user_data)
{
  UnderState *state = user_data;

  if (data != state->except)
    g_ptr_array_add (state->out, data);
}

static void
subtree_lists (VtForm        *self,
               GPtrArray     *sorted_readers,
               GPtrArray     *sorted_comps,
               const char    *path,
               VtComputation *except,
               GPtrArray    **inner,
               GPtrArray    **readers_under)
{
  UnderState state = { self, NULL, NULL, except };

  state.out = g_ptr_array_new ();
  for_each_under (sorted_comps, path, comp_path, add_comp_cb, &state);
  *inner = state.out;

  state.out = g_ptr_array_new ();
  state.seen = g_hash_table_new (NULL, NULL);
  for_each_under (sorted_readers, path, string_path, add_readers_cb, &state);
  g_hash_table_unref (state.seen);
  *readers_under = state.out;
}

static void
build_subtree_index (VtForm    *self,
                     GPtrArray *reader_paths)
{
  g_autoptr(GPtrArray) sorted_readers = g_ptr_array_copy (reader_paths, NULL, NULL);
  g_autoptr(GPtrArray) sorted_comps = g_ptr_array_copy (self->computations, NULL, NULL);
  GHashTableIter iter;
  VtRepeatDef *def;

  /* g_ptr_array_copy keeps the free function: these arrays only borrow. */
  g_ptr_array_set_free_func (sorted_readers, NULL);
  g_ptr_array_set_free_func (sorted_comps, NULL);
  g_ptr_array_sort (sorted_readers, compare_path_strings);
  g_ptr_array_sort (sorted_comps, compare_comp_paths);

  for (guint i = 0; i < self->computations->len; i++)
    {
      VtComputation *comp = g_ptr_array_index (self->computations, i);
      if (comp->kind == VT_COMPUTE_RELEVANT)
        subtree_lists (self, sorted_readers, sorted_comps, comp->path, comp,
                       &comp->inner, &comp->readers_under);
    }
  g_hash_table_iter_init (&iter, self->repeats);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &def))
    subtree_lists (self, sorted_readers, sorted_comps, def->path, NULL, &def->inner, &def->readers_under);
}

static void
build_graph (Loader *loader)
{
  VtForm *self = loader->form;
  g_autoptr(GPtrArray) unordered = NULL;
  g_autoptr(GPtrArray) reader_paths = NULL;
  g_autoptr(GPtrArray) succ = NULL;
  g_autofree guint *indegree = NULL;
  g_autoptr(GQueue) queue = g_queue_new ();
  GHashTableIter iter;
  gpointer key;
  guint n;

  self->computations = g_ptr_array_new_with_free_func (computation_free);
  for (guint i = 0; i < self->bind_list->len; i++)
    {
      VtBind *bind = g_ptr_array_index (self->bind_list, i);

      if (bind->relevant != NULL)
        add_computation (loader, VT_COMPUTE_RELEVANT, bind->path, bind->relevant);
      if (bind->calculate != NULL)
        add_computation (loader, VT_COMPUTE_CALCULATE, bind->path, bind->calculate);
    }
  {
    GHashTableIter riter;
    VtRepeatDef *def;

    g_hash_table_iter_init (&riter, self->repeats);
    while (g_hash_table_iter_next (&riter, NULL, (gpointer *) &def))
      if (def->control->repeat_count != NULL)
        add_computation (loader, VT_COMPUTE_COUNT, def->path, def->control->repeat_count);
  }

  self->readers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < self->computations->len; i++)
    {
      VtComputation *comp = g_ptr_array_index (self->computations, i);

      for (guint j = 0; j < comp->references->len; j++)
        {
          const char *ref = g_ptr_array_index (comp->references, j);
          GPtrArray *readers = g_hash_table_lookup (self->readers, ref);

          if (readers == NULL)
            {
              readers = g_ptr_array_new ();
              g_hash_table_insert (self->readers, g_strdup (ref), readers);
            }
          if (readers->len == 0 || g_ptr_array_index (readers, readers->len - 1) != comp)
            g_ptr_array_add (readers, comp);
        }
    }

  reader_paths = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->readers);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (reader_paths, key);

  /* Kahn's algorithm in document order; what is left over is a cycle. */
  n = self->computations->len;
  indegree = g_new0 (guint, n);
  succ = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < n; i++)
    {
      VtComputation *comp = g_ptr_array_index (self->computations, i);
      comp->order = i;   /* temporarily: the index */
    }
  for (guint i = 0; i < n; i++)
    {
      GPtrArray *s = successors (self, g_ptr_array_index (self->computations, i), reader_paths);
      for (guint j = 0; j < s->len; j++)
        indegree[((VtComputation *) g_ptr_array_index (s, j))->order]++;
      g_ptr_array_add (succ, s);
    }
  for (guint i = 0; i < n; i++)
    if (indegree[i] == 0)
      g_queue_push_tail (queue, GUINT_TO_POINTER (i));

  unordered = self->computations;
  self->computations = g_ptr_array_new_with_free_func (computation_free);
  g_ptr_array_set_free_func (unordered, NULL);
  while (!g_queue_is_empty (queue))
    {
      guint i = GPOINTER_TO_UINT (g_queue_pop_head (queue));
      GPtrArray *s = g_ptr_array_index (succ, i);

      g_ptr_array_add (self->computations, g_ptr_array_index (unordered, i));
      for (guint j = 0; j < s->len; j++)
        {
          guint k = ((VtComputation *) g_ptr_array_index (s, j))->order;
          if (--indegree[k] == 0)
            g_queue_push_tail (queue, GUINT_TO_POINTER (k));
        }
    }

  if (self->computations->len < n)
    {
      g_autoptr(GString) cycle = g_string_new (NULL);
      g_autofree gboolean *seen = g_new0 (gboolean, n);
      guint start = 0;
      guint at;

      for (guint i = 0; i < n; i++)
        {
          if (indegree[i] > 0)
            {
              start = i;
              break;
            }
        }
      /* Walk successors that are still blocked until one repeats. */
      at = start;
      while (!seen[at])
        {
          GPtrArray *s = g_ptr_array_index (succ, at);
          seen[at] = TRUE;
          for (guint j = 0; j < s->len; j++)
            {
              guint k = ((VtComputation *) g_ptr_array_index (s, j))->order;
              if (indegree[k] > 0)
                {
                  at = k;
                  break;
                }
            }
        }
      start = at;
      do
        {
          VtComputation *comp = g_ptr_array_index (unordered, at);
          GPtrArray *s = g_ptr_array_index (succ, at);

          g_string_append_printf (cycle, "%s (%s) → ", comp->path, compute_kind_name (comp->kind));
          for (guint j = 0; j < s->len; j++)
            {
              guint k = ((VtComputation *) g_ptr_array_index (s, j))->order;
              if (indegree[k] > 0)
                {
                  at = k;
                  break;
                }
            }
        }
      while (at != start);
      g_string_append_printf (cycle, "%s", ((VtComputation *) g_ptr_array_index (unordered, start))->path);

      set_error (loader, VT_FORM_ERROR_CYCLE,
                 _("the calculations and relevance conditions depend on each other in a cycle: %s"),
                 cycle->str);
      for (guint i = 0; i < n; i++)
        if (indegree[i] > 0)
          g_ptr_array_add (self->computations, g_ptr_array_index (unordered, i));
    }

  for (guint i = 0; i < self->computations->len; i++)
    ((VtComputation *) g_ptr_array_index (self->computations, i))->order = i;

  build_subtree_index (self, reader_paths);
}

/* ------------------------------------------------------------------ */
/* Loading                                                             */

static xmlNode *
find_child (xmlNode    *node,
            const char *name)
{
  for (xmlNode *child = node != NULL ? node->children : NULL; child != NULL; child = child->next)
    if (is_element (child, name))
      return child;
  return NULL;
}

static void
check_unsupported (Loader  *loader,
                   xmlNode *model)
{
  for (xmlNode *node = model->children; node != NULL && loader->error == NULL; node = node->next)
    if (node->type == XML_ELEMENT_NODE && g_str_equal ((const char *) node->name, "setgeopoint"))
      set_error (loader, VT_FORM_ERROR_UNSUPPORTED,
                 _("odk:setgeopoint: recording the location is not supported on this kiosk"));
}

/* <submission base64RsaPublicKey="…"/>: an encrypted form.  The key is
 * parsed here so a bad one is an error at load, not when a citizen submits:
 * a key we cannot use would mean sending in the clear what the form asks to
 * encrypt.  An empty key is no encryption, as in ODK Collect. */
static void
parse_submission (Loader  *loader,
                  xmlNode *model)
{
  VtForm *self = loader->form;
  xmlNode *submission = find_child (model, "submission");
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;

  if (submission == NULL)
    return;
  key = get_attr (submission, "base64RsaPublicKey");
  if (key == NULL || g_strstrip (key)[0] == '\0')
    return;

  self->encryption_key = vt_encryption_key_new (key, self->id, &error);
  if (self->encryption_key == NULL)
    {
      set_error (loader, VT_FORM_ERROR_STRUCTURE, "<submission base64RsaPublicKey>: %s", error->message);
      return;
    }
  self->public_key = g_steal_pointer (&key);
}

static void
parse_form (Loader *loader)
{
  VtForm *self = loader->form;
  xmlNode *html = xmlDocGetRootElement (loader->doc);
  xmlNode *head = find_child (html, "head");
  xmlNode *body = find_child (html, "body");
  xmlNode *model = find_child (head, "model");
  xmlNode *title = find_child (head, "title");

  if (html == NULL || !g_str_equal ((const char *) html->name, "html"))
    {
      set_error (loader, VT_FORM_ERROR_STRUCTURE, _("not an XForm: the root element must be <h:html>"));
      return;
    }
  if (head == NULL || model == NULL)
    {
      set_error (loader, VT_FORM_ERROR_STRUCTURE, _("not an XForm: no <model> in <h:head>"));
      return;
    }
  for (xmlNode *other = model->next; other != NULL; other = other->next)
    if (is_element (other, "model"))
      {
        set_error (loader, VT_FORM_ERROR_STRUCTURE, _("<h:head> has more than one <model>"));
        return;
      }

  self->title = title != NULL ? g_strstrip (node_text (title)) : g_strdup ("");

  parse_instances (loader, model);
  if (loader->error != NULL)
    return;
  check_unsupported (loader, model);
  parse_submission (loader, model);
  if (loader->error != NULL)
    return;

  self->generic_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  collect_generic_paths (self->generic_paths, xmlDocGetRootElement (self->instance));
  {
    GHashTableIter iter;
    const char *path;

    g_hash_table_iter_init (&iter, self->generic_paths);
    while (g_hash_table_iter_next (&iter, (gpointer *) &path, NULL))
      g_hash_table_insert (loader->local_paths, strip_prefixes (path), (gpointer) path);
  }

  for (xmlNode *node = model->children; node != NULL && loader->error == NULL; node = node->next)
    if (is_element (node, "itext"))
      parse_itext (loader, node);
  for (xmlNode *node = model->children; node != NULL && loader->error == NULL; node = node->next)
    if (is_element (node, "bind"))
      parse_bind (loader, node);
  for (xmlNode *node = model->children; node != NULL && loader->error == NULL; node = node->next)
    if (is_element (node, "setvalue"))
      parse_setvalue (loader, node, NULL, NULL);
  if (loader->error != NULL)
    return;

  self->body = g_new0 (VtControl, 1);
  self->body->kind = VT_CONTROL_GROUP;
  self->body->element = g_strdup ("body");
  self->body->children = g_ptr_array_new_with_free_func (control_free);
  if (body != NULL)
    {
      g_autofree char *root_path = g_strconcat ("/", self->root_name, NULL);
      parse_children (loader, body, self->body, root_path, 0);
    }
  if (loader->error != NULL)
    return;

  build_templates (loader);
  build_graph (loader);
}

static VtForm *
load_internal (const char  *xml,
               gssize       length,
               const char  *display_name,
               const char  *dir,
               GError     **error)
{
  Loader loader = { 0 };
  VtForm *self;
  const xmlError *xml_error;

  g_return_val_if_fail (xml != NULL, NULL);
  if (length < 0)
    length = strlen (xml);

  self = g_new0 (VtForm, 1);
  self->ref_count = 1;
  self->display_name = g_strdup (display_name != NULL ? display_name : "form");
  self->dir = g_strdup (dir);
  self->xml = g_strndup (xml, length);
  self->xml_length = length;
  self->binds = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);
  self->bind_list = g_ptr_array_new_with_free_func (bind_free);
  self->controls = g_hash_table_new (g_str_hash, g_str_equal);
  self->repeats = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, repeat_def_free);
  self->secondary = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) xmlFreeDoc);
  self->setvalues = g_ptr_array_new_with_free_func (setvalue_free);
  self->itext = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_hash_table_unref);
  self->languages = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->languages, NULL);
  self->media = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->media, NULL);
  loader.form = self;
  loader.bind_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  loader.local_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (length > MAX_FORM_BYTES)
    {
      set_error (&loader, VT_FORM_ERROR_XML, _("the file is larger than %d MB"), MAX_FORM_BYTES / 1024 / 1024);
      goto out;
    }
  xmlResetLastError ();
  loader.doc = xmlReadMemory (xml, (int) length, self->display_name, NULL,
                              XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
  if (loader.doc == NULL)
    {
      xml_error = xmlGetLastError ();
      if (xml_error != NULL && xml_error->message != NULL)
        {
          g_autofree char *message = g_strstrip (g_strdup (xml_error->message));
          /* Translators: %d is a line number, %s what libxml2 found wrong. */
          set_error (&loader, VT_FORM_ERROR_XML, _("not well-formed XML (line %d): %s"), xml_error->line, message);
        }
      else
        set_error (&loader, VT_FORM_ERROR_XML, _("not well-formed XML"));
      goto out;
    }

  parse_form (&loader);

out:
  g_hash_table_unref (loader.bind_ids);
  g_hash_table_unref (loader.local_paths);
  if (loader.doc != NULL)
    xmlFreeDoc (loader.doc);
  if (loader.error != NULL)
    {
      g_propagate_error (error, loader.error);
      vt_form_unref (self);
      return NULL;
    }
  return self;
}

VtForm *
vt_form_load_file (const char  *path,
                   GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;
  VtForm *self;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_stat (path, &st) == 0 && st.st_size > MAX_FORM_BYTES)
    {
      g_set_error (error, VT_FORM_ERROR, VT_FORM_ERROR_XML, _("%s: the file is larger than %d MB"),
                   path, MAX_FORM_BYTES / 1024 / 1024);
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, VT_FORM_ERROR, VT_FORM_ERROR_XML, "%s", local_error->message);
      return NULL;
    }

  /* External instances are looked for beside the form. */
  {
    g_autofree char *dir = g_path_get_dirname (path);
    self = load_internal (contents, length, path, dir, error);
  }
  return self;
}

VtForm *
vt_form_load_data (const char  *xml,
                   gssize       length,
                   const char  *display_name,
                   GError     **error)
{
  g_return_val_if_fail (xml != NULL, NULL);
  return load_internal (xml, length, display_name, NULL, error);
}

/* ------------------------------------------------------------------ */
/* Accessors                                                           */

const char *
vt_form_get_id (VtForm *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

const char *
vt_form_get_version (VtForm *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->version;
}

const char *
vt_form_get_xml (VtForm *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->xml;
}

char *
vt_form_dup_md5 (VtForm *self)
{
  g_autofree char *hex = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  hex = g_compute_checksum_for_data (G_CHECKSUM_MD5, (const guchar *) self->xml, self->xml_length);
  return g_strconcat ("md5:", hex, NULL);
}

guint
vt_form_count_controls (VtForm *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_controls;
}

const char * const *
vt_form_get_languages (VtForm *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->languages->pdata;
}

const char *
vt_form_get_default_language (VtForm *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->default_language;
}

gboolean
vt_form_is_encrypted (VtForm *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->public_key != NULL;
}

const char * const *
vt_form_get_media (VtForm *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->media->pdata;
}

const char *
vt_form_get_public_key (VtForm *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->public_key;
}

/* "Español (es)" -> "es"; "English" -> NULL. */
static char *
language_code (const char *name)
{
  const char *open = strrchr (name, '(');
  const char *close = open != NULL ? strchr (open, ')') : NULL;

  if (open == NULL || close == NULL || close <= open + 1)
    return NULL;
  return g_strndup (open + 1, close - open - 1);
}

static gboolean
code_matches (const char *a,
              const char *b,
              gboolean    whole)
{
  /* "pt_BR", "pt-BR", "pt_BR.UTF-8": compare up to the encoding, '_' = '-';
   * with !whole, compare only the language part. */
  gsize i = 0;

  for (;; i++)
    {
      char ca = a[i] == '_' ? '-' : a[i];
      char cb = b[i] == '_' ? '-' : b[i];

      if (ca == '.' || ca == '@')
        ca = '\0';
      if (cb == '.' || cb == '@')
        cb = '\0';
      if (!whole && (ca == '-' || ca == '\0') && (cb == '-' || cb == '\0'))
        return TRUE;
      if (g_ascii_tolower (ca) != g_ascii_tolower (cb))
        return FALSE;
      if (ca == '\0')
        return TRUE;
    }
}

const char *
vt_form_match_language (VtForm     *self,
                        const char *locale_or_name)
{
  const char *found;

  g_return_val_if_fail (self != NULL, NULL);

  found = vt_form_find_language (self, locale_or_name);
  return found != NULL ? found : self->default_language;
}

const char *
vt_form_find_language (VtForm     *self,
                       const char *locale_or_name)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (locale_or_name == NULL || self->languages->len <= 1)
    return NULL;

  for (guint pass = 0; pass < 3; pass++)
    for (guint i = 0; i + 1 < self->languages->len; i++)
      {
        const char *name = g_ptr_array_index (self->languages, i);
        g_autofree char *code = language_code (name);

        if (pass == 0 && g_str_equal (name, locale_or_name))
          return name;
        if (pass == 1 && code != NULL && code_matches (code, locale_or_name, TRUE))
          return name;
        if (pass == 1 && code == NULL && code_matches (name, locale_or_name, TRUE))
          return name;
        if (pass == 2 && code != NULL && code_matches (code, locale_or_name, FALSE))
          return name;
      }
  return NULL;
}

static char *
parts_to_plain (GPtrArray *parts)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; parts != NULL && i < parts->len; i++)
    {
      VtTextPart *part = g_ptr_array_index (parts, i);
      if (part->text != NULL)
        g_string_append (out, part->text);
    }
  return g_strstrip (g_string_free (out, FALSE));
}

static char *
catalogue_text (VtForm     *self,
                const char *id,
                const char *language,
                const char *fallback)
{
  GPtrArray *parts = vt_form_lookup_itext (self, vt_form_match_language (self, language), id, NULL);

  if (parts != NULL)
    return parts_to_plain (parts);
  return g_strdup (fallback);
}

char *
vt_form_dup_title (VtForm     *self,
                   const char *language)
{
  g_return_val_if_fail (self != NULL, NULL);
  return catalogue_text (self, "vt-title", language, self->title);
}

char *
vt_form_dup_description (VtForm     *self,
                         const char *language)
{
  g_return_val_if_fail (self != NULL, NULL);
  return catalogue_text (self, "vt-description", language, "");
}

char *
vt_form_dup_category (VtForm     *self,
                      const char *language)
{
  g_return_val_if_fail (self != NULL, NULL);
  return catalogue_text (self, "vt-category", language, "");
}
