#include "config.h"

#include <string.h>

#include "vt-form.h"
#include "vt-session.h"
#include "vt-session-private.h"
#include "vt-wipe.h"
#include "vt-submission.h"
#include "vt-test-utils.h"

typedef struct
{
  VtForm    *form;
  VtSession *session;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (vt_test_source_root (), "tests", "fixtures", "forms",
                                            "services.xml", NULL);
  g_autoptr(GError) error = NULL;

  fixture->form = vt_form_load_file (path, &error);
  g_assert_no_error (error);
  fixture->session = vt_session_new (fixture->form, data, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  vt_session_free (fixture->session);
  vt_form_unref (fixture->form);
}

static VtPage *
find_page (GPtrArray  *pages,
           const char *id)
{
  for (guint i = 0; i < pages->len; i++)
    if (g_str_equal (((VtPage *) g_ptr_array_index (pages, i))->id, id))
      return g_ptr_array_index (pages, i);
  return NULL;
}

static VtQuestion *
find_question (GPtrArray  *pages,
               const char *path)
{
  for (guint i = 0; i < pages->len; i++)
    {
      VtPage *page = g_ptr_array_index (pages, i);
      for (guint j = 0; page->questions != NULL && j < page->questions->len; j++)
        {
          VtQuestion *q = g_ptr_array_index (page->questions, j);
          if (g_str_equal (q->path, path))
            return q;
        }
    }
  return NULL;
}

static char *
page_ids (GPtrArray *pages)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < pages->len; i++)
    {
      VtPage *page = g_ptr_array_index (pages, i);
      g_string_append_printf (out, "%s%s", i > 0 ? " " : "", page->id);
    }
  return g_string_free (out, FALSE);
}

static void
test_pages (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) pages = vt_session_get_pages (fixture->session);
  g_autofree char *ids = page_ids (pages);
  g_autofree char *ids2 = NULL;
  g_autoptr(GPtrArray) pages2 = NULL;
  VtPage *prompt;
  VtPage *contact;
  VtQuestion *q;
  g_autofree char *added = NULL;
  g_autoptr(GError) error = NULL;

  /* Non-relevant questions (renewal reason, the contact group) are skipped;
   * the repeat without instances shows only its prompt. */
  g_assert_cmpstr (ids, ==,
                   "/data/name /data/greeting /data/kind /data/age /data/height /data/birth "
                   "/data/appointment /data/visit /data/langs /data/country /data/city "
                   "repeat:/data/member /data/satisfaction /data/photo /data/accept");
  prompt = find_page (pages, "repeat:/data/member");
  g_assert_cmpint (prompt->kind, ==, VT_PAGE_REPEAT_PROMPT);
  g_assert_cmpstr (prompt->repeat_path, ==, "/data/member");
  g_assert_cmpstr (prompt->repeat_label, ==, "Member");
  g_assert_cmpuint (prompt->repeat_count, ==, 0);
  g_assert_true (prompt->repeat_can_add);

  vt_test_answer (fixture->session, "/data/age", "30");
  vt_test_answer (fixture->session, "/data/kind", "renew");
  added = vt_session_add_repeat (fixture->session, "/data/member", &error);
  g_assert_no_error (error);
  /* The first instance has its position too: [1]. */
  g_assert_cmpstr (added, ==, "/data/member[1]");
  g_free (added);
  added = vt_session_add_repeat (fixture->session, "/data/member", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (added, ==, "/data/member[2]");

  pages2 = vt_session_get_pages (fixture->session);
  ids2 = page_ids (pages2);
  g_assert_cmpstr (ids2, ==,
                   "/data/name /data/greeting /data/kind /data/renewal_reason /data/age /data/height "
                   "/data/birth /data/appointment /data/visit /data/langs /data/country /data/city "
                   "group:/data/details#12 /data/member[1]/member_name /data/member[1]/member_age "
                   "/data/member[2]/member_name /data/member[2]/member_age repeat:/data/member "
                   "/data/satisfaction /data/photo /data/accept");

  /* One field-list group is one page. */
  contact = find_page (pages2, "group:/data/details#12");
  g_assert_cmpuint (contact->questions->len, ==, 2);
  g_assert_cmpstr (contact->group_label, ==, "Contact");
  q = g_ptr_array_index (contact->questions, 0);
  g_assert_cmpstr (q->path, ==, "/data/details/phone");
  g_assert_true (q->required);

  q = find_question (pages2, "/data/member[2]/member_name");
  g_assert_cmpstr (q->label, ==, "Name of member 2");
  g_assert_cmpstr (find_page (pages2, "/data/member[2]/member_name")->group_label, ==, "Member");
  prompt = find_page (pages2, "repeat:/data/member");
  g_assert_cmpuint (prompt->repeat_count, ==, 2);
}

