#pragma once

#include <gtk/gtk.h>

#include "vt-application.h"
#include "vt-keyboard.h"
#include "vt-window.h"

G_BEGIN_DECLS

/* Helpers for tests that drive the kiosk as a citizen would. */

/* First thing in a UI test's main(): Ventanilla's translations set up as
 * the kiosk sets them up (the build tree's catalogues, never those of an
 * installed package), then GTK's test mode. */
void           vt_test_gtk_init           (int        *argc,
                                           char     ***argv);

/* A registered application with the given configuration text (NULL for
 * defaults) and data directory; demo adds the bundled services. */
VtApplication *vt_test_app_new            (const char *config_text,
                                           const char *data_dir,
                                           gboolean    demo);
/* The end of a test's application, before its data directory goes: the
 * sync worker's thread (which also runs retention on a kiosk with no
 * server) is stopped, every window closed and the application released.
 * A worker left running into exit() could still be in the store. */
void           vt_test_app_close          (VtApplication *app);
/* Makes the database look full to the store owner's connection, the one
 * that checks for room before a service starts (PRAGMA max_page_count, a
 * page above what it holds), or gives it room again. */
void           vt_test_set_store_full     (VtApplication *app,
                                           gboolean       full);
/* Activates the application and waits for its window to be mapped. */
VtWindow      *vt_test_app_open_window    (VtApplication *app);
/* Waits until app has loaded its services (its catalogue). */
void           vt_test_wait_catalogue     (VtApplication *app);
/* The kiosk as a citizen finds it: app's window open, its services
 * loaded, on Welcome. */
VtWindow      *vt_test_open_kiosk         (VtApplication *app);
/* Closes the kiosk window (which refuses a citizen's close) for good. */
void           vt_test_close_kiosk        (VtWindow      *window);
void           vt_test_wait_screen        (VtWindow  *window,
                                           VtScreen   screen);
/* The first descendant of root (depth first) that is a GtkButton whose
 * label (or accessible label) is text; fails the test if there is none. */
GtkWidget     *vt_test_find_button        (GtkWidget  *root,
                                           const char *text);
GtkWidget     *vt_test_find_button_or_null (GtkWidget *root,
                                            const char *text);
/* TRUE when root or a descendant is a label showing exactly text. */
gboolean       vt_test_has_label          (GtkWidget  *root,
                                           const char *text);
/* The first shown label under root whose text is, or contains, text; NULL
 * when there is none. */
GtkWidget     *vt_test_find_label         (GtkWidget  *root,
                                           const char *text);
GtkWidget     *vt_test_find_label_containing (GtkWidget  *root,
                                              const char *text);
/* The field a shown label under root (its text exactly label) names as its
 * mnemonic widget, as a screen reader pairs them; fails the test when there
 * is none. */
GtkWidget     *vt_test_find_field         (GtkWidget  *root,
                                           const char *label);
/* The first descendant of root that is of type. */
GtkWidget     *vt_test_find_widget        (GtkWidget  *root,
                                           GType       type);
void           vt_test_wait_allocated     (GtkWidget  *widget);
void           vt_test_click              (GtkWidget  *button);
/* Returns once window's frame clock has styled, laid out and painted it
 * anew (a state set on a widget takes effect on a frame). */
void           vt_test_wait_frame         (GtkWidget  *window);
/* Once window has drawn what changed, the whole X display into a PNG
 * (ImageMagick's import), for data/screenshots/. */
void           vt_test_screenshot         (GtkWidget  *window,
                                           const char *file);
/* Fails, naming what, if anything on window's screen is cut: the window
 * larger than its monitor, a widget past the window's edge (outside a
 * scrolled pane), a pane that scrolls sideways, or a label shortened
 * with "…".  where names the screen in the message. */
void           vt_test_assert_nothing_cut (GtkWidget  *window,
                                           const char *where);
/* Adds tests/fixtures/forms/<file> to the store in data_dir, active, as if
 * the server had sent it. */
void           vt_test_add_fixture_form   (const char *data_dir,
                                           const char *file);
/* Drags the real pointer (xdotool on the X display) across widget, from
 * from_x to to_x (shares of its width) around height share y, in a zigzag
 * as a hand writes, button 1 held.  Returns once xdotool is done. */
void           vt_test_pointer_stroke     (GtkWidget  *widget,
                                           double      from_x,
                                           double      to_x,
                                           double      y);
/* Lets GTK lay out and draw what changed. */
void           vt_test_iterate            (void);

