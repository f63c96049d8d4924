#define G_LOG_DOMAIN "vt-catalogue"

#include "config.h"

#include "vt-catalogue.h"
#include "vt-language.h"
#include "vt-services-page.h"

/* The kiosk's services, as the window shows and starts them. */

struct _VtCatalogue
{
  GObject    parent_instance;

  GPtrArray *forms;                /* VtForm * */
  gboolean   loaded;
};

G_DEFINE_FINAL_TYPE (VtCatalogue, vt_catalogue, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
vt_catalogue_set_forms (VtCatalogue *self,
                        GPtrArray   *forms)
{
  g_return_if_fail (VT_IS_CATALOGUE (self));

  g_clear_pointer (&self->forms, g_ptr_array_unref);
  self->forms = forms;
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
vt_catalogue_get_loaded (VtCatalogue *self)
{
  g_return_val_if_fail (VT_IS_CATALOGUE (self), FALSE);

  return self->loaded;
}

VtForm *
vt_catalogue_get_form (VtCatalogue *self,
                       const char  *form_id)
{
  g_return_val_if_fail (VT_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (form_id != NULL, NULL);

  for (guint i = 0; self->forms != NULL && i < self->forms->len; i++)
    if (g_str_equal (vt_form_get_id (g_ptr_array_index (self->forms, i)), form_id))
      return g_ptr_array_index (self->forms, i);
  return NULL;
}

GPtrArray *
vt_catalogue_dup_services (VtCatalogue *self,
                           const char  *language)
{
  GPtrArray *items;

  g_return_val_if_fail (VT_IS_CATALOGUE (self), NULL);

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_service_item_free);
  for (guint i = 0; self->forms != NULL && i < self->forms->len; i++)
    {
      VtForm *form = g_ptr_array_index (self->forms, i);
      const char *form_language = vt_form_match_language (form, language);
      VtServiceItem *item = g_new0 (VtServiceItem, 1);

      item->form_id = g_strdup (vt_form_get_id (form));
      item->title = vt_form_dup_title (form, form_language);
      item->description = vt_form_dup_description (form, form_language);
      item->category = vt_form_dup_category (form, form_language);
      item->notice = vt_language_dup_fallback_notice (form, language);
      if (item->title == NULL)
        item->title = g_strdup (item->form_id);
      g_ptr_array_add (items, item);
    }
  return items;
}

static void
vt_catalogue_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VtCatalogue *self = VT_CATALOGUE (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_catalogue_finalize (GObject *object)
{
  VtCatalogue *self = VT_CATALOGUE (object);

  g_clear_pointer (&self->forms, g_ptr_array_unref);

  G_OBJECT_CLASS (vt_catalogue_parent_class)->finalize (object);
}

static void
vt_catalogue_class_init (VtCatalogueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = vt_catalogue_get_property;
  object_class->finalize = vt_catalogue_finalize;

  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                  G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vt_catalogue_init (VtCatalogue *self)
{
}

VtCatalogue *
vt_catalogue_new (void)
{
  return g_object_new (VT_TYPE_CATALOGUE, NULL);
}
