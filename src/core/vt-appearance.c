/* ODK's appearances and what the kiosk draws for each: the table that
 * `form check` reads, so that a form author learns which parts of a form
 * will look or behave differently on a kiosk than in Collect or Enketo.
 * https://docs.getodk.org/form-question-types/ lists the appearances. */
#define G_LOG_DOMAIN "vt-appearance"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vt-appearance.h"
#include "vt-form-private.h"
#include "vt-mbtiles.h"

/* What a control is, for the table: an appearance applies to some. */
typedef enum
{
  ON_TEXT    = 1 << 0,          /* input of a string */
  ON_NUMBER  = 1 << 1,          /* input of an int or a decimal */
  ON_DATE    = 1 << 2,          /* date and dateTime */
  ON_SELECT  = 1 << 3,          /* select1 and select */
  ON_RANK    = 1 << 4,
  ON_RANGE   = 1 << 5,
  ON_UPLOAD  = 1 << 6,
  ON_GROUP   = 1 << 7,          /* groups and repeats */
  ON_GEO     = 1 << 8,
  ON_BARCODE = 1 << 9,
  ON_OTHER   = 1 << 10,         /* time, trigger, note… */
} AppliesTo;

#define ON_QUESTION (ON_TEXT | ON_NUMBER | ON_DATE | ON_SELECT | ON_RANK | ON_RANGE | ON_UPLOAD | \
                     ON_GEO | ON_BARCODE | ON_OTHER)

typedef struct
{
  const char *name;             /* the token, or its start when prefix */
  gboolean    prefix;           /* "columns-" matches "columns-4" */
  AppliesTo   on;
  /* NULL: the kiosk draws it as ODK specifies; else what it shows instead,
   * after "is shown as". */
  const char *shown_as;
} Appearance;

static const Appearance appearances[] = {
  /* text */
  { "numbers", FALSE, ON_TEXT | ON_NUMBER, NULL },  /* a number is typed on its keypad anyway */
  { "multiline", FALSE, ON_TEXT, N_("a text field of one line") },
  { "masked", FALSE, ON_TEXT, NULL },
  { "url", FALSE, ON_TEXT, N_("a text field (the kiosk opens no web pages)") },
  { "printer:", TRUE, ON_QUESTION, N_("the question alone (the kiosk prints only its receipts)") },
  { "ex:", TRUE, ON_QUESTION, N_("the question alone (the kiosk opens no other apps)") },
  /* numbers */
  { "thousands-sep", FALSE, ON_NUMBER | ON_TEXT, N_("a number without thousands separators") },
  { "counter", FALSE, ON_NUMBER, N_("a number field with its keypad") },
  { "bearing", FALSE, ON_NUMBER, N_("a number field with its keypad (no compass)") },
  /* dates: the kiosk never shows a calendar, always day, month and year */
  { "no-calendar", FALSE, ON_DATE, NULL },
  { "month-year", FALSE, ON_DATE, NULL },     /* ODK writes the 1st: 2026-11-01 */
  { "year", FALSE, ON_DATE, NULL },           /* and of January: 2026-01-01 */
  { "ethiopian", FALSE, ON_DATE, N_("a date of the Gregorian calendar") },
  { "coptic", FALSE, ON_DATE, N_("a date of the Gregorian calendar") },
  { "islamic", FALSE, ON_DATE, N_("a date of the Gregorian calendar") },
  { "bikram-sambat", FALSE, ON_DATE, N_("a date of the Gregorian calendar") },
  { "myanmar", FALSE, ON_DATE, N_("a date of the Gregorian calendar") },
  { "persian", FALSE, ON_DATE, N_("a date of the Gregorian calendar") },
  { "buddhist", FALSE, ON_DATE, N_("a date of the Gregorian calendar") },
  /* choices */
  { "minimal", FALSE, ON_SELECT, NULL },
  { "quick", FALSE, ON_SELECT, NULL },
  { "autocomplete", FALSE, ON_SELECT, NULL },
  { "search", FALSE, ON_SELECT, NULL },
  { "search(", TRUE, ON_SELECT, N_("a list of the form's own choices (the kiosk searches no CSV file)") },
  { "likert", FALSE, ON_SELECT, NULL },
  { "columns", FALSE, ON_SELECT, NULL },
  { "columns-pack", FALSE, ON_SELECT, NULL },
  { "columns-", TRUE, ON_SELECT, NULL },
  { "compact", FALSE, ON_SELECT, N_("a list of choices, one under another") },
  { "compact-", TRUE, ON_SELECT, N_("a list of choices, one under another") },
  { "quickcompact", FALSE, ON_SELECT, N_("a list of choices, one under another") },
  { "horizontal", FALSE, ON_SELECT, N_("a list of choices, one under another") },
  { "horizontal-compact", FALSE, ON_SELECT, N_("a list of choices, one under another") },
  { "no-buttons", FALSE, ON_SELECT, NULL },
  { "label", FALSE, ON_SELECT, N_("a question of its own with its choices named") },
  { "list-nolabel", FALSE, ON_SELECT, N_("a question of its own with its choices named") },
  { "list", FALSE, ON_SELECT, N_("a question of its own with its choices named") },
  { "image-map", FALSE, ON_SELECT, N_("a list of its choices without the picture") },
  { "map", FALSE, ON_SELECT, N_("a list of its choices without a map") },
  /* range */
  { "rating", FALSE, ON_RANGE, NULL },
  { "vertical", FALSE, ON_RANGE, NULL },
  { "picker", FALSE, ON_RANGE, NULL },
  { "no-ticks", FALSE, ON_RANGE, NULL },
  /* uploads */
  { "signature", FALSE, ON_UPLOAD, NULL },
  { "draw", FALSE, ON_UPLOAD, NULL },
  { "annotate", FALSE, ON_UPLOAD, N_("a photo or document without drawing on it") },
  { "new", FALSE, ON_UPLOAD, N_("every way the kiosk has to add a document") },
  { "new-front", FALSE, ON_UPLOAD, N_("every way the kiosk has to add a document") },
  { "selfie", FALSE, ON_UPLOAD, N_("every way the kiosk has to add a document") },
  /* locations and barcodes */
  { "maps", FALSE, ON_GEO, N_("the location question without a map") },
  { "placement-map", FALSE, ON_GEO, N_("the location question without a map") },
  { "hidden-answer", FALSE, ON_BARCODE, N_("the code as it was read") },
  /* groups, and the width of a question on a field-list page */
  { "field-list", FALSE, ON_GROUP, NULL },
  { "table-list", FALSE, ON_GROUP, N_("its questions one under another, each with its choices named") },
  { "w", TRUE, ON_QUESTION | ON_GROUP, N_("the full width of the page") },
};

