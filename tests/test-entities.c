/* ODK Entities: lists that arrive and stay fresh, the entity block of each
 * spec version's submissions, offline creates and updates (2024.1), and
 * bad input.  Against the test server, which keeps entity lists as ODK
 * Central does (OPENROSA.md). */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vt-demo.h"
#include "vt-entities.h"
#include "vt-form.h"
#include "vt-session.h"
#include "vt-store.h"
#include "vt-store-owner.h"
#include "vt-submission.h"
#include "vt-sync.h"
#include "vt-test-server.h"
#include "vt-test-utils.h"

#define STALL_ANA  "7d3c2a52-0c1f-4a57-9f0e-2b1a34c5d601"
#define STALL_LUIS "b5e8f1c4-6a2d-4e3b-8c7f-9d0a1b2c3e02"

/* ---- forms, one template per shape ------------------------------------------ */

#define HEAD \
  "<?xml version=\"1.0\"?>\n" \
  "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\" " \
  "xmlns:jr=\"http://openrosa.org/javarosa\" xmlns:odk=\"http://www.opendatakit.org/xforms\" " \
  "xmlns:entities=\"http://www.opendatakit.org/xforms/entities\">\n"

/* %s: entities-version. */
static const char register_form[] =
  HEAD
  "<h:head><h:title>Register a market stall</h:title>\n"
  "<model odk:xforms-version=\"1.0.0\" entities:entities-version=\"%s\">\n"
  "<instance><data id=\"stall_register\" version=\"1\"><holder/><goods/>"
  "<meta><instanceID/><entity dataset=\"stalls\" id=\"\" create=\"1\"><label/></entity></meta></data></instance>\n"
  "<bind nodeset=\"/data/holder\" type=\"string\" required=\"true()\" entities:saveto=\"holder\"/>\n"
  "<bind nodeset=\"/data/goods\" type=\"string\" entities:saveto=\"goods\"/>\n"
  "<bind nodeset=\"/data/meta/instanceID\" type=\"string\" readonly=\"true()\" jr:preload=\"uid\"/>\n"
  "<bind nodeset=\"/data/meta/entity/@id\" type=\"string\"/>\n"
  "<setvalue event=\"odk-instance-first-load\" ref=\"/data/meta/entity/@id\" value=\"uuid()\"/>\n"
  "<bind nodeset=\"/data/meta/entity/label\" type=\"string\" calculate=\"concat(/data/holder, ' - ', /data/goods)\"/>\n"
  "</model></h:head>\n"
  "<h:body><input ref=\"/data/holder\"><label>Holder</label></input>"
  "<input ref=\"/data/goods\"><label>Goods</label></input></h:body></h:html>\n";

/* %s: entities-version; %s: the 2024.1 attributes (or ""); %s: their binds. */
static const char renew_form[] =
  HEAD
  "<h:head><h:title>Renew a stall permit</h:title>\n"
  "<model odk:xforms-version=\"1.0.0\" entities:entities-version=\"%s\">\n"
  "<instance><data id=\"stall_renew\" version=\"1\"><stall/><goods/><months/><count/>"
  "<meta><instanceID/><entity dataset=\"stalls\" id=\"\" update=\"1\" baseVersion=\"\"%s><label/></entity></meta>"
  "</data></instance>\n"
  "<instance id=\"stalls\" src=\"jr://file-csv/stalls.csv\"/>\n"
  "<bind nodeset=\"/data/stall\" type=\"string\" required=\"true()\"/>\n"
  "<bind nodeset=\"/data/goods\" type=\"string\" entities:saveto=\"goods\"/>\n"
  "<bind nodeset=\"/data/months\" type=\"int\" entities:saveto=\"paid_months\"/>\n"
  "<bind nodeset=\"/data/count\" type=\"string\" calculate=\"count(instance('stalls')/root/item)\"/>\n"
  "<bind nodeset=\"/data/meta/instanceID\" type=\"string\" readonly=\"true()\" jr:preload=\"uid\"/>\n"
  "<bind nodeset=\"/data/meta/entity/@id\" type=\"string\" readonly=\"true()\" calculate=\"/data/stall\"/>\n"
  "<bind nodeset=\"/data/meta/entity/@baseVersion\" type=\"string\" readonly=\"true()\" "
  "calculate=\"instance('stalls')/root/item[name=/data/stall]/__version\"/>\n"
  "%s"
  "<bind nodeset=\"/data/meta/entity/label\" type=\"string\" readonly=\"true()\" "
  "calculate=\"concat(instance('stalls')/root/item[name=/data/stall]/holder, ' - ', /data/goods)\"/>\n"
  "</model></h:head>\n"
  "<h:body><select1 ref=\"/data/stall\"><label>Stall</label>"
  "<itemset nodeset=\"instance('stalls')/root/item[paid_months != 'x']\"><value ref=\"name\"/><label ref=\"label\"/></itemset>"
  "</select1><input ref=\"/data/goods\"><label>Goods</label></input>"
  "<input ref=\"/data/months\"><label>Months</label></input></h:body></h:html>\n";

