/* A field-office bundle: writing every unsent submission into one file,
 * and reading one back, checked whole before anything is trusted
 * (docs/BUNDLES.md).  The export and import between a bundle and the
 * store are in vt-bundle-store.c. */
#define G_LOG_DOMAIN "vt-bundle"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "vt-bundle-private.h"

G_DEFINE_QUARK (vt-bundle-error-quark, vt_bundle_error)

#define MAGIC          "VENTANILLA-BUNDLE"
#define FORMAT_NAME    "ventanilla-bundle"
#define MAX_LINE       512
#define SHA256_HEX_LEN 64

VtBundleFile *
vt_bundle_file_new (const char *name,
                    const char *content_type,
                    GBytes     *bytes)
{
  VtBundleFile *self = g_new0 (VtBundleFile, 1);

  self->name = g_strdup (name);
  self->content_type = g_strdup (content_type != NULL ? content_type : "application/octet-stream");
  self->bytes = g_bytes_ref (bytes);

  return self;
}

void
vt_bundle_file_free (VtBundleFile *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->content_type);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_free (self);
}

VtBundleItem *
vt_bundle_item_new (const char *instance_id,
                    const char *form_id,
                    const char *form_version,
                    const char *created,
                    GBytes     *xml)
{
  VtBundleItem *self = g_new0 (VtBundleItem, 1);

  self->instance_id = g_strdup (instance_id);
  self->form_id = g_strdup (form_id);
  self->form_version = g_strdup (form_version != NULL ? form_version : "");
  self->created = g_strdup (created);
  self->xml = g_bytes_ref (xml);
  self->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_bundle_file_free);

  return self;
}

void
vt_bundle_item_free (VtBundleItem *self)
{
  if (self == NULL)
    return;
  g_free (self->instance_id);
  g_free (self->form_id);
  g_free (self->form_version);
  g_free (self->created);
  g_clear_pointer (&self->xml, g_bytes_unref);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  g_free (self->reference_code);
  g_free (self->service_title);
  g_free (self->language);
  g_free (self->assisted_by);
  g_free (self);
}

VtBundle *
vt_bundle_new (const char *origin,
               GDateTime  *created)
{
  VtBundle *self = g_new0 (VtBundle, 1);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (created == NULL)
    created = now = g_date_time_new_now_utc ();
  utc = g_date_time_to_utc (created);

  self->version = VT_BUNDLE_FORMAT_VERSION;
  self->origin = g_strdup (origin != NULL ? origin : "");
  self->created = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_bundle_item_free);

  return self;
}

void
vt_bundle_free (VtBundle *self)
{
  if (self == NULL)
    return;
  g_free (self->origin);
  g_free (self->created);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_free (self->signer_key);
  g_free (self->signer_kiosk);
  g_free (self);
}

/* Part names are made up here, never taken from a file name, so they need
 * no escaping: s<i> is submission i's XML, s<i>a<j> its attachment j. */
static char *
part_name (guint item,
           guint attachment)
{
  if (attachment == 0)
    return g_strdup_printf ("s%u", item);
  return g_strdup_printf ("s%ua%u", item, attachment);
}

/* ---------------------------------------------------------------- writing */

typedef struct
{
  GOutputStream *out;
  GCancellable  *cancellable;
  GChecksum     *whole;
} Writer;

static gboolean
writer_put (Writer       *w,
            const void   *data,
            gsize         length,
            GError      **error)
{
  const guint8 *p = data;
  gsize left = length;

  /* GChecksum takes a gssize: feed it in slices that always fit. */
  while (left > 0)
    {
      gsize n = MIN (left, (gsize) G_MAXINT32);
      g_checksum_update (w->whole, p, (gssize) n);
      p += n;
      left -= n;
    }

  return g_output_stream_write_all (w->out, data, length, NULL, w->cancellable, error);
}

static gboolean
writer_printf (Writer      *w,
               GError     **error,
               const char  *format,
               ...) G_GNUC_PRINTF (3, 4);

static gboolean
writer_printf (Writer      *w,
               GError     **error,
               const char  *format,
               ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  return writer_put (w, text, strlen (text), error);
}

