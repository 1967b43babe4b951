/*
 * subprocess.run / call / check_call / check_output and os.system in async
 * code -> asyncio.create_subprocess_exec (a list or tuple literal command)
 * or create_subprocess_shell (shell=True, os.system), as statements that
 * keep what the call gave: the return code, the output, a CompletedProcess,
 * and the CalledProcessError `check` raises (CompletedProcess builds and
 * raises exactly the original's). Anything this cannot keep faithfully
 * (text mode, timeouts, unknown arguments, a command held in a variable
 * whose type is unknown, a call used inside a larger expression whose value
 * differs) gets no such fix; the worker-thread one stays on offer.
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix_rewrite.h"
#include "syntax.h"

typedef enum { PROC_RUN, PROC_CALL, PROC_CHECK_CALL, PROC_CHECK_OUTPUT, PROC_SYSTEM } proc_kind;

typedef struct {
  proc_kind kind;
  TSNode cmd;
  TSNode input; /* null when none */
  bool shell, check, capture, has_stdout, has_stdin;
  TSNode passthrough[8]; /* keyword arguments asyncio takes as they are */
  size_t passthrough_count;
} proc_call;

bool fix_text_is(const fix_site *site, TSNode n, const char *want) {
  size_t len;
  const char *text = fix_node_text(site, n, &len);
  return len == strlen(want) && memcmp(text, want, len) == 0;
}

/* A literal True or False; -1 for anything else. */
static int literal_bool(TSNode n) {
  if (fix_node_is(n, "true")) return 1;
  if (fix_node_is(n, "false")) return 0;
  return -1;
}

bool fix_contains_kind(TSNode root, const char *kind) {
  TSTreeCursor c = ts_tree_cursor_new(root);
  bool found = false;
  for (bool more = true; more && !found;) {
    found = fix_node_is(ts_tree_cursor_current_node(&c), kind);
    more = syn_cursor_next(&c);
  }
  ts_tree_cursor_delete(&c);
  return found;
}

static int parse_call(const fix_site *site, proc_call *p) {
  const char *callee = site->finding->callee;
  p->kind = strcmp(callee, "subprocess.run") == 0           ? PROC_RUN
            : strcmp(callee, "subprocess.call") == 0        ? PROC_CALL
            : strcmp(callee, "subprocess.check_call") == 0  ? PROC_CHECK_CALL
            : strcmp(callee, "subprocess.check_output") == 0 ? PROC_CHECK_OUTPUT
                                                            : PROC_SYSTEM;
  p->shell = p->kind == PROC_SYSTEM;
  if (!fix_node_is(site->args, "argument_list")) return -1;
  uint32_t n = ts_node_named_child_count(site->args);
  for (uint32_t i = 0; i < n; i++) {
    TSNode arg = ts_node_named_child(site->args, i);
    if (fix_node_is(arg, "comment")) continue;
    if (!fix_node_is(arg, "keyword_argument")) {
      if (!ts_node_is_null(p->cmd) || fix_node_is(arg, "list_splat") ||
          fix_node_is(arg, "dictionary_splat"))
        return -1;
      p->cmd = arg;
      continue;
    }
    if (p->kind == PROC_SYSTEM) return -1;
    TSNode name = ts_node_child_by_field_name(arg, "name", 4);
    TSNode value = ts_node_child_by_field_name(arg, "value", 5);
    int flag = literal_bool(value);
    if (fix_text_is(site, name, "shell") && flag >= 0) {
      p->shell = flag;
    } else if (fix_text_is(site, name, "check") && p->kind == PROC_RUN && flag >= 0) {
      p->check = flag;
    } else if (fix_text_is(site, name, "capture_output") && p->kind == PROC_RUN && flag >= 0) {
      p->capture = flag;
    } else if (fix_text_is(site, name, "input") &&
               (p->kind == PROC_RUN || p->kind == PROC_CHECK_OUTPUT)) {
      p->input = value;
    } else if ((fix_text_is(site, name, "stdout") || fix_text_is(site, name, "stderr") ||
                fix_text_is(site, name, "stdin") || fix_text_is(site, name, "cwd") ||
                fix_text_is(site, name, "env")) &&
               p->passthrough_count < sizeof p->passthrough / sizeof p->passthrough[0]) {
      if (fix_text_is(site, name, "stdout")) p->has_stdout = true;
      if (fix_text_is(site, name, "stdin")) p->has_stdin = true;
      p->passthrough[p->passthrough_count++] = arg;
    } else {
      return -1; /* text mode, timeout, ...: not kept by an asyncio subprocess */
    }
  }
  if (ts_node_is_null(p->cmd)) return -1;
  if (p->kind == PROC_CHECK_CALL || p->kind == PROC_CHECK_OUTPUT) p->check = true;
  /* The originals reject these combinations; keep them failing the same way. */
  if ((p->capture && p->has_stdout) || (p->kind == PROC_CHECK_OUTPUT && p->has_stdout) ||
      (!ts_node_is_null(p->input) && p->has_stdin))
    return -1;
  if (!p->shell && !fix_node_is(p->cmd, "list") && !fix_node_is(p->cmd, "tuple")) return -1;
  if (!p->shell && ts_node_named_child_count(p->cmd) == 0) return -1;
  return 0;
}

