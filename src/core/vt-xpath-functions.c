/* The XPath function library: XPath 1.0's core functions and ODK's
 * (dates are in vt-xpath-dates.c, geography in vt-xpath-geo.c), and the
 * table that names them. */
#define G_LOG_DOMAIN "vt-xpath"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vt-national-id.h"
#include "vt-xpath-private.h"

/* The function library: XPath 1.0's core functions and the ODK XForms
 * specification's list (getodk/xforms-spec, "XPath Functions").  Where
 * JavaRosa and Enketo differ, this follows Enketo's
 * openrosa-xpath-evaluator / ODK Web Forms; tests/test-xpath.c notes each
 * such case. */


VtXPathResult
vt_xpath_call_error (GError    **error,
                     Ast        *call,
                     const char *message)
{
  g_set_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_EVALUATION,
               _("%s() at character %d: %s"), call->name, call->position, message);
  return NULL;
}

gboolean
vt_xpath_arg_strings (Ast           *call,
                      guint          i,
                      VtXPathFrame  *frame,
                      GPtrArray     *out,
                      GError       **error)
{
  VtXPathValue *value = vt_xpath_arg_value (call, i, frame, error);

  if (value == NULL)
    return FALSE;
  if (value->type == VT_XPATH_VALUE_NODESET)
    for (guint j = 0; j < value->nodes->len; j++)
      g_ptr_array_add (out, vt_xpath_node_string_value (value->nodes->pdata[j]));
  else
    g_ptr_array_add (out, vt_xpath_value_to_string (value));
  vt_xpath_value_free (value);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Node-set functions                                                  */

static VtXPathResult
fn_last (Ast *call, VtXPathFrame *frame, GError **error)
{
  return vt_xpath_value_new_number (frame->size);
}

static VtXPathResult
fn_position (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autoptr(VtXPathValue) set = NULL;
  xmlNode *node;
  int position = 1;

  if (call->args->len == 0)
    return vt_xpath_value_new_number (frame->position);

  /* ODK: position(node) is the node's position among same-named siblings. */
  set = vt_xpath_arg_nodeset (call, 0, frame, error);
  if (set == NULL)
    return NULL;
  if (set->nodes->len == 0)
    return vt_xpath_call_error (error, call, _("the argument is an empty node-set"));
  node = set->nodes->pdata[0];
  if (node->type == XML_ATTRIBUTE_NODE)
    return vt_xpath_value_new_number (1);
  for (xmlNode *s = node->prev; s != NULL; s = s->prev)
    if (s->type == node->type && s->name != NULL && node->name != NULL &&
        strcmp ((const char *) s->name, (const char *) node->name) == 0)
      position++;
  return vt_xpath_value_new_number (position);
}

static VtXPathResult
fn_count (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autoptr(VtXPathValue) set = vt_xpath_arg_nodeset (call, 0, frame, error);

  if (set == NULL)
    return NULL;
  return vt_xpath_value_new_number (set->nodes->len);
}

static VtXPathResult
fn_count_non_empty (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autoptr(VtXPathValue) set = vt_xpath_arg_nodeset (call, 0, frame, error);
  int count = 0;

  if (set == NULL)
    return NULL;
  for (guint i = 0; i < set->nodes->len; i++)
    {
      g_autofree char *owned = NULL;

      if (vt_xpath_node_string_peek (set->nodes->pdata[i], &owned)[0] != '\0')
        count++;
    }
  return vt_xpath_value_new_number (count);
}

static xmlNode *
first_node_or_context (Ast           *call,
                       VtXPathFrame  *frame,
                       gboolean      *ok,
                       GError       **error)
{
  g_autoptr(VtXPathValue) set = NULL;

  *ok = TRUE;
  if (call->args->len == 0)
    return frame->node;
  set = vt_xpath_arg_nodeset (call, 0, frame, error);
  if (set == NULL)
    {
      *ok = FALSE;
      return NULL;
    }
  return set->nodes->len > 0 ? set->nodes->pdata[0] : NULL;
}

static gboolean
node_has_name (xmlNode *node)
{
  return node != NULL && (node->type == XML_ELEMENT_NODE || node->type == XML_ATTRIBUTE_NODE ||
                          node->type == XML_PI_NODE);
}

static VtXPathResult
fn_local_name (Ast *call, VtXPathFrame *frame, GError **error)
{
  gboolean ok;
  xmlNode *node = first_node_or_context (call, frame, &ok, error);

  if (!ok)
    return NULL;
  return vt_xpath_value_new_string (node_has_name (node) ? (const char *) node->name : "");
}

static VtXPathResult
fn_name (Ast *call, VtXPathFrame *frame, GError **error)
{
  gboolean ok;
  xmlNode *node = first_node_or_context (call, frame, &ok, error);

  if (!ok)
    return NULL;
  if (!node_has_name (node))
    return vt_xpath_value_new_string ("");
  if (node->type != XML_PI_NODE && node->ns != NULL && node->ns->prefix != NULL)
    return vt_xpath_string_result (g_strdup_printf ("%s:%s", node->ns->prefix, node->name));
  return vt_xpath_value_new_string ((const char *) node->name);
}

static VtXPathResult
fn_namespace_uri (Ast *call, VtXPathFrame *frame, GError **error)
{
  gboolean ok;
  xmlNode *node = first_node_or_context (call, frame, &ok, error);

  if (!ok)
    return NULL;
  if (node_has_name (node) && node->type != XML_PI_NODE && node->ns != NULL && node->ns->href != NULL)
    return vt_xpath_value_new_string ((const char *) node->ns->href);
  return vt_xpath_value_new_string ("");
}

static VtXPathResult
fn_instance (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autofree char *id = NULL;
  xmlDoc *doc = NULL;
  GPtrArray *nodes;

  if (!vt_xpath_arg_string (call, 0, frame, &id, error))
    return NULL;
  if (frame->context->instances != NULL)
    doc = g_hash_table_lookup (frame->context->instances, id);
  if (doc == NULL)
    {
      g_set_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_EVALUATION,
                   _("instance() at character %d: the form has no instance “%s”"),
                   call->position, id);
      return NULL;
    }
  /* The document node: instance('x')/root/item reads the root element. */
  nodes = g_ptr_array_new ();
  g_ptr_array_add (nodes, doc);
  return vt_xpath_value_new_nodeset (nodes);
}

