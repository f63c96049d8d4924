#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "vt-config.h"
#include "vt-player.h"
#include "vt-form-private.h"
#include "vt-session.h"
#include "vt-speech.h"
#include "vt-test-utils.h"

/* The kiosk's seven UI languages and the itext code each demo form names them by. */
static const char *ui_languages[] = { "es", "pt_BR", "en", "fr", "ht", "qu", "gn" };

static const char *demo_forms[] = {
  "birth_registration_appointment", "business_permit", "household_benefit",
  "residence_certificate", "street_problem", "stall_register", "stall_renewal",
};

/* What vt-speech and vt-player logged: the structured log bypasses g_test_expect_message(). */
static GString *logged;

static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      domain = fields[i].value;
    else if (g_str_equal (fields[i].key, "MESSAGE"))
      message = fields[i].value;
  if (domain != NULL && g_str_has_prefix (domain, "vt-") && message != NULL)
    g_string_append_printf (logged, "%s\n", message);
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static VtSpeech *
new_speech (const char *config_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) config = vt_config_load_from_data (config_text != NULL ? config_text : "", -1,
                                                         "test.conf", &error);

  g_assert_no_error (error);
  return vt_speech_new (config);
}

/* A WAV file read back as a player would: the header checked field by
 * field, then the samples. */
typedef struct
{
  gint16 *samples;
  gsize   n_samples;
} Wav;

static void
wav_clear (Wav *wav)
{
  g_clear_pointer (&wav->samples, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Wav, wav_clear)

static guint32
get_u32 (const guint8 *at)
{
  return at[0] | (at[1] << 8) | (at[2] << 16) | ((guint32) at[3] << 24);
}

static guint16
get_u16 (const guint8 *at)
{
  return at[0] | (at[1] << 8);
}

static void
read_wav (const char *path,
          Wav        *wav)
{
  g_autofree guint8 *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, (char **) &data, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >=, 44);
  g_assert_cmpmem (data, 4, "RIFF", 4);
  g_assert_cmpuint (get_u32 (data + 4), ==, length - 8);
  g_assert_cmpmem (data + 8, 8, "WAVEfmt ", 8);
  g_assert_cmpuint (get_u32 (data + 16), ==, 16);
  g_assert_cmpuint (get_u16 (data + 20), ==, 1);       /* PCM */
  g_assert_cmpuint (get_u16 (data + 22), ==, 1);       /* mono */
  g_assert_cmpuint (get_u32 (data + 24), ==, VT_SPEECH_SAMPLE_RATE);
  g_assert_cmpuint (get_u16 (data + 34), ==, 16);
  g_assert_cmpmem (data + 36, 4, "data", 4);
  g_assert_cmpuint (get_u32 (data + 40), ==, length - 44);

  wav->n_samples = (length - 44) / 2;
  wav->samples = g_new (gint16, wav->n_samples);
  for (gsize i = 0; i < wav->n_samples; i++)
    wav->samples[i] = (gint16) get_u16 (data + 44 + i * 2);
}

static double
rms (const gint16 *samples,
     gsize         n)
{
  double sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += (double) samples[i] * samples[i];
  return n > 0 ? sqrt (sum / n) : 0;
}

/* The share of 20 ms windows that carry sound: speech has pauses, a
 * recording of nothing has none that sound. */
static double
voiced_share (const gint16 *samples,
              gsize         n)
{
  gsize window = VT_SPEECH_SAMPLE_RATE / 50;
  guint voiced = 0;
  guint windows = 0;

  for (gsize at = 0; at + window <= n; at += window, windows++)
    if (rms (samples + at, window) > 300)
      voiced++;
  return windows > 0 ? (double) voiced / windows : 0;
}

/* How much there is to say: letters, and a digit as the five letters or
 * so of its name ("0800" is said "cero ochocientos"). */
static gsize
count_letters (const char *text)
{
  gsize n = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isdigit (g_utf8_get_char (p)))
      n += 5;
    else if (g_unichar_isalpha (g_utf8_get_char (p)))
      n++;
  return n;
}

