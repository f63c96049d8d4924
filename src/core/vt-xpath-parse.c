/* XPath 1.0 text to a tree: the lexer (tokenize), the recursive-descent
 * parser with its bounds, and the checks of function calls. */
#define G_LOG_DOMAIN "vt-xpath"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vt-xpath-private.h"

/* ------------------------------------------------------------------ */
/* Lexer                                                               */

typedef enum
{
  T_EOF,
  T_NUMBER,
  T_LITERAL,
  T_NAME,          /* NCName or QName */
  T_NAME_STAR,     /* prefix:* */
  T_STAR,          /* * as a name test */
  T_SLASH,
  T_DSLASH,
  T_LPAREN,
  T_RPAREN,
  T_LBRACKET,
  T_RBRACKET,
  T_DOT,
  T_DDOT,
  T_AT,
  T_COMMA,
  T_DCOLON,
  T_PIPE,
  T_PLUS,
  T_MINUS,
  T_EQ,
  T_NE,
  T_LT,
  T_LE,
  T_GT,
  T_GE,
  T_AND,
  T_OR,
  T_MOD,
  T_DIV,
  T_MUL,
  T_DOLLAR,
} TokenType;

typedef struct
{
  TokenType  type;
  gsize      offset;   /* bytes into the text */
  gsize      length;
  char      *text;     /* names and literals */
  double     number;
} Token;

typedef struct
{
  const char *text;
  GArray     *tokens;
  guint       index;
  int         depth;
  GError    **error;
} Parser;

static int
char_position (const char *text,
               gsize       offset)
{
  return (int) g_utf8_pointer_to_offset (text, text + offset) + 1;
}

static const char *
token_description (TokenType type)
{
  switch (type)
    {
    case T_EOF: return _("the end of the expression");
    case T_NUMBER: return _("a number");
    case T_LITERAL: return _("a string");
    case T_NAME: case T_NAME_STAR: case T_STAR: return _("a name");
    default: return NULL;
    }
}

static char *
describe_token (Parser *p,
                Token  *token)
{
  const char *generic = token_description (token->type);

  if (token->type == T_EOF)
    return g_strdup (generic);
  if (token->type == T_NAME || token->type == T_NUMBER)
    return g_strdup_printf ("“%.*s”", (int) token->length, p->text + token->offset);
  if (token->type == T_LITERAL)
    return g_strdup_printf ("%s %.*s", generic, (int) MIN (token->length, 40), p->text + token->offset);
  return g_strdup_printf ("“%.*s”", (int) token->length, p->text + token->offset);
}

static gboolean
syntax_error_at (const char  *text,
                 gsize        offset,
                 GError     **error,
                 const char  *expected,
                 const char  *found)
{
  /* Translators: an error in a form expression; the first %d is a
   * 1-based character position, the next %s what should have been there
   * (e.g. "“)”") and the last what was there instead. */
  g_set_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_SYNTAX,
               _("Syntax error at character %d: expected %s, found %s"),
               char_position (text, offset), expected, found);
  return FALSE;
}

static gboolean
parser_error (Parser     *p,
              const char *expected)
{
  Token *token = &g_array_index (p->tokens, Token, p->index);
  g_autofree char *found = describe_token (p, token);

  return syntax_error_at (p->text, token->offset, p->error, expected, found);
}

static gboolean
is_name_start (gunichar c)
{
  return g_unichar_isalpha (c) || c == '_';
}

static gboolean
is_name_char (gunichar c)
{
  return g_unichar_isalnum (c) || c == '_' || c == '-' || c == '.' ||
         g_unichar_type (c) == G_UNICODE_SPACING_MARK ||
         g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK ||
         c == 0xB7;
}

