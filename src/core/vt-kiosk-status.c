/* The health report: its figures from the store, the disk and the
 * devices, its form (a resource of the core library) filled by the form
 * engine, and its place in the outbox. */
#define G_LOG_DOMAIN "vt-kiosk-status"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vt-core-resources.h"
#include "vt-feedback.h"
#include "vt-gst-private.h"
#include "vt-kiosk-identity.h"
#include "vt-kiosk-key.h"
#include "vt-kiosk-status.h"
#include "vt-session.h"

#define FORM_RESOURCE "/org/ventanilla/core/kiosk-forms/ventanilla_kiosk_status.xml"
#define MEGABYTE (1024.0 * 1024.0)

static const char * const kiosk_forms[] = { VT_KIOSK_STATUS_FORM_ID, VT_FEEDBACK_FORM_ID, NULL };

const char * const *
vt_kiosk_own_forms (void)
{
  return kiosk_forms;
}

typedef enum
{
  KIND_STRING,
  KIND_INT,
  KIND_DECIMAL,
  KIND_TIME,
} Kind;

/* The form's fields, in its order (data/kiosk-forms/ventanilla_kiosk_status.xml). */
static const struct
{
  const char *name;
  Kind        kind;
} fields[] = {
  { "kiosk_id", KIND_STRING }, { "kiosk_name", KIND_STRING }, { "office_name", KIND_STRING },
  { "version", KIND_STRING }, { "report_time", KIND_TIME }, { "uptime_hours", KIND_DECIMAL },
  { "queued", KIND_INT }, { "sending", KIND_INT }, { "sent", KIND_INT }, { "rejected", KIND_INT },
  { "discarded", KIND_INT }, { "oldest_waiting", KIND_TIME }, { "oldest_waiting_hours", KIND_DECIMAL },
  { "last_sync", KIND_TIME }, { "last_error", KIND_STRING }, { "last_error_time", KIND_TIME },
  { "free_disk_mb", KIND_INT }, { "database_mb", KIND_DECIMAL }, { "forms", KIND_STRING },
  { "printer", KIND_STRING }, { "audio", KIND_STRING }, { "sessions_started", KIND_INT },
  { "sessions_finished", KIND_INT }, { "sessions_abandoned", KIND_INT }, { "dropoffs", KIND_STRING },
  { "receipt_public_key", KIND_STRING },
};

struct _VtKioskStatus
{
  GPtrArray *fields;           /* VtKioskStatusField * */
  gint64     time;
  guint64    finished_total;   /* applications made on (or imported into) this kiosk, ever */
  guint64    abandoned_total;  /* sessions abandoned, ever */
};

/* ---- the printer's last answer ------------------------------------------ */

G_LOCK_DEFINE_STATIC (printer);
static gint64   printer_when;
static gboolean printer_ok;

void
vt_kiosk_status_note_printer (gboolean printed,
                              gint64   when)
{
  G_LOCK (printer);
  printer_ok = printed;
  printer_when = when;
  G_UNLOCK (printer);
}

/* ---- figures --------------------------------------------------------------- */

static void
field_free (VtKioskStatusField *field)
{
  g_free (field->name);
  g_free (field->value);
  g_free (field);
}

void
vt_kiosk_status_free (VtKioskStatus *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->fields);
  g_free (self);
}

GPtrArray *
vt_kiosk_status_get_fields (VtKioskStatus *self)
{
  return self->fields;
}

const char *
vt_kiosk_status_get (VtKioskStatus *self,
                     const char    *name)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      VtKioskStatusField *field = g_ptr_array_index (self->fields, i);

      if (g_str_equal (field->name, name))
        return field->value;
    }
  g_return_val_if_reached (NULL);
}

static void
set (VtKioskStatus *self,
     const char    *name,
     char          *value)    /* taken; NULL: none */
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      VtKioskStatusField *field = g_ptr_array_index (self->fields, i);

      if (g_str_equal (field->name, name))
        {
          g_free (field->value);
          field->value = value != NULL ? value : g_strdup ("");
          return;
        }
    }
  g_assert_not_reached ();
}

/* ODK's dateTime in UTC, 2026-12-07T14:00:00.000+00:00; NULL for none. */
static char *
format_time (gint64 usec)
{
  g_autoptr(GDateTime) time = NULL;

  if (usec <= 0)
    return NULL;
  time = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  return time != NULL ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%S.000+00:00") : NULL;
}

static char *
format_decimal (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.2f", value));
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : 0;
}

