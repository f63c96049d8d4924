#define _GNU_SOURCE /* memmem */

#include "config.h"

#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "vt-encryption.h"
#include "vt-encryption-private.h"
#include "vt-form.h"
#include "vt-session.h"
#include "vt-store.h"
#include "vt-store-test-data.h"
#include "vt-submission.h"
#include "vt-test-utils.h"

/* The decryption here follows the ODK XForms specification's "Encryption"
 * section as ODK Central and Briefcase implement it, written apart from
 * vt-encryption.c so the two check each other. */

#define MANIFEST_NS "http://opendatakit.org/submissions"
#define OPENROSA_NS "http://openrosa.org/xforms"

static EVP_PKEY *test_key;          /* one 2048-bit key pair for the whole run */
static char *test_public_b64;

static char *
public_key_base64 (EVP_PKEY *pkey)
{
  unsigned char *der = NULL;
  int len = i2d_PUBKEY (pkey, &der);
  char *b64;

  g_assert_cmpint (len, >, 0);
  b64 = g_base64_encode (der, (gsize) len);
  OPENSSL_free (der);
  return b64;
}

static GBytes *
rsa_oaep_decrypt (EVP_PKEY   *pkey,
                  const char *b64)
{
  g_autofree guint8 *in = NULL;
  gsize in_len = 0;
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey (NULL, pkey, NULL);
  guint8 *out;
  size_t out_len = 0;
  int ok;

  in = g_base64_decode (b64, &in_len);
  g_assert_cmpuint (in_len, ==, (gsize) EVP_PKEY_get_size (pkey));
  g_assert_nonnull (ctx);
  g_assert_cmpint (EVP_PKEY_decrypt_init (ctx), >, 0);
  g_assert_cmpint (EVP_PKEY_CTX_set_rsa_padding (ctx, RSA_PKCS1_OAEP_PADDING), >, 0);
  g_assert_cmpint (EVP_PKEY_CTX_set_rsa_oaep_md (ctx, EVP_sha256 ()), >, 0);
  g_assert_cmpint (EVP_PKEY_CTX_set_rsa_mgf1_md (ctx, EVP_sha256 ()), >, 0);
  g_assert_cmpint (EVP_PKEY_decrypt (ctx, NULL, &out_len, in, in_len), >, 0);
  out = g_malloc (out_len);
  ok = EVP_PKEY_decrypt (ctx, out, &out_len, in, in_len);
  EVP_PKEY_CTX_free (ctx);
  if (ok <= 0)
    {
      ERR_clear_error ();
      g_free (out);
      return NULL;
    }
  return g_bytes_new_take (out, out_len);
}

/* The spec's pseudo-code, step by step: seed = md5(instanceID ‖ key);
 * before each file, seed[counter % 16] += 1, counter += 1. */
static void
spec_ivs (const char   *instance_id,
          const guint8 *key,
          guint         n_files,
          guint8        ivs[][16])
{
  g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
  guint8 seed[16];
  gsize len = sizeof seed;

  g_checksum_update (md5, (const guchar *) instance_id, -1);
  g_checksum_update (md5, key, 32);
  g_checksum_get_digest (md5, seed, &len);
  for (guint counter = 0; counter < n_files; counter++)
    {
      seed[counter % 16] = (guint8) (seed[counter % 16] + 1);
      memcpy (ivs[counter], seed, 16);
    }
}

/* AES-256-CFB128 without libcrypto's padding, then a strict PKCS#7 unpad
 * (1 to 16 bytes, all equal to their count); NULL when the padding is wrong. */
static GBytes *
aes_cfb_decrypt (const guint8 *key,
                 const guint8 *iv,
                 GBytes       *cipher)
{
  gsize len = 0;
  const guint8 *in = g_bytes_get_data (cipher, &len);
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new ();
  guint8 *out = g_malloc (len + 16);
  int n = 0, fin = 0;
  guint pad;

  g_assert_cmpuint (len % 16, ==, 0);
  g_assert_cmpuint (len, >=, 16);
  g_assert_cmpint (EVP_DecryptInit_ex2 (ctx, EVP_aes_256_cfb128 (), key, iv, NULL), >, 0);
  g_assert_cmpint (EVP_DecryptUpdate (ctx, out, &n, in, (int) len), >, 0);
  g_assert_cmpint (EVP_DecryptFinal_ex (ctx, out + n, &fin), >, 0);
  EVP_CIPHER_CTX_free (ctx);
  g_assert_cmpuint ((gsize) (n + fin), ==, len);

  pad = out[len - 1];
  if (pad < 1 || pad > 16)
    {
      g_free (out);
      return NULL;
    }
  for (guint i = 1; i <= pad; i++)
    if (out[len - i] != pad)
      {
        g_free (out);
        return NULL;
      }
  return g_bytes_new_take (out, len - pad);
}

typedef struct
{
  char      *form_id;
  char      *version;              /* NULL when absent */
  char      *encrypted_key;
  char      *instance_id;
  GPtrArray *media;                /* char *, "x.enc" */
  char      *xml_file;
  char      *signature;
} Manifest;

