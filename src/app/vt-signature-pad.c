/* A pad to sign or draw on with a finger, pen or mouse: strokes kept as
 * points, Undo and Clear, and the PNG made only when it is asked for. */
#define G_LOG_DOMAIN "vt-signature-pad"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-image.h"
#include "vt-signature-pad.h"

/* The ink is as thick as a felt pen's on paper. */
#define LINE_WIDTH 4.0
/* The picture is painted at this many times the pad's size on screen. */
#define PNG_SCALE  2

typedef struct
{
  double x, y;                      /* as a share of the pad's size, so a resize keeps the drawing */
} Point;

struct _VtSignaturePad
{
  GtkWidget  parent_instance;

  GPtrArray *strokes;               /* GArray of Point, one per stroke */
  GArray    *current;               /* the stroke being drawn, borrowed from strokes */
  double     start_x, start_y;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VtSignaturePad, vt_signature_pad, GTK_TYPE_WIDGET)

static void
add_point (VtSignaturePad *self,
           double          x,
           double          y)
{
  int width = MAX (1, gtk_widget_get_width (GTK_WIDGET (self)));
  int height = MAX (1, gtk_widget_get_height (GTK_WIDGET (self)));
  Point p = { CLAMP (x / width, 0, 1), CLAMP (y / height, 0, 1) };

  g_array_append_val (self->current, p);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               VtSignaturePad *self)
{
  self->current = g_array_new (FALSE, FALSE, sizeof (Point));
  g_ptr_array_add (self->strokes, self->current);
  self->start_x = x;
  self->start_y = y;
  add_point (self, x, y);
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                VtSignaturePad *self)
{
  if (self->current != NULL)
    add_point (self, self->start_x + dx, self->start_y + dy);
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             VtSignaturePad *self)
{
  if (self->current == NULL)
    return;
  add_point (self, self->start_x + dx, self->start_y + dy);
  self->current = NULL;
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
paint_strokes (VtSignaturePad *self,
               cairo_t        *cr,
               double          width,
               double          height,
               double          line_width)
{
  cairo_set_line_width (cr, line_width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint s = 0; s < self->strokes->len; s++)
    {
      GArray *stroke = g_ptr_array_index (self->strokes, s);

      for (guint i = 0; i < stroke->len; i++)
        {
          Point *p = &g_array_index (stroke, Point, i);

          if (i == 0)
            {
              cairo_move_to (cr, p->x * width, p->y * height);
              /* A dot is a stroke too. */
              cairo_line_to (cr, p->x * width, p->y * height);
            }
          else
            cairo_line_to (cr, p->x * width, p->y * height);
        }
      cairo_stroke (cr);
    }
}

static void
vt_signature_pad_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  VtSignaturePad *self = VT_SIGNATURE_PAD (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA ink;
  cairo_t *cr;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &ink);
  G_GNUC_END_IGNORE_DEPRECATIONS
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  /* Where to sign: a line near the bottom, as on paper. */
  cairo_set_source_rgba (cr, ink.red, ink.green, ink.blue, 0.5);
  cairo_set_line_width (cr, 2);
  cairo_move_to (cr, width * 0.06, height * 0.78);
  cairo_line_to (cr, width * 0.94, height * 0.78);
  cairo_stroke (cr);
  gdk_cairo_set_source_rgba (cr, &ink);
  paint_strokes (self, cr, width, height, LINE_WIDTH);
  cairo_destroy (cr);
}

static void
vt_signature_pad_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  /* Room for a whole name written by a finger. */
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 200;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 900 : 320;
}

gboolean
vt_signature_pad_is_empty (VtSignaturePad *self)
{
  g_return_val_if_fail (VT_IS_SIGNATURE_PAD (self), TRUE);
  return self->strokes->len == 0;
}

guint
vt_signature_pad_get_strokes (VtSignaturePad *self)
{
  g_return_val_if_fail (VT_IS_SIGNATURE_PAD (self), 0);
  return self->strokes->len;
}

void
vt_signature_pad_undo (VtSignaturePad *self)
{
  g_return_if_fail (VT_IS_SIGNATURE_PAD (self));

  if (self->strokes->len == 0)
    return;
  self->current = NULL;
  g_ptr_array_remove_index (self->strokes, self->strokes->len - 1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

void
vt_signature_pad_clear (VtSignaturePad *self)
{
  g_return_if_fail (VT_IS_SIGNATURE_PAD (self));

  if (self->strokes->len == 0)
    return;
  self->current = NULL;
  g_ptr_array_set_size (self->strokes, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

GBytes *
vt_signature_pad_to_png (VtSignaturePad  *self,
                         GError         **error)
{
  int width = MAX (1, gtk_widget_get_width (GTK_WIDGET (self))) * PNG_SCALE;
  int height = MAX (1, gtk_widget_get_height (GTK_WIDGET (self))) * PNG_SCALE;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  g_return_val_if_fail (VT_IS_SIGNATURE_PAD (self), NULL);

  /* Black on white whatever the screen's contrast: this goes on file. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  paint_strokes (self, cr, width, height, LINE_WIDTH * PNG_SCALE);
  cairo_destroy (cr);
  pixbuf = gdk_pixbuf_get_from_surface (surface, 0, 0, width, height);
  cairo_surface_destroy (surface);
  return vt_image_encode_png (pixbuf, error);
}

static void
vt_signature_pad_finalize (GObject *object)
{
  VtSignaturePad *self = VT_SIGNATURE_PAD (object);

  g_ptr_array_unref (self->strokes);
  G_OBJECT_CLASS (vt_signature_pad_parent_class)->finalize (object);
}

static void
vt_signature_pad_class_init (VtSignaturePadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = vt_signature_pad_finalize;
  widget_class->snapshot = vt_signature_pad_snapshot;
  widget_class->measure = vt_signature_pad_measure;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_css_name (widget_class, "signaturepad");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vt_signature_pad_init (VtSignaturePad *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  /* A finger, a pen or a mouse: any button, touch included. */
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
}
