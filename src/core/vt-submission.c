/* A session as the OpenRosa submission it becomes: the instance
 * serialised, non-relevant nodes dropped, meta filled, encrypted when
 * the form asks for it. */
#define G_LOG_DOMAIN "vt-submission"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vt-encryption.h"
#include "vt-form-private.h"
#include "vt-session-private.h"
#include "vt-submission.h"

VtAttachment *
vt_attachment_new (const char *name,
                   const char *content_type,
                   GBytes     *bytes)
{
  VtAttachment *self = g_new0 (VtAttachment, 1);

  g_return_val_if_fail (bytes != NULL, NULL);

  self->name = g_strdup (name);
  self->content_type = g_strdup (content_type);
  self->bytes = g_bytes_ref (bytes);
  self->size = (gint64) g_bytes_get_size (bytes);
  return self;
}

static GInputStream *
open_file (gpointer   data,
           GError   **error)
{
  return G_INPUT_STREAM (g_file_read (data, NULL, error));
}

VtAttachment *
vt_attachment_new_for_file (const char  *name,
                            const char  *content_type,
                            GFile       *file,
                            GError     **error)
{
  g_autoptr(GFileInfo) info = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_autofree char *shown = g_file_get_parse_name (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("%s is not a file"), shown);
      return NULL;
    }
  return vt_attachment_new_for_stream (name, content_type, g_file_info_get_size (info),
                                       open_file, file, g_object_ref, g_object_unref);
}

VtAttachment *
vt_attachment_new_for_stream (const char           *name,
                              const char           *content_type,
                              gint64                size,
                              VtAttachmentOpenFunc  open,
                              gpointer              open_data,
                              GBoxedCopyFunc        open_data_ref,
                              GDestroyNotify        open_data_unref)
{
  VtAttachment *self = g_new0 (VtAttachment, 1);

  g_return_val_if_fail (open != NULL && size >= 0, NULL);

  self->name = g_strdup (name);
  self->content_type = g_strdup (content_type);
  self->size = size;
  self->open = open;
  self->open_data = open_data_ref != NULL ? open_data_ref (open_data) : open_data;
  self->open_data_ref = open_data_ref;
  self->open_data_unref = open_data_unref;
  return self;
}

VtAttachment *
vt_attachment_copy (const VtAttachment *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->bytes != NULL)
    return vt_attachment_new (self->name, self->content_type, self->bytes);
  return vt_attachment_new_for_stream (self->name, self->content_type, self->size, self->open,
                                       self->open_data, self->open_data_ref, self->open_data_unref);
}

gint64
vt_attachment_get_size (const VtAttachment *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->bytes != NULL ? (gint64) g_bytes_get_size (self->bytes) : self->size;
}

GInputStream *
vt_attachment_open (const VtAttachment  *self,
                    GError             **error)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->bytes != NULL)
    return g_memory_input_stream_new_from_bytes (self->bytes);
  if (self->open == NULL)
    return g_memory_input_stream_new ();
  return self->open (self->open_data, error);
}

GBytes *
vt_attachment_read_all (const VtAttachment  *self,
                        GError             **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GByteArray) data = NULL;
  gint64 size;
  gsize got = 0;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->bytes != NULL)
    return g_bytes_ref (self->bytes);
  size = vt_attachment_get_size (self);
  stream = vt_attachment_open (self, error);
  if (stream == NULL)
    return NULL;
  data = g_byte_array_sized_new ((guint) size);
  g_byte_array_set_size (data, (guint) size);
  if (!g_input_stream_read_all (stream, data->data, (gsize) size, &got, NULL, error) ||
      !g_input_stream_close (stream, NULL, error))
    return NULL;
  if ((gint64) got != size)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                   _("The attached file “%s” ended early; it may have changed while it was read."),
                   self->name);
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

void
vt_attachment_free (VtAttachment *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->content_type);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  if (self->open_data_unref != NULL)
    self->open_data_unref (self->open_data);
  g_free (self);
}

