#!/usr/bin/env python3
"""`asyncradar check --fix / --unsafe-fixes / --diff` and the JSON `fix`
field: exact file contents after fixing, exit codes, permissions and
symlinks kept, a failed write leaving the original untouched, and a diff
that patches the original into the --fix result.

usage: test_cli_fix.py path/to/asyncradar
"""

import json
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import unittest

BINARY = None
HERE = os.path.dirname(os.path.abspath(__file__))

SOURCE = '''import time

import requests


async def main(u):
    time.sleep(1)
    r = requests.get(u).json()
    time.sleep(2)
    return r
'''

SAFE = '''import time

import requests
import asyncio


async def main(u):
    await asyncio.sleep(1)
    r = requests.get(u).json()
    await asyncio.sleep(2)
    return r
'''

UNSAFE = '''import time

import requests
import asyncio


async def main(u):
    await asyncio.sleep(1)
    r = (await asyncio.to_thread(requests.get, u)).json()
    await asyncio.sleep(2)
    return r
'''


def run(*args, **kw):
    return subprocess.run([BINARY, "check", *args], capture_output=True, text=True, **kw)


def apply_unified_diff(text, diff):
    """A minimal patch(1) for one file's unified diff."""
    old = text.splitlines(keepends=True)
    out, at = [], 0
    lines = diff.splitlines(keepends=True)
    assert lines[0].startswith("--- ") and lines[1].startswith("+++ "), diff
    i = 2
    while i < len(lines):
        m = re.match(r"@@ -(\d+),(\d+) \+(\d+),(\d+) @@", lines[i])
        assert m, lines[i]
        start = int(m.group(1)) - 1 if int(m.group(2)) else int(m.group(1))
        out.extend(old[at:start])
        at = start
        i += 1
        while i < len(lines) and not lines[i].startswith("@@"):
            tag, body = lines[i][0], lines[i][1:]
            if tag == "\\":  # "\ No newline at end of file": the line before has none
                prev = lines[i - 1]
                if prev[0] in " +":
                    out[-1] = out[-1][:-1]
                i += 1
                continue
            if i + 1 < len(lines) and lines[i + 1].startswith("\\") and tag in " -":
                body = body[:-1]
            if tag in " -":
                assert old[at] == body, (old[at], body)
                at += 1
            if tag in " +":
                out.append(body)
            i += 1
    out.extend(old[at:])
    return "".join(out)


class CliFix(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir)
        self.path = os.path.join(self.dir, "app.py")
        with open(self.path, "w") as f:
            f.write(SOURCE)
        os.chmod(self.path, 0o640)

    def content(self):
        with open(self.path) as f:
            return f.read()

    def test_fix_applies_safe_fixes_only(self):
        r = run("--fix", self.path)
        self.assertEqual(self.content(), SAFE)
        self.assertEqual(r.returncode, 1, r)  # requests.get remains
        self.assertIn("Applied 2 fixes.", r.stdout)
        self.assertIn("Remaining: 1 blocking call in 1 of 1 files.", r.stdout)
        self.assertEqual(stat.S_IMODE(os.stat(self.path).st_mode), 0o640)
        self.assertEqual(os.listdir(self.dir), ["app.py"])

    def test_unsafe_fixes_leave_nothing(self):
        r = run("--fix", "--unsafe-fixes", self.path)
        self.assertEqual(self.content(), UNSAFE)
        self.assertEqual(r.returncode, 0, r)
        self.assertIn("No blocking calls remain", r.stdout)
        compile(self.content(), self.path, "exec")
        # Fixing again changes nothing.
        r = run("--fix", "--unsafe-fixes", self.path)
        self.assertEqual(self.content(), UNSAFE)
        self.assertIn("Applied 0 fixes.", r.stdout)

    def test_fix_through_symlink_keeps_the_link(self):
        link = os.path.join(self.dir, "link.py")
        os.symlink("app.py", link)
        run("--fix", link)
        self.assertTrue(os.path.islink(link))
        self.assertEqual(self.content(), SAFE)

    def test_diff_writes_nothing_and_patches_to_the_fix(self):
        r = run("--diff", "--unsafe-fixes", self.path)
        self.assertEqual(r.returncode, 1, r)
        self.assertEqual(self.content(), SOURCE)
        self.assertTrue(r.stdout.startswith("--- %s\n+++ %s\n@@ " % (self.path, self.path)), r.stdout)
        self.assertEqual(apply_unified_diff(SOURCE, r.stdout), UNSAFE)
        self.assertIn("Would apply 3 fixes; 0 blocking calls would remain.", r.stderr)
        # Nothing to change: no diff, exit 0.
        with open(self.path, "w") as f:
            f.write(UNSAFE)
        r = run("--diff", self.path)
        self.assertEqual((r.returncode, r.stdout), (0, ""), r)

    def test_diff_without_final_newline(self):
        source = "import time\nasync def f():\n    time.sleep(1)"
        with open(self.path, "w") as f:
            f.write(source)
        r = run("--diff", self.path)
        self.assertTrue(r.stdout.endswith("+    await asyncio.sleep(1)\n\\ No newline at end of file\n"),
                        r.stdout)
        fixed = apply_unified_diff(source, r.stdout)
        run("--fix", self.path)
        self.assertEqual(fixed, self.content())
        self.assertEqual(fixed, "import time\nimport asyncio\nasync def f():\n    await asyncio.sleep(1)")

    def test_failed_write_leaves_the_original(self):
        def small_files():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (16, 16))
        r = run("--fix", self.path, preexec_fn=small_files)
        self.assertEqual(r.returncode, 2, r)
        self.assertIn("cannot write %s (left unchanged)" % self.path, r.stderr)
        self.assertEqual(self.content(), SOURCE)
        self.assertEqual(os.listdir(self.dir), ["app.py"])

    def test_json_fix_field(self):
        r = run("--output-format", "json", self.path)
        self.assertEqual(r.returncode, 1, r)
        items = json.loads(r.stdout)
        self.assertEqual([i["code"] for i in items], ["ASYNC251", "ASYNC210", "ASYNC251"])
        self.assertEqual(items[0]["fix"], {
            "applicability": "safe",
            "message": "Use await asyncio.sleep",
            "edits": [
                {"content": "import asyncio\n", "location": {"row": 4, "column": 1},
                 "end_location": {"row": 4, "column": 1}},
                {"content": "await asyncio.sleep", "location": {"row": 7, "column": 5},
                 "end_location": {"row": 7, "column": 15}},
            ]})
        self.assertEqual(items[1]["fix"]["applicability"], "unsafe")
        self.assertEqual(items[1]["fix"]["message"], "Run in a worker thread: await asyncio.to_thread")
        self.assertEqual([e["content"] for e in items[1]["fix"]["edits"]],
                         ["import asyncio\n", "(await asyncio.to_thread(", ", ", ")"])

    def test_no_fix_for_a_call_that_cannot_take_await(self):
        with open(self.path, "w") as f:
            f.write("import time\n\n\nasync def f(xs):\n    return any(time.sleep(x) for x in xs)\n")
        r = run("--output-format", "json", self.path)
        self.assertIsNone(json.loads(r.stdout)[0]["fix"])
        before = self.content()
        r = run("--fix", "--unsafe-fixes", self.path)
        self.assertEqual((r.returncode, self.content()), (1, before))


