#include "fix_rewrite.h"

#include <stdlib.h>
#include <string.h>

#include "syntax.h"

/* --- where a call sits --------------------------------------------------- */

static bool is_async_def(TSNode def) { return fix_node_is(ts_node_child(def, 0), "async"); }

/*
 * Whether `await` may replace the call where it is: directly in the body of
 * an async def, possibly inside list/set/dict comprehensions there. A
 * generator expression would silently become an async generator (and break
 * `sum(...)`, `any(...)`), so await is refused there; lambdas, nested sync
 * defs and class bodies do not allow it at all.
 */
bool fix_await_allowed(const fix_site *site) {
  for (size_t i = site->depth - 1; i > 0; i--) {
    TSNode parent = site->path[i - 1], child = site->path[i];
    if (fix_node_is(parent, "generator_expression") || fix_node_is(parent, "module")) return false;
    bool from_body = ts_node_eq(ts_node_child_by_field_name(parent, "body", 4), child);
    if (fix_node_is(parent, "lambda") && from_body) return false;
    if (fix_node_is(parent, "class_definition") && from_body) return false;
    if (fix_node_is(parent, "function_definition") && from_body) return is_async_def(parent);
  }
  return false;
}

/* `await x` binds looser than attribute access, subscripts and calls, so
 * the rewritten call needs parentheses when it is the object of one. */
bool fix_needs_parens(const fix_site *site) {
  if (site->depth < 2) return false;
  return fix_needs_parens_at(site->call, site->path[site->depth - 2]);
}

bool fix_needs_parens_at(TSNode node, TSNode parent) {
  const char *field = fix_node_is(parent, "attribute")   ? "object"
                      : fix_node_is(parent, "subscript") ? "value"
                      : fix_node_is(parent, "call")      ? "function"
                                                         : NULL;
  return field && ts_node_eq(ts_node_child_by_field_name(parent, field, (uint32_t)strlen(field)),
                             node);
}

typedef struct {
  size_t count;  /* arguments, comments aside */
  bool keywords; /* `k=v` or `**kw` */
  bool positional_only_one;
} arg_shape;

static arg_shape shape_of(TSNode args) {
  arg_shape shape = {0, false, false};
  if (!fix_node_is(args, "argument_list")) {
    shape.count = 1; /* a lone generator expression */
    return shape;
  }
  uint32_t n = ts_node_named_child_count(args);
  bool positional = true;
  for (uint32_t i = 0; i < n; i++) {
    TSNode arg = ts_node_named_child(args, i);
    if (fix_node_is(arg, "comment")) continue;
    shape.count++;
    if (fix_node_is(arg, "keyword_argument") || fix_node_is(arg, "dictionary_splat")) {
      shape.keywords = true;
      positional = false;
    }
    if (fix_node_is(arg, "list_splat")) positional = false;
  }
  shape.positional_only_one = shape.count == 1 && positional;
  return shape;
}

