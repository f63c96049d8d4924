#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "vt-bundle.h"
#include "vt-store.h"
#include "vt-store-test-data.h"
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

/* A bundle's first lines around a manifest of our making, its checksum
 * right, as a crafted file would be. */
static GBytes *
bundle_around_manifest (const char *manifest,
                        gsize       length)
{
  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) manifest, length);
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "VENTANILLA-BUNDLE %d\nmanifest %" G_GSIZE_FORMAT " %s\n",
                          VT_BUNDLE_FORMAT_VERSION, length, sha);
  g_string_append_len (text, manifest, (gssize) length);
  g_string_append_c (text, '\n');
  return g_string_free_to_bytes (text);
}

/* 100,000 nested "[" (200 KB, far below the size bound) once overflowed
 * the stack inside json-glib: refused as damaged before it parses. */
static void
test_deep_manifest (void)
{
  const gsize depth = 100000;
  g_autofree char *manifest = g_malloc (2 * depth);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtBundle) back = NULL;

  memset (manifest, '[', depth);
  memset (manifest + depth, ']', depth);
  bytes = bundle_around_manifest (manifest, 2 * depth);
  back = vt_bundle_parse (bytes, "deep.vtbundle", &error);
  g_assert_null (back);
  g_assert_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "“deep.vtbundle”"));
  g_assert_nonnull (strstr (error->message, "nested deeper than 16 levels"));
  g_assert_nonnull (strstr (error->message, "Nothing was imported"));
  g_assert_nonnull (strstr (error->message, "Export a new bundle"));
  g_clear_error (&error);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* 17 levels, just past the bound, are refused too. */
  bytes = bundle_around_manifest ("[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]", 34);
  back = vt_bundle_parse (bytes, "deep.vtbundle", &error);
  g_assert_null (back);
  g_assert_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "nested deeper"));
}

/* Brackets and escaped quotes inside strings are text, not nesting: a
 * bundle whose office name is full of them round-trips. */
static void
test_brackets_in_strings (void)
{
  g_autoptr(VtBundle) bundle = make_bundle (2);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtBundle) back = NULL;

  g_free (bundle->origin);
  bundle->origin = g_strdup ("Oficina \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{{{{{{{{{\\");
  bytes = write_to_bytes (bundle);
  back = vt_bundle_parse (bytes, "brackets", &error);
  g_assert_no_error (error);
  assert_same_bundle (bundle, back);
}

/* A manifest larger than the bound is refused by its header, before it is
 * read, with a message that says how to make one that fits. */
