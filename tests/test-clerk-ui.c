#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "vt-bundle.h"
#include "vt-clerk.h"
#include "vt-clerk-mode.h"
#include "vt-clerk-pin-pad.h"
#include "vt-entities.h"
#include "vt-feedback.h"
#include "vt-kiosk-identity.h"
#include "vt-kiosk-status.h"
#include "vt-language.h"
#include "vt-resources.h"
#include "vt-store.h"
#include "vt-sync.h"
#include "vt-test-app.h"
#include "vt-test-dashboard.h"
#include "vt-test-utils.h"

typedef struct
{
  char         *dir;
  VtConfig     *config;
  VtStore      *store;             /* the test's own look at the database */
  VtStoreOwner *owner;
  GtkWindow   *window;
  GtkWidget   *overlay;
  VtClerkMode *mode;
} Fixture;

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vt_store_owner_open_finish (VT_STORE_OWNER (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  gboolean opened = FALSE;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;

  f->dir = vt_test_make_tmpdir ("clerk-ui");
  data_dir = g_build_filename (f->dir, "data", NULL);
  f->config = vt_config_new_default ();
  vt_config_set_data_dir (f->config, data_dir);
  f->config->office_name = g_strdup ("Oficina Sur");
  f->store = vt_store_open (f->config->data_dir, &error);
  g_assert_no_error (error);
  f->owner = vt_store_owner_new (f->config->data_dir);
  vt_store_owner_open_async (f->owner, NULL, opened_cb, &opened);
  vt_test_wait_until (is_true, &opened, 10000, "the store to open");

  f->window = GTK_WINDOW (gtk_window_new ());
  f->overlay = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (f->overlay), gtk_label_new ("citizen screen"));
  gtk_window_set_child (f->window, f->overlay);
  gtk_window_set_default_size (f->window, 1024, 768);

  f->mode = vt_clerk_mode_new (f->config, f->owner);
  vt_clerk_mode_attach (f->mode, f->window, GTK_OVERLAY (f->overlay));
  gtk_window_present (f->window);
}

static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  /* A PIN check's thread lets go of its task (and so of the mode) a moment
   * after its result has been delivered: wait for that, not for luck. */
  g_object_add_weak_pointer (G_OBJECT (f->mode), (gpointer *) &f->mode);
  g_object_unref (f->mode);
  vt_test_wait_until (pointer_is_null, &f->mode, 10000, "clerk mode to be finalized");
  /* Its last calls (the events it logs) are written, then it goes. */
  g_object_add_weak_pointer (G_OBJECT (f->owner), (gpointer *) &f->owner);
  g_object_unref (f->owner);
  vt_test_wait_until (pointer_is_null, &f->owner, 10000, "the store owner to be finalized");
  g_clear_pointer (&f->store, vt_store_close);
  g_clear_pointer (&f->config, vt_config_free);
  vt_test_rmdir_recursive (f->dir);
  g_free (f->dir);
}

static gboolean
is_active (gpointer data)
{
  return vt_clerk_mode_get_active (data);
}

static gboolean
is_inactive (gpointer data)
{
  return !vt_clerk_mode_get_active (data);
}

static gboolean
pad_has_message (gpointer data)
{
  VtClerkPinPad *pad = data;
  const char *text = vt_clerk_pin_pad_get_message (pad);

  return text != NULL && text[0] != '\0' && strstr (text, "Checking") == NULL;
}

static void
type_pin (VtClerkPinPad *pad,
          const char    *pin)
{
  for (const char *p = pin; *p != '\0'; p++)
    {
      char key[2] = { *p, '\0' };
      vt_clerk_pin_pad_press (pad, key);
    }
  vt_clerk_pin_pad_press (pad, "ok");
}

static gpointer
nothing (VtStore  *store,
         gpointer  data,
         GError  **error)
{
  return GINT_TO_POINTER (TRUE);
}

/* Everything asked of the store owner before now is written: it answers in
 * the order asked. */
static void
flush_owner (VtStoreOwner *owner)
{
  vt_test_store_owner_run (owner, nothing, NULL);
}

static gboolean
dashboard_idle (gpointer data)
{
  return vt_clerk_dashboard_get_pending (data) == 0;
}

/* The dashboard's calls to the store are all back. */
static void
wait_idle (VtClerkDashboard *dash)
{
  vt_test_wait_until (dashboard_idle, dash, 10000, "the dashboard's calls to the store");
}

static guint
count_events (Fixture    *f,
              const char *what,
              const char *detail)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  guint n = 0;

  flush_owner (f->owner);
  events = vt_store_list_events (f->store, NULL, 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      VtStoreEvent *event = g_ptr_array_index (events, i);
      if (g_str_equal (event->what, what) && (detail == NULL || g_strcmp0 (event->detail, detail) == 0))
        n++;
    }
  return n;
}

