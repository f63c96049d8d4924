#define G_LOG_DOMAIN "vt-window"

#include "config.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "vt-fullscreen.h"
#include "vt-dropoff.h"
#include "vt-idle-dialog.h"
#include "vt-keyboard.h"
#include "vt-language.h"
#include "vt-question-page.h"
#include "vt-read-aloud.h"
#include "vt-services-page.h"
#include "vt-status-check-page.h"
#include "vt-welcome-page.h"
#include "vt-window-private.h"
#include "vt-wrap-box.h"

/* The kiosk window: the top bar and its display settings, which screen is
 * shown, the idle guard, the status line, and the wiring between the
 * citizen's application (VtFlow) and the clerk's controls (VtClerkMode),
 * both its own.  What it does for the clerk is in vt-window-clerk.c; its
 * fields are in vt-window-private.h. */


G_DEFINE_FINAL_TYPE (VtWindow, vt_window, GTK_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_CONFIG,
  PROP_STORE_OWNER,
  PROP_SYNC,
  PROP_CATALOGUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const guint text_scales[] = { 100, 150, 200 };

/* The pixel size of 100% text; everything else in style.css is in em. */
#define BASE_FONT_PX 20

static void hide_idle_dialog (VtWindow *self);
static void refresh_status   (VtWindow *self);

/* A citizen must not be able to close the kiosk; only clerk mode (or a
 * shutdown) lifts this. */
static gboolean
vt_window_close_request (GtkWindow *window)
{
  VtWindow *self = VT_WINDOW (window);

  if (!self->allow_close)
    {
      g_debug ("Refusing to close the kiosk window");
      return TRUE;
    }

  return GTK_WINDOW_CLASS (vt_window_parent_class)->close_request (window);
}

static void
vt_window_realize (GtkWidget *widget)
{
  vt_fullscreen_fit_first_monitor (GTK_WINDOW (widget));
  GTK_WIDGET_CLASS (vt_window_parent_class)->realize (widget);
}

/* ---- display settings ------------------------------------------------- */

static void
apply_text_scale (VtWindow *self)
{
  guint scale = text_scales[self->text_scale_index];
  /* The top bar grows by half as much as the page (30 px at 200 %): its
   * buttons stay large enough to read and leave the page the screen.
   * Where they no longer fit beside its name they go on to rows of their
   * own (vt-wrap-box). */
  g_autofree char *css = g_strdup_printf ("window.kiosk { font-size: %upx; }\n"
                                          "window.kiosk .topbar { font-size: %upx; }",
                                          BASE_FONT_PX * scale / 100,
                                          BASE_FONT_PX * (100 + (scale - 100) / 2) / 100);

  gtk_css_provider_load_from_data (self->scale_provider, css, -1);
}

/* The words of what outlives a screen: the top bar, the draft notice. */
static void
update_chrome (VtWindow *self)
{
  const VtLanguage *language = vt_language_lookup (vt_language_get_current ());
  g_autofree char *size = NULL;
  GtkWidget *child;

  gtk_window_set_title (GTK_WINDOW (self), _("Ventanilla"));
  /* Translators: the kiosk's name in the top bar. */
  gtk_label_set_text (GTK_LABEL (self->brand_label), _("Ventanilla · Public services"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->topbar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Display settings"),
                                  -1);

  /* Translators: the button that makes all text larger; %u is 100, 150 or 200. */
  size = g_strdup_printf (_("Larger text: %u%%"), text_scales[self->text_scale_index]);
  gtk_button_set_label (GTK_BUTTON (self->text_size_button), size);
  gtk_button_set_label (GTK_BUTTON (self->contrast_button), _("High contrast"));
  gtk_button_set_label (GTK_BUTTON (self->draft_button), _("Save as draft"));
  gtk_button_set_label (GTK_BUTTON (self->draft_notice_button), _("OK"));
  if (self->read_aloud != NULL)
    vt_read_aloud_update_chrome (self->read_aloud);

  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->language_button),
                             language != NULL ? language->native_name : "English");
  /* The keyboard's layout and key names follow the language of the page. */
  vt_keyboard_set_language (VT_KEYBOARD (self->keyboard), vt_language_get_current ());
  /* GTK 4.8 names the menu button by its class ("GtkMenuButton") unless
   * told; its popover likewise. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->language_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_menu_button_get_label (GTK_MENU_BUTTON (self->language_button)),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Change the language"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->language_popover),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Change the language"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_scrolled_window_get_vscrollbar (GTK_SCROLLED_WINDOW (self->scroller))),
                                  /* Translators: the accessible name of the page's scroll bars. */
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Scroll the page"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_scrolled_window_get_hscrollbar (GTK_SCROLLED_WINDOW (self->scroller))),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Scroll the page"),
                                  -1);

  while ((child = gtk_widget_get_first_child (self->language_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->language_box), child);
  for (guint i = 0; self->config->languages[i] != NULL; i++)
    {
      const VtLanguage *l = vt_language_lookup (self->config->languages[i]);
      GtkWidget *button;

      if (l == NULL)
        continue;
      button = gtk_button_new_with_label (l->native_name);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.language");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", l->code);
      gtk_box_append (GTK_BOX (self->language_box), button);
    }

  refresh_status (self);
}

