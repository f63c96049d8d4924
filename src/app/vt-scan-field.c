/* A USB scanner typing into a barcode question. */
#define G_LOG_DOMAIN "vt-scan-field"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-scan-field.h"

/* A person types no faster than this between keys; scanners type a key
 * every few milliseconds. */
#define SCANNER_GAP_MS 40
/* A code has at least this many characters (EAN-8 has eight). */
#define MIN_SCAN_KEYS 4

typedef struct
{
  GtkWidget *entry;
  GtkWidget *status;
  guint32    last_time;
  guint      burst;            /* keys so far, each within SCANNER_GAP_MS of the last */
  gboolean   scanned;
} Scan;

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                Scan                  *scan)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  guint32 time = event != NULL ? gdk_event_get_time (event) : 0;
  gboolean quick = scan->burst > 0 && time - scan->last_time <= SCANNER_GAP_MS;

  if (keyval == GDK_KEY_Shift_L || keyval == GDK_KEY_Shift_R)
    return FALSE;
  scan->last_time = time;
  /* Scanners end a code with Enter (or a line feed, as some are set up). */
  if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_Linefeed)
    {
      if (quick && scan->burst >= MIN_SCAN_KEYS)
        {
          g_autofree char *shown = NULL;

          scan->scanned = TRUE;
          scan->burst = 0;
          /* Translators: under a barcode question, after a USB scanner read a code. */
          shown = g_strdup_printf (_("Scanned: %s"), gtk_editable_get_text (GTK_EDITABLE (scan->entry)));
          gtk_label_set_text (GTK_LABEL (scan->status), shown);
          gtk_widget_set_visible (scan->status, TRUE);
          return TRUE;  /* the scanner's Enter is not Continue */
        }
      scan->burst = 0;
      return FALSE;
    }
  /* A key after a pause starts what may be a scan; a key typed by hand
   * after a scan edits the code, which is then no longer the scanner's. */
  if (!quick)
    {
      scan->burst = 1;
      if (scan->scanned)
        {
          scan->scanned = FALSE;
          gtk_widget_set_visible (scan->status, FALSE);
        }
      return FALSE;
    }
  scan->burst++;
  return FALSE;
}

/* Emptied (the keypad's Delete, the on-screen keyboard): nothing scanned. */
static void
changed_cb (GtkEditable *editable,
            Scan        *scan)
{
  if (scan->scanned && gtk_editable_get_text (editable)[0] == '\0')
    {
      scan->scanned = FALSE;
      gtk_widget_set_visible (scan->status, FALSE);
    }
}

void
vt_scan_field_attach (GtkWidget *entry,
                      GtkWidget *status)
{
  Scan *scan = g_new0 (Scan, 1);
  GtkEventController *keys = gtk_event_controller_key_new ();

  scan->entry = entry;
  scan->status = status;
  gtk_widget_set_visible (status, FALSE);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), scan);
  gtk_widget_add_controller (entry, keys);
  g_signal_connect (entry, "changed", G_CALLBACK (changed_cb), scan);
  g_object_set_data_full (G_OBJECT (entry), "vt-scan", scan, g_free);
}

gboolean
vt_scan_field_was_scanned (GtkWidget *entry)
{
  Scan *scan = g_object_get_data (G_OBJECT (entry), "vt-scan");

  return scan != NULL && scan->scanned;
}
