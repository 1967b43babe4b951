#include "fix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix_build.h"
#include "fix_rewrite.h"

/* --- text ---------------------------------------------------------------- */

void fix_text_add(fix_text *t, const char *s, size_t n) {
  if (t->failed) return;
  if (t->len + n + 1 > t->cap) {
    size_t cap = t->cap ? t->cap : 64;
    while (t->len + n + 1 > cap) cap *= 2;
    char *grown = realloc(t->data, cap);
    if (!grown) {
      t->failed = true;
      return;
    }
    t->data = grown;
    t->cap = cap;
  }
  memcpy(t->data + t->len, s, n);
  t->len += n;
  t->data[t->len] = '\0';
}

void fix_text_str(fix_text *t, const char *s) { fix_text_add(t, s, strlen(s)); }

void fix_text_printf(fix_text *t, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) {
    t->failed = true;
    return;
  }
  char *piece = malloc((size_t)n + 1);
  if (!piece) {
    t->failed = true;
    return;
  }
  va_start(ap, fmt);
  vsnprintf(piece, (size_t)n + 1, fmt, ap);
  va_end(ap);
  fix_text_add(t, piece, (size_t)n);
  free(piece);
}

char *fix_text_take(fix_text *t) {
  char *out = t->failed ? NULL : t->data;
  if (!out && !t->failed) out = calloc(1, 1);
  if (t->failed) free(t->data);
  *t = (fix_text){0};
  return out;
}

/* --- fixes --------------------------------------------------------------- */

static void free_fix(ar_fix *fix) {
  free(fix->title);
  for (size_t i = 0; i < fix->edit_count; i++) free(fix->edits[i].text);
  free(fix->edits);
}

void ar_fix_list_free(ar_fix_list *l) {
  for (size_t i = 0; i < l->count; i++) free_fix(&l->items[i]);
  free(l->items);
  *l = (ar_fix_list){0};
}

const ar_fix *ar_fix_pick(const ar_fix_list *l, bool unsafe) {
  for (size_t i = 0; i < l->count; i++)
    if (!l->items[i].suppression && !l->items[i].alone &&
        (unsafe || l->items[i].safety == AR_FIX_SAFE))
      return &l->items[i];
  return NULL;
}

ar_fix *fix_begin(ar_fix_list *l, ar_fix_safety safety, bool preferred, const char *fmt, ...) {
  if (l->count == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 4;
    ar_fix *grown = realloc(l->items, cap * sizeof *grown);
    if (!grown) return NULL;
    l->items = grown;
    l->cap = cap;
  }
  fix_text title = {0};
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return NULL;
  title.data = malloc((size_t)n + 1);
  if (!title.data) return NULL;
  va_start(ap, fmt);
  vsnprintf(title.data, (size_t)n + 1, fmt, ap);
  va_end(ap);
  ar_fix *fix = &l->items[l->count++];
  *fix = (ar_fix){.title = title.data, .safety = safety, .preferred = preferred};
  return fix;
}

void fix_drop_last(ar_fix_list *l) {
  if (l->count == 0) return;
  free_fix(&l->items[--l->count]);
}

static int add_edit(ar_fix *fix, uint32_t start, uint32_t end, const char *text,
                    ar_edit_rank rank) {
  char *copy = strdup(text);
  ar_edit *grown = copy ? realloc(fix->edits, (fix->edit_count + 1) * sizeof *grown) : NULL;
  if (!grown) {
    free(copy);
    return -1;
  }
  fix->edits = grown;
  fix->edits[fix->edit_count++] = (ar_edit){start, end, copy, rank};
  return 0;
}

int fix_edit(ar_fix *fix, uint32_t start, uint32_t end, const char *text) {
  return add_edit(fix, start, end, text, AR_EDIT_BODY);
}

int fix_edit_header(ar_fix *fix, uint32_t at, const char *text, ar_edit_rank rank) {
  return add_edit(fix, at, at, text, rank);
}

/* Insertions at one offset go in text order, so that imports added by
 * several fixes come out sorted and the same whatever the fix order. */
