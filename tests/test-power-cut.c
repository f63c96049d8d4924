/* The store against power cuts (issue 25): a kiosk's day, a burst of
 * applications past a WAL checkpoint, and the migration from every earlier
 * schema run on the power-cut simulator (vt-crash-vfs.c), which cuts the
 * power at a random write, sync, truncation or delete and damages what was
 * not synced.  Then the database is opened as the kiosk opens it after a
 * reboot and checked:
 *
 * - it opens, and PRAGMA integrity_check says ok;
 * - every receipt the kiosk showed (a reference returned after COMMIT), and
 *   every application of a bundle whose import was reported, is there with
 *   its XML and attachments, or was sent and purged with the server holding
 *   exactly that XML;
 * - every draft a clerk was told was saved resumes with an answer it had;
 * - the counts per state match the rows; nothing is both sent and queued;
 *   every row marked sent is on the server;
 * - the queue then drains, and the server never received one instanceID
 *   with two different XMLs (or with XML other than the receipt's).
 *
 * The seed is printed; VT_POWER_CUT_SEED, VT_POWER_CUTS and
 * VT_POWER_CUT_FIRST choose the run, and tests/power-cut.sh wraps them
 * (a failing cut prints the one command that runs it again).
 *
 * Two broken kiosks, synchronous=OFF and a disk whose sync lies, are run
 * too, and the checks must find what they lose. */
#include "config.h"

#include <glib/gstdio.h>

#include "vt-bundle.h"
#include "vt-crash-vfs.h"
#include "vt-draft.h"
#include "vt-form.h"
#include "vt-receipt.h"
#include "vt-session.h"
#include "vt-store-private.h"
#include "vt-test-utils.h"

#include "vt-store-test-data.h"

#define SECOND ((gint64) G_USEC_PER_SEC)
#define LEASE  (60 * SECOND)
#define DEFAULT_CUTS 2000

typedef enum
{
  SCENARIO_DAY,
  SCENARIO_BURST,
  SCENARIO_MIGRATE,       /* from schema 1 .. VT_STORE_SCHEMA_VERSION - 1 */
} ScenarioKind;

/* What the kiosk promised about one application. */
typedef struct
{
  char     *instance_id;
  char     *code;               /* the reference shown; NULL for an import (looked up by instanceID) */
  char     *xml;
  char     *attachments;        /* attachments_digest() */
  gboolean  no_receipt;         /* written before receipts were kept with it */
  gboolean  delivered_before;   /* sent before the run: no server here holds it */
  gboolean  rejected;           /* stays rejected: never sent */
} Expect;

typedef struct
{
  ScenarioKind  kind;
  int           from_version;   /* SCENARIO_MIGRATE */
  char         *name;
  char         *dir;            /* the data folder as it was before the run */
  GHashTable   *expect;         /* instanceID → Expect * */
  GHashTable   *server;         /* instanceID → digest: what the server holds */
  GHashTable   *drafts;         /* reference → description the clerk was told is saved */
  char         *draft_reference; /* the draft the day's clerk saves again */
  guint64       ops;            /* what a run without a cut writes, syncs and deletes */
} Scenario;

typedef struct
{
  const Scenario *scenario;
  char           *dir;
  VtStore        *ui;           /* the kiosk window's connection */
  VtStore        *sync;         /* the sync worker's */
  GHashTable     *expect;
  GHashTable     *server;
  GHashTable     *drafts;
  GHashTable     *drafts_trying; /* reference → description being saved when the power went */
  GPtrArray      *problems;
  const char     *synchronous;  /* a broken kiosk's PRAGMA synchronous, or NULL */
  guint           step;
} Run;

static VtForm *draft_form;
static char *bundle_path;
/* The central office's keys: they open the field office's sealed bundle
 * and trust its signature. */
static VtBundleKeys *bundle_keys;

/* ---- what is compared ---------------------------------------------------------- */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static char *
attachments_digest (GPtrArray *attachments)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) digest = g_string_new (NULL);

  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      VtAttachment *attachment = g_ptr_array_index (attachments, i);
      g_autoptr(GError) error = NULL;
      /* The store hands attachments over as sources, read as a sender would. */
      g_autoptr(GBytes) bytes = vt_attachment_read_all (attachment, &error);
      g_autofree char *sum = bytes != NULL ? g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes)
                                           : g_strdup_printf ("unreadable (%s)", error->message);

      g_ptr_array_add (parts, g_strdup_printf ("%s=%s", attachment->name, sum));
    }
  g_ptr_array_sort (parts, compare_strings);
  for (guint i = 0; i < parts->len; i++)
    g_string_append_printf (digest, "%s;", (char *) g_ptr_array_index (parts, i));
  return g_string_free (g_steal_pointer (&digest), FALSE);
}

static char *
delivery_digest (const char *xml,
                 GPtrArray  *attachments)
{
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, xml, -1);
  g_autofree char *files = attachments_digest (attachments);

  return g_strdup_printf ("%s %s", sum, files);
}

static void
expect_free (Expect *expect)
{
  g_free (expect->instance_id);
  g_free (expect->code);
  g_free (expect->xml);
  g_free (expect->attachments);
  g_free (expect);
}

static Expect *
expect_copy (const Expect *expect)
{
  Expect *copy = g_new0 (Expect, 1);

  *copy = *expect;
  copy->instance_id = g_strdup (expect->instance_id);
  copy->code = g_strdup (expect->code);
  copy->xml = g_strdup (expect->xml);
  copy->attachments = g_strdup (expect->attachments);
  return copy;
}