static void
test_pin_and_idle (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  VtClerkPinPad *pad = VT_CLERK_PIN_PAD (vt_clerk_mode_get_pin_pad (f->mode));
  GtkWidget *layer = vt_clerk_mode_get_layer (f->mode);

  /* No PIN yet: the pad says how to set one. */
  vt_clerk_mode_request (f->mode);
  g_assert_true (gtk_widget_get_visible (layer));
  type_pin (pad, "2468");
  vt_test_wait_until (pad_has_message, pad, 10000, "the PIN to be checked");
  g_assert_nonnull (strstr (vt_clerk_pin_pad_get_message (pad), "clerk set-pin"));
  g_assert_false (vt_clerk_mode_get_active (f->mode));

  g_assert_true (vt_clerk_set_pin (f->store, "2468", &error));

  /* Wrong, then right. */
  vt_clerk_pin_pad_reset (pad, NULL);
  type_pin (pad, "1111");
  vt_test_wait_until (pad_has_message, pad, 10000, "the wrong PIN to be checked");
  g_assert_nonnull (strstr (vt_clerk_pin_pad_get_message (pad), "Wrong PIN"));
  g_assert_false (vt_clerk_mode_get_active (f->mode));

  vt_clerk_pin_pad_set_name (pad, "Marta");
  type_pin (pad, "2468");
  vt_test_wait_until (is_active, f->mode, 10000, "clerk mode to start");
  g_assert_cmpstr (vt_clerk_mode_get_clerk_name (f->mode), ==, "Marta");
  g_assert_true (gtk_stack_get_visible_child (GTK_STACK (layer)) == vt_clerk_mode_get_dashboard (f->mode));
  g_assert_cmpuint (count_events (f, "clerk-mode-started", NULL), ==, 1);

  /* It ends by itself after the idle time. */
  vt_clerk_mode_set_idle_timeout_ms (f->mode, 300);
  vt_test_wait_until (is_inactive, f->mode, 10000, "clerk mode to end when idle");
  g_assert_false (gtk_widget_get_visible (layer));
  g_assert_null (vt_clerk_mode_get_clerk_name (f->mode));
  g_assert_cmpuint (count_events (f, "clerk-mode-ended", "idle"), ==, 1);

  /* The next person asking gets the PIN pad, not the dashboard. */
  vt_clerk_mode_request (f->mode);
  g_assert_true (gtk_stack_get_visible_child (GTK_STACK (layer)) == GTK_WIDGET (pad));
  vt_clerk_mode_end (f->mode, "test");
}

static void
test_lockout_message (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  VtClerkPinPad *pad = VT_CLERK_PIN_PAD (vt_clerk_mode_get_pin_pad (f->mode));

  g_assert_true (vt_clerk_set_pin (f->store, "97531", &error));
  vt_clerk_mode_request (f->mode);
  for (guint i = 0; i < 3; i++)
    {
      vt_clerk_pin_pad_reset (pad, NULL);
      type_pin (pad, "0000");
      vt_test_wait_until (pad_has_message, pad, 10000, "the wrong PIN to be checked");
    }
  g_assert_nonnull (strstr (vt_clerk_pin_pad_get_message (pad), "wait 30 seconds"));

  /* Even the right PIN waits. */
  vt_clerk_pin_pad_reset (pad, NULL);
  type_pin (pad, "97531");
  vt_test_wait_until (pad_has_message, pad, 10000, "the locked pad to answer");
  g_assert_nonnull (strstr (vt_clerk_pin_pad_get_message (pad), "Too many wrong PINs"));
  g_assert_false (vt_clerk_mode_get_active (f->mode));
  g_assert_cmpuint (count_events (f, "pin-locked", NULL), ==, 1);
}

static gboolean
pad_is_checking (gpointer data)
{
  const char *text = vt_clerk_pin_pad_get_message (data);

  return text != NULL && strstr (text, "Checking") != NULL;
}

static gboolean
pad_is_open (gpointer data)
{
  return !pad_is_checking (data);
}

/* While a PIN is being checked, Cancel (the button; Escape does the same)
 * and asking again (what Ctrl+Alt+C and the long press do) start no
 * second check beside it: the pad waits.  The check is held in progress by
 * another connection holding the database's write lock. */
