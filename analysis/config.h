#ifndef AR_CONFIG_H
#define AR_CONFIG_H

/*
 * The user's settings, whichever source they came from: `[tool.asyncradar]`
 * in pyproject.toml, LSP settings, CLI flags. The readers of those sources
 * fill an ar_config; nothing here parses text. The analysis reads the call
 * lists (extra and allowed calls); the CLI and the server read the rest.
 */

#include <stdbool.h>
#include <stddef.h>

#include "catalogue.h"
#include "rule_filter.h"

typedef enum { AR_LIB_AUTO, AR_LIB_ASYNCIO, AR_LIB_TRIO, AR_LIB_ANYIO } ar_library;

/* Which keys a source set: merging takes those and keeps the others. */
typedef enum {
  AR_SET_SELECT = 1 << 0,
  AR_SET_IGNORE = 1 << 1,
  AR_SET_SEVERITY = 1 << 2,
  AR_SET_EXTRA = 1 << 3,
  AR_SET_ALLOWED = 1 << 4,
  AR_SET_LIBRARY = 1 << 5,
  AR_SET_EXCLUDE = 1 << 6,
} ar_config_key;

/* A user-declared blocking call: an fnmatch pattern on the qualified name
 * and what to use instead (reported under ASYNC200). */
typedef struct {
  char *pattern;     /* owned */
  char *replacement; /* owned */
} ar_extra_call;

typedef struct {
  char **items; /* owned, each owned */
  size_t count;
} ar_string_list;

typedef struct ar_config {
  unsigned set; /* ar_config_key bits */
  rule_filter filter;
  ar_severity severity[AR_RULE_COUNT]; /* 0: the rule's own */
  ar_extra_call *extra;                /* owned */
  size_t extra_count;
  ar_string_list allowed; /* fnmatch patterns of calls never flagged */
  ar_library library;
  ar_string_list exclude; /* globs of paths the CLI skips */
} ar_config;

/* An empty configuration: every rule at its own severity, no extra calls. */
void ar_config_init(ar_config *c);
void ar_config_clear(ar_config *c);

/* Each copies its arguments and returns 0, or -1 when out of memory. */
int ar_config_add_extra(ar_config *c, const char *pattern, const char *replacement);
int ar_string_list_add(ar_string_list *l, const char *s);
void ar_string_list_clear(ar_string_list *l);

/* Replaces every key of dst that src set with src's value (a copy) and
 * marks it set in dst. Returns 0, or -1 when out of memory (dst stays
 * valid for ar_config_clear). */
int ar_config_merge(ar_config *dst, const ar_config *src);

/* True when an allowed-calls pattern matches `qualified` (builtins match
 * as written, with or without their `builtins.` prefix). NULL config: false. */
bool ar_config_call_allowed(const ar_config *c, const char *qualified);
/* The replacement of the first extra-blocking-calls pattern matching
 * `qualified`, or NULL. Borrowed from c. */
const char *ar_config_extra_match(const ar_config *c, const char *qualified);
/* True when a and b flag the same calls (NULL is the empty configuration). */
bool ar_config_same_calls(const ar_config *a, const ar_config *b);

/* The severity reported for `rule`: the configured one, else the rule's. */
ar_severity ar_config_severity(const ar_config *c, const ar_rule *rule);
/* Reports only what select / ignore allow. NULL config: everything. */
bool ar_config_reports(const ar_config *c, const char *code);

/* "error", "warning", "information", "hint"; 0 from _from_name when unknown. */
const char *ar_severity_name(ar_severity s);
ar_severity ar_severity_from_name(const char *name);
/* "auto", "asyncio", "trio", "anyio"; -1 from _from_name when unknown. */
const char *ar_library_name(ar_library lib);
int ar_library_from_name(const char *name, ar_library *out);

#endif
