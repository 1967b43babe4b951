#include "check.h"
#include "position.h"

#include <stdint.h>
#include <stdlib.h>

/* a, U+20AC (3 bytes, 1 UTF-16 unit), U+1D11E (4 bytes, a surrogate pair), b */
static const char mixed[] = "a\xE2\x82\xAC\xF0\x9D\x84\x9E" "b";
#define MIXED_LEN ((uint32_t)(sizeof mixed - 1))

static void test_encoding_names(void)
{
  pos_encoding enc = POS_UTF16;
  CHECK_STR(pos_encoding_name(POS_UTF8), "utf-8");
  CHECK_STR(pos_encoding_name(POS_UTF16), "utf-16");
  CHECK_STR(pos_encoding_name(POS_UTF32), "utf-32");
  CHECK(pos_encoding_from_name("utf-8", &enc) == 0 && enc == POS_UTF8);
  CHECK(pos_encoding_from_name("utf-32", &enc) == 0 && enc == POS_UTF32);
  CHECK(pos_encoding_from_name("utf-16", &enc) == 0 && enc == POS_UTF16);
  CHECK_EQ(pos_encoding_from_name("utf8", &enc), -1);
  CHECK_EQ(pos_encoding_from_name("", &enc), -1);
  CHECK_EQ(enc, POS_UTF16);
}

static void test_units_to_bytes(void)
{
  /* UTF-16: unit 3 is the middle of the surrogate pair and rounds down. */
  static const uint32_t utf16[] = {0, 1, 4, 4, 8, 9, 9};
  for (uint32_t u = 0; u < sizeof utf16 / sizeof utf16[0]; u++) {
    check_context("utf-16 unit %u", u);
    CHECK_EQ(pos_units_to_bytes(mixed, MIXED_LEN, u, POS_UTF16), utf16[u]);
  }
  static const uint32_t utf32[] = {0, 1, 4, 8, 9, 9};
  for (uint32_t u = 0; u < sizeof utf32 / sizeof utf32[0]; u++) {
    check_context("utf-32 unit %u", u);
    CHECK_EQ(pos_units_to_bytes(mixed, MIXED_LEN, u, POS_UTF32), utf32[u]);
  }
  /* UTF-8: byte counts inside a character round down to its start. */
  static const uint32_t utf8[] = {0, 1, 1, 1, 4, 4, 4, 4, 8, 9, 9};
  for (uint32_t u = 0; u < sizeof utf8 / sizeof utf8[0]; u++) {
    check_context("utf-8 unit %u", u);
    CHECK_EQ(pos_units_to_bytes(mixed, MIXED_LEN, u, POS_UTF8), utf8[u]);
  }
  check_context("%s", "");
  CHECK_EQ(pos_units_to_bytes(mixed, MIXED_LEN, UINT32_MAX, POS_UTF16), MIXED_LEN);
  /* line_len clamps even when the buffer goes on. */
  CHECK_EQ(pos_units_to_bytes(mixed, 4, 100, POS_UTF16), 4);
  CHECK_EQ(pos_units_to_bytes("", 0, 5, POS_UTF16), 0);
  /* A character cut by line_len is invalid bytes, one unit each. */
  CHECK_EQ(pos_units_to_bytes(mixed, 6, 2, POS_UTF16), 4);
  CHECK_EQ(pos_units_to_bytes(mixed, 6, 3, POS_UTF16), 5);
  CHECK_EQ(pos_units_to_bytes(mixed, 6, 4, POS_UTF16), 6);

  /* Invalid bytes: one code point (and one UTF-16 unit) each. */
  static const char bad[] = "a\xff\xE2\x82z\xED\xA0\x80!";
  uint32_t bad_len = sizeof bad - 1;
  CHECK_EQ(pos_units_to_bytes(bad, bad_len, 2, POS_UTF16), 2);
  CHECK_EQ(pos_units_to_bytes(bad, bad_len, 4, POS_UTF16), 4);
  CHECK_EQ(pos_units_to_bytes(bad, bad_len, 5, POS_UTF16), 5);
  CHECK_EQ(pos_units_to_bytes(bad, bad_len, 8, POS_UTF32), 8);
  CHECK_EQ(pos_units_to_bytes(bad, bad_len, 3, POS_UTF8), 3);
  CHECK_EQ(pos_bytes_to_units(bad, bad_len, POS_UTF16), 9);
  CHECK_EQ(pos_bytes_to_units(bad, bad_len, POS_UTF8), 9);
}

