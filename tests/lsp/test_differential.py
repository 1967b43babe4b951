#!/usr/bin/env python3
"""Differential test of incremental synchronisation and analysis.

Random sequences of edits (insertions, deletions and replacements at random
positions, also across lines; inserting and deleting `async `, `import
time`, `def `, indentation, newlines and CRLF, non-ASCII text) are sent as
incremental didChange notifications, sometimes several changes in one
notification and several notifications before a comparison. After each
round the diagnostics of the edited document must equal those of the final
text opened fresh in a new document, and the text is tracked in the
client's own model (lspclient.Text), so a wrong edit shows up too.

Seeded and reproducible: the run covers LSP_DIFF_SEEDS seeds (default 6)
from LSP_DIFF_SEED (default 1337) on, LSP_DIFF_ROUNDS rounds (default 80) per
base text and seed. A failure prints the seed, the base text, the round and
the last edits; LSP_DIFF_SEED=<that seed> LSP_DIFF_SEEDS=1 replays it. (One
seed alone is too few: a regression in the analysis window was caught by
three of the six default seeds.)

usage: test_differential.py [path/to/asyncradar] [unittest options]
"""

import json
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lspclient  # noqa: E402
from lspclient import ServerTestCase, Text  # noqa: E402

SEED = int(os.environ.get("LSP_DIFF_SEED", "1337"))
SEEDS = int(os.environ.get("LSP_DIFF_SEEDS", "6"))
ROUNDS = int(os.environ.get("LSP_DIFF_ROUNDS", "80"))

BASES = {
    "service": '''import time
import requests
import subprocess as sp
from os import path


async def fetch(url):
    time.sleep(0.5)
    r = requests.get(url)
    return r.text


def helper(p):
    return open(p).read()


async def run(cmd):
    if path.exists(cmd):
        sp.run([cmd])
    await asyncio.sleep(1)
''',
    "classes": '''import time, os
from time import sleep as nap


class Worker:
    async def step(self):
        nap(1)
        os.remove("x")

    def sync_step(self):
        time.sleep(1)

    async def other(self):
        data = open("f").read()
        return [time.sleep(i) for i in range(3)]


async def main():
    w = Worker()
    await w.step()
    input("go? ")
''',
    "crlf_unicode": ('import time\r\n'
                     '# données: 🙂 中文 😀\r\n'
                     'async def f(s="é🙂"):\r\n'
                     '    t = "🙂🙂"; time.sleep(1)\r\n'
                     '    x = "𝄞"  ;  time.sleep(2)\r\n'
                     '\r\n'
                     'async def g():\r\n'
                     '    return open("ü.txt")\r\n'),
    "nested": '''import time


async def outer():
    def inner():
        time.sleep(1)

    async def inner_async():
        time.sleep(2)

    lam = lambda: time.sleep(3)
    time.sleep(4)
    return inner, inner_async, lam


time = None
''',
    "small": "async def f():\n    pass\n",
    "routes": '''import time
import requests
from fastapi import FastAPI, APIRouter

app = FastAPI()
router = APIRouter()


def load(u):
    return requests.get(u)


@app.get("/a")
async def a(u):
    time.sleep(1)
    return load(u)


class Views:
    @router.post("/b")
    async def b(self):
        requests.get("x")

    @router.get("/c")
    async def c(self):
        await other()
        time.sleep(1)


@app.websocket("/ws")
async def ws(w):
    time.sleep(1)
''',
    "helpers": '''import time
import requests


def load(u):
    return requests.get(u)


def refresh(u):
    return load(u)


def ping():
    return pong()


def pong():
    time.sleep(1)
    return ping()


class Worker:
    def slow(self):
        time.sleep(1)

    async def run(self, u):
        self.slow()
        refresh(u)


async def main(u):
    load(u)
    refresh(u)
    ping()
''',
    "objects": '''import requests
import httpx


class Repo:
    def __init__(self):
        self.http = requests.Session()
        self.cache = {}

    def load(self, u):
        return self.http.get(u)


class Child(Repo):
    client: httpx.Client

    async def run(self, u):
        self.http.get(u)
        self.client.post(u)
        self.load(u)
        self.cache.get(u)


def make():
    return httpx.Client()


async def main(u):
    make().get(u)
    Child().http.get(u)
''',
}

