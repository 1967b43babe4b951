/* realpath(3) is an XSI extension. */
#define _XOPEN_SOURCE 700

#include "cli_fix.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fix.h"
#include "fix_all.h"
#include "jsonrpc.h"

/* Fixes that insert around a call nested in another fixed call wait for a
 * later pass; a handful of passes covers any nesting seen in practice. */
enum { MAX_PASSES = 10 };

/* One pass: the merged edits of every finding's chosen fix, applied. NULL
 * when out of memory; *applied 0 when nothing applied. */
static char *fix_pass(doc *d, const ar_config *config, bool unsafe, uint32_t *out_len,
                      size_t *applied) {
  size_t count;
  const ar_finding *findings = doc_findings(d, &count);
  ar_fix_context cx;
  ar_fix_context_init(&cx, d->text, d->len, d->tree, d->analysis);
  ar_fix_all_edits all;
  char *result = NULL;
  if (ar_fix_all(&cx, findings, count, config, unsafe, &all) == 0) {
    result = ar_fix_apply(d->text, d->len, all.edits, all.count, out_len);
    *applied = all.applied;
    ar_fix_all_edits_free(&all);
  }
  ar_fix_context_done(&cx);
  return result;
}

char *cli_fix_text(const char *path, const char *text, uint32_t len, TSParser *parser,
                   const ar_config *config, bool unsafe, uint32_t *out_len, size_t *applied) {
  *applied = 0;
  char *current = malloc(len ? len : 1);
  if (!current) return NULL;
  memcpy(current, text, len);
  uint32_t current_len = len;
  for (int pass = 0; pass < MAX_PASSES; pass++) {
    doc *d = doc_new(path, current, current_len, 0);
    if (d) doc_set_config(d, config);
    if (!d || doc_refresh(d, parser) < 0) {
      doc_free(d);
      free(current);
      return NULL;
    }
    size_t done = 0;
    uint32_t next_len = 0;
    char *next = fix_pass(d, config, unsafe, &next_len, &done);
    doc_free(d);
    if (!next) {
      free(current);
      return NULL;
    }
    free(current);
    current = next;
    current_len = next_len;
    *applied += done;
    if (done == 0) break;
  }
  *out_len = current_len;
  return current;
}

int cli_fix_write(const char *path, const char *text, uint32_t len) {
  /* Through a symlink, replace the file it points to, not the link. */
  char *real = realpath(path, NULL);
  if (!real) return -1;
  size_t tmp_size = strlen(real) + 32;
  char *tmp = malloc(tmp_size);
  struct stat st;
  int fd = -1, rc = -1;
  bool created = false;
  if (!tmp || stat(real, &st) != 0) goto done;
  snprintf(tmp, tmp_size, "%s.asyncradar-XXXXXX", real);
  fd = mkstemp(tmp);
  if (fd < 0) goto done;
  created = true;
  if (fchmod(fd, st.st_mode & 07777) != 0) goto done;
  for (uint32_t written = 0; written < len;) {
    ssize_t n = write(fd, text + written, len - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) goto done;
    written += (uint32_t)n;
  }
  if (fsync(fd) != 0) goto done;
  int closed = close(fd);
  fd = -1;
  if (closed != 0 || rename(tmp, real) != 0) goto done;
  rc = 0;
done:;
  int saved = errno;
  if (fd >= 0) close(fd);
  if (rc != 0 && created) unlink(tmp);
  free(real);
  free(tmp);
  errno = saved;
  return rc;
}

static json_object *location(const doc *d, uint32_t offset) {
  uint32_t line, character;
  pos_from_offset(d->lines, d->text, d->len, offset, POS_UTF32, &line, &character);
  json_object *o = json_object_new_object();
  json_object_object_add(o, "row", json_object_new_int64((int64_t)line + 1));
  json_object_object_add(o, "column", json_object_new_int64((int64_t)character + 1));
  return o;
}

json_object *cli_fix_json(const doc *d, ar_fix_context *cx, const ar_finding *f) {
  ar_fix_list fixes = {0};
  json_object *out = NULL;
  if (ar_fix_collect(cx, f, &fixes) == 0) {
    const ar_fix *fix = ar_fix_pick(&fixes, true);
    if (fix) {
      out = json_object_new_object();
      json_object_object_add(out, "applicability",
                             json_object_new_string(fix->safety == AR_FIX_SAFE ? "safe" : "unsafe"));
      json_object_object_add(out, "message", rpc_string(fix->title, strlen(fix->title)));
      json_object *edits = json_object_new_array();
      for (size_t i = 0; i < fix->edit_count; i++) {
        const ar_edit *e = &fix->edits[i];
        json_object *o = json_object_new_object();
        json_object_object_add(o, "content", rpc_string(e->text, strlen(e->text)));
        json_object_object_add(o, "location", location(d, e->start));
        json_object_object_add(o, "end_location", location(d, e->end));
        json_object_array_add(edits, o);
      }
      json_object_object_add(out, "edits", edits);
    }
  }
  ar_fix_list_free(&fixes);
  return out;
}
