#define G_LOG_DOMAIN "vt-keyboard"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-keyboard-policy.h"
#include "vt-keyboard.h"

/* The on-screen keyboard: draws the pages vt-keyboard-layout gives, types
 * into the focused field through GtkText's editing signals, and decides
 * when to show by vt-keyboard-policy.  Pages are built the first time they
 * are needed and kept in a stack, so a tap that changes the page or the
 * shift only switches the stack's child (no key is destroyed while its own
 * click is being handled). */

struct _VtKeyboard
{
  GtkWidget                parent_instance;

  /* template */
  GtkWidget               *pages;
  GtkWidget               *accent_popover;
  GtkWidget               *accent_box;

  const VtKeyboardLayout  *layout;
  char                    *language;
  VtKeyboardPolicy         policy;
  VtKeyboardVariant        variant;
  VtKeyboardState          state;
  GtkWidget               *target;          /* weak: a GtkText */
  GHashTable              *rows;            /* page name → the page's rows (VtKey *) */
  GHashTable              *keys;            /* key button → its VtKey, borrowed from rows */

  GtkRoot                 *root;
  GtkEventController      *root_events;
  GdkSeat                 *seat;
  int                      last_height;
  GdkFrameClock           *scroll_clock;    /* waiting for its after-paint to scroll */
  gulong                   scroll_handler;
};

G_DEFINE_FINAL_TYPE (VtKeyboard, vt_keyboard, GTK_TYPE_WIDGET)

static void update (VtKeyboard *self);

/* ---- names --------------------------------------------------------------- */

/* What a key shows. */
static const char *
key_label (VtKeyboard  *self,
           const VtKey *key)
{
  switch (key->action)
    {
    case VT_KEY_TEXT:
      return key->text;
    case VT_KEY_SHIFT:
      /* ⇧, and ⇪ for caps lock. */
      return self->state.shift == VT_KEYBOARD_SHIFT_LOCKED ? "\u21EA" : "\u21E7";
    case VT_KEY_DELETE:
      return "\u232B";
    case VT_KEY_SPACE:
      return self->variant == VT_KEYBOARD_VARIANT_TEXT ? vt_keyboard_layout_get_name (self->layout) : "\u2423";
    case VT_KEY_CONTINUE:
      return _("Continue");
    case VT_KEY_LETTERS:
      /* Translators: the key of the on-screen keyboard back to the letters; keep it short. */
      return C_("keyboard", "abc");
    case VT_KEY_ACCENTS:
      return key->label;
    case VT_KEY_SYMBOLS:
      /* Translators: the key of the on-screen keyboard to the numbers and signs; keep it short. */
      return C_("keyboard", "?123");
    default:
      g_assert_not_reached ();
    }
}

/* What a screen reader says for a key. */
static const char *
key_name (VtKeyboard  *self,
          const VtKey *key)
{
  switch (key->action)
    {
    case VT_KEY_TEXT:
      return key->text;
    case VT_KEY_SHIFT:
      if (self->state.shift == VT_KEYBOARD_SHIFT_ONCE)
        /* Translators: the spoken name of the shift key while the next letter will be a capital. */
        return _("Shift, on for one letter");
      if (self->state.shift == VT_KEYBOARD_SHIFT_LOCKED)
        /* Translators: the spoken name of the shift key while every letter is a capital. */
        return _("Caps lock, on");
      /* Translators: the spoken name of the on-screen keyboard's shift key. */
      return _("Shift");
    case VT_KEY_DELETE:
      /* Translators: the spoken name of the on-screen keyboard's backspace key. */
      return _("Delete one letter");
    case VT_KEY_SPACE:
      /* Translators: the spoken name of the on-screen keyboard's space bar. */
      return _("Space");
    case VT_KEY_CONTINUE:
      return _("Continue");
    case VT_KEY_LETTERS:
      /* Translators: the spoken name of the key back to the letters. */
      return _("Letters");
    case VT_KEY_ACCENTS:
      return _("Accented letters");
    case VT_KEY_SYMBOLS:
      /* Translators: the spoken name of the key to the digits and signs. */
      return _("Numbers and symbols");
    default:
      g_assert_not_reached ();
    }
}

/* ---- typing -------------------------------------------------------------- */

static gboolean
target_editable (VtKeyboard *self)
{
  return self->target != NULL && gtk_editable_get_editable (GTK_EDITABLE (self->target));
}

