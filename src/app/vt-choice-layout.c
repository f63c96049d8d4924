/* The layouts of choices that XLSForm appearances ask for. */
#define G_LOG_DOMAIN "vt-choice-layout"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-appearance.h"
#include "vt-choice-layout.h"
#include "vt-wrap-box.h"

/* Columns when the form says "columns" without a number: as Collect on a
 * tablet. */
#define DEFAULT_COLUMNS 3

static void
take_out (GtkWidget *button)
{
  GtkWidget *parent = gtk_widget_get_parent (button);


  if (GTK_IS_BOX (parent))
    gtk_box_remove (GTK_BOX (parent), button);
  else if (GTK_IS_GRID (parent))
    gtk_grid_remove (GTK_GRID (parent), button);
  else if (VT_IS_WRAP_BOX (parent))
    gtk_widget_unparent (button);
}

/* The first label inside a choice button: its caption. */
static GtkWidget *
find_caption (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = GTK_IS_LABEL (child) ? child : find_caption (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
vt_choice_layout_arrange (GtkWidget  *list,
                          GPtrArray  *buttons,
                          const char *appearance)
{
  gboolean likert = vt_appearance_has (appearance, "likert");
  gboolean pack = vt_appearance_has (appearance, "columns-pack");
  guint columns = vt_appearance_get_number (appearance, "columns-");
  GtkWidget *grid;
  GtkWidget *child;

  if (vt_appearance_has (appearance, "no-buttons"))
    for (guint i = 0; i < buttons->len; i++)
      gtk_widget_add_css_class (g_ptr_array_index (buttons, i), "no-buttons");

  if (columns == 0 && vt_appearance_has (appearance, "columns"))
    columns = DEFAULT_COLUMNS;
  if (columns == 0 && !pack && !likert)
    return;

  /* likert: one row, as a scale, each choice its caption in a box (the
   * round buttons would not leave room for the words at 200 % text);
   * columns-pack: a few to a row, each as wide as its words need. */
  if (likert)
    columns = MAX (buttons->len, 1);
  else if (pack)
    columns = DEFAULT_COLUMNS + 1;
  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), likert ? 4 : 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), !pack);
  if (likert)
    gtk_widget_add_css_class (grid, "likert");

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_object_ref (g_ptr_array_index (buttons, i));

      take_out (button);
      gtk_widget_set_hexpand (button, TRUE);
      if (likert)
        {
          GtkWidget *caption = find_caption (button);

          gtk_widget_add_css_class (button, "likert-choice");
          gtk_widget_add_css_class (button, "no-buttons");
          if (caption != NULL)
            {
              gtk_label_set_xalign (GTK_LABEL (caption), 0.5);
              gtk_label_set_justify (GTK_LABEL (caption), GTK_JUSTIFY_CENTER);
            }
        }
      gtk_grid_attach (GTK_GRID (grid), button, (int) (i % columns), (int) (i / columns), 1, 1);
      g_object_unref (button);
    }
  /* The buttons' old homes (a picture grid) go, empty. */
  while ((child = gtk_widget_get_first_child (list)) != NULL)
    gtk_box_remove (GTK_BOX (list), child);
  gtk_box_append (GTK_BOX (list), grid);
}

/* ---- minimal ------------------------------------------------------------ */

typedef struct
{
  GtkWidget *opener;
  GtkWidget *revealer;
  GPtrArray *buttons;
  gboolean   single;
  gboolean   tapped;            /* the last choice came by pointer, not by keys */
  char      *question_label;
} Fold;

static void
fold_free (Fold *fold)
{
  g_ptr_array_unref (fold->buttons);
  g_free (fold->question_label);
  g_free (fold);
}

static void
show_answer (Fold *fold)
{
  g_autoptr(GString) chosen = g_string_new (NULL);
  g_autofree char *name = NULL;
  gboolean open = gtk_revealer_get_reveal_child (GTK_REVEALER (fold->revealer));

  for (guint i = 0; i < fold->buttons->len; i++)
    {
      GtkCheckButton *button = g_ptr_array_index (fold->buttons, i);

      if (gtk_check_button_get_active (button))
        {
          if (chosen->len > 0)
            g_string_append (chosen, ", ");
          g_string_append (chosen, g_object_get_data (G_OBJECT (button), "vt-label"));
        }
    }
  if (chosen->len == 0)
    g_string_assign (chosen, fold->single ? _("Choose your answer") : _("Choose your answers"));
  gtk_button_set_label (GTK_BUTTON (fold->opener), chosen->str);
  /* Translators: the button that opens a folded list of choices: "<question>: <answer>". */
  name = g_strdup_printf (_("%s: %s"), fold->question_label, chosen->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (fold->opener), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (fold->opener), GTK_ACCESSIBLE_STATE_EXPANDED, open, -1);
  if (open)
    gtk_widget_add_css_class (fold->opener, "open");
  else
    gtk_widget_remove_css_class (fold->opener, "open");
}

