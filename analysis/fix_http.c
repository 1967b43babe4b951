/*
 * requests.<verb>(...) -> `async with httpx.AsyncClient() as client:` and
 * `await client.<verb>(...)`, for a call that is a statement of its own
 * (`r = requests.get(...)` or a bare call); the following lines of the block
 * stay as they are, since the response is read in full before the client
 * closes. requests' defaults that httpx does not share are spelled out
 * (redirects are followed, no timeout), keyword arguments httpx spells
 * differently are translated, and anything that cannot be translated
 * faithfully (session-level options such as verify or proxies, streaming,
 * files, a `data` whose type is unknown) gets no httpx fix. The client is
 * built in a worker thread: its SSL setup loads the CA certificates, which
 * stalls the loop for tens of milliseconds.
 */

#include <stdlib.h>
#include <string.h>

#include "fix_rewrite.h"

/* Keyword arguments that mean the same to httpx's request methods. */
static const char *const same_keywords[] = {"params", "headers", "cookies", "json", "auth",
                                            "timeout"};

static const char *const verbs[] = {"get", "post", "put", "patch", "delete", "head", "options",
                                    "request"};

static bool is_literal_data(TSNode value) {
  return fix_node_is(value, "dictionary") || fix_node_is(value, "string") ||
         fix_node_is(value, "concatenated_string");
}

int fix_rewrite_httpx(const fix_site *site, ar_fix_list *out) {
  const char *callee = site->finding->callee;
  if (strncmp(callee, "requests.", 9) != 0 || !fix_node_is(site->args, "argument_list")) return 0;
  const char *verb = callee + 9;
  bool known = false;
  for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) known |= strcmp(verb, verbs[i]) == 0;
  if (!known) return 0;
  fix_statement st;
  if (fix_statement_of(site, &st) < 0) return 0;

  fix_text args = {0};
  bool redirects_given = false, timeout_given = false, first = true;
  uint32_t n = ts_node_named_child_count(site->args);
  int rc = 0;
  for (uint32_t i = 0; i < n && rc == 0; i++) {
    TSNode arg = ts_node_named_child(site->args, i);
    size_t len;
    const char *text = fix_node_text(site, arg, &len);
    if (fix_node_is(arg, "list_splat") || fix_node_is(arg, "dictionary_splat")) {
      rc = 1;
      break;
    }
    if (!first) fix_text_str(&args, ", ");
    first = false;
    if (!fix_node_is(arg, "keyword_argument")) {
      fix_text_add(&args, text, len);
      continue;
    }
    TSNode name = ts_node_child_by_field_name(arg, "name", 4);
    TSNode value = ts_node_child_by_field_name(arg, "value", 5);
    size_t value_len;
    const char *value_text = fix_node_text(site, value, &value_len);
    bool same = false;
    for (size_t k = 0; k < sizeof same_keywords / sizeof same_keywords[0]; k++)
      same |= fix_text_is(site, name, same_keywords[k]);
    if (fix_text_is(site, name, "timeout")) timeout_given = true;
    if (same) {
      fix_text_add(&args, text, len);
    } else if (fix_text_is(site, name, "allow_redirects")) {
      redirects_given = true;
      fix_text_str(&args, "follow_redirects=");
      fix_text_add(&args, value_text, value_len);
    } else if (fix_text_is(site, name, "data") && fix_node_is(value, "dictionary")) {
      fix_text_add(&args, text, len); /* form fields: httpx's data= too */
    } else if (fix_text_is(site, name, "data") && is_literal_data(value)) {
      fix_text_str(&args, "content="); /* a raw body: httpx's content= */
      fix_text_add(&args, value_text, value_len);
    } else {
      rc = 1; /* verify, proxies, stream, files, a data of unknown type, ... */
    }
  }
  /* httpx's delete() takes no body; requests.head never follows redirects
   * by default, the others do. httpx has a 5 s default timeout, requests
   * none. */
  if (rc == 0 && strcmp(verb, "delete") == 0 && strstr(args.data ? args.data : "", "content="))
    rc = 1;
  if (rc == 0 && !redirects_given && strcmp(verb, "head") != 0)
    fix_text_str(&args, first ? "follow_redirects=True" : ", follow_redirects=True"), first = false;
  if (rc == 0 && !timeout_given) fix_text_str(&args, first ? "timeout=None" : ", timeout=None");
  char *args_s = fix_text_take(&args);
  if (rc != 0 || !args_s) {
    free(args_s);
    return args_s || rc ? 0 : -1;
  }

  ar_fix *fix = fix_begin(out, AR_FIX_UNSAFE, false, "Use httpx.AsyncClient");
  const char *httpx = fix ? fix_module_name(site, fix, "httpx") : NULL;
  const char *lib = ar_library_name(site->lib);
  const char *ns = httpx ? fix_module_name(site, fix, lib) : NULL;
  if (!fix || !httpx || !ns) {
    free(args_s);
    return fix ? fix_settle(out, fix, -1) : -1;
  }
  char client[32];
  fix_fresh_name(site, st.scope, "client", client, sizeof client);
  const char *src = site->cx->source;
  uint32_t stmt_start = ts_node_start_byte(st.stmt);
  int indent_len = (int)(stmt_start - st.line_start);
  const char *indent = src + st.line_start;
  /* One more level in the style the file already uses. */
  const char *step = memchr(indent, '\t', (size_t)indent_len) ? "\t" : "    ";
  fix_text t = {0};
  fix_text_printf(&t, "async with await %s.%s(%s.AsyncClient) as %s:%s%.*s%s", ns,
                  site->lib == AR_LIB_ASYNCIO ? "to_thread" : "to_thread.run_sync", httpx, client,
                  site->eol, indent_len, indent, step);
  if (!ts_node_is_null(st.target)) {
    size_t len;
    const char *target = fix_node_text(site, st.target, &len);
    fix_text_add(&t, target, len);
    fix_text_str(&t, " = ");
  }
  fix_text_printf(&t, "await %s.%s(%s)", client, verb, args_s);
  free(args_s);
  char *text = fix_text_take(&t);
  rc = text ? fix_edit(fix, stmt_start, ts_node_end_byte(st.stmt), text) : -1;
  free(text);
  return fix_settle(out, fix, rc < 0 ? -1 : 0);
}
