#include "catalogue.h"

#include <stdlib.h>
#include <string.h>

static const ar_rule rules[AR_RULE_COUNT] = {
#define AR_RULE(id, code, category, severity, why, instead) \
  {AR_RULE_##id, code, category, severity, why, instead},
#include "rules.def"
#undef AR_RULE
};

typedef struct {
  const char *qualified;
  ar_rule_id rule;
  ar_arg_check args;
} call_entry;

static const call_entry calls[] = {
#define AR_CALL(qualified, rule, args) {qualified, AR_RULE_##rule, args},
#define AR_WRAPS(qualified, rule)
#include "calls.def"
#undef AR_CALL
#undef AR_WRAPS
};

typedef struct {
  const char *qualified;
  ar_rule_id rule;
} wrapper_entry;

static const wrapper_entry wrappers[] = {
#define AR_CALL(qualified, rule, args)
#define AR_WRAPS(qualified, rule) {qualified, AR_RULE_##rule},
#include "calls.def"
#undef AR_CALL
#undef AR_WRAPS
};

enum { CALL_COUNT = sizeof calls / sizeof calls[0] };

/* Entries sorted by name once, so a lookup is a binary search and the entries
 * of one name (several arg conditions) sit next to each other. */
static const call_entry *sorted[CALL_COUNT];
static int sorted_ready;

static int compare_entries(const void *a, const void *b) {
  const call_entry *x = *(const call_entry *const *)a;
  const call_entry *y = *(const call_entry *const *)b;
  int c = strcmp(x->qualified, y->qualified);
  if (c != 0) return c;
  return x < y ? -1 : x > y;
}

static void ensure_sorted(void) {
  if (sorted_ready) return;
  for (size_t i = 0; i < CALL_COUNT; i++) sorted[i] = &calls[i];
  qsort(sorted, CALL_COUNT, sizeof sorted[0], compare_entries);
  sorted_ready = 1;
}

const ar_rule *ar_rule_get(ar_rule_id id) {
  return id < AR_RULE_COUNT ? &rules[id] : NULL;
}

const ar_rule *ar_rule_by_code(const char *code) {
  for (size_t i = 0; i < AR_RULE_COUNT; i++)
    if (strcmp(rules[i].code, code) == 0) return &rules[i];
  return NULL;
}

const char *ar_category_name(ar_category category) {
  switch (category) {
  case AR_CAT_CONFIGURED: return "configured";
  case AR_CAT_SLEEP: return "sleep";
  case AR_CAT_HTTP: return "http";
  case AR_CAT_PROCESS: return "process";
  case AR_CAT_FILE: return "file";
  case AR_CAT_INPUT: return "input";
  case AR_CAT_NETWORK: return "network";
  case AR_CAT_DATABASE: return "database";
  case AR_CAT_SYNC: return "sync";
  case AR_CAT_LOOP: return "loop";
  case AR_CAT_CPU: return "cpu";
  case AR_CAT_HELPER: return "helper";
  case AR_CAT_FRAMEWORK: return "framework";
  }
  return "unknown";
}

static size_t lower_bound(const char *key, size_t len) {
  size_t lo = 0, hi = CALL_COUNT;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strncmp(sorted[mid]->qualified, key, len) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

bool ar_args_match(ar_arg_check check, const ar_call_args *args) {
  switch (check) {
  case AR_ARGS_ANY: return true;
  case AR_ARGS_SPAWN_NOWAIT: return args->nowait_mode;
  case AR_ARGS_SPAWN_WAIT: return !args->nowait_mode;
  case AR_ARGS_HTTP_METHOD: return args->first_is_http_method;
  case AR_ARGS_NOT_NUMERIC: return !args->mentions_numeric_flag;
  case AR_ARGS_MAY_BLOCK: return !args->says_nonblocking;
  case AR_ARGS_SOME: return args->has_args;
  }
  return false;
}

const ar_rule *ar_catalogue_match(const char *qualified, const ar_call_args *args) {
  ensure_sorted();
  size_t len = strlen(qualified);
  for (size_t i = lower_bound(qualified, len + 1); i < CALL_COUNT; i++) {
    if (strcmp(sorted[i]->qualified, qualified) != 0) break;
    if (ar_args_match(sorted[i]->args, args)) return &rules[sorted[i]->rule];
  }
  return NULL;
}

bool ar_catalogue_contains(const char *qualified) {
  ensure_sorted();
  size_t i = lower_bound(qualified, strlen(qualified) + 1);
  return i < CALL_COUNT && strcmp(sorted[i]->qualified, qualified) == 0;
}

bool ar_catalogue_wraps(const char *wrapper, const ar_rule *rule) {
  for (size_t i = 0; i < sizeof wrappers / sizeof wrappers[0]; i++)
    if (wrappers[i].rule == rule->id && strcmp(wrappers[i].qualified, wrapper) == 0) return true;
  return false;
}