static const char offline_attributes[] = " trunkVersion=\"\" branchId=\"\"";
static const char offline_binds[] =
  "<bind nodeset=\"/data/meta/entity/@trunkVersion\" type=\"string\" readonly=\"true()\" "
  "calculate=\"instance('stalls')/root/item[name=/data/stall]/__trunkVersion\"/>\n"
  "<bind nodeset=\"/data/meta/entity/@branchId\" type=\"string\" readonly=\"true()\" "
  "calculate=\"instance('stalls')/root/item[name=/data/stall]/__branchId\"/>\n";

static const char seed_csv[] =
  "name,label,holder,goods,paid_months\n"
  STALL_ANA ",Ana - fruit,Ana,fruit,3\n"
  STALL_LUIS ",\"Luis - shoes, boots\",Luis,\"shoes, boots\",1\n";

static char *
make_register (const char *version)
{
  return g_strdup_printf (register_form, version);
}

static char *
make_renew (const char *version)
{
  gboolean offline = g_str_has_prefix (version, "2024");

  return g_strdup_printf (renew_form, version, offline ? offline_attributes : "", offline ? offline_binds : "");
}

/* ---- fixture ------------------------------------------------------------------ */

typedef struct
{
  char         *dir;
  char         *forms_dir;
  char         *data_dir;
  char         *conf;
  VtTestServer *server;
  VtConfig     *config;
  VtStore      *store;
} Fixture;

static void
fixture_start (Fixture    *f,
               const char *version)
{
  VtTestServerOptions options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *reg = make_register (version);
  g_autofree char *renew = make_renew (version);
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *conf = NULL;

  f->dir = vt_test_make_tmpdir ("entities");
  f->forms_dir = g_build_filename (f->dir, "forms", NULL);
  g_mkdir (f->forms_dir, 0700);
  a = vt_test_write_file (f->forms_dir, "stall_register.xml", reg);
  b = vt_test_write_file (f->forms_dir, "stall_renew.xml", renew);
  c = vt_test_write_file (f->forms_dir, "stalls.csv", seed_csv);
  f->data_dir = g_build_filename (f->dir, "data", NULL);
  options.forms_dir = f->forms_dir;
  f->server = vt_test_server_new (&options, &error);
  g_assert_no_error (error);

  conf = g_strdup_printf ("[server]\nurl=%s\nallow-http=true\n"
                          "[sync]\nretry-min-seconds=0.01\nretry-max-seconds=0.2\n"
                          "request-timeout-seconds=5\nconnect-timeout-seconds=2\n",
                          vt_test_server_get_url (f->server));
  f->conf = vt_test_write_file (f->dir, "kiosk.conf", conf);
  f->config = vt_config_new_default ();
  vt_config_set_data_dir (f->config, f->data_dir);
  f->config->server_url = g_strdup (vt_test_server_get_url (f->server));
  f->config->allow_http = TRUE;
  f->config->retry_min_seconds = 0.005;
  f->config->retry_max_seconds = 0.1;
  f->config->request_timeout_seconds = 5;
  f->store = vt_store_open (f->data_dir, &error);
  g_assert_no_error (error);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  fixture_start (f, data != NULL ? data : "2024.1.0");
}

/* What the helpers below return, when a test only asserts on it: freed
 * at teardown. */
static GPtrArray *kept_strings;

static const char *
kept (char *text)
{
  if (kept_strings == NULL)
    kept_strings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (kept_strings, text);
  return text;
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_pointer (&f->store, vt_store_close);
  g_clear_pointer (&f->server, vt_test_server_free);
  g_clear_pointer (&f->config, vt_config_free);
  vt_test_rmdir_recursive (f->dir);
  g_free (f->dir);
  g_free (f->forms_dir);
  g_free (f->data_dir);
  g_free (f->conf);
  g_clear_pointer (&kept_strings, g_ptr_array_unref);
}

static char *
pull (Fixture *f,
      int      expected_status)
{
  g_autofree char *out = NULL, *err = NULL;

  int status = vt_test_run_ctl (&out, &err, "--config", f->conf, "--data-dir", f->data_dir, "forms", "pull", NULL);

  g_test_message ("forms pull: %s%s", out, err);
  g_assert_cmpint (status, ==, expected_status);
  return g_steal_pointer (&out);
}

static char *
stored_list (Fixture    *f,
             const char *form_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStoreForm) form = vt_store_get_form (f->store, form_id, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < form->media->len; i++)
    {
      VtStoreMedia *m = g_ptr_array_index (form->media, i);

      if (g_str_equal (m->name, "stalls.csv"))
        return g_strndup (g_bytes_get_data (m->bytes, NULL), g_bytes_get_size (m->bytes));
    }
  return NULL;
}

/* The stored form as a service loads it: its lists, with this kiosk's changes. */
static VtForm *
load_service (Fixture    *f,
              const char *form_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStoreForm) stored = vt_store_get_form (f->store, form_id, NULL, &error);
  g_autoptr(GHashTable) media = NULL;
  VtForm *form;

  g_assert_no_error (error);
  media = vt_entities_dup_form_lists (f->store, stored, &error);
  g_assert_no_error (error);
  form = vt_form_load_data_with_lists (stored->xml, -1, form_id, NULL, media, &error);
  g_assert_no_error (error);
  return form;
}

static VtSession *
start (Fixture    *f,
       const char *form_id)
{
  g_autoptr(VtForm) form = load_service (f, form_id);
  g_autoptr(GError) error = NULL;
  VtSession *session = vt_session_new (form, NULL, &error);

  g_assert_no_error (error);
  return session;
}

