/* XPath values and their conversions, document order, and the evaluator
 * of a compiled expression over the form's instance. */
#define G_LOG_DOMAIN "vt-xpath"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vt-xpath-private.h"

/* A hand-written XPath 1.0 lexer, recursive-descent parser and evaluator
 * over libxml2 trees, with ODK's extensions (dates as days, the ODK
 * function library).  Expressions are compiled once into an AST and then
 * evaluated any number of times without re-parsing. */

G_DEFINE_QUARK (vt-xpath-error-quark, vt_xpath_error)

/* ------------------------------------------------------------------ */
/* Values                                                              */

static VtXPathValue *
value_new (VtXPathValueType type)
{
  VtXPathValue *value = g_new0 (VtXPathValue, 1);

  value->type = type;
  return value;
}

VtXPathValue *
vt_xpath_value_new_string (const char *string)
{
  VtXPathValue *value = value_new (VT_XPATH_VALUE_STRING);

  value->string = g_strdup (string != NULL ? string : "");
  return value;
}

VtXPathValue *
vt_xpath_value_new_string_take (char *string)
{
  VtXPathValue *value = value_new (VT_XPATH_VALUE_STRING);

  value->string = string != NULL ? string : g_strdup ("");
  return value;
}

VtXPathValue *
vt_xpath_value_new_number (double number)
{
  VtXPathValue *value = value_new (VT_XPATH_VALUE_NUMBER);

  value->number = number;
  return value;
}

VtXPathValue *
vt_xpath_value_new_boolean (gboolean boolean)
{
  VtXPathValue *value = value_new (VT_XPATH_VALUE_BOOLEAN);

  value->boolean = !!boolean;
  return value;
}

VtXPathValue *
vt_xpath_value_new_nodeset (GPtrArray *nodes)
{
  VtXPathValue *value = value_new (VT_XPATH_VALUE_NODESET);

  value->nodes = nodes != NULL ? nodes : g_ptr_array_new ();
  return value;
}

void
vt_xpath_value_free (VtXPathValue *value)
{
  if (value == NULL)
    return;
  g_free (value->string);
  if (value->nodes != NULL)
    g_ptr_array_unref (value->nodes);
  g_free (value);
}

char *
vt_xpath_node_string_value (xmlNode *node)
{
  xmlChar *content;
  char *result;

  if (node == NULL)
    return g_strdup ("");

  switch (node->type)
    {
    case XML_ELEMENT_NODE:
      /* Fast paths for the usual instance leaf: empty or one text child. */
      if (node->children == NULL)
        return g_strdup ("");
      if (node->children->next == NULL && node->children->type == XML_TEXT_NODE)
        return g_strdup ((const char *) node->children->content);
      break;
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
    case XML_COMMENT_NODE:
    case XML_PI_NODE:
      return g_strdup (node->content != NULL ? (const char *) node->content : "");
    case XML_ATTRIBUTE_NODE:
    case XML_DOCUMENT_NODE:
      break;
    default:
      return g_strdup ("");
    }

  content = xmlNodeGetContent (node);
  result = g_strdup (content != NULL ? (const char *) content : "");
  xmlFree (content);
  return result;
}

/* The string-value without copying when the node holds it in one piece
 * (the usual instance leaf); otherwise a copy the caller frees. */
const char *
vt_xpath_node_string_peek (xmlNode  *node,
                           char    **owned)
{
  *owned = NULL;
  if (node != NULL)
    {
      if (node->type == XML_ELEMENT_NODE && node->children == NULL)
        return "";
      if (node->type == XML_ELEMENT_NODE && node->children->next == NULL &&
          node->children->type == XML_TEXT_NODE && node->children->content != NULL)
        return (const char *) node->children->content;
      if ((node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) && node->content != NULL)
        return (const char *) node->content;
    }
  *owned = vt_xpath_node_string_value (node);
  return *owned;
}

/* The number closest to the decimal representation that round-trips,
 * written without exponent, as XPath's string() requires. */
char *
vt_xpath_number_to_string (double number)
{
  char buf[64];
  char digits[32];
  GString *out;
  const char *e;
  int exponent;
  int n_digits = 0;
  int precision;

  if (isnan (number))
    return g_strdup ("NaN");
  if (isinf (number))
    return g_strdup (number > 0 ? "Infinity" : "-Infinity");
  if (number == 0)
    return g_strdup ("0");
  if (number == trunc (number) && fabs (number) < 1e15)
    {
      g_snprintf (buf, sizeof buf, "%.0f", number);
      return g_strdup (buf);
    }

  /* The shortest %e form that reads back to the same double. */
  for (precision = 1; precision <= 17; precision++)
    {
      char format[16];

      g_snprintf (format, sizeof format, "%%.%de", precision - 1);
      g_ascii_formatd (buf, sizeof buf, format, number);
      if (g_ascii_strtod (buf, NULL) == number)
        break;
    }

  /* buf: [-]d[.ddd]e[+-]xx */
  out = g_string_new (NULL);
  if (buf[0] == '-')
    g_string_append_c (out, '-');
  for (const char *p = buf; *p != '\0' && *p != 'e'; p++)
    if (g_ascii_isdigit (*p) && n_digits < (int) sizeof digits - 1)
      digits[n_digits++] = *p;
  digits[n_digits] = '\0';
  while (n_digits > 1 && digits[n_digits - 1] == '0')
    digits[--n_digits] = '\0';
  e = strchr (buf, 'e');
  exponent = e != NULL ? atoi (e + 1) : 0;

  if (exponent >= n_digits - 1)
    {
      g_string_append (out, digits);
      for (int i = 0; i < exponent - (n_digits - 1); i++)
        g_string_append_c (out, '0');
    }
  else if (exponent >= 0)
    {
      g_string_append_len (out, digits, exponent + 1);
      g_string_append_c (out, '.');
      g_string_append (out, digits + exponent + 1);
    }
  else
    {
      g_string_append (out, "0.");
      for (int i = 0; i < -exponent - 1; i++)
        g_string_append_c (out, '0');
      g_string_append (out, digits);
    }

  return g_string_free (out, FALSE);
}

