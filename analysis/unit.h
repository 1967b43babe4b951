#ifndef AR_UNIT_H
#define AR_UNIT_H

/*
 * One unit of analysis: a top-level statement, or a statement of a top-level
 * class body. A unit is walked once per change to it: the walk records the
 * names it binds in the module (its contributions) and the calls made in
 * async context; resolving those calls waits until the module table is
 * current, since another unit's import may decide them.
 */

#include <tree_sitter/api.h>

#include "analysis.h"
#include "interproc.h"
#include "scope.h"

typedef enum {
  UNIT_TOP,          /* a module-level statement */
  UNIT_CLASS_HEADER, /* a top-level class up to its body: binds the class name */
  UNIT_CLASS_MEMBER, /* a statement in a top-level class body */
} unit_kind;

typedef struct unit_walk unit_walk;

/*
 * Walks `node` of `source`; for a class member, `owner` is its class's
 * class_definition (the caller came through it, while finding it from the
 * member means descending again from the root), else a null node. Returns
 * NULL on allocation failure; free with unit_walk_free. The contributions
 * stay owned by the walk until taken.
 */
unit_walk *unit_walk_run(TSNode node, TSNode owner, unit_kind kind, const char *source);
void unit_walk_free(unit_walk *w);

/* Moves the contributions out (caller frees each and the array). */
scope_contrib *unit_walk_take_contribs(unit_walk *w, size_t *count);

/*
 * Resolves the recorded calls against `module`. Appends findings (absolute
 * byte offsets, callee strings owned by the caller) to *findings and the
 * module names looked up to r. Returns 0, or -1 on allocation failure.
 */
int unit_walk_resolve(unit_walk *w, scope_resolver *r, ar_finding **findings,
                      size_t *count, size_t *cap);

/*
 * After unit_walk_resolve: the summaries of the sync functions the unit
 * defines and its async calls that may reach a helper (interproc.h), with
 * offsets absolute, sealed. NULL when there are none. Caller frees.
 */
ip_unit *unit_walk_take_summary(unit_walk *w);

#endif
