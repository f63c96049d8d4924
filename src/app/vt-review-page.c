/* "Check your answers": each page's answers as the citizen gave them,
 * uploads as thumbnails, and a Change button per page. */
#define G_LOG_DOMAIN "vt-review-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-language.h"
#include "vt-listen-button.h"
#include "vt-question-page.h"
#include "vt-question-view.h"
#include "vt-capture-view.h"
#include "vt-image.h"
#include "vt-media-type.h"
#include "vt-geo.h"
#include "vt-review-page.h"
#include "vt-screen-page.h"

struct _VtReviewPage
{
  GtkBox     parent_instance;

  GtkWidget *header_box;
  GtkWidget *title_label;
  GtkWidget *service_label;
  GtkWidget *rows;
  GtkWidget *continue_button;
  GtkWidget *listen_button;

  GPtrArray *said;                 /* each question and its answer, in order, char * */
};

enum {
  BACK,
  CHANGE,
  CONTINUE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* An upload's thumbnail in "check your answers". */
#define THUMBNAIL_SIZE 96

static void vt_review_page_screen_page_init (VtScreenPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VtReviewPage, vt_review_page, GTK_TYPE_BOX,
                               G_IMPLEMENT_INTERFACE (VT_TYPE_SCREEN_PAGE, vt_review_page_screen_page_init))

/* The answers, past the Back link. */
static GtkWidget *
vt_review_page_get_initial_focus (VtScreenPage *page)
{
  return VT_REVIEW_PAGE (page)->rows;
}

static void
vt_review_page_screen_page_init (VtScreenPageInterface *iface)
{
  iface->get_initial_focus = vt_review_page_get_initial_focus;
}

static void
back_clicked_cb (VtReviewPage *self)
{
  g_signal_emit (self, signals[BACK], 0);
}

static void
continue_clicked_cb (VtReviewPage *self)
{
  g_signal_emit (self, signals[CONTINUE], 0);
}

static void
change_clicked_cb (GtkButton    *button,
                   VtReviewPage *self)
{
  g_signal_emit (self, signals[CHANGE], 0, g_object_get_data (G_OBJECT (button), "vt-page-id"));
}

static void
vt_review_page_finalize (GObject *object)
{
  VtReviewPage *self = VT_REVIEW_PAGE (object);

  g_ptr_array_unref (self->said);

  G_OBJECT_CLASS (vt_review_page_parent_class)->finalize (object);
}

static void
vt_review_page_class_init (VtReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = vt_review_page_finalize;

  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CHANGE] = g_signal_new ("change", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[CONTINUE] = g_signal_new ("continue", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ventanilla/Kiosk/vt-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VtReviewPage, header_box);
  gtk_widget_class_bind_template_child (widget_class, VtReviewPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, VtReviewPage, service_label);
  gtk_widget_class_bind_template_child (widget_class, VtReviewPage, rows);
  gtk_widget_class_bind_template_child (widget_class, VtReviewPage, continue_button);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, continue_clicked_cb);
}

