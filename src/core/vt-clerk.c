/* The clerk's PIN: setting and checking its Argon2id hash, and the
 * lockout that grows with each wrong PIN. */
#define G_LOG_DOMAIN "vt-clerk"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <sodium.h>
#include <string.h>

#include "vt-clerk.h"

G_DEFINE_QUARK (vt-clerk-error-quark, vt_clerk_error)

gboolean
vt_clerk_init (GError **error)
{
  static gsize initialised = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&initialised))
    {
      /* 0: started now, 1: already started elsewhere; both are fine. */
      ok = sodium_init () >= 0;
      g_once_init_leave (&initialised, 1);
    }

  if (!ok)
    g_set_error (error, VT_CLERK_ERROR, VT_CLERK_ERROR_CRYPTO,
                 _("The cryptography library could not start, so the clerk PIN cannot be checked. "
                   "Restart the kiosk; if it happens again, call technical support."));
  return ok;
}

gboolean
vt_clerk_pin_is_valid (const char  *pin,
                       GError     **error)
{
  gsize n = pin != NULL ? strlen (pin) : 0;

  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (pin[i]))
      {
        n = 0;
        break;
      }

  if (n < VT_CLERK_PIN_MIN_DIGITS || n > VT_CLERK_PIN_MAX_DIGITS)
    {
      g_set_error (error, VT_CLERK_ERROR, VT_CLERK_ERROR_BAD_PIN,
                   _("A clerk PIN is %d to %d digits (0–9), nothing else; choose one and type it again."),
                   VT_CLERK_PIN_MIN_DIGITS, VT_CLERK_PIN_MAX_DIGITS);
      return FALSE;
    }

  return TRUE;
}

gint64
vt_clerk_lockout_usec (guint failures)
{
  gint64 wait = VT_CLERK_LOCKOUT_MIN_USEC;

  if (failures < VT_CLERK_FREE_ATTEMPTS)
    return 0;

  for (guint i = VT_CLERK_FREE_ATTEMPTS; i < failures && wait < VT_CLERK_LOCKOUT_MAX_USEC; i++)
    wait *= 2;

  return MIN (wait, VT_CLERK_LOCKOUT_MAX_USEC);
}