static void
test_one_check_at_a_time (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) holder = vt_store_open (f->config->data_dir, &error);
  VtClerkPinPad *pad = VT_CLERK_PIN_PAD (vt_clerk_mode_get_pin_pad (f->mode));
  GtkWidget *layer = vt_clerk_mode_get_layer (f->mode);
  GtkWidget *cancel = vt_test_find_button (GTK_WIDGET (pad), "Cancel");

  g_assert_no_error (error);
  g_assert_nonnull (cancel);
  g_assert_true (vt_clerk_set_pin (f->store, "97531", &error));
  vt_clerk_mode_request (f->mode);

  g_assert_true (vt_store_begin_batch (holder, &error));
  type_pin (pad, "0000");
  g_assert_true (pad_is_checking (pad));
  g_assert_false (gtk_widget_get_sensitive (cancel));

  g_signal_emit_by_name (cancel, "clicked");
  g_assert_true (gtk_widget_get_visible (layer));
  vt_clerk_mode_request (f->mode);
  g_assert_true (pad_is_checking (pad));
  type_pin (pad, "1111");

  /* Clerk mode ending by itself meanwhile, then asked for again: still
   * the one check. */
  vt_clerk_mode_end (f->mode, "idle");
  vt_clerk_mode_request (f->mode);
  g_assert_true (pad_is_checking (pad));
  type_pin (pad, "2222");

  g_assert_true (vt_store_commit_batch (holder, &error));
  /* The check's answer is not shown: clerk mode ended while it ran. */
  vt_test_wait_until (pad_is_open, pad, 20000, "the one check to finish");
  g_assert_true (gtk_widget_get_sensitive (cancel));

  /* The pad takes the next PIN once it has answered. */
  type_pin (pad, "97531");
  vt_test_wait_until (is_active, f->mode, 20000, "clerk mode to start");
  /* One wrong PIN was checked, the first; then the right one. */
  g_assert_cmpuint (count_events (f, "pin-wrong", NULL), ==, 1);
  g_assert_cmpuint (count_events (f, "pin-ok", NULL), ==, 1);
  vt_clerk_mode_end (f->mode, "test");
}

/* ------------------------------------------------------------ dashboard */

static char *
enqueue (VtStore    *store,
         guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("uuid:%08u-aaaa-4bbb-8ccc-dddddddddddd", n);
  g_autofree char *xml = g_strdup_printf ("<data id=\"permit\"><n>%u</n><meta><instanceID>%s</instanceID></meta></data>",
                                          n, id);
  VtSubmission submission = { id, (char *) "permit", (char *) "1", xml, NULL };
  VtStoreEnqueueOptions options = { 0 };
  char *code;

  options.service_title = "Building permit";
  code = vt_store_enqueue (store, &submission, &options, &error);
  g_assert_no_error (error);
  return code;
}

static char *
id_of (guint n)
{
  return g_strdup_printf ("uuid:%08u-aaaa-4bbb-8ccc-dddddddddddd", n);
}

static VtStoreState
state_of (VtStore *store,
          guint    n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = id_of (n);
  g_autoptr(GPtrArray) rows = vt_store_list_submissions (store, VT_STORE_ALL_STATES, 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      VtStoreSubmissionInfo *info = g_ptr_array_index (rows, i);
      if (g_str_equal (info->instance_id, id))
        return info->state;
    }
  g_assert_not_reached ();
}

static void
count_cb (gpointer  instance,
          guint    *counter)
{
  (*counter)++;
}

static void
string_cb (gpointer    instance,
           const char *text,
           char      **out)
{
  g_free (*out);
  *out = g_strdup (text);
}

static void
receipt_cb (gpointer              instance,
            const VtReceipt *receipt,
            char                **out)
{
  g_free (*out);
  *out = g_strdup (receipt->reference_code);
}

static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
export_finished (gpointer data)
{
  return !vt_clerk_dashboard_get_exporting (data);
}

