/* Equality indexes over secondary instances: instance('list')/root/item[name = X]
 * finds its items by hash instead of comparing every item with X.
 *
 * An index belongs to whoever owns the secondary instances (the form) and
 * is built the first time a predicate asks, once per (parent node, item
 * name, key name).  There is no invalidating it: a form's secondary
 * instances never change once it is loaded (a newer list, or this kiosk's
 * own creates and updates, make a new VtForm with a new index, and a
 * session in progress keeps the form it started on), and the index keeps
 * pointers to their nodes and text.  A list the form built of rows hands
 * them over (vt_xpath_index_add_rows()), and its keys are read there.
 * The answers are those of the scan, which is what
 * tests/test-xpath.c checks: only a predicate of the form [key = X] or
 * [X = key], key a child element or attribute of the item named without
 * predicates, X an expression that does not read the item (no relative
 * path, position(), last(), random()...) and is a string, a number or a
 * node-set, is answered here.  Everything else scans. */
#define G_LOG_DOMAIN "vt-xpath"

#include "config.h"

#include <math.h>
#include <string.h>

#include "vt-xpath-private.h"

/* The items of one string value, a chain through entries (numbers from 1;
 * 0 ends it): one allocation for a list of 50,000 names, not one each. */
typedef struct
{
  guint first;
  guint last;
} Bucket;

typedef struct
{
  xmlNode *item;
  guint    next;
} Entry;

/* A list the form built of rows (vt_xpath_index_add_rows()). */
typedef struct
{
  char         *item_name;
  GPtrArray    *names;         /* char *, the element name of each column */
  xmlNode     **items;
  const char  **values;        /* n_items rows of names->len, the text nodes' own */
  guint         n_items;
} RowTable;

typedef struct
{
  char       *key;             /* local name of the key */
  RowTable   *table;           /* the parent's rows, or NULL: the items are walked */
  GArray     *columns;         /* guint, with table: the columns named key, in order */
  gboolean    key_attribute;
  GPtrArray  *items;           /* xmlNode *, every item in document order */
  GHashTable *by_string;       /* string value -> GUINT_TO_POINTER (bucket number, from 1) */
  GArray     *buckets;         /* Bucket */
  GArray     *entries;         /* Entry */
  GPtrArray  *owned;           /* the string values that are no text node's own */
  GHashTable *by_number;       /* double * -> GPtrArray of items; built at the first number */
} KeyIndex;

struct _VtXPathIndex
{
  GMutex      lock;            /* forms, and so their index, are shared between threads */
  GHashTable *keys;            /* "parent/item/key" -> KeyIndex * */
  GHashTable *tables;          /* xmlNode *parent -> RowTable * */
  guint       builds;          /* how many key indexes were built (tests read it) */
};

static void
key_index_free (KeyIndex *index)
{
  g_free (index->key);
  g_clear_pointer (&index->columns, g_array_unref);
  g_ptr_array_unref (index->items);
  g_hash_table_unref (index->by_string);
  g_array_unref (index->buckets);
  g_array_unref (index->entries);
  g_ptr_array_unref (index->owned);
  g_clear_pointer (&index->by_number, g_hash_table_unref);
  g_free (index);
}

static void
row_table_free (RowTable *table)
{
  g_free (table->item_name);
  g_ptr_array_unref (table->names);
  g_free (table->items);
  g_free (table->values);
  g_free (table);
}

VtXPathIndex *
vt_xpath_index_new (void)
{
  VtXPathIndex *self = g_new0 (VtXPathIndex, 1);

  g_mutex_init (&self->lock);
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) key_index_free);
  self->tables = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                        (GDestroyNotify) row_table_free);
  return self;
}

void
vt_xpath_index_add_rows (VtXPathIndex       *self,
                         xmlNode            *parent,
                         const char         *item_name,
                         guint               n_columns,
                         const char * const *names,
                         xmlNode           **items,
                         const char        **values,
                         guint               n_items)
{
  RowTable *table;

  g_return_if_fail (self != NULL && parent != NULL && item_name != NULL);
  g_return_if_fail (n_columns == 0 || names != NULL);
  g_return_if_fail (n_items == 0 || (items != NULL && (n_columns == 0 || values != NULL)));

  table = g_new0 (RowTable, 1);
  table->item_name = g_strdup (item_name);
  table->names = g_ptr_array_new_full (n_columns, g_free);
  for (guint c = 0; c < n_columns; c++)
    g_ptr_array_add (table->names, g_strdup (names[c]));
  table->items = items;
  table->values = values;
  table->n_items = n_items;
  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->tables, parent, table);
  g_mutex_unlock (&self->lock);
}