static void
opener_clicked_cb (GtkButton *button,
                   Fold      *fold)
{
  gboolean open = !gtk_revealer_get_reveal_child (GTK_REVEALER (fold->revealer));

  gtk_revealer_set_reveal_child (GTK_REVEALER (fold->revealer), open);
  show_answer (fold);
  /* The keyboard goes into the list it opened: to the answer, or the first. */
  if (open && fold->buttons->len > 0)
    {
      GtkWidget *target = g_ptr_array_index (fold->buttons, 0);

      for (guint i = 0; i < fold->buttons->len; i++)
        if (gtk_check_button_get_active (g_ptr_array_index (fold->buttons, i)))
          target = g_ptr_array_index (fold->buttons, i);
      gtk_widget_grab_focus (target);
    }
}

static void
fold_up (Fold *fold)
{
  gtk_revealer_set_reveal_child (GTK_REVEALER (fold->revealer), FALSE);
  gtk_widget_grab_focus (fold->opener);
}

/* A tap on a single choice folds the list; arrows (which choose as they
 * move in a radio group) leave it open until Enter or Escape. */
static void
fold_toggled_cb (GtkCheckButton *button,
                 Fold           *fold)
{
  if (fold->single && gtk_check_button_get_active (button) && fold->tapped)
    fold_up (fold);
  show_answer (fold);
}

static void
fold_pressed_cb (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 Fold            *fold)
{
  fold->tapped = TRUE;
}

static gboolean
fold_key_cb (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             Fold                  *fold)
{
  fold->tapped = FALSE;
  if (keyval != GDK_KEY_Escape && keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter)
    return FALSE;
  if (keyval != GDK_KEY_Escape && !fold->single)
    return FALSE;  /* Enter ticks a box of a multiple choice */
  fold_up (fold);
  show_answer (fold);
  return TRUE;
}

GtkWidget *
vt_choice_layout_fold (GtkWidget  *list,
                       GPtrArray  *buttons,
                       gboolean    single,
                       const char *question_label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  Fold *fold = g_new0 (Fold, 1);

  fold->buttons = g_ptr_array_ref (buttons);
  fold->single = single;
  fold->question_label = g_strdup (question_label != NULL ? question_label : "");
  fold->opener = gtk_button_new_with_label ("");
  gtk_widget_add_css_class (fold->opener, "choice");
  gtk_widget_add_css_class (fold->opener, "fold-opener");
  gtk_widget_set_halign (fold->opener, GTK_ALIGN_FILL);
  gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (fold->opener))), 0);
  fold->revealer = gtk_revealer_new ();
  gtk_revealer_set_transition_type (GTK_REVEALER (fold->revealer), GTK_REVEALER_TRANSITION_TYPE_NONE);
  gtk_revealer_set_child (GTK_REVEALER (fold->revealer), list);
  gtk_box_append (GTK_BOX (box), fold->opener);
  gtk_box_append (GTK_BOX (box), fold->revealer);
  g_signal_connect (fold->opener, "clicked", G_CALLBACK (opener_clicked_cb), fold);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (fold_key_cb), fold);
    gtk_widget_add_controller (fold->revealer, keys);
  }
  {
    GtkGesture *taps = gtk_gesture_click_new ();

    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (taps), GTK_PHASE_CAPTURE);
    g_signal_connect (taps, "pressed", G_CALLBACK (fold_pressed_cb), fold);
    gtk_widget_add_controller (fold->revealer, GTK_EVENT_CONTROLLER (taps));
  }
  for (guint i = 0; i < buttons->len; i++)
    g_signal_connect (g_ptr_array_index (buttons, i), "toggled", G_CALLBACK (fold_toggled_cb), fold);
  g_object_set_data_full (G_OBJECT (box), "vt-fold", fold, (GDestroyNotify) fold_free);
  show_answer (fold);
  return box;
}

GtkWidget *
vt_choice_layout_get_opener (GtkWidget *folded)
{
  Fold *fold = g_object_get_data (G_OBJECT (folded), "vt-fold");

  return fold != NULL ? fold->opener : NULL;
}

gboolean
vt_choice_layout_is_open (GtkWidget *folded)
{
  Fold *fold = g_object_get_data (G_OBJECT (folded), "vt-fold");

  return fold != NULL && gtk_revealer_get_reveal_child (GTK_REVEALER (fold->revealer));
}
