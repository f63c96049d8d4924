#include "config.h"

#include <gtk/gtk.h>

#include "vt-application.h"
#include "vt-language.h"
#include "vt-question-page.h"
#include "vt-question-view.h"
#include "vt-review-page.h"
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
choice_free (gpointer data)
{
  VtChoice *choice = data;

  g_free (choice->value);
  g_free (choice->label);
  g_free (choice->image);
  g_free (choice);
}

static void
add_choices (VtQuestion *question,
             guint       n)
{
  /* The page frees them as the session's would (vt_question_free()). */
  question->choices = g_ptr_array_new_with_free_func (choice_free);
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
  if (hint != NULL && role == GTK_ACCESSIBLE_ROLE_TEXT_BOX)
    {
      /* GTK 4.8's AT-SPI bridge passes neither REQUIRED nor the error
       * message relation: the description says both (atspi-walk checks
       * what reaches the bus). */
      g_autofree char *said = g_strdup_printf ("%s Required%s%s", hint, invalid ? ". " : "",
                                               invalid ? gtk_label_get_text (GTK_LABEL (vt_question_view_get_error (VT_QUESTION_VIEW (view))))
                                                       : "");

      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, said);
      gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                           vt_question_view_get_hint (VT_QUESTION_VIEW (view)), NULL);
    }
  else if (hint != NULL)
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

