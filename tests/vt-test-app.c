#include "config.h"

#include <string.h>

#include <gdk/x11/gdkx.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <math.h>

#include "vt-language.h"
#include "vt-consent-page.h"
#include "vt-question-page.h"
#include "vt-question-view.h"
#include "vt-range-view.h"
#include "vt-rank-view.h"
#include "vt-receipt-page.h"
#include "vt-services-page.h"
#include "vt-form-media.h"
#include "vt-store-private.h"
#include "vt-test-app.h"
#include "vt-store.h"
#include "vt-test-utils.h"

void
vt_test_gtk_init (int    *argc,
                  char ***argv)
{
  vt_test_lsan_ignore_glib_quarks ();
  vt_test_start_watchdog ();
  vt_language_init ();
  gtk_test_init (argc, argv, NULL);
}

VtApplication *
vt_test_app_new (const char *config_text,
                 const char *data_dir,
                 gboolean    demo)
{
  static guint made = 0;
  VtApplication *app = vt_application_new ();
  g_autoptr(GError) error = NULL;
  VtConfig *config;

  /* A registered application stays on the session bus until it runs its
   * shutdown, which a test never does: a second one in the same program
   * needs a name of its own. */
  if (made++ > 0)
    {
      g_autofree char *id = g_strdup_printf ("%s.Test%u", APP_ID, made);

      g_application_set_application_id (G_APPLICATION (app), id);
    }

  if (config_text != NULL)
    {
      config = vt_config_load_from_data (config_text, -1, "test.conf", &error);
      g_assert_no_error (error);
    }
  else
    config = vt_config_new_default ();
  if (data_dir != NULL)
    vt_config_set_data_dir (config, data_dir);
  /* No loudspeaker unless the test names one, as tests/meson.build keeps
   * the machine's scanners and printers away: the default autoaudiosink
   * would look for the machine's sound devices (GstDeviceMonitor), so a
   * developer's PulseAudio would show Listen buttons CI never sees.  Under
   * LeakSanitizer that look also left GStreamer's and GLib's own memory
   * (tests/lsan.supp: the PulseAudio provider's probe, GLib's first quark
   * block once the device providers' quarks pass 2,048). */
  if (config_text == NULL || strstr (config_text, "speaker=") == NULL)
    {
      g_free (config->speaker);
      config->speaker = g_strdup ("none");
    }
  vt_application_set_config (app, config);
  vt_application_set_demo (app, demo);

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

void
vt_test_app_close (VtApplication *app)
{
  GList *windows;

  if (vt_application_get_sync (app) != NULL)
    vt_sync_stop (vt_application_get_sync (app));
  /* A window leaves the application's list only once it is disposed. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));
  for (GList *l = windows; l != NULL; l = l->next)
    {
      if (VT_IS_WINDOW (l->data))
        vt_window_set_allow_close (l->data, TRUE);
      gtk_window_destroy (l->data);
    }
  g_list_free (windows);
  g_object_unref (app);
}

static gpointer
set_full_func (VtStore  *store,
               gpointer  data,
               GError  **error)
{
  sqlite3 *db = vt_store_get_db (store);
  g_autofree char *limit = NULL;
  sqlite3_stmt *stmt = NULL;
  int page_count;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA page_count", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  page_count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  limit = g_strdup_printf ("PRAGMA max_page_count = %d", GPOINTER_TO_INT (data) ? page_count + 1 : 1073741823);
  g_assert_cmpint (sqlite3_exec (db, limit, NULL, NULL, NULL), ==, SQLITE_OK);
  return GINT_TO_POINTER (TRUE);
}

void
vt_test_set_store_full (VtApplication *app,
                        gboolean       full)
{
  vt_test_store_owner_run (vt_application_get_store_owner (app), set_full_func, GINT_TO_POINTER (full));
}

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

VtWindow *
vt_test_app_open_window (VtApplication *app)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (VT_IS_WINDOW (window));
  vt_test_wait_until (widget_is_mapped, window, 10000, "the kiosk window to be mapped");
  return VT_WINDOW (window);
}

static gboolean
catalogue_loaded (gpointer data)
{
  return vt_application_is_catalogue_loaded (VT_APPLICATION (data));
}

void
vt_test_wait_catalogue (VtApplication *app)
{
  vt_test_wait_until (catalogue_loaded, app, 20000, "the catalogue");
}

VtWindow *
vt_test_open_kiosk (VtApplication *app)
{
  VtWindow *window = vt_test_app_open_window (app);

  vt_test_wait_catalogue (app);
  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  return window;
}

void
vt_test_close_kiosk (VtWindow *window)
{
  vt_window_set_allow_close (window, TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
  vt_test_iterate ();
}

typedef struct
{
  VtWindow *window;
  VtScreen  screen;
} ScreenWait;

static gboolean
screen_is (gpointer data)
{
  ScreenWait *wait = data;

  return vt_window_get_screen (wait->window) == wait->screen &&
         gtk_widget_get_mapped (vt_window_get_page (wait->window));
}

void
vt_test_wait_screen (VtWindow *window,
                     VtScreen  screen)
{
  ScreenWait wait = { window, screen };

  vt_test_wait_until (screen_is, &wait, 10000, "the expected screen");
}

static const char *
button_text (GtkWidget *button)
{
  GtkWidget *child = gtk_button_get_child (GTK_BUTTON (button));
  const char *label = gtk_button_get_label (GTK_BUTTON (button));

  if (label != NULL)
    return label;
  if (GTK_IS_LABEL (child))
    return gtk_label_get_text (GTK_LABEL (child));
  return g_object_get_data (G_OBJECT (button), "vt-test-label");
}

GtkWidget *
vt_test_find_button_or_null (GtkWidget  *root,
                             const char *text)
{
  if ((GTK_IS_BUTTON (root) || GTK_IS_CHECK_BUTTON (root)) && gtk_widget_get_visible (root))
    {
      const char *label = GTK_IS_BUTTON (root) ? button_text (root)
                                               : gtk_check_button_get_label (GTK_CHECK_BUTTON (root));

      if (g_strcmp0 (label, text) == 0 ||
          g_strcmp0 (g_object_get_data (G_OBJECT (root), "vt-test-label"), text) == 0)
        return root;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (!gtk_widget_get_visible (child))
        continue;
      found = vt_test_find_button_or_null (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
vt_test_find_button (GtkWidget  *root,
                     const char *text)
{
  GtkWidget *button = vt_test_find_button_or_null (root, text);

  if (button == NULL)
    g_error ("No button “%s” on the screen", text);
  return button;
}

gboolean
vt_test_has_label (GtkWidget  *root,
                   const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    if (vt_test_has_label (child, text))
      return TRUE;
  return FALSE;
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text,
            gboolean    part)
{
  if (!gtk_widget_get_visible (root))
    return NULL;
  if (GTK_IS_LABEL (root))
    {
      const char *shown = gtk_label_get_text (GTK_LABEL (root));

      if (part ? strstr (shown, text) != NULL : g_str_equal (shown, text))
        return root;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text, part);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
vt_test_find_label (GtkWidget  *root,
                    const char *text)
{
  return find_label (root, text, FALSE);
}

GtkWidget *
vt_test_find_label_containing (GtkWidget  *root,
                               const char *text)
{
  return find_label (root, text, TRUE);
}

GtkWidget *
vt_test_find_field (GtkWidget  *root,
                    const char *label)
{
  GtkWidget *found = find_label (root, label, FALSE);
  GtkWidget *field = found != NULL ? gtk_label_get_mnemonic_widget (GTK_LABEL (found)) : NULL;

  if (field == NULL)
    g_error ("No field labelled “%s” on the screen", label);
  return field;
}

GtkWidget *
vt_test_find_widget (GtkWidget *root,
                     GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = vt_test_find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
vt_test_click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  if (GTK_IS_CHECK_BUTTON (button))
    gtk_widget_activate (button);
  else
    g_signal_emit_by_name (button, "clicked");
}

static void
after_paint_cb (GdkFrameClock *clock,
                guint         *paints)
{
  (*paints)++;
}

typedef struct
{
  guint *paints;
  guint  before;
} PaintWait;

static gboolean
painted_since (gpointer data)
{
  PaintWait *w = data;

  return *w->paints > w->before;
}

void
vt_test_wait_frame (GtkWidget *window)
{
  guint *paints = g_object_get_data (G_OBJECT (window), "vt-test-paints");
  PaintWait wait;

  if (paints == NULL)
    {
      paints = g_new0 (guint, 1);
      g_signal_connect_data (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint_cb),
                             paints, (GClosureNotify) (void (*) (void)) g_free, 0);
      g_object_set_data (G_OBJECT (window), "vt-test-paints", paints);
    }
  vt_test_iterate ();
  gtk_widget_queue_draw (window);
  wait.paints = paints;
  wait.before = *paints;
  vt_test_wait_until (painted_since, &wait, 10000, "a frame");
  vt_test_iterate ();
}

/* What vt_test_assert_nothing_cut() found, one line each. */
static void
collect_cut (GtkWidget *widget,
             GtkWidget *window,
             gboolean   in_pane,
             GString   *found)
{
  graphene_rect_t bounds;
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  if (!gtk_widget_get_mapped (widget) || GTK_IS_POPOVER (widget) || GTK_IS_SCROLLBAR (widget))
    return;
  if (gtk_widget_compute_bounds (widget, window, &bounds) && bounds.size.width > 0 && bounds.size.height > 0)
    {
      /* One pixel of rounding either way. */
      gboolean past_side = bounds.origin.x < -1 || bounds.origin.x + bounds.size.width > width + 1;
      gboolean past_end = bounds.origin.y < -1 || bounds.origin.y + bounds.size.height > height + 1;

      if (past_side || (!in_pane && past_end))
        g_string_append_printf (found, "  %s %s at %.0f,%.0f size %.0fx%.0f is past the %dx%d window\n",
                                G_OBJECT_TYPE_NAME (widget),
                                GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget))
                                : GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL
                                ? gtk_button_get_label (GTK_BUTTON (widget)) : "",
                                bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height,
                                width, height);
    }
  if (GTK_IS_LABEL (widget) && gtk_label_get_ellipsize (GTK_LABEL (widget)) != PANGO_ELLIPSIZE_NONE
      && pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
    g_string_append_printf (found, "  the label \"%s\" is shortened with \"…\"\n",
                            gtk_label_get_text (GTK_LABEL (widget)));
  if (GTK_IS_SCROLLED_WINDOW (widget))
    {
      GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (widget));

      if (gtk_adjustment_get_upper (h) - gtk_adjustment_get_lower (h) > gtk_adjustment_get_page_size (h) + 1)
        g_string_append_printf (found, "  a pane scrolls sideways: %.0f px wide in %.0f\n",
                                gtk_adjustment_get_upper (h) - gtk_adjustment_get_lower (h),
                                gtk_adjustment_get_page_size (h));
      in_pane = TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_cut (child, window, in_pane, found);
}

void
vt_test_assert_nothing_cut (GtkWidget  *window,
                            const char *where)
{
  GdkDisplay *display = gtk_widget_get_display (window);
  GdkMonitor *monitor;
  GdkRectangle geometry;
  g_autoptr(GString) found = g_string_new (NULL);

  vt_test_wait_frame (window);
  monitor = gdk_display_get_monitor_at_surface (display, gtk_native_get_surface (GTK_NATIVE (window)));
  g_assert_nonnull (monitor);
  gdk_monitor_get_geometry (monitor, &geometry);
  if (gtk_widget_get_width (window) > geometry.width || gtk_widget_get_height (window) > geometry.height)
    g_string_append_printf (found, "  the window is %dx%d on a %dx%d screen\n",
                            gtk_widget_get_width (window), gtk_widget_get_height (window),
                            geometry.width, geometry.height);
  for (GtkWidget *child = gtk_widget_get_first_child (window); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_cut (child, window, FALSE, found);
  if (found->len > 0)
    g_error ("%s, at %u %% text, is cut:\n%s", where,
             VT_IS_WINDOW (window) ? vt_window_get_text_scale (VT_WINDOW (window)) : 100, found->str);
}

void
vt_test_screenshot (GtkWidget  *window,
                    const char *file)
{
  g_autofree char *command = g_strdup_printf ("import -display %s -window root %s", g_getenv ("DISPLAY"), file);
  g_autoptr(GError) error = NULL;
  int status;

  vt_test_wait_frame (window);
  gdk_display_sync (gtk_widget_get_display (window));
  if (!g_spawn_command_line_sync (command, NULL, NULL, &status, &error) || status != 0)
    g_error ("import failed: %s", error ? error->message : "exit status");
}

void
vt_test_add_fixture_form (const char *data_dir,
                          const char *file)
{
  g_autofree char *path = g_build_filename (vt_test_source_root (), "tests", "fixtures", "forms", file, NULL);
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) parsed = NULL;
  g_autoptr(VtStore) store = NULL;
  g_autofree char *title = NULL;
  VtStoreForm form = { 0 };

  g_assert_true (g_file_get_contents (path, &xml, NULL, &error));
  parsed = vt_form_load_file (path, &error);
  g_assert_no_error (error);
  store = vt_store_open (data_dir, &error);
  g_assert_no_error (error);
  title = vt_form_dup_title (parsed, NULL);
  form.form_id = (char *) vt_form_get_id (parsed);
  form.version = (char *) vt_form_get_version (parsed);
  form.title = title;
  form.xml = xml;
  form.source = (char *) "server";
  form.active = TRUE;
  /* Its media go into the store as a server's manifest brings them. */
  form.media = vt_form_media_read_beside (parsed);
  g_assert_true (vt_store_add_form (store, &form, &error));
  g_assert_no_error (error);
  g_ptr_array_unref (form.media);
}

static void
xdotool (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  va_list ap;
  int status;

  g_ptr_array_add (argv, g_strdup ("xdotool"));
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, g_strdup (a));
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  /* Without pipes and with the descriptors left open, GLib starts it with
   * posix_spawn rather than fork, which costs seconds per call in a
   * process with AddressSanitizer's shadow memory; xdotool says on stderr
   * what failed. */
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_LEAVE_DESCRIPTORS_OPEN,
                     NULL, NULL, NULL, NULL, &status, &error))
    g_error ("Cannot run xdotool: %s", error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("xdotool %s failed: %s", first, error->message);
}

