#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The screens a citizen goes through, in order; then the side trip. */
typedef enum
{
  VT_SCREEN_WELCOME,
  VT_SCREEN_SERVICES,
  VT_SCREEN_QUESTION,
  VT_SCREEN_REVIEW,
  VT_SCREEN_CONSENT,
  VT_SCREEN_RECEIPT,
  VT_SCREEN_STATUS_CHECK,          /* "Check an application", from Welcome */
} VtScreen;

#define VT_TYPE_SCREEN (vt_screen_get_type ())
GType        vt_screen_get_type               (void) G_GNUC_CONST;

/* What the page of a screen tells the window that shows it: where focus
 * starts, so a screen reader begins at the right place (an error summary,
 * the first question).  Pages that do not implement it start at their
 * first focusable child. */

#define VT_TYPE_SCREEN_PAGE (vt_screen_page_get_type ())

G_DECLARE_INTERFACE (VtScreenPage, vt_screen_page, VT, SCREEN_PAGE, GtkWidget)

struct _VtScreenPageInterface
{
  GTypeInterface parent_iface;

  GtkWidget *(* get_initial_focus) (VtScreenPage *self);
};

/* The widget that takes focus when page is shown, or NULL for the first
 * focusable one; page need not implement VtScreenPage. */
GtkWidget   *vt_screen_page_get_initial_focus (GtkWidget *page);

/* A heading of a page: a label that wraps, starts at the left, says it
 * is a heading of level (1 the page's title) to AT-SPI, and looks as
 * css_class ("heading-l", "heading-m") says. */
GtkWidget   *vt_heading_new                   (const char *text,
                                               int         level,
                                               const char *css_class);

G_END_DECLS
