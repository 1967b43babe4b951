#include "settings.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
  KEY_SELECT,
  KEY_IGNORE,
  KEY_SEVERITY,
  KEY_EXTRA,
  KEY_ALLOWED,
  KEY_LIBRARY,
  KEY_EXCLUDE,
} key_id;

/* Every setting: its TOML name, the camelCase name LSP clients may use. */
static const struct {
  const char *name, *camel;
  key_id id;
  unsigned bit;
} keys[] = {
    {"select", "select", KEY_SELECT, AR_SET_SELECT},
    {"ignore", "ignore", KEY_IGNORE, AR_SET_IGNORE},
    {"severity", "severity", KEY_SEVERITY, AR_SET_SEVERITY},
    {"extra-blocking-calls", "extraBlockingCalls", KEY_EXTRA, AR_SET_EXTRA},
    {"allowed-calls", "allowedCalls", KEY_ALLOWED, AR_SET_ALLOWED},
    {"library", "library", KEY_LIBRARY, AR_SET_LIBRARY},
    {"exclude", "exclude", KEY_EXCLUDE, AR_SET_EXCLUDE},
};

typedef struct {
  settings_report_fn report;
  void *ctx;
  bool oom;
} reader;

static void complain(reader *r, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void complain(reader *r, const char *key, const char *fmt, ...) {
  char text[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  r->report(r->ctx, key, text);
}

static const char *type_name(json_object *v) {
  switch (json_object_get_type(v)) {
  case json_type_null: return "nothing";
  case json_type_boolean: return "a boolean";
  case json_type_double:
  case json_type_int: return "a number";
  case json_type_object: return "a table";
  case json_type_array: return "a list";
  case json_type_string: return "a string";
  }
  return "something else";
}

/* `select` / `ignore`: a list of codes or prefixes, or one comma-separated
 * string. Returns false (after a report) when any selector is bad. */
static bool read_selectors(reader *r, rule_filter *f, json_object *value, bool is_ignore,
                           const char *key) {
  json_object *single[1] = {value};
  json_object **items = single;
  size_t n = 1;
  bool is_list = json_object_is_type(value, json_type_array);
  if (!is_list && !json_object_is_type(value, json_type_string)) {
    complain(r, key, "expected a list of rule codes, got %s; the previous rule selection stays",
             type_name(value));
    return false;
  }
  if (is_list) {
    n = json_object_array_length(value);
    items = NULL;
  }
  for (size_t i = 0; i < n; i++) {
    json_object *item = is_list ? json_object_array_get_idx(value, i) : items[0];
    if (!json_object_is_type(item, json_type_string)) {
      complain(r, key, "expected rule codes as strings, got %s; the previous rule selection stays",
               type_name(item));
      return false;
    }
    char *bad = NULL;
    int rc = filter_add(f, json_object_get_string(item), is_ignore, &bad);
    if (rc > 0)
      complain(r, key, "unknown rule selector '%s'; the previous rule selection stays", bad);
    free(bad);
    if (rc < 0) r->oom = true;
    if (rc != 0) return false;
  }
  return true;
}

static bool read_severity(reader *r, ar_config *c, json_object *value, const char *key) {
  if (!json_object_is_type(value, json_type_object)) {
    complain(r, key, "expected a table of rule code = severity, got %s", type_name(value));
    return false;
  }
  json_object_object_foreach(value, code, level) {
    char path[300];
    snprintf(path, sizeof path, "%s.%s", key, code);
    ar_severity sev = json_object_is_type(level, json_type_string)
                          ? ar_severity_from_name(json_object_get_string(level))
                          : 0;
    if (!sev) {
      complain(r, path, "expected \"error\", \"warning\", \"information\" or \"hint\"; "
                        "the rule keeps its severity");
      continue;
    }
    bool matched = false;
    for (int id = 0; id < AR_RULE_COUNT; id++)
      if (filter_matches(code, ar_rule_get((ar_rule_id)id)->code)) {
        c->severity[id] = sev;
        matched = true;
      }
    if (!matched) complain(r, path, "unknown rule code '%s'; ignored", code);
  }
  return true;
}

static bool read_extra(reader *r, ar_config *c, json_object *value, const char *key) {
  if (!json_object_is_type(value, json_type_object)) {
    complain(r, key, "expected a table of \"pattern\" = \"replacement\", got %s",
             type_name(value));
    return false;
  }
  json_object_object_foreach(value, pattern, replacement) {
    char path[300];
    snprintf(path, sizeof path, "%s.%s", key, pattern);
    if (!json_object_is_type(replacement, json_type_string) || pattern[0] == '\0') {
      complain(r, path, "expected a non-empty pattern and a replacement string; ignored");
      continue;
    }
    if (ar_config_add_extra(c, pattern, json_object_get_string(replacement)) < 0) r->oom = true;
  }
  return true;
}

static bool read_strings(reader *r, ar_string_list *l, json_object *value, const char *key) {
  if (!json_object_is_type(value, json_type_array)) {
    complain(r, key, "expected a list of strings, got %s", type_name(value));
    return false;
  }
  size_t n = json_object_array_length(value);
  for (size_t i = 0; i < n; i++) {
    json_object *item = json_object_array_get_idx(value, i);
    if (!json_object_is_type(item, json_type_string) || !json_object_get_string_len(item)) {
      complain(r, key, "item %zu is %s, not a non-empty string; ignored", i + 1,
               type_name(item));
      continue;
    }
    if (ar_string_list_add(l, json_object_get_string(item)) < 0) r->oom = true;
  }
  return true;
}

static bool read_library(reader *r, ar_config *c, json_object *value, const char *key) {
  if (json_object_is_type(value, json_type_string) &&
      ar_library_from_name(json_object_get_string(value), &c->library) == 0)
    return true;
  complain(r, key, "expected \"asyncio\", \"trio\", \"anyio\" or \"auto\"");
  return false;
}

static bool listed(const char *const *names, const char *name) {
  for (; names && *names; names++)
    if (strcmp(*names, name) == 0) return true;
  return false;
}

/* Takes one key of `previous` into `out` (for a bad value). */
static int keep_previous(ar_config *out, const ar_config *previous, unsigned bit) {
  if (!previous || !(previous->set & bit)) return 0;
  ar_config only = *previous;
  only.set = previous->set & bit;
  return ar_config_merge(out, &only);
}

int settings_apply(ar_config *out, const ar_config *previous, json_object *settings,
                   const char *const *also_known, settings_report_fn report, void *ctx) {
  reader r = {report, ctx, false};
  json_object *select = NULL, *ignore = NULL;
  const char *select_key = "select", *ignore_key = "ignore";
  json_object_object_foreach(settings, key, value) {
    size_t k = 0;
    while (k < sizeof keys / sizeof keys[0] && strcmp(keys[k].name, key) != 0 &&
           strcmp(keys[k].camel, key) != 0)
      k++;
    if (k == sizeof keys / sizeof keys[0]) {
      if (!listed(also_known, key)) complain(&r, key, "unknown setting; ignored");
      continue;
    }
    bool ok = true;
    switch (keys[k].id) {
    case KEY_SELECT: select = value, select_key = key; continue;
    case KEY_IGNORE: ignore = value, ignore_key = key; continue;
    case KEY_SEVERITY: ok = read_severity(&r, out, value, key); break;
    case KEY_EXTRA: ok = read_extra(&r, out, value, key); break;
    case KEY_ALLOWED: ok = read_strings(&r, &out->allowed, value, key); break;
    case KEY_LIBRARY: ok = read_library(&r, out, value, key); break;
    case KEY_EXCLUDE: ok = read_strings(&r, &out->exclude, value, key); break;
    }
    if (ok)
      out->set |= keys[k].bit;
    else if (keep_previous(out, previous, keys[k].bit) < 0)
      r.oom = true;
  }

  if (select || ignore) {
    rule_filter fresh = {0};
    if ((!select || read_selectors(&r, &fresh, select, false, select_key)) &&
        (!ignore || read_selectors(&r, &fresh, ignore, true, ignore_key))) {
      filter_clear(&out->filter);
      out->filter = fresh;
      out->set |= (select ? AR_SET_SELECT : 0) | (ignore ? AR_SET_IGNORE : 0);
    } else {
      filter_clear(&fresh);
      if (keep_previous(out, previous, AR_SET_SELECT | AR_SET_IGNORE) < 0) r.oom = true;
    }
  }
  return r.oom ? -1 : 0;
}
