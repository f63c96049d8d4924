/* "Check an application" without a display (vt-status-check, vt-status-list)
 * and the citizen's voice (vt-feedback, vt-dropoff): the municipality's
 * CSV list read (quotes, BOM, CRLF, a message per language) or refused with
 * a reason; a typed code and a scanned receipt give each state (waiting on
 * this kiosk, held for the staff, sent, the municipality's decision, not
 * known here, not genuine); the feedback and the drop-off counts arrive at
 * the test server / the store holding no answer of the citizen. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vt-dropoff.h"
#include "vt-feedback.h"
#include "vt-form.h"
#include "vt-kiosk-identity.h"
#include "vt-kiosk-key.h"
#include "vt-receipt.h"
#include "vt-session.h"
#include "vt-status-check.h"
#include "vt-status-list.h"
#include "vt-store.h"
#include "vt-submission.h"
#include "vt-sync.h"
#include "vt-test-server.h"
#include "vt-test-utils.h"

/* What a citizen typed: it must never reach the feedback or the counts. */
#define TYPED_NAME "Ana María Quispe Mamani"

static VtStatusList *
parse (const char  *csv,
       GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (csv, strlen (csv));

  return vt_status_list_parse (bytes, error);
}

static void
test_list_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStatusList) list = parse ("\xef\xbb\xbfname,label,__version,reference,state,message,message::Español (es),\"message::pt_BR\"\r\n"
                                        "2f9c7e1e-3b7a-4f0e-9a55-0c1d2e3f4a5b,A,1,7kqm-4tzb,approved,\"Come, with ID\",\"Venga, con \"\"cédula\"\"\",Venha\r\n"
                                        "\r\n"
                                        "other,B,2,XXXX,in_review,,,\n"
                                        "third,C,1,2345-6789,refused,\"two\nlines\",,\n",
                                        &error);
  VtStatusDecision decision;

  g_assert_no_error (error);
  g_assert_cmpuint (vt_status_list_get_size (list), ==, 3);
  /* By instanceID, with or without uuid:, the message in the language asked for. */
  g_assert_true (vt_status_list_lookup (list, "uuid:2f9c7e1e-3b7a-4f0e-9a55-0c1d2e3f4a5b", NULL, "es", &decision));
  g_assert_cmpstr (decision.state, ==, "approved");
  g_assert_cmpstr (decision.message, ==, "Venga, con \"cédula\"");
  g_assert_true (vt_status_list_lookup (list, "2f9c7e1e-3b7a-4f0e-9a55-0c1d2e3f4a5b", NULL, "pt_BR", &decision));
  g_assert_cmpstr (decision.message, ==, "Venha");
  g_assert_true (vt_status_list_lookup (list, NULL, "7KQM-4TZB", "fr", &decision));
  g_assert_cmpstr (decision.message, ==, "Come, with ID");
  g_assert_true (vt_status_list_lookup (list, NULL, NULL, NULL, &decision) == FALSE);
  g_assert_true (vt_status_list_lookup (list, "other", NULL, "es", &decision));
  g_assert_cmpstr (decision.state, ==, "in_review");
  g_assert_null (decision.message);
  g_assert_false (vt_status_list_lookup (list, "uuid:nothing", "2345-6788", NULL, &decision));
  g_assert_true (vt_status_list_lookup (list, "third", NULL, NULL, &decision));
  g_assert_cmpstr (decision.message, ==, "two\nlines");
  g_assert_nonnull (vt_status_list_describe_state ("approved"));
  g_assert_null (vt_status_list_describe_state ("something_new"));
}

