#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

/* XPath 1.0 with ODK's extensions, over libxml2 instance trees: what the
 * form, the session and ventanilla-ctl compile and evaluate.
 *
 * Semantics worth knowing when building on this module:
 * - Compile once (vt_xpath_compile), evaluate many times: evaluation never
 *   re-parses.  Compilation rejects syntax errors (message with the 1-based
 *   character position and what was expected), unknown functions, wrong
 *   argument counts, invalid literal regex()/digest() arguments.
 * - Name tests match local names: "orx:meta" matches <meta> in any
 *   namespace (lenient, as Enketo).  Function names are matched as written
 *   ("jr:itext", "vt:id-valid").
 * - "/" is the document node of context->primary; relative paths start at
 *   context->node (the document's root when NULL).
 * - As in JavaRosa and Enketo, an absolute path that passes through the
 *   repeat instance holding context->current (else context->node) means
 *   that instance: /data/member/age evaluated for /data/member[3]/x reads
 *   /data/member[3]/age; count(/data/member) still sees every instance.
 * - instance('id') returns the document node of the xmlDoc stored under
 *   "id" in context->instances, so instance('id')/root/item reads a
 *   document whose root element is <root>.  pulldata() reads the same docs.
 * - Dates are strings ("2026-08-07", "2026-08-07T06:31:13.834-03:00"); in
 *   arithmetic, relational comparisons, comparisons with numbers and
 *   number(), a date or dateTime string becomes days since 1970-01-01
 *   (local time, fraction = time of day).  today() and now() read
 *   context->now when set.
 * - Numbers print as XPath string(): "NaN", "Infinity", "-Infinity", no
 *   ".0", never an exponent.
 * - round() rounds half away from zero (ODK), on the decimal value.
 * - format-date()'s %b and %a follow context->locale (es, pt, fr, en).
 * - jr:itext(), jr:choice-name() (and pulldata() of an instance the
 *   context lacks) go to context->hook; without a hook they fail with
 *   VT_XPATH_ERROR_EVALUATION.
 * - Node-sets are in document order without duplicates, except the result
 *   of randomize() itself (a union or a step restores document order). */

#define VT_XPATH_ERROR (vt_xpath_error_quark ())

typedef enum
{
  VT_XPATH_ERROR_SYNTAX,            /* message includes the 1-based character position */
  VT_XPATH_ERROR_UNKNOWN_FUNCTION,
  VT_XPATH_ERROR_ARGUMENTS,         /* wrong number or kind of arguments */
  VT_XPATH_ERROR_EVALUATION,        /* e.g. instance('x') that does not exist */
  VT_XPATH_ERROR_TOO_DEEP,          /* nesting bound exceeded */
} VtXPathError;

typedef enum
{
  VT_XPATH_VALUE_NODESET,
  VT_XPATH_VALUE_BOOLEAN,
  VT_XPATH_VALUE_NUMBER,
  VT_XPATH_VALUE_STRING,
} VtXPathValueType;

typedef struct
{
  VtXPathValueType  type;
  gboolean          boolean;
  double            number;
  char             *string;
  GPtrArray        *nodes;           /* xmlNode *, document order, no duplicates */
} VtXPathValue;

typedef struct _VtXPathExpr VtXPathExpr;
typedef struct _VtXPathContext VtXPathContext;
typedef struct _VtXPathIndex VtXPathIndex;

/* Functions only the form can answer (jr:itext, jr:choice-name): the
 * evaluator calls this hook; return FALSE to say "not mine". */
typedef gboolean (*VtXPathFunctionHook) (const char              *name,   /* as written: "jr:choice-name" */
                                         GPtrArray               *args,   /* VtXPathValue * */
                                         const VtXPathContext    *context,
                                         VtXPathValue           **result,
                                         GError                 **error,
                                         gpointer                 user_data);

struct _VtXPathContext
{
  xmlNode              *node;        /* the context node */
  xmlNode              *current;     /* what current() returns; NULL = node */
  xmlDoc               *primary;     /* the primary instance: what "/" means */
  GHashTable           *instances;   /* instance id -> xmlDoc *, secondary instances */
  int                   position;    /* 1-based, for position() at top level */
  int                   size;
  GDateTime            *now;         /* NULL = the real clock (tests fix it) */
  VtXPathFunctionHook   hook;
  gpointer              hook_data;
  const char           *locale;      /* form language for format-date's %b and %a:
                                      * "es", "pt_BR", "fr", "en" ...; NULL or
                                      * another = English */
  VtXPathIndex         *index;       /* equality indexes over the secondary
                                      * instances; NULL = every predicate scans */
};