static int compare_edits(const void *pa, const void *pb) {
  const ar_edit *a = pa, *b = pb;
  if (a->start != b->start) return a->start < b->start ? -1 : 1;
  if (a->end != b->end) return a->end < b->end ? -1 : 1;
  if (a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
  return strcmp(a->text, b->text);
}

static bool edits_overlap(const ar_edit *a, const ar_edit *b) {
  uint32_t lo = a->start > b->start ? a->start : b->start;
  uint32_t hi = a->end < b->end ? a->end : b->end;
  if (lo < hi) return true;
  /* An insertion strictly inside a replaced range has no place to go. */
  if (a->start == a->end && b->start < a->start && a->start < b->end) return true;
  if (b->start == b->end && a->start < b->start && b->start < a->end) return true;
  if (a->start == a->end && b->start == b->end)
    return a->start == b->start && (a->rank == AR_EDIT_BODY || b->rank == AR_EDIT_BODY);
  return a->start == b->start && a->end == b->end;
}

int fix_finish(ar_fix *fix) {
  qsort(fix->edits, fix->edit_count, sizeof *fix->edits, compare_edits);
  for (size_t i = 1; i < fix->edit_count; i++)
    if (edits_overlap(&fix->edits[i - 1], &fix->edits[i])) return -1;
  return 0;
}

static bool same_edit(const ar_edit *a, const ar_edit *b) {
  return a->start == b->start && a->end == b->end && strcmp(a->text, b->text) == 0;
}

int ar_fix_merge(const ar_fix *const *fixes, size_t n, ar_edit **edits, size_t *count,
                 size_t *skipped) {
  size_t total = 0;
  for (size_t i = 0; i < n; i++) total += fixes[i]->edit_count;
  ar_edit *out = malloc((total ? total : 1) * sizeof *out);
  if (!out) return -1;
  size_t k = 0;
  *skipped = 0;
  for (size_t i = 0; i < n; i++) {
    const ar_fix *fix = fixes[i];
    bool clash = false;
    for (size_t e = 0; e < fix->edit_count && !clash; e++)
      for (size_t j = 0; j < k && !clash; j++)
        clash = !same_edit(&fix->edits[e], &out[j]) && edits_overlap(&fix->edits[e], &out[j]);
    if (clash) {
      (*skipped)++;
      continue;
    }
    for (size_t e = 0; e < fix->edit_count; e++) {
      bool dup = false;
      for (size_t j = 0; j < k && !dup; j++) dup = same_edit(&fix->edits[e], &out[j]);
      if (!dup) out[k++] = fix->edits[e];
    }
  }
  qsort(out, k, sizeof *out, compare_edits);
  *edits = out;
  *count = k;
  return 0;
}

char *ar_fix_apply(const char *source, uint32_t len, const ar_edit *edits, size_t n,
                   uint32_t *out_len) {
  fix_text t = {0};
  uint32_t at = 0;
  for (size_t i = 0; i < n; i++) {
    const ar_edit *e = &edits[i];
    if (e->start < at || e->end < e->start || e->end > len) {
      free(t.data);
      return NULL;
    }
    fix_text_add(&t, source + at, e->start - at);
    fix_text_str(&t, e->text);
    at = e->end;
  }
  fix_text_add(&t, source + at, len - at);
  size_t size = t.len;
  char *out = fix_text_take(&t);
  if (out) *out_len = (uint32_t)size;
  return out;
}

/* --- the site of a finding ----------------------------------------------- */

bool fix_node_is(TSNode n, const char *type) {
  return !ts_node_is_null(n) && strcmp(ts_node_type(n), type) == 0;
}

const char *fix_node_text(const fix_site *site, TSNode n, size_t *len) {
  uint32_t start = ts_node_start_byte(n);
  *len = ts_node_end_byte(n) - start;
  return site->cx->source + start;
}

static const char *line_ending(const char *source, uint32_t len) {
  const char *nl = memchr(source, '\n', len);
  return nl && nl > source && nl[-1] == '\r' ? "\r\n" : "\n";
}

void ar_fix_context_init(ar_fix_context *cx, const char *source, uint32_t len, const TSTree *tree,
                         const ar_analysis *analysis) {
  *cx = (ar_fix_context){.source = source, .len = len, .tree = tree, .analysis = analysis};
  cx->memo.top = ts_tree_cursor_new(ts_tree_root_node(tree));
}

void ar_fix_context_done(ar_fix_context *cx) { ts_tree_cursor_delete(&cx->memo.top); }

static bool contains(TSNode n, uint32_t start, uint32_t end) {
  return ts_node_start_byte(n) <= start && end <= ts_node_end_byte(n);
}

/* The module statement holding [start, end); null when none does. Found
 * from the root each time: the module's statements hang from a balanced
 * tree of hidden nodes, so the descent skips most of them, where stepping
 * from sibling to sibling would visit every one in between. */
static TSNode top_statement(ar_fix_context *cx, uint32_t start, uint32_t end) {
  TSTreeCursor *c = &cx->memo.top;
  ts_tree_cursor_reset(c, ts_tree_root_node(cx->tree));
  if (ts_tree_cursor_goto_first_child_for_byte(c, start) < 0) return (TSNode){0};
  TSNode n = ts_tree_cursor_current_node(c);
  return contains(n, start, end) ? n : (TSNode){0};
}

static int push(TSNode **path, size_t *count, size_t *cap, TSNode n) {
  if (*count == *cap) {
    TSNode *grown = realloc(*path, *cap * 2 * sizeof *grown);
    if (!grown) return -1;
    *path = grown;
    *cap *= 2;
  }
  (*path)[(*count)++] = n;
  return 0;
}

TSNode *fix_path_to(ar_fix_context *cx, uint32_t start, uint32_t end, size_t *depth) {
  /* Small enough to stay out of glibc's large requests, which first sort
   * every chunk the last parse freed. */
  size_t count = 0, cap = 24;
  TSNode *path = malloc(cap * sizeof *path);
  if (!path) return NULL;
  path[count++] = ts_tree_root_node(cx->tree);
  TSNode top = top_statement(cx, start, end);
  if (ts_node_is_null(top)) {
    *depth = count;
    return path;
  }
  if (push(&path, &count, &cap, top) < 0) {
    free(path);
    return NULL;
  }
  TSTreeCursor cursor = ts_tree_cursor_new(top);
  while (ts_tree_cursor_goto_first_child_for_byte(&cursor, start) >= 0) {
    TSNode n = ts_tree_cursor_current_node(&cursor);
    if (!contains(n, start, end)) break;
    if (push(&path, &count, &cap, n) < 0) {
      free(path);
      path = NULL;
      break;
    }
  }
  ts_tree_cursor_delete(&cursor);
  *depth = count;
  return path;
}

void fix_line_bounds(ar_fix_context *cx, uint32_t at, uint32_t *start, uint32_t *end) {
  if (!(cx->memo.line_valid && cx->memo.line_start <= at && at <= cx->memo.line_end)) {
    uint32_t s = at, e = at;
    while (s > 0 && cx->source[s - 1] != '\n' && cx->source[s - 1] != '\r') s--;
    while (e < cx->len && cx->source[e] != '\n' && cx->source[e] != '\r') e++;
    cx->memo.line_valid = true;
    cx->memo.line_start = s;
    cx->memo.line_end = e;
  }
  *start = cx->memo.line_start;
  *end = cx->memo.line_end;
}

bool fix_is_with_finding(const ar_finding *f) { return strncmp(f->callee, "with ", 5) == 0; }

/* The call whose `function` is exactly the finding's callee range, with
 * its ancestors; for a `with` finding, which covers the value entered, the
 * call that is exactly the range. -1 when out of memory. */
static int locate_call(fix_site *site) {
  const ar_finding *f = site->finding;
  size_t depth;
  TSNode *path = fix_path_to(site->cx, f->start, f->end, &depth);
  if (!path) return -1;
  bool with = fix_is_with_finding(f);
  for (size_t i = depth; i > 1; i--) {
    TSNode n = path[i - 1], parent = path[i - 2];
    if (ts_node_start_byte(n) != f->start || ts_node_end_byte(n) != f->end) continue;
    if (with && fix_node_is(n, "call")) {
      site->call = n;
      site->function = ts_node_child_by_field_name(n, "function", 8);
      site->args = ts_node_child_by_field_name(n, "arguments", 9);
      site->path = path;
      site->depth = i;
      return 0;
    }
    if (!with && fix_node_is(parent, "call") &&
        ts_node_eq(ts_node_child_by_field_name(parent, "function", 8), n)) {
      site->call = parent;
      site->function = n;
      site->args = ts_node_child_by_field_name(parent, "arguments", 9);
      site->path = path;
      site->depth = i - 1;
      return 0;
    }
  }
  free(path);
  return 0;
}

int ar_fix_collect(ar_fix_context *cx, const ar_finding *f, ar_fix_list *out) {
  fix_site site = {.cx = cx, .finding = f, .root = ts_tree_root_node(cx->tree)};
  site.lib = fix_library(cx);
  site.eol = line_ending(cx->source, cx->len);
  if (f->end > cx->len || f->start >= f->end) return 0;
  if (f->rule->id == AR_RULE_ARD300) {
    site.path = fix_path_to(cx, f->start, f->end, &site.depth);
    int rc = site.path ? fix_plain_handler_hint(&site, out) : -1;
    if (rc == 0) rc = fix_add_noqa(&site, out);
    free(site.path);
    return rc;
  }
  int rc = locate_call(&site);
  if (rc == 0 && !ts_node_is_null(site.call) && !ts_node_is_null(site.args))
    rc = fix_rewrite_collect(&site, out);
  if (rc == 0) rc = fix_add_noqa(&site, out);
  free(site.path);
  return rc;
}