static VtXPathResult
fn_current (Ast *call, VtXPathFrame *frame, GError **error)
{
  xmlNode *current = frame->context->current != NULL ? frame->context->current : frame->context->node;
  GPtrArray *nodes = g_ptr_array_new ();

  if (current != NULL)
    g_ptr_array_add (nodes, current);
  return vt_xpath_value_new_nodeset (nodes);
}

/* Park–Miller minimal standard generator, as the spec names for a seeded
 * randomize(). */
static VtXPathResult
fn_randomize (Ast *call, VtXPathFrame *frame, GError **error)
{
  VtXPathValue *set = vt_xpath_arg_nodeset (call, 0, frame, error);
  GPtrArray *nodes;
  gboolean seeded = FALSE;
  gint64 state = 0;
  guint n;

  if (set == NULL)
    return NULL;
  if (call->args->len > 1)
    {
      double seed;

      if (!vt_xpath_arg_number (call, 1, frame, &seed, error))
        {
          vt_xpath_value_free (set);
          return NULL;
        }
      if (isnan (seed) || isinf (seed))
        {
          vt_xpath_value_free (set);
          return vt_xpath_call_error (error, call, _("the seed is not a number"));
        }
      seeded = TRUE;
      state = (gint64) fmod (trunc (fabs (seed)), 2147483647.0);
      if (state <= 0)
        state += 2147483646;
    }

  /* Inside-out Fisher–Yates: the result is a new order, not document order. */
  n = set->nodes->len;
  nodes = g_ptr_array_sized_new (n);
  for (guint i = 0; i < n; i++)
    {
      double r;
      guint j;

      if (seeded)
        {
          state = state * 16807 % 2147483647;
          r = (double) (state - 1) / 2147483646.0;
        }
      else
        r = g_random_double ();
      j = (guint) floor (r * (i + 1));
      if (j > i)
        j = i;
      g_ptr_array_add (nodes, NULL);
      if (j != i)
        nodes->pdata[i] = nodes->pdata[j];
      nodes->pdata[j] = set->nodes->pdata[i];
    }
  vt_xpath_value_free (set);
  return vt_xpath_value_new_nodeset (nodes);
}

static gboolean
is_ancestor_or_self (xmlNode *ancestor,
                     xmlNode *node)
{
  for (; node != NULL; node = node->parent)
    if (node == ancestor)
      return TRUE;
  return FALSE;
}

/* indexed-repeat(value, repeat1, index1[, repeat2, index2[, repeat3, index3]]):
 * picks the index1-th repeat1 instance, within it the index2-th repeat2,
 * ... and returns the value of the first "value" node inside the last. */
static VtXPathResult
fn_indexed_repeat (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autoptr(VtXPathValue) values = vt_xpath_arg_nodeset (call, 0, frame, error);
  xmlNode *chosen = NULL;

  if (values == NULL)
    return NULL;
  for (guint level = 1; level + 1 < call->args->len; level += 2)
    {
      g_autoptr(VtXPathValue) repeats = vt_xpath_arg_nodeset (call, level, frame, error);
      double index;
      int seen = 0;
      xmlNode *found = NULL;

      if (repeats == NULL || !vt_xpath_arg_number (call, level + 1, frame, &index, error))
        return NULL;
      for (guint i = 0; i < repeats->nodes->len && found == NULL; i++)
        {
          xmlNode *r = repeats->nodes->pdata[i];

          if (chosen != NULL && !is_ancestor_or_self (chosen, r))
            continue;
          if (++seen == index)
            found = r;
        }
      if (found == NULL)
        return vt_xpath_value_new_string ("");
      chosen = found;
    }
  for (guint i = 0; i < values->nodes->len; i++)
    if (is_ancestor_or_self (chosen, values->nodes->pdata[i]))
      return vt_xpath_string_result (vt_xpath_node_string_value (values->nodes->pdata[i]));
  return vt_xpath_value_new_string ("");
}

static gboolean
check_indexed_repeat (Ast *call, GError **error)
{
  if (call->args->len % 2 == 0)
    {
      g_set_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_ARGUMENTS,
                   _("takes a value, then pairs of repeat and index"));
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Strings                                                             */

static VtXPathResult
fn_string (Ast *call, VtXPathFrame *frame, GError **error)
{
  char *s;

  if (call->args->len == 0)
    return vt_xpath_string_result (vt_xpath_node_string_value (frame->node));
  if (!vt_xpath_arg_string (call, 0, frame, &s, error))
    return NULL;
  return vt_xpath_string_result (s);
}

static VtXPathResult
fn_concat (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < call->args->len; i++)
    if (!vt_xpath_arg_strings (call, i, frame, parts, error))
      {
        g_string_free (out, TRUE);
        return NULL;
      }
  for (guint i = 0; i < parts->len; i++)
    g_string_append (out, parts->pdata[i]);
  return vt_xpath_string_result (g_string_free (out, FALSE));
}

static VtXPathResult
fn_join (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *separator = NULL;

  if (!vt_xpath_arg_string (call, 0, frame, &separator, error))
    return NULL;
  for (guint i = 1; i < call->args->len; i++)
    if (!vt_xpath_arg_strings (call, i, frame, parts, error))
      return NULL;
  g_ptr_array_add (parts, NULL);
  return vt_xpath_string_result (g_strjoinv (separator, (char **) parts->pdata));
}

static gboolean
two_strings (Ast *call, VtXPathFrame *frame, char **a, char **b, GError **error)
{
  if (!vt_xpath_arg_string (call, 0, frame, a, error))
    return FALSE;
  if (!vt_xpath_arg_string (call, 1, frame, b, error))
    {
      g_clear_pointer (a, g_free);
      return FALSE;
    }
  return TRUE;
}

