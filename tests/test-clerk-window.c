#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "vt-clerk.h"
#include "vt-clerk-pin-pad.h"
#include "vt-kiosk-identity.h"
#include "vt-kiosk-key.h"
#include "vt-receipt-page.h"
#include "vt-store.h"
#include "vt-language.h"
#include "vt-test-app.h"
#include "vt-test-dashboard.h"
#include "vt-test-utils.h"
#include "vt-window.h"
#include "vt-consent-page.h"
#include <json-glib/json-glib.h>

/* Clerk mode on the real kiosk window. */

static gboolean
is_active (gpointer data)
{
  return vt_clerk_mode_get_active (data);
}

static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
enter_clerk_mode (VtClerkMode *mode,
                  const char  *name)
{
  VtClerkPinPad *pad;

  /* The pad is made in the language shown when clerk mode is asked for. */
  vt_clerk_mode_request (mode);
  pad = VT_CLERK_PIN_PAD (vt_clerk_mode_get_pin_pad (mode));
  vt_clerk_pin_pad_set_name (pad, name);
  for (const char *p = "8642"; *p != '\0'; p++)
    {
      char key[2] = { *p, '\0' };
      vt_clerk_pin_pad_press (pad, key);
    }
  vt_clerk_pin_pad_press (pad, "ok");
  vt_test_wait_until (is_active, mode, 10000, "clerk mode to start");
}

/* One application per test program, as on a kiosk; one data directory. */
static VtApplication *app;
static char *data_dir;

static gboolean
no_drafts (gpointer data)
{
  g_autoptr(GPtrArray) drafts = vt_store_list_drafts (data, NULL);

  return drafts != NULL && drafts->len == 0;
}

static gboolean
draft_notice_shown (gpointer data)
{
  return vt_window_get_draft_notice (data) != NULL;
}

static gboolean
dashboard_idle (gpointer data)
{
  return vt_clerk_dashboard_get_pending (data) == 0;
}

static void
test_clerk_on_window (void)
{
  const char *dir = data_dir;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  VtWindow *window;
  VtClerkMode *mode;
  VtClerkDashboard *dash;
  GtkWidget *layer;

  {
    g_autoptr(VtStore) store = vt_store_open (dir, &error);
    VtSubmission submission = { (char *) "uuid:1", (char *) "permit", (char *) "1",
                                (char *) "<data id=\"permit\"><meta><instanceID>uuid:1</instanceID></meta></data>",
                                NULL };
    VtStoreEnqueueOptions options = { 0 };

    g_assert_no_error (error);
    options.service_title = "Building permit";
    code = vt_store_enqueue (store, &submission, &options, &error);
    g_assert_no_error (error);
  }

  window = vt_test_app_open_window (app);
  mode = vt_window_get_clerk_mode (window);
  g_assert_nonnull (mode);
  layer = vt_clerk_mode_get_layer (mode);
  g_assert_true (GTK_IS_OVERLAY (gtk_widget_get_parent (layer)));
  g_assert_true (gtk_widget_get_ancestor (layer, VT_TYPE_WINDOW) == GTK_WIDGET (window));
  g_assert_false (gtk_widget_get_visible (layer));
  dash = VT_CLERK_DASHBOARD (vt_clerk_mode_get_dashboard (mode));

  /* A citizen cannot close the kiosk. */
  gtk_window_close (GTK_WINDOW (window));
  vt_test_iterate ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* Reprint: the receipt comes back on screen, clerk mode ends. */
  enter_clerk_mode (mode, "Ana");
  gtk_editable_set_text (dashboard_field (dash, "Reference code"), code);
  vt_test_click (dashboard_button (dash, "Reprint receipt"));
  vt_test_wait_screen (window, VT_SCREEN_RECEIPT);
  g_assert_cmpstr (vt_receipt_page_get_reference (VT_RECEIPT_PAGE (vt_window_get_page (window))), ==, code);
  g_assert_false (vt_clerk_mode_get_active (mode));
  g_assert_false (gtk_widget_get_visible (layer));

  /* An application for someone else: the window remembers the clerk. */
  enter_clerk_mode (mode, "Ana");
  vt_test_click (dashboard_button (dash, "Start an application for someone"));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  g_assert_cmpstr (vt_window_get_assisted_by (window), ==, "Ana");
  g_assert_false (vt_clerk_mode_get_active (mode));

  /* The kiosk's own worker is wired to the dashboard; with no server
   * configured, "Sync now" says what to do instead of pretending, in the
   * kiosk's language (its configuration's first). */
  vt_test_wait_catalogue (app);
  g_assert_true (vt_clerk_mode_get_sync (mode) == vt_application_get_sync (app));
  enter_clerk_mode (mode, "Ana");
  vt_test_click (dashboard_button (dash, "Sync now"));
  g_assert_true (dashboard_message_is_error (dash));
  g_assert_true (dashboard_shows (dash, "no server"));

  /* Leaving the kiosk closes the window and ends the kiosk with the exit
   * status its unit does not restart (ventanilla-kiosk.service). */
  g_assert_cmpint (vt_application_get_exit_status (app), ==, 0);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  vt_test_click (dashboard_button (dash, "Leave the kiosk (maintenance)"));
  vt_test_wait_until (pointer_is_null, &window, 10000, "the kiosk window to close");
  g_assert_cmpint (vt_application_get_exit_status (app), ==, VT_EXIT_MAINTENANCE);
}

