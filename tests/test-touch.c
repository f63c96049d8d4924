#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "vt-application.h"
#include "vt-clerk.h"
#include "vt-clerk-dashboard.h"
#include "vt-clerk-mode.h"
#include "vt-consent-page.h"
#include "vt-idle-dialog.h"
#include "vt-idle-guard.h"
#include "vt-keyboard.h"
#include "vt-language.h"
#include "vt-question-page.h"
#include "vt-question-view.h"
#include "vt-review-page.h"
#include "vt-services-page.h"
#include "vt-store.h"
#include "vt-test-app.h"
#include "vt-test-utils.h"
#include "vt-window.h"

/* The kiosk by touch alone, as on a panel with no physical keyboard
 * ([kiosk] on-screen-keyboard=always, for Xvfb's pointer reports as a
 * mouse): every tap is a real pointer event through the X server
 * (xdotool), every letter a key of the on-screen keyboard. */

static VtApplication *app;
static char *data_dir;

/* Spanish answers with the accents a citizen types, for the residence
 * certificate; the choices by their values. */
static const char * const answers[][2] = {
  { "/data/full_name", "Ñusta Quispe Núñez" },
  { "/data/id_country", "BR" },
  { "/data/id_number", "390.533.447-05" },
  { "/data/birth_date", "1988-04-17" },
  { "/data/address/municipality", "rio_claro" },
  { "/data/address/neighbourhood", "rc_las_flores" },
  { "/data/address/street", "Avenida Perú 214, 3º B" },
  { "/data/years_at_address", "6" },
  { "/data/purpose", "other" },
  { "/data/purpose_other", "Matrícula de mi hijo en el club; ¡gracias!" },
  { "/data/delivery", "email" },
  { "/data/email", "nusta.quispe@correo.com" },
  { "/data/phone", "+51 984 123 456" },
};

static VtKeyboard *
keyboard_of (VtWindow *window)
{
  return VT_KEYBOARD (vt_window_get_keyboard (window));
}

/* The keyboard's own Continue key, and the next page. */
static void
keyboard_continue (VtWindow *window)
{
  GtkWidget *before = vt_window_get_page (window);

  vt_test_keyboard_tap (keyboard_of (window), VT_KEY_CONTINUE, NULL);
  vt_test_wait_page_after (window, before, "the next page");
}

typedef struct
{
  VtWindow  *window;
  GtkWidget *field;                /* the entry */
} FieldWait;

static gboolean
keyboard_on_field (gpointer data)
{
  FieldWait *wait = data;
  VtKeyboard *keyboard = keyboard_of (wait->window);
  GtkWidget *target = vt_keyboard_get_target (keyboard);

  return target != NULL && gtk_widget_get_parent (target) == wait->field &&
         gtk_widget_get_mapped (GTK_WIDGET (keyboard)) && gtk_widget_get_height (GTK_WIDGET (keyboard)) > 0;
}

/* A tap on the field: the keyboard comes up for it. */
static void
tap_field (VtWindow  *window,
           GtkWidget *entry)
{
  FieldWait wait = { window, entry };

  if (!keyboard_on_field (&wait))
    {
      vt_test_scroll_to (entry);
      vt_test_tap (entry);
    }
  vt_test_wait_until (keyboard_on_field, &wait, 10000, "the keyboard on the field");
}

static gboolean
is_active (gpointer data)
{
  return gtk_check_button_get_active (data);
}

static void
tap_choice (GtkWidget  *view,
            const char *value)
{
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();

  vt_test_collect_type (view, GTK_TYPE_CHECK_BUTTON, checks);
  for (guint i = 0; i < checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (checks, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (check), "vt-value"), value) == 0)
        {
          vt_test_scroll_to (check);
          vt_test_tap (check);
          vt_test_wait_until (is_active, check, 10000, value);
          return;
        }
    }
  g_error ("No choice %s", value);
}

static void
type_in (VtWindow   *window,
         GtkWidget  *entry,
         const char *text)
{
  tap_field (window, entry);
  vt_test_keyboard_type (keyboard_of (window), text, FALSE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, text);
}

/* Answers one question by taps: keys of the keyboard for text and the
 * parts of a date, the number's own keypad, the choice buttons.  TRUE when
 * the keyboard was in use at the end. */