static VtXPathResult
fn_starts_with (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autofree char *a = NULL, *b = NULL;

  if (!two_strings (call, frame, &a, &b, error))
    return NULL;
  return vt_xpath_value_new_boolean (g_str_has_prefix (a, b));
}

static VtXPathResult
fn_ends_with (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autofree char *a = NULL, *b = NULL;

  if (!two_strings (call, frame, &a, &b, error))
    return NULL;
  return vt_xpath_value_new_boolean (g_str_has_suffix (a, b));
}

static VtXPathResult
fn_contains (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autofree char *a = NULL, *b = NULL;

  if (!two_strings (call, frame, &a, &b, error))
    return NULL;
  return vt_xpath_value_new_boolean (strstr (a, b) != NULL);
}

static VtXPathResult
fn_substring_before (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autofree char *a = NULL, *b = NULL;
  const char *at;

  if (!two_strings (call, frame, &a, &b, error))
    return NULL;
  at = strstr (a, b);
  return vt_xpath_string_result (at != NULL ? g_strndup (a, at - a) : g_strdup (""));
}

static VtXPathResult
fn_substring_after (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autofree char *a = NULL, *b = NULL;
  const char *at;

  if (!two_strings (call, frame, &a, &b, error))
    return NULL;
  at = strstr (a, b);
  return vt_xpath_value_new_string (at != NULL ? at + strlen (b) : "");
}

static double
xpath_round (double x)
{
  /* XPath 1.0 round(): half towards positive infinity. */
  if (isnan (x) || isinf (x) || x == 0)
    return x;
  if (x < 0 && x >= -0.5)
    return -0.0;
  return floor (x + 0.5);
}

/* XPath 1.0 substring(): characters at positions p with
 * round(start) <= p < round(start) + round(length). */
static VtXPathResult
fn_substring (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autofree char *s = NULL;
  double start, length = INFINITY, first, end;
  GString *out;
  double position = 1;

  if (!vt_xpath_arg_string (call, 0, frame, &s, error) ||
      !vt_xpath_arg_number (call, 1, frame, &start, error) ||
      (call->args->len > 2 && !vt_xpath_arg_number (call, 2, frame, &length, error)))
    return NULL;
  first = xpath_round (start);
  end = first + xpath_round (length);
  out = g_string_new (NULL);
  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p), position++)
    if (position >= first && position < end)
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
  return vt_xpath_string_result (g_string_free (out, FALSE));
}

/* ODK substr(s, start, end?): 0-based, end exclusive.  Negative indexes
 * count from the end, as Enketo's (JavaScript slice) does. */
static VtXPathResult
fn_substr (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autofree char *s = NULL;
  double start, end;
  glong length;
  glong from, to;
  const char *a, *b;

  if (!vt_xpath_arg_string (call, 0, frame, &s, error) ||
      !vt_xpath_arg_number (call, 1, frame, &start, error))
    return NULL;
  length = g_utf8_strlen (s, -1);
  end = length;
  if (call->args->len > 2 && !vt_xpath_arg_number (call, 2, frame, &end, error))
    return NULL;
  if (isnan (start))
    start = 0;
  if (isnan (end))
    end = 0;
  start = trunc (start);
  end = trunc (end);
  if (start < 0)
    start = MAX (0, length + start);
  if (end < 0)
    end = MAX (0, length + end);
  from = (glong) MIN (start, (double) length);
  to = (glong) MIN (end, (double) length);
  if (to <= from)
    return vt_xpath_value_new_string ("");
  a = g_utf8_offset_to_pointer (s, from);
  b = g_utf8_offset_to_pointer (s, to);
  return vt_xpath_string_result (g_strndup (a, b - a));
}

static VtXPathResult
fn_string_length (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autofree char *s = NULL;

  if (call->args->len == 0)
    s = vt_xpath_node_string_value (frame->node);
  else if (!vt_xpath_arg_string (call, 0, frame, &s, error))
    return NULL;
  return vt_xpath_value_new_number (g_utf8_strlen (s, -1));
}

static VtXPathResult
fn_normalize_space (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autofree char *s = NULL;
  GString *out;
  gboolean pending = FALSE;

  if (call->args->len == 0)
    s = vt_xpath_node_string_value (frame->node);
  else if (!vt_xpath_arg_string (call, 0, frame, &s, error))
    return NULL;
  out = g_string_new (NULL);
  for (const char *p = s; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        {
          pending = out->len > 0;
          continue;
        }
      if (pending)
        g_string_append_c (out, ' ');
      pending = FALSE;
      g_string_append_c (out, *p);
    }
  return vt_xpath_string_result (g_string_free (out, FALSE));
}

static VtXPathResult
fn_translate (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autofree char *s = NULL, *from = NULL, *to = NULL;
  g_autofree gunichar *from_chars = NULL, *to_chars = NULL;
  glong n_from, n_to;
  GString *out;

  if (!vt_xpath_arg_string (call, 0, frame, &s, error) ||
      !vt_xpath_arg_string (call, 1, frame, &from, error) ||
      !vt_xpath_arg_string (call, 2, frame, &to, error))
    return NULL;
  from_chars = g_utf8_to_ucs4_fast (from, -1, &n_from);
  to_chars = g_utf8_to_ucs4_fast (to, -1, &n_to);
  out = g_string_new (NULL);
  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      glong i;

      for (i = 0; i < n_from && from_chars[i] != c; i++)
        ;
      if (i == n_from)
        g_string_append_unichar (out, c);
      else if (i < n_to)
        g_string_append_unichar (out, to_chars[i]);
    }
  return vt_xpath_string_result (g_string_free (out, FALSE));
}

static VtXPathResult
fn_uuid (Ast *call, VtXPathFrame *frame, GError **error)
{
  static const char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  double length;
  GString *out;

  if (call->args->len == 0)
    return vt_xpath_string_result (g_uuid_string_random ());
  if (!vt_xpath_arg_number (call, 0, frame, &length, error))
    return NULL;
  if (isnan (length) || length < 0 || length > 4096)
    return vt_xpath_call_error (error, call, _("the length must be a number from 0 to 4096"));
  out = g_string_new (NULL);
  for (int i = 0; i < (int) length; i++)
    g_string_append_c (out, alphabet[g_random_int_range (0, sizeof alphabet - 1)]);
  return vt_xpath_string_result (g_string_free (out, FALSE));
}

