#include "dispatch.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "handlers.h"

typedef struct {
  const char *method;
  request_handler request;
  notification_handler notification;
} method_entry;

static const method_entry methods[] = {
    {"initialize", handle_initialize, NULL},
    {"initialized", NULL, handle_initialized},
    {"shutdown", handle_shutdown, NULL},
    {"exit", NULL, handle_exit},
    {"textDocument/didOpen", NULL, handle_did_open},
    {"textDocument/didChange", NULL, handle_did_change},
    {"textDocument/didClose", NULL, handle_did_close},
    {"textDocument/didSave", NULL, handle_did_save},
    {"textDocument/diagnostic", handle_diagnostic, NULL},
    {"textDocument/codeAction", handle_code_action, NULL},
    {"codeAction/resolve", handle_code_action_resolve, NULL},
    {"workspace/didChangeConfiguration", NULL, handle_did_change_configuration},
    {"workspace/didChangeWatchedFiles", NULL, handle_did_change_watched_files},
};

void handler_fail(handler_error *err, int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  err->code = code;
}

static const method_entry *find_method(const char *name) {
  for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
    if (strcmp(methods[i].method, name) == 0) return &methods[i];
  return NULL;
}

static void reply_error(session *s, json_object *id, int code, const char *message) {
  rpc_send(&s->out, rpc_make_error(id, code, message));
}

static void handle_request(session *s, const rpc_message *msg) {
  const method_entry *entry = find_method(msg->method);
  bool is_initialize = strcmp(msg->method, "initialize") == 0;
  if (s->state == SESSION_STARTING && !is_initialize) {
    reply_error(s, msg->id, RPC_SERVER_NOT_INITIALIZED, "the server is not initialized yet");
    return;
  }
  if (s->state == SESSION_SHUT_DOWN) {
    reply_error(s, msg->id, RPC_INVALID_REQUEST, "the server is shut down; only exit is accepted");
    return;
  }
  if (s->state == SESSION_RUNNING && is_initialize) {
    reply_error(s, msg->id, RPC_INVALID_REQUEST, "initialize was already received");
    return;
  }
  if (!entry || !entry->request) {
    char text[300];
    snprintf(text, sizeof text, "unknown method %.200s", msg->method);
    reply_error(s, msg->id, RPC_METHOD_NOT_FOUND, text);
    return;
  }
  handler_error err = {0};
  json_object *result = entry->request(s, msg->params, &err);
  if (err.code != 0) {
    json_object_put(result);
    session_log(s, MSG_LOG, "%s failed: %s", msg->method, err.message);
    reply_error(s, msg->id, err.code, err.message);
    return;
  }
  rpc_send(&s->out, rpc_make_response(msg->id, result));
  if (is_initialize) s->state = SESSION_RUNNING;
}

static void handle_notification(session *s, const rpc_message *msg) {
  const method_entry *entry = find_method(msg->method);
  bool is_exit = strcmp(msg->method, "exit") == 0;
  if (!is_exit && s->state != SESSION_RUNNING) {
    session_log(s, MSG_LOG, "dropped %s: the server is not running", msg->method);
    return;
  }
  if (!entry || !entry->notification) {
    /* `$/` notifications are optional by the spec; others are worth a note. */
    if (strncmp(msg->method, "$/", 2) != 0)
      session_log(s, MSG_LOG, "ignored unknown notification %s", msg->method);
    return;
  }
  entry->notification(s, msg->params);
}

void dispatch_message(session *s, const rpc_message *msg) {
  switch (msg->kind) {
  case RPC_REQUEST: handle_request(s, msg); break;
  case RPC_NOTIFICATION: handle_notification(s, msg); break;
  case RPC_RESPONSE: handle_response(s, msg->id, msg->result, msg->error); break;
  case RPC_INVALID:
    session_log(s, MSG_WARNING, "invalid message: %s", msg->invalid_reason);
    reply_error(s, msg->id, RPC_INVALID_REQUEST, msg->invalid_reason);
    break;
  }
}
