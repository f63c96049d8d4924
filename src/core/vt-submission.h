#pragma once

#include <gio/gio.h>

#include "vt-session.h"

G_BEGIN_DECLS

/* Opens an attachment's content for reading, from wherever it lives (a
 * file, a row of the store). */
typedef GInputStream *(*VtAttachmentOpenFunc) (gpointer       data,
                                               GError       **error);

/* A file that goes with a submission.  Its content is either in memory
 * (bytes), or read when it is needed through open (a file given to
 * ventanilla-ctl, a row of the store): big files are streamed into the
 * store and from it to the server, never held whole in memory. */
struct _VtAttachment
{
  char                 *name;      /* the file name the XML references */
  char                 *content_type;
  GBytes               *bytes;     /* or NULL: then size and open */
  gint64                size;      /* of the content when bytes is NULL */
  VtAttachmentOpenFunc  open;
  gpointer              open_data;
  GBoxedCopyFunc        open_data_ref;
  GDestroyNotify        open_data_unref;
};

typedef struct
{
  char      *instance_id;          /* "uuid:…" */
  char      *form_id;
  char      *form_version;
  char      *xml;                  /* UTF-8 OpenRosa submission, as it will be sent */
  GPtrArray *attachments;          /* VtAttachment * */
  /* TRUE for a form with base64RsaPublicKey: xml is then the ODK manifest
   * (<data encrypted="yes">) and attachments are the ciphertexts, each
   * medium's "<name>.enc" and last "submission.xml.enc". */
  gboolean   encrypted;
} VtSubmission;

/* Validates every relevant question, then serialises the primary instance:
 * non-relevant nodes and repeat templates removed, meta/instanceID set once
 * (a second call gives the same instanceID), timeStart/timeEnd filled.
 * When the form is encrypted (vt_form_is_encrypted(), vt_form_get_public_key())
 * the result is ODK's envelope instead: xml is the manifest
 * (<data encrypted="yes">), attachments are each file as "<name>.enc" and
 * then "submission.xml.enc", and encrypted is TRUE.  A fresh key each call:
 * call it once and queue what it returns, so that a re-send is
 * byte-identical.
 * Errors: VT_SESSION_ERROR_INVALID (answers), VT_ENCRYPTION_ERROR (sealing). */
VtSubmission *vt_submission_new_from_session (VtSession     *session,
                                              GError       **error);
void          vt_submission_free             (VtSubmission  *self);
/* An attachment held in memory. */
VtAttachment *vt_attachment_new              (const char    *name,
                                              const char    *content_type,
                                              GBytes        *bytes);
/* An attachment read from a file when it is stored (its size is read now). */
VtAttachment *vt_attachment_new_for_file     (const char    *name,
                                              const char    *content_type,
                                              GFile         *file,
                                              GError       **error);
/* An attachment read through open(open_data) when needed. */
VtAttachment *vt_attachment_new_for_stream   (const char           *name,
                                              const char           *content_type,
                                              gint64                size,
                                              VtAttachmentOpenFunc  open,
                                              gpointer              open_data,
                                              GBoxedCopyFunc        open_data_ref,
                                              GDestroyNotify        open_data_unref);
VtAttachment *vt_attachment_copy             (const VtAttachment *self);
gint64        vt_attachment_get_size         (const VtAttachment *self);
/* A stream of the content from its start; the caller closes it. */
GInputStream *vt_attachment_open             (const VtAttachment *self,
                                              GError       **error);
/* The whole content in memory (a bundle, an encrypted copy): use only
 * where the content must be whole at once. */
GBytes       *vt_attachment_read_all         (const VtAttachment *self,
                                              GError       **error);
void          vt_attachment_free             (VtAttachment  *self);
/* A plain file name, safe to become a file on a disk: not empty, at most
 * 255 bytes of UTF-8, no directory separator (/ or \\), no control
 * character, and not hidden or a directory (no leading dot).  An
 * attachment's name, a bundle's part and a form's media file are one. */
gboolean      vt_attachment_name_is_valid    (const char    *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtSubmission, vt_submission_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtAttachment, vt_attachment_free)

G_END_DECLS
