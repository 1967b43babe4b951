#include "fix_cache.h"

#include <stdlib.h>
#include <string.h>

struct fix_cache_entry {
  ar_fix_cached cached; /* cached.anchor is dep_start */
  uint32_t start, end; /* the finding's callee */
  const ar_rule *rule;
  char *callee;   /* owned; NULL once the entry moved to the next pass */
  uint64_t serial; /* of the finding's unit; 0 when it had none */
  /* The whole lines of the unit and the finding: the text the fixes read
   * besides the module header. */
  uint32_t dep_start, dep_end;
  bool has_header;
  uint32_t header_end; /* the end of its edits outside [dep_start, dep_end] */
};

void ar_fix_cache_init(ar_fix_cache *c) { *c = (ar_fix_cache){0}; }

static void forget_rendering(ar_fix_cached *k) {
  free(k->rendered_finding);
  free(k->rendered_fixes);
  k->rendered_finding = k->rendered_fixes = NULL;
}

static void drop(fix_cache_entry *e) {
  free(e->callee);
  e->callee = NULL;
  ar_fix_list_free(&e->cached.fixes);
  forget_rendering(&e->cached);
}

void ar_fix_cached_render(ar_fix_cached *e, char *finding, size_t finding_len, char *fixes,
                          size_t fixes_len, uint32_t line) {
  forget_rendering(e);
  if (!finding || !fixes) {
    free(finding);
    free(fixes);
    return;
  }
  e->rendered_finding = finding;
  e->rendered_finding_len = finding_len;
  e->rendered_fixes = fixes;
  e->rendered_fixes_len = fixes_len;
  e->rendered_line = line;
}

void ar_fix_cache_clear(ar_fix_cache *c) {
  for (size_t i = 0; i < c->count; i++) drop(&c->items[i]);
  c->count = 0;
  c->has_header = false;
}

void ar_fix_cache_free(ar_fix_cache *c) {
  ar_fix_cache_clear(c);
  for (size_t i = 0; i < c->next_count; i++) drop(&c->next[i]);
  free(c->items);
  free(c->next);
  *c = (ar_fix_cache){0};
}

static void shift_entry(fix_cache_entry *e, int64_t delta) {
  for (size_t i = 0; i < e->cached.fixes.count; i++) {
    ar_fix *fix = &e->cached.fixes.items[i];
    for (size_t j = 0; j < fix->edit_count; j++) {
      ar_edit *edit = &fix->edits[j];
      if (edit->start < e->dep_start || edit->end > e->dep_end) continue; /* header */
      edit->start = (uint32_t)(edit->start + delta);
      edit->end = (uint32_t)(edit->end + delta);
    }
  }
  e->start = (uint32_t)(e->start + delta);
  e->end = (uint32_t)(e->end + delta);
  e->dep_start = (uint32_t)(e->dep_start + delta);
  e->cached.anchor = e->dep_start;
  e->dep_end = (uint32_t)(e->dep_end + delta);
}

void ar_fix_cache_edit(ar_fix_cache *c, uint32_t start, uint32_t old_end, uint32_t new_end) {
  if (c->has_header && start <= c->header_end) {
    ar_fix_cache_clear(c);
    return;
  }
  int64_t delta = (int64_t)new_end - (int64_t)old_end;
  size_t kept = 0;
  for (size_t i = 0; i < c->count; i++) {
    fix_cache_entry *e = &c->items[i];
    /* Touching counts: text typed right after a line can join its unit. */
    if (start <= e->dep_end && old_end >= e->dep_start) {
      drop(e);
      continue;
    }
    if (e->dep_start >= old_end) shift_entry(e, delta);
    c->items[kept++] = *e;
  }
  c->count = kept;
}

static bool crlf_file(const char *source, uint32_t len) {
  const char *nl = memchr(source, '\n', len);
  return nl && nl > source && nl[-1] == '\r';
}

void ar_fix_cache_begin(ar_fix_cache *c, ar_fix_context *cx) {
  uint64_t version = ar_analysis_context_version(cx->analysis);
  bool crlf = crlf_file(cx->source, cx->len);
  if (version != c->context_version || crlf != c->crlf) {
    ar_fix_cache_clear(c);
    c->imports_valid = false;
  }
  if (c->imports_valid && !cx->memo.imports_valid) {
    cx->memo.imports_valid = true;
    cx->memo.library = c->library;
    memcpy(cx->memo.import_names, c->import_names, sizeof c->import_names);
  }
  c->context_version = version;
  c->crlf = crlf;
  for (size_t i = 0; i < c->next_count; i++) drop(&c->next[i]);
  c->next_count = 0;
  c->scan = 0;
}

