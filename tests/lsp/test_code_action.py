#!/usr/bin/env python3
"""Code actions end to end: the quick fixes each diagnostic carries, applied
through real WorkspaceEdits in every position encoding and compared with
golden files; source.fixAll.asyncradar with and without codeAction/resolve;
`context.only` filtering; versioned edits; stale diagnostics.

usage: test_code_action.py [path/to/asyncradar] [unittest options]
"""

import copy
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import lspclient  # noqa: E402
from lspclient import ServerTestCase  # noqa: E402
from workspace_edit import apply_workspace_edit, text_edits_for  # noqa: E402

FIX_ALL = "source.fixAll.asyncradar"
URI = "file:///project/service.py"


def golden(name):
    with open(os.path.join(HERE, "golden", name), "rb") as f:
        return f.read()


SAMPLE = golden("sample.py")

THREAD = "Run in a worker thread: await asyncio.to_thread"
# (code, [rewrite titles, preferred first]) per finding of the sample.
EXPECTED_PREFERRED = [
    ("ASYNC251", ["Use await asyncio.sleep"]),
    ("ASYNC210", [THREAD]),
    ("ASYNC221", ["Run with await asyncio.create_subprocess_exec", THREAD]),
    ("ASYNC230", [THREAD]),
    ("ASYNC232", [THREAD]),
]


class Editor:
    """Holds a document the way a client does and applies edits to it."""

    def __init__(self, server, uri, data):
        self.s, self.uri, self.data, self.version = server, uri, data, 1
        server.open(uri, data.decode("utf-8"))

    def diagnostics(self):
        return self.s.wait_publish(self.uri, self.version)["diagnostics"]

    def actions(self, diags, only=None):
        context = {"diagnostics": diags}
        if only is not None:
            context["only"] = only
        rng = diags[0]["range"] if diags else {"start": {"line": 0, "character": 0},
                                               "end": {"line": 0, "character": 0}}
        return self.s.request("textDocument/codeAction", {
            "textDocument": {"uri": self.uri}, "range": rng, "context": context})

    def apply(self, edit):
        self.data = apply_workspace_edit(self.data, edit, self.uri, self.s.encoding)
        self.version += 1
        self.s.change(self.uri, self.version, [{"text": self.data.decode("utf-8")}])


