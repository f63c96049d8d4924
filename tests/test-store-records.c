/* The store's records beside the outbox: the event log, meta, forms and
 * their media, drafts. */
#include "config.h"

#include "vt-store-test-fixture.h"

/* ---- events, meta, forms, drafts --------------------------------------------------------- */

static void
test_events (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) last = NULL;
  VtStoreEvent *event;

  g_assert_true (vt_store_add_event (fixture->store, NULL, "pin-failed", VT_STORE_ACTOR_CLERK, "attempt 1", &error));
  g_assert_true (vt_store_add_event (fixture->store, NULL, "pin-failed", VT_STORE_ACTOR_CLERK, "attempt 2", &error));
  g_assert_true (vt_store_add_event (fixture->store, "uuid:q", "note", VT_STORE_ACTOR_CLERK, NULL, &error));
  g_assert_no_error (error);

  all = vt_store_list_events (fixture->store, NULL, 0, &error);
  g_assert_cmpuint (all->len, ==, 3);
  event = g_ptr_array_index (all, 0);
  g_assert_null (event->instance_id);
  g_assert_cmpstr (event->detail, ==, "attempt 1");
  g_assert_cmpint (event->time, >, 0);

  last = vt_store_list_events (fixture->store, NULL, 2, &error);
  g_assert_cmpuint (last->len, ==, 2);
  g_assert_cmpstr (((VtStoreEvent *) g_ptr_array_index (last, 0))->detail, ==, "attempt 2");
  g_assert_cmpstr (((VtStoreEvent *) g_ptr_array_index (last, 1))->what, ==, "note");

  /* The log is append-only, even for someone with SQL. */
  g_assert_cmpint (sqlite3_exec (vt_store_get_db (fixture->store), "UPDATE events SET what = 'x'",
                                 NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (vt_store_get_db (fixture->store), "DELETE FROM events",
                                 NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM events"), ==, 3);
}

static void
test_meta (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = vt_store_get_meta (fixture->store, VT_STORE_META_CLERK_PIN, &error);
  g_autofree char *value = NULL;
  g_autofree char *gone = NULL;

  g_assert_no_error (error);
  g_assert_null (missing);
  g_assert_true (vt_store_set_meta (fixture->store, VT_STORE_META_CLERK_PIN, "$argon2id$v=19$…", &error));
  g_assert_true (vt_store_set_meta (fixture->store, VT_STORE_META_CLERK_PIN, "$argon2id$v=19$new", &error));
  value = vt_store_get_meta (fixture->store, VT_STORE_META_CLERK_PIN, &error);
  g_assert_cmpstr (value, ==, "$argon2id$v=19$new");
  g_assert_true (vt_store_set_meta (fixture->store, VT_STORE_META_CLERK_PIN, NULL, &error));
  gone = vt_store_get_meta (fixture->store, VT_STORE_META_CLERK_PIN, &error);
  g_assert_null (gone);
  g_assert_no_error (error);
}

static VtStoreForm *
make_form (const char *version,
           gboolean    active)
{
  VtStoreForm *form = g_new0 (VtStoreForm, 1);
  VtStoreMedia *media = g_new0 (VtStoreMedia, 1);

  form->form_id = g_strdup ("permit");
  form->version = g_strdup (version);
  form->title = g_strdup ("Permiso de venta");
  form->md5_hash = g_strdup_printf ("md5:%s", version);
  form->xml = g_strdup_printf ("<h:html version=\"%s\"/>", version);
  form->source = g_strdup ("server");
  form->active = active;
  form->media = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_store_media_free);
  media->name = g_strdup ("logo.png");
  media->md5_hash = g_strdup ("md5:abc");
  media->bytes = g_bytes_new_static ("\x89PNG", 4);
  g_ptr_array_add (form->media, media);
  return form;
}

static void
test_forms (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStoreForm) v1 = make_form ("1", TRUE);
  g_autoptr(VtStoreForm) v2 = make_form ("2", TRUE);
  g_autoptr(VtStoreForm) other = make_form ("7", TRUE);
  g_autoptr(VtStoreForm) got = NULL;
  g_autoptr(VtStoreForm) got_v1 = NULL;
  g_autoptr(VtStoreForm) reactivated = NULL;
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GPtrArray) all = NULL;

  g_assert_true (vt_store_add_form (fixture->store, v1, &error));
  g_assert_true (vt_store_add_form (fixture->store, v2, &error));
  g_free (other->form_id);
  other->form_id = g_strdup ("birth");
  g_free (other->title);
  other->title = g_strdup ("Acta de nacimiento");
  other->source = (g_free (other->source), g_strdup ("bundled"));
  g_assert_true (vt_store_add_form (fixture->store, other, &error));
  g_assert_no_error (error);

  got = vt_store_get_form (fixture->store, "permit", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->version, ==, "2");
  g_assert_true (got->active);
  g_assert_cmpstr (got->xml, ==, v2->xml);
  g_assert_cmpstr (got->md5_hash, ==, "md5:2");
  g_assert_cmpuint (got->media->len, ==, 1);
  g_assert_true (g_bytes_equal (((VtStoreMedia *) g_ptr_array_index (got->media, 0))->bytes,
                                ((VtStoreMedia *) g_ptr_array_index (v2->media, 0))->bytes));

  got_v1 = vt_store_get_form (fixture->store, "permit", "1", &error);
  g_assert_no_error (error);
  g_assert_false (got_v1->active);
  g_assert_cmpstr (got_v1->xml, ==, v1->xml);

  active = vt_store_list_forms (fixture->store, TRUE, &error);
  g_assert_cmpuint (active->len, ==, 2);
  g_assert_cmpstr (((VtStoreForm *) g_ptr_array_index (active, 0))->form_id, ==, "birth");
  g_assert_cmpstr (((VtStoreForm *) g_ptr_array_index (active, 0))->source, ==, "bundled");
  g_assert_null (((VtStoreForm *) g_ptr_array_index (active, 0))->xml);
  all = vt_store_list_forms (fixture->store, FALSE, &error);
  g_assert_cmpuint (all->len, ==, 3);

  /* Back to version 1: it becomes the only active one. */
  g_assert_true (vt_store_set_form_active (fixture->store, "permit", "1", TRUE, &error));
  reactivated = vt_store_get_form (fixture->store, "permit", NULL, &error);
  g_assert_cmpstr (reactivated->version, ==, "1");
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM forms WHERE form_id = 'permit' AND active"), ==, 1);

  /* Deactivated forms stay known (queued submissions reference them). */
  g_assert_true (vt_store_set_form_active (fixture->store, "permit", "1", FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM forms"), ==, 3);
  {
    g_autoptr(GPtrArray) now_active = vt_store_list_forms (fixture->store, TRUE, &error);
    g_assert_cmpuint (now_active->len, ==, 1);
  }

  /* The same version again replaces its content. */
  g_free (v2->xml);
  v2->xml = g_strdup ("<h:html changed=\"yes\"/>");
  g_assert_true (vt_store_add_form (fixture->store, v2, &error));
  {
    g_autoptr(VtStoreForm) replaced = vt_store_get_form (fixture->store, "permit", "2", &error);
    g_assert_cmpstr (replaced->xml, ==, v2->xml);
    g_assert_cmpuint (replaced->media->len, ==, 1);
  }

  {
    g_autoptr(VtStoreForm) none = vt_store_get_form (fixture->store, "nope", NULL, &error);
    g_assert_null (none);
    g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  g_assert_false (vt_store_set_form_active (fixture->store, "permit", "9", TRUE, &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* The failed call changed nothing. */
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM forms WHERE form_id = 'permit' AND active"), ==, 1);
}

static void
test_drafts (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();
  VtStoreDraft old = { .id = (char *) "d-old", .form_id = (char *) "permit", .form_version = (char *) "1",
                       .answers_json = (char *) "{}", .saved_by = (char *) "marta", .saved_at = now - 10 * 86400 * SECOND };
  VtStoreDraft fresh = { .id = (char *) "d-new", .form_id = (char *) "permit", .form_version = (char *) "1",
                         .answers_json = (char *) "{\"/data/name\": \"Ana\"}", .saved_by = (char *) "marta" };
  g_autoptr(VtStoreDraft) got = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) after = NULL;

  g_assert_true (vt_store_save_draft (fixture->store, &old, &error));
  g_assert_true (vt_store_save_draft (fixture->store, &fresh, &error));
  g_assert_no_error (error);

  got = vt_store_get_draft (fixture->store, "d-new", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->answers_json, ==, fresh.answers_json);
  g_assert_cmpint (got->saved_at, >=, now);

  list = vt_store_list_drafts (fixture->store, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((VtStoreDraft *) g_ptr_array_index (list, 0))->id, ==, "d-new");

  g_assert_cmpint (vt_store_purge_drafts (fixture->store, 7, now, &error), ==, 1);
  g_assert_true (vt_store_delete_draft (fixture->store, "d-new", &error));
  after = vt_store_list_drafts (fixture->store, &error);
  g_assert_cmpuint (after->len, ==, 0);
  g_assert_null (vt_store_get_draft (fixture->store, "d-new", &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/vt/store-records/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("events", test_events);
  ADD ("meta", test_meta);
  ADD ("forms", test_forms);
  ADD ("drafts", test_drafts);
#undef ADD

  return g_test_run ();
}
