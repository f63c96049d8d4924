/* A form's dependency graph: every relevant, calculate and jr:count
 * expression in topological order, with what a change must re-queue. */
#define G_LOG_DOMAIN "vt-form"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vt-form-private.h"

gboolean
vt_form_is_repeat_path (VtForm     *self,
                        const char *path)
{
  return g_hash_table_contains (self->repeats, path);
}

const char *
vt_form_enclosing_repeat (VtForm     *self,
                          const char *path)
{
  g_autofree char *p = g_strdup (path);
  char *slash;

  while (p[0] != '\0')
    {
      VtRepeatDef *def = g_hash_table_lookup (self->repeats, p);
      if (def != NULL)
        return def->path;
      slash = strrchr (p, '/');
      if (slash == NULL)
        break;
      *slash = '\0';
    }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Dependency graph                                                    */

static const char * const non_local_markers[] = {
  "sum(", "count(", "max(", "min(", "join(", "indexed-repeat", "count-non-empty", "position",
  "[", "instance(", "last(", NULL,
};

static void
add_part_references (GPtrArray  *references,
                     GPtrArray  *parts,
                     const char *context_path)
{
  for (guint i = 0; parts != NULL && i < parts->len; i++)
    {
      VtTextPart *part = g_ptr_array_index (parts, i);
      g_autoptr(GPtrArray) refs = NULL;

      if (part->expr == NULL)
        continue;
      refs = vt_xpath_expr_get_references (part->expr, context_path);
      for (guint j = 0; refs != NULL && j < refs->len; j++)
        if (!g_ptr_array_find_with_equal_func (references, g_ptr_array_index (refs, j), g_str_equal, NULL))
          g_ptr_array_add (references, g_strdup (g_ptr_array_index (refs, j)));
    }
}

/* jr:choice-name() gives a choice's label as shown, <output>s filled in:
 * what those outputs read, it reads too. */
static void
add_choice_label_references (VtForm    *self,
                             GPtrArray *references)
{
  static const char * const forms[] = { "default", "long", "short" };
  GHashTableIter iter;
  VtControl *control;

  g_hash_table_iter_init (&iter, self->controls);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &control))
    for (guint i = 0; control->items != NULL && i < control->items->len; i++)
      {
        VtTextDef *label = ((VtItem *) g_ptr_array_index (control->items, i))->label;

        if (label == NULL)
          continue;
        add_part_references (references, label->parts, control->path);
        if (label->itext_id == NULL)
          continue;
        for (guint l = 0; l < self->languages->len; l++)
          {
            const char *language = g_ptr_array_index (self->languages, l);

            for (guint f = 0; language != NULL && f < G_N_ELEMENTS (forms); f++)
              add_part_references (references,
                                   vt_form_lookup_itext (self, language, label->itext_id, forms[f]),
                                   control->path);
          }
      }
}

static void
add_computation (VtFormLoader  *loader,
                 VtComputeKind  kind,
                 const char    *path,
                 VtXPathExpr   *expr)
{
  VtForm *self = loader->form;
  VtComputation *comp = g_new0 (VtComputation, 1);
  const char *repeat;
  const char *text = vt_xpath_expr_get_text (expr);

  comp->kind = kind;
  comp->path = g_strdup (path);
  comp->expr = expr;
  comp->references = vt_xpath_expr_get_references (expr, path);
  if (comp->references == NULL)
    comp->references = g_ptr_array_new_with_free_func (g_free);
  if (strstr (text, "choice-name") != NULL)
    add_choice_label_references (self, comp->references);

  /* An expression inside a repeat that only reads its own instance's
   * fields need not be re-evaluated in every other instance. */
  repeat = vt_form_enclosing_repeat (self, path);
  if (kind != VT_COMPUTE_COUNT && repeat != NULL)
    {
      gboolean local = TRUE;

      for (guint i = 0; non_local_markers[i] != NULL && local; i++)
        if (strstr (text, non_local_markers[i]) != NULL)
          local = FALSE;
      if (local)
        comp->local_repeat = g_strdup (repeat);
    }
  g_ptr_array_add (self->computations, comp);
}

static const char *
compute_kind_name (VtComputeKind kind)
{
  switch (kind)
    {
    case VT_COMPUTE_RELEVANT:
      return "relevant";
    case VT_COMPUTE_CALCULATE:
      return "calculate";
    case VT_COMPUTE_COUNT:
      return "jr:count";
    default:
      g_assert_not_reached ();
    }
}

