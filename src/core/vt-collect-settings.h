#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The settings QR code ODK Central shows on an App User's page for ODK
 * Collect: its text is base64 of zlib-deflated JSON,
 *   {"general": {"server_url": "https://…/v1/key/<token>/projects/<n>", …},
 *    "admin": {…}, "project": {"name": "…", …}}
 * The kiosk takes the server address and the project's name from it
 * (`ventanilla-ctl config import-collect`).  The address holds the app
 * user's token, as good as a password: messages never quote it whole
 * (vt_openrosa_redact_url()). */

#define VT_COLLECT_SETTINGS_ERROR (vt_collect_settings_error_quark ())

typedef enum
{
  VT_COLLECT_SETTINGS_ERROR_NOT_COLLECT,   /* not base64 of zlib of JSON: not Collect's code */
  VT_COLLECT_SETTINGS_ERROR_NO_SERVER,     /* Collect's, but with no usable general.server_url */
  VT_COLLECT_SETTINGS_ERROR_INSECURE,      /* an http:// server, and allow_http not given */
} VtCollectSettingsError;

typedef struct
{
  char *server_url;      /* http(s)://host/…, without a trailing slash */
  char *project_name;    /* project.name, or NULL */
} VtCollectSettings;

GQuark             vt_collect_settings_error_quark (void);

/* Reads the text of the QR code (surrounding white space ignored).  An
 * http:// server is refused unless allow_http. */
VtCollectSettings *vt_collect_settings_parse      (const char  *payload,
                                                   gboolean     allow_http,
                                                   GError     **error);
void               vt_collect_settings_free       (VtCollectSettings *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtCollectSettings, vt_collect_settings_free)

G_END_DECLS
