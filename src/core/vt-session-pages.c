/* A session as pages: the questions of each page (one question, or a
 * field-list group, or a repeat's prompt), and the checks before a page
 * is left or the application is submitted. */
#define G_LOG_DOMAIN "vt-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vt-session-private.h"

/* Dates and times as the kiosk's locale writes them; anything else as is. */
static char *
display_date_time (VtDataType  type,
                   const char *value)
{
  g_autoptr(GDateTime) time = NULL;
  int y, m, d, h, mi;

  if (value[0] == '\0')
    return g_strdup (value);
  if (type == VT_DATA_DATE && sscanf (value, "%d-%d-%d", &y, &m, &d) == 3 && g_date_valid_dmy (d, m, y))
    {
      time = g_date_time_new_local (y, m, d, 0, 0, 0);
      if (time != NULL)
        return g_date_time_format (time, "%x");
    }
  if (type == VT_DATA_DATETIME)
    {
      time = g_date_time_new_from_iso8601 (value, NULL);
      if (time != NULL)
        {
          g_autoptr(GDateTime) local = g_date_time_to_local (time);
          return g_date_time_format (local, "%x %H:%M");
        }
    }
  if (type == VT_DATA_TIME && sscanf (value, "%d:%d", &h, &mi) == 2)
    return g_strdup_printf ("%02d:%02d", h, mi);
  return g_strdup (value);
}

static VtQuestion *
make_question (VtSession *self,
               VtControl *control,
               xmlNode   *node)
{
  VtQuestion *q = g_new0 (VtQuestion, 1);
  VtBind *bind = control->bind;

  q->kind = control->kind;
  q->type = vt_session_node_type (self, control->path, NULL);
  q->path = vt_form_node_path (self->form, node);
  q->label = vt_session_render_text (self, control->label, node, NULL);
  if (q->label == NULL)
    q->label = g_strdup ("");
  q->hint = vt_session_render_text (self, control->hint, node, NULL);
  q->guidance = vt_session_render_text (self, control->hint, node, "guidance");
  q->appearance = g_strdup (control->appearance);
  q->value = vt_session_node_value (node);
  q->required = bind != NULL && bind->required != NULL && vt_session_eval_boolean (self, bind->required, node, FALSE);
  q->readonly = vt_session_is_readonly (self, node, control->path);
  q->choices = vt_session_control_choices (self, control, node);
  q->rank = g_strcmp0 (control->element, "rank") == 0;
  q->range_start = control->range_start;
  q->range_end = control->range_end;
  q->range_step = control->range_step;
  q->mediatype = g_strdup (control->mediatype);
  q->spoken_label = vt_session_render_spoken_text (self, control->label, node);
  q->spoken_hint = vt_session_render_spoken_text (self, control->hint, node);
  if (control->label != NULL)
    {
      q->image = vt_session_media_file (self, control->label->itext_id, "image");
      q->big_image = vt_session_media_file (self, control->label->itext_id, "big-image");
      q->audio = vt_session_media_file (self, control->label->itext_id, "audio");
    }
  if (bind != NULL && bind->constraint != NULL)
    q->constraint = g_strdup (vt_xpath_expr_get_text (bind->constraint));
  q->max_pixels = control->bind != NULL ? control->bind->max_pixels : 0;

  if (q->choices != NULL && q->value[0] != '\0')
    {
      g_auto(GStrv) values = q->type == VT_DATA_SELECT1 ? g_strsplit (q->value, "\x1f", -1)
                                                        : g_strsplit_set (q->value, " ", -1);
      g_autoptr(GString) display = g_string_new (NULL);

      for (guint v = 0; values[v] != NULL; v++)
        for (guint i = 0; i < q->choices->len; i++)
          {
            VtChoice *choice = g_ptr_array_index (q->choices, i);
            if (g_str_equal (choice->value, values[v]))
              {
                if (display->len > 0)
                  g_string_append (display, ", ");
                g_string_append (display, choice->label);
              }
          }
      q->display_value = g_strdup (display->str);
    }
  else
    q->display_value = display_date_time (q->type, q->value);
  return q;
}

