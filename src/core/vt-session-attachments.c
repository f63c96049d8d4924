/* The files a session's upload questions take (photos, scans, a
 * signature, a recording): which questions take one, and the files kept
 * with the session until it is sent or wiped. */
#define G_LOG_DOMAIN "vt-session"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-session-private.h"

/* ------------------------------------------------------------------ */
/* Attachments                                                         */

/* The upload control of the node at path, or NULL when it takes no file. */
static VtControl *
upload_control (VtSession  *self,
                xmlNode    *node)
{
  g_autofree char *generic = vt_form_node_generic_path (node);
  VtControl *control = g_hash_table_lookup (self->form->controls, generic);
  VtBind *bind = g_hash_table_lookup (self->form->binds, generic);

  if (control != NULL && control->kind == VT_CONTROL_UPLOAD)
    return control;
  if (bind != NULL && bind->type == VT_DATA_BINARY && control != NULL)
    return control;
  return NULL;
}

gboolean
vt_session_takes_file (VtSession   *self,
                       const char  *path,
                       const char **mediatype)
{
  xmlNode *node;
  VtControl *control;

  g_return_val_if_fail (self != NULL && path != NULL, FALSE);

  node = vt_session_resolve (self, path);
  control = node != NULL && !vt_session_node_has_element_children (node) ? upload_control (self, node) : NULL;
  if (mediatype != NULL)
    *mediatype = control != NULL ? control->mediatype : NULL;
  return control != NULL;
}

gboolean
vt_session_add_attachment (VtSession     *self,
                           const char    *path,
                           VtAttachment  *attachment,
                           GError       **error)
{
  g_autoptr(VtAttachment) owned = attachment;
  xmlNode *node;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL && attachment != NULL && attachment->name != NULL, FALSE);

  node = vt_session_resolve (self, path);
  if (node == NULL || vt_session_node_has_element_children (node))
    {
      g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_NO_SUCH_NODE,
                   _("there is no question %s in this form"), path);
      return FALSE;
    }
  if (!vt_session_node_is_relevant (self, node))
    {
      g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_NOT_RELEVANT,
                   _("This question does not apply to the answers given so far."));
      return FALSE;
    }
  /* Only the base name travels: the server stores it beside the XML. */
  {
    char *name = g_path_get_basename (attachment->name);

    g_strdelimit (name, "\\/:*?\"<>| ", '_');
    g_free (owned->name);
    owned->name = name;
  }
  if (owned->content_type == NULL)
    owned->content_type = g_strdup ("application/octet-stream");

  /* The file this answer named before goes with it. */
  {
    g_autofree char *old_value = vt_session_node_value (node);

    for (guint i = 0; i < self->attachments->len; i++)
      {
        VtAttachment *old = g_ptr_array_index (self->attachments, i);

        if (g_str_equal (old->name, old_value) || g_str_equal (old->name, owned->name))
          {
            g_ptr_array_remove_index (self->attachments, i);
            break;
          }
      }
  }

  {
    g_autofree char *generic = vt_form_node_generic_path (node);

    vt_session_set_node_value (node, owned->name);
    g_ptr_array_add (self->attachments, g_steal_pointer (&owned));
    vt_session_notify_change (self, generic, node);
    vt_session_process (self);
  }
  return TRUE;
}

const VtAttachment *
vt_session_get_attachment (VtSession  *self,
                           const char *path)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (self != NULL && path != NULL, NULL);

  value = vt_session_dup_answer (self, path);
  for (guint i = 0; value != NULL && value[0] != '\0' && i < self->attachments->len; i++)
    {
      VtAttachment *a = g_ptr_array_index (self->attachments, i);

      if (g_str_equal (a->name, value))
        return a;
    }
  return NULL;
}

gboolean
vt_session_set_attachment (VtSession   *self,
                           const char  *path,
                           const char  *filename,
                           const char  *content_type,
                           GBytes      *bytes,
                           GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL && filename != NULL && bytes != NULL, FALSE);

  return vt_session_add_attachment (self, path, vt_attachment_new (filename, content_type, bytes), error);
}

GPtrArray *
vt_session_get_attachments (VtSession *self)
{
  GPtrArray *out;

  g_return_val_if_fail (self != NULL, NULL);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_attachment_free);
  for (guint i = 0; i < self->attachments->len; i++)
    {
      g_ptr_array_add (out, vt_attachment_copy (g_ptr_array_index (self->attachments, i)));
    }
  return out;
}
