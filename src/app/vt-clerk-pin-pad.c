/* The clerk's name and PIN, typed on large digit keys or a keyboard;
 * checking the PIN is clerk mode's. */
#define G_LOG_DOMAIN "vt-clerk-pin-pad"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vt-clerk-pin-pad.h"
#include "vt-wrap-box.h"

#define MAX_DIGITS 12

struct _VtClerkPinPad
{
  GtkWidget  parent_instance;

  GtkWidget *scroller;
  GtkWidget *name_entry;
  GtkWidget *dots_label;
  GtkWidget *message_label;
  GtkWidget *keys_grid;
  GtkWidget *ok_button;
  GtkWidget *cancel_button;

  char       pin[MAX_DIGITS + 1];
  guint      n_digits;
  gboolean   busy;
};

G_DEFINE_FINAL_TYPE (VtClerkPinPad, vt_clerk_pin_pad, GTK_TYPE_WIDGET)

enum
{
  SUBMITTED,
  CANCELLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
wipe_pin (VtClerkPinPad *self)
{
  /* volatile-style wipe: the buffer is reused, not freed. */
  memset (self->pin, 0, sizeof self->pin);
  self->n_digits = 0;
}

static void
update (VtClerkPinPad *self)
{
  g_autoptr(GString) dots = g_string_new (NULL);

  for (guint i = 0; i < self->n_digits; i++)
    g_string_append (dots, "●");
  gtk_label_set_text (GTK_LABEL (self->dots_label), dots->len > 0 ? dots->str : " ");
  gtk_widget_set_sensitive (self->ok_button, !self->busy && self->n_digits >= 4);
  gtk_widget_set_sensitive (self->keys_grid, !self->busy);
  /* A check under way finishes first: cancelling and asking again would
   * start a second one beside it. */
  gtk_widget_set_sensitive (self->cancel_button, !self->busy);
}

void
vt_clerk_pin_pad_press (VtClerkPinPad *self,
                        const char    *key)
{
  g_return_if_fail (VT_IS_CLERK_PIN_PAD (self));

  if (self->busy)
    return;

  if (g_str_equal (key, "back"))
    {
      if (self->n_digits > 0)
        self->pin[--self->n_digits] = '\0';
    }
  else if (g_str_equal (key, "clear"))
    wipe_pin (self);
  else if (g_str_equal (key, "ok"))
    {
      g_autofree char *name = NULL;

      if (self->n_digits < 4)
        return;
      name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
      g_signal_emit (self, signals[SUBMITTED], 0, name, self->pin);
      wipe_pin (self);
    }
  else if (strlen (key) == 1 && g_ascii_isdigit (key[0]) && self->n_digits < MAX_DIGITS)
    self->pin[self->n_digits++] = key[0];

  update (self);
}

static void
key_clicked_cb (GtkButton     *button,
                VtClerkPinPad *self)
{
  vt_clerk_pin_pad_press (self, g_object_get_data (G_OBJECT (button), "key"));
}

/* Enter (or the on-screen keyboard's Continue) after the name: sign in
 * when the PIN is there, else on to the PIN keys. */
static void
name_activate_cb (VtClerkPinPad *self)
{
  if (self->n_digits >= 4)
    vt_clerk_pin_pad_press (self, "ok");
  else
    gtk_widget_child_focus (self->keys_grid, GTK_DIR_TAB_FORWARD);
}

static void
ok_clicked_cb (VtClerkPinPad *self)
{
  vt_clerk_pin_pad_press (self, "ok");
}

static void
cancel_clicked_cb (VtClerkPinPad *self)
{
  if (self->busy)
    return;
  wipe_pin (self);
  update (self);
  g_signal_emit (self, signals[CANCELLED], 0);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                VtClerkPinPad         *self)
{
  gunichar c = gdk_keyval_to_unicode (keyval);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  /* Typing goes to the name entry when it has the focus. */
  if (focus != NULL && (focus == self->name_entry || gtk_widget_is_ancestor (focus, self->name_entry)))
    return FALSE;
  /* Seen before the focused button (the capture phase): Enter on the
   * digit keys is the pad's Enter, never the digit focused.  On Cancel or
   * Enter themselves the button has it. */
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
      && focus != NULL && focus != self->keys_grid && !gtk_widget_is_ancestor (focus, self->keys_grid))
    return FALSE;

  if (c >= '0' && c <= '9')
    {
      char key[2] = { (char) c, '\0' };
      vt_clerk_pin_pad_press (self, key);
      return TRUE;
    }
  switch (keyval)
    {
    case GDK_KEY_BackSpace:
      vt_clerk_pin_pad_press (self, "back");
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      vt_clerk_pin_pad_press (self, "ok");
      return TRUE;
    case GDK_KEY_Escape:
      cancel_clicked_cb (self);
      return TRUE;
    default:
      return FALSE;
    }
}

