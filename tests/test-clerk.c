/* posix_openpt, grantpt, unlockpt, ptsname */
#define _XOPEN_SOURCE 600
#define _DEFAULT_SOURCE

#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <termios.h>
#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vt-clerk.h"
#include "vt-form.h"
#include "vt-session.h"
#include "vt-submission.h"
#include "vt-store.h"
#include "vt-test-utils.h"

#define SEC G_USEC_PER_SEC
/* A fixed clock: tests inject it instead of waiting. */
#define T0  ((gint64) 1795000000 * SEC)

typedef struct
{
  char    *dir;
  VtStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = vt_test_make_tmpdir ("clerk");
  f->store = vt_store_open (f->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->store, vt_store_close);
  vt_test_rmdir_recursive (f->dir);
  g_free (f->dir);
}

static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&f->store, vt_store_close);
  f->store = vt_store_open (f->dir, &error);
  g_assert_no_error (error);
}

/* The events with actor "clerk" about the PIN, as "what" words. */
static char *
pin_events (VtStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = vt_store_list_events (store, NULL, 0, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      VtStoreEvent *event = g_ptr_array_index (events, i);

      if (!g_str_has_prefix (event->what, "pin-"))
        continue;
      g_assert_cmpstr (event->actor, ==, "clerk");
      g_assert_null (event->instance_id);
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, event->what);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_pin_format (void)
{
  const char *good[] = { "0000", "1234", "123456789012", NULL };
  const char *bad[] = { "", "123", "1234567890123", "12a4", "12 34", "１２３４", "-1234", NULL };

  for (guint i = 0; good[i] != NULL; i++)
    g_assert_true (vt_clerk_pin_is_valid (good[i], NULL));
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (vt_clerk_pin_is_valid (bad[i], &error));
      g_assert_error (error, VT_CLERK_ERROR, VT_CLERK_ERROR_BAD_PIN);
      g_assert_nonnull (strstr (error->message, "4 to 12 digits"));
    }
  g_assert_false (vt_clerk_pin_is_valid (NULL, NULL));
}

static void
test_lockout_schedule (void)
{
  g_assert_cmpint (vt_clerk_lockout_usec (0), ==, 0);
  g_assert_cmpint (vt_clerk_lockout_usec (1), ==, 0);
  g_assert_cmpint (vt_clerk_lockout_usec (2), ==, 0);
  g_assert_cmpint (vt_clerk_lockout_usec (3), ==, 30 * SEC);
  g_assert_cmpint (vt_clerk_lockout_usec (4), ==, 60 * SEC);
  g_assert_cmpint (vt_clerk_lockout_usec (5), ==, 120 * SEC);
  g_assert_cmpint (vt_clerk_lockout_usec (6), ==, 240 * SEC);
  g_assert_cmpint (vt_clerk_lockout_usec (7), ==, 480 * SEC);
  g_assert_cmpint (vt_clerk_lockout_usec (8), ==, 900 * SEC);
  g_assert_cmpint (vt_clerk_lockout_usec (G_MAXUINT), ==, VT_CLERK_LOCKOUT_MAX_USEC);
}

static void
test_set_and_verify (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *events = NULL;
  gboolean has_pin = TRUE;
  gint64 until = -1;

  g_assert_true (vt_clerk_has_pin (f->store, &has_pin, &error));
  g_assert_false (has_pin);
  g_assert_cmpint (vt_clerk_verify_pin (f->store, "1234", T0, &until, &error), ==, VT_CLERK_PIN_NOT_SET);
  g_assert_no_error (error);

  g_assert_false (vt_clerk_set_pin (f->store, "12", &error));
  g_assert_error (error, VT_CLERK_ERROR, VT_CLERK_ERROR_BAD_PIN);
  g_clear_error (&error);

  g_assert_true (vt_clerk_set_pin (f->store, "482916", &error));
  g_assert_no_error (error);
  g_assert_true (vt_clerk_has_pin (f->store, &has_pin, &error));
  g_assert_true (has_pin);

  /* Only an Argon2id hash is stored, never the PIN. */
  hash = vt_store_get_meta (f->store, VT_STORE_META_CLERK_PIN, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, "482916"));

  g_assert_cmpint (vt_clerk_verify_pin (f->store, "482916", T0, &until, &error), ==, VT_CLERK_PIN_OK);
  g_assert_cmpint (until, ==, 0);
  g_assert_cmpint (vt_clerk_verify_pin (f->store, "482917", T0, &until, &error), ==, VT_CLERK_PIN_WRONG);
  g_assert_cmpint (vt_clerk_verify_pin (f->store, "48291", T0, &until, &error), ==, VT_CLERK_PIN_WRONG);
  g_assert_cmpint (vt_clerk_verify_pin (f->store, NULL, T0, &until, &error), ==, VT_CLERK_PIN_WRONG);
  g_assert_no_error (error);

  events = pin_events (f->store);
  g_assert_cmpstr (events, ==, "pin-attempt-no-pin pin-set pin-ok pin-wrong pin-wrong pin-wrong");
}

