/* One question on a touch screen: heading, hint, error, and the control
 * its type asks for (text, numbers, dates, choices, uploads), reporting
 * what was typed by ::changed. */
#define G_LOG_DOMAIN "vt-question-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-appearance.h"
#include "vt-capture-view.h"
#include "vt-choice-layout.h"
#include "vt-geo-view.h"
#include "vt-keyboard-layout.h"
#include "vt-language.h"
#include "vt-listen-button.h"
#include "vt-question-view.h"
#include "vt-range-view.h"
#include "vt-rank-view.h"
#include "vt-scan-field.h"
#include "vt-wrap-box.h"

/* Past this many choices a single-choice question gets a search box. */
#define LONG_LIST 8
/* Picture choices: each picture this tall. */
#define CHOICE_PICTURE_PX 150
/* The question's own picture, and its big-image. */
#define PICTURE_PX 260
#define BIG_PICTURE_PX 520

struct _VtQuestionView
{
  GtkBox         parent_instance;

  GtkWidget     *label;
  GtkWidget     *hint;
  GtkWidget     *picture_box;
  GtkWidget     *error_row;
  GtkWidget     *error;
  GtkWidget     *control_box;

  GtkWidget     *control;          /* entry, or the group box of choices */
  GtkWidget     *entry;            /* text and numbers */
  GtkWidget     *day, *month, *year;
  GtkWidget     *hour, *minute;    /* dateTime and time */
  gboolean       time_only;
  GtkWidget     *search;
  GtkWidget     *folded;           /* appearance minimal: the list under its opener */
  gboolean       quick;            /* appearance quick: a choice is a Continue */
  GtkWidget     *upload_note;      /* an upload without the kiosk's devices */
  GtkWidget     *capture;          /* an upload with them */
  GPtrArray     *choice_buttons;   /* GtkCheckButton *, borrowed */
  GPtrArray     *choice_rows;      /* GtkBox * of each choice's caption and loudspeaker, borrowed */
  char          *error_text;       /* the error as the session said it, for its loudspeaker */
  VtControlKind  kind;
  VtDataType     type;
  char          *path;
  gboolean       building;         /* setting initial values: no ::changed */
};

enum {
  CHANGED,
  ACTIVATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VtQuestionView, vt_question_view, GTK_TYPE_BOX)

static void
emit_changed (VtQuestionView *self,
              const char     *value,
              const char     *text)
{
  if (self->building)
    return;
  g_signal_emit (self, signals[CHANGED], 0, self->path, value, text);
}

char *
vt_question_view_decimal_to_display (const char *stored)
{
  const char *sep = vt_language_decimal_separator ();
  g_auto(GStrv) parts = NULL;

  if (stored == NULL)
    return g_strdup ("");
  if (g_str_equal (sep, "."))
    return g_strdup (stored);
  parts = g_strsplit (stored, ".", -1);
  return g_strjoinv (sep, parts);
}

char *
vt_question_view_decimal_from_display (const char *typed)
{
  const char *sep = vt_language_decimal_separator ();
  g_autofree char *stripped = g_strstrip (g_strdup (typed != NULL ? typed : ""));
  g_auto(GStrv) parts = NULL;

  if (g_str_equal (sep, "."))
    return g_steal_pointer (&stripped);
  parts = g_strsplit (stripped, sep, -1);
  return g_strjoinv (".", parts);
}

char *
vt_question_view_describe_unfinished (VtDataType type)
{
  switch (type)
    {
    case VT_DATA_DATE:
    case VT_DATA_DATETIME:
      return g_strdup (_("Enter a real date: the day, the month and the year in numbers, like 27 3 1985"));
    default:
      return g_strdup (_("Check this answer"));
    }
}

/* ---- text and numbers ---------------------------------------------------- */

static void
entry_changed_cb (GtkEditable    *editable,
                  VtQuestionView *self)
{
  const char *text = gtk_editable_get_text (editable);

  if (self->type == VT_DATA_DECIMAL)
    {
      g_autofree char *value = vt_question_view_decimal_from_display (text);

      emit_changed (self, value, text);
    }
  else if (self->type == VT_DATA_INT)
    {
      g_autofree char *value = g_strstrip (g_strdup (text));

      emit_changed (self, value, text);
    }
  else
    {
      emit_changed (self, text, text);
    }
}

/* Enter in a field, or the on-screen keyboard's Continue key. */
static void
field_activate_cb (GtkWidget      *field,
                   VtQuestionView *self)
{
  g_signal_emit (self, signals[ACTIVATE], 0);
}

/* What the on-screen keyboard shows for the field: the form's type,
 * appearance and constraint as an input purpose, which any input method
 * reads too. */
static GtkInputPurpose
purpose_for (const VtQuestion *question)
{
  switch (vt_keyboard_variant_for_field (question->type, question->appearance, question->constraint))
    {
    case VT_KEYBOARD_VARIANT_EMAIL:
      return GTK_INPUT_PURPOSE_EMAIL;
    case VT_KEYBOARD_VARIANT_PHONE:
      return GTK_INPUT_PURPOSE_PHONE;
    case VT_KEYBOARD_VARIANT_NUMBER:
      return GTK_INPUT_PURPOSE_NUMBER;
    case VT_KEYBOARD_VARIANT_DIGITS:
      return GTK_INPUT_PURPOSE_DIGITS;
    case VT_KEYBOARD_VARIANT_TEXT:
    default:
      return GTK_INPUT_PURPOSE_FREE_FORM;
    }
}

