#include "config.h"

#include <string.h>

#include "vt-draft.h"
#include "vt-form.h"
#include "vt-session.h"
#include "vt-store.h"
#include "vt-test-utils.h"

#define SEC G_USEC_PER_SEC
#define DAY ((gint64) 86400 * SEC)
#define T0  ((gint64) 1795000000 * SEC)

static const char form_xml[] =
  "<?xml version=\"1.0\"?>\n"
  "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\"\n"
  "        xmlns:jr=\"http://openrosa.org/javarosa\" xmlns:orx=\"http://openrosa.org/xforms\">\n"
  "  <h:head>\n"
  "    <h:title>Household permit</h:title>\n"
  "    <model>\n"
  "      <instance>\n"
  "        <data id=\"household\" version=\"7\">\n"
  "          <name/>\n"
  "          <age/>\n"
  "          <guardian/>\n"
  "          <member jr:template=\"\"><mname/></member>\n"
  "          <meta><instanceID/></meta>\n"
  "        </data>\n"
  "      </instance>\n"
  "      <bind nodeset=\"/data/name\" type=\"string\" required=\"true()\"/>\n"
  "      <bind nodeset=\"/data/age\" type=\"int\"/>\n"
  "      <bind nodeset=\"/data/guardian\" type=\"string\" relevant=\"/data/age &lt; 18\"/>\n"
  "      <bind nodeset=\"/data/member/mname\" type=\"string\"/>\n"
  "      <bind nodeset=\"/data/meta/instanceID\" type=\"string\" readonly=\"true()\" jr:preload=\"uid\"/>\n"
  "    </model>\n"
  "  </h:head>\n"
  "  <h:body>\n"
  "    <input ref=\"/data/name\"><label>Name</label></input>\n"
  "    <input ref=\"/data/age\"><label>Age</label></input>\n"
  "    <input ref=\"/data/guardian\"><label>Guardian</label></input>\n"
  "    <group ref=\"/data/member\"><label>Member</label>\n"
  "      <repeat nodeset=\"/data/member\">\n"
  "        <input ref=\"/data/member/mname\"><label>Member name</label></input>\n"
  "      </repeat>\n"
  "    </group>\n"
  "  </h:body>\n"
  "</h:html>\n";

typedef struct
{
  char    *dir;
  VtStore *store;
  VtForm  *form;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  VtStoreForm stored = { 0 };

  f->dir = vt_test_make_tmpdir ("draft");
  f->store = vt_store_open (f->dir, &error);
  g_assert_no_error (error);

  f->form = vt_form_load_data (form_xml, -1, "household.xml", &error);
  g_assert_no_error (error);

  stored.form_id = (char *) "household";
  stored.version = (char *) "7";
  stored.title = (char *) "Household permit";
  stored.xml = (char *) form_xml;
  stored.source = (char *) "bundled";
  stored.active = TRUE;
  g_assert_true (vt_store_add_form (f->store, &stored, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->form, vt_form_unref);
  g_clear_pointer (&f->store, vt_store_close);
  vt_test_rmdir_recursive (f->dir);
  g_free (f->dir);
}

static VtSession *
filled_session (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtSession) session = vt_session_new (f->form, NULL, &error);
  g_autofree char *m1 = NULL;
  g_autofree char *m2 = NULL;

  g_assert_no_error (error);
  g_assert_true (vt_session_set_answer (session, "/data/name", "Rosa Quispe", &error));
  g_assert_true (vt_session_set_answer (session, "/data/age", "16", &error));
  g_assert_true (vt_session_set_answer (session, "/data/guardian", "Juan Quispe", &error));
  m1 = vt_session_add_repeat (session, "/data/member", &error);
  g_assert_no_error (error);
  m2 = vt_session_add_repeat (session, "/data/member", &error);
  g_assert_no_error (error);
  g_assert_true (vt_session_set_answer (session, "/data/member[2]/mname", "Luz", &error));
  g_assert_no_error (error);
  return g_steal_pointer (&session);
}

