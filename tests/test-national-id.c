#include "config.h"

#include <string.h>

#include "vt-national-id.h"
#include "vt-test-utils.h"
#include "vt-xpath.h"

/* Sample numbers are the ones the issuing authorities or public validators
 * (python-stdnum's documentation, Receita Federal's alphanumeric CNPJ
 * example) publish, plus numbers whose check digits were computed by hand
 * from the published algorithm.  None of them belongs to a known person on
 * purpose. */

typedef struct
{
  const char *scheme;
  const char *value;
} IdCase;

static const IdCase valid_cases[] = {
  /* Brazil */
  { "BR-CPF",  "390.533.447-05" },
  { "BR-CPF",  "529.982.247-25" },
  { "BR-CPF",  "111 444 777 35" },
  { "BR-CPF",  "39053344705" },
  { "BR-CNPJ", "16.727.230/0001-97" },
  { "BR-CNPJ", "11.322.233/0001-27" },
  /* The alphanumeric CNPJ issued from July 2026 (Receita Federal's example). */
  { "BR-CNPJ", "12.ABC.345/01DE-35" },
  { "br-cnpj", "12abc34501de35" },
  /* Chile */
  { "CL-RUT",  "76.086.428-5" },
  { "CL-RUT",  "12.531.909-2" },
  { "CL-RUT",  "12345674" },
  { "CL-RUT",  "10.000.013-K" },
  { "CL-RUT",  "10000013k" },
  /* Uruguay, including an older six-digit cédula */
  { "UY-CI",   "1.234.567-2" },
  { "UY-CI",   "4.123.456-3" },
  { "UY-CI",   "987.654-9" },
  /* Argentina */
  { "AR-CUIT", "20-05536168-2" },
  { "AR-CUIT", "20-26756539-3" },
  { "AR-CUIT", "30-71234567-1" },
  { "AR-CUIL", "27-30123456-8" },
  { "AR-CUIL", "20267565393" },
  /* Mexico: born 1931 abroad (NE); born 2005 (letter homonym character);
   * Ñ, typed in lower case (RENAPO writes X for it, but Ñ is part of the
   * check alphabet, so such a key is checked rather than refused outright);
   * sex X (non-binary, issued since 2023). */
  { "MX-CURP", "BOXW310820HNERXN09" },
  { "MX-CURP", "GOMA050212MJCNRNA3" },
  { "MX-CURP", "peña851130hdfxrr07" },
  { "MX-CURP", "MUXL990101XOCRPS05" },
  /* Colombia */
  { "CO-NIT",  "213.123.432-1" },
  { "CO-NIT",  "2131234351" },
  { "CO-NIT",  "900.123.456-8" },
  { "CO-NIT",  "79.886.653-9" },
  /* Peru: company, person with DNI, and the 15 and 17 prefixes */
  { "PE-RUC",  "20512333797" },
  { "PE-RUC",  "10054148289" },
  { "PE-RUC",  "15412345671" },
  { "PE-RUC",  "17123456785" },
};

/* One digit changed, two neighbouring characters swapped, and other
 * mistakes a person makes at a kiosk.  Each was checked to be refused by
 * the published algorithm (a check digit cannot catch every typo: these are
 * the ones it must). */
