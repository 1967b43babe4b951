/*
 * requests.<verb>(...) -> `async with httpx.AsyncClient() as client:` and
 * `await client.<verb>(...)`, for a call that is a statement of its own
 * (`r = requests.get(...)` or a bare call); the following lines of the block
 * stay as they are, since the response is read in full before the client
 * closes. The arguments are translated by fix_http_request_args
 * (fix_http_args.c): requests' defaults that httpx does not share are
 * spelled out (redirects are followed, no timeout), keywords httpx spells
 * differently renamed, and anything that cannot be translated faithfully
 * (session-level options such as verify or proxies, streaming, files, a
 * `data` whose type is unknown) gets no httpx fix. The client is
 * built in a worker thread: its SSL setup loads the CA certificates, which
 * stalls the loop for tens of milliseconds.
 */

#include <stdlib.h>
#include <string.h>

#include "fix_rewrite.h"

int fix_rewrite_httpx(const fix_site *site, ar_fix_list *out) {
  const char *callee = site->finding->callee;
  if (strncmp(callee, "requests.", 9) != 0 || !fix_http_is_verb(callee + 9, strlen(callee + 9)))
    return 0;
  const char *verb = callee + 9;
  fix_statement st;
  if (fix_statement_of(site, &st) < 0) return 0;
  char *args_s;
  int rc = fix_http_request_args(site, site->args, verb, false, &args_s);
  if (rc != 0) return rc < 0 ? -1 : 0;

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
  fix_text_printf(&t, "await %s.%s%s", client, verb, args_s);
  free(args_s);
  char *text = fix_text_take(&t);
  rc = text ? fix_edit(fix, stmt_start, ts_node_end_byte(st.stmt), text) : -1;
  free(text);
  return fix_settle(out, fix, rc < 0 ? -1 : 0);
}