static char *
bytes_sha256 (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static void
add_part_member (JsonBuilder *builder,
                 const char  *part,
                 GBytes      *bytes)
{
  g_autofree char *sha = bytes_sha256 (bytes);

  json_builder_set_member_name (builder, "part");
  json_builder_add_string_value (builder, part);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, (gint64) g_bytes_get_size (bytes));
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, sha);
}

static void
add_optional_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static char *
build_manifest (VtBundle *self,
                gsize    *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guint64 total = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, FORMAT_NAME);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, VT_BUNDLE_FORMAT_VERSION);
  json_builder_set_member_name (builder, "origin");
  json_builder_add_string_value (builder, self->origin);
  json_builder_set_member_name (builder, "created");
  json_builder_add_string_value (builder, self->created);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, self->items->len);

  json_builder_set_member_name (builder, "submissions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->items->len; i++)
    {
      VtBundleItem *item = g_ptr_array_index (self->items, i);
      g_autofree char *xml_part = part_name (i + 1, 0);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "instanceID");
      json_builder_add_string_value (builder, item->instance_id);
      json_builder_set_member_name (builder, "formID");
      json_builder_add_string_value (builder, item->form_id);
      json_builder_set_member_name (builder, "formVersion");
      json_builder_add_string_value (builder, item->form_version);
      add_optional_string (builder, "created", item->created);
      add_optional_string (builder, "referenceCode", item->reference_code);
      add_optional_string (builder, "serviceTitle", item->service_title);
      add_optional_string (builder, "language", item->language);
      add_optional_string (builder, "assistedBy", item->assisted_by);

      json_builder_set_member_name (builder, "xml");
      json_builder_begin_object (builder);
      add_part_member (builder, xml_part, item->xml);
      json_builder_end_object (builder);
      total += g_bytes_get_size (item->xml);

      json_builder_set_member_name (builder, "attachments");
      json_builder_begin_array (builder);
      for (guint j = 0; j < item->attachments->len; j++)
        {
          VtBundleFile *file = g_ptr_array_index (item->attachments, j);
          g_autofree char *att_part = part_name (i + 1, j + 1);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, file->name);
          json_builder_set_member_name (builder, "contentType");
          json_builder_add_string_value (builder, file->content_type);
          add_part_member (builder, att_part, file->bytes);
          json_builder_end_object (builder);
          total += g_bytes_get_size (file->bytes);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "totalSize");
  json_builder_add_int_value (builder, (gint64) total);
  json_builder_end_object (builder);

  self->total_size = total;
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_data (generator, length);
}

static gboolean
write_part (Writer      *w,
            const char  *name,
            GBytes      *bytes,
            GError     **error)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return writer_printf (w, error, "part %s %" G_GSIZE_FORMAT "\n", name, size)
         && writer_put (w, data, size, error)
         && writer_put (w, "\n", 1, error);
}

gboolean
vt_bundle_write (VtBundle      *self,
                 GOutputStream *out,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GChecksum) whole = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *manifest = NULL;
  g_autofree char *manifest_sha = NULL;
  Writer w = { out, cancellable, whole };
  gsize manifest_len = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  manifest = build_manifest (self, &manifest_len);
  manifest_sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) manifest, manifest_len);

  if (!writer_printf (&w, error, "%s %d\n", MAGIC, VT_BUNDLE_FORMAT_VERSION)
      || !writer_printf (&w, error, "manifest %" G_GSIZE_FORMAT " %s\n", manifest_len, manifest_sha)
      || !writer_put (&w, manifest, manifest_len, error)
      || !writer_put (&w, "\n", 1, error))
    return FALSE;

  for (guint i = 0; i < self->items->len; i++)
    {
      VtBundleItem *item = g_ptr_array_index (self->items, i);
      g_autofree char *xml_part = part_name (i + 1, 0);

      if (!write_part (&w, xml_part, item->xml, error))
        return FALSE;
      for (guint j = 0; j < item->attachments->len; j++)
        {
          VtBundleFile *file = g_ptr_array_index (item->attachments, j);
          g_autofree char *att_part = part_name (i + 1, j + 1);

          if (!write_part (&w, att_part, file->bytes, error))
            return FALSE;
        }
    }

  /* The closing line is not part of what it checks. */
  {
    g_autofree char *end = g_strdup_printf ("end %s\n", g_checksum_get_string (whole));
    return g_output_stream_write_all (out, end, strlen (end), NULL, cancellable, error);
  }
}

