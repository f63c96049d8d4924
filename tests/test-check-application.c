/* "Check an application" on the kiosk, driven as a citizen would: from
 * Welcome, a reference code typed on a physical keyboard or on the
 * on-screen keyboard, or a receipt's QR code as a USB scanner types it
 * (xdotool types its text and Return into whatever has focus, as the
 * scanner does); for each state (waiting on this kiosk, held for the
 * staff, sent, the municipality's decision with its message, not known
 * here, mistyped, not genuine) the answer in words, in Spanish.  Nothing
 * typed outlives the page: Back and the idle wipe take it. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vt-kiosk-identity.h"
#include "vt-receipt.h"
#include "vt-status-check-page.h"
#include "vt-store.h"
#include "vt-test-app.h"
#include "vt-test-utils.h"
#include "vt-welcome-page.h"
#include "vt-window.h"

static const char *config_text =
  "[kiosk]\n"
  "languages=es;pt_BR;en;fr;ht\n"
  "idle-seconds=600\n"
  "countdown-seconds=20\n"
  "on-screen-keyboard=always\n"
  "[receipts]\n"
  "status-list=application_status.csv\n";

static VtApplication *app;
static char *data_dir;

/* The applications this kiosk holds, one in each state. */
typedef struct
{
  char *code;
  char *instance_id;
  char *payload;                   /* its receipt's QR code text */
} Application;

static Application waiting, held, sent, decided;
static char *unknown_code;         /* a well-formed code of nothing */

static void
apply (VtStore     *store,
       Application *a,
       const char  *title)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  VtSubmission submission = { 0 };
  VtStoreEnqueueOptions options = { .service_title = title };

  a->instance_id = g_strconcat ("uuid:", uuid, NULL);
  submission.instance_id = a->instance_id;
  submission.form_id = (char *) "business_permit";
  submission.form_version = (char *) "2026112801";
  submission.xml = g_strdup_printf ("<data id=\"business_permit\"><meta><instanceID>%s</instanceID></meta></data>",
                                    a->instance_id);
  a->code = vt_store_enqueue (store, &submission, &options, &error);
  g_free (submission.xml);
  g_assert_no_error (error);
  a->payload = vt_kiosk_identity_sign_receipt (store, data_dir, a->instance_id, &error);
  g_assert_no_error (error);
}

/* The one queued application, as the sync worker would take it. */
static void
claim_one (VtStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claimed = vt_store_claim (store, 1, 60 * G_USEC_PER_SEC, g_get_real_time (), &error);

  g_assert_no_error (error);
  g_assert_cmpuint (claimed->len, ==, 1);
}

static void
setup_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = vt_store_open (data_dir, &error);
  g_autofree char *csv = NULL;
  gint64 now = g_get_real_time ();

  g_assert_no_error (error);
  apply (store, &held, "Permiso de venta");
  claim_one (store);
  g_assert_true (vt_store_mark_rejected (store, held.instance_id, 400, "bad", now, &error));
  apply (store, &sent, "Permiso de venta");
  claim_one (store);
  g_assert_true (vt_store_mark_sent (store, sent.instance_id, 201, "", now, &error));
  apply (store, &decided, "Subsidio familiar");
  claim_one (store);
  g_assert_true (vt_store_mark_sent (store, decided.instance_id, 201, "", now, &error));
  apply (store, &waiting, "Permiso de venta");
  g_assert_no_error (error);
  do
    {
      g_free (unknown_code);
      unknown_code = vt_receipt_code_new ();
    }
  while (g_str_equal (unknown_code, held.code) || g_str_equal (unknown_code, sent.code) ||
         g_str_equal (unknown_code, decided.code) || g_str_equal (unknown_code, waiting.code));

  /* The municipality's decisions, arrived as a form's attachment. */
  csv = g_strdup_printf ("name,label,__version,reference,state,message,message::es\n"
                         "%s,x,1,%s,ready_to_collect,Come to window 3,Pase por la ventanilla 3\n",
                         decided.instance_id + strlen ("uuid:"), decided.code);
  vt_test_add_form_with_media (store, "application_status.csv", csv);
}

static void
application_clear (Application *a)
{
  g_free (a->code);
  g_free (a->instance_id);
  g_free (a->payload);
}

/* ---- driving the page ---------------------------------------------------- */

static VtStatusCheckPage *
page_of (VtWindow *window)
{
  GtkWidget *page = vt_window_get_page (window);

  g_assert_true (VT_IS_STATUS_CHECK_PAGE (page));
  return VT_STATUS_CHECK_PAGE (page);
}

typedef struct
{
  VtWindow *window;
  guint     checked;
} Answer;

