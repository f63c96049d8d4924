/* Repeat instances of a session: adding one where the form puts it,
 * removing one, counting them. */
#define G_LOG_DOMAIN "vt-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vt-session-private.h"

xmlNode *
vt_session_add_instance (VtSession   *self,
                         VtRepeatDef *def,
                         xmlNode     *parent)
{
  xmlNode *copy = xmlDocCopyNode (def->template_node, self->doc, 1);
  const char *name = strrchr (def->path, '/') + 1;
  xmlNode *after = NULL;
  gint rank = -1;

  /* After the last instance; with none, where the form puts the repeat
   * among its siblings. */
  for (guint i = 0; i < def->sibling_order->len; i++)
    if (g_str_equal (g_ptr_array_index (def->sibling_order, i), name))
      {
        rank = i;
        break;
      }
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    {
      const char *child_name;
      gboolean before = FALSE;

      if (child->type != XML_ELEMENT_NODE)
        continue;
      child_name = vt_form_node_name (child);
      if (g_str_equal (child_name, name))
        before = TRUE;
      else
        for (gint i = 0; i < rank; i++)
          if (g_str_equal (g_ptr_array_index (def->sibling_order, i), child_name))
            {
              before = TRUE;
              break;
            }
      if (before)
        after = child;
    }
  if (after != NULL)
    xmlAddNextSibling (after, copy);
  else if (parent->children != NULL)
    xmlAddPrevSibling (parent->children, copy);
  else
    xmlAddChild (parent, copy);
  vt_session_adopt_namespaces (copy, parent);
  vt_session_forget_pages (self);

  vt_session_apply_setvalues (self, "odk-new-repeat", copy, NULL);
  vt_session_queue_all (self, def->inner, copy);
  vt_session_notify_subtree_change (self, def->path, NULL, def->readers_under);
  return copy;
}

void
vt_session_remove_instance (VtSession   *self,
                            VtRepeatDef *def,
                            xmlNode     *instance)
{
  vt_session_forget_subtree (self, instance);
  /* Nothing may still point at it in the work list. */
  {
    GTreeNode *node = g_tree_node_first (self->pending);
    while (node != NULL)
      {
        VtSessionPending *pending = g_tree_node_value (node);
        for (guint i = 0; pending->scopes != NULL && i < pending->scopes->len; i++)
          {
            xmlNode *scope = g_ptr_array_index (pending->scopes, i);
            for (xmlNode *n = scope; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent)
              if (n == instance)
                {
                  g_ptr_array_remove_index (pending->scopes, i--);
                  break;
                }
          }
        node = g_tree_node_next (node);
      }
  }
  vt_session_forget_pages (self);
  xmlUnlinkNode (instance);
  xmlFreeNode (instance);
  vt_session_notify_subtree_change (self, def->path, NULL, def->readers_under);
}

static gboolean
split_repeat_path (VtSession    *self,
                   const char   *repeat_path,
                   VtRepeatDef **def_out,
                   xmlNode     **parent_out,
                   GError      **error)
{
  g_autofree char *parent_path = g_path_get_dirname (repeat_path);
  g_autofree char *generic = NULL;
  xmlNode *parent = vt_session_resolve (self, parent_path);
  const char *name = strrchr (repeat_path, '/');
  VtRepeatDef *def;

  if (parent == NULL || name == NULL || strchr (name, '[') != NULL)
    {
      g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_NO_SUCH_NODE,
                   _("%s: there is no such repeat in this form"), repeat_path);
      return FALSE;
    }
  {
    g_autofree char *parent_generic = vt_form_node_generic_path (parent);
    generic = g_strconcat (parent_generic, name, NULL);
  }
  def = g_hash_table_lookup (self->form->repeats, generic);
  if (def == NULL)
    {
      g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_NO_SUCH_NODE,
                   _("%s: there is no such repeat in this form"), repeat_path);
      return FALSE;
    }
  *def_out = def;
  *parent_out = parent;
  return TRUE;
}

char *
vt_session_add_repeat (VtSession   *self,
                       const char  *repeat_path,
                       GError     **error)
{
  VtRepeatDef *def;
  xmlNode *parent;
  xmlNode *instance;
  g_autoptr(GPtrArray) instances = g_ptr_array_new ();

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (repeat_path != NULL, NULL);

  if (!split_repeat_path (self, repeat_path, &def, &parent, error))
    return NULL;
  if (def->control->repeat_count != NULL || def->control->no_add_remove)
    {
      g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_READONLY,
                   _("%s: the form sets how many of these there are"), repeat_path);
      return NULL;
    }
  if (!vt_session_node_is_relevant (self, parent))
    {
      g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_NOT_RELEVANT,
                   _("%s: this part of the form does not apply to the answers given"), repeat_path);
      return NULL;
    }
  vt_session_list_instances (self, def, parent, instances);
  if (instances->len >= VT_SESSION_MAX_REPEAT_INSTANCES)
    {
      g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_INVALID,
                   _("%s: no more than %d may be added"), repeat_path, VT_SESSION_MAX_REPEAT_INSTANCES);
      return NULL;
    }
  instance = vt_session_add_instance (self, def, parent);
  vt_session_process (self);
  return vt_form_node_path (self->form, instance);
}

gboolean
vt_session_remove_repeat (VtSession   *self,
                          const char  *instance_path,
                          GError     **error)
{
  xmlNode *instance;
  g_autofree char *generic = NULL;
  VtRepeatDef *def;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (instance_path != NULL, FALSE);

  instance = vt_session_resolve (self, instance_path);
  if (instance != NULL && instance->type == XML_ELEMENT_NODE)
    generic = vt_form_node_generic_path (instance);
  def = generic != NULL ? g_hash_table_lookup (self->form->repeats, generic) : NULL;
  if (def == NULL)
    {
      g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_NO_SUCH_NODE,
                   _("%s: there is no such repeat instance"), instance_path);
      return FALSE;
    }
  if (def->control->repeat_count != NULL || def->control->no_add_remove)
    {
      g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_READONLY,
                   _("%s: the form sets how many of these there are"), instance_path);
      return FALSE;
    }
  vt_session_remove_instance (self, def, instance);
  vt_session_process (self);
  return TRUE;
}

guint
vt_session_count_repeat (VtSession  *self,
                         const char *repeat_path)
{
  VtRepeatDef *def;
  xmlNode *parent;
  g_autoptr(GPtrArray) instances = g_ptr_array_new ();

  g_return_val_if_fail (self != NULL, 0);
  if (!split_repeat_path (self, repeat_path, &def, &parent, NULL))
    return 0;
  vt_session_list_instances (self, def, parent, instances);
  return instances->len;
}