/* X -> Y when Y reads what X writes: a calculate writes its node; a
 * relevant or jr:count changes its node and everything under it. */
static GPtrArray *
successors (VtForm        *self,
            VtComputation *comp,
            GPtrArray     *reader_paths)
{
  GPtrArray *out = g_ptr_array_new ();

  if (comp->kind == VT_COMPUTE_CALCULATE)
    {
      GPtrArray *readers = g_hash_table_lookup (self->readers, comp->path);
      /* once() reads its own node on purpose: keep the value it has. */
      gboolean once = strstr (vt_xpath_expr_get_text (comp->expr), "once(") != NULL;

      for (guint i = 0; readers != NULL && i < readers->len; i++)
        if (!(once && g_ptr_array_index (readers, i) == comp))
          g_ptr_array_add (out, g_ptr_array_index (readers, i));
    }
  else
    {
      for (guint j = 0; j < reader_paths->len; j++)
        {
          const char *path = g_ptr_array_index (reader_paths, j);
          GPtrArray *readers;

          if (!vt_form_path_is_under (path, comp->path))
            continue;
          readers = g_hash_table_lookup (self->readers, path);
          for (guint i = 0; i < readers->len; i++)
            {
              VtComputation *reader = g_ptr_array_index (readers, i);

              if (reader == comp)
                continue;
              /* A jr:count is not ordered before what reads its repeat from
               * outside (count(), sum(), indexed-repeat() over the
               * instances): "add households until the last says no" counts
               * the instances to decide how many there are, a fixed point
               * that JavaRosa and Web Forms reach by re-evaluating on each
               * instance added, not a cycle.  The session does the same:
               * adding or removing an instance re-queues every reader of
               * the repeat (vt-session-repeat.c). */
              if (comp->kind == VT_COMPUTE_COUNT && !vt_form_path_is_under (reader->path, comp->path))
                continue;
              g_ptr_array_add (out, reader);
            }
        }
    }
  return out;
}

