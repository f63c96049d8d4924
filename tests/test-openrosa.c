#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vt-openrosa.h"
#include "vt-test-server.h"
#include "vt-test-utils.h"

/* ---- helpers ---------------------------------------------------------------- */

static VtSubmission *
make_submission (const char *instance_id,
                 const char *name)
{
  VtSubmission *s = g_new0 (VtSubmission, 1);

  s->instance_id = g_strdup (instance_id);
  s->form_id = g_strdup ("permit");
  s->form_version = g_strdup ("1");
  s->xml = g_strdup_printf ("<?xml version=\"1.0\"?><data id=\"permit\" version=\"1\"><name>%s</name>"
                            "<meta><instanceID>%s</instanceID></meta></data>", name, instance_id);
  s->attachments = g_ptr_array_new ();
  return s;
}

static void
free_submission (VtSubmission *s)
{
  for (guint i = 0; i < s->attachments->len; i++)
    {
      VtAttachment *a = g_ptr_array_index (s->attachments, i);
      g_free (a->name);
      g_free (a->content_type);
      g_bytes_unref (a->bytes);
      g_free (a);
    }
  g_ptr_array_unref (s->attachments);
  g_free (s->instance_id);
  g_free (s->form_id);
  g_free (s->form_version);
  g_free (s->xml);
  g_free (s);
}

typedef VtSubmission TestSub;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestSub, free_submission)

typedef struct
{
  VtTestServer *server;
  VtConfig     *config;
  VtOpenRosa   *client;
  char         *dir;
} Fixture;

static void
setup_with (Fixture                   *f,
            const VtTestServerOptions *options,
            const char                *password_for_client)
{
  g_autoptr(GError) error = NULL;

  f->dir = vt_test_make_tmpdir ("openrosa");
  f->server = vt_test_server_new (options, &error);
  g_assert_no_error (error);
  f->config = vt_config_new_default ();
  f->config->server_url = g_strdup (vt_test_server_get_url (f->server));
  /* The test server speaks plain http unless options ask for TLS. */
  f->config->allow_http = TRUE;
  if (password_for_client != NULL)
    {
      g_autofree char *pw = vt_test_write_file (f->dir, "password", password_for_client);
      f->config->username = g_strdup (options->username);
      f->config->password_file = g_strdup (pw);
      g_chmod (pw, 0600);
    }
  if (options != NULL && options->tls && g_strcmp0 (g_getenv ("VT_NO_CA"), "1") != 0)
    f->config->ca_file = g_strdup (vt_test_server_get_ca_file (f->server));
  f->client = vt_openrosa_new (f->config, &error);
  g_assert_no_error (error);
  vt_openrosa_set_timeouts (f->client, 5, 5, 30);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  VtTestServerOptions options = { 0 };

  setup_with (f, &options, NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_pointer (&f->client, vt_openrosa_free);
  g_clear_pointer (&f->server, vt_test_server_free);
  g_clear_pointer (&f->config, vt_config_free);
  vt_test_rmdir_recursive (f->dir);
  g_free (f->dir);
}

static VtOpenRosaReply *
submit (Fixture    *f,
        const char *id,
        const char *name)
{
  g_autoptr(TestSub) s = make_submission (id, name);

  return vt_openrosa_submit (f->client, s, NULL);
}

/* ---- parsers ------------------------------------------------------------------ */

static void
test_parse_form_list (void)
{
  const char *xml =
    "<xforms xmlns=\"http://openrosa.org/xforms/xformsList\">"
    "<xform><formID>a</formID><name>A</name><version></version><hash>md5:00</hash>"
    "<downloadUrl>https://x/v1/key/ab!$c/projects/1/forms/a.xml</downloadUrl></xform>"
    "<xform><formID>b</formID><name>B</name><version>2</version><hash>md5:11</hash>"
    "<downloadUrl>https://x/b.xml</downloadUrl><manifestUrl>https://x/b/manifest</manifestUrl></xform>"
    "<xform><name>no id</name></xform>"
    "</xforms>";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) forms = vt_openrosa_parse_form_list (xml, strlen (xml), &error);
  VtOpenRosaFormInfo *a, *b;

  g_assert_no_error (error);
  g_assert_cmpuint (forms->len, ==, 2);
  a = g_ptr_array_index (forms, 0);
  b = g_ptr_array_index (forms, 1);
  g_assert_cmpstr (a->form_id, ==, "a");
  g_assert_cmpstr (a->version, ==, "");
  g_assert_cmpstr (a->download_url, ==, "https://x/v1/key/ab!$c/projects/1/forms/a.xml");
  g_assert_null (a->manifest_url);
  g_assert_cmpstr (b->version, ==, "2");
  g_assert_cmpstr (b->manifest_url, ==, "https://x/b/manifest");

  g_assert_null (vt_openrosa_parse_form_list ("<html>login</html>", 18, &error));
  g_assert_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_NOT_OPENROSA);
}

static void
test_parse_manifest (void)
{
  const char *good = "<manifest xmlns=\"http://openrosa.org/xforms/xformsManifest\">"
                     "<mediaFile><filename>logo.png</filename><hash>md5:aa</hash><downloadUrl>https://x/l</downloadUrl></mediaFile>"
                     "</manifest>";
  const char *evil = "<manifest><mediaFile><filename>../../etc/passwd</filename><hash>md5:aa</hash>"
                     "<downloadUrl>https://x/l</downloadUrl></mediaFile></manifest>";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = vt_openrosa_parse_manifest (good, strlen (good), &error);

  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 1);
  g_assert_cmpstr (((VtOpenRosaMediaFile *) files->pdata[0])->filename, ==, "logo.png");
  g_assert_null (vt_openrosa_parse_manifest (evil, strlen (evil), &error));
  g_assert_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_PARSE);
}

