#include "config.h"

#include <string.h>

#include "vt-bundle.h"
#include "vt-store.h"
#include "vt-test-utils.h"

static VtBundleItem *
make_item (const char *instance_id,
           const char *xml,
           guint       n_attachments)
{
  g_autoptr(GBytes) bytes = g_bytes_new (xml, strlen (xml));
  VtBundleItem *item = vt_bundle_item_new (instance_id, "birth_cert", "2024010101",
                                           "2026-11-28T10:00:00Z", bytes);

  for (guint i = 0; i < n_attachments; i++)
    {
      /* Binary content with newlines and NULs: the format must not care. */
      guint8 data[300];
      g_autoptr(GBytes) att = NULL;
      g_autofree char *name = g_strdup_printf ("photo %u.jpg", i + 1);

      for (guint k = 0; k < sizeof data; k++)
        data[k] = (guint8) ((k * 7 + i) % 256);
      att = g_bytes_new (data, sizeof data - i * 100);
      g_ptr_array_add (item->attachments, vt_bundle_file_new (name, "image/jpeg", att));
    }

  return item;
}

static VtBundle *
make_bundle (guint n_items)
{
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 28, 12, 30, 5);
  VtBundle *bundle = vt_bundle_new ("Oficina rural de Ñuñoa", when);

  for (guint i = 0; i < n_items; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:0000000%u-aaaa-4bbb-8ccc-dddddddddddd", i);
      g_autofree char *xml = g_strdup_printf ("<data id=\"birth_cert\"><name>Ana %u</name>"
                                              "<meta><instanceID>%s</instanceID></meta></data>",
                                              i, id);
      g_ptr_array_add (bundle->items, make_item (id, xml, i % 3));
    }

  return bundle;
}

static GBytes *
write_to_bytes (VtBundle *bundle)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (vt_bundle_write (bundle, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, &error));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static void
assert_same_bundle (VtBundle *a,
                    VtBundle *b)
{
  g_assert_cmpstr (a->origin, ==, b->origin);
  g_assert_cmpstr (a->created, ==, b->created);
  g_assert_cmpuint (a->items->len, ==, b->items->len);
  for (guint i = 0; i < a->items->len; i++)
    {
      VtBundleItem *x = g_ptr_array_index (a->items, i);
      VtBundleItem *y = g_ptr_array_index (b->items, i);

      g_assert_cmpstr (x->instance_id, ==, y->instance_id);
      g_assert_cmpstr (x->form_id, ==, y->form_id);
      g_assert_cmpstr (x->form_version, ==, y->form_version);
      g_assert_cmpstr (x->created, ==, y->created);
      g_assert_true (g_bytes_equal (x->xml, y->xml));
      g_assert_cmpuint (x->attachments->len, ==, y->attachments->len);
      for (guint j = 0; j < x->attachments->len; j++)
        {
          VtBundleFile *f = g_ptr_array_index (x->attachments, j);
          VtBundleFile *g = g_ptr_array_index (y->attachments, j);

          g_assert_cmpstr (f->name, ==, g->name);
          g_assert_cmpstr (f->content_type, ==, g->content_type);
          g_assert_true (g_bytes_equal (f->bytes, g->bytes));
        }
    }
}

static void
test_round_trip (void)
{
  g_autoptr(VtBundle) bundle = make_bundle (4);
  g_autoptr(GBytes) bytes = write_to_bytes (bundle);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtBundle) back = vt_bundle_parse (bytes, "test", &error);

  g_assert_no_error (error);
  g_assert_nonnull (back);
  assert_same_bundle (bundle, back);
  g_assert_cmpuint (back->total_size, ==, bundle->total_size);
  g_assert_cmpuint (back->total_size, >, 0);
}

static void
test_empty (void)
{
  g_autoptr(VtBundle) bundle = make_bundle (0);
  g_autoptr(GBytes) bytes = write_to_bytes (bundle);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtBundle) back = vt_bundle_parse (bytes, "test", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (back->items->len, ==, 0);
  g_assert_cmpstr (back->origin, ==, "Oficina rural de Ñuñoa");
}

/* Every prefix of a bundle, down to the empty file, is refused as
 * incomplete: a copy cut anywhere never imports part of a queue. */