class LibraryMessages(unittest.TestCase):
    """The advice follows the file's library: trio or anyio when imported
    (and asyncio is not), asyncio otherwise."""

    CASES = [
        ("import trio\n", "use `await trio.sleep(...)`"),
        ("from anyio import run\n", "use `await anyio.sleep(...)`"),
        ("import trio\nimport anyio\n", "use `await anyio.sleep(...)`"),
        ("import trio\nimport asyncio\n", "use `await asyncio.sleep(...)` (trio/anyio: "),
        ("", "use `await asyncio.sleep(...)` (trio/anyio: "),
    ]

    def test_sleep_advice(self):
        with tempfile.TemporaryDirectory() as d:
            for header, advice in self.CASES:
                path = os.path.join(d, "lib.py")
                with open(path, "w") as f:
                    f.write(header + "import time\n\n\nasync def f():\n    time.sleep(1)\n")
                out = json.loads(run("--output-format", "json", path).stdout)
                self.assertEqual(len(out), 1, header)
                self.assertIn(advice, out[0]["message"], header)

    def test_process_advice_in_trio(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "lib.py")
            with open(path, "w") as f:
                f.write("import subprocess\nimport trio\n\n\nasync def f(cmd):\n"
                        "    subprocess.run(['ls'])\n    subprocess.run(cmd)\n")
            out = json.loads(run("--output-format", "json", path).stdout)
            self.assertTrue(out[0]["message"].endswith("use `await trio.run_process(...)`"), out)
            # trio code gets trio's own fixes, not asyncio's: run_process
            # where the arguments translate, else the trio worker thread.
            self.assertEqual(out[0]["fix"]["message"], "Run with await trio.run_process")
            self.assertEqual([e["content"] for e in out[0]["fix"]["edits"]],
                             ["await trio.run_process(['ls'], stdin=None, check=False)"])
            self.assertEqual(out[1]["fix"]["message"], "Run in a worker thread: await trio.to_thread.run_sync")


TWO_PROCESSES = '''import subprocess


async def build(proc):
    first = subprocess.run(["echo", "one"], capture_output=True, check=True)
    output = subprocess.check_output(["echo", proc])
    second = subprocess.run(["sh", "-c", "echo two; exit 3"], capture_output=True)
    return first.stdout, output, second.returncode, second.stdout, proc
'''