static void
text_size_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  VtWindow *self = user_data;

  self->text_scale_index = (self->text_scale_index + 1) % G_N_ELEMENTS (text_scales);
  apply_text_scale (self);
  update_chrome (self);
}

static void
read_aloud_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  VtWindow *self = user_data;

  vt_read_aloud_cycle (self->read_aloud);
}

static void
high_contrast_changed (GSimpleAction *action,
                       GVariant      *value,
                       gpointer       user_data)
{
  VtWindow *self = user_data;

  self->high_contrast = g_variant_get_boolean (value);
  g_simple_action_set_state (action, value);
  if (self->high_contrast)
    gtk_widget_add_css_class (GTK_WIDGET (self), "high-contrast");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "high-contrast");
}

/* Every word on screen in code's language; the answers live in the
 * session, not in the widgets, so none is lost. */
static void
set_language (VtWindow   *self,
              const char *code)
{
  vt_language_apply (code);
  vt_flow_language_changed (self->flow);
  update_chrome (self);
}

static void
language_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  VtWindow *self = user_data;

  gtk_popover_popdown (GTK_POPOVER (self->language_popover));
  set_language (self, g_variant_get_string (parameter, NULL));
  vt_window_show_screen (self, self->screen);
}

/* ---- screens ---------------------------------------------------------- */

static void
language_chosen_cb (VtWelcomePage *page,
                    const char    *code,
                    VtWindow      *self)
{
  set_language (self, code);
  vt_window_show_screen (self, VT_SCREEN_SERVICES);
}

static void
check_chosen_cb (VtWelcomePage *page,
                 VtWindow      *self)
{
  vt_window_show_screen (self, VT_SCREEN_STATUS_CHECK);
}

static void
back_to_welcome_cb (GtkWidget *page,
                    VtWindow  *self)
{
  vt_window_show_screen (self, VT_SCREEN_WELCOME);
}

static void
service_chosen_cb (VtServicesPage *page,
                   const char     *form_id,
                   VtWindow       *self)
{
  vt_flow_start_service (self->flow, form_id);
}

static gboolean
receipt_timeout_cb (gpointer data)
{
  VtWindow *self = data;

  self->receipt_timeout_id = 0;
  g_debug ("The receipt has been on screen long enough");
  vt_window_reset (self);
  return G_SOURCE_REMOVE;
}

static GtkWidget *
build_screen (VtWindow *self,
              VtScreen  screen)
{
  GtkWidget *page;

  switch (screen)
    {
    case VT_SCREEN_WELCOME:
      page = vt_welcome_page_new ((const char * const *) self->config->languages);
      g_signal_connect (page, "language-chosen", G_CALLBACK (language_chosen_cb), self);
      g_signal_connect (page, "check-chosen", G_CALLBACK (check_chosen_cb), self);
      return page;

    case VT_SCREEN_STATUS_CHECK:
      page = vt_status_check_page_new (self->config, self->owner);
      g_signal_connect (page, "back", G_CALLBACK (back_to_welcome_cb), self);
      return page;

    case VT_SCREEN_SERVICES:
      {
        g_autoptr(GPtrArray) items = vt_catalogue_dup_services (self->catalogue, vt_language_get_current ());

        page = vt_services_page_new (items);
        g_signal_connect (page, "back", G_CALLBACK (back_to_welcome_cb), self);
        g_signal_connect (page, "service-chosen", G_CALLBACK (service_chosen_cb), self);
        return page;
      }

    case VT_SCREEN_QUESTION:
    case VT_SCREEN_REVIEW:
    case VT_SCREEN_CONSENT:
    case VT_SCREEN_RECEIPT:
      return vt_flow_build_page (self->flow, screen);

    default:
      g_assert_not_reached ();
    }
}

/* The room left around what is scrolled into sight: a line of text. */
static double
sight_margin (VtWindow *self)
{
  return BASE_FONT_PX * text_scales[self->text_scale_index] / 100.0 * 1.5;
}

/* The scroll, from value on a page page high, that shows bounds (in the
 * stack's coordinates) with margin above and below it; of what is taller
 * than the page, its top. */
static double
scroll_to_show (double                 value,
                double                 page,
                const graphene_rect_t *bounds,
                double                 margin)
{
  if (bounds->origin.y + bounds->size.height + margin > value + page)
    value = bounds->origin.y + bounds->size.height + margin - page;
  if (bounds->origin.y - margin < value)
    value = bounds->origin.y - margin;
  return value;
}

/* scroll_to_show() for a control: its margin shrinks so that one nearly
 * as tall as the page still fits whole. */
static double
scroll_to_show_control (VtWindow              *self,
                        double                 value,
                        double                 page,
                        const graphene_rect_t *bounds)
{
  double margin = MIN (sight_margin (self), MAX (0, (page - bounds->size.height) / 2));

  return scroll_to_show (value, page, bounds, margin);
}

