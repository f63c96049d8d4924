/* Location questions in forms (issue 20): geopoint, geotrace and geoshape
 * answers checked and stored as ODK writes them, odk:setgeopoint answered
 * with the kiosk's configured location, and the spec's geographic
 * functions through the XPath engine, with the figures of ODK Web Forms'
 * and JavaRosa's tests. */
#include "config.h"

#include <string.h>

#include "vt-form.h"
#include "vt-geo.h"
#include "vt-session.h"
#include "vt-submission.h"
#include "vt-test-utils.h"

#define HEAD \
  "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\"" \
  " xmlns:jr=\"http://openrosa.org/javarosa\" xmlns:odk=\"http://www.opendatakit.org/xforms\">" \
  "<h:head><h:title>T</h:title><model>"

static VtForm *
load (const char *xml)
{
  g_autoptr(GError) error = NULL;
  VtForm *form = vt_form_load_data (xml, -1, "geo.xml", &error);

  g_assert_no_error (error);
  g_assert_nonnull (form);
  return form;
}

static const char PLACES[] = HEAD
  "<instance><data id=\"places\"><point/><trace/><shape/>"
  "<length/><size/><inside/><meta><instanceID/></meta></data></instance>"
  "<bind nodeset=\"/data/point\" type=\"geopoint\"/>"
  "<bind nodeset=\"/data/trace\" type=\"geotrace\"/>"
  "<bind nodeset=\"/data/shape\" type=\"geoshape\"/>"
  "<bind nodeset=\"/data/length\" calculate=\"distance(/data/trace)\"/>"
  "<bind nodeset=\"/data/size\" calculate=\"area(/data/shape)\"/>"
  "<bind nodeset=\"/data/inside\" calculate=\"geofence(/data/point, /data/shape)\"/>"
  "</model></h:head><h:body>"
  "<input ref=\"/data/point\"><label>Where</label></input>"
  "<input ref=\"/data/trace\"><label>Path</label></input>"
  "<input ref=\"/data/shape\"><label>Plot</label></input>"
  "</h:body></h:html>";

static void
assert_refused (VtSession  *session,
                const char *path,
                const char *value,
                const char *says)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (vt_session_set_answer (session, path, value, &error));
  g_assert_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_TYPE);
  if (strstr (error->message, says) == NULL)
    g_error ("“%s” does not say “%s”", error->message, says);
}

/* What a clerk types (or the map places) is stored as JavaRosa stores it:
 * four numbers each, ";" between points; what is not a place, or not a
 * line or shape as the spec defines them, is refused with words. */
static void
test_answers (void)
{
  g_autoptr(VtForm) form = load (PLACES);
  g_autoptr(VtSession) session = vt_session_new (form, NULL, NULL);

  vt_test_answer (session, "/data/point", "-12.0464, -77.0428");
  vt_test_assert_answer (session, "/data/point", "-12.0464 -77.0428 0.0 0.0");
  vt_test_answer (session, "/data/point", "-12,0464 -77,0428 150 5");
  vt_test_assert_answer (session, "/data/point", "-12.0464 -77.0428 150.0 5.0");
  vt_test_answer (session, "/data/trace", "0 0; 0 1 ;");
  vt_test_assert_answer (session, "/data/trace", "0.0 0.0 0.0 0.0;0.0 1.0 0.0 0.0");
  vt_test_assert_answer (session, "/data/length", "111318.85");
  vt_test_answer (session, "/data/shape", "0 0;0 1;1 1;1 0;0 0");
  vt_test_assert_answer (session, "/data/size", "12391256135.81");
  vt_test_answer (session, "/data/point", "0.5 0.5");
  vt_test_assert_answer (session, "/data/inside", "true");
  vt_test_answer (session, "/data/point", "2 0.5");
  vt_test_assert_answer (session, "/data/inside", "false");

  assert_refused (session, "/data/point", "91 0", "latitude");
  assert_refused (session, "/data/point", "0 181", "longitude");
  assert_refused (session, "/data/point", "Plaza de Armas", "“Plaza de Armas”");
  assert_refused (session, "/data/trace", "0 0", "at least 2 points");
  assert_refused (session, "/data/trace", "0 0;0 1;0 0", "must not end where it starts");
  assert_refused (session, "/data/shape", "0 0;0 1;0 0.5", "repeat the first point");
  assert_refused (session, "/data/shape", "0 0;0 1;95 1;0 0", "point 3: ");
  /* A refusal keeps what was there. */
  vt_test_assert_answer (session, "/data/point", "2.0 0.5 0.0 0.0");
  vt_test_answer (session, "/data/point", "");
  vt_test_assert_answer (session, "/data/point", "");
}

