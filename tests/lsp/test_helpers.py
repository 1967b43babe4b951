#!/usr/bin/env python3
"""ARD200 over LSP: helpers that block, in the same file and in another file
of the workspace.

Same file: the exact diagnostic, its message naming the chain and one
relatedInformation entry per step; editing the helper's body (not the
caller) removes and restores the finding.

Across files: the workspace folder comes from initialize's workspaceFolders;
the server registers a didChangeWatchedFiles watcher when the client allows
dynamic registration; a helper file read from disk is found, its related
locations point into it; opening it in a buffer wins over the disk; edits
to that buffer, closing it, and a watched-file change on disk each
republish the importing document with the new verdict.

usage: test_helpers.py [path/to/asyncradar] [unittest options]
"""

import os
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lspclient  # noqa: E402
from lspclient import ServerTestCase, Text  # noqa: E402

SAME_FILE = '''import requests


def load(u):
    return requests.get(u)


def refresh(u):
    return load(u)


async def main(u):
    refresh(u)
'''

HELPERS_BLOCKING = '''import time


def nap():
    time.sleep(1)
'''

HELPERS_FINE = '''import time


def nap():
    return time.monotonic()
'''

APP = '''from .helpers import nap


async def main():
    nap()
'''


def rng(l1, c1, l2, c2):
    return {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}


def file_uri(path):
    return "file://" + urllib.parse.quote(path)


