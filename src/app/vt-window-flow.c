#define G_LOG_DOMAIN "vt-window-flow"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-capture-view.h"
#include "vt-consent-page.h"
#include "vt-language.h"
#include "vt-question-page.h"
#include "vt-question-view.h"
#include "vt-receipt-page.h"
#include "vt-review-page.h"
#include "vt-services-page.h"
#include "vt-store.h"
#include "vt-submission.h"
#include "vt-window-private.h"

/* The application being filled in: one VtSession, its pages recomputed
 * after every move (relevance and repeats change them), and what the
 * citizen typed that is not an answer yet, so nothing is lost when a page
 * is rebuilt for a new language or text size. */

typedef struct
{
  char *text;
  char *message;                   /* why the session refused it */
} RawInput;

static void
raw_input_free (RawInput *raw)
{
  g_free (raw->text);
  g_free (raw->message);
  g_free (raw);
}

void
vt_window_end_session (VtWindow *self)
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
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->page_id, g_free);
  g_clear_pointer (&self->raw_input, g_hash_table_unref);
  g_clear_pointer (&self->errors, g_ptr_array_unref);
  g_clear_pointer (&self->consent_error, g_free);
  g_clear_pointer (&self->shown_signature, g_free);
  g_clear_pointer (&self->refresh_focus_path, g_free);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->from_review = FALSE;
}

static char *
dup_service_title (VtWindow *self)
{
  char *title = vt_form_dup_title (self->form, vt_session_get_language (self->session));

  return title != NULL ? title : g_strdup (vt_form_get_id (self->form));
}

static void
recompute_pages (VtWindow *self)
{
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  self->pages = vt_session_get_pages (self->session);
}

static int
page_index (VtWindow   *self,
            const char *id)
{
  for (guint i = 0; id != NULL && self->pages != NULL && i < self->pages->len; i++)
    if (g_str_equal (((VtPage *) g_ptr_array_index (self->pages, i))->id, id))
      return (int) i;
  return -1;
}

static void
show_page_at (VtWindow *self,
              int       index)
{
  if (index < 0 || (guint) index >= self->pages->len)
    {
      vt_window_show_screen (self, VT_SCREEN_REVIEW);
      return;
    }
  g_free (self->page_id);
  self->page_id = g_strdup (((VtPage *) g_ptr_array_index (self->pages, index))->id);
  g_clear_pointer (&self->errors, g_ptr_array_unref);
  vt_window_show_screen (self, VT_SCREEN_QUESTION);
}

void
vt_window_start_service (VtWindow   *self,
                         const char *form_id)
{
  VtForm *form = vt_application_get_form (self->app, form_id);
  g_autoptr(GError) error = NULL;
  VtSession *session;

  g_return_if_fail (form != NULL);

  /* Coming back to the same service (Back, then the same button) keeps
   * the answers; another service starts afresh. */
  if (self->session != NULL && self->form == form)
    {
      recompute_pages (self);
      show_page_at (self, MAX (page_index (self, self->page_id), 0));
      return;
    }

  /* A full disk or a damaged database is found now, before the citizen
   * types anything that could not be kept (one short transaction). */
  {
    VtStore *store = vt_application_get_store (self->app, &error);

    if (store == NULL || !vt_store_check_writable (store, &error))
      {
        g_message ("New applications are stopped: %s", error->message);
        if (VT_IS_SERVICES_PAGE (vt_window_get_page (self)))
          {
            /* Translators: shown to a citizen who picked a service; %s is the
             * store's reason, for the clerk. */
            g_autofree char *text = g_strdup_printf (_("This kiosk cannot take applications right now, so nothing you type could be kept. Please ask at the counter. (%s)"),
                                                     error->message);
            vt_services_page_show_problem (VT_SERVICES_PAGE (vt_window_get_page (self)), text);
          }
        return;
      }
  }

  vt_window_end_session (self);
  session = vt_session_new (form, vt_form_match_language (form, vt_language_get_current ()), &error);
  if (session == NULL)
    {
      g_message ("Cannot start %s: %s", form_id, error->message);
      return;
    }
  self->form = vt_form_ref (form);
  self->session = session;
  self->raw_input = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) raw_input_free);
  recompute_pages (self);
  show_page_at (self, 0);
}

