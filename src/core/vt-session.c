/* One citizen filling one form: the instance and its nodes, answers,
 * the recompute of relevance, calculates and setvalues in dependency
 * order, the language, and the form's own XPath functions.  The files
 * that upload questions take are in vt-session-attachments.c. */
#define G_LOG_DOMAIN "vt-session"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vt-kiosk-identity.h"
#include "vt-geo.h"
#include "vt-session-private.h"
#include "vt-wipe.h"

/* A strange form may not offer more choices than this. */
#define MAX_CHOICES 10000

G_DEFINE_QUARK (vt-session-error-quark, vt_session_error)

static void
pending_free (gpointer data)
{
  VtSessionPending *pending = data;

  g_clear_pointer (&pending->scopes, g_ptr_array_unref);
  g_free (pending);
}

static int
compare_order (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  guint ia = GPOINTER_TO_UINT (a);
  guint ib = GPOINTER_TO_UINT (b);

  return ia < ib ? -1 : ia > ib;
}

/* ------------------------------------------------------------------ */
/* Instance tree helpers                                               */

char *
vt_session_node_value (xmlNode *node)
{
  xmlChar *content;
  char *value;

  if (node == NULL)
    return g_strdup ("");
  content = xmlNodeGetContent (node);
  value = g_strdup (content != NULL ? (const char *) content : "");
  xmlFree (content);
  return value;
}

gboolean
vt_session_node_has_element_children (xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      return TRUE;
  return FALSE;
}

void
vt_session_set_node_value (xmlNode    *node,
                           const char *value)
{
  if (node->type == XML_ATTRIBUTE_NODE)
    {
      xmlSetProp (node->parent, node->name, (const xmlChar *) value);
      return;
    }
  /* Raw text, never parsed for entities: "A & B" stays as typed. */
  while (node->children != NULL)
    {
      xmlNode *child = node->children;
      xmlUnlinkNode (child);
      xmlFreeNode (child);
    }
  if (value != NULL && value[0] != '\0')
    xmlAddChild (node, xmlNewDocText (node->doc, (const xmlChar *) value));
}

static guint
path_depth (const char *path)
{
  guint depth = 0;

  for (const char *p = path; *p != '\0'; p++)
    if (*p == '/')
      depth++;
  return depth;
}

static guint
node_depth (xmlNode *node)
{
  guint depth = 0;

  for (; node != NULL && node->type == XML_ELEMENT_NODE; node = node->parent)
    depth++;
  return depth;
}

/* Every element under (or at) start whose generic path is path. */
void
vt_session_collect_nodes (xmlNode    *start,
                          const char *start_path,
                          const char *path,
                          GPtrArray  *out)
{
  const char *rest;
  g_auto(GStrv) steps = NULL;
  g_autoptr(GPtrArray) level = g_ptr_array_new ();

  if (g_str_equal (start_path, path))
    {
      g_ptr_array_add (out, start);
      return;
    }
  if (!vt_form_path_is_under (path, start_path))
    return;
  rest = path + strlen (start_path) + 1;
  steps = g_strsplit (rest, "/", -1);
  g_ptr_array_add (level, start);
  for (guint s = 0; steps[s] != NULL; s++)
    {
      g_autoptr(GPtrArray) next = g_ptr_array_new ();

      for (guint i = 0; i < level->len; i++)
        {
          xmlNode *parent = g_ptr_array_index (level, i);

          if (steps[s][0] == '@')
            {
              xmlAttr *attr = xmlHasProp (parent, (const xmlChar *) steps[s] + 1);
              if (attr != NULL)
                g_ptr_array_add (next, attr);
              continue;
            }
          for (xmlNode *child = parent->children; child != NULL; child = child->next)
            if (child->type == XML_ELEMENT_NODE && g_str_equal (vt_form_node_name (child), steps[s]))
              g_ptr_array_add (next, child);
        }
      g_ptr_array_set_size (level, 0);
      for (guint i = 0; i < next->len; i++)
        g_ptr_array_add (level, g_ptr_array_index (next, i));
    }
  for (guint i = 0; i < level->len; i++)
    g_ptr_array_add (out, g_ptr_array_index (level, i));
}

xmlNode *
vt_session_doc_root (VtSession *self)
{
  return xmlDocGetRootElement (self->doc);
}

/* "/data/member[2]/age" -> the node, or NULL. */
xmlNode *
vt_session_resolve (VtSession  *self,
                    const char *path)
{
  g_auto(GStrv) steps = NULL;
  xmlNode *node = NULL;

  if (path == NULL || path[0] != '/')
    return NULL;
  steps = g_strsplit (path + 1, "/", -1);
  for (guint s = 0; steps[s] != NULL; s++)
    {
      char *bracket = strchr (steps[s], '[');
      guint64 wanted = 1;
      guint seen = 0;
      xmlNode *found = NULL;

      if (steps[s][0] == '\0')
        return NULL;
      if (bracket != NULL)
        {
          char *end = NULL;
          wanted = g_ascii_strtoull (bracket + 1, &end, 10);
          if (end == NULL || *end != ']' || end[1] != '\0' || wanted == 0)
            return NULL;
          *bracket = '\0';
        }
      if (s == 0)
        {
          node = vt_session_doc_root (self);
          if (node == NULL || !g_str_equal (vt_form_node_name (node), steps[0]) || wanted != 1)
            return NULL;
          continue;
        }
      if (steps[s][0] == '@')
        {
          if (steps[s + 1] != NULL)
            return NULL;
          return (xmlNode *) xmlHasProp (node, (const xmlChar *) steps[s] + 1);
        }
      for (xmlNode *child = node->children; child != NULL; child = child->next)
        if (child->type == XML_ELEMENT_NODE && g_str_equal (vt_form_node_name (child), steps[s])
            && ++seen == wanted)
          {
            found = child;
            break;
          }
      if (found == NULL)
        return NULL;
      node = found;
    }
  return node;
}

