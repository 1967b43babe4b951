#include "unit.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "interproc.h"
#include "members.h"
#include "syntax.h"
#include "types.h"

/* Chains longer than this are never in the catalogue. */
enum { CHAIN_MAX = 256, CHAIN_DEPTH_MAX = 32, QUALIFIED_MAX = 512 };

/* A call in async context, or the value of a sync `with` item (is_with). */
typedef struct {
  TSNode call;
  scope *s;
  scope_site use;
  bool is_with;
  int fn; /* the summarised sync function it is made in, or -1 (async context) */
  int guard; /* the innermost `if` whose body holds it (index in guards), or -1 */
} candidate;

/* The condition of an `if` whose body the walk is in; `outer` is the next
 * `if` out, so a candidate's guards are a chain that outlives the walk. */
typedef struct {
  TSNode cond, body;
  int outer;
} guard;

/* A branch arm or loop the walk is in: bindings inside it do not reach past
 * it on every path. */
typedef struct {
  TSNode node;
  scope *s;
  bool loop;
} region;

/* A function defined directly in the unit's module or class scope: what
 * summarising sync helpers and recording what it returns need. */
typedef struct {
  scope *s;
  int summary;      /* index in the walk's ip_unit, or -1 for an async def */
  const char *self; /* the instance parameter of a method, or NULL */
  size_t self_len;
  char key[CHAIN_MAX]; /* `load`, `Worker.fetch`; empty when too long */
  bool returns_declared; /* a `-> T` annotation says what it returns */
} fn_info;

/* A chain the module learns about the unit's class or functions (members.h),
 * resolved at the end of the walk through the bindings of the scope it was
 * written in, once every binding there is known. */
typedef struct {
  char *name, *chain; /* owned */
  scope *s;
  scope_site site;
  int fn; /* the function whose `return` it is (index in fns), or -1 */
} member_value;

/* A scope being walked: it becomes current when the walk reaches `body`
 * (parameters and decorators belong to the enclosing scope) and ends when
 * the walk leaves `owner`. */
typedef struct {
  scope *s;
  TSNode owner, body;
  bool active;
} frame;

struct unit_walk {
  const char *source;
  const syn_ids *ids;
  scope **scopes; /* every scope made, for freeing */
  size_t scope_count, scope_cap;
  frame *frames;
  size_t frame_count, frame_cap;
  candidate *candidates;
  size_t candidate_count, candidate_cap;
  scope_contrib *contribs;
  size_t contrib_count, contrib_cap;
  region *regions;
  size_t region_count, region_cap;
  guard *guards;
  size_t guard_count, guard_cap;
  int guard_top;
  TSNode *ancestors; /* of the node being entered, for the walk's parent checks */
  size_t ancestor_count, ancestor_cap;
  /* Where the binding being recorded takes effect, and where its value is
   * computed; set by enter() before it binds. */
  uint32_t at_pos, at_value_pos;
  scope *root;
  bool failed;
  /* Helpers that block (interproc.h). */
  unit_kind kind;
  ip_unit *ip;
  fn_info *fns;
  size_t fn_count, fn_cap;
  const char *class_name; /* of a class member unit */
  size_t class_name_len;
  member_value *values;
  size_t value_count, value_cap;
  scope *module; /* the unit's module scope, where member chains resolve */
};

#define GROW(w, arr, count, cap)                                     \
  do {                                                               \
    if ((count) == (cap)) {                                          \
      size_t grown_cap = (cap) ? (cap) * 2 : 8;                      \
      void *grown = realloc((arr), grown_cap * sizeof *(arr));       \
      if (!grown) {                                                  \
        (w)->failed = true;                                          \
        break;                                                       \
      }                                                              \
      (arr) = grown;                                                 \
      (cap) = grown_cap;                                             \
    }                                                                \
  } while (0)

static const char *text_of(const unit_walk *w, TSNode n, size_t *len) {
  uint32_t start = ts_node_start_byte(n);
  *len = ts_node_end_byte(n) - start;
  return w->source + start;
}

static scope *make_scope(unit_walk *w, scope_kind kind, bool is_async, scope *parent,
                         TSNode extent) {
  GROW(w, w->scopes, w->scope_count, w->scope_cap);
  if (w->failed) return NULL;
  scope *s = scope_new(kind, is_async, parent);
  if (!s) {
    w->failed = true;
    return NULL;
  }
  s->start = ts_node_start_byte(extent);
  s->end = ts_node_end_byte(extent);
  w->scopes[w->scope_count++] = s;
  return s;
}

/* The site of a binding or use at `pos` in `s`: the innermost branch arm of
 * `s` around it and the outermost loop of `s` around it. */
static scope_site site_for(const unit_walk *w, const scope *s, uint32_t pos, uint32_t value_pos) {
  scope_site site = {pos, value_pos, s->start, s->end, 0, 0};
  bool arm_found = false;
  for (size_t i = w->region_count; i > 0; i--) {
    const region *r = &w->regions[i - 1];
    if (r->s != s) continue;
    if (!arm_found) {
      site.region_start = ts_node_start_byte(r->node);
      site.region_end = ts_node_end_byte(r->node);
      arm_found = true;
    }
    if (r->loop) {
      site.loop_start = ts_node_start_byte(r->node);
      site.loop_end = ts_node_end_byte(r->node);
    }
  }
  return site;
}

static scope *current(const unit_walk *w) {
  for (size_t i = w->frame_count; i > 0; i--)
    if (w->frames[i - 1].active) return w->frames[i - 1].s;
  return w->root;
}

static void push_frame(unit_walk *w, scope *s, TSNode owner, TSNode body, bool active) {
  GROW(w, w->frames, w->frame_count, w->frame_cap);
  if (w->failed) return;
  w->frames[w->frame_count++] = (frame){s, owner, body, active};
}

static void add_contrib(unit_walk *w, const char *name, size_t len, scope_bind_kind kind,
                        const char *target) {
  GROW(w, w->contribs, w->contrib_count, w->contrib_cap);
  if (w->failed) return;
  scope_contrib *c = &w->contribs[w->contrib_count];
  c->name = malloc(len + 1);
  c->target = target ? strdup(target) : NULL;
  if (!c->name || (target && !c->target)) {
    free(c->name);
    free(c->target);
    w->failed = true;
    return;
  }
  memcpy(c->name, name, len);
  c->name[len] = '\0';
  c->kind = kind;
  c->hash = scope_name_hash(name, len);
  w->contrib_count++;
}

/* Records member `name` (members.h): other kinds at once, a chain once the
 * walk is over (resolve_member_values). */
static void add_member(unit_walk *w, const char *name, int name_len, scope_bind_kind kind,
                       const char *chain, scope *s, int fn) {
  if (name_len < 0) return;
  if (kind == BIND_IMPORT && strncmp(chain, IP_SELF_PREFIX, IP_SELF_PREFIX_LEN) != 0)
    kind = BIND_OTHER; /* an import in a class body: the class's, not the module's */
  if (kind != BIND_EXPR) {
    add_contrib(w, name, (size_t)name_len, kind, kind == BIND_IMPORT ? chain : NULL);
    return;
  }
  GROW(w, w->values, w->value_count, w->value_cap);
  if (w->failed) return;
  member_value *v = &w->values[w->value_count];
  v->name = strndup(name, (size_t)name_len);
  v->chain = strdup(chain);
  if (!v->name || !v->chain) {
    free(v->name);
    free(v->chain);
    w->failed = true;
    return;
  }
  v->s = s;
  /* The chain is read where the value is computed, before the binding. */
  v->site = site_for(w, s, w->at_value_pos, w->at_value_pos);
  v->fn = fn;
  w->value_count++;
}

/* Attribute `attr` of the unit's class (`Store.http`, or `Store:http` when
 * declared). */
static void add_class_member(unit_walk *w, const char *attr, size_t len, bool declared,
                             scope_bind_kind kind, const char *chain, scope *s) {
  char name[CHAIN_MAX];
  int n = members_attr_name(name, sizeof name, w->class_name, w->class_name_len, attr, len,
                            declared);
  add_member(w, name, n, kind, chain, s, -1);
}

/* Whether `s` is the class body of a member unit, whose names are the
 * class's attributes. */
static bool is_class_root(const unit_walk *w, const scope *s) {
  return s == w->root && s->kind == SCOPE_CLASS && w->class_name;
}

/* Binds in `s`, or in the module when `s` is the module or declared the name
 * global. */
static void bind(unit_walk *w, scope *s, const char *name, size_t len, scope_bind_kind kind,
                 const char *target) {
  if (s->kind == SCOPE_MODULE) {
    add_contrib(w, name, len, kind, target);
    return;
  }
  int existing = scope_kind_of(s, name, len);
  if (existing == BIND_GLOBAL) {
    if (kind != BIND_GLOBAL) add_contrib(w, name, len, kind, target);
    return;
  }
  if (existing == BIND_NONLOCAL) return;
  scope_site site = site_for(w, s, w->at_pos, w->at_value_pos);
  if (scope_bind_at(s, name, len, kind, target, &site) < 0) w->failed = true;
  if (is_class_root(w, s)) add_class_member(w, name, len, false, kind, target, s);
}

