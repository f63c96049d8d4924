/* An upload question's answer as the citizen gives it: the steps of each
 * way in (camera, scanner, USB stick, microphone, signature pad), the
 * device opened on its own step and closed when it is left, and the
 * answer shown with Change and Remove; the file goes out by ::attached. */
#define G_LOG_DOMAIN "vt-capture-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-capture-view.h"
#include "vt-image.h"
#include "vt-media-type.h"
#include "vt-question-view.h"
#include "vt-signature-pad.h"
#include "vt-wrap-box.h"
#include "vt-store.h"

/* The countdown before a photo: time to hold a page still. */
#define COUNTDOWN_SECONDS 5
/* Thumbnails of a USB stick's pictures and of the answer, in pixels. */
#define THUMBNAIL_SIZE 160
#define ANSWER_SIZE    360

struct _VtCaptureView
{
  GtkBox         parent_instance;

  GtkWidget     *message;
  GtkWidget     *stack;
  GtkWidget     *camera_button;
  GtkWidget     *scan_button;
  GtkWidget     *record_button;
  GtkWidget     *usb_button;
  GtkWidget     *choose_note;
  GtkWidget     *preview;
  GtkWidget     *countdown;
  GtkWidget     *shoot_button;
  GtkWidget     *shoot_later_button;
  GtkWidget     *check_picture;
  GtkWidget     *use_photo_button;
  GtkWidget     *scan_status;
  GtkWidget     *scan_progress;
  GtkWidget     *usb_status;
  GtkWidget     *usb_files;
  GtkWidget     *usb_progress;
  GtkWidget     *usb_done_button;
  GtkWidget     *record_status;
  GtkWidget     *level;
  GtkWidget     *record_toggle_button;
  GtkWidget     *play_button;
  GtkWidget     *use_recording_button;
  GtkWidget     *sign_note;
  GtkWidget     *pad;
  GtkWidget     *use_signature_button;
  GtkWidget     *undo_button;
  GtkWidget     *clear_button;
  GtkWidget     *answer_picture;
  GtkWidget     *answer_label;
  GtkWidget     *play_answer_button;
  GtkWidget     *change_button;
  GtkWidget     *remove_button;

  VtDevices     *devices;
  char          *path;
  char          *mediatype;
  VtMediaKind    kinds;
  gboolean       signature;          /* appearance signature or draw */
  gboolean       drawing;
  int            max_pixels;

  GCancellable  *cancellable;        /* this view's work: a scan, a copy, a listing */
  gulong         camera_frame_id;
  gulong         camera_failed_id;
  guint          countdown_id;
  int            countdown_left;
  GBytes        *photo;              /* taken, not yet used */
  char          *drive_id;           /* the stick whose files are listed */
  gulong         removable_changed_id;
  gulong         recorder_ids[4];

  /* The answer as it stands. */
  GBytes        *answer;
  char          *answer_type;
  char          *answer_name;
};

enum {
  ATTACHED,
  REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VtCaptureView, vt_capture_view, GTK_TYPE_BOX)

static void show_step (VtCaptureView *self, const char *step);
static void eject (VtCaptureView *self);

/* ---- words ---------------------------------------------------------------- */

static char *
format_seconds (double seconds)
{
  int s = (int) (seconds + 0.5);

  return g_strdup_printf ("%d:%02d", s / 60, s % 60);
}

char *
vt_capture_view_describe (const VtQuestion   *question,
                          const VtAttachment *attachment)
{
  g_autofree char *size = NULL;
  const char *appearance = question != NULL ? question->appearance : NULL;

  if (attachment == NULL)
    return g_strdup ("");
  if (appearance != NULL && strstr (appearance, "signature") != NULL)
    return g_strdup (_("Signature"));
  if (appearance != NULL && strstr (appearance, "draw") != NULL)
    return g_strdup (_("Drawing"));
  if (vt_media_type_kind (attachment->content_type) == VT_MEDIA_KIND_AUDIO && attachment->bytes != NULL)
    {
      g_autofree char *length = format_seconds (vt_recorder_duration_of (attachment->bytes,
                                                                         attachment->content_type));

      /* Translators: a voice recording and how long it lasts, "Recording, 0:42". */
      return g_strdup_printf (_("Recording, %s"), length);
    }
  size = g_format_size (vt_attachment_get_size (attachment));
  /* Translators: a file's name and its size, "foto.jpg (1.2 MB)". */
  return g_strdup_printf (_("%s (%s)"), attachment->name, size);
}

static void
say (VtCaptureView *self,
     const char    *text)
{
  gtk_label_set_text (GTK_LABEL (self->message), text != NULL ? text : "");
  gtk_widget_set_visible (self->message, text != NULL && text[0] != '\0');
}

/* ---- the answer ----------------------------------------------------------- */