void
vt_session_forget_subtree (VtSession *self,
                           xmlNode   *node)
{
  g_hash_table_remove (self->not_relevant, node);
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      vt_session_forget_subtree (self, child);
}

gboolean
vt_session_node_is_relevant (VtSession *self,
                             xmlNode   *node)
{
  if (node != NULL && node->type == XML_ATTRIBUTE_NODE)
    node = node->parent;
  for (; node != NULL && node->type == XML_ELEMENT_NODE; node = node->parent)
    if (g_hash_table_contains (self->not_relevant, node))
      return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Clock                                                               */

GDateTime *
vt_session_dup_now (VtSession *self)
{
  if (self->now != NULL)
    return g_date_time_ref (self->now);
  return g_date_time_new_now_local ();
}

/* ODK's dateTime: 2024-03-31T14:05:09.123-03:00 */
char *
vt_session_format_date_time (GDateTime *time)
{
  g_autofree char *base = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");
  g_autofree char *zone = g_date_time_format (time, "%:z");

  return g_strdup_printf ("%s.%03d%s", base, g_date_time_get_microsecond (time) / 1000, zone);
}

static gboolean function_hook (const char            *name,
                               GPtrArray             *args,
                               const VtXPathContext  *context,
                               VtXPathValue         **result,
                               GError               **error,
                               gpointer               user_data);

static void
init_context (VtSession      *self,
              VtXPathContext *ctx,
              xmlNode        *node,
              xmlNode        *current)
{
  memset (ctx, 0, sizeof *ctx);
  ctx->node = node != NULL ? node : vt_session_doc_root (self);
  ctx->current = current;
  ctx->primary = self->doc;
  ctx->instances = self->form->secondary;
  ctx->index = self->form->xpath_index;
  ctx->position = 1;
  ctx->size = 1;
  ctx->now = self->now;
  ctx->hook = function_hook;
  ctx->hook_data = self;
}

static char *
eval_string (VtSession   *self,
             VtXPathExpr *expr,
             xmlNode     *node,
             xmlNode     *current)
{
  VtXPathContext ctx;
  g_autoptr(GError) error = NULL;
  char *value;

  init_context (self, &ctx, node, current);
  self->evaluations++;
  value = vt_xpath_eval_string (expr, &ctx, &error);
  if (value == NULL)
    {
      /* The expression compiled at load; a failure now (an instance with no
       * such item, say) counts as an empty value, as ODK's engines do. */
      g_debug ("“%s”: %s", vt_xpath_expr_get_text (expr), error != NULL ? error->message : "?");
      return g_strdup ("");
    }
  return value;
}

gboolean
vt_session_eval_boolean (VtSession   *self,
                         VtXPathExpr *expr,
                         xmlNode     *node,
                         gboolean     fallback)
{
  VtXPathContext ctx;
  g_autoptr(GError) error = NULL;
  gboolean value;

  init_context (self, &ctx, node, NULL);
  self->evaluations++;
  value = vt_xpath_eval_boolean (expr, &ctx, &error);
  if (error != NULL)
    {
      g_debug ("“%s”: %s", vt_xpath_expr_get_text (expr), error->message);
      return fallback;
    }
  return value;
}

/* A jr:count is read relative to the repeat's context (JavaRosa): from an
 * element named as the repeat under parent, there whether or not any
 * instance is, so "../n" and "current()/../n" are parent's n.  The element
 * points at parent without being one of its children: count(../child)
 * still counts the real instances only. */
static double
eval_count (VtSession   *self,
            VtRepeatDef *def,
            VtXPathExpr *expr,
            xmlNode     *parent)
{
  VtXPathContext ctx;
  g_autoptr(GError) error = NULL;
  xmlNode *here = xmlNewDocNode (parent->doc, parent->ns,
                                 (const xmlChar *) strrchr (def->path, '/') + 1, NULL);
  double value;

  here->parent = parent;
  init_context (self, &ctx, here, here);
  self->evaluations++;
  value = vt_xpath_eval_number (expr, &ctx, &error);
  here->parent = NULL;
  xmlFreeNode (here);
  if (error != NULL)
    {
      g_debug ("“%s”: %s", vt_xpath_expr_get_text (expr), error->message);
      return NAN;
    }
  return value;
}

/* What a computed value stores at path: ODK's engines store nothing for a
 * number that is not one (NaN, from number('') or 0 div 0, or an infinity),
 * so that required still asks for it; a date node keeps the day of a date
 * and time (date() keeps the time). */
static char *
computed_value (VtSession  *self,
                const char *path,
                char       *value)
{
  VtBind *bind = g_hash_table_lookup (self->form->binds, path);
  double days;

  if (bind != NULL && bind->type == VT_DATA_DATE && strchr (value, 'T') != NULL
      && vt_xpath_parse_date (value, &days))
    {
      g_free (value);
      return vt_xpath_days_to_date_string (days);
    }

  if (bind != NULL && (bind->type == VT_DATA_INT || bind->type == VT_DATA_DECIMAL)
      && (g_str_equal (value, "NaN") || g_str_equal (value, "Infinity") || g_str_equal (value, "-Infinity")))
    {
      g_free (value);
      return g_strdup ("");
    }
  return value;
}

static VtControl *
find_control_for (VtSession  *self,
                  const char *path_text,
                  xmlNode    *context)
{
  g_autofree char *base = NULL;
  g_autofree char *resolved = NULL;
  g_auto(GStrv) parts = NULL;
  GString *out;

  if (path_text[0] == '/')
    {
      /* Positions do not matter for finding the control. */
      GString *plain = g_string_new (NULL);
      gboolean in_brackets = FALSE;

      for (const char *p = path_text; *p != '\0'; p++)
        {
          if (*p == '[')
            in_brackets = TRUE;
          else if (*p == ']')
            in_brackets = FALSE;
          else if (!in_brackets)
            g_string_append_c (plain, *p);
        }
      resolved = g_string_free (plain, FALSE);
      return g_hash_table_lookup (self->form->controls, resolved);
    }
  base = context != NULL ? vt_form_node_generic_path (context) : g_strdup ("");
  parts = g_strsplit (path_text, "/", -1);
  out = g_string_new (base);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || g_str_equal (parts[i], "."))
        continue;
      if (g_str_equal (parts[i], ".."))
        {
          char *slash = strrchr (out->str, '/');
          if (slash != NULL)
            g_string_truncate (out, slash - out->str);
          continue;
        }
      g_string_append_c (out, '/');
      g_string_append (out, parts[i]);
    }
  resolved = g_string_free (out, FALSE);
  return g_hash_table_lookup (self->form->controls, resolved);
}

