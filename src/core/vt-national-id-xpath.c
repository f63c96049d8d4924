/* vt:id-valid() written out in plain ODK XPath (XPath 1.0 and regex()),
 * for forms that must also run in ODK Collect, Enketo or Web Forms:
 * `ventanilla-ctl id-check-xpath SCHEME PATH`.  Each expression does what
 * the scheme's validator in vt-national-id.c does, step by step: the same
 * separators dropped, the same shape, the same weights and check
 * characters (tests/test-national-id.c holds both to every test number).
 * It never uses "<" or "&", so it goes into an XML attribute or an XLSForm
 * cell as printed. */
#define G_LOG_DOMAIN "vt-national-id"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "vt-national-id.h"

/* What people type between groups of digits (vt-national-id.c's
 * is_separator(); whitespace becomes single spaces through
 * normalize-space() first). */
#define SEPARATORS " .-/_\u00a0\u2010\u2011\u2012\u2013\u2014\u2212"
#define LOWER      "abcdefghijklmnopqrstuvwxyz\u00f1"
#define UPPER      "ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00d1"
#define ALL_SAME   "'^(0+|1+|2+|3+|4+|5+|6+|7+|8+|9+)$'"

typedef struct
{
  GString    *out;
  const char *value;               /* the significant characters, as an expression */
} Gen;

/* The character at (1-based) position, and its digit value. */
static void
append_char (Gen        *g,
             const char *value,
             int         position)
{
  g_string_append_printf (g->out, "substring(%s, %d, 1)", value, position);
}

static void
append_digit (Gen        *g,
              const char *value,
              int         position)
{
  g_string_append (g->out, "number(");
  append_char (g, value, position);
  g_string_append (g->out, ")");
}

/* (v1 * w1 + v2 * w2 + …) over positions first … first + n - 1 of value;
 * alphabet: each character counts as its place in it, else as a digit. */
static void
append_sum (Gen          *g,
            const char   *value,
            int           first,
            const guint  *weights,
            int           n,
            const char   *alphabet)
{
  g_string_append_c (g->out, '(');
  for (int i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (g->out, " + ");
      if (alphabet != NULL)
        {
          g_string_append_printf (g->out, "string-length(substring-before('%s', ", alphabet);
          append_char (g, value, first + i);
          g_string_append (g->out, "))");
        }
      else
        append_digit (g, value, first + i);
      g_string_append_printf (g->out, " * %u", weights[i]);
    }
  g_string_append_c (g->out, ')');
}

/* Brazil's mod 11 check digit at position n + 1: a remainder below 2
 * gives 0, else 11 minus it. */
static void
append_br_check (Gen         *g,
                 const guint *weights,
                 int          n,
                 const char  *alphabet)
{
  g_string_append (g->out, "(11 - ");
  append_sum (g, g->value, 1, weights, n, alphabet);
  g_string_append (g->out, " mod 11) mod 11 mod 10 = ");
  append_digit (g, g->value, n + 1);
}

static void
gen_br_cpf (Gen *g)
{
  static const guint w1[9] = { 10, 9, 8, 7, 6, 5, 4, 3, 2 };
  static const guint w2[10] = { 11, 10, 9, 8, 7, 6, 5, 4, 3, 2 };

  g_string_append_printf (g->out, "regex(%s, '^[0-9]{11}$') and not(regex(%s, " ALL_SAME ")) and ",
                          g->value, g->value);
  append_br_check (g, w1, 9, NULL);
  g_string_append (g->out, " and ");
  append_br_check (g, w2, 10, NULL);
}

static void
gen_br_cnpj (Gen *g)
{
  static const guint w1[12] = { 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2 };
  static const guint w2[13] = { 6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2 };
  /* ASCII minus 48: digits are themselves, A is 17 … Z is 42. */
  const char *alphabet = "0123456789*******ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  g_string_append_printf (g->out, "regex(%s, '^[0-9A-Z]{12}[0-9]{2}$') and not(regex(%s, " ALL_SAME ")) and ",
                          g->value, g->value);
  append_br_check (g, w1, 12, alphabet);
  g_string_append (g->out, " and ");
  append_br_check (g, w2, 13, alphabet);
}

