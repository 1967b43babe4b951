#include "position.h"

#include "utf8.h"

#include <stdlib.h>
#include <string.h>

struct pos_lines {
  uint32_t *starts; /* starts[0] == 0, strictly increasing */
  uint32_t count;
  uint32_t cap;
};

const char *pos_encoding_name(pos_encoding enc)
{
  switch (enc) {
    case POS_UTF8: return "utf-8";
    case POS_UTF16: return "utf-16";
    case POS_UTF32: return "utf-32";
  }
  return "utf-16";
}

int pos_encoding_from_name(const char *name, pos_encoding *enc)
{
  static const pos_encoding all[] = {POS_UTF8, POS_UTF16, POS_UTF32};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
    if (strcmp(name, pos_encoding_name(all[i])) == 0) {
      *enc = all[i];
      return 0;
    }
  }
  return -1;
}

/* Code units of one decoded character that took n bytes. */
static uint32_t char_units(uint32_t cp, size_t n, pos_encoding enc)
{
  switch (enc) {
    case POS_UTF8: return (uint32_t)n;
    case POS_UTF16: return cp >= 0x10000 ? 2 : 1;
    case POS_UTF32: return 1;
  }
  return 1;
}

uint32_t pos_units_to_bytes(const char *line, uint32_t line_len, uint32_t units, pos_encoding enc)
{
  uint32_t pos = 0;
  uint32_t seen = 0;
  while (pos < line_len) {
    uint32_t cp;
    size_t n = utf8_decode(line + pos, line_len - pos, &cp);
    uint32_t w = char_units(cp, n, enc);
    if (units - seen < w) break;
    seen += w;
    pos += (uint32_t)n;
  }
  return pos;
}

/* Adds to units those of the characters of line[*pos, avail) that end at or
 * before stop, and moves *pos (a character start) past them; decoding sees
 * all avail bytes so a character straddling stop is known to be one and is
 * left out, which rounds stop down to a character start. */
static uint32_t count_units_from(const char *line, uint32_t avail, uint32_t *pos, uint32_t stop,
                                 pos_encoding enc, uint32_t units)
{
  while (*pos < stop) {
    uint32_t cp;
    size_t n = utf8_decode(line + *pos, avail - *pos, &cp);
    if (n > stop - *pos) break;
    units += char_units(cp, n, enc);
    *pos += (uint32_t)n;
  }
  return units;
}

/* Units of the characters of line[0, avail) that end at or before stop. */
static uint32_t count_units(const char *line, uint32_t avail, uint32_t stop, pos_encoding enc)
{
  uint32_t pos = 0;
  return count_units_from(line, avail, &pos, stop, enc, 0);
}

uint32_t pos_bytes_to_units(const char *line, uint32_t nbytes, pos_encoding enc)
{
  return count_units(line, nbytes, nbytes, enc);
}

/* ---- line index ------------------------------------------------------- */

/* Whether a line starts at p (1 <= p <= len): right after a LF, or after a CR
 * that is not the first half of a CRLF. */
static int starts_line(const char *text, uint32_t len, uint32_t p)
{
  char c = text[p - 1];
  return c == '\n' || (c == '\r' && (p == len || text[p] != '\n'));
}

static int reserve(pos_lines *lines, uint64_t need)
{
  if (need <= lines->cap) return 0;
  if (need > UINT32_MAX) return -1;
  uint64_t cap = lines->cap ? lines->cap : 64;
  while (cap < need) cap *= 2;
  if (cap > UINT32_MAX) cap = UINT32_MAX;
  uint32_t *grown = realloc(lines->starts, (size_t)cap * sizeof *grown);
  if (!grown) return -1;
  lines->starts = grown;
  lines->cap = (uint32_t)cap;
  return 0;
}

pos_lines *pos_lines_new(const char *text, uint32_t len)
{
  pos_lines *lines = calloc(1, sizeof *lines);
  if (!lines) return NULL;
  /* Count first so the array is allocated once. */
  uint64_t count = 1;
  for (uint64_t p = 1; p <= len; p++) count += (uint64_t)starts_line(text, len, (uint32_t)p);
  if (reserve(lines, count) != 0) {
    pos_lines_free(lines);
    return NULL;
  }
  lines->starts[lines->count++] = 0;
  for (uint64_t p = 1; p <= len; p++) {
    if (starts_line(text, len, (uint32_t)p)) lines->starts[lines->count++] = (uint32_t)p;
  }
  return lines;
}

void pos_lines_free(pos_lines *lines)
{
  if (!lines) return;
  free(lines->starts);
  free(lines);
}

uint32_t pos_lines_count(const pos_lines *lines)
{
  return lines->count;
}