gboolean
vt_attachment_name_is_valid (const char *name)
{
  if (name == NULL || name[0] == '\0' || name[0] == '.' || strlen (name) > 255)
    return FALSE;
  if (!g_utf8_validate (name, -1, NULL))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (*p == '/' || *p == '\\' || (guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

void
vt_submission_free (VtSubmission *self)
{
  if (self == NULL)
    return;
  g_free (self->instance_id);
  g_free (self->form_id);
  g_free (self->form_version);
  g_free (self->xml);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  g_free (self);
}

/* Walks the session's instance and its copy side by side, dropping from the
 * copy what is not relevant in the session. */
static void
prune (VtSession *session,
       xmlNode   *original,
       xmlNode   *copy)
{
  xmlNode *o = original->children;
  xmlNode *c = copy->children;

  while (o != NULL && c != NULL)
    {
      xmlNode *next_c = c->next;

      if (o->type == XML_ELEMENT_NODE)
        {
          if (g_hash_table_contains (session->not_relevant, o))
            {
              xmlUnlinkNode (c);
              xmlFreeNode (c);
            }
          else
            prune (session, o, c);
        }
      o = o->next;
      c = next_c;
    }
}

static xmlNode *
child_by_local_name (xmlNode    *parent,
                     const char *name)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && g_str_equal ((const char *) child->name, name))
      return child;
  return NULL;
}

static void
set_text (xmlNode    *node,
          const char *value)
{
  while (node->children != NULL)
    {
      xmlNode *child = node->children;
      xmlUnlinkNode (child);
      xmlFreeNode (child);
    }
  xmlAddChild (node, xmlNewDocText (node->doc, (const xmlChar *) value));
}

static void
set_instance_id (xmlNode    *root,
                 const char *instance_id)
{
  xmlNode *meta = child_by_local_name (root, "meta");
  xmlNode *id;

  /* OpenRosa servers find the instanceID at meta/instanceID; a form
   * without one gets it, in the root's namespace. */
  if (meta == NULL)
    meta = xmlNewChild (root, root->ns, (const xmlChar *) "meta", NULL);
  id = child_by_local_name (meta, "instanceID");
  if (id == NULL)
    id = xmlNewChild (meta, meta->ns, (const xmlChar *) "instanceID", NULL);
  set_text (id, instance_id);
}

static void
fill_end_timestamps (VtSession *session,
                     xmlDoc    *doc)
{
  VtForm *form = session->form;
  g_autoptr(GDateTime) now = vt_session_dup_now (session);
  g_autofree char *stamp = vt_session_format_date_time (now);

  for (guint i = 0; i < form->bind_list->len; i++)
    {
      VtBind *bind = g_ptr_array_index (form->bind_list, i);
      g_auto(GStrv) steps = NULL;
      GPtrArray *level;

      if (g_strcmp0 (bind->preload, "timestamp") != 0 || g_strcmp0 (bind->preload_params, "end") != 0)
        continue;
      steps = g_strsplit (bind->path + 1, "/", -1);
      level = g_ptr_array_new ();
      g_ptr_array_add (level, xmlDocGetRootElement (doc));
      for (guint s = 1; steps[s] != NULL; s++)
        {
          GPtrArray *next = g_ptr_array_new ();
          for (guint j = 0; j < level->len; j++)
            for (xmlNode *child = ((xmlNode *) g_ptr_array_index (level, j))->children; child != NULL;
                 child = child->next)
              if (child->type == XML_ELEMENT_NODE && g_str_equal (vt_form_node_name (child), steps[s]))
                g_ptr_array_add (next, child);
          g_ptr_array_unref (level);
          level = next;
        }
      for (guint j = 0; j < level->len; j++)
        set_text (g_ptr_array_index (level, j), stamp);
      g_ptr_array_unref (level);
    }
}

static gboolean
value_in_tree (xmlNode    *node,
               const char *value)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (node->children != NULL && node->children->type == XML_TEXT_NODE && node->children->next == NULL
          && g_strcmp0 ((const char *) node->children->content, value) == 0)
        return TRUE;
      if (value_in_tree (node->children, value))
        return TRUE;
    }
  return FALSE;
}

