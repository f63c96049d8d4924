#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VT_TYPE_WRAP_BOX (vt_wrap_box_get_type ())

/* Children in a row, left to right, that go on to a new row where the
 * row is full, as words on a line: the top bar's buttons at 200 % text.
 * GTK 4.8 has none (GtkFlowBox lines its children up in columns and
 * keeps a cell for a hidden one).  Children are added in a .ui file or
 * with vt_wrap_box_append(). */
G_DECLARE_FINAL_TYPE (VtWrapBox, vt_wrap_box, VT, WRAP_BOX, GtkWidget)

GtkWidget *vt_wrap_box_new    (int        spacing);
void       vt_wrap_box_append (VtWrapBox *self,
                               GtkWidget *child);

/* Lets the label of button (made with its "label") wrap onto more lines,
 * centred, where one line would be wider than the screen: a long button
 * at 200 % text.  The label stays the button's own, so setting "label"
 * again keeps this. */
void       vt_button_wrap_label (GtkWidget *button);

G_END_DECLS
