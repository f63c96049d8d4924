/* Order statistics over a GArray of doubles, for the benchmarks. */
#pragma once

#include <glib.h>

static inline int
bench_compare_double (gconstpointer a,
                      gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The value below which a share p of the samples lie (sorts them). */
static inline double
bench_percentile (GArray *samples,
                  double  p)
{
  g_array_sort (samples, bench_compare_double);
  return g_array_index (samples, double, MIN (samples->len - 1, (guint) (p * samples->len)));
}