static void
test_list_refused (void)
{
  const char *bad[] = {
    "",
    "name,label\nx,y\n",                        /* no state */
    "state,message\napproved,x\n",              /* nothing to find a row by */
    "name,state\nx,\"approved\n",               /* a quote never closed */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VtStatusList) list = parse (bad[i], &error);

      g_assert_null (list);
      g_assert_error (error, VT_STATUS_LIST_ERROR, VT_STATUS_LIST_ERROR_INVALID);
      g_assert_cmpstr (error->message, !=, "");
    }
  /* Two rows with one reference: a typed code finds neither. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VtStatusList) list = parse ("name,reference,state\na,7KQM-4TZB,approved\nb,7KQM-4TZB,refused\n", &error);
    VtStatusDecision decision;

    g_assert_no_error (error);
    g_assert_false (vt_status_list_lookup (list, NULL, "7KQM-4TZB", NULL, &decision));
    g_assert_true (vt_status_list_lookup (list, "b", "7KQM-4TZB", NULL, &decision));
    g_assert_cmpstr (decision.state, ==, "refused");
  }
}

typedef struct
{
  char           *dir;
  VtStore        *store;
  VtKioskKey     *key;
  char           *kiosk_id;
  VtKioskKeyList *keys;
} Kiosk;

static void
kiosk_open (Kiosk      *k,
            const char *name)
{
  g_autoptr(GError) error = NULL;

  k->dir = vt_test_make_tmpdir (name);
  k->store = vt_store_open (k->dir, &error);
  g_assert_no_error (error);
  k->key = vt_kiosk_key_load (k->dir, &error);
  g_assert_no_error (error);
  k->kiosk_id = vt_kiosk_identity_get (k->store, &error);
  g_assert_no_error (error);
  k->keys = vt_status_check_load_keys (k->key, k->kiosk_id, NULL, &error);
  g_assert_no_error (error);
}

static void
kiosk_close (Kiosk *k)
{
  vt_store_close (k->store);
  vt_kiosk_key_free (k->key);
  vt_kiosk_key_list_free (k->keys);
  g_free (k->kiosk_id);
  vt_test_rmdir_recursive (k->dir);
  g_free (k->dir);
}

/* An application stored on kiosk k; its reference code, its instanceID in
 * *instance_id and its receipt's QR text in *payload. */
static char *
apply (Kiosk  *k,
       char  **instance_id,
       char  **payload)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtReceipt) receipt = NULL;
  VtSubmission submission = { 0 };
  VtStoreEnqueueOptions options = { .service_title = "Permiso de venta" };
  g_autofree char *uuid = g_uuid_string_random ();
  char *code;

  *instance_id = g_strconcat ("uuid:", uuid, NULL);
  submission.instance_id = *instance_id;
  submission.form_id = (char *) "business_permit";
  submission.form_version = (char *) "2026112801";
  submission.xml = g_strdup_printf ("<data id=\"business_permit\"><name>%s</name><meta><instanceID>%s"
                                    "</instanceID></meta></data>", TYPED_NAME, *instance_id);
  code = vt_store_enqueue (k->store, &submission, &options, &error);
  g_free (submission.xml);
  g_assert_no_error (error);
  receipt = vt_store_get_receipt_for (k->store, *instance_id, &error);
  g_assert_no_error (error);
  *payload = vt_receipt_dup_signed_payload (receipt, k->kiosk_id, k->key, &error);
  g_assert_no_error (error);
  return code;
}

static VtStatusCheck *
check (Kiosk        *k,
       const char   *text,
       VtStatusList *list)
{
  return vt_status_check_run (text, k->store, k->keys, list, "es");
}

