#define G_LOG_DOMAIN "vt-keyboard-layout"

#include "config.h"

#include <string.h>

#include "vt-keyboard-layout.h"

/* The on-screen keyboard's layouts as data.  A text page is twenty half
 * keys wide: the digits, three rows of the language's letters, and a
 * bottom row with the page keys, space and Continue.  What the languages
 * add beyond a-z is reachable in two touches at most: shift then the
 * letter, the accent key then the letter (that page holds both cases), or
 * a long press on the base letter then the accent.  A long press offers
 * the letters of every language the kiosk speaks, not only the layout's
 * own: a Haitian citizen in Santo Domingo writes Spanish street names. */

G_DEFINE_QUARK (vt-keyboard-layout-error-quark, vt_keyboard_layout_error)

#define PAGE_WIDTH 20
#define MAX_ROW_KEYS 10

struct _VtKeyboardLayout
{
  const char *language;
  const char *name;
  const char *rows[3];             /* letters, lower case, separated by spaces */
  const char *accented;            /* the language's own letters past a-z, in its order */
  const char *accent_label;        /* what the accent key shows */
  const char *symbols;             /* the language's own signs on the symbols page */
};

static const VtKeyboardLayout layouts[] = {
  { "es", "Español",
    { "q w e r t y u i o p", "a s d f g h j k l ñ", "z x c v b n m" },
    "á é í ó ú ü ñ", "á ü", "¿ ¡ º ª €" },
  { "pt", "Português",
    { "q w e r t y u i o p", "a s d f g h j k l ç", "z x c v b n m" },
    "á â ã à é ê í ó ô õ ú ç", "ã é", "º ª € §" },
  /* French as France, the Antilles and Guiana type it: AZERTY. */
  { "fr", "Français",
    { "a z e r t y u i o p", "q s d f g h j k l m", "w x c v b n '" },
    "à â æ ç é è ê ë î ï ô œ ù û ü ÿ", "é à", "« » € ’" },
  /* Kreyòl writes è and ò in most sentences: on the first page. */
  { "ht", "Kreyòl",
    { "q w e r t y u i o p", "a s d f g h j k l ò", "z x c v b n m è" },
    "à è ò", "à è", "« » €" },
  { "en", "English",
    { "q w e r t y u i o p", "a s d f g h j k l '", "z x c v b n m" },
    "á é í ó ú ñ ü ç", "á ñ", "€ £" },
  /* Quechua's ejective and aspirated stops are written with an apostrophe
   * (ch'aska, p'unchaw): on the first page, ʼ (U+02BC) under a long press. */
  { "qu", "Runa simi",
    { "q w e r t y u i o p", "a s d f g h j k l ñ", "z x c v b n m '" },
    "á é í ó ú ñ ʼ", "á ʼ", "¿ ¡ ʼ" },
  /* Guaraní: the puso (') on the first page, the nasal vowels and g̃ on
   * the accent page and under a long press. */
  { "gn", "Avañe'ẽ",
    { "q w e r t y u i o p", "a s d f g h j k l ñ", "z x c v b n m '" },
    "ã ẽ ĩ õ ũ ỹ g̃ á é í ó ú ý ñ ʼ", "ã ẽ", "¿ ¡ ₲ ʼ" },
};

static const char * const layout_languages[] = { "es", "pt", "fr", "ht", "en", "qu", "gn", NULL };

/* What a long press offers in every layout: the letters of Spanish,
 * Portuguese, French, Haitian Creole, Quechua and Guaraní, after the
 * layout's own. */
static const char region_letters[] =
  "á à â ã é è ê ë ẽ í î ï ĩ ó ò ô õ ú ù û ü ũ ý ÿ ỹ ç ñ g̃ æ œ ʼ ’";

static const char digits_row[] = "1 2 3 4 5 6 7 8 9 0";
static const char symbols_row1[] = "@ # $ % & - + ( ) /";
static const char symbols_row2[] = "* \" ' : ; ! ? _ = °";
/* Fill the symbols page's third row after the language's own signs. */
static const char symbols_fill[] = "< > [ ] { } \\ | ~ ^";

