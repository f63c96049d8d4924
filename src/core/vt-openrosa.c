/* The OpenRosa client (libcurl): connections kept open, the probe, form
 * list and downloads, and submissions streamed over parallel connections,
 * each answer classified into what the sync worker must do. */
#define G_LOG_DOMAIN "vt-openrosa"

#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n.h>
#include <string.h>

#include "vt-openrosa-private.h"

G_DEFINE_QUARK (vt-openrosa-error-quark, vt_openrosa_error)

/* Every buffer a server can grow has a ceiling: a misbehaving server or a
 * portal streaming a video must not exhaust a kiosk's memory. */
#define MAX_REPLY_BYTES        (1 * 1024 * 1024)
#define MAX_FORM_LIST_BYTES    (8 * 1024 * 1024)
#define MAX_FORM_BYTES         (16 * 1024 * 1024)
#define MAX_MEDIA_BYTES        (64 * 1024 * 1024)
#define MAX_MANIFEST_BYTES     (2 * 1024 * 1024)
#define MAX_HEADER_VALUE       1024
/* Answers up to this size are remembered, so the next identical one is not
 * parsed again (read_answer()). */
#define MAX_REMEMBERED_ANSWER  4096
/* OpenRosa's default when a server does not say what it accepts. */
#define DEFAULT_ACCEPT_LENGTH  (10 * 1000 * 1000)

/* Where a request goes: the configured server's scheme, host and port are
 * the only ones that get the kiosk's credentials. */
typedef struct
{
  char *scheme;             /* lower case: "https" or "http" */
  char *host;               /* lower case */
  int   port;               /* the scheme's default when the address names none */
} Origin;

struct _VtOpenRosa
{
  char      *base_url;
  Origin     origin;        /* of base_url */
  const char *protocols;    /* for libcurl: "https", or "http,https" with allow-http */
  char      *username;
  char      *password;
  char      *ca_file;
  char      *pinned_public_key;
  long       connect_timeout_ms;
  long       stall_seconds;
  long       total_timeout_ms;
  guint      parallel;
  gboolean   use_digest;    /* learned from a server's Digest challenge */
  gint64     accept_length;
  CURLM     *multi;         /* its connection cache keeps connections alive */
  GPtrArray *idle_easies;   /* CURL *, reused so TLS sessions and settings persist */
  GPtrArray *idle_posters;  /* Poster *, last used for a submission and still set up for one */
  gint64     date_second;   /* the second date_header names */
  char      *date_header;   /* "Date: ...", formatted once a second, not per request */
  /* The last answer to a submission and what was read from it. */
  GBytes    *answer_body;
  char      *answer_message;
  gboolean   answer_is_openrosa;
};

/* A handle set up for submission POSTs (a Poster) keeps a multipart body
 * for a submission that is its XML alone (most are): the body stays the
 * handle's CURLOPT_MIMEPOST, and only its part's data changes from one
 * submission to the next.  A new body per submission cost each one a
 * random boundary (from OpenSSL's generator) and its setting up.  The body is never detached while kept: libcurl
 * 7.88 does not rewind a body that is attached again after it was sent,
 * and would send nothing.  So whatever detaches it (a body with
 * attachments, a reset for another kind of request) frees it. */
typedef struct
{
  curl_mime     *mime;       /* NULL until an XML-only submission needs it */
  curl_mimepart *xml;        /* its only part, xml_submission_file */
} KeptBody;

typedef struct
{
  CURL          *easy;
  KeptBody       kept;
} Poster;

static void
kept_body_drop (KeptBody *kept)
{
  /* Freeing a body detaches it from its handle. */
  g_clear_pointer (&kept->mime, curl_mime_free);
  kept->xml = NULL;
}

static void
poster_free (Poster *p)
{
  kept_body_drop (&p->kept);
  curl_easy_cleanup (p->easy);
  g_free (p);
}

/* The handle, for any other kind of request (it is reset before use). */
static CURL *
poster_steal_easy (Poster *p)
{
  CURL *easy = p->easy;

  kept_body_drop (&p->kept);
  g_free (p);
  return easy;
}

typedef struct
{
  VtOpenRosa        *client;
  gpointer           job;
  CURL              *easy;
  KeptBody           kept;         /* posting: the handle's, goes back with it */
  char              *url;
  GByteArray        *body;
  gsize              max_body;
  gboolean           overflow;
  gboolean           is_head;
  gboolean           retried_digest;
  gboolean           credentials;  /* the request goes to the configured server */
  gboolean           posting;      /* a submission POST: its easy goes back to idle_posters */
  curl_mime         *mime;         /* a body of this transfer alone (with attachments) */
  GError            *part_error;   /* an attachment that could not be read whole */
  struct curl_slist *headers;
  char              *h_openrosa_version;
  char              *h_accept_length;
  char              *h_retry_after;
  char              *h_content_type;
  CURLcode           result;
  long               status;
  char               errbuf[CURL_ERROR_SIZE];
} Transfer;

static void
global_init (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&once, 1);
    }
}

/* ---- where requests may go ---------------------------------------------- */

static void
origin_clear (Origin *origin)
{
  g_clear_pointer (&origin->scheme, g_free);
  g_clear_pointer (&origin->host, g_free);
}

/* FALSE for anything but an http(s) address with a host; *userinfo says
 * whether it names a user or password. */
static gboolean
origin_parse (const char *url,
              Origin     *origin,
              gboolean   *userinfo)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme, *host;

  /* Parsed only to be looked at: the address itself goes to libcurl as it
   * is, since a Central token must never be re-encoded. */
  uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL) : NULL;
  if (uri == NULL)
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (scheme == NULL || host == NULL || host[0] == '\0' ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    return FALSE;

  origin->scheme = g_ascii_strdown (scheme, -1);
  origin->host = g_ascii_strdown (host, -1);
  origin->port = g_uri_get_port (uri);
  if (origin->port < 0)
    origin->port = g_str_equal (origin->scheme, "https") ? 443 : 80;
  *userinfo = g_uri_get_userinfo (uri) != NULL;
  return TRUE;
}

static gboolean
origin_equal (const Origin *a,
              const Origin *b)
{
  return g_str_equal (a->scheme, b->scheme) && g_str_equal (a->host, b->host) && a->port == b->port;
}

/* Checks an address a server's answer named (a form list's downloadUrl, a
 * manifest's) before anything is sent to it: http(s) only, no user name in
 * it, never http when the server is reached over https, and a file that
 * has no checksum to check it against (allow_other FALSE) only from the
 * configured server.  *credentials: whether the request may carry the
 * kiosk's user name and password, which only the configured server's
 * scheme, host and port get. */