static GHashTable *
new_expect_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) expect_free);
}

static GHashTable *
new_string_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
promise (GHashTable   *expect,
         const char   *instance_id,
         const char   *code,
         const char   *xml,
         GPtrArray    *attachments)
{
  Expect *e = g_new0 (Expect, 1);

  e->instance_id = g_strdup (instance_id);
  e->code = g_strdup (code);
  e->xml = g_strdup (xml);
  e->attachments = attachments_digest (attachments);
  g_hash_table_replace (expect, e->instance_id, e);
}

static void G_GNUC_PRINTF (2, 3)
problem (Run        *run,
         const char *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (run->problems, g_strdup_vprintf (format, args));
  va_end (args);
}

/* ---- the server, which the power cut does not reach ----------------------------- */

static void
deliver (Run         *run,
         VtStoreItem *item)
{
  Expect *expect = g_hash_table_lookup (run->expect, item->instance_id);
  g_autofree char *digest = NULL;
  g_autofree char *files = NULL;
  const char *held;

  if (item->xml == NULL)
    {
      problem (run, "%s was claimed without its XML", item->instance_id);
      return;
    }
  digest = delivery_digest (item->xml, item->attachments);
  files = attachments_digest (item->attachments);
  held = g_hash_table_lookup (run->server, item->instance_id);
  if (held != NULL && !g_str_equal (held, digest))
    problem (run, "%s was delivered twice with different XML or attachments", item->instance_id);
  if (expect != NULL && expect->xml != NULL && !g_str_equal (expect->xml, item->xml))
    problem (run, "%s was delivered with XML other than its receipt's", item->instance_id);
  if (expect != NULL && !g_str_equal (expect->attachments, files))
    problem (run, "%s was delivered with other attachments than its receipt's (%s, not %s)",
             item->instance_id, files, expect->attachments);
  if (held == NULL)
    g_hash_table_insert (run->server, g_strdup (item->instance_id), g_steal_pointer (&digest));
}

/* ---- the workload --------------------------------------------------------------- */

/* TRUE when the call succeeded and the workload goes on.  A failure after
 * the cut ends it (the machine is off); one before is a test failure. */
static gboolean
survived (gboolean     ok,
          GError     **error,
          const char  *what)
{
  if (ok)
    return TRUE;
  if (!vt_crash_vfs_is_cut ())
    g_error ("%s failed with the power on: %s", what, *error != NULL ? (*error)->message : "?");
  g_clear_error (error);
  return FALSE;
}

static VtStore *
open_store (Run     *run,
            GError **error)
{
  VtStore *store = vt_store_open (run->dir, error);

  if (store != NULL && run->synchronous != NULL)
    {
      g_autofree char *pragma = g_strdup_printf ("PRAGMA synchronous = %s", run->synchronous);

      vt_test_exec (vt_store_get_db (store), pragma);
    }
  return store;
}

static gboolean
open_both (Run *run)
{
  g_autoptr(GError) error = NULL;

  run->ui = open_store (run, &error);
  if (!survived (run->ui != NULL, &error, "opening the kiosk's connection"))
    return FALSE;
  run->sync = open_store (run, &error);
  return survived (run->sync != NULL, &error, "opening the sync worker's connection");
}

static void
close_both (Run *run)
{
  g_clear_pointer (&run->sync, vt_store_close);
  g_clear_pointer (&run->ui, vt_store_close);
}

static gboolean
enqueue (Run        *run,
         const char *name,
         gsize       xml_bytes,
         guint       n_attachments,
         gsize       attachment_bytes)
{
  g_autofree char *id = g_strdup_printf ("uuid:%s", name);
  g_autoptr(VtTestSubmission) submission = vt_test_submission_new_sized (id, xml_bytes, n_attachments,
                                                                          attachment_bytes);
  VtStoreEnqueueOptions options = { .service_title = "Permiso de venta", .language = "es" };
  g_autoptr(GError) error = NULL;
  g_autofree char *code = vt_store_enqueue (run->ui, submission, &options, &error);

  if (!survived (code != NULL, &error, "an enqueue"))
    return FALSE;
  /* The receipt is on the screen now. */
  promise (run->expect, id, code, submission->xml, submission->attachments);
  return TRUE;
}

/* Claims up to max rows and delivers them: every `retry_every`-th answer
 * is lost (a retry), the rest are marked sent, in one batch or one by one. */
static gboolean
send_some (Run      *run,
           guint     max,
           gboolean  batch,
           guint     retry_every)
{
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();
  g_autoptr(GPtrArray) items = vt_store_claim (run->sync, max, LEASE, now, &error);

  if (!survived (items != NULL, &error, "a claim"))
    return FALSE;
  if (items->len == 0)
    return TRUE;
  if (batch && !survived (vt_store_begin_batch (run->sync, &error), &error, "a batch"))
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    {
      VtStoreItem *item = g_ptr_array_index (items, i);
      gboolean ok;

      deliver (run, item);
      if (retry_every != 0 && (i + 1) % retry_every == 0)
        ok = vt_store_mark_retry (run->sync, item->instance_id, 0, "connection reset", now, now, &error);
      else
        ok = vt_store_mark_sent (run->sync, item->instance_id, 201, "<OpenRosaResponse/>", now, &error);
      /* In a batch, a failed write fails the commit, not the mark. */
      if (!batch && !survived (ok, &error, "a mark"))
        return FALSE;
      g_clear_error (&error);
    }
  return !batch || survived (vt_store_commit_batch (run->sync, &error), &error, "a batch's commit");
}

