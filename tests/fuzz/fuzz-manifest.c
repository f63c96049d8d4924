/* The OpenRosa manifest parser: a form's list of media files. */
#include "config.h"

#include "vt-fuzz.h"
#include "vt-openrosa.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;

  vt_fuzz_init ();
  files = vt_openrosa_parse_manifest ((const char *) data, size, &error);
  g_assert (files != NULL || (error != NULL && error->message[0] != '\0'));
  for (guint i = 0; files != NULL && i < files->len; i++)
    {
      VtOpenRosaMediaFile *file = g_ptr_array_index (files, i);

      /* The name becomes a file in the kiosk's media folder. */
      g_assert (file->filename != NULL && file->filename[0] != '\0');
      g_assert (strchr (file->filename, '/') == NULL && !g_str_equal (file->filename, "..") &&
                !g_str_equal (file->filename, "."));
    }
  return 0;
}