char *
vt_bundle_make_file_name (const char *origin,
                          GDateTime  *created)
{
  g_autoptr(GString) slug = g_string_new (NULL);
  g_autofree char *ascii = NULL;
  g_autofree char *stamp = NULL;
  g_autoptr(GDateTime) utc = g_date_time_to_utc (created);

  /* File systems on USB drives (FAT) take few characters: keep letters,
   * digits and single dashes. */
  ascii = g_str_to_ascii (origin != NULL && origin[0] != '\0' ? origin : g_get_host_name (), "C");
  for (const char *p = ascii; *p != '\0' && slug->len < 40; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0)
    g_string_append (slug, "kiosk");

  stamp = g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
  return g_strdup_printf ("ventanilla-%s-%s.vtbundle", slug->str, stamp);
}

static gboolean
sync_path (const char  *path,
           gboolean     directory,
           GError     **error)
{
  int fd = g_open (path, O_RDONLY | (directory ? O_DIRECTORY : 0), 0);
  int saved;

  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_IO,
                   _("Could not open “%s” to finish writing: %s"), path, g_strerror (saved));
      return FALSE;
    }
  if (fsync (fd) != 0 && !directory)
    {
      saved = errno;
      close (fd);
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_IO,
                   _("Could not write “%s” to the drive: %s. Check that the drive is not full or removed, then export again."),
                   path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

char *
vt_bundle_write_to_dir (VtBundle      *self,
                        const char    *dir,
                        VtBundleKeys  *keys,
                        GError       **error)
{
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *final_path = NULL;
  g_autoptr(GFile) tmp_file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (dir != NULL, NULL);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_IO,
                   _("“%s” is not a folder; name an existing folder (for example the USB drive's) to write the bundle into"),
                   dir);
      return NULL;
    }

  created = g_date_time_new_from_iso8601 (self->created, NULL);
  if (created == NULL)
    created = g_date_time_new_now_utc ();
  base = vt_bundle_make_file_name (self->origin, created);
  tmp_path = g_strdup_printf ("%s/.%s.partial", dir, base);

  tmp_file = g_file_new_for_path (tmp_path);
  out = g_file_replace (tmp_file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, &local_error);
  if (out == NULL)
    {
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_IO,
                   _("Could not create a file in “%s”: %s. Check that the drive is writable and not full."),
                   dir, local_error->message);
      return NULL;
    }

  if (!vt_bundle_write_signed (self, keys, G_OUTPUT_STREAM (out), NULL, &local_error)
      || !g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &local_error))
    {
      g_file_delete (tmp_file, NULL, NULL);
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_IO,
                   _("Could not write the bundle into “%s”: %s. Check that the drive is not full or removed, then export again."),
                   dir, local_error->message);
      return NULL;
    }

  if (!sync_path (tmp_path, FALSE, error))
    {
      g_file_delete (tmp_file, NULL, NULL);
      return NULL;
    }

  /* Two exports in the same second get distinct names. */
  final_path = g_build_filename (dir, base, NULL);
  for (guint n = 2; g_file_test (final_path, G_FILE_TEST_EXISTS) && n < 1000; n++)
    {
      g_autofree char *stem = g_strndup (base, strlen (base) - strlen (".vtbundle"));
      g_autofree char *name = g_strdup_printf ("%s-%u.vtbundle", stem, n);
      g_free (final_path);
      final_path = g_build_filename (dir, name, NULL);
    }

  if (g_rename (tmp_path, final_path) != 0)
    {
      int saved = errno;
      g_file_delete (tmp_file, NULL, NULL);
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_IO,
                   _("Could not name the bundle “%s”: %s"), final_path, g_strerror (saved));
      return NULL;
    }
  /* Directory fsync is not supported everywhere (some FAT drivers); the
   * file's own data is already synced. */
  sync_path (dir, TRUE, NULL);

  return g_steal_pointer (&final_path);
}

