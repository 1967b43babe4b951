#include "workspace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>
#include <uthash.h>

#include "syntax.h"

/* Module files analysed inside one another's analysis: deeper nesting is
 * answered "does not block" rather than risk the stack. */
enum { MAX_NESTED_LOADS = 16, MAX_PARTS = 32 };
/* Re-exports followed from one question (`from .core import load` in a
 * package's __init__.py, itself re-exported ...): the limit also ends
 * cycles of re-exports, which are answered "does not block". */
enum { MAX_REEXPORTS = 8 };

/* A file the workspace was asked about: analysed, or known to be missing. */
typedef struct ws_file {
  char *path; /* hash key, owned */
  bool missing;
  char *text;
  size_t len;
  uint64_t stamp;
  TSTree *tree;
  ar_analysis *analysis;
  bool loading; /* being analysed: asking it again is an import cycle */
  UT_hash_handle hh;
} ws_file;

/* The resolver context of one analysed file, stable for the workspace's
 * life since analyses keep a pointer to it. */
typedef struct ws_origin {
  char *path; /* hash key, owned */
  ar_workspace *ws;
  UT_hash_handle hh;
} ws_origin;

/* A cached answer, by target (prefixed with the asking folder when the
 * target is relative). */
typedef struct ws_answer {
  char *key; /* owned */
  bool blocks;
  ar_step *steps;
  size_t step_count;
  UT_hash_handle hh;
} ws_answer;

/* What a chain into another module stands for there (ar_follow_fn), by
 * target like ws_answer; text NULL: nothing known. */
typedef struct ws_follow {
  char *key; /* owned */
  char *text; /* owned, may be NULL */
  UT_hash_handle hh;
} ws_follow;

/* `from`'s answers used `to` (which may be missing). */
typedef struct ws_edge {
  char *key; /* "from\0to", owned */
  const char *from, *to; /* into key */
  UT_hash_handle hh;
} ws_edge;

struct ar_workspace {
  ar_ws_read_fn read;
  ar_ws_stamp_fn stamp;
  void *ctx;
  char **roots;
  char **root_packages; /* per root: the one package it holds, or NULL for any */
  size_t root_count, root_cap;
  TSParser *parser;
  ws_file *files;
  ws_origin *origins;
  ws_answer *answers;
  ws_follow *follows;
  ws_edge *edges;
  int nested;
  int reexports; /* being followed, see MAX_REEXPORTS */
};

ar_workspace *ar_workspace_new(ar_ws_read_fn read, ar_ws_stamp_fn stamp, void *ctx) {
  ar_workspace *w = calloc(1, sizeof *w);
  if (!w) return NULL;
  w->read = read;
  w->stamp = stamp;
  w->ctx = ctx;
  w->parser = ts_parser_new();
  if (!w->parser || !ts_parser_set_language(w->parser, ar_language())) {
    ar_workspace_free(w);
    return NULL;
  }
  return w;
}

static void free_steps(ar_step *steps, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(steps[i].callee);
    free(steps[i].file);
  }
  free(steps);
}

static void clear_answers(ar_workspace *w) {
  ws_answer *a, *tmp;
  HASH_ITER(hh, w->answers, a, tmp) {
    HASH_DEL(w->answers, a);
    free_steps(a->steps, a->step_count);
    free(a->key);
    free(a);
  }
  ws_follow *f, *ftmp;
  HASH_ITER(hh, w->follows, f, ftmp) {
    HASH_DEL(w->follows, f);
    free(f->text);
    free(f->key);
    free(f);
  }
}

static void free_file(ws_file *f) {
  ar_analysis_free(f->analysis);
  if (f->tree) ts_tree_delete(f->tree);
  free(f->text);
  free(f->path);
  free(f);
}