static GdkTexture *
texture_for (GBytes *image,
             int     size)
{
  g_autoptr(GdkPixbuf) pixbuf = vt_image_thumbnail (image, size, NULL);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  return pixbuf != NULL ? gdk_texture_new_for_pixbuf (pixbuf) : NULL;
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
show_answer (VtCaptureView *self)
{
  g_autoptr(VtAttachment) attachment = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *words = NULL;
  VtQuestion question = { 0 };

  attachment = vt_attachment_new (self->answer_name, self->answer_type, self->answer);
  question.appearance = (char *) (self->signature ? "signature" : self->drawing ? "draw" : NULL);
  words = vt_capture_view_describe (&question, attachment);
  gtk_label_set_text (GTK_LABEL (self->answer_label), words);

  if (vt_media_type_kind (self->answer_type) == VT_MEDIA_KIND_IMAGE)
    texture = texture_for (self->answer, ANSWER_SIZE);
  gtk_picture_set_paintable (GTK_PICTURE (self->answer_picture), GDK_PAINTABLE (texture));
  gtk_widget_set_visible (self->answer_picture, texture != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->answer_picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, words, -1);
  gtk_widget_set_visible (self->play_answer_button,
                          vt_media_type_kind (self->answer_type) == VT_MEDIA_KIND_AUDIO);
  show_step (self, "answer");
}

static void
attach (VtCaptureView *self,
        GBytes        *bytes,
        const char    *content_type)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_clear_pointer (&self->answer, g_bytes_unref);
  g_free (self->answer_type);
  g_free (self->answer_name);
  self->answer = g_bytes_ref (bytes);
  self->answer_type = g_strdup (content_type);
  self->answer_name = vt_media_type_file_name (self->path, content_type, now);
  say (self, NULL);
  g_signal_emit (self, signals[ATTACHED], 0, self->answer_name, self->answer_type, self->answer);
  show_answer (self);
}

/* ---- the camera ----------------------------------------------------------- */

static void
camera_close (VtCaptureView *self)
{
  VtCamera *camera = vt_devices_get_camera (self->devices);

  g_clear_handle_id (&self->countdown_id, g_source_remove);
  gtk_widget_set_visible (self->countdown, FALSE);
  /* Only the view that opened the camera closes it: a page being
   * replaced must not close the camera its successor has just opened. */
  if (self->camera_frame_id == 0)
    return;
  g_clear_signal_handler (&self->camera_frame_id, camera);
  g_clear_signal_handler (&self->camera_failed_id, camera);
  vt_camera_stop (camera);
  gtk_picture_set_paintable (GTK_PICTURE (self->preview), NULL);
}

static void
camera_frame_cb (VtCamera      *camera,
                 VtCaptureView *self)
{
  g_autoptr(GBytes) frame = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width, height;
  gsize stride;

  frame = vt_camera_dup_frame (camera, &width, &height, &stride);
  if (frame == NULL)
    return;
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8, frame, stride);
  gtk_picture_set_paintable (GTK_PICTURE (self->preview), GDK_PAINTABLE (texture));
  gtk_widget_set_sensitive (self->shoot_button, self->countdown_id == 0);
  gtk_widget_set_sensitive (self->shoot_later_button, self->countdown_id == 0);
}

static void
camera_failed_cb (VtCamera      *camera,
                  const GError  *error,
                  VtCaptureView *self)
{
  camera_close (self);
  show_step (self, self->answer != NULL ? "answer" : "choose");
  say (self, error->message);
}

static void
camera_button_clicked_cb (VtCaptureView *self)
{
  VtCamera *camera = vt_devices_get_camera (self->devices);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->photo, g_bytes_unref);
  say (self, NULL);
  self->camera_frame_id = g_signal_connect (camera, "frame", G_CALLBACK (camera_frame_cb), self);
  self->camera_failed_id = g_signal_connect (camera, "failed", G_CALLBACK (camera_failed_cb), self);
  if (!vt_camera_start (camera, &error))
    {
      camera_close (self);
      say (self, error->message);
      return;
    }
  /* Taking a photo before the first picture arrives would take nothing. */
  gtk_widget_set_sensitive (self->shoot_button, FALSE);
  gtk_widget_set_sensitive (self->shoot_later_button, FALSE);
  show_step (self, "camera");
}

static void
photo_taken_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(VtCaptureView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) photo = vt_camera_take_photo_finish (VT_CAMERA (source), result, &error);
  g_autoptr(GdkTexture) texture = NULL;

  if (!g_str_equal (vt_capture_view_get_step (self), "camera"))
    return;
  if (photo == NULL)
    {
      say (self, error->message);
      return;
    }
  /* The picture is taken: the camera closes while the citizen looks. */
  camera_close (self);
  self->photo = g_steal_pointer (&photo);
  texture = gdk_texture_new_from_bytes (self->photo, NULL);
  gtk_picture_set_paintable (GTK_PICTURE (self->check_picture), GDK_PAINTABLE (texture));
  show_step (self, "check");
}

static void
take_photo (VtCaptureView *self)
{
  vt_camera_take_photo_async (vt_devices_get_camera (self->devices), self->max_pixels, NULL,
                              photo_taken_cb, g_object_ref (self));
}

static void
shoot_button_clicked_cb (VtCaptureView *self)
{
  take_photo (self);
}

