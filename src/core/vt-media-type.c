/* What an upload question accepts, and what a file really is (read from
 * its first bytes). */
#define G_LOG_DOMAIN "vt-media-type"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "vt-media-type.h"

typedef struct
{
  const char  *type;        /* what the kiosk stores and sends */
  const char  *extension;
  VtMediaKind  kind;
  const char  *sniffed[4];  /* shared-mime-info names that mean it */
  const char  *names[4];    /* extensions a file may carry */
} KnownType;

static const KnownType known_types[] = {
  { "image/jpeg", "jpg", VT_MEDIA_KIND_IMAGE, { "image/jpeg", "image/pjpeg" }, { "jpg", "jpeg", "jpe" } },
  { "image/png", "png", VT_MEDIA_KIND_IMAGE, { "image/png" }, { "png" } },
  { "application/pdf", "pdf", VT_MEDIA_KIND_PDF, { "application/pdf" }, { "pdf" } },
  { "audio/ogg", "ogg", VT_MEDIA_KIND_AUDIO,
    { "audio/ogg", "audio/x-opus+ogg", "audio/x-vorbis+ogg", "application/ogg" }, { "ogg", "oga", "opus" } },
  { "audio/mpeg", "mp3", VT_MEDIA_KIND_AUDIO, { "audio/mpeg" }, { "mp3" } },
  { "audio/wav", "wav", VT_MEDIA_KIND_AUDIO, { "audio/x-wav", "audio/wav", "audio/vnd.wave" }, { "wav" } },
  { "audio/mp4", "m4a", VT_MEDIA_KIND_AUDIO, { "audio/mp4", "audio/x-m4a" }, { "m4a" } },
  { "video/mp4", "mp4", VT_MEDIA_KIND_VIDEO, { "video/mp4" }, { "mp4" } },
};

static const KnownType *
find_type (const char *content_type)
{
  if (content_type == NULL)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (known_types); i++)
    if (g_ascii_strcasecmp (known_types[i].type, content_type) == 0)
      return &known_types[i];
  return NULL;
}

VtMediaKind
vt_media_type_accepted_kinds (const char *mediatype)
{
  g_autofree char *type = NULL;
  VtMediaKind kinds = VT_MEDIA_KIND_NONE;
  g_auto(GStrv) parts = NULL;

  if (mediatype == NULL || mediatype[0] == '\0')
    return VT_MEDIA_KIND_IMAGE;

  /* Forms in the wild list several, separated by commas or spaces. */
  parts = g_strsplit_set (mediatype, ", ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *p = parts[i];
      const KnownType *known;

      if (p[0] == '\0')
        continue;
      if (g_str_equal (p, "*/*") || g_str_equal (p, "*"))
        kinds |= VT_MEDIA_KIND_IMAGE | VT_MEDIA_KIND_PDF | VT_MEDIA_KIND_AUDIO | VT_MEDIA_KIND_VIDEO;
      else if (g_ascii_strcasecmp (p, "image/*") == 0)
        kinds |= VT_MEDIA_KIND_IMAGE;
      else if (g_ascii_strcasecmp (p, "audio/*") == 0)
        kinds |= VT_MEDIA_KIND_AUDIO;
      else if (g_ascii_strcasecmp (p, "video/*") == 0)
        kinds |= VT_MEDIA_KIND_VIDEO;
      else if (g_ascii_strcasecmp (p, "application/*") == 0)
        kinds |= VT_MEDIA_KIND_PDF;
      else if ((known = find_type (p)) != NULL)
        kinds |= known->kind;
    }
  return kinds;
}

VtMediaKind
vt_media_type_kind (const char *content_type)
{
  const KnownType *known = find_type (content_type);

  return known != NULL ? known->kind : VT_MEDIA_KIND_NONE;
}

gboolean
vt_media_type_accepts (const char *mediatype,
                       const char *content_type)
{
  const KnownType *known = find_type (content_type);
  g_auto(GStrv) parts = NULL;

  if (known == NULL)
    return FALSE;
  if ((vt_media_type_accepted_kinds (mediatype) & known->kind) == 0)
    return FALSE;

  /* "image/png" alone takes PNG pictures only; a wildcard takes the kind. */
  if (mediatype == NULL || strchr (mediatype, '*') != NULL)
    return TRUE;
  parts = g_strsplit_set (mediatype, ", ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_ascii_strcasecmp (parts[i], content_type) == 0)
      return TRUE;
  return FALSE;
}

const char *
vt_media_type_sniff (const guint8 *data,
                     gsize         length)
{
  g_autofree char *guessed = NULL;
  g_autofree char *mime = NULL;
  gboolean uncertain = FALSE;

  if (data == NULL || length == 0)
    return NULL;

  /* No file name: a name says nothing about what a file is. */
  guessed = g_content_type_guess (NULL, data, length, &uncertain);
  mime = g_content_type_get_mime_type (guessed);
  if (mime == NULL || uncertain)
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (known_types); i++)
    for (gsize j = 0; j < G_N_ELEMENTS (known_types[i].sniffed) && known_types[i].sniffed[j] != NULL; j++)
      if (g_content_type_equals (mime, known_types[i].sniffed[j]))
        return known_types[i].type;
  return NULL;
}

const char *
vt_media_type_from_name (const char *filename)
{
  const char *dot;

  if (filename == NULL || (dot = strrchr (filename, '.')) == NULL)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (known_types); i++)
    for (gsize j = 0; j < G_N_ELEMENTS (known_types[i].names) && known_types[i].names[j] != NULL; j++)
      if (g_ascii_strcasecmp (dot + 1, known_types[i].names[j]) == 0)
        return known_types[i].type;
  return NULL;
}

const char *
vt_media_type_extension (const char *content_type)
{
  const KnownType *known = find_type (content_type);

  return known != NULL ? known->extension : "bin";
}

char *
vt_media_type_file_name (const char *question_path,
                         const char *content_type,
                         GDateTime  *when)
{
  g_autoptr(GString) name = g_string_new (NULL);
  g_autofree char *stamp = NULL;
  const char *slash;
  const char *p;

  g_return_val_if_fail (question_path != NULL, NULL);

  /* The question's own name, then every repeat position on the way, so
   * two people's photos in a household never share a name. */
  slash = strrchr (question_path, '/');
  for (p = slash != NULL ? slash + 1 : question_path; *p != '\0' && *p != '['; p++)
    g_string_append_c (name, g_ascii_isalnum (*p) || *p == '-' || *p == '_' ? *p : '_');
  if (name->len == 0)
    g_string_append (name, "file");
  for (p = question_path; (p = strchr (p, '[')) != NULL; p++)
    {
      guint64 position = g_ascii_strtoull (p + 1, NULL, 10);

      g_string_append_printf (name, "-%" G_GUINT64_FORMAT, position);
    }
  stamp = g_date_time_format (when, "%Y%m%d-%H%M%S");
  g_string_append_printf (name, "-%s.%s", stamp, vt_media_type_extension (content_type));
  return g_string_free (g_steal_pointer (&name), FALSE);
}
