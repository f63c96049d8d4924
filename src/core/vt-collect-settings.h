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

/* Puts the server address and project name into the configuration file
 * at path, keeping every other line and comment and the file's mode; a
 * missing file is made (mode 0600, its folder too).  A Central app user
 * signs in with the token in the address, so a [server] username is
 * emptied and given back in *removed_username (else NULL).  A file the
 * kiosk would refuse is left as it is (the error names the fault), and
 * what is written is first read back as the kiosk reads it.  Used by
 * `ventanilla-ctl config import-collect` and the clerk's set-up page. */
gboolean           vt_collect_settings_write_config (const VtCollectSettings *self,
                                                     const char              *path,
                                                     char                   **removed_username,
                                                     GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtCollectSettings, vt_collect_settings_free)

G_END_DECLS
