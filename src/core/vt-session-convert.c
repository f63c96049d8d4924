/* What a citizen typed, checked and converted to the value an XForm
 * stores for the question's type. */
#define G_LOG_DOMAIN "vt-session"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vt-geo.h"
#include "vt-session-private.h"

/* ------------------------------------------------------------------ */
/* Answers                                                             */

VtDataType
vt_session_node_type (VtSession *self,
                      const char *generic,
                      VtControl **control_out)
{
  VtBind *bind = g_hash_table_lookup (self->form->binds, generic);
  VtControl *control = g_hash_table_lookup (self->form->controls, generic);
  VtDataType type = bind != NULL ? bind->type : VT_DATA_STRING;

  if (control_out != NULL)
    *control_out = control;
  if (control != NULL && (type == VT_DATA_STRING || type == VT_DATA_OTHER))
    {
      if (control->kind == VT_CONTROL_SELECT1)
        type = VT_DATA_SELECT1;
      else if (control->kind == VT_CONTROL_SELECT)
        type = VT_DATA_SELECT;
    }
  return type;
}

gboolean
vt_session_is_readonly (VtSession *self,
                        xmlNode   *node,
                        const char *generic)
{
  VtBind *bind = g_hash_table_lookup (self->form->binds, generic);
  VtControl *control = g_hash_table_lookup (self->form->controls, generic);

  if (control != NULL && control->kind == VT_CONTROL_NOTE)
    return TRUE;
  /* A calculate with no question is the form's own, not the person's; a
   * question with a calculate only gets a default it may overwrite (until
   * the calculate fires again): readonly is false() when omitted. */
  if (bind != NULL && bind->calculate != NULL && control == NULL)
    return TRUE;
  /* readonly is inherited from groups, as relevance is. */
  for (xmlNode *n = node; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent)
    {
      g_autofree char *path = vt_form_node_generic_path (n);
      VtBind *b = g_hash_table_lookup (self->form->binds, path);
      if (b != NULL && b->readonly != NULL && vt_session_eval_boolean (self, b->readonly, n, FALSE))
        return TRUE;
    }
  return FALSE;
}

static gboolean
all_digits (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

/* Each convert_*() takes the trimmed value (not empty) and what was typed
 * (for the message), and returns what to store or NULL with an error. */

static char *
convert_int (const char  *value,
             const char  *input,
             GError     **error)
{
  const char *digits = value + (value[0] == '-' || value[0] == '+');
  gint64 n;

  if (!all_digits (digits) || strlen (digits) > 10
      || (n = g_ascii_strtoll (value, NULL, 10)) > G_MAXINT32 || n < G_MININT32)
    {
      g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_TYPE,
                   _("“%s” is not a whole number; write digits only, for example 42."), input);
      return NULL;
    }
  return g_strdup_printf ("%" G_GINT64_FORMAT, n);
}

static char *
convert_decimal (const char  *value,
                 const char  *input,
                 GError     **error)
{
  g_autofree char *copy = g_strdup (value);
  char *end = NULL;
  double d;

  /* "3,5" as people write it in most of the region. */
  if (strchr (copy, ',') != NULL && strchr (copy, '.') == NULL)
    *strchr (copy, ',') = '.';
  d = g_ascii_strtod (copy, &end);
  if (end == copy || *end != '\0' || !isfinite (d) || strpbrk (copy, "xXnN") != NULL)
    {
      g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_TYPE,
                   _("“%s” is not a number; write it with digits, for example 3.5."), input);
      return NULL;
    }
  if (copy[0] == '+')
    return g_strdup (copy + 1);
  return g_steal_pointer (&copy);
}

static char *
convert_date (const char  *value,
              const char  *input,
              GError     **error)
{
  int y, m, d;
  char tail;

  if (sscanf (value, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || strlen (value) != 10
      || !g_date_valid_dmy (d, m, y))
    {
      g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_TYPE,
                   _("“%s” is not a date; write it as year-month-day, for example 2024-03-31."), input);
      return NULL;
    }
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

/* hh:mm[:ss[.sss]] with an optional zone (Z or ±hh:mm); without one, the
 * session's clock's. */
static char *
convert_time (VtSession   *self,
              const char  *value,
              const char  *input,
              GError     **error)
{
  int h, mi, consumed = 0;
  double s = 0;
  g_autoptr(GDateTime) now = vt_session_dup_now (self);
  g_autofree char *zone = NULL;
  const char *rest;

  if (sscanf (value, "%2d:%2d%n", &h, &mi, &consumed) != 2 || h > 23 || mi > 59 || h < 0 || mi < 0)
    goto bad_time;
  rest = value + consumed;
  if (*rest == ':')
    {
      char *end = NULL;
      s = g_ascii_strtod (rest + 1, &end);
      if (end == rest + 1 || s < 0 || s >= 60)
        goto bad_time;
      rest = end;
    }
  if (*rest == '\0')
    zone = g_date_time_format (now, "%:z");
  else if (g_str_equal (rest, "Z"))
    zone = g_strdup ("Z");
  else if ((rest[0] == '+' || rest[0] == '-') && strlen (rest) == 6 && rest[3] == ':')
    zone = g_strdup (rest);
  else
    goto bad_time;
  return g_strdup_printf ("%02d:%02d:%02d.%03d%s", h, mi, (int) s,
                          (int) ((s - floor (s)) * 1000 + 0.5) % 1000, zone);

bad_time:
  g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_TYPE,
               _("“%s” is not a time of day; write it as hours:minutes, for example 14:30."), input);
  return NULL;
}

