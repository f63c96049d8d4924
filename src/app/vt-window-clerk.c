#define G_LOG_DOMAIN "vt-window-clerk"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-clerk-dashboard.h"
#include "vt-window-private.h"

/* Clerk mode on the kiosk window: the layer over every screen, and what its
 * dashboard asks of the window (leave, reprint, assist). */

static void
leave_kiosk_cb (VtClerkMode *mode,
                VtWindow    *self)
{
  vt_window_set_allow_close (self, TRUE);
  gtk_window_close (GTK_WINDOW (self));
}

static void
reprint_cb (GtkWidget  *dashboard,
            const char *reference_code,
            VtWindow   *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStoreReceipt) stored = vt_store_get_receipt (self->clerk_store, reference_code, &error);
  VtWindowReceipt *receipt;

  if (stored == NULL)
    {
      g_message ("Receipt %s vanished before it could be shown: %s", reference_code, error->message);
      return;
    }

  /* The receipt goes on screen, where it is printed; clerk mode ends so
   * the screen is not left behind a dashboard nobody watches. */
  vt_clerk_mode_end (self->clerk_mode, "receipt reprint");
  vt_window_reset (self);
  receipt = g_new0 (VtWindowReceipt, 1);
  receipt->reference_code = g_strdup (stored->reference_code);
  receipt->instance_id = g_strdup (stored->instance_id);
  receipt->service_title = g_strdup (stored->service_title);
  receipt->created_at = stored->created_at;
  receipt->sent = stored->state == VT_STORE_STATE_SENT;
  self->receipt = receipt;
  vt_window_show_screen (self, VT_SCREEN_RECEIPT);
}

static void
start_assisted_cb (GtkWidget *dashboard,
                   VtWindow  *self)
{
  const char *name = vt_clerk_mode_get_clerk_name (self->clerk_mode);
  g_autofree char *clerk = g_strdup (name != NULL ? name : VT_STORE_ACTOR_CLERK);

  vt_clerk_mode_end (self->clerk_mode, "assisting an applicant");
  vt_window_reset (self);
  /* After reset, which forgets the last applicant's clerk. */
  self->assisted_by = g_steal_pointer (&clerk);
  vt_window_show_screen (self, VT_SCREEN_SERVICES);
}

void
vt_window_setup_clerk (VtWindow *self)
{
  g_autoptr(GError) error = NULL;
  /* The template's outermost widget: the layer goes over everything. */
  GtkWidget *overlay = gtk_window_get_child (GTK_WINDOW (self));
  GtkWidget *dashboard;

  g_return_if_fail (GTK_IS_OVERLAY (overlay));

  /* A connection of the window's own: the dashboard reads and acts on the
   * queue from the main thread. */
  self->clerk_store = vt_store_open (self->config->data_dir, &error);
  if (self->clerk_store == NULL)
    {
      g_message ("Clerk mode is not available: %s", error->message);
      return;
    }

  self->clerk_mode = vt_clerk_mode_new (self->config, self->clerk_store);
  vt_clerk_mode_attach (self->clerk_mode, GTK_WINDOW (self), GTK_OVERLAY (overlay));
  g_signal_connect (self->clerk_mode, "leave-kiosk", G_CALLBACK (leave_kiosk_cb), self);

  dashboard = vt_clerk_mode_get_dashboard (self->clerk_mode);
  g_signal_connect (dashboard, "reprint", G_CALLBACK (reprint_cb), self);
  g_signal_connect (dashboard, "start-assisted", G_CALLBACK (start_assisted_cb), self);
}

void
vt_window_teardown_clerk (VtWindow *self)
{
  if (self->clerk_mode != NULL)
    {
      g_signal_handlers_disconnect_by_data (vt_clerk_mode_get_dashboard (self->clerk_mode), self);
      g_signal_handlers_disconnect_by_data (self->clerk_mode, self);
      vt_clerk_mode_end (self->clerk_mode, "kiosk closing");
    }
  g_clear_object (&self->clerk_mode);
  g_clear_pointer (&self->clerk_store, vt_store_close);
  g_clear_pointer (&self->assisted_by, g_free);
}

VtClerkMode *
vt_window_get_clerk_mode (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return self->clerk_mode;
}

const char *
vt_window_get_assisted_by (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return self->assisted_by;
}
