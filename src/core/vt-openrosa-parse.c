/* What OpenRosa servers answer, parsed: form lists, manifests,
 * OpenRosaResponse messages, Retry-After and HTTP dates; URLs made safe to
 * print; and the freeing of the types these give. */
#define G_LOG_DOMAIN "vt-openrosa"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <string.h>

#include "vt-openrosa-private.h"

/* ---- small parsers ---------------------------------------------------- */

char *
vt_openrosa_redact_url (const char *url)
{
  g_autoptr(GString) out = NULL;
  const char *key;
  const char *scheme_end;
  const char *at;
  const char *path;

  if (url == NULL)
    return g_strdup ("(none)");

  out = g_string_new (url);

  /* userinfo: scheme://user:pass@host */
  scheme_end = strstr (out->str, "://");
  if (scheme_end != NULL)
    {
      path = strchr (scheme_end + 3, '/');
      at = strchr (scheme_end + 3, '@');
      if (at != NULL && (path == NULL || at < path))
        {
          gsize start = scheme_end + 3 - out->str;
          g_string_erase (out, start, at + 1 - (out->str + start));
          g_string_insert (out, start, "…@");
        }
    }

  key = strstr (out->str, "/key/");
  if (key != NULL)
    {
      gsize start = key + 5 - out->str;
      const char *end = strchr (out->str + start, '/');
      gsize len = end != NULL ? (gsize) (end - (out->str + start)) : strlen (out->str + start);

      g_string_erase (out, start, len);
      g_string_insert (out, start, "…");
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const char *const month_names[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};
static const char *const day_names[] = {
  "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
};

/* An RFC 9110 date in English whatever the kiosk's locale. */
char *
vt_openrosa_http_date (GDateTime *dt)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (dt);

  return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d GMT",
                          day_names[g_date_time_get_day_of_week (utc) - 1],
                          g_date_time_get_day_of_month (utc),
                          month_names[g_date_time_get_month (utc) - 1],
                          g_date_time_get_year (utc),
                          g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc),
                          g_date_time_get_second (utc));
}

double
vt_openrosa_parse_retry_after (const char *value,
                               GDateTime  *now)
{
  g_autofree char *v = NULL;
  guint64 seconds;
  char day[4] = "", mon[4] = "";
  int d, y, h, mi, s;

  if (value == NULL)
    return -1;
  v = g_strstrip (g_strdup (value));
  if (v[0] == '\0')
    return -1;

  if (g_ascii_string_to_unsigned (v, 10, 0, G_MAXUINT32, &seconds, NULL))
    return (double) seconds;

  if (sscanf (v, "%3s, %d %3s %d %d:%d:%d GMT", day, &d, mon, &y, &h, &mi, &s) == 7)
    {
      for (int m = 0; m < 12; m++)
        if (g_ascii_strcasecmp (mon, month_names[m]) == 0)
          {
            g_autoptr(GDateTime) when = g_date_time_new_utc (y, m + 1, d, h, mi, s);
            g_autoptr(GDateTime) current = now != NULL ? g_date_time_ref (now)
                                                       : g_date_time_new_now_utc ();
            double delta;

            if (when == NULL)
              return -1;
            delta = g_date_time_difference (when, current) / (double) G_TIME_SPAN_SECOND;
            return MAX (delta, 0);
          }
    }

  return -1;
}