void
vt_window_resume_session (VtWindow  *self,
                          VtSession *session)
{
  g_return_if_fail (VT_IS_WINDOW (self));
  g_return_if_fail (session != NULL);

  vt_window_end_session (self);
  self->form = vt_form_ref (vt_session_get_form (session));
  self->session = session;
  self->raw_input = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) raw_input_free);
  recompute_pages (self);
  show_page_at (self, 0);
}

void
vt_window_language_changed (VtWindow *self)
{
  if (self->session != NULL)
    vt_session_set_language (self->session,
                             vt_form_match_language (self->form, vt_language_get_current ()));
}

/* ---- question pages ---------------------------------------------------- */

static char *
type_message (VtDataType type)
{
  switch (type)
    {
    case VT_DATA_INT:
      return g_strdup (_("Enter a whole number, like 12"));
    case VT_DATA_DECIMAL:
      /* Translators: %s is the decimal separator, as in "12,5". */
      return g_strdup_printf (_("Enter a number, like 12%s5"), vt_language_decimal_separator ());
    case VT_DATA_DATE:
    case VT_DATA_DATETIME:
      return g_strdup (_("Enter a real date: the day, the month and the year in numbers, like 27 3 1985"));
    default:
      return g_strdup (_("Check this answer"));
    }
}

static const VtQuestion *
find_question (VtWindow   *self,
               const char *path)
{
  for (guint p = 0; self->pages != NULL && p < self->pages->len; p++)
    {
      const VtPage *page = g_ptr_array_index (self->pages, p);

      for (guint q = 0; page->questions != NULL && q < page->questions->len; q++)
        {
          const VtQuestion *question = g_ptr_array_index (page->questions, q);

          if (g_str_equal (question->path, path))
            return question;
        }
    }
  return NULL;
}

static const VtPage *current_page (VtWindow *self);

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

/* An answer in a field-list can show or hide other questions of the same
 * page ("Has the baby a name?"): rebuild the page then, outside the
 * signal of the control being typed into, and keep focus where it was. */
static gboolean
refresh_page_idle (gpointer data)
{
  VtWindow *self = data;
  g_autofree char *focus_path = g_steal_pointer (&self->refresh_focus_path);
  GtkWidget *view;

  self->refresh_id = 0;
  if (self->session == NULL || self->screen != VT_SCREEN_QUESTION)
    return G_SOURCE_REMOVE;

  vt_window_show_screen (self, VT_SCREEN_QUESTION);
  view = vt_question_page_get_view (VT_QUESTION_PAGE (self->page), focus_path);
  if (view != NULL)
    vt_question_view_focus (VT_QUESTION_VIEW (view));
  return G_SOURCE_REMOVE;
}

static void
check_page_changed (VtWindow   *self,
                    const char *path)
{
  g_autofree char *after = NULL;

  recompute_pages (self);
  after = page_signature (current_page (self));
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
                   VtWindow       *self)
{
  g_autoptr(GError) error = NULL;
  const VtQuestion *question = find_question (self, path);
  VtDataType type = question != NULL ? question->type : VT_DATA_STRING;

  /* No log line here: answers are personal data and never leave the session. */

  if (value != NULL && vt_session_set_answer (self->session, path, value, &error))
    {
      g_hash_table_remove (self->raw_input, path);
      check_page_changed (self, path);
      return;
    }

  /* Not an answer (yet): keep the text so a rebuild shows it again, and
   * what to say if the citizen presses Continue with it. */
  {
    RawInput *raw = g_new0 (RawInput, 1);

    raw->text = g_strdup (text);
    raw->message = type_message (type);
    g_hash_table_replace (self->raw_input, g_strdup (path), raw);
    /* The session must not keep an older answer the citizen has changed. */
    vt_session_set_answer (self->session, path, "", NULL);
  }
}

static void
file_attached_cb (VtCaptureView *capture,
                  const char    *name,
                  const char    *content_type,
                  GBytes        *bytes,
                  VtWindow      *self)
{
  const char *path = g_object_get_data (G_OBJECT (capture), "vt-path");
  g_autoptr(GError) error = NULL;

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
                 VtWindow      *self)
{
  const char *path = g_object_get_data (G_OBJECT (capture), "vt-path");

  vt_session_set_answer (self->session, path, "", NULL);
  check_page_changed (self, path);
}