static void
test_questions (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) pages = NULL;
  VtQuestion *q;
  VtChoice *choice;

  vt_test_answer (fixture->session, "/data/name", "Ana");
  vt_test_answer (fixture->session, "/data/kind", "renew");
  vt_test_answer (fixture->session, "/data/langs", "gn es");
  pages = vt_session_get_pages (fixture->session);

  q = find_question (pages, "/data/name");
  g_assert_cmpint (q->kind, ==, VT_CONTROL_INPUT);
  g_assert_cmpint (q->type, ==, VT_DATA_STRING);
  g_assert_cmpstr (q->label, ==, "Your name");
  g_assert_cmpstr (q->hint, ==, "As on your ID card");
  g_assert_cmpstr (q->guidance, ==, "Write it exactly as printed.");
  g_assert_true (q->required);
  g_assert_false (q->readonly);
  g_assert_cmpstr (q->value, ==, "Ana");

  /* A read-only input is a note; its label fills <output>. */
  q = find_question (pages, "/data/greeting");
  g_assert_cmpint (q->kind, ==, VT_CONTROL_NOTE);
  g_assert_true (q->readonly);
  g_assert_cmpstr (q->label, ==, "Hello Ana!");

  q = find_question (pages, "/data/kind");
  g_assert_cmpint (q->kind, ==, VT_CONTROL_SELECT1);
  g_assert_cmpint (q->type, ==, VT_DATA_SELECT1);
  g_assert_cmpstr (q->appearance, ==, "minimal");
  g_assert_cmpuint (q->choices->len, ==, 2);
  choice = g_ptr_array_index (q->choices, 1);
  g_assert_cmpstr (choice->value, ==, "renew");
  g_assert_cmpstr (choice->label, ==, "Renewal");
  g_assert_cmpstr (q->display_value, ==, "Renewal");

  q = find_question (pages, "/data/langs");
  g_assert_cmpint (q->kind, ==, VT_CONTROL_SELECT);
  g_assert_cmpint (q->type, ==, VT_DATA_SELECT);
  g_assert_cmpstr (q->display_value, ==, "Guaraní, Spanish");

  q = find_question (pages, "/data/age");
  g_assert_cmpint (q->type, ==, VT_DATA_INT);
  g_assert_cmpstr (q->appearance, ==, "numbers");

  q = find_question (pages, "/data/satisfaction");
  g_assert_cmpint (q->kind, ==, VT_CONTROL_RANGE);
  g_assert_cmpfloat (q->range_start, ==, 1);
  g_assert_cmpfloat (q->range_end, ==, 5);
  g_assert_cmpfloat (q->range_step, ==, 1);

  q = find_question (pages, "/data/photo");
  g_assert_cmpint (q->kind, ==, VT_CONTROL_UPLOAD);
  g_assert_cmpint (q->type, ==, VT_DATA_BINARY);
  g_assert_cmpstr (q->mediatype, ==, "image/*");

  q = find_question (pages, "/data/accept");
  g_assert_cmpint (q->kind, ==, VT_CONTROL_TRIGGER);

  q = find_question (pages, "/data/birth");
  g_assert_cmpint (q->type, ==, VT_DATA_DATE);
  g_assert_cmpstr (q->value, ==, "");
  q = find_question (pages, "/data/appointment");
  g_assert_cmpint (q->type, ==, VT_DATA_TIME);
  q = find_question (pages, "/data/visit");
  g_assert_cmpint (q->type, ==, VT_DATA_DATETIME);
  q = find_question (pages, "/data/height");
  g_assert_cmpint (q->type, ==, VT_DATA_DECIMAL);
}

/* An itemset over a secondary instance, filtered with current(). */
static void
test_display_values (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GDateTime) date = g_date_time_new_local (2024, 3, 31, 0, 0, 0);
  g_autofree char *expected = g_date_time_format (date, "%x");
  VtQuestion *q;

  vt_test_answer (fixture->session, "/data/birth", "2024-03-31");
  vt_test_answer (fixture->session, "/data/appointment", "09:05");
  pages = vt_session_get_pages (fixture->session);
  q = find_question (pages, "/data/birth");
  g_assert_cmpstr (q->value, ==, "2024-03-31");
  g_assert_cmpstr (q->display_value, ==, expected);
  q = find_question (pages, "/data/appointment");
  g_assert_cmpstr (q->display_value, ==, "09:05");
}

static void
test_itemset (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) pages2 = NULL;
  g_autoptr(GError) error = NULL;
  VtQuestion *q;

  pages = vt_session_get_pages (fixture->session);
  q = find_question (pages, "/data/city");
  g_assert_cmpuint (q->choices->len, ==, 0);

  vt_test_answer (fixture->session, "/data/country", "ar");
  pages2 = vt_session_get_pages (fixture->session);
  q = find_question (pages2, "/data/city");
  g_assert_cmpuint (q->choices->len, ==, 2);
  g_assert_cmpstr (((VtChoice *) g_ptr_array_index (q->choices, 1))->label, ==, "Córdoba");

  g_assert_false (vt_session_set_answer (fixture->session, "/data/city", "sp", &error));
  g_assert_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_TYPE);
  vt_test_answer (fixture->session, "/data/city", "cor");
  /* jr:choice-name() answers from the itemset. */
  vt_test_assert_answer (fixture->session, "/data/city_name", "Córdoba");

  /* The parent answer changes: the city is kept but no longer valid. */
  vt_test_answer (fixture->session, "/data/country", "br");
  {
    g_autoptr(GPtrArray) errors = vt_session_validate_all (fixture->session);
    gboolean found = FALSE;

    for (guint i = 0; i < errors->len; i++)
      if (g_str_equal (((VtValidationError *) g_ptr_array_index (errors, i))->path, "/data/city"))
        found = TRUE;
    g_assert_true (found);
  }
  vt_test_answer (fixture->session, "/data/city", "sp");
}

