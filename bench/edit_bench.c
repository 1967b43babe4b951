/*
 * Keystroke benchmark: replays typing and deleting a statement at random
 * places of a large Python file and times, per keystroke and side by side in
 * the same run:
 *   reparse  tree-sitter alone: ts_tree_edit + incremental ts_parser_parse
 *   server   the server's whole path: didChange JSON parsed, edit applied,
 *            incremental reparse, re-analysis, publishDiagnostics serialised
 *            and written (to /dev/null)
 * Usage: edit_bench FILE [KEYSTROKES] [SEED]
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analysis.h"
#include "dispatch.h"
#include "jsonrpc.h"
#include "session.h"

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double percentile(double *v, size_t n, double p) {
  qsort(v, n, sizeof *v, compare_double);
  size_t i = (size_t)(p * (double)(n - 1) + 0.5);
  return v[i];
}

static unsigned long long rng_state;
static unsigned rng(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (unsigned)(rng_state >> 11);
}

static char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)size + 1);
  if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  *len = (size_t)size;
  return buf;
}

/* The tree-sitter-only side: its own copy of the text and tree. */
typedef struct {
  char *text;
  size_t len, cap;
  TSTree *tree;
  TSParser *parser;
} plain_doc;

static void plain_edit(plain_doc *p, uint32_t start, uint32_t old_end, const char *ins,
                       uint32_t ins_len, TSPoint sp, TSPoint op, TSPoint np) {
  size_t new_len = p->len - (old_end - start) + ins_len;
  if (new_len > p->cap) {
    p->cap = new_len * 2;
    p->text = realloc(p->text, p->cap);
  }
  memmove(p->text + start + ins_len, p->text + old_end, p->len - old_end);
  memcpy(p->text + start, ins, ins_len);
  p->len = new_len;
  TSInputEdit e = {start, old_end, start + ins_len, sp, op, np};
  ts_tree_edit(p->tree, &e);
  TSTree *t = ts_parser_parse_string(p->parser, p->tree, p->text, (uint32_t)p->len);
  ts_tree_delete(p->tree);
  p->tree = t;
}

static void send_json(session *s, const char *json) {
  rpc_message msg;
  if (rpc_parse(json, strlen(json), &msg) == 0) dispatch_message(s, &msg);
  rpc_message_clear(&msg);
}

