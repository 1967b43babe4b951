#ifndef AR_PROJECTS_H
#define AR_PROJECTS_H

/*
 * The configuration each open document is analysed with: the
 * `[tool.asyncradar]` table of the nearest pyproject.toml above its file,
 * with the LSP settings over it (a key the client sets wins). One merged
 * configuration per project, shared by its documents. A set is built anew
 * whenever the settings change, which also re-reads the pyproject files.
 */

#include "config.h"
#include "pyproject.h"

typedef struct projects projects;

/* `settings` is borrowed and must outlive the set. NULL when out of memory. */
projects *projects_new(const ar_config *settings, pyproject_report_fn report, void *ctx);
void projects_free(projects *p);

/* The configuration for the document at `uri` (borrowed from p): its
 * project's for a file: URI, else the settings alone. NULL when out of
 * memory. */
const ar_config *projects_config_for(projects *p, const char *uri);

/* The local path of a file: URI, percent-decoded; NULL for other URIs.
 * Caller frees. */
char *projects_uri_path(const char *uri);

#endif
