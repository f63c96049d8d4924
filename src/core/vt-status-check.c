/* "Check an application": what was typed or scanned, the receipt's
 * signature, this kiosk's store and the municipality's list, put together
 * as one answer the welcome page's check screen draws. */
#define G_LOG_DOMAIN "vt-status-check"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-receipt.h"
#include "vt-status-check.h"

void
vt_status_check_free (VtStatusCheck *self)
{
  if (self == NULL)
    return;
  g_free (self->problem);
  g_free (self->reference_code);
  g_free (self->instance_id);
  g_free (self->form_id);
  g_free (self->service_title);
  g_free (self->kiosk_id);
  g_free (self->state);
  g_free (self->message);
  g_free (self);
}

/* What this kiosk's store knows of the application. */
static void
look_in_store (VtStatusCheck *self,
               VtStore       *store)
{
  g_autoptr(VtReceipt) receipt = NULL;
  g_autoptr(VtStoreItem) item = NULL;

  if (store == NULL)
    return;
  if (self->instance_id != NULL)
    receipt = vt_store_get_receipt_for (store, self->instance_id, NULL);
  else if (self->reference_code != NULL)
    receipt = vt_store_get_receipt (store, self->reference_code, NULL);
  if (receipt == NULL)
    return;
  /* A typed code or an old receipt found here; a QR code whose reference
   * is not this row's is not this row. */
  if (self->scanned && self->reference_code != NULL && g_strcmp0 (receipt->reference_code, self->reference_code) != 0)
    return;
  item = vt_store_get_item (store, receipt->instance_id, NULL);
  if (item == NULL)
    return;

  self->on_this_kiosk = TRUE;
  g_free (self->instance_id);
  self->instance_id = g_strdup (receipt->instance_id);
  g_free (self->reference_code);
  self->reference_code = g_strdup (receipt->reference_code);
  if (self->form_id == NULL)
    self->form_id = g_strdup (receipt->form_id);
  self->service_title = g_strdup (receipt->service_title);
  if (self->issued_at == 0)
    self->issued_at = receipt->created_at;
  switch (item->state)
    {
    case VT_STORE_STATE_QUEUED:
    case VT_STORE_STATE_SENDING:
      self->result = VT_STATUS_CHECK_WAITING;
      break;
    case VT_STORE_STATE_REJECTED:
    case VT_STORE_STATE_DISCARDED:
      self->result = VT_STATUS_CHECK_HELD;
      break;
    case VT_STORE_STATE_SENT:
    default:
      self->result = VT_STATUS_CHECK_SENT;
      break;
    }
}

VtStatusCheck *
vt_status_check_run (const char     *text,
                     VtStore        *store,
                     VtKioskKeyList *keys,
                     VtStatusList   *list,
                     const char     *language)
{
  g_autoptr(VtStatusCheck) self = g_new0 (VtStatusCheck, 1);
  g_autoptr(VtReceiptPayload) payload = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  VtStatusDecision decision;

  g_return_val_if_fail (text != NULL && keys != NULL, NULL);

  self->result = VT_STATUS_CHECK_UNKNOWN;
  code = vt_receipt_code_normalize (text, &error);
  if (code != NULL)
    self->reference_code = g_steal_pointer (&code);
  else
    {
      g_autoptr(GError) payload_error = NULL;

      payload = vt_receipt_payload_parse (text, &payload_error);
      if (payload == NULL)
        {
          self->result = VT_STATUS_CHECK_INVALID;
          /* Eight characters or so were meant as a code: say what is wrong with it. */
          if (g_error_matches (payload_error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_NOT_A_RECEIPT) &&
              g_utf8_strlen (text, -1) <= 16)
            self->problem = g_strdup (error->message);
          else
            self->problem = g_strdup (payload_error->message);
          return g_steal_pointer (&self);
        }
      self->scanned = TRUE;
      self->reference_code = g_strdup (payload->reference_code);
      self->instance_id = g_strdup (payload->instance_id);
      self->form_id = g_strdup (payload->form_id);
      self->kiosk_id = g_strdup (payload->kiosk_id);
      self->issued_at = payload->issued_at;
      g_clear_error (&payload_error);
      self->genuine = vt_receipt_payload_verify (payload, keys, &payload_error);
      if (!self->genuine)
        {
          self->problem = g_strdup (payload_error->message);
          /* A forged or changed receipt says nothing about any application;
           * one from before signatures, or from a kiosk not known here, is
           * looked up as its code would be. */
          if (!g_error_matches (payload_error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_UNSIGNED) &&
              !g_error_matches (payload_error, VT_RECEIPT_ERROR, VT_RECEIPT_ERROR_UNKNOWN_KIOSK))
            {
              self->result = VT_STATUS_CHECK_INVALID;
              return g_steal_pointer (&self);
            }
        }
    }

  look_in_store (self, store);

  if (list != NULL && vt_status_list_lookup (list, self->instance_id, self->reference_code, language, &decision))
    {
      self->result = VT_STATUS_CHECK_DECIDED;
      self->state = g_strdup (decision.state);
      self->message = g_strdup (decision.message);
    }
  return g_steal_pointer (&self);
}

VtStatusList *
vt_status_check_load_list (VtStore     *store,
                           const char  *file_name,
                           GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  VtStatusList *list;

  g_return_val_if_fail (store != NULL && file_name != NULL, NULL);

  bytes = vt_store_find_media (store, file_name, error);
  if (bytes == NULL)
    return NULL;
  list = vt_status_list_parse (bytes, &local_error);
  if (list == NULL)
    g_set_error (error, VT_STATUS_LIST_ERROR, VT_STATUS_LIST_ERROR_INVALID,
                 _("The municipality's list of decisions %s cannot be read (%s): the kiosk only says "
                   "what it knows itself until a good list arrives."), file_name, local_error->message);
  return list;
}

VtKioskKeyList *
vt_status_check_load_keys (VtKioskKey  *own_key,
                           const char  *own_kiosk_id,
                           const char  *trusted_file,
                           GError     **error)
{
  g_autoptr(VtKioskKeyList) keys = vt_kiosk_key_list_new ();

  if (trusted_file != NULL && !vt_kiosk_key_list_add_file (keys, trusted_file, error))
    return NULL;
  /* The kiosk's own key last: no line of a file stands in for it. */
  if (own_key != NULL && own_kiosk_id != NULL)
    vt_kiosk_key_list_add (keys, own_kiosk_id, vt_kiosk_key_get_public (own_key));
  return g_steal_pointer (&keys);
}
