#include "config.h"

#include <gtk/gtk.h>

#include "vt-application.h"
#include "vt-keyboard-alphabets.h"
#include "vt-keyboard.h"
#include "vt-keyboard-layout.h"
#include "vt-language.h"
#include "vt-services-page.h"
#include "vt-test-app.h"
#include "vt-test-utils.h"

/* The on-screen keyboard on its own, in a window styled as the kiosk's:
 * every key is tapped with real pointer events through the X server
 * (xdotool), and what lands in the field is what GtkText's own editing
 * made of them. */

typedef struct
{
  GtkWidget *window;
  GtkWidget *entry;                /* free text */
  GtkWidget *email;
  GtkWidget *phone;
  GtkWidget *keypad_entry;         /* has its own keypad: GTK_INPUT_HINT_INHIBIT_OSK */
  GtkWidget *readonly;
  GtkWidget *button;
  GtkWidget *keyboard;
  guint      activated;
} Fixture;

static GtkCssProvider *scale_provider;

static void
activate_cb (GtkEntry *entry,
             Fixture  *fixture)
{
  fixture->activated++;
}

static GtkWidget *
add_entry (GtkWidget       *box,
           GtkInputPurpose  purpose)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_input_purpose (GTK_ENTRY (entry), purpose);
  gtk_box_append (GTK_BOX (box), entry);
  return entry;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scroller = gtk_scrolled_window_new ();

  fixture->window = gtk_window_new ();
  gtk_widget_add_css_class (fixture->window, "kiosk");
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 1024);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  gtk_widget_set_vexpand (scroller, TRUE);

  fixture->entry = add_entry (box, GTK_INPUT_PURPOSE_FREE_FORM);
  g_signal_connect (fixture->entry, "activate", G_CALLBACK (activate_cb), fixture);
  fixture->email = add_entry (box, GTK_INPUT_PURPOSE_EMAIL);
  fixture->phone = add_entry (box, GTK_INPUT_PURPOSE_PHONE);
  fixture->keypad_entry = add_entry (box, GTK_INPUT_PURPOSE_DIGITS);
  gtk_entry_set_input_hints (GTK_ENTRY (fixture->keypad_entry), GTK_INPUT_HINT_INHIBIT_OSK);
  fixture->readonly = add_entry (box, GTK_INPUT_PURPOSE_FREE_FORM);
  gtk_editable_set_editable (GTK_EDITABLE (fixture->readonly), FALSE);
  fixture->button = gtk_button_new_with_label ("A button");
  gtk_box_append (GTK_BOX (box), fixture->button);

  fixture->keyboard = vt_keyboard_new ();
  vt_keyboard_set_mode (VT_KEYBOARD (fixture->keyboard), VT_KEYBOARD_MODE_ALWAYS);
  vt_keyboard_set_language (VT_KEYBOARD (fixture->keyboard), "es");
  {
    GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    gtk_box_append (GTK_BOX (outer), scroller);
    gtk_box_append (GTK_BOX (outer), fixture->keyboard);
    gtk_window_set_child (GTK_WINDOW (fixture->window), outer);
  }
  gtk_window_present (GTK_WINDOW (fixture->window));
  vt_test_wait_until (is_mapped, fixture->window, 10000, "the window");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  vt_test_iterate ();
}

static VtKeyboard *
keyboard_of (Fixture *fixture)
{
  return VT_KEYBOARD (fixture->keyboard);
}

static gboolean
keyboard_ready (gpointer data)
{
  Fixture *fixture = data;

  return gtk_widget_get_mapped (fixture->keyboard) && gtk_widget_get_height (fixture->keyboard) > 0 &&
         vt_keyboard_get_target (keyboard_of (fixture)) != NULL;
}

static gboolean
keyboard_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

/* Focus on entry and wait for the keyboard to be there for it. */
static void
focus (Fixture   *fixture,
       GtkWidget *entry)
{
  gtk_widget_grab_focus (entry);
  vt_test_wait_until (keyboard_ready, fixture, 10000, "the keyboard");
  g_assert_true (gtk_widget_is_ancestor (vt_keyboard_get_target (keyboard_of (fixture)), entry));
}

typedef struct
{
  GtkWidget  *entry;
  const char *text;
} TextWait;

static gboolean
text_is (gpointer data)
{
  TextWait *wait = data;

  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (wait->entry)), wait->text) == 0;
}