static void
manifest_free (Manifest *m)
{
  g_free (m->form_id);
  g_free (m->version);
  g_free (m->encrypted_key);
  g_free (m->instance_id);
  g_ptr_array_unref (m->media);
  g_free (m->xml_file);
  g_free (m->signature);
  g_free (m);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Manifest, manifest_free)

static char *
node_text (xmlNode *node)
{
  xmlChar *s = xmlNodeGetContent (node);
  char *r = g_strdup ((const char *) s);

  xmlFree (s);
  return r;
}

static gboolean
is_element (xmlNode    *node,
            const char *ns,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns != NULL
         && g_str_equal ((const char *) node->ns->href, ns)
         && g_str_equal ((const char *) node->name, name);
}

/* Reads the manifest as a server would, checking every element is where
 * and in the namespace the specification says. */
static Manifest *
parse_manifest (const char *xml)
{
  xmlDoc *doc = xmlReadMemory (xml, (int) strlen (xml), "manifest.xml", "UTF-8", XML_PARSE_NONET);
  xmlNode *root;
  Manifest *m = g_new0 (Manifest, 1);
  xmlChar *attr;

  g_assert_nonnull (doc);
  root = xmlDocGetRootElement (doc);
  g_assert_true (is_element (root, MANIFEST_NS, "data"));

  attr = xmlGetProp (root, (const xmlChar *) "encrypted");
  g_assert_cmpstr ((const char *) attr, ==, "yes");
  xmlFree (attr);
  attr = xmlGetProp (root, (const xmlChar *) "id");
  m->form_id = g_strdup ((const char *) attr);
  xmlFree (attr);
  attr = xmlGetProp (root, (const xmlChar *) "version");
  m->version = g_strdup ((const char *) attr);
  xmlFree (attr);

  m->media = g_ptr_array_new_with_free_func (g_free);
  for (xmlNode *c = root->children; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (is_element (c, MANIFEST_NS, "base64EncryptedKey"))
        m->encrypted_key = node_text (c);
      else if (is_element (c, OPENROSA_NS, "meta"))
        {
          xmlNode *id = c->children;

          g_assert_nonnull (id);
          g_assert_true (is_element (id, OPENROSA_NS, "instanceID"));
          g_assert_null (id->next);
          m->instance_id = node_text (id);
        }
      else if (is_element (c, MANIFEST_NS, "media"))
        {
          xmlNode *file = c->children;

          /* One <media> per file, as Collect writes it. */
          g_assert_nonnull (file);
          g_assert_true (is_element (file, MANIFEST_NS, "file"));
          g_assert_null (file->next);
          g_ptr_array_add (m->media, node_text (file));
        }
      else if (is_element (c, MANIFEST_NS, "encryptedXmlFile"))
        m->xml_file = node_text (c);
      else if (is_element (c, MANIFEST_NS, "base64EncryptedElementSignature"))
        m->signature = node_text (c);
      else
        g_assert_not_reached ();
    }
  xmlFreeDoc (doc);

  g_assert_nonnull (m->encrypted_key);
  g_assert_nonnull (m->instance_id);
  g_assert_nonnull (m->xml_file);
  g_assert_nonnull (m->signature);
  return m;
}

typedef struct
{
  char      *xml;
  GPtrArray *media;                /* VtEncryptedFile *, plaintext, names without .enc */
  guint8     key[32];
} Decrypted;

static void
decrypted_free (Decrypted *d)
{
  g_free (d->xml);
  g_ptr_array_unref (d->media);
  g_free (d);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Decrypted, decrypted_free)

static GBytes *
find_file (VtEncryptedSubmission *sub,
           const char            *name)
{
  for (guint i = 0; i < sub->files->len; i++)
    {
      VtEncryptedFile *f = g_ptr_array_index (sub->files, i);

      if (g_str_equal (f->name, name))
        return f->bytes;
    }
  return NULL;
}

/* What Central and Briefcase do with an encrypted submission: unwrap the
 * key, decrypt each file named in the manifest in order (media, then the
 * XML) with the derived IVs, then check the signature.  Returns NULL when
 * the signature does not verify. */
