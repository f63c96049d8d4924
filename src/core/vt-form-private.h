#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "vt-encryption.h"
#include "vt-form.h"
#include "vt-xpath.h"

G_BEGIN_DECLS

/* The parsed form, shared by vt-form.c, vt-session.c and vt-submission.c.
 * Everything here is built once at load and never changed afterwards, so a
 * VtForm can be shared by any number of sessions. */

/* One piece of a label: literal text or an <output value="…"/>. */
typedef struct
{
  char        *text;
  VtXPathExpr *expr;
} VtTextPart;

/* A label, hint or message: literal parts, an itext id, or (itemsets) an
 * expression evaluated against the item node. */
typedef struct
{
  GPtrArray   *parts;           /* VtTextPart *, or NULL */
  char        *itext_id;
  VtXPathExpr *ref;
} VtTextDef;

typedef struct
{
  char        *path;            /* generic absolute path: /data/member/age */
  VtDataType   type;
  char        *type_name;
  VtXPathExpr *required;
  VtXPathExpr *relevant;
  VtXPathExpr *constraint;
  VtXPathExpr *calculate;
  VtXPathExpr *readonly;
  gboolean     readonly_always;  /* readonly="true()": a note when it is an input */
  VtTextDef   *required_msg;
  VtTextDef   *constraint_msg;
  char        *preload;
  char        *preload_params;
  int          max_pixels;       /* orx:max-pixels; 0: pictures as they are */
} VtBind;

typedef struct
{
  char      *value;
  VtTextDef *label;
  char      *media_itext;       /* itext id whose "image" and "audio" forms are the choice's */
} VtItem;

typedef struct _VtControl VtControl;
struct _VtControl
{
  VtControlKind  kind;
  char          *element;       /* "input", "select1", "rank"… as written */
  char          *path;          /* generic absolute path; NULL for a group without ref */
  VtBind        *bind;          /* NULL when no bind names the node */
  VtTextDef     *label;
  VtTextDef     *hint;
  char          *appearance;
  GPtrArray     *items;         /* VtItem *, static choices */
  VtXPathExpr   *itemset;       /* itemset nodeset, evaluated with the question as current() */
  VtXPathExpr   *itemset_value;
  VtTextDef     *itemset_label;
  VtXPathExpr   *repeat_count;  /* jr:count */
  gboolean       no_add_remove;
  double         range_start;
  double         range_end;
  double         range_step;
  char          *mediatype;
  GPtrArray     *children;      /* VtControl *, groups and repeats */
  VtControl     *parent;
};

typedef enum
{
  VT_COMPUTE_RELEVANT,
  VT_COMPUTE_CALCULATE,
  VT_COMPUTE_COUNT,             /* a repeat's jr:count */
} VtComputeKind;

/* One node of the dependency graph: a relevant, calculate or jr:count
 * expression of one generic path. */
typedef struct
{
  VtComputeKind  kind;
  char          *path;
  VtXPathExpr   *expr;
  GPtrArray     *references;    /* char *, generic paths the expression reads */
  guint          order;         /* position in topological order */
  char          *local_repeat;  /* deepest repeat the node is in, when the expression
                                 * only reads inside its own repeat instance; else NULL */
  /* relevant only: what a change of relevance re-queues, found at load so
   * that the cost at run time follows the dependents. */
  GPtrArray     *inner;         /* VtComputation * on paths at or under path, but this one */
  GPtrArray     *readers_under; /* VtComputation * reading paths at or under path */
} VtComputation;

typedef struct
{
  char        *path;
  xmlNode     *template_node;   /* in the form's template document */
  VtControl   *control;
  GPtrArray   *sibling_order;   /* char *, names of the parent's children in the form */
  GPtrArray   *inner;           /* VtComputation * on paths at or under the repeat */
  GPtrArray   *readers_under;   /* VtComputation * reading paths at or under the repeat */
} VtRepeatDef;

typedef struct
{
  char        *event;           /* "odk-instance-first-load", "odk-new-repeat", "xforms-value-changed" */
  char        *path;            /* the node set */
  char        *trigger_path;    /* xforms-value-changed: the control it sits in */
  VtXPathExpr *value;           /* NULL: the literal */
  char        *literal;
  gboolean     geopoint;        /* odk:setgeopoint: the kiosk's location */
} VtSetvalue;

struct _VtForm
{
  gint         ref_count;
  char        *display_name;
  char        *dir;             /* where media and external instances are looked for */
  GHashTable  *media_files;     /* CSV instances built first from here: name -> VtEntityList *, or NULL */
  char        *xml;
  gsize        xml_length;
  char        *id;
  char        *version;
  char        *title;
  char        *root_name;

  xmlDoc      *instance;        /* the primary instance as written, templates included */
  xmlDoc      *templates;       /* one clean template per repeat */
  GHashTable  *secondary;       /* id -> xmlDoc * */
  VtXPathIndex *xpath_index;    /* equality indexes over secondary, which never change */
  GHashTable  *generic_paths;   /* every generic path in the primary instance */