static gboolean
answer_by_taps (VtWindow   *window,
                GtkWidget  *view,
                const char *value)
{
  GtkWidget *control = vt_question_view_get_control (VT_QUESTION_VIEW (view));
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  if (GTK_IS_ENTRY (control))
    {
      GtkWidget *digit = vt_test_find_button_or_null (view, "1");

      if (digit != NULL)
        {
          /* A number: its keypad beside it, no on-screen keyboard. */
          for (const char *p = value; *p != '\0'; p++)
            {
              char key[2] = { *p, '\0' };

              vt_test_scroll_to (vt_test_find_button (view, key));
              vt_test_tap (vt_test_find_button (view, key));
            }
          return FALSE;
        }
      type_in (window, control, value);
      return TRUE;
    }

  vt_test_collect_type (control, GTK_TYPE_ENTRY, entries);
  if (entries->len == 3)
    {
      g_auto(GStrv) ymd = g_strsplit (value, "-", 3);

      type_in (window, g_ptr_array_index (entries, 0), ymd[2]);
      g_assert_cmpint (vt_keyboard_get_variant (keyboard_of (window)), ==, VT_KEYBOARD_VARIANT_DIGITS);
      type_in (window, g_ptr_array_index (entries, 1), ymd[1]);
      type_in (window, g_ptr_array_index (entries, 2), ymd[0]);
      return TRUE;
    }

  tap_choice (control, value);
  return FALSE;
}

static GtkWidget *
entry_of (VtWindow   *window,
          const char *path)
{
  GtkWidget *view = vt_question_page_get_view (VT_QUESTION_PAGE (vt_window_get_page (window)), path);

  g_assert_nonnull (view);
  return vt_question_view_get_control (VT_QUESTION_VIEW (view));
}

static gboolean
summary_shown (gpointer data)
{
  GtkWidget *page = vt_window_get_page (data);

  return VT_IS_QUESTION_PAGE (page) && gtk_widget_get_visible (vt_question_page_get_error_summary (VT_QUESTION_PAGE (page)));
}

/* Welcome → Español → the residence certificate → past its introduction. */
static void
start_residence (VtWindow *window)
{
  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  vt_test_tap_to_next_page (window, vt_test_find_button (vt_window_get_page (window), "Español"));
  vt_test_tap_to_next_page (window, vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)),
                                                                 "residence_certificate"));
  vt_test_tap_to_next_page (window, vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
}

/* A citizen copies what they typed (a long press on a field offers Copy):
 * the clipboard and the primary selection hold it. */
static void
copy_field (GtkWidget *entry)
{
  GtkWidget *text = gtk_widget_get_first_child (entry);

  while (text != NULL && !GTK_IS_TEXT (text))
    text = gtk_widget_get_next_sibling (text);
  g_assert_nonnull (text);
  gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);
  g_signal_emit_by_name (text, "copy-clipboard");
  g_assert_nonnull (gdk_clipboard_get_content (gtk_widget_get_clipboard (entry)));
  /* The selection itself is the primary selection's content. */
  g_assert_nonnull (gdk_clipboard_get_content (gtk_widget_get_primary_clipboard (entry)));
}

/* After Finish or the idle wipe: the keyboard is as the first citizen
 * found it, and neither clipboard holds anything of ours. */
static void
assert_nothing_kept (VtWindow *window)
{
  VtKeyboard *keyboard = keyboard_of (window);
  VtKeyboardState state = vt_keyboard_get_state (keyboard);
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));

  g_assert_null (vt_keyboard_get_target (keyboard));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (keyboard)));
  g_assert_cmpint (state.page, ==, VT_KEYBOARD_PAGE_LETTERS);
  g_assert_cmpint (state.shift, ==, VT_KEYBOARD_SHIFT_OFF);
  g_assert_null (gdk_clipboard_get_content (gdk_display_get_clipboard (display)));
  g_assert_null (gdk_clipboard_get_content (gdk_display_get_primary_clipboard (display)));
  g_assert_false (vt_window_has_session (window));
}

/* A whole application by taps alone, and the queued XML holds exactly
 * what was typed, accents and all. */
