#pragma once

#include <gio/gio.h>

#include "vt-config.h"
#include "vt-submission.h"

G_BEGIN_DECLS

#define VT_OPENROSA_ERROR (vt_openrosa_error_quark ())

/* Why a request did not succeed.  The sync worker decides what to do from
 * the outcome of a submission (VtOpenRosaOutcome); these codes say why, so
 * the clerk's status line can name the cause. */
typedef enum
{
  VT_OPENROSA_ERROR_NOT_CONFIGURED,  /* no [server] url */
  VT_OPENROSA_ERROR_NETWORK,         /* cannot connect, reset, no answer */
  VT_OPENROSA_ERROR_TIMEOUT,         /* connect or stall timeout */
  VT_OPENROSA_ERROR_TLS,             /* certificate not trusted, pin mismatch */
  VT_OPENROSA_ERROR_AUTH,            /* 401 / 403 */
  VT_OPENROSA_ERROR_NOT_OPENROSA,    /* something else answered: a captive portal, a proxy */
  VT_OPENROSA_ERROR_TOO_LARGE,       /* the answer exceeded what the kiosk accepts */
  VT_OPENROSA_ERROR_SERVER,          /* 5xx, 408, 429 */
  VT_OPENROSA_ERROR_REJECTED,        /* a 4xx that will not change by retrying */
  VT_OPENROSA_ERROR_CONFLICT,        /* 409: different XML under the same instanceID */
  VT_OPENROSA_ERROR_HASH,            /* a downloaded file does not match its hash */
  VT_OPENROSA_ERROR_PARSE,           /* a form list or manifest that is not one */
  VT_OPENROSA_ERROR_CANCELLED,
  VT_OPENROSA_ERROR_ATTACHMENT,      /* an attachment could not be read from the kiosk's disk */
  VT_OPENROSA_ERROR_UNSAFE_URL,      /* an address the kiosk does not follow: another scheme,
                                      * http from an https server, no hash from another server */
} VtOpenRosaError;

/* What the sync worker must do with a submission after one attempt. */
typedef enum
{
  VT_OPENROSA_OUTCOME_SENT,      /* 201/202 with an OpenRosaResponse: delivered */
  VT_OPENROSA_OUTCOME_RETRY,     /* 408/429/5xx, network, TLS, captive portal: try later */
  VT_OPENROSA_OUTCOME_AUTH,      /* 401/403: pause, the clerk must fix credentials */
  VT_OPENROSA_OUTCOME_REJECTED,  /* 409, 413, other 4xx: keep for a clerk */
} VtOpenRosaOutcome;

typedef struct
{
  VtOpenRosaOutcome  outcome;
  VtOpenRosaError    error_code;    /* meaningful unless outcome is SENT */
  int                http_status;   /* 0 when no HTTP answer arrived */
  double             retry_after;   /* seconds the server asked us to wait, or -1 */
  char              *message;       /* the server's message, or words for a clerk */
  char              *response;      /* the server's body (bounded), or NULL */
} VtOpenRosaReply;

/* One form of the server's form list. */
typedef struct
{
  char *form_id;
  char *name;
  char *version;          /* may be empty (ODK Central) */
  char *hash;             /* "md5:<hex>" of the form XML */
  char *download_url;
  char *manifest_url;     /* NULL when the form has no attachments */
} VtOpenRosaFormInfo;

typedef struct
{
  char   *filename;
  char   *hash;           /* "md5:<hex>" */
  char   *download_url;
  GBytes *bytes;          /* NULL until downloaded */
} VtOpenRosaMediaFile;

/* A downloaded form whose XML and media matched their hashes. */
typedef struct
{
  VtOpenRosaFormInfo *info;
  GBytes             *xml;
  GPtrArray          *media;   /* VtOpenRosaMediaFile * */
} VtOpenRosaForm;

/* The probe's answer. */
typedef struct
{
  gboolean online;
  gint64   accept_content_length;  /* X-OpenRosa-Accept-Content-Length, or 0 */
} VtOpenRosaProbe;

typedef struct _VtOpenRosa VtOpenRosa;

GQuark              vt_openrosa_error_quark        (void);

/* A client for one server.  It keeps its connections open between requests
 * (keep-alive) and is used from one thread at a time.  The password is read
 * from the config's password file here and is never logged. */
VtOpenRosa         *vt_openrosa_new                (VtConfig            *config,
                                                    GError             **error);
