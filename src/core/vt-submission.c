#define G_LOG_DOMAIN "vt-submission"

#include "config.h"

#include <glib/gi18n.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <string.h>

#include "vt-session-private.h"
#include "vt-submission.h"

void
vt_attachment_free (VtAttachment *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->content_type);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_free (self);
}

void
vt_submission_free (VtSubmission *self)
{
  if (self == NULL)
    return;
  g_free (self->instance_id);
  g_free (self->form_id);
  g_free (self->form_version);
  g_free (self->xml);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  g_free (self);
}

/* Walks the session's instance and its copy side by side, dropping from the
 * copy what is not relevant in the session. */
static void
prune (VtSession *session,
       xmlNode   *original,
       xmlNode   *copy)
{
  xmlNode *o = original->children;
  xmlNode *c = copy->children;

  while (o != NULL && c != NULL)
    {
      xmlNode *next_c = c->next;

      if (o->type == XML_ELEMENT_NODE)
        {
          if (g_hash_table_contains (session->not_relevant, o))
            {
              xmlUnlinkNode (c);
              xmlFreeNode (c);
            }
          else
            prune (session, o, c);
        }
      o = o->next;
      c = next_c;
    }
}

static xmlNode *
child_by_local_name (xmlNode    *parent,
                     const char *name)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && g_str_equal ((const char *) child->name, name))
      return child;
  return NULL;
}

static void
set_text (xmlNode    *node,
          const char *value)
{
  while (node->children != NULL)
    {
      xmlNode *child = node->children;
      xmlUnlinkNode (child);
      xmlFreeNode (child);
    }
  xmlAddChild (node, xmlNewDocText (node->doc, (const xmlChar *) value));
}

static void
set_instance_id (xmlNode    *root,
                 const char *instance_id)
{
  xmlNode *meta = child_by_local_name (root, "meta");
  xmlNode *id;

  /* OpenRosa servers find the instanceID at meta/instanceID; a form
   * without one gets it, in the root's namespace. */
  if (meta == NULL)
    meta = xmlNewChild (root, root->ns, (const xmlChar *) "meta", NULL);
  id = child_by_local_name (meta, "instanceID");
  if (id == NULL)
    id = xmlNewChild (meta, meta->ns, (const xmlChar *) "instanceID", NULL);
  set_text (id, instance_id);
}

static void
fill_end_timestamps (VtSession *session,
                     xmlDoc    *doc)
{
  VtForm *form = session->form;
  g_autoptr(GDateTime) now = vt_session_dup_now (session);
  g_autofree char *stamp = vt_session_format_date_time (now);

  for (guint i = 0; i < form->bind_list->len; i++)
    {
      VtBind *bind = g_ptr_array_index (form->bind_list, i);
      g_auto(GStrv) steps = NULL;
      GPtrArray *level;

      if (g_strcmp0 (bind->preload, "timestamp") != 0 || g_strcmp0 (bind->preload_params, "end") != 0)
        continue;
      steps = g_strsplit (bind->path + 1, "/", -1);
      level = g_ptr_array_new ();
      g_ptr_array_add (level, xmlDocGetRootElement (doc));
      for (guint s = 1; steps[s] != NULL; s++)
        {
          GPtrArray *next = g_ptr_array_new ();
          for (guint j = 0; j < level->len; j++)
            for (xmlNode *child = ((xmlNode *) g_ptr_array_index (level, j))->children; child != NULL;
                 child = child->next)
              if (child->type == XML_ELEMENT_NODE && g_str_equal (vt_form_node_name (child), steps[s]))
                g_ptr_array_add (next, child);
          g_ptr_array_unref (level);
          level = next;
        }
      for (guint j = 0; j < level->len; j++)
        set_text (g_ptr_array_index (level, j), stamp);
      g_ptr_array_unref (level);
    }
}

static gboolean
value_in_tree (xmlNode    *node,
               const char *value)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (node->children != NULL && node->children->type == XML_TEXT_NODE && node->children->next == NULL
          && g_strcmp0 ((const char *) node->children->content, value) == 0)
        return TRUE;
      if (value_in_tree (node->children, value))
        return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* ODK encrypted submissions                                           */

static gboolean
crypto_failed (GError    **error,
               const char *what)
{
  g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_INVALID,
               _("Could not encrypt the application (%s); it was not kept or sent."), what);
  return FALSE;
}

