#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "vt-form.h"

G_BEGIN_DECLS

/* One person filling one form.  Not thread-safe: the UI owns it on the main
 * thread. */

#define VT_SESSION_ERROR (vt_session_error_quark ())

typedef enum
{
  VT_SESSION_ERROR_NO_SUCH_NODE,   /* the path names nothing in the instance */
  VT_SESSION_ERROR_TYPE,           /* "abc" for an int, 31/02 for a date… */
  VT_SESSION_ERROR_READONLY,
  VT_SESSION_ERROR_NOT_RELEVANT,
  VT_SESSION_ERROR_INVALID,        /* required or constraint failed at submission */
} VtSessionError;

typedef struct
{
  char *value;                     /* what is stored */
  char *label;                     /* in the session's language */
  char *image;                     /* the picture's file (itext image form), or NULL */
  char *audio;                     /* the author's recording of the label (itext audio form), or NULL */
} VtChoice;

/* One question as a page shows it, a snapshot: labels in the session's
 * language with <output> values filled in. */
typedef struct
{
  VtControlKind  kind;
  VtDataType     type;
  char          *path;             /* instance path with positions: /data/member[2]/age */
  char          *label;
  char          *hint;
  char          *guidance;
  char          *appearance;       /* "field-list", "minimal", "numbers"… or NULL */
  char          *value;            /* current answer, "" when none */
  char          *display_value;    /* the answer for people: choice labels, a localised date */
  gboolean       required;
  gboolean       readonly;
  GPtrArray     *choices;          /* VtChoice *, for select1/select/rank; NULL otherwise */
  gboolean       rank;             /* odk:rank (a VT_CONTROL_SELECT): the answer orders every choice */
  double         range_start;
  double         range_end;
  double         range_step;
  char          *mediatype;        /* upload: its mediatype attribute as written */
  /* The form's own media for the label (itext image, big-image and audio
   * forms): files that exist, or NULL; a missing file is logged once. */
  char          *image;
  char          *big_image;
  char          *audio;
  /* label and hint as read aloud: <output> values (answers, or what is
   * computed from them) left out, so a kiosk never speaks them. */
  char          *spoken_label;
  char          *spoken_hint;
  char          *constraint;       /* the bind's constraint as written, or NULL */
  int            max_pixels;       /* upload: orx:max-pixels, 0 when the form sets none */
} VtQuestion;

typedef enum
{
  VT_PAGE_QUESTIONS,               /* one control, or one field-list group */
  VT_PAGE_REPEAT_PROMPT,           /* "add another <label>?" for a repeat without jr:count */
} VtPageKind;

typedef struct
{
  VtPageKind     kind;
  char          *id;               /* stable while the session lives: use it to come back */
  char          *group_label;      /* the enclosing group's label, or NULL */
  GPtrArray     *questions;        /* VtQuestion * */
  /* VT_PAGE_REPEAT_PROMPT only */
  char          *repeat_path;      /* /data/member, without a position */
  char          *repeat_label;
  guint          repeat_count;     /* instances so far */
  gboolean       repeat_can_add;   /* FALSE with jr:noAddRemove or jr:count */
  /* VT_PAGE_QUESTIONS inside a repeat instance (the innermost): which one
   * of how many ("Person 2 of 3"), and the first text answered in it (a
   * name, typed earlier), or NULL.  0 and 0 outside repeats. */
  guint          instance_position;
  guint          instance_count;
  char          *instance_name;
} VtPage;

typedef struct
{
  char *path;
  char *message;                   /* in the session's language, jr:constraintMsg when the form has one */
} VtValidationError;

typedef struct _VtSession VtSession;
/* A file an answer names (vt-submission.h). */
typedef struct _VtAttachment VtAttachment;

GQuark        vt_session_error_quark        (void);

VtSession    *vt_session_new                (VtForm       *form,
                                             const char   *language,   /* NULL = the form's default */
                                             GError      **error);
void          vt_session_free               (VtSession    *self);
VtForm       *vt_session_get_form           (VtSession    *self);

const char   *vt_session_get_language       (VtSession    *self);
void          vt_session_set_language       (VtSession    *self,
                                             const char   *language);   /* answers are kept */

/* Converts and checks value against the bind's type, stores it, and
 * recomputes what depends on it.  "" clears the answer.  select: values
 * separated by spaces.  Stored forms: int "42", decimal "1.75" ("1,75"
 * accepted), date "2024-03-31", time "14:30:00.000-03:00", dateTime
 * "2024-03-31T14:30:00.000-03:00".  Errors: NO_SUCH_NODE, TYPE (message
 * quotes the input and says how to write it), READONLY (readonly, a note or
 * a calculate), NOT_RELEVANT.  Values that become non-relevant are cleared
 * (Enketo's behaviour). */
gboolean      vt_session_set_answer         (VtSession    *self,
                                             const char   *path,
                                             const char   *value,
                                             GError      **error);
char         *vt_session_dup_answer         (VtSession    *self,
                                             const char   *path);

