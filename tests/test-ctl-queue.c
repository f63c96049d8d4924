/* ventanilla-ctl queue and enqueue, as a script or a clerk runs them. */
#include "config.h"

#include "vt-store-test-fixture.h"

/* ---- ventanilla-ctl queue ------------------------------------------------------------ */

static void
test_ctl_queue (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *c1 = enqueue (fixture->store, "uuid:q1");
  g_autofree char *c2 = enqueue (fixture->store, "uuid:q2");
  g_autofree char *c3 = enqueue (fixture->store, "uuid:q3");
  gint64 now = g_get_real_time () + SECOND;
  g_autoptr(GPtrArray) claimed = vt_store_claim (fixture->store, 2, 60 * SECOND, now, &error);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  g_assert_true (vt_store_mark_sent (fixture->store, "uuid:q1", 201, NULL, now, &error));
  g_assert_true (vt_store_mark_rejected (fixture->store, "uuid:q2", 400, "bad", now, &error));
  g_assert_true (vt_store_set_last_sync (fixture->store, 1764337200 * SECOND, &error));
  g_assert_no_error (error);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "queue", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_str_has_prefix (out, "queued 1\nsending 0\nsent 1\nrejected 1\ndiscarded 0\noldest_queued 20"));
  g_assert_nonnull (strstr (out, "\nlast_sync 2025-11-28T13:40:00Z\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "queue", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (object, "queued"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "sending"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "sent"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "rejected"), ==, 1);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (object, "oldest_queued"), "Z"));
  g_assert_cmpstr (json_object_get_string_member (object, "last_sync"), ==, "2025-11-28T13:40:00Z");
  g_assert_false (json_object_has_member (object, "submissions"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "queue", "--list", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "uuid:q1 sent 1\nuuid:q2 rejected 1\nuuid:q3 queued 0\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "queue", "--json", "--list", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "submissions")), ==, 3);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "queue", "extra", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
}

static void
test_ctl_queue_errors (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("store-ctl");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *path = g_build_filename (dir, VT_STORE_FILE_NAME, NULL);
  g_autofree char *fresh = g_build_filename (dir, "fresh", NULL);

  g_assert_true (g_file_set_contents (path, "garbage garbage garbage garbage garbage garbage garbage garbage "
                                            "garbage garbage garbage garbage", -1, NULL));
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", dir, "queue", "--json", NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "damaged"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A kiosk that never stored anything has an empty, valid queue. */
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fresh, "queue", "--json", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "{\"queued\":0,\"sending\":0,\"sent\":0,\"rejected\":0,\"discarded\":0,"
                            "\"oldest_queued\":null,\"last_sync\":null}\n");
  vt_test_rmdir_recursive (dir);
}

static const char test_form[] =
  "<?xml version=\"1.0\"?>\n"
  "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\" "
  "xmlns:jr=\"http://openrosa.org/javarosa\">\n"
  " <h:head><h:title>Permiso de prueba</h:title>\n"
  "  <model>\n"
  "   <instance><data id=\"test_permit\" version=\"3\"><name/><age/><meta><instanceID/></meta></data></instance>\n"
  "   <bind nodeset=\"/data/name\" type=\"string\" required=\"true()\"/>\n"
  "   <bind nodeset=\"/data/age\" type=\"int\" constraint=\". &gt;= 0\"/>\n"
  "   <bind nodeset=\"/data/meta/instanceID\" type=\"string\" readonly=\"true()\" jr:preload=\"uid\"/>\n"
  "  </model>\n"
  " </h:head>\n"
  " <h:body>\n"
  "  <input ref=\"/data/name\"><label>Name</label></input>\n"
  "  <input ref=\"/data/age\"><label>Age</label></input>\n"
  " </h:body>\n"
  "</h:html>\n";

static const char upload_form[] =
  "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\">"
  "<h:head><h:title>Foto</h:title><model>"
  "<instance><data id=\"photo_form\" version=\"1\"><name/><photo/><meta><instanceID/></meta></data></instance>"
  "<bind nodeset=\"/data/name\" type=\"string\"/>"
  "<bind nodeset=\"/data/photo\" type=\"binary\" required=\"true()\"/>"
  "</model></h:head><h:body>"
  "<input ref=\"/data/name\"><label>Name</label></input>"
  "<upload ref=\"/data/photo\" mediatype=\"image/*\"><label>Photo</label></upload>"
  "</h:body></h:html>";

/* An upload answer names a file: enqueue takes it (beside the answers
 * file, or given with --attach), byte for byte, and refuses a name with
 * no file, a file of the wrong kind, and an --attach no answer names. */
static void
test_ctl_enqueue_files (Fixture       *fixture,
                        gconstpointer  data)
{
  static const guint8 jpeg_head[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01, 0x01 };
  g_autofree char *form = vt_test_write_file (fixture->dir, "photo.xml", upload_form);
  g_autofree char *answers = vt_test_write_file (fixture->dir, "answers.json",
                                                 "{\"/data/name\": \"Ana\", \"/data/photo\": \"foto.jpg\"}");
  g_autofree char *other_dir = g_build_filename (fixture->dir, "usb", NULL);
  g_autofree char *photo_path = g_build_filename (fixture->dir, "foto.jpg", NULL);
  g_autofree char *elsewhere = g_build_filename (other_dir, "IMG_0001.JPG", NULL);
  g_autofree char *attach = g_strconcat ("foto.jpg=", elsewhere, NULL);
  g_autoptr(GByteArray) photo = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_byte_array_append (photo, jpeg_head, sizeof jpeg_head);
  for (guint i = 0; i < 300000; i++)
    g_byte_array_append (photo, (const guint8 *) &i, 1);

  /* No file beside the answers: refused, with what to do. */
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "enqueue", form,
                                    "--answers", answers, NULL), ==, 1);
  g_assert_true (g_str_has_prefix (out, "/data/photo: "));
  g_assert_nonnull (strstr (out, "foto.jpg"));
  g_assert_nonnull (strstr (out, "--attach"));
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM submissions"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Not a picture, whatever its name says. */
  g_assert_true (g_file_set_contents (photo_path, "just words\n", -1, &error));
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "enqueue", form,
                                    "--answers", answers, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "not a kind of file"));
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM submissions"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Beside the answers file: queued with it. */
  g_assert_true (g_file_set_contents (photo_path, (const char *) photo->data, photo->len, &error));
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "enqueue", form,
                                    "--answers", answers, NULL), ==, 0);
  {
    g_autofree char *id = g_strndup (out, strlen (out) - 1);
    g_autoptr(VtStoreItem) item = vt_store_get_item (fixture->store, id, &error);
    g_autoptr(GBytes) stored = NULL;
    VtAttachment *a;

    g_assert_no_error (error);
    g_assert_nonnull (strstr (item->xml, "<photo>foto.jpg</photo>"));
    g_assert_cmpuint (item->attachments->len, ==, 1);
    a = g_ptr_array_index (item->attachments, 0);
    g_assert_cmpstr (a->name, ==, "foto.jpg");
    g_assert_cmpstr (a->content_type, ==, "image/jpeg");
    stored = vt_attachment_read_all (a, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (stored, NULL), g_bytes_get_size (stored), photo->data, photo->len);
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* From elsewhere with --attach; the answer keeps its name. */
  g_assert_cmpint (g_mkdir (other_dir, 0700), ==, 0);
  photo->data[100] ^= 0xff;
  g_assert_true (g_file_set_contents (elsewhere, (const char *) photo->data, photo->len, &error));
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "enqueue", form,
                                    "--answers", answers, "--attach", attach, NULL), ==, 0);
  {
    g_autofree char *id = g_strndup (out, strlen (out) - 1);
    g_autoptr(VtStoreItem) item = vt_store_get_item (fixture->store, id, &error);
    g_autoptr(GBytes) stored = vt_attachment_read_all (g_ptr_array_index (item->attachments, 0), &error);

    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (stored, NULL), g_bytes_get_size (stored), photo->data, photo->len);
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* An --attach no answer names is a mistake worth saying. */
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "enqueue", form,
                                    "--answers", answers, "--attach", "scan.pdf=/tmp/scan.pdf", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "scan.pdf"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "enqueue", form,
                                    "--answers", answers, "--attach", "no-equals-sign", NULL), ==, 2);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM submissions"), ==, 2);
}