static gboolean
function_hook (const char            *name,
               GPtrArray             *args,
               const VtXPathContext  *context,
               VtXPathValue         **result,
               GError               **error,
               gpointer               user_data)
{
  VtSession *self = user_data;

  if (g_str_equal (name, "jr:itext") || g_str_equal (name, "itext"))
    {
      g_autofree char *id = NULL;
      VtTextDef def = { 0 };
      g_autofree char *text = NULL;

      if (args->len != 1)
        {
          g_set_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_ARGUMENTS,
                       _("jr:itext() takes one argument"));
          return TRUE;
        }
      id = vt_xpath_value_to_string (g_ptr_array_index (args, 0));
      def.itext_id = id;
      text = vt_session_render_text (self, &def, context->current != NULL ? context->current : context->node, NULL);
      *result = vt_xpath_value_new_string (text);
      return TRUE;
    }

  if (g_str_equal (name, "jr:choice-name") || g_str_equal (name, "choice-name"))
    {
      g_autofree char *value = NULL;
      g_autofree char *path = NULL;
      VtControl *control;
      xmlNode *node;
      g_autoptr(GPtrArray) choices = NULL;

      if (args->len != 2)
        {
          g_set_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_ARGUMENTS,
                       _("jr:choice-name() takes two arguments"));
          return TRUE;
        }
      value = vt_xpath_value_to_string (g_ptr_array_index (args, 0));
      path = vt_xpath_value_to_string (g_ptr_array_index (args, 1));
      node = context->current != NULL ? context->current : context->node;
      control = find_control_for (self, g_strstrip (path), node);
      *result = NULL;
      if (control != NULL)
        {
          g_autoptr(GPtrArray) targets = g_ptr_array_new ();
          g_autofree char *node_path = node != NULL ? vt_form_node_generic_path (node) : NULL;
          xmlNode *target = NULL;

          /* The select's own node: inside the same repeat instance when
           * there is one, else its first node. */
          if (node_path != NULL)
            {
              xmlNode *up = node;
              g_autofree char *up_path = g_strdup (node_path);
              while (up != NULL && up->type == XML_ELEMENT_NODE && !vt_form_path_is_under (control->path, up_path))
                {
                  char *slash;
                  up = up->parent;
                  slash = strrchr (up_path, '/');
                  if (slash != NULL)
                    *slash = '\0';
                }
              if (up != NULL && up->type == XML_ELEMENT_NODE)
                vt_session_collect_nodes (up, up_path, control->path, targets);
            }
          target = targets->len > 0 ? g_ptr_array_index (targets, 0) : NULL;
          choices = vt_session_control_choices (self, control, target);
          for (guint i = 0; choices != NULL && i < choices->len; i++)
            {
              VtChoice *choice = g_ptr_array_index (choices, i);
              if (g_str_equal (choice->value, g_strstrip (value)))
                {
                  *result = vt_xpath_value_new_string (choice->label);
                  break;
                }
            }
        }
      if (*result == NULL)
        *result = vt_xpath_value_new_string ("");
      return TRUE;
    }

  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Text                                                                */

/* spoken: without the values of <output>s (see VtQuestion). */
static char *
render_parts (VtSession *self,
              GPtrArray *parts,
              xmlNode   *context,
              gboolean   spoken)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < parts->len; i++)
    {
      VtTextPart *part = g_ptr_array_index (parts, i);

      if (part->text != NULL)
        g_string_append (out, part->text);
      else if (part->expr != NULL && !spoken)
        {
          g_autofree char *value = eval_string (self, part->expr, context, context);
          g_string_append (out, value);
        }
    }
  return g_strstrip (g_string_free (out, FALSE));
}

