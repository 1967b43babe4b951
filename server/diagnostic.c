#include "handlers.h"
#include "params.h"

json_object *handle_diagnostic(session *s, json_object *params, handler_error *err) {
  const char *uri = params_document_uri(params);
  if (!uri) {
    handler_fail(err, RPC_INVALID_PARAMS, "textDocument/diagnostic needs textDocument.uri");
    return NULL;
  }
  doc *d = session_find(s, uri);
  jsonw w;
  jsonw_init(&w);
  int rc = 0;
  if (d) {
    rc = session_write_diagnostics(s, d, &w);
  } else {
    jsonw_array_begin(&w);
    jsonw_array_end(&w);
  }
  json_object *items = rc == 0 ? jsonw_to_json(&w) : NULL;
  jsonw_free(&w);
  if (!items) {
    handler_fail(err, RPC_INTERNAL_ERROR, "out of memory while analysing %s", uri);
    return NULL;
  }
  json_object *report = json_object_new_object();
  json_object_object_add(report, "kind", json_object_new_string("full"));
  json_object_object_add(report, "items", items);
  return report;
}