static GPtrArray *
parse_manifest_naming (const char  *filename,
                       GError     **error)
{
  g_autofree char *xml = g_strdup_printf ("<manifest xmlns=\"http://openrosa.org/xforms/xformsManifest\">"
                                          "<mediaFile><filename>%s</filename><hash>md5:aa</hash>"
                                          "<downloadUrl>https://x/l</downloadUrl></mediaFile></manifest>",
                                          filename);

  return vt_openrosa_parse_manifest (xml, strlen (xml), error);
}

/* A media file's name becomes a file the form refers to: a plain name,
 * as a bundle's attachment names are, or the whole manifest is refused. */
static void
test_manifest_file_names (void)
{
  static const char *const refused[] = {
    "..", ".", ".hidden.png", "../logo.png", "sub/logo.png", "sub\\logo.png", "C:\\logo.png",
    "a&#10;b.png", "a&#9;b.png", "a&#127;b.png", "a&#x1F;b.png",
  };
  static const char *const accepted[] = {
    "logo.png", "niños y niñas.csv", "file..name.png", "a-b_c (1).jpg",
  };
  g_autofree char *long_name = g_strnfill (256, 'a');

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) files = parse_manifest_naming (refused[i], &error);

      if (files != NULL)
        g_error ("the manifest name %s was accepted", refused[i]);
      g_assert_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_PARSE);
    }
  {
    g_autoptr(GError) error = NULL;
    g_assert_null (parse_manifest_naming (long_name, &error));
    g_assert_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_PARSE);
  }
  for (gsize i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) files = parse_manifest_naming (accepted[i], &error);

      g_assert_no_error (error);
      g_assert_cmpuint (files->len, ==, 1);
      g_assert_cmpstr (((VtOpenRosaMediaFile *) files->pdata[0])->filename, ==, accepted[i]);
    }
}

static void
test_parse_misc (void)
{
  const char *ok = "<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\" items=\"0\">"
                   "<message nature=\"\">full submission upload was successful!</message></OpenRosaResponse>";
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 28, 12, 0, 0);
  gboolean is_openrosa = FALSE;
  g_autofree char *message = vt_openrosa_parse_response_message (ok, strlen (ok), &is_openrosa);
  g_autofree char *r1 = vt_openrosa_redact_url ("https://c.example.org/v1/key/a!b$c/projects/3");
  g_autofree char *r2 = vt_openrosa_redact_url ("https://kiosk:secret@c.example.org/x");

  g_assert_true (is_openrosa);
  g_assert_cmpstr (message, ==, "full submission upload was successful!");
  g_assert_cmpfloat (vt_openrosa_parse_retry_after ("120", now), ==, 120);
  g_assert_cmpfloat (vt_openrosa_parse_retry_after ("Sat, 28 Nov 2026 12:00:30 GMT", now), ==, 30);
  g_assert_cmpfloat (vt_openrosa_parse_retry_after ("soon", now), ==, -1);
  g_assert_cmpfloat (vt_openrosa_parse_retry_after (NULL, now), ==, -1);
  g_assert_null (strstr (r1, "a!b$c"));
  g_assert_nonnull (strstr (r1, "/projects/3"));
  g_assert_null (strstr (r2, "secret"));
}

/* The answer to each POST, as servers word it: what counts as an OpenRosa
 * response and which text is its message. */
static void
test_parse_response (void)
{
  static const struct
  {
    const char *xml;
    gboolean    is_openrosa;
    const char *message;
  } cases[] = {
    /* ODK Central, with a namespace prefix, the message in CDATA. */
    { "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\">"
      "<message nature=\"submit_success\">Well done!</message></OpenRosaResponse>", TRUE, "Well done!" },
    { "<orx:OpenRosaResponse xmlns:orx=\"http://openrosa.org/http/response\">"
      "<orx:message>  prefixed  </orx:message></orx:OpenRosaResponse>", TRUE, "prefixed" },
    { "<OpenRosaResponse><message><![CDATA[a <b> & c]]></message></OpenRosaResponse>", TRUE, "a <b> & c" },
    /* Only the first message; text of its children included; entities. */
    { "<OpenRosaResponse><message>one <i>two</i> &amp; three</message><message>four</message></OpenRosaResponse>",
      TRUE, "one two & three" },
    /* A message deeper down is not the response's message. */
    { "<OpenRosaResponse><x><message>deep</message></x></OpenRosaResponse>", TRUE, NULL },
    /* A bare <message> (some servers' errors) is a message, not a response. */
    { "<message>Form is closed</message>", FALSE, "Form is closed" },
    /* Another encoding declared: GMarkup cannot, libxml2 does. */
    { "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><OpenRosaResponse><message>Recibido con \xe9xito</message>"
      "</OpenRosaResponse>", TRUE, "Recibido con \xc3\xa9xito" },
    /* A captive portal's page and plain garbage. */
    { "<html><body><p>Log in to use the Wi-Fi</p></body></html>", FALSE, NULL },
    { "<html><body>unclosed", FALSE, NULL },
    { "Service Unavailable", FALSE, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean is_openrosa = !cases[i].is_openrosa;
      g_autofree char *message = vt_openrosa_parse_response_message (cases[i].xml, strlen (cases[i].xml),
                                                                     &is_openrosa);
      /* Escaped: one case is not UTF-8, and the TAP log must be. */
      g_autofree char *shown = g_strescape (cases[i].xml, NULL);

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, shown);
      g_assert_cmpint (is_openrosa, ==, cases[i].is_openrosa);
      g_assert_cmpstr (message, ==, cases[i].message);
    }
  g_assert_null (vt_openrosa_parse_response_message ("", 0, NULL));
}

/* ---- answers --------------------------------------------------------------------- */