static gboolean
check_url (VtOpenRosa  *self,
           const char  *url,
           const char  *what,
           gboolean     allow_other,
           gboolean    *credentials,
           GError     **error)
{
  g_autofree char *shown = vt_openrosa_redact_url (url);
  Origin origin = { 0 };
  gboolean userinfo = FALSE;
  gboolean ok = FALSE;

  *credentials = FALSE;
  if (!origin_parse (url, &origin, &userinfo))
    g_set_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_UNSAFE_URL,
                 /* Translators: the first %s is "The form X" or "The file Y". */
                 _("%s is at an address the kiosk does not follow (%s); only the server's http and https addresses are used"),
                 what, shown);
  else if (userinfo)
    g_set_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_UNSAFE_URL,
                 _("%s is at an address with a user name or password in it (%s); it was not downloaded"),
                 what, shown);
  else if (g_str_equal (self->origin.scheme, "https") && !g_str_equal (origin.scheme, "https"))
    g_set_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_UNSAFE_URL,
                 _("%s is at an unencrypted address (%s) although the server is reached over https; "
                   "it was not downloaded, so that nothing travels unencrypted"),
                 what, shown);
  else if (origin_equal (&origin, &self->origin))
    {
      *credentials = TRUE;
      ok = TRUE;
    }
  else if (!allow_other)
    g_set_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_UNSAFE_URL,
                 _("%s comes from another server (%s) with no checksum to check it against; it was not downloaded"),
                 what, shown);
  else
    ok = TRUE;

  origin_clear (&origin);
  return ok;
}

/* ---- the client --------------------------------------------------------- */

VtOpenRosa *
vt_openrosa_new (VtConfig  *config,
                 GError   **error)
{
  g_autoptr(VtOpenRosa) self = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  if (config->server_url == NULL)
    {
      g_set_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_NOT_CONFIGURED,
                   _("No server is configured; set [server] url in the configuration file"));
      return NULL;
    }

  global_init ();

  self = g_new0 (VtOpenRosa, 1);
  self->base_url = g_strdup (config->server_url);
  while (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';
  {
    gboolean userinfo = FALSE;
    g_autofree char *shown = vt_openrosa_redact_url (self->base_url);

    if (!origin_parse (self->base_url, &self->origin, &userinfo) || userinfo)
      {
        g_set_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_NOT_CONFIGURED,
                     _("The server address %s is not an https:// address without a user name in it; "
                       "correct [server] url in the configuration file"),
                     shown);
        return NULL;
      }
    if (!g_str_equal (self->origin.scheme, "https") && !config->allow_http)
      {
        g_set_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_NOT_CONFIGURED,
                     _("The server address %s uses http://, so applications and the password would travel unencrypted; "
                       "use the server's https:// address, or, for a test server on this machine, set [server] allow-http = true"),
                     shown);
        return NULL;
      }
    /* A redirect cannot leave https either. */
    self->protocols = g_str_equal (self->origin.scheme, "https") ? "https" : "http,https";
  }
  self->username = g_strdup (config->username);
  self->ca_file = g_strdup (config->ca_file);
  self->pinned_public_key = g_strdup (config->pinned_public_key);
  self->idle_easies = g_ptr_array_new_with_free_func ((GDestroyNotify) curl_easy_cleanup);
  self->idle_posters = g_ptr_array_new_with_free_func ((GDestroyNotify) poster_free);
  vt_openrosa_set_timeouts (self,
                            config->connect_timeout_seconds > 0 ? config->connect_timeout_seconds : 15,
                            config->stall_timeout_seconds > 0 ? config->stall_timeout_seconds : 60,
                            config->request_timeout_seconds > 0 ? config->request_timeout_seconds : 900);
  self->parallel = CLAMP (config->parallel, 1, 16);
  self->accept_length = DEFAULT_ACCEPT_LENGTH;
  self->multi = curl_multi_init ();
  curl_multi_setopt (self->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long) self->parallel);
  curl_multi_setopt (self->multi, CURLMOPT_MAXCONNECTS, (long) self->parallel + 2);

  if (config->password_file != NULL)
    {
      self->password = vt_config_read_password (config, &local_error);
      if (self->password == NULL)
        {
          g_set_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_NOT_CONFIGURED,
                       "%s", local_error->message);
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

void
vt_openrosa_free (VtOpenRosa *self)
{
  if (self == NULL)
    return;

  /* NULL when vt_openrosa_new() refused the configuration. */
  g_clear_pointer (&self->idle_easies, g_ptr_array_unref);
  g_clear_pointer (&self->idle_posters, g_ptr_array_unref);
  g_free (self->date_header);
  g_clear_pointer (&self->answer_body, g_bytes_unref);
  g_free (self->answer_message);
  if (self->multi != NULL)
    curl_multi_cleanup (self->multi);
  g_free (self->base_url);
  origin_clear (&self->origin);
  g_free (self->username);
  if (self->password != NULL)
    {
      memset (self->password, 0, strlen (self->password));
      g_free (self->password);
    }
  g_free (self->ca_file);
  g_free (self->pinned_public_key);
  g_free (self);
}

void
vt_openrosa_set_timeouts (VtOpenRosa *self,
                          double      connect_seconds,
                          double      stall_seconds,
                          double      total_seconds)
{
  g_return_if_fail (self != NULL);
  self->connect_timeout_ms = MAX (1, (long) (connect_seconds * 1000));
  self->stall_seconds = MAX (1, (long) (stall_seconds + 0.999));
  self->total_timeout_ms = MAX (1, (long) (total_seconds * 1000));
  /* Handles set up with the old timeouts start again from a reset. */
  while (self->idle_posters->len > 0)
    g_ptr_array_add (self->idle_easies, poster_steal_easy (g_ptr_array_steal_index_fast (self->idle_posters, 0)));
}

void
vt_openrosa_set_parallel (VtOpenRosa *self,
                          guint       parallel)
{
  g_return_if_fail (self != NULL);
  self->parallel = CLAMP (parallel, 1, 16);
  curl_multi_setopt (self->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long) self->parallel);
  curl_multi_setopt (self->multi, CURLMOPT_MAXCONNECTS, (long) self->parallel + 2);
}

static size_t
write_cb (char   *ptr,
          size_t  size,
          size_t  nmemb,
          void   *data)
{
  Transfer *t = data;
  gsize n = size * nmemb;

  if (t->body->len + n > t->max_body)
    {
      t->overflow = TRUE;
      return 0;  /* curl aborts with CURLE_WRITE_ERROR */
    }
  g_byte_array_append (t->body, (const guint8 *) ptr, n);
  return n;
}

static void
set_header (char       **slot,
            const char  *value,
            gsize        len)
{
  g_free (*slot);
  *slot = g_strstrip (g_strndup (value, MIN (len, MAX_HEADER_VALUE)));
}