/* Upload questions are answered with the kiosk's devices. */
static void
connect_uploads (VtWindow     *self,
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
      g_object_set_data_full (G_OBJECT (capture), "vt-path", g_strdup (question->path), g_free);
      g_signal_connect (capture, "attached", G_CALLBACK (file_attached_cb), self);
      g_signal_connect (capture, "removed", G_CALLBACK (file_removed_cb), self);
    }
}

static GPtrArray *
validate_page (VtWindow     *self,
               const VtPage *page)
{
  g_autoptr(GPtrArray) session_errors = vt_session_validate_page (self->session, page);
  GPtrArray *errors = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_validation_error_free);

  for (guint q = 0; page->questions != NULL && q < page->questions->len; q++)
    {
      const VtQuestion *question = g_ptr_array_index (page->questions, q);
      RawInput *raw = g_hash_table_lookup (self->raw_input, question->path);
      VtValidationError *error = NULL;

      if (raw != NULL)
        {
          error = g_new0 (VtValidationError, 1);
          error->path = g_strdup (question->path);
          error->message = g_strdup (raw->message);
        }
      else
        {
          for (guint e = 0; session_errors != NULL && e < session_errors->len; e++)
            {
              VtValidationError *found = g_ptr_array_index (session_errors, e);

              if (g_str_equal (found->path, question->path) && error == NULL)
                {
                  error = g_new0 (VtValidationError, 1);
                  error->path = g_strdup (found->path);
                  error->message = g_strdup (found->message);
                }
            }
        }
      if (error != NULL)
        g_ptr_array_add (errors, error);
    }
  return errors;
}

static const VtPage *
current_page (VtWindow *self)
{
  int index = page_index (self, self->page_id);

  return index >= 0 ? g_ptr_array_index (self->pages, index) : NULL;
}

static void
next_cb (VtQuestionPage *page,
         VtWindow       *self)
{
  const VtPage *shown;
  g_autoptr(GPtrArray) errors = NULL;
  int index;

  recompute_pages (self);
  shown = current_page (self);
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
      vt_window_show_screen (self, VT_SCREEN_QUESTION);
      return;
    }

  index = page_index (self, self->page_id);
  if (self->from_review && shown->kind == VT_PAGE_QUESTIONS)
    {
      self->from_review = FALSE;
      vt_window_show_screen (self, VT_SCREEN_REVIEW);
      return;
    }
  show_page_at (self, index + 1);
}

static void
back_cb (VtQuestionPage *page,
         VtWindow       *self)
{
  int index;

  recompute_pages (self);
  index = page_index (self, self->page_id);
  if (self->from_review)
    {
      self->from_review = FALSE;
      vt_window_show_screen (self, VT_SCREEN_REVIEW);
    }
  else if (index <= 0)
    vt_window_show_screen (self, VT_SCREEN_SERVICES);
  else
    show_page_at (self, index - 1);
}

static void
add_repeat_cb (VtQuestionPage *page,
               VtWindow       *self)
{
  const VtPage *shown = current_page (self);
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
  recompute_pages (self);
  for (guint p = 0; p < self->pages->len; p++)
    {
      const VtPage *candidate = g_ptr_array_index (self->pages, p);

      for (guint q = 0; candidate->questions != NULL && q < candidate->questions->len; q++)
        {
          const VtQuestion *question = g_ptr_array_index (candidate->questions, q);

          if (g_str_has_prefix (question->path, instance) &&
              question->path[strlen (instance)] == '/')
            {
              show_page_at (self, (int) p);
              return;
            }
        }
    }
  index = page_index (self, self->page_id);
  show_page_at (self, index + 1);
}

/* ---- review, consent, submit --------------------------------------------- */

static void
review_back_cb (VtReviewPage *page,
                VtWindow     *self)
{
  recompute_pages (self);
  show_page_at (self, (int) self->pages->len - 1);
}