static void
fill_from_fixture (VtSession  *session,
                   const char *form_id)
{
  g_autoptr(JsonParser) parser = vt_test_load_fixture_answers (form_id);
  g_autoptr(GError) error = NULL;
  JsonObject *answers;
  GList *members;

  answers = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (answers);
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_assert_true (vt_session_set_answer (session, l->data, json_object_get_string_member (answers, l->data),
                                            &error));
      g_assert_no_error (error);
    }
  g_list_free (members);
}

/* The receipt on screen carries a signed payload (not the unsigned code
 * it shows until the kiosk's key has signed it). */
static gboolean
receipt_signed (gpointer data)
{
  GtkWidget *page = vt_window_get_page (VT_WINDOW (data));
  g_autoptr(VtReceiptPayload) payload = NULL;

  if (!VT_IS_RECEIPT_PAGE (page))
    return FALSE;
  payload = vt_receipt_payload_parse (vt_receipt_page_get_qr_text (VT_RECEIPT_PAGE (page)), NULL);
  return payload != NULL && payload->version == VT_RECEIPT_PAYLOAD_VERSION;
}

/* A clerk starts an application for someone, saves it as a draft, resumes
 * it from the dashboard, confirms consent, and the submission records it. */
static void
test_assisted_and_draft (void)
{
  const char *dir = data_dir;
  g_autoptr(GError) error = NULL;
  g_autofree char *draft_code = NULL;
  g_autoptr(VtStore) store = NULL;
  VtWindow *window;
  VtClerkMode *mode;
  VtClerkDashboard *dash;
  GtkWidget *check;
  GtkWidget *send;

  store = vt_store_open (dir, &error);
  g_assert_no_error (error);

  window = vt_test_app_open_window (app);
  vt_test_wait_catalogue (app);
  mode = vt_window_get_clerk_mode (window);
  dash = VT_CLERK_DASHBOARD (vt_clerk_mode_get_dashboard (mode));

  enter_clerk_mode (mode, "Ana");
  vt_test_click (dashboard_button (dash, "Start an application for someone"));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  g_assert_false (gtk_widget_get_visible (vt_window_get_draft_button (window)));

  vt_window_start_service (window, "street_problem");
  vt_test_wait_screen (window, VT_SCREEN_QUESTION);
  g_assert_true (gtk_widget_get_visible (vt_window_get_draft_button (window)));
  fill_from_fixture (vt_flow_get_session (vt_window_get_flow (window)), "street_problem");

  /* Save as draft: the applicant's answers leave the screen, the clerk gets a code. */
  vt_test_click (vt_window_get_draft_button (window));
  vt_test_wait_until (draft_notice_shown, window, 10000, "the draft's code");
  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  g_assert_null (vt_window_get_assisted_by (window));
  g_assert_false (vt_window_has_session (window));
  {
    g_autoptr(GPtrArray) drafts = vt_store_list_drafts (store, &error);
    g_assert_cmpuint (drafts->len, ==, 1);
    draft_code = g_strdup (((VtStoreDraft *) drafts->pdata[0])->id);
    g_assert_cmpstr (((VtStoreDraft *) drafts->pdata[0])->saved_by, ==, "Ana");
  }
  g_assert_nonnull (strstr (vt_window_get_draft_notice_text (window), draft_code));
  vt_test_click (vt_test_find_button (vt_window_get_draft_notice (window), "OK"));
  g_assert_null (vt_window_get_draft_notice (window));

  /* Resume from the dashboard. */
  enter_clerk_mode (mode, "Ana");
  vt_test_wait_until (dashboard_idle, dash, 10000, "the dashboard's rows");
  vt_test_click (vt_clerk_dashboard_get_row_button (dash, draft_code, "resume"));
  vt_test_wait_screen (window, VT_SCREEN_QUESTION);
  g_assert_false (vt_clerk_mode_get_active (mode));
  g_assert_cmpstr (vt_window_get_assisted_by (window), ==, "Ana");
  {
    g_autofree char *street = vt_window_dup_answer (window, "/data/place/street");
    g_assert_cmpstr (street, ==, "Rivera 1450, frente a la escuela");
  }

  /* Consent: Send waits for the clerk's confirmation. */
  vt_window_show_screen (window, VT_SCREEN_CONSENT);
  vt_test_wait_screen (window, VT_SCREEN_CONSENT);
  send = vt_consent_page_get_send_button (VT_CONSENT_PAGE (vt_window_get_page (window)));
  check = vt_consent_page_get_assisted_check (VT_CONSENT_PAGE (vt_window_get_page (window)));
  g_assert_true (gtk_widget_get_visible (check));
  g_assert_cmpstr (vt_consent_page_get_assisted_by (VT_CONSENT_PAGE (vt_window_get_page (window))), ==, "Ana");
  g_assert_nonnull (strstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (check)), "Ana"));
  g_assert_false (gtk_widget_get_sensitive (send));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_true (gtk_widget_get_sensitive (send));
  vt_test_click (send);
  vt_test_wait_screen (window, VT_SCREEN_RECEIPT);

  /* Recorded in the XML, on the receipt, and the draft is gone (the store
   * owner deletes it right after the commit). */
  vt_test_wait_until (no_drafts, store, 10000, "the resumed draft to be deleted");
  {
    const char *code = vt_window_get_receipt_reference (window);
    g_autoptr(VtReceipt) receipt = vt_store_get_receipt (store, code, &error);
    g_autoptr(VtStoreItem) item = NULL;
    g_autoptr(GPtrArray) drafts = vt_store_list_drafts (store, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (receipt->assisted_by, ==, "Ana");
    item = vt_store_get_item (store, receipt->instance_id, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (item->xml, "userID>Ana</"));
    g_assert_cmpuint (drafts->len, ==, 0);
  }

  /* The receipt's QR code is signed by this kiosk, and a clerk's reprint
   * carries the same text. */
  {
    const char *code = vt_window_get_receipt_reference (window);
    g_autofree char *first = NULL;
    g_autoptr(VtReceiptPayload) payload = NULL;
    g_autoptr(VtKioskKey) key = vt_kiosk_key_load_existing (dir, &error);
    g_autofree char *kiosk_id = vt_kiosk_identity_get (store, &error);
    g_autoptr(VtKioskKeyList) keys = vt_kiosk_key_list_new ();
    g_autofree char *reprint_code = g_strdup (code);

    /* Signed on the store's worker a moment after the commit. */
    vt_test_wait_until (receipt_signed, window, 10000, "the receipt to be signed");
    first = g_strdup (vt_receipt_page_get_qr_text (VT_RECEIPT_PAGE (vt_window_get_page (window))));
    payload = vt_receipt_payload_parse (first, &error);
    g_assert_no_error (error);
    g_assert_nonnull (key);
    g_assert_cmpint (payload->version, ==, VT_RECEIPT_PAYLOAD_VERSION);
    g_assert_cmpstr (payload->reference_code, ==, code);
    g_assert_cmpstr (payload->form_id, ==, "street_problem");
    vt_kiosk_key_list_add (keys, kiosk_id, vt_kiosk_key_get_public (key));
    g_assert_true (vt_receipt_payload_verify (payload, keys, &error));
    g_assert_no_error (error);

    vt_window_show_screen (window, VT_SCREEN_WELCOME);
    enter_clerk_mode (mode, "Ana");
    gtk_editable_set_text (dashboard_field (dash, "Reference code"), reprint_code);
    vt_test_click (dashboard_button (dash, "Reprint receipt"));
    vt_test_wait_screen (window, VT_SCREEN_RECEIPT);
    vt_test_wait_until (receipt_signed, window, 10000, "the reprint to be signed");
    g_assert_cmpstr (vt_receipt_page_get_qr_text (VT_RECEIPT_PAGE (vt_window_get_page (window))), ==, first);
  }

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  vt_window_set_allow_close (window, TRUE);
  gtk_window_close (GTK_WINDOW (window));
  vt_test_wait_until (pointer_is_null, &window, 10000, "the kiosk window to close");
}