static Decrypted *
decrypt_submission (EVP_PKEY              *pkey,
                    VtEncryptedSubmission *sub)
{
  g_autoptr(Manifest) m = parse_manifest (sub->manifest);
  g_autoptr(Decrypted) d = g_new0 (Decrypted, 1);
  g_autoptr(GBytes) key = rsa_oaep_decrypt (pkey, m->encrypted_key);
  g_autoptr(GBytes) sig = NULL;
  g_autoptr(GString) source = g_string_new (NULL);
  g_autofree char *expected = NULL;
  guint n_files = m->media->len + 1;
  g_autofree guint8 (*ivs)[16] = g_malloc (16 * (gsize) n_files);
  gsize key_len = 0;
  const guint8 *key_data;

  g_assert_nonnull (key);
  key_data = g_bytes_get_data (key, &key_len);
  g_assert_cmpuint (key_len, ==, 32);
  memcpy (d->key, key_data, 32);
  spec_ivs (m->instance_id, d->key, n_files, ivs);

  /* The manifest names exactly the files that are sent, in order. */
  g_assert_cmpuint (sub->files->len, ==, n_files);
  g_assert_cmpstr (m->xml_file, ==, "submission.xml.enc");

  g_string_append_printf (source, "%s\n", m->form_id);
  if (m->version != NULL)
    g_string_append_printf (source, "%s\n", m->version);
  g_string_append_printf (source, "%s\n%s\n", m->encrypted_key, m->instance_id);

  d->media = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_encrypted_file_free);
  for (guint i = 0; i < n_files; i++)
    {
      const char *enc_name = i < m->media->len ? g_ptr_array_index (m->media, i) : m->xml_file;
      VtEncryptedFile *sent = g_ptr_array_index (sub->files, i);
      GBytes *cipher = find_file (sub, enc_name);
      g_autoptr(GBytes) plain = NULL;
      g_autofree char *name = NULL;
      g_autofree char *md5 = NULL;

      g_assert_cmpstr (sent->name, ==, enc_name);
      g_assert_nonnull (cipher);
      g_assert_true (g_str_has_suffix (enc_name, ".enc"));
      name = g_strndup (enc_name, strlen (enc_name) - 4);
      plain = aes_cfb_decrypt (d->key, ivs[i], cipher);
      if (plain == NULL)
        return NULL;
      md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, plain);
      g_string_append_printf (source, "%s::%s\n", name, md5);
      if (i < m->media->len)
        g_ptr_array_add (d->media, vt_encrypted_file_new (name, plain));
      else
        d->xml = g_strndup (g_bytes_get_data (plain, NULL), g_bytes_get_size (plain));
    }

  sig = rsa_oaep_decrypt (pkey, m->signature);
  g_assert_nonnull (sig);
  g_assert_cmpuint (g_bytes_get_size (sig), ==, 16);
  {
    g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
    guint8 digest[16];
    gsize len = sizeof digest;

    g_checksum_update (md5, (const guchar *) source->str, (gssize) source->len);
    g_checksum_get_digest (md5, digest, &len);
    if (memcmp (digest, g_bytes_get_data (sig, NULL), 16) != 0)
      return NULL;
  }
  return g_steal_pointer (&d);
}

static GPtrArray *
make_media (guint n)
{
  GPtrArray *media = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_encrypted_file_free);

  for (guint i = 0; i < n; i++)
    {
      /* Sizes around the 16-byte block: 0, 1, 15, 16, 17, 31, 32, … */
      gsize size = (i % 3 == 0) ? i * 16 / 3 : i * 16 / 3 + (i % 2 ? 1 : 15);
      guint8 *data = g_malloc (size + 1);
      g_autofree char *name = g_strdup_printf ("photo-%02u.jpg", i);
      g_autoptr(GBytes) bytes = NULL;

      for (gsize j = 0; j < size; j++)
        data[j] = (guint8) ((j * 31 + i) & 0xff);
      bytes = g_bytes_new_take (data, size);
      g_ptr_array_add (media, vt_encrypted_file_new (name, bytes));
    }
  return media;
}

static const char test_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<data xmlns:jr=\"http://openrosa.org/javarosa\" id=\"residence\" version=\"2026-1\">"
  "<name>María José Ñuñez</name><photo>photo-00.jpg</photo>"
  "<meta><instanceID>uuid:6f0a2c6e-3a71-4c2c-9f31-1d1f5c0e8b2a</instanceID></meta></data>";
#define TEST_INSTANCE "uuid:6f0a2c6e-3a71-4c2c-9f31-1d1f5c0e8b2a"

static VtEncryptedSubmission *
encrypt_test (const char *version,
              GPtrArray  *media)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtEncryptionKey) key = vt_encryption_key_new (test_public_b64, "residence", &error);
  VtEncryptedSubmission *sub;

  g_assert_no_error (error);
  g_assert_cmpuint (vt_encryption_key_get_bits (key), ==, 2048);
  sub = vt_encryption_encrypt (key, "residence", version, TEST_INSTANCE,
                               test_xml, strlen (test_xml), media, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sub);
  return sub;
}

static void
assert_media_equal (GPtrArray *got,
                    GPtrArray *want)
{
  g_assert_cmpuint (got->len, ==, want->len);
  for (guint i = 0; i < want->len; i++)
    {
      VtEncryptedFile *a = g_ptr_array_index (got, i);
      VtEncryptedFile *b = g_ptr_array_index (want, i);

      g_assert_cmpstr (a->name, ==, b->name);
      g_assert_true (g_bytes_equal (a->bytes, b->bytes));
    }
}