static size_t
header_cb (char   *buffer,
           size_t  size,
           size_t  nitems,
           void   *data)
{
  Transfer *t = data;
  gsize n = size * nitems;
  const char *colon;

  /* A new status line starts a new answer (after a 401 challenge or a 100
   * Continue): forget the headers of the one before. */
  if (n >= 5 && g_ascii_strncasecmp (buffer, "HTTP/", 5) == 0)
    {
      g_clear_pointer (&t->h_openrosa_version, g_free);
      g_clear_pointer (&t->h_accept_length, g_free);
      g_clear_pointer (&t->h_retry_after, g_free);
      g_clear_pointer (&t->h_content_type, g_free);
      g_byte_array_set_size (t->body, 0);
      t->overflow = FALSE;
      return n;
    }

  colon = memchr (buffer, ':', n);
  if (colon == NULL)
    return n;

#define IS_HEADER(name) ((gsize) (colon - buffer) == strlen (name) && \
                         g_ascii_strncasecmp (buffer, name, strlen (name)) == 0)
  if (IS_HEADER ("X-OpenRosa-Version"))
    set_header (&t->h_openrosa_version, colon + 1, n - (colon + 1 - buffer));
  else if (IS_HEADER ("X-OpenRosa-Accept-Content-Length"))
    set_header (&t->h_accept_length, colon + 1, n - (colon + 1 - buffer));
  else if (IS_HEADER ("Retry-After"))
    set_header (&t->h_retry_after, colon + 1, n - (colon + 1 - buffer));
  else if (IS_HEADER ("Content-Type"))
    set_header (&t->h_content_type, colon + 1, n - (colon + 1 - buffer));
#undef IS_HEADER

  return n;
}

static void
apply_auth (VtOpenRosa *self,
            CURL       *easy,
            gboolean    credentials)
{
  /* Never carried along a redirect to another host or port either. */
  curl_easy_setopt (easy, CURLOPT_UNRESTRICTED_AUTH, 0L);
  if (self->username == NULL || !credentials)
    {
      curl_easy_setopt (easy, CURLOPT_USERNAME, NULL);
      curl_easy_setopt (easy, CURLOPT_PASSWORD, NULL);
      curl_easy_setopt (easy, CURLOPT_HTTPAUTH, (long) CURLAUTH_NONE);
      return;
    }

  curl_easy_setopt (easy, CURLOPT_USERNAME, self->username);
  curl_easy_setopt (easy, CURLOPT_PASSWORD, self->password != NULL ? self->password : "");
  /* A single method is sent up front without probing (ODK Central never
   * challenges, it wants Basic in the first request); a server that
   * answers with a Digest challenge switches the client to Digest. */
  curl_easy_setopt (easy, CURLOPT_HTTPAUTH,
                    (long) (self->use_digest ? CURLAUTH_DIGEST : CURLAUTH_BASIC));
}

/* What changes from one request to the next on a handle already set up. */
static void
transfer_set_per_request (Transfer *t)
{
  CURL *easy = t->easy;

  curl_easy_setopt (easy, CURLOPT_URL, t->url);
  curl_easy_setopt (easy, CURLOPT_PRIVATE, t);
  curl_easy_setopt (easy, CURLOPT_HTTPHEADER, t->headers);
  curl_easy_setopt (easy, CURLOPT_WRITEDATA, t);
  curl_easy_setopt (easy, CURLOPT_HEADERDATA, t);
  curl_easy_setopt (easy, CURLOPT_ERRORBUFFER, t->errbuf);
  curl_easy_setopt (easy, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) t->max_body);
  apply_auth (t->client, easy, t->credentials);
}

/* A transfer on a reused handle.  A submission POST takes a handle that
 * the previous POST left set up (libcurl keeps options from one transfer
 * to the next): only what differs per request is set again, where a reset
 * and some thirty options cost each delivered submission more than the
 * rest of its request did.  Any other request starts from a reset, so no
 * option of another kind of request (HEAD, redirects) is carried over. */
static Transfer *
transfer_new (VtOpenRosa *self,
              const char *url,
              gsize       max_body,
              gboolean    posting,
              gboolean    credentials)
{
  Transfer *t = g_new0 (Transfer, 1);
  gint64 second = g_get_real_time () / G_USEC_PER_SEC;
  CURL *easy;

  if (self->date_header == NULL || second != self->date_second)
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (second);
      g_autofree char *date = vt_openrosa_http_date (now);

      g_free (self->date_header);
      self->date_header = g_strconcat ("Date: ", date, NULL);
      self->date_second = second;
    }

  t->client = self;
  t->url = g_strdup (url);
  t->body = g_byte_array_new ();
  t->max_body = max_body;
  t->posting = posting;
  t->credentials = credentials;

  t->headers = curl_slist_append (NULL, "X-OpenRosa-Version: 1.0");
  t->headers = curl_slist_append (t->headers, self->date_header);
  /* Waiting for "100 Continue" costs a round trip per submission for no
   * gain: a refused request costs one small body at most. */
  t->headers = curl_slist_append (t->headers, "Expect:");

  if (posting && self->idle_posters->len > 0)
    {
      Poster *p = g_ptr_array_steal_index_fast (self->idle_posters, self->idle_posters->len - 1);

      t->easy = p->easy;
      t->kept = p->kept;
      g_free (p);
      transfer_set_per_request (t);
      return t;
    }

  if (self->idle_easies->len > 0)
    easy = g_ptr_array_steal_index_fast (self->idle_easies, self->idle_easies->len - 1);
  else if (self->idle_posters->len > 0)
    easy = poster_steal_easy (g_ptr_array_steal_index_fast (self->idle_posters, self->idle_posters->len - 1));
  else
    easy = NULL;
  if (easy != NULL)
    curl_easy_reset (easy);
  else
    easy = curl_easy_init ();
  t->easy = easy;

  curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (easy, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (easy, CURLOPT_USERAGENT, "Ventanilla/" PACKAGE_VERSION);
  curl_easy_setopt (easy, CURLOPT_PROTOCOLS_STR, self->protocols);
  curl_easy_setopt (easy, CURLOPT_REDIR_PROTOCOLS_STR, self->protocols);
  curl_easy_setopt (easy, CURLOPT_CONNECTTIMEOUT_MS, self->connect_timeout_ms);
  curl_easy_setopt (easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (easy, CURLOPT_LOW_SPEED_TIME, self->stall_seconds);
  curl_easy_setopt (easy, CURLOPT_TIMEOUT_MS, self->total_timeout_ms);
  curl_easy_setopt (easy, CURLOPT_TCP_KEEPALIVE, 1L);
  /* TLS verification is never turned off: only more trust (a CA) or less
   * (a pinned key) can be configured.  The proxy comes from the
   * environment (https_proxy, no_proxy), which libcurl reads itself. */
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYHOST, 2L);
  if (self->ca_file != NULL)
    curl_easy_setopt (easy, CURLOPT_CAINFO, self->ca_file);
  if (self->pinned_public_key != NULL)
    curl_easy_setopt (easy, CURLOPT_PINNEDPUBLICKEY, self->pinned_public_key);
  transfer_set_per_request (t);

  return t;
}

