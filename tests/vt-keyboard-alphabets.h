#pragma once

/* Each layout's language, its letters (small, separated by spaces) as the
 * language's own references list them (CLDR's exemplar characters, the
 * issue's lists), and a sentence with every letter beyond a-z: the tests
 * of the on-screen keyboard check the layouts against these, not against
 * themselves. */

typedef struct
{
  const char *language;
  const char *letters;
  const char *accented;            /* the letters beyond a-z */
  const char *sentence;
} VtTestAlphabet;

#define VT_TEST_LATIN "a b c d e f g h i j k l m n o p q r s t u v w x y z"

static const VtTestAlphabet vt_test_alphabets[] = {
  { "es", VT_TEST_LATIN " ñ á é í ó ú ü", "ñ á é í ó ú ü",
    "¿Dónde está Ángel Núñez? ¡Aquí, en el café del pingüino!" },
  { "pt", VT_TEST_LATIN " á â ã à ç é ê í ó ô õ ú", "á â ã à ç é ê í ó ô õ ú",
    "João, você é órfão? À tarde vou à praia; lá na câmara pública: lições, pôr-do-sol e aí, Conceição." },
  { "fr", VT_TEST_LATIN " à â æ ç é è ê ë î ï ô œ ù û ü ÿ", "à â æ ç é è ê ë î ï ô œ ù û ü ÿ",
    "Où est l'œuvre ? À Noël, Hélène fête à l'hôtel de L'Haÿ : crème brûlée, maïs, ragoût, "
    "ça et capharnaüm, vitæ ; Ève, âme et île." },
  { "ht", VT_TEST_LATIN " à è ò", "à è ò",
    "Lè m te piti, mwen te konn ale lekòl. Pàn machin nan pa gen pwoblèm! Òganizasyon an." },
  { "en", VT_TEST_LATIN, "",
    "The quick brown fox jumps over the lazy dog; O'Brien's e-mail: ana_7@example.org" },
  /* Southern Quechua: ñ and the apostrophe of ch', k', p', q', t'. */
  { "qu", VT_TEST_LATIN " ñ ' ʼ", "ñ ' ʼ",
    "Ñuqa Qusqu llaqtapi tiyani; ñawiy, ch'aska, p'unchaw, t'ika, k'iri, qʼipi." },
  /* Guaraní: the puso, ñ, the nasal vowels, g̃ (no precomposed form) and
   * the stressed vowels. */
  { "gn", VT_TEST_LATIN " ñ ' ʼ ã ẽ ĩ õ ũ ỹ g̃ á é í ó ú ý", "ñ ' ʼ ã ẽ ĩ õ ũ ỹ g̃ á é í ó ú ý",
    "Mba'éichapa? Che ñe'ẽ guaraníme: ko'ãga oĩ hũ, tỹ, mbyky'õ, pyg̃uahẽ, ára, túva, "
    "Asunción, ý, kaʼa; Ñande G̃uarani." },
};
