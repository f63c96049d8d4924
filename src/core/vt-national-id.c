/* Check digits of the region's national identifiers, for the
 * vt:id-valid() XPath function. */
#define G_LOG_DOMAIN "vt-national-id"

#include "config.h"

#include <string.h>

#include "vt-national-id.h"

/* Check digits of national identifiers.  Every scheme works on the value
 * reduced to upper-case ASCII letters and digits (see normalize_into());
 * the rules follow the issuing authorities' published algorithms, as
 * documented by public validators such as python-stdnum:
 *
 *   BR-CPF   11 digits, two mod-11 check digits (weights 10..2, then 11..2).
 *   BR-CNPJ  14 characters, two mod-11 check digits (weights 5..2,9..2 then
 *            6..2,9..2).  Since July 2026 the first 12 may be letters: each
 *            character counts as its ASCII code minus 48 (Receita Federal,
 *            Nota Técnica 49/2024), which leaves numeric CNPJs unchanged.
 *   CL-RUT   body of 6-9 digits, weights 2..7 from the right, mod 11;
 *            11 is written 0 and 10 is written K.
 *   UY-CI    7 digits (older: 6, read with a leading zero) and a check digit,
 *            weights 2,9,8,7,6,3,4, mod 10.
 *   AR-CUIT  11 digits, type prefix, weights 5,4,3,2,7,6,5,4,3,2, mod 11.
 *   AR-CUIL  the same number for persons only (prefixes 20, 23, 24, 27).
 *   MX-CURP  18 characters: name letters, birth date, sex, state, internal
 *            consonants, a homonym character, a mod-10 check digit over the
 *            alphabet 0-9 A-N Ñ O-Z with weights 18..2.
 *   CO-NIT   up to 15 digits and a check digit: weights 3,7,13,...,71 from
 *            the right (DIAN), mod 11; remainders 0 and 1 are the digit
 *            itself, others are 11 minus the remainder.
 *   PE-RUC   11 digits, prefix 10, 15, 17 or 20, weights 5,4,3,2,7,6,5,4,3,2,
 *            (11 - sum mod 11) mod 10.
 */

/* Longer input is refused before any arithmetic: no identifier here has
 * more than 18 significant characters. */
#define MAX_SIGNIFICANT 24

/* Each validator receives the significant characters, upper-case ASCII. */
typedef gboolean (*VtIdValidator) (const char *s,
                                   gsize       len);

typedef struct
{
  const char    *name;
  VtIdValidator  validate;
} VtIdScheme;

static const VtIdScheme *find_scheme (const char *scheme);

const char * const *
vt_national_id_list_schemes (void)
{
  static const char * const names[] = {
    "BR-CPF", "BR-CNPJ", "CL-RUT", "UY-CI", "AR-CUIT", "AR-CUIL", "MX-CURP",
    "CO-NIT", "PE-RUC", NULL,
  };

  return names;
}

gboolean
vt_national_id_scheme_is_known (const char *scheme)
{
  return find_scheme (scheme) != NULL;
}

/* Characters people type between groups of digits, or paste from documents
 * (no-break spaces and typographic dashes included). */
static gboolean
is_separator (gunichar c)
{
  switch (c)
    {
    case '.':
    case '-':
    case '/':
    case '_':
    case 0x00A0: /* no-break space */
    case 0x2010: /* hyphen */
    case 0x2011: /* non-breaking hyphen */
    case 0x2012: /* figure dash */
    case 0x2013: /* en dash */
    case 0x2014: /* em dash */
    case 0x2212: /* minus sign */
      return TRUE;
    default:
      return g_unichar_isspace (c);
    }
}

char *
vt_national_id_normalize (const char *scheme,
                          const char *value)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (find_scheme (scheme) == NULL)
    return NULL;
  if (value == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (value, -1);
  out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_separator (c))
        continue;
      g_string_append_unichar (out, g_unichar_toupper (c));
    }

  return g_string_free (out, FALSE);
}