const VtKeyboardLayout *
vt_keyboard_layout_lookup (const char *language)
{
  for (guint i = 0; language != NULL && i < G_N_ELEMENTS (layouts); i++)
    {
      gsize n = strlen (layouts[i].language);

      /* "pt_BR", "pt-BR" and "pt" are all Portuguese. */
      if (g_ascii_strncasecmp (language, layouts[i].language, n) == 0 &&
          (language[n] == '\0' || language[n] == '_' || language[n] == '-'))
        return &layouts[i];
    }
  return vt_keyboard_layout_lookup ("en");
}

const char * const *
vt_keyboard_layout_list (void)
{
  return layout_languages;
}

const char *
vt_keyboard_layout_get_language (const VtKeyboardLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->language;
}

const char *
vt_keyboard_layout_get_name (const VtKeyboardLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

/* ---- keys ---------------------------------------------------------------- */

void
vt_key_free (VtKey *key)
{
  if (key == NULL)
    return;
  g_free (key->text);
  g_free (key->label);
  g_strfreev (key->accents);
  g_free (key);
}

void
vt_keyboard_step_free (VtKeyboardStep *step)
{
  if (step == NULL)
    return;
  g_free (step->key);
  g_free (step->accent);
  g_free (step);
}

static VtKey *
action_key (VtKeyAction action,
            guint       width)
{
  VtKey *key = g_new0 (VtKey, 1);

  key->action = action;
  key->width = width;
  return key;
}

/* The letter a long press on it stands for: "é" and "ẽ" are "e", "g̃" is
 * "g"; æ, œ and the apostrophes do not decompose. */
static gunichar
base_of (const char *letter)
{
  g_autofree char *nfd = g_utf8_normalize (letter, -1, G_NORMALIZE_NFD);
  gunichar c = g_utf8_get_char (nfd);

  switch (c)
    {
    case 0x00E6: return 'a';       /* æ */
    case 0x0153: return 'o';       /* œ */
    case 0x02BC:                   /* ʼ */
    case 0x2019: return '\'';      /* ’ */
    default:     return c;
    }
}

static char *
in_case (const char *text,
         gboolean    upper)
{
  return upper ? g_utf8_strup (text, -1) : g_strdup (text);
}

/* The layout's own letters first, then the region's, whose base is that of
 * text; NULL when there are none. */
static char **
accents_for (const VtKeyboardLayout *self,
             const char             *text,
             gboolean                upper)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  const char *lists[] = { self->accented, region_letters };
  gunichar base = g_utf8_get_char (text);
  char **result;

  if (g_utf8_strlen (text, -1) != 1)
    return NULL;
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      g_auto(GStrv) letters = g_strsplit (lists[l], " ", -1);

      for (guint i = 0; letters[i] != NULL; i++)
        {
          g_autofree char *shown = NULL;

          if (base_of (letters[i]) != base || g_str_equal (letters[i], text))
            continue;
          shown = in_case (letters[i], upper);
          if (g_ptr_array_find_with_equal_func (seen, shown, g_str_equal, NULL))
            continue;
          g_strv_builder_add (builder, shown);
          g_ptr_array_add (seen, g_steal_pointer (&shown));
        }
    }
  result = g_strv_builder_end (builder);
  if (result[0] == NULL)
    g_clear_pointer (&result, g_strfreev);
  return result;
}

static VtKey *
text_key (const VtKeyboardLayout *self,
          const char             *text,
          gboolean                upper,
          gboolean                with_accents,
          guint                   width)
{
  VtKey *key = action_key (VT_KEY_TEXT, width);

  key->text = in_case (text, upper);
  key->label = g_strdup (key->text);
  if (with_accents)
    key->accents = accents_for (self, text, upper);
  return key;
}

static GPtrArray *
new_row (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) vt_key_free);
}

static GPtrArray *
text_row (const VtKeyboardLayout *self,
          const char             *keys,
          gboolean                upper,
          gboolean                with_accents)
{
  g_auto(GStrv) texts = g_strsplit (keys, " ", -1);
  GPtrArray *row = new_row ();

  for (guint i = 0; texts[i] != NULL; i++)
    g_ptr_array_add (row, text_key (self, texts[i], upper, with_accents, 2));
  return row;
}

