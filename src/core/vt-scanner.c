/* The kiosk's flatbed scanner (VtScanner): SANE in a worker thread, the
 * page as a JPEG or PDF in memory. */
#define G_LOG_DOMAIN "vt-scanner"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <sane/sane.h>
#include <sane/saneopts.h>
#include <string.h>

#include "vt-image.h"
#include "vt-scanner.h"
#include "vt-store.h"

G_DEFINE_QUARK (vt-scanner-error-quark, vt_scanner_error)

/* SANE backends are not thread-safe: one thread at a time uses SANE, from
 * sane_init() to sane_exit(), in the whole process. */
static GMutex sane_lock;

/* How often the main context looks at a scan: progress and the deadline. */
#define WATCH_INTERVAL_MS 200
/* A page bigger than this is not a document (A3 at 600 dpi is ~200 MB). */
#define MAX_RAW_BYTES (256 * 1024 * 1024)

struct _VtScanner
{
  GObject   parent_instance;

  char     *device;          /* NULL: the first found */
  gboolean  none;            /* "none": no scanner at this kiosk */
  double    timeout_seconds;
  double    progress;
  gboolean  busy;
};

enum {
  PROP_0,
  PROP_PROGRESS,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VtScanner, vt_scanner, G_TYPE_OBJECT)

VtScanner *
vt_scanner_new (const char *device,
                double      timeout_seconds)
{
  VtScanner *self = g_object_new (VT_TYPE_SCANNER, NULL);

  if (device != NULL && g_ascii_strcasecmp (device, "none") == 0)
    self->none = TRUE;
  else if (device != NULL && device[0] != '\0')
    self->device = g_strdup (device);
  self->timeout_seconds = timeout_seconds > 0 ? timeout_seconds : 120;
  return self;
}

gboolean
vt_scanner_is_configured (VtScanner *self)
{
  g_return_val_if_fail (VT_IS_SCANNER (self), FALSE);
  return !self->none;
}

/* Newer backends' statuses that sane.h 1.2 keeps behind #if 0. */
#define STATUS_WARMING_UP 12
#define STATUS_HW_LOCKED  13

static GError *
error_for_status (SANE_Status status)
{
  switch ((int) status)
    {
    case SANE_STATUS_DEVICE_BUSY:
    case STATUS_WARMING_UP:
      return g_error_new_literal (VT_SCANNER_ERROR, VT_SCANNER_ERROR_BUSY,
                                  _("The scanner is busy or warming up. Wait a minute, then press Scan again."));
    case SANE_STATUS_JAMMED:
      return g_error_new_literal (VT_SCANNER_ERROR, VT_SCANNER_ERROR_JAMMED,
                                  _("The paper is stuck in the scanner. Ask at the counter to free it, then scan again."));
    case SANE_STATUS_NO_DOCS:
      return g_error_new_literal (VT_SCANNER_ERROR, VT_SCANNER_ERROR_JAMMED,
                                  _("There is no paper in the scanner. Put your document in, then press Scan again."));
    case SANE_STATUS_COVER_OPEN:
      return g_error_new_literal (VT_SCANNER_ERROR, VT_SCANNER_ERROR_JAMMED,
                                  _("The scanner's lid is open. Close it over your document, then press Scan again."));
    case SANE_STATUS_CANCELLED:
      return g_error_new_literal (VT_SCANNER_ERROR, VT_SCANNER_ERROR_CANCELLED,
                                  _("The scan was stopped."));
    case SANE_STATUS_INVAL:
    case SANE_STATUS_ACCESS_DENIED:
    case STATUS_HW_LOCKED:
      return g_error_new_literal (VT_SCANNER_ERROR, VT_SCANNER_ERROR_NOT_FOUND,
                                  _("The scanner cannot be used. Ask at the counter."));
    default:
      return g_error_new_literal (VT_SCANNER_ERROR, VT_SCANNER_ERROR_FAILED,
                                  _("The scanner stopped with an error. Ask at the counter, or try again."));
    }
}

static GError *
not_found (void)
{
  return g_error_new_literal (VT_SCANNER_ERROR, VT_SCANNER_ERROR_NOT_FOUND,
                              _("No scanner was found. Check that it is switched on and plugged in, or ask at the counter."));
}