/* The node a control names, found from the nearest repeat instance (or the
 * root) downwards: outside repeats there is one of each. */
static xmlNode *
locate (VtSession  *self,
        xmlNode    *context,
        const char *path)
{
  g_autofree char *context_path = vt_form_node_generic_path (context);
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();

  if (!vt_form_path_is_under (path, context_path))
    {
      g_autofree char *root_path = g_strconcat ("/", self->form->root_name, NULL);
      vt_session_collect_nodes (vt_session_doc_root (self), root_path, path, nodes);
    }
  else
    vt_session_collect_nodes (context, context_path, path, nodes);
  return nodes->len > 0 ? g_ptr_array_index (nodes, 0) : NULL;
}

/* ------------------------------------------------------------------ */
/* The outline: which pages there are, without their contents          */

/* The pages depend on which nodes are relevant and which repeat
 * instances exist, nothing else: the outline is walked again only when
 * one of those changes (vt_session_forget_pages()), and a page's
 * questions, labels, choices and values are made when that page is asked
 * for.  On a form of a thousand questions Continue builds one page, not
 * every page (issue 26). */

/* The label a page carries, rendered when it is built: a group's, or a
 * repeat instance's; when that renders to nothing, the enclosing one's. */
typedef struct _LabelSource LabelSource;
struct _LabelSource
{
  gboolean     repeat;        /* vt_session_repeat_label() of control at node */
  VtControl   *control;
  xmlNode     *node;
  LabelSource *outer;
};

typedef struct
{
  VtControl *control;
  xmlNode   *node;
} OutlineQuestion;

typedef struct
{
  VtPageKind   kind;
  char        *id;
  LabelSource *label;         /* the group label's source, or NULL */
  GArray      *questions;     /* OutlineQuestion, VT_PAGE_QUESTIONS */
  /* VT_PAGE_QUESTIONS inside a repeat instance (the innermost): which one
   * of how many, and where its name is read when the page is built */
  VtControl   *instance_group;
  xmlNode     *instance_node;
  guint        instance_position;
  guint        instance_count;
  /* VT_PAGE_REPEAT_PROMPT */
  VtControl   *repeat;
  xmlNode     *parent;
  char        *repeat_path;
  guint        count;
} OutlinePage;

struct _VtSessionOutline
{
  GPtrArray  *pages;          /* OutlinePage * */
  GPtrArray  *labels;         /* LabelSource *, owned here */
  GHashTable *index;          /* page id -> GUINT_TO_POINTER (index + 1) */
};

static void
outline_page_free (OutlinePage *page)
{
  g_free (page->id);
  g_clear_pointer (&page->questions, g_array_unref);
  g_free (page->repeat_path);
  g_free (page);
}

static void
outline_free (VtSessionOutline *outline)
{
  g_ptr_array_unref (outline->pages);
  g_ptr_array_unref (outline->labels);
  g_hash_table_unref (outline->index);
  g_free (outline);
}

void
vt_session_forget_pages (VtSession *self)
{
  g_clear_pointer (&self->outline, outline_free);
}

static LabelSource *
label_source (VtSessionOutline *outline,
              gboolean          repeat,
              VtControl        *control,
              xmlNode          *node,
              LabelSource      *outer)
{
  LabelSource *source;

  /* Nothing to render: the enclosing label stands. */
  if (control->label == NULL &&
      !(repeat && control->parent != NULL && control->parent->label != NULL))
    return outer;
  source = g_new0 (LabelSource, 1);
  source->repeat = repeat;
  source->control = control;
  source->node = node;
  source->outer = outer;
  g_ptr_array_add (outline->labels, source);
  return source;
}