static char *
convert_date_time (const char  *value,
                   const char  *input,
                   GError     **error)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *with_seconds = NULL;
  const char *t = strchr (value, 'T');

  /* 2024-03-31T14:30, as the message below suggests, has no seconds:
   * GLib wants them. */
  if (t != NULL && g_ascii_isdigit (t[1]) && g_ascii_isdigit (t[2]) && t[3] == ':'
      && g_ascii_isdigit (t[4]) && g_ascii_isdigit (t[5]) && (t[6] == '\0' || strchr ("Z+-", t[6]) != NULL))
    with_seconds = g_strdup_printf ("%.*s:00%s", (int) (t + 6 - value), value, t + 6);
  time = g_date_time_new_from_iso8601 (with_seconds != NULL ? with_seconds : value, local);

  if (time == NULL)
    {
      g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_TYPE,
                   _("“%s” is not a date and time; write it as 2024-03-31T14:30."), input);
      return NULL;
    }
  return vt_session_format_date_time (time);
}

static char *
convert_boolean (const char  *value,
                 const char  *input,
                 GError     **error)
{
  if (g_str_equal (value, "true") || g_str_equal (value, "1"))
    return g_strdup ("true");
  if (g_str_equal (value, "false") || g_str_equal (value, "0"))
    return g_strdup ("false");
  g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_TYPE,
               _("“%s” is neither yes (true) nor no (false)."), input);
  return NULL;
}

static gboolean
is_choice (GPtrArray  *choices,
           const char *value)
{
  for (guint i = 0; i < choices->len; i++)
    if (g_str_equal (((VtChoice *) g_ptr_array_index (choices, i))->value, value))
      return TRUE;
  return FALSE;
}

/* select1 or select: each value one of the question's choices now (any
 * value when it has none to check against), a select's without repeats. */
static char *
convert_choices (VtSession   *self,
                 VtDataType   type,
                 VtControl   *control,
                 xmlNode     *node,
                 const char  *value,
                 const char  *input,
                 GError     **error)
{
  g_autoptr(GPtrArray) choices = control != NULL ? vt_session_control_choices (self, control, node) : NULL;
  g_auto(GStrv) values = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  if (type == VT_DATA_SELECT1 && strchr (value, ' ') != NULL && choices != NULL)
    {
      /* A choice value may contain spaces in select1 (6-select1-spaces). */
      if (is_choice (choices, value))
        return g_strdup (value);
      g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_TYPE,
                   _("“%s” is not one of the choices."), input);
      return NULL;
    }
  values = g_strsplit_set (value, " \t\n", -1);
  for (guint v = 0; values[v] != NULL; v++)
    {
      gboolean duplicate = FALSE;

      if (values[v][0] == '\0')
        continue;
      if (choices != NULL && !is_choice (choices, values[v]))
        {
          g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_TYPE,
                       _("“%s” is not one of the choices."), values[v]);
          return NULL;
        }
      for (guint w = 0; w < v; w++)
        if (g_str_equal (values[w], values[v]))
          duplicate = TRUE;
      if (duplicate)
        continue;
      if (out->len > 0)
        {
          if (type == VT_DATA_SELECT1)
            {
              g_set_error (error, VT_SESSION_ERROR, VT_SESSION_ERROR_TYPE,
                           _("Only one choice may be given here, not “%s”."), input);
              return NULL;
            }
          g_string_append_c (out, ' ');
        }
      g_string_append (out, values[v]);
    }
  return g_strdup (out->str);
}

/* A place typed or placed on the map, stored as ODK writes it. */
static char *
convert_geo (VtDataType   type,
             const char  *value,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  VtGeoKind kind = type == VT_DATA_GEOTRACE ? VT_GEO_TRACE : type == VT_DATA_GEOSHAPE ? VT_GEO_SHAPE : VT_GEO_POINT;
  char *stored = vt_geo_normalize_typed (kind, value, &local_error);

  if (stored == NULL)
    g_set_error_literal (error, VT_SESSION_ERROR, VT_SESSION_ERROR_TYPE, local_error->message);
  return stored;
}

/* Checks value against type; on success returns what to store. */
char *
vt_session_convert (VtSession   *self,
                    VtDataType   type,
                    VtControl   *control,
                    xmlNode     *node,
                    const char  *path,
                    const char  *input,
                    GError     **error)
{
  g_autofree char *value = g_strstrip (g_strdup (input));

  if (value[0] == '\0')
    return g_steal_pointer (&value);

  switch (type)
    {
    case VT_DATA_INT:
      return convert_int (value, input, error);
    case VT_DATA_DECIMAL:
      return convert_decimal (value, input, error);
    case VT_DATA_DATE:
      return convert_date (value, input, error);
    case VT_DATA_TIME:
      return convert_time (self, value, input, error);
    case VT_DATA_DATETIME:
      return convert_date_time (value, input, error);
    case VT_DATA_BOOLEAN:
      return convert_boolean (value, input, error);
    case VT_DATA_SELECT1:
    case VT_DATA_SELECT:
      return convert_choices (self, type, control, node, value, input, error);
    case VT_DATA_GEOPOINT:
    case VT_DATA_GEOTRACE:
    case VT_DATA_GEOSHAPE:
      return convert_geo (type, value, error);
    default:
      return g_steal_pointer (&value);
    }
}
