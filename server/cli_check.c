#define _XOPEN_SOURCE 700 /* realpath */
#include "cli_check.h"

#include <dirent.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_diff.h"
#include "cli_fix.h"
#include "config.h"
#include "document.h"
#include "fs.h"
#include "jsonrpc.h"
#include "library.h"
#include "position.h"
#include "pyproject.h"
#include "workspace.h"

typedef enum { FORMAT_TEXT, FORMAT_JSON } output_format;

typedef struct {
  char **items;
  size_t count, cap;
} path_list;

/* One finding as the CLI reports it: rows and columns are 1-based, columns
 * in code points, as in Ruff's output. */
typedef struct {
  const char *path;
  uint32_t row, col, end_row, end_col;
  const ar_rule *rule;
  ar_severity severity;
  char *message;
  json_object *fix; /* JSON output only: the preferred fix, or NULL */
} report;

typedef struct {
  report *items;
  size_t count, cap;
} report_list;

static int path_add(path_list *l, const char *path) {
  if (l->count == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 64;
    char **grown = realloc(l->items, cap * sizeof *grown);
    if (!grown) return -1;
    l->items = grown;
    l->cap = cap;
  }
  l->items[l->count] = strdup(path);
  if (!l->items[l->count]) return -1;
  l->count++;
  return 0;
}

static void path_list_free(path_list *l) {
  for (size_t i = 0; i < l->count; i++) free(l->items[i]);
  free(l->items);
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

static char *join(const char *dir, const char *name) {
  size_t n = strlen(dir);
  bool slash = n > 0 && dir[n - 1] == '/';
  size_t size = n + !slash + strlen(name) + 1;
  char *out = malloc(size);
  if (out) snprintf(out, size, "%s%s%s", dir, slash ? "" : "/", name);
  return out;
}

/* Folders that hold no project code: VCS data, caches, dependencies and
 * virtualenvs (which carry a pyvenv.cfg). */
static bool skip_folder(const char *path, const char *name) {
  if (name[0] == '.') return true;
  if (strcmp(name, "__pycache__") == 0 || strcmp(name, "node_modules") == 0) return true;
  char *marker = join(path, "pyvenv.cfg");
  struct stat st;
  bool venv = marker && stat(marker, &st) == 0;
  free(marker);
  return venv;
}

static int compare_paths(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects *.py under root, iteratively: folder depth is the user's. */
static int collect(const char *root, path_list *files, int *io_errors) {
  path_list pending = {0};
  if (path_add(&pending, root) < 0) return -1;
  while (pending.count > 0) {
    char *dir_path = pending.items[--pending.count];
    DIR *dir = opendir(dir_path);
    if (!dir) {
      fprintf(stderr, "asyncradar: cannot read folder %s: %s\n", dir_path, strerror(errno));
      (*io_errors)++;
      free(dir_path);
      continue;
    }
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
      if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
      char *child = join(dir_path, entry->d_name);
      struct stat st;
      if (!child) {
        closedir(dir);
        free(dir_path);
        path_list_free(&pending);
        return -1;
      }
      if (lstat(child, &st) == 0) {
        int rc = 0;
        if (S_ISDIR(st.st_mode) && !skip_folder(child, entry->d_name))
          rc = path_add(&pending, child);
        else if (S_ISREG(st.st_mode) && ends_with(entry->d_name, ".py"))
          rc = path_add(files, child);
        if (rc < 0) {
          free(child);
          closedir(dir);
          free(dir_path);
          path_list_free(&pending);
          return -1;
        }
      }
      free(child);
    }
    closedir(dir);
    free(dir_path);
  }
  path_list_free(&pending);
  return 0;
}

/* The workspace reads module files from disk, stamped by mtime. */
static char *read_module(void *ctx, const char *path, size_t *len, uint64_t *stamp) {
  (void)ctx;
  if (!fs_stamp(path, stamp)) return NULL;
  return fs_read(path, len);
}

/* What every file's configuration is made of: its project's pyproject.toml
 * and, over it, the command-line flags. */
typedef struct {
  pyproject_cache *projects;
  ar_config flags;
  size_t config_problems;
} check_state;

static void report_config_problem(void *ctx, const char *path, unsigned line,
                                  const char *message) {
  check_state *st = ctx;
  st->config_problems++;
  if (line)
    fprintf(stderr, "%s:%u: %s\n", path, line, message);
  else
    fprintf(stderr, "%s: %s\n", path, message);
}

/*
 * Fills `out` (to be cleared by the caller) with the configuration for
 * `path`; sets *excluded when an `exclude` glob of its project matches it.
 * Returns 0, or -1 when out of memory.
 */
static int file_config(check_state *st, const char *path, ar_config *out, bool *excluded) {
  ar_config_init(out);
  *excluded = false;
  char *abs = realpath(path, NULL);
  const ar_config *project = NULL;
  /* realpath gives an absolute path with at least one slash. */
  char *dir = abs ? strndup(abs, (size_t)(strrchr(abs, '/') - abs)) : NULL;
  if (dir) {
    const char *root = NULL;
    project = pyproject_cache_lookup(st->projects, dir[0] ? dir : "/", &root);
    size_t n = root ? strlen(root) : 0;
    if (project && strncmp(abs, root, n) == 0)
      *excluded = pyproject_excludes(project, abs + n + (abs[n] == '/'));
  }
  free(dir);
  free(abs);
  if (project && ar_config_merge(out, project) < 0) return -1;
  return ar_config_merge(out, &st->flags);
}

static bool stamp_module(void *ctx, const char *path, uint64_t *stamp) {
  (void)ctx;
  return fs_stamp(path, stamp);
}

static char *dir_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return strdup(".");
  if (slash == path) return strdup("/");
  return strndup(path, (size_t)(slash - path));
}