void
vt_test_pointer_stroke (GtkWidget *widget,
                        double     from_x,
                        double     to_x,
                        double     y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  g_autofree char *xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (native)));
  graphene_rect_t bounds;
  double nx, ny;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (native), &bounds));
  gtk_native_get_surface_transform (native, &nx, &ny);
  for (int i = 0; i <= 8; i++)
    {
      double x = bounds.origin.x + nx + bounds.size.width * (from_x + (to_x - from_x) * i / 8.0);
      double yy = bounds.origin.y + ny + bounds.size.height * (y + 0.1 * ((i % 2) ? 1 : -1));
      g_autofree char *sx = g_strdup_printf ("%d", (int) x);
      g_autofree char *sy = g_strdup_printf ("%d", (int) yy);

      xdotool ("mousemove", "--window", xid, sx, sy, NULL);
      if (i == 0)
        xdotool ("mousedown", "1", NULL);
    }
  xdotool ("mouseup", "1", NULL);
}

void
vt_test_iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
is_allocated (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data)) && gtk_widget_get_height (GTK_WIDGET (data)) > 0;
}

void
vt_test_wait_allocated (GtkWidget *widget)
{
  vt_test_wait_until (is_allocated, widget, 10000, "the widget to be laid out");
}

GHashTable *
vt_test_load_answers (const char *form_id)
{
  g_autoptr(JsonParser) parser = vt_test_load_fixture_answers (form_id);
  JsonObject *object = json_node_get_object (json_parser_get_root (parser));
  GHashTable *answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    g_hash_table_insert (answers, g_strdup (l->data),
                         g_strdup (json_object_get_string_member (object, l->data)));
  return answers;
}

