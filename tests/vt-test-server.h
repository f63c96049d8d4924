#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An OpenRosa server that behaves like ODK Central for what the kiosk
 * relies on, with faults injected on request.  It runs on 127.0.0.1 in a
 * thread of its own, so a test can drive the kiosk's code synchronously. */

typedef enum
{
  VT_TEST_FAULT_500               = 1 << 0,  /* 500 Internal Server Error */
  VT_TEST_FAULT_503_RETRY_AFTER   = 1 << 1,  /* 503 with Retry-After: 1 */
  VT_TEST_FAULT_RESET_BEFORE_BODY = 1 << 2,  /* connection closed, nothing stored */
  VT_TEST_FAULT_RESET_AFTER_STORE = 1 << 3,  /* stored, then the answer is lost */
  VT_TEST_FAULT_STALL             = 1 << 4,  /* no answer for stall_ms, then store and answer */
  VT_TEST_FAULT_SLOW              = 1 << 5,  /* answer after slow_ms */
  VT_TEST_FAULT_401               = 1 << 6,  /* 401 as if the credentials were wrong */
  VT_TEST_FAULT_429               = 1 << 7,  /* 429 with Retry-After: 0 */
} VtTestFault;

#define VT_TEST_FAULTS_TRANSIENT (VT_TEST_FAULT_500 | VT_TEST_FAULT_503_RETRY_AFTER | \
                                  VT_TEST_FAULT_RESET_BEFORE_BODY | VT_TEST_FAULT_RESET_AFTER_STORE | \
                                  VT_TEST_FAULT_STALL | VT_TEST_FAULT_SLOW | VT_TEST_FAULT_429)

typedef enum
{
  VT_TEST_MODE_NORMAL,
  VT_TEST_MODE_CAPTIVE,     /* 200 text/html on everything, like a hotel login page */
  VT_TEST_MODE_OVERSIZED,   /* answers of several megabytes */
  VT_TEST_MODE_REJECT_ALL,  /* 400 with an OpenRosa message on every submission */
} VtTestMode;

typedef struct
{
  const char *db_path;      /* NULL: in memory */
  const char *forms_dir;    /* *.xml forms, media in <stem>-media/ */
  const char *username;     /* NULL: no authentication on /v1/projects */
  const char *password;
  gboolean    digest;       /* Digest instead of Basic */
  const char *token;        /* when set, the URL is /v1/key/<token>/projects/1 */
  gboolean    tls;          /* HTTPS with a self-signed certificate made now */
  guint       port;         /* 0: any free port */
  guint32     seed;         /* for the fault dice; 0: fixed default */
  gboolean    digest_attachments; /* keep each attachment's SHA-256 (hex) instead of its
                                     bytes: benchmarks post gigabytes */
} VtTestServerOptions;

typedef struct _VtTestServer VtTestServer;

VtTestServer *vt_test_server_new           (const VtTestServerOptions *options,
                                            GError                   **error);
void          vt_test_server_free          (VtTestServer *self);

/* The kiosk's [server] url for this server. */
const char   *vt_test_server_get_url       (VtTestServer *self);
guint         vt_test_server_get_port      (VtTestServer *self);
/* scheme://127.0.0.1:port, without the base path. */
const char   *vt_test_server_get_origin    (VtTestServer *self);
/* With tls: the PEM file a kiosk must trust; NULL otherwise. */
const char   *vt_test_server_get_ca_file   (VtTestServer *self);

/* The form list and manifests name files at origin (another server's
 * scheme://host:port, same base path) instead of this one; NULL: here. */
void          vt_test_server_set_files_origin (VtTestServer *self,
                                               const char   *origin);
/* Every GET of forms/… answers 302 to the same path at origin; NULL: none. */
void          vt_test_server_set_redirect_origin (VtTestServer *self,
                                                  const char   *origin);
/* FALSE: manifests give no hash for their files. */
void          vt_test_server_set_media_hashes (VtTestServer *self,
                                               gboolean      hashes);
/* A share (0..1) of submission POSTs fails in one of the given ways. */
void          vt_test_server_set_faults    (VtTestServer *self,
                                            double        share,
                                            guint         faults);
void          vt_test_server_set_delays    (VtTestServer *self,
                                            guint         stall_ms,
                                            guint         slow_ms);
void          vt_test_server_set_mode      (VtTestServer *self,
                                            VtTestMode    mode);
/* What HEAD /submission advertises as X-OpenRosa-Accept-Content-Length. */
void          vt_test_server_set_accept_length (VtTestServer *self,
                                                guint         bytes);
/* Stops listening (connections refused) or listens again on the same port. */
void          vt_test_server_set_up        (VtTestServer *self,
                                            gboolean      up);

/* What the server has: distinct instanceIDs stored, and per-answer counts. */
guint         vt_test_server_count_instances (VtTestServer *self);
gboolean      vt_test_server_has_instance  (VtTestServer *self,
                                            const char   *instance_id);
char         *vt_test_server_get_xml       (VtTestServer *self,
                                            const char   *instance_id);
guint         vt_test_server_count_attachments (VtTestServer *self,
                                                const char   *instance_id);
/* The bytes of one attachment as the server stored it, or NULL. */
GBytes       *vt_test_server_get_attachment (VtTestServer *self,
                                             const char   *instance_id,
                                             const char   *name);
/* Forgets every submission received (benchmarks start each phase alike). */
void          vt_test_server_clear         (VtTestServer *self);
/* Counts of answers given: "posts", "201", "409", "faults", "heads", "400";
 * of requests that reached the handler: "requests", and "authorization"
 * for those that carried an Authorization header. */
guint         vt_test_server_get_count     (VtTestServer *self,
                                            const char   *what);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtTestServer, vt_test_server_free)

G_END_DECLS
