#include "config.h"

#include <libxml/parser.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <string.h>

#include "vt-form.h"
#include "vt-session.h"
#include "vt-submission.h"
#include "vt-test-utils.h"

static VtForm *
load_fixture (void)
{
  g_autofree char *path = g_build_filename (vt_test_source_root (), "tests", "fixtures", "forms",
                                            "services.xml", NULL);
  g_autoptr(GError) error = NULL;
  VtForm *form = vt_form_load_file (path, &error);

  g_assert_no_error (error);
  return form;
}

static xmlNode *
child (xmlNode    *parent,
       const char *name,
       guint       nth)
{
  guint seen = 0;

  for (xmlNode *c = parent->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && g_str_equal ((const char *) c->name, name) && ++seen == nth)
      return c;
  return NULL;
}

static char *
text_of (xmlNode *node)
{
  xmlChar *content = xmlNodeGetContent (node);
  char *copy = g_strdup ((const char *) content);

  xmlFree (content);
  return copy;
}

static void
test_submission (void)
{
  g_autoptr(VtForm) form = load_fixture ();
  g_autoptr(VtSession) session = vt_session_new (form, NULL, NULL);
  g_autoptr(VtSubmission) submission = NULL;
  g_autoptr(VtSubmission) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static ("jpeg", 4);
  g_autofree char *member = NULL;
  xmlDoc *doc;
  xmlNode *root;
  xmlNode *node;
  xmlChar *attr;

  vt_test_answer (session, "/data/name", "Zoë & Ana");
  vt_test_answer (session, "/data/kind", "new");
  vt_test_answer (session, "/data/age", "15");
  member = vt_session_add_repeat (session, "/data/member", &error);
  vt_test_answer (session, "/data/member/member_name", "Bo");
  g_assert_true (vt_session_set_attachment (session, "/data/photo", "face.jpg", "image/jpeg", bytes, &error));
  g_assert_no_error (error);

  submission = vt_submission_new_from_session (session, &error);
  g_assert_no_error (error);
  g_assert_nonnull (submission);
  g_assert_true (g_str_has_prefix (submission->xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
  g_assert_true (g_str_has_prefix (submission->instance_id, "uuid:"));
  g_assert_cmpuint (strlen (submission->instance_id), ==, 41);
  g_assert_cmpstr (submission->instance_id, ==, vt_session_get_instance_id (session));
  g_assert_cmpstr (submission->form_id, ==, "test-service");
  g_assert_cmpstr (submission->form_version, ==, "2024031501");
  g_assert_cmpuint (submission->attachments->len, ==, 1);
  g_assert_cmpstr (((VtAttachment *) g_ptr_array_index (submission->attachments, 0))->name, ==, "face.jpg");

  doc = xmlReadMemory (submission->xml, strlen (submission->xml), "submission.xml", NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  root = xmlDocGetRootElement (doc);
  g_assert_cmpstr ((const char *) root->name, ==, "data");
  /* Namespaces are kept: the root stays in the XForms namespace. */
  g_assert_nonnull (root->ns);
  g_assert_cmpstr ((const char *) root->ns->href, ==, "http://www.w3.org/2002/xforms");
  attr = xmlGetProp (root, (const xmlChar *) "id");
  g_assert_cmpstr ((const char *) attr, ==, "test-service");
  xmlFree (attr);
  attr = xmlGetProp (root, (const xmlChar *) "version");
  g_assert_cmpstr ((const char *) attr, ==, "2024031501");
  xmlFree (attr);

  {
    g_autofree char *name = text_of (child (root, "name", 1));
    g_autofree char *id = text_of (child (child (root, "meta", 1), "instanceID", 1));
    g_autofree char *start = text_of (child (root, "start", 1));
    g_autofree char *end = text_of (child (root, "end", 1));
    g_autoptr(GDateTime) start_time = g_date_time_new_from_iso8601 (start, NULL);
    g_autoptr(GDateTime) end_time = g_date_time_new_from_iso8601 (end, NULL);

    g_assert_cmpstr (name, ==, "Zoë & Ana");
    g_assert_cmpstr (id, ==, submission->instance_id);
    g_assert_nonnull (start_time);
    g_assert_nonnull (end_time);
    g_assert_cmpint (g_date_time_compare (start_time, end_time), <=, 0);
  }

  /* Not relevant: removed.  The repeat template: gone; the one instance kept. */
  g_assert_null (child (root, "renewal_reason", 1));
  g_assert_null (child (root, "details", 1));
  g_assert_nonnull (child (root, "member", 1));
  g_assert_null (child (root, "member", 2));
  node = child (child (root, "member", 1), "member_name", 1);
  {
    g_autofree char *value = text_of (node);
    g_assert_cmpstr (value, ==, "Bo");
    g_assert_null (xmlGetProp (child (root, "member", 1), (const xmlChar *) "template"));
  }
  g_assert_nonnull (child (root, "age", 1));
  xmlFreeDoc (doc);

  /* A second call: the same instanceID. */
  again = vt_submission_new_from_session (session, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->instance_id, ==, submission->instance_id);
  g_assert_nonnull (strstr (again->xml, submission->instance_id));
}

static void
test_invalid (void)
{
  g_autoptr(VtForm) form = load_fixture ();
  g_autoptr(VtSession) session = vt_session_new (form, "es", NULL);
  g_autoptr(VtSubmission) submission = NULL;
  g_autoptr(GError) error = NULL;

  vt_test_answer (session, "/data/kind", "new");
  submission = vt_submission_new_from_session (session, &error);
  g_assert_null (submission);
  g_assert_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "/data/name: Díganos su nombre, por favor.");
}

/* A form without meta/instanceID gets one; an attachment that the answers
 * no longer name stays behind. */
static void
test_meta_added (void)
{
  const char *xml =
    "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\">"
    "<h:head><h:title>M</h:title><model><instance><data id=\"m\"><a/><f/></data></instance>"
    "<bind nodeset=\"/data/f\" type=\"binary\"/>"
    "</model></h:head><h:body><input ref=\"/data/a\"/><upload ref=\"/data/f\" mediatype=\"image/*\"/></h:body></h:html>";
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = vt_form_load_data (xml, -1, "m.xml", &error);
  g_autoptr(VtSession) session = vt_session_new (form, NULL, NULL);
  g_autoptr(VtSubmission) submission = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static ("x", 1);
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  g_assert_true (vt_session_set_attachment (session, "/data/f", "a.png", "image/png", bytes, &error));
  vt_test_answer (session, "/data/f", "");
  submission = vt_submission_new_from_session (session, &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("<meta>\n    <instanceID>%s</instanceID>\n  </meta>", submission->instance_id);
  g_assert_nonnull (strstr (submission->xml, expected));
  g_assert_cmpuint (submission->attachments->len, ==, 0);
}

static GBytes *
rsa_decrypt (EVP_PKEY   *pkey,
             const char *base64)
{
  gsize length = 0;
  g_autofree guchar *data = g_base64_decode (base64, &length);
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new (pkey, NULL);
  guchar *out;
  size_t out_length = 0;

  g_assert_cmpint (EVP_PKEY_decrypt_init (ctx), >, 0);
  g_assert_cmpint (EVP_PKEY_CTX_set_rsa_padding (ctx, RSA_PKCS1_OAEP_PADDING), >, 0);
  g_assert_cmpint (EVP_PKEY_CTX_set_rsa_oaep_md (ctx, EVP_sha256 ()), >, 0);
  g_assert_cmpint (EVP_PKEY_CTX_set_rsa_mgf1_md (ctx, EVP_sha256 ()), >, 0);
  g_assert_cmpint (EVP_PKEY_decrypt (ctx, NULL, &out_length, data, length), >, 0);
  out = g_malloc (out_length);
  g_assert_cmpint (EVP_PKEY_decrypt (ctx, out, &out_length, data, length), >, 0);
  EVP_PKEY_CTX_free (ctx);
  return g_bytes_new_take (out, out_length);
}

static char *
aes_decrypt (const guchar *key,
             const guchar *iv,
             GBytes       *bytes)
{
  gsize length = 0;
  const guchar *data = g_bytes_get_data (bytes, &length);
  guchar *out = g_malloc0 (length + 17);
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new ();
  int n = 0, m = 0;
  guint pad;

  g_assert_cmpint (EVP_DecryptInit_ex (ctx, EVP_aes_256_cfb128 (), NULL, key, iv), >, 0);
  g_assert_cmpint (EVP_DecryptUpdate (ctx, out, &n, data, (int) length), >, 0);
  g_assert_cmpint (EVP_DecryptFinal_ex (ctx, out + n, &m), >, 0);
  EVP_CIPHER_CTX_free (ctx);
  g_assert_cmpint (n + m, ==, length);
  g_assert_cmpint (length % 16, ==, 0);
  /* PKCS#7 padding. */
  pad = out[length - 1];
  g_assert_cmpuint (pad, >=, 1);
  g_assert_cmpuint (pad, <=, 16);
  for (guint i = 0; i < pad; i++)
    g_assert_cmpuint (out[length - 1 - i], ==, pad);
  out[length - pad] = '\0';
  return (char *) out;
}

static char *
manifest_text (xmlNode    *root,
               const char *name)
{
  for (xmlNode *c = root->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && g_str_equal ((const char *) c->name, name))
      return text_of (c);
  return NULL;
}

/* An encrypted form: ODK's envelope, which the holder of the private key
 * (and only they) can open. */
static void
test_encrypted (void)
{
  EVP_PKEY *pkey = EVP_RSA_gen (2048);
  unsigned char *der = NULL;
  int der_length = i2d_PUBKEY (pkey, &der);
  g_autofree char *public_key = g_base64_encode (der, der_length);
  g_autofree char *xml = g_strdup_printf (
    "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\">"
    "<h:head><h:title>E</h:title><model><instance><data id=\"enc\" version=\"7\"><a/><f/></data></instance>"
    "<bind nodeset=\"/data/f\" type=\"binary\"/>"
    "<submission base64RsaPublicKey=\"%s\"/>"
    "</model></h:head><h:body><input ref=\"/data/a\"/><upload ref=\"/data/f\" mediatype=\"image/*\"/></h:body></h:html>",
    public_key);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = vt_form_load_data (xml, -1, "enc.xml", &error);
  g_autoptr(VtSession) session = NULL;
  g_autoptr(VtSubmission) submission = NULL;
  g_autoptr(GBytes) photo = g_bytes_new_static ("a photo of exactly 32 bytes.....", 32);
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *wrapped = NULL;
  g_autofree char *signed_text = NULL;
  g_autofree char *plain_xml = NULL;
  g_autofree char *plain_photo = NULL;
  guchar iv[16];
  gsize iv_length = sizeof iv;
  xmlDoc *doc;
  xmlNode *root;

  OPENSSL_free (der);
  g_assert_no_error (error);
  g_assert_true (vt_form_is_encrypted (form));
  session = vt_session_new (form, NULL, NULL);
  vt_test_answer (session, "/data/a", "secret answer");
  g_assert_true (vt_session_set_attachment (session, "/data/f", "p.jpg", "image/jpeg", photo, &error));

  submission = vt_submission_new_from_session (session, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (submission->xml, "secret answer"));
  doc = xmlReadMemory (submission->xml, strlen (submission->xml), "manifest.xml", NULL, 0);
  root = xmlDocGetRootElement (doc);
  g_assert_cmpstr ((const char *) root->ns->href, ==, "http://opendatakit.org/submissions");
  {
    xmlChar *encrypted = xmlGetProp (root, (const xmlChar *) "encrypted");
    xmlChar *id = xmlGetProp (root, (const xmlChar *) "id");
    g_assert_cmpstr ((const char *) encrypted, ==, "yes");
    g_assert_cmpstr ((const char *) id, ==, "enc");
    xmlFree (encrypted);
    xmlFree (id);
  }
  g_assert_nonnull (strstr (submission->xml, submission->instance_id));
  g_assert_nonnull (strstr (submission->xml, "<file>p.jpg.enc</file>"));
  g_assert_nonnull (strstr (submission->xml, "<encryptedXmlFile>submission.xml.enc</encryptedXmlFile>"));
  g_assert_cmpuint (submission->attachments->len, ==, 2);
  g_assert_cmpstr (((VtAttachment *) g_ptr_array_index (submission->attachments, 0))->name, ==, "p.jpg.enc");
  g_assert_cmpstr (((VtAttachment *) g_ptr_array_index (submission->attachments, 1))->name, ==, "submission.xml.enc");

  wrapped = manifest_text (root, "base64EncryptedKey");
  key = rsa_decrypt (pkey, wrapped);
  g_assert_cmpuint (g_bytes_get_size (key), ==, 32);

  {
    g_autoptr(GChecksum) seed = g_checksum_new (G_CHECKSUM_MD5);
    g_checksum_update (seed, (const guchar *) submission->instance_id, -1);
    g_checksum_update (seed, g_bytes_get_data (key, NULL), 32);
    g_checksum_get_digest (seed, iv, &iv_length);
  }
  iv[0]++;
  plain_photo = aes_decrypt (g_bytes_get_data (key, NULL), iv,
                             ((VtAttachment *) g_ptr_array_index (submission->attachments, 0))->bytes);
  g_assert_cmpstr (plain_photo, ==, "a photo of exactly 32 bytes.....");
  iv[1]++;
  plain_xml = aes_decrypt (g_bytes_get_data (key, NULL), iv,
                           ((VtAttachment *) g_ptr_array_index (submission->attachments, 1))->bytes);
  g_assert_true (g_str_has_prefix (plain_xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
  g_assert_nonnull (strstr (plain_xml, "<a>secret answer</a>"));
  g_assert_nonnull (strstr (plain_xml, "<f>p.jpg</f>"));
  g_assert_nonnull (strstr (plain_xml, submission->instance_id));

  /* The signature: MD5 over form id, version, wrapped key, instanceID and
   * each plain file's name and MD5. */
  {
    g_autofree char *photo_md5 = g_compute_checksum_for_data (G_CHECKSUM_MD5, g_bytes_get_data (photo, NULL), 32);
    g_autofree char *xml_md5 = g_compute_checksum_for_string (G_CHECKSUM_MD5, plain_xml, -1);
    g_autofree char *source = g_strdup_printf ("enc\n7\n%s\n%s\np.jpg::%s\nsubmission.xml::%s\n", wrapped,
                                               submission->instance_id, photo_md5, xml_md5);
    guchar digest[16];
    gsize digest_length = sizeof digest;
    g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);

    g_checksum_update (md5, (const guchar *) source, -1);
    g_checksum_get_digest (md5, digest, &digest_length);
    signed_text = manifest_text (root, "base64EncryptedElementSignature");
    signature = rsa_decrypt (pkey, signed_text);
    g_assert_cmpmem (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature), digest, 16);
  }
  xmlFreeDoc (doc);
  EVP_PKEY_free (pkey);
}

static void
test_bad_public_key (void)
{
  const char *xml =
    "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\">"
    "<h:head><h:title>E</h:title><model><instance><data id=\"enc\"><a/></data></instance>"
    "<submission base64RsaPublicKey=\"bm90IGEga2V5\"/></model></h:head><h:body/></h:html>";
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = vt_form_load_data (xml, -1, "badkey.xml", &error);

  g_assert_null (form);
  g_assert_error (error, VT_FORM_ERROR, VT_FORM_ERROR_STRUCTURE);
  g_assert_nonnull (strstr (error->message, "base64RsaPublicKey"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vt/submission/basic", test_submission);
  g_test_add_func ("/vt/submission/invalid", test_invalid);
  g_test_add_func ("/vt/submission/meta-added", test_meta_added);
  g_test_add_func ("/vt/submission/encrypted", test_encrypted);
  g_test_add_func ("/vt/submission/bad-public-key", test_bad_public_key);

  return g_test_run ();
}