typedef struct
{
  const char *path;
  const char *input;
  const char *stored;          /* NULL: refused */
} TypeCase;

static const TypeCase type_cases[] = {
  { "/data/age", "42", "42" },
  { "/data/age", " 007 ", "7" },
  { "/data/age", "-3", "-3" },
  { "/data/age", "abc", NULL },
  { "/data/age", "12.5", NULL },
  { "/data/age", "99999999999", NULL },
  { "/data/height", "1.75", "1.75" },
  { "/data/height", "1,75", "1.75" },
  { "/data/height", "+2", "2" },
  { "/data/height", "1.7.5", NULL },
  { "/data/height", "nan", NULL },
  { "/data/birth", "2024-02-29", "2024-02-29" },
  { "/data/birth", "2023-02-29", NULL },
  { "/data/birth", "31/12/2020", NULL },
  { "/data/appointment", "14:30Z", "14:30:00.000Z" },
  { "/data/appointment", "09:05:30-03:00", "09:05:30.000-03:00" },
  { "/data/appointment", "25:00", NULL },
  { "/data/visit", "2024-03-31T14:30:00-03:00", "2024-03-31T14:30:00.000-03:00" },
  { "/data/visit", "2024-03-31 noon", NULL },
  { "/data/kind", "new", "new" },
  { "/data/kind", "old", NULL },
  { "/data/kind", "new renew", NULL },
  { "/data/langs", "gn es gn", "gn es" },
  { "/data/langs", "es fr", NULL },
  { "/data/name", "Ana & Bo <3", "Ana & Bo <3" },
  { "/data/satisfaction", "3", "3" },
  { "/data/satisfaction", "6", NULL },
  { "/data/satisfaction", "2.5", NULL },
  { "/data/name", "", "" },
};

static void
test_types (Fixture       *fixture,
            gconstpointer  data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (type_cases); i++)
    {
      const TypeCase *c = &type_cases[i];
      g_autoptr(GError) error = NULL;
      gboolean ok = vt_session_set_answer (fixture->session, c->path, c->input, &error);

      g_test_message ("%s = “%s”: %s", c->path, c->input, ok ? "stored" : error->message);
      if (c->stored != NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          vt_test_assert_answer (fixture->session, c->path, c->stored);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_TYPE);
          /* The message quotes what was typed so a person can fix it. */
          g_assert_nonnull (strstr (error->message, "“"));
        }
    }
}

static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (vt_session_set_answer (fixture->session, "/data/nothing", "x", &error));
  g_assert_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_NO_SUCH_NODE);
  g_clear_error (&error);
  g_assert_false (vt_session_set_answer (fixture->session, "/data/details", "x", &error));
  g_assert_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_NO_SUCH_NODE);
  g_clear_error (&error);
  g_assert_false (vt_session_set_answer (fixture->session, "/data/greeting", "x", &error));
  g_assert_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_READONLY);
  g_clear_error (&error);
  g_assert_false (vt_session_set_answer (fixture->session, "/data/adult", "yes", &error));
  g_assert_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_READONLY);
  g_clear_error (&error);
  g_assert_false (vt_session_set_answer (fixture->session, "/data/renewal_reason", "x", &error));
  g_assert_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_NOT_RELEVANT);
  g_clear_error (&error);
  g_assert_false (vt_session_set_answer (fixture->session, "/data/member[1]/member_name", "x", &error));
  g_assert_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_NO_SUCH_NODE);
}