/* ---------------------------------------------------------------- reading */

void
vt_bundle_reader_truncated (VtBundleReader  *r,
                            GError         **error)
{
  g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_TRUNCATED,
               _("The bundle “%s” is incomplete: it ends after %zu bytes, before its last part "
                 "(the copy was probably interrupted or the drive removed too early). Nothing was imported. "
                 "Copy the bundle again from the kiosk that made it, and eject the drive safely before removing it."),
               r->display_name, (size_t) r->length);
}

void
vt_bundle_reader_damaged (VtBundleReader  *r,
                          GError         **error,
                          const char      *what)
{
  g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_DAMAGED,
               _("The bundle “%s” is damaged (%s). Nothing was imported. Export a new bundle on the kiosk "
                 "that made it (its applications are still in its queue) and import that one."),
               r->display_name, what);
}

void
vt_bundle_reader_newer (VtBundleReader  *r,
                        GError         **error,
                        guint64          version,
                        int              known)
{
  g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_VERSION,
               _("The bundle “%s” has format version %lld, which this version of Ventanilla "
                 "does not read (it reads version %d). Nothing was imported. Update Ventanilla on this "
                 "machine, then import the bundle again."),
               r->display_name, (long long) version, known);
}

char *
vt_bundle_reader_line (VtBundleReader  *r,
                       GError         **error)
{
  gsize avail = r->length - r->pos;
  gsize scan = MIN (avail, (gsize) MAX_LINE);
  const guint8 *nl = memchr (r->data + r->pos, '\n', scan);
  char *line;

  if (nl == NULL)
    {
      if (avail < MAX_LINE)
        vt_bundle_reader_truncated (r, error);
      else
        vt_bundle_reader_damaged (r, error, _("a part header is unreadable"));
      return NULL;
    }

  line = g_strndup ((const char *) r->data + r->pos, nl - (r->data + r->pos));
  r->pos = (nl - r->data) + 1;
  return line;
}

static gboolean
parse_size (const char *text,
            guint64     max,
            guint64    *out)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, max, &value, NULL))
    return FALSE;
  *out = value;
  return TRUE;
}

