#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <string.h>

#include "vt-application.h"
#include "vt-consent-page.h"
#include "vt-question-page.h"
#include "vt-question-view.h"
#include "vt-range-view.h"
#include "vt-rank-view.h"
#include "vt-scan-field.h"
#include "vt-services-page.h"
#include "vt-store.h"
#include "vt-test-app.h"
#include "vt-test-utils.h"
#include "vt-window.h"

/* XLSForm's controls drawn as Collect draws them (issue 29): the fixture
 * tests/fixtures/forms/vocabulary.xml answered by touch (real pointer
 * events through the X server, xdotool) and by a physical keyboard, and
 * the queued submission holding exactly ODK's values.  With
 * VT_VOCABULARY_SHOTS=DIR each control is photographed at 100 % and
 * 200 % text and in high contrast. */

static VtApplication *app;
static char *data_dir;
static const char *shots;

static GtkWidget *
view_of (VtWindow   *window,
         const char *path)
{
  GtkWidget *view = vt_question_page_get_view (VT_QUESTION_PAGE (vt_window_get_page (window)), path);

  g_assert_nonnull (view);
  return vt_question_view_get_control (VT_QUESTION_VIEW (view));
}

typedef struct
{
  GtkWidget  *control;
  const char *expected;
} ValueWait;

static gboolean
range_is (gpointer data)
{
  ValueWait *wait = data;

  return g_str_equal (vt_range_view_get_value (VT_RANGE_VIEW (wait->control)), wait->expected);
}

static gboolean
rank_is (gpointer data)
{
  ValueWait *wait = data;

  return g_str_equal (vt_rank_view_get_value (VT_RANK_VIEW (wait->control)), wait->expected);
}

static void
wait_range (GtkWidget  *control,
            const char *expected)
{
  ValueWait wait = { control, expected };
  g_autofree char *what = g_strdup_printf ("the range to hold %s", expected);

  vt_test_wait_until (range_is, &wait, 10000, what);
}

static void
wait_rank (GtkWidget  *control,
           const char *expected)
{
  ValueWait wait = { control, expected };
  g_autofree char *what = g_strdup_printf ("the ranking to be %s", expected);

  vt_test_wait_until (rank_is, &wait, 10000, what);
}

/* The focus is on widget, or inside it (the text of an entry). */
static gboolean
has_focus (gpointer data)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (data));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == data || gtk_widget_is_ancestor (focus, data));
}

/* Keyboard focus on widget, as Tab would bring it. */
static void
focus (GtkWidget *widget)
{
  g_assert_true (gtk_widget_grab_focus (widget));
  vt_test_wait_until (has_focus, widget, 5000, "the focus");
  vt_test_wait_frame (GTK_WIDGET (gtk_widget_get_root (widget)));
}

static void
tap (GtkWidget *widget)
{
  vt_test_scroll_to (widget);
  vt_test_tap (widget);
}

static void
shoot (VtWindow   *window,
       const char *name)
{
  g_autofree char *file = NULL;

  if (shots == NULL)
    return;
  for (guint v = 0; v < 3; v++)
    {
      const char *variant = v == 0 ? "100" : v == 1 ? "200" : "contrast";

      if (v == 1)
        {
          gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
          gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
        }
      if (v == 2)
        {
          gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);
          gtk_widget_activate_action (GTK_WIDGET (window), "win.high-contrast", NULL);
        }
      vt_test_iterate ();
      g_free (file);
      file = g_strdup_printf ("%s/%s-%s.png", shots, name, variant);
      vt_test_screenshot (GTK_WIDGET (window), file);
    }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.high-contrast", NULL);
  vt_test_iterate ();
}

static void
next_page (VtWindow *window)
{
  GtkWidget *before = vt_window_get_page (window);
  GtkWidget *next = vt_question_page_get_next_button (VT_QUESTION_PAGE (before));

  tap (next);
  vt_test_wait_page_after (window, before, "the next page");
  if (vt_window_get_screen (window) == VT_SCREEN_QUESTION)
    g_assert_false (gtk_widget_get_visible (vt_question_page_get_error_summary (VT_QUESTION_PAGE (vt_window_get_page (window)))));
}