/* XPath 1.0 number(): optional whitespace, optional minus, digits with an
 * optional decimal point; anything else is NaN. */
double
vt_xpath_string_to_number (const char *string)
{
  const char *p = string;
  const char *start;
  const char *end;
  gboolean digits = FALSE;
  char buf[128];

  if (string == NULL)
    return NAN;
  while (vt_xpath_is_xml_space (*p))
    p++;
  start = p;
  if (*p == '-')
    p++;
  while (g_ascii_isdigit (*p))
    p++, digits = TRUE;
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        p++, digits = TRUE;
    }
  end = p;
  while (vt_xpath_is_xml_space (*p))
    p++;
  if (!digits || *p != '\0')
    return NAN;
  if ((gsize) (end - start) < sizeof buf)
    {
      memcpy (buf, start, end - start);
      buf[end - start] = '\0';
      return g_ascii_strtod (buf, NULL);
    }
  else
    {
      g_autofree char *copy = g_strndup (start, end - start);
      return g_ascii_strtod (copy, NULL);
    }
}

double
vt_xpath_string_to_number_odk (const char *string)
{
  double days;
  double number = vt_xpath_string_to_number (string);

  if (isnan (number) && string != NULL && vt_xpath_parse_date (string, &days))
    return days;
  return number;
}

char *
vt_xpath_value_to_string (const VtXPathValue *value)
{
  g_return_val_if_fail (value != NULL, NULL);

  switch (value->type)
    {
    case VT_XPATH_VALUE_NODESET:
      return value->nodes->len > 0 ? vt_xpath_node_string_value (value->nodes->pdata[0]) : g_strdup ("");
    case VT_XPATH_VALUE_BOOLEAN:
      return g_strdup (value->boolean ? "true" : "false");
    case VT_XPATH_VALUE_NUMBER:
      return vt_xpath_number_to_string (value->number);
    case VT_XPATH_VALUE_STRING:
    default:
      return g_strdup (value->string != NULL ? value->string : "");
    }
}

double
vt_xpath_value_to_number (const VtXPathValue *value)
{
  g_return_val_if_fail (value != NULL, NAN);

  switch (value->type)
    {
    case VT_XPATH_VALUE_NUMBER:
      return value->number;
    case VT_XPATH_VALUE_BOOLEAN:
      return value->boolean ? 1 : 0;
    case VT_XPATH_VALUE_STRING:
      return vt_xpath_string_to_number (value->string);
    case VT_XPATH_VALUE_NODESET:
    default:
      {
        g_autofree char *string = vt_xpath_value_to_string (value);
        return vt_xpath_string_to_number (string);
      }
    }
}

double
vt_xpath_value_to_number_odk (const VtXPathValue *value)
{
  switch (value->type)
    {
    case VT_XPATH_VALUE_NUMBER:
      return value->number;
    case VT_XPATH_VALUE_BOOLEAN:
      return value->boolean ? 1 : 0;
    case VT_XPATH_VALUE_STRING:
      return vt_xpath_string_to_number_odk (value->string);
    case VT_XPATH_VALUE_NODESET:
    default:
      {
        g_autofree char *string = vt_xpath_value_to_string (value);
        return vt_xpath_string_to_number_odk (string);
      }
    }
}

gboolean
vt_xpath_value_to_boolean (const VtXPathValue *value)
{
  g_return_val_if_fail (value != NULL, FALSE);

  switch (value->type)
    {
    case VT_XPATH_VALUE_NODESET:
      return value->nodes->len > 0;
    case VT_XPATH_VALUE_BOOLEAN:
      return value->boolean;
    case VT_XPATH_VALUE_NUMBER:
      return value->number != 0 && !isnan (value->number);
    case VT_XPATH_VALUE_STRING:
    default:
      return value->string != NULL && value->string[0] != '\0';
    }
}

/* ------------------------------------------------------------------ */
/* Document order                                                      */

static int
node_depth (xmlNode *node)
{
  int depth = 0;

  for (; node != NULL; node = node->parent)
    depth++;
  return depth;
}

/* Attributes come before the element's children; among themselves, in
 * the order of the properties list. */
static int
compare_siblings (xmlNode *a,
                  xmlNode *b)
{
  gboolean a_attr = a->type == XML_ATTRIBUTE_NODE;
  gboolean b_attr = b->type == XML_ATTRIBUTE_NODE;

  if (a_attr != b_attr)
    return a_attr ? -1 : 1;
  for (xmlNode *n = a->next; n != NULL; n = n->next)
    if (n == b)
      return -1;
  return 1;
}

