/*
 * subprocess.run / call / check_call / check_output in trio and anyio code
 * -> `await trio.run_process(...)` / `await anyio.run_process(...)`, an
 * expression like the original, so it works wherever await does.
 *
 * Both differ from subprocess.run in their defaults, which the rewrite
 * spells out: they raise CalledProcessError unless told `check=False`
 * (subprocess.run does not), trio feeds the child an empty stdin unless
 * told `stdin=None` (the original inherits it), anyio captures stdout and
 * stderr unless told `None`. What they raise and return is what the
 * original did: CompletedProcess(args, returncode, stdout, stderr) with the
 * command object as given, CalledProcessError(returncode, args, output,
 * stderr). Only argument shapes that map one to one are rewritten: a list
 * or tuple literal command (a string one with shell=True), streams spelled
 * subprocess.PIPE / DEVNULL / STDOUT or None, cwd and env; text mode,
 * timeouts and everything else get the worker-thread fix only.
 *
 * anyio 3 (Debian 12) has no stdin argument: a child started without input
 * reads an empty stdin (/dev/null) rather than the parent's, the one
 * difference left, which docs/fixes.md states.
 */

#include <stdlib.h>
#include <string.h>

#include "fix_rewrite.h"

typedef enum { RUN, CALL, CHECK_CALL, CHECK_OUTPUT } run_kind;

/* What the original call asks for, read from its arguments. */
typedef struct {
  run_kind kind;
  TSNode cmd;
  bool shell;
  int check; /* -1: the callee's default */
  bool capture_out, capture_err, stdout_given, stderr_given, stdin_given, input_given;
} run_call;

static const struct {
  const char *callee;
  run_kind kind;
} callees[] = {
    {"subprocess.run", RUN},
    {"subprocess.call", CALL},
    {"subprocess.check_call", CHECK_CALL},
    {"subprocess.check_output", CHECK_OUTPUT},
};

static int literal_bool(TSNode n) {
  if (fix_node_is(n, "true")) return 1;
  if (fix_node_is(n, "false")) return 0;
  return -1;
}

/* A stream value the rewrite can carry: subprocess.<one of allowed> or None. */
static bool stream_is(const fix_site *site, TSNode value, const char *const *allowed, size_t n) {
  if (fix_node_is(value, "none")) return true;
  for (size_t i = 0; i < n; i++)
    if (fix_text_is(site, value, allowed[i])) return true;
  return false;
}

/* Appends `, ` between arguments. */
static void arg_sep(fix_text *t, bool *first) {
  if (!*first) fix_text_str(t, ", ");
  *first = false;
}

static void add_node(const fix_site *site, fix_text *t, TSNode n) {
  size_t len;
  const char *text = fix_node_text(site, n, &len);
  fix_text_add(t, text, len);
}

/*
 * The new call's arguments into t, each original argument translated in
 * place (so they are evaluated in the same order) and the library's
 * differing defaults appended. 1 when an argument has no faithful
 * translation.
 */