static gboolean
digest_type (const char    *name,
             GChecksumType *type)
{
  static const struct { const char *name; GChecksumType type; } types[] = {
    { "MD5", G_CHECKSUM_MD5 },
    { "SHA-1", G_CHECKSUM_SHA1 },
    { "SHA-256", G_CHECKSUM_SHA256 },
    { "SHA-384", G_CHECKSUM_SHA384 },
    { "SHA-512", G_CHECKSUM_SHA512 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_ascii_strcasecmp (types[i].name, name) == 0)
      {
        *type = types[i].type;
        return TRUE;
      }
  return FALSE;
}

static gboolean
check_digest (Ast *call, GError **error)
{
  Ast *algorithm = call->args->pdata[1];
  GChecksumType type;

  if (algorithm->kind == AST_STRING && !digest_type (algorithm->string, &type))
    {
      g_set_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_ARGUMENTS,
                   _("unknown algorithm “%s” (use MD5, SHA-1, SHA-256, SHA-384 or SHA-512)"),
                   algorithm->string);
      return FALSE;
    }
  if (call->args->len > 2)
    {
      Ast *encoding = call->args->pdata[2];

      if (encoding->kind == AST_STRING && g_ascii_strcasecmp (encoding->string, "base64") != 0 &&
          g_ascii_strcasecmp (encoding->string, "hex") != 0)
        {
          g_set_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_ARGUMENTS,
                       _("unknown encoding “%s” (use base64 or hex)"), encoding->string);
          return FALSE;
        }
    }
  return TRUE;
}

static VtXPathResult
fn_digest (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autofree char *data = NULL, *algorithm = NULL, *encoding = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  GChecksumType type;
  guint8 digest[64];
  gsize length = sizeof digest;

  if (!two_strings (call, frame, &data, &algorithm, error))
    return NULL;
  if (call->args->len > 2 && !vt_xpath_arg_string (call, 2, frame, &encoding, error))
    return NULL;
  if (!digest_type (algorithm, &type))
    return vt_xpath_call_error (error, call, _("unknown algorithm (use MD5, SHA-1, SHA-256, SHA-384 or SHA-512)"));
  checksum = g_checksum_new (type);
  g_checksum_update (checksum, (const guchar *) data, strlen (data));
  if (encoding != NULL && g_ascii_strcasecmp (encoding, "hex") == 0)
    return vt_xpath_value_new_string (g_checksum_get_string (checksum));
  if (encoding != NULL && g_ascii_strcasecmp (encoding, "base64") != 0)
    return vt_xpath_call_error (error, call, _("unknown encoding (use base64 or hex)"));
  g_checksum_get_digest (checksum, digest, &length);
  return vt_xpath_string_result (g_base64_encode (digest, length));
}

static VtXPathResult
fn_base64_decode (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autofree char *s = NULL;
  g_autofree guchar *bytes = NULL;
  gsize length = 0;

  if (!vt_xpath_arg_string (call, 0, frame, &s, error))
    return NULL;
  g_strstrip (s);
  for (const char *p = s; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
      return vt_xpath_value_new_string ("");
  if (s[0] == '\0')
    return vt_xpath_value_new_string ("");
  bytes = g_base64_decode (s, &length);
  if (bytes == NULL || !g_utf8_validate ((const char *) bytes, length, NULL))
    return vt_xpath_value_new_string ("");
  return vt_xpath_string_result (g_strndup ((const char *) bytes, length));
}

/* ------------------------------------------------------------------ */
/* Logic                                                               */

static VtXPathResult
fn_true (Ast *call, VtXPathFrame *frame, GError **error)
{
  return vt_xpath_value_new_boolean (TRUE);
}

static VtXPathResult
fn_false (Ast *call, VtXPathFrame *frame, GError **error)
{
  return vt_xpath_value_new_boolean (FALSE);
}

static VtXPathResult
fn_boolean (Ast *call, VtXPathFrame *frame, GError **error)
{
  gboolean b;

  if (!vt_xpath_arg_boolean (call, 0, frame, &b, error))
    return NULL;
  return vt_xpath_value_new_boolean (b);
}

static VtXPathResult
fn_not (Ast *call, VtXPathFrame *frame, GError **error)
{
  gboolean b;

  if (!vt_xpath_arg_boolean (call, 0, frame, &b, error))
    return NULL;
  return vt_xpath_value_new_boolean (!b);
}

static VtXPathResult
fn_boolean_from_string (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autofree char *s = NULL;

  if (!vt_xpath_arg_string (call, 0, frame, &s, error))
    return NULL;
  return vt_xpath_value_new_boolean (g_str_equal (s, "true") || g_str_equal (s, "1"));
}

/* Only the chosen branch is evaluated. */
static VtXPathResult
fn_if (Ast *call, VtXPathFrame *frame, GError **error)
{
  gboolean condition;

  if (!vt_xpath_arg_boolean (call, 0, frame, &condition, error))
    return NULL;
  return vt_xpath_arg_value (call, condition ? 1 : 2, frame, error);
}

static VtXPathResult
fn_coalesce (Ast *call, VtXPathFrame *frame, GError **error)
{
  for (guint i = 0; i < call->args->len; i++)
    {
      char *s;

      if (!vt_xpath_arg_string (call, i, frame, &s, error))
        return NULL;
      if (s[0] != '\0' || i + 1 == call->args->len)
        return vt_xpath_string_result (s);
      g_free (s);
    }
  return vt_xpath_value_new_string ("");
}

static VtXPathResult
fn_once (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autofree char *current = vt_xpath_node_string_value (frame->node);
  char *s;

  if (frame->node != NULL && current[0] != '\0')
    return vt_xpath_string_result (g_steal_pointer (&current));
  if (!vt_xpath_arg_string (call, 0, frame, &s, error))
    return NULL;
  return vt_xpath_string_result (s);
}

static gboolean
check_regex (Ast *call, GError **error)
{
  Ast *pattern = call->args->pdata[1];
  g_autoptr(GError) local = NULL;
  GRegex *regex;

  if (pattern->kind != AST_STRING)
    return TRUE;
  regex = g_regex_new (pattern->string, 0, 0, &local);
  if (regex == NULL)
    {
      g_set_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_ARGUMENTS,
                   _("invalid regular expression: %s"), local->message);
      return FALSE;
    }
  call->cache = regex;
  call->cache_free = (GDestroyNotify) g_regex_unref;
  return TRUE;
}