/* Queues the session's submission as the kiosk does, and applies its
 * entity (what VtStoreOwner does after the commit). */
static char *
submit (Fixture   *f,
        VtSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtSubmission) submission = vt_submission_new_from_session (session, &error);
  VtStoreEnqueueOptions options = { .service_title = "Stall" };
  g_autofree char *code = NULL;
  gboolean applied = FALSE;

  g_assert_no_error (error);
  code = vt_store_enqueue (f->store, submission, &options, &error);
  g_assert_no_error (error);
  g_assert_true (vt_entities_apply_submission (f->store, vt_form_get_xml (vt_session_get_form (session)),
                                               submission->xml, submission->instance_id, g_get_real_time (),
                                               &applied, &error));
  g_assert_no_error (error);
  g_test_message ("applied offline: %s", applied ? "yes" : "no");
  return g_strdup (submission->xml);
}

static void
sync_pass (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtSyncRunner) runner = vt_sync_runner_new (f->config, f->store, &error);
  VtSyncReport report = { 0 };

  g_assert_no_error (error);
  vt_sync_runner_pass (runner, VT_SYNC_PASS_SUBMISSIONS | VT_SYNC_PASS_FORMS | VT_SYNC_PASS_FORCE, NULL, &report);
  g_assert_cmpstr (report.error, ==, NULL);
  vt_sync_report_clear (&report);
}

static char *
entity_attribute (const char *xml,
                  const char *name)
{
  g_autofree char *pattern = g_strdup_printf ("<entity [^>]*\\b%s=\"([^\"]*)\"", name);
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (!g_regex_match (regex, xml, 0, &match))
    return NULL;
  return g_match_info_fetch (match, 1);
}

/* ---- 1. lists arrive and stay fresh ------------------------------------------ */

static void
list_stays_fresh (Fixture  *f,
                  gboolean  marked)
{
  g_autofree char *out = NULL, *out2 = NULL, *out3 = NULL, *list = NULL, *list2 = NULL;
  g_autofree char *hash_before = NULL;
  g_autoptr(VtStoreForm) before = NULL;
  g_autoptr(VtStoreForm) after = NULL;

  vt_test_server_set_entity_list_type (f->server, marked);

  out = pull (f, 0);
  g_assert_nonnull (strstr (out, "NEW stall_renew 1 1 media\n"));
  g_assert_nonnull (strstr (out, "NEW stall_register 1 0 media\n"));
  list = stored_list (f, "stall_renew");
  g_assert_nonnull (strstr (list, "Ana - fruit"));
  g_assert_true (g_str_has_prefix (list, "name,label,__version,"));

  out2 = pull (f, 0);
  g_assert_nonnull (strstr (out2, "UNCHANGED stall_renew 1\n"));

  /* The list changes on the server; the form does not. */
  before = vt_store_get_form (f->store, "stall_renew", NULL, NULL);
  vt_test_server_put_entity (f->server, "stalls", STALL_LUIS, "Luis - hats", "goods", "hats");
  out3 = pull (f, 0);
  g_assert_nonnull (strstr (out3, "REFRESHED stall_renew 1 1 media\n"));
  g_assert_nonnull (strstr (out3, "UNCHANGED stall_register 1\n"));
  after = vt_store_get_form (f->store, "stall_renew", NULL, NULL);
  g_assert_cmpstr (after->md5_hash, ==, before->md5_hash);
  list2 = stored_list (f, "stall_renew");
  g_assert_nonnull (strstr (list2, "Luis - hats"));
  g_assert_null (strstr (list2, "boots"));
}

/* Central before v2024.3 does not mark the list in the manifest; later
 * ones do (type="entityList"). */
static void
test_list_stays_fresh (Fixture       *f,
                       gconstpointer  data)
{
  list_stays_fresh (f, FALSE);
}

static void
test_list_stays_fresh_marked (Fixture       *f,
                              gconstpointer  data)
{
  list_stays_fresh (f, TRUE);
}

/* The worker's pass refreshes the list too, and a session already open
 * keeps the list it started with. */
static void
test_list_changes_mid_session (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *out = pull (f, 0);
  g_autoptr(VtSession) citizen = start (f, "stall_renew");
  g_autoptr(VtSession) next = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *base = NULL;

  vt_test_assert_answer (citizen, "/data/count", "2");
  vt_test_answer (citizen, "/data/stall", STALL_ANA);

  vt_test_server_put_entity (f->server, "stalls", "0b9f5f0e-3a51-4c1e-8a77-5d2c1e0f4a03", "Rosa - bread",
                             "holder", "Rosa");
  vt_test_server_put_entity (f->server, "stalls", STALL_ANA, NULL, "goods", "vegetables");
  sync_pass (f);
  g_assert_nonnull (strstr (kept (stored_list (f, "stall_renew")), "Rosa - bread"));

  /* The citizen's form is the one loaded: the same list, the same version. */
  vt_test_assert_answer (citizen, "/data/count", "2");
  vt_test_answer (citizen, "/data/goods", "fruit");
  vt_test_answer (citizen, "/data/months", "6");
  xml = submit (f, citizen);
  base = entity_attribute (xml, "baseVersion");
  g_assert_cmpstr (base, ==, "1");

  /* The next citizen gets the new list. */
  next = start (f, "stall_renew");
  vt_test_assert_answer (next, "/data/count", "3");
}