/* Writes the significant characters of value into buf as upper-case ASCII,
 * Ñ (the only non-ASCII letter an identifier may hold, in a CURP) written
 * as '&'.  FALSE when a character cannot be part of any identifier or the
 * value is too long. */
static gboolean
normalize_into (const char *value,
                char        buf[MAX_SIGNIFICANT + 1],
                gsize      *len)
{
  gsize n = 0;

  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    return FALSE;

  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char ascii;

      if (is_separator (c))
        continue;

      if (c < 0x80 && g_ascii_isalnum ((char) c))
        ascii = g_ascii_toupper ((char) c);
      else if (c == 0x00D1 || c == 0x00F1) /* Ñ, ñ */
        ascii = '&';
      else
        return FALSE;

      if (n == MAX_SIGNIFICANT)
        return FALSE;
      buf[n++] = ascii;
    }

  buf[n] = '\0';
  *len = n;
  return n > 0;
}

static gboolean
all_digits (const char *s,
            gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
    }
  return TRUE;
}

static gboolean
all_same (const char *s,
          gsize       len)
{
  for (gsize i = 1; i < len; i++)
    {
      if (s[i] != s[0])
        return FALSE;
    }
  return TRUE;
}

static gboolean
all_zero (const char *s,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      if (s[i] != '0')
        return FALSE;
    }
  return TRUE;
}

static int
digit (char c)
{
  return c - '0';
}

/* Brazil's mod-11 rule: a remainder below 2 gives 0, else 11 minus it. */
static int
br_check (unsigned sum)
{
  unsigned r = sum % 11;

  return r < 2 ? 0 : (int) (11 - r);
}

static gboolean
valid_br_cpf (const char *s,
              gsize       len)
{
  unsigned sum = 0;

  if (len != 11 || !all_digits (s, len))
    return FALSE;
  /* 000.000.000-00, 111.111.111-11, ... pass the arithmetic but are not
   * issued; they are what people type to get past a form. */
  if (all_same (s, len))
    return FALSE;

  for (int i = 0; i < 9; i++)
    sum += (unsigned) digit (s[i]) * (unsigned) (10 - i);
  if (br_check (sum) != digit (s[9]))
    return FALSE;

  sum = 0;
  for (int i = 0; i < 10; i++)
    sum += (unsigned) digit (s[i]) * (unsigned) (11 - i);
  return br_check (sum) == digit (s[10]);
}

static gboolean
valid_br_cnpj (const char *s,
               gsize       len)
{
  static const unsigned w1[12] = { 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2 };
  static const unsigned w2[13] = { 6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2 };
  unsigned sum = 0;

  if (len != 14 || !all_digits (s + 12, 2))
    return FALSE;
  for (int i = 0; i < 12; i++)
    {
      if (!g_ascii_isdigit (s[i]) && !g_ascii_isupper (s[i]))
        return FALSE;
    }
  if (all_same (s, len))
    return FALSE;

  /* ASCII minus 48: digits keep their value, A is 17 ... Z is 42. */
  for (int i = 0; i < 12; i++)
    sum += (unsigned) (s[i] - '0') * w1[i];
  if (br_check (sum) != digit (s[12]))
    return FALSE;

  sum = 0;
  for (int i = 0; i < 13; i++)
    sum += (unsigned) (s[i] - '0') * w2[i];
  return br_check (sum) == digit (s[13]);
}

static gboolean
valid_cl_rut (const char *s,
              gsize       len)
{
  gsize body = len - 1;
  unsigned sum = 0;
  unsigned weight = 2;
  unsigned r;
  char expected;

  if (len < 7 || len > 10 || !all_digits (s, body) || all_zero (s, body))
    return FALSE;

  for (gsize i = body; i-- > 0;)
    {
      sum += (unsigned) digit (s[i]) * weight;
      weight = weight == 7 ? 2 : weight + 1;
    }

  r = 11 - sum % 11;
  if (r == 11)
    expected = '0';
  else if (r == 10)
    expected = 'K';
  else
    expected = (char) ('0' + r);

  return s[body] == expected;
}