static void
checked_cb (VtStatusCheckPage *page,
            Answer            *answer)
{
  answer->checked++;
}

static gboolean
answered (gpointer data)
{
  Answer *answer = data;

  return answer->checked > 0;
}

static gboolean
entry_focused (gpointer data)
{
  GtkWidget *entry = vt_status_check_page_get_entry (page_of (data));

  return gtk_widget_has_focus (GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (entry))));
}

/* With VT_SHOTS_DIR set, a screenshot of the window as it is now. */
static void
maybe_shot (VtWindow   *window,
            const char *name)
{
  const char *dir = g_getenv ("VT_SHOTS_DIR");
  g_autofree char *file = NULL;

  if (dir == NULL)
    return;
  file = g_strdup_printf ("%s/%s.png", dir, name);
  vt_test_screenshot (GTK_WIDGET (window), file);
}

/* From Welcome, the button a citizen taps. */
static VtStatusCheckPage *
open_check_page (VtWindow *window)
{
  GtkWidget *button;

  if (vt_window_get_screen (window) != VT_SCREEN_WELCOME)
    vt_window_reset (window);
  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  button = vt_test_find_button (vt_window_get_page (window), "Consultar una solicitud");
  vt_test_wait_allocated (button);
  vt_test_wait_frame (GTK_WIDGET (window));
  vt_test_scroll_to (button);
  maybe_shot (window, "welcome");
  vt_test_tap (button);
  vt_test_wait_screen (window, VT_SCREEN_STATUS_CHECK);
  vt_test_wait_until (entry_focused, window, 10000, "the code field focused");
  return page_of (window);
}

/* Types text and Return on the X server's keyboard (a USB scanner does
 * the same, as fast as it can), then waits for the page's answer. */
static char *
type_and_wait (VtWindow   *window,
               const char *text)
{
  Answer answer = { window, 0 };
  VtStatusCheckPage *page = page_of (window);
  gulong id = g_signal_connect (page, "checked", G_CALLBACK (checked_cb), &answer);
  const char *argv[] = { "xdotool", "type", "--clearmodifiers", "--delay", "2", text, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_LEAVE_DESCRIPTORS_OPEN,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  vt_test_physical_key ("Return");
  vt_test_wait_until (answered, &answer, 20000, "the answer");
  g_signal_handler_disconnect (page, id);
  return vt_status_check_page_dup_text (page);
}

static void
assert_result (VtWindow            *window,
               VtStatusCheckResult  expected)
{
  VtStatusCheckResult result;

  g_assert_true (vt_status_check_page_get_result (page_of (window), &result));
  g_assert_cmpint (result, ==, expected);
}

/* Whether text says part; the page joins a code's halves with a word
 * joiner (U+2060), which a reader does not see. */
static gboolean
says (const char *text,
      const char *part)
{
  g_auto(GStrv) pieces = g_strsplit (text, "\u2060", -1);
  g_autofree char *plain = g_strjoinv ("", pieces);

  return strstr (plain, part) != NULL;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (!says (text, part))
    g_error ("“%s” does not say “%s”", text, part);
}

/* ---- tests --------------------------------------------------------------- */

typedef struct
{
  Application         *application;
  VtStatusCheckResult  result;
  const char          *words;      /* in Spanish, as the page says it */
} Case;

static void
test_each_state (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  const Case cases[] = {
    { &waiting, VT_STATUS_CHECK_WAITING, "Su solicitud está en este quiosco, esperando a ser enviada" },
    { &held, VT_STATUS_CHECK_HELD, "Su solicitud necesita la atención del personal" },
    { &sent, VT_STATUS_CHECK_SENT, "La oficina ha recibido su solicitud" },
    { &decided, VT_STATUS_CHECK_DECIDED, "Su documento está listo para retirar." },
  };

  open_check_page (window);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *typed = NULL;
      g_autofree char *scanned = NULL;

      /* Typed on a physical keyboard, in lower case and without the dash. */
      {
        g_autofree char *lower = g_ascii_strdown (cases[i].application->code, -1);
        g_autofree char *plain = g_strdelimit (g_strdup (lower), "-", ' ');

        gtk_editable_set_text (GTK_EDITABLE (vt_status_check_page_get_entry (page_of (window))), "");
        gtk_widget_grab_focus (vt_status_check_page_get_entry (page_of (window)));
        typed = type_and_wait (window, plain);
      }
      assert_result (window, cases[i].result);
      assert_contains (typed, cases[i].words);
      assert_contains (typed, cases[i].application->code);

      /* Scanned: focus is on the answer now, and the scanner types anyway. */
      g_assert_false (entry_focused (window));
      scanned = type_and_wait (window, cases[i].application->payload);
      assert_result (window, cases[i].result);
      assert_contains (scanned, cases[i].words);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (vt_status_check_page_get_entry (page_of (window)))),
                       ==, cases[i].application->payload);
      if (cases[i].result == VT_STATUS_CHECK_DECIDED)
        {
          assert_contains (typed, "Pase por la ventanilla 3");
          assert_contains (scanned, "Pase por la ventanilla 3");
          assert_contains (scanned, "Subsidio familiar");
        }
    }
}

