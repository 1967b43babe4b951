#define _GNU_SOURCE /* memmem */
#include "suppress.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "syntax.h"

/* Other spellings of our codes: flake8-async numbered its rules TRIOxxx
 * while it was flake8-trio, and kept the numbers when it became ASYNCxxx. */
static const struct {
  const char *alias, *code_prefix;
} code_aliases[] = {
    {"TRIO", "ASYNC"},
};

/* File-level directives past this many are ignored: no real file has them. */
enum { FILE_DIRECTIVES_MAX = 64 };

/* One `noqa`: every code, or the codes listed in [codes, end). */
typedef struct {
  bool all;
  const char *codes, *end;
} directive;

static bool is_word(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* Length of a code (letters, then digits) at p, or 0. */
static size_t code_length(const char *p, const char *end) {
  const char *q = p;
  while (q < end && isalpha((unsigned char)*q)) q++;
  if (q == p) return 0;
  const char *digits = q;
  while (q < end && isdigit((unsigned char)*q)) q++;
  if (q == digits || (q < end && is_word(*q))) return 0;
  return (size_t)(q - p);
}

/* Reads what follows the word `noqa` at p: false when the word goes on
 * (`noqafoo`). A colon with no readable code after it is a blanket noqa,
 * as flake8 reads it. */
static bool read_directive(const char *p, const char *end, directive *d) {
  if (p < end && is_word(*p)) return false;
  *d = (directive){true, NULL, NULL};
  if (p < end && *p == ':') {
    p++;
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    if (code_length(p, end) > 0) *d = (directive){false, p, end};
  }
  return true;
}

static bool same_code(const char *token, size_t len, const char *code) {
  if (len == strlen(code) && strncasecmp(token, code, len) == 0) return true;
  for (size_t i = 0; i < sizeof code_aliases / sizeof code_aliases[0]; i++) {
    size_t a = strlen(code_aliases[i].alias), c = strlen(code_aliases[i].code_prefix);
    if (len > a && strncasecmp(token, code_aliases[i].alias, a) == 0 &&
        strncmp(code, code_aliases[i].code_prefix, c) == 0 && strlen(code + c) == len - a &&
        strncmp(token + a, code + c, len - a) == 0)
      return true;
  }
  return false;
}

/* Codes are separated by commas and/or spaces; the list ends at the first
 * word that is not a code (`# noqa: ASYNC251 sleeping is intended`). */
static bool covers(const directive *d, const char *code) {
  if (d->all) return true;
  const char *p = d->codes;
  for (;;) {
    while (p < d->end && (*p == ',' || *p == ' ' || *p == '\t')) p++;
    size_t len = code_length(p, d->end);
    if (len == 0) return false;
    if (same_code(p, len, code)) return true;
    p += len;
  }
}

/* The comment node a `#` at offset `at` starts or lies in, or a null node
 * when the `#` belongs to a string. */
static TSNode comment_at(TSNode root, uint32_t at) {
  TSNode n = ts_node_descendant_for_byte_range(root, at, at + 1);
  return ts_node_symbol(n) == syn_get()->comment ? n : (TSNode){0};
}

/* The first `# noqa` of the comment in [start, line_end), the rest of the
 * line a finding starts on. */
static bool line_directive(const char *source, TSNode root, uint32_t start, uint32_t line_end,
                           directive *d) {
  for (uint32_t p = start; p < line_end; p++) {
    if (source[p] != '#') continue;
    TSNode comment = comment_at(root, p);
    if (ts_node_is_null(comment)) continue;
    /* A comment runs to the end of its line: this is the line's only one,
     * though it may hold several `#` (`# type: ignore  # noqa`). */
    const char *end = source + ts_node_end_byte(comment);
    for (const char *q = source + p; q < end; q++) {
      if (*q != '#') continue;
      const char *w = q + 1;
      while (w < end && (*w == ' ' || *w == '\t')) w++;
      if (end - w >= 4 && strncasecmp(w, "noqa", 4) == 0 && read_directive(w + 4, end, d))
        return true;
    }
    return false;
  }
  return false;
}

static const char marker[] = "asyncradar:";
enum { MARKER_LEN = sizeof marker - 1 };

void ar_suppress_marks_edit(ar_suppress_marks *m, uint32_t start, uint32_t old_end,
                            uint32_t new_end) {
  int64_t delta = (int64_t)new_end - (int64_t)old_end;
  size_t kept = 0;
  for (size_t i = 0; i < m->count; i++) {
    uint32_t p = m->at[i];
    if (p + MARKER_LEN <= start)
      m->at[kept++] = p;
    else if (p >= old_end)
      m->at[kept++] = (uint32_t)(p + delta);
  }
  m->count = kept;
}

static int add_mark(ar_suppress_marks *m, size_t index, uint32_t at) {
  if (m->count == m->cap) {
    size_t n = m->cap ? m->cap * 2 : 8;
    uint32_t *grown = realloc(m->at, n * sizeof *grown);
    if (!grown) return -1;
    m->at = grown;
    m->cap = n;
  }
  memmove(m->at + index + 1, m->at + index, (m->count - index) * sizeof *m->at);
  m->at[index] = at;
  m->count++;
  return 0;
}

int ar_suppress_marks_rescan(ar_suppress_marks *m, const char *source, uint32_t len, uint32_t lo,
                             uint32_t hi) {
  if (!m->known) {
    m->count = 0;
    lo = 0;
    hi = len;
  }
  /* An occurrence may start before the edit that completed it, and end
   * past the one it starts in. */
  lo = lo >= MARKER_LEN - 1 ? lo - (MARKER_LEN - 1) : 0;
  if (hi > len) hi = len;
  if (lo > hi) lo = hi;
  size_t first = 0, past = 0;
  while (first < m->count && m->at[first] < lo) first++;
  past = first;
  while (past < m->count && m->at[past] < hi) past++;
  memmove(m->at + first, m->at + past, (m->count - past) * sizeof *m->at);
  m->count -= past - first;
  const char *p = source + lo, *end = source + (hi + MARKER_LEN - 1 < len ? hi + MARKER_LEN - 1 : len);
  size_t index = first;
  while ((p = memmem(p, (size_t)(end - p), marker, MARKER_LEN)) && p < source + hi) {
    if (add_mark(m, index++, (uint32_t)(p - source)) < 0) {
      m->known = false;
      m->count = 0;
      return -1;
    }
    p += MARKER_LEN;
  }
  m->known = true;
  return 0;
}

void ar_suppress_marks_free(ar_suppress_marks *m) {
  free(m->at);
  *m = (ar_suppress_marks){0};
}

/* Every `# asyncradar: noqa[: CODES]` in a comment of the file. */
static size_t file_directives(const char *source, TSNode root, const ar_suppress_marks *marks,
                              directive *out) {
  size_t n = 0;
  for (size_t i = 0; i < marks->count && n < FILE_DIRECTIVES_MAX; i++) {
    const char *hit = source + marks->at[i];
    const char *p = hit + MARKER_LEN;
    const char *hash = hit;
    while (hash > source && (hash[-1] == ' ' || hash[-1] == '\t')) hash--;
    if (hash == source || hash[-1] != '#') continue;
    TSNode comment = comment_at(root, (uint32_t)(hash - 1 - source));
    if (ts_node_is_null(comment)) continue;
    const char *comment_end = source + ts_node_end_byte(comment);
    const char *w = p;
    while (w < comment_end && (*w == ' ' || *w == '\t')) w++;
    if (comment_end - w >= 4 && strncasecmp(w, "noqa", 4) == 0 &&
        read_directive(w + 4, comment_end, &out[n]))
      n++;
  }
  return n;
}

void ar_suppress_apply(const char *source, const TSTree *tree, const ar_suppress_marks *marks,
                       ar_finding *findings, size_t *count) {
  if (*count == 0) return;
  TSNode root = ts_tree_root_node(tree);
  uint32_t limit = ts_node_end_byte(root);
  directive file[FILE_DIRECTIVES_MAX];
  size_t file_count = file_directives(source, root, marks, file);
  size_t kept = 0;
  /* The line of the previous finding: many findings on one long line cost
   * one scan of it, not one each. A finding never follows the comment on
   * its line, so the scan from the line's first finding sees that comment. */
  uint32_t line_start = 0, line_end = 0;
  bool line_has = false;
  directive line;
  for (size_t i = 0; i < *count; i++) {
    const char *code = findings[i].rule->code;
    uint32_t start = findings[i].start;
    if (start < line_start || start >= line_end || line_end == 0) {
      const char *nl = start < limit ? memchr(source + start, '\n', limit - start) : NULL;
      line_start = start;
      line_end = nl ? (uint32_t)(nl - source) : limit;
      line_has = line_directive(source, root, start, line_end, &line);
    }
    bool suppressed = false;
    for (size_t j = 0; j < file_count && !suppressed; j++) suppressed = covers(&file[j], code);
    if (!suppressed && line_has) suppressed = covers(&line, code);
    if (!suppressed) findings[kept++] = findings[i];
  }
  *count = kept;
}