static VtXPathResult
fn_regex (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autofree char *value = NULL;
  g_autoptr(GRegex) regex = NULL;

  if (!vt_xpath_arg_string (call, 0, frame, &value, error))
    return NULL;
  if (call->cache != NULL)
    regex = g_regex_ref (call->cache);
  else
    {
      g_autofree char *pattern = NULL;
      g_autoptr(GError) local = NULL;

      if (!vt_xpath_arg_string (call, 1, frame, &pattern, error))
        return NULL;
      regex = g_regex_new (pattern, 0, 0, &local);
      if (regex == NULL)
        return vt_xpath_call_error (error, call, local->message);
    }
  return vt_xpath_value_new_boolean (g_regex_match (regex, value, 0, NULL));
}

/* Which checklist items count as "yes": each node of a node-set whose
 * value is not empty, any other value by XPath boolean().  JavaRosa and
 * Enketo agree on this (so "0" and "no" answers count; the spec's wording
 * "converts to a number > 0" is not what either engine does). */
static gboolean
checklist_truths (Ast           *call,
                  guint          i,
                  VtXPathFrame  *frame,
                  GArray        *out,
                  GError       **error)
{
  g_autoptr(VtXPathValue) value = vt_xpath_arg_value (call, i, frame, error);

  if (value == NULL)
    return FALSE;
  if (value->type == VT_XPATH_VALUE_NODESET)
    for (guint j = 0; j < value->nodes->len; j++)
      {
        g_autofree char *s = vt_xpath_node_string_value (value->nodes->pdata[j]);
        gboolean truth = s[0] != '\0';

        g_array_append_val (out, truth);
      }
  else
    {
      gboolean truth = vt_xpath_value_to_boolean (value);

      g_array_append_val (out, truth);
    }
  return TRUE;
}

static VtXPathResult
checklist_result (double min, double max, double total)
{
  gboolean ok = TRUE;

  if (min >= 0)
    ok = ok && total >= min;
  if (max >= 0)
    ok = ok && total <= max;
  return vt_xpath_value_new_boolean (ok);
}

static VtXPathResult
fn_checklist (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autoptr(GArray) truths = g_array_new (FALSE, FALSE, sizeof (gboolean));
  double min, max;
  int count = 0;

  if (!vt_xpath_arg_number (call, 0, frame, &min, error) ||
      !vt_xpath_arg_number (call, 1, frame, &max, error))
    return NULL;
  for (guint i = 2; i < call->args->len; i++)
    if (!checklist_truths (call, i, frame, truths, error))
      return NULL;
  for (guint i = 0; i < truths->len; i++)
    if (g_array_index (truths, gboolean, i))
      count++;
  return checklist_result (min, max, count);
}

static gboolean
check_weighted_checklist (Ast *call, GError **error)
{
  if (call->args->len % 2 != 0)
    {
      g_set_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_ARGUMENTS,
                   _("takes min, max, then pairs of value and weight"));
      return FALSE;
    }
  return TRUE;
}

static VtXPathResult
fn_weighted_checklist (Ast *call, VtXPathFrame *frame, GError **error)
{
  double min, max, total = 0;

  if (!vt_xpath_arg_number (call, 0, frame, &min, error) ||
      !vt_xpath_arg_number (call, 1, frame, &max, error))
    return NULL;
  for (guint i = 2; i + 1 < call->args->len; i += 2)
    {
      g_autoptr(GArray) truths = g_array_new (FALSE, FALSE, sizeof (gboolean));
      g_autoptr(GPtrArray) weights = g_ptr_array_new_with_free_func (g_free);

      if (!checklist_truths (call, i, frame, truths, error) ||
          !vt_xpath_arg_strings (call, i + 1, frame, weights, error))
        return NULL;
      /* Node-sets pair up item by item; a single weight applies to all. */
      for (guint j = 0; j < truths->len; j++)
        {
          const char *w = weights->len == 0 ? "0" : weights->pdata[MIN (j, weights->len - 1)];

          if (g_array_index (truths, gboolean, j))
            total += vt_xpath_string_to_number (w);
        }
    }
  return checklist_result (min, max, total);
}

/* ------------------------------------------------------------------ */
/* Numbers                                                             */

static VtXPathResult
fn_number (Ast *call, VtXPathFrame *frame, GError **error)
{
  double n;

  if (call->args->len == 0)
    {
      g_autofree char *s = vt_xpath_node_string_value (frame->node);

      return vt_xpath_value_new_number (vt_xpath_string_to_number_odk (s));
    }
  if (!vt_xpath_arg_number (call, 0, frame, &n, error))
    return NULL;
  return vt_xpath_value_new_number (n);
}

static VtXPathResult
fn_int (Ast *call, VtXPathFrame *frame, GError **error)
{
  double n;

  if (!vt_xpath_arg_number (call, 0, frame, &n, error))
    return NULL;
  return vt_xpath_value_new_number (isfinite (n) ? trunc (n) : n);
}

/* Rounds half away from zero on the shortest decimal form of the number,
 * so round(1.005, 2) is 1.01 as a person reading the form expects, not
 * 1.00 as the binary value 1.00499999... would give. */