static void
test_dashboard_actions (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claimed = NULL;
  g_autofree char *code1 = enqueue (f->store, 1);
  g_autofree char *code2 = enqueue (f->store, 2);
  g_autofree char *code3 = enqueue (f->store, 3);
  g_autofree char *id1 = id_of (1);
  g_autofree char *id2 = id_of (2);
  g_autofree char *id3 = id_of (3);
  g_autofree char *usb = g_build_filename (f->dir, "usb", NULL);
  g_autofree char *reprinted = NULL;
  g_autofree char *resumed = NULL;
  VtClerkDashboard *dash = VT_CLERK_DASHBOARD (vt_clerk_mode_get_dashboard (f->mode));
  guint syncs = 0;
  guint assisted = 0;
  guint leaves = 0;

  /* 1 is sent, 2 refused by the server, 3 waits. */
  claimed = vt_store_claim (f->store, 2, 60 * G_USEC_PER_SEC, g_get_real_time (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claimed->len, ==, 2);
  g_assert_true (vt_store_mark_sent (f->store, id1, 201, "", g_get_real_time (), &error));
  g_assert_true (vt_store_mark_rejected (f->store, id2, 400, "The form version is unknown to the server",
                                         g_get_real_time (), &error));
  g_assert_no_error (error);

  g_assert_true (vt_clerk_set_pin (f->store, "1357", &error));
  vt_clerk_mode_request (f->mode);
  vt_clerk_pin_pad_set_name (VT_CLERK_PIN_PAD (vt_clerk_mode_get_pin_pad (f->mode)), "Rosa");
  type_pin (VT_CLERK_PIN_PAD (vt_clerk_mode_get_pin_pad (f->mode)), "1357");
  vt_test_wait_until (is_active, f->mode, 10000, "clerk mode to start");
  wait_idle (dash);

  g_signal_connect (dash, "sync-now", G_CALLBACK (count_cb), &syncs);
  g_signal_connect (dash, "start-assisted", G_CALLBACK (count_cb), &assisted);
  g_signal_connect (f->mode, "leave-kiosk", G_CALLBACK (count_cb), &leaves);
  g_signal_connect (dash, "reprint", G_CALLBACK (receipt_cb), &reprinted);
  g_signal_connect (dash, "resume-draft", G_CALLBACK (string_cb), &resumed);

  /* Figures and rows. */
  g_assert_true (dashboard_shows (dash, "Waiting: 1"));
  g_assert_true (dashboard_shows (dash, "Sent: 1"));
  g_assert_true (dashboard_shows (dash, "Refused: 1"));
  g_assert_true (dashboard_shows (dash, "Oldest waiting"));
  g_assert_true (dashboard_shows (dash, "form version is unknown"));
  g_assert_cmpuint (g_list_model_get_n_items (vt_clerk_dashboard_get_rows (dash, FALSE)), ==, 2);
  g_assert_null (vt_clerk_dashboard_get_row_button (dash, id3, "retry"));
  /* A row takes the focus: it is named by its cells, for a screen reader
   * (GTK 4.8's AT-SPI bridge leaves an unnamed row as "list item"). */
  {
    GtkWidget *row = gtk_widget_get_ancestor (vt_clerk_dashboard_get_row_button (dash, id2, "retry"),
                                              GTK_TYPE_LIST_BOX_ROW);

    g_assert_nonnull (row);
    g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL));
  }

  /* A row squeezed (200 % text, a long error beside) makes room for a
   * reference code and a state rather than break them mid-word: their
   * narrowest is their width on one line. */
  {
    const char *whole[] = { code3, "Waiting" };

    for (guint i = 0; i < G_N_ELEMENTS (whole); i++)
      {
        GtkWidget *row = gtk_widget_get_ancestor (vt_clerk_dashboard_get_row_button (dash, id3, "discard"),
                                                  GTK_TYPE_LIST_BOX_ROW);
        GtkWidget *label = vt_test_find_label (row, whole[i]);
        int minimum, natural;

        g_assert_nonnull (label);
        gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
        g_test_message ("“%s”: at least %d px of %d", whole[i], minimum, natural);
        g_assert_cmpint (minimum, >=, natural);
      }
  }

  vt_clerk_dashboard_set_sync_status (dash, FALSE, 0, "The server could not be reached");
  g_assert_true (dashboard_shows (dash, "Offline"));
  g_assert_true (dashboard_shows (dash, "could not be reached"));

  /* Sync now. */
  click (dashboard_button (dash, "Sync now"));
  g_assert_cmpuint (syncs, ==, 1);

  /* Retry the refused one. */
  click (vt_clerk_dashboard_get_row_button (dash, id2, "retry"));
  wait_idle (dash);
  g_assert_cmpint (state_of (f->store, 2), ==, VT_STORE_STATE_QUEUED);
  g_assert_nonnull (strstr (vt_clerk_dashboard_get_message (dash), "will be sent again"));
  g_assert_null (vt_clerk_dashboard_get_row_button (dash, id2, "retry"));

  /* Discard needs a reason and a second confirmation. */
  click (vt_clerk_dashboard_get_row_button (dash, id3, "discard"));
  g_assert_true (dashboard_discard_form_open (dash));
  gtk_editable_set_text (dashboard_field (dash, "Why? (required, recorded in the log)"), "dup");
  g_assert_false (gtk_widget_get_sensitive (dashboard_button (dash, "Continue")));
  /* No step can be skipped: the last one is not on screen yet. */
  g_assert_null (dashboard_button_or_null (dash, "Discard for good"));
  wait_idle (dash);
  g_assert_cmpint (state_of (f->store, 3), ==, VT_STORE_STATE_QUEUED);
  gtk_editable_set_text (dashboard_field (dash, "Why? (required, recorded in the log)"), "Duplicate of application 2");
  g_assert_true (gtk_widget_get_sensitive (dashboard_button (dash, "Continue")));
  g_assert_null (dashboard_button_or_null (dash, "Discard for good")); /* still needs Continue */
  wait_idle (dash);
  g_assert_cmpint (state_of (f->store, 3), ==, VT_STORE_STATE_QUEUED);
  click (dashboard_button (dash, "Continue"));
  g_assert_nonnull (dashboard_button_or_null (dash, "Discard for good"));
  g_assert_true (dashboard_shows (dash, "30 days"));
  click (dashboard_button (dash, "Discard for good"));
  wait_idle (dash);
  g_assert_cmpint (state_of (f->store, 3), ==, VT_STORE_STATE_DISCARDED);
  g_assert_false (dashboard_discard_form_open (dash));
  g_assert_nonnull (strstr (vt_clerk_dashboard_get_message (dash), "discarded"));
  {
    g_autoptr(GPtrArray) events = vt_store_list_events (f->store, id3, 0, &error);
    VtStoreEvent *last = g_ptr_array_index (events, events->len - 1);
    g_assert_cmpstr (last->what, ==, "discarded");
    g_assert_cmpstr (last->actor, ==, "clerk:Rosa");
    g_assert_nonnull (strstr (last->detail, "Duplicate of application 2"));
  }
  g_assert_cmpuint (g_list_model_get_n_items (vt_clerk_dashboard_get_rows (dash, FALSE)), ==, 1);

  /* Reprint: a mistyped code is explained; the right one, typed loosely, works. */
  gtk_editable_set_text (dashboard_field (dash, "Reference code"), "ZZZZ");
  click (dashboard_button (dash, "Reprint receipt"));
  wait_idle (dash);
  g_assert_null (reprinted);
  g_assert_true (dashboard_message_is_error (dash));
  {
    g_autofree char *loose = g_ascii_strdown (code1, -1);
    gtk_editable_set_text (dashboard_field (dash, "Reference code"), loose);
  }
  click (dashboard_button (dash, "Reprint receipt"));
  wait_idle (dash);
  g_assert_cmpstr (reprinted, ==, code1);
  g_assert_cmpuint (count_events (f, "receipt-reprinted", code1), ==, 1);

  /* Export to the "USB drive". */
  g_assert_cmpint (g_mkdir_with_parents (usb, 0700), ==, 0);
  vt_clerk_dashboard_set_export_dir (dash, usb);
  click (dashboard_button (dash, "Export to USB drive"));
  vt_test_wait_until (export_finished, dash, 20000, "the export to finish");
  wait_idle (dash);
  g_assert_nonnull (strstr (vt_clerk_dashboard_get_message (dash), "1 application written"));
  {
    g_autoptr(GDir) listing = g_dir_open (usb, 0, NULL);
    const char *name = g_dir_read_name (listing);
    g_autofree char *path = g_build_filename (usb, name, NULL);
    g_autoptr(VtBundle) bundle = vt_bundle_load (path, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (name, "ventanilla-oficina-sur-"));
    /* Signed with the kiosk's own key (made at its first export). */
    g_assert_nonnull (bundle->signer_key);
    g_assert_cmpuint (bundle->items->len, ==, 1);
    g_assert_cmpstr (((VtBundleItem *) bundle->items->pdata[0])->instance_id, ==, id2);
    g_assert_null (g_dir_read_name (listing));
  }
  g_assert_cmpuint (count_events (f, "bundle-exported", NULL), ==, 1);

  /* Drafts: listed, resumed by the window. */
  {
    VtStoreDraft draft = { (char *) "ABCD-EFGH", (char *) "permit", (char *) "1",
                           (char *) "{\"answers\": []}", (char *) "Rosa", g_get_real_time () };
    g_assert_true (vt_store_save_draft (f->store, &draft, &error));
  }
  vt_clerk_dashboard_refresh (dash);
  wait_idle (dash);
  g_assert_cmpuint (g_list_model_get_n_items (vt_clerk_dashboard_get_rows (dash, TRUE)), ==, 1);
  click (vt_clerk_dashboard_get_row_button (dash, "ABCD-EFGH", "resume"));
  g_assert_cmpstr (resumed, ==, "ABCD-EFGH");

  click (dashboard_button (dash, "Start an application for someone"));
  g_assert_cmpuint (assisted, ==, 1);

  /* Leaving the kiosk, only in clerk mode. */
  click (dashboard_button (dash, "Leave the kiosk (maintenance)"));
  g_assert_cmpuint (leaves, ==, 1);
  g_assert_cmpuint (count_events (f, "kiosk-left", NULL), ==, 1);
  click (dashboard_button (dash, "End clerk mode"));
  g_assert_false (vt_clerk_mode_get_active (f->mode));
  click (dashboard_button (dash, "Leave the kiosk (maintenance)"));
  g_assert_cmpuint (leaves, ==, 1);

  g_free (reprinted);
  reprinted = NULL;
  g_signal_handlers_disconnect_by_data (dash, &reprinted);
  g_signal_handlers_disconnect_by_data (dash, &resumed);
  g_signal_handlers_disconnect_by_data (dash, &syncs);
  g_signal_handlers_disconnect_by_data (dash, &assisted);
  g_signal_handlers_disconnect_by_data (f->mode, &leaves);
}

