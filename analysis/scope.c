#include "scope.h"

#include <stdlib.h>
#include <string.h>
#include <uthash.h>

/* One binding of a name in a function-like scope, in source order. */
typedef struct {
  scope_site site;
  scope_bind_kind kind;
  char *target; /* owned, may be NULL */
} flow_def;

struct scope_binding {
  char *name;
  char *target;
  scope_bind_kind kind; /* every binding merged: what a lookup without a use site sees */
  flow_def *defs;       /* owned; only for bindings made with scope_bind_at */
  size_t def_count, def_cap;
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

static void free_binding(scope_binding *b) {
  for (size_t i = 0; i < b->def_count; i++) free(b->defs[i].target);
  free(b->defs);
  free(b->name);
  free(b->target);
  free(b);
}

static void free_bindings(scope_binding **names) {
  scope_binding *b, *tmp;
  HASH_ITER(hh, *names, b, tmp) {
    HASH_DEL(*names, b);
    free_binding(b);
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
  } else if ((b->kind == BIND_IMPORT || b->kind == BIND_EXPR) && kind == BIND_NONE_VALUE) {
    return;
  } else if (b->kind == BIND_NONE_VALUE && (kind == BIND_IMPORT || kind == BIND_EXPR)) {
    char *copy = dup_or_null(target);
    if (copy) {
      b->kind = kind;
      b->target = copy;
      return;
    }
  }
  b->kind = BIND_OTHER;
  free(b->target);
  b->target = NULL;
}

static scope_binding *bind_in(scope_binding **names, const char *name, size_t name_len,
                              scope_bind_kind kind, const char *target) {
  scope_binding *b;
  HASH_FIND(hh, *names, name, name_len, b);
  if (b) {
    merge(b, kind, target);
    return b;
  }
  b = calloc(1, sizeof *b);
  if (!b) return NULL;
  b->name = malloc(name_len + 1);
  if (!b->name) {
    free(b);
    return NULL;
  }
  memcpy(b->name, name, name_len);
  b->name[name_len] = '\0';
  b->kind = kind;
  if (target && (kind == BIND_IMPORT || kind == BIND_EXPR)) {
    b->target = dup_or_null(target);
    if (!b->target) b->kind = BIND_OTHER;
  }
  HASH_ADD_KEYPTR(hh, *names, b->name, name_len, b);
  return b;
}

int scope_bind(scope *s, const char *name, size_t name_len, scope_bind_kind kind,
               const char *target) {
  return bind_in(&s->names, name, name_len, kind, target) ? 0 : -1;
}

int scope_bind_at(scope *s, const char *name, size_t name_len, scope_bind_kind kind,
                  const char *target, const scope_site *site) {
  scope_binding *b = bind_in(&s->names, name, name_len, kind, target);
  if (!b) return -1;
  if (kind == BIND_GLOBAL || kind == BIND_NONLOCAL) return 0;
  if (b->def_count == b->def_cap) {
    size_t cap = b->def_cap ? b->def_cap * 2 : 2;
    flow_def *grown = realloc(b->defs, cap * sizeof *grown);
    if (!grown) return -1;
    b->defs = grown;
    b->def_cap = cap;
  }
  flow_def *d = &b->defs[b->def_count];
  d->site = *site;
  d->kind = kind;
  d->target = NULL;
  if (target && (kind == BIND_IMPORT || kind == BIND_EXPR)) {
    d->target = dup_or_null(target);
    if (!d->target) return -1;
  }
  b->def_count++;
  return 0;
}

int scope_kind_of(const scope *s, const char *name, size_t name_len) {
  scope_binding *b;
  HASH_FIND(hh, s->names, name, name_len, b);
  return b ? (int)b->kind : -1;
}

void scope_table_clear(scope_table *t) { free_bindings(&t->names); }

bool scope_table_binds(const scope_table *t, const char *name) {
  scope_binding *b;
  HASH_FIND(hh, t->names, name, strlen(name), b);
  return b != NULL;
}

static bool is_import(const scope_binding *b) {
  return b->kind == BIND_IMPORT && b->target && strncmp(b->target, "@.", 2) != 0;
}

bool scope_table_imports(const scope_table *t, const char *name) {
  scope_binding *b;
  HASH_FIND(hh, t->names, name, strlen(name), b);
  return b && is_import(b);
}

void scope_table_each_import(const scope_table *t,
                             void (*fn)(void *ctx, const char *name, const char *target),
                             void *ctx) {
  for (const scope_binding *b = t->names; b; b = b->hh.next)
    if (is_import(b)) fn(ctx, b->name, b->target);
}

void scope_table_remove(scope_table *t, const char *name) {
  scope_binding *b;
  HASH_FIND(hh, t->names, name, strlen(name), b);
  if (!b) return;
  HASH_DEL(t->names, b);
  free_binding(b);
}

int scope_table_add(scope_table *t, const scope_contrib *c) {
  return bind_in(&t->names, c->name, strlen(c->name), c->kind, c->target) ? 0 : -1;
}

uint32_t scope_name_hash(const char *name, size_t len) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)name[i]) * 16777619u;
  return h;
}

