#include "code_action.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix.h"
#include "fix_all.h"
#include "handlers.h"
#include "params.h"

#define FIX_ALL_KIND "source.fixAll.asyncradar"

/* The hint that can resume at `offset` (same line, not past it) and got
 * furthest, else the next one round robin, restarted. */
static pos_hint *hint_for(const doc *d, code_action_batch *b, uint32_t offset) {
  uint32_t line = pos_line_of(d->lines, offset);
  uint32_t rel = offset - pos_line_start(d->lines, line);
  pos_hint *best = NULL;
  for (size_t i = 0; i < sizeof b->hints / sizeof b->hints[0]; i++) {
    pos_hint *h = &b->hints[i];
    if (h->valid && h->line == line && h->byte <= rel && (!best || h->byte > best->byte)) best = h;
  }
  if (best) return best;
  best = &b->hints[b->next_hint++ % (sizeof b->hints / sizeof b->hints[0])];
  *best = (pos_hint){0};
  return best;
}

void code_action_write_position(jsonw *w, uint32_t line, uint32_t character) {
  jsonw_object_begin(w);
  jsonw_key(w, "line");
  jsonw_int(w, line);
  jsonw_key(w, "character");
  jsonw_int(w, character);
  jsonw_object_end(w);
}

static void write_position(jsonw *w, const session *s, const doc *d, code_action_batch *b,
                           uint32_t offset) {
  uint32_t line, character;
  pos_from_offset_hinted(d->lines, d->text, d->len, offset, s->encoding, hint_for(d, b, offset),
                         &line, &character);
  code_action_write_position(w, line, character);
}

/* LSP TextEdits. */
static void write_text_edits(jsonw *w, const session *s, const doc *d, code_action_batch *b,
                             const ar_edit *edits, size_t n) {
  jsonw_array_begin(w);
  for (size_t i = 0; i < n; i++) {
    jsonw_object_begin(w);
    jsonw_key(w, "range");
    jsonw_object_begin(w);
    jsonw_key(w, "start");
    write_position(w, s, d, b, edits[i].start);
    jsonw_key(w, "end");
    write_position(w, s, d, b, edits[i].end);
    jsonw_object_end(w);
    jsonw_key(w, "newText");
    jsonw_string(w, edits[i].text, strlen(edits[i].text));
    jsonw_object_end(w);
  }
  jsonw_array_end(w);
}

static json_object *text_edits(const session *s, const doc *d, code_action_batch *b,
                               const ar_edit *edits, size_t n) {
  jsonw w;
  jsonw_init(&w);
  write_text_edits(&w, s, d, b, edits, n);
  return jsonw_to_json(&w);
}

void code_action_batch_begin(code_action_batch *b, const doc *d) {
  *b = (code_action_batch){0};
  ar_fix_context_init(&b->fix, d->text, d->len, d->tree, d->analysis);
}

void code_action_batch_end(code_action_batch *b) { ar_fix_context_done(&b->fix); }

void code_action_write_fixes(jsonw *w, const session *s, const doc *d, code_action_batch *b,
                             const ar_fix_list *fixes) {
  jsonw_array_begin(w);
  for (size_t i = 0; i < fixes->count; i++) {
    const ar_fix *fix = &fixes->items[i];
    jsonw_object_begin(w);
    jsonw_key(w, "title");
    jsonw_string(w, fix->title, strlen(fix->title));
    jsonw_key(w, "safe");
    jsonw_bool(w, fix->safety == AR_FIX_SAFE);
    jsonw_key(w, "preferred");
    jsonw_bool(w, fix->preferred);
    jsonw_key(w, "edits");
    write_text_edits(w, s, d, b, fix->edits, fix->edit_count);
    jsonw_object_end(w);
  }
  jsonw_array_end(w);
}

static json_object *workspace_edit(const session *s, const char *uri, int64_t version,
                                   json_object *edits) {
  json_object *edit = json_object_new_object();
  if (s->document_changes) {
    json_object *id = json_object_new_object();
    json_object_object_add(id, "uri", rpc_string(uri, strlen(uri)));
    json_object_object_add(id, "version", json_object_new_int64(version));
    json_object *change = json_object_new_object();
    json_object_object_add(change, "textDocument", id);
    json_object_object_add(change, "edits", edits);
    json_object *changes = json_object_new_array();
    json_object_array_add(changes, change);
    json_object_object_add(edit, "documentChanges", changes);
  } else {
    json_object *changes = json_object_new_object();
    json_object_object_add(changes, uri, edits);
    json_object_object_add(edit, "changes", changes);
  }
  return edit;
}

/* A kind is wanted when `only` is absent or names it or a parent of it
 * (`source` covers `source.fixAll.asyncradar`). */
static bool kind_wanted(json_object *only, const char *kind) {
  if (!only) return true;
  size_t n = json_object_array_length(only);
  for (size_t i = 0; i < n; i++) {
    json_object *item = json_object_array_get_idx(only, i);
    if (!json_object_is_type(item, json_type_string)) continue;
    const char *want = json_object_get_string(item);
    size_t len = strlen(want);
    if (strncmp(kind, want, len) == 0 && (kind[len] == '\0' || kind[len] == '.')) return true;
  }
  return false;
}