static void
test_every_truncation (void)
{
  g_autoptr(VtBundle) bundle = make_bundle (3);
  g_autoptr(GBytes) bytes = write_to_bytes (bundle);
  gsize length = g_bytes_get_size (bytes);

  for (gsize cut = 0; cut < length; cut++)
    {
      g_autoptr(GBytes) prefix = g_bytes_new_from_bytes (bytes, 0, cut);
      g_autoptr(GError) error = NULL;
      g_autoptr(VtBundle) back = vt_bundle_parse (prefix, "cut.vtbundle", &error);

      g_assert_null (back);
      g_assert_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_TRUNCATED);
      g_assert_nonnull (strstr (error->message, "Copy the bundle again"));
      g_assert_nonnull (strstr (error->message, "cut.vtbundle"));
    }
}

/* Bundles hold NUL bytes: string searches would stop at the first. */
static char *
mem_find (const char *data,
          gsize       length,
          const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, needle, n) == 0)
      return (char *) data + i;
  return NULL;
}

static gsize
find (GBytes     *bytes,
      const char *needle)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  const char *at = mem_find (data, length, needle);

  g_assert_nonnull (at);
  return (gsize) (at - data);
}

static GBytes *
flip (GBytes *bytes,
      gsize   at)
{
  gsize length = 0;
  guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, &length), g_bytes_get_size (bytes));

  copy[at] ^= 0x01;
  return g_bytes_new_take (copy, length);
}

/* A flipped bit anywhere is refused; where it lands decides the message. */
static void
test_tampered (void)
{
  g_autoptr(VtBundle) bundle = make_bundle (3);
  g_autoptr(GBytes) bytes = write_to_bytes (bundle);
  gsize length = g_bytes_get_size (bytes);

  for (gsize at = 0; at < length; at++)
    {
      g_autoptr(GBytes) bad = flip (bytes, at);
      g_autoptr(GError) error = NULL;
      g_autoptr(VtBundle) back = vt_bundle_parse (bad, "bad", &error);

      if (back != NULL)
        g_error ("a bundle with byte %" G_GSIZE_FORMAT " flipped was accepted", at);
      g_assert_nonnull (error);
    }

  {
    /* In a submission's XML. */
    g_autoptr(GBytes) bad = flip (bytes, find (bytes, "Ana 1"));
    g_autoptr(GError) error = NULL;
    g_autoptr(VtBundle) back = vt_bundle_parse (bad, "bad", &error);

    g_assert_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_DAMAGED);
    g_assert_nonnull (strstr (error->message, "content has changed"));
    g_assert_nonnull (strstr (error->message, "Nothing was imported"));
  }

  {
    /* In the manifest: an instanceID changed. */
    g_autoptr(GBytes) bad = flip (bytes, find (bytes, "\"uuid:00000001") + 8);
    g_autoptr(GError) error = NULL;
    g_autoptr(VtBundle) back = vt_bundle_parse (bad, "bad", &error);

    g_assert_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_DAMAGED);
    g_assert_nonnull (strstr (error->message, "manifest's checksum"));
  }
}

/* Checksums that match do not make a manifest consistent. */
static void
test_inconsistent_manifest (void)
{
  g_autoptr(VtBundle) bundle = make_bundle (2);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtBundle) back = NULL;
  VtBundleItem *second = g_ptr_array_index (bundle->items, 1);
  VtBundleItem *first = g_ptr_array_index (bundle->items, 0);

  g_free (second->instance_id);
  second->instance_id = g_strdup (first->instance_id);
  bytes = write_to_bytes (bundle);
  back = vt_bundle_parse (bytes, "dup", &error);
  g_assert_null (back);
  g_assert_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "same application twice"));
}

static void
test_unsafe_attachment_name (void)
{
  g_autoptr(VtBundle) bundle = make_bundle (2);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtBundle) back = NULL;
  VtBundleItem *second = g_ptr_array_index (bundle->items, 1);
  VtBundleFile *file = g_ptr_array_index (second->attachments, 0);

  g_free (file->name);
  file->name = g_strdup ("../../etc/passwd");
  bytes = write_to_bytes (bundle);
  back = vt_bundle_parse (bytes, "evil", &error);
  g_assert_null (back);
  g_assert_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_DAMAGED);
}