static void
test_relevance_and_calculate (Fixture       *fixture,
                              gconstpointer  data)
{
  vt_test_assert_answer (fixture->session, "/data/adult", "no");
  g_assert_false (vt_session_is_relevant (fixture->session, "/data/details/phone"));

  vt_test_answer (fixture->session, "/data/age", "30");
  vt_test_assert_answer (fixture->session, "/data/adult", "yes");
  g_assert_true (vt_session_is_relevant (fixture->session, "/data/details/phone"));
  vt_test_answer (fixture->session, "/data/details/phone", "555");

  /* Values that stop being relevant are cleared, as Enketo and ODK Web
   * Forms do; JavaRosa (Collect) keeps them and only leaves them out of
   * the submission.  We follow Enketo. */
  vt_test_answer (fixture->session, "/data/kind", "renew");
  vt_test_answer (fixture->session, "/data/renewal_reason", "lost it");
  vt_test_answer (fixture->session, "/data/kind", "new");
  g_assert_false (vt_session_is_relevant (fixture->session, "/data/renewal_reason"));
  vt_test_assert_answer (fixture->session, "/data/renewal_reason", "");
  vt_test_answer (fixture->session, "/data/kind", "renew");
  vt_test_assert_answer (fixture->session, "/data/renewal_reason", "");

  vt_test_answer (fixture->session, "/data/age", "12");
  vt_test_assert_answer (fixture->session, "/data/adult", "no");
  vt_test_assert_answer (fixture->session, "/data/details/phone", "");

  /* odk-instance-first-load and preloads ran at the start. */
  vt_test_assert_answer (fixture->session, "/data/loaded", "yes");
  {
    g_autofree char *start = vt_session_dup_answer (fixture->session, "/data/start");
    g_autofree char *today = vt_session_dup_answer (fixture->session, "/data/today");
    g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (start, NULL);
    g_assert_nonnull (parsed);
    g_assert_cmpuint (strlen (today), ==, 10);
    vt_test_assert_answer (fixture->session, "/data/meta/instanceID", vt_session_get_instance_id (fixture->session));
  }
}

static void
test_validation_messages (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) errors_es = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) page_errors = NULL;
  VtValidationError *e;

  vt_test_answer (fixture->session, "/data/age", "-1");
  vt_test_answer (fixture->session, "/data/height", "0.2");
  errors = vt_session_validate_all (fixture->session);
  /* name and kind are required; age and height fail their constraints. */
  g_assert_cmpuint (errors->len, ==, 4);
  e = g_ptr_array_index (errors, 0);
  g_assert_cmpstr (e->path, ==, "/data/name");
  g_assert_cmpstr (e->message, ==, "Please tell us your name.");
  e = g_ptr_array_index (errors, 1);
  g_assert_cmpstr (e->path, ==, "/data/kind");
  g_assert_nonnull (strstr (e->message, "required"));
  e = g_ptr_array_index (errors, 2);
  g_assert_cmpstr (e->path, ==, "/data/age");
  g_assert_cmpstr (e->message, ==, "Age must be between 0 and 120.");
  e = g_ptr_array_index (errors, 3);
  g_assert_cmpstr (e->path, ==, "/data/height");
  g_assert_cmpstr (e->message, ==, "Height is in metres.");

  /* Answers survive a language switch; messages follow it. */
  vt_session_set_language (fixture->session, "es");
  g_assert_cmpstr (vt_session_get_language (fixture->session), ==, "Español (es)");
  vt_test_assert_answer (fixture->session, "/data/age", "-1");
  errors_es = vt_session_validate_all (fixture->session);
  g_assert_cmpuint (errors_es->len, ==, 4);
  g_assert_cmpstr (((VtValidationError *) g_ptr_array_index (errors_es, 0))->message, ==,
                   "Díganos su nombre, por favor.");
  g_assert_cmpstr (((VtValidationError *) g_ptr_array_index (errors_es, 2))->message, ==,
                   "La edad debe estar entre 0 y 120.");

  pages = vt_session_get_pages (fixture->session);
  g_assert_cmpstr (find_question (pages, "/data/name")->label, ==, "Su nombre");
  page_errors = vt_session_validate_page (fixture->session, find_page (pages, "/data/age"));
  g_assert_cmpuint (page_errors->len, ==, 1);

  vt_test_answer (fixture->session, "/data/age", "40");
  g_clear_pointer (&page_errors, g_ptr_array_unref);
  page_errors = vt_session_validate_page (fixture->session, find_page (pages, "/data/age"));
  g_assert_cmpuint (page_errors->len, ==, 0);
}

static void
test_repeats (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *p1 = vt_session_add_repeat (fixture->session, "/data/member", &error);
  g_autofree char *p2 = vt_session_add_repeat (fixture->session, "/data/member", &error);
  g_autofree char *p3 = vt_session_add_repeat (fixture->session, "/data/member", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (p3, ==, "/data/member[3]");
  vt_test_assert_answer (fixture->session, "/data/members_total", "3");
  vt_test_answer (fixture->session, "/data/member[1]/member_age", "10");
  vt_test_answer (fixture->session, "/data/member[2]/member_age", "20");
  vt_test_answer (fixture->session, "/data/member[3]/member_age", "30");
  vt_test_answer (fixture->session, "/data/member[2]/member_name", "Bo");
  vt_test_assert_answer (fixture->session, "/data/member[1]/member_adult", "0");
  vt_test_assert_answer (fixture->session, "/data/member[2]/member_adult", "1");

  g_assert_true (vt_session_remove_repeat (fixture->session, "/data/member[1]", &error));
  g_assert_no_error (error);
  vt_test_assert_answer (fixture->session, "/data/members_total", "2");
  vt_test_assert_answer (fixture->session, "/data/member[1]/member_name", "Bo");
  g_assert_cmpuint (vt_session_count_repeat (fixture->session, "/data/member"), ==, 2);

  g_assert_false (vt_session_remove_repeat (fixture->session, "/data/name", &error));
  g_assert_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_NO_SUCH_NODE);
  g_clear_error (&error);
  g_assert_null (vt_session_add_repeat (fixture->session, "/data/nope", &error));
  g_assert_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_NO_SUCH_NODE);
}