static void
test_export_without_drive (Fixture       *f,
                           gconstpointer  data)
{
  VtClerkDashboard *dash = VT_CLERK_DASHBOARD (vt_clerk_mode_get_dashboard (f->mode));
  g_autofree char *missing = g_build_filename (f->dir, "unplugged", NULL);

  vt_clerk_dashboard_set_export_dir (dash, missing);
  click (dashboard_button (dash, "Export to USB drive"));
  vt_test_wait_until (export_finished, dash, 20000, "the export to fail");
  g_assert_nonnull (strstr (vt_clerk_dashboard_get_message (dash), "is not a folder"));
  g_assert_true (dashboard_message_is_error (dash));
}

/* The ways in, as the window wires them: the Ctrl+Alt+C shortcut and a
 * long press that counts only in the top-left corner. */
static void
test_ways_in (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->window));
  GtkWidget *layer = vt_clerk_mode_get_layer (f->mode);
  GtkGesture *long_press = NULL;
  gboolean found_shortcut = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_LONG_PRESS (controller))
        long_press = GTK_GESTURE (controller);
      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (!g_str_equal (trigger, "<Control><Alt>c"))
            continue;
          found_shortcut = TRUE;
          g_assert_false (gtk_widget_get_visible (layer));
          g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                       GTK_WIDGET (f->window), NULL));
          g_assert_true (gtk_widget_get_visible (layer));
          vt_clerk_mode_end (f->mode, "test");
        }
    }
  g_assert_true (found_shortcut);
  g_assert_nonnull (long_press);

  /* Away from the corner: nothing. */
  g_signal_emit_by_name (long_press, "pressed", 400.0, 300.0);
  g_assert_false (gtk_widget_get_visible (layer));
  g_signal_emit_by_name (long_press, "pressed", 20.0, 30.0);
  g_assert_true (gtk_widget_get_visible (layer));
  g_assert_true (gtk_stack_get_visible_child (GTK_STACK (layer)) == vt_clerk_mode_get_pin_pad (f->mode));
  vt_clerk_mode_end (f->mode, "test");
}

