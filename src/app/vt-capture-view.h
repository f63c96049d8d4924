#pragma once

#include <gtk/gtk.h>

#include "vt-devices.h"
#include "vt-session.h"
#include "vt-submission.h"

G_BEGIN_DECLS

/* How a citizen answers an upload question: take a photo, scan the paper,
 * choose a file from a USB stick, record their voice, or sign, as the
 * question's mediatype and appearance ask and the kiosk's devices allow;
 * then the answer shown (a thumbnail, "Recording, 0:42", "Signature") with
 * Change and Remove.  Devices are opened only on their own step and closed
 * when it is left.  Nothing is written to disk: the file is handed over by
 * ::attached (name, content type, GBytes); ::removed when the citizen
 * takes it away.  A device that fails says so in the citizen's language
 * and leaves the answer as it was. */

#define VT_TYPE_CAPTURE_VIEW (vt_capture_view_get_type ())

G_DECLARE_FINAL_TYPE (VtCaptureView, vt_capture_view, VT, CAPTURE_VIEW, GtkBox)

/* current: the file the answer names now, or NULL. */
GtkWidget  *vt_capture_view_new          (VtDevices          *devices,
                                          const VtQuestion   *question,
                                          const VtAttachment *current);
/* The step shown: "choose", "camera", "check", "scan", "usb", "record",
 * "sign" or "answer" (tests, and the window's focus). */
const char *vt_capture_view_get_step     (VtCaptureView      *self);
/* The widget that takes focus first on the step shown. */
GtkWidget  *vt_capture_view_get_focus_target (VtCaptureView  *self);
/* Words for an answer, as the review page shows it: "Signature",
 * "Recording, 0:42", "foto.jpg (1.2 MB)". */
char       *vt_capture_view_describe     (const VtQuestion   *question,
                                          const VtAttachment *attachment);

G_END_DECLS
