#include "interproc.h"

#include <stdlib.h>
#include <string.h>
#include <uthash.h>

/* Chains longer than this are not followed: no real helper nests so deep,
 * and the bound keeps the fixpoint and the chain walk short on any input. */
enum { MAX_DEPTH = 32 };

ip_unit *ip_unit_new(void) { return calloc(1, sizeof(ip_unit)); }

void ip_unit_free(ip_unit *u) {
  if (!u) return;
  for (size_t i = 0; i < u->fn_count; i++) {
    ip_fn *f = &u->fns[i];
    for (size_t j = 0; j < f->step_count; j++) free(f->steps[j].target);
    free(f->steps);
    free(f->key);
  }
  for (size_t i = 0; i < u->call_count; i++) free(u->calls[i].target);
  free(u->fns);
  free(u->calls);
  free(u);
}

static int grow(void **items, size_t *cap, size_t count, size_t size) {
  if (count < *cap) return 0;
  size_t n = *cap ? *cap * 2 : 4;
  void *grown = realloc(*items, n * size);
  if (!grown) return -1;
  *items = grown;
  *cap = n;
  return 0;
}

int ip_unit_add_fn(ip_unit *u, const char *key, size_t key_len) {
  if (grow((void **)&u->fns, &u->fn_cap, u->fn_count, sizeof *u->fns) < 0) return -1;
  char *copy = malloc(key_len + 1);
  if (!copy) return -1;
  memcpy(copy, key, key_len);
  copy[key_len] = '\0';
  u->fns[u->fn_count] = (ip_fn){.key = copy, .depth = IP_NEVER};
  return (int)u->fn_count++;
}

int ip_unit_add_step(ip_unit *u, size_t fn, ip_step_kind kind, uint32_t start, uint32_t end,
                     const ar_rule *rule, const char *target) {
  ip_fn *f = &u->fns[fn];
  if (grow((void **)&f->steps, &f->step_cap, f->step_count, sizeof *f->steps) < 0) return -1;
  char *copy = strdup(target);
  if (!copy) return -1;
  f->steps[f->step_count++] = (ip_step){kind, start, end, rule, copy};
  return 0;
}

int ip_unit_add_call(ip_unit *u, const char *target, uint32_t start, uint32_t end) {
  if (grow((void **)&u->calls, &u->call_cap, u->call_count, sizeof *u->calls) < 0) return -1;
  char *copy = strdup(target);
  if (!copy) return -1;
  u->calls[u->call_count++] = (ip_call){copy, start, end};
  return 0;
}