gboolean
vt_clerk_has_pin (VtStore   *store,
                  gboolean  *has_pin,
                  GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *hash = vt_store_get_meta (store, VT_STORE_META_CLERK_PIN, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *has_pin = hash != NULL && hash[0] != '\0';
  return TRUE;
}

/* "<failures> <locked until>" as the meta table keeps it. */
static void
parse_lockout (const char *text,
               guint      *failures,
               gint64     *locked_until)
{
  guint64 f = 0;
  gint64 until = 0;

  if (text != NULL)
    {
      g_auto(GStrv) words = g_strsplit (text, " ", 3);

      /* An unreadable value counts as the strictest state, not as none:
       * damaging it must not reopen the pad. */
      if (g_strv_length (words) != 2
          || !g_ascii_string_to_unsigned (words[0], 10, 0, G_MAXUINT, &f, NULL)
          || !g_ascii_string_to_signed (words[1], 10, 0, G_MAXINT64, &until, NULL))
        {
          f = VT_CLERK_FREE_ATTEMPTS + 16;
          until = G_MAXINT64;
        }
    }

  *failures = (guint) f;
  *locked_until = until;
}

/* A clock set back (or a damaged value) must not lock clerks out for
 * longer than the longest lockout. */
static gint64
clamp_lockout (gint64 until,
               gint64 now)
{
  if (until > now && until - now > VT_CLERK_LOCKOUT_MAX_USEC)
    until = now + VT_CLERK_LOCKOUT_MAX_USEC;
  return until > now ? until : 0;
}

static gboolean
load_lockout (VtStore  *store,
              guint    *failures,
              gint64   *locked_until,
              GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = vt_store_get_meta (store, VT_CLERK_META_LOCKOUT, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  parse_lockout (text, failures, locked_until);
  return TRUE;
}

static gboolean
save_lockout (VtStore  *store,
              guint     failures,
              gint64    locked_until,
              GError  **error)
{
  g_autofree char *text = g_strdup_printf ("%u %" G_GINT64_FORMAT, failures, locked_until);

  return vt_store_set_meta (store, VT_CLERK_META_LOCKOUT, text, error);
}

gboolean
vt_clerk_get_lockout (VtStore  *store,
                      gint64    now,
                      guint    *failures,
                      gint64   *locked_until,
                      GError  **error)
{
  guint f = 0;
  gint64 until = 0;

  g_return_val_if_fail (store != NULL, FALSE);

  if (!load_lockout (store, &f, &until, error))
    return FALSE;
  until = clamp_lockout (until, now);

  if (failures != NULL)
    *failures = f;
  if (locked_until != NULL)
    *locked_until = until;
  return TRUE;
}

static char *
format_time (gint64 usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("?");
}

gboolean
vt_clerk_set_pin (VtStore     *store,
                  const char  *pin,
                  GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (store != NULL, FALSE);

  if (!vt_clerk_init (error) || !vt_clerk_pin_is_valid (pin, error))
    return FALSE;

  if (crypto_pwhash_str (hash, pin, strlen (pin),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error (error, VT_CLERK_ERROR, VT_CLERK_ERROR_CRYPTO,
                   _("There was not enough memory to protect the PIN. Close other programs and try again."));
      return FALSE;
    }

  if (!vt_store_set_meta (store, VT_STORE_META_CLERK_PIN, hash, error)
      || !save_lockout (store, 0, 0, error)
      || !vt_store_add_event (store, NULL, "pin-set", VT_STORE_ACTOR_CLERK, NULL, error))
    return FALSE;

  return TRUE;
}

/* One attempt, as the lockout saw it when the attempt was let through. */
typedef struct
{
  gint64   now;
  gboolean locked;        /* not let through: the pad is locked */
  guint    failures;      /* wrong PINs in a row, this attempt counted */
  gint64   until;         /* locked until, 0 if open */
} Attempt;

/* In the same transaction as the read: a locked pad lets nothing through,
 * and an attempt let through is counted as wrong before the PIN is
 * checked.  So attempts made at once each see the others' count (four at
 * once used to record one failure and no lockout), and pulling the plug
 * during a check does not give the attempt back.  A right PIN then clears
 * the count. */
static gboolean
reserve_attempt_cb (const char  *value,
                    char       **new_value,
                    gpointer     data)
{
  Attempt *attempt = data;
  guint failures;
  gint64 until, wait;

  parse_lockout (value, &failures, &until);
  until = clamp_lockout (until, attempt->now);
  if (until > 0)
    {
      attempt->locked = TRUE;
      attempt->failures = failures;
      attempt->until = until;
      return FALSE;
    }

  attempt->failures = failures + 1;
  wait = vt_clerk_lockout_usec (attempt->failures);
  attempt->until = wait > 0 ? attempt->now + wait : 0;
  *new_value = g_strdup_printf ("%u %" G_GINT64_FORMAT, attempt->failures, attempt->until);
  return TRUE;
}

VtClerkPinResult
vt_clerk_verify_pin (VtStore     *store,
                     const char  *pin,
                     gint64       now,
                     gint64      *locked_until,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *until_text = NULL;
  Attempt attempt = { .now = now };

  g_return_val_if_fail (store != NULL, VT_CLERK_PIN_ERROR);

  if (locked_until != NULL)
    *locked_until = 0;

  if (!vt_clerk_init (error))
    return VT_CLERK_PIN_ERROR;

  hash = vt_store_get_meta (store, VT_STORE_META_CLERK_PIN, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return VT_CLERK_PIN_ERROR;
    }
  if (hash == NULL || hash[0] == '\0')
    {
      if (!vt_store_add_event (store, NULL, "pin-attempt-no-pin", VT_STORE_ACTOR_CLERK,
                               "no clerk PIN is set", error))
        return VT_CLERK_PIN_ERROR;
      return VT_CLERK_PIN_NOT_SET;
    }

  if (!vt_store_update_meta (store, VT_CLERK_META_LOCKOUT, reserve_attempt_cb, &attempt, error))
    return VT_CLERK_PIN_ERROR;

  if (attempt.locked)
    {
      until_text = format_time (attempt.until);
      detail = g_strdup_printf ("locked until %s after %u wrong PINs", until_text, attempt.failures);
      if (!vt_store_add_event (store, NULL, "pin-locked", VT_STORE_ACTOR_CLERK, detail, error))
        return VT_CLERK_PIN_ERROR;
      if (locked_until != NULL)
        *locked_until = attempt.until;
      return VT_CLERK_PIN_LOCKED;
    }

  /* A malformed PIN is simply wrong: the pad does not tell which rule a
   * guess broke, and it costs an attempt like any other. */
  if (pin != NULL && vt_clerk_pin_is_valid (pin, NULL)
      && crypto_pwhash_str_verify (hash, pin, strlen (pin)) == 0)
    {
      /* Open: forget the failures.  A store that cannot record this still
       * lets the clerk in (they may be there to fix a full disk). */
      if (!save_lockout (store, 0, 0, &local_error)
          || !vt_store_add_event (store, NULL, "pin-ok", VT_STORE_ACTOR_CLERK,
                                  attempt.failures > 1 ? "after wrong PINs" : NULL, &local_error))
        g_message ("Could not record a correct clerk PIN: %s", local_error->message);

      /* Hashes made with weaker limits are upgraded on the next success. */
      if (crypto_pwhash_str_needs_rehash (hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        {
          g_clear_error (&local_error);
          if (!vt_clerk_set_pin (store, pin, &local_error))
            g_message ("Could not upgrade the clerk PIN's hash: %s", local_error->message);
        }
      return VT_CLERK_PIN_OK;
    }

  /* Wrong: the failure was stored before the check. */
  if (attempt.until > 0)
    {
      until_text = format_time (attempt.until);
      detail = g_strdup_printf ("wrong PIN %u in a row; locked until %s", attempt.failures, until_text);
    }
  else
    detail = g_strdup_printf ("wrong PIN %u in a row", attempt.failures);
  if (!vt_store_add_event (store, NULL, "pin-wrong", VT_STORE_ACTOR_CLERK, detail, error))
    return VT_CLERK_PIN_ERROR;

  if (locked_until != NULL)
    *locked_until = attempt.until;
  return VT_CLERK_PIN_WRONG;
}

static xmlNode *
find_child (xmlNode    *parent,
            const char *local_name)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && xmlStrcmp (child->name, (const xmlChar *) local_name) == 0)
      return child;
  return NULL;
}

gboolean
vt_clerk_mark_assisted (VtSubmission  *submission,
                        const char    *clerk_name,
                        GError       **error)
{
  g_autofree char *name = NULL;
  xmlDoc *doc;
  xmlNode *root;
  xmlNode *meta;
  xmlNode *user_id;
  xmlChar *out = NULL;
  int out_len = 0;

  g_return_val_if_fail (submission != NULL && submission->xml != NULL, FALSE);
  g_return_val_if_fail (clerk_name != NULL, FALSE);

  name = g_strstrip (g_strdup (clerk_name));
  if (name[0] == '\0' || strlen (name) > 200 || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, VT_CLERK_ERROR, VT_CLERK_ERROR_SUBMISSION,
                   _("Type the clerk's name (at most 200 characters) to record who helped with this application."));
      return FALSE;
    }

  doc = xmlReadMemory (submission->xml, (int) strlen (submission->xml), NULL, "UTF-8",
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  if (root == NULL || find_child (root, "base64EncryptedKey") != NULL)
    {
      g_set_error (error, VT_CLERK_ERROR, VT_CLERK_ERROR_SUBMISSION,
                   root == NULL
                   ? _("The application could not be read to record the clerk's help; it was not changed.")
                   : _("This service's applications are encrypted, so the clerk's help cannot be added to one "
                       "after it is sealed; it was not changed."));
      xmlFreeDoc (doc);
      return FALSE;
    }

  meta = find_child (root, "meta");
  if (meta == NULL)
    meta = xmlNewChild (root, root->ns, (const xmlChar *) "meta", NULL);
  user_id = find_child (meta, "userID");
  if (user_id == NULL)
    user_id = xmlNewChild (meta, meta->ns, (const xmlChar *) "userID", NULL);
  else
    xmlNodeSetContent (user_id, NULL);
  /* AddContent stores the text as is; serialising escapes it. */
  xmlNodeAddContent (user_id, (const xmlChar *) name);

  xmlDocDumpMemoryEnc (doc, &out, &out_len, "UTF-8");
  xmlFreeDoc (doc);
  if (out == NULL)
    {
      g_set_error (error, VT_CLERK_ERROR, VT_CLERK_ERROR_SUBMISSION,
                   _("There was not enough memory to record the clerk's help; the application was not changed."));
      return FALSE;
    }

  g_free (submission->xml);
  submission->xml = g_strndup ((const char *) out, (gsize) out_len);
  xmlFree (out);
  return TRUE;
}
