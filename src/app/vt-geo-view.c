/* A location question: the kiosk's offline map when [kiosk] map-tiles
 * opens, "Here, at this kiosk", a field for coordinates (the fallback,
 * and the clerk's and a screen-reader user's way), and what was chosen in
 * words (issue 20). */
#define G_LOG_DOMAIN "vt-geo-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vt-geo-view.h"
#include "vt-geo.h"
#include "vt-map-view.h"
#include "vt-mbtiles.h"

struct _VtGeoView
{
  GtkBox      parent_instance;

  GtkWidget  *here;                /* "Here, at this kiosk", or NULL */
  GtkWidget  *entry;
  GtkWidget  *status;
  GtkWidget  *map;                 /* VtMapView, or NULL without tiles */
  GtkWidget  *remove_last;         /* lines and areas on the map */
  GtkWidget  *clear;
  GtkWidget  *map_note;            /* why there is no map, or NULL */
  VtGeoKind   kind;
  gboolean    from_map;            /* the field is being written from the map */
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

  guint needed = self->kind == VT_GEO_TRACE ? 2 : self->kind == VT_GEO_SHAPE ? 3 : 1;
  guint placed = self->map != NULL ? vt_map_view_get_points (VT_MAP_VIEW (self->map))->len : 0;

  if (self->map != NULL && self->kind != VT_GEO_POINT && placed > 0 && placed < needed)
    shown = g_strdup_printf (ngettext ("Touch the map in %u more place.",
                                       "Touch the map in %u more places.", needed - placed),
                             needed - placed);
  else if (words != NULL)
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

/* What was typed (or "Here, at this kiosk") shown on the map. */
static void
show_typed_on_map (VtGeoView  *self,
                   const char *text)
{
  g_autoptr(GArray) points = NULL;

  if (self->map == NULL || self->from_map)
    return;
  points = vt_geo_parse_points (text, NULL);
  if (points == NULL)
    {
      g_autofree char *stored = vt_geo_normalize_typed (self->kind, text, NULL);

      points = stored != NULL ? vt_geo_parse_points (stored, NULL) : NULL;
    }
  if (points != NULL && self->kind == VT_GEO_SHAPE && points->len > 1 &&
      vt_geo_point_equal_place (&g_array_index (points, VtGeoPoint, 0),
                                &g_array_index (points, VtGeoPoint, points->len - 1)))
    g_array_set_size (points, points->len - 1);
  if (points != NULL)
    vt_map_view_set_points (VT_MAP_VIEW (self->map), (VtGeoPoint *) points->data, points->len);
  else if (text[strspn (text, " \t")] == '\0')
    vt_map_view_set_points (VT_MAP_VIEW (self->map), NULL, 0);
}

static void
update_buttons (VtGeoView *self)
{
  guint placed = self->map != NULL ? vt_map_view_get_points (VT_MAP_VIEW (self->map))->len : 0;

  if (self->remove_last != NULL)
    gtk_widget_set_sensitive (self->remove_last, placed > 0);
  if (self->clear != NULL)
    gtk_widget_set_sensitive (self->clear, placed > 1);
}

static void
entry_changed_cb (GtkEditable *editable,
                  VtGeoView   *self)
{
  const char *text = gtk_editable_get_text (editable);

  show_typed_on_map (self, text);
  update_buttons (self);
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

static double
round_degrees (double degrees)
{
  /* A tenth of a metre: more digits would only be the finger's noise. */
  return round (degrees * 1e6) / 1e6;
}

/* The map's points written into the field, as ODK stores them. */
static void
map_points_changed_cb (VtMapView *map,
                       VtGeoView *self)
{
  GArray *points = vt_map_view_get_points (map);
  g_autoptr(GArray) written = g_array_new (FALSE, TRUE, sizeof (VtGeoPoint));
  g_autofree char *text = NULL;

  for (guint i = 0; i < points->len; i++)
    {
      VtGeoPoint p = g_array_index (points, VtGeoPoint, i);

      p.latitude = round_degrees (p.latitude);
      p.longitude = round_degrees (p.longitude);
      g_array_append_val (written, p);
    }
  if (self->kind == VT_GEO_SHAPE && written->len >= 3)
    {
      /* A copy: appending may move the array, and the first point with it. */
      VtGeoPoint first = g_array_index (written, VtGeoPoint, 0);

      g_array_append_val (written, first);
    }
  text = written->len > 0 ? vt_geo_format_points ((VtGeoPoint *) written->data, written->len) : g_strdup ("");

  self->from_map = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  self->from_map = FALSE;
}

static void
remove_last_clicked_cb (GtkButton *button,
                        VtGeoView *self)
{
  vt_map_view_remove_last (VT_MAP_VIEW (self->map));
}

static void
clear_clicked_cb (GtkButton *button,
                  VtGeoView *self)
{
  vt_map_view_clear (VT_MAP_VIEW (self->map));
}

/* The map, with its buttons for lines and areas; or, when the file does
 * not open, a line that says so (the field below still answers). */
static void
add_map (VtGeoView        *self,
         const VtQuestion *question)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtMbtiles) tiles = vt_mbtiles_dup_kiosk (&error);
  GtkWidget *row;

