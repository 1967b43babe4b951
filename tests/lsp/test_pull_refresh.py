#!/usr/bin/env python3
"""A pulling client learns about a configuration change: the server sends
workspace/diagnostic/refresh when the client declares refreshSupport (as
VS Code does), and never to a client that does not.

usage: test_pull_refresh.py [path/to/asyncradar] [unittest options]
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lspclient  # noqa: E402
from lspclient import ServerTestCase  # noqa: E402

SOURCE = '''import os
import time


async def handler(path):
    time.sleep(1)
    os.path.exists(path)
'''


def codes(items):
    return sorted(d["code"] for d in items)


def refreshes(s):
    return [r for r in s.requests if r["method"] == "workspace/diagnostic/refresh"]


class PullRefresh(ServerTestCase):

    def pulling(self, refresh, configuration=False):
        workspace = {"diagnostics": {"refreshSupport": refresh}}
        if configuration:
            workspace["configuration"] = True
        return self.started(pull=True, capabilities={"workspace": workspace},
                            initialization_options={"settings": {"ignore": ["ASYNC240"]}})

    def test_refresh_after_did_change_configuration(self):
        s = self.pulling(refresh=True)
        s.open("file:///a.py", SOURCE)
        self.assertEqual(codes(s.pull("file:///a.py")), ["ASYNC251"])
        s.sync()
        self.assertEqual(refreshes(s), [], "no refresh before anything changed")
        s.notify("workspace/didChangeConfiguration", {"settings": {"asyncradar": {}}})
        req = s.wait_for("workspace/diagnostic/refresh", lambda: refreshes(s))
        self.assertEqual(len(req), 1)
        self.assertNotIn("params", req[0])
        s.send({"jsonrpc": "2.0", "id": req[0]["id"], "result": None})
        self.assertEqual(codes(s.pull("file:///a.py")), ["ASYNC240", "ASYNC251"])
        self.assertEqual(s.publishes("file:///a.py"), [], "a pulling client gets no push")

    def test_refresh_after_workspace_configuration_answer(self):
        s = self.pulling(refresh=True, configuration=True)
        first = s.wait_for("workspace/configuration",
                           lambda: [r for r in s.requests if r["method"] == "workspace/configuration"])
        s.open("file:///a.py", SOURCE)
        self.assertEqual(codes(s.pull("file:///a.py")), ["ASYNC251"])
        s.send({"jsonrpc": "2.0", "id": first[0]["id"], "result": [{"ignore": ["ASYNC251"]}]})
        req = s.wait_for("workspace/diagnostic/refresh", lambda: refreshes(s))
        s.send({"jsonrpc": "2.0", "id": req[0]["id"], "result": None})
        self.assertEqual(codes(s.pull("file:///a.py")), ["ASYNC240"])
        ids = {r["id"] for r in s.requests}
        self.assertEqual(len(ids), len(s.requests), "every request from the server has its own id")

    def test_no_refresh_without_the_capability(self):
        s = self.pulling(refresh=False)
        s.open("file:///a.py", SOURCE)
        s.notify("workspace/didChangeConfiguration", {"settings": {"asyncradar": {}}})
        s.sync()
        self.assertEqual(refreshes(s), [])
        self.assertEqual(codes(s.pull("file:///a.py")), ["ASYNC240", "ASYNC251"])

    def test_no_refresh_for_a_pushing_client(self):
        s = self.started(capabilities={"workspace": {"diagnostics": {"refreshSupport": True}}})
        s.open("file:///a.py", SOURCE)
        s.wait_publish("file:///a.py", 1)
        n = len(s.publishes("file:///a.py"))
        s.notify("workspace/didChangeConfiguration", {"settings": {"asyncradar": {"ignore": ["ASYNC2"]}}})
        self.assertEqual(s.wait_publish("file:///a.py", after=n)["diagnostics"], [])
        self.assertEqual(refreshes(s), [])


if __name__ == "__main__":
    lspclient.main()