static void
test_whole_application (void)
{
  VtWindow *window = vt_test_open_kiosk (app);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = NULL;
  g_autoptr(VtReceipt) receipt = NULL;
  g_autoptr(VtStoreItem) item = NULL;
  g_autoptr(GHashTable) typed = g_hash_table_new (g_str_hash, g_str_equal);
  const char *reference;
  guint pages = 0;

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    g_hash_table_insert (typed, (gpointer) answers[i][0], (gpointer) answers[i][1]);
  start_residence (window);

  /* Continue with nothing typed: the form's own rule, as with a keyboard. */
  tap_field (window, entry_of (window, "/data/full_name"));
  keyboard_continue (window);
  g_assert_true (summary_shown (window));
  type_in (window, entry_of (window, "/data/full_name"), g_hash_table_lookup (typed, "/data/full_name"));
  copy_field (entry_of (window, "/data/full_name"));
  keyboard_continue (window);
  g_assert_false (summary_shown (window));

  /* Back: the name is still there, as typed. */
  vt_test_tap_to_next_page (window, vt_question_page_get_back_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry_of (window, "/data/full_name"))), ==,
                   g_hash_table_lookup (typed, "/data/full_name"));
  tap_field (window, entry_of (window, "/data/full_name"));
  keyboard_continue (window);

  while (vt_window_get_screen (window) == VT_SCREEN_QUESTION)
    {
      g_autoptr(GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      gboolean typing = FALSE;
      GtkWidget *view;
      const char *value;

      g_assert_cmpuint (++pages, <, 40);
      if (summary_shown (window))
        g_error ("The page %s refused what was typed",
                 vt_question_page_get_id (VT_QUESTION_PAGE (vt_window_get_page (window))));
      /* An answer can bring questions onto the page (purpose → other). */
      while ((view = vt_test_next_unanswered (window, typed, done, &value)) != NULL)
        {
          typing = answer_by_taps (window, view, value);
          vt_test_iterate ();
        }
      /* Continue: the keyboard's key after typing, else the page's button. */
      if (typing)
        keyboard_continue (window);
      else
        vt_test_tap_to_next_page (window, vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
    }

  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_REVIEW);
  vt_test_tap_to_next_page (window, vt_test_find_button (vt_window_get_page (window),
                                                         _("Continue")));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_CONSENT);
  vt_test_tap_to_next_page (window, vt_consent_page_get_send_button (VT_CONSENT_PAGE (vt_window_get_page (window))));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_RECEIPT);
  reference = vt_window_get_receipt_reference (window);
  g_assert_nonnull (reference);

  store = vt_store_open (data_dir, &error);
  g_assert_no_error (error);
  receipt = vt_store_get_receipt (store, reference, &error);
  g_assert_no_error (error);
  item = vt_store_get_item (store, receipt->instance_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      const char *leaf = strrchr (answers[i][0], '/') + 1;
      g_autofree char *text = g_markup_escape_text (answers[i][1], -1);
      g_autofree char *element = g_strdup_printf ("<%s>%s</%s>", leaf, text, leaf);

      if (strstr (item->xml, element) == NULL)
        g_error ("%s is not in the queued XML:\n%s", element, item->xml);
    }
  g_test_message ("queued after %u question pages: %s", pages, item->xml);

  /* Finish: nothing of this citizen stays in the keyboard or the clipboard. */
  vt_test_tap_to_next_page (window, vt_test_find_button (vt_window_get_page (window),
                                                         _("Finish")));
  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  assert_nothing_kept (window);

  vt_test_close_kiosk (window);
}


/* ---- the field stays in sight ------------------------------------------ */

typedef struct
{
  VtWindow  *window;
  GtkWidget *entry;
  char      *why;
} SightWait;

/* The whole entry lies in the part of the page that shows, above the
 * keyboard. */
