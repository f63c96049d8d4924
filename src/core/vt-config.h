#pragma once

#include <glib-object.h>

#include "vt-geo.h"

G_BEGIN_DECLS

#define VT_CONFIG_ERROR (vt_config_error_quark ())

/* The kiosk service's data directory (its StateDirectory=), and the data
 * directory of SYSCONFDIR/ventanilla/ventanilla.conf when it names none. */
#define VT_CONFIG_SYSTEM_DATA_DIR "/var/lib/ventanilla"

typedef enum
{
  VT_CONFIG_ERROR_NOT_FOUND,
  VT_CONFIG_ERROR_PARSE,
  VT_CONFIG_ERROR_INVALID_VALUE,
  VT_CONFIG_ERROR_PERMISSIONS,
} VtConfigError;

/* [kiosk] status-hours when the file says nothing. */
#define VT_CONFIG_DEFAULT_STATUS_HOURS 6

/* [kiosk] on-screen-keyboard, in the order the file's words are listed. */
typedef enum
{
  VT_KEYBOARD_MODE_AUTO,         /* "auto": when the seat reports a touch screen */
  VT_KEYBOARD_MODE_ALWAYS,       /* "always": a touch panel that reports as a mouse */
  VT_KEYBOARD_MODE_NEVER,        /* "never": a physical keyboard only */
} VtKeyboardMode;

/* The kiosk's settings, read once at start from one GKeyFile.  Plain data:
 * every field has a sensible default so a kiosk without a file still runs.
 * Every field is either a key of the table in vt-config.c or copied by
 * name in vt_config_copy(), so a copy never falls back to defaults. */
typedef struct
{
  char      *path;               /* the file that was read, or NULL */
  char      *data_dir;           /* where the database and media live: --data-dir, else
                                  * [kiosk] data-dir, else VT_CONFIG_SYSTEM_DATA_DIR for the
                                  * system's file, else $XDG_DATA_HOME/ventanilla */

  /* [server] */
  char      *server_url;         /* OpenRosa base URL, or NULL when offline-only */
  char      *username;
  char      *password_file;      /* absolute; relative paths resolve next to the config file */
  char      *ca_file;
  char      *pinned_public_key;
  gboolean   allow_http;         /* plain http:// only when set (a test server on loopback) */
  char      *project_name;       /* the server's project (ODK Central), as set up from its QR code */

  /* [sync] */
  double     retry_min_seconds;
  double     retry_max_seconds;
  double     interval_seconds;
  double     connect_timeout_seconds;
  double     stall_timeout_seconds;
  double     request_timeout_seconds;
  int        parallel;
  int        retention_days;

  /* [kiosk] */
  char     **languages;
  int        idle_seconds;
  int        countdown_seconds;
  int        receipt_seconds;
  char      *office_name;
  double     status_hours;       /* [kiosk] status-hours: a health report this often; 0: only when asked */
  char      *kiosk_name;         /* [kiosk] name: "Town hall, Canelones, kiosk 2", for IT (docs/FLEET.md) */
  VtKeyboardMode on_screen_keyboard;
  gboolean   has_location;       /* [kiosk] location was given */
  VtGeoPoint location;           /* where the kiosk stands, degrees WGS84 */
  char      *map_tiles;          /* [kiosk] map-tiles: an MBTiles file for location questions
                                  * (absolute), or NULL: no map, coordinates typed */

  /* [clerk] */
  int        clerk_idle_seconds;
  int        draft_days;

  /* [speech]: reading pages aloud (vt-speech.h). */
  gboolean   speech_enabled;     /* FALSE: no Listen buttons, nothing spoken */
  int        speech_volume;      /* percent of full scale */
  int        speech_rate;        /* words per minute */
  int        speech_slow_rate;   /* words per minute when a citizen asks for slower */
  char     **speech_voices;      /* "language=voice" pairs over vt-speech's own table */
  /* [devices]: documents at the kiosk.  A pipeline or device of "none"
   * means the kiosk has no such device. */
  char      *camera;             /* GStreamer source description ("v4l2src") */
  char      *microphone;         /* GStreamer source description ("autoaudiosrc") */
  char      *speaker;            /* GStreamer sink description ("autoaudiosink"): recordings
                                  * played back and the read-aloud voice */
  char      *scanner;            /* SANE device name; NULL: the first one found */
  double     scanner_timeout_seconds;
  char      *removable_directory; /* stand-in drives (tests, fixed mounts); NULL: GVolumeMonitor */
  int        max_recording_seconds;
  /* [bundle] */
  char      *bundle_recipient_key;              /* the municipality's public key (base64): exports are encrypted */
  char      *bundle_recipient_secret_key_file;  /* absolute: opens bundles encrypted for it */
  char      *bundle_trusted_kiosks;             /* absolute: the kiosks whose signed bundles import */

  /* [printer]: the receipt's, through CUPS (ventanilla-print). */
  char      *printer_name;       /* a CUPS queue; NULL: CUPS's default */
  double     print_timeout_seconds; /* how long the printer may take to take the job */

  /* [receipts]: signed receipts and "Check an application" (docs/RECEIPTS.md) */
  char      *trusted_kiosks;     /* file of kiosks' public keys whose receipts this kiosk checks */
  char      *status_list;        /* the form attachment with the municipality's decisions */

  /* [feedback]: "How easy was this?" after the receipt */
  gboolean   feedback_ask;
  int        feedback_delay_seconds; /* sent up to this long after the application */

  /* Things worth a warning that do not stop the kiosk (unknown keys). */
  GPtrArray *warnings;
} VtConfig;

/* A boxed type, so a GObject property can hold one (a window's copy). */
#define VT_TYPE_CONFIG (vt_config_get_type ())

GQuark      vt_config_error_quark     (void);
GType       vt_config_get_type        (void) G_GNUC_CONST;

VtConfig   *vt_config_new_default     (void);
VtConfig   *vt_config_load            (const char  *explicit_path,
                                       const char  *data_dir,
                                       GError     **error);
/* Never NULL: what a broken file still says (vt-config.c). */
VtConfig   *vt_config_load_salvage    (const char  *explicit_path,
                                       const char  *data_dir);
VtConfig   *vt_config_load_from_data  (const char  *data,
                                       gssize       length,
                                       const char  *display_path,
                                       GError     **error);
char       *vt_config_find_file       (const char  *explicit_path);
/* A deep copy: every setting, the file's path, the data directory and the
 * warnings (for a worker thread that keeps its own). */
VtConfig   *vt_config_copy            (const VtConfig *self);
void        vt_config_set_data_dir    (VtConfig    *self,
                                       const char  *data_dir);
/* The password from [server] password-file, without its trailing newline,
 * or NULL with no file configured (and no error).  A file that the group or
 * other users may read is refused (VT_CONFIG_ERROR_PERMISSIONS) with the
 * command that fixes it.  Overwrite it before freeing it. */
char       *vt_config_read_password   (VtConfig    *self,
                                       GError     **error);
void        vt_config_free            (VtConfig    *self);
/* "auto", "always" or "never", as the file writes it. */
const char *vt_config_keyboard_mode_name (VtKeyboardMode mode);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtConfig, vt_config_free)

G_END_DECLS
