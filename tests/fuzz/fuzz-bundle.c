/* Bundle import: a file from a USB drive, opened, verified and queued.
 *
 * Checksums and signatures stop a mutated bundle at the first check, so
 * the first byte chooses (modulo 4):
 *   0  the rest goes in as it is (the envelope's and format 1's parsers);
 *   1  the rest is first made consistent (each part's size and SHA-256 in
 *      the manifest, the manifest's own size and checksum, the closing
 *      checksum) wherever it is readable, and imported as an unsigned
 *      bundle the clerk accepted: the manifest's and the parts' checks,
 *      and the store behind them;
 *   2  the same, then signed by a kiosk the importer trusts;
 *   3  signed and encrypted for the importer's key. */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vt-bundle.h"
#include "vt-fuzz.h"
#include "vt-store.h"

#define MAX_BUNDLE (4 * 1024 * 1024)
/* The store is made again past this size, so hours of fuzzing stay in RAM. */
#define MAX_STORE_BYTES (64 * 1024 * 1024)

typedef struct
{
  const char *data;
  gsize       length;
  gsize       pos;
} Reader;

/* The next line without its \n, or NULL at the end. */
static char *
next_line (Reader *r)
{
  const char *end = memchr (r->data + r->pos, '\n', r->length - r->pos);
  char *line;

  if (end == NULL)
    return NULL;
  line = g_strndup (r->data + r->pos, (gsize) (end - (r->data + r->pos)));
  r->pos = (gsize) (end - r->data) + 1;
  return line;
}

static char *
sha256 (const char *data,
        gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
}

static void
fix_part_reference (JsonObject *reference,
                    GHashTable *parts)
{
  const char *name;
  GBytes *part;

  if (reference == NULL || !json_object_has_member (reference, "part"))
    return;
  name = json_object_get_string_member_with_default (reference, "part", NULL);
  part = name != NULL ? g_hash_table_lookup (parts, name) : NULL;
  if (part == NULL)
    return;
  {
    gsize length = 0;
    const char *data = g_bytes_get_data (part, &length);
    g_autofree char *sum = sha256 (data, length);

    json_object_set_int_member (reference, "size", (gint64) length);
    json_object_set_string_member (reference, "sha256", sum);
  }
}

static void
fix_manifest (JsonNode   *root,
              GHashTable *parts)
{
  JsonObject *manifest;
  JsonArray *submissions;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return;
  manifest = json_node_get_object (root);
  if (!json_object_has_member (manifest, "submissions") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (manifest, "submissions")))
    return;
  submissions = json_object_get_array_member (manifest, "submissions");
  for (guint i = 0; i < json_array_get_length (submissions); i++)
    {
      JsonNode *node = json_array_get_element (submissions, i);
      JsonObject *submission;
      JsonNode *xml, *attachments;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      submission = json_node_get_object (node);
      xml = json_object_get_member (submission, "xml");
      if (xml != NULL && JSON_NODE_HOLDS_OBJECT (xml))
        fix_part_reference (json_node_get_object (xml), parts);
      attachments = json_object_get_member (submission, "attachments");
      for (guint j = 0; attachments != NULL && JSON_NODE_HOLDS_ARRAY (attachments) &&
                        j < json_array_get_length (json_node_get_array (attachments)); j++)
        {
          JsonNode *attachment = json_array_get_element (json_node_get_array (attachments), j);

          if (JSON_NODE_HOLDS_OBJECT (attachment))
            fix_part_reference (json_node_get_object (attachment), parts);
        }
    }
}

/* The bundle with every checksum and size that can be recomputed put
 * right; the input as it is where its layout is unreadable. */
static GBytes *
make_consistent (const char *data,
                 gsize       length)
{
  Reader r = { data, length, 0 };
  g_autofree char *magic = next_line (&r);
  g_autofree char *header = NULL;
  g_auto(GStrv) words = NULL;
  g_autoptr(GHashTable) parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_bytes_unref);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = NULL;
  g_autofree char *manifest_text = NULL;
  g_autofree char *manifest_sum = NULL;
  g_autofree char *end_sum = NULL;
  GString *out;
  const char *manifest;
  guint64 manifest_length;
  gsize parts_start, parts_end;

  if (magic == NULL || (header = next_line (&r)) == NULL)
    return g_bytes_new (data, length);
  words = g_strsplit (header, " ", -1);
  if (g_strv_length (words) != 3 || !g_str_equal (words[0], "manifest"))
    return g_bytes_new (data, length);
  manifest_length = g_ascii_strtoull (words[1], NULL, 10);
  if (manifest_length > length - r.pos)
    return g_bytes_new (data, length);
  manifest = data + r.pos;
  r.pos += manifest_length;
  if (r.pos < length && data[r.pos] == '\n')
    r.pos++;

  /* The parts, by name, up to the end line. */
  parts_start = r.pos;
  parts_end = r.pos;
  for (;;)
    {
      gsize line_start = r.pos;
      g_autofree char *line = next_line (&r);
      g_auto(GStrv) part = NULL;
      guint64 part_length;

      if (line == NULL || g_str_has_prefix (line, "end "))
        {
          parts_end = line_start;
          break;
        }
      part = g_strsplit (line, " ", -1);
      if (g_strv_length (part) != 3 || !g_str_equal (part[0], "part"))
        return g_bytes_new (data, length);
      part_length = g_ascii_strtoull (part[2], NULL, 10);
      if (part_length > length - r.pos)
        return g_bytes_new (data, length);
      g_hash_table_replace (parts, g_strdup (part[1]), g_bytes_new (data + r.pos, (gsize) part_length));
      r.pos += part_length;
      if (r.pos < length && data[r.pos] == '\n')
        r.pos++;
    }

  if (json_parser_load_from_data (parser, manifest, (gssize) manifest_length, NULL) &&
      json_parser_get_root (parser) != NULL)
    {
      fix_manifest (json_parser_get_root (parser), parts);
      generator = json_generator_new ();
      json_generator_set_root (generator, json_parser_get_root (parser));
      manifest_text = json_generator_to_data (generator, NULL);
    }
  else
    manifest_text = g_strndup (manifest, manifest_length);

  out = g_string_new (magic);
  g_string_append_c (out, '\n');
  manifest_sum = sha256 (manifest_text, strlen (manifest_text));
  g_string_append_printf (out, "manifest %zu %s\n%s\n", strlen (manifest_text), manifest_sum, manifest_text);
  g_string_append_len (out, data + parts_start, (gssize) (parts_end - parts_start));
  end_sum = sha256 (out->str, out->len);
  g_string_append_printf (out, "end %s\n", end_sum);
  return g_string_free_to_bytes (out);
}

