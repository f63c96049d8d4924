/* The configuration file: what municipal IT writes, read at start. */
#include "config.h"

#include "vt-config.h"
#include "vt-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) config = NULL;

  vt_fuzz_init ();
  config = vt_config_load_from_data ((const char *) data, (gssize) size, "/etc/ventanilla/ventanilla.conf",
                                     &error);
  if (config == NULL)
    {
      /* The message names the file, and says what to fix. */
      g_assert (error != NULL && strstr (error->message, "ventanilla.conf") != NULL);
      return 0;
    }
  g_assert (config->retry_min_seconds >= 0 && config->retry_max_seconds >= config->retry_min_seconds);
  g_assert (config->languages != NULL);
  return 0;
}
