#include "route.h"

#include <stdlib.h>
#include <string.h>

#include "syntax.h"

static const char *const app_constructors[] = {
#define AR_ROUTE_APP(constructor) constructor,
#include "routes.def"
#undef AR_ROUTE_APP
};
static const char *const route_methods[] = {
#define AR_ROUTE_METHOD(name) name,
#include "routes.def"
#undef AR_ROUTE_METHOD
};
static const char *const frameworks[] = {
#define AR_ROUTE_FRAMEWORK(module) module,
#include "routes.def"
#undef AR_ROUTE_FRAMEWORK
};
static const char *const loop_names[] = {
#define AR_ROUTE_NEEDS_LOOP(name) name,
#include "routes.def"
#undef AR_ROUTE_NEEDS_LOOP
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum { OBJECT_MAX = 256 };

static bool text_is(TSNode n, const char *source, const char *word) {
  uint32_t start = ts_node_start_byte(n), len = ts_node_end_byte(n) - start;
  return strlen(word) == len && memcmp(source + start, word, len) == 0;
}

static bool in_list(TSNode n, const char *source, const char *const *list, size_t count) {
  for (size_t i = 0; i < count; i++)
    if (text_is(n, source, list[i])) return true;
  return false;
}

/* `a.b.c` as text without the spaces or line breaks it may hold, when the
 * expression is only identifiers and attributes; else false. */
static bool object_chain(TSNode n, const char *source, char *buf, size_t cap) {
  const syn_ids *id = syn_get();
  for (TSNode at = n; ts_node_symbol(at) != id->identifier;
       at = ts_node_child_by_field_id(at, id->f_object))
    if (ts_node_is_null(at) || ts_node_symbol(at) != id->attribute) return false;
  uint32_t start = ts_node_start_byte(n), end = ts_node_end_byte(n);
  size_t out = 0;
  for (uint32_t i = start; i < end; i++) {
    char c = source[i];
    if (c == ' ' || c == '\t' || c == '\\' || c == '\n' || c == '\r') continue;
    if (out + 1 >= cap) return false;
    buf[out++] = c;
  }
  buf[out] = '\0';
  return out > 0;
}

/* The object of a `@<object>.<route method>(...)` decorator, or a null node. */
static TSNode route_object(TSNode decorator, const char *source) {
  const syn_ids *id = syn_get();
  TSNode call = ts_node_named_child(decorator, 0);
  if (ts_node_is_null(call) || ts_node_symbol(call) != id->call) return (TSNode){0};
  TSNode fn = ts_node_child_by_field_id(call, id->f_function);
  if (ts_node_is_null(fn) || ts_node_symbol(fn) != id->attribute) return (TSNode){0};
  TSNode method = ts_node_child_by_field_id(fn, id->f_attribute);
  if (ts_node_is_null(method) || !in_list(method, source, route_methods, COUNT(route_methods)))
    return (TSNode){0};
  return ts_node_child_by_field_id(fn, id->f_object);
}

/* Whether the body, nested functions and lambdas aside (their bodies do not
 * run as part of the handler), could only run as a coroutine; *nested tells
 * whether there were any. */
static bool body_needs_coroutine(TSNode body, const char *source, bool *nested) {
  const syn_ids *id = syn_get();
  TSTreeCursor c = ts_tree_cursor_new(body);
  bool needs = false, more = true;
  while (more && !needs) {
    TSNode n = ts_tree_cursor_current_node(&c);
    TSSymbol sym = ts_node_symbol(n);
    if (sym == id->function_definition || sym == id->lambda) {
      *nested = true;
      more = syn_cursor_skip(&c);
      continue;
    }
    needs = sym == id->await || sym == id->yield || sym == id->kw_async ||
            (sym == id->identifier && in_list(n, source, loop_names, COUNT(loop_names)));
    more = syn_cursor_next(&c);
  }
  ts_tree_cursor_delete(&c);
  return needs;
}

int route_handler_describe(TSNode node, const char *source, route_handler *out) {
  const syn_ids *id = syn_get();
  *out = (route_handler){0};
  if (ts_node_symbol(node) != id->decorated_definition) return 0;
  TSNode def = ts_node_child_by_field_id(node, id->f_definition);
  if (ts_node_is_null(def) || ts_node_symbol(def) != id->function_definition) return 0;
  TSNode first = ts_node_child(def, 0);
  TSNode name = ts_node_child_by_field_id(def, id->f_name);
  TSNode body = ts_node_child_by_field_id(def, id->f_body);
  if (ts_node_is_null(first) || ts_node_symbol(first) != id->kw_async || ts_node_is_null(name) ||
      ts_node_is_null(body))
    return 0;
  char object[OBJECT_MAX];
  bool route = false, nested = false;
  uint32_t n = ts_node_named_child_count(node);
  for (uint32_t i = 0; i < n && !route; i++) {
    TSNode decorator = ts_node_named_child(node, i);
    if (ts_node_symbol(decorator) != id->decorator) continue;
    TSNode obj = route_object(decorator, source);
    route = !ts_node_is_null(obj) && object_chain(obj, source, object, sizeof object);
  }
  if (!route || body_needs_coroutine(body, source, &nested)) return 0;
  out->object = strdup(object);
  if (!out->object) return -1;
  out->def_start = ts_node_start_byte(def);
  out->name_start = ts_node_start_byte(name);
  out->name_end = ts_node_end_byte(name);
  out->body_start = ts_node_start_byte(body);
  out->body_end = ts_node_end_byte(body);
  out->nested = nested;
  return 1;
}

typedef struct {
  bool found;
} framework_scan;

static void note_framework(void *ctx, const char *name, const char *target) {
  (void)name;
  framework_scan *scan = ctx;
  for (size_t i = 0; i < COUNT(frameworks) && !scan->found; i++) {
    size_t len = strlen(frameworks[i]);
    scan->found = strncmp(target, frameworks[i], len) == 0 &&
                  (target[len] == '\0' || target[len] == '.');
  }
}

bool route_object_is_app(const scope_table *module, const char *object) {
  scope *s = scope_new(SCOPE_MODULE, false, NULL);
  if (!s) return false;
  scope_resolver r = {.module = module};
  char qualified[SCOPE_QUALIFIED_MAX];
  int len = scope_qualify(&r, s, object, strlen(object), qualified, sizeof qualified);
  free(r.lookups);
  scope_free(s);
  if (len <= 0) return false;
  for (size_t i = 0; i < COUNT(app_constructors); i++)
    if (strcmp(qualified, app_constructors[i]) == 0) return true;
  /* Made by another call, a builtin (never bound), or a framework's own
   * module or class: not an app this file can vouch for. */
  if (strchr(qualified, '(') || strncmp(qualified, "builtins.", 9) == 0) return false;
  framework_scan own = {false};
  note_framework(&own, "", qualified);
  if (own.found) return false;
  framework_scan scan = {false};
  scope_table_each_import(module, note_framework, &scan);
  return scan.found;
}

/* Whether bytes [start, end) of `tree` lie in the handler's own body: the
 * innermost function body around them is the one of the function that
 * starts at def_start. */
static bool in_own_body(const TSTree *tree, uint32_t def_start, uint32_t start, uint32_t end) {
  const syn_ids *id = syn_get();
  TSNode n = ts_node_descendant_for_byte_range(ts_tree_root_node(tree), start, end);
  for (TSNode parent = ts_node_parent(n); !ts_node_is_null(parent);
       n = parent, parent = ts_node_parent(n)) {
    TSSymbol sym = ts_node_symbol(parent);
    if ((sym == id->function_definition || sym == id->lambda) &&
        ts_node_eq(ts_node_child_by_field_id(parent, id->f_body), n))
      return ts_node_start_byte(parent) == def_start;
  }
  return false;
}

static int compare_body(const void *key, const void *item) {
  uint32_t at = *(const uint32_t *)key;
  const route_handler *h = item;
  return at < h->body_start ? -1 : at >= h->body_end ? 1 : 0;
}

int route_hints(const scope_table *module, const route_handler *handlers, size_t n,
                const ar_finding *findings, size_t count, const char *source, const TSTree *tree,
                ar_finding **hints, size_t *hint_count, size_t *hint_cap) {
  bool *blocks = calloc(n ? n : 1, sizeof *blocks);
  if (!blocks) return -1;
  /* Findings in any order; each is looked up among the sorted bodies. */
  for (size_t i = 0; i < count; i++) {
    const route_handler *h = bsearch(&findings[i].start, handlers, n, sizeof *handlers, compare_body);
    size_t k = h ? (size_t)(h - handlers) : 0;
    /* Without nested functions, every finding in the body is the handler's
     * own; with them, the tree says whose body holds it. */
    if (h && !blocks[k])
      blocks[k] = !h->nested || in_own_body(tree, h->def_start, findings[i].start, findings[i].end);
  }
  int rc = 0;
  for (size_t k = 0; k < n && rc == 0; k++) {
    const route_handler *h = &handlers[k];
    if (!blocks[k] || !route_object_is_app(module, h->object)) continue;
    if (*hint_count == *hint_cap) {
      size_t cap = *hint_cap ? *hint_cap * 2 : 8;
      ar_finding *grown = realloc(*hints, cap * sizeof *grown);
      if (!grown) {
        rc = -1;
        break;
      }
      *hints = grown;
      *hint_cap = cap;
    }
    char *name = strndup(source + h->name_start, h->name_end - h->name_start);
    if (!name) {
      rc = -1;
      break;
    }
    (*hints)[(*hint_count)++] = (ar_finding){.start = h->name_start,
                                             .end = h->name_end,
                                             .rule = ar_rule_get(AR_RULE_ARD300),
                                             .callee = name};
  }
  free(blocks);
  return rc;
}
