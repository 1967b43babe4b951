"""A small LSP client harness for asyncradar's end-to-end tests (stdlib only).

The server runs as a child process. A reader thread frames everything it
writes to stdout and hands whole messages to the test through a queue, so a
test thread never blocks on the pipe: every wait has a deadline and ends with
an LspTimeout (an AssertionError) that says what was awaited, what arrived
instead, and the tail of the server's stderr. Writes to stdin are
non-blocking with a deadline too.

Responses are kept by id, notifications in arrival order, separately.

The module also holds a model of LSP positions (`Text`), written from the
protocol's rules rather than from the server's code, which the tests use to
compute expected ranges and to address edits in any position encoding.
"""

import json
import os
import queue
import select
import subprocess
import sys
import tempfile
import threading
import time
import unittest

DEFAULT_TIMEOUT = float(os.environ.get("LSP_TEST_TIMEOUT", "20"))


class LspTimeout(AssertionError):
    """A wait ran past its deadline."""


class LspProtocolError(AssertionError):
    """The server wrote something that is not a well-formed LSP message."""


def frame(body):
    """Frames one message body (bytes, str or a JSON-able object)."""
    if not isinstance(body, (bytes, bytearray)):
        if not isinstance(body, str):
            body = json.dumps(body, ensure_ascii=False)
        body = body.encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + bytes(body)


def request_body(id_, method, params=None):
    msg = {"jsonrpc": "2.0", "id": id_, "method": method}
    if params is not None:
        msg["params"] = params
    return msg


def notification_body(method, params=None):
    msg = {"jsonrpc": "2.0", "method": method}
    if params is not None:
        msg["params"] = params
    return msg


def default_binary():
    """The server binary: argv[1] of the test script, $ASYNCRADAR, or build/."""
    if os.environ.get("ASYNCRADAR"):
        return os.environ["ASYNCRADAR"]
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(here, "..", "..", "build", "asyncradar")


def binary_from_argv():
    """Takes the binary path from sys.argv[1] (removing it, so unittest does
    not see it) and returns it; falls back to default_binary()."""
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        path = sys.argv.pop(1)
        os.environ["ASYNCRADAR"] = os.path.abspath(path)
        return os.environ["ASYNCRADAR"]
    return default_binary()