static void
test_voices (void)
{
  g_autoptr(VtSpeech) speech = new_speech (NULL);
  g_autoptr(VtSpeech) configured = new_speech ("[speech]\nvoices=es=es;qu = es-419 ;xx=nope\n");
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (vt_speech_get_voice (speech, "Español (es)"), ==, "es-419");
  g_assert_cmpstr (vt_speech_get_voice (speech, "es_MX"), ==, "es-419");
  g_assert_cmpstr (vt_speech_get_voice (speech, "pt_BR"), ==, "pt-br");
  g_assert_cmpstr (vt_speech_get_voice (speech, "pt-BR"), ==, "pt-br");
  g_assert_cmpstr (vt_speech_get_voice (speech, "English (en)"), ==, "en-029");
  g_assert_cmpstr (vt_speech_get_voice (speech, "fr"), ==, "fr-fr");
  g_assert_cmpstr (vt_speech_get_voice (speech, "Kreyòl ayisyen (ht)"), ==, "ht");
  g_assert_cmpstr (vt_speech_get_voice (speech, "Runasimi (qu)"), ==, "qu");
  g_assert_cmpstr (vt_speech_get_voice (speech, "Avañe'ẽ (gn)"), ==, "gn");
  g_assert_null (vt_speech_get_voice (speech, "quc"));
  g_assert_null (vt_speech_get_voice (speech, NULL));

  /* [speech] voices overrides the table and adds to it. */
  g_assert_cmpstr (vt_speech_get_voice (configured, "es"), ==, "es");
  g_assert_cmpstr (vt_speech_get_voice (configured, "qu"), ==, "es-419");
  g_assert_cmpstr (vt_speech_get_voice (configured, "gn"), ==, "gn");

  /* Every UI language has an installed voice. */
  for (gsize i = 0; i < G_N_ELEMENTS (ui_languages); i++)
    {
      vt_speech_check_voice (speech, ui_languages[i], &error);
      g_assert_no_error (error);
    }

  /* A language without a voice, and a voice that is not installed, say so. */
  g_assert_false (vt_speech_check_voice (speech, "quc", &error));
  g_assert_error (error, VT_SPEECH_ERROR, VT_SPEECH_ERROR_NO_VOICE);
  g_assert_nonnull (strstr (error->message, "[speech] voices"));
  g_clear_error (&error);
  g_assert_false (vt_speech_check_voice (configured, "xx", &error));
  g_assert_error (error, VT_SPEECH_ERROR, VT_SPEECH_ERROR_NO_VOICE);
  g_assert_nonnull (strstr (error->message, "“nope”"));
  g_assert_nonnull (strstr (error->message, "espeak-ng-data"));
}

static void
test_config (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) defaults = vt_config_new_default ();
  g_autoptr(VtConfig) config = vt_config_load_from_data ("[speech]\nenabled=false\nvolume=40\nrate=150\n"
                                                         "slow-rate=100\nvoices=gn=gn;qu=qu\n"
                                                         "[devices]\nspeaker=fakesink\n",
                                                         -1, "test.conf", &error);
  g_autoptr(VtConfig) bad = NULL;

  g_assert_no_error (error);
  g_assert_true (defaults->speech_enabled);
  g_assert_cmpstr (defaults->speaker, ==, "autoaudiosink");
  g_assert_false (config->speech_enabled);
  g_assert_cmpint (config->speech_volume, ==, 40);
  g_assert_cmpint (config->speech_rate, ==, 150);
  g_assert_cmpint (config->speech_slow_rate, ==, 100);
  g_assert_cmpuint (g_strv_length (config->speech_voices), ==, 2);
  g_assert_cmpstr (config->speaker, ==, "fakesink");

  bad = vt_config_load_from_data ("[speech]\nenabled=maybe\n", -1, "test.conf", &error);
  g_assert_null (bad);
  g_assert_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "test.conf:2"));
  g_clear_error (&error);
  bad = vt_config_load_from_data ("[speech]\nvoices=es-419\n", -1, "test.conf", &error);
  g_assert_null (bad);
  g_assert_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "qu=qu"));
  g_clear_error (&error);
  bad = vt_config_load_from_data ("[speech]\nvolume=120\n", -1, "test.conf", &error);
  g_assert_null (bad);
  g_assert_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_INVALID_VALUE);
}

