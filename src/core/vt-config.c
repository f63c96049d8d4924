/* The kiosk's configuration: one key file read at start, each key
 * checked, with messages that name the file, the line and the key. */
#define G_LOG_DOMAIN "vt-config"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vt-config.h"
#include "vt-kiosk-key.h"
#include "vt-mbtiles.h"
#include "vt-openrosa.h"

G_DEFINE_QUARK (vt-config-error-quark, vt_config_error)

typedef enum
{
  KEY_STRING,
  KEY_PATH,
  KEY_URL,
  KEY_SECONDS,
  KEY_HOURS,                       /* a double, like KEY_SECONDS, said in hours */
  KEY_INT,
  KEY_LIST,
  KEY_BOOL,
  KEY_PAIRS,                     /* a list of name=value pairs */
  KEY_CHOICE,                      /* one of KeyInfo.choices, stored as its index */
  KEY_PUBLIC_KEY,                  /* 32 bytes in base64, as ventanilla-ctl prints keys */
  KEY_GEOPOINT,                    /* LAT LON [ALT [ACCURACY]], stored as a VtGeoPoint */
} KeyType;

/* Every key the kiosk understands.  A key missing here is reported as a
 * warning, so a typo in a municipality's file is seen rather than ignored. */
typedef struct
{
  const char *group;
  const char *key;
  KeyType     type;
  gsize       offset;
  double      min;
  double      max;
  const char * const *choices;
} KeyInfo;

static const char * const keyboard_modes[] = { "auto", "always", "never", NULL };
/* KEY_CHOICE stores an index into an enum field. */
G_STATIC_ASSERT (sizeof (VtKeyboardMode) == sizeof (int));

#define FIELD(f) G_STRUCT_OFFSET (VtConfig, f)

