#define G_LOG_DOMAIN "vt-demo"

#include "config.h"

#include "vt-demo.h"
#include "vt-form.h"
#include "vt-form-media.h"

/* Adds one file's form unless the store has that version; TRUE when it was
 * added. */
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
  /* Its pictures and sounds go with it, as a server's would. */
  record.media = vt_form_media_read_beside (form);
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