static void
keypad_clicked_cb (GtkButton      *button,
                   VtQuestionView *self)
{
  const char *key = g_object_get_data (G_OBJECT (button), "vt-key");
  GtkEditable *editable = GTK_EDITABLE (self->entry);
  int length = g_utf8_strlen (gtk_editable_get_text (editable), -1);

  if (key == NULL)
    {
      if (length > 0)
        gtk_editable_delete_text (editable, length - 1, length);
    }
  else
    {
      int position = length;

      gtk_editable_insert_text (editable, key, -1, &position);
    }
  gtk_editable_set_position (editable, -1);
}

static GtkWidget *
new_keypad (VtQuestionView *self)
{
  GtkWidget *grid = gtk_grid_new ();
  static const char *digits[] = { "1", "2", "3", "4", "5", "6", "7", "8", "9" };

  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  gtk_widget_set_halign (grid, GTK_ALIGN_START);
  gtk_widget_add_css_class (grid, "keypad");

  for (guint i = 0; i < 12; i++)
    {
      const char *key;
      const char *label;
      GtkWidget *button;

      if (i < 9)
        key = label = digits[i];
      else if (i == 9)
        {
          if (self->type != VT_DATA_DECIMAL)
            continue;
          key = label = vt_language_decimal_separator ();
        }
      else if (i == 10)
        key = label = "0";
      else
        {
          key = NULL;
          /* Translators: the key of the on-screen keypad that removes the last digit. */
          label = _("Delete");
        }

      button = gtk_button_new_with_label (label);
      /* Keyboard users type the digits; the keypad is for touch and does
       * not take focus from the entry. */
      gtk_widget_set_focusable (button, FALSE);
      gtk_widget_set_focus_on_click (button, FALSE);
      g_object_set_data (G_OBJECT (button), "vt-key", (gpointer) key);
      g_signal_connect (button, "clicked", G_CALLBACK (keypad_clicked_cb), self);
      gtk_grid_attach (GTK_GRID (grid), button, i % 3, i / 3, 1, 1);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (grid),
                                  /* Translators: the accessible name of the on-screen number keys. */
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Number keys"),
                                  -1);
  return grid;
}

static void
build_entry (VtQuestionView   *self,
             const VtQuestion *question,
             const char       *text)
{
  gboolean numeric = question->type == VT_DATA_INT || question->type == VT_DATA_DECIMAL ||
                     question->kind == VT_CONTROL_RANGE;

  self->entry = gtk_entry_new ();
  self->control = self->entry;
  gtk_widget_set_hexpand (self->entry, !numeric);
  gtk_entry_set_input_purpose (GTK_ENTRY (self->entry), purpose_for (question));
  if (numeric)
    {
      gtk_widget_set_halign (self->entry, GTK_ALIGN_START);
      gtk_editable_set_width_chars (GTK_EDITABLE (self->entry), 12);
      /* The keypad beside it is the number's own keyboard. */
      if (!question->readonly)
        gtk_entry_set_input_hints (GTK_ENTRY (self->entry), GTK_INPUT_HINT_INHIBIT_OSK);
    }
  g_signal_connect (self->entry, "activate", G_CALLBACK (field_activate_cb), self);
  /* masked: what is typed shows as dots, as a password. */
  if (question->type == VT_DATA_STRING && vt_appearance_has (question->appearance, "masked"))
    gtk_entry_set_visibility (GTK_ENTRY (self->entry), FALSE);

  if (text != NULL)
    {
      if (question->type == VT_DATA_DECIMAL && text == question->value)
        {
          g_autofree char *shown = vt_question_view_decimal_to_display (text);

          gtk_editable_set_text (GTK_EDITABLE (self->entry), shown);
        }
      else
        gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
    }
  gtk_editable_set_editable (GTK_EDITABLE (self->entry), !question->readonly);
  g_signal_connect (self->entry, "changed", G_CALLBACK (entry_changed_cb), self);
  gtk_box_append (GTK_BOX (self->control_box), self->entry);

  if (numeric && !question->readonly)
    gtk_box_append (GTK_BOX (self->control_box), new_keypad (self));
  if (question->type == VT_DATA_BARCODE && !question->readonly)
    {
      GtkWidget *status = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (status), 0);
      gtk_widget_add_css_class (status, "scan-status");
      gtk_box_append (GTK_BOX (self->control_box), status);
      vt_scan_field_attach (self->entry, status);
    }
}

/* ---- dates ------------------------------------------------------------- */

static void
time_changed_cb (GtkEditable    *editable,
                 VtQuestionView *self)
{
  const char *h = gtk_editable_get_text (GTK_EDITABLE (self->hour));
  const char *mi = gtk_editable_get_text (GTK_EDITABLE (self->minute));
  g_autofree char *text = g_strdup_printf ("%s:%s", h, mi);
  guint64 hours, minutes;

  if (h[0] == '\0' && mi[0] == '\0')
    emit_changed (self, "", "");
  else if (g_ascii_string_to_unsigned (h, 10, 0, 23, &hours, NULL) &&
           g_ascii_string_to_unsigned (mi, 10, 0, 59, &minutes, NULL))
    {
      g_autofree char *value = g_strdup_printf ("%02u:%02u", (guint) hours, (guint) minutes);

      emit_changed (self, value, text);
    }
  else
    emit_changed (self, NULL, text);
}

