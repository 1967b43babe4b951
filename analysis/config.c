#include "config.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

void ar_config_init(ar_config *c) { memset(c, 0, sizeof *c); }

void ar_string_list_clear(ar_string_list *l) {
  for (size_t i = 0; i < l->count; i++) free(l->items[i]);
  free(l->items);
  l->items = NULL;
  l->count = 0;
}

int ar_string_list_add(ar_string_list *l, const char *s) {
  char *copy = strdup(s);
  char **grown = copy ? realloc(l->items, (l->count + 1) * sizeof *grown) : NULL;
  if (!grown) {
    free(copy);
    return -1;
  }
  grown[l->count++] = copy;
  l->items = grown;
  return 0;
}

static void clear_extra(ar_config *c) {
  for (size_t i = 0; i < c->extra_count; i++) {
    free(c->extra[i].pattern);
    free(c->extra[i].replacement);
  }
  free(c->extra);
  c->extra = NULL;
  c->extra_count = 0;
}

void ar_config_clear(ar_config *c) {
  filter_clear(&c->filter);
  clear_extra(c);
  ar_string_list_clear(&c->allowed);
  ar_string_list_clear(&c->exclude);
  ar_config_init(c);
}

int ar_config_add_extra(ar_config *c, const char *pattern, const char *replacement) {
  char *p = strdup(pattern), *r = strdup(replacement);
  ar_extra_call *grown = p && r ? realloc(c->extra, (c->extra_count + 1) * sizeof *grown) : NULL;
  if (!grown) {
    free(p);
    free(r);
    return -1;
  }
  grown[c->extra_count++] = (ar_extra_call){p, r};
  c->extra = grown;
  return 0;
}

static int copy_list(ar_string_list *dst, const ar_string_list *src) {
  ar_string_list_clear(dst);
  for (size_t i = 0; i < src->count; i++)
    if (ar_string_list_add(dst, src->items[i]) < 0) return -1;
  return 0;
}

/* Selectors were validated when src was filled, so re-adding cannot fail
 * for any reason but memory. */
static int copy_selectors(rule_filter *dst, char *const *items, size_t count, bool is_ignore) {
  for (size_t i = 0; i < count; i++) {
    char *bad = NULL;
    int rc = filter_add(dst, items[i], is_ignore, &bad);
    free(bad);
    if (rc != 0) return -1;
  }
  return 0;
}

int ar_config_merge(ar_config *dst, const ar_config *src) {
  if (src->set & (AR_SET_SELECT | AR_SET_IGNORE)) {
    rule_filter old = dst->filter, fresh = {0};
    bool take_select = src->set & AR_SET_SELECT, take_ignore = src->set & AR_SET_IGNORE;
    const rule_filter *sel = take_select ? &src->filter : &old;
    const rule_filter *ign = take_ignore ? &src->filter : &old;
    int rc = copy_selectors(&fresh, sel->select, sel->select_count, false);
    if (rc == 0) rc = copy_selectors(&fresh, ign->ignore, ign->ignore_count, true);
    if (rc < 0) {
      filter_clear(&fresh);
      return -1;
    }
    filter_clear(&dst->filter);
    dst->filter = fresh;
  }
  if (src->set & AR_SET_SEVERITY) memcpy(dst->severity, src->severity, sizeof dst->severity);
  if (src->set & AR_SET_EXTRA) {
    clear_extra(dst);
    for (size_t i = 0; i < src->extra_count; i++)
      if (ar_config_add_extra(dst, src->extra[i].pattern, src->extra[i].replacement) < 0)
        return -1;
  }
  if ((src->set & AR_SET_ALLOWED) && copy_list(&dst->allowed, &src->allowed) < 0) return -1;
  if (src->set & AR_SET_LIBRARY) dst->library = src->library;
  if ((src->set & AR_SET_EXCLUDE) && copy_list(&dst->exclude, &src->exclude) < 0) return -1;
  dst->set |= src->set;
  return 0;
}

/* Users write builtins as they call them (`open`) or in full
 * (`builtins.open`). The prefix is only compared when the pattern spells it:
 * a name the file never binds resolves under `builtins.`, and `*.*.*` must
 * not match `session.get`, which is written with one dot. */
static bool pattern_matches(const char *pattern, const char *qualified) {
  if (strncmp(qualified, "builtins.", 9) != 0) return fnmatch(pattern, qualified, 0) == 0;
  if (strncmp(pattern, "builtins.", 9) == 0) pattern += 9;
  return fnmatch(pattern, qualified + 9, 0) == 0;
}

bool ar_config_call_allowed(const ar_config *c, const char *qualified) {
  if (!c) return false;
  for (size_t i = 0; i < c->allowed.count; i++)
    if (pattern_matches(c->allowed.items[i], qualified)) return true;
  return false;
}

const char *ar_config_extra_match(const ar_config *c, const char *qualified) {
  if (!c) return NULL;
  for (size_t i = 0; i < c->extra_count; i++)
    if (pattern_matches(c->extra[i].pattern, qualified)) return c->extra[i].replacement;
  return NULL;
}

static bool lists_equal(const ar_string_list *a, const ar_string_list *b) {
  if (a->count != b->count) return false;
  for (size_t i = 0; i < a->count; i++)
    if (strcmp(a->items[i], b->items[i]) != 0) return false;
  return true;
}

bool ar_config_same_calls(const ar_config *a, const ar_config *b) {
  static const ar_config empty;
  if (!a) a = &empty;
  if (!b) b = &empty;
  if (a->extra_count != b->extra_count || !lists_equal(&a->allowed, &b->allowed)) return false;
  for (size_t i = 0; i < a->extra_count; i++)
    if (strcmp(a->extra[i].pattern, b->extra[i].pattern) != 0 ||
        strcmp(a->extra[i].replacement, b->extra[i].replacement) != 0)
      return false;
  return true;
}

ar_severity ar_config_severity(const ar_config *c, const ar_rule *rule) {
  if (c && c->severity[rule->id]) return c->severity[rule->id];
  return rule->severity;
}

bool ar_config_reports(const ar_config *c, const char *code) {
  return !c || filter_allows(&c->filter, code);
}

static const char *const severity_names[] = {NULL, "error", "warning", "information", "hint"};

const char *ar_severity_name(ar_severity s) {
  return s >= AR_SEV_ERROR && s <= AR_SEV_HINT ? severity_names[s] : "warning";
}

ar_severity ar_severity_from_name(const char *name) {
  for (int s = AR_SEV_ERROR; s <= AR_SEV_HINT; s++)
    if (strcmp(name, severity_names[s]) == 0) return (ar_severity)s;
  return 0;
}

static const char *const library_names[] = {"auto", "asyncio", "trio", "anyio"};

const char *ar_library_name(ar_library lib) {
  return lib <= AR_LIB_ANYIO ? library_names[lib] : "auto";
}

int ar_library_from_name(const char *name, ar_library *out) {
  for (int i = AR_LIB_AUTO; i <= AR_LIB_ANYIO; i++)
    if (strcmp(name, library_names[i]) == 0) {
      *out = (ar_library)i;
      return 0;
    }
  return -1;
}