static gboolean
is_sha256_hex (const char *text)
{
  if (text == NULL || strlen (text) != SHA256_HEX_LEN)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

/* Takes length bytes and the newline after them. */
static GBytes *
reader_take (VtBundleReader  *r,
             GBytes          *whole,
             gsize            length,
             GError         **error)
{
  GBytes *bytes;

  if (r->length - r->pos < length + 1)
    {
      vt_bundle_reader_truncated (r, error);
      return NULL;
    }
  if (r->data[r->pos + length] != '\n')
    {
      vt_bundle_reader_damaged (r, error, _("a part is longer than its header says"));
      return NULL;
    }
  bytes = g_bytes_new_from_bytes (whole, r->pos, length);
  r->pos += length + 1;
  return bytes;
}

/* Manifest access that never trusts the file's types. */
static const char *
member_string (JsonObject *object,
               const char *name,
               gboolean    nullable)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return NULL;
  if (nullable && JSON_NODE_HOLDS_NULL (node))
    return "";
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
member_int (JsonObject *object,
            const char *name,
            gint64     *out)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

typedef struct
{
  char    *part;
  guint64  size;
  char    *sha256;
} ExpectedPart;

static void
expected_part_free (ExpectedPart *self)
{
  g_free (self->part);
  g_free (self->sha256);
  g_free (self);
}

static gboolean
read_part_ref (JsonObject      *object,
               const char      *expected_name,
               GPtrArray       *expected,
               VtBundleReader  *r,
               GError         **error)
{
  const char *part = member_string (object, "part", FALSE);
  const char *sha = member_string (object, "sha256", FALSE);
  gint64 size = -1;
  ExpectedPart *ep;

  if (part == NULL || !g_str_equal (part, expected_name))
    {
      vt_bundle_reader_damaged (r, error, _("the manifest names its parts out of order"));
      return FALSE;
    }
  if (!member_int (object, "size", &size) || size < 0 || (guint64) size > VT_BUNDLE_MAX_PART_SIZE)
    {
      vt_bundle_reader_damaged (r, error, _("the manifest gives a part an impossible size"));
      return FALSE;
    }
  if (!is_sha256_hex (sha))
    {
      vt_bundle_reader_damaged (r, error, _("the manifest gives a part a malformed checksum"));
      return FALSE;
    }

  ep = g_new0 (ExpectedPart, 1);
  ep->part = g_strdup (part);
  ep->size = (guint64) size;
  ep->sha256 = g_strdup (sha);
  g_ptr_array_add (expected, ep);
  return TRUE;
}

/* One application of the manifest's list (the i-th): its fields, its
 * receipt's and its parts' references, which go to expected and *sum. */
static gboolean
read_manifest_item (VtBundleReader  *r,
                    JsonNode        *node,
                    guint            i,
                    VtBundle        *bundle,
                    GPtrArray       *expected,
                    GHashTable      *seen,
                    guint64         *sum,
                    GError         **error)
{
  JsonObject *sub = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *instance_id = sub ? member_string (sub, "instanceID", FALSE) : NULL;
  const char *form_id = sub ? member_string (sub, "formID", FALSE) : NULL;
  const char *form_version = sub ? member_string (sub, "formVersion", FALSE) : NULL;
  const char *sub_created = sub ? member_string (sub, "created", TRUE) : NULL;
  JsonObject *xml = sub ? member_object (sub, "xml") : NULL;
  JsonArray *atts = sub ? member_array (sub, "attachments") : NULL;
  g_autofree char *xml_part = part_name (i + 1, 0);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  VtBundleItem *item;

  if (instance_id == NULL || instance_id[0] == '\0' || strlen (instance_id) > 256
      || form_id == NULL || form_id[0] == '\0' || form_version == NULL || sub_created == NULL
      || xml == NULL || atts == NULL)
    {
      vt_bundle_reader_damaged (r, error, _("an application in the manifest lacks a required field"));
      return FALSE;
    }
  if (!g_hash_table_add (seen, (gpointer) instance_id))
    {
      vt_bundle_reader_damaged (r, error, _("the manifest lists the same application twice"));
      return FALSE;
    }
  if (json_array_get_length (atts) > VT_BUNDLE_MAX_ATTACHMENTS)
    {
      vt_bundle_reader_damaged (r, error, _("an application in the manifest has too many attachments"));
      return FALSE;
    }
  if (!read_part_ref (xml, xml_part, expected, r, error))
    return FALSE;
  *sum += ((ExpectedPart *) g_ptr_array_index (expected, expected->len - 1))->size;

  item = vt_bundle_item_new (instance_id, form_id, form_version,
                             sub_created[0] != '\0' ? sub_created : NULL, empty);
  g_ptr_array_add (bundle->items, item);
  {
    const char *fields[] = { "referenceCode", "serviceTitle", "language", "assistedBy" };
    char **targets[] = { &item->reference_code, &item->service_title, &item->language, &item->assisted_by };

    for (guint n = 0; n < G_N_ELEMENTS (fields); n++)
      {
        const char *value = json_object_has_member (sub, fields[n])
                            ? member_string (sub, fields[n], TRUE) : "";

        if (value == NULL || strlen (value) > 1024)
          {
            vt_bundle_reader_damaged (r, error, _("an application in the manifest has a malformed field"));
            return FALSE;
          }
        *targets[n] = value[0] != '\0' ? g_strdup (value) : NULL;
      }
  }

  for (guint j = 0; j < json_array_get_length (atts); j++)
    {
      JsonNode *anode = json_array_get_element (atts, j);
      JsonObject *att = JSON_NODE_HOLDS_OBJECT (anode) ? json_node_get_object (anode) : NULL;
      const char *name = att ? member_string (att, "name", FALSE) : NULL;
      const char *content_type = att ? member_string (att, "contentType", FALSE) : NULL;
      g_autofree char *att_part = part_name (i + 1, j + 1);

      if (att == NULL || !vt_attachment_name_is_valid (name) || content_type == NULL)
        {
          vt_bundle_reader_damaged (r, error, _("an attachment in the manifest has no valid name"));
          return FALSE;
        }
      if (!read_part_ref (att, att_part, expected, r, error))
        return FALSE;
      *sum += ((ExpectedPart *) g_ptr_array_index (expected, expected->len - 1))->size;
      g_ptr_array_add (item->attachments, vt_bundle_file_new (name, content_type, empty));
    }
  return TRUE;
}

/* Checks the manifest's structure and fills bundle's items without their
 * bytes; expected receives every part in the order the file must hold. */
static gboolean
read_manifest (VtBundleReader  *r,
               JsonNode        *root,
               VtBundle        *bundle,
               GPtrArray       *expected,
               GError         **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *top;
  JsonArray *subs;
  const char *format;
  const char *origin;
  const char *created;
  gint64 version = 0;
  gint64 count = -1;
  gint64 total = -1;
  guint64 sum = 0;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      vt_bundle_reader_damaged (r, error, _("the manifest is not a JSON object"));
      return FALSE;
    }
  top = json_node_get_object (root);

  format = member_string (top, "format", FALSE);
  if (format == NULL || !g_str_equal (format, FORMAT_NAME) || !member_int (top, "version", &version))
    {
      vt_bundle_reader_damaged (r, error, _("the manifest does not describe a Ventanilla bundle"));
      return FALSE;
    }
  if (version != VT_BUNDLE_FORMAT_VERSION)
    {
      vt_bundle_reader_newer (r, error, version, VT_BUNDLE_FORMAT_VERSION);
      return FALSE;
    }

  origin = member_string (top, "origin", FALSE);
  created = member_string (top, "created", FALSE);
  subs = member_array (top, "submissions");
  if (origin == NULL || created == NULL || subs == NULL
      || !member_int (top, "count", &count) || !member_int (top, "totalSize", &total))
    {
      vt_bundle_reader_damaged (r, error, _("the manifest lacks a required field"));
      return FALSE;
    }
  if (count != json_array_get_length (subs) || count > VT_BUNDLE_MAX_SUBMISSIONS)
    {
      vt_bundle_reader_damaged (r, error, _("the manifest's count of applications does not match its list"));
      return FALSE;
    }

  g_free (bundle->origin);
  bundle->origin = g_strdup (origin);
  g_free (bundle->created);
  bundle->created = g_strdup (created);

  for (guint i = 0; i < json_array_get_length (subs); i++)
    if (!read_manifest_item (r, json_array_get_element (subs, i), i, bundle, expected, seen, &sum, error))
      return FALSE;

  if ((guint64) total != sum)
    {
      vt_bundle_reader_damaged (r, error, _("the manifest's total size does not match its parts"));
      return FALSE;
    }
  bundle->total_size = sum;

  return TRUE;
}

