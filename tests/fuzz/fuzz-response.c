/* What a server answers to a submission: the OpenRosaResponse message
 * (shown to a clerk) and a Retry-After header, from the same bytes. */
#include "config.h"

#include "vt-fuzz.h"
#include "vt-openrosa.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *message = NULL;
  g_autofree char *header = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 1, 5, 13, 0, 0);
  gboolean is_openrosa = FALSE;
  double seconds;

  vt_fuzz_init ();
  message = vt_openrosa_parse_response_message ((const char *) data, size, &is_openrosa);
  /* It reaches the clerk's screen and the event log. */
  g_assert (message == NULL || g_utf8_validate (message, -1, NULL));

  header = vt_fuzz_string (data, MIN (size, 256));
  seconds = vt_openrosa_parse_retry_after (header, now);
  g_assert (seconds == -1 || seconds >= 0);
  return 0;
}