static xmlDoc *
read_xml (const char *xml,
          gsize       length)
{
  if (xml == NULL || length == 0 || length > G_MAXINT)
    return NULL;
  return xmlReadMemory (xml, (int) length, NULL, NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

/* Parses xml and returns its root element when it is called root_name,
 * with the document in *doc_out (the caller frees it); NULL otherwise. */
static xmlNode *
read_root (const char  *xml,
           gsize        length,
           const char  *root_name,
           xmlDoc     **doc_out)
{
  xmlDoc *doc = read_xml (xml, length);
  xmlNode *root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;

  if (root == NULL || !g_str_equal ((const char *) root->name, root_name))
    {
      if (doc != NULL)
        xmlFreeDoc (doc);
      *doc_out = NULL;
      return NULL;
    }
  *doc_out = doc;
  return root;
}

static char *
node_text (xmlNode *node)
{
  xmlChar *content = xmlNodeGetContent (node);
  char *text = g_strstrip (g_strdup (content != NULL ? (const char *) content : ""));

  xmlFree (content);
  return text;
}

static xmlNode *
child_named (xmlNode    *parent,
             const char *name)
{
  for (xmlNode *c = parent->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && g_str_equal ((const char *) c->name, name))
      return c;
  return NULL;
}

static char *
child_text (xmlNode    *parent,
            const char *name)
{
  xmlNode *c = child_named (parent, name);

  return c != NULL ? node_text (c) : NULL;
}

/* What vt_openrosa_parse_response_message() looks for, gathered with
 * GMarkup: every delivered submission's answer is parsed, and building a
 * libxml2 document for each costs several times more. */
typedef struct
{
  guint     depth;
  gboolean  is_openrosa;
  guint     message_depth;         /* of the <message> being read; 0 if none */
  gboolean  message_done;
  GString  *message;
} ResponseScan;

static const char *
local_name (const char *name)
{
  const char *colon = strrchr (name, ':');

  return colon != NULL ? colon + 1 : name;
}

static void
scan_start (GMarkupParseContext  *context,
            const char           *name,
            const char          **attribute_names,
            const char          **attribute_values,
            gpointer              data,
            GError              **error)
{
  ResponseScan *scan = data;
  const char *local = local_name (name);

  scan->depth++;
  if (scan->depth == 1)
    scan->is_openrosa = g_str_equal (local, "OpenRosaResponse");
  /* The root when it is <message>, otherwise the root's first <message>. */
  if (!scan->message_done && scan->message_depth == 0 && scan->depth <= 2 &&
      g_str_equal (local, "message"))
    scan->message_depth = scan->depth;
}

static void
scan_end (GMarkupParseContext  *context,
          const char           *name,
          gpointer              data,
          GError              **error)
{
  ResponseScan *scan = data;

  if (scan->depth == scan->message_depth)
    {
      scan->message_depth = 0;
      scan->message_done = TRUE;
    }
  scan->depth--;
}

static void
scan_text (GMarkupParseContext  *context,
           const char           *text,
           gsize                 length,
           gpointer              data,
           GError              **error)
{
  ResponseScan *scan = data;

  if (scan->message_depth > 0)
    g_string_append_len (scan->message, text, length);
}

static const GMarkupParser response_scanner = {
  .start_element = scan_start,
  .end_element = scan_end,
  .text = scan_text,
};

static char *
parse_response_with_libxml (const char *xml,
                            gsize       length,
                            gboolean   *is_openrosa)
{
  xmlDoc *doc = read_xml (xml, length);
  xmlNode *root;
  char *message = NULL;

  if (doc == NULL)
    return NULL;

  root = xmlDocGetRootElement (doc);
  if (root != NULL)
    {
      xmlNode *m;

      *is_openrosa = g_str_equal ((const char *) root->name, "OpenRosaResponse");
      m = g_str_equal ((const char *) root->name, "message") ? root : child_named (root, "message");
      if (m != NULL)
        message = node_text (m);
    }

  xmlFreeDoc (doc);
  return message;
}

char *
vt_openrosa_parse_response_message (const char *xml,
                                    gsize       length,
                                    gboolean   *is_openrosa)
{
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GString) message = g_string_new (NULL);
  ResponseScan scan = { .message = message };
  gboolean found = FALSE;

  if (is_openrosa == NULL)
    is_openrosa = &found;
  *is_openrosa = FALSE;
  if (xml == NULL || length == 0 || length > G_MAXSSIZE)
    return NULL;

  context = g_markup_parse_context_new (&response_scanner, G_MARKUP_TREAT_CDATA_AS_TEXT, &scan, NULL);
  if (!g_markup_parse_context_parse (context, xml, (gssize) length, NULL) ||
      !g_markup_parse_context_end_parse (context, NULL))
    {
      /* GMarkup reads UTF-8 only and no DTD; libxml2 decides for the
       * rest (a server that declares another encoding, say). */
      return parse_response_with_libxml (xml, length, is_openrosa);
    }

  *is_openrosa = scan.is_openrosa;
  if (!scan.message_done)
    return NULL;
  return g_strstrip (g_string_free (g_steal_pointer (&message), FALSE));
}

GPtrArray *
vt_openrosa_parse_form_list (const char  *xml,
                             gsize        length,
                             GError     **error)
{
  g_autoptr(GPtrArray) forms = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_openrosa_form_info_free);
  xmlDoc *doc;
  xmlNode *root = read_root (xml, length, "xforms", &doc);

  if (root == NULL)
    {
      g_set_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_NOT_OPENROSA,
                   _("The server's form list is not an OpenRosa form list; check the server address"));
      return NULL;
    }

  for (xmlNode *x = root->children; x != NULL; x = x->next)
    {
      VtOpenRosaFormInfo *info;

      if (x->type != XML_ELEMENT_NODE || !g_str_equal ((const char *) x->name, "xform"))
        continue;

      info = g_new0 (VtOpenRosaFormInfo, 1);
      info->form_id = child_text (x, "formID");
      info->name = child_text (x, "name");
      info->version = child_text (x, "version");
      info->hash = child_text (x, "hash");
      info->download_url = child_text (x, "downloadUrl");
      info->manifest_url = child_text (x, "manifestUrl");
      if (info->version == NULL)
        info->version = g_strdup ("");
      if (info->manifest_url != NULL && info->manifest_url[0] == '\0')
        g_clear_pointer (&info->manifest_url, g_free);

      if (info->form_id == NULL || info->form_id[0] == '\0' ||
          info->download_url == NULL || info->download_url[0] == '\0')
        {
          /* One broken entry must not hide the others. */
          g_debug ("Skipping a form list entry without formID or downloadUrl");
          vt_openrosa_form_info_free (info);
          continue;
        }
      g_ptr_array_add (forms, info);
    }

  xmlFreeDoc (doc);
  return g_steal_pointer (&forms);
}

