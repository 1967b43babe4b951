#ifndef AR_HANDLERS_H
#define AR_HANDLERS_H

/*
 * One function per LSP method; dispatch.c maps method names to them. A
 * request handler returns its result (NULL for JSON null) or sets err.
 */

#include <json-c/json.h>

#include "session.h"

typedef struct {
  int code; /* 0: no error */
  char message[256];
} handler_error;

typedef json_object *(*request_handler)(session *s, json_object *params, handler_error *err);
typedef void (*notification_handler)(session *s, json_object *params);

void handler_fail(handler_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* lifecycle.c */
json_object *handle_initialize(session *s, json_object *params, handler_error *err);
void handle_initialized(session *s, json_object *params);
json_object *handle_shutdown(session *s, json_object *params, handler_error *err);
void handle_exit(session *s, json_object *params);

/* text_sync.c */
void handle_did_open(session *s, json_object *params);
void handle_did_change(session *s, json_object *params);
void handle_did_close(session *s, json_object *params);
void handle_did_save(session *s, json_object *params);

/* diagnostic.c */
json_object *handle_diagnostic(session *s, json_object *params, handler_error *err);

/* code_action.c */
json_object *handle_code_action(session *s, json_object *params, handler_error *err);
json_object *handle_code_action_resolve(session *s, json_object *params, handler_error *err);

/* workspace.c */
void handle_did_change_configuration(session *s, json_object *params);
/* A response to a request the server sent; all borrowed, any may be NULL. */
void handle_response(session *s, json_object *id, json_object *result, json_object *error);
void handle_did_change_watched_files(session *s, json_object *params);

#endif