/* Each state, by the typed code and by the scanned receipt. */
static void
test_states (void)
{
  Kiosk here = { 0 }, there = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL, *payload = NULL, *code = NULL;
  g_autofree char *other_id = NULL, *other_payload = NULL, *other_code = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(VtStatusList) list = NULL;
  const char *inputs[2];
  gint64 now;

  kiosk_open (&here, "check-here");
  kiosk_open (&there, "check-there");
  code = apply (&here, &id, &payload);
  other_code = apply (&there, &other_id, &other_payload);
  inputs[0] = code;
  inputs[1] = payload;
  now = g_get_real_time () + G_USEC_PER_SEC;

  for (int i = 0; i < 2; i++)
    {
      g_autoptr(VtStatusCheck) waiting = check (&here, inputs[i], NULL);

      g_assert_cmpint (waiting->result, ==, VT_STATUS_CHECK_WAITING);
      g_assert_true (waiting->on_this_kiosk);
      g_assert_cmpstr (waiting->reference_code, ==, code);
      g_assert_cmpstr (waiting->instance_id, ==, id);
      g_assert_cmpstr (waiting->service_title, ==, "Permiso de venta");
      g_assert_cmpint (waiting->scanned, ==, i == 1);
      g_assert_cmpint (waiting->genuine, ==, i == 1);
      g_assert_null (waiting->problem);
    }

  /* Rejected by the server: the staff must act. */
  {
    g_autoptr(GPtrArray) claimed = vt_store_claim (here.store, 1, G_USEC_PER_SEC * 60, now, &error);
    g_autoptr(VtStatusCheck) held = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (claimed->len, ==, 1);
    g_assert_true (vt_store_mark_rejected (here.store, id, 400, "bad", now, &error));
    held = check (&here, payload, NULL);
    g_assert_cmpint (held->result, ==, VT_STATUS_CHECK_HELD);
    g_assert_true (vt_store_requeue_rejected (here.store, id, "clerk", now, &error));
    g_assert_no_error (error);
  }
  /* Sent. */
  {
    g_autoptr(GPtrArray) claimed = vt_store_claim (here.store, 1, G_USEC_PER_SEC * 60, now, &error);

    g_assert_no_error (error);
    g_assert_true (vt_store_mark_sent (here.store, id, 201, "", now, &error));
    for (int i = 0; i < 2; i++)
      {
        g_autoptr(VtStatusCheck) sent = check (&here, inputs[i], NULL);
        g_assert_cmpint (sent->result, ==, VT_STATUS_CHECK_SENT);
      }
  }

  /* The municipality decided: the list's state and message, by either. */
  csv = g_strdup_printf ("name,label,__version,reference,state,message::es\n"
                         "%s,x,1,%s,ready_to_collect,Pase por la ventanilla 3\n"
                         "%s,y,1,%s,approved,Aprobado\n",
                         id + 5, code, other_id + 5, other_code);
  list = parse (csv, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 2; i++)
    {
      g_autoptr(VtStatusCheck) decided = check (&here, inputs[i], list);

      g_assert_cmpint (decided->result, ==, VT_STATUS_CHECK_DECIDED);
      g_assert_cmpstr (decided->state, ==, "ready_to_collect");
      g_assert_cmpstr (decided->message, ==, "Pase por la ventanilla 3");
    }

  /* Another kiosk's receipt: genuine only where that kiosk is known; the
   * list speaks for it; its typed code is found by the list's reference. */
  {
    g_autoptr(VtStatusCheck) unknown_kiosk = check (&here, other_payload, NULL);
    g_autoptr(VtStatusCheck) typed_elsewhere = check (&here, other_code, NULL);
    g_autoptr(VtStatusCheck) typed_listed = check (&here, other_code, list);
    g_autoptr(VtStatusCheck) known = NULL;

    g_assert_cmpint (unknown_kiosk->result, ==, VT_STATUS_CHECK_UNKNOWN);
    g_assert_false (unknown_kiosk->genuine);
    g_assert_nonnull (strstr (unknown_kiosk->problem, there.kiosk_id));
    g_assert_cmpint (typed_elsewhere->result, ==, VT_STATUS_CHECK_UNKNOWN);
    g_assert_false (typed_elsewhere->on_this_kiosk);
    g_assert_cmpint (typed_listed->result, ==, VT_STATUS_CHECK_DECIDED);
    g_assert_cmpstr (typed_listed->state, ==, "approved");

    vt_kiosk_key_list_add (here.keys, there.kiosk_id, vt_kiosk_key_get_public (there.key));
    known = check (&here, other_payload, list);
    g_assert_true (known->genuine);
    g_assert_cmpint (known->result, ==, VT_STATUS_CHECK_DECIDED);
    g_assert_cmpstr (known->kiosk_id, ==, there.kiosk_id);
  }

  /* Forged (signed by another key as this kiosk), mistyped, nonsense. */
  {
    g_autoptr(VtReceipt) receipt = vt_store_get_receipt_for (here.store, id, &error);
    g_autofree char *forged = vt_receipt_dup_signed_payload (receipt, here.kiosk_id, there.key, &error);
    g_autoptr(VtStatusCheck) not_genuine = check (&here, forged, list);
    g_autofree char *mistyped = g_strdup (code);
    g_autoptr(VtStatusCheck) typo = NULL;
    g_autoptr(VtStatusCheck) nonsense = check (&here, "hello", list);

    g_assert_cmpint (not_genuine->result, ==, VT_STATUS_CHECK_INVALID);
    g_assert_null (not_genuine->state);
    g_assert_nonnull (not_genuine->problem);
    mistyped[0] = mistyped[0] == 'A' ? 'B' : 'A';
    typo = check (&here, mistyped, list);
    g_assert_cmpint (typo->result, ==, VT_STATUS_CHECK_INVALID);
    g_assert_nonnull (strstr (typo->problem, "receipt"));
    g_assert_cmpint (nonsense->result, ==, VT_STATUS_CHECK_INVALID);
  }

  /* The list arrives as a form's attachment. */
  {
    g_autoptr(VtStatusList) from_store = NULL;

    g_assert_null (vt_status_check_load_list (here.store, "application_status.csv", &error));
    g_assert_no_error (error);
    vt_test_add_form_with_media (here.store, "application_status.csv", csv);
    from_store = vt_status_check_load_list (here.store, "application_status.csv", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (vt_status_list_get_size (from_store), ==, 2);
  }

  kiosk_close (&here);
  kiosk_close (&there);
}

/* One id per store, the same at every start. */
static void
test_identity (void)
{
  Kiosk k = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *again = NULL;

  kiosk_open (&k, "identity");
  g_assert_true (vt_kiosk_identity_is_valid (k.kiosk_id));
  again = vt_kiosk_identity_get (k.store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, k.kiosk_id);
  g_assert_false (vt_kiosk_identity_is_valid ("ventanilla:ABCDEF0123456789"));
  g_assert_false (vt_kiosk_identity_is_valid ("ventanilla:0123"));
  kiosk_close (&k);
}

/* Drop-offs: per form version, page (repeat positions folded) and reason,
 * counts only. */
static void
test_dropoffs (void)
{
  Kiosk k = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *key = vt_dropoff_page_key ("group:/data/member[12]/age[1]");
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpstr (key, ==, "group:/data/member/age");
  kiosk_open (&k, "dropoffs");
  g_assert_true (vt_dropoff_record (k.store, "household_benefit", "1", "/data/member[1]/age", VT_DROPOFF_IDLE, &error));
  g_assert_true (vt_dropoff_record (k.store, "household_benefit", "1", "/data/member[3]/age", VT_DROPOFF_IDLE, &error));
  g_assert_true (vt_dropoff_record (k.store, "household_benefit", "1", "/data/member[3]/age",
                                    VT_DROPOFF_START_AGAIN, &error));
  g_assert_true (vt_dropoff_record (k.store, "business_permit", "2", VT_DROPOFF_PAGE_REVIEW, VT_DROPOFF_IDLE, &error));
  g_assert_no_error (error);
  list = vt_store_list_dropoffs (k.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  {
    VtStoreDropoff *d = g_ptr_array_index (list, 1);

    g_assert_cmpstr (d->form_id, ==, "household_benefit");
    g_assert_cmpstr (d->page, ==, "/data/member/age");
    g_assert_cmpstr (d->reason, ==, "idle");
    g_assert_cmpuint (d->count, ==, 2);
  }

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", k.dir, "dropoffs", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "business_permit 2 review idle 1\n"
                            "household_benefit 1 /data/member/age idle 2\n"
                            "household_benefit 1 /data/member/age start-again 1\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", k.dir, "dropoffs", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"count\" : 2"));
  kiosk_close (&k);
}

