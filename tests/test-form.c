#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vt-form.h"
#include "vt-session.h"
#include "vt-test-utils.h"

static char *
fixture_path (const char *name)
{
  return g_build_filename (vt_test_source_root (), "tests", "fixtures", "forms", name, NULL);
}

/* A minimal XForm around the given model and body parts. */
static char *
make_form (const char *instance,
           const char *binds,
           const char *body)
{
  return g_strdup_printf (
    "<?xml version=\"1.0\"?>\n"
    "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\""
    " xmlns:jr=\"http://openrosa.org/javarosa\" xmlns:odk=\"http://www.opendatakit.org/xforms\">"
    "<h:head><h:title>T</h:title><model><instance>%s</instance>%s</model></h:head>"
    "<h:body>%s</h:body></h:html>",
    instance, binds, body);
}

static void
test_load_fixture (void)
{
  g_autofree char *path = fixture_path ("services.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = vt_form_load_file (path, &error);
  const char * const *languages;
  g_autofree char *md5 = NULL;
  g_autofree char *title_es = NULL;
  g_autofree char *title_fr = NULL;
  g_autofree char *expected_md5 = NULL;
  g_autofree char *contents = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (form);
  g_assert_cmpstr (vt_form_get_id (form), ==, "test-service");
  g_assert_cmpstr (vt_form_get_version (form), ==, "2024031501");
  g_assert_cmpuint (vt_form_count_controls (form), ==, 19);

  languages = vt_form_get_languages (form);
  g_assert_cmpstr (languages[0], ==, "English (en)");
  g_assert_cmpstr (languages[1], ==, "Español (es)");
  g_assert_null (languages[2]);
  g_assert_cmpstr (vt_form_get_default_language (form), ==, "English (en)");
  g_assert_cmpstr (vt_form_match_language (form, "es"), ==, "Español (es)");
  g_assert_cmpstr (vt_form_match_language (form, "es_AR.UTF-8"), ==, "Español (es)");
  g_assert_cmpstr (vt_form_match_language (form, "Español (es)"), ==, "Español (es)");
  g_assert_cmpstr (vt_form_match_language (form, "fr"), ==, "English (en)");
  g_assert_null (vt_form_find_language (form, "fr"));

  title_es = vt_form_dup_title (form, "es");
  title_fr = vt_form_dup_title (form, "fr");
  g_assert_cmpstr (title_es, ==, "Servicio de prueba");
  g_assert_cmpstr (title_fr, ==, "Test service");

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (vt_form_get_xml (form), ==, contents);
  md5 = vt_form_dup_md5 (form);
  {
    g_autofree char *hex = g_compute_checksum_for_string (G_CHECKSUM_MD5, contents, -1);
    expected_md5 = g_strconcat ("md5:", hex, NULL);
  }
  g_assert_cmpstr (md5, ==, expected_md5);
  g_assert_null (vt_form_get_media (form)[0]);

  /* Shared and reference counted. */
  g_assert_true (vt_form_ref (form) == form);
  vt_form_unref (form);
}

typedef struct
{
  const char *name;
  const char *instance;
  const char *binds;
  const char *body;
  int         code;
  const char *expect[3];       /* substrings of the message */
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "unknown-function", "<data id=\"f\"><a/></data>",
    "<bind nodeset=\"/data/a\" calculate=\"nope(1)\"/>", "",
    VT_FORM_ERROR_EXPRESSION, { "/data/a", "calculate", "nope" } },
  { "syntax-error", "<data id=\"f\"><a/></data>",
    "<bind nodeset=\"/data/a\" relevant=\"/data/a = \"/>", "",
    VT_FORM_ERROR_EXPRESSION, { "/data/a", "relevant", "/data/a =" } },
  { "syntax-in-output", "<data id=\"f\"><a/></data>", "",
    "<input ref=\"/data/a\"><label>x <output value=\"1 +\"/></label></input>",
    VT_FORM_ERROR_EXPRESSION, { "label", "/data/a", "1 +" } },
  { "syntax-in-constraint", "<data id=\"f\"><a/></data>",
    "<bind nodeset=\"/data/a\" constraint=\". &gt;\"/>", "",
    VT_FORM_ERROR_EXPRESSION, { "/data/a", "constraint", NULL } },
  { "bind-missing-node-with-control", "<data id=\"f\"><a/></data>",
    "<bind nodeset=\"/data/b\" type=\"int\"/>", "<input ref=\"/data/b\"><label>x</label></input>",
    VT_FORM_ERROR_BIND, { "/data/b", "no such node", NULL } },
  { "control-missing-node", "<data id=\"f\"><a/></data>", "",
    "<input ref=\"/data/zz\"><label>x</label></input>",
    VT_FORM_ERROR_BIND, { "/data/zz", "no such node", NULL } },
  { "calculate-cycle", "<data id=\"f\"><a/><b/></data>",
    "<bind nodeset=\"/data/a\" calculate=\"/data/b + 1\"/><bind nodeset=\"/data/b\" calculate=\"/data/a + 1\"/>", "",
    VT_FORM_ERROR_CYCLE, { "/data/a (calculate)", "/data/b (calculate)", "cycle" } },
  { "self-cycle", "<data id=\"f\"><a/></data>",
    "<bind nodeset=\"/data/a\" calculate=\". + 1\"/>", "",
    VT_FORM_ERROR_CYCLE, { "/data/a (calculate)", "cycle", NULL } },
  /* c is only behind the cycle: the message names the cycle, not "c → c"
   * (it did, walking forward from the first blocked computation). */
  { "behind-a-cycle", "<data id=\"f\"><c/><a/><b/></data>",
    "<bind nodeset=\"/data/c\" calculate=\"/data/a\"/>"
    "<bind nodeset=\"/data/a\" calculate=\"/data/b + 1\"/><bind nodeset=\"/data/b\" calculate=\"/data/a + 1\"/>", "",
    VT_FORM_ERROR_CYCLE, { "/data/b (calculate) → /data/a (calculate) → /data/b", NULL, NULL } },
  { "relevance-cycle", "<data id=\"f\"><a/><b/></data>",
    "<bind nodeset=\"/data/a\" relevant=\"/data/b = 1\"/><bind nodeset=\"/data/b\" calculate=\"/data/a\"/>", "",
    VT_FORM_ERROR_CYCLE, { "/data/a (relevant)", "/data/b (calculate)", NULL } },
  { "no-id", "<data><a/></data>", "", "",
    VT_FORM_ERROR_STRUCTURE, { "<data>", "id", NULL } },
  /* JavaRosa refuses a setgeopoint outside ODK's namespace. */
  { "setgeopoint-namespace", "<data id=\"f\"><g/></data>",
    "<bind nodeset=\"/data/g\" type=\"geopoint\"/><setgeopoint ref=\"/data/g\" event=\"odk-instance-first-load\"/>",
    "", VT_FORM_ERROR_STRUCTURE, { "odk:setgeopoint", "http://www.opendatakit.org/xforms", NULL } },
  { "unknown-event", "<data id=\"f\"><a/></data>",
    "<setvalue event=\"odk-new-thing\" ref=\"/data/a\">1</setvalue>", "",
    VT_FORM_ERROR_STRUCTURE, { "odk-new-thing", "/data/a", NULL } },
  { "itemset-without-value", "<data id=\"f\"><a/></data>", "",
    "<select1 ref=\"/data/a\"><itemset nodeset=\"/data\"><label ref=\"a\"/></itemset></select1>",
    VT_FORM_ERROR_STRUCTURE, { "itemset", "/data/a", NULL } },
  /* Found by fuzz-xform: the first list leaked (tests/fixtures/fuzz/xform/). */
  { "two-itemsets", "<data id=\"f\"><a/></data>", "",
    "<select1 ref=\"/data/a\"><label>x</label>"
    "<itemset nodeset=\"/data\"><value ref=\"a\"/><label ref=\"a\"/></itemset>"
    "<itemset nodeset=\"/data/a\"><value ref=\".\"/><label ref=\".\"/></itemset></select1>",
    VT_FORM_ERROR_STRUCTURE, { "/data/a", "more than one <itemset>", NULL } },
  { "repeat-count-syntax", "<data id=\"f\"><r><x/></r></data>", "",
    "<repeat nodeset=\"/data/r\" jr:count=\"(1\"><input ref=\"x\"/></repeat>",
    VT_FORM_ERROR_EXPRESSION, { "/data/r", "jr:count", NULL } },
  { "bad-range", "<data id=\"f\"><a/></data>", "",
    "<range ref=\"/data/a\" start=\"5\" end=\"1\" step=\"1\"><label>x</label></range>",
    VT_FORM_ERROR_STRUCTURE, { "/data/a", "range", NULL } },
  { "no-bind-id", "<data id=\"f\"><a/></data>", "",
    "<input bind=\"nothere\"><label>x</label></input>",
    VT_FORM_ERROR_BIND, { "nothere", NULL, NULL } },
};

