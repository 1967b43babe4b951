/* Adding an import a fix needs, where a careful engineer would put it. */

#include <stdlib.h>
#include <string.h>

#include "fix_build.h"

static bool is_header_statement(TSNode n, bool first) {
  if (fix_node_is(n, "import_statement") || fix_node_is(n, "import_from_statement") ||
      fix_node_is(n, "future_import_statement"))
    return true;
  /* The module docstring: a lone string as the first statement. */
  return first && fix_node_is(n, "expression_statement") && ts_node_named_child_count(n) == 1 &&
         fix_node_is(ts_node_named_child(n, 0), "string");
}

/*
 * After the module docstring, `from __future__` imports and the import
 * block at the top; before the first statement when there is none of
 * those (so a shebang or license comment stays first). *at_eof says the
 * point is the end of a file whose last line has no line ending.
 */
static uint32_t import_point(const fix_site *site, bool *at_eof) {
  const char *src = site->cx->source;
  uint32_t len = site->cx->len;
  TSTreeCursor cursor = ts_tree_cursor_new(site->root);
  TSNode last = {0}, first_statement = {0};
  bool first = true;
  for (bool more = ts_tree_cursor_goto_first_child(&cursor); more;
       more = ts_tree_cursor_goto_next_sibling(&cursor)) {
    TSNode n = ts_tree_cursor_current_node(&cursor);
    if (!ts_node_is_named(n) || fix_node_is(n, "comment")) continue;
    if (ts_node_is_null(first_statement)) first_statement = n;
    if (!is_header_statement(n, first)) break;
    last = n;
    first = false;
  }
  ts_tree_cursor_delete(&cursor);
  *at_eof = false;
  if (ts_node_is_null(last)) {
    if (ts_node_is_null(first_statement)) return 0;
    uint32_t at = ts_node_start_byte(first_statement);
    while (at > 0 && src[at - 1] != '\n' && src[at - 1] != '\r') at--;
    return at;
  }
  uint32_t at = ts_node_end_byte(last);
  while (at < len && src[at] != '\n' && src[at] != '\r') at++;
  if (at == len) {
    *at_eof = true;
    return len;
  }
  if (src[at] == '\r' && at + 1 < len && src[at + 1] == '\n') at++;
  return at + 1;
}

/* The modules fixes refer to: their existing import names are looked up in
 * one pass per batch (see ar_library_scan). */
static const char *const known_modules[] = {
    "asyncio", "trio", "anyio", "functools", "httpx", "pathlib", "subprocess",
    "concurrent.futures.ProcessPoolExecutor", "aiofiles",
};

_Static_assert(sizeof known_modules / sizeof known_modules[0] <=
                   sizeof ((ar_fix_context *)0)->memo.import_names /
                       sizeof ((ar_fix_context *)0)->memo.import_names[0],
               "the memo holds a name per known module");

static void scan_imports(ar_fix_context *cx) {
  if (cx->memo.imports_valid) return;
  cx->memo.library = (int)ar_library_scan(cx->analysis, known_modules,
                                          sizeof known_modules / sizeof known_modules[0],
                                          cx->memo.import_names);
  cx->memo.imports_valid = true;
}

ar_library fix_library(ar_fix_context *cx) {
  scan_imports(cx);
  return (ar_library)cx->memo.library;
}

uint32_t fix_header_point(const fix_site *site, bool *at_eof) { return import_point(site, at_eof); }

/* `module` is a module, or with `from` a module's member (the part after
 * the last dot), which is then imported with `from ... import`. */
static const char *import_name(const fix_site *site, ar_fix *fix, const char *module, bool from) {
  scan_imports(site->cx);
  for (size_t i = 0; i < sizeof known_modules / sizeof known_modules[0]; i++)
    if (strcmp(known_modules[i], module) == 0 && site->cx->memo.import_names[i])
      return site->cx->memo.import_names[i];
  bool at_eof;
  uint32_t at = import_point(site, &at_eof);
  fix_text line = {0};
  const char *member = from ? strrchr(module, '.') : NULL;
  if (member)
    fix_text_printf(&line, "%sfrom %.*s import %s%s", at_eof ? site->eol : "",
                    (int)(member - module), module, member + 1, at_eof ? "" : site->eol);
  else
    fix_text_printf(&line, "%simport %s%s", at_eof ? site->eol : "", module,
                    at_eof ? "" : site->eol);
  char *text = fix_text_take(&line);
  int rc = text ? fix_edit_header(fix, at, text, AR_EDIT_IMPORT) : -1;
  free(text);
  if (rc < 0) return NULL;
  return member ? member + 1 : module;
}

bool fix_module_known(const fix_site *site, const char *module) {
  scan_imports(site->cx);
  for (size_t i = 0; i < sizeof known_modules / sizeof known_modules[0]; i++)
    if (strcmp(known_modules[i], module) == 0) return site->cx->memo.import_names[i] != NULL;
  return false;
}

const char *fix_module_name(const fix_site *site, ar_fix *fix, const char *module) {
  return import_name(site, fix, module, false);
}

const char *fix_member_name(const fix_site *site, ar_fix *fix, const char *qualified) {
  return import_name(site, fix, qualified, true);
}
