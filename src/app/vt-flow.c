#define G_LOG_DOMAIN "vt-flow"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-capture-view.h"
#include "vt-clerk.h"
#include "vt-consent-page.h"
#include "vt-dropoff.h"
#include "vt-feedback-question.h"
#include "vt-flow.h"
#include "vt-kiosk-identity.h"
#include "vt-language.h"
#include "vt-question-page.h"
#include "vt-question-view.h"
#include "vt-receipt-page.h"
#include "vt-review-page.h"
#include "vt-submission.h"
#include "vt-wipe.h"

/* The citizen's application between the services page and Welcome again.
 * What the citizen typed that is not an answer yet is kept beside the
 * session, so nothing is lost when a page is rebuilt for a new language or
 * text size, and what is wrong with it is asked of the session each time
 * the page is checked, so the message comes in the language shown then. */

typedef struct
{
  char *text;                      /* as typed, shown again on a rebuild */
  char *value;                     /* what the view made of it, or NULL */
} RawInput;


struct _VtFlow
{
  GObject        parent_instance;

  VtConfig      *config;
  VtStoreOwner  *owner;
  VtCatalogue   *catalogue;
  VtDevices     *devices;          /* the kiosk's camera, scanner, USB ports… */
  GCancellable  *cancellable;      /* cancelled at dispose */

  GtkWidget     *page;             /* weak: the last page built */

  /* The citizen's application: everything below is wiped by reset. */
  VtForm        *form;
  VtSession     *session;
  VtPage        *shown;            /* the question page on screen, as built for it */
  char          *page_id;          /* the question page shown */
  gboolean       from_review;      /* "Change" came from check-your-answers */
  GHashTable    *raw_input;        /* path → RawInput: text the session refused (e.g. "12a") */
  GPtrArray     *errors;           /* VtValidationError * of the page shown, or NULL */
  char          *consent_problem;  /* why the last Send did not save, in the store's words */
  char          *shown_signature;  /* the question paths of the page shown */
  char          *refresh_focus_path;
  guint          refresh_id;
  VtReceipt     *receipt;          /* what the receipt screen shows, until Finish or the idle guard */
  GStrv          receipt_files;    /* "foto.jpg (1.2 MB)": names and sizes, never content */
  char          *receipt_qr_text;  /* the signed payload, once signed; NULL: the unsigned one */
  gboolean       receipt_query;    /* a look at the receipt's state is under way */
  gboolean       ask_feedback;     /* a receipt just made here: "How easy was this?" under it */
  GCancellable  *start_cancellable; /* the store's check before a service starts */

  /* The clerk's part, also wiped by reset. */
  char          *assisted_by;      /* the clerk filling this application in, or NULL */
  char          *draft_ref;        /* the draft this application was resumed from */
  gint64         draft_created_at;
};

G_DEFINE_FINAL_TYPE (VtFlow, vt_flow, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CONFIG,
  PROP_STORE_OWNER,
  PROP_CATALOGUE,
  PROP_DEVICES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  NAVIGATE,
  REFRESH_PAGE,
  SERVICE_UNAVAILABLE,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
raw_input_free (RawInput *raw)
{
  /* What was typed is overwritten, not only freed. */
  vt_wipe_free (raw->text);
  vt_wipe_free (raw->value);
  g_free (raw);
}

/* The receipt screen shows receipt (and files) from now on. */
static void
set_receipt (VtFlow    *self,
             VtReceipt *receipt,
             GStrv      files)
{
  g_clear_pointer (&self->receipt, vt_receipt_free);
  g_clear_pointer (&self->receipt_files, g_strfreev);
  g_clear_pointer (&self->receipt_qr_text, g_free);
  self->receipt = receipt;
  self->receipt_files = files;
  self->ask_feedback = FALSE;
}

/* ---- signing the receipt ---------------------------------------------- */

typedef struct
{
  char *data_dir;
  char *instance_id;
} SignData;

static void
sign_data_free (SignData *data)
{
  g_free (data->data_dir);
  g_free (data->instance_id);
  g_free (data);
}

static gpointer
sign_receipt_func (VtStore  *store,
                   gpointer  user_data,
                   GError  **error)
{
  SignData *data = user_data;

  return vt_kiosk_identity_sign_receipt (store, data->data_dir, data->instance_id, error);
}

typedef struct
{
  VtFlow *flow;
  char   *instance_id;
} SignReply;

static void
receipt_signed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SignReply *reply = user_data;
  g_autoptr(VtFlow) self = reply->flow;
  g_autofree char *instance_id = reply->instance_id;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = vt_store_owner_run_finish (VT_STORE_OWNER (source), result, &error);

  g_free (reply);
  if (text == NULL)
    {
      /* The citizen keeps the receipt with the unsigned code; the journal
       * says why (the message says how to fix the key). */
      g_message ("The receipt is not signed: %s", error->message);
      return;
    }
  /* Still the receipt asked about: another may be on screen by now. */
  if (self->receipt == NULL || g_strcmp0 (self->receipt->instance_id, instance_id) != 0)
    return;
  g_free (self->receipt_qr_text);
  self->receipt_qr_text = g_steal_pointer (&text);
  if (VT_IS_RECEIPT_PAGE (self->page))
    vt_receipt_page_set_qr_text (VT_RECEIPT_PAGE (self->page), self->receipt_qr_text);
}

/* Signs what the store holds of the receipt on screen with the kiosk's key
 * (vt-kiosk-identity.h), on the store's worker: a reprint is signed from
 * the same record, so it carries the same text. */
