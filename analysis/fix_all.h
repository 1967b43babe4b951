#ifndef AR_FIX_ALL_H
#define AR_FIX_ALL_H

/*
 * Fix-all over one file: the fix each reported finding would get (see
 * ar_fix_pick), merged into one set of edits. Shared by `check --fix` and
 * the editor's source.fixAll action, so both apply the same fixes.
 */

#include "config.h"
#include "fix.h"

typedef struct {
  ar_edit *edits; /* sorted, non-overlapping; owned with their texts */
  size_t count;
  size_t applied; /* fixes whose edits are in; overlapping ones wait */
} ar_fix_all_edits;

/*
 * Collects the fixes of findings[0..n) that config reports, safe ones only
 * unless `unsafe`, into out (ar_fix_all_edits_free releases it). Returns 0, or
 * -1 when out of memory (out is then empty).
 */
int ar_fix_all(ar_fix_context *cx, const ar_finding *findings, size_t n, const ar_config *config,
               bool unsafe, ar_fix_all_edits *out);

void ar_fix_all_edits_free(ar_fix_all_edits *e);

#endif
