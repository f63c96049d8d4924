/* A form as it is loaded: the XML read and checked, binds, setvalues,
 * itext, the submission element, and what the rest of the product asks of
 * a VtForm (id, version, languages, titles). */
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

G_DEFINE_QUARK (vt-form-error-quark, vt_form_error)

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */

gboolean
vt_form_is_element (xmlNode    *node,
                    const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE
         && g_str_equal ((const char *) node->name, name);
}

char *
vt_form_get_attr (xmlNode    *node,
                  const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy = value != NULL ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

/* Attributes such as jr:count, jr:template, jr:constraintMsg: by local
 * name in the JavaRosa namespace, or written with any "jr" prefix. */
char *
vt_form_get_jr_attr (xmlNode    *node,
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

char *
vt_form_node_text (xmlNode *node)
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

/* Does s have the name of n (name, as vt_form_node_name() gives it)?
 * Local names first: equal pointers (libxml2's dictionary) or a first
 * letter that differs settle most siblings at once. */
static inline gboolean
same_name (xmlNode    *s,
           xmlNode    *n,
           const char *name)
{
  if (s->name != n->name && (s->name[0] != n->name[0] || strcmp ((const char *) s->name, (const char *) n->name) != 0))
    return FALSE;
  if (s->ns == n->ns)
    return TRUE;
  return g_str_equal (vt_form_node_name (s), name);
}

/* A repeat instance always has its position, [1] too, so that a clerk or
 * a script can tell which person a path is about; other nodes only when
 * they have namesakes beside them. */
char *
vt_form_node_path (VtForm  *form,
                   xmlNode *node)
{
  GString *path = g_string_new (NULL);
  GPtrArray *steps = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *generic = form != NULL ? vt_form_node_generic_path (node) : NULL;

  for (xmlNode *n = node; n != NULL && n->type != XML_DOCUMENT_NODE; n = n->parent)
    {
      const char *name;
      guint position = 1;
      gboolean several = FALSE;
      char *slash = generic != NULL ? strrchr (generic, '/') : NULL;

      /* generic is n's generic path here; one step shorter after. */
      if (generic != NULL && g_hash_table_contains (form->repeats, generic))
        several = TRUE;
      if (slash != NULL)
        *slash = '\0';
      if (n->type == XML_ATTRIBUTE_NODE)
        {
          g_ptr_array_add (steps, g_strdup_printf ("@%s", n->name));
          continue;
        }
      name = vt_form_node_name (n);
      if (n->parent != NULL && n->parent->type == XML_ELEMENT_NODE)
        {
          /* Every sibling is looked at for every step of every path: a
           * big form's root has hundreds (issue 26's large-form benchmark),
           * so a sibling whose local name differs is passed over without
           * building its prefixed name. */
          for (xmlNode *s = n->parent->children; s != NULL; s = s->next)
            {
              if (s == n || s->type != XML_ELEMENT_NODE || !same_name (s, n, name))
                continue;
              several = TRUE;
              break;
            }
          for (xmlNode *s = n->prev; s != NULL; s = s->prev)
            if (s->type == XML_ELEMENT_NODE && same_name (s, n, name))
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
char *
vt_form_resolve_path (const char *base,
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

gboolean
vt_form_path_is_under (const char *path,
                       const char *ancestor)
{
  gsize len = strlen (ancestor);

  return strncmp (path, ancestor, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

void
vt_form_set_error (VtFormLoader *loader,
                   int           code,
                   const char   *format,
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

void
vt_form_add_warning (VtFormLoader *loader,
                     const char   *format,
                     ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_insert (loader->form->warnings, (gint) loader->form->warnings->len - 1, message);
}

VtXPathExpr *
vt_form_compile (VtFormLoader *loader,
                 const char   *text,
                 const char   *where)
{
  g_autoptr(GError) error = NULL;
  VtXPathExpr *expr;

  if (loader->error != NULL)
    return NULL;
  expr = vt_xpath_compile (text, &error);
  if (expr == NULL)
    /* Translators: the first %s says where ("bind /data/age relevant"), the
     * second is the expression, the third what is wrong with it. */
    vt_form_set_error (loader, VT_FORM_ERROR_EXPRESSION, _("%s: “%s”: %s"), where, text, error->message);
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

void
vt_text_def_free (VtTextDef *def)
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

void
vt_form_expr_clear (VtXPathExpr **expr)
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
  vt_form_expr_clear (&bind->required);
  vt_form_expr_clear (&bind->relevant);
  vt_form_expr_clear (&bind->constraint);
  vt_form_expr_clear (&bind->calculate);
  vt_form_expr_clear (&bind->readonly);
  vt_text_def_free (bind->required_msg);
  vt_text_def_free (bind->constraint_msg);
  g_free (bind->preload);
  g_free (bind->preload_params);
  g_free (bind);
}

void
vt_item_free (gpointer data)
{
  VtItem *item = data;

  g_free (item->value);
  vt_text_def_free (item->label);
  g_free (item->media_itext);
  g_free (item);
}

void
vt_control_free (gpointer data)
{
  VtControl *control = data;

  if (control == NULL)
    return;
  g_free (control->element);
  g_free (control->path);
  vt_text_def_free (control->label);
  vt_text_def_free (control->hint);
  g_free (control->appearance);
  if (control->items != NULL)
    g_ptr_array_unref (control->items);
  vt_form_expr_clear (&control->itemset);
  vt_form_expr_clear (&control->itemset_value);
  vt_text_def_free (control->itemset_label);
  vt_form_expr_clear (&control->repeat_count);
  g_free (control->mediatype);
  if (control->children != NULL)
    g_ptr_array_unref (control->children);
  g_free (control);
}

void
vt_computation_free (gpointer data)
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
  vt_form_expr_clear (&setvalue->value);
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
  g_clear_pointer (&self->media_files, g_hash_table_unref);
  g_free (self->xml);
  g_free (self->id);
  g_free (self->version);
  g_free (self->title);
  g_free (self->root_name);
  if (self->instance != NULL)
    xmlFreeDoc (self->instance);
  if (self->templates != NULL)
    xmlFreeDoc (self->templates);
  g_clear_pointer (&self->xpath_index, vt_xpath_index_free);
  g_clear_pointer (&self->secondary, g_hash_table_unref);
  g_clear_pointer (&self->generic_paths, g_hash_table_unref);
  g_clear_pointer (&self->computations, g_ptr_array_unref);
  g_clear_pointer (&self->readers, g_hash_table_unref);
  g_clear_pointer (&self->setvalues, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_pointer (&self->controls, g_hash_table_unref);
  g_clear_pointer (&self->repeats, g_hash_table_unref);
  vt_control_free (self->body);
  g_clear_pointer (&self->binds, g_hash_table_unref);
  g_clear_pointer (&self->bind_list, g_ptr_array_unref);
  g_clear_pointer (&self->languages, g_ptr_array_unref);
  g_free (self->default_language);
  g_clear_pointer (&self->itext, g_hash_table_unref);
  g_clear_pointer (&self->media, g_ptr_array_unref);
  g_clear_pointer (&self->missing_media, g_hash_table_unref);
  g_mutex_clear (&self->missing_lock);
  g_free (self->public_key);
  g_clear_pointer (&self->encryption_key, vt_encryption_key_free);
  g_free (self);
}

/* ------------------------------------------------------------------ */
/* Text: labels, hints, itext values                                   */

static GPtrArray *
parse_parts (VtFormLoader *loader,
             xmlNode      *node,
             const char   *where)
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
      else if (vt_form_is_element (child, "output"))
        {
          g_autofree char *value = vt_form_get_attr (child, "value");

          if (value == NULL)
            value = vt_form_get_attr (child, "ref");
          if (value == NULL)
            continue;
          part = g_new0 (VtTextPart, 1);
          part->expr = vt_form_compile (loader, value, where);
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

VtTextDef *
vt_form_parse_text_def (VtFormLoader *loader,
                        xmlNode      *node,
                        const char   *where)
{
  VtTextDef *def = g_new0 (VtTextDef, 1);
  g_autofree char *ref = vt_form_get_attr (node, "ref");

  if (ref != NULL)
    {
      def->itext_id = itext_literal_id (ref);
      if (def->itext_id == NULL)
        def->ref = vt_form_compile (loader, ref, where);
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

void
vt_form_add_media (VtForm     *self,
                   const char *uri)
{
  for (guint i = 0; i + 1 < self->media->len; i++)
    if (g_str_equal (g_ptr_array_index (self->media, i), uri))
      return;
  g_ptr_array_insert (self->media, self->media->len - 1, g_strdup (uri));
}

static void
parse_itext (VtFormLoader *loader,
             xmlNode      *itext)
{
  VtForm *self = loader->form;

  for (xmlNode *tr = itext->children; tr != NULL; tr = tr->next)
    {
      g_autofree char *lang = NULL;
      g_autofree char *is_default = NULL;
      GHashTable *table;

      if (!vt_form_is_element (tr, "translation"))
        continue;
      lang = vt_form_get_attr (tr, "lang");
      if (lang == NULL)
        lang = g_strdup ("default");
      is_default = vt_form_get_attr (tr, "default");

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

          if (!vt_form_is_element (text, "text"))
            continue;
          id = vt_form_get_attr (text, "id");
          if (id == NULL)
            continue;
          for (xmlNode *value = text->children; value != NULL; value = value->next)
            {
              g_autofree char *form = NULL;
              g_autofree char *where = NULL;
              GPtrArray *parts;

              if (!vt_form_is_element (value, "value"))
                continue;
              form = vt_form_get_attr (value, "form");
              if (form == NULL)
                form = g_strdup ("default");
              if (g_str_equal (form, "image") || g_str_equal (form, "audio")
                  || g_str_equal (form, "video") || g_str_equal (form, "big-image"))
                {
                  g_autofree char *uri = g_strstrip (vt_form_node_text (value));
                  if (uri[0] != '\0')
                    vt_form_add_media (self, uri);
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
  if (g_str_equal (name, "geopoint"))
    return VT_DATA_GEOPOINT;
  if (g_str_equal (name, "geotrace"))
    return VT_DATA_GEOTRACE;
  if (g_str_equal (name, "geoshape"))
    return VT_DATA_GEOSHAPE;
  if (g_str_equal (name, "barcode"))
    return VT_DATA_BARCODE;
  return VT_DATA_OTHER;
}

gboolean
vt_form_is_constant_true (const char *text)
{
  g_autofree char *t = g_strstrip (g_strdup (text));

  return g_str_equal (t, "true()") || g_str_equal (t, "1") || g_str_equal (t, "true");
}

static void
parse_bind (VtFormLoader *loader,
            xmlNode      *node)
{
  VtForm *self = loader->form;
  g_autofree char *nodeset = vt_form_get_attr (node, "nodeset");
  g_autofree char *root_path = NULL;
  g_autofree char *path = NULL;
  g_autofree char *where = NULL;
  VtBind *bind;
  struct { const char *attr; VtXPathExpr **target; } exprs[5];
  char *text;

  if (nodeset == NULL)
    nodeset = vt_form_get_attr (node, "ref");
  if (nodeset == NULL)
    {
      vt_form_set_error (loader, VT_FORM_ERROR_BIND, _("a <bind> has no nodeset"));
      return;
    }
  root_path = g_strconcat ("/", self->root_name, NULL);
  path = vt_form_resolve_path (root_path, nodeset);
  if (path == NULL)
    {
      vt_form_set_error (loader, VT_FORM_ERROR_BIND,
                         _("bind “%s”: the nodeset must be a plain path into the instance"), nodeset);
      return;
    }
  path = vt_form_canonical_path (loader, path);
  if (path == NULL)
    {
      /* ODK's engines load such a form; a control on the node still
       * refuses it, as that question could not be answered. */
      vt_form_add_warning (loader, _("bind “%s”: no such node in the primary instance; the bind is ignored"),
                           nodeset);
      return;
    }
  if ((text = vt_form_get_attr (node, "id")) != NULL)
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

  if ((text = vt_form_get_attr (node, "type")) != NULL)
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
      g_autofree char *value = vt_form_get_attr (node, exprs[i].attr);

      if (value == NULL)
        continue;
      g_free (where);
      where = g_strdup_printf (_("bind “%s” %s"), path, exprs[i].attr);
      vt_form_expr_clear (exprs[i].target);
      *exprs[i].target = vt_form_compile (loader, value, where);
      if (i == 4)
        bind->readonly_always = vt_form_is_constant_true (value);
    }

  if ((text = vt_form_get_jr_attr (node, "requiredMsg")) != NULL)
    {
      vt_text_def_free (bind->required_msg);
      bind->required_msg = parse_message (text);
      g_free (text);
    }
  if ((text = vt_form_get_jr_attr (node, "constraintMsg")) != NULL)
    {
      vt_text_def_free (bind->constraint_msg);
      bind->constraint_msg = parse_message (text);
      g_free (text);
    }
  if ((text = vt_form_get_jr_attr (node, "preload")) != NULL)
    {
      g_free (bind->preload);
      bind->preload = text;
    }
  if ((text = vt_form_get_jr_attr (node, "preloadParams")) != NULL)
    {
      g_free (bind->preload_params);
      bind->preload_params = text;
    }
  /* orx:max-pixels (ODK): a picture's longer side at most this long. */
  if ((text = vt_form_get_jr_attr (node, "max-pixels")) != NULL)
    {
      bind->max_pixels = (int) CLAMP (g_ascii_strtoll (text, NULL, 10), 0, G_MAXINT);
      g_free (text);
    }
}

/* ------------------------------------------------------------------ */
/* Actions                                                             */

gboolean
vt_form_parse_setvalue (VtFormLoader *loader,
                        xmlNode      *node,
                        const char   *context_path,
                        const char   *trigger_path)
{
  VtForm *self = loader->form;
  g_autofree char *events = vt_form_get_attr (node, "event");
  g_autofree char *ref = vt_form_get_attr (node, "ref");
  g_autofree char *value = vt_form_get_attr (node, "value");
  g_autofree char *path = NULL;
  g_auto(GStrv) names = NULL;
  gboolean geopoint = g_str_equal ((const char *) node->name, "setgeopoint");

  /* ODK's spec puts setgeopoint in its own namespace, and JavaRosa refuses
   * it in any other: a form written for no ODK client is a mistake. */
  if (geopoint && (node->ns == NULL ||
                   g_strcmp0 ((const char *) node->ns->href, "http://www.opendatakit.org/xforms") != 0))
    {
      vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE,
                         _("<setgeopoint> must be in ODK's namespace: write <odk:setgeopoint> with "
                           "xmlns:odk=\"http://www.opendatakit.org/xforms\" on the root"));
      return FALSE;
    }

  if (ref == NULL)
    {
      g_autofree char *bind_id = vt_form_get_attr (node, "bind");
      const char *bound = bind_id != NULL ? g_hash_table_lookup (loader->bind_ids, bind_id) : NULL;

      if (bind_id != NULL && bound == NULL)
        {
          vt_form_add_warning (loader, _("setvalue: there is no bind with id “%s”; the setvalue is ignored"), bind_id);
          return TRUE;
        }
      ref = g_strdup (bound);
    }
  if (events == NULL || ref == NULL)
    {
      vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE, _("a <setvalue> needs an event and a ref"));
      return FALSE;
    }
  path = vt_form_canonical_path (loader, vt_form_resolve_path (context_path, ref));
  if (path == NULL)
    {
      vt_form_add_warning (loader, _("setvalue “%s”: no such node in the primary instance; the setvalue is ignored"),
                           ref);
      return TRUE;
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
          vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE,
                             _("setvalue “%s”: unknown event “%s”"), ref, names[i]);
          return FALSE;
        }
      /* The spec: odk-new-repeat fires on a repeat, so its action sits
       * inside that <repeat>; in the model it would never run. */
      if (g_str_equal (names[i], "odk-new-repeat") && context_path == NULL)
        {
          vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE,
                             _("setvalue “%s”: an odk-new-repeat action belongs inside its <repeat> in the body, "
                               "not in the model"), ref);
          return FALSE;
        }
      setvalue = g_new0 (VtSetvalue, 1);
      setvalue->event = g_strdup (g_str_equal (names[i], "xforms-ready") ? "odk-instance-first-load" : names[i]);
      setvalue->path = g_strdup (path);
      setvalue->trigger_path = g_strdup (trigger_path);
      setvalue->geopoint = geopoint;
      where = g_strdup_printf (_("setvalue “%s”"), path);
      /* value="" (or no value and no text) clears the node. */
      if (!geopoint && value != NULL && value[strspn (value, " \t\r\n")] != '\0')
        setvalue->value = vt_form_compile (loader, value, where);
      else if (!geopoint && value == NULL)
        setvalue->literal = vt_form_node_text (node);
      if (setvalue->value == NULL && setvalue->literal == NULL)
        setvalue->literal = g_strdup ("");
      g_ptr_array_add (self->setvalues, setvalue);
    }
  return loader->error == NULL;
}

/* ------------------------------------------------------------------ */
/* Loading                                                             */

static xmlNode *
find_child (xmlNode    *node,
            const char *name)
{
  for (xmlNode *child = node != NULL ? node->children : NULL; child != NULL; child = child->next)
    if (vt_form_is_element (child, name))
      return child;
  return NULL;
}

/* <submission base64RsaPublicKey="…"/>: an encrypted form.  The key is
 * parsed here so a bad one is an error at load, not when a citizen submits:
 * a key we cannot use would mean sending in the clear what the form asks to
 * encrypt.  An empty key is no encryption, as in ODK Collect. */
static void
parse_submission (VtFormLoader *loader,
                  xmlNode      *model)
{
  VtForm *self = loader->form;
  xmlNode *submission = find_child (model, "submission");
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;

  if (submission == NULL)
    return;
  key = vt_form_get_attr (submission, "base64RsaPublicKey");
  if (key == NULL || g_strstrip (key)[0] == '\0')
    return;

  self->encryption_key = vt_encryption_key_new (key, self->id, &error);
  if (self->encryption_key == NULL)
    {
      vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE, "<submission base64RsaPublicKey>: %s", error->message);
      return;
    }
  self->public_key = g_steal_pointer (&key);
}

static void
parse_form (VtFormLoader *loader)
{
  VtForm *self = loader->form;
  xmlNode *html = xmlDocGetRootElement (loader->doc);
  xmlNode *head = find_child (html, "head");
  xmlNode *body = find_child (html, "body");
  xmlNode *model = find_child (head, "model");
  xmlNode *title = find_child (head, "title");

  if (html == NULL || !g_str_equal ((const char *) html->name, "html"))
    {
      vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE, _("not an XForm: the root element must be <h:html>"));
      return;
    }
  if (head == NULL || model == NULL)
    {
      vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE, _("not an XForm: no <model> in <h:head>"));
      return;
    }
  for (xmlNode *other = model->next; other != NULL; other = other->next)
    if (vt_form_is_element (other, "model"))
      {
        vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE, _("<h:head> has more than one <model>"));
        return;
      }

  self->title = title != NULL ? g_strstrip (vt_form_node_text (title)) : g_strdup ("");

  vt_form_parse_instances (loader, model);
  if (loader->error != NULL)
    return;
  parse_submission (loader, model);
  if (loader->error != NULL)
    return;

  self->generic_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  vt_form_collect_generic_paths (self->generic_paths, xmlDocGetRootElement (self->instance));
  {
    GHashTableIter iter;
    const char *path;

    g_hash_table_iter_init (&iter, self->generic_paths);
    while (g_hash_table_iter_next (&iter, (gpointer *) &path, NULL))
      g_hash_table_insert (loader->local_paths, vt_form_strip_prefixes (path), (gpointer) path);
  }

  for (xmlNode *node = model->children; node != NULL && loader->error == NULL; node = node->next)
    if (vt_form_is_element (node, "itext"))
      parse_itext (loader, node);
  for (xmlNode *node = model->children; node != NULL && loader->error == NULL; node = node->next)
    if (vt_form_is_element (node, "bind"))
      parse_bind (loader, node);
  for (xmlNode *node = model->children; node != NULL && loader->error == NULL; node = node->next)
    if (vt_form_is_element (node, "setvalue") || vt_form_is_element (node, "setgeopoint"))
      vt_form_parse_setvalue (loader, node, NULL, NULL);
  if (loader->error != NULL)
    return;

  self->body = g_new0 (VtControl, 1);
  self->body->kind = VT_CONTROL_GROUP;
  self->body->element = g_strdup ("body");
  self->body->children = g_ptr_array_new_with_free_func (vt_control_free);
  if (body != NULL)
    {
      g_autofree char *root_path = g_strconcat ("/", self->root_name, NULL);
      vt_form_parse_children (loader, body, self->body, root_path, 0);
    }
  if (loader->error != NULL)
    return;

  vt_form_build_templates (loader);
  vt_form_build_graph (loader);
}

static VtForm *
load_internal (const char  *xml,
               gssize       length,
               const char  *display_name,
               const char  *dir,
               GHashTable  *media_files,
               GError     **error)
{
  VtFormLoader loader = { 0 };
  VtForm *self;
  const xmlError *xml_error;

  g_return_val_if_fail (xml != NULL, NULL);
  if (length < 0)
    length = strlen (xml);

  self = g_new0 (VtForm, 1);
  self->ref_count = 1;
  self->display_name = g_strdup (display_name != NULL ? display_name : "form");
  self->dir = g_strdup (dir);
  self->media_files = media_files != NULL ? g_hash_table_ref (media_files) : NULL;
  self->xml = g_strndup (xml, length);
  self->xml_length = length;
  self->binds = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);
  self->bind_list = g_ptr_array_new_with_free_func (bind_free);
  self->controls = g_hash_table_new (g_str_hash, g_str_equal);
  self->repeats = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, repeat_def_free);
  self->secondary = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) xmlFreeDoc);
  self->xpath_index = vt_xpath_index_new ();
  self->setvalues = g_ptr_array_new_with_free_func (setvalue_free);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->warnings, NULL);
  self->itext = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_hash_table_unref);
  self->languages = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->languages, NULL);
  self->media = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->media, NULL);
  self->missing_media = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&self->missing_lock);
  loader.form = self;
  loader.bind_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  loader.local_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (length > MAX_FORM_BYTES)
    {
      vt_form_set_error (&loader, VT_FORM_ERROR_XML, _("the file is larger than %d MB"), MAX_FORM_BYTES / 1024 / 1024);
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
          vt_form_set_error (&loader, VT_FORM_ERROR_XML, _("not well-formed XML (line %d): %s"), xml_error->line, message);
        }
      else
        vt_form_set_error (&loader, VT_FORM_ERROR_XML, _("not well-formed XML"));
      goto out;
    }

  parse_form (&loader);