/* A folder pip or apt installs packages into. */
static bool is_installed_packages(const char *dir) {
  const char *slash = strrchr(dir, '/');
  const char *base = slash ? slash + 1 : dir;
  return strcmp(base, "site-packages") == 0 || strcmp(base, "dist-packages") == 0;
}

static bool holds(const char *dir, const char *name) {
  char *marker = join(dir, name);
  struct stat st;
  bool found = marker && stat(marker, &st) == 0;
  free(marker);
  return found;
}

static bool is_package(const char *dir) { return holds(dir, "__init__.py"); }

/* A folder inside a package makes the folder above the outermost package a
 * root for that package only, so `from pkg.sub import f` resolves from
 * pkg's own files while the libraries installed beside pkg stay out. */
static int add_package_root(ar_workspace *ws, const char *dir) {
  char *top = strdup(dir);
  while (top && strcmp(top, "/") != 0) {
    char *up = dir_of(top);
    if (!up || !is_package(up)) {
      const char *slash = strrchr(top, '/');
      int rc = up && slash ? ar_workspace_add_package_root(ws, up, slash + 1) : 0;
      free(up);
      free(top);
      return rc;
    }
    free(top);
    top = up;
  }
  free(top);
  return 0;
}

/* Modules are looked up in each folder given (a file's own folder), in the
 * folder above the package it belongs to (for that package), and in the
 * folder of the nearest pyproject.toml above it and that folder's src/, as
 * a project laid out that way imports them. A single module installed
 * beside every other library does not make them all the project's own: its
 * folder is a root only when given as a folder. */
static int add_roots(ar_workspace *ws, const char *given, bool is_dir) {
  char *dir = is_dir ? strdup(given) : dir_of(given);
  char *at = dir ? realpath(dir, NULL) : NULL;
  free(dir);
  if (at && (((is_dir || !is_installed_packages(at)) && ar_workspace_add_root(ws, at) < 0) ||
             (is_package(at) && add_package_root(ws, at) < 0))) {
    free(at);
    return -1;
  }
  while (at) {
    struct stat st;
    if (holds(at, "pyproject.toml")) {
      char *src = join(at, "src");
      int rc = ar_workspace_add_root(ws, at);
      if (rc == 0 && src && stat(src, &st) == 0 && S_ISDIR(st.st_mode))
        rc = ar_workspace_add_root(ws, src);
      free(src);
      free(at);
      return rc;
    }
    if (strcmp(at, "/") == 0) break;
    char *up = dir_of(at);
    free(at);
    at = up;
  }
  free(at);
  return 0;
}

/* What check does besides reporting. */
typedef struct {
  bool fix, diff, unsafe, json;
  size_t fixed; /* fixes applied (or, with --diff, that would be) */
  size_t diffs; /* files --diff showed a change for */
} check_mode;

/* With --fix or --diff: the text after fixing, written back (--fix) or
 * shown as a diff (--diff). Returns the text to report on: the fixed one,
 * or `text` itself when nothing changed or writing failed (*io_error). */
