#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "vt-application.h"
#include "vt-qr-code.h"
#include "vt-receipt-page.h"
#include "vt-language.h"
#include "vt-test-app.h"
#include "vt-test-utils.h"

static const char *reference = "7KQ4-MZ3A";
static const char *instance_id = "uuid:2f9c7e1e-3b7a-4f0e-9a55-0c1d2e3f4a5b";

static GtkWidget *
new_receipt (void)
{
  /* 28/11/2026 15:40 UTC */
  return vt_receipt_page_new (reference, instance_id, "Birth certificate copy",
                              "Town hall", G_GINT64_CONSTANT (1795880400) * G_USEC_PER_SEC, FALSE);
}

/* Counts the render nodes under node by type; a QR code drawn as a scaled
 * bitmap would show a texture node. */
static void
count_nodes (GskRenderNode *node,
             guint         *colors,
             guint         *textures)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_COLOR_NODE:
      (*colors)++;
      break;
    case GSK_TEXTURE_NODE:
    case GSK_CAIRO_NODE:
      (*textures)++;
      break;
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        count_nodes (gsk_container_node_get_child (node, i), colors, textures);
      break;
    case GSK_TRANSFORM_NODE:
      count_nodes (gsk_transform_node_get_child (node), colors, textures);
      break;
    case GSK_CLIP_NODE:
      count_nodes (gsk_clip_node_get_child (node), colors, textures);
      break;
    default:
      break;
    }
}

static void
test_receipt_qr_code (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = new_receipt ();
  VtQrCode *qr = VT_QR_CODE (vt_test_find_widget (page, VT_TYPE_QR_CODE));
  g_autofree char *expected = g_strdup_printf ("%s %s", reference, instance_id);
  guint size;
  GtkSnapshot *snapshot;
  g_autoptr(GskRenderNode) node = NULL;
  guint colors = 0, textures = 0;

  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));

  /* The QR code holds the reference and the instanceID. */
  g_assert_cmpstr (vt_qr_code_get_text (qr), ==, expected);
  g_assert_cmpstr (vt_receipt_page_get_qr_text (VT_RECEIPT_PAGE (page)), ==, expected);
  size = vt_qr_code_get_size (qr);
  g_assert_cmpuint (size, >=, 25);
  g_assert_cmpuint ((size - 17) % 4, ==, 0);  /* a real QR size: 21, 25, 29… */
  /* The three finder patterns: dark 7x7 rings in three corners. */
  for (guint i = 0; i < 7; i++)
    {
      g_assert_true (vt_qr_code_get_module (qr, i, 0));
      g_assert_true (vt_qr_code_get_module (qr, 0, i));
      g_assert_true (vt_qr_code_get_module (qr, size - 1 - i, 0));
      g_assert_true (vt_qr_code_get_module (qr, i, size - 1));
    }
  g_assert_false (vt_qr_code_get_module (qr, 1, 1));
  g_assert_true (vt_qr_code_get_module (qr, 3, 3));
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (qr), GTK_ACCESSIBLE_ROLE_IMG);

  /* Drawn as rectangles at any size: no bitmap to blur when scaled. */
  gtk_widget_set_size_request (GTK_WIDGET (qr), 400, 400);
  snapshot = gtk_snapshot_new ();
  gtk_widget_measure (GTK_WIDGET (qr), GTK_ORIENTATION_HORIZONTAL, -1, NULL, NULL, NULL, NULL);
  gtk_widget_size_allocate (GTK_WIDGET (qr), &(GtkAllocation) { 0, 0, 400, 400 }, -1);
  GTK_WIDGET_GET_CLASS (qr)->snapshot (GTK_WIDGET (qr), snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  count_nodes (node, &colors, &textures);
  g_assert_cmpuint (textures, ==, 0);
  g_assert_cmpuint (colors, >, size);       /* the white square plus runs of dark modules */

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_receipt_page_contents (void)
{
  GtkWidget *page = g_object_ref_sink (new_receipt ());
  GtkWidget *reference_label = NULL;

  for (GtkWidget *w = vt_test_find_widget (page, GTK_TYPE_LABEL); w != NULL; w = NULL)
    reference_label = w;
  g_assert_nonnull (reference_label);
  g_assert_cmpstr (vt_receipt_page_get_reference (VT_RECEIPT_PAGE (page)), ==, reference);
  /* Finish and Print are large buttons. */
  g_assert_nonnull (vt_test_find_button (page, "Finish"));
  g_assert_nonnull (vt_test_find_button (page, "Print receipt"));
  g_assert_finalize_object (page);
}

static void
test_receipt_pdf_export (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = new_receipt ();
  g_autofree char *dir = vt_test_make_tmpdir ("receipt");
  g_autofree char *path = g_build_filename (dir, "receipt.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  g_autofree char *text_out = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");

  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_true (vt_receipt_page_export_pdf (VT_RECEIPT_PAGE (page), path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_cmpuint (length, >, 1000);

  if (pdftotext != NULL)
    {
      const char *argv[] = { pdftotext, path, "-", NULL };
      int status;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL, NULL, &text_out, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_nonnull (strstr (text_out, reference));
      g_assert_nonnull (strstr (text_out, "Birth certificate copy"));
      g_assert_nonnull (strstr (text_out, "Town hall"));
    }
  else
    {
      g_test_message ("pdftotext is not installed: checked the PDF header only");
    }

  gtk_window_destroy (GTK_WINDOW (window));
  vt_test_rmdir_recursive (dir);
}

static gboolean
print_finished (gpointer data)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (data));
}

/* Print goes straight to the kiosk's printer: never a dialog, and a clear
 * message whatever happens (this machine has no printer). */
static void
test_receipt_print_no_dialog (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = new_receipt ();
  GtkWidget *print;
  guint windows_before;

  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  windows_before = g_list_model_get_n_items (gtk_window_get_toplevels ());

  print = vt_test_find_button (page, "Print receipt");
  vt_test_click (print);
  vt_test_wait_until (print_finished, print, 20000, "the print job to end");
  g_assert_cmpuint (g_list_model_get_n_items (gtk_window_get_toplevels ()), ==, windows_before);
  g_assert_true (vt_test_find_widget (page, GTK_TYPE_LABEL) != NULL);
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    gboolean said = FALSE;

    vt_test_collect_type (page, GTK_TYPE_LABEL, labels);
    for (guint i = 0; i < labels->len; i++)
      {
        const char *text = gtk_label_get_text (g_ptr_array_index (labels, i));

        if (gtk_widget_get_visible (g_ptr_array_index (labels, i)) &&
            (g_str_has_prefix (text, "The receipt could not be printed") ||
             g_str_has_prefix (text, "Your receipt is being printed")))
          said = TRUE;
      }
    g_assert_true (said);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  vt_language_init ();
  gtk_test_init (&argc, &argv, NULL);
  vt_application_ensure_resources ();

  g_test_add_func ("/vt/receipt/qr-code", test_receipt_qr_code);
  g_test_add_func ("/vt/receipt/page-contents", test_receipt_page_contents);
  g_test_add_func ("/vt/receipt/pdf-export", test_receipt_pdf_export);
  g_test_add_func ("/vt/receipt/print-no-dialog", test_receipt_print_no_dialog);

  return g_test_run ();
}
