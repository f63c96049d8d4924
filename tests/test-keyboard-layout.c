#include "config.h"

#include <glib.h>
#include <string.h>

#include "vt-form.h"
#include "vt-keyboard-alphabets.h"
#include "vt-keyboard-layout.h"
#include "vt-keyboard-policy.h"
#include "vt-national-id.h"
#include "vt-session.h"
#include "vt-test-utils.h"

/* The on-screen keyboard's layouts against each language's alphabet
 * (vt-keyboard-alphabets.h, written from the languages' own references,
 * not from the layouts): every letter, small and capital, in two touches
 * at most. */

static void
test_alphabets (void)
{
  for (guint a = 0; a < G_N_ELEMENTS (vt_test_alphabets); a++)
    {
      const VtKeyboardLayout *layout = vt_keyboard_layout_lookup (vt_test_alphabets[a].language);
      g_auto(GStrv) letters = g_strsplit (vt_test_alphabets[a].letters, " ", -1);

      g_assert_cmpstr (vt_keyboard_layout_get_language (layout), ==, vt_test_alphabets[a].language);
      for (guint i = 0; letters[i] != NULL; i++)
        {
          g_autofree char *capital = g_utf8_strup (letters[i], -1);
          const char *both[] = { letters[i], capital };

          for (guint c = 0; c < G_N_ELEMENTS (both); c++)
            {
              guint touches = vt_keyboard_layout_count_touches (layout, VT_KEYBOARD_VARIANT_TEXT, both[c]);

              if (touches == 0 || touches > 2)
                g_error ("%s: “%s” takes %u touches", vt_test_alphabets[a].language, both[c], touches);
            }
          /* a to z are on the first page. */
          if (g_ascii_isalpha (letters[i][0]) && letters[i][1] == '\0')
            g_assert_cmpuint (vt_keyboard_layout_count_touches (layout, VT_KEYBOARD_VARIANT_TEXT, letters[i]), ==, 1);
        }
    }
}

/* Every layout reaches every language's letters, most through a long
 * press, so a citizen writing a name or a street in another language can;
 * the modifier apostrophe ʼ takes three touches where ' is not on the
 * first page. */
static void
test_other_languages (void)
{
  for (const char * const *l = vt_keyboard_layout_list (); *l != NULL; l++)
    {
      const VtKeyboardLayout *layout = vt_keyboard_layout_lookup (*l);

      for (guint a = 0; a < G_N_ELEMENTS (vt_test_alphabets); a++)
        {
          g_auto(GStrv) letters = g_strsplit (vt_test_alphabets[a].letters, " ", -1);

          for (guint i = 0; letters[i] != NULL; i++)
            {
              guint touches = vt_keyboard_layout_count_touches (layout, VT_KEYBOARD_VARIANT_TEXT, letters[i]);

              if (touches == 0 || touches > 3 || (touches == 3 && !g_str_equal (letters[i], "ʼ")))
                g_error ("the %s layout: %s's “%s” takes %u touches", *l, vt_test_alphabets[a].language,
                         letters[i], touches);
            }
        }
    }
}

