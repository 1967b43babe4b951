#ifndef AR_PROTOCOL_LOG_H
#define AR_PROTOCOL_LOG_H

/*
 * Diagnostics on stderr, one line each: `asyncradar: <level>: message`.
 * stdout is the LSP channel, so nothing here ever writes there.
 */

#if defined(__GNUC__) || defined(__clang__)
#define LOG_PRINTF_FORMAT __attribute__((format(printf, 1, 2)))
#else
#define LOG_PRINTF_FORMAT
#endif

/* Ordered by verbosity: a level shows itself and everything before it.
 * The LOG_LEVEL_ prefix keeps clear of <syslog.h>'s LOG_INFO and LOG_DEBUG. */
typedef enum {
  LOG_LEVEL_OFF,
  LOG_LEVEL_ERROR,
  LOG_LEVEL_WARN,
  LOG_LEVEL_INFO,
  LOG_LEVEL_DEBUG,
} log_level;

/* The default is LOG_LEVEL_WARN. */
void log_set_level(log_level level);
log_level log_get_level(void);
/* Whether a message at level would be printed; for skipping costly
 * arguments. */
int log_enabled(log_level level);

/* "error", "warn", "info", "debug" or "off", any case: 0 and *level set;
 * -1 otherwise. */
int log_level_from_name(const char *name, log_level *level);

/* None of these changes errno, so they are safe in error paths. */
void log_error(const char *fmt, ...) LOG_PRINTF_FORMAT;
void log_warn(const char *fmt, ...) LOG_PRINTF_FORMAT;
void log_info(const char *fmt, ...) LOG_PRINTF_FORMAT;
void log_debug(const char *fmt, ...) LOG_PRINTF_FORMAT;

#endif