/* ---- the equality index over a list that changed ---------------------------- */

/* holder reads the list through the equality index ([name = X]),
 * holder_scan through a predicate the index does not take: they must agree.
 * The select's choices go through the index too ([market = X]). */
static const char index_form[] =
  HEAD
  "<h:head><h:title>Visit a stall</h:title>\n"
  "<model entities:entities-version=\"2024.1.0\">\n"
  "<instance><data id=\"stall_visit\" version=\"1\"><market/><stall/><holder/><holder_scan/><meta><instanceID/>"
  "<entity dataset=\"stalls\" id=\"\" update=\"1\" baseVersion=\"\" trunkVersion=\"\" branchId=\"\"><label/></entity>"
  "</meta></data></instance>\n"
  "<instance id=\"stalls\" src=\"jr://file-csv/stalls.csv\"/>\n"
  "<bind nodeset=\"/data/holder\" type=\"string\" calculate=\"instance('stalls')/root/item[name = /data/stall]/holder\"/>\n"
  "<bind nodeset=\"/data/holder_scan\" type=\"string\" "
  "calculate=\"instance('stalls')/root/item[string(name) = /data/stall]/holder\"/>\n"
  "<bind nodeset=\"/data/meta/entity/@id\" type=\"string\" calculate=\"/data/stall\"/>\n"
  "</model></h:head>\n"
  "<h:body><input ref=\"/data/market\"><label>Market</label></input>"
  "<select1 ref=\"/data/stall\"><label>Stall</label>"
  "<itemset nodeset=\"instance('stalls')/root/item[market = /data/market]\"><value ref=\"name\"/><label ref=\"label\"/></itemset>"
  "</select1></h:body></h:html>\n";

static void
store_index_form (VtStore    *store,
                  const char *csv)
{
  g_autoptr(GPtrArray) media = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_store_media_free);
  g_autoptr(GError) error = NULL;
  VtStoreForm record = { 0 };
  VtStoreMedia *list = g_new0 (VtStoreMedia, 1);

  list->name = g_strdup ("stalls.csv");
  list->md5_hash = g_compute_checksum_for_string (G_CHECKSUM_MD5, csv, -1);
  list->bytes = g_bytes_new (csv, strlen (csv));
  g_ptr_array_add (media, list);
  record.form_id = (char *) "stall_visit";
  record.version = (char *) "1";
  record.title = (char *) "Visit a stall";
  record.xml = (char *) index_form;
  record.media = media;
  record.source = (char *) "server";
  record.active = TRUE;
  g_assert_true (vt_store_add_form (store, &record, &error));
  g_assert_no_error (error);
}

/* The values of the select's choices, "," between, as the session has them. */
static char *
stall_choices (VtSession *session)
{
  g_autoptr(GPtrArray) pages = vt_session_get_pages (session);
  GString *out = g_string_new (NULL);

  for (guint p = 0; p < pages->len; p++)
    {
      VtPage *page = g_ptr_array_index (pages, p);

      for (guint q = 0; page->questions != NULL && q < page->questions->len; q++)
        {
          VtQuestion *question = g_ptr_array_index (page->questions, q);

          if (!g_str_equal (question->path, "/data/stall"))
            continue;
          for (guint c = 0; question->choices != NULL && c < question->choices->len; c++)
            g_string_append_printf (out, "%s%s", out->len > 0 ? "," : "",
                                    ((VtChoice *) g_ptr_array_index (question->choices, c))->value);
        }
    }
  return g_string_free (out, FALSE);
}

static void
assert_holder (VtSession  *session,
               const char *market,
               const char *stall,
               const char *holder)
{
  vt_test_answer (session, "/data/market", market);
  vt_test_answer (session, "/data/stall", stall);
  vt_test_assert_answer (session, "/data/holder", holder);
  vt_test_assert_answer (session, "/data/holder_scan", holder);
}

static VtSession *
start_visit (VtStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStoreForm) stored = vt_store_get_form (store, "stall_visit", NULL, &error);
  g_autoptr(GHashTable) lists = NULL;
  g_autoptr(VtForm) form = NULL;
  VtSession *session;

  g_assert_no_error (error);
  lists = vt_entities_dup_form_lists (store, stored, &error);
  g_assert_no_error (error);
  form = vt_form_load_data_with_lists (stored->xml, -1, "stall_visit", NULL, lists, &error);
  g_assert_no_error (error);
  session = vt_session_new (form, NULL, &error);
  g_assert_no_error (error);
  return session;
}

static VtLocalEntity *
local_stall (const char *id,
             const char *label,
             gint64      version,
             gint64      trunk_version,
             const char *holder,
             const char *market)
{
  VtLocalEntity *entity = g_new0 (VtLocalEntity, 1);

  entity->dataset = g_strdup ("stalls");
  entity->id = g_strdup (id);
  entity->label = g_strdup (label);
  entity->version = version;
  entity->trunk_version = trunk_version;
  entity->branch_id = g_uuid_string_random ();
  entity->properties = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (entity->properties, g_strdup ("holder"), g_strdup (holder));
  g_hash_table_insert (entity->properties, g_strdup ("market"), g_strdup (market));
  entity->changed_at = g_get_real_time ();
  return entity;
}