gboolean
vt_appearance_has (const char *appearance,
                   const char *token)
{
  g_auto(GStrv) tokens = NULL;

  if (appearance == NULL)
    return FALSE;
  tokens = g_strsplit_set (appearance, " \t\n", -1);
  return g_strv_contains ((const char * const *) tokens, token);
}

guint
vt_appearance_get_number (const char *appearance,
                          const char *prefix)
{
  g_auto(GStrv) tokens = NULL;

  if (appearance == NULL)
    return 0;
  tokens = g_strsplit_set (appearance, " \t\n", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      guint64 n;

      if (g_str_has_prefix (tokens[i], prefix) &&
          g_ascii_string_to_unsigned (tokens[i] + strlen (prefix), 10, 1, 99, &n, NULL))
        return (guint) n;
    }
  return 0;
}

static AppliesTo
applies_to (const VtControl *control)
{
  VtDataType type = control->bind != NULL ? control->bind->type : VT_DATA_STRING;

  switch (control->kind)
    {
    case VT_CONTROL_GROUP:
    case VT_CONTROL_REPEAT:
      return ON_GROUP;
    case VT_CONTROL_SELECT1:
      return ON_SELECT;
    case VT_CONTROL_SELECT:
      return g_strcmp0 (control->element, "rank") == 0 ? ON_RANK : ON_SELECT;
    case VT_CONTROL_RANGE:
      return ON_RANGE;
    case VT_CONTROL_UPLOAD:
      return ON_UPLOAD;
    case VT_CONTROL_INPUT:
      switch (type)
        {
        case VT_DATA_STRING:
          return ON_TEXT;
        case VT_DATA_INT:
        case VT_DATA_DECIMAL:
          return ON_NUMBER;
        case VT_DATA_DATE:
        case VT_DATA_DATETIME:
          return ON_DATE;
        case VT_DATA_GEOPOINT:
          return ON_GEO;
        case VT_DATA_BARCODE:
          return ON_BARCODE;
        default:
          return ON_OTHER;
        }
    default:
      return ON_OTHER;
    }
}

