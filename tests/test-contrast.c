#include "config.h"

#include <gtk/gtk.h>
#include <math.h>

#include "vt-application.h"
#include "vt-clerk.h"
#include "vt-clerk-mode.h"
#include "vt-clerk-pin-pad.h"
#include "vt-language.h"
#include "vt-question-page.h"
#include "vt-services-page.h"
#include "vt-store.h"
#include "vt-test-app.h"
#include "vt-test-utils.h"
#include "vt-window.h"

/* Contrast as a person sees it: the kiosk's window is rendered (GSK, the
 * renderer the window draws with) in each state of each control that
 * issue 18 found wanting (normal, hover, focus, pressed, disabled) in both
 * themes, and the WCAG 2.2 ratios are measured on the pixels:
 *   text      the label's ink against what is behind it: 4.5:1, 7:1 in
 *             high contrast;
 *   component what shows the control (its fill, edge, focus ring or
 *             text) against the page around it: 3:1, 7:1 in high contrast;
 *   state     focus must change the control by 3:1 somewhere, and a
 *             disabled control must not look like an enabled one.
 * VT_CONTRAST_SHOTS=DIR keeps a PNG of every state measured. */

typedef struct
{
  guint8 r, g, b;
} Rgb;

static double
channel (guint8 v)
{
  double c = v / 255.0;

  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
luminance (Rgb c)
{
  return 0.2126 * channel (c.r) + 0.7152 * channel (c.g) + 0.0722 * channel (c.b);
}

static double
ratio (Rgb a,
       Rgb b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

static guint32
pack (Rgb c)
{
  return (guint32) c.r << 16 | (guint32) c.g << 8 | c.b;
}

static Rgb
unpack (guint32 v)
{
  return (Rgb) { v >> 16 & 0xff, v >> 8 & 0xff, v & 0xff };
}

/* A rendering of the whole window, in the window's coordinates. */
typedef struct
{
  GdkTexture *texture;
  int         width, height;
  gsize       stride;
  guint8     *pixels;        /* CAIRO_FORMAT_ARGB32, opaque */
} Shot;

static void
shot_free (Shot *shot)
{
  g_clear_object (&shot->texture);
  g_free (shot->pixels);
  g_free (shot);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Shot, shot_free)

static Shot *
render_window (GtkWidget *window)
{
  Shot *shot = g_new0 (Shot, 1);
  g_autoptr(GdkPaintable) paintable = NULL;
  GtkSnapshot *snapshot;
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  /* A widget paintable keeps the image the widget had when it was made:
   * make it once the frame with the new state has been drawn. */
  vt_test_wait_frame (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  shot->width = gtk_widget_get_width (window);
  shot->height = gtk_widget_get_height (window);
  gdk_paintable_snapshot (paintable, snapshot, shot->width, shot->height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  shot->texture = gsk_renderer_render_texture (renderer, node,
                                               &GRAPHENE_RECT_INIT (0, 0, shot->width, shot->height));
  shot->stride = (gsize) shot->width * 4;
  shot->pixels = g_malloc (shot->stride * shot->height);
  gdk_texture_download (shot->texture, shot->pixels, shot->stride);
  return shot;
}

static Rgb
pixel (const Shot *shot,
       int         x,
       int         y)
{
  const guint8 *p = shot->pixels + (gsize) y * shot->stride + (gsize) x * 4;

  /* ARGB32 in native order: B, G, R, A on little-endian machines. */
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  return (Rgb) { p[2], p[1], p[0] };
#else
  return (Rgb) { p[1], p[2], p[3] };
#endif
}

typedef struct
{
  int x0, y0, x1, y1;        /* x1, y1 excluded */
} Box;

static Box
widget_box (GtkWidget *widget,
            GtkWidget *window,
            int        grow,
            const Shot *shot)
{
  graphene_rect_t bounds;
  Box box;

  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  box.x0 = CLAMP ((int) floor (bounds.origin.x) - grow, 0, shot->width);
  box.y0 = CLAMP ((int) floor (bounds.origin.y) - grow, 0, shot->height);
  box.x1 = CLAMP ((int) ceil (bounds.origin.x + bounds.size.width) + grow, 0, shot->width);
  box.y1 = CLAMP ((int) ceil (bounds.origin.y + bounds.size.height) + grow, 0, shot->height);
  g_assert_cmpint (box.x1 - box.x0, >, 0);
  g_assert_cmpint (box.y1 - box.y0, >, 0);
  return box;
}

static gboolean
box_contains (const Box *box,
              int        x,
              int        y)
{
  return x >= box->x0 && x < box->x1 && y >= box->y0 && y < box->y1;
}

/* Colour counts of the pixels in box but not in hole (may be NULL). */
static GHashTable *
histogram (const Shot *shot,
           const Box  *box,
           const Box  *hole,
           guint      *total)
{
  GHashTable *counts = g_hash_table_new (NULL, NULL);

  *total = 0;
  for (int y = box->y0; y < box->y1; y++)
    for (int x = box->x0; x < box->x1; x++)
      {
        gpointer key;

        if (hole != NULL && box_contains (hole, x, y))
          continue;
        key = GUINT_TO_POINTER (pack (pixel (shot, x, y)) + 1);
        g_hash_table_insert (counts, key,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1));
        (*total)++;
      }
  return counts;
}

static Rgb
most_common (GHashTable *counts)
{
  GHashTableIter iter;
  gpointer key, value;
  guint best = 0;
  Rgb colour = { 0, };

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_UINT (value) > best)
      {
        best = GPOINTER_TO_UINT (value);
        colour = unpack (GPOINTER_TO_UINT (key) - 1);
      }
  return colour;
}

/* Of the colours that cover at least min_count pixels (anti-aliased edges
 * do not), the one farthest from against: the ink of text, the edge or
 * fill of a control. */
static Rgb
farthest (GHashTable *counts,
          Rgb         against,
          guint       min_count,
          double     *out_ratio)
{
  GHashTableIter iter;
  gpointer key, value;
  Rgb colour = against;

  *out_ratio = 1;
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Rgb c = unpack (GPOINTER_TO_UINT (key) - 1);

      if (GPOINTER_TO_UINT (value) >= min_count && ratio (c, against) > *out_ratio)
        {
          *out_ratio = ratio (c, against);
          colour = c;
        }
    }
  return colour;
}

typedef enum
{
  STATE_NORMAL,
  STATE_HOVER,
  STATE_FOCUS,
  STATE_PRESSED,
  STATE_DISABLED,
  N_STATES
} State;

static const char *state_names[] = { "normal", "hover", "focus", "pressed", "disabled" };

static void
apply_state (GtkWidget *widget,
             State      state,
             gboolean   on)
{
  GtkStateFlags flags = 0;

  switch (state)
    {
    case STATE_NORMAL:
      return;
    case STATE_HOVER:
      flags = GTK_STATE_FLAG_PRELIGHT;
      break;
    case STATE_FOCUS:
      flags = GTK_STATE_FLAG_FOCUSED | GTK_STATE_FLAG_FOCUS_VISIBLE;
      break;
    case STATE_PRESSED:
      flags = GTK_STATE_FLAG_ACTIVE | GTK_STATE_FLAG_PRELIGHT;
      break;
    case STATE_DISABLED:
      gtk_widget_set_sensitive (widget, !on);
      return;
    default:
      g_assert_not_reached ();
    }
  if (on)
    gtk_widget_set_state_flags (widget, flags, FALSE);
  else
    gtk_widget_unset_state_flags (widget, flags);
}

typedef struct
{
  GtkWidget *window;
  gboolean   high_contrast;
  GString   *failures;
  guint      measured;
} Run;

static void
save_crop (const Shot *shot,
           const Box  *box,
           const char *name)
{
  const char *dir = g_getenv ("VT_CONTRAST_SHOTS");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) crop = NULL;
  g_autofree char *path = NULL;
  gsize stride = (gsize) (box->x1 - box->x0) * 4;
  guint8 *data;

  if (dir == NULL || dir[0] == '\0')
    return;
  data = g_malloc (stride * (box->y1 - box->y0));
  for (int y = box->y0; y < box->y1; y++)
    memcpy (data + (gsize) (y - box->y0) * stride,
            shot->pixels + (gsize) y * shot->stride + (gsize) box->x0 * 4, stride);
  bytes = g_bytes_new_take (data, stride * (box->y1 - box->y0));
  crop = gdk_memory_texture_new (box->x1 - box->x0, box->y1 - box->y0,
                                 GDK_MEMORY_DEFAULT, bytes, stride);
  g_mkdir_with_parents (dir, 0755);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  gdk_texture_save_to_png (crop, path);
}