static void
sign_receipt (VtFlow *self)
{
  SignData *data = g_new0 (SignData, 1);
  SignReply *reply = g_new0 (SignReply, 1);

  data->data_dir = g_strdup (self->config->data_dir);
  data->instance_id = g_strdup (self->receipt->instance_id);
  reply->flow = g_object_ref (self);
  reply->instance_id = g_strdup (self->receipt->instance_id);
  vt_store_owner_run_async (self->owner, sign_receipt_func, data, (GDestroyNotify) sign_data_free, g_free, NULL,
                            receipt_signed_cb, reply);
}

static GPtrArray *validate_page (VtFlow       *self,
                                 const VtPage *page);

static void
navigate (VtFlow   *self,
          VtScreen  screen)
{
  g_signal_emit (self, signals[NAVIGATE], 0, screen);
}

static void
end_session (VtFlow *self)
{
  /* An application ends: the camera, a recording, a scan stop, and every
   * USB stick is unmounted.  (Not before one starts: a stick plugged in
   * first is for it.) */
  if (self->session != NULL && self->devices != NULL)
    vt_devices_release (self->devices);
  if (self->session != NULL)
    vt_session_wipe (self->session);
  g_clear_pointer (&self->session, vt_session_free);
  g_clear_pointer (&self->form, vt_form_unref);
  g_clear_pointer (&self->shown, vt_page_free);
  g_clear_pointer (&self->page_id, g_free);
  g_clear_pointer (&self->raw_input, g_hash_table_unref);
  g_clear_pointer (&self->errors, g_ptr_array_unref);
  g_clear_pointer (&self->consent_problem, g_free);
  g_clear_pointer (&self->shown_signature, g_free);
  g_clear_pointer (&self->refresh_focus_path, g_free);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->from_review = FALSE;
}

/* ---- where forms lose people ------------------------------------------ */

typedef struct
{
  char *form_id;
  char *form_version;
  char *page;
  char *reason;
} DropoffData;

static void
dropoff_data_free (DropoffData *data)
{
  g_free (data->form_id);
  g_free (data->form_version);
  g_free (data->page);
  g_free (data->reason);
  g_free (data);
}

static gpointer
count_dropoff_func (VtStore  *store,
                    gpointer  user_data,
                    GError  **error)
{
  DropoffData *data = user_data;

  if (!vt_dropoff_record (store, data->form_id, data->form_version, data->page, data->reason, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
dropoff_counted_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (vt_store_owner_run_finish (VT_STORE_OWNER (source), result, &error) == NULL)
    g_message ("An abandoned application was not counted: %s", error->message);
}

void
vt_flow_count_dropoff (VtFlow     *self,
                       const char *reason)
{
  DropoffData *data;
  const char *page;

  g_return_if_fail (VT_IS_FLOW (self));
  g_return_if_fail (reason != NULL);

  if (self->session == NULL || self->form == NULL)
    return;
  if (VT_IS_REVIEW_PAGE (self->page))
    page = VT_DROPOFF_PAGE_REVIEW;
  else if (VT_IS_CONSENT_PAGE (self->page))
    page = VT_DROPOFF_PAGE_CONSENT;
  else if (self->page_id != NULL)
    page = self->page_id;
  else
    return;
  /* The form, the page and why: nothing of the answers. */
  data = g_new0 (DropoffData, 1);
  data->form_id = g_strdup (vt_form_get_id (self->form));
  data->form_version = g_strdup (vt_form_get_version (self->form));
  data->page = g_strdup (page);
  data->reason = g_strdup (reason);
  vt_store_owner_run_async (self->owner, count_dropoff_func, data, (GDestroyNotify) dropoff_data_free, NULL, NULL,
                            dropoff_counted_cb, NULL);
}

void
vt_flow_reset (VtFlow *self)
{
  g_return_if_fail (VT_IS_FLOW (self));

  if (self->start_cancellable != NULL)
    g_cancellable_cancel (self->start_cancellable);
  g_clear_object (&self->start_cancellable);
  end_session (self);
  set_receipt (self, NULL, NULL);
  g_clear_pointer (&self->assisted_by, g_free);
  g_clear_pointer (&self->draft_ref, g_free);
  self->draft_created_at = 0;
}

static char *
dup_service_title (VtFlow *self)
{
  char *title = vt_form_dup_title (self->form, vt_session_get_language (self->session));

  return title != NULL ? title : g_strdup (vt_form_get_id (self->form));
}

/* The session builds one page at a time (a big form is not built whole at
 * each Continue): where the page shown is now, and that page built anew
 * with its labels and choices as the answers make them now. */
static int
page_index (VtFlow     *self,
            const char *id)
{
  return vt_session_find_page (self->session, id);
}

static VtPage *
dup_current_page (VtFlow *self)
{
  int index = page_index (self, self->page_id);

  return index >= 0 ? vt_session_get_page (self->session, (guint) index) : NULL;
}

static void
show_page_at (VtFlow *self,
              int     index)
{
  if (index < 0 || (guint) index >= vt_session_get_n_pages (self->session))
    {
      navigate (self, VT_SCREEN_REVIEW);
      return;
    }
  g_free (self->page_id);
  self->page_id = g_strdup (vt_session_get_page_id (self->session, (guint) index));
  g_clear_pointer (&self->errors, g_ptr_array_unref);
  navigate (self, VT_SCREEN_QUESTION);
}

static void
begin_session (VtFlow    *self,
               VtSession *session)
{
  end_session (self);
  self->form = vt_form_ref (vt_session_get_form (session));
  self->session = session;
  self->raw_input = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) raw_input_free);
  show_page_at (self, 0);
}