static void
test_signs (void)
{
  const char *one_touch_text[] = { "0", "1", "5", "9", ",", ".", " " };
  const char *at_most_two_text[] = { "@", "-", "_", "/", "(", ")", "?", "!", ":", ";", "'", "\"", "#", "+" };
  const char *email[] = { "@", ".", "_", "-", "0", "7", "a", "z" };
  const char *phone[] = { "0", "1", "9", "+", "(", ")", "-", " " };
  const char *number[] = { "0", "9", "-", ".", ",", " " };

  for (const char * const *l = vt_keyboard_layout_list (); *l != NULL; l++)
    {
      const VtKeyboardLayout *layout = vt_keyboard_layout_lookup (*l);

      for (guint i = 0; i < G_N_ELEMENTS (one_touch_text); i++)
        g_assert_cmpuint (vt_keyboard_layout_count_touches (layout, VT_KEYBOARD_VARIANT_TEXT, one_touch_text[i]), ==, 1);
      for (guint i = 0; i < G_N_ELEMENTS (at_most_two_text); i++)
        {
          guint touches = vt_keyboard_layout_count_touches (layout, VT_KEYBOARD_VARIANT_TEXT, at_most_two_text[i]);

          g_assert_cmpuint (touches, >=, 1);
          g_assert_cmpuint (touches, <=, 2);
        }
      for (guint i = 0; i < G_N_ELEMENTS (email); i++)
        g_assert_cmpuint (vt_keyboard_layout_count_touches (layout, VT_KEYBOARD_VARIANT_EMAIL, email[i]), ==, 1);
      for (guint i = 0; i < G_N_ELEMENTS (phone); i++)
        g_assert_cmpuint (vt_keyboard_layout_count_touches (layout, VT_KEYBOARD_VARIANT_PHONE, phone[i]), ==, 1);
      for (guint i = 0; i < G_N_ELEMENTS (number); i++)
        g_assert_cmpuint (vt_keyboard_layout_count_touches (layout, VT_KEYBOARD_VARIANT_NUMBER, number[i]), ==, 1);
      /* What each numeric pad leaves out. */
      g_assert_cmpuint (vt_keyboard_layout_count_touches (layout, VT_KEYBOARD_VARIANT_PHONE, "a"), ==, 0);
      g_assert_cmpuint (vt_keyboard_layout_count_touches (layout, VT_KEYBOARD_VARIANT_DIGITS, "-"), ==, 0);
      g_assert_cmpuint (vt_keyboard_layout_count_touches (layout, VT_KEYBOARD_VARIANT_DIGITS, "4"), ==, 1);
    }
  /* Spanish opens questions and exclamations on its symbols page. */
  g_assert_cmpuint (vt_keyboard_layout_count_touches (vt_keyboard_layout_lookup ("es"),
                                                      VT_KEYBOARD_VARIANT_TEXT, "¿"), ==, 2);
  g_assert_cmpuint (vt_keyboard_layout_count_touches (vt_keyboard_layout_lookup ("es"),
                                                      VT_KEYBOARD_VARIANT_TEXT, "¡"), ==, 2);
}

static gboolean
has_action (GPtrArray   *rows,
            VtKeyAction  action)
{
  for (guint r = 0; r < rows->len; r++)
    {
      GPtrArray *row = g_ptr_array_index (rows, r);

      for (guint k = 0; k < row->len; k++)
        if (((VtKey *) g_ptr_array_index (row, k))->action == action)
          return TRUE;
    }
  return FALSE;
}

/* Every page of every layout: rows of one width, keys at least a letter
 * wide, each text key with a label, Continue and Delete everywhere. */
static void
test_pages (void)
{
  const VtKeyboardVariant variants[] = {
    VT_KEYBOARD_VARIANT_TEXT, VT_KEYBOARD_VARIANT_EMAIL, VT_KEYBOARD_VARIANT_PHONE,
    VT_KEYBOARD_VARIANT_NUMBER, VT_KEYBOARD_VARIANT_DIGITS,
  };

  for (const char * const *l = vt_keyboard_layout_list (); *l != NULL; l++)
    for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
      for (guint p = VT_KEYBOARD_PAGE_LETTERS; p <= VT_KEYBOARD_PAGE_SYMBOLS; p++)
        for (guint s = VT_KEYBOARD_SHIFT_OFF; s <= VT_KEYBOARD_SHIFT_LOCKED; s++)
          {
            VtKeyboardState state = { p, s };
            g_autoptr(GPtrArray) rows = vt_keyboard_layout_build (vt_keyboard_layout_lookup (*l), variants[v], state);
            GPtrArray *last = g_ptr_array_index (rows, rows->len - 1);
            guint width = 0;

            /* The last row (Continue's) spans the keyboard. */
            for (guint k = 0; k < last->len; k++)
              width += ((VtKey *) g_ptr_array_index (last, k))->width;
            g_assert_cmpuint (rows->len, >=, 3);
            g_assert_cmpuint (rows->len, <=, 5);
            for (guint r = 0; r < rows->len; r++)
              {
                GPtrArray *row = g_ptr_array_index (rows, r);
                guint w = 0;

                g_assert_cmpuint (row->len, >, 0);
                for (guint k = 0; k < row->len; k++)
                  {
                    const VtKey *key = g_ptr_array_index (row, k);

                    g_assert_cmpuint (key->width, >=, 2);
                    if (key->action == VT_KEY_TEXT)
                      {
                        g_assert_nonnull (key->text);
                        g_assert_cmpstr (key->label, ==, key->text);
                      }
                    w += key->width;
                  }
                if (w > width)
                  g_error ("%s variant %u page %u: row %u is %u half keys, wider than %u", *l, v, p, r, w, width);
              }
            g_assert_true (has_action (rows, VT_KEY_CONTINUE));
            g_assert_true (has_action (rows, VT_KEY_DELETE));
          }
}

