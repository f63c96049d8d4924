#pragma once

#include <glib.h>

#include "vt-session.h"
#include "vt-store.h"

G_BEGIN_DECLS

/* Unfinished applications a clerk keeps for later (a missing document):
 * the session's answers and attachments, saved in the store under a
 * reference code the clerk writes down, resumed into a new session, and
 * purged [clerk] draft-days after they were last saved. */

#define VT_DRAFT_ERROR (vt_draft_error_quark ())

typedef enum
{
  VT_DRAFT_ERROR_NOT_FOUND,        /* no such reference, or already expired and purged */
  VT_DRAFT_ERROR_EXPIRED,
  VT_DRAFT_ERROR_INVALID,          /* unreadable saved answers, too large, bad arguments */
} VtDraftError;

/* Drafts carry their attachments; this bounds a draft's saved size. */
#define VT_DRAFT_MAX_BYTES (48 * 1024 * 1024)

typedef struct
{
  char   *reference;               /* "XXXX-XXXX" */
  char   *form_id;
  char   *form_version;
  char   *service_title;           /* or NULL */
  char   *language;                /* the session's form language, or NULL */
  char   *saved_by;                /* the clerk */
  gint64  created_at;              /* usec */
  gint64  saved_at;
  gint64  expires_at;
} VtDraftInfo;

GQuark        vt_draft_error_quark     (void);

/* The session's answers (and uploaded files) as the draft's JSON, and back
 * into a fresh session of the same form.  apply returns how many saved
 * answers could not be set again (a form changed under it), or -1. */
char         *vt_draft_dump_session    (VtSession    *session,
                                        const char   *service_title,
                                        gint64        created_at,
                                        GError      **error);
int           vt_draft_apply           (VtSession    *session,
                                        const char   *json,
                                        GError      **error);

/* Saves (reference NULL: a new draft; else replaces that one) and returns
 * the reference.  Logs "draft-saved" with actor "clerk:<clerk>". */
char         *vt_draft_save            (VtStore      *store,
                                        VtSession    *session,
                                        const char   *reference,
                                        const char   *clerk,
                                        const char   *service_title,
                                        gint64        now,
                                        GError      **error);

/* The second half of vt_draft_save(), for a caller whose session lives in
 * another thread than its store connection: answers already dumped with
 * vt_draft_dump_session() on the session's thread. */
char         *vt_draft_save_json       (VtStore      *store,
                                        const char   *form_id,
                                        const char   *form_version,
                                        const char   *json,
                                        const char   *reference,
                                        const char   *clerk,
                                        gint64        now,
                                        GError      **error);

/* Loads the form version the draft was started with from the store and
 * replays the answers.  The reference may be typed as a person would.
 * info (optional) receives what the list shows. */
VtSession    *vt_draft_resume          (VtStore      *store,
                                        const char   *reference,
                                        int           draft_days,
                                        gint64        now,
                                        VtDraftInfo **info,
                                        GError      **error);

/* Purges expired drafts (logging "drafts-purged"), then lists the rest,
 * newest first: VtDraftInfo *. */
GPtrArray    *vt_draft_list            (VtStore      *store,
                                        int           draft_days,
                                        gint64        now,
                                        GError      **error);
int           vt_draft_purge           (VtStore      *store,
                                        int           draft_days,
                                        gint64        now,
                                        GError      **error);
/* After the resumed application is submitted, or when the clerk drops it. */
gboolean      vt_draft_delete          (VtStore      *store,
                                        const char   *reference,
                                        const char   *clerk,
                                        GError      **error);

void          vt_draft_info_free       (VtDraftInfo  *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtDraftInfo, vt_draft_info_free)

G_END_DECLS