static const IdCase invalid_cases[] = {
  /* Brazil */
  { "BR-CPF",  "390.633.447-05" },      /* one digit changed */
  { "BR-CPF",  "395.033.447-05" },      /* swapped */
  { "BR-CPF",  "529.082.247-25" },
  { "BR-CPF",  "529.892.247-25" },
  { "BR-CPF",  "390.533.447-06" },      /* wrong check digit */
  { "BR-CPF",  "111.111.111-11" },      /* all digits equal */
  { "BR-CPF",  "000.000.000-00" },
  { "BR-CPF",  "999.999.999-99" },
  { "BR-CPF",  "390.533.447-0" },       /* a digit missing */
  { "BR-CPF",  "390.533.447-055" },     /* a digit too many */
  { "BR-CPF",  "39O.533.447-05" },      /* letter O for zero */
  { "BR-CNPJ", "16.737.230/0001-97" },
  { "BR-CNPJ", "16.277.230/0001-97" },
  { "BR-CNPJ", "12.ABC.445/01DE-35" },
  { "BR-CNPJ", "12.BAC.345/01DE-35" },
  { "BR-CNPJ", "12.ABC.345/01DE-3A" },  /* check digits are always digits */
  { "BR-CNPJ", "00.000.000/0000-00" },
  { "BR-CNPJ", "11.111.111/1111-11" },
  /* Chile */
  { "CL-RUT",  "76.096.428-5" },
  { "CL-RUT",  "76.806.428-5" },
  { "CL-RUT",  "10.010.013-K" },
  { "CL-RUT",  "10.000.103-K" },
  { "CL-RUT",  "12.345.674-K" },
  { "CL-RUT",  "00.000.000-0" },
  { "CL-RUT",  "1-9" },                 /* too short to be issued */
  /* Uruguay */
  { "UY-CI",   "1.235.567-2" },
  { "UY-CI",   "1.243.567-2" },
  { "UY-CI",   "987.754-9" },
  { "UY-CI",   "986.754-9" },
  { "UY-CI",   "0.000.000-0" },
  { "UY-CI",   "12.345.678-9" },        /* too long */
  /* Argentina */
  { "AR-CUIT", "20-06536168-2" },
  { "AR-CUIT", "25-00536168-2" },
  { "AR-CUIT", "30-72234567-1" },
  { "AR-CUIT", "31-07234567-1" },
  { "AR-CUIT", "21-05536168-9" },       /* no such type prefix */
  { "AR-CUIT", "20-00000000-1" },
  { "AR-CUIL", "27-31123456-8" },
  { "AR-CUIL", "27-03123456-8" },
  { "AR-CUIL", "30-71234567-1" },       /* a company's CUIT is no CUIL */
  /* Mexico */
  { "MX-CURP", "BOXW410820HNERXN09" },
  { "MX-CURP", "BOWX310820HNERXN09" },
  { "MX-CURP", "GOMA150212MJCNRNA3" },
  { "MX-CURP", "GOAM050212MJCNRNA3" },
  { "MX-CURP", "BOXW310820HNERXN08" },  /* wrong check digit */
  { "MX-CURP", "BOXW310230HNERXN09" },  /* 30 February */
  { "MX-CURP", "BOXW310820HZZRXN09" },  /* no such state */
  { "MX-CURP", "BOXW310820QNERXN09" },  /* no such sex letter */
  { "MX-CURP", "BOXW310820HNEAXN09" },  /* a vowel among the consonants */
  { "MX-CURP", "BOXW310820HNERXN0" },   /* too short */
  /* Colombia */
  { "CO-NIT",  "213.223.435-1" },
  { "CO-NIT",  "211.323.435-1" },
  { "CO-NIT",  "900.223.456-8" },
  { "CO-NIT",  "901.023.456-8" },
  { "CO-NIT",  "213.123.435-0" },
  { "CO-NIT",  "000.000.000-0" },
  /* Peru */
  { "PE-RUC",  "20522333797" },
  { "PE-RUC",  "20152333797" },
  { "PE-RUC",  "10064148289" },
  { "PE-RUC",  "10504148289" },
  { "PE-RUC",  "20512333798" },
  { "PE-RUC",  "11054148289" },         /* no such prefix */
  { "PE-RUC",  "2051233379" },          /* too short */
};

static void
test_valid (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      const IdCase *c = &valid_cases[i];

      if (!vt_national_id_is_valid (c->scheme, c->value))
        g_error ("%s %s should be valid", c->scheme, c->value);
    }
}

static void
test_invalid (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      const IdCase *c = &invalid_cases[i];

      if (vt_national_id_is_valid (c->scheme, c->value))
        g_error ("%s %s should be refused", c->scheme, c->value);
    }
}

/* Whatever the scheme, every body has exactly one check character that
 * completes it: this catches a validator that accepts too much (or too
 * little) without repeating its arithmetic here. */
typedef struct
{
  const char *scheme;
  const char *body;
  const char *alphabet;   /* what the last character may be */
  int         check_len;  /* 1, or 2 for CPF and CNPJ */
} CompletionCase;