static double
round_decimal (double x,
               int    digits)
{
  char buf[64];
  double scaled;
  double p;

  if (!isfinite (x) || x == 0)
    return x;
  if (digits > 15)
    return x;
  if (digits < -308)
    return 0;

  /* Shortest representation that reads back to x. */
  for (int precision = 1; precision <= 17; precision++)
    {
      char format[16];

      g_snprintf (format, sizeof format, "%%.%de", precision - 1);
      g_ascii_formatd (buf, sizeof buf, format, x);
      if (g_ascii_strtod (buf, NULL) == x)
        break;
    }
  /* Shift the decimal exponent instead of multiplying in binary. */
  {
    char *e = strchr (buf, 'e');
    int exponent = atoi (e + 1);
    g_autofree char *mantissa = g_strndup (buf, e - buf);
    g_autofree char *shifted = g_strdup_printf ("%se%d", mantissa, exponent + digits);

    scaled = g_ascii_strtod (shifted, NULL);
  }
  scaled = round (scaled);  /* half away from zero */
  if (digits >= 0)
    {
      g_autofree char *back = g_strdup_printf ("%.0fe-%d", scaled, digits);
      return g_ascii_strtod (back, NULL);
    }
  p = pow (10, -digits);
  return scaled * p;
}

static VtXPathResult
fn_round (Ast *call, VtXPathFrame *frame, GError **error)
{
  double n, digits = 0;

  if (!vt_xpath_arg_number (call, 0, frame, &n, error))
    return NULL;
  if (call->args->len > 1 && !vt_xpath_arg_number (call, 1, frame, &digits, error))
    return NULL;
  if (isnan (digits))
    return vt_xpath_value_new_number (NAN);
  /* Clamped before the cast: a double beyond int (a typed number in a
   * calculate) is undefined behaviour in C.  round_decimal() gives x back
   * above 15 digits and 0 below -308, so the clamp changes no result. */
  digits = CLAMP (trunc (digits), -400, 400);
  return vt_xpath_value_new_number (round_decimal (n, (int) digits));
}

typedef double (*MathFunc) (double);

static VtXPathResult
math1 (Ast *call, VtXPathFrame *frame, GError **error, MathFunc func)
{
  double n;

  if (!vt_xpath_arg_number (call, 0, frame, &n, error))
    return NULL;
  return vt_xpath_value_new_number (func (n));
}

static double exp10_ (double x) { return pow (10, x); }

#define MATH1(name, func) \
  static VtXPathResult name (Ast *call, VtXPathFrame *frame, GError **error) { return math1 (call, frame, error, func); }

MATH1 (fn_floor, floor)
MATH1 (fn_ceiling, ceil)
MATH1 (fn_abs, fabs)
MATH1 (fn_log, log)
MATH1 (fn_log10, log10)
MATH1 (fn_exp, exp)
MATH1 (fn_exp10, exp10_)
MATH1 (fn_sqrt, sqrt)
MATH1 (fn_sin, sin)
MATH1 (fn_cos, cos)
MATH1 (fn_tan, tan)
MATH1 (fn_asin, asin)
MATH1 (fn_acos, acos)
MATH1 (fn_atan, atan)

static VtXPathResult
fn_pow (Ast *call, VtXPathFrame *frame, GError **error)
{
  double a, b;

  if (!vt_xpath_arg_number (call, 0, frame, &a, error) ||
      !vt_xpath_arg_number (call, 1, frame, &b, error))
    return NULL;
  return vt_xpath_value_new_number (pow (a, b));
}

static VtXPathResult
fn_atan2 (Ast *call, VtXPathFrame *frame, GError **error)
{
  double y, x;

  if (!vt_xpath_arg_number (call, 0, frame, &y, error) ||
      !vt_xpath_arg_number (call, 1, frame, &x, error))
    return NULL;
  return vt_xpath_value_new_number (atan2 (y, x));
}

static VtXPathResult
fn_pi (Ast *call, VtXPathFrame *frame, GError **error)
{
  return vt_xpath_value_new_number (G_PI);
}

static VtXPathResult
fn_random (Ast *call, VtXPathFrame *frame, GError **error)
{
  return vt_xpath_value_new_number (g_random_double ());
}

static VtXPathResult
fn_sum (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autoptr(VtXPathValue) set = vt_xpath_arg_nodeset (call, 0, frame, error);
  double total = 0;

  if (set == NULL)
    return NULL;
  for (guint i = 0; i < set->nodes->len; i++)
    {
      g_autofree char *owned = NULL;

      total += vt_xpath_string_to_number (vt_xpath_node_string_peek (set->nodes->pdata[i], &owned));
    }
  return vt_xpath_value_new_number (total);
}

static void
value_items (const VtXPathValue *value,
             GPtrArray          *out)
{
  if (value->type == VT_XPATH_VALUE_NODESET)
    for (guint j = 0; j < value->nodes->len; j++)
      g_ptr_array_add (out, vt_xpath_node_string_value (value->nodes->pdata[j]));
  else
    g_ptr_array_add (out, vt_xpath_value_to_string (value));
}

/* min()/max() over node-sets and numbers: empty gives NaN, as does any
 * value that is not a number. */
static VtXPathResult
min_max (Ast *call, VtXPathFrame *frame, GError **error, gboolean want_max)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  double best = NAN;

  for (guint i = 0; i < call->args->len; i++)
    {
      g_autoptr(VtXPathValue) value = vt_xpath_arg_value (call, i, frame, error);

      if (value == NULL)
        return NULL;
      if (value->type == VT_XPATH_VALUE_NUMBER)
        g_ptr_array_add (items, vt_xpath_number_to_string (value->number));
      else
        value_items (value, items);
    }
  for (guint i = 0; i < items->len; i++)
    {
      double n = vt_xpath_string_to_number_odk (items->pdata[i]);

      if (isnan (n))
        return vt_xpath_value_new_number (NAN);
      if (i == 0 || (want_max ? n > best : n < best))
        best = n;
    }
  return vt_xpath_value_new_number (best);
}

static VtXPathResult
fn_min (Ast *call, VtXPathFrame *frame, GError **error)
{
  return min_max (call, frame, error, FALSE);
}