/* A list that changes while a form is open, by this kiosk's own update and
 * create and then by a newer list from the server: the next session sees
 * the new rows, through the index as through the scan, and the session
 * already open keeps the rows it was indexed on (its form is never
 * swapped).  An index that outlived its rows, or one shared between forms,
 * would give an old holder or old choices here. */
static void
test_index_follows_list (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("entities-index");
  g_autoptr(GError) error = NULL;
  VtStore *store = vt_store_open (dir, &error);
  g_autoptr(VtSession) citizen = NULL;
  g_autoptr(VtSession) next = NULL;
  g_autoptr(VtSession) later = NULL;
  g_autoptr(VtLocalEntity) moved = local_stall ("s-ana", "Marta's stall", 2, 1, "Marta", "m2");
  g_autoptr(VtLocalEntity) created = local_stall ("s-new", "Pedro's stall", 1, 0, "Pedro", "m1");

  g_assert_no_error (error);
  store_index_form (store,
                    "name,label,__version,holder,market\n"
                    "s-ana,Ana's stall,1,Ana,m1\n"
                    "s-luis,Luis's stall,1,Luis,m1\n"
                    "s-rosa,Rosa's stall,1,Rosa,m2\n");

  citizen = start_visit (store);
  assert_holder (citizen, "m1", "s-ana", "Ana");
  g_assert_cmpstr (kept (stall_choices (citizen)), ==, "s-ana,s-luis");

  /* Offline, on this kiosk: Ana's stall changes hands and market, and a
   * new stall is registered in m1. */
  g_assert_true (vt_store_put_local_entity (store, moved, &error));
  g_assert_no_error (error);
  g_assert_true (vt_store_put_local_entity (store, created, &error));
  g_assert_no_error (error);

  next = start_visit (store);
  assert_holder (next, "m1", "s-new", "Pedro");
  g_assert_cmpstr (kept (stall_choices (next)), ==, "s-luis,s-new");
  assert_holder (next, "m2", "s-ana", "Marta");
  g_assert_cmpstr (kept (stall_choices (next)), ==, "s-ana,s-rosa");

  /* The citizen who started before still has the list as it was. */
  assert_holder (citizen, "m1", "s-luis", "Luis");
  assert_holder (citizen, "m1", "s-ana", "Ana");
  g_assert_cmpstr (kept (stall_choices (citizen)), ==, "s-ana,s-luis");

  /* The server's newer list, with this kiosk's changes in it and one of
   * its own: it replaces the local copy. */
  store_index_form (store,
                    "name,label,__version,holder,market\n"
                    "s-ana,Marta's stall,3,Marta Gómez,m2\n"
                    "s-luis,Luis's stall,2,Luis,m2\n"
                    "s-rosa,Rosa's stall,1,Rosa,m1\n"
                    "s-new,Pedro's stall,1,Pedro,m1\n");
  later = start_visit (store);
  assert_holder (later, "m1", "s-new", "Pedro");
  g_assert_cmpstr (kept (stall_choices (later)), ==, "s-rosa,s-new");
  assert_holder (later, "m2", "s-ana", "Marta Gómez");
  g_assert_cmpstr (kept (stall_choices (later)), ==, "s-ana,s-luis");

  /* And the ones open before, still theirs. */
  assert_holder (next, "m2", "s-ana", "Marta");
  g_assert_cmpstr (kept (stall_choices (next)), ==, "s-ana,s-rosa");
  assert_holder (citizen, "m1", "s-ana", "Ana");

  g_clear_pointer (&citizen, vt_session_free);
  g_clear_pointer (&next, vt_session_free);
  g_clear_pointer (&later, vt_session_free);
  vt_store_close (store);
  vt_test_rmdir_recursive (dir);
  g_clear_pointer (&kept_strings, g_ptr_array_unref);
}

/* ---- 5. bad input ------------------------------------------------------------- */

static void
test_broken_list_kept (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *out = pull (f, 0);
  g_autofree char *before = stored_list (f, "stall_renew");
  g_autofree char *out2 = NULL;
  g_autofree char *after = NULL;
  g_autoptr(VtSession) session = NULL;

  vt_test_server_set_entity_list_broken (f->server, TRUE);
  out2 = pull (f, 1);
  g_test_message ("%s", out2);
  g_assert_nonnull (strstr (out2, "ERROR stall_renew: The entity list stalls.csv of the form stall_renew cannot be read"));
  g_assert_nonnull (strstr (out2, "never closed"));
  g_assert_nonnull (strstr (out2, "keeps using the list it had"));
  after = stored_list (f, "stall_renew");
  g_assert_cmpstr (after, ==, before);
  session = start (f, "stall_renew");
  vt_test_assert_answer (session, "/data/count", "2");

  /* Mended on the server: the next pull takes it. */
  vt_test_server_set_entity_list_broken (f->server, FALSE);
  vt_test_server_put_entity (f->server, "stalls", STALL_ANA, "Ana - flowers", NULL, NULL);
  g_free (out2);
  out2 = pull (f, 0);
  g_assert_nonnull (strstr (out2, "REFRESHED stall_renew"));
}

static void
test_failed_download_kept (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *out = pull (f, 0);
  g_autofree char *before = stored_list (f, "stall_renew");
  g_autofree char *after = NULL;

  vt_test_server_put_entity (f->server, "stalls", STALL_ANA, "Ana - flowers", NULL, NULL);
  vt_test_server_set_up (f->server, FALSE);
  g_free (pull (f, 1));
  after = stored_list (f, "stall_renew");
  g_assert_cmpstr (after, ==, before);
}

