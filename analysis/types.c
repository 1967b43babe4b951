#include "types.h"

#include <stdio.h>
#include <string.h>

typedef struct {
  const char *callee, *type;
} factory_row;

typedef struct {
  const char *type, *base;
} base_row;

typedef struct {
  const char *type, *method;
  ar_rule_id rule;
  ar_arg_check args;
} method_row;

typedef struct {
  const char *type, *member, *result;
} member_row;

typedef struct {
  const char *method, *probe;
  bool lasts;
} polled_row;

#define AR_FACTORY(callee, type) {callee, type},
#define AR_BASE(type, base)
#define AR_METHOD(type, method, rule, args)
#define AR_MEMBER(type, member, result)
#define AR_LAZY(name)
#define AR_POLLED(method, probe, lasts)
static const factory_row factories[] = {
#include "types.def"
};
#undef AR_FACTORY
#undef AR_BASE
#define AR_FACTORY(callee, type)
#define AR_BASE(type, base) {type, base},
static const base_row bases[] = {
#include "types.def"
};
#undef AR_BASE
#undef AR_METHOD
#define AR_BASE(type, base)
#define AR_METHOD(type, method, rule, args) {type, method, AR_RULE_##rule, args},
static const method_row methods[] = {
#include "types.def"
};
#undef AR_METHOD
#undef AR_MEMBER
#define AR_METHOD(type, method, rule, args)
#define AR_MEMBER(type, member, result) {type, member, result},
static const member_row members[] = {
#include "types.def"
};
#undef AR_MEMBER
#undef AR_LAZY
#define AR_MEMBER(type, member, result)
#define AR_LAZY(name) name,
static const char *const lazy[] = {
#include "types.def"
};
#undef AR_LAZY
#undef AR_POLLED
#define AR_LAZY(name)
#define AR_POLLED(method, probe, lasts) {method, probe, lasts},
static const polled_row polled[] = {
#include "types.def"
};
#undef AR_POLLED
#undef AR_FACTORY
#undef AR_BASE
#undef AR_METHOD
#undef AR_MEMBER
#undef AR_LAZY

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Inheritance is a few levels deep; the bound also ends a cyclic table. */
enum { BASE_DEPTH_MAX = 4 };

static bool equals(const char *s, size_t len, const char *word) {
  return strlen(word) == len && memcmp(s, word, len) == 0;
}

/* Whether `type` is named anywhere in the table: then its class name is its
 * own factory and its annotation. */
static bool is_known_type(const char *s, size_t len) {
  for (size_t i = 0; i < COUNT(methods); i++)
    if (equals(s, len, methods[i].type)) return true;
  for (size_t i = 0; i < COUNT(members); i++)
    if (equals(s, len, members[i].type)) return true;
  for (size_t i = 0; i < COUNT(bases); i++)
    if (equals(s, len, bases[i].type)) return true;
  return false;
}

static const char *factory_type(const char *callee, size_t len) {
  for (size_t i = 0; i < COUNT(factories); i++) {
    const char *f = factories[i].callee;
    size_t n = strlen(f);
    if (n > 0 && f[n - 1] == '*') {
      if (len >= n && memcmp(callee, f, n - 1) == 0) return factories[i].type;
    } else if (equals(callee, len, f)) {
      return factories[i].type;
    }
  }
  for (size_t i = 0; i < COUNT(methods); i++)
    if (equals(callee, len, methods[i].type)) return methods[i].type;
  if (!is_known_type(callee, len)) return NULL;
  for (size_t i = 0; i < COUNT(members); i++)
    if (equals(callee, len, members[i].type)) return members[i].type;
  for (size_t i = 0; i < COUNT(bases); i++)
    if (equals(callee, len, bases[i].type)) return bases[i].type;
  return NULL;
}

static const char *base_of(const char *type) {
  for (size_t i = 0; i < COUNT(bases); i++)
    if (strcmp(bases[i].type, type) == 0) return bases[i].base;
  return NULL;
}

/* The type of `member` (`cursor()` or `parent`) of a `type`, or NULL. */
static const char *member_type(const char *type, const char *member, size_t len) {
  bool is_call = len > 2 && member[len - 1] == ')';
  for (int depth = 0; type && depth < BASE_DEPTH_MAX; depth++, type = base_of(type))
    for (size_t i = 0; i < COUNT(members); i++) {
      if (strcmp(members[i].type, type) != 0) continue;
      if (equals(member, len, members[i].member) ||
          (!is_call && strcmp(members[i].member, "*") == 0))
        return members[i].result;
    }
  return NULL;
}

/* The type of the instance chain [value, value + len): a factory call, then
 * members. NULL when any step is unknown. */
static const char *instance_type(const char *value, size_t len) {
  const char *open = memchr(value, '(', len);
  if (!open || (size_t)(open - value) + 2 > len || open[1] != ')') return NULL;
  const char *type = factory_type(value, (size_t)(open - value));
  size_t i = (size_t)(open - value) + 2;
  while (type && i < len) {
    if (value[i] != '.') return NULL;
    size_t start = ++i;
    while (i < len && value[i] != '.' && value[i] != '(') i++;
    if (i + 1 < len && value[i] == '(') {
      if (value[i + 1] != ')') return NULL;
      i += 2;
    }
    type = member_type(type, value + start, i - start);
  }
  return type;
}

/* The row of `type.method` whose argument check `args` passes; with NULL
 * args, any row of that method. */
static const method_row *find_method(const char *type, const char *method,
                                     const ar_call_args *args) {
  for (int depth = 0; type && depth < BASE_DEPTH_MAX; depth++, type = base_of(type))
    for (size_t i = 0; i < COUNT(methods); i++)
      if (strcmp(methods[i].type, type) == 0 && strcmp(methods[i].method, method) == 0 &&
          (!args || ar_args_match(methods[i].args, args)))
        return &methods[i];
  return NULL;
}

const ar_rule *types_match_method(const char *callee, const ar_call_args *args, char *shown,
                                  size_t cap) {
  const char *dot = strrchr(callee, '.');
  if (!dot || strchr(dot, '(')) return NULL;
  const char *type = instance_type(callee, (size_t)(dot - callee));
  if (!type) return NULL;
  const method_row *m = find_method(type, dot + 1, args);
  if (!m) return NULL;
  snprintf(shown, cap, "%s.%s", type, m->method);
  return ar_rule_get(m->rule);
}

bool types_has_method(const char *callee) {
  const char *dot = strrchr(callee, '.');
  if (!dot || strchr(dot, '(')) return false;
  const char *type = instance_type(callee, (size_t)(dot - callee));
  return type && find_method(type, dot + 1, NULL);
}

const ar_rule *types_match_with(const char *value, char *shown, size_t cap) {
  const char *type = instance_type(value, strlen(value));
  if (!type) return NULL;
  ar_call_args none = {0};
  const method_row *m = find_method(type, "__enter__", &none);
  if (!m) return NULL;
  snprintf(shown, cap, "with %s", type);
  return ar_rule_get(m->rule);
}

const char *types_polled_by(const char *shown, bool *lasts) {
  for (size_t i = 0; i < COUNT(polled); i++)
    if (strcmp(polled[i].method, shown) == 0) {
      *lasts = polled[i].lasts;
      return polled[i].probe;
    }
  return NULL;
}

bool types_is_lazy(const char *shown) {
  for (size_t i = 0; i < COUNT(lazy); i++)
    if (strcmp(lazy[i], shown) == 0) return true;
  return false;
}