static const KeyInfo known_keys[] = {
  { "server", "url",               KEY_URL,     FIELD (server_url),         0, 0 },
  { "server", "username",          KEY_STRING,  FIELD (username),           0, 0 },
  { "server", "password-file",     KEY_PATH,    FIELD (password_file),      0, 0 },
  { "server", "ca-file",           KEY_PATH,    FIELD (ca_file),            0, 0 },
  { "server", "pinned-public-key", KEY_STRING,  FIELD (pinned_public_key),  0, 0 },
  { "server", "allow-http",        KEY_BOOL,    FIELD (allow_http),         0, 0 },
  { "server", "project-name",      KEY_STRING,  FIELD (project_name),       0, 0 },
  { "sync",   "retry-min-seconds", KEY_SECONDS, FIELD (retry_min_seconds),  0.001, 86400 },
  { "sync",   "retry-max-seconds", KEY_SECONDS, FIELD (retry_max_seconds),  0.001, 7 * 86400 },
  { "sync",   "interval-seconds",  KEY_SECONDS, FIELD (interval_seconds),   0.001, 86400 },
  { "sync",   "connect-timeout-seconds", KEY_SECONDS, FIELD (connect_timeout_seconds), 0.1, 3600 },
  { "sync",   "stall-timeout-seconds",   KEY_SECONDS, FIELD (stall_timeout_seconds),   1, 3600 },
  { "sync",   "request-timeout-seconds", KEY_SECONDS, FIELD (request_timeout_seconds), 0.1, 86400 },
  { "sync",   "parallel",          KEY_INT,     FIELD (parallel),           1, 16 },
  { "sync",   "retention-days",    KEY_INT,     FIELD (retention_days),     0, 3650 },
  { "kiosk",  "languages",         KEY_LIST,    FIELD (languages),          0, 0 },
  { "kiosk",  "idle-seconds",      KEY_INT,     FIELD (idle_seconds),       1, 86400 },
  { "kiosk",  "countdown-seconds", KEY_INT,     FIELD (countdown_seconds),  20, 600 },
  { "kiosk",  "receipt-seconds",   KEY_INT,     FIELD (receipt_seconds),    5, 3600 },
  { "kiosk",  "office-name",       KEY_STRING,  FIELD (office_name),        0, 0 },
  { "kiosk",  "name",              KEY_STRING,  FIELD (kiosk_name),         0, 0 },
  { "kiosk",  "status-hours",      KEY_HOURS,   FIELD (status_hours),       0, 24 * 31 },
  { "kiosk",  "data-dir",          KEY_PATH,    FIELD (data_dir),           0, 0 },
  { "kiosk",  "on-screen-keyboard", KEY_CHOICE, FIELD (on_screen_keyboard), 0, 0, keyboard_modes },
  { "kiosk",  "location",          KEY_GEOPOINT, FIELD (location),          0, 0 },
  { "kiosk",  "map-tiles",         KEY_PATH,    FIELD (map_tiles),          0, 0 },
  { "clerk",  "idle-seconds",      KEY_INT,     FIELD (clerk_idle_seconds), 10, 86400 },
  { "clerk",  "draft-days",        KEY_INT,     FIELD (draft_days),         1, 365 },
  { "speech", "enabled",           KEY_BOOL,    FIELD (speech_enabled),     0, 0 },
  { "speech", "volume",            KEY_INT,     FIELD (speech_volume),      0, 100 },
  { "speech", "rate",              KEY_INT,     FIELD (speech_rate),        80, 450 },
  { "speech", "slow-rate",         KEY_INT,     FIELD (speech_slow_rate),   80, 450 },
  { "speech", "voices",            KEY_PAIRS,   FIELD (speech_voices),      0, 0 },
  { "devices", "camera",           KEY_STRING,  FIELD (camera),             0, 0 },
  { "devices", "microphone",       KEY_STRING,  FIELD (microphone),         0, 0 },
  { "devices", "speaker",          KEY_STRING,  FIELD (speaker),            0, 0 },
  { "devices", "scanner",          KEY_STRING,  FIELD (scanner),            0, 0 },
  { "devices", "scanner-timeout-seconds", KEY_SECONDS, FIELD (scanner_timeout_seconds), 1, 3600 },
  { "devices", "removable-directory", KEY_PATH, FIELD (removable_directory), 0, 0 },
  { "devices", "max-recording-seconds", KEY_INT, FIELD (max_recording_seconds), 5, 3600 },
  { "printer", "name",             KEY_STRING,  FIELD (printer_name),       0, 0 },
  { "printer", "timeout-seconds",  KEY_SECONDS, FIELD (print_timeout_seconds), 1, 600 },
  { "bundle", "recipient-key",     KEY_PUBLIC_KEY, FIELD (bundle_recipient_key), 0, 0 },
  { "bundle", "recipient-secret-key-file", KEY_PATH, FIELD (bundle_recipient_secret_key_file), 0, 0 },
  { "bundle", "trusted-kiosks",    KEY_PATH,    FIELD (bundle_trusted_kiosks), 0, 0 },
  { "receipts", "trusted-kiosks",  KEY_PATH,    FIELD (trusted_kiosks),     0, 0 },
  { "receipts", "status-list",     KEY_STRING,  FIELD (status_list),        0, 0 },
  { "feedback", "ask",             KEY_BOOL,    FIELD (feedback_ask),       0, 0 },
  { "feedback", "delay-seconds",   KEY_INT,     FIELD (feedback_delay_seconds), 0, 86400 },
};

#undef FIELD

static const KeyInfo *
find_key (const char *group,
          const char *key)
{
  for (gsize i = 0; i < G_N_ELEMENTS (known_keys); i++)
    if (g_str_equal (known_keys[i].group, group) && g_str_equal (known_keys[i].key, key))
      return &known_keys[i];
  return NULL;
}

/* Without [kiosk] data-dir or --data-dir: the user's own data directory,
 * or, for the machine's own configuration, the kiosk service's
 * (StateDirectory=ventanilla), so that an older /etc/ventanilla/ventanilla.conf
 * without data-dir still finds the queue. */
static char *
default_data_dir (const char *config_path)
{
  g_autofree char *system = g_build_filename (SYSCONFDIR, "ventanilla", "ventanilla.conf", NULL);
  g_autofree char *canonical_system = g_canonicalize_filename (system, NULL);
  g_autofree char *canonical = config_path != NULL ? g_canonicalize_filename (config_path, NULL) : NULL;

  if (canonical != NULL && g_str_equal (canonical, canonical_system))
    return g_strdup (VT_CONFIG_SYSTEM_DATA_DIR);
  return g_build_filename (g_get_user_data_dir (), "ventanilla", NULL);
}

