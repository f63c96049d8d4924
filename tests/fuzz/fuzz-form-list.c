/* The OpenRosa formList parser: what a server, a proxy or a captive
 * portal answers to GET /formList. */
#include "config.h"

#include "vt-fuzz.h"
#include "vt-openrosa.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) forms = NULL;

  vt_fuzz_init ();
  forms = vt_openrosa_parse_form_list ((const char *) data, size, &error);
  g_assert (forms != NULL || (error != NULL && error->message[0] != '\0'));
  for (guint i = 0; forms != NULL && i < forms->len; i++)
    {
      VtOpenRosaFormInfo *info = g_ptr_array_index (forms, i);

      /* What the kiosk relies on for every form it lists. */
      g_assert (info->form_id != NULL && info->form_id[0] != '\0');
      g_assert (info->download_url != NULL);
      vt_openrosa_form_info_free (vt_openrosa_form_info_copy (info));
    }
  return 0;
}