int
vt_xpath_compare_document_order (xmlNode *a,
                                 xmlNode *b)
{
  int da, db;

  if (a == b)
    return 0;
  if (a->doc != b->doc)
    return (gintptr) a->doc < (gintptr) b->doc ? -1 : 1;

  da = node_depth (a);
  db = node_depth (b);
  while (da > db)
    {
      a = a->parent, da--;
      if (a == b)
        return 1;  /* b is an ancestor of the original a */
    }
  while (db > da)
    {
      b = b->parent, db--;
      if (a == b)
        return -1;
    }
  while (a->parent != b->parent)
    {
      a = a->parent;
      b = b->parent;
    }
  if (a->parent == NULL)
    return (gintptr) a < (gintptr) b ? -1 : 1;
  return compare_siblings (a, b);
}

/* Sorting many nodes: walking sibling lists for each comparison would be
 * quadratic in the number of repeat instances, so each sort numbers the
 * children of every parent it meets once. */
typedef struct
{
  GHashTable *ordinals;  /* xmlNode * -> ordinal among its parent's children + 1 */
} OrderCache;

static gintptr
sibling_ordinal (OrderCache *cache,
                 xmlNode    *node)
{
  gpointer found = g_hash_table_lookup (cache->ordinals, node);
  xmlNode *parent = node->parent;
  gintptr ordinal = 1;

  if (found != NULL)
    return GPOINTER_TO_SIZE (found);

  /* Attributes first, then children, as in document order. */
  if (parent != NULL && parent->type == XML_ELEMENT_NODE)
    for (xmlAttr *a = parent->properties; a != NULL; a = a->next)
      g_hash_table_insert (cache->ordinals, a, GSIZE_TO_POINTER (ordinal++));
  if (parent != NULL)
    for (xmlNode *c = parent->children; c != NULL; c = c->next)
      g_hash_table_insert (cache->ordinals, c, GSIZE_TO_POINTER (ordinal++));
  found = g_hash_table_lookup (cache->ordinals, node);
  if (found == NULL)
    {
      /* A node its parent does not list (a document node): by address. */
      g_hash_table_insert (cache->ordinals, node, GSIZE_TO_POINTER (ordinal));
      return ordinal;
    }
  return GPOINTER_TO_SIZE (found);
}

static int
compare_with_cache (xmlNode    *a,
                    xmlNode    *b,
                    OrderCache *cache)
{
  int da, db;
  gintptr oa, ob;

  if (a == b)
    return 0;
  if (a->doc != b->doc)
    return (gintptr) a->doc < (gintptr) b->doc ? -1 : 1;

  da = node_depth (a);
  db = node_depth (b);
  while (da > db)
    {
      a = a->parent, da--;
      if (a == b)
        return 1;
    }
  while (db > da)
    {
      b = b->parent, db--;
      if (a == b)
        return -1;
    }
  while (a->parent != b->parent)
    {
      a = a->parent;
      b = b->parent;
    }
  if (a->parent == NULL)
    return (gintptr) a < (gintptr) b ? -1 : 1;
  oa = sibling_ordinal (cache, a);
  ob = sibling_ordinal (cache, b);
  return oa < ob ? -1 : (oa > ob ? 1 : 0);
}

static int
compare_node_pointers (gconstpointer a,
                       gconstpointer b,
                       gpointer      cache)
{
  return compare_with_cache (*(xmlNode **) a, *(xmlNode **) b, cache);
}

/* Sorts into document order and drops duplicates. */
void
vt_xpath_sort_nodes (GPtrArray *nodes)
{
  OrderCache cache;
  guint kept = 0;

  if (nodes->len < 2)
    return;
  cache.ordinals = g_hash_table_new (NULL, NULL);
  g_ptr_array_sort_with_data (nodes, compare_node_pointers, &cache);
  g_hash_table_unref (cache.ordinals);

  for (guint i = 0; i < nodes->len; i++)
    if (kept == 0 || nodes->pdata[kept - 1] != nodes->pdata[i])
      nodes->pdata[kept++] = nodes->pdata[i];
  g_ptr_array_set_size (nodes, kept);
}

/* The union of two node-sets, in document order without duplicates (also
 * when an input is not in document order, as randomize() returns). */
static GPtrArray *
merge_nodes (GPtrArray *a,
             GPtrArray *b)
{
  GPtrArray *out = g_ptr_array_sized_new (a->len + b->len);

  for (guint i = 0; i < a->len; i++)
    g_ptr_array_add (out, a->pdata[i]);
  for (guint j = 0; j < b->len; j++)
    g_ptr_array_add (out, b->pdata[j]);
  vt_xpath_sort_nodes (out);
  return out;
}

/* ------------------------------------------------------------------ */
/* Evaluation: paths                                                   */

xmlNode *
vt_xpath_frame_root (VtXPathFrame *frame)
{
  if (frame->context->primary != NULL)
    return (xmlNode *) frame->context->primary;
  if (frame->node != NULL && frame->node->doc != NULL)
    return (xmlNode *) frame->node->doc;
  return NULL;
}