VtConfig *
vt_config_new_default (void)
{
  VtConfig *self = g_new0 (VtConfig, 1);
  static const char *default_languages[] = { "es", "pt_BR", "en", "fr", "ht", "qu", "gn", NULL };

  self->retry_min_seconds = 5;
  self->retry_max_seconds = 900;
  self->interval_seconds = 300;
  self->connect_timeout_seconds = 15;
  self->stall_timeout_seconds = 60;
  self->request_timeout_seconds = 900;
  self->parallel = 4;
  self->retention_days = 30;
  self->languages = g_strdupv ((char **) default_languages);
  self->idle_seconds = 120;
  self->countdown_seconds = 30;
  self->receipt_seconds = 90;
  self->on_screen_keyboard = VT_KEYBOARD_MODE_AUTO;
  self->status_hours = VT_CONFIG_DEFAULT_STATUS_HOURS;
  self->clerk_idle_seconds = 300;
  self->draft_days = 14;
  self->speech_enabled = TRUE;
  self->speech_volume = 80;
  self->speech_rate = 160;
  self->speech_slow_rate = 115;
  self->speech_voices = g_new0 (char *, 1);
  self->camera = g_strdup ("v4l2src");
  self->microphone = g_strdup ("autoaudiosrc");
  self->speaker = g_strdup ("autoaudiosink");
  self->scanner_timeout_seconds = 120;
  self->max_recording_seconds = 300;
  self->print_timeout_seconds = 30;
  self->status_list = g_strdup ("application_status.csv");
  self->feedback_ask = TRUE;
  self->feedback_delay_seconds = 1800;
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->data_dir = default_data_dir (NULL);

  return self;
}

G_DEFINE_BOXED_TYPE (VtConfig, vt_config, vt_config_copy, vt_config_free)

void
vt_config_free (VtConfig *self)
{
  if (self == NULL)
    return;

  g_free (self->path);
  g_free (self->data_dir);
  g_free (self->server_url);
  g_free (self->username);
  g_free (self->password_file);
  g_free (self->ca_file);
  g_free (self->pinned_public_key);
  g_free (self->project_name);
  g_strfreev (self->languages);
  g_free (self->office_name);
  g_free (self->kiosk_name);
  g_free (self->map_tiles);
  g_strfreev (self->speech_voices);
  g_free (self->camera);
  g_free (self->microphone);
  g_free (self->speaker);
  g_free (self->scanner);
  g_free (self->printer_name);
  g_free (self->removable_directory);
  g_free (self->bundle_recipient_key);
  g_free (self->bundle_recipient_secret_key_file);
  g_free (self->bundle_trusted_kiosks);
  g_free (self->trusted_kiosks);
  g_free (self->status_list);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_free (self);
}

