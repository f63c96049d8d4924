#define G_LOG_DOMAIN "vt-listen-button"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-listen-button.h"

struct _VtListenButton
{
  GtkButton       parent_instance;

  GtkWidget      *icon;
  GtkWidget      *label;

  VtPlayer       *player;
  VtSpeechScript *script;
  gboolean        large;
};

G_DEFINE_FINAL_TYPE (VtListenButton, vt_listen_button, GTK_TYPE_BUTTON)

static gboolean
is_speaking (VtListenButton *self)
{
  return vt_player_get_playing (self->player) && vt_player_get_script (self->player) == self->script;
}

static void
update (VtListenButton *self)
{
  gboolean speaking = is_speaking (self);

  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon),
                                speaking ? "media-playback-stop-symbolic" : "audio-volume-high-symbolic");
  /* Translators: the Listen button while it reads the page aloud; pressing it stops. */
  gtk_label_set_text (GTK_LABEL (self->label), speaking ? _("Stop") : _("Listen"));
  if (speaking)
    gtk_widget_add_css_class (GTK_WIDGET (self), "speaking");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "speaking");
}

static void
player_notify_cb (VtPlayer       *player,
                  GParamSpec     *pspec,
                  VtListenButton *self)
{
  update (self);
}

static void
vt_listen_button_clicked (GtkButton *button)
{
  VtListenButton *self = VT_LISTEN_BUTTON (button);

  if (is_speaking (self))
    vt_player_stop (self->player);
  else
    vt_player_speak (self->player, self->script);
}

static void
vt_listen_button_dispose (GObject *object)
{
  VtListenButton *self = VT_LISTEN_BUTTON (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VT_TYPE_LISTEN_BUTTON);
  g_clear_object (&self->player);
  g_clear_pointer (&self->script, vt_speech_script_unref);

  G_OBJECT_CLASS (vt_listen_button_parent_class)->dispose (object);
}

static void
vt_listen_button_class_init (VtListenButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkButtonClass *button_class = GTK_BUTTON_CLASS (klass);

  object_class->dispose = vt_listen_button_dispose;
  button_class->clicked = vt_listen_button_clicked;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ventanilla/Kiosk/vt-listen-button.ui");
  gtk_widget_class_bind_template_child (widget_class, VtListenButton, icon);
  gtk_widget_class_bind_template_child (widget_class, VtListenButton, label);
}

static void
vt_listen_button_init (VtListenButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vt_listen_button_new (VtPlayer       *player,
                      VtSpeechScript *script,
                      gboolean        large,
                      const char     *what)
{
  VtListenButton *self = g_object_new (VT_TYPE_LISTEN_BUTTON, NULL);

  g_return_val_if_fail (VT_IS_PLAYER (player), GTK_WIDGET (self));
  g_return_val_if_fail (script != NULL, GTK_WIDGET (self));

  self->player = g_object_ref (player);
  self->script = vt_speech_script_ref (script);
  self->large = large;

  gtk_image_set_pixel_size (GTK_IMAGE (self->icon), large ? 32 : 24);
  gtk_widget_set_visible (self->label, large);
  gtk_widget_add_css_class (GTK_WIDGET (self), large ? "listen-large" : "listen-small");
  if (!large)
    {
      /* Translators: the accessible name of a small loudspeaker button; %s is what it reads. */
      g_autofree char *name = g_strdup_printf (_("Listen: %s"), what != NULL ? what : "");

      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), name);
      g_object_set_data_full (G_OBJECT (self), "vt-test-label", g_steal_pointer (&name), g_free);
    }
  g_object_bind_property (player, "available", self, "visible", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (player, "notify::playing", G_CALLBACK (player_notify_cb), self, 0);
  update (self);
  return GTK_WIDGET (self);
}

VtSpeechScript *
vt_listen_button_get_script (VtListenButton *self)
{
  g_return_val_if_fail (VT_IS_LISTEN_BUTTON (self), NULL);
  return self->script;
}
