#include <string.h>

#include "handlers.h"
#include "params.h"
#include "workspace_files.h"

void handle_did_open(session *s, json_object *params) {
  json_object *item = params_object(params, "textDocument");
  const char *uri = params_string(item, "uri");
  json_object *text_obj = item ? json_object_object_get(item, "text") : NULL;
  int64_t version = 0;
  if (!uri || !text_obj || !json_object_is_type(text_obj, json_type_string)) {
    session_log(s, MSG_WARNING, "didOpen without textDocument.uri and text: ignored");
    return;
  }
  params_int(item, "version", &version);
  const char *text = json_object_get_string(text_obj);
  size_t len = (size_t)json_object_get_string_len(text_obj);

  doc *d = session_find(s, uri);
  if (d) {
    /* A second open replaces the text: the client's copy is the truth. */
    if (doc_replace_all(d, text, len) < 0) {
      session_log(s, MSG_ERROR, "cannot reopen %s: out of memory or too large", uri);
      return;
    }
    d->version = version;
  } else {
    d = doc_new(uri, text, len, version);
    if (!d) {
      session_log(s, MSG_ERROR, "cannot open %s: out of memory or too large", uri);
      return;
    }
    HASH_ADD_KEYPTR(hh, s->docs, d->uri, strlen(d->uri), d);
    session_configure(s, d);
    wsf_attach(s, d);
  }
  /* The buffer now wins over the disk for files that import this one. */
  wsf_changed(s, uri);
  wsf_revalidate(s);
  session_schedule_publish(s, d);
}

/* Converts one contentChange's range at the edge; false when it cannot be
 * applied (missing or negative positions). */
static bool change_range(session *s, doc *d, json_object *range, uint32_t *start, uint32_t *end) {
  json_object *from = params_object(range, "start"), *to = params_object(range, "end");
  int64_t l1, c1, l2, c2;
  if (!params_int(from, "line", &l1) || !params_int(from, "character", &c1) ||
      !params_int(to, "line", &l2) || !params_int(to, "character", &c2))
    return false;
  if (pos_to_offset(d->lines, d->text, d->len, l1, c1, s->encoding, start) < 0 ||
      pos_to_offset(d->lines, d->text, d->len, l2, c2, s->encoding, end) < 0)
    return false;
  if (*start > *end) {
    uint32_t t = *start;
    *start = *end;
    *end = t;
  }
  return true;
}

void handle_did_change(session *s, json_object *params) {
  const char *uri = params_document_uri(params);
  json_object *changes = params_array(params, "contentChanges");
  doc *d = uri ? session_find(s, uri) : NULL;
  if (!d) {
    session_log(s, MSG_WARNING, "didChange for a document that is not open (%s): ignored",
                uri ? uri : "no uri");
    return;
  }
  if (!changes) {
    session_log(s, MSG_WARNING, "didChange without contentChanges for %s: ignored", uri);
    return;
  }
  int64_t version;
  if (params_int(params_object(params, "textDocument"), "version", &version)) {
    if (version <= d->version)
      session_log(s, MSG_LOG, "%s: version %lld after %lld; applying the newer text anyway",
                  uri, (long long)version, (long long)d->version);
    d->version = version;
  }

  size_t n = json_object_array_length(changes);
  for (size_t i = 0; i < n; i++) {
    json_object *change = json_object_array_get_idx(changes, i);
    json_object *text_obj = change ? json_object_object_get(change, "text") : NULL;
    if (!text_obj || !json_object_is_type(text_obj, json_type_string)) {
      session_log(s, MSG_WARNING, "%s: change %zu has no text: skipped", uri, i);
      continue;
    }
    const char *text = json_object_get_string(text_obj);
    size_t len = (size_t)json_object_get_string_len(text_obj);
    json_object *range = params_object(change, "range");
    int rc;
    if (!range) {
      rc = doc_replace_all(d, text, len);
    } else {
      uint32_t start, end;
      if (!change_range(s, d, range, &start, &end)) {
        session_log(s, MSG_WARNING, "%s: change %zu has an invalid range: skipped", uri, i);
        continue;
      }
      rc = doc_edit(d, start, end, text, len);
    }
    if (rc < 0) session_log(s, MSG_ERROR, "%s: change %zu could not be applied: out of memory", uri, i);
  }
  wsf_changed(s, uri);
  session_schedule_publish(s, d);
}

void handle_did_close(session *s, json_object *params) {
  const char *uri = params_document_uri(params);
  doc *d = uri ? session_find(s, uri) : NULL;
  if (!d) {
    session_log(s, MSG_LOG, "didClose for a document that is not open: ignored");
    return;
  }
  HASH_DEL(s->docs, d);
  session_schedule_publish(s, d);
  doc_free(d);
  /* Files importing this one read it from disk again. */
  wsf_changed(s, uri);
}

void handle_did_save(session *s, json_object *params) {
  const char *uri = params_document_uri(params);
  session_log(s, MSG_LOG, "saved %s", uri ? uri : "(no uri)");
  wsf_revalidate(s);
}