static gboolean
countdown_cb (gpointer data)
{
  VtCaptureView *self = data;
  g_autofree char *text = NULL;

  if (--self->countdown_left <= 0)
    {
      self->countdown_id = 0;
      gtk_widget_set_visible (self->countdown, FALSE);
      take_photo (self);
      return G_SOURCE_REMOVE;
    }
  text = g_strdup_printf ("%d", self->countdown_left);
  gtk_label_set_text (GTK_LABEL (self->countdown), text);
  return G_SOURCE_CONTINUE;
}

static void
shoot_later_button_clicked_cb (VtCaptureView *self)
{
  g_autofree char *text = g_strdup_printf ("%d", COUNTDOWN_SECONDS);

  self->countdown_left = COUNTDOWN_SECONDS;
  gtk_label_set_text (GTK_LABEL (self->countdown), text);
  gtk_widget_set_visible (self->countdown, TRUE);
  gtk_widget_set_sensitive (self->shoot_button, FALSE);
  gtk_widget_set_sensitive (self->shoot_later_button, FALSE);
  self->countdown_id = g_timeout_add_seconds (1, countdown_cb, self);
}

static void
use_photo_button_clicked_cb (VtCaptureView *self)
{
  g_autoptr(GBytes) photo = g_steal_pointer (&self->photo);

  if (photo != NULL)
    attach (self, photo, "image/jpeg");
}

/* ---- the scanner ---------------------------------------------------------- */

static void
scanned_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(VtCaptureView) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *content_type = NULL;
  g_autoptr(GBytes) page = vt_scanner_scan_finish (VT_SCANNER (source), result, &content_type, &error);

  if (!g_str_equal (vt_capture_view_get_step (self), "scan"))
    return;
  if (page == NULL)
    {
      show_step (self, self->answer != NULL ? "answer" : "choose");
      say (self, error->message);
      return;
    }
  attach (self, page, content_type);
}

static void
scan_progress_cb (VtScanner     *scanner,
                  GParamSpec    *pspec,
                  VtCaptureView *self)
{
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->scan_progress), vt_scanner_get_progress (scanner));
}

static void
scan_button_clicked_cb (VtCaptureView *self)
{
  VtScanner *scanner = vt_devices_get_scanner (self->devices);
  /* A PDF where the question takes documents and not pictures. */
  VtScanFormat format = (self->kinds & VT_MEDIA_KIND_IMAGE) ? VT_SCAN_FORMAT_JPEG : VT_SCAN_FORMAT_PDF;

  say (self, NULL);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->scan_progress), 0);
  show_step (self, "scan");
  vt_scanner_scan_async (scanner, format, self->max_pixels, self->cancellable, scanned_cb, g_object_ref (self));
}

static void
scan_cancel_button_clicked_cb (VtCaptureView *self)
{
  g_cancellable_cancel (self->cancellable);
}

static void
scanners_found_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(VtCaptureView) self = data;
  g_auto(GStrv) names = vt_scanner_find_finish (VT_SCANNER (source), result, NULL);

  /* No scanner switched on: the button stays away rather than fail. */
  gtk_widget_set_visible (self->scan_button, names != NULL && names[0] != NULL);
}

/* ---- a USB stick ---------------------------------------------------------- */

static void usb_show (VtCaptureView *self);

static void
remove_files (VtCaptureView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->usb_files)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (self->usb_files), child);
}

static void
thumbnail_thread (GTask        *task,
                  gpointer      source,
                  gpointer      data,
                  GCancellable *cancellable)
{
  VtRemovableFile *file = data;
  g_autoptr(GInputStream) stream = NULL;
  GdkPixbuf *pixbuf;

  /* Read from the stick only, scaled as it is read; never cached. */
  stream = G_INPUT_STREAM (g_file_read (file->file, cancellable, NULL));
  pixbuf = stream != NULL
    ? gdk_pixbuf_new_from_stream_at_scale (stream, THUMBNAIL_SIZE, THUMBNAIL_SIZE, TRUE, cancellable, NULL)
    : NULL;
  if (pixbuf == NULL)
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_pointer (task, pixbuf, g_object_unref);
}

static void
thumbnail_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GtkWidget) picture = data;
  g_autoptr(GdkPixbuf) pixbuf = g_task_propagate_pointer (G_TASK (result), NULL);

  if (pixbuf != NULL)
    {
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      g_autoptr(GdkTexture) texture = gdk_texture_new_for_pixbuf (pixbuf);
      G_GNUC_END_IGNORE_DEPRECATIONS

      gtk_picture_set_paintable (GTK_PICTURE (picture), GDK_PAINTABLE (texture));
    }
}

typedef struct
{
  GBytes *bytes;
  char   *content_type;
  int     max_pixels;
} FitJob;

static void
fit_job_free (FitJob *job)
{
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_free (job->content_type);
  g_free (job);
}

static void
fit_thread (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  FitJob *job = data;
  GError *error = NULL;
  GBytes *fitted = vt_image_fit_file (job->bytes, job->content_type, job->max_pixels, &error);

  if (fitted == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, fitted, (GDestroyNotify) g_bytes_unref);
}

static void
fitted_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(VtCaptureView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) fitted = g_task_propagate_pointer (G_TASK (result), &error);
  FitJob *job = g_task_get_task_data (G_TASK (result));

  if (!g_str_equal (vt_capture_view_get_step (self), "usb"))
    return;
  if (fitted == NULL)
    {
      usb_show (self);
      say (self, error->message);
      return;
    }
  attach (self, fitted, job->content_type);
  eject (self);
}