static void
test_ctl_enqueue (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *form = vt_test_write_file (fixture->dir, "form.xml", test_form);
  g_autofree char *answers = vt_test_write_file (fixture->dir, "answers.json",
                                                 "{\"/data/name\": \"Ana\", \"/data/age\": \"30\"}");
  g_autofree char *bad = vt_test_write_file (fixture->dir, "bad.json", "{\"/data/age\": \"-3\"}");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *instance_id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStoreItem) item = NULL;
  g_autoptr(VtReceipt) receipt = NULL;
  g_autoptr(VtStoreForm) stored_form = NULL;
  g_autoptr(GPtrArray) active = NULL;

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "enqueue", form,
                                    "--answers", answers, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "uuid:"));
  g_assert_true (g_str_has_suffix (out, "\n"));
  g_assert_null (strchr (out, ' '));
  instance_id = g_strndup (out, strlen (out) - 1);

  /* Printed after COMMIT: this process's own connection sees it whole. */
  item = vt_store_get_item (fixture->store, instance_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (item->state, ==, VT_STORE_STATE_QUEUED);
  g_assert_cmpstr (item->form_id, ==, "test_permit");
  g_assert_cmpstr (item->form_version, ==, "3");
  g_assert_nonnull (strstr (item->xml, "<name>Ana</name>"));
  g_assert_nonnull (strstr (item->xml, instance_id));
  receipt = vt_store_get_receipt_for (fixture->store, instance_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (receipt->service_title, ==, "Permiso de prueba");
  g_assert_cmpuint (count_events (fixture->store, instance_id, "enqueued"), ==, 1);

  /* The form version is known to the store, but not offered in the catalogue. */
  stored_form = vt_store_get_form (fixture->store, "test_permit", "3", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored_form->source, ==, "file");
  g_assert_false (stored_form->active);
  active = vt_store_list_forms (fixture->store, TRUE, &error);
  g_assert_cmpuint (active->len, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Invalid answers: the engine's lines, nothing queued. */
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "enqueue", form,
                                    "--answers", bad, NULL), ==, 1);
  g_assert_true (g_str_has_prefix (out, "/data/name: "));
  g_assert_nonnull (strstr (out, "\n/data/age: "));
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM submissions"), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "enqueue", form, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--answers"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A second one from the same form gets its own instanceID. */
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "enqueue", form,
                                    "--answers", answers, "--assisted-by", "marta", NULL), ==, 0);
  g_assert_cmpstr (out, !=, "");
  g_assert_false (g_str_has_prefix (out, instance_id));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", fixture->dir, "queue", "--json", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "{\"queued\":2,"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/vt/ctl-queue/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("queue", test_ctl_queue);
  ADD ("enqueue", test_ctl_enqueue);
  ADD ("enqueue-files", test_ctl_enqueue_files);
  g_test_add_func ("/vt/ctl-queue/queue-errors", test_ctl_queue_errors);
#undef ADD

  return g_test_run ();
}