static const char *
scan_ncname (const char *p)
{
  if (!is_name_start (g_utf8_get_char (p)))
    return p;
  p = g_utf8_next_char (p);
  while (*p != '\0' && is_name_char (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  return p;
}

/* XPath 1.0 §3.7: after a token that is not an operator or an opening
 * bracket, "*" is multiplication and "and"/"or"/"mod"/"div" are operators. */
static gboolean
preceding_forces_operator (GArray *tokens)
{
  TokenType prev;

  if (tokens->len == 0)
    return FALSE;
  prev = g_array_index (tokens, Token, tokens->len - 1).type;
  switch (prev)
    {
    case T_AT: case T_DCOLON: case T_LPAREN: case T_LBRACKET: case T_COMMA:
    case T_AND: case T_OR: case T_MOD: case T_DIV: case T_MUL:
    case T_SLASH: case T_DSLASH: case T_PIPE: case T_PLUS: case T_MINUS:
    case T_EQ: case T_NE: case T_LT: case T_LE: case T_GT: case T_GE:
    case T_DOLLAR:
      return FALSE;
    default:
      return TRUE;
    }
}

static void
token_clear (gpointer data)
{
  Token *token = data;

  g_free (token->text);
}

/* Each scan_*() reads one token starting at p into token and returns
 * where the next one starts, or NULL with an error (text is the whole
 * expression, for the message's position). */

static const char *
scan_number (const char *p,
             Token      *token)
{
  const char *start = p;

  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        p++;
    }
  token->type = T_NUMBER;
  token->number = g_ascii_strtod (start, NULL);
  return p;
}

static const char *
scan_literal (const char  *text,
              const char  *p,
              Token       *token,
              GError     **error)
{
  const char *end = strchr (p + 1, *p);

  if (end == NULL)
    {
      syntax_error_at (text, token->offset, error,
                       *p == '"' ? _("a closing “\"”") : _("a closing “'”"),
                       _("the end of the expression"));
      return NULL;
    }
  token->type = T_LITERAL;
  token->text = g_strndup (p + 1, end - p - 1);
  return end + 1;
}

/* A name, prefix:*, or one of the operators spelled as names where an
 * operator must come (and then nothing else may). */
static const char *
scan_name (const char  *text,
           const char  *p,
           GArray      *tokens,
           Token       *token,
           GError     **error)
{
  const char *end = scan_ncname (p);

  if (*end == ':' && end[1] == '*')
    {
      token->type = T_NAME_STAR;
      token->text = g_strndup (p, end - p);
      return end + 2;
    }

  if (*end == ':' && end[1] != ':' && is_name_start (g_utf8_get_char (end + 1)))
    end = scan_ncname (end + 1);
  token->type = T_NAME;
  token->text = g_strndup (p, end - p);
  if (!preceding_forces_operator (tokens))
    return end;

  if (g_str_equal (token->text, "and"))
    token->type = T_AND;
  else if (g_str_equal (token->text, "or"))
    token->type = T_OR;
  else if (g_str_equal (token->text, "mod"))
    token->type = T_MOD;
  else if (g_str_equal (token->text, "div"))
    token->type = T_DIV;
  else
    {
      g_autofree char *found = g_strdup_printf ("“%s”", token->text);

      g_clear_pointer (&token->text, g_free);
      syntax_error_at (text, token->offset, error, _("an operator"), found);
      return NULL;
    }
  return end;
}

/* One or two characters of punctuation. */
static const char *
scan_symbol (const char  *text,
             const char  *p,
             GArray      *tokens,
             Token       *token,
             GError     **error)
{
  switch (*p)
    {
    case '/':
      if (p[1] == '/')
        token->type = T_DSLASH, p++;
      else
        token->type = T_SLASH;
      break;
    case '(': token->type = T_LPAREN; break;
    case ')': token->type = T_RPAREN; break;
    case '[': token->type = T_LBRACKET; break;
    case ']': token->type = T_RBRACKET; break;
    case '@': token->type = T_AT; break;
    case ',': token->type = T_COMMA; break;
    case '|': token->type = T_PIPE; break;
    case '+': token->type = T_PLUS; break;
    case '-': token->type = T_MINUS; break;
    case '=': token->type = T_EQ; break;
    case '$': token->type = T_DOLLAR; break;
    case '.':
      if (p[1] == '.')
        token->type = T_DDOT, p++;
      else
        token->type = T_DOT;
      break;
    case ':':
      if (p[1] == ':')
        {
          token->type = T_DCOLON, p++;
          break;
        }
      G_GNUC_FALLTHROUGH;
    case '!':
      if (p[1] == '=')
        {
          token->type = T_NE, p++;
          break;
        }
      G_GNUC_FALLTHROUGH;
    default:
      {
        g_autofree char *found = g_strdup_printf ("“%.*s”", (int) (g_utf8_next_char (p) - p), p);

        syntax_error_at (text, token->offset, error, _("an expression"), found);
        return NULL;
      }
    case '<':
      if (p[1] == '=')
        token->type = T_LE, p++;
      else
        token->type = T_LT;
      break;
    case '>':
      if (p[1] == '=')
        token->type = T_GE, p++;
      else
        token->type = T_GT;
      break;
    case '*':
      token->type = preceding_forces_operator (tokens) ? T_MUL : T_STAR;
      break;
    }
  return p + 1;
}

static GArray *
tokenize (const char  *text,
          GError     **error)
{
  g_autoptr(GArray) tokens = g_array_new (FALSE, TRUE, sizeof (Token));
  const char *p = text;

  g_array_set_clear_func (tokens, token_clear);

  for (;;)
    {
      Token token = { 0 };
      const char *start;

      while (vt_xpath_is_xml_space (*p))
        p++;
      start = p;
      token.offset = p - text;

      if (*p == '\0')
        {
          token.type = T_EOF;
          g_array_append_val (tokens, token);
          break;
        }

      if (g_ascii_isdigit (*p) || (*p == '.' && g_ascii_isdigit (p[1])))
        p = scan_number (p, &token);
      else if (*p == '"' || *p == '\'')
        p = scan_literal (text, p, &token, error);
      else if (is_name_start (g_utf8_get_char (p)))
        p = scan_name (text, p, tokens, &token, error);
      else
        p = scan_symbol (text, p, tokens, &token, error);
      if (p == NULL)
        return NULL;

      token.length = p - start;
      g_array_append_val (tokens, token);
    }

  return g_steal_pointer (&tokens);
}

/* ------------------------------------------------------------------ */
/* AST                                                                 */

static void ast_free (Ast *ast);

static void
step_free (gpointer data)
{
  AstStep *step = data;

  g_free (step->prefix);
  g_free (step->local);
  if (step->predicates != NULL)
    g_ptr_array_unref (step->predicates);
  g_free (step);
}

static void
ast_free (Ast *ast)
{
  if (ast == NULL)
    return;
  g_free (ast->string);
  g_free (ast->name);
  ast_free (ast->left);
  ast_free (ast->right);
  ast_free (ast->filter);
  if (ast->args != NULL)
    g_ptr_array_unref (ast->args);
  if (ast->filter_predicates != NULL)
    g_ptr_array_unref (ast->filter_predicates);
  if (ast->steps != NULL)
    g_ptr_array_unref (ast->steps);
  if (ast->cache != NULL && ast->cache_free != NULL)
    ast->cache_free (ast->cache);
  g_free (ast);
}

static Ast *
ast_new (AstKind kind,
         Parser *p,
         Token  *token)
{
  Ast *ast = g_new0 (Ast, 1);

  ast->kind = kind;
  ast->position = char_position (p->text, token->offset);
  ast->depth = 1;
  return ast;
}

static GPtrArray *
ast_array_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) ast_free);
}

