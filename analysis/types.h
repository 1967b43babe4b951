#ifndef AR_TYPES_H
#define AR_TYPES_H

/*
 * What a resolved chain is an instance of, by the table in types.def. A chain
 * is a qualified name with `()` after calls, as scope_qualify_at writes it:
 * `sqlite3.connect().cursor().execute` is the `execute` method of the cursor
 * a connection's `cursor()` returned.
 */

#include <stdbool.h>
#include <stddef.h>

#include "catalogue.h"

/*
 * The rule a call of the callee chain `callee` triggers as a method of a
 * typed receiver (or NULL), writing `Type.method` into shown (cap bytes).
 */
const ar_rule *types_match_method(const char *callee, const ar_call_args *args, char *shown,
                                  size_t cap);

/* Whether the callee chain is a method some row of a typed receiver names,
 * whatever its arguments: when not, types_match_method is NULL too. */
bool types_has_method(const char *callee);

/* The rule `with value:` triggers for the value chain `value` (NULL when
 * entering it does not block), writing `with Type` into shown. */
const ar_rule *types_match_with(const char *value, char *shown, size_t cap);

/* Whether the resolved name (`os.scandir`, `pathlib.Path.glob`) only returns
 * an iterator, so handing its result to a worker thread is fine. */
bool types_is_lazy(const char *shown);

/* The method whose end a polling loop on the same object waits for
 * (`empty` for `queue.Queue.get`), or NULL; the name lives in the table.
 * `lasts` tells whether the wait stays over once the loop saw it end. */
const char *types_polled_by(const char *shown, bool *lasts);

#endif