static void
test_round_trip (void)
{
  g_autoptr(GPtrArray) media = make_media (4);
  g_autoptr(VtEncryptedSubmission) sub = encrypt_test ("2026-1", media);
  g_autoptr(Manifest) m = parse_manifest (sub->manifest);
  g_autoptr(Decrypted) d = NULL;

  g_assert_cmpstr (m->form_id, ==, "residence");
  g_assert_cmpstr (m->version, ==, "2026-1");
  g_assert_cmpstr (m->instance_id, ==, TEST_INSTANCE);
  g_assert_cmpuint (m->media->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (m->media, 0), ==, "photo-00.jpg.enc");
  g_assert_cmpstr (g_ptr_array_index (m->media, 3), ==, "photo-03.jpg.enc");
  g_assert_cmpstr (m->encrypted_key, ==, sub->base64_encrypted_key);
  g_assert_cmpstr (m->signature, ==, sub->base64_signature);

  /* The ciphertext never contains the plaintext's words. */
  {
    VtEncryptedFile *xml_enc = g_ptr_array_index (sub->files, 4);
    gsize len;
    const char *data = g_bytes_get_data (xml_enc->bytes, &len);

    g_assert_cmpstr (xml_enc->name, ==, "submission.xml.enc");
    g_assert_cmpuint (len % 16, ==, 0);
    g_assert_cmpuint (len, >, strlen (test_xml));
    g_assert_null (g_strstr_len (data, (gssize) len, "María"));
    g_assert_null (strstr (sub->manifest, "María"));
  }

  d = decrypt_submission (test_key, sub);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->xml, ==, test_xml);
  assert_media_equal (d->media, media);
}

static void
test_no_media (void)
{
  g_autoptr(VtEncryptedSubmission) sub = encrypt_test ("7", NULL);
  g_autoptr(Manifest) m = parse_manifest (sub->manifest);
  g_autoptr(Decrypted) d = decrypt_submission (test_key, sub);

  g_assert_cmpuint (m->media->len, ==, 0);
  g_assert_null (strstr (sub->manifest, "<media"));
  g_assert_cmpuint (sub->files->len, ==, 1);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->xml, ==, test_xml);
}

/* More than 16 files: the counter wraps and byte 0 of the IV is raised a
 * second time. */
static void
test_many_files (void)
{
  g_autoptr(GPtrArray) media = make_media (20);
  g_autoptr(VtEncryptedSubmission) sub = encrypt_test ("2026-1", media);
  g_autoptr(Decrypted) d = decrypt_submission (test_key, sub);

  g_assert_nonnull (d);
  g_assert_cmpstr (d->xml, ==, test_xml);
  assert_media_equal (d->media, media);
}

/* A file larger than the 1 MiB pieces libcrypto is handed at a time. */
static void
test_large_file (void)
{
  g_autoptr(GPtrArray) media = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_encrypted_file_free);
  gsize size = (gsize) 2621447;
  guint8 *data = g_malloc (size);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VtEncryptedSubmission) sub = NULL;
  g_autoptr(Decrypted) d = NULL;

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 7 + (i >> 12));
  bytes = g_bytes_new_take (data, size);
  g_ptr_array_add (media, vt_encrypted_file_new ("scan.pdf", bytes));
  sub = encrypt_test ("2026-1", media);
  g_assert_cmpuint (g_bytes_get_size (((VtEncryptedFile *) g_ptr_array_index (sub->files, 0))->bytes), ==,
                    size + 16 - size % 16);
  d = decrypt_submission (test_key, sub);
  g_assert_nonnull (d);
  assert_media_equal (d->media, media);
}

static void
test_no_version (void)
{
  g_autoptr(VtEncryptedSubmission) sub = encrypt_test ("", NULL);
  g_autoptr(VtEncryptedSubmission) sub2 = encrypt_test (NULL, NULL);
  g_autoptr(Manifest) m = parse_manifest (sub->manifest);
  g_autoptr(Decrypted) d = decrypt_submission (test_key, sub);
  g_autoptr(Decrypted) d2 = decrypt_submission (test_key, sub2);

  /* No version attribute, and no version line in the signature (the
   * decryptor leaves it out when the attribute is absent). */
  g_assert_null (m->version);
  g_assert_null (strstr (sub->manifest, "version="));
  g_assert_nonnull (d);
  g_assert_nonnull (d2);
}

static void
test_fresh_key (void)
{
  g_autoptr(GPtrArray) media = make_media (2);
  g_autoptr(VtEncryptedSubmission) a = encrypt_test ("2026-1", media);
  g_autoptr(VtEncryptedSubmission) b = encrypt_test ("2026-1", media);
  g_autoptr(Decrypted) da = decrypt_submission (test_key, a);
  g_autoptr(Decrypted) db = decrypt_submission (test_key, b);

  g_assert_nonnull (da);
  g_assert_nonnull (db);
  g_assert_cmpstr (da->xml, ==, db->xml);
  g_assert_true (memcmp (da->key, db->key, 32) != 0);
  g_assert_cmpstr (a->base64_encrypted_key, !=, b->base64_encrypted_key);
  for (guint i = 0; i < a->files->len; i++)
    {
      VtEncryptedFile *fa = g_ptr_array_index (a->files, i);
      VtEncryptedFile *fb = g_ptr_array_index (b->files, i);

      g_assert_false (g_bytes_equal (fa->bytes, fb->bytes));
    }

  /* The library's IVs are the spec's for each key. */
  for (guint run = 0; run < 2; run++)
    {
      const guint8 *key = run == 0 ? da->key : db->key;
      guint8 ivs[3][16];

      spec_ivs (TEST_INSTANCE, key, 3, ivs);
      for (guint n = 0; n < 3; n++)
        {
          guint8 iv[16];

          vt_encryption_derive_iv (TEST_INSTANCE, key, n, iv);
          g_assert_cmpmem (iv, 16, ivs[n], 16);
        }
    }
}