/* The parts, in the manifest's order, each checked against it and put in
 * its item. */
static gboolean
read_parts (VtBundleReader  *r,
            GBytes          *data,
            VtBundle        *bundle,
            GPtrArray       *expected,
            GError         **error)
{
  g_autofree char *line = NULL;
  g_auto(GStrv) words = NULL;
  guint k = 0;

  for (guint i = 0; i < bundle->items->len; i++)
    {
      VtBundleItem *item = g_ptr_array_index (bundle->items, i);

      for (guint j = 0; j <= item->attachments->len; j++, k++)
        {
          ExpectedPart *ep = g_ptr_array_index (expected, k);
          g_autoptr(GBytes) bytes = NULL;
          g_autofree char *sha = NULL;
          guint64 size = 0;

          g_clear_pointer (&line, g_free);
          line = vt_bundle_reader_line (r, error);
          if (line == NULL)
            return FALSE;
          words = g_strsplit (line, " ", 0);
          if (g_strv_length (words) != 3 || !g_str_equal (words[0], "part")
              || !g_str_equal (words[1], ep->part)
              || !parse_size (words[2], VT_BUNDLE_MAX_PART_SIZE, &size))
            {
              vt_bundle_reader_damaged (r, error, _("a part header does not match the manifest"));
              return FALSE;
            }
          g_clear_pointer (&words, g_strfreev);
          if (size != ep->size)
            {
              vt_bundle_reader_damaged (r, error, _("a part's size does not match the manifest"));
              return FALSE;
            }

          bytes = reader_take (r, data, size, error);
          if (bytes == NULL)
            return FALSE;
          sha = bytes_sha256 (bytes);
          if (!g_str_equal (sha, ep->sha256))
            {
              vt_bundle_reader_damaged (r, error, _("an application's checksum does not match: its content has changed"));
              return FALSE;
            }

          if (j == 0)
            {
              g_bytes_unref (item->xml);
              item->xml = g_steal_pointer (&bytes);
            }
          else
            {
              VtBundleFile *file = g_ptr_array_index (item->attachments, j - 1);
              g_bytes_unref (file->bytes);
              file->bytes = g_steal_pointer (&bytes);
            }
        }
    }

  return TRUE;
}

