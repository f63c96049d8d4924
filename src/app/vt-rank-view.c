/* odk:rank on a touch screen: move up / move down, and drag and drop. */
#define G_LOG_DOMAIN "vt-rank-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-rank-view.h"

typedef struct
{
  char *value;
  char *label;
} Item;

struct _VtRankView
{
  GtkBox      parent_instance;

  GPtrArray  *items;            /* Item *, in the order shown */
  gboolean    ranked;           /* the order is the citizen's answer */
  char       *text;
  GtkWidget  *list;
  GtkWidget  *status;
  GtkWidget  *confirm;
  GPtrArray  *rows;             /* GtkWidget *, borrowed */
  guint       pending_from;     /* a drop, applied when idle */
  guint       pending_to;
};

enum {
  ORDER_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VtRankView, vt_rank_view, GTK_TYPE_BOX)

static void
item_free (Item *item)
{
  g_free (item->value);
  g_free (item->label);
  g_free (item);
}

static void rebuild (VtRankView *self);

static void
set_ranked (VtRankView *self)
{
  g_autoptr(GString) order = g_string_new (NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      if (i > 0)
        g_string_append_c (order, ' ');
      g_string_append (order, ((Item *) g_ptr_array_index (self->items, i))->value);
    }
  self->ranked = TRUE;
  g_free (self->text);
  self->text = g_string_free (g_steal_pointer (&order), FALSE);
  g_signal_emit (self, signals[ORDER_CHANGED], 0, self->text);
}

/* Moves the choice at from to to, answers with the new order, and keeps
 * the focus on the button that moved it, for the keyboard. */
static void
move (VtRankView *self,
      guint       from,
      guint       to,
      gboolean    focus_up)
{
  Item *item;
  GtkWidget *focus;

  if (from >= self->items->len || to >= self->items->len)
    return;
  item = g_ptr_array_steal_index (self->items, from);
  g_ptr_array_insert (self->items, (gint) to, item);
  set_ranked (self);
  rebuild (self);
  focus = focus_up ? vt_rank_view_get_up (self, to) : vt_rank_view_get_down (self, to);
  if (focus != NULL && !gtk_widget_get_sensitive (focus))
    focus = focus_up ? vt_rank_view_get_down (self, to) : vt_rank_view_get_up (self, to);
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
}

static void
up_clicked_cb (GtkButton  *button,
               VtRankView *self)
{
  guint position = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "vt-position"));

  if (position > 0)
    move (self, position, position - 1, TRUE);
}

static void
down_clicked_cb (GtkButton  *button,
                 VtRankView *self)
{
  guint position = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "vt-position"));

  move (self, position, position + 1, FALSE);
}

static void
confirm_clicked_cb (GtkButton  *button,
                    VtRankView *self)
{
  set_ranked (self);
  rebuild (self);
}

/* ---- dragging: a row is carried by a finger to another's place ---------- */

/* The position of the row under y (in the list), clamped to the list. */
static guint
position_at (VtRankView *self,
             GtkWidget  *row,
             double      y_in_row)
{
  graphene_point_t in_row = GRAPHENE_POINT_INIT (0, (float) y_in_row);
  graphene_point_t in_list;

  if (!gtk_widget_compute_point (row, self->list, &in_row, &in_list))
    return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "vt-position"));
  for (guint i = 0; i < self->rows->len; i++)
    {
      graphene_rect_t bounds;

      if (gtk_widget_compute_bounds (g_ptr_array_index (self->rows, i), self->list, &bounds) &&
          in_list.y < bounds.origin.y + bounds.size.height)
        return i;
    }
  return self->rows->len - 1;
}

static void
mark_target (VtRankView *self,
             gint        target)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      if ((gint) i == target)
        gtk_widget_add_css_class (row, "drop-target");
      else
        gtk_widget_remove_css_class (row, "drop-target");
    }
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                VtRankView     *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  double x, y;

  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  /* A drag once it is past the threshold: the buttons keep their taps. */
  if (gtk_drag_check_threshold (row, 0, 0, (int) dx, (int) dy))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      gtk_widget_add_css_class (row, "dragged");
      mark_target (self, (gint) position_at (self, row, y + dy));
    }
}

