#include "config.h"

#include <libxml/parser.h>
#include <math.h>
#include <string.h>

#include "vt-test-utils.h"
#include "vt-xpath.h"

/* Tests of src/core/vt-xpath.c: the parser, every operator and function
 * with its edge cases, references, and ventanilla-ctl xpath.  Local time
 * is America/Sao_Paulo (UTC-03:00, no daylight saving since 2019) so that
 * date tests see a zone that is not UTC; "now" is fixed. */

static const char primary_xml[] =
  "<data xmlns:orx=\"http://openrosa.org/xforms\" id=\"oracle\" version=\"3\">"
  "<name>Ana María</name>"
  "<age>42</age>"
  "<income>1500.5</income>"
  "<zero>0</zero>"
  "<blank/>"
  "<spaced>  a \t  b  </spaced>"
  "<services>water power  gas</services>"
  "<date>2026-08-07</date>"
  "<stamp>2026-08-07T06:31:13.834-03:00</stamp>"
  "<state>SP</state>"
  "<point>-23.5505 -46.6333 760 5</point>"
  "<household>"
  "<member><nome>Ana</nome><idade>34</idade><state>RJ</state><city/></member>"
  "<member><nome>Bia</nome><idade>7</idade><state>SP</state><city/></member>"
  "<member><nome>Caio</nome><idade>19</idade><state>SP</state><city/></member>"
  "</household>"
  "<orx:meta><orx:instanceID>uuid:abc</orx:instanceID></orx:meta>"
  "<visits>"
  "<visit><day>1</day><item><v>a</v></item><item><v>b</v></item></visit>"
  "<visit><day>2</day><item><v>c</v></item><item><v>d</v></item></visit>"
  "</visits>"
  "</data>";

static const char cities_xml[] =
  "<root>"
  "<item><name>rio</name><label>Rio</label><state>RJ</state></item>"
  "<item><name>sp</name><label>São Paulo</label><state>SP</state></item>"
  "<item><name>campinas</name><label>Campinas</label><state>SP</state></item>"
  "</root>";

typedef struct
{
  xmlDoc     *primary;
  GHashTable *instances;
  GDateTime  *now;
} Fixture;

static Fixture fixture;

static xmlDoc *
parse (const char *xml)
{
  xmlDoc *doc = xmlReadMemory (xml, (int) strlen (xml), "test.xml", NULL, XML_PARSE_NOBLANKS | XML_PARSE_NONET);

  g_assert_nonnull (doc);
  return doc;
}

static void
fixture_init (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("-03:00");

  fixture.primary = parse (primary_xml);
  fixture.instances = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) xmlFreeDoc);
  g_hash_table_insert (fixture.instances, (char *) "cities", parse (cities_xml));
  fixture.now = g_date_time_new (zone, 2026, 11, 28, 15, 46, 30.25);
}

static void
fixture_clear (void)
{
  xmlFreeDoc (fixture.primary);
  g_hash_table_unref (fixture.instances);
  g_date_time_unref (fixture.now);
}

/* The context node named by an absolute path (NULL: the root element). */
static xmlNode *
find_node (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtXPathExpr) expr = NULL;
  g_autoptr(VtXPathValue) value = NULL;
  VtXPathContext context = { 0 };

  if (path == NULL)
    return xmlDocGetRootElement (fixture.primary);
  expr = vt_xpath_compile (path, &error);
  g_assert_no_error (error);
  context.primary = fixture.primary;
  value = vt_xpath_eval (expr, &context, &error);
  g_assert_no_error (error);
  g_assert_cmpint (value->type, ==, VT_XPATH_VALUE_NODESET);
  g_assert_cmpuint (value->nodes->len, ==, 1);
  return value->nodes->pdata[0];
}

static void
context_init (VtXPathContext *context,
              const char     *node_path)
{
  memset (context, 0, sizeof *context);
  context->primary = fixture.primary;
  context->instances = fixture.instances;
  context->node = find_node (node_path);
  context->now = fixture.now;
  context->position = 1;
  context->size = 1;
}

static char *
eval_at (const char  *node_path,
         const char  *text,
         GError     **error)
{
  g_autoptr(VtXPathExpr) expr = vt_xpath_compile (text, error);
  VtXPathContext context;

  if (expr == NULL)
    return NULL;
  context_init (&context, node_path);
  return vt_xpath_eval_string (expr, &context, error);
}

typedef struct
{
  const char *context;   /* NULL: the root element */
  const char *expr;
  const char *expected;
} Case;

/* Runs every case and reports every mismatch before failing. */
static void
run_cases (const Case *cases,
           gsize       n_cases)
{
  guint failures = 0;

  for (gsize i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *result = eval_at (cases[i].context, cases[i].expr, &error);

      if (error != NULL)
        {
          g_test_message ("FAIL %s: unexpected error: %s", cases[i].expr, error->message);
          failures++;
        }
      else if (g_strcmp0 (result, cases[i].expected) != 0)
        {
          g_test_message ("FAIL %s (context %s): expected “%s”, got “%s”", cases[i].expr,
                          cases[i].context != NULL ? cases[i].context : "/data",
                          cases[i].expected, result);
          failures++;
        }
    }
  g_assert_cmpuint (failures, ==, 0);
}