static int translate(const fix_site *site, run_call *r, fix_text *t) {
  static const char *const out_streams[] = {"subprocess.DEVNULL"};
  static const char *const err_streams[] = {"subprocess.DEVNULL", "subprocess.STDOUT"};
  bool trio = site->lib == AR_LIB_TRIO, first = true;
  uint32_t n = ts_node_named_child_count(site->args);
  for (uint32_t i = 0; i < n; i++) {
    TSNode arg = ts_node_named_child(site->args, i);
    if (!fix_node_is(arg, "keyword_argument")) {
      if (!ts_node_is_null(r->cmd) || fix_node_is(arg, "list_splat") ||
          fix_node_is(arg, "dictionary_splat"))
        return 1;
      r->cmd = arg;
      arg_sep(t, &first);
      add_node(site, t, arg);
      continue;
    }
    TSNode name = ts_node_child_by_field_name(arg, "name", 4);
    TSNode value = ts_node_child_by_field_name(arg, "value", 5);
    int flag = literal_bool(value);
    if (ts_node_is_null(r->cmd)) return 1; /* keywords before the command */
    if (fix_text_is(site, name, "shell") && flag >= 0) {
      r->shell = flag;
      if (trio) arg_sep(t, &first), add_node(site, t, arg); /* anyio: the command's type says */
    } else if (fix_text_is(site, name, "check") && r->kind == RUN && flag >= 0) {
      r->check = flag;
    } else if (fix_text_is(site, name, "capture_output") && r->kind == RUN && flag >= 0) {
      if (flag && (r->stdout_given || r->stderr_given)) return 1;
      if (flag) {
        r->capture_out = r->capture_err = r->stdout_given = r->stderr_given = true;
        if (trio) arg_sep(t, &first), fix_text_str(t, "capture_stdout=True, capture_stderr=True");
      }
    } else if (fix_text_is(site, name, "stdout") && r->kind != CHECK_OUTPUT && !r->stdout_given) {
      r->stdout_given = true;
      if (fix_text_is(site, value, "subprocess.PIPE")) {
        r->capture_out = true;
        if (trio) arg_sep(t, &first), fix_text_str(t, "capture_stdout=True");
      } else if (stream_is(site, value, out_streams, 1)) {
        arg_sep(t, &first), add_node(site, t, arg);
      } else {
        return 1;
      }
    } else if (fix_text_is(site, name, "stderr") && !r->stderr_given) {
      r->stderr_given = true;
      if (fix_text_is(site, value, "subprocess.PIPE")) {
        r->capture_err = true;
        if (trio) arg_sep(t, &first), fix_text_str(t, "capture_stderr=True");
      } else if (stream_is(site, value, err_streams, 2)) {
        arg_sep(t, &first), add_node(site, t, arg);
      } else {
        return 1;
      }
    } else if (fix_text_is(site, name, "input") && (r->kind == RUN || r->kind == CHECK_OUTPUT)) {
      r->input_given = true;
      arg_sep(t, &first);
      fix_text_str(t, trio ? "stdin=" : "input=");
      add_node(site, t, value);
    } else if (fix_text_is(site, name, "stdin") && !r->stdin_given &&
               (fix_node_is(value, "none") || fix_text_is(site, value, "subprocess.DEVNULL"))) {
      /* anyio's child reads /dev/null unless given input: DEVNULL is kept
       * by leaving it out, the parent's stdin (None) cannot be. */
      r->stdin_given = true;
      if (!trio && fix_node_is(value, "none")) return 1;
      if (trio) arg_sep(t, &first), add_node(site, t, arg);
    } else if (fix_text_is(site, name, "cwd") || fix_text_is(site, name, "env")) {
      arg_sep(t, &first), add_node(site, t, arg);
    } else {
      return 1; /* text mode, timeout, ...: no run_process equivalent */
    }
  }
  if (ts_node_is_null(r->cmd)) return 1;
  /* A list with shell=True runs its first item through the shell with the
   * rest as the shell's arguments, a string without it names a program:
   * run_process refuses both (trio) or does something else (anyio). A
   * command in a variable could be either. */
  bool sequence = fix_node_is(r->cmd, "list") || fix_node_is(r->cmd, "tuple");
  bool string = fix_node_is(r->cmd, "string") || fix_node_is(r->cmd, "concatenated_string");
  if (r->shell ? !string : !(sequence && ts_node_named_child_count(r->cmd) > 0)) return 1;
  /* The originals refuse these combinations; keep them failing. */
  if (r->input_given && r->stdin_given) return 1;

  if (r->kind == CHECK_OUTPUT) {
    r->capture_out = true;
    if (trio) arg_sep(t, &first), fix_text_str(t, "capture_stdout=True");
  }
  if (trio && !r->input_given && !r->stdin_given) arg_sep(t, &first), fix_text_str(t, "stdin=None");
  if (!trio && !r->stdout_given && r->kind != CHECK_OUTPUT)
    arg_sep(t, &first), fix_text_str(t, "stdout=None");
  if (!trio && !r->stderr_given) arg_sep(t, &first), fix_text_str(t, "stderr=None");
  bool checks = r->kind == CHECK_CALL || r->kind == CHECK_OUTPUT || (r->kind == RUN && r->check == 1);
  if (!checks) arg_sep(t, &first), fix_text_str(t, "check=False");
  return 0;
}

int fix_rewrite_run_process(const fix_site *site, ar_fix_list *out) {
  run_call r = {.kind = RUN, .check = -1};
  bool known = false;
  for (size_t i = 0; i < sizeof callees / sizeof callees[0] && !known; i++)
    if (strcmp(site->finding->callee, callees[i].callee) == 0) {
      r.kind = callees[i].kind;
      known = true;
    }
  if (!known || (site->lib != AR_LIB_TRIO && site->lib != AR_LIB_ANYIO) ||
      !fix_node_is(site->args, "argument_list") || !fix_await_allowed(site) ||
      fix_contains_kind(site->call, "comment"))
    return 0;
  fix_text args = {0};
  int rc = translate(site, &r, &args);
  char *args_s = fix_text_take(&args);
  if (rc != 0 || !args_s) {
    free(args_s);
    return args_s || rc ? 0 : -1;
  }
  const char *lib = ar_library_name(site->lib);
  ar_fix *fix = fix_begin(out, AR_FIX_UNSAFE, true, "Run with await %s.run_process", lib);
  const char *ns = fix ? fix_module_name(site, fix, lib) : NULL;
  if (!fix || !ns) {
    free(args_s);
    return fix ? fix_settle(out, fix, -1) : -1;
  }
  /* The value the original had: the output, the return code (0 for
   * check_call, which raises otherwise), or the CompletedProcess. A bare
   * statement keeps none. */
  TSNode parent = site->path[site->depth - 2];
  bool used = !fix_node_is(parent, "expression_statement");
  const char *member = !used                  ? NULL
                       : r.kind == CHECK_OUTPUT ? "stdout"
                       : r.kind == RUN          ? NULL
                                                : "returncode";
  bool parens = member || fix_needs_parens(site);
  fix_text t = {0};
  fix_text_printf(&t, "%sawait %s.run_process(%s)%s", parens ? "(" : "", ns, args_s,
                  parens ? ")" : "");
  if (member) fix_text_printf(&t, ".%s", member);
  free(args_s);
  char *text = fix_text_take(&t);
  rc = text ? fix_edit(fix, ts_node_start_byte(site->call), ts_node_end_byte(site->call), text)
            : -1;
  free(text);
  return fix_settle(out, fix, rc < 0 ? -1 : 0);
}