static gboolean
field_in_sight (gpointer data)
{
  SightWait *wait = data;
  GtkWidget *root = GTK_WIDGET (wait->window);
  GtkWidget *keyboard = vt_window_get_keyboard (wait->window);
  GtkWidget *scroller = gtk_widget_get_ancestor (wait->entry, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t field, page, board;

  g_clear_pointer (&wait->why, g_free);
  if (!keyboard_on_field (&(FieldWait) { wait->window, wait->entry }))
    {
      wait->why = g_strdup ("the keyboard is not up for the field");
      return FALSE;
    }
  if (!gtk_widget_compute_bounds (wait->entry, root, &field) ||
      !gtk_widget_compute_bounds (scroller, root, &page) ||
      !gtk_widget_compute_bounds (keyboard, root, &board))
    return FALSE;
  wait->why = g_strdup_printf ("the field spans %g..%g, the page shows %g..%g, the keyboard starts at %g",
                               field.origin.y, field.origin.y + field.size.height,
                               page.origin.y, page.origin.y + page.size.height, board.origin.y);
  return field.origin.y >= page.origin.y &&
         field.origin.y + field.size.height <= page.origin.y + page.size.height &&
         field.origin.y + field.size.height <= board.origin.y;
}

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The main loop until the field is in sight, for ten seconds at most. */
static gboolean
wait_until_in_sight (SightWait *wait)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (10000, timed_out_cb, &timed_out);

  while (!field_in_sight (wait) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return !timed_out;
}

static void
check_fields_in_sight (VtWindow *window,
                       guint    *checked)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  vt_test_collect_type (vt_window_get_page (window), GTK_TYPE_TEXT, texts);
  for (guint i = 0; i < texts->len; i++)
    {
      GtkWidget *text = g_ptr_array_index (texts, i);
      SightWait wait = { window, gtk_widget_get_parent (text), NULL };

      if (!gtk_widget_get_visible (wait.entry) || !gtk_editable_get_editable (GTK_EDITABLE (text)) ||
          (gtk_text_get_input_hints (GTK_TEXT (text)) & GTK_INPUT_HINT_INHIBIT_OSK) != 0)
        continue;
      /* Focus comes to the field from elsewhere (a tap, Tab, the page
       * opening on it), the page scrolled to its top. */
      gtk_widget_grab_focus (vt_question_page_get_back_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (
                                  GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (text, GTK_TYPE_SCROLLED_WINDOW))), 0);
      gtk_widget_grab_focus (text);
      if (!wait_until_in_sight (&wait))
        g_error ("%s: %s", vt_question_view_get_path (VT_QUESTION_VIEW (gtk_widget_get_ancestor (text, VT_TYPE_QUESTION_VIEW))),
                 wait.why);
      g_free (wait.why);
      (*checked)++;
    }
}

static gboolean
at_welcome_without_session (gpointer data)
{
  return vt_window_get_screen (data) == VT_SCREEN_WELCOME && !vt_window_has_session (data);
}

/* Lets the idle guard run out at once: the session is wiped. */
static void
wipe (VtWindow *window)
{
  VtIdleGuard *guard = vt_window_get_idle_guard (window);

  vt_idle_guard_set_tick_ms (guard, 1);
  vt_test_wait_until (at_welcome_without_session, window, 10000, "the idle wipe");
  vt_idle_guard_set_tick_ms (guard, 1000);
}

/* Every text field of every demo service, focused as a tap focuses it,
 * shows whole above the keyboard, at 100 % and at 200 % text (and, run
 * with --screen 1080x1920x24, in a portrait window). */
static void
test_fields_in_sight (void)
{
  static const char *forms[] = {
    "birth_registration_appointment", "business_permit", "household_benefit",
    "residence_certificate", "street_problem",
  };
  VtWindow *window = vt_test_open_kiosk (app);
  guint checked = 0;

  for (guint scale = 0; scale < 2; scale++)
    {
      for (guint f = 0; f < G_N_ELEMENTS (forms); f++)
        {
          g_autoptr(GHashTable) fixture = vt_test_load_answers (forms[f]);
          guint steps = 0;

          vt_test_wait_screen (window, VT_SCREEN_WELCOME);
          if (scale == 1)
            {
              /* 150 %, then 200 %. */
              gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
              gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
              g_assert_cmpuint (vt_window_get_text_scale (window), ==, 200);
            }
          vt_test_press (window, vt_test_find_button (vt_window_get_page (window), "English"));
          vt_test_press (window, vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), forms[f]));
          while (vt_window_get_screen (window) == VT_SCREEN_QUESTION)
            {
              g_autoptr(GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
              GtkWidget *view;
              const char *value;

              g_assert_cmpuint (++steps, <, 100);
              /* Each field in sight before it is answered, and again as
               * answers bring more onto the page. */
              check_fields_in_sight (window, &checked);
              while ((view = vt_test_next_unanswered (window, fixture, done, &value)) != NULL)
                {
                  vt_test_answer_view (view, value);
                  vt_test_iterate ();
                  check_fields_in_sight (window, &checked);
                }
              vt_test_press (window, vt_question_page_get_next_button (VT_QUESTION_PAGE (vt_window_get_page (window))));
            }
          /* The next service starts afresh from Welcome, after the idle wipe. */
          wipe (window);
        }
    }
  g_test_message ("%u fields checked in a %d x %d window", checked,
                  gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_height (GTK_WIDGET (window)));
  g_assert_cmpuint (checked, >, 40);
  vt_test_close_kiosk (window);
}


