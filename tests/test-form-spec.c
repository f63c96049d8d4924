/* Loading as ODK's engines and the ODK XForms specification do (issue 17):
 * what loads with a warning, what loads although another engine's wording
 * differs, and what the spec refuses.  Each a minimal form written here. */
#include "config.h"

#include <string.h>

#include "vt-form.h"
#include "vt-session.h"
#include "vt-test-utils.h"

#define HEAD \
  "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\"" \
  " xmlns:jr=\"http://openrosa.org/javarosa\" xmlns:odk=\"http://www.opendatakit.org/xforms\">" \
  "<h:head><h:title>T</h:title><model>"

static VtForm *
load (const char *xml)
{
  g_autoptr(GError) error = NULL;
  VtForm *form = vt_form_load_data (xml, -1, "spec.xml", &error);

  g_assert_no_error (error);
  return form;
}

static void
assert_refused (const char *xml,
                int         code,
                const char *expect)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = vt_form_load_data (xml, -1, "spec.xml", &error);

  g_assert_null (form);
  g_assert_error (error, VT_FORM_ERROR, code);
  if (strstr (error->message, expect) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expect);
}

/* An empty setvalue (value="", or neither value nor text) clears its node. */
static void
test_empty_setvalue (void)
{
  const char *xml = HEAD
    "<instance><data id=\"sv\"><a/><b>kept</b><c>also</c></data></instance>"
    "</model></h:head><h:body>"
    "<input ref=\"/data/a\"><label>A</label>"
    "<setvalue event=\"xforms-value-changed\" ref=\"/data/b\" value=\"\"/>"
    "<setvalue event=\"xforms-value-changed\" ref=\"/data/c\"/></input>"
    "</h:body></h:html>";
  g_autoptr(VtForm) form = load (xml);
  g_autoptr(VtSession) session = vt_session_new (form, NULL, NULL);

  vt_test_assert_answer (session, "/data/b", "kept");
  vt_test_answer (session, "/data/a", "x");
  vt_test_assert_answer (session, "/data/b", "");
  vt_test_assert_answer (session, "/data/c", "");
}

/* A bind or setvalue on a node that is not there is ignored with a
 * warning, as ODK's engines do; a control on such a node still refuses. */
static void
test_dangling_references (void)
{
  const char *xml = HEAD
    "<instance><data id=\"dr\"><a/></data></instance>"
    "<bind nodeset=\"/data/gone\" type=\"int\" required=\"true()\"/>"
    "<bind nodeset=\"/data/a\" type=\"int\"/>"
    "<setvalue event=\"odk-instance-first-load\" ref=\"/data/missing\" value=\"1\"/>"
    "<setvalue event=\"odk-instance-first-load\" bind=\"nobind\" value=\"1\"/>"
    "</model></h:head><h:body><input ref=\"/data/a\"><label>A</label></input></h:body></h:html>";
  g_autoptr(VtForm) form = load (xml);
  const char * const *warnings = vt_form_get_warnings (form);
  g_autoptr(VtSession) session = vt_session_new (form, NULL, NULL);
  g_autoptr(GPtrArray) errors = NULL;

  g_assert_cmpuint (g_strv_length ((char **) warnings), ==, 3);
  g_assert_nonnull (strstr (warnings[0], "/data/gone"));
  g_assert_nonnull (strstr (warnings[0], "ignored"));
  g_assert_nonnull (strstr (warnings[1], "/data/missing"));
  g_assert_nonnull (strstr (warnings[2], "nobind"));
  vt_test_answer (session, "/data/a", "3");
  errors = vt_session_validate_all (session);
  g_assert_cmpuint (errors->len, ==, 0);

  assert_refused (HEAD "<instance><data id=\"dr\"><a/></data></instance>"
                  "<bind nodeset=\"/data/gone\" type=\"int\"/>"
                  "</model></h:head><h:body><input ref=\"/data/gone\"><label>G</label></input></h:body></h:html>",
                  VT_FORM_ERROR_BIND, "/data/gone");
}

/* <repeat ref="…"> is read as <repeat nodeset="…">. */
static void
test_repeat_ref (void)
{
  const char *xml = HEAD
    "<instance><data id=\"rr\"><kid jr:template=\"\"><name/></kid></data></instance>"
    "</model></h:head><h:body>"
    "<repeat ref=\"/data/kid\"><input ref=\"name\"><label>Name</label></input></repeat>"
    "</h:body></h:html>";
  g_autoptr(VtForm) form = load (xml);
  g_autoptr(VtSession) session = vt_session_new (form, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *added = vt_session_add_repeat (session, "/data/kid", &error);

  g_assert_no_error (error);
  g_assert_nonnull (added);
  g_assert_cmpuint (vt_session_count_repeat (session, "/data/kid"), ==, 1);
  vt_test_answer (session, "/data/kid[1]/name", "Ana");
  vt_test_assert_answer (session, "/data/kid[1]/name", "Ana");
}

/* What the spec rejects is refused, saying what to write instead. */
static void
test_spec_refusals (void)
{
  assert_refused (HEAD "<instance><data id=\"rg\"><a/></data></instance>"
                  "</model></h:head><h:body>"
                  "<range ref=\"/data/a\" start=\"1x\" end=\"10\" step=\"1\"><label>A</label></range>"
                  "</h:body></h:html>",
                  VT_FORM_ERROR_STRUCTURE, "start=\"1x\" is not a number");
  assert_refused (HEAD "<instance><data id=\"rg\"><a/></data></instance>"
                  "</model></h:head><h:body>"
                  "<range ref=\"/data/a\" start=\"\" end=\"10\" step=\"1\"><label>A</label></range>"
                  "</h:body></h:html>",
                  VT_FORM_ERROR_STRUCTURE, "start=\"\" is not a number");
  assert_refused (HEAD "<instance><data id=\"nr\"><kid jr:template=\"\"><n/></kid></data></instance>"
                  "<setvalue event=\"odk-new-repeat\" ref=\"/data/kid/n\" value=\"1\"/>"
                  "</model></h:head><h:body>"
                  "<repeat nodeset=\"/data/kid\"><input ref=\"n\"><label>N</label></input></repeat>"
                  "</h:body></h:html>",
                  VT_FORM_ERROR_STRUCTURE, "inside its <repeat>");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vt/form-spec/empty-setvalue", test_empty_setvalue);
  g_test_add_func ("/vt/form-spec/dangling-references", test_dangling_references);
  g_test_add_func ("/vt/form-spec/repeat-ref", test_repeat_ref);
  g_test_add_func ("/vt/form-spec/spec-refusals", test_spec_refusals);
  return g_test_run ();
}