static void
test_shift_and_pages (void)
{
  const VtKeyboardLayout *fr = vt_keyboard_layout_lookup ("fr");
  VtKeyboardState state = VT_KEYBOARD_STATE_INIT;
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *row;

  /* Shift: once, then locked, then off. */
  vt_keyboard_state_apply (&state, VT_KEY_SHIFT);
  g_assert_cmpint (state.shift, ==, VT_KEYBOARD_SHIFT_ONCE);
  rows = vt_keyboard_layout_build (fr, VT_KEYBOARD_VARIANT_TEXT, state);
  row = g_ptr_array_index (rows, 1);
  /* AZERTY, in capitals, the digits row unchanged. */
  g_assert_cmpstr (((VtKey *) g_ptr_array_index (row, 0))->text, ==, "A");
  g_assert_cmpstr (((VtKey *) g_ptr_array_index ((GPtrArray *) g_ptr_array_index (rows, 0), 0))->text, ==, "1");
  /* A long press on E offers the capitals. */
  g_assert_cmpstr (((VtKey *) g_ptr_array_index (row, 2))->accents[0], ==, "É");
  vt_keyboard_state_apply (&state, VT_KEY_TEXT);
  g_assert_cmpint (state.shift, ==, VT_KEYBOARD_SHIFT_OFF);

  vt_keyboard_state_apply (&state, VT_KEY_SHIFT);
  vt_keyboard_state_apply (&state, VT_KEY_SHIFT);
  g_assert_cmpint (state.shift, ==, VT_KEYBOARD_SHIFT_LOCKED);
  vt_keyboard_state_apply (&state, VT_KEY_TEXT);
  vt_keyboard_state_apply (&state, VT_KEY_TEXT);
  g_assert_cmpint (state.shift, ==, VT_KEYBOARD_SHIFT_LOCKED);
  vt_keyboard_state_apply (&state, VT_KEY_SHIFT);
  g_assert_cmpint (state.shift, ==, VT_KEYBOARD_SHIFT_OFF);

  /* The accent page is for one letter; the symbols page stays. */
  vt_keyboard_state_apply (&state, VT_KEY_ACCENTS);
  g_assert_cmpint (state.page, ==, VT_KEYBOARD_PAGE_ACCENTS);
  vt_keyboard_state_apply (&state, VT_KEY_TEXT);
  g_assert_cmpint (state.page, ==, VT_KEYBOARD_PAGE_LETTERS);
  vt_keyboard_state_apply (&state, VT_KEY_SYMBOLS);
  vt_keyboard_state_apply (&state, VT_KEY_TEXT);
  vt_keyboard_state_apply (&state, VT_KEY_SPACE);
  g_assert_cmpint (state.page, ==, VT_KEYBOARD_PAGE_SYMBOLS);
  vt_keyboard_state_apply (&state, VT_KEY_LETTERS);
  g_assert_cmpint (state.page, ==, VT_KEYBOARD_PAGE_LETTERS);
}