static void
test_sent_duplicate_conflict (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(VtOpenRosaReply) r1 = submit (f, "uuid:a1", "Ana");
  g_autoptr(VtOpenRosaReply) r2 = submit (f, "uuid:a1", "Ana");
  g_autoptr(VtOpenRosaReply) r3 = submit (f, "uuid:a1", "Eva");
  g_autoptr(VtOpenRosaReply) r4 = submit (f, "uuid:a2", "Eva");

  g_assert_cmpint (r1->outcome, ==, VT_OPENROSA_OUTCOME_SENT);
  g_assert_cmpint (r1->http_status, ==, 201);
  g_assert_cmpstr (r1->message, ==, "full submission upload was successful!");
  g_assert_nonnull (strstr (r1->response, "<OpenRosaResponse"));
  g_assert_cmpint (r2->outcome, ==, VT_OPENROSA_OUTCOME_SENT);
  g_assert_cmpstr (r2->message, ==, r1->message);
  g_assert_cmpstr (r2->response, ==, r1->response);
  g_assert_cmpint (r3->outcome, ==, VT_OPENROSA_OUTCOME_REJECTED);
  g_assert_cmpint (r3->error_code, ==, VT_OPENROSA_ERROR_CONFLICT);
  g_assert_nonnull (strstr (r3->message, "different XML"));
  g_assert_nonnull (strstr (r3->response, "different XML"));
  /* Each answer is read for what it says, even right after another one. */
  g_assert_cmpint (r4->outcome, ==, VT_OPENROSA_OUTCOME_SENT);
  g_assert_cmpstr (r4->message, ==, r1->message);
  g_assert_cmpstr (r4->response, ==, r1->response);
  g_assert_cmpuint (vt_test_server_count_instances (f->server), ==, 2);
  g_assert_cmpuint (vt_test_server_get_count (f->server, "duplicates"), ==, 1);
  g_assert_cmpuint (vt_test_server_get_count (f->server, "409"), ==, 1);
  /* Every request carried X-OpenRosa-Version (else 400) and a Date. */
  g_assert_cmpuint (vt_test_server_get_count (f->server, "400"), ==, 0);
  g_assert_cmpuint (vt_test_server_get_count (f->server, "no-date"), ==, 0);
}

static void
test_attachments_and_split (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(TestSub) s = make_submission ("uuid:att", "Ana");
  g_autoptr(VtOpenRosaReply) reply = NULL;

  for (int i = 0; i < 3; i++)
    {
      VtAttachment *a = g_new0 (VtAttachment, 1);
      a->name = g_strdup_printf ("photo%d.jpg", i);
      a->content_type = g_strdup ("image/jpeg");
      a->bytes = g_bytes_new_take (g_malloc0 (4000), 4000);
      g_ptr_array_add (s->attachments, a);
    }
  reply = vt_openrosa_submit (f->client, s, NULL);
  g_assert_cmpint (reply->outcome, ==, VT_OPENROSA_OUTCOME_SENT);
  g_assert_cmpuint (vt_test_server_count_attachments (f->server, "uuid:att"), ==, 3);
  /* One POST: everything fits under the server's accepted length. */
  g_assert_cmpuint (vt_test_server_get_count (f->server, "posts"), ==, 1);
}

/* One connection carries submissions of both shapes in turn: each POST
 * must carry its own XML, whatever the handle sent before it (the body of
 * an XML-only submission is kept by its handle and refilled; one with
 * attachments has a body of its own). */
static void
test_each_post_its_own_body (Fixture       *f,
                             gconstpointer  data)
{
  const char *names[] = { "Ana", "Bernardo de la Cruz Villanueva", "Eva", "Luis", "Ana María" };
  g_autoptr(GPtrArray) subs = g_ptr_array_new_with_free_func ((GDestroyNotify) free_submission);

  vt_openrosa_set_parallel (f->client, 1);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:shape-%u", i);
      VtSubmission *s = make_submission (id, names[i]);
      g_autoptr(VtOpenRosaReply) reply = NULL;

      /* The third comes with a photo. */
      if (i == 2)
        {
          VtAttachment *a = g_new0 (VtAttachment, 1);
          a->name = g_strdup ("photo.jpg");
          a->content_type = g_strdup ("image/jpeg");
          a->bytes = g_bytes_new_take (g_malloc0 (1000), 1000);
          g_ptr_array_add (s->attachments, a);
        }
      g_ptr_array_add (subs, s);
      reply = vt_openrosa_submit (f->client, s, NULL);
      g_assert_cmpint (reply->outcome, ==, VT_OPENROSA_OUTCOME_SENT);
    }

  g_assert_cmpuint (vt_test_server_get_count (f->server, "posts"), ==, G_N_ELEMENTS (names));
  g_assert_cmpuint (vt_test_server_get_count (f->server, "duplicates"), ==, 0);
  for (guint i = 0; i < subs->len; i++)
    {
      VtSubmission *s = g_ptr_array_index (subs, i);
      g_autofree char *stored = vt_test_server_get_xml (f->server, s->instance_id);

      g_assert_cmpstr (stored, ==, s->xml);
      g_assert_cmpuint (vt_test_server_count_attachments (f->server, s->instance_id), ==, i == 2 ? 1 : 0);
    }
}

