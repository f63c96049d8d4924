#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What an ODK upload question accepts, and what a file really is.
 *
 * A question's mediatype names a kind of file with a star after the slash
 * (image, audio, video, application, or a star alone for any) or one
 * exact type such as "application/pdf".  The kiosk
 * takes only a few well-known kinds of file whatever the question says
 * (JPEG and PNG pictures, PDF documents, Ogg, MP3, WAV and M4A sound, MP4
 * video): nothing that could run, nothing a server's viewer cannot show.
 * A file's kind is read from its first bytes (GIO's shared-mime-info
 * sniffing), never from its name. */

typedef enum
{
  VT_MEDIA_KIND_NONE  = 0,
  VT_MEDIA_KIND_IMAGE = 1 << 0,
  VT_MEDIA_KIND_PDF   = 1 << 1,
  VT_MEDIA_KIND_AUDIO = 1 << 2,
  VT_MEDIA_KIND_VIDEO = 1 << 3,
} VtMediaKind;

/* The kinds of file a question with this mediatype takes (NULL or "" is
 * any picture, ODK's default for an upload). */
VtMediaKind  vt_media_type_accepted_kinds  (const char   *mediatype);
/* The kind of one of the kiosk's content types, NONE for anything else. */
VtMediaKind  vt_media_type_kind            (const char   *content_type);
/* Does a question with this mediatype take a file of content_type? */
gboolean     vt_media_type_accepts         (const char   *mediatype,
                                            const char   *content_type);
/* The content type of a file from its first bytes (at least 4 KiB where
 * the file has them), as one of the kiosk's types ("image/jpeg",
 * "image/png", "application/pdf", "audio/ogg", "audio/mpeg", "audio/wav",
 * "audio/mp4", "video/mp4"), or NULL when it is none of them. */
const char  *vt_media_type_sniff           (const guint8 *data,
                                            gsize         length);
/* A guess from the name alone, for listing files before reading them;
 * NULL when the extension is none of the kiosk's types. */
const char  *vt_media_type_from_name       (const char   *filename);
/* "jpg", "png", "pdf", "ogg" ... for a file name; "bin" otherwise. */
const char  *vt_media_type_extension       (const char   *content_type);
/* The name an answer's file travels under: the question's name and the
 * time, as ODK Collect does ("photo-20240331-142501.jpg"); unique within
 * a submission for different questions. */
char        *vt_media_type_file_name       (const char   *question_path,
                                            const char   *content_type,
                                            GDateTime    *when);

G_END_DECLS