static GtkWidget *
key (Fixture     *fixture,
     VtKeyAction  action,
     const char  *text)
{
  GtkWidget *button = vt_keyboard_find_key (keyboard_of (fixture), action, text);

  if (button == NULL)
    g_error ("No key %d “%s” on the page shown", action, text ? text : "");
  vt_test_wait_allocated (button);
  return button;
}

/* Taps a key and waits for the field to read expected. */
static void
tap_expect (Fixture     *fixture,
            VtKeyAction  action,
            const char  *text,
            const char  *expected)
{
  TextWait wait = { fixture->entry, expected };

  g_autofree char *what = NULL;

  vt_test_tap (key (fixture, action, text));
  what = g_strdup_printf ("“%s” in the field, which reads “%s”", expected,
                          gtk_editable_get_text (GTK_EDITABLE (fixture->entry)));
  vt_test_wait_until (text_is, &wait, 10000, what);
}

typedef struct
{
  Fixture         *fixture;
  VtKeyboardState  state;
} StateWait;

static gboolean
state_is (gpointer data)
{
  StateWait *wait = data;
  VtKeyboardState state = vt_keyboard_get_state (keyboard_of (wait->fixture));

  return state.page == wait->state.page && state.shift == wait->state.shift;
}

static void
tap_to_state (Fixture         *fixture,
              VtKeyAction      action,
              VtKeyboardPage   page,
              VtKeyboardShift  shift)
{
  StateWait wait = { fixture, { page, shift } };

  vt_test_tap (key (fixture, action, NULL));
  vt_test_wait_until (state_is, &wait, 10000, "the keyboard's page and shift");
}

static void
test_types (Fixture       *fixture,
            gconstpointer  data)
{
  focus (fixture, fixture->entry);
  g_assert_cmpint (vt_keyboard_get_variant (keyboard_of (fixture)), ==, VT_KEYBOARD_VARIANT_TEXT);

  /* Shift for one letter, then small letters again. */
  tap_to_state (fixture, VT_KEY_SHIFT, VT_KEYBOARD_PAGE_LETTERS, VT_KEYBOARD_SHIFT_ONCE);
  tap_expect (fixture, VT_KEY_TEXT, "Ñ", "Ñ");
  tap_expect (fixture, VT_KEY_TEXT, "a", "Ña");
  tap_expect (fixture, VT_KEY_SPACE, NULL, "Ña ");
  tap_expect (fixture, VT_KEY_TEXT, "7", "Ña 7");
  /* Caps lock holds. */
  tap_to_state (fixture, VT_KEY_SHIFT, VT_KEYBOARD_PAGE_LETTERS, VT_KEYBOARD_SHIFT_ONCE);
  tap_to_state (fixture, VT_KEY_SHIFT, VT_KEYBOARD_PAGE_LETTERS, VT_KEYBOARD_SHIFT_LOCKED);
  tap_expect (fixture, VT_KEY_TEXT, "B", "Ña 7B");
  tap_expect (fixture, VT_KEY_TEXT, "C", "Ña 7BC");
  tap_to_state (fixture, VT_KEY_SHIFT, VT_KEYBOARD_PAGE_LETTERS, VT_KEYBOARD_SHIFT_OFF);
  tap_expect (fixture, VT_KEY_DELETE, NULL, "Ña 7B");
  /* The symbols page: what e-mail addresses and references need. */
  tap_to_state (fixture, VT_KEY_SYMBOLS, VT_KEYBOARD_PAGE_SYMBOLS, VT_KEYBOARD_SHIFT_OFF);
  tap_expect (fixture, VT_KEY_TEXT, "@", "Ña 7B@");
  tap_expect (fixture, VT_KEY_TEXT, "/", "Ña 7B@/");
  tap_expect (fixture, VT_KEY_TEXT, "¿", "Ña 7B@/¿");
  tap_to_state (fixture, VT_KEY_LETTERS, VT_KEYBOARD_PAGE_LETTERS, VT_KEYBOARD_SHIFT_OFF);

  /* The field kept the focus all along, and the cursor is at the end. */
  g_assert_true (gtk_widget_has_focus (vt_keyboard_get_target (keyboard_of (fixture))));
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (fixture->entry)), ==, 8);

  /* Typing and Delete go where the cursor is. */
  gtk_editable_set_position (GTK_EDITABLE (fixture->entry), 0);
  tap_expect (fixture, VT_KEY_TEXT, "x", "xÑa 7B@/¿");
  gtk_editable_set_position (GTK_EDITABLE (fixture->entry), 3);
  tap_expect (fixture, VT_KEY_DELETE, NULL, "xÑ 7B@/¿");
  gtk_editable_set_text (GTK_EDITABLE (fixture->entry), "");
  /* Delete on an empty field does nothing. */
  tap_expect (fixture, VT_KEY_DELETE, NULL, "");
}

