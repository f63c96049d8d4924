/* One page of a form: its questions (one VtQuestionView each), the error
 * summary with links to the fields, "add another?" for a repeat, and Back
 * and Continue. */
#define G_LOG_DOMAIN "vt-question-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-listen-button.h"
#include "vt-question-page.h"
#include "vt-question-view.h"
#include "vt-screen-page.h"

struct _VtQuestionPage
{
  GtkBox      parent_instance;

  GtkWidget  *header_box;
  GtkWidget  *back_button;
  GtkWidget  *notice_label;
  GtkWidget  *listen_button;
  GtkWidget  *error_summary;
  GtkWidget  *error_list;
  GtkWidget  *caption_label;
  GtkWidget  *questions_box;
  GtkWidget  *add_button;
  GtkWidget  *next_button;

  char       *id;
  GHashTable *views;               /* path → VtQuestionView, borrowed */
  GPtrArray  *errors;              /* the messages shown, char * */
  GPtrArray  *prompt;              /* the repeat prompt's words, char * */
  VtSpeechScript *arrival_script;  /* what is read as the page appears, or NULL */
  GtkWidget  *initial_focus;       /* the error summary, the first question, or NULL */
};

enum {
  BACK,
  NEXT,
  ADD_REPEAT,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void vt_question_page_screen_page_init (VtScreenPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VtQuestionPage, vt_question_page, GTK_TYPE_BOX,
                               G_IMPLEMENT_INTERFACE (VT_TYPE_SCREEN_PAGE, vt_question_page_screen_page_init))

static GtkWidget *
vt_question_page_get_initial_focus (VtScreenPage *page)
{
  return VT_QUESTION_PAGE (page)->initial_focus;
}

static void
vt_question_page_screen_page_init (VtScreenPageInterface *iface)
{
  iface->get_initial_focus = vt_question_page_get_initial_focus;
}

static void
back_clicked_cb (VtQuestionPage *self)
{
  g_signal_emit (self, signals[BACK], 0);
}

static void
next_clicked_cb (VtQuestionPage *self)
{
  g_signal_emit (self, signals[NEXT], 0);
}

static void
add_clicked_cb (VtQuestionPage *self)
{
  g_signal_emit (self, signals[ADD_REPEAT], 0);
}

static void
view_changed_cb (VtQuestionView *view,
                 const char     *path,
                 const char     *value,
                 const char     *text,
                 VtQuestionPage *self)
{
  g_signal_emit (self, signals[CHANGED], 0, path, value, text);
}

/* A link in the error summary takes the citizen to the field. */
static void
error_link_clicked_cb (GtkButton      *button,
                       VtQuestionPage *self)
{
  const char *path = g_object_get_data (G_OBJECT (button), "vt-path");
  GtkWidget *view = g_hash_table_lookup (self->views, path);

  if (view != NULL)
    vt_question_view_focus (VT_QUESTION_VIEW (view));
}

static void
vt_question_page_finalize (GObject *object)
{
  VtQuestionPage *self = VT_QUESTION_PAGE (object);

  g_free (self->id);
  g_hash_table_unref (self->views);
  g_ptr_array_unref (self->errors);
  g_ptr_array_unref (self->prompt);
  g_clear_pointer (&self->arrival_script, vt_speech_script_unref);

  G_OBJECT_CLASS (vt_question_page_parent_class)->finalize (object);
}

static void
vt_question_page_class_init (VtQuestionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = vt_question_page_finalize;

  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[NEXT] = g_signal_new ("next", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[ADD_REPEAT] = g_signal_new ("add-repeat", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                   G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (VT_TYPE_QUESTION_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/ventanilla/Kiosk/vt-question-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VtQuestionPage, header_box);
  gtk_widget_class_bind_template_child (widget_class, VtQuestionPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, VtQuestionPage, notice_label);
  gtk_widget_class_bind_template_child (widget_class, VtQuestionPage, error_summary);
  gtk_widget_class_bind_template_child (widget_class, VtQuestionPage, error_list);
  gtk_widget_class_bind_template_child (widget_class, VtQuestionPage, caption_label);
  gtk_widget_class_bind_template_child (widget_class, VtQuestionPage, questions_box);
  gtk_widget_class_bind_template_child (widget_class, VtQuestionPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, VtQuestionPage, next_button);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
}

static void
vt_question_page_init (VtQuestionPage *self)
{
  self->views = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->errors = g_ptr_array_new_with_free_func (g_free);
  self->prompt = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

static const char *
find_error (GPtrArray  *errors,
            const char *path)
{
  for (guint i = 0; errors != NULL && i < errors->len; i++)
    {
      const VtValidationError *e = g_ptr_array_index (errors, i);

      if (g_strcmp0 (e->path, path) == 0)
        return e->message;
    }
  return NULL;
}

char *
vt_question_page_dup_instance_title (const VtPage *page,
                                     gboolean      with_count)
{
  const char *what;
  const char *name;

  g_return_val_if_fail (page != NULL, NULL);

  if (page->instance_count == 0)
    return NULL;
  what = page->group_label != NULL && page->group_label[0] != '\0' ? page->group_label : NULL;
  name = page->instance_name;
  if (what == NULL)
    /* Translators: a repeated part of a form with no name of its own: "2 of 3". */
    return g_strdup_printf (_("%u of %u"), page->instance_position, page->instance_count);
  if (with_count && name != NULL)
    /* Translators: the heading of one person's (or thing's) page: "Person 2 of 3: Ana";
     * %1$s is what the form repeats, %2$u its place, %3$u how many, %4$s the name typed. */
    return g_strdup_printf (_("%1$s %2$u of %3$u: %4$s"), what, page->instance_position,
                            page->instance_count, name);
  if (with_count)
    /* Translators: the heading of one person's (or thing's) page before a name is known: "Person 2 of 3". */
    return g_strdup_printf (_("%1$s %2$u of %3$u"), what, page->instance_position, page->instance_count);
  if (name != NULL)
    /* Translators: one person's answers in "check your answers": "Person 2: Ana". */
    return g_strdup_printf (_("%1$s %2$u: %3$s"), what, page->instance_position, name);
  /* Translators: one person's answers in "check your answers" with no name: "Person 2". */
  return g_strdup_printf (_("%1$s %2$u"), what, page->instance_position);
}

/* The page's question at path, or NULL. */
static const VtQuestion *
find_question (const VtPage *page,
               const char   *path)
{
  for (guint i = 0; page->questions != NULL && i < page->questions->len; i++)
    {
      const VtQuestion *question = g_ptr_array_index (page->questions, i);

      if (g_strcmp0 (question->path, path) == 0)
        return question;
    }
  return NULL;
}

/* An error summary's line: the question, then what is wrong. */
static char *
dup_error_text (const char *label,
                const char *message)
{
  if (label == NULL || label[0] == '\0')
    return g_strdup (message);
  /* Translators: a link of the error summary: the question, then what
   * is wrong with its answer ("Your name — Write the name to
   * continue."); two questions can have the same message. */
  return g_strdup_printf (_("%s — %s"), label, message);
}

static void
add_heading (VtQuestionPage *self,
             const char     *text)
{
  gtk_box_append (GTK_BOX (self->questions_box), vt_heading_new (text, 1, "heading-l"));
}

static void
build_repeat_prompt (VtQuestionPage *self,
                     const VtPage   *page)
{
  g_autofree char *title = NULL;
  g_autofree char *count = NULL;
  GtkWidget *label;
  const char *what = page->repeat_label != NULL ? page->repeat_label : "";

  if (page->repeat_count == 0)
    /* Translators: a repeat's first question; %s is what is repeated, like "A person in the home". */
    title = g_strdup_printf (_("Do you want to add: %s?"), what);
  else
    /* Translators: asked after each one; %s is what is repeated, like "A person in the home". */
    title = g_strdup_printf (_("Do you want to add another: %s?"), what);
  add_heading (self, title);
  g_ptr_array_add (self->prompt, g_strdup (title));

  count = g_strdup_printf (ngettext ("You have added %u so far.",
                                     "You have added %u so far.",
                                     page->repeat_count),
                           page->repeat_count);
  g_ptr_array_add (self->prompt, g_strdup (count));
  label = gtk_label_new (count);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "lead");
  gtk_box_append (GTK_BOX (self->questions_box), label);

  gtk_widget_set_visible (self->add_button, page->repeat_can_add);
  gtk_button_set_label (GTK_BUTTON (self->next_button),
                        page->repeat_count == 0 ? _("No, continue") : _("I have added everyone"));
}

GtkWidget *
vt_question_page_new (const VtPage *page,
                      GHashTable   *texts,
                      GPtrArray    *errors)
{
  VtQuestionPage *self = g_object_new (VT_TYPE_QUESTION_PAGE, NULL);
  guint n_questions = page->questions != NULL ? page->questions->len : 0;
  gboolean single = n_questions == 1;
  GtkWidget *first_error_link = NULL;

  self->id = g_strdup (page->id);

  if (page->kind == VT_PAGE_REPEAT_PROMPT)
    {
      build_repeat_prompt (self, page);
      return GTK_WIDGET (self);
    }

  if ((page->group_label != NULL && page->group_label[0] != '\0') || page->instance_count > 0)
    {
      /* In a repeat, which one: "Person 2 of 3: Ana". */
      g_autofree char *instance = vt_question_page_dup_instance_title (page, TRUE);
      const char *title = instance != NULL ? instance : page->group_label;

      if (single)
        {
          /* GOV.UK: a section's name above the question, as a caption. */
          gtk_label_set_text (GTK_LABEL (self->caption_label), title);
          gtk_widget_set_visible (self->caption_label, TRUE);
        }
      else
        add_heading (self, title);
    }

  for (guint i = 0; i < n_questions; i++)
    {
      const VtQuestion *question = g_ptr_array_index (page->questions, i);
      const char *text = texts != NULL ? g_hash_table_lookup (texts, question->path) : NULL;
      const char *error = find_error (errors, question->path);
      GtkWidget *view;

      view = vt_question_view_new (question, text, error,
                                   single || page->group_label == NULL ? 1 : 2);
      if (!single && page->group_label == NULL && i > 0)
        gtk_accessible_update_property (GTK_ACCESSIBLE (vt_question_view_get_label (VT_QUESTION_VIEW (view))),
                                        GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
      g_signal_connect (view, "changed", G_CALLBACK (view_changed_cb), self);
      g_signal_connect_swapped (view, "activate", G_CALLBACK (next_clicked_cb), self);
      g_hash_table_insert (self->views, g_strdup (question->path), view);
      gtk_box_append (GTK_BOX (self->questions_box), view);
    }

  /* The error summary: every problem of the page, each a link to its field. */
  for (guint i = 0; errors != NULL && i < errors->len; i++)
    {
      const VtValidationError *e = g_ptr_array_index (errors, i);
      const VtQuestion *question = find_question (page, e->path);
      g_autofree char *text = dup_error_text (question != NULL ? question->label : NULL, e->message);
      GtkWidget *link = gtk_button_new_with_label (text);
      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (link));

      if (GTK_IS_LABEL (child))
        {
          gtk_label_set_wrap (GTK_LABEL (child), TRUE);
          gtk_label_set_xalign (GTK_LABEL (child), 0);
        }
      gtk_widget_set_halign (link, GTK_ALIGN_FILL);
      gtk_widget_add_css_class (link, "link");
      g_object_set_data_full (G_OBJECT (link), "vt-path", g_strdup (e->path), g_free);
      g_signal_connect (link, "clicked", G_CALLBACK (error_link_clicked_cb), self);
      /* Read aloud without the answers a label may show. */
      g_ptr_array_add (self->errors, dup_error_text (question != NULL ? question->spoken_label : NULL, e->message));
      gtk_box_append (GTK_BOX (self->error_list), link);
      if (first_error_link == NULL)
        first_error_link = link;
    }
  gtk_widget_set_visible (self->error_summary, first_error_link != NULL);

  if (first_error_link != NULL)
    self->initial_focus = self->error_summary;
  else if (n_questions > 0)
    {
      /* Start on the first question's control, past the Back link. */
      const VtQuestion *question = g_ptr_array_index (page->questions, 0);
      GtkWidget *view = g_hash_table_lookup (self->views, question->path);
      GtkWidget *control = vt_question_view_get_control (VT_QUESTION_VIEW (view));

      if (control != NULL)
        self->initial_focus = view;
    }

  /* A page of notes alone (a service's introduction): the focus lands on
   * Continue, so a screen reader says the notes with it. */
  if (self->initial_focus == NULL && n_questions > 0)
    {
      g_autoptr(GString) notes = g_string_new (NULL);

      for (guint i = 0; i < n_questions; i++)
        {
          const VtQuestion *question = g_ptr_array_index (page->questions, i);

          if (question->label != NULL && question->label[0] != '\0')
            g_string_append_printf (notes, "%s%s", notes->len > 0 ? " " : "", question->label);
          if (question->hint != NULL && question->hint[0] != '\0')
            g_string_append_printf (notes, "%s%s", notes->len > 0 ? " " : "", question->hint);
        }
      if (notes->len > 0)
        gtk_accessible_update_property (GTK_ACCESSIBLE (self->next_button),
                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, notes->str,
                                        -1);
    }

  return GTK_WIDGET (self);
}

void
vt_question_page_set_player (VtQuestionPage *self,
                             VtPlayer       *player,
                             const VtPage   *page,
                             const char     *language)
{
  g_autoptr(VtSpeechScript) script = vt_speech_script_new (language);

  g_return_if_fail (VT_IS_QUESTION_PAGE (self));
  g_return_if_fail (VT_IS_PLAYER (player));
  g_return_if_fail (self->listen_button == NULL);

  /* Listen: each question of the page in turn, or the repeat's prompt. */
  if (page->kind == VT_PAGE_REPEAT_PROMPT)
    for (guint i = 0; i < self->prompt->len; i++)
      vt_speech_script_add_text (script, g_ptr_array_index (self->prompt, i));
  else
    vt_speech_script_add_page (script, page);
  self->listen_button = vt_listen_button_new (player, script, TRUE, NULL);
  gtk_widget_add_css_class (self->listen_button, "huge");
  gtk_box_append (GTK_BOX (self->header_box), self->listen_button);

  for (guint i = 0; page->questions != NULL && i < page->questions->len; i++)
    {
      const VtQuestion *question = g_ptr_array_index (page->questions, i);
      GtkWidget *view = g_hash_table_lookup (self->views, question->path);

      if (view != NULL)
        vt_question_view_set_player (VT_QUESTION_VIEW (view), player, question, language);
    }

  /* As the page appears to someone who asked for reading aloud: the
   * problems first, then the page. */
  self->arrival_script = vt_speech_script_new (language);
  for (guint i = 0; i < self->errors->len; i++)
    vt_speech_script_add_message (self->arrival_script, g_ptr_array_index (self->errors, i));
  if (page->kind == VT_PAGE_REPEAT_PROMPT)
    for (guint i = 0; i < self->prompt->len; i++)
      vt_speech_script_add_text (self->arrival_script, g_ptr_array_index (self->prompt, i));
  else
    vt_speech_script_add_page (self->arrival_script, page);
}

GtkWidget *
vt_question_page_get_listen_button (VtQuestionPage *self)
{
  g_return_val_if_fail (VT_IS_QUESTION_PAGE (self), NULL);
  return self->listen_button;
}

VtSpeechScript *
vt_question_page_get_arrival_script (VtQuestionPage *self)
{
  g_return_val_if_fail (VT_IS_QUESTION_PAGE (self), NULL);
  return self->arrival_script;
}

void
vt_question_page_set_notice (VtQuestionPage *self,
                             const char     *text)
{
  g_return_if_fail (VT_IS_QUESTION_PAGE (self));

  gtk_label_set_text (GTK_LABEL (self->notice_label), text != NULL ? text : "");
  gtk_widget_set_visible (self->notice_label, text != NULL && text[0] != '\0');
}

GtkWidget *
vt_question_page_get_notice (VtQuestionPage *self)
{
  g_return_val_if_fail (VT_IS_QUESTION_PAGE (self), NULL);
  return self->notice_label;
}

const char *
vt_question_page_get_id (VtQuestionPage *self)
{
  g_return_val_if_fail (VT_IS_QUESTION_PAGE (self), NULL);
  return self->id;
}

GtkWidget *
vt_question_page_get_error_summary (VtQuestionPage *self)
{
  g_return_val_if_fail (VT_IS_QUESTION_PAGE (self), NULL);
  return self->error_summary;
}

GtkWidget *
vt_question_page_get_view (VtQuestionPage *self,
                           const char     *path)
{
  g_return_val_if_fail (VT_IS_QUESTION_PAGE (self), NULL);
  return g_hash_table_lookup (self->views, path);
}

GtkWidget *
vt_question_page_get_next_button (VtQuestionPage *self)
{
  g_return_val_if_fail (VT_IS_QUESTION_PAGE (self), NULL);
  return self->next_button;
}

GtkWidget *
vt_question_page_get_add_button (VtQuestionPage *self)
{
  g_return_val_if_fail (VT_IS_QUESTION_PAGE (self), NULL);
  return self->add_button;
}

GtkWidget *
vt_question_page_get_back_button (VtQuestionPage *self)
{
  g_return_val_if_fail (VT_IS_QUESTION_PAGE (self), NULL);
  return self->back_button;
}