static void
test_operators (void)
{
  static const Case cases[] = {
    { NULL, "1 + 2", "3" },
    { NULL, "5 - 7", "-2" },
    { NULL, "6 * 7", "42" },
    { NULL, "7 div 2", "3.5" },
    { NULL, "7 mod 3", "1" },
    { NULL, "-7 mod 3", "-1" },
    { NULL, "7 mod -3", "1" },
    { NULL, "5.5 mod 2", "1.5" },
    { NULL, "5 mod 0", "NaN" },
    { NULL, "1 div 0", "Infinity" },
    { NULL, "-1 div 0", "-Infinity" },
    { NULL, "0 div 0", "NaN" },
    { NULL, "- - 3", "3" },
    { NULL, "-(2 + 3)", "-5" },
    { NULL, "2 + 3 * 4", "14" },
    { NULL, "(2 + 3) * 4", "20" },
    { NULL, "10 - 2 - 3", "5" },
    { NULL, "12 div 3 div 2", "2" },
    { NULL, "2*3", "6" },
    { NULL, "age*2", "84" },           /* "*" after a name is multiplication */
    { NULL, "age -1", "41" },
    { NULL, "age - -1", "43" },
    { NULL, "1 = 1", "true" },
    { NULL, "1 != 1", "false" },
    { NULL, "1 < 2", "true" },
    { NULL, "2 <= 2", "true" },
    { NULL, "3 > 2", "true" },
    { NULL, "2 >= 3", "false" },
    { NULL, "true() and false()", "false" },
    { NULL, "true() or false()", "true" },
    { NULL, "1 = 1 and 2 = 2 or 1 = 0", "true" },
    { NULL, "1 = 0 or 1 = 0 and 1 = 1", "false" },
    { NULL, "'a' = 'a'", "true" },
    { NULL, "'abc' < 'abd'", "false" },          /* strings compare as numbers: NaN */
    { NULL, "'10' > '9'", "true" },
    { NULL, "true() = 'x'", "true" },
    { NULL, "false() = ''", "true" },
    { NULL, "1 = '1.0'", "true" },
    { NULL, "'1' = '1.0'", "false" },
    { NULL, "number('abc') = number('abc')", "false" },
    { NULL, "number('abc') != number('abc')", "true" },
    { NULL, "'abc' + 1", "NaN" },
    { NULL, "/data/blank + 1", "NaN" },
    { NULL, "/data/missing + 1", "NaN" },
    { NULL, "true() + 1", "2" },
    /* Node-sets against scalars and node-sets (XPath 1.0 §3.4). */
    { NULL, "/data/household/member/idade = 7", "true" },
    { NULL, "/data/household/member/idade != 7", "true" },
    { NULL, "/data/household/member/idade > 30", "true" },
    { NULL, "/data/household/member/idade > 40", "false" },
    { NULL, "7 < /data/household/member/idade", "true" },
    { NULL, "40 < /data/household/member/idade", "false" },
    { NULL, "/data/missing = ''", "false" },
    { NULL, "/data/missing != ''", "false" },
    { NULL, "/data/blank = ''", "true" },
    { NULL, "/data/household/member/state = /data/state", "true" },
    { NULL, "/data/household/member/nome = 'Bia'", "true" },
    { NULL, "/data/household/member/idade < /data/age", "true" },
    { NULL, "/data/household/member/idade >= /data/age", "false" },
    { NULL, "/data/household/member/state != /data/household/member/state", "true" },
    { NULL, "/data/age != /data/age", "false" },
    { NULL, "/data/missing = /data/missing", "false" },
    { NULL, "/data/missing = false()", "true" },
    { NULL, "/data/age = true()", "true" },
    { NULL, "count(/data/name | /data/age | /data/name)", "2" },
    { NULL, "(/data/age | /data/name)[1]", "Ana María" },
    { NULL, "count(//nome | //idade)", "6" },
    { NULL, "(//idade | //nome)[2]", "34" },
  };

  run_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_number_printing (void)
{
  static const Case cases[] = {
    { NULL, "0.5", "0.5" },
    { NULL, "1.50", "1.5" },
    { NULL, "100", "100" },
    { NULL, "3.0", "3" },
    { NULL, "-0", "0" },
    { NULL, "0 * -1", "0" },
    { NULL, "1000000 * 1000000", "1000000000000" },
    { NULL, "1 div 3", "0.3333333333333333" },
    { NULL, "0.1 + 0.2", "0.30000000000000004" },
    { NULL, "1000000000000000000000 * 10", "10000000000000000000000" },
    { NULL, "0.0000001", "0.0000001" },
    { NULL, "-0.000001234", "-0.000001234" },
    { NULL, "123.456", "123.456" },
    { NULL, "/data/income * 2", "3001" },
    { NULL, "number('abc')", "NaN" },
    { NULL, "number('')", "NaN" },
    { NULL, "number(' 12 ')", "12" },
    { NULL, "number('-3.5')", "-3.5" },
    { NULL, "number('.5')", "0.5" },
    { NULL, "number('1e3')", "NaN" },     /* XPath 1.0 numbers have no exponent */
    { NULL, "number('+1')", "NaN" },
    { NULL, "number(true())", "1" },
    { NULL, "number(/data/age)", "42" },
  };
  char *s;

  run_cases (cases, G_N_ELEMENTS (cases));

  s = vt_xpath_number_to_string (NAN);
  g_assert_cmpstr (s, ==, "NaN");
  g_free (s);
  s = vt_xpath_number_to_string (-INFINITY);
  g_assert_cmpstr (s, ==, "-Infinity");
  g_free (s);
  s = vt_xpath_number_to_string (1e-7);
  g_assert_cmpstr (s, ==, "0.0000001");
  g_free (s);
  s = vt_xpath_number_to_string (-2.5e20);
  g_assert_cmpstr (s, ==, "-250000000000000000000");
  g_free (s);
}

static void
test_paths (void)
{
  static const Case cases[] = {
    { NULL, "/data/household/member[2]/nome", "Bia" },
    { NULL, "/data/household/member[last()]/nome", "Caio" },
    { NULL, "/data/household/member[position() = 2]/idade", "7" },
    { NULL, "/data/household/member[idade > 10][2]/nome", "Caio" },
    { NULL, "/data/household/member[idade > 10 and state = 'SP']/nome", "Caio" },
    { NULL, "/data/household/member[4]/nome", "" },
    { NULL, "/data/household/member[0]/nome", "" },
    { NULL, "/data/household/member[1.5]/nome", "" },
    { NULL, "count(//member)", "3" },
    { NULL, "//member[nome='Bia']/../../age", "42" },
    { NULL, "/data/household/member[1]/following-sibling::member[1]/nome", "Bia" },
    { NULL, "/data/household/member[3]/preceding-sibling::member[1]/nome", "Bia" },
    { NULL, "count(/data/household/member[3]/preceding-sibling::member)", "2" },
    { NULL, "name(/data/household/member[2]/nome/ancestor::*[2])", "household" },
    { NULL, "name(/data/household/member[2]/nome/ancestor::*[last()])", "data" },
    { NULL, "count(/data/household/member[2]/ancestor-or-self::*)", "3" },
    { NULL, "count(/data/household/descendant::*)", "15" },
    { NULL, "count(/data/household/descendant-or-self::member)", "3" },
    { NULL, "count(/data/household/descendant-or-self::*)", "16" },
    { NULL, "name(/data/household/member[2]/idade/following::*[1])", "state" },
    { NULL, "/data/household/member[2]/following::nome", "Caio" },
    { NULL, "/data/household/member[2]/preceding::nome", "Ana" },
    { NULL, "count(/data/household/member[2]/preceding::*)", "16" },
    { NULL, "name(/data/household/member[2]/preceding::*[1])", "city" },
    { NULL, "/data/household/member[2]/nome/parent::member/idade", "7" },
    { NULL, "/data/household/member[2]/self::member/nome", "Bia" },
    { NULL, "count(/data/household/member[2]/self::foo)", "0" },
    { NULL, "/data/household/member/child::nome", "Ana" },
    { NULL, "/data/@id", "oracle" },
    { NULL, "/data/attribute::version", "3" },
    { NULL, "count(/data/@*)", "2" },
    { NULL, "name(/data/@*[2])", "version" },
    { NULL, "/data/orx:meta/orx:instanceID", "uuid:abc" },
    { NULL, "/data/meta/instanceID", "uuid:abc" },       /* local names match, as Enketo */
    { NULL, "/data/other:meta/orx:*", "uuid:abc" },
    { NULL, "count(/data/household/member/nome/text())", "3" },
    { NULL, "/data/household/member[1]/nome/text()", "Ana" },
    { NULL, "count(/data/household/node())", "3" },
    { NULL, "count(/)", "1" },
    { NULL, "name(/*)", "data" },
    { NULL, "count(/data/*)", "14" },
    { NULL, "count(/*/*/*)", "6" },
    { NULL, "string(/data/household)", "Ana34RJBia7SPCaio19SP" },
    { NULL, "/data/household/member[nome = 'Caio']/preceding-sibling::member[nome = 'Ana']/idade", "34" },
    { NULL, "(/data/household/member)[2]/nome", "Bia" },
    { NULL, "(//nome)[last()]", "Caio" },
    { NULL, "count(//member/nome/..)", "3" },
    { NULL, "count(//state)", "4" },
    { NULL, "count(//*[state = 'SP'])", "3" },
    { NULL, "count(/data/household//idade)", "3" },
    { NULL, "/data//member[2]//nome", "Bia" },
    { NULL, "count(//member[idade > 10]/following-sibling::*)", "2" },
    { NULL, "age", "42" },
    { NULL, "./age", "42" },
    { NULL, "household/member[3]/nome", "Caio" },
    /* A union restores document order after randomize(). */
    { NULL, "count(randomize(/data/household/member) | /data/household/member)", "3" },
    { NULL, "(randomize(/data/household/member, 3) | /data/name)[2]/nome", "Ana" },
    { NULL, "(randomize(/data/household/member/nome, 5) | /data/household/member/idade)[last()]", "19" },
  };

  run_cases (cases, G_N_ELEMENTS (cases));
}

/* Binds inside a repeat evaluate relative paths against their own
 * instance of the repeat. */
static void
test_relative_in_repeat (void)
{
  static const Case cases[] = {
    { "/data/household/member[2]", "nome", "Bia" },
    { "/data/household/member[2]", "../member[1]/nome", "Ana" },
    { "/data/household/member[2]", "../../age", "42" },
    { "/data/household/member[2]", ".", "Bia7SP" },
    { "/data/household/member[2]", "position(.)", "2" },
    { "/data/household/member[2]", "current()/nome", "Bia" },
    { "/data/household/member[3]", "idade + 1", "20" },
    { "/data/household/member[3]/city", "../idade", "19" },
    { "/data/household/member[3]/city", "position(..)", "3" },
    { "/data/household/member[3]/city", "count(../preceding-sibling::member)", "2" },
    { "/data/household/member[1]/city", "../state = /data/state", "false" },
    { "/data/household/member[2]/city", "../state = /data/state", "true" },
    { "/data/household/member[2]/nome", "string()", "Bia" },
    { "/data/household/member[2]/nome", "string-length()", "3" },
    { "/data/household/member[2]/nome", "name()", "nome" },
    { "/data/household/member[2]/nome", "local-name()", "nome" },
    { "/data/household/member[2]/idade", "number() * 2", "14" },
    { "/data/household/member[2]/idade", ". * 2", "14" },
    { "/data/household/member[2]/idade", "position()", "1" },
    { "/data/household/member[2]/idade", "last()", "1" },
  };

  run_cases (cases, G_N_ELEMENTS (cases));
}

/* Itemset filters: current() is the question's node even inside a
 * predicate over a secondary instance. */
static void
test_current_and_instances (void)
{
  static const Case cases[] = {
    { "/data/household/member[2]/city", "instance('cities')/root/item[state = current()/../state]/name", "sp" },
    { "/data/household/member[2]/city", "count(instance('cities')/root/item[state = current()/../state])", "2" },
    { "/data/household/member[1]/city", "count(instance('cities')/root/item[state = current()/../state])", "1" },
    { "/data/household/member[1]/city", "instance('cities')/root/item[state = current()/../state]/label", "Rio" },
    { "/data/household/member[2]/city", "join(' ', instance('cities')/root/item[state = current()/../state]/name)", "sp campinas" },
    { NULL, "instance('cities')/root/item[name = 'sp']/label", "São Paulo" },
    { NULL, "count(instance('cities')/root/item)", "3" },
    { NULL, "count(instance('cities')//item)", "3" },
    /* "/" in a predicate over a secondary instance is still the primary's root. */
    { NULL, "instance('cities')/root/item[state = /data/state]/name", "sp" },
    { NULL, "name(current())", "data" },
    { NULL, "pulldata('cities', 'label', 'name', 'sp')", "São Paulo" },
    { NULL, "pulldata('cities', 'label', 'name', 'nowhere')", "" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;

  run_cases (cases, G_N_ELEMENTS (cases));

  result = eval_at (NULL, "instance('nope')/root/item", &error);
  g_assert_null (result);
  g_assert_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_EVALUATION);
  g_assert_nonnull (strstr (error->message, "nope"));
}

/* An absolute path into the repeat the evaluated node is in means that
 * node's own instance of the repeat: JavaRosa does this, and Enketo too
 * ("makeBugCompliant"), so old forms with absolute paths work alike. */
static void
test_repeat_contextualization (void)
{
  static const Case cases[] = {
    { "/data/household/member[3]/city", "/data/household/member/nome", "Caio" },
    { "/data/household/member[2]/city", "/data/household/member/idade * 2", "14" },
    { "/data/household/member[3]/city", "count(/data/household/member)", "3" },
    { "/data/household/member[3]/city", "count(/data/household/member/nome)", "1" },
    /* The known consequence, same in JavaRosa and Enketo. */
    { "/data/household/member[3]/city", "sum(/data/household/member/idade)", "19" },
    { "/data/household/member[3]/city", "/data/household/member[1]/nome", "Ana" },
    { "/data/household/member[3]/city", "count(//member/nome)", "3" },
    { "/data/household/member[1]/city",
      "instance('cities')/root/item[state = /data/household/member/state]/name", "rio" },
    { "/data/visits/visit[2]/item[1]/v", "/data/visits/visit/day", "2" },
    { "/data/visits/visit[2]/item[2]/v", "/data/visits/visit/item/v", "d" },
    { "/data/visits/visit[2]", "count(/data/visits/visit/item)", "2" },
    { NULL, "/data/household/member/nome", "Ana" },
    { NULL, "sum(/data/household/member/idade)", "60" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(VtXPathExpr) expr = vt_xpath_compile ("/data/household/member/nome", &error);
  g_autofree char *result = NULL;
  VtXPathContext context;

  run_cases (cases, G_N_ELEMENTS (cases));

  /* current(), when set, is the node whose repeat instance counts. */
  g_assert_no_error (error);
  context_init (&context, NULL);
  context.current = find_node ("/data/household/member[2]/city");
  result = vt_xpath_eval_string (expr, &context, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result, ==, "Bia");
}

static void
test_current_is_separate_from_context (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtXPathExpr) expr = vt_xpath_compile ("current()/nome", &error);
  g_autofree char *result = NULL;
  VtXPathContext context;

  g_assert_no_error (error);
  context_init (&context, NULL);
  context.current = find_node ("/data/household/member[3]");
  result = vt_xpath_eval_string (expr, &context, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result, ==, "Caio");
}

static void
test_string_functions (void)
{
  static const Case cases[] = {
    { NULL, "concat('a', 'b', 'c')", "abc" },
    { NULL, "concat('x')", "x" },
    { NULL, "concat(/data/household/member/nome, '!')", "AnaBiaCaio!" },  /* ODK: every node */
    { NULL, "concat(1, true(), 0.5)", "1true0.5" },
    { NULL, "join(', ', /data/household/member/nome)", "Ana, Bia, Caio" },
    { NULL, "join('-', 'a', 'b')", "a-b" },
    { NULL, "join('-', /data/missing)", "" },
    { NULL, "substr('hello', 1, 3)", "el" },
    { NULL, "substr('hello', 2)", "llo" },
    { NULL, "substr('hello', 0, 99)", "hello" },
    { NULL, "substr('hello', 3, 1)", "" },
    { NULL, "substr('hello', -2)", "lo" },      /* Enketo (JavaScript slice); JavaRosa differs */
    { NULL, "substr('héllo', 1, 2)", "é" },
    { NULL, "substring('12345', 2, 3)", "234" },
    { NULL, "substring('12345', 2)", "2345" },
    { NULL, "substring('12345', 1.5, 2.6)", "234" },
    { NULL, "substring('12345', 0, 3)", "12" },
    { NULL, "substring('12345', 0 div 0, 3)", "" },
    { NULL, "substring('12345', 1, 0 div 0)", "" },
    { NULL, "substring('12345', -42, 1 div 0)", "12345" },
    { NULL, "substring('12345', -1 div 0, 1 div 0)", "" },
    { NULL, "substring('ñandú', 2, 3)", "and" },
    { NULL, "substring-before('1999/04/01', '/')", "1999" },
    { NULL, "substring-after('1999/04/01', '/')", "04/01" },
    { NULL, "substring-after('abc', 'x')", "" },
    { NULL, "substring-before('abc', '')", "" },
    { NULL, "substring-after('abc', '')", "abc" },
    { NULL, "translate('bar', 'abc', 'ABC')", "BAr" },
    { NULL, "translate('--aaa--', 'abc-', 'ABC')", "AAA" },
    { NULL, "translate('ñandú', 'ñú', 'nu')", "nandu" },
    { NULL, "string-length('ação')", "4" },          /* characters, not bytes */
    { NULL, "string-length(/data/name)", "9" },
    { NULL, "string-length('😀x')", "2" },
    { NULL, "string-length('')", "0" },
    { NULL, "string-length(/data/missing)", "0" },
    { NULL, "normalize-space(/data/spaced)", "a b" },
    { NULL, "normalize-space('  ')", "" },
    { NULL, "normalize-space(' x\ny ')", "x y" },
    { NULL, "contains('abc', 'b')", "true" },
    { NULL, "contains('abc', '')", "true" },
    { NULL, "contains('abc', 'd')", "false" },
    { NULL, "contains(/data/name, 'Mar')", "true" },
    { NULL, "starts-with('abc', 'ab')", "true" },
    { NULL, "starts-with('abc', 'b')", "false" },
    { NULL, "ends-with('abc', 'bc')", "true" },
    { NULL, "ends-with('abc', 'b')", "false" },
    { NULL, "string(1 div 0)", "Infinity" },
    { NULL, "string(true())", "true" },
    { NULL, "string(/data/age)", "42" },
    { NULL, "string(/data/missing)", "" },
    { NULL, "string-length(uuid())", "36" },
    { NULL, "string-length(uuid(8))", "8" },
    { NULL, "string-length(uuid(0))", "0" },
    { NULL, "regex(uuid(), '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$')", "true" },
    { NULL, "regex(uuid(12), '^[0-9a-zA-Z]{12}$')", "true" },
    { NULL, "digest('abc', 'MD5', 'hex')", "900150983cd24fb0d6963f7d28e17f72" },
    { NULL, "digest('abc', 'SHA-1', 'hex')", "a9993e364706816aba3e25717850c26c9cd0d89d" },
    { NULL, "digest('abc', 'SHA-256')", "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=" },
    { NULL, "digest('abc', 'sha-256', 'base64')", "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=" },
    { NULL, "digest('abc', 'SHA-384', 'hex')", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7" },
    { NULL, "digest('abc', 'SHA-512')", "3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==" },
    { NULL, "base64-decode('w6lhIOKckw==')", "éa ✓" },
    { NULL, "base64-decode('!!')", "" },
    { NULL, "base64-decode('')", "" },
    { NULL, "base64-decode('/w==')", "" },    /* not UTF-8 text */
  };

  run_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_logic_functions (void)
{
  static const Case cases[] = {
    { NULL, "true()", "true" },
    { NULL, "false()", "false" },
    { NULL, "not(1)", "false" },
    { NULL, "not(/data/missing)", "true" },
    { NULL, "boolean('')", "false" },
    { NULL, "boolean('0')", "true" },
    { NULL, "boolean('false')", "true" },
    { NULL, "boolean(0)", "false" },
    { NULL, "boolean(0 div 0)", "false" },
    { NULL, "boolean(/data/missing)", "false" },
    { NULL, "boolean(/data/blank)", "true" },
    { NULL, "boolean-from-string('true')", "true" },
    { NULL, "boolean-from-string('1')", "true" },
    { NULL, "boolean-from-string('yes')", "false" },
    { NULL, "boolean-from-string('false')", "false" },
    { NULL, "boolean-from-string(/data/missing)", "false" },
    { NULL, "if(true(), 'a', 'b')", "a" },
    { NULL, "if(/data/age > 40, 'old', 'young')", "old" },
    { NULL, "if(/data/blank, 'set', 'unset')", "set" },
    { NULL, "if(true(), 1, instance('nope')/x)", "1" },   /* only the chosen branch runs */
    { NULL, "coalesce(/data/blank, 'x')", "x" },
    { NULL, "coalesce(/data/name, 'x')", "Ana María" },
    { NULL, "coalesce('', '')", "" },
    { NULL, "coalesce(/data/missing, /data/age)", "42" },
    { "/data/age", "once(99)", "42" },
    { "/data/blank", "once(99)", "99" },
    { NULL, "regex('12345', '^[0-9]+$')", "true" },
    { NULL, "regex('12a', '^[0-9]+$')", "false" },
    { NULL, "regex('abc', 'b')", "true" },
    { NULL, "regex(/data/name, concat('^', 'Ana'))", "true" },
    { NULL, "regex('', '.+')", "false" },
    /* An item counts when it is not empty (JavaRosa and Enketo agree;
     * the spec's "number > 0" wording is not what they do). */
    { NULL, "checklist(3, 3, 'true', '', '0', 1, 0, false())", "true" },
    { NULL, "checklist(-1, 1, 'true', 'true')", "false" },
    { NULL, "checklist(3, -1, /data/household/member/idade)", "true" },
    { NULL, "checklist(4, -1, /data/household/member/idade)", "false" },
    { NULL, "checklist(1, -1, /data/household/member/city)", "false" },
    { NULL, "checklist(-1, -1)", "true" },
    { NULL, "weighted-checklist(5, 10, 'true', 3, '', 100, 1, 4)", "true" },
    { NULL, "weighted-checklist(1, 2, 'true', 3)", "false" },
    { NULL, "weighted-checklist(-1, 2, 'true', 3)", "false" },
    { NULL, "weighted-checklist(-1, 2, false(), 3)", "true" },
    { NULL, "weighted-checklist(60, 60, /data/household/member/idade, /data/household/member/idade)", "true" },
  };

  run_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_number_functions (void)
{
  static const Case cases[] = {
    { NULL, "int(3.7)", "3" },
    { NULL, "int(-3.7)", "-3" },
    { NULL, "int('5.9')", "5" },
    { NULL, "int('')", "NaN" },          /* Enketo; JavaRosa gives 0 */
    { NULL, "int(1 div 0)", "Infinity" },
    { NULL, "round(2.5)", "3" },
    /* ODK rounds half away from zero; XPath 1.0 would give -2. */
    { NULL, "round(-2.5)", "-3" },
    { NULL, "round(-1.5)", "-2" },
    { NULL, "round(0.5)", "1" },
    { NULL, "round(0.49)", "0" },
    { NULL, "round(1.005, 2)", "1.01" },
    { NULL, "round(2.675, 2)", "2.68" },
    { NULL, "round(-2.675, 2)", "-2.68" },
    { NULL, "round(12.3456, 2)", "12.35" },
    { NULL, "round(12.3, 5)", "12.3" },
    { NULL, "round(1234.5678, -2)", "1200" },
    { NULL, "round(1250, -2)", "1300" },
    { NULL, "round(5, 0.9)", "5" },
    /* Digits far out of range, as a citizen's number in a calculate can
     * make them: the number as it is, or 0, never a cast that overflows. */
    { NULL, "round(1, 10000000000)", "1" },
    { NULL, "round(123.456, pow(10, 300))", "123.456" },
    { NULL, "round(1234.5, -10000000000)", "0" },
    { NULL, "round(1234.5, -pow(10, 300))", "0" },
    { NULL, "round(2.5, 1 div 0)", "2.5" },
    { NULL, "round(1 div 0)", "Infinity" },
    { NULL, "round('x')", "NaN" },
    { NULL, "round(/data/income)", "1501" },
    { NULL, "pow(2, 10)", "1024" },
    { NULL, "pow(2, -1)", "0.5" },
    { NULL, "pow(-8, 1 div 3)", "NaN" },
    { NULL, "abs(-3)", "3" },
    { NULL, "abs('x')", "NaN" },
    { NULL, "ceiling(1.2)", "2" },
    { NULL, "ceiling(-1.2)", "-1" },
    { NULL, "floor(1.8)", "1" },
    { NULL, "floor(-1.2)", "-2" },
    { NULL, "log(1)", "0" },
    { NULL, "log(0)", "-Infinity" },
    { NULL, "log10(1000)", "3" },
    { NULL, "exp(0)", "1" },
    { NULL, "exp10(2)", "100" },
    { NULL, "sqrt(16)", "4" },
    { NULL, "sqrt(-1)", "NaN" },
    { NULL, "sin(0)", "0" },
    { NULL, "cos(0)", "1" },
    { NULL, "tan(0)", "0" },
    { NULL, "asin(1)", "1.5707963267948966" },
    { NULL, "acos(1)", "0" },
    { NULL, "atan(0)", "0" },
    { NULL, "atan2(1, 1)", "0.7853981633974483" },
    { NULL, "pi()", "3.141592653589793" },
    { NULL, "random() >= 0 and random() < 1", "true" },
    { NULL, "min(1, 2, /data/household/member/idade)", "1" },
    { NULL, "min(/data/household/member/idade)", "7" },
    { NULL, "max(/data/household/member/idade)", "34" },
    { NULL, "max(/data/household/member/idade, /data/age)", "42" },
    { NULL, "min(/data/missing)", "NaN" },
    { NULL, "max(/data/age, 'x')", "NaN" },
    { NULL, "sum(/data/household/member/idade)", "60" },
    { NULL, "sum(/data/missing)", "0" },
    { NULL, "sum(/data/household/member/nome)", "NaN" },
    { NULL, "count(/data/household/member)", "3" },
    { NULL, "count(/data/missing)", "0" },
    { NULL, "count-non-empty(/data/household/member/city)", "0" },
    { NULL, "count-non-empty(/data/household/member/nome)", "3" },
    { NULL, "position(/data/household/member[2])", "2" },
    { NULL, "position(/data/household/member[2]/nome)", "1" },
    { NULL, "position()", "1" },
    { NULL, "last()", "1" },
    { NULL, "name(/data/orx:meta)", "orx:meta" },
    { NULL, "local-name(/data/orx:meta)", "meta" },
    { NULL, "namespace-uri(/data/orx:meta)", "http://openrosa.org/xforms" },
    { NULL, "namespace-uri(/data/age)", "" },
    { NULL, "name(/data/missing)", "" },
    { NULL, "name(/data/@id)", "id" },
    { NULL, "count(randomize(/data/household/member))", "3" },
    { NULL, "count(randomize(/data/missing, 7))", "0" },
    { NULL, "string-length(join('', randomize(/data/household/member/nome, 42)))", "10" },
  };

  run_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_randomize_seeded (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = eval_at (NULL, "join(' ', randomize(/data/household/member/nome, 42))", &error);
  g_autofree char *again = NULL;
  g_autofree char *other = NULL;
  g_auto(GStrv) words = NULL;
  gboolean some_differs = FALSE;

  g_assert_no_error (error);
  again = eval_at (NULL, "join(' ', randomize(/data/household/member/nome, 42))", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, again);

  words = g_strsplit (first, " ", -1);
  g_assert_cmpuint (g_strv_length (words), ==, 3);
  g_assert_true (g_strv_contains ((const char * const *) words, "Ana"));
  g_assert_true (g_strv_contains ((const char * const *) words, "Bia"));
  g_assert_true (g_strv_contains ((const char * const *) words, "Caio"));

  /* Other seeds give other orders, at least some of the time. */
  for (int seed = 1; seed < 20 && !some_differs; seed++)
    {
      g_autofree char *expr = g_strdup_printf ("join(' ', randomize(/data/household/member/nome, %d))", seed);

      g_free (other);
      other = eval_at (NULL, expr, &error);
      g_assert_no_error (error);
      some_differs = g_strcmp0 (other, first) != 0;
    }
  g_assert_true (some_differs);
}

static void
test_date_functions (void)
{
  static const Case cases[] = {
    { NULL, "today()", "2026-11-28" },
    { NULL, "now()", "2026-11-28T15:46:30.250-03:00" },
    { NULL, "number(/data/date)", "20672" },
    { NULL, "/data/date + 1", "20673" },
    { NULL, "date(/data/date + 1)", "2026-08-08" },
    { NULL, "date(date('2026-02-28') + 1)", "2026-03-01" },
    { NULL, "date(date('2024-02-28') + 1)", "2024-02-29" },
    { NULL, "date('2024-2-3')", "2024-02-03" },
    { NULL, "/data/date < today()", "true" },
    { NULL, "/data/date > '2026-08-06'", "true" },
    { NULL, "/data/date >= '2026-08-07'", "true" },
    { NULL, "/data/date = '2026-08-07'", "true" },
    { NULL, "/data/date = 20672", "true" },
    { NULL, "today() - /data/date", "113" },
    { NULL, "today() - 30 > /data/date", "true" },
    { NULL, "date(today() - 365)", "2025-11-28" },
    { NULL, "date(0)", "1970-01-01" },
    { NULL, "date(-1)", "1969-12-31" },
    { NULL, "date(0.99)", "1970-01-01" },
    { NULL, "date('')", "" },
    { NULL, "date('nope')", "" },
    /* No date so far from 1970 (fuzz-xpath: the conversion overflowed). */
    { NULL, "date('2099999999999920130.4000')", "" },
    { NULL, "date(-100000001)", "" },
    { NULL, "date-time(2099999999999920130)", "" },
    { NULL, "format-date(2099999999999920130, '%Y')", "" },
    /* The time is kept (JavaRosa, Web Forms); an instant is shown in local time. */
    { NULL, "date('2026-08-07T23:30:00-03:00')", "2026-08-07T23:30:00.000-03:00" },
    { NULL, "date('2026-08-08T01:30:00Z')", "2026-08-07T22:30:00.000-03:00" },
    { NULL, "date('2018-01-01T10:20:30.400')", "2018-01-01T10:20:30.400" },
    { NULL, "format-date-time(date('2018-01-01T10:20:30.400'), '%Y-%m-%d %H:%M:%S.%3')", "2018-01-01 10:20:30.400" },
    { NULL, "date(date('2018-01-01T10:20:30.400'))", "2018-01-01T10:20:30.400" },
    { NULL, "date('2018-01-01T10:20:30.400') < date('2018-01-01T10:20:31')", "true" },
    { NULL, "decimal-date-time('1970-01-02T12:00:00-03:00')", "1.5" },
    { NULL, "decimal-date-time('1970-01-02T15:00:00Z')", "1.5" },
    { NULL, "decimal-date-time('1970-01-02T12:00:00')", "1.5" },
    { NULL, "decimal-date-time('x')", "NaN" },
    { NULL, "decimal-date('1970-01-11')", "10" },
    { NULL, "decimal-time('06:00:00.000-03:00')", "0.25" },
    { NULL, "decimal-time('12:00:00Z')", "0.375" },
    { NULL, "decimal-time('18:00')", "0.75" },
    { NULL, "decimal-time('bad')", "NaN" },
    { NULL, "date-time(1.5)", "1970-01-02T12:00:00.000-03:00" },
    { NULL, "date-time(decimal-date-time('2026-08-07T06:31:13.834-03:00'))", "2026-08-07T06:31:13.834-03:00" },
    { NULL, "date-time('nope')", "" },
    { NULL, "format-date('2026-08-07', '%Y/%m/%d %y %n %e %b %a')", "2026/08/07 26 8 7 Aug Fri" },
    { NULL, "format-date('2026-01-04', '%e/%n %a')", "4/1 Sun" },
    { NULL, "format-date(/data/date, 'day %d of %m')", "day 07 of 08" },
    { NULL, "format-date-time(/data/stamp, '%H:%M:%S.%3 %h')", "06:31:13.834 6" },
    { NULL, "format-date-time('2026-08-07T09:31:13.834Z', '%H:%M')", "06:31" },
    { NULL, "format-date-time(now(), '%Y-%m-%d %H:%M')", "2026-11-28 15:46" },
    { NULL, "format-date('', '%Y')", "" },
    { NULL, "format-date('nope', '%Y')", "" },
    { NULL, "format-date(today(), '%%Y %q')", "%Y %q" },
    { NULL, "format-date(0, '%Y-%m-%d')", "1970-01-01" },
    /* Days beyond the years 0001-9999 (a typed number in a calculate) are
     * not a date: empty, as for text that is not one, never an overflow. */
    { NULL, "date(11111111111111111111)", "" },
    { NULL, "date(1000000000000000)", "" },
    { NULL, "date(-1000000000000000)", "" },
    { NULL, "date(-pow(10, 300))", "" },
    { NULL, "date(2932896)", "9999-12-31" },
    { NULL, "date(2932897)", "" },
    { NULL, "date(-719162)", "0001-01-01" },
    { NULL, "date(-719163)", "" },
    { NULL, "date-time(1000000000000000)", "" },
    { NULL, "date-time(2932896.9999999999)", "" },
    { NULL, "format-date(1000000000000000, '%Y-%m-%d %a')", "" },
    { NULL, "format-date-time(-11111111111111111111, '%H:%M')", "" },
    { NULL, "'2026-13-01' + 1", "NaN" },
    { NULL, "'2024-02-30' < 1", "false" },
    { NULL, "'2023-02-29' = date('2023-03-01')", "false" },
    { NULL, "/data/stamp > /data/date", "true" },
    { NULL, "/data/stamp < date(/data/date + 1)", "true" },
    { NULL, "now() > '2026-11-28'", "true" },
    { NULL, "now() < '2026-11-29'", "true" },
    { NULL, "/data/household/member/idade < today()", "true" },
  };
  double days = 0;

  run_cases (cases, G_N_ELEMENTS (cases));

  g_assert_true (vt_xpath_parse_date ("1970-01-01", &days));
  g_assert_cmpfloat (days, ==, 0);
  g_assert_true (vt_xpath_parse_date (" 2000-03-01 ", &days));
  g_assert_cmpfloat (days, ==, 11017);
  g_assert_true (vt_xpath_parse_date ("1970-01-01T03:00:00Z", &days));
  g_assert_cmpfloat (days, ==, 0);
  g_assert_false (vt_xpath_parse_date ("2026-08-07x", &days));
  g_assert_false (vt_xpath_parse_date ("26-08-07", &days));
  g_assert_false (vt_xpath_parse_date ("2026-08-07T25:00:00", &days));
  g_assert_false (vt_xpath_parse_date ("2026-00-07", &days));
  g_assert_false (vt_xpath_parse_date ("", &days));
}

static void
test_format_date_locale (void)
{
  static const struct { const char *locale; const char *expected; } cases[] = {
    { NULL, "Fri 7 Aug" },
    { "es", "vie 7 ago" },
    { "es_AR", "vie 7 ago" },
    { "pt_BR", "sex 7 ago" },
    { "fr", "ven. 7 août" },
    { "gn", "Fri 7 Aug" },
    { "e", "Fri 7 Aug" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(VtXPathExpr) expr = vt_xpath_compile ("format-date(/data/date, '%a %e %b')", &error);

  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *result = NULL;
      VtXPathContext context;

      context_init (&context, NULL);
      context.locale = cases[i].locale;
      result = vt_xpath_eval_string (expr, &context, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (result, ==, cases[i].expected);
    }
}

static void
test_select_functions (void)
{
  static const Case cases[] = {
    { NULL, "selected(/data/services, 'power')", "true" },
    { NULL, "selected(/data/services, 'pow')", "false" },
    { NULL, "selected(/data/services, ' gas ')", "true" },
    { NULL, "selected('', 'a')", "false" },
    { NULL, "selected(/data/missing, '')", "false" },
    { NULL, "selected-at(/data/services, 0)", "water" },
    { NULL, "selected-at(/data/services, 2)", "gas" },
    { NULL, "selected-at(/data/services, 3)", "" },
    { NULL, "selected-at(/data/services, -1)", "" },
    { NULL, "selected-at(/data/services, 'x')", "" },
    { NULL, "count-selected(/data/services)", "3" },
    { NULL, "count-selected(/data/blank)", "0" },
    { NULL, "count-selected('  a  ')", "1" },
  };

  run_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_repeat_and_geo_functions (void)
{
  static const Case cases[] = {
    { NULL, "indexed-repeat(/data/household/member/nome, /data/household/member, 2)", "Bia" },
    { NULL, "indexed-repeat(/data/household/member/nome, /data/household/member, 4)", "" },
    { NULL, "indexed-repeat(/data/household/member/nome, /data/household/member, /data/zero + 1)", "Ana" },
    { NULL, "indexed-repeat(/data/visits/visit/item/v, /data/visits/visit, 2, /data/visits/visit/item, 1)", "c" },
    { NULL, "indexed-repeat(/data/visits/visit/item/v, /data/visits/visit, 1, /data/visits/visit/item, 2)", "b" },
    { NULL, "indexed-repeat(/data/visits/visit/item/v, /data/visits/visit, 2, /data/visits/visit/item, 3)", "" },
    { NULL, "distance('0 0')", "0" },
    { NULL, "area('0 0;0 1')", "0" },
    { NULL, "distance(/data/point)", "0" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *distance = NULL;
  g_autofree char *area = NULL;
  g_autofree char *bad = NULL;

  run_cases (cases, G_N_ELEMENTS (cases));

  /* One degree of longitude on the equator, then around a square degree. */
  distance = eval_at (NULL, "distance('0 0 0 0;0 1 0 0')", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (distance, NULL), 111318.845, 0.01);
  g_clear_pointer (&distance, g_free);
  distance = eval_at (NULL, "distance('0 0;0 1;0 2')", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (distance, NULL), 2 * 111318.845, 0.02);

  area = eval_at (NULL, "area('0 0;0 1;1 1;1 0;0 0')", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (area, NULL), 12391256135.806, 1);

  bad = eval_at (NULL, "distance('north;south')", &error);
  g_assert_null (bad);
  g_assert_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_EVALUATION);
}

/* Ventanilla's extension (docs/FORMS.md); the validators themselves are
 * tested in test-national-id.c. */
static void
test_national_id (void)
{
  static const Case cases[] = {
    { NULL, "vt:id-valid('390.533.447-05', 'BR-CPF')", "true" },
    { NULL, "vt:id-valid('390.533.447-06', 'BR-CPF')", "false" },
    { NULL, "vt:id-valid('390.533.447-05', 'br-cpf')", "true" },
    { NULL, "vt:id-valid('12.531.909-2', 'CL-RUT')", "true" },
    { NULL, "vt:id-valid('20-26756539-3', concat('AR-', 'CUIT'))", "true" },
    { NULL, "vt:id-valid('20512333797', 'PE-RUC')", "true" },
    { NULL, "vt:id-valid('390.533.447-05', 'XX-NOPE')", "false" },   /* unknown scheme: false */
    { NULL, "vt:id-valid('', 'BR-CPF')", "false" },
    { NULL, "vt:id-valid(/data/missing, 'BR-CPF')", "false" },
    { NULL, "/data/state = 'passport' or vt:id-valid('1.234.567-2', 'UY-CI')", "true" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(VtXPathExpr) expr = vt_xpath_compile ("vt:id-valid('1')", &error);

  run_cases (cases, G_N_ELEMENTS (cases));
  g_assert_null (expr);
  g_assert_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_ARGUMENTS);
}

static gboolean
test_hook (const char            *name,
           GPtrArray             *args,
           const VtXPathContext  *context,
           VtXPathValue         **result,
           GError               **error,
           gpointer               user_data)
{
  g_autofree char *first = NULL;

  if (!g_str_equal (name, "jr:itext") && !g_str_equal (name, "jr:choice-name"))
    return FALSE;
  first = vt_xpath_value_to_string (args->pdata[args->len - 1]);
  {
    g_autofree char *text = g_strdup_printf ("%s[%s]", (const char *) user_data, first);

    *result = vt_xpath_value_new_string (text);
  }
  return TRUE;
}

static void
test_hook_functions (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtXPathExpr) itext = vt_xpath_compile ("jr:itext('label-1')", &error);
  g_autoptr(VtXPathExpr) choice = vt_xpath_compile ("jr:choice-name(/data/state, /data/state)", &error);
  g_autofree char *without = NULL;
  g_autofree char *with = NULL;
  g_autofree char *name = NULL;
  VtXPathContext context;

  g_assert_no_error (error);
  context_init (&context, NULL);

  without = vt_xpath_eval_string (itext, &context, &error);
  g_assert_null (without);
  g_assert_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_EVALUATION);
  g_assert_nonnull (strstr (error->message, "jr:itext"));
  g_clear_error (&error);

  context.hook = test_hook;
  context.hook_data = (gpointer) "es";
  with = vt_xpath_eval_string (itext, &context, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (with, ==, "es[label-1]");
  name = vt_xpath_eval_string (choice, &context, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "es[SP]");
}

typedef struct
{
  const char  *expr;
  VtXPathError code;
  const char  *message;   /* a part of the message */
} ErrorCase;

static void
test_compile_errors (void)
{
  static const ErrorCase cases[] = {
    { "1 +", VT_XPATH_ERROR_SYNTAX, "character 4: expected an expression, found the end" },
    { "concat('a'", VT_XPATH_ERROR_SYNTAX, "character 11: expected “,” or “)” in the arguments of concat()" },
    { "/data/age]", VT_XPATH_ERROR_SYNTAX, "character 10: expected an operator or the end" },
    { "'abc", VT_XPATH_ERROR_SYNTAX, "character 1: expected a closing “'”" },
    { "1 # 2", VT_XPATH_ERROR_SYNTAX, "character 3" },
    { "/data/[1]", VT_XPATH_ERROR_SYNTAX, "character 7: expected a name or a node test" },
    /* Positions count characters, not bytes. */
    { "ñandú = 'x' and (1 +", VT_XPATH_ERROR_SYNTAX, "character 21" },
    { "(1 + 2", VT_XPATH_ERROR_SYNTAX, "character 7: expected “)”" },
    { "/data/household/member[1", VT_XPATH_ERROR_SYNTAX, "expected “]” to close the predicate" },
    { "foo::bar", VT_XPATH_ERROR_SYNTAX, "character 1: expected an axis name, found “foo”" },
    { "child::", VT_XPATH_ERROR_SYNTAX, "expected a name or a node test" },
    { "$x + 1", VT_XPATH_ERROR_SYNTAX, "variables" },
    { "", VT_XPATH_ERROR_SYNTAX, "character 1: expected an expression" },
    { "   ", VT_XPATH_ERROR_SYNTAX, "character 4" },
    { "1 2", VT_XPATH_ERROR_SYNTAX, "character 3" },
    { "age foo", VT_XPATH_ERROR_SYNTAX, "character 5: expected an operator, found “foo”" },
    { "count(/data/x) count", VT_XPATH_ERROR_SYNTAX, "character 16" },
    { "= 1", VT_XPATH_ERROR_SYNTAX, "character 1" },
    { "bar(1)", VT_XPATH_ERROR_UNKNOWN_FUNCTION, "Unknown function bar() at character 1" },
    { "1 + foo:bar()", VT_XPATH_ERROR_UNKNOWN_FUNCTION, "foo:bar() at character 5" },
    { "lower-case('A')", VT_XPATH_ERROR_UNKNOWN_FUNCTION, "lower-case()" },   /* not in the ODK spec */
    { "if(true(), 1, nope(2))", VT_XPATH_ERROR_UNKNOWN_FUNCTION, "nope()" },
    { "concat()", VT_XPATH_ERROR_ARGUMENTS, "concat() at character 1 takes at least 1 argument, not 0" },
    { "substr('a')", VT_XPATH_ERROR_ARGUMENTS, "substr()" },
    { "today(1)", VT_XPATH_ERROR_ARGUMENTS, "today() at character 1 takes 0 arguments, not 1" },
    { "if(1, 2)", VT_XPATH_ERROR_ARGUMENTS, "takes 3 arguments" },
    { "round(1, 2, 3)", VT_XPATH_ERROR_ARGUMENTS, "1 to 2 arguments" },
    { "weighted-checklist(1, 2, 'a')", VT_XPATH_ERROR_ARGUMENTS, "pairs" },
    { "indexed-repeat(/a, /b, 1, /c)", VT_XPATH_ERROR_ARGUMENTS, "pairs" },
    { "digest('a', 'SHA-999')", VT_XPATH_ERROR_ARGUMENTS, "SHA-999" },
    { "digest('a', 'MD5', 'rot13')", VT_XPATH_ERROR_ARGUMENTS, "rot13" },
    { "regex(., '(')", VT_XPATH_ERROR_ARGUMENTS, "regex() at character 1: invalid regular expression" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VtXPathExpr) expr = vt_xpath_compile (cases[i].expr, &error);

      if (expr != NULL)
        g_error ("“%s” compiled, but should not", cases[i].expr);
      if (!g_error_matches (error, VT_XPATH_ERROR, cases[i].code))
        g_error ("“%s”: expected error code %d, got %d: %s", cases[i].expr, cases[i].code,
                 error->code, error->message);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("“%s”: the message “%s” does not say “%s”", cases[i].expr, error->message,
                 cases[i].message);
    }
}

static void
test_valid_oddities (void)
{
  /* Names that look like operators are names where XPath says so. */
  static const Case cases[] = {
    { NULL, "count(div)", "0" },
    { NULL, "count(and | or)", "0" },
    { NULL, "count(*)", "14" },
    { NULL, "count(* | age)", "14" },
    { NULL, "2*age", "84" },
    { NULL, "age mod 5", "2" },
    { NULL, "age div 4", "10.5" },
    { NULL, "count(orx:meta/*)", "1" },
    { NULL, "\"double\" = 'double'", "true" },
    { NULL, "count(/data/household/member[./idade > 10])", "2" },
    { NULL, "count(self::node())", "1" },
    { NULL, "count(/descendant::member)", "3" },
    { NULL, "count(//text())", "26" },
  };

  run_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_depth_bounded (void)
{
  g_autoptr(GString) parens = g_string_new (NULL);
  g_autoptr(GString) minus = g_string_new (NULL);
  g_autoptr(GString) predicates = g_string_new ("/data");
  g_autoptr(GString) fine = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtXPathExpr) expr = NULL;
  g_autofree char *huge = NULL;

  for (int i = 0; i < 200; i++)
    g_string_append_c (parens, '(');
  g_string_append_c (parens, '1');
  for (int i = 0; i < 200; i++)
    g_string_append_c (parens, ')');
  expr = vt_xpath_compile (parens->str, &error);
  g_assert_null (expr);
  g_assert_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_TOO_DEEP);
  g_clear_error (&error);

  for (int i = 0; i < 10000; i++)
    g_string_append_c (minus, '-');
  g_string_append_c (minus, '1');
  expr = vt_xpath_compile (minus->str, &error);
  g_assert_null (expr);
  g_assert_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_TOO_DEEP);
  g_clear_error (&error);

  for (int i = 0; i < 200; i++)
    g_string_append (predicates, "[a");
  for (int i = 0; i < 200; i++)
    g_string_append_c (predicates, ']');
  expr = vt_xpath_compile (predicates->str, &error);
  g_assert_null (expr);
  g_assert_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_TOO_DEEP);
  g_clear_error (&error);

  /* A long chain makes a deep tree: bounded too, but well above real forms. */
  g_string_append (fine, "0");
  for (int i = 0; i < 2000; i++)
    g_string_append (fine, " + 1");
  expr = vt_xpath_compile (fine->str, &error);
  g_assert_null (expr);
  g_assert_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_TOO_DEEP);
  g_assert_nonnull (strstr (error->message, "split it"));
  g_clear_error (&error);

  g_string_assign (fine, "0");
  for (int i = 0; i < 1000; i++)
    g_string_append (fine, " + 1");
  expr = vt_xpath_compile (fine->str, &error);
  g_assert_no_error (error);
  g_assert_nonnull (expr);
  {
    VtXPathContext context;
    g_autofree char *result = NULL;

    context_init (&context, NULL);
    result = vt_xpath_eval_string (expr, &context, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (result, ==, "1000");
  }
  g_clear_pointer (&expr, vt_xpath_expr_free);

  huge = g_strnfill (100 * 1024, '1');
  expr = vt_xpath_compile (huge, &error);
  g_assert_null (expr);
  g_assert_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_TOO_DEEP);
}

typedef struct
{
  const char *expr;
  const char *context;
  const char *references;  /* space-separated, in order */
} RefCase;

static void
test_references (void)
{
  static const RefCase cases[] = {
    { "/data/age + 1", "/data/x", "/data/age" },
    { "../age + .", "/data/household/member/city", "/data/household/member/age /data/household/member/city" },
    { "count(/data/household/member[idade > 10])", "/data/x",
      "/data/household/member /data/household/member/idade" },
    { "instance('cities')/root/item[state = current()/../state]/name", "/data/household/member/city",
      "/data/household/member/state" },
    { "instance('cities')/root/item[state = /data/state and name = label]/name", "/data/x", "/data/state" },
    { "if(selected(/data/services, 'gas'), /data/age, string-length(.))", "/data/x",
      "/data/services /data/age /data/x" },
    { "string-length()", "/data/name", "/data/name" },
    { "normalize-space() = ''", "/data/name", "/data/name" },
    { "current()", "/data/a/b", "/data/a/b" },
    { "once(random())", "/data/a", "/data/a" },
    { "/data/household/member[2]/nome", "/data/x", "/data/household/member /data/household/member/nome" },
    { "//nome", "/data/x", "/" },
    { "count(/data/household/*)", "/data/x", "/data/household" },
    { "/data/orx:meta/orx:instanceID", "/data/x", "/data/meta/instanceID" },
    { "/data/@id", "/data/x", "/data/@id" },
    { "../nome", "/data/household/member[2]/city", "/data/household/member/nome" },
    { "1 + 2", "/data/x", "" },
    { "today()", "/data/x", "" },
    { "position(..) = 1", "/data/household/member/city", "/data/household/member" },
    { "indexed-repeat(/data/household/member/nome, /data/household/member, /data/age)", "/data/x",
      "/data/household/member/nome /data/household/member /data/age" },
    { "/data/a | /data/b", "/data/x", "/data/a /data/b" },
    { "-/data/a = /data/a", "/data/x", "/data/a" },
    { "../../../../a", "/data/b", "/a" },
    { "/data/a[../b = 1]/c", "/data/x", "/data/a /data/b /data/a/c" },
    { "(/data/a)[1]/b", "/data/x", "/data/a" },
    { "jr:choice-name(/data/state, '/data/state')", "/data/x", "/data/state" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VtXPathExpr) expr = vt_xpath_compile (cases[i].expr, &error);
      g_autoptr(GPtrArray) refs = NULL;
      g_autofree char *joined = NULL;

      g_assert_no_error (error);
      refs = vt_xpath_expr_get_references (expr, cases[i].context);
      g_ptr_array_add (refs, NULL);
      joined = g_strjoinv (" ", (char **) refs->pdata);
      if (!g_str_equal (joined, cases[i].references))
        g_error ("references of %s at %s: expected “%s”, got “%s”", cases[i].expr,
                 cases[i].context, cases[i].references, joined);
    }
}

/* Many repeat instances: compile once, evaluate many times, and node-sets
 * stay in document order without duplicates after steps over many nodes. */
static void
test_many_instances (void)
{
  g_autoptr(GString) xml = g_string_new ("<data>");
  g_autoptr(GError) error = NULL;
  g_autoptr(VtXPathExpr) count = vt_xpath_compile ("count(/data/r[v > 1000])", &error);
  g_autoptr(VtXPathExpr) last = vt_xpath_compile ("/data/r[v > 1000][last()]/v", &error);
  g_autoptr(VtXPathExpr) parents = vt_xpath_compile ("count(/data/r/v/.. | /data/r)", &error);
  g_autoptr(VtXPathExpr) order = vt_xpath_compile ("(/data/r/v/ancestor::r)[2]/v", &error);
  g_autoptr(VtXPathExpr) sum = vt_xpath_compile ("sum(/data/r/v)", &error);
  g_autoptr(VtXPathExpr) anywhere = vt_xpath_compile ("(//v)[1000]", &error);
  g_autoptr(VtXPathExpr) both = vt_xpath_compile ("count(/data/r[v mod 2 = 0] | /data/r[v mod 2 = 1])", &error);
  VtXPathContext context = { 0 };
  xmlDoc *doc;

  g_assert_no_error (error);
  for (int i = 1; i <= 2000; i++)
    g_string_append_printf (xml, "<r><v>%d</v></r>", i);
  g_string_append (xml, "</data>");
  doc = parse (xml->str);
  context.primary = doc;
  context.node = xmlDocGetRootElement (doc);

  for (int round = 0; round < 20; round++)
    {
      g_autofree char *c = vt_xpath_eval_string (count, &context, &error);
      g_autofree char *l = vt_xpath_eval_string (last, &context, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (c, ==, "1000");
      g_assert_cmpstr (l, ==, "2000");
    }
  g_assert_cmpfloat (vt_xpath_eval_number (parents, &context, &error), ==, 2000);
  g_assert_cmpfloat (vt_xpath_eval_number (order, &context, &error), ==, 2);
  g_assert_cmpfloat (vt_xpath_eval_number (sum, &context, &error), ==, 2001000);
  g_assert_cmpfloat (vt_xpath_eval_number (anywhere, &context, &error), ==, 1000);
  g_assert_cmpfloat (vt_xpath_eval_number (both, &context, &error), ==, 2000);
  g_assert_no_error (error);
  xmlFreeDoc (doc);
}

static void
test_value_helpers (void)
{
  g_autoptr(VtXPathValue) s = vt_xpath_value_new_string ("2026-01-02");
  g_autoptr(VtXPathValue) n = vt_xpath_value_new_number (2.5);
  g_autoptr(VtXPathValue) b = vt_xpath_value_new_boolean (TRUE);
  g_autoptr(VtXPathExpr) expr = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  VtXPathContext context = { 0 };

  g_assert_true (isnan (vt_xpath_value_to_number (s)));   /* plain XPath number() */
  g_assert_true (vt_xpath_value_to_boolean (s));
  text = vt_xpath_value_to_string (n);
  g_assert_cmpstr (text, ==, "2.5");
  g_assert_cmpfloat (vt_xpath_value_to_number (b), ==, 1);

  /* No instance at all: literals work, paths say what is missing. */
  expr = vt_xpath_compile ("concat('a', 1)", &error);
  g_clear_pointer (&text, g_free);
  text = vt_xpath_eval_string (expr, &context, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "a1");
  g_clear_pointer (&expr, vt_xpath_expr_free);
  expr = vt_xpath_compile ("/data/x", &error);
  g_assert_cmpstr (vt_xpath_expr_get_text (expr), ==, "/data/x");
  g_clear_pointer (&text, g_free);
  text = vt_xpath_eval_string (expr, &context, &error);
  g_assert_null (text);
  g_assert_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_EVALUATION);
}

static void
test_eval_errors (void)
{
  static const char *const exprs[] = {
    "count('abc')",
    "sum(3)",
    "'a' | /data/age",
    "('a')[1]",
    "position(/data/missing)",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (exprs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *result = eval_at (NULL, exprs[i], &error);

      if (result != NULL)
        g_error ("%s: expected an error, got “%s”", exprs[i], result);
      g_assert_true (error->domain == VT_XPATH_ERROR);
      g_assert_true (error->code == VT_XPATH_ERROR_ARGUMENTS || error->code == VT_XPATH_ERROR_EVALUATION);
    }
}

/* Every expression in the bundled demo forms compiles (names, arity,
 * syntax), and their binds give references inside the primary instance. */
static void
collect_form_expressions (xmlNode   *node,
                          GPtrArray *exprs,
                          guint     *n_binds,
                          GError   **error)
{
  static const char *const attributes[] = {
    "calculate", "relevant", "constraint", "required", "readonly", "value", "count",
  };

  for (xmlNode *n = node; n != NULL; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      for (gsize i = 0; i < G_N_ELEMENTS (attributes); i++)
        {
          xmlChar *value = xmlGetProp (n, (const xmlChar *) attributes[i]);

          if (value == NULL)
            continue;
          /* Only <output value>, <setvalue value> and binds carry expressions. */
          if (!g_str_equal (attributes[i], "value") ||
              g_str_equal ((const char *) n->name, "output") ||
              g_str_equal ((const char *) n->name, "setvalue"))
            {
              VtXPathExpr *expr = vt_xpath_compile ((const char *) value, error);

              if (expr == NULL)
                {
                  g_prefix_error (error, "%s=\"%s\": ", attributes[i], (const char *) value);
                  xmlFree (value);
                  return;
                }
              if (g_str_equal ((const char *) n->name, "bind"))
                {
                  xmlChar *nodeset = xmlGetProp (n, (const xmlChar *) "nodeset");
                  g_autoptr(GPtrArray) refs = vt_xpath_expr_get_references (expr, (const char *) nodeset);

                  for (guint j = 0; j < refs->len; j++)
                    g_assert_true (((const char *) refs->pdata[j])[0] == '/');
                  (*n_binds)++;
                  xmlFree (nodeset);
                }
              g_ptr_array_add (exprs, expr);
            }
          xmlFree (value);
        }
      collect_form_expressions (n->children, exprs, n_binds, error);
      if (*error != NULL)
        return;
    }
}

static void
test_demo_forms_compile (void)
{
  g_autofree char *dir = g_build_filename (vt_test_source_root (), "data", "forms", NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n_forms = 0;

  if (listing == NULL)
    {
      g_test_skip ("no data/forms in this tree");
      return;
    }
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GPtrArray) exprs = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_xpath_expr_free);
      g_autoptr(GError) error = NULL;
      guint n_binds = 0;
      xmlDoc *doc;

      if (!g_str_has_suffix (name, ".xml"))
        continue;
      doc = xmlReadFile (path, NULL, XML_PARSE_NONET);
      g_assert_nonnull (doc);
      collect_form_expressions (xmlDocGetRootElement (doc), exprs, &n_binds, &error);
      if (error != NULL)
        g_error ("%s: %s", name, error->message);
      g_assert_cmpuint (exprs->len, >, 10);
      g_assert_cmpuint (n_binds, >, 5);
      xmlFreeDoc (doc);
      n_forms++;
    }
  g_assert_cmpuint (n_forms, >=, 1);
}

/* Token soup: whatever compiles must evaluate and give references
 * without crashing; whatever does not must say why.  The seed is GLib's
 * test seed, so a failure reproduces with --seed. */
static void
test_random_expressions (void)
{
  static const char *const pieces[] = {
    "/", "//", "data", "household", "member", "nome", "idade", "@id", "*", ".", "..",
    "[", "]", "(", ")", ",", "|", "+", "-", " * ", " div ", " mod ", "=", "!=", "<", ">=",
    " and ", " or ", "1", "0.5", "'x'", "\"2026-08-07\"", "count(", "concat(", "substr(",
    "if(", "current()", "instance('cities')", "/root/item", "position()", "last()",
    "date(", "format-date(", "selected(", "regex(", "round(", "sum(", "not(", "text()",
    "node()", "ancestor::", "following-sibling::", "preceding::", "::", "$", "ñ", " ",
    "coalesce(", "indexed-repeat(", "randomize(", "join(", "'%Y'", "3", "-",
  };
  guint compiled = 0;

  for (int i = 0; i < 3000; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(VtXPathExpr) expr = NULL;
      int n = g_test_rand_int_range (1, 9);

      for (int j = 0; j < n; j++)
        g_string_append (text, pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))]);
      expr = vt_xpath_compile (text->str, &error);
      if (expr == NULL)
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == VT_XPATH_ERROR);
          g_assert_true (error->message != NULL && error->message[0] != '\0');
          continue;
        }
      compiled++;
      {
        g_autoptr(GPtrArray) refs = vt_xpath_expr_get_references (expr, "/data/household/member/city");
        g_autoptr(VtXPathValue) value = NULL;
        VtXPathContext context;

        context_init (&context, "/data/household/member[2]/city");
        value = vt_xpath_eval (expr, &context, &error);
        g_assert_true ((value != NULL) != (error != NULL));
        if (value != NULL)
          {
            g_autofree char *string = vt_xpath_value_to_string (value);

            g_assert_true (g_utf8_validate (string, -1, NULL));
          }
      }
    }
  g_test_message ("%u of 3000 random expressions compiled", compiled);
  g_assert_cmpuint (compiled, >, 50);
}

/* ventanilla-ctl xpath */

static void
test_ctl (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("xpath");
  g_autofree char *instance = vt_test_write_file (dir, "instance.xml", primary_xml);
  g_autofree char *cities = vt_test_write_file (dir, "cities.xml", cities_xml);
  g_autofree char *broken = vt_test_write_file (dir, "broken.xml", "<data><a></data>");
  g_autofree char *secondary = g_strdup_printf ("cities=%s", cities);
  char *out = NULL, *err = NULL;

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "xpath", "1 + 1", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "2\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "xpath", "1 div 0", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Infinity\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* An expression that starts with "-", with or without "--" before it;
   * an unknown option is still one. */
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "xpath", "-5 mod 3", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "-2\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "xpath", "--", "-5 mod 3", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "-2\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "xpath", "-i", instance, "--", "-count(/data/household/member)",
                                    NULL), ==, 0);
  g_assert_cmpstr (out, ==, "-3\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "xpath", "--nope", "1", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--nope"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "xpath", "count(/data/household/member[idade > 10])",
                                    "--instance", instance, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "2\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "xpath", "concat(nome, ' ', ../../age)",
                                    "--instance", instance,
                                    "--context", "/data/household/member[3]", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Caio 42\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "xpath",
                                    "instance('cities')/root/item[state = current()/../state]/label",
                                    "--instance", instance, "--secondary", secondary,
                                    "--context", "/data/household/member[2]/city", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "São Paulo\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A bad expression: the message says where, exit 1. */
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "xpath", "concat('a',", NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "character 12"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "xpath", "frob(1)", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Unknown function frob()"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "xpath", "/data/age", "--instance", broken, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not well-formed"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "xpath", "/data/age", "--instance", "/nonexistent/i.xml", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "/nonexistent/i.xml"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "xpath", "nome", "--instance", instance,
                                    "--context", "/data/household/member", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "exactly one"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "xpath", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "expression"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "xpath", "1", "--secondary", "nofile", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "ID=FILE"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "xpath EXPR [--instance FILE.xml] [--context PATH]"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  vt_test_rmdir_recursive (dir);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_setenv ("TZ", "America/Sao_Paulo", TRUE);
  g_test_init (&argc, &argv, NULL);
  fixture_init ();

  g_test_add_func ("/vt/xpath/operators", test_operators);
  g_test_add_func ("/vt/xpath/number-printing", test_number_printing);
  g_test_add_func ("/vt/xpath/paths", test_paths);
  g_test_add_func ("/vt/xpath/relative-in-repeat", test_relative_in_repeat);
  g_test_add_func ("/vt/xpath/current-and-instances", test_current_and_instances);
  g_test_add_func ("/vt/xpath/current-separate", test_current_is_separate_from_context);
  g_test_add_func ("/vt/xpath/repeat-contextualization", test_repeat_contextualization);
  g_test_add_func ("/vt/xpath/string-functions", test_string_functions);
  g_test_add_func ("/vt/xpath/logic-functions", test_logic_functions);
  g_test_add_func ("/vt/xpath/number-functions", test_number_functions);
  g_test_add_func ("/vt/xpath/randomize-seeded", test_randomize_seeded);
  g_test_add_func ("/vt/xpath/date-functions", test_date_functions);
  g_test_add_func ("/vt/xpath/format-date-locale", test_format_date_locale);
  g_test_add_func ("/vt/xpath/select-functions", test_select_functions);
  g_test_add_func ("/vt/xpath/repeat-and-geo", test_repeat_and_geo_functions);
  g_test_add_func ("/vt/xpath/hook-functions", test_hook_functions);
  g_test_add_func ("/vt/xpath/national-id", test_national_id);
  g_test_add_func ("/vt/xpath/compile-errors", test_compile_errors);
  g_test_add_func ("/vt/xpath/valid-oddities", test_valid_oddities);
  g_test_add_func ("/vt/xpath/depth-bounded", test_depth_bounded);
  g_test_add_func ("/vt/xpath/references", test_references);
  g_test_add_func ("/vt/xpath/many-instances", test_many_instances);
  g_test_add_func ("/vt/xpath/value-helpers", test_value_helpers);
  g_test_add_func ("/vt/xpath/eval-errors", test_eval_errors);
  g_test_add_func ("/vt/xpath/random-expressions", test_random_expressions);
  g_test_add_func ("/vt/xpath/demo-forms-compile", test_demo_forms_compile);
  g_test_add_func ("/vt/xpath/ctl", test_ctl);

  status = g_test_run ();
  fixture_clear ();
  return status;
}