/* With the sync worker: Sync now reaches it, its state reaches the
 * dashboard. */
static void
test_sync_wiring (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(VtSync) unconfigured = vt_sync_new (f->config);
  g_autoptr(VtConfig) with_server = vt_config_load_from_data ("[server]\nurl=http://127.0.0.1:9\nallow-http=true\n", -1,
                                                              "test.conf", NULL);
  g_autoptr(VtSync) sync = NULL;
  VtClerkDashboard *dash = VT_CLERK_DASHBOARD (vt_clerk_mode_get_dashboard (f->mode));

  /* Without a worker the button says it cannot. */
  click (dashboard_button (dash, "Sync now"));
  g_assert_true (dashboard_message_is_error (dash));

  /* A worker with no server to send to: the clerk is told what to do. */
  vt_clerk_mode_set_sync (f->mode, unconfigured);
  click (dashboard_button (dash, "Sync now"));
  g_assert_true (dashboard_message_is_error (dash));
  g_assert_nonnull (strstr (vt_clerk_dashboard_get_message (dash), "no server"));

  vt_config_set_data_dir (with_server, f->config->data_dir);
  sync = vt_sync_new (with_server);
  vt_clerk_mode_set_sync (f->mode, sync);
  click (dashboard_button (dash, "Sync now"));
  g_assert_false (dashboard_message_is_error (dash));
  g_assert_nonnull (strstr (vt_clerk_dashboard_get_message (dash), "Sending"));

  vt_clerk_dashboard_set_sync_status (dash, TRUE, 0, "stale");
  g_object_notify (G_OBJECT (sync), "online");
  g_assert_true (dashboard_shows (dash, "Offline"));
  g_assert_false (dashboard_shows (dash, "stale"));

  vt_clerk_mode_set_sync (f->mode, NULL);
  click (dashboard_button (dash, "Sync now"));
  g_assert_true (dashboard_message_is_error (dash));
}

/* The server line shows where the kiosk sends, not the app user's token
 * in the address (as good as a password, and a screen is seen by many). */
static void
test_dashboard_hides_token (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(VtConfig) config = vt_config_copy (f->config);
  VtClerkDashboard *dash;

  g_free (config->server_url);
  config->server_url = g_strdup ("https://central.example.org/v1/key/Zq9!tok$EN/projects/3");
  dash = VT_CLERK_DASHBOARD (g_object_ref_sink (vt_clerk_dashboard_new (config, f->owner)));
  vt_clerk_dashboard_refresh (dash);
  wait_idle (dash);
  g_assert_false (dashboard_shows (dash, "Zq9!tok$EN"));
  g_assert_true (dashboard_shows (dash, "https://central.example.org/v1/key/…/projects/3"));

  vt_clerk_dashboard_set_sync_status (dash, TRUE, g_get_real_time (), NULL);
  g_assert_false (dashboard_shows (dash, "Zq9!tok$EN"));
  g_assert_true (dashboard_shows (dash, "last answered"));
  g_assert_finalize_object (dash);
}

/* IT on the phone asks "which kiosk is this?": the dashboard names it by
 * its [kiosk] name and the id it made at its first start, the one its
 * submissions carry as deviceID. */