  GHashTable  *binds;           /* path -> VtBind * */
  GPtrArray   *bind_list;       /* VtBind *, document order */
  VtControl   *body;            /* a group holding the body's controls */
  GHashTable  *controls;        /* path -> VtControl *, questions only */
  GHashTable  *repeats;         /* path -> VtRepeatDef * */
  guint        n_controls;

  GPtrArray   *computations;    /* VtComputation *, topological order */
  GHashTable  *readers;         /* path -> GPtrArray of VtComputation * reading it */
  GPtrArray   *setvalues;       /* VtSetvalue * */
  GPtrArray   *warnings;        /* char *, NULL-terminated: what was ignored at load */

  GPtrArray   *languages;       /* char *, default first, NULL-terminated */
  char        *default_language;
  GHashTable  *itext;           /* language -> (id "\x1f" form -> GPtrArray of VtTextPart) */
  GPtrArray   *media;           /* char *, NULL-terminated */
  GHashTable  *missing_media;   /* file names already logged as missing */
  GMutex       missing_lock;    /* forms are shared between threads */

  /* <submission base64RsaPublicKey>: NULL for a form that is not encrypted. */
  char            *public_key;
  VtEncryptionKey *encryption_key;  /* parsed and checked at load */
};

/* Helpers shared with the session. */
char          *vt_form_node_generic_path    (xmlNode      *node);
char          *vt_form_node_path            (VtForm       *form,
                                             xmlNode      *node);   /* with [n] positions */
GPtrArray     *vt_form_lookup_itext         (VtForm       *self,
                                             const char   *language,
                                             const char   *id,
                                             const char   *form);
const char    *vt_form_node_name            (xmlNode      *node);   /* prefix:name */
gboolean       vt_form_is_repeat_path       (VtForm       *self,
                                             const char   *path);
const char    *vt_form_enclosing_repeat     (VtForm       *self,
                                             const char   *path);    /* deepest repeat at or above path */

/* ---- shared by vt-form.c, vt-form-instances.c, vt-form-body.c and
 * vt-form-graph.c: the state of one load, and the parser's helpers ---- */

typedef struct
{
  VtForm     *form;
  xmlDoc     *doc;
  GError     *error;
  GHashTable *bind_ids;      /* bind id -> path */
  GHashTable *local_paths;   /* path without prefixes -> path as in the instance */
} VtFormLoader;

/* vt-form.c: reading the XML, errors, expressions, freeing. */
gboolean     vt_form_is_element        (xmlNode       *node,
                                        const char    *name);
char        *vt_form_get_attr          (xmlNode       *node,
                                        const char    *name);
char        *vt_form_get_jr_attr       (xmlNode       *node,
                                        const char    *name);
char        *vt_form_node_text         (xmlNode       *node);
char        *vt_form_resolve_path      (const char    *base,
                                        const char    *ref);
gboolean     vt_form_path_is_under     (const char    *path,
                                        const char    *ancestor);
void         vt_form_set_error         (VtFormLoader  *loader,
                                        int            code,
                                        const char    *format,
                                        ...) G_GNUC_PRINTF (3, 4);
void         vt_form_add_warning       (VtFormLoader  *loader,
                                        const char    *format,
                                        ...) G_GNUC_PRINTF (2, 3);
VtXPathExpr *vt_form_compile           (VtFormLoader  *loader,
                                        const char    *text,
                                        const char    *where);
void         vt_text_def_free          (VtTextDef     *def);
void         vt_form_expr_clear        (VtXPathExpr  **expr);
void         vt_item_free              (gpointer       data);
void         vt_control_free           (gpointer       data);
void         vt_computation_free       (gpointer       data);
VtTextDef   *vt_form_parse_text_def    (VtFormLoader  *loader,
                                        xmlNode       *node,
                                        const char    *where);
void         vt_form_add_media         (VtForm        *self,
                                        const char    *uri);
gboolean     vt_form_is_constant_true  (const char    *text);
gboolean     vt_form_parse_setvalue    (VtFormLoader  *loader,
                                        xmlNode       *node,
                                        const char    *context_path,
                                        const char    *trigger_path);

/* vt-form-instances.c */
void  vt_form_collect_generic_paths (GHashTable   *paths,
                                     xmlNode      *node);
char *vt_form_strip_prefixes        (const char   *path);
char *vt_form_canonical_path        (VtFormLoader *loader,
                                     char         *path);
void  vt_form_parse_instances       (VtFormLoader *loader,
                                     xmlNode      *model);

/* vt-form-body.c */
void vt_form_parse_children  (VtFormLoader *loader,
                              xmlNode      *node,
                              VtControl    *parent,
                              const char   *context_path,
                              guint         depth);
void vt_form_build_templates (VtFormLoader *loader);

/* vt-form-graph.c */
void vt_form_build_graph (VtFormLoader *loader);

G_END_DECLS