static gboolean
node_test_matches (AstStep *step,
                   xmlNode *node)
{
  xmlElementType principal = step->axis == AXIS_ATTRIBUTE ? XML_ATTRIBUTE_NODE : XML_ELEMENT_NODE;

  switch (step->test)
    {
    case TEST_NODE:
      return TRUE;
    case TEST_TEXT:
      return node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE;
    case TEST_COMMENT:
      return node->type == XML_COMMENT_NODE;
    case TEST_PI:
      return node->type == XML_PI_NODE;
    case TEST_ANY:
      return node->type == principal;
    case TEST_NAME:
    default:
      return node->type == principal && node->name != NULL &&
             strcmp ((const char *) node->name, step->local) == 0;
    }
}

static gboolean
has_xpath_children (xmlNode *node)
{
  return node->type == XML_ELEMENT_NODE || node->type == XML_DOCUMENT_NODE;
}

static void
collect_descendants (AstStep   *step,
                     xmlNode   *node,
                     GPtrArray *out)
{
  xmlNode *n;

  if (!has_xpath_children (node) || node->children == NULL)
    return;

  /* Pre-order walk without recursion, so deep documents cannot overflow. */
  n = node->children;
  while (n != NULL)
    {
      if (node_test_matches (step, n))
        g_ptr_array_add (out, n);
      if (n->type == XML_ELEMENT_NODE && n->children != NULL)
        {
          n = n->children;
          continue;
        }
      while (n != NULL && n->next == NULL)
        {
          n = n->parent;
          if (n == node)
            return;
        }
      if (n != NULL)
        n = n->next;
    }
}

static void
collect_reverse_subtree (AstStep   *step,
                         xmlNode   *node,
                         GPtrArray *out)
{
  if (has_xpath_children (node))
    for (xmlNode *c = node->last; c != NULL; c = c->prev)
      collect_reverse_subtree (step, c, out);
  if (node_test_matches (step, node))
    g_ptr_array_add (out, node);
}

/* Nodes of the axis from node, in axis order (reverse axes: nearest first). */
static void
collect_axis (AstStep   *step,
              xmlNode   *node,
              GPtrArray *out)
{
  switch (step->axis)
    {
    case AXIS_SELF:
      if (node_test_matches (step, node))
        g_ptr_array_add (out, node);
      break;
    case AXIS_CHILD:
      if (has_xpath_children (node))
        for (xmlNode *c = node->children; c != NULL; c = c->next)
          if (node_test_matches (step, c))
            g_ptr_array_add (out, c);
      break;
    case AXIS_ATTRIBUTE:
      if (node->type == XML_ELEMENT_NODE)
        for (xmlAttr *a = node->properties; a != NULL; a = a->next)
          if (node_test_matches (step, (xmlNode *) a))
            g_ptr_array_add (out, a);
      break;
    case AXIS_DESCENDANT_OR_SELF:
      if (node_test_matches (step, node))
        g_ptr_array_add (out, node);
      G_GNUC_FALLTHROUGH;
    case AXIS_DESCENDANT:
      collect_descendants (step, node, out);
      break;
    case AXIS_PARENT:
      if (node->parent != NULL && node_test_matches (step, node->parent))
        g_ptr_array_add (out, node->parent);
      break;
    case AXIS_ANCESTOR_OR_SELF:
      if (node_test_matches (step, node))
        g_ptr_array_add (out, node);
      G_GNUC_FALLTHROUGH;
    case AXIS_ANCESTOR:
      for (xmlNode *a = node->parent; a != NULL; a = a->parent)
        if (node_test_matches (step, a))
          g_ptr_array_add (out, a);
      break;
    case AXIS_FOLLOWING_SIBLING:
      if (node->type != XML_ATTRIBUTE_NODE)
        for (xmlNode *s = node->next; s != NULL; s = s->next)
          if (node_test_matches (step, s))
            g_ptr_array_add (out, s);
      break;
    case AXIS_PRECEDING_SIBLING:
      if (node->type != XML_ATTRIBUTE_NODE)
        for (xmlNode *s = node->prev; s != NULL; s = s->prev)
          if (node_test_matches (step, s))
            g_ptr_array_add (out, s);
      break;
    case AXIS_FOLLOWING:
      {
        xmlNode *x = node;

        if (node->type == XML_ATTRIBUTE_NODE)
          {
            x = node->parent;
            collect_descendants (step, x, out);
          }
        for (; x != NULL; x = x->parent)
          for (xmlNode *s = x->next; s != NULL; s = s->next)
            {
              if (node_test_matches (step, s))
                g_ptr_array_add (out, s);
              collect_descendants (step, s, out);
            }
      }
      break;
    case AXIS_PRECEDING:
      {
        xmlNode *x = node->type == XML_ATTRIBUTE_NODE ? node->parent : node;

        for (; x != NULL; x = x->parent)
          for (xmlNode *s = x->prev; s != NULL; s = s->prev)
            collect_reverse_subtree (step, s, out);
      }
      break;
    case AXIS_NAMESPACE:
    default:
      /* Instances carry no namespace nodes worth reading in forms. */
      break;
    }
}

