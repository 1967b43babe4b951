#include "jsonw.h"

#include <inttypes.h>
#include <json-c/printbuf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

void jsonw_init(jsonw *w) { *w = (jsonw){0}; }

void jsonw_free(jsonw *w) {
  free(w->data);
  *w = (jsonw){0};
}

void jsonw_reset(jsonw *w) {
  *w = (jsonw){.data = w->data, .cap = w->cap};
}

static bool reserve(jsonw *w, size_t more) {
  if (w->failed) return false;
  if (w->len + more <= w->cap) return true;
  size_t cap = w->cap ? w->cap : 1024;
  while (cap < w->len + more) cap *= 2;
  char *grown = realloc(w->data, cap);
  if (!grown) {
    w->failed = true;
    return false;
  }
  w->data = grown;
  w->cap = cap;
  return true;
}

static void put(jsonw *w, const char *s, size_t n) {
  if (!reserve(w, n)) return;
  memcpy(w->data + w->len, s, n);
  w->len += n;
}

/* What comes before any value or key: a comma after a sibling. */
static void separate(jsonw *w) {
  if (w->after_key) {
    w->after_key = false;
    return;
  }
  uint64_t bit = (uint64_t)1 << w->depth;
  if (w->has_items & bit) put(w, ",", 1);
  w->has_items |= bit;
}

static void open_level(jsonw *w, char c) {
  separate(w);
  put(w, &c, 1);
  if (w->depth >= JSONW_MAX_DEPTH) {
    w->failed = true;
    return;
  }
  w->depth++;
  w->has_items &= ~((uint64_t)1 << w->depth);
}

static void close_level(jsonw *w, char c) {
  if (w->depth > 0) w->depth--;
  put(w, &c, 1);
}

void jsonw_object_begin(jsonw *w) { open_level(w, '{'); }
void jsonw_object_end(jsonw *w) { close_level(w, '}'); }
void jsonw_array_begin(jsonw *w) { open_level(w, '['); }
void jsonw_array_end(jsonw *w) { close_level(w, ']'); }

void jsonw_key(jsonw *w, const char *key) {
  separate(w);
  put(w, "\"", 1);
  put(w, key, strlen(key));
  put(w, "\":", 2);
  w->after_key = true;
}

void jsonw_string(jsonw *w, const char *s, size_t len) {
  separate(w);
  /* At worst every byte becomes a six-byte escape. */
  if (len > (SIZE_MAX - 2) / 6 || !reserve(w, len * 6 + 2)) {
    w->failed = true;
    return;
  }
  char *out = w->data + w->len;
  *out++ = '"';
  for (size_t i = 0; i < len;) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x80) {
      size_t n = utf8_valid_length(s + i, len - i);
      if (n == 0) {
        memcpy(out, "\xEF\xBF\xBD", 3); /* U+FFFD, one per invalid byte */
        out += 3;
        i++;
      } else {
        memcpy(out, s + i, n);
        out += n;
        i += n;
      }
      continue;
    }
    i++;
    if (c == '"' || c == '\\') {
      *out++ = '\\';
      *out++ = (char)c;
    } else if (c == '\n') {
      memcpy(out, "\\n", 2), out += 2;
    } else if (c == '\r') {
      memcpy(out, "\\r", 2), out += 2;
    } else if (c == '\t') {
      memcpy(out, "\\t", 2), out += 2;
    } else if (c < 0x20 || c == 0x7f) {
      out += snprintf(out, 7, "\\u%04x", c);
    } else {
      *out++ = (char)c;
    }
  }
  *out++ = '"';
  w->len = (size_t)(out - w->data);
}

void jsonw_int(jsonw *w, int64_t v) {
  separate(w);
  char buf[24];
  int n = snprintf(buf, sizeof buf, "%" PRId64, v);
  put(w, buf, (size_t)n);
}

void jsonw_bool(jsonw *w, bool v) {
  separate(w);
  put(w, v ? "true" : "false", v ? 4 : 5);
}

void jsonw_json(jsonw *w, json_object *value) {
  separate(w);
  size_t n;
  const char *text = json_object_to_json_string_length(value, JSON_C_TO_STRING_PLAIN, &n);
  if (!text) {
    w->failed = true;
    return;
  }
  put(w, text, n);
}

void jsonw_raw(jsonw *w, const char *text, size_t len) {
  separate(w);
  put(w, text, len);
}

typedef struct {
  char *text;
  size_t len;
} raw_value;

static int write_raw(json_object *jso, struct printbuf *pb, int level, int flags) {
  (void)level;
  (void)flags;
  const raw_value *raw = json_object_get_userdata(jso);
  return printbuf_memappend(pb, raw->text, (int)raw->len);
}

static void free_raw(json_object *jso, void *userdata) {
  (void)jso;
  raw_value *raw = userdata;
  free(raw->text);
  free(raw);
}

json_object *jsonw_to_json(jsonw *w) {
  raw_value *raw = malloc(sizeof *raw);
  json_object *value = raw && !w->failed && w->len <= INT_MAX ? json_object_new_object() : NULL;
  if (!value) {
    free(raw);
    jsonw_free(w);
    return NULL;
  }
  raw->text = w->data;
  raw->len = w->len;
  *w = (jsonw){0};
  json_object_set_serializer(value, write_raw, raw, free_raw);
  return value;
}
