#ifndef AR_PROTOCOL_UTF8_H
#define AR_PROTOCOL_UTF8_H

/*
 * One UTF-8 decoder shared by position counting and output sanitising, so
 * that both agree on what an invalid byte is: every byte that does not start
 * a well-formed sequence (RFC 3629: no overlongs, no surrogates, nothing past
 * U+10FFFF) stands for one U+FFFD on its own.
 */

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFDu

/*
 * Decodes the character at s[0], looking at no more than avail (>= 1) bytes.
 * Stores the code point in *cp (U+FFFD for an invalid byte) and returns the
 * number of bytes it covers: 1..4, and always 1 for an invalid byte.
 */
size_t utf8_decode(const char *s, size_t avail, uint32_t *cp);

/* Byte length of the first well-formed sequence at s, or 0 if s[0] is an
 * invalid byte; reads at most avail (>= 1) bytes. */
size_t utf8_valid_length(const char *s, size_t avail);

#endif