static void
test_lockout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *events = NULL;
  gint64 until = 0;
  guint failures = 0;

  g_assert_true (vt_clerk_set_pin (f->store, "2580", &error));

  /* Two free mistakes. */
  g_assert_cmpint (vt_clerk_verify_pin (f->store, "0000", T0, &until, &error), ==, VT_CLERK_PIN_WRONG);
  g_assert_cmpint (until, ==, 0);
  g_assert_cmpint (vt_clerk_verify_pin (f->store, "0001", T0 + 1 * SEC, &until, &error), ==, VT_CLERK_PIN_WRONG);
  g_assert_cmpint (until, ==, 0);
  /* The third locks for 30 s. */
  g_assert_cmpint (vt_clerk_verify_pin (f->store, "0002", T0 + 2 * SEC, &until, &error), ==, VT_CLERK_PIN_WRONG);
  g_assert_cmpint (until, ==, T0 + 32 * SEC);

  /* While locked even the right PIN is not checked. */
  g_assert_cmpint (vt_clerk_verify_pin (f->store, "2580", T0 + 20 * SEC, &until, &error), ==, VT_CLERK_PIN_LOCKED);
  g_assert_cmpint (until, ==, T0 + 32 * SEC);
  g_assert_cmpint (vt_clerk_verify_pin (f->store, "2580", T0 + 32 * SEC - 1, &until, &error), ==, VT_CLERK_PIN_LOCKED);

  /* Then 60 s, 120 s. */
  g_assert_cmpint (vt_clerk_verify_pin (f->store, "0003", T0 + 32 * SEC, &until, &error), ==, VT_CLERK_PIN_WRONG);
  g_assert_cmpint (until, ==, T0 + 92 * SEC);
  g_assert_cmpint (vt_clerk_verify_pin (f->store, "0004", T0 + 92 * SEC, &until, &error), ==, VT_CLERK_PIN_WRONG);
  g_assert_cmpint (until, ==, T0 + 212 * SEC);

  g_assert_true (vt_clerk_get_lockout (f->store, T0 + 100 * SEC, &failures, &until, &error));
  g_assert_cmpuint (failures, ==, 5);
  g_assert_cmpint (until, ==, T0 + 212 * SEC);

  /* The right PIN once it is open clears everything. */
  g_assert_cmpint (vt_clerk_verify_pin (f->store, "2580", T0 + 212 * SEC, &until, &error), ==, VT_CLERK_PIN_OK);
  g_assert_true (vt_clerk_get_lockout (f->store, T0 + 212 * SEC, &failures, &until, &error));
  g_assert_cmpuint (failures, ==, 0);
  g_assert_cmpint (until, ==, 0);
  g_assert_cmpint (vt_clerk_verify_pin (f->store, "1111", T0 + 213 * SEC, &until, &error), ==, VT_CLERK_PIN_WRONG);
  g_assert_cmpint (until, ==, 0);
  g_assert_no_error (error);

  events = pin_events (f->store);
  g_assert_cmpstr (events, ==, "pin-set pin-wrong pin-wrong pin-wrong pin-locked pin-locked "
                               "pin-wrong pin-wrong pin-ok pin-wrong");
}

/* Several wrong PINs checked at the same moment, each through its own
 * connection (as two PIN pads or a script would): every one is counted and
 * the pad locks after the free attempts, as it does one after another. */
#define PARALLEL_ATTEMPTS 6

typedef struct
{
  const char       *dir;
  GMutex            lock;
  GCond             cond;
  guint             ready;
  gboolean          go;
  VtClerkPinResult  results[PARALLEL_ATTEMPTS];
} Race;

