#pragma once

#include "vt-bundle.h"

G_BEGIN_DECLS

/* What vt-bundle.c (format 1) and vt-bundle-seal.c (the signed envelope)
 * share: a cursor over a whole file in memory and its errors, which name
 * the file as the clerk chose it. */

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         pos;
  const char   *display_name;
} VtBundleReader;

/* "incomplete": the copy ended early. */
void   vt_bundle_reader_truncated (VtBundleReader  *r,
                                   GError         **error);
/* "damaged (what)": anything else that does not add up. */
void   vt_bundle_reader_damaged   (VtBundleReader  *r,
                                   GError         **error,
                                   const char      *what);
/* "update Ventanilla": a format version above known. */
void   vt_bundle_reader_newer     (VtBundleReader  *r,
                                   GError         **error,
                                   guint64          version,
                                   int              known);
/* The next header line (at most 512 bytes) without its newline, or NULL:
 * a missing newline at the end of the data is a truncation, an overlong
 * line damage. */
char  *vt_bundle_reader_line      (VtBundleReader  *r,
                                   GError         **error);

G_END_DECLS