static char *
render_text (VtSession  *self,
             VtTextDef  *def,
             xmlNode    *context,
             const char *form,
             gboolean    spoken)
{
  if (def == NULL)
    return NULL;
  if (def->itext_id != NULL)
    {
      GPtrArray *parts = vt_form_lookup_itext (self->form, self->language, def->itext_id,
                                               form != NULL ? form : "long");
      if (parts == NULL)
        return form != NULL && g_str_equal (form, "guidance") ? NULL : g_strdup (def->itext_id);
      return render_parts (self, parts, context, spoken);
    }
  if (form != NULL && g_str_equal (form, "guidance"))
    return NULL;
  if (def->ref != NULL)
    return g_strstrip (eval_string (self, def->ref, context, NULL));
  if (def->parts != NULL)
    return render_parts (self, def->parts, context, spoken);
  return NULL;
}

/* form: "default", "long", "short", "guidance", or NULL for the label. */
char *
vt_session_render_text (VtSession  *self,
                        VtTextDef  *def,
                        xmlNode    *context,
                        const char *form)
{
  return render_text (self, def, context, form, FALSE);
}

char *
vt_session_render_spoken_text (VtSession *self,
                               VtTextDef *def,
                               xmlNode   *context)
{
  g_autofree char *text = render_text (self, def, context, NULL, TRUE);

  /* "born ${days} days ago" said as "born days ago": no doubled spaces. */
  if (text != NULL)
    {
      g_auto(GStrv) words = g_strsplit_set (text, " \t\n", -1);
      g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
      g_auto(GStrv) list = NULL;

      for (guint i = 0; words[i] != NULL; i++)
        if (words[i][0] != '\0')
          g_strv_builder_add (kept, words[i]);
      list = g_strv_builder_end (kept);
      return g_strjoinv (" ", list);
    }
  return NULL;
}

/* The file of an itext media form ("image", "big-image", "audio") of
 * itext_id in the session's language, or NULL. */
char *
vt_session_media_file (VtSession  *self,
                       const char *itext_id,
                       const char *form)
{
  GPtrArray *parts;
  g_autofree char *uri = NULL;

  if (itext_id == NULL)
    return NULL;
  parts = vt_form_lookup_itext (self->form, self->language, itext_id, form);
  if (parts == NULL)
    return NULL;
  uri = render_parts (self, parts, NULL, TRUE);
  return vt_form_find_media_file (self->form, uri);
}

/* ------------------------------------------------------------------ */
/* Choices                                                             */

static void
choice_free (gpointer data)
{
  VtChoice *choice = data;

  g_free (choice->value);
  g_free (choice->label);
  g_free (choice->image);
  g_free (choice->audio);
  g_free (choice);
}

GPtrArray *
vt_session_control_choices (VtSession *self,
                            VtControl *control,
                            xmlNode   *node)
{
  GPtrArray *choices;

  if (control->items == NULL)
    return NULL;
  choices = g_ptr_array_new_with_free_func (choice_free);

  for (guint i = 0; i < control->items->len; i++)
    {
      VtItem *item = g_ptr_array_index (control->items, i);
      VtChoice *choice = g_new0 (VtChoice, 1);

      choice->value = g_strdup (item->value);
      choice->label = vt_session_render_text (self, item->label, node, NULL);
      if (choice->label == NULL)
        choice->label = g_strdup (item->value);
      choice->image = vt_session_media_file (self, item->media_itext, "image");
      choice->audio = vt_session_media_file (self, item->media_itext, "audio");
      g_ptr_array_add (choices, choice);
    }

  if (control->itemset != NULL)
    {
      VtXPathContext ctx;
      g_autoptr(GError) error = NULL;
      g_autoptr(VtXPathValue) value = NULL;

      init_context (self, &ctx, node, node);
      self->evaluations++;
      value = vt_xpath_eval (control->itemset, &ctx, &error);
      if (value == NULL || value->type != VT_XPATH_VALUE_NODESET)
        {
          g_debug ("itemset of %s: %s", control->path, error != NULL ? error->message : "not a node-set");
          return choices;
        }
      for (guint i = 0; i < value->nodes->len && choices->len < MAX_CHOICES; i++)
        {
          xmlNode *item = g_ptr_array_index (value->nodes, i);
          VtChoice *choice = g_new0 (VtChoice, 1);
          VtXPathContext item_ctx;
          g_autoptr(GError) item_error = NULL;

          init_context (self, &item_ctx, item, node);
          self->evaluations++;
          choice->value = vt_xpath_eval_string (control->itemset_value, &item_ctx, &item_error);
          if (choice->value == NULL)
            choice->value = g_strdup ("");
          g_strstrip (choice->value);
          if (control->itemset_label->itext_id != NULL)
            choice->label = vt_session_render_text (self, control->itemset_label, node, NULL);
          else if (control->itemset_label->ref != NULL)
            {
              g_autoptr(GError) label_error = NULL;
              self->evaluations++;
              choice->label = vt_xpath_eval_string (control->itemset_label->ref, &item_ctx, &label_error);
              if (choice->label == NULL)
                choice->label = g_strdup (choice->value);
              g_strstrip (choice->label);
            }
          else
            choice->label = vt_session_render_text (self, control->itemset_label, item, NULL);
          g_ptr_array_add (choices, choice);
        }
    }
  return choices;
}

/* ------------------------------------------------------------------ */
/* Recompute                                                           */