typedef struct
{
  Race  *race;
  guint  index;
} Racer;

static gpointer
racer_thread (gpointer data)
{
  Racer *racer = data;
  Race *race = racer->race;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = vt_store_open (race->dir, &error);
  g_autofree char *guess = g_strdup_printf ("000%u", racer->index);
  gint64 until = 0;

  g_assert_no_error (error);
  /* Everyone opened, then all at once. */
  g_mutex_lock (&race->lock);
  race->ready++;
  g_cond_broadcast (&race->cond);
  while (!race->go)
    g_cond_wait (&race->cond, &race->lock);
  g_mutex_unlock (&race->lock);

  race->results[racer->index] = vt_clerk_verify_pin (store, guess, T0, &until, &error);
  g_assert_no_error (error);
  return NULL;
}

static void
test_parallel_attempts (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Race race = { .dir = f->dir };
  Racer racers[PARALLEL_ATTEMPTS];
  GThread *threads[PARALLEL_ATTEMPTS];
  guint wrong = 0, locked = 0, failures = 0;
  gint64 until = 0;

  g_assert_true (vt_clerk_set_pin (f->store, "2580", &error));
  g_mutex_init (&race.lock);
  g_cond_init (&race.cond);
  for (guint i = 0; i < PARALLEL_ATTEMPTS; i++)
    {
      racers[i] = (Racer) { &race, i };
      threads[i] = g_thread_new ("racer", racer_thread, &racers[i]);
    }
  g_mutex_lock (&race.lock);
  while (race.ready < PARALLEL_ATTEMPTS)
    g_cond_wait (&race.cond, &race.lock);
  race.go = TRUE;
  g_cond_broadcast (&race.cond);
  g_mutex_unlock (&race.lock);
  for (guint i = 0; i < PARALLEL_ATTEMPTS; i++)
    g_thread_join (threads[i]);
  g_mutex_clear (&race.lock);
  g_cond_clear (&race.cond);

  for (guint i = 0; i < PARALLEL_ATTEMPTS; i++)
    {
      if (race.results[i] == VT_CLERK_PIN_WRONG)
        wrong++;
      else if (race.results[i] == VT_CLERK_PIN_LOCKED)
        locked++;
    }
  /* The free attempts were checked; the rest found the pad locked. */
  g_assert_cmpuint (wrong, ==, VT_CLERK_FREE_ATTEMPTS);
  g_assert_cmpuint (locked, ==, PARALLEL_ATTEMPTS - VT_CLERK_FREE_ATTEMPTS);
  g_assert_true (vt_clerk_get_lockout (f->store, T0, &failures, &until, &error));
  g_assert_cmpuint (failures, ==, VT_CLERK_FREE_ATTEMPTS);
  g_assert_cmpint (until, ==, T0 + VT_CLERK_LOCKOUT_MIN_USEC);
  /* And the lockout holds: even the right PIN waits. */
  g_assert_cmpint (vt_clerk_verify_pin (f->store, "2580", T0 + SEC, &until, &error), ==, VT_CLERK_PIN_LOCKED);
  g_assert_no_error (error);
}

static void
test_lockout_capped (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 now = T0;
  gint64 until = 0;

  g_assert_true (vt_clerk_set_pin (f->store, "2580", &error));
  for (guint i = 0; i < 12; i++)
    {
      g_assert_cmpint (vt_clerk_verify_pin (f->store, "9999", now, &until, &error), ==, VT_CLERK_PIN_WRONG);
      g_assert_cmpint (until - now, <=, VT_CLERK_LOCKOUT_MAX_USEC);
      now = MAX (now, until);
    }
  g_assert_no_error (error);

  /* A clock set back by a year does not lock the pad for a year. */
  g_assert_cmpint (vt_clerk_verify_pin (f->store, "2580", now - 365LL * 86400 * SEC, &until, &error),
                   ==, VT_CLERK_PIN_LOCKED);
  g_assert_cmpint (until - (now - 365LL * 86400 * SEC), ==, VT_CLERK_LOCKOUT_MAX_USEC);
}

/* Restarting the kiosk (a new connection) neither forgets the PIN nor
 * reopens a locked pad; a damaged lockout value keeps it locked. */
