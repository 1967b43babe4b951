#ifndef AR_PROTOCOL_JSONW_H
#define AR_PROTOCOL_JSONW_H

/*
 * JSON text written straight into one buffer, for what is sent on every
 * keystroke (the diagnostics and their fixes): a json-c object costs an
 * allocation and a hash table of its own, many times over per diagnostic.
 * The writer places the commas; strings are sanitised like rpc_string
 * (invalid UTF-8 becomes U+FFFD). After an allocation failure every call
 * does nothing and jsonw_to_json returns NULL.
 */

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSONW_MAX_DEPTH 63

typedef struct {
  char *data; /* owned */
  size_t len, cap;
  unsigned depth;
  uint64_t has_items; /* bit d: level d already holds a value, so a comma comes next */
  bool after_key;
  bool failed;
} jsonw;

void jsonw_init(jsonw *w);
void jsonw_free(jsonw *w);
/* Empties w for a new text, keeping its buffer (and clearing a failure). */
void jsonw_reset(jsonw *w);

void jsonw_object_begin(jsonw *w);
void jsonw_object_end(jsonw *w);
void jsonw_array_begin(jsonw *w);
void jsonw_array_end(jsonw *w);
/* A member name inside an object: plain ASCII, written as is. */
void jsonw_key(jsonw *w, const char *key);
void jsonw_string(jsonw *w, const char *s, size_t len);
void jsonw_int(jsonw *w, int64_t v);
void jsonw_bool(jsonw *w, bool v);
/* A value built with json-c (rare paths), serialised in place; borrowed. */
void jsonw_json(jsonw *w, json_object *value);
/* Text written before by another writer: one complete value, or inside an
 * object one or more members (`"a":1,"b":2`, as a writer gives for keys
 * and values written at its top level). */
void jsonw_raw(jsonw *w, const char *text, size_t len);


/* A json-c value that serialises as the one complete value written, to
 * embed in a message built with json-c. Takes the text: w is left empty.
 * NULL when out of memory. */
json_object *jsonw_to_json(jsonw *w);

#endif