/* RSA-OAEP with SHA-256 for the digest and for MGF1, as ODK Central expects. */
static char *
rsa_encrypt_base64 (EVP_PKEY      *pkey,
                    const guchar  *data,
                    gsize          length,
                    GError       **error)
{
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new (pkey, NULL);
  g_autofree guchar *out = NULL;
  size_t out_length = 0;
  char *encoded = NULL;

  if (ctx != NULL && EVP_PKEY_encrypt_init (ctx) > 0
      && EVP_PKEY_CTX_set_rsa_padding (ctx, RSA_PKCS1_OAEP_PADDING) > 0
      && EVP_PKEY_CTX_set_rsa_oaep_md (ctx, EVP_sha256 ()) > 0
      && EVP_PKEY_CTX_set_rsa_mgf1_md (ctx, EVP_sha256 ()) > 0
      && EVP_PKEY_encrypt (ctx, NULL, &out_length, data, length) > 0)
    {
      out = g_malloc (out_length);
      if (EVP_PKEY_encrypt (ctx, out, &out_length, data, length) > 0)
        encoded = g_base64_encode (out, out_length);
    }
  EVP_PKEY_CTX_free (ctx);
  if (encoded == NULL)
    crypto_failed (error, "RSA-OAEP");
  return encoded;
}

/* AES-256 in CFB mode with PKCS#7 padding ("AES/CFB/PKCS5Padding"). */
static GBytes *
aes_encrypt (const guchar  key[32],
             const guchar  iv[16],
             const guchar *data,
             gsize         length,
             GError      **error)
{
  gsize pad = 16 - length % 16;
  gsize padded_length = length + pad;
  g_autofree guchar *padded = g_malloc (padded_length);
  guchar *out = g_malloc (padded_length + 16);
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new ();
  int n = 0, m = 0;
  gboolean ok;

  if (length > 0)
    memcpy (padded, data, length);
  memset (padded + length, (int) pad, pad);
  ok = ctx != NULL && padded_length <= G_MAXINT
       && EVP_EncryptInit_ex (ctx, EVP_aes_256_cfb128 (), NULL, key, iv) > 0
       && EVP_EncryptUpdate (ctx, out, &n, padded, (int) padded_length) > 0
       && EVP_EncryptFinal_ex (ctx, out + n, &m) > 0;
  EVP_CIPHER_CTX_free (ctx);
  if (!ok)
    {
      g_free (out);
      crypto_failed (error, "AES-CFB");
      return NULL;
    }
  return g_bytes_new_take (out, n + m);
}

static char *
md5_hex (const guchar *data,
         gsize         length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_MD5, data, length);
}

/* Replaces self's XML and attachments with the encrypted envelope: each
 * file as <name>.enc, the XML as submission.xml.enc, and a manifest that
 * carries the wrapped key, the instanceID and a signature. */
static gboolean
encrypt_submission (VtSubmission *self,
                    const char   *public_key,
                    GError      **error)
{
  g_autofree guchar *der = NULL;
  gsize der_length = 0;
  const unsigned char *p;
  EVP_PKEY *pkey;
  guchar key[32];
  guchar iv[16];
  gsize iv_length = sizeof iv;
  guint counter = 0;
  g_autofree char *wrapped_key = NULL;
  g_autofree char *signature = NULL;
  g_autoptr(GChecksum) seed = g_checksum_new (G_CHECKSUM_MD5);
  g_autoptr(GString) source = g_string_new (NULL);
  g_autoptr(GString) manifest = g_string_new (NULL);
  g_autoptr(GPtrArray) encrypted = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_attachment_free);
  gboolean ok = FALSE;

  der = g_base64_decode (public_key, &der_length);
  p = der;
  pkey = d2i_PUBKEY (NULL, &p, (long) der_length);
  if (pkey == NULL)
    return crypto_failed (error, "public key");
  if (RAND_bytes (key, sizeof key) != 1)
    {
      crypto_failed (error, "random key");
      goto out;
    }
  wrapped_key = rsa_encrypt_base64 (pkey, key, sizeof key, error);
  if (wrapped_key == NULL)
    goto out;

  /* IV seed: MD5 of the instanceID then the key; byte n % 16 goes up by
   * one before the n-th file. */
  g_checksum_update (seed, (const guchar *) self->instance_id, strlen (self->instance_id));
  g_checksum_update (seed, key, sizeof key);
  g_checksum_get_digest (seed, iv, &iv_length);

  g_string_append_printf (source, "%s\n", self->form_id);
  if (self->form_version != NULL && self->form_version[0] != '\0')
    g_string_append_printf (source, "%s\n", self->form_version);
  g_string_append_printf (source, "%s\n%s\n", wrapped_key, self->instance_id);

  for (guint i = 0; i <= self->attachments->len; i++)
    {
      gboolean is_xml = i == self->attachments->len;
      VtAttachment *plain = is_xml ? NULL : g_ptr_array_index (self->attachments, i);
      const char *name = is_xml ? "submission.xml" : plain->name;
      gsize length = 0;
      const guchar *data = is_xml ? (const guchar *) self->xml
                                  : g_bytes_get_data (plain->bytes, &length);
      g_autofree char *hash = NULL;
      VtAttachment *enc;

      if (is_xml)
        length = strlen (self->xml);
      hash = md5_hex (data, length);
      g_string_append_printf (source, "%s::%s\n", name, hash);

      iv[counter % 16]++;
      counter++;
      enc = g_new0 (VtAttachment, 1);
      enc->name = g_strconcat (name, ".enc", NULL);
      enc->content_type = g_strdup ("application/octet-stream");
      enc->bytes = aes_encrypt (key, iv, data, length, error);
      g_ptr_array_add (encrypted, enc);
      if (enc->bytes == NULL)
        goto out;
    }

  {
    guchar digest[16];
    gsize digest_length = sizeof digest;
    g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);

    g_checksum_update (md5, (const guchar *) source->str, source->len);
    g_checksum_get_digest (md5, digest, &digest_length);
    signature = rsa_encrypt_base64 (pkey, digest, digest_length, error);
    if (signature == NULL)
      goto out;
  }

  {
    g_autofree char *id = g_markup_escape_text (self->form_id, -1);
    g_autofree char *version = g_markup_escape_text (self->form_version != NULL ? self->form_version : "", -1);
    g_autofree char *instance = g_markup_escape_text (self->instance_id, -1);

    g_string_append (manifest, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    g_string_append_printf (manifest, "<data xmlns=\"http://opendatakit.org/submissions\" encrypted=\"yes\" id=\"%s\"", id);
    if (version[0] != '\0')
      g_string_append_printf (manifest, " version=\"%s\"", version);
    g_string_append_printf (manifest, ">\n  <base64EncryptedKey>%s</base64EncryptedKey>\n", wrapped_key);
    g_string_append_printf (manifest, "  <orx:meta xmlns:orx=\"http://openrosa.org/xforms\"><orx:instanceID>%s"
                                      "</orx:instanceID></orx:meta>\n", instance);
    for (guint i = 0; i + 1 < encrypted->len; i++)
      {
        g_autofree char *file = g_markup_escape_text (((VtAttachment *) g_ptr_array_index (encrypted, i))->name, -1);
        g_string_append_printf (manifest, "  <media>\n    <file>%s</file>\n  </media>\n", file);
      }
    g_string_append (manifest, "  <encryptedXmlFile>submission.xml.enc</encryptedXmlFile>\n");
    g_string_append_printf (manifest, "  <base64EncryptedElementSignature>%s</base64EncryptedElementSignature>\n"
                                      "</data>\n", signature);
  }

  g_free (self->xml);
  self->xml = g_strdup (manifest->str);
  g_ptr_array_unref (self->attachments);
  self->attachments = g_steal_pointer (&encrypted);
  ok = TRUE;

out:
  OPENSSL_cleanse (key, sizeof key);
  EVP_PKEY_free (pkey);
  return ok;
}