static void
push (VtSession     *self,
      VtComputation *comp,
      xmlNode       *scope)
{
  VtSessionPending *pending = g_tree_lookup (self->pending, GUINT_TO_POINTER (comp->order));

  if (pending == NULL)
    {
      pending = g_new0 (VtSessionPending, 1);
      pending->comp = comp;
      g_tree_insert (self->pending, GUINT_TO_POINTER (comp->order), pending);
    }
  if (pending->all)
    return;
  if (scope == NULL)
    {
      pending->all = TRUE;
      g_clear_pointer (&pending->scopes, g_ptr_array_unref);
      return;
    }
  if (pending->scopes == NULL)
    pending->scopes = g_ptr_array_new ();
  for (guint i = 0; i < pending->scopes->len; i++)
    if (g_ptr_array_index (pending->scopes, i) == scope)
      return;
  g_ptr_array_add (pending->scopes, scope);
}

/* Where a reader of path must be re-evaluated after node changed: only in
 * node's repeat instance when the expression reads inside its own instance,
 * else everywhere (NULL). */
static xmlNode *
scope_for (VtComputation *comp,
           const char    *path,
           xmlNode       *node)
{
  guint depth;
  guint at;
  xmlNode *n;

  if (comp->local_repeat == NULL || node == NULL || !vt_form_path_is_under (path, comp->local_repeat))
    return NULL;
  depth = path_depth (comp->local_repeat);
  n = node->type == XML_ATTRIBUTE_NODE ? node->parent : node;
  at = node_depth (n);
  while (n != NULL && at > depth)
    {
      n = n->parent;
      at--;
    }
  return n;
}

void
vt_session_notify_change (VtSession  *self,
                          const char *path,
                          xmlNode    *node)
{
  GPtrArray *readers = g_hash_table_lookup (self->form->readers, path);

  for (guint i = 0; readers != NULL && i < readers->len; i++)
    {
      VtComputation *comp = g_ptr_array_index (readers, i);
      push (self, comp, scope_for (comp, path, node));
    }
}

/* Everything under node (at path) changed (relevance, repeats): queue the
 * readers of each path at or below it, a list the form built at load.
 * node NULL: every such node. */
void
vt_session_notify_subtree_change (VtSession  *self,
                                  const char *path,
                                  xmlNode    *node,
                                  GPtrArray  *readers_under)
{
  for (guint i = 0; i < readers_under->len; i++)
    {
      VtComputation *comp = g_ptr_array_index (readers_under, i);
      push (self, comp, scope_for (comp, path, node));
    }
}

void
vt_session_queue_all (VtSession *self,
                      GPtrArray *computations,
                      xmlNode   *scope)
{
  for (guint i = 0; i < computations->len; i++)
    push (self, g_ptr_array_index (computations, i), scope);
}

static void
clear_subtree (VtSession *self,
               xmlNode   *node)
{
  if (!vt_session_node_has_element_children (node))
    {
      g_autofree char *value = vt_session_node_value (node);

      if (value[0] != '\0')
        {
          g_autofree char *path = vt_form_node_generic_path (node);
          vt_session_set_node_value (node, "");
          vt_session_notify_change (self, path, node);
        }
      return;
    }
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      clear_subtree (self, child);
}

void
vt_session_list_instances (VtSession   *self,
                           VtRepeatDef *def,
                           xmlNode     *parent,
                           GPtrArray   *out)
{
  const char *name = strrchr (def->path, '/') + 1;

  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && g_str_equal (vt_form_node_name (child), name))
      g_ptr_array_add (out, child);
}

static void
evaluate (VtSession     *self,
          VtComputation *comp,
          xmlNode       *node)
{
  g_autofree char *path = NULL;

  switch (comp->kind)
    {
    case VT_COMPUTE_RELEVANT:
      {
        gboolean was = !g_hash_table_contains (self->not_relevant, node);
        gboolean now = vt_session_eval_boolean (self, comp->expr, node, TRUE);

        if (was == now)
          return;
        if (now)
          g_hash_table_remove (self->not_relevant, node);
        else
          g_hash_table_add (self->not_relevant, node);
        vt_session_forget_pages (self);
        /* Values that are no longer relevant are cleared, as Enketo does;
         * not at load, so defaults survive until the person acts. */
        if (!now && !self->initializing)
          clear_subtree (self, node);
        path = vt_form_node_generic_path (node);
        vt_session_notify_subtree_change (self, path, node, comp->readers_under);
        vt_session_queue_all (self, comp->inner, node);
        break;
      }

    case VT_COMPUTE_CALCULATE:
      {
        g_autofree char *old = NULL;
        g_autofree char *value = NULL;

        if (!vt_session_node_is_relevant (self, node))
          return;
        value = computed_value (self, comp->path, eval_string (self, comp->expr, node, NULL));
        old = vt_session_node_value (node);
        if (g_str_equal (old, value))
          return;
        vt_session_set_node_value (node, value);
        vt_session_notify_change (self, comp->path, node);
        break;
      }

    case VT_COMPUTE_COUNT:
      {
        VtRepeatDef *def = g_hash_table_lookup (self->form->repeats, comp->path);
        g_autoptr(GPtrArray) instances = g_ptr_array_new ();
        double wanted;
        guint target;

        /* node is the repeat's parent here. */
        if (!vt_session_node_is_relevant (self, node))
          return;
        wanted = eval_count (self, def, comp->expr, node);
        target = isnan (wanted) || wanted < 0 ? 0 : (guint) MIN (floor (wanted), VT_SESSION_MAX_REPEAT_INSTANCES);
        vt_session_list_instances (self, def, node, instances);
        if (instances->len == target)
          return;
        while (instances->len < target)
          g_ptr_array_add (instances, vt_session_add_instance (self, def, node));
        while (instances->len > target)
          {
            vt_session_remove_instance (self, def, g_ptr_array_index (instances, instances->len - 1));
            g_ptr_array_remove_index (instances, instances->len - 1);
          }
        break;
      }
    }
}

