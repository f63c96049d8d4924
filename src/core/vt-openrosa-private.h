#pragma once

#include "vt-openrosa.h"

G_BEGIN_DECLS

/* Shared by vt-openrosa.c and vt-openrosa-parse.c. */

/* An RFC 9110 date ("Sun, 06 Nov 1994 08:49:37 GMT") for a Date header. */
char *vt_openrosa_http_date (GDateTime *dt);

G_END_DECLS