static void
test_split_by_accept_length (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(TestSub) s = make_submission ("uuid:split", "Ana");
  g_autoptr(TestSub) huge = make_submission ("uuid:huge", "Ana");
  g_autoptr(VtOpenRosaReply) reply = NULL;
  g_autoptr(VtOpenRosaReply) refused = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 3; i++)
    {
      VtAttachment *a = g_new0 (VtAttachment, 1);
      a->name = g_strdup_printf ("scan%d.pdf", i);
      a->content_type = g_strdup ("application/pdf");
      a->bytes = g_bytes_new_take (g_malloc0 (4000), 4000);
      g_ptr_array_add (s->attachments, a);
    }
  {
    VtAttachment *a = g_new0 (VtAttachment, 1);
    a->name = g_strdup ("video.mp4");
    a->bytes = g_bytes_new_take (g_malloc0 (20000), 20000);
    g_ptr_array_add (huge->attachments, a);
  }

  /* The server takes at most 6,000 bytes a request: one attachment each,
   * the same XML every time. */
  vt_test_server_set_accept_length (f->server, 6000);
  g_assert_true (vt_openrosa_probe (f->client, NULL, NULL, &error));
  reply = vt_openrosa_submit (f->client, s, NULL);
  g_assert_cmpint (reply->outcome, ==, VT_OPENROSA_OUTCOME_SENT);
  g_assert_cmpuint (vt_test_server_get_count (f->server, "posts"), ==, 3);
  g_assert_cmpuint (vt_test_server_count_attachments (f->server, "uuid:split"), ==, 3);
  g_assert_cmpuint (vt_test_server_get_count (f->server, "409"), ==, 0);

  refused = vt_openrosa_submit (f->client, huge, NULL);
  g_assert_cmpint (refused->outcome, ==, VT_OPENROSA_OUTCOME_REJECTED);
  g_assert_cmpint (refused->error_code, ==, VT_OPENROSA_ERROR_TOO_LARGE);
  g_assert_cmpuint (vt_test_server_get_count (f->server, "posts"), ==, 3);
}

typedef struct
{
  guint             fault;
  VtOpenRosaOutcome outcome;
  VtOpenRosaError   code;
  int               status;
} FaultCase;

static void
test_faults (Fixture       *f,
             gconstpointer  data)
{
  const FaultCase cases[] = {
    { VT_TEST_FAULT_500, VT_OPENROSA_OUTCOME_RETRY, VT_OPENROSA_ERROR_SERVER, 500 },
    { VT_TEST_FAULT_503_RETRY_AFTER, VT_OPENROSA_OUTCOME_RETRY, VT_OPENROSA_ERROR_SERVER, 503 },
    { VT_TEST_FAULT_429, VT_OPENROSA_OUTCOME_RETRY, VT_OPENROSA_ERROR_SERVER, 429 },
    { VT_TEST_FAULT_401, VT_OPENROSA_OUTCOME_AUTH, VT_OPENROSA_ERROR_AUTH, 401 },
    { VT_TEST_FAULT_RESET_BEFORE_BODY, VT_OPENROSA_OUTCOME_RETRY, VT_OPENROSA_ERROR_NETWORK, 0 },
    { VT_TEST_FAULT_RESET_AFTER_STORE, VT_OPENROSA_OUTCOME_RETRY, VT_OPENROSA_ERROR_NETWORK, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:fault-%" G_GSIZE_FORMAT, i);
      g_autoptr(VtOpenRosaReply) reply = NULL;
      g_autoptr(VtOpenRosaReply) again = NULL;

      vt_test_server_set_faults (f->server, 1.0, cases[i].fault);
      reply = submit (f, id, "Ana");
      g_test_message ("fault %#x: %s", cases[i].fault, reply->message);
      g_assert_cmpint (reply->outcome, ==, cases[i].outcome);
      g_assert_cmpint (reply->error_code, ==, cases[i].code);
      g_assert_cmpint (reply->http_status, ==, cases[i].status);
      g_assert_nonnull (reply->message);
      if (cases[i].fault == VT_TEST_FAULT_503_RETRY_AFTER)
        g_assert_cmpfloat (reply->retry_after, ==, 1);
      else if (cases[i].fault == VT_TEST_FAULT_429)
        g_assert_cmpfloat (reply->retry_after, ==, 0);
      else
        g_assert_cmpfloat (reply->retry_after, ==, -1);
      g_assert_cmpint (vt_test_server_has_instance (f->server, id), ==,
                       cases[i].fault == VT_TEST_FAULT_RESET_AFTER_STORE);

      /* The same XML again once the fault is gone: delivered, stored once. */
      vt_test_server_set_faults (f->server, 0, 0);
      again = submit (f, id, "Ana");
      g_assert_cmpint (again->outcome, ==, VT_OPENROSA_OUTCOME_SENT);
      g_assert_true (vt_test_server_has_instance (f->server, id));
    }
  g_assert_cmpuint (vt_test_server_get_count (f->server, "409"), ==, 0);
}

static void
test_stall (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(VtOpenRosaReply) reply = NULL;
  g_autoptr(VtOpenRosaReply) slow = NULL;
  g_autoptr(VtOpenRosaReply) before = submit (f, "uuid:before-stall", "Ana");

  /* New timeouts apply to the connections already set up for posting. */
  g_assert_cmpint (before->outcome, ==, VT_OPENROSA_OUTCOME_SENT);
  vt_openrosa_set_timeouts (f->client, 2, 1, 1.2);
  vt_test_server_set_delays (f->server, 2500, 100);
  vt_test_server_set_faults (f->server, 1.0, VT_TEST_FAULT_STALL);
  reply = submit (f, "uuid:stall", "Ana");
  g_assert_cmpint (reply->outcome, ==, VT_OPENROSA_OUTCOME_RETRY);
  g_assert_cmpint (reply->error_code, ==, VT_OPENROSA_ERROR_TIMEOUT);

  vt_test_server_set_faults (f->server, 1.0, VT_TEST_FAULT_SLOW);
  slow = submit (f, "uuid:slow", "Ana");
  g_assert_cmpint (slow->outcome, ==, VT_OPENROSA_OUTCOME_SENT);
}

static void
test_rejected_keeps_message (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(VtOpenRosaReply) reply = NULL;

  vt_test_server_set_mode (f->server, VT_TEST_MODE_REJECT_ALL);
  reply = submit (f, "uuid:r", "Ana");
  g_assert_cmpint (reply->outcome, ==, VT_OPENROSA_OUTCOME_REJECTED);
  g_assert_cmpint (reply->http_status, ==, 400);
  g_assert_nonnull (strstr (reply->message, "This form does not accept submissions."));
}

static void
test_captive_portal (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtOpenRosaReply) reply = NULL;
  g_autoptr(GPtrArray) forms = NULL;
  VtOpenRosaProbe probe;

  g_assert_true (vt_openrosa_probe (f->client, &probe, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (probe.online);
  g_assert_cmpint (probe.accept_content_length, ==, 100000000);

  vt_test_server_set_mode (f->server, VT_TEST_MODE_CAPTIVE);
  g_assert_false (vt_openrosa_probe (f->client, &probe, NULL, &error));
  g_assert_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_NOT_OPENROSA);
  g_assert_false (probe.online);
  g_clear_error (&error);

  /* A bare 200 is never a delivery. */
  reply = submit (f, "uuid:c", "Ana");
  g_assert_cmpint (reply->outcome, ==, VT_OPENROSA_OUTCOME_RETRY);
  g_assert_cmpint (reply->error_code, ==, VT_OPENROSA_ERROR_NOT_OPENROSA);
  g_assert_cmpint (reply->http_status, ==, 200);

  forms = vt_openrosa_list_forms (f->client, NULL, &error);
  g_assert_null (forms);
  g_assert_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_NOT_OPENROSA);
}

