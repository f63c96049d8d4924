#pragma once

#include <glib.h>

#include "vt-kiosk-key.h"
#include "vt-status-list.h"
#include "vt-store.h"

G_BEGIN_DECLS

/* "Check an application" at any kiosk: what a citizen shows (a receipt's
 * QR code, as a USB scanner types it or a camera reads it) or types (the
 * reference code) becomes what can be said about the application: whether
 * the receipt is genuine (its signature, checked against the keys this
 * kiosk knows), what this kiosk's own store knows (waiting here, sent),
 * and the municipality's decision from its list (vt-status-list.h). */

typedef enum
{
  VT_STATUS_CHECK_INVALID,         /* not a code, or a receipt that is not genuine: see problem */
  VT_STATUS_CHECK_UNKNOWN,         /* genuine or typed, but nothing is known of it here */
  VT_STATUS_CHECK_WAITING,         /* stored on this kiosk, not sent yet */
  VT_STATUS_CHECK_HELD,            /* stored on this kiosk, stopped: the office's staff must act */
  VT_STATUS_CHECK_SENT,            /* the office's server has it; no decision known */
  VT_STATUS_CHECK_DECIDED,         /* the municipality's list has a decision */
} VtStatusCheckResult;

typedef struct
{
  VtStatusCheckResult  result;
  gboolean             scanned;    /* from a QR code (else a typed reference) */
  gboolean             genuine;    /* the QR code's signature checked out */
  char                *problem;    /* why it is not genuine or could not be checked; NULL if none */
  char                *reference_code;
  char                *instance_id;/* NULL for a typed code this kiosk does not hold */
  char                *form_id;
  char                *service_title; /* from this kiosk's receipt, or NULL */
  char                *kiosk_id;   /* who issued it (from the QR code), or NULL */
  gint64               issued_at;  /* usec, 0 if not known */
  gboolean             on_this_kiosk;
  char                *state;      /* the list's state ("approved"), or NULL */
  char                *message;    /* the list's message in the language asked for, or NULL */
} VtStatusCheck;

/* text: what was typed or scanned.  store: this kiosk's store (or NULL);
 * keys: the kiosks whose receipts are trusted (this one's included);
 * list: the municipality's decisions, or NULL when the kiosk has none;
 * language: for the list's message.  Nothing is written anywhere. */
VtStatusCheck *vt_status_check_run   (const char     *text,
                                      VtStore        *store,
                                      VtKioskKeyList *keys,
                                      VtStatusList   *list,
                                      const char     *language);
void           vt_status_check_free  (VtStatusCheck  *self);

/* The file name under which the municipality's list arrives with a form
 * ([receipts] status-list), found among the store's active forms' media:
 * the newest form's copy.  NULL without an error when no form has it; an
 * error when the file is there but is no list (the previous one is then
 * gone too: the kiosk says what it knows itself). */
VtStatusList  *vt_status_check_load_list (VtStore     *store,
                                          const char  *file_name,
                                          GError     **error);

/* The kiosks whose receipts a kiosk trusts: itself (own_key as
 * own_kiosk_id, either may be NULL) and those listed in trusted_file
 * ([receipts] trusted-kiosks, or NULL). */
VtKioskKeyList *vt_status_check_load_keys (VtKioskKey  *own_key,
                                           const char  *own_kiosk_id,
                                           const char  *trusted_file,
                                           GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtStatusCheck, vt_status_check_free)

G_END_DECLS
