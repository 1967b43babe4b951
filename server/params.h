#ifndef AR_PARAMS_H
#define AR_PARAMS_H

/* Typed reads from request params; NULL / false when absent or of another
 * type, so handlers can answer "invalid params" instead of guessing. */

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

json_object *params_object(json_object *obj, const char *key);
json_object *params_array(json_object *obj, const char *key);
const char *params_string(json_object *obj, const char *key);
bool params_int(json_object *obj, const char *key, int64_t *out);
/* textDocument.uri */
const char *params_document_uri(json_object *params);

#endif
