#define G_LOG_DOMAIN "vt-wrap-box"

#include "config.h"

#include "vt-wrap-box.h"

struct _VtWrapBox
{
  GtkWidget parent_instance;

  int       spacing;
  GtkAlign  row_align;
  gboolean  homogeneous;
};

enum
{
  PROP_0,
  PROP_SPACING,
  PROP_ROW_ALIGN,
  PROP_HOMOGENEOUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VtWrapBox, vt_wrap_box, GTK_TYPE_WIDGET)

/* The widest minimum and natural width of the children. */
static void
widest_child (VtWrapBox *self,
              int       *minimum,
              int       *natural)
{
  *minimum = *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_minimum, child_natural;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_minimum, &child_natural, NULL, NULL);
      *minimum = MAX (*minimum, child_minimum);
      *natural = MAX (*natural, child_natural);
    }
}

/* A child's width on a row at most width wide: its natural width (the
 * widest child's, given as widest_natural >= 0 when homogeneous), less
 * where the row has less, never under its minimum. */
static int
child_width (GtkWidget *child,
             int        width,
             int        widest_minimum,
             int        widest_natural)
{
  int minimum = widest_minimum, natural = widest_natural;

  if (widest_natural < 0)
    gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  return MAX (minimum, MIN (natural, width));
}

static int
child_height (GtkWidget *child,
              int        width)
{
  int minimum;

  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &minimum, NULL, NULL, NULL);
  return minimum;
}

/* Whether child asked for the room left on its row: hexpand set on the
 * child itself (a caption's hexpand inside a button does not count). */
static gboolean
takes_room (GtkWidget *child)
{
  return gtk_widget_get_hexpand_set (child) && gtk_widget_get_hexpand (child);
}

/* Lays the children out in rows width wide; allocates them when allocate,
 * and returns the height the rows take.  The room left on a row goes to
 * its first child that takes room (the top bar's name, its buttons then
 * at the end), which also narrows for more to fit beside it; in a row
 * with none, the row sits as row-align says.  In a right-to-left
 * language all is mirrored. */
static int
lay_out (VtWrapBox *self,
         int        width,
         gboolean   allocate)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkWidget *row_start = gtk_widget_get_first_child (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  g_autoptr(GArray) widths = g_array_new (FALSE, FALSE, sizeof (int));   /* of the row's children */
  int widest_minimum = 0, widest_natural = -1;
  int y = 0;

  if (self->homogeneous)
    widest_child (self, &widest_minimum, &widest_natural);

  while (row_start != NULL)
    {
      GtkWidget *row_end = NULL;
      int room_taker = -1;      /* its index in widths */
      int room_give = 0;        /* how much narrower than its natural width the room taker can be */
      int row_width = 0;
      int row_height = 0;
      int x;
      guint i;

      /* The row: as many children as fit, at least one; the room taker
       * (a label that wraps) gives up width, down to its minimum, for one
       * more to fit beside it. */
      g_array_set_size (widths, 0);
      for (GtkWidget *child = row_start; child != NULL; child = gtk_widget_get_next_sibling (child))
        {
          int w;

          row_end = gtk_widget_get_next_sibling (child);
          if (!gtk_widget_should_layout (child))
            continue;
          w = child_width (child, width, widest_minimum, widest_natural);
          if (widths->len > 0 && row_width + self->spacing + w > width)
            {
              int deficit = row_width + self->spacing + w - width;

              if (room_taker < 0 || deficit > room_give)
                {
                  row_end = child;
                  break;
                }
              room_give -= deficit;
              g_array_index (widths, int, room_taker) -= deficit;
              row_width -= deficit;
            }
          row_width += (widths->len > 0 ? self->spacing : 0) + w;
          if (room_taker < 0 && takes_room (child))
            {
              int minimum;

              gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
              room_taker = (int) widths->len;
              room_give = MAX (0, w - minimum);
            }
          g_array_append_val (widths, w);
        }

      /* What is left of the row goes to its room taker; without one, the
       * row sits as row-align says. */
      x = 0;
      if (room_taker >= 0)
        g_array_index (widths, int, room_taker) += MAX (0, width - row_width);
      else if (self->row_align == GTK_ALIGN_END)
        x = MAX (0, width - row_width);
      else if (self->row_align == GTK_ALIGN_CENTER)
        x = MAX (0, width - row_width) / 2;

      /* Heights for the widths the children get, then their places. */
      i = 0;
      for (GtkWidget *child = row_start; child != row_end; child = gtk_widget_get_next_sibling (child))
        {
          int h;

          if (!gtk_widget_should_layout (child))
            continue;
          h = child_height (child, g_array_index (widths, int, i++));
          row_height = MAX (row_height, h);
        }
      i = 0;
      for (GtkWidget *child = row_start; child != row_end; child = gtk_widget_get_next_sibling (child))
        {
          int w;

          if (!gtk_widget_should_layout (child))
            continue;
          w = g_array_index (widths, int, i++);
          if (allocate)
            gtk_widget_size_allocate (child, &(GtkAllocation) { rtl ? width - x - w : x, y, w, row_height }, -1);
          x += w + self->spacing;
        }
      if (widths->len > 0)
        y += row_height + self->spacing;
      row_start = row_end;
    }
  return MAX (0, y - self->spacing);
}