void
vt_test_collect_views (GtkWidget *root,
               GPtrArray *views)
{
  if (VT_IS_QUESTION_VIEW (root))
    {
      g_ptr_array_add (views, root);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    vt_test_collect_views (child, views);
}

void
vt_test_collect_type (GtkWidget *root,
              GType      type,
              GPtrArray *found)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    vt_test_collect_type (child, type, found);
}

/* Types text into an entry, key by key where a keypad is there to use. */
static void
type_into (GtkWidget  *view,
           GtkWidget  *entry,
           const char *text)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  gboolean used_keypad = FALSE;

  vt_test_collect_type (view, GTK_TYPE_BUTTON, buttons);
  if (buttons->len > 0)
    {
      gtk_editable_set_text (GTK_EDITABLE (entry), "");
      used_keypad = TRUE;
      for (const char *p = text; *p && used_keypad; p++)
        {
          char key[2] = { *p == '.' ? vt_language_decimal_separator ()[0] : *p, 0 };
          GtkWidget *button = vt_test_find_button_or_null (view, key);

          if (button == NULL)
            used_keypad = FALSE;
          else
            vt_test_click (button);
        }
    }
  if (!used_keypad)
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

void
vt_test_answer_view (GtkWidget  *view,
             const char *value)
{
  GtkWidget *control = vt_question_view_get_control (VT_QUESTION_VIEW (view));
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();

  if (control == NULL)
    return;

  if (GTK_IS_ENTRY (control))
    {
      type_into (view, control, value);
      return;
    }

  /* A range: + (or the star) until it holds the value. */
  if (VT_IS_RANGE_VIEW (control))
    {
      VtRangeView *range = VT_RANGE_VIEW (control);

      for (guint i = 1; vt_range_view_get_star (range, i) != NULL; i++)
        {
          vt_test_click (vt_range_view_get_star (range, i));
          if (g_str_equal (vt_range_view_get_value (range), value))
            return;
        }
      for (guint i = 0; i < 10000 && !g_str_equal (vt_range_view_get_value (range), value); i++)
        vt_test_click (vt_range_view_get_more (range));
      g_assert_cmpstr (vt_range_view_get_value (range), ==, value);
      return;
    }

  /* A ranking: each choice moved up to its place, first to last. */
  if (VT_IS_RANK_VIEW (control))
    {
      VtRankView *rank = VT_RANK_VIEW (control);
      g_auto(GStrv) order = g_strsplit (value, " ", -1);

      vt_test_click (vt_rank_view_get_confirm (rank));
      for (guint target = 0; order[target] != NULL; target++)
        for (guint guard = 0; guard < 100; guard++)
          {
            g_auto(GStrv) now = g_strsplit (vt_rank_view_get_value (rank), " ", -1);
            guint at = 0;

            while (now[at] != NULL && !g_str_equal (now[at], order[target]))
              at++;
            g_assert_nonnull (now[at]);
            if (at <= target)
              break;
            vt_test_click (vt_rank_view_get_up (rank, at));
          }
      g_assert_cmpstr (vt_rank_view_get_value (rank), ==, value);
      return;
    }

  vt_test_collect_type (control, GTK_TYPE_ENTRY, entries);
  if (entries->len == 3)
    {
      g_auto(GStrv) ymd = g_strsplit (value, "-", 3);

      gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (entries, 0)), ymd[2]);
      gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (entries, 1)), ymd[1]);
      gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (entries, 2)), ymd[0]);
      return;
    }

  vt_test_collect_type (control, GTK_TYPE_CHECK_BUTTON, checks);
  if (GTK_IS_CHECK_BUTTON (control))
    g_ptr_array_add (checks, control);
  {
    g_auto(GStrv) values = g_strsplit (value, " ", -1);

    for (guint i = 0; i < checks->len; i++)
      {
        GtkCheckButton *check = g_ptr_array_index (checks, i);
        const char *choice = g_object_get_data (G_OBJECT (check), "vt-value");
        gboolean want = choice != NULL ? g_strv_contains ((const char * const *) values, choice)
                                       : value[0] != '\0';

        if (gtk_check_button_get_active (check) != want)
          gtk_widget_activate (GTK_WIDGET (check));
      }
  }
}