class CodeActionTest(ServerTestCase):

    def test_capabilities(self):
        s = self.started()
        provider = s.capabilities["codeActionProvider"]
        self.assertEqual(provider["codeActionKinds"], ["quickfix", FIX_ALL])
        self.assertIs(provider["resolveProvider"], True)

    def test_each_diagnostic_offers_its_fixes(self):
        s = self.started()
        ed = Editor(s, URI, SAMPLE)
        diags = ed.diagnostics()
        self.assertEqual([d["code"] for d in diags], [c for c, _ in EXPECTED_PREFERRED])
        for d, (code, rewrites) in zip(diags, EXPECTED_PREFERRED):
            actions = ed.actions([d])
            quick = [a for a in actions if a["kind"] == "quickfix"]
            self.assertEqual([a["title"] for a in quick],
                             ["asyncradar (%s): %s" % (code, t) for t in rewrites]
                             + ["asyncradar (%s): Disable %s for this line" % (code, code)])
            self.assertIs(quick[0].get("isPreferred"), True)
            for a in quick[1:]:
                self.assertNotIn("isPreferred", a)
            for a in quick:
                self.assertEqual(a["diagnostics"], [d])
            # The sleep fix is safe, so fix-all is on offer next to it.
            self.assertEqual([a["kind"] for a in actions if a["kind"] != "quickfix"], [FIX_ALL])

    def apply_preferred_one_by_one(self, enc, document_changes):
        caps = {"workspace": {"workspaceEdit": {"documentChanges": document_changes}}}
        s = self.server()
        s.initialize(encodings=[enc], capabilities=caps)
        self.assertEqual(s.encoding, enc)
        ed = Editor(s, URI, SAMPLE)
        applied = []
        while True:
            diags = ed.diagnostics()
            preferred = None
            # Bottom up: once `open` runs in a thread the analysis no longer
            # knows `fh` is a file, so its read is fixed first.
            for d in reversed(diags):
                preferred = next((a for a in ed.actions([d]) if a.get("isPreferred")), None)
                if preferred:
                    break
            if not preferred:
                break
            edit = preferred["edit"]
            if document_changes:
                self.assertEqual(list(edit), ["documentChanges"])
                self.assertEqual(edit["documentChanges"][0]["textDocument"],
                                 {"uri": URI, "version": ed.version})
            else:
                self.assertEqual(list(edit), ["changes"])
            applied.append(preferred["title"])
            ed.apply(edit)
            self.assertLess(len(applied), 20, applied)
        self.assertEqual(len(applied), len(EXPECTED_PREFERRED), applied)
        self.assertEqual(ed.data.decode(), golden("sample.preferred.py").decode())
        self.assertEqual(ed.diagnostics(), [])

    def test_preferred_fixes_utf8(self):
        self.apply_preferred_one_by_one("utf-8", False)

    def test_preferred_fixes_utf16_versioned(self):
        self.apply_preferred_one_by_one("utf-16", True)

    def test_preferred_fixes_utf32(self):
        self.apply_preferred_one_by_one("utf-32", False)

    def test_disable_for_each_line(self):
        s = self.started()
        ed = Editor(s, URI, SAMPLE)
        # Every action was computed for version 1; apply them together, as
        # their edits do not overlap.
        edits = []
        for d in ed.diagnostics():
            disable = [a for a in ed.actions([d]) if a["title"].endswith("for this line")]
            self.assertEqual(len(disable), 1)
            edits.extend(text_edits_for(disable[0]["edit"], URI))
        ed.apply({"changes": {URI: edits}})
        self.assertEqual(ed.data.decode(), golden("sample.noqa.py").decode())
        # The comments are honoured: nothing is left to report.
        self.assertEqual(ed.diagnostics(), [])

    def test_fix_all_without_resolve(self):
        s = self.started()
        ed = Editor(s, URI, SAMPLE)
        ed.diagnostics()
        actions = ed.actions([], only=["source.fixAll"])
        self.assertEqual([a["kind"] for a in actions], [FIX_ALL])
        self.assertEqual(actions[0]["title"], "asyncradar: Apply all safe fixes")
        ed.apply(actions[0]["edit"])
        self.assertEqual(ed.data.decode(), golden("sample.fixall.py").decode())
        # Only unsafe fixes are left: no fix-all any more.
        ed.diagnostics()
        self.assertEqual(ed.actions([], only=[FIX_ALL]), [])

    def test_fix_all_resolved_lazily(self):
        s = self.server()
        s.initialize(capabilities={"textDocument": {"codeAction": {
            "resolveSupport": {"properties": ["edit"]}}}})
        ed = Editor(s, URI, SAMPLE)
        ed.diagnostics()
        actions = ed.actions([], only=["source"])
        self.assertEqual(len(actions), 1)
        self.assertNotIn("edit", actions[0])
        self.assertEqual(actions[0]["data"], {"uri": URI, "version": 1})
        resolved = s.request("codeAction/resolve", actions[0])
        self.assertEqual(resolved["title"], actions[0]["title"])
        ed.apply(resolved["edit"])
        self.assertEqual(ed.data.decode(), golden("sample.fixall.py").decode())
        # The action of version 1 no longer applies to version 2.
        ed.diagnostics()
        err = s.request_error("codeAction/resolve", actions[0])
        self.assertEqual(err["code"], -32801)

    def test_only_filters_kinds(self):
        s = self.started()
        ed = Editor(s, URI, SAMPLE)
        d = ed.diagnostics()[0]
        kinds = lambda only: sorted({a["kind"] for a in ed.actions([d], only=only)})  # noqa: E731
        self.assertEqual(kinds(["quickfix"]), ["quickfix"])
        self.assertEqual(kinds(["source"]), [FIX_ALL])
        self.assertEqual(kinds(["source.fixAll.asyncradar"]), [FIX_ALL])
        self.assertEqual(kinds(["source.organizeImports"]), [])
        self.assertEqual(kinds(["refactor"]), [])
        self.assertEqual(kinds(["quickfix", "source"]), ["quickfix", FIX_ALL])

    def test_stale_or_foreign_diagnostics_get_no_fixes(self):
        s = self.started()
        ed = Editor(s, URI, SAMPLE)
        d = ed.diagnostics()[0]
        stale = copy.deepcopy(d)
        stale["data"]["version"] = 0
        self.assertEqual(ed.actions([stale], only=["quickfix"]), [])
        foreign = copy.deepcopy(d)
        foreign["source"] = "ruff"
        self.assertEqual(ed.actions([foreign], only=["quickfix"]), [])
        broken = copy.deepcopy(d)
        broken["data"] = {"version": 1, "fixes": [{"title": 3}, "x", None]}
        self.assertEqual(ed.actions([broken], only=["quickfix"]), [])
        # No diagnostics, no `only`: nothing to offer unasked.
        self.assertEqual(ed.actions([]), [])
        err = s.request_error("textDocument/codeAction", {"textDocument": {"uri": URI}})
        self.assertEqual(err["code"], -32602)

    def test_closed_document_uses_the_data(self):
        s = self.started()
        ed = Editor(s, URI, SAMPLE)
        d = ed.diagnostics()[0]
        s.close(URI)
        s.sync()
        actions = ed.actions([d])
        self.assertEqual([a["kind"] for a in actions], ["quickfix", "quickfix"])