void scope_note_lookup(scope_resolver *r, const char *name, size_t len) {
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

/* Adds `text` + `suffix` to the alternatives unless already there. */
static int add_alt(scope_alts *out, const char *text, size_t len, const char *suffix,
                   size_t suffix_len) {
  if (len + suffix_len + 1 > SCOPE_QUALIFIED_MAX) return -1;
  char joined[SCOPE_QUALIFIED_MAX];
  memcpy(joined, text, len);
  memcpy(joined + len, suffix, suffix_len);
  joined[len + suffix_len] = '\0';
  for (size_t i = 0; i < out->count; i++)
    if (strcmp(out->text[i], joined) == 0) return 0;
  if (out->count == SCOPE_ALTS_MAX) return -1;
  memcpy(out->text[out->count++], joined, len + suffix_len + 1);
  return 0;
}

static int qualify_chain(scope_resolver *r, const scope *s, const char *text, size_t len,
                         const scope_site *use, scope_alts *out, int depth);

static bool within(uint32_t p, uint32_t start, uint32_t end) { return start <= p && p < end; }

/*
 * The bindings of `b` that reach `use`: the last one before the use on every
 * path to it (its branch region holds the use), every branch binding after
 * that one, and, in a loop, bindings further down the same loop unless a
 * binding in the loop before the use always replaces them. Without a use,
 * all of them.
 */
static size_t reaching(const scope_binding *b, const scope_site *use, size_t *idx) {
  size_t n = 0;
  if (!use) {
    for (size_t i = 0; i < b->def_count; i++) idx[n++] = i;
    return n;
  }
  size_t last = SIZE_MAX;
  for (size_t i = 0; i < b->def_count; i++) {
    const scope_site *d = &b->defs[i].site;
    if (d->pos <= use->pos && within(use->pos, d->region_start, d->region_end)) last = i;
  }
  for (size_t i = last == SIZE_MAX ? 0 : last; i < b->def_count; i++)
    if (b->defs[i].site.pos <= use->pos) idx[n++] = i;
  bool carried = use->loop_end > 0 &&
                 (last == SIZE_MAX || b->defs[last].site.pos < use->loop_start);
  for (size_t i = 0; carried && i < b->def_count; i++) {
    const scope_site *d = &b->defs[i].site;
    /* A binding ends where its statement ends, which may be the loop's end. */
    if (d->pos > use->pos && d->pos <= use->loop_end) idx[n++] = i;
  }
  return n;
}

static int qualify_defs(scope_resolver *r, const scope *s, const scope_binding *b,
                        const scope_site *use, scope_alts *out, int depth) {
  size_t stack_idx[16];
  size_t *idx = b->def_count <= 16 ? stack_idx : malloc(b->def_count * sizeof *idx);
  if (!idx) return -1;
  size_t n = reaching(b, use, idx);
  int rc = 0;
  for (size_t k = 0; k < n && rc == 0; k++) {
    const flow_def *d = &b->defs[idx[k]];
    switch (d->kind) {
    case BIND_IMPORT:
      rc = r->local_only ? -1 : add_alt(out, d->target, strlen(d->target), "", 0);
      break;
    case BIND_EXPR: {
      scope_alts inner = {.count = 0};
      scope_site at = d->site;
      at.pos = d->site.value_pos;
      rc = qualify_chain(r, s, d->target, strlen(d->target), &at, &inner, depth + 1);
      for (size_t i = 0; rc == 0 && i < inner.count; i++)
        rc = add_alt(out, inner.text[i], strlen(inner.text[i]), "", 0);
      break;
    }
    case BIND_NONE_VALUE: break;
    default: rc = -1;
    }
  }
  if (idx != stack_idx) free(idx);
  return rc < 0 || out->count == 0 ? -1 : 0;
}

/* Adds what the root name of a chain stands for. */
static int qualify_root(scope_resolver *r, const scope *from, const char *name, size_t len,
                        const scope_site *use, scope_alts *out, int depth) {
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
    if (b && b->kind == BIND_GLOBAL) {
      while (s->parent) s = s->parent;
      break;
    }
    if (!b || b->kind == BIND_NONLOCAL) {
      /* An enclosing function's names are read whenever this one runs:
       * every binding there counts. Comprehensions run on the spot. */
      if (s->kind != SCOPE_COMPREHENSION) use = NULL;
      s = s->parent;
      continue;
    }
    if (b->def_count > 0) return qualify_defs(r, s, b, use, out, depth);
    switch (b->kind) {
    case BIND_IMPORT: return r->local_only ? -1 : add_alt(out, b->target, strlen(b->target), "", 0);
    case BIND_EXPR: return qualify_chain(r, s, b->target, strlen(b->target), NULL, out, depth + 1);
    default: return -1;
    }
  }

  if (r->local_only) return add_alt(out, name, len, "", 0);
  scope_note_lookup(r, name, len);
  scope_binding *m = NULL;
  if (r->module) HASH_FIND(hh, r->module->names, name, len, m);
  if (m) {
    const scope *module = from;
    while (module->parent) module = module->parent;
    switch (m->kind) {
    case BIND_IMPORT: return add_alt(out, m->target, strlen(m->target), "", 0);
    case BIND_EXPR: return qualify_chain(r, module, m->target, strlen(m->target), NULL, out, depth + 1);
    default: return -1;
    }
  }
  char builtin[SCOPE_QUALIFIED_MAX];
  if (len + 10 > sizeof builtin) return -1;
  memcpy(builtin, "builtins.", 9);
  memcpy(builtin + 9, name, len);
  return add_alt(out, builtin, 9 + len, "", 0);
}