void ar_workspace_free(ar_workspace *w) {
  if (!w) return;
  clear_answers(w);
  ws_file *f, *ftmp;
  HASH_ITER(hh, w->files, f, ftmp) {
    HASH_DEL(w->files, f);
    free_file(f);
  }
  ws_origin *o, *otmp;
  HASH_ITER(hh, w->origins, o, otmp) {
    HASH_DEL(w->origins, o);
    free(o->path);
    free(o);
  }
  ws_edge *e, *etmp;
  HASH_ITER(hh, w->edges, e, etmp) {
    HASH_DEL(w->edges, e);
    free(e->key);
    free(e);
  }
  for (size_t i = 0; i < w->root_count; i++) {
    free(w->roots[i]);
    free(w->root_packages[i]);
  }
  free(w->root_packages);
  free(w->roots);
  if (w->parser) ts_parser_delete(w->parser);
  free(w);
}

static int add_root(ar_workspace *w, const char *dir, const char *package) {
  size_t len = strlen(dir);
  while (len > 1 && dir[len - 1] == '/') len--;
  for (size_t i = 0; i < w->root_count; i++)
    if (strlen(w->roots[i]) == len && memcmp(w->roots[i], dir, len) == 0 &&
        (!w->root_packages[i] || (package && strcmp(w->root_packages[i], package) == 0)))
      return 0;
  if (w->root_count == w->root_cap) {
    size_t cap = w->root_cap ? w->root_cap * 2 : 4;
    char **grown = realloc(w->roots, cap * sizeof *grown);
    if (!grown) return -1;
    w->roots = grown;
    grown = realloc(w->root_packages, cap * sizeof *grown);
    if (!grown) return -1;
    w->root_packages = grown;
    w->root_cap = cap;
  }
  char *copy = malloc(len + 1);
  char *only = package ? strdup(package) : NULL;
  if (!copy || (package && !only)) {
    free(copy);
    free(only);
    return -1;
  }
  memcpy(copy, dir, len);
  copy[len] = '\0';
  w->root_packages[w->root_count] = only;
  w->roots[w->root_count++] = copy;
  return 0;
}

int ar_workspace_add_root(ar_workspace *w, const char *dir) { return add_root(w, dir, NULL); }

int ar_workspace_add_package_root(ar_workspace *w, const char *dir, const char *package) {
  return add_root(w, dir, package);
}

/* Whether root `r` may hold a module whose first name is `first`. */
static bool root_admits(const ar_workspace *w, size_t r, const char *first) {
  return !w->root_packages[r] || strcmp(w->root_packages[r], first) == 0;
}

size_t ar_workspace_root_count(const ar_workspace *w) { return w->root_count; }

static ws_origin *origin_of(ar_workspace *w, const char *path) {
  ws_origin *o;
  HASH_FIND_STR(w->origins, path, o);
  if (o) return o;
  o = calloc(1, sizeof *o);
  if (!o || !(o->path = strdup(path))) {
    free(o);
    return NULL;
  }
  o->ws = w;
  HASH_ADD_KEYPTR(hh, w->origins, o->path, strlen(o->path), o);
  return o;
}

static bool resolve(void *ctx, const char *target, ar_external *out);
static bool follow(void *ctx, const char *chain, char *out, size_t cap);

int ar_workspace_attach(ar_workspace *w, ar_analysis *a, const char *path) {
  ws_origin *o = origin_of(w, path);
  if (!o) return -1;
  ar_analysis_set_resolver(a, resolve, o);
  ar_analysis_set_follower(a, follow, o);
  return 0;
}

static void add_edge(ar_workspace *w, const char *from, const char *to) {
  size_t nf = strlen(from), nt = strlen(to);
  char *key = malloc(nf + nt + 2);
  if (!key) return; /* a missing edge only costs a missed refresh */
  memcpy(key, from, nf + 1);
  memcpy(key + nf + 1, to, nt + 1);
  ws_edge *e;
  HASH_FIND(hh, w->edges, key, nf + nt + 1, e);
  if (e || !(e = malloc(sizeof *e))) {
    free(key);
    return;
  }
  e->key = key;
  e->from = key;
  e->to = key + nf + 1;
  HASH_ADD_KEYPTR(hh, w->edges, e->key, nf + nt + 1, e);
}

/* Analyses `path` (NULL when out of memory; f->missing when there is no
 * such file). */
