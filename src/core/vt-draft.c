/* Drafts a clerk keeps: a session's answers and files as JSON saved
 * under a reference code, resumed into a new session, purged when old. */
#define G_LOG_DOMAIN "vt-draft"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vt-draft.h"
#include "vt-form.h"
#include "vt-submission.h"

G_DEFINE_QUARK (vt-draft-error-quark, vt_draft_error)

#define DRAFT_FORMAT 1
#define USEC_PER_DAY ((gint64) 86400 * G_USEC_PER_SEC)

void
vt_draft_info_free (VtDraftInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->reference);
  g_free (info->form_id);
  g_free (info->form_version);
  g_free (info->service_title);
  g_free (info->language);
  g_free (info->saved_by);
  g_free (info);
}

static VtAttachment *
find_attachment (GPtrArray  *attachments,
                 const char *name)
{
  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      VtAttachment *att = g_ptr_array_index (attachments, i);
      if (g_strcmp0 (att->name, name) == 0)
        return att;
    }
  return NULL;
}

char *
vt_draft_dump_session (VtSession   *session,
                       const char  *service_title,
                       gint64       created_at,
                       GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  g_autofree char *json = NULL;
  VtForm *form;
  gsize total = 0;
  gsize length = 0;

  g_return_val_if_fail (session != NULL, NULL);

  form = vt_session_get_form (session);
  pages = vt_session_get_pages (session);
  attachments = vt_session_get_attachments (session);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, DRAFT_FORMAT);
  json_builder_set_member_name (builder, "formID");
  json_builder_add_string_value (builder, vt_form_get_id (form));
  json_builder_set_member_name (builder, "formVersion");
  json_builder_add_string_value (builder, vt_form_get_version (form));
  json_builder_set_member_name (builder, "language");
  json_builder_add_string_value (builder, vt_session_get_language (session));
  json_builder_set_member_name (builder, "serviceTitle");
  json_builder_add_string_value (builder, service_title != NULL ? service_title : "");
  json_builder_set_member_name (builder, "createdAt");
  json_builder_add_int_value (builder, created_at);

  /* Answers in page order, so that replaying them meets each question when
   * the answers before it have made it relevant. */
  json_builder_set_member_name (builder, "answers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < pages->len; i++)
    {
      VtPage *page = g_ptr_array_index (pages, i);

      if (page->kind != VT_PAGE_QUESTIONS)
        continue;
      for (guint j = 0; j < page->questions->len; j++)
        {
          VtQuestion *q = g_ptr_array_index (page->questions, j);

          if (q->readonly || q->kind == VT_CONTROL_NOTE || q->value == NULL || q->value[0] == '\0')
            continue;
          total += strlen (q->path) + strlen (q->value);
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "path");
          json_builder_add_string_value (builder, q->path);
          json_builder_set_member_name (builder, "value");
          json_builder_add_string_value (builder, q->value);
          if (q->kind == VT_CONTROL_UPLOAD || q->type == VT_DATA_BINARY)
            {
              VtAttachment *att = find_attachment (attachments, q->value);

              if (att != NULL && att->bytes != NULL)
                {
                  gsize size = 0;
                  const guchar *data = g_bytes_get_data (att->bytes, &size);
                  g_autofree char *b64 = g_base64_encode (data, size);

                  total += strlen (b64);
                  json_builder_set_member_name (builder, "contentType");
                  json_builder_add_string_value (builder, att->content_type != NULL
                                                          ? att->content_type : "application/octet-stream");
                  json_builder_set_member_name (builder, "data");
                  json_builder_add_string_value (builder, b64);
                }
            }
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (total > VT_DRAFT_MAX_BYTES)
    {
      g_set_error (error, VT_DRAFT_ERROR, VT_DRAFT_ERROR_INVALID,
                   _("This application is too large to keep as a draft (its attached files are over %d MB). "
                     "Remove a file, or finish the application now."),
                   VT_DRAFT_MAX_BYTES / (1024 * 1024));
      return NULL;
    }

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, &length);
  return g_steal_pointer (&json);
}

static const char *
object_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

