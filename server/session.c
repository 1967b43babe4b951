#include "session.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "workspace.h"
#include "workspace_files.h"

int session_init(session *s, int out_fd) {
  memset(s, 0, sizeof *s);
  rpc_channel_init(&s->out, out_fd);
  s->encoding = POS_UTF16;
  s->parser = ts_parser_new();
  s->pending_publish = json_object_new_object();
  if (!s->parser || !s->pending_publish || !ts_parser_set_language(s->parser, ar_language()) ||
      wsf_init(s) < 0) {
    session_destroy(s);
    return -1;
  }
  return 0;
}

void session_destroy(session *s) {
  doc *d, *tmp;
  HASH_ITER(hh, s->docs, d, tmp) {
    HASH_DEL(s->docs, d);
    doc_free(d);
  }
  if (s->parser) ts_parser_delete(s->parser);
  /* After the documents: their analyses point into the workspace. */
  ar_workspace_free(s->ws);
  s->ws = NULL;
  json_object_put(s->pending_publish);
  filter_clear(&s->filter);
  s->parser = NULL;
  s->pending_publish = NULL;
}

doc *session_find(session *s, const char *uri) {
  doc *d;
  HASH_FIND_STR(s->docs, uri, d);
  return d;
}

void session_log(session *s, session_msg_type type, const char *fmt, ...) {
  char text[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  switch (type) {
  case MSG_ERROR: log_error("%s", text); break;
  case MSG_WARNING: log_warn("%s", text); break;
  case MSG_INFO: log_info("%s", text); break;
  case MSG_LOG: log_debug("%s", text); break;
  }
  if (s->state != SESSION_RUNNING || type == MSG_LOG) return;
  json_object *params = json_object_new_object();
  if (!params) return;
  json_object_object_add(params, "type", json_object_new_int(type));
  json_object_object_add(params, "message", rpc_string(text, strlen(text)));
  rpc_send(&s->out, rpc_make_notification("window/logMessage", params));
}

void session_schedule_publish(session *s, const doc *d) {
  json_object_object_add(s->pending_publish, d->uri, NULL);
}

static json_object *lsp_position(uint32_t line, uint32_t character) {
  json_object *p = json_object_new_object();
  json_object_object_add(p, "line", json_object_new_int64(line));
  json_object_object_add(p, "character", json_object_new_int64(character));
  return p;
}

/* The hints carry over between calls for findings in order, so that many
 * findings on one long line cost one pass over it, not one each. */
static json_object *lsp_range(const session *s, const doc *d, uint32_t start, uint32_t end,
                              pos_hint *start_hint, pos_hint *end_hint) {
  uint32_t line, character;
  json_object *range = json_object_new_object();
  pos_from_offset_hinted(d->lines, d->text, d->len, start, s->encoding, start_hint, &line,
                         &character);
  json_object_object_add(range, "start", lsp_position(line, character));
  pos_from_offset_hinted(d->lines, d->text, d->len, end, s->encoding, end_hint, &line, &character);
  json_object_object_add(range, "end", lsp_position(line, character));
  return range;
}

/* "`refresh()` calls `load()`", "`load()` calls `requests.get`, which
 * blocks (ASYNC210)". Caller frees. */
static char *step_message(const char *caller, const ar_step *step) {
  const char *fmt = step->rule ? "`%s()` calls `%s`, which blocks (%s)" : "`%s()` calls `%s()`";
  const char *code = step->rule ? step->rule->code : "";
  int n = snprintf(NULL, 0, fmt, caller, step->callee, code);
  char *text = n < 0 ? NULL : malloc((size_t)n + 1);
  if (text) snprintf(text, (size_t)n + 1, fmt, caller, step->callee, code);
  return text;
}

/* One related location per step of a helper's chain, so the editor can
 * follow the call down to the blocking one. */
static json_object *related_information(session *s, const doc *d, const ar_finding *f) {
  json_object *items = json_object_new_array();
  if (!items) return NULL;
  for (size_t i = 0; i < f->step_count; i++) {
    const ar_step *step = &f->steps[i];
    const char *caller = i == 0 ? f->callee : f->steps[i - 1].callee;
    char *message = step_message(caller, step);
    json_object *location = step->file ? wsf_location(s, step) : json_object_new_object();
    json_object *item = json_object_new_object();
    if (!message || !location || !item) {
      free(message);
      json_object_put(location);
      json_object_put(item);
      continue;
    }
    if (!step->file) {
      pos_hint start_hint = {0}, end_hint = {0};
      json_object_object_add(location, "uri", rpc_string(d->uri, strlen(d->uri)));
      json_object_object_add(location, "range",
                             lsp_range(s, d, step->start, step->end, &start_hint, &end_hint));
    }
    json_object_object_add(item, "location", location);
    json_object_object_add(item, "message", rpc_string(message, strlen(message)));
    free(message);
    json_object_array_add(items, item);
  }
  return items;
}

json_object *session_diagnostics(session *s, doc *d) {
  if (doc_refresh(d, s->parser) < 0) {
    session_log(s, MSG_ERROR, "out of memory while analysing %s", d->uri);
    return NULL;
  }
  json_object *items = json_object_new_array();
  if (!items) return NULL;
  size_t count;
  const ar_finding *findings = doc_findings(d, &count);
  pos_hint start_hint = {0}, end_hint = {0};
  for (size_t i = 0; i < count; i++) {
    const ar_finding *f = &findings[i];
    if (!filter_allows(&s->filter, f->rule->code)) continue;
    char *message = ar_finding_message(f);
    json_object *diag = json_object_new_object();
    if (!message || !diag) {
      free(message);
      json_object_put(diag);
      continue;
    }
    json_object_object_add(diag, "range",
                           lsp_range(s, d, f->start, f->end, &start_hint, &end_hint));
    json_object_object_add(diag, "severity", json_object_new_int((int)f->rule->severity));
    json_object_object_add(diag, "code", json_object_new_string(f->rule->code));
    json_object_object_add(diag, "source", json_object_new_string("asyncradar"));
    json_object_object_add(diag, "message", rpc_string(message, strlen(message)));
    free(message);
    if (f->step_count > 0)
      json_object_object_add(diag, "relatedInformation", related_information(s, d, f));
    json_object_array_add(items, diag);
  }
  return items;
}

static void publish(session *s, const char *uri) {
  doc *d = session_find(s, uri);
  json_object *params = json_object_new_object();
  if (!params) return;
  json_object_object_add(params, "uri", rpc_string(uri, strlen(uri)));
  if (d) {
    json_object *items = session_diagnostics(s, d);
    if (!items) {
      json_object_put(params);
      return;
    }
    json_object_object_add(params, "version", json_object_new_int64(d->version));
    json_object_object_add(params, "diagnostics", items);
  } else {
    json_object_object_add(params, "diagnostics", json_object_new_array());
  }
  rpc_send(&s->out, rpc_make_notification("textDocument/publishDiagnostics", params));
}

void session_flush(session *s) {
  json_object *due = s->pending_publish;
  if (json_object_object_length(due) == 0) return;
  s->pending_publish = json_object_new_object();
  json_object_object_foreach(due, uri, unused) {
    (void)unused;
    doc *d = session_find(s, uri);
    /* A pulling client asks for open documents itself; a closed one still
     * needs its old diagnostics cleared. */
    if (d && s->pull_diagnostics) {
      if (doc_refresh(d, s->parser) < 0) session_log(s, MSG_ERROR, "out of memory analysing %s", uri);
      continue;
    }
    publish(s, uri);
  }
  json_object_put(due);
  if (!s->pending_publish) s->pending_publish = json_object_new_object();
}

static int add_selectors(session *s, rule_filter *f, json_object *value, bool is_ignore,
                         const char *key) {
  if (!value) return 0;
  char *bad = NULL;
  int rc = 0;
  if (json_object_is_type(value, json_type_string)) {
    rc = filter_add(f, json_object_get_string(value), is_ignore, &bad);
  } else if (json_object_is_type(value, json_type_array)) {
    size_t n = json_object_array_length(value);
    for (size_t i = 0; i < n && rc == 0; i++) {
      json_object *item = json_object_array_get_idx(value, i);
      if (!json_object_is_type(item, json_type_string)) {
        session_log(s, MSG_WARNING, "setting %s: expected strings", key);
        return -1;
      }
      rc = filter_add(f, json_object_get_string(item), is_ignore, &bad);
    }
  } else {
    session_log(s, MSG_WARNING, "setting %s: expected a list of rule codes", key);
    return -1;
  }
  if (rc > 0) session_log(s, MSG_WARNING, "setting %s: unknown rule selector '%s'", key, bad);
  free(bad);
  return rc == 0 ? 0 : -1;
}

void session_apply_settings(session *s, json_object *settings) {
  if (!settings || !json_object_is_type(settings, json_type_object)) return;
  json_object *nested;
  if (json_object_object_get_ex(settings, "asyncradar", &nested) &&
      json_object_is_type(nested, json_type_object))
    settings = nested;

  json_object *select = NULL, *ignore = NULL, *level = NULL;
  json_object_object_get_ex(settings, "select", &select);
  json_object_object_get_ex(settings, "ignore", &ignore);
  rule_filter fresh = {0};
  if (add_selectors(s, &fresh, select, false, "select") == 0 &&
      add_selectors(s, &fresh, ignore, true, "ignore") == 0) {
    filter_clear(&s->filter);
    s->filter = fresh;
  } else {
    filter_clear(&fresh);
  }

  if (json_object_object_get_ex(settings, "logLevel", &level)) {
    log_level parsed;
    if (json_object_is_type(level, json_type_string) &&
        log_level_from_name(json_object_get_string(level), &parsed) == 0)
      log_set_level(parsed);
    else
      session_log(s, MSG_WARNING, "setting logLevel: expected error, warn, info, debug or off");
  }
}
