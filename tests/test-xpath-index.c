#include "config.h"

#include <libxml/parser.h>
#include <math.h>
#include <string.h>

#include "vt-test-utils.h"
#include "vt-xpath.h"

/* Tests of src/core/vt-xpath-index.c: a predicate [key = X] over a
 * secondary instance answered from the equality index gives what the scan
 * of every item gives, for numbers and strings, missing keys, duplicates,
 * attributes, node-sets, and with a new index after the instance changed. */

static const char primary_xml[] =
  "<data id=\"index\">"
  "<s>1</s><n>1</n><text>abc</text><empty/><date>2026-08-07</date><neg>-0</neg>"
  "<group><member><k>b</k></member><member><k>c</k></member></group>"
  "</data>";

/* Keys as a municipality's CSV has them, and worse: the same value written
 * as numbers differently, duplicates, a missing key, two keys in one item,
 * an empty one, dates, attributes. */
static const char list_xml[] =
  "<root>"
  "<item code=\"1\"><name>1</name><num>1</num><label>one</label></item>"
  "<item code=\"x\"><name>1.0</name><num>1.0</num><label>one point zero</label></item>"
  "<item><name> 1</name><num> 1 </num><label>spaced one</label></item>"
  "<item code=\"1\"><name>01</name><num>01</num><label>leading zero</label></item>"
  "<item><name>abc</name><num>abc</num><label>letters</label></item>"
  "<item><name>abc</name><num>-0</num><label>duplicate abc</label></item>"
  "<item><label>no key</label></item>"
  "<item><name>b</name><name>c</name><num>0</num><label>two keys</label></item>"
  "<item><name/><num/><label>empty key</label></item>"
  "<item><name>2026-08-07</name><num>2026-08-07</num><label>a date</label></item>"
  "<item><name>c</name><num>20672</num><label>days</label></item>"
  "<other><name>abc</name></other>"
  "</root>";

static const char * const keys[] = { "name", "num", "@code", "missing", "label", NULL };

static const char * const others[] = {
  "'1'", "1", "'1.0'", "1.0", "'abc'", "'b'", "'c'", "''", "0", "-0", "1 div 0", "number('x')",
  "/data/s", "/data/n", "/data/text", "/data/empty", "/data/nothing", "/data/group/member/k",
  "/data/date", "/data/neg", "date('2026-08-07')", "concat('a', 'bc')", "current()/s",
  "instance('list')/root/item[3]/name", "instance('list')/root/item/name", "true()", "false()",
  "string(/data/n + 0)", "int(/data/n)",
  NULL
};

typedef struct
{
  xmlDoc       *primary;
  xmlDoc       *list;
  GHashTable   *instances;
  VtXPathIndex *index;
} Fixture;

static void
fixture_init (Fixture *f)
{
  f->primary = xmlReadMemory (primary_xml, sizeof primary_xml - 1, "primary.xml", NULL, 0);
  f->list = xmlReadMemory (list_xml, sizeof list_xml - 1, "list.xml", NULL, 0);
  g_assert_nonnull (f->primary);
  g_assert_nonnull (f->list);
  f->instances = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) xmlFreeDoc);
  g_hash_table_insert (f->instances, (gpointer) "list", f->list);
  f->index = vt_xpath_index_new ();
}

static void
fixture_clear (Fixture *f)
{
  vt_xpath_index_free (f->index);
  g_hash_table_unref (f->instances);
  xmlFreeDoc (f->primary);
}

static VtXPathValue *
eval (Fixture    *f,
      const char *text,
      gboolean    indexed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtXPathExpr) expr = vt_xpath_compile (text, &error);
  VtXPathContext context = { 0 };
  VtXPathValue *value;

  g_assert_no_error (error);
  context.primary = f->primary;
  context.node = xmlDocGetRootElement (f->primary);
  context.current = context.node;
  context.instances = f->instances;
  context.index = indexed ? f->index : NULL;
  value = vt_xpath_eval (expr, &context, &error);
  g_assert_no_error (error);
  g_assert_nonnull (value);
  return value;
}

/* The same nodes in the same order, or the same scalar. */
static void
assert_same (Fixture    *f,
             const char *text)
{
  g_autoptr(VtXPathValue) scanned = eval (f, text, FALSE);
  g_autoptr(VtXPathValue) indexed = eval (f, text, TRUE);
  g_autofree char *s1 = vt_xpath_value_to_string (scanned);
  g_autofree char *s2 = vt_xpath_value_to_string (indexed);

  g_assert_cmpint (scanned->type, ==, indexed->type);
  g_assert_cmpstr (s1, ==, s2);
  if (scanned->type == VT_XPATH_VALUE_NODESET)
    {
      if (scanned->nodes->len != indexed->nodes->len)
        g_error ("%s: the scan finds %u nodes, the index %u", text, scanned->nodes->len, indexed->nodes->len);
      for (guint i = 0; i < scanned->nodes->len; i++)
        if (scanned->nodes->pdata[i] != indexed->nodes->pdata[i])
          g_error ("%s: node %u differs", text, i);
    }
}

