#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A voice recording for an audio upload: the microphone of [devices]
 * microphone ("autoaudiosrc", in tests "audiotestsrc") through GStreamer
 * to Ogg/Opus (or WAV when the question asks for it) in memory, with a
 * level for a meter and a length limit; and playing a recording back on
 * [devices] speaker.  Nothing is written to disk.
 *
 * Signals, in the main context of the thread that created it: ::finished
 * when a recording is complete (vt_recorder_dup_recording()), ::failed
 * (GError) when the microphone or loudspeaker fails; notify::level and
 * notify::elapsed about ten times a second while recording, notify::state. */

#define VT_RECORDER_ERROR (vt_recorder_error_quark ())

typedef enum
{
  VT_RECORDER_ERROR_NO_MICROPHONE,   /* none configured, or none found */
  VT_RECORDER_ERROR_FAILED,          /* the microphone stopped */
  VT_RECORDER_ERROR_PLAYBACK,        /* the recording cannot be played here */
} VtRecorderError;

typedef enum
{
  VT_RECORDER_STATE_IDLE,
  VT_RECORDER_STATE_RECORDING,
  VT_RECORDER_STATE_FINISHING,       /* stopped, the file is being completed */
  VT_RECORDER_STATE_PLAYING,
} VtRecorderState;

#define VT_TYPE_RECORDER (vt_recorder_get_type ())

G_DECLARE_FINAL_TYPE (VtRecorder, vt_recorder, VT, RECORDER, GObject)

GQuark           vt_recorder_error_quark         (void);

/* microphone, speaker: GStreamer source and sink descriptions; NULL, ""
 * or "none" for a kiosk without one. */
VtRecorder      *vt_recorder_new                 (const char   *microphone,
                                                  const char   *speaker);
gboolean         vt_recorder_has_microphone      (VtRecorder   *self);
/* The content type a question's mediatype gets: "audio/wav" for WAV
 * questions, else "audio/ogg" (Opus). */
const char      *vt_recorder_content_type_for    (const char   *mediatype);
/* Starts recording; any earlier recording is dropped.  It stops by itself
 * after max_seconds (0: no limit). */
gboolean         vt_recorder_start               (VtRecorder   *self,
                                                  const char   *content_type,
                                                  double        max_seconds,
                                                  GError      **error);
/* Stops recording; ::finished follows once the file is complete. */
void             vt_recorder_stop                (VtRecorder   *self);
/* Stops whatever it does and forgets the recording (the idle wipe). */
void             vt_recorder_reset               (VtRecorder   *self);
VtRecorderState  vt_recorder_get_state           (VtRecorder   *self);
double           vt_recorder_get_elapsed         (VtRecorder   *self);
/* The loudness just now, 0 (silence, -60 dB or less) to 1 (full scale). */
double           vt_recorder_get_level           (VtRecorder   *self);
GBytes          *vt_recorder_dup_recording       (VtRecorder   *self);
const char      *vt_recorder_get_content_type    (VtRecorder   *self);
/* Plays a recording (this one's or an answer's) to its end, or until
 * vt_recorder_reset(). */
/* How long a recording lasts, in seconds, from its Ogg pages or WAV header
 * (0 when it is neither). */
double           vt_recorder_duration_of         (GBytes       *recording,
                                                  const char   *content_type);
gboolean         vt_recorder_play                (VtRecorder   *self,
                                                  GBytes       *recording,
                                                  GError      **error);

G_END_DECLS