/* ---- starting a service ------------------------------------------------ */

typedef struct
{
  VtFlow *self;
  VtForm *form;
} StartData;

static void
start_data_free (StartData *data)
{
  g_object_unref (data->self);
  vt_form_unref (data->form);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StartData, start_data_free)

static void
writable_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(StartData) data = user_data;
  VtFlow *self = data->self;
  g_autoptr(GError) error = NULL;
  VtSession *session;

  if (!vt_store_owner_check_writable_finish (VT_STORE_OWNER (source), result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_message ("New applications are stopped: %s", error->message);
      /* Translators: shown to a citizen who picked a service; %s is the
       * store's reason, for the clerk. */
      text = g_strdup_printf (_("This kiosk cannot take applications right now, so nothing you type could be kept. "
                                "Please ask at the counter. (%s)"), error->message);
      g_clear_object (&self->start_cancellable);
      g_signal_emit (self, signals[SERVICE_UNAVAILABLE], 0, text);
      return;
    }
  g_clear_object (&self->start_cancellable);

  session = vt_session_new (data->form, vt_form_match_language (data->form, vt_language_get_current ()), &error);
  if (session == NULL)
    {
      g_message ("Cannot start %s: %s", vt_form_get_id (data->form), error->message);
      return;
    }
  begin_session (self, session);
}

void
vt_flow_start_service (VtFlow     *self,
                       const char *form_id)
{
  VtForm *form;
  StartData *data;

  g_return_if_fail (VT_IS_FLOW (self));

  form = vt_catalogue_get_form (self->catalogue, form_id);
  g_return_if_fail (form != NULL);

  /* Coming back to the same service (Back, then the same button) keeps
   * the answers; another service starts afresh. */
  if (self->session != NULL && self->form == form)
    {
      show_page_at (self, MAX (page_index (self, self->page_id), 0));
      return;
    }

  /* A full disk or a damaged database is found now, before the citizen
   * types anything that could not be kept.  The last service picked wins. */
  if (self->start_cancellable != NULL)
    g_cancellable_cancel (self->start_cancellable);
  g_clear_object (&self->start_cancellable);
  self->start_cancellable = g_cancellable_new ();
  data = g_new0 (StartData, 1);
  data->self = g_object_ref (self);
  data->form = vt_form_ref (form);
  vt_store_owner_check_writable_async (self->owner, self->start_cancellable, writable_cb, data);
}

void
vt_flow_resume (VtFlow            *self,
                VtSession         *session,
                const VtDraftInfo *info,
                const char        *clerk)
{
  g_return_if_fail (VT_IS_FLOW (self));
  g_return_if_fail (session != NULL);
  g_return_if_fail (info != NULL);

  vt_flow_reset (self);
  self->assisted_by = g_strdup (clerk);
  self->draft_ref = g_strdup (info->reference);
  self->draft_created_at = info->created_at;
  begin_session (self, session);
}

void
vt_flow_set_assisted_by (VtFlow     *self,
                         const char *clerk)
{
  g_return_if_fail (VT_IS_FLOW (self));

  g_free (self->assisted_by);
  self->assisted_by = g_strdup (clerk);
}

const char *
vt_flow_get_assisted_by (VtFlow *self)
{
  g_return_val_if_fail (VT_IS_FLOW (self), NULL);

  return self->assisted_by;
}

void
vt_flow_language_changed (VtFlow *self)
{
  g_autoptr(VtPage) shown = NULL;

  g_return_if_fail (VT_IS_FLOW (self));

  if (self->session == NULL)
    return;
  vt_session_set_language (self->session, vt_form_match_language (self->form, vt_language_get_current ()));

  /* Errors on screen are asked for again, so they come in the new
   * language too. */
  if (self->errors == NULL)
    return;
  shown = dup_current_page (self);
  g_clear_pointer (&self->errors, g_ptr_array_unref);
  if (shown != NULL)
    self->errors = validate_page (self, shown);
}

/* ---- question pages ---------------------------------------------------- */