/* A comment between the callee and its `(` would be lost by the edits. */
static bool comment_before_args(const fix_site *site) {
  uint32_t from = ts_node_end_byte(site->function), to = ts_node_start_byte(site->args);
  return memchr(site->cx->source + from, '#', to - from) != NULL;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Drops a fix that could not be completed; -1 only for out of memory. */
int fix_settle(ar_fix_list *out, ar_fix *fix, int rc) {
  if (rc == 0 && fix_finish(fix) < 0) rc = 1;
  if (rc != 0) fix_drop_last(out);
  return rc < 0 ? -1 : 0;
}

/* --- rewrites ------------------------------------------------------------ */

/* time.sleep(x) -> await asyncio.sleep(x): the same pause, without the block. */
static int rewrite_sleep(const fix_site *site, ar_fix_list *out) {
  arg_shape shape = shape_of(site->args);
  if (!shape.positional_only_one || !fix_node_is(site->args, "argument_list") ||
      !fix_await_allowed(site) || comment_before_args(site))
    return 0;
  const char *lib = ar_library_name(site->lib);
  ar_fix *fix = fix_begin(out, AR_FIX_SAFE, true, "Use await %s.sleep", lib);
  if (!fix) return -1;
  const char *ns = fix_module_name(site, fix, lib);
  bool parens = fix_needs_parens(site);
  fix_text head = {0};
  fix_text_printf(&head, "%sawait %s.sleep", parens ? "(" : "", ns ? ns : "");
  char *text = fix_text_take(&head);
  int rc = !ns || !text ||
                   fix_edit(fix, ts_node_start_byte(site->call), ts_node_end_byte(site->function),
                            text) < 0 ||
                   (parens && fix_edit(fix, ts_node_end_byte(site->call),
                                       ts_node_end_byte(site->call), ")") < 0)
               ? -1
               : 0;
  free(text);
  return fix_settle(out, fix, rc);
}

/*
 * f(a, b=c) -> await HEAD f, a, b=c), where HEAD is an offloading call's
 * start such as `asyncio.to_thread(`: edits around the arguments rather
 * than a rewrite of the whole call, so comments and line breaks inside the
 * call stay, and fixes of calls nested in the arguments apply alongside.
 * With `partial` (for APIs that take no keyword arguments), the call
 * becomes `functools.partial(f, a, b=c)`.
 */
static int wrap_call(const fix_site *site, ar_fix *fix, const char *head_start, bool partial) {
  const char *functools = partial ? fix_module_name(site, fix, "functools") : "";
  if (!functools) return -1;
  bool parens = fix_needs_parens(site);
  arg_shape shape = shape_of(site->args);
  uint32_t call_end = ts_node_end_byte(site->call);
  uint32_t fn_end = ts_node_end_byte(site->function);
  uint32_t args_start = ts_node_start_byte(site->args);
  fix_text head = {0}, sep = {0}, tail = {0};
  fix_text_printf(&head, "%sawait %s%s%s", parens ? "(" : "", head_start, functools,
                  partial ? ".partial(" : "");
  uint32_t sep_end;
  if (fix_node_is(site->args, "argument_list")) {
    /* The call's own `(`...`)` become the outer call's argument list. */
    sep_end = args_start + 1;
    char next = args_start + 1 < site->cx->len ? site->cx->source[args_start + 1] : ')';
    if (shape.count > 0) fix_text_str(&sep, is_space(next) || next == '#' ? "," : ", ");
  } else {
    /* f(x for x in y): the generator keeps its parentheses as an argument. */
    sep_end = args_start;
    fix_text_str(&sep, ", ");
    fix_text_str(&tail, ")");
  }
  if (partial) fix_text_str(&tail, ")");
  if (parens) fix_text_str(&tail, ")");
  size_t tail_len = tail.len;
  char *head_s = fix_text_take(&head), *sep_s = fix_text_take(&sep), *tail_s = fix_text_take(&tail);
  int rc = 0;
  if (!head_s || !sep_s || !tail_s ||
      fix_edit(fix, ts_node_start_byte(site->call), ts_node_start_byte(site->call), head_s) < 0 ||
      fix_edit(fix, fn_end, sep_end, sep_s) < 0 ||
      (tail_len && fix_edit(fix, call_end, call_end, tail_s) < 0))
    rc = -1;
  free(head_s);
  free(sep_s);
  free(tail_s);
  return rc;
}

/* Objects whose methods belong to the thread that holds them: an RLock (or
 * a Condition, built on one) acquired in a worker thread cannot be released
 * by the loop's thread, and a Condition is waited on while holding it. */
static const char *const thread_affine[] = {"threading.RLock", "threading.Condition"};

/* f(a, b=c) -> await asyncio.to_thread(f, a, b=c); trio and anyio's
 * run_sync takes no keyword arguments, so functools.partial carries them. */
static int rewrite_to_thread(const fix_site *site, ar_fix_list *out, bool preferred) {
  if (!fix_await_allowed(site) || comment_before_args(site)) return 0;
  for (size_t i = 0; i < sizeof thread_affine / sizeof thread_affine[0]; i++) {
    size_t n = strlen(thread_affine[i]);
    const char *callee = site->finding->callee;
    if (strncmp(callee, thread_affine[i], n) == 0 && (callee[n] == '.' || callee[n] == '('))
      return 0;
  }
  const char *lib = ar_library_name(site->lib);
  bool asyncio = site->lib == AR_LIB_ASYNCIO;
  const char *api = asyncio ? "to_thread" : "to_thread.run_sync";
  ar_fix *fix =
      fix_begin(out, AR_FIX_UNSAFE, preferred, "Run in a worker thread: await %s.%s", lib, api);
  if (!fix) return -1;
  const char *ns = fix_module_name(site, fix, lib);
  fix_text head = {0};
  fix_text_printf(&head, "%s.%s(", ns ? ns : "", api);
  char *head_s = fix_text_take(&head);
  int rc = ns && head_s ? wrap_call(site, fix, head_s, shape_of(site->args).keywords && !asyncio)
                        : -1;
  free(head_s);
  return fix_settle(out, fix, rc);
}

/* Whether `n` can follow `await` as it is (a primary in Python's grammar). */
static bool is_primary(TSNode n) {
  static const char *const kinds[] = {
      "identifier", "attribute", "call", "subscript", "parenthesized_expression", "list",
      "dictionary", "set", "tuple", "string", "concatenated_string", "integer", "float",
      "true", "false", "none", "list_comprehension", "dictionary_comprehension",
      "set_comprehension", "generator_expression",
  };
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (fix_node_is(n, kinds[i])) return true;
  return false;
}

TSNode fix_first_argument(TSNode args) {
  uint32_t n = ts_node_named_child_count(args);
  for (uint32_t i = 0; i < n; i++) {
    TSNode arg = ts_node_named_child(args, i);
    if (!fix_node_is(arg, "comment")) return arg;
  }
  return (TSNode){0};
}

static bool has_comment(const fix_site *site, uint32_t from, uint32_t to) {
  return to > from && memchr(site->cx->source + from, '#', to - from) != NULL;
}

/* asyncio.run(coro) / loop.run_until_complete(coro) in async code -> await
 * coro: the coroutine runs on the loop that is already running, instead of
 * a RuntimeError (or a nested loop starving this one). */
static int rewrite_await_coroutine(const fix_site *site, ar_fix_list *out) {
  arg_shape shape = shape_of(site->args);
  if (!shape.positional_only_one || !fix_node_is(site->args, "argument_list") ||
      !fix_await_allowed(site))
    return 0;
  TSNode arg = fix_first_argument(site->args);
  if (ts_node_is_null(arg) || fix_node_is(arg, "list_splat")) return 0;
  uint32_t call_start = ts_node_start_byte(site->call), call_end = ts_node_end_byte(site->call);
  uint32_t arg_start = ts_node_start_byte(arg), arg_end = ts_node_end_byte(arg);
  if (has_comment(site, call_start, arg_start) || has_comment(site, arg_end, call_end)) return 0;
  ar_fix *fix = fix_begin(out, AR_FIX_UNSAFE, true, "Await the coroutine on the running loop");
  if (!fix) return -1;
  bool outer = fix_needs_parens(site), inner = !is_primary(arg);
  fix_text head = {0}, tail = {0};
  fix_text_printf(&head, "%sawait %s", outer ? "(" : "", inner ? "(" : "");
  fix_text_printf(&tail, "%s%s", inner ? ")" : "", outer ? ")" : "");
  char *head_s = fix_text_take(&head), *tail_s = fix_text_take(&tail);
  int rc = !head_s || !tail_s || fix_edit(fix, call_start, arg_start, head_s) < 0 ||
                   fix_edit(fix, arg_end, call_end, tail_s) < 0
               ? -1
               : 0;
  free(head_s);
  free(tail_s);
  return fix_settle(out, fix, rc);
}

/* The name a module-level process pool is bound to, so the next fix finds
 * and reuses it. */
#define PROCESS_POOL_NAME "_PROCESS_POOL"

/* Whether the node holds a lambda or names a function or class defined in
 * the enclosing functions: those do not pickle, so a process pool cannot
 * take them. */
static bool pickles_at_sight(const fix_site *site, TSNode args) {
  TSTreeCursor c = ts_tree_cursor_new(args);
  bool ok = true;
  for (bool more = true; more && ok;) {
    TSNode n = ts_tree_cursor_current_node(&c);
    if (fix_node_is(n, "lambda")) ok = false;
    if (ok && fix_node_is(n, "identifier")) {
      size_t len;
      const char *name = fix_node_text(site, n, &len);
      /* Definitions inside any enclosing function are local. */
      for (size_t i = 0; i + 1 < site->depth && ok; i++) {
        TSNode fn = site->path[i];
        if (!fix_node_is(fn, "function_definition")) continue;
        TSNode body = ts_node_child_by_field_name(fn, "body", 4);
        uint32_t k = ts_node_named_child_count(body);
        for (uint32_t j = 0; j < k && ok; j++) {
          TSNode stmt = ts_node_named_child(body, j);
          if (fix_node_is(stmt, "decorated_definition"))
            stmt = ts_node_child_by_field_name(stmt, "definition", 10);
          if (!fix_node_is(stmt, "function_definition") && !fix_node_is(stmt, "class_definition"))
            continue;
          size_t def_len;
          const char *def = fix_node_text(site, ts_node_child_by_field_name(stmt, "name", 4),
                                          &def_len);
          ok = !(def_len == len && memcmp(def, name, len) == 0);
        }
      }
    }
    more = syn_cursor_next(&c);
  }
  ts_tree_cursor_delete(&c);
  return ok;
}

/*
 * CPU-bound f(a, b=c) -> await loop.run_in_executor(pool, functools.partial(
 * f, a, b=c)) with one module-level ProcessPoolExecutor, created once and
 * reused; anyio has to_process.run_sync. Only for module-level functions
 * (a method drags its object across) and arguments that pickle at sight.
 */
static int rewrite_process_pool(const fix_site *site, ar_fix_list *out) {
  if (site->lib == AR_LIB_TRIO || strstr(site->finding->callee, "()") ||
      !(fix_node_is(site->function, "identifier") || fix_node_is(site->function, "attribute")) ||
      !fix_await_allowed(site) || comment_before_args(site) || !pickles_at_sight(site, site->args))
    return 0;
  bool anyio = site->lib == AR_LIB_ANYIO;
  bool keywords = shape_of(site->args).keywords;
  ar_fix *fix = fix_begin(out, AR_FIX_UNSAFE, true, "Run in a process pool: await %s",
                          anyio ? "anyio.to_process.run_sync" : "loop.run_in_executor");
  if (!fix) return -1;
  const char *ns = fix_module_name(site, fix, ar_library_name(site->lib));
  int rc = ns ? 0 : -1;
  fix_text head = {0};
  if (rc == 0 && anyio) {
    fix_text_printf(&head, "%s.to_process.run_sync(", ns);
  } else if (rc == 0) {
    fix_text_printf(&head, "%s.get_running_loop().run_in_executor(%s, ", ns, PROCESS_POOL_NAME);
    if (!ar_analysis_module_binds(site->cx->analysis, PROCESS_POOL_NAME)) {
      const char *pool = fix_member_name(site, fix, "concurrent.futures.ProcessPoolExecutor");
      bool at_eof;
      uint32_t at = fix_header_point(site, &at_eof);
      fix_text line = {0};
      fix_text_printf(&line, "%s%s = %s()%s", at_eof ? site->eol : "", PROCESS_POOL_NAME,
                      pool ? pool : "", at_eof ? "" : site->eol);
      char *text = fix_text_take(&line);
      if (!pool || !text || fix_edit_header(fix, at, text, AR_EDIT_DEFINITION) < 0) rc = -1;
      free(text);
    }
  }
  char *head_s = fix_text_take(&head);
  if (rc == 0) rc = head_s ? wrap_call(site, fix, head_s, keywords) : -1;
  free(head_s);
  return fix_settle(out, fix, rc);
}

/* The rewrites made for some callees or categories, before the generic
 * worker-thread one. */
typedef int (*fix_rewriter)(const fix_site *site, ar_fix_list *out);

typedef enum {
  THREAD_ALSO,    /* a worker thread stays on offer, as an alternative */
  THREAD_FIRST,   /* ... as the preferred fix: this rewrite is the alternative */
  THREAD_IF_NONE, /* ... only when this rewrite does not apply */
  THREAD_NEVER,   /* a worker thread is no fix for this */
} thread_offer;

static const struct {
  const char *callee; /* exact qualified name, or NULL for the category */
  int category;       /* an ar_category, or -1 */
  fix_rewriter rewrite;
  thread_offer thread;
} rewrites[] = {
    {"time.sleep", -1, rewrite_sleep, THREAD_IF_NONE},
    {NULL, AR_CAT_LOOP, rewrite_await_coroutine, THREAD_NEVER},
    {NULL, AR_CAT_CPU, rewrite_process_pool, THREAD_ALSO},
    {NULL, AR_CAT_HTTP, fix_rewrite_httpx, THREAD_FIRST},
    {"builtins.open", -1, fix_rewrite_async_file, THREAD_FIRST},
    {"builtins.open", -1, fix_rewrite_whole_file, THREAD_ALSO},
    {"open().read", -1, fix_rewrite_whole_file, THREAD_ALSO},
    {"open().write", -1, fix_rewrite_whole_file, THREAD_ALSO},
    {"subprocess.run", -1, fix_rewrite_subprocess, THREAD_ALSO},
    {"subprocess.call", -1, fix_rewrite_subprocess, THREAD_ALSO},
    {"subprocess.check_call", -1, fix_rewrite_subprocess, THREAD_ALSO},
    {"subprocess.check_output", -1, fix_rewrite_subprocess, THREAD_ALSO},
    {"os.system", -1, fix_rewrite_subprocess, THREAD_ALSO},
};

static bool matches(const fix_site *site, size_t i) {
  return rewrites[i].callee ? strcmp(site->finding->callee, rewrites[i].callee) == 0
                            : (int)site->finding->rule->category == rewrites[i].category;
}

/* Rewrites of a whole `with` statement, for findings on entering a
 * context: entering one in a worker thread is no fix (its block and its
 * exit would still run on the loop). */
static const struct {
  const char *callee; /* `with ` and the type, as types.def's `__enter__` rows show it */
  fix_rewriter rewrite;
} with_rewrites[] = {
    {"with requests.Session", fix_rewrite_http_client},
    {"with httpx.Client", fix_rewrite_http_client},
};

int fix_rewrite_collect(const fix_site *site, ar_fix_list *out) {
  if (fix_is_with_finding(site->finding)) {
    for (size_t i = 0; i < sizeof with_rewrites / sizeof with_rewrites[0]; i++)
      if (strcmp(site->finding->callee, with_rewrites[i].callee) == 0 &&
          with_rewrites[i].rewrite(site, out) < 0)
        return -1;
    return fix_rewrite_plain_handler(site, out);
  }
  size_t before = out->count, n = sizeof rewrites / sizeof rewrites[0];
  bool thread = true;
  for (size_t i = 0; i < n; i++) {
    if (rewrites[i].thread == THREAD_FIRST || !matches(site, i)) continue;
    if (rewrites[i].rewrite(site, out) < 0) return -1;
    if (rewrites[i].thread == THREAD_NEVER ||
        (rewrites[i].thread == THREAD_IF_NONE && out->count > before))
      thread = false;
  }
  if (thread && rewrite_to_thread(site, out, out->count == before) < 0) return -1;
  for (size_t i = 0; i < n; i++)
    if (rewrites[i].thread == THREAD_FIRST && matches(site, i) && rewrites[i].rewrite(site, out) < 0)
      return -1;
  return fix_rewrite_plain_handler(site, out);
}
