/* What an expression reads: the instance paths it depends on, found
 * from its tree without an instance (for the form's dependency graph). */
#define G_LOG_DOMAIN "vt-xpath"

#include "config.h"

#include <string.h>

#include "vt-xpath-private.h"

/* ------------------------------------------------------------------ */
/* References                                                          */

/* Where a sub-expression is evaluated, as far as can be known without an
 * instance: a primary-instance path (segments), or somewhere else (a
 * secondary instance, or an unknown node). */
typedef struct
{
  gboolean   known;
  GPtrArray *segments;  /* char * */
} Location;

typedef struct
{
  GPtrArray  *out;
  GHashTable *seen;
  Location    current;  /* what current() is */
} RefState;

static Location
location_copy (const Location *loc)
{
  Location copy = { loc->known, g_ptr_array_new_with_free_func (g_free) };

  if (loc->known)
    for (guint i = 0; i < loc->segments->len; i++)
      g_ptr_array_add (copy.segments, g_strdup (loc->segments->pdata[i]));
  return copy;
}

static void
location_clear (Location *loc)
{
  g_clear_pointer (&loc->segments, g_ptr_array_unref);
}

static void
location_emit (RefState       *state,
               const Location *loc)
{
  GString *path;

  if (!loc->known)
    return;
  path = g_string_new (NULL);
  for (guint i = 0; i < loc->segments->len; i++)
    {
      g_string_append_c (path, '/');
      g_string_append (path, loc->segments->pdata[i]);
    }
  if (path->len == 0)
    g_string_append_c (path, '/');
  /* g_hash_table_add() would replace an equal key with this one, which
   * is freed right after: test first. */
  if (g_hash_table_contains (state->seen, path->str))
    {
      g_string_free (path, TRUE);
      return;
    }
  g_hash_table_add (state->seen, path->str);
  g_ptr_array_add (state->out, g_string_free (path, FALSE));
}

static Location
location_from_path (const char *path)
{
  Location loc = { TRUE, g_ptr_array_new_with_free_func (g_free) };
  g_auto(GStrv) parts = NULL;

  /* No context path: relative paths start at the root. */
  if (path == NULL || path[0] == '\0')
    return loc;
  if (path[0] != '/')
    {
      loc.known = FALSE;
      return loc;
    }
  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *bracket = strchr (parts[i], '[');
      char *colon;
      const char *name;

      if (bracket != NULL)
        *bracket = '\0';
      if (parts[i][0] == '\0')
        continue;
      colon = strchr (parts[i], ':');
      name = colon != NULL && parts[i][0] != '@' ? colon + 1 : parts[i];
      g_ptr_array_add (loc.segments, g_strdup (name));
    }
  return loc;
}

static void refs_walk (Ast *ast, const Location *context, RefState *state);

static void
refs_walk_list (GPtrArray      *list,
                const Location *context,
                RefState       *state)
{
  if (list != NULL)
    for (guint i = 0; i < list->len; i++)
      refs_walk (list->pdata[i], context, state);
}

/* Follows one step statically; after an axis that cannot be followed by
 * name (descendant, following, ...) the location becomes the deepest known
 * ancestor, which the caller emits as "this subtree". */
static gboolean
location_step (Location *loc,
               AstStep  *step,
               RefState *state)
{
  if (!loc->known)
    return FALSE;

  switch (step->axis)
    {
    case AXIS_SELF:
      return TRUE;
    case AXIS_PARENT:
      if (loc->segments->len > 0)
        g_ptr_array_remove_index (loc->segments, loc->segments->len - 1);
      return TRUE;
    case AXIS_CHILD:
      if (step->test == TEST_NAME)
        {
          g_ptr_array_add (loc->segments, g_strdup (step->local));
          return TRUE;
        }
      return FALSE;
    case AXIS_ATTRIBUTE:
      if (step->test == TEST_NAME)
        {
          g_ptr_array_add (loc->segments, g_strdup_printf ("@%s", step->local));
          return TRUE;
        }
      return FALSE;
    default:
      return FALSE;
    }
}

static void
refs_walk_path (Ast            *ast,
                const Location *context,
                RefState       *state)
{
  Location loc = { FALSE, NULL };
  gboolean exact = TRUE;

  if (ast->filter != NULL)
    {
      Ast *filter = ast->filter;

      if (filter->kind == AST_FUNCTION && g_str_equal (filter->name, "current"))
        loc = location_copy (&state->current);
      else
        {
          /* instance('x'), a function returning nodes, a parenthesised
           * path: its own references count; where the steps after it
           * lead is not known statically (for instance('x') it is a
           * secondary instance, which is left out on purpose). */
          refs_walk (filter, context, state);
          loc.known = FALSE;
          loc.segments = g_ptr_array_new_with_free_func (g_free);
        }
      refs_walk_list (ast->filter_predicates, &loc, state);
    }
  else if (ast->absolute)
    {
      loc.known = TRUE;
      loc.segments = g_ptr_array_new_with_free_func (g_free);
    }
  else
    loc = location_copy (context);

  if (ast->steps != NULL)
    for (guint i = 0; i < ast->steps->len; i++)
      {
        AstStep *step = ast->steps->pdata[i];

        if (exact && !location_step (&loc, step, state))
          {
            /* The rest reads somewhere under here: report the subtree. */
            location_emit (state, &loc);
            exact = FALSE;
            loc.known = FALSE;
          }
        if (step->predicates != NULL)
          {
            /* Which nodes exist and their positions matter too. */
            location_emit (state, &loc);
            refs_walk_list (step->predicates, &loc, state);
          }
      }

  if (exact)
    location_emit (state, &loc);
  location_clear (&loc);
}

static void
refs_walk (Ast            *ast,
           const Location *context,
           RefState       *state)
{
  switch (ast->kind)
    {
    case AST_NUMBER:
    case AST_STRING:
      break;
    case AST_NEGATE:
      refs_walk (ast->left, context, state);
      break;
    case AST_BINARY:
      refs_walk (ast->left, context, state);
      refs_walk (ast->right, context, state);
      break;
    case AST_FUNCTION:
      if (g_str_equal (ast->name, "current"))
        location_emit (state, &state->current);
      else if (g_str_equal (ast->name, "instance"))
        ; /* secondary instances are not the session's to track */
      else if ((ast->args->len == 0 && ast->function->reads_context) ||
               g_str_equal (ast->name, "once"))
        location_emit (state, context);
      refs_walk_list (ast->args, context, state);
      break;
    case AST_PATH:
      refs_walk_path (ast, context, state);
      break;
    default:
      break;
    }
}

GPtrArray *
vt_xpath_expr_get_references (VtXPathExpr *expr,
                              const char  *context_path)
{
  RefState state;
  Location context;

  g_return_val_if_fail (expr != NULL, NULL);

  state.out = g_ptr_array_new_with_free_func (g_free);
  state.seen = g_hash_table_new (g_str_hash, g_str_equal);
  context = location_from_path (context_path);
  state.current = location_copy (&context);

  refs_walk (expr->root, &context, &state);

  location_clear (&context);
  location_clear (&state.current);
  g_hash_table_unref (state.seen);
  return state.out;
}
