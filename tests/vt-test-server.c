#define G_LOG_DOMAIN "vt-test-server"

#include "config.h"

#include <libsoup/soup.h>
#include <openssl/evp.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <sqlite3.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/socket.h>

#include "vt-test-server.h"

struct _VtTestServer
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;

  GMutex        lock;        /* guards everything below */
  GCond         cond;
  gboolean      ready;
  GError       *start_error;

  sqlite3      *db;
  char         *forms_dir;
  char         *username;
  char         *password;
  gboolean      digest;
  char         *token;
  gboolean      tls;
  char         *tls_dir;
  char         *ca_file;
  guint         port;
  char         *origin;      /* http://127.0.0.1:N */
  char         *url;         /* origin + base path */
  char         *base_path;   /* /v1/projects/1 or /v1/key/<token>/projects/1 */
  GRand        *rand;
  double        fault_share;
  guint         faults;
  guint         stall_ms;
  guint         slow_ms;
  VtTestMode    mode;
  gboolean      digest_attachments;
  guint         accept_length;
  gboolean      up;
  GHashTable   *counts;      /* char * → GUINT */
  char         *files_url;   /* where the form list and manifests say files are; NULL: url */
  char         *redirect_origin;  /* GET forms/… answers 302 to this origin; NULL: no */
  gboolean      no_media_hashes;  /* manifests leave out each file's hash */
};

static void
count (VtTestServer *self,
       const char   *what)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, what));

  g_hash_table_insert (self->counts, g_strdup (what), GUINT_TO_POINTER (n + 1));
}

static const char *
openrosa_response (const char *message)
{
  static GPrivate buf = G_PRIVATE_INIT (g_free);
  char *text = g_markup_printf_escaped ("<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\" items=\"0\">"
                                        "<message nature=\"\">%s</message></OpenRosaResponse>",
                                        message);

  g_private_replace (&buf, text);
  return text;
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         const char        *body)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "X-OpenRosa-Version", "1.0");
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
respond_message (SoupServerMessage *msg,
                 guint              status,
                 const char        *message)
{
  respond (msg, status, "text/xml; charset=utf-8", openrosa_response (message));
}

static void
reset_connection (SoupServerMessage *msg)
{
  GIOStream *stream = soup_server_message_steal_connection (msg);

  if (stream != NULL)
    {
      /* An abortive close: the client sees a reset, not a clean end. */
      GSocket *socket = G_IS_SOCKET_CONNECTION (stream)
        ? g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream)) : NULL;

      if (socket != NULL)
        {
          struct linger l = { 1, 0 };
          setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &l, sizeof l);
        }
      g_io_stream_close (stream, NULL, NULL);
      g_object_unref (stream);
    }
}

/* ---- forms ---------------------------------------------------------------- */

typedef struct
{
  char *file;
  char *id;
  char *version;
  char *title;
  char *hash;
  char *media_dir;
} FormFile;

static void
form_file_free (FormFile *f)
{
  g_free (f->file);
  g_free (f->id);
  g_free (f->version);
  g_free (f->title);
  g_free (f->hash);
  g_free (f->media_dir);
  g_free (f);
}

static xmlNode *
find_element (xmlNode    *node,
              const char *name)
{
  for (xmlNode *n = node; n != NULL; n = n->next)
    {
      xmlNode *found;

      if (n->type == XML_ELEMENT_NODE && g_str_equal ((const char *) n->name, name))
        return n;
      if ((found = find_element (n->children, name)) != NULL)
        return found;
    }
  return NULL;
}

static char *
md5_of_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_MD5, (const guchar *) contents, length);
}

