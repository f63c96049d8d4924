/* Where the engine must do what the ODK XForms specification and JavaRosa
 * say (issue 17): each test is a minimal form written from the spec's
 * wording. */
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

static VtSession *
start (VtForm *form)
{
  g_autoptr(GError) error = NULL;
  VtSession *session = vt_session_new (form, NULL, &error);

  g_assert_no_error (error);
  return session;
}

static const VtQuestion *
find_question (GPtrArray  *pages,
               const char *path)
{
  for (guint i = 0; i < pages->len; i++)
    {
      VtPage *page = g_ptr_array_index (pages, i);
      for (guint j = 0; j < page->questions->len; j++)
        {
          VtQuestion *q = g_ptr_array_index (page->questions, j);
          if (g_str_equal (q->path, path))
            return q;
        }
    }
  g_error ("no question %s", path);
  return NULL;
}

/* "readonly: false() when omitted"; a calculate gives a value the person
 * may overwrite, until the calculate fires again. */
static void
test_calculate_editable (void)
{
  const char *xml = HEAD
    "<instance><data id=\"calc\"><a/><b/><locked/></data></instance>"
    "<bind nodeset=\"/data/a\" type=\"int\"/>"
    "<bind nodeset=\"/data/b\" type=\"int\" calculate=\"/data/a * 2\"/>"
    "<bind nodeset=\"/data/locked\" type=\"int\" calculate=\"/data/a + 1\" readonly=\"true()\"/>"
    "</model></h:head><h:body>"
    "<input ref=\"/data/a\"><label>A</label></input>"
    "<input ref=\"/data/b\"><label>B</label></input>"
    "<input ref=\"/data/locked\"><label>L</label></input>"
    "</h:body></h:html>";
  g_autoptr(VtForm) form = load (xml);
  g_autoptr(VtSession) session = start (form);
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GError) error = NULL;

  vt_test_answer (session, "/data/a", "2");
  vt_test_assert_answer (session, "/data/b", "4");
  pages = vt_session_get_pages (session);
  g_assert_false (find_question (pages, "/data/b")->readonly);
  g_assert_true (find_question (pages, "/data/locked")->readonly);
  vt_test_answer (session, "/data/b", "7");
  vt_test_assert_answer (session, "/data/b", "7");
  /* The calculate fires again when what it reads changes. */
  vt_test_answer (session, "/data/a", "5");
  vt_test_assert_answer (session, "/data/b", "10");
  g_assert_false (vt_session_set_answer (session, "/data/locked", "1", &error));
  g_assert_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_READONLY);
}

/* jr:count is read relative to the repeat's context (JavaRosa): "../n"
 * from /data/child is /data/n, and in a nested repeat "../k" is the outer
 * instance's own k. */
static void
test_relative_count (void)
{
  const char *xml = HEAD
    "<instance><data id=\"rc\"><n/>"
    "<child jr:template=\"\"><k/><toy jr:template=\"\"><t/></toy></child></data></instance>"
    "<bind nodeset=\"/data/n\" type=\"int\"/>"
    "<bind nodeset=\"/data/child/k\" type=\"int\"/>"
    "</model></h:head><h:body>"
    "<input ref=\"/data/n\"><label>N</label></input>"
    "<group ref=\"/data/child\"><label>Child</label>"
    "<repeat nodeset=\"/data/child\" jr:count=\"../n\">"
    "<input ref=\"k\"><label>K</label></input>"
    "<repeat nodeset=\"/data/child/toy\" jr:count=\"current()/../k\">"
    "<input ref=\"t\"><label>T</label></input></repeat>"
    "</repeat></group>"
    "</h:body></h:html>";
  g_autoptr(VtForm) form = load (xml);
  g_autoptr(VtSession) session = start (form);

  g_assert_cmpuint (vt_session_count_repeat (session, "/data/child"), ==, 0);
  vt_test_answer (session, "/data/n", "2");
  g_assert_cmpuint (vt_session_count_repeat (session, "/data/child"), ==, 2);
  vt_test_answer (session, "/data/child[1]/k", "3");
  vt_test_answer (session, "/data/child[2]/k", "1");
  g_assert_cmpuint (vt_session_count_repeat (session, "/data/child[1]/toy"), ==, 3);
  g_assert_cmpuint (vt_session_count_repeat (session, "/data/child[2]/toy"), ==, 1);
  vt_test_answer (session, "/data/child[1]/k", "0");
  g_assert_cmpuint (vt_session_count_repeat (session, "/data/child[1]/toy"), ==, 0);
  vt_test_answer (session, "/data/n", "1");
  g_assert_cmpuint (vt_session_count_repeat (session, "/data/child"), ==, 1);
}

/* A number that is not one is not stored: an int or decimal calculate of
 * NaN leaves the node empty, and required still asks for it. */