void
vt_xpath_index_free (VtXPathIndex *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->keys);
  g_hash_table_unref (self->tables);
  g_mutex_clear (&self->lock);
  g_free (self);
}

guint
vt_xpath_index_get_builds (VtXPathIndex *self)
{
  guint builds;

  g_return_val_if_fail (self != NULL, 0);
  g_mutex_lock (&self->lock);
  builds = self->builds;
  g_mutex_unlock (&self->lock);
  return builds;
}

/* ---- which predicates ------------------------------------------------ */

/* TRUE when ast's value is the same whichever node, position and size it
 * is evaluated for (with a primary instance, "/" does not depend on them). */
static gboolean
is_context_free (Ast *ast)
{
  switch (ast->kind)
    {
    case AST_NUMBER:
    case AST_STRING:
      return TRUE;
    case AST_NEGATE:
      return is_context_free (ast->left);
    case AST_BINARY:
      return is_context_free (ast->left) && is_context_free (ast->right);
    case AST_FUNCTION:
      {
        static const char * const varying[] = { "position", "last", "once", "random", "randomize", "uuid", NULL };

        if (ast->function == NULL || g_strv_contains (varying, ast->name) ||
            (ast->function->reads_context && (ast->args == NULL || ast->args->len == 0)))
          return FALSE;
        for (guint i = 0; ast->args != NULL && i < ast->args->len; i++)
          if (!is_context_free (ast->args->pdata[i]))
            return FALSE;
        return TRUE;
      }
    case AST_PATH:
      /* Predicates of the path have their own context nodes. */
      if (ast->filter != NULL)
        return is_context_free (ast->filter);
      return ast->absolute;
    default:
      return FALSE;
    }
}

/* "name" or "@name": one child or attribute step by name, no predicate. */
static AstStep *
key_step (Ast *ast)
{
  AstStep *step;

  if (ast->kind != AST_PATH || ast->filter != NULL || ast->absolute || ast->steps == NULL ||
      ast->steps->len != 1)
    return NULL;
  step = ast->steps->pdata[0];
  if ((step->axis != AXIS_CHILD && step->axis != AXIS_ATTRIBUTE) || step->test != TEST_NAME ||
      step->predicates != NULL)
    return NULL;
  return step;
}

static gboolean
is_secondary (const VtXPathContext *context,
              xmlDoc               *doc)
{
  GHashTableIter iter;
  gpointer value;

  if (context->instances == NULL || doc == NULL || doc == context->primary)
    return FALSE;
  g_hash_table_iter_init (&iter, context->instances);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == doc)
      return TRUE;
  return FALSE;
}

/* ---- building -------------------------------------------------------- */

static gboolean
is_named (xmlNode         *node,
          xmlElementType   type,
          const char      *local)
{
  return node->type == type && node->name != NULL && strcmp ((const char *) node->name, local) == 0;
}

static void
add_to_bucket (GHashTable *table,
               gpointer    key,
               xmlNode    *item,
               gboolean   *key_taken)
{
  GPtrArray *bucket = g_hash_table_lookup (table, key);

  *key_taken = FALSE;
  if (bucket == NULL)
    {
      bucket = g_ptr_array_new ();
      g_hash_table_insert (table, key, bucket);
      *key_taken = TRUE;
    }
  /* An item with the same key twice is in its bucket once. */
  if (bucket->len == 0 || bucket->pdata[bucket->len - 1] != item)
    g_ptr_array_add (bucket, item);
}

/* The key nodes of one item, in the order the scan reads them. */
static void
collect_keys (KeyIndex  *index,
              xmlNode   *item,
              GPtrArray *out)
{
  g_ptr_array_set_size (out, 0);
  if (index->key_attribute)
    {
      for (xmlAttr *a = item->properties; a != NULL; a = a->next)
        if (is_named ((xmlNode *) a, XML_ATTRIBUTE_NODE, index->key))
          g_ptr_array_add (out, a);
    }
  else
    for (xmlNode *c = item->children; c != NULL; c = c->next)
      if (is_named (c, XML_ELEMENT_NODE, index->key))
        g_ptr_array_add (out, c);
}

