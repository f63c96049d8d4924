/* The kiosk's id: "ventanilla:" + random hex, made once, kept in the
 * store's meta table. */
#define G_LOG_DOMAIN "vt-kiosk-identity"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "vt-kiosk-identity.h"
#include "vt-kiosk-key.h"
#include "vt-receipt.h"

#define RANDOM_BYTES 8

gboolean
vt_kiosk_identity_is_valid (const char *text)
{
  const char *hex;

  if (text == NULL || !g_str_has_prefix (text, VT_KIOSK_IDENTITY_PREFIX))
    return FALSE;
  hex = text + strlen (VT_KIOSK_IDENTITY_PREFIX);
  if (strlen (hex) != 2 * RANDOM_BYTES)
    return FALSE;
  for (const char *p = hex; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

char *
vt_kiosk_identity_get (VtStore  *store,
                       GError  **error)
{
  g_autoptr(GString) fresh = g_string_new (VT_KIOSK_IDENTITY_PREFIX);
  g_autofree char *stored = NULL;
  guint8 random[RANDOM_BYTES];

  g_return_val_if_fail (store != NULL, NULL);

  stored = vt_store_get_meta (store, VT_STORE_META_KIOSK_ID, error);
  if (stored != NULL)
    return g_steal_pointer (&stored);
  if (error != NULL && *error != NULL)
    return NULL;

  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");
  randombytes_buf (random, sizeof random);
  for (gsize i = 0; i < sizeof random; i++)
    g_string_append_printf (fresh, "%02x", random[i]);
  return vt_store_ensure_meta (store, VT_STORE_META_KIOSK_ID, fresh->str, error);
}

char *
vt_kiosk_identity_sign_receipt (VtStore     *store,
                                const char  *data_dir,
                                const char  *instance_id,
                                GError     **error)
{
  g_autoptr(VtReceipt) receipt = NULL;
  g_autoptr(VtKioskKey) key = NULL;
  g_autofree char *kiosk_id = NULL;

  g_return_val_if_fail (store != NULL && data_dir != NULL && instance_id != NULL, NULL);

  receipt = vt_store_get_receipt_for (store, instance_id, error);
  if (receipt == NULL)
    return NULL;
  kiosk_id = vt_kiosk_identity_get (store, error);
  if (kiosk_id == NULL)
    return NULL;
  key = vt_kiosk_key_load (data_dir, error);
  if (key == NULL)
    return NULL;
  return vt_receipt_dup_signed_payload (receipt, kiosk_id, key, error);
}
