/* A field-office bundle and the store: the unsent submissions exported
 * into a bundle, and a bundle's applications imported, each checked
 * (docs/BUNDLES.md). */
#define G_LOG_DOMAIN "vt-bundle"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <string.h>

#include "vt-bundle-private.h"

/* ------------------------------------------------------ through the store */

static char *
format_usec (gint64 usec)
{
  g_autoptr(GDateTime) dt = NULL;

  if (usec <= 0)
    return NULL;
  dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

static gint64
parse_iso_usec (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL)
    return 0;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  return dt != NULL ? g_date_time_to_unix (dt) * G_USEC_PER_SEC : 0;
}

VtBundle *
vt_bundle_new_from_store (VtStore     *store,
                          const char  *origin,
                          GError     **error)
{
  g_autoptr(VtBundle) bundle = vt_bundle_new (origin, NULL);
  g_autoptr(GPtrArray) infos = NULL;

  g_return_val_if_fail (store != NULL, NULL);

  infos = vt_store_list_submissions (store,
                                     VT_STORE_STATE_MASK (VT_STORE_STATE_QUEUED)
                                     | VT_STORE_STATE_MASK (VT_STORE_STATE_SENDING),
                                     0, error);
  if (infos == NULL)
    return NULL;

  for (guint i = 0; i < infos->len; i++)
    {
      VtStoreSubmissionInfo *info = g_ptr_array_index (infos, i);
      g_autoptr(VtStoreItem) stored = vt_store_get_item (store, info->instance_id, error);
      g_autoptr(VtReceipt) receipt = NULL;
      g_autoptr(GBytes) xml = NULL;
      g_autofree char *created = NULL;
      VtBundleItem *item;

      if (stored == NULL)
        return NULL;
      if (stored->xml == NULL)
        continue;                 /* purged: nothing left to carry */

      /* A receipt is not essential to carry the application. */
      receipt = vt_store_get_receipt_for (store, info->instance_id, NULL);

      xml = g_bytes_new (stored->xml, strlen (stored->xml));
      created = format_usec (info->created_at);
      item = vt_bundle_item_new (stored->instance_id, stored->form_id, stored->form_version, created, xml);
      if (receipt != NULL)
        {
          item->reference_code = g_strdup (receipt->reference_code);
          item->service_title = g_strdup (receipt->service_title);
          item->language = g_strdup (receipt->language);
          item->assisted_by = g_strdup (receipt->assisted_by);
        }
      else
        {
          item->reference_code = g_strdup (info->reference_code);
          item->service_title = g_strdup (info->service_title);
          item->assisted_by = g_strdup (info->assisted_by);
        }

      for (guint j = 0; stored->attachments != NULL && j < stored->attachments->len; j++)
        {
          VtAttachment *att = g_ptr_array_index (stored->attachments, j);
          g_autoptr(GBytes) bytes = vt_attachment_read_all (att, error);

          if (bytes == NULL)
            {
              vt_bundle_item_free (item);
              return NULL;
            }
          g_ptr_array_add (item->attachments, vt_bundle_file_new (att->name, att->content_type, bytes));
        }
      g_ptr_array_add (bundle->items, item);
    }

  return g_steal_pointer (&bundle);
}

char *
vt_bundle_export (VtStore       *store,
                  const char    *origin,
                  const char    *dir,
                  const char    *actor,
                  VtBundleKeys  *keys,
                  guint         *n_exported,
                  GError       **error)
{
  g_autoptr(VtBundle) bundle = NULL;
  g_autoptr(GError) log_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (dir != NULL, NULL);

  bundle = vt_bundle_new_from_store (store, origin, error);
  if (bundle == NULL)
    return NULL;

  path = vt_bundle_write_to_dir (bundle, dir, keys, error);
  if (path == NULL)
    return NULL;

  if (n_exported != NULL)
    *n_exported = bundle->items->len;

  /* The bundle is on the drive: a log that cannot be written (a full disk)
   * must not hide that, so a logging failure is only reported. */
  base = g_path_get_basename (path);
  for (guint i = 0; i < bundle->items->len && log_error == NULL; i++)
    {
      VtBundleItem *item = g_ptr_array_index (bundle->items, i);
      vt_store_add_event (store, item->instance_id, "exported", actor, base, &log_error);
    }
  detail = g_strdup_printf ("%u applications to %s", bundle->items->len, path);
  if (log_error == NULL)
    vt_store_add_event (store, NULL, "bundle-exported", actor, detail, &log_error);
  if (log_error != NULL)
    g_message ("The export to %s was not recorded in the event log: %s", path, log_error->message);

  return g_steal_pointer (&path);
}

