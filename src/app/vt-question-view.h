#pragma once

#include <gtk/gtk.h>

#include "vt-devices.h"
#include "vt-player.h"
#include "vt-session.h"
#include "vt-submission.h"

G_BEGIN_DECLS

#define VT_TYPE_QUESTION_VIEW (vt_question_view_get_type ())

G_DECLARE_FINAL_TYPE (VtQuestionView, vt_question_view, VT, QUESTION_VIEW, GtkBox)

/* One question as a citizen answers it on a touch screen: the question as
 * a heading, its hint, an error when there is one, and a control fit for
 * its type.  The view emits ::changed (path, value, text): value is what
 * the session should store ("" clears), or NULL when what was typed is not
 * an answer yet (half a date); text is what to show again if the page is
 * rebuilt (a language change), so nothing typed is lost.  ::activate is
 * Enter in one of its text fields (or the on-screen keyboard's Continue):
 * the page's Continue. */
GtkWidget  *vt_question_view_new          (const VtQuestion *question,
                                           const char       *text,
                                           const char       *error,
                                           int               heading_level);
/* An upload question answered with the kiosk's devices (camera, scanner,
 * USB stick, microphone, signature pad): returns the VtCaptureView, whose
 * ::attached and ::removed say what the citizen gave.  current: the file
 * the answer names now, or NULL. */
GtkWidget  *vt_question_view_set_devices  (VtQuestionView     *self,
                                           const VtQuestion   *question,
                                           VtDevices          *devices,
                                           const VtAttachment *current);
/* Reading aloud: a loudspeaker button beside each choice and beside the
 * error, in language (the session's). */
void        vt_question_view_set_player   (VtQuestionView   *self,
                                           VtPlayer         *player,
                                           const VtQuestion *question,
                                           const char       *language);
const char *vt_question_view_get_path     (VtQuestionView   *self);
/* The control that takes focus and carries the accessible name, state
 * and relations (an entry, or the group of choices). */
GtkWidget  *vt_question_view_get_control  (VtQuestionView   *self);
GtkWidget  *vt_question_view_get_label    (VtQuestionView   *self);
GtkWidget  *vt_question_view_get_hint     (VtQuestionView   *self);
GtkWidget  *vt_question_view_get_error    (VtQuestionView   *self);
gboolean    vt_question_view_focus        (VtQuestionView   *self);
/* Which of the view's widgets has the focus, as its place among those
 * that take focus (the month field, the third choice), or -1; and the
 * focus put on the widget at that place of a view built anew for the same
 * question (vt_question_view_focus() when there is none). */
int         vt_question_view_get_focus_place (VtQuestionView *self);
gboolean    vt_question_view_focus_place  (VtQuestionView   *self,
                                           int               place);

/* What to say when a view's fields made no answer (::changed with value
 * NULL: a day, month and year that are not a real date); what the session
 * refuses, it says itself. */
char       *vt_question_view_describe_unfinished (VtDataType type);

/* Converts between how a decimal is stored ("12.5") and typed ("12,5"). */
char       *vt_question_view_decimal_to_display (const char *stored);
char       *vt_question_view_decimal_from_display (const char *typed);

G_END_DECLS