/* GtkViewport scrolls a focused control just into sight, its edge on the
 * page's: a Continue at the bottom then sits against the status line, its
 * focus ring and shadow under it.  Once laid out, the page scrolls on to
 * leave a margin (a line of text) around what has the focus.  Where it is
 * is measured on the stack, the scrolled content itself: the scrolled
 * window's child is the GtkViewport around it, whose coordinates move
 * with the scroll and cannot be compared with the adjustment's value. */
static void
keep_focus_clear (VtWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *content = self->stack;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller));
  double page = gtk_adjustment_get_page_size (adjustment);
  graphene_rect_t bounds;

  if (focus == NULL || content == NULL || !gtk_widget_is_ancestor (focus, content) ||
      gtk_widget_get_height (focus) <= 0 || !gtk_widget_compute_bounds (focus, content, &bounds) || page <= 0)
    return;

  gtk_adjustment_set_value (adjustment,
                            scroll_to_show_control (self, gtk_adjustment_get_value (adjustment), page, &bounds));
}

static gboolean
focus_margin_cb (gpointer data)
{
  VtWindow *self = data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller));

  self->focus_margin_id = 0;
  /* Scrolled since (a finger, a follow-up question): that stands. */
  if (G_APPROX_VALUE (gtk_adjustment_get_value (adjustment), self->focus_margin_value, 0.5))
    keep_focus_clear (self);
  return G_SOURCE_REMOVE;
}

/* Now, when the control is laid out, and again once the page is (a new
 * page's controls have no place yet when the focus lands). */
static void
focus_changed_cb (VtWindow *self)
{
  /* A finger scrolls the page itself (and a tap's focus is where it
   * touched): this is for the keyboard. */
  if (!self->last_input_key)
    return;
  keep_focus_clear (self);
  self->focus_margin_value = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)));
  if (self->focus_margin_id == 0)
    self->focus_margin_id = g_idle_add (focus_margin_cb, self);
}

static void
stop_reveal (VtWindow *self)
{
  if (self->reveal_id != 0)
    g_signal_handler_disconnect (self->reveal_clock, self->reveal_id);
  self->reveal_id = 0;
  g_clear_object (&self->reveal_clock);
  g_clear_pointer (&self->reveal_path, g_free);
}

/* After the frame's layout (connected after GtkRoot's own handler): the
 * page built anew has its size now, so where the focus and the new
 * question are is known before anything of it is drawn.  The control used
 * goes back to where it was on the screen, the page then scrolls down (or
 * up) just enough to show the new question, its top first when it is
 * taller than the screen, and never so far that the control used leaves
 * the screen. */
static void
reveal_after_layout_cb (VtWindow      *self,
                        GdkFrameClock *clock)
{
  GtkWidget *content = self->stack;          /* the scrolled content (keep_focus_clear()) */
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller));
  double page = gtk_adjustment_get_page_size (adjustment);
  double value = self->reveal_value;
  GtkWidget *focus;
  GtkWidget *view;
  graphene_rect_t bounds;

  if (!VT_IS_QUESTION_PAGE (self->page))
    {
      stop_reveal (self);
      return;
    }
  /* Every widget of the page is new: one with a size has been laid out. */
  if (gtk_widget_get_height (self->page) <= 0 || page <= 0)
    return;

  focus = gtk_root_get_focus (GTK_ROOT (self));
  if (focus != NULL && !gtk_widget_is_ancestor (focus, self->page))
    focus = NULL;
  if (focus != NULL && gtk_widget_get_height (focus) > 0 && self->reveal_has_focus &&
      gtk_widget_compute_bounds (focus, content, &bounds))
    value = bounds.origin.y - self->reveal_focus_offset;

  view = self->reveal_path != NULL ? vt_question_page_get_view (VT_QUESTION_PAGE (self->page), self->reveal_path)
                                   : NULL;
  if (view != NULL && gtk_widget_compute_bounds (view, content, &bounds))
    value = scroll_to_show (value, page, &bounds, sight_margin (self));
  if (focus != NULL && gtk_widget_get_height (focus) > 0 && gtk_widget_compute_bounds (focus, content, &bounds))
    value = scroll_to_show_control (self, value, page, &bounds);

  stop_reveal (self);
  /* Clamped to the page by the adjustment, and it ends the scroll the
   * viewport may have begun when the focus landed on a control with no
   * place yet; the frame lays out again before it is drawn. */
  gtk_adjustment_set_value (adjustment, value);
  /* The scroll is where the focus is meant to be: the focus-changed
   * handler's idle (after a key) may still keep its margin from here. */
  self->focus_margin_value = gtk_adjustment_get_value (adjustment);
}

/* Moves focus to where the page says a screen reader should start. */
static void
focus_page (VtWindow  *self,
            GtkWidget *page)
{
  GtkWidget *target = vt_screen_page_get_initial_focus (page);

  if (target == NULL)
    target = page;
  if (!(gtk_widget_get_focusable (target) && gtk_widget_grab_focus (target))
      && !gtk_widget_child_focus (target, GTK_DIR_TAB_FORWARD))
    gtk_widget_grab_focus (target);
  /* Wherever the kiosk put the focus, it shows it: GTK draws the ring only
   * after a key was used, so after a tap the next key press would act on
   * a control nobody can see. */
  gtk_window_set_focus_visible (GTK_WINDOW (self), TRUE);
}