/* Signed by a kiosk this machine trusts, or accepted by the clerk. */
static gboolean
check_trust (VtBundle             *bundle,
             const char           *display,
             VtBundleImportFlags   flags,
             GError              **error)
{
  if (bundle->signer_kiosk != NULL || (flags & VT_BUNDLE_IMPORT_ACCEPT_UNSIGNED) != 0)
    return TRUE;
  if (bundle->signer_key == NULL)
    g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_UNSIGNED,
                 _("The bundle “%s” is not signed, so nothing proves which kiosk made it or that nobody "
                   "changed it on the way. Nothing was imported. If you know where it comes from, import "
                   "it again and accept that (ventanilla-ctl import --accept-unsigned)."), display);
  else
    g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_UNTRUSTED,
                 _("The bundle “%s” was signed by a kiosk this machine does not trust (its key is %s). "
                   "Nothing was imported. If that kiosk is one of yours, add the line that “ventanilla-ctl "
                   "bundle public-key” prints on it to the file [bundle] trusted-kiosks names, or accept "
                   "it this once (ventanilla-ctl import --accept-unsigned)."), display, bundle->signer_key);
  return FALSE;
}

static xmlNode *
element_child (xmlNode    *parent,
               const char *name)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && g_str_equal ((const char *) child->name, name))
      return child;
  return NULL;
}

static void
free_doc (xmlDoc *doc)
{
  if (doc != NULL)
    xmlFreeDoc (doc);
}
typedef xmlDoc VtXmlDoc;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtXmlDoc, free_doc)

static gboolean
attribute_is (xmlNode    *node,
              const char *name,
              const char *expected)
{
  g_autofree xmlChar *value = xmlGetProp (node, (const xmlChar *) name);

  return value != NULL && g_strcmp0 ((const char *) value, expected) == 0;
}

/* An application as this kiosk writes it (plain or encrypted): well-formed
 * XML with no DTD, its root naming the manifest's form (id, version) and
 * its meta/instanceID the manifest's; and a form this machine has, so a
 * bundle cannot queue just anything under this machine's account. */
static gboolean
check_application (VtStore      *store,
                   GHashTable   *known_forms,
                   VtBundleItem *item,
                   const char   *xml,
                   gsize         xml_len,
                   const char   *display,
                   GError      **error)
{
  g_autoptr(VtXmlDoc) doc = NULL;
  const char *version = item->form_version != NULL ? item->form_version : "";
  g_autofree char *key = g_strdup_printf ("%s\n%s", item->form_id, version);
  xmlNode *root = NULL;
  xmlNode *meta = NULL;
  xmlNode *id = NULL;
  gboolean matches = FALSE;

  if (xml_len <= G_MAXINT)
    doc = xmlReadMemory (xml, (int) xml_len, NULL, "UTF-8",
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL || doc->intSubset != NULL || (root = xmlDocGetRootElement (doc)) == NULL)
    {
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_DAMAGED,
                   _("The bundle “%s” is damaged (the application %s is not well-formed XML). Nothing was "
                     "imported. Export a new bundle on the kiosk that made it and import that one."),
                   display, item->instance_id);
      return FALSE;
    }

  meta = element_child (root, "meta");
  id = meta != NULL ? element_child (meta, "instanceID") : NULL;
  if (id != NULL)
    {
      g_autofree xmlChar *text = xmlNodeGetContent (id);
      matches = text != NULL && g_str_equal ((const char *) text, item->instance_id);
    }
  if (!matches || !attribute_is (root, "id", item->form_id)
      || (xmlHasProp (root, (const xmlChar *) "version") != NULL && !attribute_is (root, "version", version)))
    {
      g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_DAMAGED,
                   _("The bundle “%s” is damaged (the application %s is not an application of the form "
                     "“%s” that its list names). Nothing was imported. Export a new bundle on the kiosk "
                     "that made it and import that one."),
                   display, item->instance_id, item->form_id);
      return FALSE;
    }

  if (!g_hash_table_contains (known_forms, key))
    {
      g_autoptr(VtStoreForm) form = NULL;
      g_autoptr(GError) local_error = NULL;

      form = vt_store_get_form (store, item->form_id, version, &local_error);
      if (form == NULL)
        {
          if (!g_error_matches (local_error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_UNKNOWN_FORM,
                       _("The bundle “%s” holds the application %s of the form “%s” (version “%s”), which "
                         "this machine does not have. Nothing was imported. Bring this machine's forms up "
                         "to date (ventanilla-ctl sync --once), then import the bundle again."),
                       display, item->instance_id, item->form_id, version);
          return FALSE;
        }
      g_hash_table_add (known_forms, g_steal_pointer (&key));
    }
  return TRUE;
}