static GError *
timeout_error (void)
{
  return g_error_new_literal (VT_SCANNER_ERROR, VT_SCANNER_ERROR_TIMEOUT,
                              _("The scanner did not finish in time. Check that it is switched on and that nothing is stuck, then press Scan again."));
}

/* ---- finding ------------------------------------------------------------- */

static void
find_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  const SANE_Device **devices = NULL;
  SANE_Int version;
  SANE_Status status;

  if (!g_mutex_trylock (&sane_lock))
    {
      g_task_return_error (task, error_for_status (SANE_STATUS_DEVICE_BUSY));
      return;
    }
  status = sane_init (&version, NULL);
  if (status == SANE_STATUS_GOOD)
    {
      /* Local devices only: a kiosk never scans on someone else's network. */
      status = sane_get_devices (&devices, SANE_TRUE);
      for (guint i = 0; status == SANE_STATUS_GOOD && devices[i] != NULL; i++)
        g_strv_builder_add (names, devices[i]->name);
      sane_exit ();
    }
  g_mutex_unlock (&sane_lock);

  if (status != SANE_STATUS_GOOD)
    {
      g_message ("SANE cannot list scanners: %s", sane_strstatus (status));
      g_task_return_error (task, not_found ());
      return;
    }
  g_task_return_pointer (task, g_strv_builder_end (names), (GDestroyNotify) g_strfreev);
}

void
vt_scanner_find_async (VtScanner           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VT_IS_SCANNER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_scanner_find_async);
  if (self->none)
    {
      g_task_return_pointer (task, g_new0 (char *, 1), (GDestroyNotify) g_strfreev);
      return;
    }
  g_task_run_in_thread (task, find_thread);
}