int
vt_draft_apply (VtSession   *session,
                const char  *json,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *top;
  JsonNode *answers_node;
  JsonArray *answers;
  g_autoptr(JsonObject) by_path = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  int skipped = 0;

  g_return_val_if_fail (session != NULL && json != NULL, -1);

  if (!json_parser_load_from_data (parser, json, -1, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || (answers_node = json_object_get_member ((top = json_node_get_object (root)), "answers")) == NULL
      || !JSON_NODE_HOLDS_ARRAY (answers_node))
    {
      g_set_error (error, VT_DRAFT_ERROR, VT_DRAFT_ERROR_INVALID,
                   _("The saved answers of this draft cannot be read. Start the application again."));
      return -1;
    }
  answers = json_node_get_array (answers_node);

  /* The draft's list, in its order, as the answers by path that
   * vt_session_apply_answers() takes; a file's entry is its own object. */
  by_path = json_object_new ();
  for (guint i = 0; i < json_array_get_length (answers); i++)
    {
      JsonNode *node = json_array_get_element (answers, i);
      JsonObject *answer = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *path = answer != NULL ? object_string (answer, "path") : NULL;
      const char *value = answer != NULL ? object_string (answer, "value") : NULL;

      if (path == NULL || value == NULL)
        skipped++;
      else if (object_string (answer, "data") != NULL)
        json_object_set_object_member (by_path, path, json_object_ref (answer));
      else
        json_object_set_string_member (by_path, path, value);
    }

  problems = vt_session_apply_answers (session, by_path);
  /* The form may have changed since: what still fits is kept. */
  for (guint i = 0; i < problems->len; i++)
    {
      VtValidationError *problem = g_ptr_array_index (problems, i);
      /* Not problem->message: it may quote the answer. */
      g_debug ("Draft answer %s not restored: it no longer fits the form", problem->path);
    }
  return skipped + (int) problems->len;
}

static VtDraftInfo *
info_from_draft (VtStoreDraft *draft,
                 int           draft_days)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  VtDraftInfo *info = g_new0 (VtDraftInfo, 1);
  JsonNode *root;

  info->reference = g_strdup (draft->id);
  info->form_id = g_strdup (draft->form_id);
  info->form_version = g_strdup (draft->form_version);
  info->saved_by = g_strdup (draft->saved_by);
  info->saved_at = draft->saved_at;
  info->created_at = draft->saved_at;
  info->expires_at = draft->saved_at + (gint64) draft_days * USEC_PER_DAY;

  if (draft->answers_json != NULL
      && json_parser_load_from_data (parser, draft->answers_json, -1, NULL)
      && (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *top = json_node_get_object (root);
      const char *title = object_string (top, "serviceTitle");
      const char *language = object_string (top, "language");
      JsonNode *created = json_object_get_member (top, "createdAt");

      info->service_title = title != NULL && title[0] != '\0' ? g_strdup (title) : NULL;
      info->language = language != NULL && language[0] != '\0' ? g_strdup (language) : NULL;
      if (created != NULL && JSON_NODE_HOLDS_VALUE (created)
          && json_node_get_value_type (created) == G_TYPE_INT64 && json_node_get_int (created) > 0)
        info->created_at = json_node_get_int (created);
    }

  return info;
}

static char *
clerk_actor (const char *clerk)
{
  return clerk != NULL && clerk[0] != '\0'
         ? g_strdup_printf ("%s:%s", VT_STORE_ACTOR_CLERK, clerk)
         : g_strdup (VT_STORE_ACTOR_CLERK);
}

char *
vt_draft_save_json (VtStore     *store,
                    const char  *form_id,
                    const char  *form_version,
                    const char  *json,
                    const char  *reference,
                    const char  *clerk,
                    gint64       now,
                    GError     **error)
{
  g_autofree char *code = NULL;
  g_autofree char *actor = NULL;
  VtStoreDraft draft = { 0 };

  g_return_val_if_fail (store != NULL && form_id != NULL && json != NULL, NULL);

  if (reference != NULL)
    code = vt_receipt_code_normalize (reference, error);
  else
    code = vt_receipt_code_new ();
  if (code == NULL)
    return NULL;

  draft.id = code;
  draft.form_id = (char *) form_id;
  draft.form_version = (char *) (form_version != NULL ? form_version : "");
  draft.answers_json = (char *) json;
  draft.saved_by = (char *) clerk;
  draft.saved_at = now;
  if (!vt_store_save_draft (store, &draft, error))
    return NULL;

  actor = clerk_actor (clerk);
  if (!vt_store_add_event (store, NULL, "draft-saved", actor, code, error))
    return NULL;

  return g_steal_pointer (&code);
}

char *
vt_draft_save (VtStore     *store,
               VtSession   *session,
               const char  *reference,
               const char  *clerk,
               const char  *service_title,
               gint64       now,
               GError     **error)
{
  g_autofree char *json = NULL;
  gint64 created_at = now;
  VtForm *form;

  g_return_val_if_fail (store != NULL && session != NULL, NULL);

  if (reference != NULL)
    {
      g_autoptr(VtStoreDraft) old = NULL;
      g_autoptr(VtDraftInfo) info = NULL;
      g_autofree char *code = vt_receipt_code_normalize (reference, error);

      if (code == NULL)
        return NULL;
      /* Keep when it was first started. */
      old = vt_store_get_draft (store, code, NULL);
      if (old != NULL)
        {
          info = info_from_draft (old, 0);
          created_at = info->created_at;
        }
    }

  json = vt_draft_dump_session (session, service_title, created_at, error);
  if (json == NULL)
    return NULL;

  form = vt_session_get_form (session);
  return vt_draft_save_json (store, vt_form_get_id (form), vt_form_get_version (form), json, reference, clerk,
                             now, error);
}

VtSession *
vt_draft_resume (VtStore       *store,
                 const char    *reference,
                 int            draft_days,
                 gint64         now,
                 VtDraftInfo  **info_out,
                 GError       **error)
{
  g_autoptr(VtStoreDraft) draft = NULL;
  g_autoptr(VtStoreForm) stored_form = NULL;
  g_autoptr(VtDraftInfo) info = NULL;
  g_autoptr(VtSession) session = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *actor = NULL;
  VtForm *form;
  int skipped;

  g_return_val_if_fail (store != NULL && reference != NULL, NULL);

  code = vt_receipt_code_normalize (reference, error);
  if (code == NULL)
    return NULL;

  draft = vt_store_get_draft (store, code, &local_error);
  if (draft == NULL)
    {
      if (g_error_matches (local_error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_FOUND))
        g_set_error (error, VT_DRAFT_ERROR, VT_DRAFT_ERROR_NOT_FOUND,
                     _("There is no draft %s on this kiosk. Check the code; drafts are kept %d days after they "
                       "were last saved."), code, draft_days);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  info = info_from_draft (draft, draft_days);
  if (now >= info->expires_at)
    {
      g_set_error (error, VT_DRAFT_ERROR, VT_DRAFT_ERROR_EXPIRED,
                   _("The draft %s has expired (drafts are kept %d days after they were last saved). "
                     "Start the application again."), code, draft_days);
      return NULL;
    }

  stored_form = vt_store_get_form (store, draft->form_id, draft->form_version, &local_error);
  if (stored_form == NULL)
    {
      g_set_error (error, VT_DRAFT_ERROR, VT_DRAFT_ERROR_NOT_FOUND,
                   _("The form of draft %s (%s, version %s) is no longer on this kiosk. Start the application again."),
                   code, draft->form_id, draft->form_version);
      return NULL;
    }

  form = vt_form_load_data (stored_form->xml, -1, NULL, error);
  if (form == NULL)
    return NULL;
  session = vt_session_new (form, info->language, error);
  vt_form_unref (form);
  if (session == NULL)
    return NULL;

  skipped = vt_draft_apply (session, draft->answers_json, error);
  if (skipped < 0)
    return NULL;

  actor = clerk_actor (draft->saved_by);
  {
    g_autofree char *detail = skipped > 0 ? g_strdup_printf ("%s (%d answers no longer fit the form)", code, skipped)
                                          : g_strdup (code);
    if (!vt_store_add_event (store, NULL, "draft-resumed", actor, detail, error))
      return NULL;
  }

  if (info_out != NULL)
    *info_out = g_steal_pointer (&info);
  return g_steal_pointer (&session);
}

int
vt_draft_purge (VtStore  *store,
                int       draft_days,
                gint64    now,
                GError  **error)
{
  int n = vt_store_purge_drafts (store, draft_days, now, error);

  if (n > 0)
    {
      g_autofree char *detail = g_strdup_printf ("%d drafts older than %d days", n, draft_days);
      if (!vt_store_add_event (store, NULL, "drafts-purged", VT_STORE_ACTOR_KIOSK, detail, error))
        return -1;
    }
  return n;
}

GPtrArray *
vt_draft_list (VtStore  *store,
               int       draft_days,
               gint64    now,
               GError  **error)
{
  g_autoptr(GPtrArray) drafts = NULL;
  GPtrArray *infos;

  g_return_val_if_fail (store != NULL, NULL);

  if (vt_draft_purge (store, draft_days, now, error) < 0)
    return NULL;
  drafts = vt_store_list_drafts (store, error);
  if (drafts == NULL)
    return NULL;

  infos = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_draft_info_free);
  for (guint i = 0; i < drafts->len; i++)
    g_ptr_array_add (infos, info_from_draft (g_ptr_array_index (drafts, i), draft_days));
  return infos;
}

gboolean
vt_draft_delete (VtStore     *store,
                 const char  *reference,
                 const char  *clerk,
                 GError     **error)
{
  g_autofree char *code = NULL;
  g_autofree char *actor = NULL;

  g_return_val_if_fail (store != NULL && reference != NULL, FALSE);

  code = vt_receipt_code_normalize (reference, error);
  if (code == NULL || !vt_store_delete_draft (store, code, error))
    return FALSE;

  actor = clerk_actor (clerk);
  return vt_store_add_event (store, NULL, "draft-deleted", actor, code, error);
}