static void
test_load_errors (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      const ErrorCase *c = &error_cases[i];
      g_autofree char *xml = make_form (c->instance, c->binds, c->body);
      g_autofree char *name = g_strdup_printf ("%s.xml", c->name);
      g_autoptr(GError) error = NULL;
      g_autoptr(VtForm) form = vt_form_load_data (xml, -1, name, &error);

      g_test_message ("%s: %s", c->name, error != NULL ? error->message : "(loaded)");
      g_assert_null (form);
      g_assert_error (error, VT_FORM_ERROR, c->code);
      /* The message names the file first. */
      g_assert_true (g_str_has_prefix (error->message, name));
      for (guint j = 0; j < G_N_ELEMENTS (c->expect) && c->expect[j] != NULL; j++)
        if (strstr (error->message, c->expect[j]) == NULL)
          g_error ("%s: “%s” not in “%s”", c->name, c->expect[j], error->message);
    }
}

static void
test_not_xml (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = vt_form_load_data ("<h:html><oops", -1, "broken.xml", &error);
  g_autoptr(VtForm) form2 = NULL;

  g_assert_null (form);
  g_assert_error (error, VT_FORM_ERROR, VT_FORM_ERROR_XML);
  g_assert_true (g_str_has_prefix (error->message, "broken.xml: "));
  g_clear_error (&error);

  form2 = vt_form_load_data ("<html><head/></html>", -1, "nomodel.xml", &error);
  g_assert_null (form2);
  g_assert_error (error, VT_FORM_ERROR, VT_FORM_ERROR_STRUCTURE);
  g_assert_nonnull (strstr (error->message, "model"));
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = vt_form_load_file ("/nonexistent/form.xml", &error);

  g_assert_null (form);
  g_assert_error (error, VT_FORM_ERROR, VT_FORM_ERROR_XML);
  g_assert_nonnull (strstr (error->message, "/nonexistent/form.xml"));
}