out:
  /* The instances are built: the lists' rows are not kept twice. */
  g_clear_pointer (&self->media_files, g_hash_table_unref);
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
    self = load_internal (contents, length, path, dir, NULL, error);
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
  return load_internal (xml, length, display_name, NULL, NULL, error);
}

VtForm *
vt_form_load_data_with_media (const char  *xml,
                              gssize       length,
                              const char  *display_name,
                              const char  *media_dir,
                              GError     **error)
{
  g_return_val_if_fail (xml != NULL, NULL);
  return load_internal (xml, length, display_name, media_dir, NULL, error);
}

VtForm *
vt_form_load_data_with_lists (const char  *xml,
                              gssize       length,
                              const char  *display_name,
                              const char  *media_dir,
                              GHashTable  *lists,
                              GError     **error)
{
  g_return_val_if_fail (xml != NULL, NULL);
  return load_internal (xml, length, display_name, media_dir, lists, error);
}

/* jr://images/a.png, jr://audio/a.ogg and jr://file/a.png all name a file
 * of the form's media by its name alone, as ODK Collect keeps them in one
 * folder: beside the form, or in its <name>-media folder. */
char *
vt_form_find_media_file (VtForm     *self,
                         const char *uri)
{
  g_autofree char *name = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *beside = NULL;
  g_autofree char *folder = NULL;
  const char *slash;

  g_return_val_if_fail (self != NULL, NULL);

  if (uri == NULL || !g_str_has_prefix (uri, "jr://"))
    return NULL;
  slash = strrchr (uri, '/');
  name = g_strstrip (g_strdup (slash + 1));
  if (name[0] == '\0' || g_str_equal (name, "..") || g_str_equal (name, "."))
    return NULL;

  if (self->dir != NULL)
    {
      beside = g_canonicalize_filename (name, self->dir);
      if (g_file_test (beside, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&beside);
      stem = g_path_get_basename (self->display_name);
      if (g_str_has_suffix (stem, ".xml"))
        stem[strlen (stem) - 4] = '\0';
      folder = g_strdup_printf ("%s-media/%s", stem, name);
      g_free (beside);
      beside = g_canonicalize_filename (folder, self->dir);
      g_free (folder);
      folder = g_steal_pointer (&beside);
      if (g_file_test (folder, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&folder);
    }

  /* Once per file: a page is built again on every change. */
  g_mutex_lock (&self->missing_lock);
  if (!g_hash_table_contains (self->missing_media, name))
    {
      g_message ("The form %s names the media file %s, which is not with it; its text is shown alone",
                 self->id, name);
      g_hash_table_add (self->missing_media, g_strdup (name));
    }
  g_mutex_unlock (&self->missing_lock);
  return NULL;
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

const char * const *
vt_form_get_warnings (VtForm *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->warnings->pdata;
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