/* The choice button whose caption is label. */
static GtkWidget *
choice (GtkWidget  *root,
        const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  vt_test_collect_type (root, GTK_TYPE_CHECK_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (buttons->pdata[i]), "vt-label"), label) == 0)
      return buttons->pdata[i];
  g_error ("No choice “%s”", label);
}

typedef struct
{
  VtWindow   *window;
  const char *path;
  const char *expected;
} AnswerWait;

static gboolean
answer_is (gpointer data)
{
  AnswerWait *wait = data;
  g_autofree char *value = vt_window_dup_answer (wait->window, wait->path);

  if (g_strcmp0 (value, wait->expected) != 0 && g_test_verbose ())
    g_test_message ("%s holds “%s”", wait->path, value);
  return g_strcmp0 (value, wait->expected) == 0;
}

/* The session holds expected at path: what the submission will say. */
static void
wait_answer (VtWindow   *window,
             const char *path,
             const char *expected)
{
  AnswerWait wait = { window, path, expected };
  g_autofree char *what = g_strdup_printf ("%s to be “%s”", path, expected);

  if (!answer_is (&wait))
    vt_test_wait_until (answer_is, &wait, 10000, what);
}

static void
type_keys (const char *keys)
{
  for (const char *k = keys; *k != '\0'; k++)
    {
      char keysym[2] = { *k, '\0' };

      vt_test_physical_key (keysym);
    }
}

static gboolean
grid_column_of (GtkWidget *button,
                int       *column,
                int       *row)
{
  GtkWidget *grid = gtk_widget_get_parent (button);

  if (!GTK_IS_GRID (grid))
    return FALSE;
  gtk_grid_query_child (GTK_GRID (grid), button, column, row, NULL, NULL);
  return TRUE;
}

/* a shows on the same row as b, to its left. */
static void
assert_left_of (GtkWidget *a,
                GtkWidget *b)
{
  graphene_rect_t ra, rb;

  vt_test_wait_allocated (a);
  vt_test_wait_allocated (b);
  g_assert_true (gtk_widget_compute_bounds (a, GTK_WIDGET (gtk_widget_get_root (a)), &ra));
  g_assert_true (gtk_widget_compute_bounds (b, GTK_WIDGET (gtk_widget_get_root (b)), &rb));
  g_assert_cmpfloat (ra.origin.x + ra.size.width, <=, rb.origin.x);
  g_assert_cmpfloat (ABS (ra.origin.y - rb.origin.y), <, 2);
}