static const CompletionCase completion_cases[] = {
  { "BR-CPF",  "123456789",       "0123456789",  2 },
  { "BR-CPF",  "000000001",       "0123456789",  2 },
  { "BR-CNPJ", "112223330001",    "0123456789",  2 },
  { "BR-CNPJ", "ZZZZZZZZ0001",    "0123456789",  2 },
  { "CL-RUT",  "9876543",         "0123456789K", 1 },
  { "CL-RUT",  "23456789",        "0123456789K", 1 },
  { "UY-CI",   "3141592",         "0123456789",  1 },
  { "UY-CI",   "271828",          "0123456789",  1 },
  { "AR-CUIT", "3345678901",      "0123456789",  1 },
  { "AR-CUIL", "2411122233",      "0123456789",  1 },
  { "MX-CURP", "HEGG560427MVZRRL0", "0123456789", 1 },
  { "MX-CURP", "SAXR101231HCHNLLA", "0123456789", 1 },
  { "CO-NIT",  "860034313",       "0123456789",  1 },
  { "CO-NIT",  "12345678901234",  "0123456789",  1 },
  { "PE-RUC",  "2060012345",      "0123456789",  1 },
  { "PE-RUC",  "1045678912",      "0123456789",  1 },
};

static void
test_exactly_one_completion (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (completion_cases); i++)
    {
      const CompletionCase *c = &completion_cases[i];
      gsize alen = strlen (c->alphabet);
      guint accepted = 0;

      for (gsize a = 0; a < (c->check_len == 2 ? 10 : 1); a++)
        for (gsize b = 0; b < alen; b++)
          {
            g_autofree char *value = NULL;

            if (c->check_len == 2)
              value = g_strdup_printf ("%s%c%c", c->body, c->alphabet[a], c->alphabet[b]);
            else
              value = g_strdup_printf ("%s%c", c->body, c->alphabet[b]);
            if (vt_national_id_is_valid (c->scheme, value))
              accepted++;
          }

      if (accepted != 1)
        g_error ("%s %s: %u check characters accepted, expected 1",
                 c->scheme, c->body, accepted);
    }
}

/* The RUT's weights are all invertible modulo 11 and its eleven results map
 * to eleven distinct characters, so it catches every single wrong digit:
 * check that exhaustively. */
static void
test_rut_catches_every_digit_typo (void)
{
  const char *samples[] = { "760864285", "125319092", "10000013K", "123456785" };

  for (gsize i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *s = g_strdup (samples[i]);
      gsize len = strlen (s);

      g_assert_true (vt_national_id_is_valid ("CL-RUT", s));

      for (gsize p = 0; p + 1 < len; p++)
        {
          char orig = s[p];

          for (char d = '0'; d <= '9'; d++)
            {
              if (d == orig)
                continue;
              s[p] = d;
              if (vt_national_id_is_valid ("CL-RUT", s))
                g_error ("RUT typo %s accepted", s);
            }
          s[p] = orig;
        }
    }
}

static void
test_schemes (void)
{
  const char * const *list = vt_national_id_list_schemes ();
  const char *expected[] = {
    "BR-CPF", "BR-CNPJ", "CL-RUT", "UY-CI", "AR-CUIT", "AR-CUIL", "MX-CURP",
    "CO-NIT", "PE-RUC",
  };

  g_assert_cmpuint (g_strv_length ((char **) list), ==, G_N_ELEMENTS (expected));
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *lower = g_ascii_strdown (expected[i], -1);

      g_assert_true (g_strv_contains (list, expected[i]));
      g_assert_true (vt_national_id_scheme_is_known (expected[i]));
      g_assert_true (vt_national_id_scheme_is_known (lower));
    }

  g_assert_false (vt_national_id_scheme_is_known ("BR-RG"));
  g_assert_false (vt_national_id_scheme_is_known ("CPF"));
  g_assert_false (vt_national_id_scheme_is_known (""));
  g_assert_false (vt_national_id_scheme_is_known (NULL));
  g_assert_false (vt_national_id_is_valid ("BR-RG", "39053344705"));
  g_assert_false (vt_national_id_is_valid (NULL, "39053344705"));
}

static void
test_separators (void)
{
  /* Spaces, tabs, no-break spaces, typographic dashes and slashes are what
   * people type or paste; they never change the answer. */
  g_assert_true (vt_national_id_is_valid ("BR-CPF", "  390 533 447 / 05\t"));
  g_assert_true (vt_national_id_is_valid ("BR-CPF", "390\u00a0533\u00a0447\u201305"));
  g_assert_true (vt_national_id_is_valid ("CL-RUT", "12.531.909\u20102"));
  g_assert_true (vt_national_id_is_valid ("CO-NIT", "213_123_432 - 1"));

  /* Other punctuation is not a separator: it is a mistake to show. */
  g_assert_false (vt_national_id_is_valid ("BR-CPF", "390,533,447-05"));
  g_assert_false (vt_national_id_is_valid ("BR-CPF", "390+533+447-05"));
  g_assert_false (vt_national_id_is_valid ("BR-CPF", "３９０５３３４４７０５")); /* full-width */
  g_assert_false (vt_national_id_is_valid ("CO-NIT", "2131234321ñ"));
}