class SessionBlockTest(ServerTestCase):
    """ARD105: the `with requests.Session()` block becomes an httpx
    AsyncClient whose requests are awaited, applied through the server in
    every encoding (non-ASCII text before the edits); once a request of the
    block went to a worker thread instead, the block is no longer offered."""

    SOURCE = (
        "import requests\n"
        "\n"
        "\n"
        "async def sync_all(urls):\n"
        "    with requests.Session() as s:\n"
        "        return [(\"é🐍\", s.get(u, allow_redirects=False).json()) for u in urls]\n")
    FIXED = (
        "import requests\n"
        "import asyncio\n"
        "import httpx\n"
        "\n"
        "\n"
        "async def sync_all(urls):\n"
        "    async with await asyncio.to_thread(httpx.AsyncClient, follow_redirects=True,"
        " timeout=None) as s:\n"
        "        return [(\"é🐍\", (await s.get(u, follow_redirects=False)).json()) for u in urls]\n")
    CLIENT = "asyncradar (ARD105): Use httpx.AsyncClient"

    def quick_titles(self, ed, d):
        return [a["title"] for a in ed.actions([d]) if a["kind"] == "quickfix"]

    def test_block_rewritten_in_each_encoding(self):
        for enc in ("utf-8", "utf-16", "utf-32"):
            s = self.server()
            s.initialize(encodings=[enc])
            ed = Editor(s, URI, self.SOURCE.encode())
            diags = ed.diagnostics()
            self.assertEqual([d["code"] for d in diags], ["ARD105", "ASYNC210"])
            self.assertEqual(self.quick_titles(ed, diags[0]),
                             [self.CLIENT, "asyncradar (ARD105): Disable ARD105 for this line"])
            self.assertEqual(self.quick_titles(ed, diags[1]),
                             ["asyncradar (ASYNC210): " + THREAD,
                              "asyncradar (ASYNC210): Disable ASYNC210 for this line"])
            action = ed.actions([diags[0]])[0]
            self.assertIs(action.get("isPreferred"), True)
            ed.apply(action["edit"])
            self.assertEqual(ed.data.decode(), self.FIXED, enc)
            self.assertEqual(ed.diagnostics(), [])
            s.finish()

    def test_request_in_a_thread_first_leaves_the_block(self):
        s = self.started()
        ed = Editor(s, URI, self.SOURCE.encode())
        diags = ed.diagnostics()
        ed.apply(ed.actions([diags[1]])[0]["edit"])
        self.assertIn("await asyncio.to_thread(s.get, u,", ed.data.decode())
        diags = ed.diagnostics()
        self.assertEqual([d["code"] for d in diags], ["ARD105"])
        self.assertEqual(self.quick_titles(ed, diags[0]),
                         ["asyncradar (ARD105): Disable ARD105 for this line"])