/* Index of the first start greater than byte. */
static uint32_t upper_bound(const pos_lines *lines, uint32_t byte)
{
  uint32_t lo = 0;
  uint32_t hi = lines->count;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (lines->starts[mid] <= byte) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

uint32_t pos_line_of(const pos_lines *lines, uint32_t byte)
{
  return upper_bound(lines, byte) - 1; /* starts[0] == 0 <= byte */
}

uint32_t pos_line_start(const pos_lines *lines, uint32_t line)
{
  return lines->starts[line < lines->count ? line : lines->count - 1];
}

uint32_t pos_line_content_end(const pos_lines *lines, const char *text, uint32_t len, uint32_t line)
{
  if (line >= lines->count - 1) return len;
  uint32_t next = lines->starts[line + 1];
  if (next >= 2 && text[next - 1] == '\n' && text[next - 2] == '\r') return next - 2;
  return next - 1;
}

int pos_lines_edit(pos_lines *lines, const char *new_text, uint32_t new_len, uint32_t start,
                   uint32_t old_end, uint32_t new_end)
{
  if (start > old_end || start > new_end || new_end > new_len) return -1;
  uint64_t old_len = (uint64_t)new_len - new_end + old_end;
  if (old_len > UINT32_MAX || lines->starts[lines->count - 1] > old_len) return -1;

  /* Whether p starts a line depends on bytes p-1 and p. So starts below
   * start depend only on the unchanged prefix and starts above old_end only
   * on the unchanged suffix; those in [start, old_end] are the ones the edit
   * can touch, and they map to [start, new_end] in the new text. Line 0
   * never moves, hence the lower bound of 1. */
  uint32_t lo = start > 0 ? start : 1;
  uint32_t first = upper_bound(lines, lo - 1);
  uint32_t after = upper_bound(lines, old_end);
  uint32_t added = 0;
  for (uint64_t p = lo; p <= new_end; p++) added += (uint32_t)starts_line(new_text, new_len, (uint32_t)p);

  uint32_t tail = lines->count - after;
  uint64_t count = (uint64_t)first + added + tail;
  if (reserve(lines, count) != 0) return -1;

  uint32_t *moved = lines->starts + first + added;
  memmove(moved, lines->starts + after, (size_t)tail * sizeof *moved);
  for (uint32_t i = 0; i < tail; i++) moved[i] = moved[i] - old_end + new_end;
  uint32_t *fill = lines->starts + first;
  for (uint64_t p = lo; p <= new_end; p++) {
    if (starts_line(new_text, new_len, (uint32_t)p)) *fill++ = (uint32_t)p;
  }
  lines->count = (uint32_t)count;
  return 0;
}

/* ---- conversions ------------------------------------------------------ */

int pos_to_offset(const pos_lines *lines, const char *text, uint32_t len, int64_t line,
                  int64_t character, pos_encoding enc, uint32_t *offset)
{
  if (line < 0 || character < 0) return -1;
  if (line >= lines->count) {
    *offset = len;
    return 0;
  }
  uint32_t l = (uint32_t)line;
  uint32_t begin = lines->starts[l];
  uint32_t end = pos_line_content_end(lines, text, len, l);
  uint32_t units = character > UINT32_MAX ? UINT32_MAX : (uint32_t)character;
  *offset = begin + pos_units_to_bytes(text + begin, end - begin, units, enc);
  return 0;
}

void pos_from_offset(const pos_lines *lines, const char *text, uint32_t len, uint32_t offset,
                     pos_encoding enc, uint32_t *line, uint32_t *character)
{
  pos_hint none = {0};
  pos_from_offset_hinted(lines, text, len, offset, enc, &none, line, character);
}

void pos_from_offset_hinted(const pos_lines *lines, const char *text, uint32_t len, uint32_t offset,
                            pos_encoding enc, pos_hint *hint, uint32_t *line, uint32_t *character)
{
  if (offset > len) offset = len;
  uint32_t l = pos_line_of(lines, offset);
  uint32_t begin = lines->starts[l];
  uint32_t end = pos_line_content_end(lines, text, len, l);
  if (offset > end) offset = end;
  /* Resume where the last conversion on this line stopped, if not past. */
  uint32_t pos = 0;
  uint32_t units = 0;
  if (hint->valid && hint->line == l && hint->enc == enc && hint->byte <= offset - begin) {
    pos = hint->byte;
    units = hint->units;
  }
  units = count_units_from(text + begin, end - begin, &pos, offset - begin, enc, units);
  *hint = (pos_hint){.line = l, .byte = pos, .units = units, .enc = enc, .valid = 1};
  *line = l;
  *character = units;
}