static void
hex_to_bytes (const char *hex,
              guint8     *out)
{
  for (guint i = 0; i < 16; i++)
    out[i] = (guint8) (g_ascii_xdigit_value (hex[2 * i]) * 16 + g_ascii_xdigit_value (hex[2 * i + 1]));
}

/* Known answers from ODK Central's test suite (test/unit/util/crypto.js,
 * "iv generation"), which decrypts what Collect sends. */
static void
test_iv_known_answers (void)
{
  static const struct { guint n; const char *hex; } want[] = {
    { 0,  "39bbb0890f3222269da68b172146477a" },
    { 1,  "39bcb0890f3222269da68b172146477a" },
    { 8,  "39bcb18a103323279ea68b172146477a" },
    { 15, "39bcb18a103323279ea78c182247487b" },
    { 23, "3abdb28b113424289ea78c182247487b" },
    { 31, "3abdb28b113424289fa88d192348497c" },
  };
  gsize key_len = 0;
  g_autofree guint8 *key = g_base64_decode ("3TJoHf74zHbDwG3Ta+bcvfUr50C6yF/astfu+CdSnQU=", &key_len);

  g_assert_cmpuint (key_len, ==, 32);
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      guint8 iv[16], expected[16];

      hex_to_bytes (want[i].hex, expected);
      vt_encryption_derive_iv ("uuid:22525f8e-4f2d-41ed-94da-4c46a2478448", key, want[i].n, iv);
      g_assert_cmpmem (iv, 16, expected, 16);
    }
}

/* The verifier can fail: one flipped bit of ciphertext is caught. */
static void
test_tamper (void)
{
  g_autoptr(GPtrArray) media = make_media (2);
  g_autoptr(VtEncryptedSubmission) sub = encrypt_test ("2026-1", media);
  VtEncryptedFile *photo = g_ptr_array_index (sub->files, 1);
  gsize len;
  guint8 *data = g_bytes_unref_to_data (photo->bytes, &len);

  data[0] ^= 0x01;
  photo->bytes = g_bytes_new_take (data, len);
  g_assert_null (decrypt_submission (test_key, sub));
}

static void
test_escaping (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtEncryptionKey) key = vt_encryption_key_new (test_public_b64, "a&b", &error);
  g_autoptr(GPtrArray) media = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_encrypted_file_free);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("x", 1);
  g_autoptr(VtEncryptedSubmission) sub = NULL;
  g_autoptr(Manifest) m = NULL;
  g_autoptr(Decrypted) d = NULL;

  g_assert_no_error (error);
  g_ptr_array_add (media, vt_encrypted_file_new ("R&D <plan>.pdf", bytes));
  sub = vt_encryption_encrypt (key, "a&b", "v\"1'", TEST_INSTANCE, "<x/>", 4, media, &error);
  g_assert_no_error (error);
  m = parse_manifest (sub->manifest);
  g_assert_cmpstr (m->form_id, ==, "a&b");
  g_assert_cmpstr (m->version, ==, "v\"1'");
  g_assert_cmpstr (g_ptr_array_index (m->media, 0), ==, "R&D <plan>.pdf.enc");
  d = decrypt_submission (test_key, sub);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->xml, ==, "<x/>");
}

static void
assert_key_error (const char *b64,
                  const char *must_contain)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtEncryptionKey) key = vt_encryption_key_new (b64, "birth-registration", &error);

  g_assert_null (key);
  g_assert_error (error, VT_ENCRYPTION_ERROR, VT_ENCRYPTION_ERROR_KEY);
  g_assert_nonnull (strstr (error->message, "birth-registration"));
  if (must_contain != NULL)
    g_assert_nonnull (strstr (error->message, must_contain));
  g_assert_cmpuint (ERR_peek_error (), ==, 0);
}