static const VtKey *
find_key (GPtrArray            *rows,
          const VtKeyboardStep *step)
{
  for (guint r = 0; r < rows->len; r++)
    {
      GPtrArray *row = g_ptr_array_index (rows, r);

      for (guint k = 0; k < row->len; k++)
        {
          const VtKey *key = g_ptr_array_index (row, k);

          if (key->action == step->action &&
              (step->action != VT_KEY_TEXT || g_str_equal (key->text, step->key)))
            return key;
        }
    }
  return NULL;
}

/* Plays a plan on the layout's pages as a person would, key by key. */
static char *
play (const VtKeyboardLayout *layout,
      GPtrArray              *plan)
{
  VtKeyboardState state = VT_KEYBOARD_STATE_INIT;
  GString *typed = g_string_new (NULL);

  for (guint i = 0; i < plan->len; i++)
    {
      const VtKeyboardStep *step = g_ptr_array_index (plan, i);
      g_autoptr(GPtrArray) rows = vt_keyboard_layout_build (layout, VT_KEYBOARD_VARIANT_TEXT, state);
      const VtKey *key = find_key (rows, step);

      if (key == NULL)
        g_error ("step %u: no such key on page %d", i, state.page);
      if (step->accent != NULL)
        {
          g_assert_nonnull (key->accents);
          g_assert_true (g_strv_contains ((const char * const *) key->accents, step->accent));
          g_string_append (typed, step->accent);
        }
      else if (key->action == VT_KEY_TEXT)
        g_string_append (typed, key->text);
      else if (key->action == VT_KEY_SPACE)
        g_string_append_c (typed, ' ');
      vt_keyboard_state_apply (&state, key->action);
    }
  return g_string_free (typed, FALSE);
}

static void
test_plan (void)
{
  const VtKeyboardLayout *es = vt_keyboard_layout_lookup ("es");
  const VtKeyboardLayout *gn = vt_keyboard_layout_lookup ("gn");
  const char *sentence = "¿Dónde está Ñandú? ¡Aquí, pingüino!";
  g_autoptr(GError) error = NULL;

  for (gboolean long_press = FALSE; long_press <= TRUE; long_press++)
    {
      g_autoptr(GPtrArray) plan = vt_keyboard_layout_plan (es, VT_KEYBOARD_VARIANT_TEXT, sentence, long_press, &error);
      g_autofree char *typed = NULL;
      gboolean pressed = FALSE;

      g_assert_no_error (error);
      typed = play (es, plan);
      g_assert_cmpstr (typed, ==, sentence);
      for (guint i = 0; i < plan->len; i++)
        pressed |= ((VtKeyboardStep *) g_ptr_array_index (plan, i))->accent != NULL;
      g_assert_true (pressed == long_press);
    }

  /* g̃ is two code points and one letter. */
  {
    g_autoptr(GPtrArray) plan = vt_keyboard_layout_plan (gn, VT_KEYBOARD_VARIANT_TEXT, "G̃uahẽ", FALSE, &error);
    g_autofree char *typed = NULL;

    g_assert_no_error (error);
    typed = play (gn, plan);
    g_assert_cmpstr (typed, ==, "G̃uahẽ");
  }

  /* What no key types is said, not skipped. */
  g_assert_null (vt_keyboard_layout_plan (es, VT_KEYBOARD_VARIANT_TEXT, "日本", FALSE, &error));
  g_assert_error (error, VT_KEYBOARD_LAYOUT_ERROR, VT_KEYBOARD_LAYOUT_ERROR_UNREACHABLE);
}

/* Each language's sentence has every letter beyond a-z, and its plans
 * type it on the layout's pages. */