/* The submission carries the values byte for byte. */
static void
test_submission (void)
{
  g_autoptr(VtForm) form = load (PLACES);
  g_autoptr(VtSession) session = vt_session_new (form, NULL, NULL);
  g_autoptr(GError) error = NULL;
  VtSubmission *submission;

  vt_test_answer (session, "/data/point", "-12.046374 -77.042793 154.5 4.2");
  vt_test_answer (session, "/data/shape",
                  "7.9377 -11.5845 0 0;7.9324 -11.5902 0 0;7.927 -11.5857 0 0;7.9377 -11.5845 0 0");
  submission = vt_submission_new_from_session (session, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (submission->xml, "<point>-12.046374 -77.042793 154.5 4.2</point>"));
  g_assert_nonnull (strstr (submission->xml,
                            "<shape>7.9377 -11.5845 0.0 0.0;7.9324 -11.5902 0.0 0.0;"
                            "7.927 -11.5857 0.0 0.0;7.9377 -11.5845 0.0 0.0</shape>"));
  vt_submission_free (submission);
}

static const char SETGEOPOINT[] = HEAD
  "<instance><data id=\"sgp\"><start/><text/><changed/><meta><instanceID/></meta></data></instance>"
  "<bind nodeset=\"/data/start\" type=\"geopoint\"/>"
  "<bind nodeset=\"/data/changed\" type=\"geopoint\"/>"
  "<odk:setgeopoint ref=\"/data/start\" event=\"odk-instance-first-load\"/>"
  "</model></h:head><h:body>"
  "<input ref=\"/data/text\"><label>Text</label>"
  "<odk:setgeopoint ref=\"/data/changed\" event=\"xforms-value-changed\"/></input>"
  "</h:body></h:html>";

/* start-geopoint (XLSForm writes odk:setgeopoint on first load) and a
 * setgeopoint on a question's change take the kiosk's [kiosk] location. */
static void
test_setgeopoint (void)
{
  VtGeoPoint here = { -12.0464, -77.0428, 150, 5, 4 };
  g_autoptr(VtForm) form = load (SETGEOPOINT);
  g_autoptr(VtSession) session = NULL;

  vt_geo_set_kiosk_location (&here);
  session = vt_session_new (form, NULL, NULL);
  vt_test_assert_answer (session, "/data/start", "-12.0464 -77.0428 150.0 5.0");
  vt_test_assert_answer (session, "/data/changed", "");
  vt_test_answer (session, "/data/text", "hola");
  vt_test_assert_answer (session, "/data/changed", "-12.0464 -77.0428 150.0 5.0");
  vt_geo_set_kiosk_location (NULL);
}

/* Without [kiosk] location the form still loads and fills; the answers
 * stay empty (and the log says why, once). */