static GPtrArray *
scan_forms (VtTestServer *self)
{
  GPtrArray *forms = g_ptr_array_new_with_free_func ((GDestroyNotify) form_file_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (self->forms_dir == NULL || (dir = g_dir_open (self->forms_dir, 0, NULL)) == NULL)
    return forms;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *stem = NULL;
      xmlDoc *doc;
      xmlNode *instance, *data, *title;
      FormFile *f;

      if (!g_str_has_suffix (name, ".xml"))
        continue;
      path = g_build_filename (self->forms_dir, name, NULL);
      doc = xmlReadFile (path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
      if (doc == NULL)
        continue;
      instance = find_element (xmlDocGetRootElement (doc), "instance");
      data = instance != NULL ? instance->children : NULL;
      while (data != NULL && data->type != XML_ELEMENT_NODE)
        data = data->next;
      if (data == NULL || !xmlHasProp (data, (const xmlChar *) "id"))
        {
          xmlFreeDoc (doc);
          continue;
        }

      f = g_new0 (FormFile, 1);
      f->file = g_strdup (path);
      {
        xmlChar *id = xmlGetProp (data, (const xmlChar *) "id");
        xmlChar *version = xmlGetProp (data, (const xmlChar *) "version");
        f->id = g_strdup ((const char *) id);
        f->version = g_strdup (version != NULL ? (const char *) version : "");
        xmlFree (id);
        xmlFree (version);
      }
      title = find_element (xmlDocGetRootElement (doc), "title");
      if (title != NULL)
        {
          xmlChar *t = xmlNodeGetContent (title);
          f->title = g_strdup ((const char *) t);
          xmlFree (t);
        }
      else
        f->title = g_strdup (f->id);
      f->hash = md5_of_file (path);
      stem = g_strndup (name, strlen (name) - 4);
      f->media_dir = g_strdup_printf ("%s/%s-media", self->forms_dir, stem);
      if (!g_file_test (f->media_dir, G_FILE_TEST_IS_DIR))
        g_clear_pointer (&f->media_dir, g_free);
      xmlFreeDoc (doc);
      g_ptr_array_add (forms, f);
    }

  return forms;
}

/* Where the form list and the manifests say files are. */
static char *
dup_files_url (VtTestServer *self)
{
  char *url;

  g_mutex_lock (&self->lock);
  url = g_strdup (self->files_url != NULL ? self->files_url : self->url);
  g_mutex_unlock (&self->lock);
  return url;
}

static void
serve_form_list (VtTestServer      *self,
                 SoupServerMessage *msg)
{
  g_autoptr(GPtrArray) forms = scan_forms (self);
  g_autofree char *files_url = dup_files_url (self);
  g_autoptr(GString) out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                         "<xforms xmlns=\"http://openrosa.org/xforms/xformsList\">\n");

  for (guint i = 0; i < forms->len; i++)
    {
      FormFile *f = g_ptr_array_index (forms, i);
      g_autofree char *entry = g_markup_printf_escaped (
        "<xform><formID>%s</formID><name>%s</name><version>%s</version><hash>md5:%s</hash>"
        "<downloadUrl>%s/forms/%s.xml</downloadUrl>",
        f->id, f->title, f->version, f->hash, files_url, f->id);

      g_string_append (out, entry);
      if (f->media_dir != NULL)
        g_string_append_printf (out, "<manifestUrl>%s/forms/%s/manifest</manifestUrl>", files_url, f->id);
      g_string_append (out, "</xform>\n");
    }
  g_string_append (out, "</xforms>\n");
  respond (msg, 200, "text/xml; charset=utf-8", out->str);
}

static FormFile *
find_form (GPtrArray  *forms,
           const char *id)
{
  for (guint i = 0; i < forms->len; i++)
    {
      FormFile *f = g_ptr_array_index (forms, i);
      if (g_str_equal (f->id, id))
        return f;
    }
  return NULL;
}

static void
serve_file (SoupServerMessage *msg,
            const char        *path,
            const char        *type)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    {
      respond_message (msg, 404, "Not found");
      return;
    }
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "X-OpenRosa-Version", "1.0");
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_TAKE, g_steal_pointer (&contents), length);
}

static void
serve_forms (VtTestServer      *self,
             SoupServerMessage *msg,
             const char        *rest)
{
  g_autoptr(GPtrArray) forms = scan_forms (self);
  g_auto(GStrv) parts = g_strsplit (rest, "/", 4);
  FormFile *f;

  if (parts[0] == NULL)
    {
      respond_message (msg, 404, "Not found");
      return;
    }

  if (parts[1] == NULL && g_str_has_suffix (parts[0], ".xml"))
    {
      g_autofree char *id = g_strndup (parts[0], strlen (parts[0]) - 4);
      f = find_form (forms, id);
      if (f == NULL)
        respond_message (msg, 404, "Not found");
      else
        serve_file (msg, f->file, "text/xml");
      return;
    }

  f = find_form (forms, parts[0]);
  if (f == NULL || f->media_dir == NULL || parts[1] == NULL)
    {
      respond_message (msg, 404, "Not found");
      return;
    }

  if (g_str_equal (parts[1], "manifest") && parts[2] == NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (f->media_dir, 0, NULL);
      g_autoptr(GString) out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                             "<manifest xmlns=\"http://openrosa.org/xforms/xformsManifest\">\n");
      g_autofree char *files_url = dup_files_url (self);
      gboolean hashes;
      const char *name;

      g_mutex_lock (&self->lock);
      hashes = !self->no_media_hashes;
      g_mutex_unlock (&self->lock);

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (f->media_dir, name, NULL);
          g_autofree char *md5 = md5_of_file (path);
          g_autofree char *file = g_markup_printf_escaped ("<mediaFile><filename>%s</filename>", name);
          g_autofree char *hash = g_markup_printf_escaped ("<hash>md5:%s</hash>", md5);
          g_autofree char *where = g_markup_printf_escaped ("<downloadUrl>%s/forms/%s/media/%s</downloadUrl></mediaFile>\n",
                                                            files_url, f->id, name);

          g_string_append (out, file);
          if (hashes)
            g_string_append (out, hash);
          g_string_append (out, where);
        }
      g_string_append (out, "</manifest>\n");
      respond (msg, 200, "text/xml; charset=utf-8", out->str);
      return;
    }

  if (g_str_equal (parts[1], "media") && parts[2] != NULL && parts[3] == NULL &&
      strchr (parts[2], '/') == NULL && !g_str_equal (parts[2], ".."))
    {
      g_autofree char *path = g_build_filename (f->media_dir, parts[2], NULL);
      serve_file (msg, path, "application/octet-stream");
      return;
    }

  respond_message (msg, 404, "Not found");
}