static void
date_changed_cb (GtkEditable    *editable,
                 VtQuestionView *self)
{
  /* month-year and year: ODK writes the first of the month, of January. */
  const char *d = self->day != NULL ? gtk_editable_get_text (GTK_EDITABLE (self->day)) : "";
  const char *m = self->month != NULL ? gtk_editable_get_text (GTK_EDITABLE (self->month)) : "";
  const char *y = gtk_editable_get_text (GTK_EDITABLE (self->year));
  const char *h = self->hour != NULL ? gtk_editable_get_text (GTK_EDITABLE (self->hour)) : "";
  const char *mi = self->minute != NULL ? gtk_editable_get_text (GTK_EDITABLE (self->minute)) : "";
  g_autofree char *text = self->hour != NULL ? g_strdup_printf ("%s/%s/%s %s:%s", d, m, y, h, mi)
                                             : g_strdup_printf ("%s/%s/%s", d, m, y);
  guint64 day, month, year, hours = 0, minutes = 0;

  if (d[0] == '\0' && m[0] == '\0' && y[0] == '\0' && h[0] == '\0' && mi[0] == '\0')
    {
      emit_changed (self, "", "");
      return;
    }

  if (self->day == NULL)
    d = "1";
  if (self->month == NULL)
    m = "1";
  if (g_ascii_string_to_unsigned (d, 10, 1, 31, &day, NULL) &&
      g_ascii_string_to_unsigned (m, 10, 1, 12, &month, NULL) &&
      g_ascii_string_to_unsigned (y, 10, 1000, 9999, &year, NULL) &&
      g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year) &&
      (self->hour == NULL ||
       (g_ascii_string_to_unsigned (h, 10, 0, 23, &hours, NULL) &&
        g_ascii_string_to_unsigned (mi, 10, 0, 59, &minutes, NULL))))
    {
      g_autofree char *value = NULL;

      if (self->hour != NULL)
        value = g_strdup_printf ("%04u-%02u-%02uT%02u:%02u", (guint) year, (guint) month, (guint) day,
                                 (guint) hours, (guint) minutes);
      else
        value = g_strdup_printf ("%04u-%02u-%02u", (guint) year, (guint) month, (guint) day);
      emit_changed (self, value, text);
    }
  else
    emit_changed (self, NULL, text);
}

static GtkWidget *
new_date_field (VtQuestionView *self,
                const char     *title,
                const char     *value,
                int             width,
                GtkWidget     **entry_out)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), width);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), width);
  gtk_entry_set_max_length (GTK_ENTRY (entry), width);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
  gtk_editable_set_text (GTK_EDITABLE (entry), value != NULL ? value : "");
  g_signal_connect (entry, "activate", G_CALLBACK (field_activate_cb), self);
  /* Named with the question ("¿Cuándo nació? Día"), not "Día" alone. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->label, label, NULL,
                                  -1);
  g_signal_connect (entry, "changed",
                    self->time_only ? G_CALLBACK (time_changed_cb) : G_CALLBACK (date_changed_cb), self);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);
  *entry_out = entry;
  return box;
}

static void
build_date (VtQuestionView   *self,
            const VtQuestion *question,
            const char       *text)
{
  g_auto(GStrv) parts = NULL;
  const char *d = "", *m = "", *y = "";

  self->control = g_object_new (GTK_TYPE_BOX,
                                "orientation", GTK_ORIENTATION_HORIZONTAL,
                                "spacing", 16,
                                "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP,
                                NULL);

  /* Stored "2026-11-28" ("2026-11-28T14:30…" for a dateTime), or typed
   * "28/11/ 14:" kept from before a rebuild. */
  const char *h = "", *mi = "";
  g_auto(GStrv) time_parts = NULL;
  g_autofree char *date_text = NULL;

  if (text != NULL && strchr (text, '/') != NULL)
    {
      const char *space = strchr (text, ' ');

      date_text = space != NULL ? g_strndup (text, space - text) : g_strdup (text);
      parts = g_strsplit (date_text, "/", 3);
      if (g_strv_length (parts) == 3)
        d = parts[0], m = parts[1], y = parts[2];
      if (space != NULL)
        {
          time_parts = g_strsplit (space + 1, ":", 2);
          if (g_strv_length (time_parts) == 2)
            h = time_parts[0], mi = time_parts[1];
        }
    }
  else if (text != NULL && strlen (text) >= 10 && text[4] == '-')
    {
      const char *t = strchr (text, 'T');

      date_text = g_strndup (text, 10);
      parts = g_strsplit (date_text, "-", 3);
      if (g_strv_length (parts) == 3)
        y = parts[0], m = parts[1], d = parts[2];
      if (t != NULL && strlen (t) >= 6)
        {
          time_parts = g_new0 (char *, 3);
          time_parts[0] = g_strndup (t + 1, 2);
          time_parts[1] = g_strndup (t + 4, 2);
          h = time_parts[0], mi = time_parts[1];
        }
    }

  if (question->type == VT_DATA_DATETIME || (!vt_appearance_has (question->appearance, "month-year") &&
                                               !vt_appearance_has (question->appearance, "year")))
    gtk_box_append (GTK_BOX (self->control),
                    new_date_field (self, C_("date", "Day"), d, 2, &self->day));
  if (question->type == VT_DATA_DATETIME || !vt_appearance_has (question->appearance, "year"))
    gtk_box_append (GTK_BOX (self->control),
                    new_date_field (self, C_("date", "Month"), m, 2, &self->month));
  gtk_box_append (GTK_BOX (self->control),
                  new_date_field (self, C_("date", "Year"), y, 4, &self->year));
  if (question->type == VT_DATA_DATETIME)
    {
      gtk_box_append (GTK_BOX (self->control),
                      new_date_field (self, C_("time", "Hour"), h, 2, &self->hour));
      gtk_box_append (GTK_BOX (self->control),
                      new_date_field (self, C_("time", "Minutes"), mi, 2, &self->minute));
    }
  gtk_box_append (GTK_BOX (self->control_box), self->control);
}

