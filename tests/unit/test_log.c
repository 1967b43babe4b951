#include "check.h"
#include "log.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

/* Runs the logging calls with stderr sent to a pipe; returns what came out. */
static char captured[8192];

static const char *capture(void (*body)(void))
{
  int fds[2];
  int saved = dup(2);
  if (saved < 0 || pipe(fds) != 0) abort();
  fflush(stderr);
  dup2(fds[1], 2);
  close(fds[1]);
  body();
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  ssize_t n = read(fds[0], captured, sizeof captured - 1);
  close(fds[0]);
  captured[n > 0 ? n : 0] = '\0';
  return captured;
}

static void at_default_level(void)
{
  log_error("disk %s", "full");
  log_warn("slow: %d ms", 250);
  log_info("hidden");
  log_debug("hidden too");
}

static void at_debug_level(void)
{
  log_set_level(LOG_LEVEL_DEBUG);
  log_info("i=%d", 1);
  log_debug("d");
  log_set_level(LOG_LEVEL_OFF);
  log_error("nothing when off");
}

static char long_message[3000];

static void long_line(void)
{
  log_set_level(LOG_LEVEL_ERROR);
  log_error("%s|", long_message);
}

static void test_levels(void)
{
  log_level level = LOG_LEVEL_OFF;
  CHECK(log_level_from_name("error", &level) == 0 && level == LOG_LEVEL_ERROR);
  CHECK(log_level_from_name("warn", &level) == 0 && level == LOG_LEVEL_WARN);
  CHECK(log_level_from_name("INFO", &level) == 0 && level == LOG_LEVEL_INFO);
  CHECK(log_level_from_name("debug", &level) == 0 && level == LOG_LEVEL_DEBUG);
  CHECK(log_level_from_name("off", &level) == 0 && level == LOG_LEVEL_OFF);
  CHECK_EQ(log_level_from_name("warning", &level), -1);
  CHECK_EQ(log_level_from_name("", &level), -1);
  CHECK_EQ(level, LOG_LEVEL_OFF);
  CHECK_EQ(log_get_level(), LOG_LEVEL_WARN);
}

static void test_output(void)
{
  CHECK_STR(capture(at_default_level), "asyncradar: error: disk full\nasyncradar: warn: slow: 250 ms\n");
  CHECK_STR(capture(at_debug_level), "asyncradar: info: i=1\nasyncradar: debug: d\n");
  CHECK(!log_enabled(LOG_LEVEL_ERROR));

  memset(long_message, 'z', sizeof long_message - 1);
  const char *out = capture(long_line);
  CHECK_EQ(strlen(out), strlen("asyncradar: error: ") + sizeof long_message - 1 + 2);
  CHECK(strncmp(out, "asyncradar: error: zzz", 22) == 0);
  CHECK(strcmp(out + strlen(out) - 3, "z|\n") == 0);

  errno = ERANGE;
  log_error("keeps errno");
  CHECK_EQ(errno, ERANGE);
}

int main(void)
{
  RUN(test_levels);
  RUN(test_output);
  return check_report("test_log");
}
