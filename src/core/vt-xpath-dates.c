/* ODK's dates in XPath: a date is a number of days since 1970-01-01,
 * a dateTime the same with a fraction; parsing and formatting them, and
 * the date functions of the library (today, now, date, format-date...). */
#define G_LOG_DOMAIN "vt-xpath"

#include "config.h"

#include <math.h>
#include <string.h>

#include "vt-xpath-private.h"

/* ------------------------------------------------------------------ */
/* Dates                                                               */

static gint64
days_from_civil (gint64 y,
                 int    m,
                 int    d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void
civil_from_days (gint64  z,
                 int    *year,
                 int    *month,
                 int    *day)
{
  gint64 era, doe, yoe, y, doy, mp, d, m;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp + (mp < 10 ? 3 : -9);
  *year = (int) (y + (m <= 2));
  *month = (int) m;
  *day = (int) d;
}

static gboolean
is_leap (int y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month (int y,
               int m)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  return m == 2 && is_leap (y) ? 29 : days[m - 1];
}

static gboolean
scan_digits (const char **p,
             int          min,
             int          max,
             int         *out)
{
  int n = 0, value = 0;

  while (g_ascii_isdigit (**p) && n < max)
    value = value * 10 + (**p - '0'), (*p)++, n++;
  *out = value;
  return n >= min;
}

/* HH:MM[:SS[.fff]][Z|+HH:MM|-HH:MM|+HHMM]; seconds of the day and, when
 * there is one, the offset in seconds. */
static gboolean
scan_time (const char **pp,
           double      *seconds,
           gboolean    *has_offset,
           int         *offset)
{
  const char *p = *pp;
  int h, m, s = 0;
  double fraction = 0;

  if (!scan_digits (&p, 2, 2, &h) || *p++ != ':' || !scan_digits (&p, 2, 2, &m))
    return FALSE;
  if (*p == ':')
    {
      p++;
      if (!scan_digits (&p, 2, 2, &s))
        return FALSE;
      if (*p == '.')
        {
          double scale = 0.1;

          p++;
          if (!g_ascii_isdigit (*p))
            return FALSE;
          while (g_ascii_isdigit (*p))
            fraction += (*p++ - '0') * scale, scale /= 10;
        }
    }
  if (h > 24 || m > 59 || s > 60 || (h == 24 && (m > 0 || s > 0)))
    return FALSE;

  *has_offset = FALSE;
  *offset = 0;
  if (*p == 'Z')
    {
      p++;
      *has_offset = TRUE;
    }
  else if (*p == '+' || *p == '-')
    {
      int sign = *p++ == '-' ? -1 : 1;
      int oh, om = 0;

      if (!scan_digits (&p, 2, 2, &oh))
        return FALSE;
      if (*p == ':')
        p++;
      if (g_ascii_isdigit (*p) && !scan_digits (&p, 2, 2, &om))
        return FALSE;
      if (oh > 14 || om > 59)
        return FALSE;
      *has_offset = TRUE;
      *offset = sign * (oh * 3600 + om * 60);
    }

  *seconds = h * 3600 + m * 60 + s + fraction;
  *pp = p;
  return TRUE;
}

/* Converts an instant given in UTC seconds into local days. */
static double
utc_seconds_to_local_days (double utc_seconds)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  gint64 whole = (gint64) floor (utc_seconds);
  int interval = g_time_zone_find_interval (local, G_TIME_TYPE_UNIVERSAL, whole);
  int offset = interval >= 0 ? g_time_zone_get_offset (local, interval) : 0;

  return (utc_seconds + offset) / 86400.0;
}

gboolean
vt_xpath_parse_date (const char *text,
                     double     *days)
{
  const char *p;
  int y, m, d;
  double date_days;

  g_return_val_if_fail (text != NULL, FALSE);

  p = text;
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  if (!scan_digits (&p, 4, 4, &y) || *p++ != '-' || !scan_digits (&p, 1, 2, &m) ||
      *p++ != '-' || !scan_digits (&p, 1, 2, &d))
    return FALSE;
  if (m < 1 || m > 12 || d < 1 || d > days_in_month (y, m))
    return FALSE;
  date_days = (double) days_from_civil (y, m, d);

  if (*p == 'T')
    {
      double seconds;
      gboolean has_offset;
      int offset;

      p++;
      if (!scan_time (&p, &seconds, &has_offset, &offset))
        return FALSE;
      while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
      if (*p != '\0')
        return FALSE;
      if (has_offset)
        *days = utc_seconds_to_local_days (date_days * 86400 + seconds - offset);
      else
        *days = date_days + seconds / 86400.0;
      return TRUE;
    }

  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  if (*p != '\0')
    return FALSE;
  *days = date_days;
  return TRUE;
}

typedef struct
{
  int year, month, day, hour, minute, second, millisecond, weekday;  /* weekday: 0 = Sunday */
  int offset;  /* seconds east of UTC */
} Fields;