GtkWidget *
vt_test_next_unanswered (VtWindow    *window,
                         GHashTable  *answers,
                         GHashTable  *done,
                         const char **value)
{
  g_autoptr(GPtrArray) views = g_ptr_array_new ();

  vt_test_collect_views (vt_window_get_page (window), views);
  for (guint i = 0; i < views->len; i++)
    {
      GtkWidget *view = g_ptr_array_index (views, i);
      const char *path = vt_question_view_get_path (VT_QUESTION_VIEW (view));

      *value = g_hash_table_lookup (answers, path);
      if (*value == NULL || g_hash_table_contains (done, path))
        continue;
      g_hash_table_add (done, g_strdup (path));
      return view;
    }
  return NULL;
}

void
vt_test_answer_page (VtWindow   *window,
                     GHashTable *answers,
                     GHashTable *done)
{
  GtkWidget *view;
  const char *value;

  while ((view = vt_test_next_unanswered (window, answers, done, &value)) != NULL)
    {
      vt_test_answer_view (view, value);
      vt_test_iterate ();
    }
}

static gboolean
page_changed (gpointer data)
{
  gpointer *before = data;
  VtWindow *window = before[0];

  return vt_window_get_page (window) != before[1];
}

void
vt_test_press (VtWindow  *window,
                GtkWidget *button)
{
  gpointer before[2] = { window, vt_window_get_page (window) };

  vt_test_click (button);
  vt_test_wait_until (page_changed, before, 10000, "the next screen");
}

