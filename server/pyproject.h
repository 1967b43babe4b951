#ifndef AR_PYPROJECT_H
#define AR_PYPROJECT_H

/*
 * `[tool.asyncradar]` in pyproject.toml, read with the tree-sitter TOML
 * grammar and handed to settings.c as a JSON object, so TOML and LSP
 * settings mean the same. The configuration of a Python file is that of the
 * nearest pyproject.toml above it that has a `[tool.asyncradar]` table
 * (files without the table are passed over, as Ruff does with `[tool.ruff]`).
 */

#include "config.h"

/* Receives each problem with the file and its 1-based line. */
typedef void (*pyproject_report_fn)(void *ctx, const char *path, unsigned line,
                                    const char *message);

/*
 * Reads `path`. Returns 1 when it has a `[tool.asyncradar]` table (`out`,
 * initialised by the caller, then holds it; problems went to report), 0 when
 * it has none, -1 when it cannot be read (errno set) or memory ran out.
 */
int pyproject_load(const char *path, ar_config *out, pyproject_report_fn report, void *ctx);

/* Folders and files already looked at, so that a tree of many files reads
 * each pyproject.toml once (and reports its problems once). */
typedef struct pyproject_cache pyproject_cache;

/* NULL when out of memory. */
pyproject_cache *pyproject_cache_new(pyproject_report_fn report, void *ctx);
void pyproject_cache_free(pyproject_cache *c);

/*
 * The configuration for files in `dir` (an absolute path, no trailing
 * slash): that of the nearest pyproject.toml with `[tool.asyncradar]` in
 * `dir` or above, or NULL when there is none. *root_out (may be NULL) gets
 * that file's folder, which `exclude` globs are relative to. Both are
 * borrowed from the cache.
 */
const ar_config *pyproject_cache_lookup(pyproject_cache *c, const char *dir,
                                        const char **root_out);

/* True when a glob of `exclude` matches `rel` (a path relative to the
 * configuration's folder), a folder it lies in, or one of its components. */
bool pyproject_excludes(const ar_config *c, const char *rel);

#endif