static char *
page_signature (const VtPage *page)
{
  GString *s = g_string_new (NULL);

  for (guint q = 0; page != NULL && page->questions != NULL && q < page->questions->len; q++)
    {
      const VtQuestion *question = g_ptr_array_index (page->questions, q);

      g_string_append (s, question->path);
      /* Choices filtered by another answer (choice_filter) count too. */
      for (guint c = 0; question->choices != NULL && c < question->choices->len; c++)
        {
          g_string_append_c (s, ' ');
          g_string_append (s, ((VtChoice *) g_ptr_array_index (question->choices, c))->value);
        }
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

/* The first question of after that before did not hold: the one an
 * answer brought onto the page, or NULL. */
static const char *
first_new_question (const VtPage *before,
                    const VtPage *after)
{
  for (guint a = 0; after->questions != NULL && a < after->questions->len; a++)
    {
      const VtQuestion *question = g_ptr_array_index (after->questions, a);
      gboolean found = FALSE;

      for (guint b = 0; before != NULL && before->questions != NULL && b < before->questions->len && !found; b++)
        found = g_strcmp0 (((const VtQuestion *) g_ptr_array_index (before->questions, b))->path, question->path) == 0;
      if (!found)
        return question->path;
    }
  return NULL;
}

/* An answer in a field-list can show or hide other questions of the same
 * page ("Has the baby a name?"): rebuild the page then, outside the
 * signal of the control being typed into.  The window keeps the page's
 * scroll and brings the new question into sight; the focus goes back to
 * the very control that was used (the choice tapped, the month typed). */
static gboolean
refresh_page_idle (gpointer data)
{
  VtFlow *self = data;
  g_autofree char *focus_path = g_steal_pointer (&self->refresh_focus_path);
  g_autoptr(VtPage) after = NULL;
  GtkWidget *view;
  int place = -1;

  self->refresh_id = 0;
  if (self->session == NULL || !VT_IS_QUESTION_PAGE (self->page))
    return G_SOURCE_REMOVE;

  after = dup_current_page (self);
  if (after == NULL || self->shown == NULL || g_strcmp0 (after->id, self->shown->id) != 0)
    {
      /* The page itself went away: another one is shown, from its top. */
      navigate (self, VT_SCREEN_QUESTION);
      return G_SOURCE_REMOVE;
    }

  view = vt_question_page_get_view (VT_QUESTION_PAGE (self->page), focus_path);
  if (view != NULL)
    place = vt_question_view_get_focus_place (VT_QUESTION_VIEW (view));
  g_signal_emit (self, signals[REFRESH_PAGE], 0, first_new_question (self->shown, after));

  view = VT_IS_QUESTION_PAGE (self->page) ? vt_question_page_get_view (VT_QUESTION_PAGE (self->page), focus_path)
                                          : NULL;
  if (view != NULL)
    vt_question_view_focus_place (VT_QUESTION_VIEW (view), place);
  else if (self->page != NULL)
    gtk_widget_child_focus (self->page, GTK_DIR_TAB_FORWARD);
  return G_SOURCE_REMOVE;
}

static void
check_page_changed (VtFlow     *self,
                    const char *path)
{
  g_autoptr(VtPage) shown = dup_current_page (self);
  g_autofree char *after = page_signature (shown);
  if (g_strcmp0 (after, self->shown_signature) != 0 && self->refresh_id == 0)
    {
      g_free (self->refresh_focus_path);
      self->refresh_focus_path = g_strdup (path);
      self->refresh_id = g_idle_add (refresh_page_idle, self);
    }
}

static void
answer_changed_cb (VtQuestionPage *page,
                   const char     *path,
                   const char     *value,
                   const char     *text,
                   VtFlow         *self)
{
  RawInput *raw;

  /* No log line here: answers are personal data and never leave the session. */

  if (value != NULL && vt_session_set_answer (self->session, path, value, NULL))
    {
      g_hash_table_remove (self->raw_input, path);
      check_page_changed (self, path);
      return;
    }

  /* Not an answer (yet): keep the text so a rebuild shows it again, and
   * what the view made of it, for the session to say what is wrong when
   * the citizen presses Continue. */
  raw = g_new0 (RawInput, 1);
  raw->text = g_strdup (text);
  raw->value = g_strdup (value);
  g_hash_table_replace (self->raw_input, g_strdup (path), raw);
  /* The session must not keep an older answer the citizen has changed. */
  vt_session_set_answer (self->session, path, "", NULL);
}

/* ---- uploads ------------------------------------------------------------- */

/* The question a capture view answers: the view it sits in says. */
static const char *
capture_path (VtCaptureView *capture)
{
  GtkWidget *view = gtk_widget_get_ancestor (GTK_WIDGET (capture), VT_TYPE_QUESTION_VIEW);

  return view != NULL ? vt_question_view_get_path (VT_QUESTION_VIEW (view)) : NULL;
}

static void
file_attached_cb (VtCaptureView *capture,
                  const char    *name,
                  const char    *content_type,
                  GBytes        *bytes,
                  VtFlow        *self)
{
  const char *path = capture_path (capture);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (path != NULL);

  /* The file is personal data: it lives in the session only, in memory. */
  if (!vt_session_set_attachment (self->session, path, name, content_type, bytes, &error))
    {
      g_message ("An attachment was refused: %s", error->message);
      return;
    }
  g_hash_table_remove (self->raw_input, path);
  check_page_changed (self, path);
}

static void
file_removed_cb (VtCaptureView *capture,
                 VtFlow        *self)
{
  const char *path = capture_path (capture);

  g_return_if_fail (path != NULL);

  vt_session_set_answer (self->session, path, "", NULL);
  check_page_changed (self, path);
}

/* Upload questions are answered with the kiosk's devices. */
static void
connect_uploads (VtFlow       *self,
                 GtkWidget    *page,
                 const VtPage *shown)
{
  for (guint i = 0; shown->questions != NULL && i < shown->questions->len; i++)
    {
      const VtQuestion *question = g_ptr_array_index (shown->questions, i);
      GtkWidget *view;
      GtkWidget *capture;

      if (question->kind != VT_CONTROL_UPLOAD ||
          (view = vt_question_page_get_view (VT_QUESTION_PAGE (page), question->path)) == NULL)
        continue;
      capture = vt_question_view_set_devices (VT_QUESTION_VIEW (view), question, self->devices,
                                              vt_session_get_attachment (self->session, question->path));
      g_signal_connect_object (capture, "attached", G_CALLBACK (file_attached_cb), self, 0);
      g_signal_connect_object (capture, "removed", G_CALLBACK (file_removed_cb), self, 0);
    }
}

/* Why the text typed at question is not an answer, in the language shown
 * now: the session's own words for what it refuses, the view's for fields
 * that made no answer at all.  NULL when the session takes it now. */
static char *
describe_raw_input (VtFlow           *self,
                    const VtQuestion *question,
                    RawInput         *raw)
{
  g_autoptr(GError) error = NULL;

  if (raw->value == NULL)
    return vt_question_view_describe_unfinished (question->type);
  if (vt_session_set_answer (self->session, question->path, raw->value, &error))
    {
      g_hash_table_remove (self->raw_input, question->path);
      return NULL;
    }
  return g_strdup (error->message);
}

static GPtrArray *
validate_page (VtFlow       *self,
               const VtPage *page)
{
  g_autoptr(GPtrArray) session_errors = NULL;
  GPtrArray *errors = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_validation_error_free);
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func (g_free);

  /* Typed text first: what the session takes now becomes an answer before
   * the page's rules are checked. */
  for (guint q = 0; page->questions != NULL && q < page->questions->len; q++)
    {
      const VtQuestion *question = g_ptr_array_index (page->questions, q);
      RawInput *raw = g_hash_table_lookup (self->raw_input, question->path);
      char *message = raw != NULL ? describe_raw_input (self, question, raw) : NULL;

      g_ptr_array_add (refused, message);
    }

  session_errors = vt_session_validate_page (self->session, page);
  for (guint q = 0; page->questions != NULL && q < page->questions->len; q++)
    {
      const VtQuestion *question = g_ptr_array_index (page->questions, q);
      const char *message = g_ptr_array_index (refused, q);
      VtValidationError *error;

      for (guint e = 0; message == NULL && session_errors != NULL && e < session_errors->len; e++)
        {
          VtValidationError *found = g_ptr_array_index (session_errors, e);

          if (g_str_equal (found->path, question->path))
            message = found->message;
        }
      if (message == NULL)
        continue;
      error = g_new0 (VtValidationError, 1);
      error->path = g_strdup (question->path);
      error->message = g_strdup (message);
      g_ptr_array_add (errors, error);
    }
  return errors;
}

static void
next_cb (VtQuestionPage *page,
         VtFlow         *self)
{
  g_autoptr(VtPage) shown = dup_current_page (self);
  g_autoptr(GPtrArray) errors = NULL;
  int index;

  if (shown == NULL)
    {
      show_page_at (self, 0);
      return;
    }

  errors = validate_page (self, shown);
  if (errors->len > 0)
    {
      /* Same page again, with each error by its field, a summary at the
       * top, and focus on the summary. */
      g_clear_pointer (&self->errors, g_ptr_array_unref);
      self->errors = g_steal_pointer (&errors);
      navigate (self, VT_SCREEN_QUESTION);
      return;
    }

  /* An answer taken just now may have changed what comes next: where
   * the page is now is asked again. */
  index = page_index (self, self->page_id);
  if (self->from_review && shown->kind == VT_PAGE_QUESTIONS)
    {
      self->from_review = FALSE;
      navigate (self, VT_SCREEN_REVIEW);
      return;
    }
  show_page_at (self, index + 1);
}

static void
back_cb (VtQuestionPage *page,
         VtFlow         *self)
{
  int index = page_index (self, self->page_id);

  if (self->from_review)
    {
      self->from_review = FALSE;
      navigate (self, VT_SCREEN_REVIEW);
    }
  else if (index <= 0)
    navigate (self, VT_SCREEN_SERVICES);
  else
    show_page_at (self, index - 1);
}

static void
add_repeat_cb (VtQuestionPage *page,
               VtFlow         *self)
{
  g_autoptr(VtPage) shown = dup_current_page (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *instance = NULL;
  int index;

  if (shown == NULL || shown->kind != VT_PAGE_REPEAT_PROMPT)
    return;

  instance = vt_session_add_repeat (self->session, shown->repeat_path, &error);
  if (instance == NULL)
    {
      g_message ("Cannot add to %s: %s", shown->repeat_path, error->message);
      return;
    }

  /* The new instance's pages come before the prompt now: go to the first
   * page whose questions live in the new instance. */
  index = vt_session_find_page_of (self->session, instance);
  if (index >= 0)
    {
      show_page_at (self, index);
      return;
    }
  index = page_index (self, self->page_id);
  show_page_at (self, index + 1);
}

/* ---- review, consent, submit --------------------------------------------- */

static void
review_back_cb (VtReviewPage *page,
                VtFlow       *self)
{
  show_page_at (self, (int) vt_session_get_n_pages (self->session) - 1);
}

static void
review_change_cb (VtReviewPage *page,
                  const char   *page_id,
                  VtFlow       *self)
{
  int index = page_index (self, page_id);

  if (index < 0)
    return;
  self->from_review = TRUE;
  show_page_at (self, index);
}

static void
review_continue_cb (VtReviewPage *page,
                    VtFlow       *self)
{
  g_autoptr(GPtrArray) errors = vt_session_validate_all (self->session);

  if (errors != NULL && errors->len > 0)
    {
      /* Something no longer holds (an answer changed a rule): go to it. */
      const VtValidationError *first = g_ptr_array_index (errors, 0);
      int index = vt_session_find_page_of (self->session, first->path);
      g_autoptr(VtPage) candidate = index >= 0 ? vt_session_get_page (self->session, (guint) index) : NULL;

      if (candidate != NULL)
        {
          g_free (self->page_id);
          self->page_id = g_strdup (candidate->id);
          g_clear_pointer (&self->errors, g_ptr_array_unref);
          self->errors = validate_page (self, candidate);
          navigate (self, VT_SCREEN_QUESTION);
          return;
        }
    }
  g_clear_pointer (&self->consent_problem, g_free);
  navigate (self, VT_SCREEN_CONSENT);
}

static void
consent_back_cb (VtConsentPage *page,
                 VtFlow        *self)
{
  navigate (self, VT_SCREEN_REVIEW);
}

static void
draft_deleted_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autofree char *reference = user_data;
  g_autoptr(GError) error = NULL;

  if (!vt_store_owner_delete_draft_finish (VT_STORE_OWNER (source), result, &error))
    g_message ("Draft %s could not be deleted: %s", reference, error->message);
}

/* Before the enqueue: an assisted application records its clerk in the
 * XML (meta/userID) and on the receipt. */
static gboolean
prepare_assisted (VtFlow                 *self,
                  VtConsentPage          *page,
                  VtSubmission           *submission,
                  VtStoreEnqueueOptions  *options,
                  GError                **error)
{
  if (self->assisted_by == NULL)
    return TRUE;

  if (!vt_consent_page_get_confirmed (page))
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

/* The receipt's lines for the files that went with the application. */
static GStrv
dup_file_lines (VtSubmission *submission)
{
  g_autoptr(GStrvBuilder) files = g_strv_builder_new ();

  for (guint i = 0; i < submission->attachments->len; i++)
    {
      const VtAttachment *a = g_ptr_array_index (submission->attachments, i);
      g_autofree char *size = g_format_size (vt_attachment_get_size (a));
      g_autofree char *name = g_strdup (a->name);
      g_autofree char *line = NULL;

      /* An encrypted form's files travel as "<name>.enc", the answers
       * themselves as submission.xml.enc. */
      if (submission->encrypted && g_str_has_suffix (name, ".enc"))
        name[strlen (name) - 4] = '\0';
      if (submission->encrypted && g_str_equal (name, "submission.xml"))
        continue;
      /* Translators: a file on the receipt, its name and size: "foto.jpg (1.2 MB)". */
      line = g_strdup_printf (_("%s (%s)"), name, size);
      g_strv_builder_add (files, line);
    }
  return g_strv_builder_end (files);
}

/* The one place the main loop waits on the disk: a single SQLite
 * transaction with synchronous=FULL.  The receipt shows only once it has
 * committed. */
static void
consent_send_cb (VtConsentPage *page,
                 VtFlow        *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtSubmission) submission = NULL;
  g_autofree char *title = dup_service_title (self);
  g_autofree char *code = NULL;
  VtStoreEnqueueOptions options = { 0 };
  VtReceipt *receipt;

  submission = vt_submission_new_from_session (self->session, &error);
  if (submission != NULL)
    {
      options.service_title = title;
      options.language = vt_session_get_language (self->session);
      if (prepare_assisted (self, page, submission, &options, &error))
        code = vt_store_owner_enqueue (self->owner, submission, &options, &error);
    }

  if (code == NULL)
    {
      g_message ("The application was not saved: %s", error->message);
      g_free (self->consent_problem);
      self->consent_problem = g_strdup (error->message);
      navigate (self, VT_SCREEN_CONSENT);
      return;
    }

  receipt = g_new0 (VtReceipt, 1);
  receipt->reference_code = g_steal_pointer (&code);
  receipt->instance_id = g_strdup (submission->instance_id);
  receipt->form_id = g_strdup (submission->form_id);
  receipt->form_version = g_strdup (submission->form_version);
  receipt->service_title = g_steal_pointer (&title);
  receipt->language = g_strdup (options.language);
  receipt->assisted_by = g_strdup (options.assisted_by);
  receipt->created_at = g_get_real_time ();
  receipt->sent = FALSE;
  set_receipt (self, receipt, dup_file_lines (submission));
  self->ask_feedback = self->config->feedback_ask;
  sign_receipt (self);

  /* The application is queued: a draft it was resumed from has served its
   * purpose. */
  if (self->draft_ref != NULL)
    {
      char *reference = g_steal_pointer (&self->draft_ref);

      vt_store_owner_delete_draft_async (self->owner, reference, self->assisted_by, NULL, draft_deleted_cb,
                                         reference);
    }

  /* Nothing of the session is kept once it is safely queued. */
  end_session (self);
  navigate (self, VT_SCREEN_RECEIPT);
}

/* ---- the receipt ------------------------------------------------------ */

void
vt_flow_show_receipt (VtFlow          *self,
                      const VtReceipt *stored)
{
  g_return_if_fail (VT_IS_FLOW (self));
  g_return_if_fail (stored != NULL);

  set_receipt (self, vt_receipt_copy (stored), NULL);
  sign_receipt (self);
  navigate (self, VT_SCREEN_RECEIPT);
}

static void
receipt_state_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(VtFlow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtReceipt) stored = vt_store_owner_get_receipt_finish (VT_STORE_OWNER (source), result, &error);

  self->receipt_query = FALSE;
  if (stored == NULL || !stored->sent)
    return;
  /* Still the receipt asked about: another may be on screen by now. */
  if (self->receipt == NULL || self->receipt->sent
      || g_strcmp0 (self->receipt->instance_id, stored->instance_id) != 0)
    return;
  self->receipt->sent = TRUE;
  if (VT_IS_RECEIPT_PAGE (self->page))
    vt_receipt_page_set_sent (VT_RECEIPT_PAGE (self->page), TRUE);
}

