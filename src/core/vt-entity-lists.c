/* The entity lists this kiosk holds, as the clerk's dashboard lists them
 * (issue 22): see vt-entities.h. */
#define G_LOG_DOMAIN "vt-entities"

#include "config.h"

#include <string.h>

#include "vt-entities.h"

void
vt_entity_list_info_free (VtEntityListInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->dataset);
  g_free (info->forms);
  g_free (info->version);
  g_free (info->problem);
  g_free (info);
}

static int
by_name (gconstpointer a,
         gconstpointer b)
{
  const VtEntityListInfo *x = *(VtEntityListInfo * const *) a;
  const VtEntityListInfo *y = *(VtEntityListInfo * const *) b;

  return g_utf8_collate (x->name, y->name);
}

char *
vt_entity_list_checked_key (const char *name)
{
  return g_strconcat ("entity-list-checked:", name, NULL);
}

GPtrArray *
vt_entities_list_lists (VtStore  *store,
                        GError  **error)
{
  g_autoptr(GPtrArray) forms = NULL;
  g_autoptr(GPtrArray) local = NULL;
  g_autoptr(GHashTable) by_file = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) newest = g_hash_table_new (g_str_hash, g_str_equal);   /* name -> added_at of its copy */
  GPtrArray *lists = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_entity_list_info_free);

  g_return_val_if_fail (store != NULL, NULL);

  forms = vt_store_list_forms (store, TRUE, error);
  local = forms != NULL ? vt_store_list_local_entities (store, NULL, error) : NULL;
  if (local == NULL)
    {
      g_ptr_array_unref (lists);
      return NULL;
    }

  for (guint f = 0; f < forms->len; f++)
    {
      const VtStoreForm *entry = g_ptr_array_index (forms, f);
      g_autoptr(VtStoreForm) form = vt_store_get_form (store, entry->form_id, entry->version, error);

      if (form == NULL)
        {
          g_ptr_array_unref (lists);
          return NULL;
        }
      for (guint m = 0; form->media != NULL && m < form->media->len; m++)
        {
          VtStoreMedia *file = g_ptr_array_index (form->media, m);
          VtEntityListInfo *info;
          const char *title = form->title != NULL && form->title[0] != '\0' ? form->title : form->form_id;

          if (!vt_entities_csv_is_entity_list (file->name, file->bytes))
            continue;
          info = g_hash_table_lookup (by_file, file->name);
          if (info == NULL)
            {
              info = g_new0 (VtEntityListInfo, 1);
              info->name = g_strdup (file->name);
              info->dataset = g_strndup (file->name, strlen (file->name) - strlen (".csv"));
              info->forms = g_strdup (title);
              info->refreshed_at = -1;
              g_ptr_array_add (lists, info);
              g_hash_table_insert (by_file, info->name, info);
            }
          else
            {
              char *forms_text = g_strdup_printf ("%s, %s", info->forms, title);

              g_free (info->forms);
              info->forms = forms_text;
            }
          /* Rows and version of the newest copy, as forms read it. */
          if (info->refreshed_at < 0 || form->added_at > info->refreshed_at)
            {
              g_autoptr(GError) parse_error = NULL;
              g_autoptr(VtEntityList) list = vt_entity_list_parse (file->bytes, &parse_error);

              info->refreshed_at = form->added_at;
              g_free (info->version);
              info->version = g_strdup (file->md5_hash);
              g_clear_pointer (&info->problem, g_free);
              info->rows = list != NULL ? list->rows->len : 0;
              if (list == NULL)
                info->problem = g_strdup (parse_error->message);
            }
        }
    }

  for (guint i = 0; i < lists->len; i++)
    {
      VtEntityListInfo *info = g_ptr_array_index (lists, i);
      g_autofree char *key = vt_entity_list_checked_key (info->name);
      g_autofree char *checked = vt_store_get_meta (store, key, NULL);
      gint64 when = checked != NULL ? g_ascii_strtoll (checked, NULL, 10) : 0;

      if (when > info->refreshed_at)
        info->refreshed_at = when;
      for (guint l = 0; l < local->len; l++)
        if (g_strcmp0 (((VtLocalEntity *) g_ptr_array_index (local, l))->dataset, info->dataset) == 0)
          info->local_changes++;
    }
  g_ptr_array_sort (lists, by_name);
  return lists;
}