class RouteHandlerTest(ServerTestCase):
    """ARD300: the hint on an async route handler that only blocks carries
    the plain-def fix as its preferred fix, and follows edits."""

    SOURCE = (
        "import requests\n"
        "from fastapi import FastAPI\n"
        "\n"
        "app = FastAPI()\n"
        "\n"
        "\n"
        "@app.get(\"/users/{uid}\")\n"
        "async def get_user(uid: int):\n"
        "    return requests.get(f\"http://users/{uid}\").json()\n")
    PLAIN_DEF = "Make this handler a plain def (the framework runs it in a thread pool)"
    MESSAGE = ("`get_user` awaits nothing but blocks: as an `async def` route handler it runs"
               " on the event loop's thread, so its blocking calls stall every other request;"
               " use a plain `def` handler, which FastAPI runs in its thread pool so the event"
               " loop is not blocked")

    def test_hint_carries_the_plain_def_fix(self):
        s = self.started()
        ed = Editor(s, URI, self.SOURCE.encode())
        diags = ed.diagnostics()
        self.assertEqual([d["code"] for d in diags], ["ARD300", "ASYNC210"])
        hint = diags[0]
        self.assertEqual(hint["severity"], 4)
        self.assertEqual(hint["range"], {"start": {"line": 7, "character": 10},
                                         "end": {"line": 7, "character": 18}})
        self.assertEqual(hint["message"], self.MESSAGE)
        quick = [a for a in ed.actions([hint]) if a["kind"] == "quickfix"]
        self.assertEqual([a["title"] for a in quick],
                         ["asyncradar (ARD300): " + self.PLAIN_DEF,
                          "asyncradar (ARD300): Disable ARD300 for this line"])
        self.assertIs(quick[0].get("isPreferred"), True)
        # The blocking call inside offers the same fix, as an alternative.
        call_titles = [a["title"] for a in ed.actions([diags[1]]) if a["kind"] == "quickfix"]
        self.assertIn("asyncradar (ASYNC210): " + self.PLAIN_DEF, call_titles)
        ed.apply(quick[0]["edit"])
        self.assertEqual(ed.data.decode(), self.SOURCE.replace("async def", "def"))
        # A plain def may block: nothing is left to report.
        self.assertEqual(ed.diagnostics(), [])

    def test_hint_follows_edits(self):
        s = self.started()
        ed = Editor(s, URI, self.SOURCE.encode())
        self.assertEqual([d["code"] for d in ed.diagnostics()], ["ARD300", "ASYNC210"])

        def edit(old, new):
            ed.data = ed.data.replace(old.encode(), new.encode(), 1)
            ed.version += 1
            s.change(URI, ed.version, [{"text": ed.data.decode()}])
            return [d["code"] for d in ed.diagnostics()]

        # Awaiting something makes it a coroutine that needs the loop.
        self.assertEqual(edit("    return requests", "    await audit()\n    return requests"),
                         ["ASYNC210"])
        self.assertEqual(edit("    await audit()\n", ""), ["ARD300", "ASYNC210"])
        # The decorator's object is no longer an app: no hint.
        self.assertEqual(edit("app = FastAPI()", "app = make_cache()"), ["ASYNC210"])
        self.assertEqual(edit("app = make_cache()", "app = FastAPI()"), ["ARD300", "ASYNC210"])
        # The blocking call silenced: nothing blocks, no hint.
        self.assertEqual(edit(".json()\n", ".json()  # noqa: ASYNC210\n"), [])


class HoverTest(ServerTestCase):

    SOURCE = ('import time\n\n\nasync def f(xs):\n'
              '    s = "é😀"; time.sleep(1)\n'
              '    return any(time.sleep(x) for x in xs)\n')

    def hover(self, s, needle, nth=0, delta=0):
        text = lspclient.Text(self.SOURCE)
        at = -1
        for _ in range(nth + 1):
            at = text.data.find(needle.encode(), at + 1)
        pos = text.position(at + delta, s.encoding)
        return s.request("textDocument/hover", {"textDocument": {"uri": URI}, "position": pos})

    def test_hover_explains_and_lists_fixes(self):
        for enc in ("utf-8", "utf-16", "utf-32"):
            s = self.server()
            s.initialize(encodings=[enc])
            self.assertIs(s.capabilities["hoverProvider"], True)
            s.open(URI, self.SOURCE)
            diags = s.wait_publish(URI, 1)["diagnostics"]
            h = self.hover(s, "time.sleep(1)", delta=6)  # on `sleep`
            self.assertEqual(h["range"], diags[0]["range"])
            self.assertEqual(h["contents"]["kind"], "markdown")
            self.assertEqual(h["contents"]["value"],
                             "**asyncradar ASYNC251**: " + diags[0]["message"]
                             + "\n\n**Quick fixes:**\n\n- Use await asyncio.sleep (safe), preferred")
            # Inside a generator expression no await can go: no rewrite.
            h = self.hover(s, "time.sleep(x)")
            self.assertTrue(h["contents"]["value"].endswith(
                "No rewrite is offered for this call as written."), h)
            # Off any finding: nothing.
            self.assertIsNone(self.hover(s, "return"))
            self.assertIsNone(self.hover(s, "1)", delta=1))
            self.assertIsNone(s.request("textDocument/hover", {
                "textDocument": {"uri": "file:///not/open.py"}, "position": {"line": 0, "character": 0}}))
            err = s.request_error("textDocument/hover", {"textDocument": {"uri": URI}})
            self.assertEqual(err["code"], -32602)


if __name__ == "__main__":
    lspclient.main()
