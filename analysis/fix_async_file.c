/*
 * `with open(p) as f:` and its body -> an async file: `async with
 * aiofiles.open(p) as f:` (asyncio, when the file already imports
 * aiofiles), `async with await anyio.open_file(p) as f:` or trio's
 * `trio.open_file`, with `await` before each of f's I/O methods and
 * `async for` over f. Every use of f in the block must be one of those
 * (anything else, such as passing f on or using it in a nested function
 * or a generator expression, would still expect a sync file), else no such
 * fix.
 */

#include <stdlib.h>
#include <string.h>

#include "fix_rewrite.h"
#include "syntax.h"

static const char *const io_methods[] = {"read",  "readline", "readlines", "write", "writelines",
                                         "flush", "seek",     "tell",      "truncate"};

typedef struct {
  uint32_t *awaits; /* starts of the method calls to await, then their ends (parens) */
  bool *parens;
  uint32_t *ends;
  uint32_t *fors; /* starts of `for` statements over f */
  size_t await_count, for_count, cap;
} file_uses;

static bool is_io_method(const fix_site *site, TSNode name) {
  for (size_t i = 0; i < sizeof io_methods / sizeof io_methods[0]; i++)
    if (fix_text_is(site, name, io_methods[i])) return true;
  return false;
}

static int grow(file_uses *u) {
  if (u->await_count < u->cap && u->for_count < u->cap) return 0;
  size_t cap = u->cap ? u->cap * 2 : 8;
  uint32_t *a = realloc(u->awaits, cap * sizeof *a);
  if (a) u->awaits = a;
  bool *p = realloc(u->parens, cap * sizeof *p);
  if (p) u->parens = p;
  uint32_t *e = realloc(u->ends, cap * sizeof *e);
  if (e) u->ends = e;
  uint32_t *f = realloc(u->fors, cap * sizeof *f);
  if (f) u->fors = f;
  if (!a || !p || !e || !f) return -1;
  u->cap = cap;
  return 0;
}

/* Classifies every use of `name` in body; 1 when one cannot follow the file
 * into async, -1 when out of memory. */
static int collect_uses(const fix_site *site, TSNode body, TSNode name, file_uses *u) {
  size_t name_len;
  const char *name_text = fix_node_text(site, name, &name_len);
  TSTreeCursor c = ts_tree_cursor_new(body);
  int rc = 0;
  for (bool more = true; more && rc == 0;) {
    TSNode n = ts_tree_cursor_current_node(&c);
    size_t len;
    const char *text = fix_node_text(site, n, &len);
    if (fix_node_is(n, "identifier") && len == name_len && memcmp(text, name_text, len) == 0) {
      TSNode parent = ts_node_parent(n);
      TSNode grand = ts_node_parent(parent);
      bool is_object = fix_node_is(parent, "attribute") &&
                       ts_node_eq(ts_node_child_by_field_name(parent, "object", 6), n);
      bool is_member = fix_node_is(parent, "attribute") && !is_object;
      bool is_keyword = fix_node_is(parent, "keyword_argument") &&
                        ts_node_eq(ts_node_child_by_field_name(parent, "name", 4), n);
      bool nested = false;
      for (TSNode a = parent; !ts_node_is_null(a) && !ts_node_eq(a, body); a = ts_node_parent(a))
        nested |= fix_node_is(a, "function_definition") || fix_node_is(a, "lambda") ||
                  fix_node_is(a, "class_definition") ||
                  /* await there turns the generator into an async one */
                  fix_node_is(a, "generator_expression");
      if (is_member || is_keyword) {
        /* `x.f` or `g(f=1)`: not the file */
      } else if (!nested && is_object &&
                 is_io_method(site, ts_node_child_by_field_name(parent, "attribute", 9)) &&
                 fix_node_is(grand, "call") &&
                 ts_node_eq(ts_node_child_by_field_name(grand, "function", 8), parent)) {
        if (grow(u) < 0) {
          rc = -1;
          break;
        }
        u->awaits[u->await_count] = ts_node_start_byte(grand);
        u->ends[u->await_count] = ts_node_end_byte(grand);
        u->parens[u->await_count++] = fix_needs_parens_at(grand, ts_node_parent(grand));
      } else if (!nested && fix_node_is(parent, "for_statement") &&
                 ts_node_eq(ts_node_child_by_field_name(parent, "right", 5), n) &&
                 !fix_node_is(ts_node_child(parent, 0), "async")) {
        if (grow(u) < 0) {
          rc = -1;
          break;
        }
        u->fors[u->for_count++] = ts_node_start_byte(parent);
      } else {
        rc = 1;
      }
    }
    more = syn_cursor_next(&c);
  }
  ts_tree_cursor_delete(&c);
  return rc;
}