static gboolean
axis_is_reverse (AstAxis axis)
{
  return axis == AXIS_ANCESTOR || axis == AXIS_ANCESTOR_OR_SELF || axis == AXIS_PARENT ||
         axis == AXIS_PRECEDING || axis == AXIS_PRECEDING_SIBLING;
}

/* Filters nodes (in the order positions count) by each predicate in
 * turn from the first-th, in place. */
static gboolean
apply_predicates (GPtrArray    *predicates,
                  guint         first,
                  GPtrArray    *nodes,
                  VtXPathFrame *frame,
                  GError      **error)
{
  if (predicates == NULL)
    return TRUE;

  for (guint i = first; i < predicates->len && nodes->len > 0; i++)
    {
      Ast *predicate = predicates->pdata[i];
      guint size = nodes->len;
      guint kept = 0;

      /* [3]: no need to evaluate anything per node. */
      if (predicate->kind == AST_NUMBER)
        {
          double wanted = predicate->number;

          if (wanted >= 1 && wanted <= size && wanted == trunc (wanted))
            nodes->pdata[kept++] = nodes->pdata[(guint) wanted - 1];
        }
      else
        {
          for (guint j = 0; j < size; j++)
            {
              VtXPathFrame inner = { frame->context, nodes->pdata[j], (int) j + 1, (int) size };
              VtXPathValue *value = vt_xpath_eval_ast (predicate, &inner, error);
              gboolean keep;

              if (value == NULL)
                return FALSE;
              if (value->type == VT_XPATH_VALUE_NUMBER)
                keep = value->number == (double) (j + 1);
              else
                keep = vt_xpath_value_to_boolean (value);
              vt_xpath_value_free (value);
              if (keep)
                nodes->pdata[kept++] = nodes->pdata[j];
            }
        }
      g_ptr_array_set_size (nodes, kept);
    }
  return TRUE;
}

/* Applies one step to a node-set in document order.  "flat" says that no
 * node of the input is an ancestor of another, which lets child, attribute
 * and self steps keep document order without sorting. */
static GPtrArray *
eval_step (AstStep      *step,
           GPtrArray    *input,
           gboolean     *flat,
           VtXPathFrame *frame,
           GError      **error)
{
  gboolean keeps_order = *flat && (step->axis == AXIS_CHILD || step->axis == AXIS_ATTRIBUTE ||
                                   step->axis == AXIS_SELF);
  gboolean reverse = axis_is_reverse (step->axis);
  GPtrArray *result = g_ptr_array_new ();
  GPtrArray *scratch = NULL;

  for (guint i = 0; i < input->len; i++)
    {
      GPtrArray *nodes;
      guint first = 0;

      /* Without predicates or reversal, straight into the result. */
      if (step->predicates == NULL && !reverse)
        {
          collect_axis (step, input->pdata[i], result);
          continue;
        }

      if (scratch == NULL)
        scratch = g_ptr_array_new ();
      nodes = scratch;
      g_ptr_array_set_size (nodes, 0);
      /* [key = X] over a secondary instance: its index, when it has one. */
      switch (vt_xpath_index_filter (step, input->pdata[i], frame, nodes, error))
        {
        case VT_XPATH_INDEX_USED:
          first = 1;
          break;
        case VT_XPATH_INDEX_ERROR:
          g_ptr_array_unref (scratch);
          g_ptr_array_unref (result);
          return NULL;
        case VT_XPATH_INDEX_NOT_USED:
        default:
          collect_axis (step, input->pdata[i], nodes);
          break;
        }
      if (!apply_predicates (step->predicates, first, nodes, frame, error))
        {
          g_ptr_array_unref (scratch);
          g_ptr_array_unref (result);
          return NULL;
        }
      if (reverse)
        for (guint j = nodes->len; j > 0; j--)
          g_ptr_array_add (result, nodes->pdata[j - 1]);
      else
        for (guint j = 0; j < nodes->len; j++)
          g_ptr_array_add (result, nodes->pdata[j]);
    }
  if (scratch != NULL)
    g_ptr_array_unref (scratch);

  /* Several context nodes may reach the same node, or out of order. */
  if (input->len > 1 && !keeps_order)
    vt_xpath_sort_nodes (result);

  *flat = (input->len <= 1 || keeps_order) &&
          (step->axis == AXIS_CHILD || step->axis == AXIS_ATTRIBUTE || step->axis == AXIS_SELF ||
           step->axis == AXIS_PARENT || step->axis == AXIS_FOLLOWING_SIBLING ||
           step->axis == AXIS_PRECEDING_SIBLING);
  return result;
}

