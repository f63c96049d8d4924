/* What the kiosk window does for the clerk: leaving the kiosk, a
 * receipt reprinted, an application started for someone, drafts saved
 * and resumed (the window's part; the clerk's screens are VtClerkMode). */
#define G_LOG_DOMAIN "vt-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-window-private.h"

static void
leave_kiosk_cb (VtClerkMode *mode,
                VtWindow    *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  /* The application ends with the maintenance status its unit does not
   * restart (an action: the window knows no VtApplication). */
  if (app != NULL && g_action_group_has_action (G_ACTION_GROUP (app), "leave-for-maintenance"))
    g_action_group_activate_action (G_ACTION_GROUP (app), "leave-for-maintenance", NULL);
  vt_window_set_allow_close (self, TRUE);
  gtk_window_close (GTK_WINDOW (self));
}

static char *
dup_clerk (VtWindow *self)
{
  const char *name = vt_clerk_mode_get_clerk_name (self->clerk_mode);

  return g_strdup (name != NULL ? name : VT_STORE_ACTOR_CLERK);
}

/* The receipt goes on screen, where it is printed; clerk mode ends so the
 * screen is not left behind a dashboard nobody watches. */
static void
reprint_cb (VtClerkMode     *mode,
            const VtReceipt *receipt,
            VtWindow        *self)
{
  vt_clerk_mode_end (self->clerk_mode, "receipt reprint");
  vt_window_reset (self);
  vt_flow_show_receipt (self->flow, receipt);
}

static void
start_assisted_cb (VtClerkMode *mode,
                   VtWindow    *self)
{
  g_autofree char *clerk = dup_clerk (self);

  vt_clerk_mode_end (self->clerk_mode, "assisting an applicant");
  vt_window_reset (self);
  /* After reset, which forgets the last applicant's clerk. */
  vt_flow_set_assisted_by (self->flow, clerk);
  vt_window_show_screen (self, VT_SCREEN_SERVICES);
}

static void
draft_resumed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  VtWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtDraftInfo) info = NULL;
  g_autofree char *clerk = NULL;
  VtSession *session;

  session = vt_store_owner_resume_draft_finish (VT_STORE_OWNER (source), result, &info, &error);
  if (vt_window_error_is_cancelled (error))
    return;
  if (session == NULL)
    {
      vt_clerk_mode_show_message (self->clerk_mode, error->message, TRUE);
      return;
    }

  clerk = dup_clerk (self);
  vt_clerk_mode_end (self->clerk_mode, "resuming a draft");
  vt_window_reset (self);
  vt_flow_resume (self->flow, session, info, clerk);
}

static void
resume_draft_cb (VtClerkMode *mode,
                 const char  *reference,
                 VtWindow    *self)
{
  vt_store_owner_resume_draft_async (self->owner, reference, self->config->draft_days, g_get_real_time (),
                                     self->cancellable, draft_resumed_cb, self);
}

static void
draft_notice_ok_cb (VtWindow *self)
{
  gtk_widget_set_visible (self->draft_notice, FALSE);
}

static void
show_draft_notice (VtWindow   *self,
                   const char *text)
{
  gtk_label_set_text (GTK_LABEL (self->draft_notice_label), text);
  gtk_widget_set_visible (self->draft_notice, TRUE);
}

static void
draft_saved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  VtWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = vt_flow_save_draft_finish (VT_FLOW (source), result, &error);
  g_autofree char *text = NULL;

  if (vt_window_error_is_cancelled (error))
    return;
  gtk_widget_set_sensitive (self->draft_button, TRUE);
  if (code == NULL)
    {
      /* Translators: %s says why, in the store's words. */
      text = g_strdup_printf (_("The draft could not be saved; the answers are still here. (%s)"), error->message);
      show_draft_notice (self, text);
      return;
    }

  /* The applicant leaves: the kiosk forgets them; the clerk keeps the code. */
  vt_window_reset (self);
  text = g_strdup_printf (ngettext ("Draft saved. Its code is %s: write it down. Resume it from the clerk "
                                    "dashboard within %d day.",
                                    "Draft saved. Its code is %s: write it down. Resume it from the clerk "
                                    "dashboard within %d days.", self->config->draft_days),
                          code, self->config->draft_days);
  show_draft_notice (self, text);
}

static void
save_draft_cb (VtWindow *self)
{
  /* One save at a time. */
  gtk_widget_set_sensitive (self->draft_button, FALSE);
  vt_flow_save_draft_async (self->flow, self->cancellable, draft_saved_cb, self);
}

void
vt_window_connect_clerk (VtWindow *self)
{
  g_signal_connect (self->clerk_mode, "leave-kiosk", G_CALLBACK (leave_kiosk_cb), self);
  g_signal_connect (self->clerk_mode, "reprint", G_CALLBACK (reprint_cb), self);
  g_signal_connect (self->clerk_mode, "start-assisted", G_CALLBACK (start_assisted_cb), self);
  g_signal_connect (self->clerk_mode, "resume-draft", G_CALLBACK (resume_draft_cb), self);
}

void
vt_window_class_bind_clerk (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, save_draft_cb);
  gtk_widget_class_bind_template_callback (widget_class, draft_notice_ok_cb);
}