GStrv
vt_scanner_find_finish (VtScanner     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- scanning ------------------------------------------------------------ */

typedef struct
{
  gatomicrefcount  ref;
  char            *device;
  VtScanFormat     format;
  int              max_pixels;
  GCancellable    *stop;             /* the caller's cancel, or the deadline */
  GCancellable    *caller;
  gulong           caller_handler;
  gint64           deadline;         /* monotonic */
  int              timed_out;        /* atomic */
  int              permille;         /* atomic: progress */
  GMutex           handle_lock;      /* guards handle for sane_cancel() from another thread */
  SANE_Handle      handle;
  GSource         *watch;
} ScanJob;

static ScanJob *
scan_job_ref (ScanJob *job)
{
  g_atomic_ref_count_inc (&job->ref);
  return job;
}

static void
scan_job_unref (ScanJob *job)
{
  if (!g_atomic_ref_count_dec (&job->ref))
    return;
  g_free (job->device);
  g_clear_object (&job->stop);
  g_clear_object (&job->caller);
  g_mutex_clear (&job->handle_lock);
  g_free (job);
}

/* Runs in whichever thread cancels: SANE lets sane_cancel() interrupt a
 * sane_read() that is waiting for the device. */
static void
stop_cb (GCancellable *cancellable,
         gpointer      data)
{
  ScanJob *job = data;

  g_mutex_lock (&job->handle_lock);
  if (job->handle != NULL)
    sane_cancel (job->handle);
  g_mutex_unlock (&job->handle_lock);
}

static gboolean
set_option (SANE_Handle  handle,
            const char  *name,
            const char  *string,
            double       number)
{
  const SANE_Option_Descriptor *d;

  for (SANE_Int i = 1; (d = sane_get_option_descriptor (handle, i)) != NULL; i++)
    {
      SANE_Word word;
      SANE_Status status;

      if (d->name == NULL || !g_str_equal (d->name, name) ||
          !SANE_OPTION_IS_ACTIVE (d->cap) || !SANE_OPTION_IS_SETTABLE (d->cap))
        continue;

      if (d->type == SANE_TYPE_STRING && string != NULL)
        {
          g_autofree char *value = NULL;

          /* Only a value the backend lists, in its own spelling. */
          if (d->constraint_type == SANE_CONSTRAINT_STRING_LIST)
            for (guint j = 0; d->constraint.string_list[j] != NULL && value == NULL; j++)
              if (g_ascii_strcasecmp (d->constraint.string_list[j], string) == 0)
                value = g_strdup (d->constraint.string_list[j]);
          if (value == NULL)
            return FALSE;
          value = g_realloc (value, MAX ((gsize) d->size, strlen (value) + 1));
          status = sane_control_option (handle, i, SANE_ACTION_SET_VALUE, value, NULL);
          return status == SANE_STATUS_GOOD;
        }

      if ((d->type != SANE_TYPE_INT && d->type != SANE_TYPE_FIXED) || d->size != sizeof (SANE_Word))
        return FALSE;

      if (d->constraint_type == SANE_CONSTRAINT_NONE && ABS (number) > 1e6)
        return FALSE;
      if (d->constraint_type == SANE_CONSTRAINT_RANGE)
        {
          double min = d->type == SANE_TYPE_FIXED ? SANE_UNFIX (d->constraint.range->min) : d->constraint.range->min;
          double max = d->type == SANE_TYPE_FIXED ? SANE_UNFIX (d->constraint.range->max) : d->constraint.range->max;

          number = CLAMP (number, min, max);
        }
      else if (d->constraint_type == SANE_CONSTRAINT_WORD_LIST)
        {
          /* The listed value nearest to the one wanted. */
          double best = number, best_distance = G_MAXDOUBLE;

          for (SANE_Int j = 1; j <= d->constraint.word_list[0]; j++)
            {
              double v = d->type == SANE_TYPE_FIXED ? SANE_UNFIX (d->constraint.word_list[j]) : d->constraint.word_list[j];

              if (ABS (v - number) < best_distance)
                {
                  best = v;
                  best_distance = ABS (v - number);
                }
            }
          number = best;
        }
      word = d->type == SANE_TYPE_FIXED ? SANE_FIX (number) : (SANE_Word) number;
      status = sane_control_option (handle, i, SANE_ACTION_SET_VALUE, &word, NULL);
      return status == SANE_STATUS_GOOD;
    }
  return FALSE;
}

/* The whole glass: the top-left corner at its minimum, the bottom-right
 * at its maximum. */
static void
select_whole_area (SANE_Handle handle)
{
  set_option (handle, SANE_NAME_SCAN_TL_X, NULL, -G_MAXDOUBLE);
  set_option (handle, SANE_NAME_SCAN_TL_Y, NULL, -G_MAXDOUBLE);
  set_option (handle, SANE_NAME_SCAN_BR_X, NULL, G_MAXDOUBLE);
  set_option (handle, SANE_NAME_SCAN_BR_Y, NULL, G_MAXDOUBLE);
}

static double
get_resolution (SANE_Handle handle)
{
  const SANE_Option_Descriptor *d;

  for (SANE_Int i = 1; (d = sane_get_option_descriptor (handle, i)) != NULL; i++)
    if (d->name != NULL && g_str_equal (d->name, SANE_NAME_SCAN_RESOLUTION) &&
        d->size == sizeof (SANE_Word))
      {
        SANE_Word word = 0;

        if (sane_control_option (handle, i, SANE_ACTION_GET_VALUE, &word, NULL) != SANE_STATUS_GOOD)
          break;
        return d->type == SANE_TYPE_FIXED ? SANE_UNFIX (word) : word;
      }
  return VT_SCANNER_DPI;
}

/* One frame's samples into the RGB picture (grey and single colours spread
 * over their channels; 1-bit line art, where 1 is black; 16-bit samples
 * keep their high byte). */
static void
put_frame (GByteArray            *rgb,
           const guint8          *raw,
           gsize                  raw_len,
           const SANE_Parameters *p,
           int                    width,
           int                    lines)
{
  int channels = p->format == SANE_FRAME_RGB ? 3 : 1;
  int first = p->format == SANE_FRAME_GREEN ? 1 : p->format == SANE_FRAME_BLUE ? 2 : 0;
  gboolean spread = p->format == SANE_FRAME_GRAY;

  for (int y = 0; y < lines; y++)
    {
      const guint8 *line = raw + (gsize) y * p->bytes_per_line;

      if ((gsize) (y + 1) * p->bytes_per_line > raw_len)
        break;
      for (int x = 0; x < width; x++)
        for (int c = 0; c < channels; c++)
          {
            int sample_index = x * channels + c;
            guint8 v;

            if (p->depth == 1)
              v = (line[sample_index / 8] & (0x80 >> (sample_index % 8))) ? 0 : 255;
            else if (p->depth == 16)
              v = ((const guint16 *) line)[sample_index] >> 8;
            else
              v = line[sample_index];

            if (spread)
              memset (rgb->data + ((gsize) y * width + x) * 3, v, 3);
            else
              rgb->data[((gsize) y * width + x) * 3 + first + c] = v;
          }
    }
}

static GError *
read_page (ScanJob      *job,
           SANE_Handle   handle,
           GByteArray   *rgb,
           int          *width,
           int          *height)
{
  SANE_Parameters p;
  SANE_Status status;
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  guint8 buffer[64 * 1024];

  do
    {
      gsize expected;

      status = sane_start (handle);
      if (status != SANE_STATUS_GOOD)
        return error_for_status (status);
      status = sane_get_parameters (handle, &p);
      if (status != SANE_STATUS_GOOD)
        return error_for_status (status);
      if (p.format > SANE_FRAME_BLUE || (p.depth != 1 && p.depth != 8 && p.depth != 16) ||
          p.pixels_per_line <= 0 || p.bytes_per_line <= 0)
        {
          g_message ("Scanner frame format %d, depth %d is not supported", p.format, p.depth);
          return error_for_status (SANE_STATUS_UNSUPPORTED);
        }
      expected = p.lines > 0 ? (gsize) p.lines * p.bytes_per_line : 0;

      g_byte_array_set_size (raw, 0);
      for (;;)
        {
          SANE_Int got = 0;

          status = sane_read (handle, buffer, sizeof buffer, &got);
          if (status != SANE_STATUS_GOOD)
            break;
          if (raw->len + got > MAX_RAW_BYTES)
            return error_for_status (SANE_STATUS_NO_MEM);
          g_byte_array_append (raw, buffer, got);
          if (expected > 0)
            g_atomic_int_set (&job->permille, (int) MIN (999, raw->len * 1000 / expected));
        }
      /* A scanner stopped by a cancel may end its stream early as if it
       * were done: what was cut short is not a page. */
      if (g_cancellable_is_cancelled (job->stop))
        return error_for_status (SANE_STATUS_CANCELLED);
      if (status != SANE_STATUS_EOF)
        return error_for_status (status);
      if (expected > 0 && raw->len < expected)
        return error_for_status (SANE_STATUS_IO_ERROR);

      {
        int lines = p.lines > 0 ? p.lines : (int) (raw->len / p.bytes_per_line);

        if (rgb->len == 0)
          {
            *width = p.pixels_per_line;
            *height = lines;
            g_byte_array_set_size (rgb, (guint) (*width * 3) * *height);
            memset (rgb->data, 255, rgb->len);
          }
        put_frame (rgb, raw->data, raw->len, &p, MIN (*width, p.pixels_per_line), MIN (*height, lines));
      }
    }
  while (!p.last_frame);

  /* A scan is personal data: the raw copy does not linger in free memory. */
  if (raw->len > 0)
    memset (raw->data, 0, raw->len);
  return NULL;
}

static void
scan_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  ScanJob *job = data;
  g_autoptr(GByteArray) rgb = g_byte_array_new ();
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  GError *error = NULL;
  SANE_Handle handle = NULL;
  SANE_Status status;
  SANE_Int version;
  double dpi = VT_SCANNER_DPI;
  int width = 0, height = 0;

  /* A scanner whose driver still has not let go of the last scan (see
   * vt_scanner_scan_async()) is busy, not a reason to wait. */
  if (!g_mutex_trylock (&sane_lock))
    {
      g_task_return_error (task, error_for_status (SANE_STATUS_DEVICE_BUSY));
      return;
    }
  status = sane_init (&version, NULL);
  if (status != SANE_STATUS_GOOD)
    {
      g_mutex_unlock (&sane_lock);
      g_message ("SANE cannot start: %s", sane_strstatus (status));
      g_task_return_error (task, not_found ());
      return;
    }

  if (job->device == NULL)
    {
      const SANE_Device **devices = NULL;

      if (sane_get_devices (&devices, SANE_TRUE) == SANE_STATUS_GOOD && devices[0] != NULL)
        job->device = g_strdup (devices[0]->name);
    }
  if (job->device == NULL)
    error = not_found ();
  else if ((status = sane_open (job->device, &handle)) != SANE_STATUS_GOOD)
    {
      g_message ("The scanner %s cannot be opened: %s", job->device, sane_strstatus (status));
      error = status == SANE_STATUS_DEVICE_BUSY ? error_for_status (status) : not_found ();
    }
  else
    {
      g_mutex_lock (&job->handle_lock);
      job->handle = handle;
      g_mutex_unlock (&job->handle_lock);

      if (!set_option (handle, SANE_NAME_SCAN_MODE, SANE_VALUE_SCAN_MODE_COLOR, 0))
        set_option (handle, SANE_NAME_SCAN_MODE, SANE_VALUE_SCAN_MODE_GRAY, 0);
      set_option (handle, SANE_NAME_BIT_DEPTH, NULL, 8);
      set_option (handle, SANE_NAME_SCAN_RESOLUTION, NULL, VT_SCANNER_DPI);
      select_whole_area (handle);
      dpi = get_resolution (handle);

      /* A cancel that came before the handle existed. */
      if (g_cancellable_is_cancelled (job->stop))
        sane_cancel (handle);
      error = read_page (job, handle, rgb, &width, &height);

      g_mutex_lock (&job->handle_lock);
      job->handle = NULL;
      g_mutex_unlock (&job->handle_lock);
      sane_cancel (handle);
      sane_close (handle);
    }
  sane_exit ();
  g_mutex_unlock (&sane_lock);

  if (error != NULL && g_atomic_int_get (&job->timed_out))
    {
      g_clear_error (&error);
      error = timeout_error ();
    }
  if (error == NULL && (width <= 0 || height <= 0))
    error = error_for_status (SANE_STATUS_IO_ERROR);
  if (error != NULL)
    {
      if (rgb->len > 0)
        memset (rgb->data, 0, rgb->len);
      g_task_return_error (task, error);
      return;
    }

  pixbuf = gdk_pixbuf_new_from_data (rgb->data, GDK_COLORSPACE_RGB, FALSE, 8,
                                     width, height, width * 3, NULL, NULL);
  jpeg = vt_image_encode_jpeg (pixbuf, job->max_pixels, &error);
  if (rgb->len > 0)
    memset (rgb->data, 0, rgb->len);
  if (jpeg == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (job->format == VT_SCAN_FORMAT_PDF)
    {
      int longer = MAX (width, height);
      double scale = job->max_pixels > 0 && longer > job->max_pixels ? (double) job->max_pixels / longer : 1;
      GBytes *pdf = vt_image_pdf_from_jpeg (jpeg, MAX (1, (int) (width * scale + 0.5)),
                                            MAX (1, (int) (height * scale + 0.5)), dpi * scale, &error);

      if (pdf == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, pdf, (GDestroyNotify) g_bytes_unref);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&jpeg), (GDestroyNotify) g_bytes_unref);
}