static int qualify_chain(scope_resolver *r, const scope *s, const char *text, size_t len,
                         const scope_site *use, scope_alts *out, int depth) {
  if (depth > MAX_RESOLVE_DEPTH) return -1;
  size_t root = 0;
  while (root < len && text[root] != '.' && text[root] != '(') root++;
  if (root == 0) return -1;
  scope_alts roots = {.count = 0};
  if (qualify_root(r, s, text, root, use, &roots, depth) < 0) return -1;
  for (size_t i = 0; i < roots.count; i++)
    if (add_alt(out, roots.text[i], strlen(roots.text[i]), text + root, len - root) < 0) return -1;
  return 0;
}

int scope_qualify_at(scope_resolver *r, const scope *s, const char *text, size_t len,
                     const scope_site *use, scope_alts *out) {
  out->count = 0;
  if (qualify_chain(r, s, text, len, use, out, 0) < 0) return -1;
  return (int)out->count;
}

int scope_localize(const scope *s, const char *text, size_t len, const scope_site *use,
                   scope_alts *out) {
  scope_resolver local = {.local_only = true};
  return scope_qualify_at(&local, s, text, len, use, out);
}

int scope_module_binding(scope_resolver *r, const char *name, size_t len, const char **target) {
  scope_note_lookup(r, name, len);
  scope_binding *m = NULL;
  if (r->module) HASH_FIND(hh, r->module->names, name, len, m);
  *target = m ? m->target : NULL;
  return m ? (int)m->kind : -1;
}

int scope_qualify(scope_resolver *r, const scope *s, const char *text, size_t len,
                  char *buf, size_t cap) {
  scope_alts alts;
  if (cap == 0) return -1;
  buf[0] = '\0';
  if (scope_qualify_at(r, s, text, len, NULL, &alts) != 1) return -1;
  size_t n = strlen(alts.text[0]);
  if (n + 1 > cap) return -1;
  memcpy(buf, alts.text[0], n + 1);
  return (int)n;
}
