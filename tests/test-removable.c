#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "vt-image.h"
#include "vt-removable.h"
#include "vt-test-utils.h"

/* USB sticks, with a directory standing in for the mounts: only files of
 * the kinds and size a question takes are offered, nothing outside the
 * stick, a file's kind is checked from its bytes, a stick pulled out while
 * a file is read says so, and an unmounted stick is gone until it is
 * plugged in again. */

#define MAX_SIZE (1024 * 1024)

typedef struct
{
  char        *dir;       /* the stand-in for /media */
  char        *stick;     /* one drive in it */
  VtRemovable *removable;
  guint        changes;
} Fixture;

static GBytes *
jpeg_bytes (int width)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, width);
  g_autoptr(GError) error = NULL;
  GBytes *jpeg;

  gdk_pixbuf_fill (pixbuf, 0x336699ff);
  jpeg = vt_image_encode_jpeg (pixbuf, 0, &error);
  g_assert_no_error (error);
  return jpeg;
}

static void
put (const char *dir,
     const char *name,
     GBytes     *bytes)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (parent, 0700);
  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
}

static void
changed_cb (VtRemovable *removable,
            Fixture     *f)
{
  f->changes++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = vt_test_make_tmpdir ("removable");
  f->stick = g_build_filename (f->dir, "KINGSTON", NULL);
  f->removable = vt_removable_new (f->dir);
  g_signal_connect (f->removable, "changed", G_CALLBACK (changed_cb), f);
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gpointer weak = f->removable;
  guint tick;

  /* A worker thread lets go of its task just after the task's answer was
   * delivered; the main loop wakes now and then to see it. */
  g_object_add_weak_pointer (G_OBJECT (f->removable), &weak);
  g_object_unref (f->removable);
  tick = g_timeout_add (10, tick_cb, NULL);
  vt_test_wait_until (is_null, &weak, 10000, "the drives' watcher to be freed");
  g_source_remove (tick);
  vt_test_rmdir_recursive (f->dir);
  g_free (f->stick);
  g_free (f->dir);
}

static gboolean
has_drives (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GPtrArray) drives = vt_removable_list_drives (f->removable);

  return drives->len > 0;
}

static gboolean
has_no_drives (gpointer data)
{
  return !has_drives (data);
}

static void
plug_in (Fixture *f)
{
  g_assert_cmpint (g_mkdir (f->stick, 0700), ==, 0);
  vt_test_wait_until (has_drives, f, 10000, "the stick to be seen");
}

typedef struct
{
  gboolean            done;
  VtRemovableListing *listing;
  GBytes             *bytes;
  char               *content_type;
  GError             *error;
  gboolean            ejected;
} Result;

static gboolean
is_done (gpointer data)
{
  return ((Result *) data)->done;
}

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->listing, vt_removable_listing_free);
  g_clear_pointer (&r->bytes, g_bytes_unref);
  g_clear_pointer (&r->content_type, g_free);
  g_clear_error (&r->error);
  r->done = FALSE;
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Result *r = data;

  r->listing = vt_removable_list_files_finish (VT_REMOVABLE (source), result, &r->error);
  r->done = TRUE;
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Result *r = data;

  r->bytes = vt_removable_read_finish (VT_REMOVABLE (source), result, &r->content_type, &r->error);
  r->done = TRUE;
}

static void
ejected_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Result *r = data;

  r->ejected = vt_removable_eject_finish (VT_REMOVABLE (source), result, &r->error);
  r->done = TRUE;
}

static char *
drive_id (Fixture *f)
{
  g_autoptr(GPtrArray) drives = vt_removable_list_drives (f->removable);
  VtRemovableDrive *d;

  g_assert_cmpuint (drives->len, ==, 1);
  d = g_ptr_array_index (drives, 0);
  g_assert_cmpstr (d->name, ==, "KINGSTON");
  return g_strdup (d->id);
}

static void
list (Fixture    *f,
      const char *mediatype,
      Result     *r)
{
  g_autofree char *id = drive_id (f);

  result_clear (r);
  vt_removable_list_files_async (f->removable, id, mediatype, MAX_SIZE, NULL, listed_cb, r);
  vt_test_wait_until (is_done, r, 10000, "the listing");
  g_assert_no_error (r->error);
}

static const char *
names (GPtrArray *files)
{
  static char buffer[512];
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < files->len; i++)
    {
      VtRemovableFile *file = g_ptr_array_index (files, i);

      g_string_append_printf (s, "%s%s%s%s", i > 0 ? " " : "", file->folder,
                              file->folder[0] != '\0' ? "/" : "", file->name);
    }
  g_strlcpy (buffer, s->str, sizeof buffer);
  g_string_free (s, TRUE);
  return buffer;
}