static void
test_sentences (void)
{
  for (guint a = 0; a < G_N_ELEMENTS (vt_test_alphabets); a++)
    {
      const VtKeyboardLayout *layout = vt_keyboard_layout_lookup (vt_test_alphabets[a].language);
      g_auto(GStrv) accented = g_strsplit (vt_test_alphabets[a].accented, " ", -1);

      for (guint i = 0; accented[i] != NULL; i++)
        if (accented[i][0] != '\0' && strstr (vt_test_alphabets[a].sentence, accented[i]) == NULL)
          g_error ("%s: the sentence lacks “%s”", vt_test_alphabets[a].language, accented[i]);
      for (gboolean long_press = FALSE; long_press <= TRUE; long_press++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) plan = vt_keyboard_layout_plan (layout, VT_KEYBOARD_VARIANT_TEXT,
                                                               vt_test_alphabets[a].sentence, long_press, &error);
          g_autofree char *typed = NULL;

          g_assert_no_error (error);
          typed = play (layout, plan);
          g_assert_cmpstr (typed, ==, vt_test_alphabets[a].sentence);
        }
    }
}

static void
test_lookup (void)
{
  g_assert_cmpstr (vt_keyboard_layout_get_language (vt_keyboard_layout_lookup ("pt_BR")), ==, "pt");
  g_assert_cmpstr (vt_keyboard_layout_get_language (vt_keyboard_layout_lookup ("pt-BR")), ==, "pt");
  g_assert_cmpstr (vt_keyboard_layout_get_language (vt_keyboard_layout_lookup ("es_MX")), ==, "es");
  g_assert_cmpstr (vt_keyboard_layout_get_language (vt_keyboard_layout_lookup ("gn")), ==, "gn");
  g_assert_cmpstr (vt_keyboard_layout_get_name (vt_keyboard_layout_lookup ("qu")), ==, "Runa simi");
  /* No layout: English, never nothing; "esperanto" is not Spanish. */
  g_assert_cmpstr (vt_keyboard_layout_get_language (vt_keyboard_layout_lookup ("de")), ==, "en");
  g_assert_cmpstr (vt_keyboard_layout_get_language (vt_keyboard_layout_lookup ("esperanto")), ==, "en");
  g_assert_cmpstr (vt_keyboard_layout_get_language (vt_keyboard_layout_lookup (NULL)), ==, "en");
  g_assert_cmpuint (g_strv_length ((char **) vt_keyboard_layout_list ()), ==, 7);
}

