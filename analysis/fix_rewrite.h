#ifndef AR_FIX_REWRITE_H
#define AR_FIX_REWRITE_H

/* The rewrites of a blocking call into its async form (internal to fix.c). */

#include "fix_build.h"

/* Appends the rewrites that can be made correct for site->call, the
 * preferred one first. Returns 0, or -1 when out of memory. */
int fix_rewrite_collect(const fix_site *site, ar_fix_list *out);

#endif