/* External instances beside the form: CSV as root/item rows, XML as is;
 * both listed as media. */
static void
test_external_instances (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("form-external");
  g_autofree char *csv = vt_test_write_file (dir, "towns.csv",
                                             "name,label,region\n"
                                             "t1,\"Town, One\",north\n"
                                             "t2,Town Two,south\n");
  g_autofree char *lookup = vt_test_write_file (dir, "regions.xml",
                                                "<regions><region><id>north</id><label>North</label></region>"
                                                "<region><id>south</id><label>South</label></region></regions>");
  g_autofree char *xml = g_strdup_printf (
    "<?xml version=\"1.0\"?>"
    "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\">"
    "<h:head><h:title>Ext</h:title><model>"
    "<instance><data id=\"ext\"><region/><town/><missing/><pulled/><absent/></data></instance>"
    "<instance id=\"towns\" src=\"jr://file-csv/towns.csv\"/>"
    "<instance id=\"regions\" src=\"jr://file/regions.xml\"/>"
    "<instance id=\"later\" src=\"jr://file/later.xml\"/>"
    "<bind nodeset=\"/data/pulled\" calculate=\"pulldata('prices', 'price', 'code', /data/town)\"/>"
    "<bind nodeset=\"/data/absent\" calculate=\"pulldata('nothere', 'x', 'y', 'z')\"/>"
    "</model></h:head><h:body>"
    "<select1 ref=\"/data/region\"><label>Region</label>"
    "<itemset nodeset=\"instance('regions')/regions/region\"><value ref=\"id\"/><label ref=\"label\"/></itemset></select1>"
    "<select1 ref=\"/data/town\"><label>Town</label>"
    "<itemset nodeset=\"instance('towns')/root/item[region = current()/../region]\"><value ref=\"name\"/><label ref=\"label\"/></itemset></select1>"
    "</h:body></h:html>");
  g_autofree char *prices = vt_test_write_file (dir, "prices.csv", "code,price\nt1,10\nt2,20\n");
  g_autofree char *path = vt_test_write_file (dir, "ext.xml", xml);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = vt_form_load_file (path, &error);
  g_autoptr(VtSession) session = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  const char * const *media;
  VtQuestion *q;

  g_assert_no_error (error);
  media = vt_form_get_media (form);
  g_assert_cmpstr (media[0], ==, "jr://file-csv/towns.csv");
  g_assert_cmpstr (media[1], ==, "jr://file/regions.xml");
  g_assert_cmpstr (media[2], ==, "jr://file/later.xml");
  g_assert_cmpstr (media[3], ==, "jr://file-csv/prices.csv");
  g_assert_cmpstr (media[4], ==, "jr://file-csv/nothere.csv");
  g_assert_null (media[5]);

  session = vt_session_new (form, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vt_session_set_answer (session, "/data/region", "north", &error));
  g_assert_no_error (error);
  pages = vt_session_get_pages (session);
  g_assert_cmpuint (pages->len, ==, 2);
  q = g_ptr_array_index (((VtPage *) g_ptr_array_index (pages, 0))->questions, 0);
  g_assert_cmpuint (q->choices->len, ==, 2);
  g_assert_cmpstr (((VtChoice *) g_ptr_array_index (q->choices, 1))->label, ==, "South");
  q = g_ptr_array_index (((VtPage *) g_ptr_array_index (pages, 1))->questions, 0);
  g_assert_cmpuint (q->choices->len, ==, 1);
  g_assert_cmpstr (((VtChoice *) g_ptr_array_index (q->choices, 0))->value, ==, "t1");
  g_assert_cmpstr (((VtChoice *) g_ptr_array_index (q->choices, 0))->label, ==, "Town, One");

  g_assert_false (vt_session_set_answer (session, "/data/town", "t2", &error));
  g_assert_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_TYPE);
  g_clear_error (&error);
  g_assert_true (vt_session_set_answer (session, "/data/town", "t1", &error));
  {
    g_autofree char *pulled = vt_session_dup_answer (session, "/data/pulled");
    g_autofree char *absent = vt_session_dup_answer (session, "/data/absent");
    g_assert_cmpstr (pulled, ==, "10");
    g_assert_cmpstr (absent, ==, "");
  }

  vt_test_rmdir_recursive (dir);
}