static ws_file *load(ar_workspace *w, const char *path) {
  ws_file *f;
  HASH_FIND_STR(w->files, path, f);
  if (f) return f;
  f = calloc(1, sizeof *f);
  if (!f || !(f->path = strdup(path))) {
    free(f);
    return NULL;
  }
  HASH_ADD_KEYPTR(hh, w->files, f->path, strlen(f->path), f);
  f->text = w->read(w->ctx, path, &f->len, &f->stamp);
  if (!f->text || f->len > UINT32_MAX / 2) {
    free(f->text);
    f->text = NULL;
    f->missing = true;
    return f;
  }
  f->tree = ts_parser_parse_string(w->parser, NULL, f->text, (uint32_t)f->len);
  f->analysis = ar_analysis_new();
  ws_origin *o = origin_of(w, path);
  if (!f->tree || !f->analysis || !o) {
    f->missing = true;
    return f;
  }
  ar_analysis_set_resolver(f->analysis, resolve, o);
  ar_analysis_set_follower(f->analysis, follow, o);
  f->loading = true;
  w->nested++;
  if (ar_analysis_update(f->analysis, f->text, NULL, f->tree) < 0) f->missing = true;
  w->nested--;
  f->loading = false;
  return f;
}

/* The part of a path shown in messages: below the outermost root that
 * holds it, so a package's files read the same from any of its folders. */
static size_t shown_from(const ar_workspace *w, const char *path) {
  size_t best = 0;
  for (size_t i = 0; i < w->root_count; i++) {
    size_t n = strlen(w->roots[i]);
    if (strncmp(path, w->roots[i], n) == 0 && path[n] == '/' && (best == 0 || n + 1 < best))
      best = n + 1;
  }
  return best;
}

/* The import a module-level name is bound to, when it is only that. */
typedef struct {
  const char *name;
  char *target; /* owned; NULL when not found or out of memory */
  bool failed;
} import_query;

static void find_import(void *ctx, const char *name, const char *target) {
  import_query *q = ctx;
  if (q->target || q->failed || strcmp(name, q->name) != 0) return;
  q->target = strdup(target);
  q->failed = !q->target;
}

static int copy_steps(const ar_step *from, size_t n, ar_step **out) {
  *out = calloc(n ? n : 1, sizeof **out);
  if (!*out) return -1;
  for (size_t i = 0; i < n; i++) {
    (*out)[i] = from[i];
    (*out)[i].callee = strdup(from[i].callee);
    (*out)[i].file = from[i].file ? strdup(from[i].file) : NULL;
    if (!(*out)[i].callee || (from[i].file && !(*out)[i].file)) {
      free_steps(*out, i + 1);
      *out = NULL;
      return -1;
    }
  }
  return 0;
}

/* The target `key` would come from through the file's one module-level
 * `from X import *` (`X.key`, `.inner.key`), when the file binds no `key`
 * itself and has exactly one star import (with several, which one defines
 * the name is not known). Caller frees; NULL when none or out of memory. */
static char *star_target(const ws_file *f, const char *key) {
  if (key[0] == '_' || ar_analysis_module_binds(f->analysis, key)) return NULL;
  TSNode root = ts_tree_root_node(f->tree), module = {0};
  int stars = 0;
  TSTreeCursor c = ts_tree_cursor_new(root);
  for (bool more = ts_tree_cursor_goto_first_child(&c); more && stars < 2;
       more = ts_tree_cursor_goto_next_sibling(&c)) {
    TSNode stmt = ts_tree_cursor_current_node(&c);
    if (ts_node_symbol(stmt) != syn_get()->import_from_statement) continue;
    uint32_t n = ts_node_named_child_count(stmt);
    for (uint32_t i = 0; i < n; i++)
      if (ts_node_symbol(ts_node_named_child(stmt, i)) == syn_get()->wildcard_import) {
        module = ts_node_child_by_field_name(stmt, "module_name", 11);
        stars++;
      }
  }
  ts_tree_cursor_delete(&c);
  if (stars != 1 || ts_node_is_null(module)) return NULL;
  uint32_t start = ts_node_start_byte(module), end = ts_node_end_byte(module);
  size_t klen = strlen(key);
  char *target = malloc(end - start + klen + 2);
  if (!target) return NULL;
  size_t len = 0;
  for (uint32_t i = start; i < end; i++)
    if (!strchr(" \t\\\r\n", f->text[i])) target[len++] = f->text[i];
  if (len > 0 && target[len - 1] != '.') target[len++] = '.';
  memcpy(target + len, key, klen + 1);
  return target;
}