/* "none", "ok (autoaudiosink)" or "not working (autoaudiosink): why":
 * whether the loudspeaker's sink can be opened now. */
static char *
audio_state (const char *speaker)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  GstStateChangeReturn ret;

  if (speaker == NULL || speaker[0] == '\0' || g_str_equal (speaker, "none"))
    return g_strdup ("none");
  pipeline = vt_gst_parse (speaker, "%s", &error);
  if (pipeline == NULL)
    return g_strdup_printf ("not working (%s): %s", speaker, error->message);
  ret = gst_element_set_state (pipeline, GST_STATE_READY);
  if (ret == GST_STATE_CHANGE_ASYNC)
    ret = gst_element_get_state (pipeline, NULL, NULL, 5 * GST_SECOND);
  if (ret == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GError) why = vt_gst_pop_error (pipeline);

      gst_element_set_state (pipeline, GST_STATE_NULL);
      return g_strdup_printf ("not working (%s): %s", speaker, why != NULL ? why->message : "cannot be opened");
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return g_strdup_printf ("ok (%s)", speaker);
}

static char *
printer_state (const VtConfig *config)
{
  const char *queue = config->printer_name != NULL ? config->printer_name : "default";
  g_autofree char *when = NULL;
  gint64 at;
  gboolean ok;

  G_LOCK (printer);
  at = printer_when;
  ok = printer_ok;
  G_UNLOCK (printer);
  if (at == 0)
    return g_strdup_printf ("no print since this program started (%s)", queue);
  when = format_time (at);
  return g_strdup_printf (ok ? "printed at %s (%s)" : "failed at %s (%s)", when, queue);
}

/* Since the last report: "<usec> <applications> <abandoned>" in the meta table. */
static void
read_mark (VtStore *store,
           gint64  *time,
           guint64 *finished,
           guint64 *abandoned)
{
  g_autofree char *mark = vt_store_get_meta (store, VT_STORE_META_STATUS_REPORT, NULL);
  g_auto(GStrv) words = mark != NULL ? g_strsplit (mark, " ", 3) : NULL;

  *time = 0;
  *finished = *abandoned = 0;
  if (words == NULL || g_strv_length (words) != 3)
    return;
  *time = g_ascii_strtoll (words[0], NULL, 10);
  *finished = g_ascii_strtoull (words[1], NULL, 10);
  *abandoned = g_ascii_strtoull (words[2], NULL, 10);
}