/* Repeats: add returns the new instance's path (/data/member[3]). */
char         *vt_session_add_repeat         (VtSession    *self,
                                             const char   *repeat_path,
                                             GError      **error);
gboolean      vt_session_remove_repeat      (VtSession    *self,
                                             const char   *instance_path,
                                             GError      **error);

/* Pages: recomputed from relevance and repeats on each call.  A page per
 * relevant control, one per field-list group (or field-list repeat
 * instance), and a VT_PAGE_REPEAT_PROMPT after the instances of each repeat
 * a person may grow (no jr:count, no jr:noAddRemove).  validate_* return
 * required and constraint failures of relevant questions (constraints are
 * not checked on empty answers, as in ODK). */
GPtrArray    *vt_session_get_pages          (VtSession    *self);       /* VtPage *, owned by the caller */
/* The pages one at a time, for a kiosk that shows one: which pages there
 * are is kept until an answer shows or hides something or a repeat
 * instance comes or goes, and only the page asked for is built, with its
 * labels, choices and values as they are now (a form of a thousand
 * questions is not built whole at each Continue). */
guint         vt_session_get_n_pages        (VtSession    *self);
int           vt_session_find_page          (VtSession    *self,
                                             const char   *id);         /* its index, -1 when not shown now */
const char   *vt_session_get_page_id        (VtSession    *self,
                                             guint         index);      /* valid until the session changes */
VtPage       *vt_session_get_page           (VtSession    *self,
                                             guint         index);      /* owned by the caller; NULL past the end */
int           vt_session_find_page_of       (VtSession    *self,
                                             const char   *path);       /* the first page asking the question at
                                                                         * path or one under it (a repeat
                                                                         * instance's), or -1 */
GPtrArray    *vt_session_validate_page      (VtSession    *self,
                                             const VtPage *page);       /* VtValidationError *, empty when fine */
GPtrArray    *vt_session_validate_all       (VtSession    *self);

/* Uploads: the answer at path becomes filename, the bytes go with the
 * submission as an attachment. */
gboolean      vt_session_set_attachment     (VtSession    *self,
                                             const char   *path,
                                             const char   *filename,
                                             const char   *content_type,
                                             GBytes       *bytes,
                                             GError      **error);
/* The same for any VtAttachment (a file to stream from): the session
 * takes it.  The answer becomes its base name. */
gboolean      vt_session_add_attachment     (VtSession    *self,
                                             const char   *path,
                                             VtAttachment *attachment,
                                             GError      **error);
/* Does the question at path take a file (an upload)?  Its mediatype as
 * written (may be NULL) in *mediatype. */
gboolean      vt_session_takes_file         (VtSession    *self,
                                             const char   *path,
                                             const char  **mediatype);
/* The file the answer at path names, or NULL; owned by the session. */
const VtAttachment *vt_session_get_attachment (VtSession *self,
                                             const char   *path);
GPtrArray    *vt_session_get_attachments    (VtSession    *self);       /* VtAttachment *, see vt-submission.h;
                                                                         * a new array the caller unrefs */

/* Applies answers given by instance path, as ANSWERS.json and drafts hold
 * them ({"/data/name": "Ana", "/data/household/member[2]/age": "7"}), in
 * the order they were written.  A path naming a repeat instance the
 * session does not have yet adds it (and those before it).  A value is a
 * string, a number or null (no answer); an uploaded file is an object
 * {"value": "photo.jpg", "contentType": "image/jpeg", "data": base64}.
 * Returns a VtValidationError * for each answer that could not be set, in
 * order (empty when all were); the others stand. */
GPtrArray    *vt_session_apply_answers      (VtSession    *self,
                                             JsonObject   *answers);

/* Forget every answer (the idle guard, "Finish"). */
void          vt_session_wipe               (VtSession    *self);

/* FALSE when the node at path, or a group around it, is not relevant now. */
gboolean      vt_session_is_relevant        (VtSession    *self,
                                             const char   *path);
/* The instanceID this session's submission will carry: "uuid:…". */
const char   *vt_session_get_instance_id    (VtSession    *self);
/* Fix the clock (tests, benchmarks): now(), today(), timestamps. NULL = real time. */
void          vt_session_set_now            (VtSession    *self,
                                             GDateTime    *now);
/* Re-evaluates every calculate, relevant and jr:count of the form, as at
 * load; the baseline the incremental recompute is measured against. */
void          vt_session_recompute_all      (VtSession    *self);
/* How many expressions the session has evaluated so far (tests, benchmarks). */
guint64       vt_session_get_evaluation_count (VtSession  *self);
/* The number of instances of a repeat under the parent named in path
 * (/data/hh[2]/member); 0 when there are none. */
guint         vt_session_count_repeat       (VtSession    *self,
                                             const char   *repeat_path);

void          vt_question_free              (VtQuestion   *question);
void          vt_page_free                  (VtPage       *page);
void          vt_validation_error_free      (VtValidationError *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtSession, vt_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtPage, vt_page_free)

G_END_DECLS