/* `key` is not a function of `path` but may be a name it imports and so
 * re-exports (`from .helpers import load` in pkg/__init__.py, or through its
 * star import): the answer is that of the import's target, asked as `path`
 * would. Returns like ask_file. */
static int follow_reexport(ar_workspace *w, const char *path, const ws_file *f, const char *key,
                           ws_answer *a) {
  if (strchr(key, '.') || w->reexports >= MAX_REEXPORTS) return 1;
  import_query q = {key, NULL, false};
  ar_analysis_each_import(f->analysis, find_import, &q);
  if (q.failed) return -1;
  if (!q.target) q.target = star_target(f, key);
  if (!q.target) return 1;
  ws_origin *o = origin_of(w, path);
  ar_external ext = {false, NULL, 0};
  w->reexports++;
  bool answered = o && resolve(o, q.target, &ext);
  w->reexports--;
  free(q.target);
  if (!o) return -1;
  if (!answered || !ext.blocks) return 1;
  if (copy_steps(ext.steps, ext.step_count, &a->steps) < 0) return -1;
  a->blocks = true;
  a->step_count = ext.step_count;
  return 1;
}

/* Asks `path` for function `key`: 1 answered (a->blocks set), 0 no such
 * module file, -1 out of memory. */
static int ask_file(ar_workspace *w, const char *from, const char *path, const char *key,
                    ws_answer *a) {
  add_edge(w, from, path);
  if (w->nested >= MAX_NESTED_LOADS) return 1;
  ws_file *f = load(w, path);
  if (!f) return -1;
  if (f->missing) return 0;
  if (f->loading) return 1; /* an import cycle: no verdict yet */
  ar_step *steps;
  size_t n;
  int rc = ar_analysis_helper_steps(f->analysis, key, f->text, f->tree, &steps, &n);
  if (rc < 0) return -1;
  if (rc == 0) return follow_reexport(w, path, f, key, a);
  for (size_t i = 0; i < n; i++) {
    if (steps[i].file) continue;
    steps[i].file = strdup(path);
    steps[i].file_shown = shown_from(w, path);
    if (!steps[i].file) {
      free_steps(steps, n);
      return -1;
    }
  }
  a->blocks = true;
  a->steps = steps;
  a->step_count = n;
  return 1;
}

/* Tries module `dir/<parts[0..k)>` (.py, then /__init__.py) for the
 * function named by parts[k..n). */
static int try_module(ar_workspace *w, const char *from, const char *dir, char **parts, size_t k,
                      size_t n, ws_answer *a) {
  char path[4096], key[1024];
  size_t klen = 0;
  for (size_t i = k; i < n; i++) {
    int m = snprintf(key + klen, sizeof key - klen, "%s%s", i > k ? "." : "", parts[i]);
    if (m < 0 || (size_t)m >= sizeof key - klen) return 0;
    klen += (size_t)m;
  }
  size_t plen = 0;
  int m = snprintf(path, sizeof path, "%s", dir);
  if (m < 0 || (size_t)m >= sizeof path) return 0;
  plen = (size_t)m;
  for (size_t i = 0; i < k; i++) {
    m = snprintf(path + plen, sizeof path - plen, "/%s", parts[i]);
    if (m < 0 || (size_t)m >= sizeof path - plen) return 0;
    plen += (size_t)m;
  }
  static const char *const suffixes[] = {".py", "/__init__.py"};
  for (size_t s = k == 0 ? 1 : 0; s < 2; s++) {
    if (snprintf(path + plen, sizeof path - plen, "%s", suffixes[s]) >= (int)(sizeof path - plen))
      return 0;
    int rc = ask_file(w, from, path, key, a);
    if (rc != 0) return rc;
  }
  return 0;
}

/* Splits `target` after `dots` leading dots into identifiers; 0 parts when
 * it holds anything else (a call result, `pkg.Cls().m`). */
