/* A location question without map tiles: "Here, at this kiosk", a field
 * for coordinates, and what was chosen in words (issue 20). */
#define G_LOG_DOMAIN "vt-geo-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-geo-view.h"
#include "vt-geo.h"

struct _VtGeoView
{
  GtkBox      parent_instance;

  GtkWidget  *here;                /* "Here, at this kiosk", or NULL */
  GtkWidget  *entry;
  GtkWidget  *status;
  VtGeoKind   kind;
  char       *kiosk_text;          /* the kiosk's location as stored, or NULL */
  gboolean    building;
};

enum {
  CHANGED,
  ACTIVATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VtGeoView, vt_geo_view, GTK_TYPE_BOX)

gboolean
vt_geo_view_handles (VtDataType type)
{
  return type == VT_DATA_GEOPOINT || type == VT_DATA_GEOTRACE || type == VT_DATA_GEOSHAPE;
}

static VtGeoKind
kind_for (VtDataType type)
{
  return type == VT_DATA_GEOTRACE ? VT_GEO_TRACE : type == VT_DATA_GEOSHAPE ? VT_GEO_SHAPE : VT_GEO_POINT;
}

/* What the field holds, in words under it. */
static void
update_status (VtGeoView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *stored = vt_geo_normalize_typed (self->kind, text, NULL);
  g_autofree char *words = stored != NULL ? vt_geo_describe_value (self->kind, stored) : NULL;
  g_autofree char *shown = NULL;

  if (words != NULL)
    /* Translators: what a location question holds, like "Chosen: 120 m
     * north-east of this kiosk (latitude …, longitude …)". */
    shown = g_strdup_printf (_("Chosen: %s"), words);
  else if (text[strspn (text, " \t")] == '\0')
    shown = g_strdup (_("Nothing chosen yet."));
  else
    shown = g_strdup (_("These are not coordinates yet: write the latitude, then the longitude."));
  /* A label of the page, read in its turn: the field's description is
   * the question view's (hint, required, error). */
  gtk_label_set_text (GTK_LABEL (self->status), shown);
}

static void
entry_changed_cb (GtkEditable *editable,
                  VtGeoView   *self)
{
  const char *text = gtk_editable_get_text (editable);

  update_status (self);
  if (!self->building)
    g_signal_emit (self, signals[CHANGED], 0, text, text);
}

static void
entry_activate_cb (GtkEntry  *entry,
                   VtGeoView *self)
{
  g_signal_emit (self, signals[ACTIVATE], 0);
}

static void
here_clicked_cb (GtkButton *button,
                 VtGeoView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->entry), self->kiosk_text);
}

static void
vt_geo_view_finalize (GObject *object)
{
  VtGeoView *self = VT_GEO_VIEW (object);

  g_free (self->kiosk_text);
  G_OBJECT_CLASS (vt_geo_view_parent_class)->finalize (object);
}

static void
vt_geo_view_class_init (VtGeoViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vt_geo_view_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[ACTIVATE] = g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vt_geo_view_init (VtGeoView *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self), "geo");
}

GtkWidget *
vt_geo_view_new (const VtQuestion *question,
                 const char       *text)
{
  VtGeoView *self = g_object_new (VT_TYPE_GEO_VIEW, NULL);
  GtkWidget *how;
  VtGeoPoint kiosk;

  self->kind = kind_for (question->type);
  self->building = TRUE;

  /* A point can be the kiosk's own place: the common answer in a field
   * office, one touch. */
  if (self->kind == VT_GEO_POINT && !question->readonly && vt_geo_get_kiosk_location (&kiosk))
    {
      self->kiosk_text = vt_geo_point_format (&kiosk);
      self->here = gtk_button_new_with_label (_("Here, at this kiosk"));
      gtk_widget_add_css_class (self->here, "choice");
      gtk_widget_set_halign (self->here, GTK_ALIGN_START);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->here),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _("The place where this kiosk stands"),
                                      -1);
      g_signal_connect (self->here, "clicked", G_CALLBACK (here_clicked_cb), self);
      gtk_box_append (GTK_BOX (self), self->here);
    }

  how = gtk_label_new (self->kind == VT_GEO_POINT
                       ? (self->here != NULL
                          ? _("Or write the coordinates, as a map shows them: the latitude, then the longitude, like -12.0464, -77.0428")
                          : _("Write the coordinates, as a map shows them: the latitude, then the longitude, like -12.0464, -77.0428"))
                       : self->kind == VT_GEO_TRACE
                       ? _("Write the points of the line in order, each as latitude and longitude, separated by “;”")
                       : _("Write the corners of the area in order, each as latitude and longitude, separated by “;”, and the first corner again at the end"));
  gtk_label_set_wrap (GTK_LABEL (how), TRUE);
  gtk_label_set_xalign (GTK_LABEL (how), 0);
  gtk_widget_add_css_class (how, "lead");
  gtk_box_append (GTK_BOX (self), how);

  self->entry = gtk_entry_new ();
  gtk_widget_set_hexpand (self->entry, TRUE);
  gtk_editable_set_editable (GTK_EDITABLE (self->entry), !question->readonly);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  g_signal_connect (self->entry, "changed", G_CALLBACK (entry_changed_cb), self);
  g_signal_connect (self->entry, "activate", G_CALLBACK (entry_activate_cb), self);
  gtk_box_append (GTK_BOX (self), self->entry);

  self->status = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->status), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->status), 0);
  gtk_widget_add_css_class (self->status, "lead");
  gtk_box_append (GTK_BOX (self), self->status);
  update_status (self);

  self->building = FALSE;
  return GTK_WIDGET (self);
}

GtkWidget *
vt_geo_view_get_entry (VtGeoView *self)
{
  g_return_val_if_fail (VT_IS_GEO_VIEW (self), NULL);

  return self->entry;
}

const char *
vt_geo_view_get_status (VtGeoView *self)
{
  g_return_val_if_fail (VT_IS_GEO_VIEW (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->status));
}

GtkWidget *
vt_geo_view_get_here_button (VtGeoView *self)
{
  g_return_val_if_fail (VT_IS_GEO_VIEW (self), NULL);

  return self->here;
}