VtConfig *
vt_config_copy (const VtConfig *self)
{
  VtConfig *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = vt_config_new_default ();
  /* Through the table of keys, so a key added there is copied too. */
  for (gsize i = 0; i < G_N_ELEMENTS (known_keys); i++)
    {
      const KeyInfo *info = &known_keys[i];
      gpointer to = G_STRUCT_MEMBER_P (copy, info->offset);
      gconstpointer from = G_STRUCT_MEMBER_P (self, info->offset);

      switch (info->type)
        {
        case KEY_STRING:
        case KEY_PATH:
        case KEY_URL:
        case KEY_PUBLIC_KEY:
          g_free (*(char **) to);
          *(char **) to = g_strdup (*(char * const *) from);
          break;
        case KEY_SECONDS:
        case KEY_HOURS:
          *(double *) to = *(const double *) from;
          break;
        case KEY_INT:
        case KEY_CHOICE:
          *(int *) to = *(const int *) from;
          break;
        case KEY_BOOL:
          *(gboolean *) to = *(const gboolean *) from;
          break;
        case KEY_GEOPOINT:
          *(VtGeoPoint *) to = *(const VtGeoPoint *) from;
          copy->has_location = self->has_location;
          break;
        case KEY_LIST:
        case KEY_PAIRS:
          g_strfreev (*(char ***) to);
          *(char ***) to = g_strdupv (*(char ** const *) from);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  copy->path = g_strdup (self->path);
  g_free (copy->data_dir);
  copy->data_dir = g_strdup (self->data_dir);
  for (guint i = 0; self->warnings != NULL && i < self->warnings->len; i++)
    g_ptr_array_add (copy->warnings, g_strdup (g_ptr_array_index (self->warnings, i)));

  return copy;
}

const char *
vt_config_keyboard_mode_name (VtKeyboardMode mode)
{
  g_return_val_if_fail (mode < G_N_ELEMENTS (keyboard_modes) - 1, NULL);
  return keyboard_modes[mode];
}

void
vt_config_set_data_dir (VtConfig   *self,
                        const char *data_dir)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (data_dir != NULL);

  g_free (self->data_dir);
  self->data_dir = g_canonicalize_filename (data_dir, NULL);
}

/* GKeyFile says what is wrong but not where; a clerk fixing a file over a
 * phone call needs the line.  This pass finds the first line GKeyFile would
 * refuse and remembers where each key stands for later value errors. */
static gboolean
scan_lines (const char  *data,
            const char  *display_path,
            GHashTable  *key_lines,
            GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (data, "\n", -1);
  g_autofree char *group = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      const char *eq;

      if (line[0] == '\0' || line[0] == '#')
        continue;

      if (line[0] == '[')
        {
          gsize len = strlen (line);

          if (len < 3 || line[len - 1] != ']')
            {
              g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_PARSE,
                           _("%s:%u: “%s” is not a valid [group] header; write it as [server], [sync] or [kiosk]"),
                           display_path, i + 1, line);
              return FALSE;
            }
          g_free (group);
          group = g_strndup (line + 1, len - 2);
          continue;
        }

      eq = strchr (line, '=');
      if (eq == NULL || eq == line)
        {
          g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_PARSE,
                       _("%s:%u: “%s” is not a key=value line; write it as key=value, or start it with # to make it a comment"),
                       display_path, i + 1, line);
          return FALSE;
        }

      if (group == NULL)
        {
          g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_PARSE,
                       _("%s:%u: the key on this line comes before any [group]; put it under [server], [sync] or [kiosk]"),
                       display_path, i + 1);
          return FALSE;
        }

      {
        g_autofree char *key = g_strstrip (g_strndup (line, eq - line));
        g_hash_table_insert (key_lines,
                             g_strdup_printf ("%s/%s", group, key),
                             GUINT_TO_POINTER (i + 1));
      }
    }

  return TRUE;
}

static guint
line_of (GHashTable *key_lines,
         const char *group,
         const char *key)
{
  g_autofree char *id = g_strdup_printf ("%s/%s", group, key);
  return GPOINTER_TO_UINT (g_hash_table_lookup (key_lines, id));
}

/* A relative path is read next to the configuration file; the file's own
 * path may be relative too (--config conf/ventanilla.conf), so its
 * directory is made absolute against the current one first. */
static char *
resolve_path (const char *value,
              const char *display_path)
{
  g_autofree char *dir = NULL;
  g_autofree char *absolute_dir = NULL;

  if (g_path_is_absolute (value) || display_path == NULL)
    return g_strdup (value);

  dir = g_path_get_dirname (display_path);
  absolute_dir = g_canonicalize_filename (dir, NULL);
  return g_canonicalize_filename (value, absolute_dir);
}

/* A server address: http(s), a host, and no user name or password in it
 * (those would be printed and logged with the address). */
