#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vt-demo.h"
#include "vt-paths.h"
#include "vt-store-test-fixture.h"

/* `ventanilla --demo`: the bundled services join a store once, whatever
 * else the store holds, and one broken file never hides the others. */

static guint
count_demo_files (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".xml"))
      n++;
  return n;
}

static void
test_bundled_once (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *forms_dir = vt_paths_get_forms_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) forms = NULL;
  guint expected = count_demo_files (forms_dir);

  g_assert_cmpuint (expected, >=, 5);
  g_assert_cmpint (vt_demo_add_forms (f->store, forms_dir, &error), ==, (int) expected);
  g_assert_no_error (error);

  forms = vt_store_list_forms (f->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (forms->len, ==, expected);
  for (guint i = 0; i < forms->len; i++)
    {
      VtStoreForm *form = g_ptr_array_index (forms, i);

      g_assert_cmpstr (form->source, ==, "bundled");
      g_assert_true (form->active);
      g_assert_nonnull (form->title);
      g_assert_true (g_str_has_prefix (form->md5_hash, "md5:"));
    }

  /* A second start adds nothing. */
  g_assert_cmpint (vt_demo_add_forms (f->store, forms_dir, &error), ==, 0);
  g_assert_no_error (error);
  g_clear_pointer (&forms, g_ptr_array_unref);
  forms = vt_store_list_forms (f->store, FALSE, &error);
  g_assert_cmpuint (forms->len, ==, expected);
}

/* A file that is not a form, beside one that is: the good one is added. */
static void
test_broken_file_skipped (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *forms_dir = vt_paths_get_forms_dir ();
  g_autofree char *mixed = g_build_filename (f->dir, "forms", NULL);
  g_autofree char *street = g_build_filename (forms_dir, "street_problem.xml", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStoreForm) stored = NULL;

  g_assert_cmpint (g_mkdir (mixed, 0700), ==, 0);
  g_assert_true (g_file_get_contents (street, &contents, NULL, &error));
  g_free (vt_test_write_file (mixed, "street_problem.xml", contents));
  g_free (vt_test_write_file (mixed, "broken.xml", "<h:html><not closed"));
  g_free (vt_test_write_file (mixed, "README.txt", "not a form"));

  g_assert_cmpint (vt_demo_add_forms (f->store, mixed, &error), ==, 1);
  g_assert_no_error (error);
  stored = vt_store_get_form (f->store, "street_problem", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
}

/* No such folder: an error that names it, nothing added. */
static void
test_missing_dir (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "no-forms-here", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) forms = NULL;

  g_assert_cmpint (vt_demo_add_forms (f->store, missing, &error), ==, -1);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "no-forms-here"));
  g_clear_error (&error);
  forms = vt_store_list_forms (f->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (forms->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/vt/demo/bundled-once", Fixture, NULL, fixture_set_up, test_bundled_once, fixture_tear_down);
  g_test_add ("/vt/demo/broken-file-skipped", Fixture, NULL, fixture_set_up, test_broken_file_skipped,
              fixture_tear_down);
  g_test_add ("/vt/demo/missing-dir", Fixture, NULL, fixture_set_up, test_missing_dir, fixture_tear_down);

  return g_test_run ();
}