static gboolean
accents_closed (gpointer data)
{
  return vt_keyboard_find_accent (keyboard_of (data), "é") == NULL;
}

static void
test_accents (Fixture       *fixture,
              gconstpointer  data)
{
  TextWait typed = { fixture->entry, "éê" };
  GtkWidget *e;

  focus (fixture, fixture->entry);

  /* The accent key: a page of the language's accents, for one letter. */
  tap_to_state (fixture, VT_KEY_ACCENTS, VT_KEYBOARD_PAGE_ACCENTS, VT_KEYBOARD_SHIFT_OFF);
  g_assert_nonnull (vt_keyboard_find_key (keyboard_of (fixture), VT_KEY_TEXT, "Ü"));
  tap_expect (fixture, VT_KEY_TEXT, "é", "é");
  g_assert_cmpint (vt_keyboard_get_state (keyboard_of (fixture)).page, ==, VT_KEYBOARD_PAGE_LETTERS);

  /* A long press on e (after a tap on it): its accents, and no e. */
  tap_expect (fixture, VT_KEY_TEXT, "e", "ée");
  tap_expect (fixture, VT_KEY_DELETE, NULL, "é");
  e = key (fixture, VT_KEY_TEXT, "e");
  vt_test_keyboard_long_press (keyboard_of (fixture), e, "ê");
  vt_test_iterate ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->entry)), ==, "é");
  vt_test_tap (vt_keyboard_find_accent (keyboard_of (fixture), "ê"));
  vt_test_wait_until (text_is, &typed, 10000, "éê");
  vt_test_wait_until (accents_closed, fixture, 10000, "the accents to close");
  g_assert_true (gtk_widget_has_focus (vt_keyboard_get_target (keyboard_of (fixture))));

  /* Shift, then a long press: the capitals. */
  tap_to_state (fixture, VT_KEY_SHIFT, VT_KEYBOARD_PAGE_LETTERS, VT_KEYBOARD_SHIFT_ONCE);
  vt_test_keyboard_long_press (keyboard_of (fixture), key (fixture, VT_KEY_TEXT, "O"), "Ó");
  vt_test_tap (vt_keyboard_find_accent (keyboard_of (fixture), "Ó"));
  typed.text = "éêÓ";
  vt_test_wait_until (text_is, &typed, 10000, typed.text);
  g_assert_cmpint (vt_keyboard_get_state (keyboard_of (fixture)).shift, ==, VT_KEYBOARD_SHIFT_OFF);
}