static OutlinePage *
add_page (VtSessionOutline *outline,
          VtPageKind        kind,
          char             *id,
          LabelSource      *label)
{
  OutlinePage *page = g_new0 (OutlinePage, 1);

  page->kind = kind;
  page->id = id;
  page->label = label;
  if (kind == VT_PAGE_QUESTIONS)
    page->questions = g_array_new (FALSE, FALSE, sizeof (OutlineQuestion));
  g_ptr_array_add (outline->pages, page);
  return page;
}

/* A field-list page without a question shown is no page. */
static void
drop_if_empty (VtSessionOutline *outline,
               OutlinePage      *page)
{
  if (page->questions->len == 0)
    g_ptr_array_remove_index (outline->pages, outline->pages->len - 1);
}

static void
add_question (OutlinePage *page,
              VtControl   *control,
              xmlNode     *node)
{
  OutlineQuestion q = { control, node };

  g_array_append_val (page->questions, q);
}

static gboolean
is_field_list (VtControl *control)
{
  return control->appearance != NULL && strstr (control->appearance, "field-list") != NULL;
}

static void
collect_questions (VtSession   *self,
                   VtControl   *group,
                   xmlNode     *context,
                   OutlinePage *page);

static void
collect_repeat_questions (VtSession   *self,
                          VtControl   *repeat,
                          xmlNode     *context,
                          OutlinePage *page)
{
  VtRepeatDef *def = g_hash_table_lookup (self->form->repeats, repeat->path);
  g_autofree char *parent_path = g_path_get_dirname (repeat->path);
  xmlNode *parent = locate (self, context, parent_path);
  g_autoptr(GPtrArray) instances = g_ptr_array_new ();

  if (parent == NULL || def == NULL)
    return;
  vt_session_list_instances (self, def, parent, instances);
  for (guint i = 0; i < instances->len; i++)
    if (vt_session_node_is_relevant (self, g_ptr_array_index (instances, i)))
      collect_questions (self, repeat, g_ptr_array_index (instances, i), page);
}

static void
collect_questions (VtSession   *self,
                   VtControl   *group,
                   xmlNode     *context,
                   OutlinePage *page)
{
  for (guint i = 0; i < group->children->len; i++)
    {
      VtControl *control = g_ptr_array_index (group->children, i);
      xmlNode *node = NULL;

      if (control->kind == VT_CONTROL_REPEAT)
        {
          collect_repeat_questions (self, control, context, page);
          continue;
        }
      if (control->kind == VT_CONTROL_GROUP && control->path != NULL
          && vt_form_is_repeat_path (self->form, control->path))
        {
          /* The group XLSForm puts around a repeat: its node is the
           * repeat's, which may have no instance at all. */
          collect_questions (self, control, context, page);
          continue;
        }
      node = control->path != NULL ? locate (self, context, control->path) : context;
      if (node == NULL || !vt_session_node_is_relevant (self, node))
        continue;
      if (control->kind == VT_CONTROL_GROUP)
        collect_questions (self, control, control->path != NULL ? node : context, page);
      else
        add_question (page, control, node);
    }
}

static char *
vt_session_repeat_label (VtSession *self,
                         VtControl *repeat,
                         xmlNode   *context)
{
  char *label = vt_session_render_text (self, repeat->label, context, NULL);

  if (label == NULL && repeat->parent != NULL && repeat->parent->path != NULL
      && g_str_equal (repeat->parent->path, repeat->path))
    label = vt_session_render_text (self, repeat->parent->label, context, NULL);
  return label;
}

/* "Add another …?" after the instances of a repeat a person may grow. */
static void
add_prompt_page (VtSession        *self,
                 VtSessionOutline *outline,
                 VtControl        *control,
                 xmlNode          *parent,
                 guint             count,
                 LabelSource      *group_label)
{
  g_autofree char *parent_concrete = NULL;
  const char *name;
  OutlinePage *page;

  if (control->repeat_count != NULL || control->no_add_remove)
    return;
  parent_concrete = vt_form_node_path (self->form, parent);
  name = strrchr (control->path, '/');
  page = add_page (outline, VT_PAGE_REPEAT_PROMPT, g_strconcat ("repeat:", parent_concrete, name, NULL),
                   group_label);
  page->repeat_path = g_strconcat (parent_concrete, name, NULL);
  page->repeat = control;
  page->parent = parent;
  page->count = count;
}