static void
fail (Run        *run,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
fail (Run        *run,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (run->failures, format, args);
  va_end (args);
  g_string_append_c (run->failures, '\n');
}

/* The share of box's pixels that changed by at least min_ratio between
 * two renderings. */
static double
changed_share (const Shot *a,
               const Shot *b,
               const Box  *box,
               double      min_ratio)
{
  guint changed = 0, total = 0;

  for (int y = box->y0; y < box->y1; y++)
    for (int x = box->x0; x < box->x1; x++, total++)
      if (ratio (pixel (a, x, y), pixel (b, x, y)) >= min_ratio)
        changed++;
  return total > 0 ? (double) changed / total : 0;
}

/* Measures control in every state; labels are the texts it carries
 * (NULL-terminated), interactive FALSE for plain text such as a table's
 * header. */
static void
check_control (Run         *run,
               const char  *name,
               GtkWidget   *control,
               GtkWidget  **labels,
               gboolean     interactive)
{
  const char *theme = run->high_contrast ? "high-contrast" : "default";
  double text_goal = run->high_contrast ? 7.0 : 4.5;
  double component_goal = run->high_contrast ? 7.0 : 3.0;
  g_autoptr(Shot) normal = NULL;
  Box inner, outer;
  Rgb page, normal_fill = { 0, }, normal_ink = { 0, };

  vt_test_wait_allocated (control);
  normal = render_window (run->window);
  /* The page around the control: a ring 8 px beyond its edge, whose
   * most common colour is what the control stands on. */
  inner = widget_box (control, run->window, 0, normal);
  outer = widget_box (control, run->window, 8, normal);
  {
    guint total;
    g_autoptr(GHashTable) ring = histogram (normal, &outer, &inner, &total);

    page = most_common (ring);
  }

  for (State state = STATE_NORMAL; state < N_STATES; state++)
    {
      g_autoptr(Shot) shot = NULL;
      g_autofree char *what = g_strdup_printf ("%s %s %s", theme, name, state_names[state]);
      g_autofree char *file = g_strdup_printf ("%s-%s-%s", theme, name, state_names[state]);
      Rgb fill = { 0, }, ink = { 0, };
      double component;

      if (!interactive && state != STATE_NORMAL)
        break;
      apply_state (control, state, TRUE);
      shot = render_window (run->window);
      save_crop (shot, &outer, file);

      /* The text: the most common colour of each label's box is what is
       * behind it, the farthest colour that covers some pixels its ink. */
      for (guint i = 0; labels[i] != NULL; i++)
        {
          Box box = widget_box (labels[i], run->window, 0, shot);
          guint total;
          g_autoptr(GHashTable) counts = histogram (shot, &box, NULL, &total);
          double text;

          fill = most_common (counts);
          ink = farthest (counts, fill, MAX (4, total / 200), &text);
          run->measured++;
          g_test_message ("%s: text \"%s\" %.2f:1 (#%06x on #%06x)", what,
                          gtk_label_get_text (GTK_LABEL (labels[i])), text, pack (ink), pack (fill));
          if (text < text_goal)
            fail (run, "%s: text \"%s\" is %.2f:1 (#%06x on #%06x), needs %.1f:1", what,
                  gtk_label_get_text (GTK_LABEL (labels[i])), text, pack (ink), pack (fill), text_goal);
        }

      /* The control against the page. */
      {
        guint total;
        g_autoptr(GHashTable) counts = histogram (shot, &outer, NULL, &total);

        farthest (counts, page, MAX (8, total / 100), &component);
        g_test_message ("%s: against the page (#%06x) %.2f:1", what, pack (page), component);
        if (interactive && component < component_goal)
          fail (run, "%s: the control stands out %.2f:1 from the page (#%06x), needs %.0f:1",
                what, component, pack (page), component_goal);
      }

      if (state == STATE_NORMAL)
        {
          normal_fill = fill;
          normal_ink = ink;
        }
      else if (state == STATE_FOCUS)
        {
          double share = changed_share (normal, shot, &outer, 3.0);

          g_test_message ("%s: %.1f %% of it changed by 3:1", what, share * 100);
          if (share < 0.02)
            fail (run, "%s: focus changes only %.1f %% of the control by 3:1", what, share * 100);
        }
      else if (state == STATE_DISABLED)
        {
          /* What it is made of (fill, ink) changes, not only a shade. */
          double differs = MAX (ratio (fill, normal_fill), ratio (ink, normal_ink));

          g_test_message ("%s: differs from enabled %.2f:1", what, differs);
          if (differs < 1.5)
            fail (run, "%s: looks like the enabled control (fill #%06x, ink #%06x; enabled #%06x, #%06x)",
                  what, pack (fill), pack (ink), pack (normal_fill), pack (normal_ink));
        }
      apply_state (control, state, FALSE);
    }
}

static GtkWidget *
first_label (GtkWidget *root)
{
  return vt_test_find_widget (root, GTK_TYPE_LABEL);
}

static GtkWidget *
find_action_button (GtkWidget  *root,
                    const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_ACTIONABLE (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
        return child;
      if ((found = find_action_button (child, action)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_with_class (GtkWidget  *root,
                 const char *css_class)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (gtk_widget_has_css_class (child, css_class))
        return child;
      if ((found = find_with_class (child, css_class)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_label_with (GtkWidget  *root,
                 const char *infix,
                 const char *css_class)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  vt_test_collect_type (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (strstr (gtk_label_get_text (g_ptr_array_index (labels, i)), infix) != NULL &&
        gtk_widget_has_css_class (g_ptr_array_index (labels, i), css_class) &&
        gtk_widget_get_mapped (g_ptr_array_index (labels, i)))
      return g_ptr_array_index (labels, i);
  return NULL;
}

static void
set_high_contrast (Run     *run,
                   gboolean on)
{
  run->high_contrast = on;
  g_action_group_change_action_state (G_ACTION_GROUP (run->window), "high-contrast",
                                      g_variant_new_boolean (on));
  g_assert_true (vt_window_get_high_contrast (VT_WINDOW (run->window)) == on);
  vt_test_iterate ();
}

static VtApplication *app;
static char *data_dir;

static gboolean
clerk_active (gpointer data)
{
  return vt_clerk_mode_get_active (data);
}

static void
test_contrast_every_state (void)
{
  VtWindow *window = vt_test_app_open_window (app);
  Run run = { GTK_WIDGET (window), FALSE, g_string_new (NULL), 0 };
  VtClerkMode *mode;
  GtkWidget *page;

  vt_test_wait_catalogue (app);
  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  /* The real pointer rests on the top bar's left end, over no control:
   * where Xvfb puts it (the screen's middle) it would hover whatever
   * lies there and blur the states set below. */
  {
    const char *argv[] = { "xdotool", "mousemove", "2", "2", NULL };
    int status = 1;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    vt_test_iterate ();
  }
  vt_test_click (vt_test_find_button (vt_window_get_page (window), "English"));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);

  for (int hc = 0; hc <= 1; hc++)
    {
      GtkWidget *card, *text_size, *contrast, *language;

      set_high_contrast (&run, hc);
      page = vt_window_get_page (window);
      card = vt_services_page_get_button (VT_SERVICES_PAGE (page), "residence_certificate");
      {
        g_autoptr(GPtrArray) labels = g_ptr_array_new ();

        vt_test_collect_type (card, GTK_TYPE_LABEL, labels);
        g_ptr_array_add (labels, NULL);
        check_control (&run, "service-card", card, (GtkWidget **) labels->pdata, TRUE);
      }

      text_size = find_action_button (GTK_WIDGET (window), "win.text-size");
      contrast = find_action_button (GTK_WIDGET (window), "win.high-contrast");
      language = vt_test_find_widget (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON);
      g_assert_nonnull (text_size);
      g_assert_nonnull (contrast);
      g_assert_nonnull (language);
      language = vt_test_find_widget (language, GTK_TYPE_TOGGLE_BUTTON);
      check_control (&run, "topbar-text-size", text_size, (GtkWidget *[]) { first_label (text_size), NULL }, TRUE);
      check_control (&run, "topbar-contrast", contrast, (GtkWidget *[]) { first_label (contrast), NULL }, TRUE);
      check_control (&run, "topbar-language", language, (GtkWidget *[]) { first_label (language), NULL }, TRUE);
    }

  /* The error summary's link: Continue on a question left blank. */
  set_high_contrast (&run, FALSE);
  vt_test_press (window, vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)),
                                                       "residence_certificate"));
  for (guint i = 0; i < 10; i++)
    {
      page = vt_window_get_page (window);
      g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_QUESTION);
      vt_test_click (vt_test_find_button (page, "Continue"));
      vt_test_iterate ();
      if (vt_window_get_page (window) == page &&
          gtk_widget_get_visible (vt_question_page_get_error_summary (VT_QUESTION_PAGE (page))))
        break;
      vt_test_wait_screen (window, VT_SCREEN_QUESTION);
    }
  page = vt_window_get_page (window);
  {
    GtkWidget *summary = vt_question_page_get_error_summary (VT_QUESTION_PAGE (page));
    GtkWidget *link;

    g_assert_true (gtk_widget_get_visible (summary));
    link = vt_test_find_widget (summary, GTK_TYPE_BUTTON);
    g_assert_nonnull (link);
    for (int hc = 0; hc <= 1; hc++)
      {
        set_high_contrast (&run, hc);
        check_control (&run, "error-link", link, (GtkWidget *[]) { first_label (link), NULL }, TRUE);
      }
  }

  /* Clerk mode: the PIN pad's Enter, then the dashboard's table header. */
  mode = vt_window_get_clerk_mode (window);
  g_assert_nonnull (mode);
  vt_clerk_mode_request (mode);
  {
    GtkWidget *pad = vt_clerk_mode_get_pin_pad (mode);
    GtkWidget *enter = find_with_class (pad, "suggested-action");   /* Enter */

    /* Enter can be pressed once there is a name and a PIN. */
    g_assert_false (gtk_widget_get_sensitive (enter));
    vt_clerk_pin_pad_set_name (VT_CLERK_PIN_PAD (pad), "Ana");
    for (const char *p = "8642"; *p != '\0'; p++)
      {
        char key[2] = { *p, '\0' };

        vt_clerk_pin_pad_press (VT_CLERK_PIN_PAD (pad), key);
      }
    g_assert_true (gtk_widget_get_sensitive (enter));
    for (int hc = 0; hc <= 1; hc++)
      {
        set_high_contrast (&run, hc);
        check_control (&run, "pin-enter", enter, (GtkWidget *[]) { first_label (enter), NULL }, TRUE);
      }
    vt_clerk_pin_pad_press (VT_CLERK_PIN_PAD (pad), "ok");
    vt_test_wait_until (clerk_active, mode, 10000, "clerk mode to start");
  }
  {
    GtkWidget *dashboard = vt_clerk_mode_get_dashboard (mode);
    GtkWidget *header;

    vt_test_iterate ();
    /* "Reference · Service · Created · …", in the clerk's language, in
     * the dimmed style of the table's header. */
    header = find_label_with (dashboard, " · ", "dim-label");
    g_assert_nonnull (header);
    for (int hc = 0; hc <= 1; hc++)
      {
        set_high_contrast (&run, hc);
        check_control (&run, "clerk-table-header", header, (GtkWidget *[]) { header, NULL }, FALSE);
      }
  }
  set_high_contrast (&run, FALSE);
  vt_clerk_mode_end (mode, NULL);

  g_test_message ("%u texts measured", run.measured);
  if (run.failures->len > 0)
    g_error ("contrast below the goals:\n%s", run.failures->str);
  g_string_free (run.failures, TRUE);

  vt_test_close_kiosk (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  vt_language_init ();
  gtk_test_init (&argc, &argv, NULL);

  data_dir = vt_test_make_tmpdir ("contrast");
  {
    g_autoptr(VtStore) store = vt_store_open (data_dir, &error);

    g_assert_no_error (error);
    g_assert_true (vt_clerk_set_pin (store, "8642", &error));
  }
  app = vt_test_app_new ("[kiosk]\nlanguages=es;pt_BR;en;fr;ht\n", data_dir, TRUE);

  g_test_add_func ("/vt/contrast/every-state", test_contrast_every_state);

  status = g_test_run ();
  g_clear_object (&app);
  vt_test_rmdir_recursive (data_dir);
  g_free (data_dir);
  return status;
}