static void
test_not_a_bundle (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("PK\003\004 some zip file\n", 20);
  g_autoptr(GBytes) newer = g_bytes_new_static ("VENTANILLA-BUNDLE 7\nmanifest 2 x\n{}\n", 35);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(VtBundle) back = vt_bundle_parse (bytes, "photo.zip", &error);
  g_autoptr(VtBundle) back2 = vt_bundle_parse (newer, "new.vtbundle", &error2);

  g_assert_null (back);
  g_assert_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_NOT_A_BUNDLE);
  g_assert_nonnull (strstr (error->message, "“photo.zip” is not a Ventanilla bundle"));
  g_assert_null (back2);
  g_assert_error (error2, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_VERSION);
  g_assert_nonnull (strstr (error2->message, "Update Ventanilla"));
}

static void
test_write_to_dir (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("bundle");
  g_autoptr(VtBundle) bundle = make_bundle (2);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = vt_bundle_write_to_dir (bundle, dir, &error);
  g_autofree char *path2 = NULL;
  g_autofree char *base = NULL;
  g_autoptr(VtBundle) back = NULL;
  g_autoptr(GDir) listing = NULL;
  guint n_files = 0;

  g_assert_no_error (error);
  base = g_path_get_basename (path);
  g_assert_cmpstr (base, ==, "ventanilla-oficina-rural-de-nunoa-20261128T123005Z.vtbundle");

  /* Same second: a second name, never an overwrite. */
  path2 = vt_bundle_write_to_dir (bundle, dir, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (path2, "-20261128T123005Z-2.vtbundle"));

  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 2);    /* no .partial left behind */

  back = vt_bundle_load (path, &error);
  g_assert_no_error (error);
  assert_same_bundle (bundle, back);

  g_clear_pointer (&back, vt_bundle_free);
  {
    g_autofree char *missing = g_build_filename (dir, "nope.vtbundle", NULL);
    back = vt_bundle_load (missing, &error);
    g_assert_null (back);
    g_assert_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_IO);
    g_clear_error (&error);
  }
  {
    g_autofree char *missing_dir = g_build_filename (dir, "no-such-drive", NULL);
    g_autofree char *none = vt_bundle_write_to_dir (bundle, missing_dir, &error);
    g_assert_null (none);
    g_assert_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_IO);
  }

  vt_test_rmdir_recursive (dir);
}

/* ------------------------------------------------ through the store and ctl */

static char *
enqueue_one (VtStore    *store,
             guint       n,
             gboolean    with_attachment)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("uuid:%08u-1111-4222-8333-444444444444", n);
  g_autofree char *xml = g_strdup_printf ("<data id=\"permit\" version=\"3\"><name>Solicitante %u</name>"
                                          "<meta><instanceID>%s</instanceID></meta></data>", n, id);
  g_autoptr(GPtrArray) atts = g_ptr_array_new ();
  VtAttachment att = { (char *) "photo.jpg", (char *) "image/jpeg", NULL };
  VtSubmission submission = { id, (char *) "permit", (char *) "3", xml, atts };
  VtStoreEnqueueOptions options = { 0 };
  char *code;

  if (with_attachment)
    {
      att.bytes = g_bytes_new_static ("\xff\xd8\xff\xe0\n\0JFIF\n", 12);
      g_ptr_array_add (atts, &att);
    }
  options.service_title = "Building permit";
  options.language = "es";
  options.assisted_by = n == 2 ? "maria" : NULL;
  code = vt_store_enqueue (store, &submission, &options, &error);
  g_assert_no_error (error);
  g_clear_pointer (&att.bytes, g_bytes_unref);
  return code;
}

static guint
count_state (VtStore      *store,
             VtStoreState  state)
{
  g_autoptr(GError) error = NULL;
  VtStoreCounts counts = { 0 };

  g_assert_true (vt_store_get_counts (store, &counts, &error));
  g_assert_no_error (error);
  return counts.n[state];
}