/* ---- submissions ------------------------------------------------------------ */

static char *
instance_id_of (GBytes *xml)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (xml, &size);
  xmlDoc *doc = xmlReadMemory (data, (int) size, NULL, NULL,
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  xmlNode *node;
  char *id = NULL;

  if (doc == NULL)
    return NULL;
  node = find_element (xmlDocGetRootElement (doc), "instanceID");
  if (node != NULL)
    {
      xmlChar *content = xmlNodeGetContent (node);
      id = g_strstrip (g_strdup ((const char *) content));
      xmlFree (content);
    }
  xmlFreeDoc (doc);
  return id;
}

typedef enum
{
  STORE_NEW,
  STORE_DUPLICATE,
  STORE_CONFLICT,
  STORE_BAD,
} StoreResult;

/* OpenSSL's SHA-256: GChecksum's would make the server the slowest part of
 * a benchmark that posts gigabytes. */
static char *
sha256_hex (GBytes *bytes)
{
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  gsize size = 0;
  const void *data = g_bytes_get_data (bytes, &size);
  GString *hex = g_string_sized_new (64);

  EVP_Digest (data != NULL ? data : "", size, digest, &length, EVP_sha256 (), NULL);
  for (unsigned int i = 0; i < length; i++)
    g_string_append_printf (hex, "%02x", digest[i]);
  return g_string_free (hex, FALSE);
}