static int
compare_path_strings (gconstpointer a,
                      gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static int
compare_comp_paths (gconstpointer a,
                    gconstpointer b)
{
  const VtComputation *ca = *(const VtComputation * const *) a;
  const VtComputation *cb = *(const VtComputation * const *) b;
  int c = strcmp (ca->path, cb->path);

  return c != 0 ? c : (ca->order > cb->order) - (ca->order < cb->order);
}

/* The first index in sorted (by path) whose path is >= key. */
static guint
lower_bound (GPtrArray   *sorted,
             const char  *key,
             const char *(*path_of) (gpointer))
{
  guint lo = 0;
  guint hi = sorted->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (strcmp (path_of (g_ptr_array_index (sorted, mid)), key) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static const char *
string_path (gpointer data)
{
  return data;
}

static const char *
comp_path (gpointer data)
{
  return ((VtComputation *) data)->path;
}

/* Calls func for every element whose path is path or under it: two ranges
 * of the sorted array, path itself and path + "/…". */
static void
for_each_under (GPtrArray   *sorted,
                const char  *path,
                const char *(*path_of) (gpointer),
                GFunc        func,
                gpointer     user_data)
{
  g_autofree char *below = g_strconcat (path, "/", NULL);

  for (guint i = lower_bound (sorted, path, path_of);
       i < sorted->len && g_str_equal (path_of (g_ptr_array_index (sorted, i)), path); i++)
    func (g_ptr_array_index (sorted, i), user_data);
  for (guint i = lower_bound (sorted, below, path_of);
       i < sorted->len && g_str_has_prefix (path_of (g_ptr_array_index (sorted, i)), below); i++)
    func (g_ptr_array_index (sorted, i), user_data);
}

typedef struct
{
  VtForm        *form;
  GPtrArray     *out;
  GHashTable    *seen;
  VtComputation *except;
} UnderState;

static void
add_readers_cb (gpointer data,
                gpointer user_data)
{
  UnderState *state = user_data;
  GPtrArray *readers = g_hash_table_lookup (state->form->readers, data);

  for (guint i = 0; i < readers->len; i++)
    if (g_hash_table_add (state->seen, g_ptr_array_index (readers, i)))
      g_ptr_array_add (state->out, g_ptr_array_index (readers, i));
}

static void
add_comp_cb (gpointer data,
             gpointer user_data)
{
  UnderState *state = user_data;

  if (data != state->except)
    g_ptr_array_add (state->out, data);
}

static void
subtree_lists (VtForm        *self,
               GPtrArray     *sorted_readers,
               GPtrArray     *sorted_comps,
               const char    *path,
               VtComputation *except,
               GPtrArray    **inner,
               GPtrArray    **readers_under)
{
  UnderState state = { self, NULL, NULL, except };

  state.out = g_ptr_array_new ();
  for_each_under (sorted_comps, path, comp_path, add_comp_cb, &state);
  *inner = state.out;

  state.out = g_ptr_array_new ();
  state.seen = g_hash_table_new (NULL, NULL);
  for_each_under (sorted_readers, path, string_path, add_readers_cb, &state);
  g_hash_table_unref (state.seen);
  *readers_under = state.out;
}

static void
build_subtree_index (VtForm    *self,
                     GPtrArray *reader_paths)
{
  g_autoptr(GPtrArray) sorted_readers = g_ptr_array_copy (reader_paths, NULL, NULL);
  g_autoptr(GPtrArray) sorted_comps = g_ptr_array_copy (self->computations, NULL, NULL);
  GHashTableIter iter;
  VtRepeatDef *def;

  /* g_ptr_array_copy keeps the free function: these arrays only borrow. */
  g_ptr_array_set_free_func (sorted_readers, NULL);
  g_ptr_array_set_free_func (sorted_comps, NULL);
  g_ptr_array_sort (sorted_readers, compare_path_strings);
  g_ptr_array_sort (sorted_comps, compare_comp_paths);

  for (guint i = 0; i < self->computations->len; i++)
    {
      VtComputation *comp = g_ptr_array_index (self->computations, i);
      if (comp->kind == VT_COMPUTE_RELEVANT)
        subtree_lists (self, sorted_readers, sorted_comps, comp->path, comp,
                       &comp->inner, &comp->readers_under);
    }
  g_hash_table_iter_init (&iter, self->repeats);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &def))
    subtree_lists (self, sorted_readers, sorted_comps, def->path, NULL, &def->inner, &def->readers_under);
}

/* Every relevant and calculate of the binds, in document order, and every
 * repeat's jr:count. */
static void
collect_computations (VtFormLoader *loader)
{
  VtForm *self = loader->form;
  GHashTableIter iter;
  VtRepeatDef *def;

  self->computations = g_ptr_array_new_with_free_func (vt_computation_free);
  for (guint i = 0; i < self->bind_list->len; i++)
    {
      VtBind *bind = g_ptr_array_index (self->bind_list, i);

      if (bind->relevant != NULL)
        add_computation (loader, VT_COMPUTE_RELEVANT, bind->path, bind->relevant);
      if (bind->calculate != NULL)
        add_computation (loader, VT_COMPUTE_CALCULATE, bind->path, bind->calculate);
    }

  g_hash_table_iter_init (&iter, self->repeats);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &def))
    if (def->control->repeat_count != NULL)
      add_computation (loader, VT_COMPUTE_COUNT, def->path, def->control->repeat_count);
}

/* self->readers: each path read, and the computations that read it. */
static void
index_readers (VtForm *self)
{
  self->readers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < self->computations->len; i++)
    {
      VtComputation *comp = g_ptr_array_index (self->computations, i);

      for (guint j = 0; j < comp->references->len; j++)
        {
          const char *ref = g_ptr_array_index (comp->references, j);
          GPtrArray *readers = g_hash_table_lookup (self->readers, ref);

          if (readers == NULL)
            {
              readers = g_ptr_array_new ();
              g_hash_table_insert (self->readers, g_strdup (ref), readers);
            }
          if (readers->len == 0 || g_ptr_array_index (readers, readers->len - 1) != comp)
            g_ptr_array_add (readers, comp);
        }
    }
}

/* A predecessor of `at` that the sort left blocked.  Every blocked
 * computation has one (that is why it is blocked), so walking back always
 * ends in a cycle; walking forward could stop at a computation that is
 * only behind a cycle and report it as reading itself. */
static guint
blocked_predecessor (GPtrArray   *succ,
                     guint        at,
                     const guint *indegree)
{
  for (guint i = 0; i < succ->len; i++)
    {
      GPtrArray *s = g_ptr_array_index (succ, i);

      if (indegree[i] == 0)
        continue;
      for (guint j = 0; j < s->len; j++)
        if (((VtComputation *) g_ptr_array_index (s, j))->order == at)
          return i;
    }
  g_assert_not_reached ();
}

