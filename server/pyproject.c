#include "pyproject.h"

#include <errno.h>
#include <fnmatch.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <tree_sitter/api.h>
#include <uthash.h>

#include "settings.h"

const TSLanguage *tree_sitter_toml(void);

/* No setting nests deeper than a table of strings; values nested past this
 * are refused, which also bounds the recursion over user input. */
enum { VALUE_DEPTH_MAX = 4, KEY_PARTS_MAX = 16, SYNTAX_REPORTS_MAX = 5 };
/* pyproject.toml files are small; anything larger is not one. */
#define PYPROJECT_MAX_BYTES (16u << 20)

typedef struct {
  const char *path;
  const char *text;
  pyproject_report_fn report;
  void *ctx;
  json_object *settings; /* what [tool.asyncradar] holds */
  json_object *lines;    /* dotted setting path -> line, for reports */
  unsigned section_line;
  bool has_section;
  bool oom;
} toml_reader;

typedef struct {
  char *items[KEY_PARTS_MAX];
  size_t count;
  bool too_long;
} key_parts;

static void parts_clear(key_parts *k) {
  for (size_t i = 0; i < k->count; i++) free(k->items[i]);
  k->count = 0;
  k->too_long = false;
}

static unsigned line_of(TSNode n) { return ts_node_start_point(n).row + 1; }

static void report_at(toml_reader *r, unsigned line, const char *message) {
  r->report(r->ctx, r->path, line, message);
}