static VtXPathValue *
eval_path (Ast          *ast,
           VtXPathFrame *frame,
           GError      **error)
{
  GPtrArray *nodes;
  gboolean flat = TRUE;

  if (ast->filter != NULL)
    {
      VtXPathValue *value = vt_xpath_eval_ast (ast->filter, frame, error);

      if (value == NULL)
        return NULL;
      if (value->type != VT_XPATH_VALUE_NODESET)
        {
          if (ast->filter_predicates == NULL && ast->steps == NULL)
            return value;
          vt_xpath_value_free (value);
          g_set_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_EVALUATION,
                       _("At character %d: a path or predicate follows something that is not a node-set"),
                       ast->position);
          return NULL;
        }
      nodes = g_steal_pointer (&value->nodes);
      vt_xpath_value_free (value);
      flat = nodes->len <= 1;
      if (!apply_predicates (ast->filter_predicates, 0, nodes, frame, error))
        {
          g_ptr_array_unref (nodes);
          return NULL;
        }
    }
  else
    {
      xmlNode *start;

      if (ast->absolute)
        start = vt_xpath_frame_root (frame);
      else
        start = frame->node != NULL ? frame->node : vt_xpath_frame_root (frame);
      if (start == NULL)
        {
          g_set_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_EVALUATION,
                       _("At character %d: a path needs an instance to read, and there is none"),
                       ast->position);
          return NULL;
        }
      nodes = g_ptr_array_new ();
      g_ptr_array_add (nodes, start);
    }

  if (ast->steps != NULL)
    {
      xmlNode *chain[VT_XPATH_MAX_CHAIN];
      int chain_len = 0;
      gboolean contextualize = FALSE;

      /* ODK (JavaRosa, and Enketo for compatibility): an absolute path
       * that goes into a repeat the evaluated node is inside means that
       * node's own repeat instance: /data/member/age, evaluated for
       * /data/member[3]/double, reads /data/member[3]/age.  A path ending
       * at the repeat itself (count(/data/member)) keeps all instances. */
      if (ast->absolute && ast->filter == NULL)
        {
          xmlNode *anchor = frame->context->current != NULL ? frame->context->current
                                                            : frame->context->node;
          int depth = 0;

          for (xmlNode *n = anchor; n != NULL; n = n->parent)
            depth++;
          if (anchor != NULL && depth > 2 && depth <= VT_XPATH_MAX_CHAIN &&
              (xmlNode *) anchor->doc == nodes->pdata[0])
            {
              chain_len = depth;
              for (xmlNode *n = anchor; n != NULL; n = n->parent)
                chain[--depth] = n;
              contextualize = TRUE;
            }
        }

      for (guint i = 0; i < ast->steps->len && nodes->len > 0; i++)
        {
          AstStep *step = ast->steps->pdata[i];
          GPtrArray *next = eval_step (step, nodes, &flat, frame, error);

          g_ptr_array_unref (nodes);
          if (next == NULL)
            return NULL;
          nodes = next;

          if (!contextualize)
            continue;
          if (step->axis != AXIS_CHILD || step->predicates != NULL || (int) i + 1 >= chain_len)
            {
              contextualize = FALSE;
              continue;
            }
          if (i + 1 < ast->steps->len && nodes->len > 1)
            for (guint j = 0; j < nodes->len; j++)
              if (nodes->pdata[j] == chain[i + 1])
                {
                  g_ptr_array_set_size (nodes, 1);
                  nodes->pdata[0] = chain[i + 1];
                  flat = TRUE;
                  break;
                }
        }
    }

  return vt_xpath_value_new_nodeset (nodes);
}

/* ------------------------------------------------------------------ */
/* Evaluation: operators                                               */

static gboolean
compare_numbers (AstOp  op,
                 double a,
                 double b)
{
  switch (op)
    {
    case OP_EQ: return a == b;
    case OP_NE: return a != b;
    case OP_LT: return a < b;
    case OP_LE: return a <= b;
    case OP_GT: return a > b;
    case OP_GE: return a >= b;
    default: g_assert_not_reached ();
    }
}

static AstOp
swap_op (AstOp op)
{
  switch (op)
    {
    case OP_LT: return OP_GT;
    case OP_LE: return OP_GE;
    case OP_GT: return OP_LT;
    case OP_GE: return OP_LE;
    default: return op;
    }
}

/* A node-set against a scalar: true when some node's value compares true. */
static gboolean
compare_nodeset_scalar (AstOp               op,
                        const VtXPathValue *set,
                        const VtXPathValue *other)
{
  if (other->type == VT_XPATH_VALUE_BOOLEAN)
    return compare_numbers (op, vt_xpath_value_to_boolean (set), other->boolean);

  for (guint i = 0; i < set->nodes->len; i++)
    {
      g_autofree char *owned = NULL;
      const char *s = vt_xpath_node_string_peek (set->nodes->pdata[i], &owned);
      gboolean result;

      if (other->type == VT_XPATH_VALUE_STRING && (op == OP_EQ || op == OP_NE))
        result = (strcmp (s, other->string) == 0) == (op == OP_EQ);
      else if (other->type == VT_XPATH_VALUE_STRING)
        result = compare_numbers (op, vt_xpath_string_to_number_odk (s),
                                  vt_xpath_string_to_number_odk (other->string));
      else
        result = compare_numbers (op, vt_xpath_string_to_number_odk (s), other->number);
      if (result)
        return TRUE;
    }
  return FALSE;
}