static void
test_large_manifest (void)
{
  g_autofree char *text = g_strdup_printf ("VENTANILLA-BUNDLE %d\nmanifest %d %064d\n",
                                           VT_BUNDLE_FORMAT_VERSION, VT_BUNDLE_MAX_MANIFEST_SIZE + 1, 0);
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(VtBundle) back = vt_bundle_parse (bytes, "big.vtbundle", &error);

  g_assert_null (back);
  g_assert_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "“big.vtbundle”"));
  g_assert_nonnull (strstr (error->message, "larger than 16 MiB"));
  g_assert_nonnull (strstr (error->message, "Export smaller bundles"));
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
  g_autofree char *path = vt_bundle_write_to_dir (bundle, dir, NULL, &error);
  g_autofree char *path2 = NULL;
  g_autofree char *base = NULL;
  g_autoptr(VtBundle) back = NULL;
  g_autoptr(GDir) listing = NULL;
  guint n_files = 0;

  g_assert_no_error (error);
  base = g_path_get_basename (path);
  g_assert_cmpstr (base, ==, "ventanilla-oficina-rural-de-nunoa-20261128T123005Z.vtbundle");

  /* Same second: a second name, never an overwrite. */
  path2 = vt_bundle_write_to_dir (bundle, dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (path2, "-20261128T123005Z-2.vtbundle"));

  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 2);    /* no .partial left behind */

  back = vt_bundle_load (path, NULL, &error);
  g_assert_no_error (error);
  assert_same_bundle (bundle, back);

  g_clear_pointer (&back, vt_bundle_free);
  {
    g_autofree char *missing = g_build_filename (dir, "nope.vtbundle", NULL);
    back = vt_bundle_load (missing, NULL, &error);
    g_assert_null (back);
    g_assert_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_IO);
    g_clear_error (&error);
  }
  {
    g_autofree char *missing_dir = g_build_filename (dir, "no-such-drive", NULL);
    g_autofree char *none = vt_bundle_write_to_dir (bundle, missing_dir, NULL, &error);
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

/* The central office has the field office's form, as after a sync. */
static void
add_permit_form (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = vt_store_open (data_dir, &error);

  g_assert_no_error (error);
  g_assert_true (vt_test_store_add_form (store, "permit", "3", &error));
  g_assert_no_error (error);
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

/* Imports a bundle with its second application's XML (or form) replaced, into a
 * machine that has the form birth_cert: refused whole, with a message
 * naming the bundle, that application and `message`; nothing is queued. */
static void
assert_application_refused (const char *root,
                            const char *xml,
                            const char *form_id,
                            GQuark      domain,
                            int         code,
                            const char *message)
{
  g_autoptr(VtBundle) bundle = make_bundle (3);
  VtBundleItem *second = g_ptr_array_index (bundle->items, 1);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (root, "central", NULL);
  g_autofree char *path = g_build_filename (root, "crafted.vtbundle", NULL);
  g_autoptr(VtStore) store = vt_store_open (dir, &error);
  guint added = 0;

  g_assert_no_error (error);
  g_assert_true (vt_test_store_add_form (store, "birth_cert", "2024010101", &error));
  if (xml != NULL)
    {
      g_bytes_unref (second->xml);
      second->xml = g_bytes_new (xml, strlen (xml));
    }
  if (form_id != NULL)
    {
      g_free (second->form_id);
      second->form_id = g_strdup (form_id);
    }
  bytes = write_to_bytes (bundle);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes),
                                      &error));
  g_assert_false (vt_bundle_import (store, path, "clerk", NULL, VT_BUNDLE_IMPORT_ACCEPT_UNSIGNED, NULL,
                                    &added, NULL, &error));
  g_assert_error (error, domain, code);
  g_assert_nonnull (strstr (error->message, "crafted.vtbundle"));
  g_assert_nonnull (strstr (error->message, second->instance_id));
  g_assert_nonnull (strstr (error->message, message));
  g_assert_nonnull (strstr (error->message, "Nothing was imported"));
  g_assert_cmpuint (count_state (store, VT_STORE_STATE_QUEUED), ==, 0);
}

/* Each queued application must be well-formed XML of the form its
 * manifest names, with its instanceID, and of a form this machine has:
 * else any text would be sent under this machine's account. */
