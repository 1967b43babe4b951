#include "jsonrpc.h"

#include "framing.h"
#include "utf8.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- parsing ---------------------------------------------------------- */

/* 0 and *root set (NULL for a JSON null) when body is exactly one JSON value
 * with optional whitespace around it; -1 otherwise. */
static int parse_json(const char *body, size_t len, json_object **root)
{
  *root = NULL;
  /* json-c takes a NUL for the end of input; rather than trust every one of
   * its states to notice, refuse it here: JSON text never holds a raw NUL. */
  if (len > INT_MAX || memchr(body, '\0', len)) return -1;
  /* One tokener for the process (the server reads on one thread): a fresh
   * one per message is a calloc large enough to make glibc consolidate its
   * fast bins, which cost more than parsing a keystroke's didChange. */
  static json_tokener *tok;
  if (!tok) {
    tok = json_tokener_new_ex(RPC_MAX_DEPTH);
    if (!tok) return -1;
    /* By default json-c also takes trailing commas, comments, single-quoted
     * values and `True`: not JSON, so no message to act on. Strict mode
     * checks no UTF-8, which message text may hold invalid anyway. */
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
  }
  json_tokener_reset(tok);
  json_object *value = json_tokener_parse_ex(tok, body, (int)len);
  enum json_tokener_error err = json_tokener_get_error(tok);
  if (err == json_tokener_continue) {
    /* A bare top-level number is only complete once the tokener sees the
     * end of input; a NUL tells it so. */
    value = json_tokener_parse_ex(tok, "", 1);
    err = json_tokener_get_error(tok);
  } else if (err == json_tokener_success && json_tokener_get_parse_end(tok) != len) {
    err = json_tokener_error_parse_unexpected; /* trailing garbage */
  }
  if (err != json_tokener_success) {
    json_object_put(value);
    return -1;
  }
  *root = value;
  return 0;
}

static int is_id_type(json_object *id)
{
  return json_object_is_type(id, json_type_int) || json_object_is_type(id, json_type_string);
}

static void classify_call(rpc_message *m, json_object *method, int has_id)
{
  if (!json_object_is_type(method, json_type_string)) {
    m->invalid_reason = "\"method\" is not a string";
    return;
  }
  const char *name = json_object_get_string(method);
  if (strlen(name) != (size_t)json_object_get_string_len(method)) {
    m->invalid_reason = "\"method\" contains a NUL character";
    return;
  }
  if (has_id && !m->id) {
    m->invalid_reason = "\"id\" is not an integer or a string";
    return;
  }
  json_object *params = NULL;
  json_object_object_get_ex(m->root, "params", &params);
  if (params && !json_object_is_type(params, json_type_object) &&
      !json_object_is_type(params, json_type_array)) {
    m->invalid_reason = "\"params\" is not an object or an array";
    return;
  }
  m->method = name;
  m->params = params;
  m->kind = has_id ? RPC_REQUEST : RPC_NOTIFICATION;
}

static void classify_response(rpc_message *m, json_object *id, int has_id)
{
  json_object *result = NULL;
  json_object *error = NULL;
  int has_result = json_object_object_get_ex(m->root, "result", &result);
  int has_error = json_object_object_get_ex(m->root, "error", &error);
  if (!has_result && !has_error) {
    m->invalid_reason = "message has no \"method\", \"result\" or \"error\"";
  } else if (has_result && has_error) {
    m->invalid_reason = "response has both \"result\" and \"error\"";
  } else if (!has_id) {
    m->invalid_reason = "response has no \"id\"";
  } else if (id && !m->id) {
    m->invalid_reason = "\"id\" is not an integer, a string or null";
  } else if (has_error && !json_object_is_type(error, json_type_object)) {
    m->invalid_reason = "\"error\" is not an object";
  } else {
    m->result = result;
    m->error = error;
    m->kind = RPC_RESPONSE;
  }
}

static void classify(rpc_message *m)
{
  json_object *root = m->root;
  if (!json_object_is_type(root, json_type_object)) {
    m->invalid_reason = json_object_is_type(root, json_type_array)
                          ? "batch messages are not supported"
                          : "message is not a JSON object";
    return;
  }
  json_object *id = NULL;
  int has_id = json_object_object_get_ex(root, "id", &id);
  if (has_id && is_id_type(id)) m->id = id;

  json_object *version = NULL;
  if (!json_object_object_get_ex(root, "jsonrpc", &version) ||
      !json_object_is_type(version, json_type_string) ||
      strcmp(json_object_get_string(version), "2.0") != 0) {
    m->invalid_reason = "\"jsonrpc\" is not \"2.0\"";
    return;
  }
  json_object *method = NULL;
  if (json_object_object_get_ex(root, "method", &method)) {
    classify_call(m, method, has_id);
  } else {
    classify_response(m, id, has_id);
  }
}

int rpc_parse(const char *body, size_t len, rpc_message *out)
{
  memset(out, 0, sizeof *out);
  out->kind = RPC_INVALID;
  if (parse_json(body, len, &out->root) != 0) {
    out->invalid_reason = "parse error";
    return -1;
  }
  classify(out);
  return 0;
}

void rpc_message_clear(rpc_message *msg)
{
  json_object_put(msg->root);
  memset(msg, 0, sizeof *msg);
  msg->kind = RPC_INVALID;
}

/* ---- building --------------------------------------------------------- */

/* Adds val under a constant key. Takes val in every case; NULL stores JSON
 * null only when allowed, since otherwise it means a failed allocation. */
