#ifndef AR_PROTOCOL_POSITION_H
#define AR_PROTOCOL_POSITION_H

/*
 * Text positions: LSP (line, character) pairs against byte offsets into a
 * UTF-8 buffer. Texts are at most UINT32_MAX bytes.
 *
 * Character counts follow the negotiated encoding. A byte that does not begin
 * a well-formed UTF-8 sequence counts as one character (U+FFFD: one UTF-16 or
 * UTF-32 unit, and one UTF-8 unit since in UTF-8 units are the buffer's own
 * bytes). A UTF-8 BOM is an ordinary U+FEFF character of line 0.
 */

#include <stdint.h>

typedef enum { POS_UTF8, POS_UTF16, POS_UTF32 } pos_encoding;

/* "utf-8", "utf-16" or "utf-32" as LSP spells them. */
const char *pos_encoding_name(pos_encoding enc);
/* 0 and *enc set when name is one of the above; -1 otherwise. */
int pos_encoding_from_name(const char *name, pos_encoding *enc);

/*
 * Bytes of line[0, line_len) covered by the first units code units, clamped
 * to line_len. A count that ends inside a character (the middle of a UTF-16
 * surrogate pair, or of a multibyte sequence in UTF-8) rounds down to that
 * character's start.
 */
uint32_t pos_units_to_bytes(const char *line, uint32_t line_len, uint32_t units, pos_encoding enc);

/* Code units in line[0, nbytes). nbytes should be a character boundary; a
 * sequence cut short by it counts as that many invalid bytes. */
uint32_t pos_bytes_to_units(const char *line, uint32_t nbytes, pos_encoding enc);

/*
 * Start offsets of the lines of a text. LF, CRLF and a lone CR each end a
 * line; a text ending in a terminator has an empty last line, so there is
 * always at least one line.
 */
typedef struct pos_lines pos_lines;

/* NULL when out of memory. Caller frees with pos_lines_free. */
pos_lines *pos_lines_new(const char *text, uint32_t len);
void pos_lines_free(pos_lines *lines);

uint32_t pos_lines_count(const pos_lines *lines);
/* Offset of the first byte of line; a line past the end gives the last
 * line's start. */
uint32_t pos_line_start(const pos_lines *lines, uint32_t line);
/* Offset just before the line's terminator (or len for the last line). text
 * and len must be the text the index describes. */
uint32_t pos_line_content_end(const pos_lines *lines, const char *text, uint32_t len, uint32_t line);
/* The line holding byte (a terminator belongs to the line it ends); offsets
 * past the end give the last line. */
uint32_t pos_line_of(const pos_lines *lines, uint32_t byte);

/*
 * Brings the index up to date after the text was edited: the old bytes
 * [start, old_end) were replaced by what is now new_text[start, new_end).
 * Only the lines around the edit are rescanned; the rest are shifted.
 * Returns 0, or -1 for arguments that cannot describe an edit of the indexed
 * text or when out of memory; the index is unchanged then.
 */
int pos_lines_edit(pos_lines *lines, const char *new_text, uint32_t new_len, uint32_t start,
                   uint32_t old_end, uint32_t new_end);

/*
 * LSP position -> byte offset. A line past the end gives the end of the text,
 * a character past the line's end gives the line's content end. Returns 0,
 * or -1 (and leaves *offset alone) for a negative line or character.
 */
int pos_to_offset(const pos_lines *lines, const char *text, uint32_t len, int64_t line,
                  int64_t character, pos_encoding enc, uint32_t *offset);

/*
 * Byte offset -> LSP position. Offsets past the end are clamped to it, an
 * offset inside a line terminator to the line's content end, and one inside
 * a character to that character's start.
 */
void pos_from_offset(const pos_lines *lines, const char *text, uint32_t len, uint32_t offset,
                     pos_encoding enc, uint32_t *line, uint32_t *character);

/*
 * pos_from_offset for many offsets into one text, as when converting sorted
 * findings: the hint remembers where the last conversion stopped, so the
 * next offset on the same line (and not before it) resumes there instead of
 * rescanning the line from its start, which made many offsets on one long
 * line quadratic. Start with a zeroed hint; results equal pos_from_offset's.
 * A hint is void once the text or its line index changes.
 */
typedef struct {
  uint32_t line;
  uint32_t byte;  /* a character start, relative to the line's start */
  uint32_t units; /* code units before byte */
  pos_encoding enc;
  int valid;
} pos_hint;

void pos_from_offset_hinted(const pos_lines *lines, const char *text, uint32_t len, uint32_t offset,
                            pos_encoding enc, pos_hint *hint, uint32_t *line, uint32_t *character);

#endif