/* A page's text that says to tap a button ("Tap Continue to check…", in
 * English) names a button the page shows: it once said "Tap Send" above
 * Continue. */
static void
check_buttons_named (VtQuestionPage *page)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GRegex) tap = g_regex_new ("\\bTap ([A-Z][a-z]+)", 0, 0, NULL);

  vt_test_collect_type (GTK_WIDGET (page), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;

      if (!gtk_widget_is_visible (g_ptr_array_index (labels, i)))
        continue;
      g_regex_match (tap, gtk_label_get_text (g_ptr_array_index (labels, i)), 0, &match);
      for (; g_match_info_matches (match); g_match_info_next (match, NULL))
        {
          g_autofree char *name = g_match_info_fetch (match, 1);

          if (vt_test_find_button_or_null (GTK_WIDGET (page), name) == NULL)
            g_error ("The page %s says “Tap %s”, a button it does not have",
                     vt_question_page_get_id (page), name);
        }
    }
}

/* Fills in one service from its fixture answers, up to the consent page. */
void
vt_test_fill_service_to_consent (VtWindow   *window,
                                 const char *form_id,
                                 const char *language_button)
{
  g_autoptr(GHashTable) answers = vt_test_load_answers (form_id);
  GtkWidget *service;
  guint steps = 0;
  g_autoptr(GHashTable) answered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  vt_test_wait_screen (window, VT_SCREEN_WELCOME);
  vt_test_click (vt_test_find_button (vt_window_get_page (window), language_button));
  vt_test_wait_screen (window, VT_SCREEN_SERVICES);
  service = vt_services_page_get_button (VT_SERVICES_PAGE (vt_window_get_page (window)), form_id);
  g_assert_nonnull (service);
  vt_test_press (window, service);

  while (vt_window_get_screen (window) == VT_SCREEN_QUESTION)
    {
      VtQuestionPage *page = VT_QUESTION_PAGE (vt_window_get_page (window));

      g_assert_cmpuint (++steps, <, 200);
      if (gtk_widget_get_visible (vt_question_page_get_error_summary (page)))
        {
          g_autoptr(GPtrArray) labels = g_ptr_array_new ();

          vt_test_collect_type (vt_question_page_get_error_summary (page), GTK_TYPE_LABEL, labels);
          for (guint i = 0; i < labels->len; i++)
            g_test_message ("error: %s", gtk_label_get_text (g_ptr_array_index (labels, i)));
          g_error ("%s: the page %s did not accept the fixture's answers",
                   form_id, vt_question_page_get_id (page));
        }

      vt_test_answer_page (window, answers, answered);
      page = VT_QUESTION_PAGE (vt_window_get_page (window));

      check_buttons_named (page);
      if (gtk_widget_get_visible (vt_question_page_get_add_button (page)))
        {
          /* The demo services' repeats all have a count; a prompt here
           * means pages came out wrong. */
          g_error ("Unexpected “add another” prompt in %s", form_id);
        }
      vt_test_press (window, vt_question_page_get_next_button (page));
    }

  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_REVIEW);
  vt_test_press (window, vt_test_find_button (vt_window_get_page (window), "Continue"));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_CONSENT);
}