/* "choice 2" matches Choice 2 and Choice 20…29: eleven of thirty. */
static gboolean
only_matching (gpointer data)
{
  GtkWidget *control = vt_question_view_get_control (VT_QUESTION_VIEW (data));
  guint shown = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (control); c; c = gtk_widget_get_next_sibling (c))
    if (gtk_widget_get_visible (c))
      shown++;
  return shown == 11;
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
  {
    /* A choice as long as a paragraph must wrap, not widen the page. */
    VtChoice *choice = g_new0 (VtChoice, 1);
    GString *words = g_string_new (NULL);

    for (guint i = 0; i < 60; i++)
      g_string_append (words, "Quechua ");
    choice->value = g_strdup ("long");
    choice->label = g_string_free (words, FALSE);
    g_ptr_array_add (q->choices, choice);
  }
  g_ptr_array_add (page->questions, q);
  g_ptr_array_add (page->questions, new_question (VT_CONTROL_TRIGGER, VT_DATA_STRING, paths[6], "Bring your ID card", NULL));
  q = new_question (VT_CONTROL_SELECT1, VT_DATA_SELECT1, paths[7], "Your town", NULL);
  add_choices (q, 30);
  g_ptr_array_add (page->questions, q);
  g_ptr_array_add (page->questions, new_question (VT_CONTROL_NOTE, VT_DATA_STRING, "/data/all/note", "Read this first", NULL));

  widget = vt_question_page_new (page, NULL, errors);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));

  /* The window keeps the width it asked for: nothing forced it wider. */
  vt_test_wait_allocated (widget);
  g_assert_cmpint (gtk_widget_get_width (window), ==, 900);
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

  /* Date: day, month and year each named, with the question. */
  {
    GtkWidget *view = vt_question_page_get_view (VT_QUESTION_PAGE (widget), paths[3]);
    GtkWidget *date = vt_question_view_get_control (VT_QUESTION_VIEW (view));
    GtkWidget *question = vt_question_view_get_label (VT_QUESTION_VIEW (view));
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();

    vt_test_collect_type (date, GTK_TYPE_ENTRY, entries);
    g_assert_cmpuint (entries->len, ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        GtkWidget *entry = g_ptr_array_index (entries, i);
        GtkWidget *label = gtk_widget_get_prev_sibling (entry);

        g_assert_true (GTK_IS_LABEL (label));
        gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                             question, label, NULL);
      }
  }

  /* Numbers have a keypad, text does not; a long list has a search box. */
  g_assert_nonnull (vt_test_find_button_or_null (vt_question_page_get_view (VT_QUESTION_PAGE (widget), paths[1]), "7"));
  g_assert_nonnull (vt_test_find_button_or_null (vt_question_page_get_view (VT_QUESTION_PAGE (widget), paths[2]), "."));
  g_assert_null (vt_test_find_button_or_null (vt_question_page_get_view (VT_QUESTION_PAGE (widget), paths[1]), "."));
  g_assert_null (vt_test_find_button_or_null (vt_question_page_get_view (VT_QUESTION_PAGE (widget), paths[0]), "7"));
  g_assert_nonnull (vt_test_find_widget (vt_question_page_get_view (VT_QUESTION_PAGE (widget), paths[7]), GTK_TYPE_SEARCH_ENTRY));
  g_assert_null (vt_test_find_widget (vt_question_page_get_view (VT_QUESTION_PAGE (widget), paths[4]), GTK_TYPE_SEARCH_ENTRY));

  /* Typing in the long list's search box keeps only the matching choices. */
  {
    GtkWidget *town = vt_question_page_get_view (VT_QUESTION_PAGE (widget), paths[7]);
    GtkWidget *search = vt_test_find_widget (town, GTK_TYPE_SEARCH_ENTRY);

    gtk_editable_set_text (GTK_EDITABLE (search), "choice 2");
    vt_test_wait_until (only_matching, town, 10000, "the search to filter the choices");
  }

  /* The error summary: shown only with errors, one link per error, an alert. */
  {
    GtkWidget *summary = vt_question_page_get_error_summary (VT_QUESTION_PAGE (widget));

    g_assert_cmpint (gtk_widget_get_visible (summary), ==, with_errors);
    gtk_test_accessible_assert_role (GTK_ACCESSIBLE (summary), GTK_ACCESSIBLE_ROLE_ALERT);
    if (with_errors)
      {
        /* Each link names its question: two questions can have the
         * same message ("Choose an answer to continue."). */
        GtkWidget *link = vt_test_find_button (summary, "Favourite colour — Answer question 5");

        g_assert_nonnull (vt_test_find_button (summary, "Your name — Answer question 1"));

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

static void
changed_cb (VtQuestionPage *page,
            const char     *path,
            const char     *value,
            const char     *text,
            char          **last)
{
  g_free (*last);
  *last = g_strdup (value != NULL ? value : "(not yet)");
}

/* A date and time: day, month, year, hour and minutes, each labelled; the
 * answer only once all make sense; half-typed text survives a rebuild. */
static void
test_question_datetime (void)
{
  g_autoptr(VtPage) page = new_page ();
  GtkWidget *widget;
  GtkWidget *view;
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autofree char *last = NULL;
  const char *typed[] = { "27", "3", "2026", "14", "5" };

  g_ptr_array_add (page->questions, new_question (VT_CONTROL_INPUT, VT_DATA_DATETIME, "/data/when", "When", NULL));
  widget = g_object_ref_sink (vt_question_page_new (page, NULL, NULL));
  g_signal_connect (widget, "changed", G_CALLBACK (changed_cb), &last);
  view = vt_question_page_get_view (VT_QUESTION_PAGE (widget), "/data/when");
  vt_test_collect_type (view, GTK_TYPE_ENTRY, entries);
  g_assert_cmpuint (entries->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (entries, i)), typed[i]);
      g_assert_cmpstr (last, ==, i < 4 ? "(not yet)" : "2026-03-27T14:05");
    }
  g_assert_finalize_object (widget);

  /* A time of day alone: hour and minutes. */
  {
    g_autoptr(VtPage) time_page = new_page ();
    g_autoptr(GPtrArray) fields = g_ptr_array_new ();

    g_ptr_array_add (time_page->questions, new_question (VT_CONTROL_INPUT, VT_DATA_TIME, "/data/at", "At what time?", NULL));
    widget = g_object_ref_sink (vt_question_page_new (time_page, NULL, NULL));
    g_signal_connect (widget, "changed", G_CALLBACK (changed_cb), &last);
    vt_test_collect_type (vt_question_page_get_view (VT_QUESTION_PAGE (widget), "/data/at"), GTK_TYPE_ENTRY, fields);
    g_assert_cmpuint (fields->len, ==, 2);
    gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (fields, 0)), "9");
    g_assert_cmpstr (last, ==, "(not yet)");
    gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (fields, 1)), "30");
    g_assert_cmpstr (last, ==, "09:30");
    gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (fields, 0)), "25");
    g_assert_cmpstr (last, ==, "(not yet)");
    g_assert_finalize_object (widget);
  }

  /* Rebuilt from what was typed, hour not yet given. */
  {
    g_autoptr(GHashTable) texts = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GPtrArray) again = g_ptr_array_new ();

    g_hash_table_insert (texts, (gpointer) "/data/when", (gpointer) "27/3/2026 :");
    widget = g_object_ref_sink (vt_question_page_new (page, texts, NULL));
    vt_test_collect_type (vt_question_page_get_view (VT_QUESTION_PAGE (widget), "/data/when"), GTK_TYPE_ENTRY, again);
    g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (again, 0)), ==, "27");
    g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (again, 2)), ==, "2026");
    g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (again, 3)), ==, "");
    g_assert_finalize_object (widget);
  }
}

