#ifndef AR_DOCUMENT_H
#define AR_DOCUMENT_H

/*
 * One open Python buffer: its text, line index, tree-sitter tree and
 * analysis. Edits arrive in byte offsets (the caller converts LSP positions
 * at the edge) and are applied at once to the text, the line index, the tree
 * (ts_tree_edit) and the analysis; reparsing and re-analysing wait for
 * doc_refresh, so a burst of edits costs one incremental parse.
 */

#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>
#include <uthash.h>

#include "analysis.h"
#include "fix_cache.h"
#include "position.h"

/* Texts above this are refused: offsets are 32-bit, as in tree-sitter. */
#define DOC_MAX_TEXT (UINT32_MAX / 2)

typedef struct doc {
  char *uri; /* hash key, owned */
  char *text;
  uint32_t len, cap;
  int64_t version;
  pos_lines *lines;
  TSTree *tree;          /* NULL until the first refresh */
  ar_analysis *analysis;
  ar_fix_cache fixes;    /* the findings' fixes, kept between publishes */
  const ar_config *config; /* borrowed; NULL: the defaults */
  bool stale;            /* edited since the last refresh */
  bool helpers_stale;    /* another file's helpers changed: verdicts are due */
  bool lone_cr_possible; /* tree-sitter rows count only LF; see point_at */
  UT_hash_handle hh;
} doc;

/* Copies uri and text. NULL on allocation failure or an oversized text. */
doc *doc_new(const char *uri, const char *text, size_t len, int64_t version);
void doc_free(doc *d);

/* Replaces bytes [start, old_end) with text[0, len). Offsets must be within
 * the text, start <= old_end. Returns 0, or -1 (document unchanged) when out
 * of memory or the result would be too large. */
int doc_edit(doc *d, uint32_t start, uint32_t old_end, const char *text, size_t len);
int doc_replace_all(doc *d, const char *text, size_t len);

/* Reparses (incrementally, on the previous tree) and re-analyses when the
 * document changed, or only re-solves its helper verdicts when just another
 * file did. Returns 0, or -1 when out of memory. */
int doc_refresh(doc *d, TSParser *parser);

/* Sets the configuration the document is analysed and reported with
 * (borrowed: it must stay alive while set). Marks the document for a
 * refresh when the calls it flags changed. */
void doc_set_config(doc *d, const ar_config *config);

/* Current findings; valid until the next edit or refresh. */
const ar_finding *doc_findings(const doc *d, size_t *count);

#endif
