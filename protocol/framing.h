#ifndef AR_PROTOCOL_FRAMING_H
#define AR_PROTOCOL_FRAMING_H

/*
 * LSP base protocol framing: `Content-Length: N` header blocks followed by N
 * bytes of body. The reader is fed whatever bytes the stream produced and
 * hands out whole bodies; it never blocks and never reads a file descriptor.
 */

#include <stddef.h>

typedef struct frame_reader frame_reader;

typedef enum {
  FRAME_NONE,    /* need more bytes */
  FRAME_MESSAGE, /* *body / *len describe one message body */
  FRAME_ERROR,   /* something was skipped; *error says what */
} frame_status;

/* Bodies above max_message bytes are skipped unbuffered. Returns NULL when out
 * of memory. Free with frame_reader_free. */
frame_reader *frame_reader_new(size_t max_message);
void frame_reader_free(frame_reader *reader);

/* Appends len bytes read from the stream (copied). 0, or -1 when out of
 * memory, in which case the reader is unchanged. Invalidates the body last
 * returned by frame_reader_next. */
int frame_reader_feed(frame_reader *reader, const char *data, size_t len);

/*
 * Frames the next message. Call it until it returns FRAME_NONE, since one
 * feed may hold any number of messages.
 *
 * FRAME_MESSAGE: *body points into the reader (not NUL-terminated) and stays
 * valid until the next frame_reader_feed or frame_reader_next.
 * FRAME_ERROR: a malformed header block was dropped (the reader then discards
 * bytes up to the next `Content-Length:` it sees), or a message above
 * max_message is being skipped as it arrives. *error is a description for
 * logging, owned by the reader, valid until the next call.
 */
frame_status frame_reader_next(frame_reader *reader, const char **body, size_t *len,
                               const char **error);

/*
 * After FRAME_MESSAGE, and before any other call on the reader: treat the
 * last body's bytes from offset on as unread stream again. For a body whose
 * Content-Length was too long and swallowed the start of the next message.
 * Ignored when there is no such body or offset is past its end.
 */
void frame_reader_unread_from(frame_reader *reader, size_t offset);

/* Bytes currently allocated for buffering; lets tests check that skipped and
 * discarded bytes are not kept. */
size_t frame_reader_capacity(const frame_reader *reader);

/*
 * Writes `Content-Length: N\r\n\r\n` and the body to fd, completely: retries
 * on EINTR and short writes, and waits with poll() when a non-blocking fd
 * would block. Returns 0, or -1 with errno set. The caller decides how to
 * survive SIGPIPE.
 */
int frame_write(int fd, const char *body, size_t len);

#endif