static void
test_persistence (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 until = 0;
  guint failures = 0;

  g_assert_true (vt_clerk_set_pin (f->store, "135790", &error));
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (vt_clerk_verify_pin (f->store, "000000", T0, &until, &error), ==, VT_CLERK_PIN_WRONG);
  g_assert_cmpint (until, ==, T0 + 30 * SEC);

  reopen (f);
  g_assert_cmpint (vt_clerk_verify_pin (f->store, "135790", T0 + 10 * SEC, &until, &error), ==, VT_CLERK_PIN_LOCKED);
  g_assert_true (vt_clerk_get_lockout (f->store, T0 + 10 * SEC, &failures, &until, &error));
  g_assert_cmpuint (failures, ==, 3);

  reopen (f);
  g_assert_cmpint (vt_clerk_verify_pin (f->store, "135790", T0 + 30 * SEC, &until, &error), ==, VT_CLERK_PIN_OK);

  g_assert_true (vt_store_set_meta (f->store, VT_CLERK_META_LOCKOUT, "garbage", &error));
  reopen (f);
  g_assert_cmpint (vt_clerk_verify_pin (f->store, "135790", T0 + 40 * SEC, &until, &error), ==, VT_CLERK_PIN_LOCKED);
  g_assert_cmpint (until, ==, T0 + 40 * SEC + VT_CLERK_LOCKOUT_MAX_USEC);
  g_assert_no_error (error);
}

static char *
ctl_status (const char *dir)
{
  g_autofree char *err = NULL;
  char *out = NULL;

  g_assert_cmpint (vt_test_run_ctl (&out, &err, "--data-dir", dir, "clerk", "status", NULL), ==, 0);
  return out;
}

