#ifndef AR_WORKSPACE_H
#define AR_WORKSPACE_H

/*
 * Helpers across files. The workspace resolves a call's qualified name
 * (`pkg.mod.f`, `.helpers.load` from a relative import) to a module file
 * under one of its roots (`pkg/mod.py`, `pkg/mod/__init__.py`), analyses
 * that file and answers whether its function blocks and through which
 * steps. It never touches the file system itself: file texts come from the
 * caller's reader (the server's open buffers first, then the disk), and the
 * caller says when a file changed. Analyses and answers are cached per file
 * until then; import cycles are answered conservatively (no block).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis.h"

typedef struct ar_workspace ar_workspace;

/* The text of `path` (the workspace frees it) or NULL when there is no such
 * file; *stamp changes whenever the text does (an mtime, a buffer version). */
typedef char *(*ar_ws_read_fn)(void *ctx, const char *path, size_t *len, uint64_t *stamp);
/* The current stamp of `path`; false when the file does not exist. */
typedef bool (*ar_ws_stamp_fn)(void *ctx, const char *path, uint64_t *stamp);
/* Told of each file whose helper verdicts may have changed. */
typedef void (*ar_ws_affected_fn)(void *ctx, const char *path);

/* The callbacks and ctx are borrowed for the workspace's life. NULL when out
 * of memory. */
ar_workspace *ar_workspace_new(ar_ws_read_fn read, ar_ws_stamp_fn stamp, void *ctx);
/* Frees the workspace; analyses attached to it must be freed or detached
 * (ar_analysis_set_resolver) first. */
void ar_workspace_free(ar_workspace *w);

/* Adds a folder modules are looked up in (copied; a trailing `/` is
 * dropped; duplicates ignored). Returns 0 or -1. */
int ar_workspace_add_root(ar_workspace *w, const char *dir);
/* Adds a folder only the package `package` is looked up in: the folder
 * above a package given on its own, where other installed packages sit
 * beside it that are not the project's. Returns 0 or -1. */
int ar_workspace_add_package_root(ar_workspace *w, const char *dir, const char *package);
size_t ar_workspace_root_count(const ar_workspace *w);

/* Makes `a`, the analysis of the file at `path`, resolve other files'
 * helpers through the workspace. Returns 0 or -1. */
int ar_workspace_attach(ar_workspace *w, ar_analysis *a, const char *path);

/* `path` changed, appeared or went: forgets it and every file whose answers
 * depended on it, and calls `affected` for each of those (not for `path`
 * itself). Returns how many were affected. */
size_t ar_workspace_changed(ar_workspace *w, const char *path, ar_ws_affected_fn affected,
                            void *ctx);

/* Compares the stamps of every file read so far (and of module files that
 * were missing) with the reader's, handling each difference as
 * ar_workspace_changed. */
size_t ar_workspace_revalidate(ar_workspace *w, ar_ws_affected_fn affected, void *ctx);

#endif