static gboolean
check_url (const char     *value,
           const KeyInfo  *info,
           const char     *display_path,
           guint           line,
           GError        **error)
{
  g_autoptr(GUri) uri = g_uri_parse (value, G_URI_FLAGS_ENCODED, NULL);
  g_autofree char *shown = vt_openrosa_redact_url (value);
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (scheme == NULL || (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
      || host == NULL || host[0] == '\0')
    {
      g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_INVALID_VALUE,
                   _("%s:%u: [%s] %s: “%s” is not a web address; write the server's OpenRosa address, starting with https://"),
                   display_path, line, info->group, info->key, shown);
      return FALSE;
    }
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_INVALID_VALUE,
                   _("%s:%u: [%s] %s: the address holds a user name or password (“%s”), which would be shown and logged with it; "
                     "remove it from the address, put the user name in [server] username and the password in the file "
                     "that [server] password-file names"),
                   display_path, line, info->group, info->key, shown);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_value (VtConfig       *self,
             const KeyInfo  *info,
             const char     *raw,
             const char     *display_path,
             guint           line,
             GError        **error)
{
  gpointer field = G_STRUCT_MEMBER_P (self, info->offset);
  g_autofree char *value = g_strstrip (g_strdup (raw));

  switch (info->type)
    {
    case KEY_STRING:
      g_free (*(char **) field);
      *(char **) field = value[0] != '\0' ? g_strdup (value) : NULL;
      return TRUE;

    case KEY_PATH:
      g_free (*(char **) field);
      *(char **) field = value[0] != '\0' ? resolve_path (value, display_path) : NULL;
      return TRUE;

    case KEY_URL:
      if (value[0] != '\0' && !check_url (value, info, display_path, line, error))
        return FALSE;
      /* A trailing slash would give <url>//submission, which some servers refuse. */
      while (g_str_has_suffix (value, "/"))
        value[strlen (value) - 1] = '\0';
      g_free (*(char **) field);
      *(char **) field = value[0] != '\0' ? g_strdup (value) : NULL;
      return TRUE;

    case KEY_SECONDS:
    case KEY_HOURS:
      {
        char *end = NULL;
        double d;

        errno = 0;
        d = g_ascii_strtod (value, &end);
        if (value[0] == '\0' || *end != '\0' || errno != 0 || !isfinite (d) ||
            d < info->min || d > info->max)
          {
            if (info->type == KEY_HOURS)
              g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_INVALID_VALUE,
                           _("%s:%u: [%s] %s: “%s” is not a number of hours between %g and %g; write it like 6 or 0.5"),
                           display_path, line, info->group, info->key, value, info->min, info->max);
            else
              g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_INVALID_VALUE,
                           _("%s:%u: [%s] %s: “%s” is not a number of seconds between %g and %g; write it like 5 or 2.5"),
                           display_path, line, info->group, info->key, value, info->min, info->max);
            return FALSE;
          }
        *(double *) field = d;
        return TRUE;
      }

    case KEY_INT:
      {
        gint64 n;

        if (!g_ascii_string_to_signed (value, 10, (gint64) info->min, (gint64) info->max, &n, NULL))
          {
            g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_INVALID_VALUE,
                         _("%s:%u: [%s] %s: “%s” is not a whole number between %g and %g"),
                         display_path, line, info->group, info->key, value, info->min, info->max);
            return FALSE;
          }
        *(int *) field = (int) n;
        return TRUE;
      }

    case KEY_LIST:
      {
        g_auto(GStrv) parts = g_strsplit (value, ";", -1);
        g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
        g_auto(GStrv) list = NULL;

        for (guint i = 0; parts[i] != NULL; i++)
          {
            g_strstrip (parts[i]);
            if (parts[i][0] != '\0')
              g_strv_builder_add (builder, parts[i]);
          }
        list = g_strv_builder_end (builder);
        if (list[0] == NULL)
          {
            g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_INVALID_VALUE,
                         _("%s:%u: [%s] %s: the list is empty; name at least one, separated by semicolons, like es;en"),
                         display_path, line, info->group, info->key);
            return FALSE;
          }
        g_strfreev (*(char ***) field);
        *(char ***) field = g_steal_pointer (&list);
        return TRUE;
      }

    case KEY_BOOL:
      if (g_ascii_strcasecmp (value, "true") == 0 || g_ascii_strcasecmp (value, "yes") == 0
          || g_str_equal (value, "1"))
        *(gboolean *) field = TRUE;
      else if (g_ascii_strcasecmp (value, "false") == 0 || g_ascii_strcasecmp (value, "no") == 0
               || g_str_equal (value, "0"))
        *(gboolean *) field = FALSE;
      else
        {
          g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_INVALID_VALUE,
                       _("%s:%u: [%s] %s: “%s” is neither true nor false; write true or false"),
                       display_path, line, info->group, info->key, value);
          return FALSE;
        }
      return TRUE;

    case KEY_PAIRS:
      {
        g_auto(GStrv) parts = g_strsplit (value, ";", -1);
        g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

        for (guint i = 0; parts[i] != NULL; i++)
          {
            const char *eq;

            g_strstrip (parts[i]);
            if (parts[i][0] == '\0')
              continue;
            eq = strchr (parts[i], '=');
            if (eq == NULL || eq == parts[i] || eq[1] == '\0')
              {
                g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_INVALID_VALUE,
                             _("%s:%u: [%s] %s: “%s” is not a name=value pair; write them like qu=qu;es=es-419"),
                             display_path, line, info->group, info->key, parts[i]);
                return FALSE;
              }
            g_strv_builder_add (builder, parts[i]);
          }
        g_strfreev (*(char ***) field);
        *(char ***) field = g_strv_builder_end (builder);
        return TRUE;
      }

    case KEY_CHOICE:
      for (guint i = 0; info->choices[i] != NULL; i++)
        if (g_str_equal (value, info->choices[i]))
          {
            *(int *) field = (int) i;
            return TRUE;
          }
      {
        g_autofree char *words = g_strjoinv (", ", (char **) info->choices);

        g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_INVALID_VALUE,
                     /* Translators: the last %s lists the words allowed, like "auto, always, never". */
                     _("%s:%u: [%s] %s: “%s” is not one of the words this key takes; write one of: %s"),
                     display_path, line, info->group, info->key, value, words);
        return FALSE;
      }

    case KEY_PUBLIC_KEY:
      {
        guint8 key[32];

        if (value[0] != '\0' && !vt_kiosk_key_decode (value, key, sizeof key))
          {
            g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_INVALID_VALUE,
                         _("%s:%u: [%s] %s: “%s” is not a public key; paste the key that "
                           "“ventanilla-ctl bundle new-recipient-key” printed (44 characters ending in =)"),
                         display_path, line, info->group, info->key, value);
            return FALSE;
          }
        g_free (*(char **) field);
        *(char **) field = value[0] != '\0' ? g_strdup (value) : NULL;
        return TRUE;
      }

    case KEY_GEOPOINT:
      {
        g_autoptr(GError) local_error = NULL;
        VtGeoPoint *point = field;

        /* An empty value is no location, as for the other keys. */
        if (value[0] == '\0')
          {
            self->has_location = FALSE;
            return TRUE;
          }
        if (!vt_geo_point_parse (value, point, &local_error) ||
            (point->parts == 4 && point->accuracy < 0))
          {
            g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_INVALID_VALUE,
                         /* Translators: the %s at the end says what is wrong with the value. */
                         _("%s:%u: [%s] %s: %s; write the kiosk's place as LATITUDE LONGITUDE [ALTITUDE [ACCURACY]] in degrees and metres, like -12.0464 -77.0428 150 5"),
                         display_path, line, info->group, info->key,
                         local_error != NULL ? local_error->message : _("the accuracy cannot be negative"));
            return FALSE;
          }
        self->has_location = TRUE;
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}