/* The ODK Web Forms fixtures: every file loads or is refused with a
 * message, never a crash; the known-broken ones are refused for the right
 * reason; valid ones open a session. */
typedef struct
{
  const char *suffix;
  int         code;            /* -1: must load */
} Expectation;

static const Expectation expectations[] = {
  { "test-web-forms/simple-dag-cycle.xml", VT_FORM_ERROR_CYCLE },
  { "test-web-forms/xpath-syntax-error.xml", VT_FORM_ERROR_EXPRESSION },
  { "test-web-forms/xpath-unknown-function.xml", VT_FORM_ERROR_EXPRESSION },
  { "actions/invalid-events.xml", VT_FORM_ERROR_STRUCTURE },
  /* JavaRosa: actions on repeat events must be nested in the repeat. */
  { "actions/event-odk-new-repeat-model.xml", VT_FORM_ERROR_STRUCTURE },
  { "actions/event-odk-new-repeat.xml", -1 },
  { "two-models.xml", VT_FORM_ERROR_STRUCTURE },
  /* Location questions, actions and functions (issue 20). */
  { "geolocation/geopoint.xml", -1 },
  /* These three give a question a calculate that reads the question
   * itself, coalesce(geo, default): a cycle for this engine as for
   * JavaRosa (simple-dag-cycle.xml is the same shape); Web Forms does no
   * cycle analysis today and loads them. */
  { "geolocation/geopoint-with-maps.xml", VT_FORM_ERROR_CYCLE },
  { "geolocation/geoshape.xml", VT_FORM_ERROR_CYCLE },
  { "geolocation/geotrace.xml", VT_FORM_ERROR_CYCLE },
  { "geolocation/geofence.xml", -1 },
  { "xpath-fns/variadic-distance.xml", -1 },
  { "notes/2-all-possible-notes.xml", -1 },
  { "preview-service/xforms/all-question-types-v2024091201-3.xml", -1 },
  /* Households counted to decide how many there are (jr:count over
   * count() and indexed-repeat() of the repeat): a fixed point, not a
   * cycle (test /vt/form/count-fixed-point). */
  { "smoketests/child_vaccination_VOL_tool_v12.xml", -1 },
  { "test-scenario/child_vaccination_VOL_tool_v12-alt.xml", -1 },
  { "actions/setgeopoint-action-instance-load.xml", -1 },
  { "actions/setgeopoint-action-value-changed.xml", -1 },
  { "actions/setgeopoint-action-new-repeat.xml", -1 },
  { "actions/setgeopoint-action-bad-namespace.xml", VT_FORM_ERROR_STRUCTURE },
  { "computations/3-relevant-calculate.xml", -1 },
  { "repeats/13-repeat-count.xml", -1 },
  { "repeats/12-NestedRepeat.xml", -1 },
  { "select/2-dynamic-selects-itemsets.xml", -1 },
  { "itext/01-itext-basic.xml", -1 },
  { "test-javarosa/resources/form-with-setvalue-action.xml", -1 },
  { "test-javarosa/resources/meta-namespace-form.xml", -1 },
  { "smoketests/whova_form.xml", -1 },
  { "resources/eIMCI-by-D-Tree.xml", -1 },
  { "org/javarosa/xform/parse/external-select-csv.xml", -1 },
  { "entities/bind-attributes.xml", -1 },
};

