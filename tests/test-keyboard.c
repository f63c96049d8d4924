#include "config.h"

#include <gtk/gtk.h>

#include "vt-application.h"
#include "vt-language.h"
#include "vt-question-page.h"
#include "vt-question-view.h"
#include "vt-store.h"
#include "vt-test-app.h"
#include "vt-test-utils.h"
#include "vt-window.h"

/* A whole application with the keyboard alone: Tab moves focus exactly as
 * GtkWindow's Tab binding does (gtk_widget_child_focus on the window),
 * Space/Enter activate the focused widget, letters go to the focused text
 * field.  Nothing is clicked or reached by pointer. */

static VtApplication *app;
static char *data_dir;

static GtkWidget *
focus_of (VtWindow *window)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

static void
tab (VtWindow *window)
{
  if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
    /* Past the last widget focus wraps, as the Tab key does. */
    gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);
}

/* Everything the keyboard reaches is also a touch target of 48 px or more. */
static void
check_target (GtkWidget *focus)
{
  GtkWidget *target = GTK_IS_TEXT (focus) ? gtk_widget_get_parent (focus) : focus;

  vt_test_wait_allocated (target);
  if (gtk_widget_get_height (target) < 48)
    g_error ("%s is %d px tall, less than a 48 px touch target",
             G_OBJECT_TYPE_NAME (target), gtk_widget_get_height (target));
}

static void
type_text (GtkWidget  *focus,
           const char *text)
{
  GtkEditable *editable = GTK_EDITABLE (focus);
  int position;

  gtk_editable_delete_text (editable, 0, -1);
  position = 0;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      char key[8] = { 0 };

      g_utf8_strncpy (key, p, 1);
      gtk_editable_insert_text (editable, key, -1, &position);
    }
}

static gboolean
page_changed (gpointer data)
{
  gpointer *before = data;

  return vt_window_get_page (before[0]) != before[1];
}

/* Presses Tab until focus is on target_fn's choice, at most 300 times. */
static void
walk_page (VtWindow   *window,
           GHashTable *answers,
           GHashTable *done)
{
  GtkWidget *page = vt_window_get_page (window);
  GtkWidget *next = vt_question_page_get_next_button (VT_QUESTION_PAGE (page));
  gpointer before[2] = { window, page };

  for (guint presses = 0; presses < 300; presses++)
    {
      GtkWidget *focus;
      GtkWidget *view;
      g_autofree char *path = NULL;
      const char *value;

      if (vt_window_get_page (window) != page)
        {
          /* An answer rebuilt the page (a question appeared): go on. */
          page = vt_window_get_page (window);
          next = vt_question_page_get_next_button (VT_QUESTION_PAGE (page));
          before[1] = page;
        }

      tab (window);
      focus = focus_of (window);
      g_assert_nonnull (focus);
      check_target (focus);
      /* Waiting for the layout ran the main loop: a pending rebuild may
       * have replaced the page (and the focus) meanwhile. */
      if (vt_window_get_page (window) != page)
        continue;
      focus = focus_of (window);

      if (focus == next)
        {
          g_autoptr(GPtrArray) views = g_ptr_array_new ();
          gboolean all = TRUE;

          vt_test_collect_views (page, views);
          for (guint i = 0; i < views->len; i++)
            {
              const char *p = vt_question_view_get_path (g_ptr_array_index (views, i));

              if (g_hash_table_contains (answers, p) && !g_hash_table_contains (done, p))
                all = FALSE;
            }
          if (all)
            {
              /* Enter on Continue. */
              gtk_widget_activate (focus);
              vt_test_wait_until (page_changed, before, 10000, "the next page");
              return;
            }
          continue;
        }

      view = gtk_widget_get_ancestor (focus, VT_TYPE_QUESTION_VIEW);
      if (view == NULL)
        continue;
      /* A copy: answering can rebuild the page and free the view. */
      path = g_strdup (vt_question_view_get_path (VT_QUESTION_VIEW (view)));
      value = g_hash_table_lookup (answers, path);
      if (value == NULL || g_hash_table_contains (done, path))
        continue;

      if (GTK_IS_TEXT (focus))
        {
          GtkWidget *entry = gtk_widget_get_parent (focus);
          GtkWidget *control = vt_question_view_get_control (VT_QUESTION_VIEW (view));

          if (control == entry)
            {
              type_text (focus, value);
              g_hash_table_add (done, g_strdup (path));
            }
          else
            {
              /* Day, month, year: three fields in a row. */
              g_auto(GStrv) ymd = g_strsplit (value, "-", 3);
              g_autoptr(GPtrArray) entries = g_ptr_array_new ();
              guint which;

              vt_test_collect_type (control, GTK_TYPE_ENTRY, entries);
              for (which = 0; which < entries->len && g_ptr_array_index (entries, which) != entry; which++)
                ;
              g_assert_cmpuint (which, <, 3);
              type_text (focus, ymd[2 - which]);
              if (which == 2)
                g_hash_table_add (done, g_strdup (path));
            }
        }
      else if (GTK_IS_CHECK_BUTTON (focus))
        {
          const char *choice = g_object_get_data (G_OBJECT (focus), "vt-value");
          g_auto(GStrv) values = g_strsplit (value, " ", -1);

          /* In a group of radio buttons Tab leaves the group: the arrow
           * keys move between its choices, down or up towards the one
           * wanted. */
          if (g_strv_length (values) == 1 && choice != NULL && !g_str_equal (choice, values[0]))
            {
              int here = -1, want = -1, i = 0;

              for (GtkWidget *c = gtk_widget_get_first_child (gtk_widget_get_parent (focus)); c; c = gtk_widget_get_next_sibling (c), i++)
                {
                  if (c == focus)
                    here = i;
                  if (g_strcmp0 (g_object_get_data (G_OBJECT (c), "vt-value"), values[0]) == 0)
                    want = i;
                }
              g_assert_cmpint (want, >=, 0);
              for (int steps = ABS (want - here); steps > 0; steps--)
                gtk_widget_child_focus (GTK_WIDGET (window), want > here ? GTK_DIR_DOWN : GTK_DIR_UP);
              focus = focus_of (window);
              g_assert_true (gtk_widget_get_ancestor (focus, VT_TYPE_QUESTION_VIEW) == view);
              choice = g_object_get_data (G_OBJECT (focus), "vt-value");
            }
          vt_test_iterate ();
          if (vt_window_get_page (window) != page || !GTK_IS_CHECK_BUTTON (focus))
            continue;

          if (choice != NULL && g_strv_contains ((const char * const *) values, choice))
            {
              /* Space on the choice (arrows may have selected it already). */
              if (!gtk_check_button_get_active (GTK_CHECK_BUTTON (focus)))
                gtk_widget_activate (focus);
              vt_test_iterate ();
              if (g_strv_length (values) == 1)
                g_hash_table_add (done, g_strdup (path));
            }
        }
    }
  g_error ("Could not reach every field and Continue with Tab on %s",
           vt_question_page_get_id (VT_QUESTION_PAGE (page)));
}