static StoreResult
store_submission (VtTestServer       *self,
                  SoupServerMessage  *msg,
                  char              **message)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  SoupMultipart *multipart = soup_multipart_new_from_message (headers, body);
  g_autoptr(GBytes) xml = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) blobs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  StoreResult result;
  sqlite3_stmt *stmt = NULL;

  if (multipart == NULL)
    {
      *message = g_strdup ("The request is not multipart/form-data.");
      return STORE_BAD;
    }

  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *part_headers;
      GBytes *part_body;
      GHashTable *params = NULL;
      const char *name;

      soup_multipart_get_part (multipart, i, &part_headers, &part_body);
      if (!soup_message_headers_get_content_disposition (part_headers, NULL, &params))
        continue;
      name = g_hash_table_lookup (params, "name");
      if (name != NULL && g_str_equal (name, "xml_submission_file"))
        {
          g_clear_pointer (&xml, g_bytes_unref);
          xml = g_bytes_ref (part_body);
        }
      else if (name != NULL)
        {
          g_ptr_array_add (names, g_strdup (name));
          g_ptr_array_add (blobs, g_bytes_ref (part_body));
        }
      g_hash_table_destroy (params);
    }
  soup_multipart_free (multipart);

  if (xml == NULL || (id = instance_id_of (xml)) == NULL || id[0] == '\0')
    {
      *message = g_strdup ("A submission needs an xml_submission_file part with meta/instanceID.");
      return STORE_BAD;
    }

  g_mutex_lock (&self->lock);
  /* The submission, its attachments and its answer together, even when
   * the server is killed in between. */
  sqlite3_exec (self->db, "BEGIN", NULL, NULL, NULL);
  sqlite3_prepare_v2 (self->db, "SELECT xml FROM submissions WHERE instance_id = ?", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const void *old = sqlite3_column_blob (stmt, 0);
      gsize old_len = sqlite3_column_bytes (stmt, 0);

      if (old_len == g_bytes_get_size (xml) && memcmp (old, g_bytes_get_data (xml, NULL), old_len) == 0)
        result = STORE_DUPLICATE;
      else
        result = STORE_CONFLICT;
    }
  else
    {
      sqlite3_stmt *ins = NULL;

      sqlite3_prepare_v2 (self->db, "INSERT INTO submissions (instance_id, xml, received_at) VALUES (?, ?, ?)",
                          -1, &ins, NULL);
      sqlite3_bind_text (ins, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_blob (ins, 2, g_bytes_get_data (xml, NULL), (int) g_bytes_get_size (xml), SQLITE_TRANSIENT);
      sqlite3_bind_int64 (ins, 3, g_get_real_time ());
      g_assert_cmpint (sqlite3_step (ins), ==, SQLITE_DONE);
      sqlite3_finalize (ins);
      result = STORE_NEW;
    }
  sqlite3_finalize (stmt);

  /* Every submission that reached the store, and what it was, kept with
   * what was received: a soak kills this server and counts afterwards. */
  {
    static const char * const results[] = { "new", "duplicate", "conflict" };
    sqlite3_stmt *log = NULL;

    sqlite3_prepare_v2 (self->db, "INSERT INTO answers (instance_id, result) VALUES (?, ?)", -1, &log, NULL);
    sqlite3_bind_text (log, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (log, 2, results[result], -1, SQLITE_STATIC);
    sqlite3_step (log);
    sqlite3_finalize (log);
  }

  if (result != STORE_CONFLICT)
    {
      for (guint i = 0; i < names->len; i++)
        {
          sqlite3_stmt *ins = NULL;
          GBytes *b = g_ptr_array_index (blobs, i);
          g_autofree char *digest = self->digest_attachments ? sha256_hex (b) : NULL;

          sqlite3_prepare_v2 (self->db, "INSERT OR IGNORE INTO attachments (instance_id, name, bytes) VALUES (?, ?, ?)",
                              -1, &ins, NULL);
          sqlite3_bind_text (ins, 1, id, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (ins, 2, g_ptr_array_index (names, i), -1, SQLITE_TRANSIENT);
          if (digest != NULL)
            sqlite3_bind_text (ins, 3, digest, -1, SQLITE_TRANSIENT);
          else
            sqlite3_bind_blob (ins, 3, g_bytes_get_data (b, NULL), (int) g_bytes_get_size (b), SQLITE_TRANSIENT);
          sqlite3_step (ins);
          sqlite3_finalize (ins);
        }
    }
  sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  g_mutex_unlock (&self->lock);

  if (result == STORE_CONFLICT)
    *message = g_strdup ("A submission already exists with this ID, but with different XML. "
                         "Resubmissions to attach additional multimedia must resubmit an identical xml_submission_file.");
  else
    *message = g_strdup ("full submission upload was successful!");
  return result;
}

static void
answer_submission (VtTestServer      *self,
                   SoupServerMessage *msg)
{
  g_autofree char *message = NULL;
  StoreResult result = store_submission (self, msg, &message);

  g_mutex_lock (&self->lock);
  switch (result)
    {
    case STORE_NEW:
    case STORE_DUPLICATE:
      count (self, "201");
      if (result == STORE_DUPLICATE)
        count (self, "duplicates");
      g_mutex_unlock (&self->lock);
      if (self->mode == VT_TEST_MODE_OVERSIZED)
        {
          g_autoptr(GString) big = g_string_new (openrosa_response (message));
          while (big->len < 3 * 1024 * 1024)
            g_string_append (big, "<!-- padding padding padding padding padding padding padding -->\n");
          respond (msg, 201, "text/xml", big->str);
          return;
        }
      respond_message (msg, 201, message);
      return;
    case STORE_CONFLICT:
      count (self, "409");
      g_mutex_unlock (&self->lock);
      respond_message (msg, 409, message);
      return;
    case STORE_BAD:
    default:
      count (self, "400");
      g_mutex_unlock (&self->lock);
      respond_message (msg, 400, message);
      return;
    }
}

typedef struct
{
  VtTestServer      *self;
  SoupServerMessage *msg;
  gboolean           store;
} Delayed;

static gboolean
delayed_cb (gpointer data)
{
  Delayed *d = data;

  if (d->store)
    answer_submission (d->self, d->msg);
  else
    respond_message (d->msg, 500, "late");
  soup_server_message_unpause (d->msg);
  return G_SOURCE_REMOVE;
}

static void
delayed_free (gpointer data)
{
  Delayed *d = data;

  g_object_unref (d->msg);
  g_free (d);
}

static void
delay_answer (VtTestServer      *self,
              SoupServerMessage *msg,
              guint              ms)
{
  Delayed *d = g_new0 (Delayed, 1);
  GSource *source = g_timeout_source_new (ms);

  d->self = self;
  d->msg = g_object_ref (msg);
  d->store = TRUE;
  soup_server_message_pause (msg);
  g_source_set_callback (source, delayed_cb, d, delayed_free);
  g_source_attach (source, self->context);
  g_source_unref (source);
}

static guint
pick_fault (VtTestServer *self)
{
  guint kinds[16];
  guint n = 0;

  if (self->faults == 0 || g_rand_double (self->rand) >= self->fault_share)
    return 0;
  for (guint bit = 0; bit < 16; bit++)
    if (self->faults & (1u << bit))
      kinds[n++] = 1u << bit;
  return n > 0 ? kinds[g_rand_int_range (self->rand, 0, n)] : 0;
}

/* Strips the base path and checks the caller's right to it.  Returns the
 * rest of the path ("formList", "submission", "forms/…"), or NULL when the
 * message has been answered already. */
static const char *
route (VtTestServer      *self,
       SoupServerMessage *msg)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));

  if (g_str_has_prefix (path, self->base_path) && path[strlen (self->base_path)] == '/')
    return path + strlen (self->base_path) + 1;

  if (g_str_has_prefix (path, "/v1/key/"))
    {
      /* Another token: Central answers 401. */
      respond_message (msg, 401, "Could not authenticate with the provided credentials.");
      return NULL;
    }

  respond_message (msg, 404, "Not found");
  return NULL;
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  VtTestServer *self = data;
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *rest;
  VtTestMode mode;
  guint fault = 0;
  guint stall_ms, slow_ms;

  g_mutex_lock (&self->lock);
  mode = self->mode;
  stall_ms = self->stall_ms;
  slow_ms = self->slow_ms;
  g_mutex_unlock (&self->lock);

  if (mode == VT_TEST_MODE_CAPTIVE)
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        "<html><body>Welcome! Please log in to use the Wi-Fi.</body></html>", 65);
      return;
    }

  if (soup_message_headers_get_one (headers, "X-OpenRosa-Version") == NULL)
    {
      g_mutex_lock (&self->lock);
      count (self, "400");
      g_mutex_unlock (&self->lock);
      respond (msg, 400, "text/xml",
               "<message nature=\"error\">An expected header field (X-OpenRosa-Version) did not match the expected format (got: [nothing]).</message>");
      return;
    }

  g_mutex_lock (&self->lock);
  count (self, "requests");
  if (soup_message_headers_get_one (headers, "Authorization") != NULL)
    count (self, "authorization");
  g_mutex_unlock (&self->lock);

  /* OpenRosa asks every request to carry a Date; count the ones without. */
  if (soup_message_headers_get_one (headers, "Date") == NULL)
    {
      g_mutex_lock (&self->lock);
      count (self, "no-date");
      g_mutex_unlock (&self->lock);
    }

  rest = route (self, msg);
  if (rest == NULL)
    return;

  if (g_str_equal (rest, "formList") && g_str_equal (method, "GET"))
    {
      if (mode == VT_TEST_MODE_OVERSIZED)
        {
          g_autoptr(GString) big = g_string_new ("<xforms xmlns=\"http://openrosa.org/xforms/xformsList\">");
          while (big->len < 12 * 1024 * 1024)
            g_string_append (big, "<!-- padding padding padding padding padding padding padding -->\n");
          g_string_append (big, "</xforms>");
          respond (msg, 200, "text/xml", big->str);
          return;
        }
      serve_form_list (self, msg);
      return;
    }

  if (g_str_has_prefix (rest, "forms/") && g_str_equal (method, "GET"))
    {
      g_autofree char *redirect = NULL;

      g_mutex_lock (&self->lock);
      if (self->redirect_origin != NULL)
        redirect = g_strconcat (self->redirect_origin, path, NULL);
      g_mutex_unlock (&self->lock);
      if (redirect != NULL)
        {
          soup_server_message_set_redirect (msg, 302, redirect);
          return;
        }
      serve_forms (self, msg, rest + strlen ("forms/"));
      return;
    }

  if (!g_str_equal (rest, "submission"))
    {
      respond_message (msg, 404, "Not found");
      return;
    }

  if (g_str_equal (method, "HEAD") || g_str_equal (method, "GET"))
    {
      g_autofree char *accept = NULL;

      g_mutex_lock (&self->lock);
      count (self, "heads");
      accept = g_strdup_printf ("%u", self->accept_length);
      g_mutex_unlock (&self->lock);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "X-OpenRosa-Accept-Content-Length", accept);
      respond (msg, 204, NULL, NULL);
      return;
    }

  if (!g_str_equal (method, "POST"))
    {
      respond_message (msg, 405, "Method not allowed");
      return;
    }

  g_mutex_lock (&self->lock);
  count (self, "posts");
  fault = pick_fault (self);
  if (fault != 0)
    count (self, "faults");
  g_mutex_unlock (&self->lock);

  if (mode == VT_TEST_MODE_REJECT_ALL)
    {
      respond_message (msg, 400, "This form does not accept submissions.");
      return;
    }

  switch (fault)
    {
    case VT_TEST_FAULT_500:
      respond (msg, 500, "text/plain", "Internal Server Error");
      return;
    case VT_TEST_FAULT_503_RETRY_AFTER:
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
      respond (msg, 503, "text/plain", "Service Unavailable");
      return;
    case VT_TEST_FAULT_429:
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "0");
      respond (msg, 429, "text/plain", "Too Many Requests");
      return;
    case VT_TEST_FAULT_401:
      respond_message (msg, 401, "Could not authenticate with the provided credentials.");
      return;
    case VT_TEST_FAULT_RESET_BEFORE_BODY:
      reset_connection (msg);
      return;
    case VT_TEST_FAULT_RESET_AFTER_STORE:
      {
        g_autofree char *message = NULL;
        store_submission (self, msg, &message);
        reset_connection (msg);
        return;
      }
    case VT_TEST_FAULT_STALL:
      delay_answer (self, msg, stall_ms);
      return;
    case VT_TEST_FAULT_SLOW:
      delay_answer (self, msg, slow_ms);
      return;
    default:
      answer_submission (self, msg);
      return;
    }
}