static void
test_oversized (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtOpenRosaReply) reply = NULL;
  g_autoptr(GPtrArray) forms = NULL;

  vt_test_server_set_mode (f->server, VT_TEST_MODE_OVERSIZED);
  reply = submit (f, "uuid:big", "Ana");
  g_assert_cmpint (reply->outcome, ==, VT_OPENROSA_OUTCOME_RETRY);
  g_assert_cmpint (reply->error_code, ==, VT_OPENROSA_ERROR_TOO_LARGE);
  forms = vt_openrosa_list_forms (f->client, NULL, &error);
  g_assert_null (forms);
  g_assert_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_TOO_LARGE);
}

static void
test_server_down (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtOpenRosaReply) reply = NULL;
  g_autoptr(VtOpenRosaReply) later = NULL;

  vt_test_server_set_up (f->server, FALSE);
  g_assert_false (vt_openrosa_probe (f->client, NULL, NULL, &error));
  g_assert_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_NETWORK);
  reply = submit (f, "uuid:down", "Ana");
  g_assert_cmpint (reply->outcome, ==, VT_OPENROSA_OUTCOME_RETRY);
  g_assert_cmpint (reply->error_code, ==, VT_OPENROSA_ERROR_NETWORK);

  vt_test_server_set_up (f->server, TRUE);
  later = submit (f, "uuid:down", "Ana");
  g_assert_cmpint (later->outcome, ==, VT_OPENROSA_OUTCOME_SENT);
}

static void
test_batch_parallel (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) subs = g_ptr_array_new_with_free_func ((GDestroyNotify) free_submission);
  g_autoptr(GPtrArray) replies = NULL;

  for (int i = 0; i < 40; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:batch-%d", i);
      g_ptr_array_add (subs, make_submission (id, "Ana"));
    }
  vt_openrosa_set_parallel (f->client, 4);
  replies = vt_openrosa_submit_batch (f->client, (VtSubmission **) subs->pdata, subs->len, NULL);
  g_assert_cmpuint (replies->len, ==, 40);
  for (guint i = 0; i < replies->len; i++)
    g_assert_cmpint (((VtOpenRosaReply *) replies->pdata[i])->outcome, ==, VT_OPENROSA_OUTCOME_SENT);
  g_assert_cmpuint (vt_test_server_count_instances (f->server), ==, 40);
}

/* ---- authentication ---------------------------------------------------------------- */

static void
test_basic_auth (void)
{
  VtTestServerOptions options = { .username = "kiosk", .password = "s3cret!" };
  Fixture good = { 0 }, bad = { 0 };
  g_autoptr(VtOpenRosaReply) ok = NULL;
  g_autoptr(VtOpenRosaReply) refused = NULL;
  g_autoptr(GError) error = NULL;

  setup_with (&good, &options, "s3cret!\n");
  ok = submit (&good, "uuid:basic", "Ana");
  g_assert_cmpint (ok->outcome, ==, VT_OPENROSA_OUTCOME_SENT);
  teardown (&good, NULL);

  setup_with (&bad, &options, "wrong");
  refused = submit (&bad, "uuid:basic", "Ana");
  g_assert_cmpint (refused->outcome, ==, VT_OPENROSA_OUTCOME_AUTH);
  g_assert_cmpint (refused->http_status, ==, 401);
  g_assert_false (vt_openrosa_probe (bad.client, NULL, NULL, &error));
  g_assert_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_AUTH);
  g_assert_cmpuint (vt_test_server_count_instances (bad.server), ==, 0);
  teardown (&bad, NULL);
}

static void
test_digest_auth (void)
{
  VtTestServerOptions options = { .username = "kiosk", .password = "pw", .digest = TRUE };
  Fixture f = { 0 };
  g_autoptr(VtOpenRosaReply) first = NULL;
  g_autoptr(VtOpenRosaReply) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) forms = NULL;

  setup_with (&f, &options, "pw");
  first = submit (&f, "uuid:digest-1", "Ana");
  g_assert_cmpint (first->outcome, ==, VT_OPENROSA_OUTCOME_SENT);
  second = submit (&f, "uuid:digest-2", "Ana");
  g_assert_cmpint (second->outcome, ==, VT_OPENROSA_OUTCOME_SENT);
  forms = vt_openrosa_list_forms (f.client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vt_test_server_count_instances (f.server), ==, 2);
  teardown (&f, NULL);
}