static void
collect_xml_files (const char *dir,
                   GPtrArray  *out)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_xml_files (path, out);
      else if (g_str_has_suffix (name, ".xml"))
        g_ptr_array_add (out, g_steal_pointer (&path));
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
test_conformance (void)
{
  g_autofree char *corpus = g_build_filename (vt_test_shared_dir (), "conformance", "odk-web-forms", NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  guint loaded = 0;
  guint refused = 0;
  guint checked = 0;

  if (!g_file_test (corpus, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("the conformance corpus is not there (VT_SHARED_DIR)");
      return;
    }
  collect_xml_files (corpus, files);
  g_ptr_array_sort (files, compare_strings);
  g_assert_cmpuint (files->len, >, 100);

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(VtForm) form = vt_form_load_file (path, &error);

      if (form != NULL)
        {
          g_autoptr(VtSession) session = vt_session_new (form, NULL, NULL);
          g_autoptr(GPtrArray) pages = vt_session_get_pages (session);
          g_autoptr(GPtrArray) errors = vt_session_validate_all (session);

          g_assert_nonnull (pages);
          g_assert_nonnull (errors);
          loaded++;
        }
      else
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == VT_FORM_ERROR);
          g_assert_true (g_str_has_prefix (error->message, path));
          g_test_message ("refused %s", error->message);
          refused++;
        }

      for (gsize j = 0; j < G_N_ELEMENTS (expectations); j++)
        if (g_str_has_suffix (path, expectations[j].suffix))
          {
            checked++;
            if (expectations[j].code < 0)
              {
                if (form == NULL)
                  g_error ("%s should load: %s", path, error->message);
              }
            else
              g_assert_error (error, VT_FORM_ERROR, expectations[j].code);
          }
    }
  g_test_message ("conformance: %u files, %u loaded, %u refused", files->len, loaded, refused);
  g_assert_cmpuint (checked, ==, G_N_ELEMENTS (expectations));
  g_assert_cmpuint (loaded, >=, 121);
}

/* Damaged copies of a good form: each loads or is refused with a message;
 * what loads can be filled in and submitted.  Never a crash. */
/* "Another household?": the repeat's jr:count is one more than the
 * instances there are until the last one says no, the shape of the
 * child_vaccination conformance forms.  It loads, and the session
 * settles on the count the answers give. */
