#define G_LOG_DOMAIN "vt-idle-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-idle-dialog.h"
#include "vt-wrap-box.h"

/* "Do you need more time?": shown over the page by the window, with one
 * large button to keep going and a countdown in numbers. */
struct _VtIdleDialog
{
  GtkBox     parent_instance;

  GtkWidget *title_label;
  GtkWidget *start_again_button;
  GtkWidget *body_label;
  GtkWidget *countdown_label;
  GtkWidget *more_time_button;
};

enum {
  MORE_TIME,
  START_AGAIN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VtIdleDialog, vt_idle_dialog, GTK_TYPE_BOX)

static void
more_time_clicked_cb (VtIdleDialog *self)
{
  g_signal_emit (self, signals[MORE_TIME], 0);
}

static void
start_again_clicked_cb (VtIdleDialog *self)
{
  g_signal_emit (self, signals[START_AGAIN], 0);
}

static void
vt_idle_dialog_class_init (VtIdleDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  signals[MORE_TIME] =
    g_signal_new ("more-time", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[START_AGAIN] =
    g_signal_new ("start-again", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT_DIALOG);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/ventanilla/Kiosk/vt-idle-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VtIdleDialog, title_label);
  gtk_widget_class_bind_template_child (widget_class, VtIdleDialog, start_again_button);
  gtk_widget_class_bind_template_child (widget_class, VtIdleDialog, body_label);
  gtk_widget_class_bind_template_child (widget_class, VtIdleDialog, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, VtIdleDialog, more_time_button);
  gtk_widget_class_bind_template_callback (widget_class, more_time_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_again_clicked_cb);
}

static void
vt_idle_dialog_init (VtIdleDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vt_button_wrap_label (self->more_time_button);
  vt_button_wrap_label (self->start_again_button);
}

GtkWidget *
vt_idle_dialog_new (void)
{
  return g_object_new (VT_TYPE_IDLE_DIALOG, NULL);
}

void
vt_idle_dialog_set_remaining (VtIdleDialog *self,
                              guint         seconds)
{
  g_autofree char *body = NULL;
  g_autofree char *count = NULL;

  g_return_if_fail (VT_IS_IDLE_DIALOG (self));

  body = g_strdup_printf (ngettext ("To protect your privacy, your answers will be deleted in %u second unless you ask for more time.",
                                    "To protect your privacy, your answers will be deleted in %u seconds unless you ask for more time.",
                                    seconds),
                          seconds);
  gtk_label_set_text (GTK_LABEL (self->body_label), body);
  /* The dialog lives as long as the window, across language changes, so
   * its words are looked up each time it shows. */
  gtk_label_set_text (GTK_LABEL (self->title_label), _("Do you need more time?"));
  gtk_button_set_label (GTK_BUTTON (self->more_time_button), _("I need more time"));
  gtk_button_set_label (GTK_BUTTON (self->start_again_button), _("Delete my answers and start again"));
  count = g_strdup_printf ("%u", seconds);
  gtk_label_set_text (GTK_LABEL (self->countdown_label), count);
}

GtkWidget *
vt_idle_dialog_get_button (VtIdleDialog *self)
{
  g_return_val_if_fail (VT_IS_IDLE_DIALOG (self), NULL);
  return self->more_time_button;
}
