#define G_LOG_DOMAIN "vt-feedback-question"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-feedback.h"
#include "vt-feedback-question.h"
#include "vt-wrap-box.h"

/* Five faces a citizen can tap once. */
struct _VtFeedbackQuestion
{
  GtkBox         parent_instance;

  GtkWidget     *face_box;
  GtkWidget     *thanks_label;
  GtkWidget     *faces[VT_FEEDBACK_MAX_EASE];

  VtStoreOwner  *owner;
  char          *service_form_id;
  char          *language;
  int            delay_seconds;
  GCancellable  *cancellable;      /* cancelled when the question goes */
  int            ease;             /* the face tapped, or 0 */
  char          *sent_id;
};

enum {
  RATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VtFeedbackQuestion, vt_feedback_question, GTK_TYPE_BOX)

/* The words under each face, 1 … 5. */
static const char *
ease_words (int ease)
{
  switch (ease)
    {
    case 1: return _("Very hard");
    case 2: return _("Hard");
    /* Translators: the middle of five faces, between "Hard" and "Easy". */
    case 3: return _("Neither easy nor hard");
    case 4: return _("Easy");
    case 5: return _("Very easy");
    default: g_return_val_if_reached (NULL);
    }
}

/* A face drawn in the text's colour, so it follows high contrast: a
 * circle, two eyes and a mouth that frowns (1) or smiles (5). */
static void
draw_face (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        user_data)
{
  int ease = GPOINTER_TO_INT (user_data);
  double size = MIN (width, height);
  double r = size / 2 - size * 0.05;
  double cx = width / 2.0, cy = height / 2.0;
  /* -1 (frown) … +1 (smile) */
  double curve = (ease - 3) / 2.0;
  double mouth_y = cy + r * 0.35;
  double half = r * 0.45;
  GdkRGBA color;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_set_line_width (cr, MAX (2.0, size * 0.06));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  cairo_arc (cr, cx, cy, r, 0, 2 * G_PI);
  cairo_stroke (cr);

  cairo_arc (cr, cx - r * 0.35, cy - r * 0.25, size * 0.06, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_arc (cr, cx + r * 0.35, cy - r * 0.25, size * 0.06, 0, 2 * G_PI);
  cairo_fill (cr);

  cairo_move_to (cr, cx - half, mouth_y - curve * r * 0.12);
  cairo_curve_to (cr, cx - half / 2, mouth_y + curve * r * 0.25,
                  cx + half / 2, mouth_y + curve * r * 0.25,
                  cx + half, mouth_y - curve * r * 0.12);
  cairo_stroke (cr);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  VtFeedbackQuestion *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = vt_store_owner_send_feedback_finish (VT_STORE_OWNER (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (id == NULL)
    {
      /* The citizen's application is safe; only this answer is lost. */
      g_message ("The feedback could not be queued: %s", error->message);
      gtk_label_set_text (GTK_LABEL (self->thanks_label),
                          _("Thank you. Your answer could not be kept on this kiosk, but your application is safe."));
      return;
    }
  self->sent_id = g_steal_pointer (&id);
  gtk_label_set_text (GTK_LABEL (self->thanks_label),
                      _("Thank you. Your answer will help the office make its services easier."));
  g_signal_emit (self, signals[RATED], 0, self->ease);
}

static void
face_clicked_cb (GtkButton          *button,
                 VtFeedbackQuestion *self)
{
  int ease = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "vt-ease"));

  /* One tap: the others go quiet, the chosen one stays marked. */
  for (int i = 0; i < VT_FEEDBACK_MAX_EASE; i++)
    gtk_widget_set_sensitive (self->faces[i], FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (button), "current");
  gtk_label_set_text (GTK_LABEL (self->thanks_label), _("Thank you."));
  gtk_widget_set_visible (self->thanks_label, TRUE);
  self->ease = ease;
  vt_store_owner_send_feedback_async (self->owner, ease, NULL, self->service_form_id, self->language,
                                      _("How easy was this?"), self->delay_seconds, self->cancellable,
                                      sent_cb, self);
}

static void
vt_feedback_question_dispose (GObject *object)
{
  VtFeedbackQuestion *self = VT_FEEDBACK_QUESTION (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VT_TYPE_FEEDBACK_QUESTION);

  G_OBJECT_CLASS (vt_feedback_question_parent_class)->dispose (object);
}

static void
vt_feedback_question_finalize (GObject *object)
{
  VtFeedbackQuestion *self = VT_FEEDBACK_QUESTION (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->owner);
  g_free (self->service_form_id);
  g_free (self->language);
  g_free (self->sent_id);

  G_OBJECT_CLASS (vt_feedback_question_parent_class)->finalize (object);
}

static void
vt_feedback_question_class_init (VtFeedbackQuestionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_feedback_question_dispose;
  object_class->finalize = vt_feedback_question_finalize;

  signals[RATED] = g_signal_new ("rated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  g_type_ensure (VT_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/ventanilla/Kiosk/vt-feedback-question.ui");
  gtk_widget_class_bind_template_child (widget_class, VtFeedbackQuestion, face_box);
  gtk_widget_class_bind_template_child (widget_class, VtFeedbackQuestion, thanks_label);
}

static void
vt_feedback_question_init (VtFeedbackQuestion *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  for (int ease = VT_FEEDBACK_MIN_EASE; ease <= VT_FEEDBACK_MAX_EASE; ease++)
    {
      GtkWidget *button = gtk_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *face = gtk_drawing_area_new ();
      GtkWidget *label = gtk_label_new (ease_words (ease));

      gtk_widget_add_css_class (face, "feedback-face");
      gtk_widget_set_halign (face, GTK_ALIGN_CENTER);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (face), draw_face, GINT_TO_POINTER (ease), NULL);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_box_append (GTK_BOX (box), face);
      gtk_box_append (GTK_BOX (box), label);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "choice");
      gtk_widget_add_css_class (button, "feedback-choice");
      /* The face is a picture of the words: the words are its name. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, ease_words (ease), -1);
      g_object_set_data (G_OBJECT (button), "vt-ease", GINT_TO_POINTER (ease));
      g_signal_connect (button, "clicked", G_CALLBACK (face_clicked_cb), self);
      vt_wrap_box_append (VT_WRAP_BOX (self->face_box), button);
      self->faces[ease - 1] = button;
    }
}

GtkWidget *
vt_feedback_question_new (VtStoreOwner *owner,
                          const char   *service_form_id,
                          const char   *language,
                          int           delay_seconds)
{
  VtFeedbackQuestion *self;

  g_return_val_if_fail (VT_IS_STORE_OWNER (owner), NULL);

  self = g_object_new (VT_TYPE_FEEDBACK_QUESTION, NULL);
  self->owner = g_object_ref (owner);
  self->service_form_id = g_strdup (service_form_id);
  self->language = g_strdup (language);
  self->delay_seconds = delay_seconds;
  return GTK_WIDGET (self);
}

GtkWidget *
vt_feedback_question_get_face (VtFeedbackQuestion *self,
                               int                 ease)
{
  g_return_val_if_fail (VT_IS_FEEDBACK_QUESTION (self), NULL);
  g_return_val_if_fail (ease >= VT_FEEDBACK_MIN_EASE && ease <= VT_FEEDBACK_MAX_EASE, NULL);

  return self->faces[ease - 1];
}

const char *
vt_feedback_question_get_sent_id (VtFeedbackQuestion *self)
{
  g_return_val_if_fail (VT_IS_FEEDBACK_QUESTION (self), NULL);

  return self->sent_id;
}