static void bind_node(unit_walk *w, scope *s, TSNode name, scope_bind_kind kind,
                      const char *target) {
  size_t len;
  const char *text = text_of(w, name, &len);
  bind(w, s, text, len, kind, target);
}

static const char *self_attribute(const unit_walk *w, const scope *s, TSNode target, size_t *len);

/* Binds every name a target pattern assigns (`a, (b, *c) = ...`); attributes
 * and subscripts assign into objects and bind nothing, but an attribute of
 * `self` assigned so holds something unknown. */
static void bind_targets(unit_walk *w, scope *s, TSNode target) {
  const syn_ids *id = w->ids;
  TSNode stack[64];
  size_t depth = 0;
  stack[depth++] = target;
  while (depth > 0) {
    TSNode n = stack[--depth];
    TSSymbol sym = ts_node_symbol(n);
    size_t attr_len;
    const char *attr;
    if (sym == id->identifier) {
      bind_node(w, s, n, BIND_OTHER, NULL);
    } else if (sym == id->attribute && (attr = self_attribute(w, s, n, &attr_len))) {
      add_class_member(w, attr, attr_len, false, BIND_OTHER, NULL, s);
    } else if (sym == id->pattern_list || sym == id->tuple_pattern || sym == id->list_pattern ||
               sym == id->list_splat_pattern || sym == id->parenthesized_expression ||
               sym == id->as_pattern_target || sym == id->dictionary_splat_pattern ||
               sym == id->tuple || sym == id->list) {
      uint32_t n_children = ts_node_named_child_count(n);
      for (uint32_t i = 0; i < n_children && depth < 64; i++)
        stack[depth++] = ts_node_named_child(n, i);
    }
  }
}

/*
 * The chain an expression is made of: `requests.Session()` for
 * `requests.Session(timeout=3)`, `open().read` for `open(p).read`. Fails
 * (-1) for anything that is not identifiers, attributes and calls.
 */
static int chain_of(const unit_walk *w, TSNode n, char *buf, size_t cap) {
  const syn_ids *id = w->ids;
  TSNode spine[CHAIN_DEPTH_MAX];
  size_t depth = 0;
  for (;;) {
    if (depth == CHAIN_DEPTH_MAX) return -1;
    spine[depth++] = n;
    TSSymbol sym = ts_node_symbol(n);
    if (sym == id->identifier) break;
    if (sym == id->attribute)
      n = ts_node_child_by_field_id(n, id->f_object);
    else if (sym == id->call)
      n = ts_node_child_by_field_id(n, id->f_function);
    else if (sym == id->parenthesized_expression && ts_node_named_child_count(n) == 1)
      n = ts_node_named_child(n, 0);
    else
      return -1;
    if (ts_node_is_null(n)) return -1;
  }
  size_t len = 0;
  for (size_t i = depth; i > 0; i--) {
    TSNode part = spine[i - 1];
    TSSymbol sym = ts_node_symbol(part);
    const char *piece = NULL;
    size_t piece_len = 0;
    int dot = 0;
    if (sym == id->identifier) {
      piece = text_of(w, part, &piece_len);
    } else if (sym == id->attribute) {
      TSNode attr = ts_node_child_by_field_id(part, id->f_attribute);
      if (ts_node_is_null(attr)) return -1;
      piece = text_of(w, attr, &piece_len);
      dot = 1;
    } else if (sym == id->call) {
      piece = "()";
      piece_len = 2;
    }
    if (len + dot + piece_len + 1 > cap) return -1;
    if (dot) buf[len++] = '.';
    memcpy(buf + len, piece, piece_len);
    len += piece_len;
  }
  buf[len] = '\0';
  return (int)len;
}

/* Looks through `type` wrappers, which annotations put around expressions. */
static TSNode unwrap_type(const syn_ids *id, TSNode n) {
  while (!ts_node_is_null(n) && ts_node_symbol(n) == id->type && ts_node_named_child_count(n) == 1)
    n = ts_node_named_child(n, 0);
  return n;
}

static bool last_name_is(const unit_walk *w, TSNode n, const char *word) {
  if (ts_node_symbol(n) == w->ids->attribute) n = ts_node_child_by_field_id(n, w->ids->f_attribute);
  if (ts_node_is_null(n) || ts_node_symbol(n) != w->ids->identifier) return false;
  size_t len;
  const char *text = text_of(w, n, &len);
  return len == strlen(word) && memcmp(text, word, len) == 0;
}

/* The one member of a union that is not None, or a null node. */
static TSNode single_non_none(const unit_walk *w, TSNode parent, TSNode skip) {
  TSNode found = {0};
  uint32_t n = ts_node_named_child_count(parent);
  for (uint32_t i = 0; i < n; i++) {
    TSNode m = ts_node_named_child(parent, i);
    if (!ts_node_is_null(skip) && ts_node_eq(m, skip)) continue;
    if (ts_node_symbol(m) == w->ids->comment) continue;
    if (ts_node_symbol(unwrap_type(w->ids, m)) == w->ids->none) continue;
    if (!ts_node_is_null(found)) return (TSNode){0};
    found = m;
  }
  return found;
}

/* The instance chain of a string annotation that names a class
 * (`"Store"`, `"httpx.Client"`), or -1. */
static int string_annotation_chain(const unit_walk *w, TSNode t, char *buf, size_t cap) {
  if (ts_node_named_child_count(t) != 3) return -1;
  TSNode content = ts_node_named_child(t, 1);
  if (ts_node_symbol(content) != w->ids->string_content) return -1;
  size_t len;
  const char *text = text_of(w, content, &len);
  if (len == 0 || len + 3 > cap || isdigit((unsigned char)text[0]) || text[0] == '.' ||
      text[len - 1] == '.')
    return -1;
  for (size_t i = 0; i < len; i++)
    if (!(isalnum((unsigned char)text[i]) || text[i] == '_' || text[i] == '.')) return -1;
  memcpy(buf, text, len);
  memcpy(buf + len, "()", 3);
  return (int)len + 2;
}

/*
 * The instance chain an annotation declares: `httpx.Client()` for
 * `httpx.Client`, `"httpx.Client"`, `Optional[httpx.Client]`,
 * `Union[httpx.Client, None]` or `httpx.Client | None`. Fails (-1) for
 * anything else, unions of two real types included.
 */
static int annotation_chain(const unit_walk *w, TSNode t, char *buf, size_t cap) {
  const syn_ids *id = w->ids;
  for (int step = 0; step < 8; step++) {
    t = unwrap_type(id, t);
    if (ts_node_is_null(t)) return -1;
    TSSymbol sym = ts_node_symbol(t);
    if (sym == id->identifier || sym == id->attribute) {
      int len = chain_of(w, t, buf, cap);
      if (len <= 0 || (size_t)len + 3 > cap) return -1;
      memcpy(buf + len, "()", 3);
      return len + 2;
    }
    if (sym == id->string) return string_annotation_chain(w, t, buf, cap);
    TSNode name = ts_node_named_child(t, 0);
    if (sym == id->generic_type || sym == id->subscript) {
      if (ts_node_is_null(name) || !(last_name_is(w, name, "Optional") || last_name_is(w, name, "Union")))
        return -1;
      TSNode params = sym == id->generic_type ? ts_node_named_child(t, 1) : t;
      if (ts_node_is_null(params)) return -1;
      t = single_non_none(w, params, sym == id->subscript ? name : (TSNode){0});
    } else if (sym == id->union_type) {
      t = single_non_none(w, t, (TSNode){0});
    } else if (sym == id->binary_operator) {
      TSNode op = ts_node_child_by_field_id(t, id->f_operator);
      size_t len;
      const char *text = ts_node_is_null(op) ? "" : text_of(w, op, &len);
      if (ts_node_is_null(op) || len != 1 || text[0] != '|') return -1;
      t = single_non_none(w, t, (TSNode){0});
    } else {
      return -1;
    }
  }
  return -1;
}

/* Binds an annotated name to the instance its annotation declares, or to
 * something opaque. */
static void bind_annotated(unit_walk *w, scope *s, TSNode name, TSNode annotation) {
  char chain[CHAIN_MAX];
  if (ts_node_symbol(name) == w->ids->identifier && !ts_node_is_null(annotation) &&
      annotation_chain(w, annotation, chain, sizeof chain) > 0)
    bind_node(w, s, name, BIND_EXPR, chain);
  else
    bind_targets(w, s, name);
}

/* What `name = value` binds: a chain we can follow later, the None of the
 * optional-import idiom, or something opaque. */
/* The name the resolver gives a Jython test (`sys.platform.startswith("java")`),
 * written with its argument so no other chain can equal it. */
#define JYTHON_TEST "sys.platform.startswith('java')"

/* `X.platform.startswith("java")`, with `X` written as the code does: the
 * resolver then qualifies X. Writes the chain into buf; false otherwise. */