static void
long_press_cb (GtkGestureLongPress *gesture,
               double               x,
               double               y,
               gboolean            *fired)
{
  *fired = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Holds a key down past the long-press time (a gesture of the test's own
 * says when) and lets go. */
static void
hold (GtkWidget *button)
{
  GtkGesture *watch = gtk_gesture_long_press_new ();
  gboolean fired = FALSE;

  g_signal_connect (watch, "pressed", G_CALLBACK (long_press_cb), &fired);
  gtk_widget_add_controller (button, GTK_EVENT_CONTROLLER (watch));
  vt_test_pointer_down (button);
  vt_test_wait_until (is_true, &fired, 10000, "a long press");
  vt_test_pointer_up (button);
  gtk_widget_remove_controller (button, GTK_EVENT_CONTROLLER (watch));
}

/* A key held down types once, and Delete deletes once: no repeat. */
static void
test_no_repeat (Fixture       *fixture,
                gconstpointer  data)
{
  TextWait wait = { fixture->entry, "qq" };

  focus (fixture, fixture->entry);
  tap_expect (fixture, VT_KEY_TEXT, "q", "q");
  hold (key (fixture, VT_KEY_TEXT, "q"));
  vt_test_wait_until (text_is, &wait, 10000, "qq");
  hold (key (fixture, VT_KEY_DELETE, NULL));
  wait.text = "q";
  vt_test_wait_until (text_is, &wait, 10000, "q");
  /* Nothing more comes after the release. */
  tap_expect (fixture, VT_KEY_TEXT, "w", "qw");
}

static gboolean
activated_once (gpointer data)
{
  return ((Fixture *) data)->activated == 1;
}

static void
test_continue (Fixture       *fixture,
               gconstpointer  data)
{
  focus (fixture, fixture->entry);
  vt_test_tap (key (fixture, VT_KEY_CONTINUE, NULL));
  /* What Enter does: the entry's ::activate. */
  vt_test_wait_until (activated_once, fixture, 10000, "the entry's activate");
}

static void
test_variants (Fixture       *fixture,
               gconstpointer  data)
{
  VtKeyboard *keyboard = keyboard_of (fixture);

  focus (fixture, fixture->email);
  g_assert_cmpint (vt_keyboard_get_variant (keyboard), ==, VT_KEYBOARD_VARIANT_EMAIL);
  g_assert_nonnull (vt_keyboard_find_key (keyboard, VT_KEY_TEXT, "@"));
  g_assert_nonnull (vt_keyboard_find_key (keyboard, VT_KEY_TEXT, ".com"));
  g_assert_null (vt_keyboard_find_key (keyboard, VT_KEY_SPACE, NULL));

  /* .com is one key, and types all four. */
  {
    TextWait wait = { fixture->email, "a@b.com" };

    vt_test_keyboard_type (keyboard, "a@b", FALSE);
    vt_test_tap (key (fixture, VT_KEY_TEXT, ".com"));
    vt_test_wait_until (text_is, &wait, 10000, "a@b.com");
  }

  focus (fixture, fixture->phone);
  g_assert_cmpint (vt_keyboard_get_variant (keyboard), ==, VT_KEYBOARD_VARIANT_PHONE);
  g_assert_nonnull (vt_keyboard_find_key (keyboard, VT_KEY_TEXT, "+"));
  g_assert_null (vt_keyboard_find_key (keyboard, VT_KEY_TEXT, "a"));
  {
    TextWait wait = { fixture->phone, "+5" };

    vt_test_tap (key (fixture, VT_KEY_TEXT, "+"));
    vt_test_tap (key (fixture, VT_KEY_TEXT, "5"));
    vt_test_wait_until (text_is, &wait, 10000, "+5");
  }

  /* A field with a keypad of its own, a read-only one, a button: no keyboard. */
  gtk_widget_grab_focus (fixture->keypad_entry);
  vt_test_wait_until (keyboard_hidden, fixture->keyboard, 10000, "the keyboard to hide");
  g_assert_null (vt_keyboard_get_target (keyboard));
  focus (fixture, fixture->entry);
  gtk_widget_grab_focus (fixture->readonly);
  vt_test_wait_until (keyboard_hidden, fixture->keyboard, 10000, "the keyboard to hide");
  focus (fixture, fixture->entry);
  gtk_widget_grab_focus (fixture->button);
  vt_test_wait_until (keyboard_hidden, fixture->keyboard, 10000, "the keyboard to hide");
}

static void
test_modes (Fixture       *fixture,
            gconstpointer  data)
{
  VtKeyboard *keyboard = keyboard_of (fixture);
  TextWait wait = { fixture->entry, "b" };

  /* never */
  vt_keyboard_set_mode (keyboard, VT_KEYBOARD_MODE_NEVER);
  gtk_widget_grab_focus (fixture->entry);
  vt_test_iterate ();
  g_assert_false (gtk_widget_get_visible (fixture->keyboard));

  /* auto, on Xvfb's seat, which has no touch screen */
  vt_keyboard_set_mode (keyboard, VT_KEYBOARD_MODE_AUTO);
  vt_test_iterate ();
  g_assert_false (gtk_widget_get_visible (fixture->keyboard));

  /* auto with a touch screen: shown, and hidden by a physical key, whose
   * letter still reaches the field */
  vt_keyboard_set_touch_screen (keyboard, TRUE);
  vt_test_wait_until (keyboard_ready, fixture, 10000, "the keyboard");
  vt_test_physical_key ("b");
  vt_test_wait_until (text_is, &wait, 10000, "b");
  vt_test_wait_until (keyboard_hidden, fixture->keyboard, 10000, "the keyboard to hide");

  /* always: a physical key does not hide it */
  vt_keyboard_set_mode (keyboard, VT_KEYBOARD_MODE_ALWAYS);
  vt_test_wait_until (keyboard_ready, fixture, 10000, "the keyboard");
  vt_test_physical_key ("c");
  wait.text = "bc";
  vt_test_wait_until (text_is, &wait, 10000, "bc");
  g_assert_true (gtk_widget_get_visible (fixture->keyboard));
}

static void
collect_keys (GtkWidget *root,
              GPtrArray *keys)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_has_css_class (root, "key"))
    g_ptr_array_add (keys, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_keys (child, keys);
}