void
vt_clerk_pin_pad_reset (VtClerkPinPad *self,
                        const char    *message)
{
  gboolean said = message != NULL && message[0] != '\0';
  GtkWidget *first_key;

  g_return_if_fail (VT_IS_CLERK_PIN_PAD (self));

  first_key = gtk_widget_get_first_child (self->keys_grid);
  wipe_pin (self);
  self->busy = FALSE;
  gtk_label_set_text (GTK_LABEL (self->message_label), message != NULL ? message : "");
  gtk_widget_set_visible (self->message_label, said);
  update (self);

  /* GTK 4.8 announces nothing by itself: the message is said with the
   * first key, where the focus goes to type the PIN again (the keys were
   * insensitive during the check, so the focus had left them). */
  gtk_accessible_update_property (GTK_ACCESSIBLE (first_key),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, said ? message : "",
                                  -1);
  if (said && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      gtk_widget_grab_focus (first_key);
      if (GTK_IS_WINDOW (root))
        gtk_window_set_focus_visible (GTK_WINDOW (root), TRUE);
    }
}

void
vt_clerk_pin_pad_set_busy (VtClerkPinPad *self,
                           gboolean       busy)
{
  g_return_if_fail (VT_IS_CLERK_PIN_PAD (self));

  self->busy = busy;
  if (busy)
    {
      /* Translators: shown while the clerk PIN is being checked. */
      gtk_label_set_text (GTK_LABEL (self->message_label), _("Checking…"));
      gtk_widget_set_visible (self->message_label, TRUE);
    }
  update (self);
}

void
vt_clerk_pin_pad_grab_focus (VtClerkPinPad *self)
{
  g_return_if_fail (VT_IS_CLERK_PIN_PAD (self));

  gtk_entry_grab_focus_without_selecting (GTK_ENTRY (self->name_entry));
}

const char *
vt_clerk_pin_pad_get_message (VtClerkPinPad *self)
{
  g_return_val_if_fail (VT_IS_CLERK_PIN_PAD (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->message_label));
}

void
vt_clerk_pin_pad_set_name (VtClerkPinPad *self,
                           const char    *name)
{
  g_return_if_fail (VT_IS_CLERK_PIN_PAD (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name != NULL ? name : "");
}

static void
vt_clerk_pin_pad_dispose (GObject *object)
{
  VtClerkPinPad *self = VT_CLERK_PIN_PAD (object);

  wipe_pin (self);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);

  G_OBJECT_CLASS (vt_clerk_pin_pad_parent_class)->dispose (object);
}

static void
vt_clerk_pin_pad_class_init (VtClerkPinPadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_clerk_pin_pad_dispose;

  signals[SUBMITTED] = g_signal_new ("submitted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[CANCELLED] = g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ventanilla/Kiosk/vt-clerk-pin-pad.ui");
  gtk_widget_class_bind_template_child (widget_class, VtClerkPinPad, scroller);
  gtk_widget_class_bind_template_child (widget_class, VtClerkPinPad, name_entry);
  gtk_widget_class_bind_template_child (widget_class, VtClerkPinPad, dots_label);
  gtk_widget_class_bind_template_child (widget_class, VtClerkPinPad, message_label);
  gtk_widget_class_bind_template_child (widget_class, VtClerkPinPad, keys_grid);
  gtk_widget_class_bind_template_child (widget_class, VtClerkPinPad, ok_button);
  gtk_widget_class_bind_template_child (widget_class, VtClerkPinPad, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, ok_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "clerkpinpad");
}

static void
vt_clerk_pin_pad_init (VtClerkPinPad *self)
{
  static const char * const keys[] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back" };
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *label = keys[i];
      GtkWidget *button;

      /* Translators: the two correction keys of the clerk's PIN pad: "Clear"
       * empties the PIN, "Delete" removes its last digit.  They stand side
       * by side, so their translations must differ. */
      if (g_str_equal (keys[i], "clear"))
        label = C_("PIN pad", "Clear");
      else if (g_str_equal (keys[i], "back"))
        label = C_("PIN pad", "Delete");

      button = gtk_button_new_with_label (label);
      /* At 200 % text a two-word key takes two lines, not the screen's width. */
      vt_button_wrap_label (button);
      gtk_widget_add_css_class (button, "pin-key");
      gtk_widget_set_size_request (button, 96, 72);
      g_object_set_data (G_OBJECT (button), "key", (gpointer) keys[i]);
      g_signal_connect (button, "clicked", G_CALLBACK (key_clicked_cb), self);
      gtk_grid_attach (GTK_GRID (self->keys_grid), button, (int) (i % 3), (int) (i / 3), 1, 1);
    }

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  update (self);
}

GtkWidget *
vt_clerk_pin_pad_new (void)
{
  return g_object_new (VT_TYPE_CLERK_PIN_PAD, NULL);
}