/* As a key press does (GtkText's commit): what is selected is replaced. */
static void
type_text (VtKeyboard *self,
           const char *text)
{
  if (!target_editable (self))
    return;
  gtk_editable_delete_selection (GTK_EDITABLE (self->target));
  g_signal_emit_by_name (self->target, "insert-at-cursor", text);
}

static void show_page (VtKeyboard *self);

/* A key was used: the page and the shift change first, then the field
 * gets its edit; Continue goes last, as it may take the page away. */
static void
use_key (VtKeyboard  *self,
         VtKeyAction  action,
         const char  *text)
{
  g_autoptr(GtkWidget) target = self->target != NULL ? g_object_ref (self->target) : NULL;

  vt_keyboard_state_apply (&self->state, action);
  show_page (self);

  if (target == NULL)
    return;
  switch (action)
    {
    case VT_KEY_TEXT:
      type_text (self, text);
      break;
    case VT_KEY_SPACE:
      type_text (self, " ");
      break;
    case VT_KEY_DELETE:
      if (target_editable (self))
        g_signal_emit_by_name (target, "backspace");
      break;
    case VT_KEY_CONTINUE:
      /* What Enter does in the field: the page's Continue. */
      g_signal_emit_by_name (target, "activate");
      break;
    default:
      break;
    }
}

static void
key_clicked_cb (GtkButton  *button,
                VtKeyboard *self)
{
  const VtKey *key = g_hash_table_lookup (self->keys, button);

  g_return_if_fail (key != NULL);
  use_key (self, key->action, key->text);
}

static void
accent_clicked_cb (GtkButton  *button,
                   VtKeyboard *self)
{
  g_autofree char *text = g_strdup (gtk_button_get_label (button));

  gtk_popover_popdown (GTK_POPOVER (self->accent_popover));
  use_key (self, VT_KEY_TEXT, text);
}

/* A long press on a letter offers its accents, and types nothing: the
 * button never sees its release as a click. */
static void
long_pressed_cb (GtkGestureLongPress *gesture,
                 double               x,
                 double               y,
                 VtKeyboard          *self)
{
  GtkWidget *button = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  const VtKey *key = g_hash_table_lookup (self->keys, button);
  graphene_rect_t bounds;
  GdkRectangle rect;
  GtkWidget *child;

  if (key == NULL || key->accents == NULL || !gtk_widget_compute_bounds (button, GTK_WIDGET (self), &bounds))
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);

  while ((child = gtk_widget_get_first_child (self->accent_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->accent_box), child);
  for (guint i = 0; key->accents[i] != NULL; i++)
    {
      GtkWidget *accent = gtk_button_new_with_label (key->accents[i]);

      gtk_widget_set_focusable (accent, FALSE);
      gtk_widget_set_focus_on_click (accent, FALSE);
      gtk_widget_add_css_class (accent, "key");
      gtk_accessible_update_property (GTK_ACCESSIBLE (accent),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, key->accents[i],
                                      -1);
      g_signal_connect (accent, "clicked", G_CALLBACK (accent_clicked_cb), self);
      gtk_box_append (GTK_BOX (self->accent_box), accent);
    }
  rect.x = (int) bounds.origin.x;
  rect.y = (int) bounds.origin.y;
  rect.width = (int) bounds.size.width;
  rect.height = (int) bounds.size.height;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->accent_popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->accent_popover));
}

/* ---- pages --------------------------------------------------------------- */

static char *
page_name (VtKeyboard *self)
{
  if (self->variant != VT_KEYBOARD_VARIANT_TEXT && self->variant != VT_KEYBOARD_VARIANT_EMAIL)
    return g_strdup_printf ("v%d", self->variant);
  /* The case of the letters page only: the others show both, or none. */
  return g_strdup_printf ("v%d-p%d-s%d", self->variant, self->state.page,
                          self->state.page == VT_KEYBOARD_PAGE_LETTERS ? (int) self->state.shift : 0);
}

