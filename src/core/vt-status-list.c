/* The municipality's list of decisions (an entity list's CSV): read from
 * its bytes, looked up by instanceID or reference code. */
#define G_LOG_DOMAIN "vt-status-list"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vt-receipt.h"
#include "vt-status-list.h"

G_DEFINE_QUARK (vt-status-list-error-quark, vt_status_list_error)

typedef struct
{
  char  *state;
  char **messages;                 /* one per message column, "" when empty */
} Row;

struct _VtStatusList
{
  GPtrArray  *rows;                /* Row * */
  GPtrArray  *message_languages;   /* per message column: "" for the default, else a code */
  GHashTable *by_instance;         /* instanceID without "uuid:" → Row * */
  GHashTable *by_reference;        /* normalised code → Row *, or NULL when two rows share it */
};

static void
row_free (Row *row)
{
  g_free (row->state);
  g_strfreev (row->messages);
  g_free (row);
}

void
vt_status_list_free (VtStatusList *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->message_languages);
  g_hash_table_unref (self->by_instance);
  g_hash_table_unref (self->by_reference);
  g_free (self);
}

guint
vt_status_list_get_size (VtStatusList *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->rows->len;
}

/* ---- CSV (RFC 4180) -------------------------------------------------------- */

typedef struct
{
  const char *p;
  const char *end;
  guint       line;
} Csv;

/* The next record's fields, NULL at the end; a quote left open is an
 * error. */
static GPtrArray *
csv_next_record (Csv     *csv,
                 GError **error)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GString) field = g_string_new (NULL);
  guint start_line = csv->line;

  if (csv->p >= csv->end)
    return NULL;
  fields = g_ptr_array_new_with_free_func (g_free);
  for (;;)
    {
      if (csv->p < csv->end && *csv->p == '"')
        {
          csv->p++;
          for (;;)
            {
              if (csv->p >= csv->end)
                {
                  g_set_error (error, VT_STATUS_LIST_ERROR, VT_STATUS_LIST_ERROR_INVALID,
                               _("line %u: a quoted value is never closed"), start_line);
                  return NULL;
                }
              if (*csv->p == '"' && csv->p + 1 < csv->end && csv->p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  csv->p += 2;
                  continue;
                }
              if (*csv->p == '"')
                {
                  csv->p++;
                  break;
                }
              if (*csv->p == '\n')
                csv->line++;
              g_string_append_c (field, *csv->p++);
            }
        }
      while (csv->p < csv->end && *csv->p != ',' && *csv->p != '\n' && *csv->p != '\r')
        g_string_append_c (field, *csv->p++);
      g_ptr_array_add (fields, g_strdup (field->str));
      g_string_truncate (field, 0);
      if (csv->p >= csv->end)
        break;
      if (*csv->p == ',')
        {
          csv->p++;
          continue;
        }
      if (*csv->p == '\r')
        csv->p++;
      if (csv->p < csv->end && *csv->p == '\n')
        csv->p++;
      csv->line++;
      break;
    }
  return g_steal_pointer (&fields);
}

/* ---- the list ---------------------------------------------------------------- */

/* "message::Español (es)" → "es"; "message::pt_BR" → "pt_BR"; "message" → "". */
static char *
message_language (const char *header)
{
  const char *suffix = header + strlen ("message");
  const char *open, *close;

  if (*suffix == '\0')
    return g_strdup ("");
  suffix += 2;
  open = strrchr (suffix, '(');
  close = strrchr (suffix, ')');
  if (open != NULL && close != NULL && close > open)
    return g_strstrip (g_strndup (open + 1, close - open - 1));
  return g_strstrip (g_strdup (suffix));
}

static const char *
bare_uuid (const char *instance_id)
{
  return g_str_has_prefix (instance_id, "uuid:") ? instance_id + 5 : instance_id;
}

VtStatusList *
vt_status_list_parse (GBytes  *csv_bytes,
                      GError **error)
{
  g_autoptr(VtStatusList) self = NULL;
  g_autoptr(GPtrArray) header = NULL;
  g_autoptr(GArray) message_columns = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GError) local_error = NULL;
  gsize length;
  const char *data;
  Csv csv;
  int col_name = -1, col_instance = -1, col_reference = -1, col_state = -1;

  g_return_val_if_fail (csv_bytes != NULL, NULL);

  data = g_bytes_get_data (csv_bytes, &length);
  if (length > VT_STATUS_LIST_MAX_BYTES)
    {
      g_set_error (error, VT_STATUS_LIST_ERROR, VT_STATUS_LIST_ERROR_INVALID,
                   _("the list is larger than %u MB"), VT_STATUS_LIST_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (data == NULL || !g_utf8_validate (data, (gssize) length, NULL) || memchr (data, '\0', length) != NULL)
    {
      g_set_error (error, VT_STATUS_LIST_ERROR, VT_STATUS_LIST_ERROR_INVALID,
                   _("the list is not UTF-8 text"));
      return NULL;
    }
  csv = (Csv) { data, data + length, 1 };
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    csv.p += 3;

  header = csv_next_record (&csv, &local_error);
  if (header == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, VT_STATUS_LIST_ERROR, VT_STATUS_LIST_ERROR_INVALID, _("the list is empty"));
      return NULL;
    }

  self = g_new0 (VtStatusList, 1);
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  self->message_languages = g_ptr_array_new_with_free_func (g_free);
  self->by_instance = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->by_reference = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < header->len; i++)
    {
      const char *name = g_strstrip ((char *) g_ptr_array_index (header, i));

      if (g_str_equal (name, "name"))
        col_name = (int) i;
      else if (g_str_equal (name, "instance_id") || g_str_equal (name, "instanceID"))
        col_instance = (int) i;
      else if (g_str_equal (name, "reference"))
        col_reference = (int) i;
      else if (g_str_equal (name, "state"))
        col_state = (int) i;
      else if (g_str_equal (name, "message") || g_str_has_prefix (name, "message::"))
        {
          int column = (int) i;

          g_array_append_val (message_columns, column);
          g_ptr_array_add (self->message_languages, message_language (name));
        }
    }
  if (col_state < 0 || (col_name < 0 && col_instance < 0 && col_reference < 0))
    {
      g_set_error (error, VT_STATUS_LIST_ERROR, VT_STATUS_LIST_ERROR_INVALID,
                   _("the list needs a “state” column and one of “name”, “instance_id” or “reference”"));
      return NULL;
    }

  for (;;)
    {
      g_autoptr(GPtrArray) fields = csv_next_record (&csv, &local_error);
      Row *row;
      const char *key;

      if (fields == NULL)
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          break;
        }
      if (fields->len == 1 && ((char *) g_ptr_array_index (fields, 0))[0] == '\0')
        continue;                  /* a blank line */
