/* An XForms range (XLSForm "range") drawn as its appearance asks: slider,
 * stars, or a picker; − and + are large steps for a finger. */
#define G_LOG_DOMAIN "vt-range-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vt-appearance.h"
#include "vt-question-view.h"
#include "vt-range-view.h"

/* More stars than this are a slider: nobody counts twelve stars. */
#define MAX_STARS 10
/* Marks on the slider up to this many steps; more would be a grey bar. */
#define MAX_TICKS 20

struct _VtRangeView
{
  GtkBox      parent_instance;

  double      start, end, step;
  int         digits;           /* decimals of the step: 0.5 → 1 */
  gboolean    answered;
  double      value;
  char       *text;             /* the answer as stored, "" when none */
  char       *words;
  char       *question_label;

  GtkWidget  *words_label;
  GtkWidget  *slider;
  GtkWidget  *picker_value;
  GtkWidget  *less, *more;
  GPtrArray  *stars;            /* GtkToggleButton *, borrowed */
  gboolean    updating;
};

enum {
  VALUE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VtRangeView, vt_range_view, GTK_TYPE_BOX)

static char *
format_number (VtRangeView *self,
               double       v)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  /* The stored form: a dot, whatever the language; never "-0". */
  if (fabs (v) < self->step / 1000)
    v = 0;
  g_snprintf (format, sizeof format, "%%.%df", self->digits);
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, format, v));
}

/* As people read it: the language's decimal comma. */
static char *
format_display (VtRangeView *self,
                double       v)
{
  g_autofree char *stored = format_number (self, v);

  return vt_question_view_decimal_to_display (stored);
}

static double
snap (VtRangeView *self,
      double       v)
{
  double steps = round ((v - self->start) / self->step);

  return CLAMP (self->start + steps * self->step, self->start, self->end);
}

/* Shows value (answered) everywhere: words, slider, stars, picker. */
static void
show_value (VtRangeView *self)
{
  g_autofree char *shown = format_display (self, self->value);
  g_autofree char *from = format_display (self, self->start);
  g_autofree char *to = format_display (self, self->end);

  self->updating = TRUE;
  g_free (self->words);
  if (!self->answered)
    /* Translators: a range question before the citizen touches it. */
    self->words = g_strdup (_("No answer yet"));
  else if (self->stars != NULL)
    /* Translators: a rating: "3 stars out of 5". */
    self->words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s star out of %s", "%s stars out of %s",
                                                (gulong) self->value),
                                   shown, to);
  else
    /* Translators: the value of a slider: "7, on a scale from 1 to 10". */
    self->words = g_strdup_printf (_("%s, on a scale from %s to %s"), shown, from, to);
  gtk_label_set_text (GTK_LABEL (self->words_label), self->words);

  if (self->slider != NULL)
    {
      gtk_range_set_value (GTK_RANGE (self->slider), self->answered ? self->value : self->start);
      if (self->answered)
        gtk_widget_remove_css_class (self->slider, "unanswered");
      else
        gtk_widget_add_css_class (self->slider, "unanswered");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->slider),
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, self->words,
                                      -1);
    }
  if (self->picker_value != NULL)
    gtk_label_set_text (GTK_LABEL (self->picker_value), self->answered ? shown : "–");
  for (guint i = 0; self->stars != NULL && i < self->stars->len; i++)
    {
      GtkWidget *star = g_ptr_array_index (self->stars, i);
      double v = self->start + i * self->step;
      gboolean lit = self->answered && v <= self->value + self->step / 2;

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (star), self->answered && fabs (v - self->value) < self->step / 2);
      gtk_button_set_label (GTK_BUTTON (star), lit ? "★" : "☆");
      if (lit)
        gtk_widget_add_css_class (star, "lit");
      else
        gtk_widget_remove_css_class (star, "lit");
    }
  self->updating = FALSE;
}

static void
set_value (VtRangeView *self,
           double       v)
{
  v = snap (self, v);
  if (self->answered && fabs (v - self->value) < self->step / 2)
    {
      show_value (self);  /* the slider may sit between two steps */
      return;
    }
  self->answered = TRUE;
  self->value = v;
  g_free (self->text);
  self->text = format_number (self, v);
  show_value (self);
  g_signal_emit (self, signals[VALUE_CHANGED], 0, self->text);
}

static void
slider_changed_cb (GtkRange    *range,
                   VtRangeView *self)
{
  if (self->updating)
    return;
  set_value (self, gtk_range_get_value (range));
}

