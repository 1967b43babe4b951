#include "cli_diff.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum { CONTEXT = 3 };

typedef struct {
  const char *text;
  uint32_t len;
} line;

typedef struct {
  line *items;
  size_t count;
} lines;

/* Lines keep their terminator, so a changed line ending shows as a change. */
static int split(const char *text, uint32_t len, lines *out) {
  size_t n = 0;
  for (uint32_t i = 0; i < len; i++)
    if (text[i] == '\n') n++;
  out->items = malloc((n + 1) * sizeof *out->items);
  if (!out->items) return -1;
  out->count = 0;
  uint32_t start = 0;
  for (uint32_t i = 0; i < len; i++)
    if (text[i] == '\n') {
      out->items[out->count++] = (line){text + start, i + 1 - start};
      start = i + 1;
    }
  if (start < len) out->items[out->count++] = (line){text + start, len - start};
  return 0;
}

static bool same(const line *a, const line *b) {
  return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

typedef enum { OP_KEEP, OP_DEL, OP_ADD } op_kind;

typedef struct {
  op_kind kind;
  size_t a, b; /* line indexes in old (KEEP, DEL) and new (KEEP, ADD) */
} op;

/*
 * Myers' greedy shortest edit script. The furthest-reaching x per diagonal
 * is kept for every d, only for diagonals -d..d, so memory is O(D^2) for D
 * changed lines rather than O(D * (N + M)).
 */
static op *edit_script(const lines *a, const lines *b, size_t *count) {
  long n = (long)a->count, m = (long)b->count, max = n + m;
  long **trace = calloc((size_t)max + 1, sizeof *trace);
  long *v = calloc(2 * (size_t)max + 3, sizeof *v);
  op *ops = NULL;
  long d_end = -1;
  if (!trace || !v) goto done;
  long off = max + 1;
  for (long d = 0; d <= max && d_end < 0; d++) {
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1]
                                                                       : v[off + k - 1] + 1;
      long y = x - k;
      while (x < n && y < m && same(&a->items[x], &b->items[y])) x++, y++;
      v[off + k] = x;
      if (x >= n && y >= m) d_end = d;
    }
    trace[d] = malloc((2 * (size_t)d + 1) * sizeof **trace);
    if (!trace[d]) goto done;
    for (long k = -d; k <= d; k++) trace[d][k + d] = v[off + k];
  }
  ops = malloc(((size_t)n + (size_t)m + 1) * sizeof *ops);
  if (!ops) goto done;
  size_t count_rev = 0;
  long x = n, y = m;
  for (long d = d_end; d > 0; d--) {
    long k = x - y;
    const long *prev = trace[d - 1];
    bool down = k == -d || (k != d && prev[k - 1 + (d - 1)] < prev[k + 1 + (d - 1)]);
    long pk = down ? k + 1 : k - 1;
    long px = prev[pk + (d - 1)], py = px - pk;
    while (x > px + (down ? 0 : 1) && y > py + (down ? 1 : 0)) ops[count_rev++] = (op){OP_KEEP, (size_t)--x, (size_t)--y};
    if (down)
      ops[count_rev++] = (op){OP_ADD, (size_t)x, (size_t)--y};
    else
      ops[count_rev++] = (op){OP_DEL, (size_t)--x, (size_t)y};
  }
  while (x > 0 && y > 0) ops[count_rev++] = (op){OP_KEEP, (size_t)--x, (size_t)--y};
  for (size_t i = 0; i < count_rev / 2; i++) {
    op t = ops[i];
    ops[i] = ops[count_rev - 1 - i];
    ops[count_rev - 1 - i] = t;
  }
  *count = count_rev;
done:
  if (trace)
    for (long d = 0; d <= max; d++) free(trace[d]);
  free(trace);
  free(v);
  return ops;
}

static void put_line(FILE *out, char mark, const line *l) {
  fputc(mark, out);
  fwrite(l->text, 1, l->len, out);
  if (l->len == 0 || l->text[l->len - 1] != '\n') fputs("\n\\ No newline at end of file\n", out);
}

int cli_diff_write(FILE *out, const char *path, const char *old_text, uint32_t old_len,
                   const char *new_text, uint32_t new_len) {
  if (old_len == new_len && memcmp(old_text, new_text, old_len) == 0) return 0;
  lines a = {0}, b = {0};
  size_t count = 0;
  op *ops = NULL;
  int rc = -1;
  if (split(old_text, old_len, &a) < 0 || split(new_text, new_len, &b) < 0) goto done;
  ops = edit_script(&a, &b, &count);
  if (!ops) goto done;
  fprintf(out, "--- %s\n+++ %s\n", path, path);
  for (size_t i = 0; i < count;) {
    if (ops[i].kind == OP_KEEP) {
      i++;
      continue;
    }
    /* A hunk: the changes from here on while fewer than 2 * CONTEXT kept
     * lines separate them, with CONTEXT kept lines around. */
    size_t first = i >= CONTEXT ? i - CONTEXT : 0, last = i;
    for (size_t j = i, kept = 0; j < count && kept <= 2 * CONTEXT; j++) {
      kept = ops[j].kind == OP_KEEP ? kept + 1 : 0;
      if (ops[j].kind != OP_KEEP) last = j;
    }
    size_t end = last + 1 + CONTEXT < count ? last + 1 + CONTEXT : count;
    size_t a_start = 0, b_start = 0, a_len = 0, b_len = 0;
    bool a_set = false, b_set = false;
    for (size_t j = first; j < end; j++) {
      if (ops[j].kind != OP_ADD) {
        if (!a_set) a_start = ops[j].a, a_set = true;
        a_len++;
      }
      if (ops[j].kind != OP_DEL) {
        if (!b_set) b_start = ops[j].b, b_set = true;
        b_len++;
      }
    }
    /* An empty side names the line before it, as diff(1) does. */
    if (!a_set) a_start = ops[first].a;
    if (!b_set) b_start = ops[first].b;
    fprintf(out, "@@ -%zu,%zu +%zu,%zu @@\n", a_len ? a_start + 1 : a_start, a_len,
            b_len ? b_start + 1 : b_start, b_len);
    for (size_t j = first; j < end; j++) {
      if (ops[j].kind == OP_KEEP) put_line(out, ' ', &a.items[ops[j].a]);
      if (ops[j].kind == OP_DEL) put_line(out, '-', &a.items[ops[j].a]);
      if (ops[j].kind == OP_ADD) put_line(out, '+', &b.items[ops[j].b]);
    }
    i = end;
  }
  rc = 0;
done:
  free(a.items);
  free(b.items);
  free(ops);
  return rc;
}