static void
test_listing (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GBytes) photo = jpeg_bytes (64);
  g_autoptr(GBytes) big = g_bytes_new_take (g_malloc0 (MAX_SIZE + 1), MAX_SIZE + 1);
  static const char pdf_text[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n";
  g_autoptr(GBytes) pdf = g_bytes_new_static (pdf_text, sizeof pdf_text - 1);
  g_autoptr(GBytes) text = g_bytes_new_static ("hello\n", 6);
  g_autofree char *link = NULL;
  Result r = { 0 };

  plug_in (f);
  g_assert_cmpuint (f->changes, >=, 1);
  put (f->stick, "photo.jpg", photo);
  put (f->stick, "Documentos/recibo de luz.pdf", pdf);
  put (f->stick, "Documentos/cedula.JPG", photo);
  put (f->stick, "big.jpg", big);
  put (f->stick, "notes.txt", text);
  put (f->stick, "setup.exe", text);
  put (f->stick, ".hidden.jpg", photo);
  put (f->stick, ".Trash-1000/files/deleted.jpg", photo);
  put (f->stick, "a/b/c/too-deep.jpg", photo);
  put (f->stick, "a/b/deep-enough.jpg", photo);
  /* A link out of the stick is never followed. */
  link = g_build_filename (f->stick, "passwords.jpg", NULL);
  g_assert_cmpint (symlink ("/etc/passwd", link), ==, 0);

  list (f, "image/*", &r);
  g_assert_cmpuint (r.listing->files->len, ==, 3);
  g_assert_cmpuint (r.listing->too_large, ==, 1);
  g_assert_cmpstr (names (r.listing->files), !=, "");
  g_assert_nonnull (strstr (names (r.listing->files), "photo.jpg"));
  g_assert_nonnull (strstr (names (r.listing->files), "Documentos/cedula.JPG"));
  g_assert_nonnull (strstr (names (r.listing->files), "a/b/deep-enough.jpg"));
  g_assert_null (strstr (names (r.listing->files), "pdf"));

  list (f, "application/pdf", &r);
  g_assert_cmpstr (names (r.listing->files), ==, "Documentos/recibo de luz.pdf");
  {
    VtRemovableFile *file = g_ptr_array_index (r.listing->files, 0);

    g_assert_cmpstr (file->content_type, ==, "application/pdf");
    g_assert_cmpint (file->size, ==, sizeof pdf_text - 1);
  }

  list (f, "*/*", &r);
  g_assert_cmpuint (r.listing->files->len, ==, 4);
  result_clear (&r);
}

static void
test_read (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GBytes) photo = jpeg_bytes (300);
  g_autoptr(GBytes) text = g_bytes_new_static ("This is not a picture, whatever its name says.\n", 47);
  g_autofree char *id = NULL;
  Result r = { 0 };

  plug_in (f);
  put (f->stick, "a.jpg", photo);
  put (f->stick, "b.jpg", text);
  id = drive_id (f);
  list (f, "image/*", &r);
  g_assert_cmpuint (r.listing->files->len, ==, 2);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(VtRemovableFile) file = vt_removable_file_copy (g_ptr_array_index (r.listing->files, i));
      Result read = { 0 };

      vt_removable_read_async (f->removable, id, file, "image/*", MAX_SIZE, NULL, read_cb, &read);
      vt_test_wait_until (is_done, &read, 10000, "the file");
      if (g_str_equal (file->name, "a.jpg"))
        {
          /* Byte for byte what the stick holds. */
          g_assert_no_error (read.error);
          g_assert_cmpstr (read.content_type, ==, "image/jpeg");
          g_assert_true (g_bytes_equal (read.bytes, photo));
          g_assert_cmpfloat (vt_removable_get_progress (f->removable), ==, 1.0);
        }
      else
        {
          g_assert_error (read.error, VT_REMOVABLE_ERROR, VT_REMOVABLE_ERROR_WRONG_TYPE);
          g_assert_null (read.bytes);
        }
      result_clear (&read);
    }
  result_clear (&r);
}

typedef struct
{
  Fixture *f;
  gboolean pulled;
} Puller;

static void
pull_out_cb (VtRemovable *removable,
             GParamSpec  *pspec,
             Puller      *p)
{
  if (p->pulled || vt_removable_get_progress (removable) <= 0)
    return;
  /* Out it comes, a quarter of the way into the file. */
  vt_test_rmdir_recursive (p->f->stick);
  p->pulled = TRUE;
}

