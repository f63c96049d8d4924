/* `receipt show`, `receipt verify`, `receipt public-key`, `receipt check`:
 * signed receipts without the screen (docs/RECEIPTS.md); `dropoffs` and
 * `feedback-form`: where forms lose people, and the feedback form for the
 * municipality to publish. */
#define G_LOG_DOMAIN "vt-ctl"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "vt-barcode.h"
#include "vt-ctl.h"
#include "vt-feedback.h"
#include "vt-kiosk-identity.h"
#include "vt-kiosk-key.h"
#include "vt-receipt.h"
#include "vt-status-check.h"

/* The millimetres a phone reads from paper: the receipt's code must stay
 * readable printed this small (docs/RECEIPTS.md). */
#define SMALLEST_PRINT_MM 25.0
#define QUIET_ZONE        4

/* This kiosk's key and id, made now if the kiosk has none yet (as its
 * first start would); prints why not and returns FALSE. */
static gboolean
load_identity (VtCtl       *ctl,
               VtStore     *store,
               VtKioskKey **key,
               char       **kiosk_id)
{
  g_autoptr(GError) error = NULL;
  VtConfig *config = vt_ctl_get_config (ctl, NULL);

  *kiosk_id = vt_kiosk_identity_get (store, &error);
  if (*kiosk_id != NULL)
    *key = vt_kiosk_key_load (config->data_dir, &error);
  if (*kiosk_id == NULL || *key == NULL)
    {
      g_printerr ("%s\n", error->message);
      g_clear_pointer (kiosk_id, g_free);
      return FALSE;
    }
  return TRUE;
}

/* `receipt show INSTANCEID|REFERENCE [--png FILE]`: the payload exactly as
 * the receipt's QR code carries it, and the code as an image. */
int
vt_ctl_receipt_show (VtCtl  *ctl,
                     int     argc,
                     char  **argv)
{
  g_autofree char *png = NULL;
  const GOptionEntry entries[] = {
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &png, N_("also write the QR code as a PNG image"), N_("FILE") },
    { NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = NULL;
  g_autoptr(VtReceipt) receipt = NULL;
  g_autofree char *payload = NULL;

  if (!vt_ctl_parse_options (ctl, "receipt show", "INSTANCEID|REFERENCE", entries, &argc, &argv))
    return VT_CTL_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr (_("ventanilla-ctl receipt show: name one application by its instanceID (uuid:…) "
                    "or its reference code\n"));
      return VT_CTL_EXIT_USAGE;
    }
  store = vt_ctl_open_store (ctl);
  if (store == NULL)
    return VT_CTL_EXIT_FAILURE;

  if (g_str_has_prefix (argv[1], "uuid:"))
    receipt = vt_store_get_receipt_for (store, argv[1], &error);
  else
    receipt = vt_store_get_receipt (store, argv[1], &error);
  if (receipt == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }
  /* As the kiosk signs it (a reprint is the same text). */
  payload = vt_kiosk_identity_sign_receipt (store, vt_ctl_get_config (ctl, NULL)->data_dir,
                                            receipt->instance_id, &error);
  if (payload == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }

  if (png != NULL)
    {
      g_autoptr(VtQrMatrix) matrix = vt_barcode_encode_qr (payload, &error);

      if (matrix == NULL || !vt_qr_matrix_write_png (matrix, 8, png, &error))
        {
          g_printerr ("%s\n", error->message);
          return VT_CTL_EXIT_FAILURE;
        }
      /* What it takes to print: scripts read the payload from stdout only. */
      g_printerr (_("QR code version %d, %u×%u modules (%u with its margin): %.2f mm a module "
                    "printed %g mm wide.\n"),
                  matrix->version, matrix->size, matrix->size, matrix->size + 2 * QUIET_ZONE,
                  SMALLEST_PRINT_MM / (matrix->size + 2 * QUIET_ZONE), SMALLEST_PRINT_MM);
    }
  g_print ("%s\n", payload);
  return VT_CTL_EXIT_OK;
}