static void
test_dashboard_names_kiosk (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(VtConfig) config = vt_config_copy (f->config);
  g_autoptr(GError) error = NULL;
  g_autofree char *kiosk_id = vt_kiosk_identity_get (f->store, &error);
  g_autofree char *expected = NULL, *current = NULL;
  VtClerkDashboard *dash;

  g_assert_no_error (error);
  g_assert_true (vt_kiosk_identity_is_valid (kiosk_id));
  /* The store owner opened the same database: the same id. */
  flush_owner (f->owner);
  current = vt_kiosk_identity_dup_current ();
  g_assert_cmpstr (current, ==, kiosk_id);

  config->kiosk_name = g_strdup ("Town hall, Canelones, kiosk 2");
  dash = VT_CLERK_DASHBOARD (g_object_ref_sink (vt_clerk_dashboard_new (config, f->owner)));
  vt_clerk_dashboard_refresh (dash);
  wait_idle (dash);
  expected = g_strdup_printf ("This kiosk: Town hall, Canelones, kiosk 2\n%s", kiosk_id);
  g_assert_true (dashboard_shows (dash, expected));
  g_assert_finalize_object (dash);
}

/* The kiosk's health report and a citizen's feedback answer, queued a
 * day before the one application, are not applications: "Waiting" counts
 * the application alone, and the oldest waiting is the application. */
static void
test_dashboard_counts_applications (Fixture       *f,
                                    gconstpointer  data)
{
  const char *own[] = { VT_KIOSK_STATUS_FORM_ID, VT_FEEDBACK_FORM_ID };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) day_before = NULL;
  g_autofree char *code = NULL;
  g_autofree char *since = NULL;
  VtClerkDashboard *dash;
  GtkWidget *oldest;

  for (guint i = 0; i < G_N_ELEMENTS (own); i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:own-%u", i);
      g_autofree char *xml = g_strdup_printf ("<data id=\"%s\"><meta><instanceID>%s</instanceID></meta></data>",
                                              own[i], id);
      VtSubmission submission = { id, (char *) own[i], (char *) "1", xml, NULL };
      VtStoreEnqueueOptions options = { .service_title = own[i],
                                        .created_at = g_get_real_time () - G_TIME_SPAN_DAY };
      g_autofree char *own_code = vt_store_enqueue (f->store, &submission, &options, &error);

      g_assert_no_error (error);
    }
  code = enqueue (f->store, 1);
  day_before = g_date_time_new_now_local ();
  day_before = g_date_time_add_days (g_steal_pointer (&day_before), -1);
  since = g_date_time_format (day_before, "%Y-%m-%d");

  dash = VT_CLERK_DASHBOARD (g_object_ref_sink (vt_clerk_dashboard_new (f->config, f->owner)));
  vt_clerk_dashboard_refresh (dash);
  wait_idle (dash);
  g_assert_true (dashboard_shows (dash, "Waiting: 1 ·"));
  oldest = vt_test_find_label_containing (GTK_WIDGET (dash), "Oldest waiting: since");
  g_assert_nonnull (oldest);
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (oldest)), since));
  g_assert_finalize_object (dash);
}

/* A clerk asks "do the stall services have the market's list, and is it
 * up to date?": the dashboard names each entity list, the services that
 * choose from it, its rows, the server's version, when it was refreshed,
 * and the changes made here the server has not confirmed yet. */
