#ifndef AR_TESTS_CHECK_H
#define AR_TESTS_CHECK_H

/*
 * Minimal assertions for the unit tests. A failed check prints where it is,
 * what it compared and the current context, then lets the test go on so one
 * run shows every failure; check_report() turns any failure into exit 1.
 *
 *   RUN(test_fn);                       names the test in failure output
 *   CHECK(cond)  CHECK_EQ(a, b)          integers, compared as long long
 *   CHECK_STR(a, b)                      NUL-terminated strings (NULL ok)
 *   CHECK_MEM(ptr, len, "literal")       bytes against a string literal
 *   check_context("chunk %zu", n);      extra text for the next failures
 *   return check_report("name");        at the end of main
 *
 * Every CHECK evaluates to 1 when it passed, so a test can stop early:
 *   if (!CHECK(p != NULL)) return;
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int check_total_;
static int check_failures_;
static const char *check_test_ = "";
static char check_context_[256];

static inline void check_context(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void check_context(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(check_context_, sizeof check_context_, fmt, ap);
  va_end(ap);
}

static inline int check_fail_(const char *file, int line)
{
  check_failures_++;
  fprintf(stderr, "%s:%d: in %s%s%s: ", file, line, check_test_, check_context_[0] ? ", " : "",
          check_context_);
  return 0;
}

static inline int check_bool_(int ok, const char *expr, const char *file, int line)
{
  check_total_++;
  if (ok) return 1;
  check_fail_(file, line);
  fprintf(stderr, "CHECK(%s) failed\n", expr);
  return 0;
}

static inline int check_eq_(long long a, long long b, const char *ea, const char *eb, const char *file,
                            int line)
{
  check_total_++;
  if (a == b) return 1;
  check_fail_(file, line);
  fprintf(stderr, "CHECK_EQ(%s, %s) failed: %lld != %lld\n", ea, eb, a, b);
  return 0;
}

static inline void check_print_bytes_(const char *s, size_t n)
{
  fputc('"', stderr);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\\' || c == '"') {
      fprintf(stderr, "\\%c", c);
    } else if (c >= 0x20 && c < 0x7f) {
      fputc(c, stderr);
    } else {
      fprintf(stderr, "\\x%02x", c);
    }
  }
  fputc('"', stderr);
}

static inline int check_mem_(const char *a, size_t na, const char *b, size_t nb, const char *ea,
                             const char *eb, const char *file, int line)
{
  check_total_++;
  if (a && b && na == nb && memcmp(a, b, na) == 0) return 1;
  if (!a && !b) return 1;
  check_fail_(file, line);
  fprintf(stderr, "%s == %s failed:\n  got      ", ea, eb);
  if (a) check_print_bytes_(a, na); else fputs("NULL", stderr);
  fputs("\n  expected ", stderr);
  if (b) check_print_bytes_(b, nb); else fputs("NULL", stderr);
  fputc('\n', stderr);
  return 0;
}

static inline int check_str_(const char *a, const char *b, const char *ea, const char *eb,
                             const char *file, int line)
{
  return check_mem_(a, a ? strlen(a) : 0, b, b ? strlen(b) : 0, ea, eb, file, line);
}

static inline int check_report(const char *name)
{
  fprintf(stderr, "%s: %d passed, %d failed\n", name, check_total_ - check_failures_, check_failures_);
  return check_failures_ ? 1 : 0;
}

#define CHECK(cond) check_bool_((cond) != 0, #cond, __FILE__, __LINE__)
#define CHECK_EQ(a, b) check_eq_((long long)(a), (long long)(b), #a, #b, __FILE__, __LINE__)
#define CHECK_STR(a, b) check_str_((a), (b), #a, #b, __FILE__, __LINE__)
#define CHECK_MEM(ptr, len, lit) check_mem_((ptr), (len), (lit), sizeof(lit) - 1, #ptr, #lit, __FILE__, __LINE__)
#define RUN(fn) (check_test_ = #fn, check_context_[0] = '\0', fn())

#endif