static size_t split(char *copy, char **parts) {
  size_t n = 0;
  for (char *p = copy; n < MAX_PARTS;) {
    char *dot = strchr(p, '.');
    if (dot) *dot = '\0';
    if (*p == '\0' || strpbrk(p, "()@")) return 0;
    parts[n++] = p;
    if (!dot) return n;
    p = dot + 1;
  }
  return 0;
}

/* The folder a relative import with `dots` leading dots starts from: one
 * dot is the importing file's package, each more goes up one. Caller frees;
 * empty when above the file system's root, NULL when out of memory. */
static char *relative_dir(const ws_origin *o, size_t dots) {
  size_t plen = strlen(o->path);
  char *dir = malloc(plen + 3);
  if (!dir) return NULL;
  snprintf(dir, plen + 3, "%s%s", strchr(o->path, '/') ? "" : "./", o->path);
  char *slash = strrchr(dir, '/');
  for (size_t d = 0; slash && d < dots; d++) {
    *slash = '\0';
    if (d + 1 < dots) slash = strrchr(dir, '/');
  }
  if (!slash) dir[0] = '\0';
  return dir;
}

static int compute(ar_workspace *w, const ws_origin *o, const char *target, ws_answer *a) {
  size_t dots = strspn(target, ".");
  char *copy = strdup(target + dots);
  if (!copy) return -1;
  char *parts[MAX_PARTS];
  size_t n = split(copy, parts);
  int rc = 0;
  if (n > 0 && dots == 0) {
    for (size_t k = n - 1; k >= 1 && rc == 0; k--)
      for (size_t r = 0; r < w->root_count && rc == 0; r++)
        if (root_admits(w, r, parts[0])) rc = try_module(w, o->path, w->roots[r], parts, k, n, a);
  } else if (n > 0) {
    char *dir = relative_dir(o, dots);
    if (!dir) rc = -1;
    for (size_t k = n - 1; dir && dir[0] && rc == 0; k--) {
      rc = try_module(w, o->path, dir, parts, k, n, a);
      if (k == 0) break;
    }
    free(dir);
  }
  free(copy);
  return rc < 0 ? -1 : 0;
}

/* The cache key of a question about `target`: a relative target is asked
 * relative to the asking file's folder. false when it does not fit. */
static bool answer_key(const ws_origin *o, const char *target, char *key, size_t cap) {
  int m;
  if (target[0] == '.') {
    const char *slash = strrchr(o->path, '/');
    int dir_len = slash ? (int)(slash - o->path) : 0;
    m = snprintf(key, cap, "%.*s|%s", dir_len, o->path, target);
  } else {
    m = snprintf(key, cap, "%s", target);
  }
  return m >= 0 && (size_t)m < cap;
}

static bool resolve(void *ctx, const char *target, ar_external *out) {
  ws_origin *o = ctx;
  ar_workspace *w = o->ws;
  *out = (ar_external){false, NULL, 0};
  char key[4096];
  if (!answer_key(o, target, key, sizeof key)) return false;
  ws_answer *a;
  HASH_FIND_STR(w->answers, key, a);
  if (!a) {
    ws_answer fresh = {0};
    if (compute(w, o, target, &fresh) < 0) {
      free_steps(fresh.steps, fresh.step_count);
      return false;
    }
    a = calloc(1, sizeof *a);
    if (!a || !(a->key = strdup(key))) {
      free(a);
      free_steps(fresh.steps, fresh.step_count);
      return false;
    }
    a->blocks = fresh.blocks;
    a->steps = fresh.steps;
    a->step_count = fresh.step_count;
    HASH_ADD_KEYPTR(hh, w->answers, a->key, strlen(a->key), a);
  }
  *out = (ar_external){a->blocks, a->steps, a->step_count};
  return true;
}

/* ---- Objects across files (ar_follow_fn) ---- */

/* Writes `count` parts of `parts` joined by dots, after `dots` dots, then
 * a dot when both sides have text, then `tail`. false when it does not fit. */