static gboolean
compare_nodesets (AstOp               op,
                  const VtXPathValue *a,
                  const VtXPathValue *b)
{
  if (a->nodes->len == 0 || b->nodes->len == 0)
    return FALSE;

  if (op == OP_EQ || op == OP_NE)
    {
      g_autoptr(GHashTable) left = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      const char *only = NULL;

      for (guint i = 0; i < a->nodes->len; i++)
        g_hash_table_add (left, vt_xpath_node_string_value (a->nodes->pdata[i]));
      if (g_hash_table_size (left) == 1)
        {
          GHashTableIter iter;

          g_hash_table_iter_init (&iter, left);
          g_hash_table_iter_next (&iter, (gpointer *) &only, NULL);
        }
      for (guint j = 0; j < b->nodes->len; j++)
        {
          g_autofree char *owned = NULL;
          const char *s = vt_xpath_node_string_peek (b->nodes->pdata[j], &owned);

          if (op == OP_EQ && g_hash_table_contains (left, s))
            return TRUE;
          if (op == OP_NE && (only == NULL || strcmp (only, s) != 0))
            return TRUE;
        }
      return FALSE;
    }
  else
    {
      /* Some a op some b: compare the extremes. */
      double a_min = INFINITY, a_max = -INFINITY, b_min = INFINITY, b_max = -INFINITY;
      gboolean a_any = FALSE, b_any = FALSE;

      for (guint i = 0; i < a->nodes->len; i++)
        {
          g_autofree char *owned = NULL;
          double n = vt_xpath_string_to_number_odk (vt_xpath_node_string_peek (a->nodes->pdata[i], &owned));

          if (!isnan (n))
            a_any = TRUE, a_min = MIN (a_min, n), a_max = MAX (a_max, n);
        }
      for (guint j = 0; j < b->nodes->len; j++)
        {
          g_autofree char *owned = NULL;
          double n = vt_xpath_string_to_number_odk (vt_xpath_node_string_peek (b->nodes->pdata[j], &owned));

          if (!isnan (n))
            b_any = TRUE, b_min = MIN (b_min, n), b_max = MAX (b_max, n);
        }
      if (!a_any || !b_any)
        return FALSE;
      if (op == OP_LT || op == OP_LE)
        return compare_numbers (op, a_min, b_max);
      return compare_numbers (op, a_max, b_min);
    }
}

static gboolean
compare_values (AstOp               op,
                const VtXPathValue *a,
                const VtXPathValue *b)
{
  if (a->type == VT_XPATH_VALUE_NODESET && b->type == VT_XPATH_VALUE_NODESET)
    return compare_nodesets (op, a, b);
  if (a->type == VT_XPATH_VALUE_NODESET)
    return compare_nodeset_scalar (op, a, b);
  if (b->type == VT_XPATH_VALUE_NODESET)
    return compare_nodeset_scalar (swap_op (op), b, a);

  if (op == OP_EQ || op == OP_NE)
    {
      if (a->type == VT_XPATH_VALUE_BOOLEAN || b->type == VT_XPATH_VALUE_BOOLEAN)
        return compare_numbers (op, vt_xpath_value_to_boolean (a), vt_xpath_value_to_boolean (b));
      if (a->type == VT_XPATH_VALUE_NUMBER || b->type == VT_XPATH_VALUE_NUMBER)
        return compare_numbers (op, vt_xpath_value_to_number_odk (a), vt_xpath_value_to_number_odk (b));
      return (strcmp (a->string, b->string) == 0) == (op == OP_EQ);
    }
  return compare_numbers (op, vt_xpath_value_to_number_odk (a), vt_xpath_value_to_number_odk (b));
}

static double
xpath_mod (double a,
           double b)
{
  /* XPath's mod truncates like C's fmod: 5 mod -2 = 1, -5 mod 2 = -1. */
  return fmod (a, b);
}

static VtXPathValue *
eval_binary (Ast          *ast,
             VtXPathFrame *frame,
             GError      **error)
{
  g_autoptr(VtXPathValue) left = NULL;
  g_autoptr(VtXPathValue) right = NULL;

  left = vt_xpath_eval_ast (ast->left, frame, error);
  if (left == NULL)
    return NULL;

  if (ast->op == OP_OR || ast->op == OP_AND)
    {
      gboolean l = vt_xpath_value_to_boolean (left);

      if (ast->op == OP_OR && l)
        return vt_xpath_value_new_boolean (TRUE);
      if (ast->op == OP_AND && !l)
        return vt_xpath_value_new_boolean (FALSE);
      right = vt_xpath_eval_ast (ast->right, frame, error);
      if (right == NULL)
        return NULL;
      return vt_xpath_value_new_boolean (vt_xpath_value_to_boolean (right));
    }

  right = vt_xpath_eval_ast (ast->right, frame, error);
  if (right == NULL)
    return NULL;

  switch (ast->op)
    {
    case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE:
      return vt_xpath_value_new_boolean (compare_values (ast->op, left, right));
    case OP_ADD:
      return vt_xpath_value_new_number (vt_xpath_value_to_number_odk (left) + vt_xpath_value_to_number_odk (right));
    case OP_SUB:
      return vt_xpath_value_new_number (vt_xpath_value_to_number_odk (left) - vt_xpath_value_to_number_odk (right));
    case OP_MUL:
      return vt_xpath_value_new_number (vt_xpath_value_to_number_odk (left) * vt_xpath_value_to_number_odk (right));
    case OP_DIV:
      return vt_xpath_value_new_number (vt_xpath_value_to_number_odk (left) / vt_xpath_value_to_number_odk (right));
    case OP_MOD:
      return vt_xpath_value_new_number (xpath_mod (vt_xpath_value_to_number_odk (left),
                                                   vt_xpath_value_to_number_odk (right)));
    case OP_UNION:
      if (left->type != VT_XPATH_VALUE_NODESET || right->type != VT_XPATH_VALUE_NODESET)
        {
          g_set_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_EVALUATION,
                       _("At character %d: “|” joins node-sets only"), ast->position);
          return NULL;
        }
      return vt_xpath_value_new_nodeset (merge_nodes (left->nodes, right->nodes));
    case OP_OR: case OP_AND: default:
      g_assert_not_reached ();
    }
}