static gboolean
save_draft (Run        *run,
            const char *reference,
            const char *description)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtSession) session = vt_session_new (draft_form, NULL, &error);
  g_autofree char *saved = NULL;

  g_assert_no_error (error);
  g_assert_true (vt_session_set_answer (session, "/data/category", "other", &error));
  g_assert_true (vt_session_set_answer (session, "/data/description", description, &error));
  if (reference != NULL)
    g_hash_table_replace (run->drafts_trying, g_strdup (reference), g_strdup (description));
  saved = vt_draft_save (run->ui, session, reference, "ana", "Problema en la calle",
                         g_get_real_time (), &error);
  if (!survived (saved != NULL, &error, "a draft save"))
    return FALSE;
  g_hash_table_replace (run->drafts, g_strdup (saved), g_strdup (description));
  return TRUE;
}

static gboolean
import_bundle (Run *run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtBundle) bundle = NULL;
  guint added = 0, present = 0;

  /* The central office has the field office's form. */
  if (!survived (vt_test_store_add_form (run->ui, "permit", "2024061201", &error), &error, "a form refresh"))
    return FALSE;

  if (!survived (vt_bundle_import (run->ui, bundle_path, "clerk:ana", bundle_keys, VT_BUNDLE_IMPORT_DEFAULT,
                                   &bundle, &added, &present, &error),
                 &error, "an import"))
    return FALSE;
  /* The clerk is told the bundle is in: each of its applications is promised. */
  g_assert_no_error (error);
  for (guint i = 0; i < bundle->items->len; i++)
    {
      VtBundleItem *item = g_ptr_array_index (bundle->items, i);
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_test_attachment_free);
      g_autofree char *xml = g_strndup (g_bytes_get_data (item->xml, NULL), g_bytes_get_size (item->xml));

      for (guint j = 0; j < item->attachments->len; j++)
        {
          VtBundleFile *file = g_ptr_array_index (item->attachments, j);
          VtAttachment *attachment = g_new0 (VtAttachment, 1);

          attachment->name = g_strdup (file->name);
          attachment->bytes = g_bytes_ref (file->bytes);
          g_ptr_array_add (files, attachment);
        }
      if (!g_hash_table_contains (run->expect, item->instance_id))
        promise (run->expect, item->instance_id, NULL, xml, files);
    }
  return TRUE;
}

/* Retention of 0 days: whatever was sent before now is purged. */
static gboolean
apply_retention (Run *run)
{
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () + SECOND;

  return survived (vt_store_apply_retention (run->sync, 0, 30, now, &error), &error, "retention");
}

static gboolean
check_writable (Run *run)
{
  g_autoptr(GError) error = NULL;

  return survived (vt_store_check_writable (run->ui, &error), &error, "the writable check");
}

static gboolean
refresh_form (Run *run)
{
  g_autoptr(GError) error = NULL;
  VtStoreForm form = {
    .form_id = (char *) vt_form_get_id (draft_form),
    .version = (char *) vt_form_get_version (draft_form),
    .title = (char *) "Problema en la calle",
    .md5_hash = (char *) "md5:0",
    .xml = (char *) vt_form_get_xml (draft_form),
    .source = (char *) "server",
    .active = TRUE,
  };

  return survived (vt_store_add_form (run->sync, &form, &error), &error, "a form refresh");
}

static gboolean
close_cleanly (Run *run)
{
  /* The last close checkpoints and deletes the WAL: cuts land there too. */
  close_both (run);
  return !vt_crash_vfs_is_cut ();
}

/* A day at the counter: citizens apply, the worker sends, a clerk keeps a
 * draft and imports a field office's bundle, retention runs, the kiosk is
 * switched off. */
static void
workload_day (Run *run)
{
  (void) (open_both (run) &&
          check_writable (run) &&
          enqueue (run, "day-1", 4096, 2, 8 * 1024) &&
          send_some (run, 3, TRUE, 0) &&
          save_draft (run, NULL, "Un pozo frente a la escuela") &&
          enqueue (run, "day-2", 2048, 0, 0) &&
          send_some (run, 2, FALSE, 2) &&
          refresh_form (run) &&
          apply_retention (run) &&
          import_bundle (run) &&
          save_draft (run, run->scenario->draft_reference, "Ya hay dos pozos") &&
          enqueue (run, "day-3", 8192, 1, 40 * 1024) &&
          send_some (run, 10, TRUE, 3) &&
          apply_retention (run) &&
          close_cleanly (run));
}

/* Enough applications to fill the WAL past SQLite's checkpoint (1000
 * pages), sent in batches as they come. */
static void
workload_burst (Run *run)
{
  if (!open_both (run))
    return;
  for (int i = 0; i < 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("burst-%d", i);

      if (!enqueue (run, name, 4096, 2, 4 * 1024))
        return;
      if (i % 8 == 7 && !send_some (run, 8, TRUE, 5))
        return;
    }
  (void) (apply_retention (run) && close_cleanly (run));
}

/* A kiosk updated to this release opens its old database (the migration),
 * then works as usual. */