/* The closing line: the checksum of everything before it, and nothing
 * after. */
static gboolean
read_end (VtBundleReader  *r,
          GError         **error)
{
  g_autofree char *line = NULL;
  g_autofree char *whole_sha = NULL;
  gsize end_at = r->pos;

  line = vt_bundle_reader_line (r, error);
  if (line == NULL)
    return FALSE;
  if (!g_str_has_prefix (line, "end ") || !is_sha256_hex (line + 4))
    {
      vt_bundle_reader_damaged (r, error, _("the closing checksum is missing"));
      return FALSE;
    }
  whole_sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, r->data, end_at);
  if (!g_str_equal (whole_sha, line + 4))
    {
      vt_bundle_reader_damaged (r, error, _("the closing checksum does not match"));
      return FALSE;
    }
  if (r->pos != r->length)
    {
      vt_bundle_reader_damaged (r, error, _("there is unexpected data after its end"));
      return FALSE;
    }
  return TRUE;
}

/* The deepest nesting of arrays and objects in a JSON text, counting
 * brackets outside strings, so a hostile manifest (100,000 "[") is refused
 * before json-glib, which recurses once per level, sees it.  Stops counting
 * past limit. */
static guint
json_nesting_depth (const char *text,
                    gsize       length,
                    guint       limit)
{
  gboolean in_string = FALSE;
  guint depth = 0;
  guint deepest = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          deepest = MAX (deepest, ++depth);
          if (deepest > limit)
            return deepest;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return deepest;
}