static void
transfer_free (Transfer *t)
{
  if (t == NULL)
    return;
  if (t->easy != NULL)
    {
      /* Drop pointers into this transfer before the handle goes back. */
      curl_easy_setopt (t->easy, CURLOPT_HTTPHEADER, NULL);
      curl_easy_setopt (t->easy, CURLOPT_ERRORBUFFER, NULL);
      if (t->mime != NULL)
        curl_easy_setopt (t->easy, CURLOPT_MIMEPOST, NULL);
      if (t->posting)
        {
          Poster *p = g_new (Poster, 1);

          /* A citizen's answers do not stay behind in an idle handle. */
          if (t->kept.xml != NULL)
            curl_mime_data (t->kept.xml, NULL, 0);
          p->easy = t->easy;
          p->kept = t->kept;
          g_ptr_array_add (t->client->idle_posters, p);
        }
      else
        g_ptr_array_add (t->client->idle_easies, t->easy);
    }
  curl_slist_free_all (t->headers);
  curl_mime_free (t->mime);
  g_clear_error (&t->part_error);
  g_byte_array_unref (t->body);
  g_free (t->url);
  g_free (t->h_openrosa_version);
  g_free (t->h_accept_length);
  g_free (t->h_retry_after);
  g_free (t->h_content_type);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Transfer, transfer_free)

/* A 401 with a Digest challenge: switch to Digest and send again, once. */
static gboolean
digest_retry (VtOpenRosa *self,
              Transfer   *t)
{
  long avail = 0;

  if (t->result != CURLE_OK || t->status != 401 || self->username == NULL || !t->credentials ||
      t->retried_digest)
    return FALSE;

  curl_easy_getinfo (t->easy, CURLINFO_HTTPAUTH_AVAIL, &avail);
  if ((avail & CURLAUTH_DIGEST) == 0)
    return FALSE;

  if (!self->use_digest)
    {
      g_debug ("The server asks for Digest authentication; switching to it");
      self->use_digest = TRUE;
    }
  t->retried_digest = TRUE;
  t->result = CURLE_ABORTED_BY_CALLBACK;
  g_byte_array_set_size (t->body, 0);
  apply_auth (self, t->easy, t->credentials);
  curl_multi_add_handle (self->multi, t->easy);
  return TRUE;
}

static void
wakeup_cb (GCancellable *cancellable,
           gpointer      data)
{
  curl_multi_wakeup (data);
}

/* Runs the transfers over the shared multi handle, at most `parallel` at
 * once; connections stay in the multi's cache for the next call. */
static void
run_transfers (VtOpenRosa    *self,
               Transfer     **transfers,
               guint          n,
               GCancellable  *cancellable)
{
  guint next = 0;
  guint running = 0;
  gulong handler = 0;

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (wakeup_cb), self->multi, NULL);

  for (guint i = 0; i < n; i++)
    transfers[i]->result = CURLE_ABORTED_BY_CALLBACK;

  while (next < n || running > 0)
    {
      CURLMsg *msg;
      int still = 0;
      int queued;

      if (g_cancellable_is_cancelled (cancellable))
        break;

      while (next < n && running < self->parallel)
        {
          curl_multi_add_handle (self->multi, transfers[next]->easy);
          next++;
          running++;
        }

      curl_multi_perform (self->multi, &still);

      while ((msg = curl_multi_info_read (self->multi, &queued)) != NULL)
        {
          Transfer *t = NULL;

          if (msg->msg != CURLMSG_DONE)
            continue;
          curl_easy_getinfo (msg->easy_handle, CURLINFO_PRIVATE, (char **) &t);
          g_assert (t != NULL);
          t->result = msg->data.result;
          curl_easy_getinfo (t->easy, CURLINFO_RESPONSE_CODE, &t->status);
          curl_multi_remove_handle (self->multi, t->easy);

          if (digest_retry (self, t))
            continue;
          running--;
        }

      if (running > 0 || next < n)
        curl_multi_poll (self->multi, NULL, 0, 500, NULL);
    }

  /* Cancelled: take the unfinished ones off the multi. */
  for (guint i = 0; i < next; i++)
    curl_multi_remove_handle (self->multi, transfers[i]->easy);

  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);
}

static void
run_one (VtOpenRosa   *self,
         Transfer     *t,
         GCancellable *cancellable)
{
  run_transfers (self, &t, 1, cancellable);
}