static void
workload_migrate (Run *run)
{
  (void) (open_both (run) &&
          send_some (run, 10, TRUE, 0) &&
          enqueue (run, "after-migration", 4096, 1, 2048) &&
          apply_retention (run) &&
          close_cleanly (run));
}

static void
run_workload (Run *run)
{
  switch (run->scenario->kind)
    {
    case SCENARIO_DAY:
      workload_day (run);
      break;
    case SCENARIO_BURST:
      workload_burst (run);
      break;
    case SCENARIO_MIGRATE:
      workload_migrate (run);
      break;
    }
  close_both (run);
}

/* ---- the checks after the power comes back ------------------------------------- */

static char *
sql_text (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else
    text = g_strdup_printf ("(%s)", sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return text;
}

static void
check_integrity (Run     *run,
                 VtStore *store)
{
  g_autofree char *integrity = sql_text (vt_store_get_db (store), "PRAGMA integrity_check");
  g_autofree char *twice = sql_text (vt_store_get_db (store),
                                     "SELECT group_concat (instance_id) FROM "
                                     "(SELECT instance_id FROM submissions GROUP BY instance_id "
                                     " HAVING count(*) > 1)");

  if (g_strcmp0 (integrity, "ok") != 0)
    problem (run, "integrity_check: %s", integrity);
  if (twice != NULL)
    problem (run, "stored twice: %s", twice);
}

static void
check_counts (Run     *run,
              VtStore *store)
{
  g_autoptr(GError) error = NULL;
  VtStoreCounts counts;
  sqlite3_stmt *stmt = NULL;
  guint rows[VT_STORE_N_STATES] = { 0 };

  if (!vt_store_get_counts (store, &counts, &error))
    {
      problem (run, "counting: %s", error->message);
      return;
    }
  g_assert_cmpint (sqlite3_prepare_v2 (vt_store_get_db (store),
                                       "SELECT state, count(*) FROM submissions GROUP BY state",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      VtStoreState state;

      g_assert_true (vt_store_state_from_string ((const char *) sqlite3_column_text (stmt, 0), &state));
      rows[state] = (guint) sqlite3_column_int (stmt, 1);
    }
  sqlite3_finalize (stmt);
  for (int state = 0; state < VT_STORE_N_STATES; state++)
    if (counts.n[state] != rows[state])
      problem (run, "%u %s rows counted as %u", rows[state], vt_store_state_to_string (state),
               counts.n[state]);
}

static void
check_promises (Run     *run,
                VtStore *store)
{
  GHashTableIter iter;
  Expect *expect;

  g_hash_table_iter_init (&iter, run->expect);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &expect))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VtReceipt) receipt = NULL;
      g_autoptr(VtStoreItem) item = NULL;
      g_autofree char *files = NULL;

      if (expect->no_receipt)
        ;
      else if (expect->code != NULL)
        receipt = vt_store_get_receipt (store, expect->code, &error);
      else
        receipt = vt_store_get_receipt_for (store, expect->instance_id, &error);
      if (receipt == NULL && !expect->no_receipt)
        {
          problem (run, "the receipt of %s (%s) is lost: %s", expect->instance_id,
                   expect->code != NULL ? expect->code : "imported", error->message);
          continue;
        }
      if (receipt != NULL && !g_str_equal (receipt->instance_id, expect->instance_id))
        {
          problem (run, "receipt %s leads to %s, not %s", expect->code, receipt->instance_id,
                   expect->instance_id);
          continue;
        }
      item = vt_store_get_item (store, expect->instance_id, &error);
      if (item == NULL)
        {
          problem (run, "%s has its receipt but not its application: %s", expect->instance_id,
                   error->message);
          continue;
        }
      if (item->xml == NULL)
        {
          const char *held = g_hash_table_lookup (run->server, expect->instance_id);

          /* Purged: only ever after it was sent. */
          if (item->state != VT_STORE_STATE_SENT)
            problem (run, "%s lost its XML while %s", expect->instance_id,
                     vt_store_state_to_string (item->state));
          else if (!expect->delivered_before && held == NULL)
            problem (run, "%s was purged but the server never got it", expect->instance_id);
          continue;
        }
      files = attachments_digest (item->attachments);
      if (expect->xml != NULL && !g_str_equal (item->xml, expect->xml))
        problem (run, "%s holds other XML than its receipt's", expect->instance_id);
      if (!g_str_equal (files, expect->attachments))
        problem (run, "%s holds other attachments than its receipt's (%s, not %s)",
                 expect->instance_id, files, expect->attachments);
    }
}

static void
check_sent_rows (Run     *run,
                 VtStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sent = vt_store_list_submissions (store, VT_STORE_STATE_MASK (VT_STORE_STATE_SENT),
                                                         0, &error);

  if (sent == NULL)
    {
      problem (run, "listing: %s", error->message);
      return;
    }
  for (guint i = 0; i < sent->len; i++)
    {
      VtStoreSubmissionInfo *info = g_ptr_array_index (sent, i);
      Expect *expect = g_hash_table_lookup (run->expect, info->instance_id);

      if ((expect == NULL || !expect->delivered_before) &&
          !g_hash_table_contains (run->server, info->instance_id))
        problem (run, "%s is marked sent but the server never got it", info->instance_id);
    }
}

