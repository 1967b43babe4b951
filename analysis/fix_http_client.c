/*
 * ARD105: `with requests.Session() as s:` or `with httpx.Client(...) as c:`
 * and its block -> `async with await asyncio.to_thread(httpx.AsyncClient,
 * ...) as s:` (trio/anyio: `to_thread.run_sync`, with functools.partial
 * for arguments), awaiting each request made through the name in the
 * block. The client is built in a worker thread because its SSL setup
 * loads the CA certificates (see fix_http.c).
 *
 * A requests.Session becomes a client with requests' defaults (redirects
 * followed, no timeout; HEAD requests, which requests does not redirect,
 * get `follow_redirects=False`), and its requests' arguments are translated
 * as fix_http.c translates `requests.get`'s. An httpx.Client keeps its
 * arguments: AsyncClient takes the same ones, except for those holding sync
 * objects (transport, mounts, event_hooks, app), which get no fix.
 *
 * The name may be used in the block only as the object of a request
 * (`s.get(...)`, awaited, in parentheses where precedence needs them) or of
 * `s.headers.update(...)` / `s.headers[k] = v` (httpx's Headers is a
 * mutable mapping too), outside nested functions, lambdas, classes and
 * generator expressions; anywhere else in the function (after the block,
 * or before it in a loop) it would still be expected to be a sync client,
 * so any other use refuses the fix.
 *
 * The fix takes part in fix-all (it is not `alone`): the only other fixes
 * that would be unsound next to it are those of the block's requests
 * themselves (ASYNC210 / ASYNC212: a worker thread would be handed an
 * AsyncClient's coroutine function), and each of those inserts at the
 * request's start, where this fix inserts its `await`, so ar_fix_merge
 * keeps just one of the two; this one comes first, its finding being on
 * the `with` line above them. Every other fix in the block leaves the
 * client's name alone and composes with it.
 */

#include <stdlib.h>
#include <string.h>

#include "fix_rewrite.h"
#include "syntax.h"

typedef enum { CLIENT_REQUESTS, CLIENT_HTTPX } client_kind;

/* The constructors ARD105 flags (types.def's `__enter__` rows) that this
 * rewrite knows, by qualified name. */
static const struct {
  const char *name;
  client_kind kind;
} constructors[] = {
    {"requests.Session", CLIENT_REQUESTS},
    {"requests.session", CLIENT_REQUESTS},
    {"requests.sessions.Session", CLIENT_REQUESTS},
    {"httpx.Client", CLIENT_HTTPX},
};

/* httpx.Client arguments whose values are sync objects an AsyncClient
 * cannot take (sync transports, WSGI apps, sync hook functions). */
static const char *const sync_only_arguments[] = {"transport", "mounts", "event_hooks", "app"};

typedef struct {
  TSNode call;       /* a request through the client */
  bool parens;       /* `(await ...)` */
  char *args;        /* its translated argument list; NULL: unchanged */
} client_use;

typedef struct {
  client_use *items;
  size_t count, cap;
} client_uses;

static void uses_free(client_uses *u) {
  for (size_t i = 0; i < u->count; i++) free(u->items[i].args);
  free(u->items);
}

/* --- the constructor ----------------------------------------------------- */

typedef struct {
  const char *head;
  size_t head_len;
  const char *target; /* what `head` is imported as, if it is */
} import_lookup;

static void match_import(void *ctx, const char *name, const char *target) {
  import_lookup *l = ctx;
  if (strlen(name) == l->head_len && memcmp(name, l->head, l->head_len) == 0) l->target = target;
}