/* item under value, once even when it has the key twice with that value. */
static void
add_to_chain (KeyIndex   *index,
              const char *value,
              xmlNode    *item)
{
  gpointer found = NULL;
  Bucket *bucket;
  Entry entry = { item, 0 };

  if (!g_hash_table_lookup_extended (index->by_string, value, NULL, &found))
    {
      Bucket empty = { 0, 0 };

      g_array_append_val (index->buckets, empty);
      found = GUINT_TO_POINTER (index->buckets->len);
      g_hash_table_insert (index->by_string, (gpointer) value, found);
    }
  bucket = &g_array_index (index->buckets, Bucket, GPOINTER_TO_UINT (found) - 1);
  if (bucket->last != 0 && g_array_index (index->entries, Entry, bucket->last - 1).item == item)
    return;
  g_array_append_val (index->entries, entry);
  if (bucket->last != 0)
    g_array_index (index->entries, Entry, bucket->last - 1).next = index->entries->len;
  else
    bucket->first = index->entries->len;
  bucket->last = index->entries->len;
}

/* The string-values of item number i's keys, in the order the scan reads
 * them: from the rows when the list has them, else from the item's
 * children.  The values the nodes do not hold in one piece are made and
 * added to made. */
static void
key_values (KeyIndex  *index,
            guint      i,
            GPtrArray *nodes,
            GPtrArray *out,
            GPtrArray *made)
{
  g_ptr_array_set_size (out, 0);
  if (index->table != NULL)
    {
      const char **row = index->table->values + (gsize) i * index->table->names->len;

      for (guint k = 0; k < index->columns->len; k++)
        g_ptr_array_add (out, (gpointer) row[g_array_index (index->columns, guint, k)]);
      return;
    }
  collect_keys (index, index->items->pdata[i], nodes);
  for (guint k = 0; k < nodes->len; k++)
    {
      char *owned = NULL;

      g_ptr_array_add (out, (gpointer) vt_xpath_node_string_peek (nodes->pdata[k], &owned));
      if (owned != NULL)
        g_ptr_array_add (made, owned);
    }
}

/* The string values are the text nodes' own where they can be: the
 * documents do not change while the index lives (see vt-xpath.h).  A list
 * of rows (an entity list) gives them without walking its 50,000 items,
 * which is what building cost. */
static KeyIndex *
key_index_build (VtXPathIndex *self,
                 xmlNode      *parent,
                 const char   *item_name,
                 AstStep      *key)
{
  KeyIndex *index = g_new0 (KeyIndex, 1);
  RowTable *table = g_hash_table_lookup (self->tables, parent);
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();

  index->key = g_strdup (key->local);
  index->key_attribute = key->axis == AXIS_ATTRIBUTE;
  index->items = g_ptr_array_new ();
  index->by_string = g_hash_table_new (g_str_hash, g_str_equal);
  index->buckets = g_array_new (FALSE, FALSE, sizeof (Bucket));
  index->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  index->owned = g_ptr_array_new_with_free_func (g_free);
  if (table != NULL && g_str_equal (table->item_name, item_name))
    {
      index->table = table;
      index->columns = g_array_new (FALSE, FALSE, sizeof (guint));
      /* The rows' items have child elements only, no attributes. */
      for (guint c = 0; !index->key_attribute && c < table->names->len; c++)
        if (g_str_equal (g_ptr_array_index (table->names, c), index->key))
          g_array_append_val (index->columns, c);
      g_ptr_array_set_size (index->items, table->n_items);
      if (table->n_items > 0)
        memcpy (index->items->pdata, table->items, table->n_items * sizeof (xmlNode *));
    }
  else
    for (xmlNode *item = parent->children; item != NULL; item = item->next)
      if (is_named (item, XML_ELEMENT_NODE, item_name))
        g_ptr_array_add (index->items, item);

  for (guint i = 0; i < index->items->len; i++)
    {
      key_values (index, i, nodes, values, index->owned);
      for (guint k = 0; k < values->len; k++)
        add_to_chain (index, values->pdata[k], index->items->pdata[i]);
    }
  return index;
}

/* -0 and 0 are one key; NaN equals nothing and is no key. */
static double
number_key (double n)
{
  return n == 0 ? 0 : n;
}

static void
key_index_build_numbers (KeyIndex *index)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (g_free);

  index->by_number = g_hash_table_new_full (g_double_hash, g_double_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < index->items->len; i++)
    {
      xmlNode *item = index->items->pdata[i];

      g_ptr_array_set_size (made, 0);
      key_values (index, i, nodes, values, made);
      for (guint k = 0; k < values->len; k++)
        {
          double n = vt_xpath_string_to_number_odk (values->pdata[k]);
          double *key;
          gboolean taken;

          if (isnan (n))
            continue;
          key = g_new (double, 1);
          *key = number_key (n);
          add_to_bucket (index->by_number, key, item, &taken);
          if (!taken)
            g_free (key);
        }
    }
}

static void
append_bucket (GPtrArray *out,
               GPtrArray *bucket)
{
  for (guint i = 0; bucket != NULL && i < bucket->len; i++)
    g_ptr_array_add (out, bucket->pdata[i]);
}

