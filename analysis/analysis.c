#include "analysis.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interproc.h"
#include "members.h"
#include "route.h"
#include "scope.h"
#include "suppress.h"
#include "syntax.h"
#include "unit.h"

/* The fields every update reads of every unit come first, close together;
 * the rest is read only for the units the update touches. */
typedef struct {
  uint32_t start, end; /* current byte range, kept in step with edits */
  ar_finding *findings; /* offsets relative to start */
  size_t finding_count;
  ip_unit *ip; /* helper summaries and calls, offsets relative to start; may be NULL */
  TSSymbol symbol;
  unit_kind kind;
  bool dirty; /* an edit overlapped it: its text is no longer what was analysed */
  bool has_error; /* its syntax held an error when it was described */
  /* It followed an ERROR node, whose end may have lent it its `async`
   * (unit.c): when that neighbour changes, so may it. */
  bool after_error;
  scope_contrib *contribs;
  size_t contrib_count;
  uint32_t *lookups; /* sorted hashes of module names its resolution read */
  size_t lookup_count;
  bool depends_on_all;
  bool follows_files; /* its resolution asked the follower (ar_follow_fn) */
  /* Which of ip's calls reach a helper that blocks (indices into ip->calls),
   * valid while live_known: a keystroke elsewhere changes no verdict, so
   * the other calls need not be looked up again. */
  uint32_t *live;
  size_t live_count;
  bool live_known;
  route_handler *route; /* a route handler's syntax, offsets relative to start; may be NULL */
  uint64_t serial; /* changes whenever the unit is walked again (ar_analysis_unit_at) */
} unit_rec;

/* Where a unit sits in the new tree, before it is matched to a cached one. */
typedef struct {
  TSNode node;
  TSNode owner; /* a member's class_definition; else null */
  uint32_t start, end;
  TSSymbol symbol;
  unit_kind kind;
  bool has_error;
} unit_desc;

struct ar_analysis {
  unit_rec *units; /* sorted by start; dirty ones too, at their edited place */
  size_t unit_count, unit_cap;
  size_t error_units; /* units with has_error */
  size_t route_units; /* units with a route */
  size_t finding_total; /* the units' finding_count summed */
  size_t *calling; /* the units whose calls may reach a helper, found by publish */
  size_t calling_count, calling_cap;
  scope_table module;
  ar_finding *out;
  size_t out_count, out_cap;
  size_t walked;
  /* The text edited since the last update, in current offsets: only the
   * units around it are described again. */
  bool window_set;
  uint32_t win_start, win_end;
  const ar_config *config; /* borrowed */
  /* Helpers that block: the index of every unit's summaries, the sum of
   * their signatures when the verdicts were last solved, the summaries
   * replaced during this update (freed at its end, their verdicts reused
   * when nothing changed), and the findings of helper calls (owned). */
  ip_index *index;
  uint64_t signature_sum, solved_sum;
  ip_unit **replaced;
  size_t replaced_count, replaced_cap;
  ip_unit **added;
  size_t added_count, added_cap;
  bool must_solve;
  ar_finding *helper_findings;
  size_t helper_count, helper_cap;
  bool verdicts_changed; /* solved since the last publish */
  ar_finding *hint_findings; /* ARD300, owned; those not suppressed are also in out */
  size_t hint_count, hint_cap;
  ip_resolve_fn resolve;
  void *resolve_ctx;
  ar_follow_fn follow;
  void *follow_ctx;
  /* The module's imports as (name, target) pairs, pointing into `module`:
   * read at every publish (library, fixes), but changed only when the
   * module's names do, so they are not looked for in the whole table. */
  const char **imports;
  size_t import_count, import_cap;
  bool imports_asyncio, imports_trio, imports_anyio; /* the module or a member */
  /* Room for describing the window's units, kept between updates: a fresh
   * array would be a large request, which glibc serves only after sorting
   * every chunk the parse just freed. */
  unit_desc *descs;
  size_t desc_cap;
  ar_suppress_marks marks;
  uint64_t next_serial;
  uint64_t context_version; /* see ar_analysis_context_version */
};

const TSLanguage *ar_language(void) { return syn_language(); }

ar_analysis *ar_analysis_new(void) { return calloc(1, sizeof(ar_analysis)); }

static void free_contribs(scope_contrib *c, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(c[i].name);
    free(c[i].target);
  }
  free(c);
}

static void clear_results(unit_rec *u) {
  for (size_t i = 0; i < u->finding_count; i++) ar_finding_clear(&u->findings[i]);
  free(u->findings);
  free(u->lookups);
  u->findings = NULL;
  u->lookups = NULL;
  u->finding_count = u->lookup_count = 0;
  u->depends_on_all = false;
}

static void forget_live(unit_rec *u) {
  free(u->live);
  u->live = NULL;
  u->live_count = 0;
  u->live_known = false;
}

static void free_unit(unit_rec *u) {
  clear_results(u);
  forget_live(u);
  free_contribs(u->contribs, u->contrib_count);
  ip_unit_free(u->ip);
  u->ip = NULL;
  if (u->route) free(u->route->object);
  free(u->route);
  u->route = NULL;
}

void ar_finding_clear(ar_finding *f) {
  free(f->callee);
  free(f->instead);
  f->instead = NULL;
  for (size_t i = 0; i < f->step_count; i++) {
    free(f->steps[i].callee);
    free(f->steps[i].file);
  }
  free(f->steps);
  f->callee = NULL;
  f->steps = NULL;
  f->step_count = 0;
}

static void clear_helper_findings(ar_analysis *a) {
  for (size_t i = 0; i < a->helper_count; i++) ar_finding_clear(&a->helper_findings[i]);
  a->helper_count = 0;
  for (size_t i = 0; i < a->hint_count; i++) ar_finding_clear(&a->hint_findings[i]);
  a->hint_count = 0;
}

static void free_replaced(ar_analysis *a) {
  for (size_t i = 0; i < a->replaced_count; i++) ip_unit_free(a->replaced[i]);
  a->replaced_count = 0;
  a->added_count = 0;
}

static void reset(ar_analysis *a) {
  a->context_version++;
  for (size_t i = 0; i < a->unit_count; i++) free_unit(&a->units[i]);
  free(a->units);
  a->units = NULL;
  a->unit_count = a->unit_cap = a->error_units = a->route_units = a->finding_total = 0;
  a->out_count = 0;
  a->window_set = false;
  scope_table_clear(&a->module);
  a->import_count = 0;
  a->imports_asyncio = a->imports_trio = a->imports_anyio = false;
  a->marks.known = false;
  free_replaced(a);
  clear_helper_findings(a);
  ip_index_free(a->index);
  a->index = NULL;
  a->signature_sum = a->solved_sum = 0;
  a->must_solve = true;
  a->verdicts_changed = true;
}

const ar_config *ar_analysis_config(const ar_analysis *a) { return a->config; }