/* The kept entry for f, moved out of items; NULL when there is none. */
static fix_cache_entry *take_kept(ar_fix_cache *c, const ar_finding *f, uint64_t serial) {
  while (c->scan < c->count && c->items[c->scan].start < f->start) c->scan++;
  for (size_t i = c->scan; i < c->count && c->items[i].start == f->start; i++) {
    fix_cache_entry *e = &c->items[i];
    if (e->callee && serial != 0 && e->serial == serial && e->end == f->end &&
        e->rule == f->rule && strcmp(e->callee, f->callee) == 0)
      return e;
  }
  return NULL;
}

static uint32_t line_start(const char *source, uint32_t at) {
  while (at > 0 && source[at - 1] != '\n' && source[at - 1] != '\r') at--;
  return at;
}

/* Past the line ending of the line holding `at`. */
static uint32_t line_end(const char *source, uint32_t len, uint32_t at) {
  while (at < len && source[at] != '\n' && source[at] != '\r') at++;
  if (at < len && source[at] == '\r') at++;
  if (at < len && source[at] == '\n') at++;
  return at;
}

/* Computes the fixes of f, whose unit spans [unit_start, unit_end) and has
 * `serial`, into e. */
static int fill(fix_cache_entry *e, ar_fix_context *cx, const ar_finding *f, uint32_t unit_start,
                uint32_t unit_end, uint64_t serial) {
  *e = (fix_cache_entry){.start = f->start, .end = f->end, .rule = f->rule, .serial = serial};
  e->callee = strdup(f->callee ? f->callee : "");
  if (!e->callee || ar_fix_collect(cx, f, &e->cached.fixes) < 0) {
    drop(e);
    return -1;
  }
  e->dep_start = line_start(cx->source, unit_start < f->start ? unit_start : f->start);
  e->cached.anchor = e->dep_start;
  e->dep_end = line_end(cx->source, cx->len, unit_end > f->end ? unit_end : f->end);
  for (size_t i = 0; i < e->cached.fixes.count; i++) {
    const ar_fix *fix = &e->cached.fixes.items[i];
    for (size_t j = 0; j < fix->edit_count; j++) {
      const ar_edit *edit = &fix->edits[j];
      if (edit->start >= e->dep_start && edit->end <= e->dep_end) continue;
      if (!e->has_header || edit->end > e->header_end) e->header_end = edit->end;
      e->has_header = true;
    }
  }
  return 0;
}

ar_fix_cached *ar_fix_cache_get(ar_fix_cache *c, ar_fix_context *cx, const ar_finding *f) {
  if (c->next_count == c->next_cap) {
    size_t cap = c->next_cap ? c->next_cap * 2 : 16;
    fix_cache_entry *grown = realloc(c->next, cap * sizeof *grown);
    if (!grown) return NULL;
    c->next = grown;
    c->next_cap = cap;
  }
  fix_cache_entry *slot = &c->next[c->next_count];
  uint32_t unit_start = f->start, unit_end = f->end;
  uint64_t serial = 0;
  if (!ar_analysis_unit_at(cx->analysis, f->start, &unit_start, &unit_end, &serial))
    unit_start = f->start, unit_end = f->end, serial = 0;
  fix_cache_entry *kept = take_kept(c, f, serial);
  if (kept) {
    *slot = *kept;
    kept->callee = NULL;
    kept->cached = (ar_fix_cached){0};
  } else if (fill(slot, cx, f, unit_start, unit_end, serial) < 0) {
    return NULL;
  } else if (cx->memo.imports_valid && !c->imports_valid) {
    c->imports_valid = true;
    c->library = cx->memo.library;
    memcpy(c->import_names, cx->memo.import_names, sizeof c->import_names);
  }
  c->next_count++;
  return &slot->cached;
}

void ar_fix_cache_end(ar_fix_cache *c) {
  ar_fix_cache_clear(c);
  fix_cache_entry *items = c->items;
  size_t cap = c->cap;
  c->items = c->next;
  c->count = c->next_count;
  c->cap = c->next_cap;
  c->next = items;
  c->next_cap = cap;
  c->next_count = 0;
  c->has_header = false;
  for (size_t i = 0; i < c->count; i++) {
    const fix_cache_entry *e = &c->items[i];
    if (!e->has_header) continue;
    if (!c->has_header || e->header_end > c->header_end) c->header_end = e->header_end;
    c->has_header = true;
  }
}