static int
smallest_key (Fixture *fixture,
              int     *width)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  GtkWidget *page = vt_keyboard_find_key (keyboard_of (fixture), VT_KEY_SPACE, NULL);
  int height = G_MAXINT;

  collect_keys (gtk_widget_get_parent (page), keys);
  g_assert_cmpuint (keys->len, >, 40);
  *width = G_MAXINT;
  for (guint i = 0; i < keys->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (keys, i);

      vt_test_wait_allocated (button);
      *width = MIN (*width, gtk_widget_get_width (button));
      height = MIN (height, gtk_widget_get_height (button));
    }
  return height;
}

typedef struct
{
  Fixture *fixture;
  int      height;
} HeightWait;

static gboolean
keys_taller_than (gpointer data)
{
  HeightWait *wait = data;
  int width;

  return smallest_key (wait->fixture, &width) >= wait->height;
}

/* Every key is a 48 px touch target at 100 % text, and grows with it. */
static void
test_sizes (Fixture       *fixture,
            gconstpointer  data)
{
  int width, height, width_200;
  HeightWait wait = { fixture, 0 };

  focus (fixture, fixture->entry);
  height = smallest_key (fixture, &width);
  g_test_message ("smallest key at 100%%: %d x %d px", width, height);
  g_assert_cmpint (width, >=, 48);
  g_assert_cmpint (height, >=, 48);

  /* What the window's Larger text does: 20 px → 40 px.  The labels
   * double; the keys, 48 px at least, grow around them. */
  gtk_css_provider_load_from_data (scale_provider, "window.kiosk { font-size: 40px; }", -1);
  wait.height = height * 6 / 5;
  vt_test_wait_until (keys_taller_than, &wait, 10000, "every key a fifth taller at least");
  g_test_message ("smallest key at 200%%: %d x %d px", width_200, smallest_key (fixture, &width_200));
  g_assert_cmpint (width_200, >=, 48);
  gtk_css_provider_load_from_data (scale_provider, "window.kiosk { font-size: 20px; }", -1);
}

/* Each key is a button named for a screen reader: the letter, or what it does. */
static void
test_names (Fixture       *fixture,
            gconstpointer  data)
{
  GtkWidget *button;

  focus (fixture, fixture->entry);
  button = key (fixture, VT_KEY_TEXT, "ñ");
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, "ñ");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (key (fixture, VT_KEY_DELETE, NULL)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Delete one letter");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (key (fixture, VT_KEY_SHIFT, NULL)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Shift");
  tap_to_state (fixture, VT_KEY_SHIFT, VT_KEYBOARD_PAGE_LETTERS, VT_KEYBOARD_SHIFT_ONCE);
  tap_to_state (fixture, VT_KEY_SHIFT, VT_KEYBOARD_PAGE_LETTERS, VT_KEYBOARD_SHIFT_LOCKED);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (key (fixture, VT_KEY_SHIFT, NULL)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Caps lock, on");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (key (fixture, VT_KEY_SPACE, NULL)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Space");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (key (fixture, VT_KEY_TEXT, "Ñ")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Ñ");
}

/* The next citizen finds the keyboard as the first did. */
static void
test_reset (Fixture       *fixture,
            gconstpointer  data)
{
  VtKeyboard *keyboard = keyboard_of (fixture);
  VtKeyboardState state;

  focus (fixture, fixture->entry);
  tap_to_state (fixture, VT_KEY_SHIFT, VT_KEYBOARD_PAGE_LETTERS, VT_KEYBOARD_SHIFT_ONCE);
  tap_to_state (fixture, VT_KEY_SHIFT, VT_KEYBOARD_PAGE_LETTERS, VT_KEYBOARD_SHIFT_LOCKED);
  vt_test_keyboard_long_press (keyboard, key (fixture, VT_KEY_TEXT, "E"), "É");

  vt_keyboard_reset (keyboard);
  state = vt_keyboard_get_state (keyboard);
  g_assert_cmpint (state.page, ==, VT_KEYBOARD_PAGE_LETTERS);
  g_assert_cmpint (state.shift, ==, VT_KEYBOARD_SHIFT_OFF);
  g_assert_null (vt_keyboard_find_accent (keyboard, "É"));
  g_assert_nonnull (vt_keyboard_find_key (keyboard, VT_KEY_TEXT, "e"));
}

