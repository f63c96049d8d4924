#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <string.h>

#include "vt-application.h"
#include "vt-clerk.h"
#include "vt-clerk-mode.h"
#include "vt-clerk-pin-pad.h"
#include "vt-consent-page.h"
#include "vt-idle-dialog.h"
#include "vt-language.h"
#include "vt-question-page.h"
#include "vt-question-view.h"
#include "vt-services-page.h"
#include "vt-store.h"
#include "vt-test-app.h"
#include "vt-test-utils.h"
#include "vt-window.h"

/* Where the focus goes after the kiosk moves it, and what the next real
 * key press (xdotool through the X server) then does: a person who tapped
 * a button and then uses a keyboard, or a blind person who only uses one,
 * must see (or hear) the control a key acts on, and no key may act on
 * something they did not ask for. */

static VtApplication *app;
static char *data_dir;

/* A real key press, then the next page. */
static void
key_to_next_page (VtWindow   *window,
                  const char *keysym)
{
  GtkWidget *before = vt_window_get_page (window);

  vt_test_physical_key (keysym);
  vt_test_wait_page_after (window, before, "the next page after a key");
}

static GtkWidget *
focus_of (VtWindow *window)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

/* The focus is on something of the page shown, and its ring is drawn. */
static void
assert_focus_shown_on (VtWindow   *window,
                       GtkWidget  *page,
                       const char *where)
{
  GtkWidget *focus = focus_of (window);

  g_test_message ("%s: focus on %s", where, focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "nothing");
  g_assert_nonnull (focus);
  g_assert_true (focus == page || gtk_widget_is_ancestor (focus, page));
  g_assert_true (gtk_widget_get_mapped (focus));
  g_assert_true (gtk_window_get_focus_visible (GTK_WINDOW (window)));
}

/* Welcome → English by a tap → Back by a tap: Welcome again, the focus
 * shown on English (the language shown), and Enter starts in English,
 * where it used to switch the kiosk to the first language of the list. */
static void
test_welcome_after_back (void)
{
  VtWindow *window = vt_test_open_kiosk (app);
  GtkWidget *english;

  vt_test_tap_to_next_page (window, vt_test_find_button (vt_window_get_page (window), "English"));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_SERVICES);
  assert_focus_shown_on (window, vt_window_get_page (window), "services after a tap");

  vt_test_tap_to_next_page (window, vt_test_find_button (vt_window_get_page (window), "Back"));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_WELCOME);
  assert_focus_shown_on (window, vt_window_get_page (window), "Welcome after Back");
  english = vt_test_find_button (vt_window_get_page (window), "English");
  g_assert_true (focus_of (window) == english);

  key_to_next_page (window, "Return");
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_SERVICES);
  g_assert_cmpstr (vt_language_get_current (), ==, "en");
  vt_test_close_kiosk (window);
}

static GtkWidget *
question_control (VtWindow   *window,
                  const char *path)
{
  GtkWidget *view = vt_question_page_get_view (VT_QUESTION_PAGE (vt_window_get_page (window)), path);

  g_assert_nonnull (view);
  return vt_question_view_get_control (VT_QUESTION_VIEW (view));
}

static gboolean
has_focus_in (gpointer data)
{
  GtkWidget *widget = data;
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

typedef struct
{
  GtkWidget  *entry;
  const char *text;
} TextWait;

static gboolean
entry_says (gpointer data)
{
  TextWait *wait = data;

  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (wait->entry)), wait->text) == 0;
}

static gboolean
idle_dialog_shown (gpointer data)
{
  return vt_window_get_idle_dialog (VT_WINDOW (data)) != NULL;
}

static gboolean
idle_dialog_gone (gpointer data)
{
  return vt_window_get_idle_dialog (VT_WINDOW (data)) == NULL;
}

/* The residence certificate from Welcome, by taps, to its name question:
 * its focus on the field, shown. */
static GtkWidget *
start_residence (VtWindow *window)
{
  GtkWidget *name;

  vt_test_tap_to_next_page (window, vt_test_find_button (vt_window_get_page (window), "Español"));
  vt_test_tap_to_next_page (window, vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)),
                                                                 "residence_certificate"));
  assert_focus_shown_on (window, vt_window_get_page (window), "the introduction");
  vt_test_tap_to_next_page (window, vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
  name = question_control (window, "/data/full_name");
  vt_test_wait_until (has_focus_in, name, 10000, "the focus in the name field");
  assert_focus_shown_on (window, vt_window_get_page (window), "the name question");
  return name;
}

/* Typing, "I need more time" by a key, and typing on: the text typed
 * before is still there and not selected, so the next key adds to it. */