static void
test_nan_not_stored (void)
{
  const char *xml = HEAD
    "<instance><data id=\"nan\"><a/><avg/><ratio/><label/><later/></data></instance>"
    "<bind nodeset=\"/data/a\" type=\"string\"/>"
    "<bind nodeset=\"/data/avg\" type=\"decimal\" calculate=\"number(/data/a) div 2\" required=\"true()\"/>"
    "<bind nodeset=\"/data/ratio\" type=\"int\" calculate=\"1 div (number(/data/a) - 4)\"/>"
    "<bind nodeset=\"/data/label\" type=\"string\" calculate=\"number(/data/a)\"/>"
    "<bind nodeset=\"/data/later\" type=\"decimal\"/>"
    "</model></h:head><h:body>"
    "<input ref=\"/data/a\"><label>A</label>"
    "<setvalue event=\"xforms-value-changed\" ref=\"/data/later\" value=\"number(/data/a) * 3\"/></input>"
    "</h:body></h:html>";
  g_autoptr(VtForm) form = load (xml);
  g_autoptr(VtSession) session = start (form);
  g_autoptr(GPtrArray) errors = NULL;
  gboolean found = FALSE;

  vt_test_answer (session, "/data/a", "x");
  vt_test_assert_answer (session, "/data/avg", "");
  vt_test_assert_answer (session, "/data/ratio", "");
  vt_test_assert_answer (session, "/data/later", "");
  /* A string keeps what the expression gives, as in JavaRosa. */
  vt_test_assert_answer (session, "/data/label", "NaN");
  errors = vt_session_validate_all (session);
  for (guint i = 0; i < errors->len; i++)
    if (g_str_equal (((VtValidationError *) g_ptr_array_index (errors, i))->path, "/data/avg"))
      found = TRUE;
  g_assert_true (found);

  vt_test_answer (session, "/data/a", "4");
  vt_test_assert_answer (session, "/data/avg", "2");
  vt_test_assert_answer (session, "/data/ratio", "");
  vt_test_assert_answer (session, "/data/later", "12");
}

/* jr:choice-name gives the choice's label as the person sees it, with the
 * values of the <output>s inside it. */
static void
test_choice_name_output (void)
{
  const char *xml = HEAD
    "<itext><translation lang=\"en\" default=\"true()\">"
    "<text id=\"me\"><value>Me (<output value=\"/data/name\"/>)</value></text>"
    "</translation></itext>"
    "<instance><data id=\"cn\"><name/><who/><who_name/><member jr:template=\"\"><mname/><mwho/><mwho_name/></member></data></instance>"
    "<bind nodeset=\"/data/who_name\" calculate=\"jr:choice-name(/data/who, '/data/who')\"/>"
    "<bind nodeset=\"/data/member/mwho_name\" calculate=\"jr:choice-name(../mwho, '../mwho')\"/>"
    "</model></h:head><h:body>"
    "<input ref=\"/data/name\"><label>Name</label></input>"
    "<select1 ref=\"/data/who\"><label>Who?</label>"
    "<item><label ref=\"jr:itext('me')\"/><value>me</value></item>"
    "<item><label>Someone (<output value=\"/data/name\"/> knows)</label><value>other</value></item>"
    "</select1>"
    "<repeat nodeset=\"/data/member\">"
    "<input ref=\"mname\"><label>Member</label></input>"
    "<select1 ref=\"mwho\"><label>Who?</label>"
    "<item><label>It is <output value=\"../mname\"/></label><value>m</value></item>"
    "</select1></repeat>"
    "</h:body></h:html>";
  g_autoptr(VtForm) form = load (xml);
  g_autoptr(VtSession) session = start (form);
  g_autoptr(GError) error = NULL;
  g_autofree char *added = NULL;

  vt_test_answer (session, "/data/who", "me");
  vt_test_assert_answer (session, "/data/who_name", "Me ()");
  /* The label changes with what its <output> shows, and so does the name. */
  vt_test_answer (session, "/data/name", "Ana");
  vt_test_assert_answer (session, "/data/who_name", "Me (Ana)");
  vt_test_answer (session, "/data/who", "other");
  vt_test_assert_answer (session, "/data/who_name", "Someone (Ana knows)");
  added = vt_session_add_repeat (session, "/data/member", &error);
  g_assert_no_error (error);
  g_assert_nonnull (added);
  vt_test_answer (session, "/data/member[1]/mwho", "m");
  vt_test_answer (session, "/data/member[1]/mname", "Luis");
  vt_test_assert_answer (session, "/data/member[1]/mwho_name", "It is Luis");
}

/* date() of a date and time keeps the time (JavaRosa); a date node
 * stores the day, a string the whole value. */
