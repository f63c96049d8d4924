#pragma once

#include <glib.h>

#include "vt-geo.h"

G_BEGIN_DECLS

#define VT_CONFIG_ERROR (vt_config_error_quark ())

typedef enum
{
  VT_CONFIG_ERROR_NOT_FOUND,
  VT_CONFIG_ERROR_PARSE,
  VT_CONFIG_ERROR_INVALID_VALUE,
  VT_CONFIG_ERROR_PERMISSIONS,
} VtConfigError;

/* [kiosk] on-screen-keyboard, in the order the file's words are listed. */
typedef enum
{
  VT_KEYBOARD_MODE_AUTO,         /* "auto": when the seat reports a touch screen */
  VT_KEYBOARD_MODE_ALWAYS,       /* "always": a touch panel that reports as a mouse */
  VT_KEYBOARD_MODE_NEVER,        /* "never": a physical keyboard only */
} VtKeyboardMode;

/* The kiosk's settings, read once at start from one GKeyFile.  Plain data:
 * every field has a sensible default so a kiosk without a file still runs. */
typedef struct
{
  char      *path;               /* the file that was read, or NULL */
  char      *data_dir;           /* where the database and media live */

  /* [server] */
  char      *server_url;         /* OpenRosa base URL, or NULL when offline-only */
  char      *username;
  char      *password_file;      /* absolute; relative paths resolve next to the config file */
  char      *ca_file;
  char      *pinned_public_key;

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
  VtKeyboardMode on_screen_keyboard;
  gboolean   has_location;       /* [kiosk] location was given */
  VtGeoPoint location;           /* where the kiosk stands, degrees WGS84 */
  char      *map_tiles;          /* [kiosk] map-tiles: an MBTiles file, or NULL */

  /* [clerk] */
  int        clerk_idle_seconds;
  int        draft_days;

  /* [devices]: documents at the kiosk.  A pipeline or device of "none"
   * means the kiosk has no such device. */
  char      *camera;             /* GStreamer source description ("v4l2src") */
  char      *microphone;         /* GStreamer source description ("autoaudiosrc") */
  char      *speaker;            /* GStreamer sink description ("autoaudiosink") */
  char      *scanner;            /* SANE device name; NULL: the first one found */
  double     scanner_timeout_seconds;
  char      *removable_directory; /* stand-in drives (tests, fixed mounts); NULL: GVolumeMonitor */
  int        max_recording_seconds;

  /* Things worth a warning that do not stop the kiosk (unknown keys). */
  GPtrArray *warnings;
} VtConfig;

GQuark      vt_config_error_quark     (void);

VtConfig   *vt_config_new_default     (void);
VtConfig   *vt_config_load            (const char  *explicit_path,
                                       const char  *data_dir,
                                       GError     **error);
VtConfig   *vt_config_load_from_data  (const char  *data,
                                       gssize       length,
                                       const char  *display_path,
                                       GError     **error);
char       *vt_config_find_file       (const char  *explicit_path);
void        vt_config_set_data_dir    (VtConfig    *self,
                                       const char  *data_dir);
char       *vt_config_read_password   (VtConfig    *self,
                                       GError     **error);
void        vt_config_free            (VtConfig    *self);
/* "auto", "always" or "never", as the file writes it. */
const char *vt_config_keyboard_mode_name (VtKeyboardMode mode);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtConfig, vt_config_free)

G_END_DECLS
