#!/usr/bin/env python3
"""Diagnostics: pushed (publishDiagnostics with the document version) and
pulled (textDocument/diagnostic), exact ranges, fields and messages, a burst
of changes publishing once, and the select / ignore settings from
initializationOptions and workspace/didChangeConfiguration.

usage: test_diagnostics.py [path/to/asyncradar] [unittest options]
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lspclient  # noqa: E402
from lspclient import ServerTestCase, Text, frame, notification_body  # noqa: E402

SOURCE = '''import time
import requests
import subprocess as sp
import os.path
import shutil
from time import sleep
import asyncio


async def handler(url, path):
    time.sleep(1)
    requests.get(url)
    sp.run(["ls"])
    os.path.exists(path)
    sleep(2)
    name = input("name? ")
    with open(path) as fh:
        data = fh.read()
    shutil.move(path, "/tmp/x")
    await asyncio.sleep(1)
    await asyncio.to_thread(time.sleep, 1)
    f = lambda: time.sleep(3)

    def inner():
        time.sleep(4)
    return data


def plain():
    time.sleep(5)
    requests.get("http://example.com")
'''

# (code, text the range covers, occurrence of that text, name in the message)
EXPECTED = [
    ("ASYNC251", "time.sleep", 0, "time.sleep"),
    ("ASYNC210", "requests.get", 0, "requests.get"),
    ("ASYNC221", "sp.run", 0, "subprocess.run"),
    ("ASYNC240", "os.path.exists", 0, "os.path.exists"),
    ("ASYNC251", "sleep(2)", 0, "time.sleep"),
    ("ASYNC250", "input", 0, "input"),
    ("ASYNC230", "open", 0, "open"),
    ("ASYNC232", "fh.read", 0, "read"),
    ("ARD110", "shutil.move", 0, "shutil.move"),
]


def expected_ranges(enc="utf-16", codes=None):
    text = Text(SOURCE)
    out = []
    for code, needle, nth, _ in EXPECTED:
        if codes is not None and not any(code.startswith(c) for c in codes):
            continue
        r = callee_range(text, needle, nth, enc)
        out.append((code, r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"]))
    return sorted(out)


def callee_range(text, needle, nth, enc):
    if needle == "sleep(2)":  # the bare `sleep` of `from time import sleep`
        at = text.data.find(b"sleep(2)")
        return text.range(at, at + len("sleep"), enc)
    return text.find_range(needle, enc, nth)


ALL = expected_ranges()


def codes_of(diags):
    return sorted(d["code"] for d in diags)


class Push(ServerTestCase):

    def test_exact_ranges_fields_and_messages(self):
        for enc in lspclient.ENCODINGS:
            with self.subTest(enc=enc):
                s = self.server()
                s.initialize(encodings=[enc])
                s.open("file:///d.py", SOURCE, 3)
                p = s.wait_publish("file:///d.py", 3)
                self.assertEqual(p["version"], 3)
                diags = p["diagnostics"]
                self.assertEqual(lspclient.short(diags), expected_ranges(enc))
                for d in diags:
                    lspclient.check_diagnostic_shape(self, d)
                    self.assertEqual(d["severity"], 2)
                    self.assertEqual(d["source"], "asyncradar")
                by_code_line = {(d["code"], d["range"]["start"]["line"]): d for d in diags}
                text = Text(SOURCE)
                for code, needle, nth, name in EXPECTED:
                    line = callee_range(text, needle, nth, enc)["start"]["line"]
                    msg = by_code_line[(code, line)]["message"]
                    self.assertIn("`%s`" % name if name != "read" else "read`", msg)
                    self.assertIn("blocks the event loop", msg)
                s.finish()

    def test_publishes_follow_changes(self):
        s = self.started()
        uri = "file:///follow.py"
        s.open(uri, "async def f():\n    pass\n", 1)
        self.assertEqual(s.wait_publish(uri, 1)["diagnostics"], [])
        s.change(uri, 2, [{"range": {"start": {"line": 1, "character": 4}, "end": {"line": 1, "character": 8}},
                           "text": "time.sleep(1)"}])
        # Not imported: the bare name `time` resolves to nothing.
        self.assertEqual(s.wait_publish(uri, 2)["diagnostics"], [])
        s.change(uri, 3, [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                           "text": "import time\n"}])
        p = s.wait_publish(uri, 3)
        self.assertEqual(lspclient.short(p["diagnostics"]), [("ASYNC251", 2, 4, 2, 14)])
        # `async` removed: a plain def may block.
        s.change(uri, 4, [{"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 6}},
                           "text": ""}])
        self.assertEqual(s.wait_publish(uri, 4)["diagnostics"], [])
        s.close(uri)
        self.assertEqual(s.wait_publish(uri, after=4)["diagnostics"], [])

    def test_each_document_separately(self):
        s = self.started()
        s.open("file:///one.py", SOURCE, 1)
        s.open("file:///two.py", "import time\nasync def g():\n    time.sleep(0)\n", 9)
        s.open("file:///three.py", "x = 1\n", 2)
        self.assertEqual(lspclient.short(s.wait_publish("file:///one.py", 1)["diagnostics"]), ALL)
        self.assertEqual(lspclient.short(s.wait_publish("file:///two.py", 9)["diagnostics"]),
                         [("ASYNC251", 2, 4, 2, 14)])
        self.assertEqual(s.wait_publish("file:///three.py", 2)["diagnostics"], [])

    def test_burst_publishes_once_with_last_version(self):
        s = self.started()
        uri = "file:///burst.py"
        base = "import time\n\nasync def f():\n    pass\n"
        s.open(uri, base, 1)
        s.wait_publish(uri, 1)
        before = len(s.publishes(uri))
        text = Text(base)
        data = b""
        version = 1
        # 60 keystrokes typing `time.sleep(1)` on a new line, one by one.
        typed = "\n    time.sleep(1)"
        at = len(text.data) - 1  # before the final newline
        for i, ch in enumerate(typed * 4):
            version += 1
            rng = text.range(at, at, "utf-16")
            data += frame(notification_body("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": rng, "text": ch}]}))
            text = text.edit(at, at, ch)
            at += 1
        self.assertLess(len(data), 60000, "the burst must fit one pipe write")
        s.send_raw(data)
        p = s.wait_publish(uri, version)
        s.sync()
        pubs = s.publishes(uri)[before:]
        self.assertEqual([q["version"] for q in pubs], [version],
                         "a burst in one write publishes once, for its last version")
        n = text.data.count(b"time.sleep")
        want = sorted(("ASYNC251",) + tuple(v for r in [text.find_range("time.sleep", "utf-16", i)]
                                            for v in (r["start"]["line"], r["start"]["character"],
                                                      r["end"]["line"], r["end"]["character"]))
                      for i in range(n))
        self.assertEqual(lspclient.short(p["diagnostics"]), want)
        self.assertEqual(len(want), 4)

    def test_burst_over_several_documents(self):
        s = self.started()
        uris = ["file:///b%d.py" % i for i in range(5)]
        data = b""
        for i, uri in enumerate(uris):
            data += frame(notification_body("textDocument/didOpen", {"textDocument": {
                "uri": uri, "languageId": "python", "version": 1, "text": "import time\n"}}))
        for v in range(2, 12):
            for i, uri in enumerate(uris):
                text = "import time\nasync def f():\n" + "    time.sleep(1)\n" * (v if i % 2 else 1)
                data += frame(notification_body("textDocument/didChange", {
                    "textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": text}]}))
        s.send_raw(data)
        for i, uri in enumerate(uris):
            p = s.wait_publish(uri, 11)
            self.assertEqual(len(p["diagnostics"]), 11 if i % 2 else 1)
        s.sync()
        for uri in uris:
            self.assertEqual([q["version"] for q in s.publishes(uri)], [11])


class Pull(ServerTestCase):

    def test_pull_mode(self):
        s = self.server()
        caps = s.initialize(pull=True)["capabilities"]
        self.assertIn("diagnosticProvider", caps)
        uri = "file:///pull.py"
        s.open(uri, SOURCE, 1)
        self.assertEqual(lspclient.short(s.pull(uri)), ALL)
        s.change(uri, 2, [{"text": "import time\nasync def f():\n    time.sleep(1)\n"}])
        items = s.pull(uri)
        self.assertEqual(lspclient.short(items), [("ASYNC251", 2, 4, 2, 14)])
        for d in items:
            lspclient.check_diagnostic_shape(self, d)
        s.sync()
        self.assertEqual(s.publishes(uri), [], "a pulling client gets no pushes for open documents")
        # A closed document: nothing to pull; a clearing push is harmless.
        s.close(uri)
        s.sync()
        self.assertEqual(s.pull(uri), [])
        for p in s.publishes(uri):
            self.assertEqual(p["diagnostics"], [])
        self.assertEqual(s.shutdown_and_exit(), 0)

    def test_pull_equals_push(self):
        push = self.started()
        pull = self.started(pull=True)
        texts = [SOURCE, SOURCE.replace("\n", "\r\n"), "import time\nasync def f():\n    s = '🙂'; time.sleep(1)\n"]
        for i, text in enumerate(texts):
            uri = "file:///same%d.py" % i
            push.open(uri, text, 1)
            pull.open(uri, text, 1)
            self.assertEqual(lspclient.summarize(pull.pull(uri)),
                             lspclient.summarize(push.wait_publish(uri, 1)["diagnostics"]))

    def test_pull_params(self):
        s = self.started(pull=True)
        s.open("file:///p.py", SOURCE, 1)
        for params in (None, {}, {"textDocument": {}}, {"textDocument": {"uri": 5}},
                       {"textDocument": "file:///p.py"}, [], {"uri": "file:///p.py"}):
            with self.subTest(params=params):
                self.assertEqual(s.request_error("textDocument/diagnostic", params)["code"], -32602)
        r = s.request("textDocument/diagnostic", {"textDocument": {"uri": "file:///p.py"},
                                                  "identifier": "asyncradar", "previousResultId": "x"})
        self.assertEqual(r["kind"], "full")
        self.assertEqual(lspclient.short(r["items"]), ALL)
        self.assertEqual(s.pull("file:///unknown.py"), [])

    def test_push_client_may_pull_too(self):
        s = self.started()
        s.open("file:///both.py", SOURCE, 1)
        pushed = s.wait_publish("file:///both.py", 1)["diagnostics"]
        self.assertEqual(lspclient.summarize(s.pull("file:///both.py")), lspclient.summarize(pushed))


class Settings(ServerTestCase):

    def assert_codes(self, s, uri, version, codes):
        p = s.wait_publish(uri, version)
        self.assertEqual(lspclient.short(p["diagnostics"]), expected_ranges(codes=codes))

    def test_initialization_options(self):
        cases = [
            ({"settings": {"select": ["ASYNC25"]}}, ["ASYNC25"]),
            ({"settings": {"select": ["ASYNC251", "ARD"]}}, ["ASYNC251", "ARD"]),
            ({"settings": {"ignore": ["ASYNC251", "ASYNC210"]}},
             ["ASYNC221", "ASYNC240", "ASYNC250", "ASYNC230", "ASYNC232", "ARD110"]),
            ({"settings": {"select": ["ASYNC2"], "ignore": ["ASYNC23"]}},
             ["ASYNC21", "ASYNC22", "ASYNC24", "ASYNC25"]),
            ({"settings": {"select": ["ALL"], "ignore": ["ASYNC"]}}, ["ARD"]),
            ({"settings": {"select": "ASYNC230,ASYNC232"}}, ["ASYNC230", "ASYNC232"]),
            ({"settings": {"asyncradar": {"select": ["ASYNC240"]}}}, ["ASYNC240"]),
            ({"select": ["ASYNC221"]}, ["ASYNC221"]),  # without the `settings` level
            ({"settings": {}}, None),
            ({"settings": {"select": ["NOPE9"]}}, None),  # a bad selector keeps the defaults
            ({"settings": {"ignore": 12}}, None),
        ]
        for options, codes in cases:
            with self.subTest(options=options):
                s = self.server()
                s.initialize(initialization_options=options)
                s.open("file:///s.py", SOURCE, 1)
                self.assert_codes(s, "file:///s.py", 1, codes)
                s.finish()

    def test_bad_initialization_options_are_reported(self):
        s = self.server()
        s.initialize(initialization_options={"settings": {"select": ["NOPE9"]}})
        s.open("file:///s.py", SOURCE, 1)
        self.assert_codes(s, "file:///s.py", 1, None)
        self.assertIn("NOPE9", s.stderr_text())

    def test_did_change_configuration(self):
        s = self.started()
        s.open("file:///a.py", SOURCE, 1)
        s.open("file:///b.py", SOURCE.replace("\n", "\r\n"), 1)
        self.assert_codes(s, "file:///a.py", 1, None)
        s.wait_publish("file:///b.py", 1)
        s.sync()  # nothing else due: count from here
        na, nb = len(s.publishes("file:///a.py")), len(s.publishes("file:///b.py"))

        def configure(settings, codes, what):
            nonlocal na, nb
            s.notify("workspace/didChangeConfiguration", {"settings": settings})
            for uri, after in (("file:///a.py", na), ("file:///b.py", nb)):
                p = s.wait_publish(uri, after=after)
                self.assertEqual(p["version"], 1)
                self.assertEqual(lspclient.short(p["diagnostics"]), expected_ranges(codes=codes), what)
            na, nb = len(s.publishes("file:///a.py")), len(s.publishes("file:///b.py"))

        configure({"asyncradar": {"select": ["ASYNC251"]}}, ["ASYNC251"], "select")
        configure({"asyncradar": {"ignore": ["ASYNC251"]}},
                  ["ASYNC21", "ASYNC22", "ASYNC23", "ASYNC24", "ASYNC250", "ARD"], "settings replace, not merge")
        configure({"asyncradar": {"select": ["ASYNC2"], "ignore": ["ASYNC25"]}},
                  ["ASYNC21", "ASYNC22", "ASYNC23", "ASYNC24"], "select and ignore")
        configure({"select": ["ARD110"]}, ["ARD110"], "without the asyncradar level")
        # Bad values: a warning for the user, the previous filter stays.
        logs = len(s.log_messages())
        configure({"asyncradar": {"select": ["NOPE9"]}}, ["ARD110"], "unknown selector")
        warnings = [m for m in s.log_messages()[logs:] if m["type"] == 2]
        self.assertTrue(any("NOPE9" in m["message"] for m in warnings), s.log_messages()[logs:])
        configure({"asyncradar": {"ignore": [1, 2]}}, ["ARD110"], "not strings")
        configure({"asyncradar": {"logLevel": "loud"}}, None, "bad logLevel, no select: defaults")
        self.assertTrue(any("logLevel" in m["message"] for m in s.log_messages()[logs:]))
        configure({"asyncradar": {"select": ["ASYNC230"], "logLevel": "debug"}}, ["ASYNC230"], "logLevel")
        # Everything back.
        configure({"asyncradar": {}}, None, "empty settings")
        # Settings that are no object change nothing and are not answered.
        s.notify("workspace/didChangeConfiguration", {"settings": None})
        s.notify("workspace/didChangeConfiguration", {"settings": [1]})
        s.notify("workspace/didChangeConfiguration", {})
        s.sync()
        self.assertEqual(s.null_id_errors, [])
        s.change("file:///a.py", 2, [{"text": SOURCE}])
        self.assert_codes(s, "file:///a.py", 2, None)

    def test_settings_apply_to_pull(self):
        s = self.started(pull=True, initialization_options={"settings": {"ignore": ["ASYNC2"]}})
        s.open("file:///p.py", SOURCE, 1)
        self.assertEqual(lspclient.short(s.pull("file:///p.py")), expected_ranges(codes=["ARD"]))
        s.notify("workspace/didChangeConfiguration", {"settings": {"asyncradar": {"select": ["ASYNC210"]}}})
        self.assertEqual(lspclient.short(s.pull("file:///p.py")), expected_ranges(codes=["ASYNC210"]))
        s.sync()
        self.assertEqual(s.publishes("file:///p.py"), [])


if __name__ == "__main__":
    lspclient.main()
