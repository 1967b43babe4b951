#ifndef AR_SUPPRESS_H
#define AR_SUPPRESS_H

/*
 * Suppression comments, read from the source text so that the CLI and the
 * server agree: `# noqa` (every code) or `# noqa: CODE[, CODE]` on the line
 * where a finding starts, and `# asyncradar: noqa` (optionally with codes)
 * anywhere in the file. Only real comments count (the tree tells them from
 * `#` inside strings). Codes are ours, which are flake8-async's and Ruff's
 * for the same rules, or their former flake8-trio spellings (TRIO251).
 */

#include <stddef.h>
#include <tree_sitter/api.h>

#include "analysis.h"

/* Removes from findings[0, *count) what a comment suppresses, keeping the
 * order; the removed entries are overwritten, not freed (the caller keeps
 * owning what their pointers point to). `tree` is the tree of `source`. */
void ar_suppress_apply(const char *source, const TSTree *tree, ar_finding *findings,
                       size_t *count);

#endif