static GtkWidget *
find_heading (GtkWidget *widget)
{
  GtkAccessibleRole role = gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget));

  /* The page's own, not the error summary's "There is a problem". */
  if (!gtk_widget_get_visible (widget) || role == GTK_ACCESSIBLE_ROLE_ALERT)
    return NULL;
  if (GTK_IS_LABEL (widget) && role == GTK_ACCESSIBLE_ROLE_HEADING)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *heading = find_heading (child);

      if (heading != NULL)
        return heading;
    }
  return NULL;
}

/* What holds the page is named by its first heading: GTK 4.8 calls a
 * stack's page "GtkStackPage" and leaves the focusable scrolled pane
 * unnamed, which a screen reader says as such. */
static void
name_page (VtWindow  *self,
           GtkWidget *page)
{
  GtkWidget *heading = find_heading (page);
  const char *title = heading != NULL ? gtk_label_get_text (GTK_LABEL (heading)) : _("Ventanilla");

  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_stack_get_page (GTK_STACK (self->stack), page)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->scroller),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
}

/* "Save as draft" only while a clerk fills an application in. */
static void
update_draft_button (VtWindow *self)
{
  gtk_widget_set_visible (self->draft_button,
                          vt_flow_get_assisted_by (self->flow) != NULL && vt_flow_has_session (self->flow)
                          && self->screen != VT_SCREEN_RECEIPT);
}

/* Shows screen's page.  in_place: the question page built anew for the
 * same page, its scroll kept and the focus left for the flow to put back
 * (refresh_page()). */
static void
show_screen (VtWindow *self,
             VtScreen  screen,
             gboolean  in_place)
{
  GtkWidget *page;
  GtkWidget *old;

  stop_reveal (self);
  vt_read_aloud_screen_leaving (self->read_aloud);
  page = build_screen (self, screen);
  old = self->page;
  if (page == NULL)
    {
      /* Nothing to show there (no session any more): back to the start. */
      screen = VT_SCREEN_WELCOME;
      page = build_screen (self, screen);
    }

  self->screen = screen;
  self->page = page;
  gtk_stack_add_child (GTK_STACK (self->stack), page);
  gtk_stack_set_visible_child (GTK_STACK (self->stack), page);
  name_page (self, page);
  if (old != NULL)
    gtk_stack_remove (GTK_STACK (self->stack), old);

  /* A page built anew in its place keeps the scroll it had. */
  if (!in_place)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);

  /* The idle guard protects answers wherever they are kept (Back to
   * Welcome keeps them for a change of language); the receipt has its
   * own clock. */
  vt_idle_guard_set_active (self->idle_guard,
                            screen != VT_SCREEN_RECEIPT &&
                            (screen != VT_SCREEN_WELCOME || vt_flow_has_session (self->flow)));
  g_clear_handle_id (&self->receipt_timeout_id, g_source_remove);
  if (screen == VT_SCREEN_RECEIPT)
    /* In the idle guard's seconds, so tests can shorten both together. */
    self->receipt_timeout_id = g_timeout_add ((guint) MIN ((guint64) self->config->receipt_seconds *
                                                           vt_idle_guard_get_tick_ms (self->idle_guard),
                                                           G_MAXUINT),
                                              receipt_timeout_cb, self);

  update_draft_button (self);
  if (!in_place)
    focus_page (self, page);
  vt_read_aloud_screen_shown (self->read_aloud, screen, page,
                              screen == VT_SCREEN_QUESTION ? vt_flow_get_shown_page (self->flow) : NULL,
                              vt_flow_get_language (self->flow));
}

void
vt_window_show_screen (VtWindow *self,
                       VtScreen  screen)
{
  g_return_if_fail (VT_IS_WINDOW (self));

  show_screen (self, screen, FALSE);
}

/* Where the page is scrolled to and where on the screen the focus is,
 * before the page is built anew; the rest once it is laid out. */
static void
refresh_page (VtWindow   *self,
              const char *revealed)
{
  GtkWidget *content = self->stack;          /* the scrolled content (keep_focus_clear()) */
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller));
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  double value = gtk_adjustment_get_value (adjustment);
  gboolean has_focus = FALSE;
  double offset = 0;
  graphene_rect_t bounds;

  /* Nothing on screen to keep the place of. */
  if (self->screen != VT_SCREEN_QUESTION || !VT_IS_QUESTION_PAGE (self->page) || clock == NULL)
    {
      show_screen (self, VT_SCREEN_QUESTION, FALSE);
      return;
    }

  if (focus != NULL && gtk_widget_is_ancestor (focus, self->page) &&
      gtk_widget_get_height (focus) > 0 && gtk_widget_compute_bounds (focus, content, &bounds))
    {
      has_focus = TRUE;
      offset = bounds.origin.y - value;
    }

  show_screen (self, VT_SCREEN_QUESTION, TRUE);

  self->reveal_value = value;
  self->reveal_focus_offset = offset;
  self->reveal_has_focus = has_focus;
  self->reveal_path = g_strdup (revealed);
  self->reveal_clock = g_object_ref (clock);
  self->reveal_id = g_signal_connect_object (self->reveal_clock, "layout", G_CALLBACK (reveal_after_layout_cb),
                                             self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gdk_frame_clock_request_phase (self->reveal_clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
}

/* Nothing typed may reach the next citizen through the clipboard (GtkText
 * copies and puts a selection there): both are emptied. */
static void
clear_clipboards (VtWindow *self)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));

  gdk_clipboard_set_content (gdk_display_get_clipboard (display), NULL);
  gdk_clipboard_set_content (gdk_display_get_primary_clipboard (display), NULL);
}

