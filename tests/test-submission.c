#include "config.h"

#include <libxml/parser.h>
#include <string.h>

#include "vt-form.h"
#include "vt-session.h"
#include "vt-submission.h"
#include "vt-test-utils.h"

static VtForm *
load_fixture (void)
{
  g_autofree char *path = g_build_filename (vt_test_source_root (), "tests", "fixtures", "forms",
                                            "services.xml", NULL);
  g_autoptr(GError) error = NULL;
  VtForm *form = vt_form_load_file (path, &error);

  g_assert_no_error (error);
  return form;
}

static void
answer (VtSession  *session,
        const char *path,
        const char *value)
{
  g_autoptr(GError) error = NULL;

  if (!vt_session_set_answer (session, path, value, &error))
    g_error ("%s = %s: %s", path, value, error->message);
}

static xmlNode *
child (xmlNode    *parent,
       const char *name,
       guint       nth)
{
  guint seen = 0;

  for (xmlNode *c = parent->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && g_str_equal ((const char *) c->name, name) && ++seen == nth)
      return c;
  return NULL;
}

static char *
text_of (xmlNode *node)
{
  xmlChar *content = xmlNodeGetContent (node);
  char *copy = g_strdup ((const char *) content);

  xmlFree (content);
  return copy;
}

static void
test_submission (void)
{
  g_autoptr(VtForm) form = load_fixture ();
  g_autoptr(VtSession) session = vt_session_new (form, NULL, NULL);
  g_autoptr(VtSubmission) submission = NULL;
  g_autoptr(VtSubmission) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static ("jpeg", 4);
  g_autofree char *member = NULL;
  xmlDoc *doc;
  xmlNode *root;
  xmlNode *node;
  xmlChar *attr;

  answer (session, "/data/name", "Zoë & Ana");
  answer (session, "/data/kind", "new");
  answer (session, "/data/age", "15");
  member = vt_session_add_repeat (session, "/data/member", &error);
  answer (session, "/data/member/member_name", "Bo");
  g_assert_true (vt_session_set_attachment (session, "/data/photo", "face.jpg", "image/jpeg", bytes, &error));
  g_assert_no_error (error);

  submission = vt_submission_new_from_session (session, &error);
  g_assert_no_error (error);
  g_assert_nonnull (submission);
  g_assert_true (g_str_has_prefix (submission->xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
  g_assert_true (g_str_has_prefix (submission->instance_id, "uuid:"));
  g_assert_cmpuint (strlen (submission->instance_id), ==, 41);
  g_assert_cmpstr (submission->instance_id, ==, vt_session_get_instance_id (session));
  g_assert_cmpstr (submission->form_id, ==, "test-service");
  g_assert_cmpstr (submission->form_version, ==, "2024031501");
  g_assert_cmpuint (submission->attachments->len, ==, 1);
  g_assert_cmpstr (((VtAttachment *) g_ptr_array_index (submission->attachments, 0))->name, ==, "face.jpg");

  doc = xmlReadMemory (submission->xml, strlen (submission->xml), "submission.xml", NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  root = xmlDocGetRootElement (doc);
  g_assert_cmpstr ((const char *) root->name, ==, "data");
  /* Namespaces are kept: the root stays in the XForms namespace. */
  g_assert_nonnull (root->ns);
  g_assert_cmpstr ((const char *) root->ns->href, ==, "http://www.w3.org/2002/xforms");
  attr = xmlGetProp (root, (const xmlChar *) "id");
  g_assert_cmpstr ((const char *) attr, ==, "test-service");
  xmlFree (attr);
  attr = xmlGetProp (root, (const xmlChar *) "version");
  g_assert_cmpstr ((const char *) attr, ==, "2024031501");
  xmlFree (attr);

  {
    g_autofree char *name = text_of (child (root, "name", 1));
    g_autofree char *id = text_of (child (child (root, "meta", 1), "instanceID", 1));
    g_autofree char *start = text_of (child (root, "start", 1));
    g_autofree char *end = text_of (child (root, "end", 1));
    g_autoptr(GDateTime) start_time = g_date_time_new_from_iso8601 (start, NULL);
    g_autoptr(GDateTime) end_time = g_date_time_new_from_iso8601 (end, NULL);

    g_assert_cmpstr (name, ==, "Zoë & Ana");
    g_assert_cmpstr (id, ==, submission->instance_id);
    g_assert_nonnull (start_time);
    g_assert_nonnull (end_time);
    g_assert_cmpint (g_date_time_compare (start_time, end_time), <=, 0);
  }

  /* Not relevant: removed.  The repeat template: gone; the one instance kept. */
  g_assert_null (child (root, "renewal_reason", 1));
  g_assert_null (child (root, "details", 1));
  g_assert_nonnull (child (root, "member", 1));
  g_assert_null (child (root, "member", 2));
  node = child (child (root, "member", 1), "member_name", 1);
  {
    g_autofree char *value = text_of (node);
    g_assert_cmpstr (value, ==, "Bo");
    g_assert_null (xmlGetProp (child (root, "member", 1), (const xmlChar *) "template"));
  }
  g_assert_nonnull (child (root, "age", 1));
  xmlFreeDoc (doc);

  /* A second call: the same instanceID. */
  again = vt_submission_new_from_session (session, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->instance_id, ==, submission->instance_id);
  g_assert_nonnull (strstr (again->xml, submission->instance_id));
}

static void
test_invalid (void)
{
  g_autoptr(VtForm) form = load_fixture ();
  g_autoptr(VtSession) session = vt_session_new (form, "es", NULL);
  g_autoptr(VtSubmission) submission = NULL;
  g_autoptr(GError) error = NULL;

  answer (session, "/data/kind", "new");
  submission = vt_submission_new_from_session (session, &error);
  g_assert_null (submission);
  g_assert_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "/data/name: Díganos su nombre, por favor.");
}

/* A form without meta/instanceID gets one; an attachment that the answers
 * no longer name stays behind. */
static void
test_meta_added (void)
{
  const char *xml =
    "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\">"
    "<h:head><h:title>M</h:title><model><instance><data id=\"m\"><a/><f/></data></instance>"
    "<bind nodeset=\"/data/f\" type=\"binary\"/>"
    "</model></h:head><h:body><input ref=\"/data/a\"/><upload ref=\"/data/f\" mediatype=\"image/*\"/></h:body></h:html>";
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = vt_form_load_data (xml, -1, "m.xml", &error);
  g_autoptr(VtSession) session = vt_session_new (form, NULL, NULL);
  g_autoptr(VtSubmission) submission = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static ("x", 1);
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  g_assert_true (vt_session_set_attachment (session, "/data/f", "a.png", "image/png", bytes, &error));
  answer (session, "/data/f", "");
  submission = vt_submission_new_from_session (session, &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("<meta>\n    <instanceID>%s</instanceID>\n  </meta>", submission->instance_id);
  g_assert_nonnull (strstr (submission->xml, expected));
  g_assert_cmpuint (submission->attachments->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vt/submission/basic", test_submission);
  g_test_add_func ("/vt/submission/invalid", test_invalid);
  g_test_add_func ("/vt/submission/meta-added", test_meta_added);

  return g_test_run ();
}