static void
run_pending (VtSession        *self,
             VtSessionPending *pending)
{
  VtComputation *comp = pending->comp;
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  g_autofree char *target_path = NULL;
  xmlNode *root = vt_session_doc_root (self);
  g_autofree char *root_path = g_strconcat ("/", self->form->root_name, NULL);

  /* jr:count is evaluated once per parent of the repeat. */
  if (comp->kind == VT_COMPUTE_COUNT)
    target_path = g_path_get_dirname (comp->path);
  else
    target_path = g_strdup (comp->path);

  if (pending->all)
    vt_session_collect_nodes (root, root_path, target_path, nodes);
  else
    for (guint i = 0; i < pending->scopes->len; i++)
      {
        xmlNode *scope = g_ptr_array_index (pending->scopes, i);
        g_autofree char *scope_path = vt_form_node_generic_path (scope);

        /* Up to the nearest ancestor the target lies under: a sibling of
         * the scope inside the same repeat instance, say. */
        while (scope->parent != NULL && scope->parent->type == XML_ELEMENT_NODE
               && !vt_form_path_is_under (target_path, scope_path))
          {
            char *slash = strrchr (scope_path, '/');
            *slash = '\0';
            scope = scope->parent;
          }
        if (vt_form_path_is_under (target_path, scope_path))
          vt_session_collect_nodes (scope, scope_path, target_path, nodes);
      }

  for (guint i = 0; i < nodes->len; i++)
    evaluate (self, comp, g_ptr_array_index (nodes, i));
}

void
vt_session_process (VtSession *self)
{
  guint64 guard = 0;
  guint64 limit = 1000 + 64 * (guint64) (self->form->computations->len + 1);

  /* In topological order: a computation runs after everything it reads.
   * Relevance re-queues what it contains, which may come earlier. */
  while (g_tree_nnodes (self->pending) > 0)
    {
      GTreeNode *first = g_tree_node_first (self->pending);
      VtSessionPending *pending = g_tree_node_value (first);

      g_tree_steal (self->pending, g_tree_node_key (first));
      if (++guard > limit)
        {
          g_message ("form %s: recomputation did not settle; stopped", self->form->id);
          pending_free (pending);
          g_tree_remove_all (self->pending);
          return;
        }
      run_pending (self, pending);
      pending_free (pending);
    }
}

/* ------------------------------------------------------------------ */
/* Repeats                                                             */

/* The template copy declares the namespaces it uses; where the instance
 * already declares the same one, point at that and drop the copy's. */
static void
retarget_ns (xmlNode *node,
             xmlNs   *from,
             xmlNs   *to)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (node->ns == from)
        node->ns = to;
      for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
        if (attr->ns == from)
          attr->ns = to;
      retarget_ns (node->children, from, to);
    }
}

void
vt_session_adopt_namespaces (xmlNode *node,
                             xmlNode *parent)
{
  xmlNs **link = &node->nsDef;

  while (*link != NULL)
    {
      xmlNs *ns = *link;
      xmlNs *existing = xmlSearchNs (parent->doc, parent, ns->prefix);

      if (existing != NULL && xmlStrEqual (existing->href, ns->href))
        {
          retarget_ns (node, ns, existing);
          *link = ns->next;
          ns->next = NULL;
          xmlFreeNs (ns);
          continue;
        }
      link = &ns->next;
    }
}

