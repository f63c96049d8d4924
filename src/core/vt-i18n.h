#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Which catalogue Ventanilla's own words come from.
 *
 * Each language has a gettext domain of its own, "ventanilla-<code>"
 * (po/<code>.po compiled as <code>/LC_MESSAGES/ventanilla-<code>.mo), and
 * the language in use is the process's default domain: _(), ngettext(),
 * C_() and GtkBuilder's translatable="yes" all read it.  Switching
 * language is one textdomain() call, which gettext guards with a lock of
 * its own, so the kiosk changes language while the sync thread runs without
 * touching the environment or the C library's locale.
 *
 * vt_i18n_init() and vt_i18n_init_kiosk() (with vt_i18n_prefer_languages())
 * set up the process once, before any other thread exists; nothing in
 * Ventanilla sets an environment variable or calls setlocale() after that. */

/* A command-line program: the catalogue of the first language in the
 * user's locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) that Ventanilla has,
 * else English. */
void         vt_i18n_init            (void);
/* The kiosk: the C library locale from the environment, or the UTF-8 C
 * locale when the environment names none (a kiosk unit sets no LANG);
 * every catalogue bound; English until the language comes from the
 * kiosk's configuration through vt_i18n_set_language(). */
void         vt_i18n_init_kiosk      (void);
/* The kiosk's configured languages first in LANGUAGE, so that the few
 * words of GLib and GTK themselves (an entry's menu, a file error) come in
 * the kiosk's own language; Ventanilla's words do not depend on it.  Once,
 * after vt_i18n_init_kiosk(), while no other thread runs (the application
 * calls it when it has read its configuration, before it registers). */
void         vt_i18n_prefer_languages (const char * const *codes);
/* TRUE when Ventanilla ships a catalogue for code ("es", "pt_BR"). */
gboolean     vt_i18n_has_catalogue   (const char *code);
/* Ventanilla's words in code from now on, in every thread; a code without
 * a catalogue ("en") gives the English originals. */
void         vt_i18n_set_language    (const char *code);
/* The gettext domain of the language in use, for APIs that take one
 * (GOptionContext). */
const char  *vt_i18n_get_domain      (void);

G_END_DECLS
