#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VT_ENCRYPTION_KEY_BYTES 32
#define VT_ENCRYPTION_IV_BYTES  16

/* The IV of the n-th file encrypted (0 = the first medium, or the XML when
 * there is none): MD5(instance_id ‖ key), then for i = 0 … n the byte i % 16
 * incremented by one (wrapping), so each file's IV builds on the previous
 * one's.  Exposed for the tests' known answers. */
void vt_encryption_derive_iv (const char   *instance_id,
                              const guint8 *key,
                              guint         n,
                              guint8       *iv);

G_END_DECLS