void
vt_session_apply_setvalues (VtSession  *self,
                            const char *event,
                            xmlNode    *scope,
                            const char *trigger_path)
{
  xmlNode *root = vt_session_doc_root (self);
  g_autofree char *root_path = g_strconcat ("/", self->form->root_name, NULL);
  g_autofree char *scope_path = scope != NULL ? vt_form_node_generic_path (scope) : NULL;

  for (guint i = 0; i < self->form->setvalues->len; i++)
    {
      VtSetvalue *setvalue = g_ptr_array_index (self->form->setvalues, i);
      g_autoptr(GPtrArray) nodes = g_ptr_array_new ();

      if (!g_str_equal (setvalue->event, event))
        continue;
      if (trigger_path != NULL && g_strcmp0 (setvalue->trigger_path, trigger_path) != 0)
        continue;
      if (scope != NULL && vt_form_path_is_under (setvalue->path, scope_path))
        vt_session_collect_nodes (scope, scope_path, setvalue->path, nodes);
      else if (scope != NULL && g_str_equal (event, "odk-new-repeat"))
        continue;
      else if (scope != NULL && trigger_path != NULL)
        {
          /* xforms-value-changed inside a repeat: the target in the same
           * instance when it is there. */
          xmlNode *up = scope;
          g_autofree char *up_path = g_strdup (scope_path);

          while (up != NULL && up->type == XML_ELEMENT_NODE && !vt_form_path_is_under (setvalue->path, up_path))
            {
              char *slash = strrchr (up_path, '/');
              up = up->parent;
              if (slash != NULL)
                *slash = '\0';
            }
          if (up != NULL && up->type == XML_ELEMENT_NODE)
            vt_session_collect_nodes (up, up_path, setvalue->path, nodes);
        }
      else
        vt_session_collect_nodes (root, root_path, setvalue->path, nodes);

      for (guint j = 0; j < nodes->len; j++)
        {
          xmlNode *node = g_ptr_array_index (nodes, j);
          g_autofree char *value = setvalue->geopoint ? vt_geo_dup_kiosk_location_text ()
            : setvalue->value != NULL
            ? computed_value (self, setvalue->path, eval_string (self, setvalue->value, node, node))
            : g_strdup (setvalue->literal);
          g_autofree char *old = vt_session_node_value (node);

          /* A kiosk that does not know where it is leaves the node as it is. */
          if (value != NULL && !g_str_equal (old, value))
            {
              vt_session_set_node_value (node, value);
              vt_session_notify_change (self, setvalue->path, node);
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* Life cycle                                                          */

static void
remove_template_nodes (xmlNode *node)
{
  xmlNode *next;

  for (; node != NULL; node = next)
    {
      next = node->next;
      if (node->type != XML_ELEMENT_NODE)
        continue;
      for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
        if (g_str_equal ((const char *) attr->name, "template") && attr->ns != NULL)
          {
            xmlUnlinkNode (node);
            xmlFreeNode (node);
            node = NULL;
            break;
          }
      if (node != NULL)
        remove_template_nodes (node->children);
    }
}

static void
apply_preloads (VtSession *self)
{
  xmlNode *root = vt_session_doc_root (self);
  g_autofree char *root_path = g_strconcat ("/", self->form->root_name, NULL);

  for (guint i = 0; i < self->form->bind_list->len; i++)
    {
      VtBind *bind = g_ptr_array_index (self->form->bind_list, i);
      g_autoptr(GPtrArray) nodes = NULL;
      g_autofree char *value = NULL;

      if (bind->preload == NULL)
        continue;
      if (g_str_equal (bind->preload, "uid"))
        value = g_strdup (self->instance_id);
      else if (g_str_equal (bind->preload, "timestamp") && g_strcmp0 (bind->preload_params, "start") == 0)
        value = vt_session_format_date_time (self->started);
      else if (g_str_equal (bind->preload, "date") && g_strcmp0 (bind->preload_params, "today") == 0)
        value = g_date_time_format (self->started, "%Y-%m-%d");
      else if (g_str_equal (bind->preload, "property") && g_strcmp0 (bind->preload_params, "deviceid") == 0)
        {
          /* The kiosk's own id (vt-kiosk-identity.h), as on its
           * submissions' deviceID; a form filled where no store was
           * opened (`form fill`) names the machine. */
          value = vt_kiosk_identity_dup_current ();
          if (value == NULL)
            value = g_strdup_printf ("ventanilla:%s", g_get_host_name ());
        }
      if (value == NULL)
        continue;
      nodes = g_ptr_array_new ();
      vt_session_collect_nodes (root, root_path, bind->path, nodes);
      for (guint j = 0; j < nodes->len; j++)
        vt_session_set_node_value (g_ptr_array_index (nodes, j), value);
    }
}

static void
session_start (VtSession *self)
{
  g_autofree char *uuid = g_uuid_string_random ();
  xmlNode *root;

  self->doc = xmlCopyDoc (self->form->instance, 1);
  root = vt_session_doc_root (self);
  remove_template_nodes (root->children);
  self->not_relevant = g_hash_table_new (NULL, NULL);
  self->pending = g_tree_new_full (compare_order, NULL, NULL, pending_free);
  self->instance_id = g_strconcat ("uuid:", uuid, NULL);
  self->started = vt_session_dup_now (self);
  self->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_attachment_free);

  self->initializing = TRUE;
  apply_preloads (self);
  vt_session_apply_setvalues (self, "odk-instance-first-load", NULL, NULL);
  vt_session_apply_setvalues (self, "odk-instance-load", NULL, NULL);
  vt_session_recompute_all (self);
  self->initializing = FALSE;
}

VtSessionStopHook vt_session_stop_hook = NULL;

static void
session_stop (VtSession *self)
{
  vt_session_forget_pages (self);
  g_clear_pointer (&self->pending, g_tree_destroy);
  g_clear_pointer (&self->not_relevant, g_hash_table_unref);
  if (self->doc != NULL)
    {
      /* The answers are overwritten, not only freed. */
      vt_wipe_xml_doc (self->doc);
      if (vt_session_stop_hook != NULL)
        vt_session_stop_hook (self->doc);
      xmlFreeDoc (self->doc);
      self->doc = NULL;
    }
  g_clear_pointer (&self->instance_id, g_free);
  g_clear_pointer (&self->started, g_date_time_unref);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
}

VtSession *
vt_session_new (VtForm      *form,
                const char  *language,
                GError     **error)
{
  VtSession *self;

  g_return_val_if_fail (form != NULL, NULL);

  self = g_new0 (VtSession, 1);
  self->form = vt_form_ref (form);
  self->language = g_strdup (vt_form_match_language (form, language));
  session_start (self);
  return self;
}

void
vt_session_free (VtSession *self)
{
  if (self == NULL)
    return;
  session_stop (self);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_free (self->language);
  vt_form_unref (self->form);
  g_free (self);
}

void
vt_session_wipe (VtSession *self)
{
  g_return_if_fail (self != NULL);
  session_stop (self);
  session_start (self);
}

VtForm *
vt_session_get_form (VtSession *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->form;
}

const char *
vt_session_get_language (VtSession *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->language;
}

void
vt_session_set_language (VtSession  *self,
                         const char *language)
{
  g_return_if_fail (self != NULL);
  g_free (self->language);
  self->language = g_strdup (vt_form_match_language (self->form, language));
  /* Calculates may read jr:itext(); their values follow the language. */
  for (guint i = 0; i < self->form->computations->len; i++)
    {
      VtComputation *comp = g_ptr_array_index (self->form->computations, i);
      if (strstr (vt_xpath_expr_get_text (comp->expr), "itext") != NULL
          || strstr (vt_xpath_expr_get_text (comp->expr), "choice-name") != NULL)
        push (self, comp, NULL);
    }
  vt_session_process (self);
}

const char *
vt_session_get_instance_id (VtSession *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->instance_id;
}

void
vt_session_set_now (VtSession *self,
                    GDateTime *now)
{
  g_return_if_fail (self != NULL);
  g_clear_pointer (&self->now, g_date_time_unref);
  if (now != NULL)
    self->now = g_date_time_ref (now);
}

void
vt_session_recompute_all (VtSession *self)
{
  g_return_if_fail (self != NULL);
  for (guint i = 0; i < self->form->computations->len; i++)
    push (self, g_ptr_array_index (self->form->computations, i), NULL);
  vt_session_process (self);
}

guint64
vt_session_get_evaluation_count (VtSession *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->evaluations;
}

gboolean
vt_session_is_relevant (VtSession  *self,
                        const char *path)
{
  xmlNode *node;

  g_return_val_if_fail (self != NULL, FALSE);
  node = vt_session_resolve (self, path);
  return node != NULL && vt_session_node_is_relevant (self, node);
}

gboolean
vt_session_set_answer (VtSession   *self,
                       const char  *path,
                       const char  *value,
                       GError     **error)
{
  xmlNode *node;
  g_autofree char *generic = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *old = NULL;
  VtControl *control;
  VtDataType type;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (value == NULL)
    value = "";
  node = vt_session_resolve (self, path);
  if (node == NULL || (node->type == XML_ELEMENT_NODE && vt_session_node_has_element_children (node)))
    {
      g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_NO_SUCH_NODE,
                   node == NULL ? _("there is no question %s in this form")
                                : _("%s is a group of questions, not one question"), path);
      return FALSE;
    }
  if (strlen (value) > 1024 * 1024)
    {
      g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_TYPE,
                   _("The answer is too long; write at most one megabyte of text."));
      return FALSE;
    }
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_TYPE,
                   _("The answer is not valid UTF-8 text."));
      return FALSE;
    }
  if (!vt_session_node_is_relevant (self, node))
    {
      g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_NOT_RELEVANT,
                   _("This question does not apply to the answers given so far."));
      return FALSE;
    }
  generic = vt_form_node_generic_path (node);
  if (vt_session_is_readonly (self, node, generic))
    {
      g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_READONLY,
                   _("This answer cannot be changed here."));
      return FALSE;
    }

  type = vt_session_node_type (self, generic, &control);
  stored = vt_session_convert (self, type, control, node, path, value, error);
  if (stored == NULL)
    return FALSE;
  if (control != NULL && control->kind == VT_CONTROL_RANGE && stored[0] != '\0')
    {
      double v = g_ascii_strtod (stored, NULL);
      double steps = (v - control->range_start) / control->range_step;

      if (v < control->range_start || v > control->range_end || fabs (steps - round (steps)) > 1e-9)
        {
          g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_TYPE,
                       _("“%s” is not on the scale; choose a value from %g to %g in steps of %g."),
                       value, control->range_start, control->range_end, control->range_step);
          return FALSE;
        }
    }

  old = vt_session_node_value (node);
  if (g_str_equal (old, stored))
    return TRUE;
  vt_session_set_node_value (node, stored);
  vt_session_apply_setvalues (self, "xforms-value-changed", node, generic);
  vt_session_notify_change (self, generic, node);
  vt_session_process (self);
  return TRUE;
}

