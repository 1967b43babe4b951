#include <string.h>

#include "ar_version.h"
#include "handlers.h"
#include "params.h"
#include "workspace_files.h"

/* utf-8 saves every conversion, so take it whenever offered; then utf-16,
 * which every client must support; utf-32 only when it is all that is
 * offered. */
static pos_encoding negotiate_encoding(json_object *params) {
  json_object *offered =
      params_array(params_object(params_object(params, "capabilities"), "general"),
                   "positionEncodings");
  bool seen[3] = {false, false, false};
  size_t n = offered ? json_object_array_length(offered) : 0;
  for (size_t i = 0; i < n; i++) {
    json_object *item = json_object_array_get_idx(offered, i);
    pos_encoding enc;
    if (json_object_is_type(item, json_type_string) &&
        pos_encoding_from_name(json_object_get_string(item), &enc) == 0)
      seen[enc] = true;
  }
  if (seen[POS_UTF8]) return POS_UTF8;
  if (seen[POS_UTF32] && !seen[POS_UTF16]) return POS_UTF32;
  return POS_UTF16;
}

/* resolveSupport.properties lists what codeAction/resolve may fill in. */
static bool resolves_edit(json_object *resolve_support) {
  json_object *properties = params_array(resolve_support, "properties");
  size_t n = properties ? json_object_array_length(properties) : 0;
  for (size_t i = 0; i < n; i++) {
    json_object *item = json_object_array_get_idx(properties, i);
    if (json_object_is_type(item, json_type_string) &&
        strcmp(json_object_get_string(item), "edit") == 0)
      return true;
  }
  return false;
}

json_object *handle_initialize(session *s, json_object *params, handler_error *err) {
  if (params && !json_object_is_type(params, json_type_object)) {
    handler_fail(err, RPC_INVALID_PARAMS, "initialize expects an object");
    return NULL;
  }
  s->encoding = negotiate_encoding(params);
  s->pull_diagnostics =
      params_object(params_object(params_object(params, "capabilities"), "textDocument"),
                    "diagnostic") != NULL;

  json_object *client_caps = params_object(params, "capabilities");
  json_object *document_changes = NULL;
  json_object_object_get_ex(params_object(params_object(client_caps, "workspace"), "workspaceEdit"),
                            "documentChanges", &document_changes);
  s->document_changes = json_object_is_type(document_changes, json_type_boolean) &&
                        json_object_get_boolean(document_changes);
  s->resolve_edits = resolves_edit(params_object(
      params_object(params_object(client_caps, "textDocument"), "codeAction"), "resolveSupport"));

  json_object *refresh = NULL;
  json_object_object_get_ex(params_object(params_object(client_caps, "workspace"), "diagnostics"),
                            "refreshSupport", &refresh);
  s->diagnostic_refresh = json_object_is_type(refresh, json_type_boolean) &&
                          json_object_get_boolean(refresh);

  json_object *configuration = json_object_object_get(
      params_object(params_object(params, "capabilities"), "workspace"), "configuration");
  s->client_configuration = json_object_is_type(configuration, json_type_boolean) &&
                            json_object_get_boolean(configuration);

  /* Module roots for helpers in other files: the folders, else the root. */
  json_object *folders = params_array(params, "workspaceFolders");
  size_t folder_count = folders ? json_object_array_length(folders) : 0;
  for (size_t i = 0; i < folder_count; i++) {
    const char *uri = params_string(json_object_array_get_idx(folders, i), "uri");
    if (uri) wsf_add_root_uri(s, uri);
  }
  const char *root_uri = params_string(params, "rootUri");
  if (folder_count == 0 && root_uri) wsf_add_root_uri(s, root_uri);
  json_object *watched = params_object(
      params_object(params_object(params, "capabilities"), "workspace"), "didChangeWatchedFiles");
  json_object *dynamic = watched ? json_object_object_get(watched, "dynamicRegistration") : NULL;
  s->register_watchers = dynamic && json_object_is_type(dynamic, json_type_boolean) &&
                         json_object_get_boolean(dynamic);

  json_object *options = params_object(params, "initializationOptions");
  json_object *settings = params_object(options, "settings");
  session_apply_settings(s, settings ? settings : options);

  json_object *caps = json_object_new_object();
  json_object_object_add(caps, "positionEncoding",
                         json_object_new_string(pos_encoding_name(s->encoding)));
  json_object *sync = json_object_new_object();
  json_object_object_add(sync, "openClose", json_object_new_boolean(1));
  json_object_object_add(sync, "change", json_object_new_int(2)); /* Incremental */
  json_object *save = json_object_new_object();
  json_object_object_add(save, "includeText", json_object_new_boolean(0));
  json_object_object_add(sync, "save", save);
  json_object_object_add(caps, "textDocumentSync", sync);
  if (s->pull_diagnostics) {
    json_object *diag = json_object_new_object();
    json_object_object_add(diag, "identifier", json_object_new_string("asyncradar"));
    json_object_object_add(diag, "interFileDependencies", json_object_new_boolean(0));
    json_object_object_add(diag, "workspaceDiagnostics", json_object_new_boolean(0));
    json_object_object_add(caps, "diagnosticProvider", diag);
  }

  json_object *actions = json_object_new_object();
  json_object *kinds = json_object_new_array();
  json_object_array_add(kinds, json_object_new_string("quickfix"));
  json_object_array_add(kinds, json_object_new_string("source.fixAll.asyncradar"));
  json_object_object_add(actions, "codeActionKinds", kinds);
  json_object_object_add(actions, "resolveProvider", json_object_new_boolean(1));
  json_object_object_add(caps, "codeActionProvider", actions);
  json_object_object_add(caps, "hoverProvider", json_object_new_boolean(1));

  json_object *info = json_object_new_object();
  json_object_object_add(info, "name", json_object_new_string("asyncradar"));
  json_object_object_add(info, "version", json_object_new_string(AR_VERSION));
  json_object *result = json_object_new_object();
  json_object_object_add(result, "capabilities", caps);
  json_object_object_add(result, "serverInfo", info);
  return result;
}

