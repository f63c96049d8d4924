#pragma once

#include <gtk/gtk.h>

#include "vt-store-owner.h"

G_BEGIN_DECLS

#define VT_TYPE_FEEDBACK_QUESTION (vt_feedback_question_get_type ())

G_DECLARE_FINAL_TYPE (VtFeedbackQuestion, vt_feedback_question, VT, FEEDBACK_QUESTION, GtkBox)

/* "How easy was this?" under the receipt: five large faces, each with its
 * words, from very hard to very easy.  Optional and one tap: the tap sends
 * the answer (vt_store_owner_send_feedback_async(), a submission of
 * Ventanilla's own feedback form with the service's form id and the
 * language, nothing of the application, held back for a random time up to
 * delay_seconds) and says thank you; not tapping is skipping.
 *
 * "rated" (int ease) once the answer is queued. */
GtkWidget  *vt_feedback_question_new       (VtStoreOwner *owner,
                                            const char   *service_form_id,
                                            const char   *language,
                                            int           delay_seconds);
/* The button of ease (1 very hard … 5 very easy). */
GtkWidget  *vt_feedback_question_get_face  (VtFeedbackQuestion *self,
                                            int                 ease);
/* The feedback's own instanceID once queued, else NULL. */
const char *vt_feedback_question_get_sent_id (VtFeedbackQuestion *self);

G_END_DECLS