/* The display settings of the last citizen go with them. */
static void
reset_display (VtWindow *self)
{
  hide_idle_dialog (self);
  self->text_scale_index = 0;
  apply_text_scale (self);
  g_action_group_change_action_state (G_ACTION_GROUP (self), "high-contrast", g_variant_new_boolean (FALSE));
  set_language (self, vt_language_get_default ((const char * const *) self->config->languages));
}

/* After each citizen, the memory their application took and gave back
 * goes back to the system: glibc keeps freed memory in its arenas (17-34 MB
 * "free but kept" in bench-kiosk while ~19 MB was in use), and the
 * resident size grew with it: from application 100 to 900, 28.7 MB
 * without this, 11.7 MB with it (issue 26; SQLite held 250 kB, heaptrack
 * found 0.26 MB more alive after 160 applications than after 40).  At low
 * priority once Welcome is shown, so nobody waits for it. */
static guint trim_id;

static gboolean
trim_heap_idle (gpointer data)
{
  trim_id = 0;
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  return G_SOURCE_REMOVE;
}

void
vt_window_reset (VtWindow *self)
{
  g_return_if_fail (VT_IS_WINDOW (self));

  vt_flow_reset (self->flow);
  clear_clipboards (self);
  vt_keyboard_reset (VT_KEYBOARD (self->keyboard));
  /* The idle wipe unmounts a stick left in, session or not. */
  vt_devices_release (self->devices);
  gtk_widget_set_visible (self->draft_notice, FALSE);
  vt_read_aloud_reset (self->read_aloud);
  reset_display (self);
  vt_window_show_screen (self, VT_SCREEN_WELCOME);
  if (trim_id == 0)
    trim_id = g_idle_add_full (G_PRIORITY_LOW, trim_heap_idle, NULL, NULL);
}

void
vt_window_start_service (VtWindow   *self,
                         const char *form_id)
{
  g_return_if_fail (VT_IS_WINDOW (self));

  vt_flow_start_service (self->flow, form_id);
}

/* ---- what the flow asks for -------------------------------------------- */

static void
navigate_cb (VtFlow   *flow,
             VtScreen  screen,
             VtWindow *self)
{
  vt_window_show_screen (self, screen);
}

static void
refresh_page_cb (VtFlow     *flow,
                 const char *revealed,
                 VtWindow   *self)
{
  refresh_page (self, revealed);
}

static void
service_unavailable_cb (VtFlow     *flow,
                        const char *text,
                        VtWindow   *self)
{
  if (VT_IS_SERVICES_PAGE (self->page))
    vt_services_page_show_problem (VT_SERVICES_PAGE (self->page), text);
}

static void
flow_finished_cb (VtFlow   *flow,
                  VtWindow *self)
{
  vt_window_reset (self);
}

/* The services may arrive a moment after the window: show them then. */
static void
catalogue_changed_cb (VtCatalogue *catalogue,
                      VtWindow    *self)
{
  if (self->screen == VT_SCREEN_SERVICES)
    vt_window_show_screen (self, VT_SCREEN_SERVICES);
}

