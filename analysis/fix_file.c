/*
 * Reading or writing a whole file in one expression, `open(p).read()` or
 * `open(p, "wb").write(data)`, moves to a worker thread as a whole with
 * pathlib (which also closes the file the original left to the garbage
 * collector): `await asyncio.to_thread(pathlib.Path(p).read_text)`, or in
 * trio / anyio code their async Path, `await trio.Path(p).read_text()`.
 * Only plain modes ("r", "rb", "w", "wb", with "t") and the keyword
 * arguments pathlib takes too (encoding, errors) are rewritten.
 */

#include <stdlib.h>
#include <string.h>

#include "fix_rewrite.h"

typedef struct {
  TSNode open_call, outer, outer_parent, path, data;
  TSNode keywords[2];
  size_t keyword_count;
  const char *method; /* read_text, read_bytes, write_text, write_bytes */
} whole_file;

static int mode_of(const fix_site *site, TSNode mode, bool *write, bool *binary) {
  if (!fix_node_is(mode, "string")) return -1;
  size_t len;
  const char *text = fix_node_text(site, mode, &len);
  if (len < 3 || len > 5 || (text[0] != '"' && text[0] != '\'') || text[len - 1] != text[0])
    return -1;
  bool r = false, w = false, b = false, t = false;
  for (size_t i = 1; i + 1 < len; i++) {
    char c = text[i];
    bool *flag = c == 'r' ? &r : c == 'w' ? &w : c == 'b' ? &b : c == 't' ? &t : NULL;
    if (!flag || *flag) return -1;
    *flag = true;
  }
  if (r == w || (b && t)) return -1;
  *write = w;
  *binary = b;
  return 0;
}

/* Fills w from the finding's site; -1 when the shape is not one handled. */
static int match(const fix_site *site, whole_file *w) {
  TSNode attr;
  if (strcmp(site->finding->callee, "builtins.open") == 0) {
    if (site->depth < 4) return -1;
    w->open_call = site->call;
    attr = site->path[site->depth - 2];
    w->outer = site->path[site->depth - 3];
    w->outer_parent = site->path[site->depth - 4];
    if (!fix_node_is(attr, "attribute") ||
        !ts_node_eq(ts_node_child_by_field_name(attr, "object", 6), w->open_call) ||
        !fix_node_is(w->outer, "call") ||
        !ts_node_eq(ts_node_child_by_field_name(w->outer, "function", 8), attr))
      return -1;
  } else {
    if (site->depth < 2 || !fix_node_is(site->function, "attribute")) return -1;
    w->outer = site->call;
    w->outer_parent = site->path[site->depth - 2];
    attr = site->function;
    w->open_call = ts_node_child_by_field_name(attr, "object", 6);
    if (!fix_node_is(w->open_call, "call")) return -1;
  }
  TSNode open_args = ts_node_child_by_field_name(w->open_call, "arguments", 9);
  TSNode outer_args = ts_node_child_by_field_name(w->outer, "arguments", 9);
  if (!fix_node_is(open_args, "argument_list") || !fix_node_is(outer_args, "argument_list"))
    return -1;
  TSNode mode = {0};
  uint32_t n = ts_node_named_child_count(open_args);
  for (uint32_t i = 0; i < n; i++) {
    TSNode arg = ts_node_named_child(open_args, i);
    if (fix_node_is(arg, "keyword_argument")) {
      TSNode name = ts_node_child_by_field_name(arg, "name", 4);
      if ((!fix_text_is(site, name, "encoding") && !fix_text_is(site, name, "errors")) ||
          w->keyword_count == 2)
        return -1;
      w->keywords[w->keyword_count++] = arg;
    } else if (ts_node_is_null(w->path) && !fix_node_is(arg, "list_splat")) {
      w->path = arg;
    } else if (ts_node_is_null(mode) && !fix_node_is(arg, "list_splat")) {
      mode = arg;
    } else {
      return -1;
    }
  }
  bool write = false, binary = false;
  if (ts_node_is_null(w->path) ||
      (!ts_node_is_null(mode) && mode_of(site, mode, &write, &binary) < 0) ||
      (binary && w->keyword_count > 0))
    return -1;
  TSNode name = ts_node_child_by_field_name(attr, "attribute", 9);
  uint32_t outer_n = ts_node_named_child_count(outer_args);
  if (!write && fix_text_is(site, name, "read") && outer_n == 0) {
    w->method = binary ? "read_bytes" : "read_text";
  } else if (write && fix_text_is(site, name, "write") && outer_n == 1) {
    w->data = ts_node_named_child(outer_args, 0);
    if (fix_node_is(w->data, "keyword_argument") || fix_node_is(w->data, "list_splat")) return -1;
    w->method = binary ? "write_bytes" : "write_text";
  } else {
    return -1;
  }
  return 0;
}

int fix_rewrite_whole_file(const fix_site *site, ar_fix_list *out) {
  whole_file w = {0};
  if (match(site, &w) < 0 || !fix_await_allowed(site) || fix_contains_kind(w.outer, "comment"))
    return 0;
  bool asyncio = site->lib == AR_LIB_ASYNCIO;
  const char *lib = ar_library_name(site->lib);
  ar_fix *fix = asyncio ? fix_begin(out, AR_FIX_UNSAFE, true,
                                    "Use await asyncio.to_thread(pathlib.Path(...).%s)", w.method)
                        : fix_begin(out, AR_FIX_UNSAFE, true, "Use await %s.Path(...).%s()", lib,
                                    w.method);
  if (!fix) return -1;
  const char *ns = fix_module_name(site, fix, lib);
  const char *pathlib = asyncio && ns ? fix_module_name(site, fix, "pathlib") : lib;
  if (!ns || !pathlib) return fix_settle(out, fix, -1);
  bool parens = fix_needs_parens_at(w.outer, w.outer_parent);
  size_t len;
  const char *path = fix_node_text(site, w.path, &len);
  fix_text t = {0};
  fix_text_printf(&t, "%sawait ", parens ? "(" : "");
  if (asyncio) fix_text_printf(&t, "%s.to_thread(", ns);
  fix_text_printf(&t, "%s.Path(", asyncio ? pathlib : ns);
  fix_text_add(&t, path, len);
  fix_text_printf(&t, ").%s%s", w.method, asyncio ? "" : "(");
  bool first = !asyncio;
  if (!ts_node_is_null(w.data)) {
    const char *data = fix_node_text(site, w.data, &len);
    fix_text_str(&t, first ? "" : ", ");
    fix_text_add(&t, data, len);
    first = false;
  }
  for (size_t i = 0; i < w.keyword_count; i++) {
    const char *kw = fix_node_text(site, w.keywords[i], &len);
    fix_text_str(&t, first ? "" : ", ");
    fix_text_add(&t, kw, len);
    first = false;
  }
  fix_text_printf(&t, ")%s", parens ? ")" : "");
  char *text = fix_text_take(&t);
  int rc = text ? fix_edit(fix, ts_node_start_byte(w.outer), ts_node_end_byte(w.outer), text) : -1;
  free(text);
  return fix_settle(out, fix, rc < 0 ? -1 : 0);
}