/* One cycle among what the sort left blocked, as "a (kind) → b (kind) → a",
 * for the form's author. */
static char *
describe_cycle (GPtrArray   *unordered,
                GPtrArray   *succ,
                const guint *indegree)
{
  guint n = unordered->len;
  g_autoptr(GString) cycle = g_string_new (NULL);
  g_autoptr(GArray) walk = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree gboolean *seen = g_new0 (gboolean, n);
  guint start = 0;
  guint at;

  for (guint i = 0; i < n; i++)
    {
      if (indegree[i] > 0)
        {
          start = i;
          break;
        }
    }
  /* Walk back through blocked predecessors until one repeats. */
  at = start;
  while (!seen[at])
    {
      seen[at] = TRUE;
      at = blocked_predecessor (succ, at, indegree);
    }
  start = at;
  do
    {
      g_array_append_val (walk, at);
      at = blocked_predecessor (succ, at, indegree);
    }
  while (at != start);
  /* Said forwards: each one is read by the next. */
  for (guint i = walk->len; i-- > 0;)
    {
      VtComputation *comp = g_ptr_array_index (unordered, g_array_index (walk, guint, i));

      g_string_append_printf (cycle, "%s (%s) → ", comp->path, compute_kind_name (comp->kind));
    }
  g_string_append_printf (cycle, "%s",
                          ((VtComputation *) g_ptr_array_index (unordered, g_array_index (walk, guint, walk->len - 1)))->path);
  return g_string_free (g_steal_pointer (&cycle), FALSE);
}

/* Puts self->computations in topological order (Kahn's algorithm, in
 * document order); what is left over is a cycle, which fails the load. */
static void
sort_computations (VtFormLoader *loader,
                   GPtrArray    *reader_paths)
{
  VtForm *self = loader->form;
  g_autoptr(GPtrArray) unordered = NULL;
  g_autoptr(GPtrArray) succ = NULL;
  g_autofree guint *indegree = NULL;
  g_autoptr(GQueue) queue = g_queue_new ();
  guint n = self->computations->len;

  indegree = g_new0 (guint, n);
  succ = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < n; i++)
    {
      VtComputation *comp = g_ptr_array_index (self->computations, i);
      comp->order = i;   /* temporarily: the index */
    }
  for (guint i = 0; i < n; i++)
    {
      GPtrArray *s = successors (self, g_ptr_array_index (self->computations, i), reader_paths);
      for (guint j = 0; j < s->len; j++)
        indegree[((VtComputation *) g_ptr_array_index (s, j))->order]++;
      g_ptr_array_add (succ, s);
    }
  for (guint i = 0; i < n; i++)
    if (indegree[i] == 0)
      g_queue_push_tail (queue, GUINT_TO_POINTER (i));

  unordered = self->computations;
  self->computations = g_ptr_array_new_with_free_func (vt_computation_free);
  g_ptr_array_set_free_func (unordered, NULL);
  while (!g_queue_is_empty (queue))
    {
      guint i = GPOINTER_TO_UINT (g_queue_pop_head (queue));
      GPtrArray *s = g_ptr_array_index (succ, i);

      g_ptr_array_add (self->computations, g_ptr_array_index (unordered, i));
      for (guint j = 0; j < s->len; j++)
        {
          guint k = ((VtComputation *) g_ptr_array_index (s, j))->order;
          if (--indegree[k] == 0)
            g_queue_push_tail (queue, GUINT_TO_POINTER (k));
        }
    }

  if (self->computations->len < n)
    {
      g_autofree char *cycle = describe_cycle (unordered, succ, indegree);

      vt_form_set_error (loader, VT_FORM_ERROR_CYCLE,
                         _("the calculations and relevance conditions depend on each other in a cycle: %s"),
                         cycle);
      /* Still owned by the form, to be freed with it. */
      for (guint i = 0; i < n; i++)
        if (indegree[i] > 0)
          g_ptr_array_add (self->computations, g_ptr_array_index (unordered, i));
    }

  for (guint i = 0; i < self->computations->len; i++)
    ((VtComputation *) g_ptr_array_index (self->computations, i))->order = i;
}

void
vt_form_build_graph (VtFormLoader *loader)
{
  VtForm *self = loader->form;
  g_autoptr(GPtrArray) reader_paths = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  collect_computations (loader);
  index_readers (self);

  g_hash_table_iter_init (&iter, self->readers);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (reader_paths, key);

  sort_computations (loader, reader_paths);
  build_subtree_index (self, reader_paths);
}
