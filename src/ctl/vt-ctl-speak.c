#define G_LOG_DOMAIN "vt-ctl"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vt-ctl.h"
#include "vt-speech.h"

/* /data/member[2]/age → /data/member/age */
static char *
generic_path (const char *path)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean in_brackets = FALSE;

  for (const char *p = path; *p != '\0'; p++)
    {
      if (*p == '[')
        in_brackets = TRUE;
      else if (*p == ']')
        in_brackets = FALSE;
      else if (!in_brackets)
        g_string_append_c (out, *p);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The page the Listen button of question path is on: the first with a
 * question at that path, written with positions or without. */
static const VtPage *
find_page (GPtrArray  *pages,
           const char *path)
{
  g_autofree char *wanted = generic_path (path);

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < pages->len; i++)
      {
        const VtPage *page = g_ptr_array_index (pages, i);

        for (guint q = 0; page->questions != NULL && q < page->questions->len; q++)
          {
            const VtQuestion *question = g_ptr_array_index (page->questions, q);
            g_autofree char *generic = generic_path (question->path);

            if ((pass == 0 && g_str_equal (question->path, path))
                || (pass == 1 && g_str_equal (generic, wanted)))
              return page;
          }
      }
  return NULL;
}

/* An author hears a form before publishing it: exactly what the kiosk's
 * Listen button says on a question's page, in a WAV file. */
int
vt_ctl_speak (VtCtl  *ctl,
              int     argc,
              char  **argv)
{
  g_autofree char *lang = NULL;
  g_autofree char *question_path = NULL;
  g_autofree char *wav_path = NULL;
  g_autofree char *answers_path = NULL;
  gboolean slow = FALSE;
  const GOptionEntry entries[] = {
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &lang,
      N_("speak the form's language L (“Runasimi (qu)” or “qu”)"), N_("L") },
    { "question", 'q', 0, G_OPTION_ARG_STRING, &question_path,
      N_("the question at instance path PATH (the first question when left out)"), N_("PATH") },
    { "wav", 'w', 0, G_OPTION_ARG_FILENAME, &wav_path,
      N_("write the sound to FILE"), N_("FILE") },
    { "slow", 's', 0, G_OPTION_ARG_NONE, &slow,
      N_("at the slower speed a citizen can choose"), NULL },
    { "answers", 'a', 0, G_OPTION_ARG_FILENAME, &answers_path,
      N_("apply the answers in ANSWERS.json first, to reach questions that depend on them"),
      N_("ANSWERS.json") },
    { NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = NULL;
  g_autoptr(VtSession) session = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(VtSpeech) speech = NULL;
  g_autoptr(VtSpeechScript) script = NULL;
  g_autoptr(GBytes) pcm = NULL;
  g_autofree char *said = NULL;
  const char *language;
  const VtPage *page;
  VtConfig *config;

  if (!vt_ctl_parse_options (ctl, "speak", _("FORM"), entries, &argc, &argv))
    return VT_CTL_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr (_("ventanilla-ctl speak: name exactly one form file\n"));
      return VT_CTL_EXIT_USAGE;
    }
  if (wav_path == NULL)
    {
      g_printerr (_("ventanilla-ctl speak: say where the sound goes with --wav FILE\n"));
      return VT_CTL_EXIT_USAGE;
    }
  config = vt_ctl_get_config (ctl, &error);
  if (config == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }

  form = vt_form_load_file (argv[1], &error);
  if (form == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }
  if (vt_form_get_languages (form)[0] != NULL)
    {
      language = lang != NULL ? vt_form_find_language (form, lang) : vt_form_get_default_language (form);
      if (language == NULL)
        {
          g_autofree char *names = g_strjoinv ("”, “", (char **) vt_form_get_languages (form));
          g_printerr (_("%s: the form has no language “%s”; it has “%s”\n"), argv[1], lang, names);
          return VT_CTL_EXIT_FAILURE;
        }
    }
  else
    /* A form without translations is in the kiosk's first language. */
    language = lang != NULL ? lang : config->languages[0];

  speech = vt_speech_new (config);
  if (!vt_speech_check_voice (speech, language, &error))
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }

  session = vt_session_new (form, vt_form_get_languages (form)[0] != NULL ? language : NULL, &error);
  if (session == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }
  if (answers_path != NULL && !vt_ctl_apply_answers_file (session, answers_path))
    return VT_CTL_EXIT_FAILURE;

  pages = vt_session_get_pages (session);
  if (question_path != NULL)
    {
      page = find_page (pages, question_path);
      if (page == NULL)
        {
          g_printerr (_("%s: no page of the form asks %s with the answers given; name a question "
                        "of the form, or give the answers it depends on with --answers\n"),
                      argv[1], question_path);
          return VT_CTL_EXIT_FAILURE;
        }
    }
  else if (pages->len > 0)
    page = g_ptr_array_index (pages, 0);
  else
    {
      g_printerr (_("%s: the form asks no question\n"), argv[1]);
      return VT_CTL_EXIT_FAILURE;
    }

  script = vt_speech_script_new_for_page (page, language);
  pcm = vt_speech_render_pcm (speech, script, slow, NULL, &error);
  if (pcm == NULL || !vt_speech_write_wav (pcm, wav_path, &error))
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }

  said = vt_speech_script_dup_text (script);
  g_print ("%s", said);
  g_print (_("%s: %.1f seconds, voice %s\n"), wav_path,
           g_bytes_get_size (pcm) / 2.0 / VT_SPEECH_SAMPLE_RATE, vt_speech_get_voice (speech, language));
  return VT_CTL_EXIT_OK;
}
