#ifndef AR_PROTOCOL_JSONRPC_H
#define AR_PROTOCOL_JSONRPC_H

/*
 * JSON-RPC 2.0 messages as json-c objects: classifying what arrives, building
 * what leaves, and sending it framed. Nothing here knows about LSP methods.
 */

#include <json-c/json.h>
#include <stddef.h>

#define RPC_PARSE_ERROR (-32700)
#define RPC_INVALID_REQUEST (-32600)
#define RPC_METHOD_NOT_FOUND (-32601)
#define RPC_INVALID_PARAMS (-32602)
#define RPC_INTERNAL_ERROR (-32603)
#define RPC_SERVER_NOT_INITIALIZED (-32002)
#define RPC_REQUEST_CANCELLED (-32800)
#define RPC_CONTENT_MODIFIED (-32801)

/* Nesting limit for incoming JSON; deeper input is a parse error. */
#define RPC_MAX_DEPTH 64

typedef enum {
  RPC_REQUEST,      /* method + id */
  RPC_NOTIFICATION, /* method, no id */
  RPC_RESPONSE,     /* id + result or error, no method */
  RPC_INVALID,      /* well-formed JSON but not a JSON-RPC 2.0 message */
} rpc_kind;

typedef struct {
  rpc_kind kind;
  const char *method;     /* requests and notifications; borrowed from root */
  json_object *id;        /* borrowed; NULL when absent, null or unreadable */
  json_object *params;    /* borrowed; NULL when absent or null */
  json_object *result;    /* responses; borrowed; NULL when absent */
  json_object *error;     /* responses; borrowed; NULL when absent */
  json_object *root;      /* owned: rpc_message_clear releases it */
  const char *invalid_reason; /* RPC_INVALID: static text for the error reply */
} rpc_message;

/*
 * Parses and classifies one message body of len bytes (no NUL needed).
 * Returns 0 when the body is JSON (out->kind may still be RPC_INVALID, and
 * out->id then holds the id if one was readable) and -1 when it is not JSON:
 * unparsable, nested deeper than RPC_MAX_DEPTH, followed by anything but
 * whitespace, or holding a NUL byte. The reply to -1 is RPC_PARSE_ERROR with
 * a null id. Either way *out is valid for rpc_message_clear.
 *
 * Lenient on purpose: "params": null is taken as absent params, and a
 * response may carry a null id (the reply to a parse error).
 */
int rpc_parse(const char *body, size_t len, rpc_message *out);
void rpc_message_clear(rpc_message *msg);

/*
 * Builders. Each returns a new object the caller owns, or NULL when out of
 * memory. Arguments marked "stolen" are owned by the builder from the call
 * on, also when it fails; "borrowed" ones get their own reference.
 */
json_object *rpc_make_response(json_object *id /* borrowed, NULL -> null */,
                               json_object *result /* stolen, NULL -> null */);
/* message may be any bytes; invalid UTF-8 is replaced. */
json_object *rpc_make_error(json_object *id /* borrowed, NULL -> null */, int code,
                            const char *message);
json_object *rpc_make_notification(const char *method,
                                   json_object *params /* stolen, NULL -> omitted */);
json_object *rpc_make_request(long long id, const char *method,
                              json_object *params /* stolen, NULL -> omitted */);

/*
 * Returns a NUL-terminated copy of s[0, len) in which every byte that does
 * not begin a well-formed UTF-8 sequence is replaced by U+FFFD (one per byte,
 * matching how position.h counts them). Embedded NULs are kept. Caller frees;
 * NULL when out of memory.
 */
char *rpc_utf8_sanitize(const char *s, size_t len);

/* A new json string holding s[0, len) sanitised as above; NULL when out of
 * memory. Use it for every string built from user text. */
json_object *rpc_string(const char *s, size_t len);

/*
 * The outgoing side of a connection. Not thread-safe: one writer at a time.
 * The channel does not close fd.
 */
typedef struct {
  int fd;
  long long next_id;
} rpc_channel;

void rpc_channel_init(rpc_channel *ch, int fd);

/* Returns a fresh id for a server-to-client request (1, 2, ...). */
long long rpc_channel_next_id(rpc_channel *ch);

/*
 * Serialises msg and writes it framed. msg is consumed (put), also on
 * failure and when NULL (which fails, so builder results can be passed
 * unchecked). As a last line of defence any invalid UTF-8 that reached the
 * output is replaced, so the client always receives valid JSON text.
 * Returns 0, or -1 on a write or memory error.
 */
int rpc_send(rpc_channel *ch, json_object *msg);
/* The same for a message already serialised (len bytes of JSON text). */
int rpc_send_text(rpc_channel *ch, const char *text, size_t len);

#endif