/* A time of day as hour and minutes ("14:30"). */
static void
build_time (VtQuestionView   *self,
            const VtQuestion *question,
            const char       *text)
{
  g_auto(GStrv) parts = NULL;
  const char *h = "", *mi = "";

  self->time_only = TRUE;
  self->control = g_object_new (GTK_TYPE_BOX,
                                "orientation", GTK_ORIENTATION_HORIZONTAL,
                                "spacing", 16,
                                "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP,
                                NULL);
  if (text != NULL && strchr (text, ':') != NULL)
    {
      parts = g_strsplit (text, ":", 3);
      h = parts[0];
      mi = parts[1] != NULL ? parts[1] : "";
      if (strlen (mi) > 2)
        parts[1][2] = '\0';
    }
  gtk_box_append (GTK_BOX (self->control),
                  new_date_field (self, C_("time", "Hour"), h, 2, &self->hour));
  gtk_box_append (GTK_BOX (self->control),
                  new_date_field (self, C_("time", "Minutes"), mi, 2, &self->minute));
  gtk_box_append (GTK_BOX (self->control_box), self->control);
}

/* ---- choices ----------------------------------------------------------- */

static void
choose_activated_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GtkCheckButton *button = user_data;

  /* As a tap: a radio button is chosen, a check box turned over. */
  if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (button)) == GTK_ACCESSIBLE_ROLE_RADIO)
    gtk_check_button_set_active (button, TRUE);
  else
    gtk_check_button_set_active (button, !gtk_check_button_get_active (button));
}

/* GTK 4.8's AT-SPI bridge gives a check or radio button no action (only
 * GtkButton has "click"), but passes on the actions of a widget's own
 * action group: a screen reader's user can choose with "choice.choose". */
static void
add_choose_action (GtkWidget *button)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) choose = g_simple_action_new ("choose", NULL);

  g_signal_connect_object (choose, "activate", G_CALLBACK (choose_activated_cb), button, 0);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (choose));
  gtk_widget_insert_action_group (button, "choice", G_ACTION_GROUP (group));
}

static void
choice_toggled_cb (GtkCheckButton *button,
                   VtQuestionView *self)
{
  g_autoptr(GString) value = g_string_new (NULL);

  /* Radio buttons toggle twice per change (off, then on): report the on. */
  if (self->kind == VT_CONTROL_SELECT1 && !gtk_check_button_get_active (button))
    return;

  for (guint i = 0; i < self->choice_buttons->len; i++)
    {
      GtkCheckButton *b = g_ptr_array_index (self->choice_buttons, i);

      if (gtk_check_button_get_active (b))
        {
          if (value->len > 0)
            g_string_append_c (value, ' ');
          g_string_append (value, g_object_get_data (G_OBJECT (b), "vt-value"));
        }
    }
  emit_changed (self, value->str, value->str);
  if (self->quick && !self->building)
    g_signal_emit (self, signals[ACTIVATE], 0);
}

static void
search_changed_cb (GtkSearchEntry *entry,
                   VtQuestionView *self)
{
  g_autofree char *needle = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (entry)), -1);

  for (guint i = 0; i < self->choice_buttons->len; i++)
    {
      GtkWidget *b = g_ptr_array_index (self->choice_buttons, i);
      g_autofree char *label = g_utf8_casefold (g_object_get_data (G_OBJECT (b), "vt-label"), -1);

      /* The chosen answer stays in sight while searching. */
      gtk_widget_set_visible (b, needle[0] == '\0' || strstr (label, needle) != NULL ||
                                 gtk_check_button_get_active (GTK_CHECK_BUTTON (b)));
    }
}

/* Continue from the search goes to what it found, filtered now:
 * ::search-changed comes a moment after the last key. */
static void
search_activate_cb (GtkSearchEntry *entry,
                    VtQuestionView *self)
{
  search_changed_cb (entry, self);
  for (guint i = 0; i < self->choice_buttons->len; i++)
    {
      GtkWidget *b = g_ptr_array_index (self->choice_buttons, i);

      if (gtk_widget_get_visible (b))
        {
          gtk_widget_grab_focus (b);
          return;
        }
    }
}

static gboolean
value_in_list (const char *list,
               const char *value)
{
  g_auto(GStrv) parts = g_strsplit (list != NULL ? list : "", " ", -1);

  return g_strv_contains ((const char * const *) parts, value);
}

