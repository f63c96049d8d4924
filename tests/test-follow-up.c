#include "config.h"

#include <gtk/gtk.h>

#include "vt-application.h"
#include "vt-question-page.h"
#include "vt-question-view.h"
#include "vt-services-page.h"
#include "vt-test-app.h"
#include "vt-test-utils.h"
#include "vt-window.h"

/* A follow-up question: on a page of several questions, an answer makes
 * another one relevant ("Where was the baby born?" In a hospital: "Do you
 * have the birth paper from the hospital?" appears at the bottom).  The page, built
 * anew, keeps its scroll and the focus on the choice the citizen tapped,
 * and brings the new question into sight; it used to jump back to the top,
 * the tapped choice off the screen. */

#define PLACE_PATH "/data/baby/birth_place"
#define PAPER_PATH "/data/baby/has_birth_paper"

static VtApplication *app;
static char *data_dir;

static VtQuestionPage *
page_of (VtWindow *window)
{
  GtkWidget *page = vt_window_get_page (window);

  g_assert_true (VT_IS_QUESTION_PAGE (page));
  return VT_QUESTION_PAGE (page);
}

static GtkWidget *
view_of (VtWindow   *window,
         const char *path)
{
  return vt_question_page_get_view (page_of (window), path);
}

/* The choice button of the question at path that stands for value. */
static GtkWidget *
choice_button (VtWindow   *window,
               const char *path,
               const char *value)
{
  GtkWidget *view = view_of (window, path);
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();

  g_assert_nonnull (view);
  vt_test_collect_type (view, GTK_TYPE_CHECK_BUTTON, checks);
  for (guint i = 0; i < checks->len; i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (g_ptr_array_index (checks, i)), "vt-value"), value) == 0)
      return g_ptr_array_index (checks, i);
  g_error ("%s has no choice %s", path, value);
}

/* From Welcome, in English at scale % text, to the birth registration's
 * page about the baby, every question on it answered from the fixture but
 * where the baby was born. */
static void
open_baby_page (VtWindow *window,
                guint     scale)
{
  g_autoptr(GHashTable) answers = vt_test_load_answers ("birth_registration_appointment");
  g_autoptr(GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_hash_table_remove (answers, PLACE_PATH);
  g_hash_table_remove (answers, PAPER_PATH);
  while (vt_window_get_text_scale (window) != scale)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.text-size", NULL);

  vt_test_press (window, vt_test_find_button (vt_window_get_page (window), "English"));
  vt_test_press (window, vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)),
                                                      "birth_registration_appointment"));
  for (guint steps = 0; view_of (window, PLACE_PATH) == NULL; steps++)
    {
      g_assert_cmpuint (steps, <, 10);
      vt_test_answer_page (window, answers, done);
      vt_test_press (window, vt_question_page_get_next_button (page_of (window)));
    }
  vt_test_answer_page (window, answers, done);
  g_assert_null (view_of (window, PAPER_PATH));
}

/* The bounds of widget in the scrolled window's coordinates: what of it
 * shows lies between 0 and the scrolled window's height. */
static graphene_rect_t
bounds_in (GtkWidget *widget,
           GtkWidget *scroller)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, scroller, &bounds));
  return bounds;
}

static void
assert_in_sight (GtkWidget  *widget,
                 GtkWidget  *scroller,
                 const char *what)
{
  graphene_rect_t bounds = bounds_in (widget, scroller);
  double height = gtk_widget_get_height (scroller);

  g_test_message ("%s: %.0f to %.0f of %.0f", what, bounds.origin.y, bounds.origin.y + bounds.size.height, height);
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  /* Taller than the page: its top shows. */
  if (bounds.size.height <= height)
    g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, height);
}

/* With VT_FOLLOW_UP_SCREENSHOT_DIR set, the screen before the tap and
 * after it, to look at. */
static void
screenshot (VtWindow   *window,
            const char *name)
{
  const char *dir = g_getenv ("VT_FOLLOW_UP_SCREENSHOT_DIR");
  g_autofree char *file = NULL;

  if (dir == NULL)
    return;
  file = g_strdup_printf ("%s/follow-up-%s.png", dir, name);
  vt_test_screenshot (GTK_WIDGET (window), file);
}

typedef struct
{
  guint    scale;                  /* the text size, % */
  gboolean keys;                   /* Space on the focused choice, not a tap */
} Case;

/* The page scrolled down (as a finger would), a real tap on "In a
 * hospital" (or Space on it): once the page is built anew and drawn, the
 * scroll is not back at the top, the focus is on that choice of the new
 * page, and the question it brought, below it, is in sight with the
 * choice. */