/* ---- the idle guard, a language change, clerk mode ------------------- */

typedef struct
{
  VtWindow *window;
  guint     length;
} LengthWait;

static gboolean
name_longer (gpointer data)
{
  LengthWait *wait = data;

  return g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (entry_of (wait->window, "/data/full_name"))), -1)
         > (glong) wait->length;
}

static gboolean
idle_dialog_shown (gpointer data)
{
  return vt_window_get_idle_dialog (data) != NULL;
}

/* A tap on a key is someone being there: taps for three times the idle
 * time keep "Do you need more time?" away; when they stop it comes, the
 * keyboard gives way to it, and the wipe leaves nothing behind. */
static void
test_taps_keep_the_session (void)
{
  VtWindow *window = vt_test_open_kiosk (app);
  VtIdleGuard *guard = vt_window_get_idle_guard (window);
  gint64 start;
  guint taps = 0;

  start_residence (window);
  tap_field (window, entry_of (window, "/data/full_name"));
  /* idle-seconds=120 of 10 ms: 1.2 s without input, then the question. */
  vt_idle_guard_set_tick_ms (guard, 10);
  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < 3 * 1200 * 1000)
    {
      LengthWait wait = { window, taps++ };

      vt_test_keyboard_tap (keyboard_of (window), VT_KEY_TEXT, "a");
      vt_test_wait_until (name_longer, &wait, 10000, "the letter");
      g_assert_false (vt_idle_guard_is_warning (guard));
    }
  g_test_message ("%u taps in 3.6 s", taps);
  /* What was typed is copied, then the citizen walks away. */
  copy_field (entry_of (window, "/data/full_name"));

  vt_test_wait_until (idle_dialog_shown, window, 10000, "the idle dialog");
  g_assert_false (gtk_widget_get_visible (vt_window_get_keyboard (window)));
  vt_test_wait_until (at_welcome_without_session, window, 10000, "the idle wipe");
  vt_idle_guard_set_tick_ms (guard, 1000);
  assert_nothing_kept (window);
  vt_test_close_kiosk (window);
}

static gboolean
layout_is_english (gpointer data)
{
  VtKeyboard *keyboard = keyboard_of (data);

  return g_str_equal (vt_keyboard_layout_get_language (vt_keyboard_get_layout (keyboard)), "en") &&
         vt_keyboard_get_target (keyboard) != NULL && gtk_widget_get_mapped (GTK_WIDGET (keyboard));
}

static gboolean
popover_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* A change of language keeps what was typed and brings its own layout and
 * key names. */
static void
test_language_change (void)
{
  VtWindow *window = vt_test_open_kiosk (app);
  GtkWidget *menu;
  GtkWidget *popover;
  GtkWidget *english;

  start_residence (window);
  type_in (window, entry_of (window, "/data/full_name"), "Ñandú Peña");

  menu = vt_test_find_widget (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON);
  vt_test_tap (menu);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu)));
  vt_test_wait_until (popover_mapped, popover, 10000, "the language menu");
  english = vt_test_find_button (popover, "English");
  vt_test_wait_allocated (english);
  vt_test_tap_to_next_page (window, english);
  vt_test_wait_until (layout_is_english, window, 10000, "the English layout");

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry_of (window, "/data/full_name"))), ==, "Ñandú Peña");
  g_assert_null (vt_keyboard_find_key (keyboard_of (window), VT_KEY_TEXT, "ñ"));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (vt_keyboard_find_key (keyboard_of (window), VT_KEY_DELETE, NULL)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Delete one letter");
  /* Typing goes on where it was, with a long press for the ñ. */
  tap_field (window, entry_of (window, "/data/full_name"));
  vt_test_keyboard_type (keyboard_of (window), " Ñu", TRUE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry_of (window, "/data/full_name"))), ==, "Ñandú Peña Ñu");
  keyboard_continue (window);
  {
    g_autofree char *answer = vt_window_dup_answer (window, "/data/full_name");

    g_assert_cmpstr (answer, ==, "Ñandú Peña Ñu");
  }
  wipe (window);
  vt_test_close_kiosk (window);
}

static GtkWidget *
shown_entry (GtkWidget *root)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  vt_test_collect_type (root, GTK_TYPE_ENTRY, entries);
  for (guint i = 0; i < entries->len; i++)
    if (gtk_widget_is_drawable (g_ptr_array_index (entries, i)))
      return g_ptr_array_index (entries, i);
  g_error ("No entry on the screen");
  return NULL;
}

