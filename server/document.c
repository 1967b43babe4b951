#include "document.h"

#include <stdlib.h>
#include <string.h>

static bool has_lone_cr(const char *text, size_t len) {
  const char *p = text, *end = text + len;
  while ((p = memchr(p, '\r', (size_t)(end - p))) != NULL) {
    if (p + 1 == end || p[1] != '\n') return true;
    p++;
  }
  return false;
}

doc *doc_new(const char *uri, const char *text, size_t len, int64_t version) {
  if (len > DOC_MAX_TEXT) return NULL;
  doc *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  d->uri = strdup(uri);
  d->cap = (uint32_t)(len ? len : 16);
  d->text = malloc(d->cap);
  d->analysis = ar_analysis_new();
  ar_fix_cache_init(&d->fixes);
  if (!d->uri || !d->text || !d->analysis) {
    doc_free(d);
    return NULL;
  }
  memcpy(d->text, text, len);
  d->len = (uint32_t)len;
  d->lines = pos_lines_new(d->text, d->len);
  if (!d->lines) {
    doc_free(d);
    return NULL;
  }
  d->version = version;
  d->stale = true;
  d->lone_cr_possible = has_lone_cr(text, len);
  return d;
}

void doc_free(doc *d) {
  if (!d) return;
  free(d->uri);
  free(d->text);
  pos_lines_free(d->lines);
  if (d->tree) ts_tree_delete(d->tree);
  ar_analysis_free(d->analysis);
  ar_fix_cache_free(&d->fixes);
  free(d);
}

/* tree-sitter counts rows by LF only, while LSP lines also end at a lone CR;
 * the two agree unless the text holds a lone CR, which is rare enough to
 * afford a scan. */
static TSPoint point_at(const doc *d, uint32_t offset) {
  if (!d->lone_cr_possible) {
    uint32_t line = pos_line_of(d->lines, offset);
    return (TSPoint){line, offset - pos_line_start(d->lines, line)};
  }
  uint32_t row = 0, line_start = 0;
  const char *p = d->text, *end = d->text + offset;
  while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
    row++;
    p++;
    line_start = (uint32_t)(p - d->text);
  }
  return (TSPoint){row, offset - line_start};
}

static int reserve(doc *d, size_t need) {
  if (need > DOC_MAX_TEXT) return -1;
  if (need <= d->cap) return 0;
  size_t cap = d->cap;
  while (cap < need) cap = cap * 2 > DOC_MAX_TEXT ? DOC_MAX_TEXT : cap * 2;
  char *grown = realloc(d->text, cap);
  if (!grown) return -1;
  d->text = grown;
  d->cap = (uint32_t)cap;
  return 0;
}

int doc_edit(doc *d, uint32_t start, uint32_t old_end, const char *text, size_t len) {
  if (start > old_end || old_end > d->len) return -1;
  size_t new_len = (size_t)d->len - (old_end - start) + len;
  if (reserve(d, new_len) < 0) return -1;

  /* Kept so a failure below can put the old text back exactly. */
  char *replaced = malloc(old_end - start + 1);
  if (!replaced) return -1;
  memcpy(replaced, d->text + start, old_end - start);

  TSPoint start_point = point_at(d, start), old_end_point = point_at(d, old_end);
  memmove(d->text + start + len, d->text + old_end, d->len - old_end);
  memcpy(d->text + start, text, len);
  uint32_t old_len = d->len;
  d->len = (uint32_t)new_len;
  uint32_t new_end = start + (uint32_t)len;
  if (pos_lines_edit(d->lines, d->text, d->len, start, old_end, new_end) < 0) {
    /* The index must describe the new text; rebuild it from scratch. */
    pos_lines *fresh = pos_lines_new(d->text, d->len);
    if (!fresh) {
      memmove(d->text + old_end, d->text + start + len, old_len - old_end);
      memcpy(d->text + start, replaced, old_end - start);
      d->len = old_len;
      free(replaced);
      return -1;
    }
    pos_lines_free(d->lines);
    d->lines = fresh;
  }
  free(replaced);
  if (memchr(text, '\r', len)) d->lone_cr_possible = true;
  /* An edit can also turn CRLF into a lone CR by deleting the LF. */
  if (start > 0 && d->text[start - 1] == '\r') d->lone_cr_possible = true;

  if (d->tree) {
    TSInputEdit e = {start, old_end, new_end, start_point, old_end_point, point_at(d, new_end)};
    ts_tree_edit(d->tree, &e);
  }
  ar_analysis_edit(d->analysis, start, old_end, new_end);
  ar_fix_cache_edit(&d->fixes, start, old_end, new_end);
  d->stale = true;
  return 0;
}

int doc_replace_all(doc *d, const char *text, size_t len) {
  if (len > DOC_MAX_TEXT) return -1;
  pos_lines *lines = pos_lines_new(text, (uint32_t)len);
  if (!lines || reserve(d, len ? len : 1) < 0) {
    pos_lines_free(lines);
    return -1;
  }
  uint32_t old_len = d->len;
  memcpy(d->text, text, len);
  d->len = (uint32_t)len;
  pos_lines_free(d->lines);
  d->lines = lines;
  d->lone_cr_possible = has_lone_cr(text, len);
  /* Nothing of the old tree or analysis describes the new text: all of the
   * old text became all of the new one, so every unit is walked again. */
  if (d->tree) ts_tree_delete(d->tree);
  d->tree = NULL;
  ar_analysis_edit(d->analysis, 0, old_len, d->len);
  ar_fix_cache_clear(&d->fixes);
  d->stale = true;
  return 0;
}

int doc_refresh(doc *d, TSParser *parser) {
  if (!d->stale) {
    if (!d->helpers_stale || !d->tree) return 0;
    d->helpers_stale = false;
    return ar_analysis_refresh_helpers(d->analysis, d->text, d->tree);
  }
  d->helpers_stale = false;
  TSTree *tree = ts_parser_parse_string(parser, d->tree, d->text, d->len);
  if (!tree) return -1;
  int rc = ar_analysis_update(d->analysis, d->text, d->tree, tree);
  if (d->tree) ts_tree_delete(d->tree);
  d->tree = tree;
  if (rc < 0) return -1;
  d->stale = false;
  return 0;
}

void doc_set_config(doc *d, const ar_config *config) {
  d->config = config;
  if (ar_analysis_set_config(d->analysis, config)) d->stale = true;
}

const ar_finding *doc_findings(const doc *d, size_t *count) {
  return ar_analysis_findings(d->analysis, count);
}