static bool jython_test(const unit_walk *w, TSNode n, char *buf, size_t cap) {
  const syn_ids *id = w->ids;
  if (ts_node_is_null(n) || ts_node_symbol(n) != id->call) return false;
  TSNode fn = ts_node_child_by_field_id(n, id->f_function);
  TSNode args = ts_node_child_by_field_id(n, id->f_arguments);
  if (ts_node_is_null(fn) || ts_node_is_null(args) || ts_node_named_child_count(args) != 1)
    return false;
  TSNode arg = ts_node_named_child(args, 0);
  if (ts_node_symbol(arg) != id->string || ts_node_named_child_count(arg) != 3) return false;
  TSNode content = ts_node_named_child(arg, 1);
  size_t len;
  const char *text = text_of(w, content, &len);
  if (ts_node_symbol(content) != id->string_content || len != 4 || memcmp(text, "java", 4) != 0)
    return false;
  char chain[CHAIN_MAX];
  int n_len = chain_of(w, fn, chain, sizeof chain);
  const char *tail = ".platform.startswith";
  size_t tail_len = strlen(tail);
  if (n_len <= (int)tail_len || strcmp(chain + n_len - tail_len, tail) != 0 ||
      memchr(chain, '.', (size_t)n_len - tail_len))
    return false;
  return snprintf(buf, cap, "%.*s%s", n_len - (int)tail_len, chain,
                  JYTHON_TEST + strlen("sys")) < (int)cap;
}

static void bind_value(unit_walk *w, scope *s, TSNode name, TSNode value) {
  char chain[CHAIN_MAX];
  if (jython_test(w, value, chain, sizeof chain)) {
    bind_node(w, s, name, BIND_EXPR, chain);
  } else if (ts_node_is_null(value)) {
    bind_node(w, s, name, BIND_OTHER, NULL);
  } else if (ts_node_symbol(value) == w->ids->none) {
    bind_node(w, s, name, BIND_NONE_VALUE, NULL);
  } else if (chain_of(w, value, chain, sizeof chain) > 0) {
    bind_node(w, s, name, BIND_EXPR, chain);
  } else {
    bind_node(w, s, name, BIND_OTHER, NULL);
  }
}

static void copy_text(const unit_walk *w, TSNode n, char *buf, size_t cap) {
  size_t len;
  const char *text = text_of(w, n, &len);
  size_t out = 0;
  /* dotted_name text may hold spaces or comments between its parts */
  for (size_t i = 0; i < len && out + 1 < cap; i++)
    if (text[i] != ' ' && text[i] != '\t' && text[i] != '\\' && text[i] != '\n' && text[i] != '\r')
      buf[out++] = text[i];
  buf[out] = '\0';
}

/* `import a.b` binds `a` to `a`; `import a.b as c` binds `c` to `a.b`. */
static void bind_import(unit_walk *w, scope *s, TSNode stmt) {
  const syn_ids *id = w->ids;
  uint32_t n = ts_node_named_child_count(stmt);
  char qualified[CHAIN_MAX];
  for (uint32_t i = 0; i < n; i++) {
    TSNode item = ts_node_named_child(stmt, i);
    TSSymbol sym = ts_node_symbol(item);
    if (sym == id->dotted_name) {
      TSNode first = ts_node_named_child(item, 0);
      if (ts_node_is_null(first)) continue;
      copy_text(w, first, qualified, sizeof qualified);
      bind_node(w, s, first, BIND_IMPORT, qualified);
    } else if (sym == id->aliased_import) {
      TSNode name = ts_node_child_by_field_id(item, id->f_name);
      TSNode alias = ts_node_child_by_field_id(item, id->f_alias);
      if (ts_node_is_null(name) || ts_node_is_null(alias)) continue;
      copy_text(w, name, qualified, sizeof qualified);
      bind_node(w, s, alias, BIND_IMPORT, qualified);
    }
  }
}

/* `from a import b as c` binds `c` to `a.b`; from a relative module, to a
 * relative name (`.helpers.load`, `..x`) that only a workspace can follow. */
static void bind_import_from(unit_walk *w, scope *s, TSNode stmt) {
  const syn_ids *id = w->ids;
  TSNode module = ts_node_child_by_field_id(stmt, id->f_module_name);
  if (ts_node_is_null(module)) return;
  bool relative = ts_node_symbol(module) == id->relative_import;
  char module_name[CHAIN_MAX], member[CHAIN_MAX], qualified[2 * CHAIN_MAX + 1];
  copy_text(w, module, module_name, sizeof module_name);

  uint32_t n = ts_node_named_child_count(stmt);
  for (uint32_t i = 0; i < n; i++) {
    TSNode item = ts_node_named_child(stmt, i);
    if (ts_node_eq(item, module)) continue;
    TSSymbol sym = ts_node_symbol(item);
    TSNode name = item, alias = item;
    if (sym == id->aliased_import) {
      name = ts_node_child_by_field_id(item, id->f_name);
      alias = ts_node_child_by_field_id(item, id->f_alias);
      if (ts_node_is_null(name) || ts_node_is_null(alias)) continue;
    } else if (sym != id->dotted_name) {
      continue;
    }
    copy_text(w, name, member, sizeof member);
    size_t module_len = strlen(module_name);
    bool bare_dots = relative && module_len > 0 && module_name[module_len - 1] == '.';
    snprintf(qualified, sizeof qualified, "%s%s%s", module_name, bare_dots ? "" : ".", member);
    bind_node(w, s, alias, BIND_IMPORT, qualified);
  }
}

/* Binds a function's parameters; `instance`, when given, is what the first
 * one holds (`Store()` for the `self` of Store's methods). */
static void bind_parameters(unit_walk *w, scope *s, TSNode params, const char *instance) {
  const syn_ids *id = w->ids;
  if (ts_node_is_null(params)) return;
  /* Parameters are bound before the body runs. */
  w->at_pos = w->at_value_pos = s->start;
  uint32_t n = ts_node_named_child_count(params);
  for (uint32_t i = 0; i < n; i++) {
    TSNode p = ts_node_named_child(params, i);
    TSSymbol sym = ts_node_symbol(p);
    if (i == 0 && instance && sym == id->identifier) {
      bind_node(w, s, p, BIND_EXPR, instance);
    } else if (sym == id->default_parameter || sym == id->typed_default_parameter) {
      TSNode name = ts_node_child_by_field_id(p, id->f_name);
      if (!ts_node_is_null(name))
        bind_annotated(w, s, name, ts_node_child_by_field_id(p, id->f_type));
    } else if (sym == id->typed_parameter) {
      TSNode name = ts_node_named_child(p, 0);
      if (!ts_node_is_null(name))
        bind_annotated(w, s, name, ts_node_child_by_field_id(p, id->f_type));
    } else {
      bind_targets(w, s, p);
    }
  }
}

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

static bool is_async_def(const unit_walk *w, TSNode def) {
  TSNode first = ts_node_child(def, 0);
  if (!ts_node_is_null(first) && ts_node_symbol(first) == w->ids->kw_async) return true;
  /* After a syntax error just above, recovery can leave the `async` keyword
   * at the end of an ERROR node and start the definition at `def`. Only
   * whitespace can separate the two (a comment would be a sibling between
   * them), so the text says first whether to ask the tree, whose sibling
   * lookup starts again from the root. */
  uint32_t at = ts_node_start_byte(def);
  while (at > 0 && is_blank(w->source[at - 1])) at--;
  bool other_blank = at > 0 && (unsigned char)w->source[at - 1] >= 0x80;
  if (!other_blank && (at < 5 || memcmp(w->source + at - 5, "async", 5) != 0)) return false;
  TSNode before = ts_node_prev_sibling(def);
  if (ts_node_is_null(before) || ts_node_symbol(before) != w->ids->error) return false;
  uint32_t n = ts_node_child_count(before);
  TSNode last = n ? ts_node_child(before, n - 1) : before;
  return n && ts_node_symbol(last) == w->ids->kw_async &&
         ts_node_end_byte(last) <= ts_node_start_byte(def);
}

/* A numeric-only lookup (`socket.NI_NUMERICHOST`, `AI_NUMERICHOST`, or a
 * project constant named for it) never reaches DNS. Only names count: a
 * comment or a string that says so does not. */
static bool mentions_numeric_host(const unit_walk *w, TSNode args) {
  TSTreeCursor c = ts_tree_cursor_new(args);
  bool found = false, more = true;
  while (more && !found) {
    TSNode n = ts_tree_cursor_current_node(&c);
    if (ts_node_symbol(n) == w->ids->identifier) {
      size_t len;
      const char *text = text_of(w, n, &len);
      found = (len >= 11 && memcmp(text + len - 11, "NUMERICHOST", 11) == 0) ||
              (len >= 12 && memcmp(text + len - 12, "NUMERIC_ONLY", 12) == 0);
    }
    more = syn_cursor_next(&c);
  }
  ts_tree_cursor_delete(&c);
  return found;
}

static bool is_comprehension(const syn_ids *id, TSSymbol sym) {
  return sym == id->list_comprehension || sym == id->set_comprehension ||
         sym == id->dictionary_comprehension || sym == id->generator_expression;
}

/* The nearest scope a walrus binds in: comprehensions leak it outwards. */
static scope *walrus_scope(scope *s) {
  while (s->kind == SCOPE_COMPREHENSION && s->parent) s = s->parent;
  return s;
}

static void push_region(unit_walk *w, TSNode n, scope *s, bool loop) {
  GROW(w, w->regions, w->region_count, w->region_cap);
  if (!w->failed) w->regions[w->region_count++] = (region){n, s, loop};
}

