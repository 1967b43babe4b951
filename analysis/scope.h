#ifndef AR_SCOPE_H
#define AR_SCOPE_H

/*
 * Python name binding, reduced to what resolving a callee needs: per scope,
 * each name's merged binding (an import, an expression such as a call result,
 * or "something else" that hides imports), and the lexical chain of scopes
 * with Python's rules (class bodies are invisible to nested functions,
 * `global` / `nonlocal` redirect, unbound names fall back to builtins).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
  BIND_IMPORT,     /* target: the qualified name imported */
  BIND_EXPR,       /* target: a chain such as `requests.Session()`, resolved lazily */
  BIND_NONE_VALUE, /* `x = None`: with an import of x, the optional-import idiom */
  BIND_OTHER,      /* anything else: hides imports, never resolves */
  BIND_GLOBAL,     /* `global x`: look it up in the module */
  BIND_NONLOCAL,   /* `nonlocal x`: look it up in the enclosing function */
} scope_bind_kind;

typedef struct scope_binding scope_binding;
typedef struct scope scope;

typedef enum {
  SCOPE_MODULE,
  SCOPE_FUNCTION,
  SCOPE_LAMBDA,
  SCOPE_CLASS,
  SCOPE_COMPREHENSION,
} scope_kind;

struct scope {
  scope_kind kind;
  bool is_async;
  scope *parent;
  scope_binding *names; /* uthash, owned */
};

/* A module's bindings as merged from every unit's contributions. */
typedef struct scope_table {
  scope_binding *names; /* uthash, owned */
} scope_table;

/* One binding as contributed to the module by a unit, kept to detect changes. */
typedef struct {
  char *name;   /* owned */
  char *target; /* owned, may be NULL */
  scope_bind_kind kind;
} scope_contrib;

/* Returns NULL on allocation failure. Free with scope_free. */
scope *scope_new(scope_kind kind, bool is_async, scope *parent);
void scope_free(scope *s);

/*
 * Records a binding of `name` in `s`, merging with earlier ones. `target` is
 * copied. Returns 0, or -1 on allocation failure.
 */
int scope_bind(scope *s, const char *name, size_t name_len, scope_bind_kind kind,
               const char *target);
/* The binding kind `name` has in `s` itself, or -1 when it has none. */
int scope_kind_of(const scope *s, const char *name, size_t name_len);

void scope_table_clear(scope_table *t);
int scope_table_add(scope_table *t, const scope_contrib *c);

/* Set up by the caller for one unit's resolution. */
typedef struct {
  const scope_table *module;
  /* Hashes of the names looked up in the module table or builtins, so a
   * module-level change re-resolves only the units that asked for them. */
  uint32_t *lookups;
  size_t lookup_count, lookup_cap;
  bool lookups_incomplete; /* out of memory: treat the unit as depending on every name */
  const struct ar_config *config; /* extra and allowed calls; borrowed, may be NULL */
} scope_resolver;

uint32_t scope_name_hash(const char *name, size_t len);

/*
 * Resolves the chain `text` (identifiers joined by `.`, `()` after a call, as
 * made by the unit walker) as seen from `s`, writing the qualified name into
 * buf. Returns its length, or -1 when it does not resolve (shadowed, never
 * imported, relative import, too long).
 */
int scope_qualify(scope_resolver *r, const scope *s, const char *text, size_t len,
                  char *buf, size_t cap);

#endif
