#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "vt-session.h"
#include "vt-store-owner.h"

G_BEGIN_DECLS

/* A fresh directory under the system temporary directory, removed by the caller with
 * vt_test_rmdir_recursive(). */
char      *vt_test_make_tmpdir       (const char   *name);
void       vt_test_rmdir_recursive   (const char   *path);
char      *vt_test_write_file        (const char   *dir,
                                      const char   *name,
                                      const char   *contents);

/* Stores an active form that carries one attachment, file_name with
 * contents, as if the server had sent it (the municipality's list of
 * decisions arrives so); fails the test when the store refuses it. */
void       vt_test_add_form_with_media (VtStore     *store,
                                        const char  *file_name,
                                        const char  *contents);

/* Runs ventanilla-ctl (the built binary) with the given arguments;
 * returns its exit status and fills stdout/stderr. */
int        vt_test_run_ctl           (char        **out,
                                      char        **err,
                                      const char   *first_arg,
                                      ...) G_GNUC_NULL_TERMINATED;
int        vt_test_run_ctlv          (const char  * const *args,
                                      const char   *stdin_text,
                                      char        **out,
                                      char        **err);

/* Iterates the default main context until condition(data) holds; fails the
 * test after timeout_ms.  Tests never sleep to wait for something. */
typedef gboolean (*VtTestCondition) (gpointer data);
void       vt_test_wait_until        (VtTestCondition  condition,
                                      gpointer         data,
                                      guint            timeout_ms,
                                      const char      *what);

/* Runs func on the store owner's worker, with its connection, and waits
 * for it: everything asked of the owner before has then been done too (it
 * answers in order).  Returns func's result; fails the test on an error. */
gpointer   vt_test_store_owner_run   (VtStoreOwner     *owner,
                                      VtStoreOwnerFunc  func,
                                      gpointer          data);

/* A demo service's sample answers (tests/fixtures/answers/FORM_ID.json), in
 * their order, with the dates that must lie ahead of today (an appointment)
 * moved to a weekday a week from the day the test runs, so the fixtures never
 * expire.  The root of the returned parser is the answers object. */
JsonParser *vt_test_load_fixture_answers (const char *form_id);
char       *vt_test_next_weekday_in      (int         days);

/* Runs this test again without meson's MALLOC_PERTURB_ (returns only when
 * it is already off).  SANE's test backend cancels its reader thread
 * asynchronously, and a cancel that lands inside malloc() leaves the
 * allocator locked; MALLOC_PERTURB_ makes every malloc() slow enough to hit
 * that often.  The kiosk survives it (vt_scanner_scan_async() answers
 * anyway), but a test of a jam would see a time-out instead. */
void       vt_test_without_malloc_perturb (char **argv);
/* Under LeakSanitizer: GLib's first quark block, which GLib drops on
 * purpose once a process has 2,048 quarks, is not reported (before
 * gtk_init(); see vt-test-utils.c). */
void       vt_test_lsan_ignore_glib_quarks (void);
/* With VT_TEST_WATCHDOG_SECONDS set (the UI tests, tests/meson.build): a
 * test still running that long after this call prints every thread's
 * stack (gdb, where installed) and aborts, so a hang says where it is
 * before meson's time-out kills it without a word. */
void       vt_test_start_watchdog     (void);

/* Sets one answer in a session, failing the test with the refusal's words;
 * and checks what a path holds. */
void       vt_test_answer            (VtSession    *session,
                                      const char   *path,
                                      const char   *value);
void       vt_test_assert_answer     (VtSession    *session,
                                      const char   *path,
                                      const char   *expected);

const char *vt_test_source_root      (void);
const char *vt_test_shared_dir       (void);

G_END_DECLS