static gboolean
pad_answered (gpointer data)
{
  const char *text = vt_clerk_pin_pad_get_message (data);

  return text != NULL && text[0] != '\0' && !g_str_equal (text, "Vérification…");
}

/* The citizen chose French: the clerk who comes next meets French too,
 * the PIN pad's own words and what it says about the PIN alike, then the
 * dashboard's. */
static void
test_clerk_follows_language (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  VtClerkMode *mode = vt_window_get_clerk_mode (window);
  VtClerkPinPad *pad;
  VtClerkDashboard *dash;

  vt_test_wait_catalogue (app);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.language", "s", "fr");
  vt_clerk_mode_request (mode);
  pad = VT_CLERK_PIN_PAD (vt_clerk_mode_get_pin_pad (mode));
  g_assert_true (vt_test_has_label (GTK_WIDGET (pad), "Accès agent"));
  for (const char *p = "1111"; *p != '\0'; p++)
    {
      char key[2] = { *p, '\0' };
      vt_clerk_pin_pad_press (pad, key);
    }
  vt_clerk_pin_pad_press (pad, "ok");
  vt_test_wait_until (pad_answered, pad, 10000, "the wrong PIN to be checked");
  g_assert_cmpstr (vt_clerk_pin_pad_get_message (pad), ==, "PIN incorrect. Réessayez.");
  vt_clerk_mode_end (mode, "test");

  enter_clerk_mode (mode, "Ana");
  dash = VT_CLERK_DASHBOARD (vt_clerk_mode_get_dashboard (mode));
  g_assert_nonnull (dashboard_button_or_null (dash, "Synchroniser maintenant"));
  vt_clerk_mode_end (mode, "test");

  /* The next citizen starts in the kiosk's own language, and so does the
   * clerk after them. */
  vt_window_reset (window);
  vt_clerk_mode_request (mode);
  g_assert_true (vt_test_has_label (vt_clerk_mode_get_pin_pad (mode), "Clerk access"));
  vt_clerk_mode_end (mode, "test");

  vt_test_close_kiosk (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  vt_test_gtk_init (&argc, &argv);

  data_dir = vt_test_make_tmpdir ("clerk-window");
  {
    g_autoptr(VtStore) store = vt_store_open (data_dir, &error);
    g_assert_no_error (error);
    g_assert_true (vt_clerk_set_pin (store, "8642", &error));
  }
  /* English first: the messages these cases check are English. */
  app = vt_test_app_new ("[kiosk]\nlanguages=en;es\n", data_dir, TRUE);

  g_test_add_func ("/vt/clerk-window/on-window", test_clerk_on_window);
  g_test_add_func ("/vt/clerk-window/assisted-and-draft", test_assisted_and_draft);
  g_test_add_func ("/vt/clerk-window/follows-language", test_clerk_follows_language);

  status = g_test_run ();
  g_clear_object (&app);
  vt_test_rmdir_recursive (data_dir);
  g_free (data_dir);
  return status;
}
