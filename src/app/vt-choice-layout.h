#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* How a select's choice buttons (GtkCheckButton, their captions as
 * "vt-label" data) are laid out for its appearance: "columns",
 * "columns-pack" and "columns-N" in columns, "likert" as one row of a
 * scale, "no-buttons" as pictures without their round buttons.  The
 * buttons move from wherever they are into list (the box that holds the
 * choices); nothing moves when the appearance asks for none of these. */
void        vt_choice_layout_arrange   (GtkWidget   *list,
                                        GPtrArray   *buttons,
                                        const char  *appearance);

/* "minimal": list, folded under one large button that names the answer
 * ("Choose your answer" before one is chosen) and opens the list; a tap
 * on a single choice folds it again, as do Enter and Escape (arrows
 * choose as they move, and leave it open).  Returns the widget to show in place of
 * list, holding it. */
GtkWidget  *vt_choice_layout_fold      (GtkWidget   *list,
                                        GPtrArray   *buttons,
                                        gboolean     single,
                                        const char  *question_label);
/* The button of a folded list, and whether the list shows. */
GtkWidget  *vt_choice_layout_get_opener (GtkWidget  *folded);
gboolean    vt_choice_layout_is_open    (GtkWidget  *folded);

G_END_DECLS
