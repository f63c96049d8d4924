#include "config.h"

#include <gtk/gtk.h>

#include "vt-application.h"
#include "vt-kiosk-key.h"
#include "vt-receipt.h"
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
  const VtReceipt receipt = {
    .reference_code = (char *) reference,
    .instance_id = (char *) instance_id,
    .service_title = (char *) "Birth certificate copy",
    .created_at = G_GINT64_CONSTANT (1795880400) * G_USEC_PER_SEC,   /* 28/11/2026 15:40 UTC */
  };

  return vt_receipt_page_new (&receipt, "Town hall");
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

static gboolean
widget_drawn (gpointer data)
{
  return gtk_widget_get_width (GTK_WIDGET (data)) > 0 && gtk_widget_get_mapped (GTK_WIDGET (data));
}

/* The page as the kiosk draws it, rendered to a PNG. */
static void
render_png (GtkWidget  *window,
            GtkWidget  *widget,
            const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* A signed receipt on screen and on paper: `ventanilla-ctl receipt verify`
 * reads the PNG of the page the kiosk draws, and a rendering of the PDF it
 * prints, and says who issued it; another kiosk's key refuses both. */
static void
test_receipt_drawn_verifies (void)
{
  g_autofree char *dir = vt_test_make_tmpdir ("receipt-signed");
  g_autofree char *kiosk_dir = g_build_filename (dir, "kiosk", NULL);
  g_autofree char *other_dir = g_build_filename (dir, "other", NULL);
  g_autofree char *png = g_build_filename (dir, "page.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "receipt.pdf", NULL);
  g_autofree char *pdf_png_stem = g_build_filename (dir, "paper", NULL);
  g_autofree char *pdf_png = g_build_filename (dir, "paper-1.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtKioskKey) key = vt_kiosk_key_load (kiosk_dir, &error);
  g_autoptr(VtKioskKey) other = vt_kiosk_key_load (other_dir, &error);
  const VtReceipt receipt = {
    .reference_code = (char *) "7KQM-4TZB",
    .instance_id = (char *) instance_id,
    .form_id = (char *) "birth_registration_appointment",
    .form_version = (char *) "2026112801",
    .service_title = (char *) "Inscripción de nacimiento",
    .created_at = G_GINT64_CONSTANT (1795880400) * G_USEC_PER_SEC,
  };
  g_autofree char *payload = vt_receipt_dup_signed_payload (&receipt, "ventanilla:3f9a0c12d4e5b678", key, &error);
  g_autofree char *key_text = vt_kiosk_key_dup_public_text (key);
  g_autofree char *other_text = vt_kiosk_key_dup_public_text (other);
  g_autofree char *line = g_strdup_printf ("ventanilla:3f9a0c12d4e5b678 %s\n", key_text);
  g_autofree char *other_line = g_strdup_printf ("ventanilla:3f9a0c12d4e5b678 %s\n", other_text);
  g_autofree char *keys = vt_test_write_file (dir, "kiosks.keys", line);
  g_autofree char *wrong_keys = vt_test_write_file (dir, "other.keys", other_line);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = vt_receipt_page_new (&receipt, "Town hall");

  g_assert_no_error (error);
  vt_receipt_page_set_qr_text (VT_RECEIPT_PAGE (page), payload);
  g_assert_cmpstr (vt_receipt_page_get_qr_text (VT_RECEIPT_PAGE (page)), ==, payload);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 1024);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  vt_test_wait_until (widget_drawn, page, 10000, "the receipt page to be drawn");
  render_png (window, page, png);
  {
    g_autoptr(GBytes) bytes = vt_receipt_page_render_pdf (VT_RECEIPT_PAGE (page), &error);

    g_assert_no_error (error);
    g_assert_true (g_file_set_contents (pdf, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error));
  }
  {
    const char *argv[] = { "pdftoppm", "-r", "150", "-png", pdf, pdf_png_stem, NULL };
    int status;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  for (int i = 0; i < 2; i++)
    {
      const char *image = i == 0 ? png : pdf_png;
      g_autofree char *out = NULL, *err = NULL, *bad_out = NULL, *bad_err = NULL;

      g_assert_cmpint (vt_test_run_ctl (&out, &err, "receipt", "verify", image, "--keys", keys, NULL), ==, 0);
      g_assert_true (g_str_has_prefix (out, "valid, issued by kiosk ventanilla:3f9a0c12d4e5b678 at 2026-11-28T15:40:00Z"));
      g_assert_nonnull (strstr (out, "7KQM-4TZB"));
      g_assert_cmpint (vt_test_run_ctl (&bad_out, &bad_err, "receipt", "verify", image, "--keys", wrong_keys, NULL), ==, 1);
      /* In the language the kiosk last applied (this process's LANGUAGE
       * reaches the ctl): refused, and naming the kiosk it claims. */
      g_assert_false (g_str_has_prefix (bad_out, "valid"));
      g_assert_nonnull (strstr (bad_out, "ventanilla:3f9a0c12d4e5b678"));
    }

  gtk_window_destroy (GTK_WINDOW (window));
  vt_test_rmdir_recursive (dir);
}

int
main (int   argc,
      char *argv[])
{
  vt_test_gtk_init (&argc, &argv);
  vt_application_ensure_resources ();
  /* The words these cases check are English. */
  vt_language_apply ("en");

  g_test_add_func ("/vt/receipt/qr-code", test_receipt_qr_code);
  g_test_add_func ("/vt/receipt/page-contents", test_receipt_page_contents);
  g_test_add_func ("/vt/receipt/drawn-verifies", test_receipt_drawn_verifies);

  return g_test_run ();
}