static gboolean
basic_auth_cb (SoupAuthDomain    *domain,
               SoupServerMessage *msg,
               const char        *username,
               const char        *password,
               gpointer           data)
{
  VtTestServer *self = data;

  return g_strcmp0 (username, self->username) == 0 && g_strcmp0 (password, self->password) == 0;
}

static char *
digest_auth_cb (SoupAuthDomain    *domain,
                SoupServerMessage *msg,
                const char        *username,
                gpointer           data)
{
  VtTestServer *self = data;

  if (g_strcmp0 (username, self->username) != 0)
    return NULL;
  return soup_auth_domain_digest_encode_password (username, "ventanilla-test", self->password);
}

static gboolean
listen_now (VtTestServer  *self,
            GError       **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, self->port);
  GSList *uris;

  if (!soup_server_listen (self->server, address, self->tls ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    return FALSE;

  uris = soup_server_get_uris (self->server);
  if (uris != NULL)
    self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return TRUE;
}

static gpointer
server_thread (gpointer data)
{
  VtTestServer *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;

  g_main_context_push_thread_default (self->context);

  if (self->tls)
    {
      g_autofree char *cert = g_build_filename (self->tls_dir, "cert.pem", NULL);
      g_autofree char *key = g_build_filename (self->tls_dir, "key.pem", NULL);
      certificate = g_tls_certificate_new_from_files (cert, key, &error);
    }

  if (error == NULL)
    {
      self->server = soup_server_new ("server-header", "vt-test-server ",
                                      certificate != NULL ? "tls-certificate" : NULL, certificate,
                                      NULL);
      if (self->username != NULL)
        {
          SoupAuthDomain *domain;

          if (self->digest)
            {
              domain = soup_auth_domain_digest_new ("realm", "ventanilla-test", NULL);
              soup_auth_domain_digest_set_auth_callback (domain, digest_auth_cb, self, NULL);
            }
          else
            {
              domain = soup_auth_domain_basic_new ("realm", "ventanilla-test", NULL);
              soup_auth_domain_basic_set_auth_callback (domain, basic_auth_cb, self, NULL);
            }
          soup_auth_domain_add_path (domain, "/v1/projects");
          soup_server_add_auth_domain (self->server, domain);
          g_object_unref (domain);
        }
      soup_server_add_handler (self->server, NULL, handler_cb, self, NULL);
      listen_now (self, &error);
    }

  g_mutex_lock (&self->lock);
  self->start_error = g_steal_pointer (&error);
  self->ready = TRUE;
  self->up = self->start_error == NULL;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  if (self->start_error == NULL)
    g_main_loop_run (self->loop);

  g_clear_object (&self->server);
  /* Run what the teardown left pending (closing connections). */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
make_certificate (VtTestServer  *self,
                  GError       **error)
{
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  const char *argv[] = {
    "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
    "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
    "-addext", "subjectAltName=IP:127.0.0.1",
    "-keyout", NULL, "-out", NULL, NULL
  };

  self->tls_dir = g_dir_make_tmp ("vt-test-tls-XXXXXX", error);
  if (self->tls_dir == NULL)
    return FALSE;
  key = g_build_filename (self->tls_dir, "key.pem", NULL);
  cert = g_build_filename (self->tls_dir, "cert.pem", NULL);
  argv[15] = key;
  argv[17] = cert;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "openssl: %s: ", err);
      return FALSE;
    }
  self->ca_file = g_steal_pointer (&cert);
  return TRUE;
}