static void
build_choices (VtQuestionView   *self,
               const VtQuestion *question,
               const char       *text)
{
  gboolean single = question->kind == VT_CONTROL_SELECT1;
  GtkCheckButton *group = NULL;
  guint n = question->choices != NULL ? question->choices->len : 0;
  gboolean pictures = FALSE;
  GtkWidget *grid = NULL;

  self->control = g_object_new (GTK_TYPE_BOX,
                                "orientation", GTK_ORIENTATION_VERTICAL,
                                "spacing", 8,
                                "accessible-role", single ? GTK_ACCESSIBLE_ROLE_RADIO_GROUP
                                                          : GTK_ACCESSIBLE_ROLE_GROUP,
                                NULL);

  if ((single && n > LONG_LIST) || vt_appearance_has (question->appearance, "search") ||
      vt_appearance_has (question->appearance, "autocomplete"))
    {
      GtkWidget *search_label = gtk_label_new (_("Type to find your answer"));

      gtk_label_set_xalign (GTK_LABEL (search_label), 0);
      self->search = gtk_search_entry_new ();
      gtk_accessible_update_relation (GTK_ACCESSIBLE (self->search),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, search_label, NULL,
                                      -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->search),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Type to find your answer"),
                                      -1);
      g_signal_connect (self->search, "search-changed", G_CALLBACK (search_changed_cb), self);
      g_signal_connect (self->search, "activate", G_CALLBACK (search_activate_cb), self);
      gtk_box_append (GTK_BOX (self->control_box), search_label);
      gtk_box_append (GTK_BOX (self->control_box), self->search);
    }

  /* Choices with the form's pictures are picture buttons with their
   * label, a few to a row, as ODK Collect and Enketo show them; a choice
   * whose picture is missing shows its text alone. */
  for (guint i = 0; i < n && !pictures; i++)
    pictures = ((const VtChoice *) g_ptr_array_index (question->choices, i))->image != NULL;
  if (pictures)
    {
      /* As many to a row as fit: three at 100 % text, fewer at 200 %. */
      grid = g_object_new (VT_TYPE_WRAP_BOX, "spacing", 12, "homogeneous", TRUE, NULL);
      gtk_box_append (GTK_BOX (self->control), grid);
    }

  for (guint i = 0; i < n; i++)
    {
      const VtChoice *choice = g_ptr_array_index (question->choices, i);
      /* GTK 4.8 gives the first button of a radio group the checkbox
       * role; say what each is from the start. */
      GtkWidget *button = g_object_new (GTK_TYPE_CHECK_BUTTON,
                                        "accessible-role", single ? GTK_ACCESSIBLE_ROLE_RADIO
                                                                  : GTK_ACCESSIBLE_ROLE_CHECKBOX,
                                        NULL);
      GtkWidget *caption = gtk_label_new (choice->label);
      /* The caption's row also takes the choice's loudspeaker
       * (vt_question_view_set_player()). */
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

      /* A long choice wraps rather than widening the page past the screen
       * (at 200% text especially). */
      gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (caption), PANGO_WRAP_WORD);
      gtk_label_set_xalign (GTK_LABEL (caption), 0);
      gtk_widget_set_hexpand (caption, TRUE);
      gtk_box_append (GTK_BOX (row), caption);
      if (pictures)
        {
          GtkWidget *face = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

          if (choice->image != NULL)
            {
              GtkWidget *picture = gtk_picture_new_for_filename (choice->image);

              gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
              gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
              gtk_widget_set_size_request (picture, CHOICE_PICTURE_PX, CHOICE_PICTURE_PX);
              /* The button is named by its label; the picture says nothing more. */
              gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                              choice->label, -1);
              gtk_box_append (GTK_BOX (face), picture);
            }
          gtk_label_set_xalign (GTK_LABEL (caption), 0.5);
          gtk_label_set_justify (GTK_LABEL (caption), GTK_JUSTIFY_CENTER);
          gtk_box_append (GTK_BOX (face), row);
          gtk_check_button_set_child (GTK_CHECK_BUTTON (button), face);
          gtk_widget_add_css_class (button, "picture-choice");
          vt_wrap_box_append (VT_WRAP_BOX (grid), button);
        }
      else
        {
          gtk_check_button_set_child (GTK_CHECK_BUTTON (button), row);
          gtk_box_append (GTK_BOX (self->control), button);
        }
      g_ptr_array_add (self->choice_rows, row);
      g_object_set_data_full (G_OBJECT (button), "vt-label", g_strdup (choice->label), g_free);
      g_object_set_data_full (G_OBJECT (button), "vt-test-label", g_strdup (choice->label), g_free);

      gtk_widget_add_css_class (button, "choice");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, choice->label,
                                      -1);
      g_object_set_data_full (G_OBJECT (button), "vt-value", g_strdup (choice->value), g_free);
      if (single)
        {
          if (group == NULL)
            group = GTK_CHECK_BUTTON (button);
          else
            gtk_check_button_set_group (GTK_CHECK_BUTTON (button), group);
        }
      if (text != NULL && (single ? g_strcmp0 (text, choice->value) == 0
                                  : value_in_list (text, choice->value)))
        gtk_check_button_set_active (GTK_CHECK_BUTTON (button), TRUE);
      gtk_widget_set_sensitive (button, !question->readonly);
      g_signal_connect (button, "toggled", G_CALLBACK (choice_toggled_cb), self);
      add_choose_action (button);
      g_ptr_array_add (self->choice_buttons, button);
    }
  vt_choice_layout_arrange (self->control, self->choice_buttons, question->appearance);
  self->quick = single && vt_appearance_has (question->appearance, "quick");
  if (vt_appearance_has (question->appearance, "minimal"))
    {
      self->folded = vt_choice_layout_fold (self->control, self->choice_buttons, single, question->label);
      gtk_box_append (GTK_BOX (self->control_box), self->folded);
    }
  else
    gtk_box_append (GTK_BOX (self->control_box), self->control);
}

static void
trigger_toggled_cb (GtkCheckButton *button,
                    VtQuestionView *self)
{
  const char *value = gtk_check_button_get_active (button) ? "OK" : "";

  emit_changed (self, value, value);
}

static void
build_trigger (VtQuestionView   *self,
               const VtQuestion *question,
               const char       *text)
{
  /* Translators: the box a citizen ticks to acknowledge what a question says. */
  GtkWidget *button = gtk_check_button_new_with_label (_("I have read and understood this"));

  gtk_widget_add_css_class (button, "choice");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("I have read and understood this"),
                                  -1);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (button), text != NULL && text[0] != '\0');
  g_signal_connect (button, "toggled", G_CALLBACK (trigger_toggled_cb), self);
  add_choose_action (button);
  self->control = button;
  gtk_box_append (GTK_BOX (self->control_box), button);
}

/* ---- places (vt-geo-view.c) ---------------------------------------------- */

