#include "check.h"
#include "framing.h"
#include "jsonrpc.h"

#include <stdlib.h>
#include <unistd.h>

#define TEXT_FLAGS (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

static const char *text_of(json_object *o)
{
  return o ? json_object_to_json_string_ext(o, TEXT_FLAGS) : "NULL";
}

static int parse(const char *s, rpc_message *m)
{
  return rpc_parse(s, strlen(s), m);
}

/* ---- classification --------------------------------------------------- */

static void test_request(void)
{
  rpc_message m;
  CHECK_EQ(parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"a\":[1]}}", &m), 0);
  CHECK_EQ(m.kind, RPC_REQUEST);
  CHECK_STR(m.method, "initialize");
  CHECK_STR(text_of(m.id), "1");
  CHECK_STR(text_of(m.params), "{\"a\":[1]}");
  CHECK(m.invalid_reason == NULL);
  rpc_message_clear(&m);
  CHECK(m.root == NULL && m.method == NULL);

  CHECK_EQ(parse(" {\"method\":\"shutdown\",\"id\":\"abc\",\"jsonrpc\":\"2.0\"}\r\n ", &m), 0);
  CHECK_EQ(m.kind, RPC_REQUEST);
  CHECK_STR(text_of(m.id), "\"abc\"");
  CHECK(m.params == NULL);
  rpc_message_clear(&m);

  /* params: null counts as absent; array params are fine. */
  CHECK_EQ(parse("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\",\"params\":null}", &m), 0);
  CHECK_EQ(m.kind, RPC_REQUEST);
  CHECK(m.params == NULL);
  rpc_message_clear(&m);
  CHECK_EQ(parse("{\"jsonrpc\":\"2.0\",\"id\":-7,\"method\":\"m\",\"params\":[1,2]}", &m), 0);
  CHECK_EQ(m.kind, RPC_REQUEST);
  CHECK_STR(text_of(m.params), "[1,2]");
  rpc_message_clear(&m);
}

static void test_notification(void)
{
  rpc_message m;
  CHECK_EQ(parse("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{}}", &m), 0);
  CHECK_EQ(m.kind, RPC_NOTIFICATION);
  CHECK_STR(m.method, "textDocument/didOpen");
  CHECK(m.id == NULL);
  rpc_message_clear(&m);
  CHECK_EQ(parse("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}", &m), 0);
  CHECK_EQ(m.kind, RPC_NOTIFICATION);
  rpc_message_clear(&m);
}