static void
file_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(VtCaptureView) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *content_type = NULL;
  g_autoptr(GBytes) bytes = vt_removable_read_finish (VT_REMOVABLE (source), result, &content_type, &error);

  if (!g_str_equal (vt_capture_view_get_step (self), "usb"))
    return;
  gtk_widget_set_visible (self->usb_progress, FALSE);
  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          usb_show (self);
          say (self, error->message);
        }
      return;
    }

  if (vt_media_type_kind (content_type) == VT_MEDIA_KIND_IMAGE && self->max_pixels > 0)
    {
      g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, fitted_cb, g_object_ref (self));
      FitJob *job = g_new0 (FitJob, 1);

      job->bytes = g_steal_pointer (&bytes);
      job->content_type = g_steal_pointer (&content_type);
      job->max_pixels = self->max_pixels;
      g_task_set_task_data (task, job, (GDestroyNotify) fit_job_free);
      g_task_run_in_thread (task, fit_thread);
      return;
    }
  attach (self, bytes, content_type);
  /* The citizen has what they came for: the stick can come out. */
  eject (self);
}

static void
progress_cb (VtRemovable   *removable,
             GParamSpec    *pspec,
             VtCaptureView *self)
{
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->usb_progress), vt_removable_get_progress (removable));
}

static void
file_clicked_cb (GtkButton     *button,
                 VtCaptureView *self)
{
  VtRemovableFile *file = g_object_get_data (G_OBJECT (button), "vt-file");
  g_autofree char *reading = g_strdup_printf (_("Reading “%s” from the USB stick…"), file->name);

  say (self, NULL);
  gtk_label_set_text (GTK_LABEL (self->usb_status), reading);
  gtk_widget_set_sensitive (self->usb_files, FALSE);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->usb_progress), 0);
  gtk_widget_set_visible (self->usb_progress, TRUE);
  vt_removable_read_async (vt_devices_get_removable (self->devices), self->drive_id, file,
                           self->mediatype, VT_STORE_MAX_ATTACHMENT_BYTES, self->cancellable,
                           file_read_cb, g_object_ref (self));
}

static GtkWidget *
file_button (VtCaptureView         *self,
             const VtRemovableFile *file)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *picture = gtk_picture_new ();
  g_autofree char *size = g_format_size (file->size);
  g_autofree char *text = g_strdup_printf ("%s\n%s", file->name, size);
  GtkWidget *label = gtk_label_new (text);
  VtMediaKind kind = vt_media_type_kind (file->content_type);

  gtk_widget_set_size_request (picture, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  if (kind == VT_MEDIA_KIND_IMAGE)
    {
      g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, thumbnail_cb, g_object_ref (picture));

      g_task_set_task_data (task, vt_removable_file_copy (file), (GDestroyNotify) vt_removable_file_free);
      g_task_run_in_thread (task, thumbnail_thread);
    }
  else
    {
      GtkWidget *icon = gtk_image_new_from_icon_name (kind == VT_MEDIA_KIND_AUDIO ? "audio-x-generic"
                                                      : "x-office-document");

      gtk_image_set_pixel_size (GTK_IMAGE (icon), THUMBNAIL_SIZE / 2);
      gtk_widget_set_size_request (icon, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
      g_object_unref (g_object_ref_sink (picture));
      picture = icon;
    }
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 18);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_box_append (GTK_BOX (box), picture);
  gtk_box_append (GTK_BOX (box), label);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "file");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  g_object_set_data_full (G_OBJECT (button), "vt-file", vt_removable_file_copy (file),
                          (GDestroyNotify) vt_removable_file_free);
  g_signal_connect (button, "clicked", G_CALLBACK (file_clicked_cb), self);
  return button;
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(VtCaptureView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtRemovableListing) listing = vt_removable_list_files_finish (VT_REMOVABLE (source), result, &error);
  GString *status = g_string_new (NULL);

  if (!g_str_equal (vt_capture_view_get_step (self), "usb"))
    {
      g_string_free (status, TRUE);
      return;
    }
  remove_files (self);
  if (listing == NULL)
    {
      g_string_free (status, TRUE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          say (self, error->message);
          usb_show (self);
        }
      return;
    }

  if (listing->files->len == 0)
    g_string_append (status, _("There is no file on this USB stick that this question takes."));
  else
    g_string_append (status, _("Touch the file to send."));
  if (listing->too_large > 0)
    {
      g_autofree char *limit = g_format_size (VT_STORE_MAX_ATTACHMENT_BYTES);

      g_string_append_c (status, ' ');
      g_string_append_printf (status, ngettext ("%u file is not shown because it is larger than %s.",
                                                "%u files are not shown because they are larger than %s.",
                                                listing->too_large),
                              listing->too_large, limit);
    }
  gtk_label_set_text (GTK_LABEL (self->usb_status), status->str);
  g_string_free (status, TRUE);
  for (guint i = 0; i < listing->files->len; i++)
    gtk_flow_box_append (GTK_FLOW_BOX (self->usb_files),
                         file_button (self, g_ptr_array_index (listing->files, i)));
  gtk_widget_set_sensitive (self->usb_files, TRUE);
  gtk_widget_set_visible (self->usb_done_button, TRUE);
}

