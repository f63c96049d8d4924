#pragma once

#include <gtk/gtk.h>

#include "vt-session.h"

G_BEGIN_DECLS

#define VT_TYPE_RANK_VIEW (vt_rank_view_get_type ())

G_DECLARE_FINAL_TYPE (VtRankView, vt_rank_view, VT, RANK_VIEW, GtkBox)

/* An odk:rank question: the choices in a numbered list, each with large
 * "Move up" and "Move down" buttons, and dragged by a finger to its place.
 * The answer is the whole order as ODK stores it, the choices' values
 * separated by spaces, first the most important; it is given
 * (::order-changed) once the citizen moves a choice or says the order
 * shown is right. */
GtkWidget  *vt_rank_view_new        (const VtQuestion *question,
                                     const char       *value);
/* The order shown, as stored; "" until the citizen has ranked. */
const char *vt_rank_view_get_value  (VtRankView       *self);
/* The row of the choice shown at position (0 first), and its buttons. */
GtkWidget  *vt_rank_view_get_row    (VtRankView       *self,
                                     guint             position);
GtkWidget  *vt_rank_view_get_up     (VtRankView       *self,
                                     guint             position);
GtkWidget  *vt_rank_view_get_down   (VtRankView       *self,
                                     guint             position);
GtkWidget  *vt_rank_view_get_confirm (VtRankView      *self);

/* Adds the objects a citizen answers with: every Up and Down, and the
 * button that keeps the order shown. */
void        vt_rank_view_add_answering (VtRankView      *self,
                                        GPtrArray       *targets);

G_END_DECLS