static void test_bytes_to_units(void)
{
  static const uint32_t bytes[] = {0, 1, 4, 8, 9};
  static const uint32_t utf16[] = {0, 1, 2, 4, 5};
  static const uint32_t utf32[] = {0, 1, 2, 3, 4};
  for (size_t i = 0; i < sizeof bytes / sizeof bytes[0]; i++) {
    check_context("byte %u", bytes[i]);
    CHECK_EQ(pos_bytes_to_units(mixed, bytes[i], POS_UTF16), utf16[i]);
    CHECK_EQ(pos_bytes_to_units(mixed, bytes[i], POS_UTF32), utf32[i]);
    CHECK_EQ(pos_bytes_to_units(mixed, bytes[i], POS_UTF8), bytes[i]);
    /* And back. */
    CHECK_EQ(pos_units_to_bytes(mixed, MIXED_LEN, utf16[i], POS_UTF16), bytes[i]);
    CHECK_EQ(pos_units_to_bytes(mixed, MIXED_LEN, utf32[i], POS_UTF32), bytes[i]);
  }
  check_context("%s", "");
}

static pos_lines *lines_of(const char *text)
{
  return pos_lines_new(text, (uint32_t)strlen(text));
}

/* Checks the line starts of text against want (count entries). */
static void expect_starts(const char *text, const uint32_t *want, uint32_t count)
{
  check_context("text of %zu bytes", strlen(text));
  pos_lines *l = lines_of(text);
  if (!CHECK(l != NULL)) return;
  CHECK_EQ(pos_lines_count(l), count);
  for (uint32_t i = 0; i < count && i < pos_lines_count(l); i++) CHECK_EQ(pos_line_start(l, i), want[i]);
  pos_lines_free(l);
  check_context("%s", "");
}

#define EXPECT_STARTS(text, ...)                                                     \
  do {                                                                               \
    static const uint32_t want_[] = {__VA_ARGS__};                                   \
    expect_starts(text, want_, (uint32_t)(sizeof want_ / sizeof want_[0]));          \
  } while (0)

static void test_line_index(void)
{
  EXPECT_STARTS("", 0);
  EXPECT_STARTS("abc", 0);
  EXPECT_STARTS("\n", 0, 1);
  EXPECT_STARTS("\r", 0, 1);
  EXPECT_STARTS("\r\n", 0, 2);
  EXPECT_STARTS("\n\r", 0, 1, 2);
  EXPECT_STARTS("\r\r\n", 0, 1, 3);
  EXPECT_STARTS("a\nb\r\nc\rd", 0, 2, 5, 7);
  EXPECT_STARTS("\r\n\r\n\n\r\r", 0, 2, 4, 5, 6, 7);

  static const char text[] = "a\nb\r\nc\rd";
  uint32_t len = sizeof text - 1;
  pos_lines *l = pos_lines_new(text, len);
  if (!CHECK(l != NULL)) return;
  CHECK_EQ(pos_line_content_end(l, text, len, 0), 1);
  CHECK_EQ(pos_line_content_end(l, text, len, 1), 3);
  CHECK_EQ(pos_line_content_end(l, text, len, 2), 6);
  CHECK_EQ(pos_line_content_end(l, text, len, 3), 8);
  CHECK_EQ(pos_line_content_end(l, text, len, 99), 8);
  CHECK_EQ(pos_line_start(l, 99), 7);
  static const uint32_t line_of[] = {0, 0, 1, 1, 1, 2, 2, 3, 3};
  for (uint32_t b = 0; b <= len; b++) CHECK_EQ(pos_line_of(l, b), line_of[b]);
  CHECK_EQ(pos_line_of(l, 1000), 3);
  pos_lines_free(l);

  static const char crs[] = "\r\r\n";
  l = pos_lines_new(crs, 3);
  if (!CHECK(l != NULL)) return;
  CHECK_EQ(pos_line_content_end(l, crs, 3, 0), 0);
  CHECK_EQ(pos_line_content_end(l, crs, 3, 1), 1);
  CHECK_EQ(pos_line_content_end(l, crs, 3, 2), 3);
  pos_lines_free(l);
}