static uint64_t mix(uint64_t h, const void *data, size_t n) {
  const unsigned char *p = data;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

void ip_unit_seal(ip_unit *u) {
  uint64_t h = 14695981039346656037ull;
  for (size_t i = 0; i < u->fn_count; i++) {
    const ip_fn *f = &u->fns[i];
    h = mix(h, f->key, strlen(f->key) + 1);
    h = mix(h, &f->opaque, sizeof f->opaque);
    for (size_t j = 0; j < f->step_count; j++) {
      const ip_step *s = &f->steps[j];
      int rule = s->rule ? (int)s->rule->id : -1;
      h = mix(h, &s->kind, sizeof s->kind);
      h = mix(h, &rule, sizeof rule);
      h = mix(h, s->target, strlen(s->target) + 1);
    }
    h = mix(h, "|", 1);
  }
  u->signature = h;
}

/* One key's definitions; a key defined twice is ambiguous and never blocks. */
typedef struct {
  ip_fn *fn;
  const ip_unit *unit;
} fn_ref;

typedef struct {
  char *key; /* borrowed from the first definition's ip_fn */
  fn_ref *refs;
  size_t count, cap;
  UT_hash_handle hh;
} fn_entry;

struct ip_index {
  fn_entry *entries;
};

ip_index *ip_index_new(void) { return calloc(1, sizeof(ip_index)); }

void ip_index_free(ip_index *x) {
  if (!x) return;
  fn_entry *e, *tmp;
  HASH_ITER(hh, x->entries, e, tmp) {
    HASH_DEL(x->entries, e);
    free(e->refs);
    free(e);
  }
  free(x);
}

int ip_index_add(ip_index *x, ip_unit *u) {
  for (size_t i = 0; i < u->fn_count; i++) {
    ip_fn *f = &u->fns[i];
    size_t len = strlen(f->key);
    fn_entry *e;
    HASH_FIND(hh, x->entries, f->key, len, e);
    if (!e) {
      e = calloc(1, sizeof *e);
      if (!e) return -1;
      e->key = f->key;
      HASH_ADD_KEYPTR(hh, x->entries, e->key, len, e);
    }
    if (grow((void **)&e->refs, &e->cap, e->count, sizeof *e->refs) < 0) return -1;
    e->refs[e->count++] = (fn_ref){f, u};
  }
  return 0;
}

void ip_index_remove(ip_index *x, const ip_unit *u) {
  for (size_t i = 0; i < u->fn_count; i++) {
    const ip_fn *f = &u->fns[i];
    fn_entry *e;
    HASH_FIND(hh, x->entries, f->key, strlen(f->key), e);
    if (!e) continue;
    for (size_t j = 0; j < e->count; j++) {
      if (e->refs[j].fn != f) continue;
      memmove(&e->refs[j], &e->refs[j + 1], (e->count - j - 1) * sizeof *e->refs);
      e->count--;
      break;
    }
    if (e->count == 0) {
      HASH_DEL(x->entries, e);
      free(e->refs);
      free(e);
    } else if (e->key == f->key) {
      /* The key string belongs to the definition leaving: borrow another's,
       * re-adding the entry since uthash keeps the key pointer. */
      HASH_DEL(x->entries, e);
      e->key = e->refs[0].fn->key;
      HASH_ADD_KEYPTR(hh, x->entries, e->key, strlen(e->key), e);
    }
  }
}

static bool is_self(const char *target) {
  return strncmp(target, IP_SELF_PREFIX, IP_SELF_PREFIX_LEN) == 0;
}

/* The single definition of a helper of this file, or NULL. */
static const fn_ref *find_self(const ip_index *x, const char *target) {
  const char *key = target + IP_SELF_PREFIX_LEN;
  fn_entry *e;
  HASH_FIND(hh, x->entries, key, strlen(key), e);
  return e && e->count == 1 ? &e->refs[0] : NULL;
}

/* What a step costs, fixed once per solve. */
typedef struct {
  const ip_fn *callee; /* a helper of this file, or NULL */
  uint32_t fixed;      /* otherwise: its cost (IP_NEVER when it does not block) */
} step_cost;

static uint32_t cost_of(const step_cost *c) {
  if (!c->callee) return c->fixed;
  return c->callee->depth >= MAX_DEPTH ? IP_NEVER : c->callee->depth + 1;
}

int ip_index_solve(ip_index *x, ip_resolve_fn resolve, void *ctx) {
  size_t step_total = 0;
  fn_entry *e, *tmp;
  HASH_ITER(hh, x->entries, e, tmp) {
    for (size_t i = 0; i < e->count; i++) {
      e->refs[i].fn->depth = IP_NEVER;
      e->refs[i].fn->via = 0;
      step_total += e->refs[i].fn->step_count;
    }
  }
  step_cost *costs = malloc((step_total ? step_total : 1) * sizeof *costs);
  if (!costs) return -1;
  size_t k = 0;
  HASH_ITER(hh, x->entries, e, tmp) {
    for (size_t i = 0; i < e->count; i++) {
      const ip_fn *f = e->refs[i].fn;
      for (size_t j = 0; j < f->step_count; j++, k++) {
        const ip_step *s = &f->steps[j];
        step_cost *c = &costs[k];
        *c = (step_cost){NULL, IP_NEVER};
        if (s->kind == IP_STEP_DIRECT) {
          c->fixed = 1;
        } else if (is_self(s->target)) {
          const fn_ref *r = find_self(x, s->target);
          if (r) c->callee = r->fn;
        } else if (resolve) {
          ip_external ext;
          if (resolve(ctx, s->target, &ext) && ext.blocks && ext.step_count < MAX_DEPTH)
            c->fixed = (uint32_t)ext.step_count + 1;
        }
      }
    }
  }
  /* Shortest chains by relaxation: depths only fall, so this reaches the
   * least fixpoint, and recursion without a blocking call stays IP_NEVER. */
  for (int round = 0; round <= MAX_DEPTH; round++) {
    bool changed = false;
    k = 0;
    HASH_ITER(hh, x->entries, e, tmp) {
      for (size_t i = 0; i < e->count; i++) {
        ip_fn *f = e->refs[i].fn;
        for (size_t j = 0; j < f->step_count; j++, k++) {
          uint32_t c = cost_of(&costs[k]);
          if (!f->opaque && c < f->depth) {
            f->depth = c;
            changed = true;
          }
        }
      }
    }
    if (!changed) break;
  }
  /* The first call in source order among the shortest ways. */
  k = 0;
  HASH_ITER(hh, x->entries, e, tmp) {
    for (size_t i = 0; i < e->count; i++) {
      ip_fn *f = e->refs[i].fn;
      bool chosen = false;
      for (size_t j = 0; j < f->step_count; j++, k++)
        if (!chosen && f->depth != IP_NEVER && cost_of(&costs[k]) == f->depth) {
          f->via = (uint32_t)j;
          chosen = true;
        }
    }
  }
  free(costs);
  return 0;
}

/* The 0-based line of `offset`, counting LF as tree-sitter does. */
static uint32_t line_of(const TSTree *tree, const char *source, uint32_t offset) {
  TSNode n = ts_node_descendant_for_byte_range(ts_tree_root_node(tree), offset, offset);
  uint32_t row = ts_node_start_point(n).row;
  for (uint32_t i = ts_node_start_byte(n); i < offset; i++)
    if (source[i] == '\n') row++;
  return row;
}

/* The callee as written, without the spaces and line breaks a chain may
 * hold. Caller frees. */
static char *callee_text(const char *source, uint32_t start, uint32_t end) {
  char *out = malloc((size_t)(end - start) + 1);
  if (!out) return NULL;
  size_t n = 0;
  for (uint32_t i = start; i < end; i++) {
    char ch = source[i];
    if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r' && ch != '\\') out[n++] = ch;
  }
  out[n] = '\0';
  return out;
}

static int push_step(ar_finding *f, size_t *cap, ar_step step) {
  if (!step.callee || (f->step_count == *cap && grow((void **)&f->steps, cap, f->step_count,
                                                     sizeof *f->steps) < 0)) {
    free(step.callee);
    free(step.file);
    return -1;
  }
  f->steps[f->step_count++] = step;
  return 0;
}

static int copy_external(ar_finding *f, size_t *cap, const ip_external *ext) {
  for (size_t i = 0; i < ext->step_count; i++) {
    ar_step s = ext->steps[i];
    s.callee = strdup(s.callee);
    s.file = s.file ? strdup(s.file) : NULL;
    if (ext->steps[i].file && !s.file) {
      free(s.callee);
      return -1;
    }
    if (push_step(f, cap, s) < 0) return -1;
  }
  return 0;
}

/* Appends to out->steps the chain from `r` (a helper of this file) or, when
 * r is NULL, the external answer `ext`. Returns 1, 0 (the verdicts did not
 * lead to a blocking call) or -1; out's steps are cleared unless 1. */
static int build_chain(const ip_index *x, const fn_ref *r, ip_external ext, const char *source,
                       const TSTree *tree, ip_resolve_fn resolve, void *ctx, ar_finding *out) {
  size_t cap = 0;
  for (int hops = 0; r && hops < MAX_DEPTH; hops++) {
    const ip_fn *f = r->fn;
    const ip_step *s = &f->steps[f->via];
    uint32_t start = r->unit->base + s->start, end = r->unit->base + s->end;
    bool direct = s->kind == IP_STEP_DIRECT;
    const char *name = s->target;
    if (direct && strncmp(name, "builtins.", 9) == 0) name += 9;
    ar_step step = {start, end, line_of(tree, source, start),
                    direct ? strdup(name) : callee_text(source, start, end),
                    direct ? s->rule : NULL, NULL, 0};
    if (push_step(out, &cap, step) < 0) return -1;
    if (direct) return 1;
    ext.blocks = false;
    if (is_self(s->target)) {
      r = find_self(x, s->target);
      if (!r || r->fn->depth == IP_NEVER) return 0;
      continue;
    }
    if (!resolve || !resolve(ctx, s->target, &ext) || !ext.blocks) return 0;
    r = NULL;
  }
  if (!ext.blocks) return 0;
  return copy_external(out, &cap, &ext) == 0 ? 1 : -1;
}

int ip_fn_steps(const ip_index *x, const char *key, const char *source, const TSTree *tree,
                ip_resolve_fn resolve, void *ctx, ar_finding *out) {
  fn_entry *e;
  HASH_FIND(hh, x->entries, key, strlen(key), e);
  *out = (ar_finding){0};
  if (!e || e->count != 1 || e->refs[0].fn->depth == IP_NEVER) return 0;
  ip_external none = {false, NULL, 0};
  int rc = build_chain(x, &e->refs[0], none, source, tree, resolve, ctx, out);
  if (rc != 1) ar_finding_clear(out);
  return rc;
}

int ip_call_finding(const ip_index *x, const ip_unit *u, const ip_call *c, const char *source,
                    const TSTree *tree, ip_resolve_fn resolve, void *ctx, ar_finding *out) {
  const fn_ref *r = NULL;
  ip_external ext = {false, NULL, 0};
  if (is_self(c->target)) {
    r = find_self(x, c->target);
    if (!r || r->fn->depth == IP_NEVER) return 0;
  } else if (!resolve || !resolve(ctx, c->target, &ext) || !ext.blocks || ext.step_count == 0) {
    return 0;
  }
  *out = (ar_finding){.start = u->base + c->start,
                      .end = u->base + c->end,
                      .rule = ar_rule_get(AR_RULE_ARD200),
                      .callee = callee_text(source, u->base + c->start, u->base + c->end)};
  if (!out->callee) return -1;
  /* A stale verdict (0) cannot happen when the caller solves after every
   * change; it is treated as "does not block". */
  int rc = build_chain(x, r, ext, source, tree, resolve, ctx, out);
  if (rc != 1) ar_finding_clear(out);
  return rc;
}