static GtkWidget *
new_key (VtKeyboard  *self,
         const VtKey *key)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *label = gtk_label_new (key_label (self, key));

  gtk_button_set_child (GTK_BUTTON (button), label);
  /* The field keeps the focus (and its cursor) while keys are tapped. */
  gtk_widget_set_focusable (button, FALSE);
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_widget_set_hexpand (button, TRUE);
  gtk_widget_add_css_class (button, "key");
  if (key->action != VT_KEY_TEXT)
    gtk_widget_add_css_class (button, "key-action");
  if (key->action == VT_KEY_CONTINUE)
    gtk_widget_add_css_class (button, "key-continue");
  if (key->action == VT_KEY_SHIFT && self->state.shift != VT_KEYBOARD_SHIFT_OFF)
    gtk_widget_add_css_class (button, "key-on");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, key_name (self, key),
                                  -1);
  g_signal_connect (button, "clicked", G_CALLBACK (key_clicked_cb), self);
  if (key->accents != NULL)
    {
      GtkGesture *press = gtk_gesture_long_press_new ();

      g_signal_connect (press, "pressed", G_CALLBACK (long_pressed_cb), self);
      /* Before the button's own click gesture, which claims the release of
       * a tap: in the bubble phase the long press would see that release
       * already denied, keep the press as unfinished (GTK 4.8 removes a
       * point only when it takes the release) and never begin again. */
      gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (press), GTK_PHASE_CAPTURE);
      gtk_widget_add_controller (button, GTK_EVENT_CONTROLLER (press));
    }
  g_hash_table_insert (self->keys, button, (gpointer) key);
  return button;
}

static GtkWidget *
build_page (VtKeyboard *self,
            GPtrArray  *rows)
{
  GtkWidget *grid = gtk_grid_new ();
  GPtrArray *last = g_ptr_array_index (rows, rows->len - 1);
  guint total = 0;

  for (guint k = 0; k < last->len; k++)
    total += ((VtKey *) g_ptr_array_index (last, k))->width;

  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_row_homogeneous (GTK_GRID (grid), TRUE);
  /* A short page (a few accents) sits on the bottom rows. */
  gtk_widget_set_valign (grid, GTK_ALIGN_END);
  gtk_widget_add_css_class (grid, "keyboard-page");
  if (self->variant != VT_KEYBOARD_VARIANT_TEXT && self->variant != VT_KEYBOARD_VARIANT_EMAIL)
    {
      /* A numeric pad keeps the shape of one, centred. */
      gtk_widget_set_halign (grid, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (grid, "keyboard-pad");
    }

  for (guint r = 0; r < rows->len; r++)
    {
      GPtrArray *row = g_ptr_array_index (rows, r);
      guint width = 0;
      guint column;

      for (guint k = 0; k < row->len; k++)
        width += ((VtKey *) g_ptr_array_index (row, k))->width;
      column = (total - MIN (width, total)) / 2;
      for (guint k = 0; k < row->len; k++)
        {
          const VtKey *key = g_ptr_array_index (row, k);

          gtk_grid_attach (GTK_GRID (grid), new_key (self, key), (int) column, (int) r, (int) key->width, 1);
          column += key->width;
        }
    }
  return grid;
}

static void
show_page (VtKeyboard *self)
{
  g_autofree char *name = page_name (self);
  GtkWidget *page = gtk_stack_get_child_by_name (GTK_STACK (self->pages), name);

  if (page == NULL)
    {
      GPtrArray *rows = vt_keyboard_layout_build (self->layout, self->variant, self->state);

      g_hash_table_insert (self->rows, g_strdup (name), rows);
      page = build_page (self, rows);
      gtk_stack_add_named (GTK_STACK (self->pages), page, name);
    }
  gtk_stack_set_visible_child (GTK_STACK (self->pages), page);
  /* A screen reader reads the keys shown, not every page kept. */
  for (GtkWidget *child = gtk_widget_get_first_child (self->pages);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_accessible_update_state (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_STATE_HIDDEN, child != page, -1);
}

/* A new language or new names: every page is built again when needed. */
static void
drop_pages (VtKeyboard *self)
{
  GtkWidget *child;

  gtk_popover_popdown (GTK_POPOVER (self->accent_popover));
  while ((child = gtk_widget_get_first_child (self->pages)) != NULL)
    gtk_stack_remove (GTK_STACK (self->pages), child);
  g_hash_table_remove_all (self->keys);
  g_hash_table_remove_all (self->rows);
}

/* ---- following the focus ------------------------------------------------- */

static VtKeyboardVariant
variant_for_purpose (GtkInputPurpose purpose)
{
  switch (purpose)
    {
    case GTK_INPUT_PURPOSE_EMAIL:
      return VT_KEYBOARD_VARIANT_EMAIL;
    case GTK_INPUT_PURPOSE_PHONE:
      return VT_KEYBOARD_VARIANT_PHONE;
    case GTK_INPUT_PURPOSE_NUMBER:
      return VT_KEYBOARD_VARIANT_NUMBER;
    case GTK_INPUT_PURPOSE_DIGITS:
    case GTK_INPUT_PURPOSE_PIN:
      return VT_KEYBOARD_VARIANT_DIGITS;
    default:
      return VT_KEYBOARD_VARIANT_TEXT;
    }
}

/* The field a focus widget stands for, when it takes typing. */
static GtkWidget *
field_for_focus (GtkWidget *focus)
{
  if (!GTK_IS_TEXT (focus) || !gtk_editable_get_editable (GTK_EDITABLE (focus)))
    return NULL;
  if (gtk_text_get_input_hints (GTK_TEXT (focus)) & GTK_INPUT_HINT_INHIBIT_OSK)
    return NULL;
  return focus;
}

/* Keeps the field being typed into above the keyboard: the nearest
 * scrolled window scrolls until the whole entry shows. */
static void
scroll_to_target (VtKeyboard *self)
{
  GtkWidget *field;
  GtkWidget *scroller;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double margin, page, value;

  if (self->target == NULL || !gtk_widget_get_visible (GTK_WIDGET (self)))
    return;

  /* The entry around the text, with its frame. */
  field = gtk_widget_get_parent (self->target);
  if (field == NULL || !GTK_IS_EDITABLE (field))
    field = self->target;
  scroller = gtk_widget_get_ancestor (field, GTK_TYPE_SCROLLED_WINDOW);
  if (scroller == NULL || !gtk_widget_compute_bounds (field, scroller, &bounds))
    return;

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  page = gtk_widget_get_height (scroller);
  margin = MIN (bounds.size.height / 2, page / 8);
  value = gtk_adjustment_get_value (adjustment);
  if (bounds.origin.y + bounds.size.height + margin > page)
    value += bounds.origin.y + bounds.size.height + margin - page;
  /* A field taller than what is left, or above it, shows from its top. */
  if (bounds.origin.y - (value - gtk_adjustment_get_value (adjustment)) < margin)
    value = gtk_adjustment_get_value (adjustment) + bounds.origin.y - margin;
  gtk_adjustment_set_value (adjustment, value);
}

static void
cancel_scroll (VtKeyboard *self)
{
  /* A clock whose surface went away has dropped its handlers already. */
  if (self->scroll_clock != NULL && g_signal_handler_is_connected (self->scroll_clock, self->scroll_handler))
    g_signal_handler_disconnect (self->scroll_clock, self->scroll_handler);
  self->scroll_handler = 0;
  g_clear_object (&self->scroll_clock);
}

static void
after_paint_cb (GdkFrameClock *clock,
                VtKeyboard    *self)
{
  cancel_scroll (self);
  scroll_to_target (self);
}

/* Once the frame that lays out the keyboard, the smaller page and the
 * field where they now are has been drawn: earlier, the field's place may
 * still be the one before the change. */
static void
queue_scroll (VtKeyboard *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock == NULL || self->scroll_clock != NULL)
    return;
  self->scroll_clock = g_object_ref (clock);
  self->scroll_handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), self);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_AFTER_PAINT);
}