/* Fills in one service from its fixture answers and sends it; returns the
 * reference on the receipt. */
char *
vt_test_fill_service (VtWindow   *window,
                      const char *form_id,
                      const char *language_button)
{
  vt_test_fill_service_to_consent (window, form_id, language_button);
  vt_test_press (window, vt_consent_page_get_send_button (VT_CONSENT_PAGE (vt_window_get_page (window))));
  g_assert_cmpint (vt_window_get_screen (window), ==, VT_SCREEN_RECEIPT);
  g_assert_false (vt_window_has_session (window));

  return g_strdup (vt_receipt_page_get_reference (VT_RECEIPT_PAGE (vt_window_get_page (window))));
}



/* XTEST events are handled in order, so the press comes after the move
 * (mousemove --sync would wait forever when the pointer is already
 * there; "click" sleeps 100 ms between press and release). */
static void
pointer_to (GtkWidget   *widget,
            const char  *first_action,
            const char  *second_action)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = native != NULL ? gtk_native_get_surface (native) : NULL;
  graphene_point_t centre;
  graphene_point_t point;
  double dx, dy;
  g_autofree char *xid = NULL;
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  g_assert_true (gtk_widget_get_mapped (widget));
  /* A page just switched to is mapped before it is laid out: under load
   * (CI, two tests at a time) the widget had no size yet and the tap
   * would have gone to where nothing is.  One painted frame means the
   * layout the citizen sees. */
  vt_test_wait_frame (GTK_WIDGET (native));
  centre = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0f,
                                gtk_widget_get_height (widget) / 2.0f);
  if (!gtk_widget_compute_point (widget, GTK_WIDGET (native), &centre, &point))
    g_error ("%s is not on its window", G_OBJECT_TYPE_NAME (widget));
  /* A tap lands on what shows there: a widget scrolled out of sight or
   * under another is a mistake of the test. */
  {
    GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (native), point.x, point.y, GTK_PICK_DEFAULT);

    if (picked == NULL || (picked != widget && !gtk_widget_is_ancestor (picked, widget)))
      g_error ("A tap on the %s “%s” would land on %s (%s)", G_OBJECT_TYPE_NAME (widget),
               GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL
               ? gtk_button_get_label (GTK_BUTTON (widget)) : "",
               picked != NULL ? G_OBJECT_TYPE_NAME (picked) : "nothing",
               picked != NULL && gtk_widget_get_css_classes (picked)[0] != NULL
               ? gtk_widget_get_css_classes (picked)[0] : "");
  }
  gtk_native_get_surface_transform (native, &dx, &dy);
  xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (surface));
  x = g_strdup_printf ("%d", (int) (point.x + dx));
  y = g_strdup_printf ("%d", (int) (point.y + dy));
  if (second_action != NULL)
    xdotool ("mousemove", "--window", xid, x, y, first_action, "1", second_action, "1", NULL);
  else
    xdotool ("mousemove", "--window", xid, x, y, first_action, "1", NULL);
}