static gboolean
is_tls_error (CURLcode code)
{
  switch (code)
    {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Words for a clerk when no HTTP answer came back. */
static void
transport_error (Transfer         *t,
                 GCancellable     *cancellable,
                 VtOpenRosaError  *code,
                 char            **message)
{
  if (g_cancellable_is_cancelled (cancellable))
    {
      *code = VT_OPENROSA_ERROR_CANCELLED;
      *message = g_strdup (_("Stopped before the server answered"));
    }
  else if (t->overflow || t->result == CURLE_FILESIZE_EXCEEDED)
    {
      *code = VT_OPENROSA_ERROR_TOO_LARGE;
      *message = g_strdup_printf (_("The server sent an answer larger than %zu bytes; it may not be an OpenRosa server, or something between is interfering"),
                                  (size_t) t->max_body);
    }
  else if (is_tls_error (t->result))
    {
      *code = VT_OPENROSA_ERROR_TLS;
      *message = t->result == CURLE_SSL_PINNEDPUBKEYNOTMATCH
        ? g_strdup (_("The server's key does not match the pinned key in the configuration; someone may be intercepting the connection, or the server's key changed"))
        : g_strdup_printf (_("The server's certificate is not trusted (%s); check [server] ca-file or the server's certificate"),
                           t->errbuf[0] != '\0' ? t->errbuf : curl_easy_strerror (t->result));
    }
  else if (t->result == CURLE_UNSUPPORTED_PROTOCOL)
    {
      /* Only a redirect can get here: every address was checked before. */
      *code = VT_OPENROSA_ERROR_UNSAFE_URL;
      *message = g_strdup (_("The server redirected the kiosk to an unencrypted or unknown kind of address; "
                             "it was not followed, so nothing was sent there"));
    }
  else if (t->result == CURLE_OPERATION_TIMEDOUT)
    {
      *code = VT_OPENROSA_ERROR_TIMEOUT;
      *message = g_strdup (_("The server did not answer in time; the connection may be slow or down"));
    }
  else
    {
      *code = VT_OPENROSA_ERROR_NETWORK;
      *message = g_strdup_printf (_("Cannot reach the server (%s); check the network connection"),
                                  t->errbuf[0] != '\0' ? t->errbuf : curl_easy_strerror (t->result));
    }
}

static char *
body_text (Transfer *t)
{
  g_autofree char *text = NULL;

  if (t->body->len == 0)
    return NULL;
  text = g_strndup ((const char *) t->body->data, t->body->len);
  if (!g_utf8_validate (text, -1, NULL))
    return g_strdup ("");
  return g_steal_pointer (&text);
}

/* The server's own words, for a clerk: the OpenRosa <message>, else a
 * short plain-text body, else nothing. */
static char *
server_message (Transfer *t,
                gboolean *is_openrosa)
{
  char *message = vt_openrosa_parse_response_message ((const char *) t->body->data,
                                                      t->body->len, is_openrosa);
  g_autofree char *text = NULL;

  if (message != NULL && message[0] != '\0')
    return message;
  g_free (message);

  text = body_text (t);
  if (text == NULL || text[0] == '\0' || strchr (text, '<') != NULL)
    return NULL;
  g_strstrip (text);
  if (g_utf8_strlen (text, -1) > 300)
    {
      char *cut = g_utf8_offset_to_pointer (text, 300);
      *cut = '\0';
    }
  return g_steal_pointer (&text);
}

/* A server answers every delivered submission with the same few hundred
 * bytes (ODK Central: "full submission upload was successful!"), so what
 * an answer says is parsed once and remembered until a different one
 * comes. */
static char *
read_answer (Transfer *t,
             gboolean *is_openrosa)
{
  VtOpenRosa *self = t->client;
  char *message;

  if (self->answer_body != NULL &&
      g_bytes_get_size (self->answer_body) == t->body->len &&
      memcmp (g_bytes_get_data (self->answer_body, NULL), t->body->data, t->body->len) == 0)
    {
      *is_openrosa = self->answer_is_openrosa;
      return g_strdup (self->answer_message);
    }

  message = server_message (t, is_openrosa);
  if (t->body->len <= MAX_REMEMBERED_ANSWER)
    {
      g_clear_pointer (&self->answer_body, g_bytes_unref);
      self->answer_body = g_bytes_new (t->body->data, t->body->len);
      g_free (self->answer_message);
      self->answer_message = g_strdup (message);
      self->answer_is_openrosa = *is_openrosa;
    }
  return message;
}

/* What to tell a clerk when the server refuses the kiosk: in the words of
 * the credentials it has (a Central app user's token lives in the
 * address, /key/…/; a user name comes with a password). */
static char *
auth_refused_message (VtOpenRosa *self)
{
  if (self->username != NULL)
    return g_strdup (_("The server refused the kiosk's user name or password; a clerk must correct them"));
  if (strstr (self->base_url, "/key/") != NULL)
    return g_strdup (_("The server refused the kiosk's app user token (the /key/… part of its server address); "
                       "a clerk must put in the address of an app user that may still submit (in Central: the "
                       "project's App Users)"));
  return g_strdup (_("The server asks for credentials and the kiosk has none; a clerk must set a user name and "
                     "password, or an app user's address"));
}

static VtOpenRosaReply *
classify_submission (Transfer     *t,
                     GCancellable *cancellable)
{
  VtOpenRosaReply *reply = g_new0 (VtOpenRosaReply, 1);
  g_autofree char *message = NULL;
  gboolean is_openrosa = FALSE;

  reply->retry_after = -1;
  reply->http_status = t->result == CURLE_OK ? (int) t->status : 0;

  if (t->part_error != NULL)
    {
      /* Sending it again would fail again: a clerk must look at it. */
      reply->outcome = VT_OPENROSA_OUTCOME_REJECTED;
      reply->error_code = VT_OPENROSA_ERROR_ATTACHMENT;
      reply->message = g_strdup (t->part_error->message);
      return reply;
    }
  if (t->result != CURLE_OK)
    {
      reply->outcome = VT_OPENROSA_OUTCOME_RETRY;
      transport_error (t, cancellable, &reply->error_code, &reply->message);
      return reply;
    }

  message = read_answer (t, &is_openrosa);
  reply->response = body_text (t);

  switch (t->status)
    {
    case 201:
    case 202:
      if (is_openrosa)
        {
          reply->outcome = VT_OPENROSA_OUTCOME_SENT;
          reply->message = g_steal_pointer (&message);
          return reply;
        }
      reply->outcome = VT_OPENROSA_OUTCOME_RETRY;
      reply->error_code = VT_OPENROSA_ERROR_NOT_OPENROSA;
      reply->message = g_strdup (_("Something other than the OpenRosa server answered (no OpenRosa response); the kiosk may be behind a login page or a proxy"));
      return reply;

    case 401:
    case 403:
      reply->outcome = VT_OPENROSA_OUTCOME_AUTH;
      reply->error_code = VT_OPENROSA_ERROR_AUTH;
      reply->message = auth_refused_message (t->client);
      return reply;

    case 408:
    case 429:
      reply->outcome = VT_OPENROSA_OUTCOME_RETRY;
      reply->error_code = VT_OPENROSA_ERROR_SERVER;
      reply->retry_after = vt_openrosa_parse_retry_after (t->h_retry_after, NULL);
      reply->message = t->status == 429
        ? g_strdup (_("The server is receiving too many requests; the kiosk will try again later"))
        : g_strdup (_("The server gave up waiting for the application; the kiosk will try again"));
      return reply;

    case 409:
      reply->outcome = VT_OPENROSA_OUTCOME_REJECTED;
      reply->error_code = VT_OPENROSA_ERROR_CONFLICT;
      reply->message = message != NULL
        ? g_strdup_printf (_("The server already holds a different application with this identifier: %s"), message)
        : g_strdup (_("The server already holds a different application with this identifier"));
      return reply;

    case 413:
      reply->outcome = VT_OPENROSA_OUTCOME_REJECTED;
      reply->error_code = VT_OPENROSA_ERROR_TOO_LARGE;
      reply->message = message != NULL
        ? g_strdup_printf (_("The server refused the application as too large: %s"), message)
        : g_strdup (_("The server refused the application as too large"));
      return reply;

    default:
      break;
    }

  if (t->status >= 500 && t->status < 600)
    {
      reply->outcome = VT_OPENROSA_OUTCOME_RETRY;
      reply->error_code = VT_OPENROSA_ERROR_SERVER;
      reply->retry_after = vt_openrosa_parse_retry_after (t->h_retry_after, NULL);
      reply->message = g_strdup_printf (_("The server has a problem (HTTP %ld); the kiosk will try again later"),
                                        t->status);
      return reply;
    }

  if (t->status >= 400 && t->status < 500)
    {
      reply->outcome = VT_OPENROSA_OUTCOME_REJECTED;
      reply->error_code = VT_OPENROSA_ERROR_REJECTED;
      reply->message = message != NULL
        ? g_strdup_printf (_("The server refused the application (HTTP %ld): %s"), t->status, message)
        : g_strdup_printf (_("The server refused the application (HTTP %ld)"), t->status);
      return reply;
    }

  /* A bare 200, a redirect, anything else: not an OpenRosa answer, most
   * likely a captive portal.  Nothing is known to be delivered. */
  reply->outcome = VT_OPENROSA_OUTCOME_RETRY;
  reply->error_code = VT_OPENROSA_ERROR_NOT_OPENROSA;
  reply->message = g_strdup_printf (_("Something other than the OpenRosa server answered (HTTP %ld); the kiosk may be behind a login page or a proxy"),
                                    t->status);
  return reply;
}

gboolean
vt_openrosa_probe (VtOpenRosa       *self,
                   VtOpenRosaProbe  *probe,
                   GCancellable     *cancellable,
                   GError          **error)
{
  g_autofree char *url = NULL;
  g_autoptr(Transfer) t = NULL;
  VtOpenRosaProbe local = { 0 };

  g_return_val_if_fail (self != NULL, FALSE);

  if (probe == NULL)
    probe = &local;
  probe->online = FALSE;
  probe->accept_content_length = 0;

  url = g_strconcat (self->base_url, "/submission", NULL);
  t = transfer_new (self, url, MAX_REPLY_BYTES, FALSE, TRUE);
  t->is_head = TRUE;
  curl_easy_setopt (t->easy, CURLOPT_NOBODY, 1L);
  /* Its connection is not kept for the submissions that follow: a server
   * may close it after the 204 (libsoup's does), and a connection that is
   * closing as the first submission is handed to it fails that one. */
  curl_easy_setopt (t->easy, CURLOPT_FORBID_REUSE, 1L);
  run_one (self, t, cancellable);

  if (t->result != CURLE_OK)
    {
      VtOpenRosaError code;
      g_autofree char *message = NULL;

      transport_error (t, cancellable, &code, &message);
      g_set_error_literal (error, VT_OPENROSA_ERROR, code, message);
      return FALSE;
    }

  if (t->status == 401 || t->status == 403)
    {
      g_autofree char *auth_message = auth_refused_message (self);

      g_set_error_literal (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_AUTH, auth_message);
      return FALSE;
    }

  if (t->status != 204 || t->h_openrosa_version == NULL)
    {
      g_set_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_NOT_OPENROSA,
                   _("Not online: something other than the OpenRosa server answered (HTTP %ld); the kiosk may be behind a login page or a proxy"),
                   t->status);
      return FALSE;
    }

  probe->online = TRUE;
  if (t->h_accept_length != NULL)
    {
      guint64 n;

      if (g_ascii_string_to_unsigned (t->h_accept_length, 10, 1024, G_MAXINT64, &n, NULL))
        probe->accept_content_length = (gint64) n;
    }
  self->accept_length = probe->accept_content_length > 0 ? probe->accept_content_length
                                                         : DEFAULT_ACCEPT_LENGTH;
  return TRUE;
}

static curl_mimepart *
add_part (curl_mime  *mime,
          const char *name,
          const char *filename,
          const char *type,
          const void *data,
          gsize       length)
{
  curl_mimepart *part = curl_mime_addpart (mime);

  curl_mime_name (part, name);
  curl_mime_filename (part, filename);
  curl_mime_type (part, type);
  if (data != NULL)
    curl_mime_data (part, data, length);
  return part;
}

/* Groups attachments into POSTs that each fit under the server's accepted
 * length together with the XML.  Returns NULL when one attachment alone
 * cannot fit. */
static GPtrArray *
plan_posts (VtOpenRosa   *self,
            VtSubmission *submission)
{
  GPtrArray *posts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *current = g_ptr_array_new ();
  gsize xml_len = strlen (submission->xml);
  gsize overhead = 1024;
  gsize used = xml_len + overhead;
  guint n = submission->attachments != NULL ? submission->attachments->len : 0;

  for (guint i = 0; i < n; i++)
    {
      VtAttachment *a = g_ptr_array_index (submission->attachments, i);
      gsize size = (gsize) vt_attachment_get_size (a) + 512;

      if (xml_len + overhead + size > (gsize) self->accept_length)
        {
          g_ptr_array_unref (current);
          g_ptr_array_unref (posts);
          return NULL;
        }
      if (used + size > (gsize) self->accept_length && current->len > 0)
        {
          g_ptr_array_add (posts, current);
          current = g_ptr_array_new ();
          used = xml_len + overhead;
        }
      g_ptr_array_add (current, a);
      used += size;
    }

  g_ptr_array_add (posts, current);
  return posts;
}

/* An attachment's part reads its content as libcurl sends it: from the
 * store a chunk at a time (vt-store-blob.c), never whole in memory.  A
 * read that fails (a damaged file) aborts the request, so the server never
 * sees a complete one, and the submission is kept for a clerk. */
typedef struct
{
  Transfer           *transfer;
  const VtAttachment *attachment;   /* the submission's, which outlives the transfer */
  GInputStream       *stream;       /* opened at the first read, again after a rewind */
} PartReader;

static size_t
part_read_cb (char   *buffer,
              size_t  size,
              size_t  nitems,
              void   *data)
{
  PartReader *reader = data;
  g_autoptr(GError) error = NULL;
  gssize got;

  if (reader->stream == NULL)
    reader->stream = vt_attachment_open (reader->attachment, &error);
  got = reader->stream != NULL ? g_input_stream_read (reader->stream, buffer, size * nitems, NULL, &error) : -1;
  if (got >= 0)
    return (size_t) got;

  /* The file's name is the citizen's: the journal gets the cause only. */
  g_message ("An attachment cannot be sent (%s %d)", g_quark_to_string (error->domain), error->code);
  if (reader->transfer->part_error == NULL)
    reader->transfer->part_error = g_steal_pointer (&error);
  return CURL_READFUNC_ABORT;
}

/* libcurl rewinds a body it must send again (a Digest challenge, a
 * redirect): the content is read again from its start. */
static int
part_seek_cb (void       *data,
              curl_off_t  offset,
              int         origin)
{
  PartReader *reader = data;

  if (offset != 0 || origin != SEEK_SET)
    return CURL_SEEKFUNC_CANTSEEK;
  g_clear_object (&reader->stream);
  return CURL_SEEKFUNC_OK;
}

static void
part_free_cb (void *data)
{
  PartReader *reader = data;

  g_clear_object (&reader->stream);
  g_free (reader);
}

static Transfer *
submission_transfer (VtOpenRosa   *self,
                     const char   *url,
                     VtSubmission *submission,
                     GPtrArray    *attachments)
{
  Transfer *t = transfer_new (self, url, MAX_REPLY_BYTES, TRUE, TRUE);

  if (attachments == NULL || attachments->len == 0)
    {
      if (t->kept.mime == NULL)
        {
          t->kept.mime = curl_mime_init (t->easy);
          t->kept.xml = add_part (t->kept.mime, "xml_submission_file", "submission.xml",
                                  "text/xml", NULL, 0);
          curl_easy_setopt (t->easy, CURLOPT_MIMEPOST, t->kept.mime);
        }
      curl_mime_data (t->kept.xml, submission->xml, strlen (submission->xml));
      return t;
    }

  kept_body_drop (&t->kept);
  t->mime = curl_mime_init (t->easy);
  add_part (t->mime, "xml_submission_file", "submission.xml", "text/xml",
            submission->xml, strlen (submission->xml));
  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      VtAttachment *a = g_ptr_array_index (attachments, i);
      curl_mimepart *part = add_part (t->mime, a->name, a->name,
                                      a->content_type != NULL ? a->content_type : "application/octet-stream",
                                      NULL, 0);
      PartReader *reader = g_new0 (PartReader, 1);

      reader->transfer = t;
      reader->attachment = a;
      curl_mime_data_cb (part, (curl_off_t) vt_attachment_get_size (a),
                         part_read_cb, part_seek_cb, part_free_cb, reader);
    }
  curl_easy_setopt (t->easy, CURLOPT_MIMEPOST, t->mime);
  return t;
}