static void
test_app_user_token (void)
{
  VtTestServerOptions options = { .token = "Ab1!x$Yz9" };
  Fixture f = { 0 };
  g_autoptr(VtOpenRosaReply) ok = NULL;
  g_autoptr(VtOpenRosaReply) refused = NULL;
  g_autoptr(VtOpenRosa) wrong = NULL;
  g_autoptr(TestSub) s = make_submission ("uuid:tok2", "Ana");
  g_autoptr(GError) error = NULL;
  char *p;

  setup_with (&f, &options, NULL);
  g_assert_nonnull (strstr (vt_test_server_get_url (f.server), "/v1/key/Ab1!x$Yz9/projects/1"));
  ok = submit (&f, "uuid:tok", "Ana");
  g_assert_cmpint (ok->outcome, ==, VT_OPENROSA_OUTCOME_SENT);

  /* Another token is refused as Central does. */
  p = strstr (f.config->server_url, "Ab1");
  p[0] = 'X';
  wrong = vt_openrosa_new (f.config, &error);
  g_assert_no_error (error);
  refused = vt_openrosa_submit (wrong, s, NULL);
  g_assert_cmpint (refused->outcome, ==, VT_OPENROSA_OUTCOME_AUTH);
  teardown (&f, NULL);
}

static void
test_tls (void)
{
  VtTestServerOptions options = { .tls = TRUE };
  Fixture f = { 0 };
  g_autoptr(VtOpenRosaReply) ok = NULL;
  g_autoptr(VtOpenRosaReply) refused = NULL;
  g_autoptr(VtOpenRosa) untrusting = NULL;
  g_autoptr(VtOpenRosa) pinned = NULL;
  g_autoptr(TestSub) s = make_submission ("uuid:tls2", "Ana");
  g_autoptr(GError) error = NULL;

  setup_with (&f, &options, NULL);
  g_assert_true (g_str_has_prefix (vt_test_server_get_url (f.server), "https://127.0.0.1:"));
  ok = submit (&f, "uuid:tls", "Ana");
  g_assert_cmpint (ok->outcome, ==, VT_OPENROSA_OUTCOME_SENT);

  /* Without its CA the self-signed certificate is refused: nothing sent. */
  g_clear_pointer (&f.config->ca_file, g_free);
  untrusting = vt_openrosa_new (f.config, &error);
  g_assert_no_error (error);
  refused = vt_openrosa_submit (untrusting, s, NULL);
  g_assert_cmpint (refused->outcome, ==, VT_OPENROSA_OUTCOME_RETRY);
  g_assert_cmpint (refused->error_code, ==, VT_OPENROSA_ERROR_TLS);
  g_assert_false (vt_openrosa_probe (untrusting, NULL, NULL, &error));
  g_assert_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_TLS);
  g_clear_error (&error);
  g_assert_false (vt_test_server_has_instance (f.server, "uuid:tls2"));

  /* With the CA but a pin for another key: refused too. */
  f.config->ca_file = g_strdup (vt_test_server_get_ca_file (f.server));
  f.config->pinned_public_key = g_strdup ("sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  pinned = vt_openrosa_new (f.config, &error);
  g_assert_no_error (error);
  g_assert_false (vt_openrosa_probe (pinned, NULL, NULL, &error));
  g_assert_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_TLS);
  teardown (&f, NULL);
}

/* ---- forms --------------------------------------------------------------------------- */

static const char form_xml[] =
  "<?xml version=\"1.0\"?>\n"
  "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\">"
  "<h:head><h:title>Permit</h:title><model><instance><data id=\"permit\" version=\"3\"><name/>"
  "<meta><instanceID/></meta></data></instance></model></h:head><h:body/></h:html>\n";

static void
test_forms_download (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *forms_dir = g_build_filename (f->dir, "forms", NULL);
  g_autofree char *media_dir = g_build_filename (forms_dir, "permit-media", NULL);
  g_autoptr(VtTestServer) server = NULL;
  g_autoptr(VtOpenRosa) client = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(VtOpenRosaForm) form = NULL;
  g_autoptr(VtOpenRosaForm) damaged = NULL;
  VtTestServerOptions options = { 0 };
  VtOpenRosaFormInfo *info;
  g_autofree char *p1 = NULL;
  g_autofree char *p2 = NULL;

  g_mkdir_with_parents (media_dir, 0700);
  p1 = vt_test_write_file (forms_dir, "permit.xml", form_xml);
  p2 = vt_test_write_file (media_dir, "logo.png", "not really a png");
  options.forms_dir = forms_dir;
  server = vt_test_server_new (&options, &error);
  g_assert_no_error (error);
  g_free (f->config->server_url);
  f->config->server_url = g_strdup (vt_test_server_get_url (server));
  client = vt_openrosa_new (f->config, &error);
  g_assert_no_error (error);

  list = vt_openrosa_list_forms (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  info = g_ptr_array_index (list, 0);
  g_assert_cmpstr (info->form_id, ==, "permit");
  g_assert_cmpstr (info->version, ==, "3");
  g_assert_cmpstr (info->name, ==, "Permit");
  g_assert_nonnull (info->manifest_url);

  form = vt_openrosa_download_form (client, info, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (form->xml), ==, strlen (form_xml));
  g_assert_cmpuint (form->media->len, ==, 1);
  g_assert_cmpstr (((VtOpenRosaMediaFile *) form->media->pdata[0])->filename, ==, "logo.png");

  /* A file that does not match the list's hash is refused. */
  g_free (info->hash);
  info->hash = g_strdup ("md5:00000000000000000000000000000000");
  damaged = vt_openrosa_download_form (client, info, NULL, &error);
  g_assert_null (damaged);
  g_assert_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_HASH);
}

/* ---- where credentials go ------------------------------------------------ */

/* The configured server (home, with a password) and another one (away) on
 * another port, serving the same forms and counting the Authorization
 * headers it sees. */
typedef struct
{
  char         *dir;
  char         *forms_dir;
  VtTestServer *home;
  VtTestServer *away;
  VtConfig     *config;
  VtOpenRosa   *client;
} TwoServers;

