#ifndef AR_ROUTE_H
#define AR_ROUTE_H

/*
 * Web framework route handlers (FastAPI, Starlette): an `async def` handler
 * that awaits nothing but blocks would run in the framework's thread pool
 * as a plain `def`. The syntax of a handler is read once per walk of its
 * unit; whether its decorator's object is an app or router depends on the
 * module's bindings, so it is asked again whenever findings are published.
 * The table of routes and apps is routes.def.
 */

#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "analysis.h"
#include "scope.h"

typedef struct {
  uint32_t def_start;             /* the function_definition (its `async`) */
  uint32_t name_start, name_end;  /* the handler's name */
  uint32_t body_start, body_end;  /* its body block */
  bool nested;                    /* the body defines functions or lambdas */
  char *object;                   /* owned: the decorator's object, `app`, `api.router` */
} route_handler;

/*
 * Whether `node` (a decorated_definition) is an `async def` decorated with
 * `@<object>.<route method>(...)` whose own body (nested functions aside)
 * has no `await`, `async for`, `async with` or `yield` and names nothing
 * that needs the thread's running event loop. Returns 1 and fills *out
 * (absolute offsets; caller frees out->object), 0 when not, -1 when out of
 * memory.
 */
int route_handler_describe(TSNode node, const char *source, route_handler *out);

/*
 * Whether `object` names an app or router as the module's bindings say: a
 * name bound to a known constructor (`app = FastAPI()`), or an object the
 * module imports (`from .main import app`) when it also imports a framework.
 */
bool route_object_is_app(const scope_table *module, const char *object);

/*
 * ARD300: appends to *hints (grown as needed; caller clears each with
 * ar_finding_clear) a hint on the name of each handler of handlers[0, n)
 * (absolute offsets, in source order) that has one of findings[0, count)
 * in its own body and whose object is an app (route_object_is_app).
 * Returns 0, or -1 when out of memory.
 */
int route_hints(const scope_table *module, const route_handler *handlers, size_t n,
                const ar_finding *findings, size_t count, const char *source, const TSTree *tree,
                ar_finding **hints, size_t *hint_count, size_t *hint_cap);

#endif