char *
vt_session_dup_answer (VtSession  *self,
                       const char *path)
{
  xmlNode *node;

  g_return_val_if_fail (self != NULL, NULL);
  node = vt_session_resolve (self, path);
  if (node == NULL)
    return NULL;
  return vt_session_node_value (node);
}

/* ------------------------------------------------------------------ */
/* Pages                                                               */

void
vt_question_free (VtQuestion *question)
{
  if (question == NULL)
    return;
  g_free (question->path);
  g_free (question->label);
  g_free (question->hint);
  g_free (question->guidance);
  g_free (question->appearance);
  g_free (question->value);
  g_free (question->display_value);
  g_clear_pointer (&question->choices, g_ptr_array_unref);
  g_free (question->mediatype);
  g_free (question->image);
  g_free (question->big_image);
  g_free (question->audio);
  g_free (question->spoken_label);
  g_free (question->spoken_hint);
  g_free (question->constraint);
  g_free (question);
}

void
vt_page_free (VtPage *page)
{
  if (page == NULL)
    return;
  g_free (page->id);
  g_free (page->group_label);
  g_clear_pointer (&page->questions, g_ptr_array_unref);
  g_free (page->repeat_path);
  g_free (page->repeat_label);
  g_free (page->instance_name);
  g_free (page);
}

void
vt_validation_error_free (VtValidationError *error)
{
  if (error == NULL)
    return;
  g_free (error->path);
  g_free (error->message);
  g_free (error);
}
