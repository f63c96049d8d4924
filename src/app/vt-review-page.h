#pragma once

#include <gtk/gtk.h>

#include "vt-player.h"
#include "vt-session.h"

G_BEGIN_DECLS

#define VT_TYPE_REVIEW_PAGE (vt_review_page_get_type ())

G_DECLARE_FINAL_TYPE (VtReviewPage, vt_review_page, VT, REVIEW_PAGE, GtkBox)

/* "Check your answers": pages is the session's VtPage * list; each answer
 * has a Change button that emits ::change with its page id. */
/* files: the session's attachments (VtAttachment *), shown for uploads as
 * a thumbnail or words; NULL for none. */
GtkWidget *vt_review_page_new_with_files (const char *service_title,
                                          GPtrArray  *pages,
                                          GPtrArray  *files);
GtkWidget *vt_review_page_new (const char *service_title,
                               GPtrArray  *pages);
/* A Listen button that reads every question with its answer, in
 * language; only pressed by the citizen, never by itself. */
void       vt_review_page_set_player (VtReviewPage *self,
                                      VtPlayer     *player,
                                      const char   *language);
GtkWidget *vt_review_page_get_listen_button (VtReviewPage *self);

G_END_DECLS