SNIPPETS = [
    "async ", "import time\n", "def ", "    ", "\n", "\r\n", "\n\n", "time.sleep(1)", "time.sleep",
    "requests.get(u)", "open(p)", "await ", ":", "(", ")", "[", "]", '"', "'", "#", "🙂", "é", "中",
    "𝄞x", "import requests\n", "from time import sleep\n", "sleep(2)", "\n    time.sleep(3)\n",
    "async def h():\n    time.sleep(0)\n", "class C:\n", "lambda: ", "global time\n", "time = None\n",
    "import subprocess as sp\n", "sp.run(c)", "x = ", ", ", ".", "os.path.exists(q)", "import os\n",
    "\r\n    time.sleep(5)\r\n", "input()", "def f():\n", "return ", "\\\n", "'''", "pass",
    "load(u)", "def load(u):\n    ", "self.slow()", "refresh(u)\n", "ping()", "yield ",
    "# asyncradar: noqa\n", "asyncradar:", " noqa", "# asyncradar: noqa: ASYNC251\n", "#",
    "@app.get(\"/x\")\n", "@router.put(\"/y\")\n", "app = FastAPI()\n", "from fastapi import FastAPI\n",
    "async for x in y:\n    ", "create_task(",
    "self.http = {}\n        ", "self.http = ", "requests.Session()", "return httpx.Client()\n",
    "class Repo:\n", "(Repo)", "Repo()", "-> requests.Session", "client: httpx.Client\n    ",
]
KEYWORDS = [b"async ", b"import time", b"def ", b"    ", b"\n", b"\r\n", b"time.sleep", b"await ", b":", b"asyncradar:", b"noqa"]


class Differential(ServerTestCase):

    def test_random_edits(self):
        encodings = ["utf-16", "utf-8", "utf-32"]
        for seed in range(SEED, SEED + SEEDS):
            for i, (name, base) in enumerate(BASES.items()):
                enc = encodings[(i + seed) % 3]
                pull = (i + seed) % 2 == 0
                with self.subTest(seed=seed, base=name, enc=enc, pull=pull):
                    self.run_base(name, base, enc, pull, seed, seed * 1000 + i)

    def run_base(self, name, base, enc, pull, top_seed, seed):
        # One server per base and seed, finished here rather than at the end
        # of the test: a long run (LSP_DIFF_SEEDS=100) would otherwise hold
        # hundreds of processes and their pipes at once.
        with lspclient.Server() as s:
            self.run_with(s, name, base, enc, pull, top_seed, seed)

    def run_with(self, s, name, base, enc, pull, top_seed, seed):
        rng = random.Random(seed)
        s.initialize(encodings=[enc], pull=pull)
        self.assertEqual(s.encoding, enc)
        uri = "file:///diff/%s.py" % name
        text = Text(base)
        version = 1
        s.open(uri, base, version)
        history = []
        fresh_count = 0

        def fail(msg):
            tail = "\n".join("    v%d: %r" % h for h in history[-8:])
            self.fail("%s\n  replay: LSP_DIFF_SEED=%d LSP_DIFF_SEEDS=1 LSP_DIFF_ROUNDS=%d (base seed %d),"
                      " base %s, encoding %s, %s mode, version %d\n"
                      "  last edits (version: changes):\n%s\n  text now: %r"
                      % (msg, top_seed, ROUNDS, seed, name, enc, "pull" if pull else "push", version, tail,
                         text.data))

        for rnd in range(ROUNDS):
            for _ in range(rng.choice([1, 1, 1, 2, 3])):  # notifications per round
                changes = []
                for _ in range(rng.choice([1, 1, 1, 2, 4])):  # changes per notification
                    change, text = random_change(rng, text, enc)
                    changes.append(change)
                version += 1
                history.append((version, changes))
                s.change(uri, version, changes)
            # Compare with the same text opened fresh.
            fresh_count += 1
            fresh = "file:///diff/fresh/%s-%d.py" % (name, fresh_count)
            s.open(fresh, text.data.decode("utf-8"), 1)
            if pull:
                got, want = s.pull(uri), s.pull(fresh)
            else:
                got = s.wait_publish(uri, version)["diagnostics"]
                want = s.wait_publish(fresh, 1)["diagnostics"]
            s.close(fresh)
            if lspclient.summarize(got) != lspclient.summarize(want):
                fail("round %d: incremental diagnostics differ from a fresh open\n  incremental: %r\n"
                     "  fresh:       %r" % (rnd, lspclient.short(got), lspclient.short(want)))
            # The fixes too: the server keeps those of untouched units.
            if with_fixes(got) != with_fixes(want):
                diff = [(g, w) for g, w in zip(with_fixes(got), with_fixes(want)) if g != w]
                fail("round %d: incremental fixes differ from a fresh open\n  (incremental, fresh): %r"
                     % (rnd, diff[:2]))
            # The ranges also hold in the model: each covers a callee of the
            # current text, which ends in a name (`time.sleep`, `open`,
            # `open(p).read`, `path.  exists`; error recovery can leave other
            # tokens inside) and has no blanks at its ends.
            for d in got:
                a = text.offset(d["range"]["start"], enc)
                b = text.offset(d["range"]["end"], enc)
                callee = text.data[a:b].decode()
                last = re.findall(r"[^\W\d]\w*$", callee)
                if not callee or callee != callee.strip() or not last or not last[0].isidentifier():
                    fail("round %d: diagnostic range %r covers %r, not a callee" % (rnd, d["range"], callee))
        if not pull:
            # In push mode nothing is due any more: the last publish is current.
            s.sync()
            self.assertEqual(s.publishes(uri)[-1]["version"], version)
        self.assertEqual(s.shutdown_and_exit(), 0)


