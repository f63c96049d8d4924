#pragma once

#include "vt-clerk-mode.h"
#include "vt-config.h"
#include "vt-form.h"
#include "vt-session.h"
#include "vt-window.h"

G_BEGIN_DECLS

/* What the receipt screen shows, kept until "Finish" or the idle guard. */
typedef struct
{
  char     *reference_code;
  char     *instance_id;
  char     *service_title;
  gint64    created_at;
  gboolean  sent;
} VtWindowReceipt;

struct _VtWindow
{
  GtkApplicationWindow  parent_instance;

  /* template */
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

  VtApplication        *app;
  VtConfig             *config;               /* the application's */
  GtkCssProvider       *scale_provider;
  VtIdleGuard          *idle_guard;
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
};

void        vt_window_update_chrome      (VtWindow   *self);
void        vt_window_refresh_status     (VtWindow   *self);
void        vt_window_show_screen        (VtWindow   *self,
                                          VtScreen    screen);
void        vt_window_set_language       (VtWindow   *self,
                                          const char *code);
void        vt_window_reset              (VtWindow   *self);
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

G_END_DECLS
