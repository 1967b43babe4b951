#ifndef AR_ANALYSIS_H
#define AR_ANALYSIS_H

/*
 * The blocking-call analysis of one Python file. It knows nothing of LSP:
 * it takes source text and its tree-sitter tree and returns findings in byte
 * offsets. State is kept per document so that after an edit only the units
 * the edit touched (and the units that depend on a changed module-level
 * name) are walked again.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "catalogue.h"
#include "config.h"

typedef struct {
  uint32_t start, end; /* byte range of the callee, like `time.sleep` */
  const ar_rule *rule;
  char *callee; /* the qualified name it resolved to; owned by the finding's holder */
  char *instead; /* owned like callee; NULL: the rule's own advice */
} ar_finding;

/* Frees what a finding owns. */
void ar_finding_clear(ar_finding *f);

/* The Python grammar this analysis is written against. */
const TSLanguage *ar_language(void);

typedef struct ar_analysis ar_analysis;

/* NULL on allocation failure; free with ar_analysis_free. */
ar_analysis *ar_analysis_new(void);
void ar_analysis_free(ar_analysis *a);

/*
 * The configuration whose extra and allowed calls apply from the next
 * update on; borrowed, so it must outlive the analysis or be replaced
 * first. NULL: none. Returns true when the findings must be computed again
 * (the calls it flags changed): the caller then updates even without edits.
 */
bool ar_analysis_set_config(ar_analysis *a, const ar_config *config);
/* The configuration last set, or NULL. */
const ar_config *ar_analysis_config(const ar_analysis *a);

/* Tells the analysis that bytes [start, old_end) became [start, new_end),
 * in the same order the edits are given to ts_tree_edit. */
void ar_analysis_edit(ar_analysis *a, uint32_t start, uint32_t old_end, uint32_t new_end);

/*
 * Brings the findings up to date with `tree`, parsed from `source` (after the
 * edits given since the last update). `old_tree` is the tree it was parsed
 * from, already edited, or NULL: it is only read when syntax errors may have
 * regrouped text outside the edits. Returns 0, or -1 on allocation failure
 * (the analysis then starts afresh on the next update).
 */
int ar_analysis_update(ar_analysis *a, const char *source, const TSTree *old_tree,
                       const TSTree *tree);

/* Findings sorted by position; valid until the next update or free. */
const ar_finding *ar_analysis_findings(const ar_analysis *a, size_t *count);

/* Units walked by the last update: what the incremental path saved. */
size_t ar_analysis_units_walked(const ar_analysis *a);
size_t ar_analysis_unit_count(const ar_analysis *a);

/* Calls fn(ctx, name, target) for each module-level name bound to an import
 * (`import asyncio as aio`: "aio", "asyncio"), as of the last update. */
void ar_analysis_each_import(const ar_analysis *a,
                             void (*fn)(void *ctx, const char *name, const char *target),
                             void *ctx);

/* "`callee` blocks the event loop: <why>; use <instead>". Caller frees. */
char *ar_finding_message(const ar_finding *f);

#endif