static void
usb_show (VtCaptureView *self)
{
  VtRemovable *removable = vt_devices_get_removable (self->devices);
  g_autoptr(GPtrArray) drives = vt_removable_list_drives (removable);

  gtk_widget_set_visible (self->usb_progress, FALSE);
  remove_files (self);
  if (drives->len == 0)
    {
      g_clear_pointer (&self->drive_id, g_free);
      gtk_label_set_text (GTK_LABEL (self->usb_status),
                          _("Put your USB stick into the port of the kiosk. Its files will appear here."));
      gtk_widget_set_visible (self->usb_done_button, FALSE);
      return;
    }

  g_free (self->drive_id);
  self->drive_id = g_strdup (((VtRemovableDrive *) g_ptr_array_index (drives, 0))->id);
  gtk_label_set_text (GTK_LABEL (self->usb_status), _("Looking at the files on the USB stick…"));
  vt_removable_list_files_async (removable, self->drive_id, self->mediatype, VT_STORE_MAX_ATTACHMENT_BYTES,
                                 self->cancellable, listed_cb, g_object_ref (self));
}

static void
removable_changed_cb (VtRemovable   *removable,
                      VtCaptureView *self)
{
  /* A stick pulled out mid-copy is told by the copy itself. */
  if (self->drive_id != NULL && vt_removable_has_drive (removable, self->drive_id))
    return;
  if (gtk_widget_get_visible (self->usb_progress))
    return;
  usb_show (self);
}

static void
usb_button_clicked_cb (VtCaptureView *self)
{
  say (self, NULL);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  show_step (self, "usb");
  usb_show (self);
}

static void
ejected_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(VtCaptureView) self = data;
  g_autoptr(GError) error = NULL;

  if (!vt_removable_eject_finish (VT_REMOVABLE (source), result, &error))
    say (self, error->message);
  else
    say (self, _("You can take out your USB stick now."));
}

static void
eject (VtCaptureView *self)
{
  if (self->drive_id == NULL)
    return;
  vt_removable_eject_async (vt_devices_get_removable (self->devices), self->drive_id, NULL,
                            ejected_cb, g_object_ref (self));
  g_clear_pointer (&self->drive_id, g_free);
}

static void
usb_done_button_clicked_cb (VtCaptureView *self)
{
  eject (self);
  show_step (self, self->answer != NULL ? "answer" : "choose");
}

/* ---- the voice ------------------------------------------------------------ */

static void
update_record_step (VtCaptureView *self)
{
  VtRecorder *recorder = vt_devices_get_recorder (self->devices);
  VtRecorderState state = vt_recorder_get_state (recorder);
  g_autoptr(GBytes) recording = vt_recorder_dup_recording (recorder);
  g_autofree char *elapsed = format_seconds (vt_recorder_get_elapsed (recorder));
  g_autofree char *limit = format_seconds (vt_devices_get_max_recording (self->devices));
  g_autofree char *status = NULL;

  if (state == VT_RECORDER_STATE_RECORDING)
    /* Translators: while recording: the time so far and the longest allowed, "Recording: 0:12 of 5:00". */
    status = g_strdup_printf (_("Recording: %s of %s. Speak close to the microphone."), elapsed, limit);
  else if (state == VT_RECORDER_STATE_PLAYING)
    status = g_strdup (_("Playing the recording…"));
  else if (recording != NULL)
    {
      g_autofree char *length = format_seconds (vt_recorder_duration_of (recording, vt_recorder_get_content_type (recorder)));

      status = g_strdup_printf (_("Recorded: %s. Listen to it, use it, or record again."), length);
    }
  else
    status = g_strdup_printf (_("Press Record and speak. You can talk for up to %s."), limit);
  gtk_label_set_text (GTK_LABEL (self->record_status), status);

  gtk_button_set_label (GTK_BUTTON (self->record_toggle_button),
                        state == VT_RECORDER_STATE_RECORDING ? _("Stop")
                        : recording != NULL ? _("Record again") : _("Record"));
  gtk_widget_set_sensitive (self->record_toggle_button, state != VT_RECORDER_STATE_FINISHING);
  gtk_widget_set_visible (self->play_button, recording != NULL && state == VT_RECORDER_STATE_IDLE);
  gtk_widget_set_visible (self->use_recording_button, recording != NULL && state == VT_RECORDER_STATE_IDLE);
  if (state != VT_RECORDER_STATE_RECORDING)
    gtk_level_bar_set_value (GTK_LEVEL_BAR (self->level), 0);
}

static void
recorder_level_cb (VtRecorder    *recorder,
                   GParamSpec    *pspec,
                   VtCaptureView *self)
{
  gtk_level_bar_set_value (GTK_LEVEL_BAR (self->level), vt_recorder_get_level (recorder));
}

static void
recorder_changed_cb (VtRecorder    *recorder,
                     gpointer       unused,
                     VtCaptureView *self)
{
  update_record_step (self);
}

