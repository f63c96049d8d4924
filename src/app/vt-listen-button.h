#pragma once

#include <gtk/gtk.h>

#include "vt-player.h"
#include "vt-speech.h"

G_BEGIN_DECLS

#define VT_TYPE_LISTEN_BUTTON (vt_listen_button_get_type ())

G_DECLARE_FINAL_TYPE (VtListenButton, vt_listen_button, VT, LISTEN_BUTTON, GtkButton)

/* A button that has the player say script, and stops it when pressed
 * again; shown only while the player has somewhere to play.  The large one
 * says "Listen" beside a loudspeaker ("Stop" while it speaks); the small
 * one is the loudspeaker alone, named "Listen: <what>" for screen readers. */
GtkWidget      *vt_listen_button_new        (VtPlayer       *player,
                                             VtSpeechScript *script,
                                             gboolean        large,
                                             const char     *what);
VtSpeechScript *vt_listen_button_get_script (VtListenButton *self);

G_END_DECLS