static VtXPathResult
fn_max (Ast *call, VtXPathFrame *frame, GError **error)
{
  return min_max (call, frame, error, TRUE);
}

/* ------------------------------------------------------------------ */
/* Selects                                                             */

static char **
split_list (const char *list)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  const char *p = list;

  while (*p != '\0')
    {
      const char *start;

      while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
      if (*p == '\0')
        break;
      start = p;
      while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
        p++;
      g_ptr_array_add (items, g_strndup (start, p - start));
    }
  g_ptr_array_add (items, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&items), FALSE);
}

static VtXPathResult
fn_selected (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autofree char *list = NULL, *value = NULL;
  g_auto(GStrv) items = NULL;

  if (!two_strings (call, frame, &list, &value, error))
    return NULL;
  items = split_list (list);
  g_strstrip (value);
  return vt_xpath_value_new_boolean (g_strv_contains ((const char * const *) items, value));
}

static VtXPathResult
fn_selected_at (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autofree char *list = NULL;
  g_auto(GStrv) items = NULL;
  double index;

  if (!vt_xpath_arg_string (call, 0, frame, &list, error) ||
      !vt_xpath_arg_number (call, 1, frame, &index, error))
    return NULL;
  items = split_list (list);
  if (isnan (index) || index < 0 || index >= g_strv_length (items))
    return vt_xpath_value_new_string ("");
  return vt_xpath_value_new_string (items[(guint) index]);
}

static VtXPathResult
fn_count_selected (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autofree char *list = NULL;
  g_auto(GStrv) items = NULL;

  if (!vt_xpath_arg_string (call, 0, frame, &list, error))
    return NULL;
  items = split_list (list);
  return vt_xpath_value_new_number (g_strv_length (items));
}

/* ------------------------------------------------------------------ */
/* Functions the form answers                                          */

static VtXPathResult
call_hook (Ast *call, VtXPathFrame *frame, GError **error, gboolean *handled)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func ((GDestroyNotify) vt_xpath_value_free);
  VtXPathValue *result = NULL;
  GError *local = NULL;

  *handled = FALSE;
  if (frame->context->hook == NULL)
    return NULL;
  for (guint i = 0; i < call->args->len; i++)
    {
      VtXPathValue *value = vt_xpath_arg_value (call, i, frame, error);

      if (value == NULL)
        {
          *handled = TRUE;
          return NULL;
        }
      g_ptr_array_add (args, value);
    }
  if (!frame->context->hook (call->name, args, frame->context, &result, &local,
                             frame->context->hook_data))
    {
      g_clear_error (&local);
      vt_xpath_value_free (result);
      return NULL;
    }
  *handled = TRUE;
  if (local != NULL)
    {
      vt_xpath_value_free (result);
      g_propagate_error (error, local);
      return NULL;
    }
  return result != NULL ? result : vt_xpath_value_new_string ("");
}

static VtXPathResult
fn_hooked (Ast *call, VtXPathFrame *frame, GError **error)
{
  gboolean handled;
  VtXPathResult result = call_hook (call, frame, error, &handled);

  if (handled)
    return result;
  return vt_xpath_call_error (error, call, _("only a loaded form can answer this function"));
}

/* pulldata(instance, wanted, key_column, key): from a secondary instance
 * when the form has it inline; otherwise the form's hook (CSV media). */
static VtXPathResult
fn_pulldata (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autofree char *id = NULL, *wanted = NULL, *column = NULL, *key = NULL;
  xmlDoc *doc = NULL;
  xmlNode *root;

  if (!vt_xpath_arg_string (call, 0, frame, &id, error) ||
      !vt_xpath_arg_string (call, 1, frame, &wanted, error) ||
      !vt_xpath_arg_string (call, 2, frame, &column, error) ||
      !vt_xpath_arg_string (call, 3, frame, &key, error))
    return NULL;
  if (frame->context->instances != NULL)
    doc = g_hash_table_lookup (frame->context->instances, id);
  if (doc == NULL)
    {
      gboolean handled;
      VtXPathResult result = call_hook (call, frame, error, &handled);

      if (handled)
        return result;
      g_set_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_EVALUATION,
                   _("pulldata() at character %d: the form has no instance “%s”"),
                   call->position, id);
      return NULL;
    }
  root = xmlDocGetRootElement (doc);
  for (xmlNode *item = root != NULL ? root->children : NULL; item != NULL; item = item->next)
    {
      xmlNode *match = NULL, *value = NULL;

      if (item->type != XML_ELEMENT_NODE)
        continue;
      for (xmlNode *c = item->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
          {
            if (strcmp ((const char *) c->name, column) == 0)
              match = c;
            if (strcmp ((const char *) c->name, wanted) == 0)
              value = c;
          }
      if (match != NULL)
        {
          g_autofree char *s = vt_xpath_node_string_value (match);

          if (g_str_equal (s, key))
            return vt_xpath_string_result (vt_xpath_node_string_value (value));
        }
    }
  return vt_xpath_value_new_string ("");
}

/* vt:id-valid(VALUE, SCHEME): check digits of national identifiers
 * (docs/FORMS.md).  An unknown scheme is false, not an error, as the form
 * authors' documentation promises. */
static VtXPathResult
fn_id_valid (Ast *call, VtXPathFrame *frame, GError **error)
{
  g_autofree char *value = NULL, *scheme = NULL;

  if (!two_strings (call, frame, &value, &scheme, error))
    return NULL;
  g_strstrip (scheme);
  return vt_xpath_value_new_boolean (vt_national_id_is_valid (scheme, value));
}

/* ------------------------------------------------------------------ */
/* The table                                                           */

#define ANY -1