static const char schema[] =
  "PRAGMA journal_mode=WAL;"
  "PRAGMA synchronous=NORMAL;"
  "CREATE TABLE IF NOT EXISTS submissions (instance_id TEXT PRIMARY KEY, xml BLOB NOT NULL, received_at INTEGER);"
  "CREATE TABLE IF NOT EXISTS attachments (instance_id TEXT, name TEXT, bytes BLOB, PRIMARY KEY (instance_id, name));"
  "CREATE TABLE IF NOT EXISTS answers (instance_id TEXT NOT NULL, result TEXT NOT NULL);";

VtTestServer *
vt_test_server_new (const VtTestServerOptions  *options,
                    GError                    **error)
{
  VtTestServerOptions defaults = { 0 };
  VtTestServer *self;
  const char *scheme;

  if (options == NULL)
    options = &defaults;

  self = g_new0 (VtTestServer, 1);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->forms_dir = g_strdup (options->forms_dir);
  self->username = g_strdup (options->username);
  self->password = g_strdup (options->password != NULL ? options->password : "");
  self->digest = options->digest;
  self->token = g_strdup (options->token);
  self->tls = options->tls;
  self->port = options->port;
  self->rand = g_rand_new_with_seed (options->seed != 0 ? options->seed : 20261128);
  self->digest_attachments = options->digest_attachments;
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->accept_length = 100000000;
  self->base_path = self->token != NULL ? g_strdup_printf ("/v1/key/%s/projects/1", self->token)
                                        : g_strdup ("/v1/projects/1");

  if (sqlite3_open (options->db_path != NULL ? options->db_path : ":memory:", &self->db) != SQLITE_OK ||
      sqlite3_exec (self->db, schema, NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot open the server database: %s",
                   sqlite3_errmsg (self->db));
      vt_test_server_free (self);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);

  if (self->tls && !make_certificate (self, error))
    {
      vt_test_server_free (self);
      return NULL;
    }

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("vt-test-server", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      vt_test_server_free (self);
      return NULL;
    }

  scheme = self->tls ? "https" : "http";
  self->origin = g_strdup_printf ("%s://127.0.0.1:%u", scheme, self->port);
  self->url = g_strconcat (self->origin, self->base_path, NULL);
  return self;
}