static void
test_dashboard_entity_lists (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) media = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_store_media_free);
  g_autofree char *key = vt_entity_list_checked_key ("stalls.csv");
  g_autofree char *checked = NULL;
  g_autofree char *checked_text = NULL;
  g_autoptr(GDateTime) when = NULL;
  VtStoreMedia *list = g_new0 (VtStoreMedia, 1);
  VtStoreForm record = { 0 };
  VtClerkDashboard *dash = VT_CLERK_DASHBOARD (vt_clerk_mode_get_dashboard (f->mode));
  GPtrArray *shown;
  const VtEntityListInfo *info;
  gint64 checked_at = g_get_real_time () - 3 * G_TIME_SPAN_HOUR;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  /* A quoted comma, and a last line: three rows. */
  const char *csv = "name,label,__version\na,Stall A,1\nb,\"Stall B, corner\",2\nc,Stall C,1\n";
  static const char xml[] =
    "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\">"
    "<h:head><h:title>Renew a stall permit</h:title><model><instance><data id=\"renew\"><stall/></data></instance>"
    "<instance id=\"stalls\" src=\"jr://file-csv/stalls.csv\"/></model></h:head>"
    "<h:body><input ref=\"/data/stall\"><label>Stall</label></input></h:body></h:html>";

  list->name = g_strdup ("stalls.csv");
  list->md5_hash = g_strdup ("md5:8a3f");
  list->bytes = g_bytes_new (csv, strlen (csv));
  g_ptr_array_add (media, list);
  record.form_id = (char *) "renew";
  record.version = (char *) "1";
  record.title = (char *) "Renew a stall permit";
  record.xml = (char *) xml;
  record.media = media;
  record.source = (char *) "server";
  record.active = TRUE;
  record.added_at = checked_at - G_TIME_SPAN_DAY;   /* stored yesterday */
  g_assert_true (vt_store_add_form (f->store, &record, &error));
  g_assert_no_error (error);
  /* The sync runner asked the server three hours ago. */
  checked = g_strdup_printf ("%" G_GINT64_FORMAT, checked_at);
  g_assert_true (vt_store_set_meta (f->store, key, checked, &error));
  /* Two stalls registered here this morning, offline. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(VtLocalEntity) entity = g_new0 (VtLocalEntity, 1);

      entity->dataset = g_strdup ("stalls");
      entity->id = g_uuid_string_random ();
      g_ptr_array_add (ids, g_strdup (entity->id));
      entity->label = g_strdup_printf ("New stall %u", i);
      entity->version = 1;
      entity->branch_id = g_uuid_string_random ();
      entity->properties = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      entity->changed_at = g_get_real_time ();
      g_assert_true (vt_store_put_local_entity (f->store, entity, &error));
      g_assert_no_error (error);
    }

  g_assert_true (vt_clerk_set_pin (f->store, "1357", &error));
  vt_clerk_mode_request (f->mode);
  type_pin (VT_CLERK_PIN_PAD (vt_clerk_mode_get_pin_pad (f->mode)), "1357");
  vt_test_wait_until (is_active, f->mode, 10000, "clerk mode to start");
  wait_idle (dash);

  shown = vt_clerk_dashboard_get_entity_lists (dash);
  g_assert_nonnull (shown);
  g_assert_cmpuint (shown->len, ==, 1);
  info = g_ptr_array_index (shown, 0);
  g_assert_cmpstr (info->dataset, ==, "stalls");
  g_assert_cmpuint (info->rows, ==, 3);
  g_assert_cmpuint (info->local_changes, ==, 2);
  g_assert_cmpint (info->refreshed_at, ==, checked_at);

  /* As the clerk reads it. */
  g_assert_true (dashboard_shows (dash, "Lists the services choose from"));
  g_assert_true (dashboard_shows (dash, "Renew a stall permit"));
  g_assert_true (dashboard_shows (dash, "3 rows"));
  g_assert_true (dashboard_shows (dash, "version md5:8a3f"));
  when = g_date_time_new_from_unix_local (checked_at / G_USEC_PER_SEC);
  checked_text = g_date_time_format (when, "%H:%M");
  g_assert_true (dashboard_shows (dash, "refreshed"));
  g_assert_true (dashboard_shows (dash, checked_text));
  g_assert_true (dashboard_shows (dash, "2 changes made here, not yet confirmed by the server"));

  /* The server's list now has them: nothing waits. */
  g_assert_true (vt_store_drop_local_entities (f->store, "stalls", ids, &error));
  g_assert_no_error (error);
  vt_clerk_dashboard_refresh (dash);
  wait_idle (dash);
  g_assert_true (dashboard_shows (dash, "no changes waiting for the server"));
  g_assert_false (dashboard_shows (dash, "not yet confirmed"));
}

int
main (int    argc,
      char **argv)
{
  vt_test_gtk_init (&argc, &argv);
  /* On a kiosk the application registers them. */
  vt_register_resource ();
  /* The words these cases check are English. */
  vt_language_apply ("en");

  g_test_add ("/vt/clerk-ui/pin-and-idle", Fixture, NULL, fixture_set_up, test_pin_and_idle, fixture_tear_down);
  g_test_add ("/vt/clerk-ui/sync-wiring", Fixture, NULL, fixture_set_up, test_sync_wiring, fixture_tear_down);
  g_test_add ("/vt/clerk-ui/ways-in", Fixture, NULL, fixture_set_up, test_ways_in, fixture_tear_down);
  g_test_add ("/vt/clerk-ui/one-check-at-a-time", Fixture, NULL, fixture_set_up, test_one_check_at_a_time,
              fixture_tear_down);
  g_test_add ("/vt/clerk-ui/lockout-message", Fixture, NULL, fixture_set_up, test_lockout_message,
              fixture_tear_down);
  g_test_add ("/vt/clerk-ui/dashboard-actions", Fixture, NULL, fixture_set_up, test_dashboard_actions,
              fixture_tear_down);
  g_test_add ("/vt/clerk-ui/dashboard-counts-applications", Fixture, NULL, fixture_set_up,
              test_dashboard_counts_applications, fixture_tear_down);
  g_test_add ("/vt/clerk-ui/dashboard-names-kiosk", Fixture, NULL, fixture_set_up, test_dashboard_names_kiosk,
              fixture_tear_down);
  g_test_add ("/vt/clerk-ui/dashboard-hides-token", Fixture, NULL, fixture_set_up, test_dashboard_hides_token,
              fixture_tear_down);
  g_test_add ("/vt/clerk-ui/dashboard-entity-lists", Fixture, NULL, fixture_set_up, test_dashboard_entity_lists,
              fixture_tear_down);
  g_test_add ("/vt/clerk-ui/export-without-drive", Fixture, NULL, fixture_set_up, test_export_without_drive,
              fixture_tear_down);

  return g_test_run ();
}
