#ifndef AR_CATALOGUE_H
#define AR_CATALOGUE_H

/*
 * The data side of the analysis: which codes exist (rules.def) and which
 * resolved callees are blocking (calls.def). The mechanism that resolves a
 * call to a qualified name lives in scope.c / unit.c and only asks here.
 */

#include <stdbool.h>
#include <stddef.h>

typedef enum {
  AR_CAT_CONFIGURED, /* the user's extra-blocking-calls */
  AR_CAT_SLEEP,
  AR_CAT_HTTP,
  AR_CAT_PROCESS,
  AR_CAT_FILE,
  AR_CAT_INPUT,
  AR_CAT_NETWORK,
  AR_CAT_DATABASE,
  AR_CAT_SYNC, /* thread synchronisation primitives */
  AR_CAT_LOOP, /* a nested event loop */
  AR_CAT_CPU,  /* CPU-bound work */
  AR_CAT_HELPER, /* a function of the project that makes blocking calls */
  AR_CAT_FRAMEWORK, /* a web framework's handler that should be a plain def */
} ar_category;

typedef enum { AR_SEV_ERROR = 1, AR_SEV_WARNING, AR_SEV_INFORMATION, AR_SEV_HINT } ar_severity;

/* Argument conditions some calls need before they count as blocking. */
typedef enum {
  AR_ARGS_ANY,
  AR_ARGS_SPAWN_NOWAIT, /* first argument is os.P_NOWAIT / os.P_NOWAITO */
  AR_ARGS_SPAWN_WAIT,   /* anything else, including no mode at all */
  AR_ARGS_HTTP_METHOD,  /* first argument is a string literal naming an HTTP method */
  AR_ARGS_NOT_NUMERIC,  /* no argument names a numeric-host flag and the host is not an
                           address literal or None: numeric-only lookups never reach DNS
                           (`socket.NI_NUMERICHOST`, `AI_NUMERICHOST`, `"127.0.0.1"`) */
  AR_ARGS_MAY_BLOCK,    /* not told to return at once: no literal `False` or `0` positional
                           argument, `block=` / `blocking=` / `wait=False`, `timeout=0` */
  AR_ARGS_SOME,         /* at least one argument (a client constructor given a host connects) */
} ar_arg_check;

typedef enum {
#define AR_RULE(id, code, category, severity, why, instead) AR_RULE_##id,
#include "rules.def"
#undef AR_RULE
  AR_RULE_COUNT
} ar_rule_id;

typedef struct {
  ar_rule_id id;
  const char *code;
  ar_category category;
  ar_severity severity;
  const char *why;
  const char *instead;
} ar_rule;

/* What the mechanism could see of a call's arguments, for ar_arg_check. */
typedef struct {
  bool nowait_mode; /* an os.spawn* mode (first argument or `mode=`) that returns at once */
  bool first_is_http_method;
  bool mentions_numeric_flag; /* also set when the first argument is an address literal */
  bool says_nonblocking; /* see AR_ARGS_MAY_BLOCK */
  bool has_args;
} ar_call_args;

/* Whether `check` holds for `args` (also used by the per-type table). */
bool ar_args_match(ar_arg_check check, const ar_call_args *args);

const ar_rule *ar_rule_get(ar_rule_id id);
/* NULL when no rule has that code. */
const ar_rule *ar_rule_by_code(const char *code);
const char *ar_category_name(ar_category category);

/*
 * The rule a call to `qualified` triggers, or NULL when the callee is not
 * blocking (or its arguments rule it out).
 */
const ar_rule *ar_catalogue_match(const char *qualified, const ar_call_args *args);

/* True when `qualified` is in the catalogue under any argument condition:
 * lets the caller look at the arguments only for such calls. */
bool ar_catalogue_contains(const char *qualified);

/* True when calls.def lists `wrapper` as making its argument's `rule`
 * finding async (AR_WRAPS): `trio.wrap_file(open(p))`. */
bool ar_catalogue_wraps(const char *wrapper, const ar_rule *rule);

#endif
