#include "workspace_files.h"

#include <stdlib.h>
#include <string.h>

#include "fs.h"
#include "uri.h"
#include "workspace.h"

/* Open buffers are stamped apart from mtimes: the top bit and the version. */
#define BUFFER_STAMP(version) ((uint64_t)1 << 63 | (uint64_t)(version))

static doc *doc_at(session *s, const char *path) {
  for (doc *d = s->docs; d; d = d->hh.next) {
    char *p = uri_to_path(d->uri);
    bool same = p && strcmp(p, path) == 0;
    free(p);
    if (same) return d;
  }
  return NULL;
}

static char *read_text(void *ctx, const char *path, size_t *len, uint64_t *stamp) {
  doc *d = doc_at(ctx, path);
  if (!d) {
    if (!fs_stamp(path, stamp)) return NULL;
    return fs_read(path, len);
  }
  char *copy = malloc(d->len ? d->len : 1);
  if (!copy) return NULL;
  memcpy(copy, d->text, d->len);
  *len = d->len;
  *stamp = BUFFER_STAMP(d->version);
  return copy;
}

static bool read_stamp(void *ctx, const char *path, uint64_t *stamp) {
  doc *d = doc_at(ctx, path);
  if (d) {
    *stamp = BUFFER_STAMP(d->version);
    return true;
  }
  return fs_stamp(path, stamp);
}

int wsf_init(session *s) {
  s->ws = ar_workspace_new(read_text, read_stamp, s);
  return s->ws ? 0 : -1;
}

void wsf_add_root_uri(session *s, const char *uri) {
  char *path = uri_to_path(uri);
  if (!path) {
    session_log(s, MSG_LOG, "workspace folder %s is not a file URI: ignored", uri);
    return;
  }
  if (ar_workspace_add_root(s->ws, path) < 0) session_log(s, MSG_ERROR, "out of memory");
  free(path);
}

void wsf_attach(session *s, doc *d) {
  char *path = uri_to_path(d->uri);
  if (path && ar_workspace_attach(s->ws, d->analysis, path) < 0)
    session_log(s, MSG_ERROR, "out of memory attaching %s", d->uri);
  free(path);
}

static void affected(void *ctx, const char *path) {
  session *s = ctx;
  doc *d = doc_at(s, path);
  if (!d) return;
  d->helpers_stale = true;
  session_schedule_publish(s, d);
}

void wsf_changed(session *s, const char *uri) {
  char *path = uri_to_path(uri);
  if (path) ar_workspace_changed(s->ws, path, affected, s);
  free(path);
}

void wsf_revalidate(session *s) { ar_workspace_revalidate(s->ws, affected, s); }

json_object *wsf_location(session *s, const ar_step *step) {
  char *uri = uri_from_path(step->file);
  size_t len = 0;
  uint64_t stamp;
  char *text = read_text(s, step->file, &len, &stamp);
  pos_lines *lines = text && len <= DOC_MAX_TEXT ? pos_lines_new(text, (uint32_t)len) : NULL;
  json_object *location = NULL;
  if (uri && lines && step->end <= len) {
    uint32_t l1, c1, l2, c2;
    pos_from_offset(lines, text, (uint32_t)len, step->start, s->encoding, &l1, &c1);
    pos_from_offset(lines, text, (uint32_t)len, step->end, s->encoding, &l2, &c2);
    json_object *range = json_object_new_object();
    json_object *start = json_object_new_object(), *end = json_object_new_object();
    json_object_object_add(start, "line", json_object_new_int64(l1));
    json_object_object_add(start, "character", json_object_new_int64(c1));
    json_object_object_add(end, "line", json_object_new_int64(l2));
    json_object_object_add(end, "character", json_object_new_int64(c2));
    json_object_object_add(range, "start", start);
    json_object_object_add(range, "end", end);
    location = json_object_new_object();
    json_object_object_add(location, "uri", rpc_string(uri, strlen(uri)));
    json_object_object_add(location, "range", range);
  }
  pos_lines_free(lines);
  free(text);
  free(uri);
  return location;
}
