#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A barcode question's entry: a USB barcode or QR scanner is a keyboard
 * that types the code in a burst (keys a few milliseconds apart, by the X
 * server's clock) and presses Enter.  Such a burst is taken as a scan:
 * the Enter does not leave the page, and status says "Scanned" with the
 * code, for the citizen to check before Continue.  Typed by hand, the
 * field is an ordinary one. */
void      vt_scan_field_attach      (GtkWidget *entry,
                                     GtkWidget *status);
/* TRUE once what the entry holds came from a scanner. */
gboolean  vt_scan_field_was_scanned (GtkWidget *entry);

G_END_DECLS