class Helpers(ServerTestCase):

    def republished(self, s, uri, action):
        """The diagnostics uri gets published after action(), fixes checked."""
        before = len(s.publishes(uri))
        action()
        found = s.wait_publish(uri, after=before)["diagnostics"]
        self.assert_helper_fix(found)
        return found

    def assert_helper_fix(self, diags):
        """Takes each diagnostic's fixes out of `data` (code_action tests
        cover them) after checking that the helper call offers to_thread."""
        for d in diags:
            titles = [f["title"] for f in d.pop("data")["fixes"]]
            self.assertTrue(any("to_thread" in t for t in titles), titles)

    def test_same_file_chain_and_edits(self):
        s = self.started(encodings=["utf-16"])
        uri = "file:///proj/same.py"
        s.open(uri, SAME_FILE, 1)
        diags = s.wait_publish(uri, 1)["diagnostics"]
        self.assert_helper_fix(diags)
        self.assertEqual(diags, [{
            "range": rng(12, 4, 12, 11),
            "severity": 2,
            "code": "ARD200",
            "source": "asyncradar",
            "message": "`refresh()` blocks: it calls `load()` at line 9, which calls `requests.get` "
                       "(ASYNC210) at line 5; use `await asyncio.to_thread(...)` to run the helper "
                       "in a worker thread, or an async version of it",
            "relatedInformation": [
                {"location": {"uri": uri, "range": rng(8, 11, 8, 15)},
                 "message": "`refresh()` calls `load()`"},
                {"location": {"uri": uri, "range": rng(4, 11, 4, 23)},
                 "message": "`load()` calls `requests.get`, which blocks (ASYNC210)"},
            ],
        }])
        # The helper's body changes, the caller does not: the finding goes.
        text = Text(SAME_FILE)
        s.change(uri, 2, [{"range": text.find_range("requests.get(u)", "utf-16"), "text": "u"}])
        self.assertEqual(s.wait_publish(uri, 2)["diagnostics"], [])
        text = Text(SAME_FILE.replace("requests.get(u)", "u", 1))
        s.change(uri, 3, [{"range": text.find_range("return u\n", "utf-16"),
                           "text": "return requests.get(u)\n"}])
        again = s.wait_publish(uri, 3)["diagnostics"]
        self.assertEqual(lspclient.summarize(again), lspclient.summarize(diags))
        self.assertEqual(s.shutdown_and_exit(), 0)

    def test_method_helper_after_class_rename(self):
        # The methods' summaries carry the class name (`Worker.slow`): a
        # rename must reach them although the helper's text is unchanged,
        # while the caller, edited too, is walked again.
        source = ("import time\n\n\nclass Worker:\n    def slow(self):\n        time.sleep(1)\n\n"
                  "    async def run(self):\n        self.slow()\n")
        s = self.started(encodings=["utf-8"])
        uri = "file:///proj/methods.py"
        s.open(uri, source, 1)
        found = [(d["code"], d["range"]) for d in s.wait_publish(uri, 1)["diagnostics"]]
        self.assertEqual(found, [("ARD200", rng(8, 8, 8, 17))])
        rename = {"range": Text(source).find_range("Worker", "utf-8"), "text": "Runner"}
        renamed = Text(source.replace("Worker", "Runner"))
        caller = {"range": renamed.find_range("self.slow()", "utf-8"),
                  "text": "x = 1\n        self.slow()"}
        s.change(uri, 2, [rename, caller])
        found = [(d["code"], d["range"]) for d in s.wait_publish(uri, 2)["diagnostics"]]
        self.assertEqual(found, [("ARD200", rng(9, 8, 9, 17))])
        self.assertEqual(s.shutdown_and_exit(), 0)

    def test_other_file(self):
        with tempfile.TemporaryDirectory() as root:
            pkg = os.path.join(root, "pkg")
            os.mkdir(pkg)
            open(os.path.join(pkg, "__init__.py"), "w").close()
            helpers_path = os.path.join(pkg, "helpers.py")
            with open(helpers_path, "w") as f:
                f.write(HELPERS_BLOCKING)
            app_uri = file_uri(os.path.join(pkg, "app.py"))
            helpers_uri = file_uri(helpers_path)

            s = self.server()
            s.request("initialize", {
                "processId": os.getpid(), "rootUri": file_uri(root),
                "workspaceFolders": [{"uri": file_uri(root), "name": "proj"}],
                "capabilities": {"general": {"positionEncodings": ["utf-16"]},
                                 "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}}})
            s.notify("initialized", {})
            reg = s.wait_for("client/registerCapability",
                             lambda: [r for r in s.requests if r["method"] == "client/registerCapability"])
            self.assertEqual(reg[0]["params"], {"registrations": [{
                "id": "asyncradar-watch-python", "method": "workspace/didChangeWatchedFiles",
                "registerOptions": {"watchers": [{"globPattern": "**/*.py"}]}}]})
            s.send({"jsonrpc": "2.0", "id": reg[0]["id"], "result": None})

            s.open(app_uri, APP, 1)
            diags = s.wait_publish(app_uri, 1)["diagnostics"]
            self.assert_helper_fix(diags)
            self.assertEqual(diags, [{
                "range": rng(4, 4, 4, 7),
                "severity": 2,
                "code": "ARD200",
                "source": "asyncradar",
                "message": "`nap()` blocks: it calls `time.sleep` (ASYNC251) at pkg/helpers.py:5; use "
                           "`await asyncio.to_thread(...)` to run the helper in a worker thread, or an "
                           "async version of it",
                "relatedInformation": [
                    {"location": {"uri": helpers_uri, "range": rng(4, 4, 4, 14)},
                     "message": "`nap()` calls `time.sleep`, which blocks (ASYNC251)"},
                ],
            }])

            # The buffer wins over the disk ...
            self.assertEqual(self.republished(s, app_uri, lambda: s.open(helpers_uri, HELPERS_FINE, 1)), [])
            # ... and its edits reach the importing document.
            text = Text(HELPERS_FINE)
            self.assertEqual(self.republished(s, app_uri, lambda: s.change(helpers_uri, 2, [
                {"range": text.find_range("return time.monotonic()", "utf-16"), "text": "time.sleep(1)"}])),
                diags)
            # Closed, it is read from disk again (still blocking there).
            self.assertEqual(self.republished(s, app_uri, lambda: s.close(helpers_uri)), diags)
            # Changed on disk and reported by the watcher.
            with open(helpers_path, "w") as f:
                f.write(HELPERS_FINE)
            self.assertEqual(self.republished(s, app_uri, lambda: s.notify("workspace/didChangeWatchedFiles", {
                "changes": [{"uri": helpers_uri, "type": 2}]})), [])
            # Deleted: nothing to resolve; created again: found again.
            os.remove(helpers_path)
            with open(helpers_path, "w") as f:
                f.write(HELPERS_BLOCKING)
            self.assertEqual(self.republished(s, app_uri, lambda: s.notify("workspace/didChangeWatchedFiles", {
                "changes": [{"uri": helpers_uri, "type": 1}]})), diags)
            self.assertEqual(s.shutdown_and_exit(), 0)

    def test_reexport_through_init(self):
        """`from pkg import nap` where pkg/__init__.py re-exports it from
        .helpers: edits to the helper and to the re-export both reach the
        importing document."""
        with tempfile.TemporaryDirectory() as root:
            pkg = os.path.join(root, "pkg")
            os.mkdir(pkg)
            init_path = os.path.join(pkg, "__init__.py")
            with open(init_path, "w") as f:
                f.write("from .helpers import nap\n")
            helpers_path = os.path.join(pkg, "helpers.py")
            with open(helpers_path, "w") as f:
                f.write(HELPERS_BLOCKING)
            app_uri = file_uri(os.path.join(root, "app.py"))
            helpers_uri, init_uri = file_uri(helpers_path), file_uri(init_path)
            s = self.server()
            s.request("initialize", {
                "processId": os.getpid(), "rootUri": file_uri(root),
                "workspaceFolders": [{"uri": file_uri(root), "name": "proj"}],
                "capabilities": {"general": {"positionEncodings": ["utf-16"]}}})
            s.notify("initialized", {})
            s.open(app_uri, "import pkg\nfrom pkg import nap\n\n\nasync def main():\n"
                            "    nap()\n    pkg.nap()\n", 1)
            diags = s.wait_publish(app_uri, 1)["diagnostics"]
            self.assert_helper_fix(diags)
            self.assertEqual([(d["code"], d["range"], d["message"]) for d in diags], [
                ("ARD200", rng(5, 4, 5, 7),
                 "`nap()` blocks: it calls `time.sleep` (ASYNC251) at pkg/helpers.py:5; use "
                 "`await asyncio.to_thread(...)` to run the helper in a worker thread, or an "
                 "async version of it"),
                ("ARD200", rng(6, 4, 6, 11),
                 "`pkg.nap()` blocks: it calls `time.sleep` (ASYNC251) at pkg/helpers.py:5; use "
                 "`await asyncio.to_thread(...)` to run the helper in a worker thread, or an "
                 "async version of it"),
            ])
            self.assertEqual(diags[0]["relatedInformation"], [
                {"location": {"uri": helpers_uri, "range": rng(4, 4, 4, 14)},
                 "message": "`nap()` calls `time.sleep`, which blocks (ASYNC251)"}])

            # The helper two files away stops blocking, then blocks again.
            self.assertEqual(self.republished(s, app_uri, lambda: s.open(helpers_uri, HELPERS_FINE, 1)), [])
            self.assertEqual(self.republished(s, app_uri, lambda: s.close(helpers_uri)), diags)
            # The package stops re-exporting it: nothing resolves.
            self.assertEqual(self.republished(s, app_uri, lambda: s.open(init_uri, "nap = None\n", 1)), [])
            self.assertEqual(self.republished(s, app_uri, lambda: s.change(init_uri, 2, [
                {"text": "from pkg.helpers import nap\n"}])), diags)
            self.assertEqual(s.shutdown_and_exit(), 0)


if __name__ == "__main__":
    lspclient.main()