static guint
row_width (GPtrArray *row)
{
  guint width = 0;

  for (guint i = 0; i < row->len; i++)
    width += ((VtKey *) g_ptr_array_index (row, i))->width;
  return width;
}

/* The page's last row: how to reach the other pages, then what every
 * field needs. */
static GPtrArray *
bottom_row (const VtKeyboardLayout *self,
            VtKeyboardVariant       variant,
            VtKeyboardPage          page)
{
  GPtrArray *row = new_row ();
  VtKey *key;

  g_ptr_array_add (row, action_key (page == VT_KEYBOARD_PAGE_SYMBOLS ? VT_KEY_LETTERS : VT_KEY_SYMBOLS, 3));
  if (variant == VT_KEYBOARD_VARIANT_EMAIL)
    {
      g_ptr_array_add (row, text_key (self, "@", FALSE, FALSE, 2));
      g_ptr_array_add (row, text_key (self, "_", FALSE, FALSE, 2));
      g_ptr_array_add (row, text_key (self, "-", FALSE, FALSE, 2));
      g_ptr_array_add (row, text_key (self, ".com", FALSE, FALSE, 3));
      g_ptr_array_add (row, text_key (self, ".", FALSE, FALSE, 2));
    }
  else if (page == VT_KEYBOARD_PAGE_ACCENTS)
    {
      g_ptr_array_add (row, action_key (VT_KEY_LETTERS, 2));
      g_ptr_array_add (row, action_key (VT_KEY_SPACE, 5));
      g_ptr_array_add (row, action_key (VT_KEY_DELETE, 4));
    }
  else
    {
      key = action_key (VT_KEY_ACCENTS, 2);
      key->label = g_strdup (self->accent_label);
      g_ptr_array_add (row, key);
      g_ptr_array_add (row, text_key (self, ",", FALSE, FALSE, 2));
      g_ptr_array_add (row, action_key (VT_KEY_SPACE, 5));
      g_ptr_array_add (row, text_key (self, ".", FALSE, FALSE, 2));
    }
  g_ptr_array_add (row, action_key (VT_KEY_CONTINUE, PAGE_WIDTH - row_width (row)));
  return row;
}

static void
add_letter_pages (const VtKeyboardLayout *self,
                  GPtrArray              *rows,
                  gboolean                upper)
{
  g_ptr_array_add (rows, text_row (self, digits_row, FALSE, FALSE));
  for (guint r = 0; r < G_N_ELEMENTS (self->rows); r++)
    {
      GPtrArray *row = text_row (self, self->rows[r], upper, TRUE);

      if (r == G_N_ELEMENTS (self->rows) - 1)
        {
          /* Shift and delete share what the letters leave of the row. */
          guint side = MAX ((PAGE_WIDTH - row_width (row)) / 2, 2);

          g_ptr_array_insert (row, 0, action_key (VT_KEY_SHIFT, side));
          g_ptr_array_add (row, action_key (VT_KEY_DELETE, side));
        }
      g_ptr_array_add (rows, row);
    }
}

/* Splits letters into as few rows of at most MAX_ROW_KEYS as it takes,
 * the rows as even as they can be. */
static void
add_split (const VtKeyboardLayout *self,
           GPtrArray              *rows,
           GPtrArray              *letters)
{
  guint n_rows = (letters->len + MAX_ROW_KEYS - 1) / MAX_ROW_KEYS;
  guint next = 0;

  for (guint r = 0; r < n_rows; r++)
    {
      guint count = (letters->len - next + (n_rows - r) - 1) / (n_rows - r);
      GPtrArray *row = new_row ();

      for (guint i = 0; i < count; i++, next++)
        g_ptr_array_add (row, text_key (self, g_ptr_array_index (letters, next), FALSE, FALSE, 2));
      g_ptr_array_add (rows, row);
    }
}