static void put_utf8(char *out, size_t *n, unsigned long cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out[(*n)++] = (char)cp;
  } else if (cp < 0x800) {
    out[(*n)++] = (char)(0xC0 | (cp >> 6));
    out[(*n)++] = (char)(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out[(*n)++] = (char)(0xE0 | (cp >> 12));
    out[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[(*n)++] = (char)(0x80 | (cp & 0x3F));
  } else {
    out[(*n)++] = (char)(0xF0 | (cp >> 18));
    out[(*n)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[(*n)++] = (char)(0x80 | (cp & 0x3F));
  }
}

/* The value of a TOML string token (basic, literal, either multi-line),
 * with escapes resolved. Caller frees; NULL when out of memory. An escape
 * the grammar let through but TOML forbids is kept as written. */
static char *string_value(const char *s, size_t len) {
  char quote = len ? s[0] : '"';
  size_t delim = len >= 6 && s[1] == quote && s[2] == quote ? 3 : 1;
  if (len < 2 * delim) return strdup("");
  const char *p = s + delim, *end = s + len - delim;
  /* A newline right after the opening delimiter of a multi-line string is
   * not part of the value. */
  if (delim == 3 && p < end && *p == '\n') p++;
  else if (delim == 3 && end - p >= 2 && p[0] == '\r' && p[1] == '\n') p += 2;
  char *out = malloc((size_t)(end - p) + 1);
  if (!out) return NULL;
  size_t n = 0;
  while (p < end) {
    if (quote == '\'' || *p != '\\' || p + 1 >= end) {
      out[n++] = *p++;
      continue;
    }
    char e = p[1];
    const char *simple = "b\bt\tn\nf\fr\r\"\"\\\\e\033";
    const char *hit = strchr(simple, e);
    if (hit && (hit - simple) % 2 == 0 && e) {
      out[n++] = hit[1];
      p += 2;
    } else if ((e == 'u' || e == 'U') && end - p >= (e == 'u' ? 6 : 10)) {
      char hex[9] = {0};
      memcpy(hex, p + 2, e == 'u' ? 4 : 8);
      char *stop;
      unsigned long cp = strtoul(hex, &stop, 16);
      if (*stop) {
        out[n++] = *p++;
        continue;
      }
      /* Four bytes at most, never more than the six or ten written. */
      put_utf8(out, &n, cp);
      p += e == 'u' ? 6 : 10;
    } else if (delim == 3 && (e == ' ' || e == '\t' || e == '\r' || e == '\n')) {
      /* A line-ending backslash trims the whitespace up to the next text. */
      const char *q = p + 1;
      while (q < end && (*q == ' ' || *q == '\t')) q++;
      if (q < end && (*q == '\n' || *q == '\r')) {
        while (q < end && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')) q++;
        p = q;
      } else {
        out[n++] = *p++;
      }
    } else {
      out[n++] = *p++;
    }
  }
  out[n] = '\0';
  return out;
}

static char *node_text(const toml_reader *r, TSNode n) {
  uint32_t start = ts_node_start_byte(n), end = ts_node_end_byte(n);
  return strndup(r->text + start, end - start);
}

static bool is_type(TSNode n, const char *type) { return strcmp(ts_node_type(n), type) == 0; }

/* The parts of a key (`a."b.c".d` -> a, b.c, d), in order. */
static void read_key(toml_reader *r, TSNode key, key_parts *out) {
  TSTreeCursor cursor = ts_tree_cursor_new(key);
  bool more = true;
  while (more) {
    TSNode n = ts_tree_cursor_current_node(&cursor);
    bool leaf = is_type(n, "bare_key") || is_type(n, "quoted_key");
    if (leaf) {
      char *part = is_type(n, "bare_key")
                       ? node_text(r, n)
                       : string_value(r->text + ts_node_start_byte(n),
                                      ts_node_end_byte(n) - ts_node_start_byte(n));
      if (!part) {
        r->oom = true;
      } else if (out->count == KEY_PARTS_MAX) {
        out->too_long = true;
        free(part);
      } else {
        out->items[out->count++] = part;
      }
    }
    if (!leaf && ts_tree_cursor_goto_first_child(&cursor)) continue;
    while (!(more = ts_tree_cursor_goto_next_sibling(&cursor)))
      if (!ts_tree_cursor_goto_parent(&cursor)) break;
  }
  ts_tree_cursor_delete(&cursor);
}

/* The named children of `n` that are not comments: a pair's key and value,
 * a table's key and pairs. */
static uint32_t content_children(TSNode n, TSNode *out, uint32_t cap) {
  uint32_t k = 0;
  TSTreeCursor cursor = ts_tree_cursor_new(n);
  for (bool more = ts_tree_cursor_goto_first_child(&cursor); more && k < cap;
       more = ts_tree_cursor_goto_next_sibling(&cursor)) {
    TSNode c = ts_tree_cursor_current_node(&cursor);
    if (ts_node_is_named(c) && !is_type(c, "comment")) out[k++] = c;
  }
  ts_tree_cursor_delete(&cursor);
  return k;
}

static void add_pair(toml_reader *r, json_object *into, const char *prefix, TSNode pair,
                     int depth);

static json_object *value_of(toml_reader *r, TSNode v, const char *path, int depth) {
  if (depth > VALUE_DEPTH_MAX) {
    report_at(r, line_of(v), "value nested too deeply; ignored");
    return NULL;
  }
  if (is_type(v, "string")) {
    char *s = string_value(r->text + ts_node_start_byte(v),
                           ts_node_end_byte(v) - ts_node_start_byte(v));
    if (!s) {
      r->oom = true;
      return NULL;
    }
    json_object *o = json_object_new_string(s);
    free(s);
    return o;
  }
  if (is_type(v, "boolean")) {
    return json_object_new_boolean(r->text[ts_node_start_byte(v)] == 't');
  }
  if (is_type(v, "integer") || is_type(v, "float")) {
    return json_object_new_double(strtod(r->text + ts_node_start_byte(v), NULL));
  }
  if (is_type(v, "array")) {
    json_object *a = json_object_new_array();
    TSTreeCursor cursor = ts_tree_cursor_new(v);
    for (bool more = ts_tree_cursor_goto_first_child(&cursor); more && a;
         more = ts_tree_cursor_goto_next_sibling(&cursor)) {
      TSNode c = ts_tree_cursor_current_node(&cursor);
      if (!ts_node_is_named(c) || is_type(c, "comment")) continue;
      json_object *item = value_of(r, c, path, depth + 1);
      if (item) json_object_array_add(a, item);
    }
    ts_tree_cursor_delete(&cursor);
    return a;
  }
  if (is_type(v, "inline_table")) {
    json_object *t = json_object_new_object();
    TSTreeCursor cursor = ts_tree_cursor_new(v);
    for (bool more = ts_tree_cursor_goto_first_child(&cursor); more && t;
         more = ts_tree_cursor_goto_next_sibling(&cursor)) {
      TSNode c = ts_tree_cursor_current_node(&cursor);
      if (is_type(c, "pair")) add_pair(r, t, path, c, depth + 1);
    }
    ts_tree_cursor_delete(&cursor);
    return t;
  }
  /* Dates and times: no setting takes one; the text reads well in reports. */
  char *s = node_text(r, v);
  json_object *o = s ? json_object_new_string(s) : NULL;
  free(s);
  return o;
}

static char *join_path(const char *prefix, const char *part) {
  size_t n = strlen(prefix) + strlen(part) + 2;
  char *out = malloc(n);
  if (out) snprintf(out, n, "%s%s%s", prefix, *prefix ? "." : "", part);
  return out;
}

/* Stores `value` (stolen) at parts[from..] below `into`, making the tables
 * on the way, and notes the line of every path it names. */
static void store(toml_reader *r, json_object *into, const char *prefix, const key_parts *k,
                  size_t from, json_object *value, unsigned line) {
  char *path = strdup(prefix);
  for (size_t i = from; path && i < k->count; i++) {
    char *longer = join_path(path, k->items[i]);
    free(path);
    path = longer;
    if (!path) break;
    json_object_object_add(r->lines, path, json_object_new_int((int)line));
    if (i + 1 == k->count) {
      json_object_object_add(into, k->items[i], value);
      value = NULL;
      break;
    }
    json_object *next = NULL;
    if (!json_object_object_get_ex(into, k->items[i], &next)) {
      next = json_object_new_object();
      json_object_object_add(into, k->items[i], next);
    } else if (!json_object_is_type(next, json_type_object)) {
      report_at(r, line, "key defined twice; this definition is ignored");
      break;
    }
    into = next;
  }
  if (!path) r->oom = true;
  free(path);
  json_object_put(value);
}

/* A pair inside our section (or an inline table in it), under `prefix`. */
static void add_pair(toml_reader *r, json_object *into, const char *prefix, TSNode pair,
                     int depth) {
  TSNode kids[2];
  if (content_children(pair, kids, 2) != 2) return;
  key_parts k = {0};
  read_key(r, kids[0], &k);
  if (k.count > 0 && !k.too_long) {
    char *path = strdup(prefix);
    for (size_t i = 0; path && i < k.count; i++) {
      char *longer = join_path(path, k.items[i]);
      free(path);
      path = longer;
    }
    json_object *value = path ? value_of(r, kids[1], path, depth) : NULL;
    if (value) store(r, into, prefix, &k, 0, value, line_of(pair));
    free(path);
  }
  parts_clear(&k);
}

static bool in_section(const key_parts *k) {
  return k->count >= 2 && strcmp(k->items[0], "tool") == 0 &&
         strcmp(k->items[1], "asyncradar") == 0;
}

/* A pair anywhere in the document: its full key is the table's key, then
 * its own; only those under tool.asyncradar matter. */
static void add_document_pair(toml_reader *r, const key_parts *table, TSNode pair) {
  TSNode kids[2];
  if (content_children(pair, kids, 2) != 2) return;
  key_parts full = {0};
  for (size_t i = 0; i < table->count; i++) {
    full.items[full.count] = strdup(table->items[i]);
    if (!full.items[full.count]) r->oom = true;
    else full.count++;
  }
  read_key(r, kids[0], &full);
  if (!full.too_long && in_section(&full)) {
    r->has_section = true;
    if (!r->section_line) r->section_line = line_of(pair);
    if (full.count == 2) {
      /* tool.asyncradar = { ... } */
      if (is_type(kids[1], "inline_table")) {
        TSTreeCursor cursor = ts_tree_cursor_new(kids[1]);
        for (bool more = ts_tree_cursor_goto_first_child(&cursor); more;
             more = ts_tree_cursor_goto_next_sibling(&cursor)) {
          TSNode c = ts_tree_cursor_current_node(&cursor);
          if (is_type(c, "pair")) add_pair(r, r->settings, "", c, 1);
        }
        ts_tree_cursor_delete(&cursor);
      } else {
        report_at(r, line_of(pair), "tool.asyncradar must be a table");
      }
    } else {
      char *path = strdup("");
      for (size_t i = 2; path && i < full.count; i++) {
        char *longer = join_path(path, full.items[i]);
        free(path);
        path = longer;
      }
      json_object *value = path ? value_of(r, kids[1], path, 1) : NULL;
      if (value) store(r, r->settings, "", &full, 2, value, line_of(pair));
      if (!path) r->oom = true;
      free(path);
    }
  }
  parts_clear(&full);
}

static void report_syntax_errors(toml_reader *r, TSNode root) {
  if (!ts_node_has_error(root)) return;
  int reported = 0;
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  bool more = true;
  while (more && reported < SYNTAX_REPORTS_MAX) {
    TSNode n = ts_tree_cursor_current_node(&cursor);
    if (ts_node_is_error(n) || ts_node_is_missing(n)) {
      report_at(r, line_of(n), "TOML syntax error; the settings around it may be ignored");
      reported++;
    } else if (ts_node_has_error(n) && ts_tree_cursor_goto_first_child(&cursor)) {
      continue;
    }
    while (!(more = ts_tree_cursor_goto_next_sibling(&cursor)))
      if (!ts_tree_cursor_goto_parent(&cursor)) break;
  }
  ts_tree_cursor_delete(&cursor);
}

static void read_document(toml_reader *r, TSNode root) {
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  for (bool more = ts_tree_cursor_goto_first_child(&cursor); more;
       more = ts_tree_cursor_goto_next_sibling(&cursor)) {
    TSNode top = ts_tree_cursor_current_node(&cursor);
    key_parts none = {0};
    if (is_type(top, "pair")) {
      add_document_pair(r, &none, top);
      continue;
    }
    if (!is_type(top, "table") && !is_type(top, "table_array_element")) continue;
    TSNode kids[1];
    if (content_children(top, kids, 1) != 1) continue;
    key_parts table = {0};
    read_key(r, kids[0], &table);
    if (in_section(&table)) {
      r->has_section = true;
      if (!r->section_line) r->section_line = line_of(top);
      if (is_type(top, "table_array_element"))
        report_at(r, line_of(top), "[[tool.asyncradar...]] arrays of tables are not settings; ignored");
    }
    if (!table.too_long && is_type(top, "table")) {
      TSTreeCursor pairs = ts_tree_cursor_new(top);
      for (bool p = ts_tree_cursor_goto_first_child(&pairs); p;
           p = ts_tree_cursor_goto_next_sibling(&pairs)) {
        TSNode c = ts_tree_cursor_current_node(&pairs);
        if (is_type(c, "pair")) add_document_pair(r, &table, c);
      }
      ts_tree_cursor_delete(&pairs);
    }
    parts_clear(&table);
  }
  ts_tree_cursor_delete(&cursor);
}

/* The line of a setting's path, or of the nearest path above it. */
static unsigned setting_line(const toml_reader *r, const char *key) {
  char buf[512];
  snprintf(buf, sizeof buf, "%s", key);
  for (;;) {
    json_object *line;
    if (json_object_object_get_ex(r->lines, buf, &line)) return (unsigned)json_object_get_int(line);
    char *dot = strrchr(buf, '.');
    if (!dot) return r->section_line;
    *dot = '\0';
  }
}

static void report_setting(void *ctx, const char *key, const char *message) {
  toml_reader *r = ctx;
  char text[700];
  snprintf(text, sizeof text, "[tool.asyncradar] %s: %s", key, message);
  report_at(r, setting_line(r, key), text);
}

static char *read_small_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *buf = NULL;
  struct stat st;
  if (fstat(fileno(f), &st) == 0 && st.st_size >= 0 && (size_t)st.st_size <= PYPROJECT_MAX_BYTES)
    buf = malloc((size_t)st.st_size + 1);
  else if (errno == 0)
    errno = EFBIG;
  if (buf) {
    *len = fread(buf, 1, (size_t)st.st_size, f);
    if (ferror(f)) {
      free(buf);
      buf = NULL;
    } else {
      buf[*len] = '\0';
    }
  }
  fclose(f);
  return buf;
}

int pyproject_load(const char *path, ar_config *out, pyproject_report_fn report, void *ctx) {
  size_t len = 0;
  errno = 0;
  char *text = read_small_file(path, &len);
  if (!text) return -1;
  TSParser *parser = ts_parser_new();
  TSTree *tree = NULL;
  if (parser && ts_parser_set_language(parser, tree_sitter_toml()))
    tree = ts_parser_parse_string(parser, NULL, text, (uint32_t)len);
  toml_reader r = {path, text, report, ctx, json_object_new_object(), json_object_new_object(),
                   0, false, false};
  int rc = -1;
  if (tree && r.settings && r.lines) {
    TSNode root = ts_tree_root_node(tree);
    report_syntax_errors(&r, root);
    read_document(&r, root);
    rc = r.has_section ? 1 : 0;
    if (rc == 1 && settings_apply(out, NULL, r.settings, NULL, report_setting, &r) < 0) rc = -1;
    if (r.oom) rc = -1;
  }
  json_object_put(r.settings);
  json_object_put(r.lines);
  if (tree) ts_tree_delete(tree);
  if (parser) ts_parser_delete(parser);
  free(text);
  return rc;
}

/* One folder looked at: whether it holds a pyproject.toml with our table. */
typedef struct {
  char *dir; /* hash key, owned */
  bool has_config;
  ar_config config;
  UT_hash_handle hh;
} dir_entry;

struct pyproject_cache {
  dir_entry *dirs;
  pyproject_report_fn report;
  void *ctx;
};

pyproject_cache *pyproject_cache_new(pyproject_report_fn report, void *ctx) {
  pyproject_cache *c = calloc(1, sizeof *c);
  if (c) {
    c->report = report;
    c->ctx = ctx;
  }
  return c;
}

void pyproject_cache_free(pyproject_cache *c) {
  if (!c) return;
  dir_entry *e, *tmp;
  HASH_ITER(hh, c->dirs, e, tmp) {
    HASH_DEL(c->dirs, e);
    ar_config_clear(&e->config);
    free(e->dir);
    free(e);
  }
  free(c);
}

static dir_entry *visit(pyproject_cache *c, const char *dir, size_t len) {
  dir_entry *e;
  HASH_FIND(hh, c->dirs, dir, len, e);
  if (e) return e;
  e = calloc(1, sizeof *e);
  if (!e || !(e->dir = strndup(dir, len))) {
    free(e);
    return NULL;
  }
  ar_config_init(&e->config);
  size_t n = len + sizeof "/pyproject.toml";
  char *path = malloc(n);
  struct stat st;
  if (path) {
    snprintf(path, n, "%s/pyproject.toml", e->dir);
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
      int rc = pyproject_load(path, &e->config, c->report, c->ctx);
      if (rc < 0) {
        char text[300];
        snprintf(text, sizeof text, "cannot read: %s", errno ? strerror(errno) : "out of memory");
        c->report(c->ctx, path, 0, text);
      }
      e->has_config = rc == 1;
    }
  }
  free(path);
  HASH_ADD_KEYPTR(hh, c->dirs, e->dir, len, e);
  return e;
}

const ar_config *pyproject_cache_lookup(pyproject_cache *c, const char *dir,
                                        const char **root_out) {
  size_t len = strlen(dir);
  while (len > 1 && dir[len - 1] == '/') len--;
  for (;;) {
    dir_entry *e = visit(c, dir, len);
    if (e && e->has_config) {
      if (root_out) *root_out = e->dir;
      return &e->config;
    }
    size_t cut = len;
    while (cut > 0 && dir[cut - 1] != '/') cut--;
    if (len <= 1 || cut == 0) return NULL; /* the root, or no folder above */
    len = cut > 1 ? cut - 1 : 1;           /* the parent; "/" keeps its slash */
  }
}

bool pyproject_excludes(const ar_config *c, const char *rel) {
  if (!c) return false;
  for (size_t i = 0; i < c->exclude.count; i++) {
    const char *glob = c->exclude.items[i];
    if (fnmatch(glob, rel, 0) == 0) return true;
    /* Every folder on the way (`build` excludes build/x.py, `a/b` a/b/c.py),
     * and every single component (`.tox`, `migrations`). */
    for (const char *p = rel; (p = strchr(p, '/')) != NULL; p++) {
      char *prefix = strndup(rel, (size_t)(p - rel));
      bool hit = prefix && fnmatch(glob, prefix, 0) == 0;
      free(prefix);
      if (hit) return true;
    }
    for (const char *part = rel; *part;) {
      size_t n = strcspn(part, "/");
      char *name = strndup(part, n);
      bool hit = name && fnmatch(glob, name, 0) == 0;
      free(name);
      if (hit) return true;
      part += n;
      if (*part == '/') part++;
    }
  }
  return false;
}
