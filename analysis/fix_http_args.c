/*
 * One request's arguments, from requests to httpx: shared by the rewrite of
 * `requests.<verb>(...)` (fix_http.c) and of the requests made through a
 * `requests.Session` (fix_http_client.c), whose methods take the same
 * arguments. The argument list keeps its text (comments and line breaks
 * included); only keywords httpx spells differently are renamed and
 * requests' defaults that httpx lacks are appended before the `)`.
 */

#include <stdlib.h>
#include <string.h>

#include "fix_rewrite.h"

static const char *const verbs[] = {"get", "post", "put", "patch", "delete", "head", "options",
                                    "request"};

/* Keyword arguments that mean the same to httpx's request methods. A
 * timeout too: httpx.Timeout takes requests' `(connect, read)` tuple as
 * those two, leaving writes and the pool unbounded as requests does. */
static const char *const same_keywords[] = {"params", "headers", "cookies", "auth", "timeout"};

/* Only these of httpx's methods take a body (data, json, content). */
static const char *const body_verbs[] = {"post", "put", "patch", "request"};

static bool in(const char *word, const char *const *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(word, list[i]) == 0) return true;
  return false;
}

bool fix_http_is_verb(const char *name, size_t len) {
  for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
    if (strlen(verbs[i]) == len && memcmp(verbs[i], name, len) == 0) return true;
  return false;
}

static bool is_literal_body(TSNode value) {
  return fix_node_is(value, "string") || fix_node_is(value, "concatenated_string");
}

int fix_http_request_args(const fix_site *site, TSNode args, const char *verb,
                          bool client_defaults, char **out) {
  *out = NULL;
  if (!fix_node_is(args, "argument_list")) return 1;
  bool body = in(verb, body_verbs, sizeof body_verbs / sizeof body_verbs[0]);
  /* httpx's methods take the URL (and request's method) positionally and
   * nothing else: requests' `get(url, params)` would be a TypeError. */
  uint32_t positional = strcmp(verb, "request") == 0 ? 2 : 1;
  bool redirects = false, timeout = false;
  const char *src = site->cx->source;
  uint32_t at = ts_node_start_byte(args), last_end = at + 1;
  fix_text t = {0};
  uint32_t n = ts_node_named_child_count(args);
  int rc = 0;
  for (uint32_t i = 0; i < n && rc == 0; i++) {
    TSNode arg = ts_node_named_child(args, i);
    if (fix_node_is(arg, "comment")) continue;
    last_end = ts_node_end_byte(arg);
    if (!fix_node_is(arg, "keyword_argument")) {
      if (fix_node_is(arg, "list_splat") || fix_node_is(arg, "dictionary_splat") ||
          positional == 0)
        rc = 1;
      else
        positional--;
      continue;
    }
    TSNode name = ts_node_child_by_field_name(arg, "name", 4);
    TSNode value = ts_node_child_by_field_name(arg, "value", 5);
    const char *rename = NULL;
    timeout |= fix_text_is(site, name, "timeout");
    if (fix_text_is(site, name, "allow_redirects")) {
      redirects = true;
      rename = "follow_redirects";
    } else if (body && fix_text_is(site, name, "data") && is_literal_body(value)) {
      rename = "content"; /* a raw body */
    } else {
      /* json, and data as form fields, are httpx's too */
      bool same = body && (fix_text_is(site, name, "json") ||
                           (fix_text_is(site, name, "data") && fix_node_is(value, "dictionary")));
      for (size_t k = 0; k < sizeof same_keywords / sizeof same_keywords[0]; k++)
        same |= fix_text_is(site, name, same_keywords[k]);
      if (!same) rc = 1; /* verify, proxies, stream, files, a data of unknown type, ... */
    }
    if (rename) {
      fix_text_add(&t, src + at, ts_node_start_byte(name) - at);
      fix_text_str(&t, rename);
      at = ts_node_end_byte(name);
    }
  }
  fix_text_add(&t, src + at, last_end - at);
  /* requests follows redirects except for HEAD and has no timeout; httpx
   * follows none and times out after 5 s. A client built with requests'
   * defaults only needs HEAD's. */
  bool head = strcmp(verb, "head") == 0;
  bool first = last_end == ts_node_start_byte(args) + 1;
  if (!redirects && (client_defaults ? head : !head)) {
    fix_text_printf(&t, "%sfollow_redirects=%s", first ? "" : ", ", head ? "False" : "True");
    first = false;
  }
  if (!timeout && !client_defaults) fix_text_str(&t, first ? "timeout=None" : ", timeout=None");
  fix_text_add(&t, src + last_end, ts_node_end_byte(args) - last_end);
  char *text = fix_text_take(&t);
  if (rc != 0 || !text) {
    free(text);
    return rc != 0 ? 1 : -1;
  }
  *out = text;
  return 0;
}
