#ifndef AR_CODE_ACTION_H
#define AR_CODE_ACTION_H

/*
 * Fixes on the wire. Each diagnostic carries its fixes in `data` (edits in
 * the session's position encoding, with the document version they apply
 * to), so textDocument/codeAction answers from what the client sends; only
 * the fix-all action reads the open document, lazily through
 * codeAction/resolve when the client supports it.
 */

#include <json-c/json.h>

#include "session.h"

#include "fix.h"
#include "jsonw.h"

/* What converting the fixes of a document's findings, in order, reuses
 * from one finding to the next: the fix module's memo and position hints
 * (see pos_hint) for the few places edits go. Start with
 * code_action_batch_begin and
 * end with code_action_batch_end, before the document changes. */
typedef struct {
  ar_fix_context fix;
  pos_hint hints[4];
  unsigned next_hint;
} code_action_batch;

void code_action_batch_begin(code_action_batch *b, const doc *d);
void code_action_batch_end(code_action_batch *b);

/* Writes the `data` member of the diagnostic for finding f of d
 * (refreshed): an object with "version" and "fixes". The fixes come from
 * d's fix cache, so the findings of a publish go through it in one pass
 * (fix_cache.h), between ar_fix_cache_begin and ar_fix_cache_end. Writes
 * nothing when d has no tree or memory ran out. */
void code_action_write_data(jsonw *w, const session *s, doc *d, code_action_batch *b,
                            const ar_finding *f);
/* {"line": line, "character": character} */
void code_action_write_position(jsonw *w, uint32_t line, uint32_t character);

#endif
