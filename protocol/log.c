#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static log_level current = LOG_LEVEL_WARN;

static const char *const names[] = {
  [LOG_LEVEL_OFF] = "off",
  [LOG_LEVEL_ERROR] = "error",
  [LOG_LEVEL_WARN] = "warn",
  [LOG_LEVEL_INFO] = "info",
  [LOG_LEVEL_DEBUG] = "debug",
};

void log_set_level(log_level level)
{
  current = level;
}

log_level log_get_level(void)
{
  return current;
}

int log_enabled(log_level level)
{
  return level != LOG_LEVEL_OFF && level <= current;
}

static int same_ignoring_case(const char *a, const char *lower)
{
  for (; *a && *lower; a++, lower++) {
    char c = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
    if (c != *lower) return 0;
  }
  return *a == '\0' && *lower == '\0';
}

int log_level_from_name(const char *name, log_level *level)
{
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (same_ignoring_case(name, names[i])) {
      *level = (log_level)i;
      return 0;
    }
  }
  return -1;
}

/* Builds the whole line and writes it with one call, so that it does not
 * interleave with output from another process sharing stderr. */
static void emit(log_level level, const char *fmt, va_list ap)
{
  if (!log_enabled(level)) return;
  int saved = errno;
  char stack[512];
  int head = snprintf(stack, sizeof stack, "asyncradar: %s: ", names[level]);
  va_list copy;
  va_copy(copy, ap);
  int body = head < 0 ? -1 : vsnprintf(stack + head, sizeof stack - (size_t)head, fmt, copy);
  va_end(copy);
  if (body >= 0) {
    size_t total = (size_t)head + (size_t)body + 1;
    char *line = stack;
    char *heap = NULL;
    if (total >= sizeof stack) {
      heap = malloc(total + 1);
      if (heap) {
        memcpy(heap, stack, (size_t)head);
        vsnprintf(heap + head, (size_t)body + 1, fmt, ap);
        line = heap;
      } else {
        total = sizeof stack - 1; /* a truncated message beats none */
      }
    }
    line[total - 1] = '\n';
    fwrite(line, 1, total, stderr);
    fflush(stderr);
    free(heap);
  }
  errno = saved;
}

#define LOG_FUNCTION(name, level)  \
  void name(const char *fmt, ...)  \
  {                                \
    va_list ap;                    \
    va_start(ap, fmt);             \
    emit(level, fmt, ap);          \
    va_end(ap);                    \
  }

LOG_FUNCTION(log_error, LOG_LEVEL_ERROR)
LOG_FUNCTION(log_warn, LOG_LEVEL_WARN)
LOG_FUNCTION(log_info, LOG_LEVEL_INFO)
LOG_FUNCTION(log_debug, LOG_LEVEL_DEBUG)