static void
test_more_time_keeps_text (void)
{
  VtWindow *window = vt_test_open_kiosk (app);
  VtIdleGuard *guard = vt_window_get_idle_guard (window);
  GtkWidget *name = start_residence (window);
  GtkWidget *more_time;
  TextWait wait = { name, "Ana" };
  int start, end;

  vt_test_type_text ("Ana", 2, FALSE);
  vt_test_wait_until (entry_says, &wait, 10000, "the name typed");

  vt_idle_guard_set_tick_ms (guard, 5);
  vt_test_wait_until (idle_dialog_shown, window, 10000, "the idle dialog");
  vt_idle_guard_set_tick_ms (guard, 60000);
  more_time = vt_idle_dialog_get_button (VT_IDLE_DIALOG (vt_window_get_idle_dialog (window)));
  g_assert_true (gtk_widget_has_focus (more_time));
  vt_test_physical_key ("Return");
  vt_test_wait_until (idle_dialog_gone, window, 10000, "the dialog to go");

  g_assert_true (has_focus_in (name));
  g_assert_true (gtk_window_get_focus_visible (GTK_WINDOW (window)));
  g_assert_false (gtk_editable_get_selection_bounds (GTK_EDITABLE (name), &start, &end));
  vt_test_type_text (" Souza", 2, FALSE);
  wait.text = "Ana Souza";
  vt_test_wait_until (entry_says, &wait, 10000, "the name typed on");

  /* Enter in a one-line field is Continue. */
  key_to_next_page (window, "Return");
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_QUESTION);
  g_assert_null (vt_question_page_get_view (VT_QUESTION_PAGE (vt_window_get_page (window)), "/data/full_name"));
  {
    g_autofree char *answer = vt_window_dup_answer (window, "/data/full_name");

    g_assert_cmpstr (answer, ==, "Ana Souza");
  }
  vt_window_reset (window);
  vt_test_close_kiosk (window);
}

typedef struct
{
  GtkWidget *widget;
  GtkWidget *scroller;
} SightWait;

/* widget has the focus and all of it is in sight, with room around it:
 * nothing of its ring or shadow against the status line below. */
static gboolean
clear_in_sight (gpointer data)
{
  SightWait *wait = data;
  graphene_rect_t bounds;

  if (!gtk_widget_has_focus (wait->widget) ||
      !gtk_widget_compute_bounds (wait->widget, wait->scroller, &bounds))
    return FALSE;
  return bounds.origin.y >= 8 && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (wait->scroller) - 8;
}

/* 200 % text, a page of choices taller than the screen: Tab from the
 * choice to Continue brings it into sight with a margin. */
static void
test_continue_clear (void)
{
  VtWindow *window = vt_test_open_kiosk (app);
  GtkWidget *name = start_residence (window);
  GtkWidget *next;
  SightWait wait;
  TextWait typed = { name, "Ana" };

  gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
  g_assert_cmpuint (vt_window_get_text_scale (window), ==, 200);
  vt_test_type_text ("Ana", 2, FALSE);
  vt_test_wait_until (entry_says, &typed, 10000, "the name typed");
  key_to_next_page (window, "Return");
  g_assert_nonnull (vt_question_page_get_view (VT_QUESTION_PAGE (vt_window_get_page (window)), "/data/id_country"));
  vt_test_wait_allocated (vt_window_get_page (window));
  next = vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window)));
  wait.widget = next;
  wait.scroller = gtk_widget_get_ancestor (next, GTK_TYPE_SCROLLED_WINDOW);
  /* Space chooses the focused choice (GTK then makes the group one stop
   * of Tab); Tab goes on to Continue. */
  vt_test_physical_key ("space");
  vt_test_physical_key ("Tab");
  vt_test_wait_until (clear_in_sight, &wait, 10000, "Continue focused and clear of the page's edges");
  vt_window_reset (window);
  vt_test_close_kiosk (window);
}

/* The consent page: the focus on its title, which says what is agreed
 * to, never on "Agree and send" (a key press from sending); and it says
 * to which office the application goes. */
static void
test_consent_focus (void)
{
  VtWindow *window = vt_test_open_kiosk (app);
  GtkWidget *page;
  GtkWidget *send;
  GtkWidget *focus;

  vt_test_fill_service_to_consent (window, "residence_certificate", "English");
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_CONSENT);
  page = vt_window_get_page (window);
  send = vt_consent_page_get_send_button (VT_CONSENT_PAGE (page));
  assert_focus_shown_on (window, page, "consent");
  focus = focus_of (window);
  g_assert_true (focus != send && !gtk_widget_is_ancestor (focus, send));
  g_assert_true (vt_test_has_label (focus, "Before you send your application"));
  /* The demo kiosk (no [kiosk] office-name) names its office. */
  g_assert_nonnull (vt_test_find_label_containing (page, "Municipalidad de Río Claro"));

  vt_window_reset (window);
  vt_test_close_kiosk (window);
}