/* A field-list group shows its repeats' instances on its one page; the
 * prompts to add more follow it. */
static void
add_inner_prompts (VtSession        *self,
                   VtSessionOutline *outline,
                   VtControl        *group,
                   xmlNode          *context,
                   LabelSource      *group_label)
{
  for (guint i = 0; i < group->children->len; i++)
    {
      VtControl *control = g_ptr_array_index (group->children, i);

      if (control->kind == VT_CONTROL_REPEAT)
        {
          VtRepeatDef *def = g_hash_table_lookup (self->form->repeats, control->path);
          g_autofree char *parent_path = g_path_get_dirname (control->path);
          xmlNode *parent = locate (self, context, parent_path);
          g_autoptr(GPtrArray) instances = g_ptr_array_new ();

          if (parent == NULL || def == NULL || !vt_session_node_is_relevant (self, parent))
            continue;
          vt_session_list_instances (self, def, parent, instances);
          add_prompt_page (self, outline, control, parent, instances->len, group_label);
        }
      else if (control->kind == VT_CONTROL_GROUP)
        {
          xmlNode *node = control->path != NULL && !vt_form_is_repeat_path (self->form, control->path)
            ? locate (self, context, control->path) : context;
          if (node != NULL && vt_session_node_is_relevant (self, node))
            add_inner_prompts (self, outline, control, node, group_label);
        }
    }
}

/* The repeat instance a walk is inside, for its pages. */
typedef struct
{
  VtControl *group;                /* the repeat */
  xmlNode   *node;                 /* its instance */
  guint      position;             /* 1-based */
  guint      count;
} Instance;

/* The first text (a string input) answered in a repeat's instance: the
 * name a person typed for the member, to tell the pages apart. */
static char *
instance_name (VtSession *self,
               VtControl *group,
               xmlNode   *instance)
{
  for (guint i = 0; i < group->children->len; i++)
    {
      VtControl *control = g_ptr_array_index (group->children, i);

      if (control->kind == VT_CONTROL_GROUP)
        {
          char *name = instance_name (self, control, instance);

          if (name != NULL)
            return name;
        }
      else if (control->kind == VT_CONTROL_INPUT && control->path != NULL &&
               vt_session_node_type (self, control->path, NULL) == VT_DATA_STRING)
        {
          xmlNode *node = locate (self, instance, control->path);
          g_autofree char *value = node != NULL ? vt_session_node_value (node) : NULL;

          if (value != NULL && g_strstrip (value)[0] != '\0')
            return g_steal_pointer (&value);
        }
    }
  return NULL;
}

static void
set_instance (OutlinePage    *page,
              const Instance *instance)
{
  if (instance == NULL)
    return;
  page->instance_group = instance->group;
  page->instance_node = instance->node;
  page->instance_position = instance->position;
  page->instance_count = instance->count;
}