static void
review_change_cb (VtReviewPage *page,
                  const char   *page_id,
                  VtWindow     *self)
{
  int index;

  recompute_pages (self);
  index = page_index (self, page_id);
  if (index < 0)
    return;
  self->from_review = TRUE;
  show_page_at (self, index);
}

static void
review_continue_cb (VtReviewPage *page,
                    VtWindow     *self)
{
  g_autoptr(GPtrArray) errors = vt_session_validate_all (self->session);

  if (errors != NULL && errors->len > 0)
    {
      /* Something no longer holds (an answer changed a rule): go to it. */
      const VtValidationError *first = g_ptr_array_index (errors, 0);

      recompute_pages (self);
      for (guint p = 0; p < self->pages->len; p++)
        {
          const VtPage *candidate = g_ptr_array_index (self->pages, p);

          for (guint q = 0; candidate->questions != NULL && q < candidate->questions->len; q++)
            if (g_str_equal (((VtQuestion *) g_ptr_array_index (candidate->questions, q))->path, first->path))
              {
                show_page_at (self, (int) p);
                self->errors = validate_page (self, candidate);
                vt_window_show_screen (self, VT_SCREEN_QUESTION);
                return;
              }
        }
    }
  g_clear_pointer (&self->consent_error, g_free);
  vt_window_show_screen (self, VT_SCREEN_CONSENT);
}

static void
consent_back_cb (VtConsentPage *page,
                 VtWindow      *self)
{
  vt_window_show_screen (self, VT_SCREEN_REVIEW);
}

/* The one place the main loop waits on the disk: a single SQLite
 * transaction with synchronous=FULL.  The receipt shows only once it has
 * committed. */
static void
consent_send_cb (VtConsentPage *page,
                 VtWindow      *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtSubmission) submission = NULL;
  g_autofree char *title = dup_service_title (self);
  g_autofree char *code = NULL;
  VtStoreEnqueueOptions options = { 0 };
  VtStore *store;
  VtWindowReceipt *receipt;

  store = vt_application_get_store (self->app, &error);
  if (store != NULL)
    submission = vt_submission_new_from_session (self->session, &error);
  if (submission != NULL)
    {
      options.service_title = title;
      options.language = vt_session_get_language (self->session);
      if (vt_window_clerk_prepare_submission (self, submission, &options, &error))
        code = vt_store_enqueue (store, submission, &options, &error);
    }

  if (code == NULL)
    {
      g_message ("The application was not saved: %s", error->message);
      g_free (self->consent_error);
      /* Translators: %s says what went wrong, in words from the store. */
      self->consent_error = g_strdup_printf (_("Your application could not be saved on this kiosk, so it has not been sent. Your answers are still here. Please ask at the counter for help. (%s)"),
                                             error->message);
      vt_window_show_screen (self, VT_SCREEN_CONSENT);
      return;
    }

  receipt = g_new0 (VtWindowReceipt, 1);
  receipt->reference_code = g_steal_pointer (&code);
  receipt->instance_id = g_strdup (submission->instance_id);
  receipt->service_title = g_steal_pointer (&title);
  receipt->created_at = g_get_real_time ();
  receipt->sent = FALSE;
  receipt->qr_text = vt_window_sign_receipt (self, store, submission->instance_id);
  {
    g_autoptr(GStrvBuilder) files = g_strv_builder_new ();

    for (guint i = 0; i < submission->attachments->len; i++)
      {
        const VtAttachment *a = g_ptr_array_index (submission->attachments, i);
        g_autofree char *size = g_format_size (vt_attachment_get_size (a));
        g_autofree char *name = g_strdup (a->name);

        /* An encrypted form's files travel as "<name>.enc", the answers
         * themselves as submission.xml.enc. */
        if (submission->encrypted && g_str_has_suffix (name, ".enc"))
          name[strlen (name) - 4] = '\0';
        g_autofree char *line = NULL;

        if (submission->encrypted && g_str_equal (name, "submission.xml"))
          continue;
        /* Translators: a file on the receipt, its name and size: "foto.jpg (1.2 MB)". */
        line = g_strdup_printf (_("%s (%s)"), name, size);
        g_strv_builder_add (files, line);
      }
    receipt->files = g_strv_builder_end (files);
  }
  g_clear_pointer (&self->receipt, vt_window_receipt_free);
  self->receipt = receipt;

  /* Nothing of the session is kept once it is safely queued. */
  vt_window_clerk_submitted (self);
  vt_window_end_session (self);
  vt_window_show_screen (self, VT_SCREEN_RECEIPT);
  vt_application_poke_sync (self->app);
}