static void test_conversions(void)
{
  /* line 0: "x€", line 1: U+1D11E "y" (CRLF), line 2: "z" (CR), line 3: "" */
  static const char text[] = "x\xE2\x82\xAC\n\xF0\x9D\x84\x9Ey\r\nz\r";
  uint32_t len = sizeof text - 1;
  pos_lines *l = pos_lines_new(text, len);
  if (!CHECK(l != NULL)) return;
  CHECK_EQ(pos_lines_count(l), 4);
  uint32_t off = 12345;

  CHECK_EQ(pos_to_offset(l, text, len, 1, 2, POS_UTF16, &off), 0);
  CHECK_EQ(off, 9);
  CHECK_EQ(pos_to_offset(l, text, len, 1, 1, POS_UTF16, &off), 0);
  CHECK_EQ(off, 5); /* the middle of the pair rounds down */
  CHECK_EQ(pos_to_offset(l, text, len, 1, 1, POS_UTF32, &off), 0);
  CHECK_EQ(off, 9);
  CHECK_EQ(pos_to_offset(l, text, len, 1, 4, POS_UTF8, &off), 0);
  CHECK_EQ(off, 9);
  /* Past the line's end: its content end, never into the terminator. */
  CHECK_EQ(pos_to_offset(l, text, len, 1, 50, POS_UTF16, &off), 0);
  CHECK_EQ(off, 10);
  CHECK_EQ(pos_to_offset(l, text, len, 0, 1LL << 40, POS_UTF16, &off), 0);
  CHECK_EQ(off, 4);
  CHECK_EQ(pos_to_offset(l, text, len, 2, 9, POS_UTF16, &off), 0);
  CHECK_EQ(off, 13);
  CHECK_EQ(pos_to_offset(l, text, len, 3, 0, POS_UTF16, &off), 0);
  CHECK_EQ(off, 14);
  /* Past the last line: the end of the text. */
  CHECK_EQ(pos_to_offset(l, text, len, 4, 0, POS_UTF16, &off), 0);
  CHECK_EQ(off, len);
  CHECK_EQ(pos_to_offset(l, text, len, 1LL << 40, 3, POS_UTF16, &off), 0);
  CHECK_EQ(off, len);
  /* Negative: rejected, *offset untouched. */
  off = 777;
  CHECK_EQ(pos_to_offset(l, text, len, -1, 0, POS_UTF16, &off), -1);
  CHECK_EQ(pos_to_offset(l, text, len, 0, -1, POS_UTF16, &off), -1);
  CHECK_EQ(pos_to_offset(l, text, len, INT64_MIN, INT64_MIN, POS_UTF8, &off), -1);
  CHECK_EQ(off, 777);

  uint32_t line = 99;
  uint32_t ch = 99;
  pos_from_offset(l, text, len, 9, POS_UTF16, &line, &ch);
  CHECK(line == 1 && ch == 2);
  pos_from_offset(l, text, len, 9, POS_UTF8, &line, &ch);
  CHECK(line == 1 && ch == 4);
  pos_from_offset(l, text, len, 7, POS_UTF16, &line, &ch); /* inside U+1D11E */
  CHECK(line == 1 && ch == 0);
  pos_from_offset(l, text, len, 3, POS_UTF32, &line, &ch); /* inside the euro sign */
  CHECK(line == 0 && ch == 1);
  pos_from_offset(l, text, len, 11, POS_UTF16, &line, &ch); /* the LF of CRLF */
  CHECK(line == 1 && ch == 3);
  pos_from_offset(l, text, len, 10, POS_UTF16, &line, &ch); /* the CR of CRLF */
  CHECK(line == 1 && ch == 3);
  pos_from_offset(l, text, len, 13, POS_UTF16, &line, &ch); /* lone CR */
  CHECK(line == 2 && ch == 1);
  pos_from_offset(l, text, len, 14, POS_UTF16, &line, &ch);
  CHECK(line == 3 && ch == 0);
  pos_from_offset(l, text, len, 5000, POS_UTF16, &line, &ch);
  CHECK(line == 3 && ch == 0);
  pos_lines_free(l);
}