static void
vt_review_page_init (VtReviewPage *self)
{
  self->said = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Dates and decimals as the citizen's language writes them; the rest as
 * the session shows it (choice labels in the form's language). */
static char *
dup_answer_text (const VtQuestion *question)
{
  const char *value = question->value != NULL ? question->value : "";
  int y, m, d;

  if (value[0] == '\0')
    return NULL;
  if ((question->type == VT_DATA_DATE || question->type == VT_DATA_DATETIME) &&
      sscanf (value, "%d-%d-%d", &y, &m, &d) == 3 && g_date_valid_dmy (d, m, y))
    {
      g_autoptr(GDateTime) date = g_date_time_new_utc (y, m, d, 0, 0, 0);
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();
      g_autoptr(GDateTime) when = NULL;

      if (question->type == VT_DATA_DATE)
        return vt_language_format_date (date);
      when = g_date_time_new_from_iso8601 (value, local);
      if (when != NULL)
        {
          g_autoptr(GDateTime) here = g_date_time_to_local (when);

          return vt_language_format_datetime (here);
        }
    }
  if (question->type == VT_DATA_DECIMAL)
    return vt_question_view_decimal_to_display (value);
  /* A place in words: where it lies from the kiosk, and its coordinates. */
  if (question->type == VT_DATA_GEOPOINT || question->type == VT_DATA_GEOTRACE ||
      question->type == VT_DATA_GEOSHAPE)
    {
      char *words = vt_geo_describe_value (question->type == VT_DATA_GEOTRACE ? VT_GEO_TRACE
                                           : question->type == VT_DATA_GEOSHAPE ? VT_GEO_SHAPE
                                           : VT_GEO_POINT, value);

      if (words != NULL)
        return words;
    }
  if (question->display_value != NULL && question->display_value[0] != '\0')
    return g_strdup (question->display_value);
  return g_strdup (value);
}

static GtkWidget *
new_cell (const char *text,
          const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "summary-row");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* An upload's answer: a thumbnail of a picture (made in memory, never
 * cached), and its words: "Signature", "Recording, 0:42", "scan.pdf (1 MB)". */
static GtkWidget *
file_cell (const VtQuestion  *question,
           GPtrArray         *files,
           char             **said)
{
  const VtAttachment *file = NULL;
  g_autofree char *words = NULL;
  GtkWidget *box;

  for (guint i = 0; files != NULL && question->value[0] != '\0' && i < files->len; i++)
    if (g_str_equal (((VtAttachment *) g_ptr_array_index (files, i))->name, question->value))
      file = g_ptr_array_index (files, i);
  if (file == NULL)
    {
      *said = g_strdup (_("Not answered"));
      return new_cell (*said, NULL);
    }

  words = vt_capture_view_describe (question, file);
  *said = g_strdup (words);
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (box, "summary-row");
  if (vt_media_type_kind (file->content_type) == VT_MEDIA_KIND_IMAGE && file->bytes != NULL)
    {
      g_autoptr(GdkPixbuf) thumbnail = vt_image_thumbnail (file->bytes, THUMBNAIL_SIZE, NULL);

      if (thumbnail != NULL)
        {
          G_GNUC_BEGIN_IGNORE_DEPRECATIONS
          g_autoptr(GdkTexture) texture = gdk_texture_new_for_pixbuf (thumbnail);
          G_GNUC_END_IGNORE_DEPRECATIONS
          GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));

          gtk_widget_set_size_request (picture, gdk_pixbuf_get_width (thumbnail), gdk_pixbuf_get_height (thumbnail));
          gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL, words, -1);
          gtk_box_append (GTK_BOX (box), picture);
        }
    }
  gtk_box_append (GTK_BOX (box), new_cell (words, NULL));
  return box;
}

GtkWidget *
vt_review_page_new (const char *service_title,
                    GPtrArray  *pages)
{
  return vt_review_page_new_with_files (service_title, pages, NULL);
}

