#include "check.h"
#include "framing.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- helpers ---------------------------------------------------------- */

typedef struct {
  char *s;
  size_t len;
  size_t cap;
} buf;

static void buf_add(buf *b, const char *s, size_t n)
{
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + n + 1) cap *= 2;
    char *grown = realloc(b->s, cap);
    if (!grown) abort();
    b->s = grown;
    b->cap = cap;
  }
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

static void buf_clear(buf *b)
{
  b->len = 0;
  if (b->s) b->s[0] = '\0';
}

/* Records what the reader yields: "[body]" per message, "!" per error. */
static void drain(frame_reader *r, buf *trace)
{
  const char *body;
  const char *error;
  size_t len;
  frame_status st;
  while ((st = frame_reader_next(r, &body, &len, &error)) != FRAME_NONE) {
    if (st == FRAME_MESSAGE) {
      buf_add(trace, "[", 1);
      buf_add(trace, body, len);
      buf_add(trace, "]", 1);
    } else {
      CHECK(error != NULL && error[0] != '\0');
      buf_add(trace, "!", 1);
    }
  }
}

/* Trace of feeding in in pieces of chunk bytes, draining after each. */
static char *frame_in_chunks(const char *in, size_t len, size_t chunk, size_t max)
{
  frame_reader *r = frame_reader_new(max);
  if (!r) abort();
  buf trace = {0};
  buf_add(&trace, "", 0);
  for (size_t off = 0; off < len; off += chunk) {
    size_t n = len - off < chunk ? len - off : chunk;
    CHECK_EQ(frame_reader_feed(r, in + off, n), 0);
    drain(r, &trace);
  }
  frame_reader_free(r);
  return trace.s;
}

/* Every split of the input must give the same trace: all chunk sizes for
 * short inputs, a spread of them for long ones. */
static void expect_frames(const char *in, size_t len, size_t max, const char *expected)
{
  for (size_t chunk = 1; chunk <= len; chunk++) {
    if (len > 300 && chunk > 16 && chunk != len && chunk % 97 != 0) continue;
    check_context("input \"%.30s...\", chunks of %zu", in, chunk);
    char *trace = frame_in_chunks(in, len, chunk, max);
    int ok = CHECK_STR(trace, expected);
    free(trace);
    if (!ok) break;
  }
  check_context("%s", "");
}

#define EXPECT(lit, max, expected) expect_frames(lit, sizeof(lit) - 1, max, expected)

static int feed_str(frame_reader *r, const char *s)
{
  return frame_reader_feed(r, s, strlen(s));
}

static frame_status next(frame_reader *r, const char **body, size_t *len)
{
  const char *error;
  return frame_reader_next(r, body, len, &error);
}

/* ---- tests ------------------------------------------------------------ */

static void test_single_and_merged(void)
{
  EXPECT("Content-Length: 2\r\n\r\n{}", 100, "[{}]");
  EXPECT("Content-Length: 1\r\n\r\naContent-Length: 2\r\n\r\nbcContent-Length: 0\r\n\r\n"
         "Content-Length: 3\r\n\r\ndef",
         100, "[a][bc][][def]");
  /* A body may look like headers; only the length counts. */
  EXPECT("Content-Length: 21\r\n\r\nContent-Length: 5\r\n\r\nContent-Length: 1\r\n\r\nx", 100,
         "[Content-Length: 5\r\n\r\n][x]");
}

static void test_header_variants(void)
{
  EXPECT("content-length: 3\r\n\r\nabc", 100, "[abc]");
  EXPECT("CONTENT-LENGTH:3\r\n\r\nabc", 100, "[abc]");
  EXPECT("cOnTeNt-LeNgTh:   3  \r\n\r\nabc", 100, "[abc]");
  EXPECT("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 2\r\n\r\n{}", 100,
         "[{}]");
  EXPECT("Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}", 100,
         "[{}]");
  EXPECT("X-Unknown: whatever: really\r\nContent-Length: 2\r\nX-Empty:\r\n\r\n{}", 100, "[{}]");
  /* Repeating the same length is harmless. */
  EXPECT("Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}", 100, "[{}]");
  /* Bare LF line ends, and a mix. */
  EXPECT("Content-Length: 2\n\n{}Content-Length: 1\r\n\nx", 100, "[{}][x]");
  /* Stray line ends between messages. */
  EXPECT("Content-Length: 1\r\n\r\na\r\n\r\nContent-Length: 1\r\n\r\nb\n", 100, "[a][b]");
  /* Leading zeros are still a number. */
  EXPECT("Content-Length: 0003\r\n\r\nabc", 100, "[abc]");
}