static void
test_wipe (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *id = g_strdup (vt_session_get_instance_id (fixture->session));
  g_autofree char *added = NULL;

  vt_test_answer (fixture->session, "/data/name", "Ana");
  added = vt_session_add_repeat (fixture->session, "/data/member", NULL);
  vt_session_wipe (fixture->session);
  vt_test_assert_answer (fixture->session, "/data/name", "");
  g_assert_cmpuint (vt_session_count_repeat (fixture->session, "/data/member"), ==, 0);
  g_assert_cmpstr (vt_session_get_instance_id (fixture->session), !=, id);
  g_assert_true (g_str_has_prefix (vt_session_get_instance_id (fixture->session), "uuid:"));
}

/* The answers' bytes of the session being stopped, as they were typed. */
static struct
{
  const char *at[2];
  gsize       length[2];
  guint       n_zeroed;
  guint       n_stopped;
} stopping;

static void
check_stopped_doc (xmlDoc *doc)
{
  stopping.n_stopped++;
  for (guint i = 0; i < G_N_ELEMENTS (stopping.at); i++)
    {
      gboolean zero = TRUE;

      for (gsize k = 0; k < stopping.length[i]; k++)
        zero = zero && stopping.at[i][k] == '\0';
      if (zero)
        stopping.n_zeroed++;
    }
}

static const char *
answer_bytes (VtSession  *session,
              const char *path)
{
  xmlNode *node = vt_session_resolve (session, path);

  g_assert_nonnull (node);
  g_assert_nonnull (node->children);
  return (const char *) node->children->content;
}

/* The idle wipe overwrites the answers before it frees them: the bytes
 * that held what the citizen typed are zeros when the instance is freed. */
static void
test_wipe_zeroes (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *added = NULL;
  g_autoptr(GError) error = NULL;

  vt_test_answer (fixture->session, "/data/name", "Ana María Quispe");
  added = vt_session_add_repeat (fixture->session, "/data/member", &error);
  g_assert_no_error (error);
  g_assert_true (vt_session_set_answer (fixture->session, "/data/member[1]/member_name", "Luz Quispe", &error));
  g_assert_no_error (error);
  stopping.at[0] = answer_bytes (fixture->session, "/data/name");
  stopping.at[1] = answer_bytes (fixture->session, "/data/member[1]/member_name");
  g_assert_cmpstr (stopping.at[0], ==, "Ana María Quispe");
  g_assert_cmpstr (stopping.at[1], ==, "Luz Quispe");
  stopping.length[0] = strlen (stopping.at[0]);
  stopping.length[1] = strlen (stopping.at[1]);

  vt_session_stop_hook = check_stopped_doc;
  vt_session_wipe (fixture->session);
  vt_session_stop_hook = NULL;
  g_assert_cmpuint (stopping.n_stopped, ==, 1);
  g_assert_cmpuint (stopping.n_zeroed, ==, 2);
  vt_test_assert_answer (fixture->session, "/data/name", "");

  /* The helper the flow's raw input uses, on a buffer of the test's own. */
  {
    char buffer[] = "12a Secreto";

    vt_wipe_string (buffer);
    for (gsize k = 0; k < sizeof buffer; k++)
      g_assert_cmpint (buffer[k], ==, '\0');
  }
}

static void
test_attachment (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("\x89PNG", 4);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  VtAttachment *a;

  g_assert_true (vt_session_set_attachment (fixture->session, "/data/photo", "/tmp/../my photo.png",
                                            "image/png", bytes, &error));
  g_assert_no_error (error);
  vt_test_assert_answer (fixture->session, "/data/photo", "my_photo.png");
  attachments = vt_session_get_attachments (fixture->session);
  g_assert_cmpuint (attachments->len, ==, 1);
  a = g_ptr_array_index (attachments, 0);
  g_assert_cmpstr (a->name, ==, "my_photo.png");
  g_assert_cmpstr (a->content_type, ==, "image/png");
  g_assert_cmpuint (g_bytes_get_size (a->bytes), ==, 4);
}

/* Applies an ANSWERS.json text; returns the problems as "path: message"
 * lines. */
static char *
apply_json (VtSession  *session,
            const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  problems = vt_session_apply_answers (session, json_node_get_object (json_parser_get_root (parser)));
  for (guint i = 0; i < problems->len; i++)
    {
      VtValidationError *problem = g_ptr_array_index (problems, i);
      g_string_append_printf (out, "%s: %s\n", problem->path, problem->message);
    }
  return g_string_free (out, FALSE);
}