GtkWidget *
vt_review_page_new_with_files (const char *service_title,
                               GPtrArray  *pages,
                               GPtrArray  *files)
{
  VtReviewPage *self = g_object_new (VT_TYPE_REVIEW_PAGE, NULL);
  int row = 0;

  gtk_label_set_text (GTK_LABEL (self->service_label), service_title != NULL ? service_title : "");

  g_autofree char *shown_instance = NULL;

  for (guint p = 0; pages != NULL && p < pages->len; p++)
    {
      const VtPage *page = g_ptr_array_index (pages, p);
      g_autofree char *instance = NULL;

      if (page->kind != VT_PAGE_QUESTIONS || page->questions == NULL)
        continue;

      /* Answers inside a repeat come under whose they are: "Person 2: Ana". */
      instance = vt_question_page_dup_instance_title (page, FALSE);
      if (instance != NULL && page->questions->len > 0)
        {
          const char *path = ((const VtQuestion *) g_ptr_array_index (page->questions, 0))->path;
          const char *end = strrchr (path, ']');
          g_autofree char *instance_path = end != NULL ? g_strndup (path, (gsize) (end - path) + 1) : g_strdup (path);

          if (g_strcmp0 (instance_path, shown_instance) != 0)
            {
              GtkWidget *heading = vt_heading_new (instance, 2, "heading-m");

              gtk_widget_set_margin_top (heading, 12);
              gtk_grid_attach (GTK_GRID (self->rows), heading, 0, row++, 3, 1);
              g_ptr_array_add (self->said, g_strdup (instance));
              g_free (shown_instance);
              shown_instance = g_steal_pointer (&instance_path);
            }
        }

      for (guint q = 0; q < page->questions->len; q++)
        {
          const VtQuestion *question = g_ptr_array_index (page->questions, q);
          g_autofree char *answer = dup_answer_text (question);
          g_autofree char *key = NULL;
          GtkWidget *change;
          g_autofree char *change_name = NULL;
          GtkWidget *key_label;

          if (question->kind == VT_CONTROL_NOTE || question->kind == VT_CONTROL_TRIGGER ||
              question->readonly)
            continue;

          key = g_strdup (question->label);

          key_label = new_cell (key, "summary-key");
          gtk_grid_attach (GTK_GRID (self->rows), key_label, 0, row, 1, 1);
          g_ptr_array_add (self->said, g_strdup (key));
          if (question->kind == VT_CONTROL_UPLOAD)
            {
              char *words = NULL;

              gtk_grid_attach (GTK_GRID (self->rows), file_cell (question, files, &words), 1, row, 1, 1);
              g_ptr_array_add (self->said, words);
            }
          else
            {
              const char *shown = answer != NULL && answer[0] != '\0' ? answer
                                  /* Translators: shown in "check your answers" for a question left empty. */
                                  : _("Not answered");

              gtk_grid_attach (GTK_GRID (self->rows), new_cell (shown, NULL), 1, row, 1, 1);
              g_ptr_array_add (self->said, g_strdup (shown));
            }

          change = gtk_button_new_with_label (_("Change"));
          gtk_widget_add_css_class (change, "link");
          gtk_widget_set_valign (change, GTK_ALIGN_CENTER);
          /* "Change" alone is ambiguous to a screen reader: say what. */
          if (instance != NULL)
            /* Translators: the accessible name of a Change button in one person's answers:
             * "Change: Age (Person 2: Ana)". */
            change_name = g_strdup_printf (_("Change: %s (%s)"), question->label, instance);
          else
            /* Translators: the accessible name of a Change button; %s is the question. */
            change_name = g_strdup_printf (_("Change: %s"), question->label);
          gtk_accessible_update_property (GTK_ACCESSIBLE (change),
                                          GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, change_name,
                                          -1);
          g_object_set_data_full (G_OBJECT (change), "vt-page-id", g_strdup (page->id), g_free);
          g_object_set_data_full (G_OBJECT (change), "vt-test-label", g_strdup (change_name), g_free);
          g_signal_connect (change, "clicked", G_CALLBACK (change_clicked_cb), self);
          gtk_grid_attach (GTK_GRID (self->rows), change, 2, row, 1, 1);
          row++;
        }
    }

  return GTK_WIDGET (self);
}

/* The one place the kiosk reads a citizen's answers aloud: when they press
 * Listen here themselves. */
void
vt_review_page_set_player (VtReviewPage *self,
                           VtPlayer     *player,
                           const char   *language)
{
  g_autoptr(VtSpeechScript) script = vt_speech_script_new (language);

  g_return_if_fail (VT_IS_REVIEW_PAGE (self));
  g_return_if_fail (VT_IS_PLAYER (player));
  g_return_if_fail (self->listen_button == NULL);

  vt_speech_script_add_text (script, gtk_label_get_text (GTK_LABEL (self->title_label)));
  vt_speech_script_add_text (script, gtk_label_get_text (GTK_LABEL (self->service_label)));
  for (guint i = 0; i < self->said->len; i++)
    vt_speech_script_add_text (script, g_ptr_array_index (self->said, i));
  self->listen_button = vt_listen_button_new (player, script, TRUE, NULL);
  gtk_widget_add_css_class (self->listen_button, "huge");
  gtk_box_append (GTK_BOX (self->header_box), self->listen_button);
}

GtkWidget *
vt_review_page_get_listen_button (VtReviewPage *self)
{
  g_return_val_if_fail (VT_IS_REVIEW_PAGE (self), NULL);
  return self->listen_button;
}