static void
test_follow_up_in_sight (gconstpointer data)
{
  const Case *test = data;
  guint scale = test->scale;
  VtWindow *window = vt_test_app_open_window (app);
  GtkWidget *scroller;
  GtkAdjustment *adjustment;
  GtkWidget *hospital;
  GtkWidget *before;
  GtkWidget *focus;
  GtkWidget *paper;
  double tapped_at;
  double value;

  vt_test_wait_catalogue (app);
  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  open_baby_page (window, scale);

  hospital = choice_button (window, PLACE_PATH, "hospital");
  scroller = gtk_widget_get_ancestor (hospital, GTK_TYPE_SCROLLED_WINDOW);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  /* Down to the end of the page, where Continue is, as a citizen checks
   * what is left: the choice is then in sight, low on the screen. */
  vt_test_scroll_to (vt_question_page_get_next_button (page_of (window)));
  vt_test_wait_frame (GTK_WIDGET (window));
  g_test_message ("scrolled to %.0f of %.0f (page %.0f)", gtk_adjustment_get_value (adjustment),
                  gtk_adjustment_get_upper (adjustment), gtk_adjustment_get_page_size (adjustment));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  vt_test_scroll_to (hospital);
  tapped_at = bounds_in (hospital, scroller).origin.y;
  {
    g_autofree char *name = g_strdup_printf ("%u%s-before", scale, test->keys ? "-keys" : "");

    screenshot (window, name);
  }

  before = vt_window_get_page (window);
  if (test->keys)
    {
      /* Someone on the keyboard reached the choice (Tab, the arrows). */
      gtk_widget_grab_focus (hospital);
      vt_test_wait_frame (GTK_WIDGET (window));
      tapped_at = bounds_in (hospital, scroller).origin.y;
      vt_test_physical_key ("space");
    }
  else
    vt_test_tap (hospital);
  vt_test_wait_page_after (window, before, "the page built anew with the follow-up");
  vt_test_wait_frame (GTK_WIDGET (window));
  {
    g_autofree char *name = g_strdup_printf ("%u%s-after", scale, test->keys ? "-keys" : "");

    screenshot (window, name);
  }

  paper = view_of (window, PAPER_PATH);
  g_assert_nonnull (paper);
  value = gtk_adjustment_get_value (adjustment);
  g_test_message ("after the tap: scrolled to %.0f of %.0f (page %.0f)", value,
                  gtk_adjustment_get_upper (adjustment), gtk_adjustment_get_page_size (adjustment));

  /* The focus on "In a hospital" of the page shown now. */
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (GTK_IS_CHECK_BUTTON (focus));
  g_assert_true (focus == choice_button (window, PLACE_PATH, "hospital"));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (focus)));
  g_assert_true (gtk_widget_get_mapped (focus));

  /* Not back at the top: the choice where it was, or moved up only as
   * far as the new question needed. */
  g_assert_cmpfloat (value, >, 0);
  assert_in_sight (focus, scroller, "the choice tapped");
  g_assert_cmpfloat (bounds_in (focus, scroller).origin.y, <=, tapped_at + 1);
  /* The new question in sight, its words at least; all of it unless it
   * and the choice tapped (which stays in sight) cannot both be, as at
   * 200 % text. */
  assert_in_sight (vt_question_view_get_label (VT_QUESTION_VIEW (paper)), scroller, "the follow-up's question");
  if (bounds_in (paper, scroller).origin.y + bounds_in (paper, scroller).size.height - bounds_in (focus, scroller).origin.y
      <= gtk_widget_get_height (scroller))
    assert_in_sight (paper, scroller, "the follow-up question");
  else
    {
      g_test_message ("the follow-up and the choice tapped do not fit on the screen together");
      assert_in_sight (vt_question_view_get_hint (VT_QUESTION_VIEW (paper)), scroller, "the follow-up's hint");
    }

  vt_window_reset (window);
  vt_test_close_kiosk (window);
}

int
main (int    argc,
      char **argv)
{
  int status;

  vt_test_gtk_init (&argc, &argv);

  data_dir = vt_test_make_tmpdir ("follow-up");
  app = vt_test_app_new ("[kiosk]\nlanguages=es;en\non-screen-keyboard=never\n", data_dir, TRUE);
  vt_application_set_sync_enabled (app, FALSE);

  g_test_add_data_func ("/vt/follow-up/in-sight", &(Case) { 100, FALSE }, test_follow_up_in_sight);
  g_test_add_data_func ("/vt/follow-up/in-sight-200", &(Case) { 200, FALSE }, test_follow_up_in_sight);
  g_test_add_data_func ("/vt/follow-up/keys", &(Case) { 100, TRUE }, test_follow_up_in_sight);
  g_test_add_data_func ("/vt/follow-up/keys-200", &(Case) { 200, TRUE }, test_follow_up_in_sight);

  status = g_test_run ();
  vt_test_app_close (app);
  vt_test_rmdir_recursive (data_dir);
  g_free (data_dir);
  return status;
}