static void
add_accent_page (const VtKeyboardLayout *self,
                 GPtrArray              *rows)
{
  g_auto(GStrv) own = g_strsplit (self->accented, " ", -1);
  g_autoptr(GPtrArray) lower = g_ptr_array_new ();
  g_autoptr(GPtrArray) upper = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; own[i] != NULL; i++)
    {
      char *capital = g_utf8_strup (own[i], -1);

      g_ptr_array_add (lower, own[i]);
      /* ʼ has no capital: shown once. */
      if (g_str_equal (capital, own[i]))
        g_free (capital);
      else
        g_ptr_array_add (upper, capital);
    }
  add_split (self, rows, lower);
  add_split (self, rows, upper);
}

static void
add_symbols_page (const VtKeyboardLayout *self,
                  GPtrArray              *rows)
{
  g_auto(GStrv) own = g_strsplit (self->symbols, " ", -1);
  g_auto(GStrv) fill = g_strsplit (symbols_fill, " ", -1);
  GPtrArray *row;

  g_ptr_array_add (rows, text_row (self, digits_row, FALSE, FALSE));
  g_ptr_array_add (rows, text_row (self, symbols_row1, FALSE, FALSE));
  /* A long press on ' offers ʼ and ’. */
  g_ptr_array_add (rows, text_row (self, symbols_row2, FALSE, TRUE));
  row = new_row ();
  for (guint i = 0; own[i] != NULL && row->len < 7; i++)
    g_ptr_array_add (row, text_key (self, own[i], FALSE, FALSE, 2));
  for (guint i = 0; fill[i] != NULL && row->len < 7; i++)
    g_ptr_array_add (row, text_key (self, fill[i], FALSE, FALSE, 2));
  g_ptr_array_add (row, action_key (VT_KEY_DELETE, PAGE_WIDTH - row_width (row)));
  g_ptr_array_add (rows, row);
}

/* The numeric pads: rows of texts and actions, "SPACE" and "DELETE" by
 * name, each key width half keys wide; Continue takes the last row. */
static void
add_pad (const VtKeyboardLayout *self,
         GPtrArray              *rows,
         const char * const     *pad,
         guint                   width)
{
  guint total = 0;

  for (guint r = 0; pad[r] != NULL; r++)
    {
      g_auto(GStrv) keys = g_strsplit (pad[r], " ", -1);
      GPtrArray *row = new_row ();

      for (guint i = 0; keys[i] != NULL; i++)
        {
          if (g_str_equal (keys[i], "SPACE"))
            g_ptr_array_add (row, action_key (VT_KEY_SPACE, width));
          else if (g_str_equal (keys[i], "DELETE"))
            g_ptr_array_add (row, action_key (VT_KEY_DELETE, width));
          else
            g_ptr_array_add (row, text_key (self, keys[i], FALSE, FALSE, width));
        }
      total = MAX (total, row_width (row));
      g_ptr_array_add (rows, row);
    }
  /* The last key of a short row takes what is left, Delete mostly. */
  for (guint r = 0; r < rows->len; r++)
    {
      GPtrArray *row = g_ptr_array_index (rows, r);
      VtKey *last = g_ptr_array_index (row, row->len - 1);

      last->width += total - row_width (row);
    }
  {
    GPtrArray *row = new_row ();

    g_ptr_array_add (row, action_key (VT_KEY_CONTINUE, total));
    g_ptr_array_add (rows, row);
  }
}