static void add_candidate(unit_walk *w, TSNode n, scope *s, bool is_with, int fn) {
  GROW(w, w->candidates, w->candidate_count, w->candidate_cap);
  if (w->failed) return;
  uint32_t at = ts_node_start_byte(n);
  w->candidates[w->candidate_count++] =
      (candidate){n, s, site_for(w, s, at, at), is_with, fn, w->guard_top};
}

/* The `with` statement around a with_item being entered is `async with`. */
static bool in_async_with(const unit_walk *w) {
  if (w->ancestor_count < 2) return false;
  TSNode stmt = w->ancestors[w->ancestor_count - 2];
  if (ts_node_symbol(stmt) != w->ids->with_statement) return false;
  TSNode first = ts_node_child(stmt, 0);
  return !ts_node_is_null(first) && ts_node_symbol(first) == w->ids->kw_async;
}

/* ---- Helpers that block: what the walk records for interproc.h ---- */

/* Whether the unit's own scope defines functions worth summarising: the
 * module for a top-level statement, the class for a member. */
static bool is_unit_scope(const unit_walk *w, const scope *s) {
  if (s != w->root) return false;
  return (w->kind == UNIT_TOP && s->kind == SCOPE_MODULE) ||
         (w->kind == UNIT_CLASS_MEMBER && s->kind == SCOPE_CLASS);
}

/* Whether the definition being entered carries the decorator `word`
 * (`@property`, `@functools.cached_property`). */
static bool decorated_with(const unit_walk *w, const char *word) {
  if (w->ancestor_count == 0) return false;
  TSNode parent = w->ancestors[w->ancestor_count - 1];
  if (ts_node_symbol(parent) != w->ids->decorated_definition) return false;
  uint32_t n = ts_node_named_child_count(parent);
  for (uint32_t i = 0; i < n; i++) {
    TSNode d = ts_node_named_child(parent, i);
    if (ts_node_symbol(d) != w->ids->decorator) continue;
    TSNode e = ts_node_named_child(d, 0);
    if (!ts_node_is_null(e) && last_name_is(w, e, word)) return true;
  }
  return false;
}

/* A module-level sync `def` binds its name to the helper `@.<name>`, a sync
 * method of the unit's class to `@.<class>.<name>`, which calls from async
 * code resolve to; a property stands for what it returns; a class is
 * `@.<class>`, the root of its instances' members (members.h). Anything
 * else binds as before. */
static void bind_definition_name(unit_walk *w, scope *s, TSNode name, TSSymbol sym,
                                 bool is_async) {
  size_t len;
  const char *text = text_of(w, name, &len);
  bool function = sym == w->ids->function_definition && !is_async;
  bool class = sym == w->ids->class_definition && s->kind == SCOPE_MODULE;
  bool method = function && is_class_root(w, s);
  char target[CHAIN_MAX];
  int n = -1;
  if (method)
    n = snprintf(target, sizeof target, "%s%.*s.%.*s", IP_SELF_PREFIX, (int)w->class_name_len,
                 w->class_name, (int)len, text);
  else if ((function || class) && s->kind == SCOPE_MODULE)
    n = snprintf(target, sizeof target, "%s%.*s", IP_SELF_PREFIX, (int)len, text);
  if (n <= 0 || (size_t)n + 2 >= sizeof target) {
    bind(w, s, text, len, BIND_OTHER, NULL);
  } else if (method && (decorated_with(w, "property") || decorated_with(w, "cached_property"))) {
    memcpy(target + n, "()", 3);
    bind(w, s, text, len, BIND_EXPR, target);
  } else {
    bind(w, s, text, len, BIND_IMPORT, target);
  }
}

/* The name a method's first parameter gives the instance (`self`). */
static const char *first_parameter(const unit_walk *w, TSNode def, size_t *len) {
  TSNode params = ts_node_child_by_field_id(def, w->ids->f_parameters);
  TSNode p = ts_node_is_null(params) ? params : ts_node_named_child(params, 0);
  if (ts_node_is_null(p)) return NULL;
  TSSymbol sym = ts_node_symbol(p);
  if (sym == w->ids->typed_parameter)
    p = ts_node_named_child(p, 0);
  else if (sym == w->ids->default_parameter || sym == w->ids->typed_default_parameter)
    p = ts_node_child_by_field_id(p, w->ids->f_name);
  if (ts_node_is_null(p) || ts_node_symbol(p) != w->ids->identifier) return NULL;
  return text_of(w, p, len);
}

/* What a sync function returns, when its `-> T` annotation says. */
static void note_declared_return(unit_walk *w, TSNode def, scope *outer, fn_info *info) {
  TSNode type = ts_node_child_by_field_id(def, w->ids->f_return_type);
  if (ts_node_is_null(type)) return;
  info->returns_declared = true;
  char name[CHAIN_MAX], chain[CHAIN_MAX];
  int n = members_return_name(name, sizeof name, info->key, strlen(info->key));
  bool known = annotation_chain(w, type, chain, sizeof chain) > 0;
  add_member(w, name, n, known ? BIND_EXPR : BIND_OTHER, chain, outer, -1);
}

/* Records a function of the unit's own scope; returns it, or NULL. */
static fn_info *note_function(unit_walk *w, TSNode def, scope *outer, scope *inner,
                              bool is_async) {
  if (!is_unit_scope(w, outer)) return NULL;
  TSNode name = ts_node_child_by_field_id(def, w->ids->f_name);
  if (ts_node_is_null(name)) return NULL;
  GROW(w, w->fns, w->fn_count, w->fn_cap);
  if (w->failed) return NULL;
  fn_info *info = &w->fns[w->fn_count++];
  *info = (fn_info){.s = inner, .summary = -1};
  /* A static or class method's first parameter is no instance. */
  if (outer->kind == SCOPE_CLASS && !decorated_with(w, "staticmethod") &&
      !decorated_with(w, "classmethod"))
    info->self = first_parameter(w, def, &info->self_len);
  size_t len;
  const char *text = text_of(w, name, &len);
  int n = outer->kind == SCOPE_CLASS
              ? snprintf(info->key, sizeof info->key, "%.*s.%.*s", (int)w->class_name_len,
                         w->class_name, (int)len, text)
              : snprintf(info->key, sizeof info->key, "%.*s", (int)len, text);
  if (n <= 0 || (size_t)n >= sizeof info->key) {
    info->key[0] = '\0';
    return info;
  }
  if (!is_async) {
    info->summary = ip_unit_add_fn(w->ip, info->key, (size_t)n);
    if (info->summary < 0) w->failed = true;
    note_declared_return(w, def, outer, info);
  }
  return info;
}

/* The function a scope's code runs in (comprehensions run in theirs). */
static const fn_info *function_of(const unit_walk *w, const scope *s) {
  while (s && s->kind == SCOPE_COMPREHENSION) s = s->parent;
  for (size_t i = 0; s && i < w->fn_count; i++)
    if (w->fns[i].s == s) return &w->fns[i];
  return NULL;
}

static int summary_of(const unit_walk *w, const scope *s) {
  const fn_info *f = function_of(w, s);
  return f ? f->summary : -1;
}

/* Calling a generator function runs none of its body. */
static void mark_generator(unit_walk *w, const scope *s) {
  int fn = summary_of(w, s);
  if (fn >= 0) w->ip->fns[fn].opaque = true;
}

/* The attribute's name when `target` is `self.<name>` in a method of the
 * unit's class (whatever its instance parameter is called), else NULL. */
static const char *self_attribute(const unit_walk *w, const scope *s, TSNode target,
                                  size_t *len) {
  if (ts_node_symbol(target) != w->ids->attribute) return NULL;
  const fn_info *f = function_of(w, s);
  TSNode object = ts_node_child_by_field_id(target, w->ids->f_object);
  TSNode attr = ts_node_child_by_field_id(target, w->ids->f_attribute);
  if (!f || !f->self || ts_node_is_null(object) || ts_node_is_null(attr) ||
      ts_node_symbol(object) != w->ids->identifier)
    return NULL;
  size_t object_len;
  const char *object_text = text_of(w, object, &object_len);
  if (object_len != f->self_len || memcmp(object_text, f->self, object_len) != 0) return NULL;
  return text_of(w, attr, len);
}

/* `self.x = value` (or `self.x: T = value`) in a method: what the class's
 * instances hold in `x`. */
static void note_self_assignment(unit_walk *w, scope *s, const char *attr, size_t len,
                                 TSNode type, TSNode value) {
  char chain[CHAIN_MAX];
  if (!ts_node_is_null(type) && annotation_chain(w, type, chain, sizeof chain) > 0)
    add_class_member(w, attr, len, true, BIND_EXPR, chain, s);
  if (ts_node_is_null(value)) return;
  if (ts_node_symbol(value) == w->ids->none)
    add_class_member(w, attr, len, false, BIND_NONE_VALUE, NULL, s);
  else if (chain_of(w, value, chain, sizeof chain) > 0)
    add_class_member(w, attr, len, false, BIND_EXPR, chain, s);
  else
    add_class_member(w, attr, len, false, BIND_OTHER, NULL, s);
}

/* A `return` of a sync function of the unit's scope without a declared
 * result: one of the values its callers get. */
