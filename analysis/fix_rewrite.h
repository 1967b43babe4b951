#ifndef AR_FIX_REWRITE_H
#define AR_FIX_REWRITE_H

/* The rewrites of a blocking call into its async form (internal to fix.c). */

#include "fix_build.h"

/* Appends the rewrites that can be made correct for site->call, the
 * preferred one first. Returns 0, or -1 when out of memory. */
int fix_rewrite_collect(const fix_site *site, ar_fix_list *out);

/* Shared by the rewrites. */

/* Whether `await` may replace site->call where it is: directly in an async
 * def's body, or in list/set/dict comprehensions there. */
bool fix_await_allowed(const fix_site *site);
/* Whether `await <call>` needs parentheses where the call is. */
bool fix_needs_parens(const fix_site *site);
/* The first argument of an argument_list, comments aside; null if none. */
TSNode fix_first_argument(TSNode args);
/* Finishes fix (the last of out), or drops it when rc says it could not be
 * completed (1) or memory ran out (-1). Returns -1 only for the latter. */
int fix_settle(ar_fix_list *out, ar_fix *fix, int rc);

/* fix_process.c: subprocess.run / call / check_call / check_output and
 * os.system -> asyncio.create_subprocess_exec / _shell. */
int fix_rewrite_subprocess(const fix_site *site, ar_fix_list *out);

#endif