static bool join_parts(char *out, size_t cap, size_t dots, char **parts, size_t count,
                       const char *tail) {
  size_t len = 0;
  for (size_t i = 0; i < dots && len + 1 < cap; i++) out[len++] = '.';
  for (size_t i = 0; i < count; i++) {
    int m = snprintf(out + len, cap - len, "%s%s", i ? "." : "", parts[i]);
    if (m < 0 || (size_t)m >= cap - len) return false;
    len += (size_t)m;
  }
  int m = snprintf(out + len, cap - len, "%s%s", count && *tail ? "." : "", tail);
  return m >= 0 && (size_t)m < cap - len;
}

/*
 * `there`, what module parts[0..k) (after `dots` dots, a package's
 * __init__.py when `package`) answered in its own terms, in the asking
 * file's terms: its own functions under the module's name, its relative
 * imports from the asking file's anchor.
 */
static bool translate(const char *there, size_t dots, char **parts, size_t k, bool package,
                      char *out, size_t cap) {
  if (strncmp(there, "@.", 2) == 0) return join_parts(out, cap, dots, parts, k, there + 2);
  size_t up = strspn(there, ".");
  if (up == 0) return (size_t)snprintf(out, cap, "%s", there) < cap;
  /* One dot is the module's package, each more its parent. */
  size_t pkg = package ? k : k - 1;
  if (up - 1 <= pkg) return join_parts(out, cap, dots, parts, pkg - (up - 1), there + up);
  if (dots == 0) return false;
  return join_parts(out, cap, dots + (up - 1 - pkg), parts, 0, there + up);
}

static bool follow_chain(ar_workspace *w, const ws_origin *o, const char *chain, char *out,
                         size_t cap);

/* Asks module `dir/parts[0..k)` about `rest`: 1 answered into out, 0 no
 * such file, -1 the module is there but knows nothing of it. */
static int follow_in(ar_workspace *w, const ws_origin *o, const char *dir, size_t dots,
                     char **parts, size_t k, const char *rest, char *out, size_t cap) {
  char path[4096];
  size_t plen = 0;
  int m = snprintf(path, sizeof path, "%s", dir);
  for (size_t i = 0; m >= 0 && (size_t)m < sizeof path - plen && i < k; i++) {
    plen += (size_t)m;
    m = snprintf(path + plen, sizeof path - plen, "/%s", parts[i]);
  }
  if (m < 0 || (size_t)m >= sizeof path - plen) return 0;
  plen += (size_t)m;
  static const char *const suffixes[] = {".py", "/__init__.py"};
  for (size_t s = 0; s < 2; s++) {
    if (snprintf(path + plen, sizeof path - plen, "%s", suffixes[s]) >= (int)(sizeof path - plen))
      return 0;
    add_edge(w, o->path, path);
    if (w->nested >= MAX_NESTED_LOADS) return -1;
    ws_file *f = load(w, path);
    if (!f || f->loading) return -1;
    if (f->missing) continue;
    char there[1024];
    if (!ar_analysis_follow(f->analysis, rest, there, sizeof there) ||
        !translate(there, dots, parts, k, s == 1, out, cap))
      return -1;
    /* A re-export, or an object another module made: follow it there. */
    char further[1024];
    if (w->reexports < MAX_REEXPORTS) {
      w->reexports++;
      bool more = follow_chain(w, o, out, further, sizeof further);
      w->reexports--;
      if (more && (size_t)snprintf(out, cap, "%s", further) >= cap) return -1;
    }
    return 1;
  }
  return 0;
}

/* What `chain` (`shop.clients.http.get`, `.models.Store().load`) stands for
 * in the project module its leading names name, the longest such name
 * first. */