bool ar_analysis_set_config(ar_analysis *a, const ar_config *config) {
  bool changed = !ar_config_same_calls(a->config, config);
  /* Fixes follow the configured library even when the calls stay (and a
   * new configuration may sit where a freed one was). */
  a->context_version++;
  a->config = config;
  if (changed) reset(a);
  return changed;
}

void ar_analysis_free(ar_analysis *a) {
  if (!a) return;
  reset(a);
  free(a->out);
  free(a->replaced);
  free(a->added);
  free(a->helper_findings);
  free(a->imports);
  free(a->descs);
  free(a->calling);
  ar_suppress_marks_free(&a->marks);
  free(a->hint_findings);
  free(a);
}

/* Where an old offset lands after an edit; one inside the replaced bytes
 * goes to the edit's start (for a window start) or end (for a window end). */
static uint32_t map_start(uint32_t p, uint32_t start, uint32_t old_end, int64_t delta) {
  if (p <= start) return p;
  return p >= old_end ? (uint32_t)(p + delta) : start;
}

static uint32_t map_end(uint32_t p, uint32_t start, uint32_t old_end, uint32_t new_end,
                        int64_t delta) {
  if (p < start) return p;
  return p >= old_end ? (uint32_t)(p + delta) : new_end;
}

/* The first unit ending after `offset` (units are sorted, see units). */
static size_t first_ending_after(const ar_analysis *a, uint32_t offset) {
  size_t lo = 0, hi = a->unit_count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (a->units[mid].end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* Marks the units an edit touched and widens the window over them. Dirty
 * units follow the edits too (to where the edited text went), so that the
 * table stays sorted. */
static void dirty_range(ar_analysis *a, uint32_t start, uint32_t old_end, uint32_t new_end) {
  int64_t delta = (int64_t)new_end - (int64_t)old_end;
  uint32_t lo = start, hi = new_end;
  if (a->window_set) {
    uint32_t ws = map_start(a->win_start, start, old_end, delta);
    uint32_t we = map_end(a->win_end, start, old_end, new_end, delta);
    if (ws < lo) lo = ws;
    if (we > hi) hi = we;
  }
  for (size_t i = first_ending_after(a, start); i < a->unit_count; i++) {
    unit_rec *u = &a->units[i];
    if (u->start >= old_end) {
      u->start = (uint32_t)(u->start + delta);
      u->end = (uint32_t)(u->end + delta);
      continue;
    }
    u->dirty = true;
    u->start = map_start(u->start, start, old_end, delta);
    u->end = map_end(u->end, start, old_end, new_end, delta);
    if (u->start < lo) lo = u->start;
    if (u->end > hi) hi = u->end;
  }
  a->window_set = true;
  a->win_start = lo;
  a->win_end = hi;
}

void ar_analysis_edit(ar_analysis *a, uint32_t start, uint32_t old_end, uint32_t new_end) {
  ar_suppress_marks_edit(&a->marks, start, old_end, new_end);
  dirty_range(a, start, old_end, new_end);
}

static int reserve_descs(unit_desc **d, size_t *cap, size_t need) {
  if (need <= *cap) return 0;
  size_t grown_cap = *cap ? *cap : 64;
  while (grown_cap < need) grown_cap *= 2;
  unit_desc *grown = realloc(*d, grown_cap * sizeof *grown);
  if (!grown) return -1;
  *d = grown;
  *cap = grown_cap;
  return 0;
}

/* The class_definition of a top-level class statement (plain or
 * decorated), or a null node. */
static TSNode class_of(TSNode node) {
  const syn_ids *id = syn_get();
  TSNode cls = node;
  if (ts_node_symbol(node) == id->decorated_definition)
    cls = ts_node_child_by_field_id(node, id->f_definition);
  if (ts_node_is_null(cls) || ts_node_symbol(cls) != id->class_definition) return (TSNode){0};
  return cls;
}

/* The body of a top-level class statement, or a null node. */
static TSNode class_body(TSNode node) {
  TSNode cls = class_of(node);
  return ts_node_is_null(cls) ? cls : ts_node_child_by_field_id(cls, syn_get()->f_body);
}

static bool is_unit_node(TSNode node) {
  return ts_node_is_named(node) && ts_node_symbol(node) != syn_get()->comment;
}

/*
 * Appends the units of `node` (a module-level statement) that overlap
 * [*lo, *hi) and widens the window to their extent. A statement is one unit,
 * except that a top-level class is split into its header and the statements
 * of its body, so typing in one method neither walks nor even describes the
 * rest of the class: when the window stays inside the body, only the members
 * it overlaps are described.
 */
static int describe_statement(TSNode node, uint32_t *lo, uint32_t *hi, unit_desc **d, size_t *n,
                              size_t *cap) {
  if (!is_unit_node(node)) return 0;
  uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  TSNode cls = class_of(node);
  TSNode body = ts_node_is_null(cls) ? cls : ts_node_child_by_field_id(cls, syn_get()->f_body);
  if (ts_node_is_null(body)) {
    if (reserve_descs(d, cap, *n + 1) < 0) return -1;
    (*d)[(*n)++] = (unit_desc){.node = node,
                               .start = start,
                               .end = end,
                               .symbol = ts_node_symbol(node),
                               .kind = UNIT_TOP,
                               .has_error = ts_node_has_error(node)};
    if (start < *lo) *lo = start;
    if (end > *hi) *hi = end;
    return 0;
  }
  uint32_t body_start = ts_node_start_byte(body);
  bool whole = *lo < body_start;
  if (whole) {
    if (reserve_descs(d, cap, *n + 1) < 0) return -1;
    (*d)[(*n)++] = (unit_desc){.node = node,
                               .start = start,
                               .end = body_start,
                               .symbol = ts_node_symbol(node),
                               .kind = UNIT_CLASS_HEADER,
                               .has_error = ts_node_has_error(node)};
    if (start < *lo) *lo = start;
    if (end > *hi) *hi = end;
  }
  /* A cursor, since ts_node_named_child(i) rescans from the first child. */
  TSTreeCursor members = ts_tree_cursor_new(body);
  bool more = whole ? ts_tree_cursor_goto_first_child(&members)
                    : ts_tree_cursor_goto_first_child_for_byte(&members, *lo) >= 0;
  int rc = 0;
  for (; more; more = ts_tree_cursor_goto_next_sibling(&members)) {
    TSNode m = ts_tree_cursor_current_node(&members);
    uint32_t ms = ts_node_start_byte(m), me = ts_node_end_byte(m);
    if (!whole && ms >= *hi) break;
    if (!is_unit_node(m)) continue;
    if (reserve_descs(d, cap, *n + 1) < 0) {
      rc = -1;
      break;
    }
    (*d)[(*n)++] = (unit_desc){.node = m,
                               .owner = cls,
                               .start = ms,
                               .end = me,
                               .symbol = ts_node_symbol(m),
                               .kind = UNIT_CLASS_MEMBER,
                               .has_error = ts_node_has_error(m)};
    if (ms < *lo) *lo = ms;
    if (me > *hi) *hi = me;
  }
  ts_tree_cursor_delete(&members);
  return rc;
}

/* Describes the units overlapping [*lo, *hi), widening the window to them. */
static int statements_in(TSNode root, uint32_t *lo, uint32_t *hi, unit_desc **out, size_t *count,
                         size_t *cap) {
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  uint32_t limit = *hi;
  int rc = 0;
  if (ts_tree_cursor_goto_first_child_for_byte(&cursor, *lo) >= 0) {
    do {
      TSNode node = ts_tree_cursor_current_node(&cursor);
      if (ts_node_start_byte(node) >= limit) break;
      if (describe_statement(node, lo, hi, out, count, cap) < 0) {
        rc = -1;
        break;
      }
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
  return rc;
}

/* The node of a unit kept from before, for walking it again, and for a
 * class member its class_definition (*owner). */
static TSNode unit_node(TSNode root, const unit_rec *u, TSNode *owner) {
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  TSNode found = {0};
  *owner = (TSNode){0};
  if (ts_tree_cursor_goto_first_child_for_byte(&cursor, u->start) >= 0) {
    TSNode top = ts_tree_cursor_current_node(&cursor);
    if (u->kind != UNIT_CLASS_MEMBER) {
      found = top;
    } else {
      *owner = class_of(top);
      TSNode body = class_body(top);
      if (!ts_node_is_null(body)) {
        ts_tree_cursor_reset(&cursor, body);
        if (ts_tree_cursor_goto_first_child_for_byte(&cursor, u->start) >= 0)
          found = ts_tree_cursor_current_node(&cursor);
      }
    }
  }
  ts_tree_cursor_delete(&cursor);
  if (!ts_node_is_null(found) && ts_node_start_byte(found) != u->start) found = (TSNode){0};
  return found;
}

static int compare_contribs(const void *pa, const void *pb) {
  const scope_contrib *a = pa, *b = pb;
  int c = strcmp(a->name, b->name);
  if (c) return c;
  if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
  return strcmp(a->target ? a->target : "", b->target ? b->target : "");
}

typedef struct {
  scope_contrib *items;
  size_t count, cap;
} contrib_list;

static int list_add(contrib_list *l, const scope_contrib *src, size_t n) {
  if (l->count + n > l->cap) {
    size_t cap = l->cap ? l->cap : 16;
    while (l->count + n > cap) cap *= 2;
    scope_contrib *grown = realloc(l->items, cap * sizeof *grown);
    if (!grown) return -1;
    l->items = grown;
    l->cap = cap;
  }
  memcpy(l->items + l->count, src, n * sizeof *src);
  l->count += n;
  return 0;
}

typedef struct {
  uint32_t *hashes;
  size_t count, cap;
} hash_set;

static int set_add(hash_set *s, uint32_t h) {
  if (s->count == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 16;
    uint32_t *grown = realloc(s->hashes, cap * sizeof *grown);
    if (!grown) return -1;
    s->hashes = grown;
    s->cap = cap;
  }
  s->hashes[s->count++] = h;
  return 0;
}

static int compare_u32(const void *pa, const void *pb) {
  uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
  return a < b ? -1 : a > b;
}

/*
 * The module names whose merged binding may differ: every name with a
 * contribution that appears on one side and not the other. The lists hold
 * borrowed entries and are sorted in place.
 */
static int changed_names(contrib_list *before, contrib_list *after, hash_set *changed,
                         contrib_list *odds) {
  qsort(before->items, before->count, sizeof *before->items, compare_contribs);
  qsort(after->items, after->count, sizeof *after->items, compare_contribs);
  size_t i = 0, j = 0;
  while (i < before->count || j < after->count) {
    int c = i == before->count  ? 1
            : j == after->count ? -1
                                : compare_contribs(&before->items[i], &after->items[j]);
    if (c == 0) {
      i++;
      j++;
      continue;
    }
    const scope_contrib *odd = c < 0 ? &before->items[i++] : &after->items[j++];
    if (set_add(changed, odd->hash) < 0 || (odds && list_add(odds, odd, 1) < 0)) return -1;
  }
  qsort(changed->hashes, changed->count, sizeof *changed->hashes, compare_u32);
  return 0;
}

/* Rounds of walking dependents again before the file is analysed afresh
 * instead: a rename takes two (the class's members, then their callers). */
enum { ROUNDS_MAX = 4 };

/* Gives `u` the contributions of its new walk `w`, adding the names whose
 * contributions differ to `changed`. */
static int replace_contribs(unit_rec *u, unit_walk *w, hash_set *changed) {
  size_t count;
  scope_contrib *fresh = unit_walk_take_contribs(w, &count);
  contrib_list before = {0}, after = {0};
  int rc = list_add(&before, u->contribs, u->contrib_count) < 0 ||
                   list_add(&after, fresh, count) < 0 ||
                   changed_names(&before, &after, changed, NULL) < 0
               ? -1
               : 0;
  free(before.items);
  free(after.items);
  free_contribs(u->contribs, u->contrib_count);
  u->contribs = fresh;
  u->contrib_count = count;
  return rc;
}

static bool depends_on(const unit_rec *u, const hash_set *changed) {
  if (changed->count == 0) return false;
  if (u->depends_on_all) return true;
  for (size_t i = 0; i < u->lookup_count; i++)
    if (bsearch(&u->lookups[i], changed->hashes, changed->count, sizeof(uint32_t), compare_u32))
      return true;
  return false;
}

static int compare_findings(const void *pa, const void *pb) {
  const ar_finding *a = pa, *b = pb;
  if (a->start != b->start) return a->start < b->start ? -1 : 1;
  if (a->end != b->end) return a->end < b->end ? -1 : 1;
  return strcmp(a->rule->code, b->rule->code);
}

static int push_summary(ip_unit ***items, size_t *count, size_t *cap, ip_unit *u) {
  if (*count == *cap) {
    size_t n = *cap ? *cap * 2 : 16;
    ip_unit **grown = realloc(*items, n * sizeof *grown);
    if (!grown) return -1;
    *items = grown;
    *cap = n;
  }
  (*items)[(*count)++] = u;
  return 0;
}

/* Takes a unit's summary out of the index; it is freed at the end of the
 * update, after its verdicts had the chance to carry over. */
static void retire_summary(ar_analysis *a, unit_rec *u) {
  if (!u->ip) return;
  if (a->index) ip_index_remove(a->index, u->ip);
  a->signature_sum -= u->ip->signature;
  if (push_summary(&a->replaced, &a->replaced_count, &a->replaced_cap, u->ip) < 0) {
    ip_unit_free(u->ip);
    a->must_solve = true;
  }
  u->ip = NULL;
}

static int install_summary(ar_analysis *a, unit_rec *u, ip_unit *ip) {
  u->ip = ip;
  if (!ip) return 0;
  for (size_t i = 0; i < ip->fn_count; i++)
    for (size_t j = 0; j < ip->fns[i].step_count; j++) {
      ip->fns[i].steps[j].start -= u->start;
      ip->fns[i].steps[j].end -= u->start;
    }
  for (size_t i = 0; i < ip->call_count; i++) {
    ip->calls[i].start -= u->start;
    ip->calls[i].end -= u->start;
  }
  if (ip_index_add(a->index, ip) < 0) return -1;
  a->signature_sum += ip->signature;
  if (ip->fn_count > 0 && push_summary(&a->added, &a->added_count, &a->added_cap, ip) < 0)
    a->must_solve = true;
  return 0;
}

/* The verdict a replaced summary had for `key`; false when none had it. */
static bool carry_verdict(const ar_analysis *a, ip_fn *f) {
  for (size_t i = 0; i < a->replaced_count; i++) {
    const ip_unit *old = a->replaced[i];
    for (size_t j = 0; j < old->fn_count; j++)
      if (strcmp(old->fns[j].key, f->key) == 0) {
        f->depth = old->fns[j].depth;
        f->via = old->fns[j].via;
        return true;
      }
  }
  return false;
}

/*
 * Brings the verdicts up to date. When the summaries as a whole are what
 * they were (the sum of their signatures is unchanged: the edit moved or
 * reworded code without changing what any function calls), the verdicts
 * carry over by key and nothing is solved; otherwise they are solved again
 * from the cached summaries.
 */
static int settle_verdicts(ar_analysis *a) {
  if (!a->must_solve && a->signature_sum == a->solved_sum)
    for (size_t i = 0; i < a->added_count && !a->must_solve; i++)
      for (size_t j = 0; j < a->added[i]->fn_count && !a->must_solve; j++)
        if (!carry_verdict(a, &a->added[i]->fns[j])) a->must_solve = true;
  int rc = 0;
  if (a->must_solve || a->signature_sum != a->solved_sum) {
    rc = ip_index_solve(a->index, a->resolve, a->resolve_ctx);
    a->verdicts_changed = true;
    if (rc == 0) {
      a->solved_sum = a->signature_sum;
      a->must_solve = false;
    }
  }
  free_replaced(a);
  return rc;
}

/* Resolves a freshly walked unit and stores its results relative to it. */
static int resolve_unit(ar_analysis *a, unit_rec *u, unit_walk *w) {
  scope_resolver r = {.module = &a->module,
                      .config = a->config,
                      .follow = a->follow,
                      .follow_ctx = a->follow_ctx};
  ar_finding *found = NULL;
  size_t count = 0, cap = 0;
  if (unit_walk_resolve(w, &r, &found, &count, &cap) < 0) {
    for (size_t i = 0; i < count; i++) ar_finding_clear(&found[i]);
    free(found);
    free(r.lookups);
    return -1;
  }
  a->finding_total += count - u->finding_count;
  clear_results(u);
  for (size_t i = 0; i < count; i++) {
    found[i].start -= u->start;
    found[i].end -= u->start;
  }
  qsort(found, count, sizeof *found, compare_findings);
  qsort(r.lookups, r.lookup_count, sizeof *r.lookups, compare_u32);
  u->findings = found;
  u->finding_count = count;
  u->lookups = r.lookups;
  u->lookup_count = r.lookup_count;
  u->depends_on_all = r.lookups_incomplete;
  u->follows_files = r.followed;
  retire_summary(a, u);
  forget_live(u);
  return install_summary(a, u, unit_walk_take_summary(w));
}

typedef struct {
  ar_analysis *a;
  bool failed;
} import_copy;

static bool is_module_or_member(const char *target, const char *module) {
  size_t n = strlen(module);
  return strncmp(target, module, n) == 0 && (target[n] == '\0' || target[n] == '.');
}

static void copy_import(void *ctx, const char *name, const char *target) {
  import_copy *c = ctx;
  ar_analysis *a = c->a;
  if (c->failed) return;
  if (a->import_count + 2 > a->import_cap) {
    size_t n = a->import_cap ? a->import_cap * 2 : 32;
    const char **grown = realloc(a->imports, n * sizeof *grown);
    if (!grown) {
      c->failed = true;
      return;
    }
    a->imports = grown;
    a->import_cap = n;
  }
  a->imports[a->import_count++] = name;
  a->imports[a->import_count++] = target;
  a->imports_asyncio |= is_module_or_member(target, "asyncio");
  a->imports_trio |= is_module_or_member(target, "trio");
  a->imports_anyio |= is_module_or_member(target, "anyio");
}

/* Keeps the syntax of a route handler with its unit (route.h). */
static int describe_route(unit_rec *u, TSNode node, const char *source) {
  if (ts_node_symbol(node) != syn_get()->decorated_definition) return 0;
  route_handler h;
  int rc = route_handler_describe(node, source, &h);
  if (rc <= 0) return rc;
  u->route = malloc(sizeof *u->route);
  if (!u->route) {
    free(h.object);
    return -1;
  }
  h.def_start -= u->start;
  h.name_start -= u->start;
  h.name_end -= u->start;
  h.body_start -= u->start;
  h.body_end -= u->start;
  *u->route = h;
  return 0;
}

static int copy_imports(ar_analysis *a) {
  a->import_count = 0;
  a->imports_asyncio = a->imports_trio = a->imports_anyio = false;
  import_copy copy = {a, false};
  scope_table_each_import(&a->module, copy_import, &copy);
  return copy.failed ? -1 : 0;
}

static int rebuild_module(ar_analysis *a, const unit_rec *units, size_t n) {
  scope_table_clear(&a->module);
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < units[i].contrib_count; j++)
      if (scope_table_add(&a->module, &units[i].contribs[j]) < 0) return -1;
  return copy_imports(a);
}

/* Merges again only the names whose contributions changed (`odds`, their
 * hashes in `changed`), so that retyping a method's name or a `self.x`
 * line costs a scan of the contributions, not a new table. The import list
 * points into the table: it is made again when a changed name was or is an
 * import. */
static int update_module(ar_analysis *a, const contrib_list *odds, const hash_set *changed) {
  bool imports = false;
  for (size_t i = 0; i < odds->count; i++) {
    imports |= scope_table_imports(&a->module, odds->items[i].name);
    scope_table_remove(&a->module, odds->items[i].name);
  }
  for (size_t i = 0; i < a->unit_count; i++)
    for (size_t j = 0; j < a->units[i].contrib_count; j++) {
      const scope_contrib *c = &a->units[i].contribs[j];
      if (bsearch(&c->hash, changed->hashes, changed->count, sizeof(uint32_t), compare_u32) &&
          scope_table_add(&a->module, c) < 0)
        return -1;
    }
  for (size_t i = 0; i < odds->count && !imports; i++)
    imports = scope_table_imports(&a->module, odds->items[i].name);
  return imports ? copy_imports(a) : 0;
}

static int reserve_findings(ar_finding **items, size_t *cap, size_t need) {
  if (need <= *cap) return 0;
  size_t n = *cap ? *cap : 16;
  while (n < need) n *= 2;
  ar_finding *grown = realloc(*items, n * sizeof *grown);
  if (!grown) return -1;
  *items = grown;
  *cap = n;
  return 0;
}

static int add_helper_finding(ar_analysis *a, ar_finding *f) {
  if (reserve_findings(&a->helper_findings, &a->helper_cap, a->helper_count + 1) < 0 ||
      reserve_findings(&a->out, &a->out_cap, a->out_count + 1) < 0) {
    ar_finding_clear(f);
    return -1;
  }
  a->helper_findings[a->helper_count++] = *f;
  a->out[a->out_count++] = *f;
  return 0;
}

/* The findings of one unit's helper calls, appended to out (publish sorts):
 * every call is looked up when the unit or the verdicts are new, else only
 * the calls known to reach a blocking helper. */
static int publish_helper_calls(ar_analysis *a, unit_rec *u, const char *source,
                                const TSTree *tree) {
  if (a->verdicts_changed) forget_live(u);
  bool known = u->live_known;
  size_t n = known ? u->live_count : u->ip->call_count;
  for (size_t i = 0; i < n; i++) {
    uint32_t call = known ? u->live[i] : (uint32_t)i;
    ar_finding f;
    int rc = ip_call_finding(a->index, u->ip, &u->ip->calls[call], source, tree, a->resolve,
                             a->resolve_ctx, &f);
    if (rc < 0) return -1;
    if (rc == 0) continue;
    if (!known) {
      uint32_t *grown = realloc(u->live, (u->live_count + 1) * sizeof *grown);
      if (!grown) {
        ar_finding_clear(&f);
        return -1;
      }
      u->live = grown;
      u->live[u->live_count++] = call;
    }
    if (add_helper_finding(a, &f) < 0) return -1;
  }
  u->live_known = true;
  return 0;
}

/*
 * ARD300 (route.h): the hints on route handlers, read from the findings
 * published, so they follow helpers in other files and `# noqa` on the
 * blocking calls; merged into out by position.
 */
static int publish_route_hints(ar_analysis *a, const char *source, const TSTree *tree) {
  size_t cap = a->route_units, n = 0;
  if (cap == 0) return 0;
  route_handler *handlers = malloc(cap * sizeof *handlers);
  if (!handlers) return -1;
  for (size_t i = 0; i < a->unit_count && n < cap; i++) {
    const unit_rec *u = &a->units[i];
    if (!u->route) continue;
    route_handler *h = &handlers[n++];
    *h = *u->route;
    h->def_start += u->start;
    h->name_start += u->start;
    h->name_end += u->start;
    h->body_start += u->start;
    h->body_end += u->start;
  }
  int rc = route_hints(&a->module, handlers, n, a->out, a->out_count, source, tree,
                       &a->hint_findings, &a->hint_count, &a->hint_cap);
  free(handlers);
  size_t shown = a->hint_count;
  ar_finding *hints = rc == 0 && shown ? malloc(shown * sizeof *hints) : NULL;
  if (rc < 0 || (shown && !hints) ||
      reserve_findings(&a->out, &a->out_cap, a->out_count + shown) < 0) {
    free(hints);
    return -1;
  }
  if (shown) memcpy(hints, a->hint_findings, shown * sizeof *hints);
  ar_suppress_apply(source, tree, &a->marks, hints, &shown);
  /* Merged from the back: the findings after a hint's name are a suffix of
   * out, since units are in order and a hint's unit starts at or before it. */
  size_t i = a->out_count, j = shown, k = a->out_count + shown;
  while (j > 0)
    a->out[--k] = i > 0 && a->out[i - 1].start > hints[j - 1].start ? a->out[--i] : hints[--j];
  a->out_count += shown;
  free(hints);
  return 0;
}

static int publish(ar_analysis *a, const char *source, const TSTree *tree) {
  clear_helper_findings(a);
  if (reserve_findings(&a->out, &a->out_cap, a->finding_total) < 0) return -1;
  /* One pass over every unit; helper chains read other units' summaries,
   * so the calls that may reach a helper wait until every base is set. */
  a->out_count = 0;
  a->calling_count = 0;
  for (size_t i = 0; i < a->unit_count; i++) {
    unit_rec *u = &a->units[i];
    for (size_t j = 0; j < u->finding_count; j++) {
      ar_finding *f = &a->out[a->out_count++];
      *f = u->findings[j];
      f->start += u->start;
      f->end += u->start;
    }
    if (!u->ip) continue;
    u->ip->base = u->start;
    if (u->ip->call_count == 0) continue;
    if (a->calling_count == a->calling_cap) {
      size_t cap = a->calling_cap ? a->calling_cap * 2 : 64;
      size_t *grown = realloc(a->calling, cap * sizeof *grown);
      if (!grown) return -1;
      a->calling = grown;
      a->calling_cap = cap;
    }
    a->calling[a->calling_count++] = i;
  }
  size_t own = a->out_count;
  for (size_t i = 0; i < a->calling_count; i++)
    if (publish_helper_calls(a, &a->units[a->calling[i]], source, tree) < 0) return -1;
  if (a->out_count > own) qsort(a->out, a->out_count, sizeof *a->out, compare_findings);
  /* Comments are read at every update, not cached per unit: a file-level
   * `# asyncradar: noqa` changes the findings of units no edit touched. */
  ar_suppress_apply(source, tree, &a->marks, a->out, &a->out_count);
  a->verdicts_changed = false;
  return publish_route_hints(a, source, tree);
}

/* Fixes read the module's own statements (imports, the docstring, a shared
 * pool) besides a finding's unit; definitions only by name. */
static bool is_module_statement(const unit_rec *u) {
  const syn_ids *id = syn_get();
  return u->kind == UNIT_TOP && u->symbol != id->function_definition &&
         u->symbol != id->decorated_definition;
}

/* Whether a kept unit still matches the tree: its node is where it was. */
static bool unit_still_there(TSNode root, const unit_rec *u) {
  TSNode owner;
  TSNode node = unit_node(root, u, &owner);
  if (ts_node_is_null(node) || ts_node_symbol(node) != u->symbol) return false;
  if (u->kind == UNIT_CLASS_HEADER) {
    TSNode body = class_body(node);
    return !ts_node_is_null(body) && ts_node_start_byte(body) == u->end;
  }
  return ts_node_end_byte(node) == u->end;
}

/* Whether kept unit `u`, right after the window whose last unit is `d`,
 * is a class member exactly when it lies inside d's class. */
static bool member_fits_after(const unit_desc *d, const unit_rec *u) {
  TSNode cls = d->kind == UNIT_CLASS_MEMBER   ? d->owner
               : d->kind == UNIT_CLASS_HEADER ? class_of(d->node)
                                              : (TSNode){0};
  bool inside = !ts_node_is_null(cls) && u->start < ts_node_end_byte(cls);
  return inside == (u->kind == UNIT_CLASS_MEMBER);
}

/*
 * Describes the module-level statements overlapping [*lo, *hi), widening the
 * window to whole statements until no kept unit straddles its edges (one
 * pass of the tree unless the parse moved statement boundaries).
 */
static int describe_window(const ar_analysis *a, TSNode root, uint32_t *lo, uint32_t *hi,
                           unit_desc **descs, size_t *count, size_t *cap) {
  for (;;) {
    *count = 0;
    if (statements_in(root, lo, hi, descs, count, cap) < 0) return -1;
    bool widened = false;
    /* A definition right after an ERROR node may take its `async` from the
     * end of that node (see unit.c), so it is described along with it. */
    if (*count > 0 && (*descs)[*count - 1].symbol == syn_get()->error) {
      TSNode next = ts_node_next_sibling((*descs)[*count - 1].node);
      if (!ts_node_is_null(next) && ts_node_start_byte(next) >= *hi) {
        *hi = ts_node_start_byte(next) + 1;
        widened = true;
      }
    }
    const unit_rec *before = NULL, *after = NULL;
    size_t first = first_ending_after(a, *lo);
    for (size_t i = first; i > 0 && !before; i--)
      if (!a->units[i - 1].dirty) before = &a->units[i - 1];
    for (size_t i = first; i < a->unit_count; i++) {
      const unit_rec *u = &a->units[i];
      if (u->dirty) continue;
      if (u->start >= *hi) {
        after = u;
        break;
      }
      if (u->start < *lo) *lo = u->start, widened = true;
      if (u->end > *hi) *hi = u->end, widened = true;
    }
    /* Error recovery regroups outward from the edited text, so the kept
     * units on either side must still be where they were (a method is still
     * in its class, an `async def` has not lost its `async` to an ERROR
     * node), or they join the window. */
    /* Every widening must move an edge, or a zero-width unit (an empty
     * ERROR node) would be checked forever. */
    if (!widened && after && after->after_error) {
      *hi = after->end > *hi ? after->end : *hi + 1;
      widened = true;
    }
    /* A line dedented into a class body ends the class there without any
     * syntax error (tree-sitter takes the indented defs after it as
     * top-level ones), and deleting that line makes them members again:
     * a kept neighbour that is a member where the window's edge is not,
     * or the reverse, has moved. */
    if (!widened && after && *count > 0 && !member_fits_after(&(*descs)[*count - 1], after)) {
      *hi = after->end > *hi ? after->end : *hi + 1;
      widened = true;
    }
    if (!widened && before && *lo > 0 && *count > 0 && (*descs)[0].kind == UNIT_CLASS_MEMBER &&
        before->kind == UNIT_TOP) {
      *lo = before->start < *lo ? before->start : *lo - 1;
      widened = true;
    }
    /* Without a syntax error in either tree nothing else regroups but
     * through a statement that reaches past the window, which widens it
     * above. */
    bool calm = a->error_units == 0 && !ts_node_has_error(root);
    if (!widened && !calm && after && !unit_still_there(root, after)) {
      *hi = after->end > *hi ? after->end : *hi + 1;
      widened = true;
    }
    if (!widened && !calm && before && *lo > 0 && !unit_still_there(root, before)) {
      *lo = before->start < *lo ? before->start : *lo - 1;
      widened = true;
    }
    if (!widened) return 0;
  }
}

/* The units [*first, *last) overlapping the window [lo, hi), with the dirty
 * ones, which all lie in it. */
static void window_units(const ar_analysis *a, uint32_t lo, uint32_t hi, size_t *first,
                         size_t *last) {
  size_t i = first_ending_after(a, lo), j = i;
  /* Text deleted around them leaves dirty units empty at the window's start. */
  while (i > 0 && a->units[i - 1].dirty) i--;
  while (j < a->unit_count && (a->units[j].dirty || a->units[j].start < hi)) j++;
  *first = i;
  *last = j;
}

/*
 * Error recovery can regroup text that no edit touched: a syntax error can
 * turn the untouched `async def` after it into an ERROR node and a plain def,
 * and fixing the error turns it back. Where the errors of both trees lie in
 * the window, any regrouping spreads from the window's statements, and the
 * window's widening (describe_window) takes it in. Otherwise the trees are compared, which costs a walk of both, and
 * every range whose syntax changed joins the window.
 */
static bool errors_outside_window(const ar_analysis *a, TSNode root, uint32_t lo, uint32_t hi,
                                  const unit_desc *descs, size_t desc_count) {
  size_t first, last, inside = 0;
  window_units(a, lo, hi, &first, &last);
  for (size_t i = first; i < last; i++) inside += a->units[i].has_error;
  if (a->error_units > inside) return true;
  if (!ts_node_has_error(root)) return false;
  for (size_t i = 0; i < desc_count; i++)
    if (descs[i].has_error) return false;
  return true;
}

int ar_analysis_update(ar_analysis *a, const char *source, const TSTree *old_tree,
                       const TSTree *tree) {
  TSNode root = ts_tree_root_node(tree);
  uint32_t lo = 0, hi = UINT32_MAX;
  if (ar_suppress_marks_rescan(&a->marks, source, ts_node_end_byte(root),
                               a->window_set ? a->win_start : 0,
                               a->window_set ? a->win_end : 0) < 0)
    return -1;
  if (a->unit_count > 0) {
    /* Only the statements around the edited text need describing. */
    lo = a->window_set ? a->win_start : 0;
    hi = a->window_set ? a->win_end : 0;
    if (hi == lo) hi = lo + 1;
  }
  if (!a->index) {
    a->index = ip_index_new();
    a->must_solve = true;
    if (!a->index) return -1;
  }

  size_t desc_count = 0;
  int described = describe_window(a, root, &lo, &hi, &a->descs, &desc_count, &a->desc_cap);
  if (described == 0 && old_tree && a->unit_count > 0 &&
      errors_outside_window(a, root, lo, hi, a->descs, desc_count)) {
    uint32_t range_count = 0;
    TSRange *changed = ts_tree_get_changed_ranges(old_tree, tree, &range_count);
    for (uint32_t i = 0; i < range_count; i++)
      dirty_range(a, changed[i].start_byte, changed[i].end_byte, changed[i].end_byte);
    free(changed);
    if (range_count > 0) {
      lo = a->win_start < lo ? a->win_start : lo;
      hi = a->win_end > hi ? a->win_end : hi;
      described = describe_window(a, root, &lo, &hi, &a->descs, &desc_count, &a->desc_cap);
    }
  }
  a->window_set = false;
  const unit_desc *descs = a->descs;
  if (described < 0) {
    reset(a);
    return -1;
  }

  /* The units overlapping the window, [first, last), give way to the
   * window's descriptions; those before and after stay where they are. */
  size_t first, last, window_errors = 0, window_routes = 0;
  window_units(a, lo, hi, &first, &last);
  for (size_t i = first; i < last; i++) {
    window_errors += a->units[i].has_error;
    window_routes += a->units[i].route != NULL;
  }
  unit_rec *fresh = calloc(desc_count ? desc_count : 1, sizeof *fresh);
  unit_walk **walks = calloc(desc_count ? desc_count : 1, sizeof *walks);
  unit_rec *gone_units = calloc(last > first ? last - first : 1, sizeof *gone_units);
  size_t gone_count = 0;
  contrib_list gone = {0}, added = {0}, odds = {0};
  hash_set changed = {0};
  int status = -1;
  bool rescan = false, spliced = false;
  if (!fresh || !walks || !gone_units) goto done;

  /* Match the window's units to cached ones: same place, same kind of node,
   * text untouched by any edit since. Everything else is walked again. */
  size_t old = first;
  for (size_t k = 0; k < desc_count; k++) {
    const unit_desc *d = &descs[k];
    unit_rec *cached = NULL;
    for (; old < last; old++) {
      unit_rec *u = &a->units[old];
      if (u->dirty || !u->serial) continue;
      if (u->start >= d->start) {
        cached = u;
        break;
      }
    }
    /* What follows an ERROR node may depend on it, and what followed one
     * did when it was walked, so either is walked again. */
    bool after_error = k > 0 && descs[k - 1].symbol == syn_get()->error;
    if (cached && !after_error && !cached->after_error && cached->start == d->start &&
        cached->end == d->end && cached->symbol == d->symbol && cached->kind == d->kind) {
      fresh[k] = *cached;
      fresh[k].has_error = d->has_error;
      memset(cached, 0, sizeof *cached);
      old++;
      continue;
    }
    fresh[k] = (unit_rec){.start = d->start,
                          .end = d->end,
                          .symbol = d->symbol,
                          .kind = d->kind,
                          .has_error = d->has_error,
                          .after_error = after_error,
                          .serial = ++a->next_serial};
    if (is_module_statement(&fresh[k])) a->context_version++;
    walks[k] = unit_walk_run(d->node, d->owner, d->kind, source);
    if (!walks[k] || describe_route(&fresh[k], d->node, source) < 0) goto done;
    fresh[k].contribs = unit_walk_take_contribs(walks[k], &fresh[k].contrib_count);
    if (list_add(&added, fresh[k].contribs, fresh[k].contrib_count) < 0) goto done;
  }
  /* What was not carried over is gone; its contributions leave the module.
   * Moved-out units were zeroed (serial 0). */
  for (size_t i = first; i < last; i++) {
    unit_rec *u = &a->units[i];
    if (!u->serial) continue;
    if (is_module_statement(u)) a->context_version++;
    gone_units[gone_count++] = *u;
    a->finding_total -= u->finding_count;
    memset(u, 0, sizeof *u);
    const unit_rec *g = &gone_units[gone_count - 1];
    if (list_add(&gone, g->contribs, g->contrib_count) < 0) goto done;
  }
  if (changed_names(&gone, &added, &changed, &odds) < 0) goto done;
  if (changed.count > 0) a->context_version++;

  size_t total = a->unit_count - (last - first) + desc_count;
  if (total > a->unit_cap) {
    size_t cap = a->unit_cap ? a->unit_cap : 64;
    while (cap < total) cap *= 2;
    unit_rec *grown = realloc(a->units, cap * sizeof *grown);
    if (!grown) goto done;
    a->units = grown;
    a->unit_cap = cap;
  }
  a->error_units -= window_errors;
  a->route_units -= window_routes;
  if (first + desc_count != last)
    memmove(&a->units[first + desc_count], &a->units[last],
            (a->unit_count - last) * sizeof *a->units);
  for (size_t k = 0; k < desc_count; k++) {
    a->error_units += fresh[k].has_error;
    a->route_units += fresh[k].route != NULL;
  }
  if (desc_count) memcpy(&a->units[first], fresh, desc_count * sizeof *fresh);
  a->unit_count = total;
  spliced = true;
  if (changed.count > 0 && update_module(a, &odds, &changed) < 0) goto done;

  /* The window's new units are resolved; outside it, only the units that
   * read a module name that changed are walked again. A class member's
   * contributions carry its class's name (members.h), so walking it again
   * after a rename changes module names in turn: another round. */
  a->walked = 0;
  for (int round = 0; !rescan; round++) {
    if (round == ROUNDS_MAX) {
      rescan = true;
      break;
    }
    bool window_walked = round == 0;
    size_t from = changed.count > 0 ? 0 : first;
    size_t to = changed.count > 0 ? total : first + desc_count;
    hash_set next = {0};
    for (size_t i = from; i < to; i++) {
      unit_rec *u = &a->units[i];
      bool in_window = i >= first && i < first + desc_count;
      unit_walk *w = in_window && window_walked ? walks[i - first] : NULL;
      bool rewalked = false;
      if (!w && depends_on(u, &changed)) {
        TSNode owner = in_window ? descs[i - first].owner : (TSNode){0};
        TSNode node = in_window ? descs[i - first].node : unit_node(root, u, &owner);
        if (ts_node_is_null(node)) {
          /* The tree no longer has this unit where it was kept: nothing cached
           * can be trusted, so the whole file is analysed afresh. */
          rescan = true;
          break;
        }
        w = unit_walk_run(node, owner, u->kind, source);
        u->serial = ++a->next_serial;
        rewalked = true;
        if (!w || replace_contribs(u, w, &next) < 0) {
          unit_walk_free(w);
          free(next.hashes);
          goto done;
        }
      }
      if (!w) continue;
      a->walked++;
      int rc = resolve_unit(a, u, w);
      if (rewalked) unit_walk_free(w);
      if (rc < 0) {
        free(next.hashes);
        goto done;
      }
    }
    free(changed.hashes);
    changed = next;
    if (rescan || changed.count == 0) break;
    qsort(changed.hashes, changed.count, sizeof *changed.hashes, compare_u32);
    a->context_version++;
    if (rebuild_module(a, a->units, total) < 0) goto done;
  }
  status = 0;

done:
  free(gone.items);
  free(added.items);
  free(odds.items);
  free(changed.hashes);
  for (size_t i = 0; i < desc_count && walks; i++) unit_walk_free(walks[i]);
  free(walks);
  /* Before the splice the fresh units are still only here. */
  for (size_t i = 0; !spliced && fresh && i < desc_count; i++) free_unit(&fresh[i]);
  free(fresh);
  for (size_t i = 0; i < gone_count; i++) {
    retire_summary(a, &gone_units[i]);
    free_unit(&gone_units[i]);
  }
  free(gone_units);
  if (status == 0 && rescan) {
    reset(a);
    return ar_analysis_update(a, source, NULL, tree);
  }
  if (status == 0) status = settle_verdicts(a);
  if (status == 0) status = publish(a, source, tree);
  if (status < 0) reset(a);
  return status;
}

const ar_finding *ar_analysis_findings(const ar_analysis *a, size_t *count) {
  *count = a->out_count;
  return a->out;
}

void ar_analysis_set_resolver(ar_analysis *a, ar_resolve_fn resolve, void *ctx) {
  a->resolve = resolve;
  a->resolve_ctx = ctx;
  a->must_solve = true;
}

void ar_analysis_set_follower(ar_analysis *a, ar_follow_fn follow, void *ctx) {
  a->follow = follow;
  a->follow_ctx = ctx;
}

bool ar_analysis_follow(ar_analysis *a, const char *chain, char *out, size_t cap) {
  scope *module = scope_new(SCOPE_MODULE, false, NULL);
  if (!module) return false;
  scope_resolver r = {.module = &a->module,
                      .config = a->config,
                      .follow = a->follow,
                      .follow_ctx = a->follow_ctx};
  scope_alts alts, followed = {.count = 0};
  bool known = scope_qualify_at(&r, module, chain, strlen(chain), NULL, &alts) == 1 &&
               members_expand(&r, module, alts.text[0], &followed) == 0 && followed.count == 1;
  const char *text = followed.text[0];
  /* A name this module does not bind, or an object of it whose member is
   * not known. */
  if (known && (strncmp(text, "builtins.", 9) == 0 ||
                (strncmp(text, IP_SELF_PREFIX, IP_SELF_PREFIX_LEN) == 0 && strchr(text, '('))))
    known = false;
  if (known) known = (size_t)snprintf(out, cap, "%s", text) < cap;
  free(r.lookups);
  scope_free(module);
  return known;
}

/* The units whose findings read other files through the follower are
 * resolved again: what those files hold may have changed. */
static int refollow(ar_analysis *a, const char *source, const TSTree *tree) {
  TSNode root = ts_tree_root_node(tree);
  for (size_t i = 0; i < a->unit_count; i++) {
    unit_rec *u = &a->units[i];
    if (!u->follows_files) continue;
    TSNode owner;
    TSNode node = unit_node(root, u, &owner);
    if (ts_node_is_null(node)) return -1;
    unit_walk *w = unit_walk_run(node, owner, u->kind, source);
    if (!w) return -1;
    u->serial = ++a->next_serial;
    int rc = resolve_unit(a, u, w);
    unit_walk_free(w);
    if (rc < 0) return -1;
  }
  return 0;
}

int ar_analysis_refresh_helpers(ar_analysis *a, const char *source, const TSTree *tree) {
  if (!a->index) return 0;
  a->must_solve = true;
  a->context_version++;
  if (refollow(a, source, tree) < 0 || settle_verdicts(a) < 0 || publish(a, source, tree) < 0) {
    reset(a);
    return -1;
  }
  return 0;
}

int ar_analysis_helper_steps(const ar_analysis *a, const char *key, const char *source,
                             const TSTree *tree, ar_step **steps, size_t *count) {
  *steps = NULL;
  *count = 0;
  if (!a->index) return 0;
  /* The bases are current: publish set them after the last update. */
  ar_finding chain;
  int rc = ip_fn_steps(a->index, key, source, tree, a->resolve, a->resolve_ctx, &chain);
  if (rc == 1) {
    *steps = chain.steps;
    *count = chain.step_count;
  }
  return rc;
}

bool ar_analysis_plain_def_route(const ar_analysis *a, const char *source, TSNode decorated) {
  route_handler h;
  if (route_handler_describe(decorated, source, &h) <= 0) return false;
  bool app = route_object_is_app(&a->module, h.object);
  free(h.object);
  return app;
}

size_t ar_analysis_units_walked(const ar_analysis *a) { return a->walked; }

uint64_t ar_analysis_context_version(const ar_analysis *a) { return a->context_version; }

bool ar_analysis_unit_at(const ar_analysis *a, uint32_t offset, uint32_t *start, uint32_t *end,
                         uint64_t *serial) {
  size_t lo = first_ending_after(a, offset);
  if (lo == a->unit_count || a->units[lo].start > offset) return false;
  *start = a->units[lo].start;
  *end = a->units[lo].end;
  *serial = a->units[lo].serial;
  return true;
}
size_t ar_analysis_unit_count(const ar_analysis *a) { return a->unit_count; }

bool ar_analysis_module_binds(const ar_analysis *a, const char *name) {
  return scope_table_binds(&a->module, name);
}

void ar_analysis_imported_loops(const ar_analysis *a, bool *asyncio, bool *trio, bool *anyio) {
  *asyncio = a->imports_asyncio;
  *trio = a->imports_trio;
  *anyio = a->imports_anyio;
}

void ar_analysis_each_import(const ar_analysis *a,
                             void (*fn)(void *ctx, const char *name, const char *target),
                             void *ctx) {
  for (size_t i = 0; i + 1 < a->import_count; i += 2) fn(ctx, a->imports[i], a->imports[i + 1]);
}

/* Appends printf-formatted text to a growing string; NULL stays NULL. */
static char *append_text(char *text, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static char *append_text(char *text, size_t *len, const char *fmt, ...) {
  if (!text) return NULL;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *grown = n < 0 ? NULL : realloc(text, *len + (size_t)n + 1);
  if (!grown) {
    free(text);
    return NULL;
  }
  va_start(ap, fmt);
  vsnprintf(grown + *len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  *len += (size_t)n;
  return grown;
}

/* "`load()` blocks: it calls `fetch()` at line 5, which calls
 * `requests.get` (ASYNC210) at line 12; use ...". */
static char *helper_message(const ar_finding *f) {
  size_t len = 0;
  char *text = calloc(1, 1);
  text = append_text(text, &len, "`%s()` blocks: it calls ", f->callee);
  for (size_t i = 0; i < f->step_count; i++) {
    const ar_step *s = &f->steps[i];
    if (i > 0) text = append_text(text, &len, ", which calls ");
    if (s->rule)
      text = append_text(text, &len, "`%s` (%s)", s->callee, s->rule->code);
    else
      text = append_text(text, &len, "`%s()`", s->callee);
    if (s->file)
      text = append_text(text, &len, " at %s:%u", s->file + s->file_shown, s->line + 1);
    else
      text = append_text(text, &len, " at line %u", s->line + 1);
  }
  return append_text(text, &len, "; use %s", f->rule->instead);
}

char *ar_finding_message(const ar_finding *f) {
  if (f->step_count > 0) return helper_message(f);
  if (f->rule->id == AR_RULE_ARD300) {
    size_t len = 0;
    return append_text(calloc(1, 1), &len, "`%s` awaits nothing but blocks: %s; use %s", f->callee,
                       f->rule->why, f->rule->instead);
  }
  return ar_finding_message_advising(f, f->instead ? f->instead : f->rule->instead);
}

char *ar_finding_message_advising(const ar_finding *f, const char *instead) {
  /* Builtins read as the user wrote them: `open`, not `builtins.open`. */
  const char *callee = f->callee;
  if (strncmp(callee, "builtins.", 9) == 0) callee += 9;
  size_t len = 0;
  return append_text(calloc(1, 1), &len, "`%s` blocks the event loop: %s; use %s", callee,
                     f->rule->why, instead);
}