/* A name for a temporary that the enclosing function does not use. */
void fix_fresh_name(const fix_site *site, TSNode scope, const char *base, char *buf,
                    size_t cap) {
  size_t len;
  const char *text = fix_node_text(site, scope, &len);
  for (int k = 0;; k++) {
    if (k == 0)
      snprintf(buf, cap, "%s", base);
    else
      snprintf(buf, cap, "%s_%d", base, k);
    size_t n = strlen(buf);
    bool used = false;
    for (size_t i = 0; !used && i + n <= len; i++) {
      if (memcmp(text + i, buf, n) != 0) continue;
      bool before = i > 0 && (isalnum((unsigned char)text[i - 1]) || text[i - 1] == '_');
      bool after = i + n < len && (isalnum((unsigned char)text[i + n]) || text[i + n] == '_');
      used = !before && !after;
    }
    if (!used) return;
  }
}

int fix_statement_of(const fix_site *site, fix_statement *st) {
  *st = (fix_statement){0};
  if (!fix_await_allowed(site) || site->depth < 3) return -1;
  TSNode parent = site->path[site->depth - 2];
  if (fix_node_is(parent, "expression_statement") && ts_node_named_child_count(parent) == 1) {
    st->stmt = parent;
  } else if (fix_node_is(parent, "assignment") &&
             ts_node_eq(ts_node_child_by_field_name(parent, "right", 5), site->call) &&
             ts_node_is_null(ts_node_child_by_field_name(parent, "type", 4)) &&
             fix_node_is(site->path[site->depth - 3], "expression_statement") &&
             ts_node_named_child_count(site->path[site->depth - 3]) == 1) {
    st->stmt = site->path[site->depth - 3];
    st->target = ts_node_child_by_field_name(parent, "left", 4);
    if (!fix_node_is(st->target, "identifier") && !fix_node_is(st->target, "attribute") &&
        !fix_node_is(st->target, "subscript"))
      return -1;
  } else {
    return -1;
  }
  if (fix_contains_kind(st->stmt, "comment")) return -1;
  const char *src = site->cx->source;
  uint32_t stmt_start = ts_node_start_byte(st->stmt);
  st->line_start = stmt_start;
  while (st->line_start > 0 && src[st->line_start - 1] != '\n' && src[st->line_start - 1] != '\r')
    st->line_start--;
  for (uint32_t i = st->line_start; i < stmt_start; i++)
    if (src[i] != ' ' && src[i] != '\t') return -1;
  st->scope = site->path[0];
  for (size_t i = 0; i < site->depth; i++)
    if (fix_node_is(site->path[i], "function_definition")) st->scope = site->path[i];
  return 0;
}