/* Asks the client to report changes of Python files, which may be other
 * files' helpers. */
static void register_watchers(session *s) {
  json_object *watcher = json_object_new_object();
  json_object_object_add(watcher, "globPattern", json_object_new_string("**/*.py"));
  json_object *watchers = json_object_new_array();
  json_object_array_add(watchers, watcher);
  json_object *options = json_object_new_object();
  json_object_object_add(options, "watchers", watchers);
  json_object *reg = json_object_new_object();
  json_object_object_add(reg, "id", json_object_new_string("asyncradar-watch-python"));
  json_object_object_add(reg, "method", json_object_new_string("workspace/didChangeWatchedFiles"));
  json_object_object_add(reg, "registerOptions", options);
  json_object *regs = json_object_new_array();
  json_object_array_add(regs, reg);
  json_object *params = json_object_new_object();
  json_object_object_add(params, "registrations", regs);
  rpc_send(&s->out, rpc_make_request(rpc_channel_next_id(&s->out), "client/registerCapability",
                                     params));
}

void handle_initialized(session *s, json_object *params) {
  (void)params;
  session_request_configuration(s);
  if (s->register_watchers) register_watchers(s);
  session_log(s, MSG_LOG, "client initialized (position encoding %s, %s diagnostics)",
              pos_encoding_name(s->encoding), s->pull_diagnostics ? "pull" : "push");
}

json_object *handle_shutdown(session *s, json_object *params, handler_error *err) {
  (void)params;
  (void)err;
  s->state = SESSION_SHUT_DOWN;
  return NULL;
}

void handle_exit(session *s, json_object *params) {
  (void)params;
  s->exit_requested = true;
}