# One pass fixes the three calls together: each rewrite picks its temporary
# names against the function as written (`proc` and `output` are taken, so
# proc_1 and output_1), and the three share them, each rebinding them before
# use. Applied one at a time (golden case subprocess_exec) each sees the
# previous one's names and takes the next suffix instead.
TWO_PROCESSES_FIXED = '''import subprocess
import asyncio


async def build(proc):
    proc_1 = await asyncio.create_subprocess_exec("echo", "one", stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    output_1 = await proc_1.communicate()
    first = subprocess.CompletedProcess(["echo", "one"], proc_1.returncode, *output_1)
    first.check_returncode()
    proc_1 = await asyncio.create_subprocess_exec("echo", proc, stdout=asyncio.subprocess.PIPE)
    output_1 = await proc_1.communicate()
    subprocess.CompletedProcess(["echo", proc], proc_1.returncode, *output_1).check_returncode()
    output = output_1[0]
    proc_1 = await asyncio.create_subprocess_exec("sh", "-c", "echo two; exit 3", stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    output_1 = await proc_1.communicate()
    second = subprocess.CompletedProcess(["sh", "-c", "echo two; exit 3"], proc_1.returncode, *output_1)
    return first.stdout, output, second.returncode, second.stdout, proc
'''


SESSION_BLOCK = '''import time

import requests


async def crawl(urls):
    with requests.Session() as s:
        for url in urls:
            time.sleep(0.1)
            page = s.get(url).text
            extra = requests.get(url + "/x").text
            with requests.Session() as inner:
                inner.post(url, json={"page": page})
            print(page, extra)
'''

# The ARD105 rewrites await the sessions' requests themselves: the worker
# thread fixes of those requests (ASYNC210 on `s.get`, `inner.post`) insert
# at the same places and are left out, so no request is both awaited and
# handed to a thread; the other findings in the blocks are fixed alongside.
SESSION_BLOCK_FIXED = '''import time

import requests
import asyncio
import httpx


async def crawl(urls):
    async with await asyncio.to_thread(httpx.AsyncClient, follow_redirects=True, timeout=None) as s:
        for url in urls:
            await asyncio.sleep(0.1)
            page = (await s.get(url)).text
            extra = (await asyncio.to_thread(requests.get, url + "/x")).text
            async with await asyncio.to_thread(httpx.AsyncClient, follow_redirects=True, timeout=None) as inner:
                await inner.post(url, json={"page": page})
            print(page, extra)
'''


class FixesTogether(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir)

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def result(self, path):
        """What build("arg") returns, run by Python."""
        code = ("import asyncio, importlib.util, sys\n"
                "spec = importlib.util.spec_from_file_location('m', sys.argv[1])\n"
                "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n"
                "print(asyncio.run(m.build('arg')))\n")
        r = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True,
                           env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def test_temporaries_shared_by_fixes_in_one_pass(self):
        original = self.write("orig.py", TWO_PROCESSES)
        path = self.write("two.py", TWO_PROCESSES)
        r = run("--fix", "--unsafe-fixes", path)
        self.assertEqual(r.returncode, 0, r)
        self.assertIn("Applied 3 fixes.", r.stdout)
        with open(path) as f:
            self.assertEqual(f.read(), TWO_PROCESSES_FIXED)
        self.assertEqual(self.result(path), self.result(original))
        self.assertEqual(self.result(path), "(b'one\\n', b'arg\\n', 3, b'two\\n', 'arg')\n")

    def test_session_block_with_its_requests_and_other_findings(self):
        path = self.write("crawl.py", SESSION_BLOCK)
        out = json.loads(run("--output-format", "json", path).stdout)
        self.assertEqual([(f["code"], f["location"]["row"]) for f in out],
                         [("ARD105", 7), ("ASYNC251", 9), ("ASYNC210", 10), ("ASYNC210", 11),
                          ("ARD105", 12), ("ASYNC210", 13)])
        r = run("--fix", "--unsafe-fixes", path)
        self.assertEqual(r.returncode, 0, r)
        self.assertIn("Applied 4 fixes.", r.stdout)
        with open(path) as f:
            self.assertEqual(f.read(), SESSION_BLOCK_FIXED)

    def test_configured_call_runs_in_a_worker_thread(self):
        # ASYNC200 (extra-blocking-calls): the configured replacement's
        # signature is unknown, so the worker thread is the fix.
        self.write("pyproject.toml", '[tool.asyncradar.extra-blocking-calls]\n'
                                     '"mylib.fetch_*" = "mylib.afetch"\n')
        path = self.write("svc.py", "import mylib\n\n\nasync def load(uid):\n"
                                    "    user = mylib.fetch_user(uid, cache=False)\n    return user\n")
        out = json.loads(run("--output-format", "json", path).stdout)
        self.assertEqual([(f["code"], f["fix"]["message"]) for f in out],
                         [("ASYNC200", "Run in a worker thread: await asyncio.to_thread")])
        r = run("--fix", "--unsafe-fixes", path)
        self.assertEqual(r.returncode, 0, r)
        with open(path) as f:
            self.assertEqual(f.read(), "import mylib\nimport asyncio\n\n\nasync def load(uid):\n"
                                       "    user = await asyncio.to_thread(mylib.fetch_user, uid, cache=False)\n"
                                       "    return user\n")

if __name__ == "__main__":
    BINARY = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