int fix_rewrite_subprocess(const fix_site *site, ar_fix_list *out) {
  if (site->lib == AR_LIB_TRIO || site->lib == AR_LIB_ANYIO)
    return fix_rewrite_run_process(site, out);
  proc_call p = {0};
  if (site->lib != AR_LIB_ASYNCIO || parse_call(site, &p) < 0) return 0;
  fix_statement st;
  if (fix_statement_of(site, &st) < 0) return 0;
  TSNode stmt = st.stmt, target = st.target;
  /* os.system gives a wait status, not a return code: only when unused. */
  if (p.kind == PROC_SYSTEM && !ts_node_is_null(target)) return 0;
  bool reuses_cmd = p.check || (p.kind == PROC_RUN && !ts_node_is_null(target));
  if (reuses_cmd && fix_contains_kind(p.cmd, "call")) return 0;
  const char *src = site->cx->source;
  uint32_t stmt_start = ts_node_start_byte(stmt), line_start = st.line_start;
  TSNode scope = st.scope;

  ar_fix *fix = fix_begin(out, AR_FIX_UNSAFE, true, "Run with await asyncio.create_subprocess_%s",
                          p.shell ? "shell" : "exec");
  if (!fix) return -1;
  const char *ns = fix_module_name(site, fix, "asyncio");
  const char *sp = p.kind == PROC_SYSTEM && !p.check ? "" : fix_module_name(site, fix, "subprocess");
  if (!ns || !sp) return fix_settle(out, fix, -1);
  char proc[32], output[32];
  fix_fresh_name(site, scope, "proc", proc, sizeof proc);
  fix_fresh_name(site, scope, "output", output, sizeof output);
  size_t len;
  const char *cmd = fix_node_text(site, p.cmd, &len);
  int cmd_len = (int)len;
  fix_text t = {0};
  const char *indent = src + line_start;
  int indent_len = (int)(stmt_start - line_start);
  const char *eol = site->eol;

  fix_text_printf(&t, "%s = await %s.create_subprocess_%s(", proc, ns, p.shell ? "shell" : "exec");
  if (p.shell) {
    fix_text_add(&t, cmd, len);
  } else {
    uint32_t items = ts_node_named_child_count(p.cmd);
    for (uint32_t i = 0; i < items; i++) {
      const char *item = fix_node_text(site, ts_node_named_child(p.cmd, i), &len);
      if (i) fix_text_str(&t, ", ");
      fix_text_add(&t, item, len);
    }
  }
  for (size_t i = 0; i < p.passthrough_count; i++) {
    const char *kw = fix_node_text(site, p.passthrough[i], &len);
    fix_text_str(&t, ", ");
    fix_text_add(&t, kw, len);
  }
  if (p.capture) fix_text_printf(&t, ", stdout=%s.subprocess.PIPE, stderr=%s.subprocess.PIPE", ns, ns);
  if (p.kind == PROC_CHECK_OUTPUT) fix_text_printf(&t, ", stdout=%s.subprocess.PIPE", ns);
  if (!ts_node_is_null(p.input)) fix_text_printf(&t, ", stdin=%s.subprocess.PIPE", ns);
  fix_text_str(&t, ")");

  const char *tgt = NULL;
  int tgt_len = 0;
  if (!ts_node_is_null(target)) {
    tgt = fix_node_text(site, target, &len);
    tgt_len = (int)len;
  }
  const char *input = "";
  int input_len = 0;
  if (!ts_node_is_null(p.input)) {
    input = fix_node_text(site, p.input, &len);
    input_len = (int)len;
  }
#define LINE(...)                                                                                \
  do {                                                                                           \
    fix_text_printf(&t, "%s%.*s", eol, indent_len, indent);                                      \
    fix_text_printf(&t, __VA_ARGS__);                                                            \
  } while (0)
  switch (p.kind) {
  case PROC_RUN:
    LINE("%s = await %s.communicate(%.*s)", output, proc, input_len, input);
    if (tgt) {
      LINE("%.*s = %s.CompletedProcess(%.*s, %s.returncode, *%s)", tgt_len, tgt, sp, cmd_len, cmd,
           proc, output);
      if (p.check) LINE("%.*s.check_returncode()", tgt_len, tgt);
    } else if (p.check) {
      LINE("%s.CompletedProcess(%.*s, %s.returncode, *%s).check_returncode()", sp, cmd_len, cmd,
           proc, output);
    }
    break;
  case PROC_CALL:
  case PROC_SYSTEM:
    if (tgt)
      LINE("%.*s = await %s.wait()", tgt_len, tgt, proc);
    else
      LINE("await %s.wait()", proc);
    break;
  case PROC_CHECK_CALL:
    LINE("await %s.wait()", proc);
    LINE("%s.CompletedProcess(%.*s, %s.returncode).check_returncode()", sp, cmd_len, cmd, proc);
    if (tgt) LINE("%.*s = %s.returncode", tgt_len, tgt, proc);
    break;
  case PROC_CHECK_OUTPUT:
    LINE("%s = await %s.communicate(%.*s)", output, proc, input_len, input);
    LINE("%s.CompletedProcess(%.*s, %s.returncode, *%s).check_returncode()", sp, cmd_len, cmd,
         proc, output);
    if (tgt) LINE("%.*s = %s[0]", tgt_len, tgt, output);
    break;
  }
#undef LINE
  char *text = fix_text_take(&t);
  int rc = text ? fix_edit(fix, stmt_start, ts_node_end_byte(stmt), text) : -1;
  free(text);
  return fix_settle(out, fix, rc < 0 ? -1 : 0);
}