static void
test_import_checks_applications (void)
{
  g_autofree char *root = vt_test_make_tmpdir ("bundle-xml");
  const char *id = "uuid:00000001-aaaa-4bbb-8ccc-dddddddddddd";
  g_autofree char *wrong_form = g_strdup_printf ("<data id=\"other\"><meta><instanceID>%s</instanceID></meta></data>",
                                                 id);
  g_autofree char *wrong_version = g_strdup_printf ("<data id=\"birth_cert\" version=\"1\"><meta><instanceID>%s"
                                                    "</instanceID></meta></data>", id);
  g_autofree char *dtd = g_strdup_printf ("<!DOCTYPE data [<!ENTITY a \"aaaa\">]><data id=\"birth_cert\">&a;"
                                          "<meta><instanceID>%s</instanceID></meta></data>", id);

  assert_application_refused (root, "not xml at all", NULL, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_DAMAGED,
                              "not well-formed XML");
  assert_application_refused (root, "<data id=\"birth_cert\"><name>Ana</data>", NULL,
                              VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_DAMAGED, "not well-formed XML");
  assert_application_refused (root, dtd, NULL, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_DAMAGED, "not well-formed XML");
  assert_application_refused (root, wrong_form, NULL, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_DAMAGED,
                              "not an application of the form “birth_cert”");
  assert_application_refused (root, wrong_version, NULL, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_DAMAGED,
                              "not an application of the form");
  assert_application_refused (root, "<data id=\"birth_cert\"><meta><instanceID>uuid:someone-else</instanceID>"
                              "</meta></data>", NULL, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_DAMAGED,
                              "not an application of the form");
  {
    g_autofree char *unknown = g_strdup_printf ("<data id=\"tax_refund\"><meta><instanceID>%s</instanceID>"
                                                "</meta></data>", id);
    assert_application_refused (root, unknown, "tax_refund", VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_UNKNOWN_FORM,
                                "of the form “tax_refund” (version “2024010101”), which this machine does not have");
  }

  /* The same bundle untouched imports whole. */
  {
    g_autoptr(VtBundle) bundle = make_bundle (3);
    g_autoptr(GBytes) bytes = write_to_bytes (bundle);
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_build_filename (root, "central", NULL);
    g_autofree char *path = g_build_filename (root, "good.vtbundle", NULL);
    g_autoptr(VtStore) store = vt_store_open (dir, &error);
    guint added = 0;

    g_assert_no_error (error);
    g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                        (gssize) g_bytes_get_size (bytes), &error));
    g_assert_true (vt_bundle_import (store, path, "clerk", NULL, VT_BUNDLE_IMPORT_ACCEPT_UNSIGNED, NULL,
                                     &added, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (added, ==, 3);
  }

  vt_test_rmdir_recursive (root);
}

/* The field office's kiosk exports with ventanilla-ctl, signed and
 * encrypted for the municipality; the central office, which holds the
 * municipality's key and trusts the kiosk, imports it. */