static guint
count_events (VtStore    *store,
              const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = vt_store_list_events (store, NULL, 0, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (((VtStoreEvent *) g_ptr_array_index (events, i))->what, what))
      n++;
  return n;
}

static void
test_save_resume (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtSession) session = filled_session (f);
  g_autoptr(VtSession) resumed = NULL;
  g_autoptr(VtDraftInfo) info = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *code = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *name = NULL;
  g_autofree char *guardian = NULL;
  g_autofree char *member = NULL;

  code = vt_draft_save (f->store, session, NULL, "maria", "Household permit", T0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (code), ==, 9);
  g_assert_cmpint (code[4], ==, '-');
  g_assert_cmpuint (count_events (f->store, "draft-saved"), ==, 1);

  list = vt_draft_list (f->store, 14, T0 + DAY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  {
    VtDraftInfo *listed = g_ptr_array_index (list, 0);
    g_assert_cmpstr (listed->reference, ==, code);
    g_assert_cmpstr (listed->form_id, ==, "household");
    g_assert_cmpstr (listed->form_version, ==, "7");
    g_assert_cmpstr (listed->service_title, ==, "Household permit");
    g_assert_cmpstr (listed->saved_by, ==, "maria");
    g_assert_cmpint (listed->saved_at, ==, T0);
    g_assert_cmpint (listed->expires_at, ==, T0 + 14 * DAY);
  }

  /* Typed as a person would: lower case, no dash. */
  typed = g_ascii_strdown (code, -1);
  memmove (typed + 4, typed + 5, 5);
  resumed = vt_draft_resume (f->store, typed, 14, T0 + 2 * DAY, &info, &error);
  g_assert_no_error (error);
  g_assert_nonnull (resumed);
  g_assert_cmpstr (info->reference, ==, code);

  name = vt_session_dup_answer (resumed, "/data/name");
  guardian = vt_session_dup_answer (resumed, "/data/guardian");
  member = vt_session_dup_answer (resumed, "/data/member[2]/mname");
  g_assert_cmpstr (name, ==, "Rosa Quispe");
  g_assert_cmpstr (guardian, ==, "Juan Quispe");
  g_assert_cmpstr (member, ==, "Luz");
  g_assert_cmpuint (count_events (f->store, "draft-resumed"), ==, 1);

  /* Saved again under the same reference: one draft, newer time. */
  {
    g_autofree char *again = NULL;
    g_autoptr(GPtrArray) list2 = NULL;

    g_assert_true (vt_session_set_answer (resumed, "/data/age", "40", &error));
    again = vt_draft_save (f->store, resumed, code, "maria", "Household permit", T0 + 3 * DAY, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (again, ==, code);
    list2 = vt_draft_list (f->store, 14, T0 + 3 * DAY, &error);
    g_assert_cmpuint (list2->len, ==, 1);
    g_assert_cmpint (((VtDraftInfo *) list2->pdata[0])->created_at, ==, T0);
    g_assert_cmpint (((VtDraftInfo *) list2->pdata[0])->expires_at, ==, T0 + 17 * DAY);
  }

  g_assert_true (vt_draft_delete (f->store, code, "maria", &error));
  g_assert_no_error (error);
  g_clear_pointer (&resumed, vt_session_free);
  resumed = vt_draft_resume (f->store, code, 14, T0 + 3 * DAY, NULL, &error);
  g_assert_null (resumed);
  g_assert_error (error, VT_DRAFT_ERROR, VT_DRAFT_ERROR_NOT_FOUND);
}

static void
test_expiry (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtSession) session = filled_session (f);
  g_autoptr(VtSession) resumed = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *old = NULL;
  g_autofree char *recent = NULL;

  old = vt_draft_save (f->store, session, NULL, "maria", "Household permit", T0, &error);
  recent = vt_draft_save (f->store, session, NULL, "pedro", "Household permit", T0 + 5 * DAY, &error);
  g_assert_no_error (error);

  /* One second before its time it still resumes; at its time it does not. */
  resumed = vt_draft_resume (f->store, old, 7, T0 + 7 * DAY - 1, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&resumed, vt_session_free);
  resumed = vt_draft_resume (f->store, old, 7, T0 + 7 * DAY, NULL, &error);
  g_assert_null (resumed);
  g_assert_error (error, VT_DRAFT_ERROR, VT_DRAFT_ERROR_EXPIRED);
  g_assert_nonnull (strstr (error->message, "7 days"));
  g_clear_error (&error);

  /* Listing purges what expired, and says so in the log. */
  list = vt_draft_list (f->store, 7, T0 + 8 * DAY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((VtDraftInfo *) list->pdata[0])->reference, ==, recent);
  g_assert_cmpuint (count_events (f->store, "drafts-purged"), ==, 1);

  resumed = vt_draft_resume (f->store, old, 7, T0 + 8 * DAY, NULL, &error);
  g_assert_error (error, VT_DRAFT_ERROR, VT_DRAFT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A mistyped code is told apart from a missing draft. */
  resumed = vt_draft_resume (f->store, "hello", 7, T0, NULL, &error);
  g_assert_null (resumed);
  g_assert_error (error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_INVALID);
}

static void
test_unreadable (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtSession) session = vt_session_new (f->form, NULL, &error);

  g_assert_cmpint (vt_draft_apply (session, "{not json", &error), ==, -1);
  g_assert_error (error, VT_DRAFT_ERROR, VT_DRAFT_ERROR_INVALID);
  g_clear_error (&error);

  /* Answers the form no longer has are counted, the rest restored. */
  g_assert_cmpint (vt_draft_apply (session,
                                   "{\"answers\": [{\"path\": \"/data/name\", \"value\": \"Ana\"},"
                                   " {\"path\": \"/data/gone\", \"value\": \"x\"},"
                                   " {\"path\": \"/data/age\", \"value\": \"not a number\"}]}",
                                   &error), ==, 2);
  g_assert_no_error (error);
  {
    g_autofree char *name = vt_session_dup_answer (session, "/data/name");
    g_assert_cmpstr (name, ==, "Ana");
  }
}

