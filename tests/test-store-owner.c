#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vt-bundle.h"
#include "vt-clerk.h"
#include "vt-form.h"
#include "vt-store-owner.h"
#include "vt-test-utils.h"

/* The kiosk's one way to its store: every call but the enqueue commit runs
 * on the owner's own thread, in the order made, and comes back on the main
 * context; the enqueue commits on the caller's thread. */

typedef struct
{
  char         *dir;
  VtStoreOwner *owner;
  guint         outbox_changes;
} Fixture;

static GThread *main_thread;

static void
outbox_changed_cb (VtStoreOwner *owner,
                   Fixture      *f)
{
  g_assert_true (g_thread_self () == main_thread);
  f->outbox_changes++;
}

/* ---- waiting for one call ---------------------------------------------- */

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Wait *wait = data;

  /* Results come back on the main context, never on the worker. */
  g_assert_true (g_thread_self () == main_thread);
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_assert_null (wait->result);
  wait->result = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return ((Wait *) data)->result != NULL;
}

/* The result of the call just made with store_result_cb and &wait. */
static GAsyncResult *
wait_for (Wait *wait)
{
  vt_test_wait_until (has_result, wait, 20000, "the store owner's answer");
  return wait->result;
}

static void
open_owner (Fixture *f)
{
  Wait wait = { 0 };
  g_autoptr(GError) error = NULL;

  vt_store_owner_open_async (f->owner, NULL, store_result_cb, &wait);
  g_assert_true (vt_store_owner_open_finish (f->owner, wait_for (&wait), &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = vt_test_make_tmpdir ("store-owner");
  f->owner = vt_store_owner_new (f->dir);
  g_signal_connect (f->owner, "outbox-changed", G_CALLBACK (outbox_changed_cb), f);
  if (data == NULL)
    open_owner (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* Every call has returned: the owner goes now, on this thread. */
  g_assert_finalize_object (g_steal_pointer (&f->owner));
  vt_test_rmdir_recursive (f->dir);
  g_free (f->dir);
}

static char *
enqueue (Fixture *f,
         guint    n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("uuid:%08u-aaaa-4bbb-8ccc-dddddddddddd", n);
  g_autofree char *xml = g_strdup_printf ("<data id=\"permit\"><meta><instanceID>%s</instanceID></meta></data>", id);
  VtSubmission submission = { id, (char *) "permit", (char *) "1", xml, NULL };
  VtStoreEnqueueOptions options = { 0 };
  char *code;

  options.service_title = "Building permit";
  code = vt_store_owner_enqueue (f->owner, &submission, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (code);
  return code;
}

/* ---- order and threads -------------------------------------------------- */

typedef struct
{
  GThread   *main_thread;
  GMutex     lock;
  GPtrArray *ran;                  /* the order the calls ran in */
  GThread   *worker;               /* the thread they ran on */
} Order;

typedef struct
{
  Order *order;
  guint  n;
} Step;

static gpointer
step_func (VtStore   *store,
           gpointer   data,
           GError   **error)
{
  Step *step = data;

  g_assert_nonnull (store);
  g_assert_true (g_thread_self () != step->order->main_thread);
  g_mutex_lock (&step->order->lock);
  if (step->order->worker == NULL)
    step->order->worker = g_thread_self ();
  g_assert_true (step->order->worker == g_thread_self ());
  g_ptr_array_add (step->order->ran, GUINT_TO_POINTER (step->n));
  g_mutex_unlock (&step->order->lock);
  return GUINT_TO_POINTER (step->n + 1);
}

typedef struct
{
  VtStoreOwner *owner;
  GPtrArray    *returned;
} Returns;

static void
step_returned_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  Returns *returns = data;
  g_autoptr(GError) error = NULL;
  gpointer value = vt_store_owner_run_finish (returns->owner, result, &error);

  g_assert_no_error (error);
  g_ptr_array_add (returns->returned, value);
}

static gboolean
all_returned (gpointer data)
{
  return ((Returns *) data)->returned->len == 20;
}

static void
test_calls_in_order_off_main (Fixture       *f,
                              gconstpointer  data)
{
  Order order = { g_thread_self () };
  Returns returns = { f->owner, g_ptr_array_new () };

  order.ran = g_ptr_array_new ();
  g_mutex_init (&order.lock);
  for (guint n = 0; n < 20; n++)
    {
      Step *step = g_new0 (Step, 1);

      step->order = &order;
      step->n = n;
      vt_store_owner_run_async (f->owner, step_func, step, g_free, NULL, NULL, step_returned_cb, &returns);
    }
  /* Nothing has run on this thread yet. */
  g_assert_cmpuint (returns.returned->len, ==, 0);
  vt_test_wait_until (all_returned, &returns, 20000, "twenty calls");

  g_assert_nonnull (order.worker);
  for (guint n = 0; n < 20; n++)
    {
      g_assert_cmpuint (GPOINTER_TO_UINT (g_ptr_array_index (order.ran, n)), ==, n);
      g_assert_cmpuint (GPOINTER_TO_UINT (g_ptr_array_index (returns.returned, n)), ==, n + 1);
    }
  g_mutex_clear (&order.lock);
  g_ptr_array_unref (order.ran);
  g_ptr_array_unref (returns.returned);
}

/* Calls made before the open has finished wait behind it. */
static void
test_calls_wait_for_open (Fixture       *f,
                          gconstpointer  data)
{
  Wait opened = { 0 };
  Wait counted = { 0 };
  g_autoptr(GError) error = NULL;
  VtStoreCounts counts = { 0 };
  g_autofree char *code = NULL;

  vt_store_owner_open_async (f->owner, NULL, store_result_cb, &opened);
  vt_store_owner_get_counts_async (f->owner, NULL, store_result_cb, &counted);
  /* Still starting: the enqueue says so, and nothing is lost. */
  {
    VtSubmission submission = { (char *) "uuid:early", (char *) "permit", (char *) "1",
                                (char *) "<data><meta><instanceID>uuid:early</instanceID></meta></data>", NULL };
    VtStoreEnqueueOptions options = { .service_title = "Building permit" };

    g_assert_null (vt_store_owner_enqueue (f->owner, &submission, &options, &error));
    g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "still starting"));
    g_clear_error (&error);
  }

  g_assert_true (vt_store_owner_get_counts_finish (f->owner, wait_for (&counted), &counts, &error));
  g_assert_no_error (error);
  g_assert_nonnull (opened.result);
  g_assert_true (vt_store_owner_open_finish (f->owner, opened.result, &error));
  g_assert_cmpuint (counts.n[VT_STORE_STATE_QUEUED], ==, 0);
  g_clear_object (&opened.result);
  g_clear_object (&counted.result);

  code = enqueue (f, 1);
  g_assert_cmpuint (f->outbox_changes, ==, 1);
}

/* A data directory that cannot hold a database: the open fails, and so
 * do the calls and the enqueue, with the same message. */
static void
test_open_fails (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *file = vt_test_write_file (f->dir, "not-a-dir", "x");
  g_autoptr(VtStoreOwner) owner = vt_store_owner_new (file);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) later = NULL;
  Wait opened = { 0 };
  Wait listed = { 0 };

  vt_store_owner_open_async (owner, NULL, store_result_cb, &opened);
  vt_store_owner_list_submissions_async (owner, VT_STORE_ALL_STATES, 0, NULL, store_result_cb, &listed);
  g_assert_null (vt_store_owner_list_submissions_finish (owner, wait_for (&listed), &later));
  g_assert_false (vt_store_owner_open_finish (owner, opened.result, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (later);
  g_assert_cmpstr (later->message, ==, error->message);
  g_clear_object (&opened.result);
  g_clear_object (&listed.result);

  {
    VtSubmission submission = { (char *) "uuid:x", (char *) "permit", (char *) "1",
                                (char *) "<data><meta><instanceID>uuid:x</instanceID></meta></data>", NULL };
    VtStoreEnqueueOptions options = { .service_title = "Building permit" };
    g_autoptr(GError) enqueue_error = NULL;

    g_assert_null (vt_store_owner_enqueue (owner, &submission, &options, &enqueue_error));
    g_assert_cmpstr (enqueue_error->message, ==, error->message);
  }
  g_assert_finalize_object (g_steal_pointer (&owner));
}

/* ---- what the kiosk asks of it ------------------------------------------- */

static void
test_outbox_calls (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *code1 = enqueue (f, 1);
  g_autofree char *code2 = enqueue (f, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(VtReceipt) receipt = NULL;
  g_autoptr(GPtrArray) events = NULL;
  VtStoreCounts counts = { 0 };
  Wait wait = { 0 };

  g_assert_cmpuint (f->outbox_changes, ==, 2);

  vt_store_owner_get_counts_async (f->owner, NULL, store_result_cb, &wait);
  g_assert_true (vt_store_owner_get_counts_finish (f->owner, wait_for (&wait), &counts, &error));
  g_assert_cmpuint (counts.n[VT_STORE_STATE_QUEUED], ==, 2);
  g_clear_object (&wait.result);

  vt_store_owner_check_writable_async (f->owner, NULL, store_result_cb, &wait);
  g_assert_true (vt_store_owner_check_writable_finish (f->owner, wait_for (&wait), &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);

  vt_store_owner_list_submissions_async (f->owner, VT_STORE_STATE_MASK (VT_STORE_STATE_QUEUED), 0, NULL,
                                         store_result_cb, &wait);
  rows = vt_store_owner_list_submissions_finish (f->owner, wait_for (&wait), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_clear_object (&wait.result);

  /* Looked up by the code as typed, and by instanceID. */
  {
    g_autofree char *loose = g_ascii_strdown (code2, -1);

    vt_store_owner_get_receipt_async (f->owner, loose, NULL, NULL, store_result_cb, &wait);
    receipt = vt_store_owner_get_receipt_finish (f->owner, wait_for (&wait), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (receipt->reference_code, ==, code2);
    g_clear_object (&wait.result);
  }
  g_clear_pointer (&receipt, vt_receipt_free);
  vt_store_owner_get_receipt_async (f->owner, NULL, "uuid:00000001-aaaa-4bbb-8ccc-dddddddddddd", NULL,
                                    store_result_cb, &wait);
  receipt = vt_store_owner_get_receipt_finish (f->owner, wait_for (&wait), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (receipt->reference_code, ==, code1);
  g_assert_false (receipt->sent);
  g_clear_object (&wait.result);

  /* A discard changes the outbox; an event does not. */
  vt_store_owner_discard_async (f->owner, "uuid:00000002-aaaa-4bbb-8ccc-dddddddddddd", "Duplicate of 1",
                                "clerk:Rosa", g_get_real_time (), NULL, store_result_cb, &wait);
  g_assert_true (vt_store_owner_discard_finish (f->owner, wait_for (&wait), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->outbox_changes, ==, 3);
  g_clear_object (&wait.result);

  vt_store_owner_add_event_async (f->owner, NULL, "test-event", "clerk:Rosa", "detail", NULL,
                                  store_result_cb, &wait);
  g_assert_true (vt_store_owner_add_event_finish (f->owner, wait_for (&wait), &error));
  g_assert_cmpuint (f->outbox_changes, ==, 3);
  g_clear_object (&wait.result);

  /* A requeue of a row that was never refused is refused, and changes
   * nothing. */
  vt_store_owner_requeue_async (f->owner, "uuid:00000001-aaaa-4bbb-8ccc-dddddddddddd", "clerk:Rosa",
                                g_get_real_time (), NULL, store_result_cb, &wait);
  g_assert_false (vt_store_owner_requeue_finish (f->owner, wait_for (&wait), &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_assert_cmpuint (f->outbox_changes, ==, 3);
  g_clear_object (&wait.result);

  /* A call the caller gave up on comes back cancelled. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    g_cancellable_cancel (cancellable);
    vt_store_owner_get_counts_async (f->owner, cancellable, store_result_cb, &wait);
    g_assert_false (vt_store_owner_get_counts_finish (f->owner, wait_for (&wait), &counts, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_clear_object (&wait.result);
  }

  /* What the owner wrote, another connection reads. */
  {
    g_autoptr(VtStore) store = vt_store_open (f->dir, &error);

    g_assert_no_error (error);
    events = vt_store_list_events (store, NULL, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (((VtStoreEvent *) g_ptr_array_index (events, events->len - 1))->what, ==, "test-event");
  }
}

static void
test_pin_and_export (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *code = enqueue (f, 7);
  g_autofree char *usb = g_build_filename (f->dir, "usb", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  gint64 locked_until = -1;
  guint n = 0;
  Wait wait = { 0 };

  {
    g_autoptr(VtStore) store = vt_store_open (f->dir, &error);

    g_assert_no_error (error);
    g_assert_true (vt_clerk_set_pin (store, "4826", &error));
  }

  vt_store_owner_verify_pin_async (f->owner, "1111", g_get_real_time (), NULL, store_result_cb, &wait);
  g_assert_cmpint (vt_store_owner_verify_pin_finish (f->owner, wait_for (&wait), &locked_until, &error), ==,
                   VT_CLERK_PIN_WRONG);
  g_assert_no_error (error);
  g_assert_cmpint (locked_until, ==, 0);
  g_clear_object (&wait.result);

  vt_store_owner_verify_pin_async (f->owner, "4826", g_get_real_time (), NULL, store_result_cb, &wait);
  g_assert_cmpint (vt_store_owner_verify_pin_finish (f->owner, wait_for (&wait), NULL, &error), ==,
                   VT_CLERK_PIN_OK);
  g_clear_object (&wait.result);

  g_assert_cmpint (g_mkdir (usb, 0700), ==, 0);
  vt_store_owner_export_async (f->owner, "Oficina Sur", usb, "clerk:Rosa", NULL, NULL, store_result_cb, &wait);
  path = vt_store_owner_export_finish (f->owner, wait_for (&wait), &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (g_str_has_prefix (path, usb));
  {
    g_autoptr(VtBundle) bundle = vt_bundle_load (path, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (bundle->items->len, ==, 1);
    /* Signed with the kiosk's key, made beside the database. */
    g_assert_nonnull (bundle->signer_key);
  }
  g_clear_object (&wait.result);
}

static void
test_drafts (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (vt_test_source_root (), "data", "forms", "street_problem.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = vt_form_load_file (path, &error);
  g_autoptr(VtSession) session = NULL;
  g_autoptr(VtSession) resumed = NULL;
  g_autoptr(VtDraftInfo) info = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autofree char *code = NULL;
  g_autofree char *street = NULL;
  gint64 started = g_get_real_time () - 60 * G_USEC_PER_SEC;
  Wait wait = { 0 };

  g_assert_no_error (error);
  /* The form the draft names must be in the store to resume it. */
  {
    g_autoptr(VtStore) store = vt_store_open (f->dir, &error);
    VtStoreForm record = { (char *) vt_form_get_id (form), (char *) vt_form_get_version (form),
                           (char *) "Street problem", NULL, (char *) vt_form_get_xml (form), NULL,
                           (char *) "bundled", TRUE, 0 };

    g_assert_true (vt_store_add_form (store, &record, &error));
  }
  session = vt_session_new (form, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vt_session_set_answer (session, "/data/place/street", "Rivera 1450", &error));

  vt_store_owner_save_draft_async (f->owner, session, NULL, "Rosa", "Street problem", started,
                                   g_get_real_time (), NULL, store_result_cb, &wait);
  /* The answers were read before the call returned: the session may go. */
  g_clear_pointer (&session, vt_session_free);
  code = vt_store_owner_save_draft_finish (f->owner, wait_for (&wait), &error);
  g_assert_no_error (error);
  g_assert_nonnull (code);
  g_clear_object (&wait.result);

  vt_store_owner_list_drafts_async (f->owner, 7, g_get_real_time (), NULL, store_result_cb, &wait);
  drafts = vt_store_owner_list_drafts_finish (f->owner, wait_for (&wait), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 1);
  g_assert_cmpstr (((VtDraftInfo *) g_ptr_array_index (drafts, 0))->reference, ==, code);
  g_assert_cmpint (((VtDraftInfo *) g_ptr_array_index (drafts, 0))->created_at, ==, started);
  g_clear_object (&wait.result);

  vt_store_owner_resume_draft_async (f->owner, code, 7, g_get_real_time (), NULL, store_result_cb, &wait);
  resumed = vt_store_owner_resume_draft_finish (f->owner, wait_for (&wait), &info, &error);
  g_assert_no_error (error);
  street = vt_session_dup_answer (resumed, "/data/place/street");
  g_assert_cmpstr (street, ==, "Rivera 1450");
  g_assert_cmpstr (info->saved_by, ==, "Rosa");
  g_clear_object (&wait.result);

  vt_store_owner_delete_draft_async (f->owner, code, "Rosa", NULL, store_result_cb, &wait);
  g_assert_true (vt_store_owner_delete_draft_finish (f->owner, wait_for (&wait), &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);

  vt_store_owner_resume_draft_async (f->owner, code, 7, g_get_real_time (), NULL, store_result_cb, &wait);
  g_assert_null (vt_store_owner_resume_draft_finish (f->owner, wait_for (&wait), NULL, &error));
  g_assert_error (error, VT_DRAFT_ERROR, VT_DRAFT_ERROR_NOT_FOUND);
  g_clear_object (&wait.result);
}

static void
test_services (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *forms_dir = g_build_filename (vt_test_source_root (), "data", "forms", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) services = NULL;
  Wait wait = { 0 };
  int added;

  vt_store_owner_add_demo_forms_async (f->owner, forms_dir, NULL, store_result_cb, &wait);
  added = vt_store_owner_add_demo_forms_finish (f->owner, wait_for (&wait), &error);
  g_assert_no_error (error);
  g_assert_cmpint (added, >=, 5);
  g_clear_object (&wait.result);

  vt_store_owner_load_services_async (f->owner, NULL, store_result_cb, &wait);
  services = vt_store_owner_load_services_finish (f->owner, wait_for (&wait), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, (guint) added);
  g_assert_nonnull (vt_form_get_id (g_ptr_array_index (services, 0)));
  g_clear_object (&wait.result);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();

  g_test_add ("/vt/store-owner/calls-in-order-off-main", Fixture, NULL, fixture_set_up,
              test_calls_in_order_off_main, fixture_tear_down);
  g_test_add ("/vt/store-owner/calls-wait-for-open", Fixture, "not opened", fixture_set_up,
              test_calls_wait_for_open, fixture_tear_down);
  g_test_add ("/vt/store-owner/open-fails", Fixture, "not opened", fixture_set_up, test_open_fails,
              fixture_tear_down);
  g_test_add ("/vt/store-owner/outbox-calls", Fixture, NULL, fixture_set_up, test_outbox_calls, fixture_tear_down);
  g_test_add ("/vt/store-owner/pin-and-export", Fixture, NULL, fixture_set_up, test_pin_and_export,
              fixture_tear_down);
  g_test_add ("/vt/store-owner/drafts", Fixture, NULL, fixture_set_up, test_drafts, fixture_tear_down);
  g_test_add ("/vt/store-owner/services", Fixture, NULL, fixture_set_up, test_services, fixture_tear_down);

  return g_test_run ();
}
