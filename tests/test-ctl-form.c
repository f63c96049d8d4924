#include "config.h"

#include <libxml/parser.h>
#include <string.h>

#include "vt-test-utils.h"

static char *
fixture_path (const char *name)
{
  return g_build_filename (vt_test_source_root (), "tests", "fixtures", "forms", name, NULL);
}

static gboolean
is_blank (const xmlChar *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* Compares the elements of actual with expected, node by node: same names
 * in the same order, same text in leaves.  An expected leaf "*" takes any
 * non-empty text, "uuid:*" any instanceID. */
static void
compare_nodes (xmlNode    *expected,
               xmlNode    *actual,
               const char *where)
{
  g_autofree char *here = g_strdup_printf ("%s/%s", where, expected->name);
  xmlNode *e = expected->children;
  xmlNode *a = actual->children;
  gboolean leaf = TRUE;

  if (!xmlStrEqual (expected->name, actual->name))
    g_error ("%s: expected <%s>, found <%s>", where, expected->name, actual->name);

  for (xmlNode *c = expected->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      leaf = FALSE;
  if (leaf)
    {
      xmlChar *want = xmlNodeGetContent (expected);
      xmlChar *got = xmlNodeGetContent (actual);

      for (xmlNode *c = actual->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
          g_error ("%s: expected a leaf, found <%s> inside", here, c->name);
      if (xmlStrEqual (want, (const xmlChar *) "*"))
        g_assert_true (got != NULL && got[0] != '\0');
      else if (xmlStrEqual (want, (const xmlChar *) "uuid:*"))
        g_assert_true (got != NULL && g_str_has_prefix ((const char *) got, "uuid:") && strlen ((const char *) got) == 41);
      else if (!xmlStrEqual (want, got))
        g_error ("%s: expected “%s”, found “%s”", here, want, got);
      xmlFree (want);
      xmlFree (got);
      return;
    }

  for (;;)
    {
      while (e != NULL && e->type != XML_ELEMENT_NODE)
        {
          g_assert_true (e->type != XML_TEXT_NODE || is_blank (e->content));
          e = e->next;
        }
      while (a != NULL && a->type != XML_ELEMENT_NODE)
        {
          if (a->type == XML_TEXT_NODE && !is_blank (a->content))
            g_error ("%s: unexpected text “%s”", here, a->content);
          a = a->next;
        }
      if (e == NULL || a == NULL)
        break;
      compare_nodes (e, a, here);
      e = e->next;
      a = a->next;
    }
  if (e != NULL)
    g_error ("%s: <%s> is missing", here, e->name);
  if (a != NULL)
    g_error ("%s: unexpected <%s>", here, a->name);
}

static void
assert_same_tree (const char *expected_xml,
                  const char *actual_xml)
{
  xmlDoc *expected = xmlReadMemory (expected_xml, strlen (expected_xml), "expected.xml", NULL, 0);
  xmlDoc *actual = xmlReadMemory (actual_xml, strlen (actual_xml), "actual.xml", NULL, XML_PARSE_NONET);

  g_assert_nonnull (expected);
  if (actual == NULL)
    g_error ("not XML: %s", actual_xml);
  compare_nodes (xmlDocGetRootElement (expected), xmlDocGetRootElement (actual), "");
  xmlFreeDoc (expected);
  xmlFreeDoc (actual);
}

static void
test_check (void)
{
  g_autofree char *fixture = fixture_path ("services.xml");
  g_autofree char *dir = vt_test_make_tmpdir ("ctl-form-check");
  g_autofree char *broken = vt_test_write_file (dir, "broken.xml",
    "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\">"
    "<h:head><h:title>B</h:title><model><instance><data id=\"b\"><a/></data></instance>"
    "<bind nodeset=\"/data/a\" calculate=\"nope()\"/></model></h:head><h:body/></h:html>");
  g_autofree char *dangling = vt_test_write_file (dir, "dangling.xml",
    "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\">"
    "<h:head><h:title>D</h:title><model><instance><data id=\"d\" version=\"3\"><a/></data></instance>"
    "<bind nodeset=\"/data/old\" type=\"int\"/></model></h:head>"
    "<h:body><input ref=\"/data/a\"><label>A</label></input></h:body></h:html>");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  int status;

  status = vt_test_run_ctl (&out, &err, "form", "check", fixture, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "OK test-service 2024031501 19 controls\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = vt_test_run_ctl (&out, &err, "form", "check", fixture, broken, NULL);
  g_assert_cmpint (status, ==, 1);
  expected = g_strdup_printf ("OK test-service 2024031501 19 controls\nERROR %s: ", broken);
  g_assert_true (g_str_has_prefix (out, expected));
  g_assert_nonnull (strstr (out, "/data/a"));
  g_assert_nonnull (strstr (out, "nope"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Loads, and says on a second line what it ignored. */
  status = vt_test_run_ctl (&out, &err, "form", "check", dangling, NULL);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("OK d 3 1 controls\nWARNING %s: bind “/data/old”: no such node in the primary instance; "
                              "the bind is ignored\n", dangling);
  g_assert_cmpstr (out, ==, expected);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = vt_test_run_ctl (&out, &err, "form", "check", NULL);
  g_assert_cmpint (status, ==, 2);

  vt_test_rmdir_recursive (dir);
}

static const char expected_fill[] =
  "<data>"
  "<start>*</start><end>*</end><today>*</today>"
  "<name>Ana</name><greeting/><kind>renew</kind><age>30</age><adult>yes</adult>"
  "<height>1.6</height><birth/><appointment/><visit/><langs>gn es</langs>"
  "<country>ar</country><city>cor</city><city_name>Córdoba</city_name>"
  "<details><phone>555</phone><email/></details>"
  "<renewal_reason>lost</renewal_reason>"
  "<member><member_name>Al</member_name><member_age/><member_adult>0</member_adult></member>"
  "<member><member_name>Bo</member_name><member_age>20</member_age><member_adult>1</member_adult></member>"
  "<members_total>2</members_total><satisfaction>4</satisfaction><photo/><accept/><loaded>yes</loaded>"
  "<meta><instanceID>uuid:*</instanceID></meta>"
  "</data>";

static void
test_fill (void)
{
  g_autofree char *fixture = fixture_path ("services.xml");
  g_autofree char *dir = vt_test_make_tmpdir ("ctl-form-fill");
  /* Naming member[2] before member[1] adds both. */
  g_autofree char *answers = vt_test_write_file (dir, "answers.json",
    "{\"/data/name\": \"Ana\", \"/data/kind\": \"renew\", \"/data/renewal_reason\": \"lost\","
    " \"/data/age\": \"30\", \"/data/height\": \"1,6\", \"/data/country\": \"ar\", \"/data/city\": \"cor\","
    " \"/data/details/phone\": \"555\", \"/data/member[2]/member_name\": \"Bo\","
    " \"/data/member[2]/member_age\": 20, \"/data/member[1]/member_name\": \"Al\","
    " \"/data/langs\": \"gn es\", \"/data/satisfaction\": \"4\"}");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = vt_test_run_ctl (&out, &err, "form", "fill", fixture, "--lang", "Español (es)",
                            "--answers", answers, NULL);
  if (status != 0)
    g_error ("form fill: %s%s", out, err);
  assert_same_tree (expected_fill, out);

  vt_test_rmdir_recursive (dir);
}

static void
test_fill_invalid (void)
{
  g_autofree char *fixture = fixture_path ("services.xml");
  g_autofree char *dir = vt_test_make_tmpdir ("ctl-form-fill-invalid");
  g_autofree char *bad = vt_test_write_file (dir, "bad.json",
    "{\"/data/age\": \"many\", \"/data/kind\": \"old\", \"/data/nothing\": \"1\"}");
  g_autofree char *missing = vt_test_write_file (dir, "missing.json", "{\"/data/age\": \"-2\"}");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  int status;

  status = vt_test_run_ctl (&out, &err, "form", "fill", fixture, "--answers", bad, NULL);
  g_assert_cmpint (status, ==, 1);
  lines = g_strsplit (out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "/data/age: “many”"));
  g_assert_true (g_str_has_prefix (lines[1], "/data/kind: “old”"));
  g_assert_true (g_str_has_prefix (lines[2], "/data/nothing: "));
  g_assert_cmpstr (lines[3], ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Required and constraint messages, in the language asked for. */
  status = vt_test_run_ctl (&out, &err, "form", "fill", fixture, "--lang", "es", "--answers", missing, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (out, "/data/name: Díganos su nombre, por favor.\n"));
  g_assert_nonnull (strstr (out, "/data/age: La edad debe estar entre 0 y 120.\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = vt_test_run_ctl (&out, &err, "form", "fill", fixture, "--lang", "xx", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "Español (es)"));

  vt_test_rmdir_recursive (dir);
}

/* Issue 20: a clerk's typed place is stored as ODK writes it, and a form
 * that records where it was filled in gets the configured [kiosk]
 * location; a place that is not one is refused by path with words. */
static void
test_fill_geo (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("ctl-form-fill-geo");
  g_autofree char *form = vt_test_write_file (dir, "geo.xml",
    "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\""
    " xmlns:odk=\"http://www.opendatakit.org/xforms\"><h:head><h:title>G</h:title><model>"
    "<instance><data id=\"geo\"><where/><start/><meta><instanceID/></meta></data></instance>"
    "<bind nodeset=\"/data/where\" type=\"geopoint\"/><bind nodeset=\"/data/start\" type=\"geopoint\"/>"
    "<odk:setgeopoint ref=\"/data/start\" event=\"odk-instance-first-load\"/>"
    "</model></h:head><h:body><input ref=\"/data/where\"><label>Where</label></input></h:body></h:html>");
  g_autofree char *config = vt_test_write_file (dir, "k.conf", "[kiosk]\nlocation=-34.9011 -56.1645\n");
  g_autofree char *answers = vt_test_write_file (dir, "a.json", "{\"/data/where\": \"-34.9055, -56.1851\"}");
  g_autofree char *bad = vt_test_write_file (dir, "bad.json", "{\"/data/where\": \"-134.9 -56.1\"}");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = vt_test_run_ctl (&out, &err, "--config", config, "form", "fill", form, "--answers", answers, NULL);
  if (status != 0)
    g_error ("form fill: %s%s", out, err);
  g_assert_nonnull (strstr (out, "<where>-34.9055 -56.1851 0.0 0.0</where>"));
  g_assert_nonnull (strstr (out, "<start>-34.9011 -56.1645 0.0 0.0</start>"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = vt_test_run_ctl (&out, &err, "--config", config, "form", "fill", form, "--answers", bad, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_true (g_str_has_prefix (out, "/data/where: “-134.9 -56.1” is not a place: the latitude"));

  vt_test_rmdir_recursive (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vt/ctl-form/check", test_check);
  g_test_add_func ("/vt/ctl-form/fill", test_fill);
  g_test_add_func ("/vt/ctl-form/fill-invalid", test_fill_invalid);
  g_test_add_func ("/vt/ctl-form/fill-geo", test_fill_geo);

  return g_test_run ();
}
