#define G_LOG_DOMAIN "vt-form-media"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vt-form-media.h"

/* A file name a form, or a server's manifest, may give: one name, no
 * folders, nothing hidden. */
static gboolean
is_plain_name (const char *name)
{
  return name != NULL && name[0] != '\0' && name[0] != '.' && strchr (name, '/') == NULL &&
         strchr (name, '\\') == NULL;
}

/* The version as a folder name: what a server sends is not trusted to be one. */
static char *
version_folder (const char *version)
{
  if (version == NULL || version[0] == '\0')
    return g_strdup ("-");
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, version, -1);
}

static gboolean
same_bytes (const char *path,
            GBytes     *bytes)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  return length == g_bytes_get_size (bytes) && memcmp (contents, g_bytes_get_data (bytes, NULL), length) == 0;
}

char *
vt_form_media_write_files (const char         *data_dir,
                           const VtStoreForm  *form,
                           GError            **error)
{
  g_autofree char *version = NULL;
  g_autofree char *dir = NULL;
  guint written = 0;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (form != NULL, NULL);

  if (form->media == NULL || form->media->len == 0 || !is_plain_name (form->form_id))
    return NULL;

  version = version_folder (form->version);
  dir = g_build_filename (data_dir, "media", form->form_id, version, NULL);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot make the folder %s for a form's pictures and sounds: %s"), dir, g_strerror (saved));
      return NULL;
    }

  for (guint i = 0; i < form->media->len; i++)
    {
      const VtStoreMedia *media = g_ptr_array_index (form->media, i);
      g_autofree char *path = NULL;

      if (!is_plain_name (media->name) || media->bytes == NULL)
        {
          g_message ("The form %s has a media file named “%s”, which is not a plain file name; it is left out",
                     form->form_id, media->name != NULL ? media->name : "");
          continue;
        }
      path = g_build_filename (dir, media->name, NULL);
      if (same_bytes (path, media->bytes))
        continue;
      if (!g_file_set_contents (path, g_bytes_get_data (media->bytes, NULL),
                                (gssize) g_bytes_get_size (media->bytes), error))
        return NULL;
      written++;
    }
  if (written > 0)
    g_debug ("%u media files of %s written to %s", written, form->form_id, dir);
  return g_steal_pointer (&dir);
}

GPtrArray *
vt_form_media_read_beside (VtForm *form)
{
  const char * const *uris = vt_form_get_media (form);
  GPtrArray *media = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_store_media_free);

  g_return_val_if_fail (form != NULL, media);

  for (guint i = 0; uris != NULL && uris[i] != NULL; i++)
    {
      g_autofree char *path = vt_form_find_media_file (form, uris[i]);
      g_autofree char *contents = NULL;
      g_autofree char *md5 = NULL;
      gsize length = 0;
      VtStoreMedia *item;

      if (path == NULL || !g_file_get_contents (path, &contents, &length, NULL))
        continue;
      md5 = g_compute_checksum_for_data (G_CHECKSUM_MD5, (const guchar *) contents, length);
      item = g_new0 (VtStoreMedia, 1);
      item->name = g_path_get_basename (path);
      item->md5_hash = g_strconcat ("md5:", md5, NULL);
      item->bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
      g_ptr_array_add (media, item);
    }
  return media;
}