/* The days a date can be: 0001-01-01 to 9999-12-31, the four-digit years
 * ODK writes and reads back.  Beyond them a number (a citizen's typed
 * number in a calculate) is not a date, and casting it to 64 bits or
 * multiplying it by 86400 would overflow. */
#define MIN_DAYS (-719162)   /* 0001-01-01 */
#define MAX_DAYS 2932896     /* 9999-12-31 */

/* FALSE when days is not a date of the years 0001-9999. */
static gboolean
days_to_fields (double  days,
                Fields *f)
{
  g_autoptr(GTimeZone) local = NULL;
  gint64 whole, ms, local_seconds;
  int interval;

  if (!isfinite (days) || days < MIN_DAYS || days >= MAX_DAYS + 1)
    return FALSE;
  whole = (gint64) floor (days);
  ms = (gint64) llround ((days - (double) whole) * 86400000.0);
  if (ms >= 86400000)
    whole++, ms -= 86400000;
  if (whole > MAX_DAYS)
    return FALSE;
  civil_from_days (whole, &f->year, &f->month, &f->day);
  f->hour = (int) (ms / 3600000);
  f->minute = (int) (ms / 60000 % 60);
  f->second = (int) (ms / 1000 % 60);
  f->millisecond = (int) (ms % 1000);
  f->weekday = (int) (((whole % 7) + 7 + 4) % 7);

  local = g_time_zone_new_local ();
  local_seconds = whole * 86400 + ms / 1000;
  interval = g_time_zone_find_interval (local, G_TIME_TYPE_STANDARD, local_seconds);
  f->offset = interval >= 0 ? g_time_zone_get_offset (local, interval) : 0;
  return TRUE;
}

static void
append_offset (GString *out,
               int      offset)
{
  int a = ABS (offset);

  g_string_append_printf (out, "%c%02d:%02d", offset < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}

char *
vt_xpath_days_to_date_string (double days)
{
  Fields f;

  if (!days_to_fields (floor (days), &f))
    return g_strdup ("");
  return g_strdup_printf ("%04d-%02d-%02d", f.year, f.month, f.day);
}

char *
vt_xpath_days_to_date_time_string (double days)
{
  GString *out;
  Fields f;

  if (!days_to_fields (days, &f))
    return g_strdup ("");
  out = g_string_new (NULL);
  g_string_append_printf (out, "%04d-%02d-%02dT%02d:%02d:%02d.%03d", f.year, f.month, f.day,
                          f.hour, f.minute, f.second, f.millisecond);
  append_offset (out, f.offset);
  return g_string_free (out, FALSE);
}

GDateTime *
vt_xpath_now (const VtXPathContext *context)
{
  if (context->now != NULL)
    return g_date_time_ref (context->now);
  return g_date_time_new_now_local ();
}

static char *
format_date_time (GDateTime *dt)
{
  GString *out = g_string_new (NULL);
  g_autofree char *base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");

  g_string_append_printf (out, "%s.%03d", base, g_date_time_get_microsecond (dt) / 1000);
  append_offset (out, (int) (g_date_time_get_utc_offset (dt) / G_TIME_SPAN_SECOND));
  return g_string_free (out, FALSE);
}

/* A value as days: numbers are days already, strings are parsed. */
static double
value_to_days (const VtXPathValue *value)
{
  g_autofree char *string = NULL;
  double days;

  if (value->type == VT_XPATH_VALUE_NUMBER)
    return value->number;
  if (value->type == VT_XPATH_VALUE_BOOLEAN)
    return NAN;
  string = vt_xpath_value_to_string (value);
  if (vt_xpath_parse_date (string, &days))
    return days;
  return vt_xpath_string_to_number (string);
}

VtXPathResult
vt_xpath_fn_today (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autoptr(GDateTime) now = vt_xpath_now (frame->context);

  return vt_xpath_string_result (g_date_time_format (now, "%Y-%m-%d"));
}

VtXPathResult
vt_xpath_fn_now (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autoptr(GDateTime) now = vt_xpath_now (frame->context);

  return vt_xpath_string_result (format_date_time (now));
}

/* date() of a date and time keeps the time, as JavaRosa and Web Forms do:
 * without an offset as the same local time, with one as the local time
 * of that instant (and the local offset). */
VtXPathResult
vt_xpath_fn_date (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autoptr(VtXPathValue) value = vt_xpath_arg_value (call, 0, frame, error);
  g_autofree char *text = NULL;
  const char *time;
  double days;

  if (value == NULL)
    return NULL;
  if (value->type != VT_XPATH_VALUE_NUMBER && value->type != VT_XPATH_VALUE_BOOLEAN)
    {
      text = vt_xpath_value_to_string (value);
      time = strchr (text, 'T');
      if (time != NULL && vt_xpath_parse_date (text, &days))
        {
          Fields f;

          if (strpbrk (time, "Z+-") != NULL)
            return vt_xpath_string_result (vt_xpath_days_to_date_time_string (days));
          days_to_fields (days, &f);
          return vt_xpath_string_result (g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%03d",
                                                          f.year, f.month, f.day, f.hour,
                                                          f.minute, f.second, f.millisecond));
        }
    }
  return vt_xpath_string_result (vt_xpath_days_to_date_string (value_to_days (value)));
}

