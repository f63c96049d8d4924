#define G_LOG_DOMAIN "vt-window-clerk"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-application.h"
#include "vt-clerk.h"
#include "vt-clerk-dashboard.h"
#include "vt-consent-page.h"
#include "vt-draft.h"
#include "vt-sync.h"
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
  g_autoptr(VtReceipt) stored = vt_store_get_receipt (self->clerk_store, reference_code, &error);
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
  receipt->sent = stored->sent;
  /* Signed again from what the store keeps: the same text as first printed. */
  receipt->qr_text = vt_window_sign_receipt (self, self->clerk_store, stored->instance_id);
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

static char *
dup_service_title (VtSession *session)
{
  VtForm *form = vt_session_get_form (session);
  char *title = vt_form_dup_title (form, vt_session_get_language (session));

  return title != NULL ? title : g_strdup (vt_form_get_id (form));
}

static void
resume_draft_cb (GtkWidget  *dashboard,
                 const char *reference,
                 VtWindow   *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtDraftInfo) info = NULL;
  g_autofree char *ref = g_strdup (reference);
  const char *name = vt_clerk_mode_get_clerk_name (self->clerk_mode);
  g_autofree char *clerk = g_strdup (name != NULL ? name : VT_STORE_ACTOR_CLERK);
  VtSession *session;

  session = vt_draft_resume (self->clerk_store, ref, self->config->draft_days, g_get_real_time (), &info, &error);
  if (session == NULL)
    {
      vt_clerk_dashboard_show_message (VT_CLERK_DASHBOARD (dashboard), error->message, TRUE);
      return;
    }

  vt_clerk_mode_end (self->clerk_mode, "resuming a draft");
  vt_window_reset (self);
  self->assisted_by = g_steal_pointer (&clerk);
  self->draft_ref = g_strdup (info->reference);
  vt_window_resume_session (self, session);
}

static void
draft_notice_ok_cb (VtWindow *self)
{
  gtk_widget_set_visible (self->draft_notice, FALSE);
}

static void
save_draft_cb (VtWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *code = NULL;
  g_autofree char *text = NULL;

  if (self->session == NULL || self->assisted_by == NULL)
    return;

  title = dup_service_title (self->session);
  code = vt_draft_save (self->clerk_store, self->session, self->draft_ref, self->assisted_by, title,
                        g_get_real_time (), &error);
  if (code == NULL)
    {
      /* Translators: %s says why, in the store's words. */
      text = g_strdup_printf (_("The draft could not be saved; the answers are still here. (%s)"), error->message);
      gtk_label_set_text (GTK_LABEL (self->draft_notice_label), text);
      gtk_widget_set_visible (self->draft_notice, TRUE);
      return;
    }

  /* The applicant leaves: the kiosk forgets them; the clerk keeps the code. */
  vt_window_reset (self);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Draft saved. Its code is %s: write it down. Resume it from the clerk "
                                       "dashboard within %d day.",
                                       "Draft saved. Its code is %s: write it down. Resume it from the clerk "
                                       "dashboard within %d days.", self->config->draft_days),
                          code, self->config->draft_days);
  gtk_label_set_text (GTK_LABEL (self->draft_notice_label), text);
  gtk_widget_set_visible (self->draft_notice, TRUE);
}

void
vt_window_clerk_reset (VtWindow *self)
{
  g_clear_pointer (&self->assisted_by, g_free);
  g_clear_pointer (&self->draft_ref, g_free);
  self->assisted_confirmed = FALSE;
  if (self->draft_notice != NULL)
    gtk_widget_set_visible (self->draft_notice, FALSE);
}

void
vt_window_clerk_update (VtWindow *self)
{
  if (self->draft_button != NULL)
    gtk_widget_set_visible (self->draft_button,
                            self->assisted_by != NULL && self->session != NULL
                            && self->screen != VT_SCREEN_RECEIPT);
}

static void
consent_confirmed_cb (GtkCheckButton *check,
                      VtWindow       *self)
{
  self->assisted_confirmed = gtk_check_button_get_active (check);
}