static void
test_bad_input (void)
{
  g_autofree char *long_value = g_strnfill (10000, '1');
  g_autofree char *long_dots = g_strnfill (10000, '.');
  g_autofree char *padded = g_strconcat (long_dots, "39053344705", NULL);

  g_assert_false (vt_national_id_is_valid ("BR-CPF", NULL));
  g_assert_false (vt_national_id_is_valid ("BR-CPF", ""));
  g_assert_false (vt_national_id_is_valid ("BR-CPF", " .-/ "));
  g_assert_false (vt_national_id_is_valid ("BR-CPF", long_value));
  g_assert_false (vt_national_id_is_valid ("BR-CPF", "390533\xff" "44705"));
  g_assert_false (vt_national_id_is_valid ("MX-CURP", "BOXW310820HNERXN0\xc3"));
  /* Separators alone, however many, do not count towards the length. */
  g_assert_true (vt_national_id_is_valid ("BR-CPF", padded));
}

static void
test_normalize (void)
{
  struct {
    const char *scheme;
    const char *in;
    const char *out;
  } cases[] = {
    { "BR-CPF",  "390.533.447-05",         "39053344705" },
    { "BR-CNPJ", "12.abc.345/01de-35",     "12ABC34501DE35" },
    { "CL-RUT",  " 10.000.013-k ",         "10000013K" },
    { "MX-CURP", "peña851130hdfxrr07",     "PEÑA851130HDFXRR07" },
    { "CO-NIT",  "900\u00a0123\u2013456",  "900123456" },
    { "uy-ci",   "1.234.567-2",            "12345672" },
    { "PE-RUC",  "",                       "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = vt_national_id_normalize (cases[i].scheme, cases[i].in);

      g_assert_cmpstr (got, ==, cases[i].out);
    }

  g_assert_null (vt_national_id_normalize ("XX-ID", "123"));
  g_assert_null (vt_national_id_normalize (NULL, "123"));
}

/* ---- the same check in plain ODK XPath ----------------------------------- */

/* The generated expression, evaluated by the kiosk's own XPath engine with
 * a node holding value as "."; it must say what vt_national_id_is_valid()
 * says. */
static GHashTable *compiled;      /* scheme → VtXPathExpr *, compiled once */

static void
assert_agrees (const char *scheme,
               const char *value)
{
  g_autoptr(GError) error = NULL;
  VtXPathExpr *expr = compiled != NULL ? g_hash_table_lookup (compiled, scheme) : NULL;
  xmlDoc *doc = xmlNewDoc ((const xmlChar *) "1.0");
  xmlNode *root = xmlNewDocNode (doc, NULL, (const xmlChar *) "data", NULL);
  xmlNode *node = xmlNewChild (root, NULL, (const xmlChar *) "id", NULL);
  VtXPathContext context = { 0 };
  gboolean portable, native;

  if (compiled == NULL)
    compiled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) vt_xpath_expr_free);
  if (expr == NULL)
    {
      g_autofree char *xpath = vt_national_id_dup_xpath (scheme, ".", &error);

      g_assert_no_error (error);
      expr = vt_xpath_compile (xpath, &error);
      g_assert_no_error (error);
      g_hash_table_insert (compiled, g_strdup (scheme), expr);
    }
  xmlDocSetRootElement (doc, root);
  xmlAddChild (node, xmlNewDocText (doc, (const xmlChar *) value));
  context.node = node;
  context.primary = doc;
  portable = vt_xpath_eval_boolean (expr, &context, &error);
  g_assert_no_error (error);
  native = vt_national_id_is_valid (scheme, value);
  xmlFreeDoc (doc);
  if (portable != native)
    g_error ("%s “%s”: vt:id-valid() says %s, the portable XPath %s", scheme, value,
             native ? "valid" : "invalid", portable ? "valid" : "invalid");
}

/* Every test number above, every completion of the bodies, every single
 * wrong digit or swap of the valid ones: vt:id-valid() and the XPath that
 * `ventanilla-ctl id-check-xpath` prints agree on each. */
