#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

/* XPath 1.0 with ODK's extensions, over libxml2 instance trees.  The owner
 * of this module may extend this header; these names are what the session
 * module and ventanilla-ctl rely on. */

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
};

GQuark         vt_xpath_error_quark         (void);

VtXPathExpr   *vt_xpath_compile             (const char            *text,
                                             GError               **error);
void           vt_xpath_expr_free           (VtXPathExpr           *expr);
const char    *vt_xpath_expr_get_text       (VtXPathExpr           *expr);

/* Absolute paths, without predicates or positions, of every instance node
 * the expression can read, resolved against context_path (the bind's own
 * nodeset, also used for current()).  Paths into secondary instances are
 * left out.  The session builds its dependency graph from these. */
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtXPathExpr, vt_xpath_expr_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtXPathValue, vt_xpath_value_free)

G_END_DECLS