/* A token that matches an entry by name (numbers after "w" and
 * "columns-" and "compact-" only). */
static const Appearance *
lookup (const char *token)
{
  for (gsize i = 0; i < G_N_ELEMENTS (appearances); i++)
    {
      const Appearance *a = &appearances[i];

      if (!a->prefix)
        {
          if (g_str_equal (token, a->name))
            return a;
        }
      else if (g_str_has_prefix (token, a->name))
        {
          const char *rest = token + strlen (a->name);
          guint64 n;

          if (g_str_equal (a->name, "w") || g_str_has_suffix (a->name, "-"))
            {
              if (g_ascii_string_to_unsigned (rest, 10, 1, g_str_equal (a->name, "w") ? 10 : 99, &n, NULL))
                return a;
            }
          else if (rest[0] != '\0')
            return a;
        }
    }
  return NULL;
}

/* The controls the kiosk draws as something else whatever their
 * appearance. */
static const char *
control_shown_as (const VtControl *control,
                  const char     **what)
{
  switch (applies_to (control))
    {
    case ON_GEO:
      /* With [kiosk] map-tiles open, a map to touch, as Collect's. */
      if (vt_mbtiles_kiosk_has_map ())
        return NULL;
      *what = N_("a location question");
      return N_("a text field for the coordinates");
    case ON_BARCODE:
      *what = N_("a barcode question");
      return N_("a text field a USB scanner can type into (no camera)");
    default:
      return NULL;
    }
}

static gboolean
in_field_list (const VtControl *control)
{
  for (const VtControl *c = control->parent; c != NULL; c = c->parent)
    if (vt_appearance_has (c->appearance, "field-list"))
      return TRUE;
  return FALSE;
}

static void
check_control (const VtControl *control,
               const char      *group_path,
               GPtrArray       *lines)
{
  const char *path = control->path != NULL ? control->path : group_path;
  const char *what = NULL;
  const char *shown_as = control_shown_as (control, &what);

  if (shown_as != NULL)
    g_ptr_array_add (lines, g_strdup_printf (_("%s: %s is shown as %s"), path, _(what), _(shown_as)));

  if (control->appearance != NULL)
    {
      g_auto(GStrv) tokens = g_strsplit_set (control->appearance, " \t\n", -1);
      AppliesTo on = applies_to (control);

      for (guint i = 0; tokens[i] != NULL; i++)
        {
          const Appearance *a;

          if (tokens[i][0] == '\0')
            continue;
          a = lookup (tokens[i]);
          if (a == NULL)
            g_ptr_array_add (lines, g_strdup_printf (_("%s: appearance \"%s\" is shown as if it were not there: "
                                                       "ODK Collect and Enketo do not know it"),
                                                     path, tokens[i]));
          else if ((a->on & on) == 0)
            g_ptr_array_add (lines, g_strdup_printf (_("%s: appearance \"%s\" is shown as if it were not there: "
                                                       "it is not for this kind of question"),
                                                     path, tokens[i]));
          else if (a->shown_as != NULL && !((a->on & ON_GEO) && vt_mbtiles_kiosk_has_map ()))
            g_ptr_array_add (lines, g_strdup_printf (_("%s: appearance \"%s\" is shown as %s"),
                                                     path, tokens[i], _(a->shown_as)));
          else if (g_str_equal (tokens[i], "quick") && in_field_list (control))
            /* Collect moves on only from a question alone on its screen. */
            g_ptr_array_add (lines, g_strdup_printf (_("%s: appearance \"%s\" is shown as %s"),
                                                     path, tokens[i],
                                                     _("a choice that goes on to the next page, "
                                                       "though other questions share this one")));
        }
    }

  for (guint i = 0; control->children != NULL && i < control->children->len; i++)
    check_control (g_ptr_array_index (control->children, i), path, lines);
}

char **
vt_form_dup_appearance_warnings (VtForm *form)
{
  GPtrArray *lines = g_ptr_array_new ();

  g_return_val_if_fail (form != NULL, NULL);

  if (form->body != NULL)
    for (guint i = 0; form->body->children != NULL && i < form->body->children->len; i++)
      check_control (g_ptr_array_index (form->body->children, i), "/", lines);
  g_ptr_array_add (lines, NULL);
  return (char **) g_ptr_array_free (lines, FALSE);
}