gboolean
vt_bundle_import (VtStore              *store,
                  const char           *path,
                  const char           *actor,
                  VtBundleKeys         *keys,
                  VtBundleImportFlags   flags,
                  VtBundle            **opened,
                  guint                *n_added,
                  guint                *n_present,
                  GError              **error)
{
  g_autoptr(VtBundle) bundle = NULL;
  g_autoptr(GPtrArray) submissions = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_submission_free);
  g_autoptr(GArray) options = g_array_new (FALSE, TRUE, sizeof (VtStoreEnqueueOptions));
  g_autoptr(GHashTable) known_forms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *display = NULL;
  g_autofree char *base = NULL;
  g_autofree char *detail = NULL;
  guint added = 0;
  guint present = 0;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  bundle = vt_bundle_load (path, keys, error);
  if (bundle == NULL)
    return FALSE;
  display = g_filename_display_name (path);
  if (!check_trust (bundle, display, flags, error))
    return FALSE;

  for (guint i = 0; i < bundle->items->len; i++)
    {
      VtBundleItem *item = g_ptr_array_index (bundle->items, i);
      VtSubmission *submission = g_new0 (VtSubmission, 1);
      VtStoreEnqueueOptions opts = { 0 };
      gsize xml_len = 0;
      const char *xml = g_bytes_get_data (item->xml, &xml_len);

      /* The XML becomes a C string: it must hold no NUL and be UTF-8. */
      if (xml_len == 0 || memchr (xml, '\0', xml_len) != NULL || !g_utf8_validate (xml, (gssize) xml_len, NULL))
        {
          g_free (submission);
          g_set_error (error, VT_BUNDLE_ERROR, VT_BUNDLE_ERROR_DAMAGED,
                       _("The bundle “%s” is damaged (an application is not UTF-8 XML). Nothing was imported. "
                         "Export a new bundle on the kiosk that made it and import that one."),
                       display);
          return FALSE;
        }
      if (!check_application (store, known_forms, item, xml, xml_len, display, error))
        {
          g_free (submission);
          return FALSE;
        }

      submission->instance_id = g_strdup (item->instance_id);
      submission->form_id = g_strdup (item->form_id);
      submission->form_version = g_strdup (item->form_version);
      submission->xml = g_strndup (xml, xml_len);
      submission->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_attachment_free);
      for (guint j = 0; j < item->attachments->len; j++)
        {
          VtBundleFile *file = g_ptr_array_index (item->attachments, j);

          g_ptr_array_add (submission->attachments,
                           vt_attachment_new (file->name, file->content_type, file->bytes));
        }
      g_ptr_array_add (submissions, submission);

      /* The strings stay owned by bundle, which outlives the call. */
      opts.service_title = item->service_title != NULL ? item->service_title : item->form_id;
      opts.language = item->language;
      opts.assisted_by = item->assisted_by;
      opts.actor = actor;
      opts.reference_code = item->reference_code;
      opts.created_at = parse_iso_usec (item->created);
      g_array_append_val (options, opts);
    }

  if (!vt_store_import (store, submissions, (const VtStoreEnqueueOptions *) options->data,
                        &added, &present, error))
    return FALSE;

  base = g_path_get_basename (path);
  detail = g_strdup_printf ("%s from %s, %s: %u added, %u already present", base,
                            bundle->origin[0] != '\0' ? bundle->origin : "?",
                            bundle->signer_kiosk != NULL ? bundle->signer_kiosk
                            : bundle->signer_key != NULL ? "signed by an untrusted kiosk, accepted"
                            : "unsigned, accepted", added, present);
  {
    g_autoptr(GError) log_error = NULL;
    if (!vt_store_add_event (store, NULL, "bundle-imported", actor, detail, &log_error))
      g_message ("The import of %s was not recorded in the event log: %s", display, log_error->message);
  }

  if (n_added != NULL)
    *n_added = added;
  if (n_present != NULL)
    *n_present = present;
  if (opened != NULL)
    *opened = g_steal_pointer (&bundle);
  return TRUE;
}
