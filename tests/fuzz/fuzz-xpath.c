/* The XPath compiler and evaluator: an expression as a form author (or a
 * form from a server) writes it, compiled, its references listed, then
 * evaluated four ways over an instance with repeats, dates and a
 * secondary instance, from the root and from inside a repeat. */
#include "config.h"

#include <libxml/parser.h>

#include "vt-fuzz.h"
#include "vt-xpath.h"

/* Expressions in forms are short; this still allows any nesting the
 * compiler's depth bound lets through. */
#define MAX_EXPRESSION 16384

static const char primary_xml[] =
  "<data id=\"fuzz\" version=\"1\">"
  "<name>Ana María</name><age>42</age><height>1.75</height><born>1984-03-31</born>"
  "<when>2026-01-05T10:00:00.000-03:00</when><at>14:30:00.000-03:00</at>"
  "<langs>es gn</langs><choice>b</choice><empty/>"
  "<member><n>1</n><age>7</age><name>Luz</name></member>"
  "<member><n>2</n><age>12</age><name>Sol</name></member>"
  "<member><n>3</n><age></age><name/></member>"
  "<meta><instanceID>uuid:6b7f3a2e-1c1d-4a55-9a0e-0f0f0f0f0f0f</instanceID></meta>"
  "</data>";

static const char choices_xml[] =
  "<root><item><name>a</name><label>Uno</label><region>n</region></item>"
  "<item><name>b</name><label>Dos</label><region>s</region></item>"
  "<item><name>c</name><label>Tres</label><region>n</region></item></root>";

static xmlDoc *primary;
static GHashTable *instances;
static GDateTime *now;

static gboolean
hook (const char            *name,
      GPtrArray             *args,
      const VtXPathContext  *context,
      VtXPathValue         **result,
      GError               **error,
      gpointer               user_data)
{
  if (g_str_equal (name, "jr:itext") || g_str_equal (name, "jr:choice-name"))
    {
      *result = vt_xpath_value_new_string ("etiqueta");
      return TRUE;
    }
  return FALSE;
}

static xmlNode *
child_named (xmlNode    *parent,
             const char *name,
             int         nth)
{
  for (xmlNode *node = parent->children; node != NULL; node = node->next)
    if (node->type == XML_ELEMENT_NODE && g_str_equal ((const char *) node->name, name) && --nth == 0)
      return node;
  return NULL;
}

static void
setup (void)
{
  vt_fuzz_init ();
  primary = xmlReadMemory (primary_xml, sizeof primary_xml - 1, "primary.xml", NULL, XML_PARSE_NONET);
  instances = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) xmlFreeDoc);
  g_hash_table_insert (instances, (char *) "choices",
                       xmlReadMemory (choices_xml, sizeof choices_xml - 1, "choices.xml", NULL, XML_PARSE_NONET));
  now = g_date_time_new_utc (2026, 1, 5, 13, 0, 0);
}

static void
evaluate (VtXPathExpr *expr,
          xmlNode     *node,
          const char  *locale)
{
  VtXPathContext context = {
    .node = node,
    .primary = primary,
    .instances = instances,
    .position = 1,
    .size = 1,
    .now = now,
    .hook = hook,
    .locale = locale,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(VtXPathValue) value = vt_xpath_eval (expr, &context, &error);
  g_autofree char *string = NULL;

  /* A failure says why. */
  g_assert (value != NULL || (error != NULL && error->message[0] != '\0'));
  if (value != NULL)
    {
      g_free (vt_xpath_value_to_string (value));
      vt_xpath_value_to_number (value);
      vt_xpath_value_to_boolean (value);
    }
  g_clear_error (&error);
  string = vt_xpath_eval_string (expr, &context, &error);
  g_clear_error (&error);
  vt_xpath_eval_boolean (expr, &context, &error);
  g_clear_error (&error);
  vt_xpath_eval_number (expr, &context, &error);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtXPathExpr) expr = NULL;
  g_autoptr(GPtrArray) references = NULL;
  xmlNode *root, *member;

  if (primary == NULL)
    setup ();
  if (size > MAX_EXPRESSION)
    return 0;

  text = vt_fuzz_string (data, size);
  expr = vt_xpath_compile (text, &error);
  if (expr == NULL)
    {
      g_assert (error != NULL && error->message[0] != '\0');
      return 0;
    }

  references = vt_xpath_expr_get_references (expr, "/data/member/age");

  root = xmlDocGetRootElement (primary);
  member = child_named (child_named (root, "member", 2), "age", 1);
  evaluate (expr, NULL, NULL);
  evaluate (expr, member, "es");
  return 0;
}
