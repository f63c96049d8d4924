/* XForm loading, then what a citizen does with the form: a session in
 * each of its languages, every page walked and answered with a value of
 * the question's type (a choice for selects), repeats added, every page
 * and then the whole form validated, and the submission XML made. */
#include "config.h"

#include "vt-form.h"
#include "vt-fuzz.h"
#include "vt-session.h"
#include "vt-submission.h"

/* The kiosk takes forms up to the size a server may send; the fuzzer's
 * inputs stay far below. */
#define MAX_FORM (1024 * 1024)

static const char *
sample_answer (const VtQuestion *question,
               guint             round)
{
  if (question->choices != NULL && question->choices->len > 0)
    return ((VtChoice *) g_ptr_array_index (question->choices, round % question->choices->len))->value;
  switch (question->type)
    {
    case VT_DATA_INT:
      return round % 2 ? "-3" : "42";
    case VT_DATA_DECIMAL:
      return "1,75";
    case VT_DATA_DATE:
      return "2026-02-29";
    case VT_DATA_TIME:
      return "14:30:00.000-03:00";
    case VT_DATA_DATETIME:
      return "2026-01-05T10:00:00.000-03:00";
    case VT_DATA_BOOLEAN:
      return "true";
    case VT_DATA_GEOPOINT:
      return "-12.05 -77.04 150 5";
    case VT_DATA_BINARY:
      return "photo.jpg";
    default:
      return round % 2 ? "" : "Ana María Quispe";
    }
}

static void
walk (VtSession *session,
      guint      round)
{
  g_autoptr(GPtrArray) pages = vt_session_get_pages (session);

  for (guint p = 0; p < pages->len && p < 200; p++)
    {
      VtPage *page = g_ptr_array_index (pages, p);
      g_autoptr(GPtrArray) errors = NULL;

      if (page->kind == VT_PAGE_REPEAT_PROMPT)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *added = NULL;

          if (page->repeat_can_add && page->repeat_count < 3)
            added = vt_session_add_repeat (session, page->repeat_path, &error);
          continue;
        }
      for (guint q = 0; q < page->questions->len; q++)
        {
          VtQuestion *question = g_ptr_array_index (page->questions, q);
          g_autoptr(GError) error = NULL;
          g_autofree char *back = NULL;

          if (question->kind == VT_CONTROL_UPLOAD)
            {
              g_autoptr(GBytes) bytes = g_bytes_new_static ("\xff\xd8\xff", 3);

              vt_session_set_attachment (session, question->path, "photo.jpg", "image/jpeg", bytes, &error);
              continue;
            }
          if (!vt_session_set_answer (session, question->path, sample_answer (question, round), &error))
            g_assert (error != NULL && error->message[0] != '\0');
          back = vt_session_dup_answer (session, question->path);
        }
      errors = vt_session_validate_page (session, page);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = NULL;
  const char * const *languages;

  vt_fuzz_init ();
  if (size > MAX_FORM)
    return 0;

  form = vt_form_load_data ((const char *) data, (gssize) size, "fuzz.xml", &error);
  if (form == NULL)
    {
      g_assert (error != NULL && error->message[0] != '\0');
      return 0;
    }
  g_free (vt_form_dup_md5 (form));
  vt_form_count_controls (form);

  languages = vt_form_get_languages (form);
  for (guint round = 0; round < 2; round++)
    {
      const char *language = languages != NULL && languages[0] != NULL
                             ? languages[round % g_strv_length ((char **) languages)] : NULL;
      g_autoptr(VtSession) session = vt_session_new (form, language, &error);
      g_autoptr(GPtrArray) errors = NULL;
      g_autoptr(VtSubmission) submission = NULL;

      if (session == NULL)
        {
          g_assert (error != NULL && error->message[0] != '\0');
          g_clear_error (&error);
          continue;
        }
      g_free (vt_form_dup_title (form, language));
      g_free (vt_form_dup_description (form, language));
      g_free (vt_form_dup_category (form, language));
      walk (session, round);
      walk (session, round + 1);
      errors = vt_session_validate_all (session);
      submission = vt_submission_new_from_session (session, &error);
      g_assert (submission != NULL || (error != NULL && error->message[0] != '\0'));
      g_clear_error (&error);
      vt_session_wipe (session);
    }
  return 0;
}