static void
two_servers_set_up (TwoServers *t,
                    gboolean    home_tls)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *media_dir = NULL;
  g_autofree char *p = NULL;
  g_autofree char *pw = NULL;
  VtTestServerOptions home = { .username = "kiosk", .password = "s3cret", .tls = home_tls };
  VtTestServerOptions away = { 0 };

  t->dir = vt_test_make_tmpdir ("openrosa-away");
  t->forms_dir = g_build_filename (t->dir, "forms", NULL);
  media_dir = g_build_filename (t->forms_dir, "permit-media", NULL);
  g_mkdir_with_parents (media_dir, 0700);
  g_free (vt_test_write_file (t->forms_dir, "permit.xml", form_xml));
  g_free (vt_test_write_file (media_dir, "logo.png", "not really a png"));
  home.forms_dir = t->forms_dir;
  away.forms_dir = t->forms_dir;
  t->home = vt_test_server_new (&home, &error);
  g_assert_no_error (error);
  t->away = vt_test_server_new (&away, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vt_test_server_get_port (t->home), !=, vt_test_server_get_port (t->away));

  t->config = vt_config_new_default ();
  t->config->server_url = g_strdup (vt_test_server_get_url (t->home));
  t->config->allow_http = !home_tls;
  t->config->username = g_strdup ("kiosk");
  pw = vt_test_write_file (t->dir, "password", "s3cret\n");
  g_chmod (pw, 0600);
  t->config->password_file = g_strdup (pw);
  if (home_tls)
    t->config->ca_file = g_strdup (vt_test_server_get_ca_file (t->home));
  t->client = vt_openrosa_new (t->config, &error);
  g_assert_no_error (error);
  vt_openrosa_set_timeouts (t->client, 5, 5, 30);
}

static void
two_servers_tear_down (TwoServers *t)
{
  g_clear_pointer (&t->client, vt_openrosa_free);
  g_clear_pointer (&t->home, vt_test_server_free);
  g_clear_pointer (&t->away, vt_test_server_free);
  g_clear_pointer (&t->config, vt_config_free);
  vt_test_rmdir_recursive (t->dir);
  g_free (t->dir);
  g_free (t->forms_dir);
}

/* The form list's first entry, as the home server gives it. */
static VtOpenRosaFormInfo *
list_first (TwoServers *t)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = vt_openrosa_list_forms (t->client, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  return vt_openrosa_form_info_copy (g_ptr_array_index (list, 0));
}

/* A form list that names files on another port: they are fetched without
 * the kiosk's password, which stays with the configured server. */
static void
test_credentials_stay_home (void)
{
  TwoServers t = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VtOpenRosaFormInfo) info = NULL;
  g_autoptr(VtOpenRosaForm) form = NULL;

  two_servers_set_up (&t, FALSE);
  vt_test_server_set_files_origin (t.home, vt_test_server_get_origin (t.away));
  info = list_first (&t);
  g_assert_true (g_str_has_prefix (info->download_url, vt_test_server_get_origin (t.away)));
  /* The home server did get the credentials (it refuses requests without). */
  g_assert_cmpuint (vt_test_server_get_count (t.home, "authorization"), >, 0);

  form = vt_openrosa_download_form (t.client, info, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (form->media->len, ==, 1);
  /* The form, its file list and its file came from the other server... */
  g_assert_cmpuint (vt_test_server_get_count (t.away, "requests"), ==, 3);
  /* ...which never saw the password. */
  g_assert_cmpuint (vt_test_server_get_count (t.away, "authorization"), ==, 0);
  two_servers_tear_down (&t);
}

/* A file with no hash to check it by comes only from the configured
 * server. */
static void
test_unhashed_media_only_from_home (void)
{
  TwoServers t = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VtOpenRosaFormInfo) info = NULL;
  g_autoptr(VtOpenRosaFormInfo) home_info = NULL;
  g_autoptr(VtOpenRosaForm) refused = NULL;
  g_autoptr(VtOpenRosaForm) form = NULL;
  g_autoptr(VtOpenRosaForm) form_without_hash = NULL;

  two_servers_set_up (&t, FALSE);
  vt_test_server_set_media_hashes (t.home, FALSE);
  vt_test_server_set_media_hashes (t.away, FALSE);

  vt_test_server_set_files_origin (t.home, vt_test_server_get_origin (t.away));
  info = list_first (&t);
  refused = vt_openrosa_download_form (t.client, info, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_UNSAFE_URL);
  g_assert_nonnull (strstr (error->message, "logo.png"));
  g_clear_error (&error);
  /* The form and its file list, not the file. */
  g_assert_cmpuint (vt_test_server_get_count (t.away, "requests"), ==, 2);

  /* From the configured server the same files are taken. */
  vt_test_server_set_files_origin (t.home, NULL);
  home_info = list_first (&t);
  form = vt_openrosa_download_form (t.client, home_info, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (form->media->len, ==, 1);
  /* A form list entry without a hash, likewise. */
  g_clear_pointer (&home_info->hash, g_free);
  form_without_hash = vt_openrosa_download_form (t.client, home_info, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&info->hash, g_free);
  g_clear_pointer (&info->manifest_url, g_free);
  g_clear_pointer (&refused, vt_openrosa_form_free);
  refused = vt_openrosa_download_form (t.client, info, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_UNSAFE_URL);
  g_assert_cmpuint (vt_test_server_get_count (t.away, "requests"), ==, 2);
  two_servers_tear_down (&t);
}

/* A server reached over https that names, or redirects to, an http
 * address: refused before anything is sent there. */