static void
test_export_import (void)
{
  g_autofree char *root = vt_test_make_tmpdir ("bundle-ctl");
  g_autofree char *kiosk = g_build_filename (root, "kiosk", NULL);
  g_autofree char *central = g_build_filename (root, "central", NULL);
  g_autofree char *usb = g_build_filename (root, "usb", NULL);
  g_autofree char *secret = g_build_filename (root, "municipality.key", NULL);
  g_autofree char *trusted = g_build_filename (root, "trusted-kiosks", NULL);
  g_autofree char *kiosk_conf = NULL;
  g_autofree char *central_conf = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *kiosk_line = NULL;
  g_autofree char *trusted_text = NULL;
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

  /* Municipal IT makes the municipality's key and names it in the kiosk's
   * configuration; the kiosk's own key goes into central's trusted list. */
  g_assert_cmpint (vt_test_run_ctl (&recipient, &err, "bundle", "new-recipient-key", secret, NULL), ==, 0);
  g_assert_nonnull (strstr (err, "recipient-key"));
  g_clear_pointer (&err, g_free);
  g_strstrip (recipient);
  g_assert_cmpint (strlen (recipient), ==, 44);
  {
    GStatBuf st;

    g_assert_cmpint (g_stat (secret, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
  /* A second key over the first would lock out every bundle made for it. */
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "bundle", "new-recipient-key", secret, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already exists"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  {
    g_autofree char *text = g_strdup_printf ("[kiosk]\noffice-name=Oficina rural de Ñuñoa\n"
                                             "[bundle]\nrecipient-key=%s\n", recipient);

    kiosk_conf = vt_test_write_file (root, "kiosk.conf", text);
  }
  g_assert_cmpint (vt_test_run_ctl (&kiosk_line, &err, "--config", kiosk_conf, "--data-dir", kiosk,
                                    "bundle", "public-key", NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_str_has_prefix (kiosk_line, "Oficina rural de Ñuñoa "));
  trusted_text = g_strdup_printf ("# kiosks of the municipality\n\n%s", kiosk_line);
  g_assert_true (g_file_set_contents (trusted, trusted_text, -1, NULL));
  {
    g_autofree char *text = g_strdup_printf ("[bundle]\nrecipient-secret-key-file=%s\ntrusted-kiosks=%s\n",
                                             secret, trusted);

    central_conf = vt_test_write_file (root, "central.conf", text);
  }

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--config", kiosk_conf, "--data-dir", kiosk,
                                    "export", "--to", usb, NULL), ==, 0);
  bundle_path = only_bundle_in (usb);
  {
    g_autofree char *expected = g_strdup_printf ("%s\n", bundle_path);
    g_autofree char *contents = NULL;
    gsize length = 0;

    g_assert_cmpstr (out, ==, expected);
    g_assert_nonnull (strstr (err, "2 unsent applications written"));
    g_assert_nonnull (strstr (err, "encrypted"));
    /* A lost drive reveals nothing: no application, no name, no kiosk. */
    g_assert_true (g_file_get_contents (bundle_path, &contents, &length, NULL));
    g_assert_null (mem_find (contents, length, "uuid:"));
    g_assert_null (mem_find (contents, length, "Solicitante"));
    g_assert_null (mem_find (contents, length, "permit"));
    g_assert_null (mem_find (contents, length, "signer"));
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Without the municipality's key it cannot be opened. */
  add_permit_form (central);
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", central, "import", bundle_path, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "encrypted for the municipality"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Still queued on the kiosk; the export is in its log. */
  store = vt_store_open (kiosk, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_state (store, VT_STORE_STATE_QUEUED), ==, 2);
  g_assert_cmpuint (count_events (store, "exported"), ==, 2);
  g_assert_cmpuint (count_events (store, "bundle-exported"), ==, 1);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--config", central_conf, "--data-dir", central,
                                    "import", bundle_path, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Made by the kiosk “Oficina rural de Ñuñoa”: its signature checks out, and it was "
                            "encrypted for this machine's key.\n"
                            "Added 2 applications to the queue.\n");
  g_assert_null (strstr (err, "chmod"));
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
        vt_test_assert_attachment_equal (a->attachments->pdata[j], b->attachments->pdata[j]);
      /* The citizen's reference code still finds it. */
      g_assert_cmpstr (receipt->reference_code, ==, n == 2 ? code2 : code3);
      g_assert_cmpstr (receipt->service_title, ==, "Building permit");
      g_assert_cmpstr (receipt->assisted_by, ==, n == 2 ? "maria" : NULL);
    }
  g_assert_cmpuint (count_events (other, "bundle-imported"), ==, 1);

  /* Twice: nothing more, and it says so.  With the municipality's key
   * left readable by others, which it also says, with the fix. */
  g_assert_cmpint (g_chmod (secret, 0644), ==, 0);
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--config", central_conf, "--data-dir", central,
                                    "import", bundle_path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Nothing added: all 2 applications in this bundle are already in the queue"));
  {
    g_autofree char *fix = g_strdup_printf ("chmod 600 %s", secret);

    g_assert_nonnull (strstr (err, "can be read by other users"));
    g_assert_nonnull (strstr (err, fix));
  }
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
    bundle_path = vt_bundle_export (store, "Field office", usb, "clerk", NULL, NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_true (g_file_get_contents (bundle_path, &contents, &length, &error));
  add_permit_form (central);

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
    g_assert_true (vt_bundle_import (store, bad_path, "clerk", NULL, VT_BUNDLE_IMPORT_ACCEPT_UNSIGNED, NULL,
                                     &added, &present, &error));
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

  g_assert_cmpint (vt_test_run_ctl (&out2, &err2, "--data-dir", central, "import", bundle_path,
                                    "--accept-unsigned", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out2, "Signed by a kiosk this machine does not trust (key "));
  g_assert_true (g_str_has_suffix (out2, "imported because you accepted it.\n"
                                         "Nothing added: the bundle holds no applications.\n"));

  /* Usage: export needs --to. */
  g_assert_cmpint (vt_test_run_ctl (&out3, &err3, "--data-dir", kiosk, "export", NULL), ==, 2);
  g_assert_nonnull (strstr (err3, "--to DIR"));

  vt_test_rmdir_recursive (root);
}

/* ------------------------------------------------- signed and encrypted */

typedef struct
{
  char         *root;
  char         *secret;            /* the municipality's bundle key */
  char         *recipient;         /* its public half */
  VtBundleKeys *kiosk;             /* a field office: signs, encrypts for the municipality */
  VtBundleKeys *plain_kiosk;       /* the same kiosk without a recipient key */
  VtBundleKeys *central;           /* trusts the kiosk, holds the municipality's key */
  guint8        kiosk_public[VT_KIOSK_KEY_PUBLIC_BYTES];
} Offices;

static void
offices_init (Offices *o)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *field = NULL;
  g_autoptr(VtKioskKey) key = NULL;

  o->root = vt_test_make_tmpdir ("bundle-keys");
  field = g_build_filename (o->root, "field", NULL);
  o->secret = g_build_filename (o->root, "municipality.key", NULL);
  o->recipient = vt_bundle_keys_make_recipient (o->secret, &error);
  g_assert_no_error (error);
  o->kiosk = vt_bundle_keys_load (field, o->recipient, NULL, NULL, &error);
  g_assert_no_error (error);
  o->plain_kiosk = vt_bundle_keys_load (field, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  o->central = vt_bundle_keys_load (NULL, NULL, o->secret, NULL, &error);
  g_assert_no_error (error);
  key = vt_kiosk_key_load (field, &error);
  g_assert_no_error (error);
  memcpy (o->kiosk_public, vt_kiosk_key_get_public (key), sizeof o->kiosk_public);
  vt_bundle_keys_trust (o->central, "Oficina de Ñuñoa", o->kiosk_public);
}

static void
offices_clear (Offices *o)
{
  vt_bundle_keys_free (o->kiosk);
  vt_bundle_keys_free (o->plain_kiosk);
  vt_bundle_keys_free (o->central);
  vt_test_rmdir_recursive (o->root);
  g_free (o->root);
  g_free (o->secret);
  g_free (o->recipient);
}

static GBytes *
write_signed (VtBundle     *bundle,
              VtBundleKeys *keys)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (vt_bundle_write_signed (bundle, keys, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, &error));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* Signed, then also encrypted: the trusting office opens both and knows
 * the kiosk; without the municipality's key, or with another one, the
 * encrypted one does not open. */
static void
test_signed_and_encrypted (void)
{
  Offices o = { 0 };
  g_autoptr(VtBundle) bundle = make_bundle (4);
  g_autoptr(GBytes) signed_bytes = NULL;
  g_autoptr(GBytes) sealed_bytes = NULL;
  g_autoptr(GError) error = NULL;

  offices_init (&o);
  signed_bytes = write_signed (bundle, o.plain_kiosk);
  sealed_bytes = write_signed (bundle, o.kiosk);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (signed_bytes, NULL), "VENTANILLA-BUNDLE 2\nsigned "));
  g_assert_true (g_str_has_prefix (g_bytes_get_data (sealed_bytes, NULL), "VENTANILLA-BUNDLE 2\nsealed "));
  g_assert_null (mem_find (g_bytes_get_data (sealed_bytes, NULL), g_bytes_get_size (sealed_bytes), "Ana"));

  {
    g_autoptr(VtBundle) back = vt_bundle_open (signed_bytes, "signed", o.central, &error);

    g_assert_no_error (error);
    assert_same_bundle (bundle, back);
    g_assert_cmpstr (back->signer_kiosk, ==, "Oficina de Ñuñoa");
    g_assert_false (back->sealed);
  }
  {
    g_autoptr(VtBundle) back = vt_bundle_open (sealed_bytes, "sealed", o.central, &error);
    g_autofree char *public_text = vt_kiosk_key_encode (o.kiosk_public, sizeof o.kiosk_public);

    g_assert_no_error (error);
    assert_same_bundle (bundle, back);
    g_assert_cmpstr (back->signer_kiosk, ==, "Oficina de Ñuñoa");
    g_assert_cmpstr (back->signer_key, ==, public_text);
    g_assert_true (back->sealed);
  }
  {
    g_autoptr(VtBundle) back = vt_bundle_open (sealed_bytes, "sealed.vtbundle", NULL, &error);

    g_assert_null (back);
    g_assert_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_SEALED);
    g_assert_nonnull (strstr (error->message, "recipient-secret-key-file"));
    g_clear_error (&error);
  }
  {
    g_autofree char *other_secret = g_build_filename (o.root, "other.key", NULL);
    g_autofree char *other_public = vt_bundle_keys_make_recipient (other_secret, &error);
    g_autoptr(VtBundleKeys) other = vt_bundle_keys_load (NULL, NULL, other_secret, NULL, &error);
    g_autoptr(VtBundle) back = NULL;

    g_assert_no_error (error);
    back = vt_bundle_open (sealed_bytes, "sealed.vtbundle", other, &error);
    g_assert_null (back);
    g_assert_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_SEALED);
    g_assert_nonnull (strstr (error->message, "encrypted for another key"));
  }
  offices_clear (&o);
}

