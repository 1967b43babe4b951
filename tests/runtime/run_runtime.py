#!/usr/bin/env python3
"""Runtime proof that the fixes unblock the event loop and keep results.

usage: run_runtime.py path/to/asyncradar [--runs N]

For each snippet in snippets/: asyncradar must flag it; `check --fix
--unsafe-fixes` rewrites a copy (or, for a snippet with a `# runtime-fix:
TITLE` line, the code actions with that title, applied through the
server), which must then have no findings left;
both versions run under driver.py with Debian's /usr/bin/python3 (N times
each, default 3) and must give the same result (returned value or raised
exception and return code, and what a pipe reader received). The longest
loop stall must be at least STALL_BEFORE_MS before the fix in every run,
and under STALL_AFTER_MS after it in the best run (up to EXTRA_RUNS more runs
are made until one is). A fix whose code has a one-time cost of its own
names a reference snippet (`# runtime-after-reference: NAME (why)`) that
pays only that cost; it runs beside each run after the fix, and the limit is
its best stall plus STALL_AFTER_MS, so the cost of the machine (forking a
pool's workers grows with its cores) is measured, not guessed. On a loaded
machine a 2 ms heartbeat can wake late whatever the code does (the control snippet, which blocks nothing, shows
that noise floor), while a blocking call stalls every run. Medians and
minimums are printed.

Exit 77 (ctest: skipped) with a loud message when /usr/bin/python3 or one
of python3-requests, -httpx, -aiofiles, -anyio is missing.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lsp"))
sys.path.insert(0, os.path.join(HERE, "..", "golden"))
PYTHON = "/usr/bin/python3"
MODULES = ("requests", "httpx", "aiofiles", "anyio", "trio")
STALL_BEFORE_MS = 200.0  # the snippets block for 300 ms
STALL_AFTER_MS = 20.0
EXTRA_RUNS = 5  # at most, after the fix, when no run was under the limit
SKIP = 77


def skip(why):
    print("=" * 70)
    print("SKIPPED: runtime proof not run: %s" % why)
    print("install Debian's python3-requests python3-httpx python3-aiofiles python3-anyio python3-trio")
    print("=" * 70)
    sys.exit(SKIP)


def run_driver(path):
    r = subprocess.run([PYTHON, os.path.join(HERE, "driver.py"), path], capture_output=True,
                       text=True, timeout=60, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    if r.returncode != 0:
        raise AssertionError("driver failed on %s:\n%s" % (path, r.stderr))
    return json.loads(r.stdout)


def apply_titled(binary, path, title):
    """Applies every code action titled `title` through the server, as a
    user picking that fix for each finding would."""
    from lspclient import Server
    from run_golden import Case
    with open(path, "rb") as f:
        data = f.read()
    server = Server(binary)
    try:
        server.initialize()
        case = Case(server, "file:///runtime/" + os.path.basename(path), data)
        applied = 0
        while True:
            action = case.titled(title)
            if not action:
                break
            case.apply(action)
            applied += 1
        if not applied:
            raise AssertionError("%s: no action %r" % (path, title))
    finally:
        server.finish()
    with open(path, "wb") as f:
        f.write(case.data)


def fix_title(path):
    with open(path) as f:
        for line in f:
            if line.startswith("# runtime-fix:"):
                return line.split(":", 1)[1].strip()
    return None


def after_reference(path):
    """The snippet named by `# runtime-after-reference: NAME (why)`, or None."""
    with open(path) as f:
        for line in f:
            if line.startswith("# runtime-after-reference:"):
                return os.path.join(HERE, "snippets", line.split(":", 1)[1].split()[0])
    return None


def findings(binary, path):
    r = subprocess.run([binary, "check", "--output-format", "json", path], capture_output=True,
                       text=True)
    return json.loads(r.stdout)


def main():
    binary = os.path.abspath(sys.argv[1])
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
    if not os.path.exists(PYTHON):
        skip(PYTHON + " does not exist")
    missing = [m for m in MODULES
               if subprocess.run([PYTHON, "-c", "import " + m], capture_output=True).returncode]
    if missing:
        skip("%s cannot import %s" % (PYTHON, ", ".join(missing)))

    snippets = sorted(f for f in os.listdir(os.path.join(HERE, "snippets")) if f.endswith(".py"))
    failures, rows, skipped = [], [], []
    tmp = tempfile.mkdtemp()
    try:
        for name in snippets:
            src = os.path.join(HERE, "snippets", name)
            before_findings = findings(binary, src)
            with open(src) as f:
                control = "# runtime-control:" in f.read()
            if control:
                runs_ = [run_driver(src)["stall_ms"] for _ in range(runs)]
                rows.append((name, "-", statistics.median(runs_), min(runs_), None, None, None))
                continue
            if not before_findings:
                skipped.append(name)
                print("SKIPPED %s: asyncradar does not flag it (yet), so there is nothing to fix" % name)
                continue
            fixed = os.path.join(tmp, name)
            shutil.copy(src, fixed)
            title = fix_title(src)
            if title:
                apply_titled(binary, fixed, title)
            else:
                subprocess.run([binary, "check", "--fix", "--unsafe-fixes", fixed],
                               capture_output=True, text=True)
            left = findings(binary, fixed)
            if left:
                failures.append("%s: findings remain after --fix: %s" % (name, [f["code"] for f in left]))
                continue
            reference = after_reference(src)
            reference_stalls = []

            def run_after():
                if reference:
                    reference_stalls.append(run_driver(reference)["stall_ms"])
                return run_driver(fixed)

            def limit():
                return STALL_AFTER_MS + (min(reference_stalls) if reference else 0.0)

            before = [run_driver(src) for _ in range(runs)]
            after = [run_after() for _ in range(runs)]
            # A loaded machine (a parallel ctest) can wake the heartbeat late in
            # every one of a few runs; a few more runs find a quiet one, while a
            # fix that still blocks stalls in all of them.
            while min(x["stall_ms"] for x in after) >= limit() and len(after) < runs + EXTRA_RUNS:
                after.append(run_after())
            b_stalls = [x["stall_ms"] for x in before]
            a_stalls = [x["stall_ms"] for x in after]
            results = {json.dumps(x["result"], sort_keys=True) for x in before + after}
            codes = ",".join(sorted({f["code"] for f in before_findings}))
            rows.append((name, codes, statistics.median(b_stalls), min(b_stalls),
                         statistics.median(a_stalls), min(a_stalls), before[0]["result"]))
            if len(results) != 1:
                failures.append("%s: results differ: %s" % (name, sorted(results)))
            if min(b_stalls) < STALL_BEFORE_MS:
                failures.append("%s: stall before the fix %.1f ms < %.0f ms: the snippet does not block?"
                                % (name, min(b_stalls), STALL_BEFORE_MS))
            a_stall, a_limit = min(a_stalls), limit()
            if a_stall >= a_limit:
                why = " (%s's best %.1f ms + %.0f ms)" % (os.path.basename(reference), a_limit - STALL_AFTER_MS,
                                                         STALL_AFTER_MS) if reference else ""
                with open(fixed) as f:
                    failures.append("%s: stall after the fix %.1f ms >= %.1f ms%s; fixed code:\n%s"
                                    % (name, a_stall, a_limit, why, f.read()))
    finally:
        shutil.rmtree(tmp)

    print("stall of the loop in ms, median / minimum of %d runs" % runs)
    print("%-22s %-18s %15s %15s  result" % ("snippet", "codes", "before", "after"))
    for name, codes, bm, bmin, am, amin, res in rows:
        if am is None:
            print("%-22s %-18s %15s %15s  (control: blocks nothing, see its first line)" % (name, codes, "%.1f / %.1f" % (bm, bmin), ""))
            continue
        print("%-22s %-18s %15s %15s  %s" % (name, codes, "%.1f / %.1f" % (bm, bmin),
                                              "%.1f / %.1f" % (am, amin), json.dumps(res)))
    print("%d snippets proven, %d skipped" % (sum(r[4] is not None for r in rows), len(skipped)))
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
