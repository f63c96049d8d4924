/* A form's body: its controls (questions, groups, repeats) with their
 * labels, hints and choices, and the clean template of each repeat. */
#define G_LOG_DOMAIN "vt-form"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vt-form-private.h"

#define MAX_BODY_DEPTH      64

/* ------------------------------------------------------------------ */
/* Body                                                                */

static VtControl *parse_control (VtFormLoader *loader,
                                 xmlNode      *node,
                                 VtControl    *parent,
                                 const char   *context_path,
                                 guint         depth);

void
vt_form_parse_children (VtFormLoader *loader,
                        xmlNode      *node,
                        VtControl    *parent,
                        const char   *context_path,
                        guint         depth)
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
parse_item (VtFormLoader *loader,
            VtControl    *control,
            xmlNode      *node)
{
  VtItem *item = g_new0 (VtItem, 1);
  g_autofree char *where = g_strdup_printf (_("a choice of “%s”"), control->path);

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (vt_form_is_element (child, "label"))
        {
          vt_text_def_free (item->label);
          item->label = vt_form_parse_text_def (loader, child, where);
          if (item->label->itext_id != NULL)
            item->media_itext = g_strdup (item->label->itext_id);
        }
      else if (vt_form_is_element (child, "value"))
        {
          g_free (item->value);
          item->value = g_strstrip (vt_form_node_text (child));
        }
    }
  if (item->value == NULL)
    {
      vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE, _("a choice of “%s” has no value"), control->path);
      vt_item_free (item);
      return;
    }
  if (strchr (item->value, ' ') != NULL && g_str_equal (control->element, "select"))
    {
      /* Multiple choice answers are separated by spaces. */
      vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE,
                         _("a choice of “%s” has a value with a space: “%s”"), control->path, item->value);
      vt_item_free (item);
      return;
    }
  g_ptr_array_add (control->items, item);
}

static void
parse_itemset (VtFormLoader *loader,
               VtControl    *control,
               xmlNode      *node)
{
  g_autofree char *nodeset = vt_form_get_attr (node, "nodeset");
  g_autofree char *where = g_strdup_printf (_("itemset of “%s”"), control->path);

  if (nodeset == NULL)
    {
      vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE, _("%s: no nodeset"), where);
      return;
    }
  /* As JavaRosa, which refuses it too: a second list would replace the
   * first with part of its label and value left over. */
  if (control->itemset != NULL)
    {
      vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE,
                         _("“%s” has more than one <itemset>; a question takes one list of choices"),
                         control->path);
      return;
    }
  control->itemset = vt_form_compile (loader, nodeset, where);
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      g_autofree char *ref = NULL;

      if (vt_form_is_element (child, "label"))
        {
          vt_text_def_free (control->itemset_label);
          control->itemset_label = vt_form_parse_text_def (loader, child, where);
        }
      else if (vt_form_is_element (child, "value") && (ref = vt_form_get_attr (child, "ref")) != NULL)
        {
          vt_form_expr_clear (&control->itemset_value);
          control->itemset_value = vt_form_compile (loader, ref, where);
        }
    }
  if (loader->error == NULL && (control->itemset_value == NULL || control->itemset_label == NULL))
    vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE, _("%s: needs a <value ref> and a <label>"), where);
}

/* The kind of control an element of the body is; FALSE for markup that is
 * not one (labels of the body, h:p...).  *question: it holds an answer. */
static gboolean
control_kind (const char    *name,
              VtControlKind *kind,
              gboolean      *question)
{
  static const struct
  {
    const char    *element;
    VtControlKind  kind;
  } kinds[] = {
    { "input", VT_CONTROL_INPUT },
    { "secret", VT_CONTROL_INPUT },
    { "textarea", VT_CONTROL_INPUT },
    { "select1", VT_CONTROL_SELECT1 },
    { "select", VT_CONTROL_SELECT },
    { "rank", VT_CONTROL_SELECT },
    { "range", VT_CONTROL_RANGE },
    { "trigger", VT_CONTROL_TRIGGER },
    { "upload", VT_CONTROL_UPLOAD },
    { "group", VT_CONTROL_GROUP },
    { "repeat", VT_CONTROL_REPEAT },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (name, kinds[i].element))
      {
        *kind = kinds[i].kind;
        *question = *kind != VT_CONTROL_GROUP && *kind != VT_CONTROL_REPEAT;
        return TRUE;
      }
  return FALSE;
}