static char *apply_fixes(const char *path, char *text, size_t *len, TSParser *parser,
                         const ar_config *config, check_mode *mode, int *io_error) {
  uint32_t fixed_len;
  size_t applied;
  char *fixed = cli_fix_text(path, text, (uint32_t)*len, parser, config, mode->unsafe, &fixed_len,
                             &applied);
  if (!fixed) {
    fprintf(stderr, "asyncradar: cannot fix %s: out of memory\n", path);
    *io_error = 1;
    return text;
  }
  if (applied == 0 || (fixed_len == *len && memcmp(fixed, text, *len) == 0)) {
    free(fixed);
    return text;
  }
  if (mode->diff) {
    if (cli_diff_write(stdout, path, text, (uint32_t)*len, fixed, fixed_len) < 0) {
      fprintf(stderr, "asyncradar: cannot diff %s: out of memory\n", path);
      *io_error = 1;
    }
    mode->diffs++;
  } else if (cli_fix_write(path, fixed, fixed_len) < 0) {
    fprintf(stderr, "asyncradar: cannot write %s (left unchanged): %s\n", path, strerror(errno));
    *io_error = 1;
    free(fixed);
    return text;
  }
  mode->fixed += applied;
  free(text);
  *len = fixed_len;
  return fixed;
}

static int check_file(const char *path, TSParser *parser, ar_workspace *ws,
                      const ar_config *config, check_mode *mode, report_list *out) {
  size_t len;
  char *text = fs_read(path, &len);
  if (!text) {
    fprintf(stderr, "asyncradar: cannot read %s: %s\n", path, strerror(errno));
    return 1;
  }
  int io_error = 0;
  if (mode->fix || mode->diff)
    text = apply_fixes(path, text, &len, parser, config, mode, &io_error);
  doc *d = doc_new(path, text, len, 0);
  free(text);
  if (d) doc_set_config(d, config);
  /* The workspace works in absolute paths, as its roots are. */
  char *absolute = realpath(path, NULL);
  int attached = d ? ar_workspace_attach(ws, d->analysis, absolute ? absolute : path) : -1;
  free(absolute);
  if (attached < 0 || doc_refresh(d, parser) < 0) {
    fprintf(stderr, "asyncradar: cannot analyse %s: out of memory or file too large\n", path);
    doc_free(d);
    return 1;
  }
  size_t count;
  const ar_finding *findings = doc_findings(d, &count);
  pos_hint start_hint = {0}, end_hint = {0}; /* findings are in order: see pos_hint */
  ar_library lib = ar_library_detect(d->analysis);
  ar_fix_context cx;
  ar_fix_context_init(&cx, d->text, d->len, d->tree, d->analysis);
  for (size_t i = 0; i < count; i++) {
    const ar_finding *f = &findings[i];
    if (!ar_config_reports(config, f->rule->code)) continue;
    if (out->count == out->cap) {
      size_t cap = out->cap ? out->cap * 2 : 64;
      report *grown = realloc(out->items, cap * sizeof *grown);
      if (!grown) break;
      out->items = grown;
      out->cap = cap;
    }
    report *r = &out->items[out->count];
    pos_from_offset_hinted(d->lines, d->text, d->len, f->start, POS_UTF32, &start_hint, &r->row,
                           &r->col);
    pos_from_offset_hinted(d->lines, d->text, d->len, f->end, POS_UTF32, &end_hint, &r->end_row,
                           &r->end_col);
    r->row++, r->col++, r->end_row++, r->end_col++;
    r->path = path;
    r->rule = f->rule;
    r->severity = ar_config_severity(config, f->rule);
    r->message = ar_library_message(f, lib);
    r->fix = mode->json && r->message ? cli_fix_json(d, &cx, f) : NULL;
    if (r->message) out->count++;
  }
  ar_fix_context_done(&cx);
  doc_free(d);
  return io_error;
}

static json_object *location(uint32_t row, uint32_t col) {
  json_object *o = json_object_new_object();
  json_object_object_add(o, "row", json_object_new_int64(row));
  json_object_object_add(o, "column", json_object_new_int64(col));
  return o;
}