#define FIELD(col) ((col) >= 0 && (guint) (col) < fields->len ? g_strstrip ((char *) g_ptr_array_index (fields, col)) : "")
      row = g_new0 (Row, 1);
      row->state = g_strdup (FIELD (col_state));
      row->messages = g_new0 (char *, message_columns->len + 1);
      for (guint i = 0; i < message_columns->len; i++)
        row->messages[i] = g_strdup (FIELD (g_array_index (message_columns, int, i)));
      g_ptr_array_add (self->rows, row);

      key = FIELD (col_instance);
      if (key[0] == '\0')
        key = FIELD (col_name);
      if (key[0] != '\0')
        g_hash_table_replace (self->by_instance, g_strdup (bare_uuid (key)), row);
      key = FIELD (col_reference);
      if (key[0] != '\0')
        {
          g_autofree char *code = vt_receipt_code_normalize (key, NULL);

          if (code != NULL)
            {
              if (g_hash_table_contains (self->by_reference, code))
                g_hash_table_replace (self->by_reference, g_steal_pointer (&code), NULL);
              else
                g_hash_table_insert (self->by_reference, g_steal_pointer (&code), row);
            }
        }
#undef FIELD
    }
  return g_steal_pointer (&self);
}

static const char *
row_message (VtStatusList *self,
             Row          *row,
             const char   *language)
{
  g_autofree char *base = language != NULL ? g_strndup (language, strcspn (language, "_-@.")) : NULL;
  int best = -1, best_rank = 0;

  /* The language itself, then its base ("pt" for "pt_BR"), then the
   * default column, then any column with something in it. */
  for (guint i = 0; i < self->message_languages->len; i++)
    {
      const char *lang = g_ptr_array_index (self->message_languages, i);
      int rank;

      if (row->messages[i][0] == '\0')
        continue;
      if (language != NULL && g_ascii_strcasecmp (lang, language) == 0)
        rank = 4;
      else if (base != NULL && base[0] != '\0' && g_ascii_strncasecmp (lang, base, strlen (base)) == 0 &&
               (lang[strlen (base)] == '\0' || lang[strlen (base)] == '_' || lang[strlen (base)] == '-'))
        rank = 3;
      else if (lang[0] == '\0')
        rank = 2;
      else
        rank = 1;
      if (rank > best_rank)
        {
          best = (int) i;
          best_rank = rank;
        }
    }
  return best >= 0 ? row->messages[best] : NULL;
}

gboolean
vt_status_list_lookup (VtStatusList     *self,
                       const char       *instance_id,
                       const char       *reference_code,
                       const char       *language,
                       VtStatusDecision *decision)
{
  Row *row = NULL;

  g_return_val_if_fail (self != NULL && decision != NULL, FALSE);

  if (instance_id != NULL)
    row = g_hash_table_lookup (self->by_instance, bare_uuid (instance_id));
  if (row == NULL && reference_code != NULL)
    {
      g_autofree char *code = vt_receipt_code_normalize (reference_code, NULL);

      if (code != NULL)
        row = g_hash_table_lookup (self->by_reference, code);
    }
  if (row == NULL)
    return FALSE;
  decision->state = row->state;
  decision->message = row_message (self, row, language);
  return TRUE;
}

const char *
vt_status_list_describe_state (const char *state)
{
  static const struct
  {
    const char *state;
    const char *words;
  } states[] = {
    /* Translators: the municipality's decision on an application, shown
     * when a citizen checks it at a kiosk. */
    { "received", N_("The office has received your application.") },
    { "in_review", N_("The office is reviewing your application.") },
    { "more_information_needed", N_("The office needs more information from you.") },
    { "approved", N_("Your application has been approved.") },
    { "ready_to_collect", N_("Your document is ready to collect.") },
    { "refused", N_("Your application was not approved.") },
  };

  if (state == NULL)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_ascii_strcasecmp (state, states[i].state) == 0)
      return _(states[i].words);
  return NULL;
}
