#ifndef AR_WORKSPACE_FILES_H
#define AR_WORKSPACE_FILES_H

/*
 * The session's side of cross-file helpers (analysis/workspace.h): module
 * texts come from open documents first, then from disk; edits, opens,
 * closes, saves and watched-file events tell the workspace what changed,
 * and the open documents that depended on it are refreshed and republished.
 */

#include <json-c/json.h>

#include "session.h"

/* Creates s->ws. Returns 0 or -1. */
int wsf_init(session *s);
/* Adds a workspace folder given as a URI (non-file URIs are ignored). */
void wsf_add_root_uri(session *s, const char *uri);
/* Lets the document's analysis resolve helpers in other files. */
void wsf_attach(session *s, doc *d);
/* The file behind `uri` changed on disk or in its buffer. */
void wsf_changed(session *s, const char *uri);
/* Checks the files read so far against the disk (for clients that do not
 * watch files). */
void wsf_revalidate(session *s);
/* An LSP Location for a step in another file; NULL when it cannot be read. */
json_object *wsf_location(session *s, const ar_step *step);

#endif