static void note_return(unit_walk *w, scope *s, TSNode stmt) {
  const fn_info *f = function_of(w, s);
  if (!f || f->s != s || f->summary < 0 || f->returns_declared || !f->key[0]) return;
  char name[CHAIN_MAX], chain[CHAIN_MAX];
  int n = members_return_name(name, sizeof name, f->key, strlen(f->key));
  TSNode value = ts_node_named_child(stmt, 0);
  int fn = (int)(f - w->fns);
  if (ts_node_is_null(value) || ts_node_symbol(value) == w->ids->none)
    add_member(w, name, n, BIND_NONE_VALUE, NULL, s, fn);
  else if (chain_of(w, value, chain, sizeof chain) > 0)
    add_member(w, name, n, BIND_EXPR, chain, s, fn);
  else
    add_member(w, name, n, BIND_OTHER, NULL, s, fn);
}

/* The member chains recorded during the walk, now resolved through the
 * bindings around them; a generator's returns are not what its calls give. */
static void resolve_member_values(unit_walk *w) {
  for (size_t i = 0; i < w->value_count && !w->failed; i++) {
    const member_value *v = &w->values[i];
    int summary = v->fn >= 0 ? w->fns[v->fn].summary : -1;
    bool generator = summary >= 0 && w->ip->fns[summary].opaque;
    scope_alts alts;
    int n = generator ? -1 : scope_localize(v->s, v->chain, strlen(v->chain), &v->site, &alts);
    if (n <= 0) add_contrib(w, v->name, strlen(v->name), BIND_OTHER, NULL);
    for (int k = 0; k < n; k++) add_contrib(w, v->name, strlen(v->name), BIND_EXPR, alts.text[k]);
  }
}

/* A resolved callee outside the catalogue: a step of the helper it is made
 * in, or, in async context, a call that may reach a helper. Builtins are
 * neither. */
static int note_helper_call(unit_walk *w, const candidate *c, TSNode callee, const char *target) {
  if (strncmp(target, "builtins.", 9) == 0) return 0;
  uint32_t start = ts_node_start_byte(callee), end = ts_node_end_byte(callee);
  if (c->fn >= 0) return ip_unit_add_step(w->ip, (size_t)c->fn, IP_STEP_CALL, start, end, NULL, target);
  return ip_unit_add_call(w->ip, target, start, end);
}

ip_unit *unit_walk_take_summary(unit_walk *w) {
  ip_unit *u = w->ip;
  w->ip = NULL;
  if (u && u->fn_count == 0 && u->call_count == 0) {
    ip_unit_free(u);
    return NULL;
  }
  if (u) ip_unit_seal(u);
  return u;
}

/* The name of the class a member unit belongs to. */
static void find_class_name(unit_walk *w, TSNode cls) {
  TSNode name = ts_node_is_null(cls) ? cls : ts_node_child_by_field_id(cls, w->ids->f_name);
  if (!ts_node_is_null(name)) w->class_name = text_of(w, name, &w->class_name_len);
}

/* ---- end of helpers that block ---- */

/* Returns false when the node's children need no walk. */
static bool enter(unit_walk *w, TSNode n) {
  const syn_ids *id = w->ids;
  /* Punctuation and keywords: leaves that bind and call nothing (the
   * `async` of a def is read from the def). */
  if (!ts_node_is_named(n)) return false;
  if (w->frame_count > 0) {
    frame *top = &w->frames[w->frame_count - 1];
    if (!top->active && ts_node_eq(n, top->body)) top->active = true;
  }
  scope *s = current(w);
  TSSymbol sym = ts_node_symbol(n);
  w->at_pos = ts_node_end_byte(n);
  w->at_value_pos = ts_node_start_byte(n);

  if (sym == id->block && w->ancestor_count > 0) {
    /* Every block but a function's, a class's or a `with`'s is a branch
     * arm, a loop body or a try/except part: it may not run. */
    TSSymbol parent = ts_node_symbol(w->ancestors[w->ancestor_count - 1]);
    if (parent != id->function_definition && parent != id->class_definition &&
        parent != id->with_statement)
      push_region(w, n, s, false);
    TSNode owner = w->ancestors[w->ancestor_count - 1];
    if (parent == id->if_statement &&
        ts_node_eq(ts_node_child_by_field_id(owner, id->f_consequence), n)) {
      GROW(w, w->guards, w->guard_count, w->guard_cap);
      if (w->failed) return false;
      w->guards[w->guard_count] =
          (guard){ts_node_child_by_field_id(owner, id->f_condition), n, w->guard_top};
      w->guard_top = (int)w->guard_count++;
    }
  } else if (sym == id->while_statement) {
    push_region(w, n, s, true);
  }

  if (sym == id->call) {
    int fn = s->is_async ? -1 : summary_of(w, s);
    if (s->is_async || fn >= 0) add_candidate(w, n, s, false, fn);
  } else if (sym == id->identifier || sym == id->comment || sym == id->string_content) {
    return false;
  } else if (sym == id->function_definition || sym == id->lambda || sym == id->class_definition) {
    TSNode name = ts_node_child_by_field_id(n, id->f_name);
    scope_kind kind = sym == id->class_definition ? SCOPE_CLASS
                      : sym == id->lambda         ? SCOPE_LAMBDA
                                                  : SCOPE_FUNCTION;
    bool is_async = sym == id->function_definition && is_async_def(w, n);
    if (!ts_node_is_null(name)) bind_definition_name(w, s, name, sym, is_async);
    scope *inner = make_scope(w, kind, is_async, s, n);
    if (!inner) return false;
    const fn_info *f = sym == id->function_definition ? note_function(w, n, s, inner, is_async)
                                                      : NULL;
    char instance[CHAIN_MAX];
    bool method = f && f->self &&
                  snprintf(instance, sizeof instance, "%.*s()", (int)w->class_name_len,
                           w->class_name) < (int)sizeof instance;
    bind_parameters(w, inner, ts_node_child_by_field_id(n, id->f_parameters),
                    method ? instance : NULL);
    TSNode body = ts_node_child_by_field_id(n, id->f_body);
    push_frame(w, inner, n, body, false);
  } else if (is_comprehension(id, sym)) {
    scope *inner = make_scope(w, SCOPE_COMPREHENSION, s->is_async, s, n);
    if (!inner) return false;
    push_frame(w, inner, n, n, true);
  } else if (sym == id->for_in_clause || sym == id->for_statement) {
    if (sym == id->for_statement) push_region(w, n, s, true);
    TSNode left = ts_node_child_by_field_id(n, id->f_left);
    TSNode right = ts_node_child_by_field_id(n, id->f_right);
    if (!ts_node_is_null(right)) w->at_value_pos = ts_node_start_byte(right);
    if (!ts_node_is_null(left)) {
      w->at_pos = ts_node_end_byte(left);
      bind_targets(w, s, left);
    }
  } else if (sym == id->import_statement) {
    bind_import(w, s, n);
    return false;
  } else if (sym == id->import_from_statement) {
    bind_import_from(w, s, n);
    return false;
  } else if (sym == id->future_import_statement) {
    return false;
  } else if (sym == id->assignment) {
    TSNode left = ts_node_child_by_field_id(n, id->f_left);
    TSNode right = ts_node_child_by_field_id(n, id->f_right);
    TSNode type = ts_node_child_by_field_id(n, id->f_type);
    char chain[CHAIN_MAX];
    size_t attr_len;
    const char *attr;
    if (!ts_node_is_null(right)) w->at_value_pos = ts_node_start_byte(right);
    if (!ts_node_is_null(left)) {
      bool declared = ts_node_symbol(left) == id->identifier && !ts_node_is_null(type) &&
                      annotation_chain(w, type, chain, sizeof chain) > 0;
      if (declared && is_class_root(w, s)) {
        size_t len;
        const char *name = text_of(w, left, &len);
        add_class_member(w, name, len, true, BIND_EXPR, chain, s);
      }
      if (declared)
        bind_node(w, s, left, BIND_EXPR, chain);
      else if ((attr = self_attribute(w, s, left, &attr_len)))
        note_self_assignment(w, s, attr, attr_len, type, right);
      else if (ts_node_symbol(left) == id->identifier)
        bind_value(w, s, left, right);
      else
        bind_targets(w, s, left);
    }
  } else if (sym == id->augmented_assignment) {
    TSNode left = ts_node_child_by_field_id(n, id->f_left);
    if (!ts_node_is_null(left)) bind_targets(w, s, left);
  } else if (sym == id->with_item) {
    TSNode value = ts_node_child_by_field_id(n, id->f_value);
    if (s->is_async && !ts_node_is_null(value) && !in_async_with(w)) {
      TSNode entered = ts_node_symbol(value) == id->as_pattern ? ts_node_named_child(value, 0) : value;
      if (!ts_node_is_null(entered)) add_candidate(w, entered, s, true, -1);
    }
    if (!ts_node_is_null(value) && ts_node_symbol(value) == id->as_pattern) {
      TSNode target = ts_node_child_by_field_id(value, id->f_alias);
      TSNode expr = ts_node_named_child(value, 0);
      TSNode single = ts_node_is_null(target) ? target : ts_node_named_child(target, 0);
      if (!ts_node_is_null(single) && ts_node_named_child_count(target) == 1 &&
          ts_node_symbol(single) == id->identifier)
        bind_value(w, s, single, expr);
      else if (!ts_node_is_null(target))
        bind_targets(w, s, target);
    }
  } else if (sym == id->except_clause) {
    /* `except E as e` is an as_pattern in the value (or, in older grammars,
     * an alias field of the clause). */
    TSNode alias = ts_node_child_by_field_id(n, id->f_alias);
    TSNode value = ts_node_child_by_field_id(n, id->f_value);
    if (ts_node_is_null(alias) && !ts_node_is_null(value) && ts_node_symbol(value) == id->as_pattern)
      alias = ts_node_child_by_field_id(value, id->f_alias);
    if (!ts_node_is_null(alias)) bind_targets(w, s, alias);
  } else if (sym == id->named_expression) {
    TSNode name = ts_node_child_by_field_id(n, id->f_name);
    TSNode value = ts_node_child_by_field_id(n, id->f_value);
    if (!ts_node_is_null(value)) w->at_value_pos = ts_node_start_byte(value);
    if (!ts_node_is_null(name)) bind_value(w, walrus_scope(s), name, value);
  } else if (sym == id->global_statement || sym == id->nonlocal_statement) {
    scope_bind_kind kind = sym == id->global_statement ? BIND_GLOBAL : BIND_NONLOCAL;
    if (s->kind != SCOPE_MODULE) {
      uint32_t count = ts_node_named_child_count(n);
      for (uint32_t i = 0; i < count; i++) {
        TSNode name = ts_node_named_child(n, i);
        if (ts_node_symbol(name) != id->identifier) continue;
        size_t len;
        const char *text = text_of(w, name, &len);
        if (scope_bind(s, text, len, kind, NULL) < 0) w->failed = true;
      }
    }
    return false;
  } else if (sym == id->yield) {
    mark_generator(w, s);
  } else if (sym == id->return_statement) {
    note_return(w, s, n);
  }
  return true;
}