static void
check_drafts (Run     *run,
              VtStore *store)
{
  GHashTableIter iter;
  const char *reference, *description;

  g_hash_table_iter_init (&iter, run->drafts);
  while (g_hash_table_iter_next (&iter, (gpointer *) &reference, (gpointer *) &description))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VtSession) session = NULL;
      g_autofree char *answer = NULL;
      const char *trying = g_hash_table_lookup (run->drafts_trying, reference);

      session = vt_draft_resume (store, reference, 30, g_get_real_time (), NULL, &error);
      if (session == NULL)
        {
          problem (run, "draft %s is lost: %s", reference, error->message);
          continue;
        }
      answer = vt_session_dup_answer (session, "/data/description");
      if (g_strcmp0 (answer, description) != 0 && g_strcmp0 (answer, trying) != 0)
        problem (run, "draft %s resumes with “%s”, saved as “%s”", reference, answer, description);
    }
}

/* The worker's next passes, long after the cut: every lease has expired. */
static void
drain (Run     *run,
       VtStore *store)
{
  gint64 later = g_get_real_time () + 3600 * SECOND;

  for (int pass = 0; pass < 100; pass++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) items = vt_store_claim (store, 50, LEASE, later, &error);

      if (items == NULL)
        {
          problem (run, "claim after the cut: %s", error->message);
          return;
        }
      if (items->len == 0)
        break;
      for (guint i = 0; i < items->len; i++)
        {
          VtStoreItem *item = g_ptr_array_index (items, i);

          deliver (run, item);
          if (!vt_store_mark_sent (store, item->instance_id, 201, NULL, later, &error))
            {
              problem (run, "marking after the cut: %s", error->message);
              return;
            }
        }
    }

  {
    g_autoptr(GError) error = NULL;
    VtStoreCounts counts;
    GHashTableIter iter;
    Expect *expect;

    if (!vt_store_get_counts (store, &counts, &error))
      problem (run, "counting after the drain: %s", error->message);
    else if (counts.n[VT_STORE_STATE_QUEUED] + counts.n[VT_STORE_STATE_SENDING] != 0)
      problem (run, "%u queued and %u sending after the drain", counts.n[VT_STORE_STATE_QUEUED],
               counts.n[VT_STORE_STATE_SENDING]);
    g_hash_table_iter_init (&iter, run->expect);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &expect))
      if (!expect->delivered_before && !expect->rejected &&
          !g_hash_table_contains (run->server, expect->instance_id))
        problem (run, "%s was never delivered", expect->instance_id);
  }
}

static void
check_after_power_on (Run *run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = vt_store_open (run->dir, &error);

  if (store == NULL)
    {
      problem (run, "the kiosk does not start: %s", error->message);
      return;
    }
  if (vt_store_get_schema_version (store) != VT_STORE_SCHEMA_VERSION)
    problem (run, "schema %d after a reboot", vt_store_get_schema_version (store));
  check_integrity (run, store);
  check_counts (run, store);
  check_promises (run, store);
  check_sent_rows (run, store);
  check_drafts (run, store);
  drain (run, store);
  check_integrity (run, store);
}

/* ---- scenarios ------------------------------------------------------------------- */

static void
copy_table (GHashTable *to,
            GHashTable *from,
            gboolean    expects)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, from);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (expects)
      {
        Expect *copy = expect_copy (value);

        g_hash_table_insert (to, copy->instance_id, copy);
      }
    else
      g_hash_table_insert (to, g_strdup (key), g_strdup (value));
}

static void
copy_dir (const char *from,
          const char *to)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *source = g_build_filename (from, name, NULL);
      g_autofree char *target = g_build_filename (to, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
      g_assert_true (g_file_set_contents_full (target, contents, (gssize) length,
                                               G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL));
    }
}

static Run *
run_new (const Scenario *scenario,
         const char     *dir)
{
  Run *run = g_new0 (Run, 1);

  run->scenario = scenario;
  run->dir = g_strdup (dir);
  run->expect = new_expect_table ();
  run->server = new_string_table ();
  run->drafts = new_string_table ();
  run->drafts_trying = new_string_table ();
  run->problems = g_ptr_array_new_with_free_func (g_free);
  vt_test_rmdir_recursive (dir);
  if (g_file_test (scenario->dir, G_FILE_TEST_IS_DIR))
    copy_dir (scenario->dir, dir);
  copy_table (run->expect, scenario->expect, TRUE);
  copy_table (run->server, scenario->server, FALSE);
  copy_table (run->drafts, scenario->drafts, FALSE);
  /* The copy is on the disk: a clean start. */
  vt_crash_vfs_forget ();
  return run;
}

