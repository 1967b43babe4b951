/*
 * "Make this handler a plain def": a FastAPI/Starlette route handler
 * (`@app.get(...)`, `@router.post(...)`, ...) declared `async def` that
 * awaits nothing runs its blocking calls on the event loop; as a plain
 * `def` the framework runs it in its thread pool. Offered only when the
 * body has no await, async for, async with or yield (which would make it
 * something else than a plain function).
 */

#include <string.h>

#include "fix_rewrite.h"

/* Decorator methods that register a route on an app or router. */
static const char *const route_methods[] = {"get",     "post",  "put",       "patch",
                                            "delete",  "head",  "options",   "trace",
                                            "route",   "api_route"};

static bool is_route_decorator(const fix_site *site, TSNode decorator) {
  TSNode call = ts_node_named_child(decorator, 0);
  if (!fix_node_is(call, "call")) return false;
  TSNode fn = ts_node_child_by_field_name(call, "function", 8);
  if (!fix_node_is(fn, "attribute")) return false;
  TSNode name = ts_node_child_by_field_name(fn, "attribute", 9);
  for (size_t i = 0; i < sizeof route_methods / sizeof route_methods[0]; i++)
    if (fix_text_is(site, name, route_methods[i])) return true;
  return false;
}

int fix_rewrite_plain_handler(const fix_site *site, ar_fix_list *out) {
  /* The innermost function holding the call must be the handler itself. */
  size_t i = site->depth;
  while (i > 0 && !fix_node_is(site->path[i - 1], "function_definition") &&
         !fix_node_is(site->path[i - 1], "lambda"))
    i--;
  if (i < 2 || !fix_node_is(site->path[i - 1], "function_definition")) return 0;
  TSNode def = site->path[i - 1], decorated = site->path[i - 2];
  TSNode async_kw = ts_node_child(def, 0);
  if (!fix_node_is(async_kw, "async") || !fix_node_is(decorated, "decorated_definition")) return 0;
  bool route = false;
  uint32_t n = ts_node_named_child_count(decorated);
  for (uint32_t k = 0; k < n && !route; k++) {
    TSNode child = ts_node_named_child(decorated, k);
    route = fix_node_is(child, "decorator") && is_route_decorator(site, child);
  }
  TSNode body = ts_node_child_by_field_name(def, "body", 4);
  if (!route || fix_contains_kind(body, "await") || fix_contains_kind(body, "async") ||
      fix_contains_kind(body, "yield"))
    return 0;
  ar_fix *fix = fix_begin(out, AR_FIX_UNSAFE, false,
                          "Make this handler a plain def (the framework runs it in a thread pool)");
  if (!fix) return -1;
  TSNode def_kw = ts_node_child(def, 1);
  int rc = fix_edit(fix, ts_node_start_byte(async_kw), ts_node_start_byte(def_kw), "");
  return fix_settle(out, fix, rc < 0 ? -1 : 0);
}
