#!/usr/bin/env python3
"""Runtime proof that the fixes unblock the event loop and keep results.

usage: run_runtime.py path/to/asyncradar [--runs N]

For each snippet in snippets/: asyncradar must flag it; `check --fix
--unsafe-fixes` rewrites a copy, which must then have no findings left;
both versions run under driver.py with Debian's /usr/bin/python3 (N times
each, default 3) and must give the same result (returned value or raised
exception and return code, and what a pipe reader received). The median
longest loop stall must be at least STALL_BEFORE_MS before the fix and
under STALL_AFTER_MS after it.

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
PYTHON = "/usr/bin/python3"
MODULES = ("requests", "httpx", "aiofiles", "anyio")
STALL_BEFORE_MS = 200.0  # the snippets block for 300 ms
STALL_AFTER_MS = 20.0
SKIP = 77


def skip(why):
    print("=" * 70)
    print("SKIPPED: runtime proof not run: %s" % why)
    print("install Debian's python3-requests python3-httpx python3-aiofiles python3-anyio")
    print("=" * 70)
    sys.exit(SKIP)


def run_driver(path):
    r = subprocess.run([PYTHON, os.path.join(HERE, "driver.py"), path], capture_output=True,
                       text=True, timeout=60, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    if r.returncode != 0:
        raise AssertionError("driver failed on %s:\n%s" % (path, r.stderr))
    return json.loads(r.stdout)


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
            if not before_findings:
                skipped.append(name)
                print("SKIPPED %s: asyncradar does not flag it (yet), so there is nothing to fix" % name)
                continue
            fixed = os.path.join(tmp, name)
            shutil.copy(src, fixed)
            r = subprocess.run([binary, "check", "--fix", "--unsafe-fixes", fixed],
                               capture_output=True, text=True)
            left = findings(binary, fixed)
            if left:
                failures.append("%s: findings remain after --fix: %s" % (name, [f["code"] for f in left]))
                continue
            before = [run_driver(src) for _ in range(runs)]
            after = [run_driver(fixed) for _ in range(runs)]
            b_stall = statistics.median(x["stall_ms"] for x in before)
            a_stall = statistics.median(x["stall_ms"] for x in after)
            results = {json.dumps(x["result"], sort_keys=True) for x in before + after}
            codes = ",".join(sorted({f["code"] for f in before_findings}))
            rows.append((name, codes, b_stall, a_stall, before[0]["result"]))
            if len(results) != 1:
                failures.append("%s: results differ: %s" % (name, sorted(results)))
            if b_stall < STALL_BEFORE_MS:
                failures.append("%s: stall before the fix %.1f ms < %.0f ms: the snippet does not block?"
                                % (name, b_stall, STALL_BEFORE_MS))
            if a_stall >= STALL_AFTER_MS:
                with open(fixed) as f:
                    failures.append("%s: stall after the fix %.1f ms >= %.0f ms; fixed code:\n%s"
                                    % (name, a_stall, STALL_AFTER_MS, f.read()))
    finally:
        shutil.rmtree(tmp)

    print("%-22s %-18s %12s %12s  result" % ("snippet", "codes", "before (ms)", "after (ms)"))
    for name, codes, b, a, res in rows:
        print("%-22s %-18s %12.1f %12.1f  %s" % (name, codes, b, a, json.dumps(res)))
    print("median of %d runs each; %d snippets proven, %d skipped" % (runs, len(rows), len(skipped)))
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