static void
walk_pages (VtSession        *self,
            VtSessionOutline *outline,
            VtControl        *group,
            xmlNode          *context,
            LabelSource      *group_label,
            const Instance   *instance_in)
{
  for (guint i = 0; i < group->children->len; i++)
    {
      VtControl *control = g_ptr_array_index (group->children, i);
      xmlNode *node;

      if (control->kind == VT_CONTROL_REPEAT)
        {
          VtRepeatDef *def = g_hash_table_lookup (self->form->repeats, control->path);
          g_autofree char *parent_path = g_path_get_dirname (control->path);
          xmlNode *parent = locate (self, context, parent_path);
          g_autoptr(GPtrArray) instances = g_ptr_array_new ();

          if (parent == NULL || !vt_session_node_is_relevant (self, parent))
            continue;
          vt_session_list_instances (self, def, parent, instances);
          for (guint j = 0; j < instances->len; j++)
            {
              xmlNode *instance = g_ptr_array_index (instances, j);
              LabelSource *label;
              Instance here = { control, instance, j + 1, instances->len };

              if (!vt_session_node_is_relevant (self, instance))
                continue;
              label = label_source (outline, TRUE, control, instance, group_label);
              if (is_field_list (control))
                {
                  g_autofree char *instance_path = vt_form_node_path (self->form, instance);
                  OutlinePage *page = add_page (outline, VT_PAGE_QUESTIONS,
                                                g_strconcat ("group:", instance_path, NULL), label);

                  set_instance (page, &here);
                  collect_questions (self, control, instance, page);
                  drop_if_empty (outline, page);
                }
              else
                walk_pages (self, outline, control, instance, label, &here);
            }
          add_prompt_page (self, outline, control, parent, instances->len, group_label);
          continue;
        }

      if (control->kind == VT_CONTROL_GROUP && control->path != NULL
          && vt_form_is_repeat_path (self->form, control->path) && !is_field_list (control))
        {
          walk_pages (self, outline, control, context, group_label, instance_in);
          continue;
        }
      node = control->path != NULL ? locate (self, context, control->path) : context;
      if (control->kind == VT_CONTROL_GROUP && control->path != NULL
          && vt_form_is_repeat_path (self->form, control->path))
        node = context;
      if (node == NULL || !vt_session_node_is_relevant (self, node))
        continue;

      if (control->kind == VT_CONTROL_GROUP)
        {
          LabelSource *label = label_source (outline, FALSE, control, node, group_label);
          xmlNode *inner = control->path != NULL && node != context ? node : context;

          if (is_field_list (control))
            {
              g_autofree char *id_path = vt_form_node_path (self->form, node);
              OutlinePage *page = add_page (outline, VT_PAGE_QUESTIONS,
                                            g_strdup_printf ("group:%s#%u", id_path, i), label);

              set_instance (page, instance_in);
              collect_questions (self, control, inner, page);
              drop_if_empty (outline, page);
              add_inner_prompts (self, outline, control, inner, label);
            }
          else
            walk_pages (self, outline, control, inner, label, instance_in);
          continue;
        }

      {
        OutlinePage *page = add_page (outline, VT_PAGE_QUESTIONS, vt_form_node_path (self->form, node),
                                      group_label);

        set_instance (page, instance_in);
        add_question (page, control, node);
      }
    }
}

static VtSessionOutline *
get_outline (VtSession *self)
{
  VtSessionOutline *outline = self->outline;

  if (outline != NULL)
    return outline;
  outline = g_new0 (VtSessionOutline, 1);
  outline->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) outline_page_free);
  outline->labels = g_ptr_array_new_with_free_func (g_free);
  outline->index = g_hash_table_new (g_str_hash, g_str_equal);
  walk_pages (self, outline, self->form->body, vt_session_doc_root (self), NULL, NULL);
  for (guint i = 0; i < outline->pages->len; i++)
    {
      OutlinePage *page = g_ptr_array_index (outline->pages, i);

      /* Ids are unique; should a strange form repeat one, the first wins. */
      if (!g_hash_table_contains (outline->index, page->id))
        g_hash_table_insert (outline->index, page->id, GUINT_TO_POINTER (i + 1));
    }
  self->outline = outline;
  return outline;
}

/* ------------------------------------------------------------------ */
/* Pages built                                                         */

static char *
render_label (VtSession   *self,
              LabelSource *source)
{
  for (; source != NULL; source = source->outer)
    {
      char *text = source->repeat ? vt_session_repeat_label (self, source->control, source->node)
                                  : vt_session_render_text (self, source->control->label, source->node, NULL);
      if (text != NULL)
        return text;
    }
  return NULL;
}