static gboolean
keyboard_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static gboolean
is_sensitive (gpointer data)
{
  return gtk_widget_is_sensitive (data);
}

static gboolean
clerk_active (gpointer data)
{
  return vt_clerk_mode_get_active (data);
}

static gboolean
has_message (gpointer data)
{
  const char *message = vt_clerk_dashboard_get_message (data);

  return message != NULL && message[0] != '\0';
}

/* Clerk mode's fields take the keyboard too, over its opaque layer: the
 * clerk's name, then the PIN on its own pad, then a reference code. */
static void
test_clerk (void)
{
  VtWindow *window = vt_test_open_kiosk (app);
  VtClerkMode *mode = vt_window_get_clerk_mode (window);
  GtkWidget *pad;
  GtkWidget *dashboard;
  GtkWidget *name;
  GtkWidget *reference;
  GtkWidget *enter;
  FieldWait wait = { window, NULL };
  g_autoptr(VtStore) store = vt_store_open (data_dir, NULL);

  g_assert_nonnull (store);
  g_assert_true (vt_clerk_set_pin (store, "8642", NULL));
  vt_test_physical_key ("ctrl+alt+c");
  /* The pad and dashboard are made in the language shown when clerk mode
   * is asked for. */
  pad = vt_clerk_mode_get_pin_pad (mode);
  dashboard = vt_clerk_mode_get_dashboard (mode);
  vt_test_wait_allocated (pad);

  name = shown_entry (pad);
  wait.field = name;
  vt_test_tap (name);
  vt_test_wait_until (keyboard_on_field, &wait, 10000, "the keyboard for the clerk's name");
  vt_test_keyboard_type (keyboard_of (window), "Inés", FALSE);
  /* Continue from the name: on to the PIN's own keys. */
  vt_test_keyboard_tap (keyboard_of (window), VT_KEY_CONTINUE, NULL);
  vt_test_wait_until (keyboard_hidden, vt_window_get_keyboard (window), 10000, "the keyboard to give way to the PIN");
  for (const char *p = "8642"; *p != '\0'; p++)
    {
      char key[2] = { *p, '\0' };

      vt_test_tap (vt_test_find_button (pad, key));
    }
  enter = vt_test_find_button (pad, _("Enter"));
  vt_test_wait_until (is_sensitive, enter, 10000, "the four digits");
  vt_test_tap (enter);
  vt_test_wait_until (clerk_active, mode, 20000, "clerk mode");
  g_assert_cmpstr (vt_clerk_mode_get_clerk_name (mode), ==, "Inés");

  vt_test_wait_allocated (dashboard);
  reference = shown_entry (dashboard);
  wait.field = reference;
  vt_test_scroll_to (reference);
  vt_test_tap (reference);
  vt_test_wait_until (keyboard_on_field, &wait, 10000, "the keyboard for the reference code");
  vt_test_keyboard_type (keyboard_of (window), "ZZ7-Q", FALSE);
  /* Continue: what Enter does there, a look-up that finds nothing. */
  vt_test_keyboard_tap (keyboard_of (window), VT_KEY_CONTINUE, NULL);
  vt_test_wait_until (has_message, dashboard, 10000, "the dashboard's answer");
  g_test_message ("dashboard: %s", vt_clerk_dashboard_get_message (VT_CLERK_DASHBOARD (dashboard)));
  vt_clerk_mode_end (mode, "test");
  vt_test_close_kiosk (window);
}

int
main (int    argc,
      char **argv)
{
  int status;

  vt_test_gtk_init (&argc, &argv);

  data_dir = vt_test_make_tmpdir ("touch");
  app = vt_test_app_new ("[kiosk]\nlanguages=es;pt_BR;en;fr;ht\non-screen-keyboard=always\n", data_dir, TRUE);
  vt_application_set_sync_enabled (app, FALSE);

  g_test_add_func ("/vt/touch/whole-application", test_whole_application);
  g_test_add_func ("/vt/touch/fields-in-sight", test_fields_in_sight);
  g_test_add_func ("/vt/touch/taps-keep-the-session", test_taps_keep_the_session);
  g_test_add_func ("/vt/touch/language-change", test_language_change);
  g_test_add_func ("/vt/touch/clerk", test_clerk);

  status = g_test_run ();
  vt_test_app_close (app);
  vt_test_rmdir_recursive (data_dir);
  g_free (data_dir);
  return status;
}