static void
test_count_fixed_point (void)
{
  g_autofree char *xml = make_form (
    "<data id=\"f\"><n/><wanted/><h><more/></h></data>",
    "<bind nodeset=\"/data/n\" calculate=\"count(/data/h)\"/>"
    "<bind nodeset=\"/data/wanted\" calculate=\"if(/data/n = 0 or "
    "indexed-repeat(/data/h/more, /data/h, /data/n) = 'yes', /data/n + 1, /data/n)\"/>",
    "<repeat nodeset=\"/data/h\" jr:count=\"/data/wanted\"><input ref=\"/data/h/more\"><label>More?</label></input></repeat>");
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = vt_form_load_data (xml, -1, "count.xml", &error);
  g_autoptr(VtSession) session = NULL;

  g_assert_no_error (error);
  session = vt_session_new (form, NULL, NULL);
  vt_test_assert_answer (session, "/data/n", "1");
  vt_test_answer (session, "/data/h[1]/more", "yes");
  vt_test_assert_answer (session, "/data/n", "2");
  vt_test_assert_answer (session, "/data/wanted", "2");
  vt_test_answer (session, "/data/h[2]/more", "yes");
  vt_test_assert_answer (session, "/data/n", "3");
  vt_test_answer (session, "/data/h[3]/more", "no");
  vt_test_assert_answer (session, "/data/n", "3");
  vt_test_assert_answer (session, "/data/wanted", "3");
}

static void
test_mutations (void)
{
  g_autofree char *path = fixture_path ("services.xml");
  g_autofree char *good = NULL;
  gsize length = 0;
  GRand *rand = g_rand_new_with_seed (20261128);
  static const char * const swaps[][2] = {
    { "/data/age", "/data/nope" }, { "calculate=\"", "calculate=\"(" }, { "</group>", "" },
    { "jr:template=\"\"", "" }, { "<value>", "<value><output value=\"/\"/>" },
    { "/data/member", "/data/member/member_name" }, { "type=\"int\"", "type=\"geoshape\"" },
    { "relevant=\"", "relevant=\"/data/adult and " }, { "../", "../../../../" },
    { "instance('cities')", "instance('towns')" }, { "current()", "current()/.." },
  };
  guint loaded = 0;

  g_assert_true (g_file_get_contents (path, &good, &length, NULL));
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *xml = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(VtForm) form = NULL;

      switch (i % 3)
        {
        case 0:
          xml = g_strndup (good, g_rand_int_range (rand, 0, (gint32) length));
          break;
        case 1:
          {
            const char * const *swap = swaps[g_rand_int_range (rand, 0, G_N_ELEMENTS (swaps))];
            g_auto(GStrv) parts = g_strsplit (good, swap[0], -1);
            guint n = g_strv_length (parts);
            guint which = n > 1 ? g_rand_int_range (rand, 1, n) : 0;
            GString *out = g_string_new (parts[0]);
            for (guint k = 1; k < n; k++)
              {
                g_string_append (out, k == which ? swap[1] : swap[0]);
                g_string_append (out, parts[k]);
              }
            xml = g_string_free (out, FALSE);
            break;
          }
        default:
          xml = g_strdup (good);
          for (guint k = 0; k < 4; k++)
            xml[g_rand_int_range (rand, 0, (gint32) length)] = "<>/\"'=x[]()"[g_rand_int_range (rand, 0, 12)];
          break;
        }

      form = vt_form_load_data (xml, -1, "mutant.xml", &error);
      if (form == NULL)
        {
          g_assert_nonnull (error);
          g_assert_true (g_str_has_prefix (error->message, "mutant.xml: "));
          continue;
        }
      loaded++;
      {
        g_autoptr(VtSession) session = vt_session_new (form, "es", NULL);
        g_autoptr(GPtrArray) pages = vt_session_get_pages (session);
        g_autofree char *added = vt_session_add_repeat (session, "/data/member", NULL);

        vt_session_set_answer (session, "/data/age", "30", NULL);
        vt_session_set_answer (session, "/data/kind", "renew", NULL);
        g_clear_pointer (&pages, g_ptr_array_unref);
        pages = vt_session_get_pages (session);
        vt_session_set_language (session, "en");
        g_ptr_array_unref (vt_session_validate_all (session));
      }
    }
  g_test_message ("mutations: %u of 300 loaded", loaded);
  g_assert_cmpuint (loaded, >, 0);
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vt/form/load-fixture", test_load_fixture);
  g_test_add_func ("/vt/form/load-errors", test_load_errors);
  g_test_add_func ("/vt/form/not-xml", test_not_xml);
  g_test_add_func ("/vt/form/missing-file", test_missing_file);
  g_test_add_func ("/vt/form/external-instances", test_external_instances);
  g_test_add_func ("/vt/form/conformance", test_conformance);
  g_test_add_func ("/vt/form/mutations", test_mutations);
  g_test_add_func ("/vt/form/count-fixed-point", test_count_fixed_point);

  return g_test_run ();
}