/* focused (of the view at path) given the focus, page built again in a
 * window of its own and the focus put back at the same place of its view:
 * that window. */
static GtkWidget *
refocus_in_new_page (const VtPage *page,
                     const char   *path,
                     GtkWidget    *focused)
{
  GtkWidget *old_view = gtk_widget_get_ancestor (focused, VT_TYPE_QUESTION_VIEW);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget = vt_question_page_new (page, NULL, NULL);
  int place;

  g_assert_true (gtk_widget_grab_focus (focused));
  place = vt_question_view_get_focus_place (VT_QUESTION_VIEW (old_view));
  g_assert_cmpint (place, >, 0);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (vt_question_view_focus_place (VT_QUESTION_VIEW (vt_question_page_get_view (VT_QUESTION_PAGE (widget), path)),
                                               place));
  return window;
}

/* A page built anew (an answer brought another question onto it) puts
 * the focus back on the very control used: the month typed in, the third
 * choice ticked, not the day or the first choice ticked. */
static void
test_question_focus_place (void)
{
  g_autoptr(VtPage) page = new_page ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget;
  GtkWidget *again;
  GtkWidget *focus;
  VtQuestion *q;

  g_ptr_array_add (page->questions, new_question (VT_CONTROL_INPUT, VT_DATA_DATE, "/data/born", "Born", NULL));
  q = new_question (VT_CONTROL_SELECT, VT_DATA_SELECT, "/data/speaks", "Languages you speak", NULL);
  add_choices (q, 4);
  g_free (q->value);
  q->value = g_strdup ("c0 c2");
  g_ptr_array_add (page->questions, q);
  widget = vt_question_page_new (page, NULL, NULL);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));

  vt_test_collect_type (vt_question_page_get_view (VT_QUESTION_PAGE (widget), "/data/born"), GTK_TYPE_ENTRY, entries);
  g_assert_cmpuint (entries->len, ==, 3);
  again = refocus_in_new_page (page, "/data/born", g_ptr_array_index (entries, 1));
  focus = gtk_root_get_focus (GTK_ROOT (again));
  g_assert_nonnull (focus);
  g_assert_nonnull (gtk_widget_get_ancestor (focus, GTK_TYPE_ENTRY));
  {
    g_autoptr(GPtrArray) new_entries = g_ptr_array_new ();

    vt_test_collect_type (gtk_widget_get_ancestor (focus, VT_TYPE_QUESTION_VIEW), GTK_TYPE_ENTRY, new_entries);
    g_assert_true (gtk_widget_get_ancestor (focus, GTK_TYPE_ENTRY) == g_ptr_array_index (new_entries, 1));
  }
  gtk_window_destroy (GTK_WINDOW (again));

  vt_test_collect_type (vt_question_page_get_view (VT_QUESTION_PAGE (widget), "/data/speaks"), GTK_TYPE_CHECK_BUTTON, checks);
  g_assert_cmpuint (checks->len, ==, 4);
  again = refocus_in_new_page (page, "/data/speaks", g_ptr_array_index (checks, 2));
  focus = gtk_root_get_focus (GTK_ROOT (again));
  g_assert_true (GTK_IS_CHECK_BUTTON (focus));
  g_assert_cmpstr (g_object_get_data (G_OBJECT (focus), "vt-value"), ==, "c2");
  gtk_window_destroy (GTK_WINDOW (again));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_label_text (GtkWidget  *root,
                const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  vt_test_collect_type (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)), text) == 0)
      return TRUE;
  return FALSE;
}