/* What a citizen gets wrong, with what to do about it. */
static void
test_problems (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  g_autofree char *mistyped = g_strdup (waiting.code);
  g_autofree char *damaged = g_strdup (waiting.payload);
  g_autofree char *text = NULL;
  gsize middle = strlen (damaged) / 2;

  open_check_page (window);
  /* A well-formed code of nothing known here. */
  text = type_and_wait (window, unknown_code);
  assert_result (window, VT_STATUS_CHECK_UNKNOWN);
  assert_contains (text, "Aún no se sabe nada de esta solicitud aquí");
  assert_contains (text, "pregunte en el mostrador");
  g_clear_pointer (&text, g_free);

  /* One character wrong: the check character catches it. */
  mistyped[0] = mistyped[0] == 'A' ? 'B' : 'A';
  gtk_widget_grab_focus (vt_status_check_page_get_entry (page_of (window)));
  gtk_editable_set_text (GTK_EDITABLE (vt_status_check_page_get_entry (page_of (window))), "");
  text = type_and_wait (window, mistyped);
  assert_result (window, VT_STATUS_CHECK_INVALID);
  assert_contains (text, "No se pudo leer este código");
  assert_contains (text, "vuelva a escribirlo");
  g_clear_pointer (&text, g_free);

  /* A receipt changed in one place. */
  damaged[middle] = damaged[middle] == 'A' ? 'B' : 'A';
  text = type_and_wait (window, damaged);
  assert_result (window, VT_STATUS_CHECK_INVALID);
  assert_contains (text, "No se pudo confirmar que este recibo sea auténtico");
  g_clear_pointer (&text, g_free);

  /* Nothing typed. */
  gtk_widget_grab_focus (vt_status_check_page_get_entry (page_of (window)));
  gtk_editable_set_text (GTK_EDITABLE (vt_status_check_page_get_entry (page_of (window))), "");
  {
    Answer answer = { window, 0 };
    gulong id = g_signal_connect (page_of (window), "checked", G_CALLBACK (checked_cb), &answer);

    vt_test_physical_key ("Return");
    vt_test_wait_until (answered, &answer, 10000, "the answer");
    g_signal_handler_disconnect (page_of (window), id);
  }
  text = vt_status_check_page_dup_text (page_of (window));
  assert_contains (text, "Escriba primero su código de referencia");
}

/* The on-screen keyboard types there too. */
static void
test_on_screen_keyboard (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  VtKeyboard *keyboard = VT_KEYBOARD (vt_window_get_keyboard (window));
  g_autofree char *lower = g_ascii_strdown (sent.code, -1);
  Answer answer = { window, 0 };
  g_autofree char *text = NULL;
  VtStatusCheckPage *page;

  page = open_check_page (window);
  vt_test_keyboard_type (keyboard, lower, FALSE);
  g_signal_connect (page, "checked", G_CALLBACK (checked_cb), &answer);
  {
    GtkWidget *check = vt_test_find_button (GTK_WIDGET (page), "Consultar");

    vt_test_scroll_to (check);
    vt_test_tap (check);
  }
  vt_test_wait_until (answered, &answer, 20000, "the answer");
  assert_result (window, VT_STATUS_CHECK_SENT);
  text = vt_status_check_page_dup_text (page);
  assert_contains (text, "La oficina ha recibido su solicitud");
}

static gboolean
contains_text (GtkWidget  *root,
               const char *text)
{
  if (GTK_IS_EDITABLE (root) && says (gtk_editable_get_text (GTK_EDITABLE (root)), text))
    return TRUE;
  if (GTK_IS_LABEL (root) && says (gtk_label_get_text (GTK_LABEL (root)), text))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    if (contains_text (child, text))
      return TRUE;
  return FALSE;
}

static gboolean
wiped_to_welcome (gpointer data)
{
  return vt_window_get_screen (VT_WINDOW (data)) == VT_SCREEN_WELCOME &&
         vt_window_get_idle_dialog (VT_WINDOW (data)) == NULL;
}