class Server:
    """One asyncradar server process and its connection."""

    def __init__(self, binary=None, args=("server", "--log-level", "debug"), timeout=None):
        self.binary = binary or default_binary()
        self.timeout = timeout or DEFAULT_TIMEOUT
        self._stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [self.binary, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            bufsize=0,
        )
        self._in = self.proc.stdin.fileno()
        os.set_blocking(self._in, False)
        self._queue = queue.Queue()
        self.responses = {}      # id (as JSON gives it) -> list of messages
        self.null_id_errors = []  # responses whose id is null
        self.notifications = []  # every notification, in order
        self.requests = []       # server-to-client requests
        self.raw_out = []        # every body, as bytes
        self.eof = False
        self.sanitizer_text = None
        self._next_id = 1
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()

    # ---- reading ---------------------------------------------------------

    def _read_loop(self):
        fd = self.proc.stdout.fileno()
        buf = bytearray()
        need = None  # body length once a header block was read
        try:
            while True:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    break
                buf += chunk
                while True:
                    if need is None:
                        sep = buf.find(b"\r\n\r\n")
                        if sep < 0:
                            break
                        length = None
                        for line in bytes(buf[:sep]).split(b"\r\n"):
                            name, _, value = line.partition(b":")
                            if name.strip().lower() == b"content-length":
                                length = int(value.strip())
                        if length is None:
                            self._queue.put(("error", "header block without Content-Length: %r" % bytes(buf[:sep])))
                            return
                        del buf[:sep + 4]
                        need = length
                    if len(buf) < need:
                        break
                    body = bytes(buf[:need])
                    del buf[:need]
                    need = None
                    self._queue.put(("body", body))
        except Exception as e:  # pragma: no cover - reported to the test
            self._queue.put(("error", "reader failed: %r" % e))
        if buf or need is not None:
            self._queue.put(("error", "output ended inside a message: %r" % bytes(buf[:200])))
        self._queue.put(("eof", None))

    def _take(self, item):
        kind, value = item
        if kind == "eof":
            self.eof = True
            return
        if kind == "error":
            raise LspProtocolError(value + self.stderr_tail())
        self.raw_out.append(value)
        try:
            msg = json.loads(value.decode("utf-8"))  # strict: invalid UTF-8 fails
        except (UnicodeDecodeError, ValueError) as e:
            raise LspProtocolError("server sent a body that is not UTF-8 JSON (%s): %r" % (e, value[:300]))
        if not isinstance(msg, dict) or msg.get("jsonrpc") != "2.0":
            raise LspProtocolError("server sent a message that is not JSON-RPC 2.0: %r" % (msg,))
        if "method" in msg and "id" in msg:
            self.requests.append(msg)
        elif "method" in msg:
            self.notifications.append(msg)
        elif "id" in msg:
            if ("result" in msg) == ("error" in msg):
                raise LspProtocolError("response needs exactly one of result and error: %r" % (msg,))
            if msg["id"] is None:
                self.null_id_errors.append(msg)
            else:
                self.responses.setdefault(msg["id"], []).append(msg)
        else:
            raise LspProtocolError("unclassifiable message from the server: %r" % (msg,))

    def pump(self, timeout=0.0):
        """Takes in what has arrived; waits up to timeout for one message."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            try:
                item = self._queue.get(timeout=max(remaining, 0)) if remaining > 0 else self._queue.get_nowait()
            except queue.Empty:
                return False
            self._take(item)
            # Take everything else already queued without waiting.
            while True:
                try:
                    self._take(self._queue.get_nowait())
                except queue.Empty:
                    return True

    def wait_for(self, what, predicate, timeout=None):
        """Pumps until predicate() is truthy; returns its value. LspTimeout
        (with `what` in the message) on timeout or when the server's output
        ended first."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            value = predicate()
            if value:
                return value
            if self.eof:
                # Nothing more can come; let the queue drain once more.
                self.pump(0)
                value = predicate()
                if value:
                    return value
                raise LspTimeout("server output ended while waiting for %s%s" % (what, self._context()))
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LspTimeout("timed out after %.1fs waiting for %s%s"
                                 % (timeout or self.timeout, what, self._context()))
            self.pump(min(remaining, 0.5))

    def _context(self):
        last = [m.get("method") or m.get("id") for m in self.notifications[-5:]]
        return ("\n  last notifications: %r\n  responses for ids: %r\n  exit code: %r%s"
                % (last, sorted(map(str, self.responses)), self.proc.poll(), self.stderr_tail()))

    # ---- writing ---------------------------------------------------------

    def send_raw(self, data, timeout=None):
        """Writes bytes to the server's stdin, all of them, within a deadline."""
        view = memoryview(bytes(data))
        deadline = time.monotonic() + (timeout or max(self.timeout, len(view) / 2e6))
        while view:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LspTimeout("timed out writing %d more bytes to the server%s" % (len(view), self._context()))
            _, writable, _ = select.select([], [self._in], [], min(remaining, 0.5))
            if not writable:
                self.pump(0)
                continue
            try:
                n = os.write(self._in, view[:1 << 16])
            except BlockingIOError:
                continue
            except BrokenPipeError:
                raise LspProtocolError("server closed its input with %d bytes unsent%s" % (len(view), self._context()))
            view = view[n:]

    def send(self, msg):
        self.send_raw(frame(msg))

    def next_id(self):
        self._next_id += 1
        return self._next_id

    def notify(self, method, params=None):
        self.send(notification_body(method, params))

    def request_async(self, method, params=None, id_=None):
        id_ = self.next_id() if id_ is None else id_
        self.send(request_body(id_, method, params))
        return id_

    def response(self, id_, timeout=None):
        """Waits for the response to id_ and returns it (whole message)."""
        msgs = self.wait_for("the response to request id %r" % (id_,), lambda: self.responses.get(id_), timeout)
        if len(msgs) != 1:
            raise AssertionError("%d responses to request %r: %r" % (len(msgs), id_, msgs))
        return msgs[0]

    def request(self, method, params=None, timeout=None):
        """Sends a request and returns its result; AssertionError on an error
        response."""
        id_ = self.request_async(method, params)
        msg = self.response(id_, timeout)
        if "error" in msg:
            raise AssertionError("%s failed: %r" % (method, msg["error"]))
        return msg["result"]

    def request_error(self, method, params=None, timeout=None, id_=None):
        """Sends a request that must fail; returns the error object."""
        id_ = self.request_async(method, params, id_)
        msg = self.response(id_, timeout)
        if "error" not in msg:
            raise AssertionError("%s should have failed but returned %r" % (method, msg.get("result")))
        return msg["error"]

    def roundtrip(self, timeout=None):
        """A request the server answers with an error whatever its state.
        Its answer can come before the diagnostics due to input sent before
        it (the server answers requests at once but publishes after the
        batch of input it read), so it is no barrier for notifications."""
        id_ = self.request_async("asyncradar/$probe")
        msg = self.response(id_, timeout)
        assert msg.get("error", {}).get("code") in (-32601, -32002, -32600), msg

    def sync(self, timeout=None):
        """A barrier for notifications, for a running server: opens and
        closes a fresh document and waits for the publish that clears it
        (every mode publishes for a closed document), then a round trip. Any
        publish due to earlier input came before or with that one."""
        uri = "file:///%%24barrier/%d.py" % self.next_id()
        self.send_raw(frame(notification_body("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": ""}}))
                      + frame(notification_body("textDocument/didClose", {"textDocument": {"uri": uri}})))
        self.wait_for("the barrier publish for " + uri,
                      lambda: any("version" not in p for p in self.publishes(uri)), timeout)
        self.roundtrip(timeout)

    def settle(self, pause=0.2):
        """For states where nothing publishes (before initialize, after
        shutdown): two round trips a pause apart."""
        self.roundtrip()
        time.sleep(pause)
        self.roundtrip()

    # ---- LSP helpers -----------------------------------------------------

    def initialize(self, capabilities=None, initialization_options=None, encodings=None,
                   pull=False, send_initialized=True):
        caps = dict(capabilities or {})
        if encodings is not None:
            caps.setdefault("general", {})["positionEncodings"] = list(encodings)
        if pull:
            caps.setdefault("textDocument", {})["diagnostic"] = {"dynamicRegistration": False}
        params = {"processId": os.getpid(), "rootUri": None, "capabilities": caps}
        if initialization_options is not None:
            params["initializationOptions"] = initialization_options
        result = self.request("initialize", params)
        self.capabilities = result["capabilities"]
        self.encoding = self.capabilities.get("positionEncoding", "utf-16")
        if send_initialized:
            self.notify("initialized", {})
        return result

    def open(self, uri, text, version=1, language="python"):
        self.send(notification_body("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": language, "version": version, "text": text}}))

    def open_raw(self, uri, text_bytes, version=1):
        """didOpen whose text holds arbitrary bytes (also invalid UTF-8): the
        JSON body is built around them by hand."""
        def esc(b):
            out = bytearray()
            for c in b:
                if c == 0x22:
                    out += b'\\"'
                elif c == 0x5C:
                    out += b"\\\\"
                elif c < 0x20:
                    out += b"\\u%04x" % c
                else:
                    out.append(c)
            return bytes(out)
        body = (b'{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"'
                + esc(uri.encode()) + b'","languageId":"python","version":%d,"text":"' % version
                + esc(text_bytes) + b'"}}}')
        self.send_raw(frame(body))

    def change(self, uri, version, changes):
        self.send(notification_body("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": changes}))

    def close(self, uri):
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def publishes(self, uri):
        return [n["params"] for n in self.notifications
                if n["method"] == "textDocument/publishDiagnostics" and n["params"]["uri"] == uri]

    def wait_publish(self, uri, version=None, timeout=None, after=0):
        """Waits for a publishDiagnostics for uri (with that version, if
        given) past the first `after` ones; returns its params."""
        def found():
            for p in self.publishes(uri)[after:]:
                if version is None or p.get("version") == version:
                    return p
            return None
        what = "publishDiagnostics for %s%s" % (uri, "" if version is None else " version %r" % version)
        return self.wait_for(what, found, timeout)

    def pull(self, uri, timeout=None):
        """textDocument/diagnostic; returns the items after checking the kind."""
        result = self.request("textDocument/diagnostic", {"textDocument": {"uri": uri}}, timeout)
        if not isinstance(result, dict) or result.get("kind") != "full" or not isinstance(result.get("items"), list):
            raise AssertionError("textDocument/diagnostic returned %r" % (result,))
        return result["items"]

    def log_messages(self):
        return [n["params"] for n in self.notifications if n["method"] == "window/logMessage"]

    def shutdown_and_exit(self, timeout=None):
        """shutdown + exit; returns the exit code."""
        result = self.request("shutdown", timeout=timeout)
        assert result is None, "shutdown returned %r" % (result,)
        self.notify("exit")
        return self.wait_exit(timeout)

    def close_stdin(self):
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass

    def wait_exit(self, timeout=None):
        """Waits for the process to end and returns its exit code; then,
        with all its output read, checks that no request had two answers."""
        try:
            code = self.proc.wait(timeout or self.timeout)
        except subprocess.TimeoutExpired:
            raise LspTimeout("the server did not exit within %.1fs%s" % (timeout or self.timeout, self._context()))
        self.wait_for("the end of the server's output", lambda: self.eof, timeout)
        self.check_one_response_each()
        return code

    def check_one_response_each(self):
        twice = {k: v for k, v in self.responses.items() if len(v) != 1}
        if twice:
            raise AssertionError("requests answered more than once: %r" % (twice,))

    def stderr_text(self):
        self._stderr.flush()
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", "replace")

    def stderr_tail(self, lines=15):
        text = self.stderr_text().splitlines()[-lines:]
        return ("\n  server stderr (tail):\n    " + "\n    ".join(text)) if text else ""

    SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                       "ERROR: UndefinedBehaviorSanitizer")

    def sanitizer_report(self):
        """The sanitizer report in the server's stderr (sanitizer builds), or None."""
        text = self.stderr_text()
        for mark in self.SANITIZER_MARKS:
            at = text.find(mark)
            if at >= 0:
                return text[max(0, at - 200):at + 6000]
        return None

    def finish(self):
        """Ends the server the way an editor going away does (end of input),
        so that a sanitizer build runs its exit-time leak check; kills it if
        it does not go. Raises AssertionError when stderr holds a sanitizer
        report."""
        if self.proc.poll() is None:
            self.close_stdin()
            try:
                self.proc.wait(max(self.timeout, 10))
            except subprocess.TimeoutExpired:
                pass
        self.kill()
        if self.sanitizer_text:
            raise AssertionError("sanitizer report from the server (%s):\n%s"
                                 % (self.binary, self.sanitizer_text))

    def kill(self):
        """Kills the server if it still runs and releases everything; safe
        to call more than once."""
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:  # pragma: no cover
            pass
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        # The reader thread owns stdout: closing it while the thread may
        # still call os.read on it would let the fd number be reused by the
        # next server's pipe, and the old thread would steal its output.
        # With the process gone the thread sees end of input and ends.
        self._reader.join(10)
        if not self._reader.is_alive():
            self.proc.stdout.close()
        if not self._stderr.closed:
            self.sanitizer_text = self.sanitizer_report()
            self._stderr.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.finish()
        return False


