#pragma once

#include <libxml/tree.h>

#include "vt-form-private.h"
#include "vt-session.h"
#include "vt-submission.h"

G_BEGIN_DECLS

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
};

gboolean      vt_session_node_is_relevant   (VtSession    *self,
                                             xmlNode      *node);
xmlNode      *vt_session_resolve            (VtSession    *self,
                                             const char   *path);
GDateTime    *vt_session_dup_now            (VtSession    *self);
char         *vt_session_format_date_time   (GDateTime    *time);

G_END_DECLS