static void
recorder_failed_cb (VtRecorder    *recorder,
                    const GError  *error,
                    VtCaptureView *self)
{
  say (self, error->message);
  update_record_step (self);
}

static void
recorder_disconnect (VtCaptureView *self)
{
  VtRecorder *recorder = vt_devices_get_recorder (self->devices);

  for (guint i = 0; i < G_N_ELEMENTS (self->recorder_ids); i++)
    g_clear_signal_handler (&self->recorder_ids[i], recorder);
}

static void
record_button_clicked_cb (VtCaptureView *self)
{
  VtRecorder *recorder = vt_devices_get_recorder (self->devices);

  say (self, NULL);
  vt_recorder_reset (recorder);
  recorder_disconnect (self);
  self->recorder_ids[0] = g_signal_connect (recorder, "notify::level", G_CALLBACK (recorder_level_cb), self);
  self->recorder_ids[1] = g_signal_connect (recorder, "notify::elapsed", G_CALLBACK (recorder_changed_cb), self);
  self->recorder_ids[2] = g_signal_connect (recorder, "notify::state", G_CALLBACK (recorder_changed_cb), self);
  self->recorder_ids[3] = g_signal_connect (recorder, "failed", G_CALLBACK (recorder_failed_cb), self);
  show_step (self, "record");
  update_record_step (self);
}

static void
record_toggle_button_clicked_cb (VtCaptureView *self)
{
  VtRecorder *recorder = vt_devices_get_recorder (self->devices);
  g_autoptr(GError) error = NULL;

  say (self, NULL);
  if (vt_recorder_get_state (recorder) == VT_RECORDER_STATE_RECORDING)
    {
      vt_recorder_stop (recorder);
      return;
    }
  if (!vt_recorder_start (recorder, vt_recorder_content_type_for (self->mediatype),
                          vt_devices_get_max_recording (self->devices), &error))
    say (self, error->message);
  update_record_step (self);
}

static void
play (VtCaptureView *self,
      GBytes        *recording)
{
  g_autoptr(GError) error = NULL;

  if (recording != NULL && !vt_recorder_play (vt_devices_get_recorder (self->devices), recording, &error))
    say (self, error->message);
}

static void
play_button_clicked_cb (VtCaptureView *self)
{
  g_autoptr(GBytes) recording = vt_recorder_dup_recording (vt_devices_get_recorder (self->devices));

  play (self, recording);
}

static void
play_answer_button_clicked_cb (VtCaptureView *self)
{
  play (self, self->answer);
}

static void
use_recording_button_clicked_cb (VtCaptureView *self)
{
  VtRecorder *recorder = vt_devices_get_recorder (self->devices);
  g_autoptr(GBytes) recording = vt_recorder_dup_recording (recorder);
  g_autofree char *content_type = g_strdup (vt_recorder_get_content_type (recorder));

  if (recording == NULL)
    return;
  recorder_disconnect (self);
  vt_recorder_reset (recorder);
  attach (self, recording, content_type);
}

/* ---- signing -------------------------------------------------------------- */

static void
pad_changed_cb (VtCaptureView *self)
{
  gboolean empty = vt_signature_pad_is_empty (VT_SIGNATURE_PAD (self->pad));

  gtk_widget_set_sensitive (self->use_signature_button, !empty);
  gtk_widget_set_sensitive (self->undo_button, !empty);
  gtk_widget_set_sensitive (self->clear_button, !empty);
}

static void
undo_button_clicked_cb (VtCaptureView *self)
{
  vt_signature_pad_undo (VT_SIGNATURE_PAD (self->pad));
}

static void
clear_button_clicked_cb (VtCaptureView *self)
{
  vt_signature_pad_clear (VT_SIGNATURE_PAD (self->pad));
}

static void
use_signature_button_clicked_cb (VtCaptureView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = vt_signature_pad_to_png (VT_SIGNATURE_PAD (self->pad), &error);

  if (png == NULL)
    {
      say (self, error->message);
      return;
    }
  attach (self, png, "image/png");
}

/* ---- steps ---------------------------------------------------------------- */

static void
leave_step (VtCaptureView *self,
            const char    *step)
{
  if (g_str_equal (step, "camera"))
    camera_close (self);
  else if (g_str_equal (step, "record") && self->recorder_ids[0] != 0)
    {
      recorder_disconnect (self);
      vt_recorder_reset (vt_devices_get_recorder (self->devices));
    }
  else if (g_str_equal (step, "scan") || g_str_equal (step, "usb"))
    g_cancellable_cancel (self->cancellable);
}

static void
show_step (VtCaptureView *self,
           const char    *step)
{
  const char *was = vt_capture_view_get_step (self);

  if (!g_str_equal (was, step))
    leave_step (self, was);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), step);
}

static void
back_to_choose_cb (VtCaptureView *self)
{
  show_step (self, self->answer != NULL ? "answer" : "choose");
}

static void
change_button_clicked_cb (VtCaptureView *self)
{
  say (self, NULL);
  if (self->signature || self->drawing)
    {
      vt_signature_pad_clear (VT_SIGNATURE_PAD (self->pad));
      show_step (self, "sign");
    }
  else
    show_step (self, "choose");
}