void
vt_flow_refresh_receipt (VtFlow *self)
{
  g_return_if_fail (VT_IS_FLOW (self));

  if (self->receipt == NULL || self->receipt->sent || self->receipt_query)
    return;
  self->receipt_query = TRUE;
  vt_store_owner_get_receipt_async (self->owner, NULL, self->receipt->instance_id, self->cancellable,
                                    receipt_state_cb, g_object_ref (self));
}

const char *
vt_flow_get_receipt_reference (VtFlow *self)
{
  g_return_val_if_fail (VT_IS_FLOW (self), NULL);

  return self->receipt != NULL ? self->receipt->reference_code : NULL;
}

static void
receipt_finish_cb (VtReceiptPage *page,
                   VtFlow        *self)
{
  g_signal_emit (self, signals[FINISHED], 0);
}

/* ---- drafts ------------------------------------------------------------ */

static void
draft_saved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *code = vt_store_owner_save_draft_finish (VT_STORE_OWNER (source), result, &error);

  if (code == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, code, g_free);
}

void
vt_flow_save_draft_async (VtFlow              *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *title = NULL;
  gint64 now = g_get_real_time ();

  g_return_if_fail (VT_IS_FLOW (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_flow_save_draft_async);
  if (self->session == NULL || self->assisted_by == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               "Only an application a clerk fills in can be saved as a draft");
      return;
    }

  title = dup_service_title (self);
  vt_store_owner_save_draft_async (self->owner, self->session, self->draft_ref, self->assisted_by, title,
                                   self->draft_created_at > 0 ? self->draft_created_at : now, now, cancellable,
                                   draft_saved_cb, g_steal_pointer (&task));
}