GPtrArray *
vt_keyboard_layout_build (const VtKeyboardLayout *self,
                          VtKeyboardVariant       variant,
                          VtKeyboardState         state)
{
  static const char * const phone[] = { "1 2 3 +", "4 5 6 -", "7 8 9 SPACE", "( 0 ) DELETE", NULL };
  static const char * const number[] = { "1 2 3 -", "4 5 6 .", "7 8 9 ,", "SPACE 0 DELETE", NULL };
  static const char * const digits[] = { "1 2 3", "4 5 6", "7 8 9", "0 DELETE", NULL };
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  gboolean upper = state.shift != VT_KEYBOARD_SHIFT_OFF;

  g_return_val_if_fail (self != NULL, rows);

  switch (variant)
    {
    case VT_KEYBOARD_VARIANT_PHONE:
      add_pad (self, rows, phone, 5);
      return rows;
    case VT_KEYBOARD_VARIANT_NUMBER:
      add_pad (self, rows, number, 5);
      return rows;
    case VT_KEYBOARD_VARIANT_DIGITS:
      add_pad (self, rows, digits, 2);
      return rows;
    case VT_KEYBOARD_VARIANT_TEXT:
    case VT_KEYBOARD_VARIANT_EMAIL:
    default:
      break;
    }

  if (state.page == VT_KEYBOARD_PAGE_SYMBOLS)
    add_symbols_page (self, rows);
  else if (state.page == VT_KEYBOARD_PAGE_ACCENTS && variant == VT_KEYBOARD_VARIANT_TEXT)
    add_accent_page (self, rows);
  else
    {
      state.page = VT_KEYBOARD_PAGE_LETTERS;
      add_letter_pages (self, rows, upper);
    }
  g_ptr_array_add (rows, bottom_row (self, variant, state.page));
  return rows;
}

void
vt_keyboard_state_apply (VtKeyboardState *state,
                         VtKeyAction      action)
{
  g_return_if_fail (state != NULL);

  switch (action)
    {
    case VT_KEY_SHIFT:
      state->shift = (state->shift + 1) % 3;
      break;
    case VT_KEY_LETTERS:
      state->page = VT_KEYBOARD_PAGE_LETTERS;
      break;
    case VT_KEY_ACCENTS:
      state->page = VT_KEYBOARD_PAGE_ACCENTS;
      break;
    case VT_KEY_SYMBOLS:
      state->page = VT_KEYBOARD_PAGE_SYMBOLS;
      break;
    case VT_KEY_TEXT:
      /* Shift holds for one letter; the accent page for one accent. */
      if (state->shift == VT_KEYBOARD_SHIFT_ONCE)
        state->shift = VT_KEYBOARD_SHIFT_OFF;
      if (state->page == VT_KEYBOARD_PAGE_ACCENTS)
        state->page = VT_KEYBOARD_PAGE_LETTERS;
      break;
    case VT_KEY_SPACE:
      if (state->page == VT_KEYBOARD_PAGE_ACCENTS)
        state->page = VT_KEYBOARD_PAGE_LETTERS;
      break;
    case VT_KEY_DELETE:
    case VT_KEY_CONTINUE:
    default:
      break;
    }
}

/* ---- touches --------------------------------------------------------------- */

#define N_STATES 9

static guint
state_index (VtKeyboardState state)
{
  return state.page * 3 + state.shift;
}

static VtKeyboardState
state_at (guint index)
{
  VtKeyboardState state = { index / 3, index % 3 };

  return state;
}

/* How to type one character from one state: the touches it takes, the
 * state it leaves, and the steps (NULL when only counting). */
typedef struct
{
  guint            touches;        /* 0: cannot */
  VtKeyboardState  after;
  GPtrArray       *steps;
} Route;

static VtKeyboardStep *
new_step (VtKeyAction  action,
          const char  *key,
          const char  *accent)
{
  VtKeyboardStep *step = g_new0 (VtKeyboardStep, 1);

  step->action = action;
  step->key = g_strdup (key);
  step->accent = g_strdup (accent);
  return step;
}

/* Dijkstra over the nine (page, shift) states, page and shift keys as the
 * edges (one touch each); then the cheapest key that types character:
 * a tap (1) or a long press and a pick (2). */