static gboolean
quit_cb (gpointer data)
{
  VtTestServer *self = data;

  soup_server_disconnect (self->server);
  g_main_loop_quit (self->loop);
  return G_SOURCE_REMOVE;
}

void
vt_test_server_free (VtTestServer *self)
{
  if (self == NULL)
    return;

  if (self->thread != NULL)
    {
      if (self->server != NULL)
        g_main_context_invoke (self->context, quit_cb, self);
      g_thread_join (self->thread);
    }
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  if (self->tls_dir != NULL)
    {
      g_autofree char *cert = g_build_filename (self->tls_dir, "cert.pem", NULL);
      g_autofree char *key = g_build_filename (self->tls_dir, "key.pem", NULL);
      g_unlink (cert);
      g_unlink (key);
      g_rmdir (self->tls_dir);
    }
  g_clear_error (&self->start_error);
  g_free (self->tls_dir);
  g_free (self->ca_file);
  g_free (self->forms_dir);
  g_free (self->username);
  g_free (self->password);
  g_free (self->token);
  g_free (self->origin);
  g_free (self->url);
  g_free (self->files_url);
  g_free (self->redirect_origin);
  g_free (self->base_path);
  g_rand_free (self->rand);
  g_hash_table_unref (self->counts);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

const char *
vt_test_server_get_url (VtTestServer *self)
{
  return self->url;
}

guint
vt_test_server_get_port (VtTestServer *self)
{
  return self->port;
}

const char *
vt_test_server_get_ca_file (VtTestServer *self)
{
  return self->ca_file;
}

void
vt_test_server_set_faults (VtTestServer *self,
                           double        share,
                           guint         faults)
{
  g_mutex_lock (&self->lock);
  self->fault_share = share;
  self->faults = faults;
  g_mutex_unlock (&self->lock);
}

void
vt_test_server_set_delays (VtTestServer *self,
                           guint         stall_ms,
                           guint         slow_ms)
{
  g_mutex_lock (&self->lock);
  self->stall_ms = stall_ms;
  self->slow_ms = slow_ms;
  g_mutex_unlock (&self->lock);
}

void
vt_test_server_set_files_origin (VtTestServer *self,
                                 const char   *origin)
{
  g_mutex_lock (&self->lock);
  g_free (self->files_url);
  self->files_url = origin != NULL ? g_strconcat (origin, self->base_path, NULL) : NULL;
  g_mutex_unlock (&self->lock);
}

void
vt_test_server_set_redirect_origin (VtTestServer *self,
                                    const char   *origin)
{
  g_mutex_lock (&self->lock);
  g_free (self->redirect_origin);
  self->redirect_origin = g_strdup (origin);
  g_mutex_unlock (&self->lock);
}

void
vt_test_server_set_media_hashes (VtTestServer *self,
                                 gboolean      hashes)
{
  g_mutex_lock (&self->lock);
  self->no_media_hashes = !hashes;
  g_mutex_unlock (&self->lock);
}

const char *
vt_test_server_get_origin (VtTestServer *self)
{
  return self->origin;
}

void
vt_test_server_set_mode (VtTestServer *self,
                         VtTestMode    mode)
{
  g_mutex_lock (&self->lock);
  self->mode = mode;
  g_mutex_unlock (&self->lock);
}

typedef struct
{
  VtTestServer *self;
  gboolean      up;
  gboolean      done;
} UpDown;

static gboolean
set_up_cb (gpointer data)
{
  UpDown *u = data;
  VtTestServer *self = u->self;

  if (u->up && !self->up)
    {
      g_autoptr(GError) error = NULL;

      if (!listen_now (self, &error))
        g_error ("The test server cannot listen again on port %u: %s", self->port, error->message);
    }
  else if (!u->up && self->up)
    soup_server_disconnect (self->server);

  g_mutex_lock (&self->lock);
  self->up = u->up;
  u->done = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  return G_SOURCE_REMOVE;
}

void
vt_test_server_set_up (VtTestServer *self,
                       gboolean      up)
{
  UpDown u = { self, up, FALSE };

  g_main_context_invoke (self->context, set_up_cb, &u);
  g_mutex_lock (&self->lock);
  while (!u.done)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
}

static gint64
query_int (VtTestServer *self,
           const char   *sql,
           const char   *arg)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = 0;

  g_mutex_lock (&self->lock);
  sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->lock);
  return n;
}

