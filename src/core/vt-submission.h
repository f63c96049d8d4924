#pragma once

#include <glib.h>

#include "vt-session.h"

G_BEGIN_DECLS

typedef struct
{
  char   *name;                    /* the file name the XML references */
  char   *content_type;
  GBytes *bytes;
} VtAttachment;

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
void          vt_attachment_free             (VtAttachment  *self);
/* A plain file name, safe to become a file on a disk: not empty, at most
 * 255 bytes of UTF-8, no directory separator (/ or \\), no control
 * character, and not hidden or a directory (no leading dot).  An
 * attachment's name, a bundle's part and a form's media file are one. */
gboolean      vt_attachment_name_is_valid    (const char    *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtSubmission, vt_submission_free)

G_END_DECLS
