#pragma once

#include <glib.h>

#include "vt-store.h"
#include "vt-submission.h"

G_BEGIN_DECLS

/* The clerk's PIN: an Argon2id hash (libsodium's crypto_pwhash_str with the
 * interactive limits) kept in the store's meta table, never the PIN itself.
 * Wrong PINs lock the pad out for growing periods; the lockout survives a
 * restart, and every attempt is in the event log with actor "clerk". */

#define VT_CLERK_ERROR (vt_clerk_error_quark ())

typedef enum
{
  VT_CLERK_ERROR_BAD_PIN,          /* not 4–12 digits */
  VT_CLERK_ERROR_NO_PIN,           /* no PIN has been set on this kiosk */
  VT_CLERK_ERROR_CRYPTO,           /* libsodium could not start or hash */
  VT_CLERK_ERROR_SUBMISSION,       /* the submission XML cannot be marked as assisted */
} VtClerkError;

typedef enum
{
  VT_CLERK_PIN_OK,
  VT_CLERK_PIN_WRONG,
  VT_CLERK_PIN_LOCKED,             /* not even checked: wait until locked_until */
  VT_CLERK_PIN_NOT_SET,
  VT_CLERK_PIN_ERROR,              /* the store failed; error is set; never grants */
} VtClerkPinResult;

#define VT_CLERK_PIN_MIN_DIGITS   4
#define VT_CLERK_PIN_MAX_DIGITS   12
/* Wrong PINs in a row before the pad locks. */
#define VT_CLERK_FREE_ATTEMPTS    3
#define VT_CLERK_LOCKOUT_MIN_USEC (30 * G_USEC_PER_SEC)
#define VT_CLERK_LOCKOUT_MAX_USEC (15 * 60 * G_USEC_PER_SEC)

/* The meta key holding "<wrong attempts in a row> <locked until, usec>". */
#define VT_CLERK_META_LOCKOUT     "clerk_pin_lockout"

GQuark            vt_clerk_error_quark     (void);

/* Calls sodium_init() once; FALSE with an error if libsodium cannot run. */
gboolean          vt_clerk_init            (GError     **error);

/* 4 to 12 ASCII digits, or an error that says so. */
gboolean          vt_clerk_pin_is_valid    (const char  *pin,
                                            GError     **error);

/* How long the pad stays locked after the failures-th wrong PIN in a row:
 * nothing for the first VT_CLERK_FREE_ATTEMPTS - 1, then 30 s, 60 s,
 * 120 s… up to VT_CLERK_LOCKOUT_MAX_USEC. */
gint64            vt_clerk_lockout_usec    (guint        failures);

gboolean          vt_clerk_has_pin         (VtStore     *store,
                                            gboolean    *has_pin,
                                            GError     **error);

/* Hashes and stores a new PIN, clears any lockout, logs "pin-set". */
gboolean          vt_clerk_set_pin         (VtStore     *store,
                                            const char  *pin,
                                            GError     **error);

/* Checks pin at time now (usec since the epoch).  locked_until (optional)
 * receives when the pad opens again: after a LOCKED, or after a WRONG that
 * started a lockout; 0 when it is open.  The lockout is read and the
 * attempt counted in one transaction before the PIN is checked, so checks
 * made at once from several connections or processes each count and the
 * lockout holds; a right PIN then clears the count. */
VtClerkPinResult  vt_clerk_verify_pin      (VtStore     *store,
                                            const char  *pin,
                                            gint64       now,
                                            gint64      *locked_until,
                                            GError     **error);

/* The persisted lockout as it stands at now. */
gboolean          vt_clerk_get_lockout     (VtStore     *store,
                                            gint64       now,
                                            guint       *failures,
                                            gint64      *locked_until,
                                            GError     **error);

/* Records in the submission XML that a clerk filled it in on someone's
 * behalf: meta/userID (in the meta element's namespace, created if
 * missing) becomes clerk_name.  Call it before vt_store_enqueue(); the
 * instanceID is untouched.  An encrypted submission cannot be marked here
 * (its XML is an envelope): that is an error. */
gboolean          vt_clerk_mark_assisted   (VtSubmission *submission,
                                            const char   *clerk_name,
                                            GError      **error);

G_END_DECLS
