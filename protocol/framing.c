#include "framing.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

/* A header block longer than this is garbage, not headers; the limit keeps a
 * stream without blank lines from growing the buffer forever. */
#define FRAME_HEADER_LIMIT 8192
#define FRAME_INITIAL_CAPACITY 4096
/* An idle buffer above this size is given back once it empties, so that one
 * huge message does not pin its memory for the rest of the session. */
#define FRAME_SHRINK_ABOVE ((size_t)1 << 20)
/* Spaces tolerated between `Content-Length` and its colon while resyncing. */
#define FRAME_RESYNC_MAX_BLANKS 16

static const char content_length[] = "content-length";
#define CONTENT_LENGTH_LEN (sizeof content_length - 1)

typedef enum {
  STATE_HEADERS, /* expecting a header block at start */
  STATE_BODY,    /* headers consumed, waiting for body_len bytes */
  STATE_SKIP,    /* dropping body_len more bytes of an oversized body */
  STATE_RESYNC,  /* dropping bytes until a `Content-Length:` */
} frame_state;

struct frame_reader {
  char *buf;
  size_t cap;
  size_t start; /* unread bytes are buf[start, end) */
  size_t end;
  size_t max_message;
  frame_state state;
  size_t body_len;
  /* The last body handed out, for frame_reader_unread_from. Its bytes stay
   * in place until the next feed/next call, which is what makes it safe. */
  int has_last;
  size_t last_off;
  size_t last_len;
  char error[128];
};

typedef enum { HEADERS_MORE, HEADERS_DONE, HEADERS_BAD } headers_result;

frame_reader *frame_reader_new(size_t max_message)
{
  frame_reader *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->max_message = max_message;
  r->state = STATE_HEADERS;
  return r;
}

void frame_reader_free(frame_reader *r)
{
  if (!r) return;
  free(r->buf);
  free(r);
}

size_t frame_reader_capacity(const frame_reader *r)
{
  return r->cap;
}

/* Makes room for extra more bytes at end, compacting before growing. */
static int reserve(frame_reader *r, size_t extra)
{
  size_t used = r->end - r->start;
  if (used == 0) {
    r->start = r->end = 0;
    if (r->cap > FRAME_SHRINK_ABOVE && extra <= FRAME_INITIAL_CAPACITY) {
      free(r->buf);
      r->buf = NULL;
      r->cap = 0;
    }
  }
  if (r->cap - r->end >= extra) return 0;
  if (r->start > 0) {
    memmove(r->buf, r->buf + r->start, used);
    r->start = 0;
    r->end = used;
    if (r->cap - r->end >= extra) return 0;
  }
  if (extra > SIZE_MAX - used) {
    errno = ENOMEM;
    return -1;
  }
  size_t need = used + extra;
  size_t cap = r->cap ? r->cap : FRAME_INITIAL_CAPACITY;
  while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
  char *grown = realloc(r->buf, cap);
  if (!grown) return -1;
  r->buf = grown;
  r->cap = cap;
  return 0;
}

int frame_reader_feed(frame_reader *r, const char *data, size_t len)
{
  r->has_last = 0;
  size_t skip = 0;
  /* An oversized body is dropped straight from the caller's bytes; being in
   * STATE_SKIP with bytes left implies the buffer was already drained. */
  if (r->state == STATE_SKIP && r->start == r->end) {
    skip = len < r->body_len ? len : r->body_len;
  }
  if (len > skip && reserve(r, len - skip) != 0) return -1;
  r->body_len -= skip;
  if (len > skip) {
    memcpy(r->buf + r->end, data + skip, len - skip);
    r->end += len - skip;
  }
  return 0;
}

