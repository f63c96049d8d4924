/* ODK Entities (getodk xforms-spec "Entities", versions 2022.1 to 2024.1):
 * entity lists as ODK Central serves them (CSV with name, label, __version
 * and one column per property), what a form declares (meta/entity and
 * entities:saveto), the create or update a submission carries, and the
 * kiosk's offline copy of a list (spec 2024.1: local creates and updates
 * applied at once, with __trunkVersion and __branchId columns).  No SQL
 * here: the local changes live in the store (vt-store.h). */
#pragma once

#include <glib.h>

#include "vt-store.h"

G_BEGIN_DECLS

#define VT_ENTITIES_ERROR (vt_entities_error_quark ())

typedef enum
{
  VT_ENTITIES_ERROR_CSV,           /* an entity list that is not one */
  VT_ENTITIES_ERROR_VERSION,       /* entities-version newer than the kiosk knows */
  VT_ENTITIES_ERROR_DECLARATION,   /* a meta/entity the specification does not allow */
  VT_ENTITIES_ERROR_MISSING_LIST,  /* the form names a list the kiosk does not have */
} VtEntitiesError;

/* The newest entities-version the kiosk processes; newer forms are refused,
 * as the specification asks. */
#define VT_ENTITIES_NEWEST_VERSION "2024.1"

/* ---- entity lists -------------------------------------------------------- */

typedef struct
{
  GPtrArray    *columns;   /* char *, the header */
  GPtrArray    *rows;      /* char ** (NULL-terminated, one per column), read only */
  GStringChunk *strings;   /* holds every field of rows: one block, not one
                            * allocation a field, for lists of 50,000 rows */
  char        **cells;     /* the rows point into it, one after the other */
  GHashTable   *by_name;   /* a row's name -> its number + 1 */
  int           name_column;
  int           label_column;
  int           version_column;   /* -1 when the list has none (before 2023.1) */
} VtEntityList;

GQuark        vt_entities_error_quark        (void);

/* TRUE when filename is a .csv whose header has Central's name, label and
 * __version columns: an entity list even where the manifest does not say. */
gboolean      vt_entities_csv_is_entity_list (const char    *filename,
                                              GBytes        *bytes);
/* A strict read: UTF-8, a header with name and label, every row as many
 * fields as the header, quotes closed, no two rows with one name. */
VtEntityList *vt_entity_list_parse           (GBytes        *csv,
                                              GError       **error);
GBytes       *vt_entity_list_to_csv          (VtEntityList  *list);
const char   *vt_entity_list_get             (VtEntityList  *list,
                                              guint          row,
                                              const char    *column);
void          vt_entity_list_free            (VtEntityList  *list);

/* ---- what a form declares ------------------------------------------------ */

typedef struct
{
  char       *spec_version;   /* entities:entities-version, e.g. "2024.1.0" */
  char       *dataset;        /* meta/entity/@dataset */
  GHashTable *saveto;         /* instance path ("/data/species") -> property name */
  GPtrArray  *lists;          /* char *: file names of the form's jr://file-csv/ instances */
} VtEntityForm;

/* NULL with no error when the form declares no entity.  Refuses (with an
 * error a clerk can act on) a version newer than VT_ENTITIES_NEWEST_VERSION. */
VtEntityForm *vt_entity_form_parse           (const char    *form_xml,
                                              GError       **error);
/* Spec 2024.1 or later: creates and updates are applied offline. */
gboolean      vt_entity_form_applies_offline (const VtEntityForm *self);
void          vt_entity_form_free            (VtEntityForm  *self);

/* ---- what a submission does ---------------------------------------------- */

typedef struct
{
  char       *dataset;
  char       *id;             /* without a "uuid:" prefix */
  char       *label;          /* NULL when the submission has none */
  gboolean    create;
  gboolean    update;
  gint64      base_version;   /* 0 when not a positive integer (spec) */
  char       *trunk_version;  /* "" when none */
  char       *branch_id;      /* "" when none */
  GHashTable *properties;     /* property name -> value */
} VtEntityAction;

/* The entity block of one submission of a form that declares one; NULL
 * without an error when the submission neither creates nor updates. */