static void
test_keyboard_whole_form (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  g_autoptr(GHashTable) answers = vt_test_load_answers ("household_benefit");
  g_autoptr(GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(VtStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtReceipt) receipt = NULL;
  gpointer before[2] = { window, NULL };
  guint presses;

  vt_test_wait_catalogue (app);

  /* Welcome: Tab to "English", Enter. */
  for (presses = 0; presses < 50; presses++)
    {
      GtkWidget *focus;

      tab (window);
      focus = focus_of (window);
      if (GTK_IS_BUTTON (focus) && vt_test_find_button_or_null (focus, "English") == focus)
        break;
    }
  g_assert_cmpuint (presses, <, 50);
  before[1] = vt_window_get_page (window);
  gtk_widget_activate (focus_of (window));
  vt_test_wait_until (page_changed, before, 10000, "the services");
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_SERVICES);

  /* Services: Tab to the household benefit. */
  for (presses = 0; presses < 50; presses++)
    {
      GtkWidget *focus;

      tab (window);
      focus = focus_of (window);
      if (g_strcmp0 (g_object_get_data (G_OBJECT (focus), "vt-form-id"), "household_benefit") == 0)
        break;
    }
  g_assert_cmpuint (presses, <, 50);
  before[1] = vt_window_get_page (window);
  gtk_widget_activate (focus_of (window));
  vt_test_wait_until (page_changed, before, 10000, "the first question");

  while (vt_window_get_screen (window) == VT_SCREEN_QUESTION)
    walk_page (window, answers, done);
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, answers);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      if (!g_hash_table_contains (done, key))
        g_error ("%s was never reached by keyboard", (char *) key);
    g_hash_table_iter_init (&iter, done);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      if (!g_hash_table_contains (answers, key))
        g_error ("%s was answered but is not in the fixture", (char *) key);
  }

  /* Check your answers, then consent: Tab to the primary button, Enter. */
  for (guint step = 0; step < 2; step++)
    {
      const char *label = step == 0 ? "Continue" : "Agree and send application";

      for (presses = 0; presses < 400; presses++)
        {
          tab (window);
          if (GTK_IS_BUTTON (focus_of (window)) &&
              g_strcmp0 (gtk_button_get_label (GTK_BUTTON (focus_of (window))), label) == 0)
            break;
        }
      g_assert_cmpuint (presses, <, 400);
      before[1] = vt_window_get_page (window);
      gtk_widget_activate (focus_of (window));
      vt_test_wait_until (page_changed, before, 10000, label);
    }
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_RECEIPT);

  store = vt_store_open (data_dir, &error);
  g_assert_no_error (error);
  receipt = vt_store_get_receipt (store, vt_window_get_receipt_reference (window), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (receipt->form_id, ==, "household_benefit");

  vt_test_close_kiosk (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  vt_test_gtk_init (&argc, &argv);

  data_dir = vt_test_make_tmpdir ("keyboard");
  app = vt_test_app_new (NULL, data_dir, TRUE);

  g_test_add_func ("/vt/keyboard/whole-form", test_keyboard_whole_form);

  status = g_test_run ();
  vt_test_app_close (app);
  vt_test_rmdir_recursive (data_dir);
  g_free (data_dir);
  return status;
}