VtXPathValue *
vt_xpath_eval_ast (Ast          *ast,
                   VtXPathFrame *frame,
                   GError      **error)
{
  switch (ast->kind)
    {
    case AST_NUMBER:
      return vt_xpath_value_new_number (ast->number);
    case AST_STRING:
      return vt_xpath_value_new_string (ast->string);
    case AST_NEGATE:
      {
        VtXPathValue *value = vt_xpath_eval_ast (ast->left, frame, error);
        double n;

        if (value == NULL)
          return NULL;
        n = vt_xpath_value_to_number_odk (value);
        vt_xpath_value_free (value);
        return vt_xpath_value_new_number (-n);
      }
    case AST_BINARY:
      return eval_binary (ast, frame, error);
    case AST_FUNCTION:
      return ast->function->impl (ast, frame, error);
    case AST_PATH:
      return eval_path (ast, frame, error);
    default:
      g_assert_not_reached ();
    }
}

/* ------------------------------------------------------------------ */
/* Argument helpers                                                    */

VtXPathValue *
vt_xpath_arg_value (Ast           *call,
                    guint          i,
                    VtXPathFrame  *frame,
                    GError       **error)
{
  g_assert (i < call->args->len);
  return vt_xpath_eval_ast (call->args->pdata[i], frame, error);
}

gboolean
vt_xpath_arg_string (Ast           *call,
                     guint          i,
                     VtXPathFrame  *frame,
                     char         **out,
                     GError       **error)
{
  VtXPathValue *value = vt_xpath_arg_value (call, i, frame, error);

  if (value == NULL)
    return FALSE;
  if (value->type == VT_XPATH_VALUE_STRING)
    *out = g_steal_pointer (&value->string);
  else
    *out = vt_xpath_value_to_string (value);
  vt_xpath_value_free (value);
  return TRUE;
}

gboolean
vt_xpath_arg_number (Ast           *call,
                     guint          i,
                     VtXPathFrame  *frame,
                     double        *out,
                     GError       **error)
{
  VtXPathValue *value = vt_xpath_arg_value (call, i, frame, error);

  if (value == NULL)
    return FALSE;
  *out = vt_xpath_value_to_number_odk (value);
  vt_xpath_value_free (value);
  return TRUE;
}

gboolean
vt_xpath_arg_boolean (Ast           *call,
                      guint          i,
                      VtXPathFrame  *frame,
                      gboolean      *out,
                      GError       **error)
{
  VtXPathValue *value = vt_xpath_arg_value (call, i, frame, error);

  if (value == NULL)
    return FALSE;
  *out = vt_xpath_value_to_boolean (value);
  vt_xpath_value_free (value);
  return TRUE;
}

VtXPathValue *
vt_xpath_arg_nodeset (Ast           *call,
                      guint          i,
                      VtXPathFrame  *frame,
                      GError       **error)
{
  VtXPathValue *value = vt_xpath_arg_value (call, i, frame, error);

  if (value != NULL && value->type != VT_XPATH_VALUE_NODESET)
    {
      g_set_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_ARGUMENTS,
                   _("At character %d: argument %u of %s() must be a node-set (a path)"),
                   call->position, i + 1, call->name);
      vt_xpath_value_free (value);
      return NULL;
    }
  return value;
}

/* ------------------------------------------------------------------ */
/* Public evaluation                                                   */

VtXPathValue *
vt_xpath_eval (VtXPathExpr           *expr,
               const VtXPathContext  *context,
               GError               **error)
{
  VtXPathFrame frame;

  g_return_val_if_fail (expr != NULL, NULL);
  g_return_val_if_fail (context != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  frame.context = context;
  frame.node = context->node;
  frame.position = context->position > 0 ? context->position : 1;
  frame.size = context->size > 0 ? context->size : 1;
  return vt_xpath_eval_ast (expr->root, &frame, error);
}

char *
vt_xpath_eval_string (VtXPathExpr           *expr,
                      const VtXPathContext  *context,
                      GError               **error)
{
  g_autoptr(VtXPathValue) value = vt_xpath_eval (expr, context, error);

  if (value == NULL)
    return NULL;
  return vt_xpath_value_to_string (value);
}

gboolean
vt_xpath_eval_boolean (VtXPathExpr           *expr,
                       const VtXPathContext  *context,
                       GError               **error)
{
  g_autoptr(VtXPathValue) value = vt_xpath_eval (expr, context, error);

  if (value == NULL)
    return FALSE;
  return vt_xpath_value_to_boolean (value);
}

double
vt_xpath_eval_number (VtXPathExpr           *expr,
                      const VtXPathContext  *context,
                      GError               **error)
{
  g_autoptr(VtXPathValue) value = vt_xpath_eval (expr, context, error);

  if (value == NULL)
    return NAN;
  return vt_xpath_value_to_number_odk (value);
}