static void
test_date_keeps_time (void)
{
  const char *xml = HEAD
    "<instance><data id=\"dt\"><s/><d/><hm/></data></instance>"
    "<bind nodeset=\"/data/s\" type=\"string\" calculate=\"date('2018-01-01T10:20:30.400')\"/>"
    "<bind nodeset=\"/data/d\" type=\"date\" calculate=\"date('2018-01-01T23:20:30.400')\"/>"
    "<bind nodeset=\"/data/hm\" type=\"string\" calculate=\"format-date-time(date(/data/s), '%H:%M')\"/>"
    "</model></h:head><h:body/></h:html>";
  g_autoptr(VtForm) form = load (xml);
  g_autoptr(VtSession) session = start (form);

  vt_test_assert_answer (session, "/data/s", "2018-01-01T10:20:30.400");
  vt_test_assert_answer (session, "/data/d", "2018-01-01");
  vt_test_assert_answer (session, "/data/hm", "10:20");
}

static GPtrArray *
choices_of (VtSession  *session,
            const char *path)
{
  g_autoptr(GPtrArray) pages = vt_session_get_pages (session);
  const VtQuestion *q = find_question (pages, path);

  g_assert_nonnull (q->choices);
  return g_ptr_array_ref (q->choices);
}

/* A GeoJSON external instance: each feature an item, its geometry as
 * ODK's "lat lon 0 0", its id and properties as children.  JavaRosa's own
 * form first, then one written here for ids, nulls and lines. */
static void
test_geojson_instance (void)
{
  g_autofree char *conformance = g_build_filename (vt_test_shared_dir (), "conformance", "odk-web-forms",
                                                   "test-javarosa", "resources", "org", "javarosa", "xform",
                                                   "parse", "external-select-geojson.xml", NULL);
  g_autofree char *dir = vt_test_make_tmpdir ("geojson");
  g_autofree char *form_path = NULL;
  g_autoptr(GError) error = NULL;
  const char *xml = HEAD
    "<instance><data id=\"gj\"><place/><where/></data></instance>"
    "<instance id=\"places\" src=\"jr://file/places.geojson\"/>"
    "<bind nodeset=\"/data/where\" calculate=\"instance('places')/root/item[id = /data/place]/geometry\"/>"
    "</model></h:head><h:body>"
    "<select1 ref=\"/data/place\"><label>Where?</label>"
    "<itemset nodeset=\"instance('places')/root/item[visited = 'yes']\"><value ref=\"id\"/><label ref=\"name\"/></itemset>"
    "</select1></h:body></h:html>";
  const char *geojson =
    "{\"type\": \"FeatureCollection\", \"features\": ["
    "{\"type\": \"Feature\", \"id\": \"top\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [-58.4, -34.6]},"
    " \"properties\": {\"id\": \"ignored\", \"name\": \"Plaza\", \"visited\": \"yes\", \"extra\": null}},"
    "{\"type\": \"Feature\", \"id\": 77, \"geometry\": {\"type\": \"LineString\", \"coordinates\": [[1, 2], [3, 4.5]]},"
    " \"properties\": {\"name\": \"Calle\", \"visited\": \"yes\"}},"
    "{\"type\": \"Feature\", \"id\": \"no\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [0, 0]},"
    " \"properties\": {\"name\": \"Lejos\", \"visited\": \"no\"}}]}";

  if (g_file_test (conformance, G_FILE_TEST_EXISTS))
    {
      g_autoptr(VtForm) form = vt_form_load_file (conformance, &error);
      g_autoptr(VtSession) session = NULL;
      g_autoptr(GPtrArray) choices = NULL;

      g_assert_no_error (error);
      session = start (form);
      choices = choices_of (session, "/data/q");
      g_assert_cmpuint (choices->len, >=, 2);
      g_assert_cmpstr (((VtChoice *) g_ptr_array_index (choices, 0))->value, ==, "fs87b");
      g_assert_cmpstr (((VtChoice *) g_ptr_array_index (choices, 0))->label, ==, "My cool point");
      vt_test_answer (session, "/data/q", "fs87b");
    }

  g_free (vt_test_write_file (dir, "places.geojson", geojson));
  form_path = vt_test_write_file (dir, "places.xml", xml);
  {
    g_autoptr(VtForm) form = vt_form_load_file (form_path, &error);
    g_autoptr(VtSession) session = NULL;
    g_autoptr(GPtrArray) choices = NULL;

    g_assert_no_error (error);
    session = start (form);
    choices = choices_of (session, "/data/place");
    g_assert_cmpuint (choices->len, ==, 2);
    g_assert_cmpstr (((VtChoice *) g_ptr_array_index (choices, 0))->value, ==, "top");
    g_assert_cmpstr (((VtChoice *) g_ptr_array_index (choices, 1))->value, ==, "77");
    vt_test_answer (session, "/data/place", "top");
    vt_test_assert_answer (session, "/data/where", "-34.6 -58.4 0 0");
    vt_test_answer (session, "/data/place", "77");
    vt_test_assert_answer (session, "/data/where", "2 1 0 0; 4.5 3 0 0");
  }

  /* A file that is not a FeatureCollection refuses the form, saying why. */
  g_free (vt_test_write_file (dir, "places.geojson", "{\"type\": \"Feature\"}"));
  {
    g_autoptr(VtForm) form = vt_form_load_file (form_path, &error);

    g_assert_null (form);
    g_assert_error (error, VT_FORM_ERROR, VT_FORM_ERROR_STRUCTURE);
    g_assert_nonnull (strstr (error->message, "places.geojson is not GeoJSON that forms can use: it is not a FeatureCollection"));
    g_clear_error (&error);
  }
  g_free (vt_test_write_file (dir, "places.geojson",
                              "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\","
                              " \"geometry\": {\"type\": \"MultiPoint\", \"coordinates\": [[0, 0]]}}]}"));
  {
    g_autoptr(VtForm) form = vt_form_load_file (form_path, &error);

    g_assert_null (form);
    g_assert_nonnull (strstr (error->message, "feature 1 has a geometry other than Point, LineString or Polygon"));
  }
  vt_test_rmdir_recursive (dir);
}