static void leave(unit_walk *w, TSNode n) {
  if (w->guard_top >= 0 && ts_node_eq(n, w->guards[w->guard_top].body))
    w->guard_top = w->guards[w->guard_top].outer;
  while (w->region_count > 0 && ts_node_eq(n, w->regions[w->region_count - 1].node))
    w->region_count--;
  while (w->frame_count > 0) {
    frame *top = &w->frames[w->frame_count - 1];
    if (ts_node_eq(n, top->owner) || (top->active && ts_node_eq(n, top->body)))
      w->frame_count--;
    else
      break;
  }
}

/* Depth-first over the unit with a cursor: no recursion, however deep the
 * user's code nests. */
static void walk(unit_walk *w, TSNode root) {
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  bool descend = enter(w, ts_tree_cursor_current_node(&cursor));
  for (;;) {
    if (descend) {
      TSNode here = ts_tree_cursor_current_node(&cursor);
      if (ts_tree_cursor_goto_first_child(&cursor)) {
        GROW(w, w->ancestors, w->ancestor_count, w->ancestor_cap);
        if (w->failed) break;
        w->ancestors[w->ancestor_count++] = here;
        descend = enter(w, ts_tree_cursor_current_node(&cursor));
        continue;
      }
    }
    leave(w, ts_tree_cursor_current_node(&cursor));
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        ts_tree_cursor_delete(&cursor);
        return;
      }
      if (w->ancestor_count > 0) w->ancestor_count--;
      leave(w, ts_tree_cursor_current_node(&cursor));
    }
    if (w->failed) break;
    descend = enter(w, ts_tree_cursor_current_node(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
}

/* A top-level class binds its name, and what its instances inherit when it
 * has exactly one base (`class MySession(requests.Session)`). */
static void note_class(unit_walk *w, scope *module, TSNode cls) {
  TSNode name = ts_node_child_by_field_id(cls, w->ids->f_name);
  if (ts_node_is_null(name)) return;
  bind_definition_name(w, module, name, w->ids->class_definition, false);
  TSNode bases = ts_node_child_by_field_id(cls, w->ids->f_superclasses);
  TSNode base = {0};
  uint32_t n = ts_node_is_null(bases) ? 0 : ts_node_named_child_count(bases);
  for (uint32_t i = 0; i < n; i++) {
    TSNode b = ts_node_named_child(bases, i);
    TSSymbol sym = ts_node_symbol(b);
    if (sym == w->ids->comment || sym == w->ids->keyword_argument) continue;
    if (!ts_node_is_null(base)) return;
    base = b;
  }
  char chain[CHAIN_MAX], member[CHAIN_MAX];
  if (ts_node_is_null(base)) return;
  int len = chain_of(w, base, chain, sizeof chain - 2);
  size_t name_len;
  const char *name_text = text_of(w, name, &name_len);
  int member_len = members_base_name(member, sizeof member, name_text, name_len);
  if (len <= 0 || member_len < 0) return;
  memcpy(chain + len, "()", 3);
  add_contrib(w, member, (size_t)member_len, BIND_EXPR, chain);
}

unit_walk *unit_walk_run(TSNode node, TSNode owner, unit_kind kind, const char *source) {
  unit_walk *w = calloc(1, sizeof *w);
  if (!w) return NULL;
  w->source = source;
  w->ids = syn_get();
  w->guard_top = -1;
  w->kind = kind;
  w->ip = ip_unit_new();
  if (!w->ip) w->failed = true;
  if (kind == UNIT_CLASS_MEMBER) find_class_name(w, owner);
  scope *module = make_scope(w, SCOPE_MODULE, false, NULL, node);
  w->root = w->module = module;
  if (module && kind == UNIT_CLASS_MEMBER)
    w->root = make_scope(w, SCOPE_CLASS, false, module, node);

  if (!w->failed && kind == UNIT_CLASS_HEADER) {
    TSNode cls = node;
    if (ts_node_symbol(cls) == w->ids->decorated_definition)
      cls = ts_node_child_by_field_id(cls, w->ids->f_definition);
    if (!ts_node_is_null(cls)) note_class(w, module, cls);
  } else if (!w->failed) {
    walk(w, node);
    resolve_member_values(w);
  }
  if (w->failed) {
    unit_walk_free(w);
    return NULL;
  }
  return w;
}

void unit_walk_free(unit_walk *w) {
  if (!w) return;
  for (size_t i = 0; i < w->scope_count; i++) scope_free(w->scopes[i]);
  for (size_t i = 0; i < w->contrib_count; i++) {
    free(w->contribs[i].name);
    free(w->contribs[i].target);
  }
  free(w->scopes);
  free(w->frames);
  free(w->candidates);
  free(w->contribs);
  free(w->regions);
  free(w->guards);
  free(w->ancestors);
  free(w->fns);
  for (size_t i = 0; i < w->value_count; i++) {
    free(w->values[i].name);
    free(w->values[i].chain);
  }
  free(w->values);
  ip_unit_free(w->ip);
  free(w);
}

scope_contrib *unit_walk_take_contribs(unit_walk *w, size_t *count) {
  scope_contrib *c = w->contribs;
  *count = w->contrib_count;
  w->contribs = NULL;
  w->contrib_count = w->contrib_cap = 0;
  return c;
}

static TSNode first_positional(const unit_walk *w, TSNode call) {
  const syn_ids *id = w->ids;
  TSNode args = ts_node_child_by_field_id(call, id->f_arguments);
  if (ts_node_is_null(args) || ts_node_symbol(args) != id->argument_list) return (TSNode){0};
  uint32_t n = ts_node_named_child_count(args);
  for (uint32_t i = 0; i < n; i++) {
    TSNode a = ts_node_named_child(args, i);
    TSSymbol sym = ts_node_symbol(a);
    if (sym == id->comment) continue;
    if (sym == id->keyword_argument || sym == id->list_splat_pattern ||
        sym == id->dictionary_splat_pattern)
      return (TSNode){0};
    return a;
  }
  return (TSNode){0};
}

static bool text_is(const unit_walk *w, TSNode n, const char *word) {
  size_t len;
  const char *text = text_of(w, n, &len);
  return len == strlen(word) && memcmp(text, word, len) == 0;
}

static bool is_zero(const unit_walk *w, TSNode n) {
  TSSymbol sym = ts_node_symbol(n);
  return (sym == w->ids->integer || sym == w->ids->float_) &&
         (text_is(w, n, "0") || text_is(w, n, "0.0"));
}

/* Arguments that make a wait return at once: a literal `False` or `0`
 * anywhere in the positional arguments (`lock.acquire(False)`,
 * `event.wait(0)`, `select.select(r, w, x, 0)`: for every catalogued wait a
 * zero in a flag or a timeout position means "do not wait"),
 * `block=` / `blocking=` / `wait=False`, `timeout=0`. */
static bool says_nonblocking(const unit_walk *w, TSNode arg_list) {
  const syn_ids *id = w->ids;
  uint32_t n = ts_node_named_child_count(arg_list);
  for (uint32_t i = 0; i < n; i++) {
    TSNode a = ts_node_named_child(arg_list, i);
    TSSymbol sym = ts_node_symbol(a);
    if (sym == id->false_ || is_zero(w, a)) return true;
    if (sym != id->keyword_argument) continue;
    TSNode key = ts_node_child_by_field_id(a, id->f_name);
    TSNode value = ts_node_child_by_field_id(a, id->f_value);
    if (ts_node_is_null(key) || ts_node_is_null(value)) continue;
    if (ts_node_symbol(value) == id->false_ &&
        (text_is(w, key, "block") || text_is(w, key, "blocking") || text_is(w, key, "wait")))
      return true;
    if (text_is(w, key, "timeout") && is_zero(w, value)) return true;
  }
  return false;
}

/* The value of keyword argument KEY (`mode=os.P_NOWAIT`), or a null node. */
static TSNode keyword_value(const unit_walk *w, TSNode arg_list, const char *key) {
  const syn_ids *id = w->ids;
  if (ts_node_is_null(arg_list) || ts_node_symbol(arg_list) != id->argument_list)
    return (TSNode){0};
  uint32_t n = ts_node_named_child_count(arg_list);
  for (uint32_t i = 0; i < n; i++) {
    TSNode a = ts_node_named_child(arg_list, i);
    if (ts_node_symbol(a) != id->keyword_argument) continue;
    TSNode name = ts_node_child_by_field_id(a, id->f_name);
    if (!ts_node_is_null(name) && text_is(w, name, key))
      return ts_node_child_by_field_id(a, id->f_value);
  }
  return (TSNode){0};
}

/* Whether an os.spawn* mode returns at once: `os.P_NOWAIT`, `P_NOWAITO`, or
 * the literal 1 (os.P_NOWAIT's value on every platform; P_WAIT is 0). */
static bool is_nowait_mode(const unit_walk *w, TSNode mode) {
  if (ts_node_is_null(mode)) return false;
  TSSymbol sym = ts_node_symbol(mode);
  if (sym == w->ids->integer) return text_is(w, mode, "1");
  TSNode name = mode;
  if (sym == w->ids->attribute) name = ts_node_child_by_field_id(mode, w->ids->f_attribute);
  if (ts_node_is_null(name) || (sym != w->ids->attribute && sym != w->ids->identifier))
    return false;
  return text_is(w, name, "P_NOWAIT") || text_is(w, name, "P_NOWAITO");
}

/* `None`, or a string literal that is an IPv4 or IPv6 address: the resolver
 * parses it and never asks DNS (`getaddrinfo("127.0.0.1", port)`). */
static bool is_address_literal(const unit_walk *w, TSNode n) {
  const syn_ids *id = w->ids;
  if (ts_node_symbol(n) == id->none) return true;
  if (ts_node_symbol(n) != id->string || ts_node_named_child_count(n) != 3) return false;
  TSNode content = ts_node_named_child(n, 1);
  if (ts_node_symbol(content) != id->string_content) return false;
  size_t len;
  const char *text = text_of(w, content, &len);
  bool v6 = memchr(text, ':', len) != NULL;
  for (size_t i = 0; i < len; i++) {
    unsigned char ch = (unsigned char)text[i];
    if (!(isdigit(ch) || ch == '.' || (v6 && (ch == ':' || isxdigit(ch))))) return false;
  }
  return len > 0;
}

static ar_call_args call_args(const unit_walk *w, TSNode call) {
  const syn_ids *id = w->ids;
  ar_call_args args = {false, false, false, false, false};
  TSNode arg_list = ts_node_child_by_field_id(call, id->f_arguments);
  if (!ts_node_is_null(arg_list)) {
    args.mentions_numeric_flag = mentions_numeric_host(w, arg_list);
    if (ts_node_symbol(arg_list) == id->argument_list) {
      args.says_nonblocking = says_nonblocking(w, arg_list);
      uint32_t n = ts_node_named_child_count(arg_list);
      for (uint32_t i = 0; i < n && !args.has_args; i++)
        args.has_args = ts_node_symbol(ts_node_named_child(arg_list, i)) != id->comment;
    }
  }
  TSNode first = first_positional(w, call);
  TSNode mode = keyword_value(w, arg_list, "mode");
  args.nowait_mode = is_nowait_mode(w, ts_node_is_null(mode) ? first : mode);
  if (ts_node_is_null(first)) return args;
  if (is_address_literal(w, first)) args.mentions_numeric_flag = true;
  TSSymbol sym = ts_node_symbol(first);

  if (sym == id->string && ts_node_named_child_count(first) == 3) {
    TSNode content = ts_node_named_child(first, 1);
    static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE",
                                          "HEAD", "OPTIONS", "CONNECT", "TRACE"};
    size_t len;
    const char *text = text_of(w, content, &len);
    if (ts_node_symbol(content) == id->string_content)
      for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (len == strlen(methods[i]) && strncasecmp(text, methods[i], len) == 0)
          args.first_is_http_method = true;
  }
  return args;
}