/* Nothing typed outlives the page: not after Back, not after the idle
 * wipe; the page itself is gone. */
static void
test_nothing_outlives (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  VtIdleGuard *guard = vt_window_get_idle_guard (window);
  VtStatusCheckPage *page;
  g_autofree char *text = NULL;

  page = open_check_page (window);
  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);
  text = type_and_wait (window, decided.code);
  assert_contains (text, "Pase por la ventanilla 3");
  {
    GtkWidget *back = vt_test_find_button (GTK_WIDGET (page), "Volver");

    vt_test_scroll_to (back);
    vt_test_tap (back);
  }
  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  vt_test_iterate ();
  g_assert_null (page);
  g_assert_false (contains_text (GTK_WIDGET (window), decided.code));

  /* Typed, then left: the idle guard watches the page, and its wipe takes
   * the code and the answer. */
  page = open_check_page (window);
  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);
  g_clear_pointer (&text, g_free);
  text = type_and_wait (window, decided.payload);
  g_assert_true (vt_idle_guard_get_active (guard));
  vt_idle_guard_set_tick_ms (guard, 5);
  vt_idle_guard_reset (guard);
  vt_test_wait_until (wiped_to_welcome, window, 20000, "the idle wipe");
  vt_idle_guard_set_tick_ms (guard, 1000);
  vt_test_iterate ();
  g_assert_null (page);
  g_assert_false (contains_text (GTK_WIDGET (window), decided.code));
  g_assert_false (contains_text (GTK_WIDGET (window), "ventanilla 3"));

  /* The next citizen finds an empty page. */
  page = open_check_page (window);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (vt_status_check_page_get_entry (page))), ==, "");
  g_assert_false (vt_status_check_page_get_result (page, NULL));
}

/* Not a test: with VT_SHOTS_DIR, the page at 100 % and 200 % text and in
 * high contrast, with an answer and with a problem (and on a portrait
 * screen, when VT_TEST_SCREEN says so). */
static void
take_screenshots (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  const char *screen = g_getenv ("VT_TEST_SCREEN");
  const char *looks[] = { "100", "200", "high-contrast" };

  for (gsize i = 0; i < G_N_ELEMENTS (looks); i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *mistyped = g_strdup (waiting.code);
      g_autofree char *text = NULL;

      open_check_page (window);
      if (g_str_equal (looks[i], "200"))
        {
          gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
          gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
        }
      else if (g_str_equal (looks[i], "high-contrast"))
        gtk_widget_activate_action (GTK_WIDGET (window), "win.high-contrast", NULL);
      gtk_widget_grab_focus (vt_status_check_page_get_entry (page_of (window)));
      text = type_and_wait (window, decided.code);
      name = g_strdup_printf ("check-decided-%s%s", looks[i], screen != NULL ? "-portrait" : "");
      maybe_shot (window, name);
      g_clear_pointer (&text, g_free);
      mistyped[0] = mistyped[0] == 'A' ? 'B' : 'A';
      gtk_widget_grab_focus (vt_status_check_page_get_entry (page_of (window)));
      gtk_editable_set_text (GTK_EDITABLE (vt_status_check_page_get_entry (page_of (window))), "");
      text = type_and_wait (window, mistyped);
      g_free (name);
      name = g_strdup_printf ("check-mistyped-%s%s", looks[i], screen != NULL ? "-portrait" : "");
      maybe_shot (window, name);
      g_clear_pointer (&text, g_free);
      text = type_and_wait (window, waiting.payload);
      g_free (name);
      name = g_strdup_printf ("check-scanned-waiting-%s%s", looks[i], screen != NULL ? "-portrait" : "");
      maybe_shot (window, name);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  vt_test_gtk_init (&argc, &argv);

  data_dir = vt_test_make_tmpdir ("check-application");
  setup_store ();
  app = vt_test_app_new (config_text, data_dir, FALSE);

  g_test_add_func ("/vt/check-application/each-state", test_each_state);
  g_test_add_func ("/vt/check-application/problems", test_problems);
  g_test_add_func ("/vt/check-application/on-screen-keyboard", test_on_screen_keyboard);
  g_test_add_func ("/vt/check-application/nothing-outlives", test_nothing_outlives);
  if (g_getenv ("VT_SHOTS_DIR") != NULL)
    g_test_add_func ("/vt/check-application/screenshots", take_screenshots);

  status = g_test_run ();
  vt_test_app_close (app);
  application_clear (&waiting);
  application_clear (&held);
  application_clear (&sent);
  application_clear (&decided);
  g_free (unknown_code);
  vt_test_rmdir_recursive (data_dir);
  g_free (data_dir);
  return status;
}