static void
test_variant_for_field (void)
{
  /* The demo services' own constraints. */
  g_assert_cmpint (vt_keyboard_variant_for_field (VT_DATA_STRING, NULL, "regex(., '^[0-9 +()-]{7,20}$')"),
                   ==, VT_KEYBOARD_VARIANT_PHONE);
  g_assert_cmpint (vt_keyboard_variant_for_field (VT_DATA_STRING, NULL, "regex(., '^[^@ ]+@[^@ ]+[.][^@ ]+$')"),
                   ==, VT_KEYBOARD_VARIANT_EMAIL);
  g_assert_cmpint (vt_keyboard_variant_for_field (VT_DATA_STRING, NULL, "string-length(normalize-space(.)) >= 3"),
                   ==, VT_KEYBOARD_VARIANT_TEXT);
  /* Other ways forms write them. */
  g_assert_cmpint (vt_keyboard_variant_for_field (VT_DATA_STRING, NULL, "regex(., \"^\\d{8}$\")"),
                   ==, VT_KEYBOARD_VARIANT_DIGITS);
  g_assert_cmpint (vt_keyboard_variant_for_field (VT_DATA_STRING, NULL, "regex(., '^\\+?[0-9]{10,13}$')"),
                   ==, VT_KEYBOARD_VARIANT_PHONE);
  g_assert_cmpint (vt_keyboard_variant_for_field (VT_DATA_STRING, NULL, "regex(., '^[0-9]{2}\\.[0-9]{3}\\.[0-9]{3}-[0-9]$')"),
                   ==, VT_KEYBOARD_VARIANT_NUMBER);
  g_assert_cmpint (vt_keyboard_variant_for_field (VT_DATA_STRING, NULL, "regex(., '^[A-Z]{4}[0-9]{6}$')"),
                   ==, VT_KEYBOARD_VARIANT_TEXT);
  g_assert_cmpint (vt_keyboard_variant_for_field (VT_DATA_STRING, NULL, "regex(concat(., ','), '^[0-9]+,$') and . != '0'"),
                   ==, VT_KEYBOARD_VARIANT_NUMBER);
  g_assert_cmpint (vt_keyboard_variant_for_field (VT_DATA_STRING, NULL, "regex(., '^[0-9]{4}.*$')"),
                   ==, VT_KEYBOARD_VARIANT_TEXT);
  g_assert_cmpint (vt_keyboard_variant_for_field (VT_DATA_STRING, NULL, "regex(., "), ==, VT_KEYBOARD_VARIANT_TEXT);
  /* A national-ID check of id-check-xpath: its regex() tests the value
   * without its separators, so the letters and dots stay on the keyboard;
   * a later regex() over the value itself still counts. */
  {
    const char * const *schemes = vt_national_id_list_schemes ();

    for (gsize i = 0; schemes[i] != NULL; i++)
      {
        g_autofree char *check = vt_national_id_dup_xpath (schemes[i], ".", NULL);
        g_autofree char *then = g_strconcat (check, " and regex(., '^[0-9]+$')", NULL);

        g_assert_cmpint (vt_keyboard_variant_for_field (VT_DATA_STRING, NULL, check), ==, VT_KEYBOARD_VARIANT_TEXT);
        g_assert_cmpint (vt_keyboard_variant_for_field (VT_DATA_STRING, NULL, then), ==, VT_KEYBOARD_VARIANT_DIGITS);
      }
  }
  /* Appearance and type. */
  g_assert_cmpint (vt_keyboard_variant_for_field (VT_DATA_STRING, "numbers", NULL), ==, VT_KEYBOARD_VARIANT_NUMBER);
  g_assert_cmpint (vt_keyboard_variant_for_field (VT_DATA_STRING, "minimal numbers", NULL), ==, VT_KEYBOARD_VARIANT_NUMBER);
  g_assert_cmpint (vt_keyboard_variant_for_field (VT_DATA_STRING, "thousands-sep", NULL), ==, VT_KEYBOARD_VARIANT_TEXT);
  g_assert_cmpint (vt_keyboard_variant_for_field (VT_DATA_INT, NULL, NULL), ==, VT_KEYBOARD_VARIANT_DIGITS);
  g_assert_cmpint (vt_keyboard_variant_for_field (VT_DATA_DATE, NULL, NULL), ==, VT_KEYBOARD_VARIANT_DIGITS);
  g_assert_cmpint (vt_keyboard_variant_for_field (VT_DATA_DECIMAL, NULL, NULL), ==, VT_KEYBOARD_VARIANT_NUMBER);
}

static const VtQuestion *
find_question (GPtrArray  *pages,
               const char *path)
{
  for (guint p = 0; p < pages->len; p++)
    {
      const VtPage *page = g_ptr_array_index (pages, p);

      for (guint q = 0; page->questions != NULL && q < page->questions->len; q++)
        if (g_str_equal (((VtQuestion *) g_ptr_array_index (page->questions, q))->path, path))
          return g_ptr_array_index (page->questions, q);
    }
  g_error ("no question %s", path);
  return NULL;
}

/* A demo service's e-mail and phone questions get their keyboards from
 * the form's own constraints, through the session. */