static VtStore *
empty_store (const Offices *o,
             const char    *name)
{
  g_autofree char *dir = g_build_filename (o->root, name, NULL);
  g_autoptr(GError) error = NULL;
  VtStore *store = vt_store_open (dir, &error);

  g_assert_no_error (error);
  g_assert_true (vt_test_store_add_form (store, "birth_cert", "2024010101", &error));
  g_assert_no_error (error);
  return store;
}

/* Every byte of a small signed bundle, and of the same bundle encrypted,
 * flipped in turn (one bit, a different one at each position), and every
 * length cut short: each is refused whole, and nothing is queued. */
static gboolean
put_drive_file (const char *path,
                const void *data,
                gsize       length)
{
  /* A new file, not synced: thousands of these, none of which need to be
   * on the disk.  (GLib's G_FILE_SET_CONTENTS_NONE writes in place and
   * keeps what was longer; its other modes sync, and ext4 flushes a file
   * truncated and written again when it is closed.) */
  int fd;
  gboolean ok;

  g_unlink (path);
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  ok = fd >= 0 && write (fd, data, length) == (ssize_t) length;

  if (fd >= 0)
    close (fd);
  return ok;
}

static void
test_every_byte_flipped (void)
{
  Offices o = { 0 };
  g_autoptr(VtBundle) bundle = make_bundle (2);
  g_autoptr(VtStore) store = NULL;
  g_autofree char *path = NULL;
  guint refused = 0;

  offices_init (&o);
  store = empty_store (&o, "importer");
  path = g_build_filename (o.root, "drive.vtbundle", NULL);
  for (int sealed = 0; sealed <= 1; sealed++)
    {
      g_autoptr(GBytes) good = write_signed (bundle, sealed ? o.kiosk : o.plain_kiosk);
      gsize length = 0;
      const guint8 *data = g_bytes_get_data (good, &length);
      g_autofree guint8 *copy = g_memdup2 (data, length);

      for (gsize i = 0; i < length; i++)
        {
          g_autoptr(GError) error = NULL;
          guint8 bit = (guint8) (1u << (i % 8));

          copy[i] ^= bit;
          g_assert_true (put_drive_file (path, copy, length));
          if (vt_bundle_import (store, path, "clerk", o.central, VT_BUNDLE_IMPORT_DEFAULT, NULL, NULL, NULL, &error))
            g_error ("%s bundle with byte %zu of %zu flipped (0x%02x) was imported",
                     sealed ? "an encrypted" : "a signed", i, length, bit);
          g_assert_nonnull (error);
          copy[i] ^= bit;
          refused++;
        }
      for (gsize cut = 0; cut < length; cut += 1 + cut / 16)
        {
          g_autoptr(GError) error = NULL;

          g_assert_true (put_drive_file (path, data, cut));
          g_assert_false (vt_bundle_import (store, path, "clerk", o.central, VT_BUNDLE_IMPORT_DEFAULT,
                                            NULL, NULL, NULL, &error));
          /* Cut short is "incomplete" (copy it again), not some other fault. */
          if (!g_error_matches (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_TRUNCATED))
            g_error ("%s bundle cut at %zu of %zu: %s", sealed ? "an encrypted" : "a signed", cut, length,
                     error->message);
        }
    }
  g_test_message ("%u changed bundles refused", refused);
  g_assert_cmpuint (count_state (store, VT_STORE_STATE_QUEUED), ==, 0);
  g_clear_pointer (&store, vt_store_close);
  offices_clear (&o);
}