static void test_bad_headers_resync(void)
{
  EXPECT("Content-Type: x\r\n\r\n{}Content-Length: 2\r\n\r\nok", 100, "![ok]");
  EXPECT("Content-Length: abc\r\n\r\nxyzContent-Length: 1\r\n\r\nZ", 100, "![Z]");
  EXPECT("Content-Length: -5\r\n\r\nxyzContent-Length: 1\r\n\r\nZ", 100, "![Z]");
  EXPECT("Content-Length:\r\n\r\nxyzContent-Length: 1\r\n\r\nZ", 100, "![Z]");
  EXPECT("Content-Length: 5x\r\n\r\nxyzContent-Length: 1\r\n\r\nZ", 100, "![Z]");
  EXPECT("Content-Length: +5\r\n\r\nxyzContent-Length: 1\r\n\r\nZ", 100, "![Z]");
  EXPECT("Content-Length: 99999999999999999999999999\r\n\r\nContent-Length: 1\r\n\r\nZ", 100, "![Z]");
  EXPECT("Content-Length: 2\r\nContent-Length: 3\r\n\r\nabcContent-Length: 1\r\n\r\nZ", 100, "![Z]");
  /* Garbage before a good header block is dropped up to it. */
  EXPECT("garbage\r\nContent-Length: 1\r\n\r\nZ", 100, "![Z]");
  EXPECT("}]tail of an overlong body{Content-Length: 1\r\n\r\nZ", 100, "![Z]");
  EXPECT(": no name\r\nContent-Length: 1\r\n\r\nZ", 100, "![Z]");
  /* Resync matches the name in any case, and only with a colon after it. */
  EXPECT("oops\r\ncontent-length is a phrase CONTENT-LENGTH : 1\r\n\r\nZ", 100, "![Z]");
  /* Two bad blocks in a row, then recovery. */
  EXPECT("Content-Length: x\r\n\r\nContent-Length: y\r\n\r\nContent-Length: 2\r\n\r\nok", 100, "!![ok]");
}

static void test_header_block_limit(void)
{
  /* Garbage without line ends must not be buffered forever. */
  size_t n = 20000;
  char *in = malloc(n + 64);
  if (!CHECK(in != NULL)) return;
  memset(in, 'x', n);
  strcpy(in + n, "Content-Length: 2\r\n\r\nok");
  expect_frames(in, strlen(in), 100, "![ok]");
  free(in);
}

static void test_garbage_stays_small(void)
{
  frame_reader *r = frame_reader_new(1 << 20);
  if (!CHECK(r != NULL)) return;
  static char chunk[65536];
  /* Near misses of the resync pattern everywhere. */
  static const char pattern[] = "content-lengt\ncontent-length x:\n:";
  for (size_t i = 0; i < sizeof chunk; i++) chunk[i] = pattern[i % (sizeof pattern - 1)];
  buf trace = {0};
  buf_add(&trace, "", 0);
  size_t max_cap = 0;
  for (int i = 0; i < 160; i++) { /* 10 MiB */
    CHECK_EQ(frame_reader_feed(r, chunk, sizeof chunk), 0);
    drain(r, &trace);
    size_t cap = frame_reader_capacity(r);
    if (cap > max_cap) max_cap = cap;
  }
  CHECK(max_cap <= 2 * sizeof chunk);
  CHECK(trace.len >= 1 && strchr(trace.s, '[') == NULL);
  CHECK_EQ(feed_str(r, "Content-Length: 2\r\n\r\nok"), 0);
  buf_clear(&trace);
  drain(r, &trace);
  CHECK_STR(trace.s, "[ok]");

  /* Garbage with no line end at all is cut off at the header limit too. */
  memset(chunk, 'x', sizeof chunk);
  buf_clear(&trace);
  max_cap = 0;
  frame_reader_free(r);
  r = frame_reader_new(1 << 20);
  if (!CHECK(r != NULL)) return;
  for (int i = 0; i < 160; i++) {
    CHECK_EQ(frame_reader_feed(r, chunk, 1000), 0);
    drain(r, &trace);
    size_t cap = frame_reader_capacity(r);
    if (cap > max_cap) max_cap = cap;
  }
  CHECK(max_cap <= 16384);
  CHECK_STR(trace.s, "!");
  free(trace.s);
  frame_reader_free(r);
}

