#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

/* An ODK XForm, parsed and checked once at load; immutable and shared
 * (reference counted) by every session that fills it. */

#define VT_FORM_ERROR (vt_form_error_quark ())

typedef enum
{
  VT_FORM_ERROR_XML,               /* not well-formed XML */
  VT_FORM_ERROR_STRUCTURE,         /* no model, no instance, no root id… */
  VT_FORM_ERROR_BIND,              /* a bind to a node that does not exist, bad type */
  VT_FORM_ERROR_EXPRESSION,        /* a syntax error or unknown function in an expression */
  VT_FORM_ERROR_CYCLE,             /* calculates/relevance depend on each other */
  VT_FORM_ERROR_UNSUPPORTED,       /* a feature outside the kiosk's scope, by name */
} VtFormError;

typedef enum
{
  VT_CONTROL_INPUT,
  VT_CONTROL_SELECT1,
  VT_CONTROL_SELECT,
  VT_CONTROL_RANGE,
  VT_CONTROL_TRIGGER,
  VT_CONTROL_UPLOAD,
  VT_CONTROL_NOTE,                 /* a read-only input: text to read, nothing to answer */
  VT_CONTROL_GROUP,
  VT_CONTROL_REPEAT,
} VtControlKind;

typedef enum
{
  VT_DATA_STRING,
  VT_DATA_INT,
  VT_DATA_DECIMAL,
  VT_DATA_DATE,
  VT_DATA_TIME,
  VT_DATA_DATETIME,
  VT_DATA_SELECT1,
  VT_DATA_SELECT,
  VT_DATA_BOOLEAN,
  VT_DATA_BINARY,                  /* an uploaded file: the value is its name */
  VT_DATA_GEOPOINT,                /* "lat lon alt acc" */
  VT_DATA_GEOTRACE,                /* geopoints separated by ";" */
  VT_DATA_GEOSHAPE,                /* the same, the last the first again */
  VT_DATA_BARCODE,
  VT_DATA_OTHER,
} VtDataType;

typedef struct _VtForm VtForm;

GQuark        vt_form_error_quark            (void);

VtForm       *vt_form_load_file              (const char   *path,
                                              GError      **error);
VtForm       *vt_form_load_data              (const char   *xml,
                                              gssize        length,
                                              const char   *display_name,
                                              GError      **error);
VtForm       *vt_form_ref                    (VtForm       *self);
void          vt_form_unref                  (VtForm       *self);

const char   *vt_form_get_id                 (VtForm       *self);
const char   *vt_form_get_version            (VtForm       *self);   /* "" when the form has none */
const char   *vt_form_get_xml                (VtForm       *self);   /* the bytes it was loaded from */
char         *vt_form_dup_md5                (VtForm       *self);   /* "md5:<hex>" as formList says */
guint         vt_form_count_controls         (VtForm       *self);
/* What the form asks for that is not there and was ignored (a bind or
 * setvalue naming no node), as ODK's engines do; NULL-terminated. */
const char * const *vt_form_get_warnings     (VtForm       *self);

/* itext languages as the form names them ("Español (es)"), the default
 * first; empty when the form has no translations. */
const char * const *vt_form_get_languages    (VtForm       *self);
const char   *vt_form_get_default_language   (VtForm       *self);
/* The form's language for a UI locale or code ("es", "pt_BR", "Español (es)"),
 * falling back to the default. */
const char   *vt_form_match_language         (VtForm       *self,
                                              const char   *locale_or_name);
/* Extension: the same match without the fallback; NULL when no language fits. */
const char   *vt_form_find_language          (VtForm       *self,
                                              const char   *locale_or_name);

/* The catalogue's words for the service in a language: h:title unless the
 * form has itext entries "vt-title", "vt-description", "vt-category". */
char         *vt_form_dup_title              (VtForm       *self,
                                              const char   *language);
char         *vt_form_dup_description        (VtForm       *self,
                                              const char   *language);
char         *vt_form_dup_category           (VtForm       *self,
                                              const char   *language);

/* Extension: as vt_form_load_data(), with the form's media files (and
 * external instances) in media_dir. */
VtForm       *vt_form_load_data_with_media   (const char   *xml,
                                              gssize        length,
                                              const char   *display_name,
                                              const char   *media_dir,
                                              GError      **error);
/* The same, with CSV external instances built first from lists, file name
 * -> VtEntityList * (vt-entities.h): a stored form's entity lists with this
 * kiosk's own changes, already parsed (vt_entities_dup_form_lists()).  The
 * form keeps a reference to lists while it loads, not after. */
VtForm       *vt_form_load_data_with_lists   (const char   *xml,
                                              gssize        length,
                                              const char   *display_name,
                                              const char   *media_dir,
                                              GHashTable   *lists,
                                              GError      **error);
/* Extension: the file a jr:// media URI names, or NULL when it is not with
 * the form (logged once per file name). */
char         *vt_form_find_media_file        (VtForm       *self,
                                              const char   *uri);

/* Extension: TRUE when the form has <submission base64RsaPublicKey>; its
 * submissions are then encrypted as ODK specifies (see vt-submission.h). */
gboolean      vt_form_is_encrypted           (VtForm       *self);

/* jr://file/... media the form needs (external instances, images). */
const char * const *vt_form_get_media        (VtForm       *self);

/* The value of <submission base64RsaPublicKey="…"/> in the model (checked at
 * load to be a usable RSA key), or NULL when the form's submissions are not
 * encrypted.  vt_submission_new_from_session() encrypts with it. */
const char   *vt_form_get_public_key         (VtForm       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtForm, vt_form_unref)

G_END_DECLS