static void
run_free (Run *run)
{
  close_both (run);
  vt_crash_vfs_forget ();
  vt_test_rmdir_recursive (run->dir);
  g_free (run->dir);
  g_hash_table_unref (run->expect);
  g_hash_table_unref (run->server);
  g_hash_table_unref (run->drafts);
  g_hash_table_unref (run->drafts_trying);
  g_ptr_array_unref (run->problems);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

/* The data folder before the run, built with the power on. */
static void
prepare_current (Scenario   *scenario,
                 const char *root)
{
  g_autoptr(Run) run = run_new (scenario, root);
  GHashTableIter iter;

  g_assert_true (open_both (run));
  g_assert_true (refresh_form (run));
  g_assert_true (enqueue (run, "before-1", 4096, 2, 8 * 1024));
  g_assert_true (enqueue (run, "before-2", 2048, 1, 1024));
  g_assert_true (send_some (run, 1, FALSE, 0));
  g_assert_true (enqueue (run, "before-3", 4096, 0, 0));
  g_assert_true (save_draft (run, NULL, "Una luminaria apagada"));
  close_both (run);

  g_hash_table_iter_init (&iter, run->drafts);
  g_assert_true (g_hash_table_iter_next (&iter, (gpointer *) &scenario->draft_reference, NULL));
  scenario->draft_reference = g_strdup (scenario->draft_reference);
  copy_table (scenario->expect, run->expect, TRUE);
  copy_table (scenario->server, run->server, FALSE);
  copy_table (scenario->drafts, run->drafts, FALSE);
  copy_dir (root, scenario->dir);
}

static void
prepare_old (Scenario   *scenario,
             const char *root)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = vt_receipt_code_new ();
  g_autoptr(VtStore) old = vt_store_open_at_version (scenario->dir, scenario->from_version, &error);
  Expect *expect;

  g_assert_no_error (error);
  vt_test_fill_old_schema (vt_store_get_db (old), scenario->from_version, code);
  g_clear_pointer (&old, vt_store_close);
  vt_crash_vfs_forget ();

  promise (scenario->expect, "uuid:m1", code, "<data/>", NULL);
  expect = g_hash_table_lookup (scenario->expect, "uuid:m1");
  g_free (expect->attachments);
  expect->attachments = g_strdup ("a.jpg=6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d;");
  for (int i = 2; i <= 4; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:m%d", i);

      promise (scenario->expect, id, NULL, i == 4 ? NULL : "<data/>", NULL);
      expect = g_hash_table_lookup (scenario->expect, id);
      expect->no_receipt = TRUE;
      expect->delivered_before = i != 3;
      expect->rejected = i == 3;
    }
}

/* A field office's bundle, signed and sealed for the central office. */
static void
write_bundle (const char *dir)
{
  g_autoptr(GDateTime) created = g_date_time_new_now_utc ();
  g_autoptr(VtBundle) bundle = vt_bundle_new ("oficina-rural", created);
  g_autoptr(GError) error = NULL;
  g_autofree char *field = g_build_filename (dir, "field-office", NULL);
  g_autofree char *secret = g_build_filename (dir, "bundle.key", NULL);
  g_autofree char *recipient = vt_bundle_keys_make_recipient (secret, &error);
  g_autoptr(VtBundleKeys) field_keys = vt_bundle_keys_load (field, recipient, NULL, NULL, &error);
  g_autoptr(VtKioskKey) field_key = vt_kiosk_key_load (field, &error);

  g_assert_no_error (error);
  bundle_keys = vt_bundle_keys_load (NULL, NULL, secret, NULL, &error);
  g_assert_no_error (error);
  vt_bundle_keys_trust (bundle_keys, "oficina-rural", vt_kiosk_key_get_public (field_key));

  for (int i = 1; i <= 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("uuid:field-%d", i);
      g_autoptr(VtTestSubmission) submission = vt_test_submission_new_sized (id, 3000, i == 2 ? 0 : 1, 6000);
      g_autoptr(GBytes) xml = g_bytes_new (submission->xml, strlen (submission->xml));
      VtBundleItem *item = vt_bundle_item_new (id, submission->form_id, submission->form_version,
                                               "2026-01-05T10:00:00Z", xml);

      for (guint j = 0; j < submission->attachments->len; j++)
        {
          VtAttachment *attachment = g_ptr_array_index (submission->attachments, j);

          g_ptr_array_add (item->attachments,
                           vt_bundle_file_new (attachment->name, attachment->content_type, attachment->bytes));
        }
      item->reference_code = vt_receipt_code_new ();
      item->service_title = g_strdup ("Permiso de venta");
      g_ptr_array_add (bundle->items, item);
    }
  bundle_path = vt_bundle_write_to_dir (bundle, dir, field_keys, &error);
  g_assert_no_error (error);
}

static Scenario *
scenario_new (ScenarioKind  kind,
              int           from_version,
              const char   *root)
{
  Scenario *scenario = g_new0 (Scenario, 1);
  g_autofree char *work = g_build_filename (root, "work", NULL);

  scenario->kind = kind;
  scenario->from_version = from_version;
  scenario->name = kind == SCENARIO_DAY ? g_strdup ("day")
                 : kind == SCENARIO_BURST ? g_strdup ("burst")
                 : g_strdup_printf ("migrate-from-%d", from_version);
  scenario->dir = g_build_filename (root, scenario->name, NULL);
  scenario->expect = new_expect_table ();
  scenario->server = new_string_table ();
  scenario->drafts = new_string_table ();

  if (kind == SCENARIO_MIGRATE)
    prepare_old (scenario, work);
  else
    prepare_current (scenario, work);

  /* How much a run without a cut writes: the cut lands anywhere in it. */
  {
    g_autoptr(Run) run = run_new (scenario, work);

    vt_crash_vfs_arm (0);
    run_workload (run);
    scenario->ops = vt_crash_vfs_get_ops ();
    /* A kiosk switched off after a clean shutdown loses nothing. */
    vt_crash_vfs_power_on (VT_CRASH_DAMAGE_DROP, NULL);
    check_after_power_on (run);
    for (guint i = 0; i < run->problems->len; i++)
      g_error ("%s without a cut: %s", scenario->name, (char *) g_ptr_array_index (run->problems, i));
  }
  return scenario;
}

