/* ventanilla-ctl queue: counts per state, as text, JSON or a list. */
#define G_LOG_DOMAIN "vt-ctl"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "vt-ctl.h"
#include "vt-store.h"

static void
add_time_member (JsonBuilder *builder,
                 const char  *name,
                 gint64       usec)
{
  g_autofree char *text = vt_ctl_format_time (usec);

  json_builder_set_member_name (builder, name);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

/* `queue [--json] [--list]`: the counts per state (DESIGN.md, the
 * command-line contract); --list adds one "<instanceID> <state> <attempts>"
 * line per submission, oldest first. */
int
vt_ctl_queue (VtCtl  *ctl,
              int     argc,
              char  **argv)
{
  gboolean json = FALSE;
  gboolean list = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("print the counts as one JSON object"), NULL },
    { "list", 0, 0, G_OPTION_ARG_NONE, &list, N_("list every submission with its state and attempts"), NULL },
    { NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = NULL;
  g_autoptr(GPtrArray) submissions = NULL;
  VtStoreCounts counts;

  if (!vt_ctl_parse_options (ctl, "queue", "", entries, &argc, &argv))
    return VT_CTL_EXIT_USAGE;
  if (argc > 1)
    {
      g_printerr (_("ventanilla-ctl queue: unexpected argument “%s”\n"), argv[1]);
      return VT_CTL_EXIT_USAGE;
    }

  store = vt_ctl_open_store (ctl);
  if (store == NULL)
    return VT_CTL_EXIT_FAILURE;
  if (!vt_store_get_counts (store, &counts, &error))
    {
      g_printerr ("%s\n", error->message);
      return VT_CTL_EXIT_FAILURE;
    }
  if (list)
    {
      submissions = vt_store_list_submissions (store, VT_STORE_ALL_STATES, 0, &error);
      if (submissions == NULL)
        {
          g_printerr ("%s\n", error->message);
          return VT_CTL_EXIT_FAILURE;
        }
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      for (int s = 0; s < VT_STORE_N_STATES; s++)
        {
          json_builder_set_member_name (builder, vt_store_state_to_string (s));
          json_builder_add_int_value (builder, counts.n[s]);
        }
      add_time_member (builder, "oldest_queued", counts.oldest_queued);
      add_time_member (builder, "last_sync", counts.last_sync);
      if (submissions != NULL)
        {
          json_builder_set_member_name (builder, "submissions");
          json_builder_begin_array (builder);
          for (guint i = 0; i < submissions->len; i++)
            {
              VtStoreSubmissionInfo *info = g_ptr_array_index (submissions, i);

              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "instance_id");
              json_builder_add_string_value (builder, info->instance_id);
              json_builder_set_member_name (builder, "state");
              json_builder_add_string_value (builder, vt_store_state_to_string (info->state));
              json_builder_set_member_name (builder, "attempts");
              json_builder_add_int_value (builder, info->attempts);
              json_builder_set_member_name (builder, "reference_code");
              json_builder_add_string_value (builder, info->reference_code);
              json_builder_set_member_name (builder, "last_error");
              json_builder_add_string_value (builder, info->last_error);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
      return VT_CTL_EXIT_OK;
    }

  if (submissions != NULL)
    {
      for (guint i = 0; i < submissions->len; i++)
        {
          VtStoreSubmissionInfo *info = g_ptr_array_index (submissions, i);

          g_print ("%s %s %d\n", info->instance_id, vt_store_state_to_string (info->state),
                   info->attempts);
        }
      return VT_CTL_EXIT_OK;
    }

  {
    g_autofree char *oldest = vt_ctl_format_time (counts.oldest_queued);
    g_autofree char *last_sync = vt_ctl_format_time (counts.last_sync);

    /* The state names stay English: scripts read them. */
    for (int s = 0; s < VT_STORE_N_STATES; s++)
      g_print ("%s %u\n", vt_store_state_to_string (s), counts.n[s]);
    g_print ("oldest_queued %s\n", oldest != NULL ? oldest : "-");
    g_print ("last_sync %s\n", last_sync != NULL ? last_sync : "-");
  }

  return VT_CTL_EXIT_OK;
}