static void test_oversize_skipped(void)
{
  EXPECT("Content-Length: 20\r\n\r\n01234567890123456789Content-Length: 2\r\n\r\nok", 10, "![ok]");
  /* Exactly the limit is fine. */
  EXPECT("Content-Length: 10\r\n\r\n0123456789", 10, "[0123456789]");
  /* Headers inside the skipped body are not looked at. */
  EXPECT("Content-Length: 26\r\n\r\nContent-Length: 1\r\n\r\nabcdeContent-Length: 1\r\n\r\nZ", 10, "![Z]");
}

static void test_oversize_not_buffered(void)
{
  frame_reader *r = frame_reader_new(1 << 20);
  if (!CHECK(r != NULL)) return;
  const char *body;
  const char *error;
  size_t len;
  CHECK_EQ(feed_str(r, "Content-Length: 52428800\r\n\r\n"), 0);
  CHECK_EQ(frame_reader_next(r, &body, &len, &error), FRAME_ERROR);
  CHECK(error != NULL && strstr(error, "52428800") != NULL);
  static char chunk[65536];
  memset(chunk, '{', sizeof chunk);
  size_t max_cap = frame_reader_capacity(r);
  for (int i = 0; i < 800; i++) { /* the 50 MiB body */
    CHECK_EQ(frame_reader_feed(r, chunk, sizeof chunk), 0);
    if (!CHECK_EQ(frame_reader_next(r, &body, &len, &error), FRAME_NONE)) break;
    size_t cap = frame_reader_capacity(r);
    if (cap > max_cap) max_cap = cap;
  }
  /* Only the header ever needed room. */
  CHECK(max_cap <= 4096);
  CHECK_EQ(feed_str(r, "Content-Length: 2\r\n\r\nok"), 0);
  CHECK_EQ(next(r, &body, &len), FRAME_MESSAGE);
  CHECK_MEM(body, len, "ok");
  CHECK_EQ(next(r, &body, &len), FRAME_NONE);
  CHECK(frame_reader_capacity(r) <= 4096);
  frame_reader_free(r);
}

static void test_oversize_after_header_in_same_feed(void)
{
  /* Body bytes that came with the header are dropped at once; the rest
   * arrives separately and is skipped without growing the buffer. */
  frame_reader *r = frame_reader_new(100);
  if (!CHECK(r != NULL)) return;
  const char *body;
  size_t len;
  CHECK_EQ(feed_str(r, "Content-Length: 1000\r\n\r\n0123456789"), 0);
  CHECK_EQ(next(r, &body, &len), FRAME_ERROR);
  size_t cap = frame_reader_capacity(r);
  char rest[990];
  memset(rest, 'z', sizeof rest);
  for (size_t i = 0; i < sizeof rest; i += 10) {
    CHECK_EQ(frame_reader_feed(r, rest + i, 10), 0);
    CHECK_EQ(next(r, &body, &len), FRAME_NONE);
  }
  CHECK_EQ(frame_reader_capacity(r), cap);
  CHECK_EQ(feed_str(r, "Content-Length: 1\r\n\r\nQ"), 0);
  CHECK_EQ(next(r, &body, &len), FRAME_MESSAGE);
  CHECK_MEM(body, len, "Q");
  frame_reader_free(r);
}