static void
test_pulled_mid_copy (Fixture       *f,
                      gconstpointer  data)
{
  /* Four chunks' worth of picture. */
  gsize size = 4 * 1024 * 1024;
  guint8 *junk = g_malloc (size);
  g_autoptr(GBytes) photo = jpeg_bytes (64);
  g_autoptr(GBytes) large = NULL;
  g_autofree char *id = NULL;
  Puller puller = { f, FALSE };
  Result r = { 0 };
  Result read = { 0 };

  memset (junk, 0x55, size);
  memcpy (junk, g_bytes_get_data (photo, NULL), g_bytes_get_size (photo));
  large = g_bytes_new_take (junk, size);

  plug_in (f);
  put (f->stick, "large.jpg", large);
  id = drive_id (f);
  result_clear (&r);
  vt_removable_list_files_async (f->removable, id, "image/*", 8 * size, NULL, listed_cb, &r);
  vt_test_wait_until (is_done, &r, 10000, "the listing");
  g_assert_cmpuint (r.listing->files->len, ==, 1);

  g_signal_connect (f->removable, "notify::progress", G_CALLBACK (pull_out_cb), &puller);
  vt_removable_read_async (f->removable, id, g_ptr_array_index (r.listing->files, 0), "image/*",
                           8 * size, NULL, read_cb, &read);
  vt_test_wait_until (is_done, &read, 10000, "the interrupted copy");
  g_assert_true (puller.pulled);
  g_assert_error (read.error, VT_REMOVABLE_ERROR, VT_REMOVABLE_ERROR_REMOVED);
  g_assert_nonnull (strstr (read.error->message, "taken out"));
  g_assert_null (read.bytes);
  vt_test_wait_until (has_no_drives, f, 10000, "the stick to be gone");
  g_signal_handlers_disconnect_by_data (f->removable, &puller);
  result_clear (&read);
  result_clear (&r);
}

static void
test_grew_too_large (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GBytes) photo = jpeg_bytes (64);
  g_autoptr(GBytes) big = g_bytes_new_take (g_malloc0 (MAX_SIZE + 10), MAX_SIZE + 10);
  g_autofree char *id = NULL;
  Result r = { 0 };
  Result read = { 0 };

  plug_in (f);
  put (f->stick, "x.jpg", photo);
  id = drive_id (f);
  list (f, "image/*", &r);
  /* Replaced by something larger between the listing and the choice. */
  put (f->stick, "x.jpg", big);
  vt_removable_read_async (f->removable, id, g_ptr_array_index (r.listing->files, 0), "image/*",
                           MAX_SIZE, NULL, read_cb, &read);
  vt_test_wait_until (is_done, &read, 10000, "the refused file");
  g_assert_error (read.error, VT_REMOVABLE_ERROR, VT_REMOVABLE_ERROR_TOO_LARGE);
  result_clear (&read);
  result_clear (&r);
}

static void
test_eject (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *id = NULL;
  Result r = { 0 };

  plug_in (f);
  id = drive_id (f);
  vt_removable_eject_async (f->removable, id, NULL, ejected_cb, &r);
  vt_test_wait_until (is_done, &r, 10000, "the unmount");
  g_assert_no_error (r.error);
  g_assert_true (r.ejected);
  /* Unmounted: not offered any more, though it is still in the port. */
  g_assert_false (has_drives (f));
  g_assert_false (vt_removable_has_drive (f->removable, id));

  /* Taken out and plugged in again: offered again. */
  g_assert_cmpint (g_rmdir (f->stick), ==, 0);
  vt_test_wait_until (has_no_drives, f, 10000, "the stick taken out");
  plug_in (f);

  /* The idle wipe unmounts every stick. */
  vt_removable_eject_all (f->removable);
  g_assert_false (has_drives (f));
  result_clear (&r);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/vt/removable/listing", Fixture, NULL, fixture_set_up, test_listing, fixture_tear_down);
  g_test_add ("/vt/removable/read", Fixture, NULL, fixture_set_up, test_read, fixture_tear_down);
  g_test_add ("/vt/removable/pulled-mid-copy", Fixture, NULL, fixture_set_up, test_pulled_mid_copy, fixture_tear_down);
  g_test_add ("/vt/removable/grew-too-large", Fixture, NULL, fixture_set_up, test_grew_too_large, fixture_tear_down);
  g_test_add ("/vt/removable/eject", Fixture, NULL, fixture_set_up, test_eject, fixture_tear_down);

  return g_test_run ();
}