static VtStore *store;
static VtBundleKeys *keys;       /* the fuzz kiosk's, which the importer trusts, and the importer's */
static char *recipient;          /* the importer's public key */

static VtBundleKeys *
make_keys (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = g_build_filename (vt_fuzz_tmpdir (), "bundle.key", NULL);
  VtBundleKeys *made;
  g_autoptr(VtKioskKey) kiosk = NULL;

  recipient = vt_bundle_keys_make_recipient (secret, &error);
  g_assert_no_error (error);
  made = vt_bundle_keys_load (vt_fuzz_tmpdir (), NULL, secret, NULL, &error);
  g_assert_no_error (error);
  kiosk = vt_kiosk_key_load (vt_fuzz_tmpdir (), &error);
  g_assert_no_error (error);
  vt_bundle_keys_trust (made, "fuzz-kiosk", vt_kiosk_key_get_public (kiosk));
  return made;
}

/* Mode 2 and 3: what a kiosk would write for the (consistent) bundle, or
 * NULL when it is not one. */
static GBytes *
sign (GBytes   *consistent,
      gboolean  sealed)
{
  g_autoptr(VtBundle) bundle = vt_bundle_parse (consistent, "fuzz", NULL);
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(VtBundleKeys) signer = NULL;
  g_autoptr(GError) error = NULL;

  if (bundle == NULL)
    return NULL;
  out = g_memory_output_stream_new_resizable ();
  signer = vt_bundle_keys_load (vt_fuzz_tmpdir (), sealed ? recipient : NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vt_bundle_write_signed (bundle, signer, out, NULL, &error));
  g_assert_true (g_output_stream_close (out, NULL, &error));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static const char *const seed_forms[] = { "street_problem", "business_permit" };

static VtStore *
open_fresh_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (vt_fuzz_tmpdir (), "ventanilla.db", NULL);
  const char *suffixes[] = { "", "-wal", "-shm" };
  VtStore *fresh;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db, suffixes[i], NULL);

      g_unlink (path);
    }
  fresh = vt_store_open (vt_fuzz_tmpdir (), &error);
  g_assert_no_error (error);
  /* The seeds' forms, so their applications get as far as the queue. */
  for (guint i = 0; i < G_N_ELEMENTS (seed_forms); i++)
    {
      VtStoreForm form = {
        .form_id = (char *) seed_forms[i],
        .version = (char *) "2026112801",
        .xml = (char *) "<h:html xmlns:h=\"http://www.w3.org/1999/xhtml\"/>",
        .source = (char *) "server",
        .active = TRUE,
      };

      g_assert_true (vt_store_add_form (fresh, &form, &error));
    }
  return fresh;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bundle = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtBundle) opened = NULL;
  g_autofree char *path = NULL;
  guint added = 0, present = 0;
  guint mode;
  GStatBuf st;

  vt_fuzz_init ();
  if (size < 1 || size > MAX_BUNDLE)
    return 0;
  if (keys == NULL)
    keys = make_keys ();

  mode = data[0] % 4;
  bundle = mode == 0 ? g_bytes_new (data + 1, size - 1) : make_consistent ((const char *) data + 1, size - 1);
  if (mode >= 2)
    {
      g_autoptr(GBytes) consistent = g_steal_pointer (&bundle);

      bundle = sign (consistent, mode == 3);
      if (bundle == NULL)
        return 0;
    }

  /* As the clerk's import does it: from a file. */
  path = g_build_filename (vt_fuzz_tmpdir (), "drive.vtbundle", NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bundle, NULL),
                                      (gssize) g_bytes_get_size (bundle), NULL));
  if (store == NULL)
    store = open_fresh_store ();
  if (vt_bundle_import (store, path, "clerk:fuzz", keys,
                        mode == 2 || mode == 3 ? VT_BUNDLE_IMPORT_DEFAULT : VT_BUNDLE_IMPORT_ACCEPT_UNSIGNED,
                        &opened, &added, &present, &error))
    {
      /* Everything a bundle held is either new here or was already; one
       * the fuzz kiosk signed is known as its. */
      g_assert_cmpuint (added + present, ==, opened->items->len);
      if (mode >= 2)
        g_assert_cmpstr (opened->signer_kiosk, ==, "fuzz-kiosk");
      g_assert (opened->sealed == (mode == 3));
    }
  else
    {
      g_assert (error != NULL && error->message[0] != '\0');
      /* What this harness signed itself always opens. */
      g_assert (mode < 2 || !g_error_matches (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_FORGED));
    }

  if (g_stat (vt_store_get_path (store), &st) == 0 && st.st_size > MAX_STORE_BYTES)
    g_clear_pointer (&store, vt_store_close);
  return 0;
}
