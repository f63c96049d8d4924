#pragma once

#include <glib.h>

#include "vt-form.h"
#include "vt-store.h"
#include "vt-submission.h"

G_BEGIN_DECLS

/* The citizen's voice: after the receipt, one optional question, "How easy
 * was this?" (1 very hard … 5 very easy) and an optional comment, sent as
 * a submission of Ventanilla's own form ventanilla_feedback
 * (data/kiosk-forms/, built into the kiosk; `ventanilla-ctl feedback-form`
 * prints it for the municipality to publish once).  It names the service
 * (its form id) and the language, and nothing that links it to the
 * application: no instanceID, reference code, clerk or time; and it is
 * sent a while after the application (vt_feedback_enqueue()), so the
 * order things arrive in does not pair them either. */

#define VT_FEEDBACK_FORM_ID           "ventanilla_feedback"
#define VT_FEEDBACK_MIN_EASE          1
#define VT_FEEDBACK_MAX_EASE          5
/* The longest comment kept, in characters. */
#define VT_FEEDBACK_MAX_COMMENT_CHARS 500

/* The form's XML, as the kiosk carries it. */
GBytes       *vt_feedback_get_form_xml     (void);
VtForm       *vt_feedback_load_form        (GError        **error);

/* A submission of the answer: ease 1–5, comment (NULL or "" for none; cut
 * at VT_FEEDBACK_MAX_COMMENT_CHARS), the service's form id and the
 * language code the citizen used. */
VtSubmission *vt_feedback_new_submission   (int             ease,
                                            const char     *comment,
                                            const char     *service_form_id,
                                            const char     *language,
                                            GError        **error);
/* Queues it, held back for a random 1 to delay_seconds seconds (0: sent
 * with the next pass).  service_title is what a clerk sees in the queue. */
gboolean      vt_feedback_enqueue          (VtStore        *store,
                                            VtSubmission   *submission,
                                            const char     *service_title,
                                            int             delay_seconds,
                                            GError        **error);

G_END_DECLS