static gboolean
apply_drop (gpointer data)
{
  VtRankView *self = data;

  move (self, self->pending_from, self->pending_to, self->pending_from > self->pending_to);
  return G_SOURCE_REMOVE;
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             VtRankView     *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  guint from = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "vt-position"));
  double x, y;
  guint to;

  if (!gtk_widget_has_css_class (row, "dragged"))
    return;
  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  to = position_at (self, row, y + dy);
  gtk_widget_remove_css_class (row, "dragged");
  mark_target (self, -1);
  if (to != from)
    {
      /* The rows are built anew: not while this row's gesture runs. */
      self->pending_from = from;
      self->pending_to = to;
      g_idle_add_full (G_PRIORITY_DEFAULT, apply_drop, g_object_ref (self), g_object_unref);
    }
}

static GtkWidget *
new_move_button (VtRankView *self,
                 const char *label,
                 const char *accessible,
                 guint       position,
                 GCallback   callback)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, "rank-move");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data (G_OBJECT (button), "vt-position", GUINT_TO_POINTER (position));
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static void
rebuild (VtRankView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_box_remove (GTK_BOX (self->list), child);
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      /* Translators: a ranked choice as a screen reader says it: "2: Water". */
      g_autofree char *name = g_strdup_printf (_("%s: %s"), number, item->label);
      /* Translators: the accessible names of the buttons that move a choice of a ranking. */
      g_autofree char *up_name = g_strdup_printf (_("Move “%s” up"), item->label);
      g_autofree char *down_name = g_strdup_printf (_("Move “%s” down"), item->label);
      GtkWidget *row = g_object_new (GTK_TYPE_BOX,
                                     "orientation", GTK_ORIENTATION_HORIZONTAL,
                                     "spacing", 12,
                                     "accessible-role", GTK_ACCESSIBLE_ROLE_LIST_ITEM,
                                     NULL);
      GtkWidget *position = gtk_label_new (number);
      GtkWidget *label = gtk_label_new (item->label);
      GtkWidget *up, *down;
      GtkGesture *drag = gtk_gesture_drag_new ();

      gtk_widget_add_css_class (row, "rank-row");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      g_object_set_data (G_OBJECT (row), "vt-position", GUINT_TO_POINTER (i));
      gtk_widget_add_css_class (position, "rank-position");
      gtk_label_set_width_chars (GTK_LABEL (position), 2);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      /* Translators: the buttons that move a choice of a ranking. */
      up = new_move_button (self, _("Up"), up_name, i, G_CALLBACK (up_clicked_cb));
      down = new_move_button (self, _("Down"), down_name, i, G_CALLBACK (down_clicked_cb));
      gtk_widget_set_sensitive (up, i > 0);
      gtk_widget_set_sensitive (down, i + 1 < self->items->len);
      g_object_set_data (G_OBJECT (row), "vt-up", up);
      g_object_set_data (G_OBJECT (row), "vt-down", down);
      gtk_box_append (GTK_BOX (row), position);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (row), up);
      gtk_box_append (GTK_BOX (row), down);

      g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
      g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
      gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drag));

      gtk_box_append (GTK_BOX (self->list), row);
      g_ptr_array_add (self->rows, row);
    }

  gtk_label_set_text (GTK_LABEL (self->status),
                      self->ranked ? _("Your order is kept. Move a choice to change it.")
                                   : _("Put the choices in order, the most important first, "
                                       "with Up and Down or by dragging them; if this order is right, say so."));
  gtk_widget_set_visible (self->confirm, !self->ranked);
}

static void
vt_rank_view_finalize (GObject *object)
{
  VtRankView *self = VT_RANK_VIEW (object);

  g_ptr_array_unref (self->items);
  g_ptr_array_unref (self->rows);
  g_free (self->text);
  G_OBJECT_CLASS (vt_rank_view_parent_class)->finalize (object);
}

static void
vt_rank_view_class_init (VtRankViewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vt_rank_view_finalize;

  signals[ORDER_CHANGED] =
    g_signal_new ("order-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "rank-view");
}

static void
vt_rank_view_init (VtRankView *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 12);
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  self->rows = g_ptr_array_new ();
}