/* The bundle as a file on the "drive". */
static char *
drive_file (const Offices *o,
            const char    *name,
            GBytes        *bytes)
{
  char *path = g_build_filename (o->root, name, NULL);

  g_assert_true (put_drive_file (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)));
  return path;
}

/* Signed by a kiosk the office does not know: refused with its key, so the
 * clerk can check it; accepted only when the clerk says so. */
static void
test_unknown_kiosk (void)
{
  Offices o = { 0 };
  g_autoptr(VtBundle) bundle = make_bundle (3);
  g_autoptr(VtBundle) opened = NULL;
  g_autoptr(VtStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *stranger_dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(VtBundleKeys) stranger = NULL;
  guint added = 0;

  offices_init (&o);
  stranger_dir = g_build_filename (o.root, "stranger", NULL);
  stranger = vt_bundle_keys_load (stranger_dir, o.recipient, NULL, NULL, &error);
  g_assert_no_error (error);
  bytes = write_signed (bundle, stranger);
  path = drive_file (&o, "stranger.vtbundle", bytes);
  store = empty_store (&o, "importer");

  g_assert_false (vt_bundle_import (store, path, "clerk", o.central, VT_BUNDLE_IMPORT_DEFAULT, NULL, NULL, NULL,
                                    &error));
  g_assert_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_UNTRUSTED);
  g_assert_nonnull (strstr (error->message, "does not trust"));
  g_assert_nonnull (strstr (error->message, "trusted-kiosks"));
  g_assert_cmpuint (count_state (store, VT_STORE_STATE_QUEUED), ==, 0);
  g_clear_error (&error);

  g_assert_true (vt_bundle_import (store, path, "clerk", o.central, VT_BUNDLE_IMPORT_ACCEPT_UNSIGNED, &opened,
                                   &added, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 3);
  g_assert_null (opened->signer_kiosk);
  g_assert_nonnull (opened->signer_key);
  g_assert_true (opened->sealed);
  g_assert_cmpuint (count_events (store, "bundle-imported"), ==, 1);
  g_clear_pointer (&store, vt_store_close);

  /* The kiosk that signed it trusts its own key: its own export comes back
   * without the clerk accepting anything. */
  {
    g_autoptr(VtBundleKeys) own = vt_bundle_keys_load (stranger_dir, NULL, o.secret, NULL, &error);
    g_autoptr(VtBundle) again = NULL;

    g_assert_no_error (error);
    store = empty_store (&o, "stranger-again");
    g_assert_true (vt_bundle_import (store, path, "clerk", own, VT_BUNDLE_IMPORT_DEFAULT, &again, &added, NULL,
                                     &error));
    g_assert_no_error (error);
    g_assert_cmpuint (added, ==, 3);
    g_assert_nonnull (again->signer_kiosk);
    g_clear_pointer (&store, vt_store_close);
  }
  offices_clear (&o);
}

/* A bundle from before signatures (format 1) is still read, but imported
 * only when the clerk accepts that nothing proves where it comes from. */
static void
test_old_format (void)
{
  Offices o = { 0 };
  g_autoptr(VtBundle) bundle = make_bundle (2);
  g_autoptr(VtBundle) opened = NULL;
  g_autoptr(VtStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = write_to_bytes (bundle);
  g_autofree char *path = NULL;
  guint added = 0;

  offices_init (&o);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (bytes, NULL), "VENTANILLA-BUNDLE 1\n"));
  path = drive_file (&o, "old.vtbundle", bytes);
  store = empty_store (&o, "importer");

  g_assert_false (vt_bundle_import (store, path, "clerk", o.central, VT_BUNDLE_IMPORT_DEFAULT, NULL, NULL, NULL,
                                    &error));
  g_assert_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_UNSIGNED);
  g_assert_nonnull (strstr (error->message, "is not signed"));
  g_assert_nonnull (strstr (error->message, "--accept-unsigned"));
  g_clear_error (&error);

  g_assert_true (vt_bundle_import (store, path, "clerk", o.central, VT_BUNDLE_IMPORT_ACCEPT_UNSIGNED, &opened,
                                   &added, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 2);
  assert_same_bundle (bundle, opened);
  g_assert_null (opened->signer_key);
  g_assert_cmpint (opened->version, ==, 1);
  g_clear_pointer (&store, vt_store_close);
  offices_clear (&o);
}