VtKioskStatus *
vt_kiosk_status_collect (VtStore         *store,
                         const VtConfig  *config,
                         gint64           now,
                         GError         **error)
{
  g_autoptr(VtKioskStatus) self = g_new0 (VtKioskStatus, 1);
  g_autofree char *kiosk_id = NULL;
  g_autoptr(GPtrArray) forms = NULL;
  g_autoptr(GPtrArray) dropoffs = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GString) forms_text = g_string_new (NULL);
  g_autoptr(GString) dropoffs_text = g_string_new (NULL);
  VtStoreCounts counts = { 0 };
  guint n[VT_STORE_N_STATES];
  gint64 mark_time;
  guint64 mark_finished, mark_abandoned;

  g_return_val_if_fail (store != NULL && config != NULL, NULL);

  self->time = now;
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      VtKioskStatusField *field = g_new0 (VtKioskStatusField, 1);

      field->name = g_strdup (fields[i].name);
      field->value = g_strdup ("");
      g_ptr_array_add (self->fields, field);
    }

  kiosk_id = vt_kiosk_identity_get (store, error);
  if (kiosk_id == NULL)
    return NULL;
  set (self, "kiosk_id", g_steal_pointer (&kiosk_id));
  set (self, "kiosk_name", g_strdup (config->kiosk_name));
  set (self, "office_name", g_strdup (config->office_name));
  set (self, "version", g_strdup (PACKAGE_VERSION));
  set (self, "report_time", format_time (now));
  /* CLOCK_MONOTONIC: since the machine started. */
  set (self, "uptime_hours", format_decimal ((double) g_get_monotonic_time () / G_TIME_SPAN_HOUR));

  /* The citizens' applications: all, less the kiosk's own forms.  The
   * waiting ones from the store's own count of them; for the others, which
   * that count leaves whole, the kiosk's forms are counted row by row, as
   * a report is made only a few times a day. */
  if (!vt_store_get_application_counts (store, kiosk_forms, &counts, error))
    return NULL;
  for (guint f = 0; kiosk_forms[f] != NULL; f++)
    {
      if (!vt_store_count_form (store, kiosk_forms[f], n, error))
        return NULL;
      for (guint s = VT_STORE_STATE_SENT; s < VT_STORE_N_STATES; s++)
        counts.n[s] -= MIN (n[s], counts.n[s]);
    }
  for (guint s = 0; s < VT_STORE_N_STATES; s++)
    {
      set (self, vt_store_state_to_string (s), g_strdup_printf ("%u", counts.n[s]));
      self->finished_total += counts.n[s];
    }
  if (counts.oldest_queued > 0)
    {
      set (self, "oldest_waiting", format_time (counts.oldest_queued));
      set (self, "oldest_waiting_hours",
           format_decimal ((double) MAX (now - counts.oldest_queued, 0) / G_TIME_SPAN_HOUR));
    }
  set (self, "last_sync", format_time (counts.last_sync));

  /* The newest problem the sync worker wrote down. */
  events = vt_store_list_events (store, NULL, 200, error);
  if (events == NULL)
    return NULL;
  for (guint i = events->len; i > 0; i--)
    {
      VtStoreEvent *event = g_ptr_array_index (events, i - 1);

      if (g_str_equal (event->what, "retry") || g_str_equal (event->what, "rejected") ||
          g_str_equal (event->what, "sync-auth-refused"))
        {
          set (self, "last_error", g_strdup (event->detail));
          set (self, "last_error_time", format_time (event->time));
          break;
        }
    }

  {
    g_autoptr(GFile) dir = g_file_new_for_path (config->data_dir);
    g_autoptr(GFileInfo) info = g_file_query_filesystem_info (dir, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, NULL);
    g_autofree char *wal = g_strconcat (vt_store_get_path (store), "-wal", NULL);

    if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE))
      set (self, "free_disk_mb",
           g_strdup_printf ("%" G_GUINT64_FORMAT,
                            g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE) / (1024 * 1024)));
    set (self, "database_mb", format_decimal ((file_size (vt_store_get_path (store)) + file_size (wal)) / MEGABYTE));
  }

  forms = vt_store_list_forms (store, TRUE, error);
  if (forms == NULL)
    return NULL;
  for (guint i = 0; i < forms->len; i++)
    {
      VtStoreForm *form = g_ptr_array_index (forms, i);

      g_string_append_printf (forms_text, "%s%s %s", i > 0 ? "; " : "", form->form_id,
                              form->version[0] != '\0' ? form->version : "-");
    }
  set (self, "forms", g_strdup (forms_text->str));
  set (self, "printer", printer_state (config));
  set (self, "audio", audio_state (config->speaker));

  dropoffs = vt_store_list_dropoffs (store, error);
  if (dropoffs == NULL)
    return NULL;
  for (guint i = 0; i < dropoffs->len; i++)
    {
      VtStoreDropoff *d = g_ptr_array_index (dropoffs, i);

      g_string_append_printf (dropoffs_text, "%s%s %s %s %s %" G_GUINT64_FORMAT, i > 0 ? "; " : "",
                              d->form_id, d->form_version[0] != '\0' ? d->form_version : "-",
                              d->page, d->reason, d->count);
      self->abandoned_total += d->count;
    }
  set (self, "dropoffs", g_strdup (dropoffs_text->str));

  /* Since the previous report (since the database was made, before the first). */
  read_mark (store, &mark_time, &mark_finished, &mark_abandoned);
  {
    guint64 finished = self->finished_total - MIN (mark_finished, self->finished_total);
    guint64 abandoned = self->abandoned_total - MIN (mark_abandoned, self->abandoned_total);

    set (self, "sessions_finished", g_strdup_printf ("%" G_GUINT64_FORMAT, finished));
    set (self, "sessions_abandoned", g_strdup_printf ("%" G_GUINT64_FORMAT, abandoned));
    /* Every session ends in an application or is abandoned; one still
     * going counts in the next report. */
    set (self, "sessions_started", g_strdup_printf ("%" G_GUINT64_FORMAT, finished + abandoned));
  }

  {
    g_autoptr(GError) key_error = NULL;
    g_autoptr(VtKioskKey) key = vt_kiosk_key_load_existing (config->data_dir, &key_error);

    if (key != NULL)
      set (self, "receipt_public_key", vt_kiosk_key_dup_public_text (key));
    else if (key_error != NULL)
      g_message ("The report goes without the receipt key: %s", key_error->message);
  }

  return g_steal_pointer (&self);
}