/* Every language's sentence with all its accents, typed by taps alone:
 * once with the accent key, once with long presses. */
static void
test_sentences (Fixture       *fixture,
                gconstpointer  data)
{
  /* Long presses of a fifth of a second keep the test short. */
  g_object_set (gtk_settings_get_default (), "gtk-long-press-time", 200, NULL);

  for (guint a = 0; a < G_N_ELEMENTS (vt_test_alphabets); a++)
    {
      const VtTestAlphabet *alphabet = &vt_test_alphabets[a];

      vt_keyboard_set_language (keyboard_of (fixture), alphabet->language);
      for (gboolean long_press = FALSE; long_press <= TRUE; long_press++)
        {
          gtk_editable_set_text (GTK_EDITABLE (fixture->entry), "");
          gtk_widget_grab_focus (fixture->button);
          focus (fixture, fixture->entry);
          vt_test_keyboard_type (keyboard_of (fixture), alphabet->sentence, long_press);
          g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->entry)), ==, alphabet->sentence);
        }
    }
  g_object_set (gtk_settings_get_default (), "gtk-long-press-time", 500, NULL);
}

static VtServiceItem *
service (const char *id,
         const char *title)
{
  VtServiceItem *item = g_new0 (VtServiceItem, 1);

  item->form_id = g_strdup (id);
  item->title = g_strdup (title);
  item->category = g_strdup ("Services");
  return item;
}

static gboolean
has_focus (gpointer data)
{
  return gtk_widget_has_focus (data);
}

/* The services search: the keyboard types the search, and Continue goes to
 * the first service it found, which puts the keyboard away. */
static void
test_services_search (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char * const titles[][2] = {
    { "birth", "Birth certificate" }, { "death", "Death certificate" }, { "water", "Water connection" },
    { "light", "Street light out" }, { "permit", "Shop permit" }, { "market", "Market stall" },
    { "tree", "Fallen tree" },
  };
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_service_item_free);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page;
  GtkWidget *search;
  GtkWidget *water;

  /* The fixture's window, with the services page in place of its fields. */
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    g_ptr_array_add (items, service (titles[i][0], titles[i][1]));
  page = vt_services_page_new (items);
  g_object_ref (fixture->keyboard);
  gtk_box_remove (GTK_BOX (gtk_widget_get_parent (fixture->keyboard)), fixture->keyboard);
  {
    GtkWidget *scroller = gtk_scrolled_window_new ();

    gtk_widget_set_vexpand (scroller, TRUE);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), page);
    gtk_box_append (GTK_BOX (box), scroller);
  }
  gtk_box_append (GTK_BOX (box), fixture->keyboard);
  g_object_unref (fixture->keyboard);
  gtk_window_set_child (GTK_WINDOW (fixture->window), box);
  search = vt_test_find_widget (page, GTK_TYPE_SEARCH_ENTRY);
  water = vt_services_page_get_button (VT_SERVICES_PAGE (page), "water");

  vt_test_wait_allocated (search);
  vt_test_tap (search);
  vt_test_wait_until (keyboard_ready, fixture, 10000, "the keyboard for the search");
  vt_keyboard_set_language (keyboard_of (fixture), "en");
  vt_test_keyboard_type (keyboard_of (fixture), "water", FALSE);
  vt_test_tap (key (fixture, VT_KEY_CONTINUE, NULL));
  vt_test_wait_until (has_focus, water, 10000, "the water service to take the focus");
  vt_test_wait_until (keyboard_hidden, fixture->keyboard, 10000, "the keyboard to go");
  g_assert_false (gtk_widget_get_visible (vt_services_page_get_button (VT_SERVICES_PAGE (page), "birth")));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GtkCssProvider) provider = NULL;

  vt_test_gtk_init (&argc, &argv);
  vt_application_ensure_resources ();
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/org/ventanilla/Kiosk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  scale_provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (scale_provider, "window.kiosk { font-size: 20px; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (scale_provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);

#define ADD(path, func) g_test_add ("/vt/on-screen-keyboard/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("types", test_types);
  ADD ("accents", test_accents);
  ADD ("no-repeat", test_no_repeat);
  ADD ("continue", test_continue);
  ADD ("variants", test_variants);
  ADD ("modes", test_modes);
  ADD ("sizes", test_sizes);
  ADD ("names", test_names);
  ADD ("reset", test_reset);
  ADD ("sentences", test_sentences);
  ADD ("services-search", test_services_search);
#undef ADD

  return g_test_run ();
}