/* The body (all but the last character) with leading zeros to width
 * digits: weights counted from the right then sit at fixed places. */
static char *
dup_padded_body (const char *value,
                 int         width)
{
  g_autofree char *zeros = g_strnfill (width, '0');

  return g_strdup_printf ("concat(substring('%s', 1, %d - string-length(%s)), "
                          "substring(%s, 1, string-length(%s) - 1))",
                          zeros, width + 1, value, value, value);
}

/* A body of variable length, weights counted from its right, and a check
 * character looked up by the sum's remainder mod 11 (lookup[remainder]),
 * compared with the last character. */
static void
gen_mod11_lookup (Gen         *g,
                  const char  *shape,
                  const char  *all_zero,
                  int          width,
                  const guint *weights,
                  const char  *lookup)
{
  g_autofree char *body = dup_padded_body (g->value, width);

  g_string_append_printf (g->out, "regex(%s, '%s') and not(regex(%s, '%s')) and ",
                          g->value, shape, g->value, all_zero);
  g_string_append_printf (g->out, "substring('%s', ", lookup);
  append_sum (g, body, 1, weights, width, NULL);
  g_string_append_printf (g->out, " mod 11 + 1, 1) = substring(%s, string-length(%s), 1)", g->value, g->value);
}

static void
gen_cl_rut (Gen *g)
{
  static const guint weights[9] = { 4, 3, 2, 7, 6, 5, 4, 3, 2 };

  /* 11 - sum mod 11, with 11 written 0 and 10 written K. */
  gen_mod11_lookup (g, "^[0-9]{6,9}[0-9K]$", "^0+[0-9K]$", 9, weights, "0K987654321");
}

static void
gen_uy_ci (Gen *g)
{
  static const guint weights[7] = { 2, 9, 8, 7, 6, 3, 4 };
  /* An older six-digit cédula counts as if written with a leading zero. */
  g_autofree char *padded = g_strdup_printf ("concat(substring('0', 1, 8 - string-length(%s)), %s)",
                                             g->value, g->value);

  g_string_append_printf (g->out, "regex(%s, '^[0-9]{7,8}$') and not(regex(%s, '^0{7}')) and (10 - ",
                          g->value, padded);
  append_sum (g, padded, 1, weights, 7, NULL);
  g_string_append (g->out, " mod 10) mod 10 = ");
  append_digit (g, padded, 8);
}

static void
gen_ar (Gen        *g,
        const char *prefixes)
{
  static const guint weights[10] = { 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };

  g_string_append_printf (g->out, "regex(%s, '^(%s)[0-9]{9}$') and not(regex(%s, '^[0-9]{2}0{8}')) and ",
                          g->value, prefixes, g->value);
  /* 11 - sum mod 11, with 11 written 0 and 10 written 9 (vt-national-id.c). */
  g_string_append (g->out, "substring('09987654321', ");
  append_sum (g, g->value, 1, weights, 10, NULL);
  g_string_append (g->out, " mod 11 + 1, 1) = ");
  append_char (g, g->value, 11);
}

static void
gen_ar_cuit (Gen *g)
{
  gen_ar (g, "20|23|24|27|30|33|34|50|51|55");
}

static void
gen_ar_cuil (Gen *g)
{
  gen_ar (g, "20|23|24|27");
}

