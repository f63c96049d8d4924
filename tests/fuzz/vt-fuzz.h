#pragma once

/* What every fuzz target shares (tests/fuzz/README.md).  A target defines
 * LLVMFuzzerTestOneInput(); built with -Dfuzzing=true it links libFuzzer,
 * and in every build it also links vt-fuzz-replay.c, which runs it over
 * files, so each crash the fuzzers found stays a test of the suite. */

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

int    LLVMFuzzerTestOneInput (const uint8_t *data,
                               size_t         size);

/* Once per process (each call after the first does nothing): criticals
 * abort, so the fuzzer reports them as crashes; libxml2 and GLib's
 * messages stay quiet. */
void   vt_fuzz_init           (void);

/* The input as a C string, as the kiosk's text APIs take it: up to the
 * first NUL. */
char  *vt_fuzz_string         (const uint8_t *data,
                               size_t         size);

/* A folder of its own under the temporary directory, for targets that
 * need files; removed at exit. */
const char *vt_fuzz_tmpdir    (void);

G_END_DECLS