/* Replaces the plaintext XML and files with the ODK manifest and the
 * ciphertexts; on error the submission is left as it was. */
static gboolean
encrypt_submission (VtSubmission     *self,
                    VtEncryptionKey  *key,
                    GError          **error)
{
  g_autoptr(GPtrArray) media = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_encrypted_file_free);
  g_autoptr(VtEncryptedSubmission) encrypted = NULL;
  GPtrArray *files;

  for (guint i = 0; i < self->attachments->len; i++)
    {
      VtAttachment *a = g_ptr_array_index (self->attachments, i);
      g_autoptr(GBytes) plain = vt_attachment_read_all (a, error);

      if (plain == NULL)
        return FALSE;
      g_ptr_array_add (media, vt_encrypted_file_new (a->name, plain));
    }
  encrypted = vt_encryption_encrypt (key, self->form_id, self->form_version, self->instance_id,
                                     self->xml, strlen (self->xml), media, error);
  if (encrypted == NULL)
    return FALSE;

  files = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_attachment_free);
  for (guint i = 0; i < encrypted->files->len; i++)
    {
      VtEncryptedFile *f = g_ptr_array_index (encrypted->files, i);

      /* What Collect sends for .enc parts. */
      g_ptr_array_add (files, vt_attachment_new (f->name, "application/octet-stream", f->bytes));
    }

  /* The plaintext does not linger in freed memory longer than needed. */
  vt_encryption_wipe (self->xml, strlen (self->xml));
  g_free (self->xml);
  self->xml = g_steal_pointer (&encrypted->manifest);
  g_ptr_array_unref (self->attachments);
  self->attachments = files;
  self->encrypted = TRUE;
  return TRUE;
}

VtSubmission *
vt_submission_new_from_session (VtSession  *session,
                                GError    **error)
{
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(VtSubmission) self = NULL;
  xmlDoc *copy;
  xmlChar *buffer = NULL;
  int length = 0;

  g_return_val_if_fail (session != NULL, NULL);

  errors = vt_session_validate_all (session);
  if (errors->len > 0)
    {
      g_autoptr(GString) message = g_string_new (NULL);

      for (guint i = 0; i < errors->len; i++)
        {
          VtValidationError *e = g_ptr_array_index (errors, i);
          g_string_append_printf (message, "%s%s: %s", i > 0 ? "\n" : "", e->path, e->message);
        }
      g_set_error_literal (error, VT_SESSION_ERROR, VT_SESSION_ERROR_INVALID, message->str);
      return NULL;
    }

  copy = xmlCopyDoc (session->doc, 1);
  prune (session, xmlDocGetRootElement (session->doc), xmlDocGetRootElement (copy));
  set_instance_id (xmlDocGetRootElement (copy), session->instance_id);
  fill_end_timestamps (session, copy);

  xmlDocDumpFormatMemoryEnc (copy, &buffer, &length, "UTF-8", 1);

  self = g_new0 (VtSubmission, 1);
  self->instance_id = g_strdup (session->instance_id);
  self->form_id = g_strdup (vt_form_get_id (session->form));
  self->form_version = g_strdup (vt_form_get_version (session->form));
  self->xml = g_strndup ((const char *) buffer, length);
  self->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_attachment_free);

  /* Only the files the XML still names travel with it. */
  for (guint i = 0; i < session->attachments->len; i++)
    {
      VtAttachment *a = g_ptr_array_index (session->attachments, i);

      if (!value_in_tree (xmlDocGetRootElement (copy), a->name))
        continue;
      g_ptr_array_add (self->attachments, vt_attachment_copy (a));
    }

  if (session->form->encryption_key != NULL && buffer != NULL)
    vt_encryption_wipe (buffer, (gsize) length);
  xmlFree (buffer);
  xmlFreeDoc (copy);

  if (session->form->encryption_key != NULL
      && !encrypt_submission (self, session->form->encryption_key, error))
    return NULL;

  return g_steal_pointer (&self);
}