static VtPage *
build_page (VtSession   *self,
            OutlinePage *outline)
{
  VtPage *page = g_new0 (VtPage, 1);

  page->kind = outline->kind;
  page->id = g_strdup (outline->id);
  page->group_label = render_label (self, outline->label);
  page->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_question_free);
  if (outline->kind == VT_PAGE_REPEAT_PROMPT)
    {
      page->repeat_path = g_strdup (outline->repeat_path);
      page->repeat_label = vt_session_repeat_label (self, outline->repeat, outline->parent);
      if (page->repeat_label == NULL)
        page->repeat_label = g_strdup (strrchr (outline->repeat->path, '/') + 1);
      page->repeat_count = outline->count;
      page->repeat_can_add = outline->count < VT_SESSION_MAX_REPEAT_INSTANCES;
      return page;
    }
  /* The name is read now, not when the outline was walked: typed since. */
  page->instance_position = outline->instance_position;
  page->instance_count = outline->instance_count;
  if (outline->instance_group != NULL)
    page->instance_name = instance_name (self, outline->instance_group, outline->instance_node);
  for (guint i = 0; i < outline->questions->len; i++)
    {
      OutlineQuestion *q = &g_array_index (outline->questions, OutlineQuestion, i);

      g_ptr_array_add (page->questions, make_question (self, q->control, q->node));
    }
  return page;
}

GPtrArray *
vt_session_get_pages (VtSession *self)
{
  VtSessionOutline *outline;
  GPtrArray *pages;

  g_return_val_if_fail (self != NULL, NULL);
  outline = get_outline (self);
  pages = g_ptr_array_new_full (outline->pages->len, (GDestroyNotify) vt_page_free);
  for (guint i = 0; i < outline->pages->len; i++)
    g_ptr_array_add (pages, build_page (self, g_ptr_array_index (outline->pages, i)));
  return pages;
}

guint
vt_session_get_n_pages (VtSession *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return get_outline (self)->pages->len;
}

int
vt_session_find_page (VtSession  *self,
                      const char *id)
{
  g_return_val_if_fail (self != NULL, -1);
  if (id == NULL)
    return -1;
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (get_outline (self)->index, id)) - 1;
}

const char *
vt_session_get_page_id (VtSession *self,
                        guint      index)
{
  VtSessionOutline *outline;

  g_return_val_if_fail (self != NULL, NULL);
  outline = get_outline (self);
  g_return_val_if_fail (index < outline->pages->len, NULL);
  return ((OutlinePage *) g_ptr_array_index (outline->pages, index))->id;
}

VtPage *
vt_session_get_page (VtSession *self,
                     guint      index)
{
  VtSessionOutline *outline;

  g_return_val_if_fail (self != NULL, NULL);
  outline = get_outline (self);
  if (index >= outline->pages->len)
    return NULL;
  return build_page (self, g_ptr_array_index (outline->pages, index));
}

int
vt_session_find_page_of (VtSession  *self,
                         const char *path)
{
  VtSessionOutline *outline;
  xmlNode *target;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (path != NULL, -1);

  target = vt_session_resolve (self, path);
  if (target == NULL)
    return -1;
  outline = get_outline (self);
  for (guint p = 0; p < outline->pages->len; p++)
    {
      OutlinePage *page = g_ptr_array_index (outline->pages, p);

      for (guint q = 0; page->questions != NULL && q < page->questions->len; q++)
        for (xmlNode *node = g_array_index (page->questions, OutlineQuestion, q).node;
             node != NULL; node = node->parent)
          if (node == target)
            return (int) p;
    }
  return -1;
}

/* ------------------------------------------------------------------ */
/* Validation                                                          */