/* A typed time keeps the kiosk's own offset, as Collect sends the
 * device's: 13:37 in São Paulo is 13:37:00.000-03:00. */
static void
test_time_local_offset (void)
{
  const char *xml = HEAD
    "<instance><data id=\"tm\"><t/><dt/></data></instance>"
    "<bind nodeset=\"/data/t\" type=\"time\"/><bind nodeset=\"/data/dt\" type=\"dateTime\"/>"
    "</model></h:head><h:body>"
    "<input ref=\"/data/t\"><label>T</label></input><input ref=\"/data/dt\"><label>D</label></input>"
    "</h:body></h:html>";
  g_autoptr(VtForm) form = load (xml);
  g_autoptr(VtSession) session = NULL;
  g_autofree char *saved = g_strdup (g_getenv ("TZ"));

  g_setenv ("TZ", "America/Sao_Paulo", TRUE);
  session = start (form);
  vt_test_answer (session, "/data/t", "13:37");
  vt_test_assert_answer (session, "/data/t", "13:37:00.000-03:00");
  vt_test_answer (session, "/data/dt", "2026-08-07T13:37");
  vt_test_assert_answer (session, "/data/dt", "2026-08-07T13:37:00.000-03:00");
  g_clear_pointer (&session, vt_session_free);

  g_setenv ("TZ", "UTC", TRUE);
  session = start (form);
  vt_test_answer (session, "/data/t", "13:37");
  vt_test_assert_answer (session, "/data/t", "13:37:00.000+00:00");
  if (saved != NULL)
    g_setenv ("TZ", saved, TRUE);
  else
    g_unsetenv ("TZ");
}

/* A path into a repeat always has the instance's position, [1] too, so a
 * clerk or a script can tell which person a problem is about. */
static void
test_paths_have_positions (void)
{
  const char *xml = HEAD
    "<instance><data id=\"pp\"><child jr:template=\"\"><cdob/></child></data></instance>"
    "<bind nodeset=\"/data/child/cdob\" type=\"date\" required=\"true()\"/>"
    "</model></h:head><h:body>"
    "<repeat nodeset=\"/data/child\"><input ref=\"cdob\"><label>Born</label></input></repeat>"
    "</h:body></h:html>";
  g_autoptr(VtForm) form = load (xml);
  g_autoptr(VtSession) session = start (form);
  g_autoptr(GError) error = NULL;
  g_autofree char *added = vt_session_add_repeat (session, "/data/child", &error);
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) pages = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (added, ==, "/data/child[1]");
  errors = vt_session_validate_all (session);
  g_assert_cmpuint (errors->len, ==, 1);
  g_assert_cmpstr (((VtValidationError *) g_ptr_array_index (errors, 0))->path, ==, "/data/child[1]/cdob");
  pages = vt_session_get_pages (session);
  g_assert_nonnull (find_question (pages, "/data/child[1]/cdob"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vt/session-spec/calculate-editable", test_calculate_editable);
  g_test_add_func ("/vt/session-spec/relative-count", test_relative_count);
  g_test_add_func ("/vt/session-spec/nan-not-stored", test_nan_not_stored);
  g_test_add_func ("/vt/session-spec/choice-name-output", test_choice_name_output);
  g_test_add_func ("/vt/session-spec/date-keeps-time", test_date_keeps_time);
  g_test_add_func ("/vt/session-spec/geojson-instance", test_geojson_instance);
  g_test_add_func ("/vt/session-spec/time-local-offset", test_time_local_offset);
  g_test_add_func ("/vt/session-spec/paths-have-positions", test_paths_have_positions);
  return g_test_run ();
}
