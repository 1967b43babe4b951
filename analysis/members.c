#include "members.h"

#include <stdio.h>
#include <string.h>

#include "interproc.h"

/* Objects hold objects a few levels deep; the bound also ends attributes
 * bound to each other (`self.a = self.b`, `self.b = self.a`). */
enum { EXPAND_DEPTH_MAX = 8 };

static int fitted(int n, size_t cap) { return n > 0 && (size_t)n < cap ? n : -1; }

int members_attr_name(char *buf, size_t cap, const char *cls, size_t cls_len, const char *attr,
                      size_t attr_len, bool declared) {
  return fitted(snprintf(buf, cap, "%.*s%c%.*s", (int)cls_len, cls, declared ? ':' : '.',
                         (int)attr_len, attr),
                cap);
}

int members_return_name(char *buf, size_t cap, const char *key, size_t key_len) {
  return fitted(snprintf(buf, cap, "%.*s()", (int)key_len, key), cap);
}

int members_base_name(char *buf, size_t cap, const char *cls, size_t cls_len) {
  return fitted(snprintf(buf, cap, "%.*s<", (int)cls_len, cls), cap);
}

static size_t name_end(const char *text, size_t at) {
  while (text[at] && text[at] != '.' && text[at] != '(') at++;
  return at;
}

static bool is_call(const char *text) { return text[0] == '(' && text[1] == ')'; }

static int add(scope_alts *out, const char *a, size_t a_len, const char *b) {
  size_t b_len = strlen(b);
  if (a_len + b_len + 1 > SCOPE_QUALIFIED_MAX) return -1;
  char joined[SCOPE_QUALIFIED_MAX];
  memcpy(joined, a, a_len);
  memcpy(joined + a_len, b, b_len + 1);
  for (size_t i = 0; i < out->count; i++)
    if (strcmp(out->text[i], joined) == 0) return 0;
  if (out->count == SCOPE_ALTS_MAX) return -1;
  memcpy(out->text[out->count++], joined, a_len + b_len + 1);
  return 0;
}

static int expand(scope_resolver *r, const scope *module, const char *text, scope_alts *out,
                  int depth);

/* The binding of member `name` (kind and target), or -1. */
static int lookup(scope_resolver *r, const char *name, int len, const char **target) {
  if (len < 0) return -1;
  return scope_module_binding(r, name, (size_t)len, target);
}

/* What `text` stands for when the member bound to `target` replaces its
 * first `prefix_len` bytes: the target is resolved from the module (it was
 * recorded as the class or function saw it) and what follows is expanded. */
static int substitute(scope_resolver *r, const scope *module, const char *target,
                      const char *text, size_t prefix_len, scope_alts *out, int depth) {
  const char *rest = text + prefix_len;
  if (strncmp(target, IP_SELF_PREFIX, IP_SELF_PREFIX_LEN) == 0) {
    char joined[SCOPE_QUALIFIED_MAX];
    if (fitted(snprintf(joined, sizeof joined, "%s%s", target, rest), sizeof joined) < 0)
      return add(out, text, strlen(text), "");
    return expand(r, module, joined, out, depth + 1);
  }
  scope_alts values;
  if (scope_qualify_at(r, module, target, strlen(target), NULL, &values) <= 0)
    return add(out, text, strlen(text), "");
  for (size_t i = 0; i < values.count; i++) {
    char joined[SCOPE_QUALIFIED_MAX];
    if (fitted(snprintf(joined, sizeof joined, "%s%s", values.text[i], rest), sizeof joined) < 0)
      return -1;
    if (expand(r, module, joined, out, depth + 1) < 0) return -1;
  }
  return 0;
}

static bool follows(int kind) { return kind == BIND_EXPR || kind == BIND_IMPORT; }

/*
 * `text` is `@.C()` followed by `.attr...`, at `attr`: an instance of C.
 * Its declared type wins, then what the class binds; a method stays a
 * helper (`@.C.m`) unless its result is used; a name the class does not
 * bind comes from its base.
 */