static gboolean
answer_in_choices (VtSession  *self,
                   VtControl  *control,
                   xmlNode    *node,
                   const char *value)
{
  g_autoptr(GPtrArray) choices = vt_session_control_choices (self, control, node);
  g_auto(GStrv) values = control->kind == VT_CONTROL_SELECT ? g_strsplit (value, " ", -1)
                                                           : g_strsplit (value, "\x1f", -1);

  for (guint v = 0; values[v] != NULL; v++)
    {
      gboolean found = values[v][0] == '\0';

      for (guint i = 0; choices != NULL && i < choices->len && !found; i++)
        found = g_str_equal (((VtChoice *) g_ptr_array_index (choices, i))->value, values[v]);
      if (!found)
        return FALSE;
    }
  return TRUE;
}

static VtValidationError *
check_node (VtSession *self,
            xmlNode   *node)
{
  g_autofree char *generic = vt_form_node_generic_path (node);
  VtBind *bind = g_hash_table_lookup (self->form->binds, generic);
  g_autofree char *value = NULL;
  VtValidationError *error;
  char *message = NULL;

  if (!vt_session_node_is_relevant (self, node))
    return NULL;
  if (bind == NULL && !g_hash_table_contains (self->form->controls, generic))
    return NULL;
  value = vt_session_node_value (node);
  if (value[0] == '\0')
    {
      if (bind == NULL || bind->required == NULL || !vt_session_eval_boolean (self, bind->required, node, FALSE))
        return NULL;
      message = vt_session_render_text (self, bind->required_msg, node, NULL);
      if (message == NULL || message[0] == '\0')
        {
          g_free (message);
          message = g_strdup (_("This answer is required; please fill it in."));
        }
    }
  else
    {
      VtControl *control = g_hash_table_lookup (self->form->controls, generic);

      /* A cascading choice whose parent answer changed since. */
      if (control != NULL && control->itemset != NULL && !answer_in_choices (self, control, node, value))
        {
          error = g_new0 (VtValidationError, 1);
          error->path = vt_form_node_path (self->form, node);
          error->message = g_strdup (_("This answer is no longer one of the choices; please choose again."));
          return error;
        }
      /* A constraint is checked on answers, not on empty ones (ODK). */
      if (bind == NULL || bind->constraint == NULL || vt_session_eval_boolean (self, bind->constraint, node, TRUE))
        return NULL;
      message = vt_session_render_text (self, bind->constraint_msg, node, NULL);
      if (message == NULL || message[0] == '\0')
        {
          g_free (message);
          message = g_strdup (_("This answer is not accepted; please check it and correct it."));
        }
    }
  error = g_new0 (VtValidationError, 1);
  error->path = vt_form_node_path (self->form, node);
  error->message = message;
  return error;
}

GPtrArray *
vt_session_validate_page (VtSession    *self,
                          const VtPage *page)
{
  GPtrArray *errors;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (page != NULL, NULL);

  errors = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_validation_error_free);
  for (guint i = 0; page->questions != NULL && i < page->questions->len; i++)
    {
      VtQuestion *q = g_ptr_array_index (page->questions, i);
      xmlNode *node = vt_session_resolve (self, q->path);
      VtValidationError *error = node != NULL ? check_node (self, node) : NULL;

      if (error != NULL)
        g_ptr_array_add (errors, error);
    }
  return errors;
}

static void
validate_tree (VtSession *self,
               xmlNode   *node,
               GPtrArray *errors)
{
  for (; node != NULL; node = node->next)
    {
      VtValidationError *error;

      if (node->type != XML_ELEMENT_NODE || !vt_session_node_is_relevant (self, node))
        continue;
      error = check_node (self, node);
      if (error != NULL)
        g_ptr_array_add (errors, error);
      validate_tree (self, node->children, errors);
    }
}

GPtrArray *
vt_session_validate_all (VtSession *self)
{
  GPtrArray *errors;

  g_return_val_if_fail (self != NULL, NULL);
  errors = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_validation_error_free);
  validate_tree (self, vt_session_doc_root (self), errors);
  return errors;
}