static void
append_chain (GPtrArray  *out,
              KeyIndex   *index,
              const char *value)
{
  guint number = GPOINTER_TO_UINT (g_hash_table_lookup (index->by_string, value));

  if (number == 0)
    return;
  for (guint e = g_array_index (index->buckets, Bucket, number - 1).first; e != 0;
       e = g_array_index (index->entries, Entry, e - 1).next)
    g_ptr_array_add (out, g_array_index (index->entries, Entry, e - 1).item);
}

/* ---- answering ------------------------------------------------------- */

/* With the lock held. */
static KeyIndex *
lookup_or_build (VtXPathIndex *self,
                 const char   *id,
                 xmlNode      *parent,
                 const char   *item_name,
                 AstStep      *key)
{
  KeyIndex *index = g_hash_table_lookup (self->keys, id);

  if (index == NULL)
    {
      index = key_index_build (self, parent, item_name, key);
      g_hash_table_insert (self->keys, g_strdup (id), index);
      self->builds++;
    }
  return index;
}

VtXPathIndexUse
vt_xpath_index_filter (AstStep       *step,
                       xmlNode       *parent,
                       VtXPathFrame  *frame,
                       GPtrArray     *out,
                       GError       **error)
{
  const VtXPathContext *context = frame->context;
  VtXPathIndex *self = context->index;
  Ast *predicate;
  Ast *other;
  AstStep *key;
  g_autoptr(VtXPathValue) value = NULL;
  g_autofree char *id = NULL;
  KeyIndex *index;
  guint n_items;

  if (self == NULL || context->primary == NULL || step->axis != AXIS_CHILD || step->test != TEST_NAME ||
      step->predicates == NULL || parent->type != XML_ELEMENT_NODE || !is_secondary (context, parent->doc))
    return VT_XPATH_INDEX_NOT_USED;
  predicate = step->predicates->pdata[0];
  if (predicate->kind != AST_BINARY || predicate->op != OP_EQ)
    return VT_XPATH_INDEX_NOT_USED;
  if ((key = key_step (predicate->left)) != NULL && is_context_free (predicate->right))
    other = predicate->right;
  else if ((key = key_step (predicate->right)) != NULL && is_context_free (predicate->left))
    other = predicate->left;
  else
    return VT_XPATH_INDEX_NOT_USED;

  id = g_strdup_printf ("%p/%s/%s%s", (void *) parent, step->local,
                        key->axis == AXIS_ATTRIBUTE ? "@" : "", key->local);
  g_mutex_lock (&self->lock);
  n_items = lookup_or_build (self, id, parent, step->local, key)->items->len;
  g_mutex_unlock (&self->lock);
  /* No item: the scan evaluates nothing, so neither does this. */
  if (n_items == 0)
    return VT_XPATH_INDEX_USED;

  {
    VtXPathFrame inner = { context, parent, 1, 1 };

    /* Not under the lock: X may read another indexed list. */
    value = vt_xpath_eval_ast (other, &inner, error);
  }
  if (value == NULL)
    return VT_XPATH_INDEX_ERROR;
  /* key = true(): whether the item has the key at all; rare, scanned. */
  if (value->type == VT_XPATH_VALUE_BOOLEAN)
    return VT_XPATH_INDEX_NOT_USED;

  /* Under the lock again: another thread may be adding its numbers. */
  g_mutex_lock (&self->lock);
  index = lookup_or_build (self, id, parent, step->local, key);
  switch (value->type)
    {
    case VT_XPATH_VALUE_STRING:
      append_chain (out, index, value->string);
      break;
    case VT_XPATH_VALUE_NUMBER:
      if (!isnan (value->number))
        {
          double n = number_key (value->number);

          if (index->by_number == NULL)
            key_index_build_numbers (index);
          append_bucket (out, g_hash_table_lookup (index->by_number, &n));
        }
      break;
    case VT_XPATH_VALUE_NODESET:
      for (guint i = 0; i < value->nodes->len; i++)
        {
          g_autofree char *owned = NULL;
          const char *s = vt_xpath_node_string_peek (value->nodes->pdata[i], &owned);

          append_chain (out, index, s);
        }
      break;
    case VT_XPATH_VALUE_BOOLEAN:
    default:
      g_assert_not_reached ();
    }
  g_mutex_unlock (&self->lock);

  /* Several values may find the same item, in any order. */
  if (value->type == VT_XPATH_VALUE_NODESET && value->nodes->len > 1)
    vt_xpath_sort_nodes (out);
  return VT_XPATH_INDEX_USED;
}
