#include "session.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code_action.h"
#include "jsonw.h"
#include "library.h"
#include "log.h"
#include "settings.h"

static void report_project_problem(void *ctx, const char *path, unsigned line,
                                   const char *message) {
  if (line)
    session_show(ctx, MSG_WARNING, "%s:%u: %s", path, line, message);
  else
    session_show(ctx, MSG_WARNING, "%s: %s", path, message);
}
#include "workspace.h"
#include "workspace_files.h"

int session_init(session *s, int out_fd) {
  memset(s, 0, sizeof *s);
  rpc_channel_init(&s->out, out_fd);
  s->encoding = POS_UTF16;
  s->parser = ts_parser_new();
  s->pending_publish = json_object_new_object();
  ar_config_init(&s->settings);
  s->projects = projects_new(&s->settings, report_project_problem, s);
  if (!s->parser || !s->pending_publish || !s->projects ||
      !ts_parser_set_language(s->parser, ar_language()) || wsf_init(s) < 0) {
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
  jsonw_free(&s->publish_text);
  projects_free(s->projects);
  ar_config_clear(&s->settings);
  s->projects = NULL;
  s->parser = NULL;
  s->pending_publish = NULL;
}

doc *session_find(session *s, const char *uri) {
  doc *d;
  HASH_FIND_STR(s->docs, uri, d);
  return d;
}

/* window/logMessage and window/showMessage carry the same params. */
static void notify_message(session *s, const char *method, session_msg_type type,
                           const char *text) {
  json_object *params = json_object_new_object();
  if (!params) return;
  json_object_object_add(params, "type", json_object_new_int(type));
  json_object_object_add(params, "message", rpc_string(text, strlen(text)));
  rpc_send(&s->out, rpc_make_notification(method, params));
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
  notify_message(s, "window/logMessage", type, text);
}

void session_show(session *s, session_msg_type type, const char *fmt, ...) {
  char text[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  session_log(s, type, "%s", text);
  /* The one notification the spec allows before initialize is answered. */
  if (s->state == SESSION_SHUT_DOWN) return;
  notify_message(s, "window/showMessage", type, text);
}

void session_schedule_publish(session *s, const doc *d) {
  json_object_object_add(s->pending_publish, d->uri, NULL);
}

/* The hints carry over between calls for findings in order, so that many
 * findings on one long line cost one pass over it, not one each. */
static void write_range(jsonw *w, const session *s, const doc *d, uint32_t start, uint32_t end,
                        pos_hint *start_hint, pos_hint *end_hint) {
  uint32_t line, character;
  jsonw_object_begin(w);
  pos_from_offset_hinted(d->lines, d->text, d->len, start, s->encoding, start_hint, &line,
                         &character);
  jsonw_key(w, "start");
  code_action_write_position(w, line, character);
  pos_from_offset_hinted(d->lines, d->text, d->len, end, s->encoding, end_hint, &line, &character);
  jsonw_key(w, "end");
  code_action_write_position(w, line, character);
  jsonw_object_end(w);
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
static void write_related_information(jsonw *w, session *s, const doc *d, const ar_finding *f) {
  jsonw_array_begin(w);
  for (size_t i = 0; i < f->step_count; i++) {
    const ar_step *step = &f->steps[i];
    const char *caller = i == 0 ? f->callee : f->steps[i - 1].callee;
    char *message = step_message(caller, step);
    json_object *elsewhere = step->file ? wsf_location(s, step) : NULL;
    if (!message || (step->file && !elsewhere)) {
      free(message);
      json_object_put(elsewhere);
      continue;
    }
    jsonw_object_begin(w);
    jsonw_key(w, "location");
    if (elsewhere) {
      jsonw_json(w, elsewhere);
    } else {
      pos_hint start_hint = {0}, end_hint = {0};
      jsonw_object_begin(w);
      jsonw_key(w, "uri");
      jsonw_string(w, d->uri, strlen(d->uri));
      jsonw_key(w, "range");
      write_range(w, s, d, step->start, step->end, &start_hint, &end_hint);
      jsonw_object_end(w);
    }
    jsonw_key(w, "message");
    jsonw_string(w, message, strlen(message));
    jsonw_object_end(w);
    json_object_put(elsewhere);
    free(message);
  }
  jsonw_array_end(w);
}

/* What a diagnostic says of its finding: range, severity, code, source,
 * message, as members of the diagnostic object. */
static void write_finding(jsonw *w, const session *s, const doc *d, const ar_finding *f,
                          ar_library lib, pos_hint *start_hint, pos_hint *end_hint) {
  char *message = ar_library_message(f, lib);
  jsonw_key(w, "range");
  write_range(w, s, d, f->start, f->end, start_hint, end_hint);
  jsonw_key(w, "severity");
  jsonw_int(w, (int)ar_config_severity(d->config, f->rule));
  jsonw_key(w, "code");
  jsonw_string(w, f->rule->code, strlen(f->rule->code));
  jsonw_key(w, "source");
  jsonw_string(w, "asyncradar", strlen("asyncradar"));
  jsonw_key(w, "message");
  if (message) jsonw_string(w, message, strlen(message));
  else w->failed = true;
  free(message);
}

/* A copy of w's text [from, to), for keeping; NULL when out of memory. */
static char *slice(const jsonw *w, size_t from, size_t to) {
  char *copy = w->failed ? NULL : malloc(to - from + 1);
  if (copy) {
    memcpy(copy, w->data + from, to - from);
    copy[to - from] = '\0';
  }
  return copy;
}

/* The finding and its fixes as written are kept with its fixes (exact-size
 * copies): a keystroke elsewhere that moves no line above it writes them
 * again as they are. A helper's message names lines in other functions, so
 * its finding is written anew each time. */
static void write_diagnostic(jsonw *w, session *s, doc *d, code_action_batch *b,
                             const ar_finding *f, ar_library lib, pos_hint *start_hint,
                             pos_hint *end_hint) {
  ar_fix_cached *cached = d->tree ? ar_fix_cache_get(&d->fixes, &b->fix, f) : NULL;
  uint32_t line = cached ? pos_line_of(d->lines, cached->anchor) : 0;
  bool kept = cached && cached->rendered_fixes && cached->rendered_line == line;
  jsonw_object_begin(w);
  size_t finding_at = w->len;
  if (kept && f->step_count == 0)
    jsonw_raw(w, cached->rendered_finding, cached->rendered_finding_len);
  else
    write_finding(w, s, d, f, lib, start_hint, end_hint);
  size_t finding_end = w->len;
  if (cached) {
    jsonw_key(w, "data");
    jsonw_object_begin(w);
    jsonw_key(w, "version");
    jsonw_int(w, d->version);
    jsonw_key(w, "fixes");
    size_t fixes_at = w->len;
    if (kept) {
      jsonw_raw(w, cached->rendered_fixes, cached->rendered_fixes_len);
    } else {
      code_action_write_fixes(w, s, d, b, &cached->fixes);
      ar_fix_cached_render(cached, slice(w, finding_at, finding_end), finding_end - finding_at,
                           slice(w, fixes_at, w->len), w->len - fixes_at, line);
    }
    jsonw_object_end(w);
  }
  if (f->step_count > 0) {
    jsonw_key(w, "relatedInformation");
    write_related_information(w, s, d, f);
  }
  jsonw_object_end(w);
}

int session_write_diagnostics(session *s, doc *d, jsonw *w) {
  if (doc_refresh(d, s->parser) < 0) {
    session_log(s, MSG_ERROR, "out of memory while analysing %s", d->uri);
    return -1;
  }
  size_t count;
  const ar_finding *findings = doc_findings(d, &count);
  pos_hint start_hint = {0}, end_hint = {0};
  code_action_batch batch;
  code_action_batch_begin(&batch, d);
  ar_fix_cache_begin(&d->fixes, &batch.fix);
  ar_library lib = ar_library_detect(d->analysis);
  jsonw_array_begin(w);
  for (size_t i = 0; i < count; i++)
    if (ar_config_reports(d->config, findings[i].rule->code))
      write_diagnostic(w, s, d, &batch, &findings[i], lib, &start_hint, &end_hint);
  jsonw_array_end(w);
  ar_fix_cache_end(&d->fixes);
  code_action_batch_end(&batch);
  return w->failed ? -1 : 0;
}

static void publish(session *s, const char *uri) {
  doc *d = session_find(s, uri);
  jsonw *w = &s->publish_text;
  jsonw_reset(w);
  jsonw_object_begin(w);
  jsonw_key(w, "jsonrpc");
  jsonw_string(w, "2.0", 3);
  jsonw_key(w, "method");
  jsonw_string(w, "textDocument/publishDiagnostics", strlen("textDocument/publishDiagnostics"));
  jsonw_key(w, "params");
  jsonw_object_begin(w);
  jsonw_key(w, "uri");
  jsonw_string(w, uri, strlen(uri));
  if (d) {
    jsonw_key(w, "version");
    jsonw_int(w, d->version);
  }
  jsonw_key(w, "diagnostics");
  if (d && session_write_diagnostics(s, d, w) < 0) return;
  if (!d) {
    jsonw_array_begin(w);
    jsonw_array_end(w);
  }
  jsonw_object_end(w);
  jsonw_object_end(w);
  if (!w->failed) rpc_send_text(&s->out, w->data, w->len);
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

void session_configure(session *s, doc *d) {
  const ar_config *config = projects_config_for(s->projects, d->uri);
  if (!config) session_log(s, MSG_ERROR, "out of memory configuring %s; using defaults", d->uri);
  doc_set_config(d, config);
}

/* A fresh set of projects: re-reads every pyproject.toml. The old set stays
 * alive until each document holds its new configuration. */
static void reconfigure(session *s) {
  projects *fresh = projects_new(&s->settings, report_project_problem, s);
  if (!fresh) {
    session_log(s, MSG_ERROR, "out of memory re-reading the configuration");
    return;
  }
  projects *old = s->projects;
  s->projects = fresh;
  for (doc *d = s->docs; d; d = d->hh.next) {
    session_configure(s, d);
    session_schedule_publish(s, d);
  }
  projects_free(old);
  /* A pulling client has no reason to ask again for documents it did not
   * edit: tell it that every answer it holds may be stale. */
  if (s->pull_diagnostics && s->diagnostic_refresh && s->state == SESSION_RUNNING && s->docs)
    rpc_send(&s->out, rpc_make_request(rpc_channel_next_id(&s->out),
                                       "workspace/diagnostic/refresh", NULL));
}

static void report_setting(void *ctx, const char *key, const char *message) {
  session_show(ctx, MSG_WARNING, "asyncradar setting %s: %s", key, message);
}

void session_apply_settings(session *s, json_object *settings) {
  if (!settings || !json_object_is_type(settings, json_type_object)) return;
  json_object *nested;
  if (json_object_object_get_ex(settings, "asyncradar", &nested) &&
      json_object_is_type(nested, json_type_object))
    settings = nested;

  static const char *const session_keys[] = {"logLevel", NULL};
  ar_config fresh;
  ar_config_init(&fresh);
  if (settings_apply(&fresh, &s->settings, settings, session_keys, report_setting, s) < 0) {
    session_log(s, MSG_ERROR, "out of memory applying the settings; the previous ones stay");
    ar_config_clear(&fresh);
  } else {
    ar_config_clear(&s->settings);
    s->settings = fresh;
  }

  json_object *level;
  if (json_object_object_get_ex(settings, "logLevel", &level)) {
    log_level parsed;
    if (json_object_is_type(level, json_type_string) &&
        log_level_from_name(json_object_get_string(level), &parsed) == 0)
      log_set_level(parsed);
    else
      session_show(s, MSG_WARNING,
                   "asyncradar setting logLevel: expected error, warn, info, debug or off");
  }
  reconfigure(s);
}

void session_request_configuration(session *s) {
  if (!s->client_configuration || s->state != SESSION_RUNNING) return;
  json_object *params = json_object_new_object();
  json_object *items = json_object_new_array();
  json_object *item = json_object_new_object();
  if (!params || !items || !item) {
    json_object_put(params);
    json_object_put(items);
    json_object_put(item);
    return;
  }
  json_object_object_add(item, "section", json_object_new_string("asyncradar"));
  json_object_array_add(items, item);
  json_object_object_add(params, "items", items);
  s->configuration_request = rpc_channel_next_id(&s->out);
  rpc_send(&s->out, rpc_make_request(s->configuration_request, "workspace/configuration", params));
}