static guint
assert_all_same (Fixture *f)
{
  guint n = 0;

  for (guint k = 0; keys[k] != NULL; k++)
    for (guint o = 0; others[o] != NULL; o++)
      {
        const char * const shapes[] = {
          "instance('list')/root/item[%s = %s]",
          "instance('list')/root/item[%2$s = %1$s]",
          "instance('list')/root/item[%s = %s][2]",
          "instance('list')/root/item[%s = %s][last()]/label",
          "count(instance('list')/root/item[%s = %s])",
          "instance('list')/root/*[%s = %s]",
          NULL
        };

        for (guint s = 0; shapes[s] != NULL; s++)
          {
            g_autofree char *text = NULL;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
            text = g_strdup_printf (shapes[s], keys[k], others[o]);
#pragma GCC diagnostic pop
            assert_same (f, text);
            n++;
          }
      }
  return n;
}

static void
test_same_answers (void)
{
  Fixture f;
  g_autoptr(VtXPathValue) one = NULL;
  g_autoptr(VtXPathValue) numbers = NULL;
  g_autoptr(VtXPathValue) several = NULL;

  fixture_init (&f);
  g_assert_cmpuint (assert_all_same (&f), >, 500);
  /* The index answered them: one per (list, item name, key) that has items
   * ("*" is no name, so it scans). */
  g_assert_cmpuint (vt_xpath_index_get_builds (f.index), ==, 5);

  /* What the scan says, written out, so both cannot be wrong together. */
  one = eval (&f, "instance('list')/root/item[num = 1]/label", TRUE);
  g_assert_cmpuint (one->nodes->len, ==, 4);   /* 1, 1.0, " 1 ", 01 */
  numbers = eval (&f, "instance('list')/root/item[num = 0]/label", TRUE);
  g_assert_cmpuint (numbers->nodes->len, ==, 2);   /* -0 and 0 */
  several = eval (&f, "instance('list')/root/item[name = /data/group/member/k]/label", TRUE);
  g_assert_cmpuint (several->nodes->len, ==, 2);   /* "two keys" once, and "days" */
  g_assert_cmpstr ((const char *) ((xmlNode *) several->nodes->pdata[0])->children->content, ==, "two keys");
  fixture_clear (&f);
}

/* A list built of rows, as a form builds an entity list, with the rows
 * given to the index (vt_xpath_index_add_rows()): the same answers as the
 * scan, from the rows.  A column name twice, empty values, no attributes. */
static const char * const row_columns[] = { "name", "num", "label", "name" };
static const char * const row_values[][4] = {
  { "1", "1", "one", "" },
  { "1.0", "1.0", "one point zero", "" },
  { " 1", " 1 ", "spaced one", "" },
  { "01", "01", "leading zero", "" },
  { "abc", "abc", "letters", "" },
  { "abc", "-0", "duplicate abc", "abc" },
  { "", "", "no key", "" },
  { "b", "0", "two keys", "c" },
  { "2026-08-07", "2026-08-07", "a date", "" },
  { "c", "20672", "days", "" },
};

static void
test_rows (void)
{
  Fixture f;
  guint n_rows = G_N_ELEMENTS (row_values), n_columns = G_N_ELEMENTS (row_columns);
  xmlDoc *doc = xmlNewDoc ((const xmlChar *) "1.0");
  xmlNode *root = xmlNewDocNode (doc, NULL, (const xmlChar *) "root", NULL);
  xmlNode **items = g_new (xmlNode *, n_rows);
  const char **values = g_new (const char *, n_rows * n_columns);
  g_autoptr(VtXPathValue) abc = NULL;
  g_autoptr(VtXPathValue) c = NULL;

  fixture_init (&f);
  xmlDocSetRootElement (doc, root);
  for (guint r = 0; r < n_rows; r++)
    {
      items[r] = xmlNewChild (root, NULL, (const xmlChar *) "item", NULL);
      for (guint k = 0; k < n_columns; k++)
        {
          xmlNode *field = xmlNewChild (items[r], NULL, (const xmlChar *) row_columns[k], NULL);

          values[r * n_columns + k] = "";
          if (row_values[r][k][0] != '\0')
            {
              xmlNode *text = xmlNewDocText (doc, (const xmlChar *) row_values[r][k]);

              values[r * n_columns + k] = (const char *) xmlAddChild (field, text)->content;
            }
        }
    }
  vt_xpath_index_add_rows (f.index, root, "item", n_columns, row_columns, items, values, n_rows);
  g_hash_table_replace (f.instances, (gpointer) "list", doc);
  f.list = doc;

  g_assert_cmpuint (assert_all_same (&f), >, 500);
  g_assert_cmpuint (vt_xpath_index_get_builds (f.index), ==, 5);
  abc = eval (&f, "instance('list')/root/item[name = 'abc']/label", TRUE);
  g_assert_cmpuint (abc->nodes->len, ==, 2);   /* "duplicate abc" once */
  c = eval (&f, "instance('list')/root/item[name = 'c']/label", TRUE);
  g_assert_cmpuint (c->nodes->len, ==, 2);     /* "two keys" by its second name, "days" */
  g_assert_cmpstr ((const char *) ((xmlNode *) c->nodes->pdata[0])->children->content, ==, "two keys");
  fixture_clear (&f);
}