static void test_compaction(void)
{
  frame_reader *r = frame_reader_new(1 << 20);
  if (!CHECK(r != NULL)) return;
  const char *body;
  size_t len;
  int messages = 0;
  /* Fed one byte out of phase, so a message start is always pending and
   * the buffer never drains on its own: only compaction keeps it small. */
  static const char msg[] = "Content-Length: 13\r\n\r\n{\"id\":123456}";
  char rotated[sizeof msg - 1];
  memcpy(rotated, msg + 1, sizeof msg - 2);
  rotated[sizeof rotated - 1] = msg[0];
  CHECK_EQ(frame_reader_feed(r, msg, 1), 0);
  for (int i = 0; i < 200000; i++) {
    if (!CHECK_EQ(frame_reader_feed(r, rotated, sizeof rotated), 0)) break;
    while (next(r, &body, &len) == FRAME_MESSAGE) {
      messages++;
      if (len != 13 || memcmp(body, "{\"id\":123456}", 13) != 0) break;
    }
  }
  CHECK_EQ(messages, 200000);
  CHECK(frame_reader_capacity(r) <= 4096);
  frame_reader_free(r);
}

static void test_body_valid_until_next_call(void)
{
  frame_reader *r = frame_reader_new(100);
  if (!CHECK(r != NULL)) return;
  const char *a;
  const char *b;
  size_t alen;
  size_t blen;
  CHECK_EQ(feed_str(r, "Content-Length: 3\r\n\r\nabcContent-Length: 3\r\n\r\ndef"), 0);
  CHECK_EQ(next(r, &a, &alen), FRAME_MESSAGE);
  CHECK_MEM(a, alen, "abc");
  CHECK_EQ(next(r, &b, &blen), FRAME_MESSAGE);
  CHECK_MEM(b, blen, "def");
  CHECK_EQ(next(r, &b, &blen), FRAME_NONE);
  CHECK(b == NULL && blen == 0);
  frame_reader_free(r);
}

static void test_unread_from(void)
{
  /* The first length is 8 too long and swallows "Content-" of the next. */
  static const char in[] = "Content-Length: 10\r\n\r\n{}Content-Length: 2\r\n\r\n[]";
  frame_reader *r = frame_reader_new(100);
  if (!CHECK(r != NULL)) return;
  const char *body;
  size_t len;
  CHECK_EQ(feed_str(r, in), 0);
  CHECK_EQ(next(r, &body, &len), FRAME_MESSAGE);
  CHECK_MEM(body, len, "{}Content-");
  frame_reader_unread_from(r, 2);
  CHECK_EQ(next(r, &body, &len), FRAME_MESSAGE);
  CHECK_MEM(body, len, "[]");
  CHECK_EQ(next(r, &body, &len), FRAME_NONE);
  frame_reader_free(r);

  /* Byte by byte: unread as soon as the bad body is out, then go on. */
  r = frame_reader_new(100);
  if (!CHECK(r != NULL)) return;
  buf trace = {0};
  buf_add(&trace, "", 0);
  for (size_t i = 0; i < sizeof in - 1; i++) {
    CHECK_EQ(frame_reader_feed(r, in + i, 1), 0);
    frame_status st;
    while ((st = next(r, &body, &len)) != FRAME_NONE) {
      CHECK_EQ(st, FRAME_MESSAGE);
      buf_add(&trace, "[", 1);
      buf_add(&trace, body, len);
      buf_add(&trace, "]", 1);
      if (len > 2) frame_reader_unread_from(r, 2);
    }
  }
  CHECK_STR(trace.s, "[{}Content-][[]]");
  free(trace.s);
  frame_reader_free(r);

  /* Offset 0 re-reads the whole body as stream; past the end is ignored;
   * after another feed it is too late and ignored. */
  r = frame_reader_new(100);
  if (!CHECK(r != NULL)) return;
  CHECK_EQ(feed_str(r, "Content-Length: 22\r\n\r\nContent-Length: 1\r\n\r\nX"), 0);
  CHECK_EQ(next(r, &body, &len), FRAME_MESSAGE);
  frame_reader_unread_from(r, 23);
  frame_reader_unread_from(r, 0);
  CHECK_EQ(next(r, &body, &len), FRAME_MESSAGE);
  CHECK_MEM(body, len, "X");
  CHECK_EQ(feed_str(r, "Content-Length: 3\r\n\r\nabc"), 0);
  CHECK_EQ(next(r, &body, &len), FRAME_MESSAGE);
  CHECK_EQ(feed_str(r, "Content-Length: 1\r\n\r\nd"), 0);
  frame_reader_unread_from(r, 0);
  CHECK_EQ(next(r, &body, &len), FRAME_MESSAGE);
  CHECK_MEM(body, len, "d");
  frame_reader_free(r);
}