static char *
only_bundle_in (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  char *found = NULL;

  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_assert_null (found);
      g_assert_true (g_str_has_suffix (name, ".vtbundle"));
      found = g_build_filename (dir, name, NULL);
    }
  g_assert_nonnull (found);
  return found;
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
test_export_import (void)
{
  g_autofree char *root = vt_test_make_tmpdir ("bundle-ctl");
  g_autofree char *kiosk = g_build_filename (root, "kiosk", NULL);
  g_autofree char *central = g_build_filename (root, "central", NULL);
  g_autofree char *usb = g_build_filename (root, "usb", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = NULL;
  g_autoptr(VtStore) other = NULL;
  g_autoptr(GPtrArray) claimed = NULL;
  g_autofree char *code1 = NULL;
  g_autofree char *code2 = NULL;
  g_autofree char *code3 = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *bundle_path = NULL;

  g_assert_cmpint (g_mkdir_with_parents (usb, 0700), ==, 0);
  store = vt_store_open (kiosk, &error);
  g_assert_no_error (error);
  code1 = enqueue_one (store, 1, TRUE);
  code2 = enqueue_one (store, 2, FALSE);
  code3 = enqueue_one (store, 3, TRUE);

  /* The first goes out over the network: it is not exported. */
  claimed = vt_store_claim (store, 1, 60 * G_USEC_PER_SEC, g_get_real_time (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claimed->len, ==, 1);
  g_assert_true (vt_store_mark_sent (store, ((VtStoreItem *) claimed->pdata[0])->instance_id, 201, "",
                                     g_get_real_time (), &error));
  g_clear_pointer (&store, vt_store_close);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", kiosk, "export", "--to", usb, NULL), ==, 0);
  bundle_path = only_bundle_in (usb);
  {
    g_autofree char *expected = g_strdup_printf ("%s\n", bundle_path);
    g_assert_cmpstr (out, ==, expected);
    g_assert_nonnull (strstr (err, "2 unsent applications written"));
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Still queued on the kiosk; the export is in its log. */
  store = vt_store_open (kiosk, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_state (store, VT_STORE_STATE_QUEUED), ==, 2);
  g_assert_cmpuint (count_events (store, "exported"), ==, 2);
  g_assert_cmpuint (count_events (store, "bundle-exported"), ==, 1);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", central, "import", bundle_path, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Added 2 applications to the queue.\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  other = vt_store_open (central, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_state (other, VT_STORE_STATE_QUEUED), ==, 2);
  for (guint n = 2; n <= 3; n++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:%08u-1111-4222-8333-444444444444", n);
      g_autoptr(VtStoreItem) a = vt_store_get_item (store, id, &error);
      g_autoptr(VtStoreItem) b = vt_store_get_item (other, id, &error);
      g_autoptr(VtReceipt) receipt = vt_store_get_receipt_for (other, id, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (a->xml, ==, b->xml);
      g_assert_cmpstr (b->form_id, ==, "permit");
      g_assert_cmpstr (b->form_version, ==, "3");
      g_assert_cmpuint (a->attachments->len, ==, b->attachments->len);
      for (guint j = 0; j < a->attachments->len; j++)
        g_assert_true (g_bytes_equal (((VtAttachment *) a->attachments->pdata[j])->bytes,
                                      ((VtAttachment *) b->attachments->pdata[j])->bytes));
      /* The citizen's reference code still finds it. */
      g_assert_cmpstr (receipt->reference_code, ==, n == 2 ? code2 : code3);
      g_assert_cmpstr (receipt->service_title, ==, "Building permit");
      g_assert_cmpstr (receipt->assisted_by, ==, n == 2 ? "maria" : NULL);
    }
  g_assert_cmpuint (count_events (other, "bundle-imported"), ==, 1);

  /* Twice: nothing more, and it says so. */
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", central, "import", bundle_path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Nothing added: all 2 applications in this bundle are already in the queue"));
  g_assert_cmpuint (count_state (other, VT_STORE_STATE_QUEUED), ==, 2);

  vt_test_rmdir_recursive (root);
}

static void
assert_import_refused (const char *data_dir,
                       const char *path,
                       const char *message)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = NULL;

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", data_dir, "import", path, NULL), ==, 1);
  g_assert_nonnull (strstr (err, message));
  g_assert_nonnull (strstr (err, "Nothing was imported"));
  store = vt_store_open (data_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_state (store, VT_STORE_STATE_QUEUED), ==, 0);
}

static void
test_import_damaged (void)
{
  g_autofree char *root = vt_test_make_tmpdir ("bundle-bad");
  g_autofree char *kiosk = g_build_filename (root, "kiosk", NULL);
  g_autofree char *central = g_build_filename (root, "central", NULL);
  g_autofree char *usb = g_build_filename (root, "usb", NULL);
  g_autofree char *bundle_path = NULL;
  g_autofree char *bad_path = g_build_filename (root, "bad.vtbundle", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_assert_cmpint (g_mkdir_with_parents (usb, 0700), ==, 0);
  {
    g_autoptr(VtStore) store = vt_store_open (kiosk, &error);
    g_autofree char *c1 = NULL;
    g_autofree char *c2 = NULL;
    g_autofree char *c3 = NULL;

    g_assert_no_error (error);
    c1 = enqueue_one (store, 1, TRUE);
    c2 = enqueue_one (store, 2, FALSE);
    c3 = enqueue_one (store, 3, TRUE);
    bundle_path = vt_bundle_export (store, "Field office", usb, "clerk", NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_true (g_file_get_contents (bundle_path, &contents, &length, &error));

  /* Cut short: the last application's last bytes missing. */
  g_assert_true (g_file_set_contents (bad_path, contents, (gssize) length - 90, &error));
  assert_import_refused (central, bad_path, "incomplete");

  /* A flipped byte in the middle of the third application. */
  {
    char *at = mem_find (contents, length, "Solicitante 3");
    g_assert_nonnull (at);
    at[3] ^= 0x20;
    g_assert_true (g_file_set_contents (bad_path, contents, (gssize) length, &error));
    assert_import_refused (central, bad_path, "damaged");
    at[3] ^= 0x20;
  }

  /* A flipped byte in the manifest. */
  {
    char *at = mem_find (contents, length, "\"formVersion\"");
    g_assert_nonnull (at);
    at[2] ^= 0x01;
    g_assert_true (g_file_set_contents (bad_path, contents, (gssize) length, &error));
    assert_import_refused (central, bad_path, "manifest");
    at[2] ^= 0x01;
  }

  /* Restored, it imports. */
  {
    g_autoptr(VtStore) store = NULL;
    guint added = 0;
    guint present = 0;

    g_assert_true (g_file_set_contents (bad_path, contents, (gssize) length, &error));
    store = vt_store_open (central, &error);
    g_assert_true (vt_bundle_import (store, bad_path, "clerk", &added, &present, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (added, ==, 3);
    g_assert_cmpuint (present, ==, 0);
  }

  vt_test_rmdir_recursive (root);
}

static void
test_export_empty_queue (void)
{
  g_autofree char *root = vt_test_make_tmpdir ("bundle-empty");
  g_autofree char *kiosk = g_build_filename (root, "kiosk", NULL);
  g_autofree char *central = g_build_filename (root, "central", NULL);
  g_autofree char *usb = g_build_filename (root, "usb", NULL);
  g_autofree char *bundle_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *out3 = NULL;
  g_autofree char *err3 = NULL;

  g_assert_cmpint (g_mkdir_with_parents (usb, 0700), ==, 0);
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", kiosk, "export", "--to", usb, NULL), ==, 0);
  g_assert_nonnull (strstr (err, "bundle is empty"));
  bundle_path = only_bundle_in (usb);

  g_assert_cmpint (vt_test_run_ctl (&out2, &err2, "--data-dir", central, "import", bundle_path, NULL), ==, 0);
  g_assert_cmpstr (out2, ==, "Nothing added: the bundle holds no applications.\n");

  /* Usage: export needs --to. */
  g_assert_cmpint (vt_test_run_ctl (&out3, &err3, "--data-dir", kiosk, "export", NULL), ==, 2);
  g_assert_nonnull (strstr (err3, "--to DIR"));

  vt_test_rmdir_recursive (root);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vt/bundle/round-trip", test_round_trip);
  g_test_add_func ("/vt/bundle/empty", test_empty);
  g_test_add_func ("/vt/bundle/every-truncation", test_every_truncation);
  g_test_add_func ("/vt/bundle/tampered", test_tampered);
  g_test_add_func ("/vt/bundle/inconsistent-manifest", test_inconsistent_manifest);
  g_test_add_func ("/vt/bundle/unsafe-attachment-name", test_unsafe_attachment_name);
  g_test_add_func ("/vt/bundle/not-a-bundle", test_not_a_bundle);
  g_test_add_func ("/vt/bundle/write-to-dir", test_write_to_dir);
  g_test_add_func ("/vt/bundle/export-import", test_export_import);
  g_test_add_func ("/vt/bundle/import-damaged", test_import_damaged);
  g_test_add_func ("/vt/bundle/export-empty-queue", test_export_empty_queue);

  return g_test_run ();
}