static void
test_vocabulary (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  g_autoptr(VtStore) store = NULL;
  g_autoptr(VtReceipt) receipt = NULL;
  g_autoptr(VtStoreItem) item = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *control;
  static const char * const expected[] = {
    "<score>5</score>", "<weight>1.5</weight>", "<stars>4</stars>", "<level>40</level>",
    "<children>2</children>", "<priorities>roads rubbish water lights</priorities>",
    "<transport>car</transport>", "<district>las_flores</district>", "<agree_terms>yes</agree_terms>",
    "<ease>4</ease>", "<services>water internet</services>", "<contact>letter</contact>",
    "<colour>blue</colour>", "<pin>4831</pin>", "<moved>2019-11-01</moved>", "<built>1987-01-01</built>",
  };

  vt_test_wait_catalogue (app);
  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  vt_test_click (vt_test_find_button (vt_window_get_page (window), "English"));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  vt_test_press (window, vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), "vocabulary"));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_QUESTION);

  /* A slider 1…10: nothing is an answer before it is touched; the first
   * + is the start, arrows on the slider step by one. */
  control = view_of (window, "/data/score");
  g_assert_true (VT_IS_RANGE_VIEW (control));
  g_assert_cmpstr (vt_range_view_get_value (VT_RANGE_VIEW (control)), ==, "");
  g_assert_cmpstr (vt_range_view_get_words (VT_RANGE_VIEW (control)), ==, "No answer yet");
  shoot (window, "range-unanswered");
  tap (vt_range_view_get_more (VT_RANGE_VIEW (control)));
  wait_range (control, "1");
  tap (vt_range_view_get_more (VT_RANGE_VIEW (control)));
  wait_range (control, "2");
  focus (vt_range_view_get_slider (VT_RANGE_VIEW (control)));
  for (guint i = 0; i < 3; i++)
    vt_test_physical_key ("Right");
  wait_range (control, "5");
  g_assert_cmpstr (vt_range_view_get_words (VT_RANGE_VIEW (control)), ==, "5, on a scale from 1 to 10");
  shoot (window, "range");
  next_page (window);

  /* 0…5 by 0.5 without ticks: a tap at the slider's far end is 5, the
   * − steps down by the form's step, Left on the slider too. */
  control = view_of (window, "/data/weight");
  tap (vt_range_view_get_more (VT_RANGE_VIEW (control)));
  wait_range (control, "0.0");
  tap (vt_range_view_get_more (VT_RANGE_VIEW (control)));
  tap (vt_range_view_get_more (VT_RANGE_VIEW (control)));
  tap (vt_range_view_get_more (VT_RANGE_VIEW (control)));
  tap (vt_range_view_get_more (VT_RANGE_VIEW (control)));
  wait_range (control, "2.0");
  focus (vt_range_view_get_slider (VT_RANGE_VIEW (control)));
  vt_test_physical_key ("Left");
  wait_range (control, "1.5");
  shoot (window, "range-no-ticks");
  next_page (window);

  /* Stars: a tap on the fourth; Space on a focused star chooses it. */
  control = view_of (window, "/data/stars");
  g_assert_null (vt_range_view_get_slider (VT_RANGE_VIEW (control)));
  g_assert_null (vt_range_view_get_star (VT_RANGE_VIEW (control), 6));
  focus (vt_range_view_get_star (VT_RANGE_VIEW (control), 2));
  vt_test_physical_key ("space");
  wait_range (control, "2");
  tap (vt_range_view_get_star (VT_RANGE_VIEW (control), 4));
  wait_range (control, "4");
  g_assert_cmpstr (vt_range_view_get_words (VT_RANGE_VIEW (control)), ==, "4 stars out of 5");
  shoot (window, "range-rating");
  next_page (window);

  /* Upright 0…100 by 10: Up on the slider, then + on top. */
  control = view_of (window, "/data/level");
  g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (vt_range_view_get_slider (VT_RANGE_VIEW (control)))),
                   ==, GTK_ORIENTATION_VERTICAL);
  focus (vt_range_view_get_slider (VT_RANGE_VIEW (control)));
  vt_test_physical_key ("Up");
  wait_range (control, "10");
  vt_test_physical_key ("Up");
  vt_test_physical_key ("Up");
  wait_range (control, "30");
  tap (vt_range_view_get_more (VT_RANGE_VIEW (control)));
  wait_range (control, "40");
  shoot (window, "range-vertical");
  next_page (window);

  /* The picker: − and + alone; Space on the focused + too. */
  control = view_of (window, "/data/children");
  g_assert_null (vt_range_view_get_slider (VT_RANGE_VIEW (control)));
  tap (vt_range_view_get_more (VT_RANGE_VIEW (control)));
  tap (vt_range_view_get_more (VT_RANGE_VIEW (control)));
  tap (vt_range_view_get_more (VT_RANGE_VIEW (control)));
  wait_range (control, "2");
  tap (vt_range_view_get_less (VT_RANGE_VIEW (control)));
  wait_range (control, "1");
  focus (vt_range_view_get_more (VT_RANGE_VIEW (control)));
  vt_test_physical_key ("space");
  wait_range (control, "2");
  shoot (window, "range-picker");
  next_page (window);

  /* A ranking: unanswered until moved (Continue refuses it, required);
   * Down on Water by touch, then Up twice on Rubbish by keyboard, the
   * focus following the choice it moves. */
  control = view_of (window, "/data/priorities");
  g_assert_true (VT_IS_RANK_VIEW (control));
  g_assert_cmpstr (vt_rank_view_get_value (VT_RANK_VIEW (control)), ==, "");
  g_assert_false (gtk_widget_get_sensitive (vt_rank_view_get_up (VT_RANK_VIEW (control), 0)));
  g_assert_false (gtk_widget_get_sensitive (vt_rank_view_get_down (VT_RANK_VIEW (control), 3)));
  shoot (window, "rank-unanswered");
  tap (vt_rank_view_get_down (VT_RANK_VIEW (control), 0));
  wait_rank (control, "roads water lights rubbish");
  focus (vt_rank_view_get_up (VT_RANK_VIEW (control), 3));
  vt_test_physical_key ("space");
  wait_rank (control, "roads water rubbish lights");
  g_assert_true (gtk_widget_has_focus (vt_rank_view_get_up (VT_RANK_VIEW (control), 2)));
  vt_test_physical_key ("space");
  wait_rank (control, "roads rubbish water lights");
  shoot (window, "rank");
  next_page (window);

  /* minimal: one large button names the answer and opens the list; a
   * choice folds it again.  By touch, then by keyboard (Space opens, the
   * focus is on the answer, Tab to the next choice, Space takes it). */
  {
    GtkWidget *view = vt_question_page_get_view (VT_QUESTION_PAGE (vt_window_get_page (window)), "/data/transport");
    GtkWidget *opener;

    control = view_of (window, "/data/transport");
    opener = vt_test_find_button (view, "Choose your answer");
    g_assert_false (gtk_widget_get_mapped (choice (control, "Bus")));
    shoot (window, "select-minimal-folded");
    tap (opener);
    vt_test_wait_allocated (choice (control, "Bus"));
    shoot (window, "select-minimal-open");
    tap (choice (control, "Bus"));
    wait_answer (window, "/data/transport", "bus");
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (opener)), ==, "Bus");
    g_assert_true (gtk_widget_has_focus (opener));
    vt_test_physical_key ("space");
    vt_test_wait_until (has_focus, choice (control, "Bus"), 5000, "the focus on the answer");
    vt_test_physical_key ("Down");
    vt_test_wait_until (has_focus, choice (control, "Car"), 5000, "the focus on the next choice");
    wait_answer (window, "/data/transport", "car");
    g_assert_true (gtk_widget_get_mapped (choice (control, "Bicycle")));
    vt_test_physical_key ("Return");
    vt_test_wait_until (has_focus, opener, 5000, "the focus back on the folded list");
    g_assert_false (gtk_widget_get_mapped (choice (control, "Bicycle")));
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (opener)), ==, "Car");
    next_page (window);
  }

  /* autocomplete: a search box even for four choices; typed keys filter. */
  control = view_of (window, "/data/district");
  {
    GtkWidget *search = vt_test_find_widget (vt_window_get_page (window), GTK_TYPE_SEARCH_ENTRY);

    g_assert_nonnull (search);
    tap (search);
    type_keys ("flo");
    vt_test_wait_until ((VtTestCondition) gtk_widget_get_visible, choice (control, "Las Flores"), 5000, "Las Flores");
    while (gtk_widget_get_visible (choice (control, "Centro")))
      vt_test_iterate ();
    g_assert_false (gtk_widget_get_visible (choice (control, "Río Claro")));
    shoot (window, "select-autocomplete");
    tap (choice (control, "Las Flores"));
    wait_answer (window, "/data/district", "las_flores");
    next_page (window);
  }

  /* quick: a choice is the answer and Continue at once. */
  {
    GtkWidget *before = vt_window_get_page (window);

    control = view_of (window, "/data/agree_terms");
    shoot (window, "select-quick");
    tap (choice (control, "Yes"));
    vt_test_wait_page_after (window, before, "the page after a quick choice");
    g_assert_null (vt_question_page_get_view (VT_QUESTION_PAGE (vt_window_get_page (window)), "/data/agree_terms"));
    wait_answer (window, "/data/agree_terms", "yes");
  }

  /* likert: one row, left to right. */
  {
    control = view_of (window, "/data/ease");
    assert_left_of (choice (control, "Strongly disagree"), choice (control, "Disagree"));
    assert_left_of (choice (control, "Agree"), choice (control, "Strongly agree"));
    focus (choice (control, "Disagree"));
    vt_test_physical_key ("space");
    wait_answer (window, "/data/ease", "2");
    tap (choice (control, "Agree"));
    wait_answer (window, "/data/ease", "4");
    shoot (window, "select-likert");
    next_page (window);
  }

  /* columns-2: two to a row. */
  {
    int c, r;

    control = view_of (window, "/data/services");
    g_assert_true (grid_column_of (choice (control, "Sewer"), &c, &r));
    g_assert_cmpint (c, ==, 0);
    g_assert_cmpint (r, ==, 1);
    g_assert_true (grid_column_of (choice (control, "Internet"), &c, &r));
    g_assert_cmpint (c, ==, 1);
    tap (choice (control, "Water"));
    wait_answer (window, "/data/services", "water");
    focus (choice (control, "Internet"));
    vt_test_physical_key ("space");
    wait_answer (window, "/data/services", "water internet");
    shoot (window, "select-columns-2");
    next_page (window);
  }

  /* columns-pack: several to a row. */
  {
    control = view_of (window, "/data/contact");
    assert_left_of (choice (control, "Phone"), choice (control, "Email"));
    assert_left_of (choice (control, "Email"), choice (control, "Letter"));
    tap (choice (control, "Letter"));
    wait_answer (window, "/data/contact", "letter");
    shoot (window, "select-columns-pack");
    next_page (window);
  }

  /* no-buttons: the choices without their round buttons. */
  control = view_of (window, "/data/colour");
  g_assert_true (gtk_widget_has_css_class (choice (control, "Blue bin"), "no-buttons"));
  tap (choice (control, "Blue bin"));
  wait_answer (window, "/data/colour", "blue");
  shoot (window, "select-no-buttons");
  next_page (window);

  /* masked: typed, shown as dots. */
  control = view_of (window, "/data/pin");
  g_assert_false (gtk_entry_get_visibility (GTK_ENTRY (control)));
  tap (control);
  vt_test_wait_until (has_focus, control, 5000, "the focus in the field");
  type_keys ("4831");
  wait_answer (window, "/data/pin", "4831");
  shoot (window, "text-masked");
  next_page (window);

  /* month-year: month and year only; ODK writes the first of the month. */
  {
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();

    control = view_of (window, "/data/moved");
    vt_test_collect_type (control, GTK_TYPE_ENTRY, entries);
    g_assert_cmpuint (entries->len, ==, 2);
    tap (entries->pdata[0]);
    type_keys ("11");
    tap (entries->pdata[1]);
    vt_test_wait_until (has_focus, entries->pdata[1], 5000, "the focus on the year");
    type_keys ("2019");
    wait_answer (window, "/data/moved", "2019-11-01");
    shoot (window, "date-month-year");
    next_page (window);
  }

  /* year: the year alone, and ODK's 1 January. */
  {
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();

    control = view_of (window, "/data/built");
    vt_test_collect_type (control, GTK_TYPE_ENTRY, entries);
    g_assert_cmpuint (entries->len, ==, 1);
    tap (entries->pdata[0]);
    type_keys ("1987");
    wait_answer (window, "/data/built", "1987-01-01");
    shoot (window, "date-year");
    next_page (window);
  }

  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_REVIEW);
  vt_test_press (window, vt_test_find_button (vt_window_get_page (window), "Continue"));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_CONSENT);
  vt_test_press (window, vt_consent_page_get_send_button (VT_CONSENT_PAGE (vt_window_get_page (window))));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_RECEIPT);

  store = vt_store_open (data_dir, &error);
  g_assert_no_error (error);
  receipt = vt_store_get_receipt (store, vt_window_get_receipt_reference (window), &error);
  g_assert_no_error (error);
  item = vt_store_get_item (store, receipt->instance_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (strstr (item->xml, expected[i]) == NULL)
      g_error ("%s is not in the queued XML:\n%s", expected[i], item->xml);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A ranking dragged by the finger: Lights held and let go on Water's row. */
static void
test_rank_drag (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  GtkWidget *control;

  vt_test_wait_catalogue (app);
  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  vt_test_click (vt_test_find_button (vt_window_get_page (window), "English"));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  vt_test_press (window, vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), "vocabulary"));
  for (guint i = 0; i < 5; i++)
    {
      GtkWidget *range = vt_question_view_get_control (VT_QUESTION_VIEW (
        vt_test_find_widget (vt_window_get_page (window), VT_TYPE_QUESTION_VIEW)));

      if (vt_range_view_get_star (VT_RANGE_VIEW (range), 1) != NULL)
        tap (vt_range_view_get_star (VT_RANGE_VIEW (range), 1));
      else
        tap (vt_range_view_get_more (VT_RANGE_VIEW (range)));
      next_page (window);
    }
  control = view_of (window, "/data/priorities");
  vt_test_scroll_to (vt_rank_view_get_row (VT_RANK_VIEW (control), 0));
  vt_test_wait_frame (GTK_WIDGET (window));
  vt_test_pointer_down (vt_rank_view_get_row (VT_RANK_VIEW (control), 2));
  vt_test_pointer_drag_to (vt_rank_view_get_row (VT_RANK_VIEW (control), 0));
  vt_test_pointer_release ();
  wait_rank (control, "lights water roads rubbish");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A USB scanner types the code in a burst and presses Enter: the field
 * says "Scanned" and the page stays; typed by hand, it is a text field. */