static void
test_ctl_set_pin (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("clerk-ctl");
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  const char *args[] = { "--data-dir", data_dir, "clerk", "set-pin", NULL };
  const char *with_arg[] = { "--data-dir", data_dir, "clerk", "set-pin", "1234", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *status = NULL;

  /* Never from an argument. */
  g_assert_cmpint (vt_test_run_ctlv (with_arg, "5555\n", &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "never given on the command line"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Bad PINs change nothing. */
  const char *bad[] = { "12\n", "12345678901234567890\n", "12ab\n", "", "\n",
                        "1234567890123456789012345678901234567890123456789012345678901234567890\n" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_cmpint (vt_test_run_ctlv (args, bad[i], &out, &err), ==, 1);
      g_assert_nonnull (strstr (err, "changed"));
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }
  status = ctl_status (data_dir);
  g_assert_nonnull (strstr (status, "pin unset\n"));
  g_clear_pointer (&status, g_free);

  /* One line from stdin when it is not a terminal. */
  g_assert_cmpint (vt_test_run_ctlv (args, "7391\n", &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "clerk PIN is set"));
  g_assert_null (strstr (out, "7391"));
  g_assert_null (strstr (err, "7391"));
  status = ctl_status (data_dir);
  g_assert_cmpstr (status, ==, "pin set\nwrong-attempts 0\nlocked-for 0\n");

  /* What the kiosk will check is what was typed. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VtStore) store = vt_store_open (data_dir, &error);
    gint64 now = g_get_real_time ();

    g_assert_no_error (error);
    g_assert_cmpint (vt_clerk_verify_pin (store, "7392", now, NULL, &error), ==, VT_CLERK_PIN_WRONG);
    g_assert_cmpint (vt_clerk_verify_pin (store, "7391", now, NULL, &error), ==, VT_CLERK_PIN_OK);
    g_assert_cmpint (vt_clerk_verify_pin (store, "7393", now, NULL, &error), ==, VT_CLERK_PIN_WRONG);
    g_assert_cmpint (vt_clerk_verify_pin (store, "7394", now, NULL, &error), ==, VT_CLERK_PIN_WRONG);
    g_assert_cmpint (vt_clerk_verify_pin (store, "7395", now, NULL, &error), ==, VT_CLERK_PIN_WRONG);
    g_assert_no_error (error);
  }
  g_clear_pointer (&status, g_free);
  status = ctl_status (data_dir);
  g_assert_true (g_str_has_prefix (status, "pin set\nwrong-attempts 3\nlocked-for "));
  g_assert_cmpstr (status, !=, "pin set\nwrong-attempts 3\nlocked-for 0\n");

  /* Setting a new PIN (the supervisor's way out) clears the lockout; a
   * Windows line end is fine. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vt_test_run_ctlv (args, "000111\r\n", &out, &err), ==, 0);
  g_clear_pointer (&status, g_free);
  status = ctl_status (data_dir);
  g_assert_cmpstr (status, ==, "pin set\nwrong-attempts 0\nlocked-for 0\n");

  vt_test_rmdir_recursive (dir);
}

static void
test_mark_assisted (void)
{
  g_autoptr(GError) error = NULL;
  VtSubmission orx = { (char *) "uuid:1", (char *) "f", (char *) "1",
                       g_strdup ("<?xml version=\"1.0\"?>\n<data xmlns:orx=\"http://openrosa.org/xforms\" id=\"f\">"
                                 "<name>A &amp; B</name><orx:meta><orx:instanceID>uuid:1</orx:instanceID>"
                                 "</orx:meta></data>"), NULL };
  VtSubmission plain = { (char *) "uuid:2", (char *) "f", (char *) "1",
                         g_strdup ("<data id=\"f\"><meta><instanceID>uuid:2</instanceID><userID>old</userID>"
                                   "</meta></data>"), NULL };
  VtSubmission sealed = { (char *) "uuid:3", (char *) "f", (char *) "1",
                          g_strdup ("<data id=\"f\" encrypted=\"yes\" xmlns=\"http://www.opendatakit.org/xforms/encrypted\">"
                                    "<base64EncryptedKey>AAAA</base64EncryptedKey>"
                                    "<meta xmlns=\"http://openrosa.org/xforms\"><instanceID>uuid:3</instanceID></meta>"
                                    "</data>"), NULL };
  g_autofree char *sealed_before = g_strdup (sealed.xml);

  g_assert_true (vt_clerk_mark_assisted (&orx, " María <López> ", &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (orx.xml, "<orx:userID>María &lt;López&gt;</orx:userID>"));
  g_assert_nonnull (strstr (orx.xml, "<orx:instanceID>uuid:1</orx:instanceID>"));
  g_assert_nonnull (strstr (orx.xml, "<name>A &amp; B</name>"));

  g_assert_true (vt_clerk_mark_assisted (&plain, "ana", &error));
  g_assert_nonnull (strstr (plain.xml, "<userID>ana</userID>"));
  g_assert_null (strstr (plain.xml, "old"));

  g_assert_false (vt_clerk_mark_assisted (&sealed, "ana", &error));
  g_assert_error (error, VT_CLERK_ERROR, VT_CLERK_ERROR_SUBMISSION);
  g_assert_nonnull (strstr (error->message, "encrypted"));
  g_assert_cmpstr (sealed.xml, ==, sealed_before);
  g_clear_error (&error);

  g_assert_false (vt_clerk_mark_assisted (&plain, "   ", &error));
  g_assert_error (error, VT_CLERK_ERROR, VT_CLERK_ERROR_SUBMISSION);

  g_free (orx.xml);
  g_free (plain.xml);
  g_free (sealed.xml);
}

/* A clerk's application, end to end: the engine's XML gets meta/userID,
 * the store keeps who helped on the receipt. */
static void
test_assisted_submission (Fixture       *f,
                          gconstpointer  data)
{
  static const char form_xml[] =
    "<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\""
    " xmlns:orx=\"http://openrosa.org/xforms\"><h:head><h:title>Permit</h:title><model><instance>"
    "<data id=\"permit\" version=\"2\"><name/><orx:meta><orx:instanceID/></orx:meta></data>"
    "</instance><bind nodeset=\"/data/name\" type=\"string\" required=\"true()\"/>"
    "<bind nodeset=\"/data/meta/instanceID\" type=\"string\" readonly=\"true()\"/>"
    "</model></h:head><h:body><input ref=\"/data/name\"><label>Name</label></input></h:body></h:html>";
  g_autoptr(GError) error = NULL;
  g_autoptr(VtSession) session = NULL;
  g_autoptr(VtSubmission) submission = NULL;
  g_autoptr(VtStoreItem) item = NULL;
  g_autoptr(VtReceipt) receipt = NULL;
  g_autofree char *instance_id = NULL;
  g_autofree char *code = NULL;
  VtStoreEnqueueOptions options = { 0 };
  VtForm *form = vt_form_load_data (form_xml, -1, "permit.xml", &error);

  g_assert_no_error (error);
  session = vt_session_new (form, NULL, &error);
  vt_form_unref (form);
  g_assert_no_error (error);
  g_assert_true (vt_session_set_answer (session, "/data/name", "Rosa", &error));
  submission = vt_submission_new_from_session (session, &error);
  g_assert_no_error (error);
  instance_id = g_strdup (submission->instance_id);
  g_assert_null (strstr (submission->xml, "userID"));

  g_assert_true (vt_clerk_mark_assisted (submission, "maria", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (submission->instance_id, ==, instance_id);

  options.service_title = "Permit";
  options.assisted_by = "maria";
  code = vt_store_enqueue (f->store, submission, &options, &error);
  g_assert_no_error (error);

  item = vt_store_get_item (f->store, instance_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (item->xml, "<orx:userID>maria</orx:userID>"));
  g_assert_nonnull (strstr (item->xml, instance_id));
  receipt = vt_store_get_receipt (f->store, code, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (receipt->assisted_by, ==, "maria");
}

/* ---- set-pin on a real terminal: a pseudo-terminal as its stdin ---- */

typedef struct
{
  GString *err;
  gboolean done;
} ReadState;

static void
read_err_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data);

static void
read_more (GInputStream *stream,
           ReadState    *state)
{
  static char buffer[256];

  g_input_stream_read_async (stream, buffer, sizeof buffer - 1, G_PRIORITY_DEFAULT, NULL, read_err_cb, state);
  g_object_set_data (G_OBJECT (stream), "buffer", buffer);
}

static void
read_err_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  ReadState *state = data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0)
    {
      state->done = TRUE;
      return;
    }
  g_string_append_len (state->err, g_object_get_data (source, "buffer"), n);
  read_more (G_INPUT_STREAM (source), state);
}

typedef struct
{
  ReadState  *state;
  const char *text;
} Waiting;

static gboolean
err_contains (gpointer data)
{
  Waiting *w = data;
  return strstr (w->state->err->str, w->text) != NULL;
}

static gboolean
read_done (gpointer data)
{
  return ((ReadState *) data)->done;
}

static char *
run_set_pin_on_tty (const char *data_dir,
                    const char *first,
                    const char *second,
                    int        *status,
                    char      **echoed)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  ReadState state = { g_string_new (NULL), FALSE };
  Waiting first_prompt = { &state, "New clerk PIN" };
  Waiting second_prompt = { &state, "same PIN again" };
  g_autoptr(GString) seen = g_string_new (NULL);
  int master = posix_openpt (O_RDWR | O_NOCTTY);
  int slave;
  char buffer[256];
  gssize n;

  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);
  slave = open (ptsname (master), O_RDWR | O_NOCTTY);
  g_assert_cmpint (slave, >=, 0);

  g_subprocess_launcher_take_stdin_fd (launcher, slave);
  proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("VT_CTL"), "--data-dir", data_dir,
                                      "clerk", "set-pin", NULL);
  g_assert_no_error (error);
  read_more (g_subprocess_get_stderr_pipe (proc), &state);

  /* Type only once the prompt shows, as a person would: echo is off by then. */
  vt_test_wait_until (err_contains, &first_prompt, 10000, "the first PIN prompt");
  g_assert_cmpint (write (master, first, strlen (first)), ==, (gssize) strlen (first));
  if (second != NULL)
    {
      vt_test_wait_until (err_contains, &second_prompt, 10000, "the second PIN prompt");
      g_assert_cmpint (write (master, second, strlen (second)), ==, (gssize) strlen (second));
    }

  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  vt_test_wait_until (read_done, &state, 10000, "the end of the command's output");
  *status = g_subprocess_get_exit_status (proc);

  /* What the terminal showed the person typing. */
  fcntl (master, F_SETFL, O_NONBLOCK);
  while ((n = read (master, buffer, sizeof buffer)) > 0)
    g_string_append_len (seen, buffer, n);
  close (master);
  *echoed = g_string_free (g_steal_pointer (&seen), FALSE);

  return g_string_free (state.err, FALSE);
}

static void
test_ctl_set_pin_tty (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("clerk-tty");
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *echoed = NULL;
  g_autofree char *echoed2 = NULL;
  g_autofree char *status = NULL;
  int code = -1;

  /* Two different PINs: nothing stored. */
  err = run_set_pin_on_tty (dir, "2580\n", "2581\n", &code, &echoed);
  g_assert_cmpint (code, ==, 1);
  g_assert_nonnull (strstr (err, "The two PINs differ"));
  g_assert_null (strstr (echoed, "258"));
  status = ctl_status (dir);
  g_assert_nonnull (strstr (status, "pin unset\n"));
  g_clear_pointer (&status, g_free);

  /* The same twice: stored, never shown. */
  err2 = run_set_pin_on_tty (dir, "2580\n", "2580\n", &code, &echoed2);
  g_assert_cmpint (code, ==, 0);
  g_assert_null (strstr (echoed2, "2580"));
  g_assert_null (strstr (err2, "2580"));
  status = ctl_status (dir);
  g_assert_nonnull (strstr (status, "pin set\n"));

  vt_test_rmdir_recursive (dir);
}

/* Ctrl+C at the prompt leaves the terminal echoing again. */
static void
test_ctl_set_pin_tty_interrupted (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("clerk-tty-int");
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  ReadState state = { g_string_new (NULL), FALSE };
  Waiting prompt = { &state, "New clerk PIN" };
  struct termios tio;
  int master = posix_openpt (O_RDWR | O_NOCTTY);
  int slave;

  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);
  slave = open (ptsname (master), O_RDWR | O_NOCTTY);
  g_assert_cmpint (slave, >=, 0);
  g_assert_cmpint (tcgetattr (slave, &tio), ==, 0);
  g_assert_true (tio.c_lflag & ECHO);

  g_subprocess_launcher_take_stdin_fd (launcher, dup (slave));
  proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("VT_CTL"), "--data-dir", dir,
                                      "clerk", "set-pin", NULL);
  g_assert_no_error (error);
  read_more (g_subprocess_get_stderr_pipe (proc), &state);
  vt_test_wait_until (err_contains, &prompt, 10000, "the PIN prompt");

  g_assert_cmpint (tcgetattr (slave, &tio), ==, 0);
  g_assert_false (tio.c_lflag & ECHO);
  g_subprocess_send_signal (proc, SIGINT);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_true (g_subprocess_get_if_signaled (proc));
  g_assert_cmpint (tcgetattr (slave, &tio), ==, 0);
  g_assert_true (tio.c_lflag & ECHO);
  vt_test_wait_until (read_done, &state, 10000, "the end of the command's output");

  close (slave);
  close (master);
  g_string_free (state.err, TRUE);
  status = ctl_status (dir);
  g_assert_nonnull (strstr (status, "pin unset\n"));
  vt_test_rmdir_recursive (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vt/clerk/pin-format", test_pin_format);
  g_test_add_func ("/vt/clerk/lockout-schedule", test_lockout_schedule);
  g_test_add ("/vt/clerk/set-and-verify", Fixture, NULL, fixture_set_up, test_set_and_verify, fixture_tear_down);
  g_test_add ("/vt/clerk/lockout", Fixture, NULL, fixture_set_up, test_lockout, fixture_tear_down);
  g_test_add ("/vt/clerk/parallel-attempts", Fixture, NULL, fixture_set_up, test_parallel_attempts, fixture_tear_down);
  g_test_add ("/vt/clerk/lockout-capped", Fixture, NULL, fixture_set_up, test_lockout_capped, fixture_tear_down);
  g_test_add ("/vt/clerk/persistence", Fixture, NULL, fixture_set_up, test_persistence, fixture_tear_down);
  g_test_add_func ("/vt/clerk/ctl-set-pin", test_ctl_set_pin);
  g_test_add_func ("/vt/clerk/ctl-set-pin-tty", test_ctl_set_pin_tty);
  g_test_add_func ("/vt/clerk/ctl-set-pin-tty-interrupted", test_ctl_set_pin_tty_interrupted);
  g_test_add_func ("/vt/clerk/mark-assisted", test_mark_assisted);
  g_test_add ("/vt/clerk/assisted-submission", Fixture, NULL, fixture_set_up, test_assisted_submission,
              fixture_tear_down);

  return g_test_run ();
}