static void
update (VtKeyboard *self)
{
  GtkWidget *field = self->root != NULL ? field_for_focus (gtk_root_get_focus (self->root)) : NULL;
  gboolean show = field != NULL && vt_keyboard_policy_wants_keyboard (&self->policy);

  if (!show)
    field = NULL;
  if (field != self->target)
    {
      VtKeyboardState first = VT_KEYBOARD_STATE_INIT;

      gtk_popover_popdown (GTK_POPOVER (self->accent_popover));
      g_set_weak_pointer (&self->target, field);
      self->state = first;
      if (field != NULL)
        self->variant = variant_for_purpose (gtk_text_get_input_purpose (GTK_TEXT (field)));
      show_page (self);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), show);
  if (show)
    queue_scroll (self);
}

static void
focus_changed_cb (GtkRoot    *root,
                  GParamSpec *pspec,
                  VtKeyboard *self)
{
  update (self);
}

static gboolean
root_event_cb (GtkEventControllerLegacy *controller,
               GdkEvent                 *event,
               VtKeyboard               *self)
{
  GdkDevice *device = gdk_event_get_device (event);
  gboolean before = vt_keyboard_policy_wants_keyboard (&self->policy);

  switch (gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
      vt_keyboard_policy_key_pressed (&self->policy);
      break;
    case GDK_TOUCH_BEGIN:
      vt_keyboard_policy_touched (&self->policy);
      break;
    case GDK_BUTTON_PRESS:
      if (device != NULL && gdk_device_get_source (device) == GDK_SOURCE_TOUCHSCREEN)
        vt_keyboard_policy_touched (&self->policy);
      break;
    default:
      break;
    }
  if (vt_keyboard_policy_wants_keyboard (&self->policy) != before)
    update (self);
  return GDK_EVENT_PROPAGATE;
}