static void
remove_button_clicked_cb (VtCaptureView *self)
{
  g_clear_pointer (&self->answer, g_bytes_unref);
  g_clear_pointer (&self->answer_type, g_free);
  g_clear_pointer (&self->answer_name, g_free);
  g_signal_emit (self, signals[REMOVED], 0);
  change_button_clicked_cb (self);
}

const char *
vt_capture_view_get_step (VtCaptureView *self)
{
  const char *name;

  g_return_val_if_fail (VT_IS_CAPTURE_VIEW (self), NULL);
  name = gtk_stack_get_visible_child_name (GTK_STACK (self->stack));
  return name != NULL ? name : "";
}

GtkWidget *
vt_capture_view_get_focus_target (VtCaptureView *self)
{
  const char *step = vt_capture_view_get_step (self);

  if (g_str_equal (step, "answer"))
    return self->change_button;
  if (g_str_equal (step, "sign"))
    return self->clear_button;
  if (gtk_widget_get_visible (self->camera_button))
    return self->camera_button;
  if (gtk_widget_get_visible (self->record_button))
    return self->record_button;
  return self->usb_button;
}

/* ---- construction --------------------------------------------------------- */

static void
set_up_choices (VtCaptureView *self)
{
  VtDevices *devices = self->devices;
  gboolean images = (self->kinds & VT_MEDIA_KIND_IMAGE) != 0;
  gboolean documents = (self->kinds & (VT_MEDIA_KIND_IMAGE | VT_MEDIA_KIND_PDF)) != 0;
  gboolean audio = (self->kinds & VT_MEDIA_KIND_AUDIO) != 0;

  gtk_widget_set_visible (self->camera_button, images && vt_camera_is_configured (vt_devices_get_camera (devices)));
  gtk_widget_set_visible (self->record_button, audio && vt_recorder_has_microphone (vt_devices_get_recorder (devices)));
  if (documents && vt_scanner_is_configured (vt_devices_get_scanner (devices)))
    vt_scanner_find_async (vt_devices_get_scanner (devices), self->cancellable,
                           scanners_found_cb, g_object_ref (self));
  if (audio && !vt_recorder_has_microphone (vt_devices_get_recorder (devices)))
    {
      gtk_label_set_text (GTK_LABEL (self->choose_note),
                          _("This kiosk has no microphone, so a recording cannot be made here. "
                            "You can bring a recording on a USB stick."));
      gtk_widget_set_visible (self->choose_note, TRUE);
    }
}

GtkWidget *
vt_capture_view_new (VtDevices          *devices,
                     const VtQuestion   *question,
                     const VtAttachment *current)
{
  VtCaptureView *self;
  const char *appearance;

  g_return_val_if_fail (VT_IS_DEVICES (devices), NULL);
  g_return_val_if_fail (question != NULL, NULL);

  self = g_object_new (VT_TYPE_CAPTURE_VIEW, NULL);
  self->devices = g_object_ref (devices);
  self->path = g_strdup (question->path);
  self->mediatype = g_strdup (question->mediatype);
  self->kinds = vt_media_type_accepted_kinds (question->mediatype);
  self->max_pixels = question->max_pixels;
  appearance = question->appearance != NULL ? question->appearance : "";
  self->signature = strstr (appearance, "signature") != NULL;
  self->drawing = !self->signature && strstr (appearance, "draw") != NULL;

  if (self->signature || self->drawing)
    {
      gtk_label_set_text (GTK_LABEL (self->sign_note),
                          self->signature
                          ? _("Sign in the box with your finger. If you cannot sign, ask at the counter.")
                          : _("Draw in the box with your finger."));
      gtk_button_set_label (GTK_BUTTON (self->use_signature_button),
                            self->signature ? _("Use this signature") : _("Use this drawing"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->pad),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _("A box to draw in with a finger or a pen; it cannot be used from the keyboard."),
                                      -1);
    }
  else
    set_up_choices (self);

  if (current != NULL && current->bytes != NULL)
    {
      self->answer = g_bytes_ref (current->bytes);
      self->answer_type = g_strdup (current->content_type);
      self->answer_name = g_strdup (current->name);
      show_answer (self);
    }
  else
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), self->signature || self->drawing ? "sign" : "choose");

  self->removable_changed_id = g_signal_connect (vt_devices_get_removable (devices), "changed",
                                                 G_CALLBACK (removable_changed_cb), self);
  g_signal_connect (vt_devices_get_removable (devices), "notify::progress", G_CALLBACK (progress_cb), self);
  g_signal_connect (vt_devices_get_scanner (devices), "notify::progress", G_CALLBACK (scan_progress_cb), self);
  return GTK_WIDGET (self);
}

static void
vt_capture_view_unmap (GtkWidget *widget)
{
  VtCaptureView *self = VT_CAPTURE_VIEW (widget);

  /* Leaving the page leaves the device: the camera goes off at once. */
  leave_step (self, vt_capture_view_get_step (self));
  GTK_WIDGET_CLASS (vt_capture_view_parent_class)->unmap (widget);
}

