/* The feedback question's form (a resource of the core library), its
 * submission built by the form engine, and its place in the outbox. */
#define G_LOG_DOMAIN "vt-feedback"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "vt-core-resources.h"
#include "vt-feedback.h"
#include "vt-session.h"

#define FORM_RESOURCE "/org/ventanilla/core/kiosk-forms/ventanilla_feedback.xml"

GBytes *
vt_feedback_get_form_xml (void)
{
  /* Looked up in the resource itself, not the global namespace: a static
   * library's constructor that registers it may never be linked in. */
  GBytes *bytes = g_resource_lookup_data (vt_core_get_resource (), FORM_RESOURCE,
                                          G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  g_assert (bytes != NULL);
  return bytes;
}

VtForm *
vt_feedback_load_form (GError **error)
{
  g_autoptr(GBytes) xml = vt_feedback_get_form_xml ();
  gsize length;
  const char *data = g_bytes_get_data (xml, &length);

  return vt_form_load_data (data, (gssize) length, "ventanilla_feedback.xml", error);
}

VtSubmission *
vt_feedback_new_submission (int          ease,
                            const char  *comment,
                            const char  *service_form_id,
                            const char  *language,
                            GError     **error)
{
  g_autoptr(VtForm) form = NULL;
  g_autoptr(VtSession) session = NULL;
  g_autofree char *ease_text = NULL;
  g_autofree char *kept = NULL;

  g_return_val_if_fail (ease >= VT_FEEDBACK_MIN_EASE && ease <= VT_FEEDBACK_MAX_EASE, NULL);

  form = vt_feedback_load_form (error);
  if (form == NULL)
    return NULL;
  session = vt_session_new (form, NULL, error);
  if (session == NULL)
    return NULL;

  ease_text = g_strdup_printf ("%d", ease);
  if (comment != NULL)
    {
      const char *end = comment;

      for (int i = 0; i < VT_FEEDBACK_MAX_COMMENT_CHARS && *end != '\0'; i++)
        end = g_utf8_next_char (end);
      kept = g_strstrip (g_strndup (comment, end - comment));
    }
  if (!vt_session_set_answer (session, "/data/ease", ease_text, error) ||
      !vt_session_set_answer (session, "/data/comment", kept != NULL ? kept : "", error) ||
      !vt_session_set_answer (session, "/data/service", service_form_id != NULL ? service_form_id : "", error) ||
      !vt_session_set_answer (session, "/data/language", language != NULL ? language : "", error))
    return NULL;
  return vt_submission_new_from_session (session, error);
}

gboolean
vt_feedback_enqueue (VtStore       *store,
                     VtSubmission  *submission,
                     const char    *service_title,
                     int            delay_seconds,
                     GError       **error)
{
  VtStoreEnqueueOptions options = { 0 };
  g_autofree char *code = NULL;
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (store != NULL && submission != NULL && service_title != NULL, FALSE);
  g_return_val_if_fail (g_str_equal (submission->form_id, VT_FEEDBACK_FORM_ID), FALSE);

  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");
  options.service_title = service_title;
  /* The store's own times would pair it with the application made just
   * before; the day is enough for anyone reading the queue. */
  options.created_at = now - now % ((gint64) G_USEC_PER_SEC * 24 * 3600);
  /* At least a second: a hold drawn as 0 would send the feedback at once,
   * right behind the application (test-status-check caught it, one run in
   * 3,601). */
  if (delay_seconds > 0)
    options.not_before = now + (1 + (gint64) randombytes_uniform ((guint32) delay_seconds)) * G_USEC_PER_SEC;
  code = vt_store_enqueue (store, submission, &options, error);
  return code != NULL;
}