static void
less_clicked_cb (GtkButton   *button,
                 VtRangeView *self)
{
  /* The first touch of − or + answers with the start: where it stands. */
  set_value (self, self->answered ? self->value - self->step : self->start);
}

static void
more_clicked_cb (GtkButton   *button,
                 VtRangeView *self)
{
  set_value (self, self->answered ? self->value + self->step : self->start);
}

static void
star_clicked_cb (GtkButton   *button,
                 VtRangeView *self)
{
  guint n = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "vt-star"));

  if (self->updating)
    return;
  set_value (self, self->start + n * self->step);
  show_value (self);  /* a tap on the lit star keeps it lit */
}

static GtkWidget *
new_step_button (VtRangeView *self,
                 const char  *label,
                 const char  *accessible,
                 GCallback    callback)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, "range-step");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static void
build_stars (VtRangeView *self,
             GtkWidget   *row)
{
  guint n = (guint) round ((self->end - self->start) / self->step) + 1;
  g_autofree char *to = format_display (self, self->end);

  self->stars = g_ptr_array_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_ORIENTATION,
                                  GTK_ORIENTATION_HORIZONTAL, -1);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *star = gtk_toggle_button_new_with_label ("☆");
      g_autofree char *shown = format_display (self, self->start + i * self->step);
      g_autofree char *name = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s star out of %s",
                                                            "%s stars out of %s",
                                                            (gulong) (self->start + i * self->step)),
                                               shown, to);

      gtk_widget_add_css_class (star, "star");
      gtk_accessible_update_property (GTK_ACCESSIBLE (star), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      g_object_set_data (G_OBJECT (star), "vt-star", GUINT_TO_POINTER (i));
      g_signal_connect (star, "clicked", G_CALLBACK (star_clicked_cb), self);
      gtk_box_append (GTK_BOX (row), star);
      g_ptr_array_add (self->stars, star);
    }
}

static void
build_slider (VtRangeView *self,
              GtkWidget   *row,
              gboolean     vertical,
              gboolean     ticks)
{
  guint n_steps = (guint) round ((self->end - self->start) / self->step);

  self->slider = gtk_scale_new_with_range (vertical ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL,
                                           self->start, self->end, self->step);
  gtk_scale_set_draw_value (GTK_SCALE (self->slider), FALSE);
  gtk_range_set_round_digits (GTK_RANGE (self->slider), self->digits);
  gtk_range_set_increments (GTK_RANGE (self->slider), self->step, self->step);
  gtk_widget_add_css_class (self->slider, "range-slider");
  if (vertical)
    {
      /* The largest value on top, as a thermometer. */
      gtk_range_set_inverted (GTK_RANGE (self->slider), TRUE);
      gtk_widget_set_size_request (self->slider, -1, 360);
      gtk_widget_set_halign (self->slider, GTK_ALIGN_CENTER);
    }
  else
    {
      gtk_widget_set_hexpand (self->slider, TRUE);
      gtk_widget_set_size_request (self->slider, 360, -1);
    }
  if (ticks && n_steps <= MAX_TICKS)
    for (guint i = 0; i <= n_steps; i++)
      {
        double v = self->start + i * self->step;
        g_autofree char *mark = (i == 0 || i == n_steps) ? format_display (self, v) : NULL;

        gtk_scale_add_mark (GTK_SCALE (self->slider), v,
                            vertical ? GTK_POS_RIGHT : GTK_POS_BOTTOM, mark);
      }
  g_signal_connect (self->slider, "value-changed", G_CALLBACK (slider_changed_cb), self);
  /* The slider's name is the question (GTK 4.8's bridge passes no
   * labelled-by of the group around it). */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->slider), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->question_label, -1);
  gtk_box_append (GTK_BOX (row), self->slider);
}

static void
vt_range_view_finalize (GObject *object)
{
  VtRangeView *self = VT_RANGE_VIEW (object);

  g_free (self->text);
  g_free (self->words);
  g_free (self->question_label);
  g_clear_pointer (&self->stars, g_ptr_array_unref);
  G_OBJECT_CLASS (vt_range_view_parent_class)->finalize (object);
}

static void
vt_range_view_class_init (VtRangeViewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vt_range_view_finalize;

  signals[VALUE_CHANGED] =
    g_signal_new ("value-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "range-view");
}

static void
vt_range_view_init (VtRangeView *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 12);
}

static int
decimals_of (double step)
{
  for (int d = 0; d < 6; d++)
    {
      double scaled = step * pow (10, d);

      if (fabs (scaled - round (scaled)) < 1e-9)
        return d;
    }
  return 6;
}

