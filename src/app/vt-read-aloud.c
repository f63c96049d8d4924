#define G_LOG_DOMAIN "vt-read-aloud"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-language.h"
#include "vt-question-page.h"
#include "vt-read-aloud.h"
#include "vt-review-page.h"

/* See vt-read-aloud.h: the window's reading aloud, its player and the top
 * bar's setting. */

#define N_MODES (VT_READ_ALOUD_SLOWER + 1)

struct _VtReadAloud
{
  GObject          parent_instance;

  VtPlayer        *player;
  GtkWidget       *window;            /* borrowed: the window owns us */
  GtkWidget       *button;            /* borrowed, in the window's top bar */
  GtkWidget       *label;
  VtReadAloudMode  mode;
  VtScreen         screen;            /* the screen shown last */
  gboolean         welcome_offered;   /* the welcome screen said its offer */
};

G_DEFINE_FINAL_TYPE (VtReadAloud, vt_read_aloud, G_TYPE_OBJECT)

/* The kiosk's own words are said in the kiosk's language. */
static void
say (VtReadAloud *self,
     const char  *text)
{
  g_autoptr(VtSpeechScript) script = vt_speech_script_new (vt_language_get_current ());

  vt_speech_script_add_text (script, text);
  vt_player_speak (self->player, script);
}

void
vt_read_aloud_cycle (VtReadAloud *self)
{
  g_return_if_fail (VT_IS_READ_ALOUD (self));

  self->mode = (self->mode + 1) % N_MODES;
  vt_player_set_slow (self->player, self->mode == VT_READ_ALOUD_SLOWER);
  vt_read_aloud_update_chrome (self);

  switch (self->mode)
    {
    case VT_READ_ALOUD_ON:
      say (self, _("The questions will be read aloud. Touch this button again to hear them more slowly."));
      break;
    case VT_READ_ALOUD_SLOWER:
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
            VtReadAloud     *self)
{
  if (self->screen != VT_SCREEN_WELCOME || self->welcome_offered ||
      self->mode != VT_READ_ALOUD_OFF || !vt_player_get_available (self->player))
    return;
  self->welcome_offered = TRUE;
  /* A touch on the top bar's button says what it did instead. */
  if (gtk_widget_is_ancestor (gtk_widget_pick (self->window, x, y, GTK_PICK_DEFAULT), self->button))
    return;
  say (self, _("To hear the questions read aloud, touch the button with the loudspeaker at the top of the screen."));
}

void
vt_read_aloud_update_chrome (VtReadAloud *self)
{
  const char *label;

  g_return_if_fail (VT_IS_READ_ALOUD (self));

  switch (self->mode)
    {
    case VT_READ_ALOUD_ON:
      /* Translators: the top bar's read-aloud button while it is on. */
      label = _("Reading aloud");
      break;
    case VT_READ_ALOUD_SLOWER:
      label = _("Reading aloud, slower");
      break;
    default:
      label = _("Read the questions aloud");
      break;
    }
  gtk_label_set_text (GTK_LABEL (self->label), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Touch to have the questions read aloud, then to hear them more slowly, then to stop"),
                                  -1);
  if (self->mode != VT_READ_ALOUD_OFF)
    gtk_widget_add_css_class (self->button, "on");
  else
    gtk_widget_remove_css_class (self->button, "on");
}

void
vt_read_aloud_screen_leaving (VtReadAloud *self)
{
  g_return_if_fail (VT_IS_READ_ALOUD (self));

  vt_player_stop (self->player);
}

void
vt_read_aloud_screen_shown (VtReadAloud  *self,
                            VtScreen      screen,
                            GtkWidget    *page,
                            const VtPage *shown,
                            const char   *language)
{
  g_return_if_fail (VT_IS_READ_ALOUD (self));

  self->screen = screen;
  if (language == NULL)
    language = vt_language_get_current ();
  if (screen == VT_SCREEN_WELCOME)
    self->welcome_offered = FALSE;

  if (screen == VT_SCREEN_QUESTION && VT_IS_QUESTION_PAGE (page) && shown != NULL)
    {
      vt_question_page_set_player (VT_QUESTION_PAGE (page), self->player, shown, language);
      if (self->mode != VT_READ_ALOUD_OFF)
        vt_player_speak (self->player, vt_question_page_get_arrival_script (VT_QUESTION_PAGE (page)));
    }
  /* Never read by itself: it holds the citizen's answers. */
  if (screen == VT_SCREEN_REVIEW && VT_IS_REVIEW_PAGE (page))
    vt_review_page_set_player (VT_REVIEW_PAGE (page), self->player, language);
}

void
vt_read_aloud_reset (VtReadAloud *self)
{
  g_return_if_fail (VT_IS_READ_ALOUD (self));

  self->mode = VT_READ_ALOUD_OFF;
  vt_player_set_slow (self->player, FALSE);
  vt_player_stop (self->player);
  vt_read_aloud_update_chrome (self);
}

VtPlayer *
vt_read_aloud_get_player (VtReadAloud *self)
{
  g_return_val_if_fail (VT_IS_READ_ALOUD (self), NULL);

  return self->player;
}

VtReadAloudMode
vt_read_aloud_get_mode (VtReadAloud *self)
{
  g_return_val_if_fail (VT_IS_READ_ALOUD (self), VT_READ_ALOUD_OFF);

  return self->mode;
}

static void
vt_read_aloud_dispose (GObject *object)
{
  VtReadAloud *self = VT_READ_ALOUD (object);

  if (self->player != NULL)
    vt_player_stop (self->player);
  g_clear_object (&self->player);

  G_OBJECT_CLASS (vt_read_aloud_parent_class)->dispose (object);
}

static void
vt_read_aloud_class_init (VtReadAloudClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vt_read_aloud_dispose;
}

static void
vt_read_aloud_init (VtReadAloud *self)
{
}

VtReadAloud *
vt_read_aloud_new (VtConfig  *config,
                   GtkWidget *window,
                   GtkWidget *button,
                   GtkWidget *label)
{
  VtReadAloud *self;
  GtkGesture *gesture;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (window), NULL);
  g_return_val_if_fail (gtk_widget_is_ancestor (button, window), NULL);
  g_return_val_if_fail (GTK_IS_LABEL (label), NULL);

  self = g_object_new (VT_TYPE_READ_ALOUD, NULL);
  self->window = window;
  self->button = button;
  self->label = label;
  self->player = vt_player_new (config);
  /* Without anywhere to play, nothing offers to speak. */
  g_object_bind_property (self->player, "available", button, "visible", G_BINDING_SYNC_CREATE);

  gesture = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  /* The gesture stays with the window; it stops calling us when we go. */
  g_signal_connect_object (gesture, "pressed", G_CALLBACK (pressed_cb), self, 0);
  gtk_widget_add_controller (window, GTK_EVENT_CONTROLLER (gesture));

  vt_read_aloud_update_chrome (self);
  return self;
}
