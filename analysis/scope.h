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
  uint32_t start, end; /* the bytes the scope covers, for flow-sensitive bindings */
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
  uint32_t hash; /* scope_name_hash of name */
} scope_contrib;

/*
 * Where a binding happens inside its scope, for flow-sensitive lookups:
 * `pos` is where the name starts to hold the value, `value_pos` where the
 * value is computed (the right-hand side of `s = s.cursor()` still sees the
 * earlier `s`). `region` is the innermost branch (an if/else arm, a loop or
 * try body) around the binding, or the whole scope; `loop` the outermost loop
 * body around it in the same scope (both 0 when none).
 */
typedef struct {
  uint32_t pos, value_pos;
  uint32_t region_start, region_end;
  uint32_t loop_start, loop_end;
} scope_site;

/* Returns NULL on allocation failure. Free with scope_free. */
scope *scope_new(scope_kind kind, bool is_async, scope *parent);
void scope_free(scope *s);

/*
 * Records a binding of `name` in `s`, merging with earlier ones. `target` is
 * copied. Returns 0, or -1 on allocation failure.
 */
int scope_bind(scope *s, const char *name, size_t name_len, scope_bind_kind kind,
               const char *target);
/* Like scope_bind, and remembers where: lookups with a use site then see
 * only the bindings that reach it. */
int scope_bind_at(scope *s, const char *name, size_t name_len, scope_bind_kind kind,
                  const char *target, const scope_site *site);
/* The binding kind `name` has in `s` itself, or -1 when it has none. */
int scope_kind_of(const scope *s, const char *name, size_t name_len);

void scope_table_clear(scope_table *t);
/* Whether the table binds `name` at all. */
bool scope_table_binds(const scope_table *t, const char *name);
/* Whether the table binds `name` to an import of another module (not to
 * one of the file's own definitions, `@.name`). */
bool scope_table_imports(const scope_table *t, const char *name);
/* Calls fn(ctx, name, target) for each name the table binds to an import
 * of another module. */
void scope_table_each_import(const scope_table *t,
                             void (*fn)(void *ctx, const char *name, const char *target),
                             void *ctx);
int scope_table_add(scope_table *t, const scope_contrib *c);
/* Forgets the merged binding of `name`, so that its contributions can be
 * added again. */
void scope_table_remove(scope_table *t, const char *name);

/* Set up by the caller for one unit's resolution. */
typedef struct {
  const scope_table *module;
  /* Hashes of the names looked up in the module table or builtins, so a
   * module-level change re-resolves only the units that asked for them. */
  uint32_t *lookups;
  size_t lookup_count, lookup_cap;
  bool lookups_incomplete; /* out of memory: treat the unit as depending on every name */
  const struct ar_config *config; /* extra and allowed calls; borrowed, may be NULL */
  /* Set by scope_localize only: module-level roots are left unresolved. */
  bool local_only;
  /* Objects of other files (ar_follow_fn); `followed` tells that the
   * resolution asked it. */
  bool (*follow)(void *ctx, const char *chain, char *out, size_t cap);
  void *follow_ctx;
  bool followed;
} scope_resolver;

uint32_t scope_name_hash(const char *name, size_t len);
/* Records that the unit being resolved depends on module name `name`. */
void scope_note_lookup(scope_resolver *r, const char *name, size_t len);

/* A chain can stand for several things when the name was bound differently
 * on different paths (`if c: f = open(a)` / `else: f = open(b)`). */
enum { SCOPE_ALTS_MAX = 4, SCOPE_QUALIFIED_MAX = 512 };
typedef struct {
  char text[SCOPE_ALTS_MAX][SCOPE_QUALIFIED_MAX];
  size_t count;
} scope_alts;

/*
 * Resolves the chain `text` as seen from `s` at `use` (pos and loop of the
 * use; NULL: anywhere in the scope, so every binding counts) into every
 * qualified name it can stand for, the binding nearest the use last.
 * Bindings to None are skipped (nothing is called on None). Returns the
 * number of alternatives, or -1 when any reaching binding does not resolve
 * or there are more than SCOPE_ALTS_MAX.
 */
int scope_qualify_at(scope_resolver *r, const scope *s, const char *text, size_t len,
                     const scope_site *use, scope_alts *out);

/*
 * Resolves only the roots that the function and class scopes around `s`
 * bind, at `use`: `client.get` where `client = httpx.Client()` becomes
 * `httpx.Client().get`, while a chain rooted at a module-level name stays as
 * it is. What a walk records for the module (an attribute's value, a return
 * value) is then resolved later, from the module, like any module binding.
 * Returns the number of alternatives, or -1 when a reaching local binding is
 * not a chain (a parameter without annotation, a local import, ...).
 */
int scope_localize(const scope *s, const char *text, size_t len, const scope_site *use,
                   scope_alts *out);

/*
 * The merged module-level binding of `name`, which may also be a member
 * name of members.h (`Store.http`): its kind, or -1 when nothing binds it.
 * *target borrows the binding's target (NULL for kinds without one) until
 * the module table changes. The lookup is noted in r like any other.
 */
int scope_module_binding(scope_resolver *r, const char *name, size_t len, const char **target);

/*
 * Resolves the chain `text` (identifiers joined by `.`, `()` after a call, as
 * made by the unit walker) as seen from `s`, writing the qualified name into
 * buf. Returns its length, or -1 when it does not resolve (shadowed, never
 * imported, relative import, too long).
 */
int scope_qualify(scope_resolver *r, const scope *s, const char *text, size_t len,
                  char *buf, size_t cap);

#endif
