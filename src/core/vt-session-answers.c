/* Answers given all at once by instance path, as ANSWERS.json (ventanilla-ctl)
 * and a saved draft hold them: applied in the order they were written,
 * adding the repeat instances their paths name. */
#define G_LOG_DOMAIN "vt-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vt-session-private.h"

/* Adds the repeat instances that path names and the session does not have
 * yet: /data/member[3]/age needs three members.  A step that is not a
 * repeat is left to the answer itself to report (as a question that does
 * not exist); a repeat that may not grow here says why. */
static gboolean
add_named_instances (VtSession   *self,
                     const char  *path,
                     GError     **error)
{
  g_auto(GStrv) steps = g_strsplit (path, "/", -1);
  g_autoptr(GString) prefix = g_string_new (NULL);

  for (guint s = 1; steps[s] != NULL; s++)
    {
      const char *bracket = strchr (steps[s], '[');

      if (bracket != NULL)
        {
          g_autofree char *digits = g_strndup (bracket + 1, strcspn (bracket + 1, "]"));
          g_autofree char *repeat = g_strdup_printf ("%s/%.*s", prefix->str, (int) (bracket - steps[s]), steps[s]);
          guint64 wanted = 0;
          guint count;

          if (!g_ascii_string_to_unsigned (digits, 10, 1, VT_SESSION_MAX_REPEAT_INSTANCES, &wanted, NULL))
            {
              g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_NO_SUCH_NODE,
                           _("there is no question %s in this form"), path);
              return FALSE;
            }
          for (count = vt_session_count_repeat (self, repeat); count < wanted; count++)
            {
              g_autofree char *added = NULL;
              g_autoptr(GError) local_error = NULL;

              added = vt_session_add_repeat (self, repeat, &local_error);
              if (added != NULL)
                continue;
              if (local_error->code == VT_SESSION_ERROR_NO_SUCH_NODE)
                break;
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
        }
      g_string_append_printf (prefix, "/%s", steps[s]);
    }
  return TRUE;
}

/* A scalar member as the text of an answer: strings as they are, numbers
 * as XPath writes them, null as no answer; NULL for anything else. */
static char *
scalar_text (JsonNode *node)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
    default:
      return NULL;
    }
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* An attached file: {"value": name, "contentType": type, "data": base64}. */
static gboolean
apply_file (VtSession   *self,
            const char  *path,
            JsonObject  *file,
            GError     **error)
{
  const char *name = member_string (file, "value");
  const char *content_type = member_string (file, "contentType");
  const char *data = member_string (file, "data");
  g_autoptr(GBytes) bytes = NULL;
  gsize size = 0;
  guchar *decoded;

  if (name == NULL || data == NULL)
    {
      g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_TYPE,
                   /* Translators: keep the JSON member names value and data as they are. */
                   _("a file is given as {\"value\": its name, \"data\": its bytes in base64}"));
      return FALSE;
    }
  decoded = g_base64_decode (data, &size);
  bytes = g_bytes_new_take (decoded, size);
  return vt_session_set_attachment (self, path, name,
                                    content_type != NULL ? content_type : "application/octet-stream",
                                    bytes, error);
}

static VtValidationError *
problem_new (const char   *path,
             const GError *error)
{
  VtValidationError *problem = g_new0 (VtValidationError, 1);

  problem->path = g_strdup (path);
  problem->message = g_strdup (error->message);
  return problem;
}

GPtrArray *
vt_session_apply_answers (VtSession  *self,
                          JsonObject *answers)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GList) members = NULL;

  g_return_val_if_fail (self != NULL && answers != NULL, NULL);

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_validation_error_free);
  /* json-glib keeps members in the order they were written. */
  members = json_object_get_members (answers);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *path = l->data;
      JsonNode *node = json_object_get_member (answers, path);
      g_autofree char *value = scalar_text (node);
      g_autoptr(GError) error = NULL;
      gboolean ok;

      if (value == NULL && !JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (&error, VT_SESSION_ERROR, VT_SESSION_ERROR_TYPE, _("the answer must be a string"));
          ok = FALSE;
        }
      else if (!add_named_instances (self, path, &error))
        ok = FALSE;
      else if (value == NULL)
        ok = apply_file (self, path, json_node_get_object (node), &error);
      else
        ok = vt_session_set_answer (self, path, value, &error);

      if (!ok)
        g_ptr_array_add (problems, problem_new (path, error));
    }
  return g_steal_pointer (&problems);
}
