#include "scope.h"

#include <stdlib.h>
#include <string.h>
#include <uthash.h>

struct scope_binding {
  char *name;
  char *target;
  scope_bind_kind kind;
  UT_hash_handle hh;
};

/* Bindings resolve through other bindings (`s = requests.Session()`,
 * `get = s.get`); the limit also ends self-referential chains. */
enum { MAX_RESOLVE_DEPTH = 8 };

static char *dup_or_null(const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s) + 1;
  char *copy = malloc(n);
  if (copy) memcpy(copy, s, n);
  return copy;
}

scope *scope_new(scope_kind kind, bool is_async, scope *parent) {
  scope *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->kind = kind;
  s->is_async = is_async;
  s->parent = parent;
  return s;
}

static void free_bindings(scope_binding **names) {
  scope_binding *b, *tmp;
  HASH_ITER(hh, *names, b, tmp) {
    HASH_DEL(*names, b);
    free(b->name);
    free(b->target);
    free(b);
  }
}

void scope_free(scope *s) {
  if (!s) return;
  free_bindings(&s->names);
  free(s);
}

/* The lattice every scope and the module table merge bindings with: the same
 * import twice stays that import, an import next to `x = None` is the
 * optional-import idiom, anything else makes the name unresolvable. */
static void merge(scope_binding *b, scope_bind_kind kind, const char *target) {
  if (b->kind == BIND_GLOBAL || b->kind == BIND_NONLOCAL) return;
  if (kind == BIND_GLOBAL || kind == BIND_NONLOCAL) {
    b->kind = kind;
    free(b->target);
    b->target = NULL;
    return;
  }
  if (b->kind == kind) {
    if (kind == BIND_OTHER || kind == BIND_NONE_VALUE) return;
    if (b->target && target && strcmp(b->target, target) == 0) return;
  } else if (b->kind == BIND_IMPORT && kind == BIND_NONE_VALUE) {
    return;
  } else if (b->kind == BIND_NONE_VALUE && kind == BIND_IMPORT) {
    char *copy = dup_or_null(target);
    if (copy) {
      b->kind = BIND_IMPORT;
      b->target = copy;
      return;
    }
  }
  b->kind = BIND_OTHER;
  free(b->target);
  b->target = NULL;
}

static int bind_in(scope_binding **names, const char *name, size_t name_len,
                   scope_bind_kind kind, const char *target) {
  scope_binding *b;
  HASH_FIND(hh, *names, name, name_len, b);
  if (b) {
    merge(b, kind, target);
    return 0;
  }
  b = calloc(1, sizeof *b);
  if (!b) return -1;
  b->name = malloc(name_len + 1);
  if (!b->name) {
    free(b);
    return -1;
  }
  memcpy(b->name, name, name_len);
  b->name[name_len] = '\0';
  b->kind = kind;
  if (target && (kind == BIND_IMPORT || kind == BIND_EXPR)) {
    b->target = dup_or_null(target);
    if (!b->target) b->kind = BIND_OTHER;
  }
  HASH_ADD_KEYPTR(hh, *names, b->name, name_len, b);
  return 0;
}

int scope_bind(scope *s, const char *name, size_t name_len, scope_bind_kind kind,
               const char *target) {
  return bind_in(&s->names, name, name_len, kind, target);
}

int scope_kind_of(const scope *s, const char *name, size_t name_len) {
  scope_binding *b;
  HASH_FIND(hh, s->names, name, name_len, b);
  return b ? (int)b->kind : -1;
}

void scope_table_clear(scope_table *t) { free_bindings(&t->names); }

void scope_table_each_import(const scope_table *t,
                             void (*fn)(void *ctx, const char *name, const char *target),
                             void *ctx) {
  for (const scope_binding *b = t->names; b; b = b->hh.next)
    if (b->kind == BIND_IMPORT && b->target) fn(ctx, b->name, b->target);
}

int scope_table_add(scope_table *t, const scope_contrib *c) {
  return bind_in(&t->names, c->name, strlen(c->name), c->kind, c->target);
}

uint32_t scope_name_hash(const char *name, size_t len) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)name[i]) * 16777619u;
  return h;
}

static void note_lookup(scope_resolver *r, const char *name, size_t len) {
  uint32_t h = scope_name_hash(name, len);
  for (size_t i = 0; i < r->lookup_count; i++)
    if (r->lookups[i] == h) return;
  if (r->lookup_count == r->lookup_cap) {
    size_t cap = r->lookup_cap ? r->lookup_cap * 2 : 8;
    uint32_t *grown = realloc(r->lookups, cap * sizeof *grown);
    if (!grown) {
      r->lookups_incomplete = true;
      return;
    }
    r->lookups = grown;
    r->lookup_cap = cap;
  }
  r->lookups[r->lookup_count++] = h;
}

typedef struct {
  char *buf;
  size_t cap, len;
} out_buf;

static int append(out_buf *o, const char *s, size_t n) {
  if (o->len + n + 1 > o->cap) return -1;
  memcpy(o->buf + o->len, s, n);
  o->len += n;
  o->buf[o->len] = '\0';
  return 0;
}

static int qualify_chain(scope_resolver *r, const scope *s, const char *text, size_t len,
                         out_buf *o, int depth);

/* Writes what the root name of a chain stands for. */
static int qualify_root(scope_resolver *r, const scope *from, const char *name, size_t len,
                        out_buf *o, int depth) {
  const scope *s = from;
  int first = 1;
  while (s) {
    if (s->kind == SCOPE_MODULE) break;
    if (s->kind == SCOPE_CLASS && !first) {
      s = s->parent;
      continue;
    }
    scope_binding *b;
    HASH_FIND(hh, s->names, name, len, b);
    first = 0;
    if (!b) {
      s = s->parent;
      continue;
    }
    if (b->kind == BIND_GLOBAL) {
      while (s->parent) s = s->parent;
      break;
    }
    if (b->kind == BIND_NONLOCAL) {
      s = s->parent;
      continue;
    }
    switch (b->kind) {
    case BIND_IMPORT: return append(o, b->target, strlen(b->target));
    case BIND_EXPR: return qualify_chain(r, s, b->target, strlen(b->target), o, depth + 1);
    default: return -1;
    }
  }

  note_lookup(r, name, len);
  scope_binding *m = NULL;
  if (r->module) HASH_FIND(hh, r->module->names, name, len, m);
  if (m) {
    const scope *module = from;
    while (module->parent) module = module->parent;
    switch (m->kind) {
    case BIND_IMPORT: return append(o, m->target, strlen(m->target));
    case BIND_EXPR: return qualify_chain(r, module, m->target, strlen(m->target), o, depth + 1);
    default: return -1;
    }
  }
  if (append(o, "builtins.", 9) < 0) return -1;
  return append(o, name, len);
}

static int qualify_chain(scope_resolver *r, const scope *s, const char *text, size_t len,
                         out_buf *o, int depth) {
  if (depth > MAX_RESOLVE_DEPTH) return -1;
  size_t root = 0;
  while (root < len && text[root] != '.' && text[root] != '(') root++;
  if (root == 0) return -1;
  if (qualify_root(r, s, text, root, o, depth) < 0) return -1;
  return append(o, text + root, len - root);
}

int scope_qualify(scope_resolver *r, const scope *s, const char *text, size_t len,
                  char *buf, size_t cap) {
  out_buf o = {buf, cap, 0};
  if (cap == 0) return -1;
  buf[0] = '\0';
  if (qualify_chain(r, s, text, len, &o, 0) < 0) return -1;
  return (int)o.len;
}