static void
test_bad_key (void)
{
  g_autofree char *garbage = g_base64_encode ((const guchar *) "this is not DER at all", 22);
  g_autofree char *truncated = g_strndup (test_public_b64, 200);
  g_autofree char *trailing = NULL;
  EVP_PKEY *ec = EVP_PKEY_Q_keygen (NULL, NULL, "EC", "P-256");
  EVP_PKEY *small = EVP_PKEY_Q_keygen (NULL, NULL, "RSA", (size_t) 1024);
  g_autofree char *ec_b64 = public_key_base64 (ec);
  g_autofree char *small_b64 = public_key_base64 (small);

  {
    /* Valid DER followed by more bytes is not a key either. */
    gsize len;
    g_autofree guint8 *der = g_base64_decode (test_public_b64, &len);
    g_autofree guint8 *more = g_malloc (len + 3);

    memcpy (more, der, len);
    memcpy (more + len, "xyz", 3);
    trailing = g_base64_encode (more, len + 3);
  }

  assert_key_error ("", "base64");
  assert_key_error ("not base64!!", "base64");
  assert_key_error ("QUJD=A==", "base64");
  assert_key_error (garbage, "RSA public key");
  assert_key_error (truncated, NULL);
  assert_key_error (trailing, "RSA public key");
  assert_key_error (ec_b64, "not an RSA key");
  assert_key_error (small_b64, "1024");

  EVP_PKEY_free (ec);
  EVP_PKEY_free (small);
}

/* The attribute's value as form authors paste it: wrapped lines, or the
 * whole PEM file. */
static void
test_key_formats (void)
{
  g_autoptr(GString) wrapped = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtEncryptionKey) k1 = NULL;
  g_autoptr(VtEncryptionKey) k2 = NULL;
  BIO *bio = BIO_new (BIO_s_mem ());
  char *pem_data = NULL;
  long pem_len;
  g_autofree char *pem = NULL;

  for (const char *p = test_public_b64; *p != '\0'; p++)
    {
      g_string_append_c (wrapped, *p);
      if ((p - test_public_b64) % 64 == 63)
        g_string_append (wrapped, "\n    ");
    }
  k1 = vt_encryption_key_new (wrapped->str, "f", &error);
  g_assert_no_error (error);
  g_assert_nonnull (k1);

  g_assert_cmpint (PEM_write_bio_PUBKEY (bio, test_key), ==, 1);
  pem_len = BIO_get_mem_data (bio, &pem_data);
  pem = g_strndup (pem_data, (gsize) pem_len);
  BIO_free (bio);
  k2 = vt_encryption_key_new (pem, "f", &error);
  g_assert_no_error (error);
  g_assert_nonnull (k2);
}

static void
test_bad_names (void)
{
  static const char *bad[] = { "", "../etc/passwd", "dir/a.jpg", ".hidden", "submission.xml", "a\nb.jpg" };
  g_autoptr(GError) error = NULL;
  g_autoptr(VtEncryptionKey) key = vt_encryption_key_new (test_public_b64, "residence", &error);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("x", 1);

  g_assert_no_error (error);
  for (guint i = 0; i <= G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GPtrArray) media = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_encrypted_file_free);
      g_autoptr(VtEncryptedSubmission) sub = NULL;

      if (i < G_N_ELEMENTS (bad))
        g_ptr_array_add (media, vt_encrypted_file_new (bad[i], bytes));
      else
        {
          /* The same name twice. */
          g_ptr_array_add (media, vt_encrypted_file_new ("a.jpg", bytes));
          g_ptr_array_add (media, vt_encrypted_file_new ("a.jpg", bytes));
        }
      sub = vt_encryption_encrypt (key, "residence", "1", TEST_INSTANCE, "<x/>", 4, media, &error);
      g_assert_null (sub);
      g_assert_error (error, VT_ENCRYPTION_ERROR, VT_ENCRYPTION_ERROR_INPUT);
      g_assert_nonnull (strstr (error->message, "residence"));
      g_clear_error (&error);
    }

  g_assert_null (vt_encryption_encrypt (key, "residence", "1", "", "<x/>", 4, NULL, &error));
  g_assert_error (error, VT_ENCRYPTION_ERROR, VT_ENCRYPTION_ERROR_INPUT);
  g_assert_nonnull (strstr (error->message, "instanceID"));
}

/* Integration with the form engine: a form with <submission
 * base64RsaPublicKey> gives submissions that are already encrypted. */

static VtForm *
load_encrypted_fixture (void)
{
  g_autofree char *path = g_build_filename (vt_test_source_root (), "tests", "fixtures", "forms",
                                            "encrypted-permit.xml", NULL);
  g_autoptr(GError) error = NULL;
  VtForm *form = vt_form_load_file (path, &error);

  g_assert_no_error (error);
  return form;
}

static EVP_PKEY *
load_fixture_private_key (void)
{
  g_autofree char *path = g_build_filename (vt_test_source_root (), "tests", "fixtures", "keys",
                                            "encrypted-permit.pem", NULL);
  g_autofree char *pem = NULL;
  gsize len = 0;
  BIO *bio;
  EVP_PKEY *pkey;

  g_assert_true (g_file_get_contents (path, &pem, &len, NULL));
  bio = BIO_new_mem_buf (pem, (int) len);
  pkey = PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL);
  BIO_free (bio);
  g_assert_nonnull (pkey);
  return pkey;
}