static gboolean
valid_uy_ci (const char *s,
             gsize       len)
{
  static const unsigned weights[7] = { 2, 9, 8, 7, 6, 3, 4 };
  char padded[8];
  unsigned sum = 0;

  if ((len != 7 && len != 8) || !all_digits (s, len))
    return FALSE;

  /* Older cédulas have six digits before the check digit: they count as
   * if written with a leading zero. */
  if (len == 7)
    {
      padded[0] = '0';
      memcpy (padded + 1, s, 7);
    }
  else
    memcpy (padded, s, 8);

  if (all_zero (padded, 7))
    return FALSE;

  for (int i = 0; i < 7; i++)
    sum += (unsigned) digit (padded[i]) * weights[i];

  return (int) ((10 - sum % 10) % 10) == digit (padded[7]);
}

static gboolean
valid_ar_cuit_type (const char *s,
                    gsize       len,
                    gboolean    persons_only)
{
  static const unsigned weights[10] = { 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };
  static const char * const person_types[] = { "20", "23", "24", "27", NULL };
  static const char * const other_types[] = { "30", "33", "34", "50", "51", "55", NULL };
  gboolean type_ok = FALSE;
  unsigned sum = 0;
  unsigned r;
  int expected;

  if (len != 11 || !all_digits (s, len))
    return FALSE;

  for (guint i = 0; person_types[i] != NULL; i++)
    type_ok |= strncmp (s, person_types[i], 2) == 0;
  for (guint i = 0; !persons_only && other_types[i] != NULL; i++)
    type_ok |= strncmp (s, other_types[i], 2) == 0;
  if (!type_ok || all_zero (s + 2, 8))
    return FALSE;

  for (int i = 0; i < 10; i++)
    sum += (unsigned) digit (s[i]) * weights[i];

  r = 11 - sum % 11;
  /* AFIP assigns another type prefix (23, 33) when the rule would give 10,
   * so 10 should not occur; numbers issued with 9 there exist, and public
   * validators (python-stdnum) accept them, so we do too rather than turn a
   * citizen away. */
  if (r == 11)
    expected = 0;
  else if (r == 10)
    expected = 9;
  else
    expected = (int) r;

  return expected == digit (s[10]);
}

/* Positions of characters in the CURP check alphabet: 0-9, A-N, Ñ (held as
 * '&'), O-Z. */
static int
curp_value (char c)
{
  if (g_ascii_isdigit (c))
    return c - '0';
  if (c >= 'A' && c <= 'N')
    return 10 + (c - 'A');
  if (c == '&')
    return 24;
  if (c >= 'O' && c <= 'Z')
    return 25 + (c - 'O');
  return -1;
}

static gboolean
curp_letter (char c)
{
  return g_ascii_isupper (c) || c == '&';
}

static gboolean
valid_mx_curp (const char *s,
               gsize       len)
{
  /* The 32 states plus NE, born abroad (RENAPO's catalogue). */
  static const char * const states[] = {
    "AS", "BC", "BS", "CC", "CL", "CM", "CS", "CH", "DF", "DG", "GT", "GR",
    "HG", "JC", "MC", "MN", "MS", "NT", "NL", "OC", "PL", "QT", "QR", "SP",
    "SL", "SR", "TC", "TS", "TL", "VZ", "YN", "ZS", "NE", NULL,
  };
  gboolean state_ok = FALSE;
  int year, month, day;
  unsigned sum = 0;

  if (len != 18)
    return FALSE;

  for (int i = 0; i < 4; i++)
    {
      if (!curp_letter (s[i]))
        return FALSE;
    }
  if (!all_digits (s + 4, 6))
    return FALSE;
  /* H (hombre), M (mujer), X (non-binary, issued since 2023). */
  if (s[10] != 'H' && s[10] != 'M' && s[10] != 'X')
    return FALSE;
  for (guint i = 0; states[i] != NULL; i++)
    state_ok |= strncmp (s + 11, states[i], 2) == 0;
  if (!state_ok)
    return FALSE;
  /* Internal consonants of the surnames and name; X when there is none. */
  for (int i = 13; i < 16; i++)
    {
      if (!curp_letter (s[i]) || strchr ("AEIOU", s[i]) != NULL)
        return FALSE;
    }
  if (!g_ascii_isdigit (s[16]) && !g_ascii_isupper (s[16]))
    return FALSE;
  if (!g_ascii_isdigit (s[17]))
    return FALSE;

  /* The homonym character is a digit for births up to 1999, a letter from
   * 2000 on. */
  year = digit (s[4]) * 10 + digit (s[5]);
  year += g_ascii_isdigit (s[16]) ? 1900 : 2000;
  month = digit (s[6]) * 10 + digit (s[7]);
  day = digit (s[8]) * 10 + digit (s[9]);
  if (month < 1 || month > 12 || day < 1
      || day > g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year))
    return FALSE;

  for (int i = 0; i < 17; i++)
    sum += (unsigned) curp_value (s[i]) * (unsigned) (18 - i);

  return (int) ((10 - sum % 10) % 10) == digit (s[17]);
}