static void
scenario_free (Scenario *scenario)
{
  vt_test_rmdir_recursive (scenario->dir);
  g_free (scenario->dir);
  g_free (scenario->name);
  g_free (scenario->draft_reference);
  g_hash_table_unref (scenario->expect);
  g_hash_table_unref (scenario->server);
  g_hash_table_unref (scenario->drafts);
  g_free (scenario);
}

/* ---- cuts ------------------------------------------------------------------------ */

typedef struct
{
  char      *root;
  GPtrArray *scenarios;         /* Scenario * */
} World;

static World *
world_new (void)
{
  World *world = g_new0 (World, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *form = g_build_filename (vt_test_source_root (), "data", "forms", "street_problem.xml", NULL);

  vt_crash_vfs_install ();
  if (draft_form == NULL)
    {
      draft_form = vt_form_load_file (form, &error);
      g_assert_no_error (error);
    }
  world->root = vt_test_make_tmpdir ("power-cut");
  write_bundle (world->root);
  world->scenarios = g_ptr_array_new_with_free_func ((GDestroyNotify) scenario_free);
  g_ptr_array_add (world->scenarios, scenario_new (SCENARIO_DAY, 0, world->root));
  g_ptr_array_add (world->scenarios, scenario_new (SCENARIO_BURST, 0, world->root));
  for (int v = 1; v < VT_STORE_SCHEMA_VERSION; v++)
    g_ptr_array_add (world->scenarios, scenario_new (SCENARIO_MIGRATE, v, world->root));
  return world;
}

static void
world_free (World *world)
{
  g_ptr_array_unref (world->scenarios);
  g_clear_pointer (&bundle_path, g_free);
  g_clear_pointer (&bundle_keys, vt_bundle_keys_free);
  vt_test_rmdir_recursive (world->root);
  g_free (world->root);
  g_free (world);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (World, world_free)

typedef struct
{
  const Scenario *scenario;
  guint64         cut_at;
  VtCrashDamage   damage;
  gboolean        cut;          /* the power went before the workload ended */
} CutResult;

/* Cut number `index` of the run seeded with `seed`: its scenario, point and
 * damage depend on nothing else, so it can be run alone again. */
static GPtrArray *
run_cut (World          *world,
         guint32         seed,
         guint           index,
         const char     *synchronous,
         const Scenario *only,
         CutResult      *result)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed_array ((const guint32[]) { seed, index }, 2);
  g_autofree char *dir = g_build_filename (world->root, "work", NULL);
  const Scenario *scenario;
  g_autoptr(Run) run = NULL;

  /* The day and the burst are what a kiosk does every day; each migration
   * happens once in its life. */
  if (only != NULL)
    scenario = only;
  else if (g_rand_int_range (rand, 0, 10) < 4)
    scenario = g_ptr_array_index (world->scenarios, 0);
  else if (g_rand_int_range (rand, 0, 3) == 0)
    scenario = g_ptr_array_index (world->scenarios, 1);
  else
    scenario = g_ptr_array_index (world->scenarios, g_rand_int_range (rand, 2, (gint32) world->scenarios->len));

  result->scenario = scenario;
  result->cut_at = (guint64) g_rand_int_range (rand, 1, (gint32) scenario->ops + 1);
  result->damage = (VtCrashDamage) g_rand_int_range (rand, 0, VT_CRASH_N_DAMAGES);

  run = run_new (scenario, dir);
  run->synchronous = synchronous;
  vt_crash_vfs_arm (result->cut_at);
  run_workload (run);
  result->cut = vt_crash_vfs_is_cut ();
  vt_crash_vfs_power_on (result->damage, rand);
  run->synchronous = NULL;
  check_after_power_on (run);
  return g_ptr_array_ref (run->problems);
}

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);

  return value != NULL && value[0] != '\0' ? (guint) g_ascii_strtoull (value, NULL, 0) : fallback;
}

static void
test_cuts (void)
{
  g_autoptr(World) world = world_new ();
  guint32 seed = env_uint ("VT_POWER_CUT_SEED", g_random_int ());
  guint n = env_uint ("VT_POWER_CUTS", DEFAULT_CUTS);
  guint first = env_uint ("VT_POWER_CUT_FIRST", 0);
  guint cuts = 0, per_damage[VT_CRASH_N_DAMAGES] = { 0 };
  g_autoptr(GHashTable) per_scenario = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) summary = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_test_message ("power-cut seed %u: cuts %u to %u (VT_POWER_CUT_SEED=%u VT_POWER_CUTS=%u)",
                  seed, first, first + n - 1, seed, n);
  for (guint i = 0; i < world->scenarios->len; i++)
    {
      Scenario *scenario = g_ptr_array_index (world->scenarios, i);

      g_test_message ("scenario %s: %" G_GUINT64_FORMAT " writes, syncs and deletes without a cut",
                      scenario->name, scenario->ops);
    }

  for (guint index = first; index < first + n; index++)
    {
      CutResult result;
      g_autoptr(GPtrArray) problems = run_cut (world, seed, index, NULL, NULL, &result);

      if (problems->len > 0)
        {
          g_autoptr(GString) text = g_string_new (NULL);

          for (guint i = 0; i < problems->len; i++)
            g_string_append_printf (text, "\n  %s", (char *) g_ptr_array_index (problems, i));
          g_test_fail_printf ("cut %u of seed %u (%s, power cut at operation %" G_GUINT64_FORMAT
                              " of %" G_GUINT64_FORMAT ", damage %s): %s\n"
                              "Run it again with: tests/power-cut.sh --seed %u --first %u --cuts 1",
                              index, seed, result.scenario->name, result.cut_at, result.scenario->ops,
                              vt_crash_damage_to_string (result.damage), text->str, seed, index);
          return;
        }
      if (result.cut)
        {
          cuts++;
          per_damage[result.damage]++;
          g_hash_table_insert (per_scenario, result.scenario->name,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (per_scenario,
                                                                                        result.scenario->name)) + 1));
        }
    }

  g_hash_table_iter_init (&iter, per_scenario);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_string_append_printf (summary, " %s %u", (char *) key, GPOINTER_TO_UINT (value));
  g_test_message ("RESULT power-cuts %u cuts (drop %u, torn %u, shuffle %u;%s), nothing lost",
                  cuts, per_damage[VT_CRASH_DAMAGE_DROP], per_damage[VT_CRASH_DAMAGE_TORN],
                  per_damage[VT_CRASH_DAMAGE_SHUFFLE], summary->str);
  /* A cut point past what the workload wrote ends it whole; most land in it. */
  g_assert_cmpuint (cuts, >=, n * 9 / 10);
}