static void
test_form_public_key (void)
{
  g_autoptr(VtForm) form = load_encrypted_fixture ();
  g_autofree char *plain_path = g_build_filename (vt_test_source_root (), "tests", "fixtures", "forms",
                                                  "services.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) plain = vt_form_load_file (plain_path, &error);
  EVP_PKEY *priv = load_fixture_private_key ();
  g_autofree char *fixture_public = public_key_base64 (priv);

  g_assert_no_error (error);
  g_assert_cmpstr (vt_form_get_public_key (form), ==, fixture_public);
  g_assert_null (vt_form_get_public_key (plain));
  EVP_PKEY_free (priv);
}

/* A form with a bad key fails at load, naming the file and the form. */
static void
test_form_bad_key (void)
{
  static const char form_xml[] =
    "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\">"
    "<h:head><h:title>T</h:title><model>"
    "<instance><data id=\"sealed_form\"><q/><meta><instanceID/></meta></data></instance>"
    "<bind nodeset=\"/data/q\" type=\"string\"/>"
    "<submission base64RsaPublicKey=\"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\"/>"
    "</model></h:head><h:body><input ref=\"/data/q\"><label>Q</label></input></h:body></h:html>";
  g_autoptr(GError) error = NULL;
  g_autoptr(VtForm) form = vt_form_load_data (form_xml, -1, "sealed.xml", &error);

  g_assert_null (form);
  g_assert_error (error, VT_FORM_ERROR, VT_FORM_ERROR_STRUCTURE);
  g_assert_true (g_str_has_prefix (error->message, "sealed.xml: "));
  g_assert_nonnull (strstr (error->message, "sealed_form"));
}

static void
test_form_submission (void)
{
  g_autoptr(VtForm) form = load_encrypted_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VtSession) session = vt_session_new (form, NULL, &error);
  g_autoptr(GBytes) photo = g_bytes_new_static ("\xff\xd8\xff\xe0 not really a JPEG", 21);
  g_autoptr(GBytes) plan = g_bytes_new_static ("%PDF-1.4 a plan of the stall", 28);
  g_autoptr(VtSubmission) submission = NULL;
  g_autoptr(VtEncryptedSubmission) sent = g_new0 (VtEncryptedSubmission, 1);
  g_autoptr(Decrypted) d = NULL;
  g_autoptr(Manifest) m = NULL;
  EVP_PKEY *priv = load_fixture_private_key ();
  g_autofree char *instance_element = NULL;

  g_assert_no_error (error);
  g_assert_true (vt_session_set_answer (session, "/data/name", "María José Ñuñez", &error));
  g_assert_true (vt_session_set_attachment (session, "/data/stall_photo", "stall.jpg", "image/jpeg", photo, &error));
  g_assert_true (vt_session_set_attachment (session, "/data/plan", "plan.pdf", "application/pdf", plan, &error));
  g_assert_no_error (error);

  submission = vt_submission_new_from_session (session, &error);
  g_assert_no_error (error);
  g_assert_true (submission->encrypted);
  g_assert_cmpstr (submission->form_id, ==, "encrypted_permit");
  g_assert_cmpstr (submission->instance_id, ==, vt_session_get_instance_id (session));

  /* Nothing the kiosk keeps can be read back. */
  g_assert_null (strstr (submission->xml, "María"));
  g_assert_cmpuint (submission->attachments->len, ==, 3);
  for (guint i = 0; i < submission->attachments->len; i++)
    {
      VtAttachment *a = g_ptr_array_index (submission->attachments, i);
      gsize len;
      const char *data = g_bytes_get_data (a->bytes, &len);

      g_assert_cmpstr (a->content_type, ==, "application/octet-stream");
      g_assert_null (g_strstr_len (data, (gssize) len, "María"));
      g_assert_null (g_strstr_len (data, (gssize) len, "PDF"));
    }

  m = parse_manifest (submission->xml);
  g_assert_cmpstr (m->form_id, ==, "encrypted_permit");
  g_assert_cmpstr (m->version, ==, "2026112801");
  g_assert_cmpstr (m->instance_id, ==, submission->instance_id);

  /* What the server receives, decrypted as the server would. */
  sent->manifest = g_strdup (submission->xml);
  sent->files = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_encrypted_file_free);
  for (guint i = 0; i < submission->attachments->len; i++)
    {
      VtAttachment *a = g_ptr_array_index (submission->attachments, i);

      g_ptr_array_add (sent->files, vt_encrypted_file_new (a->name, a->bytes));
    }
  d = decrypt_submission (priv, sent);
  g_assert_nonnull (d);
  g_assert_nonnull (strstr (d->xml, "<name>María José Ñuñez</name>"));
  g_assert_nonnull (strstr (d->xml, "<stall_photo>stall.jpg</stall_photo>"));
  instance_element = g_strdup_printf ("<instanceID>%s</instanceID>", submission->instance_id);
  g_assert_nonnull (strstr (d->xml, instance_element));
  g_assert_cmpuint (d->media->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      VtEncryptedFile *f = g_ptr_array_index (d->media, i);

      if (g_str_equal (f->name, "stall.jpg"))
        g_assert_true (g_bytes_equal (f->bytes, photo));
      else
        {
          g_assert_cmpstr (f->name, ==, "plan.pdf");
          g_assert_true (g_bytes_equal (f->bytes, plan));
        }
    }
  EVP_PKEY_free (priv);
}