static void
geo_changed_cb (VtGeoView      *view,
                const char     *value,
                const char     *text,
                VtQuestionView *self)
{
  emit_changed (self, value, text);
}

static void
build_geo (VtQuestionView   *self,
           const VtQuestion *question,
           const char       *text)
{
  GtkWidget *view = vt_geo_view_new (question, text);

  g_signal_connect (view, "changed", G_CALLBACK (geo_changed_cb), self);
  g_signal_connect (view, "activate", G_CALLBACK (field_activate_cb), self);
  self->entry = vt_geo_view_get_entry (VT_GEO_VIEW (view));
  self->control = self->entry;
  gtk_box_append (GTK_BOX (self->control_box), view);
}

/* ---- object ------------------------------------------------------------ */

static void
vt_question_view_finalize (GObject *object)
{
  VtQuestionView *self = VT_QUESTION_VIEW (object);

  g_free (self->path);
  g_free (self->error_text);
  g_ptr_array_unref (self->choice_buttons);
  g_ptr_array_unref (self->choice_rows);

  G_OBJECT_CLASS (vt_question_view_parent_class)->finalize (object);
}

static void
vt_question_view_class_init (VtQuestionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = vt_question_view_finalize;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  signals[ACTIVATE] =
    g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ventanilla/Kiosk/vt-question-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VtQuestionView, label);
  gtk_widget_class_bind_template_child (widget_class, VtQuestionView, hint);
  gtk_widget_class_bind_template_child (widget_class, VtQuestionView, picture_box);
  gtk_widget_class_bind_template_child (widget_class, VtQuestionView, error_row);
  gtk_widget_class_bind_template_child (widget_class, VtQuestionView, error);
  gtk_widget_class_bind_template_child (widget_class, VtQuestionView, control_box);
}

static void
vt_question_view_init (VtQuestionView *self)
{
  self->choice_buttons = g_ptr_array_new ();
  self->choice_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
answer_changed_cb (GtkWidget      *control,
                   const char     *value,
                   VtQuestionView *self)
{
  emit_changed (self, value, value);
}

/* The control the question's kind and type ask for. */
static void
build_control (VtQuestionView   *self,
               const VtQuestion *question,
               const char       *text)
{
  switch (question->kind)
    {
    case VT_CONTROL_NOTE:
    case VT_CONTROL_GROUP:
    case VT_CONTROL_REPEAT:
      break;

    case VT_CONTROL_SELECT:
      if (question->rank)
        {
          self->control = vt_rank_view_new (question, text);
          g_signal_connect (self->control, "order-changed", G_CALLBACK (answer_changed_cb), self);
          gtk_widget_set_sensitive (self->control, !question->readonly);
          gtk_box_append (GTK_BOX (self->control_box), self->control);
          break;
        }
      G_GNUC_FALLTHROUGH;
    case VT_CONTROL_SELECT1:
      build_choices (self, question, text);
      break;

    case VT_CONTROL_RANGE:
      self->control = vt_range_view_new (question, text);
      g_signal_connect (self->control, "value-changed", G_CALLBACK (answer_changed_cb), self);
      gtk_widget_set_sensitive (self->control, !question->readonly);
      gtk_box_append (GTK_BOX (self->control_box), self->control);
      break;

    case VT_CONTROL_TRIGGER:
      build_trigger (self, question, text);
      break;

    case VT_CONTROL_UPLOAD:
      {
        /* Until vt_question_view_set_devices() gives it the kiosk's devices. */
        GtkWidget *note = gtk_label_new (_("This kiosk cannot take files or photos. You can send this application without it, or bring the document to the counter."));

        gtk_label_set_wrap (GTK_LABEL (note), TRUE);
        gtk_label_set_xalign (GTK_LABEL (note), 0);
        gtk_box_append (GTK_BOX (self->control_box), note);
        self->upload_note = note;
      }
      break;

    case VT_CONTROL_INPUT:
    default:
      if (question->type == VT_DATA_DATE || question->type == VT_DATA_DATETIME)
        build_date (self, question, text);
      else if (question->type == VT_DATA_TIME)
        build_time (self, question, text);
      else if (vt_geo_view_handles (question->type))
        build_geo (self, question, text);
      else
        build_entry (self, question, text);
      break;
    }
}

/* The control's accessible name is the visible question, its description
 * the hint; required and read-only as the form says. */
static void
describe_control (VtQuestionView   *self,
                  const VtQuestion *question)
{
  GtkWidget *target = self->control;

  if (target == NULL)
    return;
  gtk_accessible_update_relation (GTK_ACCESSIBLE (target),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->label, NULL,
                                  -1);
  if (gtk_widget_get_visible (self->hint))
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (target),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, question->hint,
                                      -1);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (target),
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->hint, NULL,
                                      -1);
    }
  if (question->required)
    gtk_accessible_update_property (GTK_ACCESSIBLE (target),
                                    GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE,
                                    -1);
  if (question->readonly)
    gtk_accessible_update_property (GTK_ACCESSIBLE (target),
                                    GTK_ACCESSIBLE_PROPERTY_READ_ONLY, TRUE,
                                    -1);
}

/* Sentences one after the other, with a full stop where one has none
 * ("¿Cuándo nació? Día, mes y año. Obligatoria."). */
static void
add_sentence (GString    *said,
              const char *sentence)
{
  if (sentence == NULL || sentence[0] == '\0')
    return;
  if (said->len > 0 && !strchr (".?!:", said->str[said->len - 1]))
    g_string_append_c (said, '.');
  if (said->len > 0)
    g_string_append_c (said, ' ');
  g_string_append (said, sentence);
}