static Route
route_one (const VtKeyboardLayout *self,
           VtKeyboardVariant       variant,
           GPtrArray             **pages,     /* N_STATES, built here when NULL, kept */
           VtKeyboardState         from,
           const char             *character,
           gboolean                long_press,
           gboolean                want_steps)
{
  guint dist[N_STATES];
  int previous[N_STATES];
  VtKeyAction via[N_STATES];
  gboolean done[N_STATES] = { FALSE };
  Route best = { 0, from, NULL };
  int best_state = -1;
  const VtKey *best_key = NULL;
  const char *best_accent = NULL;
  gboolean best_is_press = FALSE;

  for (guint i = 0; i < N_STATES; i++)
    dist[i] = G_MAXUINT, previous[i] = -1, via[i] = VT_KEY_TEXT;
  dist[state_index (from)] = 0;

  for (guint round = 0; round < N_STATES; round++)
    {
      int u = -1;

      for (guint i = 0; i < N_STATES; i++)
        if (!done[i] && dist[i] != G_MAXUINT && (u < 0 || dist[i] < dist[u]))
          u = (int) i;
      if (u < 0)
        break;
      done[u] = TRUE;
      if (pages[u] == NULL)
        pages[u] = vt_keyboard_layout_build (self, variant, state_at (u));

      for (guint r = 0; r < pages[u]->len; r++)
        {
          GPtrArray *row = g_ptr_array_index (pages[u], r);

          for (guint k = 0; k < row->len; k++)
            {
              const VtKey *key = g_ptr_array_index (row, k);
              VtKeyboardState next = state_at (u);
              guint cost = G_MAXUINT;
              const char *accent = NULL;
              gboolean is_press = FALSE;

              if ((key->action == VT_KEY_TEXT && g_str_equal (key->text, character)) ||
                  (key->action == VT_KEY_SPACE && g_str_equal (character, " ")))
                cost = 1;
              else if (key->action == VT_KEY_TEXT && key->accents != NULL && long_press &&
                       g_strv_contains ((const char * const *) key->accents, character))
                cost = 2, accent = character, is_press = TRUE;

              if (cost != G_MAXUINT)
                {
                  guint total = dist[u] + cost;

                  /* On a tie a long press wins when asked for. */
                  if (best.touches == 0 || total < best.touches ||
                      (total == best.touches && is_press && !best_is_press))
                    {
                      best.touches = total;
                      best_state = u;
                      best_key = key;
                      best_accent = accent;
                      best_is_press = is_press;
                      vt_keyboard_state_apply (&next, key->action);
                      best.after = next;
                    }
                  continue;
                }

              if (key->action == VT_KEY_SHIFT || key->action == VT_KEY_LETTERS ||
                  key->action == VT_KEY_ACCENTS || key->action == VT_KEY_SYMBOLS)
                {
                  guint v;

                  vt_keyboard_state_apply (&next, key->action);
                  v = state_index (next);
                  if (!done[v] && dist[u] + 1 < dist[v])
                    {
                      dist[v] = dist[u] + 1;
                      previous[v] = u;
                      via[v] = key->action;
                    }
                }
            }
        }
    }

  if (best.touches > 0 && want_steps)
    {
      g_autoptr(GPtrArray) back = g_ptr_array_new ();

      best.steps = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_keyboard_step_free);
      for (int s = best_state; previous[s] >= 0; s = previous[s])
        g_ptr_array_add (back, GINT_TO_POINTER (s));
      for (guint i = back->len; i > 0; i--)
        g_ptr_array_add (best.steps,
                         new_step (via[GPOINTER_TO_INT (g_ptr_array_index (back, i - 1))], NULL, NULL));
      g_ptr_array_add (best.steps, new_step (best_key->action, best_key->text, best_accent));
    }

  return best;
}

static void
clear_pages (GPtrArray **pages)
{
  for (guint i = 0; i < N_STATES; i++)
    g_clear_pointer (&pages[i], g_ptr_array_unref);
}

guint
vt_keyboard_layout_count_touches (const VtKeyboardLayout *self,
                                  VtKeyboardVariant       variant,
                                  const char             *character)
{
  VtKeyboardState first = VT_KEYBOARD_STATE_INIT;
  GPtrArray *pages[N_STATES] = { NULL };
  g_autofree char *nfc = NULL;
  guint touches;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (character != NULL, 0);

  nfc = g_utf8_normalize (character, -1, G_NORMALIZE_NFC);
  touches = route_one (self, variant, pages, first, nfc, TRUE, FALSE).touches;
  clear_pages (pages);
  return touches;
}

