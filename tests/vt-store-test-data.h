#pragma once

/* Realistic submissions for the store's tests, crash helper and benchmark.
 * Header-only so each executable builds its own copy without the form
 * engine (vt_submission_free lives there). */

#include <string.h>

#include "vt-store.h"

/* vt-submission.h's own cleanup needs the engine; tests use this alias. */
typedef VtSubmission VtTestSubmission;

static inline void
vt_test_attachment_free (VtAttachment *attachment)
{
  g_free (attachment->name);
  g_free (attachment->content_type);
  g_clear_pointer (&attachment->bytes, g_bytes_unref);
  g_free (attachment);
}

static inline void
vt_test_submission_free (VtSubmission *submission)
{
  g_free (submission->instance_id);
  g_free (submission->form_id);
  g_free (submission->form_version);
  g_free (submission->xml);
  g_clear_pointer (&submission->attachments, g_ptr_array_unref);
  g_free (submission);
}

/* About xml_bytes of OpenRosa XML (at least the skeleton) plus n_attachments
 * files of attachment_bytes (at least a short line) whose content depends
 * on the instance id. */
static inline VtTestSubmission *
vt_test_submission_new_sized (const char *instance_id,
                              gsize       xml_bytes,
                              guint       n_attachments,
                              gsize       attachment_bytes)
{
  VtSubmission *submission = g_new0 (VtSubmission, 1);
  GString *xml = g_string_new (NULL);
  guint i = 0;

  submission->instance_id = g_strdup (instance_id);
  submission->form_id = g_strdup ("permit");
  submission->form_version = g_strdup ("2024061201");

  g_string_append (xml, "<?xml version=\"1.0\"?>\n"
                        "<data xmlns:jr=\"http://openrosa.org/javarosa\" id=\"permit\" "
                        "version=\"2024061201\">\n"
                        "  <applicant><name>Ana María Quispe Mamani</name>"
                        "<national_id>12345678</national_id><phone>+591 70000000</phone></applicant>\n");
  while (xml->len + 120 < xml_bytes)
    g_string_append_printf (xml, "  <item><n>%u</n><description>Puesto de venta de artesanías, "
                                 "tejidos y cerámica</description></item>\n", i++);
  g_string_append_printf (xml, "  <meta><instanceID>%s</instanceID></meta>\n</data>\n", instance_id);
  submission->xml = g_string_free (xml, FALSE);

  submission->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_test_attachment_free);
  for (i = 0; i < n_attachments; i++)
    {
      VtAttachment *attachment = g_new0 (VtAttachment, 1);
      GString *data = g_string_new (NULL);

      do
        g_string_append_printf (data, "photo %u of %s\n", i, instance_id);
      while (data->len < attachment_bytes);

      attachment->name = g_strdup_printf ("photo-%u.jpg", i);
      attachment->content_type = g_strdup ("image/jpeg");
      attachment->bytes = g_string_free_to_bytes (data);
      g_ptr_array_add (submission->attachments, attachment);
    }

  return submission;
}

/* Same name, type and content, wherever each one's content lives (the
 * store streams its attachments). */
static inline void
vt_test_assert_attachment_equal (const VtAttachment *got,
                                 const VtAttachment *want)
{
  GError *error = NULL;
  GBytes *a = vt_attachment_read_all (got, &error);
  GBytes *b;

  g_assert_no_error (error);
  b = vt_attachment_read_all (want, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->name, ==, want->name);
  g_assert_cmpint (vt_attachment_get_size (got), ==, (gint64) g_bytes_get_size (b));
  g_assert_true (g_bytes_equal (a, b));
  g_bytes_unref (a);
  g_bytes_unref (b);
}

static inline VtTestSubmission *
vt_test_submission_new (const char *instance_id,
                        gsize       xml_bytes,
                        guint       n_attachments)
{
  return vt_test_submission_new_sized (instance_id, xml_bytes, n_attachments, 0);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtTestSubmission, vt_test_submission_free)
