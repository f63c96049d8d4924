/* Counting abandoned sessions per form page: the page's key without
 * repeat positions, one count in the store. */
#define G_LOG_DOMAIN "vt-dropoff"

#include "config.h"

#include <string.h>

#include "vt-dropoff.h"

char *
vt_dropoff_page_key (const char *page_id)
{
  GString *key;

  g_return_val_if_fail (page_id != NULL, NULL);

  key = g_string_sized_new (strlen (page_id));
  for (const char *p = page_id; *p != '\0'; p++)
    {
      if (*p == '[')
        {
          const char *close = p + 1;

          while (g_ascii_isdigit (*close))
            close++;
          if (*close == ']' && close > p + 1)
            {
              p = close;
              continue;
            }
        }
      g_string_append_c (key, *p);
    }
  return g_string_free (key, FALSE);
}

gboolean
vt_dropoff_record (VtStore     *store,
                   const char  *form_id,
                   const char  *form_version,
                   const char  *page_id,
                   const char  *reason,
                   GError     **error)
{
  g_autofree char *page = NULL;

  g_return_val_if_fail (store != NULL && form_id != NULL && page_id != NULL && reason != NULL, FALSE);

  page = vt_dropoff_page_key (page_id);
  return vt_store_count_dropoff (store, form_id, form_version, page, reason, g_get_real_time (), error);
}
