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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "analysis.h"

/*
 * Where the text `asyncradar:` occurs, kept in step with edits: a keystroke
 * then looks for file-level directives in the text it changed, not in the
 * whole file. Whether an occurrence is a directive (in a comment, followed by
 * `noqa`) is decided from the tree at each use, since an edit elsewhere can
 * turn a comment into part of a string. Zero-initialised = nothing known yet.
 */
typedef struct {
  uint32_t *at; /* sorted byte offsets; owned */
  size_t count, cap;
  bool known; /* false: the next rescan reads the whole text */
} ar_suppress_marks;

/* Follows an edit that replaced old bytes [start, old_end) by new bytes
 * [start, new_end): occurrences it touched are dropped, later ones move. */
void ar_suppress_marks_edit(ar_suppress_marks *m, uint32_t start, uint32_t old_end,
                            uint32_t new_end);

/* Reads the occurrences starting in [lo, hi) of source (all of it when
 * nothing is known yet) after edits covered by that range. -1 when out of
 * memory (nothing is known then). */
int ar_suppress_marks_rescan(ar_suppress_marks *m, const char *source, uint32_t len, uint32_t lo,
                             uint32_t hi);

void ar_suppress_marks_free(ar_suppress_marks *m);

/* Removes from findings[0, *count) what a comment suppresses, keeping the
 * order; the removed entries are overwritten, not freed (the caller keeps
 * owning what their pointers point to). `tree` is the tree of `source`, and
 * `marks` are up to date with it. */
void ar_suppress_apply(const char *source, const TSTree *tree, const ar_suppress_marks *marks,
                       ar_finding *findings, size_t *count);

#endif