/* An index is never invalidated: a list that changes is a new form's, with
 * a new index (vt-form-instances.c), and that one has the new items. */
static void
test_changed_instance (void)
{
  Fixture f;
  xmlNode *root;
  xmlNode *item;
  g_autoptr(VtXPathValue) before = NULL;
  g_autoptr(VtXPathValue) after = NULL;

  fixture_init (&f);
  before = eval (&f, "instance('list')/root/item[name = 'abc']", TRUE);
  g_assert_cmpuint (before->nodes->len, ==, 2);
  g_assert_cmpuint (vt_xpath_index_get_builds (f.index), ==, 1);
  /* The index keeps the list's nodes and text: it goes before they change. */
  vt_xpath_index_free (f.index);

  /* A new item, a key rewritten, an item taken away. */
  root = xmlDocGetRootElement (f.list);
  item = xmlNewChild (root, NULL, (const xmlChar *) "item", NULL);
  xmlNewTextChild (item, NULL, (const xmlChar *) "name", (const xmlChar *) "abc");
  xmlNewTextChild (item, NULL, (const xmlChar *) "num", (const xmlChar *) "7");
  xmlNodeSetContent (xmlFirstElementChild (before->nodes->pdata[0]), (const xmlChar *) "zzz");
  {
    xmlNode *first = xmlFirstElementChild (root);

    xmlUnlinkNode (first);
    xmlFreeNode (first);
  }
  g_clear_pointer (&before, vt_xpath_value_free);
  f.index = vt_xpath_index_new ();

  after = eval (&f, "instance('list')/root/item[name = 'abc']/num", TRUE);
  g_assert_cmpuint (after->nodes->len, ==, 2);
  g_assert_cmpstr ((const char *) ((xmlNode *) after->nodes->pdata[1])->children->content, ==, "7");
  g_assert_cmpuint (assert_all_same (&f), >, 500);
  g_assert_cmpuint (vt_xpath_index_get_builds (f.index), ==, 5);
  fixture_clear (&f);
}

/* The primary instance changes with every answer: never indexed. */
static void
test_primary_scans (void)
{
  Fixture f;
  g_autoptr(VtXPathValue) value = NULL;

  fixture_init (&f);
  value = eval (&f, "count(/data/group/member[k = 'c'])", TRUE);
  g_assert_cmpfloat (value->number, ==, 1);
  /* Items that depend on the item itself scan too. */
  assert_same (&f, "instance('list')/root/item[name = label]");
  assert_same (&f, "instance('list')/root/item[name = position()]");
  g_assert_cmpuint (vt_xpath_index_get_builds (f.index), ==, 0);
  fixture_clear (&f);
}

/* An empty list is indexed and evaluates nothing, as the scan. */
static void
test_empty_list (void)
{
  Fixture f;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtXPathExpr) expr = vt_xpath_compile ("count(instance('list')/root/item[name = instance('nope')/x])", &error);
  VtXPathContext context = { 0 };
  xmlNode *root;

  fixture_init (&f);
  root = xmlDocGetRootElement (f.list);
  while (root->children != NULL)
    {
      xmlNode *child = root->children;

      xmlUnlinkNode (child);
      xmlFreeNode (child);
    }
  context.primary = f.primary;
  context.node = xmlDocGetRootElement (f.primary);
  context.instances = f.instances;
  context.index = f.index;
  g_assert_cmpfloat (vt_xpath_eval_number (expr, &context, &error), ==, 0);
  g_assert_no_error (error);
  fixture_clear (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "America/Sao_Paulo", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vt/xpath-index/same-answers", test_same_answers);
  g_test_add_func ("/vt/xpath-index/changed-instance", test_changed_instance);
  g_test_add_func ("/vt/xpath-index/rows", test_rows);
  g_test_add_func ("/vt/xpath-index/primary-scans", test_primary_scans);
  g_test_add_func ("/vt/xpath-index/empty-list", test_empty_list);
  return g_test_run ();
}
