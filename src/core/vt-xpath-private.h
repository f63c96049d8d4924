#pragma once

#include "vt-xpath.h"

G_BEGIN_DECLS

/* Internals shared by vt-xpath.c (values, document order, evaluator),
 * vt-xpath-parse.c (lexer, parser), vt-xpath-refs.c (what an expression
 * reads) and vt-xpath-functions.c (the function library). */

/* Bounds on what an expression may grow to: forms come from outside. */
#define VT_XPATH_MAX_DEPTH   64      /* nested parentheses, calls, predicates */
#define VT_XPATH_MAX_TREE    1024    /* depth of the tree, e.g. a chain "1 + 1 + ..." */
#define VT_XPATH_MAX_CHAIN   256     /* instance depth considered for repeat contextualisation */
#define VT_XPATH_MAX_LENGTH  (64 * 1024)

typedef enum
{
  AST_NUMBER,
  AST_STRING,
  AST_BINARY,
  AST_NEGATE,
  AST_FUNCTION,
  AST_PATH,
} AstKind;

typedef enum
{
  OP_OR,
  OP_AND,
  OP_EQ,
  OP_NE,
  OP_LT,
  OP_LE,
  OP_GT,
  OP_GE,
  OP_ADD,
  OP_SUB,
  OP_MUL,
  OP_DIV,
  OP_MOD,
  OP_UNION,
} AstOp;

typedef enum
{
  AXIS_ANCESTOR,
  AXIS_ANCESTOR_OR_SELF,
  AXIS_ATTRIBUTE,
  AXIS_CHILD,
  AXIS_DESCENDANT,
  AXIS_DESCENDANT_OR_SELF,
  AXIS_FOLLOWING,
  AXIS_FOLLOWING_SIBLING,
  AXIS_NAMESPACE,
  AXIS_PARENT,
  AXIS_PRECEDING,
  AXIS_PRECEDING_SIBLING,
  AXIS_SELF,
} AstAxis;

typedef enum
{
  TEST_NAME,       /* local name, any namespace (lenient, as Enketo) */
  TEST_ANY,        /* * or prefix:* */
  TEST_NODE,
  TEST_TEXT,
  TEST_COMMENT,
  TEST_PI,
} AstTest;

typedef struct _Ast Ast;
typedef struct _VtXPathFunction VtXPathFunction;

typedef struct
{
  AstAxis    axis;
  AstTest    test;
  char      *prefix;
  char      *local;
  GPtrArray *predicates;      /* Ast *, may be NULL */
} AstStep;

struct _Ast
{
  AstKind    kind;
  int        position;        /* 1-based character position in the text */
  int        depth;           /* height of this subtree: evaluation recurses this deep */

  double     number;
  char      *string;

  AstOp      op;
  Ast       *left;
  Ast       *right;

  /* AST_FUNCTION */
  char                  *name;
  const VtXPathFunction *function;
  GPtrArray             *args;      /* Ast * */
  gpointer               cache;     /* per-call data the function prepared at compile time */
  GDestroyNotify         cache_free;

  /* AST_PATH: [filter predicates*] [/] step ('/' step)* */
  Ast       *filter;
  GPtrArray *filter_predicates;     /* Ast *, may be NULL */
  gboolean   absolute;
  GPtrArray *steps;                 /* AstStep *, may be NULL */
};

typedef struct
{
  const VtXPathContext *context;
  xmlNode              *node;
  int                   position;
  int                   size;
} VtXPathFrame;

typedef VtXPathValue *(*VtXPathFunctionImpl) (Ast           *call,
                                              VtXPathFrame  *frame,
                                              GError       **error);

/* Checks made when the expression is compiled (arguments that are literals
 * can be validated once, e.g. a regular expression). */
typedef gboolean (*VtXPathFunctionCheck) (Ast      *call,
                                          GError  **error);

struct _VtXPathFunction
{
  const char           *name;
  int                   min_args;
  int                   max_args;     /* -1: any number */
  VtXPathFunctionImpl   impl;
  VtXPathFunctionCheck  check;
  gboolean              reads_context; /* reads the context node when called without arguments */
};

const VtXPathFunction *vt_xpath_function_lookup   (const char *name);

VtXPathValue  *vt_xpath_eval_ast            (Ast                  *ast,
                                             VtXPathFrame         *frame,
                                             GError              **error);
VtXPathValue  *vt_xpath_value_new_nodeset   (GPtrArray            *nodes);   /* takes ownership */
VtXPathValue  *vt_xpath_value_new_string_take (char               *string);
char          *vt_xpath_node_string_value   (xmlNode              *node);
const char    *vt_xpath_node_string_peek    (xmlNode              *node,
                                             char                **owned);