static void
test_no_downgrade (void)
{
  TwoServers t = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VtOpenRosaFormInfo) info = NULL;
  g_autoptr(VtOpenRosaForm) named = NULL;
  g_autoptr(VtOpenRosaForm) redirected = NULL;

  two_servers_set_up (&t, TRUE);
  g_assert_true (g_str_has_prefix (vt_test_server_get_origin (t.home), "https://"));
  g_assert_true (g_str_has_prefix (vt_test_server_get_origin (t.away), "http://"));

  vt_test_server_set_files_origin (t.home, vt_test_server_get_origin (t.away));
  info = list_first (&t);
  named = vt_openrosa_download_form (t.client, info, NULL, &error);
  g_assert_null (named);
  g_assert_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_UNSAFE_URL);
  g_clear_error (&error);
  g_clear_pointer (&info, vt_openrosa_form_info_free);

  /* Files named at home, whose answer is a redirect to http. */
  vt_test_server_set_files_origin (t.home, NULL);
  vt_test_server_set_redirect_origin (t.home, vt_test_server_get_origin (t.away));
  info = list_first (&t);
  redirected = vt_openrosa_download_form (t.client, info, NULL, &error);
  g_assert_null (redirected);
  g_assert_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_UNSAFE_URL);

  g_assert_cmpuint (vt_test_server_get_count (t.away, "requests"), ==, 0);
  two_servers_tear_down (&t);
}

/* Addresses that are not the server's http(s) are refused unrequested. */
static void
test_unsafe_addresses (void)
{
  TwoServers t = { 0 };
  g_autoptr(VtOpenRosaFormInfo) info = NULL;
  g_autofree char *with_user = NULL;
  const char *bad[] = { "ftp://127.0.0.1/forms/permit.xml", "file:///etc/passwd", "not an address", NULL, NULL };

  two_servers_set_up (&t, FALSE);
  info = list_first (&t);
  with_user = g_strdup_printf ("http://kiosk:s3cret@127.0.0.1:%u/v1/projects/1/forms/permit.xml",
                               vt_test_server_get_port (t.away));
  bad[3] = with_user;
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VtOpenRosaForm) form = NULL;

      g_free (info->download_url);
      info->download_url = g_strdup (bad[i]);
      form = vt_openrosa_download_form (t.client, info, NULL, &error);
      g_assert_null (form);
      g_assert_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_UNSAFE_URL);
      /* The password never appears in what a clerk reads. */
      g_assert_null (strstr (error->message, "s3cret"));
    }
  g_assert_cmpuint (vt_test_server_get_count (t.away, "requests"), ==, 0);
  two_servers_tear_down (&t);
}

/* A client for a plain http server needs [server] allow-http. */
static void
test_http_needs_allowing (void)
{
  g_autoptr(VtConfig) config = vt_config_new_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VtOpenRosa) client = NULL;
  g_autoptr(VtOpenRosa) allowed = NULL;

  config->server_url = g_strdup ("http://127.0.0.1:9/v1/projects/1");
  client = vt_openrosa_new (config, &error);
  g_assert_null (client);
  g_assert_error (error, VT_OPENROSA_ERROR, VT_OPENROSA_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "allow-http"));
  g_clear_error (&error);

  config->allow_http = TRUE;
  allowed = vt_openrosa_new (config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (allowed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vt/openrosa/parse-form-list", test_parse_form_list);
  g_test_add_func ("/vt/openrosa/parse-manifest", test_parse_manifest);
  g_test_add_func ("/vt/openrosa/manifest-file-names", test_manifest_file_names);
  g_test_add_func ("/vt/openrosa/credentials-stay-home", test_credentials_stay_home);
  g_test_add_func ("/vt/openrosa/unhashed-media-only-from-home", test_unhashed_media_only_from_home);
  g_test_add_func ("/vt/openrosa/no-downgrade", test_no_downgrade);
  g_test_add_func ("/vt/openrosa/unsafe-addresses", test_unsafe_addresses);
  g_test_add_func ("/vt/openrosa/http-needs-allowing", test_http_needs_allowing);
  g_test_add_func ("/vt/openrosa/parse-misc", test_parse_misc);
  g_test_add_func ("/vt/openrosa/parse-response", test_parse_response);
  g_test_add ("/vt/openrosa/sent-duplicate-conflict", Fixture, NULL, setup, test_sent_duplicate_conflict, teardown);
  g_test_add ("/vt/openrosa/attachments", Fixture, NULL, setup, test_attachments_and_split, teardown);
  g_test_add ("/vt/openrosa/each-post-its-own-body", Fixture, NULL, setup, test_each_post_its_own_body, teardown);
  g_test_add ("/vt/openrosa/split-by-accept-length", Fixture, NULL, setup, test_split_by_accept_length, teardown);
  g_test_add ("/vt/openrosa/faults", Fixture, NULL, setup, test_faults, teardown);
  g_test_add ("/vt/openrosa/stall", Fixture, NULL, setup, test_stall, teardown);
  g_test_add ("/vt/openrosa/rejected", Fixture, NULL, setup, test_rejected_keeps_message, teardown);
  g_test_add ("/vt/openrosa/captive-portal", Fixture, NULL, setup, test_captive_portal, teardown);
  g_test_add ("/vt/openrosa/oversized", Fixture, NULL, setup, test_oversized, teardown);
  g_test_add ("/vt/openrosa/server-down", Fixture, NULL, setup, test_server_down, teardown);
  g_test_add ("/vt/openrosa/batch-parallel", Fixture, NULL, setup, test_batch_parallel, teardown);
  g_test_add_func ("/vt/openrosa/basic-auth", test_basic_auth);
  g_test_add_func ("/vt/openrosa/digest-auth", test_digest_auth);
  g_test_add_func ("/vt/openrosa/app-user-token", test_app_user_token);
  g_test_add_func ("/vt/openrosa/tls", test_tls);
  g_test_add ("/vt/openrosa/forms-download", Fixture, NULL, setup, test_forms_download, teardown);

  return g_test_run ();
}