static void
vt_wrap_box_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  VtWrapBox *self = VT_WRAP_BOX (widget);

  *minimum = *natural = 0;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int widest_natural;
      guint count = 0;

      /* At least the widest child; at best all of them on one row. */
      widest_child (self, minimum, &widest_natural);
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int child_natural;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, orientation, -1, NULL, &child_natural, NULL, NULL);
          *natural += (count++ > 0 ? self->spacing : 0) + (self->homogeneous ? widest_natural : child_natural);
        }
    }
  else
    {
      int width = for_size;
      int ignored;

      /* Unless told the width, the height of one row of them all. */
      if (width < 0)
        vt_wrap_box_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &ignored, &width, NULL, NULL);
      *minimum = *natural = lay_out (self, width, FALSE);
    }
}

static void
vt_wrap_box_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  lay_out (VT_WRAP_BOX (widget), width, TRUE);
}

static GtkSizeRequestMode
vt_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
vt_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (vt_wrap_box_parent_class)->dispose (object);
}

static void
vt_wrap_box_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  VtWrapBox *self = VT_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;
    case PROP_ROW_ALIGN:
      g_value_set_enum (value, self->row_align);
      break;
    case PROP_HOMOGENEOUS:
      g_value_set_boolean (value, self->homogeneous);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_wrap_box_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  VtWrapBox *self = VT_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      if (self->spacing == g_value_get_int (value))
        return;
      self->spacing = g_value_get_int (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_ROW_ALIGN:
      if (self->row_align == (GtkAlign) g_value_get_enum (value))
        return;
      self->row_align = g_value_get_enum (value);
      gtk_widget_queue_allocate (GTK_WIDGET (self));
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_HOMOGENEOUS:
      if (self->homogeneous == g_value_get_boolean (value))
        return;
      self->homogeneous = g_value_get_boolean (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_wrap_box_class_init (VtWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_wrap_box_dispose;
  object_class->get_property = vt_wrap_box_get_property;
  object_class->set_property = vt_wrap_box_set_property;
  widget_class->measure = vt_wrap_box_measure;
  widget_class->size_allocate = vt_wrap_box_size_allocate;
  widget_class->get_request_mode = vt_wrap_box_get_request_mode;

  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Where a row that does not fill the width sits in it. */
  properties[PROP_ROW_ALIGN] =
    g_param_spec_enum ("row-align", NULL, NULL, GTK_TYPE_ALIGN, GTK_ALIGN_START,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Every child as wide as the widest, so the rows line up in columns. */
  properties[PROP_HOMOGENEOUS] =
    g_param_spec_boolean ("homogeneous", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
vt_wrap_box_init (VtWrapBox *self)
{
  self->row_align = GTK_ALIGN_START;
}

GtkWidget *
vt_wrap_box_new (int spacing)
{
  return g_object_new (VT_TYPE_WRAP_BOX, "spacing", spacing, NULL);
}

void
vt_wrap_box_append (VtWrapBox *self,
                    GtkWidget *child)
{
  g_return_if_fail (VT_IS_WRAP_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));

  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}

void
vt_button_wrap_label (GtkWidget *button)
{
  GtkWidget *label;

  g_return_if_fail (GTK_IS_BUTTON (button));

  label = gtk_button_get_child (GTK_BUTTON (button));
  g_return_if_fail (GTK_IS_LABEL (label));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
}