/* A format this version does not know yet says to update. */
static void
test_newer_format (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("VENTANILLA-BUNDLE 3\nsomething new\n", 34);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtBundle) back = vt_bundle_open (bytes, "future.vtbundle", NULL, &error);

  g_assert_null (back);
  g_assert_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_VERSION);
  g_assert_nonnull (strstr (error->message, "reads version 2"));
}

/* The trusted kiosks' file: names with spaces and accents, comments; a
 * line that is not a name and a key is named by its line number. */
static void
test_trusted_kiosks_file (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("bundle-trust");
  g_autoptr(VtBundleKeys) keys = vt_bundle_keys_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *good = vt_test_write_file (dir, "good", "# municipality of San Martín\n\n"
                                              "  Oficina de Ñuñoa  AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=  \n"
                                              "kiosco-2 HyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4=\n");
  g_autofree char *bad = vt_test_write_file (dir, "bad", "kiosco-1 HyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4=\n"
                                             "kiosco-2 not-a-key\n");

  g_assert_true (vt_bundle_keys_load_trusted (keys, good, &error));
  g_assert_no_error (error);
  g_assert_false (vt_bundle_keys_load_trusted (keys, bad, &error));
  g_assert_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_KEYS);
  g_assert_nonnull (strstr (error->message, "bad:2:"));
  g_clear_error (&error);
  g_assert_false (vt_bundle_keys_load_trusted (keys, "/nonexistent/kiosks", &error));
  g_assert_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_KEYS);
  vt_test_rmdir_recursive (dir);
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
  g_test_add_func ("/vt/bundle/deep-manifest", test_deep_manifest);
  g_test_add_func ("/vt/bundle/brackets-in-strings", test_brackets_in_strings);
  g_test_add_func ("/vt/bundle/large-manifest", test_large_manifest);
  g_test_add_func ("/vt/bundle/import-checks-applications", test_import_checks_applications);
  g_test_add_func ("/vt/bundle/not-a-bundle", test_not_a_bundle);
  g_test_add_func ("/vt/bundle/write-to-dir", test_write_to_dir);
  g_test_add_func ("/vt/bundle/export-import", test_export_import);
  g_test_add_func ("/vt/bundle/import-damaged", test_import_damaged);
  g_test_add_func ("/vt/bundle/export-empty-queue", test_export_empty_queue);
  g_test_add_func ("/vt/bundle/signed-and-encrypted", test_signed_and_encrypted);
  g_test_add_func ("/vt/bundle/every-byte-flipped", test_every_byte_flipped);
  g_test_add_func ("/vt/bundle/unknown-kiosk", test_unknown_kiosk);
  g_test_add_func ("/vt/bundle/old-format", test_old_format);
  g_test_add_func ("/vt/bundle/newer-format", test_newer_format);
  g_test_add_func ("/vt/bundle/trusted-kiosks-file", test_trusted_kiosks_file);

  return g_test_run ();
}
