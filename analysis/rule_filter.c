#include "rule_filter.h"

#include <stdlib.h>
#include <string.h>

#include "catalogue.h"

bool filter_matches(const char *prefix, const char *code) {
  return strcmp(prefix, "ALL") == 0 || strncmp(code, prefix, strlen(prefix)) == 0;
}

static bool matches_some_rule(const char *selector) {
  for (int id = 0; id < AR_RULE_COUNT; id++)
    if (filter_matches(selector, ar_rule_get((ar_rule_id)id)->code)) return true;
  return false;
}

int filter_add(rule_filter *f, const char *list, bool is_ignore, char **bad) {
  char ***items = is_ignore ? &f->ignore : &f->select;
  size_t *count = is_ignore ? &f->ignore_count : &f->select_count;
  *bad = NULL;
  const char *p = list;
  while (*p) {
    while (*p == ',' || *p == ' ') p++;
    size_t n = strcspn(p, ", ");
    if (n == 0) break;
    char *selector = strndup(p, n);
    if (!selector) return -1;
    p += n;
    if (!matches_some_rule(selector)) {
      *bad = selector;
      return 1;
    }
    char **grown = realloc(*items, (*count + 1) * sizeof *grown);
    if (!grown) {
      free(selector);
      return -1;
    }
    grown[(*count)++] = selector;
    *items = grown;
  }
  return 0;
}

bool filter_allows(const rule_filter *f, const char *code) {
  for (size_t i = 0; i < f->ignore_count; i++)
    if (filter_matches(f->ignore[i], code)) return false;
  if (f->select_count == 0) return true;
  for (size_t i = 0; i < f->select_count; i++)
    if (filter_matches(f->select[i], code)) return true;
  return false;
}

void filter_clear(rule_filter *f) {
  for (size_t i = 0; i < f->select_count; i++) free(f->select[i]);
  for (size_t i = 0; i < f->ignore_count; i++) free(f->ignore[i]);
  free(f->select);
  free(f->ignore);
  *f = (rule_filter){0};
}
