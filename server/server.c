#include "server.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <strings.h>
#include <unistd.h>

#include "dispatch.h"
#include "framing.h"
#include "jsonrpc.h"
#include "log.h"
#include "session.h"

/* Larger messages are skipped unread: no editor sends a 64 MiB buffer. */
enum { MAX_MESSAGE = 64 << 20, READ_CHUNK = 1 << 16 };

/* Input already waiting is read before analysing, so a burst of changes
 * costs one analysis of the final text. The cap keeps a client that never
 * pauses from starving diagnostics forever. */
enum { MAX_DRAIN_READS = 256 };

/* A body whose Content-Length was too long swallowed the start of the next
 * message; its header can only follow raw bytes, never a JSON string. */
static size_t swallowed_header(const char *body, size_t len) {
  static const char header[] = "content-length:";
  const size_t n = sizeof header - 1;
  for (size_t i = 1; i + n <= len; i++)
    if (strncasecmp(body + i, header, n) == 0) return i;
  return 0;
}

static void handle_body(session *s, frame_reader *reader, const char *body, size_t len) {
  rpc_message msg;
  if (rpc_parse(body, len, &msg) < 0) {
    log_warn("unparsable message of %zu bytes", len);
    rpc_send(&s->out, rpc_make_error(NULL, RPC_PARSE_ERROR, "parse error: the message is not JSON"));
    size_t next = swallowed_header(body, len);
    if (next > 0) frame_reader_unread_from(reader, next);
  } else {
    dispatch_message(s, &msg);
  }
  rpc_message_clear(&msg);
}

/* Frames and handles everything buffered. Returns false once exit was asked. */
static bool handle_buffered(session *s, frame_reader *reader) {
  for (;;) {
    const char *body, *error;
    size_t len;
    frame_status st = frame_reader_next(reader, &body, &len, &error);
    if (st == FRAME_NONE) return true;
    if (st == FRAME_ERROR) {
      log_warn("%s", error);
      continue;
    }
    handle_body(s, reader, body, len);
    if (s->exit_requested) return false;
  }
}

static bool input_waiting(int fd) {
  struct pollfd p = {fd, POLLIN, 0};
  return poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP));
}

/* Reads once; returns bytes read, 0 at end of input, -1 on error. */
static ssize_t read_some(int fd, frame_reader *reader, char *buf) {
  for (;;) {
    ssize_t n = read(fd, buf, READ_CHUNK);
    if (n < 0 && errno == EINTR) continue;
    if (n > 0 && frame_reader_feed(reader, buf, (size_t)n) < 0) {
      log_error("out of memory buffering input");
      return -1;
    }
    return n;
  }
}

int server_run(int in_fd, int out_fd) {
  signal(SIGPIPE, SIG_IGN);
  session s;
  frame_reader *reader = frame_reader_new(MAX_MESSAGE);
  char *buf = malloc(READ_CHUNK);
  if (!reader || !buf || session_init(&s, out_fd) < 0) {
    log_error("out of memory at start");
    frame_reader_free(reader);
    free(buf);
    return 1;
  }

  bool running = true;
  while (running) {
    ssize_t n = read_some(in_fd, reader, buf);
    if (n <= 0) {
      if (n < 0) log_error("reading input failed: %s", errno ? "I/O error" : "out of memory");
      break;
    }
    running = handle_buffered(&s, reader);
    for (int i = 0; running && i < MAX_DRAIN_READS && input_waiting(in_fd); i++) {
      n = read_some(in_fd, reader, buf);
      if (n <= 0) {
        running = false;
        break;
      }
      running = handle_buffered(&s, reader);
    }
    if (!s.exit_requested) session_flush(&s);
  }

  int code = s.state == SESSION_SHUT_DOWN ? 0 : 1;
  session_destroy(&s);
  frame_reader_free(reader);
  free(buf);
  return code;
}
