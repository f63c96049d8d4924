#pragma once

#include <libxml/tree.h>

#include "vt-form-private.h"
#include "vt-session.h"
#include "vt-submission.h"

G_BEGIN_DECLS

typedef struct _VtSessionOutline VtSessionOutline;

struct _VtSession
{
  VtForm      *form;
  char        *language;
  xmlDoc      *doc;             /* the primary instance being filled, no templates */
  GHashTable  *not_relevant;    /* xmlNode * whose own relevant is false */
  char        *instance_id;     /* "uuid:…", fixed for the session */
  GDateTime   *started;
  GDateTime   *now;             /* tests fix the clock; NULL = real time */
  GPtrArray   *attachments;     /* VtAttachment * */
  GTree       *pending;         /* order -> Pending *, the recompute work list */
  guint64      evaluations;
  gboolean     initializing;
  VtSessionOutline *outline;    /* which pages there are, NULL until asked again */
};

/* For tests only: called with a stopping session's instance after its
 * answers are overwritten, just before it is freed. */
typedef void (*VtSessionStopHook) (xmlDoc *doc);
extern VtSessionStopHook vt_session_stop_hook;

gboolean      vt_session_node_is_relevant   (VtSession    *self,
                                             xmlNode      *node);
xmlNode      *vt_session_resolve            (VtSession    *self,
                                             const char   *path);
GDateTime    *vt_session_dup_now            (VtSession    *self);
char         *vt_session_format_date_time   (GDateTime    *time);

/* ---- shared by vt-session.c, vt-session-repeat.c, vt-session-convert.c
 * and vt-session-pages.c ---- */

/* A strange form may not add more repeat instances than this. */
#define VT_SESSION_MAX_REPEAT_INSTANCES 1000

/* The work list of a recompute: which nodes of one computation to
 * evaluate, either every node of its path (all) or those under scopes. */
typedef struct
{
  VtComputation *comp;
  gboolean       all;
  GPtrArray     *scopes;        /* xmlNode * */
} VtSessionPending;

/* vt-session.c: the instance, its nodes and the recompute. */
char      *vt_session_node_value            (xmlNode     *node);
void       vt_session_collect_nodes         (xmlNode     *start,
                                             const char  *start_path,
                                             const char  *path,
                                             GPtrArray   *out);
xmlNode   *vt_session_doc_root              (VtSession   *self);
void       vt_session_forget_subtree        (VtSession   *self,
                                             xmlNode     *node);
gboolean   vt_session_eval_boolean          (VtSession   *self,
                                             VtXPathExpr *expr,
                                             xmlNode     *node,
                                             gboolean     fallback);
char      *vt_session_render_text           (VtSession   *self,
                                             VtTextDef   *def,
                                             xmlNode     *context,
                                             const char  *form);
char      *vt_session_render_spoken_text    (VtSession   *self,
                                             VtTextDef   *def,
                                             xmlNode     *context);
char      *vt_session_media_file            (VtSession   *self,
                                             const char  *itext_id,
                                             const char  *form);
GPtrArray *vt_session_control_choices       (VtSession   *self,
                                             VtControl   *control,
                                             xmlNode     *node);
void       vt_session_notify_subtree_change (VtSession   *self,
                                             const char  *path,
                                             xmlNode     *node,
                                             GPtrArray   *readers_under);
void       vt_session_queue_all             (VtSession   *self,
                                             GPtrArray   *computations,
                                             xmlNode     *scope);
void       vt_session_list_instances        (VtSession   *self,
                                             VtRepeatDef *def,
                                             xmlNode     *parent,
                                             GPtrArray   *out);
void       vt_session_process               (VtSession   *self);
void       vt_session_adopt_namespaces      (xmlNode     *node,
                                             xmlNode     *parent);
void       vt_session_apply_setvalues       (VtSession   *self,
                                             const char  *event,
                                             xmlNode     *scope,
                                             const char  *trigger_path);

/* vt-session.c, for vt-session-attachments.c: whether node has element
 * children (a group, not a field); node's text set to value, raw (never
 * parsed for entities; NULL or "" empties it); and the node at path
 * changed, so what reads it is queued. */
gboolean   vt_session_node_has_element_children (xmlNode    *node);
void       vt_session_set_node_value        (xmlNode     *node,
                                             const char  *value);
void       vt_session_notify_change         (VtSession   *self,
                                             const char  *path,
                                             xmlNode     *node);

/* vt-session-pages.c: the outline of the pages is walked again when the
 * instance's shape changes (a node's relevance, a repeat instance). */
void       vt_session_forget_pages          (VtSession   *self);

/* vt-session-repeat.c */
xmlNode *vt_session_add_instance    (VtSession   *self,
                                     VtRepeatDef *def,
                                     xmlNode     *parent);
void     vt_session_remove_instance (VtSession   *self,
                                     VtRepeatDef *def,
                                     xmlNode     *instance);

/* vt-session-convert.c */
VtDataType  vt_session_node_type   (VtSession   *self,
                                    const char  *generic,
                                    VtControl  **control_out);
gboolean    vt_session_is_readonly (VtSession   *self,
                                    xmlNode     *node,
                                    const char  *generic);
char       *vt_session_convert     (VtSession   *self,
                                    VtDataType   type,
                                    VtControl   *control,
                                    xmlNode     *node,
                                    const char  *path,
                                    const char  *input,
                                    GError     **error);

G_END_DECLS
