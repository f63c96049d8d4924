/* The store's part of ODK Entities: entities created or updated on this
 * kiosk, kept until the server's list has them (vt-entities.h). */
#define G_LOG_DOMAIN "vt-store"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "vt-entities.h"
#include "vt-store-private.h"

static char *
properties_to_json (GHashTable *properties)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) names = g_hash_table_get_keys (properties);

  names = g_list_sort (names, (GCompareFunc) g_strcmp0);
  json_builder_begin_object (builder);
  for (GList *l = names; l != NULL; l = l->next)
    {
      json_builder_set_member_name (builder, l->data);
      json_builder_add_string_value (builder, g_hash_table_lookup (properties, l->data));
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static GHashTable *
properties_from_json (const char *json)
{
  GHashTable *properties = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(JsonNode) root = json != NULL ? json_from_string (json, NULL) : NULL;
  JsonObject *object;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return properties;
  object = json_node_get_object (root);
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
      g_hash_table_insert (properties, g_strdup (name), g_strdup (json_node_get_string (value)));
  return properties;
}

gboolean
vt_store_put_local_entity (VtStore              *self,
                           const VtLocalEntity  *entity,
                           GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *json = NULL;

  g_return_val_if_fail (self != NULL && entity != NULL, FALSE);

  json = properties_to_json (entity->properties);
  stmt = vt_store_prepare (self,
                           "INSERT OR REPLACE INTO local_entities (dataset, id, label, version, trunk_version, "
                           "  branch_id, properties, instance_id, changed_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, entity->dataset);
  bind_text (stmt, 2, entity->id);
  bind_text (stmt, 3, entity->label != NULL ? entity->label : "");
  sqlite3_bind_int64 (stmt, 4, entity->version);
  sqlite3_bind_int64 (stmt, 5, entity->trunk_version);
  bind_text (stmt, 6, entity->branch_id != NULL ? entity->branch_id : "");
  bind_text (stmt, 7, json);
  bind_text (stmt, 8, entity->instance_id);
  sqlite3_bind_int64 (stmt, 9, entity->changed_at);
  return vt_store_step_done (self, stmt, N_("keeping an entity changed on this kiosk"), error);
}

static VtLocalEntity *
entity_from_row (sqlite3_stmt *stmt)
{
  VtLocalEntity *entity = g_new0 (VtLocalEntity, 1);
  g_autofree char *json = column_text (stmt, 6);

  entity->dataset = column_text (stmt, 0);
  entity->id = column_text (stmt, 1);
  entity->label = column_text (stmt, 2);
  entity->version = sqlite3_column_int64 (stmt, 3);
  entity->trunk_version = sqlite3_column_int64 (stmt, 4);
  entity->branch_id = column_text (stmt, 5);
  entity->properties = properties_from_json (json);
  entity->instance_id = column_text (stmt, 7);
  entity->changed_at = sqlite3_column_int64 (stmt, 8);
  return entity;
}

#define ENTITY_COLUMNS "dataset, id, label, version, trunk_version, branch_id, properties, instance_id, changed_at"

VtLocalEntity *
vt_store_get_local_entity (VtStore     *self,
                           const char  *dataset,
                           const char  *id,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL && dataset != NULL && id != NULL, NULL);

  stmt = vt_store_prepare (self, "SELECT " ENTITY_COLUMNS " FROM local_entities WHERE dataset = ?1 AND id = ?2", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, dataset);
  bind_text (stmt, 2, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return entity_from_row (stmt);
  if (rc != SQLITE_DONE)
    vt_store_set_error_last (self, error, _("reading the entities changed on this kiosk"));
  return NULL;
}

GPtrArray *
vt_store_list_local_entities (VtStore     *self,
                              const char  *dataset,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_local_entity_free);
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = vt_store_prepare (self, "SELECT " ENTITY_COLUMNS " FROM local_entities "
                                 "WHERE ?1 IS NULL OR dataset = ?1 ORDER BY changed_at, dataset, id", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, dataset);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, entity_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      vt_store_set_error_last (self, error, _("reading the entities changed on this kiosk"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

gboolean
vt_store_drop_local_entities (VtStore     *self,
                              const char  *dataset,
                              GPtrArray   *ids,
                              GError     **error)
{
  g_return_val_if_fail (self != NULL && dataset != NULL && ids != NULL, FALSE);

  if (ids->len == 0)
    return TRUE;
  if (!vt_store_begin_immediate (self, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(sqlite3_stmt) stmt = vt_store_prepare (self, "DELETE FROM local_entities WHERE dataset = ?1 AND id = ?2",
                                                       error);

      if (stmt == NULL)
        goto fail;
      bind_text (stmt, 1, dataset);
      bind_text (stmt, 2, g_ptr_array_index (ids, i));
      if (!vt_store_step_done (self, stmt, N_("forgetting entities the server has now"), error))
        goto fail;
    }
  return vt_store_commit (self, error);

fail:
  vt_store_rollback (self);
  return FALSE;
}
