#define G_LOG_DOMAIN "vt-qr-code"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vt-barcode.h"
#include "vt-qr-code.h"
#include "vt-receipt.h"

/* A QR code drawn as vector rectangles, so it stays sharp at 200% text
 * size and on paper, and a phone can read it from the screen. */
#define QUIET_ZONE 4

struct _VtQrCode
{
  GtkWidget  parent_instance;

  char      *text;
  guint      size;
  guint8    *modules;              /* size * size, 1 = dark */
};

enum {
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VtQrCode, vt_qr_code, GTK_TYPE_WIDGET)

static void
vt_qr_code_encode (VtQrCode *self)
{
  g_clear_pointer (&self->modules, g_free);
  self->size = 0;

  if (self->text == NULL || self->text[0] == '\0')
    return;

  self->modules = vt_receipt_qr_encode (self->text, &self->size);
  if (self->modules == NULL)
    g_message ("Cannot encode a QR code for a text of %zu bytes", strlen (self->text));
}

static void
vt_qr_code_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  VtQrCode *self = VT_QR_CODE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int side = MIN (width, height);
  guint total;
  double module;
  double x0, y0;
  GdkRGBA white = { 1, 1, 1, 1 };
  GdkRGBA black = { 0, 0, 0, 1 };

  if (side <= 0)
    return;

  total = self->size + 2 * QUIET_ZONE;
  /* Whole pixels per module where the space allows, so edges fall on the
   * pixel grid and a camera sees crisp squares. */
  module = (double) side / total;
  if (module >= 1)
    module = floor (module);
  x0 = floor ((width - module * total) / 2);
  y0 = floor ((height - module * total) / 2);

  /* The quiet zone is always white, in high contrast too: readers need it. */
  gtk_snapshot_append_color (snapshot, &white,
                             &GRAPHENE_RECT_INIT (x0, y0, module * total, module * total));

  for (guint y = 0; y < self->size; y++)
    {
      guint x = 0;

      while (x < self->size)
        {
          guint run;

          if (!self->modules[y * self->size + x])
            {
              x++;
              continue;
            }
          /* One rectangle per horizontal run of dark modules. */
          for (run = 1; x + run < self->size && self->modules[y * self->size + x + run]; run++)
            ;
          gtk_snapshot_append_color (snapshot, &black,
                                     &GRAPHENE_RECT_INIT (x0 + (x + QUIET_ZONE) * module,
                                                          y0 + (y + QUIET_ZONE) * module,
                                                          module * run, module));
          x += run;
        }
    }
}

static void
vt_qr_code_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  VtQrCode *self = VT_QR_CODE (widget);
  int total = self->size + 2 * QUIET_ZONE;

  /* At least three pixels a module, so a phone camera reads it. */
  *minimum = total * 3;
  *natural = total * 6;
}

static void
vt_qr_code_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  VtQrCode *self = VT_QR_CODE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_qr_code_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  VtQrCode *self = VT_QR_CODE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      vt_qr_code_set_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_qr_code_finalize (GObject *object)
{
  VtQrCode *self = VT_QR_CODE (object);

  g_free (self->text);
  g_free (self->modules);

  G_OBJECT_CLASS (vt_qr_code_parent_class)->finalize (object);
}

static void
vt_qr_code_class_init (VtQrCodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = vt_qr_code_finalize;
  object_class->get_property = vt_qr_code_get_property;
  object_class->set_property = vt_qr_code_set_property;
  widget_class->snapshot = vt_qr_code_snapshot;
  widget_class->measure = vt_qr_code_measure;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "qrcode");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vt_qr_code_init (VtQrCode *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  /* Translators: what a screen reader says for the receipt's QR code. */
                                  _("QR code with your reference"),
                                  -1);
}

GtkWidget *
vt_qr_code_new (void)
{
  return g_object_new (VT_TYPE_QR_CODE, NULL);
}

void
vt_qr_code_set_text (VtQrCode   *self,
                     const char *text)
{
  g_return_if_fail (VT_IS_QR_CODE (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  vt_qr_code_encode (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

const char *
vt_qr_code_get_text (VtQrCode *self)
{
  g_return_val_if_fail (VT_IS_QR_CODE (self), NULL);

  return self->text;
}

guint
vt_qr_code_get_size (VtQrCode *self)
{
  g_return_val_if_fail (VT_IS_QR_CODE (self), 0);

  return self->size;
}

gboolean
vt_qr_code_get_module (VtQrCode *self,
                       guint     x,
                       guint     y)
{
  g_return_val_if_fail (VT_IS_QR_CODE (self), FALSE);
  g_return_val_if_fail (x < self->size && y < self->size, FALSE);

  return self->modules[y * self->size + x];
}
