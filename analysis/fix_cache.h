#ifndef AR_FIX_CACHE_H
#define AR_FIX_CACHE_H

/*
 * The fixes of a document's findings kept from one update to the next, so
 * that a keystroke recomputes only the fixes of the unit it touched. An
 * entry is kept while its finding is at the same place, its unit has not
 * been walked again (ar_analysis_unit_at), nothing outside units that fixes
 * read has changed (ar_analysis_context_version), and no edit touched the
 * whole lines its unit spans or the module header where its imports go.
 * Offsets follow the edits, like the document's.
 */

#include "fix.h"

typedef struct fix_cache_entry fix_cache_entry;

/* What the cache keeps for one finding. */
typedef struct {
  ar_fix_list fixes;
  /* The start of the whole lines the fixes were computed from. While the
   * entry lives no edit touches those lines or the module header, so every
   * position in the finding and its fixes keeps its column, and its line
   * moves with the anchor's: a rendering made with the anchor on one line
   * holds while the anchor stays there. */
  uint32_t anchor;
  /* The caller's rendering of the finding and of its fixes (two texts,
   * owned by the entry; NULL when none), made with the anchor on line
   * rendered_line; set with ar_fix_cached_render. */
  char *rendered_finding, *rendered_fixes;
  size_t rendered_finding_len, rendered_fixes_len;
  uint32_t rendered_line;
} ar_fix_cached;

typedef struct {
  fix_cache_entry *items; /* sorted by finding start; owned */
  size_t count, cap;
  /* The entries looked up since ar_fix_cache_begin, in finding order: at
   * ar_fix_cache_end they replace the items (the rest are dropped). */
  fix_cache_entry *next;
  size_t next_count, next_cap, scan;
  uint64_t context_version;
  /* Edits starting at or before this offset clear everything: some entry
   * inserts an import or definition up to here. */
  uint32_t header_end;
  bool has_header;
  bool crlf; /* the line ending the entries were written with */
  /* The fix context's import lookup (fix.h memo), kept under the same
   * context version. */
  bool imports_valid;
  int library;
  const char *import_names[sizeof ((ar_fix_context *)0)->memo.import_names /
                           sizeof(const char *)];
} ar_fix_cache;

void ar_fix_cache_init(ar_fix_cache *c);
void ar_fix_cache_free(ar_fix_cache *c);

/* Bytes [start, old_end) became [start, new_end), in the order the
 * document's edits are made. */
void ar_fix_cache_edit(ar_fix_cache *c, uint32_t start, uint32_t old_end, uint32_t new_end);
/* Forgets everything (the whole text was replaced). */
void ar_fix_cache_clear(ar_fix_cache *c);

/*
 * Lookups happen in passes over the current findings, in order, against
 * one fix context (fix.h): ar_fix_cache_begin, ar_fix_cache_get per
 * finding, ar_fix_cache_end. Entries not looked up in a pass are dropped.
 */
void ar_fix_cache_begin(ar_fix_cache *c, ar_fix_context *cx);
/* What is kept for finding f: its fixes (as ar_fix_collect gives them),
 * computed now or kept. Owned by the cache, valid until the next call on
 * it. NULL when out of memory. */
ar_fix_cached *ar_fix_cache_get(ar_fix_cache *c, ar_fix_context *cx, const ar_finding *f);
/* Replaces e's rendering with these texts (taken, also on failure) made at
 * anchor line `line`. */
void ar_fix_cached_render(ar_fix_cached *e, char *finding, size_t finding_len, char *fixes,
                          size_t fixes_len, uint32_t line);
void ar_fix_cache_end(ar_fix_cache *c);

#endif
