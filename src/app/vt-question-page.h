#pragma once

#include <gtk/gtk.h>

#include "vt-player.h"
#include "vt-session.h"

G_BEGIN_DECLS

#define VT_TYPE_QUESTION_PAGE (vt_question_page_get_type ())

G_DECLARE_FINAL_TYPE (VtQuestionPage, vt_question_page, VT, QUESTION_PAGE, GtkBox)

/* One page of a form: one question, a field-list group, or "add another?"
 * for a repeat.  texts: path → what to show instead of the stored answer
 * (typed text the session refused); errors: VtValidationError * or NULL.
 * Emits ::back, ::next, ::add-repeat and ::changed (path, value, text). */
GtkWidget  *vt_question_page_new              (const VtPage *page,
                                               GHashTable   *texts,
                                               GPtrArray    *errors);
/* Reading aloud in language (the session's): the Listen button, the
 * choices' and errors' loudspeakers, and what to read as the page
 * appears (its problems, then the page) when the citizen asked for it.
 * page: the one the page was made from. */
void        vt_question_page_set_player       (VtQuestionPage *self,
                                               VtPlayer       *player,
                                               const VtPage   *page,
                                               const char     *language);
GtkWidget  *vt_question_page_get_listen_button (VtQuestionPage *self);
VtSpeechScript *vt_question_page_get_arrival_script (VtQuestionPage *self);
/* A line above the questions ("only available in Español"), or NULL. */
void        vt_question_page_set_notice       (VtQuestionPage *self,
                                               const char     *text);
GtkWidget  *vt_question_page_get_notice       (VtQuestionPage *self);
const char *vt_question_page_get_id           (VtQuestionPage *self);
GtkWidget  *vt_question_page_get_error_summary (VtQuestionPage *self);
/* The view of the question at path, or NULL. */
GtkWidget  *vt_question_page_get_view         (VtQuestionPage *self,
                                               const char     *path);
GtkWidget  *vt_question_page_get_next_button  (VtQuestionPage *self);
GtkWidget  *vt_question_page_get_add_button   (VtQuestionPage *self);
GtkWidget  *vt_question_page_get_back_button  (VtQuestionPage *self);

/* Which repeat instance a page is about, for people: "Person 2 of 3: Ana"
 * (with_count) or "Person 2: Ana", from the repeat's label, the page's
 * place and the name typed in it; NULL outside repeats.  Free with
 * g_free(). */
char       *vt_question_page_dup_instance_title (const VtPage *page,
                                                 gboolean      with_count);

G_END_DECLS