static const VtXPathFunction functions[] = {
  /* XPath 1.0 core */
  { "boolean", 1, 1, fn_boolean, NULL, FALSE },
  { "ceiling", 1, 1, fn_ceiling, NULL, FALSE },
  { "concat", 1, ANY, fn_concat, NULL, FALSE },
  { "contains", 2, 2, fn_contains, NULL, FALSE },
  { "count", 1, 1, fn_count, NULL, FALSE },
  { "false", 0, 0, fn_false, NULL, FALSE },
  { "floor", 1, 1, fn_floor, NULL, FALSE },
  { "last", 0, 0, fn_last, NULL, FALSE },
  { "local-name", 0, 1, fn_local_name, NULL, TRUE },
  { "name", 0, 1, fn_name, NULL, TRUE },
  { "namespace-uri", 0, 1, fn_namespace_uri, NULL, TRUE },
  { "normalize-space", 0, 1, fn_normalize_space, NULL, TRUE },
  { "not", 1, 1, fn_not, NULL, FALSE },
  { "number", 0, 1, fn_number, NULL, TRUE },
  { "position", 0, 1, fn_position, NULL, FALSE },
  { "round", 1, 2, fn_round, NULL, FALSE },
  { "starts-with", 2, 2, fn_starts_with, NULL, FALSE },
  { "string", 0, 1, fn_string, NULL, TRUE },
  { "string-length", 0, 1, fn_string_length, NULL, TRUE },
  { "substring", 2, 3, fn_substring, NULL, FALSE },
  { "substring-after", 2, 2, fn_substring_after, NULL, FALSE },
  { "substring-before", 2, 2, fn_substring_before, NULL, FALSE },
  { "sum", 1, 1, fn_sum, NULL, FALSE },
  { "translate", 3, 3, fn_translate, NULL, FALSE },
  { "true", 0, 0, fn_true, NULL, FALSE },

  /* ODK XForms */
  { "abs", 1, 1, fn_abs, NULL, FALSE },
  { "acos", 1, 1, fn_acos, NULL, FALSE },
  { "area", 1, 1, vt_xpath_fn_area, NULL, FALSE },
  { "asin", 1, 1, fn_asin, NULL, FALSE },
  { "atan", 1, 1, fn_atan, NULL, FALSE },
  { "atan2", 2, 2, fn_atan2, NULL, FALSE },
  { "base64-decode", 1, 1, fn_base64_decode, NULL, FALSE },
  { "boolean-from-string", 1, 1, fn_boolean_from_string, NULL, FALSE },
  { "checklist", 2, ANY, fn_checklist, NULL, FALSE },
  { "coalesce", 2, ANY, fn_coalesce, NULL, FALSE },
  { "cos", 1, 1, fn_cos, NULL, FALSE },
  { "count-non-empty", 1, 1, fn_count_non_empty, NULL, FALSE },
  { "count-selected", 1, 1, fn_count_selected, NULL, FALSE },
  { "current", 0, 0, fn_current, NULL, FALSE },
  { "date", 1, 1, vt_xpath_fn_date, NULL, FALSE },
  { "date-time", 1, 1, vt_xpath_fn_date_time, NULL, FALSE },
  { "decimal-date", 1, 1, vt_xpath_fn_decimal_date_time, NULL, FALSE },
  { "decimal-date-time", 1, 1, vt_xpath_fn_decimal_date_time, NULL, FALSE },
  { "decimal-time", 1, 1, vt_xpath_fn_decimal_time, NULL, FALSE },
  { "digest", 2, 3, fn_digest, check_digest, FALSE },
  { "distance", 1, ANY, vt_xpath_fn_distance, NULL, FALSE },
  { "ends-with", 2, 2, fn_ends_with, NULL, FALSE },
  { "exp", 1, 1, fn_exp, NULL, FALSE },
  { "exp10", 1, 1, fn_exp10, NULL, FALSE },
  { "format-date", 2, 2, vt_xpath_fn_format_date, NULL, FALSE },
  { "format-date-time", 2, 2, vt_xpath_fn_format_date, NULL, FALSE },
  { "geofence", 2, 2, vt_xpath_fn_geofence, NULL, FALSE },
  { "if", 3, 3, fn_if, NULL, FALSE },
  { "indexed-repeat", 3, 7, fn_indexed_repeat, check_indexed_repeat, FALSE },
  { "instance", 1, 1, fn_instance, NULL, FALSE },
  { "int", 1, 1, fn_int, NULL, FALSE },
  { "join", 1, ANY, fn_join, NULL, FALSE },
  { "jr:choice-name", 2, 2, fn_hooked, NULL, FALSE },
  { "jr:itext", 1, 1, fn_hooked, NULL, FALSE },
  { "log", 1, 1, fn_log, NULL, FALSE },
  { "log10", 1, 1, fn_log10, NULL, FALSE },
  { "max", 1, ANY, fn_max, NULL, FALSE },
  { "min", 1, ANY, fn_min, NULL, FALSE },
  { "now", 0, 0, vt_xpath_fn_now, NULL, FALSE },
  { "once", 1, 1, fn_once, NULL, FALSE },
  { "pi", 0, 0, fn_pi, NULL, FALSE },
  { "pow", 2, 2, fn_pow, NULL, FALSE },
  { "pulldata", 4, 4, fn_pulldata, NULL, FALSE },
  { "random", 0, 0, fn_random, NULL, FALSE },
  { "randomize", 1, 2, fn_randomize, NULL, FALSE },
  { "regex", 2, 2, fn_regex, check_regex, FALSE },
  { "selected", 2, 2, fn_selected, NULL, FALSE },
  { "selected-at", 2, 2, fn_selected_at, NULL, FALSE },
  { "sin", 1, 1, fn_sin, NULL, FALSE },
  { "sqrt", 1, 1, fn_sqrt, NULL, FALSE },
  { "substr", 2, 3, fn_substr, NULL, FALSE },
  { "tan", 1, 1, fn_tan, NULL, FALSE },
  { "today", 0, 0, vt_xpath_fn_today, NULL, FALSE },
  { "uuid", 0, 1, fn_uuid, NULL, FALSE },
  { "vt:id-valid", 2, 2, fn_id_valid, NULL, FALSE },
  { "weighted-checklist", 2, ANY, fn_weighted_checklist, check_weighted_checklist, FALSE },
};

const VtXPathFunction *
vt_xpath_function_lookup (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (functions); i++)
    if (g_str_equal (functions[i].name, name))
      return &functions[i];
  return NULL;
}