static void
test_setgeopoint_unknown (void)
{
  g_autoptr(VtForm) form = load (SETGEOPOINT);
  g_autoptr(VtSession) session = NULL;

  vt_geo_set_kiosk_location (NULL);
  if (g_test_subprocess ())
    {
      session = vt_session_new (form, NULL, NULL);
      vt_test_assert_answer (session, "/data/start", "");
      vt_test_answer (session, "/data/text", "hola");
      vt_test_assert_answer (session, "/data/changed", "");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*[kiosk] location is not set*");
  /* Once, however many times it is asked. */
  g_test_trap_assert_stderr_unmatched ("*not set*not set*");
}

/* The spec's functions through the XPath engine, with ODK Web Forms'
 * figures: a node-set of geopoints, one geoshape, and distance() of
 * several arguments (xpath-fns/variadic-distance.xml). */
static const char FUNCTIONS[] = HEAD
  "<instance><data id=\"fns\">"
  "<pts><p>7.9377 -11.5845 0 0</p><p>7.9324 -11.5902 0 0</p><p>7.927 -11.5857 0 0</p>"
  "<p>7.925 -11.578 0 0</p><p>7.9267 -11.5722 0 0</p><p>7.9325 -11.5708 0 0</p>"
  "<p>7.9372 -11.5737 0 0</p><p>7.9393 -11.579 0 0</p><p>7.9377 -11.5845 0 0</p></pts>"
  "<a>0 0</a><b>0 1</b><c>1 1</c><nothing/>"
  "<area_ns/><distance_ns/><distance_args/><distance_empty/><area_bad/>"
  "</data></instance>"
  "<bind nodeset=\"/data/area_ns\" calculate=\"area(/data/pts/p)\"/>"
  "<bind nodeset=\"/data/distance_ns\" calculate=\"distance(/data/pts/p)\"/>"
  "<bind nodeset=\"/data/distance_args\" calculate=\"distance(/data/a, /data/b, /data/c)\"/>"
  "<bind nodeset=\"/data/distance_empty\" calculate=\"distance(/data/nothing)\"/>"
  "<bind nodeset=\"/data/area_bad\" calculate=\"area('5000 5000; 5000 5000')\"/>"
  "</model></h:head><h:body/></h:html>";

static void
test_functions (void)
{
  g_autoptr(VtForm) form = load (FUNCTIONS);
  g_autoptr(VtSession) session = vt_session_new (form, NULL, NULL);

  vt_test_assert_answer (session, "/data/area_ns", "2333220.77");
  vt_test_assert_answer (session, "/data/distance_ns", "5724.36");
  vt_test_assert_answer (session, "/data/distance_args", "222637.69");
  vt_test_assert_answer (session, "/data/distance_empty", "0");
  vt_test_assert_answer (session, "/data/area_bad", "0");
}

/* A malformed location in a function is the form's error, said as one,
 * without the value (an answer never reaches a log). */
static void
test_distance_refuses (void)
{
  const char *xml = HEAD
    "<instance><data id=\"bad\"><x>north</x><d/></data></instance>"
    "<bind nodeset=\"/data/d\" calculate=\"distance(/data/x, '0 0')\"/>"
    "</model></h:head><h:body/></h:html>";
  g_autoptr(VtForm) form = load (xml);
  g_autoptr(VtSession) session = NULL;

  if (g_test_subprocess ())
    {
      session = vt_session_new (form, NULL, NULL);
      vt_test_assert_answer (session, "/data/d", "");
      return;
    }
  /* The session logs a failed calculation at debug level. */
  g_setenv ("G_MESSAGES_DEBUG", "vt-session", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("G_MESSAGES_DEBUG");
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*distance() at character 1: a value is not a geopoint*");
  g_test_trap_assert_stdout_unmatched ("*north*");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vt/geo-form/answers", test_answers);
  g_test_add_func ("/vt/geo-form/submission", test_submission);
  g_test_add_func ("/vt/geo-form/setgeopoint", test_setgeopoint);
  g_test_add_func ("/vt/geo-form/setgeopoint-unknown", test_setgeopoint_unknown);
  g_test_add_func ("/vt/geo-form/functions", test_functions);
  g_test_add_func ("/vt/geo-form/distance-refuses", test_distance_refuses);

  return g_test_run ();
}