static void
test_demo_form_fields (void)
{
  g_autofree char *path = g_build_filename (vt_test_source_root (), "data", "forms", "residence_certificate.xml", NULL);
  g_autoptr(GError) error = NULL;
  VtForm *form = vt_form_load_file (path, &error);
  g_autoptr(VtSession) session = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  const VtQuestion *q;

  g_assert_no_error (error);
  session = vt_session_new (form, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vt_session_set_answer (session, "/data/delivery", "email", &error));
  pages = vt_session_get_pages (session);

  q = find_question (pages, "/data/email");
  g_assert_cmpint (vt_keyboard_variant_for_field (q->type, q->appearance, q->constraint), ==, VT_KEYBOARD_VARIANT_EMAIL);
  q = find_question (pages, "/data/phone");
  g_assert_cmpint (vt_keyboard_variant_for_field (q->type, q->appearance, q->constraint), ==, VT_KEYBOARD_VARIANT_PHONE);
  q = find_question (pages, "/data/full_name");
  g_assert_cmpint (vt_keyboard_variant_for_field (q->type, q->appearance, q->constraint), ==, VT_KEYBOARD_VARIANT_TEXT);
  q = find_question (pages, "/data/years_at_address");
  g_assert_cmpint (vt_keyboard_variant_for_field (q->type, q->appearance, q->constraint), ==, VT_KEYBOARD_VARIANT_DIGITS);

  g_clear_pointer (&session, vt_session_free);
  vt_form_unref (form);
}

static void
test_policy (void)
{
  VtKeyboardPolicy policy;

  vt_keyboard_policy_init (&policy, VT_KEYBOARD_MODE_AUTO);
  /* A mouse-only seat: no keyboard. */
  g_assert_false (vt_keyboard_policy_wants_keyboard (&policy));
  vt_keyboard_policy_set_touch_screen (&policy, TRUE);
  g_assert_true (vt_keyboard_policy_wants_keyboard (&policy));
  /* Someone types on a physical keyboard: out of the way... */
  vt_keyboard_policy_key_pressed (&policy);
  g_assert_false (vt_keyboard_policy_wants_keyboard (&policy));
  /* ...until the screen is touched again. */
  vt_keyboard_policy_touched (&policy);
  g_assert_true (vt_keyboard_policy_wants_keyboard (&policy));
  vt_keyboard_policy_key_pressed (&policy);
  vt_keyboard_policy_reset (&policy);
  g_assert_true (vt_keyboard_policy_wants_keyboard (&policy));

  /* A touch proves a touch screen the seat did not report. */
  vt_keyboard_policy_init (&policy, VT_KEYBOARD_MODE_AUTO);
  vt_keyboard_policy_touched (&policy);
  g_assert_true (vt_keyboard_policy_wants_keyboard (&policy));

  vt_keyboard_policy_init (&policy, VT_KEYBOARD_MODE_ALWAYS);
  g_assert_true (vt_keyboard_policy_wants_keyboard (&policy));
  vt_keyboard_policy_key_pressed (&policy);
  g_assert_true (vt_keyboard_policy_wants_keyboard (&policy));

  vt_keyboard_policy_init (&policy, VT_KEYBOARD_MODE_NEVER);
  vt_keyboard_policy_set_touch_screen (&policy, TRUE);
  vt_keyboard_policy_touched (&policy);
  g_assert_false (vt_keyboard_policy_wants_keyboard (&policy));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vt/keyboard-layout/alphabets", test_alphabets);
  g_test_add_func ("/vt/keyboard-layout/other-languages", test_other_languages);
  g_test_add_func ("/vt/keyboard-layout/signs", test_signs);
  g_test_add_func ("/vt/keyboard-layout/pages", test_pages);
  g_test_add_func ("/vt/keyboard-layout/shift-and-pages", test_shift_and_pages);
  g_test_add_func ("/vt/keyboard-layout/plan", test_plan);
  g_test_add_func ("/vt/keyboard-layout/sentences", test_sentences);
  g_test_add_func ("/vt/keyboard-layout/lookup", test_lookup);
  g_test_add_func ("/vt/keyboard-layout/variant-for-field", test_variant_for_field);
  g_test_add_func ("/vt/keyboard-layout/demo-form-fields", test_demo_form_fields);
  g_test_add_func ("/vt/keyboard-layout/policy", test_policy);

  return g_test_run ();
}