VtEntityAction *vt_entity_action_from_submission (const VtEntityForm *form,
                                                  const char         *submission_xml,
                                                  GError            **error);
void          vt_entity_action_free          (VtEntityAction *self);

/* ---- the kiosk's offline copy -------------------------------------------- */

/* One entity as this kiosk has changed it, not yet in the server's list. */
typedef struct _VtLocalEntity VtLocalEntity;
struct _VtLocalEntity
{
  char       *dataset;
  char       *id;
  char       *label;
  gint64      version;        /* __version after the local change */
  gint64      trunk_version;  /* the server's version it branched from; 0: created here */
  char       *branch_id;
  GHashTable *properties;     /* property name -> value */
  char       *instance_id;    /* the last submission that changed it */
  gint64      changed_at;
};

/* The local entity after action: a create, or an update of base (the
 * local entity, or NULL when only the server's list has it: the columns
 * the update does not set then keep the server's values, see
 * vt_entities_overlay()).  Spec 2024.1: the version becomes baseVersion
 * + 1, on the branch and trunk the submission names. */
VtLocalEntity *vt_local_entity_apply         (const VtEntityAction *action,
                                              const VtLocalEntity  *base,
                                              const char           *instance_id,
                                              gint64                now);
/* The list a form sees: the server's rows with __trunkVersion and
 * __branchId (a fresh branch for each row the kiosk has not changed),
 * overlaid with the local entities (GPtrArray of VtLocalEntity *, may be
 * NULL).  Takes server_list (may be NULL) and returns it changed, so that
 * 50,000 rows are not copied.  superseded receives (may be NULL) the ids
 * of local entities the server's list now has at their version or later:
 * their changes are on the server, the local copy can go. */
VtEntityList *vt_entities_overlay            (VtEntityList  *server_list,
                                              GPtrArray     *local,
                                              GPtrArray     *superseded);
void          vt_local_entity_free           (VtLocalEntity *self);

/* ---- with the store -------------------------------------------------------- */


/* After a submission of form_xml is queued: when the form is spec 2024.1 or
 * later and the submission creates or updates an entity, the change is
 * applied to the kiosk's copy at once.  *applied says whether it was. */
gboolean      vt_entities_apply_submission   (VtStore       *store,
                                              const char    *form_xml,
                                              const char    *submission_xml,
                                              const char    *instance_id,
                                              gint64         now,
                                              gboolean      *applied,
                                              GError       **error);
/* The entity lists a stored form reads, by file name (VtEntityList *):
 * the server's, overlaid with this kiosk's local changes, or made of those
 * alone when the server has not sent the list yet (for
 * vt_form_load_data_with_lists(), which builds the form's instances from
 * these rows: each list is read and parsed once).  Local changes the
 * server's list now has are dropped from the store. */
GHashTable   *vt_entities_dup_form_lists     (VtStore       *store,
                                              VtStoreForm   *form,
                                              GError       **error);

/* ---- what the clerk sees (vt-entity-lists.c) ---------------------------- */

typedef struct
{
  char   *name;            /* "stalls.csv" */
  char   *dataset;         /* "stalls" */
  char   *forms;           /* titles of the active forms that read it, ", " between */
  guint   rows;            /* of the newest copy */
  char   *version;         /* the manifest's hash of that copy: Central's version tag */
  gint64  refreshed_at;    /* µs: last checked against the server, else stored */
  guint   local_changes;   /* entities created or updated here, not yet in the server's list */
  char   *problem;         /* the copy cannot be read: why; else NULL */
} VtEntityListInfo;

/* Every entity list among the active forms' media, by name. */
GPtrArray    *vt_entities_list_lists         (VtStore       *store,
                                              GError       **error);
/* The meta key whose value (µs, decimal) says when the server was last
 * asked about the list called name (the sync runner sets it). */
char         *vt_entity_list_checked_key     (const char    *name);
void          vt_entity_list_info_free       (VtEntityListInfo *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtEntityListInfo, vt_entity_list_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtEntityList, vt_entity_list_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtEntityForm, vt_entity_form_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtEntityAction, vt_entity_action_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtLocalEntity, vt_local_entity_free)

G_END_DECLS