void
vt_window_clerk_decorate_consent (VtWindow  *self,
                                  GtkWidget *consent_page)
{
  GtkWidget *send = vt_consent_page_get_send_button (VT_CONSENT_PAGE (consent_page));
  GtkWidget *row = send;
  GtkWidget *check;
  g_autofree char *label = NULL;

  self->assisted_confirmed = FALSE;
  if (self->assisted_by == NULL || send == NULL)
    return;

  /* Translators: on the consent screen when a clerk fills in an application for someone. */
  label = g_strdup_printf (_("I, %s, confirm that the applicant heard what is sent, to whom and why, and agreed."),
                           self->assisted_by);
  check = gtk_check_button_new_with_label (label);
  gtk_widget_add_css_class (check, "clerk-consent");
  g_signal_connect (check, "toggled", G_CALLBACK (consent_confirmed_cb), self);
  g_object_bind_property (check, "active", send, "sensitive", G_BINDING_SYNC_CREATE);

  /* Just above the row that holds Send. */
  while (gtk_widget_get_parent (row) != NULL && gtk_widget_get_parent (row) != consent_page)
    row = gtk_widget_get_parent (row);
  if (gtk_widget_get_parent (row) == consent_page)
    gtk_box_insert_child_after (GTK_BOX (consent_page), check, gtk_widget_get_prev_sibling (row));
  else
    gtk_box_append (GTK_BOX (consent_page), check);
}

gboolean
vt_window_clerk_prepare_submission (VtWindow               *self,
                                    VtSubmission           *submission,
                                    VtStoreEnqueueOptions  *options,
                                    GError                **error)
{
  if (self->assisted_by == NULL)
    return TRUE;

  if (!self->assisted_confirmed)
    {
      g_set_error_literal (error, VT_CLERK_ERROR, VT_CLERK_ERROR_SUBMISSION,
                           _("The clerk must first confirm that the applicant agreed."));
      return FALSE;
    }
  if (!vt_clerk_mark_assisted (submission, self->assisted_by, error))
    return FALSE;
  options->assisted_by = self->assisted_by;
  return TRUE;
}

void
vt_window_clerk_submitted (VtWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->draft_ref == NULL || self->clerk_store == NULL)
    return;
  /* The application is queued: its draft has served its purpose. */
  if (!vt_draft_delete (self->clerk_store, self->draft_ref, self->assisted_by, &error))
    g_message ("Draft %s could not be deleted: %s", self->draft_ref, error->message);
  g_clear_pointer (&self->draft_ref, g_free);
}

static void
build_draft_widgets (VtWindow   *self,
                     GtkWidget  *overlay)
{
  GtkWidget *topbar = gtk_widget_get_parent (self->brand_label);
  GtkWidget *box;
  GtkWidget *ok;

  self->draft_button = gtk_button_new_with_label (_("Save as draft"));
  gtk_widget_set_visible (self->draft_button, FALSE);
  g_signal_connect_swapped (self->draft_button, "clicked", G_CALLBACK (save_draft_cb), self);
  gtk_box_append (GTK_BOX (topbar), self->draft_button);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_add_css_class (box, "clerk-layer");
  gtk_widget_add_css_class (box, "draft-notice");
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  self->draft_notice_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->draft_notice_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->draft_notice_label), 40);
  gtk_label_set_selectable (GTK_LABEL (self->draft_notice_label), TRUE);
  gtk_box_append (GTK_BOX (box), self->draft_notice_label);
  ok = gtk_button_new_with_label (_("OK"));
  gtk_widget_set_halign (ok, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (ok, "clicked", G_CALLBACK (draft_notice_ok_cb), self);
  gtk_box_append (GTK_BOX (box), ok);
  gtk_widget_set_visible (box, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), box);
  self->draft_notice = box;
}

void
vt_window_setup_clerk (VtWindow *self)
{
  g_autoptr(GError) error = NULL;
  /* The layer goes over every screen. */
  GtkWidget *overlay = self->overlay;
  GtkWidget *dashboard;

  /* A connection of the window's own: the dashboard reads and acts on the
   * queue from the main thread. */
  self->clerk_store = vt_store_open (self->config->data_dir, &error);
  if (self->clerk_store == NULL)
    {
      g_message ("Clerk mode is not available: %s", error->message);
      return;
    }

  self->clerk_mode = vt_clerk_mode_new (self->config, self->clerk_store);
  if (VT_IS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))))
    {
      VtSync *sync = vt_application_get_sync (VT_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));

      if (sync != NULL)
        vt_clerk_mode_set_sync (self->clerk_mode, sync);
    }
  vt_clerk_mode_attach (self->clerk_mode, GTK_WINDOW (self), GTK_OVERLAY (overlay));
  g_signal_connect (self->clerk_mode, "leave-kiosk", G_CALLBACK (leave_kiosk_cb), self);

  dashboard = vt_clerk_mode_get_dashboard (self->clerk_mode);
  g_signal_connect (dashboard, "reprint", G_CALLBACK (reprint_cb), self);
  g_signal_connect (dashboard, "start-assisted", G_CALLBACK (start_assisted_cb), self);
  g_signal_connect (dashboard, "resume-draft", G_CALLBACK (resume_draft_cb), self);

  build_draft_widgets (self, overlay);
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
  g_clear_pointer (&self->draft_ref, g_free);
  self->draft_button = NULL;
  self->draft_notice = NULL;
  self->draft_notice_label = NULL;
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