void
vt_test_tap (GtkWidget *widget)
{
  pointer_to (widget, "mousedown", "mouseup");
}

typedef struct
{
  VtWindow  *window;
  GtkWidget *before;
} PageWait;

static gboolean
page_shown_after (gpointer data)
{
  PageWait *wait = data;
  GtkWidget *page = vt_window_get_page (wait->window);

  return page != wait->before && gtk_widget_get_mapped (page);
}

void
vt_test_wait_page_after (VtWindow   *window,
                         GtkWidget  *before,
                         const char *what)
{
  PageWait wait = { window, before };

  vt_test_wait_until (page_shown_after, &wait, 10000, what);
}

void
vt_test_tap_to_next_page (VtWindow  *window,
                          GtkWidget *widget)
{
  GtkWidget *before = vt_window_get_page (window);

  vt_test_scroll_to (widget);
  vt_test_tap (widget);
  vt_test_wait_page_after (window, before, "the next page");
}

void
vt_test_pointer_down (GtkWidget *widget)
{
  pointer_to (widget, "mousedown", NULL);
}

void
vt_test_pointer_up (GtkWidget *widget)
{
  pointer_to (widget, "mouseup", NULL);
}

void
vt_test_pointer_drag_to (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t centre = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0f,
                                                 gtk_widget_get_height (widget) / 2.0f);
  graphene_point_t point;
  g_autofree char *xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (gtk_native_get_surface (native)));
  double dx, dy;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &centre, &point));
  gtk_native_get_surface_transform (native, &dx, &dy);
  /* In steps, as a finger moves: past the drag threshold, then there. */
  for (int i = 4; i >= 0; i--)
    {
      g_autofree char *x = g_strdup_printf ("%d", (int) (point.x + dx));
      g_autofree char *y = g_strdup_printf ("%d", (int) (point.y + dy) + i * 12);

      xdotool ("mousemove", "--window", xid, x, y, NULL);
      vt_test_iterate ();
    }
}

void
vt_test_pointer_release (void)
{
  xdotool ("mouseup", "1", NULL);
}

void
vt_test_type_text (const char *text,
                   guint       delay_ms,
                   gboolean    enter)
{
  g_autofree char *delay = g_strdup_printf ("%u", delay_ms);
  /* xdotool types a newline as Return, at the same pace. */
  g_autofree char *typed = g_strconcat (text, enter ? "\n" : "", NULL);

  xdotool ("type", "--delay", delay, typed, NULL);
}

void
vt_test_physical_key (const char *keysym)
{
  xdotool ("key", "--clearmodifiers", keysym, NULL);
}

void
vt_test_scroll_to (GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double height;

  if (scroller == NULL)
    return;
  vt_test_wait_allocated (widget);
  g_assert_true (gtk_widget_compute_bounds (widget, scroller, &bounds));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  height = gtk_widget_get_height (scroller);
  if (bounds.origin.y >= 0 && bounds.origin.y + bounds.size.height <= height)
    return;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + bounds.origin.y
                                        - MAX (0, (height - bounds.size.height) / 2));
  vt_test_iterate ();
}

typedef struct
{
  VtKeyboard      *keyboard;
  const char      *text;
  VtKeyboardState  state;
} KeyboardWait;

static gboolean
field_reads (gpointer data)
{
  KeyboardWait *wait = data;
  GtkWidget *target = vt_keyboard_get_target (wait->keyboard);
  VtKeyboardState state = vt_keyboard_get_state (wait->keyboard);

  return target != NULL && g_str_equal (gtk_editable_get_text (GTK_EDITABLE (target)), wait->text) &&
         state.page == wait->state.page && state.shift == wait->state.shift;
}

static GtkWidget *
key_of (VtKeyboard  *keyboard,
        VtKeyAction  action,
        const char  *text)
{
  GtkWidget *button = vt_keyboard_find_key (keyboard, action, text);

  if (button == NULL)
    g_error ("No key %d “%s” on the keyboard's page", action, text != NULL ? text : "");
  vt_test_wait_allocated (button);
  return button;
}

void
vt_test_keyboard_tap (VtKeyboard  *keyboard,
                      VtKeyAction  action,
                      const char  *text)
{
  vt_test_tap (key_of (keyboard, action, text));
}

typedef struct
{
  VtKeyboard *keyboard;
  const char *accent;
} AccentWait;

static gboolean
accent_offered (gpointer data)
{
  AccentWait *wait = data;
  GtkWidget *button = vt_keyboard_find_accent (wait->keyboard, wait->accent);

  return button != NULL && gtk_widget_get_mapped (button) && gtk_widget_get_width (button) > 0;
}