GtkWidget *
vt_rank_view_new (const VtQuestion *question,
                  const char       *value)
{
  VtRankView *self = g_object_new (VT_TYPE_RANK_VIEW, "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP, NULL);
  g_auto(GStrv) order = g_strsplit (value != NULL ? value : "", " ", -1);
  guint n = question->choices != NULL ? question->choices->len : 0;
  g_autofree gboolean *placed = g_new0 (gboolean, n + 1);

  /* The stored order first (a draft, or Back), then what it lacks. */
  for (guint o = 0; order[o] != NULL; o++)
    for (guint i = 0; i < n; i++)
      {
        const VtChoice *choice = g_ptr_array_index (question->choices, i);

        if (!placed[i] && g_str_equal (choice->value, order[o]))
          {
            Item *item = g_new0 (Item, 1);

            item->value = g_strdup (choice->value);
            item->label = g_strdup (choice->label);
            g_ptr_array_add (self->items, item);
            placed[i] = TRUE;
            self->ranked = TRUE;
          }
      }
  for (guint i = 0; i < n; i++)
    if (!placed[i])
      {
        const VtChoice *choice = g_ptr_array_index (question->choices, i);
        Item *item = g_new0 (Item, 1);

        item->value = g_strdup (choice->value);
        item->label = g_strdup (choice->label);
        g_ptr_array_add (self->items, item);
      }
  self->text = g_strdup (self->ranked ? value : "");

  self->status = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->status), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->status), 0);
  gtk_widget_add_css_class (self->status, "hint");
  gtk_box_append (GTK_BOX (self), self->status);

  self->list = g_object_new (GTK_TYPE_BOX,
                             "orientation", GTK_ORIENTATION_VERTICAL,
                             "spacing", 8,
                             "accessible-role", GTK_ACCESSIBLE_ROLE_LIST,
                             NULL);
  gtk_box_append (GTK_BOX (self), self->list);

  /* Translators: a ranking's button for a citizen who agrees with the order shown. */
  self->confirm = gtk_button_new_with_label (_("This order is right"));
  gtk_widget_set_halign (self->confirm, GTK_ALIGN_START);
  g_signal_connect (self->confirm, "clicked", G_CALLBACK (confirm_clicked_cb), self);
  gtk_box_append (GTK_BOX (self), self->confirm);

  rebuild (self);
  return GTK_WIDGET (self);
}

const char *
vt_rank_view_get_value (VtRankView *self)
{
  g_return_val_if_fail (VT_IS_RANK_VIEW (self), NULL);
  return self->text;
}

GtkWidget *
vt_rank_view_get_row (VtRankView *self,
                      guint       position)
{
  g_return_val_if_fail (VT_IS_RANK_VIEW (self), NULL);
  return position < self->rows->len ? g_ptr_array_index (self->rows, position) : NULL;
}

GtkWidget *
vt_rank_view_get_up (VtRankView *self,
                     guint       position)
{
  GtkWidget *row = vt_rank_view_get_row (self, position);

  return row != NULL ? g_object_get_data (G_OBJECT (row), "vt-up") : NULL;
}

GtkWidget *
vt_rank_view_get_down (VtRankView *self,
                       guint       position)
{
  GtkWidget *row = vt_rank_view_get_row (self, position);

  return row != NULL ? g_object_get_data (G_OBJECT (row), "vt-down") : NULL;
}

GtkWidget *
vt_rank_view_get_confirm (VtRankView *self)
{
  g_return_val_if_fail (VT_IS_RANK_VIEW (self), NULL);
  return self->confirm;
}

void
vt_rank_view_add_answering (VtRankView *self,
                            GPtrArray  *targets)
{
  g_return_if_fail (VT_IS_RANK_VIEW (self));
  for (guint i = 0; i < self->rows->len; i++)
    {
      g_ptr_array_add (targets, vt_rank_view_get_up (self, i));
      g_ptr_array_add (targets, vt_rank_view_get_down (self, i));
    }
  if (gtk_widget_get_visible (self->confirm))
    g_ptr_array_add (targets, self->confirm);
}