gboolean
vt_window_error_is_cancelled (GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* ---- idle guard -------------------------------------------------------- */

static void
hide_idle_dialog (VtWindow *self)
{
  gtk_widget_set_visible (self->scrim, FALSE);
  gtk_widget_set_sensitive (self->content, TRUE);
}

static void
idle_warning_cb (VtIdleGuard *guard,
                 guint        remaining,
                 VtWindow    *self)
{
  vt_idle_dialog_set_remaining (VT_IDLE_DIALOG (self->idle_dialog), remaining);
  if (!gtk_widget_get_visible (self->scrim))
    g_set_weak_pointer (&self->focus_before_idle, gtk_root_get_focus (GTK_ROOT (self)));
  /* Focus moves to the dialog first, so the field being typed in gets its
   * focus-out; then nothing behind the dialog can be reached. */
  gtk_widget_set_visible (self->scrim, TRUE);
  gtk_widget_grab_focus (vt_idle_dialog_get_button (VT_IDLE_DIALOG (self->idle_dialog)));
  gtk_widget_set_sensitive (self->content, FALSE);
}

static void
idle_tick_cb (VtIdleGuard *guard,
              guint        remaining,
              VtWindow    *self)
{
  vt_idle_dialog_set_remaining (VT_IDLE_DIALOG (self->idle_dialog), remaining);
}

static void
idle_expired_cb (VtIdleGuard *guard,
                 VtWindow    *self)
{
  g_message ("No answer to “Do you need more time?”: wiping the session");
  vt_flow_count_dropoff (self->flow, VT_DROPOFF_IDLE);
  vt_window_reset (self);
}

static void
more_time_cb (VtWindow *self)
{
  GtkWidget *before = self->focus_before_idle;

  hide_idle_dialog (self);
  vt_idle_guard_extend (self->idle_guard);
  g_clear_weak_pointer (&self->focus_before_idle);
  /* Back where the citizen was, the text they typed as it was: a field's
   * text selected on focus would go with the next key. */
  if (before != NULL && self->page != NULL && gtk_widget_is_ancestor (before, self->page)
      && gtk_widget_get_mapped (before))
    {
      if (GTK_IS_TEXT (before))
        gtk_text_grab_focus_without_selecting (GTK_TEXT (before));
      else
        gtk_widget_grab_focus (before);
      gtk_window_set_focus_visible (GTK_WINDOW (self), TRUE);
      return;
    }
  focus_page (self, self->page);
}

static void
start_again_cb (VtWindow *self)
{
  vt_flow_count_dropoff (self->flow, VT_DROPOFF_START_AGAIN);
  vt_window_reset (self);
}

static gboolean
input_event_cb (GtkEventControllerLegacy *controller,
                GdkEvent                 *event,
                VtWindow                 *self)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
      self->last_input_key = gdk_event_get_event_type (event) == GDK_KEY_PRESS;
      break;
    default:
      break;
    }
  switch (gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_SCROLL:
    case GDK_MOTION_NOTIFY:
      vt_idle_guard_reset (self->idle_guard);
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

/* ---- status line ------------------------------------------------------- */

/* Online and sending come from the sync worker (offline when there is
 * none); how many wait, from the newest of two readings of the store: the
 * worker's own, which it publishes as it sends, and the store owner's
 * after this kiosk changed the outbox (the only reading a kiosk without a
 * server gets). */
static void
refresh_status (VtWindow *self)
{
  g_autofree char *waiting = NULL;
  g_autofree char *text = NULL;
  const char *connection;

  if (!self->status_known)
    {
      gtk_label_set_text (GTK_LABEL (self->status_label), "");
      return;
    }

  if (self->sync != NULL && vt_sync_get_busy (self->sync))
    connection = _("Online: sending applications now.");
  else if (self->sync != NULL && vt_sync_get_online (self->sync))
    connection = _("Online.");
  else
    /* Translators: the status line when the kiosk has no connection to the office's server. */
    connection = _("Offline: applications are kept safely on this kiosk.");

  if (self->status_waiting == 0)
    waiting = g_strdup (_("No applications are waiting to be sent."));
  else
    waiting = g_strdup_printf (ngettext ("%u application is waiting to be sent.",
                                         "%u applications are waiting to be sent.",
                                         self->status_waiting),
                               self->status_waiting);
  text = g_strdup_printf ("%s %s", connection, waiting);
  gtk_label_set_text (GTK_LABEL (self->status_label), text);
}

static void
set_waiting (VtWindow *self,
             guint     waiting)
{
  self->status_known = TRUE;
  self->status_waiting = waiting;
  refresh_status (self);
}

static void
sync_counts_cb (VtSync     *sync,
                GParamSpec *pspec,
                VtWindow   *self)
{
  set_waiting (self, vt_sync_get_count (sync, VT_STORE_STATE_QUEUED) + vt_sync_get_count (sync, VT_STORE_STATE_SENDING));
}

static void
sync_state_cb (VtSync     *sync,
               GParamSpec *pspec,
               VtWindow   *self)
{
  refresh_status (self);
}

static void
pass_finished_cb (VtSync   *sync,
                  VtWindow *self)
{
  /* Only the worker delivers: a receipt on screen may be sent now. */
  vt_flow_refresh_receipt (self->flow);
}

static void
counts_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  VtWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  VtStoreCounts counts = { 0 };

  if (!vt_store_owner_get_counts_finish (VT_STORE_OWNER (source), result, &counts, &error))
    {
      if (!vt_window_error_is_cancelled (error))
        g_debug ("No counts for the status line: %s", error->message);
      return;
    }
  set_waiting (self, counts.n[VT_STORE_STATE_QUEUED] + counts.n[VT_STORE_STATE_SENDING]);
}

static void
read_counts (VtWindow *self)
{
  vt_store_owner_get_counts_async (self->owner, self->cancellable, counts_read_cb, self);
}

const char *
vt_window_get_status_text (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->status_label));
}

/* ---- object ------------------------------------------------------------ */

