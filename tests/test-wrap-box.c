/* VtWrapBox: children in rows that go on to the next where one is full
 * (the top bar's buttons, button rows and picture choices at 200 % text). */
#include "config.h"

#include <gtk/gtk.h>

#include "vt-test-app.h"
#include "vt-wrap-box.h"

typedef struct
{
  GtkWidget *window;
  GtkWidget *box;
} Fixture;

static GtkWidget *
sized (int width)
{
  GtkWidget *child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_set_size_request (child, width, 40);
  return child;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->window = gtk_window_new ();
  f->box = vt_wrap_box_new (10);
  gtk_window_set_child (GTK_WINDOW (f->window), f->box);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
}

/* The height the box asks for at width, and its children laid out so. */
static int
lay_out (Fixture *f,
         int      width)
{
  int height;

  gtk_widget_measure (f->box, GTK_ORIENTATION_VERTICAL, width, &height, NULL, NULL, NULL);
  gtk_widget_size_allocate (f->box, &(GtkAllocation) { 0, 0, width, height }, -1);
  return height;
}

static graphene_rect_t
place (Fixture   *f,
       GtkWidget *child)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (child, f->box, &bounds));
  return bounds;
}

static GtkWidget *
add (Fixture *f,
     int      width)
{
  GtkWidget *child = sized (width);

  vt_wrap_box_append (VT_WRAP_BOX (f->box), child);
  return child;
}

/* Three of four fit on a row 330 wide; the fourth starts the next; a
 * hidden child takes no place; with room, all go on one row. */
static void
test_rows (Fixture       *f,
           gconstpointer  data)
{
  GtkWidget *c[4];
  int minimum, natural;

  for (guint i = 0; i < G_N_ELEMENTS (c); i++)
    c[i] = add (f, 100);
  gtk_widget_measure (f->box, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (minimum, ==, 100);
  g_assert_cmpint (natural, ==, 430);

  g_assert_cmpint (lay_out (f, 330), ==, 90);
  g_assert_cmpfloat (place (f, c[2]).origin.x, ==, 220);
  g_assert_cmpfloat (place (f, c[2]).origin.y, ==, 0);
  g_assert_cmpfloat (place (f, c[3]).origin.x, ==, 0);
  g_assert_cmpfloat (place (f, c[3]).origin.y, ==, 50);

  gtk_widget_set_visible (c[1], FALSE);
  g_assert_cmpint (lay_out (f, 330), ==, 40);
  g_assert_cmpfloat (place (f, c[3]).origin.x, ==, 220);

  gtk_widget_set_visible (c[1], TRUE);
  g_assert_cmpint (lay_out (f, 430), ==, 40);
  /* Narrower than any child: one to a row, never lost. */
  g_assert_cmpint (lay_out (f, 60), ==, 4 * 40 + 3 * 10);
}

/* A short row sits at the end, or the centre, as row-align says; in a
 * right-to-left language the end is the left and the order mirrored. */
static void
test_row_align (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *c[4];

  for (guint i = 0; i < G_N_ELEMENTS (c); i++)
    c[i] = add (f, 100);
  g_object_set (f->box, "row-align", GTK_ALIGN_END, NULL);
  lay_out (f, 330);
  g_assert_cmpfloat (place (f, c[0]).origin.x, ==, 10);
  g_assert_cmpfloat (place (f, c[3]).origin.x, ==, 230);

  g_object_set (f->box, "row-align", GTK_ALIGN_CENTER, NULL);
  lay_out (f, 330);
  g_assert_cmpfloat (place (f, c[3]).origin.x, ==, 115);

  g_object_set (f->box, "row-align", GTK_ALIGN_END, NULL);
  gtk_widget_set_direction (f->box, GTK_TEXT_DIR_RTL);
  lay_out (f, 330);
  g_assert_cmpfloat (place (f, c[0]).origin.x, ==, 220);
  g_assert_cmpfloat (place (f, c[2]).origin.x, ==, 0);
  g_assert_cmpfloat (place (f, c[3]).origin.x, ==, 0);
}

/* The first child with hexpand of its own takes the room left on its
 * row and, being a label that wraps, narrows so that one more fits
 * beside it; the others then sit at the row's end. */
static void
test_room_taker (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *label = gtk_label_new ("Ventanilla · Servicios públicos municipales");
  GtkWidget *a, *b;
  int minimum, natural, width;

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  vt_wrap_box_append (VT_WRAP_BOX (f->box), label);
  a = add (f, 100);
  b = add (f, 100);
  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (minimum, <, natural);

  /* All on one row, the label narrower than it would like. */
  width = minimum + 220 + (natural - minimum) / 2;
  lay_out (f, width);
  g_assert_cmpfloat (place (f, b).origin.y, ==, 0);
  g_assert_cmpfloat (place (f, label).size.width, ==, width - 220);
  g_assert_cmpfloat (place (f, b).origin.x + 100, ==, width);

  /* With room to spare the label takes it. */
  width = natural + 220 + 50;
  lay_out (f, width);
  g_assert_cmpfloat (place (f, label).size.width, ==, natural + 50);
  g_assert_cmpfloat (place (f, a).origin.x, ==, natural + 60);

  /* Room for one button beside the label at its minimum, not two: the
   * second goes on to the next row. */
  width = minimum + 150;
  lay_out (f, width);
  g_assert_cmpfloat (place (f, a).origin.y, ==, 0);
  g_assert_cmpfloat (place (f, label).size.width, ==, width - 110);
  g_assert_cmpfloat (place (f, b).origin.y, >, 0);

  /* Not even one: both go on, the label keeps the whole first row. */
  width = minimum + 100;
  lay_out (f, width);
  g_assert_cmpfloat (place (f, label).size.width, ==, width);
  g_assert_cmpfloat (place (f, a).origin.y, >, 0);
  g_assert_cmpfloat (place (f, a).origin.x, ==, 0);
}

/* homogeneous: every child as wide as the widest. */
static void
test_homogeneous (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *narrow = add (f, 50);
  GtkWidget *wide = add (f, 100);

  g_object_set (f->box, "homogeneous", TRUE, NULL);
  lay_out (f, 400);
  g_assert_cmpfloat (place (f, narrow).size.width, ==, 100);
  g_assert_cmpfloat (place (f, wide).origin.x, ==, 110);
}

int
main (int   argc,
      char *argv[])
{
  vt_test_gtk_init (&argc, &argv);

  g_test_add ("/vt/wrap-box/rows", Fixture, NULL, fixture_set_up, test_rows, fixture_tear_down);
  g_test_add ("/vt/wrap-box/row-align", Fixture, NULL, fixture_set_up, test_row_align, fixture_tear_down);
  g_test_add ("/vt/wrap-box/room-taker", Fixture, NULL, fixture_set_up, test_room_taker, fixture_tear_down);
  g_test_add ("/vt/wrap-box/homogeneous", Fixture, NULL, fixture_set_up, test_homogeneous, fixture_tear_down);
  return g_test_run ();
}
