#include "fix_rewrite.h"

#include <stdlib.h>
#include <string.h>

/* --- where a call sits --------------------------------------------------- */

static bool is_async_def(TSNode def) { return fix_node_is(ts_node_child(def, 0), "async"); }

/*
 * Whether `await` may replace the call where it is: directly in the body of
 * an async def, possibly inside list/set/dict comprehensions there. A
 * generator expression would silently become an async generator (and break
 * `sum(...)`, `any(...)`), so await is refused there; lambdas, nested sync
 * defs and class bodies do not allow it at all.
 */
static bool await_allowed(const fix_site *site) {
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
static bool needs_parens(const fix_site *site) {
  if (site->depth < 2) return false;
  TSNode parent = site->path[site->depth - 2];
  const char *field = fix_node_is(parent, "attribute")   ? "object"
                      : fix_node_is(parent, "subscript") ? "value"
                      : fix_node_is(parent, "call")      ? "function"
                                                         : NULL;
  return field && ts_node_eq(ts_node_child_by_field_name(parent, field, (uint32_t)strlen(field)),
                             site->call);
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

/* --- rewrites ------------------------------------------------------------ */

/* time.sleep(x) -> await asyncio.sleep(x): the same pause, without the block. */
static int rewrite_sleep(const fix_site *site, ar_fix_list *out) {
  arg_shape shape = shape_of(site->args);
  if (!shape.positional_only_one || !fix_node_is(site->args, "argument_list") ||
      !await_allowed(site) || comment_before_args(site))
    return 0;
  const char *lib = ar_library_name(site->lib);
  ar_fix *fix = fix_begin(out, AR_FIX_SAFE, true, "Use await %s.sleep", lib);
  if (!fix) return -1;
  const char *ns = fix_module_name(site, fix, lib);
  bool parens = needs_parens(site);
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
  if (rc == 0 && fix_finish(fix) < 0) rc = 1;
  if (rc != 0) fix_drop_last(out);
  return rc < 0 ? -1 : 0;
}

/*
 * f(a, b=c) -> await asyncio.to_thread(f, a, b=c), by edits around the
 * arguments rather than a rewrite of the whole call, so comments and line
 * breaks inside the call stay, and fixes of calls nested in the arguments
 * apply alongside. trio and anyio's run_sync takes no keyword arguments:
 * functools.partial carries them.
 */
static int rewrite_to_thread(const fix_site *site, ar_fix_list *out, bool preferred) {
  if (!await_allowed(site) || comment_before_args(site)) return 0;
  arg_shape shape = shape_of(site->args);
  const char *lib = ar_library_name(site->lib);
  bool asyncio = site->lib == AR_LIB_ASYNCIO;
  bool partial = shape.keywords && !asyncio;
  ar_fix *fix = fix_begin(out, AR_FIX_UNSAFE, preferred, "Run in a worker thread: await %s.%s",
                          lib, asyncio ? "to_thread" : "to_thread.run_sync");
  if (!fix) return -1;
  const char *ns = fix_module_name(site, fix, lib);
  const char *functools = partial ? fix_module_name(site, fix, "functools") : "";
  bool parens = needs_parens(site);
  uint32_t call_end = ts_node_end_byte(site->call);
  uint32_t fn_end = ts_node_end_byte(site->function);
  uint32_t args_start = ts_node_start_byte(site->args);

  fix_text head = {0}, sep = {0}, tail = {0};
  fix_text_printf(&head, "%sawait %s.%s(%s%s", parens ? "(" : "", ns ? ns : "",
                  asyncio ? "to_thread" : "to_thread.run_sync", functools ? functools : "",
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
  if (!ns || !functools || !head_s || !sep_s || !tail_s ||
      fix_edit(fix, ts_node_start_byte(site->call), ts_node_start_byte(site->call), head_s) < 0 ||
      fix_edit(fix, fn_end, sep_end, sep_s) < 0 ||
      (tail_len && fix_edit(fix, call_end, call_end, tail_s) < 0))
    rc = -1;
  free(head_s);
  free(sep_s);
  free(tail_s);
  if (rc == 0 && fix_finish(fix) < 0) rc = 1;
  if (rc != 0) fix_drop_last(out);
  return rc < 0 ? -1 : 0;
}

/* The rewrites made for one callee rather than for any blocking call. */
typedef int (*fix_rewriter)(const fix_site *site, ar_fix_list *out);

static const struct {
  const char *callee;
  fix_rewriter rewrite;
} specific[] = {
    {"time.sleep", rewrite_sleep},
};

int fix_rewrite_collect(const fix_site *site, ar_fix_list *out) {
  size_t before = out->count;
  for (size_t i = 0; i < sizeof specific / sizeof specific[0]; i++)
    if (strcmp(site->finding->callee, specific[i].callee) == 0 &&
        specific[i].rewrite(site, out) < 0)
      return -1;
  /* Sleeping in a worker thread is no alternative to sleeping in the loop. */
  if (strcmp(site->finding->callee, "time.sleep") == 0 && out->count > before) return 0;
  return rewrite_to_thread(site, out, out->count == before);
}