static int expand_instance(scope_resolver *r, const scope *module, const char *text,
                           const char *cls, size_t cls_len, size_t attr, scope_alts *out,
                           int depth) {
  char name[SCOPE_QUALIFIED_MAX];
  size_t attr_end = name_end(text, attr);
  const char *target;
  int len = members_attr_name(name, sizeof name, cls, cls_len, text + attr, attr_end - attr, true);
  if (lookup(r, name, len, &target) == BIND_EXPR)
    return substitute(r, module, target, text, attr_end, out, depth);
  len = members_attr_name(name, sizeof name, cls, cls_len, text + attr, attr_end - attr, false);
  int kind = lookup(r, name, len, &target);
  if (kind == BIND_EXPR) return substitute(r, module, target, text, attr_end, out, depth);
  if (kind == BIND_IMPORT && strncmp(target, IP_SELF_PREFIX, IP_SELF_PREFIX_LEN) == 0) {
    const char *rest = text + attr_end;
    if (*rest == '\0') return add(out, target, strlen(target), "");
    if (!is_call(rest)) return add(out, text, strlen(text), "");
    const char *key = target + IP_SELF_PREFIX_LEN;
    len = members_return_name(name, sizeof name, key, strlen(key));
    if (follows(lookup(r, name, len, &target)))
      return substitute(r, module, target, text, attr_end + 2, out, depth);
    return add(out, text, strlen(text), "");
  }
  if (kind == BIND_IMPORT) return substitute(r, module, target, text, attr_end, out, depth);
  if (kind < 0) {
    len = members_base_name(name, sizeof name, cls, cls_len);
    if (lookup(r, name, len, &target) == BIND_EXPR)
      return substitute(r, module, target, text, attr - 1, out, depth);
  }
  return add(out, text, strlen(text), "");
}

static int expand(scope_resolver *r, const scope *module, const char *text, scope_alts *out,
                  int depth) {
  if (depth > EXPAND_DEPTH_MAX || strncmp(text, IP_SELF_PREFIX, IP_SELF_PREFIX_LEN) != 0)
    return add(out, text, strlen(text), "");
  size_t start = IP_SELF_PREFIX_LEN, end = name_end(text, start);
  const char *name_text = text + start;
  size_t name_len = end - start;
  char name[SCOPE_QUALIFIED_MAX];
  const char *target;
  if (is_call(text + end)) {
    /* A function's result, or else a new instance of a class. */
    int len = members_return_name(name, sizeof name, name_text, name_len);
    int kind = lookup(r, name, len, &target);
    if (follows(kind)) return substitute(r, module, target, text, end + 2, out, depth);
    if (kind < 0 && text[end + 2] == '.')
      return expand_instance(r, module, text, name_text, name_len, end + 3, out, depth);
    return add(out, text, strlen(text), "");
  }
  if (text[end] == '.') {
    /* `C.m` itself, the result of `C.m()`, or a class attribute. */
    size_t member_end = name_end(text, end + 1);
    bool called = is_call(text + member_end);
    int len = called ? members_return_name(name, sizeof name, name_text, member_end - start)
                     : members_attr_name(name, sizeof name, name_text, name_len, text + end + 1,
                                         member_end - end - 1, false);
    int kind = lookup(r, name, len, &target);
    if (kind == BIND_EXPR || (called && kind == BIND_IMPORT))
      return substitute(r, module, target, text, member_end + (called ? 2 : 0), out, depth);
    if (called)
      kind = lookup(r, name,
                    members_attr_name(name, sizeof name, name_text, name_len, text + end + 1,
                                      member_end - end - 1, false),
                    &target);
    /* What the class does not bind it inherits (`Item.objects` of a model). */
    len = members_base_name(name, sizeof name, name_text, name_len);
    if (kind < 0 && lookup(r, name, len, &target) == BIND_EXPR)
      return substitute(r, module, target, text, end, out, depth);
  }
  return add(out, text, strlen(text), "");
}

int members_expand(scope_resolver *r, const scope *module, const char *text, scope_alts *out) {
  return expand(r, module, text, out, 0);
}