GtkWidget *
vt_range_view_new (const VtQuestion *question,
                   const char       *value)
{
  VtRangeView *self = g_object_new (VT_TYPE_RANGE_VIEW,
                                    "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP,
                                    NULL);
  const char *appearance = question->appearance;
  gboolean vertical = vt_appearance_has (appearance, "vertical");
  guint n_values;
  GtkWidget *row;

  self->start = question->range_start;
  self->end = question->range_end;
  self->step = question->range_step > 0 ? question->range_step : 1;
  self->digits = question->type == VT_DATA_INT ? 0 : decimals_of (self->step);
  self->text = g_strdup ("");
  self->question_label = g_strdup (question->label != NULL ? question->label : "");
  n_values = (guint) round ((self->end - self->start) / self->step) + 1;

  if (value != NULL && value[0] != '\0')
    {
      char *end = NULL;
      double v = g_ascii_strtod (value, &end);

      if (end != value && *end == '\0' && v >= self->start && v <= self->end)
        {
          self->answered = TRUE;
          self->value = snap (self, v);
          g_free (self->text);
          self->text = g_strdup (value);
        }
    }

  self->words_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->words_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->words_label), TRUE);
  gtk_widget_add_css_class (self->words_label, "range-words");
  /* A screen reader hears the value from the slider itself; the words are
   * for the eye, and announced when they change. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->words_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_box_append (GTK_BOX (self), self->words_label);

  row = gtk_box_new (vertical ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL, 16);
  gtk_widget_set_halign (row, vertical ? GTK_ALIGN_START : GTK_ALIGN_FILL);
  gtk_box_append (GTK_BOX (self), row);

  if (vt_appearance_has (appearance, "rating") && n_values <= MAX_STARS)
    build_stars (self, row);
  else
    {
      /* − and + sit at the start and end of the slider: on top of an
       * upright one, + (the larger values) first. */
      self->less = new_step_button (self, "−", _("Less"), G_CALLBACK (less_clicked_cb));
      self->more = new_step_button (self, "+", _("More"), G_CALLBACK (more_clicked_cb));
      gtk_box_append (GTK_BOX (row), vertical ? self->more : self->less);
      if (vt_appearance_has (appearance, "picker"))
        {
          self->picker_value = gtk_label_new (NULL);
          gtk_widget_add_css_class (self->picker_value, "range-picker");
          gtk_label_set_width_chars (GTK_LABEL (self->picker_value), 4);
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->picker_value),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
        }
      if (self->picker_value != NULL)
        gtk_box_append (GTK_BOX (row), self->picker_value);
      else
        build_slider (self, row, vertical, !vt_appearance_has (appearance, "no-ticks"));
      gtk_box_append (GTK_BOX (row), vertical ? self->less : self->more);
    }
  show_value (self);
  return GTK_WIDGET (self);
}

const char *
vt_range_view_get_value (VtRangeView *self)
{
  g_return_val_if_fail (VT_IS_RANGE_VIEW (self), NULL);
  return self->text;
}

const char *
vt_range_view_get_words (VtRangeView *self)
{
  g_return_val_if_fail (VT_IS_RANGE_VIEW (self), NULL);
  return self->words;
}

GtkWidget *
vt_range_view_get_slider (VtRangeView *self)
{
  g_return_val_if_fail (VT_IS_RANGE_VIEW (self), NULL);
  return self->slider;
}

GtkWidget *
vt_range_view_get_less (VtRangeView *self)
{
  g_return_val_if_fail (VT_IS_RANGE_VIEW (self), NULL);
  return self->less;
}

GtkWidget *
vt_range_view_get_more (VtRangeView *self)
{
  g_return_val_if_fail (VT_IS_RANGE_VIEW (self), NULL);
  return self->more;
}

GtkWidget *
vt_range_view_get_star (VtRangeView *self,
                        guint        n)
{
  g_return_val_if_fail (VT_IS_RANGE_VIEW (self), NULL);
  if (self->stars == NULL || n == 0 || n > self->stars->len)
    return NULL;
  return g_ptr_array_index (self->stars, n - 1);
}

void
vt_range_view_add_answering (VtRangeView *self,
                             GPtrArray   *targets)
{
  GtkWidget *objects[] = { self->less, self->slider, self->more };

  g_return_if_fail (VT_IS_RANGE_VIEW (self));
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    if (objects[i] != NULL)
      g_ptr_array_add (targets, objects[i]);
  for (guint i = 0; self->stars != NULL && i < self->stars->len; i++)
    g_ptr_array_add (targets, g_ptr_array_index (self->stars, i));
}