static void
gen_mx_curp (Gen *g)
{
  static const guint weights[17] = { 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2 };
  g_autofree char *month = g_strdup_printf ("number(substring(%s, 7, 2))", g->value);
  g_autofree char *day = g_strdup_printf ("number(substring(%s, 9, 2))", g->value);
  /* The homonym character is a digit for births up to 1999, a letter from 2000 on. */
  g_autofree char *year = g_strdup_printf ("(number(substring(%s, 5, 2)) + 1900 + 100 * "
                                           "(translate(substring(%s, 17, 1), '0123456789', '') != ''))",
                                           g->value, g->value);

  g_string_append_printf (g->out,
                          "regex(%s, '^[A-Z\u00d1]{4}[0-9]{6}[HMX]"
                          "(AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|TL|VZ|YN|ZS|NE)"
                          "[B-DF-HJ-NP-TV-Z\u00d1]{3}[0-9A-Z][0-9]$') and ",
                          g->value);
  g_string_append_printf (g->out, "%s > 0 and 13 > %s and %s > 0 and not(%s > "
                          "number(substring('312931303130313130313031', 2 * %s - 1, 2)) - "
                          "(%s = 2 and not(%s mod 4 = 0 and (%s mod 100 != 0 or %s mod 400 = 0)))) and ",
                          month, month, day, day, month, month, year, year, year);
  g_string_append (g->out, "(10 - ");
  append_sum (g, g->value, 1, weights, 17, "0123456789ABCDEFGHIJKLMN\u00d1OPQRSTUVWXYZ");
  g_string_append (g->out, " mod 10) mod 10 = ");
  append_digit (g, g->value, 18);
}

static void
gen_co_nit (Gen *g)
{
  /* DIAN's weights from the right, here from the left of a body of 15. */
  static const guint weights[15] = { 71, 67, 59, 53, 47, 43, 41, 37, 29, 23, 19, 17, 13, 7, 3 };

  /* Remainders 0 and 1 are the digit itself, others 11 minus it. */
  gen_mod11_lookup (g, "^[0-9]{6,16}$", "^0+[0-9]$", 15, weights, "01987654321");
}

static void
gen_pe_ruc (Gen *g)
{
  static const guint weights[10] = { 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };

  g_string_append_printf (g->out, "regex(%s, '^(10|15|17|20)[0-9]{9}$') and not(regex(%s, '^[0-9]{2}0{8}')) and "
                          "(11 - ", g->value, g->value);
  append_sum (g, g->value, 1, weights, 10, NULL);
  g_string_append (g->out, " mod 11) mod 10 = ");
  append_digit (g, g->value, 11);
}

typedef struct
{
  const char *name;
  gboolean    letters;             /* its identifiers hold letters: upper-case them */
  void      (*generate) (Gen *g);
} Generator;

static const Generator generators[] = {
  { "BR-CPF",  FALSE, gen_br_cpf },
  { "BR-CNPJ", TRUE,  gen_br_cnpj },
  { "CL-RUT",  TRUE,  gen_cl_rut },
  { "UY-CI",   FALSE, gen_uy_ci },
  { "AR-CUIT", FALSE, gen_ar_cuit },
  { "AR-CUIL", FALSE, gen_ar_cuil },
  { "MX-CURP", TRUE,  gen_mx_curp },
  { "CO-NIT",  FALSE, gen_co_nit },
  { "PE-RUC",  FALSE, gen_pe_ruc },
};

char *
vt_national_id_dup_xpath (const char  *scheme,
                          const char  *path,
                          GError     **error)
{
  g_autofree char *value = NULL;
  Gen g;

  g_return_val_if_fail (path != NULL, NULL);

  for (gsize i = 0; scheme != NULL && i < G_N_ELEMENTS (generators); i++)
    {
      if (g_ascii_strcasecmp (scheme, generators[i].name) != 0)
        continue;
      value = g_strdup_printf ("translate(normalize-space(%s), '" SEPARATORS "', '')", path);
      if (generators[i].letters)
        {
          char *upper = g_strdup_printf ("translate(%s, '" LOWER "', '" UPPER "')", value);

          g_free (value);
          value = upper;
        }
      g.out = g_string_new (NULL);
      g.value = value;
      generators[i].generate (&g);
      return g_string_free (g.out, FALSE);
    }

  {
    g_autofree char *known = g_strjoinv (", ", (char **) vt_national_id_list_schemes ());

    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 _("“%s” is not a scheme the kiosk knows; use one of %s."), scheme != NULL ? scheme : "", known);
  }
  return NULL;
}
