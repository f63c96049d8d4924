#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Check digits of the national identifiers citizens of the region type on a
 * kiosk.  Forms call them through the XPath extension function
 *   vt:id-valid(VALUE, 'SCHEME')     (xmlns:vt="https://ventanilla.org/xforms")
 * Schemes: BR-CPF, BR-CNPJ, CL-RUT, UY-CI, AR-CUIT, AR-CUIL, MX-CURP, CO-NIT,
 * PE-RUC (case-insensitive).  Separators people type (dots, dashes, spaces,
 * slashes) are ignored. */

/* TRUE when scheme is one of the above. */
gboolean     vt_national_id_scheme_is_known (const char *scheme);

/* TRUE when value is a well-formed identifier of that scheme whose check
 * digit(s) match.  An unknown scheme is FALSE. */
gboolean     vt_national_id_is_valid        (const char *scheme,
                                             const char *value);

/* The value with separators removed and letters upper-cased, as stored;
 * NULL for an unknown scheme. */
char        *vt_national_id_normalize       (const char *scheme,
                                             const char *value);

const char * const *vt_national_id_list_schemes (void);

/* The same check as vt_national_id_is_valid() in plain ODK XPath (XPath
 * 1.0 and regex(), no vt: function) over the value at path ("." in a
 * constraint), for forms that must also run in other ODK clients
 * (`ventanilla-ctl id-check-xpath`).  An error that lists the schemes for
 * an unknown one. */
char        *vt_national_id_dup_xpath       (const char  *scheme,
                                             const char  *path,
                                             GError     **error);

G_END_DECLS