void
vt_test_keyboard_long_press (VtKeyboard *keyboard,
                             GtkWidget  *key,
                             const char *accent)
{
  AccentWait wait = { keyboard, accent };
  g_autofree char *what = g_strdup_printf ("the accent %s offered", accent);

  vt_test_pointer_down (key);
  vt_test_wait_until (accent_offered, &wait, 10000, what);
  vt_test_pointer_up (key);
}

void
vt_test_keyboard_type (VtKeyboard *keyboard,
                       const char *text,
                       gboolean    long_press)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(GString) expected = NULL;
  KeyboardWait wait = { keyboard, NULL, VT_KEYBOARD_STATE_INIT };
  GtkWidget *target = vt_keyboard_get_target (keyboard);

  g_assert_nonnull (target);
  expected = g_string_new (gtk_editable_get_text (GTK_EDITABLE (target)));
  plan = vt_keyboard_layout_plan (vt_keyboard_get_layout (keyboard), vt_keyboard_get_variant (keyboard),
                                  text, long_press, &error);
  g_assert_no_error (error);

  /* Plans start on the letters page, shift off. */
  wait.text = expected->str;
  if (vt_keyboard_get_state (keyboard).page != VT_KEYBOARD_PAGE_LETTERS)
    {
      vt_test_keyboard_tap (keyboard, VT_KEY_LETTERS, NULL);
      vt_test_wait_until (field_reads, &wait, 10000, "the letters page");
    }
  while (vt_keyboard_get_state (keyboard).shift != VT_KEYBOARD_SHIFT_OFF)
    {
      VtKeyboardState before = vt_keyboard_get_state (keyboard);

      vt_keyboard_state_apply (&before, VT_KEY_SHIFT);
      wait.state = before;
      vt_test_keyboard_tap (keyboard, VT_KEY_SHIFT, NULL);
      vt_test_wait_until (field_reads, &wait, 10000, "the shift");
    }

  for (guint i = 0; i < plan->len; i++)
    {
      const VtKeyboardStep *step = g_ptr_array_index (plan, i);
      GtkWidget *button = key_of (keyboard, step->action, step->key);
      g_autofree char *what = NULL;

      if (step->accent != NULL)
        {
          vt_test_keyboard_long_press (keyboard, button, step->accent);
          vt_test_tap (vt_keyboard_find_accent (keyboard, step->accent));
          g_string_append (expected, step->accent);
        }
      else
        {
          vt_test_tap (button);
          if (step->action == VT_KEY_TEXT)
            g_string_append (expected, step->key);
          else if (step->action == VT_KEY_SPACE)
            g_string_append_c (expected, ' ');
        }
      vt_keyboard_state_apply (&wait.state, step->action);
      wait.text = expected->str;
      what = g_strdup_printf ("“%s” in the field", expected->str);
      vt_test_wait_until (field_reads, &wait, 10000, what);
    }
}

/* The X window and position of a point of widget. */
static char *
x_point (GtkWidget *widget,
         double     wx,
         double     wy,
         char     **sx,
         char     **sy)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t in = GRAPHENE_POINT_INIT (wx, wy);
  graphene_point_t out;
  double dx, dy;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &in, &out));
  gtk_native_get_surface_transform (native, &dx, &dy);
  *sx = g_strdup_printf ("%d", (int) round (out.x + dx));
  *sy = g_strdup_printf ("%d", (int) round (out.y + dy));
  return g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (gtk_native_get_surface (native)));
}

void
vt_test_tap_at (GtkWidget *widget,
                double     x,
                double     y)
{
  g_autofree char *sx = NULL;
  g_autofree char *sy = NULL;
  g_autofree char *xid = x_point (widget, x, y, &sx, &sy);

  xdotool ("mousemove", "--window", xid, sx, sy, "mousedown", "1", "mouseup", "1", NULL);
}

void
vt_test_drag_between (GtkWidget *widget,
                      double     from_x,
                      double     from_y,
                      double     to_x,
                      double     to_y)
{
  for (int i = 0; i <= 10; i++)
    {
      g_autofree char *sx = NULL;
      g_autofree char *sy = NULL;
      g_autofree char *xid = x_point (widget, from_x + (to_x - from_x) * i / 10.0,
                                      from_y + (to_y - from_y) * i / 10.0, &sx, &sy);

      xdotool ("mousemove", "--window", xid, sx, sy, NULL);
      if (i == 0)
        xdotool ("mousedown", "1", NULL);
      vt_test_iterate ();
    }
  xdotool ("mouseup", "1", NULL);
}
