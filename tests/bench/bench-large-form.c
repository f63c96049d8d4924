/* The form engine on a big form, built here from a seed (issue 26), each a
 * RESULT line (DESIGN.md):
 *   load-large-form: from the XForm's text to the first page a citizen
 *     sees (vt_form_load_data, vt_session_new, the first page), median ms
 *     (goal under 50 ms);
 *   answer-one-question-large: one answer stored and what depends on it
 *     recomputed (vt_session_set_answer), median us (goal under 1 ms);
 *   next-page-build-large: what the kiosk's Continue asks of the engine
 *     (the shown page built again and validated, the next page built:
 *     VtFlow's next_cb), median ms (goal under 2 ms);
 *   outline-after-relevance-large (a comment line): which pages there are,
 *     walked again after an answer showed a question, median ms.
 * The form: 1,000 questions in 100 groups (every fourth a field-list page),
 * 10 relevance chains 20 deep (each question shown once the one before is
 * answered), a repeat of 50 instances (jr:count) with 20 questions each,
 * 300 calculates (chains of running totals, counts over the repeat),
 * constraints, and labels in two languages with <output>s.
 * VT_BENCH_SEED changes the seed (default 26). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "vt-form.h"
#include "vt-session.h"

#define N_GROUPS       100
#define PER_GROUP      10
#define N_QUESTIONS    (N_GROUPS * PER_GROUP)
#define N_CHAINS       10
#define CHAIN_DEPTH    20
#define N_REPEAT       50
#define REPEAT_FIELDS  20
#define N_CALCULATES   300
#define RUNS           15
#define ANSWERS        400
#define PAGE_RUNS      200

static const char *const languages[] = { "English (en)", "Español (es)" };

static gboolean
in_chain (guint q)
{
  return q < N_CHAINS * CHAIN_DEPTH;
}

static char *
question_path (guint q)
{
  return g_strdup_printf ("/data/g%03u/q%04u", q / PER_GROUP, q);
}

static void
append_itext (GString    *xml,
              const char *id,
              guint       language,
              const char *text)
{
  g_string_append_printf (xml, "<text id=\"%s\"><value>%s %s</value></text>",
                          id, language == 0 ? "" : "ES", text);
}

static char *
generate_form (guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GString *xml = g_string_new (NULL);
  guint8 kinds[N_QUESTIONS];

  /* 0 int, 1 text, 2 select1, 3 decimal, 4 date: chains are ints, so a
   * number answered makes the next one relevant. */
  for (guint q = 0; q < N_QUESTIONS; q++)
    kinds[q] = in_chain (q) ? 0 : (guint8) g_rand_int_range (rand, 0, 5);

  g_string_append (xml,
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\""
    " xmlns:jr=\"http://openrosa.org/javarosa\"><h:head><h:title>Large</h:title><model><itext>");
  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_string_append_printf (xml, "<translation lang=\"%s\"%s>", languages[l],
                              l == 0 ? " default=\"true()\"" : "");
      for (guint q = 0; q < N_QUESTIONS; q++)
        {
          g_autofree char *path = question_path (q);
          g_autofree char *id = g_strdup_printf ("%s:label", path);
          g_autofree char *text = NULL;

          /* Every seventh label shows the answer before it. */
          if (q % 7 == 6)
            {
              g_autofree char *before = question_path (q - 1);

              text = g_strdup_printf ("Question %u (after <output value=\"%s\"/>)", q, before);
            }
          else
            text = g_strdup_printf ("Question %u", q);
          append_itext (xml, id, l, text);
        }
      for (guint c = 0; c < 5; c++)
        {
          g_autofree char *id = g_strdup_printf ("choice-%u", c);
          g_autofree char *text = g_strdup_printf ("Choice %u", c);

          append_itext (xml, id, l, text);
        }
      g_string_append (xml, "</translation>");
    }
  g_string_append (xml, "</itext><instance><data id=\"large\" version=\"1\">");
  for (guint g = 0; g < N_GROUPS; g++)
    {
      g_string_append_printf (xml, "<g%03u>", g);
      for (guint q = g * PER_GROUP; q < (g + 1) * PER_GROUP; q++)
        g_string_append_printf (xml, "<q%04u/>", q);
      g_string_append_printf (xml, "</g%03u>", g);
    }
  g_string_append (xml, "<count/><member jr:template=\"\">");
  for (guint f = 0; f < REPEAT_FIELDS; f++)
    g_string_append_printf (xml, "<r%02u/>", f);
  g_string_append (xml, "</member>");
  for (guint c = 0; c < N_CALCULATES; c++)
    g_string_append_printf (xml, "<c%03u/>", c);
  g_string_append (xml, "</data></instance>");

  /* Binds. */
  for (guint q = 0; q < N_QUESTIONS; q++)
    {
      g_autofree char *path = question_path (q);
      static const char *const types[] = { "int", "string", "select1", "decimal", "date" };

      g_string_append_printf (xml, "<bind nodeset=\"%s\" type=\"%s\"", path, types[kinds[q]]);
      if (in_chain (q) && q % CHAIN_DEPTH != 0)
        {
          g_autofree char *before = question_path (q - 1);

          g_string_append_printf (xml, " relevant=\"%s != ''\"", before);
        }
      else if (!in_chain (q) && g_rand_int_range (rand, 0, 4) == 0)
        {
          /* Shown on an earlier answer somewhere in the form. */
          g_autofree char *other = question_path (g_rand_int_range (rand, 0, N_CHAINS * CHAIN_DEPTH));

          g_string_append_printf (xml, " relevant=\"%s &gt; %d\"", other, g_rand_int_range (rand, 0, 50));
        }
      if (kinds[q] == 0)
        g_string_append (xml, " constraint=\". &gt;= 0 and . &lt;= 1000\"");
      if (g_rand_int_range (rand, 0, 10) == 0)
        g_string_append (xml, " required=\"true()\"");
      g_string_append (xml, "/>");
    }
  g_string_append (xml, "<bind nodeset=\"/data/count\" type=\"int\" calculate=\"50\"/>");
  for (guint f = 0; f < REPEAT_FIELDS; f++)
    {
      g_string_append_printf (xml, "<bind nodeset=\"/data/member/r%02u\" type=\"%s\"", f,
                              f % 4 == 0 ? "int" : "string");
      if (f % 5 == 1)
        g_string_append (xml, " relevant=\"../r00 &gt; 17\"");
      if (f == REPEAT_FIELDS - 1)
        g_string_append (xml, " calculate=\"concat(../r01, ' ', ../r00)\"");
      g_string_append (xml, "/>");
    }
  for (guint c = 0; c < N_CALCULATES; c++)
    {
      g_autofree char *a = question_path (g_rand_int_range (rand, 0, N_QUESTIONS));
      g_autofree char *b = question_path (g_rand_int_range (rand, 0, N_QUESTIONS));

      g_string_append_printf (xml, "<bind nodeset=\"/data/c%03u\" type=\"string\" calculate=\"", c);
      switch (c % 6)
        {
        case 0:
          /* A running total: a chain of calculates through the form. */
          if (c >= 6)
            g_string_append_printf (xml, "/data/c%03u + number(%s)", c - 6, a);
          else
            g_string_append_printf (xml, "number(%s)", a);
          break;
        case 1:
          g_string_append_printf (xml, "if(%s &gt; 10, %s, 0)", a, b);
          break;
        case 2:
          g_string_append (xml, "count(/data/member[r00 &gt; 17])");
          break;
        case 3:
          g_string_append_printf (xml, "concat(%s, '-', %s)", a, b);
          break;
        case 4:
          g_string_append (xml, "sum(/data/member/r00)");
          break;
        default:
          g_string_append_printf (xml, "string-length(%s) + 1", a);
          break;
        }
      g_string_append (xml, "\"/>");
    }
  g_string_append (xml, "</model></h:head><h:body>");

  /* Controls. */
  for (guint g = 0; g < N_GROUPS; g++)
    {
      g_string_append_printf (xml, "<group ref=\"/data/g%03u\"%s>", g,
                              g % 4 == 3 ? " appearance=\"field-list\"" : "");
      for (guint q = g * PER_GROUP; q < (g + 1) * PER_GROUP; q++)
        {
          g_autofree char *path = question_path (q);
          const char *element = kinds[q] == 2 ? "select1" : "input";

          g_string_append_printf (xml, "<%s ref=\"%s\"><label ref=\"jr:itext('%s:label')\"/>",
                                  element, path, path);
          if (kinds[q] == 2)
            for (guint c = 0; c < 5; c++)
              g_string_append_printf (xml, "<item><label ref=\"jr:itext('choice-%u')\"/><value>v%u</value></item>",
                                      c, c);
          g_string_append_printf (xml, "</%s>", element);
        }
      g_string_append (xml, "</group>");
    }
  g_string_append (xml, "<group ref=\"/data/member\"><label>Member</label>"
                        "<repeat nodeset=\"/data/member\" jr:count=\"/data/count\">");
  for (guint f = 0; f < REPEAT_FIELDS - 1; f++)
    g_string_append_printf (xml, "<input ref=\"/data/member/r%02u\"><label>Field %u of <output value=\"../r01\"/></label></input>",
                            f, f);
  g_string_append (xml, "</repeat></group></h:body></h:html>");
  return g_string_free (xml, FALSE);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static VtSession *