static gboolean
valid_co_nit (const char *s,
              gsize       len)
{
  static const unsigned weights[15] = {
    3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71,
  };
  gsize body = len - 1;
  unsigned sum = 0;
  unsigned r;

  if (len < 6 || len > 16 || !all_digits (s, len) || all_zero (s, body))
    return FALSE;

  for (gsize i = 0; i < body; i++)
    sum += (unsigned) digit (s[body - 1 - i]) * weights[i];

  r = sum % 11;
  return (int) (r < 2 ? r : 11 - r) == digit (s[body]);
}

static gboolean
valid_pe_ruc (const char *s,
              gsize       len)
{
  static const unsigned weights[10] = { 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };
  unsigned sum = 0;

  if (len != 11 || !all_digits (s, len))
    return FALSE;
  /* 10 persons, 15 and 17 persons without a DNI, 20 companies. */
  if (strncmp (s, "10", 2) != 0 && strncmp (s, "15", 2) != 0
      && strncmp (s, "17", 2) != 0 && strncmp (s, "20", 2) != 0)
    return FALSE;
  if (all_zero (s + 2, 8))
    return FALSE;

  for (int i = 0; i < 10; i++)
    sum += (unsigned) digit (s[i]) * weights[i];

  return (int) ((11 - sum % 11) % 10) == digit (s[10]);
}

static gboolean
valid_ar_cuit (const char *s,
               gsize       len)
{
  return valid_ar_cuit_type (s, len, FALSE);
}

static gboolean
valid_ar_cuil (const char *s,
               gsize       len)
{
  return valid_ar_cuit_type (s, len, TRUE);
}

static const VtIdScheme id_schemes[] = {
  { "BR-CPF",  valid_br_cpf },
  { "BR-CNPJ", valid_br_cnpj },
  { "CL-RUT",  valid_cl_rut },
  { "UY-CI",   valid_uy_ci },
  { "AR-CUIT", valid_ar_cuit },
  { "AR-CUIL", valid_ar_cuil },
  { "MX-CURP", valid_mx_curp },
  { "CO-NIT",  valid_co_nit },
  { "PE-RUC",  valid_pe_ruc },
};

static const VtIdScheme *
find_scheme (const char *scheme)
{
  if (scheme == NULL)
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (id_schemes); i++)
    {
      if (g_ascii_strcasecmp (scheme, id_schemes[i].name) == 0)
        return &id_schemes[i];
    }

  return NULL;
}

gboolean
vt_national_id_is_valid (const char *scheme,
                         const char *value)
{
  const VtIdScheme *info = find_scheme (scheme);
  char buf[MAX_SIGNIFICANT + 1];
  gsize len = 0;

  if (info == NULL || !normalize_into (value, buf, &len))
    return FALSE;

  /* Only a CURP may hold Ñ (kept as '&'); every other validator refuses
   * characters outside its alphabet anyway, this just says so early. */
  if (info->validate != valid_mx_curp && strchr (buf, '&') != NULL)
    return FALSE;

  return info->validate (buf, len);
}
