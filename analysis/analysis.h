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

/* One call of the chain that makes a helper block, for messages and
 * related locations. */
typedef struct {
  uint32_t start, end; /* byte range of the callee in its file */
  uint32_t line;       /* 0-based line of start, counting LF */
  char *callee;        /* owned: `requests.get`, `load` */
  const ar_rule *rule; /* the last step, a catalogue call: its rule; else NULL */
  char *file;          /* owned: NULL for this file, else the other file's path */
  size_t file_shown;   /* messages show file + file_shown: the path below its root */
} ar_step;

typedef struct {
  uint32_t start, end; /* byte range of the callee, like `time.sleep` */
  const ar_rule *rule;
  char *callee; /* the qualified name it resolved to; owned by the finding's holder */
  char *instead; /* owned like callee; NULL: the rule's own advice */
  /* For a call of a helper that blocks: the calls from the helper to the
   * blocking one, outermost first; owned like callee. */
  ar_step *steps;
  size_t step_count;
} ar_finding;

/* Frees what a finding owns (callee, instead, steps) and zeroes those fields. */
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

/*
 * Helpers in other files. A call whose callee resolved to a name outside the
 * catalogue and outside this file (`pkg.mod.f`, `.helpers.load` for a
 * relative import) is asked of the resolver: it says whether that function
 * blocks and through which steps (owned by the resolver, valid until the
 * next call). Without a resolver such calls never block.
 */
typedef struct {
  bool blocks;
  const ar_step *steps;
  size_t step_count;
} ar_external;
typedef bool (*ar_resolve_fn)(void *ctx, const char *target, ar_external *out);

/* The resolver and its context, borrowed until replaced or the analysis is
 * freed; takes effect at the next update or refresh. */
void ar_analysis_set_resolver(ar_analysis *a, ar_resolve_fn resolve, void *ctx);

/*
 * Objects of other files. A call's chain that resolved to a name outside
 * this file and that no rule matches (`shop.clients.http.get` after `from
 * shop.clients import http`, `.models.Store().repo.load`) is asked of the
 * follower: it writes, in this file's terms and at most cap bytes, what the
 * chain stands for in the module that defines it (`requests.Session().get`,
 * a helper as `.models.Repo.load`) and returns true, or returns false when
 * it knows nothing more. Borrowed like the resolver; a refresh
 * (ar_analysis_refresh_helpers) resolves again the units that asked it.
 */
typedef bool (*ar_follow_fn)(void *ctx, const char *chain, char *out, size_t cap);
void ar_analysis_set_follower(ar_analysis *a, ar_follow_fn follow, void *ctx);

/*
 * What `chain`, read at this module's top level (`http.get`,
 * `Store().repo.load`), stands for once this file's objects are followed,
 * as of the last update: writes it into out (cap bytes; a function or
 * method of this file as `@.key`, a name this module imports relatively as
 * its relative name) and returns true, or false when it is not one known
 * thing. Reads only the module's bindings: no tree, no walk.
 */
bool ar_analysis_follow(ar_analysis *a, const char *chain, char *out, size_t cap);

/* What the resolver answers changed: solves the verdicts again and rebuilds
 * the findings without walking anything. `source` and `tree` are those of
 * the last update. Returns 0 or -1 (allocation failure). */
int ar_analysis_refresh_helpers(ar_analysis *a, const char *source, const TSTree *tree);

/* The chain by which this file's function `key` (`load`, `Worker.fetch`)
 * blocks, as steps with file NULL for this file: returns 1 and fills *steps
 * (caller frees each step's strings and the array), 0 when it does not
 * block, -1 on allocation failure. */
int ar_analysis_helper_steps(const ar_analysis *a, const char *key, const char *source,
                             const TSTree *tree, ar_step **steps, size_t *count);

/*
 * Whether `decorated` (a decorated_definition of the tree last updated) is
 * an `async def` route handler of FastAPI or Starlette that would run in the
 * framework's thread pool as a plain `def`: a route decorator on an app or
 * router, and an own body that needs no coroutine (route.h). ARD300 and the
 * "make this handler a plain def" fix both ask this.
 */
bool ar_analysis_plain_def_route(const ar_analysis *a, const char *source, TSNode decorated);

/* A number that changes whenever something outside a finding's own unit
 * that its fixes read may have changed: the module's names and imports, a
 * module-level statement other than a definition, the configuration, the
 * helpers' verdicts. Fixes computed under one number, for a unit whose
 * serial (below) is unchanged, can be kept (fix_cache.h). */
uint64_t ar_analysis_context_version(const ar_analysis *a);
/* The unit holding `offset` as of the last update: its byte range and a
 * serial that changes whenever it is walked again. false when none holds
 * it (text between units). */
bool ar_analysis_unit_at(const ar_analysis *a, uint32_t offset, uint32_t *start, uint32_t *end,
                         uint64_t *serial);
/* Units walked by the last update: what the incremental path saved. */
size_t ar_analysis_units_walked(const ar_analysis *a);
size_t ar_analysis_unit_count(const ar_analysis *a);

/* Whether the module binds `name` at module level (any kind of binding). */
bool ar_analysis_module_binds(const ar_analysis *a, const char *name);

/* Whether the module imports asyncio, trio, anyio (the module or one of
 * its members), as of the last update: kept as the imports change, since
 * every publish asks (library.h). */
void ar_analysis_imported_loops(const ar_analysis *a, bool *asyncio, bool *trio, bool *anyio);
/* Calls fn(ctx, name, target) for each module-level name bound to an import
 * (`import asyncio as aio`: "aio", "asyncio"), as of the last update. */
void ar_analysis_each_import(const ar_analysis *a,
                             void (*fn)(void *ctx, const char *name, const char *target),
                             void *ctx);

/* "`callee` blocks the event loop: <why>; use <instead>"; for a helper,
 * "`load()` blocks: it calls `requests.get` at line 12; ...". Lines are
 * 1-based in messages. Caller frees. */
char *ar_finding_message(const ar_finding *f);
/* The message of a finding on a catalogue call (no helper chain) with
 * `instead` as its advice. Caller frees. */
char *ar_finding_message_advising(const ar_finding *f, const char *instead);

#endif