/* What was given: a QR code's text, or an image holding one. */
static char *
read_payload_argument (const char  *argument,
                       GError     **error)
{
  g_autoptr(GPtrArray) codes = NULL;

  if (!g_file_test (argument, G_FILE_TEST_IS_REGULAR))
    return g_strdup (argument);

  codes = vt_barcode_read_file (argument, error);
  if (codes == NULL)
    return NULL;
  /* A picture of a whole receipt may hold other codes: the receipt's first. */
  for (guint i = 0; i < codes->len; i++)
    {
      VtBarcode *code = g_ptr_array_index (codes, i);
      g_autoptr(VtReceiptPayload) payload = vt_receipt_payload_parse (code->text, NULL);

      if (payload != NULL)
        return g_strdup (code->text);
    }
  return g_strdup (((VtBarcode *) g_ptr_array_index (codes, 0))->text);
}

/* The keys to check against: --keys FILE when given, else this kiosk's own
 * (without making one) and [receipts] trusted-kiosks. */
static VtKioskKeyList *
load_keys (VtCtl       *ctl,
           const char  *keys_file,
           GError     **error)
{
  g_autoptr(VtKioskKey) own = NULL;
  g_autoptr(VtKioskKeyList) keys = NULL;
  g_autofree char *own_id = NULL;
  VtConfig *config;

  if (keys_file != NULL)
    return vt_status_check_load_keys (NULL, NULL, keys_file, error);

  config = vt_ctl_get_config (ctl, error);
  if (config == NULL)
    return NULL;
  own = vt_kiosk_key_load_existing (config->data_dir, error);
  if (own == NULL && error != NULL && *error != NULL)
    return NULL;
  if (own != NULL)
    {
      g_autoptr(VtStore) store = vt_store_open (config->data_dir, error);

      if (store == NULL)
        return NULL;
      own_id = vt_kiosk_identity_get (store, error);
      if (own_id == NULL)
        return NULL;
    }
  keys = vt_status_check_load_keys (own, own_id, config->trusted_kiosks, error);
  if (keys != NULL && vt_kiosk_key_list_get_size (keys) == 0)
    {
      g_set_error (error, VT_KIOSK_KEY_ERROR, VT_KIOSK_KEY_ERROR_LIST,
                   _("No kiosk's key is known here to check receipts against. Pass --keys FILE, a file "
                     "with the lines “ventanilla-ctl receipt public-key” prints on each kiosk."));
      return NULL;
    }
  return g_steal_pointer (&keys);
}

/* `receipt verify PAYLOAD|IMAGE.png [--keys FILE]`: "valid, issued by
 * kiosk X at T" (exit 0) or "not valid: <why>" (exit 1), offline. */
