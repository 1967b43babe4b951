#include "handlers.h"
#include "params.h"
#include "workspace_files.h"

void handle_did_change_configuration(session *s, json_object *params) {
  json_object *settings = params_object(params, "settings");
  if (!settings) return;
  session_apply_settings(s, settings);
  /* The rule filter applies at publish time: republish everything open. */
  for (doc *d = s->docs; d; d = d->hh.next) session_schedule_publish(s, d);
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