/* One submission in flight: it may take several POSTs. */
typedef struct
{
  VtSubmission    *submission;
  guint            pending;
  VtOpenRosaReply *reply;        /* the worst answer so far */
} Job;

static void
job_merge (Job             *job,
           VtOpenRosaReply *reply)
{
  /* Delivered only when every POST was; otherwise the first failure stands. */
  if (job->reply == NULL || (job->reply->outcome == VT_OPENROSA_OUTCOME_SENT &&
                             reply->outcome != VT_OPENROSA_OUTCOME_SENT))
    {
      vt_openrosa_reply_free (job->reply);
      job->reply = reply;
    }
  else
    vt_openrosa_reply_free (reply);
}

static VtOpenRosaReply *
cancelled_reply (void)
{
  VtOpenRosaReply *reply = g_new0 (VtOpenRosaReply, 1);

  reply->outcome = VT_OPENROSA_OUTCOME_RETRY;
  reply->error_code = VT_OPENROSA_ERROR_CANCELLED;
  reply->retry_after = -1;
  reply->message = g_strdup (_("Stopped before the server answered"));
  return reply;
}

static void
job_finish (Job                *job,
            VtOpenRosaDoneFunc  done,
            gpointer            user_data)
{
  VtOpenRosaReply *reply = job->reply != NULL ? job->reply : cancelled_reply ();

  g_debug ("%s: HTTP %d, %s", job->submission->instance_id, reply->http_status,
           reply->message != NULL ? reply->message : "");
  done (job->submission, reply, user_data);
  g_free (job);
}

