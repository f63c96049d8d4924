/* ODK Collect's settings code, as ODK Central shows it for an App User:
 * base64, then zlib (GZlibDecompressor), then JSON (json-glib). */
#define G_LOG_DOMAIN "vt-collect-settings"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vt-collect-settings.h"
#include "vt-config.h"
#include "vt-openrosa.h"

G_DEFINE_QUARK (vt-collect-settings-error-quark, vt_collect_settings_error)

/* Central's codes are a few hundred bytes; a QR code holds under 3 kB. */
#define MAX_PAYLOAD_CHARS 8192
#define MAX_JSON_BYTES    (64 * 1024)

void
vt_collect_settings_free (VtCollectSettings *self)
{
  if (self == NULL)
    return;
  g_free (self->server_url);
  g_free (self->project_name);
  g_free (self);
}

static gboolean
is_base64 (const char *text)
{
  gsize n = 0;

  for (const char *p = text; *p != '\0'; p++, n++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
      return FALSE;
  return n > 0 && n % 4 == 0;
}

/* zlib's inflate, bounded: a code that inflates past MAX_JSON_BYTES is no
 * settings code. */
static GBytes *
inflate (const guint8 *data,
         gsize         length)
{
  g_autoptr(GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize read_total = 0;

  for (;;)
    {
      guint8 buffer[4096];
      gsize bytes_read = 0, bytes_written = 0;
      GConverterResult result;
      g_autoptr(GError) error = NULL;

      result = g_converter_convert (G_CONVERTER (decompressor), data + read_total, length - read_total,
                                    buffer, sizeof buffer, G_CONVERTER_INPUT_AT_END,
                                    &bytes_read, &bytes_written, &error);
      if (result == G_CONVERTER_ERROR)
        return NULL;
      read_total += bytes_read;
      g_byte_array_append (out, buffer, bytes_written);
      if (out->len > MAX_JSON_BYTES)
        return NULL;
      if (result == G_CONVERTER_FINISHED)
        break;
      if (bytes_read == 0 && bytes_written == 0)
        return NULL;
    }
  /* Anything after the zlib stream: not the code Central makes. */
  if (read_total != length)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static void
set_not_collect (GError **error)
{
  g_set_error (error, VT_COLLECT_SETTINGS_ERROR, VT_COLLECT_SETTINGS_ERROR_NOT_COLLECT,
               _("This is not an ODK Collect settings code; in ODK Central, open the project's "
                 "App Users, choose “See code” for the kiosk's app user and use that QR code or its text"));
}

VtCollectSettings *
vt_collect_settings_parse (const char  *payload,
                           gboolean     allow_http,
                           GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree guint8 *compressed = NULL;
  gsize compressed_length = 0;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GUri) uri = NULL;
  g_autoptr(VtCollectSettings) settings = NULL;
  g_autofree char *shown = NULL;
  JsonNode *root;
  JsonObject *general, *project;
  const char *url, *scheme, *host;

  g_return_val_if_fail (payload != NULL, NULL);

  text = g_strstrip (g_strdup (payload));
  if (strlen (text) > MAX_PAYLOAD_CHARS || !is_base64 (text))
    {
      set_not_collect (error);
      return NULL;
    }
  compressed = g_base64_decode (text, &compressed_length);
  json = compressed_length > 0 ? inflate (compressed, compressed_length) : NULL;
  if (json == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (json, NULL), (gssize) g_bytes_get_size (json), NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "general") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (root), "general")))
    {
      set_not_collect (error);
      return NULL;
    }

  general = json_object_get_object_member (json_node_get_object (root), "general");
  url = json_object_has_member (general, "server_url") &&
        JSON_NODE_HOLDS_VALUE (json_object_get_member (general, "server_url")) &&
        json_node_get_value_type (json_object_get_member (general, "server_url")) == G_TYPE_STRING
          ? json_object_get_string_member (general, "server_url") : NULL;
  uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL) : NULL;
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  shown = vt_openrosa_redact_url (url);
  if (scheme == NULL || host == NULL || host[0] == '\0' || g_uri_get_userinfo (uri) != NULL ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    {
      g_set_error (error, VT_COLLECT_SETTINGS_ERROR, VT_COLLECT_SETTINGS_ERROR_NO_SERVER,
                   _("This ODK Collect settings code names no server address the kiosk can use (%s); "
                     "use the code of an App User from ODK Central's project page"),
                   url != NULL ? shown : _("none"));
      return NULL;
    }
  if (g_ascii_strcasecmp (scheme, "https") != 0 && !allow_http)
    {
      g_set_error (error, VT_COLLECT_SETTINGS_ERROR, VT_COLLECT_SETTINGS_ERROR_INSECURE,
                   _("The server in this code, %s, uses http://, so applications and the app user's token "
                     "would travel unencrypted; give the server an https:// address, or, for a test server "
                     "on this machine, set [server] allow-http = true"),
                   shown);
      return NULL;
    }

  settings = g_new0 (VtCollectSettings, 1);
  settings->server_url = g_strdup (url);
  while (g_str_has_suffix (settings->server_url, "/"))
    settings->server_url[strlen (settings->server_url) - 1] = '\0';
  if (json_object_has_member (json_node_get_object (root), "project") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (root), "project")))
    {
      project = json_object_get_object_member (json_node_get_object (root), "project");
      if (json_object_has_member (project, "name") &&
          JSON_NODE_HOLDS_VALUE (json_object_get_member (project, "name")) &&
          json_node_get_value_type (json_object_get_member (project, "name")) == G_TYPE_STRING)
        {
          g_autofree char *name = g_strstrip (g_strdup (json_object_get_string_member (project, "name")));

          /* One line in a key file. */
          g_strdelimit (name, "\r\n\t", ' ');
          if (name[0] != '\0')
            settings->project_name = g_steal_pointer (&name);
        }
    }
  return g_steal_pointer (&settings);
}