static void print_json(const report_list *reports) {
  json_object *array = json_object_new_array();
  for (size_t i = 0; i < reports->count; i++) {
    const report *r = &reports->items[i];
    json_object *o = json_object_new_object();
    json_object_object_add(o, "filename", rpc_string(r->path, strlen(r->path)));
    json_object_object_add(o, "code", json_object_new_string(r->rule->code));
    json_object_object_add(o, "message", rpc_string(r->message, strlen(r->message)));
    json_object_object_add(o, "severity", json_object_new_string(ar_severity_name(r->severity)));
    json_object_object_add(o, "location", location(r->row, r->col));
    json_object_object_add(o, "end_location", location(r->end_row, r->end_col));
    json_object_object_add(o, "fix", json_object_get(r->fix));
    json_object_array_add(array, o);
  }
  puts(json_object_to_json_string_ext(array, JSON_C_TO_STRING_PRETTY |
                                                 JSON_C_TO_STRING_NOSLASHESCAPE |
                                                 JSON_C_TO_STRING_SPACED));
  json_object_put(array);
}

static int compare_reports(const void *pa, const void *pb) {
  const report *a = pa, *b = pb;
  int c = strcmp(a->path, b->path);
  if (c) return c;
  if (a->row != b->row) return a->row < b->row ? -1 : 1;
  if (a->col != b->col) return a->col < b->col ? -1 : 1;
  return strcmp(a->rule->code, b->rule->code);
}

static void usage(FILE *out) {
  fputs("usage: asyncradar check [--output-format text|json] [--select CODES] "
        "[--ignore CODES] [--fix] [--unsafe-fixes] [--diff] PATH...\n"
        "  Checks Python files (folders recursively, *.py) for blocking calls in async code.\n"
        "  CODES: comma-separated codes or prefixes, e.g. ASYNC2,ARD110 (ALL for every rule).\n"
        "  --fix           apply the safe fixes to the files, then report what remains\n"
        "  --unsafe-fixes  with --fix or --diff, apply the unsafe fixes too\n"
        "  --diff          print the fixes as a unified diff instead of writing them\n"
        "  Exit status: 0 nothing found (or left), 1 findings (remaining after fixes, or\n"
        "  --diff had a change to show), 2 usage or I/O error.\n",
        out);
}

/* Accepts `--flag value` and `--flag=value`. */
static const char *option_value(int argc, char **argv, int *i, const char *flag) {
  size_t n = strlen(flag);
  if (strncmp(argv[*i], flag, n) != 0) return NULL;
  if (argv[*i][n] == '=') return argv[*i] + n + 1;
  if (argv[*i][n] != '\0') return NULL;
  if (*i + 1 >= argc) return "";
  return argv[++*i];
}