/* The instance node the control is about: its ref (a repeat's nodeset),
 * else its bind's; a group may have none. */
static gboolean
resolve_control_path (VtFormLoader *loader,
                      VtControl    *control,
                      xmlNode      *node,
                      gboolean      question,
                      const char   *context_path)
{
  const char *name = control->element;
  g_autofree char *ref = vt_form_get_attr (node, control->kind == VT_CONTROL_REPEAT ? "nodeset" : "ref");

  /* A <repeat ref="…">, as other engines accept it. */
  if (ref == NULL && control->kind == VT_CONTROL_REPEAT)
    ref = vt_form_get_attr (node, "ref");

  if (ref == NULL)
    {
      g_autofree char *bind_id = vt_form_get_attr (node, "bind");
      const char *bound = bind_id != NULL ? g_hash_table_lookup (loader->bind_ids, bind_id) : NULL;

      if (bind_id != NULL && bound == NULL)
        {
          vt_form_set_error (loader, VT_FORM_ERROR_BIND, _("<%s>: there is no bind with id “%s”"), name, bind_id);
          return FALSE;
        }
      ref = g_strdup (bound);
    }
  if (ref == NULL && control->kind == VT_CONTROL_GROUP)
    ref = vt_form_get_attr (node, "nodeset");

  if (ref != NULL)
    {
      control->path = vt_form_canonical_path (loader, vt_form_resolve_path (context_path, ref));
      if (control->path == NULL)
        {
          vt_form_set_error (loader, VT_FORM_ERROR_BIND, _("<%s ref=\"%s\">: no such node in the primary instance"),
                             name, ref);
          return FALSE;
        }
      control->bind = g_hash_table_lookup (loader->form->binds, control->path);
    }
  else if (question || control->kind == VT_CONTROL_REPEAT)
    {
      vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE, _("a <%s> has no ref"), name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_range (VtFormLoader *loader,
             VtControl    *control,
             xmlNode      *node)
{
  struct { const char *name; double *target; double fallback; } attrs[] = {
    { "start", &control->range_start, 0 },
    { "end", &control->range_end, 10 },
    { "step", &control->range_step, 1 },
  };

  /* Each a number as written, or the spec refuses the form. */
  for (gsize i = 0; i < G_N_ELEMENTS (attrs); i++)
    {
      g_autofree char *text = vt_form_get_attr (node, attrs[i].name);
      char *end = NULL;

      *attrs[i].target = attrs[i].fallback;
      if (text == NULL)
        continue;
      g_strstrip (text);
      *attrs[i].target = g_ascii_strtod (text, &end);
      if (text[0] == '\0' || *end != '\0' || !isfinite (*attrs[i].target))
        {
          vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE,
                             _("range “%s”: %s=\"%s\" is not a number; write it as 1 or 0.5"),
                             control->path, attrs[i].name, text);
          return FALSE;
        }
    }
  if (control->range_step <= 0 || control->range_end < control->range_start
      || (control->range_end - control->range_start) / control->range_step > 1e6)
    {
      vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE,
                         _("range “%s”: start %g, end %g and step %g do not make a range"),
                         control->path, control->range_start, control->range_end, control->range_step);
      return FALSE;
    }
  return TRUE;
}

/* What the element's attributes say beyond its ref: appearance, a note, a
 * range, an upload's mediatype, a repeat's count. */
static gboolean
parse_control_attributes (VtFormLoader *loader,
                          VtControl    *control,
                          xmlNode      *node,
                          gboolean      question)
{
  control->appearance = vt_form_get_attr (node, "appearance");

  if (control->kind == VT_CONTROL_INPUT && control->bind != NULL && control->bind->readonly_always)
    control->kind = VT_CONTROL_NOTE;

  if (control->kind == VT_CONTROL_RANGE && !parse_range (loader, control, node))
    return FALSE;
  if (control->kind == VT_CONTROL_UPLOAD)
    control->mediatype = vt_form_get_attr (node, "mediatype");

  if (control->kind == VT_CONTROL_REPEAT)
    {
      g_autofree char *count = vt_form_get_jr_attr (node, "count");
      g_autofree char *no_add_remove = vt_form_get_jr_attr (node, "noAddRemove");

      if (count != NULL)
        {
          g_autofree char *where = g_strdup_printf (_("repeat “%s” jr:count"), control->path);
          control->repeat_count = vt_form_compile (loader, count, where);
        }
      if (no_add_remove != NULL)
        control->no_add_remove = vt_form_is_constant_true (no_add_remove);
    }
  return loader->error == NULL;
}

