/* Benchmarks of the form engine: the cost of answering one question in a
 * large form against recomputing the whole form, and loading big forms. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vt-form.h"
#include "vt-session.h"

#define N_INSTANCES  200
#define ITERATIONS   200

/* 200 repeat instances of 10 nodes: 2,000 nodes, with per-instance
 * calculates and relevance, and totals over the repeat. */
static char *
generate_form (void)
{
  GString *xml = g_string_new (NULL);

  g_string_append (xml,
    "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\">"
    "<h:head><h:title>Bench</h:title><model><instance><data id=\"bench\">"
    "<applicant/><total/><adults/>");
  for (guint i = 0; i < N_INSTANCES; i++)
    g_string_append_printf (xml,
      "<member><name>m%u</name><age>%u</age><adult/><income/><tax/><net/><label/>"
      "<school/><job/><note/></member>", i, i % 90);
  g_string_append (xml,
    "</data></instance>"
    "<bind nodeset=\"/data/member/age\" type=\"int\"/>"
    "<bind nodeset=\"/data/member/adult\" calculate=\"if(../age &gt;= 18, 1, 0)\"/>"
    "<bind nodeset=\"/data/member/income\" type=\"decimal\" relevant=\"../adult = 1\"/>"
    "<bind nodeset=\"/data/member/tax\" calculate=\"../income * 0.1\"/>"
    "<bind nodeset=\"/data/member/net\" calculate=\"../income - ../tax\"/>"
    "<bind nodeset=\"/data/member/label\" calculate=\"concat(../name, ' (', ../age, ')')\"/>"
    "<bind nodeset=\"/data/member/school\" relevant=\"../age &lt; 18\"/>"
    "<bind nodeset=\"/data/member/job\" relevant=\"../adult = 1 and ../age &lt; 65\"/>"
    "<bind nodeset=\"/data/member/note\" calculate=\"if(../age &gt; 80, 'elder', '')\"/>"
    "<bind nodeset=\"/data/adults\" calculate=\"sum(/data/member/adult)\"/>"
    "<bind nodeset=\"/data/total\" calculate=\"sum(/data/member/net)\"/>"
    "</model></h:head><h:body>"
    "<input ref=\"/data/applicant\"><label>Applicant</label></input>"
    "<repeat nodeset=\"/data/member\">"
    "<input ref=\"name\"/><input ref=\"age\"/><input ref=\"income\"/><input ref=\"school\"/><input ref=\"job\"/>"
    "</repeat></h:body></h:html>");
  return g_string_free (xml, FALSE);
}

static double
load_ms (const char *path)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(VtForm) form = vt_form_load_file (path, &error);
  gint64 end = g_get_monotonic_time ();

  if (form == NULL)
    g_error ("%s", error->message);
  return (end - start) / 1000.0;
}

static char *
largest_xml (const char *dir,
             gboolean    recursive,
             goffset    *size)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  char *best = NULL;
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (recursive)
            {
              goffset inner_size = *size;
              g_autofree char *inner = largest_xml (path, TRUE, &inner_size);
              if (inner != NULL && inner_size > *size)
                {
                  g_free (best);
                  best = g_steal_pointer (&inner);
                  *size = inner_size;
                }
            }
          continue;
        }
      if (!g_str_has_suffix (name, ".xml") || g_stat (path, &st) != 0 || st.st_size <= *size)
        continue;
      {
        /* Only forms this engine loads count. */
        g_autoptr(VtForm) form = vt_form_load_file (path, NULL);
        if (form == NULL)
          continue;
      }
      g_free (best);
      best = g_steal_pointer (&path);
      *size = st.st_size;
    }
  return best;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *xml = generate_form ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = vt_form_load_data (xml, -1, "bench.xml", &error);
  g_autoptr(VtSession) session = NULL;
  const char *root = g_getenv ("VT_SOURCE_ROOT");
  const char *shared = g_getenv ("VT_SHARED_DIR");
  gint64 start, end;
  double answer_us, full_us;

  if (form == NULL)
    g_error ("%s", error->message);
  session = vt_session_new (form, NULL, &error);

  /* Answering one question in instance 100, flipping between a minor and
   * an adult so each answer changes calculates and relevance. */
  {
    guint64 before = vt_session_get_evaluation_count (session);
    vt_session_set_answer (session, "/data/member[100]/age", "41", NULL);
    g_print ("RESULT answer-one-question-evaluations %" G_GUINT64_FORMAT " expressions\n",
             vt_session_get_evaluation_count (session) - before);
    before = vt_session_get_evaluation_count (session);
    vt_session_recompute_all (session);
    g_print ("RESULT full-recompute-evaluations %" G_GUINT64_FORMAT " expressions\n",
             vt_session_get_evaluation_count (session) - before);
  }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < ITERATIONS; i++)
    if (!vt_session_set_answer (session, "/data/member[100]/age", i % 2 ? "12" : "40", &error))
      g_error ("%s", error->message);
  end = g_get_monotonic_time ();
  answer_us = (double) (end - start) / ITERATIONS;

  start = g_get_monotonic_time ();
  for (guint i = 0; i < ITERATIONS / 10; i++)
    vt_session_recompute_all (session);
  end = g_get_monotonic_time ();
  full_us = (double) (end - start) / (ITERATIONS / 10);

  g_print ("RESULT answer-one-question %.1f us\n", answer_us);
  g_print ("RESULT full-recompute %.1f us\n", full_us);
  g_print ("RESULT answer-vs-recompute-ratio %.1f x\n", full_us / answer_us);

  if (root != NULL)
    {
      g_autofree char *dir = g_build_filename (root, "data", "forms", NULL);
      goffset size = 0;
      g_autofree char *path = largest_xml (dir, FALSE, &size);

      if (path != NULL)
        {
          g_autofree char *base = g_path_get_basename (path);
          g_print ("# largest demo form: %s (%" G_GOFFSET_FORMAT " bytes)\n", base, size);
          g_print ("RESULT load-largest-demo-form %.2f ms\n", load_ms (path));
        }
    }
  if (shared != NULL)
    {
      g_autofree char *dir = g_build_filename (shared, "conformance", "odk-web-forms", NULL);
      goffset size = 0;
      g_autofree char *path = largest_xml (dir, TRUE, &size);

      if (path != NULL)
        {
          g_autofree char *base = g_path_get_basename (path);
          g_print ("# largest conformance form: %s (%" G_GOFFSET_FORMAT " bytes)\n", base, size);
          g_print ("RESULT load-largest-conformance-form %.2f ms\n", load_ms (path));
        }
    }
  return 0;
}