/* ANSWERS.json: applied in the order written, repeat instances added as
 * their paths name them, numbers and null taken, and each answer that
 * cannot be set reported with its path while the others stand. */
static void
test_apply_answers (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *problems = NULL;
  g_autofree char *later = NULL;
  g_autofree char *earlier = NULL;

  problems = apply_json (fixture->session,
                         "{\"/data/member[2]/member_name\": \"Rosa\","
                         " \"/data/member[1]/member_name\": \"Ana\","
                         " \"/data/age\": 42, \"/data/height\": 1.5, \"/data/name\": \"Eva\","
                         " \"/data/kind\": true,"
                         " \"/data/member[0]/member_name\": \"x\","
                         " \"/data/member[1001]/member_name\": \"y\","
                         " \"/data/name\": null}");
  g_assert_cmpstr (problems, ==,
                   "/data/kind: the answer must be a string\n"
                   "/data/member[0]/member_name: there is no question /data/member[0]/member_name in this form\n"
                   "/data/member[1001]/member_name: there is no question /data/member[1001]/member_name in this form\n");
  g_assert_cmpuint (vt_session_count_repeat (fixture->session, "/data/member"), ==, 2);
  vt_test_assert_answer (fixture->session, "/data/member[1]/member_name", "Ana");
  vt_test_assert_answer (fixture->session, "/data/member[2]/member_name", "Rosa");
  vt_test_assert_answer (fixture->session, "/data/age", "42");
  vt_test_assert_answer (fixture->session, "/data/height", "1.5");
  vt_test_assert_answer (fixture->session, "/data/name", "");

  /* The order counts: the phone applies only once the age makes it
   * relevant. */
  vt_test_answer (fixture->session, "/data/age", "10");
  later = apply_json (fixture->session, "{\"/data/details/phone\": \"555\", \"/data/age\": 30}");
  g_assert_true (g_str_has_prefix (later, "/data/details/phone: "));
  earlier = apply_json (fixture->session, "{\"/data/age\": 31, \"/data/details/phone\": \"556\"}");
  g_assert_cmpstr (earlier, ==, "");
  vt_test_assert_answer (fixture->session, "/data/details/phone", "556");
}

/* An uploaded file as an answer: its name, type and bytes in base64. */
static void
test_apply_answers_file (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *problems = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *b64 = g_base64_encode ((const guchar *) "\x89PNG", 4);
  g_autofree char *json = g_strdup_printf ("{\"/data/photo\": {\"value\": \"id card.png\", "
                                           "\"contentType\": \"image/png\", \"data\": \"%s\"}}", b64);
  g_autoptr(GPtrArray) attachments = NULL;
  VtAttachment *a;

  problems = apply_json (fixture->session, json);
  g_assert_cmpstr (problems, ==, "");
  vt_test_assert_answer (fixture->session, "/data/photo", "id_card.png");
  attachments = vt_session_get_attachments (fixture->session);
  g_assert_cmpuint (attachments->len, ==, 1);
  a = g_ptr_array_index (attachments, 0);
  g_assert_cmpstr (a->content_type, ==, "image/png");
  g_assert_cmpmem (g_bytes_get_data (a->bytes, NULL), g_bytes_get_size (a->bytes), "\x89PNG", 4);

  bad = apply_json (fixture->session, "{\"/data/photo\": {\"value\": \"x.png\"}}");
  g_assert_cmpstr (bad, ==,
                   "/data/photo: a file is given as {\"value\": its name, \"data\": its bytes in base64}\n");
}

/* jr:count decides how many instances there are; a person cannot add. */
static void
test_repeat_count (void)
{
  const char *xml =
    "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\""
    " xmlns:jr=\"http://openrosa.org/javarosa\"><h:head><h:title>C</h:title><model>"
    "<instance><data id=\"count\"><n/><child jr:template=\"\"><name/><pos/></child><names/></data></instance>"
    "<bind nodeset=\"/data/n\" type=\"int\"/>"
    "<bind nodeset=\"/data/child/pos\" calculate=\"position(..)\"/>"
    "<bind nodeset=\"/data/names\" calculate=\"join(' ', /data/child/name)\"/>"
    "</model></h:head><h:body>"
    "<input ref=\"/data/n\"><label>How many children?</label></input>"
    "<repeat nodeset=\"/data/child\" jr:count=\"/data/n\"><input ref=\"name\"><label>Name</label></input></repeat>"
    "</h:body></h:html>";
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = vt_form_load_data (xml, -1, "count.xml", &error);
  g_autoptr(VtSession) session = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *problems = NULL;

  g_assert_no_error (error);
  session = vt_session_new (form, NULL, &error);
  g_assert_cmpuint (vt_session_count_repeat (session, "/data/child"), ==, 0);
  vt_test_answer (session, "/data/n", "3");
  g_assert_cmpuint (vt_session_count_repeat (session, "/data/child"), ==, 3);
  vt_test_assert_answer (session, "/data/child[3]/pos", "3");
  vt_test_answer (session, "/data/child[1]/name", "a");
  vt_test_answer (session, "/data/child[3]/name", "c");
  vt_test_assert_answer (session, "/data/names", "a  c");

  pages = vt_session_get_pages (session);
  ids = page_ids (pages);
  /* No "add another" prompt: the count is the form's. */
  g_assert_cmpstr (ids, ==, "/data/n /data/child[1]/name /data/child[2]/name /data/child[3]/name");

  vt_test_answer (session, "/data/n", "1");
  g_assert_cmpuint (vt_session_count_repeat (session, "/data/child"), ==, 1);
  vt_test_assert_answer (session, "/data/names", "a");
  g_assert_null (vt_session_add_repeat (session, "/data/child", &error));
  g_assert_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_READONLY);
  g_clear_error (&error);
  /* Nor can answers by path: they say why. */
  problems = apply_json (session, "{\"/data/child[2]/name\": \"b\"}");
  g_assert_cmpstr (problems, ==, "/data/child[2]/name: /data/child: the form sets how many of these there are\n");
  vt_test_answer (session, "/data/n", "-4");
  g_assert_cmpuint (vt_session_count_repeat (session, "/data/child"), ==, 0);
}