/* The quick fixes a diagnostic of ours carries, appended to actions. */
static void add_quick_fixes(session *s, const char *uri, json_object *diag,
                            json_object *actions) {
  if (!json_object_is_type(diag, json_type_object)) return;
  const char *source = params_string(diag, "source");
  const char *code = params_string(diag, "code");
  json_object *data = params_object(diag, "data");
  json_object *fixes = params_array(data, "fixes");
  int64_t version;
  if (!source || strcmp(source, "asyncradar") != 0 || !code || !fixes ||
      !params_int(data, "version", &version))
    return;
  /* Edits for another version of an open document would land in the wrong
   * place; the client asks again once it has the current diagnostics. */
  doc *d = session_find(s, uri);
  if (d && d->version != version) return;
  size_t n = json_object_array_length(fixes);
  for (size_t i = 0; i < n; i++) {
    json_object *fix = json_object_array_get_idx(fixes, i);
    const char *title = params_string(fix, "title");
    json_object *edits = params_array(fix, "edits"), *preferred;
    if (!title || !edits) continue;
    char full[512];
    snprintf(full, sizeof full, "asyncradar (%s): %s", code, title);
    json_object *action = json_object_new_object();
    json_object_object_add(action, "title", rpc_string(full, strlen(full)));
    json_object_object_add(action, "kind", json_object_new_string("quickfix"));
    json_object *diags = json_object_new_array();
    json_object_array_add(diags, json_object_get(diag));
    json_object_object_add(action, "diagnostics", diags);
    if (json_object_object_get_ex(fix, "preferred", &preferred) &&
        json_object_get_boolean(preferred))
      json_object_object_add(action, "isPreferred", json_object_new_boolean(1));
    json_object_object_add(action, "edit",
                           workspace_edit(s, uri, version, json_object_get(edits)));
    json_object_array_add(actions, action);
  }
}

/* Every safe fix of the document in one edit; NULL when there is none. */
static json_object *fix_all_edit(session *s, const char *uri, doc *d) {
  if (doc_refresh(d, s->parser) < 0 || !d->tree) return NULL;
  size_t count;
  const ar_finding *findings = doc_findings(d, &count);
  json_object *result = NULL;
  code_action_batch b;
  code_action_batch_begin(&b, d);
  ar_fix_all_edits all;
  if (ar_fix_all(&b.fix, findings, count, d->config, false, &all) == 0) {
    if (all.applied > 0)
      result = workspace_edit(s, uri, d->version, text_edits(s, d, &b, all.edits, all.count));
    ar_fix_all_edits_free(&all);
  }
  code_action_batch_end(&b);
  return result;
}

static bool has_safe_fix(session *s, doc *d) {
  if (doc_refresh(d, s->parser) < 0 || !d->tree) return false;
  size_t count;
  const ar_finding *findings = doc_findings(d, &count);
  code_action_batch b;
  code_action_batch_begin(&b, d);
  bool found = false;
  for (size_t i = 0; i < count && !found; i++) {
    if (!ar_config_reports(d->config, findings[i].rule->code)) continue;
    ar_fix_list fixes = {0};
    found = ar_fix_collect(&b.fix, &findings[i], &fixes) == 0 && ar_fix_pick(&fixes, false);
    ar_fix_list_free(&fixes);
  }
  code_action_batch_end(&b);
  return found;
}

json_object *handle_code_action(session *s, json_object *params, handler_error *err) {
  const char *uri = params_document_uri(params);
  json_object *context = params_object(params, "context");
  if (!uri || !context) {
    handler_fail(err, RPC_INVALID_PARAMS, "textDocument/codeAction needs textDocument.uri and context");
    return NULL;
  }
  json_object *only = params_array(context, "only");
  json_object *diags = params_array(context, "diagnostics");
  json_object *actions = json_object_new_array();
  if (!actions) {
    handler_fail(err, RPC_INTERNAL_ERROR, "out of memory");
    return NULL;
  }
  if (kind_wanted(only, "quickfix") && diags) {
    size_t n = json_object_array_length(diags);
    for (size_t i = 0; i < n; i++)
      add_quick_fixes(s, uri, json_object_array_get_idx(diags, i), actions);
  }
  doc *d = session_find(s, uri);
  /* Without `only`, offer fix-all next to our quick fixes, not everywhere. */
  bool want_all = only ? kind_wanted(only, FIX_ALL_KIND) : json_object_array_length(actions) > 0;
  if (d && want_all && has_safe_fix(s, d)) {
    json_object *action = json_object_new_object();
    const char *title = "asyncradar: Apply all safe fixes";
    json_object_object_add(action, "title", json_object_new_string(title));
    json_object_object_add(action, "kind", json_object_new_string(FIX_ALL_KIND));
    if (s->resolve_edits) {
      json_object *data = json_object_new_object();
      json_object_object_add(data, "uri", rpc_string(uri, strlen(uri)));
      json_object_object_add(data, "version", json_object_new_int64(d->version));
      json_object_object_add(action, "data", data);
    } else {
      json_object *edit = fix_all_edit(s, uri, d);
      if (edit) json_object_object_add(action, "edit", edit);
    }
    json_object_array_add(actions, action);
  }
  return actions;
}

json_object *handle_code_action_resolve(session *s, json_object *params, handler_error *err) {
  if (!json_object_is_type(params, json_type_object)) {
    handler_fail(err, RPC_INVALID_PARAMS, "codeAction/resolve expects a code action");
    return NULL;
  }
  json_object *data = params_object(params, "data");
  const char *uri = params_string(data, "uri");
  int64_t version;
  if (!uri || !params_int(data, "version", &version)) {
    /* Nothing to resolve: quick fixes come with their edit. */
    return json_object_get(params);
  }
  doc *d = session_find(s, uri);
  if (!d || d->version != version) {
    handler_fail(err, RPC_CONTENT_MODIFIED, "the document changed since the action was offered");
    return NULL;
  }
  json_object *edit = fix_all_edit(s, uri, d);
  json_object *result = json_object_get(params);
  if (edit) json_object_object_add(result, "edit", edit);
  return result;
}