static void test_bom(void)
{
  static const char text[] = "\xEF\xBB\xBFx\ny";
  uint32_t len = sizeof text - 1;
  pos_lines *l = pos_lines_new(text, len);
  if (!CHECK(l != NULL)) return;
  CHECK_EQ(pos_lines_count(l), 2);
  uint32_t off = 0;
  uint32_t line = 9;
  uint32_t ch = 9;
  CHECK_EQ(pos_to_offset(l, text, len, 0, 1, POS_UTF16, &off), 0);
  CHECK_EQ(off, 3);
  CHECK_EQ(pos_to_offset(l, text, len, 0, 2, POS_UTF32, &off), 0);
  CHECK_EQ(off, 4);
  CHECK_EQ(pos_to_offset(l, text, len, 0, 3, POS_UTF8, &off), 0);
  CHECK_EQ(off, 3);
  CHECK_EQ(pos_to_offset(l, text, len, 0, 1, POS_UTF8, &off), 0);
  CHECK_EQ(off, 0);
  pos_from_offset(l, text, len, 3, POS_UTF16, &line, &ch);
  CHECK(line == 0 && ch == 1);
  pos_from_offset(l, text, len, 4, POS_UTF8, &line, &ch);
  CHECK(line == 0 && ch == 4);
  pos_from_offset(l, text, len, 0, POS_UTF16, &line, &ch);
  CHECK(line == 0 && ch == 0);
  pos_lines_free(l);
}

/* ---- randomized ------------------------------------------------------- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(uint32_t n)
{
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return n ? (uint32_t)(rng_state % n) : 0;
}

typedef struct {
  const char *const *pieces;
  uint32_t count;
} alphabet;

static const char *const cr_lf[] = {"\r", "\n", "a"};
static const char *const cr_lf_crlf[] = {"\r", "\n", "\r\n", "\r\r", "\n\n"};
static const char *const mixed_text[] = {"\r\n", "\r", "\n", "x", "\xC3\xA9", "\xF0\x9D\x84\x9E", "\xff", " "};
static const alphabet alphabets[] = {
  {cr_lf, 3},
  {cr_lf_crlf, 5},
  {mixed_text, 8},
};

static size_t random_text(char *out, size_t max, const alphabet *a)
{
  size_t n = 0;
  for (;;) {
    const char *p = a->pieces[rnd(a->count)];
    size_t k = strlen(p);
    if (n + k > max) return n;
    memcpy(out + n, p, k);
    n += k;
  }
}

/* Compares two indexes; returns 1 when equal. */
static int same_index(const pos_lines *got, const pos_lines *want)
{
  if (!CHECK_EQ(pos_lines_count(got), pos_lines_count(want))) return 0;
  for (uint32_t i = 0; i < pos_lines_count(want); i++) {
    if (!CHECK_EQ(pos_line_start(got, i), pos_line_start(want, i))) return 0;
  }
  return 1;
}

