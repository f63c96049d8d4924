#pragma once

#include <gtk/gtk.h>

#include "vt-config.h"
#include "vt-player.h"
#include "vt-screen-page.h"
#include "vt-session.h"

G_BEGIN_DECLS

/* Reading aloud, for the whole window: the top bar's "Read the questions
 * aloud" (off → on → slower → off, each press saying what it did), Listen
 * buttons on question pages and on "check your answers", the pages read as
 * they appear while it is on, the welcome screen's spoken offer at the
 * first touch, and silence at every change of screen and at the wipe.
 * The window owns one and tells it of each screen it shows; it never
 * calls the window. */

typedef enum
{
  VT_READ_ALOUD_OFF,
  VT_READ_ALOUD_ON,
  VT_READ_ALOUD_SLOWER,
} VtReadAloudMode;

#define VT_TYPE_READ_ALOUD (vt_read_aloud_get_type ())

G_DECLARE_FINAL_TYPE (VtReadAloud, vt_read_aloud, VT, READ_ALOUD, GObject)

/* window: where the first touch of the welcome screen is heard; button and
 * label: the top bar's setting, shown only when there is somewhere to
 * play. */
VtReadAloud     *vt_read_aloud_new            (VtConfig    *config,
                                               GtkWidget   *window,
                                               GtkWidget   *button,
                                               GtkWidget   *label);
/* The top bar's button was pressed: the next setting, said aloud. */
void             vt_read_aloud_cycle          (VtReadAloud *self);
/* The button's words, in the language applied now. */
void             vt_read_aloud_update_chrome  (VtReadAloud *self);
/* Before another screen, or the same one rebuilt: silence. */
void             vt_read_aloud_screen_leaving (VtReadAloud *self);
/* page is shown as screen; shown is the form's page on it (a question
 * screen) or NULL, language the one the form is read in. */
void             vt_read_aloud_screen_shown   (VtReadAloud  *self,
                                               VtScreen      screen,
                                               GtkWidget    *page,
                                               const VtPage *shown,
                                               const char   *language);
/* The next citizen: off, normal speed, silent. */
void             vt_read_aloud_reset          (VtReadAloud *self);

VtPlayer        *vt_read_aloud_get_player     (VtReadAloud *self);
VtReadAloudMode  vt_read_aloud_get_mode       (VtReadAloud *self);

G_END_DECLS
