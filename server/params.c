#include "params.h"

static json_object *typed(json_object *obj, const char *key, json_type type) {
  json_object *value;
  if (!obj || !json_object_is_type(obj, json_type_object)) return NULL;
  if (!json_object_object_get_ex(obj, key, &value)) return NULL;
  return json_object_is_type(value, type) ? value : NULL;
}

json_object *params_object(json_object *obj, const char *key) {
  return typed(obj, key, json_type_object);
}

json_object *params_array(json_object *obj, const char *key) {
  return typed(obj, key, json_type_array);
}

const char *params_string(json_object *obj, const char *key) {
  json_object *value = typed(obj, key, json_type_string);
  return value ? json_object_get_string(value) : NULL;
}

bool params_int(json_object *obj, const char *key, int64_t *out) {
  json_object *value = typed(obj, key, json_type_int);
  if (!value) return false;
  *out = json_object_get_int64(value);
  return true;
}

const char *params_document_uri(json_object *params) {
  return params_string(params_object(params, "textDocument"), "uri");
}
