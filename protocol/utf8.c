#include "utf8.h"

/* Range of the second byte allowed after each lead byte; the Unicode table
 * "Well-Formed UTF-8 Byte Sequences" is what rules out overlongs (E0, F0),
 * surrogates (ED) and code points past U+10FFFF (F4). */
static int second_byte_ok(unsigned char lead, unsigned char b)
{
  switch (lead) {
    case 0xE0: return b >= 0xA0 && b <= 0xBF;
    case 0xED: return b >= 0x80 && b <= 0x9F;
    case 0xF0: return b >= 0x90 && b <= 0xBF;
    case 0xF4: return b >= 0x80 && b <= 0x8F;
    default: return b >= 0x80 && b <= 0xBF;
  }
}

static size_t sequence_length(unsigned char lead)
{
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

size_t utf8_valid_length(const char *s, size_t avail)
{
  const unsigned char *u = (const unsigned char *)s;
  size_t n = sequence_length(u[0]);
  if (n == 0 || n > avail) return 0;
  if (n == 1) return 1;
  if (!second_byte_ok(u[0], u[1])) return 0;
  for (size_t i = 2; i < n; i++) {
    if ((u[i] & 0xC0) != 0x80) return 0;
  }
  return n;
}

size_t utf8_decode(const char *s, size_t avail, uint32_t *cp)
{
  const unsigned char *u = (const unsigned char *)s;
  size_t n = utf8_valid_length(s, avail);
  switch (n) {
    case 1: *cp = u[0]; return 1;
    case 2: *cp = ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F); return 2;
    case 3:
      *cp = ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
      return 3;
    case 4:
      *cp = ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) |
            ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
      return 4;
    default: *cp = UTF8_REPLACEMENT; return 1;
  }
}
