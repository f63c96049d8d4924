#pragma once

#include "vt-clerk-mode.h"
#include "vt-config.h"
#include "vt-devices.h"
#include "vt-form.h"
#include "vt-session.h"
#include "vt-store.h"
#include "vt-submission.h"
#include "vt-window.h"

G_BEGIN_DECLS

/* What the receipt screen shows, kept until "Finish" or the idle guard. */
typedef struct
{
  char     *reference_code;
  char     *instance_id;
  char     *service_title;
  GStrv     files;                /* "foto.jpg (1.2 MB)": names and sizes, never content */
  gint64    created_at;
  gboolean  sent;
  char     *qr_text;              /* the signed payload, or NULL: the unsigned one */
} VtWindowReceipt;

struct _VtWindow
{
  GtkApplicationWindow  parent_instance;

  /* template */
  GtkWidget            *overlay;              /* the screens and every layer over them */
  GtkWidget            *content;
  GtkWidget            *scrim;
  GtkWidget            *idle_dialog;
  GtkWidget            *brand_label;
  GtkWidget            *language_button;
  GtkWidget            *language_popover;
  GtkWidget            *language_box;
  GtkWidget            *text_size_button;
  GtkWidget            *contrast_button;
  GtkWidget            *scroller;
  GtkWidget            *stack;
  GtkWidget            *status_label;
  GtkWidget            *keyboard;             /* VtKeyboard, docked below the overlay */

  VtApplication        *app;
  VtConfig             *config;               /* the application's */
  GtkCssProvider       *scale_provider;
  VtIdleGuard          *idle_guard;
  VtDevices            *devices;              /* the kiosk's camera, scanner, USB ports… */
  guint                 receipt_timeout_id;

  VtScreen              screen;
  GtkWidget            *page;                 /* the stack's visible child */
  guint                 text_scale_index;
  gboolean              high_contrast;
  gboolean              allow_close;

  gboolean              status_known;
  gboolean              status_online;
  gboolean              status_syncing;
  guint                 status_waiting;

  /* The citizen's application: everything below is wiped by reset. */
  VtForm               *form;
  VtSession            *session;
  GPtrArray            *pages;                /* VtPage *, as last computed */
  char                 *page_id;              /* the question page shown */
  gboolean              from_review;          /* "Change" came from check-your-answers */
  GHashTable           *raw_input;            /* path → text the session refused (e.g. "12a") */
  GPtrArray            *errors;               /* VtValidationError * of the page shown, or NULL */
  char                 *consent_error;
  char                 *shown_signature;      /* the question paths of the page shown */
  char                 *refresh_focus_path;
  guint                 refresh_id;        /* why the last Submit did not save, or NULL */
  VtWindowReceipt      *receipt;

  /* Clerk mode (vt-window-clerk.c). */
  VtStore              *clerk_store;
  VtClerkMode          *clerk_mode;
  char                 *assisted_by;          /* the clerk filling this application in, or NULL */
  gboolean              assisted_confirmed;   /* the clerk confirmed the applicant's consent */
  char                 *draft_ref;            /* the draft this application was resumed from */
  GtkWidget            *draft_button;         /* "Save as draft", in the top bar while assisting */
  GtkWidget            *draft_notice;         /* the saved draft's code, over the screens */
  GtkWidget            *draft_notice_label;
};

void        vt_window_update_chrome      (VtWindow   *self);
void        vt_window_refresh_status     (VtWindow   *self);
void        vt_window_show_screen        (VtWindow   *self,
                                          VtScreen    screen);
void        vt_window_set_language       (VtWindow   *self,
                                          const char *code);
void        vt_window_reset              (VtWindow   *self);
char       *vt_window_sign_receipt       (VtWindow        *self,
                                          VtStore         *store,
                                          const char      *instance_id);
void        vt_window_receipt_free       (VtWindowReceipt *receipt);

/* vt-window-flow.c: the application being filled in. */
void        vt_window_start_service      (VtWindow   *self,
                                          const char *form_id);
GtkWidget  *vt_window_build_form_screen  (VtWindow   *self,
                                          VtScreen    screen);
void        vt_window_language_changed   (VtWindow   *self);
void        vt_window_end_session        (VtWindow   *self);

/* vt-window-clerk.c */
void        vt_window_setup_clerk        (VtWindow   *self);
void        vt_window_teardown_clerk     (VtWindow   *self);
/* Forgets the clerk's part in the last application (reset). */
void        vt_window_clerk_reset        (VtWindow   *self);
/* After a screen change: "Save as draft" only while assisting. */
void        vt_window_clerk_update       (VtWindow   *self);
/* The consent screen of an assisted application asks the clerk to confirm
 * the applicant agreed before Send works. */
void        vt_window_clerk_decorate_consent (VtWindow  *self,
                                              GtkWidget *consent_page);
/* Before the enqueue: an assisted application records its clerk in the
 * XML (meta/userID) and on the receipt; FALSE with error when it cannot. */
gboolean    vt_window_clerk_prepare_submission (VtWindow              *self,
                                                VtSubmission          *submission,
                                                VtStoreEnqueueOptions *options,
                                                GError               **error);
/* After the enqueue committed: a resumed draft is done with. */
void        vt_window_clerk_submitted    (VtWindow   *self);

/* vt-window-flow.c: continue an application from a saved draft. */
void        vt_window_resume_session     (VtWindow   *self,
                                          VtSession  *session);

G_END_DECLS