static int add(json_object *obj, const char *key, json_object *val, int null_ok)
{
  if (!val && !null_ok) return -1;
  if (json_object_object_add_ex(obj, key, val,
                                JSON_C_OBJECT_ADD_KEY_IS_NEW | JSON_C_OBJECT_ADD_CONSTANT_KEY) != 0) {
    json_object_put(val);
    return -1;
  }
  return 0;
}

static json_object *envelope(void)
{
  json_object *obj = json_object_new_object();
  if (!obj) return NULL;
  if (add(obj, "jsonrpc", json_object_new_string("2.0"), 0) != 0) {
    json_object_put(obj);
    return NULL;
  }
  return obj;
}

json_object *rpc_make_response(json_object *id, json_object *result)
{
  json_object *obj = envelope();
  if (!obj || add(obj, "id", json_object_get(id), 1) != 0) {
    json_object_put(obj);
    json_object_put(result);
    return NULL;
  }
  if (add(obj, "result", result, 1) != 0) {
    json_object_put(obj);
    return NULL;
  }
  return obj;
}

json_object *rpc_make_error(json_object *id, int code, const char *message)
{
  if (!message) message = "";
  json_object *obj = envelope();
  json_object *error = json_object_new_object();
  if (!obj || !error || add(error, "code", json_object_new_int(code), 0) != 0 ||
      add(error, "message", rpc_string(message, strlen(message)), 0) != 0) {
    json_object_put(error);
    json_object_put(obj);
    return NULL;
  }
  if (add(obj, "id", json_object_get(id), 1) != 0 || add(obj, "error", error, 0) != 0) {
    json_object_put(obj);
    return NULL;
  }
  return obj;
}

/* Shared tail of requests and notifications; takes params. */
static json_object *finish_call(json_object *obj, const char *method, json_object *params)
{
  if (add(obj, "method", json_object_new_string(method), 0) != 0 ||
      (params && add(obj, "params", params, 0) != 0)) {
    json_object_put(obj);
    return NULL;
  }
  return obj;
}

json_object *rpc_make_notification(const char *method, json_object *params)
{
  json_object *obj = envelope();
  if (!obj) {
    json_object_put(params);
    return NULL;
  }
  return finish_call(obj, method, params);
}

json_object *rpc_make_request(long long id, const char *method, json_object *params)
{
  json_object *obj = envelope();
  if (!obj || add(obj, "id", json_object_new_int64((int64_t)id), 0) != 0) {
    json_object_put(obj);
    json_object_put(params);
    return NULL;
  }
  return finish_call(obj, method, params);
}

/* ---- UTF-8 ------------------------------------------------------------ */

static size_t count_invalid(const char *s, size_t len)
{
  size_t bad = 0;
  for (size_t i = 0; i < len;) {
    /* ASCII, nearly all of a message, needs no decoding. */
    if ((unsigned char)s[i] < 0x80) {
      i++;
      continue;
    }
    size_t n = utf8_valid_length(s + i, len - i);
    if (n == 0) {
      bad++;
      n = 1;
    }
    i += n;
  }
  return bad;
}

/* Sanitised copy with its length, which strlen cannot give when s holds NULs. */
static char *sanitize(const char *s, size_t len, size_t bad, size_t *out_len)
{
  /* Each bad byte becomes the three bytes of U+FFFD. */
  if (bad > (SIZE_MAX - 1 - len) / 2) return NULL;
  size_t size = len + 2 * bad;
  char *out = malloc(size + 1);
  if (!out) return NULL;
  size_t o = 0;
  for (size_t i = 0; i < len;) {
    size_t n = utf8_valid_length(s + i, len - i);
    if (n == 0) {
      memcpy(out + o, "\xEF\xBF\xBD", 3);
      o += 3;
      i++;
    } else {
      memcpy(out + o, s + i, n);
      o += n;
      i += n;
    }
  }
  out[o] = '\0';
  *out_len = o;
  return out;
}

char *rpc_utf8_sanitize(const char *s, size_t len)
{
  size_t out_len;
  return sanitize(s, len, count_invalid(s, len), &out_len);
}

json_object *rpc_string(const char *s, size_t len)
{
  size_t bad = count_invalid(s, len);
  if (bad == 0) return len <= INT_MAX ? json_object_new_string_len(s, (int)len) : NULL;
  size_t clean_len;
  char *clean = sanitize(s, len, bad, &clean_len);
  json_object *str = clean && clean_len <= INT_MAX ? json_object_new_string_len(clean, (int)clean_len) : NULL;
  free(clean);
  return str;
}

/* ---- sending ---------------------------------------------------------- */

void rpc_channel_init(rpc_channel *ch, int fd)
{
  ch->fd = fd;
  ch->next_id = 1;
}

long long rpc_channel_next_id(rpc_channel *ch)
{
  return ch->next_id++;
}

int rpc_send(rpc_channel *ch, json_object *msg)
{
  if (!msg) {
    errno = ENOMEM;
    return -1;
  }
  size_t len = 0;
  const char *text =
    json_object_to_json_string_length(msg, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
  int rc = text ? rpc_send_text(ch, text, len) : -1;
  json_object_put(msg);
  return rc;
}

int rpc_send_text(rpc_channel *ch, const char *text, size_t len)
{
  /* json-c copies bytes >= 0x80 through unchecked, so a string that
   * skipped rpc_string would reach the client as invalid JSON text.
   * Sanitising the serialised text fixes exactly those strings, since
   * everything outside strings is ASCII. */
  size_t bad = count_invalid(text, len);
  if (bad == 0) return frame_write(ch->fd, text, len);
  size_t clean_len;
  char *clean = sanitize(text, len, bad, &clean_len);
  int rc = clean ? frame_write(ch->fd, clean, clean_len) : -1;
  free(clean);
  return rc;
}
