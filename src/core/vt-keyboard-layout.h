#pragma once

#include <glib.h>

#include "vt-form.h"

G_BEGIN_DECLS

/* The on-screen keyboard as data: which keys each language's layout has,
 * on which page, in which case, with which accents under a long press, and
 * how many touches a letter takes.  No GTK: the kiosk's VtKeyboard draws
 * what this module gives, and the tests check every language's alphabet
 * against it. */

/* What a field asks for, from the form (vt_keyboard_variant_for_field). */
typedef enum
{
  VT_KEYBOARD_VARIANT_TEXT,        /* letters, digits, accents, symbols */
  VT_KEYBOARD_VARIANT_EMAIL,       /* letters and digits with @ . _ - and .com */
  VT_KEYBOARD_VARIANT_PHONE,       /* digits, + ( ) - and space */
  VT_KEYBOARD_VARIANT_NUMBER,      /* digits, - . , and space: ODK's "numbers" */
  VT_KEYBOARD_VARIANT_DIGITS,      /* digits only: a day, a month, a year */
} VtKeyboardVariant;

/* The numeric variants have one page, VT_KEYBOARD_PAGE_LETTERS. */
typedef enum
{
  VT_KEYBOARD_PAGE_LETTERS,
  VT_KEYBOARD_PAGE_ACCENTS,        /* the language's accented letters, both cases */
  VT_KEYBOARD_PAGE_SYMBOLS,        /* digits, punctuation, @ . - _ / */
} VtKeyboardPage;

typedef enum
{
  VT_KEYBOARD_SHIFT_OFF,
  VT_KEYBOARD_SHIFT_ONCE,          /* the next letter is a capital, then off */
  VT_KEYBOARD_SHIFT_LOCKED,        /* caps lock */
} VtKeyboardShift;

typedef enum
{
  VT_KEY_TEXT,                     /* types its text */
  VT_KEY_SHIFT,
  VT_KEY_DELETE,                   /* one letter before the cursor */
  VT_KEY_SPACE,
  VT_KEY_CONTINUE,                 /* what the page's Continue does */
  VT_KEY_LETTERS,                  /* to the letters page */
  VT_KEY_ACCENTS,                  /* to the accented letters */
  VT_KEY_SYMBOLS,                  /* to the numbers and symbols */
} VtKeyAction;

typedef struct
{
  VtKeyAction  action;
  char        *text;               /* VT_KEY_TEXT: what it types, in the case shown */
  char        *label;              /* what the key shows; NULL: the kiosk names the action */
  char       **accents;            /* what a long press offers, in the case shown, or NULL */
  guint        width;              /* in half keys: a letter is 2 */
} VtKey;

/* Where the keyboard is: the page shown and the shift. */
typedef struct
{
  VtKeyboardPage  page;
  VtKeyboardShift shift;
} VtKeyboardState;

#define VT_KEYBOARD_STATE_INIT { VT_KEYBOARD_PAGE_LETTERS, VT_KEYBOARD_SHIFT_OFF }

/* One touch (or a long press and the touch that picks an accent) in a plan. */
typedef struct
{
  VtKeyAction  action;
  char        *key;                /* VT_KEY_TEXT: the key's text as shown */
  char        *accent;             /* a long press on key, then this; NULL for a tap */
} VtKeyboardStep;

#define VT_KEYBOARD_LAYOUT_ERROR (vt_keyboard_layout_error_quark ())

typedef enum
{
  VT_KEYBOARD_LAYOUT_ERROR_UNREACHABLE,   /* no key types this character */
} VtKeyboardLayoutError;

typedef struct _VtKeyboardLayout VtKeyboardLayout;

GQuark                   vt_keyboard_layout_error_quark   (void);

/* The layout for a UI language ("es", "pt_BR", "fr", "ht", "en", "qu",
 * "gn", or a BCP 47 tag); English for a language without one. */
const VtKeyboardLayout  *vt_keyboard_layout_lookup        (const char             *language);
/* Every layout's language code, NULL-terminated. */
const char * const      *vt_keyboard_layout_list          (void);
const char              *vt_keyboard_layout_get_language  (const VtKeyboardLayout *self);
/* The language named in itself ("Español"), shown on the space bar. */
const char              *vt_keyboard_layout_get_name      (const VtKeyboardLayout *self);

/* The keys of one page, row by row: a GPtrArray of rows, each a GPtrArray
 * of VtKey *.  Every row of a page adds up to the same width. */
GPtrArray               *vt_keyboard_layout_build         (const VtKeyboardLayout *self,
                                                           VtKeyboardVariant       variant,
                                                           VtKeyboardState         state);
void                     vt_key_free                      (VtKey                  *key);

/* What using a key does to the page and the shift. */
void                     vt_keyboard_state_apply          (VtKeyboardState        *state,
                                                           VtKeyAction             action);

/* The fewest touches that type character (one user-perceived character,
 * such as "g̃") from the keyboard's first state: 1 for a key on the first
 * page, 2 after shift, the accent key or a long press; 0 when no key
 * types it. */
guint                    vt_keyboard_layout_count_touches (const VtKeyboardLayout *self,
                                                           VtKeyboardVariant       variant,
                                                           const char             *character);
/* The touches that type text from the first state, fewest first; with
 * long_press FALSE no accent comes from a long press (the accent key
 * instead), with TRUE a long press is preferred where it costs the same.
 * VtKeyboardStep *, or NULL and UNREACHABLE. */
GPtrArray               *vt_keyboard_layout_plan          (const VtKeyboardLayout *self,
                                                           VtKeyboardVariant       variant,
                                                           const char             *text,
                                                           gboolean                long_press,
                                                           GError                **error);
void                     vt_keyboard_step_free            (VtKeyboardStep         *step);

/* Which keyboard a question needs, from its type, its appearance
 * ("numbers") and its constraint (a regex() that only allows digits and
 * phone signs, or that requires an @). */
VtKeyboardVariant        vt_keyboard_variant_for_field    (VtDataType              type,
                                                           const char             *appearance,
                                                           const char             *constraint);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtKey, vt_key_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtKeyboardStep, vt_keyboard_step_free)

G_END_DECLS