int fix_rewrite_async_file(const fix_site *site, ar_fix_list *out) {
  /* open(...) as the only item of a plain `with ... as name:` */
  if (site->depth < 4 || !fix_await_allowed(site)) return 0;
  TSNode as = site->path[site->depth - 2], item = site->path[site->depth - 3];
  TSNode clause = site->path[site->depth - 4];
  TSNode with = site->depth >= 5 ? site->path[site->depth - 5] : (TSNode){0};
  if (!fix_node_is(as, "as_pattern") || !fix_node_is(item, "with_item") ||
      !fix_node_is(clause, "with_clause") || ts_node_named_child_count(clause) != 1 ||
      !fix_node_is(with, "with_statement") || fix_node_is(ts_node_child(with, 0), "async"))
    return 0;
  TSNode target = ts_node_child_by_field_name(as, "alias", 5);
  if (fix_node_is(target, "as_pattern_target")) target = ts_node_named_child(target, 0);
  if (!fix_node_is(target, "identifier")) return 0;
  const char *api = NULL, *module = NULL;
  if (site->lib == AR_LIB_ASYNCIO) {
    if (!fix_module_known(site, "aiofiles")) return 0;
    module = "aiofiles";
    api = "open";
  } else {
    module = ar_library_name(site->lib);
    api = "open_file";
  }
  file_uses u = {0};
  int rc = collect_uses(site, ts_node_child_by_field_name(with, "body", 4), target, &u);
  if (rc != 0) {
    free(u.awaits), free(u.parens), free(u.ends), free(u.fors);
    return rc < 0 ? -1 : 0;
  }
  ar_fix *fix = fix_begin(out, AR_FIX_UNSAFE, false, "Use an async file: %s %s.%s",
                          site->lib == AR_LIB_ASYNCIO ? "async with" : "async with await", module,
                          api);
  const char *ns = fix ? fix_module_name(site, fix, module) : NULL;
  fix_text head = {0};
  if (ns)
    fix_text_printf(&head, "%s%s.%s", site->lib == AR_LIB_ASYNCIO ? "" : "await ", ns, api);
  char *head_s = fix_text_take(&head);
  rc = fix && ns && head_s ? 0 : -1;
  if (rc == 0) rc = fix_edit(fix, ts_node_start_byte(with), ts_node_start_byte(with), "async ");
  if (rc == 0)
    rc = fix_edit(fix, ts_node_start_byte(site->call), ts_node_end_byte(site->function), head_s);
  for (size_t i = 0; rc == 0 && i < u.await_count; i++) {
    rc = fix_edit(fix, u.awaits[i], u.awaits[i], u.parens[i] ? "(await " : "await ");
    if (rc == 0 && u.parens[i]) rc = fix_edit(fix, u.ends[i], u.ends[i], ")");
  }
  for (size_t i = 0; rc == 0 && i < u.for_count; i++) rc = fix_edit(fix, u.fors[i], u.fors[i], "async ");
  free(head_s);
  free(u.awaits), free(u.parens), free(u.ends), free(u.fors);
  if (!fix) return -1;
  return fix_settle(out, fix, rc < 0 ? -1 : 0);
}