/* Starts a job's POSTs (queued in `waiting`), or finishes it at once when
 * it cannot be sent at this server's accepted length. */
static void
job_start (VtOpenRosa         *self,
           VtSubmission       *submission,
           GQueue             *waiting,
           VtOpenRosaDoneFunc  done,
           gpointer            user_data)
{
  g_autofree char *url = g_strconcat (self->base_url, "/submission", NULL);
  g_autoptr(GPtrArray) posts = plan_posts (self, submission);
  Job *job = g_new0 (Job, 1);

  job->submission = submission;
  if (posts == NULL)
    {
      job->reply = g_new0 (VtOpenRosaReply, 1);
      job->reply->outcome = VT_OPENROSA_OUTCOME_REJECTED;
      job->reply->error_code = VT_OPENROSA_ERROR_TOO_LARGE;
      job->reply->retry_after = -1;
      job->reply->message = g_strdup_printf (_("An attachment is larger than the server accepts (%lld bytes)"),
                                             (long long) self->accept_length);
      job_finish (job, done, user_data);
      return;
    }

  for (guint p = 0; p < posts->len; p++)
    {
      Transfer *t = submission_transfer (self, url, submission, g_ptr_array_index (posts, p));

      t->job = job;
      job->pending++;
      g_queue_push_tail (waiting, t);
    }
}

static void
transfer_done (VtOpenRosa         *self,
               Transfer           *t,
               GCancellable       *cancellable,
               VtOpenRosaDoneFunc  done,
               gpointer            user_data)
{
  Job *job = t->job;

  job_merge (job, classify_submission (t, cancellable));
  transfer_free (t);
  if (--job->pending == 0)
    job_finish (job, done, user_data);
}

void
vt_openrosa_submit_stream (VtOpenRosa         *self,
                           VtOpenRosaNextFunc  next,
                           VtOpenRosaDoneFunc  done,
                           gpointer            user_data,
                           GCancellable       *cancellable)
{
  GQueue waiting = G_QUEUE_INIT;
  GQueue running = G_QUEUE_INIT;
  gboolean exhausted = FALSE;
  gulong handler = 0;
  guint finished;

  g_return_if_fail (self != NULL);
  g_return_if_fail (next != NULL && done != NULL);

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (wakeup_cb), self->multi, NULL);

  for (;;)
    {
      CURLMsg *msg;
      int still = 0;
      int queued;

      if (g_cancellable_is_cancelled (cancellable))
        break;

      /* Keep every connection busy: start what waits, then ask for more. */
      while (running.length < self->parallel)
        {
          Transfer *t = g_queue_pop_head (&waiting);

          if (t == NULL)
            {
              VtSubmission *submission;

              if (exhausted || (submission = next (user_data)) == NULL)
                {
                  exhausted = TRUE;
                  break;
                }
              job_start (self, submission, &waiting, done, user_data);
              continue;
            }
          t->result = CURLE_ABORTED_BY_CALLBACK;
          curl_multi_add_handle (self->multi, t->easy);
          g_queue_push_tail (&running, t);
        }

      if (running.length == 0 && waiting.length == 0 && exhausted)
        break;

      curl_multi_perform (self->multi, &still);

      finished = 0;
      while ((msg = curl_multi_info_read (self->multi, &queued)) != NULL)
        {
          Transfer *t = NULL;

          if (msg->msg != CURLMSG_DONE)
            continue;
          curl_easy_getinfo (msg->easy_handle, CURLINFO_PRIVATE, (char **) &t);
          g_assert (t != NULL);
          t->result = msg->data.result;
          curl_easy_getinfo (t->easy, CURLINFO_RESPONSE_CODE, &t->status);
          curl_multi_remove_handle (self->multi, t->easy);
          finished++;

          if (digest_retry (self, t))
            continue;

          g_queue_remove (&running, t);
          transfer_done (self, t, cancellable, done, user_data);
        }

      /* A connection that just finished takes its next request at once;
       * waiting for the network first would leave it idle until another
       * one answered. */
      if (finished == 0 && running.length > 0)
        curl_multi_poll (self->multi, NULL, 0, 500, NULL);
    }

  /* Cancelled: what is in flight or waiting gets a "stopped" answer. */
  while (running.length > 0 || waiting.length > 0)
    {
      Transfer *t = running.length > 0 ? g_queue_pop_head (&running) : g_queue_pop_head (&waiting);

      curl_multi_remove_handle (self->multi, t->easy);
      t->result = CURLE_ABORTED_BY_CALLBACK;
      transfer_done (self, t, cancellable, done, user_data);
    }

  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);
}

typedef struct
{
  VtSubmission **submissions;
  guint          n;
  guint          next;
  GPtrArray     *replies;
} BatchData;

static VtSubmission *
batch_next (gpointer data)
{
  BatchData *b = data;

  return b->next < b->n ? b->submissions[b->next++] : NULL;
}

static void
batch_done (VtSubmission    *submission,
            VtOpenRosaReply *reply,
            gpointer         data)
{
  BatchData *b = data;

  for (guint i = 0; i < b->n; i++)
    if (b->submissions[i] == submission)
      {
        g_ptr_array_index (b->replies, i) = reply;
        return;
      }
  g_assert_not_reached ();
}