static void
test_portable_agrees (void)
{
  guint n = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (valid_cases); i++, n++)
    assert_agrees (valid_cases[i].scheme, valid_cases[i].value);
  for (gsize i = 0; i < G_N_ELEMENTS (invalid_cases); i++, n++)
    assert_agrees (invalid_cases[i].scheme, invalid_cases[i].value);
  for (gsize i = 0; i < G_N_ELEMENTS (completion_cases); i++)
    {
      const CompletionCase *c = &completion_cases[i];

      for (gsize a = 0; a < (c->check_len == 2 ? 10 : 1); a++)
        for (gsize b = 0; c->alphabet[b] != '\0'; b++, n++)
          {
            g_autofree char *value = c->check_len == 2
                                     ? g_strdup_printf ("%s%c%c", c->body, c->alphabet[a], c->alphabet[b])
                                     : g_strdup_printf ("%s%c", c->body, c->alphabet[b]);

            assert_agrees (c->scheme, value);
          }
    }
  /* Mistakes made on the valid numbers: each character changed to each
   * digit and letter, and each pair of neighbours swapped. */
  for (gsize i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      g_autofree char *plain = vt_national_id_normalize (valid_cases[i].scheme, valid_cases[i].value);
      gsize len = strlen (plain);

      for (gsize p = 0; p < len; p++)
        {
          char orig = plain[p];

          if (orig & 0x80)
            continue;
          for (const char *d = "0123456789AKXZ"; *d != '\0'; d++, n++)
            {
              plain[p] = *d;
              assert_agrees (valid_cases[i].scheme, plain);
            }
          plain[p] = orig;
          if (p + 1 < len && !(plain[p + 1] & 0x80))
            {
              plain[p] = plain[p + 1];
              plain[p + 1] = orig;
              assert_agrees (valid_cases[i].scheme, plain);
              plain[p + 1] = plain[p];
              plain[p] = orig;
              n++;
            }
        }
    }
  /* Separators, case, and what is not a separator. */
  {
    const IdCase extra[] = {
      { "BR-CPF", "  390 533 447 / 05\t" }, { "BR-CPF", "390\u00a0533\u00a0447\u201305" },
      { "CL-RUT", "12.531.909\u20102" }, { "CO-NIT", "213_123_432 - 1" }, { "BR-CPF", "390,533,447-05" },
      { "CO-NIT", "2131234321ñ" }, { "CL-RUT", "10000013k" }, { "MX-CURP", "PEÑA851130HDFXRR07" },
      { "MX-CURP", "BOXW000229HNERXNA5" }, { "MX-CURP", "BOXW010229HNERXNA5" }, { "BR-CPF", "" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (extra); i++, n++)
      assert_agrees (extra[i].scheme, extra[i].value);
  }
  g_test_message ("%u numbers checked both ways", n);
  g_clear_pointer (&compiled, g_hash_table_unref);
  g_assert_cmpuint (n, >, 1000);
}

/* The command prints exactly that expression; an unknown scheme is refused
 * with the list. */
static void
test_portable_ctl (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = vt_national_id_dup_xpath ("CL-RUT", "/data/id", NULL);
  g_autofree char *line = g_strconcat (expected, "\n", NULL);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "id-check-xpath", "CL-RUT", "/data/id", NULL), ==, 0);
  g_assert_cmpstr (out, ==, line);
  g_assert_null (strstr (out, "vt:"));
  g_assert_null (strchr (out, '<'));
  g_assert_null (strchr (out, '&'));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "id-check-xpath", "BR-RG", ".", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "BR-CPF"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "id-check-xpath", "BR-CPF", NULL), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vt/national-id/valid", test_valid);
  g_test_add_func ("/vt/national-id/invalid", test_invalid);
  g_test_add_func ("/vt/national-id/exactly-one-completion", test_exactly_one_completion);
  g_test_add_func ("/vt/national-id/rut-catches-every-digit-typo", test_rut_catches_every_digit_typo);
  g_test_add_func ("/vt/national-id/schemes", test_schemes);
  g_test_add_func ("/vt/national-id/separators", test_separators);
  g_test_add_func ("/vt/national-id/bad-input", test_bad_input);
  g_test_add_func ("/vt/national-id/normalize", test_normalize);
  g_test_add_func ("/vt/national-id/portable-agrees", test_portable_agrees);
  g_test_add_func ("/vt/national-id/portable-ctl", test_portable_ctl);

  return g_test_run ();
}
