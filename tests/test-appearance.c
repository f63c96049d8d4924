#include "config.h"

#include <string.h>

#include "vt-appearance.h"
#include "vt-session.h"
#include "vt-test-utils.h"

/* form check tells a form's author which controls and appearances the
 * kiosk draws otherwise than Collect and Enketo, and names appearances
 * it does not know; a form it draws as written gets no warning. */

#define HEAD \
  "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\" " \
  "xmlns:odk=\"http://www.opendatakit.org/xforms\">" \
  "<h:head><h:title>A</h:title><model><instance><data id=\"a\">"

static char *
fixture_path (const char *name)
{
  return g_build_filename (vt_test_source_root (), "tests", "fixtures", "forms", name, NULL);
}

static char **
warnings_of (const char *nodes,
             const char *binds,
             const char *body)
{
  g_autofree char *xml = g_strconcat (HEAD, nodes, "</data></instance>", binds,
                                      "</model></h:head><h:body>", body, "</h:body></h:html>", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = vt_form_load_data (xml, -1, "a.xml", &error);

  g_assert_no_error (error);
  return vt_form_dup_appearance_warnings (form);
}

static void
test_tokens (void)
{
  g_assert_true (vt_appearance_has ("minimal quick", "quick"));
  g_assert_true (vt_appearance_has ("  minimal\tquick ", "minimal"));
  g_assert_false (vt_appearance_has ("quickcompact", "quick"));
  g_assert_false (vt_appearance_has (NULL, "quick"));
  g_assert_cmpuint (vt_appearance_get_number ("columns-4 quick", "columns-"), ==, 4);
  g_assert_cmpuint (vt_appearance_get_number ("columns quick", "columns-"), ==, 0);
  g_assert_cmpuint (vt_appearance_get_number ("w3", "w"), ==, 3);
}

/* The issue's own fixture: every item the kiosk draws, no warning. */
static void
test_vocabulary_clean (void)
{
  g_autofree char *path = fixture_path ("vocabulary.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = vt_form_load_file (path, &error);
  g_auto(GStrv) warnings = NULL;

  g_assert_no_error (error);
  warnings = vt_form_dup_appearance_warnings (form);
  if (warnings[0] != NULL)
    g_error ("%s: %s", path, warnings[0]);
  g_assert_cmpuint (g_strv_length ((char **) vt_form_get_warnings (form)), ==, 0);
}

/* A made-up appearance is named; one for another kind of question is
 * said to be left out; a known one the kiosk draws otherwise says what
 * it shows instead. */
static void
test_warnings (void)
{
  g_auto(GStrv) made_up = warnings_of ("<a/>", "<bind nodeset=\"/data/a\" type=\"int\"/>",
                                       "<range ref=\"/data/a\" appearance=\"sparkly rating\" start=\"1\" end=\"5\" step=\"1\">"
                                       "<label>A</label></range>");
  g_auto(GStrv) misplaced = warnings_of ("<t/>", "<bind nodeset=\"/data/t\" type=\"string\"/>",
                                         "<input ref=\"/data/t\" appearance=\"rating\"><label>T</label></input>");
  g_auto(GStrv) calendar = warnings_of ("<d/>", "<bind nodeset=\"/data/d\" type=\"date\"/>",
                                        "<input ref=\"/data/d\" appearance=\"ethiopian no-calendar\"><label>D</label></input>");
  g_auto(GStrv) barcode = warnings_of ("<g><b/></g>", "<bind nodeset=\"/data/g/b\" type=\"barcode\"/>",
                                       "<group ref=\"/data/g\" appearance=\"field-list w11\"><label>G</label>"
                                       "<input ref=\"/data/g/b\"><label>B</label></input></group>");

  g_auto(GStrv) quick = warnings_of ("<g><q/></g>", "",
                                     "<group ref=\"/data/g\" appearance=\"field-list\"><label>G</label>"
                                     "<select1 ref=\"/data/g/q\" appearance=\"quick\"><label>Q</label>"
                                     "<item><label>Y</label><value>y</value></item></select1></group>");

  /* quick on a page of several questions still moves on: said so. */
  g_assert_cmpuint (g_strv_length (quick), ==, 1);
  g_assert_true (g_str_has_prefix (quick[0], "/data/g/q: appearance \"quick\" is shown as a choice that goes on"));
  g_assert_cmpuint (g_strv_length (made_up), ==, 1);
  g_assert_cmpstr (made_up[0], ==, "/data/a: appearance \"sparkly\" is shown as if it were not there: "
                                   "ODK Collect and Enketo do not know it");
  g_assert_cmpuint (g_strv_length (misplaced), ==, 1);
  g_assert_cmpstr (misplaced[0], ==, "/data/t: appearance \"rating\" is shown as if it were not there: "
                                     "it is not for this kind of question");
  g_assert_cmpuint (g_strv_length (calendar), ==, 1);
  g_assert_cmpstr (calendar[0], ==, "/data/d: appearance \"ethiopian\" is shown as a date of the Gregorian calendar");
  /* w11 is no width (w1…w10 are); the barcode inside is checked too. */
  g_assert_cmpuint (g_strv_length (barcode), ==, 2);
  g_assert_cmpstr (barcode[0], ==, "/data/g: appearance \"w11\" is shown as if it were not there: "
                                   "ODK Collect and Enketo do not know it");
  g_assert_true (g_str_has_prefix (barcode[1], "/data/g/b: a barcode question is shown as "));
}

/* form check prints what the author reads: OK alone for the fixture, and
 * WARNING <form> <path>: … after OK for a made-up appearance. */
static void
test_form_check (void)
{
  g_autofree char *fixture = fixture_path ("vocabulary.xml");
  g_autofree char *dir = vt_test_make_tmpdir ("appearance-check");
  g_autofree char *contents = NULL;
  g_autofree char *made_up = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GString) edited = NULL;

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "form", "check", fixture, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "OK vocabulary 2026120701 16 controls\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_get_contents (fixture, &contents, NULL, NULL));
  edited = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (edited, "appearance=\"picker\"", "appearance=\"picker slot-machine\"", 1), ==, 1);
  made_up = vt_test_write_file (dir, "made-up.xml", edited->str);
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "form", "check", made_up, NULL), ==, 0);
  expected = g_strdup_printf ("OK vocabulary 2026120701 16 controls\n"
                              "WARNING %s /data/children: appearance \"slot-machine\" is shown as if it were not there: "
                              "ODK Collect and Enketo do not know it\n", made_up);
  g_assert_cmpstr (out, ==, expected);
  vt_test_rmdir_recursive (dir);
}