static gboolean
clerk_active (gpointer data)
{
  return vt_clerk_mode_get_active (data);
}

static gboolean
has_message (gpointer data)
{
  const char *message = vt_clerk_pin_pad_get_message (data);

  return message != NULL && message[0] != '\0' && strstr (message, "…") == NULL;
}

/* Ctrl+Alt+C from a page: the keyboard is the pad's at once (typing does
 * not go to the hidden page); a wrong PIN is said in the kiosk's language
 * with the focus on the keys; Enter after the digits is Enter, not the
 * digit key focused. */
static void
test_clerk_keys (void)
{
  VtWindow *window = vt_test_open_kiosk (app);
  VtClerkMode *mode = vt_window_get_clerk_mode (window);
  GtkWidget *pad;
  GtkWidget *name;
  TextWait wait;
  g_autoptr(VtStore) store = vt_store_open (data_dir, NULL);

  g_assert_nonnull (store);
  g_assert_true (vt_clerk_set_pin (store, "8642", NULL));
  g_clear_pointer (&store, vt_store_close);

  vt_test_tap_to_next_page (window, vt_test_find_button (vt_window_get_page (window), "Español"));
  vt_test_physical_key ("ctrl+alt+c");
  pad = vt_clerk_mode_get_pin_pad (mode);
  vt_test_wait_allocated (pad);
  vt_test_wait_until (has_focus_in, pad, 10000, "the focus on the PIN pad");
  g_assert_true (gtk_window_get_focus_visible (GTK_WINDOW (window)));
  name = vt_test_find_widget (pad, GTK_TYPE_TEXT);
  g_assert_true (has_focus_in (name));

  wait.entry = name;
  wait.text = "Ines";
  vt_test_type_text ("Ines", 2, FALSE);
  vt_test_wait_until (entry_says, &wait, 10000, "the clerk's name");
  /* Enter after the name: on to the keys. */
  vt_test_physical_key ("Return");
  vt_test_wait_until (has_focus_in, gtk_widget_get_parent (vt_test_find_button (pad, "1")), 10000,
                      "the focus on the keys");

  vt_test_type_text ("1111", 2, FALSE);
  vt_test_physical_key ("Return");
  vt_test_wait_until (has_message, pad, 20000, "the wrong PIN's message");
  g_test_message ("pad: %s", vt_clerk_pin_pad_get_message (VT_CLERK_PIN_PAD (pad)));
  g_assert_cmpstr (vt_clerk_pin_pad_get_message (VT_CLERK_PIN_PAD (pad)), ==, "PIN incorrecto. Vuelva a intentarlo.");
  g_assert_false (vt_clerk_mode_get_active (mode));
  /* The focus back on the keys, where the message is said. */
  vt_test_wait_until (has_focus_in, gtk_widget_get_parent (vt_test_find_button (pad, "1")), 10000,
                      "the focus on the keys after the message");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (vt_test_find_button (pad, "1")),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "PIN incorrecto. Vuelva a intentarlo.");

  vt_test_type_text ("8642", 2, FALSE);
  vt_test_physical_key ("Return");
  vt_test_wait_until (clerk_active, mode, 20000, "clerk mode after Enter");
  g_assert_cmpstr (vt_clerk_mode_get_clerk_name (mode), ==, "Ines");
  vt_test_wait_until (has_focus_in, vt_clerk_mode_get_dashboard (mode), 10000, "the focus on the dashboard");
  g_assert_true (gtk_window_get_focus_visible (GTK_WINDOW (window)));

  vt_clerk_mode_end (mode, "test");
  vt_test_close_kiosk (window);
}

int
main (int    argc,
      char **argv)
{
  int status;

  vt_test_gtk_init (&argc, &argv);

  data_dir = vt_test_make_tmpdir ("focus");
  app = vt_test_app_new ("[kiosk]\nlanguages=es;pt_BR;en;fr\non-screen-keyboard=never\n", data_dir, TRUE);
  vt_application_set_sync_enabled (app, FALSE);

  g_test_add_func ("/vt/focus/welcome-after-back", test_welcome_after_back);
  g_test_add_func ("/vt/focus/more-time-keeps-text", test_more_time_keeps_text);
  g_test_add_func ("/vt/focus/continue-clear", test_continue_clear);
  g_test_add_func ("/vt/focus/consent", test_consent_focus);
  g_test_add_func ("/vt/focus/clerk-keys", test_clerk_keys);

  status = g_test_run ();
  vt_test_app_close (app);
  vt_test_rmdir_recursive (data_dir);
  g_free (data_dir);
  return status;
}