int
vt_ctl_receipt_verify (VtCtl  *ctl,
                       int     argc,
                       char  **argv)
{
  g_autofree char *keys_file = NULL;
  const GOptionEntry entries[] = {
    { "keys", 0, 0, G_OPTION_ARG_FILENAME, &keys_file,
      N_("check against the kiosks listed in FILE (one a line: kiosk id, public key)"), N_("FILE") },
    { NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(VtKioskKeyList) keys = NULL;
  g_autoptr(VtReceiptPayload) payload = NULL;
  g_autofree char *text = NULL;
  g_autofree char *when = NULL;

  if (!vt_ctl_parse_options (ctl, "receipt verify", "PAYLOAD|IMAGE.png", entries, &argc, &argv))
    return VT_CTL_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr (_("ventanilla-ctl receipt verify: give the receipt's QR code text, or an image of it\n"));
      return VT_CTL_EXIT_USAGE;
    }

  text = read_payload_argument (argv[1], &error);
  if (text != NULL)
    payload = vt_receipt_payload_parse (text, &error);
  if (payload == NULL)
    {
      g_print (_("not valid: %s\n"), error->message);
      return VT_CTL_EXIT_FAILURE;
    }
  keys = load_keys (ctl, keys_file, &error);
  if (keys == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_USAGE;
    }
  if (!vt_receipt_payload_verify (payload, keys, &error))
    {
      g_print (_("not valid: %s\n"), error->message);
      return VT_CTL_EXIT_FAILURE;
    }

  /* The first line is for scripts: it stays as it is in every language. */
  when = vt_ctl_format_time (payload->issued_at);
  g_print ("valid, issued by kiosk %s at %s\n", payload->kiosk_id, when);
  g_print ("reference %s\ninstance %s\nform %s %s\n", payload->reference_code, payload->instance_id,
           payload->form_id, payload->form_version);
  return VT_CTL_EXIT_OK;
}

/* `receipt public-key`: this kiosk's line for other machines' --keys
 * files and [receipts] trusted-kiosks. */
int
vt_ctl_receipt_public_key (VtCtl  *ctl,
                           int     argc,
                           char  **argv)
{
  g_autoptr(VtStore) store = NULL;
  g_autoptr(VtKioskKey) key = NULL;
  g_autofree char *kiosk_id = NULL;
  g_autofree char *text = NULL;

  if (!vt_ctl_parse_options (ctl, "receipt public-key", "", NULL, &argc, &argv))
    return VT_CTL_EXIT_USAGE;
  if (argc != 1)
    {
      g_printerr (_("ventanilla-ctl receipt public-key: unexpected argument “%s”\n"), argv[1]);
      return VT_CTL_EXIT_USAGE;
    }
  store = vt_ctl_open_store (ctl);
  if (store == NULL || !load_identity (ctl, store, &key, &kiosk_id))
    return VT_CTL_EXIT_FAILURE;
  text = vt_kiosk_key_dup_public_text (key);
  g_print ("%s %s\n", kiosk_id, text);
  return VT_CTL_EXIT_OK;
}

static const char *
describe_check (const VtStatusCheck *check)
{
  switch (check->result)
    {
    case VT_STATUS_CHECK_INVALID:
      return "invalid";
    case VT_STATUS_CHECK_UNKNOWN:
      return "unknown";
    case VT_STATUS_CHECK_WAITING:
      return "waiting";
    case VT_STATUS_CHECK_HELD:
      return "held";
    case VT_STATUS_CHECK_SENT:
      return "sent";
    case VT_STATUS_CHECK_DECIDED:
    default:
      return "decided";
    }
}

/* `receipt check PAYLOAD|IMAGE.png|REFERENCE [--lang L]`: what "Check an
 * application" on the welcome page would say, one "key value" a line. */
int
vt_ctl_receipt_check (VtCtl  *ctl,
                      int     argc,
                      char  **argv)
{
  g_autofree char *lang = NULL;
  const GOptionEntry entries[] = {
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang, N_("the language of the municipality's message"), N_("L") },
    { NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = NULL;
  g_autoptr(VtKioskKeyList) keys = NULL;
  g_autoptr(VtStatusList) list = NULL;
  g_autoptr(VtStatusCheck) check = NULL;
  g_autoptr(VtKioskKey) key = NULL;
  g_autofree char *kiosk_id = NULL;
  g_autofree char *text = NULL;
  VtConfig *config;

  if (!vt_ctl_parse_options (ctl, "receipt check", "PAYLOAD|IMAGE.png|REFERENCE", entries, &argc, &argv))
    return VT_CTL_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr (_("ventanilla-ctl receipt check: give a reference code, a receipt's QR code text "
                    "or an image of it\n"));
      return VT_CTL_EXIT_USAGE;
    }
  store = vt_ctl_open_store (ctl);
  if (store == NULL || !load_identity (ctl, store, &key, &kiosk_id))
    return VT_CTL_EXIT_FAILURE;
  config = vt_ctl_get_config (ctl, NULL);
  keys = vt_status_check_load_keys (key, kiosk_id, config->trusted_kiosks, &error);
  if (keys == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }
  if (config->status_list != NULL)
    {
      list = vt_status_check_load_list (store, config->status_list, &error);
      if (list == NULL && error != NULL)
        {
          g_printerr ("%s\n", error->message);
          g_clear_error (&error);
        }
    }
  text = read_payload_argument (argv[1], &error);
  if (text == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }

  check = vt_status_check_run (text, store, keys, list, lang);
  g_print ("result %s\n", describe_check (check));
  g_print ("genuine %s\n", check->scanned ? (check->genuine ? "yes" : "no") : "typed");
  if (check->reference_code != NULL)
    g_print ("reference %s\n", check->reference_code);
  if (check->instance_id != NULL)
    g_print ("instance %s\n", check->instance_id);
  if (check->kiosk_id != NULL)
    g_print ("kiosk %s\n", check->kiosk_id);
  g_print ("on-this-kiosk %s\n", check->on_this_kiosk ? "yes" : "no");
  if (check->state != NULL)
    g_print ("state %s\n", check->state);
  if (check->message != NULL)
    g_print ("message %s\n", check->message);
  if (check->problem != NULL)
    g_print ("problem %s\n", check->problem);
  return check->result == VT_STATUS_CHECK_INVALID ? VT_CTL_EXIT_FAILURE : VT_CTL_EXIT_OK;
}

/* `dropoffs [--json]`: per form version and page, how many sessions were
 * abandoned there and why; no answer of anyone. */
int
vt_ctl_dropoffs (VtCtl  *ctl,
                 int     argc,
                 char  **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("print the counts as a JSON array"), NULL },
    { NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = NULL;
  g_autoptr(GPtrArray) dropoffs = NULL;

  if (!vt_ctl_parse_options (ctl, "dropoffs", "", entries, &argc, &argv))
    return VT_CTL_EXIT_USAGE;
  if (argc != 1)
    {
      g_printerr (_("ventanilla-ctl dropoffs: unexpected argument “%s”\n"), argv[1]);
      return VT_CTL_EXIT_USAGE;
    }
  store = vt_ctl_open_store (ctl);
  if (store == NULL)
    return VT_CTL_EXIT_FAILURE;
  dropoffs = vt_store_list_dropoffs (store, &error);
  if (dropoffs == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < dropoffs->len; i++)
        {
          VtStoreDropoff *d = g_ptr_array_index (dropoffs, i);
          g_autofree char *last = vt_ctl_format_time (d->last_at);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "form_id");
          json_builder_add_string_value (builder, d->form_id);
          json_builder_set_member_name (builder, "form_version");
          json_builder_add_string_value (builder, d->form_version);
          json_builder_set_member_name (builder, "page");
          json_builder_add_string_value (builder, d->page);
          json_builder_set_member_name (builder, "reason");
          json_builder_add_string_value (builder, d->reason);
          json_builder_set_member_name (builder, "count");
          json_builder_add_int_value (builder, (gint64) d->count);
          json_builder_set_member_name (builder, "last");
          json_builder_add_string_value (builder, last);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
      return VT_CTL_EXIT_OK;
    }

  for (guint i = 0; i < dropoffs->len; i++)
    {
      VtStoreDropoff *d = g_ptr_array_index (dropoffs, i);

      g_print ("%s %s %s %s %" G_GUINT64_FORMAT "\n", d->form_id,
               d->form_version[0] != '\0' ? d->form_version : "-", d->page, d->reason, d->count);
    }
  return VT_CTL_EXIT_OK;
}

/* `feedback-form`: the XForm of "How easy was this?", for the municipality
 * to publish once on its server. */
int
vt_ctl_feedback_form (VtCtl  *ctl,
                      int     argc,
                      char  **argv)
{
  g_autoptr(GBytes) xml = NULL;
  gsize length;
  const char *data;

  if (!vt_ctl_parse_options (ctl, "feedback-form", "", NULL, &argc, &argv))
    return VT_CTL_EXIT_USAGE;
  if (argc != 1)
    {
      g_printerr (_("ventanilla-ctl feedback-form: unexpected argument “%s”\n"), argv[1]);
      return VT_CTL_EXIT_USAGE;
    }
  xml = vt_feedback_get_form_xml ();
  data = g_bytes_get_data (xml, &length);
  fwrite (data, 1, length, stdout);
  return VT_CTL_EXIT_OK;
}
