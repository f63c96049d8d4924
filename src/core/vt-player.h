#pragma once

#include <glib-object.h>

#include "vt-config.h"
#include "vt-speech.h"

G_BEGIN_DECLS

/* Plays what vt-speech says on [devices] speaker, one script at a time:
 * synthesis runs in a thread and its sound is played as it is made, so the
 * first word sounds long before the page is synthesised.  A new script
 * stops the one playing; vt_player_stop() stops it (a page change, Back,
 * the idle wipe).  Lives on the main thread; no GTK.
 *
 * ::available is FALSE while the kiosk looks for a sound device and stays
 * FALSE when [speech] enabled is false, [devices] speaker is none, the
 * sink cannot be built, or autoaudiosink finds no device (ALSA,
 * PulseAudio, PipeWire): the Listen buttons are hidden then, and the log
 * says why once.  ::started is emitted when the first sample of a script
 * reaches the sink; ::playing is TRUE from vt_player_speak() until the
 * script has been played or stopped. */

#define VT_TYPE_PLAYER (vt_player_get_type ())

G_DECLARE_FINAL_TYPE (VtPlayer, vt_player, VT, PLAYER, GObject)

VtPlayer       *vt_player_new                 (const VtConfig *config);
VtSpeech       *vt_player_get_speech          (VtPlayer       *self);
gboolean        vt_player_get_available       (VtPlayer       *self);
gboolean        vt_player_get_playing         (VtPlayer       *self);
/* The slower speed a citizen can ask for. */
gboolean        vt_player_get_slow            (VtPlayer       *self);
void            vt_player_set_slow            (VtPlayer       *self,
                                               gboolean        slow);
void            vt_player_speak               (VtPlayer       *self,
                                               VtSpeechScript *script);
void            vt_player_stop                (VtPlayer       *self);
/* The script playing now, or NULL. */
VtSpeechScript *vt_player_get_script          (VtPlayer       *self);
/* Of the script playing or last played (tests, benchmarks): samples that
 * reached the sink, and microseconds from vt_player_speak() to the first
 * of them (-1 before it). */
guint64         vt_player_get_samples_played  (VtPlayer       *self);
gint64          vt_player_get_start_latency   (VtPlayer       *self);

G_END_DECLS