/* Label, hint, choices, actions and (groups and repeats) inner controls. */
static void
parse_control_children (VtFormLoader *loader,
                        VtControl    *control,
                        xmlNode      *node,
                        gboolean      question,
                        const char   *context_path,
                        guint         depth)
{
  const char *inner_context = control->path != NULL ? control->path : context_path;
  g_autofree char *label_where = g_strdup_printf (_("label of “%s”"),
                                                  control->path != NULL ? control->path : control->element);

  if (control->kind == VT_CONTROL_SELECT1 || control->kind == VT_CONTROL_SELECT)
    control->items = g_ptr_array_new_with_free_func (vt_item_free);
  if (control->kind == VT_CONTROL_GROUP || control->kind == VT_CONTROL_REPEAT)
    control->children = g_ptr_array_new_with_free_func (vt_control_free);

  for (xmlNode *child = node->children; child != NULL && loader->error == NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (vt_form_is_element (child, "label"))
        {
          vt_text_def_free (control->label);
          control->label = vt_form_parse_text_def (loader, child, label_where);
        }
      else if (vt_form_is_element (child, "hint"))
        {
          vt_text_def_free (control->hint);
          control->hint = vt_form_parse_text_def (loader, child, label_where);
        }
      else if (vt_form_is_element (child, "item") && control->items != NULL)
        parse_item (loader, control, child);
      else if (vt_form_is_element (child, "itemset") && control->items != NULL)
        parse_itemset (loader, control, child);
      else if (vt_form_is_element (child, "setvalue") || vt_form_is_element (child, "setgeopoint"))
        vt_form_parse_setvalue (loader, child, inner_context, question ? control->path : NULL);
      else if (control->children != NULL)
        {
          VtControl *inner = parse_control (loader, child, control, inner_context, depth + 1);
          if (inner != NULL)
            g_ptr_array_add (control->children, inner);
        }
    }
}

/* Questions and repeats are found by path at run time. */
static void
register_control (VtForm    *self,
                  VtControl *control,
                  gboolean   question)
{
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
}

static VtControl *
parse_control (VtFormLoader *loader,
               xmlNode      *node,
               VtControl    *parent,
               const char   *context_path,
               guint         depth)
{
  const char *name = (const char *) node->name;
  VtControlKind kind;
  VtControl *control;
  gboolean question;

  if (depth > MAX_BODY_DEPTH)
    {
      vt_form_set_error (loader, VT_FORM_ERROR_STRUCTURE, _("the body nests deeper than %d levels"), MAX_BODY_DEPTH);
      return NULL;
    }

  if (g_str_equal (name, "setvalue") || g_str_equal (name, "setgeopoint"))
    {
      const char *trigger = parent != NULL && parent->path != NULL ? parent->path : NULL;
      vt_form_parse_setvalue (loader, node, context_path, trigger);
      return NULL;
    }
  if (!control_kind (name, &kind, &question))
    return NULL;

  control = g_new0 (VtControl, 1);
  control->element = g_strdup (name);
  control->kind = kind;
  control->parent = parent;
  if (!resolve_control_path (loader, control, node, question, context_path) ||
      !parse_control_attributes (loader, control, node, question))
    {
      vt_control_free (control);
      return NULL;
    }

  parse_control_children (loader, control, node, question, context_path, depth);
  if (loader->error != NULL)
    {
      vt_control_free (control);
      return NULL;
    }

  register_control (loader->form, control, question);
  return control;
}

/* ------------------------------------------------------------------ */
/* Repeat templates                                                    */

static gboolean
has_jr_template (xmlNode *node)
{
  g_autofree char *value = vt_form_get_jr_attr (node, "template");
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
      else if (vt_form_path_is_under (path, generic))
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

void
vt_form_build_templates (VtFormLoader *loader)
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
