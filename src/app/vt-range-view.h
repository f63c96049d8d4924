#pragma once

#include <gtk/gtk.h>

#include "vt-session.h"

G_BEGIN_DECLS

#define VT_TYPE_RANGE_VIEW (vt_range_view_get_type ())

G_DECLARE_FINAL_TYPE (VtRangeView, vt_range_view, VT, RANGE_VIEW, GtkBox)

/* An XForms range on a touch screen: a slider with large − and + steps
 * and the value in words; with appearance "rating" a row of stars,
 * "picker" the number between − and + alone, "vertical" an upright
 * slider, "no-ticks" one without marks.  Start, end and step are the
 * form's.  ::value-changed gives the answer as ODK stores it ("7", "2.5"),
 * or "" when cleared; nothing is an answer until the citizen moves it. */
GtkWidget  *vt_range_view_new          (const VtQuestion *question,
                                        const char       *value);
/* The answer shown, "" when none. */
const char *vt_range_view_get_value    (VtRangeView      *self);
/* The value as the citizen reads it ("7, on a scale from 1 to 10"). */
const char *vt_range_view_get_words    (VtRangeView      *self);
GtkWidget  *vt_range_view_get_slider   (VtRangeView      *self);   /* NULL for stars and picker */
GtkWidget  *vt_range_view_get_less     (VtRangeView      *self);   /* NULL for stars */
GtkWidget  *vt_range_view_get_more     (VtRangeView      *self);
/* The star for value n (1-based from start), NULL without "rating". */
GtkWidget  *vt_range_view_get_star     (VtRangeView      *self,
                                        guint             n);

/* Adds the objects a citizen answers with (slider, − and +, or stars). */
void        vt_range_view_add_answering (VtRangeView     *self,
                                         GPtrArray       *targets);

G_END_DECLS
