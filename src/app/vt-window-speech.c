#define G_LOG_DOMAIN "vt-window-speech"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-language.h"
#include "vt-question-page.h"
#include "vt-review-page.h"
#include "vt-window-private.h"

/* Reading aloud, for the whole window: the top bar's "Read the questions
 * aloud" (off → on → slower → off, each press saying what it did), Listen
 * buttons on question pages and on "check your answers", the pages read as
 * they appear while it is on, the welcome screen's spoken offer at the
 * first touch, and silence at every change of screen and at the wipe. */

typedef enum
{
  READ_ALOUD_OFF,
  READ_ALOUD_ON,
  READ_ALOUD_SLOWER,
  N_READ_ALOUD
} ReadAloud;

/* The kiosk's own words are said in the kiosk's language. */
static void
say (VtWindow   *self,
     const char *text)
{
  g_autoptr(VtSpeechScript) script = vt_speech_script_new (vt_language_get_current ());

  vt_speech_script_add_text (script, text);
  vt_player_speak (self->player, script);
}

/* The language a form's pages are read in: the session's. */
static const char *
session_language (VtWindow *self)
{
  const char *language = self->session != NULL ? vt_session_get_language (self->session) : NULL;

  return language != NULL ? language : vt_language_get_current ();
}

static void
read_aloud_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  VtWindow *self = user_data;

  self->read_aloud = (self->read_aloud + 1) % N_READ_ALOUD;
  vt_player_set_slow (self->player, self->read_aloud == READ_ALOUD_SLOWER);
  vt_window_speech_update_chrome (self);

  switch (self->read_aloud)
    {
    case READ_ALOUD_ON:
      say (self, _("The questions will be read aloud. Touch this button again to hear them more slowly."));
      break;
    case READ_ALOUD_SLOWER:
      say (self, _("The questions will be read aloud more slowly. Touch this button again to stop reading aloud."));
      break;
    default:
      say (self, _("The questions will not be read aloud."));
      break;
    }
}

/* The first touch of the welcome screen, once per visit: a citizen who
 * cannot read hears how to have the questions read. */
static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            VtWindow        *self)
{
  if (self->screen != VT_SCREEN_WELCOME || self->welcome_offered ||
      self->read_aloud != READ_ALOUD_OFF || !vt_player_get_available (self->player))
    return;
  self->welcome_offered = TRUE;
  /* A touch on the top bar's button says what it did instead. */
  if (gtk_widget_is_ancestor (gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT),
                              self->read_aloud_button))
    return;
  say (self, _("To hear the questions read aloud, touch the button with the loudspeaker at the top of the screen."));
}

void
vt_window_setup_speech (VtWindow *self)
{
  static const GActionEntry actions[] = {
    { "read-aloud", read_aloud_activated, NULL, NULL, NULL },
  };
  GtkGesture *gesture;

  self->player = vt_player_new (self->config);
  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  /* Without anywhere to play, nothing offers to speak. */
  g_object_bind_property (self->player, "available", self->read_aloud_button, "visible",
                          G_BINDING_SYNC_CREATE);

  gesture = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}

void
vt_window_teardown_speech (VtWindow *self)
{
  if (self->player != NULL)
    vt_player_stop (self->player);
  g_clear_object (&self->player);
}

void
vt_window_speech_update_chrome (VtWindow *self)
{
  const char *label;

  if (self->read_aloud_label == NULL)
    return;
  switch (self->read_aloud)
    {
    case READ_ALOUD_ON:
      /* Translators: the top bar's read-aloud button while it is on. */
      label = _("Reading aloud");
      break;
    case READ_ALOUD_SLOWER:
      label = _("Reading aloud, slower");
      break;
    default:
      label = _("Read the questions aloud");
      break;
    }
  gtk_label_set_text (GTK_LABEL (self->read_aloud_label), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->read_aloud_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Touch to have the questions read aloud, then to hear them more slowly, then to stop"),
                                  -1);
  if (self->read_aloud != READ_ALOUD_OFF)
    gtk_widget_add_css_class (self->read_aloud_button, "on");
  else
    gtk_widget_remove_css_class (self->read_aloud_button, "on");
}

/* Before another screen, or the same one rebuilt: silence. */
void
vt_window_speech_screen_leaving (VtWindow *self)
{
  if (self->player != NULL)
    vt_player_stop (self->player);
}

static const VtPage *
shown_page (VtWindow *self)
{
  for (guint i = 0; self->pages != NULL && self->page_id != NULL && i < self->pages->len; i++)
    {
      const VtPage *page = g_ptr_array_index (self->pages, i);

      if (g_str_equal (page->id, self->page_id))
        return page;
    }
  return NULL;
}

void
vt_window_speech_screen_shown (VtWindow  *self,
                               VtScreen   screen,
                               GtkWidget *page)
{
  if (screen == VT_SCREEN_WELCOME)
    self->welcome_offered = FALSE;

  if (screen == VT_SCREEN_QUESTION && VT_IS_QUESTION_PAGE (page) && shown_page (self) != NULL)
    {
      vt_question_page_set_player (VT_QUESTION_PAGE (page), self->player, shown_page (self),
                                   session_language (self));
      if (self->read_aloud != READ_ALOUD_OFF)
        vt_player_speak (self->player, vt_question_page_get_arrival_script (VT_QUESTION_PAGE (page)));
    }
  /* Never read by itself: it holds the citizen's answers. */
  if (screen == VT_SCREEN_REVIEW && VT_IS_REVIEW_PAGE (page))
    vt_review_page_set_player (VT_REVIEW_PAGE (page), self->player, session_language (self));
}

void
vt_window_speech_reset (VtWindow *self)
{
  self->read_aloud = READ_ALOUD_OFF;
  vt_player_set_slow (self->player, FALSE);
  vt_player_stop (self->player);
  vt_window_speech_update_chrome (self);
}

VtPlayer *
vt_window_get_player (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return self->player;
}

guint
vt_window_get_read_aloud (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), 0);
  return self->read_aloud;
}