static size_t read_all(int fd, char *out, size_t cap, size_t piece)
{
  size_t got = 0;
  for (;;) {
    size_t want = cap - got < piece ? cap - got : piece;
    if (want == 0) break;
    ssize_t n = read(fd, out + got, want);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += (size_t)n;
  }
  return got;
}

static void test_write(void)
{
  int fds[2];
  if (!CHECK_EQ(pipe(fds), 0)) return;
  CHECK_EQ(frame_write(fds[1], "{}", 2), 0);
  CHECK_EQ(frame_write(fds[1], "", 0), 0);
  close(fds[1]);
  char out[256];
  size_t n = read_all(fds[0], out, sizeof out, sizeof out);
  CHECK_MEM(out, n, "Content-Length: 2\r\n\r\n{}Content-Length: 0\r\n\r\n");
  close(fds[0]);

  errno = 0;
  CHECK_EQ(frame_write(-1, "{}", 2), -1);
  CHECK_EQ(errno, EBADF);
}

static void test_write_large_nonblocking(void)
{
  /* A body far beyond the pipe's capacity, written to a non-blocking fd
   * by a child while the parent reads slowly: exercises short writes and
   * waiting for room. */
  size_t size = 3 << 20;
  char *body = malloc(size);
  char *got = malloc(size + 64);
  if (!CHECK(body && got)) {
    free(body);
    free(got);
    return;
  }
  for (size_t i = 0; i < size; i++) body[i] = (char)('a' + i % 23);
  int fds[2];
  if (!CHECK_EQ(pipe(fds), 0)) return;
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    int flags = fcntl(fds[1], F_GETFL);
    if (flags < 0 || fcntl(fds[1], F_SETFL, flags | O_NONBLOCK) < 0) _exit(2);
    _exit(frame_write(fds[1], body, size) == 0 ? 0 : 1);
  }
  CHECK(pid > 0);
  close(fds[1]);
  size_t n = read_all(fds[0], got, size + 64, 1000);
  close(fds[0]);
  int status = 0;
  CHECK_EQ(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);

  frame_reader *r = frame_reader_new(size);
  if (CHECK(r != NULL)) {
    const char *framed;
    size_t len;
    CHECK_EQ(frame_reader_feed(r, got, n), 0);
    CHECK_EQ(next(r, &framed, &len), FRAME_MESSAGE);
    CHECK(len == size && memcmp(framed, body, size) == 0);
    CHECK_EQ(next(r, &framed, &len), FRAME_NONE);
    frame_reader_free(r);
  }
  free(body);
  free(got);
}

int main(void)
{
  RUN(test_single_and_merged);
  RUN(test_header_variants);
  RUN(test_bad_headers_resync);
  RUN(test_header_block_limit);
  RUN(test_garbage_stays_small);
  RUN(test_oversize_skipped);
  RUN(test_oversize_not_buffered);
  RUN(test_oversize_after_header_in_same_feed);
  RUN(test_compaction);
  RUN(test_body_valid_until_next_call);
  RUN(test_unread_from);
  RUN(test_write);
  RUN(test_write_large_nonblocking);
  return check_report("test_framing");
}