double         vt_xpath_string_to_number    (const char           *string);
/* number() with ODK's extension: date and dateTime strings become days. */
double         vt_xpath_value_to_number_odk (const VtXPathValue   *value);
double         vt_xpath_string_to_number_odk (const char          *string);
int            vt_xpath_compare_document_order (xmlNode           *a,
                                                xmlNode           *b);
void           vt_xpath_sort_nodes          (GPtrArray            *nodes);
xmlNode       *vt_xpath_frame_root          (VtXPathFrame         *frame);

/* Argument helpers for the function library. */
VtXPathValue  *vt_xpath_arg_value           (Ast *call, guint i, VtXPathFrame *frame, GError **error);
gboolean       vt_xpath_arg_string          (Ast *call, guint i, VtXPathFrame *frame, char **out, GError **error);
gboolean       vt_xpath_arg_number          (Ast *call, guint i, VtXPathFrame *frame, double *out, GError **error);
gboolean       vt_xpath_arg_boolean         (Ast *call, guint i, VtXPathFrame *frame, gboolean *out, GError **error);
VtXPathValue  *vt_xpath_arg_nodeset         (Ast *call, guint i, VtXPathFrame *frame, GError **error);

/* Equality indexes (vt-xpath-index.c): the children of parent that step
 * names and its first predicate keeps, into out, when an index can say. */
typedef enum
{
  VT_XPATH_INDEX_NOT_USED,    /* scan; out untouched */
  VT_XPATH_INDEX_USED,        /* out holds them in document order */
  VT_XPATH_INDEX_ERROR,       /* error set */
} VtXPathIndexUse;

VtXPathIndexUse vt_xpath_index_filter       (AstStep              *step,
                                             xmlNode              *parent,
                                             VtXPathFrame         *frame,
                                             GPtrArray            *out,
                                             GError              **error);

/* Dates: days (with a fraction) since 1970-01-01 in local time, and back. */
GDateTime     *vt_xpath_now                 (const VtXPathContext *context);
char          *vt_xpath_days_to_date_time_string (double days);

struct _VtXPathExpr
{
  char *text;
  Ast  *root;
};

static inline gboolean
vt_xpath_is_xml_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* What a function of the library returns. */
typedef VtXPathValue *VtXPathResult;

static inline VtXPathResult
vt_xpath_string_result (char *string)
{
  return vt_xpath_value_new_string_take (string);
}

/* Fails a call to a function of the library: "name() at character N:
 * message".  Returns NULL, the failed result. */
VtXPathResult vt_xpath_call_error           (GError       **error,
                                             Ast           *call,
                                             const char    *message);
/* Each of argument i's string values, appended to out (a node-set gives
 * every node's value, as concat() and join() want). */
gboolean      vt_xpath_arg_strings          (Ast           *call,
                                             guint          i,
                                             VtXPathFrame  *frame,
                                             GPtrArray     *out,
                                             GError       **error);

/* The geography functions of the library (vt-xpath-geo.c). */
VtXPathResult vt_xpath_fn_distance          (Ast           *call,
                                             VtXPathFrame  *frame,
                                             GError       **error);
VtXPathResult vt_xpath_fn_area              (Ast           *call,
                                             VtXPathFrame  *frame,
                                             GError       **error);
VtXPathResult vt_xpath_fn_geofence          (Ast           *call,
                                             VtXPathFrame  *frame,
                                             GError       **error);

/* The date functions of the library (vt-xpath-dates.c). */
VtXPathResult vt_xpath_fn_today             (Ast           *call,
                                             VtXPathFrame  *frame,
                                             GError       **error);
VtXPathResult vt_xpath_fn_now               (Ast           *call,
                                             VtXPathFrame  *frame,
                                             GError       **error);
VtXPathResult vt_xpath_fn_date              (Ast           *call,
                                             VtXPathFrame  *frame,
                                             GError       **error);
VtXPathResult vt_xpath_fn_date_time         (Ast           *call,
                                             VtXPathFrame  *frame,
                                             GError       **error);
VtXPathResult vt_xpath_fn_decimal_date_time (Ast           *call,
                                             VtXPathFrame  *frame,
                                             GError       **error);
VtXPathResult vt_xpath_fn_decimal_time      (Ast           *call,
                                             VtXPathFrame  *frame,
                                             GError       **error);
VtXPathResult vt_xpath_fn_format_date       (Ast           *call,
                                             VtXPathFrame  *frame,
                                             GError       **error);

G_END_DECLS