static bool follow_chain(ar_workspace *w, const ws_origin *o, const char *chain, char *out,
                         size_t cap) {
  size_t dots = strspn(chain, ".");
  char copy[1024];
  if ((size_t)snprintf(copy, sizeof copy, "%s", chain + dots) >= sizeof copy) return false;
  /* The module's parts are the names followed by a dot; the rest is asked
   * of it as written. */
  char *parts[MAX_PARTS];
  size_t ends[MAX_PARTS], n = 0;
  for (size_t i = 0; n < MAX_PARTS;) {
    size_t j = i;
    while (copy[j] && copy[j] != '.' && copy[j] != '(') j++;
    if (j == i || copy[j] != '.') break;
    ends[n] = j;
    parts[n++] = copy + i;
    i = j + 1;
  }
  for (size_t i = 0; i < n; i++) copy[ends[i]] = '\0';
  char *relative = dots ? relative_dir(o, dots) : NULL;
  if (dots && !relative) return false;
  int rc = 0;
  for (size_t k = n; k >= 1 && rc == 0; k--) {
    const char *rest = chain + dots + ends[k - 1] + 1;
    if (dots) {
      rc = relative[0] ? follow_in(w, o, relative, dots, parts, k, rest, out, cap) : -1;
    } else {
      for (size_t r = 0; r < w->root_count && rc == 0; r++)
        if (root_admits(w, r, parts[0]))
          rc = follow_in(w, o, w->roots[r], 0, parts, k, rest, out, cap);
    }
  }
  free(relative);
  return rc == 1;
}

static bool follow(void *ctx, const char *chain, char *out, size_t cap) {
  ws_origin *o = ctx;
  ar_workspace *w = o->ws;
  char key[4096];
  if (!answer_key(o, chain, key, sizeof key)) return false;
  ws_follow *f;
  HASH_FIND_STR(w->follows, key, f);
  if (!f) {
    char found[1024];
    bool known = follow_chain(w, o, chain, found, sizeof found);
    f = calloc(1, sizeof *f);
    if (!f || !(f->key = strdup(key)) || (known && !(f->text = strdup(found)))) {
      if (f) free(f->key);
      free(f);
      return false;
    }
    HASH_ADD_KEYPTR(hh, w->follows, f->key, strlen(f->key), f);
  }
  return f->text && (size_t)snprintf(out, cap, "%s", f->text) < cap;
}

size_t ar_workspace_changed(ar_workspace *w, const char *path, ar_ws_affected_fn affected,
                            void *ctx) {
  /* Every file asked about has an entry until it changes, so a file without
   * one has no dependents left that still hold answers from it. */
  ws_file *f;
  HASH_FIND_STR(w->files, path, f);
  if (!f) return 0;
  /* Everything that depended on path, transitively. */
  char **marked = malloc(sizeof *marked);
  size_t count = 0, cap = 1;
  if (!marked) return 0;
  marked[count++] = strdup(path);
  for (size_t i = 0; i < count; i++) {
    if (!marked[i]) continue;
    for (ws_edge *e = w->edges; e; e = e->hh.next) {
      if (strcmp(e->to, marked[i]) != 0) continue;
      bool seen = false;
      for (size_t j = 0; j < count && !seen; j++) seen = marked[j] && strcmp(marked[j], e->from) == 0;
      if (seen) continue;
      if (count == cap) {
        char **grown = realloc(marked, cap * 2 * sizeof *grown);
        if (!grown) break;
        marked = grown;
        cap *= 2;
      }
      marked[count++] = strdup(e->from);
    }
  }
  clear_answers(w);
  size_t told = 0;
  for (size_t i = 0; i < count; i++) {
    if (!marked[i]) continue;
    HASH_FIND_STR(w->files, marked[i], f);
    if (f) {
      HASH_DEL(w->files, f);
      free_file(f);
    }
    if (i > 0 && affected) {
      affected(ctx, marked[i]);
      told++;
    }
    free(marked[i]);
  }
  free(marked);
  return told;
}

size_t ar_workspace_revalidate(ar_workspace *w, ar_ws_affected_fn affected, void *ctx) {
  size_t n = HASH_COUNT(w->files), k = 0, told = 0;
  char **stale = malloc((n ? n : 1) * sizeof *stale);
  if (!stale) return 0;
  for (ws_file *f = w->files; f; f = f->hh.next) {
    uint64_t stamp = 0;
    bool exists = w->stamp(w->ctx, f->path, &stamp);
    if (exists == f->missing || (exists && stamp != f->stamp)) stale[k++] = strdup(f->path);
  }
  for (size_t i = 0; i < k; i++) {
    if (stale[i]) told += ar_workspace_changed(w, stale[i], affected, ctx);
    free(stale[i]);
  }
  free(stale);
  return told;
}
