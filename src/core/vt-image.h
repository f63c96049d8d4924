#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

G_BEGIN_DECLS

/* Pictures a citizen hands over: a camera frame or a scanned page becomes
 * a JPEG (or a one-page PDF), a picture from a USB stick is scaled to the
 * form's max-pixels, and a thumbnail is made in memory for the screen.
 * Nothing here writes a file: every picture is personal data and lives
 * only in the answer (and never in a thumbnail cache). */

#define VT_IMAGE_ERROR (vt_image_error_quark ())

typedef enum
{
  VT_IMAGE_ERROR_UNREADABLE,   /* not a picture the kiosk can read */
  VT_IMAGE_ERROR_ENCODE,
} VtImageError;

/* JPEG quality for photos and scans: text stays sharp at about a tenth of
 * the raw size. */
#define VT_IMAGE_JPEG_QUALITY 88

GQuark      vt_image_error_quark      (void);

/* The picture, scaled down so its longer side is at most max_pixels (ODK's
 * max-pixels; 0 or less: as it is).  Never scales up. */
GdkPixbuf  *vt_image_fit              (GdkPixbuf    *pixbuf,
                                       int           max_pixels);
/* RGB (or RGBA: the alpha is dropped on white) pixels to JPEG, after
 * vt_image_fit(). */
GBytes     *vt_image_encode_jpeg      (GdkPixbuf    *pixbuf,
                                       int           max_pixels,
                                       GError      **error);
GBytes     *vt_image_encode_png       (GdkPixbuf    *pixbuf,
                                       GError      **error);
/* A picture file (JPEG or PNG) as the answer should hold it: turned as its
 * EXIF orientation says and scaled to max_pixels when it is larger, in
 * its own format; the same bytes when nothing needs changing. */
GBytes     *vt_image_fit_file         (GBytes       *file,
                                       const char   *content_type,
                                       int           max_pixels,
                                       GError      **error);
/* A thumbnail at most size pixels on its longer side, in memory. */
GdkPixbuf  *vt_image_thumbnail        (GBytes       *file,
                                       int           size,
                                       GError      **error);
/* A one-page PDF holding a JPEG as it is (no re-encoding), the page as
 * large as the picture at dpi. */
GBytes     *vt_image_pdf_from_jpeg    (GBytes       *jpeg,
                                       int           width,
                                       int           height,
                                       double        dpi,
                                       GError      **error);

G_END_DECLS
