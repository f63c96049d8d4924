#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The kiosk's flatbed scanner through SANE.  Every SANE call runs in a
 * worker thread, one scan at a time in the whole process; the page comes
 * back as a JPEG or a one-page PDF in memory, never as a file.  Tests use
 * SANE's own "test" backend through a private SANE_CONFIG_DIR.
 *
 * notify::progress (0..1) is emitted in the main context of the thread
 * that created the scanner while a page comes in. */

#define VT_SCANNER_ERROR (vt_scanner_error_quark ())

typedef enum
{
  VT_SCANNER_ERROR_NOT_FOUND,      /* no scanner, or the configured one is missing */
  VT_SCANNER_ERROR_BUSY,           /* in use or warming up */
  VT_SCANNER_ERROR_JAMMED,         /* paper jam, no paper, cover open */
  VT_SCANNER_ERROR_TIMEOUT,        /* a page took longer than the configured time */
  VT_SCANNER_ERROR_CANCELLED,
  VT_SCANNER_ERROR_FAILED,         /* the device or its driver failed */
} VtScannerError;

typedef enum
{
  VT_SCAN_FORMAT_JPEG,
  VT_SCAN_FORMAT_PDF,
} VtScanFormat;

/* The resolution documents are scanned at: legible, and small enough to
 * send from a field office. */
#define VT_SCANNER_DPI 200

#define VT_TYPE_SCANNER (vt_scanner_get_type ())

G_DECLARE_FINAL_TYPE (VtScanner, vt_scanner, VT, SCANNER, GObject)

GQuark      vt_scanner_error_quark      (void);

/* device: a SANE device name, NULL for the first one found, "none" for a
 * kiosk without a scanner.  timeout_seconds: the longest a page may take. */
VtScanner  *vt_scanner_new              (const char          *device,
                                         double               timeout_seconds);
gboolean    vt_scanner_is_configured    (VtScanner           *self);
/* Is a scanner there?  The device names, possibly empty. */
void        vt_scanner_find_async       (VtScanner           *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GStrv       vt_scanner_find_finish      (VtScanner           *self,
                                         GAsyncResult        *result,
                                         GError             **error);
/* One page at VT_SCANNER_DPI, in colour where the scanner can, the
 * picture's longer side at most max_pixels (0: as scanned).  Cancelling
 * stops the scanner. */
void        vt_scanner_scan_async       (VtScanner           *self,
                                         VtScanFormat         format,
                                         int                  max_pixels,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* The page, and its content type ("image/jpeg" or "application/pdf"). */
GBytes     *vt_scanner_scan_finish      (VtScanner           *self,
                                         GAsyncResult        *result,
                                         char               **content_type,
                                         GError             **error);
double      vt_scanner_get_progress     (VtScanner           *self);
gboolean    vt_scanner_get_busy         (VtScanner           *self);

G_END_DECLS
