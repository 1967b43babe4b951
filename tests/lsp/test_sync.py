#!/usr/bin/env python3
"""Text synchronisation: didOpen, incremental didChange (several changes in
order, whole-text replacement), didClose, didSave, and positions in the
three encodings with astral-plane characters, CRLF, lone CR and a BOM, both
for diagnostic ranges and for the ranges of edits.

Expected ranges come from lspclient.Text, a model of LSP positions written
from the protocol, not from the server's code.

usage: test_sync.py [path/to/asyncradar] [unittest options]
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lspclient  # noqa: E402
from lspclient import ENCODINGS, ServerTestCase, Text  # noqa: E402

# Texts whose every `time.sleep` is a finding; each mixes characters of one,
# two, three and four UTF-8 bytes (two UTF-16 units for the emoji) before the
# call on the same line. Lone-CR texts hold no comments: tree-sitter-python
# ends a comment only at LF (a grammar limitation, also in the CLI).
TEXTS = {
    "lf": 'import time\n\nasync def f():\n    s = "🙂é中🙂"; time.sleep(1)\n',
    "crlf": 'import time\r\n\r\nasync def f():\r\n    s = "🙂é中🙂"; time.sleep(1)\r\n',
    "lone_cr": 'import time\r\rasync def f():\r    s = "🙂é中🙂"; time.sleep(1)\r',
    "bom": '\ufeffimport time\nasync def f():\n    time.sleep(1)\n',
    "bom_crlf": '\ufeffimport time\r\nasync def f():\r\n    s = "𝄞"; time.sleep(1)\r\n',
    "bom_same_line": '\ufeffimport time; async_ok = 1\nasync def f(): s = "🙂"; time.sleep(1)\n',
    "mixed_ends": 'import time\r\n\rasync def f():\n    s = "🙂"; time.sleep(1); t = "🙂🙂"; time.sleep(2)\r\n'
                  '    s = "ü"; time.sleep(3)\r',
    "no_final_newline": 'import time\nasync def f():\n    s = "🙂"; time.sleep(1)',
    "many_on_one_line": 'import time\nasync def f():\n    ' + '; '.join('time.sleep(%d); x = "%s"' % (i, "🙂" * i)
                                                                for i in range(12)) + '\n',
}


def expected(text, enc):
    """[(code, range)] for every `time.sleep` of a Text."""
    n = text.data.count(b"time.sleep")
    return [("ASYNC251", text.find_range("time.sleep", enc, i)) for i in range(n)]


def got(diags):
    return sorted(((d["code"], d["range"]) for d in diags), key=lambda x: (x[1]["start"]["line"], x[1]["start"]["character"]))


class Sync(ServerTestCase):

    def start(self, enc):
        s = self.server()
        s.initialize(encodings=[enc])
        self.assertEqual(s.encoding, enc)
        return s

    def check(self, s, uri, version, text, enc, what="", sync_from=None, model=True):
        """Waits for the publish of uri at version and compares it with the
        model (calls at or past byte sync_from are in a plain def; model
        False: the text does not parse as Python would, compare only with a
        fresh open), and with the same text opened fresh."""
        p = s.wait_publish(uri, version)
        for d in p["diagnostics"]:
            lspclient.check_diagnostic_shape(self, d)
        want = expected(text, enc)
        if sync_from is not None:
            limit = text.position(sync_from, enc)
            want = [w for w in want if (w[1]["start"]["line"], w[1]["start"]["character"])
                    < (limit["line"], limit["character"])]
        if model:
            self.assertEqual(got(p["diagnostics"]), want, what)
        fresh = "%s.fresh%d" % (uri, s.next_id())
        s.open(fresh, text.data.decode("utf-8"), 1)
        q = s.wait_publish(fresh, 1)
        self.assertEqual(lspclient.summarize(q["diagnostics"]), lspclient.summarize(p["diagnostics"]),
                         "incremental and fresh disagree " + what)
        s.close(fresh)
        return p

    def test_open_positions_in_every_encoding(self):
        for enc in ENCODINGS:
            s = self.start(enc)
            for name, src in TEXTS.items():
                with self.subTest(enc=enc, text=name):
                    uri = "file:///open/%s.py" % name
                    s.open(uri, src, 5)
                    p = s.wait_publish(uri, 5)
                    self.assertEqual(got(p["diagnostics"]), expected(Text(src), enc))
            s.finish()

    def test_known_columns(self):
        # Spelled out once by hand, to pin the model too.
        src = 'import time\nasync def f():\n    s = "🙂é中🙂"; time.sleep(1)\n'
        # `    s = "` is 9 units; then 🙂 é 中 🙂 and `"; ` (3).
        columns = {"utf-8": 9 + 4 + 2 + 3 + 4 + 3, "utf-16": 9 + 2 + 1 + 1 + 2 + 3, "utf-32": 9 + 4 + 3}
        for enc, col in columns.items():
            with self.subTest(enc=enc):
                s = self.start(enc)
                s.open("file:///k.py", src)
                p = s.wait_publish("file:///k.py", 1)
                r = p["diagnostics"][0]["range"]
                self.assertEqual(r, {"start": {"line": 2, "character": col},
                                     "end": {"line": 2, "character": col + 10}})
                s.finish()

    def test_incremental_edits_in_every_encoding(self):
        for enc in ENCODINGS:
            for name, src in TEXTS.items():
                with self.subTest(enc=enc, text=name):
                    self.run_edit_script(enc, name, src)

    def run_edit_script(self, enc, name, src):
        s = self.start(enc)
        uri = "file:///edit/%s.py" % name
        text = Text(src)
        version = 1
        s.open(uri, src, version)
        self.check(s, uri, version, text, enc, "after open")

        def apply(start, end, new, what, sync_from=None):
            nonlocal text, version
            rng = text.range(start, end, enc)
            version += 1
            s.change(uri, version, [{"range": rng, "text": new}])
            text = text.edit(start, end, new)
            self.check(s, uri, version, text, enc, what, sync_from)

        data = text.data
        call = data.find(b"time.sleep")
        # Insert astral and BMP characters right before the first call.
        apply(call, call, 'z = "😀ß"; ', "insert before the call")
        call = text.data.find(b"time.sleep")
        # Replace the 4-byte character just inserted by ASCII.
        emoji = text.data.find("😀".encode())
        apply(emoji, emoji + 4, "ab", "replace an emoji")
        # Insert a new line with a call after the first line's terminator
        # (whatever the terminator is).
        line1 = text.starts[1]
        term = b"\r\n" if b"\r\n" in text.data else b"\r" if b"\r" in text.data and b"\n" not in text.data else b"\n"
        apply(line1, line1, "import os" + term.decode(), "insert a line")
        # Append a second async function at the very end.
        end = len(text.data)
        body = term.decode().join(["", "async def g():", '    w = "🙂"; time.sleep(9)', ""])
        apply(end, end, body, "append a function")
        # Delete from inside the first call's line to inside the new function:
        # a deletion across several lines and terminators.
        first = text.data.find(b"time.sleep")
        last = text.data.rfind(b"time.sleep")
        apply(first, last, "", "delete across lines")
        # Make the remaining function sync, then async again.
        at = text.data.rfind(b"async def")
        if at >= 0:
            apply(at, at + len("async "), "", "drop async", sync_from=at)
            apply(at, at, "async ", "add async back")
        s.finish()

    def test_several_changes_apply_in_order(self):
        for enc in ENCODINGS:
            with self.subTest(enc=enc):
                s = self.start(enc)
                uri = "file:///order.py"
                src = 'import time\nasync def f():\n    pass\n'
                text = Text(src)
                s.open(uri, src, 1)
                s.wait_publish(uri, 1)
                changes = []
                # 1: replace `pass` with an emoji line and a call.
                at = text.data.find(b"pass")
                changes.append({"range": text.range(at, at + 4, enc), "text": 's = "🙂"; time.sleep(1)'})
                text = text.edit(at, at + 4, 's = "🙂"; time.sleep(1)')
                # 2: addressed in the text after change 1: insert after the emoji.
                at = text.data.find("🙂".encode()) + 4
                changes.append({"range": text.range(at, at, enc), "text": "🙂x"})
                text = text.edit(at, at, "🙂x")
                # 3: a new line at the end, addressed past change 2.
                end = len(text.data)
                changes.append({"range": text.range(end, end, enc), "text": "    time.sleep(2)\n"})
                text = text.edit(end, end, "    time.sleep(2)\n")
                # 4: delete the first line's `import ` ... then put it back.
                changes.append({"range": text.range(0, 7, enc), "text": ""})
                changes.append({"range": {"start": {"line": 0, "character": 0},
                                          "end": {"line": 0, "character": 0}}, "text": "import "})
                s.change(uri, 2, changes)
                self.check(s, uri, 2, text, enc, "after ordered changes")
                self.assertEqual(len(expected(text, enc)), 2)
                s.finish()

    def test_change_without_range_replaces_everything(self):
        s = self.start("utf-16")
        uri = "file:///full.py"
        s.open(uri, TEXTS["lf"], 1)
        s.wait_publish(uri, 1)
        new = "import time\n\n\nasync def g():\n    time.sleep(5)\n    time.sleep(6)\n"
        s.change(uri, 2, [{"text": new}])
        self.check(s, uri, 2, Text(new), "utf-16")
        # Full text, then ranged edits relative to it, in one notification.
        newer = "async def h():\n    pass\n"
        t = Text(newer)
        at = t.data.find(b"pass")
        s.change(uri, 3, [{"text": "garbage that is replaced anyway ((("},
                          {"text": newer},
                          {"range": t.range(at, at + 4, "utf-16"), "text": "time.sleep(0)"},
                          {"range": t.range(0, 0, "utf-16"), "text": "import time\n"}])
        t = t.edit(at, at + 4, "time.sleep(0)").edit(0, 0, "import time\n")
        self.check(s, uri, 3, t, "utf-16")
        # Empty text, then nothing to report.
        s.change(uri, 4, [{"text": ""}])
        self.assertEqual(s.wait_publish(uri, 4)["diagnostics"], [])

    def test_close_clears_and_reopen(self):
        s = self.start("utf-16")
        uri = "file:///close.py"
        s.open(uri, TEXTS["lf"], 1)
        self.assertEqual(len(s.wait_publish(uri, 1)["diagnostics"]), 1)
        n = len(s.publishes(uri))
        s.close(uri)
        p = s.wait_publish(uri, after=n)
        self.assertEqual(p["diagnostics"], [])
        # Closed: changes and pulls know nothing of it.
        s.change(uri, 2, [{"text": TEXTS["lf"]}])
        s.sync()
        self.assertEqual(len(s.publishes(uri)), n + 1)
        self.assertEqual(s.pull(uri), [])
        # Reopen with other text and a lower version: a new document.
        s.open(uri, TEXTS["crlf"], 1)
        p = s.wait_publish(uri, 1, after=n + 1)
        self.assertEqual(got(p["diagnostics"]), expected(Text(TEXTS["crlf"]), "utf-16"))

    def test_close_of_edited_document_in_same_write(self):
        s = self.start("utf-16")
        uri = "file:///burst-close.py"
        s.open(uri, TEXTS["lf"], 1)
        s.change(uri, 2, [{"text": TEXTS["crlf"]}])
        s.close(uri)
        s.sync()
        pubs = s.publishes(uri)
        self.assertTrue(pubs, "a closed document still gets its diagnostics cleared")
        self.assertEqual(pubs[-1]["diagnostics"], [])

    def test_save_is_accepted(self):
        s = self.start("utf-16")
        uri = "file:///save.py"
        s.open(uri, TEXTS["lf"], 1)
        s.wait_publish(uri, 1)
        s.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
        s.notify("textDocument/didSave", {"textDocument": {"uri": uri}, "text": TEXTS["lf"]})
        s.notify("textDocument/didSave", {"textDocument": {"uri": "file:///not-open.py"}})
        s.notify("textDocument/didSave", {})
        s.sync()
        self.assertEqual(s.null_id_errors, [])
        self.assertEqual([m for m in s.log_messages() if m["type"] <= 2], [])
        self.assertEqual(len(s.pull(uri)), 1)
        s.change(uri, 2, [{"text": TEXTS["crlf"]}])
        s.wait_publish(uri, 2)

    def test_second_open_replaces_text(self):
        s = self.start("utf-16")
        uri = "file:///twice.py"
        s.open(uri, TEXTS["lf"], 1)
        s.wait_publish(uri, 1)
        s.open(uri, TEXTS["many_on_one_line"], 4)
        p = s.wait_publish(uri, 4)
        self.assertEqual(got(p["diagnostics"]), expected(Text(TEXTS["many_on_one_line"]), "utf-16"))

    def test_version_is_reported(self):
        s = self.start("utf-16")
        uri = "file:///v.py"
        s.open(uri, TEXTS["lf"], 41)
        self.assertEqual(s.wait_publish(uri)["version"], 41)
        s.change(uri, 42, [{"text": TEXTS["lf"] + "\n"}])
        self.assertEqual(s.wait_publish(uri, 42)["version"], 42)
        # A change without a version keeps the last one.
        s.notify("textDocument/didChange", {"textDocument": {"uri": uri},
                                            "contentChanges": [{"text": TEXTS["lf"]}]})
        s.sync()
        self.assertEqual(s.publishes(uri)[-1]["version"], 42)

    def test_positions_inside_characters_round_down(self):
        # A UTF-16 position in the middle of a surrogate pair, and a UTF-8
        # position inside a multibyte character, address that character's
        # start (the model rounds down the same way).
        for enc, inside in (("utf-16", 1), ("utf-8", 2), ("utf-8", 3)):
            with self.subTest(enc=enc, inside=inside):
                s = self.start(enc)
                uri = "file:///inside.py"
                src = 'import time\nasync def f():\n    s = "🙂"; time.sleep(1)\n'
                text = Text(src)
                s.open(uri, src, 1)
                s.wait_publish(uri, 1)
                emoji = text.data.find("🙂".encode())
                col = text.position(emoji, enc)["character"] + inside
                pos = {"line": 2, "character": col}
                s.change(uri, 2, [{"range": {"start": pos, "end": pos}, "text": "Q"}])
                text = text.edit(text.offset(pos, enc), text.offset(pos, enc), "Q")
                self.assertEqual(text.data.count("Q🙂".encode()), 1)
                self.check(s, uri, 2, text, enc)
                s.finish()

    def test_edit_at_line_terminators(self):
        # Edits at the end of CRLF and lone-CR lines, joining and splitting them.
        for enc in ENCODINGS:
            for name in ("crlf", "lone_cr", "mixed_ends"):
                with self.subTest(enc=enc, text=name):
                    s = self.start(enc)
                    uri = "file:///term.py"
                    text = Text(TEXTS[name])
                    s.open(uri, TEXTS[name], 1)
                    s.wait_publish(uri, 1)
                    version = 1
                    for line in range(len(text.starts) - 1):
                        start, end = text.line_bounds(line)
                        # Put the call line's end in front of a new line.
                        version += 1
                        rng = text.range(end, end, enc)
                        s.change(uri, version, [{"range": rng, "text": "  "}])
                        text = text.edit(end, end, "  ")
                    self.check(s, uri, version, text, enc, "spaces at line ends")
                    # Join line 0 and line 1 by deleting the terminator.
                    # tree-sitter-python ends no statement at a lone CR, so
                    # after `; ` + lone CR the rest is an ERROR node (CPython
                    # disagrees): there the model is no oracle, a fresh open is.
                    start0, end0 = text.line_bounds(0)
                    version += 1
                    s.change(uri, version, [{"range": text.range(end0, text.starts[1], enc), "text": "; "}])
                    text = text.edit(end0, text.starts[1], "; ")
                    lone_cr = b"\r" in text.data.replace(b"\r\n", b"")
                    self.check(s, uri, version, text, enc, "joined lines", model=not lone_cr)
                    # Split the call line again with a LF-only terminator.
                    call = text.data.find(b"time.sleep")
                    version += 1
                    s.change(uri, version, [{"range": text.range(call, call, enc), "text": "\n    "}])
                    text = text.edit(call, call, "\n    ")
                    self.check(s, uri, version, text, enc, "split line", model=not lone_cr)
                    s.finish()


if __name__ == "__main__":
    lspclient.main()
