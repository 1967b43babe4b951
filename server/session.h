#ifndef AR_SESSION_H
#define AR_SESSION_H

/*
 * The state of one LSP connection: lifecycle, negotiated options, settings,
 * and the open documents, which the session owns.
 */

#include <json-c/json.h>
#include <stdbool.h>
#include <tree_sitter/api.h>

#include "document.h"
#include "jsonrpc.h"
#include "jsonw.h"
#include "config.h"
#include "position.h"
#include "projects.h"

typedef enum {
  SESSION_STARTING,    /* before `initialize` */
  SESSION_RUNNING,     /* `initialize` answered */
  SESSION_SHUT_DOWN,   /* `shutdown` answered: only `exit` is left */
} session_state;

typedef struct {
  rpc_channel out;
  TSParser *parser;
  doc *docs; /* uthash by uri, owned */
  session_state state;
  bool exit_requested;
  pos_encoding encoding;
  bool pull_diagnostics; /* the client asks with textDocument/diagnostic */
  bool diagnostic_refresh; /* ... and takes workspace/diagnostic/refresh */
  ar_config settings;            /* from the client; over each project's pyproject.toml */
  projects *projects;            /* each open document's configuration */
  bool client_configuration;     /* the client answers workspace/configuration */
  long long configuration_request; /* id of the one awaited, 0: none */
  bool document_changes;  /* WorkspaceEdit.documentChanges (versioned edits) */
  bool resolve_edits;     /* codeAction/resolve may fill in a code action's edit */
  json_object *pending_publish; /* uris (keys) whose diagnostics are due */
  struct ar_workspace *ws;      /* other files' helpers (workspace_files.h), owned */
  bool register_watchers;       /* the client takes didChangeWatchedFiles registrations */
  /* Where each publishDiagnostics is written: one buffer kept for all, since
   * a fresh one per keystroke is the first large allocation after the
   * parse freed the old tree, and glibc then sorts all of those frees. */
  jsonw publish_text;
} session;

/* Returns -1 when out of memory. */
int session_init(session *s, int out_fd);
void session_destroy(session *s);

doc *session_find(session *s, const char *uri);

/* LSP MessageType values. */
typedef enum { MSG_ERROR = 1, MSG_WARNING = 2, MSG_INFO = 3, MSG_LOG = 4 } session_msg_type;

/* Logs to stderr and, once the client is initialised, as window/logMessage. */
void session_log(session *s, session_msg_type type, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Marks a document's diagnostics as due at the next flush. */
void session_schedule_publish(session *s, const doc *d);

/* Brings every due document up to date and publishes its diagnostics. */
void session_flush(session *s);

/* The diagnostics of a document (refreshed first) in the negotiated
 * encoding, as a JSON array written to w. Returns -1 when out of memory
 * (w then holds no complete array). */
int session_write_diagnostics(session *s, doc *d, jsonw *w);

/* Shows a message to the user (window/showMessage) and logs it. */
void session_show(session *s, session_msg_type type, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Applies `settings` (the keys of settings.h, plus logLevel), replacing the
 * previous ones; bad values are reported to the user and skipped (see
 * settings.h). Then re-reads the projects' pyproject files and schedules
 * every open document's diagnostics. */
void session_apply_settings(session *s, json_object *settings);

/* Gives a new document its project's configuration. */
void session_configure(session *s, doc *d);

/* Asks the client for the "asyncradar" section (workspace/configuration),
 * when it said it answers such requests. */
void session_request_configuration(session *s);

#endif