/* The question says it is a ranking, for the kiosk to draw it so. */
static void
test_rank_question (void)
{
  g_autofree char *path = fixture_path ("vocabulary.xml");
  g_autoptr(VtForm) form = vt_form_load_file (path, NULL);
  g_autoptr(VtSession) session = vt_session_new (form, NULL, NULL);
  g_autoptr(GPtrArray) pages = vt_session_get_pages (session);
  gboolean seen = FALSE;

  for (guint p = 0; p < pages->len; p++)
    {
      VtPage *page = g_ptr_array_index (pages, p);

      for (guint q = 0; q < page->questions->len; q++)
        {
          VtQuestion *question = g_ptr_array_index (page->questions, q);

          g_assert_true (question->rank == g_str_equal (question->path, "/data/priorities"));
          seen |= question->rank;
        }
    }
  g_assert_true (seen);
  /* The order is the answer, kept as given. */
  vt_test_answer (session, "/data/priorities", "lights water rubbish roads");
  vt_test_assert_answer (session, "/data/priorities", "lights water rubbish roads");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vt/appearance/tokens", test_tokens);
  g_test_add_func ("/vt/appearance/vocabulary-clean", test_vocabulary_clean);
  g_test_add_func ("/vt/appearance/warnings", test_warnings);
  g_test_add_func ("/vt/appearance/form-check", test_form_check);
  g_test_add_func ("/vt/appearance/rank-question", test_rank_question);
  return g_test_run ();
}
