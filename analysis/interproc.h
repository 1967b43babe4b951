#ifndef AR_INTERPROC_H
#define AR_INTERPROC_H

/*
 * Helpers that block. Each unit walk summarises the sync functions it
 * defines (top-level `def`s and methods of top-level classes): the blocking
 * catalogue calls they make directly and the other functions they call. A
 * file's summaries are indexed by key (`load`, `Worker.fetch`); a verdict
 * per function (blocks or not, and through which call) is computed from the
 * cached summaries, and only again when a summary's content changed, so a
 * keystroke walks only the units it touched.
 *
 * Targets: a helper of this file is named `@.<key>` (the `@` never starts a
 * Python name); any other resolved callee keeps its qualified name
 * (`pkg.mod.f`, or `.helpers.f` for a relative import) and is left to an
 * external resolver (the workspace), which may know the module.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "analysis.h"

#define IP_SELF_PREFIX "@."
enum { IP_SELF_PREFIX_LEN = 2 };
/* A verdict depth meaning "does not block". */
#define IP_NEVER UINT32_MAX

typedef enum {
  IP_STEP_DIRECT, /* a catalogue call: `rule` says why it blocks */
  IP_STEP_CALL,   /* a call of another function, named by `target` */
} ip_step_kind;

typedef struct {
  ip_step_kind kind;
  uint32_t start, end; /* the callee's bytes, relative to the unit */
  const ar_rule *rule; /* IP_STEP_DIRECT */
  char *target;        /* owned: the qualified callee */
} ip_step;

typedef struct {
  char *key;       /* owned: `load`, `Worker.fetch` */
  bool opaque;     /* a generator: calling it runs none of its body */
  ip_step *steps;  /* owned, in source order */
  size_t step_count, step_cap;
  /* The verdict: how many calls away the nearest blocking call is
   * (IP_NEVER: none), and which step leads there. */
  uint32_t depth, via;
} ip_fn;

/* A call made in async context whose callee is not in the catalogue but
 * may be a helper (`@.load`) or a function of another module. */
typedef struct {
  char *target;        /* owned */
  uint32_t start, end; /* relative to the unit */
} ip_call;

/* What one unit contributes. */
typedef struct {
  ip_fn *fns;
  size_t fn_count, fn_cap;
  ip_call *calls;
  size_t call_count, call_cap;
  uint64_t signature; /* of the fns without positions: equal means same verdicts */
  uint32_t base;      /* the unit's current start, set before chains are built */
} ip_unit;

/* NULL on allocation failure. */
ip_unit *ip_unit_new(void);
void ip_unit_free(ip_unit *u);

/* Appends; returns the new function's index or -1 on allocation failure.
 * `key` is copied. */
int ip_unit_add_fn(ip_unit *u, const char *key, size_t key_len);
/* Appends a step to function `fn`; `target` is copied. Returns 0 or -1. */
int ip_unit_add_step(ip_unit *u, size_t fn, ip_step_kind kind, uint32_t start, uint32_t end,
                     const ar_rule *rule, const char *target);
int ip_unit_add_call(ip_unit *u, const char *target, uint32_t start, uint32_t end);
/* Computes u->signature once every step is in. */
void ip_unit_seal(ip_unit *u);

/* Targets outside this file are asked of the analysis' resolver. */
typedef ar_external ip_external;
typedef ar_resolve_fn ip_resolve_fn;

/* The functions of a file by key, kept in step with its units. */
typedef struct ip_index ip_index;

ip_index *ip_index_new(void);
void ip_index_free(ip_index *x);
/* Returns 0, or -1 on allocation failure (the index is then incomplete: the
 * caller rebuilds it). */
int ip_index_add(ip_index *x, ip_unit *u);
void ip_index_remove(ip_index *x, const ip_unit *u);
/* Recomputes every verdict from the summaries (no tree is walked); the
 * resolver, when given, decides targets outside this file. */
int ip_index_solve(ip_index *x, ip_resolve_fn resolve, void *ctx);

/*
 * The finding of a helper call, with its chain of steps (absolute offsets in
 * this file, lines read off `tree`), or 0 when the call does not block.
 * Returns 1 when *out was filled (caller frees with ar_finding_clear), 0, or
 * -1 on allocation failure.
 */
/* The steps by which function `key` of this file blocks, into out->steps
 * (only the steps are set). Same returns as ip_call_finding. */
int ip_fn_steps(const ip_index *x, const char *key, const char *source, const TSTree *tree,
                ip_resolve_fn resolve, void *ctx, ar_finding *out);

int ip_call_finding(const ip_index *x, const ip_unit *u, const ip_call *c, const char *source,
                    const TSTree *tree, ip_resolve_fn resolve, void *ctx, ar_finding *out);

#endif