char *
vt_flow_save_draft_finish (VtFlow        *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (VT_IS_FLOW (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- pages -------------------------------------------------------------- */

static GtkWidget *
build_question_page (VtFlow *self)
{
  g_autoptr(GHashTable) texts = g_hash_table_new (g_str_hash, g_str_equal);
  VtPage *shown;
  GtkWidget *page;
  GHashTableIter iter;
  gpointer key, value;

  g_clear_pointer (&self->shown, vt_page_free);
  shown = dup_current_page (self);
  if (shown == NULL)
    {
      /* The page went away (an answer made it irrelevant): the nearest
       * page still there is the first. */
      shown = vt_session_get_page (self->session, 0);
      if (shown == NULL)
        {
          g_autoptr(GPtrArray) none = g_ptr_array_new ();

          return vt_review_page_new (NULL, none);
        }
      g_free (self->page_id);
      self->page_id = g_strdup (shown->id);
    }
  /* Kept while it is on screen: reading aloud and the tests ask for it. */
  self->shown = shown;

  g_hash_table_iter_init (&iter, self->raw_input);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (texts, key, ((RawInput *) value)->text);

  page = vt_question_page_new (shown, texts, self->errors);
  {
    /* The form lacks the kiosk's language: say so in it (vt-language.c). */
    g_autofree char *notice = vt_language_dup_fallback_notice (self->form, vt_language_get_current ());

    vt_question_page_set_notice (VT_QUESTION_PAGE (page), notice);
  }
  connect_uploads (self, page, shown);
  g_free (self->shown_signature);
  self->shown_signature = page_signature (shown);
  g_signal_connect_object (page, "changed", G_CALLBACK (answer_changed_cb), self, 0);
  g_signal_connect_object (page, "next", G_CALLBACK (next_cb), self, 0);
  g_signal_connect_object (page, "back", G_CALLBACK (back_cb), self, 0);
  g_signal_connect_object (page, "add-repeat", G_CALLBACK (add_repeat_cb), self, 0);
  return page;
}

static void
feedback_rated_cb (VtFlow *self)
{
  self->ask_feedback = FALSE;
}

GtkWidget *
vt_flow_build_page (VtFlow   *self,
                    VtScreen  screen)
{
  GtkWidget *page = NULL;

  g_return_val_if_fail (VT_IS_FLOW (self), NULL);

  if (screen == VT_SCREEN_RECEIPT)
    {
      if (self->receipt == NULL)
        return NULL;
      page = vt_receipt_page_new (self->receipt, self->config->office_name);
      vt_receipt_page_set_files (VT_RECEIPT_PAGE (page), (const char * const *) self->receipt_files);
      vt_receipt_page_set_printer (VT_RECEIPT_PAGE (page), self->config->printer_name,
                                   self->config->print_timeout_seconds);
      if (self->receipt_qr_text != NULL)
        vt_receipt_page_set_qr_text (VT_RECEIPT_PAGE (page), self->receipt_qr_text);
      g_signal_connect_object (page, "finish", G_CALLBACK (receipt_finish_cb), self, 0);
      if (self->ask_feedback)
        {
          GtkWidget *question = vt_feedback_question_new (self->owner, self->receipt->form_id,
                                                          self->receipt->language,
                                                          self->config->feedback_delay_seconds);

          /* Asked once: not again when the page is built anew. */
          g_signal_connect_object (question, "rated", G_CALLBACK (feedback_rated_cb), self, G_CONNECT_SWAPPED);
          vt_receipt_page_set_feedback (VT_RECEIPT_PAGE (page), question);
        }
      g_set_weak_pointer (&self->page, page);
      return page;
    }

  if (self->session == NULL)
    return NULL;

  switch (screen)
    {
    case VT_SCREEN_QUESTION:
      page = build_question_page (self);
      break;

    case VT_SCREEN_REVIEW:
      {
        g_autofree char *title = dup_service_title (self);
        g_autoptr(GPtrArray) files = vt_session_get_attachments (self->session);

        g_autoptr(GPtrArray) pages = vt_session_get_pages (self->session);

        page = vt_review_page_new_with_files (title, pages, files);
        g_signal_connect_object (page, "back", G_CALLBACK (review_back_cb), self, 0);
        g_signal_connect_object (page, "change", G_CALLBACK (review_change_cb), self, 0);
        g_signal_connect_object (page, "continue", G_CALLBACK (review_continue_cb), self, 0);
      }
      break;

    case VT_SCREEN_CONSENT:
      {
        g_autofree char *title = dup_service_title (self);
        g_autofree char *problem = NULL;

        if (self->consent_problem != NULL)
          /* Translators: %s says what went wrong, in words from the store. */
          problem = g_strdup_printf (_("Your application could not be saved on this kiosk, so it has not been "
                                       "sent. Your answers are still here. Please ask at the counter for help. (%s)"),
                                     self->consent_problem);
        page = vt_consent_page_new (title, self->config->office_name, problem, self->assisted_by);
        g_signal_connect_object (page, "back", G_CALLBACK (consent_back_cb), self, 0);
        g_signal_connect_object (page, "send", G_CALLBACK (consent_send_cb), self, 0);
      }
      break;

    case VT_SCREEN_WELCOME:
    case VT_SCREEN_SERVICES:
    case VT_SCREEN_RECEIPT:
    default:
      g_return_val_if_reached (NULL);
    }

  g_set_weak_pointer (&self->page, page);
  return page;
}

gboolean
vt_flow_has_session (VtFlow *self)
{
  g_return_val_if_fail (VT_IS_FLOW (self), FALSE);

  return self->session != NULL;
}

const VtPage *
vt_flow_get_shown_page (VtFlow *self)
{
  g_return_val_if_fail (VT_IS_FLOW (self), NULL);

  return self->session != NULL && VT_IS_QUESTION_PAGE (self->page) ? self->shown : NULL;
}

const char *
vt_flow_get_language (VtFlow *self)
{
  g_return_val_if_fail (VT_IS_FLOW (self), NULL);

  return self->session != NULL ? vt_session_get_language (self->session) : NULL;
}

VtSession *
vt_flow_get_session (VtFlow *self)
{
  g_return_val_if_fail (VT_IS_FLOW (self), NULL);

  return self->session;
}

char *
vt_flow_dup_answer (VtFlow     *self,
                    const char *path)
{
  g_return_val_if_fail (VT_IS_FLOW (self), NULL);

  if (self->session == NULL)
    return NULL;
  return vt_session_dup_answer (self->session, path);
}

/* ---- object ------------------------------------------------------------ */

static void
vt_flow_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  VtFlow *self = VT_FLOW (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      self->config = g_value_dup_boxed (value);
      break;
    case PROP_STORE_OWNER:
      self->owner = g_value_dup_object (value);
      break;
    case PROP_CATALOGUE:
      self->catalogue = g_value_dup_object (value);
      break;
    case PROP_DEVICES:
      self->devices = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_flow_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  VtFlow *self = VT_FLOW (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_boxed (value, self->config);
      break;
    case PROP_STORE_OWNER:
      g_value_set_object (value, self->owner);
      break;
    case PROP_CATALOGUE:
      g_value_set_object (value, self->catalogue);
      break;
    case PROP_DEVICES:
      g_value_set_object (value, self->devices);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_flow_constructed (GObject *object)
{
  VtFlow *self = VT_FLOW (object);

  G_OBJECT_CLASS (vt_flow_parent_class)->constructed (object);

  g_assert (self->config != NULL);
  g_assert (VT_IS_STORE_OWNER (self->owner));
  g_assert (VT_IS_CATALOGUE (self->catalogue));
}

static void
vt_flow_dispose (GObject *object)
{
  VtFlow *self = VT_FLOW (object);

  g_cancellable_cancel (self->cancellable);
  vt_flow_reset (self);
  g_clear_weak_pointer (&self->page);

  G_OBJECT_CLASS (vt_flow_parent_class)->dispose (object);
}

static void
vt_flow_finalize (GObject *object)
{
  VtFlow *self = VT_FLOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->devices);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->owner);
  g_clear_pointer (&self->config, vt_config_free);

  G_OBJECT_CLASS (vt_flow_parent_class)->finalize (object);
}

static void
vt_flow_class_init (VtFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = vt_flow_set_property;
  object_class->get_property = vt_flow_get_property;
  object_class->constructed = vt_flow_constructed;
  object_class->dispose = vt_flow_dispose;
  object_class->finalize = vt_flow_finalize;

  properties[PROP_CONFIG] = g_param_spec_boxed ("config", NULL, NULL, VT_TYPE_CONFIG,
                                                G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE_OWNER] = g_param_spec_object ("store-owner", NULL, NULL, VT_TYPE_STORE_OWNER,
                                                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                      G_PARAM_STATIC_STRINGS);
  properties[PROP_CATALOGUE] = g_param_spec_object ("catalogue", NULL, NULL, VT_TYPE_CATALOGUE,
                                                    G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                    G_PARAM_STATIC_STRINGS);
  properties[PROP_DEVICES] = g_param_spec_object ("devices", NULL, NULL, VT_TYPE_DEVICES,
                                                  G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                  G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[NAVIGATE] = g_signal_new ("navigate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, VT_TYPE_SCREEN);
  signals[REFRESH_PAGE] = g_signal_new ("refresh-page", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SERVICE_UNAVAILABLE] = g_signal_new ("service-unavailable", G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vt_flow_init (VtFlow *self)
{
  self->cancellable = g_cancellable_new ();
}

VtFlow *
vt_flow_new (VtConfig     *config,
             VtStoreOwner *owner,
             VtCatalogue  *catalogue,
             VtDevices    *devices)
{
  return g_object_new (VT_TYPE_FLOW,
                       "config", config,
                       "store-owner", owner,
                       "catalogue", catalogue,
                       "devices", devices,
                       NULL);
}
