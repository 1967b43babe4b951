/* The JSON writer: commas and nesting, escaping, invalid UTF-8, and its
 * text embedded in a message built with json-c. */

#include <stdlib.h>

#include "check.h"
#include "jsonw.h"

/* The text written so far, NUL-terminated, for comparison. */
static const char *text_of(jsonw *w) {
  static char buf[512];
  size_t n = w->len < sizeof buf - 1 ? w->len : sizeof buf - 1;
  memcpy(buf, w->data ? w->data : "", n);
  buf[n] = 0;
  return buf;
}

static void test_structure(void) {
  jsonw w;
  jsonw_init(&w);
  jsonw_array_begin(&w);
  jsonw_object_begin(&w);
  jsonw_key(&w, "a");
  jsonw_int(&w, -3);
  jsonw_key(&w, "b");
  jsonw_array_begin(&w);
  jsonw_array_end(&w);
  jsonw_key(&w, "c");
  jsonw_array_begin(&w);
  jsonw_bool(&w, true);
  jsonw_bool(&w, false);
  jsonw_object_begin(&w);
  jsonw_object_end(&w);
  jsonw_array_end(&w);
  jsonw_object_end(&w);
  jsonw_int(&w, 4294967296LL);
  jsonw_array_end(&w);
  CHECK_STR(text_of(&w), "[{\"a\":-3,\"b\":[],\"c\":[true,false,{}]},4294967296]");
  jsonw_free(&w);
}

static void test_strings(void) {
  jsonw w;
  jsonw_init(&w);
  jsonw_array_begin(&w);
  const char plain[] = "say \"hi\"\\ \n\r\t\x01\x7f end";
  jsonw_string(&w, plain, sizeof plain - 1);
  /* A lone continuation byte and a truncated sequence each become U+FFFD;
   * well-formed multibyte characters pass through. */
  const char mixed[] = "\x80 é \xF0\x9F\x99\x82 \xE2\x82";
  jsonw_string(&w, mixed, sizeof mixed - 1);
  const char nul[] = {'a', 0, 'b'};
  jsonw_string(&w, nul, sizeof nul);
  jsonw_array_end(&w);
  CHECK_STR(text_of(&w), "[\"say \\\"hi\\\"\\\\ \\n\\r\\t\\u0001\\u007f end\","
                         "\"\xEF\xBF\xBD é \xF0\x9F\x99\x82 \xEF\xBF\xBD\xEF\xBF\xBD\","
                         "\"a\\u0000b\"]");
  jsonw_free(&w);
}

static void test_embedded_in_json_c(void) {
  jsonw w;
  jsonw_init(&w);
  jsonw_array_begin(&w);
  jsonw_string(&w, "x", 1);
  jsonw_array_end(&w);
  json_object *raw = jsonw_to_json(&w);
  CHECK(raw != NULL);
  CHECK(w.data == NULL && w.len == 0);
  json_object *msg = json_object_new_object();
  json_object_object_add(msg, "items", raw);
  json_object_object_add(msg, "n", json_object_new_int(1));
  CHECK_STR(json_object_to_json_string_ext(msg, JSON_C_TO_STRING_PLAIN),
            "{\"items\":[\"x\"],\"n\":1}");
  /* The text parses back as what was written. */
  json_object *back = json_tokener_parse(json_object_to_json_string_ext(msg, JSON_C_TO_STRING_PLAIN));
  json_object *items = NULL;
  CHECK(back && json_object_object_get_ex(back, "items", &items) &&
        json_object_array_length(items) == 1);
  json_object_put(back);
  json_object_put(msg);
}

static void test_too_deep_fails(void) {
  jsonw w;
  jsonw_init(&w);
  for (int i = 0; i < JSONW_MAX_DEPTH + 2; i++) jsonw_array_begin(&w);
  CHECK(w.failed);
  CHECK(jsonw_to_json(&w) == NULL);
}

int main(void) {
  RUN(test_structure);
  RUN(test_strings);
  RUN(test_embedded_in_json_c);
  RUN(test_too_deep_fails);
  return check_report("jsonw");
}