static void test_edit_cases(void)
{
  /* (before, start, old_end, inserted) */
  static const struct {
    const char *before;
    uint32_t start;
    uint32_t old_end;
    const char *insert;
  } cases[] = {
    {"a\r", 2, 2, "\n"},     /* LF completes a CRLF at the end */
    {"a\rb", 2, 2, "\n"},    /* ... and in the middle */
    {"a\r\nb", 2, 3, ""},    /* deleting the LF of a CRLF */
    {"a\r\nb", 1, 2, ""},    /* deleting the CR of a CRLF */
    {"a\r\nb", 2, 2, "x"},   /* splitting a CRLF */
    {"a\r\nb", 2, 2, "\r"},  /* CR CR LF */
    {"a\nb", 1, 1, "\r"},    /* CR before an existing LF */
    {"a\r\r\nb", 2, 3, ""},  /* deleting the second CR joins nothing new */
    {"\r\n\r\n", 0, 4, ""},  /* everything */
    {"", 0, 0, "\r\n\r"},    /* into an empty text */
    {"ab", 0, 0, "\n"},      /* at the very start */
    {"x\ry", 1, 2, "\r\n"},  /* CR replaced by CRLF */
  };
  char text[64];
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    check_context("edit case %zu", i);
    size_t before_len = strlen(cases[i].before);
    size_t ins = strlen(cases[i].insert);
    pos_lines *l = pos_lines_new(cases[i].before, (uint32_t)before_len);
    if (!CHECK(l != NULL)) continue;
    size_t tail = before_len - cases[i].old_end;
    memcpy(text, cases[i].before, cases[i].start);
    memcpy(text + cases[i].start, cases[i].insert, ins);
    memcpy(text + cases[i].start + ins, cases[i].before + cases[i].old_end, tail);
    uint32_t len = (uint32_t)(cases[i].start + ins + tail);
    CHECK_EQ(pos_lines_edit(l, text, len, cases[i].start, cases[i].old_end, cases[i].start + (uint32_t)ins), 0);
    pos_lines *fresh = pos_lines_new(text, len);
    if (CHECK(fresh != NULL)) same_index(l, fresh);
    pos_lines_free(fresh);
    pos_lines_free(l);
  }
  check_context("%s", "");

  /* Arguments that cannot be an edit are refused and change nothing. */
  pos_lines *l = pos_lines_new("a\nb", 3);
  if (!CHECK(l != NULL)) return;
  CHECK_EQ(pos_lines_edit(l, "a\nb", 3, 2, 1, 2), -1); /* start > old_end */
  CHECK_EQ(pos_lines_edit(l, "a\nb", 3, 2, 2, 1), -1); /* start > new_end */
  CHECK_EQ(pos_lines_edit(l, "a\nb", 3, 0, 0, 4), -1); /* new_end > new_len */
  CHECK_EQ(pos_lines_edit(l, "", 0, 0, 0, 0), -1);     /* old text shorter than indexed */
  CHECK_EQ(pos_lines_count(l), 2);
  CHECK_EQ(pos_line_start(l, 1), 2);
  pos_lines_free(l);
}

static void test_edit_random(void)
{
  enum { MAX_TEXT = 400, EDITS = 6000 };
  static char text[MAX_TEXT + 64];
  static char next[2 * MAX_TEXT + 128];
  static char insert[64];
  int checked = 0;
  for (size_t a = 0; a < sizeof alphabets / sizeof alphabets[0]; a++) {
    const alphabet *alpha = &alphabets[a];
    uint32_t len = (uint32_t)random_text(text, 40, alpha);
    pos_lines *l = pos_lines_new(text, len);
    if (!CHECK(l != NULL)) return;
    for (int e = 0; e < EDITS; e++) {
      uint32_t start = rnd(len + 1);
      uint32_t old_end = start + rnd(rnd(4) == 0 ? len - start + 1 : (len - start < 4 ? len - start : 4) + 1);
      size_t max_ins = rnd(3) == 0 ? 40 : 4;
      if (len > MAX_TEXT) max_ins = 0; /* let big texts shrink */
      size_t ins = random_text(insert, rnd((uint32_t)max_ins + 1), alpha);
      memcpy(next, text, start);
      memcpy(next + start, insert, ins);
      memcpy(next + start + ins, text + old_end, len - old_end);
      uint32_t next_len = (uint32_t)(start + ins + (len - old_end));
      memcpy(text, next, next_len);
      len = next_len;
      uint32_t new_end = start + (uint32_t)ins;

      check_context("alphabet %zu, edit %d: [%u, %u) -> %zu bytes, text %u bytes", a, e, start, old_end, ins, len);
      if (!CHECK_EQ(pos_lines_edit(l, text, len, start, old_end, new_end), 0)) break;
      pos_lines *fresh = pos_lines_new(text, len);
      if (!CHECK(fresh != NULL)) break;
      int ok = same_index(l, fresh);
      pos_lines_free(fresh);
      if (!ok) break;
      checked++;
    }
    pos_lines_free(l);
  }
  check_context("%s", "");
  CHECK_EQ(checked, 3 * EDITS);
}

/* Expected position of each offset, worked out from the pieces a text was
 * built of rather than by decoding it. */