/* ------------------------------------------------------------------ */
/* Parser                                                              */

static Token *
peek (Parser *p)
{
  return &g_array_index (p->tokens, Token, p->index);
}

static Token *
peek_at (Parser *p,
         guint   ahead)
{
  guint i = MIN (p->index + ahead, p->tokens->len - 1);

  return &g_array_index (p->tokens, Token, i);
}

static Token *
advance (Parser *p)
{
  Token *token = peek (p);

  if (token->type != T_EOF)
    p->index++;
  return token;
}

static gboolean
accept (Parser    *p,
        TokenType  type)
{
  if (peek (p)->type == type)
    {
      advance (p);
      return TRUE;
    }
  return FALSE;
}

static Ast *parse_expr (Parser *p);

static gboolean
enter (Parser *p)
{
  if (++p->depth > VT_XPATH_MAX_DEPTH)
    {
      Token *token = peek (p);

      g_set_error (p->error, VT_XPATH_ERROR, VT_XPATH_ERROR_TOO_DEEP,
                   _("Expression nested too deeply at character %d (at most %d levels)"),
                   char_position (p->text, token->offset), VT_XPATH_MAX_DEPTH);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_predicates (Parser     *p,
                  GPtrArray **out)
{
  while (peek (p)->type == T_LBRACKET)
    {
      Ast *predicate;

      advance (p);
      predicate = parse_expr (p);
      if (predicate == NULL)
        return FALSE;
      if (*out == NULL)
        *out = ast_array_new ();
      g_ptr_array_add (*out, predicate);
      if (!accept (p, T_RBRACKET))
        return parser_error (p, _("“]” to close the predicate"));
    }
  return TRUE;
}

static gboolean
axis_from_name (const char *name,
                AstAxis    *axis)
{
  static const struct { const char *name; AstAxis axis; } axes[] = {
    { "ancestor", AXIS_ANCESTOR },
    { "ancestor-or-self", AXIS_ANCESTOR_OR_SELF },
    { "attribute", AXIS_ATTRIBUTE },
    { "child", AXIS_CHILD },
    { "descendant", AXIS_DESCENDANT },
    { "descendant-or-self", AXIS_DESCENDANT_OR_SELF },
    { "following", AXIS_FOLLOWING },
    { "following-sibling", AXIS_FOLLOWING_SIBLING },
    { "namespace", AXIS_NAMESPACE },
    { "parent", AXIS_PARENT },
    { "preceding", AXIS_PRECEDING },
    { "preceding-sibling", AXIS_PRECEDING_SIBLING },
    { "self", AXIS_SELF },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (axes); i++)
    if (g_str_equal (axes[i].name, name))
      {
        *axis = axes[i].axis;
        return TRUE;
      }
  return FALSE;
}

static gboolean
is_node_type (const char *name)
{
  return g_str_equal (name, "node") || g_str_equal (name, "text") ||
         g_str_equal (name, "comment") || g_str_equal (name, "processing-instruction");
}

static AstStep *
step_new (AstAxis axis,
          AstTest test)
{
  AstStep *step = g_new0 (AstStep, 1);

  step->axis = axis;
  step->test = test;
  return step;
}

static AstStep *
parse_step (Parser *p)
{
  Token *token = peek (p);
  AstAxis axis = AXIS_CHILD;
  AstStep *step;

  if (token->type == T_DOT)
    {
      advance (p);
      return step_new (AXIS_SELF, TEST_NODE);
    }
  if (token->type == T_DDOT)
    {
      advance (p);
      return step_new (AXIS_PARENT, TEST_NODE);
    }

  if (token->type == T_AT)
    {
      advance (p);
      axis = AXIS_ATTRIBUTE;
    }
  else if (token->type == T_NAME && peek_at (p, 1)->type == T_DCOLON)
    {
      if (!axis_from_name (token->text, &axis))
        {
          g_autofree char *found = g_strdup_printf ("“%s”", token->text);

          syntax_error_at (p->text, token->offset, p->error, _("an axis name"), found);
          return NULL;
        }
      advance (p);
      advance (p);
    }

  token = peek (p);
  switch (token->type)
    {
    case T_STAR:
      advance (p);
      step = step_new (axis, TEST_ANY);
      break;
    case T_NAME_STAR:
      advance (p);
      step = step_new (axis, TEST_ANY);
      step->prefix = g_strdup (token->text);
      break;
    case T_NAME:
      advance (p);
      if (peek (p)->type == T_LPAREN && is_node_type (token->text))
        {
          AstTest test = TEST_NODE;

          if (g_str_equal (token->text, "text"))
            test = TEST_TEXT;
          else if (g_str_equal (token->text, "comment"))
            test = TEST_COMMENT;
          else if (g_str_equal (token->text, "processing-instruction"))
            test = TEST_PI;
          advance (p);
          if (test == TEST_PI && peek (p)->type == T_LITERAL)
            advance (p);
          if (!accept (p, T_RPAREN))
            {
              parser_error (p, _("“)”"));
              return NULL;
            }
          step = step_new (axis, test);
        }
      else
        {
          const char *colon = strchr (token->text, ':');

          step = step_new (axis, TEST_NAME);
          if (colon != NULL)
            {
              step->prefix = g_strndup (token->text, colon - token->text);
              step->local = g_strdup (colon + 1);
            }
          else
            step->local = g_strdup (token->text);
        }
      break;
    default:
      parser_error (p, _("a name or a node test"));
      return NULL;
    }

  if (!parse_predicates (p, &step->predicates))
    {
      step_free (step);
      return NULL;
    }
  return step;
}

static gboolean
can_start_step (TokenType type)
{
  return type == T_NAME || type == T_NAME_STAR || type == T_STAR || type == T_DOT ||
         type == T_DDOT || type == T_AT;
}

/* RelativeLocationPath after an optional leading "/" or "//". */
static gboolean
parse_steps (Parser    *p,
             Ast       *path,
             gboolean   required)
{
  if (path->steps == NULL)
    path->steps = g_ptr_array_new_with_free_func (step_free);

  if (!required && !can_start_step (peek (p)->type))
    return TRUE;

  for (;;)
    {
      AstStep *step = parse_step (p);

      if (step == NULL)
        return FALSE;
      g_ptr_array_add (path->steps, step);

      if (accept (p, T_SLASH))
        continue;
      if (accept (p, T_DSLASH))
        {
          g_ptr_array_add (path->steps, step_new (AXIS_DESCENDANT_OR_SELF, TEST_NODE));
          continue;
        }
      return TRUE;
    }
}

static gboolean check_function_call (Parser *p, Ast *call, Token *token);

static int
list_depth (GPtrArray *list)
{
  int depth = 0;

  if (list != NULL)
    for (guint i = 0; i < list->len; i++)
      depth = MAX (depth, ((Ast *) list->pdata[i])->depth);
  return depth;
}

/* Evaluation, reference extraction and freeing recurse as deep as the
 * tree; a long flat chain of operators makes a deep tree without any
 * parenthesis, so the tree's height is bounded too. */
static gboolean
set_depth (Parser *p,
           Ast    *ast)
{
  int depth = 0;

  if (ast->left != NULL)
    depth = MAX (depth, ast->left->depth);
  if (ast->right != NULL)
    depth = MAX (depth, ast->right->depth);
  if (ast->filter != NULL)
    depth = MAX (depth, ast->filter->depth);
  depth = MAX (depth, list_depth (ast->args));
  depth = MAX (depth, list_depth (ast->filter_predicates));
  if (ast->steps != NULL)
    for (guint i = 0; i < ast->steps->len; i++)
      depth = MAX (depth, list_depth (((AstStep *) ast->steps->pdata[i])->predicates));
  ast->depth = depth + 1;

  if (ast->depth > VT_XPATH_MAX_TREE)
    {
      g_set_error (p->error, VT_XPATH_ERROR, VT_XPATH_ERROR_TOO_DEEP,
                   _("Expression too complex at character %d (more than %d operations in a row); "
                     "split it into several calculations"),
                   ast->position, VT_XPATH_MAX_TREE);
      return FALSE;
    }
  return TRUE;
}

static Ast *
parse_function_call (Parser *p)
{
  Token *token = advance (p);
  Ast *call = ast_new (AST_FUNCTION, p, token);

  call->name = g_strdup (token->text);
  call->args = ast_array_new ();
  advance (p); /* ( */

  if (!accept (p, T_RPAREN))
    {
      for (;;)
        {
          Ast *arg = parse_expr (p);

          if (arg == NULL)
            {
              ast_free (call);
              return NULL;
            }
          g_ptr_array_add (call->args, arg);
          if (accept (p, T_COMMA))
            continue;
          if (accept (p, T_RPAREN))
            break;
          {
            g_autofree char *expected = g_strdup_printf (_("“,” or “)” in the arguments of %s()"), call->name);

            parser_error (p, expected);
          }
          ast_free (call);
          return NULL;
        }
    }

  if (!set_depth (p, call) || !check_function_call (p, call, token))
    {
      ast_free (call);
      return NULL;
    }
  return call;
}

static Ast *
parse_primary (Parser *p)
{
  Token *token = peek (p);
  Ast *ast;

  switch (token->type)
    {
    case T_NUMBER:
      advance (p);
      ast = ast_new (AST_NUMBER, p, token);
      ast->number = token->number;
      return ast;
    case T_LITERAL:
      advance (p);
      ast = ast_new (AST_STRING, p, token);
      ast->string = g_strdup (token->text);
      return ast;
    case T_LPAREN:
      advance (p);
      ast = parse_expr (p);
      if (ast == NULL)
        return NULL;
      if (!accept (p, T_RPAREN))
        {
          ast_free (ast);
          parser_error (p, _("“)”"));
          return NULL;
        }
      return ast;
    case T_DOLLAR:
      g_set_error (p->error, VT_XPATH_ERROR, VT_XPATH_ERROR_SYNTAX,
                   _("Syntax error at character %d: variables ($name) are not supported in forms"),
                   char_position (p->text, token->offset));
      return NULL;
    case T_NAME:
      return parse_function_call (p);
    default:
      parser_error (p, _("an expression"));
      return NULL;
    }
}

static Ast *
parse_path (Parser *p)
{
  Token *token = peek (p);
  Ast *path;

  if (token->type == T_NUMBER || token->type == T_LITERAL || token->type == T_LPAREN ||
      token->type == T_DOLLAR ||
      (token->type == T_NAME && peek_at (p, 1)->type == T_LPAREN && !is_node_type (token->text)))
    {
      Ast *primary = parse_primary (p);
      TokenType next;

      if (primary == NULL)
        return NULL;
      next = peek (p)->type;
      if (next != T_LBRACKET && next != T_SLASH && next != T_DSLASH)
        return primary;

      path = ast_new (AST_PATH, p, token);
      path->filter = primary;
      if (!parse_predicates (p, &path->filter_predicates))
        {
          ast_free (path);
          return NULL;
        }
      if (accept (p, T_SLASH))
        {
          if (!parse_steps (p, path, TRUE))
            {
              ast_free (path);
              return NULL;
            }
        }
      else if (accept (p, T_DSLASH))
        {
          path->steps = g_ptr_array_new_with_free_func (step_free);
          g_ptr_array_add (path->steps, step_new (AXIS_DESCENDANT_OR_SELF, TEST_NODE));
          if (!parse_steps (p, path, TRUE))
            {
              ast_free (path);
              return NULL;
            }
        }
      if (!set_depth (p, path))
        {
          ast_free (path);
          return NULL;
        }
      return path;
    }

  path = ast_new (AST_PATH, p, token);
  if (token->type == T_SLASH)
    {
      advance (p);
      path->absolute = TRUE;
      if (!parse_steps (p, path, FALSE))
        goto fail;
    }
  else if (token->type == T_DSLASH)
    {
      advance (p);
      path->absolute = TRUE;
      path->steps = g_ptr_array_new_with_free_func (step_free);
      g_ptr_array_add (path->steps, step_new (AXIS_DESCENDANT_OR_SELF, TEST_NODE));
      if (!parse_steps (p, path, TRUE))
        goto fail;
    }
  else if (can_start_step (token->type))
    {
      if (!parse_steps (p, path, TRUE))
        goto fail;
    }
  else
    {
      parser_error (p, _("an expression"));
      goto fail;
    }
  if (!set_depth (p, path))
    goto fail;
  return path;

fail:
  ast_free (path);
  return NULL;
}

static Ast *
binary_new (Parser *p,
            Token  *token,
            AstOp   op,
            Ast    *left,
            Ast    *right)
{
  Ast *ast = ast_new (AST_BINARY, p, token);

  ast->op = op;
  ast->left = left;
  ast->right = right;
  if (!set_depth (p, ast))
    {
      ast_free (ast);
      return NULL;
    }
  return ast;
}

static Ast *
parse_union (Parser *p)
{
  Ast *left = parse_path (p);

  while (left != NULL && peek (p)->type == T_PIPE)
    {
      Token *token = advance (p);
      Ast *right = parse_path (p);

      if (right == NULL)
        {
          ast_free (left);
          return NULL;
        }
      left = binary_new (p, token, OP_UNION, left, right);
    }
  return left;
}

static Ast *
parse_unary (Parser *p)
{
  Token *token = peek (p);
  Ast *ast;

  if (token->type != T_MINUS)
    return parse_union (p);

  advance (p);
  if (!enter (p))
    return NULL;
  ast = ast_new (AST_NEGATE, p, token);
  ast->left = parse_unary (p);
  p->depth--;
  if (ast->left == NULL || !set_depth (p, ast))
    {
      ast_free (ast);
      return NULL;
    }
  return ast;
}

typedef struct
{
  TokenType type;
  AstOp     op;
} OpMap;

static Ast *
parse_binary_level (Parser      *p,
                    int          level);

static const OpMap level_ops[][4] = {
  { { T_OR, OP_OR } },
  { { T_AND, OP_AND } },
  { { T_EQ, OP_EQ }, { T_NE, OP_NE } },
  { { T_LT, OP_LT }, { T_LE, OP_LE }, { T_GT, OP_GT }, { T_GE, OP_GE } },
  { { T_PLUS, OP_ADD }, { T_MINUS, OP_SUB } },
  { { T_MUL, OP_MUL }, { T_DIV, OP_DIV }, { T_MOD, OP_MOD } },
};

static Ast *
parse_operand (Parser *p,
               int     level)
{
  if (level + 1 < (int) G_N_ELEMENTS (level_ops))
    return parse_binary_level (p, level + 1);
  return parse_unary (p);
}

static Ast *
parse_binary_level (Parser *p,
                    int     level)
{
  Ast *left = parse_operand (p, level);

  while (left != NULL)
    {
      Token *token = peek (p);
      const OpMap *match = NULL;
      Ast *right;

      for (int i = 0; i < 4; i++)
        if (level_ops[level][i].type == token->type && token->type != T_EOF)
          match = &level_ops[level][i];
      if (match == NULL)
        break;
      advance (p);
      right = parse_operand (p, level);
      if (right == NULL)
        {
          ast_free (left);
          return NULL;
        }
      left = binary_new (p, token, match->op, left, right);
    }
  return left;
}

static Ast *
parse_expr (Parser *p)
{
  Ast *ast;

  if (!enter (p))
    return NULL;
  ast = parse_binary_level (p, 0);
  p->depth--;
  return ast;
}

static gboolean
check_function_call (Parser *p,
                     Ast    *call,
                     Token  *token)
{
  const VtXPathFunction *function = vt_xpath_function_lookup (call->name);
  int n_args = (int) call->args->len;

  if (function == NULL)
    {
      g_set_error (p->error, VT_XPATH_ERROR, VT_XPATH_ERROR_UNKNOWN_FUNCTION,
                   _("Unknown function %s() at character %d"),
                   call->name, char_position (p->text, token->offset));
      return FALSE;
    }
  if (n_args < function->min_args || (function->max_args >= 0 && n_args > function->max_args))
    {
      g_autofree char *expected = NULL;

      if (function->max_args == function->min_args)
        expected = g_strdup_printf (ngettext ("%d argument", "%d arguments",
                                              function->min_args),
                                    function->min_args);
      else if (function->max_args < 0)
        expected = g_strdup_printf (ngettext ("at least %d argument",
                                              "at least %d arguments", function->min_args),
                                    function->min_args);
      else
        expected = g_strdup_printf (_("%d to %d arguments"), function->min_args, function->max_args);

      /* Translators: "concat() at character 3 takes at least 1 argument, not 0" */
      g_set_error (p->error, VT_XPATH_ERROR, VT_XPATH_ERROR_ARGUMENTS,
                   _("%s() at character %d takes %s, not %d"),
                   call->name, char_position (p->text, token->offset), expected, n_args);
      return FALSE;
    }
  call->function = function;
  if (function->check != NULL && !function->check (call, p->error))
    {
      g_prefix_error (p->error, _("%s() at character %d: "), call->name,
                      char_position (p->text, token->offset));
      return FALSE;
    }
  return TRUE;
}

VtXPathExpr *
vt_xpath_compile (const char  *text,
                  GError     **error)
{
  g_autoptr(GArray) tokens = NULL;
  Parser p = { 0 };
  VtXPathExpr *expr;
  Ast *root;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (strlen (text) > VT_XPATH_MAX_LENGTH)
    {
      g_set_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_TOO_DEEP,
                   _("Expression too long (more than %d bytes)"), VT_XPATH_MAX_LENGTH);
      return NULL;
    }
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, VT_XPATH_ERROR, VT_XPATH_ERROR_SYNTAX,
                   _("Expression is not valid UTF-8 text"));
      return NULL;
    }

  tokens = tokenize (text, error);
  if (tokens == NULL)
    return NULL;

  p.text = text;
  p.tokens = tokens;
  p.error = error;

  if (peek (&p)->type == T_EOF)
    {
      parser_error (&p, _("an expression"));
      return NULL;
    }

  root = parse_expr (&p);
  if (root == NULL)
    return NULL;
  if (peek (&p)->type != T_EOF)
    {
      parser_error (&p, _("an operator or the end of the expression"));
      ast_free (root);
      return NULL;
    }

  expr = g_new0 (VtXPathExpr, 1);
  expr->text = g_strdup (text);
  expr->root = root;
  return expr;
}

void
vt_xpath_expr_free (VtXPathExpr *expr)
{
  if (expr == NULL)
    return;
  ast_free (expr->root);
  g_free (expr->text);
  g_free (expr);
}

const char *
vt_xpath_expr_get_text (VtXPathExpr *expr)
{
  g_return_val_if_fail (expr != NULL, NULL);
  return expr->text;
}
