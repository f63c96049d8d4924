#pragma once

/* Realistic submissions for the store's tests, crash helper and benchmark.
 * Header-only so each executable builds its own copy without the form
 * engine (vt_submission_free lives there). */

#include <sqlite3.h>
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

/* Makes (form_id, version) a form the store has, as a sync or the bundled
 * forms would; importing a bundle needs its applications' forms. */
static inline gboolean
vt_test_store_add_form (VtStore     *store,
                        const char  *form_id,
                        const char  *version,
                        GError     **error)
{
  VtStoreForm form = {
    .form_id = (char *) form_id,
    .version = (char *) version,
    .title = (char *) form_id,
    .xml = (char *) "<h:html xmlns:h=\"http://www.w3.org/1999/xhtml\"/>",
    .source = (char *) "server",
    .active = TRUE,
  };

  return vt_store_add_form (store, &form, error);
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

static inline void
vt_test_exec (sqlite3    *db,
              const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* The rows a database of schema `version` (1 to VT_STORE_SCHEMA_VERSION - 1)
 * held as that release wrote them, for the migration tests: uuid:m1 queued
 * (two attempts, due at 100, created at 10) with the attachment a.jpg (one
 * zero byte), the receipt `code` and its "enqueued" event; uuid:m2 sent;
 * uuid:m3 rejected; uuid:m4 sent with its XML purged; every XML is
 * "<data/>".  The form permit 1 is active. */
static inline void
vt_test_fill_old_schema (sqlite3    *db,
                         int         version,
                         const char *code)
{
  /* Schema 7 moved the receipt into its submission's row. */
  char *receipt_sql = version < 7
    ? g_strdup_printf ("INSERT INTO receipts (reference_code, submission, service_title, language, "
                       "  created_at) VALUES ('%s', 1, 'Permiso', 'es', 10);", code)
    : g_strdup_printf ("UPDATE submissions SET reference_code = '%s', service_title = 'Permiso', "
                       "  language = 'es' WHERE id = 1;", code);
  char *insert = g_strdup_printf (
    "INSERT INTO submissions (instance_id, form_id, form_version, xml, state, attempts, "
    "  next_attempt_at, created_at, sent_at) VALUES "
    "  ('uuid:m1', 'permit', '1', '<data/>', 'queued', 2, 100, 10, NULL),"
    "  ('uuid:m2', 'permit', '1', '<data/>', 'sent', 1, 100, 20, 30),"
    "  ('uuid:m3', 'permit', '1', '<data/>', 'rejected', 1, 100, 5, NULL),"
    /* Sent and purged already: no XML left. */
    "  ('uuid:m4', 'permit', '1', NULL, 'sent', 1, 100, 15, 25);"
    "INSERT INTO attachments (submission, name, content_type, sha256, size, bytes) VALUES "
    "  (1, 'a.jpg', 'image/jpeg', '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', 1, x'00');"
    "%s"
    "INSERT INTO events (time, instance_id, what, actor) VALUES (10, 'uuid:m1', 'enqueued', 'kiosk');"
    "INSERT INTO forms (form_id, version, xml, source, active, added_at) VALUES "
    "  ('permit', '1', '<h:html/>', 'server', 1, 1);", receipt_sql);

  vt_test_exec (db, insert);
  /* From schema 4 on, enqueue counts its row itself (no INSERT trigger);
   * do what it would have done for the rows written above. */
  if (version >= 4)
    vt_test_exec (db, "UPDATE state_counts SET n = n + 1 WHERE state IN ('queued', 'sent', 'rejected');"
                      "UPDATE state_counts SET n = n + 1 WHERE state = 'sent'");
  /* From schema 7 on, the queued row holds the count minus max(id). */
  if (version >= 7)
    vt_test_exec (db, "UPDATE state_counts SET n = n - 4 WHERE state = 'queued'");
  /* From schema 6 on, the XML lives in payloads. */
  if (version >= 6)
    vt_test_exec (db, "INSERT INTO payloads (submission, xml) SELECT id, xml FROM submissions "
                      "  WHERE xml IS NOT NULL;"
                      "UPDATE submissions SET purged = xml IS NULL, xml = NULL;");
  g_free (insert);
  g_free (receipt_sql);
}