/* Every message of the process, debug ones too, as a log would keep
 * them (G_MESSAGES_DEBUG=all on a kiosk being diagnosed). */
static GString *logged;

static GLogWriterOutput
record_log (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      {
        g_string_append_len (logged, fields[i].value, fields[i].length);
        g_string_append_c (logged, '\n');
      }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* A draft's answer the form now refuses is not restored, and what the
 * citizen had typed never reaches the log, even at debug level. */
static void
test_no_typed_value_logged (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtSession) session = vt_session_new (f->form, NULL, &error);

  g_string_truncate (logged, 0);
  g_assert_cmpint (vt_draft_apply (session,
                                   "{\"answers\": [{\"path\": \"/data/name\", \"value\": \"Ana\"},"
                                   " {\"path\": \"/data/age\", \"value\": \"Secreto-4471\"}]}",
                                   &error), ==, 1);
  g_assert_no_error (error);
  /* The message was written (so the check below can fail) ... */
  g_assert_nonnull (strstr (logged->str, "/data/age"));
  /* ... without the value. */
  g_assert_null (strstr (logged->str, "Secreto-4471"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  logged = g_string_new (NULL);
  g_log_set_writer_func (record_log, NULL, NULL);

  g_test_add ("/vt/draft/save-resume", Fixture, NULL, fixture_set_up, test_save_resume, fixture_tear_down);
  g_test_add ("/vt/draft/expiry", Fixture, NULL, fixture_set_up, test_expiry, fixture_tear_down);
  g_test_add ("/vt/draft/unreadable", Fixture, NULL, fixture_set_up, test_unreadable, fixture_tear_down);
  g_test_add ("/vt/draft/no-typed-value-logged", Fixture, NULL, fixture_set_up, test_no_typed_value_logged,
              fixture_tear_down);

  return g_test_run ();
}