GtkWidget *
vt_window_build_form_screen (VtWindow *self,
                             VtScreen  screen)
{
  GtkWidget *page = NULL;

  if (self->session == NULL)
    return NULL;

  switch (screen)
    {
    case VT_SCREEN_QUESTION:
      {
        const VtPage *shown;
        g_autoptr(GHashTable) texts = g_hash_table_new (g_str_hash, g_str_equal);
        GHashTableIter iter;
        gpointer key, value;

        recompute_pages (self);
        shown = current_page (self);
        if (shown == NULL)
          {
            /* The page went away (an answer made it irrelevant): the
             * nearest page still there is the first. */
            if (self->pages->len == 0)
              return vt_review_page_new (NULL, self->pages);
            shown = g_ptr_array_index (self->pages, 0);
            g_free (self->page_id);
            self->page_id = g_strdup (shown->id);
          }

        g_hash_table_iter_init (&iter, self->raw_input);
        while (g_hash_table_iter_next (&iter, &key, &value))
          g_hash_table_insert (texts, key, ((RawInput *) value)->text);

        page = vt_question_page_new (shown, texts, self->errors);
        connect_uploads (self, page, shown);
        g_free (self->shown_signature);
        self->shown_signature = page_signature (shown);
        g_signal_connect (page, "changed", G_CALLBACK (answer_changed_cb), self);
        g_signal_connect (page, "next", G_CALLBACK (next_cb), self);
        g_signal_connect (page, "back", G_CALLBACK (back_cb), self);
        g_signal_connect (page, "add-repeat", G_CALLBACK (add_repeat_cb), self);
      }
      break;

    case VT_SCREEN_REVIEW:
      {
        g_autofree char *title = dup_service_title (self);

        g_autoptr(GPtrArray) files = vt_session_get_attachments (self->session);

        recompute_pages (self);
        page = vt_review_page_new_with_files (title, self->pages, files);
        g_signal_connect (page, "back", G_CALLBACK (review_back_cb), self);
        g_signal_connect (page, "change", G_CALLBACK (review_change_cb), self);
        g_signal_connect (page, "continue", G_CALLBACK (review_continue_cb), self);
      }
      break;

    case VT_SCREEN_CONSENT:
      {
        g_autofree char *title = dup_service_title (self);

        page = vt_consent_page_new (title, self->config->office_name, self->consent_error);
        g_signal_connect (page, "back", G_CALLBACK (consent_back_cb), self);
        g_signal_connect (page, "send", G_CALLBACK (consent_send_cb), self);
        vt_window_clerk_decorate_consent (self, page);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  return page;
}

/* For tests: the session's answer at path, or NULL without a session. */
char *
vt_window_dup_answer (VtWindow   *self,
                      const char *path)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);

  if (self->session == NULL)
    return NULL;
  return vt_session_dup_answer (self->session, path);
}

gboolean
vt_window_has_session (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), FALSE);
  return self->session != NULL;
}

const char *
vt_window_get_receipt_reference (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return self->receipt != NULL ? self->receipt->reference_code : NULL;
}

const char *
vt_window_get_receipt_instance_id (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return self->receipt != NULL && !self->receipt->sent ? self->receipt->instance_id : NULL;
}

void
vt_window_receipt_sent (VtWindow   *self,
                        const char *instance_id)
{
  g_return_if_fail (VT_IS_WINDOW (self));

  if (self->receipt == NULL || self->receipt->sent ||
      g_strcmp0 (self->receipt->instance_id, instance_id) != 0)
    return;
  self->receipt->sent = TRUE;
  if (self->screen == VT_SCREEN_RECEIPT && VT_IS_RECEIPT_PAGE (self->page))
    vt_receipt_page_set_sent (VT_RECEIPT_PAGE (self->page), TRUE);
}
