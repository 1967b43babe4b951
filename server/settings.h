#ifndef AR_SETTINGS_H
#define AR_SETTINGS_H

/*
 * Settings as a JSON object onto an ar_config: the one reader of every key,
 * whether the object came from LSP (initializationOptions, configuration
 * requests) or from pyproject.toml's `[tool.asyncradar]` (converted by
 * pyproject.c). Keys are spelled as in TOML (`extra-blocking-calls`); LSP
 * clients may also use camelCase (`extraBlockingCalls`).
 *
 * A bad value is reported and skipped, and the rest still applies: a bad
 * entry of a list or table drops that entry; a value of the wrong type keeps
 * the key's previous value; a bad `select` or `ignore` keeps both previous
 * lists (a half-applied rule selection would report what nobody asked for).
 */

#include <json-c/json.h>

#include "config.h"

/* Receives each problem: `key` is the setting's path (`severity.ASYNC251`),
 * `message` says what is wrong and what happens instead. */
typedef void (*settings_report_fn)(void *ctx, const char *key, const char *message);

/*
 * Fills `out` (initialised by the caller) from `settings`. `previous` (may
 * be NULL) gives the values kept for bad keys. Keys listed in `also_known`
 * (NULL-terminated, may be NULL) are left to the caller without a report.
 * Returns 0, or -1 when out of memory.
 */
int settings_apply(ar_config *out, const ar_config *previous, json_object *settings,
                   const char *const *also_known, settings_report_fn report, void *ctx);

#endif