guint
vt_test_server_count_instances (VtTestServer *self)
{
  return (guint) query_int (self, "SELECT count(DISTINCT instance_id) FROM submissions", NULL);
}

gboolean
vt_test_server_has_instance (VtTestServer *self,
                             const char   *instance_id)
{
  return query_int (self, "SELECT count(*) FROM submissions WHERE instance_id = ?", instance_id) > 0;
}

guint
vt_test_server_count_attachments (VtTestServer *self,
                                  const char   *instance_id)
{
  return (guint) query_int (self, "SELECT count(*) FROM attachments WHERE instance_id = ?", instance_id);
}

GBytes *
vt_test_server_get_attachment (VtTestServer *self,
                               const char   *instance_id,
                               const char   *name)
{
  sqlite3_stmt *stmt = NULL;
  GBytes *bytes = NULL;

  g_mutex_lock (&self->lock);
  sqlite3_prepare_v2 (self->db, "SELECT bytes FROM attachments WHERE instance_id = ? AND name = ?", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, instance_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->lock);
  return bytes;
}

char *
vt_test_server_get_xml (VtTestServer *self,
                        const char   *instance_id)
{
  sqlite3_stmt *stmt = NULL;
  char *xml = NULL;

  g_mutex_lock (&self->lock);
  sqlite3_prepare_v2 (self->db, "SELECT xml FROM submissions WHERE instance_id = ?", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, instance_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    xml = g_strndup (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->lock);
  return xml;
}

guint
vt_test_server_get_count (VtTestServer *self,
                          const char   *what)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, what));
  g_mutex_unlock (&self->lock);
  return n;
}

void
vt_test_server_set_accept_length (VtTestServer *self,
                                  guint         bytes)
{
  g_mutex_lock (&self->lock);
  self->accept_length = bytes;
  g_mutex_unlock (&self->lock);
}

void
vt_test_server_clear (VtTestServer *self)
{
  g_mutex_lock (&self->lock);
  sqlite3_exec (self->db, "DELETE FROM submissions; DELETE FROM attachments; DELETE FROM answers;", NULL, NULL, NULL);
  g_hash_table_remove_all (self->counts);
  g_mutex_unlock (&self->lock);
}