/* Actions and repeat options: odk-new-repeat, xforms-value-changed,
 * jr:noAddRemove, once(), readonly inherited from a group. */
static void
test_actions (void)
{
  const char *xml =
    "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\""
    " xmlns:jr=\"http://openrosa.org/javarosa\" xmlns:odk=\"http://www.opendatakit.org/xforms\">"
    "<h:head><h:title>A</h:title><model><instance><data id=\"actions\">"
    "<a/><changed/><stamp/><locked><x>1</x></locked><lock/>"
    "<r><n/><born/></r><fixed><f/></fixed><fixed><f/></fixed></data></instance>"
    "<bind nodeset=\"/data/a\" type=\"int\"/>"
    "<bind nodeset=\"/data/stamp\" calculate=\"once(concat('a=', /data/a))\"/>"
    "<bind nodeset=\"/data/locked\" readonly=\"/data/lock = 'yes'\"/>"
    "</model></h:head><h:body>"
    "<input ref=\"/data/a\"><label>A</label>"
    "<setvalue event=\"xforms-value-changed\" ref=\"/data/changed\" value=\"/data/a * 10\"/></input>"
    "<input ref=\"/data/lock\"><label>Lock</label></input>"
    "<group ref=\"/data/locked\"><input ref=\"x\"><label>X</label></input></group>"
    "<repeat nodeset=\"/data/r\"><setvalue event=\"odk-new-repeat\" ref=\"/data/r/born\" value=\"position(..)\"/>"
    "<input ref=\"n\"><label>N</label></input></repeat>"
    "<repeat nodeset=\"/data/fixed\" jr:noAddRemove=\"true()\"><input ref=\"f\"><label>F</label></input></repeat>"
    "</h:body></h:html>";
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = vt_form_load_data (xml, -1, "actions.xml", &error);
  g_autoptr(VtSession) session = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *added = NULL;

  g_assert_no_error (error);
  session = vt_session_new (form, NULL, &error);

  vt_test_answer (session, "/data/a", "4");
  vt_test_assert_answer (session, "/data/changed", "40");
  /* once() keeps the first value it computed. */
  vt_test_assert_answer (session, "/data/stamp", "a=");
  vt_test_answer (session, "/data/a", "5");
  vt_test_assert_answer (session, "/data/changed", "50");
  vt_test_assert_answer (session, "/data/stamp", "a=");

  /* The instance in the form is not new: odk-new-repeat only for added ones. */
  vt_test_assert_answer (session, "/data/r/born", "");
  added = vt_session_add_repeat (session, "/data/r", &error);
  g_assert_cmpstr (added, ==, "/data/r[2]");
  vt_test_assert_answer (session, "/data/r[2]/born", "2");

  g_assert_null (vt_session_add_repeat (session, "/data/fixed", &error));
  g_assert_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_READONLY);
  g_clear_error (&error);
  g_assert_false (vt_session_remove_repeat (session, "/data/fixed[1]", &error));
  g_assert_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_READONLY);
  g_clear_error (&error);

  pages = vt_session_get_pages (session);
  ids = page_ids (pages);
  g_assert_cmpstr (ids, ==, "/data/a /data/lock /data/locked/x /data/r[1]/n /data/r[2]/n repeat:/data/r "
                            "/data/fixed[1]/f /data/fixed[2]/f");

  vt_test_answer (session, "/data/locked/x", "2");
  vt_test_answer (session, "/data/lock", "yes");
  g_assert_false (vt_session_set_answer (session, "/data/locked/x", "3", &error));
  g_assert_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_READONLY);
  {
    g_autoptr(GPtrArray) pages2 = vt_session_get_pages (session);
    g_assert_true (find_question (pages2, "/data/locked/x")->readonly);
  }
}

