/*
 * ts_syntax_check FILE...: parses each file with the Python grammar the
 * server uses and reports the first ERROR or MISSING node as
 * `FILE:ROW:COL: ERROR` (or MISSING; 1-based row and byte column) for each
 * file that has one. Exit 0 when every file parses cleanly, 1 when one does
 * not, 2 when a file cannot be read.
 * The golden tests run it on every expected output and every `check --fix`
 * result, next to py_compile: a fix must leave text that both the
 * interpreter and the server's own parser accept.
 */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_python(void);

/* The whole file, NUL-terminated; caller frees. NULL on failure. */
static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *data = NULL;
  size_t size = 0, cap = 0;
  for (;;) {
    if (size + 4096 + 1 > cap) {
      cap = cap ? cap * 2 : 8192;
      char *grown = realloc(data, cap);
      if (!grown) {
        free(data);
        fclose(f);
        return NULL;
      }
      data = grown;
    }
    size_t n = fread(data + size, 1, cap - size - 1, f);
    size += n;
    if (n == 0) break;
  }
  bool failed = ferror(f) != 0;
  fclose(f);
  if (failed) {
    free(data);
    return NULL;
  }
  data[size] = '\0';
  *len = size;
  return data;
}

/* The first ERROR or MISSING node in pre-order, found iteratively and only
 * descending into subtrees that hold an error; a null node when none. */
static TSNode first_error(TSNode root) {
  if (!ts_node_has_error(root)) return (TSNode){0};
  TSTreeCursor c = ts_tree_cursor_new(root);
  TSNode found = {0};
  for (;;) {
    TSNode n = ts_tree_cursor_current_node(&c);
    if (ts_node_is_error(n) || ts_node_is_missing(n)) {
      found = n;
      break;
    }
    if (ts_node_has_error(n) && ts_tree_cursor_goto_first_child(&c)) continue;
    bool moved = false;
    while (!moved) {
      if (ts_tree_cursor_goto_next_sibling(&c)) {
        moved = true;
      } else if (!ts_tree_cursor_goto_parent(&c)) {
        break;
      }
    }
    if (!moved) break;
  }
  ts_tree_cursor_delete(&c);
  return found;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: ts_syntax_check FILE...\n");
    return 2;
  }
  TSParser *parser = ts_parser_new();
  if (!parser || !ts_parser_set_language(parser, tree_sitter_python())) {
    fprintf(stderr, "ts_syntax_check: cannot set up the parser\n");
    ts_parser_delete(parser);
    return 2;
  }
  int status = 0;
  for (int i = 1; i < argc; i++) {
    size_t len = 0;
    char *text = read_file(argv[i], &len);
    if (!text) {
      fprintf(stderr, "%s: cannot read\n", argv[i]);
      status = 2;
      continue;
    }
    TSTree *tree = ts_parser_parse_string(parser, NULL, text, (uint32_t)len);
    if (!tree) {
      fprintf(stderr, "%s: parse failed\n", argv[i]);
      status = 2;
    } else {
      TSNode bad = first_error(ts_tree_root_node(tree));
      if (!ts_node_is_null(bad)) {
        TSPoint at = ts_node_start_point(bad);
        printf("%s:%u:%u: %s\n", argv[i], at.row + 1, at.column + 1,
               ts_node_is_missing(bad) ? "MISSING" : "ERROR");
        if (status == 0) status = 1;
      }
      ts_tree_delete(tree);
    }
    free(text);
  }
  ts_parser_delete(parser);
  return status;
}