/* Reads every key of keyfile into self; an unknown key is a warning.  A
 * value that does not read is an error, or, when salvaging, left at its
 * default.  Without [kiosk] data-dir (or with it empty), the data directory
 * is the default for display_path. */
static gboolean
apply_keys (VtConfig    *self,
            GKeyFile    *keyfile,
            GHashTable  *key_lines,
            const char  *display_path,
            gboolean     salvage,
            GError     **error)
{
  g_auto(GStrv) groups = g_key_file_get_groups (keyfile, NULL);

  g_clear_pointer (&self->data_dir, g_free);
  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (keyfile, groups[g], NULL, NULL);

      for (guint k = 0; keys != NULL && keys[k] != NULL; k++)
        {
          const KeyInfo *info = find_key (groups[g], keys[k]);
          guint line = line_of (key_lines, groups[g], keys[k]);
          g_autofree char *raw = NULL;
          g_autoptr(GError) local_error = NULL;

          if (info == NULL)
            {
              g_ptr_array_add (self->warnings,
                               g_strdup_printf (_("%s:%u: unknown key [%s] %s is ignored; check its spelling"),
                                                display_path, line, groups[g], keys[k]));
              continue;
            }

          raw = g_key_file_get_value (keyfile, groups[g], keys[k], NULL);
          if (!parse_value (self, info, raw, display_path, line, &local_error) && !salvage)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
        }
    }

  if (self->data_dir == NULL)
    self->data_dir = default_data_dir (display_path);
  return TRUE;
}