static void
test_missing_list_refused (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("entities-missing");
  g_autofree char *forms = g_build_filename (dir, "forms", NULL);
  g_autofree char *renew = make_renew ("2024.1.0");
  g_autofree char *towns = NULL, *path = NULL, *conf = NULL, *conf_path = NULL;
  g_autofree char *out = NULL, *err = NULL, *data_dir = g_build_filename (dir, "data", NULL);
  g_autoptr(VtTestServer) server = NULL;
  g_autoptr(GError) error = NULL;
  VtTestServerOptions options = { 0 };

  /* A form that reads towns.csv, which no dataset and no file provides. */
  g_mkdir (forms, 0700);
  {
    GString *text = g_string_new (renew);

    g_string_replace (text, "stalls.csv", "towns.csv", 0);
    towns = g_string_free (text, FALSE);
  }
  path = vt_test_write_file (forms, "stall_renew.xml", towns);
  options.forms_dir = forms;
  server = vt_test_server_new (&options, &error);
  g_assert_no_error (error);
  conf = g_strdup_printf ("[server]\nurl=%s\nallow-http=true\n", vt_test_server_get_url (server));
  conf_path = vt_test_write_file (dir, "kiosk.conf", conf);
  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--config", conf_path, "--data-dir", data_dir,
                                    "forms", "pull", NULL), ==, 1);
  g_assert_cmpstr (out, ==, "ERROR stall_renew: The form stall_renew needs the list towns.csv, which the server "
                            "does not send with it; the form was not added. Attach the list to the form on the server\n");
  vt_test_rmdir_recursive (dir);
}

static void
test_newer_version_refused (void)
{
  g_autofree char *xml = make_register ("2025.1.0");
  g_autoptr(GError) error = NULL;
  g_autoptr(VtEntityForm) form = vt_entity_form_parse (xml, &error);

  g_assert_null (form);
  g_assert_error (error, VT_ENTITIES_ERROR, VT_ENTITIES_ERROR_VERSION);
  g_assert_nonnull (strstr (error->message, "2025.1.0"));
}