  if (tiles == NULL)
    {
      if (error != NULL)
        {
          /* The reason is in the log and in ventanilla-ctl's warnings. */
          self->map_note = gtk_label_new (_("The map cannot be shown on this kiosk today; please write the place "
                                            "below, or ask the staff. (Staff: the kiosk's log says why.)"));
          gtk_label_set_wrap (GTK_LABEL (self->map_note), TRUE);
          gtk_label_set_xalign (GTK_LABEL (self->map_note), 0);
          gtk_widget_add_css_class (self->map_note, "notice");
          gtk_box_append (GTK_BOX (self), self->map_note);
        }
      return;
    }
  if (question->readonly)
    return;

  self->map = vt_map_view_new (tiles, self->kind);
  g_signal_connect (self->map, "points-changed", G_CALLBACK (map_points_changed_cb), self);
  gtk_box_append (GTK_BOX (self), self->map);
  if (self->kind == VT_GEO_POINT)
    return;

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->remove_last = gtk_button_new_with_label (_("Remove last point"));
  self->clear = gtk_button_new_with_label (_("Clear"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->clear), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Removes every point from the map"), -1);
  g_signal_connect (self->remove_last, "clicked", G_CALLBACK (remove_last_clicked_cb), self);
  g_signal_connect (self->clear, "clicked", G_CALLBACK (clear_clicked_cb), self);
  gtk_box_append (GTK_BOX (row), self->remove_last);
  gtk_box_append (GTK_BOX (row), self->clear);
  gtk_box_append (GTK_BOX (self), row);
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

  add_map (self, question);

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

  how = gtk_label_new (self->map != NULL
                       ? (self->kind == VT_GEO_POINT
                          ? _("Or write the coordinates: the latitude, then the longitude, like -12.0464, -77.0428")
                          : _("Or write the points in order, each as latitude and longitude, separated by “;”"))
                       : self->kind == VT_GEO_POINT
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
  show_typed_on_map (self, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  update_buttons (self);
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
vt_geo_view_get_map (VtGeoView *self)
{
  g_return_val_if_fail (VT_IS_GEO_VIEW (self), NULL);

  return self->map;
}

GtkWidget *
vt_geo_view_get_remove_last_button (VtGeoView *self)
{
  g_return_val_if_fail (VT_IS_GEO_VIEW (self), NULL);

  return self->remove_last;
}

GtkWidget *
vt_geo_view_get_map_note (VtGeoView *self)
{
  g_return_val_if_fail (VT_IS_GEO_VIEW (self), NULL);

  return self->map_note;
}

GtkWidget *
vt_geo_view_get_here_button (VtGeoView *self)
{
  g_return_val_if_fail (VT_IS_GEO_VIEW (self), NULL);

  return self->here;
}
