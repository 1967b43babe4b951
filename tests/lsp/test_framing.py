#!/usr/bin/env python3
"""Base-protocol framing: Content-Length headers in any case, other headers,
many messages per write, messages cut across writes down to single bytes,
oversized messages, wrong Content-Length values, and resynchronising after
malformed header blocks.

usage: test_framing.py [path/to/asyncradar] [unittest options]
"""

import json
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lspclient  # noqa: E402
from lspclient import ServerTestCase, frame, request_body, notification_body  # noqa: E402

SLEEP_TEXT = "import time\n\nasync def f():\n    time.sleep(1)\n"
SLEEP_DIAG = [("ASYNC251", 3, 4, 3, 14)]
MAX_MESSAGE = 64 << 20


def body_bytes(msg):
    return json.dumps(msg).encode()


def probe(id_):
    """A request with a known answer: diagnostics of a document never opened."""
    return request_body(id_, "textDocument/diagnostic", {"textDocument": {"uri": "file:///never-opened.py"}})


class Framing(ServerTestCase):

    def assert_probe_answered(self, s, id_):
        msg = s.response(id_)
        self.assertEqual(msg.get("result"), {"kind": "full", "items": []}, msg)

    def assert_works(self, s):
        """A full round trip plus pushed diagnostics of a fresh document."""
        id_ = s.next_id()
        s.send(probe(id_))
        self.assert_probe_answered(s, id_)
        uri = "file:///works-%d.py" % s.next_id()
        s.open(uri, SLEEP_TEXT)
        p = s.wait_publish(uri, 1)
        self.assertEqual(lspclient.short(p["diagnostics"]), SLEEP_DIAG)

    def test_header_names_ignore_case_and_content_type(self):
        s = self.started()
        headers = [
            b"content-length: %d\r\n\r\n",
            b"CONTENT-LENGTH: %d\r\n\r\n",
            b"Content-length:%d\r\n\r\n",
            b"cOnTeNt-LeNgTh:   %d   \r\n\r\n",
            b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: %d\r\n\r\n",
            b"Content-Length: %d\r\ncontent-type: application/vscode-jsonrpc; charset=utf8\r\n\r\n",
            b"Content-Length: %d\r\nX-Whatever: 1\r\nContent-Length: %d\r\n\r\n",  # same value twice
            b"Content-Length: %d\n\n",  # bare LF line ends
        ]
        for i, header in enumerate(headers):
            with self.subTest(header=header):
                id_ = 100 + i
                body = body_bytes(probe(id_))
                n = header.count(b"%d")
                s.send_raw(header % ((len(body),) * n) + body)
                self.assert_probe_answered(s, id_)
        self.assertEqual(s.null_id_errors, [])
        self.assert_works(s)

    def test_many_messages_in_one_write(self):
        s = self.started()
        data = b"".join(frame(probe(1000 + i)) for i in range(200))
        data += frame(notification_body("textDocument/didOpen", {"textDocument": {
            "uri": "file:///m.py", "languageId": "python", "version": 7, "text": SLEEP_TEXT}}))
        data += b"".join(frame(probe(2000 + i)) for i in range(50))
        s.send_raw(data)
        for i in range(200):
            self.assert_probe_answered(s, 1000 + i)
        for i in range(50):
            self.assert_probe_answered(s, 2000 + i)
        p = s.wait_publish("file:///m.py", 7)
        self.assertEqual(lspclient.short(p["diagnostics"]), SLEEP_DIAG)
        # Responses come in request order.
        ids = [json.loads(b)["id"] for b in s.raw_out if b'"id":' in b and b'"method"' not in b]
        ids = [i for i in ids if isinstance(i, int) and i >= 1000]
        self.assertEqual(ids, list(range(1000, 1200)) + list(range(2000, 2050)))

    def test_split_byte_by_byte(self):
        s = self.server()
        init = frame(request_body(1, "initialize", {"capabilities": {}}))
        opened = frame(notification_body("textDocument/didOpen", {"textDocument": {
            "uri": "file:///b.py", "languageId": "python", "version": 3, "text": SLEEP_TEXT}}))
        data = init + frame(notification_body("initialized", {})) + opened + frame(probe(2))
        for i in range(len(data)):
            s.send_raw(data[i:i + 1])
            if i % 7 == 0:
                time.sleep(0.0005)  # let the server see single bytes, not only coalesced ones
        self.assertEqual(s.response(1)["result"]["serverInfo"]["name"], "asyncradar")
        self.assert_probe_answered(s, 2)
        p = s.wait_publish("file:///b.py", 3)
        self.assertEqual(lspclient.short(p["diagnostics"]), SLEEP_DIAG)
        self.assertEqual(s.null_id_errors, [])

    def test_split_at_every_position(self):
        # One message cut in two at each possible point, including inside the
        # header name, between \r and \n, and inside the body.
        s = self.started()
        for cut in range(0, 80):
            id_ = 3000 + cut
            data = frame(probe(id_))
            s.send_raw(data[:cut])
            time.sleep(0.002)
            s.send_raw(data[cut:])
            self.assert_probe_answered(s, id_)
        self.assertEqual(s.null_id_errors, [])

    def test_random_chunking(self):
        rng = random.Random(1234)
        s = self.started()
        data = b"".join(frame(probe(4000 + i)) for i in range(60))
        pos = 0
        while pos < len(data):
            n = rng.choice([1, 2, 3, 17, 64, 200, 1000])
            s.send_raw(data[pos:pos + n])
            pos += n
            if rng.random() < 0.2:
                time.sleep(0.001)
        for i in range(60):
            self.assert_probe_answered(s, 4000 + i)

    def test_stray_line_ends_between_messages(self):
        s = self.started()
        s.send_raw(b"\r\n\r\n" + frame(probe(5)) + b"\n\r\n" + frame(probe(6)) + b"\r\n")
        self.assert_probe_answered(s, 5)
        self.assert_probe_answered(s, 6)
        self.assertEqual(s.null_id_errors, [])

    def test_utf8_body_length_is_in_bytes(self):
        s = self.started()
        text = "import time\n# héllo 🙂 wörld\nasync def f():\n    time.sleep(1)\n"
        s.open("file:///u.py", text, 2)
        p = s.wait_publish("file:///u.py", 2)
        self.assertEqual(lspclient.short(p["diagnostics"]), [("ASYNC251", 3, 4, 3, 14)])

    def test_oversized_message_is_skipped_unbuffered(self):
        s = self.started()
        n = MAX_MESSAGE + 1
        junk = b"x" * n
        s.send_raw(b"Content-Length: %d\r\n\r\n" % n, timeout=120)
        s.send_raw(junk[:1000])
        s.send_raw(junk[1000:], timeout=120)
        del junk
        s.send_raw(frame(probe(7)))
        self.assert_probe_answered(s, 7)
        self.assertEqual(s.null_id_errors, [], "the skipped body must not be answered")
        self.assertIn("exceeds the limit", s.stderr_text())
        # Skipped, not buffered: the server never held the 64 MiB body.
        peak = vm_hwm_kib(s.proc.pid)
        if peak is not None:
            self.assertLess(peak, 48 * 1024, "peak RSS %d KiB after skipping 64 MiB" % peak)
        self.assert_works(s)

    def test_oversized_message_in_one_write_with_the_next(self):
        s = self.started()
        n = MAX_MESSAGE + 10
        s.send_raw(b"Content-Length: %d\r\n\r\n" % n + b"{" * n + frame(probe(8)), timeout=120)
        self.assert_probe_answered(s, 8)
        self.assertEqual(s.null_id_errors, [])
        self.assert_works(s)

    def test_huge_length_then_close(self):
        s = self.started()
        s.send_raw(b"Content-Length: 1000000000000\r\n\r\n{\"jsonrpc\":")
        s.close_stdin()
        self.assertEqual(s.wait_exit(), 1)
        self.assertIn("exceeds the limit", s.stderr_text())
        self.assertEqual(s.null_id_errors, [])

    def test_length_beyond_size_t_is_dropped(self):
        s = self.started()
        s.send_raw(b"Content-Length: 99999999999999999999999999999\r\n\r\n" + frame(probe(9)))
        self.assert_probe_answered(s, 9)
        self.assertIn("Content-Length out of range", s.stderr_text())

    def test_truncated_message_then_close(self):
        s = self.started()
        s.send_raw(b"Content-Length: 500\r\n\r\n{\"jsonrpc\":\"2.0\"")
        s.close_stdin()
        self.assertEqual(s.wait_exit(), 1)
        self.assertEqual(s.null_id_errors, [])

    def test_content_length_too_short(self):
        s = self.started()
        body = body_bytes(request_body(10, "shutdown"))
        for short_by in (1, 5, len(body) // 2, len(body) - 1):
            with self.subTest(short_by=short_by):
                before = len(s.null_id_errors)
                id_ = s.next_id()
                s.send_raw(b"Content-Length: %d\r\n\r\n" % (len(body) - short_by) + body + frame(probe(id_)))
                self.assert_probe_answered(s, id_)
                errors = s.null_id_errors[before:]
                self.assertEqual([e["error"]["code"] for e in errors], [-32700], errors)
                self.assertNotIn(10, s.responses, "the cut request must not run")
        # The shutdown never ran: the session is still running.
        self.assert_works(s)

    def test_content_length_too_long_recovers_swallowed_message(self):
        s = self.started()
        first = body_bytes(request_body(20, "no/such/method"))
        for extra in (20, 21, 25, 40):  # the next header is "Content-Length: NN\r\n\r\n": 20 bytes
            with self.subTest(extra=extra):
                before = len(s.null_id_errors)
                id_ = s.next_id()
                nxt = frame(probe(id_))
                self.assertLessEqual(extra, len(nxt))
                s.send_raw(b"Content-Length: %d\r\n\r\n" % (len(first) + extra) + first + nxt)
                self.assert_probe_answered(s, id_)
                errors = s.null_id_errors[before:]
                self.assertEqual([e["error"]["code"] for e in errors], [-32700], errors)
        self.assertNotIn(20, s.responses)
        self.assert_works(s)

    def test_content_length_too_long_swallowing_several_messages(self):
        s = self.started()
        first = body_bytes(request_body(30, "no/such/method"))
        rest = frame(probe(31)) + frame(probe(32)) + frame(probe(33))
        extra = len(frame(probe(31))) + len(frame(probe(32))) + 10  # into the third header
        s.send_raw(b"Content-Length: %d\r\n\r\n" % (len(first) + extra) + first + rest)
        for id_ in (31, 32, 33):
            self.assert_probe_answered(s, id_)
        self.assertEqual([e["error"]["code"] for e in s.null_id_errors], [-32700])

    def test_content_length_too_long_split_across_writes(self):
        s = self.started()
        first = body_bytes(request_body(40, "no/such/method"))
        nxt = frame(probe(41))
        s.send_raw(b"Content-Length: %d\r\n\r\n" % (len(first) + 30) + first)
        time.sleep(0.05)
        for i in range(len(nxt)):  # the rest arrives byte by byte
            s.send_raw(nxt[i:i + 1])
        self.assert_probe_answered(s, 41)
        self.assertEqual([e["error"]["code"] for e in s.null_id_errors], [-32700])

    def test_malformed_header_blocks_resync(self):
        s = self.started()
        bad = [
            b"Content-Type: application/json\r\n\r\n{}",          # no Content-Length
            b"Content-Length: -5\r\n\r\n",                          # negative
            b"Content-Length: twelve\r\n\r\n{}",                    # not a number
            b"Content-Length:\r\n\r\n",                             # empty
            b"Content-Length: 10\r\nContent-Length: 11\r\n\r\n",    # conflicting
            b"this is not a header\r\n\r\n",                        # no colon
            b": no name\r\n\r\n",
            b"Bad Name: 3\r\n\r\n",                                 # space in the name
            b"garbage before a header with no line end ",
            b"\x00\xff\xfe binary junk \x80\r\n\r\n",
            b"Content-Length 12\r\n\r\n",                           # no colon at all
            b"X: " + b"y" * 9000 + b"\r\n\r\n",                      # header block too long
            b"Content-Lengthy: 5\r\n\r\nhello",                     # another header, no length
        ]
        for i, junk in enumerate(bad):
            with self.subTest(junk=junk[:40]):
                id_ = 6000 + i
                s.send_raw(junk + frame(probe(id_)))
                self.assert_probe_answered(s, id_)
        self.assert_works(s)

    def test_header_block_without_blank_line_is_bounded(self):
        # Lines of headers that never end must not grow the buffer forever.
        s = self.started()
        s.send_raw(b"X-Header: value\r\n" * 2000)
        s.send_raw(frame(probe(50)))
        self.assert_probe_answered(s, 50)
        self.assertIn("header block too long", s.stderr_text())

    def test_zero_length_body_is_a_parse_error(self):
        s = self.started()
        s.send_raw(b"Content-Length: 0\r\n\r\n" + frame(probe(51)))
        self.assert_probe_answered(s, 51)
        self.assertEqual([e["error"]["code"] for e in s.null_id_errors], [-32700])

    def test_server_output_is_well_framed(self):
        # The reader checks every header and body; here also the exact header
        # bytes of the first response.
        s = self.server()
        s.send_raw(frame(request_body(1, "initialize", {"capabilities": {}})))
        s.response(1)
        raw = s.raw_out[0]
        self.assertEqual(json.loads(raw)["id"], 1)
        # Bodies are compact JSON text, valid UTF-8.
        raw.decode("utf-8")


def vm_hwm_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


if __name__ == "__main__":
    lspclient.main()
