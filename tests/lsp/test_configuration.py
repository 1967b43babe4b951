#!/usr/bin/env python3
"""Configuration through LSP: initializationOptions, didChangeConfiguration,
workspace/configuration, pyproject.toml under the client's settings,
window/showMessage for bad settings, and noqa comments while editing.

usage: test_configuration.py [path/to/asyncradar] [unittest options]
"""

import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lspclient  # noqa: E402
from lspclient import ServerTestCase  # noqa: E402

SOURCE = '''import os
import time

import mylib


async def handler(path):
    time.sleep(1)
    os.path.exists(path)
    mylib.fetch(path)
'''
SLEEP = (7, 4, 7, 14)
EXISTS = (8, 4, 8, 18)
FETCH = (9, 4, 9, 15)


def found(diags):
    """(code, severity, start line, start char, end line, end char), sorted."""
    return sorted((d["code"], d["severity"], d["range"]["start"]["line"], d["range"]["start"]["character"],
                   d["range"]["end"]["line"], d["range"]["end"]["character"]) for d in diags)


def expect(*items):
    return sorted((code, sev) + rng for code, sev, rng in items)


DEFAULT = expect(("ASYNC251", 2, SLEEP), ("ASYNC240", 2, EXISTS))


class Configuration(ServerTestCase):

    def shown(self, s):
        return [n["params"] for n in s.notifications if n["method"] == "window/showMessage"]

    def test_initialization_options(self):
        s = self.started(initialization_options={"settings": {
            "severity": {"ASYNC251": "error", "ASYNC200": "hint"},
            "extraBlockingCalls": {"mylib.fe*": "mylib.afetch"},
            "allowedCalls": ["os.path.*"],
        }})
        s.open("file:///a.py", SOURCE)
        p = s.wait_publish("file:///a.py", 1)
        self.assertEqual(found(p["diagnostics"]), expect(("ASYNC251", 1, SLEEP), ("ASYNC200", 4, FETCH)))
        fetch = [d for d in p["diagnostics"] if d["code"] == "ASYNC200"][0]
        self.assertTrue(fetch["message"].endswith("use `mylib.afetch`"), fetch["message"])
        self.assertEqual(self.shown(s), [])

    def test_kebab_case_keys_too(self):
        s = self.started(initialization_options={"settings": {"asyncradar": {
            "extra-blocking-calls": {"mylib.fetch": "x"}, "allowed-calls": ["time.sleep"]}}})
        s.open("file:///a.py", SOURCE)
        p = s.wait_publish("file:///a.py", 1)
        self.assertEqual(found(p["diagnostics"]), expect(("ASYNC240", 2, EXISTS), ("ASYNC200", 2, FETCH)))

    def test_bad_settings_are_shown_and_the_rest_applies(self):
        s = self.started(initialization_options={"settings": {
            "severity": {"ASYNC251": "loud", "ASYNC240": "hint"},
            "frobnicate": True,
            "library": 3,
            "allowedCalls": ["time.sleep", 5],
        }})
        s.open("file:///a.py", SOURCE)
        p = s.wait_publish("file:///a.py", 1)
        self.assertEqual(found(p["diagnostics"]), expect(("ASYNC240", 4, EXISTS)))
        messages = sorted(m["message"] for m in self.shown(s))
        self.assertEqual(messages, sorted([
            "asyncradar setting frobnicate: unknown setting; ignored",
            'asyncradar setting library: expected "asyncio", "trio", "anyio" or "auto"',
            "asyncradar setting allowedCalls: item 2 is a number, not a non-empty string; ignored",
            'asyncradar setting severity.ASYNC251: expected "error", "warning", "information" or "hint"; '
            "the rule keeps its severity",
        ]))
        self.assertTrue(all(m["type"] == 2 for m in self.shown(s)))

    def test_did_change_configuration_republishes(self):
        s = self.started()
        s.open("file:///a.py", SOURCE)
        self.assertEqual(found(s.wait_publish("file:///a.py", 1)["diagnostics"]), DEFAULT)
        n = len(s.publishes("file:///a.py"))
        s.notify("workspace/didChangeConfiguration", {"settings": {"asyncradar": {
            "extraBlockingCalls": {"mylib.*": "r"}, "severity": {"ASYNC2": "information"}}}})
        p = s.wait_publish("file:///a.py", after=n)
        self.assertEqual(found(p["diagnostics"]), expect(
            ("ASYNC251", 3, SLEEP), ("ASYNC240", 3, EXISTS), ("ASYNC200", 3, FETCH)))
        n = len(s.publishes("file:///a.py"))
        s.notify("workspace/didChangeConfiguration", {"settings": {"asyncradar": {}}})
        p = s.wait_publish("file:///a.py", after=n)
        self.assertEqual(found(p["diagnostics"]), DEFAULT, "settings replace, not merge")

    def test_library_setting_changes_the_fixes(self):
        # The fixes of untouched code are kept between publishes; a new
        # library must still rewrite them in its own terms.
        s = self.started()
        s.open("file:///a.py", SOURCE)

        def sleep_fix(p):
            """The preferred fix's title and the texts its edits insert."""
            [d] = [d for d in p["diagnostics"] if d["code"] == "ASYNC251"]
            fix = d["data"]["fixes"][0]
            return fix["title"], sorted(e["newText"] for e in fix["edits"])

        asyncio_fix = ("Use await asyncio.sleep", ["await asyncio.sleep", "import asyncio\n"])
        self.assertEqual(sleep_fix(s.wait_publish("file:///a.py", 1)), asyncio_fix)
        n = len(s.publishes("file:///a.py"))
        s.notify("workspace/didChangeConfiguration", {"settings": {"asyncradar": {"library": "trio"}}})
        self.assertEqual(sleep_fix(s.wait_publish("file:///a.py", after=n)),
                         ("Use await trio.sleep", ["await trio.sleep", "import trio\n"]))
        n = len(s.publishes("file:///a.py"))
        s.notify("workspace/didChangeConfiguration", {"settings": {"asyncradar": {}}})
        self.assertEqual(sleep_fix(s.wait_publish("file:///a.py", after=n)), asyncio_fix)

    def test_workspace_configuration(self):
        s = self.server()
        s.initialize(capabilities={"workspace": {"configuration": True}},
                     initialization_options={"settings": {"select": ["ASYNC240"]}})
        req = s.wait_for("a workspace/configuration request",
                         lambda: [r for r in s.requests if r["method"] == "workspace/configuration"])
        self.assertEqual(req[0]["params"], {"items": [{"section": "asyncradar"}]})
        s.open("file:///a.py", SOURCE)
        # Until the answer, initializationOptions hold.
        self.assertEqual(found(s.wait_publish("file:///a.py", 1)["diagnostics"]),
                         expect(("ASYNC240", 2, EXISTS)))
        n = len(s.publishes("file:///a.py"))
        s.send({"jsonrpc": "2.0", "id": req[0]["id"], "result": [{"select": ["ASYNC251"],
                                                                   "severity": {"ASYNC251": "hint"}}]})
        p = s.wait_publish("file:///a.py", after=n)
        self.assertEqual(found(p["diagnostics"]), expect(("ASYNC251", 4, SLEEP)))
        # A change notification makes the server ask again; settings in it are not used.
        n = len(s.publishes("file:///a.py"))
        s.notify("workspace/didChangeConfiguration", {"settings": {"select": ["ASYNC240"]}})
        req2 = s.wait_for("a second workspace/configuration request",
                          lambda: [r for r in s.requests if r["method"] == "workspace/configuration"][1:])
        self.assertNotEqual(req2[0]["id"], req[0]["id"])
        s.send({"jsonrpc": "2.0", "id": req2[0]["id"], "result": [None]})
        p = s.wait_publish("file:///a.py", after=n)
        self.assertEqual(found(p["diagnostics"]), DEFAULT, "a null section means the defaults")
        # An answer to nothing asked, and an error answer, change nothing.
        s.send({"jsonrpc": "2.0", "id": 999, "result": [{"select": ["ASYNC251"]}]})
        s.sync()
        self.assertEqual(found(s.publishes("file:///a.py")[-1]["diagnostics"]), DEFAULT)

    def test_no_request_without_the_capability(self):
        s = self.started()
        s.sync()
        self.assertEqual([r for r in s.requests if r["method"] == "workspace/configuration"], [])

    def test_pyproject_under_client_settings(self):
        tmp = tempfile.TemporaryDirectory(prefix="asyncradar-lsp-config-")
        self.addCleanup(tmp.cleanup)
        root = os.path.realpath(tmp.name)
        with open(os.path.join(root, "pyproject.toml"), "w") as f:
            f.write('[tool.asyncradar]\nignore = ["ASYNC251"]\nbogus = 1\n\n'
                    '[tool.asyncradar.extra-blocking-calls]\n"mylib.fetch" = "mylib.afetch"\n')
        os.makedirs(os.path.join(root, "my pkg"))
        uri = "file://" + root + "/my%20pkg/mod.py"
        s = self.started(initialization_options={"settings": {"severity": {"ASYNC200": "error"}}})
        s.open(uri, SOURCE)
        p = s.wait_publish(uri, 1)
        self.assertEqual(found(p["diagnostics"]), expect(("ASYNC240", 2, EXISTS), ("ASYNC200", 1, FETCH)))
        toml = os.path.join(root, "pyproject.toml")
        self.assertIn(toml + ":3: [tool.asyncradar] bogus: unknown setting; ignored",
                      [m["message"] for m in self.shown(s)])
        # The client's keys win over the file's; the file's other keys stay.
        n = len(s.publishes(uri))
        s.notify("workspace/didChangeConfiguration", {"settings": {"ignore": ["ASYNC240"]}})
        p = s.wait_publish(uri, after=n)
        self.assertEqual(found(p["diagnostics"]), expect(("ASYNC251", 2, SLEEP), ("ASYNC200", 2, FETCH)))
        # Another document outside the project: the client's settings alone.
        s.open("file:///elsewhere.py", SOURCE)
        self.assertEqual(found(s.wait_publish("file:///elsewhere.py", 1)["diagnostics"]),
                         expect(("ASYNC251", 2, SLEEP)))

    def test_noqa_while_editing(self):
        s = self.started()
        text = SOURCE.replace("time.sleep(1)", "time.sleep(1)  # noqa: ASYNC251")
        s.open("file:///n.py", text)
        self.assertEqual(found(s.wait_publish("file:///n.py", 1)["diagnostics"]),
                         expect(("ASYNC240", 2, EXISTS)))
        # A file-level directive added at the top silences units no edit touched.
        s.change("file:///n.py", 2, [{"range": {"start": {"line": 0, "character": 0},
                                                "end": {"line": 0, "character": 0}},
                                      "text": "# asyncradar: noqa: ASYNC240\n"}])
        self.assertEqual(s.wait_publish("file:///n.py", 2)["diagnostics"], [])
        # Turning the comment into a string brings the finding back.
        s.change("file:///n.py", 3, [{"range": {"start": {"line": 0, "character": 0},
                                                "end": {"line": 0, "character": 1}},
                                      "text": "x = '"}, {"range": {"start": {"line": 0, "character": 32},
                                                                   "end": {"line": 0, "character": 32}},
                                                         "text": "'"}])
        p = s.wait_publish("file:///n.py", 3)
        self.assertEqual(found(p["diagnostics"]), expect(("ASYNC240", 2, (9, 4, 9, 18))))

    def test_file_noqa_typed_in_pieces(self):
        s = self.started()
        uri = "file:///pieces.py"
        s.open(uri, "# asyncradar\n" + SOURCE)
        self.assertEqual(len(s.wait_publish(uri, 1)["diagnostics"]), 2)

        def insert(version, col, text):
            s.change(uri, version, [{"range": {"start": {"line": 0, "character": col},
                                               "end": {"line": 0, "character": col}}, "text": text}])
            return found(s.wait_publish(uri, version)["diagnostics"])

        def delete(version, col, end):
            s.change(uri, version, [{"range": {"start": {"line": 0, "character": col},
                                               "end": {"line": 0, "character": end}}, "text": ""}])
            return found(s.wait_publish(uri, version)["diagnostics"])

        # The colon completes `asyncradar:` one keystroke after the word.
        insert(2, 12, ":")
        self.assertEqual(insert(3, 13, " noqa"), [])
        # An edit inside the word breaks it; retyping the letter mends it.
        self.assertEqual(len(delete(4, 5, 6)), 2)
        self.assertEqual(insert(5, 5, "n"), [])
        # Text typed before the directive moves it, and it still holds.
        self.assertEqual(insert(6, 0, "x = 1  "), [])


if __name__ == "__main__":
    lspclient.main()