VtConfig *
vt_config_load_from_data (const char  *data,
                          gssize       length,
                          const char  *display_path,
                          GError     **error)
{
  g_autoptr(VtConfig) self = vt_config_new_default ();
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GHashTable) key_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  if (display_path == NULL)
    display_path = "<config>";
  text = length < 0 ? g_strdup (data) : g_strndup (data, length);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_PARSE,
                   _("%s: the file is not UTF-8 text; save it again as UTF-8"),
                   display_path);
      return NULL;
    }

  if (!scan_lines (text, display_path, key_lines, error))
    return NULL;

  if (!g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_PARSE,
                   "%s: %s", display_path, local_error->message);
      return NULL;
    }

  if (!apply_keys (self, keyfile, key_lines, display_path, FALSE, error))
    return NULL;

  if (self->retry_max_seconds < self->retry_min_seconds)
    {
      g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_INVALID_VALUE,
                   _("%s:%u: [sync] retry-max-seconds (%g) is smaller than retry-min-seconds (%g); make it at least as large"),
                   display_path, line_of (key_lines, "sync", "retry-max-seconds"),
                   self->retry_max_seconds, self->retry_min_seconds);
      return NULL;
    }

  /* Applications and the password would travel readable by anyone on the
   * way; only a test server on this machine is worth that. */
  if (self->server_url != NULL && g_ascii_strncasecmp (self->server_url, "http://", 7) == 0 &&
      !self->allow_http)
    {
      g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_INVALID_VALUE,
                   _("%s:%u: [server] url uses http://, so applications and the password would travel unencrypted; "
                     "use the server's https:// address, or, for a test server on this machine, set [server] allow-http = true"),
                   display_path, line_of (key_lines, "server", "url"));
      return NULL;
    }

  /* A map file that does not open is not worth stopping the kiosk for:
   * location questions keep their field for coordinates.  But IT hears of
   * it at once, from the kiosk's log and from every ventanilla-ctl. */
  if (self->map_tiles != NULL)
    {
      g_autoptr(GError) map_error = NULL;
      g_autoptr(VtMbtiles) map = vt_mbtiles_open (self->map_tiles, &map_error);

      if (map == NULL)
        g_ptr_array_add (self->warnings,
                         g_strdup_printf (_("%s:%u: [kiosk] map-tiles: %s; location questions are shown without a map, "
                                            "with a field for the coordinates"),
                                          display_path, line_of (key_lines, "kiosk", "map-tiles"),
                                          map_error->message));
    }

  for (guint i = 0; i < self->warnings->len; i++)
    g_info ("%s", (const char *) g_ptr_array_index (self->warnings, i));

  return g_steal_pointer (&self);
}

char *
vt_config_find_file (const char *explicit_path)
{
  g_autofree char *user = NULL;
  g_autofree char *system = NULL;

  if (explicit_path != NULL)
    return g_strdup (explicit_path);

  user = g_build_filename (g_get_user_config_dir (), "ventanilla", "ventanilla.conf", NULL);
  if (g_file_test (user, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&user);

  system = g_build_filename (SYSCONFDIR, "ventanilla", "ventanilla.conf", NULL);
  if (g_file_test (system, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&system);

  return NULL;
}

VtConfig *
vt_config_load (const char  *explicit_path,
                const char  *data_dir,
                GError     **error)
{
  g_autofree char *path = vt_config_find_file (explicit_path);
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VtConfig) self = NULL;
  gsize length = 0;

  if (path == NULL)
    {
      /* No file anywhere is a valid, offline-only kiosk with defaults. */
      self = vt_config_new_default ();
    }
  else
    {
      if (!g_file_get_contents (path, &contents, &length, &local_error))
        {
          g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_NOT_FOUND,
                       _("Cannot read the configuration file %s: %s"),
                       path, local_error->message);
          return NULL;
        }

      self = vt_config_load_from_data (contents, length, path, error);
      if (self == NULL)
        return NULL;
      self->path = g_canonicalize_filename (path, NULL);
    }

  if (data_dir != NULL)
    vt_config_set_data_dir (self, data_dir);

  return g_steal_pointer (&self);
}