int cli_check_main(int argc, char **argv) {
  output_format format = FORMAT_TEXT;
  check_mode mode = {0};
  check_state st = {0};
  path_list roots = {0}, files = {0};
  report_list reports = {0};
  int status = 2, io_errors = 0;
  TSParser *parser = NULL;
  ar_workspace *ws = ar_workspace_new(read_module, stamp_module, NULL);
  if (!ws) goto done;

  for (int i = 1; i < argc; i++) {
    const char *value;
    char *bad = NULL;
    bool is_ignore = false;
    if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
      usage(stdout);
      status = 0;
      goto done;
    } else if (strcmp(argv[i], "--fix") == 0) {
      mode.fix = true;
    } else if (strcmp(argv[i], "--unsafe-fixes") == 0) {
      mode.unsafe = true;
    } else if (strcmp(argv[i], "--diff") == 0) {
      mode.diff = true;
    } else if ((value = option_value(argc, argv, &i, "--output-format"))) {
      if (strcmp(value, "text") == 0) {
        format = FORMAT_TEXT;
      } else if (strcmp(value, "json") == 0) {
        format = FORMAT_JSON;
      } else {
        fprintf(stderr, "asyncradar: unknown output format '%s' (use text or json)\n", value);
        goto done;
      }
    } else if ((value = option_value(argc, argv, &i, "--select")) ||
               (is_ignore = true, value = option_value(argc, argv, &i, "--ignore"))) {
      int rc = filter_add(&st.flags.filter, value, is_ignore, &bad);
      st.flags.set |= is_ignore ? AR_SET_IGNORE : AR_SET_SELECT;
      if (rc != 0) {
        if (rc > 0) fprintf(stderr, "asyncradar: unknown rule selector '%s'\n", bad);
        free(bad);
        goto done;
      }
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      fprintf(stderr, "asyncradar: unknown option '%s'\n", argv[i]);
      usage(stderr);
      goto done;
    } else if (path_add(&roots, argv[i]) < 0) {
      goto done;
    }
  }
  if (roots.count == 0) {
    fprintf(stderr, "asyncradar: check needs at least one PATH\n");
    usage(stderr);
    goto done;
  }

  st.projects = pyproject_cache_new(report_config_problem, &st);
  if (!st.projects) goto done;
  for (size_t i = 0; i < roots.count; i++) {
    struct stat info;
    if (stat(roots.items[i], &info) != 0) {
      fprintf(stderr, "asyncradar: cannot read %s: %s\n", roots.items[i], strerror(errno));
      io_errors++;
    } else if (add_roots(ws, roots.items[i], S_ISDIR(info.st_mode)) < 0) {
      goto done;
    } else if (S_ISDIR(info.st_mode)) {
      path_list found = {0};
      if (collect(roots.items[i], &found, &io_errors) < 0) goto done;
      qsort(found.items, found.count, sizeof *found.items, compare_paths);
      /* `exclude` applies to what a folder walk finds, not to files named
       * on the command line. */
      for (size_t j = 0; j < found.count; j++) {
        ar_config config;
        bool excluded;
        int rc = file_config(&st, found.items[j], &config, &excluded);
        ar_config_clear(&config);
        if (rc < 0 || (!excluded && path_add(&files, found.items[j]) < 0)) {
          path_list_free(&found);
          goto done;
        }
      }
      path_list_free(&found);
    } else if (path_add(&files, roots.items[i]) < 0) {
      goto done;
    }
  }

  mode.json = format == FORMAT_JSON && !mode.diff;
  parser = ts_parser_new();
  if (!parser || !ts_parser_set_language(parser, ar_language())) goto done;
  for (size_t i = 0; i < files.count; i++) {
    ar_config config;
    bool excluded;
    int rc = file_config(&st, files.items[i], &config, &excluded);
    if (rc == 0) io_errors += check_file(files.items[i], parser, ws, &config, &mode, &reports);
    ar_config_clear(&config);
    if (rc < 0) goto done;
  }

  qsort(reports.items, reports.count, sizeof *reports.items, compare_reports);
  if (mode.diff) {
    /* stdout holds only the diff, so it can be piped to patch(1). */
    fprintf(stderr, "Would apply %zu fix%s; %zu blocking call%s would remain.\n", mode.fixed,
            mode.fixed == 1 ? "" : "es", reports.count, reports.count == 1 ? "" : "s");
  } else if (format == FORMAT_JSON) {
    print_json(&reports);
  } else {
    size_t flagged_files = 0, hints = 0;
    for (size_t i = 0; i < reports.count; i++) {
      const report *r = &reports.items[i];
      printf("%s:%u:%u: %s %s\n", r->path, r->row, r->col, r->rule->code, r->message);
      if (i == 0 || strcmp(reports.items[i - 1].path, r->path) != 0) flagged_files++;
      /* A hint (ARD300: a handler that could be a plain def) is no call. */
      if (r->rule->severity == AR_SEV_HINT) hints++;
    }
    size_t calls = reports.count - hints;
    if (mode.fix) printf("Applied %zu fix%s.\n", mode.fixed, mode.fixed == 1 ? "" : "es");
    if (reports.count == 0) {
      printf("No blocking calls %s (%zu files checked).\n", mode.fix ? "remain" : "found",
             files.count);
    } else {
      printf("%s %zu blocking call%s", mode.fix ? "Remaining:" : "Found", calls,
             calls == 1 ? "" : "s");
      if (hints) printf(" and %zu hint%s", hints, hints == 1 ? "" : "s");
      printf(" in %zu of %zu files.\n", flagged_files, files.count);
    }
  }
  status = io_errors || st.config_problems ? 2 : (reports.count || mode.diffs) ? 1 : 0;

done:
  for (size_t i = 0; i < reports.count; i++) {
    free(reports.items[i].message);
    json_object_put(reports.items[i].fix);
  }
  free(reports.items);
  path_list_free(&roots);
  path_list_free(&files);
  ar_config_clear(&st.flags);
  pyproject_cache_free(st.projects);
  if (parser) ts_parser_delete(parser);
  ar_workspace_free(ws);
  return status;
}