typedef struct {
  uint32_t line;
  uint32_t ch[3]; /* indexed by pos_encoding */
  int boundary;   /* a character start outside any line terminator */
} expected_pos;

static const struct {
  const char *bytes;
  uint32_t units[3];
} oracle_pieces[] = {
  {"x", {1, 1, 1}},
  {"\xC3\xA9", {2, 1, 1}},
  {"\xF0\x9D\x84\x9E", {4, 2, 1}},
  {"\xff", {1, 1, 1}},
  {"\xEF\xBB\xBF", {3, 1, 1}},
  {"\r\n", {0, 0, 0}},
  {"\r", {0, 0, 0}},
  {"\n", {0, 0, 0}},
};

static uint32_t oracle_text(char *text, uint32_t max, expected_pos *expect)
{
  uint32_t n = 0;
  uint32_t line = 0;
  uint32_t ch[3] = {0, 0, 0};
  for (;;) {
    size_t which = rnd(sizeof oracle_pieces / sizeof oracle_pieces[0]);
    const char *bytes = oracle_pieces[which].bytes;
    uint32_t k = (uint32_t)strlen(bytes);
    if (n + k > max) break;
    memcpy(text + n, bytes, k);
    expected_pos here = {line, {ch[0], ch[1], ch[2]}, 1};
    if (bytes[0] == '\n' && n > 0 && text[n - 1] == '\r') {
      /* completes a CRLF: the CR already ended the line */
      expect[n] = expect[n - 1];
      expect[n].boundary = 0;
    } else if (bytes[0] == '\r' || bytes[0] == '\n') {
      expect[n] = here;
      if (k == 2) {
        expect[n + 1] = here;
        expect[n + 1].boundary = 0;
      }
      line++;
      ch[0] = ch[1] = ch[2] = 0;
    } else {
      for (uint32_t j = 0; j < k; j++) {
        expect[n + j] = here;
        expect[n + j].boundary = j == 0;
      }
      for (int e = 0; e < 3; e++) ch[e] += oracle_pieces[which].units[e];
    }
    n += k;
  }
  expected_pos end = {line, {ch[0], ch[1], ch[2]}, 1};
  expect[n] = end;
  return n;
}

static void test_round_trip_random(void)
{
  static char text[300];
  static expected_pos expect[301];
  static const pos_encoding encs[] = {POS_UTF8, POS_UTF16, POS_UTF32};
  int failed = 0;
  for (int round = 0; round < 300 && !failed; round++) {
    uint32_t len = oracle_text(text, sizeof text, expect);
    pos_lines *l = pos_lines_new(text, len);
    if (!CHECK(l != NULL)) return;
    for (size_t e = 0; e < 3 && !failed; e++) {
      for (uint32_t off = 0; off <= len && !failed; off++) {
        const expected_pos *want = &expect[off];
        uint32_t line = UINT32_MAX;
        uint32_t ch = UINT32_MAX;
        pos_from_offset(l, text, len, off, encs[e], &line, &ch);
        check_context("round %d, %s, offset %u", round, pos_encoding_name(encs[e]), off);
        failed |= !CHECK_EQ(line, want->line);
        failed |= !CHECK_EQ(ch, want->ch[encs[e]]);
        uint32_t back = UINT32_MAX;
        failed |= !CHECK_EQ(pos_to_offset(l, text, len, line, ch, encs[e], &back), 0);
        if (want->boundary) {
          failed |= !CHECK_EQ(back, off);
          failed |= !CHECK_EQ(pos_bytes_to_units(text + pos_line_start(l, line), off - pos_line_start(l, line), encs[e]), ch);
        } else {
          failed |= !CHECK(back < off);
        }
      }
    }
    pos_lines_free(l);
  }
  check_context("%s", "");
}

int main(void)
{
  RUN(test_encoding_names);
  RUN(test_units_to_bytes);
  RUN(test_bytes_to_units);
  RUN(test_line_index);
  RUN(test_conversions);
  RUN(test_bom);
  RUN(test_edit_cases);
  RUN(test_edit_random);
  RUN(test_round_trip_random);
  return check_report("test_position");
}