/* The lines of text a key file can hold: comments, [group] headers, and
 * key=value lines under a group; every other line is dropped. */
static char *
keep_setting_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) kept = g_string_new (NULL);
  gboolean in_group = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      gsize len = strlen (line);
      const char *eq = strchr (line, '=');

      if (line[0] == '[')
        {
          in_group = len >= 3 && strcspn (line, "]") == len - 1 && strchr (line + 1, '[') == NULL;
          if (!in_group)
            continue;
        }
      else if (line[0] != '\0' && line[0] != '#' && (!in_group || eq == NULL || eq == line))
        continue;

      g_string_append (kept, line);
      g_string_append_c (kept, '\n');
    }
  return g_string_free (g_steal_pointer (&kept), FALSE);
}

/* For a kiosk whose configuration has a mistake: the settings that still
 * read well, defaults for the rest, so that it can say it is out of
 * service in its own languages and let a clerk in to the data directory
 * it has.  Never fails; never use the result to take applications. */
VtConfig *
vt_config_load_salvage (const char *explicit_path,
                        const char *data_dir)
{
  g_autofree char *path = vt_config_find_file (explicit_path);
  g_autofree char *contents = NULL;
  VtConfig *self = vt_config_new_default ();

  if (path != NULL)
    {
      self->path = g_canonicalize_filename (path, NULL);
      g_free (self->data_dir);
      self->data_dir = default_data_dir (path);
    }
  if (path != NULL && g_file_get_contents (path, &contents, NULL, NULL) &&
      g_utf8_validate (contents, -1, NULL))
    {
      g_autoptr(GHashTable) key_lines = g_hash_table_new (g_str_hash, g_str_equal);
      g_autofree char *kept = keep_setting_lines (contents);
      g_autoptr(GKeyFile) keyfile = g_key_file_new ();

      if (g_key_file_load_from_data (keyfile, kept, -1, G_KEY_FILE_NONE, NULL))
        apply_keys (self, keyfile, key_lines, path, TRUE, NULL);
    }

  if (data_dir != NULL)
    vt_config_set_data_dir (self, data_dir);
  return self;
}

/* A password file holds one line; more is not a password file. */
#define MAX_PASSWORD_FILE 4096

char *
vt_config_read_password (VtConfig  *self,
                         GError   **error)
{
  char buffer[MAX_PASSWORD_FILE + 1];
  gsize length = 0;
  struct stat st;
  char *password;
  int saved_errno;
  int fd;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->password_file == NULL)
    return NULL;

  /* The permissions are those of the file opened, not of a path that could
   * be swapped between a check and the read. */
  fd = g_open (self->password_file, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_NOT_FOUND,
                   _("Cannot read the password file %s: %s"),
                   self->password_file, g_strerror (saved_errno));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_NOT_FOUND,
                   _("The password file %s is not a file; [server] password-file must name the file that holds the password"),
                   self->password_file);
      return NULL;
    }
  if ((st.st_mode & (S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH)) != 0)
    {
      close (fd);
      g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_PERMISSIONS,
                   _("The password file %s can be read or changed by other users of this machine, so it was not used; "
                     "make it the kiosk user's alone with: chmod 600 %s"),
                   self->password_file, self->password_file);
      return NULL;
    }

  while (length < sizeof buffer)
    {
      gssize n = read (fd, buffer + length, sizeof buffer - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved_errno = errno;
          close (fd);
          sodium_memzero (buffer, length);
          g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_NOT_FOUND,
                       _("Cannot read the password file %s: %s"),
                       self->password_file, g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      length += (gsize) n;
    }
  close (fd);
  if (length > MAX_PASSWORD_FILE)
    {
      sodium_memzero (buffer, length);
      g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_INVALID_VALUE,
                   _("The password file %s is larger than %d bytes; it must hold the password alone, on one line"),
                   self->password_file, MAX_PASSWORD_FILE);
      return NULL;
    }

  /* One line; a trailing newline from an editor is not part of the password. */
  password = g_strndup (buffer, length);
  sodium_memzero (buffer, length);
  g_strchomp (password);
  return password;
}
