#include "config.h"

#include <gtk/gtk.h>

#include "vt-application.h"
#include "vt-language.h"
#include "vt-question-page.h"
#include "vt-question-view.h"
#include "vt-test-app.h"
#include "vt-test-utils.h"

/* Every kind of control, as a screen reader meets it: its role, a name
 * that is the visible question, the hint as description, and after a
 * failed Continue the INVALID state tied to the visible error message. */

static VtQuestion *
new_question (VtControlKind  kind,
              VtDataType     type,
              const char    *path,
              const char    *label,
              const char    *hint)
{
  VtQuestion *question = g_new0 (VtQuestion, 1);

  question->kind = kind;
  question->type = type;
  question->path = g_strdup (path);
  question->label = g_strdup (label);
  question->hint = g_strdup (hint);
  question->value = g_strdup ("");
  question->display_value = g_strdup ("");
  question->required = TRUE;
  return question;
}

static void
add_choices (VtQuestion *question,
             guint       n)
{
  question->choices = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    {
      VtChoice *choice = g_new0 (VtChoice, 1);

      choice->value = g_strdup_printf ("c%u", i);
      choice->label = g_strdup_printf ("Choice %u", i);
      g_ptr_array_add (question->choices, choice);
    }
}

static VtPage *
new_page (void)
{
  VtPage *page = g_new0 (VtPage, 1);

  page->kind = VT_PAGE_QUESTIONS;
  page->id = g_strdup ("group:/data/all#0");
  page->group_label = g_strdup ("Everything");
  page->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_question_free);
  return page;
}

typedef struct
{
  const char      *path;
  GtkAccessibleRole role;
} Expect;

static void
check_view (GtkWidget         *page,
            const char        *path,
            GtkAccessibleRole  role,
            const char        *hint,
            gboolean           invalid)
{
  GtkWidget *view = vt_question_page_get_view (VT_QUESTION_PAGE (page), path);
  GtkWidget *control;
  GtkWidget *label;

  g_assert_nonnull (view);
  control = vt_question_view_get_control (VT_QUESTION_VIEW (view));
  label = vt_question_view_get_label (VT_QUESTION_VIEW (view));
  g_assert_nonnull (control);

  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (control), role);
  /* Accessible name = the visible question. */
  gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE);
  if (hint != NULL)
    {
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, hint);
      gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                           vt_question_view_get_hint (VT_QUESTION_VIEW (view)), NULL);
    }
  if (invalid)
    {
      GtkWidget *error = vt_question_view_get_error (VT_QUESTION_VIEW (view));

      g_assert_true (gtk_widget_get_visible (error));
      gtk_test_accessible_assert_state (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_STATE_INVALID,
                                        GTK_ACCESSIBLE_INVALID_TRUE);
      gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE,
                                           error);
    }
  else
    {
      gtk_test_accessible_assert_state (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_STATE_INVALID,
                                        GTK_ACCESSIBLE_INVALID_FALSE);
    }
}

static GPtrArray *
errors_for (const char * const *paths)
{
  GPtrArray *errors = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_validation_error_free);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      VtValidationError *error = g_new0 (VtValidationError, 1);

      error->path = g_strdup (paths[i]);
      error->message = g_strdup_printf ("Answer question %u", i + 1);
      g_ptr_array_add (errors, error);
    }
  return errors;
}