/* Whether the call is handed straight to a worker thread:
 * `to_thread(list, path.glob("*"))`, `run_in_executor(None, list, it)`. */
static bool offloaded(const unit_walk *w, TSNode call) {
  TSNode args = ts_node_parent(call);
  if (ts_node_is_null(args) || ts_node_symbol(args) != w->ids->argument_list) return false;
  TSNode outer = ts_node_parent(args);
  if (ts_node_is_null(outer) || ts_node_symbol(outer) != w->ids->call) return false;
  TSNode callee = ts_node_child_by_field_id(outer, w->ids->f_function);
  return !ts_node_is_null(callee) &&
         (last_name_is(w, callee, "to_thread") || last_name_is(w, callee, "run_sync") ||
          last_name_is(w, callee, "run_in_executor"));
}

/* Whether the call is the only argument of a wrapper (calls.def's AR_WRAPS)
 * that makes what it returns async for `rule`: `trio.wrap_file(open(p))`.
 * The wrapper is resolved like any callee, never taken by its name. */
static bool wrapped(const unit_walk *w, scope_resolver *r, const candidate *c,
                    const ar_rule *rule) {
  TSNode args = ts_node_parent(c->call);
  if (ts_node_is_null(args) || ts_node_symbol(args) != w->ids->argument_list ||
      ts_node_named_child_count(args) != 1)
    return false;
  TSNode callee = ts_node_child_by_field_id(ts_node_parent(args), w->ids->f_function);
  char chain[CHAIN_MAX];
  int len = ts_node_is_null(callee) ? -1 : chain_of(w, callee, chain, sizeof chain);
  if (len <= 0) return false;
  scope_alts alts;
  int n = scope_qualify_at(r, c->s, chain, (size_t)len, &c->use, &alts);
  for (int k = 0; k < n; k++)
    if (!ar_catalogue_wraps(alts.text[k], rule)) return false;
  return n > 0;
}

/* The rule one resolved alternative triggers; `shown` gets the name the
 * message shows. */
static const ar_rule *match_alternative(const unit_walk *w, const candidate *c,
                                        const char *qualified, char *shown, size_t cap) {
  if (c->is_with) return types_match_with(qualified, shown, cap);
  /* Most calls are neither: their arguments are never looked at. */
  bool listed = ar_catalogue_contains(qualified);
  if (!listed && !types_has_method(qualified)) return NULL;
  ar_call_args args = call_args(w, c->call);
  const ar_rule *rule = listed ? ar_catalogue_match(qualified, &args) : NULL;
  if (rule) {
    snprintf(shown, cap, "%s", qualified);
    return rule;
  }
  return types_match_method(qualified, &args, shown, cap);
}

/* A resolved name as the user wrote it, for the configured patterns and the
 * messages: a definition of this file without its internal `@.` prefix. */
static const char *as_written(const char *qualified) {
  return strncmp(qualified, IP_SELF_PREFIX, IP_SELF_PREFIX_LEN) == 0 ? qualified + IP_SELF_PREFIX_LEN
                                                                     : qualified;
}

/* `await call(...)`, also written `await (call(...))`. */
static bool directly_awaited(const unit_walk *w, TSNode call) {
  TSNode up = ts_node_parent(call);
  while (!ts_node_is_null(up) && ts_node_symbol(up) == w->ids->parenthesized_expression)
    up = ts_node_parent(up);
  return !ts_node_is_null(up) && ts_node_symbol(up) == w->ids->await;
}

/* `instead` is the configured replacement of an extra blocking call, or NULL. */
static int add_finding(ar_finding **findings, size_t *count, size_t *cap, TSNode at,
                       const ar_rule *rule, const char *shown, const char *instead) {
  if (*count == *cap) {
    size_t grown_cap = *cap ? *cap * 2 : 8;
    ar_finding *grown = realloc(*findings, grown_cap * sizeof *grown);
    if (!grown) return -1;
    *findings = grown;
    *cap = grown_cap;
  }
  char *name = strdup(shown);
  char *advice = NULL;
  if (instead) {
    size_t n = strlen(instead) + 3;
    advice = malloc(n);
    if (advice) snprintf(advice, n, "`%s`", instead);
  }
  if (!name || (instead && !advice)) {
    free(name);
    free(advice);
    return -1;
  }
  (*findings)[(*count)++] =
      (ar_finding){.start = ts_node_start_byte(at),
                   .end = ts_node_end_byte(at),
                   .rule = rule,
                   .callee = name,
                   .instead = advice};
  return 0;
}

/* Replaces alternatives that start at a project class or function by what
 * they lead to (members.h). Returns the new count, or -1. */
