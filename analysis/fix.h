#ifndef AR_FIX_H
#define AR_FIX_H

/*
 * Fixes for findings, as byte-offset edits of the analysed source. Like the
 * rest of analysis/ this knows nothing of LSP: the server converts offsets
 * to positions at the edge.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "analysis.h"

/* Replace source[start, end) with text (insert when start == end). */
/* Module header lines (imports, then module-level definitions such as a
 * shared process pool) inserted at one offset commute with each other and
 * come out in this order; two other insertions at one offset from
 * different fixes are ambiguous (which call wraps which), so they are never
 * merged. */
typedef enum { AR_EDIT_IMPORT, AR_EDIT_DEFINITION, AR_EDIT_BODY } ar_edit_rank;

typedef struct {
  uint32_t start, end;
  char *text; /* owned by the fix */
  ar_edit_rank rank;
} ar_edit;

typedef enum {
  AR_FIX_SAFE,   /* keeps what the code does, only stops the blocking */
  AR_FIX_UNSAFE, /* changes behaviour: another thread, another library, ... */
} ar_fix_safety;

typedef struct {
  char *title; /* "Use await asyncio.sleep"; owned */
  ar_fix_safety safety;
  bool preferred;
  bool suppression; /* a `# noqa` comment rather than a rewrite */
  /* Applied only on its own, never by a fix-all: it conflicts with the
   * rewrites of other findings without sharing a byte with them (a plain-def
   * handler and `await` added to the calls in its body). */
  bool alone;
  ar_edit *edits;   /* sorted by start, non-overlapping; owned */
  size_t edit_count;
} ar_fix;

typedef struct {
  ar_fix *items; /* owned */
  size_t count, cap;
} ar_fix_list;

/* What fixes are computed against: the text, its tree and its analysis,
 * all current with one another, plus a memo that findings fixed in order
 * share (many findings on one long line cost one scan of the line, the
 * module's imports are looked up once; fix_cache.h keeps the latter
 * between keystrokes). Set up with ar_fix_context_init,
 * release with ar_fix_context_done; both again when the text changes. */
typedef struct {
  const char *source;
  uint32_t len;
  const TSTree *tree;
  const ar_analysis *analysis;
  struct {
    bool imports_valid;
    int library;                /* an ar_library */
    const char *import_names[12]; /* per module fix_import.c knows */
    bool line_valid;
    uint32_t line_start, line_end;
    TSTreeCursor top; /* reused for descents from the root */
  } memo;
} ar_fix_context;

void ar_fix_context_init(ar_fix_context *cx, const char *source, uint32_t len, const TSTree *tree,
                         const ar_analysis *analysis);
void ar_fix_context_done(ar_fix_context *cx);

/*
 * Appends the fixes of finding `f` to out: the preferred one first (when a
 * rewrite can be made correct for this call), alternatives, then the
 * suppression. Returns 0, or -1 on allocation failure (out keeps what was
 * complete before).
 */
int ar_fix_collect(ar_fix_context *cx, const ar_finding *f, ar_fix_list *out);

void ar_fix_list_free(ar_fix_list *l);

/* The fix a fix-all applies for one finding: the first rewrite (never a
 * suppression, nor one applied alone) that is safe, or any rewrite when
 * `unsafe`; NULL if none. */
const ar_fix *ar_fix_pick(const ar_fix_list *l, bool unsafe);

/*
 * Combines the edits of several fixes into one sorted list for a single
 * application: identical edits (the same import added by two fixes) are
 * kept once, and a fix whose edits would overlap an accepted fix's is left
 * out whole. *edits borrows the texts from the fixes. *skipped counts the
 * fixes left out. Returns 0, or -1 on allocation failure.
 */
int ar_fix_merge(const ar_fix *const *fixes, size_t n, ar_edit **edits, size_t *count,
                 size_t *skipped);

/* The source with sorted, non-overlapping edits applied; NULL when out of
 * memory. Caller frees. */
char *ar_fix_apply(const char *source, uint32_t len, const ar_edit *edits, size_t n,
                   uint32_t *out_len);

#endif