static void
read_seat (VtKeyboard *self)
{
  vt_keyboard_policy_set_touch_screen (&self->policy,
                                       self->seat != NULL &&
                                       (gdk_seat_get_capabilities (self->seat) & GDK_SEAT_CAPABILITY_TOUCH) != 0);
}

static void
seat_changed_cb (GdkSeat    *seat,
                 GdkDevice  *device,
                 VtKeyboard *self)
{
  read_seat (self);
  update (self);
}

static void
vt_keyboard_root (GtkWidget *widget)
{
  VtKeyboard *self = VT_KEYBOARD (widget);

  GTK_WIDGET_CLASS (vt_keyboard_parent_class)->root (widget);

  self->root = gtk_widget_get_root (widget);
  g_signal_connect (self->root, "notify::focus-widget", G_CALLBACK (focus_changed_cb), self);
  /* Every key press and touch in the window, before any widget takes it. */
  self->root_events = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (self->root_events, GTK_PHASE_CAPTURE);
  g_signal_connect (self->root_events, "event", G_CALLBACK (root_event_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->root), self->root_events);

  g_set_object (&self->seat, gdk_display_get_default_seat (gtk_widget_get_display (widget)));
  if (self->seat != NULL)
    {
      g_signal_connect (self->seat, "device-added", G_CALLBACK (seat_changed_cb), self);
      g_signal_connect (self->seat, "device-removed", G_CALLBACK (seat_changed_cb), self);
    }
  read_seat (self);
  update (self);
}

static void
vt_keyboard_unroot (GtkWidget *widget)
{
  VtKeyboard *self = VT_KEYBOARD (widget);

  if (self->seat != NULL)
    g_signal_handlers_disconnect_by_data (self->seat, self);
  g_clear_object (&self->seat);
  if (self->root_events != NULL)
    gtk_widget_remove_controller (GTK_WIDGET (self->root), self->root_events);
  self->root_events = NULL;
  g_signal_handlers_disconnect_by_data (self->root, self);
  self->root = NULL;
  g_clear_weak_pointer (&self->target);
  cancel_scroll (self);

  GTK_WIDGET_CLASS (vt_keyboard_parent_class)->unroot (widget);
}

/* ---- layout -------------------------------------------------------------- */

static void
vt_keyboard_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  gtk_widget_measure (VT_KEYBOARD (widget)->pages, orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
vt_keyboard_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  VtKeyboard *self = VT_KEYBOARD (widget);

  gtk_widget_allocate (self->pages, width, height, baseline, NULL);
  gtk_popover_present (GTK_POPOVER (self->accent_popover));
  if (height != self->last_height)
    {
      self->last_height = height;
      queue_scroll (self);
    }
}

/* ---- object -------------------------------------------------------------- */

static void
vt_keyboard_dispose (GObject *object)
{
  VtKeyboard *self = VT_KEYBOARD (object);

  cancel_scroll (self);
  g_clear_weak_pointer (&self->target);
  if (self->keys != NULL)
    g_hash_table_remove_all (self->keys);
  gtk_widget_dispose_template (GTK_WIDGET (self), VT_TYPE_KEYBOARD);

  G_OBJECT_CLASS (vt_keyboard_parent_class)->dispose (object);
}

static void
vt_keyboard_finalize (GObject *object)
{
  VtKeyboard *self = VT_KEYBOARD (object);

  g_hash_table_unref (self->keys);
  g_hash_table_unref (self->rows);
  g_free (self->language);

  G_OBJECT_CLASS (vt_keyboard_parent_class)->finalize (object);
}

