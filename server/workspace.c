#include "handlers.h"
#include "params.h"

void handle_did_change_configuration(session *s, json_object *params) {
  json_object *settings = params_object(params, "settings");
  if (!settings) return;
  session_apply_settings(s, settings);
  /* The rule filter applies at publish time: republish everything open. */
  for (doc *d = s->docs; d; d = d->hh.next) session_schedule_publish(s, d);
}