VtSubmission *
vt_submission_new_from_session (VtSession  *session,
                                GError    **error)
{
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(VtSubmission) self = NULL;
  xmlDoc *copy;
  xmlChar *buffer = NULL;
  int length = 0;

  g_return_val_if_fail (session != NULL, NULL);

  errors = vt_session_validate_all (session);
  if (errors->len > 0)
    {
      g_autoptr(GString) message = g_string_new (NULL);

      for (guint i = 0; i < errors->len; i++)
        {
          VtValidationError *e = g_ptr_array_index (errors, i);
          g_string_append_printf (message, "%s%s: %s", i > 0 ? "\n" : "", e->path, e->message);
        }
      g_set_error_literal (error, VT_SESSION_ERROR, VT_SESSION_ERROR_INVALID, message->str);
      return NULL;
    }

  copy = xmlCopyDoc (session->doc, 1);
  prune (session, xmlDocGetRootElement (session->doc), xmlDocGetRootElement (copy));
  set_instance_id (xmlDocGetRootElement (copy), session->instance_id);
  fill_end_timestamps (session, copy);

  xmlDocDumpFormatMemoryEnc (copy, &buffer, &length, "UTF-8", 1);

  self = g_new0 (VtSubmission, 1);
  self->instance_id = g_strdup (session->instance_id);
  self->form_id = g_strdup (vt_form_get_id (session->form));
  self->form_version = g_strdup (vt_form_get_version (session->form));
  self->xml = g_strndup ((const char *) buffer, length);
  self->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_attachment_free);

  /* Only the files the XML still names travel with it. */
  for (guint i = 0; i < session->attachments->len; i++)
    {
      VtAttachment *a = g_ptr_array_index (session->attachments, i);
      VtAttachment *c;

      if (!value_in_tree (xmlDocGetRootElement (copy), a->name))
        continue;
      c = g_new0 (VtAttachment, 1);
      c->name = g_strdup (a->name);
      c->content_type = g_strdup (a->content_type);
      c->bytes = g_bytes_ref (a->bytes);
      g_ptr_array_add (self->attachments, c);
    }

  xmlFree (buffer);
  xmlFreeDoc (copy);

  if (session->form->public_key != NULL
      && !encrypt_submission (self, session->form->public_key, error))
    return NULL;
  return g_steal_pointer (&self);
}