/* The feedback: a submission of its own form, with the answer, the service
 * and the language and nothing of the application; held back when asked;
 * delivered to the test server like any submission. */
static void
test_feedback_delivered (void)
{
  Kiosk k = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VtTestServer) server = vt_test_server_new (NULL, &error);
  g_autoptr(VtConfig) config = vt_config_new_default ();
  g_autoptr(VtSyncRunner) runner = NULL;
  g_autoptr(VtSubmission) held = NULL;
  g_autoptr(VtSubmission) feedback = NULL;
  g_autofree char *id = NULL, *payload = NULL, *code = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *long_comment = g_strnfill (800, 'a');
  g_autoptr(VtSubmission) cut = NULL;
  g_autoptr(GPtrArray) claimed = NULL;
  g_autoptr(VtForm) form = vt_feedback_load_form (&error);
  VtStoreCounts counts;
  VtSyncReport report = { 0 };

  g_assert_no_error (error);
  g_assert_cmpstr (vt_form_get_id (form), ==, VT_FEEDBACK_FORM_ID);
  kiosk_open (&k, "feedback");
  code = apply (&k, &id, &payload);

  feedback = vt_feedback_new_submission (4, "  Fácil, gracias  ", "business_permit", "es", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (feedback->form_id, ==, VT_FEEDBACK_FORM_ID);
  g_assert_cmpstr (feedback->instance_id, !=, id);
  g_assert_true (vt_feedback_enqueue (k.store, feedback, "¿Qué tan fácil fue?", 0, &error));
  g_assert_no_error (error);

  /* Held back: not claimed now, due within the hour asked for. */
  held = vt_feedback_new_submission (1, NULL, "business_permit", "es", &error);
  g_assert_true (vt_feedback_enqueue (k.store, held, "¿Qué tan fácil fue?", 3600, &error));
  claimed = vt_store_claim (k.store, 10, G_USEC_PER_SEC, g_get_real_time (), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < claimed->len; i++)
    g_assert_cmpstr (((VtStoreItem *) g_ptr_array_index (claimed, i))->instance_id, !=, held->instance_id);
  for (guint i = 0; i < claimed->len; i++)
    vt_store_release (k.store, ((VtStoreItem *) g_ptr_array_index (claimed, i))->instance_id, "test",
                      0, g_get_real_time (), &error);
  g_assert_true (vt_store_get_counts (k.store, &counts, &error));

  /* A comment is kept to its limit. */
  cut = vt_feedback_new_submission (5, long_comment, "x", "es", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (cut->xml, "<comment>aaaa"));
  g_assert_null (strstr (cut->xml, long_comment));

  vt_config_set_data_dir (config, k.dir);
  config->server_url = g_strdup (vt_test_server_get_url (server));
  config->allow_http = TRUE;   /* the test server is plain http on this machine */
  config->retry_min_seconds = 0.005;
  config->retry_max_seconds = 0.1;
  runner = vt_sync_runner_new (config, k.store, &error);
  g_assert_no_error (error);
  g_assert_true (vt_sync_runner_pass (runner, VT_SYNC_PASS_SUBMISSIONS, NULL, &report));
  vt_sync_report_clear (&report);

  g_assert_true (vt_test_server_has_instance (server, id));
  g_assert_true (vt_test_server_has_instance (server, feedback->instance_id));
  g_assert_false (vt_test_server_has_instance (server, held->instance_id));
  xml = vt_test_server_get_xml (server, feedback->instance_id);
  g_test_message ("%s", xml);
  g_assert_nonnull (strstr (xml, "id=\"ventanilla_feedback\""));
  g_assert_nonnull (strstr (xml, "<ease>4</ease>"));
  g_assert_nonnull (strstr (xml, "<comment>Fácil, gracias</comment>"));
  g_assert_nonnull (strstr (xml, "<service>business_permit</service>"));
  /* Nothing that names the application or what the citizen answered in it. */
  g_assert_null (strstr (xml, id));
  g_assert_null (strstr (xml, id + 5));
  g_assert_null (strstr (xml, code));
  g_assert_null (strstr (xml, TYPED_NAME));
  g_assert_null (strstr (xml, k.kiosk_id));
  g_assert_null (strstr (xml, "time"));
  kiosk_close (&k);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vt/status-check/list-parse", test_list_parse);
  g_test_add_func ("/vt/status-check/list-refused", test_list_refused);
  g_test_add_func ("/vt/status-check/states", test_states);
  g_test_add_func ("/vt/status-check/identity", test_identity);
  g_test_add_func ("/vt/status-check/dropoffs", test_dropoffs);
  g_test_add_func ("/vt/status-check/feedback-delivered", test_feedback_delivered);
  return g_test_run ();
}