static void
test_csv (void)
{
  static const struct { const char *csv; const char *problem; } bad[] = {
    { "name,label\na,\"A\n", "never closed" },
    { "name,label,x\na,A\n", "line 2 has 2 fields" },
    { "id,title\na,A\n", "no “name” and “label”" },
    { "name,label\na,A\na,B\n", "line 3 repeats" },
    { "", "empty" },
    { "name,label\n\xff,A\n", "UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (bad[i].csv, strlen (bad[i].csv));
      g_autoptr(GError) error = NULL;
      g_autoptr(VtEntityList) list = vt_entity_list_parse (bytes, &error);

      g_assert_null (list);
      g_assert_error (error, VT_ENTITIES_ERROR, VT_ENTITIES_ERROR_CSV);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, bad[i].problem));
    }

  {
    g_autoptr(GBytes) bytes = g_bytes_new_static (seed_csv, strlen (seed_csv));
    g_autoptr(GError) error = NULL;
    g_autoptr(VtEntityList) list = vt_entity_list_parse (bytes, &error);
    g_autoptr(GBytes) again = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (list->rows->len, ==, 2);
    g_assert_cmpstr (vt_entity_list_get (list, 1, "goods"), ==, "shoes, boots");
    again = vt_entity_list_to_csv (list);
    g_assert_true (g_bytes_equal (again, bytes));
    g_assert_false (vt_entities_csv_is_entity_list ("stalls.csv", bytes));   /* no __version */
  }
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vt_store_owner_open_finish (VT_STORE_OWNER (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

/* ---- 2. each version's submission, and the server's list --------------------- */

static void
test_create_and_update_reach_server (Fixture       *f,
                                     gconstpointer  data)
{
  const char *version = data;
  gboolean offline = g_str_has_prefix (version, "2024");
  g_autofree char *out = pull (f, 0);
  g_autoptr(VtSession) reg = start (f, "stall_register");
  g_autoptr(VtSession) renew = NULL;
  g_autofree char *xml = NULL, *xml2 = NULL, *id = NULL, *list = NULL;
  g_autoptr(GPtrArray) local = NULL;

  vt_test_answer (reg, "/data/holder", "Marta");
  vt_test_answer (reg, "/data/goods", "fish");
  xml = submit (f, reg);
  id = entity_attribute (xml, "id");
  g_assert_true (g_uuid_string_is_valid (id));
  g_assert_cmpstr (kept (entity_attribute (xml, "dataset")), ==, "stalls");
  g_assert_cmpstr (kept (entity_attribute (xml, "create")), ==, "1");
  g_assert_null (kept (entity_attribute (xml, "baseVersion")));
  g_assert_nonnull (strstr (xml, "<label>Marta - fish</label>"));

  /* Applied here only from 2024.1 on (spec). */
  local = vt_store_list_local_entities (f->store, "stalls", NULL);
  g_assert_cmpuint (local->len, ==, offline ? 1 : 0);

  if (g_str_has_prefix (version, "2022"))
    {
      /* Creation only in 2022.1: the server has it, and the list brings it. */
      sync_pass (f);
      g_assert_cmpint (vt_test_server_get_entity_version (f->server, "stalls", id), ==, 1);
      g_assert_nonnull (strstr (kept (stored_list (f, "stall_renew")), "Marta - fish"));
      return;
    }

  renew = start (f, "stall_renew");
  vt_test_answer (renew, "/data/stall", STALL_LUIS);
  vt_test_answer (renew, "/data/goods", "sandals");
  vt_test_answer (renew, "/data/months", "12");
  xml2 = submit (f, renew);
  g_assert_cmpstr (kept (entity_attribute (xml2, "id")), ==, STALL_LUIS);
  g_assert_cmpstr (kept (entity_attribute (xml2, "update")), ==, "1");
  g_assert_cmpstr (kept (entity_attribute (xml2, "baseVersion")), ==, "1");
  if (offline)
    {
      g_autofree char *branch = entity_attribute (xml2, "branchId");

      /* Unchanged here before: its trunk is the server's version, on a
       * branch of its own. */
      g_assert_cmpstr (kept (entity_attribute (xml2, "trunkVersion")), ==, "1");
      g_assert_true (g_uuid_string_is_valid (branch));
    }
  else
    {
      g_assert_null (kept (entity_attribute (xml2, "trunkVersion")));
      g_assert_null (kept (entity_attribute (xml2, "branchId")));
    }

  /* The server creates and updates as Central does; the next pull brings
   * the list with both, and the kiosk's own copies go. */
  sync_pass (f);
  g_assert_cmpint (vt_test_server_get_entity_version (f->server, "stalls", id), ==, 1);
  g_assert_cmpint (vt_test_server_get_entity_version (f->server, "stalls", STALL_LUIS), ==, 2);
  g_assert_cmpstr (kept (vt_test_server_dup_entity_errors (f->server)), ==, "");
  list = stored_list (f, "stall_renew");
  g_assert_nonnull (strstr (list, "Marta - fish"));
  g_assert_nonnull (strstr (list, "Luis - sandals"));
  {
    g_autoptr(VtForm) form = load_service (f, "stall_renew");
    g_autoptr(GPtrArray) after = vt_store_list_local_entities (f->store, "stalls", NULL);

    g_assert_cmpuint (after->len, ==, 0);
  }
}

/* ---- 3. offline: create, then a follow-up, with no server ------------------- */

static void
test_offline_create_then_follow_up (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *out = pull (f, 0);
  g_autoptr(VtSession) reg = NULL;
  g_autoptr(VtSession) visit = NULL;
  g_autoptr(VtSession) again = NULL;
  g_autofree char *xml = NULL, *xml2 = NULL, *xml3 = NULL, *id = NULL, *branch = NULL;
  g_autoptr(VtLocalEntity) entity = NULL;

  vt_test_server_set_up (f->server, FALSE);

  /* Morning: a stall registered. */
  reg = start (f, "stall_register");
  vt_test_answer (reg, "/data/holder", "Marta");
  vt_test_answer (reg, "/data/goods", "fish");
  xml = submit (f, reg);
  id = entity_attribute (xml, "id");

  /* Afternoon: the permit renewed, choosing it from the list. */
  visit = start (f, "stall_renew");
  vt_test_assert_answer (visit, "/data/count", "3");
  vt_test_answer (visit, "/data/stall", id);
  vt_test_answer (visit, "/data/goods", "fish and crabs");
  vt_test_answer (visit, "/data/months", "6");
  xml2 = submit (f, visit);
  g_assert_cmpstr (kept (entity_attribute (xml2, "baseVersion")), ==, "1");
  g_assert_cmpstr (kept (entity_attribute (xml2, "trunkVersion")), ==, "");
  branch = entity_attribute (xml2, "branchId");
  g_assert_true (g_uuid_string_is_valid (branch));
  g_assert_nonnull (strstr (xml2, "<label>Marta - fish and crabs</label>"));

  entity = vt_store_get_local_entity (f->store, "stalls", id, NULL);
  g_assert_cmpint (entity->version, ==, 2);
  g_assert_cmpint (entity->trunk_version, ==, 0);
  g_assert_cmpstr (entity->branch_id, ==, branch);
  g_assert_cmpstr (g_hash_table_lookup (entity->properties, "paid_months"), ==, "6");

  /* A second visit stays on the same branch, one version on. */
  again = start (f, "stall_renew");
  vt_test_answer (again, "/data/stall", id);
  vt_test_answer (again, "/data/goods", "crabs");
  xml3 = submit (f, again);
  g_assert_cmpstr (kept (entity_attribute (xml3, "baseVersion")), ==, "2");
  g_assert_cmpstr (kept (entity_attribute (xml3, "branchId")), ==, branch);

  /* Online again: all three go in order, the server has version 3, and
   * its list replaces the kiosk's copy. */
  vt_test_server_set_up (f->server, TRUE);
  sync_pass (f);
  g_assert_cmpint (vt_test_server_get_entity_version (f->server, "stalls", id), ==, 3);
  g_assert_cmpstr (kept (vt_test_server_dup_entity_errors (f->server)), ==, "");
  sync_pass (f);
  {
    g_autoptr(VtSession) later = start (f, "stall_renew");
    g_autoptr(GPtrArray) local = vt_store_list_local_entities (f->store, "stalls", NULL);

    g_assert_cmpuint (local->len, ==, 0);
    vt_test_assert_answer (later, "/data/count", "3");
    vt_test_answer (later, "/data/stall", id);
    vt_test_assert_answer (later, "/data/meta/entity/@baseVersion", "3");
  }
}

/* The kiosk's own store owner applies the entity after the commit and says
 * so, which makes the application reload its services. */
static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
changed_cb (VtStoreOwner *owner,
            gboolean     *flag)
{
  *flag = TRUE;
}

static void
test_store_owner_applies (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *out = pull (f, 0);
  g_autoptr(VtStoreOwner) owner = vt_store_owner_new (f->data_dir);
  g_autoptr(VtSession) reg = start (f, "stall_register");
  g_autoptr(VtSubmission) submission = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  VtStoreEnqueueOptions options = { .service_title = "Stall" };
  gboolean changed = FALSE;
  gboolean opened = FALSE;

  vt_store_owner_open_async (owner, NULL, opened_cb, &opened);
  vt_test_wait_until (flag_set, &opened, 10000, "the store owner to open");
  g_signal_connect (owner, "entities-changed", G_CALLBACK (changed_cb), &changed);
  vt_test_answer (reg, "/data/holder", "Marta");
  submission = vt_submission_new_from_session (reg, &error);
  g_assert_no_error (error);
  code = vt_store_owner_enqueue (owner, submission, &options, &error);
  g_assert_no_error (error);
  vt_test_wait_until (flag_set, &changed, 10000, "the entity applied");
  {
    g_autoptr(GPtrArray) local = vt_store_list_local_entities (f->store, "stalls", NULL);

    g_assert_cmpuint (local->len, ==, 1);
    g_assert_cmpstr (((VtLocalEntity *) g_ptr_array_index (local, 0))->label, ==, "Marta - ");
  }
}

/* ---- 4. the demo pair ------------------------------------------------------- */

static void
test_demo_pair (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("entities-demo");
  g_autofree char *forms = g_build_filename (vt_test_source_root (), "data", "forms", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = vt_store_open (dir, &error);
  Fixture f = { .store = store };
  g_autoptr(VtSession) reg = NULL;
  g_autoptr(VtSession) renew = NULL;
  g_autofree char *xml = NULL, *id = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (vt_demo_add_forms (store, forms, &error), >=, 7);
  g_assert_no_error (error);

  /* The bundled list has its three stalls; a stall registered here joins
   * them at once, offline, in its market. */
  renew = start (&f, "stall_renewal");
  vt_test_answer (renew, "/data/market", "norte");
  g_clear_pointer (&renew, vt_session_free);

  reg = start (&f, "stall_register");
  vt_test_answer (reg, "/data/holder_name", "Ana María Torres");
  vt_test_answer (reg, "/data/goods", "empanadas");
  vt_test_answer (reg, "/data/market", "norte");
  xml = submit (&f, reg);
  id = entity_attribute (xml, "id");

  renew = start (&f, "stall_renewal");
  vt_test_answer (renew, "/data/market", "norte");
  vt_test_answer (renew, "/data/stall", id);
  vt_test_assert_answer (renew, "/data/holder", "Ana María Torres");
  vt_test_answer (renew, "/data/months", "3");
  vt_test_answer (renew, "/data/goods", "empanadas y jugos");
  g_free (xml);
  xml = submit (&f, renew);
  g_assert_cmpstr (kept (entity_attribute (xml, "baseVersion")), ==, "1");
  g_assert_nonnull (strstr (xml, "<label>Ana María Torres - empanadas y jugos</label>"));
  g_clear_pointer (&store, vt_store_close);
  vt_test_rmdir_recursive (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vt/entities/csv", test_csv);
  g_test_add_func ("/vt/entities/demo-pair", test_demo_pair);
  g_test_add_func ("/vt/entities/newer-version-refused", test_newer_version_refused);
  g_test_add_func ("/vt/entities/missing-list-refused", test_missing_list_refused);
  g_test_add_func ("/vt/entities/index-follows-list", test_index_follows_list);
  g_test_add ("/vt/entities/list-stays-fresh", Fixture, NULL, setup, test_list_stays_fresh, teardown);
  g_test_add ("/vt/entities/list-stays-fresh-marked", Fixture, NULL, setup, test_list_stays_fresh_marked, teardown);
  g_test_add ("/vt/entities/list-changes-mid-session", Fixture, NULL, setup, test_list_changes_mid_session, teardown);
  g_test_add ("/vt/entities/broken-list-kept", Fixture, NULL, setup, test_broken_list_kept, teardown);
  g_test_add ("/vt/entities/failed-download-kept", Fixture, NULL, setup, test_failed_download_kept, teardown);
  g_test_add ("/vt/entities/submission/2022.1", Fixture, "2022.1.0", setup, test_create_and_update_reach_server,
              teardown);
  g_test_add ("/vt/entities/submission/2023.1", Fixture, "2023.1.0", setup, test_create_and_update_reach_server,
              teardown);
  g_test_add ("/vt/entities/submission/2024.1", Fixture, "2024.1.0", setup, test_create_and_update_reach_server,
              teardown);
  g_test_add ("/vt/entities/offline-create-then-follow-up", Fixture, NULL, setup, test_offline_create_then_follow_up,
              teardown);
  g_test_add ("/vt/entities/store-owner-applies", Fixture, NULL, setup, test_store_owner_applies, teardown);
  return g_test_run ();
}