GPtrArray *
vt_openrosa_submit_batch (VtOpenRosa    *self,
                          VtSubmission **submissions,
                          guint          n_submissions,
                          GCancellable  *cancellable)
{
  GPtrArray *replies = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_openrosa_reply_free);
  BatchData b = { submissions, n_submissions, 0, replies };

  g_return_val_if_fail (self != NULL, NULL);

  g_ptr_array_set_size (replies, n_submissions);
  vt_openrosa_submit_stream (self, batch_next, batch_done, &b, cancellable);
  for (guint i = 0; i < n_submissions; i++)
    if (g_ptr_array_index (replies, i) == NULL)
      g_ptr_array_index (replies, i) = cancelled_reply ();
  return replies;
}

VtOpenRosaReply *
vt_openrosa_submit (VtOpenRosa   *self,
                    VtSubmission *submission,
                    GCancellable *cancellable)
{
  g_autoptr(GPtrArray) replies = vt_openrosa_submit_batch (self, &submission, 1, cancellable);

  return g_ptr_array_steal_index (replies, 0);
}

/* GET with the usual classification for lists and files.  what names the
 * file for messages; allow_other: whether it may come from another server
 * than the configured one (its content is checked against a hash, or it
 * is only a list of such files).  See check_url(). */
static GBytes *
get_bytes (VtOpenRosa    *self,
           const char    *url,
           const char    *what,
           gboolean       allow_other,
           gsize          max_bytes,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(Transfer) t = NULL;
  gboolean credentials = FALSE;

  if (!check_url (self, url, what, allow_other, &credentials, error))
    return NULL;
  t = transfer_new (self, url, max_bytes, FALSE, credentials);
  curl_easy_setopt (t->easy, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt (t->easy, CURLOPT_MAXREDIRS, 5L);
  run_one (self, t, cancellable);

  if (t->result != CURLE_OK)
    {
      VtOpenRosaError code;
      g_autofree char *message = NULL;

      transport_error (t, cancellable, &code, &message);
      g_set_error_literal (error, VT_OPENROSA_ERROR, code, message);
      return NULL;
    }

  /* A redirect may have led elsewhere: where the file really came from
   * must pass the same rule (libcurl did not carry the credentials). */
  {
    const char *effective = NULL;
    gboolean effective_credentials = FALSE;

    curl_easy_getinfo (t->easy, CURLINFO_EFFECTIVE_URL, &effective);
    if (effective != NULL && g_strcmp0 (effective, url) != 0 &&
        !check_url (self, effective, what, allow_other, &effective_credentials, error))
      return NULL;
    credentials = credentials && (effective == NULL || effective_credentials);
  }

  if ((t->status == 401 || t->status == 403) && !credentials)
    {
      g_autofree char *shown = vt_openrosa_redact_url (url);

      /* Not the kiosk's credentials that are wrong: none were sent. */
      g_set_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_REJECTED,
                   _("%s is on another server (%s), which asks for a password; the kiosk sends its password "
                     "only to its own server"),
                   what, shown);
      return NULL;
    }
  if (t->status == 401 || t->status == 403)
    {
      g_autofree char *auth_message = auth_refused_message (self);

      g_set_error_literal (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_AUTH, auth_message);
      return NULL;
    }
  if (t->status >= 500 || t->status == 408 || t->status == 429)
    {
      g_set_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_SERVER,
                   _("The server has a problem (HTTP %ld); the kiosk will try again later"), t->status);
      return NULL;
    }
  if (t->status != 200)
    {
      g_set_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_REJECTED,
                   _("The server refused the request (HTTP %ld)"), t->status);
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_byte_array_ref (t->body));
}

GPtrArray *
vt_openrosa_list_forms (VtOpenRosa    *self,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autofree char *url = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize size = 0;
  const char *data;

  g_return_val_if_fail (self != NULL, NULL);

  url = g_strconcat (self->base_url, "/formList", NULL);
  bytes = get_bytes (self, url, _("The form list"), FALSE, MAX_FORM_LIST_BYTES, cancellable, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  return vt_openrosa_parse_form_list (data, size, error);
}

static gboolean
has_hash (const char *hash)
{
  return hash != NULL && hash[0] != '\0';
}

static gboolean
check_hash (GBytes      *bytes,
            const char  *expected,
            const char  *what,
            GError     **error)
{
  g_autofree char *md5 = NULL;

  /* A server that gives no hash leaves nothing to check against (such a
   * file comes only from the configured server, check_url()). */
  if (!has_hash (expected))
    return TRUE;

  md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, bytes);
  if (!g_str_has_prefix (expected, "md5:") ||
      g_ascii_strcasecmp (expected + 4, md5) != 0)
    {
      g_set_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_HASH,
                   _("%s arrived damaged (its checksum does not match); it will be downloaded again later"),
                   what);
      return FALSE;
    }
  return TRUE;
}

VtOpenRosaForm *
vt_openrosa_download_form (VtOpenRosa          *self,
                           VtOpenRosaFormInfo  *info,
                           GCancellable        *cancellable,
                           GError             **error)
{
  g_autoptr(VtOpenRosaForm) form = g_new0 (VtOpenRosaForm, 1);
  g_autofree char *what = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (info != NULL, NULL);

  form->info = vt_openrosa_form_info_copy (info);
  form->media = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_openrosa_media_file_free);

  /* Translators: %s is a form's identifier. */
  what = g_strdup_printf (_("The form %s"), info->form_id);
  form->xml = get_bytes (self, info->download_url, what, has_hash (info->hash), MAX_FORM_BYTES,
                         cancellable, error);
  if (form->xml == NULL || !check_hash (form->xml, info->hash, what, error))
    return NULL;

  if (info->manifest_url != NULL)
    {
      /* Translators: %s is a form's identifier. */
      g_autofree char *manifest_what = g_strdup_printf (_("The file list of the form %s"), info->form_id);
      /* Only a list: each file it names is checked on its own. */
      g_autoptr(GBytes) manifest = get_bytes (self, info->manifest_url, manifest_what, TRUE,
                                              MAX_MANIFEST_BYTES, cancellable, error);
      g_autoptr(GPtrArray) files = NULL;
      gsize size = 0;
      const char *data;

      if (manifest == NULL)
        return NULL;
      data = g_bytes_get_data (manifest, &size);
      files = vt_openrosa_parse_manifest (data, size, error);
      if (files == NULL)
        return NULL;

      for (guint i = 0; i < files->len; i++)
        {
          VtOpenRosaMediaFile *file = g_ptr_array_index (files, i);
          g_autofree char *media_what = NULL;

          /* Translators: %s is the name of a file that comes with a form. */
          media_what = g_strdup_printf (_("The file %s"), file->filename);
          file->bytes = get_bytes (self, file->download_url, media_what, has_hash (file->hash),
                                   MAX_MEDIA_BYTES, cancellable, error);
          if (file->bytes == NULL || !check_hash (file->bytes, file->hash, media_what, error))
            return NULL;
        }
      g_ptr_array_extend_and_steal (form->media, g_steal_pointer (&files));
    }

  return g_steal_pointer (&form);
}