static void
vt_window_constructed (GObject *object)
{
  VtWindow *self = VT_WINDOW (object);

  G_OBJECT_CLASS (vt_window_parent_class)->constructed (object);

  g_assert (self->config != NULL);
  g_assert (VT_IS_STORE_OWNER (self->owner));
  g_assert (VT_IS_CATALOGUE (self->catalogue));

  self->idle_guard = vt_idle_guard_new (self->config->idle_seconds, self->config->countdown_seconds);
  g_signal_connect (self->idle_guard, "warning", G_CALLBACK (idle_warning_cb), self);
  g_signal_connect (self->idle_guard, "tick", G_CALLBACK (idle_tick_cb), self);
  g_signal_connect (self->idle_guard, "expired", G_CALLBACK (idle_expired_cb), self);
  vt_keyboard_set_mode (VT_KEYBOARD (self->keyboard), self->config->on_screen_keyboard);

  self->devices = vt_devices_new (self->config);
  self->read_aloud = vt_read_aloud_new (self->config, GTK_WIDGET (self), self->read_aloud_button,
                                        self->read_aloud_label);
  self->flow = vt_flow_new (self->config, self->owner, self->catalogue, self->devices);
  g_signal_connect (self->flow, "navigate", G_CALLBACK (navigate_cb), self);
  g_signal_connect (self->flow, "refresh-page", G_CALLBACK (refresh_page_cb), self);
  g_signal_connect (self->flow, "service-unavailable", G_CALLBACK (service_unavailable_cb), self);
  g_signal_connect (self->flow, "finished", G_CALLBACK (flow_finished_cb), self);

  self->clerk_mode = vt_clerk_mode_new (self->config, self->owner);
  vt_clerk_mode_set_sync (self->clerk_mode, self->sync);
  /* The layer goes over every screen. */
  vt_clerk_mode_attach (self->clerk_mode, GTK_WINDOW (self), GTK_OVERLAY (self->overlay));
  vt_window_connect_clerk (self);

  if (self->sync != NULL)
    {
      g_signal_connect_object (self->sync, "notify::queued", G_CALLBACK (sync_counts_cb), self, 0);
      g_signal_connect_object (self->sync, "notify::sending", G_CALLBACK (sync_counts_cb), self, 0);
      g_signal_connect_object (self->sync, "notify::online", G_CALLBACK (sync_state_cb), self, 0);
      g_signal_connect_object (self->sync, "notify::busy", G_CALLBACK (sync_state_cb), self, 0);
      g_signal_connect_object (self->sync, "pass-finished", G_CALLBACK (pass_finished_cb), self, 0);
    }
  g_signal_connect_object (self->owner, "outbox-changed", G_CALLBACK (read_counts), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->catalogue, "changed", G_CALLBACK (catalogue_changed_cb), self, 0);

  /* A new window starts as after the last citizen: Welcome, in the
   * kiosk's own language. */
  reset_display (self);
  vt_window_show_screen (self, VT_SCREEN_WELCOME);
  read_counts (self);
}

static void
vt_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  VtWindow *self = VT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      self->config = g_value_dup_boxed (value);
      break;
    case PROP_STORE_OWNER:
      self->owner = g_value_dup_object (value);
      break;
    case PROP_SYNC:
      self->sync = g_value_dup_object (value);
      break;
    case PROP_CATALOGUE:
      self->catalogue = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  VtWindow *self = VT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_boxed (value, self->config);
      break;
    case PROP_STORE_OWNER:
      g_value_set_object (value, self->owner);
      break;
    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;
    case PROP_CATALOGUE:
      g_value_set_object (value, self->catalogue);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_window_dispose (GObject *object)
{
  VtWindow *self = VT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->receipt_timeout_id, g_source_remove);
  g_clear_weak_pointer (&self->focus_before_idle);
  g_clear_handle_id (&self->focus_margin_id, g_source_remove);
  stop_reveal (self);
  if (self->idle_guard != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->idle_guard, self);
      vt_idle_guard_set_active (self->idle_guard, FALSE);
    }
  g_clear_object (&self->idle_guard);
  if (self->flow != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->flow, self);
      vt_flow_reset (self->flow);
    }
  if (self->clerk_mode != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->clerk_mode, self);
      vt_clerk_mode_end (self->clerk_mode, "kiosk closing");
    }
  /* Silence before the window goes. */
  g_clear_object (&self->read_aloud);
  if (self->scale_provider != NULL)
    {
      gtk_style_context_remove_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                     GTK_STYLE_PROVIDER (self->scale_provider));
      g_clear_object (&self->scale_provider);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), VT_TYPE_WINDOW);
  g_clear_object (&self->clerk_mode);
  g_clear_object (&self->flow);
  g_clear_object (&self->devices);

  G_OBJECT_CLASS (vt_window_parent_class)->dispose (object);
}

static void
vt_window_finalize (GObject *object)
{
  VtWindow *self = VT_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->sync);
  g_clear_object (&self->owner);
  g_clear_pointer (&self->config, vt_config_free);

  G_OBJECT_CLASS (vt_window_parent_class)->finalize (object);
}