GPtrArray *
vt_keyboard_layout_plan (const VtKeyboardLayout *self,
                         VtKeyboardVariant       variant,
                         const char             *text,
                         gboolean                long_press,
                         GError                **error)
{
  g_autoptr(GPtrArray) plan = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_keyboard_step_free);
  GPtrArray *pages[N_STATES] = { NULL };
  g_autofree char *nfc = NULL;
  VtKeyboardState state = VT_KEYBOARD_STATE_INIT;
  const char *p;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  for (p = nfc; *p != '\0';)
    {
      /* One character as a person sees it: a letter and its combining marks. */
      const char *end = g_utf8_next_char (p);
      g_autofree char *character = NULL;
      Route route;

      while (*end != '\0' && g_unichar_ismark (g_utf8_get_char (end)))
        end = g_utf8_next_char (end);
      character = g_strndup (p, end - p);
      route = route_one (self, variant, pages, state, character, long_press, TRUE);
      if (route.touches == 0)
        {
          clear_pages (pages);
          g_set_error (error, VT_KEYBOARD_LAYOUT_ERROR, VT_KEYBOARD_LAYOUT_ERROR_UNREACHABLE,
                       "No key of the %s layout types “%s”", self->language, character);
          return NULL;
        }
      g_ptr_array_extend_and_steal (plan, route.steps);
      state = route.after;
      p = end;
    }
  clear_pages (pages);
  return g_steal_pointer (&plan);
}

/* ---- which keyboard a field needs ---------------------------------------- */

/* The end of the first argument of the regex() call whose arguments start
 * at p (the comma after it), or NULL; the argument may hold parentheses and
 * strings. */
static const char *
skip_first_argument (const char *p)
{
  int depth = 0;
  char quote = 0;

  for (; *p != '\0'; p++)
    {
      if (quote != 0)
        {
          if (*p == quote)
            quote = 0;
        }
      else if (*p == '\'' || *p == '"')
        quote = *p;
      else if (*p == '(')
        depth++;
      else if (*p == ')')
        {
          if (depth-- == 0)
            return NULL;
        }
      else if (*p == ',' && depth == 0)
        return p;
    }
  return NULL;
}

/* The pattern of the first regex() in a constraint, or NULL.  A regex()
 * over translate(…) tests what is left once characters were dropped or
 * mapped (the national-ID checks of `ventanilla-ctl id-check-xpath` drop
 * the separators and upper-case the value), which says nothing about the
 * keys the citizen needs: it is passed over. */
static char *
regex_pattern (const char *constraint)
{
  const char *p = constraint != NULL ? strstr (constraint, "regex(") : NULL;

  for (; p != NULL; p = strstr (p, "regex("))
    {
      const char *args = p + strlen ("regex(");
      const char *comma = skip_first_argument (args);
      g_autofree char *first = NULL;

      if (comma == NULL)
        return NULL;
      first = g_strndup (args, comma - args);
      p = comma;
      if (strstr (first, "translate(") == NULL)
        break;
    }
  if (p == NULL)
    return NULL;
  for (p++; g_ascii_isspace (*p); p++)
    ;
  if (*p != '\'' && *p != '"')
    return NULL;
  {
    const char *end = strchr (p + 1, *p);

    return end != NULL ? g_strndup (p + 1, end - p - 1) : NULL;
  }
}

typedef struct
{
  gboolean digits;
  gboolean other;                  /* letters, or any character */
  gboolean at;
  GString *signs;                  /* punctuation the pattern allows */
} PatternChars;

static void
note_char (PatternChars *chars,
           gunichar      c)
{
  if (g_unichar_isdigit (c))
    chars->digits = TRUE;
  else if (c == '@')
    chars->at = TRUE;
  else if (g_unichar_isalpha (c))
    chars->other = TRUE;
  else if (strchr (chars->signs->str, (int) c) == NULL && c < 0x80)
    g_string_append_c (chars->signs, (char) c);
  else if (c >= 0x80)
    chars->other = TRUE;
}

static void
note_escape (PatternChars *chars,
             char          c)
{
  switch (c)
    {
    case 'd':
      chars->digits = TRUE;
      break;
    case 's':
      note_char (chars, ' ');
      break;
    case 'w': case 'W': case 'S': case 'D': case 'b': case 'B':
      chars->other = TRUE;
      break;
    default:
      note_char (chars, (guchar) c);
      break;
    }
}

