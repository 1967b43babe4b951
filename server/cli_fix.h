#ifndef AR_CLI_FIX_H
#define AR_CLI_FIX_H

/*
 * `asyncradar check --fix / --unsafe-fixes / --diff`: applying fixes to a
 * file's text until none is left to apply, and writing the result back
 * atomically. Also the JSON `fix` field of one finding.
 */

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "document.h"
#include "fix.h"
#include "config.h"

/*
 * The text with the fixes of its findings (those `config` reports) applied (safe ones, all with
 * `unsafe`), re-analysed and fixed again while that changes something
 * (fixes that overlapped another wait for the next pass). *applied counts
 * the fixes applied. Returns the new text (caller frees), or NULL when out
 * of memory.
 */
char *cli_fix_text(const char *path, const char *text, uint32_t len, TSParser *parser,
                   const ar_config *config, bool unsafe, uint32_t *out_len, size_t *applied);

/* Replaces the file at path with text through a temporary file in the same
 * folder and a rename, keeping the file's permissions; on any failure the
 * original is untouched. Returns 0, or -1 with errno set. */
int cli_fix_write(const char *path, const char *text, uint32_t len);

/* The preferred fix of finding f of d (refreshed) as Ruff's JSON spells it
 * ({applicability, message, edits: [{content, location, end_location}]}),
 * or NULL when it has none. cx is set up for d (ar_fix_context_init) and
 * shared by the findings of d, in order. */
json_object *cli_fix_json(const doc *d, ar_fix_context *cx, const ar_finding *f);

#endif