static void
vt_keyboard_class_init (VtKeyboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_keyboard_dispose;
  object_class->finalize = vt_keyboard_finalize;
  widget_class->root = vt_keyboard_root;
  widget_class->unroot = vt_keyboard_unroot;
  widget_class->measure = vt_keyboard_measure;
  widget_class->size_allocate = vt_keyboard_size_allocate;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/ventanilla/Kiosk/vt-keyboard.ui");
  gtk_widget_class_bind_template_child (widget_class, VtKeyboard, pages);
  gtk_widget_class_bind_template_child (widget_class, VtKeyboard, accent_popover);
  gtk_widget_class_bind_template_child (widget_class, VtKeyboard, accent_box);
  gtk_widget_class_set_css_name (widget_class, "keyboard");
}

static void
vt_keyboard_init (VtKeyboard *self)
{
  VtKeyboardState first = VT_KEYBOARD_STATE_INIT;

  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->keys = g_hash_table_new (NULL, NULL);
  self->state = first;
  self->layout = vt_keyboard_layout_lookup ("en");
  self->language = g_strdup ("en");
  vt_keyboard_policy_init (&self->policy, VT_KEYBOARD_MODE_AUTO);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vt_keyboard_new (void)
{
  return g_object_new (VT_TYPE_KEYBOARD, NULL);
}

void
vt_keyboard_set_mode (VtKeyboard     *self,
                      VtKeyboardMode  mode)
{
  g_return_if_fail (VT_IS_KEYBOARD (self));

  self->policy.mode = mode;
  update (self);
}

void
vt_keyboard_set_language (VtKeyboard *self,
                          const char *language)
{
  g_return_if_fail (VT_IS_KEYBOARD (self));
  g_return_if_fail (language != NULL);

  if (g_strcmp0 (self->language, language) == 0)
    return;
  g_free (self->language);
  self->language = g_strdup (language);
  self->layout = vt_keyboard_layout_lookup (language);
  /* The template's names were translated once, when the window was built. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("On-screen keyboard"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->accent_popover),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Accented letters"),
                                  -1);
  drop_pages (self);
  show_page (self);
}

const VtKeyboardLayout *
vt_keyboard_get_layout (VtKeyboard *self)
{
  g_return_val_if_fail (VT_IS_KEYBOARD (self), NULL);
  return self->layout;
}

void
vt_keyboard_reset (VtKeyboard *self)
{
  VtKeyboardState first = VT_KEYBOARD_STATE_INIT;

  g_return_if_fail (VT_IS_KEYBOARD (self));

  gtk_popover_popdown (GTK_POPOVER (self->accent_popover));
  self->state = first;
  vt_keyboard_policy_reset (&self->policy);
  show_page (self);
  update (self);
}

GtkWidget *
vt_keyboard_get_target (VtKeyboard *self)
{
  g_return_val_if_fail (VT_IS_KEYBOARD (self), NULL);
  return self->target;
}

VtKeyboardVariant
vt_keyboard_get_variant (VtKeyboard *self)
{
  g_return_val_if_fail (VT_IS_KEYBOARD (self), VT_KEYBOARD_VARIANT_TEXT);
  return self->variant;
}

VtKeyboardState
vt_keyboard_get_state (VtKeyboard *self)
{
  VtKeyboardState first = VT_KEYBOARD_STATE_INIT;

  g_return_val_if_fail (VT_IS_KEYBOARD (self), first);
  return self->state;
}

void
vt_keyboard_set_touch_screen (VtKeyboard *self,
                              gboolean    present)
{
  g_return_if_fail (VT_IS_KEYBOARD (self));

  vt_keyboard_policy_set_touch_screen (&self->policy, present);
  update (self);
}

GtkWidget *
vt_keyboard_find_key (VtKeyboard  *self,
                      VtKeyAction  action,
                      const char  *text)
{
  GtkWidget *page;

  g_return_val_if_fail (VT_IS_KEYBOARD (self), NULL);

  page = gtk_stack_get_visible_child (GTK_STACK (self->pages));
  for (GtkWidget *child = page != NULL ? gtk_widget_get_first_child (page) : NULL;
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const VtKey *key = g_hash_table_lookup (self->keys, child);

      if (key != NULL && key->action == action &&
          (action != VT_KEY_TEXT || g_strcmp0 (key->text, text) == 0))
        return child;
    }
  return NULL;
}

GtkWidget *
vt_keyboard_find_accent (VtKeyboard *self,
                         const char *text)
{
  g_return_val_if_fail (VT_IS_KEYBOARD (self), NULL);

  if (!gtk_widget_get_visible (self->accent_popover))
    return NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (self->accent_box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), text) == 0)
      return child;
  return NULL;
}