def with_fixes(diags):
    """Each diagnostic's key with its fixes (their edits, titles, safety)."""
    return sorted((lspclient.diag_key(d), json.dumps(d.get("data", {}).get("fixes"), sort_keys=True))
                  for d in diags)


def random_change(rng, text, enc):
    """One contentChange in LSP form and the text after it."""
    bounds = text.boundaries()
    data = text.data
    kind = rng.random()
    if kind < 0.03:
        # Whole-text replacement: the same text, or a slightly shuffled one.
        new = data
        if rng.random() < 0.5 and b"\n" in data:
            lines = data.split(b"\n")
            i = rng.randrange(len(lines))
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            new = b"\n".join(lines)
            if not valid(new):
                new = data
        return {"text": new.decode("utf-8")}, Text(new)
    if kind < 0.40:
        # Insert a snippet at a random position.
        at = rng.choice(bounds)
        new = rng.choice(SNIPPETS)
        start = end = at
    elif kind < 0.60:
        # Delete a short or a long range (long ones cross lines).
        i = rng.randrange(len(bounds))
        j = min(len(bounds) - 1, i + (rng.randint(1, 8) if rng.random() < 0.7 else rng.randint(8, 120)))
        start, end, new = bounds[i], bounds[j], ""
    elif kind < 0.75:
        # Replace a range with a snippet.
        i = rng.randrange(len(bounds))
        j = min(len(bounds) - 1, i + rng.randint(0, 30))
        start, end, new = bounds[i], bounds[j], rng.choice(SNIPPETS)
    elif kind < 0.90:
        # Delete or re-add a keyword where it occurs.
        kw = rng.choice(KEYWORDS)
        spots = [k for k in range(len(data)) if data.startswith(kw, k)]
        spots = [k for k in spots if k in set(bounds) and k + len(kw) in set(bounds)]
        if spots and rng.random() < 0.6:
            start = rng.choice(spots)
            end, new = start + len(kw), ""
        else:
            start = end = rng.choice(bounds)
            new = kw.decode()
    else:
        # Indent or dedent the start of a line.
        line = rng.randrange(len(text.starts))
        start = text.starts[line]
        if data[start:start + 4] == b"    " and rng.random() < 0.5:
            end, new = start + 4, ""
        else:
            end, new = start, rng.choice(["    ", "  ", "\t"])
    rng_ = text.range(start, end, enc)
    return {"range": rng_, "text": new}, text.edit(start, end, new)


def valid(b):
    try:
        b.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


if __name__ == "__main__":
    lspclient.main()