static void
test_question_controls (gconstpointer data)
{
  gboolean with_errors = GPOINTER_TO_INT (data);
  g_autoptr(VtPage) page = new_page ();
  static const char *paths[] = {
    "/data/all/name", "/data/all/age", "/data/all/income", "/data/all/born",
    "/data/all/colour", "/data/all/langs", "/data/all/ok", "/data/all/town", NULL
  };
  g_autoptr(GPtrArray) errors = with_errors ? errors_for (paths) : NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget;
  VtQuestion *q;

  g_ptr_array_add (page->questions, new_question (VT_CONTROL_INPUT, VT_DATA_STRING, paths[0], "Your name", "As on your ID card."));
  g_ptr_array_add (page->questions, new_question (VT_CONTROL_INPUT, VT_DATA_INT, paths[1], "Your age", "In years."));
  g_ptr_array_add (page->questions, new_question (VT_CONTROL_INPUT, VT_DATA_DECIMAL, paths[2], "Income", NULL));
  g_ptr_array_add (page->questions, new_question (VT_CONTROL_INPUT, VT_DATA_DATE, paths[3], "Date of birth", "For example, 27 3 1985."));
  q = new_question (VT_CONTROL_SELECT1, VT_DATA_SELECT1, paths[4], "Favourite colour", "Choose one.");
  add_choices (q, 3);
  g_ptr_array_add (page->questions, q);
  q = new_question (VT_CONTROL_SELECT, VT_DATA_SELECT, paths[5], "Languages you speak", "Choose all that apply.");
  add_choices (q, 4);
  g_ptr_array_add (page->questions, q);
  g_ptr_array_add (page->questions, new_question (VT_CONTROL_TRIGGER, VT_DATA_STRING, paths[6], "Bring your ID card", NULL));
  q = new_question (VT_CONTROL_SELECT1, VT_DATA_SELECT1, paths[7], "Your town", NULL);
  add_choices (q, 30);
  g_ptr_array_add (page->questions, q);
  g_ptr_array_add (page->questions, new_question (VT_CONTROL_NOTE, VT_DATA_STRING, "/data/all/note", "Read this first", NULL));

  widget = vt_question_page_new (page, NULL, errors);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));

  check_view (widget, paths[0], GTK_ACCESSIBLE_ROLE_TEXT_BOX, "As on your ID card.", with_errors);
  check_view (widget, paths[1], GTK_ACCESSIBLE_ROLE_TEXT_BOX, "In years.", with_errors);
  check_view (widget, paths[2], GTK_ACCESSIBLE_ROLE_TEXT_BOX, NULL, with_errors);
  check_view (widget, paths[3], GTK_ACCESSIBLE_ROLE_GROUP, "For example, 27 3 1985.", with_errors);
  check_view (widget, paths[4], GTK_ACCESSIBLE_ROLE_RADIO_GROUP, "Choose one.", with_errors);
  check_view (widget, paths[5], GTK_ACCESSIBLE_ROLE_GROUP, "Choose all that apply.", with_errors);
  check_view (widget, paths[6], GTK_ACCESSIBLE_ROLE_CHECKBOX, NULL, with_errors);
  check_view (widget, paths[7], GTK_ACCESSIBLE_ROLE_RADIO_GROUP, NULL, with_errors);

  /* The choices themselves: radios and checkboxes named by their label. */
  {
    GtkWidget *colour = vt_question_view_get_control (VT_QUESTION_VIEW (vt_question_page_get_view (VT_QUESTION_PAGE (widget), paths[4])));
    GtkWidget *langs = vt_question_view_get_control (VT_QUESTION_VIEW (vt_question_page_get_view (VT_QUESTION_PAGE (widget), paths[5])));
    GtkWidget *first_colour = gtk_widget_get_first_child (colour);
    GtkWidget *first_lang = gtk_widget_get_first_child (langs);

    gtk_test_accessible_assert_role (GTK_ACCESSIBLE (first_colour), GTK_ACCESSIBLE_ROLE_RADIO);
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (first_colour), GTK_ACCESSIBLE_PROPERTY_LABEL, "Choice 0");
    gtk_test_accessible_assert_role (GTK_ACCESSIBLE (first_lang), GTK_ACCESSIBLE_ROLE_CHECKBOX);
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (first_lang), GTK_ACCESSIBLE_PROPERTY_LABEL, "Choice 0");
  }

  /* Date: day, month and year each named. */
  {
    GtkWidget *date = vt_question_view_get_control (VT_QUESTION_VIEW (vt_question_page_get_view (VT_QUESTION_PAGE (widget), paths[3])));
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();

    vt_test_collect_type (date, GTK_TYPE_ENTRY, entries);
    g_assert_cmpuint (entries->len, ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        GtkWidget *entry = g_ptr_array_index (entries, i);
        GtkWidget *label = gtk_widget_get_prev_sibling (entry);

        g_assert_true (GTK_IS_LABEL (label));
        gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL);
      }
  }

  /* Numbers have a keypad, text does not; a long list has a search box. */
  g_assert_nonnull (vt_test_find_button_or_null (vt_question_page_get_view (VT_QUESTION_PAGE (widget), paths[1]), "7"));
  g_assert_nonnull (vt_test_find_button_or_null (vt_question_page_get_view (VT_QUESTION_PAGE (widget), paths[2]), "."));
  g_assert_null (vt_test_find_button_or_null (vt_question_page_get_view (VT_QUESTION_PAGE (widget), paths[1]), "."));
  g_assert_null (vt_test_find_button_or_null (vt_question_page_get_view (VT_QUESTION_PAGE (widget), paths[0]), "7"));
  g_assert_nonnull (vt_test_find_widget (vt_question_page_get_view (VT_QUESTION_PAGE (widget), paths[7]), GTK_TYPE_SEARCH_ENTRY));
  g_assert_null (vt_test_find_widget (vt_question_page_get_view (VT_QUESTION_PAGE (widget), paths[4]), GTK_TYPE_SEARCH_ENTRY));

  /* The error summary: shown only with errors, one link per error, an alert. */
  {
    GtkWidget *summary = vt_question_page_get_error_summary (VT_QUESTION_PAGE (widget));

    g_assert_cmpint (gtk_widget_get_visible (summary), ==, with_errors);
    gtk_test_accessible_assert_role (GTK_ACCESSIBLE (summary), GTK_ACCESSIBLE_ROLE_ALERT);
    if (with_errors)
      {
        GtkWidget *link = vt_test_find_button (summary, "Answer question 5");

        /* Its link takes focus to the field. */
        vt_test_click (link);
        g_assert_true (gtk_widget_has_focus (gtk_widget_get_first_child (
          vt_question_view_get_control (VT_QUESTION_VIEW (vt_question_page_get_view (VT_QUESTION_PAGE (widget), paths[4]))))));
      }
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The keypad types into its entry; the decimal key is the language's. */
static void
test_question_keypad (void)
{
  g_autoptr(VtPage) page = new_page ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget;
  GtkWidget *view;
  GtkWidget *entry;
  g_autofree char *last_value = NULL;

  vt_language_apply ("es");
  g_ptr_array_add (page->questions, new_question (VT_CONTROL_INPUT, VT_DATA_DECIMAL, "/data/x", "Amount", NULL));
  widget = vt_question_page_new (page, NULL, NULL);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  view = vt_question_page_get_view (VT_QUESTION_PAGE (widget), "/data/x");
  entry = vt_question_view_get_control (VT_QUESTION_VIEW (view));

  vt_test_click (vt_test_find_button (view, "1"));
  vt_test_click (vt_test_find_button (view, "2"));
  vt_test_click (vt_test_find_button (view, ","));
  vt_test_click (vt_test_find_button (view, "5"));
  vt_test_click (vt_test_find_button (view, "9"));
  vt_test_click (vt_test_find_button (view, "Borrar"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "12,5");
  {
    g_autofree char *stored = vt_question_view_decimal_from_display ("12,5");

    g_assert_cmpstr (stored, ==, "12.5");
  }
  vt_language_apply ("en");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  vt_language_init ();
  gtk_test_init (&argc, &argv, NULL);
  vt_application_ensure_resources ();

  g_test_add_data_func ("/vt/question/controls", GINT_TO_POINTER (FALSE), test_question_controls);
  g_test_add_data_func ("/vt/question/controls-with-errors", GINT_TO_POINTER (TRUE), test_question_controls);
  g_test_add_func ("/vt/question/keypad", test_question_keypad);

  return g_test_run ();
}