static void
vt_window_class_init (VtWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = vt_window_constructed;
  object_class->set_property = vt_window_set_property;
  object_class->get_property = vt_window_get_property;
  object_class->dispose = vt_window_dispose;
  object_class->finalize = vt_window_finalize;
  widget_class->realize = vt_window_realize;
  window_class->close_request = vt_window_close_request;

  properties[PROP_CONFIG] = g_param_spec_boxed ("config", NULL, NULL, VT_TYPE_CONFIG,
                                                G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE_OWNER] = g_param_spec_object ("store-owner", NULL, NULL, VT_TYPE_STORE_OWNER,
                                                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                      G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC] = g_param_spec_object ("sync", NULL, NULL, VT_TYPE_SYNC,
                                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                               G_PARAM_STATIC_STRINGS);
  properties[PROP_CATALOGUE] = g_param_spec_object ("catalogue", NULL, NULL, VT_TYPE_CATALOGUE,
                                                    G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                    G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VT_TYPE_IDLE_DIALOG);
  g_type_ensure (VT_TYPE_KEYBOARD);
  g_type_ensure (VT_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/ventanilla/Kiosk/vt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VtWindow, overlay);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, content);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, scrim);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, idle_dialog);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, topbar);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, brand_label);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, language_button);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, language_popover);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, language_box);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, read_aloud_button);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, read_aloud_label);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, text_size_button);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, contrast_button);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, draft_button);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, draft_notice);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, draft_notice_label);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, draft_notice_button);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, scroller);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, keyboard);
  gtk_widget_class_bind_template_callback (widget_class, more_time_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_again_cb);
  vt_window_class_bind_clerk (widget_class);
}

static void
vt_window_init (VtWindow *self)
{
  static const GActionEntry actions[] = {
    { "text-size", text_size_activated, NULL, NULL, NULL },
    { "high-contrast", NULL, NULL, "false", high_contrast_changed },
    { "language", language_activated, "s", NULL, NULL },
    { "read-aloud", read_aloud_activated, NULL, NULL, NULL },
  };
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  self->cancellable = g_cancellable_new ();

  self->scale_provider = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (self->scale_provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  apply_text_scale (self);
  /* A field the kiosk focuses (a page shown again, "I need more time")
   * keeps its text as typed: selected, the next key would erase it. */
  g_object_set (gtk_settings_get_for_display (gtk_widget_get_display (GTK_WIDGET (self))),
                "gtk-entry-select-on-focus", FALSE, NULL);

  g_signal_connect (self, "notify::focus-widget", G_CALLBACK (focus_changed_cb), NULL);

  /* Every touch, key or pointer movement counts as someone being there. */
  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (input_event_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

VtWindow *
vt_window_new (GtkApplication *application,
               VtConfig       *config,
               VtStoreOwner   *owner,
               VtSync         *sync,
               VtCatalogue    *catalogue)
{
  /* Full screen as a construct property: GTK 4.8 sets "fullscreened" back
   * to its default after init, so gtk_window_fullscreen() there is lost and
   * Cage shows a maximised window with a title bar (tests/test-cage.sh). */
  return g_object_new (VT_TYPE_WINDOW,
                       "application", application,
                       "fullscreened", TRUE,
                       "config", config,
                       "store-owner", owner,
                       "sync", sync,
                       "catalogue", catalogue,
                       NULL);
}

void
vt_window_set_allow_close (VtWindow *self,
                           gboolean  allow)
{
  g_return_if_fail (VT_IS_WINDOW (self));

  self->allow_close = !!allow;
}

VtScreen
vt_window_get_screen (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), VT_SCREEN_WELCOME);
  return self->screen;
}

GtkWidget *
vt_window_get_page (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return self->page;
}

VtIdleGuard *
vt_window_get_idle_guard (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return self->idle_guard;
}

VtPlayer *
vt_window_get_player (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return vt_read_aloud_get_player (self->read_aloud);
}

guint
vt_window_get_read_aloud (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), 0);
  return vt_read_aloud_get_mode (self->read_aloud);
}

GtkWidget *
vt_window_get_idle_dialog (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return gtk_widget_get_visible (self->scrim) ? self->idle_dialog : NULL;
}

guint
vt_window_get_text_scale (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), 100);
  return text_scales[self->text_scale_index];
}

gboolean
vt_window_get_high_contrast (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), FALSE);
  return self->high_contrast;
}

char *
vt_window_dup_answer (VtWindow   *self,
                      const char *path)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return vt_flow_dup_answer (self->flow, path);
}

gboolean
vt_window_has_session (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), FALSE);
  return vt_flow_has_session (self->flow);
}

const char *
vt_window_get_receipt_reference (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return vt_flow_get_receipt_reference (self->flow);
}

GtkWidget *
vt_window_get_keyboard (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return self->keyboard;
}

VtFlow *
vt_window_get_flow (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return self->flow;
}

VtDevices *
vt_window_get_devices (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return self->devices;
}

VtClerkMode *
vt_window_get_clerk_mode (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return self->clerk_mode;
}

const char *
vt_window_get_assisted_by (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return vt_flow_get_assisted_by (self->flow);
}

GtkWidget *
vt_window_get_draft_button (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return self->draft_button;
}

GtkWidget *
vt_window_get_draft_notice (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return gtk_widget_get_visible (self->draft_notice) ? self->draft_notice : NULL;
}

const char *
vt_window_get_draft_notice_text (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->draft_notice_label));
}
