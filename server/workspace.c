#include "handlers.h"
#include "params.h"
#include "workspace_files.h"

/* A client that answers workspace/configuration is asked for the current
 * settings (its notification may carry none); others send them along. */
void handle_did_change_configuration(session *s, json_object *params) {
  if (s->client_configuration) {
    session_request_configuration(s);
    return;
  }
  json_object *settings = params_object(params, "settings");
  if (!settings) return;
  session_apply_settings(s, settings);
}

void handle_response(session *s, json_object *id, json_object *result, json_object *error) {
  if (!s->configuration_request || !id || !json_object_is_type(id, json_type_int) ||
      json_object_get_int64(id) != s->configuration_request) {
    session_log(s, MSG_LOG, "ignored a response from the client");
    return;
  }
  s->configuration_request = 0;
  if (error || !json_object_is_type(result, json_type_array)) {
    session_log(s, MSG_WARNING, "workspace/configuration failed; the settings stay as they are");
    return;
  }
  /* A null section means nothing set: the defaults. */
  json_object *section = json_object_array_get_idx(result, 0);
  json_object *empty = section ? NULL : json_object_new_object();
  session_apply_settings(s, section ? section : empty);
  json_object_put(empty);
}

/* Files created, changed or deleted outside the editor: whatever imported
 * them is refreshed. Open buffers already told us their own changes. */
void handle_did_change_watched_files(session *s, json_object *params) {
  json_object *changes = params_array(params, "changes");
  size_t n = changes ? json_object_array_length(changes) : 0;
  for (size_t i = 0; i < n; i++) {
    const char *uri = params_string(json_object_array_get_idx(changes, i), "uri");
    if (uri && !session_find(s, uri)) wsf_changed(s, uri);
  }
}