static char ascii_lower(char c)
{
  return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int is_blank(char c)
{
  return c == ' ' || c == '\t';
}

/* RFC 9110 token characters; anything else in a name means we are not
 * looking at a header at all. */
static int is_token_char(char c)
{
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return 1;
  return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int equals_ignore_case(const char *s, size_t n, const char *lower)
{
  for (size_t i = 0; i < n; i++) {
    if (lower[i] == '\0' || ascii_lower(s[i]) != lower[i]) return 0;
  }
  return lower[n] == '\0';
}

/* Returns 1 and stores the position of the next `content-length` + blanks +
 * ':' at or after start; otherwise drops everything that cannot begin one and
 * returns 0. */
static int resync(frame_reader *r)
{
  size_t i = r->start;
  for (; i < r->end; i++) {
    size_t avail = r->end - i;
    size_t n = avail < CONTENT_LENGTH_LEN ? avail : CONTENT_LENGTH_LEN;
    size_t k = 0;
    while (k < n && ascii_lower(r->buf[i + k]) == content_length[k]) k++;
    if (k < n) continue;
    if (n < CONTENT_LENGTH_LEN) break; /* a prefix at the end: keep it */
    size_t j = i + CONTENT_LENGTH_LEN;
    while (j < r->end && j - i - CONTENT_LENGTH_LEN <= FRAME_RESYNC_MAX_BLANKS && is_blank(r->buf[j])) j++;
    if (j == r->end) break;
    if (r->buf[j] == ':') {
      r->start = i;
      return 1;
    }
  }
  r->start = i;
  return 0;
}

/* Leaves the bad block behind: resyncing starts one byte past from, so the
 * same text cannot match again. */
static headers_result bad_headers(frame_reader *r, size_t from, const char *why)
{
  snprintf(r->error, sizeof r->error, "%s", why);
  r->start = from + 1;
  r->state = STATE_RESYNC;
  return HEADERS_BAD;
}

/* Parses a decimal Content-Length value with optional surrounding blanks. */
static const char *parse_length(const char *s, size_t n, size_t *out)
{
  size_t i = 0;
  while (i < n && is_blank(s[i])) i++;
  while (n > i && is_blank(s[n - 1])) n--;
  if (i == n) return "empty Content-Length";
  if (s[i] == '-') return "negative Content-Length";
  size_t value = 0;
  for (; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return "Content-Length is not a number";
    size_t digit = (size_t)(s[i] - '0');
    if (value > (SIZE_MAX - digit) / 10) return "Content-Length out of range";
    value = value * 10 + digit;
  }
  *out = value;
  return NULL;
}

static headers_result parse_headers(frame_reader *r)
{
  /* Stray line ends between messages are harmless; skip them. */
  while (r->start < r->end && (r->buf[r->start] == '\r' || r->buf[r->start] == '\n')) r->start++;
  if (r->start == r->end) return HEADERS_MORE; /* also: no buffer yet */
  size_t block = r->start;
  size_t pos = block;
  size_t length = 0;
  int have_length = 0;
  for (;;) {
    const char *lf = memchr(r->buf + pos, '\n', r->end - pos);
    if (!lf) {
      if (r->end - block > FRAME_HEADER_LIMIT) return bad_headers(r, block, "header block too long");
      return HEADERS_MORE;
    }
    size_t eol = (size_t)(lf - r->buf);
    if (eol + 1 - block > FRAME_HEADER_LIMIT) return bad_headers(r, block, "header block too long");
    size_t line_end = eol > pos && r->buf[eol - 1] == '\r' ? eol - 1 : eol;
    const char *line = r->buf + pos;
    size_t line_len = line_end - pos;
    if (line_len == 0) {
      pos = eol + 1;
      break;
    }
    const char *colon = memchr(line, ':', line_len);
    if (!colon) return bad_headers(r, pos, "header line without a colon");
    size_t name_len = (size_t)(colon - line);
    while (name_len > 0 && is_blank(line[name_len - 1])) name_len--;
    if (name_len == 0) return bad_headers(r, pos, "header line without a name");
    for (size_t i = 0; i < name_len; i++) {
      if (!is_token_char(line[i])) return bad_headers(r, pos, "malformed header name");
    }
    if (equals_ignore_case(line, name_len, content_length)) {
      size_t value;
      const char *why = parse_length(colon + 1, (size_t)(line + line_len - colon - 1), &value);
      if (why) return bad_headers(r, pos, why);
      if (have_length && value != length) return bad_headers(r, pos, "conflicting Content-Length headers");
      length = value;
      have_length = 1;
    }
    pos = eol + 1;
  }
  if (!have_length) return bad_headers(r, block, "header block without Content-Length");
  r->start = pos;
  r->body_len = length;
  if (length > r->max_message) {
    snprintf(r->error, sizeof r->error, "message of %zu bytes exceeds the limit of %zu bytes; skipping it",
             length, r->max_message);
    r->state = STATE_SKIP;
    /* Drop what is already here now, so that later feeds find the buffer
     * empty and can discard the rest without copying it. */
    size_t here = r->end - r->start < length ? r->end - r->start : length;
    r->start += here;
    r->body_len -= here;
    return HEADERS_BAD;
  }
  r->state = STATE_BODY;
  return HEADERS_DONE;
}

frame_status frame_reader_next(frame_reader *r, const char **body, size_t *len, const char **error)
{
  *body = NULL;
  *len = 0;
  *error = NULL;
  r->has_last = 0;
  for (;;) {
    size_t avail = r->end - r->start;
    switch (r->state) {
      case STATE_SKIP: {
        size_t n = avail < r->body_len ? avail : r->body_len;
        r->start += n;
        r->body_len -= n;
        if (r->body_len > 0) return FRAME_NONE;
        r->state = STATE_HEADERS;
        break;
      }
      case STATE_RESYNC:
        if (!resync(r)) return FRAME_NONE;
        r->state = STATE_HEADERS;
        break;
      case STATE_BODY:
        if (avail < r->body_len) return FRAME_NONE;
        *body = r->buf + r->start;
        *len = r->body_len;
        r->has_last = 1;
        r->last_off = r->start;
        r->last_len = r->body_len;
        r->start += r->body_len;
        r->state = STATE_HEADERS;
        return FRAME_MESSAGE;
      case STATE_HEADERS:
        switch (parse_headers(r)) {
          case HEADERS_MORE: return FRAME_NONE;
          case HEADERS_BAD: *error = r->error; return FRAME_ERROR;
          case HEADERS_DONE: break;
        }
        break;
    }
  }
}

void frame_reader_unread_from(frame_reader *r, size_t offset)
{
  if (!r->has_last || offset > r->last_len) return;
  r->start = r->last_off + offset;
  r->state = STATE_HEADERS;
  r->has_last = 0;
}

/* Waits until fd takes more bytes; for a non-blocking fd. */
static int wait_writable(int fd)
{
  struct pollfd pfd = {.fd = fd, .events = POLLOUT};
  if (poll(&pfd, 1, -1) < 0 && errno != EINTR) return -1;
  return 0;
}

int frame_write(int fd, const char *body, size_t len)
{
  char header[48];
  int n = snprintf(header, sizeof header, "Content-Length: %zu\r\n\r\n", len);
  if (n < 0 || (size_t)n >= sizeof header) {
    errno = EOVERFLOW;
    return -1;
  }
  /* writev: one system call per message when the pipe has room. */
  struct iovec iov[2] = {
    {.iov_base = header, .iov_len = (size_t)n},
    {.iov_base = (void *)body, .iov_len = len},
  };
  struct iovec *v = iov;
  int count = len > 0 ? 2 : 1;
  while (count > 0) {
    ssize_t w = writev(fd, v, count);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        if (wait_writable(fd) != 0) return -1;
        continue;
      }
      return -1;
    }
    size_t done = (size_t)w;
    while (count > 0 && done >= v->iov_len) {
      done -= v->iov_len;
      v++;
      count--;
    }
    if (count > 0) {
      v->iov_base = (char *)v->iov_base + done;
      v->iov_len -= done;
    }
  }
  return 0;
}