static void send_change(session *s, int version, uint32_t line, uint32_t col, uint32_t end_line,
                        uint32_t end_col, const char *text) {
  char json[512];
  snprintf(json, sizeof json,
           "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{"
           "\"textDocument\":{\"uri\":\"file:///bench.py\",\"version\":%d},"
           "\"contentChanges\":[{\"range\":{\"start\":{\"line\":%u,\"character\":%u},"
           "\"end\":{\"line\":%u,\"character\":%u}},\"text\":\"%s\"}]}}",
           version, line, col, end_line, end_col, text);
  send_json(s, json);
  session_flush(s);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: edit_bench FILE [KEYSTROKES] [SEED]\n");
    return 2;
  }
  size_t keystrokes = argc > 2 ? (size_t)atol(argv[2]) : 2000;
  rng_state = argc > 3 ? (unsigned long long)atoll(argv[3]) : 88172645463325252ull;
  size_t len;
  char *text = read_all(argv[1], &len);
  if (!text) {
    perror(argv[1]);
    return 2;
  }
  uint32_t lines = 0;
  for (size_t i = 0; i < len; i++) lines += text[i] == '\n';

  /* Candidate places to type: ends of indented, non-empty lines. */
  size_t cand_cap = lines + 1, cand_count = 0;
  uint32_t *cand_line = malloc(cand_cap * sizeof *cand_line);
  uint32_t *cand_col = malloc(cand_cap * sizeof *cand_col);
  uint32_t *cand_byte = malloc(cand_cap * sizeof *cand_byte);
  uint32_t *cand_indent = malloc(cand_cap * sizeof *cand_indent);
  for (size_t i = 0, line = 0, start = 0; i <= len; i++) {
    if (i < len && text[i] != '\n') continue;
    size_t indent = 0;
    while (start + indent < i && text[start + indent] == ' ') indent++;
    if (indent >= 4 && indent < 40 && start + indent < i && text[i - 1] != '\\' &&
        text[i - 1] != ',' && text[i - 1] != '(' && text[start + indent] != '#') {
      cand_line[cand_count] = (uint32_t)line;
      cand_col[cand_count] = (uint32_t)(i - start);
      cand_byte[cand_count] = (uint32_t)i;
      cand_indent[cand_count] = (uint32_t)indent;
      cand_count++;
    }
    line++;
    start = i + 1;
  }

  TSParser *parser = ts_parser_new();
  ts_parser_set_language(parser, ar_language());
  plain_doc plain = {malloc(len * 2 + 64), len, len * 2 + 64, NULL, parser};
  memcpy(plain.text, text, len);

  double t0 = now_us();
  plain.tree = ts_parser_parse_string(parser, NULL, plain.text, (uint32_t)plain.len);
  double full_parse = now_us() - t0;
  ar_analysis *fresh = ar_analysis_new();
  t0 = now_us();
  ar_analysis_update(fresh, text, NULL, plain.tree);
  double full_analysis = now_us() - t0;
  size_t findings_count;
  ar_analysis_findings(fresh, &findings_count);
  size_t unit_count = ar_analysis_unit_count(fresh);
  ar_analysis_free(fresh);

  session s;
  int devnull = open("/dev/null", O_WRONLY);
  session_init(&s, devnull);
  send_json(&s, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                "\"capabilities\":{\"general\":{\"positionEncodings\":[\"utf-8\"]}}}}");
  /* didOpen through the real handler; the text is escaped by json-c. */
  json_object *open_params = json_object_new_object(), *item = json_object_new_object();
  json_object_object_add(item, "uri", json_object_new_string("file:///bench.py"));
  json_object_object_add(item, "languageId", json_object_new_string("python"));
  json_object_object_add(item, "version", json_object_new_int(1));
  json_object_object_add(item, "text", json_object_new_string_len(text, (int)len));
  json_object_object_add(open_params, "textDocument", item);
  json_object *open_msg = rpc_make_notification("textDocument/didOpen", open_params);
  send_json(&s, json_object_to_json_string_ext(open_msg, JSON_C_TO_STRING_PLAIN));
  json_object_put(open_msg);
  session_flush(&s);

  static const char typed[] = "time.sleep(0.1)";
  double *reparse = malloc(keystrokes * sizeof *reparse);
  double *server = malloc(keystrokes * sizeof *server);
  size_t walked = 0, done = 0;
  int version = 1;
  while (done < keystrokes) {
    size_t c = rng() % cand_count;
    uint32_t line = cand_line[c], col = cand_col[c], byte = cand_byte[c], indent = cand_indent[c];
    /* Type a new line holding the statement, then delete it again. */
    char piece[64];
    size_t n = 0;
    piece[n++] = '\n';
    for (uint32_t i = 0; i < indent; i++) piece[n++] = ' ';
    uint32_t indent_end = (uint32_t)n;
    memcpy(piece + n, typed, sizeof typed - 1);
    n += sizeof typed - 1;
    /* The newline and indentation arrive as one edit, as editors do. */
    TSPoint at = {line, col};
    TSPoint after_indent = {line + 1, indent};
    double a = now_us();
    plain_edit(&plain, byte, byte, piece, indent_end, at, at, after_indent);
    double b = now_us();
    char esc[64];
    snprintf(esc, sizeof esc, "\\n%.*s", (int)indent, "                                        ");
    send_change(&s, ++version, line, col, line, col, esc);
    double c2 = now_us();
    if (done < keystrokes) {
      reparse[done] = b - a;
      server[done] = c2 - b;
      walked += ar_analysis_units_walked(session_find(&s, "file:///bench.py")->analysis);
      done++;
    }
    uint32_t pos = byte + indent_end;
    for (size_t k = indent_end; k < n && done < keystrokes; k++) {
      TSPoint p0 = {line + 1, pos - byte - 1}, p1 = {line + 1, pos - byte};
      a = now_us();
      plain_edit(&plain, pos, pos, piece + k, 1, p0, p0, p1);
      b = now_us();
      char ch[2] = {piece[k], 0};
      send_change(&s, ++version, line + 1, p0.column, line + 1, p0.column, ch);
      c2 = now_us();
      reparse[done] = b - a;
      server[done] = c2 - b;
      walked += ar_analysis_units_walked(session_find(&s, "file:///bench.py")->analysis);
      done++;
      pos++;
    }
    /* Remove what was typed in one edit so the file returns to its start. */
    TSPoint end = {line + 1, pos - byte - 1};
    plain_edit(&plain, byte, pos, "", 0, at, end, at);
    send_change(&s, ++version, line, col, line + 1, end.column, "");
  }

  double r50 = percentile(reparse, done, 0.5), r99 = percentile(reparse, done, 0.99);
  double s50 = percentile(server, done, 0.5), s99 = percentile(server, done, 0.99);
  printf("file: %s (%u lines, %zu bytes, %zu units, %zu findings)\n", argv[1], lines, len,
         unit_count, findings_count);
  printf("from scratch: parse %.0f us, full analysis walk %.0f us\n", full_parse, full_analysis);
  printf("keystrokes: %zu, units walked per keystroke: %.2f\n", done, (double)walked / (double)done);
  printf("%-26s %10s %10s\n", "per keystroke (us)", "median", "p99");
  printf("%-26s %10.1f %10.1f\n", "tree-sitter reparse", r50, r99);
  printf("%-26s %10.1f %10.1f\n", "server edit->diagnostics", s50, s99);
  printf("ratio server/reparse: median %.2f, p99 %.2f\n", s50 / r50, s99 / r99);

  session_destroy(&s);
  close(devnull);
  ts_tree_delete(plain.tree);
  ts_parser_delete(parser);
  free(plain.text);
  free(text);
  free(reparse);
  free(server);
  free(cand_line);
  free(cand_col);
  free(cand_byte);
  free(cand_indent);
  return 0;
}