load (const char *xml,
      VtForm    **form_out)
{
  g_autoptr(GError) error = NULL;
  VtForm *form = vt_form_load_data (xml, -1, "large.xml", &error);
  VtSession *session;

  if (form == NULL)
    g_error ("The generated form does not load: %s", error->message);
  session = vt_session_new (form, NULL, &error);
  if (session == NULL)
    g_error ("No session on the generated form: %s", error->message);
  *form_out = form;
  return session;
}

int
main (int   argc,
      char *argv[])
{
  const char *seed_env = g_getenv ("VT_BENCH_SEED");
  guint32 seed = seed_env != NULL ? (guint32) g_ascii_strtoull (seed_env, NULL, 10) : 26;
  g_autofree char *xml = generate_form (seed);
  double loads[RUNS], answers[ANSWERS], pages_ms[PAGE_RUNS];
  VtForm *form = NULL;
  VtSession *session = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed + 1);

  g_print ("# seed %u, %zu bytes of XForm\n", seed, strlen (xml));
  for (guint r = 0; r < RUNS; r++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(VtPage) first = NULL;

      g_clear_pointer (&session, vt_session_free);
      g_clear_pointer (&form, vt_form_unref);
      session = load (xml, &form);
      first = vt_session_get_page (session, 0);
      loads[r] = (g_get_monotonic_time () - start) / 1000.0;
      if (r == 0)
        g_print ("# %u pages at the start, %u repeat instances\n", vt_session_get_n_pages (session),
                 vt_session_count_repeat (session, "/data/member"));
    }
  g_print ("RESULT load-large-form %.2f ms\n", median (loads, RUNS));

  /* Answers as a citizen gives them: down the chains (each answer shows
   * the next question), in the repeat, and anywhere in the form. */
  for (guint i = 0; i < ANSWERS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = NULL;
      g_autofree char *value = g_strdup_printf ("%d", g_rand_int_range (rand, 0, 100));
      gint64 start;

      if (i % 4 == 0)
        path = question_path ((i / 4) % (N_CHAINS * CHAIN_DEPTH));
      else if (i % 4 == 1)
        path = g_strdup_printf ("/data/member[%d]/r00", g_rand_int_range (rand, 1, N_REPEAT + 1));
      else
        {
          guint q = N_CHAINS * CHAIN_DEPTH + g_rand_int_range (rand, 0, N_QUESTIONS - N_CHAINS * CHAIN_DEPTH);
          g_autofree char *q_path = question_path (q);

          /* Only what is shown can be answered: a number where it takes one. */
          if (!vt_session_is_relevant (session, q_path))
            q_path = question_path ((i / 4) % (N_CHAINS * CHAIN_DEPTH));
          path = g_steal_pointer (&q_path);
        }
      start = g_get_monotonic_time ();
      if (!vt_session_set_answer (session, path, value, &error))
        {
          /* A text, a date or a choice given a number: the engine refuses
           * it, which is also work a citizen causes; keep only answers. */
          g_clear_error (&error);
          g_clear_pointer (&value, g_free);
          value = g_strdup ("v1");
          start = g_get_monotonic_time ();
          if (!vt_session_set_answer (session, path, value, &error))
            {
              g_clear_error (&error);
              start = g_get_monotonic_time ();
              if (!vt_session_set_answer (session, path, "2024-05-17", &error))
                g_error ("%s: %s", path, error->message);
            }
        }
      answers[i] = (double) (g_get_monotonic_time () - start);
    }
  g_print ("RESULT answer-one-question-large %.1f us\n", median (answers, ANSWERS));

  /* Continue, page after page from the start: the shown page built again
   * and validated, then the next one built (VtFlow's next_cb and the page
   * it shows). */
  {
    g_autofree char *shown_id = g_strdup (vt_session_get_page_id (session, 0));
    guint n = 0;

    while (n < PAGE_RUNS)
      {
        gint64 start = g_get_monotonic_time ();
        int index = vt_session_find_page (session, shown_id);
        g_autoptr(VtPage) shown = vt_session_get_page (session, (guint) index);
        g_autoptr(GPtrArray) errors = vt_session_validate_page (session, shown);
        g_autoptr(VtPage) next = NULL;

        index = vt_session_find_page (session, shown_id);
        if ((guint) index + 1 >= vt_session_get_n_pages (session))
          index = -1;
        next = vt_session_get_page (session, (guint) index + 1);
        pages_ms[n++] = (g_get_monotonic_time () - start) / 1000.0;
        g_free (shown_id);
        shown_id = g_strdup (next->id);
      }
  }
  g_print ("RESULT next-page-build-large %.2f ms\n", median (pages_ms, PAGE_RUNS));

  /* An answer that shows or hides a question: which pages there are is
   * walked again, once, at the next page asked for. */
  {
    g_autofree char *first = question_path (0);

    for (guint r = 0; r < RUNS; r++)
      {
        gint64 start;

        if (!vt_session_set_answer (session, first, r % 2 == 0 ? "" : "7", NULL))
          g_error ("%s not answered", first);
        start = g_get_monotonic_time ();
        (void) vt_session_get_n_pages (session);
        loads[r] = (g_get_monotonic_time () - start) / 1000.0;
      }
    g_print ("# outline-after-relevance-large %.2f ms\n", median (loads, RUNS));
  }

  vt_session_free (session);
  vt_form_unref (form);
  return 0;
}