/* Check your answers: dates and decimals the citizen's way, a repeat
 * instance's answers under its heading ("Persona 2: Ana"), empty answers
 * said, a Change button per answer. */
static void
test_question_review (void)
{
  g_autoptr(VtPage) page = new_page ();
  g_autoptr(VtPage) member = new_page ();
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();
  GtkWidget *review;
  VtQuestion *q;

  vt_language_apply ("es");
  q = new_question (VT_CONTROL_INPUT, VT_DATA_DATE, "/data/all/born", "Fecha", NULL);
  g_free (q->value);
  q->value = g_strdup ("2026-11-20");
  g_ptr_array_add (page->questions, q);
  g_ptr_array_add (page->questions, new_question (VT_CONTROL_INPUT, VT_DATA_STRING, "/data/all/nick", "Apodo", NULL));
  g_ptr_array_add (pages, page);
  /* The second of three members, named Ana on an earlier page. */
  g_free (member->group_label);
  member->group_label = g_strdup ("Persona");
  member->instance_position = 2;
  member->instance_count = 3;
  member->instance_name = g_strdup ("Ana");
  q = new_question (VT_CONTROL_INPUT, VT_DATA_DECIMAL, "/data/all/member[2]/income", "Ingreso", NULL);
  g_free (q->value);
  q->value = g_strdup ("1250.5");
  g_ptr_array_add (member->questions, q);
  g_ptr_array_add (pages, member);

  review = g_object_ref_sink (vt_review_page_new ("Servicio", pages));
  g_assert_true (has_label_text (review, "20/11/2026"));
  g_assert_true (has_label_text (review, "1250,5"));
  /* The member's answers under whose they are. */
  g_assert_true (has_label_text (review, "Persona 2: Ana"));
  g_assert_true (has_label_text (review, "Ingreso"));
  g_assert_nonnull (vt_test_find_button_or_null (review, "Cambiar: Ingreso (Persona 2: Ana)"));
  g_assert_true (has_label_text (review, "Sin respuesta"));
  g_assert_nonnull (vt_test_find_button_or_null (review, "Cambiar: Fecha"));
  g_assert_finalize_object (review);
  vt_language_apply ("en");
}

int
main (int   argc,
      char *argv[])
{
  vt_test_gtk_init (&argc, &argv);
  vt_application_ensure_resources ();
  /* The words these cases check are English, unless a case says otherwise. */
  vt_language_apply ("en");

  g_test_add_data_func ("/vt/question/controls", GINT_TO_POINTER (FALSE), test_question_controls);
  g_test_add_data_func ("/vt/question/controls-with-errors", GINT_TO_POINTER (TRUE), test_question_controls);
  g_test_add_func ("/vt/question/keypad", test_question_keypad);
  g_test_add_func ("/vt/question/datetime", test_question_datetime);
  g_test_add_func ("/vt/question/focus-place", test_question_focus_place);
  g_test_add_func ("/vt/question/review", test_question_review);

  return g_test_run ();
}