VtXPathResult
vt_xpath_fn_date_time (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autoptr(VtXPathValue) value = vt_xpath_arg_value (call, 0, frame, error);

  if (value == NULL)
    return NULL;
  return vt_xpath_string_result (vt_xpath_days_to_date_time_string (value_to_days (value)));
}

VtXPathResult
vt_xpath_fn_decimal_date_time (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autoptr(VtXPathValue) value = vt_xpath_arg_value (call, 0, frame, error);

  if (value == NULL)
    return NULL;
  return vt_xpath_value_new_number (value_to_days (value));
}

VtXPathResult
vt_xpath_fn_decimal_time (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autofree char *text = NULL;
  const char *p;
  double seconds;
  gboolean has_offset;
  int offset;

  if (!vt_xpath_arg_string (call, 0, frame, &text, error))
    return NULL;
  p = g_strstrip (text);
  if (!scan_time (&p, &seconds, &has_offset, &offset) || *p != '\0')
    return vt_xpath_value_new_number (NAN);
  if (has_offset)
    {
      /* Into the device's zone, as the spec says, at today's offset. */
      g_autoptr(GDateTime) now = vt_xpath_now (frame->context);
      g_autoptr(GDateTime) local = g_date_time_to_local (now);

      seconds += (double) g_date_time_get_utc_offset (local) / G_TIME_SPAN_SECOND - offset;
    }
  seconds = fmod (seconds, 86400);
  if (seconds < 0)
    seconds += 86400;
  return vt_xpath_value_new_number (seconds / 86400.0);
}

/* Short month and day names, as the form's language writes them (CLDR
 * abbreviations, what Enketo's toLocaleDateString gives).  Kept here
 * rather than in gettext: they follow the form's language, not the UI's. */
typedef struct
{
  const char *language;
  const char *months[12];
  const char *days[7];
} DateNames;

static const DateNames date_names[] = {
  { "en", { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" },
          { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" } },
  { "es", { "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic" },
          { "dom", "lun", "mar", "mié", "jue", "vie", "sáb" } },
  { "pt", { "jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez" },
          { "dom", "seg", "ter", "qua", "qui", "sex", "sáb" } },
  { "fr", { "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc." },
          { "dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam." } },
};

static const DateNames *
find_date_names (const char *locale)
{
  if (locale != NULL)
    for (gsize i = 0; i < G_N_ELEMENTS (date_names); i++)
      {
        gsize n = strlen (date_names[i].language);

        if (g_ascii_strncasecmp (locale, date_names[i].language, n) == 0 &&
            (locale[n] == '\0' || locale[n] == '_' || locale[n] == '-' || locale[n] == '.'))
          return &date_names[i];
      }
  return &date_names[0];
}

VtXPathResult
vt_xpath_fn_format_date (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autoptr(VtXPathValue) value = vt_xpath_arg_value (call, 0, frame, error);
  g_autofree char *format = NULL;
  const DateNames *names = find_date_names (frame->context->locale);
  GString *out;
  double days;
  Fields f;

  if (value == NULL || !vt_xpath_arg_string (call, 1, frame, &format, error))
    return NULL;
  days = value_to_days (value);
  if (!days_to_fields (days, &f))
    return vt_xpath_value_new_string ("");

  out = g_string_new (NULL);
  for (const char *p = format; *p != '\0'; p++)
    {
      if (*p != '%' || p[1] == '\0')
        {
          g_string_append_c (out, *p);
          continue;
        }
      switch (*++p)
        {
        case 'Y': g_string_append_printf (out, "%04d", f.year); break;
        case 'y': g_string_append_printf (out, "%02d", f.year % 100); break;
        case 'm': g_string_append_printf (out, "%02d", f.month); break;
        case 'n': g_string_append_printf (out, "%d", f.month); break;
        case 'b': g_string_append (out, names->months[f.month - 1]); break;
        case 'd': g_string_append_printf (out, "%02d", f.day); break;
        case 'e': g_string_append_printf (out, "%d", f.day); break;
        case 'a': g_string_append (out, names->days[f.weekday]); break;
        case 'H': g_string_append_printf (out, "%02d", f.hour); break;
        case 'h': g_string_append_printf (out, "%d", f.hour); break;
        case 'M': g_string_append_printf (out, "%02d", f.minute); break;
        case 'S': g_string_append_printf (out, "%02d", f.second); break;
        case '3': g_string_append_printf (out, "%03d", f.millisecond); break;
        case '%': g_string_append_c (out, '%'); break;
        default: g_string_append_c (out, '%'); g_string_append_c (out, *p); break;
        }
    }
  return vt_xpath_string_result (g_string_free (out, FALSE));
}
