#pragma once

#include <glib.h>

G_BEGIN_DECLS

void         vt_i18n_init          (void);
const char  *vt_i18n_get_localedir (void);

G_END_DECLS
