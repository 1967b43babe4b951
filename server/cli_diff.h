#ifndef AR_CLI_DIFF_H
#define AR_CLI_DIFF_H

/* Unified diffs of two texts by lines (Myers' algorithm), for
 * `asyncradar check --diff`. */

#include <stdint.h>
#include <stdio.h>

/* Writes the diff of old -> new, labelled with path, with three lines of
 * context; nothing when they are equal. Returns 0, or -1 when out of
 * memory (nothing written then). */
int cli_diff_write(FILE *out, const char *path, const char *old_text, uint32_t old_len,
                   const char *new_text, uint32_t new_len);

#endif