/* tests/fixtures/answers/<form_id>.json: path → value. */
GHashTable    *vt_test_load_answers       (const char *form_id);
void           vt_test_collect_views      (GtkWidget  *root,
                                           GPtrArray  *views);
void           vt_test_collect_type       (GtkWidget  *root,
                                           GType       type,
                                           GPtrArray  *found);
/* Answers a question view as a person would: keys on the keypad, the
 * day/month/year fields, the choice buttons. */
void           vt_test_answer_view        (GtkWidget  *view,
                                           const char *value);

/* The next question view of the page shown that answers (path → value)
 * has a value for and done (a set of paths) does not hold yet; it adds
 * the path to done.  An answer can bring more questions onto the page, so
 * ask again after each. */
GtkWidget     *vt_test_next_unanswered    (VtWindow    *window,
                                           GHashTable  *answers,
                                           GHashTable  *done,
                                           const char **value);
/* Answers every question of the page shown that answers has a value for
 * and done does not hold yet, with vt_test_answer_view(), again after
 * each answer (it can bring another onto the page). */
void           vt_test_answer_page        (VtWindow    *window,
                                           GHashTable  *answers,
                                           GHashTable  *done);

/* Presses button and waits for the window to show another page. */
void           vt_test_press              (VtWindow   *window,
                                           GtkWidget  *button);
/* From Welcome, in the language of language_button, fills form_id with
 * tests/fixtures/answers/<form_id>.json and sends it; returns the
 * reference code on the receipt. */
char          *vt_test_fill_service       (VtWindow   *window,
                                           const char *form_id,
                                           const char *language_button);

void           vt_test_fill_service_to_consent (VtWindow   *window,
                                                const char *form_id,
                                                const char *language_button);

/* Real input through the X server (XTEST, with xdotool), as a touch panel
 * that reports itself as a mouse delivers a finger: a press and a release
 * at the centre of widget, on whatever surface holds it (a popover too).
 * They return once the X server has the events; run the main loop until
 * what they should do has happened. */
void           vt_test_tap                (GtkWidget  *widget);
/* Waits until the window shows, mapped, a page other than @before. */
void           vt_test_wait_page_after    (VtWindow   *window,
                                           GtkWidget  *before,
                                           const char *what);
/* A real tap on @widget, scrolled into sight first, then the next page. */
void           vt_test_tap_to_next_page   (VtWindow   *window,
                                           GtkWidget  *widget);
void           vt_test_pointer_down       (GtkWidget  *widget);
void           vt_test_pointer_up         (GtkWidget  *widget);
/* With the button held (vt_test_pointer_down()), moves the pointer in
 * steps onto the centre of widget, as a finger drags. */
void           vt_test_pointer_drag_to    (GtkWidget  *widget);
/* A tap at x, y of widget (its own coordinates), through the X server. */
void           vt_test_tap_at             (GtkWidget  *widget,
                                           double      x,
                                           double      y);
/* Button 1 pressed at from, moved in ten steps to to, and let go there. */
void           vt_test_drag_between       (GtkWidget  *widget,
                                           double      from_x,
                                           double      from_y,
                                           double      to_x,
                                           double      to_y);
/* Lets the button go where the pointer is (after a drag). */
void           vt_test_pointer_release    (void);
/* Text typed on a physical keyboard (or a USB scanner, which is one),
 * about delay_ms between keys, and Return after it when enter. */
void           vt_test_type_text          (const char *text,
                                           guint       delay_ms,
                                           gboolean    enter);
/* A key of a physical keyboard, by its X keysym name ("a", "Return"). */
void           vt_test_physical_key       (const char *keysym);

/* Scrolls the scrolled window around widget until it is all in sight, as
 * a finger's swipe would, so that a tap can reach it. */
void           vt_test_scroll_to          (GtkWidget  *widget);

/* A tap on the key of the keyboard's page shown (text for VT_KEY_TEXT). */
void           vt_test_keyboard_tap       (VtKeyboard  *keyboard,
                                           VtKeyAction  action,
                                           const char  *text);
/* Holds key down until its accents show, and lets go: they stay offered. */
void           vt_test_keyboard_long_press (VtKeyboard *keyboard,
                                            GtkWidget  *key,
                                            const char *accent);
/* Types text on the on-screen keyboard as a person would, from its
 * letters page: taps, or (long_press) a long press and a tap for an accent,
 * through the X server; after each touch, waits for the field to show
 * what was typed so far after what it held. */
void           vt_test_keyboard_type      (VtKeyboard  *keyboard,
                                           const char  *text,
                                           gboolean     long_press);

G_END_DECLS
