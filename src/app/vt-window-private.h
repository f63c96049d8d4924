#pragma once

#include "vt-idle-dialog.h"
#include "vt-keyboard.h"
#include "vt-read-aloud.h"
#include "vt-window.h"

G_BEGIN_DECLS

/* Shared by vt-window.c and vt-window-clerk.c. */

struct _VtWindow
{
  GtkApplicationWindow  parent_instance;

  /* template */
  GtkWidget            *overlay;              /* the screens and every layer over them */
  GtkWidget            *content;
  GtkWidget            *scrim;
  GtkWidget            *idle_dialog;
  GtkWidget            *topbar;
  GtkWidget            *brand_label;
  GtkWidget            *language_button;
  GtkWidget            *language_popover;
  GtkWidget            *language_box;
  GtkWidget            *read_aloud_button;
  GtkWidget            *read_aloud_label;
  GtkWidget            *text_size_button;
  GtkWidget            *contrast_button;
  GtkWidget            *draft_button;
  GtkWidget            *draft_notice;
  GtkWidget            *draft_notice_label;
  GtkWidget            *draft_notice_button;
  GtkWidget            *scroller;
  GtkWidget            *stack;
  GtkWidget            *status_label;
  GtkWidget            *keyboard;             /* VtKeyboard, docked below the overlay */

  /* construct-only */
  VtConfig             *config;
  VtStoreOwner         *owner;
  VtSync               *sync;                 /* or NULL */
  VtCatalogue          *catalogue;

  VtFlow               *flow;
  VtClerkMode          *clerk_mode;
  VtDevices            *devices;              /* the kiosk's camera, scanner, USB ports… */
  VtReadAloud          *read_aloud;           /* the player and the top bar's setting */
  VtIdleGuard          *idle_guard;
  GtkCssProvider       *scale_provider;
  GCancellable         *cancellable;          /* cancelled at dispose */
  guint                 receipt_timeout_id;
  GtkWidget            *focus_before_idle;    /* weak: where the citizen was when asked */
  guint                 focus_margin_id;      /* idle: the focus kept clear of the page's edges */
  double                focus_margin_value;   /* the page's scroll when it was scheduled */
  gboolean              last_input_key;       /* the last press was a key, not a touch */
  /* A question page built anew in its place (refresh_page()): once laid
   * out, it is scrolled so the control used is where it was and the
   * question the answer brought is in sight. */
  GdkFrameClock        *reveal_clock;         /* while reveal_id is connected to its ::layout */
  gulong                reveal_id;
  char                 *reveal_path;          /* the question brought onto the page, or NULL */
  double                reveal_value;         /* the scroll before the page was built anew */
  double                reveal_focus_offset;  /* how far below the top of the screen the focus was */
  gboolean              reveal_has_focus;     /* the focus was on the page */

  VtScreen              screen;
  GtkWidget            *page;                 /* the stack's visible child */
  guint                 text_scale_index;
  gboolean              high_contrast;
  gboolean              allow_close;

  gboolean              status_known;         /* a count has come in */
  guint                 status_waiting;
};

/* Whether error is the cancellation of a call the window made (it is
 * cancelled at dispose): the answer then touches nothing of the window. */
gboolean vt_window_error_is_cancelled (GError         *error);

/* vt-window-clerk.c: the clerk mode's signals, and the template's
 * callbacks for drafts. */
void     vt_window_connect_clerk      (VtWindow       *self);
void     vt_window_class_bind_clerk   (GtkWidgetClass *widget_class);

G_END_DECLS
