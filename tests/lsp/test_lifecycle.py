#!/usr/bin/env python3
"""Lifecycle: initialize / initialized / shutdown / exit, capabilities,
position encoding negotiation, exit codes, and what the server does outside
the running state.

usage: test_lifecycle.py [path/to/asyncradar] [unittest options]
"""

import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lspclient  # noqa: E402
from lspclient import ServerTestCase, frame, request_body, notification_body  # noqa: E402

SLEEP_TEXT = "import time\n\nasync def f():\n    time.sleep(1)\n"


class Lifecycle(ServerTestCase):

    def test_initialize_result(self):
        s = self.server()
        result = s.initialize()
        caps = result["capabilities"]
        self.assertEqual(caps["positionEncoding"], "utf-16")
        sync = caps["textDocumentSync"]
        self.assertIsInstance(sync, dict)
        self.assertIs(sync["openClose"], True)
        self.assertEqual(sync["change"], 2)  # incremental
        self.assertIn(sync["save"], (True, {"includeText": False}))
        self.assertNotIn("diagnosticProvider", caps)  # a push client
        info = result["serverInfo"]
        self.assertEqual(info["name"], "asyncradar")
        out = subprocess.run([s.binary, "--version"], capture_output=True, text=True, timeout=30)
        self.assertEqual(out.stdout.strip(), "asyncradar " + info["version"])
        self.assertRegex(info["version"], r"^\d+\.\d+\.\d+")
        self.assertEqual(s.shutdown_and_exit(), 0)

    def test_pull_client_gets_diagnostic_provider(self):
        s = self.server()
        caps = s.initialize(pull=True)["capabilities"]
        provider = caps["diagnosticProvider"]
        self.assertIs(provider["interFileDependencies"], False)
        self.assertIs(provider["workspaceDiagnostics"], False)
        self.assertEqual(s.shutdown_and_exit(), 0)

    def test_position_encoding_negotiation(self):
        cases = [
            (None, "utf-16"),
            ([], "utf-16"),
            (["utf-16"], "utf-16"),
            (["utf-8"], "utf-8"),
            (["utf-16", "utf-8"], "utf-8"),
            (["utf-32", "utf-16", "utf-8"], "utf-8"),
            (["utf-32"], "utf-32"),
            (["utf-32", "utf-16"], "utf-16"),
            (["utf-16", "utf-32"], "utf-16"),
            (["latin-1", 8, None], "utf-16"),
            (["UTF-8"], "utf-16"),  # names are case-sensitive in LSP
            (["utf-32", "ebcdic"], "utf-32"),
        ]
        for offered, expected in cases:
            with self.subTest(offered=offered):
                s = self.server()
                result = s.initialize(encodings=offered)
                self.assertEqual(result["capabilities"]["positionEncoding"], expected)
                self.assertEqual(s.shutdown_and_exit(), 0)
                s.finish()

    def test_encodings_not_an_array_fall_back_to_utf16(self):
        s = self.server()
        result = s.initialize(capabilities={"general": {"positionEncodings": "utf-8"}})
        self.assertEqual(result["capabilities"]["positionEncoding"], "utf-16")

    def test_exit_after_shutdown_is_0(self):
        s = self.started()
        s.open("file:///a.py", SLEEP_TEXT)
        s.wait_publish("file:///a.py", 1)
        self.assertEqual(s.shutdown_and_exit(), 0)
        s.wait_for("the end of the server's output", lambda: s.eof)

    def test_exit_without_shutdown_is_1(self):
        s = self.started()
        s.notify("exit")
        self.assertEqual(s.wait_exit(), 1)

    def test_exit_before_initialize_is_1(self):
        s = self.server()
        s.notify("exit")
        self.assertEqual(s.wait_exit(), 1)
        self.assertEqual(s.responses, {})

    def test_eof_without_shutdown_is_1(self):
        s = self.started()
        s.open("file:///a.py", SLEEP_TEXT)
        s.wait_publish("file:///a.py", 1)
        s.close_stdin()
        self.assertEqual(s.wait_exit(), 1)

    def test_eof_before_anything_is_1(self):
        s = self.server()
        s.close_stdin()
        self.assertEqual(s.wait_exit(), 1)

    def test_eof_after_shutdown_exits_0(self):
        s = self.started()
        self.assertIsNone(s.request("shutdown"))
        s.close_stdin()
        self.assertEqual(s.wait_exit(), 0)

    def test_requests_after_shutdown_are_invalid(self):
        s = self.started()
        self.assertIsNone(s.request("shutdown"))
        for method, params in [("textDocument/diagnostic", {"textDocument": {"uri": "file:///a.py"}}),
                               ("shutdown", None), ("initialize", {"capabilities": {}}),
                               ("no/such/method", None)]:
            with self.subTest(method=method):
                self.assertEqual(s.request_error(method, params)["code"], -32600)
        # Notifications are dropped: no diagnostics for a document opened now.
        s.open("file:///late.py", SLEEP_TEXT)
        s.settle()
        self.assertEqual(s.publishes("file:///late.py"), [])
        s.notify("exit")
        self.assertEqual(s.wait_exit(), 0)

    def test_request_before_initialize(self):
        s = self.server()
        err = s.request_error("textDocument/diagnostic", {"textDocument": {"uri": "file:///a.py"}})
        self.assertEqual(err["code"], -32002)
        self.assertEqual(s.request_error("shutdown")["code"], -32002)
        self.assertEqual(s.request_error("no/such/method")["code"], -32002)
        # A string id is echoed as a string.
        msg_id = "before-init"
        s.send(request_body(msg_id, "shutdown"))
        self.assertEqual(s.response(msg_id)["error"]["code"], -32002)
        # Notifications before initialize are dropped, never answered.
        s.open("file:///early.py", SLEEP_TEXT)
        s.initialize()
        s.sync()
        self.assertEqual(s.publishes("file:///early.py"), [])
        self.assertEqual(s.pull("file:///early.py"), [])
        # The session works normally afterwards.
        s.open("file:///a.py", SLEEP_TEXT)
        p = s.wait_publish("file:///a.py", 1)
        self.assertEqual(lspclient.short(p["diagnostics"]), [("ASYNC251", 3, 4, 3, 14)])
        self.assertEqual(s.shutdown_and_exit(), 0)

    def test_initialize_twice(self):
        s = self.started()
        self.assertEqual(s.request_error("initialize", {"capabilities": {}})["code"], -32600)
        # The first initialize's choices stay.
        s.open("file:///a.py", SLEEP_TEXT)
        s.wait_publish("file:///a.py", 1)
        self.assertEqual(s.shutdown_and_exit(), 0)

    def test_failed_initialize_can_be_retried(self):
        s = self.server()
        self.assertEqual(s.request_error("initialize", [1, 2])["code"], -32602)
        # Still not initialized.
        self.assertEqual(s.request_error("shutdown")["code"], -32002)
        s.initialize(encodings=["utf-8"])
        self.assertEqual(s.encoding, "utf-8")
        self.assertEqual(s.shutdown_and_exit(), 0)

    def test_initialize_without_params(self):
        s = self.server()
        result = s.request("initialize")
        self.assertEqual(result["capabilities"]["positionEncoding"], "utf-16")
        self.assertEqual(s.shutdown_and_exit(), 0)

    def test_shutdown_twice(self):
        s = self.started()
        self.assertIsNone(s.request("shutdown"))
        self.assertEqual(s.request_error("shutdown")["code"], -32600)
        s.notify("exit")
        self.assertEqual(s.wait_exit(), 0)

    def test_input_after_exit_is_not_read(self):
        s = self.started()
        s.send_raw(frame(request_body(900, "shutdown")) + frame(notification_body("exit"))
                   + frame(request_body(901, "textDocument/diagnostic",
                                        {"textDocument": {"uri": "file:///a.py"}})))
        self.assertEqual(s.wait_exit(), 0)
        s.wait_for("the end of the server's output", lambda: s.eof)
        self.assertIsNone(s.response(900)["result"])
        self.assertNotIn(901, s.responses)

    def test_initialized_is_not_answered(self):
        s = self.server()
        s.initialize()
        s.sync()
        # Exactly the initialize and sync responses; nothing for initialized.
        self.assertEqual(len(s.responses), 2)
        self.assertEqual(s.null_id_errors, [])

    def test_command_line_forms(self):
        for args in (["--stdio"], ["server"], ["server", "--stdio"], ["server", "--log-level", "off"],
                     ["server", "--stdio", "--log-level", "error"]):
            with self.subTest(args=args):
                s = self.server(args=args)
                s.initialize()
                self.assertEqual(s.shutdown_and_exit(), 0)
                s.finish()
        for args in (["server", "--log-level", "loud"], ["server", "--tcp"]):
            with self.subTest(args=args):
                out = subprocess.run([lspclient.default_binary(), *args], input=b"",
                                     capture_output=True, timeout=30)
                self.assertEqual(out.returncode, 2, out)
                self.assertEqual(out.stdout, b"")

    def test_logs_stay_off_stdout(self):
        # With debug logging every message is logged; stdout must still hold
        # only framed JSON-RPC (the harness checks each body strictly).
        s = self.started()
        s.open("file:///a.py", SLEEP_TEXT)
        s.wait_publish("file:///a.py", 1)
        s.notify("no/such/notification")
        self.assertEqual(s.shutdown_and_exit(), 0)
        self.assertIn("debug", s.stderr_text())

    def test_exit_is_prompt(self):
        s = self.started()
        start = time.monotonic()
        self.assertEqual(s.shutdown_and_exit(), 0)
        self.assertLess(time.monotonic() - start, 10)


if __name__ == "__main__":
    lspclient.main()
