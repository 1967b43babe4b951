#ifndef AR_FIX_REWRITE_H
#define AR_FIX_REWRITE_H

/* The rewrites of a blocking call into its async form (internal to fix.c). */

#include "fix_build.h"

/* Appends the rewrites that can be made correct for site->call, the
 * preferred one first. Returns 0, or -1 when out of memory. */
int fix_rewrite_collect(const fix_site *site, ar_fix_list *out);

/* Shared by the rewrites. */

/* Whether `await` may replace site->call where it is: directly in an async
 * def's body, or in list/set/dict comprehensions there. */
bool fix_await_allowed(const fix_site *site);
/* Whether `await <call>` needs parentheses where the call is. */
bool fix_needs_parens(const fix_site *site);
/* The same for `node`, a call, under `parent`. */
bool fix_needs_parens_at(TSNode node, TSNode parent);
/* The first argument of an argument_list, comments aside; null if none. */
TSNode fix_first_argument(TSNode args);
/* Finishes fix (the last of out), or drops it when rc says it could not be
 * completed (1) or memory ran out (-1). Returns -1 only for the latter. */
int fix_settle(ar_fix_list *out, ar_fix *fix, int rc);

/* Whether the subtree at root holds a node of that kind. */
bool fix_contains_kind(TSNode root, const char *kind);
/* Whether n's text is exactly `want`. */
bool fix_text_is(const fix_site *site, TSNode n, const char *want);
/* A name (base, base_1, ...) the text of `scope` does not use, into buf. */
void fix_fresh_name(const fix_site *site, TSNode scope, const char *base, char *buf, size_t cap);

/* site->call as a whole statement a rewrite may replace with lines. */
typedef struct {
  TSNode stmt;         /* the expression_statement */
  TSNode target;       /* `target = call`: identifier, attribute or subscript; else null */
  TSNode scope;        /* the enclosing function */
  uint32_t line_start; /* the statement starts its line: its indentation runs from here */
} fix_statement;

/* 0 when the call is `call` or `target = call` on a line of its own, in an
 * async def's body, with no comment inside; -1 otherwise. */
int fix_statement_of(const fix_site *site, fix_statement *st);

/* fix_file.c: open(p).read() / open(p, "w").write(d) -> pathlib in a
 * worker thread, or trio.Path / anyio.Path. */
int fix_rewrite_whole_file(const fix_site *site, ar_fix_list *out);

/* fix_async_file.c: `with open(p) as f:` -> aiofiles / anyio / trio async
 * files, awaiting f's methods in the block. */
int fix_rewrite_async_file(const fix_site *site, ar_fix_list *out);

/* fix_handler.c: an async route handler that awaits nothing -> a plain
 * def, which the web framework runs in its thread pool. */
int fix_rewrite_plain_handler(const fix_site *site, ar_fix_list *out);
/* The same fix, preferred, for the ARD300 hint on the handler's name
 * (site->path leads to the name). */
int fix_plain_handler_hint(const fix_site *site, ar_fix_list *out);

/* fix_http.c: requests.<verb>(...) -> async with httpx.AsyncClient(). */
int fix_rewrite_httpx(const fix_site *site, ar_fix_list *out);

/* fix_http_client.c: `with requests.Session() as s:` / `with
 * httpx.Client(...) as c:` -> `async with` an httpx.AsyncClient built in a
 * worker thread, awaiting the requests made through it in the block. */
int fix_rewrite_http_client(const fix_site *site, ar_fix_list *out);

/* fix_http_args.c: whether name[0, len) is a request method both requests
 * and httpx have (get, post, ..., request). */
bool fix_http_is_verb(const char *name, size_t len);
/* The argument_list `args` of a requests request `verb` as httpx's method
 * takes it, `(` to `)` with comments and line breaks kept, in *out (caller
 * frees). requests' defaults httpx lacks are added: with `client_defaults`
 * the client was built to follow redirects with no timeout, so only HEAD's
 * not following is. Returns 0; 1 when an argument has no faithful httpx
 * equivalent (positional beyond the URL, a splat, a body for a method whose
 * httpx form takes none, verify, stream, files, ...); -1 when out of
 * memory. */
int fix_http_request_args(const fix_site *site, TSNode args, const char *verb,
                          bool client_defaults, char **out);

/* fix_process.c: subprocess.run / call / check_call / check_output and
 * os.system -> asyncio.create_subprocess_exec / _shell. */
int fix_rewrite_subprocess(const fix_site *site, ar_fix_list *out);

/* fix_run_process.c: the same calls in trio and anyio files -> await
 * trio.run_process / anyio.run_process. */
int fix_rewrite_run_process(const fix_site *site, ar_fix_list *out);

#endif