# ---- positions ------------------------------------------------------------

ENCODINGS = ("utf-8", "utf-16", "utf-32")


def _char_len(data, i):
    """Bytes of the character at data[i]: a well-formed UTF-8 sequence
    (RFC 3629, as Python's strict decoder checks it), else 1 for the one
    invalid byte, which stands for U+FFFD."""
    b = data[i]
    n = 1 if b < 0x80 else 2 if 0xC2 <= b <= 0xDF else 3 if 0xE0 <= b <= 0xEF else 4 if 0xF0 <= b <= 0xF4 else 0
    if n == 0:
        return 1
    try:
        data[i:i + n].decode("utf-8")
        return n
    except UnicodeDecodeError:
        return 1


def _units(data, i, n, enc):
    if enc == "utf-8":
        return n
    if enc == "utf-32":
        return 1
    if n == 4 and _is_valid(data, i, n):
        return 2
    return 1


def _is_valid(data, i, n):
    try:
        data[i:i + n].decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


class Text:
    """A document's bytes with LSP line structure: LF, CRLF and lone CR end
    lines; a text ending in a terminator has an empty last line."""

    def __init__(self, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.data = bytes(data)
        self.starts = [0]
        d, n = self.data, len(self.data)
        i = 0
        while i < n:
            c = d[i]
            if c == 0x0A:
                self.starts.append(i + 1)
            elif c == 0x0D:
                if i + 1 < n and d[i + 1] == 0x0A:
                    i += 1
                self.starts.append(i + 1)
            i += 1

    def line_bounds(self, line):
        """(start, content end) of a line."""
        start = self.starts[line]
        if line + 1 < len(self.starts):
            end = self.starts[line + 1]
            end -= 2 if self.data[end - 2:end] == b"\r\n" else 1
        else:
            end = len(self.data)
        return start, end

    def position(self, offset, enc):
        """Byte offset (at a character boundary, not inside a line end) to
        an LSP {line, character}."""
        assert 0 <= offset <= len(self.data)
        line = 0
        lo, hi = 0, len(self.starts)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid
        line = lo
        start, end = self.line_bounds(line)
        assert offset <= end, "offset %d is inside a line terminator" % offset
        units, i = 0, start
        while i < offset:
            n = _char_len(self.data, i)
            assert i + n <= offset, "offset %d is inside a character" % offset
            units += _units(self.data, i, n, enc)
            i += n
        return {"line": line, "character": units}

    def offset(self, pos, enc):
        """LSP position to byte offset, clamping as the protocol asks: a
        line past the end is the end of the text, a character past the
        line's end is the line's end; inside a character rounds down."""
        line, char = pos["line"], pos["character"]
        if line >= len(self.starts):
            return len(self.data)
        start, end = self.line_bounds(line)
        units, i = 0, start
        while i < end:
            n = _char_len(self.data, i)
            w = _units(self.data, i, n, enc)
            if units + w > char:
                break
            units += w
            i += n
        return i

    def range(self, start, end, enc):
        return {"start": self.position(start, enc), "end": self.position(end, enc)}

    def boundaries(self):
        """Every offset an LSP position can address: character starts that
        are not inside a CRLF, plus the end."""
        out = []
        i, d, n = 0, self.data, len(self.data)
        while i < n:
            out.append(i)
            if d[i] == 0x0D and i + 1 < n and d[i + 1] == 0x0A:
                i += 2
            else:
                i += _char_len(d, i)
        out.append(n)
        return out

    def edit(self, start, end, new):
        if isinstance(new, str):
            new = new.encode("utf-8")
        return Text(self.data[:start] + new + self.data[end:])

    def find_range(self, needle, enc, nth=0):
        """The range of the nth occurrence of needle (str or bytes)."""
        if isinstance(needle, str):
            needle = needle.encode("utf-8")
        at = -1
        for _ in range(nth + 1):
            at = self.data.find(needle, at + 1)
            assert at >= 0, "%r not found" % needle
        return self.range(at, at + len(needle), enc)


# ---- diagnostics ----------------------------------------------------------

def diag_key(d):
    r = d["range"]
    # The related locations' uri is left out, so that one text under two
    # names compares equal.
    related = tuple((json.dumps(i["location"]["range"], sort_keys=True), i["message"])
                    for i in d.get("relatedInformation", []))
    return (r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"],
            d.get("code"), d.get("message"), d.get("severity"), d.get("source"), related)


def summarize(diags):
    """Diagnostics as sorted, comparable tuples."""
    return sorted(diag_key(d) for d in diags)


def short(diags):
    """(code, start line, start char, end line, end char), sorted."""
    return sorted((d["code"], d["range"]["start"]["line"], d["range"]["start"]["character"],
                   d["range"]["end"]["line"], d["range"]["end"]["character"]) for d in diags)


def check_diagnostic_shape(tc, d):
    """Asserts the fields every asyncradar diagnostic has."""
    tc.assertEqual(set(d) - {"range", "severity", "code", "source", "message", "data",
                             "relatedInformation"}, set(), d)
    tc.assertEqual(d["severity"], 2, d)
    tc.assertEqual(d["source"], "asyncradar", d)
    tc.assertRegex(d["code"], r"^(ASYNC|ARD)\d+$")
    tc.assertIsInstance(d["message"], str)
    for side in ("start", "end"):
        p = d["range"][side]
        tc.assertIsInstance(p["line"], int)
        tc.assertIsInstance(p["character"], int)
        tc.assertGreaterEqual(p["line"], 0)
        tc.assertGreaterEqual(p["character"], 0)


class ServerTestCase(unittest.TestCase):
    """Starts servers through self.server(...) and always cleans them up."""

    maxDiff = 4000

    def server(self, **kw):
        s = Server(**kw)
        self.addCleanup(s.finish)
        return s

    def started(self, **init):
        """A server that answered initialize and got initialized."""
        s = self.server()
        s.initialize(**init)
        return s


def main():
    binary_from_argv()
    unittest.main(verbosity=2)