/* What characters a regular expression lets through, roughly: enough to
 * tell an e-mail address, a phone number or a number from text. */
static void
scan_pattern (PatternChars *chars,
              const char   *pattern)
{
  for (const char *p = pattern; *p != '\0'; p = g_utf8_next_char (p))
    {
      switch (*p)
        {
        case '\\':
          if (p[1] != '\0')
            note_escape (chars, *++p);
          break;
        case '[':
          p++;
          if (*p == '^')
            {
              /* "Anything but": text, whatever it excludes. */
              chars->other = TRUE;
              for (p++; *p != '\0' && *p != ']'; p++)
                if (*p == '\\' && p[1] != '\0')
                  p++;
              if (*p == '\0')
                return;
              break;
            }
          for (gboolean first = TRUE; *p != '\0' && (*p != ']' || first); first = FALSE)
            {
              gunichar c = g_utf8_get_char (p);

              if (c == '\\' && p[1] != '\0')
                {
                  note_escape (chars, p[1]);
                  p += 2;
                  continue;
                }
              p = g_utf8_next_char (p);
              if (*p == '-' && p[1] != ']' && p[1] != '\0')
                {
                  gunichar last = g_utf8_get_char (p + 1);

                  if (g_unichar_isdigit (c) && g_unichar_isdigit (last))
                    chars->digits = TRUE;
                  else
                    chars->other = TRUE;
                  p = g_utf8_next_char (p + 1);
                  continue;
                }
              note_char (chars, c);
            }
          if (*p == '\0')
            return;
          break;
        case '{':
          while (p[1] != '\0' && *p != '}')
            p++;
          break;
        case '.':
          chars->other = TRUE;
          break;
        case '^': case '$': case '*': case '+': case '?': case '(': case ')': case '|':
          break;
        default:
          note_char (chars, g_utf8_get_char (p));
          break;
        }
    }
}

static gboolean
only_signs (const GString *signs,
            const char    *allowed)
{
  for (gsize i = 0; i < signs->len; i++)
    if (strchr (allowed, signs->str[i]) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
has_token (const char *list,
           const char *token)
{
  g_auto(GStrv) tokens = g_strsplit_set (list != NULL ? list : "", " \t\n", -1);

  return g_strv_contains ((const char * const *) tokens, token);
}

VtKeyboardVariant
vt_keyboard_variant_for_field (VtDataType  type,
                               const char *appearance,
                               const char *constraint)
{
  g_autofree char *pattern = NULL;
  PatternChars chars = { FALSE, FALSE, FALSE, NULL };
  VtKeyboardVariant variant = VT_KEYBOARD_VARIANT_TEXT;

  switch (type)
    {
    case VT_DATA_INT:
    case VT_DATA_DATE:
    case VT_DATA_TIME:
    case VT_DATA_DATETIME:
      return VT_KEYBOARD_VARIANT_DIGITS;
    case VT_DATA_DECIMAL:
      return VT_KEYBOARD_VARIANT_NUMBER;
    default:
      break;
    }

  /* ODK's text appearance for numbers typed as text (an ID, a phone). */
  if (has_token (appearance, "numbers"))
    return VT_KEYBOARD_VARIANT_NUMBER;

  pattern = regex_pattern (constraint);
  if (pattern == NULL)
    return VT_KEYBOARD_VARIANT_TEXT;

  chars.signs = g_string_new (NULL);
  scan_pattern (&chars, pattern);
  if (chars.at)
    variant = VT_KEYBOARD_VARIANT_EMAIL;
  else if (chars.other || !chars.digits)
    variant = VT_KEYBOARD_VARIANT_TEXT;
  else if (chars.signs->len == 0)
    variant = VT_KEYBOARD_VARIANT_DIGITS;
  else if (only_signs (chars.signs, " -.,"))
    variant = VT_KEYBOARD_VARIANT_NUMBER;
  else if (only_signs (chars.signs, " +()-"))
    variant = VT_KEYBOARD_VARIANT_PHONE;
  g_string_free (chars.signs, TRUE);
  return variant;
}
