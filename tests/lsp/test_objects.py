#!/usr/bin/env python3
"""Objects of the project's classes and functions, followed over LSP as the
user edits: the binding of `self.x` lives in one method (one unit), the call
in another, so an edit to the first must republish the second's finding.

- `self.http = {}` in __init__ becomes `requests.Session()`: the call in
  the async method is flagged at its exact range, with the worker-thread
  fix; a second method that binds `self.http` to a parameter removes the
  finding (two kinds of object), deleting that method restores it, deleting
  the binding line removes it.
- A factory's `return` changes from a dict to an httpx client and back.
- A class renamed: its instances' members follow the new name.
- Across files: a module of the workspace holds the factory and a client
  object; the importing buffer is flagged, and changing the factory's module
  (an open buffer, then a watched-file change on disk) republishes it.

usage: test_objects.py [path/to/asyncradar] [unittest options]
"""

import os
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lspclient  # noqa: E402
from lspclient import ServerTestCase, Text  # noqa: E402

SERVICE = '''import requests


class Repo:
    def __init__(self):
        self.http = {}

    async def fetch(self, url):
        return self.http.get(url)
'''

FACTORY = '''import httpx


def make():
    return {}


async def main(url):
    c = make()
    c.get(url)
'''


CLIENTS_DICT = '''import httpx


def make():
    return {}
'''

CLIENTS_SYNC = CLIENTS_DICT.replace("return {}", "return httpx.Client()")

USER = '''from pkg.clients import make


async def main(url):
    make().get(url)
'''


def rng(l1, c1, l2, c2):
    return {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}


def file_uri(path):
    return "file://" + urllib.parse.quote(path)


def found(diags):
    return [(d["code"], d["range"]) for d in diags]


class Objects(ServerTestCase):

    def edit(self, s, uri, version, text, needle, new):
        """Replaces `needle` in `text` (a str) by `new`, sends it, returns
        the new text and the diagnostics published for that version."""
        s.change(uri, version, [{"range": Text(text).find_range(needle, "utf-16"), "text": new}])
        text = text.replace(needle, new, 1)
        return text, s.wait_publish(uri, version)["diagnostics"]

    def test_attribute_bound_in_another_method(self):
        s = self.started(encodings=["utf-16"])
        uri = "file:///proj/service.py"
        s.open(uri, SERVICE, 1)
        self.assertEqual(s.wait_publish(uri, 1)["diagnostics"], [])

        text, diags = self.edit(s, uri, 2, SERVICE, "{}", "requests.Session()")
        self.assertEqual(found(diags), [("ASYNC210", rng(8, 15, 8, 28))])
        self.assertIn("`requests.Session.get` blocks the event loop", diags[0]["message"])
        titles = [f["title"] for f in diags[0]["data"]["fixes"]]
        self.assertIn("Run in a worker thread: await asyncio.to_thread", titles)

        reset = "\n    def reset(self, other):\n        self.http = other\n"
        text, diags = self.edit(s, uri, 3, text, "\n    async def", reset + "\n    async def")
        self.assertEqual(diags, [], "bound to an unknown object too: nothing is flagged")

        text, diags = self.edit(s, uri, 4, text, reset, "")
        self.assertEqual(found(diags), [("ASYNC210", rng(8, 15, 8, 28))])

        text, diags = self.edit(s, uri, 5, text, "        self.http = requests.Session()\n", "        pass\n")
        self.assertEqual(diags, [])
        self.assertEqual(s.shutdown_and_exit(), 0)

    def test_factory_return_changes(self):
        s = self.started(encodings=["utf-8"])
        uri = "file:///proj/factory.py"
        s.open(uri, FACTORY, 1)
        self.assertEqual(s.wait_publish(uri, 1)["diagnostics"], [])
        text, diags = self.edit(s, uri, 2, FACTORY, "return {}", "return httpx.Client()")
        self.assertEqual(found(diags), [("ASYNC212", rng(9, 4, 9, 9))])
        text, diags = self.edit(s, uri, 3, text, "return httpx.Client()", "return httpx.AsyncClient()")
        self.assertEqual(diags, [])
        self.assertEqual(s.shutdown_and_exit(), 0)

    def test_class_rename_keeps_members(self):
        source = ("import requests\n\n\nclass Repo:\n    def __init__(self):\n"
                  "        self.http = requests.Session()\n\n\n"
                  "async def main(url):\n    Repo().http.get(url)\n")
        s = self.started(encodings=["utf-8"])
        uri = "file:///proj/rename.py"
        s.open(uri, source, 1)
        self.assertEqual(found(s.wait_publish(uri, 1)["diagnostics"]), [("ASYNC210", rng(9, 4, 9, 19))])
        # Renaming the class alone: the call names the old class, now unknown.
        text, diags = self.edit(s, uri, 2, source, "class Repo", "class Store")
        self.assertEqual(diags, [])
        # The call follows: found again through the renamed class's members.
        text, diags = self.edit(s, uri, 3, text, "Repo().http", "Store().http")
        self.assertEqual(found(diags), [("ASYNC210", rng(9, 4, 9, 20))])
        self.assertEqual(s.shutdown_and_exit(), 0)

    def test_factory_in_another_file(self):
        with tempfile.TemporaryDirectory() as root:
            pkg = os.path.join(root, "pkg")
            os.mkdir(pkg)
            open(os.path.join(pkg, "__init__.py"), "w").close()
            clients_path = os.path.join(pkg, "clients.py")
            with open(clients_path, "w") as f:
                f.write(CLIENTS_SYNC)
            user_uri = file_uri(os.path.join(pkg, "user.py"))
            clients_uri = file_uri(clients_path)
            s = self.server()
            s.request("initialize", {
                "processId": os.getpid(), "rootUri": file_uri(root),
                "workspaceFolders": [{"uri": file_uri(root), "name": "proj"}],
                "capabilities": {"general": {"positionEncodings": ["utf-8"]}}})
            s.notify("initialized", {})
            s.open(user_uri, USER, 1)
            flagged = [("ASYNC212", rng(4, 4, 4, 14))]
            self.assertEqual(found(s.wait_publish(user_uri, 1)["diagnostics"]), flagged)

            def republished(action):
                before = len(s.publishes(user_uri))
                action()
                return found(s.wait_publish(user_uri, after=before)["diagnostics"])

            # The factory's module opened with a dict return: the buffer wins.
            self.assertEqual(republished(lambda: s.open(clients_uri, CLIENTS_DICT, 1)), [])
            # Its return edited back to a client.
            self.assertEqual(republished(lambda: s.change(clients_uri, 2, [{
                "range": Text(CLIENTS_DICT).find_range("{}", "utf-8"), "text": "httpx.Client()"}])), flagged)
            # Closed: read from disk, which holds the sync client too; then the
            # disk changes and the watcher says so.
            self.assertEqual(republished(lambda: s.close(clients_uri)), flagged)
            with open(clients_path, "w") as f:
                f.write(CLIENTS_DICT)
            self.assertEqual(republished(lambda: s.notify("workspace/didChangeWatchedFiles", {
                "changes": [{"uri": clients_uri, "type": 2}]})), [])
            self.assertEqual(s.shutdown_and_exit(), 0)


if __name__ == "__main__":
    lspclient.main()
