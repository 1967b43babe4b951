#ifndef AR_FIX_BUILD_H
#define AR_FIX_BUILD_H

/*
 * Internal to the fix modules: building fix texts and fixes, the call a
 * finding is about, and adding imports. Not for use outside analysis/fix*.c.
 */

#include <stdarg.h>

#include "fix.h"
#include "library.h"

/* A growing string; `failed` sticks after an allocation failure. */
typedef struct {
  char *data;
  size_t len, cap;
  bool failed;
} fix_text;

void fix_text_add(fix_text *t, const char *s, size_t n);
void fix_text_str(fix_text *t, const char *s);
void fix_text_printf(fix_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The string (caller frees), or NULL after a failure; t is reset either way. */
char *fix_text_take(fix_text *t);

/* The finding being fixed and what the fixes for it share. */
typedef struct {
  ar_fix_context *cx;
  const ar_finding *finding;
  TSNode root;
  /* The call's ancestors, root first, path[depth - 1] being the call:
   * found in one descent, since ts_node_parent costs a descent each time. */
  TSNode *path;
  size_t depth;
  TSNode call;     /* the call whose callee the finding covers; null node if none */
  TSNode function; /* its `function` field */
  TSNode args;     /* its `arguments` field: argument_list or generator_expression */
  ar_library lib;
  const char *eol; /* the file's line ending */
} fix_site;

/* Appends an empty fix with a formatted title; NULL when out of memory. */
ar_fix *fix_begin(ar_fix_list *l, ar_fix_safety safety, bool preferred, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Drops the last fix of l (one that turned out impossible or failed). */
void fix_drop_last(ar_fix_list *l);
/* Adds an edit (text copied). Returns 0, or -1 when out of memory. */
int fix_edit(ar_fix *fix, uint32_t start, uint32_t end, const char *text);
/* Adds the insertion of a module header line (an import or definition). */
int fix_edit_header(ar_fix *fix, uint32_t at, const char *text, ar_edit_rank rank);
/* Sorts the edits of a finished fix; -1 when two of them overlap. */
int fix_finish(ar_fix *fix);

/*
 * The name to refer to module `module` by: an existing module-level import
 * of it (alias included), else `module` itself with an edit to `fix` that
 * imports it at the place imports go. NULL when out of memory.
 */
const char *fix_module_name(const fix_site *site, ar_fix *fix, const char *module);

/* Whether the module already imports `module` (one fix_import.c knows). */
bool fix_module_known(const fix_site *site, const char *module);

/* The same for a module's member (`concurrent.futures.ProcessPoolExecutor`),
 * imported with `from ... import` when missing. */
const char *fix_member_name(const fix_site *site, ar_fix *fix, const char *qualified);

/* Where module header lines go (see fix_module_name); *at_eof when that is
 * the end of a file whose last line has no line ending. */
uint32_t fix_header_point(const fix_site *site, bool *at_eof);

/* The file's async library (memoised in cx). */
ar_library fix_library(ar_fix_context *cx);

/* Appends "Disable CODE for this line" when a `# noqa` can be placed there. */
int fix_add_noqa(const fix_site *site, ar_fix_list *out);

bool fix_node_is(TSNode n, const char *type);

/* A finding on entering a context (types.def's `__enter__` rows, callee
 * `with <type>`): it covers the value entered, and site->call is that value
 * when it is a call. */
bool fix_is_with_finding(const ar_finding *f);

/* The nodes containing [start, end), root first, in one descent of the
 * tree; *depth of them. NULL when out of memory. Caller frees. */
TSNode *fix_path_to(ar_fix_context *cx, uint32_t start, uint32_t end, size_t *depth);

/* The bounds of the line holding `at`, without its line ending. */
void fix_line_bounds(ar_fix_context *cx, uint32_t at, uint32_t *start, uint32_t *end);
/* The source text of n, borrowed; its length in *len. */
const char *fix_node_text(const fix_site *site, TSNode n, size_t *len);

#endif