static int follow_members(const unit_walk *w, scope_resolver *r, scope_alts *alts) {
  bool any = false;
  for (size_t k = 0; k < alts->count && !any; k++)
    any = strncmp(alts->text[k], IP_SELF_PREFIX, IP_SELF_PREFIX_LEN) == 0;
  if (!any) return (int)alts->count;
  scope_alts followed = {.count = 0};
  for (size_t k = 0; k < alts->count; k++)
    if (members_expand(r, w->module, alts->text[k], &followed) < 0) return -1;
  *alts = followed;
  return (int)alts->count;
}

/* Replaces a chain that leads into another file of the project by what it
 * stands for there (ar_follow_fn), when the follower knows. */
static bool follow_other_file(scope_resolver *r, char *text) {
  if (!r->follow || strncmp(text, IP_SELF_PREFIX, IP_SELF_PREFIX_LEN) == 0 ||
      strncmp(text, "builtins.", 9) == 0 || !strchr(text + 1, '.'))
    return false;
  r->followed = true;
  char there[SCOPE_QUALIFIED_MAX];
  if (!r->follow(r->follow_ctx, text, there, sizeof there)) return false;
  memcpy(text, there, strlen(there) + 1);
  return true;
}

static bool same_text(const unit_walk *w, TSNode a, TSNode b) {
  size_t alen, blen;
  const char *at = text_of(w, a, &alen), *bt = text_of(w, b, &blen);
  return alen == blen && memcmp(at, bt, alen) == 0;
}

/* Whether the loop's body awaits and never breaks out, so the loop only ends
 * when its condition turns false. */
static bool awaits_without_break(const unit_walk *w, TSNode body) {
  bool awaits = false;
  TSTreeCursor c = ts_tree_cursor_new(body);
  do {
    TSSymbol sym = ts_node_symbol(ts_tree_cursor_current_node(&c));
    if (sym == w->ids->break_statement) {
      awaits = false;
      break;
    }
    awaits = awaits || sym == w->ids->await;
  } while (syn_cursor_next(&c));
  ts_tree_cursor_delete(&c);
  return awaits;
}

/* A statement that is only a call (`print("joining")`): it binds nothing,
 * so the object a polling loop watched is still the one called after it. */
static bool is_plain_call(const unit_walk *w, TSNode stmt) {
  if (ts_node_symbol(stmt) != w->ids->expression_statement || ts_node_named_child_count(stmt) != 1)
    return false;
  TSSymbol sym = ts_node_symbol(ts_node_named_child(stmt, 0));
  return sym == w->ids->call || sym == w->ids->await;
}

/* Whether the statement holding `receiver.method(...)` comes right after
 * `while receiver.probe(): <awaits>` (types_polled_by), or, when the wait
 * `lasts`, after it and plain calls: the wait is over. */
static bool polled_before(const unit_walk *w, TSNode receiver, const char *probe, bool lasts) {
  const syn_ids *id = w->ids;
  TSNode stmt = receiver;
  while (!ts_node_is_null(ts_node_parent(stmt)) && ts_node_symbol(ts_node_parent(stmt)) != id->block)
    stmt = ts_node_parent(stmt);
  TSNode loop = ts_node_prev_named_sibling(stmt);
  while (!ts_node_is_null(loop) &&
         (ts_node_symbol(loop) == id->comment || (lasts && is_plain_call(w, loop))))
    loop = ts_node_prev_named_sibling(loop);
  if (ts_node_is_null(loop) || ts_node_symbol(loop) != id->while_statement ||
      !ts_node_is_null(ts_node_child_by_field_id(loop, id->f_alternative)))
    return false;
  TSNode cond = ts_node_child_by_field_id(loop, id->f_condition);
  if (ts_node_is_null(cond) || ts_node_symbol(cond) != id->call) return false;
  TSNode args = ts_node_child_by_field_id(cond, id->f_arguments);
  TSNode fn = ts_node_child_by_field_id(cond, id->f_function);
  if (ts_node_is_null(args) || ts_node_named_child_count(args) != 0 || ts_node_is_null(fn) ||
      ts_node_symbol(fn) != id->attribute)
    return false;
  TSNode object = ts_node_child_by_field_id(fn, id->f_object);
  TSNode name = ts_node_child_by_field_id(fn, id->f_attribute);
  return !ts_node_is_null(object) && !ts_node_is_null(name) && text_is(w, name, probe) &&
         same_text(w, object, receiver) &&
         awaits_without_break(w, ts_node_child_by_field_id(loop, id->f_body));
}

/* A call on an object whose wait a polling loop just saw end. */
static bool wait_is_over(const unit_walk *w, const candidate *c, TSNode callee, const char *shown) {
  bool lasts = false;
  const char *probe = c->is_with ? NULL : types_polled_by(shown, &lasts);
  if (!probe || ts_node_symbol(callee) != w->ids->attribute) return false;
  TSNode receiver = ts_node_child_by_field_id(callee, w->ids->f_object);
  return !ts_node_is_null(receiver) && polled_before(w, receiver, probe, lasts);
}

/* Conditions false wherever async code runs: `typing.TYPE_CHECKING`, and
 * the Jython test, since Jython has no `async def`. */
static bool never_true(const unit_walk *w, scope_resolver *r, const candidate *c, TSNode cond) {
  static const char *const never[] = {"typing.TYPE_CHECKING", "typing_extensions.TYPE_CHECKING",
                                      JYTHON_TEST};
  char chain[CHAIN_MAX];
  int len = jython_test(w, cond, chain, sizeof chain) ? (int)strlen(chain)
                                                        : chain_of(w, cond, chain, sizeof chain);
  if (len <= 0) return false;
  scope_alts alts;
  int n = scope_qualify_at(r, c->s, chain, (size_t)len, &c->use, &alts);
  for (int k = 0; k < n; k++) {
    bool known = false;
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
      known = known || strcmp(alts.text[k], never[i]) == 0;
    if (!known) return false;
  }
  return n > 0;
}

/* Whether the call sits in the body of an `if` that never runs. The guards
 * were noted by the walk: asking the tree for parents costs its depth. */
static bool never_runs(const unit_walk *w, scope_resolver *r, const candidate *c) {
  for (int g = c->guard; g >= 0; g = w->guards[g].outer)
    if (!ts_node_is_null(w->guards[g].cond) && never_true(w, r, c, w->guards[g].cond)) return true;
  return false;
}

int unit_walk_resolve(unit_walk *w, scope_resolver *r, ar_finding **findings,
                      size_t *count, size_t *cap) {
  char chain[CHAIN_MAX], shown[QUALIFIED_MAX];
  scope_alts alts;
  /* A member's summaries and `self.m()` calls carry its class's name
   * (`Worker.slow`): renaming the class must walk it again. */
  if (w->class_name) scope_note_lookup(r, w->class_name, w->class_name_len);
  for (size_t i = 0; i < w->candidate_count; i++) {
    const candidate *c = &w->candidates[i];
    TSNode at = c->is_with ? c->call : ts_node_child_by_field_id(c->call, w->ids->f_function);
    if (ts_node_is_null(at)) continue;
    int chain_len = chain_of(w, at, chain, sizeof chain);
    if (chain_len <= 0) continue;
    int n = scope_qualify_at(r, c->s, chain, (size_t)chain_len, &c->use, &alts);
    if (n > 0) n = follow_members(w, r, &alts);
    if (n <= 0) continue;
    /* Every binding that can reach the call must block, or it is no finding;
     * the one nearest the call names it. */
    const ar_rule *rule = NULL;
    const char *instead = NULL;
    bool awaited = false;
    for (int k = 0; k < n; k++) {
      instead = NULL;
      rule = match_alternative(w, c, alts.text[k], shown, sizeof shown);
      if (!rule && follow_other_file(r, alts.text[k]))
        rule = match_alternative(w, c, alts.text[k], shown, sizeof shown);
      const char *written = as_written(alts.text[k]);
      if (!rule && !c->is_with && (instead = ar_config_extra_match(r->config, written))) {
        /* flake8-async's ASYNC200 passes over `await f()`: whatever a
         * configured `f` is, its result is awaited, so it is async. */
        if ((awaited = directly_awaited(w, c->call))) break;
        rule = ar_rule_get(AR_RULE_ASYNC200);
        snprintf(shown, sizeof shown, "%s", written);
      }
      if (!rule || ar_config_call_allowed(r->config, written)) {
        rule = NULL;
        break;
      }
    }
    if (!rule) {
      /* A call of something the project defines may reach a helper. */
      if (!c->is_with && !awaited && n == 1 && !ar_catalogue_contains(alts.text[0]) &&
          note_helper_call(w, c, at, alts.text[0]) < 0)
        return -1;
      continue;
    }
    if (!c->is_with && types_is_lazy(shown) && offloaded(w, c->call)) continue;
    if (!c->is_with && wrapped(w, r, c, rule)) continue;
    if (wait_is_over(w, c, at, shown) || never_runs(w, r, c)) continue;
    if (c->fn >= 0) {
      if (ip_unit_add_step(w->ip, (size_t)c->fn, IP_STEP_DIRECT, ts_node_start_byte(at),
                           ts_node_end_byte(at), rule, shown) < 0)
        return -1;
      continue;
    }
    if (add_finding(findings, count, cap, at, rule, shown, instead) < 0) return -1;
  }
  return 0;
}