/* A field-list group around a repeat: one page with every instance, then
 * the prompt to add another; a field-list repeat: one page per instance. */
static void
test_field_list_repeats (void)
{
  const char *xml =
    "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\">"
    "<h:head><h:title>F</h:title><model><instance><data id=\"fl\">"
    "<g><r><x/></r><y/></g><s><z/></s><s><z/></s></data></instance></model></h:head><h:body>"
    "<group ref=\"/data/g\" appearance=\"field-list\"><label>All</label>"
    "<repeat nodeset=\"/data/g/r\"><input ref=\"x\"><label>X</label></input></repeat>"
    "<input ref=\"y\"><label>Y</label></input></group>"
    "<repeat nodeset=\"/data/s\" appearance=\"field-list\"><input ref=\"z\"><label>Z</label></input></repeat>"
    "</h:body></h:html>";
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = vt_form_load_data (xml, -1, "fl.xml", &error);
  g_autoptr(VtSession) session = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *added = NULL;

  g_assert_no_error (error);
  session = vt_session_new (form, NULL, &error);
  added = vt_session_add_repeat (session, "/data/g/r", &error);
  g_assert_no_error (error);
  pages = vt_session_get_pages (session);
  ids = page_ids (pages);
  g_assert_cmpstr (ids, ==, "group:/data/g#0 repeat:/data/g/r group:/data/s[1] group:/data/s[2] repeat:/data/s");
  g_assert_cmpuint (((VtPage *) g_ptr_array_index (pages, 0))->questions->len, ==, 3);
  g_assert_cmpuint (((VtPage *) g_ptr_array_index (pages, 1))->repeat_count, ==, 2);
}

/* A generated form with many repeat instances: answering one question
 * costs what depends on it, not the size of the form. */
static void
test_incremental (void)
{
  g_autoptr(GString) xml = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = NULL;
  g_autoptr(VtSession) session = NULL;
  guint64 before, after_answer, after_full;

  g_string_append (xml,
    "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\">"
    "<h:head><h:title>Big</h:title><model><instance><data id=\"big\"><total/>");
  for (guint i = 0; i < 100; i++)
    g_string_append (xml, "<p><a/><b/><c/></p>");
  g_string_append (xml, "</data></instance>"
    "<bind nodeset=\"/data/p/a\" type=\"int\"/>"
    "<bind nodeset=\"/data/p/b\" calculate=\"../a * 2\"/>"
    "<bind nodeset=\"/data/p/c\" relevant=\"../b &gt; 4\"/>"
    "</model></h:head><h:body>"
    "<repeat nodeset=\"/data/p\"><input ref=\"a\"/><input ref=\"c\"/></repeat></h:body></h:html>");
  form = vt_form_load_data (xml->str, -1, "big.xml", &error);
  g_assert_no_error (error);
  session = vt_session_new (form, NULL, &error);

  before = vt_session_get_evaluation_count (session);
  vt_test_answer (session, "/data/p[50]/a", "3");
  after_answer = vt_session_get_evaluation_count (session);
  vt_test_assert_answer (session, "/data/p[50]/b", "6");
  g_assert_true (vt_session_is_relevant (session, "/data/p[50]/c"));
  g_assert_false (vt_session_is_relevant (session, "/data/p[49]/c"));
  g_assert_cmpuint (after_answer - before, <=, 4);

  vt_session_recompute_all (session);
  after_full = vt_session_get_evaluation_count (session);
  g_assert_cmpuint (after_full - after_answer, >=, 200);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, lang) \
  g_test_add (path, Fixture, lang, fixture_set_up, func, fixture_tear_down)
  ADD ("/vt/session/pages", test_pages, NULL);
  ADD ("/vt/session/questions", test_questions, NULL);
  ADD ("/vt/session/itemset", test_itemset, NULL);
  ADD ("/vt/session/display-values", test_display_values, NULL);
  ADD ("/vt/session/types", test_types, NULL);
  ADD ("/vt/session/refusals", test_refusals, NULL);
  ADD ("/vt/session/relevance-and-calculate", test_relevance_and_calculate, NULL);
  ADD ("/vt/session/validation-messages", test_validation_messages, "en");
  ADD ("/vt/session/repeats", test_repeats, NULL);
  ADD ("/vt/session/wipe", test_wipe, NULL);
  ADD ("/vt/session/wipe-zeroes", test_wipe_zeroes, NULL);
  ADD ("/vt/session/attachment", test_attachment, NULL);
  ADD ("/vt/session/apply-answers", test_apply_answers, NULL);
  ADD ("/vt/session/apply-answers-file", test_apply_answers_file, NULL);
#undef ADD
  g_test_add_func ("/vt/session/repeat-count", test_repeat_count);
  g_test_add_func ("/vt/session/incremental", test_incremental);
  g_test_add_func ("/vt/session/actions", test_actions);
  g_test_add_func ("/vt/session/field-list-repeats", test_field_list_repeats);

  return g_test_run ();
}
