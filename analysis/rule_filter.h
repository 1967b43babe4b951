#ifndef AR_RULE_FILTER_H
#define AR_RULE_FILTER_H

/*
 * Which rule codes are reported, from `select` and `ignore` lists of code
 * prefixes as Ruff spells them (`ASYNC2` selects ASYNC210..ASYNC251, `ALL`
 * everything). One filter serves the CLI flags and the server settings.
 */

#include <stdbool.h>
#include <stddef.h>

typedef struct {
  char **select; /* NULL: everything */
  size_t select_count;
  char **ignore;
  size_t ignore_count;
} rule_filter;

/* Adds the comma- or space-separated selectors in `list` to select
 * (`is_ignore` false) or ignore. Returns 0; -1 when out of memory; 1 when a
 * selector matches no rule, with *bad pointing at a copy of it (caller
 * frees). */
int filter_add(rule_filter *f, const char *list, bool is_ignore, char **bad);
/* True when `selector` (a code, a prefix or ALL) covers `code`. */
bool filter_matches(const char *selector, const char *code);
bool filter_allows(const rule_filter *f, const char *code);
void filter_clear(rule_filter *f);

#endif