gboolean
vt_collect_settings_write_config (const VtCollectSettings  *self,
                                  const char               *path,
                                  char                    **removed_username,
                                  GError                  **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(VtConfig) check = NULL;
  g_autofree char *data = NULL;
  gboolean exists;
  gsize length = 0;
  int mode = 0600;

  g_return_val_if_fail (self != NULL && self->server_url != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (removed_username != NULL)
    *removed_username = NULL;
  exists = g_file_test (path, G_FILE_TEST_EXISTS);
  if (exists)
    {
      g_autoptr(VtConfig) current = vt_config_load (path, NULL, error);
      GStatBuf st;

      /* A file the kiosk would refuse is mended by hand first. */
      if (current == NULL)
        return FALSE;
      if (g_stat (path, &st) == 0)
        mode = st.st_mode & 0777;
      if (!g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, error))
        {
          g_prefix_error (error, "%s: ", path);
          return FALSE;
        }
    }

  g_key_file_set_string (file, "server", "url", self->server_url);
  if (self->project_name != NULL)
    g_key_file_set_string (file, "server", "project-name", self->project_name);
  else
    g_key_file_remove_key (file, "server", "project-name", NULL);
  /* An app user signs in with the token in the address; a user name would
   * send Basic credentials Central does not expect. */
  if (strstr (self->server_url, "/key/") != NULL && g_key_file_has_key (file, "server", "username", NULL))
    {
      g_autofree char *username = g_key_file_get_string (file, "server", "username", NULL);

      if (username != NULL && username[0] != '\0' && removed_username != NULL)
        *removed_username = g_steal_pointer (&username);
      g_key_file_set_string (file, "server", "username", "");
    }

  data = g_key_file_to_data (file, &length, NULL);
  /* What is written must be what the kiosk reads. */
  check = vt_config_load_from_data (data, (gssize) length, path, error);
  if (check == NULL)
    return FALSE;
  if (!exists)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if (g_mkdir_with_parents (dir, 0755) != 0)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       _("Cannot make the folder %s: %s"), dir, g_strerror (saved));
          return FALSE;
        }
    }
  return g_file_set_contents_full (path, data, (gssize) length, G_FILE_SET_CONTENTS_CONSISTENT, mode, error);
}