static void
vt_capture_view_dispose (GObject *object)
{
  VtCaptureView *self = VT_CAPTURE_VIEW (object);

  if (self->devices != NULL)
    {
      camera_close (self);
      recorder_disconnect (self);
      g_signal_handlers_disconnect_by_data (vt_devices_get_removable (self->devices), self);
      g_signal_handlers_disconnect_by_data (vt_devices_get_scanner (self->devices), self);
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->devices);
  gtk_widget_dispose_template (GTK_WIDGET (self), VT_TYPE_CAPTURE_VIEW);
  G_OBJECT_CLASS (vt_capture_view_parent_class)->dispose (object);
}

static void
vt_capture_view_finalize (GObject *object)
{
  VtCaptureView *self = VT_CAPTURE_VIEW (object);

  g_clear_pointer (&self->photo, g_bytes_unref);
  g_clear_pointer (&self->answer, g_bytes_unref);
  g_free (self->answer_type);
  g_free (self->answer_name);
  g_free (self->drive_id);
  g_free (self->path);
  g_free (self->mediatype);
  G_OBJECT_CLASS (vt_capture_view_parent_class)->finalize (object);
}

static void
vt_capture_view_class_init (VtCaptureViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_capture_view_dispose;
  object_class->finalize = vt_capture_view_finalize;
  widget_class->unmap = vt_capture_view_unmap;

  signals[ATTACHED] = g_signal_new ("attached", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                    G_TYPE_STRING, G_TYPE_STRING, G_TYPE_BYTES);
  signals[REMOVED] = g_signal_new ("removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (VT_TYPE_SIGNATURE_PAD);
  g_type_ensure (VT_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/ventanilla/Kiosk/vt-capture-view.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, VtCaptureView, name)
  CHILD (message);
  CHILD (stack);
  CHILD (camera_button);
  CHILD (scan_button);
  CHILD (record_button);
  CHILD (usb_button);
  CHILD (choose_note);
  CHILD (preview);
  CHILD (countdown);
  CHILD (shoot_button);
  CHILD (shoot_later_button);
  CHILD (check_picture);
  CHILD (use_photo_button);
  CHILD (scan_status);
  CHILD (scan_progress);
  CHILD (usb_status);
  CHILD (usb_files);
  CHILD (usb_progress);
  CHILD (usb_done_button);
  CHILD (record_status);
  CHILD (level);
  CHILD (record_toggle_button);
  CHILD (play_button);
  CHILD (use_recording_button);
  CHILD (sign_note);
  CHILD (pad);
  CHILD (use_signature_button);
  CHILD (undo_button);
  CHILD (clear_button);
  CHILD (answer_picture);
  CHILD (answer_label);
  CHILD (play_answer_button);
  CHILD (change_button);
  CHILD (remove_button);
#undef CHILD
#define CALLBACK(name) gtk_widget_class_bind_template_callback (widget_class, name)
  CALLBACK (camera_button_clicked_cb);
  CALLBACK (scan_button_clicked_cb);
  CALLBACK (record_button_clicked_cb);
  CALLBACK (usb_button_clicked_cb);
  CALLBACK (shoot_button_clicked_cb);
  CALLBACK (shoot_later_button_clicked_cb);
  CALLBACK (back_to_choose_cb);
  CALLBACK (use_photo_button_clicked_cb);
  CALLBACK (scan_cancel_button_clicked_cb);
  CALLBACK (usb_done_button_clicked_cb);
  CALLBACK (record_toggle_button_clicked_cb);
  CALLBACK (play_button_clicked_cb);
  CALLBACK (use_recording_button_clicked_cb);
  CALLBACK (pad_changed_cb);
  CALLBACK (use_signature_button_clicked_cb);
  CALLBACK (undo_button_clicked_cb);
  CALLBACK (clear_button_clicked_cb);
  CALLBACK (play_answer_button_clicked_cb);
  CALLBACK (change_button_clicked_cb);
  CALLBACK (remove_button_clicked_cb);
#undef CALLBACK
}

/* GTK 4.8 gives a screen reader every page of a stack, shown or not, each
 * called "GtkStackPage": the steps not shown are hidden from it, and the
 * one shown is named by the question. */
static void
step_shown_cb (VtCaptureView *self)
{
  GtkWidget *shown = gtk_stack_get_visible_child (GTK_STACK (self->stack));
  GtkWidget *view = gtk_widget_get_ancestor (GTK_WIDGET (self), VT_TYPE_QUESTION_VIEW);

  for (GtkWidget *child = gtk_widget_get_first_child (self->stack); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_accessible_update_state (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_STATE_HIDDEN, child != shown, -1);
  if (shown != NULL && view != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_stack_get_page (GTK_STACK (self->stack), shown)),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    gtk_label_get_text (GTK_LABEL (vt_question_view_get_label (VT_QUESTION_VIEW (view)))),
                                    -1);
}

static void
vt_capture_view_init (VtCaptureView *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->stack, "notify::visible-child", G_CALLBACK (step_shown_cb), self,
                           G_CONNECT_SWAPPED);
  /* Once in its question, named by it. */
  g_signal_connect (self, "realize", G_CALLBACK (step_shown_cb), NULL);
}
