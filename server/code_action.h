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

/* Writes the fixes of a finding of d as they travel in its diagnostic's
 * `data`: an array of {title, safe, preferred, edits}. */
void code_action_write_fixes(jsonw *w, const session *s, const doc *d, code_action_batch *b,
                             const ar_fix_list *fixes);
/* {"line": line, "character": character} */
void code_action_write_position(jsonw *w, uint32_t line, uint32_t character);

#endif