static void
test_scanner (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  GtkWidget *entry;

  vt_test_wait_catalogue (app);
  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  vt_test_click (vt_test_find_button (vt_window_get_page (window), "English"));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  vt_test_press (window, vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), "scan"));
  entry = view_of (window, "/data/parcel");
  g_assert_true (GTK_IS_ENTRY (entry));
  tap (entry);
  vt_test_wait_until (has_focus, entry, 5000, "the focus in the field");

  /* By hand, slowly: no "Scanned". */
  vt_test_type_text ("AB", 150, FALSE);
  wait_answer (window, "/data/parcel", "AB");
  g_assert_null (vt_test_find_label_containing (GTK_WIDGET (window), "Scanned"));

  /* The scanner: thirteen digits and Enter, a few ms apart. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  vt_test_type_text ("7501031311309", 5, TRUE);
  vt_test_wait_until ((VtTestCondition) vt_scan_field_was_scanned, entry, 10000, "the scan");
  wait_answer (window, "/data/parcel", "7501031311309");
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (window), "Scanned: 7501031311309"));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_QUESTION);
  shoot (window, "barcode-scanned");

  /* Continue, and the submission holds the code. */
  next_page (window);
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_REVIEW);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  vt_test_gtk_init (&argc, &argv);
  shots = g_getenv ("VT_VOCABULARY_SHOTS");
  data_dir = vt_test_make_tmpdir ("vocabulary");
  vt_test_add_fixture_form (data_dir, "vocabulary.xml");
  vt_test_add_fixture_form (data_dir, "scan.xml");
  app = vt_test_app_new ("[kiosk]\nlanguages=en;es\n", data_dir, FALSE);
  vt_application_set_sync_enabled (app, FALSE);

  g_test_add_func ("/vt/vocabulary/every-control", test_vocabulary);
  g_test_add_func ("/vt/vocabulary/rank-drag", test_rank_drag);
  g_test_add_func ("/vt/vocabulary/scanner", test_scanner);

  status = g_test_run ();
  vt_test_app_close (app);
  vt_test_rmdir_recursive (data_dir);
  g_free (data_dir);
  return status;
}