/* What a screen reader says of each object that answers the question, in
 * its description: GTK 4.8's AT-SPI bridge passes neither the required
 * state nor the error-message relation, and makes no description of
 * described-by.  A choice also says its question, which its name (the
 * choice) does not; an object is marked invalid with the error, which
 * the bridge does pass. */
static void
describe_targets (VtQuestionView   *self,
                  const VtQuestion *question)
{
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  g_autoptr(GString) said = g_string_new (NULL);
  GtkWidget *parts[] = { self->day, self->month, self->year, self->hour, self->minute };
  gboolean named_by_choice;

  for (guint i = 0; i < self->choice_buttons->len; i++)
    g_ptr_array_add (targets, g_ptr_array_index (self->choice_buttons, i));
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL)
      g_ptr_array_add (targets, parts[i]);
  if (self->control != NULL && VT_IS_RANGE_VIEW (self->control))
    vt_range_view_add_answering (VT_RANGE_VIEW (self->control), targets);
  if (self->control != NULL && VT_IS_RANK_VIEW (self->control))
    vt_rank_view_add_answering (VT_RANK_VIEW (self->control), targets);
  if (self->folded != NULL)
    g_ptr_array_add (targets, vt_choice_layout_get_opener (self->folded));
  named_by_choice = targets->len > 0;
  if (targets->len == 0 && self->control != NULL)
    g_ptr_array_add (targets, self->control);

  /* Choices, steps and moves are named by what they do, not the question. */
  if (named_by_choice)
    add_sentence (said, question->label);
  add_sentence (said, question->hint);
  if (question->required)
    /* Translators: said by a screen reader after a question that must be answered. */
    add_sentence (said, _("Required"));
  if (self->error_text != NULL)
    add_sentence (said, gtk_label_get_text (GTK_LABEL (self->error)));

  for (guint i = 0; i < targets->len; i++)
    {
      GtkAccessible *target = g_ptr_array_index (targets, i);

      if (said->len > 0)
        gtk_accessible_update_property (target, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, said->str, -1);
      if (self->error_text != NULL)
        gtk_accessible_update_state (target, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
}

static void
show_error (VtQuestionView *self,
            const char     *error)
{
  g_autofree char *shown = NULL;

  if (error == NULL)
    return;

  /* Translators: before an error message, for people who cannot see
   * the colour; the space after it is part of the text. */
  shown = g_strconcat (_("Error: "), error, NULL);
  gtk_label_set_text (GTK_LABEL (self->error), shown);
  gtk_widget_set_visible (self->error, TRUE);
  gtk_widget_set_visible (self->error_row, TRUE);
  self->error_text = g_strdup (error);
  gtk_widget_add_css_class (GTK_WIDGET (self), "error");
  if (self->control != NULL)
    {
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->control),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (self->control),
                                      GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, self->error,
                                      -1);
      if (GTK_IS_ENTRY (self->control))
        gtk_widget_add_css_class (self->control, "error");
    }
}

GtkWidget *
vt_question_view_new (const VtQuestion *question,
                      const char       *text,
                      const char       *error,
                      int               heading_level)
{
  VtQuestionView *self = g_object_new (VT_TYPE_QUESTION_VIEW, NULL);
  const char *hint = question->hint;

  self->kind = question->kind;
  self->type = question->type;
  self->path = g_strdup (question->path);
  self->building = TRUE;

  gtk_label_set_text (GTK_LABEL (self->label), question->label != NULL ? question->label : "");
  gtk_widget_add_css_class (self->label, heading_level == 1 ? "heading-l" : "heading-m");
  if (question->kind != VT_CONTROL_NOTE)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->label),
                                    GTK_ACCESSIBLE_PROPERTY_LEVEL, heading_level,
                                    -1);
  else
    {
      gtk_widget_remove_css_class (self->label, "heading-m");
      gtk_widget_add_css_class (self->label, "lead");
    }

  if (hint != NULL && hint[0] != '\0')
    {
      gtk_label_set_text (GTK_LABEL (self->hint), hint);
      gtk_widget_set_visible (self->hint, TRUE);
    }

  /* The form's picture for the question; its big-image, when it has one,
   * large instead. */
  if (question->big_image != NULL || question->image != NULL)
    {
      GtkWidget *picture = gtk_picture_new_for_filename (question->big_image != NULL ? question->big_image
                                                                                   : question->image);
      int height = question->big_image != NULL ? BIG_PICTURE_PX : PICTURE_PX;

      gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
      gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
      gtk_widget_set_size_request (picture, -1, height);
      gtk_widget_set_halign (picture, GTK_ALIGN_START);
      gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      question->label != NULL ? question->label : "", -1);
      if (question->big_image != NULL)
        gtk_widget_add_css_class (picture, "big-image");
      gtk_box_append (GTK_BOX (self->picture_box), picture);
      gtk_widget_set_visible (self->picture_box, TRUE);
    }

  if (text == NULL)
    text = question->value;

  build_control (self, question, text);
  describe_control (self, question);
  show_error (self, error);
  describe_targets (self, question);

  self->building = FALSE;
  return GTK_WIDGET (self);
}