GQuark         vt_xpath_error_quark         (void);

VtXPathExpr   *vt_xpath_compile             (const char            *text,
                                             GError               **error);
void           vt_xpath_expr_free           (VtXPathExpr           *expr);
const char    *vt_xpath_expr_get_text       (VtXPathExpr           *expr);

/* Absolute paths, without predicates or positions, of every instance node
 * the expression can read, resolved against context_path (the bind's own
 * nodeset, also used for current()).  Paths into secondary instances are
 * left out.  The session builds its dependency graph from these.
 *
 * Details: segments are local names ("/data/meta/instanceID"), attributes
 * appear as "@name"; predicates in context_path are ignored.  A path also
 * stands for the subtree under it (an expression reading a group reads its
 * descendants' text); a step that cannot be followed by name (//, *,
 * descendant::, following::, ...) ends the path there, so "//x" gives "/".
 * A step with a predicate also reports the path up to it (the predicate
 * depends on which instances exist), and paths inside predicates resolve
 * against the step they filter.  Functions that read the context node
 * without arguments (string(), string-length(), normalize-space(),
 * number(), name(), local-name()) and once() report context_path.
 * Returns a new array of newly allocated strings, first-seen order. */
GPtrArray     *vt_xpath_expr_get_references (VtXPathExpr           *expr,
                                             const char            *context_path);

VtXPathValue  *vt_xpath_eval                (VtXPathExpr           *expr,
                                             const VtXPathContext  *context,
                                             GError               **error);
char          *vt_xpath_eval_string         (VtXPathExpr           *expr,
                                             const VtXPathContext  *context,
                                             GError               **error);
gboolean       vt_xpath_eval_boolean        (VtXPathExpr           *expr,
                                             const VtXPathContext  *context,
                                             GError               **error);
double         vt_xpath_eval_number         (VtXPathExpr           *expr,
                                             const VtXPathContext  *context,
                                             GError               **error);

/* Value helpers, XPath's string()/number()/boolean() conversions. */
VtXPathValue  *vt_xpath_value_new_string    (const char            *string);
VtXPathValue  *vt_xpath_value_new_number    (double                 number);
VtXPathValue  *vt_xpath_value_new_boolean   (gboolean               boolean);
void           vt_xpath_value_free          (VtXPathValue          *value);
char          *vt_xpath_value_to_string     (const VtXPathValue    *value);
double         vt_xpath_value_to_number     (const VtXPathValue    *value);
gboolean       vt_xpath_value_to_boolean    (const VtXPathValue    *value);
char          *vt_xpath_number_to_string    (double                 number);  /* "NaN", "Infinity", "2", "0.5" */

/* Dates, as ODK compares and adds them: days since 1970-01-01 (local). */
gboolean       vt_xpath_parse_date          (const char            *text,
                                             double                *days);
char          *vt_xpath_days_to_date_string (double                 days);  /* "2026-08-07", "" when not finite */

/* Equality indexes (vt-xpath-index.c): with context->index set, a predicate
 * [key = X] over the items of a secondary instance (key a child or
 * attribute of the item, X not reading the item: a literal, an absolute
 * path, current()/..., a function of those) finds the items by hash, built
 * once per list and key at the first such predicate.  The answers are the
 * scan's.  The secondary instances must not change, nor be freed, while
 * their index lives: a form's never change once it is loaded (a changed
 * list is a new form, with a new index).  The primary instance is never
 * indexed.  Thread-safe. */
VtXPathIndex  *vt_xpath_index_new           (void);
void           vt_xpath_index_free          (VtXPathIndex          *index);
guint          vt_xpath_index_get_builds    (VtXPathIndex          *index);  /* key indexes built so far */
/* A secondary instance built of rows (an entity list, vt-form-instances.c):
 * parent's element children are items (n_items, all named item_name), and
 * each has one child element a column, named names[c] (n_columns), whose
 * string-value is values[i * n_columns + c], the text node's own string (or
 * a static "").  The index then reads its keys there instead of walking
 * the items.  Takes items and values (g_free). */
void           vt_xpath_index_add_rows      (VtXPathIndex          *index,
                                             xmlNode               *parent,
                                             const char            *item_name,
                                             guint                  n_columns,
                                             const char * const    *names,
                                             xmlNode              **items,
                                             const char           **values,
                                             guint                  n_items);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtXPathExpr, vt_xpath_expr_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtXPathIndex, vt_xpath_index_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtXPathValue, vt_xpath_value_free)

G_END_DECLS