/* Keeps the pages of now that ask a question not heard yet. */
static void
take_new_pages (GPtrArray  *now,
                GHashTable *heard,
                GPtrArray  *pages)
{
  for (guint i = 0; i < now->len; i++)
    {
      VtPage *page = g_ptr_array_index (now, i);
      gboolean fresh = FALSE;

      if (page->kind != VT_PAGE_QUESTIONS)
        continue;
      for (guint q = 0; q < page->questions->len; q++)
        {
          const char *path = ((VtQuestion *) g_ptr_array_index (page->questions, q))->path;
          if (!g_hash_table_contains (heard, path))
            {
              g_hash_table_add (heard, g_strdup (path));
              fresh = TRUE;
            }
        }
      if (fresh)
        g_ptr_array_add (pages, g_ptr_array_steal_index (now, i--));
    }
}

/* Every page of a form a session reaches, answering the sample application
 * one answer at a time, and the alternatives below: the union, by question
 * paths, so a follow-up question is heard too. */
static GPtrArray *
collect_pages (VtForm     *form,
               const char *language,
               GHashTable *heard)
{
  g_autoptr(JsonParser) parser = vt_test_load_fixture_answers (vt_form_get_id (form));
  JsonObject *answers = json_node_get_object (json_parser_get_root (parser));
  g_autoptr(GList) members = json_object_get_members (answers);
  g_autoptr(VtSession) session = vt_session_new (form, language, NULL);
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_page_free);

  g_assert_nonnull (session);
  for (GList *l = members; ; l = l->next)
    {
      g_autoptr(GPtrArray) now = vt_session_get_pages (session);

      take_new_pages (now, heard, pages);
      if (l == NULL)
        break;
      {
        g_autoptr(JsonObject) one = json_object_new ();
        g_autoptr(GPtrArray) problems = NULL;

        json_object_set_member (one, l->data, json_node_copy (json_object_get_member (answers, l->data)));
        problems = vt_session_apply_answers (session, one);
        g_assert_cmpuint (problems->len, ==, 0);
      }
    }
  return pages;
}

static const struct
{
  const char *form;
  const char *answers[8];           /* path, value, …; "90-days-ago" is a date */
} extra_answers[] = {
  { "birth_registration_appointment", { "/data/baby/baby_birth_date", "90-days-ago", NULL } },
  { "household_benefit", { "/data/member[1]/income", "900000", NULL } },
  { "street_problem", { "/data/category", "water", "/data/water_now", "yes", NULL } },
  { "business_permit", { "/data/business/activity", "food", "/data/sells_food", "yes", NULL } },
  { "business_permit", { "/data/business/tax_id_type", "none", NULL } },
};

/* Each choice of each select1 answered in turn on top of the sample
 * application, so the questions that follow another choice are reached. */
static void
collect_alternatives (VtForm     *form,
                      const char *language,
                      GHashTable *heard,
                      GPtrArray  *pages)
{
  g_autoptr(JsonParser) parser = vt_test_load_fixture_answers (vt_form_get_id (form));
  JsonObject *answers = json_node_get_object (json_parser_get_root (parser));
  g_autoptr(GList) members = json_object_get_members (answers);

  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autoptr(VtSession) probe = vt_session_new (form, language, NULL);
      g_autoptr(GPtrArray) probe_pages = NULL;
      GPtrArray *choices = NULL;

      vt_session_apply_answers (probe, answers);
      probe_pages = vt_session_get_pages (probe);
      for (guint i = 0; i < probe_pages->len && choices == NULL; i++)
        {
          VtPage *page = g_ptr_array_index (probe_pages, i);
          for (guint q = 0; page->questions != NULL && q < page->questions->len; q++)
            {
              VtQuestion *question = g_ptr_array_index (page->questions, q);
              if (question->kind == VT_CONTROL_SELECT1 && g_str_equal (question->path, l->data))
                choices = question->choices;
            }
        }
      for (guint c = 0; choices != NULL && c < choices->len; c++)
        {
          VtChoice *choice = g_ptr_array_index (choices, c);
          g_autoptr(VtSession) session = vt_session_new (form, language, NULL);
          g_autoptr(GPtrArray) now = NULL;

          vt_session_apply_answers (session, answers);
          if (!vt_session_set_answer (session, l->data, choice->value, NULL))
            continue;
          now = vt_session_get_pages (session);
          take_new_pages (now, heard, pages);
        }
    }

  /* What no single choice reaches, answered on top of the sample. */
  for (gsize e = 0; e < G_N_ELEMENTS (extra_answers); e++)
    {
      g_autoptr(VtSession) session = NULL;
      g_autoptr(GPtrArray) later = NULL;

      if (!g_str_equal (vt_form_get_id (form), extra_answers[e].form))
        continue;
      session = vt_session_new (form, language, NULL);
      vt_session_apply_answers (session, answers);
      for (guint a = 0; extra_answers[e].answers[a] != NULL; a += 2)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_local ();
          g_autoptr(GDateTime) then = g_date_time_add_days (now, -90);
          g_autofree char *date = g_date_time_format (then, "%Y-%m-%d");
          const char *value = extra_answers[e].answers[a + 1];
          g_autoptr(GError) error = NULL;

          vt_session_set_answer (session, extra_answers[e].answers[a],
                                 g_str_equal (value, "90-days-ago") ? date : value, &error);
          g_assert_no_error (error);
        }
      later = vt_session_get_pages (session);
      take_new_pages (later, heard, pages);
    }
}

