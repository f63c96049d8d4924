#pragma once

#include <glib.h>

#include "vt-form.h"

G_BEGIN_DECLS

/* The languages the kiosk's own words come in.  A language is named in
 * itself ("Español"), never in the language currently shown, so a citizen
 * can find theirs whatever the screen says. */
typedef struct
{
  const char *code;                /* gettext code: "es", "pt_BR", "en" */
  const char *native_name;         /* "Español", "Português" */
  const char *bcp47;               /* "es", "pt-BR", for accessibility and itext matching */
} VtLanguage;

void              vt_language_init         (void);
const VtLanguage *vt_language_lookup       (const char *code);
const VtLanguage *vt_language_get_all      (guint      *n_languages);
void              vt_language_apply        (const char *code);
const char       *vt_language_get_current  (void);
/* The kiosk's own language: the first of codes (its [kiosk] languages)
 * that it has words for, else English. */
const char       *vt_language_get_default  (const char * const *codes);

/* Dates and numbers in the citizen's language, independent of which C
 * locales the kiosk happens to have installed. */
char             *vt_language_format_date      (GDateTime  *datetime);
char             *vt_language_format_datetime  (GDateTime  *datetime);
const char       *vt_language_decimal_separator (void);

char             *vt_language_dup_form_language_name (const char *form_language);
/* "This service is only available in Español…" for a form without the
 * kiosk's current language, or NULL. */
char             *vt_language_dup_fallback_notice    (VtForm     *form,
                                                      const char *code);

G_END_DECLS