/* The checks catch a kiosk that loses what it promised: with
 * synchronous=OFF or NORMAL (which in WAL mode commits without a sync), or
 * on a disk whose sync lies, some cuts lose a shown receipt. */
static void
check_broken (const char *synchronous,
              gboolean    lying_sync)
{
  g_autoptr(World) world = world_new ();
  guint32 seed = env_uint ("VT_POWER_CUT_SEED", g_random_int ());
  guint caught = 0, tried = 0;
  g_autofree char *first = NULL;

  g_test_message ("seed %u", seed);
  vt_crash_vfs_set_lying_sync (lying_sync);
  for (guint index = 0; index < 200 && caught < 3; index++)
    {
      CutResult result;
      g_autoptr(GPtrArray) problems = run_cut (world, seed, index, synchronous,
                                               g_ptr_array_index (world->scenarios, 0), &result);

      tried++;
      for (guint i = 0; i < problems->len; i++)
        if (strstr (g_ptr_array_index (problems, i), "is lost") != NULL)
          {
            if (first == NULL)
              first = g_strdup_printf ("cut %u (damage %s): %s", index,
                                       vt_crash_damage_to_string (result.damage),
                                       (char *) g_ptr_array_index (problems, i));
            caught++;
            break;
          }
    }
  vt_crash_vfs_set_lying_sync (FALSE);
  g_test_message ("%u of %u cuts lost a promised receipt; the first: %s", caught, tried, first);
  g_assert_cmpuint (caught, >=, 3);
}

static void
test_caught_synchronous_off (void)
{
  check_broken ("OFF", FALSE);
}

static void
test_caught_synchronous_normal (void)
{
  check_broken ("NORMAL", FALSE);
}

static void
test_caught_lying_sync (void)
{
  check_broken (NULL, TRUE);
}

/* The simulator itself: what was synced survives every damage, what was
 * not is lost (drop) or ends in garbage (torn). */
static void
test_simulator (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("crash-vfs");
  g_autofree char *path = g_build_filename (dir, "t.db", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);

  vt_crash_vfs_install ();
  for (int damage = 0; damage < VT_CRASH_N_DAMAGES; damage++)
    {
      sqlite3 *db = NULL;
      g_autofree char *count = NULL;

      g_unlink (path);
      vt_crash_vfs_forget ();
      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      vt_test_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                        "CREATE TABLE t (x); INSERT INTO t VALUES (1);");
      /* Nothing syncs these; the cut comes at the next write. */
      vt_test_exec (db, "PRAGMA synchronous = OFF; INSERT INTO t VALUES (2); INSERT INTO t VALUES (3);");
      vt_crash_vfs_arm (1);
      g_assert_cmpint (sqlite3_exec (db, "INSERT INTO t VALUES (4)", NULL, NULL, NULL), ==, SQLITE_IOERR);
      g_assert_true (vt_crash_vfs_is_cut ());
      sqlite3_close (db);
      vt_crash_vfs_power_on ((VtCrashDamage) damage, rand);

      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      count = sql_text (db, "SELECT group_concat (x) FROM t");
      g_test_message ("%s: %s", vt_crash_damage_to_string (damage), count);
      if (damage == VT_CRASH_DAMAGE_DROP)
        g_assert_cmpstr (count, ==, "1");
      else if (damage == VT_CRASH_DAMAGE_TORN)
        /* Everything landed but the frame being written, whose checksum
         * fails: its transaction is gone. */
        g_assert_cmpstr (count, ==, "1,2,3");
      else
        g_assert_true (g_str_has_prefix (count, "1"));
      g_free (count);
      count = sql_text (db, "PRAGMA integrity_check");
      g_assert_cmpstr (count, ==, "ok");
      sqlite3_close (db);
    }
  vt_crash_vfs_forget ();
  vt_test_rmdir_recursive (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vt/power-cut/simulator", test_simulator);
  g_test_add_func ("/vt/power-cut/cuts", test_cuts);
  g_test_add_func ("/vt/power-cut/caught-synchronous-off", test_caught_synchronous_off);
  g_test_add_func ("/vt/power-cut/caught-synchronous-normal", test_caught_synchronous_normal);
  g_test_add_func ("/vt/power-cut/caught-lying-sync", test_caught_lying_sync);
  return g_test_run ();
}