static void
assert_item_is (VtStoreItem  *item,
                VtSubmission *submission)
{
  g_assert_cmpstr (item->instance_id, ==, submission->instance_id);
  g_assert_cmpstr (item->xml, ==, submission->xml);
  g_assert_cmpuint (item->attachments->len, ==, submission->attachments->len);
  for (guint i = 0; i < submission->attachments->len; i++)
    {
      VtAttachment *want = g_ptr_array_index (submission->attachments, i);
      gboolean found = FALSE;

      for (guint j = 0; j < item->attachments->len; j++)
        {
          VtAttachment *got = g_ptr_array_index (item->attachments, j);

          if (g_str_equal (got->name, want->name))
            {
              vt_test_assert_attachment_equal (got, want);
              found = TRUE;
            }
        }
      g_assert_true (found);
    }
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return FALSE;
  return memmem (data, len, needle, strlen (needle)) != NULL;
}

/* The outbox keeps the ciphertext as it is: two claims (a send and a retry)
 * give the same bytes, and the database never holds the answers. */
static void
test_outbox (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("encryption-outbox");
  g_autoptr(VtForm) form = load_encrypted_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VtSession) session = vt_session_new (form, NULL, &error);
  g_autoptr(GBytes) plan = g_bytes_new_static ("%PDF-1.4 a plan of the stall", 28);
  g_autoptr(VtSubmission) submission = NULL;
  g_autoptr(VtStore) store = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *code = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *wal_path = NULL;
  VtStoreEnqueueOptions options = { 0 };
  gint64 now;

  g_assert_no_error (error);
  g_assert_true (vt_session_set_answer (session, "/data/name", "Zacarías Quispe Mamani", &error));
  g_assert_true (vt_session_set_attachment (session, "/data/plan", "plan.pdf", "application/pdf", plan, &error));
  submission = vt_submission_new_from_session (session, &error);
  g_assert_no_error (error);
  g_assert_true (submission->encrypted);

  store = vt_store_open (dir, &error);
  g_assert_no_error (error);
  db_path = g_strdup (vt_store_get_path (store));
  wal_path = g_strconcat (db_path, "-wal", NULL);
  options.service_title = "Street vendor permit";
  code = vt_store_enqueue (store, submission, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (code);

  now = g_get_real_time ();
  first = vt_store_claim (store, 10, G_USEC_PER_SEC, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 1);
  assert_item_is (g_ptr_array_index (first, 0), submission);

  /* The lease runs out without an answer: the retry sends the same bytes. */
  again = vt_store_claim (store, 10, G_USEC_PER_SEC, now + 2 * G_USEC_PER_SEC, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 1);
  assert_item_is (g_ptr_array_index (again, 0), submission);

  g_assert_false (file_contains (db_path, "Zacarías"));
  g_assert_false (file_contains (wal_path, "Zacarías"));
  g_assert_false (file_contains (db_path, "a plan of the stall"));
  g_assert_false (file_contains (wal_path, "a plan of the stall"));
  /* …while the same check does find what is stored in the clear. */
  g_assert_true (file_contains (db_path, "Street vendor permit") || file_contains (wal_path, "Street vendor permit"));

  g_clear_pointer (&store, vt_store_close);
  vt_test_rmdir_recursive (dir);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  test_key = EVP_PKEY_Q_keygen (NULL, NULL, "RSA", (size_t) 2048);
  g_assert_nonnull (test_key);
  test_public_b64 = public_key_base64 (test_key);

  g_test_add_func ("/vt/encryption/round-trip", test_round_trip);
  g_test_add_func ("/vt/encryption/no-media", test_no_media);
  g_test_add_func ("/vt/encryption/many-files", test_many_files);
  g_test_add_func ("/vt/encryption/large-file", test_large_file);
  g_test_add_func ("/vt/encryption/no-version", test_no_version);
  g_test_add_func ("/vt/encryption/fresh-key", test_fresh_key);
  g_test_add_func ("/vt/encryption/iv-known-answers", test_iv_known_answers);
  g_test_add_func ("/vt/encryption/tamper", test_tamper);
  g_test_add_func ("/vt/encryption/escaping", test_escaping);
  g_test_add_func ("/vt/encryption/bad-key", test_bad_key);
  g_test_add_func ("/vt/encryption/key-formats", test_key_formats);
  g_test_add_func ("/vt/encryption/bad-names", test_bad_names);
  g_test_add_func ("/vt/encryption/form-public-key", test_form_public_key);
  g_test_add_func ("/vt/encryption/form-bad-key", test_form_bad_key);
  g_test_add_func ("/vt/encryption/form-submission", test_form_submission);
  g_test_add_func ("/vt/encryption/outbox", test_outbox);

  ret = g_test_run ();

  EVP_PKEY_free (test_key);
  g_free (test_public_b64);
  return ret;
}
