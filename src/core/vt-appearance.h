#pragma once

#include <glib.h>

#include "vt-form.h"

G_BEGIN_DECLS

/* ODK's appearances (XLSForm's "appearance" column): which ones the kiosk
 * draws as Collect and Enketo do, and what it shows for the others, so
 * that `form check` tells form authors the truth.  The one table of it is
 * in vt-appearance.c: keep it in step with src/app when a control learns
 * an appearance. */

/* TRUE when the space-separated appearance holds token ("minimal"). */
gboolean      vt_appearance_has              (const char  *appearance,
                                              const char  *token);
/* The N of "columns-N" (or of "w" N for a field-list width); 0 when the
 * appearance has none. */
guint         vt_appearance_get_number       (const char  *appearance,
                                              const char  *prefix);

/* One line per control, appearance or element the kiosk does not draw
 * as specified: "<path>: appearance \"X\" is shown as …", in document
 * order; an appearance ODK does not know is named too.  NULL-terminated,
 * empty when the kiosk draws the whole form as written. */
char        **vt_form_dup_appearance_warnings (VtForm     *form);

G_END_DECLS