VtBundle *
vt_bundle_parse (GBytes      *data,
                 const char  *display_name,
                 GError     **error)
{
  g_autoptr(VtBundle) bundle = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func ((GDestroyNotify) expected_part_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) manifest = NULL;
  g_autoptr(GError) json_error = NULL;
  g_auto(GStrv) words = NULL;
  g_autofree char *line = NULL;
  g_autofree char *manifest_sha = NULL;
  VtBundleReader r = { 0 };
  guint64 manifest_len = 0;
  guint64 version = 0;

  g_return_val_if_fail (data != NULL, NULL);

  r.data = g_bytes_get_data (data, &r.length);
  r.display_name = display_name != NULL ? display_name : "";

  /* A file that is a strict prefix of the magic is a cut-short bundle;
   * anything else that does not start with it is some other file. */
  if (r.length < strlen (MAGIC) + 1)
    {
      if (r.length == 0 || memcmp (r.data, MAGIC, r.length) == 0)
        {
          vt_bundle_reader_truncated (&r, error);
          return NULL;
        }
    }
  if (r.length < strlen (MAGIC) + 1 || memcmp (r.data, MAGIC " ", strlen (MAGIC) + 1) != 0)
    {
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_NOT_A_BUNDLE,
                   _("“%s” is not a Ventanilla bundle. Bundles end in .vtbundle and are made with "
                     "“ventanilla-ctl export” or the clerk dashboard. Nothing was imported."),
                   r.display_name);
      return NULL;
    }

  line = vt_bundle_reader_line (&r, error);
  if (line == NULL)
    return NULL;
  if (!parse_size (line + strlen (MAGIC) + 1, G_MAXINT, &version))
    {
      vt_bundle_reader_damaged (&r, error, _("its first line is unreadable"));
      return NULL;
    }
  if (version != VT_BUNDLE_FORMAT_VERSION)
    {
      vt_bundle_reader_newer (&r, error, version, VT_BUNDLE_FORMAT_VERSION);
      return NULL;
    }

  g_clear_pointer (&line, g_free);
  line = vt_bundle_reader_line (&r, error);
  if (line == NULL)
    return NULL;
  words = g_strsplit (line, " ", 0);
  if (g_strv_length (words) != 3 || !g_str_equal (words[0], "manifest")
      || !parse_size (words[1], G_MAXUINT64, &manifest_len)
      || !is_sha256_hex (words[2]))
    {
      vt_bundle_reader_damaged (&r, error, _("the manifest header is unreadable"));
      return NULL;
    }
  if (manifest_len > VT_BUNDLE_MAX_MANIFEST_SIZE)
    {
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_TOO_LARGE,
                   _("The bundle “%s” has a list of applications (its manifest) larger than %d MiB, more "
                     "than this machine reads. Nothing was imported. Export smaller bundles on the kiosk "
                     "that made it (send part of the queue first) and import those."),
                   r.display_name, VT_BUNDLE_MAX_MANIFEST_SIZE / (1024 * 1024));
      return NULL;
    }
  manifest_sha = g_strdup (words[2]);
  g_clear_pointer (&words, g_strfreev);

  manifest = reader_take (&r, data, manifest_len, error);
  if (manifest == NULL)
    return NULL;
  {
    g_autofree char *sha = bytes_sha256 (manifest);
    if (!g_str_equal (sha, manifest_sha))
      {
        vt_bundle_reader_damaged (&r, error, _("the manifest's checksum does not match"));
        return NULL;
      }
  }

  if (json_nesting_depth (g_bytes_get_data (manifest, NULL), g_bytes_get_size (manifest),
                          VT_BUNDLE_MAX_MANIFEST_DEPTH) > VT_BUNDLE_MAX_MANIFEST_DEPTH)
    {
      g_autofree char *what = g_strdup_printf (_("its manifest is nested deeper than %d levels"),
                                               VT_BUNDLE_MAX_MANIFEST_DEPTH);
      vt_bundle_reader_damaged (&r, error, what);
      return NULL;
    }

  if (!json_parser_load_from_data (parser, g_bytes_get_data (manifest, NULL),
                                   (gssize) g_bytes_get_size (manifest), &json_error)
      || json_parser_get_root (parser) == NULL)
    {
      vt_bundle_reader_damaged (&r, error, _("the manifest is not valid JSON"));
      return NULL;
    }

  bundle = vt_bundle_new (NULL, NULL);
  if (!read_manifest (&r, json_parser_get_root (parser), bundle, expected, error))
    return NULL;

  if (!read_parts (&r, data, bundle, expected, error) || !read_end (&r, error))
    return NULL;

  return g_steal_pointer (&bundle);
}

VtBundle *
vt_bundle_load (const char    *path,
                VtBundleKeys  *keys,
                GError       **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *display = NULL;
  gsize length = 0;
  GBytes *bytes;
  VtBundle *bundle;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);
  file = g_file_new_for_path (path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_IO,
                   _("Could not open the bundle “%s”: %s. Check the name and that the drive is mounted."),
                   display, local_error->message);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_NOT_A_BUNDLE,
                   _("“%s” is not a file; name the .vtbundle file itself."), display);
      return NULL;
    }
  if (g_file_info_get_size (info) > VT_BUNDLE_MAX_SIZE)
    {
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_TOO_LARGE,
                   _("The bundle “%s” is larger than %d MiB, more than this machine imports at once. "
                     "Nothing was imported. Export smaller bundles (send part of the queue first)."),
                   display, (int) (VT_BUNDLE_MAX_SIZE / (1024 * 1024)));
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_IO,
                   _("Could not read the bundle “%s”: %s. Copy it again from the drive."),
                   display, local_error->message);
      return NULL;
    }

  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  bundle = vt_bundle_open (bytes, display, keys, error);
  g_bytes_unref (bytes);
  return bundle;
}