static bool is_dotted_name(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!(s[i] == '.' || s[i] == '_' || (s[i] >= 'a' && s[i] <= 'z') ||
          (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
      return false;
  return n > 0;
}

/* Which client the callee constructs, through the module's imports
 * (`import requests as rq`, `from httpx import Client`); -1 when it is
 * not one of the constructors (a factory of the user's returning one). */
static int constructor_kind(const fix_site *site) {
  size_t len;
  const char *text = fix_node_text(site, site->function, &len);
  if (!is_dotted_name(text, len)) return -1;
  const char *dot = memchr(text, '.', len);
  import_lookup l = {text, dot ? (size_t)(dot - text) : len, NULL};
  ar_analysis_each_import(site->cx->analysis, match_import, &l);
  if (!l.target) return -1;
  size_t target_len = strlen(l.target), rest = len - l.head_len;
  for (size_t i = 0; i < sizeof constructors / sizeof constructors[0]; i++) {
    const char *name = constructors[i].name;
    if (strlen(name) == target_len + rest && memcmp(name, l.target, target_len) == 0 &&
        memcmp(name + target_len, text + l.head_len, rest) == 0)
      return (int)constructors[i].kind;
  }
  return -1;
}

/* Whether the constructor's arguments carry over: none for requests (a
 * Session takes none), keywords other than the sync-only ones for httpx. */
static bool arguments_carry_over(const fix_site *site, client_kind kind) {
  uint32_t n = ts_node_named_child_count(site->args);
  for (uint32_t i = 0; i < n; i++) {
    TSNode arg = ts_node_named_child(site->args, i);
    if (fix_node_is(arg, "comment")) continue;
    if (kind == CLIENT_REQUESTS || !fix_node_is(arg, "keyword_argument")) return false;
    TSNode name = ts_node_child_by_field_name(arg, "name", 4);
    for (size_t k = 0; k < sizeof sync_only_arguments / sizeof sync_only_arguments[0]; k++)
      if (fix_text_is(site, name, sync_only_arguments[k])) return false;
  }
  return true;
}

/* --- the uses of the name ------------------------------------------------ */

static bool field_is(TSNode parent, const char *field, TSNode child) {
  return ts_node_eq(ts_node_child_by_field_name(parent, field, (uint32_t)strlen(field)), child);
}

static bool within(TSNode n, TSNode outer) {
  return ts_node_start_byte(outer) <= ts_node_start_byte(n) &&
         ts_node_end_byte(n) <= ts_node_end_byte(outer);
}

/* `s.headers.update(...)` or `s.headers[k] = v`, with `headers` the
 * attribute node under s. */
static bool is_headers_update(const fix_site *site, TSNode headers) {
  if (!fix_text_is(site, ts_node_child_by_field_name(headers, "attribute", 9), "headers"))
    return false;
  TSNode up = ts_node_parent(headers), top = ts_node_parent(up);
  if (fix_node_is(up, "attribute") && field_is(up, "object", headers))
    return fix_text_is(site, ts_node_child_by_field_name(up, "attribute", 9), "update") &&
           fix_node_is(top, "call") && field_is(top, "function", up);
  return fix_node_is(up, "subscript") && field_is(up, "value", headers) &&
         fix_node_is(top, "assignment") && field_is(top, "left", up);
}

/* The request `s.<verb>(...)` that the identifier n is the object of, or a
 * null node. */
static TSNode request_of(const fix_site *site, TSNode n, client_kind kind, size_t *verb_len,
                         const char **verb) {
  TSNode attr = ts_node_parent(n), call = ts_node_parent(attr);
  if (!fix_node_is(attr, "attribute") || !field_is(attr, "object", n) ||
      !fix_node_is(call, "call") || !field_is(call, "function", attr))
    return (TSNode){0};
  *verb = fix_node_text(site, ts_node_child_by_field_name(attr, "attribute", 9), verb_len);
  bool known = fix_http_is_verb(*verb, *verb_len) ||
               (kind == CLIENT_HTTPX && *verb_len == 4 && memcmp(*verb, "send", 4) == 0);
  /* Already awaited, or entered with `with` (httpx's Response is no
   * context manager): nothing the rewrite can keep. */
  TSNode up = ts_node_parent(call);
  if (!known || fix_node_is(up, "await") || fix_node_is(up, "with_item") ||
      fix_node_is(up, "as_pattern"))
    return (TSNode){0};
  return call;
}

static int add_use(client_uses *u, client_use use) {
  if (u->count == u->cap) {
    size_t cap = u->cap ? u->cap * 2 : 8;
    client_use *grown = realloc(u->items, cap * sizeof *grown);
    if (!grown) return -1;
    u->items = grown;
    u->cap = cap;
  }
  u->items[u->count++] = use;
  return 0;
}

/* One use of the name in the block; 1 when it cannot follow the client
 * into async. */
static int classify(const fix_site *site, TSNode n, TSNode body, client_kind kind,
                    client_uses *u) {
  for (TSNode a = ts_node_parent(n); !ts_node_is_null(a) && !ts_node_eq(a, body);
       a = ts_node_parent(a))
    if (fix_node_is(a, "function_definition") || fix_node_is(a, "lambda") ||
        fix_node_is(a, "class_definition") ||
        /* await there turns the generator into an async one */
        fix_node_is(a, "generator_expression"))
      return 1;
  TSNode parent = ts_node_parent(n);
  if (fix_node_is(parent, "attribute") && field_is(parent, "object", n) &&
      is_headers_update(site, parent))
    return 0;
  size_t verb_len = 0;
  const char *verb_text = NULL;
  TSNode call = request_of(site, n, kind, &verb_len, &verb_text);
  if (ts_node_is_null(call)) return 1;
  client_use use = {call, fix_needs_parens_at(call, ts_node_parent(call)), NULL};
  if (kind == CLIENT_REQUESTS) {
    char verb[16];
    memcpy(verb, verb_text, verb_len);
    verb[verb_len] = '\0';
    TSNode args = ts_node_child_by_field_name(call, "arguments", 9);
    int rc = fix_http_request_args(site, args, verb, true, &use.args);
    if (rc != 0) return rc;
    size_t len;
    const char *was = fix_node_text(site, args, &len);
    if (strlen(use.args) == len && memcmp(use.args, was, len) == 0) {
      free(use.args);
      use.args = NULL;
    }
  }
  if (add_use(u, use) < 0) {
    free(use.args);
    return -1;
  }
  return 0;
}

/* Classifies every occurrence of `name` in `fn`, the async def around the
 * `with`; 1 when one stops the rewrite, -1 when out of memory. */
static int collect_uses(const fix_site *site, TSNode fn, TSNode with, TSNode name,
                        client_kind kind, client_uses *u) {
  size_t name_len;
  const char *name_text = fix_node_text(site, name, &name_len);
  TSNode body = ts_node_child_by_field_name(with, "body", 4);
  TSTreeCursor c = ts_tree_cursor_new(fn);
  int rc = 0;
  for (bool more = true; more && rc == 0; more = syn_cursor_next(&c)) {
    TSNode n = ts_tree_cursor_current_node(&c);
    size_t len;
    const char *text = fix_node_text(site, n, &len);
    if (!fix_node_is(n, "identifier") || len != name_len || memcmp(text, name_text, len) != 0 ||
        ts_node_eq(n, name))
      continue;
    TSNode parent = ts_node_parent(n);
    if ((fix_node_is(parent, "attribute") && !field_is(parent, "object", n)) ||
        (fix_node_is(parent, "keyword_argument") && field_is(parent, "name", n)))
      continue; /* `x.s` or `g(s=1)`: not the client */
    rc = within(n, body) ? classify(site, n, body, kind, u) : 1;
  }
  ts_tree_cursor_delete(&c);
  return rc;
}

/* --- the rewrite --------------------------------------------------------- */

/* `await asyncio.to_thread(httpx.AsyncClient, ...)` in place of the
 * constructor call: an httpx.Client's arguments stay where they are (with
 * comments and line breaks), requests gets its defaults spelled out. */
static int replace_constructor(const fix_site *site, ar_fix *fix, client_kind kind) {
  const char *httpx = fix_module_name(site, fix, "httpx");
  const char *ns = httpx ? fix_module_name(site, fix, ar_library_name(site->lib)) : NULL;
  if (!ns) return -1;
  bool asyncio = site->lib == AR_LIB_ASYNCIO;
  bool has_args = kind == CLIENT_REQUESTS || !ts_node_is_null(fix_first_argument(site->args));
  /* trio's and anyio's run_sync take no keyword arguments */
  const char *functools = has_args && !asyncio ? fix_module_name(site, fix, "functools") : "";
  if (!functools) return -1;
  fix_text head = {0};
  fix_text_printf(&head, "await %s.%s(%s%s%s.AsyncClient", ns,
                  asyncio ? "to_thread" : "to_thread.run_sync", functools,
                  *functools ? ".partial(" : "", httpx);
  uint32_t call_start = ts_node_start_byte(site->call), call_end = ts_node_end_byte(site->call);
  uint32_t args_start = ts_node_start_byte(site->args);
  uint32_t end = call_end;
  if (kind == CLIENT_REQUESTS) {
    fix_text_printf(&head, ", follow_redirects=True, timeout=None)%s", *functools ? ")" : "");
  } else {
    /* The call's `(` becomes the separator; its `)` closes to_thread's. */
    char next = site->cx->source[args_start + 1];
    if (has_args)
      fix_text_str(&head, next == ' ' || next == '\t' || next == '\r' || next == '\n' || next == '#'
                              ? ","
                              : ", ");
    end = args_start + 1;
  }
  char *text = fix_text_take(&head);
  int rc = text ? fix_edit(fix, call_start, end, text) : -1;
  if (rc == 0 && kind == CLIENT_HTTPX && has_args && *functools)
    rc = fix_edit(fix, call_end, call_end, ")");
  free(text);
  return rc;
}

static int await_uses(ar_fix *fix, const client_uses *u) {
  for (size_t i = 0; i < u->count; i++) {
    const client_use *use = &u->items[i];
    uint32_t start = ts_node_start_byte(use->call), end = ts_node_end_byte(use->call);
    TSNode args = ts_node_child_by_field_name(use->call, "arguments", 9);
    if (fix_edit(fix, start, start, use->parens ? "(await " : "await ") < 0 ||
        (use->args &&
         fix_edit(fix, ts_node_start_byte(args), ts_node_end_byte(args), use->args) < 0) ||
        (use->parens && fix_edit(fix, end, end, ")") < 0))
      return -1;
  }
  return 0;
}

static bool comment_between(const fix_site *site, uint32_t from, uint32_t to) {
  return to > from && memchr(site->cx->source + from, '#', to - from) != NULL;
}

int fix_rewrite_http_client(const fix_site *site, ar_fix_list *out) {
  /* The constructor call as the only item of a plain `with`, with or
   * without `as name`, in an async def's body. */
  if (site->depth < 4 || !fix_await_allowed(site) || !fix_node_is(site->args, "argument_list") ||
      comment_between(site, ts_node_end_byte(site->function), ts_node_start_byte(site->args)))
    return 0;
  size_t i = site->depth - 2;
  TSNode as = site->path[i];
  bool named = fix_node_is(as, "as_pattern");
  if (named) i--;
  if (i < 2) return 0;
  TSNode item = site->path[i], clause = site->path[i - 1], with = site->path[i - 2];
  if (!fix_node_is(item, "with_item") || !fix_node_is(clause, "with_clause") ||
      ts_node_named_child_count(clause) != 1 || !fix_node_is(with, "with_statement") ||
      fix_node_is(ts_node_child(with, 0), "async"))
    return 0;
  TSNode name = {0};
  if (named) {
    name = ts_node_child_by_field_name(as, "alias", 5);
    if (fix_node_is(name, "as_pattern_target")) name = ts_node_named_child(name, 0);
    if (!fix_node_is(name, "identifier")) return 0;
  }
  int kind = constructor_kind(site);
  if (kind < 0 || !arguments_carry_over(site, (client_kind)kind)) return 0;
  TSNode fn = {0};
  for (size_t k = i; k > 0 && ts_node_is_null(fn); k--)
    if (fix_node_is(site->path[k - 1], "function_definition")) fn = site->path[k - 1];
  client_uses u = {0};
  int rc = named ? collect_uses(site, fn, with, name, (client_kind)kind, &u) : 0;
  if (rc != 0) {
    uses_free(&u);
    return rc < 0 ? -1 : 0;
  }
  ar_fix *fix = fix_begin(out, AR_FIX_UNSAFE, true, "Use httpx.AsyncClient");
  rc = fix ? 0 : -1;
  if (rc == 0) rc = fix_edit(fix, ts_node_start_byte(with), ts_node_start_byte(with), "async ");
  if (rc == 0) rc = replace_constructor(site, fix, (client_kind)kind);
  if (rc == 0) rc = await_uses(fix, &u);
  uses_free(&u);
  if (!fix) return -1;
  return fix_settle(out, fix, rc);
}