static void
set_progress (VtScanner *self,
              double     progress)
{
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
set_busy (VtScanner *self,
          gboolean   busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

typedef struct
{
  VtScanner *scanner;   /* owned by the task */
  ScanJob   *job;
} Watch;

static gboolean
watch_cb (gpointer data)
{
  Watch *w = data;

  set_progress (w->scanner, g_atomic_int_get (&w->job->permille) / 1000.0);
  if (g_get_monotonic_time () > w->job->deadline && !g_atomic_int_get (&w->job->timed_out))
    {
      g_message ("The scanner took longer than %.0f s: stopping it", w->scanner->timeout_seconds);
      g_atomic_int_set (&w->job->timed_out, 1);
      g_cancellable_cancel (w->job->stop);
    }
  return G_SOURCE_CONTINUE;
}

static void
watch_free (gpointer data)
{
  Watch *w = data;

  scan_job_unref (w->job);
  g_free (w);
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
}

static void
scan_completed_cb (GTask      *task,
                   GParamSpec *pspec,
                   gpointer    data)
{
  ScanJob *job = data;
  VtScanner *self = g_task_get_source_object (task);

  g_source_destroy (job->watch);
  g_clear_pointer (&job->watch, g_source_unref);
  if (job->caller_handler != 0)
    g_cancellable_disconnect (job->caller, job->caller_handler);
  job->caller_handler = 0;
  set_busy (self, FALSE);
}

void
vt_scanner_scan_async (VtScanner           *self,
                       VtScanFormat         format,
                       int                  max_pixels,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ScanJob *job;
  Watch *w;

  g_return_if_fail (VT_IS_SCANNER (self));

  job = g_new0 (ScanJob, 1);
  g_atomic_ref_count_init (&job->ref);
  g_mutex_init (&job->handle_lock);
  job->device = g_strdup (self->device);
  job->format = format;
  job->max_pixels = max_pixels;
  job->stop = g_cancellable_new ();
  job->deadline = g_get_monotonic_time () + (gint64) (self->timeout_seconds * G_USEC_PER_SEC);
  g_cancellable_connect (job->stop, G_CALLBACK (stop_cb), job, NULL);

  /* The task answers as soon as the scan is stopped (a cancel, the
   * deadline), even while the driver is still busy letting go: a driver
   * that never does (seen with SANE's reader threads) must not freeze the
   * kiosk's screen.  The thread finishes on its own; until it does, a new
   * scan is refused as busy. */
  task = g_task_new (self, job->stop, callback, user_data);
  g_task_set_source_tag (task, vt_scanner_scan_async);
  g_task_set_task_data (task, job, (GDestroyNotify) scan_job_unref);
  g_task_set_return_on_cancel (task, TRUE);
  if (self->none)
    {
      g_task_return_error (task, not_found ());
      return;
    }
  if (cancellable != NULL)
    {
      job->caller = g_object_ref (cancellable);
      job->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                   g_object_ref (job->stop), g_object_unref);
    }

  w = g_new0 (Watch, 1);
  w->scanner = self;
  w->job = scan_job_ref (job);
  job->watch = g_timeout_source_new (WATCH_INTERVAL_MS);
  g_source_set_callback (job->watch, watch_cb, w, watch_free);
  g_source_attach (job->watch, g_task_get_context (task));
  g_signal_connect (task, "notify::completed", G_CALLBACK (scan_completed_cb), job);

  set_progress (self, 0);
  set_busy (self, TRUE);
  g_task_run_in_thread (task, scan_thread);
}

GBytes *
vt_scanner_scan_finish (VtScanner     *self,
                        GAsyncResult  *result,
                        char         **content_type,
                        GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  ScanJob *job;
  GBytes *page;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  job = g_task_get_task_data (G_TASK (result));
  page = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&local_error);
      if (g_atomic_int_get (&job->timed_out))
        local_error = timeout_error ();
      else
        local_error = error_for_status (SANE_STATUS_CANCELLED);
    }
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  if (page != NULL)
    set_progress (self, 1);
  if (page != NULL && content_type != NULL)
    *content_type = g_strdup (job->format == VT_SCAN_FORMAT_PDF ? "application/pdf" : "image/jpeg");
  return page;
}

double
vt_scanner_get_progress (VtScanner *self)
{
  g_return_val_if_fail (VT_IS_SCANNER (self), 0);
  return self->progress;
}

gboolean
vt_scanner_get_busy (VtScanner *self)
{
  g_return_val_if_fail (VT_IS_SCANNER (self), FALSE);
  return self->busy;
}

static void
vt_scanner_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  VtScanner *self = VT_SCANNER (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_scanner_finalize (GObject *object)
{
  VtScanner *self = VT_SCANNER (object);

  g_free (self->device);
  G_OBJECT_CLASS (vt_scanner_parent_class)->finalize (object);
}

static void
vt_scanner_class_init (VtScannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = vt_scanner_get_property;
  object_class->finalize = vt_scanner_finalize;

  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0, 1, 0,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vt_scanner_init (VtScanner *self)
{
}