static void test_response(void)
{
  rpc_message m;
  CHECK_EQ(parse("{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":[{\"x\":1}]}", &m), 0);
  CHECK_EQ(m.kind, RPC_RESPONSE);
  CHECK(m.method == NULL);
  CHECK_STR(text_of(m.id), "4");
  CHECK_STR(text_of(m.result), "[{\"x\":1}]");
  CHECK(m.error == NULL);
  rpc_message_clear(&m);

  CHECK_EQ(parse("{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":null}", &m), 0);
  CHECK_EQ(m.kind, RPC_RESPONSE);
  CHECK(m.result == NULL && m.error == NULL);
  rpc_message_clear(&m);

  CHECK_EQ(parse("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"x\"}}", &m), 0);
  CHECK_EQ(m.kind, RPC_RESPONSE);
  CHECK(m.id == NULL);
  CHECK_STR(text_of(m.error), "{\"code\":-32700,\"message\":\"x\"}");
  rpc_message_clear(&m);
}

/* Parses json, expects RPC_INVALID with a reason and the given id text
 * ("NULL" when none). */
static void expect_invalid(const char *json, const char *id_text)
{
  check_context("%s", json);
  rpc_message m;
  CHECK_EQ(parse(json, &m), 0);
  CHECK_EQ(m.kind, RPC_INVALID);
  CHECK(m.invalid_reason != NULL && m.invalid_reason[0] != '\0');
  CHECK(m.method == NULL);
  CHECK_STR(text_of(m.id), id_text);
  rpc_message_clear(&m);
  check_context("%s", "");
}

static void test_invalid(void)
{
  expect_invalid("[]", "NULL");
  expect_invalid("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\"}]", "NULL");
  expect_invalid("123", "NULL");
  expect_invalid("\"text\"", "NULL");
  expect_invalid("null", "NULL");
  /* jsonrpc member */
  expect_invalid("{\"id\":1,\"method\":\"m\"}", "1");
  expect_invalid("{\"jsonrpc\":\"1.0\",\"id\":\"q\",\"method\":\"m\"}", "\"q\"");
  expect_invalid("{\"jsonrpc\":2.0,\"id\":1,\"method\":\"m\"}", "1");
  expect_invalid("{\"jsonrpc\":\"2.0 \",\"id\":1,\"method\":\"m\"}", "1");
  /* method */
  expect_invalid("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}", "1");
  expect_invalid("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":null}", "1");
  expect_invalid("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\\u0000b\"}", "1");
  /* id */
  expect_invalid("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"m\"}", "NULL");
  expect_invalid("{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"m\"}", "NULL");
  expect_invalid("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"m\"}", "NULL");
  expect_invalid("{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"m\"}", "NULL");
  expect_invalid("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"m\"}", "NULL");
  /* params */
  expect_invalid("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"m\",\"params\":\"s\"}", "3");
  expect_invalid("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":7}", "NULL");
  expect_invalid("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":true}", "NULL");
  /* responses */
  expect_invalid("{\"jsonrpc\":\"2.0\",\"id\":1}", "1");
  expect_invalid("{\"jsonrpc\":\"2.0\"}", "NULL");
  expect_invalid("{\"jsonrpc\":\"2.0\",\"result\":1}", "NULL");
  expect_invalid("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":1,\"error\":{\"code\":1,\"message\":\"\"}}", "1");
  expect_invalid("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":\"bad\"}", "1");
  expect_invalid("{\"jsonrpc\":\"2.0\",\"id\":false,\"result\":1}", "NULL");
}

static void expect_parse_error(const char *body, size_t len)
{
  rpc_message m;
  CHECK_EQ(rpc_parse(body, len, &m), -1);
  CHECK(m.root == NULL);
  CHECK_EQ(m.kind, RPC_INVALID);
  rpc_message_clear(&m); /* must be harmless */
}

#define EXPECT_PARSE_ERROR(lit) expect_parse_error(lit, sizeof(lit) - 1)

static void test_parse_errors(void)
{
  EXPECT_PARSE_ERROR("");
  EXPECT_PARSE_ERROR("   ");
  EXPECT_PARSE_ERROR("{");
  EXPECT_PARSE_ERROR("{\"jsonrpc\":\"2.0\",");
  EXPECT_PARSE_ERROR("{\"a\":}");
  EXPECT_PARSE_ERROR("{} x");
  EXPECT_PARSE_ERROR("{}{}");
  EXPECT_PARSE_ERROR("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}]");
  EXPECT_PARSE_ERROR("12 34");
  /* NUL after the value, and inside a string. */
  EXPECT_PARSE_ERROR("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}\0junk");
  EXPECT_PARSE_ERROR("{\"jsonrpc\":\"2.0\",\"method\":\"ex\0it\"}");
  EXPECT_PARSE_ERROR("\0");

  /* Depth: RPC_MAX_DEPTH levels parse, one more does not. */
  char deep[2 * RPC_MAX_DEPTH + 3];
  for (int extra = 0; extra <= 1; extra++) {
    size_t n = RPC_MAX_DEPTH + (size_t)extra;
    for (size_t i = 0; i < n; i++) {
      deep[i] = '[';
      deep[n + i] = ']';
    }
    rpc_message m;
    check_context("depth %zu", n);
    CHECK_EQ(rpc_parse(deep, 2 * n, &m), extra ? -1 : 0);
    rpc_message_clear(&m);
  }
  check_context("%s", "");

  /* The body need not be NUL-terminated: only len bytes are read. */
  static const char slice[] = "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}GARBAGE";
  rpc_message m;
  CHECK_EQ(rpc_parse(slice, sizeof slice - 1 - 7, &m), 0);
  CHECK_EQ(m.kind, RPC_NOTIFICATION);
  rpc_message_clear(&m);
  CHECK_EQ(rpc_parse(slice, sizeof slice - 1, &m), -1);
  rpc_message_clear(&m);
}

/* ---- builders --------------------------------------------------------- */

static void test_builders(void)
{
  json_object *id = json_object_new_int(7);
  json_object *o = rpc_make_response(id, json_object_new_string("a/b"));
  CHECK_STR(text_of(o), "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"a/b\"}");
  json_object_put(o);
  /* The id was borrowed: still ours. */
  CHECK_STR(text_of(id), "7");
  json_object_put(id);

  o = rpc_make_response(NULL, NULL);
  CHECK_STR(text_of(o), "{\"jsonrpc\":\"2.0\",\"id\":null,\"result\":null}");
  json_object_put(o);

  o = rpc_make_error(NULL, RPC_PARSE_ERROR, "Parse error");
  CHECK_STR(text_of(o), "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}");
  json_object_put(o);

  /* An id borrowed from a parsed message, which is cleared afterwards. */
  rpc_message m;
  CHECK_EQ(parse("{\"jsonrpc\":\"2.0\",\"id\":\"r1\",\"method\":\"nope\"}", &m), 0);
  o = rpc_make_error(m.id, RPC_METHOD_NOT_FOUND, "no such method: \xff");
  rpc_message_clear(&m);
  CHECK_STR(text_of(o), "{\"jsonrpc\":\"2.0\",\"id\":\"r1\",\"error\":{\"code\":-32601,"
                        "\"message\":\"no such method: \xEF\xBF\xBD\"}}");
  json_object_put(o);

  json_object *params = json_object_new_object();
  json_object_object_add(params, "type", json_object_new_int(3));
  o = rpc_make_notification("window/logMessage", params);
  CHECK_STR(text_of(o), "{\"jsonrpc\":\"2.0\",\"method\":\"window/logMessage\",\"params\":{\"type\":3}}");
  json_object_put(o);

  o = rpc_make_notification("exit", NULL);
  CHECK_STR(text_of(o), "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
  json_object_put(o);

  o = rpc_make_request(9000000000LL, "workspace/configuration", json_object_new_array());
  CHECK_STR(text_of(o), "{\"jsonrpc\":\"2.0\",\"id\":9000000000,\"method\":\"workspace/configuration\",\"params\":[]}");
  json_object_put(o);
  o = rpc_make_request(1, "client/registerCapability", NULL);
  CHECK_STR(text_of(o), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"client/registerCapability\"}");
  json_object_put(o);

  CHECK_EQ(RPC_PARSE_ERROR, -32700);
  CHECK_EQ(RPC_INVALID_REQUEST, -32600);
  CHECK_EQ(RPC_METHOD_NOT_FOUND, -32601);
  CHECK_EQ(RPC_INVALID_PARAMS, -32602);
  CHECK_EQ(RPC_INTERNAL_ERROR, -32603);
  CHECK_EQ(RPC_SERVER_NOT_INITIALIZED, -32002);
  CHECK_EQ(RPC_REQUEST_CANCELLED, -32800);
}

/* ---- UTF-8 ------------------------------------------------------------ */

static void expect_sanitized(const char *in, size_t len, const char *want, size_t want_len)
{
  char *out = rpc_utf8_sanitize(in, len);
  CHECK(out != NULL);
  if (out) CHECK(out[want_len] == '\0');
  check_mem_(out, out ? want_len : 0, want, want_len, "rpc_utf8_sanitize", "expected", __FILE__, __LINE__);
  free(out);

  json_object *s = rpc_string(in, len);
  CHECK(s != NULL);
  CHECK_EQ(json_object_get_string_len(s), want_len);
  CHECK(memcmp(json_object_get_string(s), want, want_len) == 0);
  json_object_put(s);
}

#define EXPECT_SANITIZED(in, want) expect_sanitized(in, sizeof(in) - 1, want, sizeof(want) - 1)
#define FFFD "\xEF\xBF\xBD"

static void test_utf8_sanitize(void)
{
  EXPECT_SANITIZED("", "");
  EXPECT_SANITIZED("plain ascii", "plain ascii");
  EXPECT_SANITIZED("\xC3\xA9\xE2\x82\xAC\xF0\x9D\x84\x9E\xF4\x8F\xBF\xBF", "\xC3\xA9\xE2\x82\xAC\xF0\x9D\x84\x9E\xF4\x8F\xBF\xBF");
  EXPECT_SANITIZED("a\xff" "b", "a" FFFD "b");
  EXPECT_SANITIZED("\x80", FFFD);
  EXPECT_SANITIZED("\xE2\x82", FFFD FFFD);         /* truncated at the end */
  EXPECT_SANITIZED("\xE2\x82x", FFFD FFFD "x");     /* truncated in the middle */
  EXPECT_SANITIZED("\xC0\xAF", FFFD FFFD);          /* overlong '/' */
  EXPECT_SANITIZED("\xE0\x80\xAF", FFFD FFFD FFFD); /* overlong */
  EXPECT_SANITIZED("\xED\xA0\x80", FFFD FFFD FFFD); /* UTF-16 surrogate */
  EXPECT_SANITIZED("\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD); /* past U+10FFFF */
  EXPECT_SANITIZED("\xF5\x80", FFFD FFFD);
  EXPECT_SANITIZED("a\0b", "a\0b"); /* NUL kept */
  EXPECT_SANITIZED("\xF0\x9D\x84", FFFD FFFD FFFD);
}

static void test_send(void)
{
  int fds[2];
  if (!CHECK_EQ(pipe(fds), 0)) return;
  rpc_channel ch;
  rpc_channel_init(&ch, fds[1]);
  CHECK_EQ(rpc_channel_next_id(&ch), 1);
  CHECK_EQ(rpc_channel_next_id(&ch), 2);

  json_object *params = json_object_new_object();
  /* Built without rpc_string on purpose: rpc_send must still fix it. */
  json_object_object_add(params, "message", json_object_new_string("bad \xff byte, a/b"));
  CHECK_EQ(rpc_send(&ch, rpc_make_notification("window/logMessage", params)), 0);
  CHECK_EQ(rpc_send(&ch, rpc_make_response(NULL, json_object_new_int(1))), 0);
  CHECK_EQ(rpc_send(&ch, NULL), -1);
  close(fds[1]);

  char out[1024];
  ssize_t n = read(fds[0], out, sizeof out);
  close(fds[0]);
  if (!CHECK(n > 0)) return;
  frame_reader *r = frame_reader_new(1024);
  if (!CHECK(r != NULL)) return;
  CHECK_EQ(frame_reader_feed(r, out, (size_t)n), 0);
  const char *body;
  const char *error;
  size_t len;
  CHECK_EQ(frame_reader_next(r, &body, &len, &error), FRAME_MESSAGE);
  CHECK_MEM(body, len, "{\"jsonrpc\":\"2.0\",\"method\":\"window/logMessage\",\"params\":{\"message\":\"bad " FFFD
                       " byte, a/b\"}}");
  rpc_message m;
  CHECK_EQ(rpc_parse(body, len, &m), 0);
  CHECK_EQ(m.kind, RPC_NOTIFICATION);
  rpc_message_clear(&m);
  CHECK_EQ(frame_reader_next(r, &body, &len, &error), FRAME_MESSAGE);
  CHECK_MEM(body, len, "{\"jsonrpc\":\"2.0\",\"id\":null,\"result\":1}");
  CHECK_EQ(frame_reader_next(r, &body, &len, &error), FRAME_NONE);
  frame_reader_free(r);

  /* A dead fd fails and still consumes the message (valgrind checks). */
  rpc_channel_init(&ch, -1);
  CHECK_EQ(rpc_send(&ch, rpc_make_notification("exit", NULL)), -1);
}

int main(void)
{
  RUN(test_request);
  RUN(test_notification);
  RUN(test_response);
  RUN(test_invalid);
  RUN(test_parse_errors);
  RUN(test_builders);
  RUN(test_utf8_sanitize);
  RUN(test_send);
  return check_report("test_jsonrpc");
}
