#pragma once

#include <gio/gio.h>

#include "vt-config.h"
#include "vt-session.h"

G_BEGIN_DECLS

/* Reading pages aloud: what a page says (a script of parts, each a text to
 * synthesise or a recording the form's author supplied), in which voice
 * (the session language through one table, [speech] voices over it), and
 * the sound itself: espeak-ng synthesises 16-bit mono PCM at
 * VT_SPEECH_SAMPLE_RATE, recordings are decoded to the same by GStreamer.
 * Nothing here plays sound; the kiosk's vt-player does, ventanilla-ctl
 * speak writes a WAV file.  A script never holds a citizen's answers: the
 * page's texts are rendered with <output> values left out. */

#define VT_SPEECH_ERROR (vt_speech_error_quark ())

typedef enum
{
  VT_SPEECH_ERROR_UNAVAILABLE,     /* espeak-ng or its data cannot be loaded */
  VT_SPEECH_ERROR_NO_VOICE,        /* no voice for the language, or the voice is not installed */
  VT_SPEECH_ERROR_MEDIA,           /* a recording cannot be decoded */
  VT_SPEECH_ERROR_WRITE,           /* the WAV file cannot be written */
} VtSpeechError;

/* espeak-ng's own rate; recordings are resampled to it. */
#define VT_SPEECH_SAMPLE_RATE 22050

typedef struct _VtSpeech       VtSpeech;
typedef struct _VtSpeechScript VtSpeechScript;

/* Called from the synthesising thread with each piece of sound as it is
 * made; return FALSE to stop. */
typedef gboolean (*VtSpeechChunkFunc) (const gint16 *samples,
                                       gsize         n_samples,
                                       gpointer      user_data);

GQuark          vt_speech_error_quark        (void);

VtSpeech       *vt_speech_new                (const VtConfig   *config);
void            vt_speech_free               (VtSpeech         *self);
gboolean        vt_speech_is_enabled         (VtSpeech         *self);
double          vt_speech_get_volume         (VtSpeech         *self);   /* 0 … 1 */

/* The espeak-ng voice for a language as a form or the kiosk names it
 * ("Español (es)", "es", "pt_BR", "pt-BR"); NULL when the table has none. */
const char     *vt_speech_get_voice          (VtSpeech         *self,
                                              const char       *language);
/* Loads espeak-ng and the language's voice: FALSE with NO_VOICE or
 * UNAVAILABLE and a message that says what to install or configure. */
gboolean        vt_speech_check_voice        (VtSpeech         *self,
                                              const char       *language,
                                              GError          **error);

/* Synthesises the script, blocking, handing the sound to func as it is
 * made.  Thread-safe (espeak-ng is one engine per process: callers take
 * turns).  A recording that cannot be decoded is replaced by its text. */
gboolean        vt_speech_render             (VtSpeech         *self,
                                              VtSpeechScript   *script,
                                              gboolean          slow,
                                              VtSpeechChunkFunc func,
                                              gpointer          user_data,
                                              GCancellable     *cancellable,
                                              GError          **error);
/* The whole sound of a script: S16 native-endian mono samples. */
GBytes         *vt_speech_render_pcm         (VtSpeech         *self,
                                              VtSpeechScript   *script,
                                              gboolean          slow,
                                              GCancellable     *cancellable,
                                              GError          **error);
/* A RIFF WAVE file of 16-bit mono PCM at VT_SPEECH_SAMPLE_RATE. */
gboolean        vt_speech_write_wav          (GBytes           *pcm,
                                              const char       *path,
                                              GError          **error);

/* Scripts.  language: as vt_speech_get_voice() takes it. */
VtSpeechScript *vt_speech_script_new         (const char       *language);
VtSpeechScript *vt_speech_script_ref         (VtSpeechScript   *script);
void            vt_speech_script_unref       (VtSpeechScript   *script);
const char     *vt_speech_script_get_language (VtSpeechScript  *script);
void            vt_speech_script_add_text    (VtSpeechScript   *script,
                                              const char       *text);
/* A recording (a file) said instead of text; text is said if it cannot be read. */
void            vt_speech_script_add_audio   (VtSpeechScript   *script,
                                              const char       *path,
                                              const char       *text);
/* An error message: what it quotes (the citizen's input) is left out. */
void            vt_speech_script_add_message (VtSpeechScript   *script,
                                              const char       *message);
guint           vt_speech_script_get_n_parts (VtSpeechScript   *script);
/* Part i: its text (may be NULL for a recording without one) and recording (or NULL). */
void            vt_speech_script_get_part    (VtSpeechScript   *script,
                                              guint             i,
                                              const char      **text,
                                              const char      **audio);
/* Every text of the script in order, one part a line (tests, ctl). */
char           *vt_speech_script_dup_text    (VtSpeechScript   *script);

/* What the Listen button says: each question of the page in turn, its
 * label (or the author's recording of it), hint and choices. */
void            vt_speech_script_add_question (VtSpeechScript  *script,
                                               const VtQuestion *question);
void            vt_speech_script_add_page    (VtSpeechScript   *script,
                                              const VtPage     *page);
VtSpeechScript *vt_speech_script_new_for_page (const VtPage    *page,
                                               const char      *language);
/* One choice alone (its speaker button). */
void            vt_speech_script_add_choice  (VtSpeechScript   *script,
                                              const VtChoice   *choice);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtSpeech, vt_speech_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtSpeechScript, vt_speech_script_unref)

G_END_DECLS