GPtrArray *
vt_openrosa_parse_manifest (const char  *xml,
                            gsize        length,
                            GError     **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_openrosa_media_file_free);
  xmlDoc *doc;
  xmlNode *root = read_root (xml, length, "manifest", &doc);

  if (root == NULL)
    {
      g_set_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_PARSE,
                   _("The server's media manifest is not an OpenRosa manifest"));
      return NULL;
    }

  for (xmlNode *x = root->children; x != NULL; x = x->next)
    {
      VtOpenRosaMediaFile *file;

      if (x->type != XML_ELEMENT_NODE || !g_str_equal ((const char *) x->name, "mediaFile"))
        continue;

      file = g_new0 (VtOpenRosaMediaFile, 1);
      file->filename = child_text (x, "filename");
      file->hash = child_text (x, "hash");
      file->download_url = child_text (x, "downloadUrl");
      /* The name becomes a file the form refers to (jr://images/<name>). */
      if (!vt_attachment_name_is_valid (file->filename) ||
          file->download_url == NULL || file->download_url[0] == '\0')
        {
          vt_openrosa_media_file_free (file);
          xmlFreeDoc (doc);
          g_set_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_PARSE,
                       _("The server's media manifest names a file without a usable name or address"));
          return NULL;
        }
      g_ptr_array_add (files, file);
    }

  xmlFreeDoc (doc);
  return g_steal_pointer (&files);
}

/* ---- freeing ------------------------------------------------------------ */

void
vt_openrosa_reply_free (VtOpenRosaReply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->message);
  g_free (reply->response);
  g_free (reply);
}

void
vt_openrosa_form_info_free (VtOpenRosaFormInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->form_id);
  g_free (info->name);
  g_free (info->version);
  g_free (info->hash);
  g_free (info->download_url);
  g_free (info->manifest_url);
  g_free (info);
}

VtOpenRosaFormInfo *
vt_openrosa_form_info_copy (const VtOpenRosaFormInfo *info)
{
  VtOpenRosaFormInfo *copy = g_new0 (VtOpenRosaFormInfo, 1);

  copy->form_id = g_strdup (info->form_id);
  copy->name = g_strdup (info->name);
  copy->version = g_strdup (info->version);
  copy->hash = g_strdup (info->hash);
  copy->download_url = g_strdup (info->download_url);
  copy->manifest_url = g_strdup (info->manifest_url);
  return copy;
}

void
vt_openrosa_media_file_free (VtOpenRosaMediaFile *file)
{
  if (file == NULL)
    return;
  g_free (file->filename);
  g_free (file->hash);
  g_free (file->download_url);
  g_clear_pointer (&file->bytes, g_bytes_unref);
  g_free (file);
}

void
vt_openrosa_form_free (VtOpenRosaForm *form)
{
  if (form == NULL)
    return;
  vt_openrosa_form_info_free (form->info);
  g_clear_pointer (&form->xml, g_bytes_unref);
  g_clear_pointer (&form->media, g_ptr_array_unref);
  g_free (form);
}
