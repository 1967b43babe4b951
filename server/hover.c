/* textDocument/hover on a flagged call: why it blocks and how to fix it,
 * in markdown, over the callee's range. */

#include <stdlib.h>
#include <string.h>

#include "code_action.h"
#include "fix.h"
#include "handlers.h"
#include "library.h"
#include "params.h"

static json_object *position(const session *s, const doc *d, uint32_t offset) {
  uint32_t line, character;
  pos_from_offset(d->lines, d->text, d->len, offset, s->encoding, &line, &character);
  json_object *p = json_object_new_object();
  json_object_object_add(p, "line", json_object_new_int64(line));
  json_object_object_add(p, "character", json_object_new_int64(character));
  return p;
}

static void add(char **buf, size_t *len, size_t *cap, const char *text) {
  size_t n = strlen(text);
  if (!*buf && *cap) return; /* an earlier allocation failed */
  if (*len + n + 1 > *cap) {
    size_t grown_cap = *cap ? *cap * 2 : 256;
    while (*len + n + 1 > grown_cap) grown_cap *= 2;
    char *grown = realloc(*buf, grown_cap);
    if (!grown) {
      free(*buf);
      *buf = NULL;
      *cap = 1;
      return;
    }
    *buf = grown;
    *cap = grown_cap;
  }
  memcpy(*buf + *len, text, n + 1);
  *len += n;
}

/* The markdown for finding f: the message, then the fixes on offer. */
static char *hover_text(const doc *d, const ar_finding *f) {
  char *buf = NULL, *message = ar_library_message(f, ar_library_detect(d->analysis));
  size_t len = 0, cap = 0;
  if (!message) return NULL;
  add(&buf, &len, &cap, "**asyncradar ");
  add(&buf, &len, &cap, f->rule->code);
  add(&buf, &len, &cap, "**: ");
  add(&buf, &len, &cap, message);
  free(message);
  ar_fix_context cx;
  ar_fix_context_init(&cx, d->text, d->len, d->tree, d->analysis);
  ar_fix_list fixes = {0};
  if (ar_fix_collect(&cx, f, &fixes) == 0) {
    bool first = true;
    for (size_t i = 0; i < fixes.count; i++) {
      const ar_fix *fix = &fixes.items[i];
      if (fix->suppression) continue;
      add(&buf, &len, &cap, first ? "\n\n**Quick fixes:**\n" : "");
      first = false;
      add(&buf, &len, &cap, "\n- ");
      add(&buf, &len, &cap, fix->title);
      add(&buf, &len, &cap, fix->safety == AR_FIX_SAFE ? " (safe)" : " (unsafe: changes behaviour)");
      if (fix->preferred) add(&buf, &len, &cap, ", preferred");
    }
    if (first) add(&buf, &len, &cap, "\n\nNo rewrite is offered for this call as written.");
  }
  ar_fix_list_free(&fixes);
  ar_fix_context_done(&cx);
  return buf;
}

json_object *handle_hover(session *s, json_object *params, handler_error *err) {
  const char *uri = params_document_uri(params);
  json_object *pos = params_object(params, "position");
  int64_t line, character;
  if (!uri || !params_int(pos, "line", &line) || !params_int(pos, "character", &character)) {
    handler_fail(err, RPC_INVALID_PARAMS, "textDocument/hover needs textDocument.uri and position");
    return NULL;
  }
  doc *d = session_find(s, uri);
  if (!d) return NULL;
  if (doc_refresh(d, s->parser) < 0 || !d->tree) {
    handler_fail(err, RPC_INTERNAL_ERROR, "out of memory while analysing %s", uri);
    return NULL;
  }
  uint32_t offset;
  if (pos_to_offset(d->lines, d->text, d->len, line, character, s->encoding, &offset) < 0) {
    handler_fail(err, RPC_INVALID_PARAMS, "textDocument/hover: negative position");
    return NULL;
  }
  size_t count;
  const ar_finding *findings = doc_findings(d, &count);
  for (size_t i = 0; i < count; i++) {
    const ar_finding *f = &findings[i];
    if (f->start > offset) break;
    if (offset > f->end || !ar_config_reports(d->config, f->rule->code)) continue;
    char *text = hover_text(d, f);
    if (!text) {
      handler_fail(err, RPC_INTERNAL_ERROR, "out of memory");
      return NULL;
    }
    json_object *contents = json_object_new_object();
    json_object_object_add(contents, "kind", json_object_new_string("markdown"));
    json_object_object_add(contents, "value", rpc_string(text, strlen(text)));
    free(text);
    json_object *range = json_object_new_object();
    json_object_object_add(range, "start", position(s, d, f->start));
    json_object_object_add(range, "end", position(s, d, f->end));
    json_object *hover = json_object_new_object();
    json_object_object_add(hover, "contents", contents);
    json_object_object_add(hover, "range", range);
    return hover;
  }
  return NULL;
}