GtkWidget *
vt_question_view_set_devices (VtQuestionView     *self,
                              const VtQuestion   *question,
                              VtDevices          *devices,
                              const VtAttachment *current)
{
  g_return_val_if_fail (VT_IS_QUESTION_VIEW (self), NULL);
  g_return_val_if_fail (question->kind == VT_CONTROL_UPLOAD, NULL);

  if (self->capture != NULL)
    return self->capture;
  g_clear_pointer (&self->upload_note, gtk_widget_unparent);
  self->capture = vt_capture_view_new (devices, question, current);
  gtk_box_append (GTK_BOX (self->control_box), self->capture);

  /* The question names the group of ways to answer it, as for choices. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->capture),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->label, NULL,
                                  -1);
  if (gtk_widget_get_visible (self->hint))
    gtk_accessible_update_relation (GTK_ACCESSIBLE (self->capture),
                                    GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->hint, NULL,
                                    -1);
  if (question->required)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->capture),
                                    GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE,
                                    -1);
  if (gtk_widget_get_visible (self->error_row))
    {
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->capture),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (self->capture),
                                      GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, self->error,
                                      -1);
    }
  self->control = self->capture;
  return self->capture;
}

void
vt_question_view_set_player (VtQuestionView   *self,
                             VtPlayer         *player,
                             const VtQuestion *question,
                             const char       *language)
{
  g_return_if_fail (VT_IS_QUESTION_VIEW (self));
  g_return_if_fail (VT_IS_PLAYER (player));

  /* A loudspeaker beside each choice, which says it (or plays the form's
   * recording of it) alone. */
  for (guint i = 0; question->choices != NULL && i < question->choices->len && i < self->choice_rows->len; i++)
    {
      const VtChoice *choice = g_ptr_array_index (question->choices, i);
      g_autoptr(VtSpeechScript) script = vt_speech_script_new (language);
      GtkWidget *speaker;

      vt_speech_script_add_choice (script, choice);
      speaker = vt_listen_button_new (player, script, FALSE, choice->label);
      gtk_widget_set_halign (speaker, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (g_ptr_array_index (self->choice_rows, i)), speaker);
    }

  /* And beside the error: what it quotes (what was typed) is not said. */
  if (self->error_text != NULL)
    {
      g_autoptr(VtSpeechScript) script = vt_speech_script_new (language);

      vt_speech_script_add_message (script, self->error_text);
      gtk_box_append (GTK_BOX (self->error_row),
                      vt_listen_button_new (player, script, FALSE, gtk_label_get_text (GTK_LABEL (self->error))));
    }
}

const char *
vt_question_view_get_path (VtQuestionView *self)
{
  g_return_val_if_fail (VT_IS_QUESTION_VIEW (self), NULL);
  return self->path;
}

GtkWidget *
vt_question_view_get_control (VtQuestionView *self)
{
  g_return_val_if_fail (VT_IS_QUESTION_VIEW (self), NULL);
  return self->control;
}

GtkWidget *
vt_question_view_get_label (VtQuestionView *self)
{
  g_return_val_if_fail (VT_IS_QUESTION_VIEW (self), NULL);
  return self->label;
}

GtkWidget *
vt_question_view_get_hint (VtQuestionView *self)
{
  g_return_val_if_fail (VT_IS_QUESTION_VIEW (self), NULL);
  return self->hint;
}

GtkWidget *
vt_question_view_get_error (VtQuestionView *self)
{
  g_return_val_if_fail (VT_IS_QUESTION_VIEW (self), NULL);
  return self->error;
}

/* The visible focusable widgets under widget, in the order they were
 * built (depth first): a control's place is its index here. */
static void
collect_focusables (GtkWidget *widget,
                    GPtrArray *out)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (gtk_widget_get_focusable (widget))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_focusables (child, out);
}

int
vt_question_view_get_focus_place (VtQuestionView *self)
{
  g_autoptr(GPtrArray) focusables = g_ptr_array_new ();
  GtkRoot *root;
  GtkWidget *focus;
  guint place;

  g_return_val_if_fail (VT_IS_QUESTION_VIEW (self), -1);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    return -1;
  collect_focusables (GTK_WIDGET (self), focusables);
  return g_ptr_array_find (focusables, focus, &place) ? (int) place : -1;
}

gboolean
vt_question_view_focus_place (VtQuestionView *self,
                              int             place)
{
  g_autoptr(GPtrArray) focusables = g_ptr_array_new ();

  g_return_val_if_fail (VT_IS_QUESTION_VIEW (self), FALSE);

  collect_focusables (GTK_WIDGET (self), focusables);
  if (place >= 0 && (guint) place < focusables->len &&
      gtk_widget_grab_focus (g_ptr_array_index (focusables, place)))
    return TRUE;
  return vt_question_view_focus (self);
}

gboolean
vt_question_view_focus (VtQuestionView *self)
{
  g_return_val_if_fail (VT_IS_QUESTION_VIEW (self), FALSE);

  if (self->control == NULL)
    return FALSE;
  if (self->capture != NULL)
    return gtk_widget_grab_focus (vt_capture_view_get_focus_target (VT_CAPTURE_VIEW (self->capture)));
  if (self->day != NULL)
    return gtk_widget_grab_focus (self->day);
  if (self->month != NULL)
    return gtk_widget_grab_focus (self->month);
  if (self->year != NULL)
    return gtk_widget_grab_focus (self->year);
  if (self->hour != NULL)
    return gtk_widget_grab_focus (self->hour);
  if (self->folded != NULL && !vt_choice_layout_is_open (self->folded))
    return gtk_widget_grab_focus (vt_choice_layout_get_opener (self->folded));
  if (self->choice_buttons->len > 0)
    {
      for (guint i = 0; i < self->choice_buttons->len; i++)
        if (gtk_check_button_get_active (g_ptr_array_index (self->choice_buttons, i)))
          return gtk_widget_grab_focus (g_ptr_array_index (self->choice_buttons, i));
      return gtk_widget_grab_focus (g_ptr_array_index (self->choice_buttons, 0));
    }
  return gtk_widget_grab_focus (self->control);
}