static char *
generic_path (const char *path)
{
  g_autoptr(GRegex) positions = g_regex_new ("\\[[0-9]+\\]", 0, 0, NULL);
  return g_regex_replace_literal (positions, path, -1, 0, "", 0, NULL);
}

/* The test: every question of every demo service, in each of the
 * seven UI languages, to a WAV file; the sound is there and grows with the
 * text. */
static void
test_demo_forms (void)
{
  g_autoptr(VtSpeech) speech = new_speech (NULL);
  g_autofree char *dir = vt_test_make_tmpdir ("speech-demo");
  guint files = 0;
  double total_seconds = 0;

  for (gsize f = 0; f < G_N_ELEMENTS (demo_forms); f++)
    {
      g_autofree char *name = g_strdup_printf ("%s.xml", demo_forms[f]);
      g_autofree char *path = g_build_filename (vt_test_source_root (), "data", "forms", name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(VtForm) form = vt_form_load_file (path, &error);

      g_assert_no_error (error);
      for (gsize l = 0; l < G_N_ELEMENTS (ui_languages); l++)
        {
          const char *language = vt_form_find_language (form, ui_languages[l]);
          g_autoptr(GHashTable) heard = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_autoptr(GHashTable) heard_generic = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_autoptr(GPtrArray) pages = NULL;
          GHashTableIter iter;
          gpointer key;
          double shortest_seconds = G_MAXDOUBLE, longest_seconds = 0;
          gsize shortest_letters = G_MAXSIZE, longest_letters = 0;

          g_assert_nonnull (language);       /* each demo form speaks every UI language */
          pages = collect_pages (form, language, heard);
          collect_alternatives (form, language, heard, pages);

          /* Every question the form asks is on one of the pages heard. */
          g_hash_table_iter_init (&iter, heard);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            g_hash_table_add (heard_generic, generic_path (key));
          g_hash_table_iter_init (&iter, form->controls);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            {
              VtControl *control = g_hash_table_lookup (form->controls, key);
              if (control->kind == VT_CONTROL_GROUP || control->kind == VT_CONTROL_REPEAT)
                continue;
              if (!g_hash_table_contains (heard_generic, key))
                g_error ("%s (%s): the question %s was never reached", demo_forms[f], language,
                         (const char *) key);
            }

          for (guint p = 0; p < pages->len; p++)
            {
              const VtPage *page = g_ptr_array_index (pages, p);
              g_autoptr(VtSpeechScript) script = vt_speech_script_new_for_page (page, language);
              g_autofree char *text = vt_speech_script_dup_text (script);
              g_autofree char *file = g_strdup_printf ("%s/%s-%s-%u.wav", dir, demo_forms[f], ui_languages[l], p);
              g_autoptr(GBytes) pcm = NULL;
              g_auto(Wav) wav = { 0 };
              gsize letters = count_letters (text);
              double seconds;

              g_assert_cmpuint (letters, >, 0);
              pcm = vt_speech_render_pcm (speech, script, FALSE, NULL, &error);
              g_assert_no_error (error);
              g_assert_true (vt_speech_write_wav (pcm, file, &error));
              g_assert_no_error (error);
              read_wav (file, &wav);
              g_assert_cmpuint (wav.n_samples * 2, ==, g_bytes_get_size (pcm));
              seconds = (double) wav.n_samples / VT_SPEECH_SAMPLE_RATE;

              /* Sound, not silence: loud enough overall and in a good
               * share of its 20 ms windows. */
              if (rms (wav.samples, wav.n_samples) < 500 || voiced_share (wav.samples, wav.n_samples) < 0.3)
                g_error ("%s: silent (rms %.0f, voiced %.2f) for: %s", file,
                         rms (wav.samples, wav.n_samples), voiced_share (wav.samples, wav.n_samples), text);
              /* A voice says 8 to 30 letters a second at the usual speed,
               * and pauses less than a second after each part. */
              if (seconds < letters / 30.0
                  || seconds > letters / 8.0 + vt_speech_script_get_n_parts (script))
                g_error ("%s: %.2f s for %" G_GSIZE_FORMAT " letters: %s", file, seconds, letters, text);
              if (letters < shortest_letters)
                shortest_letters = letters, shortest_seconds = seconds;
              if (letters > longest_letters)
                longest_letters = letters, longest_seconds = seconds;
              total_seconds += seconds;
              files++;
              g_unlink (file);
            }
          /* The longest page takes longer to say than the shortest. */
          if (longest_letters > 2 * shortest_letters)
            g_assert_cmpfloat (longest_seconds, >, shortest_seconds);
        }
    }
  g_test_message ("%u WAV files, %.0f seconds of speech", files, total_seconds);
  g_assert_cmpuint (files, >=, G_N_ELEMENTS (demo_forms) * G_N_ELEMENTS (ui_languages) * 5);
  vt_test_rmdir_recursive (dir);
}

/* Twice the text is about twice the sound, in every language; the slower
 * speed is slower. */
static void
test_length_grows (void)
{
  g_autoptr(VtSpeech) speech = new_speech (NULL);
  static const char *sentences[] = {
    "¿En qué barrio vive usted?", "Em qual bairro você mora?", "Which neighbourhood do you live in?",
    "Dans quel quartier habitez-vous ?", "Nan ki katye ou rete?", "¿Mayqin llaqtapitaq tiyanki?",
    "Mamó tavapehína reiko?",
  };

  for (gsize l = 0; l < G_N_ELEMENTS (ui_languages); l++)
    {
      g_autoptr(VtSpeechScript) once = vt_speech_script_new (ui_languages[l]);
      g_autoptr(VtSpeechScript) twice = vt_speech_script_new (ui_languages[l]);
      g_autoptr(GBytes) a = NULL;
      g_autoptr(GBytes) b = NULL;
      g_autoptr(GBytes) slow = NULL;
      g_autoptr(GError) error = NULL;
      double ratio;

      vt_speech_script_add_text (once, sentences[l]);
      vt_speech_script_add_text (twice, sentences[l]);
      vt_speech_script_add_text (twice, sentences[l]);
      a = vt_speech_render_pcm (speech, once, FALSE, NULL, &error);
      g_assert_no_error (error);
      b = vt_speech_render_pcm (speech, twice, FALSE, NULL, &error);
      g_assert_no_error (error);
      slow = vt_speech_render_pcm (speech, once, TRUE, NULL, &error);
      g_assert_no_error (error);
      ratio = (double) g_bytes_get_size (b) / g_bytes_get_size (a);
      g_test_message ("%s: %.2f s, twice %.2f s, slow %.2f s", ui_languages[l],
                      g_bytes_get_size (a) / 2.0 / VT_SPEECH_SAMPLE_RATE,
                      g_bytes_get_size (b) / 2.0 / VT_SPEECH_SAMPLE_RATE,
                      g_bytes_get_size (slow) / 2.0 / VT_SPEECH_SAMPLE_RATE);
      g_assert_cmpfloat (ratio, >, 1.8);
      g_assert_cmpfloat (ratio, <, 2.2);
      g_assert_cmpfloat (g_bytes_get_size (slow), >, 1.2 * g_bytes_get_size (a));
    }
}

/* The page never says what the citizen answered: not the value, not an
 * <output> of it in a label, not what an error message quotes. */
static void
test_no_answers (void)
{
  static const char form_xml[] =
    "<h:html xmlns='http://www.w3.org/2002/xforms' xmlns:h='http://www.w3.org/1999/xhtml'>"
    "<h:head><h:title>t</h:title><model><instance><data id='t'><name/><age/></data></instance>"
    "<bind nodeset='/data/name' type='string'/><bind nodeset='/data/age' type='int'/></model></h:head>"
    "<h:body><input ref='/data/name'><label>Your name</label></input>"
    "<input ref='/data/age'><label>How old is <output value='/data/name'/> now?</label>"
    "<hint>Years, <output value='/data/name'/>.</hint></input></h:body></h:html>";
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = vt_form_load_data (form_xml, -1, "t", &error);
  g_autoptr(VtSession) session = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(VtSpeechScript) script = NULL;
  g_autoptr(VtSpeechScript) message = vt_speech_script_new ("en");
  g_autofree char *text = NULL;
  g_autofree char *message_text = NULL;

  g_assert_no_error (error);
  session = vt_session_new (form, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vt_session_set_answer (session, "/data/name", "Zacarías", &error));
  g_assert_false (vt_session_set_answer (session, "/data/age", "forty", &error));
  vt_speech_script_add_message (message, error->message);
  pages = vt_session_get_pages (session);
  script = vt_speech_script_new_for_page (g_ptr_array_index (pages, 1), "en");
  text = vt_speech_script_dup_text (script);
  message_text = vt_speech_script_dup_text (message);

  /* On screen the label shows the name; read aloud it does not. */
  g_assert_nonnull (strstr (((VtQuestion *) g_ptr_array_index (((VtPage *) g_ptr_array_index (pages, 1))->questions, 0))->label,
                            "Zacarías"));
  g_assert_cmpstr (text, ==, "How old is now?\nYears, .\n");
  g_assert_null (strstr (message_text, "forty"));
  g_assert_nonnull (strstr (message_text, "is not a whole number"));
}

/* An author's recording is decoded and resampled to the voice's format: a
 * 440 Hz tone at 44.1 kHz stereo comes out as 22.05 kHz mono at 440 Hz. */
static void
test_recording (void)
{
  g_autoptr(VtSpeech) speech = new_speech (NULL);
  g_autofree char *dir = vt_test_make_tmpdir ("speech-recording");
  g_autofree char *tone = g_build_filename (dir, "tone.ogg", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.ogg", NULL);
  const char *sox[] = { "sox", "-n", "-r", "44100", "-c", "2", tone, "synth", "1.5", "sine", "440", "vol", "0.5", NULL };
  g_autoptr(VtSpeechScript) script = vt_speech_script_new ("es");
  g_autoptr(VtSpeechScript) fallback = vt_speech_script_new ("es");
  g_autoptr(GBytes) pcm = NULL;
  g_autoptr(GBytes) said = NULL;
  g_autoptr(GError) error = NULL;
  const gint16 *samples;
  gsize size;
  guint crossings = 0;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) sox, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  vt_speech_script_add_audio (script, tone, "Un tono");
  pcm = vt_speech_render_pcm (speech, script, FALSE, NULL, &error);
  g_assert_no_error (error);
  samples = g_bytes_get_data (pcm, &size);
  size /= 2;
  /* 1.5 s of tone, then the pause after a recording. */
  g_assert_cmpuint (size, >=, 1.5 * VT_SPEECH_SAMPLE_RATE);
  g_assert_cmpuint (size, <=, 1.9 * VT_SPEECH_SAMPLE_RATE);
  for (gsize i = 1; i < (gsize) (1.5 * VT_SPEECH_SAMPLE_RATE); i++)
    if ((samples[i - 1] < 0) != (samples[i] < 0))
      crossings++;
  g_assert_cmpfloat (fabs (crossings / 2.0 / 1.5 - 440), <, 10);
  g_assert_cmpfloat (rms (samples, VT_SPEECH_SAMPLE_RATE), >, 5000);

  /* A recording that is not there: its text is said instead, and the log
   * names the file. */
  vt_speech_script_add_audio (fallback, missing, "Un tono");
  g_string_truncate (logged, 0);
  said = vt_speech_render_pcm (speech, fallback, FALSE, NULL, &error);
  g_assert_true (g_pattern_match_simple ("*missing.ogg*its text is read instead*", logged->str));
  g_assert_no_error (error);
  samples = g_bytes_get_data (said, &size);
  g_assert_cmpfloat (rms (samples, size / 2), >, 500);

  vt_test_rmdir_recursive (dir);
}

static gboolean
stop_after_first_cb (const gint16 *samples,
                     gsize         n_samples,
                     gpointer      user_data)
{
  guint *chunks = user_data;

  (*chunks)++;
  return FALSE;
}

/* Sound comes in pieces as it is made, and stops when asked: the kiosk's
 * player starts before the whole page is synthesised. */
static void
test_streaming (void)
{
  g_autoptr(VtSpeech) speech = new_speech (NULL);
  g_autoptr(VtSpeechScript) script = vt_speech_script_new ("es");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  guint chunks = 0;

  vt_speech_script_add_text (script, "Escriba su nombre completo, tal como figura en su documento de identidad, "
                                     "con los dos apellidos si los tiene.");
  g_assert_true (vt_speech_render (speech, script, FALSE, stop_after_first_cb, &chunks, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (chunks, ==, 1);

  g_cancellable_cancel (cancellable);
  g_assert_false (vt_speech_render (speech, script, FALSE, stop_after_first_cb, &chunks, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (chunks, ==, 1);
}

static gboolean
player_started (gpointer data)
{
  return vt_player_get_start_latency (data) >= 0 && vt_player_get_samples_played (data) > 0;
}

static gboolean
player_idle (gpointer data)
{
  return !vt_player_get_playing (data);
}

static gboolean
probe_done (gpointer data)
{
  return vt_player_get_available (data) || strstr (logged->str, "No sound device was found") != NULL;
}

static VtPlayer *
new_player (const char *config_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) config = vt_config_load_from_data (config_text, -1, "test.conf", &error);

  g_assert_no_error (error);
  return vt_player_new (config);
}

/* The player plays a script on the configured sink as it is synthesised,
 * stops when told, ends by itself, and a new script replaces the old. */
static void
test_player (void)
{
  g_autoptr(VtPlayer) player = new_player ("[devices]\nspeaker=fakesink sync=true\n");
  g_autoptr(VtPlayer) none = new_player ("[devices]\nspeaker=none\n");
  g_autoptr(VtPlayer) disabled = new_player ("[speech]\nenabled=false\n[devices]\nspeaker=fakesink\n");
  g_autoptr(VtPlayer) automatic = NULL;
  g_autoptr(VtSpeechScript) long_script = vt_speech_script_new ("es");
  g_autoptr(VtSpeechScript) short_script = vt_speech_script_new ("qu");
  guint64 played;

  g_assert_true (vt_player_get_available (player));
  g_assert_false (vt_player_get_available (none));
  g_assert_false (vt_player_get_available (disabled));

  vt_speech_script_add_text (long_script, "Escriba su nombre completo, tal como figura en su documento de "
                                          "identidad, con los dos apellidos si los tiene, y luego toque Continuar.");
  vt_speech_script_add_text (short_script, "Arí.");

  vt_player_speak (player, long_script);
  g_assert_true (vt_player_get_playing (player));
  g_assert_true (vt_player_get_script (player) == long_script);
  vt_test_wait_until (player_started, player, 5000, "the first sample at the sink");
  g_test_message ("first sample after %" G_GINT64_FORMAT " us", vt_player_get_start_latency (player));
  g_assert_cmpint (vt_player_get_start_latency (player), <, 2 * G_USEC_PER_SEC);

  /* Stopped: nothing more reaches the sink. */
  vt_player_stop (player);
  g_assert_false (vt_player_get_playing (player));
  g_assert_null (vt_player_get_script (player));
  played = vt_player_get_samples_played (player);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (vt_player_get_samples_played (player), ==, played);
  /* The long sentence lasts about 7 s: far from all of it was played. */
  g_assert_cmpuint (played, <, 3 * VT_SPEECH_SAMPLE_RATE);

  /* A new script replaces the one playing, and ends by itself. */
  vt_player_speak (player, long_script);
  vt_player_speak (player, short_script);
  g_assert_true (vt_player_get_script (player) == short_script);
  vt_test_wait_until (player_idle, player, 10000, "the short script to end");
  g_assert_cmpuint (vt_player_get_samples_played (player), >, VT_SPEECH_SAMPLE_RATE / 4);
  g_assert_cmpuint (vt_player_get_samples_played (player), <, 2 * VT_SPEECH_SAMPLE_RATE);

  /* Unavailable players say nothing. */
  vt_player_speak (none, short_script);
  g_assert_false (vt_player_get_playing (none));

  /* autoaudiosink: a machine without a sound card is told apart. */
  g_string_truncate (logged, 0);
  automatic = new_player ("[devices]\nspeaker=autoaudiosink\n");
  vt_test_wait_until (probe_done, automatic, 10000, "the look for a sound device");
  g_test_message ("autoaudiosink here: %s", vt_player_get_available (automatic) ? "a device" : "no device");
}

/* ventanilla-ctl speak: what the Listen button says, as a WAV file. */
static void
test_ctl_speak (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("speech-ctl");
  g_autofree char *form = g_build_filename (vt_test_source_root (), "data", "forms", "street_problem.xml", NULL);
  g_autofree char *wav_first = g_build_filename (dir, "first.wav", NULL);
  g_autofree char *wav_qu = g_build_filename (dir, "qu.wav", NULL);
  g_autofree char *wav_slow = g_build_filename (dir, "slow.wav", NULL);
  g_autofree char *conf = vt_test_write_file (dir, "bad-voice.conf", "[speech]\nvoices=gn=no-such-voice\n");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *soxi_out = NULL;
  g_auto(Wav) first = { 0 };
  g_auto(Wav) qu = { 0 };
  g_auto(Wav) slow = { 0 };
  const char *soxi[] = { "soxi", "-s", wav_qu, NULL };
  int status;

  status = vt_test_run_ctl (&out, &err, "speak", form, "--wav", wav_first, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "¿Qué problema hay?\n"));
  g_assert_nonnull (strstr (out, "voice es-419"));
  read_wav (wav_first, &first);
  g_assert_cmpfloat (rms (first.samples, first.n_samples), >, 500);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = vt_test_run_ctl (&out, &err, "speak", form, "--lang", "qu", "--question", "/data/place/street",
                            "--wav", wav_qu, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "voice qu"));
  read_wav (wav_qu, &qu);
  g_assert_cmpfloat (rms (qu.samples, qu.n_samples), >, 500);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* sox reads the file as the same number of samples. */
  g_assert_true (g_spawn_sync (NULL, (char **) soxi, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &soxi_out, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpuint (g_ascii_strtoull (soxi_out, NULL, 10), ==, qu.n_samples);

  status = vt_test_run_ctl (&out, &err, "speak", form, "--slow", "--wav", wav_slow, NULL);
  g_assert_cmpint (status, ==, 0);
  read_wav (wav_slow, &slow);
  g_assert_cmpuint (slow.n_samples, >, first.n_samples * 1.2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* An unknown language, a question that is not asked, a missing voice,
   * and no --wav each say what is wrong. */
  status = vt_test_run_ctl (&out, &err, "speak", form, "--lang", "quc", "--wav", wav_first, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "no language “quc”"));
  g_assert_nonnull (strstr (err, "Runasimi (qu)"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = vt_test_run_ctl (&out, &err, "speak", form, "--question", "/data/nothing", "--wav", wav_first, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "/data/nothing"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = vt_test_run_ctl (&out, &err, "--config", conf, "speak", form, "--lang", "gn", "--wav", wav_first, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "“no-such-voice”"));
  g_assert_nonnull (strstr (err, "is not installed"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = vt_test_run_ctl (&out, &err, "speak", form, NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "--wav FILE"));

  vt_test_rmdir_recursive (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  logged = g_string_new (NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);

  g_test_add_func ("/vt/speech/voices", test_voices);
  g_test_add_func ("/vt/speech/config", test_config);
  g_test_add_func ("/vt/speech/no-answers", test_no_answers);
  g_test_add_func ("/vt/speech/length-grows", test_length_grows);
  g_test_add_func ("/vt/speech/streaming", test_streaming);
  g_test_add_func ("/vt/speech/recording", test_recording);
  g_test_add_func ("/vt/speech/ctl-speak", test_ctl_speak);
  g_test_add_func ("/vt/speech/player", test_player);
  g_test_add_func ("/vt/speech/demo-forms", test_demo_forms);

  return g_test_run ();
}