void                vt_openrosa_free               (VtOpenRosa          *self);

/* Tests and the benchmark shorten the timeouts; a kiosk keeps the defaults. */
/* connect: to open a connection; stall: with no byte moving (measured by
 * libcurl over a few seconds); total: for one whole request. */
void                vt_openrosa_set_timeouts       (VtOpenRosa          *self,
                                                    double               connect_seconds,
                                                    double               stall_seconds,
                                                    double               total_seconds);
/* How many submissions go out at once (connections kept open). */
void                vt_openrosa_set_parallel       (VtOpenRosa          *self,
                                                    guint                parallel);

/* HEAD <url>/submission must answer 204 with X-OpenRosa-Version; anything
 * else (a captive portal's 200 page) means not online.  Returns FALSE with
 * an error when not online. */
gboolean            vt_openrosa_probe              (VtOpenRosa          *self,
                                                    VtOpenRosaProbe     *probe,
                                                    GCancellable        *cancellable,
                                                    GError             **error);

/* Sends each submission (multipart, xml_submission_file plus attachments,
 * split into several POSTs repeating the XML when the server's accepted
 * length asks for it), up to the parallel count at once.  Always returns
 * one reply per submission, in order. */
GPtrArray          *vt_openrosa_submit_batch       (VtOpenRosa          *self,
                                                    VtSubmission       **submissions,
                                                    guint                n_submissions,
                                                    GCancellable        *cancellable);
/* The same as a stream: next() hands over the next submission (NULL: no
 * more), done() receives each with its reply (owned by done) as soon as it
 * is answered, so a caller can claim and mark as it goes while every
 * connection stays busy.  Both run in the calling thread. */
typedef VtSubmission *(*VtOpenRosaNextFunc) (gpointer          user_data);
typedef void          (*VtOpenRosaDoneFunc) (VtSubmission     *submission,
                                             VtOpenRosaReply  *reply,
                                             gpointer          user_data);
void                vt_openrosa_submit_stream      (VtOpenRosa          *self,
                                                    VtOpenRosaNextFunc   next,
                                                    VtOpenRosaDoneFunc   done,
                                                    gpointer             user_data,
                                                    GCancellable        *cancellable);
VtOpenRosaReply    *vt_openrosa_submit             (VtOpenRosa          *self,
                                                    VtSubmission        *submission,
                                                    GCancellable        *cancellable);

/* The form list: VtOpenRosaFormInfo * elements. */
GPtrArray          *vt_openrosa_list_forms         (VtOpenRosa          *self,
                                                    GCancellable        *cancellable,
                                                    GError             **error);
/* Downloads the form and its media, checking each against its hash. */
VtOpenRosaForm     *vt_openrosa_download_form      (VtOpenRosa          *self,
                                                    VtOpenRosaFormInfo  *info,
                                                    GCancellable        *cancellable,
                                                    GError             **error);

/* Parsers, public for tests. */
GPtrArray          *vt_openrosa_parse_form_list    (const char          *xml,
                                                    gsize                length,
                                                    GError             **error);
GPtrArray          *vt_openrosa_parse_manifest     (const char          *xml,
                                                    gsize                length,
                                                    GError             **error);
char               *vt_openrosa_parse_response_message (const char      *xml,
                                                        gsize            length,
                                                        gboolean        *is_openrosa);
/* Retry-After: delta seconds or an HTTP date; -1 when absent or unreadable. */
double              vt_openrosa_parse_retry_after  (const char          *value,
                                                    GDateTime           *now);
/* A URL safe to print: any /key/<token>/ segment and userinfo hidden. */
char               *vt_openrosa_redact_url         (const char          *url);

void                vt_openrosa_reply_free         (VtOpenRosaReply     *reply);
void                vt_openrosa_form_info_free     (VtOpenRosaFormInfo  *info);
VtOpenRosaFormInfo *vt_openrosa_form_info_copy     (const VtOpenRosaFormInfo *info);
void                vt_openrosa_media_file_free    (VtOpenRosaMediaFile *file);
void                vt_openrosa_form_free          (VtOpenRosaForm      *form);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtOpenRosa, vt_openrosa_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtOpenRosaReply, vt_openrosa_reply_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtOpenRosaFormInfo, vt_openrosa_form_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtOpenRosaForm, vt_openrosa_form_free)

G_END_DECLS
