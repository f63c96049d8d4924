#define G_LOG_DOMAIN "vt-demo"

#include "config.h"

#include <string.h>

#include "vt-demo.h"
#include "vt-form.h"

/* Adds one file's form unless the store has that version; TRUE when it was
 * added. */
/* The files a demo form reads (a list of stalls for its select) come with
 * it, as a server's media would. */
static GPtrArray *
media_beside (const char *dir,
              VtForm     *form)
{
  const char * const *media = vt_form_get_media (form);
  GPtrArray *files = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_store_media_free);

  for (guint i = 0; media != NULL && media[i] != NULL; i++)
    {
      const char *name = strrchr (media[i], '/');
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autofree char *md5 = NULL;
      gsize length = 0;
      VtStoreMedia *file;

      name = name != NULL ? name + 1 : media[i];
      path = g_build_filename (dir, name, NULL);
      if (name[0] == '\0' || !g_file_get_contents (path, &contents, &length, NULL))
        continue;
      file = g_new0 (VtStoreMedia, 1);
      file->name = g_strdup (name);
      md5 = g_compute_checksum_for_data (G_CHECKSUM_MD5, (const guchar *) contents, length);
      file->md5_hash = g_strconcat ("md5:", md5, NULL);
      file->bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
      g_ptr_array_add (files, file);
    }
  return files;
}

static gboolean
add_form_file (VtStore    *store,
               const char *dir,
               const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = NULL;
  g_autoptr(VtStoreForm) existing = NULL;
  g_autofree char *title = NULL;
  g_autofree char *md5 = NULL;
  VtStoreForm record = { 0 };

  form = vt_form_load_file (path, &error);
  if (form == NULL)
    {
      g_message ("Demo service %s is not usable: %s", name, error->message);
      return FALSE;
    }
  existing = vt_store_get_form (store, vt_form_get_id (form), vt_form_get_version (form), NULL);
  if (existing != NULL)
    return FALSE;

  title = vt_form_dup_title (form, NULL);
  md5 = vt_form_dup_md5 (form);
  record.form_id = (char *) vt_form_get_id (form);
  record.version = (char *) vt_form_get_version (form);
  record.title = title;
  record.md5_hash = md5;
  record.xml = (char *) vt_form_get_xml (form);
  record.source = (char *) "bundled";
  record.active = TRUE;
  record.media = media_beside (dir, form);
  if (!vt_store_add_form (store, &record, &error))
    {
      g_message ("Cannot add the demo service %s: %s", name, error->message);
      g_clear_pointer (&record.media, g_ptr_array_unref);
      return FALSE;
    }
  g_clear_pointer (&record.media, g_ptr_array_unref);
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

int
vt_demo_add_forms (VtStore     *store,
                   const char  *dir,
                   GError     **error)
{
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  int added = 0;

  g_return_val_if_fail (store != NULL, -1);
  g_return_val_if_fail (dir != NULL, -1);

  listing = g_dir_open (dir, 0, error);
  if (listing == NULL)
    return -1;

  /* In name order, so the log reads the same on every kiosk. */
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".xml"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    if (add_form_file (store, dir, g_ptr_array_index (names, i)))
      added++;
  return added;
}
