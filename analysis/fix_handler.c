/*
 * "Make this handler a plain def": a FastAPI/Starlette route handler
 * (`@app.get(...)`, `@router.post(...)`, ...) declared `async def` that
 * awaits nothing runs its blocking calls on the event loop; as a plain
 * `def` the framework runs it in its thread pool. Whether a handler
 * qualifies is ARD300's own test (ar_analysis_plain_def_route), so the fix
 * is offered exactly where the hint can be.
 */

#include "fix_rewrite.h"

/* The fix for the handler `def` under `decorated`, when it qualifies. */
static int plain_def(const fix_site *site, TSNode decorated, TSNode def, bool preferred,
                     ar_fix_list *out) {
  if (!fix_node_is(decorated, "decorated_definition") ||
      !ar_analysis_plain_def_route(site->cx->analysis, site->cx->source, decorated))
    return 0;
  ar_fix *fix = fix_begin(out, AR_FIX_UNSAFE, preferred,
                          "Make this handler a plain def (the framework runs it in a thread pool)");
  if (!fix) return -1;
  fix->alone = true;
  TSNode async_kw = ts_node_child(def, 0), def_kw = ts_node_child(def, 1);
  int rc = fix_edit(fix, ts_node_start_byte(async_kw), ts_node_start_byte(def_kw), "");
  return fix_settle(out, fix, rc < 0 ? -1 : 0);
}

int fix_rewrite_plain_handler(const fix_site *site, ar_fix_list *out) {
  /* The innermost function holding the call must be the handler itself. */
  size_t i = site->depth;
  while (i > 0 && !fix_node_is(site->path[i - 1], "function_definition") &&
         !fix_node_is(site->path[i - 1], "lambda"))
    i--;
  if (i < 2 || !fix_node_is(site->path[i - 1], "function_definition")) return 0;
  return plain_def(site, site->path[i - 2], site->path[i - 1], false, out);
}

int fix_plain_handler_hint(const fix_site *site, ar_fix_list *out) {
  /* The hint covers the handler's name: its parent is the def. */
  size_t i = site->depth;
  while (i > 0 && !fix_node_is(site->path[i - 1], "function_definition")) i--;
  if (i < 2) return 0;
  return plain_def(site, site->path[i - 2], site->path[i - 1], true, out);
}