char *
vt_kiosk_status_to_json (VtKioskStatus *self)
{
  g_autoptr(GString) json = g_string_new ("{\n");

  /* Written by hand rather than with JsonGenerator, which prints a
   * double with 17 digits (8.85 as 8.8499999999999996): a decimal goes
   * out as the report has it, with two. */
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *value = vt_kiosk_status_get (self, fields[i].name);

      g_string_append_printf (json, "%s  \"%s\" : ", i > 0 ? ",\n" : "", fields[i].name);
      if (value[0] == '\0' && fields[i].kind != KIND_STRING)
        g_string_append (json, "null");
      else if (fields[i].kind == KIND_INT)
        g_string_append_printf (json, "%" G_GINT64_FORMAT, g_ascii_strtoll (value, NULL, 10));
      else if (fields[i].kind == KIND_DECIMAL)
        {
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append (json, g_ascii_formatd (buffer, sizeof buffer, "%.2f",
                                                  g_ascii_strtod (value, NULL)));
        }
      else
        {
          g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), value);
          g_autofree char *quoted = json_to_string (node, FALSE);

          g_string_append (json, quoted);
        }
    }
  g_string_append (json, "\n}");
  return g_string_free (g_steal_pointer (&json), FALSE);
}

/* ---- the form and the outbox ------------------------------------------------ */

GBytes *
vt_kiosk_status_get_form_xml (void)
{
  /* Looked up in the resource itself (see vt_feedback_get_form_xml()). */
  GBytes *bytes = g_resource_lookup_data (vt_core_get_resource (), FORM_RESOURCE,
                                          G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  g_assert (bytes != NULL);
  return bytes;
}

gboolean
vt_kiosk_status_enqueue (VtStore        *store,
                         VtKioskStatus  *self,
                         GError        **error)
{
  g_autoptr(GBytes) xml = vt_kiosk_status_get_form_xml ();
  g_autoptr(VtForm) form = NULL;
  g_autoptr(VtSession) session = NULL;
  g_autoptr(VtSubmission) submission = NULL;
  g_autofree char *code = NULL;
  g_autofree char *mark = NULL;
  VtStoreEnqueueOptions options = { 0 };
  gsize length;
  const char *data = g_bytes_get_data (xml, &length);

  g_return_val_if_fail (store != NULL && self != NULL, FALSE);

  form = vt_form_load_data (data, (gssize) length, "ventanilla_kiosk_status.xml", error);
  if (form == NULL)
    return FALSE;
  session = vt_session_new (form, NULL, error);
  if (session == NULL)
    return FALSE;
  for (guint i = 0; i < self->fields->len; i++)
    {
      VtKioskStatusField *field = g_ptr_array_index (self->fields, i);
      g_autofree char *path = g_strconcat ("/data/", field->name, NULL);

      if (!vt_session_set_answer (session, path, field->value, error))
        return FALSE;
    }
  submission = vt_submission_new_from_session (session, error);
  if (submission == NULL)
    return FALSE;

  /* Translators: how a health report shows in the kiosk's queue. */
  options.service_title = _("Kiosk status report");
  options.created_at = self->time;
  code = vt_store_enqueue (store, submission, &options, error);
  if (code == NULL)
    return FALSE;
  /* A crash before this line counts the same sessions in the next report
   * too; never none. */
  mark = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
                          self->time, self->finished_total, self->abandoned_total);
  return vt_store_set_meta (store, VT_STORE_META_STATUS_REPORT, mark, error);
}

gint64
vt_kiosk_status_next_due (VtStore *store,
                          double   hours,
                          gint64   now)
{
  gint64 last;
  guint64 finished, abandoned;

  read_mark (store, &last, &finished, &abandoned);
  if (last <= 0)
    {
      /* The kiosk's first start: the first report a period from now,
       * counting sessions from the database's beginning. */
      g_autofree char *mark = g_strdup_printf ("%" G_GINT64_FORMAT " 0 0", now);
      g_autoptr(GError) error = NULL;

      if (!vt_store_set_meta (store, VT_STORE_META_STATUS_REPORT, mark, &error))
        g_message ("The health reports' clock is not kept: %s", error->message);
      last = now;
    }
  /* A clock put back (a dead RTC battery, then NTP): one report now. */
  if (last > now)
    return now;
  return last + (gint64) (hours * G_TIME_SPAN_HOUR);
}
